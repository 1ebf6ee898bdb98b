//! Batch forecasting: many short annual series from one long CSV panel, streamed in and out.
//!
//! # Input
//!
//! A CSV file with a header naming the columns `series_id`, `year` and `value` (any order; other
//! columns are ignored; fields are trimmed). One row per series and year; values are positive.
//!
//! **The rows of one series must be contiguous** (a panel sorted or grouped by `series_id`, in
//! any series order; years within a series in any order). The file is read once, front to back,
//! and a series is forecast as soon as its last row has been read, so a `series_id` that reappears
//! after rows of another series cannot be joined to its first block: the later block is reported in
//! `skipped.csv` (its first line, and how many rows were left out) and the run goes on. Only a
//! 64-bit hash of every `series_id` seen is kept for this check (8 bytes a series); two different
//! ids with the same hash (odds about n²/2⁶⁵: 10⁻⁸ for 400,000 series) would be misreported as a
//! reappearance.
//!
//! # Outputs (in the output directory)
//!
//! - `forecasts.csv`: `series_id,year,mean,lower80,upper80,lower95,upper95,model`, one row per
//!   series and forecast year, series in input order.
//! - `skipped.csv`: `series_id,line,reason`, in input order: malformed rows (wrong field count,
//!   empty id, a year or value that is not a number; the row is left out and its series is still
//!   forecast from its other rows; also a `series_id` with control characters or longer than
//!   [`MAX_ID_BYTES`]), series that cannot be forecast (a value that is not a positive finite
//!   number or lies outside [`model::MIN_VALUE`]..=[`model::MAX_VALUE`], a year given twice,
//!   too few points for any model), reappearing series.
//!
//! Text fields in the outputs are formula-neutralised for spreadsheets (a leading `'` before
//! `=`, `+`, `-`, `@`), and no `series_id` is ever used in a file name.
//! - `targets.csv` (only with a target ratio R): `series_id,target,p10,p50,p90,probability_10y`,
//!   where `target` = R × the last observed value, `p10`/`p50`/`p90` are percentiles of the first
//!   year simulated paths reach it (empty: not within the simulated horizon, at least ten years),
//!   and `probability_10y` is the share of paths that reach it within ten years of the last
//!   observed year; one row per forecast series. Without a target ratio a stale `targets.csv`
//!   from an earlier run is removed.
//!
//! Numbers are written with 8 significant digits (scientific notation outside 10⁻⁴…10¹⁵).
//! All files are written to temporary files in the output directory and renamed into place only
//! when the whole panel has been processed, under the directory's lock ([`crate::write::lock`]):
//! a failed run leaves the previous outputs untouched.
//!
//! # Parallelism, determinism and memory
//!
//! One reader thread parses the panel into chunks of [`BatchOptions::chunk_size`] series; the
//! chunks are forecast in parallel on a rayon pool of [`BatchOptions::threads`] threads, and
//! one writer thread appends each chunk's rows in input order. Channels between the three hold
//! at most two chunks each, and a chunk is also cut at 262,144 input rows and (for long
//! horizons) at 32,768 forecast rows, so memory stays bounded whatever the number of series:
//! measured peak RSS 20 MiB for 400,000 series at horizon 10, 11 MiB for 10,000 series at
//! horizon 200 (50 MiB before chunks shrank with the horizon).
//!
//! Every series is forecast from its own data and its own seed, derived from the global seed and
//! a stable hash (FNV-1a, 64 bit) of its `series_id` — never from thread, chunk or position —
//! so the output bytes do not depend on the number of threads or the chunk size.
//!
//! A panic inside a model (a bug) is caught per series: that series is reported in
//! `skipped.csv` as an internal error and the run goes on.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Problem, Result};
use crate::model::{self, FitOptions, ModelChoice, ModelKind, SeriesData};
use crate::target;

/// Header of `forecasts.csv`.
pub const FORECASTS_HEADER: &str = "series_id,year,mean,lower80,upper80,lower95,upper95,model\n";
/// Header of `skipped.csv`.
pub const SKIPPED_HEADER: &str = "series_id,line,reason\n";
/// Header of `targets.csv`.
pub const TARGETS_HEADER: &str = "series_id,target,p10,p50,p90,probability_10y\n";
/// File names in the output directory.
pub const FORECASTS_FILE: &str = "forecasts.csv";
/// See [`FORECASTS_FILE`].
pub const SKIPPED_FILE: &str = "skipped.csv";
/// See [`FORECASTS_FILE`].
pub const TARGETS_FILE: &str = "targets.csv";

/// Records end at `\n` only. With the csv crate's default (`\r`, `\n` or `\r\n`), a CRLF file's
/// record positions lag one line behind; a `\r` left at the end of a line is trimmed as
/// whitespace. Files with bare `\r` line ends (classic Mac) are not supported.
const LINE_END: csv::Terminator = csv::Terminator::Any(b'\n');

/// Default number of series forecast per parallel chunk.
pub const DEFAULT_CHUNK_SIZE: usize = 2048;
/// At most this many forecast rows per chunk (a chunk of 2,048 series up to a horizon of 16).
const MAX_CHUNK_OUTPUT_ROWS: usize = 32_768;
/// A chunk closes after this many input rows (long series), whatever its number of series.
const MAX_CHUNK_ROWS: usize = 262_144;
/// Default number of simulated paths per series for `targets.csv`.
pub const DEFAULT_PATHS: usize = 1000;
/// Default global seed (the CLI's `--seed` default).
pub const DEFAULT_SEED: u64 = 42;
/// `probability_10y` looks this many years past the last observed year.
pub const TARGET_YEARS: usize = 10;
/// Largest accepted horizon, in years.
pub const MAX_HORIZON: usize = 200;

