//! The status rule: the closed set of statuses, the thresholds that decide between them, and
//! every sentence that states the rule.
//!
//! The thresholds are named constants and every text of the rule (the per-target sentence in
//! [`judge`], the footer [`rules`], the README's table, checked by a test) is built from them, so
//! changing a threshold changes every sentence.

use serde::Serialize;

use crate::fmt::pct;

/// The target status: a closed set, so every output handles every case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The latest value already meets the target.
    Achieved,
    /// Recent growth is at least [`ON_TRACK_RATIO`] of the required rate and the model gives a
    /// probability of at least [`ON_TRACK_PROBABILITY`] of reaching it by the deadline.
    OnTrack,
    /// Recent growth is [`OFF_TRACK_RATIO`]–[`ON_TRACK_RATIO`] of the required rate, or the model
    /// gives a probability below [`ON_TRACK_PROBABILITY`].
    NeedsAcceleration,
    /// Recent growth is below [`OFF_TRACK_RATIO`] of the required rate, or not positive.
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

/// SDG thresholds on the ratio of recent to required growth: at or above this, on track (with
/// [`ON_TRACK_PROBABILITY`]).
pub const ON_TRACK_RATIO: f64 = 0.95;
/// Below this ratio a target is off track.
pub const OFF_TRACK_RATIO: f64 = 0.60;
/// On track also needs at least this probability (from the chosen model's simulated paths) of
/// reaching the target by the deadline: even odds.
pub const ON_TRACK_PROBABILITY: f64 = 0.5;
/// A target with no deadline is judged against this many years after the as-of year.
pub const IMPLIED_DEADLINE_YEARS: i32 = 5;

/// A share as a whole percentage: `0.95` → `95%`.
fn share(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A small count in words (`5` → `five`), digits beyond ten.
fn count_in_words(n: i32) -> String {
    const WORDS: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    usize::try_from(n)
        .ok()
        .and_then(|i| WORDS.get(i))
        .map_or(n.to_string(), |w| (*w).to_string())
}

/// "an implied deadline five years after": how the implied deadline is said everywhere.
pub fn implied_deadline_words() -> String {
    format!(
        "an implied deadline {} years after",
        count_in_words(IMPLIED_DEADLINE_YEARS)
    )
}

/// The status rules in words, for report footers and `--help`.
pub fn rules() -> String {
    let (on, off, p) = (
        share(ON_TRACK_RATIO),
        share(OFF_TRACK_RATIO),
        share(ON_TRACK_PROBABILITY),
    );
    format!(
        "Status rules (after the UN SDG progress assessment: actual versus required growth). \
required = the compound annual growth needed from the latest value to reach the target by the deadline; \
recent = the CAGR over the last (up to four) annual values; P = the share of simulated paths of the chosen \
model that reach the target by the deadline. achieved: the latest value meets the target. on_track: recent ≥ {on} \
of required and P ≥ {p}. needs_acceleration: recent {off_n}–{on} of required, or ≥ {on} with P < {p}. off_track: recent \
below {off} of required, or not positive, or the deadline passed. insufficient_data: no series, too few points \
to fit a model, or no figure for a relative target's base year. A target with no deadline is judged against {} the as-of year.",
        implied_deadline_words(),
        off_n = off.trim_end_matches('%'),
    )
}

/// What [`judge`] compares: the growth rates, the probability and the years.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Evidence {
    /// CAGR over the last observed years; `None` with one annual value.
    pub recent: Option<f64>,
    /// Growth required from the latest value to the target by `judged_by`.
    pub required: f64,
    /// Probability of reaching the target by `judged_by`.
    pub p_deadline: f64,
    /// The year judged by (the deadline, or the implied one).
    pub judged_by: i32,
    /// Whether `judged_by` was stated.
    pub deadline_stated: bool,
    /// The latest data year.
    pub latest_year: i32,
}

