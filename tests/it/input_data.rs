//! The shipped `data/` directory loads cleanly, and the loader's decisions on encoding hold.

use std::path::Path;

use tradecast::input::{self, parse_observations, parse_targets};
use tradecast::obs::{Bound, Period};
use tradecast::Error;

const OBS_HEADER: &str =
    "id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note";
const TGT_HEADER: &str = "id,pair,flow,value_usd,currency,deadline,stated,source,quote,note";
const GOOD_ROW: &str = "o1,KZ-CN,turnover,2022,24200000000,USD,35,exact,2023-11-06,a.txt,\"Trade reached $24.2 billion.\",";

fn messages(e: Error) -> Vec<String> {
    match e {
        Error::Invalid(ps) => ps.iter().map(ToString::to_string).collect(),
        other => panic!("expected Error::Invalid, got {other}"),
    }
}

#[test]
fn shipped_data_loads_without_errors_or_warnings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let ds = input::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ds.observations.len(), 10);
    assert_eq!(ds.targets.len(), 1);
    assert!(ds.warnings.is_empty(), "{:?}", ds.warnings);

    let o1 = &ds.observations[0];
    assert_eq!(o1.id, "o001");
    assert_eq!(o1.line, 2);
    assert_eq!(o1.value_usd, Some(24_200_000_000.0));
    assert_eq!(o1.growth, Some(0.35));
    let o2 = &ds.observations[1];
    assert_eq!(o2.period, Period::PartYear(2023));
    assert_eq!(o2.value_usd, None);
    let o9 = ds.observations.iter().find(|o| o.id == "o009").unwrap();
    assert_eq!(o9.bound, Bound::AtLeast);
    assert_eq!(o9.published, None);
    let t = &ds.targets[0];
    assert_eq!(
        (t.aim.value_usd(), t.deadline, t.stated),
        (Some(1e9), None, None)
    );
}

