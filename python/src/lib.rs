//! Python bindings for tradecast: the native module `tradecast._native`.
//!
//! Each function maps its arguments to `tradecast::app::Options`, runs the application layer's
//! command (the same function the CLI runs), and returns the result's JSON, the very value the
//! CLI prints with `--json`, converted to plain Python objects: Python and the CLI agree by
//! construction. Options are checked, data loaded and errors worded by the library, not here.
//! The heavy work runs with the GIL released. The pure-Python package `tradecast` wraps this
//! module (defaults, `datetime.date` arguments, DataFrames, notebook display).
#![deny(unsafe_code)]

mod convert;
mod panel;

use std::path::PathBuf;

use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use serde_json::{json, Value};
use tradecast::app::{self, Checked, Options};
use tradecast::batch::BatchOptions;
use tradecast::model::Outcome as Fit;
use tradecast::obs::Date;

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

type Outcome<T> = tradecast::Result<T>;

/// The library's error as a Python exception, in one place.
fn to_pyerr(py: Python<'_>, e: tradecast::Error) -> PyErr {
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

/// Run `work` with the GIL released, then map its failure to a Python exception.
fn run<T: Send>(py: Python<'_>, work: impl FnOnce() -> Outcome<T> + Send) -> PyResult<T> {
    py.detach(work).map_err(|e| to_pyerr(py, e))
}

/// A command's JSON (what the CLI prints with `--json`) as Python objects.
fn to_py(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    convert::to_py(py, value).map(Bound::unbind)
}

/// The Python arguments as the application layer's options, checked there.
/// `set` fills in the command's own arguments on top of the defaults.
fn options(
    data_dir: PathBuf,
    as_of: &str,
    seed: u64,
    set: impl FnOnce(&mut Options),
) -> Outcome<Checked> {
    let as_of: Date = as_of
        .parse()
        .map_err(|e| tradecast::Error::Argument(format!("as_of: {e}")))?;
    let mut o = Options::new(data_dir, as_of);
    o.seed = seed;
    set(&mut o);
    o.check()
}

/// Options for a command that reads only the data directory: `check` and `load` use neither
/// the date nor the seed, so any valid date will do.
fn data_only(data_dir: PathBuf) -> Outcome<Checked> {
    options(data_dir, "2000-01-01", 0, |_| {})
}

/// check(data_dir) -> dict
///
/// Validate the data directory; the same dict as `tradecast check --json`.
#[pyfunction]
fn check(py: Python<'_>, data_dir: PathBuf) -> PyResult<Py<PyAny>> {
    let value = run(py, || Ok(app::check(&data_only(data_dir)?)?.to_json()))?;
    to_py(py, &value)
}

/// load(data_dir) -> dict
///
/// The validated data set: `observations` and `targets` (every field, in file order) and
/// `warnings` (located problems that do not reject the data).
#[pyfunction]
fn load_dataset(py: Python<'_>, data_dir: PathBuf) -> PyResult<Py<PyAny>> {
    let value = run(py, || {
        let d = app::load(&data_only(data_dir)?)?;
        Ok(json!({
            "observations": d.observations,
            "targets": d.targets,
            "warnings": d.warnings,
        }))
    })?;
    to_py(py, &value)
}

/// series(data_dir, as_of) -> list[dict]
///
/// The reconciled annual series of what was known on `as_of`; the same list as
/// `tradecast series --json --as-of AS_OF`.
#[pyfunction]
#[pyo3(signature = (data_dir, as_of))]
fn series(py: Python<'_>, data_dir: PathBuf, as_of: String) -> PyResult<Py<PyAny>> {
    let value = run(py, || {
        Ok(app::series(&options(data_dir, &as_of, 0, |_| {})?)?.to_json())
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
        let checked = options(data_dir, &as_of, seed, |o| {
            o.horizon = horizon;
            o.model = model;
        })?;
        Ok(app::forecast(&checked)?.to_json())
    })?;
    to_py(py, &value)
}

/// forecast_all(data_dir, horizon, seed, as_of) -> (list[dict], list[dict])
///
/// `forecast(..., model="all")` in one run of the pipeline: the list `tradecast forecast --json`
/// prints (the same as `auto`'s), and every fitted candidate's own forecast per pair and flow
/// (`pair, flow, model, years, mean, lower80, upper80, lower95, upper95`), as `tradecast forecast
/// --model all` prints them: the analytic bands of each model, before the chosen one's
/// calibration.
#[pyfunction]
#[pyo3(signature = (data_dir, horizon, seed, as_of))]
fn forecast_all(
    py: Python<'_>,
    data_dir: PathBuf,
    horizon: usize,
    seed: u64,
    as_of: String,
) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
    let (chosen, candidates) = run(py, || {
        let checked = options(data_dir, &as_of, seed, |o| {
            o.horizon = horizon;
            o.model = "all".into();
        })?;
        let f = app::forecast(&checked)?;
        let mut rows = Vec::new();
        for s in &f.sections {
            let Some(sel) = &s.selection else { continue };
            for c in &sel.candidates {
                if let Fit::Fitted(m) = c {
                    let fc = &m.forecast;
                    rows.push(json!({
                        "pair": s.series.pair.to_string(),
                        "flow": s.series.flow.to_string(),
                        "model": m.model.as_str(),
                        "years": fc.years,
                        "mean": fc.point,
                        "lower80": fc.lower80,
                        "upper80": fc.upper80,
                        "lower95": fc.lower95,
                        "upper95": fc.upper95,
                    }));
                }
            }
        }
        Ok((f.to_json(), Value::Array(rows)))
    })?;
    Ok((to_py(py, &chosen)?, to_py(py, &candidates)?))
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
        let checked = options(data_dir, &as_of, seed, |o| o.paths = paths)?;
        Ok(app::targets(&checked)?.to_json())
    })?;
    to_py(py, &value)
}

