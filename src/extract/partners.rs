//! Who reports and who is the partner: roles of the countries named in a sentence
//! ("exports from X to Y", "X's imports", "between X and Y", "imports of Russian goods",
//! "Turkey is Georgia's main trading partner"), the article's host country (the default
//! reporter) and main partner, and the partner carried from earlier sentences.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::country::{self, Mention};
use super::keywords::{Keyword, Topic};
use super::lists::list_pair;
use super::money::floor_char;
use super::scope::TOTAL;
use super::text::{push_note, Sentence};
use crate::obs::{Flow, Pair, Party};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Owner,
    Source,
    Dest,
    With,
    Plain,
}

/// Words after a possessive that name an institution or a person, not trade: "India's
/// Ministry of Commerce", "Georgia's president".
pub(super) static INSTITUTION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^'s?\s+(?:\w+\s+)?(?:ministry|minister|president|prime|government|embassy|ambassador|customs|statistics|statistical|agency|committee|bank|central|leader|capital|parliament|cabinet|office|service|news|media|press|foreign\s+minist\w+|national\s+(?:bank|statistics|statistical))(?-u:\b)").unwrap()
});

/// "Turkey is Georgia's main trading partner": the subject is the partner of the possessor.
/// Matched on the text after the subject; group 1 ends where the possessor's name ends.
pub(super) static IS_PARTNER_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:is|was|remains|remained|became|has\s+become|has\s+been|ranks?|ranked)\s+(?:still\s+|also\s+)?(?:the\s+)?([\w\s]*?)'s?\s+(?:\w+\s+){0,3}?(?:trade\s+|trading\s+|economic\s+|commercial\s+)?partners?(?-u:\b)").unwrap()
});

/// The possessor in "X is Y's (largest) trading partner", when Y is a country mention:
/// (subject X, possessor Y).
pub(super) fn partner_of(low: &str, mentions: &[Mention]) -> Vec<(Party, Party)> {
    partner_of_at(low, mentions)
        .into_iter()
        .map(|(s, o)| (s.party, o.party))
        .collect()
}

/// [`partner_of`] with the mentions themselves.
pub(super) fn partner_of_at(low: &str, mentions: &[Mention]) -> Vec<(Mention, Mention)> {
    let mut out = Vec::new();
    for m in mentions {
        if let Some(c) = IS_PARTNER_OF.captures(&low[m.end..]) {
            let end = m.end + c.get(1).map_or(0, |g| g.end());
            if let Some(o) = mentions.iter().find(|o| o.end == end && o.party != m.party) {
                out.push((*m, *o));
            }
        }
    }
    out
}

/// "Russian goods", "Chinese-made products": the goods' origin.
pub(super) static GOODS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:-made)?\s+(?:goods|products|commodities|merchandise)(?-u:\b)").unwrap()
});

pub(super) fn role(low: &str, m: &Mention, mentions: &[Mention], kws: &[Keyword]) -> Role {
    let before = low[..m.start].trim_end();
    let after = &low[m.end..];
    if partner_of(low, std::slice::from_ref(m)).is_empty()
        && IS_PARTNER_OF.is_match(after)
        && partner_of(low, mentions)
            .iter()
            .any(|(subject, _)| *subject == m.party)
    {
        return Role::With;
    }
    // "Kazakh-Chinese trade", "Kazakhstan-China trade": both are the pair, neither owns it.
    let joined = |a: &Mention, b: &Mention| a.end <= b.start && low[a.end..b.start].trim() == "-";
    if mentions.iter().any(|o| joined(o, m) || joined(m, o)) {
        return Role::Plain;
    }
    // "Kazakhstan and China's trade": the possessive covers both.
    let coordinated = mentions
        .iter()
        .any(|o| o.end <= m.start && low[o.end..m.start].trim() == "and");
    if coordinated {
        return Role::Plain;
    }
    if after.starts_with("'s") || after.starts_with("' ") {
        // "India's Ministry of Commerce", "Georgia's president": an institution's owner,
        // not the trade's.
        if INSTITUTION_AFTER.is_match(after) {
            return Role::Plain;
        }
        return Role::Owner;
    }
    // "imports of Russian goods", "exports of Chinese products": where the goods come from.
    if GOODS_AFTER.is_match(after) && (before.ends_with(" of") || before.ends_with(" for")) {
        return Role::Source;
    }
    // An adjective or name right before a flow word: "Kazakh exports", "China trade", also
    // with an adverb or auxiliary between ("Pakistan also exported", "Iran has imported").
    let next_kw = kws.iter().find(|k| k.start >= m.end);
    if let Some(k) = next_kw {
        let gap = &low[m.end..k.start];
        let adverbs = gap.split_whitespace().all(|w| {
            matches!(
                w,
                "also" | "only" | "alone" | "itself" | "has" | "have" | "had" | "mainly" | "mostly"
            )
        });
        if adverbs && matches!(k.topic, Topic::Trade(_)) {
            return Role::Owner;
        }
    }
    let last = before
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    let last = if last == "the" {
        let b = before.trim_end_matches("the").trim_end();
        b.rsplit(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("")
    } else {
        last
    };
    match last {
        "from" => Role::Source,
        "to" | "into" => Role::Dest,
        "with" => Role::With,
        _ => Role::Plain,
    }
}

pub(super) struct PairContext<'a> {
    pub(super) host: Option<Party>,
    pub(super) context: Option<Party>,
    pub(super) pair_hint: Option<(Party, Party)>,
    pub(super) low: &'a str,
    pub(super) mentions: &'a [Mention],
    pub(super) kws: &'a [Keyword],
}

