//! The [`Report`]: the one value every output (Markdown, JSON, CSV, charts, history) is rendered from.
//!
//! [`build`] runs the whole pipeline on loaded data: reconcile → select models → assess targets.
//! Renderers are pure functions from `&Report` to bytes; [`crate::write`] commits them to disk.

pub mod chart;
pub mod csv_out;
pub mod history;
pub mod json;
pub mod markdown;

use serde::Serialize;

use crate::model::{self, FitOptions, ModelChoice, Selection};
use crate::obs::{Date, Observation, Side, Target, Trade};
use crate::reconcile::reconcile;
use crate::series::{PointKind, Series};
use crate::target::{self, AssessOptions, Assessment, Status};

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

/// One pair and flow (one trade, whatever the order of its codes): its series, the observations
/// behind it, the model choice and its targets.
///
/// When figures come from both sides (the reporter's statistics and the partner's mirror
/// figures), `series` is the main side and `other_sides` the rest, compared year by year in
/// `side_gaps`. The main side is the one the first current target is judged against (see
/// [`target::judged_side`]); without targets, the first code's own statistics, then figures of
/// unrecorded origin, then the partner's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The reconciled series of the main side.
    pub series: Series,
    /// The rows of `observations.csv` for this trade (every side), in file order.
    pub observations: Vec<Observation>,
    /// Models tried and the one chosen; `None` only when the series has no annual point.
    pub selection: Option<Selection>,
    /// Assessments of this trade's targets: current ones, then superseded ones, in file order.
    pub assessments: Vec<Assessment>,
    /// The same trade from the other sides (whose statistics), each with its own model choice.
    pub other_sides: Vec<SideSeries>,
    /// Years where the main side and another side both have a value, and the gap between them.
    pub side_gaps: Vec<SideGap>,
}

/// The series of one more side of a trade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideSeries {
    /// The reconciled series (its `reported_by` says whose statistics).
    pub series: Series,
    /// Models tried and the one chosen; `None` when the series has no annual point.
    pub selection: Option<Selection>,
}

/// One year seen from two sides.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SideGap {
    /// The year.
    pub year: i32,
    /// The main side.
    pub main: Side,
    /// Its value in USD.
    pub main_usd: f64,
    /// Its kind.
    pub main_kind: PointKind,
    /// The other side.
    pub other: Side,
    /// Its value in USD.
    pub other_usd: f64,
    /// Its kind.
    pub other_kind: PointKind,
    /// `other / main − 1`: +0.10 means the other side reports 10% more.
    pub gap: f64,
}

impl Section {
    /// File-name stem for this section's chart: `KZ-AZ-turnover`. Safe by construction:
    /// pair codes are two capital letters each and flows a closed set.
    pub fn stem(&self) -> String {
        format!("{}-{}", self.series.pair, self.series.flow)
    }