/// report(data_dir, out_dir, as_of, seed, paths, wait=0.0) -> dict
///
/// Write the full report into `out_dir` exactly as `tradecast report` does (lock, every file
/// committed atomically, history appended); returns the dict `tradecast report --json` prints.
/// `wait`: seconds to wait for another run holding the directory's lock (`--wait`).
#[pyfunction]
#[pyo3(signature = (data_dir, out_dir, as_of, seed, paths, wait=0.0))]
fn write_report(
    py: Python<'_>,
    data_dir: PathBuf,
    out_dir: PathBuf,
    as_of: String,
    seed: u64,
    paths: usize,
    wait: f64,
) -> PyResult<Py<PyAny>> {
    let value = run(py, || {
        let checked = options(data_dir, &as_of, seed, |o| o.paths = paths)?;
        let wait = std::time::Duration::try_from_secs_f64(wait).map_err(|_| {
            tradecast::Error::Argument(format!("wait {wait}: give a number of seconds, 0 or more"))
        })?;
        let mut commit = app::Commit {
            wait,
            ..app::Commit::default()
        };
        Ok(app::write_report_with(&checked, &out_dir, &mut commit)?.to_json())
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
        let checked = options(data_dir, &as_of, seed, |o| o.paths = paths)?;
        app::render_markdown(&checked, history_dir.as_deref())
    })
}

/// chart(data_dir, pair, flow, as_of, seed, paths) -> (str, bytes)
///
/// The chart of one pair and flow: its file stem (`KZ-CN-turnover`) and the PNG bytes that
/// `tradecast report` writes to `charts/{stem}.png` with the same options.
#[pyfunction]
#[pyo3(signature = (data_dir, pair, flow, as_of, seed, paths))]
fn chart(
    py: Python<'_>,
    data_dir: PathBuf,
    pair: String,
    flow: String,
    as_of: String,
    seed: u64,
    paths: usize,
) -> PyResult<(String, Py<PyBytes>)> {
    let c = run(py, || {
        let checked = options(data_dir, &as_of, seed, |o| o.paths = paths)?;
        app::chart(&checked, &pair, &flow)
    })?;
    Ok((c.stem, PyBytes::new(py, &c.png).unbind()))
}

