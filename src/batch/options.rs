//! Batch options: the horizon, targets, threads, seed and chunking, checked once by
//! [`BatchOptions::validate`], and the limits that keep a run's memory bounded.

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::knowledge::Knowledge;

/// Default number of series forecast per parallel chunk.
pub const DEFAULT_CHUNK_SIZE: usize = 2048;
/// At most this many forecast rows per chunk (a chunk of 2,048 series up to a horizon of 16).
pub(super) const MAX_CHUNK_OUTPUT_ROWS: usize = 32_768;
/// A chunk closes after this many input rows (long series), whatever its number of series.
pub(super) const MAX_CHUNK_ROWS: usize = 262_144;
/// Default number of simulated paths per series for `targets.csv`.
pub const DEFAULT_PATHS: usize = 1000;
/// Default global seed (the CLI's `--seed` default).
pub const DEFAULT_SEED: u64 = 42;
/// `probability_10y` looks this many years past the last observed year.
pub const TARGET_YEARS: usize = 10;
/// Largest accepted horizon, in years.
pub const MAX_HORIZON: usize = 200;

/// Options for [`run_batch`](super::run_batch) and [`batch_streams`](super::batch_streams).
#[derive(Debug, Clone, PartialEq)]
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
    /// Pooled knowledge for the pooled model (default: the built-in file), shared with the
    /// worker threads.
    pub knowledge: Arc<Knowledge>,
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
            knowledge: Arc::new(Knowledge::builtin().clone()),
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
    pub(super) fn effective_chunk_size(&self) -> usize {
        self.chunk_size
            .min((MAX_CHUNK_OUTPUT_ROWS / self.fit_horizon().max(1)).max(1))
    }

    /// The horizon models are fitted with: with targets, at least [`TARGET_YEARS`] so the
    /// simulated paths cover ten years; `forecasts.csv` keeps the first `horizon` years.
    pub(super) fn fit_horizon(&self) -> usize {
        if self.target_ratio.is_some() {
            self.horizon.max(TARGET_YEARS)
        } else {
            self.horizon
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
