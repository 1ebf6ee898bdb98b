//! What changed since the previous vintage: the comparison behind the "Changes since …" section
//! of `report.md`, `changes.json` and `report --exit-code-on-change`.
//!
//! The previous vintage is the latest as-of date in the history before this run's. Listed, each
//! with its reason:
//!
//! - figures new since then (known in this vintage, not in the previous one);
//! - annual values revised (value, kind or bound changed) or withdrawn, when the history holds
//!   the previous vintage's values (`history-projections.csv`; older histories lack them);
//! - targets new since then, superseded since then, or gone from the data;
//! - a target's status that changed, its probability by the deadline that moved by
//!   [`PROBABILITY_POINTS`] or more, its median crossing year that moved.
//!
//! Everything listed is material: a run with an empty list changed nothing a reader acts on.
//! Pure: the same history and report give the same changes.

use crate::obs::{Date, Flow, Pair, Side, Trade};
use crate::target::Assessment;

use super::history::{self, History, HistoryRow};
use super::year_history::YearRow;
use super::{names, Report};

/// A probability by the deadline is listed when it moved by this much or more (10 points): less
/// is within the simulation's and the data's noise for a reader deciding whether to look.
pub const PROBABILITY_POINTS: f64 = 0.10;

/// Revised values: relative differences below this are the same value written again.
const SAME_VALUE: f64 = 5e-4;

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A figure known now that was not known in the previous vintage.
    NewFigure,
    /// An annual value whose value, kind or bound changed, or that is no longer in the series.
    RevisedValue,
    /// A target stated since the previous vintage (or new in the data).
    NewTarget,
    /// A target replaced by a newer one since the previous vintage.
    SupersededTarget,
    /// A target of the previous vintage that is no longer in the data.
    RemovedTarget,
    /// A target's status changed.
    Status,
    /// A target's probability by the deadline moved by [`PROBABILITY_POINTS`] or more.
    Probability,
    /// A target's median crossing year moved.
    Crossing,
}

impl ChangeKind {
    /// The code spelling (JSON `kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::NewFigure => "new_figure",
            ChangeKind::RevisedValue => "revised_value",
            ChangeKind::NewTarget => "new_target",
            ChangeKind::SupersededTarget => "superseded_target",
            ChangeKind::RemovedTarget => "removed_target",
            ChangeKind::Status => "status",
            ChangeKind::Probability => "probability",
            ChangeKind::Crossing => "crossing",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What kind.
    pub kind: ChangeKind,
    /// The pair, as the report's section names the trade (or as the target or figure writes it).
    pub pair: String,
    /// The flow.
    pub flow: String,
    /// What changed: an observation id, a target id, or a year of a side's series (`2024, KZ`).
    pub subject: String,
    /// The previous vintage's value in code spellings (a status code, a probability 0–1, a year,
    /// an amount in USD); `None` when there was none.
    pub from: Option<String>,
    /// This vintage's value, likewise.
    pub to: Option<String>,
    /// Why, in words: the figures behind it, the rule, or that only the date moved.
    pub reason: String,
}

/// Every change since the previous vintage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// The previous vintage's as-of date; `None` for a first vintage (nothing to compare).
    pub previous: Option<Date>,
    /// The changes: figures, then values, then targets, each in report order.
    pub items: Vec<Change>,
}

impl Changes {
    /// True when something material changed (anything is listed).
    pub fn is_material(&self) -> bool {
        !self.items.is_empty()
    }
}

/// The previous vintage: the latest as-of date in `history` before `as_of`.
pub fn previous_as_of(history: &History, as_of: Date) -> Option<Date> {
    history
        .targets
        .iter()
        .map(|r| r.as_of.as_str())
        .chain(history.years.iter().map(|r| r.as_of.as_str()))
        .filter_map(|s| s.parse::<Date>().ok())
        .filter(|d| *d < as_of)
        .max()
}

