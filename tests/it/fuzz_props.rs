//! Fuzzing in `cargo test` form: proptest with many cases on every parser and on model fitting.
//!
//! `cargo fuzz` needs nightly and libFuzzer; proptest gives the same "arbitrary input, no panic,
//! invariants hold" checks on stable, with shrinking and a regressions file. Each target runs a
//! CI-sized number of cases; for a long run set the count, e.g.
//!
//! ```sh
//! PROPTEST_CASES=100000 cargo test --release --test fuzz_props
//! ```
//!
//! Targets: the CSV loaders (arbitrary bytes, and CSV-shaped mutations of the shipped data),
//! the period parser, the extractor (arbitrary text, and mutated seed articles), the batch
//! reader (arbitrary panels), and model selection (arbitrary positive series).

use std::str::FromStr;

use proptest::prelude::*;
use proptest::test_runner::Config;
use tradecast::batch::{batch_streams, BatchOptions, Sinks};
use tradecast::input::{parse_observations, parse_targets};
use tradecast::model::{select, FitOptions, ModelChoice, Outcome, SeriesData};
use tradecast::obs::{Bound, Period};
use tradecast::series::PointKind;
use tradecast::Error;

/// `n` cases, unless `PROPTEST_CASES` is set (then that, for long runs by hand).
fn cases(n: u32) -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = n;
    }
    // Shrinking a slow model case can take long; a failing input is printed either way.
    config.max_shrink_iters = 2000;
    config
}

use crate::common::root;

fn shipped(name: &str) -> Vec<u8> {
    std::fs::read(root().join("data").join(name)).unwrap()
}

fn seeds() -> Vec<String> {
    crate::common::files("tests/data/seeds", "txt")
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// Bytes that matter to CSV and to the parsers behind it.
const CSV_BYTES: &[u8] = b",;\"\n\r\t\0 -./:0123456789eE+%$abcxyzKZCNUSDIE\xff\xc3\xa9";

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    /// Delete `len` bytes at `at` (both taken modulo the length).
    Delete(usize, usize),
    /// Insert bytes at `at`.
    Insert(usize, Vec<u8>),
    /// Overwrite one byte.
    Set(usize, u8),
    /// Copy a range of `len` bytes from `from` to `at` (duplicated lines, repeated fields).
    Copy(usize, usize, usize),
    /// Cut the input at `at` (truncated file).
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let byte = prop::sample::select(CSV_BYTES.to_vec());
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(a, l)| Edit::Delete(a, l)),
        (any::<usize>(), prop::collection::vec(byte.clone(), 1..12))
            .prop_map(|(a, b)| Edit::Insert(a, b)),
        (any::<usize>(), byte).prop_map(|(a, b)| Edit::Set(a, b)),
        (any::<usize>(), any::<usize>(), 1usize..200).prop_map(|(f, a, l)| Edit::Copy(f, a, l)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = bytes.len().max(1);
        match e {
            Edit::Delete(at, len) => {
                let at = at % n;
                let end = (at + len).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Edit::Insert(at, b) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Edit::Set(at, b) => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = *b;
                }
            }
            Edit::Copy(from, at, len) => {
                if !bytes.is_empty() {
                    let from = from % bytes.len();
                    let end = (from + len).min(bytes.len());
                    let piece = bytes[from..end].to_vec();
                    let at = at % (bytes.len() + 1);
                    bytes.splice(at..at, piece);
                }
            }
            Edit::Truncate(at) => bytes.truncate(at % n),
        }
    }
    bytes
}

/// The same edits on text: byte positions moved to char boundaries, bytes kept valid UTF-8.
fn apply_text(text: &str, edits: &[Edit]) -> String {
    String::from_utf8_lossy(&apply(text.as_bytes().to_vec(), edits)).into_owned()
}

