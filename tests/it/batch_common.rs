//! Small panels generated in the tests, and helpers to run a batch into a temporary directory.

use std::path::{Path, PathBuf};

use tradecast::batch::{run_batch, BatchOptions, BatchSummary};

/// A deterministic panel of `n` series (lengths 6..=25, growth with noise), as CSV text.
pub fn panel(n: usize) -> String {
    let mut s = String::from("series_id,year,value\n");
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        // xorshift64*: enough noise for a test panel.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    };
    for i in 0..n {
        let len = 6 + (next() * 20.0) as usize;
        let growth = 0.02 + next() * 0.12;
        let mut level = (2.0 + next() * 8.0).exp();
        let first = 2024 - len as i32 + 1;
        for t in 0..len {
            level *= (growth + (next() - 0.5) * 0.15).exp();
            s.push_str(&format!("s{i:04},{},{level:.3}\n", first + t as i32));
        }
    }
    s
}

/// Write `text` to `dir/name` and return the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Run a batch on `text`; returns the summary and the output directory.
pub fn run(dir: &Path, text: &str, options: &BatchOptions) -> (BatchSummary, PathBuf) {
    let input = write(dir, "panel.csv", text);
    let out = dir.join("out");
    let s = run_batch(&input, &out, options, &|_| {}).expect("batch run");
    (s, out)
}

/// Read an output file.
pub fn read(out: &Path, name: &str) -> String {
    std::fs::read_to_string(out.join(name)).unwrap()
}
