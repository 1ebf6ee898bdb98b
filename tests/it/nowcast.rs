//! Full-year estimates from year-to-date levels (issue #22): the floor, the bands by months, the
//! batch panel's `months` and `growth_pct` columns, the nowcast section of a knowledge file and
//! `learn --monthly`.

use std::fmt::Write as _;

use tradecast::batch::{batch_results, BatchOptions, SeriesResult, Status};
use tradecast::knowledge::Knowledge;
use tradecast::nowcast::{estimate_log_sd, full_year, FullYear, YearToDate};

use crate::common::tradecast;

/// The invariants every estimate keeps: the level is a floor, the bands are nested and finite.
fn assert_floor(y: &FullYear, ytd: f64, what: &str) {
    let ends = [y.lower95, y.lower80, y.point, y.upper80, y.upper95];
    assert!(ends.iter().all(|v| v.is_finite()), "{what}: {y:?}");
    assert!(
        ytd <= y.lower95,
        "{what}: lower95 {} below {ytd}",
        y.lower95
    );
    assert!(ends.windows(2).all(|w| w[0] <= w[1]), "{what}: {y:?}");
    assert!(y.log_sd >= 0.0 && y.log_sd.is_finite(), "{what}: {y:?}");
}

/// A real case (US Census, exports of the United States to Canada, USD): the full years 1990–1994
/// and January 1995 (+33.3% on January 1994); the year's real total was 127.2 bn.
const CANADA: [(i32, f64); 5] = [
    (1990, 83_673_800_000.0),
    (1991, 85_149_800_000.0),
    (1992, 90_594_300_000.0),
    (1993, 100_444_200_000.0),
    (1994, 114_438_600_000.0),
];

#[test]
fn no_estimate_or_band_falls_below_the_published_level_on_real_figures_or_extremes() {
    let k = Knowledge::builtin();
    let real = YearToDate {
        value: 10_101_300_000.0,
        months: 1,
        growth: Some(0.332_959),
    };
    let y = full_year(k, &real, &CANADA);
    assert_floor(&y, real.value, "Canada January 1995");
    assert!(y.how.contains("January (1 month(s))"), "{}", y.how);
    // Made-up extremes: a level far above or below the years before, no history, one year, a
    // collapse or a boom in the same months, tiny and huge amounts.
    let histories: [&[(i32, f64)]; 4] =
        [&CANADA, &[], &[(2020, 5.0)], &[(2019, 1e12), (2021, 1e3)]];
    for history in histories {
        for months in 0..=13u8 {
            for value in [1e-3, 1.0, 4.0e9, 1e15] {
                for growth in [None, Some(-0.999), Some(0.0), Some(50.0), Some(f64::NAN)] {
                    let ytd = YearToDate {
                        value,
                        months,
                        growth,
                    };
                    let what = format!("{ytd:?} after {history:?}");
                    assert_floor(&full_year(k, &ytd, history), value, &what);
                }
            }
        }
    }
    // A full year is itself, with no uncertainty.
    let full = full_year(k, &YearToDate { months: 12, ..real }, &CANADA);
    assert_eq!(
        (full.lower95, full.upper95, full.log_sd),
        (real.value, real.value, 0.0)
    );
}

#[test]
fn the_more_months_are_known_the_narrower_the_band() {
    let k = Knowledge::builtin();
    let rules = k.nowcast_rules();
    assert!(
        rules.provenance.data.contains("Census"),
        "{:?}",
        rules.provenance
    );
    for growth in [false, true] {
        let sd: Vec<f64> = (1..=11).map(|m| estimate_log_sd(k, m, growth)).collect();
        assert!(sd.windows(2).all(|w| w[0] > w[1]), "{sd:?}");
        // About 20% of the year is unknown after January, 3% after November.
        assert!(
            (0.1..0.4).contains(&sd[0]) && (0.005..0.06).contains(&sd[10]),
            "{sd:?}"
        );
    }
    assert_eq!(estimate_log_sd(k, 12, true), 0.0);
    // One series: the same pace known for three months and for nine.
    let pace = |months: u8| YearToDate {
        value: 120e9 * f64::from(months) / 12.0,
        months,
        growth: None,
    };
    let (march, september) = (
        full_year(k, &pace(3), &CANADA),
        full_year(k, &pace(9), &CANADA),
    );
    assert!(
        march.log_sd > 1.5 * september.log_sd,
        "{march:?} {september:?}"
    );
}

