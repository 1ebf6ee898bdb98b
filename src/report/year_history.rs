//! `history-projections.csv`: every vintage's annual series and forecasts, year by year, stamped
//! with its as-of date: `projections.csv` of each run, kept.
//!
//! `history.csv` keeps one row per target and vintage (what scripts already read); this
//! companion file keeps what the per-target rows cannot: the annual values each vintage knew
//! (so a later run can say which values were revised) and the projection it made for each year
//! with its 80%/95% band (so a later run can score it once the year is reported: see
//! [`super::track`]). Re-running with the same as-of date replaces that vintage.

use serde::{Deserialize, Serialize};

use crate::error::Result;

use super::{names, Report};

/// The file's name in the output directory.
pub const FILE: &str = "history-projections.csv";

/// The CSV header, fixed: `as_of`, then `projections.csv`'s columns (without `side_gap`), then
/// the observations each annual value came from.
pub const HEADER: &str = "as_of,pair,flow,reported_by,year,kind,value_usd,bound,model,mean,lower80,upper80,lower95,upper95,sources";

/// One year of one series in one vintage: an annual value (`kind` reported, derived or
/// estimated) or a forecast (`kind` forecast, with its point and band).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearRow {
    /// The vintage: the run's as-of date (YYYY-MM-DD).
    pub as_of: String,
    /// Pair code, as the series writes it.
    pub pair: String,
    /// Flow.
    pub flow: String,
    /// Whose statistics (`unknown` when not recorded).
    pub reported_by: String,
    /// The year.
    pub year: i32,
    /// `reported`, `derived`, `estimated` or `forecast`.
    pub kind: String,
    /// The annual value in USD (blank on forecast rows).
    pub value_usd: Option<f64>,
    /// The value's bound (blank on forecast rows).
    pub bound: String,
    /// The model that made the forecast (blank on annual values).
    pub model: String,
    /// The point forecast (named `mean` as in `projections.csv`).
    pub mean: Option<f64>,
    /// Lower end of the 80% band.
    pub lower80: Option<f64>,
    /// Upper end of the 80% band.
    pub upper80: Option<f64>,
    /// Lower end of the 95% band.
    pub lower95: Option<f64>,
    /// Upper end of the 95% band.
    pub upper95: Option<f64>,
    /// Ids of the observations an annual value came from, `;`-separated.
    pub sources: String,
}

impl YearRow {
    /// True for a forecast row.
    pub fn is_forecast(&self) -> bool {
        self.kind == "forecast"
    }
}

/// This run's rows: every side of every section, annual values then the chosen forecast.
pub fn rows_of(report: &Report) -> Vec<YearRow> {
    let as_of = report.as_of.to_string();
    let mut rows = Vec::new();
    for section in &report.sections {
        let sides = std::iter::once((&section.series, section.selection.as_ref())).chain(
            section
                .other_sides
                .iter()
                .map(|o| (&o.series, o.selection.as_ref())),
        );
        for (s, selection) in sides {
            let row = |year: i32, kind: &str| YearRow {
                as_of: as_of.clone(),
                pair: s.pair.to_string(),
                flow: s.flow.to_string(),
                reported_by: s.reported_by.to_string(),
                year,
                kind: kind.to_string(),
                value_usd: None,
                bound: String::new(),
                model: String::new(),
                mean: None,
                lower80: None,
                upper80: None,
                lower95: None,
                upper95: None,
                sources: String::new(),
            };
            for p in &s.points {
                rows.push(YearRow {
                    value_usd: Some(p.value_usd),
                    bound: p.bound.to_string(),
                    sources: p.sources.join(";"),
                    ..row(p.year, p.kind.as_str())
                });
            }
            let Some(fitted) = selection.and_then(|sel| sel.chosen.as_ref()) else {
                continue;
            };
            let f = &fitted.forecast;
            for j in 0..f.years.len() {
                rows.push(YearRow {
                    model: names::model(fitted.model).code.to_string(),
                    mean: Some(f.point[j]),
                    lower80: Some(f.lower80[j]),
                    upper80: Some(f.upper80[j]),
                    lower95: Some(f.lower95[j]),
                    upper95: Some(f.upper95[j]),
                    ..row(f.years[j], "forecast")
                });
            }
        }
    }
    rows
}

/// Previous rows minus this vintage, plus this run's rows; vintages in date order, each in the
/// order its run wrote it.
pub fn merge(previous: Vec<YearRow>, report: &Report) -> Vec<YearRow> {
    let as_of = report.as_of.to_string();
    let mut rows: Vec<YearRow> = previous.into_iter().filter(|r| r.as_of != as_of).collect();
    rows.extend(rows_of(report));
    rows.sort_by(|a, b| a.as_of.cmp(&b.as_of));
    rows
}

/// Parse an existing `history-projections.csv`. A file that is not ours is refused rather than
/// overwritten.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Vec<YearRow>> {
    super::history_file::parse(file, bytes, HEADER, |r: &YearRow| &r.as_of)
}

/// Render rows as CSV bytes (through [`super::csv_out::write_csv`]).
pub fn render(rows: &[YearRow]) -> Vec<u8> {
    let num = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or_default();
    let rows = rows.iter().map(|r| {
        [
            r.as_of.clone(),
            r.pair.clone(),
            r.flow.clone(),
            r.reported_by.clone(),
            r.year.to_string(),
            r.kind.clone(),
            num(r.value_usd),
            r.bound.clone(),
            r.model.clone(),
            num(r.mean),
            num(r.lower80),
            num(r.upper80),
            num(r.lower95),
            num(r.upper95),
            r.sources.clone(),
        ]
    });
    super::csv_out::write_csv(HEADER, rows)
}
