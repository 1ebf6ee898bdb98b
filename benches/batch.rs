//! Batch throughput in memory (no disk): 1,000 synthetic series of 6 to 25 points through
//! `batch_streams`, on one thread and on two, with and without targets.
//!
//! `cargo bench --bench batch` (add `-- --quick` for a fast pass).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tradecast::batch::{batch_streams, BatchOptions, Sinks};

fn panel(n: usize) -> String {
    let mut s = String::from("series_id,year,value\n");
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    };
    for i in 0..n {
        let len = 6 + (next() * 20.0) as usize;
        let growth = 0.02 + next() * 0.12;
        let mut level = (2.0 + next() * 8.0).exp();
        for t in 0..len {
            level *= (growth + (next() - 0.5) * 0.15).exp();
            s.push_str(&format!("s{i:05},{},{level:.3}\n", 2024 - len + 1 + t));
        }
    }
    s
}

fn run(text: &str, options: &BatchOptions) -> usize {
    let (mut f, mut s, mut t) = (Vec::new(), Vec::new(), Vec::new());
    let sinks = Sinks {
        forecasts: &mut f,
        skipped: &mut s,
        targets: Some(&mut t),
    };
    batch_streams(text.as_bytes(), "bench", sinks, options, &|_| {}).unwrap();
    f.len() + t.len()
}

fn bench(c: &mut Criterion) {
    let text = panel(1000);
    let mut g = c.benchmark_group("batch_1000_series");
    g.throughput(Throughput::Elements(1000));
    g.sample_size(10);
    for threads in [1, 2] {
        for ratio in [None, Some(2.0)] {
            let mut o = BatchOptions::new(10);
            o.threads = threads;
            o.target_ratio = ratio;
            let name = format!(
                "{threads}_thread{}{}",
                if threads > 1 { "s" } else { "" },
                if ratio.is_some() { "_targets" } else { "" }
            );
            g.bench_function(name, |b| b.iter(|| run(black_box(&text), &o)));
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
