//! Target tracking (DESIGN §7): when will a stated target be reached, and is the pair on track?
//!
//! The status follows the UN SDG progress assessment (the ratio of the actual growth rate to the
//! rate required to reach the target by its deadline), extended with the probability, from
//! simulated paths of the chosen model, of reaching it by the deadline. The rule is written out
//! in words in every [`Assessment`].

use ndarray::ArrayView2;
use serde::Serialize;

use crate::fmt::{pct, usd};
use crate::model::Selection;
use crate::obs::{Bound, Date, Replaces, Side, Target, Trade};
use crate::series::{PointKind, Series};

/// The target status: a closed set, so every output handles every case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The latest value already meets the target.
    Achieved,
    /// Recent growth is at least 95% of the required rate and the model gives at least even odds.
    OnTrack,
    /// Recent growth is 60–95% of the required rate, or the model gives less than even odds.
    NeedsAcceleration,
    /// Recent growth is below 60% of the required rate, or negative.
    OffTrack,
    /// Too little data to judge.
    InsufficientData,
    /// Replaced by a newer goal for the same trade: shown, not assessed.
    Superseded,
}

impl Status {
    /// The spelling in tables and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on_track",
            Status::NeedsAcceleration => "needs_acceleration",
            Status::OffTrack => "off_track",
            Status::InsufficientData => "insufficient_data",
            Status::Superseded => "superseded",
        }
    }
}

/// SDG thresholds on the ratio of recent to required growth.
pub const ON_TRACK_RATIO: f64 = 0.95;
/// Below this ratio a target is off track.
pub const OFF_TRACK_RATIO: f64 = 0.60;
/// A target with no deadline is judged against this many years after the as-of year.
pub const IMPLIED_DEADLINE_YEARS: i32 = 5;

/// Percentiles of the first year simulated paths reach the target; `None` = not within the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CrossingYears {
    /// 10th percentile.
    pub p10: Option<i32>,
    /// Median.
    pub p50: Option<i32>,
    /// 90th percentile.
    pub p90: Option<i32>,
    /// Share of paths that never reach the target within the horizon.
    pub never_share: f64,
    /// Last simulated year.
    pub horizon_end: i32,
}

/// Options for [`assess`].
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

/// How a target was superseded, and by which.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Supersession {
    /// The id of the newer target.
    pub id: String,
    /// When the newer target was (first) stated.
    pub stated: Option<Date>,
    /// Its goal in USD.
    pub value_usd: f64,
    /// Its deadline.
    pub deadline: Option<i32>,
    /// True when a `replaces` column says so; false when inferred (stated later, different goal).
    pub explicit: bool,
}

/// One goal: the statements of it (linked by `replaces`, same value within 2% and same
/// deadline), and the newer goal that superseded it, if any.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    /// The first statement (its id names the goal), then the restatements by date.
    pub statements: Vec<Target>,
    /// The newer goal that replaced this one, if any.
    pub superseded_by: Option<Supersession>,
}

impl Goal {
    /// The first statement: the target whose id, value and deadline the goal is known by.
    pub fn target(&self) -> &Target {
        &self.statements[0]
    }
    /// The date it was first stated.
    pub fn first_stated(&self) -> Option<Date> {
        self.target().stated
    }
    /// The date it was last stated (restated), when every statement is dated.
    pub fn last_stated(&self) -> Option<Date> {
        self.statements
            .iter()
            .map(|t| t.stated)
            .collect::<Option<Vec<Date>>>()
            .and_then(|d| d.into_iter().max())
    }
    /// The trade it is for.
    pub fn trade(&self) -> Trade {
        Trade::of(self.target().pair, self.target().flow)
    }
}

/// Two values name the same goal when they are within 2% of each other; it lives with the
/// tolerance in [`crate::reconcile`], where input's checks reach it without going through the
/// models.
pub use crate::reconcile::same_value;

/// Same trade, same value (within 2%), same deadline.
pub fn same_goal(a: &Target, b: &Target) -> bool {
    Trade::of(a.pair, a.flow) == Trade::of(b.pair, b.flow)
        && same_value(a.value_usd, b.value_usd)
        && a.deadline == b.deadline
}

