//! `history.csv`: every run's target projections, stamped with their as-of date, so analysts can
//! see how the projected year moved as new figures arrived. Re-running with the same as-of date
//! replaces that vintage instead of duplicating it.

use serde::{Deserialize, Serialize};

use crate::error::Result;

use super::year_history::YearRow;
use super::{names, Report};

/// Everything kept of earlier vintages: `history.csv`'s target rows and
/// `history-projections.csv`'s year rows ([`super::year_history`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// One row per target and vintage.
    pub targets: Vec<HistoryRow>,
    /// One row per series, year and vintage (empty for histories written before it existed).
    pub years: Vec<YearRow>,
}

/// One target's projection in one vintage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// The vintage: the run's as-of date (YYYY-MM-DD).
    pub as_of: String,
    /// Target id.
    pub target_id: String,
    /// Pair code.
    pub pair: String,
    /// Flow.
    pub flow: String,
    /// Target value in USD (a relative target's implied level); blank when unknown.
    pub target_usd: Option<f64>,
    /// Deadline year, blank when none.
    pub deadline: Option<i32>,
    /// Latest data year the projection started from.
    pub latest_year: Option<i32>,
    /// Chosen model, blank when none.
    pub model: String,
    /// Status.
    pub status: String,
    /// Crossing year percentiles (blank: not within the horizon or not projected).
    pub crossing_p10: Option<i32>,
    /// Median crossing year.
    pub crossing_p50: Option<i32>,
    /// 90th percentile crossing year.
    pub crossing_p90: Option<i32>,
    /// Probability by the (stated or implied) deadline.
    pub probability_by_deadline: Option<f64>,
}

/// The CSV header, fixed.
pub const HEADER: &str = "as_of,target_id,pair,flow,target_usd,deadline,latest_year,model,status,crossing_p10,crossing_p50,crossing_p90,probability_by_deadline";

/// This run's rows.
pub fn rows_of(report: &Report) -> Vec<HistoryRow> {
    let as_of = report.as_of.to_string();
    // The model of the side the target is judged against, whatever the order of its codes.
    let model_of = |a: &crate::target::Assessment| {
        let trade = crate::obs::Trade::of(a.target.pair, a.target.flow);
        report
            .sections
            .iter()
            .find(|s| s.series.trade() == trade)
            .and_then(|s| s.side(a.judged_on))
            .and_then(|(_, sel)| sel)
            .and_then(|sel| sel.chosen.as_ref())
            .map(|f| names::model(f.model).code.to_string())
            .unwrap_or_default()
    };
    report
        .assessments()
        .map(|a| HistoryRow {
            as_of: as_of.clone(),
            target_id: a.target.id.clone(),
            pair: a.target.pair.to_string(),
            flow: a.target.flow.to_string(),
            target_usd: a.level_usd,
            deadline: a.target.deadline,
            latest_year: a.latest.as_ref().map(|l| l.year),
            model: model_of(a),
            status: names::status(a.status).code.to_string(),
            crossing_p10: a.crossing.and_then(|c| c.p10),
            crossing_p50: a.crossing.and_then(|c| c.p50),
            crossing_p90: a.crossing.and_then(|c| c.p90),
            probability_by_deadline: a.probability_by_deadline.map(round4),
        })
        .collect()
}

fn round4(p: f64) -> f64 {
    (p * 1e4).round() / 1e4
}

/// Previous rows minus this vintage, plus this run's rows, sorted by (as_of, target_id).
pub fn merge(previous: Vec<HistoryRow>, report: &Report) -> Vec<HistoryRow> {
    let as_of = report.as_of.to_string();
    let mut rows: Vec<HistoryRow> = previous.into_iter().filter(|r| r.as_of != as_of).collect();
    rows.extend(rows_of(report));
    rows.sort_by(|a, b| (&a.as_of, &a.target_id).cmp(&(&b.as_of, &b.target_id)));
    rows
}

/// Parse an existing `history.csv`. A file that is not ours is refused rather than overwritten.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Vec<HistoryRow>> {
    super::history_file::parse(file, bytes, HEADER, |r: &HistoryRow| &r.as_of)
}

/// Render rows as CSV bytes (through [`super::csv_out::write_csv`]).
pub fn render(rows: &[HistoryRow]) -> Vec<u8> {
    let opt = |v: Option<i32>| v.map(|y| y.to_string()).unwrap_or_default();
    let rows = rows.iter().map(|r| {
        [
            r.as_of.clone(),
            r.target_id.clone(),
            r.pair.clone(),
            r.flow.clone(),
            r.target_usd.map(|v| format!("{v}")).unwrap_or_default(),
            opt(r.deadline),
            opt(r.latest_year),
            r.model.clone(),
            r.status.clone(),
            opt(r.crossing_p10),
            opt(r.crossing_p50),
            opt(r.crossing_p90),
            r.probability_by_deadline
                .map(|p| format!("{p}"))
                .unwrap_or_default(),
        ]
    });
    super::csv_out::write_csv(HEADER, rows)
}
