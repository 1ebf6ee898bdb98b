//! The article: its date and the year relative periods are resolved against, the host
//! country, and the walk over its sentences carrying context from one to the next (the
//! latest partner and period, a "partner of" pair, a country's total just given); then
//! repeats of a headline are dropped.

use super::country::{self, Mention};
use super::intent::{FORECAST, TARGET_STRONG, TARGET_VERB};
use super::partners::{host_country, main_partner, partner_of, MAIN_PAIR_WORDS};
use super::period::{self, PeriodMention};
use super::scope::COMPARED_YEAR;
use super::sentence::{sentence, Article};
use super::text::{self, push_note, DateSource, Sentence};
use super::{Candidate, Extraction, Ignored, Options, TargetCandidate};
use crate::obs::{Date, Flow, Party};

pub(super) struct Basis {
    pub(super) year: Option<i32>,
    /// The publication month, when the date is known: months after it cannot have been
    /// reported yet.
    pub(super) month: Option<u8>,
    /// Words for notes: "the date line 2023-11-06".
    pub(super) words: String,
}

/// The publication date, the year relative periods are resolved against, and how it was
/// found: the date line, else a dateline, else the caller's year, else the latest year the
/// text names (an assumption, said in the note), else none (relative periods stay
/// unresolved and the note says so). A date line that says the date is unknown
/// (`date: unknown`) is taken at its word: no year is guessed from the text.
fn basis(
    date: Option<(Date, DateSource)>,
    stated_unknown: bool,
    sentences: &[Sentence],
    options: &Options,
) -> (Option<Date>, Basis, String) {
    match date {
        Some((d, DateSource::DateLine)) => (
            Some(d),
            Basis {
                year: Some(d.year()),
                month: Some(d.month()),
                words: format!("the date line {d}"),
            },
            format!("date line {d}"),
        ),
        Some((d, DateSource::Dateline)) => (
            Some(d),
            Basis {
                year: Some(d.year()),
                month: Some(d.month()),
                words: format!("the dateline {d}"),
            },
            format!("dateline near the top: {d}"),
        ),
        None => {
            if let Some(y) = options.assume_year {
                (
                    None,
                    Basis {
                        year: Some(y),
                        month: None,
                        words: format!("year {y} given by the caller (no date line)"),
                    },
                    format!("no date line: year {y} given by the caller"),
                )
            } else if stated_unknown {
                (
                    None,
                    Basis {
                        year: None,
                        month: None,
                        words: String::new(),
                    },
                    "the date line says the date is unknown: relative periods (\"this year\", \"last year\") left unresolved; give the year with --assume-year if it is known".to_string(),
                )
            } else {
                // The latest year the text names as a period ("in 2023"), deadlines excluded.
                // Years of plans and forecasts ("$10 billion in 2030") say nothing of "now".
                let latest = sentences
                    .iter()
                    .filter(|s| {
                        !(TARGET_STRONG.is_match(&s.low)
                            || TARGET_VERB.is_match(&s.low)
                            || FORECAST.is_match(&s.low))
                    })
                    .flat_map(|s| period::periods(&s.low))
                    .filter_map(|p| match p.year {
                        Some(period::YearRef::Explicit(y)) => Some((y, p.phrase)),
                        _ => None,
                    })
                    .max_by_key(|(y, _)| *y);
                match latest {
                    Some((y, phrase)) => (
                        None,
                        Basis {
                            year: Some(y),
                            month: None,
                            words: format!("year {y} inferred from the text (no date line; latest year named: \"{phrase}\")"),
                        },
                        format!("no date line: year {y} inferred from the text, the latest year it names (\"{phrase}\"); an assumption"),
                    ),
                    None => (
                        None,
                        Basis { year: None, month: None, words: String::new() },
                        "no date line and no year in the text: relative periods (\"this year\", \"last year\") left unresolved".to_string(),
                    ),
                }
            }
        }
    }
}

