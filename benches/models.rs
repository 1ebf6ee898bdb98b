//! Speed of model fitting and choice: `cargo bench --bench models`.
//!
//! Batch mode calls `select` on tens of thousands of series of 8 to 30 points; the goal is well
//! under 0.1 ms a series for every model, the choice and the intervals.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use tradecast::model::{select, FitOptions, ModelChoice, ModelKind, SeriesData};

/// A deterministic 20-point series: smooth exponential growth with a wobble.
fn smooth_20() -> SeriesData {
    let values = (0..20)
        .map(|i| 120.0 * 1.075f64.powi(i) * (1.0 + 0.01 * (1.7 * i as f64).sin()))
        .collect();
    SeriesData::plain((2004..2024).collect(), values).unwrap()
}

/// A noisier 20-point series with a dip, so the optimiser does not sit on a corner.
fn noisy_20() -> SeriesData {
    let mut level = 100.0f64;
    let values = (0..20)
        .map(|i| {
            level *= 1.0 + 0.06 + 0.08 * ((i * 7 % 11) as f64 / 10.0 - 0.5);
            if i == 9 {
                level *= 0.8;
            }
            level
        })
        .collect();
    SeriesData::plain((2004..2024).collect(), values).unwrap()
}

fn bench(c: &mut Criterion) {
    let auto = FitOptions {
        horizon: 10,
        seed: 1,
        choice: ModelChoice::Auto,
    };
    for (name, data) in [("smooth_20pt", smooth_20()), ("noisy_20pt", noisy_20())] {
        c.bench_function(&format!("select_auto/{name}"), |b| {
            b.iter(|| select(black_box(&data), black_box(&auto)))
        });
        for kind in [ModelKind::LogLinear, ModelKind::Damped] {
            let only = FitOptions {
                choice: ModelChoice::Only(kind),
                ..auto
            };
            c.bench_function(&format!("only_{kind}/{name}"), |b| {
                b.iter(|| select(black_box(&data), black_box(&only)))
            });
        }
    }
    let fitted = select(&noisy_20(), &auto).chosen.unwrap();
    c.bench_function("sample_paths/1000x10", |b| {
        b.iter(|| fitted.sample_paths(fitted.forecast.years.len(), black_box(1000), black_box(7)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