/// Options for [`run_batch`] and [`batch_streams`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchOptions {
    /// Years to forecast after each series' last observed year (1..=[`MAX_HORIZON`]).
    pub horizon: usize,
    /// With `Some(r)`, write `targets.csv` for the target `r` × the last observed value (r > 0).
    pub target_ratio: Option<f64>,
    /// Worker threads for the forecasts; 0 = one per available core.
    pub threads: usize,
    /// Global seed; each series' seed is derived from it and the series id.
    pub seed: u64,
    /// Series per parallel chunk (does not change the output, only memory and overhead).
    pub chunk_size: usize,
    /// Simulated paths per series for `targets.csv` (at least 1,000 is advised).
    pub paths: usize,
    /// Pooled knowledge for the pooled model (default: the built-in file).
    pub knowledge: &'static crate::knowledge::Knowledge,
}

impl BatchOptions {
    /// Defaults for everything but the horizon: no targets, all cores, seed 42, chunks of 2,048
    /// series, 1,000 paths.
    pub fn new(horizon: usize) -> Self {
        BatchOptions {
            horizon,
            target_ratio: None,
            threads: 0,
            seed: DEFAULT_SEED,
            chunk_size: DEFAULT_CHUNK_SIZE,
            paths: DEFAULT_PATHS,
            knowledge: crate::knowledge::Knowledge::builtin(),
        }
    }

    /// Check every option; the error says which one and what would be accepted.
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_HORIZON).contains(&self.horizon) {
            return Err(Error::Argument(format!(
                "horizon {} is out of range: give 1 to {MAX_HORIZON} years",
                self.horizon
            )));
        }
        if let Some(r) = self.target_ratio {
            if !(r.is_finite() && r > 0.0) {
                return Err(Error::Argument(format!(
                    "target ratio {r} must be a positive number (e.g. 2 for doubling the last value)"
                )));
            }
        }
        if self.chunk_size == 0 {
            return Err(Error::Argument("chunk size must be at least 1".into()));
        }
        if self.target_ratio.is_some() && self.paths == 0 {
            return Err(Error::Argument(
                "number of simulated paths must be at least 1 (1,000 or more advised)".into(),
            ));
        }
        Ok(())
    }

    /// Chunks shrink for long horizons so the output bytes of the chunks in flight stay bounded
    /// (the chunk size never changes the output).
    fn effective_chunk_size(&self) -> usize {
        self.chunk_size
            .min((MAX_CHUNK_OUTPUT_ROWS / self.fit_horizon().max(1)).max(1))
    }

    /// The horizon models are fitted with: with targets, at least [`TARGET_YEARS`] so the
    /// simulated paths cover ten years; `forecasts.csv` keeps the first `horizon` years.
    fn fit_horizon(&self) -> usize {
        if self.target_ratio.is_some() {
            self.horizon.max(TARGET_YEARS)
        } else {
            self.horizon
        }
    }
}

/// What a batch run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BatchSummary {
    /// Data rows read (header excluded).
    pub rows: u64,
    /// Malformed rows left out (each is in `skipped.csv`).
    pub bad_rows: u64,
    /// Series read (first blocks of each `series_id`).
    pub series: u64,
    /// Series forecast.
    pub forecast: u64,
    /// Series that could not be forecast (each is in `skipped.csv`).
    pub skipped: u64,
    /// Later blocks of a `series_id` already seen, left out (each is in `skipped.csv`).
    pub reappeared: u64,
    /// Series forecast, by chosen model.
    pub by_model: BTreeMap<ModelKind, u64>,
    /// Files written (by [`run_batch`]; empty for [`batch_streams`]).
    pub files: Vec<PathBuf>,
}

/// Where [`batch_streams`] writes: the three CSV outputs (headers included).
pub struct Sinks<'a> {
    /// `forecasts.csv`.
    pub forecasts: &'a mut (dyn Write + Send),
    /// `skipped.csv`.
    pub skipped: &'a mut (dyn Write + Send),
    /// `targets.csv`; required when a target ratio is given, ignored otherwise.
    pub targets: Option<&'a mut (dyn Write + Send)>,
}