/// Compare the report with the previous vintage in `history`. `new_figures`: ids of the
/// observations known now and not at the previous as-of date (the caller applies the vintage
/// rule, [`crate::app::pipeline::vintage`]).
pub fn compare(history: &History, report: &Report, new_figures: &[String]) -> Changes {
    let Some(previous) = previous_as_of(history, report.as_of) else {
        return Changes::default();
    };
    let prev = previous.to_string();
    let mut items = figures(report, new_figures);
    let prev_years: Vec<&YearRow> = history
        .years
        .iter()
        .filter(|r| r.as_of == prev && !r.is_forecast())
        .collect();
    if !prev_years.is_empty() {
        items.extend(revised(&prev_years, report));
    }
    let prev_targets: Vec<&HistoryRow> =
        history.targets.iter().filter(|r| r.as_of == prev).collect();
    items.extend(targets(&prev_targets, report, &items, previous));
    Changes {
        previous: Some(previous),
        items,
    }
}

fn figures(report: &Report, new_figures: &[String]) -> Vec<Change> {
    let mut out = Vec::new();
    for section in &report.sections {
        for o in section
            .observations
            .iter()
            .filter(|o| new_figures.contains(&o.id))
        {
            let value = o
                .value_usd
                .map_or("no level".to_string(), |v| crate::fmt::bounded(v, o.bound));
            let growth = o
                .growth
                .map_or(String::new(), |g| format!(", {}", crate::fmt::pct(g)));
            let published = o
                .published
                .map_or("no date line".to_string(), |d| format!("published {d}"));
            out.push(Change {
                kind: ChangeKind::NewFigure,
                pair: o.pair.to_string(),
                flow: o.flow.to_string(),
                subject: o.id.clone(),
                from: None,
                to: o.value_usd.map(|v| format!("{v}")),
                reason: format!(
                    "{}: {value}{growth} ({published}, {})",
                    o.period.describe(),
                    o.source
                ),
            });
        }
    }
    out
}

fn trade_of(pair: &str, flow: &str) -> Option<Trade> {
    Some(Trade::of(
        pair.parse::<Pair>().ok()?,
        flow.parse::<Flow>().ok()?,
    ))
}

/// Annual values of the previous vintage that differ now, or are gone.
fn revised(prev: &[&YearRow], report: &Report) -> Vec<Change> {
    let mut out = Vec::new();
    for section in &report.sections {
        let trade = section.series.trade();
        let sides =
            std::iter::once(&section.series).chain(section.other_sides.iter().map(|o| &o.series));
        for series in sides {
            let side = series.reported_by;
            let before: Vec<&&YearRow> = prev
                .iter()
                .filter(|r| {
                    trade_of(&r.pair, &r.flow) == Some(trade)
                        && r.reported_by.parse::<Side>().ok() == Some(side)
                })
                .collect();
            let subject = |year: i32| format!("{year}, {side}");
            for r in &before {
                let now = series.points.iter().find(|p| p.year == r.year);
                let was = r.value_usd.map_or(String::new(), |v| {
                    let bound = r.bound.parse().unwrap_or(crate::obs::Bound::Exact);
                    format!("{} {}", crate::fmt::bounded(v, bound), r.kind)
                });
                let change = match now {
                    None => Some(format!("{was} is no longer in the series")),
                    Some(p) => {
                        let same_value = r
                            .value_usd
                            .is_some_and(|v| (p.value_usd / v - 1.0).abs() < SAME_VALUE);
                        let same = same_value
                            && r.kind == p.kind.as_str()
                            && r.bound == p.bound.to_string();
                        (!same).then(|| {
                            format!(
                                "{was} → {} {}, from {}",
                                crate::fmt::bounded(p.value_usd, p.bound),
                                p.kind.as_str(),
                                p.sources.join(", ")
                            )
                        })
                    }
                };
                if let Some(reason) = change {
                    out.push(Change {
                        kind: ChangeKind::RevisedValue,
                        pair: section.series.pair.to_string(),
                        flow: section.series.flow.to_string(),
                        subject: subject(r.year),
                        from: r.value_usd.map(|v| format!("{v}")),
                        to: now.map(|p| format!("{}", p.value_usd)),
                        reason,
                    });
                }
            }
        }
    }
    out
}

