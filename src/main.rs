//! The `tradecast` binary: parses flags into a validated configuration, runs one command, and
//! maps every outcome to an exit code in one place (0 success, 1 rejected input, 2 I/O or internal).
#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
