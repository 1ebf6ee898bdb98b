//! The learned scorer: which of the rules' proposals are real figures.
//!
//! The rules (the other modules of `extract`) propose every row they can read: an amount with
//! its flow, pair, period and whether it is a goal. This module owns the second stage: a
//! logistic regression over a few features of each proposal ([`FEATURES`]: what the rules
//! decided and how, and the sentence's structure) gives the probability that the proposal is a
//! real figure; proposals below [`Model::threshold`] move to `ignored` with the reason, and the
//! note of every kept row says the probability and the features that weighed most.
//!
//! The weights are fitted to the development corpora (`../shared/extract-corpus` and
//! `../shared/extract-corpus-more`) by `scripts/extract_train.sh` (the `extract_scorer`
//! example, which calls [`fit`]) and shipped in `knowledge/extract_scorer.json` with their
//! provenance; [`Model::builtin`] embeds that file. Fitting is full-batch gradient descent in a
//! fixed order: the same rows give the same weights, byte for byte. Hand-rolled rather than
//! `linfa-logistic`, which would pull `argmin` and its dependencies into the library for a
//! few dozen lines of arithmetic.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::{Candidate, Extraction, Ignored, TargetCandidate};
use crate::obs::{Bound, Flow};

/// The features, in the order of [`Model::weights`]; each is 0 or 1 unless its name says
/// otherwise.
pub const FEATURES: [&str; 18] = [
    "a goal",
    "exports",
    "imports",
    "period stated",
    "growth stated",
    "bound not exact",
    "partner carried from an earlier sentence",
    "pair from the previous sentence",
    "amount written next to a country (a list)",
    "three or more amounts in the sentence",
    "long sentence (over 40 words)",
    "forecast or estimate wording, not a goal",
    "balance, deficit, surplus or difference wording",
    "commodity or product-category wording",
    "the country's overall total wording",
    "month-on-month wording",
    "respectively or correspondingly",
    "headline (no final full stop)",
];

static FORECAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:will|would|could|may|might|expect\w*|estimat\w*|project\w*|forecast\w*|predict\w*|likely|on course|approach\w*)\b").unwrap()
});
static BALANCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:balance|deficit|surplus|difference|gap|discrepancy)\b").unwrap()
});
static COMMODITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:commodit\w*|categor\w*|products?|machinery|goods such as|led by|main (?:imports|exports))\b").unwrap()
});
static OVERALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:overall|the country's|into the country|total (?:exports|imports|trade) of the country)\b").unwrap()
});
static MONTHLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bmonth[- ]on[- ]month\b").unwrap());
static RESPECTIVELY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:respectively|correspondingly)\b").unwrap());

/// What the features are computed from: one proposal and its sentence.
struct View<'a> {
    target: bool,
    flow: Flow,
    period: bool,
    growth: bool,
    bound: Bound,
    quote: &'a str,
    note: &'a str,
    /// Amounts the rules read in this sentence (proposed or ignored).
    amounts: usize,
}

fn b(x: bool) -> f64 {
    f64::from(u8::from(x))
}

fn features(v: &View) -> [f64; FEATURES.len()] {
    let words = v.quote.split_whitespace().count();
    let end = v.quote.trim_end().chars().last();
    [
        b(v.target),
        b(v.flow == Flow::Exports),
        b(v.flow == Flow::Imports),
        b(v.period),
        b(v.growth),
        b(v.bound != Bound::Exact),
        b(v.note.contains("carried from an earlier sentence")),
        b(v.note.contains("pair from the previous sentence")),
        b(v.note.contains("amount written next to")),
        b(v.amounts >= 3),
        b(words > 40),
        b(!v.target && FORECAST.is_match(v.quote)),
        b(BALANCE.is_match(v.quote)),
        b(COMMODITY.is_match(v.quote)),
        b(OVERALL.is_match(v.quote)),
        b(MONTHLY.is_match(v.quote)),
        b(RESPECTIVELY.is_match(v.quote)),
        b(!matches!(end, Some('.' | '"' | '”' | '!' | '?' | ')'))),
    ]
}

/// A fitted scorer and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Format version of this file (1).
    pub version: u32,
    /// What it was fitted on and by which command.
    pub provenance: String,
    /// Feature names, the order of `weights`; must equal [`FEATURES`].
    pub features: Vec<String>,
    /// One weight per feature.
    pub weights: Vec<f64>,
    /// The intercept.
    pub bias: f64,
    /// Proposals with a probability below this are dropped.
    pub threshold: f64,
    /// L2 penalty and gradient-descent iterations used by [`fit`].
    pub l2: f64,
    /// Iterations of gradient descent.
    pub iterations: usize,
    /// Training rows: proposals, and how many of them matched an annotated row.
    pub rows: usize,
    /// Proposals that matched an annotated row.
    pub positives: usize,
}