/// Reporter and partner from the roles of the countries named in the figure's segment
/// ("X's exports to Y", "imports from X"), when the wording gives them, and the owner of
/// the flow ("X's exports"), if any.
fn named_sides(
    cx: &PairContext<'_>,
    flow: Flow,
    pos: usize,
    seg: (usize, usize),
) -> (Option<Party>, Option<Party>, Option<Party>) {
    let in_seg: Vec<(Mention, Role)> = cx
        .mentions
        .iter()
        .filter(|m| m.start >= seg.0.saturating_sub(30) && m.start < seg.1)
        .map(|m| (*m, role(cx.low, m, cx.mentions, cx.kws)))
        .collect();
    // The mention with role `r`; for owners, the nearest before the figure ("According to
    // India's data, Russia's exports ..."), else the first.
    let find = |r: Role| {
        let with_role = in_seg.iter().filter(|(_, rr)| *rr == r);
        let before = with_role.clone().rfind(|(m, _)| m.start < pos);
        match r {
            Role::Owner => before.or(with_role.clone().next()),
            _ => with_role.clone().next(),
        }
        .map(|(m, _)| m.party)
    };
    let (reporter, partner) = match flow {
        Flow::Exports => (
            find(Role::Owner).or(find(Role::Source)),
            find(Role::Dest).or(find(Role::With)),
        ),
        Flow::Imports => (
            find(Role::Owner).or(find(Role::Dest)),
            find(Role::Source).or(find(Role::With)),
        ),
        Flow::Turnover => (find(Role::Owner), None),
    };
    // "Georgia's exports to Armenia ..., while imports from Armenia ...": a flow with no
    // owner of its own belongs to the owner named earlier in the sentence.
    let reporter = reporter.or_else(|| {
        if flow == Flow::Turnover {
            return None;
        }
        // "Exports from Turkey to Russia ..., while imports from Russia ...": the exporter
        // of the earlier clause.
        let exporter = |m: &Mention| {
            cx.kws
                .iter()
                .rfind(|k| k.end <= m.start)
                .is_some_and(|k| k.topic == Topic::Trade(Flow::Exports))
        };
        cx.mentions
            .iter()
            .filter(|m| m.end <= seg.0 && Some(m.party) != partner)
            .rfind(|m| match role(cx.low, m, cx.mentions, cx.kws) {
                Role::Owner => true,
                Role::Source => exporter(m),
                _ => false,
            })
            .map(|m| m.party)
    });
    (reporter, partner, find(Role::Owner))
}

/// A partner named by description, meaning the country of the sentences before: "to the
/// Asian country", "with the neighbouring republic".
static ANAPHORIC_PARTNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:to|from|with)\s+(?:the|this|that)\s+(?:[a-z-]+\s+){0,2}(?:country|nation|republic|kingdom|state|neighbou?r)(?-u:\b)").unwrap()
});

/// A sentence that breaks down the previous figure: "Of this, Peru's exports ...".
static PART_OF_PREVIOUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\W*(?:of\s+(?:this|which|these|that|them|the\s+total|the\s+(?:said\s+)?(?:amount|volume|figure|turnover))|including|in\s+particular)(?-u:\b)").unwrap()
});

