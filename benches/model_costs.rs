//! Model costs on one 20-point annual series: each model's fit (through `select` with
//! `ModelChoice::Only`), automatic selection, and 1,000 simulated paths.
//!
//! `cargo bench --bench model_costs` (add `-- --quick` for a fast pass). The models engineer's
//! `benches/models.rs` times selection on two series; this one covers every model and its paths.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use tradecast::model::{select, FitOptions, ModelChoice, ModelKind, SeriesData};
use tradecast::obs::Bound;
use tradecast::series::PointKind;

/// 20 years of growth near 8% with noise, a dip and a partial rebound (fixed numbers).
fn series() -> SeriesData {
    let noise: [f64; 20] = [
        0.021, -0.034, 0.012, 0.045, -0.018, 0.003, -0.051, 0.027, 0.009, -0.012, -0.21, 0.13,
        0.018, -0.025, 0.031, 0.006, -0.014, 0.022, -0.008, 0.015,
    ];
    let mut level = 1.2e9_f64;
    let values = noise
        .iter()
        .map(|e| {
            level *= (0.08 + e).exp();
            level
        })
        .collect();
    // A latest reported growth rate too, so that the latest-growth model has something to carry.
    SeriesData::try_new(
        (2005..2025).collect(),
        values,
        vec![PointKind::Reported; 20],
        vec![Bound::Exact; 20],
        Some((2024, 0.095)),
    )
    .expect("valid series")
}

/// `n` years of growth near 8% with a repeating pattern of noise (fixed numbers).
fn series_of(n: usize) -> SeriesData {
    let mut level = 1.2e9_f64;
    let values = (0..n)
        .map(|i| {
            level *= (0.08 + 0.05 * ((i * 7 % 11) as f64 / 10.0 - 0.5)).exp();
            level
        })
        .collect();
    SeriesData::plain((2025 - n as i32..2025).collect(), values).expect("valid series")
}

fn options(choice: ModelChoice) -> FitOptions {
    FitOptions {
        horizon: 10,
        seed: 42,
        choice,
    }
}

fn fits(c: &mut Criterion) {
    let data = series();
    let mut g = c.benchmark_group("fit_20pt");
    for kind in ModelKind::ALL {
        let o = options(ModelChoice::Only(kind));
        assert!(
            select(&data, &o).chosen.is_some(),
            "{} should fit 20 points",
            kind.as_str()
        );
        g.bench_function(kind.as_str(), |b| {
            b.iter(|| select(black_box(&data), black_box(&o)))
        });
    }
    g.finish();
    c.bench_function("select_auto_20pt", |b| {
        b.iter(|| select(black_box(&data), black_box(&options(ModelChoice::Auto))))
    });
}

/// How the cost of a series grows with its length: backtests and the calibration refit at a
/// bounded number of origins, so it should grow about linearly.
fn by_length(c: &mut Criterion) {
    let mut g = c.benchmark_group("select_auto_by_length");
    for n in [8, 15, 30, 60] {
        let data = series_of(n);
        g.bench_function(format!("{n}pt"), |b| {
            b.iter(|| select(black_box(&data), black_box(&options(ModelChoice::Auto))))
        });
    }
    g.finish();
}

fn paths(c: &mut Criterion) {
    let data = series();
    let mut g = c.benchmark_group("sample_paths_1000x10");
    let auto = select(&data, &options(ModelChoice::Auto));
    let chosen = auto.chosen.expect("20 points fit");
    g.bench_function(format!("auto_chosen_{}", chosen.model.as_str()), |b| {
        b.iter(|| chosen.sample_paths(chosen.forecast.years.len(), black_box(1000), black_box(7)))
    });
    for kind in ModelKind::ALL {
        let fitted = select(&data, &options(ModelChoice::Only(kind)))
            .chosen
            .expect("20 points fit");
        g.bench_function(kind.as_str(), |b| {
            b.iter(|| {
                fitted.sample_paths(fitted.forecast.years.len(), black_box(1000), black_box(7))
            })
        });
    }
    g.finish();

    // What batch does with --target-ratio: first crossing of twice the last value by each of
    // 1,000 paths, stepped a year at a time on the model's own scale (no path matrix kept).
    let mut g = c.benchmark_group("target_crossings_1000x10");
    let goal = 2.0 * data.values()[data.len() - 1];
    for kind in ModelKind::ALL {
        let fitted = select(&data, &options(ModelChoice::Only(kind)))
            .chosen
            .expect("20 points fit");
        g.bench_function(kind.as_str(), |b| {
            b.iter(|| {
                fitted.first_crossings(
                    fitted.forecast.years.len(),
                    black_box(1000),
                    black_box(7),
                    goal,
                )
            })
        });
    }
    g.finish();
}

criterion_group!(benches, fits, by_length, paths);
criterion_main!(benches);
