//! The assessment: one target against the series of the side it is judged on and the model
//! chosen for it. What the latest value is and what a reader must know about it, the crossing
//! years and probabilities, and the status with its rule; or why there is too little data.

use serde::Serialize;

use super::crossing::{
    first_crossing, recent_growth, required_growth, CrossingYears, Crossings, WITHIN_YEARS,
};
use super::goals::{Goal, Supersession};
use super::relative::{base_caveats, level, Base};
use super::status::{judge, Evidence, Status, IMPLIED_DEADLINE_YEARS};
use crate::fmt::{aim, usd};
use crate::model::{Fitted, Selection};
use crate::obs::{Bound, Date, Observation, Side, Target};
use crate::series::{Point, PointKind, Series};

/// Options for [`assess`] and [`assess_goal`](super::assess_goal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessOptions {
    /// The date the assessment is made (decides "within 5 years" and the implied deadline).
    pub as_of: Date,
    /// Number of simulated paths.
    pub paths: usize,
    /// Seed for the simulation.
    pub seed: u64,
}

/// The latest value a target is measured from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Latest {
    /// Year.
    pub year: i32,
    /// Value in USD.
    pub value_usd: f64,
    /// Reported, derived or estimated.
    pub kind: PointKind,
    /// Exact, approx or a bound.
    pub bound: Bound,
}

/// The assessment of a superseded goal: shown with both dates, not assessed.
pub fn superseded(goal: &Goal, by: &Supersession, options: &AssessOptions) -> Assessment {
    let t = goal.target();
    let date = |d: Option<Date>| d.map_or("with no date".to_string(), |d| format!("on {d}"));
    let stated = match (goal.first_stated(), goal.last_stated()) {
        (Some(first), Some(last)) if last != first => format!("on {first}, restated on {last}"),
        (first, _) => date(first),
    };
    let rule = format!(
        "superseded: {} ({} {}, stated {stated}) was replaced by {} ({}{}, stated {}), {}; it is \
         shown, not assessed as current.",
        t.id,
        aim(&t.aim),
        t.deadline
            .map_or("no deadline".into(), |d| format!("by {d}")),
        by.id,
        aim(&by.aim),
        by.deadline.map_or(String::new(), |d| format!(" by {d}")),
        date(by.stated),
        if by.explicit {
            "as the replaces column of targets.csv says"
        } else {
            "inferred: a different goal for the same pair and flow, stated later"
        },
    );
    Assessment {
        rule,
        restated: goal.statements[1..].to_vec(),
        superseded_by: Some(by.clone()),
        ..unassessed(t, Status::Superseded, Side::Of(t.pair.reporter), options)
    }
}

/// An assessment with nothing assessed yet: the target, its status, the deadline it is judged
/// by (the stated one, or the implied one) and the side it is judged on.
fn unassessed(
    target: &Target,
    status: Status,
    judged_on: Side,
    options: &AssessOptions,
) -> Assessment {
    let (judged_by, deadline_stated) = match target.deadline {
        Some(d) => (d, true),
        None => (options.as_of.year() + IMPLIED_DEADLINE_YEARS, false),
    };
    Assessment {
        target: target.clone(),
        level_usd: target.aim.value_usd(),
        base: None,
        status,
        rule: String::new(),
        latest: None,
        judged_by,
        deadline_stated,
        point_crossing: None,
        crossing: None,
        probability_by_deadline: None,
        probability_within: Vec::new(),
        required_growth: None,
        recent_growth: None,
        projected_growth: None,
        caveats: Vec::new(),
        restated: Vec::new(),
        superseded_by: None,
        judged_on,
        judged_on_rule: String::new(),
    }
}

