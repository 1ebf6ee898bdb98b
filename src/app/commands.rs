//! One library function per command, each returning a typed result.
//!
//! Every result serialises (serde) to exactly the JSON `tradecast COMMAND --json` prints, built
//! by the views in [`crate::report::json`]; the values inside stay typed for callers that want
//! more than the JSON (the CLI's tables, the Python DataFrames, charts).

use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use crate::error::{Error, Problem, Result};
use crate::input::{self, Dataset};
use crate::obs::{Date, Flow, Pair};
use crate::report::{self, history, json as views, Report, Section};
use crate::series::Series;
use crate::target::{Assessment, Status};

use super::options::{Checked, ModelRequest};
use super::pipeline;

/// Serialise through the command's JSON view (`to_json`).
macro_rules! serialize_as_json {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                self.to_json().serialize(s)
            }
        }
    };
}

/// Read and validate the checked data directory.
pub fn load(options: &Checked) -> Result<Dataset> {
    input::load(options.data())
}

fn warning_texts(d: &Dataset) -> Vec<String> {
    d.warnings.iter().map(ToString::to_string).collect()
}

/// What `check` found: the data is valid; how much of it, and its warnings.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckSummary {
    /// The data directory.
    pub data: PathBuf,
    /// Rows of `observations.csv`.
    pub observations: usize,
    /// Rows of `targets.csv`.
    pub targets: usize,
    /// Located problems that do not reject the data.
    pub warnings: Vec<Problem>,
}

impl CheckSummary {
    /// `{"ok": true, "observations", "targets", "warnings"}`, as `tradecast check --json`.
    pub fn to_json(&self) -> Value {
        json!({
            "ok": true,
            "observations": self.observations,
            "targets": self.targets,
            "warnings": self.warnings,
        })
    }
}
serialize_as_json!(CheckSummary);

/// `tradecast check`: validate the data directory. Invalid data is [`Error::Invalid`] with
/// every problem located.
pub fn check(options: &Checked) -> Result<CheckSummary> {
    let d = load(options)?;
    Ok(CheckSummary {
        data: options.data().to_path_buf(),
        observations: d.observations.len(),
        targets: d.targets.len(),
        warnings: d.warnings,
    })
}

/// What `series` found: the reconciled annual series, one per pair and flow.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesList {
    /// Every pair and flow in the data, ordered by pair then flow.
    pub series: Vec<Series>,
    /// Loading warnings.
    pub warnings: Vec<Problem>,
}

impl SeriesList {
    /// The list `tradecast series --json` prints.
    pub fn to_json(&self) -> Value {
        Value::Array(self.series.iter().map(views::series).collect())
    }
}
serialize_as_json!(SeriesList);

/// `tradecast series`: every observation reconciled into annual series.
pub fn series(options: &Checked) -> Result<SeriesList> {
    let d = load(options)?;
    Ok(SeriesList {
        series: crate::reconcile::reconcile_with(&d.observations, &options.run().knowledge),
        warnings: d.warnings,
    })
}

/// What `forecast` found: per pair and flow, every model fitted or skipped and the choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecasts {
    /// The model request (`all` shows every fitted model's forecast in text).
    pub request: ModelRequest,
    /// One section per pair and flow (no targets: the horizon is as asked).
    pub sections: Vec<Section>,
    /// Loading warnings.
    pub warnings: Vec<Problem>,
}

impl Forecasts {
    /// The list `tradecast forecast --json` prints (the same for `auto` and `all`).
    pub fn to_json(&self) -> Value {
        Value::Array(self.sections.iter().map(views::forecast).collect())
    }
}
serialize_as_json!(Forecasts);

/// `tradecast forecast`: fit the models of the request per pair and flow, with 80%/95%
/// intervals over the checked horizon. Targets are not read, so the horizon stays as asked.
pub fn forecast(options: &Checked) -> Result<Forecasts> {
    let d = load(options)?;
    let run = options.run();
    let vintage = pipeline::vintage(&d.observations, &[], run.as_of);
    Ok(Forecasts {
        request: options.model(),
        sections: pipeline::sections(&vintage.observations, &[], run),
        warnings: d.warnings,
    })
}

/// What `targets` found: every target's assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// Assessments of targets with data (by pair and flow), then of those without.
    pub assessments: Vec<Assessment>,
    /// Loading warnings.
    pub warnings: Vec<Problem>,
}

impl Targets {
    /// The list `tradecast targets --json` prints.
    pub fn to_json(&self) -> Value {
        Value::Array(self.assessments.iter().map(views::assessment).collect())
    }
}
serialize_as_json!(Targets);

/// `tradecast targets`: assess every target stated by the as-of date (crossing years,
/// probability by the deadline, status and its rule).
pub fn targets(options: &Checked) -> Result<Targets> {
    let d = load(options)?;
    let vintage = pipeline::vintage(&d.observations, &d.targets, options.as_of());
    let (sections, orphans) = pipeline::assess_all(&vintage, options.run());
    Ok(Targets {
        assessments: sections
            .into_iter()
            .flat_map(|s| s.assessments)
            .chain(orphans)
            .collect(),
        warnings: d.warnings,
    })
}

