//! One snapshot per renderer, on a small synthetic report: `report.md`, `projections.json`,
//! `projections.csv`, `assessments.csv`, `history.csv` and the terminal tables of `series`,
//! `forecast` and `targets`. Any change to a renderer's wording, numbers or layout shows up as a
//! reviewable diff (`cargo insta review`); the whole shipped report has its own snapshot.
//!
//! The data is small on purpose: one trade with five years (exact, approximate, a lower bound), a
//! target with a deadline, a text that needs CSV quoting; one trade with a single year; one with a
//! part-year figure only.

use std::path::Path;

use assert_cmd::Command;
use tradecast::app::{pipeline::build, RunOptions};
use tradecast::report::{csv_out, history, json, markdown, Report};

const OBSERVATIONS: &str = "\
id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note
s01,KZ-GE,turnover,2019,1000000000,USD,,exact,2020-02-01,ge_2019.txt,\"Trade reached $1 billion in 2019.\",
s02,KZ-GE,turnover,2020,1100000000,USD,,approx,2021-02-01,ge_2020.txt,\"Trade was about $1.1 billion, officials said.\",
s03,KZ-GE,turnover,2021,1250000000,USD,,exact,2022-02-01,ge_2021.txt,\"Trade grew to $1.25 billion.\",
s04,KZ-GE,turnover,2022,1400000000,USD,,at_least,2023-02-01,ge_2022.txt,\"Trade exceeded $1.4 billion.\",
s05,KZ-GE,turnover,2023,1500000000,USD,,exact,2024-02-01,ge_2023.txt,\"Trade reached $1.5 billion.\",
s06,KZ-AM,exports,2023,250000000,USD,,exact,2024-03-01,am_2023.txt,\"Exports were $250 million.\",
s07,KZ-MN,turnover,2024-01/2024-06,90000000,USD,,exact,2024-07-15,mn_2024.txt,\"In the first half, trade was $90 million.\",
";

const TARGETS: &str = "\
id,pair,flow,value_usd,currency,deadline,stated,source,quote,note
t01,KZ-GE,turnover,3000000000,USD,2030,2024-05-01,\"ge_goal, speech.txt\",\"We aim for $3 billion by 2030.\",
";

const AS_OF: &str = "2026-11-23";

/// The synthetic data, written into `dir`.
fn write_data(dir: &Path) {
    std::fs::write(dir.join("observations.csv"), OBSERVATIONS).unwrap();
    std::fs::write(dir.join("targets.csv"), TARGETS).unwrap();
}

/// The report of the synthetic data (fewer simulated paths than the CLI's default: quicker, and
/// just as fixed for a fixed seed).
fn report() -> Report {
    let data = tradecast::input::parse_dataset(
        ("observations.csv", OBSERVATIONS.as_bytes()),
        ("targets.csv", TARGETS.as_bytes()),
    )
    .unwrap();
    let mut options = RunOptions::new(AS_OF.parse().unwrap(), 42);
    options.paths = 2_000;
    build(
        &data.observations,
        &data.targets,
        Vec::new(),
        Vec::new(),
        &options,
    )
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

#[test]
fn markdown_report() {
    insta::assert_snapshot!("report_md", text(markdown::render(&report())));
}

#[test]
fn projections_json() {
    insta::assert_snapshot!("projections_json", text(json::projections(&report())));
}

#[test]
fn projections_csv() {
    insta::assert_snapshot!("projections_csv", text(csv_out::projections(&report())));
}

#[test]
fn assessments_csv() {
    let csv = text(csv_out::assessments(&report()));
    // The source with a comma is quoted, as the csv crate quotes.
    assert!(csv.contains("\"t01:ge_goal, speech.txt\""), "{csv}");
    insta::assert_snapshot!("assessments_csv", csv);
}

#[test]
fn history_csv() {
    insta::assert_snapshot!("history_csv", text(history::render(&report().history)));
}

/// The terminal output of one command on the synthetic data.
fn terminal(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    write_data(dir.path());
    let out = Command::cargo_bin("tradecast")
        .unwrap()
        .arg("--data")
        .arg(dir.path())
        .args(["--as-of", AS_OF])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text(out.stdout)
}

#[test]
fn terminal_tables() {
    let series = terminal(&["series"]);
    let forecast = terminal(&["forecast", "--horizon", "3"]);
    let targets = terminal(&["targets", "--paths", "2000"]);
    insta::assert_snapshot!("terminal_series", series);
    insta::assert_snapshot!("terminal_forecast", forecast);
    insta::assert_snapshot!("terminal_targets", targets);
}