/// Everything known about one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The target as stated.
    pub target: Target,
    /// The level it aims at in USD: its `value_usd`, or for a relative target factor × the base
    /// year's value; `None` when a relative target's base has no figure, or was not looked up
    /// (superseded, no series).
    pub level_usd: Option<f64>,
    /// A relative target's base: the year, value, side and kind its factor multiplies.
    pub base: Option<Base>,
    /// The status.
    pub status: Status,
    /// The rule, in words, with the numbers that decided it.
    pub rule: String,
    /// The latest annual value, if the pair has a series.
    pub latest: Option<Latest>,
    /// The year the status is judged against: the deadline, or the implied one.
    pub judged_by: i32,
    /// Whether `judged_by` is the stated deadline (false: implied, `as_of + 5`).
    pub deadline_stated: bool,
    /// First year the point forecast reaches the target.
    pub point_crossing: Option<i32>,
    /// Spread of the crossing year across simulated paths.
    pub crossing: Option<CrossingYears>,
    /// Probability of reaching the target by the deadline (stated or implied).
    pub probability_by_deadline: Option<f64>,
    /// Probability of reaching it within 5 and 10 years of the as-of year: ((year, p), (year, p)).
    pub probability_within: Vec<(i32, f64)>,
    /// Annual growth required from the latest value to reach the target by `judged_by`.
    pub required_growth: Option<f64>,
    /// CAGR over the last (up to four) observed years.
    pub recent_growth: Option<f64>,
    /// The chosen model's projected annual growth.
    pub projected_growth: Option<f64>,
    /// Things a reader must know (bounds, estimates, no deadline...).
    pub caveats: Vec<String>,
    /// Later statements of the same goal in other sources (linked by `replaces`), oldest first.
    pub restated: Vec<Target>,
    /// The newer target that replaced this one (then `status` is `superseded`).
    pub superseded_by: Option<Supersession>,
    /// Whose statistics the target is judged against.
    pub judged_on: Side,
    /// Why that side, in words (empty when no series was looked at).
    pub judged_on_rule: String,
}

/// Assess one target against its pair's series and the chosen model.
///
/// `selection` must have been made with a horizon reaching [`horizon_end`](super::horizon_end);
/// years beyond the forecast count as "not within the horizon". A relative target's base is
/// looked up in `series` as if every figure had been known when the goal was stated
/// ([`assess_goal`](super::assess_goal) knows their publication dates).
pub fn assess(
    target: &Target,
    series: Option<&Series>,
    selection: Option<&Selection>,
    options: &AssessOptions,
) -> Assessment {
    assess_known(target, series, selection, &[], options)
}

/// [`assess`], with the observations that tell when each figure was published (for a relative
/// target's default base year).
pub(super) fn assess_known(
    target: &Target,
    series: Option<&Series>,
    selection: Option<&Selection>,
    observations: &[Observation],
    options: &AssessOptions,
) -> Assessment {
    let mut a = unassessed(
        target,
        Status::InsufficientData,
        series.map_or(Side::Of(target.pair.reporter), |s| s.reported_by),
        options,
    );
    if !a.deadline_stated {
        a.caveats.push(format!(
            "No deadline was stated: the status judges progress against an implied deadline of {} \
             ({IMPLIED_DEADLINE_YEARS} years after the as-of year); probabilities within {} and {} years are shown.",
            a.judged_by, WITHIN_YEARS[0], WITHIN_YEARS[1]
        ));
    }
    let Some((series, latest)) = series.and_then(|s| Some((s, s.points.last()?))) else {
        a.rule = no_series_rule(target);
        return a;
    };
    a.latest = Some(Latest {
        year: latest.year,
        value_usd: latest.value_usd,
        kind: latest.kind,
        bound: latest.bound,
    });
    a.caveats.extend(latest_caveats(latest));
    a.recent_growth = recent_growth(series);
    let goal = match level(target, series, observations) {
        Ok((goal, base)) => goal_with_base(&mut a, goal, base),
        Err(rule) => {
            a.rule = rule;
            return a;
        }
    };
    a.required_growth = required_growth(latest.value_usd, goal, a.judged_by - latest.year);

    if latest.value_usd >= goal {
        a.status = Status::Achieved;
        a.rule = format!(
            "achieved: the latest value ({} in {}) already meets the target of {}.",
            usd(latest.value_usd),
            latest.year,
            usd(goal)
        );
        return a;
    }
    let Some(fitted) = selection.and_then(|s| s.chosen.as_ref()) else {
        a.rule = too_few_points_rule(target, series, latest.year);
        return a;
    };
    let p_deadline = simulate(&mut a, fitted, goal, options);
    (a.status, a.rule) = judge(&Evidence {
        recent: a.recent_growth,
        required: a.required_growth.unwrap_or(0.0),
        p_deadline,
        judged_by: a.judged_by,
        deadline_stated: a.deadline_stated,
        latest_year: latest.year,
    });
    a
}

