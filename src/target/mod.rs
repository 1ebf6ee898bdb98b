//! Target tracking (DESIGN §7): when will a stated target be reached, and is the pair on track?
//!
//! The status follows the UN SDG progress assessment (the ratio of the actual growth rate to the
//! rate required to reach the target by its deadline), extended with the probability, from
//! simulated paths of the chosen model, of reaching it by the deadline. The rule is written out
//! in words in every [`Assessment`].
//!
//! This module owns target tracking whole: the pipeline groups the targets into [`goals`] once
//! per run, picks each trade's [`main_side`], and asks [`assess_goal`] (or [`assess_goals`] for a
//! trade's goals in report order) for each assessment, which it does not patch. The parts:
//!
//! - [`goals`](goals()) (`goals.rs`): restatements and supersession;
//! - [`judged_side`] and [`main_side`] (`side.rs`): whose statistics a target is judged on;
//! - `crossing.rs`: crossing years, probabilities, required and recent growth;
//! - `status.rs`: the [`Status`] set, its thresholds and every sentence of the rule;
//! - `relative.rs`: the level a relative target ("double trade") implies, and its [`Base`];
//! - [`assess`] (`assess.rs`): one target against one series and its chosen model.

mod assess;
mod crossing;
mod goals;
mod relative;
mod side;
mod status;

pub use self::assess::{assess, superseded, AssessOptions, Assessment, Latest};
pub use self::crossing::{
    crossing_years, first_crossing, horizon_end, probability_by, recent_growth, required_growth,
    CrossingYears, Crossings, WITHIN_YEARS,
};
pub use self::goals::{goals, same_aim, same_goal, same_value, Goal, Supersession};
pub use self::relative::Base;
pub use self::side::{available, judged_side, main_side, SideFit};
pub use self::status::{
    implied_deadline_words, rules, Status, IMPLIED_DEADLINE_YEARS, OFF_TRACK_RATIO,
    ON_TRACK_PROBABILITY, ON_TRACK_RATIO,
};

use crate::obs::Observation;

/// Assess one goal of a trade whose sides are `sides` (empty when the trade has no data).
///
/// A superseded goal is shown, not assessed. A current one is judged on the side
/// [`judged_side`] picks among the sides with an annual value, with that side's series and
/// model; its later statements are listed as restatements. `observations` (the trade's rows, or
/// more) tell when each figure was published, which decides a relative target's default base
/// year.
pub fn assess_goal(
    goal: &Goal,
    sides: &[SideFit<'_>],
    observations: &[Observation],
    options: &AssessOptions,
) -> Assessment {
    if let Some(by) = &goal.superseded_by {
        return superseded(goal, by, options);
    }
    let (side, rule) = judged_side(goal.target(), &side::available(sides));
    let on = sides.iter().find(|s| s.series.reported_by == side);
    Assessment {
        restated: goal.statements[1..].to_vec(),
        judged_on: side,
        judged_on_rule: rule,
        ..assess::assess_known(
            goal.target(),
            on.map(|s| s.series),
            on.and_then(|s| s.selection),
            observations,
            options,
        )
    }
}

/// Assess the goals of one trade in the order a report shows them: the current goals, then the
/// superseded ones, each in the order given.
pub fn assess_goals<'g>(
    goals: impl IntoIterator<Item = &'g Goal>,
    sides: &[SideFit<'_>],
    observations: &[Observation],
    options: &AssessOptions,
) -> Vec<Assessment> {
    let (superseded, current): (Vec<&Goal>, Vec<&Goal>) =
        goals.into_iter().partition(|g| g.superseded_by.is_some());
    current
        .into_iter()
        .chain(superseded)
        .map(|g| assess_goal(g, sides, observations, options))
        .collect()
}
