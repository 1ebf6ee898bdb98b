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
use crate::report::history::{self, History};
use crate::report::{self, json as views, year_history, Report, Section};
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

fn warning_texts(warnings: &[Problem]) -> Vec<String> {
    warnings.iter().map(ToString::to_string).collect()
}

/// The data as known at the as-of date ([`pipeline::vintage`]), and the loading warnings about
/// it: a warning located on a row left out of the vintage is left out with it, so nothing
/// published later is mentioned.
pub(super) fn known(d: &Dataset, as_of: Date) -> (pipeline::Vintage, Vec<Problem>) {
    let v = pipeline::vintage(&d.observations, &d.targets, as_of);
    let later = |file: &str, line: usize| {
        let name = Path::new(file).file_name().and_then(|n| n.to_str());
        match name {
            Some("observations.csv") => {
                d.observations.iter().any(|o| o.line == line)
                    && !v.observations.iter().any(|o| o.line == line)
            }
            Some("targets.csv") => {
                d.targets.iter().any(|t| t.line == line)
                    && !v.targets.iter().any(|t| t.line == line)
            }
            _ => false,
        }
    };
    let warnings = d
        .warnings
        .iter()
        .filter(|w| !w.line.is_some_and(|line| later(&w.file, line)))
        .cloned()
        .collect();
    (v, warnings)
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

/// `tradecast series`: every observation known at the as-of date reconciled into annual series.
pub fn series(options: &Checked) -> Result<SeriesList> {
    let d = load(options)?;
    let (vintage, warnings) = known(&d, options.as_of());
    Ok(SeriesList {
        series: crate::reconcile::reconcile_with(&vintage.observations, &options.run().knowledge),
        warnings,
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
    let (vintage, warnings) = known(&d, options.as_of());
    Ok(Forecasts {
        request: options.model(),
        sections: pipeline::sections(&vintage.observations, &[], options.run()),
        warnings,
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
    let (vintage, warnings) = known(&d, options.as_of());
    let (sections, orphans) = pipeline::assess_all(&vintage, options.run());
    Ok(Targets {
        assessments: sections
            .into_iter()
            .flat_map(|s| s.assessments)
            .chain(orphans)
            .collect(),
        warnings,
    })
}

/// The whole report for the checked options, built in memory (nothing written). With
/// `history_dir`, earlier vintages are read from its `history.csv`, as a report written there
/// would; without, the report holds this run's projections only.
pub fn build_report(options: &Checked, history_dir: Option<&Path>) -> Result<Report> {
    let d = load(options)?;
    let previous = match history_dir {
        Some(dir) => read_history(dir)?,
        None => History::default(),
    };
    let (_, warnings) = known(&d, options.as_of());
    Ok(pipeline::build_with(
        &d.observations,
        &d.targets,
        warning_texts(&warnings),
        previous,
        options.run(),
    ))
}

/// The text of `report.md`, without writing anything (see [`build_report`] for `history_dir`).
pub fn render_markdown(options: &Checked, history_dir: Option<&Path>) -> Result<String> {
    let r = build_report(options, history_dir)?;
    Ok(String::from_utf8_lossy(&report::markdown::render(&r)).into_owned())
}

/// The earlier vintages kept in `out_dir`: `history.csv` and `history-projections.csv` (either
/// may be missing: a first run, or a history written before the second file existed).
pub(super) fn read_history(out_dir: &Path) -> Result<History> {
    let read = |name: &str| -> Result<Option<(PathBuf, Vec<u8>)>> {
        let path = out_dir.join(name);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some((path, bytes))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Io { path, source }),
        }
    };
    let targets = match read("history.csv")? {
        Some((path, bytes)) => history::parse(&path.display().to_string(), &bytes)?,
        None => Vec::new(),
    };
    let years = match read(year_history::FILE)? {
        Some((path, bytes)) => year_history::parse(&path.display().to_string(), &bytes)?,
        None => Vec::new(),
    };
    Ok(History { targets, years })
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
    /// What changed since the previous vintage in the output directory's history.
    pub changes: report::changes::Changes,
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

    /// `{"out", "as_of", "seed", "files", "targets": [{"id", "status"}], "changes":
    /// {"previous_as_of", "material", "count"}}`, as `tradecast report --json`.
    pub fn to_json(&self) -> Value {
        json!({
            "changes": {
                "previous_as_of": self.changes.previous.map(|d| d.to_string()),
                "material": self.changes.is_material(),
                "count": self.changes.items.len(),
            },
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
    write_report_with(options, out, &mut Commit::default())
}

/// How `report` commits its files: how long to wait for another run's lock, and what to tell
/// the user meanwhile (the library never prints: the front end passes `on_wait`).
#[derive(Default)]
pub struct Commit<'a> {
    /// How long to wait for a run holding the output directory's lock (zero: refuse at once).
    pub wait: std::time::Duration,
    /// Called once when the lock is held and the run starts waiting, with the holder's message.
    pub on_wait: Option<&'a mut dyn FnMut(&str)>,
    /// Test hook: stop after this many files, as if the run were killed.
    #[doc(hidden)]
    pub fail_after: Option<usize>,
}

/// [`write_report`], stopping after `fail_after` files are committed as if the run were killed
/// (for tests of crash safety; see [`crate::write::commit`]).
#[doc(hidden)]
pub fn write_report_failing_after(
    options: &Checked,
    out: &Path,
    fail_after: Option<usize>,
) -> Result<Written> {
    let mut commit = Commit {
        fail_after,
        ..Commit::default()
    };
    write_report_with(options, out, &mut commit)
}

/// [`write_report`], committing as `commit` says (waiting for the lock, see
/// [`crate::write::lock_waiting`]).
pub fn write_report_with(
    options: &Checked,
    out: &Path,
    commit: &mut Commit<'_>,
) -> Result<Written> {
    let d = load(options)?;
    let lock = take_lock(out, commit)?;
    let previous = read_history(out)?;
    let (_, warnings) = known(&d, options.as_of());
    let r = pipeline::build_with(
        &d.observations,
        &d.targets,
        warning_texts(&warnings),
        previous,
        options.run(),
    );
    let files = report::render_all(&r)?;
    crate::write::commit(out, &files, commit.fail_after)?;
    drop(lock);
    Ok(Written::of(out, &r, files, warnings))
}

pub(super) fn take_lock(out: &Path, commit: &mut Commit<'_>) -> Result<crate::write::Lock> {
    let mut silent = |_: &str| {};
    let on_wait: &mut dyn FnMut(&str) = match commit.on_wait.as_mut() {
        Some(f) => *f,
        None => &mut silent,
    };
    crate::write::lock_waiting(out, commit.wait, on_wait)
}

impl Written {
    pub(super) fn of(
        out: &Path,
        r: &Report,
        files: Vec<crate::write::OutputFile>,
        warnings: Vec<Problem>,
    ) -> Written {
        Written {
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
            changes: r.changes.clone(),
            warnings,
        }
    }
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