/// Group targets into goals and decide which are superseded. The rules:
///
/// 1. **Restated**: a target whose `replaces` names an earlier target with the same goal (same
///    trade, value within 2%, same deadline) is another statement of it: one goal, two sources.
/// 2. **Replaced**: a target whose `replaces` names a target with a different goal supersedes it.
/// 3. **Inferred**: a goal not replaced explicitly is superseded by a goal of the same trade
///    first stated strictly after its last statement and different from it (the earliest such).
///    Undated targets are never ordered, so never inferred; a target with `replaces = none`
///    supersedes nothing by inference; an unlinked target with the same goal (a likely
///    duplicate, which `check` warns about) supersedes nothing.
///
/// Goals come in file order of their first statements. Never panics, whatever the links
/// (the loader refuses unknown ids and loops; here they are ignored).
pub fn goals(targets: &[Target]) -> Vec<Goal> {
    let index = |id: &str| targets.iter().position(|t| t.id == id);
    // Each target's goal: follow restatement links to the first statement (bounded walk).
    let root = |mut i: usize| {
        for _ in 0..targets.len() {
            match &targets[i].replaces {
                Replaces::Target(id) => match index(id) {
                    Some(j) if j != i && same_goal(&targets[i], &targets[j]) => i = j,
                    _ => break,
                },
                _ => break,
            }
        }
        i
    };
    let roots: Vec<usize> = (0..targets.len()).map(root).collect();
    let mut order: Vec<usize> = roots.clone();
    order.sort_unstable();
    order.dedup();
    let mut goals: Vec<Goal> = order
        .iter()
        .map(|&r| {
            let mut statements: Vec<Target> = (0..targets.len())
                .filter(|&i| roots[i] == r && i != r)
                .map(|i| targets[i].clone())
                .collect();
            statements.sort_by_key(|t| (t.stated, t.line));
            statements.insert(0, targets[r].clone());
            Goal {
                statements,
                superseded_by: None,
            }
        })
        .collect();
    let goal_of = |i: usize| order.iter().position(|&r| r == roots[i]);
    let supersession = |g: &Goal, explicit: bool| Supersession {
        id: g.target().id.clone(),
        stated: g.first_stated(),
        value_usd: g.target().value_usd,
        deadline: g.target().deadline,
        explicit,
    };
    // Explicit replacements.
    for (i, t) in targets.iter().enumerate() {
        let Replaces::Target(id) = &t.replaces else {
            continue;
        };
        let (Some(new), Some(old)) = (goal_of(i), index(id).and_then(goal_of)) else {
            continue;
        };
        if new != old && goals[old].superseded_by.is_none() {
            goals[old].superseded_by = Some(supersession(&goals[new], true));
        }
    }
    // Inferred: the earliest later-stated, different goal of the same trade.
    for g in 0..goals.len() {
        if goals[g].superseded_by.is_some() {
            continue;
        }
        let Some(last) = goals[g].last_stated() else {
            continue;
        };
        let newer = (0..goals.len())
            .filter(|&h| h != g)
            .filter(|&h| goals[h].trade() == goals[g].trade())
            .filter(|&h| !same_goal(goals[h].target(), goals[g].target()))
            .filter(|&h| goals[h].target().replaces != Replaces::Nothing)
            .filter_map(|h| {
                goals[h]
                    .first_stated()
                    .filter(|d| *d > last)
                    .map(|d| (d, h))
            })
            .min();
        if let Some((_, h)) = newer {
            goals[g].superseded_by = Some(supersession(&goals[h], false));
        }
    }
    goals
}

