//! The pipeline: `Dataset → Series → Selection → Assessment → Report`.
//!
//! Moved here from `report/` (which now only renders a [`Report`]). The stages are plain
//! functions so a command runs only what it needs: `forecast` stops at [`sections`] with no
//! targets, `targets` at [`assess_all`], `report` runs [`build`].
//!
//! Pure: no clock, no printing, no files. The same inputs give the same values.

use crate::model::{self, FitOptions, ModelChoice};
use crate::obs::{Date, Flow, Observation, Pair, Target};
use crate::reconcile::reconcile;
use crate::report::{history, Report, Section};
use crate::target::{self, AssessOptions, Assessment};

/// How a run is configured; everything that could make two runs differ is in here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Observations published by the as-of date (undated ones kept), in file order.
    pub observations: Vec<Observation>,
    /// Targets stated by the as-of date (undated ones kept), in file order.
    pub targets: Vec<Target>,
    /// How many figures were left out because they were published after the as-of date.
    pub published_later: usize,
}

/// Keep what was published by `as_of`.
///
/// A vintage knows only what was published by its as-of date; undated rows cannot be placed
/// in time and are kept (their notes say how their year was inferred).
pub fn vintage(observations: &[Observation], targets: &[Target], as_of: Date) -> Vintage {
    let known_then = |d: Option<Date>| d.is_none_or(|d| d <= as_of);
    let published_later = observations
        .iter()
        .filter(|o| !known_then(o.published))
        .count();
    Vintage {
        observations: observations
            .iter()
            .filter(|o| known_then(o.published))
            .cloned()
            .collect(),
        targets: targets
            .iter()
            .filter(|t| known_then(t.stated))
            .cloned()
            .collect(),
        published_later,
    }
}

/// Reconcile the observations, fit and choose models per pair and flow, and assess the targets
/// of each pair and flow. Sections with nothing to show (no annual point, no target, no
/// observation) are dropped.
///
/// The forecast horizon is `options.horizon`, extended for a section until its targets'
/// horizon ends; with no targets it stays as asked.
pub fn sections(
    observations: &[Observation],
    targets: &[Target],
    options: &RunOptions,
) -> Vec<Section> {
    let all_series = reconcile(observations);
    let mut sections: Vec<Section> = all_series
        .into_iter()
        .map(|series| {
            let key = (series.pair, series.flow);
            let targets_here: Vec<&Target> =
                targets.iter().filter(|t| (t.pair, t.flow) == key).collect();
            let selection = (!series.points.is_empty()).then(|| {
                let last = series.points.last().map_or(0, |p| p.year);
                let needed = targets_here
                    .iter()
                    .map(|t| target::horizon_end(t, options.as_of) - last)
                    .max()
                    .unwrap_or(0);
                let horizon = options.horizon.max(usize::try_from(needed).unwrap_or(0));
                model::select(
                    &series.data(),
                    &FitOptions {
                        horizon,
                        seed: options.seed,
                        choice: options.choice,
                    },
                )
            });
            let assess_options = options.assess_options();
            let assessments = targets_here
                .iter()
                .map(|t| target::assess(t, Some(&series), selection.as_ref(), &assess_options))
                .collect();
            Section {
                observations: observations
                    .iter()
                    .filter(|o| (o.pair, o.flow) == key)
                    .cloned()
                    .collect(),
                series,
                selection,
                assessments,
            }
        })
        .collect();
    // Keep sections with something to show: annual points, or a target.
    sections.retain(|s| {
        !s.series.points.is_empty() || !s.assessments.is_empty() || !s.observations.is_empty()
    });
    sections
}

/// Assessments of the targets whose pair and flow has no section (no data at all): kept, never
/// dropped, each `insufficient_data` with a rule saying what data would help.
pub fn orphans(targets: &[Target], sections: &[Section], options: &RunOptions) -> Vec<Assessment> {
    let covered: Vec<(Pair, Flow)> = sections
        .iter()
        .map(|s| (s.series.pair, s.series.flow))
        .collect();
    targets
        .iter()
        .filter(|t| !covered.contains(&(t.pair, t.flow)))
        .map(|t| target::assess(t, None, None, &options.assess_options()))
        .collect()
}

/// The sections of a vintage and its orphan assessments: everything [`build`] computes before
/// it assembles the [`Report`].
pub fn assess_all(vintage: &Vintage, options: &RunOptions) -> (Vec<Section>, Vec<Assessment>) {
    let sections = sections(&vintage.observations, &vintage.targets, options);
    let orphans = orphans(&vintage.targets, &sections, options);
    (sections, orphans)
}

/// Run the pipeline: keep what was published by the as-of date, reconcile the observations,
/// fit and choose models, assess targets, and merge this run's projections into the history.
///
/// Pure: no clock, no printing, no files. The same inputs give the same `Report`.
pub fn build(
    observations: &[Observation],
    targets: &[Target],
    input_warnings: Vec<String>,
    previous_history: Vec<history::HistoryRow>,
    options: &RunOptions,
) -> Report {
    let vintage = vintage(observations, targets, options.as_of);
    let (sections, orphan_assessments) = assess_all(&vintage, options);
    let mut report = Report {
        as_of: options.as_of,
        seed: options.seed,
        version: env!("CARGO_PKG_VERSION").to_string(),
        sections,
        orphan_assessments,
        input_warnings,
        published_later: vintage.published_later,
        history: Vec::new(),
    };
    report.history = history::merge(previous_history, &report);
    report
}