/// Forecast every series of the panel file `panel` and write `forecasts.csv`, `skipped.csv`
/// (and `targets.csv` with a target ratio) into `out_dir`, atomically.
///
/// `progress(n)` is called with `n` = 1 each time one more series is done, from the worker
/// threads (so it must be `Sync`; e.g. `&|n| bar.inc(n)` with an indicatif bar). For a bar with
/// a known length, count the series first with [`count_series`].
///
/// Errors: unreadable panel, missing header columns, bad options, an output directory that
/// cannot be written or is locked by another run. Problems with rows or series are not errors:
/// they go to `skipped.csv`.
pub fn run_batch(
    panel: &Path,
    out_dir: &Path,
    options: &BatchOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<BatchSummary> {
    options.validate()?;
    let input = fs::File::open(panel).map_err(|source| Error::Io {
        path: panel.to_path_buf(),
        source,
    })?;
    run_batch_from(
        input,
        &panel.display().to_string(),
        out_dir,
        options,
        progress,
    )
}

/// [`run_batch`] on a panel from any reader (e.g. standard input for `--panel -`), named
/// `source` in messages; the outputs are written atomically into `out_dir` all the same.
pub fn run_batch_from<R: Read + Send>(
    input: R,
    source: &str,
    out_dir: &Path,
    options: &BatchOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<BatchSummary> {
    options.validate()?;
    let _lock = crate::write::lock(out_dir)?;
    crate::write::sweep(out_dir);

    let mut names = vec![FORECASTS_FILE, SKIPPED_FILE];
    if options.target_ratio.is_some() {
        names.push(TARGETS_FILE);
    }
    let staged: Vec<(PathBuf, PathBuf)> = names
        .iter()
        .map(|n| {
            (
                out_dir.join(format!(".tradecast-tmp-{}-{n}", std::process::id())),
                out_dir.join(n),
            )
        })
        .collect();
    let remove_staged = || {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
    };

    let result = (|| {
        let mut files = Vec::with_capacity(staged.len());
        for (tmp, _) in &staged {
            let f = fs::File::create(tmp).map_err(io_err(tmp))?;
            files.push(BufWriter::with_capacity(1 << 18, f));
        }
        let mut it = files.iter_mut();
        let (f, s) = (it.next().expect("forecasts"), it.next().expect("skipped"));
        let t = it.next();
        let summary = batch_streams(
            input,
            source,
            Sinks {
                forecasts: f,
                skipped: s,
                targets: t.map(|t| t as &mut (dyn Write + Send)),
            },
            options,
            progress,
        )?;
        for (w, (tmp, _)) in files.into_iter().zip(&staged) {
            let f = w.into_inner().map_err(|e| Error::Io {
                path: tmp.clone(),
                source: e.into_error(),
            })?;
            f.sync_all().map_err(io_err(tmp))?;
        }
        Ok(summary)
    })();
    let mut summary = match result {
        Ok(s) => s,
        Err(e) => {
            remove_staged();
            return Err(e);
        }
    };
    for (tmp, dest) in &staged {
        if let Err(e) = fs::rename(tmp, dest) {
            remove_staged();
            return Err(io_err(dest)(e));
        }
        summary.files.push(dest.clone());
    }
    if options.target_ratio.is_none() {
        // A targets.csv from an earlier run does not belong with these forecasts.
        let _ = fs::remove_file(out_dir.join(TARGETS_FILE));
    }
    if let Ok(d) = fs::File::open(out_dir) {
        let _ = d.sync_all();
    }
    Ok(summary)
}

/// The streaming core of [`run_batch`]: read a panel from `input` (named `source` in messages)
/// and write the CSV outputs to `sinks`. Nothing is written atomically here; the caller owns
/// the writers (flush them afterwards).
///
/// ```
/// use tradecast::batch::{batch_streams, BatchOptions, Sinks};
///
/// let panel = "series_id,year,value\n\
///              a,2019,10\na,2020,11\na,2021,12.5\na,2022,13\n\
///              b,2021,4\nb,2022,-1\n";
/// let (mut forecasts, mut skipped) = (Vec::new(), Vec::new());
/// let sinks = Sinks { forecasts: &mut forecasts, skipped: &mut skipped, targets: None };
/// let summary =
///     batch_streams(panel.as_bytes(), "panel.csv", sinks, &BatchOptions::new(2), &|_| {}).unwrap();
/// assert_eq!((summary.series, summary.forecast, summary.skipped), (2, 1, 1));
///
/// let forecasts = String::from_utf8(forecasts).unwrap();
/// let mut lines = forecasts.lines();
/// assert_eq!(lines.next(), Some("series_id,year,mean,lower80,upper80,lower95,upper95,model"));
/// assert!(lines.next().unwrap().starts_with("a,2023,"));
/// assert!(lines.next().unwrap().starts_with("a,2024,"));
/// // The bad value is reported at its line (7: the header is line 1).
/// assert!(String::from_utf8(skipped).unwrap().lines().nth(1).unwrap().starts_with("b,7,"));
/// ```
pub fn batch_streams<R: Read + Send>(
    input: R,
    source: &str,
    sinks: Sinks<'_>,
    options: &BatchOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<BatchSummary> {
    options.validate()?;
    let Sinks {
        forecasts,
        skipped,
        targets,
    } = sinks;
    let mut targets = if options.target_ratio.is_some() {
        Some(targets.ok_or_else(|| {
            Error::Argument("a target ratio was given but no targets writer".into())
        })?)
    } else {
        None
    };

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .terminator(LINE_END)
        .from_reader(input);
    let columns = header_columns(&mut reader, source)?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .thread_name(|i| format!("tradecast-batch-{i}"))
        .build()
        .map_err(|e| Error::Argument(format!("cannot start {} threads: {e}", options.threads)))?;

    let out_err = |path: &str| {
        let path = PathBuf::from(path);
        move |source| Error::Io { path, source }
    };
    forecasts
        .write_all(FORECASTS_HEADER.as_bytes())
        .map_err(out_err(FORECASTS_FILE))?;
    skipped
        .write_all(SKIPPED_HEADER.as_bytes())
        .map_err(out_err(SKIPPED_FILE))?;
    if let Some(t) = targets.as_mut() {
        t.write_all(TARGETS_HEADER.as_bytes())
            .map_err(out_err(TARGETS_FILE))?;
    }

    let mut summary = BatchSummary::default();
    let chunk_size = options.effective_chunk_size();
    std::thread::scope(|scope| -> Result<()> {
        let (chunk_tx, chunk_rx) = mpsc::sync_channel::<Result<Vec<Block>>>(2);
        let (out_tx, out_rx) = mpsc::sync_channel::<Vec<SeriesOutput>>(2);

        let reader_thread = scope.spawn(move || {
            let mut chunker = Chunker::new(columns, chunk_size);
            let mut record = csv::ByteRecord::new();
            loop {
                match reader.read_byte_record(&mut record) {
                    Ok(true) => {
                        let line = record.position().map_or(0, |p| p.line());
                        if let Some(chunk) = chunker.push(&record, line) {
                            if chunk_tx.send(Ok(chunk)).is_err() {
                                break;
                            }
                        }
                    }
                    Ok(false) => {
                        let chunk = chunker.finish();
                        if !chunk.is_empty() {
                            let _ = chunk_tx.send(Ok(chunk));
                        }
                        break;
                    }
                    Err(e) => {
                        let line = e.position().map_or(0, |p| p.line());
                        if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                            let _ = chunk_tx.send(Err(Error::Io {
                                path: PathBuf::from(source),
                                source: std::io::Error::other(e.to_string()),
                            }));
                            break;
                        }
                        // Any other CSV error belongs to one row: report it and go on.
                        chunker.bad_row(line, String::new(), format!("unreadable CSV row: {e}"));
                    }
                }
            }
            chunker.counts()
        });

        let writer_thread = scope.spawn(move || -> Result<BatchSummary> {
            let mut s = BatchSummary::default();
            for outputs in out_rx {
                for o in outputs {
                    forecasts
                        .write_all(&o.forecasts)
                        .map_err(out_err(FORECASTS_FILE))?;
                    skipped
                        .write_all(&o.skipped)
                        .map_err(out_err(SKIPPED_FILE))?;
                    if let Some(t) = targets.as_mut() {
                        t.write_all(&o.targets).map_err(out_err(TARGETS_FILE))?;
                    }
                    match o.status {
                        Status::Forecast(kind) => {
                            s.forecast += 1;
                            *s.by_model.entry(kind).or_default() += 1;
                        }
                        Status::Skipped => s.skipped += 1,
                        Status::Reappeared => s.reappeared += 1,
                        Status::RowsOnly => {}
                    }
                }
            }
            Ok(s)
        });

        let mut failure = None;
        for chunk in chunk_rx {
            let chunk = match chunk {
                Ok(c) => c,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            };
            let outputs: Vec<SeriesOutput> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|b| {
                        let o = process(b, options);
                        if matches!(o.status, Status::Forecast(_) | Status::Skipped) {
                            progress(1);
                        }
                        o
                    })
                    .collect()
            });
            if out_tx.send(outputs).is_err() {
                break; // the writer failed; its error is returned below
            }
        }
        drop(out_tx);
        // Dropping the receiver (loop ended) unblocks a reader waiting to send.
        let counts = reader_thread.join().expect("batch reader thread panicked");
        let written = writer_thread
            .join()
            .expect("batch writer thread panicked")?;
        if let Some(e) = failure {
            return Err(e);
        }
        summary = BatchSummary {
            rows: counts.rows,
            bad_rows: counts.bad_rows,
            series: written.forecast + written.skipped,
            ..written
        };
        Ok(())
    })?;
    Ok(summary)
}

