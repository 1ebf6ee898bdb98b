//! A batch's output bytes do not depend on the number of threads or the chunk size.

use crate::batch_common::{panel, read, run};
use tradecast::batch::BatchOptions;

fn outputs(threads: usize, chunk_size: usize, text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut o = BatchOptions::new(10);
    o.threads = threads;
    o.chunk_size = chunk_size;
    o.target_ratio = Some(2.0);
    // Fewer paths than a real run's 1,000 keep the debug-build test fast; the property is the same.
    o.paths = 250;
    let (s, out) = run(dir.path(), text, &o);
    assert_eq!(s.series, 60);
    ["forecasts.csv", "skipped.csv", "targets.csv"]
        .iter()
        .map(|n| read(&out, n))
        .collect()
}

#[test]
fn one_and_two_threads_give_identical_files() {
    let mut text = panel(60);
    // A few bad rows so skipped.csv has content too.
    text.push_str("s9999,20x1,5\n");
    let one = outputs(1, 2048, &text);
    let two = outputs(2, 2048, &text);
    let small_chunks = outputs(2, 7, &text);
    for (i, name) in ["forecasts", "skipped", "targets"].iter().enumerate() {
        assert!(
            one[i] == two[i],
            "{name}.csv differs between 1 and 2 threads"
        );
        assert!(
            one[i] == small_chunks[i],
            "{name}.csv differs with chunks of 7"
        );
    }
}