const BUILTIN: &str = include_str!("../../knowledge/extract_scorer.json");

static MODEL: LazyLock<Option<Model>> = LazyLock::new(|| {
    serde_json::from_str::<Model>(BUILTIN)
        .ok()
        .filter(Model::fits)
});

impl Model {
    /// The shipped model (`knowledge/extract_scorer.json`), or `None` if that file does not
    /// parse or names other features than [`FEATURES`] (a test keeps it `Some`).
    pub fn builtin() -> Option<&'static Model> {
        MODEL.as_ref()
    }

    /// Its features are this code's [`FEATURES`].
    pub fn fits(&self) -> bool {
        self.features.iter().map(String::as_str).eq(FEATURES)
            && self.weights.len() == FEATURES.len()
    }

    fn logit(&self, x: &[f64]) -> f64 {
        self.bias + self.weights.iter().zip(x).map(|(w, x)| w * x).sum::<f64>()
    }

    /// Why: the features present with the largest weights, strongest first.
    fn why(&self, x: &[f64], keep: bool) -> String {
        let mut on: Vec<(usize, f64)> = x
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != 0.0)
            .map(|(i, v)| (i, self.weights[i] * v))
            .filter(|(_, w)| (*w > 0.0) == keep)
            .collect();
        on.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        if on.is_empty() {
            return "the base rate".into();
        }
        on.iter()
            .take(3)
            .map(|(i, w)| format!("{} {w:+.2}", FEATURES[*i]))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The feature rows of an extraction's proposals: figures first, then targets, in order.
pub fn rows(x: &Extraction) -> Vec<[f64; FEATURES.len()]> {
    let amounts = |q: &str| {
        x.figures
            .iter()
            .filter(|c| c.quote == q && c.value.is_some())
            .count()
            + x.targets
                .iter()
                .filter(|t| t.quote == q && t.value.is_some())
                .count()
            + x.ignored.iter().filter(|i| i.quote == q).count()
    };
    let f = x.figures.iter().map(|c| figure_view(c, amounts(&c.quote)));
    let t = x.targets.iter().map(|t| target_view(t, amounts(&t.quote)));
    f.chain(t).map(|v| features(&v)).collect()
}

fn figure_view(c: &Candidate, amounts: usize) -> View<'_> {
    View {
        target: false,
        flow: c.flow,
        period: c.period.is_some(),
        growth: c.growth_pct.is_some(),
        bound: c.bound,
        quote: &c.quote,
        note: &c.note,
        amounts,
    }
}

fn target_view(t: &TargetCandidate, amounts: usize) -> View<'_> {
    View {
        target: true,
        flow: t.flow,
        period: t.deadline.is_some(),
        growth: t.factor.is_some(),
        bound: Bound::Exact,
        quote: &t.quote,
        note: &t.note,
        amounts,
    }
}

/// Keep the proposals `model` scores at or above its threshold; the others move to
/// `ignored` with the probability and the features that weighed against them. Every kept
/// row's note ends with its probability and the features that weighed for it. Growth rates
/// stated alone (no amount, no factor) are not scored: they are always kept.
pub fn apply(x: &mut Extraction, model: &Model) {
    let rows = rows(x);
    let (rf, rt) = rows.split_at(x.figures.len());
    let mut dropped = Vec::new();
    let mut judge = |x: &[f64], note: &mut String, quote: &str, figure: Option<String>| {
        let Some(figure) = figure else {
            return true; // a growth rate alone: not a level, nothing to score
        };
        let p = 1.0 / (1.0 + (-model.logit(x)).exp());
        let keep = p >= model.threshold;
        let why = model.why(x, keep);
        if keep {
            let sep = if note.is_empty() { "" } else { "; " };
            note.push_str(&format!(
                "{sep}kept by the learned scorer (p = {p:.2}: {why})"
            ));
        } else {
            dropped.push(Ignored {
                quote: quote.to_string(),
                figure,
                reason: format!(
                    "the learned scorer puts it below {:.2} (p = {p:.2}: {why})",
                    model.threshold
                ),
            });
        }
        keep
    };
    let mut i = 0;
    x.figures.retain_mut(|c| {
        let figure = c
            .value
            .map(|v| describe(v, &c.currency, c.flow, &c.pair.to_string()));
        let keep = judge(&rf[i], &mut c.note, &c.quote, figure);
        i += 1;
        keep
    });
    let mut i = 0;
    x.targets.retain_mut(|t| {
        let pair = format!("goal {}", t.pair);
        let figure = match (t.value, t.factor) {
            (Some(v), _) => Some(describe(v, &t.currency, t.flow, &pair)),
            (None, Some(f)) => Some(format!("{f} times ({} {pair})", t.flow)),
            (None, None) => None,
        };
        let keep = judge(&rt[i], &mut t.note, &t.quote, figure);
        i += 1;
        keep
    });
    x.ignored.extend(dropped);
}