/// Count the series (contiguous blocks of one `series_id`) in a panel file, for a progress bar.
/// Malformed rows and reappearing blocks are counted as the batch run counts them.
pub fn count_series(panel: &Path) -> Result<u64> {
    let input = fs::File::open(panel).map_err(io_err(panel))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .terminator(LINE_END)
        .from_reader(input);
    let columns = header_columns(&mut reader, &panel.display().to_string())?;
    let mut record = csv::ByteRecord::new();
    let mut current: Option<Vec<u8>> = None;
    let mut seen = HashSet::new();
    let mut n = 0u64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                if parse_row(&record, columns).is_err() {
                    continue;
                }
                let id = record.get(columns[0]).unwrap_or_default();
                if current.as_deref() != Some(id) {
                    if seen.insert(id_hash(id)) {
                        n += 1;
                    }
                    current = Some(id.to_vec());
                }
            }
            Ok(false) => return Ok(n),
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                return Err(Error::Io {
                    path: panel.to_path_buf(),
                    source: std::io::Error::other(e.to_string()),
                })
            }
            Err(_) => {}
        }
    }
}

/// The seed of one series: the global seed mixed with a stable hash of its id.
pub fn series_seed(global_seed: u64, series_id: &str) -> u64 {
    splitmix64(global_seed ^ id_hash(series_id.as_bytes()))
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// FNV-1a 64, finalised with splitmix64 so similar ids spread over all bits.
fn id_hash(id: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in id {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    splitmix64(h)
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Positions of `series_id`, `year`, `value` in the header.
fn header_columns<R: Read>(reader: &mut csv::Reader<R>, source: &str) -> Result<[usize; 3]> {
    let problem = |message: String| {
        Error::Invalid(vec![Problem {
            file: source.to_string(),
            line: Some(1),
            column: None,
            message,
        }])
    };
    let header = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(Error::Io {
                path: PathBuf::from(source),
                source: std::io::Error::other(e.to_string()),
            })
        }
    };
    if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
        return Err(problem(
            "the panel is empty: expected a header line `series_id,year,value`".into(),
        ));
    }
    let find = |name: &str| {
        let mut at = header
            .iter()
            .enumerate()
            .filter(|(_, h)| h.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(i, _)| i);
        (at.next(), at.next())
    };
    let shown = || {
        let text = header
            .iter()
            .map(String::from_utf8_lossy)
            .collect::<Vec<_>>()
            .join(",");
        let mut short: String = text.chars().take(120).collect();
        if short.len() < text.len() {
            short.push('…');
        }
        short
    };
    let mut columns = [0; 3];
    for (slot, name) in columns.iter_mut().zip(["series_id", "year", "value"]) {
        match find(name) {
            (Some(i), None) => *slot = i,
            (Some(i), Some(j)) => {
                return Err(problem(format!(
                    "column `{name}` appears twice in the header (columns {} and {}): keep one",
                    i + 1,
                    j + 1
                )))
            }
            (None, _) => {
                let raw = header.as_slice();
                let hint = if raw.contains(&b';') {
                    "; fields must be separated by commas, not semicolons"
                } else if raw.contains(&b'\t') {
                    "; fields must be separated by commas, not tabs"
                } else if header
                    .iter()
                    .any(|h| h.first().is_some_and(u8::is_ascii_digit))
                    || header.len() >= 3 && find("series_id").0.is_none()
                {
                    "; the first line must be the header `series_id,year,value` (is it missing?)"
                } else {
                    ""
                };
                return Err(problem(format!(
                    "expected a header line naming the columns series_id, year and value, found \
                     `{}`{hint}",
                    shown()
                )));
            }
        }
    }
    Ok(columns)
}