/// The evidence behind a target's change: the figures and values of its trade that changed,
/// a change of model, or nothing but the date.
fn evidence(
    a: &Assessment,
    was: &HistoryRow,
    now: &HistoryRow,
    data: &[Change],
    previous: Date,
    as_of: Date,
) -> String {
    let trade = Trade::of(a.target.pair, a.target.flow);
    let ids: Vec<&str> = data
        .iter()
        .filter(|c| trade_of(&c.pair, &c.flow) == Some(trade))
        .map(|c| c.subject.as_str())
        .collect();
    let mut why = Vec::new();
    if !ids.is_empty() {
        why.push(format!("new or revised data: {}", ids.join("; ")));
    }
    if was.model != now.model {
        why.push(format!(
            "model {} → {}",
            if was.model.is_empty() {
                "none"
            } else {
                &was.model
            },
            if now.model.is_empty() {
                "none"
            } else {
                &now.model
            }
        ));
    }
    if why.is_empty() {
        why.push(format!(
            "no new figure for this trade: the as-of date moved from {previous} to {as_of}"
        ));
    }
    why.join("; ")
}

fn target_change(
    kind: ChangeKind,
    a: &Assessment,
    from: Option<String>,
    to: Option<String>,
    reason: String,
) -> Change {
    Change {
        kind,
        pair: a.target.pair.to_string(),
        flow: a.target.flow.to_string(),
        subject: a.target.id.clone(),
        from,
        to,
        reason,
    }
}

/// Target changes: new, superseded, removed; status, probability and crossing year moves.
fn targets(prev: &[&HistoryRow], report: &Report, data: &[Change], previous: Date) -> Vec<Change> {
    let now_rows = history::rows_of(report);
    let mut out = Vec::new();
    for (a, now) in report.assessments().zip(&now_rows) {
        let Some(was) = prev.iter().find(|r| r.target_id == now.target_id) else {
            let stated = a
                .target
                .stated
                .map_or("no date line".into(), |d| format!("stated {d}"));
            let aim = match a.target.aim.factor() {
                Some(factor) => format!("{factor}× its base year's value"),
                None => a.level_usd.map_or("—".into(), crate::fmt::usd),
            };
            out.push(target_change(
                ChangeKind::NewTarget,
                a,
                None,
                Some(now.status.clone()),
                format!(
                    "{aim}{} ({stated}, {})",
                    a.target
                        .deadline
                        .map_or(String::new(), |d| format!(" by {d}")),
                    a.target.source
                ),
            ));
            continue;
        };
        if was.status == now.status
            && now.status == names::status(crate::target::Status::Superseded).code
        {
            continue;
        }
        if was.status != now.status {
            let (kind, reason) = match &a.superseded_by {
                Some(by) => (
                    ChangeKind::SupersededTarget,
                    format!(
                        "replaced by {}{}",
                        by.id,
                        by.stated.map_or(String::new(), |d| format!(", stated {d}"))
                    ),
                ),
                None => (
                    ChangeKind::Status,
                    format!(
                        "{} ({})",
                        a.rule,
                        evidence(a, was, now, data, previous, report.as_of)
                    ),
                ),
            };
            out.push(target_change(
                kind,
                a,
                Some(was.status.clone()),
                Some(now.status.clone()),
                reason,
            ));
            if a.superseded_by.is_some() {
                continue;
            }
        }
        if let (Some(p0), Some(p1)) = (was.probability_by_deadline, now.probability_by_deadline) {
            if (p1 - p0).abs() >= PROBABILITY_POINTS - 1e-9 {
                out.push(target_change(
                    ChangeKind::Probability,
                    a,
                    Some(format!("{p0}")),
                    Some(format!("{p1}")),
                    format!(
                        "{:+.0} points ({})",
                        (p1 - p0) * 100.0,
                        evidence(a, was, now, data, previous, report.as_of)
                    ),
                ));
            }
        }
        if was.crossing_p50 != now.crossing_p50 {
            let y = |v: Option<i32>| v.map(|y| y.to_string());
            out.push(target_change(
                ChangeKind::Crossing,
                a,
                y(was.crossing_p50),
                y(now.crossing_p50),
                evidence(a, was, now, data, previous, report.as_of),
            ));
        }
    }
    for was in prev {
        if !now_rows.iter().any(|r| r.target_id == was.target_id) {
            out.push(Change {
                kind: ChangeKind::RemovedTarget,
                pair: was.pair.clone(),
                flow: was.flow.clone(),
                subject: was.target_id.clone(),
                from: Some(was.status.clone()),
                to: None,
                reason: "no longer in targets.csv".into(),
            });
        }
    }
    out
}