fn describe(value: f64, currency: &str, flow: Flow, pair: &str) -> String {
    format!("{currency} {value} ({flow} {pair})")
}

/// Fit a logistic regression to `rows` (features, is it a real figure) by full-batch gradient
/// descent with an L2 penalty on the weights (not the intercept). Deterministic.
pub fn fit(rows: &[(Vec<f64>, bool)], l2: f64, iterations: usize) -> (Vec<f64>, f64) {
    let k = FEATURES.len();
    let n = rows.len().max(1) as f64;
    let (mut w, mut b0) = (vec![0.0; k], 0.0);
    let rate = 0.5;
    for _ in 0..iterations {
        let (mut gw, mut gb) = (vec![0.0; k], 0.0);
        for (x, y) in rows {
            let z = b0 + w.iter().zip(x).map(|(w, x)| w * x).sum::<f64>();
            let err = 1.0 / (1.0 + (-z).exp()) - f64::from(u8::from(*y));
            gb += err;
            for (g, x) in gw.iter_mut().zip(x) {
                *g += err * x;
            }
        }
        b0 -= rate * gb / n;
        for (w, g) in w.iter_mut().zip(&gw) {
            *w -= rate * (g / n + l2 * *w);
        }
    }
    (w, b0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{extract_with, Options, Scoring};

    #[test]
    fn the_shipped_model_loads_and_names_these_features() {
        let m = Model::builtin().expect("knowledge/extract_scorer.json parses and fits FEATURES");
        assert!(m.rows > 0 && m.positives <= m.rows, "{m:?}");
        assert!(m.provenance.contains("extract_train.sh"));
    }

    #[test]
    fn fitting_is_deterministic_and_learns_the_sign_of_a_feature() {
        // Feature 0 present: mostly negative; absent: mostly positive.
        let mut rows = Vec::new();
        for i in 0..40 {
            let mut x = vec![0.0; FEATURES.len()];
            x[0] = f64::from(u8::from(i % 2 == 0));
            rows.push((x, i % 2 == 1 || i % 10 == 0));
        }
        let (w1, b1) = fit(&rows, 0.01, 500);
        let (w2, b2) = fit(&rows, 0.01, 500);
        assert_eq!((w1.clone(), b1), (w2, b2));
        assert!(w1[0] < -1.0 && b1 > 1.0, "{w1:?} {b1}");
    }

    #[test]
    fn a_dropped_proposal_is_ignored_with_the_reason_and_a_kept_one_says_why() {
        let text = "date: 2024-03-01\nKazakhstan's trade turnover with China grew by 20% last year, reaching $41 billion.";
        let off = extract_with(
            text,
            "a.txt",
            &Options {
                scorer: Scoring::Off,
                ..Options::default()
            },
        );
        assert_eq!(off.figures.len(), 1);
        let mut m = Model::builtin().expect("model").clone();
        // Everything scores p = 0.5 - a little: dropped.
        m.weights = vec![0.0; FEATURES.len()];
        m.bias = -0.1;
        let drop = extract_with(
            text,
            "a.txt",
            &Options {
                scorer: Scoring::Model(Box::new(m.clone())),
                ..Options::default()
            },
        );
        assert!(drop.figures.is_empty());
        let last = drop.ignored.last().expect("the dropped figure is listed");
        assert!(
            last.reason
                .starts_with("the learned scorer puts it below 0.50 (p = 0.48"),
            "{last:?}"
        );
        assert!(last.figure.contains("41000000000"), "{last:?}");
        m.bias = 0.1;
        let keep = extract_with(
            text,
            "a.txt",
            &Options {
                scorer: Scoring::Model(Box::new(m)),
                ..Options::default()
            },
        );
        assert_eq!(keep.figures.len(), 1);
        assert!(
            keep.figures[0]
                .note
                .ends_with("kept by the learned scorer (p = 0.52: the base rate)"),
            "{}",
            keep.figures[0].note
        );
    }
}