/// A well-formed row: (series_id, year, value); or (id as written, reason).
fn parse_row(
    rec: &csv::ByteRecord,
    cols: [usize; 3],
) -> Result<(&str, i32, f64), (String, String)> {
    let raw_id = rec.get(cols[0]).unwrap_or_default();
    let shown_id = shorten(&String::from_utf8_lossy(raw_id));
    let bad = |reason: String| Err((shown_id.clone(), reason));
    let need = cols.iter().max().map_or(0, |m| m + 1);
    if rec.len() < need {
        return bad(format!(
            "expected at least {need} fields (series_id,year,value), found {}",
            rec.len()
        ));
    }
    let Ok(id) = std::str::from_utf8(raw_id) else {
        return bad("series_id is not valid UTF-8".into());
    };
    if id.is_empty() {
        return bad("empty series_id".into());
    }
    if id.len() > MAX_ID_BYTES {
        return bad(format!(
            "series_id of {} bytes: at most {MAX_ID_BYTES} are accepted",
            id.len()
        ));
    }
    if let Some(c) = id.chars().find(|c| c.is_control()) {
        return bad(format!(
            "series_id contains the control character U+{:04X}: use printable text",
            u32::from(c)
        ));
    }
    let year_text = String::from_utf8_lossy(&rec[cols[1]]);
    let year: i32 = match year_text.parse() {
        Ok(y) if (1..=9999).contains(&y) => y,
        Ok(y) => return bad(format!("year {y} is outside 1 to 9999")),
        Err(_) => {
            return bad(format!(
                "year `{}` is not a whole number",
                shorten(&year_text)
            ))
        }
    };
    let value_text = String::from_utf8_lossy(&rec[cols[2]]);
    let Ok(value) = value_text.parse::<f64>() else {
        return bad(format!(
            "value `{}` is not a number (plain decimal, e.g. 1234.5)",
            shorten(&value_text)
        ));
    };
    Ok((id, year, value))
}

/// Longest `series_id` accepted, in bytes.
pub const MAX_ID_BYTES: usize = 1000;

/// Text as written, cut to 100 characters for messages (a 1 MB field is not echoed whole),
/// control characters (NUL, newlines) shown as U+FFFD.
fn shorten(text: &str) -> String {
    let mut chars = text
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c });
    let mut short: String = chars.by_ref().take(100).collect();
    if chars.next().is_some() {
        short.push('…');
    }
    short
}

/// One unit of work: a series block, a reappeared block, or malformed rows before any series.
#[derive(Debug, Default)]
struct Block {
    id: String,
    first_line: u64,
    years: Vec<i32>,
    values: Vec<f64>,
    lines: Vec<u64>,
    /// Malformed rows met while this block was current: (id as written, line, reason).
    bad_rows: Vec<(String, u64, String)>,
    kind: BlockKind,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    #[default]
    Series,
    /// A later block of an id already seen: (number of rows, last line).
    Reappeared { rows: u64, last_line: u64 },
    /// Only malformed rows (before the first well-formed row).
    RowsOnly,
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    rows: u64,
    bad_rows: u64,
}

/// Groups rows into blocks and blocks into chunks, remembering which ids were seen.
struct Chunker {
    columns: [usize; 3],
    chunk_size: usize,
    seen: HashSet<u64>,
    current: Block,
    chunk: Vec<Block>,
    /// Series blocks and rows in `chunk`.
    chunk_series: usize,
    chunk_rows: usize,
    counts: Counts,
}

