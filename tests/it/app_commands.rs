//! The application layer's commands agree with the pipeline and the renderers they wrap.

use std::path::{Path, PathBuf};

use tradecast::app::{self, Options};
use tradecast::Error;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn options() -> Options {
    Options::new(data(), "2026-11-23".parse().unwrap())
}

#[test]
fn forecast_keeps_the_horizon_asked_even_where_targets_would_extend_it() {
    let checked = Options {
        horizon: 3,
        ..options()
    }
    .check()
    .unwrap();
    let f = app::forecast(&checked).unwrap();
    let az = f
        .sections
        .iter()
        .find(|s| s.series.pair.to_string() == "KZ-AZ")
        .unwrap();
    assert!(az.assessments.is_empty());
    let chosen = az.selection.as_ref().unwrap().chosen.as_ref().unwrap();
    assert_eq!(chosen.forecast.years.len(), 3);
    // In the report, KZ-AZ's target (no deadline) extends the horizon to 2036.
    let report = app::build_report(&checked, None).unwrap();
    let in_report = report
        .sections
        .iter()
        .find(|s| s.series.pair.to_string() == "KZ-AZ")
        .unwrap();
    let years = &in_report
        .selection
        .as_ref()
        .unwrap()
        .chosen
        .as_ref()
        .unwrap()
        .forecast
        .years;
    assert_eq!(years.last(), Some(&2036));
}

#[test]
fn results_serialise_to_the_report_views() {
    let checked = options().check().unwrap();
    let t = app::targets(&checked).unwrap();
    let report = app::build_report(&checked, None).unwrap();
    let want: Vec<serde_json::Value> = report
        .assessments()
        .map(tradecast::report::json::assessment)
        .collect();
    assert!(!want.is_empty());
    assert_eq!(
        serde_json::to_value(&t).unwrap(),
        serde_json::Value::Array(want)
    );
    let c = app::check(&checked).unwrap();
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["observations"], c.observations);
}

#[test]
fn chart_is_the_file_report_renders() {
    let checked = options().check().unwrap();
    let chart = app::chart(&checked, "KZ-CN", "turnover").unwrap();
    let report = app::build_report(&checked, None).unwrap();
    let files = tradecast::report::render_all(&report).unwrap();
    let file = files
        .iter()
        .find(|f| f.path == Path::new("charts/KZ-CN-turnover.png"))
        .unwrap();
    assert_eq!(chart.stem, "KZ-CN-turnover");
    assert_eq!(chart.png, file.bytes);
    let e = app::chart(&checked, "KZ-FR", "turnover")
        .unwrap_err()
        .to_string();
    assert!(e.contains("no chart for KZ-FR turnover"), "{e}");
    assert!(e.contains("KZ-CN-turnover"), "{e}");
}

#[test]
fn a_missing_data_file_is_rejected_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        data().join("observations.csv"),
        dir.path().join("observations.csv"),
    )
    .unwrap();
    let e = Options::new(dir.path(), "2026-11-23".parse().unwrap())
        .check()
        .unwrap_err();
    assert!(matches!(e, Error::Argument(_)), "{e:?}");
    assert!(e.to_string().contains("targets.csv not found"), "{e}");
}

#[test]
fn write_report_lists_what_it_wrote() {
    let out = tempfile::tempdir().unwrap();
    let checked = Options {
        paths: 200,
        ..options()
    }
    .check()
    .unwrap();
    let w = app::write_report(&checked, out.path()).unwrap();
    // Four turnover trades, and KZ-EU's exports and imports: each a full year estimated from
    // January–October 2024, projected from that one value.
    assert_eq!(w.charts(), 6);
    for f in &w.files {
        assert!(out.path().join(f).is_file(), "{}", f.display());
    }
    let v = serde_json::to_value(&w).unwrap();
    assert_eq!(v["targets"][0]["id"], "t001");
    assert_eq!(v["files"][0], "report.md");
}
