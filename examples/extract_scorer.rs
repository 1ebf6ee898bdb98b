//! Fit the learned scorer of `tradecast extract` (`src/extract/scorer.rs`) to annotated
//! passages, and cross-validate it. Run through `scripts/extract_train.sh` and
//! `scripts/extract_score.sh --cv`.
//!
//! ```text
//! extract_scorer train DIR...        # the model fitted on every passage, as JSON, to stdout
//! extract_scorer fold K N DIR...     # fit without fold K of N, extract fold K: extract --json
//! ```
//!
//! DIR holds `*.txt` passages and an `expected.csv` (the format of `../shared/extract-corpus`).
//! Passage i (all passages sorted by file name, from 0) is in fold i mod N. A proposal is a
//! positive example when it matches an annotated row as `scripts/extract_score.py` matches:
//! file, is_target, flow and pair (turnover in either order) agree, and the value is within 1%
//! in its currency (USD, or the row's `currency`/`value_original`), or the relative goal's
//! factor is equal; each annotated row matches one proposal at most. Growth rates stated
//! alone are neither training rows nor scored.

use std::path::{Path, PathBuf};

use tradecast::extract::scorer::{self, Model, FEATURES};
use tradecast::extract::{extract_with, to_json, Extraction, Options, Scoring};

/// The regularisation and iterations of every fit (fixed: nothing is tuned per fold).
const L2: f64 = 0.01;
const ITERATIONS: usize = 3000;
const THRESHOLD: f64 = 0.5;

struct Expected {
    file: String,
    reporter: String,
    partner: String,
    flow: String,
    target: bool,
    currency: String,
    value: Option<f64>,
    factor: Option<f64>,
}

fn expected(dir: &Path) -> Vec<Expected> {
    let path = dir.join("expected.csv");
    let mut r = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let h = r.headers().expect("header").clone();
    let col = |n: &str| h.iter().position(|x| x == n);
    let num = |s: Option<&str>| s.and_then(|s| s.trim().parse::<f64>().ok());
    r.records()
        .map(|x| x.expect("readable row"))
        .map(|x| {
            let get = |n: &str| col(n).and_then(|i| x.get(i)).unwrap_or("");
            let (currency, value) = match num(Some(get("value_usd"))) {
                Some(v) => ("USD".to_string(), Some(v)),
                None => (
                    get("currency").to_string(),
                    num(Some(get("value_original"))),
                ),
            };
            Expected {
                file: get("file").into(),
                reporter: get("reporter").into(),
                partner: get("partner").into(),
                flow: get("measure").into(),
                target: get("is_target").trim().eq_ignore_ascii_case("true"),
                currency,
                value,
                factor: num(Some(get("target_factor"))),
            }
        })
        .collect()
}

/// One proposal as the matcher sees it.
struct Proposal {
    reporter: String,
    partner: String,
    flow: String,
    target: bool,
    currency: String,
    value: Option<f64>,
    factor: Option<f64>,
}

fn proposals(x: &Extraction) -> Vec<Proposal> {
    let f = x.figures.iter().map(|c| Proposal {
        reporter: c.pair.reporter.to_string(),
        partner: c.pair.partner.to_string(),
        flow: c.flow.to_string(),
        target: false,
        currency: c.currency.clone(),
        value: c.value,
        factor: None,
    });
    let t = x.targets.iter().map(|t| Proposal {
        reporter: t.pair.reporter.to_string(),
        partner: t.pair.partner.to_string(),
        flow: t.flow.to_string(),
        target: true,
        currency: t.currency.clone(),
        value: t.value,
        factor: t.factor,
    });
    f.chain(t).collect()
}

fn matches(e: &Expected, p: &Proposal) -> bool {
    let pair = if e.flow == "turnover" {
        (e.reporter == p.reporter && e.partner == p.partner)
            || (e.reporter == p.partner && e.partner == p.reporter)
    } else {
        e.reporter == p.reporter && e.partner == p.partner
    };
    let amount = match (e.value, p.value, e.factor, p.factor) {
        (Some(a), Some(b), _, _) => e.currency == p.currency && (a - b).abs() <= 0.01 * a,
        (None, None, Some(a), Some(b)) => (a - b).abs() < 1e-9,
        _ => false,
    };
    pair && amount && e.target == p.target && e.flow == p.flow
}

