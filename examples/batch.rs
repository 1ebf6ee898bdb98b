//! Forecast a long CSV panel with [`tradecast::batch::run_batch`], until the CLI's `tradecast batch`
//! is wired; same flags.
//!
//! ```sh
//! cargo run --release --example batch -- --panel panel.csv --horizon 10 --out out/ \
//!     [--threads N] [--target-ratio R] [--seed S] [--chunk-size C] [-q]
//! ```
//!
//! Prints a one-line summary (and the elapsed time) on stderr; `-q` prints nothing but errors.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use tradecast::batch::{run_batch, BatchOptions};

fn usage() -> ExitCode {
    eprintln!(
        "usage: batch --panel FILE --horizon H --out DIR [--threads N] [--target-ratio R] \
         [--seed S] [--chunk-size C] [--paths P] [-q]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    run(std::env::args().skip(1))
}

/// The example with its arguments (without the program name); `tests/it/examples.rs` runs it.
pub fn run(args: impl IntoIterator<Item = String>) -> ExitCode {
    let mut panel = None;
    let mut out = None;
    let mut options = BatchOptions::new(10);
    let mut quiet = false;
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        if flag == "-q" || flag == "--quiet" {
            quiet = true;
            continue;
        }
        if flag == "-h" || flag == "--help" {
            usage();
            return ExitCode::SUCCESS;
        }
        let Some(value) = args.next() else {
            return usage();
        };
        let ok = match flag.as_str() {
            "--panel" => {
                panel = Some(PathBuf::from(&value));
                true
            }
            "--out" => {
                out = Some(PathBuf::from(&value));
                true
            }
            "--horizon" => value.parse().map(|v| options.horizon = v).is_ok(),
            "--threads" => value.parse().map(|v| options.threads = v).is_ok(),
            "--seed" => value.parse().map(|v| options.seed = v).is_ok(),
            "--chunk-size" => value.parse().map(|v| options.chunk_size = v).is_ok(),
            "--paths" => value.parse().map(|v| options.paths = v).is_ok(),
            "--target-ratio" => value
                .parse()
                .map(|v| options.target_ratio = Some(v))
                .is_ok(),
            _ => false,
        };
        if !ok {
            eprintln!("bad flag or value: {flag} {value}");
            return usage();
        }
    }
    let (Some(panel), Some(out)) = (panel, out) else {
        return usage();
    };
    let done = AtomicU64::new(0);
    let start = Instant::now();
    match run_batch(&panel, &out, &options, &|n| {
        done.fetch_add(n, Ordering::Relaxed);
    }) {
        Ok(s) => {
            if !quiet {
                let secs = start.elapsed().as_secs_f64();
                eprintln!(
                    "{} series ({} forecast, {} skipped, {} reappeared), {} rows ({} malformed) \
                     in {secs:.3} s = {:.0} series/s; models {:?}",
                    s.series,
                    s.forecast,
                    s.skipped,
                    s.reappeared,
                    s.rows,
                    s.bad_rows,
                    s.series as f64 / secs.max(1e-9),
                    s.by_model
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
