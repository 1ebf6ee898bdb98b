//! Relative goals: a target stated as a multiple of today's trade, not as an amount ("double
//! trade by 2030" = factor 2, "triple", "increase trade by 50%" = 1.5, "increase trade 1.5
//! times"), with the base year when the text writes it ("from the 2023 level").
//!
//! A goal needs goal wording before the multiple (`aim`, `agreed`, `plan`, `to double`, ... the
//! words of [`super::intent`]) and is not a forecast ("could double", "expected to double").
//! The proposed target row has no `value_usd`: its level is the factor times the base year's
//! value on the side it is judged on, which target assessment works out.

use std::sync::LazyLock;

use regex::Regex;

use super::article::Basis;
use super::country::Mention;
use super::intent::{deadline, FORECAST, TARGET_STRONG, TARGET_VERB};
use super::keywords::{governing, keywords, product_of, segment, Topic};
use super::money::floor_char;
use super::partners::{pair_for, PairContext};
use super::text::{push_note, Sentence};
use super::TargetCandidate;
use crate::obs::{Flow, Party};

/// "double", "triple", "quadruple" (and their -ing forms); "increase ... by 50%"; "increase
/// ... 1.5 times", "fivefold".
static MULTIPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<word>double|doubling|triple|tripling|treble|trebling|quadruple|quadrupling)(?-u:\b)|(?-u:\b)by\s+(?P<pct>\d{1,3}(?:\.\d+)?)\s*(?:%|percent(?-u:\b)|per\s+cent(?-u:\b))|(?-u:\b)(?P<n>\d(?:\.\d+)?|two|three|four|five|ten)\s*-?\s*(?:times|fold)(?-u:\b)|(?-u:\b)(?P<nfold>twofold|threefold|fourfold|fivefold|tenfold)(?-u:\b)").unwrap()
});
/// "double taxation", "double-digit": not a multiple of trade.
static NOT_TRADE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s-]*(?:tax\w*|digits?|standards?|burden|the\s+number|the\s+capacity|production|output|investments?)(?-u:\b)").unwrap()
});
/// "double it", "double this figure": the trade of the sentences before.
static ANAPHORA_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s+(?:it|this|that|the\s+figure|this\s+figure|the\s+volume|this\s+volume)(?-u:\b)",
    )
    .unwrap()
});
/// The verb a percent or "N times" goal needs before it: "increase trade by 50%".
static RAISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:increas\w*|rais\w*|boost\w*|grow\w*|expand\w*|lift\w*)(?-u:\b)")
        .unwrap()
});
/// A base year written out: "from the 2023 level", "compared to 2022", "over 2023".
static BASE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:from|compared\s+(?:to|with)|relative\s+to|against|over)\s+(?:the\s+)?(?:level\s+of\s+)?((?:19|20)\d\d)(?-u:\b)").unwrap()
});

/// What the sentence's context gives a relative goal: who the article is about.
pub(super) struct GoalContext<'a> {
    pub(super) host: Option<Party>,
    pub(super) context: Option<Party>,
    pub(super) pair_hint: Option<(Party, Party)>,
    pub(super) recent_trade: bool,
    pub(super) basis: &'a Basis,
}

/// The multiple a goal names at `m`, and its words; `None` when it is no goal's multiple.
fn factor(low: &str, c: &regex::Captures<'_>) -> Option<f64> {
    let m = c.get(0)?;
    let before = &low[..m.start()];
    if let Some(w) = c.name("word") {
        if NOT_TRADE_AFTER.is_match(&low[m.end()..]) {
            return None;
        }
        return Some(match &w.as_str()[..4] {
            "doub" => 2.0,
            "trip" | "treb" => 3.0,
            _ => 4.0,
        });
    }
    // A percent or "N times" needs a raising verb shortly before: "increase trade by 50%".
    // ... in the base or -ing form: "increased by 16.3%" reports a change.
    let near = &before[floor_char(before, before.len().saturating_sub(80))..];
    let verb = RAISE.find_iter(near).last()?;
    if verb.as_str().ends_with("ed") || verb.as_str() == "grew" {
        return None;
    }
    if let Some(p) = c.name("pct") {
        return p
            .as_str()
            .parse::<f64>()
            .ok()
            .filter(|p| *p > 0.0)
            .map(|p| 1.0 + p / 100.0);
    }
    let n = c.name("n").or(c.name("nfold"))?.as_str();
    let f = match n.trim_end_matches("fold") {
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "ten" => 10.0,
        d => d.parse().ok()?,
    };
    (f > 1.0).then_some(f)
}

/// A relative goal in the sentence, as a target row with `factor` and no amount; `None` when
/// the sentence states none.
pub(super) fn goal(
    s: &Sentence,
    mentions: &[Mention],
    g: &GoalContext<'_>,
) -> Option<TargetCandidate> {
    let low = s.low.as_str();
    let c = MULTIPLE
        .captures_iter(low)
        .find(|c| factor(low, c).is_some())?;
    let m = c.get(0)?;
    let lead = &low[..m.start()];
    let goal_words = TARGET_STRONG.is_match(lead) || TARGET_VERB.is_match(&low[..m.end()]);
    if !goal_words || FORECAST.is_match(lead) {
        return None;
    }
    let factor = factor(low, &c)?;
    let kws = keywords(low, mentions);
    let (flow, seg) = match governing(&kws, m.start()) {
        Some((ki, k)) => match k.topic {
            Topic::Trade(_) if product_of(low, &k, low.len()).is_some() => return None,
            Topic::Trade(f) => (f, segment(&kws, ki, low.len())),
            Topic::Other(_) => return None,
        },
        None if g.recent_trade && ANAPHORA_AFTER.is_match(&low[m.end()..]) => {
            (Flow::Turnover, (0, low.len()))
        }
        None => return None,
    };
    let cx = PairContext {
        host: g.host,
        context: g.context,
        pair_hint: g.pair_hint,
        low,
        mentions,
        kws: &kws,
    };
    let (pair, pair_note) = pair_for(&cx, flow, m.start(), seg).ok()?;
    let (deadline, mut note) = deadline(low, g.basis.year);
    let base_year = BASE_YEAR
        .captures(low)
        .and_then(|b| b[1].parse::<i32>().ok())
        .filter(|y| deadline.is_none_or(|d| *y < d));
    let words = m.as_str().trim();
    push_note(
        &mut note,
        &format!(
            "relative goal: \"{words}\" = factor {factor} × the base year's value ({})",
            match base_year {
                Some(y) => format!("base year {y}, as written"),
                None => "base year not written: the last full year known when it was stated".into(),
            }
        ),
    );
    push_note(&mut note, &pair_note);
    Some(TargetCandidate {
        pair,
        flow,
        value: None,
        currency: "USD".into(),
        factor: Some(factor),
        base_year,
        deadline,
        quote: s.text.clone(),
        note,
    })
}