/// Every passage of `dirs`, sorted by file name: (file name, text).
fn passages(dirs: &[PathBuf]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for d in dirs {
        for e in std::fs::read_dir(d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.expect("entry").path();
            if p.extension().is_some_and(|x| x == "txt") {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                out.push((name, std::fs::read_to_string(&p).expect("UTF-8 passage")));
            }
        }
    }
    out.sort();
    out
}

/// The labelled feature rows of the rules' proposals on `texts`.
fn training_rows(texts: &[&(String, String)], exp: &[Expected]) -> Vec<(Vec<f64>, bool)> {
    let off = Options {
        scorer: Scoring::Off,
        ..Options::default()
    };
    let mut rows = Vec::new();
    for (name, text) in texts {
        let x = extract_with(text, name, &off);
        let props = proposals(&x);
        let mut used = vec![false; props.len()];
        for e in exp.iter().filter(|e| &e.file == name) {
            if let Some(i) = (0..props.len()).find(|&i| !used[i] && matches(e, &props[i])) {
                used[i] = true;
            }
        }
        for ((f, u), p) in scorer::rows(&x).into_iter().zip(used).zip(&props) {
            // Growth rates alone are not scored (scorer::apply keeps them).
            if p.value.is_some() || p.factor.is_some() {
                rows.push((f.to_vec(), u));
            }
        }
    }
    rows
}

fn train(texts: &[&(String, String)], exp: &[Expected], provenance: String) -> Model {
    let rows = training_rows(texts, exp);
    let (weights, bias) = scorer::fit(&rows, L2, ITERATIONS);
    let round = |v: f64| (v * 1e6).round() / 1e6;
    Model {
        version: 1,
        provenance,
        features: FEATURES.iter().map(|s| s.to_string()).collect(),
        weights: weights.into_iter().map(round).collect(),
        bias: round(bias),
        threshold: THRESHOLD,
        l2: L2,
        iterations: ITERATIONS,
        rows: rows.len(),
        positives: rows.iter().filter(|r| r.1).count(),
    }
}

/// The model fitted on every passage of `dirs`, as the JSON of `knowledge/extract_scorer.json`
/// (ending with a newline).
pub fn fitted(dirs: &[PathBuf]) -> String {
    let exp: Vec<Expected> = dirs.iter().flat_map(|d| expected(d)).collect();
    let all = passages(dirs);
    let names: Vec<String> = dirs
        .iter()
        .map(|d| {
            d.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
        })
        .collect();
    let texts: Vec<_> = all.iter().collect();
    let provenance = format!(
        "fitted by scripts/extract_train.sh (examples/extract_scorer.rs train) on the rules' \
         proposals for the {} passages of {} (matched to expected.csv as scripts/extract_score.py \
         matches)",
        all.len(),
        names.join(" and ")
    );
    let m = train(&texts, &exp, provenance);
    format!(
        "{}\n",
        serde_json::to_string_pretty(&m).expect("model serialises")
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: extract_scorer train DIR... | extract_scorer fold K N DIR...";
    let (cmd, rest) = args.split_first().expect(usage);
    let (fold, dirs): (Option<(usize, usize)>, &[String]) = match cmd.as_str() {
        "train" => (None, rest),
        "fold" if rest.len() >= 3 => {
            let k = rest[0].parse().expect("K is a number");
            let n = rest[1].parse().expect("N is a number");
            (Some((k, n)), &rest[2..])
        }
        _ => panic!("{usage}"),
    };
    let dirs: Vec<PathBuf> = dirs.iter().map(PathBuf::from).collect();
    match fold {
        None => print!("{}", fitted(&dirs)),
        Some((k, n)) => {
            let exp: Vec<Expected> = dirs.iter().flat_map(|d| expected(d)).collect();
            let all = passages(&dirs);
            let (held, rest): (Vec<_>, Vec<_>) =
                all.iter().enumerate().partition(|(i, _)| i % n == k);
            let rest: Vec<_> = rest.into_iter().map(|(_, t)| t).collect();
            let m = train(&rest, &exp, format!("fold {k} of {n} left out"));
            let with = Options {
                scorer: Scoring::Model(Box::new(m)),
                ..Options::default()
            };
            let xs: Vec<Extraction> = held
                .iter()
                .map(|(_, (name, text))| extract_with(text, name, &with))
                .collect();
            println!("{}", to_json(&xs));
        }
    }
}