/// What a loader may return: data, or located problems in the named file. Never I/O errors,
/// never an unlocated problem from another file.
fn loader_result<T>(
    name: &str,
    r: Result<(Vec<T>, Vec<tradecast::Problem>), Error>,
) -> Result<(), String> {
    let problems = match r {
        Ok((_, warnings)) => warnings,
        Err(Error::Invalid(p)) => {
            if p.is_empty() {
                return Err("Invalid with no problems".into());
            }
            p
        }
        Err(e) => return Err(format!("unexpected error kind: {e}")),
    };
    for p in &problems {
        if p.file != name || p.message.is_empty() {
            return Err(format!("badly formed problem: {p:?}"));
        }
        // A message shows at most a short excerpt of a value: nothing close to a whole file.
        if p.message.len() > 2_000 {
            return Err(format!("message of {} bytes", p.message.len()));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(1000))]

    #[test]
    fn loaders_take_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        loader_result("observations.csv", parse_observations("observations.csv", &bytes))
            .map_err(TestCaseError::fail)?;
        loader_result("targets.csv", parse_targets("targets.csv", &bytes))
            .map_err(TestCaseError::fail)?;
    }

    #[test]
    fn loaders_take_csv_shaped_bytes(bytes in prop::collection::vec(prop::sample::select(CSV_BYTES.to_vec()), 0..2048)) {
        let mut with_header = b"id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note\n".to_vec();
        with_header.extend_from_slice(&bytes);
        loader_result("observations.csv", parse_observations("observations.csv", &with_header))
            .map_err(TestCaseError::fail)?;
    }

    #[test]
    fn periods_parse_or_say_why(s in "\\PC{0,24}|[0-9]{1,6}(-[0-9]{1,3})?(/[0-9]{1,6}(-[0-9]{1,3})?)?|[0-9]{4}-part|-?[0-9]{1,12}") {
        if let Ok(p) = Period::from_str(&s) {
            // Whatever parses prints back to itself.
            let again = Period::from_str(&p.to_string());
            prop_assert_eq!(again.ok(), Some(p), "{:?} -> {}", s, p);
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn loaders_take_mutated_shipped_data(edits in prop::collection::vec(edit(), 1..8)) {
        let obs = apply(shipped("observations.csv"), &edits);
        loader_result("observations.csv", parse_observations("observations.csv", &obs))
            .map_err(TestCaseError::fail)?;
        let targets = apply(shipped("targets.csv"), &edits);
        loader_result("targets.csv", parse_targets("targets.csv", &targets))
            .map_err(TestCaseError::fail)?;
    }

    #[test]
    fn extractor_takes_arbitrary_text(text in "\\PC{0,600}|[ -~\\n]{0,600}") {
        check_extraction(&text)?;
    }

    #[test]
    fn extractor_takes_mutated_seed_articles(which in 0usize..5, edits in prop::collection::vec(edit(), 1..10)) {
        let seeds = seeds();
        let text = apply_text(&seeds[which % seeds.len()], &edits);
        check_extraction(&text)?;
    }
}

/// No panic; quotes verbatim from the text; values and rates finite; renderers don't panic.
fn check_extraction(text: &str) -> Result<(), TestCaseError> {
    let x = tradecast::extract::extract(text, "fuzz.txt");
    for c in &x.figures {
        prop_assert!(
            text.contains(&c.quote),
            "quote not in the text: {:?}",
            c.quote
        );
        prop_assert!(c.value.is_none_or(|v| v.is_finite() && v > 0.0), "{c:?}");
        prop_assert!(c.growth_pct.is_none_or(f64::is_finite), "{c:?}");
    }
    for t in &x.targets {
        prop_assert!(
            text.contains(&t.quote),
            "quote not in the text: {:?}",
            t.quote
        );
        // An amount, or a relative goal's factor above one: never both, never neither.
        prop_assert!(
            match (t.value, t.factor) {
                (Some(v), None) => v.is_finite() && v > 0.0,
                (None, Some(f)) => f.is_finite() && f > 1.0,
                _ => false,
            },
            "{t:?}"
        );
    }
    let xs = [x];
    let _ = tradecast::extract::to_csv_rows(&xs);
    let _ = tradecast::extract::to_json(&xs);
    Ok(())
}

/// One panel field: plausible, messy or hostile.
fn panel_field() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-c]{1,2}",
        3 => (1990i32..2030).prop_map(|y| y.to_string()),
        3 => (1e-3f64..1e13).prop_map(|v| v.to_string()),
        1 => prop::sample::select(vec![
            "", " ", "NaN", "inf", "-inf", "-1", "0", "1e308", "1e-308", "5e-324", "1e400",
            "0", "99999", "-5", "2019.5", "=cmd|' /C calc'!A0", "@x", "+1", "../x", "\"",
            "\"a,b\"", "\"a\nb\"", "a\0b", "\u{FEFF}", "é",
        ]).prop_map(str::to_string),
        1 => "\\PC{0,8}",
    ]
}

