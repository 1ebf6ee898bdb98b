//! The `tradecast` binary: parses flags into a validated configuration, runs one command, and
//! maps every outcome to an exit code in one place (0 success, 1 rejected input, 2 I/O or internal).
#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: batch fits allocate many small, short-lived
/// vectors per series, and with glibc's malloc 10–13% of a 40,000-series run was spent in
/// malloc and free; mimalloc made the run 9% faster (peak memory 16 → 32 MiB).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}