/// Which side (whose statistics) a target is judged against, and why, in words.
///
/// By default its own country's statistics: the first code of the target's pair. When the data
/// has none, figures of unrecorded origin, then the partner's mirror figures. `available` lists
/// the sides that have at least one annual value.
pub fn judged_side(target: &Target, available: &[Side]) -> (Side, String) {
    let own = Side::Of(target.pair.reporter);
    let partner = target.pair.partner;
    if available.contains(&own) {
        (
            own,
            format!(
                "judged against {}'s own statistics (a target is judged against the statistics of \
                 its own country, the first code of its pair)",
                target.pair.reporter
            ),
        )
    } else if available.contains(&Side::Unknown) {
        (
            Side::Unknown,
            format!(
                "judged against figures whose reporting country is not recorded: the data has no \
                 figure from {}'s own statistics, against which a target is judged by default",
                target.pair.reporter
            ),
        )
    } else if available.contains(&Side::Of(partner)) {
        (
            Side::Of(partner),
            format!(
                "judged against {partner}'s mirror statistics: the data has no figure from {}'s own \
                 statistics (the default) nor of unrecorded origin",
                target.pair.reporter
            ),
        )
    } else {
        (
            own,
            format!(
                "to be judged against {}'s own statistics (a target is judged against the \
                 statistics of its own country, the first code of its pair), which the data lacks",
                target.pair.reporter
            ),
        )
    }
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
        usd(t.value_usd),
        t.deadline
            .map_or("no deadline".into(), |d| format!("by {d}")),
        by.id,
        usd(by.value_usd),
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

/// First year a path reaches `target` (`values[j] >= target`), or `None`.
pub fn first_crossing(years: &[i32], values: &[f64], target: f64) -> Option<i32> {
    years
        .iter()
        .zip(values)
        .find(|(_, &v)| v >= target)
        .map(|(&y, _)| y)
}

/// When each simulated path first reaches a target: how many paths cross in each forecast year.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossings {
    years: Vec<i32>,
    /// Paths whose first crossing is `years[j]`.
    counts: Vec<usize>,
    n_paths: usize,
}

impl Crossings {
    /// From each path's first crossing (an index into `years`, `None` for never), as
    /// [`SimPaths::first_crossings`](crate::model::SimPaths::first_crossings) gives them.
    pub fn from_first(years: &[i32], first: &[Option<usize>]) -> Self {
        let mut counts = vec![0; years.len()];
        for j in first.iter().flatten() {
            counts[*j] += 1;
        }
        Crossings {
            years: years.to_vec(),
            counts,
            n_paths: first.len(),
        }
    }

    /// From paths in USD (rows) over forecast `years` (columns).
    pub fn from_paths(paths: ArrayView2<'_, f64>, years: &[i32], target: f64) -> Self {
        let first: Vec<Option<usize>> = paths
            .rows()
            .into_iter()
            .map(|row| row.iter().position(|&v| v >= target))
            .collect();
        Self::from_first(years, &first)
    }

    /// Crossing-year percentiles.
    ///
    /// A path that never reaches the target counts as "later than the horizon", so a
    /// percentile that falls among those paths is `None`. Raising the target can only delay
    /// each path's crossing, so every percentile is monotone in the target.
    pub fn percentiles(&self) -> CrossingYears {
        let n = self.n_paths;
        let pick = |q: f64| -> Option<i32> {
            if n == 0 {
                return None;
            }
            // Nearest-rank percentile: deterministic and never interpolates between years.
            let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
            let mut seen = 0;
            self.years.iter().zip(&self.counts).find_map(|(&y, &c)| {
                seen += c;
                (seen >= rank).then_some(y)
            })
        };
        let crossed: usize = self.counts.iter().sum();
        CrossingYears {
            p10: pick(0.10),
            p50: pick(0.50),
            p90: pick(0.90),
            never_share: if n == 0 {
                1.0
            } else {
                (n - crossed) as f64 / n as f64
            },
            horizon_end: self.years.last().copied().unwrap_or(0),
        }
    }

    /// Share of paths at or above the target in some year up to and including `year`.
    pub fn probability_by(&self, year: i32) -> f64 {
        if self.n_paths == 0 {
            return 0.0;
        }
        let hits: usize = self
            .years
            .iter()
            .zip(&self.counts)
            .take_while(|(&y, _)| y <= year)
            .map(|(_, &c)| c)
            .sum();
        hits as f64 / self.n_paths as f64
    }
}

/// Crossing-year percentiles over simulated paths (rows) for forecast `years` (columns); see
/// [`Crossings::percentiles`].
pub fn crossing_years(paths: ArrayView2<'_, f64>, years: &[i32], target: f64) -> CrossingYears {
    Crossings::from_paths(paths, years, target).percentiles()
}

/// Share of paths at or above `target` in some year up to and including `year`.
pub fn probability_by(paths: ArrayView2<'_, f64>, years: &[i32], target: f64, year: i32) -> f64 {
    Crossings::from_paths(paths, years, target).probability_by(year)
}

/// Compound annual growth needed to go from `from` to `to` in `years` years.
pub fn required_growth(from: f64, to: f64, years: i32) -> Option<f64> {
    (years > 0 && from > 0.0 && to > 0.0).then(|| (to / from).powf(1.0 / f64::from(years)) - 1.0)
}

