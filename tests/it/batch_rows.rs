//! Row-level problems in a batch panel: reported in skipped.csv with their line, never fatal.

use crate::batch_common::{read, run, write};
use tradecast::batch::{run_batch, BatchOptions, SKIPPED_HEADER};

fn options() -> BatchOptions {
    let mut o = BatchOptions::new(5);
    o.threads = 2;
    o
}

fn skipped_lines(out: &std::path::Path) -> Vec<String> {
    read(out, "skipped.csv")
        .lines()
        .skip(1)
        .map(String::from)
        .collect()
}

#[test]
fn malformed_rows_are_reported_with_their_line_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let text = "series_id,year,value\n\
                a,2001,10\n\
                a,2002,11\n\
                a,two thousand,12\n\
                a,2004\n\
                ,2005,13\n\
                a,2006,abc\n\
                b,2001,5\n\
                b,2002,-5\n\
                c,2001,7\n";
    let (s, out) = run(dir.path(), text, &options());
    let skipped = skipped_lines(&out);
    let find = |prefix: &str| {
        skipped
            .iter()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}` in {skipped:#?}"))
    };
    assert!(find("a,4,").contains("year `two thousand`"));
    assert!(find("a,5,").contains("fields"));
    assert!(find(",6,").contains("empty series_id"));
    assert!(find("a,7,").contains("value `abc`"));
    // A non-positive value stops its series (reported at its line), not the run.
    assert!(find("b,9,").contains("not a positive number"));
    assert_eq!(s.rows, 9);
    assert_eq!(s.bad_rows, 4);
    assert_eq!(s.series, 3, "{s:?}");
    // skipped.csv is in line order.
    let lines: Vec<u64> = csv::Reader::from_reader(read(&out, "skipped.csv").as_bytes())
        .records()
        .map(|r| r.unwrap()[1].parse().unwrap())
        .collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
}

#[test]
fn a_reappearing_series_is_reported_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    let text = "series_id,year,value\n\
                a,2001,10\na,2002,11\n\
                b,2001,5\nb,2002,6\n\
                a,2003,12\na,2004,13\n\
                c,2001,1\n";
    let (s, out) = run(dir.path(), text, &options());
    let skipped = skipped_lines(&out);
    let line = skipped
        .iter()
        .find(|l| l.starts_with("a,6,"))
        .unwrap_or_else(|| panic!("{skipped:#?}"));
    assert!(
        line.contains("reappears") && line.contains("lines 6-7"),
        "{line}"
    );
    assert_eq!(s.reappeared, 1);
    assert_eq!(s.series, 3);
    // `a` is forecast from its first block (2001-2002: 2003-2007), not from the rows merged
    // (2001-2004: 2005-2009).
    let forecasts = read(&out, "forecasts.csv");
    assert!(forecasts.contains("a,2003,") && forecasts.contains("a,2007,"));
    assert!(!forecasts.contains("a,2008,"), "{forecasts}");
}

#[test]
fn header_is_required_and_a_failed_run_keeps_earlier_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let (_, out) = run(dir.path(), &crate::batch_common::panel(3), &options());
    let before = read(&out, "forecasts.csv");

    let bad = write(dir.path(), "bad.csv", "a,2001,10\na,2002,11\n");
    let err = run_batch(&bad, &out, &options(), &|_| {}).unwrap_err();
    assert!(
        err.to_string().contains("series_id, year and value"),
        "{err}"
    );
    let empty = write(dir.path(), "empty.csv", "");
    assert!(run_batch(&empty, &out, &options(), &|_| {}).is_err());

    assert_eq!(read(&out, "forecasts.csv"), before);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_empty_panel_gives_headers_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = options();
    o.target_ratio = Some(2.0);
    let (s, out) = run(dir.path(), "series_id,year,value\n", &o);
    assert_eq!(s.series, 0);
    assert_eq!(
        read(&out, "forecasts.csv"),
        "series_id,year,mean,lower80,upper80,lower95,upper95,model\n"
    );
    assert_eq!(read(&out, "skipped.csv"), SKIPPED_HEADER);
    assert_eq!(
        read(&out, "targets.csv"),
        "series_id,target,p10,p50,p90,probability_10y\n"
    );
    // A later run without targets removes the stale targets.csv.
    let (_, out) = run(dir.path(), "series_id,year,value\n", &options());
    assert!(!out.join("targets.csv").exists());
}

#[test]
fn columns_may_come_in_any_order() {
    let dir = tempfile::tempdir().unwrap();
    let text = "value,year,series_id,note\n10,2001,a,x\n11,2002,a,y\n";
    let (s, _) = run(dir.path(), text, &options());
    assert_eq!((s.rows, s.bad_rows, s.series), (2, 0, 1));
}

#[test]
fn a_panel_can_come_from_any_reader() {
    let dir = tempfile::tempdir().unwrap();
    let text = crate::batch_common::panel(3);
    let out = dir.path().join("from_reader");
    let s = tradecast::batch::run_batch_from(text.as_bytes(), "<stdin>", &out, &options(), &|_| {})
        .unwrap();
    assert_eq!(s.forecast, 3);
    let (_, from_file) = run(dir.path(), &text, &options());
    assert_eq!(
        read(&out, "forecasts.csv"),
        read(&from_file, "forecasts.csv")
    );
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}series_id,year,value\r\n\
                a,2001,10\r\na,2002,x\r\na,2003,12\r\na,2004,13\r\n\
                \"b\",\"2001\",\"5\"\r\nb,2002,6\r\nb,2003,7\r\n";
    let (s, out) = run(dir.path(), text, &options());
    assert_eq!((s.rows, s.bad_rows, s.series, s.forecast), (7, 1, 2, 2));
    // Line numbers count CRLF lines like LF lines (the header is line 1).
    let skipped = read(&out, "skipped.csv");
    assert!(skipped.contains("\na,3,\"value `x`"), "{skipped}");
    let forecasts = read(&out, "forecasts.csv");
    assert!(forecasts.contains("\nb,2004,"), "{forecasts}");
}

#[test]
fn a_panel_cut_inside_a_quoted_field_is_refused_at_the_quote() {
    // The csv reader would run the quote to the end of the file and lose every row after it;
    // the panel is refused at the quote's line instead (as `learn` and the data files do), even
    // with many chunks already forecast, and the earlier outputs stay whole.
    let dir = tempfile::tempdir().unwrap();
    let (_, out) = run(dir.path(), &crate::batch_common::panel(3), &options());
    let before = read(&out, "forecasts.csv");
    let mut text = crate::batch_common::panel(40);
    let quote_line = text.lines().count() + 1;
    text.push_str("\"cut,2001,10\ncut,2002,11\ncut,20");
    let cut = write(dir.path(), "cut.csv", &text);
    let mut o = options();
    o.chunk_size = 4;
    let err = run_batch(&cut, &out, &o, &|_| {}).unwrap_err();
    let tradecast::Error::Invalid(problems) = &err else {
        panic!("{err}");
    };
    assert_eq!(problems.len(), 1, "{err}");
    assert_eq!(problems[0].line, Some(quote_line), "{err}");
    assert!(problems[0].message.contains("never closed"), "{err}");
    assert_eq!(read(&out, "forecasts.csv"), before);
    // A closed quote spanning lines is a field like any other (its row is malformed, not fatal).
    let closed = "series_id,year,value\n\"a\nb\",2001,10\na,2001,10\na,2002,11\na,2003,12\n";
    let (s, _) = run(dir.path(), closed, &options());
    assert_eq!(s.forecast, 1);
}

#[test]
fn a_panic_in_a_model_is_counted_reported_and_exits_3() {
    // The hidden test hook makes one series' model selection panic, as a bug in a model would.
    let dir = tempfile::tempdir().unwrap();
    let panel = write(dir.path(), "panel.csv", &crate::batch_common::panel(5));
    let out = dir.path().join("out");
    let run = |json: bool| {
        let mut cmd = assert_cmd::Command::cargo_bin("tradecast").unwrap();
        cmd.env("TRADECAST_TEST_PANIC_SERIES", "s0002")
            .args(["batch", "--horizon", "3", "--threads", "2", "--panel"])
            .arg(&panel)
            .arg("--out")
            .arg(&out);
        if json {
            cmd.arg("--json");
        }
        cmd.assert().code(3)
    };
    let text = run(false);
    let stdout = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    let stderr = String::from_utf8_lossy(&text.get_output().stderr).into_owned();
    assert!(
        stdout
            .contains("5 series: 4 forecast, 1 skipped (0 malformed row(s), 1 internal error(s))"),
        "{stdout}"
    );
    assert!(
        stderr.contains("error: a model panicked on 1 series"),
        "{stderr}"
    );
    // The outputs are written all the same, the series in skipped.csv and not in forecasts.csv.
    let skipped = read(&out, "skipped.csv");
    assert!(
        skipped.contains("s0002,") && skipped.contains("internal error in model selection"),
        "{skipped}"
    );
    assert!(!read(&out, "forecasts.csv").contains("s0002,"));
    assert!(read(&out, "forecasts.csv").contains("s0003,"));

    let json = run(true);
    let summary: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(summary["panics"], 1, "{summary}");
    assert_eq!(summary["skipped"], 1, "{summary}");

    // Without the hook, the same panel has no panic and exits 0.
    let s = run_batch(&panel, &out, &options(), &|_| {}).unwrap();
    assert_eq!((s.panics, s.forecast), (0, 5));
}