/// Decide reporter and partner for a figure at `pos` with `flow`, in segment `seg`.
pub(super) fn pair_for(
    cx: &PairContext<'_>,
    flow: Flow,
    pos: usize,
    seg: (usize, usize),
) -> Result<(Pair, String), String> {
    let mut note = String::new();
    let (mut reporter, mut partner, owner) = named_sides(cx, flow, pos, seg);
    // Other countries in the sentence, nearest to the figure first.
    let mut others: Vec<&Mention> = cx.mentions.iter().collect();
    others.sort_by_key(|m| {
        let d = if m.start <= pos {
            pos - m.start
        } else {
            (m.start - pos) * 2
        };
        (d, m.start)
    });
    let host = cx.host;
    if !joined_pair(cx.low, cx.mentions) {
        if let Some(found) = list_pair(cx.low, cx.mentions, pos, [reporter, host, cx.context]) {
            return Ok(found);
        }
    }
    // "Turkey was Georgia's biggest trade partner, with mutual trade turnover exceeding
    // $1.4 bln": the figure after the relation, no other country between, is that pair's.
    if partner.is_none() {
        let rel = partner_of_at(cx.low, cx.mentions)
            .into_iter()
            .find(|(_, o)| {
                o.end <= pos
                    && reporter.is_none_or(|r| r == o.party)
                    && !cx.mentions.iter().any(|x| x.start > o.end && x.start < pos)
            });
        if let Some((subject, owner)) = rel {
            reporter = Some(owner.party);
            partner = Some(subject.party);
        }
    }
    // No country in the sentence after "Turkey is Georgia's main trading partner.": that pair.
    if let (None, None, true, Some((r, p))) =
        (reporter, partner, cx.mentions.is_empty(), cx.pair_hint)
    {
        reporter = Some(r);
        partner = Some(p);
        push_note(
            &mut note,
            "pair from the previous sentence's \"partner of\"",
        );
    }
    if reporter.is_none() {
        reporter = match (host, partner) {
            (Some(h), Some(p)) if h != p => Some(h),
            (Some(h), None) => Some(h),
            // The partner is the host ("exports to Kazakhstan"): the other side reports,
            // else the article's other country ("imports of Russian goods" in a Russian
            // article about China).
            (Some(h), Some(_)) => others
                .iter()
                .map(|m| m.party)
                .find(|&p| p != h)
                .or(cx.context.filter(|&c| c != h)),
            (None, _) => others.first().map(|m| m.party),
        };
        // Two foreign countries and no host in the sentence: "trade between China and Russia".
        if flow == Flow::Turnover {
            let mut distinct: Vec<Party> = Vec::new();
            for m in cx.mentions {
                if !distinct.contains(&m.party) {
                    distinct.push(m.party);
                }
            }
            if host.is_some_and(|h| !distinct.contains(&h))
                && distinct.len() >= 2
                && joined_pair(cx.low, cx.mentions)
            {
                reporter = Some(distinct[0]);
                partner = Some(distinct[1]);
                note.push_str("pair from the sentence (host country not named in it)");
            }
        }
    }
    let Some(reporter) = reporter else {
        return Err("no reporting country found".into());
    };
    if partner.is_none() || partner == Some(reporter) {
        partner = others.iter().map(|m| m.party).find(|&p| p != reporter);
    }
    // "Kazakhstan's exports amounted to ...", no partner named, no "bilateral": the
    // country's own total, not trade with the partner of an earlier sentence.
    let own_total = owner.is_some_and(|o| Some(o) == host && o == reporter)
        && !MAIN_PAIR_WORDS.is_match(cx.low)
        && !PART_OF_PREVIOUS.is_match(cx.low)
        && !ANAPHORIC_PARTNER.is_match(&cx.low[seg.0..seg.1]);
    if partner.is_none() && own_total {
        return Err(format!(
            "{TOTAL}: {}'s own trade, no partner named",
            country::name(reporter)
        ));
    }
    if partner.is_none() {
        if let Some(c) = cx.context.filter(|&c| c != reporter) {
            partner = Some(c);
            push_note(
                &mut note,
                &format!(
                    "partner {} carried from an earlier sentence",
                    country::name(c)
                ),
            );
        }
    }
    let Some(partner) = partner else {
        return Err("no partner country: a country's total, not a pair".into());
    };
    Ok((Pair { reporter, partner }, note))
}

/// Two countries named as a pair: "between China and Russia", "China-Russia", "Chinese-Russian".
pub(super) fn joined_pair(low: &str, mentions: &[Mention]) -> bool {
    mentions.windows(2).any(|w| {
        let gap = low[w[0].end..w[1].start].trim();
        let before = low[..w[0].start].trim_end();
        gap == "-"
            || (matches!(gap, "and" | "and the")
                && (before.ends_with("between") || before.ends_with("between the")))
    })
}