/// CAGR over the last up-to-four observed points (three intervals) of a series.
pub fn recent_growth(series: &Series) -> Option<f64> {
    let pts = &series.points;
    let last = pts.last()?;
    let first = &pts[pts.len().saturating_sub(4)];
    required_growth(first.value_usd, last.value_usd, last.year - first.year)
}

/// The last year a target assessment needs simulated: ten years after the as-of year, and the deadline.
pub fn horizon_end(target: &Target, as_of: Date) -> i32 {
    let ten = as_of.year() + 10;
    target.deadline.map_or(ten, |d| d.max(ten))
}

/// Assess one target against its pair's series and the chosen model.
///
/// `selection` must have been made with a horizon reaching [`horizon_end`]; years beyond the
/// forecast count as "not within the horizon".
pub fn assess(
    target: &Target,
    series: Option<&Series>,
    selection: Option<&Selection>,
    options: &AssessOptions,
) -> Assessment {
    let as_of_year = options.as_of.year();
    let mut a = unassessed(
        target,
        Status::InsufficientData,
        series.map_or(Side::Of(target.pair.reporter), |s| s.reported_by),
        options,
    );
    let (judged_by, deadline_stated) = (a.judged_by, a.deadline_stated);
    if !deadline_stated {
        a.caveats.push(format!(
            "No deadline was stated: the status judges progress against an implied deadline of {judged_by} \
             ({IMPLIED_DEADLINE_YEARS} years after the as-of year); probabilities within 5 and 10 years are shown."
        ));
    }
    let Some(series) = series.filter(|s| !s.points.is_empty()) else {
        a.rule = format!(
            "insufficient_data: there is no annual {} series for {}. Data that would help: any full-year {} \
             figure for {}, ideally several years, or a year's figure with its growth rate.",
            target.flow, target.pair, target.flow, target.pair
        );
        return a;
    };
    let latest = series
        .points
        .last()
        .cloned()
        .expect("non-empty checked above");
    a.latest = Some(Latest {
        year: latest.year,
        value_usd: latest.value_usd,
        kind: latest.kind,
        bound: latest.bound,
    });
    match (latest.kind, latest.bound) {
        (_, Bound::AtLeast) => a.caveats.push(format!(
            "The latest value ({}, {}) is a lower bound: the true value is higher, so required growth is overstated \
             and the crossing may come earlier.",
            latest.year,
            usd(latest.value_usd)
        )),
        (PointKind::Estimated, _) => a.caveats.push(format!(
            "The latest value ({}, {}) is estimated from a partial year, not reported.",
            latest.year,
            usd(latest.value_usd)
        )),
        _ => {}
    }
    if latest.how.contains("rests on a bound") {
        a.caveats.push(format!(
            "The {} value rests on a lower bound: if that bound is exceeded, the series is higher than shown.",
            latest.year
        ));
    }
    a.recent_growth = recent_growth(series);
    a.required_growth =
        required_growth(latest.value_usd, target.value_usd, judged_by - latest.year);

    if latest.value_usd >= target.value_usd {
        a.status = Status::Achieved;
        a.rule = format!(
            "achieved: the latest value ({} in {}) already meets the target of {}.",
            usd(latest.value_usd),
            latest.year,
            usd(target.value_usd)
        );
        return a;
    }

    let Some(fitted) = selection.and_then(|s| s.chosen.as_ref()) else {
        let got = series.points.len();
        a.rule = format!(
            "insufficient_data: {got} annual point(s) for {} {} ({}), too few to fit a growth model. Data that would \
             help: full-year figures for earlier years, or the growth rate reported with the {} figure (it implies \
             the year before).",
            target.pair,
            target.flow,
            series.points.iter().map(|p| p.year.to_string()).collect::<Vec<_>>().join(", "),
            latest.year
        );
        return a;
    };
    let forecast = &fitted.forecast;
    a.projected_growth = Some(fitted.growth);
    a.point_crossing = first_crossing(&forecast.years, &forecast.point, target.value_usd);
    let first = fitted.first_crossings(
        forecast.years.len(),
        options.paths,
        options.seed,
        target.value_usd,
    );
    let crossings = Crossings::from_first(&forecast.years, &first);
    a.crossing = Some(crossings.percentiles());
    let p_deadline = crossings.probability_by(judged_by);
    a.probability_by_deadline = Some(p_deadline);
    a.probability_within = [5, 10]
        .iter()
        .map(|k| {
            let y = as_of_year + k;
            (y, crossings.probability_by(y))
        })
        .collect();

    let required = a.required_growth.unwrap_or(0.0);
    let recent = a.recent_growth;
    let deadline_words = if deadline_stated {
        format!("the deadline {judged_by}")
    } else {
        format!("the implied deadline {judged_by}")
    };
    let (status, why) = match recent {
        None => (
            Status::InsufficientData,
            "insufficient_data: only one annual value, so there is no recent growth rate to compare.".to_string(),
        ),
        Some(r) if judged_by <= latest.year => (
            Status::OffTrack,
            format!(
                "off_track: {deadline_words} is not after the latest data year {} and the target was not met \
                 (recent growth {}).",
                latest.year,
                pct(r)
            ),
        ),
        Some(r) if r <= 0.0 => (
            Status::OffTrack,
            format!("off_track: recent growth is {} (not positive) while {} a year is required.", pct(r), pct(required)),
        ),
        Some(r) => {
            let ratio = r / required;
            let numbers = format!(
                "recent growth {} is {:.0}% of the {} a year required by {deadline_words}; the model gives a {:.0}% \
                 probability of reaching it by then",
                pct(r),
                ratio * 100.0,
                pct(required),
                p_deadline * 100.0
            );
            if ratio >= ON_TRACK_RATIO && p_deadline >= 0.5 {
                (Status::OnTrack, format!("on_track: {numbers} (on track needs ≥ 95% and ≥ 50%)."))
            } else if ratio >= OFF_TRACK_RATIO {
                (
                    Status::NeedsAcceleration,
                    format!("needs_acceleration: {numbers} (on track needs ≥ 95% and ≥ 50%; off track is below 60%)."),
                )
            } else {
                (Status::OffTrack, format!("off_track: {numbers} (off track is below 60%)."))
            }
        }
    };
    a.status = status;
    a.rule = why;
    a
}