/// Records the level a target aims at and its base (with the base's caveats); returns the level.
fn goal_with_base(a: &mut Assessment, goal: f64, base: Option<Base>) -> f64 {
    if let Some(b) = &base {
        a.caveats.extend(base_caveats(b));
    }
    a.level_usd = Some(goal);
    a.base = base;
    goal
}

/// What a reader must know about the latest value: a lower bound, an estimate, or resting on a
/// bound.
fn latest_caveats(latest: &Point) -> Vec<String> {
    let mut caveats = Vec::new();
    match (latest.kind, latest.bound) {
        (_, Bound::AtLeast) => caveats.push(format!(
            "The latest value ({}, {}) is a lower bound: the true value is higher, so required growth is overstated \
             and the crossing may come earlier.",
            latest.year,
            usd(latest.value_usd)
        )),
        (PointKind::Estimated, _) => caveats.push(format!(
            "The latest value ({}, {}) is estimated from a partial year, not reported.",
            latest.year,
            usd(latest.value_usd)
        )),
        _ => {}
    }
    if latest.how.contains("rests on a bound") {
        caveats.push(format!(
            "The {} value rests on a lower bound: if that bound is exceeded, the series is higher than shown.",
            latest.year
        ));
    }
    caveats
}

/// The rule when the trade has no annual series on the side judged.
fn no_series_rule(target: &Target) -> String {
    format!(
        "insufficient_data: there is no annual {} series for {}. Data that would help: any full-year {} \
         figure for {}, ideally several years, or a year's figure with its growth rate.",
        target.flow, target.pair, target.flow, target.pair
    )
}

/// The rule when the series has too few points for any model.
fn too_few_points_rule(target: &Target, series: &Series, latest_year: i32) -> String {
    let got = series.points.len();
    format!(
        "insufficient_data: {got} annual point(s) for {} {} ({}), too few to fit a growth model. Data that would \
         help: full-year figures for earlier years, or the growth rate reported with the {} figure (it implies \
         the year before).",
        target.pair,
        target.flow,
        series
            .points
            .iter()
            .map(|p| p.year.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        latest_year
    )
}

/// The projected growth, the crossing years and the probabilities from `fitted`'s simulated
/// paths; returns the probability of reaching the target by the year it is judged by.
fn simulate(a: &mut Assessment, fitted: &Fitted, level: f64, options: &AssessOptions) -> f64 {
    let forecast = &fitted.forecast;
    a.projected_growth = Some(fitted.growth);
    a.point_crossing = first_crossing(&forecast.years, &forecast.point, level);
    let first = fitted.first_crossings(forecast.years.len(), options.paths, options.seed, level);
    let crossings = Crossings::from_first(&forecast.years, &first);
    a.crossing = Some(crossings.percentiles());
    let p_deadline = crossings.probability_by(a.judged_by);
    a.probability_by_deadline = Some(p_deadline);
    a.probability_within = WITHIN_YEARS
        .iter()
        .map(|k| {
            let y = options.as_of.year() + k;
            (y, crossings.probability_by(y))
        })
        .collect();
    p_deadline
}

impl Assessment {
    /// The goal in words for tables: `1 bn` for an absolute target; for a relative one its
    /// implied level and base, `2.4 bn (2× 2023)`, or `2× the 2023 value` (`2× the base-year
    /// value`) while the level is unknown.
    pub fn goal_words(&self) -> String {
        match (&self.base, self.level_usd) {
            (Some(b), Some(level)) => format!("{} ({}× {})", usd(level), b.factor, b.year),
            _ => aim(&self.target.aim),
        }
    }
}