/// The sentences of `body`, without those too long to read (each gets a warning).
fn readable_sentences(raw: &str, body: &str, warnings: &mut Vec<String>) -> Vec<Sentence> {
    let mut sentences = text::sentences(body);
    sentences.retain(|s| {
        if s.text.len() <= super::MAX_SENTENCE_BYTES {
            return true;
        }
        let start: String = s.text.chars().take(60).collect();
        warnings.push(format!(
            "line {}: a sentence of {} bytes (more than {}) was not read: split it at its full \
             stops, or check that the file is an article (it starts \"{start}…\")",
            text::line_of(raw, &s.text).unwrap_or(0),
            s.text.len(),
            super::MAX_SENTENCE_BYTES
        ));
        false
    });
    sentences
}

/// Extract one article (see [`super::extract`]).
pub(crate) fn run(raw: &str, source: &str, options: &Options) -> Extraction {
    let (date, body) = text::publication_date(raw);
    let mut warnings: Vec<String> = Vec::new();
    if raw.trim().is_empty() {
        warnings.push("line 1: the file has no text: nothing to extract".into());
    }
    if date.is_none() {
        warnings.extend(text::invalid_date_line(raw));
    }
    let sentences = readable_sentences(raw, body, &mut warnings);
    let mentions: Vec<Vec<Mention>> = sentences
        .iter()
        .map(|s| country::mentions(&s.norm))
        .collect();
    let host = host_country(&sentences, &mentions, body);

    let stated_unknown = text::date_stated_unknown(raw);
    let (published, basis, date_note) = basis(date, stated_unknown, &sentences, options);

    let mut figures: Vec<(Candidate, bool)> = Vec::new();
    let mut targets: Vec<(TargetCandidate, bool)> = Vec::new();
    let mut ignored: Vec<Ignored> = Vec::new();
    let main = main_partner(&mentions, host);
    // The first foreign country named in the previous sentence ("China stands as one of
    // Kazakhstan's major trade partners. Last year, ...").
    let mut previous: Option<Party> = None;
    // The partner and the period of the latest figures, with the sentence they came from.
    let mut recent_partner: Option<(Party, usize)> = None;
    // The flow of the latest figure ("the same index", "this figure" refer to it).
    let mut recent_flow: Option<(Flow, usize)> = None;
    let mut recent_period: Option<(PeriodMention, usize)> = None;
    // The sentence of the latest country or regional total ("foreign trade turnover").
    let mut total_at: Option<usize> = None;
    // The latest "X is Y's trading partner": (Y, X) and its sentence.
    let mut pair_hint: Option<((Party, Party), usize)> = None;

    for (si, s) in sentences.iter().enumerate() {
        let ms = &mentions[si];
        let fresh_partner = recent_partner.filter(|(_, at)| si - at <= 2).map(|r| r.0);
        let fresh_period = recent_period
            .as_ref()
            .filter(|(_, at)| si - at <= 2)
            .map(|r| &r.0);
        // "the two countries" right after figures for one partner means that partner (an
        // article on Turkey, then Russia); otherwise the article's main partner.
        let context = if MAIN_PAIR_WORDS.is_match(&s.low) {
            fresh_partner
                .filter(|&p| Some(p) != host)
                .or(main)
                .or(previous)
        } else {
            previous.or(fresh_partner).or(main)
        };
        let found = sentence(
            s,
            ms,
            &Article {
                host,
                context,
                recent_trade: fresh_partner.is_some(),
                recent_flow: recent_flow.filter(|(_, at)| si - at <= 2).map(|r| r.0),
                pair_hint: pair_hint.filter(|(_, at)| si - at <= 2).map(|h| h.0),
                basis: &basis,
                carried: fresh_period,
                after_total: total_at.is_some_and(|at| at + 1 == si),
            },
        );
        // "This is 18.4 percent more than in the same period of 2023.": the rate of the
        // previous sentence's figure.
        if let Some(g) = found.follow_up_growth {
            let last = figures.iter_mut().rev().find(|(c, _)| c.value.is_some());
            match last {
                Some((c, _))
                    if c.growth_pct.is_none()
                        && recent_partner.is_some_and(|r| r.1 + 1 == si)
                        && COMPARED_YEAR.captures(&s.low).is_none_or(|y| {
                            c.period
                                .is_some_and(|p| y[1].parse::<i32>().ok() == Some(p.year() - 1))
                        }) =>
                {
                    c.growth_pct = Some(g.1);
                    push_note(
                        &mut c.note,
                        &format!("rate from the next sentence: \"{}\"", s.text),
                    );
                }
                _ => ignored.push(Ignored {
                    quote: s.text.clone(),
                    figure: g.0,
                    reason: "rate with no figure to attach to".into(),
                }),
            }
        }
        if let Some(f) = found.figures.last() {
            recent_partner = Some((f.pair.partner, si));
            recent_flow = Some((f.flow, si));
        }
        if let Some(p) = &found.period_used {
            recent_period = Some((p.clone(), si));
        } else if !found.figures.is_empty() || found.total {
            if let Some((_, at)) = recent_period.as_mut() {
                *at = si;
            }
        }
        if found.total {
            total_at = Some(si);
        }
        if let Some(&(subject, owner)) = partner_of(&s.low, ms).first() {
            pair_hint = Some(((owner, subject), si));
        }
        figures.extend(found.figures.into_iter().map(|f| (f, s.headline)));
        targets.extend(found.targets.into_iter().map(|t| (t, s.headline)));
        ignored.extend(found.ignored);
        previous = ms
            .iter()
            .find(|m| Some(m.party) != host)
            .map(|m| m.party)
            .or(if ms.is_empty() { previous } else { None });
    }

    Extraction {
        source: source.to_string(),
        published,
        reference_year: basis.year,
        date_note,
        host,
        figures: dedupe(drop_headline_repeats(figures), |a, b| {
            a.pair == b.pair
                && a.flow == b.flow
                && a.period == b.period
                && a.value == b.value
                && a.currency == b.currency
                && a.growth_pct == b.growth_pct
        }),
        targets: dedupe(targets, |a, b| {
            a.pair == b.pair
                && a.flow == b.flow
                && a.value == b.value
                && a.currency == b.currency
                && (a.deadline == b.deadline || a.deadline.is_none() || b.deadline.is_none())
        }),
        ignored,
        warnings,
    }
}

