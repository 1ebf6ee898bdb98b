//! Goals and restatements: which rows of `targets.csv` state the same goal, and which newer goal
//! supersedes an older one.

use serde::Serialize;

use crate::obs::{Aim, Date, Replaces, Target, Trade};

/// How a target was superseded, and by which.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Supersession {
    /// The id of the newer target.
    pub id: String,
    /// When the newer target was (first) stated.
    pub stated: Option<Date>,
    /// Its goal: a level in USD, or a multiple of a base year's value.
    pub aim: Aim,
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

/// Two values (or aims) name the same goal when they are within 2% of each other; the rule lives
/// with the tolerance in [`crate::reconcile`], where input's checks reach it without going
/// through the models.
pub use crate::tolerance::{same_aim, same_value};

/// Same trade, same aim (value or factor within 2%, same base year), same deadline.
pub fn same_goal(a: &Target, b: &Target) -> bool {
    Trade::of(a.pair, a.flow) == Trade::of(b.pair, b.flow)
        && same_aim(&a.aim, &b.aim)
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
        aim: g.target().aim,
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

#[cfg(test)]
mod history_tests {
    use super::*;

    fn t(id: &str, pair: &str, value: f64, deadline: Option<i32>, stated: Option<&str>) -> Target {
        Target {
            id: id.into(),
            pair: pair.parse().unwrap(),
            flow: crate::obs::Flow::Turnover,
            aim: Aim::Usd(value),
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
}
