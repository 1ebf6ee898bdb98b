//! Whole records and the checks across them: an observation or a target from its fields, and
//! the links, duplicates and restatements between rows of one file.

use std::collections::HashMap;

use super::aim::parse_aim;
use super::fields::{
    check_currency, check_quote, parse_amount, parse_date_or_note, parse_field, parse_growth,
    parse_id, parse_pair, text_field, valid_id,
};
use super::problems::{bad, shorten, Sink};
use super::rates::observation_money;
use super::suggest::closest;
use super::table::Row;
use crate::obs::{Bound, Date, Flow, Observation, Pair, Period, Replaces, Side, Target, Trade};

/// One row of `observations.csv`; `rates` converts a figure in another currency (`None`:
/// rates.csv is invalid and already reported).
pub(super) fn observation(
    sink: &mut Sink,
    row: &Row,
    rates: Option<&[crate::obs::Rate]>,
) -> Option<Observation> {
    let before = sink.error_count();
    let id = parse_id(sink, row);
    let pair = parse_pair(sink, row);
    let flow = parse_field::<Flow>(sink, row, "flow", &["turnover", "exports", "imports"]);
    let period = parse_field::<Period>(sink, row, "period", &[]);
    let value = parse_amount(sink, row);
    let growth = parse_growth(sink, row);
    let money = observation_money(
        sink,
        row,
        (value.flatten(), growth.flatten()),
        period,
        rates,
    );
    let bound = parse_field::<Bound>(
        sink,
        row,
        "bound",
        &["exact", "approx", "at_least", "at_most"],
    );
    let published = parse_date_or_note(sink, row, "published");
    let source = text_field(sink, row, "source", "the source document");
    let quote = text_field(sink, row, "quote", "the sentence the figure comes from");
    let note = row.get("note").map(str::to_string);
    let reported_by = parse_side(sink, row, pair);

    let amount = row.get("amount").is_some_and(|a| !a.is_empty());
    if let (Some(None), Some(None), false) = (value, growth, amount) {
        sink.error(
            Some(row.line),
            Some("value_usd"),
            "neither value_usd nor growth_pct is given: a row needs a level, a growth rate, or both"
                .into(),
        );
    }
    if let (Some(None), Some(b), false) = (value, bound, amount) {
        if b != Bound::Exact {
            sink.error(
                Some(row.line),
                Some("bound"),
                format!(
                    "bound {b} on a row with no value_usd: a bound describes a level, so a \
                     growth-only row has bound exact"
                ),
            );
        }
    }
    if let (Some(p), Some(Some(d))) = (period, published) {
        check_period_against_date(sink, row, p, d);
    }
    if let Some(q) = &quote {
        check_quote(sink, row, q);
    }
    if sink.error_count() > before {
        return None;
    }
    let (value_usd, growth, converted) = money?;
    Some(Observation {
        id: id?,
        pair: pair?,
        flow: flow?,
        period: period?,
        value_usd,
        growth,
        bound: bound?,
        published: published?,
        source: source?,
        quote: quote?,
        note: note?,
        line: row.line,
        reported_by: reported_by?,
        converted,
    })
}

/// `reported_by`: a code of the pair, `unknown`, or blank (also when the column is absent).
pub(super) fn parse_side(sink: &mut Sink, row: &Row, pair: Option<Pair>) -> Option<Side> {
    let Some(text) = row.get("reported_by") else {
        return Some(Side::Unknown);
    };
    let codes = |p: Pair| {
        format!(
            "{} for {}'s own statistics, {} for {}'s mirror figure, or unknown",
            p.reporter, p.reporter, p.partner, p.partner
        )
    };
    if matches!(
        text.to_ascii_lowercase().as_str(),
        "reporter" | "partner" | "own" | "mirror"
    ) {
        let hint = pair.map_or(
            "the code of the country whose statistics give the figure".into(),
            codes,
        );
        sink.error(
            Some(row.line),
            Some("reported_by"),
            bad(text, format!("a country code, not a role: write {hint}")),
        );
        return None;
    }
    let side = parse_field::<Side>(sink, row, "reported_by", &[])?;
    if let (Side::Of(code), Some(p)) = (side, pair) {
        if !p.contains(code) {
            sink.error(
                Some(row.line),
                Some("reported_by"),
                bad(
                    text,
                    format!("one of the pair's codes ({p}): write {}", codes(p)),
                ),
            );
            return None;
        }
    }
    Some(side)
}

