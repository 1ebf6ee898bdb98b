//! The binary end to end: `check` and `series` on the shipped data and on bad data.

use predicates::prelude::*;
use std::path::Path;

use crate::common::tradecast;

#[test]
fn check_accepts_the_shipped_data() {
    tradecast()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ok: 10 observation(s) and 1 target(s)",
        ));
}

#[test]
fn check_rejects_each_bad_observation_file_naming_file_and_line() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input/observations");
    let targets = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/targets.csv");
    let mut checked = 0;
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".csv") || name.starts_with("warn_") {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(&path, dir.path().join("observations.csv")).unwrap();
        std::fs::copy(&targets, dir.path().join("targets.csv")).unwrap();
        let out = tradecast()
            .args(["check", "--data"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("observations.csv"), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} corpus files");
}

#[test]
fn missing_data_directory_is_an_error_with_the_path() {
    tradecast()
        .args(["check", "--data", "no/such/dir"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no/such/dir"));
}

#[test]
fn bad_as_of_is_rejected_with_exit_1() {
    tradecast()
        .args(["check", "--as-of", "2023-02-30"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--as-of"));
}

#[test]
fn series_json_has_points_with_kinds_and_sources() {
    let out = tradecast().args(["series", "--json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cn = v
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["pair"] == "KZ-CN" && s["flow"] == "turnover")
        .unwrap();
    let p = &cn["points"][0];
    assert_eq!(p["year"], 2021);
    assert_eq!(p["kind"], "derived");
    assert_eq!(p["bound"], "approx");
    assert_eq!(p["sources"][0], "o001");
    assert!((p["value_usd"].as_f64().unwrap() - 24.2e9 / 1.35).abs() < 1.0);
}

#[test]
fn unknown_subcommand_is_rejected_and_help_teaches() {
    tradecast().arg("frobnicate").assert().code(1);
    tradecast()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
}

#[test]
fn forecast_json_lists_every_candidate_and_nested_intervals() {
    let out = tradecast()
        .args([
            "forecast",
            "--json",
            "--horizon",
            "5",
            "--as-of",
            "2026-11-23",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let az = v
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["pair"] == "KZ-AZ")
        .unwrap();
    assert_eq!(az["model"], "pooled");
    assert_eq!(az["years"].as_array().unwrap().len(), 5);
    for k in 0..5 {
        let f = |name: &str| az[name][k].as_f64().unwrap();
        assert!(f("lower95") <= f("lower80") && f("lower80") <= f("mean"));
        assert!(f("mean") <= f("upper80") && f("upper80") <= f("upper95"));
    }
    let models = az["models"].as_array().unwrap();
    assert!(models
        .iter()
        .any(|m| m["status"] == "skipped" && m["model"] == "damped" && m["reason"].is_string()));
    let uz = v
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["pair"] == "KZ-UZ")
        .unwrap();
    // One annual value: the pooled model alone, resting on it.
    assert_eq!(uz["model"], "pooled");
    assert!(
        uz["reason"].as_str().unwrap().contains("one annual value"),
        "{}",
        uz["reason"]
    );
    assert!(uz["models"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["status"] == "skipped" || m["model"] == "pooled"));
}

#[test]
fn forecast_rejects_an_unknown_model_with_the_accepted_names() {
    tradecast()
        .args(["forecast", "--model", "arima"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("log_linear"));
}

#[test]
fn batch_end_to_end_same_bytes_with_one_and_two_threads() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (dir, threads) in [(&a, "1"), (&b, "2")] {
        tradecast()
            .args([
                "batch",
                "-q",
                "--panel",
                "tests/data/m1_sample.csv",
                "--horizon",
                "6",
                "--target-ratio",
                "1.5",
            ])
            .args(["--threads", threads, "--out"])
            .arg(dir.path())
            .assert()
            .success();
    }
    for f in ["forecasts.csv", "skipped.csv", "targets.csv"] {
        let x = std::fs::read(a.path().join(f)).unwrap();
        assert_eq!(x, std::fs::read(b.path().join(f)).unwrap(), "{f}");
        assert!(!x.is_empty());
    }
    let header = std::fs::read_to_string(a.path().join("forecasts.csv")).unwrap();
    assert!(header.starts_with("series_id,year,mean,lower80,upper80,lower95,upper95,model\n"));
}
