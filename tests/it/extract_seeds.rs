//! The extractor against the hand-curated truth for the five seed articles:
//! `data/observations.csv`, `data/targets.csv` (must be found) and `data/excluded.csv`
//! (must not be emitted). Run with `--nocapture` to see precision and recall.

use std::path::Path;

use tradecast::extract::{extract, extract_with, to_csv_rows, to_json, Extraction, Options};

use crate::common::root;

fn read_csv(path: &Path) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.records().map(|x| x.expect("valid CSV")).collect()
}

/// Source 004 has no date line and names no year. The curators dated it 2023 from a fact
/// the extractor cannot know (Heydar Aliyev's 100th anniversary "celebrated this year",
/// born 1923: see the note of o009 in data/observations.csv), so the test supplies that
/// year the way a caller supplies a crawl date. Without it, its relative periods stay
/// unresolved: see `undated_article_leaves_relative_periods_unresolved`.
const UNDATED: &str = "004_78335a8d412ffddf.txt";
const UNDATED_YEAR: i32 = 2023;

fn seeds() -> Vec<Extraction> {
    let dir = root().join("tests/data/seeds");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/data/seeds")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5);
    names
        .iter()
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(n)).unwrap();
            let options = Options {
                assume_year: (n == UNDATED).then_some(UNDATED_YEAR),
                ..Options::default()
            };
            extract_with(&text, n, &options)
        })
        .collect()
}

/// `data/excluded.csv` (source, quote, figure, reason). One of its rows has an unquoted
/// comma inside the quote ("More than 3,000 companies ..."), so rows are read flexibly:
/// first field the source, last two the figure and the reason, the rest the quote.
fn read_excluded() -> Vec<[String; 4]> {
    let path = root().join("data/excluded.csv");
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.records()
        .map(|x| {
            let x = x.expect("readable CSV");
            let n = x.len();
            assert!(n >= 4, "{x:?}");
            let quote = (1..n - 2).map(|i| &x[i]).collect::<Vec<_>>().join(",");
            [
                x[0].to_string(),
                quote,
                x[n - 2].to_string(),
                x[n - 1].to_string(),
            ]
        })
        .collect()
}

/// Quotes compared with straight apostrophes: the curated files write "Kazakhstan's" where
/// an article has a typographic apostrophe; the extractor quotes as written.
fn same_quote(a: &str, b: &str) -> bool {
    let n = |s: &str| {
        s.replace(['\u{2019}', '\u{2018}'], "'")
            .replace(['\u{201C}', '\u{201D}'], "\"")
    };
    n(a) == n(b)
}

fn num(s: &str) -> Option<f64> {
    (!s.is_empty()).then(|| s.parse().expect("number"))
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
        _ => false,
    }
}