pub(super) fn host_country(
    sentences: &[Sentence],
    mentions: &[Vec<Mention>],
    body: &str,
) -> Option<Party> {
    // Score and first appearance (a dateline city counts as appearing first).
    let mut score: BTreeMap<Party, (i32, usize)> = BTreeMap::new();
    let head = &body[..floor_char(body, body.len().min(300))];
    let dateline = country::dateline_city(head);
    if let Some(p) = dateline {
        score.entry(p).or_insert((0, 0)).0 += 2;
    }
    let mut order = 1usize;
    for (s, ms) in sentences.iter().zip(mentions) {
        for m in ms {
            let e = score.entry(m.party).or_insert((0, order));
            e.0 += 2;
            // "trade with Korea": the country after "with" is the other side.
            if s.low[..m.start].trim_end().ends_with(" with") {
                e.0 -= 1;
            }
            order += 1;
        }
    }
    // "X is one of Kazakhstan's major trade partners": the possessor is the host.
    static PARTNER_OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"'s\s+(?:\w+\s+){0,3}(?:trade|trading|economic|strategic)?\s*partners?(?-u:\b)")
            .unwrap()
    });
    for (s, ms) in sentences.iter().zip(mentions) {
        for c in PARTNER_OF.find_iter(&s.low) {
            if let Some(m) = ms.iter().rev().find(|m| m.end == c.start()) {
                score.entry(m.party).or_insert((0, usize::MAX)).0 += 3;
            }
        }
    }
    // "imports from Turkey", "exports from Georgia to Turkey": Turkey is the other side.
    static FLOW_OTHER_SIDE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?:(?:imports?|imported|import\w*|purchas\w+|goods|products|bought)\s+(?:\w+\s+){0,2}?from|(?:exports?|exported|shipped|supplied|sold)\s+(?:\w+\s+){0,4}?to)\s+(?:the\s+)?$").unwrap()
    });
    for (s, ms) in sentences.iter().zip(mentions) {
        for m in ms {
            if FLOW_OTHER_SIDE.is_match(&s.low[..m.start]) {
                score.entry(m.party).or_insert((0, usize::MAX)).0 -= 1;
            }
        }
    }
    // "talks with his Turkish counterpart": the counterpart is the other side.
    for (s, ms) in sentences.iter().zip(mentions) {
        for m in ms {
            if s.low[m.end..].starts_with(" counterpart") {
                score.entry(m.party).or_insert((0, usize::MAX)).0 -= 2;
            }
        }
    }
    // "Turkey is Georgia's main trading partner": Turkey is the other side.
    for (s, ms) in sentences.iter().zip(mentions) {
        for (subject, _) in partner_of(&s.low, ms) {
            score.entry(subject).or_insert((0, usize::MAX)).0 -= 1;
        }
    }
    // A visit's destination is the other side: "paid a working visit to Uzbekistan".
    static VISIT_TO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?:visit(?:ed|ing)?\s+(?:to\s+)?|arrived\s+in\s+|trip\s+to\s+|visit\s+of\s+[^,.]{0,60}?\s+to\s+)(?:the\s+)?(?:republic\s+of\s+)?$").unwrap()
    });
    for (s, ms) in sentences.iter().zip(mentions) {
        for m in ms {
            if VISIT_TO.is_match(&s.low[..m.start]) {
                score.entry(m.party).or_insert((0, usize::MAX)).0 -= 3;
            }
        }
        // "arrived in Baku", "visit to Tashkent": the city's country is the other side.
        for (at, p) in country::cities(&s.low) {
            if VISIT_TO.is_match(&s.low[..at]) {
                score.entry(p).or_insert((0, usize::MAX)).0 -= 3;
            }
        }
    }
    // The publisher's web domain: "primeminister.kz", "kazinform.kz".
    static DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)[a-z0-9-]+\.(kz|uz|az|ru|cn|kg|tj|tm|tr|by|ua|ge|am|mn)(?-u:\b)")
            .unwrap()
    });
    for c in DOMAIN.captures_iter(body) {
        if let Ok(p) = c[1].to_ascii_uppercase().parse::<Party>() {
            score.entry(p).or_insert((0, usize::MAX)).0 += 3;
        }
    }
    // A news agency's country, weighing little when a dateline places the story in another
    // country ("DUSHANBE, July 1. /TASS/.": a Russian agency reporting Tajikistan's figures).
    if let Some(p) = country::publisher(body) {
        let weight = if dateline.is_none_or(|d| d == p) {
            4
        } else {
            1
        };
        score.entry(p).or_insert((0, usize::MAX)).0 += weight;
    }
    score
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(p, _)| p)
}

/// Words that refer to the article's main pair: "bilateral", "mutual", "the two countries".
pub(super) static MAIN_PAIR_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:bilateral|mutual|(?:the|our)\s+(?:two\s+|both\s+)?(?:countries|states|nations|sides|parties)|both\s+(?:countries|states|sides)|between\s+(?:the\s+)?(?:two|our)\s+countries)(?-u:\b)").unwrap()
});

/// The most mentioned country other than the host: the article's main partner.
pub(super) fn main_partner(mentions: &[Vec<Mention>], host: Option<Party>) -> Option<Party> {
    let mut count: BTreeMap<Party, (usize, usize)> = BTreeMap::new();
    let mut order = 0;
    for m in mentions.iter().flatten() {
        if Some(m.party) == host {
            continue;
        }
        let e = count.entry(m.party).or_insert((0, order));
        e.0 += 1;
        order += 1;
    }
    count
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(p, _)| p)
}
