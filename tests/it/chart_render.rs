//! The chart renderer: valid, non-blank, deterministic PNGs, and no panic on awkward input.

use image::GenericImageView;
use tradecast::obs::Bound;
use tradecast::report::chart::{
    render_png, Chart, ChartForecast, ChartTarget, Crossing, ForecastPoint, HistoryPoint, HEIGHT,
    WIDTH,
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

fn empty(title: &str) -> Chart {
    Chart {
        title: title.into(),
        subtitle: "as of 2026-11-23".into(),
        footer: "Sources: test fixture. As of 2026-11-23.".into(),
        history: vec![],
        fitted: vec![],
        forecast: None,
        target: None,
    }
}

/// KZ-AZ-like: three points of three kinds, one a lower bound, a fan far wider than the data.
fn kz_az() -> Chart {
    let g = (644.0f64 / 329.0).sqrt() - 1.0;
    let points = (2024..=2033)
        .map(|year| {
            let h = f64::from(year - 2023);
            let mean = 644e6 * (1.0 + g).powf(h);
            let s = 0.3 * h;
            ForecastPoint {
                year,
                mean_usd: mean,
                lower80_usd: mean * (-1.28 * s).exp(),
                upper80_usd: mean * (1.28 * s).exp(),
                lower95_usd: mean * (-3.0 * s).exp(),
                upper95_usd: mean * (3.0 * s).exp(),
            }
        })
        .collect();
    Chart {
        history: vec![
            point(2021, 329e6, PointKind::Derived, Bound::Exact),
            point(2022, 460e6, PointKind::Reported, Bound::AtLeast),
            point(2023, 644e6, PointKind::Estimated, Bound::Approx),
        ],
        fitted: vec![(2021, 329e6), (2022, 460e6), (2023, 644e6)],
        forecast: Some(ChartForecast {
            points,
            point_label: "median".to_string(),
        }),
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
        ..empty("KZ-AZ turnover")
    }
}

/// With `TRADECAST_CHART_DUMP=dir`, writes the PNG there for a look.
fn dump(name: &str, png: &[u8]) {
    if let Some(dir) = std::env::var_os("TRADECAST_CHART_DUMP") {
        std::fs::write(
            std::path::Path::new(&dir).join(format!("chart_{name}.png")),
            png,
        )
        .unwrap();
    }
}

fn decode(png: &[u8]) -> image::DynamicImage {
    image::load_from_memory_with_format(png, image::ImageFormat::Png).expect("a valid PNG")
}

/// Non-white pixels and distinct colours in the plot region (left of the legend panel, between the
/// title and the footer).
fn inked(img: &image::DynamicImage) -> (usize, usize) {
    let mut ink = 0;
    let mut colours = std::collections::BTreeSet::new();
    for (x, y, p) in img.pixels() {
        if (100..880).contains(&x) && (100..600).contains(&y) {
            colours.insert(p.0);
            if p.0 != [255, 255, 255, 255] {
                ink += 1;
            }
        }
    }
    (ink, colours.len())
}

#[test]
fn chart_has_the_promised_size_and_is_not_blank() {
    let img = decode(&render_png(&kz_az()).unwrap());
    assert_eq!(img.dimensions(), (WIDTH, HEIGHT));
    let (ink, colours) = inked(&img);
    // The fans alone cover a good part of the plot; text adds anti-aliased shades.
    assert!(ink > 50_000, "only {ink} non-white pixels in the plot");
    assert!(colours > 20, "only {colours} colours in the plot");
}

#[test]
fn chart_bytes_are_identical_across_renders() {
    let chart = kz_az();
    let a = render_png(&chart).unwrap();
    let b = render_png(&chart).unwrap();
    assert!(a == b, "two renders of the same chart differ");
    // A different chart gives different bytes (so the check above is not vacuous).
    let mut other = chart.clone();
    other.title.push_str(" (revised)");
    assert!(render_png(&other).unwrap() != a);
}

#[test]
fn chart_renders_a_single_point_without_forecast() {
    let chart = Chart {
        history: vec![point(2023, 4.5e9, PointKind::Reported, Bound::Exact)],
        ..empty("KZ-UZ turnover")
    };
    let img = decode(&render_png(&chart).unwrap());
    assert_eq!(img.dimensions(), (WIDTH, HEIGHT));
    let (ink, _) = inked(&img);
    assert!(ink > 1_000, "only {ink} non-white pixels");
}

#[test]
fn chart_renders_empty_history_with_a_message() {
    let png = render_png(&empty("KZ-XX turnover")).unwrap();
    dump("empty", &png);
    let img = decode(&png);
    assert_eq!(img.dimensions(), (WIDTH, HEIGHT));
    let (ink, _) = inked(&img);
    assert!(ink > 200, "the 'no data' message is missing");
}

#[test]
fn chart_skips_non_finite_values() {
    let mut chart = kz_az();
    chart
        .history
        .push(point(2020, f64::NAN, PointKind::Reported, Bound::Exact));
    chart.history.push(point(
        2019,
        f64::INFINITY,
        PointKind::Derived,
        Bound::AtMost,
    ));
    chart.fitted.push((2024, f64::NEG_INFINITY));
    if let Some(f) = chart.forecast.as_mut() {
        f.points[3].upper95_usd = f64::INFINITY;
        f.points[4].mean_usd = f64::NAN;
        f.points[5].lower80_usd = f64::NAN;
    }
    let img = decode(&render_png(&chart).unwrap());
    assert_eq!(img.dimensions(), (WIDTH, HEIGHT));

    // Nothing finite at all: still a PNG.
    let chart = Chart {
        history: vec![point(2023, f64::NAN, PointKind::Reported, Bound::Exact)],
        fitted: vec![(2023, f64::NAN)],
        target: Some(ChartTarget {
            value_usd: f64::NAN,
            label: "Target".into(),
            crossing: None,
            deadline: Some(2030),
        }),
        ..empty("all NaN")
    };
    let png = render_png(&chart).unwrap();
    dump("all_nan", &png);
    decode(&png);
}

#[test]
fn chart_survives_odd_but_finite_input() {
    // Zeros, negatives, a target alone, unsorted years, a far deadline, a long title and footer.
    let charts = [
        Chart {
            history: vec![
                point(2023, 0.0, PointKind::Reported, Bound::Exact),
                point(2021, 0.0, PointKind::Derived, Bound::AtMost),
            ],
            ..empty("zeros")
        },
        Chart {
            history: vec![
                point(2022, -5e6, PointKind::Reported, Bound::Exact),
                point(2023, 3e6, PointKind::Estimated, Bound::AtLeast),
            ],
            ..empty("negative")
        },
        Chart {
            target: Some(ChartTarget {
                value_usd: 5e9,
                label: "Target $5 bn by 2030".into(),
                crossing: Some(Crossing {
                    p50: 2029,
                    p10: None,
                    p90: None,
                }),
                deadline: Some(2030),
            }),
            ..empty("target only")
        },
        Chart {
            title: "A very long title ".repeat(20),
            footer: "A very long footer with many sources. ".repeat(40),
            history: vec![point(1990, 12.0, PointKind::Reported, Bound::Exact)],
            target: Some(ChartTarget {
                value_usd: 1e12,
                label: "Target".into(),
                crossing: None,
                deadline: Some(2500),
            }),
            ..empty("")
        },
        Chart {
            history: vec![
                point(2022, f64::MAX, PointKind::Reported, Bound::Exact),
                point(2023, 1e300, PointKind::Reported, Bound::Exact),
                point(2024, 1e17, PointKind::Reported, Bound::Exact),
            ],
            forecast: Some(ChartForecast {
                points: vec![ForecastPoint {
                    year: 2025,
                    mean_usd: 1e17,
                    lower80_usd: -f64::MAX,
                    upper80_usd: f64::MAX,
                    lower95_usd: -f64::MAX,
                    upper95_usd: f64::MAX,
                }],
                point_label: String::new(),
            }),
            ..empty("absurd magnitudes")
        },
        Chart {
            forecast: kz_az().forecast,
            ..empty("forecast only")
        },
        Chart {
            history: vec![point(i32::MAX, 1e9, PointKind::Reported, Bound::Exact)],
            fitted: vec![(i32::MIN, 1e9)],
            ..empty("extreme years")
        },
    ];
    for (i, chart) in charts.iter().enumerate() {
        let png = render_png(chart).unwrap();
        dump(&format!("odd_{i}"), &png);
        let img = decode(&png);
        assert_eq!(img.dimensions(), (WIDTH, HEIGHT), "{}", chart.title);
    }
}

#[test]
fn chart_renders_a_twenty_year_series() {
    let history: Vec<HistoryPoint> = (2004..=2023)
        .map(|y| {
            point(
                y,
                2e9 * 1.06f64.powi(y - 2004),
                PointKind::Reported,
                Bound::Exact,
            )
        })
        .collect();
    let chart = Chart {
        history,
        ..empty("twenty years")
    };
    let (ink, _) = inked(&decode(&render_png(&chart).unwrap()));
    assert!(ink > 3_000);
}