/// The status rules in words, for report footers and `--help`.
pub const RULES: &str = "Status rules (after the UN SDG progress assessment: actual versus required growth). \
required = the compound annual growth needed from the latest value to reach the target by the deadline; \
recent = the CAGR over the last (up to four) annual values; P = the share of simulated paths of the chosen \
model that reach the target by the deadline. achieved: the latest value meets the target. on_track: recent ≥ 95% \
of required and P ≥ 50%. needs_acceleration: recent 60–95% of required, or ≥ 95% with P < 50%. off_track: recent \
below 60% of required, or not positive, or the deadline passed. insufficient_data: no series, or too few points \
to fit a model. A target with no deadline is judged against an implied deadline five years after the as-of year.";

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn forty_percent_from_329m_crosses_1bn_in_2025() {
        // DESIGN §5: 329 → 460 → 644 → 902 → 1262 at a steady 40% a year.
        let years: Vec<i32> = (2021..=2026).collect();
        let values: Vec<f64> = (0..6).map(|k| 329e6 * 1.4f64.powi(k)).collect();
        assert_eq!(first_crossing(&years, &values, 1e9), Some(2025));
        assert_eq!(first_crossing(&years, &values, 1e12), None);
    }

    #[test]
    fn percentiles_treat_never_as_after_the_horizon() {
        let years = [2024, 2025, 2026];
        // Five paths: cross in 2024, 2025, 2026, never, never.
        let paths = Array2::from_shape_vec(
            (5, 3),
            vec![
                2.0, 2.0, 2.0, 0.0, 2.0, 2.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
            ],
        )
        .unwrap();
        let c = crossing_years(paths.view(), &years, 1.0);
        assert_eq!((c.p10, c.p50, c.p90), (Some(2024), Some(2026), None));
        assert!((c.never_share - 0.4).abs() < 1e-12);
        assert!((probability_by(paths.view(), &years, 1.0, 2025) - 0.4).abs() < 1e-12);
        assert_eq!(probability_by(paths.view(), &years, 1.0, 2023), 0.0);
    }

    #[test]
    fn required_growth_is_the_cagr_to_the_target() {
        let g = required_growth(644e6, 1e9, 2).unwrap();
        assert!((644e6 * (1.0 + g) * (1.0 + g) - 1e9).abs() < 1.0);
        assert_eq!(required_growth(1.0, 2.0, 0), None);
    }
}