/// The status of a target not yet achieved that has a model, and the rule that gave it, in words.
pub(super) fn judge(e: &Evidence) -> (Status, String) {
    let judged_by = e.judged_by;
    let deadline_words = if e.deadline_stated {
        format!("the deadline {judged_by}")
    } else {
        format!("the implied deadline {judged_by}")
    };
    let (on, off, p) = (
        share(ON_TRACK_RATIO),
        share(OFF_TRACK_RATIO),
        share(ON_TRACK_PROBABILITY),
    );
    match e.recent {
        None => (
            Status::InsufficientData,
            "insufficient_data: only one annual value, so there is no recent growth rate to compare."
                .to_string(),
        ),
        Some(r) if judged_by <= e.latest_year => (
            Status::OffTrack,
            format!(
                "off_track: {deadline_words} is not after the latest data year {} and the target \
                 was not met (recent growth {}).",
                e.latest_year,
                pct(r)
            ),
        ),
        Some(r) if r <= 0.0 => (
            Status::OffTrack,
            format!(
                "off_track: recent growth is {} (not positive) while {} a year is required.",
                pct(r),
                pct(e.required)
            ),
        ),
        Some(r) => {
            let ratio = r / e.required;
            let numbers = format!(
                "recent growth {} is {:.0}% of the {} a year required by {deadline_words}; the \
                 model gives a {:.0}% probability of reaching it by then",
                pct(r),
                ratio * 100.0,
                pct(e.required),
                e.p_deadline * 100.0
            );
            let on_track = format!("on track needs ≥ {on} and ≥ {p}");
            let off_track = format!("off track is below {off}");
            if ratio >= ON_TRACK_RATIO && e.p_deadline >= ON_TRACK_PROBABILITY {
                (
                    Status::OnTrack,
                    format!("on_track: {numbers} ({on_track})."),
                )
            } else if ratio >= OFF_TRACK_RATIO {
                (
                    Status::NeedsAcceleration,
                    format!("needs_acceleration: {numbers} ({on_track}; {off_track})."),
                )
            } else {
                (Status::OffTrack, format!("off_track: {numbers} ({off_track})."))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_states_the_rule_with_the_constants() {
        let readme = include_str!("../../README.md");
        let (on, off, p) = (
            share(ON_TRACK_RATIO),
            share(OFF_TRACK_RATIO),
            share(ON_TRACK_PROBABILITY),
        );
        for row in [
            format!("| `on_track` | recent growth ≥ {on} of the required rate, and P(reach by deadline) ≥ {p} |"),
            format!(
                "| `needs_acceleration` | recent growth {}–{on} of required, or ≥ {on} but P < {p} |",
                off.trim_end_matches('%')
            ),
            format!("| `off_track` | recent growth below {off} of required, or not positive, or the deadline has passed |"),
        ] {
            assert!(readme.contains(&row), "README.md lacks: {row}");
        }
        assert!(readme.contains(&implied_deadline_words()));
    }

    #[test]
    fn every_sentence_names_the_thresholds() {
        let at = |recent: f64, p_deadline: f64| {
            judge(&Evidence {
                recent: Some(recent),
                required: 0.10,
                p_deadline,
                judged_by: 2030,
                deadline_stated: true,
                latest_year: 2025,
            })
        };
        let on = share(ON_TRACK_RATIO);
        let (s, why) = at(0.10 * ON_TRACK_RATIO + 1e-9, ON_TRACK_PROBABILITY);
        assert_eq!(s, Status::OnTrack, "{why}");
        assert!(why.contains(&on), "{why}");
        let (s, why) = at(0.10, ON_TRACK_PROBABILITY - 0.01);
        assert_eq!(s, Status::NeedsAcceleration, "{why}");
        assert!(why.contains(&share(OFF_TRACK_RATIO)), "{why}");
        let (s, _) = at(0.10 * OFF_TRACK_RATIO - 1e-6, 0.9);
        assert_eq!(s, Status::OffTrack);
        assert!(rules().contains(&format!("P ≥ {}", share(ON_TRACK_PROBABILITY))));
    }
}