fn panel() -> impl Strategy<Value = Vec<u8>> {
    let row = prop::collection::vec(panel_field(), 0..5).prop_map(|f| f.join(","));
    let rows = prop::collection::vec(row, 0..60);
    let header = prop_oneof![
        6 => Just("series_id,year,value".to_string()),
        1 => Just("value,series_id,year,extra".to_string()),
        1 => "[a-z_,; ]{0,30}",
    ];
    (header, rows).prop_map(|(h, rows)| {
        let mut text = h;
        for r in rows {
            text.push('\n');
            text.push_str(&r);
        }
        text.into_bytes()
    })
}

/// Text a spreadsheet would run as a formula (a plain number such as `+1` is just a number).
fn live_formula(s: &str) -> bool {
    s.starts_with(['=', '@', '+', '-']) && s.parse::<f64>().is_err()
}

/// Run the batch on a panel: Ok with well-formed outputs, or a located header problem.
fn check_batch(bytes: &[u8], horizon: usize, chunk: usize) -> Result<(), TestCaseError> {
    let (mut forecasts, mut skipped, mut targets) = (Vec::new(), Vec::new(), Vec::new());
    let mut options = BatchOptions::new(horizon);
    options.threads = 1;
    options.chunk_size = chunk;
    options.target_ratio = Some(2.0);
    options.paths = 50;
    let sinks = Sinks {
        forecasts: &mut forecasts,
        skipped: &mut skipped,
        targets: Some(&mut targets),
    };
    let summary = match batch_streams(bytes, "panel.csv", sinks, &options, &|_| {}) {
        Ok(_) if tradecast::input::unclosed_quote_line(bytes).is_some() => {
            return Err(TestCaseError::fail(
                "a panel cut inside a quoted field was accepted",
            ))
        }
        Ok(s) => s,
        Err(Error::Invalid(p)) => {
            // A header problem (line 1), or a quote never closed, at the line the shared check
            // finds (and only then).
            let cut = tradecast::input::unclosed_quote_line(bytes);
            prop_assert!(
                p.iter().all(|p| p.file == "panel.csv" && p.line == Some(1))
                    || (p.len() == 1 && p[0].line == cut && p[0].message.contains("never closed")),
                "{p:?}"
            );
            return Ok(());
        }
        Err(e) => return Err(TestCaseError::fail(format!("unexpected error: {e}"))),
    };
    prop_assert_eq!(summary.series, summary.forecast + summary.skipped);
    let mut f = csv::ReaderBuilder::new().from_reader(forecasts.as_slice());
    let mut rows = 0;
    for r in f.records() {
        let r = r.map_err(|e| TestCaseError::fail(format!("forecasts.csv: {e}")))?;
        prop_assert_eq!(r.len(), 8);
        prop_assert!(!live_formula(&r[0]), "live formula {:?}", &r[0]);
        let nums: Vec<f64> = (2..7)
            .map(|i| r[i].parse::<f64>().unwrap_or(f64::NAN))
            .collect();
        prop_assert!(nums.iter().all(|v| v.is_finite() && *v >= 0.0), "{r:?}");
        // lower95 <= lower80 <= mean <= upper80 <= upper95 (columns mean,l80,u80,l95,u95).
        let (m, l80, u80, l95, u95) = (nums[0], nums[1], nums[2], nums[3], nums[4]);
        let slack = 1e-7 * u95.abs().max(1e-300); // 8 significant digits in the file
        prop_assert!(
            l95 <= l80 + slack && l80 <= m + slack && m <= u80 + slack && u80 <= u95 + slack,
            "{r:?}"
        );
        rows += 1;
    }
    prop_assert_eq!(rows as u64, summary.forecast * horizon as u64);
    let mut s = csv::ReaderBuilder::new().from_reader(skipped.as_slice());
    for r in s.records() {
        let r = r.map_err(|e| TestCaseError::fail(format!("skipped.csv: {e}")))?;
        prop_assert_eq!(r.len(), 3);
        prop_assert!(!live_formula(&r[0]), "live formula {:?}", &r[0]);
        prop_assert!(
            !r[0].contains(['\0', '\n']),
            "control character in {:?}",
            &r[0]
        );
        prop_assert!(r[2].len() < 2_000, "reason of {} bytes", r[2].len());
    }
    // Every number of targets.csv is finite (the series id may be any text, "NaN" included).
    let mut t = csv::ReaderBuilder::new().from_reader(targets.as_slice());
    for r in t.records() {
        let r = r.map_err(|e| TestCaseError::fail(format!("targets.csv: {e}")))?;
        for cell in r.iter().skip(1) {
            let lower = cell.to_ascii_lowercase();
            prop_assert!(!lower.contains("nan") && !lower.contains("inf"), "{r:?}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn batch_reads_arbitrary_panels(bytes in panel(), horizon in 1usize..4, chunk in 1usize..5) {
        check_batch(&bytes, horizon, chunk)?;
    }

    #[test]
    fn batch_reads_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        let mut with_header = b"series_id,year,value\n".to_vec();
        with_header.extend_from_slice(&bytes);
        check_batch(&with_header, 2, 3)?;
        check_batch(&bytes, 2, 3)?;
    }
}

/// An arbitrary series: 0–40 strictly increasing years (with gaps), values 1e-3..1e13 in any
/// order, any kinds and bounds, maybe a latest growth rate.
fn series() -> impl Strategy<Value = SeriesData> {
    (0usize..=40).prop_flat_map(|n| {
        (
            1900i32..2100,
            prop::collection::vec(1i32..4, n),
            prop::collection::vec(
                prop_oneof![
                    4 => 1e-3f64..1e13,
                    1 => (-3.0f64..13.0).prop_map(|e| 10f64.powf(e)),
                    1 => Just(1e13),
                    1 => Just(1e-3),
                ],
                n,
            ),
            prop::collection::vec(
                prop::sample::select(vec![
                    PointKind::Reported,
                    PointKind::Derived,
                    PointKind::Estimated,
                ]),
                n,
            ),
            prop::collection::vec(
                prop::sample::select(vec![
                    Bound::Exact,
                    Bound::Approx,
                    Bound::AtLeast,
                    Bound::AtMost,
                ]),
                n,
            ),
            prop::option::of(-0.99f64..20.0),
        )
            .prop_map(|(start, gaps, values, kinds, bounds, g)| {
                let mut y = start;
                let years: Vec<i32> = gaps
                    .iter()
                    .map(|d| {
                        y += d;
                        y
                    })
                    .collect();
                let latest = g.and_then(|g| years.last().map(|&y| (y, g)));
                SeriesData::try_new(years, values, kinds, bounds, latest).unwrap()
            })
    })
}

fn check_fitted(f: &tradecast::model::Fitted, horizon: usize) -> Result<(), TestCaseError> {
    let fc = &f.forecast;
    prop_assert_eq!(fc.years.len(), horizon, "{}", f.model);
    for i in 0..fc.years.len() {
        let row = [
            fc.lower95[i],
            fc.lower80[i],
            fc.point[i],
            fc.upper80[i],
            fc.upper95[i],
        ];
        prop_assert!(
            row.iter().all(|v| v.is_finite() && *v >= 0.0),
            "{}: {row:?}",
            f.model
        );
        prop_assert!(
            row.windows(2).all(|w| w[0] <= w[1]),
            "{}: not nested {row:?}",
            f.model
        );
    }
    prop_assert!(f.growth.is_finite(), "{}: growth {}", f.model, f.growth);
    prop_assert!(
        f.fitted.iter().all(|v| v.is_finite()),
        "{}: fitted",
        f.model
    );
    prop_assert!(
        f.params.iter().all(|(_, v)| v.is_finite()),
        "{}: {:?}",
        f.model,
        f.params
    );
    prop_assert!(f.aicc.is_none_or(f64::is_finite), "{}: aicc", f.model);
    for note in &f.notes {
        finite_text("note", note)?;
    }
    let paths = f.sample_paths(f.forecast.years.len(), 20, 7);
    prop_assert!(
        paths.iter().all(|v| v.is_finite() && *v >= 0.0),
        "{}: path",
        f.model
    );
    Ok(())
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn models_fit_arbitrary_positive_series(data in series(), horizon in 1usize..30, seed in any::<u64>()) {
        let sel = select(&data, &FitOptions { horizon, seed, choice: ModelChoice::Auto });
        prop_assert!(!sel.reason.is_empty());
        prop_assert!(!sel.reason.contains("NaN"), "{}", sel.reason);
        for o in &sel.candidates {
            match o {
                Outcome::Fitted(f) => check_fitted(f, horizon)?,
                Outcome::Skipped(s) => prop_assert!(!s.reason.is_empty()),
            }
        }
        if let Some(f) = &sel.chosen {
            check_fitted(f, horizon)?;
        }
        if data.len() >= 3 {
            prop_assert!(sel.chosen.is_some(), "nothing chosen from {} points: {}", data.len(), sel.reason);
        }
    }
}

/// One random but valid observation row (before its id): pair, flow, period, value, growth,
/// bound, all published on 2026-01-15.
fn observation_row() -> impl Strategy<Value = String> {
    let pair = prop::sample::select(vec!["KZ-CN", "KZ-AZ", "CN-KZ", "KZ-EU"]);
    let flow = prop::sample::select(vec!["turnover", "exports", "imports"]);
    let period = prop_oneof![
        4 => (1990i32..2026).prop_map(|y| y.to_string()),
        1 => (1990i32..2026, 1u32..13, 0u32..12).prop_map(|(y, a, d)| {
            let b = (a + d).min(12);
            format!("{y}-{a:02}/{y}-{b:02}")
        }),
        1 => (1990i32..2026).prop_map(|y| format!("{y}-part")),
    ];
    let value = prop_oneof![
        3 => (0.0f64..15.0).prop_map(|e| Some(10f64.powf(e).max(1.0))),
        1 => Just(None),
    ];
    let growth = prop_oneof![
        2 => Just(None),
        2 => (-99.0f64..200.0).prop_map(Some),
        1 => prop::sample::select(vec![-99.99, 0.0, 1000.0, 100_000.0]).prop_map(Some),
    ];
    let bound = prop::sample::select(vec!["exact", "approx", "at_least", "at_most"]);
    (pair, flow, period, value, growth, bound).prop_map(|(p, f, per, v, g, b)| {
        // A row needs a value or a rate; a bound describes a level.
        let g = if v.is_none() && g.is_none() {
            Some(10.0)
        } else {
            g
        };
        let b = if v.is_none() { "exact" } else { b };
        format!(
            "{p},{f},{per},{},USD,{},{b},2026-01-15,a.txt,Trade grew.,",
            v.map(|v| format!("{v}")).unwrap_or_default(),
            g.map(|g| format!("{g}")).unwrap_or_default()
        )
    })
}

fn target_row() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["KZ-CN", "KZ-AZ", "CN-KZ", "KZ-EU"]),
        prop::sample::select(vec!["turnover", "exports", "imports"]),
        (6.0f64..15.0).prop_map(|e| 10f64.powf(e)),
        prop::option::of(2026i32..2070),
    )
        .prop_map(|(p, f, v, d)| {
            format!(
                "{p},{f},{v},USD,{},2025-06-01,a.txt,We aim higher.,",
                d.map(|d| d.to_string()).unwrap_or_default()
            )
        })
}

