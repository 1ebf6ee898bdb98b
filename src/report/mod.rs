//! The [`Report`]: the one value every output (Markdown, JSON, CSV, charts, history) is rendered from.
//!
//! This module only renders: [`crate::app::pipeline::build`] makes a `Report` (reconcile → select
//! models → assess targets), and renderers are pure functions from `&Report` to bytes;
//! [`crate::write`] commits them to disk.

pub mod changes;
pub mod chart;
pub mod csv_out;
pub mod history;
mod history_file;
pub mod json;
pub mod markdown;
mod markdown_refresh;
pub mod names;
pub mod track;
pub mod year_history;

use crate::model::Selection;
use crate::obs::{Date, Observation, Side};
use crate::series::{PointKind, Series};
use crate::target::{Assessment, Status};

/// One pair and flow (one trade, whatever the order of its codes): its series, the observations
/// behind it, the model choice and its targets.
///
/// When figures come from both sides (the reporter's statistics and the partner's mirror
/// figures), `series` is the main side and `other_sides` the rest, compared year by year in
/// `side_gaps`. The main side is [`crate::target::main_side`]'s: the one the first current target
/// is judged against; without targets, the first code's own statistics, then figures of
/// unrecorded origin, then the partner's.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct SideSeries {
    /// The reconciled series (its `reported_by` says whose statistics).
    pub series: Series,
    /// Models tried and the one chosen; `None` when the series has no annual point.
    pub selection: Option<Selection>,
}

/// One year seen from two sides.
#[derive(Debug, Clone, Copy, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
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
    /// Earlier vintages' annual values and forecasts, plus this run's (see [`year_history`]).
    pub year_history: Vec<year_history::YearRow>,
    /// What changed since the previous vintage (see [`changes`]).
    pub changes: changes::Changes,
    /// How earlier vintages' projections fared (see [`track`]).
    pub track_record: track::TrackRecord,
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

/// Render every output file of a run, in a fixed order: report.md, charts, JSON, CSV, history,
/// then the refresh files (history-projections.csv, changes.json, track-record.csv).
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
    for (pair, flow) in report.track_record.trades() {
        if let Some(track) = track_chart_for(report, pair, flow) {
            files.push(OutputFile {
                path: std::path::Path::new("charts")
                    .join(format!("{}.png", track_stem(pair, flow))),
                bytes: chart::render_track_png(&track)?,
            });
        }
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
    files.push(OutputFile {
        path: year_history::FILE.into(),
        bytes: year_history::render(&report.year_history),
    });
    files.push(OutputFile {
        path: "changes.json".into(),
        bytes: json::changes(report),
    });
    files.push(OutputFile {
        path: "track-record.csv".into(),
        bytes: csv_out::track_record(&report.track_record),
    });
    Ok(files)
}

/// File-name stem of a trade's track-record chart: `track-KZ-KG-turnover`.
pub fn track_stem(pair: crate::obs::Pair, flow: crate::obs::Flow) -> String {
    format!("track-{pair}-{flow}")
}

/// The track-record chart of one trade (as its section names it): the main side's reported and
/// derived values, and the earlier projections of that side scored against them. `None` when
/// nothing of the main side is scored.
pub fn track_chart_for(
    report: &Report,
    pair: crate::obs::Pair,
    flow: crate::obs::Flow,
) -> Option<chart::TrackChart> {
    let section = report
        .sections
        .iter()
        .find(|s| (s.series.pair, s.series.flow) == (pair, flow))?;
    let side = section.series.reported_by;
    let scored: Vec<&track::Scored> = report
        .track_record
        .scored
        .iter()
        .filter(|s| (s.pair, s.flow, s.reported_by) == (pair, flow, side))
        .collect();
    if scored.is_empty() {
        return None;
    }
    let in80 = scored.iter().filter(|s| s.in80).count();
    let in95 = scored.iter().filter(|s| s.in95).count();
    let mut vintages: Vec<&str> = scored.iter().map(|s| s.made_as_of.as_str()).collect();
    vintages.sort_unstable();
    vintages.dedup();
    Some(chart::TrackChart {
        title: format!("{pair} {flow}: earlier projections against what happened"),
        subtitle: format!(
            "{} earlier projection(s) now checkable: {in80} inside their 80% band, {in95} inside their 95% band · as of {}",
            scored.len(),
            report.as_of
        ),
        footer: format!(
            "Vintages {} to {} ({}) · {} · tradecast {} · seed {}",
            vintages.first().copied().unwrap_or_default(),
            vintages.last().copied().unwrap_or_default(),
            vintages.len(),
            match side {
                crate::obs::Side::Of(party) => format!("{party}'s statistics"),
                crate::obs::Side::Unknown => "figures of unrecorded origin".to_string(),
            },
            report.version,
            report.seed
        ),
        actual: section
            .series
            .points
            .iter()
            .filter(|p| matches!(p.kind, PointKind::Reported | PointKind::Derived))
            .map(|p| (p.year, p.value_usd))
            .collect(),
        projections: scored
            .iter()
            .map(|s| chart::TrackProjection {
                year: s.year,
                point_usd: s.point_usd,
                band80: s.band80,
                band95: s.band95,
            })
            .collect(),
    })
}

/// A model's name for titles: [`names::model`]'s long form.
pub fn model_label(model: crate::model::ModelKind) -> &'static str {
    names::model(model).long
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
            "Model: {}{} · 80% and 95% prediction intervals · as of {}",
            model_label(f.model),
            // A projection from one or two values says so (the pooled model's 1- and 2-point
            // classes).
            match f.fitted.len() {
                1 => ", resting on one annual value",
                2 => ", resting on two annual values",
                _ => "",
            },
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
                        mean_usd: fc.point[j],
                        lower80_usd: fc.lower80[j],
                        upper80_usd: fc.upper80[j],
                        lower95_usd: fc.lower95[j],
                        upper95_usd: fc.upper95[j],
                    })
                    .collect(),
                point_label: names::model(f.model).point.to_string(),
            }
        }),
        target: section
            .assessments
            .iter()
            .find(|a| a.status != Status::Superseded && a.judged_on == section.series.reported_by)
            .and_then(|a| {
                Some(ChartTarget {
                    value_usd: a.level_usd?,
                    label: format!(
                        "Target {}{}",
                        a.goal_words(),
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
                })
            }),
    }
}
