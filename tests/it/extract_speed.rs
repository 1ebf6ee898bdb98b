//! Throughput on the seed articles, repeated. Ignored by default (a debug build says
//! little); measure with
//! `cargo test --release --test extract_speed -- --ignored --nocapture`.

use std::time::Instant;

#[test]
#[ignore = "timing: run in release with --ignored --nocapture"]
fn articles_per_second_on_the_seeds() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seeds");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    texts.sort();
    // Warm up: compile the patterns once.
    let first = tradecast::extract::extract(&texts[0].1, &texts[0].0);
    let rounds = 2000;
    let start = Instant::now();
    let mut figures = 0usize;
    for _ in 0..rounds {
        for (name, text) in &texts {
            figures += tradecast::extract::extract(text, name).figures.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = rounds * texts.len();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum::<usize>() * rounds;
    println!(
        "extract: {n} articles in {secs:.2} s = {:.0} articles/s ({:.1} MB/s), one thread; {figures} figures",
        n as f64 / secs,
        bytes as f64 / secs / 1e6
    );
    assert!(!first.source.is_empty());
}