pub(super) fn check_period_against_date(
    sink: &mut Sink,
    row: &Row,
    period: Period,
    published: Date,
) {
    let (start, end) = (period.start(), period.end());
    let at = (published.year(), published.month());
    if at < start {
        sink.error(
            Some(row.line),
            Some("period"),
            bad(
                &period.to_string(),
                format!(
                    "a period that began by the publication date {published}: a figure cannot be \
                     reported before its period starts (a goal for the future belongs in targets.csv)"
                ),
            ),
        );
    } else if end.is_some_and(|end| at <= end) {
        sink.warn(
            Some(row.line),
            Some("period"),
            format!(
                "period {period} had not ended by the publication date {published}: is this a \
                 forecast or a preliminary figure? say so in note"
            ),
        );
    }
}

pub(super) fn parse_deadline(sink: &mut Sink, row: &Row) -> Option<Option<i32>> {
    let text = row.get("deadline")?;
    super::fields::parse_year_field(
        sink,
        row,
        "deadline",
        text,
        "blank (no deadline stated) or a four-digit year between 1900 and 2200, e.g. 2030",
    )
}

pub(super) fn target(sink: &mut Sink, row: &Row) -> Option<Target> {
    let before = sink.error_count();
    let id = parse_id(sink, row);
    let pair = parse_pair(sink, row);
    let flow = parse_field::<Flow>(sink, row, "flow", &["turnover", "exports", "imports"]);
    let value = parse_amount(sink, row);
    // A relative target's currency is checked with its factor (it must be blank).
    let relative = row.get("factor").is_some_and(|f| !f.is_empty());
    let currency_ok = relative || check_currency(sink, row, value);
    let deadline = parse_deadline(sink, row);
    let stated = parse_date_or_note(sink, row, "stated");
    let aim = parse_aim(sink, row, value, stated);
    let source = text_field(sink, row, "source", "the source document");
    let quote = text_field(sink, row, "quote", "the sentence stating the target");
    let note = row.get("note").map(str::to_string);
    let replaces = parse_replaces(sink, row);
    if let (Some(Some(d)), Some(Some(s))) = (deadline, stated) {
        if d < s.year() {
            sink.warn(
                Some(row.line),
                Some("deadline"),
                format!(
                    "deadline {d} is before the year the target was stated ({s}): is the \
                     deadline a typo?"
                ),
            );
        }
    }
    if let Some(q) = &quote {
        check_quote(sink, row, q);
    }
    if sink.error_count() > before || !currency_ok {
        return None;
    }
    Some(Target {
        id: id?,
        pair: pair?,
        flow: flow?,
        aim: aim?,
        deadline: deadline?,
        stated: stated?,
        source: source?,
        quote: quote?,
        note: note?,
        line: row.line,
        replaces: replaces?,
    })
}

/// `replaces`: blank (inferred), `none`, or the id of an earlier target.
pub(super) fn parse_replaces(sink: &mut Sink, row: &Row) -> Option<Replaces> {
    let Some(text) = row.get("replaces") else {
        return Some(Replaces::Inferred);
    };
    match text {
        "" => Some(Replaces::Inferred),
        "none" => Some(Replaces::Nothing),
        id if valid_id(id) => Some(Replaces::Target(id.to_string())),
        other => {
            sink.error(
                Some(row.line),
                Some("replaces"),
                bad(
                    other,
                    "blank (inferred), none, or the id of the earlier target this one replaces or \
                     restates, e.g. t001",
                ),
            );
            None
        }
    }
}

