//! Streaming: one reader thread parses and chunks the panel, a rayon pool forecasts each chunk,
//! and one writer thread hands each chunk's typed results on in input order; channels hold at
//! most two chunks each, so memory stays bounded whatever the size of the panel.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::mpsc;

use rayon::prelude::*;
use serde::Serialize;

use super::chunk::{Block, Chunker, Counts};
use super::options::BatchOptions;
use super::render::CsvOut;
use super::result::{panic_hook, process, SeriesResult, Status};
use crate::error::{Error, Result};
use crate::model::ModelKind;
use crate::panel::{header_columns, panel_reader, QuoteWatch};

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
    /// Series whose forecast hit an internal error (a panic in a model, caught; a bug to
    /// report): each is also counted in `skipped` and has its row in `skipped.csv`. The CLI exits
    /// with status 3 when this is not zero.
    pub panics: u64,
    /// Series forecast, by chosen model.
    pub by_model: BTreeMap<ModelKind, u64>,
    /// Files written (by [`run_batch`](super::run_batch); empty for [`batch_streams`]).
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

/// The streaming core of [`run_batch`](super::run_batch): read a panel from `input` (named
/// `source` in messages) and write the CSV outputs to `sinks`. Nothing is written atomically
/// here; the caller owns the writers (flush them afterwards).
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
    let targets = if options.target_ratio.is_some() {
        Some(targets.ok_or_else(|| {
            Error::Argument("a target ratio was given but no targets writer".into())
        })?)
    } else {
        None
    };
    let mut out = CsvOut::new(forecasts, skipped, targets);
    let summary = batch_results(input, source, options, progress, &mut |results| {
        results.iter().try_for_each(|r| out.series(r))
    })?;
    out.finish()?;
    Ok(summary)
}

/// The typed core of [`batch_streams`]: read a panel from `input` (named `source` in messages),
/// forecast every series, and hand each chunk's results to `on_results`, in input order, from
/// one thread. An error from `on_results` stops the run and is returned.
///
/// The results hold the values at full precision; [`batch_streams`] renders them as CSV.
///
/// ```
/// use tradecast::batch::{batch_results, BatchOptions, SeriesResult, Status};
///
/// let panel = "series_id,year,value\na,2019,10\na,2020,11\na,2021,12.5\na,2022,13\n";
/// let mut rows = Vec::new();
/// let mut collect = |chunk: Vec<SeriesResult>| {
///     for r in chunk {
///         assert!(matches!(r.status, Status::Forecast(_)));
///         rows.extend(r.forecasts);
///     }
///     Ok(())
/// };
/// let options = BatchOptions::new(2);
/// let summary = batch_results(panel.as_bytes(), "panel", &options, &|_| {}, &mut collect).unwrap();
/// assert_eq!((summary.forecast, rows.len(), rows[0].year), (1, 2, 2023));
/// ```
pub fn batch_results<R: Read + Send>(
    input: R,
    source: &str,
    options: &BatchOptions,
    progress: &(dyn Fn(u64) + Sync),
    on_results: &mut (dyn FnMut(Vec<SeriesResult>) -> Result<()> + Send),
) -> Result<BatchSummary> {
    options.validate()?;
    let mut reader = panel_reader(QuoteWatch::new(input));
    let columns = header_columns(&mut reader, source)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .thread_name(|i| format!("tradecast-batch-{i}"))
        .build()
        .map_err(|e| Error::Argument(format!("cannot start {} threads: {e}", options.threads)))?;
    let chunk_size = options.effective_chunk_size();
    let panic_on = panic_hook();
    std::thread::scope(|scope| -> Result<BatchSummary> {
        let (chunk_tx, chunk_rx) = mpsc::sync_channel::<Result<Vec<Block>>>(2);
        let (out_tx, out_rx) = mpsc::sync_channel::<Vec<SeriesResult>>(2);
        let reader_thread = scope.spawn(move || {
            read_chunks(reader, source, Chunker::new(columns, chunk_size), &chunk_tx)
        });
        let writer_thread = scope.spawn(move || -> Result<BatchSummary> {
            let mut s = BatchSummary::default();
            for results in out_rx {
                for r in &results {
                    s.count(r);
                }
                on_results(results)?;
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
            let results: Vec<SeriesResult> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|b| {
                        let r = process(b, options, panic_on.as_deref());
                        if matches!(r.status, Status::Forecast(_) | Status::Skipped) {
                            progress(1);
                        }
                        r
                    })
                    .collect()
            });
            if out_tx.send(results).is_err() {
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
        Ok(BatchSummary {
            rows: counts.rows,
            bad_rows: counts.bad_rows,
            series: written.forecast + written.skipped,
            ..written
        })
    })
}

impl BatchSummary {
    /// Count one result.
    fn count(&mut self, r: &SeriesResult) {
        match r.status {
            Status::Forecast(kind) => {
                self.forecast += 1;
                *self.by_model.entry(kind).or_default() += 1;
            }
            Status::Skipped => self.skipped += 1,
            Status::Reappeared => self.reappeared += 1,
            Status::RowsOnly => {}
        }
        self.panics += u64::from(r.panicked);
    }
}

/// The reader thread: parse rows into chunks and send them on, then the last one; a read error,
/// or a file that ends inside a quoted field (cut short), is sent as an error instead.
fn read_chunks<R: Read>(
    mut reader: csv::Reader<QuoteWatch<R>>,
    source: &str,
    mut chunker: Chunker,
    chunk_tx: &mpsc::SyncSender<Result<Vec<Block>>>,
) -> Counts {
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
                if let Some(e) = reader.get_ref().unclosed(source) {
                    let _ = chunk_tx.send(Err(e));
                    break;
                }
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
}