    /// The series and model choice of one side, if the trade has it.
    pub fn side(&self, side: Side) -> Option<(&Series, Option<&Selection>)> {
        if self.series.reported_by == side {
            return Some((&self.series, self.selection.as_ref()));
        }
        self.other_sides
            .iter()
            .find(|o| o.series.reported_by == side)
            .map(|o| (&o.series, o.selection.as_ref()))
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
    /// Figures left out because they were published after the as-of date.
    pub published_later: usize,
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
    // A vintage knows only what was published by its as-of date; undated rows cannot be placed
    // in time and are kept (their notes say how their year was inferred).
    let known_then = |d: Option<Date>| d.is_none_or(|d| d <= options.as_of);
    let published_later = observations
        .iter()
        .filter(|o| !known_then(o.published))
        .count();
    let observations: Vec<Observation> = observations
        .iter()
        .filter(|o| known_then(o.published))
        .cloned()
        .collect();
    let targets: Vec<Target> = targets
        .iter()
        .filter(|t| known_then(t.stated))
        .cloned()
        .collect();
    let goals = target::goals(&targets);
    let assess_options = AssessOptions {
        as_of: options.as_of,
        paths: options.paths,
        seed: options.seed,
    };

    // One group of series (one per side) per trade, in the order reconcile gives them.
    let mut trades: Vec<(Trade, Vec<Series>)> = Vec::new();
    for series in reconcile(&observations) {
        match trades.iter_mut().find(|(t, _)| *t == series.trade()) {
            Some((_, sides)) => sides.push(series),
            None => trades.push((series.trade(), vec![series])),
        }
    }
    let mut sections: Vec<Section> = trades
        .into_iter()
        .map(|(trade, sides)| {
            section(
                trade,
                sides,
                &observations,
                &goals,
                options,
                &assess_options,
            )
        })
        .collect();
    // Keep sections with something to show: annual points, or a target.
    sections.retain(|s| {
        !s.series.points.is_empty() || !s.assessments.is_empty() || !s.observations.is_empty()
    });

    let covered: Vec<Trade> = sections.iter().map(|s| s.series.trade()).collect();
    let orphan_assessments = goals
        .iter()
        .filter(|g| !covered.contains(&g.trade()))
        .map(|g| match &g.superseded_by {
            Some(by) => target::superseded(g, by, &assess_options),
            None => {
                let mut a = target::assess(g.target(), None, None, &assess_options);
                a.restated = g.statements[1..].to_vec();
                let (side, rule) = target::judged_side(g.target(), &[]);
                (a.judged_on, a.judged_on_rule) = (side, rule);
                a
            }
        })
        .collect();

    let mut report = Report {
        as_of: options.as_of,
        seed: options.seed,
        version: env!("CARGO_PKG_VERSION").to_string(),
        sections,
        orphan_assessments,
        input_warnings,
        published_later,
        history: Vec::new(),
    };
    report.history = history::merge(previous_history, &report);
    report
}

/// One trade's section: fit every side, pick the main one, assess the trade's goals.
fn section(
    trade: Trade,
    sides: Vec<Series>,
    observations: &[Observation],
    goals: &[target::Goal],
    options: &RunOptions,
    assess_options: &AssessOptions,
) -> Section {
    let goals_here: Vec<&target::Goal> = goals.iter().filter(|g| g.trade() == trade).collect();
    let available: Vec<Side> = sides
        .iter()
        .filter(|s| !s.points.is_empty())
        .map(|s| s.reported_by)
        .collect();
    let fit = |series: &Series| {
        (!series.points.is_empty()).then(|| {
            let last = series.points.last().map_or(0, |p| p.year);
            let needed = goals_here
                .iter()
                .map(|g| target::horizon_end(g.target(), options.as_of) - last)
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
        })
    };
    let mut fitted: Vec<SideSeries> = sides
        .into_iter()
        .map(|series| SideSeries {
            selection: fit(&series),
            series,
        })
        .collect();

    // The main side: the one the first current goal is judged against; else the name's first
    // code's own statistics, then unrecorded origin, then the other code's.
    let main_side = goals_here
        .iter()
        .find(|g| g.superseded_by.is_none())
        .map(|g| target::judged_side(g.target(), &available).0)
        .filter(|side| fitted.iter().any(|f| f.series.reported_by == *side))
        .or_else(|| {
            let pair = fitted[0].series.pair;
            [
                Side::Of(pair.reporter),
                Side::Unknown,
                Side::Of(pair.partner),
            ]
            .into_iter()
            .find(|side| available.contains(side))
        })
        .unwrap_or(fitted[0].series.reported_by);
    let main_at = fitted
        .iter()
        .position(|f| f.series.reported_by == main_side)
        .unwrap_or(0);
    let main = fitted.remove(main_at);

    let mut assessments: Vec<Assessment> = Vec::new();
    for g in goals_here.iter().filter(|g| g.superseded_by.is_none()) {
        let (side, rule) = target::judged_side(g.target(), &available);
        let on = if main.series.reported_by == side {
            Some((&main.series, main.selection.as_ref()))
        } else {
            fitted
                .iter()
                .find(|f| f.series.reported_by == side)
                .map(|f| (&f.series, f.selection.as_ref()))
        };
        let mut a = target::assess(
            g.target(),
            on.map(|(s, _)| s),
            on.and_then(|(_, sel)| sel),
            assess_options,
        );
        a.restated = g.statements[1..].to_vec();
        (a.judged_on, a.judged_on_rule) = (side, rule);
        assessments.push(a);
    }
    for g in &goals_here {
        if let Some(by) = &g.superseded_by {
            assessments.push(target::superseded(g, by, assess_options));
        }
    }

    let side_gaps = fitted
        .iter()
        .flat_map(|other| {
            other.series.points.iter().filter_map(|p| {
                let m = main.series.points.iter().find(|q| q.year == p.year)?;
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
        observations: observations
            .iter()
            .filter(|o| Trade::of(o.pair, o.flow) == trade)
            .cloned()
            .collect(),
        series: main.series,
        selection: main.selection,
        assessments,
        other_sides: fitted,
        side_gaps,
    }
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
    for section in report
        .sections
        .iter()
        .filter(|s| !s.series.points.is_empty())
    {
        files.push(OutputFile {
            path: std::path::Path::new("charts").join(format!("{}.png", section.stem())),
            bytes: chart::render_png(&chart_for(section, report))?,
        });
    }
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

/// A short name for a model, for titles and tables.
pub fn model_label(model: crate::model::ModelKind) -> &'static str {
    use crate::model::ModelKind as M;
    match model {
        M::Linear => "linear trend",
        M::LogLinear => "exponential growth (log-linear trend)",
        M::Cagr => "compound annual growth",
        M::Naive => "no change (random walk without drift)",
        M::Drift => "random walk with drift",
        M::Damped => "damped trend (ETS A,Ad,N)",
        M::LatestGrowth => "latest reported growth carried forward",
        M::Combination => "combination of models",
        M::Pooled => "pooled from real trade series",
    }
}

/// The chart data for one section: history by kind, fitted line, fan, and its first target.
pub fn chart_for(section: &Section, report: &Report) -> chart::Chart {
    use chart::{Chart, ChartForecast, ChartTarget, Crossing, ForecastPoint, HistoryPoint};
    let chosen = section.selection.as_ref().and_then(|s| s.chosen.as_ref());
    let mut sources: Vec<String> = section
        .observations
        .iter()
        .map(|o| match o.published {
            Some(d) => format!("{} ({d})", o.source),
            None => format!("{} (no date line)", o.source),
        })
        .collect();
    sources.dedup();
    let subtitle = match chosen {
        Some(f) => format!(
            "Model: {} · 80% and 95% prediction intervals · as of {}",
            model_label(f.model),
            report.as_of
        ),
        None if section.series.points.len() == 1 => {
            format!(
                "One annual value: too little data to fit a growth model · as of {}",
                report.as_of
            )
        }
        None => format!("No model could be fitted · as of {}", report.as_of),
    };
    Chart {
        title: format!("{} {}", section.series.pair, section.series.flow),
        subtitle,
        footer: format!(
            "Sources: {} · tradecast {} · seed {}",
            sources.join("; "),
            report.version,
            report.seed
        ),
        history: section
            .series
            .points
            .iter()
            .map(|p| HistoryPoint {
                year: p.year,
                value_usd: p.value_usd,
                kind: p.kind,
                bound: p.bound,
            })
            .collect(),
        fitted: chosen.map_or(Vec::new(), |f| {
            section
                .series
                .points
                .iter()
                .map(|p| p.year)
                .zip(f.fitted.iter().copied())
                .collect()
        }),
        forecast: chosen.map(|f| {
            let fc = &f.forecast;
            ChartForecast {
                points: (0..fc.years.len())
                    .map(|j| ForecastPoint {
                        year: fc.years[j],
                        mean_usd: fc.mean[j],
                        lower80_usd: fc.lower80[j],
                        upper80_usd: fc.upper80[j],
                        lower95_usd: fc.lower95[j],
                        upper95_usd: fc.upper95[j],
                    })
                    .collect(),
            }
        }),
        target: section
            .assessments
            .iter()
            .find(|a| a.status != Status::Superseded && a.judged_on == section.series.reported_by)
            .map(|a| ChartTarget {
                value_usd: a.target.value_usd,
                label: format!(
                    "Target {}{}",
                    crate::fmt::usd(a.target.value_usd),
                    a.target
                        .deadline
                        .map_or(String::new(), |d| format!(" by {d}"))
                ),
                crossing: a.crossing.and_then(|c| {
                    c.p50.map(|p50| Crossing {
                        p50,
                        p10: c.p10,
                        p90: c.p90,
                    })
                }),
                deadline: a.target.deadline,
            }),
    }
}