#[test]
fn seeds_precision_and_recall_are_one() {
    let xs = seeds();
    let obs = read_csv(&root().join("data/observations.csv"));
    let tgt = read_csv(&root().join("data/targets.csv"));
    let excluded = read_excluded();

    // Every emitted row, figure or target, with whether it matched a curated row.
    let mut emitted = 0usize;
    let mut correct = 0usize;
    let mut matched_obs = vec![false; obs.len()];
    let mut matched_tgt = vec![false; tgt.len()];
    let mut problems = Vec::new();

    for x in &xs {
        for f in &x.figures {
            emitted += 1;
            let hit = obs.iter().position(|o| {
                o[9] == x.source
                    && o[1] == f.pair.to_string()
                    && o[2] == f.flow.to_string()
                    && f.period.map(|p| p.to_string()).as_deref() == Some(&o[3])
                    && close(num(&o[4]), f.value_usd())
                    && o[5] == f.currency
                    && close(num(&o[6]), f.growth_pct)
                    && o[7] == f.bound.to_string()
                    && same_quote(&o[10], &f.quote)
            });
            match hit {
                Some(i) if !matched_obs[i] => {
                    matched_obs[i] = true;
                    correct += 1;
                }
                _ => problems.push(format!("unexpected figure in {}: {f:?}", x.source)),
            }
        }
        for t in &x.targets {
            emitted += 1;
            let hit = tgt.iter().position(|o| {
                o[7] == x.source
                    && o[1] == t.pair.to_string()
                    && o[2] == t.flow.to_string()
                    && close(num(&o[3]), t.value_usd())
                    && o[5] == t.deadline.map(|d| d.to_string()).unwrap_or_default()
                    && same_quote(&o[8], &t.quote)
            });
            match hit {
                Some(i) if !matched_tgt[i] => {
                    matched_tgt[i] = true;
                    correct += 1;
                }
                _ => problems.push(format!("unexpected target in {}: {t:?}", x.source)),
            }
        }
        // Curated exclusions: never emitted as a figure or a target.
        for e in excluded.iter().filter(|e| e[0] == x.source) {
            let quote = &e[1];
            if x.figures.iter().any(|f| same_quote(&f.quote, quote))
                || x.targets.iter().any(|t| same_quote(&t.quote, quote))
            {
                problems.push(format!("excluded sentence emitted ({}): {quote}", &e[3]));
            }
        }
    }
    for (i, m) in matched_obs.iter().enumerate() {
        if !m {
            problems.push(format!("missed observation {}: {:?}", &obs[i][0], &obs[i]));
        }
    }
    for (i, m) in matched_tgt.iter().enumerate() {
        if !m {
            problems.push(format!("missed target {}: {:?}", &tgt[i][0], &tgt[i]));
        }
    }

    let expected = obs.len() + tgt.len();
    let found = matched_obs
        .iter()
        .chain(&matched_tgt)
        .filter(|m| **m)
        .count();
    let precision = correct as f64 / emitted.max(1) as f64;
    let recall = found as f64 / expected as f64;
    println!(
        "seed extraction: {emitted} rows emitted ({} figures, {} targets), {correct} correct; \
         {found} of {expected} curated rows found; precision {precision:.3}, recall {recall:.3}; \
         {} excluded sentences checked",
        xs.iter().map(|x| x.figures.len()).sum::<usize>(),
        xs.iter().map(|x| x.targets.len()).sum::<usize>(),
        excluded.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(precision, 1.0);
    assert_eq!(recall, 1.0);
}

#[test]
fn excluded_money_amounts_are_listed_as_ignored_with_a_reason() {
    let xs = seeds();
    let excluded = read_excluded();
    for e in &excluded {
        // Rows whose figure is an amount of money ("$24 billion", "almost $500 million ...").
        if !e[2].contains('$') {
            continue;
        }
        let x = xs.iter().find(|x| x.source == e[0]).unwrap();
        let hit = x.ignored.iter().find(|i| same_quote(&i.quote, &e[1]));
        assert!(hit.is_some(), "not listed as ignored: {}", &e[1]);
        println!(
            "ignored {:>14}  {}",
            hit.unwrap().figure,
            hit.unwrap().reason
        );
    }
}

#[test]
fn undated_article_leaves_relative_periods_unresolved() {
    let text = std::fs::read_to_string(root().join("tests/data/seeds").join(UNDATED)).unwrap();
    let x = extract(&text, UNDATED);
    assert_eq!(x.published, None);
    assert_eq!(x.reference_year, None);
    assert!(x.date_note.contains("unresolved"), "{}", x.date_note);
    // The figures are still found, with pair, value, growth and bound; only the period is open.
    assert_eq!(x.figures.len(), 2);
    for f in &x.figures {
        assert_eq!(f.pair.to_string(), "KZ-AZ");
        assert_eq!(f.period, None);
        assert!(f.note.contains("unresolved"), "{}", f.note);
    }
    assert_eq!(x.figures[0].value_usd(), Some(460e6));
    assert_eq!(x.figures[0].bound.to_string(), "at_least");
    assert_eq!(x.targets.len(), 1);
}

#[test]
fn csv_rows_have_the_data_file_columns_and_round_trip() {
    let xs = seeds();
    let rows = to_csv_rows(&xs);
    let header_of = |p: &str| {
        std::fs::read_to_string(root().join(p))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        rows.observations.lines().next().unwrap(),
        header_of("data/observations.csv")
    );
    assert_eq!(
        rows.targets.lines().next().unwrap(),
        header_of("data/targets.csv")
    );
    let mut r = csv::Reader::from_reader(rows.observations.as_bytes());
    let recs: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(recs.len(), 10);
    assert_eq!(&recs[0][0], "x001");
    for rec in &recs {
        rec[1].parse::<tradecast::obs::Pair>().unwrap();
        rec[3].parse::<tradecast::obs::Period>().unwrap();
        rec[7].parse::<tradecast::obs::Bound>().unwrap();
    }
    // Same input, same bytes.
    assert_eq!(to_csv_rows(&seeds()), rows);
}

#[test]
fn json_records_have_the_required_fields() {
    let xs = seeds();
    let json = to_json(&xs);
    assert_eq!(json, to_json(&seeds()));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let records = v["records"].as_array().unwrap();
    assert_eq!(records.len(), 11);
    for r in records {
        for k in [
            "reporter",
            "partner",
            "flow",
            "period_start",
            "period_end",
            "year",
            "value_usd",
            "bound",
            "growth_pct",
            "is_target",
            "target_year",
            "quote",
            "source",
        ] {
            assert!(r.get(k).is_some(), "missing {k} in {r}");
        }
    }
    let eu = records.iter().find(|r| r["flow"] == "exports").unwrap();
    assert_eq!(eu["period_start"], "2024-01");
    assert_eq!(eu["period_end"], "2024-10");
    assert_eq!(eu["value_usd"], 32.6e9);
    let part = records.iter().find(|r| r["period"] == "2023-part").unwrap();
    assert!(part["period_start"].is_null() && part["period_end"].is_null());
    assert_eq!(part["year"], 2023);
    let t = records.iter().find(|r| r["is_target"] == true).unwrap();
    assert_eq!(t["pair"], "KZ-AZ");
    assert!(t["target_year"].is_null());
}