/// A headline figure that the body gives too (same pair and flow, a value within 5% or
/// the same rate: "trade hits $41bn" over "reached $41.2 billion") is dropped.
pub(super) fn drop_headline_repeats(items: Vec<(Candidate, bool)>) -> Vec<(Candidate, bool)> {
    let body: Vec<Candidate> = items
        .iter()
        .filter(|(_, h)| !h)
        .map(|(c, _)| c.clone())
        .collect();
    items
        .into_iter()
        .filter(|(c, headline)| {
            !headline
                || !body.iter().any(|b| {
                    b.pair == c.pair
                        && b.flow == c.flow
                        && match (b.value, c.value) {
                            (Some(x), Some(y)) => (x - y).abs() <= 0.05 * x.abs(),
                            (None, None) => b.growth_pct == c.growth_pct,
                            _ => false,
                        }
                })
        })
        .collect()
}

/// Drop repeats of a headline (a headline repeating the body, or the body repeating a
/// headline): keep the body's sentence over the headline's.
pub(super) fn dedupe<T: Clone>(items: Vec<(T, bool)>, same: impl Fn(&T, &T) -> bool) -> Vec<T> {
    let mut out: Vec<(T, bool)> = Vec::new();
    for (item, headline) in items {
        // Only a headline repeats: the same figure stated in two sentences of the body
        // (the lede and a quote) is two statements, one row each.
        if let Some(i) = out
            .iter()
            .position(|(o, h)| (*h || headline) && same(o, &item))
        {
            if out[i].1 && !headline {
                out[i] = (item, headline);
            }
            continue;
        }
        out.push((item, headline));
    }
    out.into_iter().map(|(t, _)| t).collect()
}
