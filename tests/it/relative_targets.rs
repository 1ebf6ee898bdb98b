//! Relative targets ("double trade by 2030") end to end: a small made-up data set written to a
//! temporary directory, loaded, run through the pipeline, and checked against numbers worked out
//! by hand; then the report's CSV and JSON through the binary.
//!
//! The series grows exactly 25% a year, 100 m in 2019 to 244.140625 m in 2023, on Kazakhstan's
//! own statistics (`reported_by` KZ). The goal "double trade by 2030" is stated on 2024-03-01.

use std::path::Path;

use assert_cmd::Command;
use tradecast::app::pipeline::{assess_all, vintage, RunOptions};
use tradecast::model::{ModelChoice, ModelKind};
use tradecast::obs::Side;
use tradecast::series::PointKind;
use tradecast::target::{Assessment, Status};

const OBS_HEADER: &str =
    "id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note,reported_by";
const TGT_HEADER: &str =
    "id,pair,flow,value_usd,currency,deadline,stated,source,quote,note,replaces,factor,base_year";

/// 100 m × 1.25^k for 2019..=2023; the 2023 figure is published on `published_2023`.
fn write_data(dir: &Path, published_2023: &str, target_row: &str) {
    let mut obs = format!("{OBS_HEADER}\n");
    for k in 0..5 {
        let year = 2019 + k;
        let value = 100e6 * 1.25f64.powi(k);
        let published = if year == 2023 {
            published_2023.to_string()
        } else {
            format!("{}-02-01", year + 1)
        };
        obs.push_str(&format!(
            "o{k},KZ-AZ,turnover,{year},{value},USD,,exact,{published},s{k}.txt,Trade was {value}.,,KZ\n"
        ));
    }
    std::fs::write(dir.join("observations.csv"), obs).unwrap();
    std::fs::write(
        dir.join("targets.csv"),
        format!("{TGT_HEADER}\n{target_row}\n"),
    )
    .unwrap();
}

const DOUBLE_BY_2030: &str =
    "t1,KZ-AZ,turnover,,,2030,2024-03-01,g.txt,We will double trade by 2030.,,,2,";

