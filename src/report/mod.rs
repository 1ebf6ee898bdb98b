//! The [`Report`]: the one value every output (Markdown, JSON, CSV, charts, history) is rendered from.
//!
//! [`build`] runs the whole pipeline on loaded data: reconcile → select models → assess targets.
//! Renderers are pure functions from `&Report` to bytes; [`crate::write`] commits them to disk.

pub mod csv_out;
pub mod history;
pub mod json;
pub mod markdown;

use serde::Serialize;

use crate::model::{self, FitOptions, ModelChoice, Selection};
use crate::obs::{Date, Flow, Observation, Pair, Target};
use crate::reconcile::reconcile;
use crate::series::Series;
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
}

/// One pair and flow: its series, the observations behind it, the model choice and its targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The reconciled series.
    pub series: Series,
    /// The rows of `observations.csv` for this pair and flow, in file order.
    pub observations: Vec<Observation>,
    /// Models tried and the one chosen; `None` only when the series has no annual point.
    pub selection: Option<Selection>,
    /// Assessments of this pair and flow's targets.
    pub assessments: Vec<Assessment>,
}

impl Section {
    /// File-name stem for this section's chart: `KZ-AZ-turnover`. Safe by construction:
    /// pair codes are two capital letters each and flows a closed set.
    pub fn stem(&self) -> String {
        format!("{}-{}", self.series.pair, self.series.flow)
    }
}

/// Everything a run found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The as-of date.
    pub as_of: Date,
    /// The seed.
    pub seed: u64,
    /// tradecast version that made it.
    pub version: String,
    /// One section per pair and flow, ordered by pair then flow.
    pub sections: Vec<Section>,
    /// Targets whose pair and flow has no data at all (kept, never dropped).
    pub orphan_assessments: Vec<Assessment>,
    /// Warnings from loading (located).
    pub input_warnings: Vec<String>,
    /// Earlier vintages of the target projections, plus this run's (see [`history`]).
    pub history: Vec<history::HistoryRow>,
}

/// Run the pipeline: reconcile the observations, fit and choose models, assess targets.
///
/// Pure: no clock, no printing, no files. The same inputs give the same `Report`.
pub fn build(
    observations: &[Observation],
    targets: &[Target],
    input_warnings: Vec<String>,
    previous_history: Vec<history::HistoryRow>,
    options: &RunOptions,
) -> Report {
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
            let assess_options = AssessOptions {
                as_of: options.as_of,
                paths: options.paths,
                seed: options.seed,
            };
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

    let covered: Vec<(Pair, Flow)> = sections
        .iter()
        .map(|s| (s.series.pair, s.series.flow))
        .collect();
    let orphan_assessments = targets
        .iter()
        .filter(|t| !covered.contains(&(t.pair, t.flow)))
        .map(|t| {
            target::assess(
                t,
                None,
                None,
                &AssessOptions {
                    as_of: options.as_of,
                    paths: options.paths,
                    seed: options.seed,
                },
            )
        })
        .collect();

    let mut report = Report {
        as_of: options.as_of,
        seed: options.seed,
        version: env!("CARGO_PKG_VERSION").to_string(),
        sections,
        orphan_assessments,
        input_warnings,
        history: Vec::new(),
    };
    report.history = history::merge(previous_history, &report);
    report
}

impl Report {
    /// Every assessment, section ones first, then orphans.
    pub fn assessments(&self) -> impl Iterator<Item = &Assessment> {
        self.sections
            .iter()
            .flat_map(|s| s.assessments.iter())
            .chain(self.orphan_assessments.iter())
    }
}

/// Render every output file of a run, in a fixed order: report.md, charts, JSON, CSV, history.
pub fn render_all(report: &Report) -> crate::Result<Vec<crate::write::OutputFile>> {
    use crate::write::OutputFile;
    let mut files = vec![OutputFile {
        path: "report.md".into(),
        bytes: markdown::render(report),
    }];
    files.push(OutputFile {
        path: "projections.json".into(),
        bytes: json::projections(report),
    });
    files.push(OutputFile {
        path: "projections.csv".into(),
        bytes: csv_out::projections(report),
    });
    files.push(OutputFile {
        path: "assessments.csv".into(),
        bytes: csv_out::assessments(report),
    });
    files.push(OutputFile {
        path: "history.csv".into(),
        bytes: history::render(&report.history),
    });
    Ok(files)
}
