//! Renders four sample charts: `cargo run --example chart_demo -- [OUT_DIR]` (default: the temp dir).
//!
//! The numbers are shaped like real pairs (KZ-AZ, KZ-EU, KZ-UZ) but the forecasts are made up here;
//! the point is to look at the picture.

use std::path::PathBuf;

use tradecast::obs::Bound;
use tradecast::report::chart::{
    render_png, Chart, ChartForecast, ChartTarget, Crossing, ForecastPoint, HistoryPoint,
};
use tradecast::series::PointKind;

fn point(year: i32, value_usd: f64, kind: PointKind, bound: Bound) -> HistoryPoint {
    HistoryPoint {
        year,
        value_usd,
        kind,
        bound,
    }
}

/// A log-normal-looking fan around `base × (1 + g)^h`; `spread` is the log-sd per √year.
fn fan(base: f64, from: i32, to: i32, g: f64, spread: f64, heavy: f64) -> ChartForecast {
    let points = (from..=to)
        .map(|year| {
            let h = f64::from(year - from + 1);
            let mean = base * (1.0 + g).powf(h);
            let s = spread * h.sqrt() * (1.0 + heavy * h);
            ForecastPoint {
                year,
                mean_usd: mean,
                lower80_usd: mean * (-1.2816 * s).exp(),
                upper80_usd: mean * (1.2816 * s).exp(),
                lower95_usd: mean * (-1.96 * s * (1.0 + heavy)).exp(),
                upper95_usd: mean * (1.96 * s * (1.0 + heavy)).exp(),
            }
        })
        .collect();
    ChartForecast {
        points,
        point_label: "median".to_string(),
    }
}

fn kz_az() -> Chart {
    let g: f64 = (644.0f64 / 329.0).sqrt() - 1.0;
    Chart {
        title: "KZ-AZ turnover".into(),
        subtitle: "Chosen model: log-linear trend · as of 2026-11-23".into(),
        footer:
            "Sources: Kazinform 2024-02-14 (2022 “exceeded $460 million”), Azertac 2024-05-02, \
                 stat.gov.kz press release 2024-08-01; 2023 estimated from January–June growth. \
                 As of 2026-11-23."
                .into(),
        history: vec![
            point(2021, 329e6, PointKind::Derived, Bound::Exact),
            point(2022, 460e6, PointKind::Reported, Bound::AtLeast),
            point(2023, 644e6, PointKind::Estimated, Bound::Approx),
        ],
        fitted: (2021..=2023)
            .map(|y| (y, 329e6 * (1.0 + g).powi(y - 2021)))
            .collect(),
        forecast: Some(fan(644e6, 2024, 2033, g, 0.18, 0.25)),
        target: Some(ChartTarget {
            value_usd: 1e9,
            label: "Target $1 bn".into(),
            crossing: Some(Crossing {
                p50: 2025,
                p10: Some(2024),
                p90: Some(2031),
            }),
            deadline: None,
        }),
    }
}

fn kz_eu() -> Chart {
    Chart {
        title: "KZ-EU turnover".into(),
        subtitle: "Chosen model: linear trend · as of 2026-11-23".into(),
        footer: "Sources: EU Delegation 2024-03-01, Kazinform 2025-02-10; 2024 estimated from \
                 January–September growth. As of 2026-11-23."
            .into(),
        history: vec![
            point(2022, 40.0e9, PointKind::Derived, Bound::Exact),
            point(2023, 41.4e9, PointKind::Reported, Bound::Exact),
            point(2024, 50.9e9, PointKind::Estimated, Bound::Approx),
        ],
        fitted: vec![(2022, 38.9e9), (2023, 44.35e9), (2024, 49.8e9)],
        forecast: Some(fan(49.8e9, 2025, 2030, 0.09, 0.08, 0.15)),
        target: Some(ChartTarget {
            value_usd: 80e9,
            label: "Target $80 bn by 2030".into(),
            crossing: Some(Crossing {
                p50: 2029,
                p10: Some(2027),
                p90: None,
            }),
            deadline: Some(2030),
        }),
    }
}

fn kz_uz() -> Chart {
    Chart {
        title: "KZ-UZ turnover".into(),
        subtitle: "No model: too few years · as of 2026-11-23".into(),
        footer: "Source: Uzbek Statistics Agency 2024-01-20. As of 2026-11-23.".into(),
        history: vec![point(2023, 4.5e9, PointKind::Reported, Bound::Approx)],
        fitted: vec![],
        forecast: None,
        target: Some(ChartTarget {
            value_usd: 10e9,
            label: "Target $10 bn".into(),
            crossing: None,
            deadline: Some(2030),
        }),
    }
}

fn long_series() -> Chart {
    let history: Vec<HistoryPoint> = (2004..=2023)
        .map(|y| {
            let t = f64::from(y - 2004);
            let v = 2.0e9 * (1.06f64).powf(t) * (1.0 + 0.08 * (t * 1.3).sin());
            let kind = if y % 7 == 0 {
                PointKind::Derived
            } else {
                PointKind::Reported
            };
            point(y, v, kind, Bound::Exact)
        })
        .collect();
    let fitted = (2004..=2023)
        .map(|y| (y, 2.0e9 * 1.06f64.powi(y - 2004)))
        .collect();
    Chart {
        title: "KZ-CN turnover (synthetic 20-year series)".into(),
        subtitle: "Chosen model: log-linear trend · as of 2026-11-23".into(),
        footer: "Synthetic data for a layout check. ".repeat(12),
        history,
        fitted,
        forecast: Some(fan(2.0e9 * 1.06f64.powi(19), 2024, 2030, 0.06, 0.05, 0.0)),
        target: None,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    for path in run(&dir)? {
        println!("{}", path.display());
    }
    Ok(())
}

/// Writes the four charts into `dir` and returns their paths (`tests/it/examples.rs` runs it).
pub fn run(dir: &std::path::Path) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    let mut written = Vec::new();
    for (name, chart) in [
        ("chart_kz_az.png", kz_az()),
        ("chart_kz_eu.png", kz_eu()),
        ("chart_kz_uz.png", kz_uz()),
        ("chart_long.png", long_series()),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, render_png(&chart)?)?;
        written.push(path);
    }
    Ok(written)
}
