//! Python bindings for tradecast: the native module `tradecast._native`.
//!
//! Every function returns the same JSON values the CLI prints with `--json` (built by
//! `tradecast::report::json`), converted to plain Python objects, so Python and the CLI agree by
//! construction. The heavy work runs with the GIL released. The pure-Python package `tradecast`
//! wraps this module (defaults, `datetime.date` arguments, pandas DataFrames).
#![deny(unsafe_code)]

mod convert;
mod panel;

use std::path::{Path, PathBuf};

use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::{json, Value};
use tradecast::batch::BatchOptions;
use tradecast::input::{self, Dataset};
use tradecast::model::{ModelChoice, ModelKind};
use tradecast::obs::Date;
use tradecast::report::{self, history, json as views, RunOptions};

pyo3::create_exception!(
    tradecast,
    InputError,
    PyValueError,
    "Input was rejected: data files with problems (every one listed, with file, line and column, \
     also as the `problems` attribute), or an argument out of range. The CLI exits 1 on the same input."
);
pyo3::create_exception!(
    tradecast,
    FileError,
    PyOSError,
    "A file or directory could not be read or written (the message names it; `filename` and, \
     when the OS gave one, `errno` are set). The CLI exits 2 on the same failure."
);
pyo3::create_exception!(
    tradecast,
    RenderError,
    PyRuntimeError,
    "A chart could not be drawn or encoded (not expected with the embedded font)."
);

/// Everything that can go wrong before or inside the library, mapped to Python in one place.
enum Failure {
    /// Rejected by the bindings themselves (missing data directory, bad argument).
    Rejected(String),
    /// The library's error.
    Library(tradecast::Error),
}

impl From<tradecast::Error> for Failure {
    fn from(e: tradecast::Error) -> Self {
        Failure::Library(e)
    }
}

type Outcome<T> = std::result::Result<T, Failure>;

fn to_pyerr(py: Python<'_>, failure: Failure) -> PyErr {
    match failure {
        Failure::Rejected(message) => InputError::new_err(message),
        Failure::Library(e) => {
            let message = e.to_string();
            match e {
                tradecast::Error::Invalid(problems) => {
                    let err = InputError::new_err(message);
                    let list: Vec<Value> = problems
                        .iter()
                        .map(|p| serde_json::to_value(p).unwrap_or(Value::Null))
                        .collect();
                    if let Ok(obj) = convert::to_py(py, &Value::Array(list)) {
                        let _ = err.value(py).setattr("problems", obj);
                    }
                    err
                }
                tradecast::Error::Argument(_) => InputError::new_err(message),
                tradecast::Error::Io { path, source } => {
                    let err = FileError::new_err(message);
                    let value = err.value(py);
                    let _ = value.setattr("filename", path.display().to_string());
                    let _ = value.setattr("strerror", source.to_string());
                    if let Some(code) = source.raw_os_error() {
                        let _ = value.setattr("errno", code);
                    }
                    err
                }
                tradecast::Error::Render(_) => RenderError::new_err(message),
                _ => PyRuntimeError::new_err(message),
            }
        }
    }
}

/// Run `work` with the GIL released, then map its failure to a Python exception.
fn run<T: Send>(py: Python<'_>, work: impl FnOnce() -> Outcome<T> + Send) -> PyResult<T> {
    py.detach(work).map_err(|f| to_pyerr(py, f))
}

fn to_py(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    convert::to_py(py, value).map(Bound::unbind)
}

/// Load `dir` like the CLI does: a missing directory or file is rejected input with a hint.
fn load(dir: &Path) -> Outcome<Dataset> {
    if !dir.is_dir() {
        return Err(Failure::Rejected(format!(
            "data directory {} not found: pass data_dir, a folder holding observations.csv and targets.csv \
             (see README.md, \"Data format\")",
            dir.display()
        )));
    }
    for file in ["observations.csv", "targets.csv"] {
        if !dir.join(file).is_file() {
            return Err(Failure::Rejected(format!(
                "{} not found: the data directory needs observations.csv and targets.csv \
                 (targets.csv may hold only its header line)",
                dir.join(file).display()
            )));
        }
    }
    Ok(input::load(dir)?)
}

fn parse_as_of(as_of: &str) -> Outcome<Date> {
    as_of
        .parse::<Date>()
        .map_err(|e| Failure::Rejected(format!("as_of: {e}")))
}

/// The CLI's `--model` values: `auto`, `all` (same JSON as auto), or one single model's name.
fn parse_model(name: &str) -> Outcome<ModelChoice> {
    let singles = || {
        ModelKind::ALL
            .iter()
            .filter(|k| **k != ModelKind::Combination)
    };
    match name {
        "auto" | "all" => Ok(ModelChoice::Auto),
        _ => singles()
            .find(|k| k.as_str() == name)
            .map(|k| ModelChoice::Only(*k))
            .ok_or_else(|| {
                Failure::Rejected(format!(
                    "unknown model {name:?}: expected auto, all, or one of {}",
                    singles().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                ))
            }),
    }
}