/// The whole report for the checked options, built in memory (nothing written). With
/// `history_dir`, earlier vintages are read from its `history.csv`, as a report written there
/// would; without, the report holds this run's projections only.
pub fn build_report(options: &Checked, history_dir: Option<&Path>) -> Result<Report> {
    let d = load(options)?;
    let previous = match history_dir {
        Some(dir) => read_history(dir)?,
        None => Vec::new(),
    };
    Ok(pipeline::build(
        &d.observations,
        &d.targets,
        warning_texts(&d),
        previous,
        options.run(),
    ))
}

/// The text of `report.md`, without writing anything (see [`build_report`] for `history_dir`).
pub fn render_markdown(options: &Checked, history_dir: Option<&Path>) -> Result<String> {
    let r = build_report(options, history_dir)?;
    Ok(String::from_utf8_lossy(&report::markdown::render(&r)).into_owned())
}

fn read_history(out_dir: &Path) -> Result<Vec<history::HistoryRow>> {
    let path = out_dir.join("history.csv");
    match std::fs::read(&path) {
        Ok(bytes) => history::parse(&path.display().to_string(), &bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(source) => Err(Error::Io { path, source }),
    }
}

/// One target's status in a written report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetStatus {
    /// Target id.
    pub id: String,
    /// Its status.
    pub status: Status,
}

/// What `report` wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The output directory.
    pub out: PathBuf,
    /// The as-of date.
    pub as_of: Date,
    /// The seed.
    pub seed: u64,
    /// The files written, relative to `out`, in the order they were rendered.
    pub files: Vec<PathBuf>,
    /// Sections (pairs and flows) in the report.
    pub sections: usize,
    /// Every target's status.
    pub targets: Vec<TargetStatus>,
    /// Loading warnings.
    pub warnings: Vec<Problem>,
}

impl Written {
    /// Charts among the files.
    pub fn charts(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.starts_with("charts"))
            .count()
    }

    /// `{"out", "as_of", "seed", "files", "targets": [{"id", "status"}]}`, as
    /// `tradecast report --json`.
    pub fn to_json(&self) -> Value {
        json!({
            "out": self.out.display().to_string(),
            "as_of": self.as_of.to_string(),
            "seed": self.seed,
            "files": self.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
            "targets": self.targets.iter().map(|t| json!({"id": t.id, "status": t.status.as_str()})).collect::<Vec<_>>(),
        })
    }
}
serialize_as_json!(Written);

/// `tradecast report`: build the report and write every file into `out` (created if missing)
/// under its lock, committed together; `history.csv` keeps the earlier vintages found there.
/// A failure leaves the previous outputs whole.
pub fn write_report(options: &Checked, out: &Path) -> Result<Written> {
    write_report_failing_after(options, out, None)
}

/// [`write_report`], stopping after `fail_after` files are committed as if the run were killed
/// (for tests of crash safety; see [`crate::write::commit`]).
#[doc(hidden)]
pub fn write_report_failing_after(
    options: &Checked,
    out: &Path,
    fail_after: Option<usize>,
) -> Result<Written> {
    let d = load(options)?;
    let lock = crate::write::lock(out)?;
    let previous = read_history(out)?;
    let r = pipeline::build(
        &d.observations,
        &d.targets,
        warning_texts(&d),
        previous,
        options.run(),
    );
    let files = report::render_all(&r)?;
    crate::write::commit(out, &files, fail_after)?;
    drop(lock);
    Ok(Written {
        out: out.to_path_buf(),
        as_of: r.as_of,
        seed: r.seed,
        files: files.into_iter().map(|f| f.path).collect(),
        sections: r.sections.len(),
        targets: r
            .assessments()
            .map(|a| TargetStatus {
                id: a.target.id.clone(),
                status: a.status,
            })
            .collect(),
        warnings: d.warnings,
    })
}

/// One chart, as `report` writes it to `charts/{stem}.png`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartPng {
    /// `KZ-CN-turnover`: the file stem.
    pub stem: String,
    /// The PNG bytes.
    pub png: Vec<u8>,
}

/// The chart of one pair and flow, byte for byte the `charts/PAIR-FLOW.png` that `report` writes
/// with the same options. A pair and flow without an annual value has no chart: the error lists
/// those that have one.
pub fn chart(options: &Checked, pair: &str, flow: &str) -> Result<ChartPng> {
    let bad = |what: &str, e: crate::obs::ParseError| Error::Argument(format!("{what}: {e}"));
    let key: (Pair, Flow) = (
        pair.parse().map_err(|e| bad("pair", e))?,
        flow.parse().map_err(|e| bad("flow", e))?,
    );
    let r = build_report(options, None)?;
    let charted = || r.sections.iter().filter(|s| !s.series.points.is_empty());
    let Some(section) = charted().find(|s| (s.series.pair, s.series.flow) == key) else {
        return Err(Error::Argument(format!(
            "no chart for {pair} {flow}: it has no annual value in {}; charts: {}",
            options.data().display(),
            charted().map(Section::stem).collect::<Vec<_>>().join(", ")
        )));
    };
    Ok(ChartPng {
        stem: section.stem(),
        png: report::chart::render_png(&report::chart_for(section, &r))?,
    })
}
