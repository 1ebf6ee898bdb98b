//! The judged side: whose statistics a target is judged against, and the main side of a trade
//! (the one its report section leads with).

use super::goals::Goal;
use crate::model::Selection;
use crate::obs::{Side, Target};
use crate::series::Series;

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

/// One side of a trade as target tracking sees it: the series of one side (whose statistics) and
/// the model chosen for it (`None` when the series has too few points, or none).
#[derive(Debug, Clone, Copy)]
pub struct SideFit<'a> {
    /// The reconciled series; its `reported_by` names the side.
    pub series: &'a Series,
    /// Models tried and the one chosen.
    pub selection: Option<&'a Selection>,
}

/// The main side of a trade: the one its first current goal is judged against; else the first
/// code's own statistics, then figures of unrecorded origin, then the other code's (the first that
/// has an annual value); else the first side. `goals` may hold other trades' goals (they are
/// skipped); `None` only when `sides` is empty.
pub fn main_side(goals: &[Goal], sides: &[SideFit<'_>]) -> Option<Side> {
    let first = sides.first()?.series;
    let available = available(sides);
    goals
        .iter()
        .filter(|g| g.trade() == first.trade())
        .find(|g| g.superseded_by.is_none())
        .map(|g| judged_side(g.target(), &available).0)
        .filter(|side| sides.iter().any(|s| s.series.reported_by == *side))
        .or_else(|| {
            let pair = first.pair;
            [
                Side::Of(pair.reporter),
                Side::Unknown,
                Side::Of(pair.partner),
            ]
            .into_iter()
            .find(|side| available.contains(side))
        })
        .or(Some(first.reported_by))
}

/// The sides that have at least one annual value.
pub fn available(sides: &[SideFit<'_>]) -> Vec<Side> {
    sides
        .iter()
        .filter(|s| !s.series.points.is_empty())
        .map(|s| s.series.reported_by)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::obs::{Flow, Replaces};

    fn t(id: &str, pair: &str) -> Target {
        Target {
            id: id.into(),
            pair: pair.parse().unwrap(),
            flow: Flow::Turnover,
            aim: crate::obs::Aim::Usd(1e9),
            deadline: None,
            stated: None,
            source: format!("{id}.txt"),
            quote: "q".into(),
            note: String::new(),
            line: 2,
            replaces: Replaces::Inferred,
        }
    }

    #[test]
    fn judged_on_own_statistics_then_unrecorded_then_mirror() {
        let target = t("t1", "KG-KZ");
        let kg = Side::Of("KG".parse().unwrap());
        let kz = Side::Of("KZ".parse().unwrap());
        assert_eq!(judged_side(&target, &[kz, kg, Side::Unknown]).0, kg);
        assert_eq!(judged_side(&target, &[kz, Side::Unknown]).0, Side::Unknown);
        let (side, why) = judged_side(&target, &[kz]);
        assert_eq!(side, kz);
        assert!(why.contains("mirror"), "{why}");
    }
}
