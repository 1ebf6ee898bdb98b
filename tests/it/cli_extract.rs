//! `tradecast extract` end to end: proposals from the seed articles, and `--append` safety.

use assert_cmd::Command;

use crate::common::root;

fn seeds() -> Vec<std::path::PathBuf> {
    crate::common::files("tests/data/seeds", "txt")
}

#[test]
fn json_lists_figures_with_quotes_and_sources() {
    let out = Command::cargo_bin("tradecast")
        .unwrap()
        .arg("extract")
        .arg("--json")
        .args(seeds())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["records"].as_array().unwrap();
    let cn_2022 = rows
        .iter()
        .find(|r| r["partner"] == "CN" && r["year"] == 2022 && r["is_target"] == false)
        .expect("KZ-CN 2022");
    assert_eq!(cn_2022["value_usd"], 24.2e9);
    assert_eq!(cn_2022["growth_pct"], 35.0);
    assert_eq!(cn_2022["source"], "000_d47cd417a6f61202.txt");
    assert!(rows
        .iter()
        .any(|r| r["is_target"] == true && r["value_usd"] == 1e9));
    // Investments are not trade.
    assert!(!rows
        .iter()
        .any(|r| r["value_usd"] == 180e9 || r["value_usd"] == 24e9));
}

#[test]
fn append_skips_duplicates_and_never_rewrites_existing_rows() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["observations.csv", "targets.csv"] {
        std::fs::copy(root().join("data").join(f), dir.path().join(f)).unwrap();
    }
    let before = std::fs::read(dir.path().join("observations.csv")).unwrap();
    let out = Command::cargo_bin("tradecast")
        .unwrap()
        .args(["extract", "--append", "--data"])
        .arg(dir.path())
        .args(seeds())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every seed figure with a resolvable period is already in data/: nothing new.
    assert_eq!(
        std::fs::read(dir.path().join("observations.csv")).unwrap(),
        before
    );

    let article = dir.path().join("kz_tr.txt");
    std::fs::write(
        &article,
        "date: 2025-02-10\nKazakhstan's trade turnover with Turkey reached $6.5 billion in 2024, up 8%.\n",
    )
    .unwrap();
    let out = Command::cargo_bin("tradecast")
        .unwrap()
        .args(["extract", "--append", "--data"])
        .arg(dir.path())
        .arg(&article)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = std::fs::read(dir.path().join("observations.csv")).unwrap();
    assert!(
        after.starts_with(&before),
        "existing rows must be kept byte for byte"
    );
    let added = String::from_utf8_lossy(&after[before.len()..]).to_string();
    assert!(
        added.starts_with("o011,KZ-TR,turnover,2024,6500000000,USD,8,"),
        "{added}"
    );
    // The result still loads.
    Command::cargo_bin("tradecast")
        .unwrap()
        .args(["check", "--data"])
        .arg(dir.path())
        .assert()
        .success();
}

#[test]
fn non_utf8_article_is_rejected_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.txt");
    std::fs::write(&f, b"trade \xff\xfe reached $1 billion").unwrap();
    let out = Command::cargo_bin("tradecast")
        .unwrap()
        .arg("extract")
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.txt"));
}