#[test]
fn bom_and_crlf_are_accepted_silently() {
    let text = format!("\u{feff}{OBS_HEADER}\r\n{GOOD_ROW}\r\n");
    let (obs, warnings) = parse_observations("observations.csv", text.as_bytes()).unwrap();
    assert_eq!(obs.len(), 1);
    assert_eq!(obs[0].id, "o1");
    assert_eq!(obs[0].note, "");
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn whitespace_around_fields_and_header_is_trimmed() {
    let header = OBS_HEADER.replace(',', " , ");
    let row = GOOD_ROW
        .replace("KZ-CN", "  KZ-CN ")
        .replace("exact", " exact");
    let text = format!("{header}\n{row}\n");
    let (obs, _) = parse_observations("observations.csv", text.as_bytes()).unwrap();
    assert_eq!(obs[0].pair.to_string(), "KZ-CN");
    assert_eq!(obs[0].bound, Bound::Exact);
}

#[test]
fn columns_may_come_in_any_order() {
    let mut cols: Vec<&str> = OBS_HEADER.split(',').collect();
    cols.reverse();
    let header = cols.join(",");
    let row = "note,quote,a.txt,2023-11-06,exact,35,USD,24200000000,2022,turnover,KZ-CN,o1";
    let text = format!("{header}\n{row}\n");
    let (obs, _) = parse_observations("observations.csv", text.as_bytes()).unwrap();
    assert_eq!(obs[0].value_usd, Some(24.2e9));
    assert_eq!(obs[0].quote, "quote");
}

#[test]
fn header_only_targets_are_fine_but_header_only_observations_are_not() {
    let (targets, _) = parse_targets("targets.csv", format!("{TGT_HEADER}\n").as_bytes()).unwrap();
    assert!(targets.is_empty());
    let e = parse_observations("observations.csv", format!("{OBS_HEADER}\n").as_bytes());
    let m = messages(e.unwrap_err());
    assert!(m.iter().any(|m| m.contains("no observations")), "{m:?}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = format!(
        "{OBS_HEADER}\n\
         o1,KZ-XX,trade,2023-13,-5,KZT,35%,atleast,2023-02-30,,,\n\
         o1,KZ-CN,turnover,2022,1,USD,,exact,2023-01-01,a.txt,q,\n"
    );
    let m = messages(parse_observations("observations.csv", text.as_bytes()).unwrap_err());
    let all = m.join("\n");
    for needle in [
        "observations.csv:2 (column pair)",
        "observations.csv:2 (column flow)",
        "observations.csv:2 (column period)",
        "observations.csv:2 (column value_usd)",
        "observations.csv:2 (column currency)",
        "observations.csv:2 (column growth_pct)",
        "observations.csv:2 (column bound)",
        "observations.csv:2 (column published)",
        "observations.csv:2 (column source)",
        "observations.csv:2 (column quote)",
        "observations.csv:3 (column id): duplicate id \"o1\"",
    ] {
        assert!(all.contains(needle), "missing {needle:?} in\n{all}");
    }
}

#[test]
fn load_reports_both_files_together() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("observations.csv"), "").unwrap();
    std::fs::write(dir.path().join("targets.csv"), "id\n").unwrap();
    let m = messages(input::load(dir.path()).unwrap_err());
    let all = m.join("\n");
    assert!(all.contains("observations.csv: empty file"), "{all}");
    assert!(all.contains("missing column `pair`"), "{all}");
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    match input::load(dir.path()) {
        Err(Error::Io { path, .. }) => assert!(path.ends_with("observations.csv")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn too_many_problems_are_counted_not_listed() {
    let mut text = format!("{OBS_HEADER}\n");
    for i in 0..1500 {
        text.push_str(&format!(
            "x{i},bad,turnover,2022,1e9,USD,,exact,2023-01-01,s,q,\n"
        ));
    }
    let m = messages(parse_observations("observations.csv", text.as_bytes()).unwrap_err());
    assert_eq!(m.len(), input::MAX_PROBLEMS + 1);
    assert!(
        m.last().unwrap().contains("500 more problem(s)"),
        "{:?}",
        m.last()
    );
}

#[test]
fn line_numbers_count_lines_inside_quoted_fields() {
    let text = format!(
        "{OBS_HEADER}\n\
         o1,KZ-CN,turnover,2022,24200000000,USD,35,exact,2023-11-06,a.txt,\"Trade reached $24.2 billion.\",\"a note\nover two lines\"\n\
         o2,KZ-CN,exports,2022,1e10,USD,,atleast,2023-11-06,a.txt,q,\n"
    );
    let m = messages(parse_observations("observations.csv", text.as_bytes()).unwrap_err());
    assert!(
        m.iter()
            .any(|m| m.starts_with("observations.csv:4 (column bound)")),
        "{m:?}"
    );
}

#[test]
fn formula_like_text_is_accepted_as_text() {
    let row = GOOD_ROW.replace("\"Trade reached $24.2 billion.\"", "\"=cmd|' /C calc'!A0\"");
    let text = format!("{OBS_HEADER}\n{row}\n");
    let (obs, _) = parse_observations("observations.csv", text.as_bytes()).unwrap();
    assert_eq!(obs[0].quote, "=cmd|' /C calc'!A0");
}

#[test]
fn path_loaders_name_the_path_in_messages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let (obs, _) = input::load_observations(&dir.join("observations.csv")).unwrap();
    let (targets, _) = input::load_targets(&dir.join("targets.csv")).unwrap();
    assert_eq!((obs.len(), targets.len()), (10, 1));

    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("observations.csv");
    std::fs::write(
        &bad,
        format!("{OBS_HEADER}\n{}\n", GOOD_ROW.replace("exact", "roughly")),
    )
    .unwrap();
    let m = messages(input::load_observations(&bad).unwrap_err());
    assert!(
        m[0].starts_with(&format!("{}:2 (column bound)", bad.display())),
        "{m:?}"
    );
}

#[test]
fn a_file_with_no_known_column_stops_at_the_header() {
    let text = "name,age\nalice,3\nbob,4,5\n";
    let m = messages(parse_observations("observations.csv", text.as_bytes()).unwrap_err());
    assert!(m.iter().any(|m| m.contains("no known column")), "{m:?}");
    assert!(
        !m.iter().any(|m| m.contains("field(s) on this line")),
        "{m:?}"
    );
}

#[test]
fn blank_rows_are_skipped() {
    let text = format!("{OBS_HEADER}\n\n   \n{GOOD_ROW}\n,,,,,,,,,,,\n \t \n");
    let (obs, w) = parse_observations("observations.csv", text.as_bytes()).unwrap();
    assert_eq!((obs.len(), obs[0].line), (1, 4));
    assert!(w.is_empty(), "{w:?}");
    // Blank rows do not count as observations.
    let text = format!("{OBS_HEADER}\n,,,,,,,,,,,\n");
    let m = messages(parse_observations("observations.csv", text.as_bytes()).unwrap_err());
    assert!(m[0].contains("no observations"), "{m:?}");
}

#[test]
fn crlf_files_report_the_same_line_numbers_as_lf_files() {
    let lf = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/bad_input/observations/bad_period.csv"),
    )
    .unwrap();
    let crlf: Vec<u8> = String::from_utf8(lf.clone())
        .unwrap()
        .replace('\n', "\r\n")
        .into_bytes();
    let line_of =
        |bytes: &[u8]| match tradecast::input::parse_observations("observations.csv", bytes) {
            Err(tradecast::Error::Invalid(problems)) => problems[0].line,
            other => panic!("expected a rejection, got {other:?}"),
        };
    assert_eq!(line_of(&lf), Some(3));
    assert_eq!(line_of(&crlf), Some(3));
}