impl Chunker {
    fn new(columns: [usize; 3], chunk_size: usize) -> Self {
        Chunker {
            columns,
            chunk_size,
            seen: HashSet::new(),
            current: Block {
                kind: BlockKind::RowsOnly,
                ..Block::default()
            },
            chunk: Vec::with_capacity(chunk_size),
            chunk_series: 0,
            chunk_rows: 0,
            counts: Counts::default(),
        }
    }

    fn counts(&self) -> Counts {
        self.counts
    }

    fn bad_row(&mut self, line: u64, id: String, reason: String) {
        self.counts.rows += 1;
        self.counts.bad_rows += 1;
        self.current.bad_rows.push((id, line, reason));
    }

    /// Add one row; returns a full chunk when one is ready.
    fn push(&mut self, rec: &csv::ByteRecord, line: u64) -> Option<Vec<Block>> {
        let (id, year, value) = match parse_row(rec, self.columns) {
            Ok(r) => r,
            Err((id, reason)) => {
                self.bad_row(line, id, reason);
                return None;
            }
        };
        self.counts.rows += 1;
        let mut full = None;
        if self.current.kind == BlockKind::RowsOnly || self.current.id != id {
            let kind = if self.seen.insert(id_hash(id.as_bytes())) {
                BlockKind::Series
            } else {
                BlockKind::Reappeared {
                    rows: 0,
                    last_line: line,
                }
            };
            let next = Block {
                id: id.to_string(),
                first_line: line,
                kind,
                ..Block::default()
            };
            let done = std::mem::replace(&mut self.current, next);
            full = self.close(done);
        }
        match &mut self.current.kind {
            BlockKind::Series => {
                self.current.years.push(year);
                self.current.values.push(value);
                self.current.lines.push(line);
            }
            BlockKind::Reappeared { rows, last_line } => {
                *rows += 1;
                *last_line = line;
            }
            BlockKind::RowsOnly => unreachable!("replaced above"),
        }
        full
    }

    fn close(&mut self, block: Block) -> Option<Vec<Block>> {
        if block.kind == BlockKind::RowsOnly && block.bad_rows.is_empty() {
            return None;
        }
        self.chunk_series += usize::from(block.kind == BlockKind::Series);
        self.chunk_rows += block.years.len() + block.bad_rows.len();
        self.chunk.push(block);
        // Cap rows (long series) and non-series blocks too (a file of nothing but
        // reappearances), so a chunk's memory stays bounded whatever the input.
        let full = self.chunk_series >= self.chunk_size
            || self.chunk_rows >= MAX_CHUNK_ROWS
            || self.chunk.len() >= 4 * self.chunk_size;
        full.then(|| {
            self.chunk_series = 0;
            self.chunk_rows = 0;
            std::mem::replace(&mut self.chunk, Vec::with_capacity(self.chunk_size))
        })
    }