/// The one assessment of the data in `dir`, as of 2024-06-01, with the log-linear model (its
/// point forecast continues an exact 25% a year).
fn assess(dir: &Path) -> Assessment {
    let data = tradecast::input::load(dir).unwrap();
    let mut options = RunOptions::new("2024-06-01".parse().unwrap(), 7);
    options.choice = ModelChoice::Only(ModelKind::LogLinear);
    options.paths = 500;
    let v = vintage(&data.observations, &data.targets, options.as_of);
    let (sections, orphans) = assess_all(&v, &options);
    let mut all: Vec<Assessment> = sections
        .into_iter()
        .flat_map(|s| s.assessments)
        .chain(orphans)
        .collect();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

#[test]
fn doubling_the_last_year_known_when_stated_is_assessed_like_an_absolute_target() {
    let dir = tempfile::tempdir().unwrap();
    write_data(dir.path(), "2024-02-01", DOUBLE_BY_2030);
    let a = assess(dir.path());
    // Base: 2023, published 2024-02-01, before the goal was stated: 2 × 244.140625 m.
    let base = a.base.as_ref().expect("a base");
    assert_eq!((base.year, base.written), (2023, false));
    assert_eq!(base.side, Side::Of("KZ".parse().unwrap()));
    assert_eq!(base.kind, PointKind::Reported);
    assert!((base.value_usd - 244_140_625.0).abs() < 1e-3);
    assert!((a.level_usd.unwrap() - 488_281_250.0).abs() < 1e-3);
    // Required: from 244.14 m in 2023 to 488.28 m in 2030, 2^(1/7) − 1 a year.
    let required = 2f64.powf(1.0 / 7.0) - 1.0;
    assert!((a.required_growth.unwrap() - required).abs() < 1e-9);
    // The point path 305.2, 381.5, 476.8, 596.0 m (2024–2027) first reaches 488.3 m in 2027.
    assert_eq!(a.point_crossing, Some(2027));
    // 25% a year against 10.4% required: on track.
    assert_eq!(a.status, Status::OnTrack, "{}", a.rule);
    assert!(a.probability_by_deadline.unwrap() > 0.5);
}

#[test]
fn a_figure_published_after_the_statement_is_not_its_base() {
    let dir = tempfile::tempdir().unwrap();
    // The 2023 figure comes out a month after the goal: the base is 2022, 195.3125 m.
    write_data(dir.path(), "2024-04-01", DOUBLE_BY_2030);
    let a = assess(dir.path());
    let base = a.base.as_ref().expect("a base");
    assert_eq!(base.year, 2022);
    assert!((a.level_usd.unwrap() - 390_625_000.0).abs() < 1e-3);
    // 305.2 m in 2024, 381.5 m in 2025, 476.8 m in 2026: reached in 2026.
    assert_eq!(a.point_crossing, Some(2026));
}

#[test]
fn a_written_base_year_without_a_figure_is_insufficient_data_saying_what_would_help() {
    let dir = tempfile::tempdir().unwrap();
    write_data(
        dir.path(),
        "2024-02-01",
        "t1,KZ-AZ,turnover,,,2030,2024-03-01,g.txt,We will double trade by 2030.,,,2,2015",
    );
    let a = assess(dir.path());
    assert_eq!(a.status, Status::InsufficientData);
    assert!(a.level_usd.is_none() && a.base.is_none() && a.crossing.is_none());
    assert!(a.rule.contains("2× the 2015 value"), "{}", a.rule);
    assert!(
        a.rule
            .contains("Data that would help: the full-year 2015 turnover figure for KZ-AZ"),
        "{}",
        a.rule
    );
}

#[test]
fn the_report_shows_the_implied_level_and_its_base() {
    let dir = tempfile::tempdir().unwrap();
    write_data(dir.path(), "2024-02-01", DOUBLE_BY_2030);
    let out = dir.path().join("out");
    Command::cargo_bin("tradecast")
        .unwrap()
        .arg("--data")
        .arg(dir.path())
        .args(["--as-of", "2024-06-01", "-q", "--out"])
        .arg(&out)
        .arg("report")
        .assert()
        .success();
    let csv = std::fs::read_to_string(out.join("assessments.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let row: Vec<String> = reader
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    let field = |name: &str| row[header.iter().position(|h| h == name).unwrap()].clone();
    assert_eq!(field("target_usd"), "488281250");
    assert_eq!(field("factor"), "2");
    assert_eq!(field("base_year"), "2023");
    assert_eq!(field("base_usd"), "244140625");
    assert_eq!(field("base_side"), "KZ");
    assert_eq!(field("base_kind"), "reported");

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("projections.json")).unwrap()).unwrap();
    let t = &json["targets"][0];
    assert_eq!(t["target_usd"], 488281250.0);
    assert_eq!(t["factor"], 2.0);
    assert_eq!(t["base"]["year"], 2023);
    assert_eq!(t["base"]["side"], "KZ");
    assert_eq!(t["base"]["written"], false);

    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("- Implied level: 2× the 2023 value on KZ's statistics (244.1 m, reported;"),
        "{md}"
    );
}

#[test]
fn relative_rows_load_as_multiples_and_old_files_as_before() {
    use tradecast::input::parse_targets;
    use tradecast::obs::Aim;
    let csv = format!(
        "{TGT_HEADER}\n\
         t1,KZ-AZ,turnover,,,2030,2024-03-01,g.txt,We will raise trade by half.,,,1.5,\n\
         t2,KZ-AZ,exports,,,,2024-03-01,g.txt,We will triple exports.,,none,3,2022\n\
         t3,KZ-CN,turnover,1000000000,USD,2030,2024-03-01,g.txt,To $1 billion.,,,,\n"
    );
    let (targets, _) = parse_targets("targets.csv", csv.as_bytes()).unwrap();
    let aims: Vec<Aim> = targets.iter().map(|t| t.aim).collect();
    assert_eq!(
        aims,
        [
            Aim::Multiple {
                factor: 1.5,
                base_year: None
            },
            Aim::Multiple {
                factor: 3.0,
                base_year: Some(2022)
            },
            Aim::Usd(1e9),
        ]
    );
    // Without the optional columns a row is absolute, as it always was.
    let old = "id,pair,flow,value_usd,currency,deadline,stated,source,quote,note\n\
               t1,KZ-AZ,turnover,1000000000,USD,2030,2024-03-01,g.txt,To $1 billion.,\n";
    let (targets, _) = parse_targets("targets.csv", old.as_bytes()).unwrap();
    assert_eq!(targets[0].aim, Aim::Usd(1e9));
}