#[test]
fn a_file_without_the_section_uses_the_built_in_rules() {
    let k = Knowledge::builtin();
    let mut json: serde_json::Value = serde_json::to_value(k).unwrap();
    json.as_object_mut().unwrap().remove("nowcast");
    let old = Knowledge::from_json(&json.to_string(), "old.json").unwrap();
    assert!(old.nowcast.is_none());
    let ytd = YearToDate {
        value: 60e9,
        months: 6,
        growth: Some(0.05),
    };
    assert_eq!(full_year(&old, &ytd, &CANADA), full_year(k, &ytd, &CANADA));
    // A broken section is refused with its place and the fix.
    json["nowcast"] = serde_json::to_value(k.nowcast_rules()).unwrap();
    json["nowcast"]["level"].as_array_mut().unwrap().pop();
    let err = Knowledge::from_json(&json.to_string(), "bad.json")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bad.json") && err.contains("nowcast.level"),
        "{err}"
    );
}

fn results(panel: &str) -> Vec<SeriesResult> {
    let mut all = Vec::new();
    let options = BatchOptions::new(2);
    batch_results(panel.as_bytes(), "p.csv", &options, &|_| {}, &mut |chunk| {
        all.extend(chunk);
        Ok(())
    })
    .unwrap();
    all
}

#[test]
fn batch_starts_a_partial_last_year_with_its_estimate_and_refuses_bad_uses_at_their_line() {
    let mut panel = String::from("series_id,year,value,months,growth_pct\n");
    for (y, v) in CANADA {
        let _ = writeln!(panel, "ca,{y},{v},,");
    }
    panel.push_str("ca,1995,95000000000,9,4.5\n");
    // The same series with 1995 a reported full year at the estimate's point, and bad uses.
    let ytd = YearToDate {
        value: 95e9,
        months: 9,
        growth: Some(0.045),
    };
    let point = full_year(Knowledge::builtin(), &ytd, &CANADA).point;
    for (y, v) in CANADA.into_iter().chain([(1995, point)]) {
        let _ = writeln!(panel, "full,{y},{v},,");
    }
    panel.push_str("mid,2000,5,,\nmid,2001,6,6,\nmid,2002,7,,\nmid,2003,8,,\n");
    panel.push_str("bad,2000,5,,\nbad,2001,6,13,\nbad,2002,7,,3\nbad,2003,8,,\nbad,2004,9,x,\n");
    panel.push_str("bad,2005,10,,\n");
    let r = results(&panel);
    let ca = &r[0];
    assert!(matches!(ca.status, Status::Forecast(_)), "{ca:?}");
    assert_eq!(
        ca.forecasts.len(),
        3,
        "1995's estimate, then the horizon's two years"
    );
    let est = &ca.forecasts[0];
    assert_eq!((est.year, ca.forecasts[1].year), (1995, 1996));
    assert!(
        95e9 <= est.lower95 && est.lower95 < est.mean && est.mean < est.upper95,
        "{est:?}"
    );
    // The estimate's uncertainty is carried on: the next year's band is wider than the same
    // series' a year after a full 1994.
    let full = &r[1].forecasts[0];
    let width = |f: &tradecast::batch::ForecastRow| (f.upper95 / f.lower95).ln();
    assert!(width(&ca.forecasts[1]) > width(full), "{ca:?} {full:?}");

    let mid = &r[2];
    assert_eq!(mid.status, Status::Skipped);
    assert_eq!(mid.skipped[0].line, 15);
    assert!(
        mid.skipped[0]
            .reason
            .contains("only a series' last year may be partial"),
        "{mid:?}"
    );
    let bad = &r[3];
    let lines: Vec<u64> = bad.skipped.iter().map(|s| s.line).collect();
    assert_eq!(lines, [19, 20, 22], "{bad:?}");
    assert!(bad.skipped[0].reason.contains("months `13`"), "{bad:?}");
    assert!(
        bad.skipped[1]
            .reason
            .contains("growth_pct is given for a full year"),
        "{bad:?}"
    );
    assert!(bad.skipped[2].reason.contains("months `x`"), "{bad:?}");
    // The other rows still make a series.
    assert!(matches!(bad.status, Status::Forecast(_)), "{bad:?}");
}

