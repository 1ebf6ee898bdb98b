//! The pipeline: `Dataset → Series → Selection → Assessment → Report`.
//!
//! Moved here from `report/` (which now only renders a [`Report`]). The stages are plain
//! functions so a command runs only what it needs: `forecast` stops at [`sections`] with no
//! targets, `targets` at [`assess_all`], `report` runs [`build`].
//!
//! Pure: no clock, no printing, no files. The same inputs give the same values.

use std::sync::Arc;

use crate::knowledge::Knowledge;
use crate::model::{self, FitOptions, ModelChoice};
use crate::obs::{Date, Observation, Side, Target, Trade};
use crate::reconcile;
use crate::report::history::{self, History};
use crate::report::{changes, track, year_history, Report, Section, SideGap, SideSeries};
use crate::series::Series;
use crate::target::{self, AssessOptions, Assessment, Goal, SideFit};

/// How a run is configured; everything that could make two runs differ is in here.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    /// The date the projections are made (resolves "within 5 years", stamps the history).
    pub as_of: Date,
    /// Seed for every simulation.
    pub seed: u64,
    /// Years to forecast after each series' last year (extended to cover target deadlines).
    pub horizon: usize,
    /// Simulated paths per target.
    pub paths: usize,
    /// Which model(s) to fit.
    pub choice: ModelChoice,
    /// Pooled knowledge for the pooled model (default: the built-in file).
    pub knowledge: Arc<Knowledge>,
}

impl RunOptions {
    /// Defaults: 10-year horizon, 2,000 paths, automatic model choice.
    pub fn new(as_of: Date, seed: u64) -> Self {
        RunOptions {
            as_of,
            seed,
            horizon: 10,
            paths: 2000,
            choice: ModelChoice::Auto,
            knowledge: Arc::new(Knowledge::builtin().clone()),
        }
    }

    fn assess_options(&self) -> AssessOptions {
        AssessOptions {
            as_of: self.as_of,
            paths: self.paths,
            seed: self.seed,
        }
    }
}

/// What was known at the as-of date: the observations and targets published by then.
#[derive(Debug, Clone, PartialEq)]
pub struct Vintage {
    /// Observations known by the as-of date (see [`vintage`] for undated ones), in file order.
    pub observations: Vec<Observation>,
    /// Targets stated by the as-of date (undated ones kept), in file order.
    pub targets: Vec<Target>,
    /// How many figures were left out because they were not known by the as-of date.
    pub published_later: usize,
}

/// Keep what was known at `as_of`: "as known on that date".
///
/// - A dated figure is known from its publication date, a dated target from the day it was
///   stated; anything later is left out.
/// - **An undated figure** (no date line: its note says how its year was inferred) is known from
///   the day after the period it reports ends, at the earliest (a figure for January–April 2023
///   from 2023-05-01, for April 2023–March 2024 from 2024-04-01, a full year or a part of a year
///   whose months are not stated from the first of January after it): before that nobody could
///   have published it. It is kept from then on,
///   and marked "no date line" wherever it is shown.
/// - An undated target cannot be placed in time and is kept in every vintage.
pub fn vintage(observations: &[Observation], targets: &[Target], as_of: Date) -> Vintage {
    let known = |o: &&Observation| known_from(o).is_some_and(|d| d <= as_of);
    Vintage {
        observations: observations.iter().filter(known).cloned().collect(),
        targets: targets
            .iter()
            .filter(|t| t.stated.is_none_or(|d| d <= as_of))
            .cloned()
            .collect(),
        published_later: observations.iter().filter(|o| !known(o)).count(),
    }
}

