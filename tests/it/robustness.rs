//! Numerical robustness and output safety on awkward series: constant, with zeros, with a
//! thousand-fold jump, forty years long, from $1 to $10 trillion. Every model either fits with
//! finite, nested output or is skipped with a reason; `tradecast report` and `tradecast batch`
//! on such data exit 0 with finite numbers or explicit blanks, never "NaN" or "inf"; text from
//! the data is escaped in report.md and cannot become a formula or markup anywhere.

use std::path::Path;

use tradecast::model::{select, FitOptions, ModelChoice, ModelKind, Outcome, SeriesData};

use crate::common::tradecast;

/// The awkward series, by name: (first year, values).
fn cases() -> Vec<(&'static str, i32, Vec<f64>)> {
    let forty: Vec<f64> = (0..40)
        .map(|i| 1e9 * 1.06f64.powi(i) * (1.0 + 0.05 * ((i * 7 % 5) as f64 - 2.0) / 2.0))
        .collect();
    vec![
        ("constant", 2015, vec![5e9; 10]),
        ("constant_short", 2021, vec![5e9; 3]),
        ("constant_long", 1985, vec![7.5e8; 40]),
        (
            "jump_x1000",
            2012,
            vec![1e6, 1.1e6, 1.2e6, 1.25e6, 1.3e9, 1.35e9, 1.4e9, 1.5e9],
        ),
        ("jump_x1000_last", 2019, vec![1e6, 1.1e6, 1.2e6, 1.2e9]),
        ("drop_x1000_last", 2019, vec![1e9, 1.1e9, 1.2e9, 1.2e6]),
        ("forty_years", 1985, forty),
        (
            "one_dollar_to_ten_trillion",
            2011,
            (0..14).map(|i| 10f64.powi(i)).collect(),
        ),
        (
            "ten_trillion_to_one_dollar",
            2011,
            (0..14).map(|i| 10f64.powi(13 - i)).collect(),
        ),
        (
            "alternating_extremes",
            2015,
            vec![1.0, 1e13, 1.0, 1e13, 1.0, 1e13, 1.0, 1e13],
        ),
        ("tiny_and_flat", 2018, vec![1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
    ]
}

fn check_outcomes(name: &str, data: &SeriesData, horizon: usize) {
    let sel = select(
        data,
        &FitOptions {
            horizon,
            seed: 42,
            choice: ModelChoice::Auto,
        },
    );
    assert!(!sel.reason.is_empty(), "{name}: no reason");
    assert_eq!(sel.candidates.len(), ModelKind::ALL.len(), "{name}");
    for o in &sel.candidates {
        match o {
            Outcome::Fitted(f) => {
                let fc = &f.forecast;
                assert_eq!(fc.years.len(), horizon, "{name} {}", f.model);
                for i in 0..horizon {
                    let row = [
                        fc.lower95[i],
                        fc.lower80[i],
                        fc.point[i],
                        fc.upper80[i],
                        fc.upper95[i],
                    ];
                    assert!(
                        row.iter().all(|v| v.is_finite() && *v >= 0.0),
                        "{name} {}: {row:?}",
                        f.model
                    );
                    assert!(
                        row.windows(2).all(|w| w[0] <= w[1]),
                        "{name} {}: not nested {row:?}",
                        f.model
                    );
                }
                assert!(f.growth.is_finite(), "{name} {}", f.model);
                assert!(
                    f.params.iter().all(|(_, v)| v.is_finite()),
                    "{name} {}",
                    f.model
                );
                let paths = f.sample_paths(f.forecast.years.len(), 200, 1);
                assert!(
                    paths.iter().all(|v| v.is_finite() && *v >= 0.0),
                    "{name} {}: path",
                    f.model
                );
            }
            Outcome::Skipped(s) => assert!(!s.reason.is_empty(), "{name} {}", s.model),
        }
    }
    if data.len() >= 3 {
        assert!(
            sel.chosen.is_some(),
            "{name}: nothing chosen: {}",
            sel.reason
        );
    }
}

#[test]
fn every_model_fits_finitely_or_says_why_on_awkward_series() {
    for (name, start, values) in cases() {
        let years = (start..start + values.len() as i32).collect();
        let data = SeriesData::plain(years, values).unwrap();
        for horizon in [1, 10, 30] {
            check_outcomes(name, &data, horizon);
        }
    }
}

#[test]
fn zeros_are_refused_by_the_model_input_and_skipped_by_batch() {
    let err = SeriesData::plain(vec![2020, 2021, 2022], vec![1e9, 0.0, 2e9]).unwrap_err();
    assert!(
        err.to_string().contains("must be finite and positive"),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    let panel = dir.path().join("panel.csv");
    std::fs::write(
        &panel,
        "series_id,year,value\nz,2019,1e9\nz,2020,0\nz,2021,2e9\nz,2022,3e9\n\
         ok,2019,1e9\nok,2020,1.1e9\nok,2021,1.2e9\nok,2022,1.3e9\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = tradecast()
        .args(["batch", "--horizon", "3", "--target-ratio", "2", "--panel"])
        .arg(&panel)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let skipped = std::fs::read_to_string(out.join("skipped.csv")).unwrap();
    assert!(
        skipped.contains("z,3,value 0 is not a positive number; series not forecast"),
        "{skipped}"
    );
    assert!(std::fs::read_to_string(out.join("forecasts.csv"))
        .unwrap()
        .contains("\nok,2023,"));
}

/// Every awkward series as a batch panel: all forecast, finite numbers only.
#[test]
fn batch_on_awkward_series_writes_only_finite_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut panel = String::from("series_id,year,value\n");
    for (name, start, values) in cases() {
        for (i, v) in values.iter().enumerate() {
            panel.push_str(&format!("{name},{},{v:e}\n", start + i as i32));
        }
    }
    let path = dir.path().join("panel.csv");
    std::fs::write(&path, panel).unwrap();
    let out = dir.path().join("out");
    let o = tradecast()
        .args([
            "batch",
            "--horizon",
            "30",
            "--target-ratio",
            "2",
            "--json",
            "--panel",
        ])
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(summary["forecast"], cases().len(), "{summary}");
    for f in ["forecasts.csv", "skipped.csv", "targets.csv"] {
        no_non_finite_text(&out.join(f));
    }
}

/// No field or token reads NaN or inf (any case), and no "∞".
fn no_non_finite_text(path: &Path) {
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    for token in text.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '+' || c == '-')) {
        let t = token.trim_start_matches(['+', '-']).to_ascii_lowercase();
        assert!(
            !matches!(t.as_str(), "nan" | "inf" | "infinity"),
            "{}: {token:?} in\n{}",
            path.display(),
            &text[..text.len().min(3000)]
        );
    }
    assert!(!text.contains('∞'), "{}", path.display());
}

const OBS_HEADER: &str =
    "id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note\n";
const TARGET_HEADER: &str = "id,pair,flow,value_usd,currency,deadline,stated,source,quote,note\n";

/// A data directory holding the awkward series as KZ's turnover with several partners.
fn awkward_data(dir: &Path) {
    let partners = [
        "CN", "RU", "AZ", "UZ", "KG", "TR", "DE", "FR", "IT", "US", "GB",
    ];
    let mut obs = String::from(OBS_HEADER);
    let mut targets = String::from(TARGET_HEADER);
    let mut id = 0;
    for ((name, start, values), partner) in cases().into_iter().zip(partners) {
        for (i, v) in values.iter().enumerate() {
            id += 1;
            obs.push_str(&format!(
                "o{id:03},KZ-{partner},turnover,{},{v},USD,,exact,2025-01-15,{name}.txt,\"Trade reached a level.\",\n",
                start + i as i32
            ));
        }
        let last = values.last().unwrap();
        targets.push_str(&format!(
            "t{id:03},KZ-{partner},turnover,{},USD,2030,2024-06-01,{name}.txt,\"We aim to double trade.\",\n",
            (2.0 * last).min(1e15)
        ));
    }
    std::fs::write(dir.join("observations.csv"), obs).unwrap();
    std::fs::write(dir.join("targets.csv"), targets).unwrap();
}

#[test]
fn report_on_awkward_series_has_finite_numbers_or_blanks() {
    let dir = tempfile::tempdir().unwrap();
    let (data, out) = (dir.path().join("data"), dir.path().join("out"));
    std::fs::create_dir(&data).unwrap();
    awkward_data(&data);
    let o = tradecast()
        .args([
            "report",
            "--as-of",
            "2026-11-23",
            "--paths",
            "200",
            "-q",
            "--data",
        ])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for f in [
        "projections.csv",
        "assessments.csv",
        "history.csv",
        "projections.json",
        "report.md",
    ] {
        no_non_finite_text(&out.join(f));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("projections.json")).unwrap()).unwrap();
    assert_eq!(json["series"].as_array().unwrap().len(), cases().len());
    assert_eq!(json["targets"].as_array().unwrap().len(), cases().len());
    // Every CSV number cell parses as a finite number; others are text or blank.
    let mut r = csv::Reader::from_path(out.join("projections.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    for row in r.records() {
        let row = row.unwrap();
        for (h, cell) in headers.iter().zip(row.iter()) {
            if [
                "value_usd",
                "mean",
                "lower80",
                "upper80",
                "lower95",
                "upper95",
            ]
            .contains(&h)
                && !cell.is_empty()
            {
                let v: f64 = cell.parse().unwrap_or(f64::NAN);
                assert!(v.is_finite() && v >= 0.0, "{h} = {cell:?} in {row:?}");
            }
        }
    }
}

/// A hostile quote and note: markup, a formula, table pipes, backticks and newlines.
const HOSTILE: &str = "=HYPERLINK(\"http://evil.example/x\",\"click\") <img src=x onerror=alert(1)> | a | b | `rm -rf /` **bold** [link](javascript:alert(1))\nsecond line\r\nthird";

#[test]
fn hostile_text_in_the_data_is_escaped_and_never_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let (data, out) = (dir.path().join("data"), dir.path().join("out"));
    std::fs::create_dir(&data).unwrap();
    let q = HOSTILE.replace('"', "\"\"");
    let mut obs = String::from(OBS_HEADER);
    for (i, (year, v)) in [(2020, 1e9), (2021, 1.2e9), (2022, 1.5e9), (2023, 1.7e9)]
        .iter()
        .enumerate()
    {
        obs.push_str(&format!(
            "o{:03},KZ-CN,turnover,{year},{v},USD,,exact,2024-02-01,=cmd.txt,\"{q}\",\"{q}\"\n",
            i + 1
        ));
    }
    std::fs::write(data.join("observations.csv"), obs).unwrap();
    std::fs::write(
        data.join("targets.csv"),
        format!("{TARGET_HEADER}t001,KZ-CN,turnover,5000000000,USD,2030,2024-02-01,@src.txt,\"{q}\",\"{q}\"\n"),
    )
    .unwrap();
    let o = tradecast()
        .args([
            "report",
            "--as-of",
            "2026-11-23",
            "--paths",
            "200",
            "-q",
            "--data",
        ])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"));

    // report.md: no live markup, no raw pipes or backticks from the data, no broken lines.
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(!md.contains("<img"), "raw <img in report.md");
    assert!(
        md.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "quote not shown escaped"
    );
    assert!(!md.contains("| a | b |"), "raw table pipes from the data");
    assert!(md.contains("\\| a \\| b \\|"));
    assert!(!md.contains("`rm -rf /`") && md.contains("\\`rm -rf /\\`"));
    assert!(!md.contains("[link](javascript"), "live link from the data");
    assert!(
        !md.contains("\nsecond line") && !md.contains("\nthird"),
        "newline from the data"
    );

    // CSVs: the quote is not written at all; no cell starts a formula.
    for f in ["projections.csv", "assessments.csv", "history.csv"] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(!text.contains("HYPERLINK"), "{f} holds the quote");
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        for row in r.records() {
            for cell in row.unwrap().iter() {
                assert!(
                    !(cell.starts_with(['=', '+', '@'])
                        || cell.starts_with('-') && cell.parse::<f64>().is_err()),
                    "{f}: live formula {cell:?}"
                );
            }
        }
    }

    // projections.json: valid JSON that holds the quote exactly, as data.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("projections.json")).unwrap()).unwrap();
    assert_eq!(json["targets"][0]["quote"], HOSTILE);
}