#[test]
fn a_growth_column_without_months_is_refused_at_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.csv");
    std::fs::write(&p, "series_id,year,value,growth_pct\na,2000,1,\n").unwrap();
    let out = tradecast()
        .args(["batch", "--panel"])
        .arg(&p)
        .arg("--out")
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("p.csv:1") && err.contains("needs a `months` column"),
        "{err}"
    );
}

/// 60 series of 20 years, monthly, with a seasonal pattern, growth and noise; one bad row.
fn monthly_panel() -> String {
    let mut csv = String::from("series_id,year,month,value\n");
    let mut state = 11u64;
    let mut noise = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 33) as f64 / f64::from(1u32 << 31) - 0.5
    };
    for s in 0..60 {
        for (i, y) in (1990..2010).enumerate() {
            let level = 1e9 * f64::from(1 + s % 5) * (0.04 * i as f64 + 0.1 * noise()).exp();
            for m in 1..=12 {
                let season = 1.0 + 0.2 * (f64::from(m) * 0.6).cos();
                let v = level / 12.0 * season * (1.0 + 0.1 * noise());
                let _ = writeln!(csv, "S{s}-x,{y},{m},{v:.0}");
            }
        }
    }
    csv.push_str("S0-x,2010,13,5\n");
    csv
}

#[test]
fn learn_monthly_writes_a_deterministic_nowcast_section_and_names_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let annual = dir.path().join("annual.csv");
    let mut csv = String::from("series_id,year,value\n");
    for s in 0..400 {
        for (i, y) in (1980..2010).enumerate() {
            let zig = 0.05 * (1 + s % 4) as f64 * if (i + s) % 2 == 0 { 1.0 } else { -1.0 };
            let _ = writeln!(
                csv,
                "S{s},{y},{}",
                1e6 * (1 + s) as f64 * (0.03 * i as f64 + zig).exp()
            );
        }
    }
    csv.push_str("S0,2010,-5\n");
    std::fs::write(&annual, csv).unwrap();
    let monthly = dir.path().join("monthly.csv");
    std::fs::write(&monthly, monthly_panel()).unwrap();
    let learn = |out: &str| {
        let o = tradecast()
            .args(["learn", "--panel"])
            .arg(&annual)
            .arg("--monthly")
            .arg(&monthly)
            .arg("--out")
            .arg(dir.path().join(out))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        (
            std::fs::read(dir.path().join(out).join("knowledge.json")).unwrap(),
            err,
        )
    };
    let ((a, err), (b, _)) = (learn("a"), learn("b"));
    assert_eq!(a, b, "the same panels must give the same bytes");
    // The bad rows are named with their line and reason, not dropped silently.
    assert!(
        err.contains("annual.csv:12002") && err.contains("not positive"),
        "{err}"
    );
    assert!(
        err.contains("monthly.csv:14402") && err.contains("month `13`"),
        "{err}"
    );
    let k = Knowledge::from_json(std::str::from_utf8(&a).unwrap(), "k.json").unwrap();
    let rules = k.nowcast.as_ref().expect("a nowcast section");
    assert_eq!(rules.provenance.series, 60);
    assert!(
        rules.provenance.command.contains("--monthly"),
        "{:?}",
        rules.provenance
    );

    // --monthly alone keeps the built-in annual knowledge and replaces only the rules.
    let o = tradecast()
        .args(["learn", "-q", "--monthly"])
        .arg(&monthly)
        .arg("--out")
        .arg(dir.path().join("m"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(dir.path().join("m").join("knowledge.json")).unwrap();
    let only = Knowledge::from_json(&text, "m.json").unwrap();
    let builtin = Knowledge::builtin();
    assert_eq!(
        (&only.provenance, only.drift),
        (&builtin.provenance, builtin.drift)
    );
    assert_eq!(only.nowcast.as_ref(), Some(rules));
}
