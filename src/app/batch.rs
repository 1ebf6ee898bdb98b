//! `batch` as the front ends ask for it: a panel file (or standard input) forecast into
//! `forecasts.csv`, `skipped.csv` and `targets.csv` in an output directory, the knowledge file
//! loaded once and shared with the worker threads by [`Arc`]. The CLI adds only its progress bar
//! and prints the [`BatchSummary`].

use std::path::PathBuf;
use std::sync::Arc;

use crate::batch::{run_batch, run_batch_from, BatchOptions, BatchSummary};
use crate::error::Result;
use crate::knowledge::Knowledge;

/// What `tradecast batch` is asked to do, as given.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRequest {
    /// The panel CSV (`series_id,year,value`, optionally `months`, `growth_pct`); `-` reads
    /// standard input.
    pub panel: PathBuf,
    /// The output directory.
    pub out: PathBuf,
    /// The forecast options; `knowledge` is replaced by the file below when one is given.
    pub options: BatchOptions,
    /// A knowledge file made by `tradecast learn` (`None`: the built-in).
    pub knowledge: Option<PathBuf>,
}

impl BatchRequest {
    /// A request with [`BatchOptions::new`]'s defaults for `horizon`.
    pub fn new(panel: impl Into<PathBuf>, out: impl Into<PathBuf>, horizon: usize) -> Self {
        BatchRequest {
            panel: panel.into(),
            out: out.into(),
            options: BatchOptions::new(horizon),
            knowledge: None,
        }
    }
}

/// Runs the batch: checks the options, loads the knowledge file once, forecasts every series
/// (calling `progress` with the number of series done), and commits the outputs together.
pub fn batch(request: &BatchRequest, progress: &(dyn Fn(u64) + Sync)) -> Result<BatchSummary> {
    let mut options = request.options.clone();
    options.validate()?;
    if let Some(path) = &request.knowledge {
        options.knowledge = Arc::new(Knowledge::load(path)?);
    }
    if request.panel.as_os_str() == "-" {
        run_batch_from(
            std::io::stdin(),
            "<stdin>",
            &request.out,
            &options,
            progress,
        )
    } else {
        run_batch(&request.panel, &request.out, &options, progress)
    }
}
