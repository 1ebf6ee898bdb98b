//! `tradecast learn` end to end: a panel in, a knowledge file out, used by `--knowledge`.

use std::fmt::Write as _;

use crate::common::tradecast;

/// 400 series of 30 years growing 3% a year, with zig-zags of several sizes.
fn panel() -> String {
    let mut csv = String::from("series_id,year,value\n");
    for s in 0..400 {
        for (i, y) in (1980..2010).enumerate() {
            let zig = 0.05 * (1 + s % 4) as f64 * if (i + s) % 2 == 0 { 1.0 } else { -1.0 };
            let v = 1e6 * (1 + s) as f64 * (0.03 * i as f64 + zig).exp();
            let _ = writeln!(csv, "S{s},{y},{v}");
        }
    }
    csv
}

#[test]
fn a_learned_file_is_deterministic_and_drives_the_pooled_model() {
    let dir = tempfile::tempdir().unwrap();
    let panel_path = dir.path().join("panel.csv");
    std::fs::write(&panel_path, panel()).unwrap();
    let learn = |out: &str| {
        tradecast()
            .args([
                "learn",
                "-q",
                "--until",
                "2005",
                "--describe",
                "synthetic test panel",
                "--panel",
            ])
            .arg(&panel_path)
            .arg("--out")
            .arg(dir.path().join(out))
            .assert()
            .success();
        std::fs::read(dir.path().join(out).join("knowledge.json")).unwrap()
    };
    let (a, b) = (learn("a"), learn("b"));
    assert_eq!(a, b, "the same panel must give the same bytes");
    let k: serde_json::Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(k["provenance"]["years"][1], 2005, "--until is respected");
    let drift = k["drift"].as_f64().unwrap();
    assert!((drift - 0.03).abs() < 0.03, "drift {drift}");
    // A quarter of the series zig-zag by ±5% (yearly volatility about 10%): the smoothest tenth.
    let smooth = k["smooth_below"].as_f64().unwrap();
    assert!((0.095..0.115).contains(&smooth), "smooth_below {smooth}");
    let said = tradecast()
        .args(["learn", "--until", "2005", "--panel"])
        .arg(&panel_path)
        .arg("--out")
        .arg(dir.path().join("c"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&said.stdout);
    assert!(
        said.contains(&format!(
            "long series smoother than {:.1}% a year are left to their own models",
            100.0 * smooth
        )),
        "{said}"
    );

    // The shipped data forecast with it: the reason names the panel it came from.
    let out = tradecast()
        .args(["forecast", "--json", "--as-of", "2026-11-23", "--knowledge"])
        .arg(dir.path().join("a").join("knowledge.json"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("synthetic test panel"), "{text}");
}

#[test]
fn a_broken_knowledge_file_is_rejected_with_its_name_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("k.json");
    std::fs::write(&bad, "{\"version\": 1, \"drift\": 0.05").unwrap();
    let out = tradecast()
        .args(["forecast", "--as-of", "2026-11-23", "--knowledge"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("k.json") && err.contains("tradecast learn"),
        "{err}"
    );
}

#[test]
fn too_small_a_panel_says_what_would_help() {
    let dir = tempfile::tempdir().unwrap();
    let panel_path = dir.path().join("small.csv");
    std::fs::write(
        &panel_path,
        "series_id,year,value\nA,2000,1\nA,2001,2\nA,2002,3\nA,2003,4\n",
    )
    .unwrap();
    let out = tradecast()
        .args(["learn", "--panel"])
        .arg(&panel_path)
        .arg("--out")
        .arg(dir.path().join("o"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("at least 200"), "{err}");
    assert!(!dir.path().join("o").join("knowledge.json").exists());
}