    fn finish(&mut self) -> Vec<Block> {
        let last = std::mem::take(&mut self.current);
        let _ = self.close(last);
        std::mem::take(&mut self.chunk)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Forecast(ModelKind),
    Skipped,
    Reappeared,
    RowsOnly,
}

/// The bytes one block adds to each output.
#[derive(Debug)]
struct SeriesOutput {
    forecasts: Vec<u8>,
    skipped: Vec<u8>,
    targets: Vec<u8>,
    status: Status,
}

/// Forecast one block: a pure function of the block and the options.
fn process(block: &Block, options: &BatchOptions) -> SeriesOutput {
    let mut out = SeriesOutput {
        forecasts: Vec::new(),
        skipped: Vec::new(),
        targets: Vec::new(),
        status: Status::Skipped,
    };
    // Problems in line order: malformed rows, then (at its line) why the series was skipped.
    let mut problems: Vec<(&str, u64, String)> = block
        .bad_rows
        .iter()
        .map(|(id, line, reason)| (id.as_str(), *line, reason.clone()))
        .collect();
    match block.kind {
        BlockKind::RowsOnly => out.status = Status::RowsOnly,
        BlockKind::Reappeared { rows, last_line } => {
            out.status = Status::Reappeared;
            problems.push((
                &block.id,
                block.first_line,
                format!(
                    "series_id reappears after rows of other series; rows of a series must be \
                     contiguous: {rows} row(s), lines {}-{last_line}, left out",
                    block.first_line
                ),
            ));
        }
        BlockKind::Series => match forecast_series(block, options, &mut out) {
            Ok(kind) => out.status = Status::Forecast(kind),
            Err((line, reason)) => {
                out.status = Status::Skipped;
                problems.push((&block.id, line, reason));
            }
        },
    }
    problems.sort_by_key(|p| p.1);
    for (id, line, reason) in problems {
        push_field(&mut out.skipped, id);
        out.skipped.push(b',');
        push_display(&mut out.skipped, line);
        out.skipped.push(b',');
        push_field(&mut out.skipped, &reason);
        out.skipped.push(b'\n');
    }
    out
}

/// Forecast one series into `out`; or the line and reason it cannot be forecast.
fn forecast_series(
    block: &Block,
    options: &BatchOptions,
    out: &mut SeriesOutput,
) -> std::result::Result<ModelKind, (u64, String)> {
    for (i, &v) in block.values.iter().enumerate() {
        if !(v.is_finite() && v > 0.0) {
            return Err((
                block.lines[i],
                format!("value {v} is not a positive number; series not forecast"),
            ));
        }
        if !(model::MIN_VALUE..=model::MAX_VALUE).contains(&v) {
            return Err((
                block.lines[i],
                format!(
                    "value {v:e} is outside {:e} to {:e}, the range the models compute in; \
                     rescale the series (e.g. to thousands or millions); series not forecast",
                    model::MIN_VALUE,
                    model::MAX_VALUE
                ),
            ));
        }
    }
    let mut order: Vec<usize> = (0..block.years.len()).collect();
    order.sort_by_key(|&i| (block.years[i], block.lines[i]));
    for w in order.windows(2) {
        if block.years[w[0]] == block.years[w[1]] {
            return Err((
                block.lines[w[1]],
                format!(
                    "year {} is given twice (lines {} and {}); series not forecast",
                    block.years[w[0]], block.lines[w[0]], block.lines[w[1]]
                ),
            ));
        }
    }
    let years: Vec<i32> = order.iter().map(|&i| block.years[i]).collect();
    let values: Vec<f64> = order.iter().map(|&i| block.values[i]).collect();
    let (last_year, last_value) = (years[years.len() - 1], values[values.len() - 1]);
    // Checked above, so this cannot fail; a failure would be a bug worth reporting, not a panic.
    let data = SeriesData::plain(years, values)
        .map_err(|e| (block.first_line, format!("series rejected: {e}")))?;

    let seed = series_seed(options.seed, &block.id);
    let fit = FitOptions {
        horizon: options.fit_horizon(),
        seed,
        choice: ModelChoice::Auto,
    };
    let selection =
        catch(|| model::select_with(&data, &fit, options.knowledge)).map_err(|msg| {
            (
                block.first_line,
                format!("internal error in model selection (please report): {msg}"),
            )
        })?;
    let Some(chosen) = selection.chosen else {
        return Err((
            block.first_line,
            format!(
                "no model could be fitted to {} point(s): {}",
                data.len(),
                selection.reason
            ),
        ));
    };
    let f = &chosen.forecast;
    let h = options.horizon.min(f.years.len());
    let cols = [&f.mean, &f.lower80, &f.upper80, &f.lower95, &f.upper95];
    if cols.iter().any(|c| c[..h].iter().any(|v| !v.is_finite())) {
        return Err((
            block.first_line,
            format!(
                "model {} gave a non-finite forecast; series not forecast",
                chosen.model.as_str()
            ),
        ));
    }
    let model_name = chosen.model.as_str();
    for j in 0..h {
        push_field(&mut out.forecasts, &block.id);
        out.forecasts.push(b',');
        push_display(&mut out.forecasts, f.years[j]);
        for c in cols {
            out.forecasts.push(b',');
            push_num(&mut out.forecasts, c[j]);
        }
        out.forecasts.push(b',');
        out.forecasts.extend_from_slice(model_name.as_bytes());
        out.forecasts.push(b'\n');
    }

    if let Some(ratio) = options.target_ratio {
        let goal = ratio * last_value;
        let first = catch(|| chosen.first_crossings(options.paths, seed, goal)).map_err(|msg| {
            (
                block.first_line,
                format!("internal error in path simulation (please report): {msg}"),
            )
        })?;
        let crossings = target::Crossings::from_first(&f.years, &first);
        let crossing = crossings.percentiles();
        let p10y = crossings.probability_by(last_year + TARGET_YEARS as i32);
        push_field(&mut out.targets, &block.id);
        out.targets.push(b',');
        push_num(&mut out.targets, goal);
        for p in [crossing.p10, crossing.p50, crossing.p90] {
            out.targets.push(b',');
            if let Some(y) = p {
                push_display(&mut out.targets, y);
            }
        }
        out.targets.push(b',');
        push_num(&mut out.targets, p10y);
        out.targets.push(b'\n');
    }
    Ok(chosen.model)
}

/// Run `f`, turning a panic into its message.
fn catch<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|e| {
        e.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string())
    })
}

fn push_display(buf: &mut Vec<u8>, x: impl std::fmt::Display) {
    let _ = write!(buf, "{x}");
}

/// A CSV field, formula-neutralised and quoted when it needs to be.
///
/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first, and not a
/// number) gets a leading `'`, as in [`crate::report::csv_out::cell`]: a `series_id` such as
/// `=cmd|' /C calc'!A0` must not become a live formula in `forecasts.csv` or `skipped.csv`.
fn push_field(buf: &mut Vec<u8>, s: &str) {
    let neutralised;
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        neutralised = format!("'{s}");
        neutralised.as_str()
    } else {
        s
    };
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
        || s.starts_with(' ')
        || s.ends_with(' ')
    {
        buf.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                buf.push(b'"');
            }
            buf.push(b);
        }
        buf.push(b'"');
    } else {
        buf.extend_from_slice(s.as_bytes());
    }
}