/// No token of `text` reads NaN or inf.
fn finite_text(what: &str, text: &str) -> Result<(), TestCaseError> {
    for token in text.split(|c: char| !(c.is_alphanumeric() || c == '.')) {
        let t = token.to_ascii_lowercase();
        prop_assert!(
            !matches!(t.as_str(), "nan" | "inf" | "infinity"),
            "{what}: {token:?}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(48))]

    /// The whole pipeline on random valid data: load, reconcile, fit, assess, render.
    #[test]
    fn pipeline_renders_random_valid_data(
        obs in prop::collection::vec(observation_row(), 1..25),
        targets in prop::collection::vec(target_row(), 0..4),
        horizon in 1usize..15,
        seed in any::<u64>(),
        charts in any::<bool>(),
    ) {
        let mut o = String::from("id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note\n");
        for (i, r) in obs.iter().enumerate() {
            o.push_str(&format!("o{:03},{r}\n", i + 1));
        }
        let mut t = String::from("id,pair,flow,value_usd,currency,deadline,stated,source,quote,note\n");
        for (i, r) in targets.iter().enumerate() {
            t.push_str(&format!("t{:03},{r}\n", i + 1));
        }
        let data = match tradecast::input::parse_dataset(("observations.csv", o.as_bytes()), ("targets.csv", t.as_bytes())) {
            Ok(d) => d,
            // Random rows can conflict (e.g. a partial year above its full year is only a
            // warning, but duplicate figures or periods can be refused): nothing to render.
            Err(Error::Invalid(_)) => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
        };
        let mut options = tradecast::app::RunOptions::new("2026-11-23".parse().unwrap(), seed);
        options.horizon = horizon;
        options.paths = 100;
        let warnings = data.warnings.iter().map(ToString::to_string).collect();
        let report = tradecast::app::pipeline::build(&data.observations, &data.targets, warnings, Vec::new(), &options);
        let md = tradecast::report::markdown::render(&report);
        finite_text("report.md", &String::from_utf8_lossy(&md))?;
        let json = tradecast::report::json::projections(&report);
        let value: serde_json::Value = serde_json::from_slice(&json)
            .map_err(|e| TestCaseError::fail(format!("projections.json: {e}")))?;
        prop_assert!(value["series"].is_array());
        finite_text("projections.json", &String::from_utf8_lossy(&json))?;
        for (name, bytes) in [
            ("projections.csv", tradecast::report::csv_out::projections(&report)),
            ("assessments.csv", tradecast::report::csv_out::assessments(&report)),
        ] {
            finite_text(name, &String::from_utf8_lossy(&bytes))?;
        }
        if charts {
            if let Some(s) = report.sections.iter().find(|s| !s.series.points.is_empty()) {
                let chart = tradecast::report::chart_for(s, &report);
                tradecast::report::chart::render_png(&chart)
                    .map_err(|e| TestCaseError::fail(format!("chart: {e}")))?;
            }
        }
    }
}