/// Regression (found by `fuzz_props::pipeline_renders_random_valid_data`): a lower bound in a
/// series whose straight line is cut at zero gave 0/0 and the note "… instead of 0 (NaN%)".
#[test]
fn a_bound_on_a_series_cut_at_zero_gives_no_nan_note() {
    let obs = "id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note\n\
               o001,KZ-EU,turnover,1990,23618013766702.84,USD,0,exact,2026-01-15,a.txt,Trade grew.,\n\
               o002,KZ-EU,turnover,1991,1,USD,,at_least,2026-01-15,a.txt,Trade grew.,\n";
    let targets = "id,pair,flow,value_usd,currency,deadline,stated,source,quote,note\n";
    let data = tradecast::input::parse_dataset(
        ("observations.csv", obs.as_bytes()),
        ("targets.csv", targets.as_bytes()),
    )
    .unwrap();
    let mut options = tradecast::app::RunOptions::new("2026-11-23".parse().unwrap(), 0);
    options.horizon = 1;
    let report = tradecast::app::pipeline::build(
        &data.observations,
        &data.targets,
        vec![],
        vec![],
        &options,
    );
    let json = String::from_utf8(tradecast::report::json::projections(&report)).unwrap();
    assert!(json.contains("fitted as if exact"), "{json}");
    assert!(!json.contains("NaN"), "{json}");
    let md = String::from_utf8(tradecast::report::markdown::render(&report)).unwrap();
    assert!(!md.contains("NaN"), "{md}");
}

/// Regression (found by `fuzz_props::models_fit_arbitrary_positive_series`): a series falling
/// from $10^13 to $0.16 gave the note "… (a factor of inf)" and 130-digit amounts.
#[test]
fn notes_on_a_wild_series_have_no_inf_and_no_giant_numbers() {
    let data = SeriesData::plain(
        vec![1901, 1902, 1903],
        vec![5_057_091_621_680.908, 1e13, 0.161_030_019_227_413_86],
    )
    .unwrap();
    let sel = select(
        &data,
        &FitOptions {
            horizon: 1,
            seed: 0,
            choice: ModelChoice::Auto,
        },
    );
    for f in sel.candidates.iter().filter_map(Outcome::fitted) {
        for note in &f.notes {
            assert!(!note.contains("inf)") && !note.contains("NaN"), "{note}");
            assert!(
                !note
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|d| d.len() > 20),
                "{note}"
            );
        }
    }
}
