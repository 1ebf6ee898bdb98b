//! What a batch writes: exact columns, one row per series and year, nested intervals, targets.

use crate::batch_common::{panel, read, run, write};
use tradecast::batch::{count_series, BatchOptions};
use tradecast::model::ModelKind;

#[test]
fn forecasts_have_exact_columns_and_nested_intervals() {
    let dir = tempfile::tempdir().unwrap();
    let text = panel(40);
    let mut o = BatchOptions::new(7);
    o.threads = 2;
    let (s, out) = run(dir.path(), &text, &o);
    assert_eq!((s.series, s.forecast, s.skipped), (40, 40, 0));

    let forecasts = read(&out, "forecasts.csv");
    let mut rdr = csv::Reader::from_reader(forecasts.as_bytes());
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "series_id",
            "year",
            "mean",
            "lower80",
            "upper80",
            "lower95",
            "upper95",
            "model"
        ]
    );
    let names: Vec<&str> = ModelKind::ALL.iter().map(|m| m.as_str()).collect();
    let mut rows = 0;
    let mut ids: Vec<String> = Vec::new();
    let mut prev: Option<(String, i32)> = None;
    for r in rdr.records() {
        let r = r.unwrap();
        assert_eq!(r.len(), 8);
        let year: i32 = r[1].parse().unwrap();
        let v: Vec<f64> = (2..7).map(|i| r[i].parse().unwrap()).collect();
        let (mean, l80, u80, l95, u95) = (v[0], v[1], v[2], v[3], v[4]);
        assert!(v.iter().all(|x| x.is_finite() && *x >= 0.0), "{r:?}");
        assert!(
            l95 <= l80 && l80 <= mean && mean <= u80 && u80 <= u95,
            "{r:?}"
        );
        assert!(names.contains(&&r[7]), "{r:?}");
        // Years are consecutive within a series; series in input order.
        match &prev {
            Some((id, y)) if id == &r[0] => assert_eq!(year, y + 1),
            _ => {
                assert_eq!(year, 2025, "panel series end in 2024: {r:?}");
                ids.push(r[0].to_string());
            }
        }
        prev = Some((r[0].to_string(), year));
        rows += 1;
    }
    assert_eq!(rows, 40 * 7);
    let expected: Vec<String> = (0..40).map(|i| format!("s{i:04}")).collect();
    assert_eq!(ids, expected);
    let models: u64 = s.by_model.values().sum();
    assert_eq!(models, 40);
}

#[test]
fn targets_are_probabilities_and_ordered_years() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = BatchOptions::new(3);
    o.target_ratio = Some(1.5);
    let (s, out) = run(dir.path(), &panel(12), &o);
    // Forecasts keep the requested horizon even though paths cover ten years.
    assert_eq!(read(&out, "forecasts.csv").lines().count(), 1 + 12 * 3);
    let targets = read(&out, "targets.csv");
    let mut rdr = csv::Reader::from_reader(targets.as_bytes());
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "series_id",
            "target",
            "p10",
            "p50",
            "p90",
            "probability_10y"
        ]
    );
    let mut n = 0;
    for r in rdr.records() {
        let r = r.unwrap();
        let p: f64 = r[5].parse().unwrap();
        assert!((0.0..=1.0).contains(&p));
        let year = |i: usize| (!r[i].is_empty()).then(|| r[i].parse::<i32>().unwrap());
        // A percentile can only be reached if the lower ones are; years are ordered.
        let (p10, p50, p90) = (year(2), year(3), year(4));
        if let Some(y) = p90 {
            assert!(p50.unwrap() <= y);
        }
        if let Some(y) = p50 {
            assert!(p10.unwrap() <= y);
            assert!(
                p >= 0.5 - 1e-9,
                "median crossing within ten years means p >= 0.5: {r:?}"
            );
        }
        n += 1;
    }
    assert_eq!(n, s.forecast);
}

#[test]
fn one_or_two_points_are_forecast_by_the_pooled_model() {
    let dir = tempfile::tempdir().unwrap();
    let text = "series_id,year,value\na,2020,5\na,2021,6\nb,2020,1\nb,2021,2\nb,2022,3\nb,2023,4\nc,2019,7\n";
    let (s, out) = run(dir.path(), text, &BatchOptions::new(2));
    assert_eq!((s.series, s.forecast, s.skipped), (3, 3, 0));
    let forecasts = read(&out, "forecasts.csv");
    for row in ["a,2022,", "a,2023,", "c,2020,", "c,2021,"] {
        let line = forecasts
            .lines()
            .find(|l| l.starts_with(row))
            .unwrap_or_else(|| panic!("{row} in {forecasts}"));
        assert!(line.ends_with(",pooled"), "{line}");
    }
    assert_eq!(read(&out, "skipped.csv").lines().count(), 1);

    // A knowledge file learned before the 1- and 2-point classes: skipped, as before.
    let old = tradecast::knowledge::Knowledge {
        one_point: None,
        two_points: None,
        ..tradecast::knowledge::Knowledge::builtin().clone()
    };
    let mut o = BatchOptions::new(2);
    o.knowledge = std::sync::Arc::new(old);
    let dir = tempfile::tempdir().unwrap();
    let (s, out) = run(dir.path(), text, &o);
    assert_eq!((s.series, s.forecast, s.skipped), (3, 1, 2));
    let skipped = read(&out, "skipped.csv");
    assert!(
        skipped.lines().nth(1).unwrap().starts_with("a,2,"),
        "{skipped}"
    );
}

#[test]
fn count_series_matches_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = panel(25);
    text.push_str("s0003,2030,5\nbad row\n");
    let path = write(dir.path(), "p.csv", &text);
    assert_eq!(count_series(&path).unwrap(), 25);
    let done = std::sync::atomic::AtomicU64::new(0);
    let out = dir.path().join("out");
    let s = tradecast::batch::run_batch(&path, &out, &BatchOptions::new(2), &|n| {
        done.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    })
    .unwrap();
    assert_eq!((s.series, s.reappeared, s.bad_rows), (25, 1, 1));
    // The progress callback counts every series once (forecast or skipped).
    assert_eq!(done.into_inner(), 25);
}