fn in_range(name: &str, value: usize, low: usize, high: usize) -> Outcome<usize> {
    if (low..=high).contains(&value) {
        Ok(value)
    } else {
        Err(Failure::Rejected(format!(
            "{name} {value} is out of range: give {low} to {high}"
        )))
    }
}

fn warnings(dataset: &Dataset) -> Vec<String> {
    dataset.warnings.iter().map(|w| w.to_string()).collect()
}

fn read_history(out_dir: &Path) -> Outcome<Vec<history::HistoryRow>> {
    let path = out_dir.join("history.csv");
    match std::fs::read(&path) {
        Ok(bytes) => Ok(history::parse(&path.display().to_string(), &bytes)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(source) => Err(tradecast::Error::Io { path, source }.into()),
    }
}

/// check(data_dir) -> dict
///
/// Validate the data directory; the same dict as `tradecast check --json`.
#[pyfunction]
fn check(py: Python<'_>, data_dir: PathBuf) -> PyResult<Py<PyAny>> {
    let value = run(py, || {
        let d = load(&data_dir)?;
        Ok(json!({
            "ok": true,
            "observations": d.observations.len(),
            "targets": d.targets.len(),
            "warnings": d.warnings,
        }))
    })?;
    to_py(py, &value)
}

/// load(data_dir) -> dict
///
/// The validated data set: `observations` and `targets` (every field, in file order) and
/// `warnings` (located problems that do not reject the data).
#[pyfunction]
fn load_dataset(py: Python<'_>, data_dir: PathBuf) -> PyResult<Py<PyAny>> {
    let value = run(py, || {
        let d = load(&data_dir)?;
        Ok(json!({
            "observations": d.observations,
            "targets": d.targets,
            "warnings": d.warnings,
        }))
    })?;
    to_py(py, &value)
}

/// series(data_dir) -> list[dict]
///
/// The reconciled annual series; the same list as `tradecast series --json`.
#[pyfunction]
fn series(py: Python<'_>, data_dir: PathBuf) -> PyResult<Py<PyAny>> {
    let value = run(py, || {
        let d = load(&data_dir)?;
        let all = tradecast::reconcile::reconcile(&d.observations);
        Ok(Value::Array(all.iter().map(views::series).collect()))
    })?;
    to_py(py, &value)
}

/// forecast(data_dir, horizon, model, seed, as_of) -> list[dict]
///
/// Models tried and chosen per pair and flow, with 80%/95% intervals; the same list as
/// `tradecast forecast --json`.
#[pyfunction]
#[pyo3(signature = (data_dir, horizon, model, seed, as_of))]
fn forecast(
    py: Python<'_>,
    data_dir: PathBuf,
    horizon: usize,
    model: String,
    seed: u64,
    as_of: String,
) -> PyResult<Py<PyAny>> {
    let value = run(py, || {
        let as_of = parse_as_of(&as_of)?;
        let mut options = RunOptions::new(as_of, seed);
        options.horizon = in_range("horizon", horizon, 1, 100)?;
        options.choice = parse_model(&model)?;
        let d = load(&data_dir)?;
        // As in the CLI: targets are left out so the horizon stays as asked.
        let r = report::build(&d.observations, &[], Vec::new(), Vec::new(), &options);
        Ok(Value::Array(
            r.sections.iter().map(views::forecast).collect(),
        ))
    })?;
    to_py(py, &value)
}

/// targets(data_dir, as_of, seed, paths) -> list[dict]
///
/// Every target's assessment; the same list as `tradecast targets --json`.
#[pyfunction]
#[pyo3(signature = (data_dir, as_of, seed, paths))]
fn targets(
    py: Python<'_>,
    data_dir: PathBuf,
    as_of: String,
    seed: u64,
    paths: usize,
) -> PyResult<Py<PyAny>> {
    let value = run(py, || {
        let as_of = parse_as_of(&as_of)?;
        let mut options = RunOptions::new(as_of, seed);
        options.paths = in_range("paths", paths, 100, 1_000_000)?;
        let d = load(&data_dir)?;
        let r = report::build(
            &d.observations,
            &d.targets,
            warnings(&d),
            Vec::new(),
            &options,
        );
        Ok(Value::Array(
            r.assessments().map(views::assessment).collect(),
        ))
    })?;
    to_py(py, &value)
}

/// report(data_dir, out_dir, as_of, seed, paths) -> dict
///
/// Write the full report into `out_dir` exactly as `tradecast report` does (lock, every file
/// committed atomically, history appended); returns the dict `tradecast report --json` prints.
#[pyfunction]
#[pyo3(signature = (data_dir, out_dir, as_of, seed, paths))]
fn write_report(
    py: Python<'_>,
    data_dir: PathBuf,
    out_dir: PathBuf,
    as_of: String,
    seed: u64,
    paths: usize,
) -> PyResult<Py<PyAny>> {
    let value = run(py, || {
        let as_of = parse_as_of(&as_of)?;
        let mut options = RunOptions::new(as_of, seed);
        options.paths = in_range("paths", paths, 100, 1_000_000)?;
        let d = load(&data_dir)?;
        let lock = tradecast::write::lock(&out_dir)?;
        let previous = read_history(&out_dir)?;
        let r = report::build(
            &d.observations,
            &d.targets,
            warnings(&d),
            previous,
            &options,
        );
        let files = report::render_all(&r)?;
        tradecast::write::commit(&out_dir, &files, None)?;
        drop(lock);
        Ok(json!({
            "out": out_dir.display().to_string(),
            "as_of": as_of.to_string(),
            "seed": seed,
            "files": files.iter().map(|f| f.path.display().to_string()).collect::<Vec<_>>(),
            "targets": r.assessments().map(|a| json!({"id": a.target.id, "status": a.status.as_str()})).collect::<Vec<_>>(),
        }))
    })?;
    to_py(py, &value)
}

/// render_markdown(data_dir, as_of, seed, paths, history_dir) -> str
///
/// The text of `report.md` without writing anything. With `history_dir`, earlier vintages are
/// read from its `history.csv` (as `tradecast report --out history_dir` would); without, the
/// report holds this run's projections only.
#[pyfunction]
#[pyo3(signature = (data_dir, as_of, seed, paths, history_dir=None))]
fn render_markdown(
    py: Python<'_>,
    data_dir: PathBuf,
    as_of: String,
    seed: u64,
    paths: usize,
    history_dir: Option<PathBuf>,
) -> PyResult<String> {
    run(py, || {
        let as_of = parse_as_of(&as_of)?;
        let mut options = RunOptions::new(as_of, seed);
        options.paths = in_range("paths", paths, 100, 1_000_000)?;
        let d = load(&data_dir)?;
        let previous = match &history_dir {
            Some(dir) => read_history(dir)?,
            None => Vec::new(),
        };
        let r = report::build(
            &d.observations,
            &d.targets,
            warnings(&d),
            previous,
            &options,
        );
        Ok(String::from_utf8_lossy(&report::markdown::render(&r)).into_owned())
    })
}

/// forecast_panel(series_id, year, value, horizon, seed, threads) -> (dict, dict)
///
/// Forecast every series of a long panel given as three equal-length columns (the rows of a
/// series contiguous) with the library's batch mode, exactly as `tradecast batch` does. Returns
/// two dicts of columns: the forecasts (`series_id, year, mean, lower80, upper80, lower95,
/// upper95, model`, series in input order) and the skipped rows and series (`series_id, line,
/// reason`; `line` is 1-based in the panel CSV, whose header is line 1: row i is line i + 2).
#[pyfunction]
#[pyo3(signature = (series_id, year, value, horizon, seed, threads=0))]
fn forecast_panel(
    py: Python<'_>,
    series_id: Vec<String>,
    year: Vec<i64>,
    value: Vec<f64>,
    horizon: usize,
    seed: u64,
    threads: usize,
) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
    let p = run(py, || {
        let mut options = BatchOptions::new(horizon);
        options.seed = seed;
        options.threads = threads;
        Ok(panel::forecast(&series_id, &year, &value, &options)?)
    })?;
    let f = PyDict::new(py);
    let fc = &p.forecasts;
    f.set_item("series_id", &fc.series_id)?;
    f.set_item("year", &fc.year)?;
    f.set_item("mean", &fc.mean)?;
    f.set_item("lower80", &fc.lower80)?;
    f.set_item("upper80", &fc.upper80)?;
    f.set_item("lower95", &fc.lower95)?;
    f.set_item("upper95", &fc.upper95)?;
    f.set_item("model", &fc.model)?;
    let s = PyDict::new(py);
    s.set_item("series_id", &p.skipped.series_id)?;
    s.set_item("line", &p.skipped.line)?;
    s.set_item("reason", &p.skipped.reason)?;
    Ok((f.into_any().unbind(), s.into_any().unbind()))
}

/// The native module. Use it through the `tradecast` package, which adds defaults and pandas.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("FileError", py.get_type::<FileError>())?;
    m.add("RenderError", py.get_type::<RenderError>())?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(load_dataset, m)?)?;
    m.add_function(wrap_pyfunction!(series, m)?)?;
    m.add_function(wrap_pyfunction!(forecast, m)?)?;
    m.add_function(wrap_pyfunction!(targets, m)?)?;
    m.add_function(wrap_pyfunction!(write_report, m)?)?;
    m.add_function(wrap_pyfunction!(render_markdown, m)?)?;
    m.add_function(wrap_pyfunction!(forecast_panel, m)?)?;
    Ok(())
}
