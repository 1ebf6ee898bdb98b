//! Every figure counts (issue #22), end to end on made-up but realistic figures
//! (`tests/data/every_figure/`, invented; see its README): a seed-like figure of unrecorded origin,
//! two years of Kazakhstan's own statistics, Tajikistan's mirror figures and three year-to-date
//! levels (KZ-TJ); and a trade whose own statistics give only two years beside three years of
//! unrecorded origin (KZ-AM). Each trade with three or more years of evidence on any side gets a
//! projection and an assessment on the side its target is judged on.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::tradecast;

const AS_OF: &str = "2024-12-01";

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/every_figure")
}

fn report() -> Value {
    let out = tempfile::tempdir().unwrap();
    let o = tradecast()
        .arg("--data")
        .arg(data())
        .args(["report", "-q", "--as-of", AS_OF, "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&std::fs::read(out.path().join("projections.json")).unwrap()).unwrap()
}

fn series<'a>(report: &'a Value, pair: &str) -> &'a Value {
    report["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["pair"] == pair)
        .unwrap_or_else(|| panic!("no {pair} series"))
}

fn point(series: &Value, year: i64) -> &Value {
    series["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["year"] == year)
        .unwrap_or_else(|| panic!("no {year} point"))
}

#[test]
fn an_unrecorded_figure_equal_to_the_bureaus_joins_its_side() {
    let r = report();
    let tj = series(&r, "KZ-TJ");
    assert_eq!(tj["reported_by"], "KZ");
    // o001 (1.2 bn, origin not recorded) equals the bureau's 1.21 bn for 2022 within 2%.
    assert_eq!(
        point(tj, 2022)["sources"],
        serde_json::json!(["o002", "o001"])
    );
    // Its growth then gives KZ's 2021: 1.2 bn / 1.2.
    let y2021 = point(tj, 2021);
    assert_eq!(y2021["kind"], "derived");
    assert!((y2021["value_usd"].as_f64().unwrap() - 1.0e9).abs() < 1.0);
    assert!(tj["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().contains("o001") && n.as_str().unwrap().contains("KZ")));
    // No side of unrecorded origin is left; Tajikistan's mirror figures stay their own.
    let others: Vec<&str> = tj["other_sides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["reported_by"].as_str().unwrap())
        .collect();
    assert_eq!(others, ["TJ"]);
}

#[test]
fn a_side_with_two_years_borrows_the_others_and_is_projected() {
    let r = report();
    let am = series(&r, "KZ-AM");
    assert_eq!(am["reported_by"], "KZ");
    // KZ's 2021 is 105 m against 100 m of unrecorded origin: scale 1.05.
    for (year, unknown) in [(2019, 80e6), (2020, 70e6)] {
        let p = point(am, year);
        assert_eq!(p["borrowed_from"], "unknown");
        assert_eq!(p["kind"], "derived");
        assert!((p["value_usd"].as_f64().unwrap() / (unknown * 1.05) - 1.0).abs() < 1e-9);
    }
    assert!(point(am, 2021)["borrowed_from"].is_null());
    // The borrowed years are not gaps between the sides; 2021 is (both report it).
    let gap_years: Vec<i64> = am["side_gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["year"].as_i64().unwrap())
        .collect();
    assert_eq!(gap_years, [2021]);
    assert!(am["forecast"]["model"].is_string(), "{:#}", am["forecast"]);
}

#[test]
fn every_target_is_assessed_on_its_own_countrys_statistics() {
    let r = report();
    for t in r["targets"].as_array().unwrap() {
        assert_eq!(t["judged_on"], "KZ", "{t:#}");
        assert_ne!(t["status"], "insufficient_data", "{t:#}");
        let p = t["probability_by_deadline"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p));
    }
}

#[test]
fn three_year_to_date_levels_make_one_estimate_never_below_them() {
    let r = report();
    let tj = series(&r, "KZ-TJ");
    let p = point(tj, 2024);
    assert_eq!(p["kind"], "estimated");
    // January–October (o008, with its +9%) leads; January–April and –August cross-check it.
    assert_eq!(p["estimate"]["months"], 10);
    assert!(p["sources"].as_array().unwrap().iter().any(|s| s == "o008"));
    let level = 1.22e9;
    for key in ["lower95", "lower80", "upper80", "upper95"] {
        assert!(
            p["estimate"][key].as_f64().unwrap() >= level,
            "{key}: {p:#}"
        );
    }
    assert!(p["value_usd"].as_f64().unwrap() >= level);
    let notes: Vec<&str> = tj["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    for other in ["o006", "o007"] {
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("Cross-check of the 2024 estimate") && n.contains(other)),
            "{other}: {notes:#?}"
        );
    }
    // The projection starts after the estimate, from the judged side.
    let first = tj["forecast"]["years"][0].as_i64().unwrap();
    assert_eq!(first, 2025);
}