/// extract(files, assume_year) -> (list, str, str)
///
/// Candidate rows from news-release text files: the list `tradecast extract --json` prints,
/// and the candidate rows as CSV text for observations.csv and targets.csv (header included).
#[pyfunction]
#[pyo3(signature = (files, assume_year=None))]
fn extract(
    py: Python<'_>,
    files: Vec<PathBuf>,
    assume_year: Option<i32>,
) -> PyResult<(Py<PyAny>, String, String)> {
    let (json, rows) = run(py, || {
        let x = app::extract::read_articles(&files, assume_year)?;
        let json: Value = serde_json::from_str(&tradecast::extract::to_json(&x))
            .map_err(|e| tradecast::Error::Argument(format!("internal: extraction JSON: {e}")))?;
        Ok((json, tradecast::extract::to_csv_rows(&x)))
    })?;
    Ok((to_py(py, &json)?, rows.observations, rows.targets))
}

/// append_extracted(data_dir, files, assume_year) -> dict
///
/// Extract from `files` and append the new rows to `data_dir` as `tradecast extract --append`
/// does (duplicates skipped, every row checked, both files committed together).
#[pyfunction]
#[pyo3(signature = (data_dir, files, assume_year=None))]
fn append_extracted(
    py: Python<'_>,
    data_dir: PathBuf,
    files: Vec<PathBuf>,
    assume_year: Option<i32>,
) -> PyResult<Py<PyAny>> {
    let value = run(py, || {
        let x = app::extract::read_articles(&files, assume_year)?;
        let a = app::extract::append(&data_dir, &x)?;
        serde_json::to_value(&a)
            .map_err(|e| tradecast::Error::Argument(format!("internal: append summary: {e}")))
    })?;
    to_py(py, &value)
}

/// import_file(data_dir, files, format, dry_run, year, partners, since) -> (dict, str)
///
/// Import official statistics into `data_dir` as `tradecast import` does (idempotent, atomic,
/// nothing written on a problem). Returns its summary (the JSON of `tradecast import --json`,
/// without the rows) and the rows added as CSV text (header included).
#[pyfunction]
#[pyo3(signature = (data_dir, files, format="auto", dry_run=false, year=None, partners=Vec::new(), since=None))]
#[allow(clippy::too_many_arguments)]
fn import_file(
    py: Python<'_>,
    data_dir: PathBuf,
    files: Vec<PathBuf>,
    format: &str,
    dry_run: bool,
    year: Option<i32>,
    partners: Vec<String>,
    since: Option<i32>,
) -> PyResult<(Py<PyAny>, String)> {
    let (value, csv_text) = run(py, || {
        let partners = partners
            .iter()
            .map(|p| {
                p.parse::<tradecast::obs::Party>().map_err(|_| {
                    tradecast::Error::Argument(format!(
                        "partners: {p:?} is not an ISO alpha-2 code"
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let options = app::ImportOptions {
            format: format.parse()?,
            dry_run,
            year,
            partners,
            since,
        };
        let mut done = app::import(&data_dir, &files, &options)?;
        let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
        let bad = |e: csv::Error| tradecast::Error::Argument(format!("internal: rows CSV: {e}"));
        w.write_record(&done.columns).map_err(bad)?;
        for r in &done.rows {
            w.write_record(r).map_err(bad)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| tradecast::Error::Argument(format!("internal: rows CSV: {e}")))?;
        done.rows.clear();
        let value = serde_json::to_value(&done)
            .map_err(|e| tradecast::Error::Argument(format!("internal: import summary: {e}")))?;
        Ok((value, String::from_utf8_lossy(&bytes).into_owned()))
    })?;
    Ok((to_py(py, &value)?, csv_text))
}

/// forecast_panel(series_id, year, value, horizon, seed, threads) -> (dict, dict)
///
/// Forecast every series of a long panel given as three equal-length columns (the rows of a
/// series contiguous) with the library's batch mode, exactly as `tradecast batch` does, from its
/// typed results (full precision; `forecasts.csv` rounds to 8 significant digits). Returns
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
        panel::forecast(&series_id, &year, &value, &options)
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
    // The defaults the Python functions' arguments take: the library's, in one place.
    m.add("DEFAULT_SEED", tradecast::defaults::SEED)?;
    m.add("DEFAULT_HORIZON", tradecast::defaults::HORIZON)?;
    m.add("DEFAULT_PATHS", tradecast::defaults::PATHS)?;
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
    m.add_function(wrap_pyfunction!(chart, m)?)?;
    m.add_function(wrap_pyfunction!(forecast_all, m)?)?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(import_file, m)?)?;
    m.add_function(wrap_pyfunction!(append_extracted, m)?)?;
    Ok(())
}