/// Powers of ten 10⁰ … 10¹⁵, all exact in f64.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// 8 significant digits, trailing zeros dropped; scientific notation outside 1e-4..1e15.
///
/// Hand-rolled because `format!("{x:.N}")` (exact decimal expansion, Grisu with a Dragon
/// fallback) took 13% of a batch run: the value times an exact power of ten is rounded half up
/// to an integer of at most 9 digits (15 for values ≥ 10⁸, which keep their integer digits), and
/// the decimal point is placed by hand. A value within one rounding error of a half-way tie may
/// round the other way than an exact expansion would; the result is the same on every IEEE-754
/// platform.
fn push_num(buf: &mut Vec<u8>, x: f64) {
    if x == 0.0 {
        buf.push(b'0');
        return;
    }
    let a = x.abs();
    if !(1e-4..1e15).contains(&a) {
        let _ = write!(buf, "{x:.7e}");
        return;
    }
    if x < 0.0 {
        buf.push(b'-');
    }
    // Decimals so that 8 significant digits remain: 7 - floor(log10(a)), at least 0.
    let decimals = if a >= 1.0 {
        7 - (1..POW10.len())
            .take_while(|&k| POW10[k] <= a)
            .count()
            .min(7)
    } else {
        // a in [1e-4, 1): floor(log10 a) = -k for the smallest k with a·10^k ≥ 1.
        7 + (1..=4).find(|&k| a * POW10[k] >= 1.0).unwrap_or(4)
    };
    // Below 2⁵³ after scaling, so the conversion is exact; adding ½ then truncating rounds half up.
    let m = (a * POW10[decimals] + 0.5) as u64;
    let mut digits = [0u8; 20];
    let mut n = 0;
    let mut v = m;
    loop {
        digits[n] = b'0' + (v % 10) as u8;
        v /= 10;
        n += 1;
        if v == 0 {
            break;
        }
    }
    // digits[..n] holds the integer m, least significant first.
    let mut frac_end = 0; // drop trailing zeros of the fraction
    while frac_end < decimals && frac_end < n && digits[frac_end] == b'0' {
        frac_end += 1;
    }
    if n > decimals {
        buf.extend(digits[decimals..n].iter().rev());
    } else {
        buf.push(b'0');
    }
    if frac_end < decimals {
        buf.push(b'.');
        for _ in n..decimals {
            buf.push(b'0');
        }
        buf.extend(digits[frac_end..decimals.min(n)].iter().rev());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(x: f64) -> String {
        let mut b = Vec::new();
        push_num(&mut b, x);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn numbers_have_eight_significant_digits() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1234.5678912), "1234.5679");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(0.00123456789), "0.0012345679");
        assert_eq!(num(123456789.4), "123456789");
        assert_eq!(num(2.5e20), "2.5000000e20");
        assert_eq!(num(-3.25), "-3.25");
        assert_eq!(num(9.99999996), "10");
        assert_eq!(num(0.0001), "0.0001");
        assert_eq!(num(0.000123456789), "0.00012345679");
        assert_eq!(num(999_999_999_999_999.0), "999999999999999");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(100.0), "100");
        assert_eq!(num(0.1), "0.1");
        assert_eq!(num(1e-5), "1.0000000e-5");
    }

    #[test]
    fn numbers_round_trip_to_eight_digits() {
        // Within half a unit of the 8th digit, and the same text as the exact decimal expansion
        // (near-ties could differ in principle; none do among these draws).
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut differ = 0;
        for _ in 0..200_000 {
            state = splitmix64(state);
            let x = 10f64.powf((state >> 11) as f64 / (1u64 << 53) as f64 * 19.0 - 4.0);
            let x = if state & 1 == 1 { -x } else { x };
            let text = num(x);
            let back: f64 = text.parse().unwrap();
            assert!(((back - x) / x).abs() <= 5.000001e-8, "{x} -> {text}");
            // Above 10⁸ no decimals are kept and exact half-way ties (x.5) are common: the exact
            // expansion rounds them to even, this formatter up. Both are fine; compare below.
            if x.abs() < 1e8 {
                let mag = x.abs().log10().floor() as i32;
                let d = (7 - mag).max(0) as usize;
                let exact = format!("{x:.d$}");
                let exact = if d > 0 {
                    exact
                        .trim_end_matches('0')
                        .trim_end_matches('.')
                        .to_string()
                } else {
                    exact
                };
                differ += usize::from(exact != text);
            }
        }
        assert!(
            differ == 0,
            "{differ} values differ from the exact expansion"
        );
    }

    #[test]
    fn fields_are_quoted_when_needed() {
        let mut b = Vec::new();
        push_field(&mut b, "a,\"b\"");
        assert_eq!(b, b"\"a,\"\"b\"\"\"");
    }

    #[test]
    fn seeds_are_stable_and_spread() {
        // Pinned (value from an independent Python implementation of FNV-1a + splitmix64):
        // the seed of a series must never change between versions or platforms.
        assert_eq!(series_seed(42, "s00001"), 15_483_884_868_085_283_173);
        assert_ne!(series_seed(42, "s00001"), series_seed(42, "s00002"));
        assert_ne!(series_seed(42, "s00001"), series_seed(43, "s00001"));
        assert_eq!(id_hash(b""), splitmix64(0xcbf2_9ce4_8422_2325));
    }

    #[test]
    fn options_are_checked() {
        assert!(BatchOptions::new(0).validate().is_err());
        assert!(BatchOptions::new(10).validate().is_ok());
        let mut o = BatchOptions::new(10);
        o.target_ratio = Some(-1.0);
        assert!(o.validate().is_err());
        o.target_ratio = Some(2.0);
        assert_eq!(o.fit_horizon(), 10);
        o.horizon = 4;
        assert_eq!(o.fit_horizon(), 10);
        assert_eq!(o.effective_chunk_size(), DEFAULT_CHUNK_SIZE);
        o.horizon = 200;
        assert_eq!(o.effective_chunk_size(), 163);
    }
}