/// Cross-row checks of `replaces`: the id exists, is another target of the same trade, and the
/// links have no cycle. Then a warning for likely duplicates: targets of the same trade whose
/// values are within 2%, from different sources, not linked by `replaces`.
pub(super) fn check_target_links(sink: &mut Sink, targets: &[Target]) {
    let by_id: HashMap<&str, &Target> = targets.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut ids: Vec<&str> = by_id.keys().copied().collect();
    ids.sort_unstable();
    for t in targets {
        let Replaces::Target(id) = &t.replaces else {
            continue;
        };
        let Some(old) = by_id.get(id.as_str()) else {
            let hint =
                closest(id, &ids).map_or(String::new(), |s| format!("; did you mean {s:?}?"));
            sink.error(
                Some(t.line),
                Some("replaces"),
                format!(
                    "{} replaces {:?}, which is not a target id in this file{hint}: give the id of the \
                     earlier target, or leave replaces blank",
                    t.id,
                    shorten(id)
                ),
            );
            continue;
        };
        if old.id == t.id {
            sink.error(
                Some(t.line),
                Some("replaces"),
                format!(
                    "{} replaces itself: give the id of an earlier target, or leave replaces blank",
                    t.id
                ),
            );
            continue;
        }
        if Trade::of(old.pair, old.flow) != Trade::of(t.pair, t.flow) {
            sink.error(
                Some(t.line),
                Some("replaces"),
                format!(
                    "{} ({} {}) replaces {} ({} {}, line {}), a target for another trade: a target \
                     can only replace one for the same pair and flow",
                    t.id, t.pair, t.flow, old.id, old.pair, old.flow, old.line
                ),
            );
        }
    }
    // Cycles: follow each chain; coming back to the start means a loop.
    for t in targets {
        let mut at = t;
        for _ in 0..targets.len() {
            let Replaces::Target(id) = &at.replaces else {
                break;
            };
            let Some(next) = by_id.get(id.as_str()) else {
                break;
            };
            if next.id == at.id {
                break; // replaces itself: reported above
            }
            at = next;
            if at.id == t.id {
                sink.error(
                    Some(t.line),
                    Some("replaces"),
                    format!(
                        "{}'s replaces links come back to it (a loop): each link must point to an \
                         earlier target",
                        t.id
                    ),
                );
                break;
            }
        }
    }
    for (j, b) in targets.iter().enumerate() {
        for a in &targets[..j] {
            let linked = a.replaces == Replaces::Target(b.id.clone())
                || b.replaces == Replaces::Target(a.id.clone())
                || a.replaces == Replaces::Nothing
                || b.replaces == Replaces::Nothing;
            if linked
                || a.source == b.source
                || Trade::of(a.pair, a.flow) != Trade::of(b.pair, b.flow)
                || !crate::tolerance::same_aim(&a.aim, &b.aim)
            {
                continue;
            }
            sink.warn(
                Some(b.line),
                Some("replaces"),
                format!(
                    "{} ({} {} {}) looks like {} on line {} restated in another source (values \
                     within 2%), but the two are not linked: set replaces to {} on the later one \
                     to make them one target with two sources, or to none if they are different goals",
                    b.id,
                    b.pair,
                    b.flow,
                    crate::fmt::aim(&b.aim),
                    a.id,
                    a.line,
                    a.id
                ),
            );
        }
    }
}

pub(super) fn check_duplicate_ids(sink: &mut Sink, ids: &[(Option<String>, usize)]) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (id, line) in ids {
        let (Some(id), line) = (id.as_deref(), *line) else {
            continue;
        };
        if let Some(&l) = first.get(id) {
            sink.error(
                Some(line),
                Some("id"),
                format!(
                    "duplicate id {:?}: already used on line {l}; ids must be unique (lines {l} and {line})",
                    shorten(id)
                ),
            );
        } else {
            first.insert(id, line);
        }
    }
}

pub(super) fn check_duplicate_figures(sink: &mut Sink, observations: &[Observation]) {
    // The trade, not the pair as written: `KZ-KG` and `KG-KZ` turnover are one figure.
    type Key<'a> = (Trade, Side, Period, Option<u64>, Option<u64>, &'a str);
    let mut first: HashMap<Key, (usize, &str)> = HashMap::new();
    for o in observations {
        let key = (
            Trade::of(o.pair, o.flow),
            o.reported_by,
            o.period,
            o.value_usd.map(f64::to_bits),
            o.growth.map(f64::to_bits),
            o.source.as_str(),
        );
        if let Some((line, id)) = first.get(&key) {
            sink.warn(
                Some(o.line),
                None,
                format!(
                    "{} repeats the figure of {id} on line {line} (same trade, side, period, \
                     value, growth and source): remove one",
                    o.id
                ),
            );
        } else {
            first.insert(key, (o.line, &o.id));
        }
    }
}
