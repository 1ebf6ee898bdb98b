//! Batch forecasting: many short annual series from one long CSV panel, streamed in and out.
//!
//! # Input
//!
//! A CSV file with a header naming the columns `series_id`, `year` and `value` (any order; other
//! columns are ignored; fields are trimmed). One row per series and year; values are positive.
//! Optional `months` (1–12, blank: a full year) and `growth_pct` columns make a series' last
//! year a year-to-date level with its same-period growth: its full-year estimate
//! ([`crate::nowcast::full_year`]) replaces it, and the models carry the estimate's uncertainty.
//! The panel is read by [`crate::panel`], `learn`'s reader too, with its rules for bad rows.
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
//!   series and forecast year, series in input order. A series whose last year is partial
//!   starts with that year: its full-year estimate and bands (the `model` column names the
//!   model of the years after), then the horizon's years.
//! - `skipped.csv`: `series_id,line,reason`, in input order: malformed rows (wrong field count,
//!   empty id, a year or value that is not a number, a bad `months` or `growth_pct`; the row is left out and its series is still
//!   forecast from its other rows; also a `series_id` with control characters or longer than
//!   [`MAX_ID_BYTES`]), series that cannot be forecast (a value that is not a positive finite
//!   number or lies outside [`crate::model::MIN_VALUE`]..=[`crate::model::MAX_VALUE`], a year
//!   given twice, a partial year that is not the last, too few points for any model),
//!   reappearing series.
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
//! Numbers are written with 8 significant digits (scientific notation outside 10⁻⁴…10¹⁵); the
//! typed results ([`SeriesResult`], from [`batch_results`]) hold them at full precision.
//! All files are streamed to temporary files in the output directory and renamed into place only
//! when the whole panel has been processed, under the directory's lock, through
//! [`crate::write::Streamed`]: a failed run leaves the previous outputs untouched.
//!
//! A panel that ends inside a quoted field (cut short by an interrupted save) is refused at the
//! quote's line, as the data files and `learn` refuse one, and nothing is written.
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
//! `skipped.csv` as an internal error, the run goes on, and the panics are counted in
//! [`BatchSummary::panics`] (the CLI then exits with status 3). The hidden environment variable
//! `TRADECAST_TEST_PANIC_SERIES=<series_id>` makes that series' model selection panic, so that
//! this path can be tested end to end; it is not meant for anything else.
//!
//! # Modules
//!
//! `options` (checked once), `panel` (series count, id hashes), `chunk`
//! (rows → blocks → chunks of bounded size), `result` (one block → its typed
//! [`SeriesResult`]), `stream` (reader, workers and writer threads), `render` (typed results →
//! CSV with the `csv` crate's writer).

mod chunk;
mod options;
mod panel;
mod render;
mod result;
mod stream;

use std::fs;
use std::io::Read;
use std::path::Path;

pub use self::options::{
    BatchOptions, DEFAULT_CHUNK_SIZE, DEFAULT_PATHS, DEFAULT_SEED, MAX_HORIZON, TARGET_YEARS,
};
pub use self::panel::{count_series, series_seed};
pub use self::render::{FORECASTS_COLUMNS, SKIPPED_COLUMNS, TARGETS_COLUMNS};
pub use self::result::{ForecastRow, SeriesResult, SkippedRow, Status, TargetRow};
pub use self::stream::{batch_results, batch_streams, BatchSummary, Sinks};
use crate::error::{Error, Result};
pub use crate::panel::MAX_ID_BYTES;

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
    let mut names = vec![Path::new(FORECASTS_FILE), Path::new(SKIPPED_FILE)];
    // A targets.csv from an earlier run does not belong with forecasts made without targets.
    let mut stale = vec![];
    if options.target_ratio.is_some() {
        names.push(Path::new(TARGETS_FILE));
    } else {
        stale.push(Path::new(TARGETS_FILE));
    }
    // Dropped on an error before `finish`: the temporary files go, the previous outputs stay.
    let mut files = crate::write::Streamed::begin(out_dir, &names)?;
    let mut writers = files.writers().into_iter();
    let (forecasts, skipped) = match (writers.next(), writers.next()) {
        (Some(f), Some(s)) => (f, s),
        _ => unreachable!("two files or more were begun"),
    };
    let sinks = Sinks {
        forecasts,
        skipped,
        targets: writers.next(),
    };
    let mut summary = batch_streams(input, source, sinks, options, progress)?;
    summary.files = files.finish(&stale)?;
    Ok(summary)
}
