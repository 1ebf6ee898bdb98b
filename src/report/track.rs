//! The track record: how the projections of earlier vintages fared once their year was reported.
//!
//! For every year a series now has a full-year figure for (kind *reported* or *derived*, the
//! side's own figure, not one borrowed from another side), every earlier vintage in
//! `history-projections.csv` ([`super::year_history`]) that forecast that year for the same trade
//! and side is scored: the error `actual / point − 1`, and whether the actual value fell inside the
//! 80% and 95% bands. Estimated years (a full year projected from part of it) are not yet
//! checkable. Pure: the same history and report give the same record.

use crate::obs::{Bound, Flow, Pair, Side, Trade};
use crate::series::PointKind;

use super::year_history::YearRow;
use super::Report;

/// One earlier projection of a year that is now reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// The trade as this report names it (its section's pair).
    pub pair: Pair,
    /// Its flow.
    pub flow: Flow,
    /// Whose statistics.
    pub reported_by: Side,
    /// The year projected.
    pub year: i32,
    /// The vintage that made the projection (its as-of date).
    pub made_as_of: String,
    /// The model it used.
    pub model: String,
    /// Years between that vintage's last annual value and the year (1 = a year ahead).
    pub horizon: Option<i32>,
    /// The point forecast.
    pub point_usd: f64,
    /// The 80% band.
    pub band80: (f64, f64),
    /// The 95% band.
    pub band95: (f64, f64),
    /// The value now reported for the year.
    pub actual_usd: f64,
    /// Its kind (reported or derived).
    pub actual_kind: PointKind,
    /// Its bound: a lower bound makes the error a bound too.
    pub actual_bound: Bound,
    /// `actual / point − 1`: +0.10 means the outcome was 10% above the projection.
    pub error: f64,
    /// Inside the 80% band (ends included).
    pub in80: bool,
    /// Inside the 95% band (ends included).
    pub in95: bool,
}

/// Counts per trade (pair and flow), in the record's order.
pub type PerTrade = Vec<((Pair, Flow), Tally)>;

/// Every earlier projection now checkable, by trade (in the report's order), year, then vintage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrackRecord {
    /// The scored projections.
    pub scored: Vec<Scored>,
}

/// Counts over a set of scored projections.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tally {
    /// Projections scored.
    pub n: usize,
    /// Of them, inside their 80% band.
    pub in80: usize,
    /// Of them, inside their 95% band.
    pub in95: usize,
    /// Mean of `|error|` (`None` when nothing was scored).
    pub mean_abs_error: Option<f64>,
}

impl Tally {
    fn of<'a>(scored: impl Iterator<Item = &'a Scored>) -> Tally {
        let (mut n, mut in80, mut in95, mut abs) = (0, 0, 0, 0.0);
        for s in scored {
            n += 1;
            in80 += usize::from(s.in80);
            in95 += usize::from(s.in95);
            abs += s.error.abs();
        }
        Tally {
            n,
            in80,
            in95,
            mean_abs_error: (n > 0).then(|| abs / n as f64),
        }
    }
}

impl TrackRecord {
    /// True when nothing is checkable yet.
    pub fn is_empty(&self) -> bool {
        self.scored.is_empty()
    }

    /// The trades scored (pair and flow), in the record's order.
    pub fn trades(&self) -> Vec<(Pair, Flow)> {
        let mut trades: Vec<(Pair, Flow)> = Vec::new();
        for s in &self.scored {
            if !trades.contains(&(s.pair, s.flow)) {
                trades.push((s.pair, s.flow));
            }
        }
        trades
    }

    /// Counts per trade (pair and flow, in the record's order), then over every trade.
    pub fn tallies(&self) -> (PerTrade, Tally) {
        let per = self
            .trades()
            .into_iter()
            .map(|t| {
                let tally = Tally::of(self.scored.iter().filter(|s| (s.pair, s.flow) == t));
                (t, tally)
            })
            .collect();
        (per, Tally::of(self.scored.iter()))
    }
}

/// Score the earlier vintages' forecasts in `history` (rows of vintages before the report's as-of
/// date; later and same-day rows are ignored) against the report's annual values.
pub fn score(history: &[YearRow], report: &Report) -> TrackRecord {
    let as_of = report.as_of.to_string();
    let mut scored = Vec::new();
    for section in &report.sections {
        let trade = section.series.trade();
        let sides =
            std::iter::once(&section.series).chain(section.other_sides.iter().map(|o| &o.series));
        for series in sides {
            for p in &series.points {
                let checkable = matches!(p.kind, PointKind::Reported | PointKind::Derived)
                    && p.borrowed_from.is_none();
                if !checkable {
                    continue;
                }
                let made = history.iter().filter(|r| {
                    r.is_forecast()
                        && r.as_of < as_of
                        && r.year == p.year
                        && r.reported_by.parse::<Side>().ok() == Some(series.reported_by)
                        && trade_of(r) == Some(trade)
                });
                for r in made {
                    let (Some(point), Some(l80), Some(u80), Some(l95), Some(u95)) =
                        (r.mean, r.lower80, r.upper80, r.lower95, r.upper95)
                    else {
                        continue;
                    };
                    let actual = p.value_usd;
                    scored.push(Scored {
                        pair: section.series.pair,
                        flow: section.series.flow,
                        reported_by: series.reported_by,
                        year: p.year,
                        made_as_of: r.as_of.clone(),
                        model: r.model.clone(),
                        horizon: last_known(history, r).map(|last| p.year - last),
                        point_usd: point,
                        band80: (l80, u80),
                        band95: (l95, u95),
                        actual_usd: actual,
                        actual_kind: p.kind,
                        actual_bound: p.bound,
                        error: actual / point - 1.0,
                        in80: (l80..=u80).contains(&actual),
                        in95: (l95..=u95).contains(&actual),
                    });
                }
            }
        }
    }
    TrackRecord { scored }
}

fn trade_of(r: &YearRow) -> Option<Trade> {
    Some(Trade::of(r.pair.parse().ok()?, r.flow.parse().ok()?))
}

/// The last annual value's year of the series a forecast row belongs to, in its vintage.
fn last_known(history: &[YearRow], forecast: &YearRow) -> Option<i32> {
    history
        .iter()
        .filter(|r| {
            !r.is_forecast()
                && r.as_of == forecast.as_of
                && r.pair == forecast.pair
                && r.flow == forecast.flow
                && r.reported_by == forecast.reported_by
        })
        .map(|r| r.year)
        .max()
}
