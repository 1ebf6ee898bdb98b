//! The defaults every front end shares, in one place: the command line's flags (clap reads these
//! constants), the Python functions' arguments (the native module exports them), the library's
//! option constructors ([`crate::app::Options::new`], [`crate::app::RunOptions::new`],
//! [`crate::batch::BatchOptions::new`]).

/// The seed of every simulation (`--seed`).
pub const SEED: u64 = 42;
/// Years forecast after a series' last year (`forecast --horizon`, `batch --horizon`).
pub const HORIZON: usize = 10;
/// Simulated paths per target (`targets`, `report`, `replay --paths`).
pub const PATHS: usize = 2000;
/// Simulated paths per series for `batch --target-ratio` (`batch --paths`).
pub const BATCH_PATHS: usize = 1000;