#[cfg(test)]
mod history_tests {
    use super::*;

    fn t(id: &str, pair: &str, value: f64, deadline: Option<i32>, stated: Option<&str>) -> Target {
        Target {
            id: id.into(),
            pair: pair.parse().unwrap(),
            flow: crate::obs::Flow::Turnover,
            value_usd: value,
            deadline,
            stated: stated.map(|d| d.parse().unwrap()),
            source: format!("{id}.txt"),
            quote: "q".into(),
            note: String::new(),
            line: 2,
            replaces: Replaces::Inferred,
        }
    }

    #[test]
    fn a_restatement_linked_by_replaces_is_one_goal_with_two_sources() {
        let mut b = t("t2", "KG-KZ", 1.005e9, Some(2030), Some("2024-03-01"));
        b.replaces = Replaces::Target("t1".into());
        let g = goals(&[t("t1", "KZ-KG", 1e9, Some(2030), Some("2023-06-01")), b]);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].statements.len(), 2);
        assert_eq!(g[0].target().id, "t1");
        assert!(g[0].superseded_by.is_none());
    }

    #[test]
    fn a_later_different_goal_supersedes_by_inference_and_explicitly() {
        let old = t("t1", "KZ-KG", 1e9, None, Some("2023-06-01"));
        let new = t("t2", "KG-KZ", 3e9, Some(2030), Some("2024-03-01"));
        let g = goals(&[old.clone(), new.clone()]);
        let by = g[0].superseded_by.as_ref().unwrap();
        assert_eq!((by.id.as_str(), by.explicit), ("t2", false));
        assert!(g[1].superseded_by.is_none());

        // Explicit, even when the newer one is undated (no inference possible).
        let mut undated = new.clone();
        undated.stated = None;
        undated.replaces = Replaces::Target("t1".into());
        let g = goals(&[old.clone(), undated.clone()]);
        assert!(g[0].superseded_by.as_ref().unwrap().explicit);

        // Undated without a link: never ordered, so nothing is superseded.
        undated.replaces = Replaces::Inferred;
        assert!(goals(&[old.clone(), undated])
            .iter()
            .all(|g| g.superseded_by.is_none()));

        // `none`: two goals meant to stand side by side.
        let mut side_by_side = new;
        side_by_side.replaces = Replaces::Nothing;
        assert!(goals(&[old, side_by_side])
            .iter()
            .all(|g| g.superseded_by.is_none()));
    }

    #[test]
    fn an_unlinked_same_goal_and_other_trades_supersede_nothing() {
        let g = goals(&[
            t("t1", "KZ-KG", 1e9, Some(2030), Some("2023-06-01")),
            t("t2", "KZ-KG", 1e9, Some(2030), Some("2024-06-01")),
            t("t3", "KZ-CN", 5e10, Some(2030), Some("2025-06-01")),
        ]);
        assert_eq!(g.len(), 3);
        assert!(g.iter().all(|g| g.superseded_by.is_none()));
    }

    #[test]
    fn broken_links_never_panic() {
        let mut a = t("t1", "KZ-KG", 1e9, None, Some("2023-06-01"));
        let mut b = t("t2", "KZ-KG", 1e9, None, Some("2024-06-01"));
        a.replaces = Replaces::Target("t2".into());
        b.replaces = Replaces::Target("t1".into());
        let mut c = t("t3", "KZ-KG", 2e9, None, Some("2025-06-01"));
        c.replaces = Replaces::Target("nope".into());
        let g = goals(&[a, b, c]);
        assert!(!g.is_empty());
    }

    #[test]
    fn judged_on_own_statistics_then_unrecorded_then_mirror() {
        let target = t("t1", "KG-KZ", 1e9, None, None);
        let kg = Side::Of("KG".parse().unwrap());
        let kz = Side::Of("KZ".parse().unwrap());
        assert_eq!(judged_side(&target, &[kz, kg, Side::Unknown]).0, kg);
        assert_eq!(judged_side(&target, &[kz, Side::Unknown]).0, Side::Unknown);
        let (side, why) = judged_side(&target, &[kz]);
        assert_eq!(side, kz);
        assert!(why.contains("mirror"), "{why}");
    }
}