/// The first day a figure can have been known: its publication date, or for an undated figure
/// the day after its period's latest possible end (`None`: after the last date we can write).
pub fn known_from(o: &Observation) -> Option<Date> {
    if let Some(d) = o.published {
        return Some(d);
    }
    // The period's last month (a part of a year whose months are not stated: December at the
    // latest), then the first day after it.
    let (year, month) = o.period.end().unwrap_or((o.period.year(), 12));
    let (year, month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    Date::try_new(year, month, 1).ok()
}

/// Reconcile the observations, fit and choose models per trade (a pair and flow, whatever the
/// order of its codes) and side (whose statistics), and assess the targets of each trade.
/// Sections with nothing to show (no annual point, no target, no observation) are dropped.
///
/// `goals` are the run's targets grouped by [`target::goals`]. The forecast horizon is
/// `options.horizon`, extended for a section until its targets' horizon ends; with no targets it
/// stays as asked.
pub fn sections(
    observations: &[Observation],
    goals: &[Goal],
    options: &RunOptions,
) -> Vec<Section> {
    // One group of series (one per side) per trade, in the order reconcile gives them.
    let mut trades: Vec<(Trade, Vec<Series>)> = Vec::new();
    for series in reconcile::reconcile_with(observations, &options.knowledge) {
        match trades.iter_mut().find(|(t, _)| *t == series.trade()) {
            Some((_, sides)) => sides.push(series),
            None => trades.push((series.trade(), vec![series])),
        }
    }
    let mut sections: Vec<Section> = trades
        .into_iter()
        .map(|(trade, sides)| section(trade, sides, observations, goals, options))
        .collect();
    // Keep sections with something to show: annual points, or a target.
    sections.retain(|s| {
        !s.series.points.is_empty() || !s.assessments.is_empty() || !s.observations.is_empty()
    });
    sections
}

/// Assessments of the goals whose trade has no section (no data at all): kept, never
/// dropped, each `insufficient_data` with a rule saying what data would help (or `superseded`).
pub fn orphans(goals: &[Goal], sections: &[Section], options: &RunOptions) -> Vec<Assessment> {
    let covered: Vec<Trade> = sections.iter().map(|s| s.series.trade()).collect();
    goals
        .iter()
        .filter(|g| !covered.contains(&g.trade()))
        .map(|g| target::assess_goal(g, &[], &[], &options.assess_options()))
        .collect()
}

/// One trade's section: fit every side, pick the main one, assess the trade's goals.
fn section(
    trade: Trade,
    sides: Vec<Series>,
    observations: &[Observation],
    goals: &[Goal],
    options: &RunOptions,
) -> Section {
    let goals_here: Vec<&Goal> = goals.iter().filter(|g| g.trade() == trade).collect();
    let fit = |series: &Series| {
        (!series.points.is_empty()).then(|| {
            let last = series.points.last().map_or(0, |p| p.year);
            let needed = goals_here
                .iter()
                .map(|g| target::horizon_end(g.target(), options.as_of) - last)
                .max()
                .unwrap_or(0);
            let horizon = options.horizon.max(usize::try_from(needed).unwrap_or(0));
            model::select_with(
                &series.data(),
                &FitOptions {
                    horizon,
                    seed: options.seed,
                    choice: options.choice,
                },
                &options.knowledge,
            )
        })
    };
    // The sides a projection is needed on (each current goal's judged side, and the main side)
    // borrow the years they lack from a longer side of the trade (see `reconcile`).
    let needed: Vec<Side> = {
        let views: Vec<SideFit> = sides
            .iter()
            .map(|series| SideFit {
                series,
                selection: None,
            })
            .collect();
        let available = target::available(&views);
        goals_here
            .iter()
            .filter(|g| g.superseded_by.is_none())
            .map(|g| target::judged_side(g.target(), &available).0)
            .chain(target::main_side(goals, &views))
            .collect()
    };
    let mut sides = sides;
    for side in needed {
        reconcile::borrow_years(&mut sides, side);
    }
    let mut fitted: Vec<SideSeries> = sides
        .into_iter()
        .map(|series| SideSeries {
            selection: fit(&series),
            series,
        })
        .collect();
    let views: Vec<SideFit> = fitted
        .iter()
        .map(|f| SideFit {
            series: &f.series,
            selection: f.selection.as_ref(),
        })
        .collect();
    let observations: Vec<Observation> = observations
        .iter()
        .filter(|o| Trade::of(o.pair, o.flow) == trade)
        .cloned()
        .collect();
    let assessments =
        target::assess_goals(goals_here, &views, &observations, &options.assess_options());
    let main_side = target::main_side(goals, &views);
    let main_at = fitted
        .iter()
        .position(|f| Some(f.series.reported_by) == main_side)
        .unwrap_or(0);
    let main = fitted.remove(main_at);
    let side_gaps = fitted
        .iter()
        .flat_map(|other| {
            // Borrowed years (see `reconcile`) are one side's figures scaled to the other's:
            // their "gap" would only echo the scale.
            other.series.points.iter().filter_map(|p| {
                let m = main.series.points.iter().find(|q| q.year == p.year)?;
                if p.borrowed_from.is_some() || m.borrowed_from.is_some() {
                    return None;
                }
                Some(SideGap {
                    year: p.year,
                    main: main.series.reported_by,
                    main_usd: m.value_usd,
                    main_kind: m.kind,
                    other: other.series.reported_by,
                    other_usd: p.value_usd,
                    other_kind: p.kind,
                    gap: p.value_usd / m.value_usd - 1.0,
                })
            })
        })
        .collect();
    Section {
        observations,
        series: main.series,
        selection: main.selection,
        assessments,
        other_sides: fitted,
        side_gaps,
    }
}

/// The sections of a vintage and its orphan assessments: everything [`build`] computes before
/// it assembles the [`Report`].
pub fn assess_all(vintage: &Vintage, options: &RunOptions) -> (Vec<Section>, Vec<Assessment>) {
    let goals = target::goals(&vintage.targets);
    let sections = sections(&vintage.observations, &goals, options);
    let orphans = orphans(&goals, &sections, options);
    (sections, orphans)
}

/// Run the pipeline: keep what was published by the as-of date, reconcile the observations,
/// fit and choose models, assess targets, and merge this run's projections into the history.
/// The history holds target rows only: no changes of annual values, no track record (see
/// [`build_with`]).
///
/// Pure: no clock, no printing, no files. The same inputs give the same `Report`.
pub fn build(
    observations: &[Observation],
    targets: &[Target],
    input_warnings: Vec<String>,
    previous_history: Vec<history::HistoryRow>,
    options: &RunOptions,
) -> Report {
    let previous = History {
        targets: previous_history,
        years: Vec::new(),
    };
    build_with(observations, targets, input_warnings, previous, options)
}

/// [`build`] with the whole history of earlier vintages: the report also says what changed
/// since the previous vintage ([`changes`]) and how earlier projections fared ([`track`]).
pub fn build_with(
    observations: &[Observation],
    targets: &[Target],
    input_warnings: Vec<String>,
    previous: History,
    options: &RunOptions,
) -> Report {
    let now = vintage(observations, targets, options.as_of);
    let (sections, orphan_assessments) = assess_all(&now, options);
    let mut report = Report {
        as_of: options.as_of,
        seed: options.seed,
        version: env!("CARGO_PKG_VERSION").to_string(),
        sections,
        orphan_assessments,
        input_warnings,
        published_later: now.published_later,
        history: Vec::new(),
        year_history: Vec::new(),
        changes: changes::Changes::default(),
        track_record: track::TrackRecord::default(),
    };
    // Figures known now and not at the previous as-of date, by the one vintage rule.
    let new_figures: Vec<String> = match changes::previous_as_of(&previous, options.as_of) {
        Some(before) => {
            let then = vintage(observations, targets, before);
            now.observations
                .iter()
                .filter(|o| !then.observations.iter().any(|t| t.id == o.id))
                .map(|o| o.id.clone())
                .collect()
        }
        None => Vec::new(),
    };
    report.changes = changes::compare(&previous, &report, &new_figures);
    report.track_record = track::score(&previous.years, &report);
    report.history = history::merge(previous.targets, &report);
    report.year_history = year_history::merge(previous.years, &report);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn undated(period: &str) -> Observation {
        Observation {
            id: "o1".into(),
            pair: "KZ-KG".parse().unwrap(),
            flow: crate::obs::Flow::Turnover,
            period: period.parse().unwrap(),
            value_usd: Some(1e9),
            growth: None,
            bound: crate::obs::Bound::Exact,
            published: None,
            source: "s.txt".into(),
            quote: "q".into(),
            note: "no date line".into(),
            line: 2,
            reported_by: Side::Unknown,
            converted: None,
        }
    }

    #[test]
    fn an_undated_figure_is_known_from_the_day_after_its_period_ends() {
        for (period, from) in [
            ("2022", "2023-01-01"),
            ("2023-01/2023-04", "2023-05-01"),
            ("2023-01/2023-12", "2024-01-01"),
            ("2023-part", "2024-01-01"),
            ("2023-04/2024-03", "2024-04-01"),
        ] {
            let o = undated(period);
            assert_eq!(known_from(&o).unwrap().to_string(), from, "{period}");
            let day_before: Date = match from {
                "2023-01-01" => "2022-12-31",
                "2023-05-01" => "2023-04-30",
                "2024-04-01" => "2024-03-31",
                _ => "2023-12-31",
            }
            .parse()
            .unwrap();
            let v = vintage(std::slice::from_ref(&o), &[], day_before);
            assert!(
                v.observations.is_empty() && v.published_later == 1,
                "{period}"
            );
            let v = vintage(std::slice::from_ref(&o), &[], from.parse().unwrap());
            assert_eq!(v.observations.len(), 1, "{period}");
        }
    }
}
