//! One sentence, in stages: find its amounts and rates; decide each amount's fate (trade
//! figure, target, or ignored with a reason: see [`super::scope`], [`super::intent`],
//! [`super::keywords`]); attach rates to amounts; build figures and targets with their
//! pair ([`super::partners`]) and period ([`super::period`]); merge a lone rate with its
//! level.

use super::article::Basis;
use super::country::Mention;
use super::intent::*;
use super::keywords::*;
use super::lists::list_partner;
use super::money::{self, bound_before, ceil_char, Growth, Money};
use super::partners::*;
use super::period::{self, clause, period_for, PeriodMention};
use super::relative::{self, GoalContext};
use super::scope::*;
use super::text::{push_note, Sentence};
use super::{Candidate, Ignored, TargetCandidate};
use crate::obs::{Bound, Flow, Party, Period};

pub(super) struct Article<'a> {
    pub(super) host: Option<Party>,
    pub(super) context: Option<Party>,
    /// A trade figure was found in the last two sentences.
    pub(super) recent_trade: bool,
    /// The flow of the latest figure in the last two sentences: what "the same index",
    /// "this figure" refer to.
    pub(super) recent_flow: Option<Flow>,
    /// Reporter and partner from a recent "X is Y's main trading partner" sentence.
    pub(super) pair_hint: Option<(Party, Party)>,
    pub(super) basis: &'a Basis,
    pub(super) carried: Option<&'a PeriodMention>,
    /// The previous sentence gave a country's or a region's total.
    pub(super) after_total: bool,
}

#[derive(Default)]
pub(super) struct Found {
    pub(super) figures: Vec<Candidate>,
    pub(super) targets: Vec<TargetCandidate>,
    pub(super) ignored: Vec<Ignored>,
    pub(super) period_used: Option<PeriodMention>,
    /// A rate in a sentence of its own ("This is 18.4 percent more than ..."): as written,
    /// and in percent.
    pub(super) follow_up_growth: Option<(String, f64)>,
    /// An amount was a country's or a region's total (its parts may follow).
    pub(super) total: bool,
}

/// What became of one amount or rate.
pub(super) enum Fate {
    Figure,
    Target,
    Ignored(String),
}

/// What one sentence's stages share: the sentence, its article, and what was found in it.
struct Cx<'a> {
    s: &'a Sentence,
    a: &'a Article<'a>,
    low: &'a str,
    mentions: &'a [Mention],
    kws: Vec<Keyword>,
    moneys: Vec<Money>,
    growths: Vec<Growth>,
    periods: Vec<PeriodMention>,
    /// A cumulative or multi-year phrase ("since 2005", "over five years").
    multi: Option<String>,
    /// A region is named (not inside a country's name, as "South Africa").
    has_region: bool,
    /// A country other than the host is named.
    foreign_named: bool,
}

impl Cx<'_> {
    /// A region word inside a country's name ("South Africa") is the country.
    fn not_country(&self, r: &regex::Match<'_>) -> bool {
        !self
            .mentions
            .iter()
            .any(|m| m.start < r.end() && r.start() < m.end)
    }

    /// A region named after the last foreign country before `pos` governs it: "trade with
    /// Central Asian countries amounted to $9 billion, of which Uzbekistan ...".
    fn region_governs(&self, pos: usize) -> bool {
        // Only named regions and "foreign trade" compete with a country named earlier;
        // "in the region", "global" are descriptions.
        let region = REGION
            .find_iter(&self.low[..pos])
            .filter(|m| {
                self.not_country(m)
                    && !matches!(
                        m.as_str(),
                        "the region" | "regional" | "world" | "global" | "worldwide"
                    )
            })
            .last()
            .map(|m| m.end());
        let country = self
            .mentions
            .iter()
            .rev()
            .find(|m| m.end <= pos && Some(m.party) != self.a.host)
            .map(|m| m.end);
        match (region, country) {
            (Some(r), Some(c)) => r > c,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }

    fn pair_cx(&self) -> PairContext<'_> {
        PairContext {
            host: self.a.host,
            context: self.a.context,
            pair_hint: self.a.pair_hint,
            low: self.low,
            mentions: self.mentions,
            kws: &self.kws,
        }
    }

    fn ignore(&self, found: &mut Found, what: &str, reason: &str) {
        found.ignored.push(Ignored {
            quote: self.s.text.clone(),
            figure: what.to_string(),
            reason: reason.to_string(),
        });
    }
}

/// Read one sentence: its figures, targets and ignored amounts (see the module doc for
/// the stages).
pub(super) fn sentence(s: &Sentence, mentions: &[Mention], a: &Article<'_>) -> Found {
    let mut found = Found::default();
    if let Some(c) = prepare(s, mentions, a, &mut found) {
        stages(&c, &mut found);
    }
    // "Double trade by 2030": a goal with a factor instead of an amount.
    if found.targets.is_empty() {
        let g = GoalContext {
            host: a.host,
            context: a.context,
            pair_hint: a.pair_hint,
            recent_trade: a.recent_trade,
            basis: a.basis,
        };
        if let Some(t) = relative::goal(s, mentions, &g) {
            found
                .ignored
                .retain(|i| i.reason != PLANNED_RATE || i.quote != s.text);
            found.targets.push(t);
        }
    }
    found
}

/// Why an amount in another currency followed by its dollar equivalent is not the figure.
const EQUIVALENT_USED: &str =
    "the text gives this amount in US dollars right after, and that is used";

/// Why a rate after goal or forecast wording is not a figure.
const PLANNED_RATE: &str = "planned or forecast change, not a reported rate";

/// Stages 1 to 5 on a sentence with amounts or rates.
fn stages(c: &Cx<'_>, found: &mut Found) {
    let fates = decide_amounts(c);
    found.total = fates
        .iter()
        .any(|(_, f, _)| matches!(f, Fate::Ignored(r) if r.starts_with(TOTAL)));
    if found.total {
        found.period_used = c.periods.first().cloned();
    }
    let comparison = comparisons(c.low, &fates);
    let (growth_of, lone_growths) = attach_rates(c, &fates, &comparison, found);
    emit(c, &fates, &comparison, &growth_of, lone_growths, found);
    merge_lone_rates(found);
}

/// Stage 0: find amounts, rates, keywords and periods; `None` when the sentence has no
/// figure to read (or only a follow-up rate, recorded in `found`).
fn prepare<'a>(
    s: &'a Sentence,
    mentions: &'a [Mention],
    a: &'a Article<'a>,
    found: &mut Found,
) -> Option<Cx<'a>> {
    // Most sentences hold no number at all: skip the pattern searches for them.
    let digits = s.low.bytes().any(|b| b.is_ascii_digit());
    let words = [
        "billion", "million", "trillion", "doubl", "tripl", "trebl", "quadrupl", "halved", "fold",
        "times",
    ];
    if !digits && !words.iter().any(|w| s.low.contains(w)) {
        return None;
    }
    let mut moneys = money::money(&s.norm);
    let growths = money::growth(&s.low);
    if moneys.is_empty() && growths.is_empty() {
        return None;
    }
    let low = s.low.as_str();
    let mut kws = keywords(low, mentions);
    // Amounts without a currency count only after a flow word ("exports amounted to 2.5
    // billion") or in a list ("Italy - 95.2 million"), never "a population of 1.4 billion".
    let bare: Vec<Money> = money::bare_amounts(&s.norm, &moneys)
        .into_iter()
        .filter(|b| {
            governing(&kws, b.start)
                .is_some_and(|(_, k)| k.start <= b.start && matches!(k.topic, Topic::Trade(_)))
                || list_partner(low, mentions, b.start).is_some()
        })
        .collect();
    if !bare.is_empty() {
        moneys.extend(bare);
        moneys.sort_by_key(|m| m.start);
    }
    if let Some(flow) = a.recent_flow {
        kws.extend(anaphora(low, flow));
        kws.sort_by_key(|k| k.start);
    }
    // "Among the partners of Kazakhstan, Italy is first with $8.1 billion, ...": a list of
    // partners with amounts and no other keyword is a list of trade turnovers.
    if kws.is_empty()
        && moneys
            .iter()
            .any(|m| list_partner(low, mentions, m.start).is_some())
    {
        kws = partner_words(low);
    }
    if moneys.is_empty() && growths.len() == 1 && kws.is_empty() && FOLLOW_UP.is_match(low) {
        let g = &growths[0];
        found.follow_up_growth = Some((s.norm[g.start..g.end].to_string(), g.pct));
        return None;
    }
    let periods = period::periods(low);
    let mut c = Cx {
        s,
        a,
        low,
        mentions,
        kws,
        moneys,
        growths,
        multi: period::multi_year(low, &periods),
        periods,
        has_region: false,
        foreign_named: mentions.iter().any(|m| Some(m.party) != a.host),
    };
    c.has_region = REGION.find_iter(low).any(|r| c.not_country(&r));
    Some(c)
}

/// Stage 1: decide each amount's fate, with the keyword that governs it.
fn decide_amounts(c: &Cx<'_>) -> Vec<(Money, Fate, Governing)> {
    let low = c.low;
    let mut fates: Vec<(Money, Fate, Governing)> = Vec::new();
    // Where each amount's lead starts: after the previous amount, or with it when the two
    // are "from $X to $Y" (the wording before $X governs both).
    let mut lead_los: Vec<usize> = Vec::new();
    for (mi, m) in c.moneys.iter().enumerate() {
        let lead_lo = match mi.checked_sub(1).map(|i| (i, &c.moneys[i])) {
            None => 0,
            Some((i, prev)) if FROM_TO_GAP.is_match(&low[prev.end..m.start]) => lead_los[i],
            Some((_, prev)) => prev.end,
        };
        lead_los.push(lead_lo);
        let lead = &low[lead_lo..m.start];
        // "increase trade from $9.5 billion to $30 billion": $9.5 billion is the level now.
        let start_of_plan = COMPARISON_MONEY.is_match(&low[..m.start])
            && low[..m.start].trim_end().ends_with("from")
            && c.moneys
                .get(mi + 1)
                .is_some_and(|n| FROM_TO_GAP.is_match(&low[m.end..n.start]))
            && TARGET_STRONG.is_match(lead)
            // "agreed to double trade from the current $9.2 billion", "to triple trade to
            // $15 billion by 2020 from $5 billion in 2015": the level the goal starts from.
            || FROM_BASE.is_match(&low[..m.start])
                && (TARGET_STRONG.is_match(&low[..m.start]) || TARGET_VERB.is_match(&low[..m.start]));
        let gov = flow_after(&c.kws, low, m.end).or_else(|| governing(&c.kws, m.start));
        let fate = amount_fate(c, mi, lead, gov, start_of_plan);
        fates.push((m.clone(), fate, gov));
    }
    fates
}

/// The fate of amount `mi`: a trade figure, a target, or ignored with the reason.
/// `lead` is the text since the previous amount (or since "from $X to" for "$Y").
fn amount_fate(c: &Cx<'_>, mi: usize, lead: &str, gov: Governing, start_of_plan: bool) -> Fate {
    let (low, kws, a, m) = (c.low, &c.kws, c.a, &c.moneys[mi]);
    let after = &low[m.end..ceil_char(low, (m.end + 60).min(low.len()))];
    if m.value < 1e6 || PER_UNIT.is_match(after) {
        return Fate::Ignored("a price or a small amount, not a trade total".into());
    }
    if ABSOLUTE_CHANGE.is_match(&low[..m.start]) {
        return Fate::Ignored("a change in value, not a level".into());
    }
    // "US$ 10 billion (almost R$ 50 billion)": the same amount in another currency.
    // "2.4 trillion won (about $2.4 billion)": the dollar amount the text gives is the figure.
    if m.currency != "USD"
        && c.moneys
            .get(mi + 1)
            .is_some_and(|n| n.currency == "USD" && EQUIVALENT_GAP.is_match(&low[m.end..n.start]))
    {
        return Fate::Ignored(format!("{EQUIVALENT_USED} ({})", m.currency));
    }
    if mi > 0 && EQUIVALENT_GAP.is_match(&low[c.moneys[mi - 1].end..m.start]) {
        let prev = &c.moneys[mi - 1];
        if m.currency != "USD" || prev.currency == "USD" {
            return Fate::Ignored(
                "the previous amount in another unit, not a second figure".into(),
            );
        }
    }
    if let Some(c) = OTHER_AFTER_MONEY.captures(after) {
        return Fate::Ignored(other_reason(&c).to_string());
    }
    // "of which Kazakh exports accounted for $1.1 billion" is a component, "with crude
    // oil accounting for $45 billion" a commodity's part.
    let part_of_total = PART_OF_TOTAL.find(&low[..m.start]).is_some_and(|p| {
        !kws.iter().any(|k| {
            matches!(k.topic, Topic::Trade(_))
                && k.end <= p.start()
                && low[k.end..p.start()].split_whitespace().count() <= 1
        })
    });
    if part_of_total {
        return Fate::Ignored(
            "a part of the total (\"accounting for\"), not the pair's total".into(),
        );
    }
    if let Some(scope) = partial_scope(low, lead, after) {
        return Fate::Ignored(format!("partial scope (\"{scope}\"), not the pair's total"));
    }
    let goal_words = (TARGET_STRONG.is_match(lead) || TARGET_VERB.is_match(lead))
        && TARGET_LEAD_IN.is_match(&low[..m.start]);
    let Some((_, kw)) = gov else {
        // "The two leaders aim for $100 billion by 2020", "increase the figure to
        // $1bn", right after a trade figure: a goal for that trade.
        if a.recent_trade
            && (TARGET_AFTER.is_match(after) || (goal_words && !FORECAST.is_match(lead)))
        {
            return Fate::Target;
        }
        if OFFER.is_match(lead) || OFFER_AFTER.is_match(after) {
            return Fate::Ignored("offer or potential, not a reported level or a target".into());
        }
        return Fate::Ignored("no trade word in the sentence".into());
    };
    if let Topic::Other(r) = kw.topic {
        return Fate::Ignored(r.to_string());
    }
    if let Some(p) = product_of(low, &kw, m.start) {
        return Fate::Ignored(format!("product-level figure ({p}), not the pair's total"));
    }
    // "the $100 bln target", "set to reach their $5 billion goal", "will cross the
    // $N target before the deadline": a goal, whatever the verb.
    if TARGET_AFTER.is_match(after) {
        return Fate::Target;
    }
    let strong = TARGET_STRONG.is_match(lead);
    let verb = TARGET_VERB.is_match(lead);
    let lead_in = TARGET_LEAD_IN.is_match(&low[..m.start]);
    if (strong || verb) && lead_in {
        if !strong && FORECAST.is_match(lead) {
            return Fate::Ignored("forecast, not a reported level".into());
        }
        if !strong && (OFFER.is_match(lead) || OFFER_AFTER.is_match(after)) {
            return Fate::Ignored("offer or potential, not a reported level or a target".into());
        }
        return Fate::Target;
    }
    if start_of_plan {
        return Fate::Figure;
    }
    if FORECAST.is_match(lead) {
        return Fate::Ignored("forecast, not a reported level".into());
    }
    if strong {
        return Fate::Ignored("plan or intention, not a reported level".into());
    }
    if OFFER.is_match(lead) || OFFER_AFTER.is_match(after) {
        return Fate::Ignored("offer or potential, not a reported level or a target".into());
    }
    if c.has_region && (!c.foreign_named || c.region_governs(m.start)) {
        return Fate::Ignored(TOTAL.into());
    }
    if a.after_total && !c.foreign_named && !MAIN_PAIR_WORDS.is_match(low) {
        return Fate::Ignored(format!("{TOTAL} (continues the previous sentence)"));
    }
    if let Some(span) = &c.multi {
        let own = period_for(low, &c.periods, &c.moneys, (m.start, m.end))
            .is_some_and(|p| !p.is_relative() || p.span != period::Span::Part);
        if !own {
            return Fate::Ignored(format!("cumulative or multi-year total (\"{span}\")"));
        }
    }
    Fate::Figure
}

/// Earlier values a figure is compared with ("up from $4 billion"): they get their own
/// period, or the main figure's a year earlier, and never the rate.
/// A value compared with a figure of another flow ("$11.2 billion in imports compared to
/// $2.5 billion in exports") is a figure of its own, for the same period.
fn comparisons(low: &str, fates: &[(Money, Fate, Governing)]) -> Vec<bool> {
    let topic = |g: &Governing| g.map(|(_, k)| k.topic);
    fates
        .iter()
        .map(|(m, f, gov)| {
            matches!(f, Fate::Figure)
                && COMPARISON_MONEY.is_match(&low[..m.start])
                && fates.iter().any(|(o, of, ogov)| {
                    o.start != m.start && matches!(of, Fate::Figure) && topic(ogov) == topic(gov)
                })
        })
        .collect()
}

/// A rate with no amount of its own: the rate, its keyword and the keyword's index.
type LoneRate = (Growth, Keyword, usize);

/// Stage 2: attach each rate to an amount of the same segment (the rate of amount `i` in
/// the first vector), or keep it standing alone (the second).
fn attach_rates(
    c: &Cx<'_>,
    fates: &[(Money, Fate, Governing)],
    comparison: &[bool],
    found: &mut Found,
) -> (Vec<Option<f64>>, Vec<LoneRate>) {
    let (low, kws, s) = (c.low, &c.kws, c.s);
    let ignore = |found: &mut Found, what: &str, reason: &str| c.ignore(found, what, reason);
    let mut growth_of: Vec<Option<f64>> = vec![None; c.moneys.len()];
    let mut lone_growths: Vec<LoneRate> = Vec::new();
    for g in &c.growths {
        let figure_text = &s.norm[g.start..g.end];
        let Some((ki, kw)) = governing(kws, g.start) else {
            ignore(found, figure_text, "no trade word in the sentence");
            continue;
        };
        let seg = segment(kws, ki, low.len());
        let same: Vec<usize> = fates
            .iter()
            .enumerate()
            .filter(|(i, _)| !comparison[*i])
            .filter(|(_, (m, _, gov))| {
                gov.is_some_and(|(i, _)| i == ki) || (m.start >= seg.0 && m.start < seg.1)
            })
            .map(|(i, _)| i)
            .collect();
        if let Some(&i) = same
            .iter()
            .min_by_key(|&&i| fates[i].0.start.abs_diff(g.start))
        {
            // An amount in another currency stands for the dollar equivalent after it.
            let i = match &fates[i].1 {
                Fate::Ignored(r) if r.starts_with(EQUIVALENT_USED) => i + 1,
                _ => i,
            };
            match &fates[i].1 {
                Fate::Figure if growth_of[i].is_none() => growth_of[i] = Some(g.pct),
                Fate::Figure => ignore(found, figure_text, "second rate for one amount"),
                Fate::Target => ignore(found, figure_text, "part of a target"),
                Fate::Ignored(r) => {
                    let r = r.clone();
                    ignore(found, figure_text, &r)
                }
            }
            continue;
        }
        if let Topic::Other(r) = kw.topic {
            ignore(found, figure_text, r);
            continue;
        }
        if let Some(p) = product_of(low, &kw, g.start) {
            ignore(
                found,
                figure_text,
                &format!("product-level rate ({p}), not the pair's total"),
            );
            continue;
        }
        let lead = &low[..g.start];
        if FORECAST.is_match(lead) || TARGET_STRONG.is_match(lead) || TARGET_VERB.is_match(lead) {
            ignore(found, figure_text, PLANNED_RATE);
            continue;
        }
        if c.has_region && (!c.foreign_named || c.region_governs(g.start)) {
            ignore(found, figure_text, "regional or world rate, not a pair");
            found.total = true;
            continue;
        }
        lone_growths.push((g.clone(), kw, ki));
    }
    if c.multi.is_some() {
        for g in growth_of.iter_mut() {
            if let Some(pct) = g.take() {
                ignore(
                    found,
                    &format!("{pct}%"),
                    "change over several years, not year on year",
                );
            }
        }
        for (g, _, _) in lone_growths.drain(..) {
            ignore(
                found,
                &s.norm[g.start..g.end],
                "change over several years, not year on year",
            );
        }
    }

    (growth_of, lone_growths)
}

/// Stage 3: one figure from an amount (`value`) and/or a rate (`pct`) at `pos`..`pos_end`,
/// governed by keyword `kw`; `compared_with` is the main figure's position when the amount
/// is an earlier value it is compared with. Errs with the reason it is not a figure.
fn build_figure(
    c: &Cx<'_>,
    has_turnover_figure: bool,
    (pos, pos_end): (usize, usize),
    kw: Governing,
    (value, pct): (Option<&Money>, Option<f64>),
    compared_with: Option<usize>,
    found: &mut Found,
) -> Result<(), String> {
    let (low, kws, s) = (c.low, &c.kws, c.s);
    let (ki, kw) = kw.ok_or("no trade word in the sentence")?;
    let Topic::Trade(flow) = kw.topic else {
        return Err("not trade".into());
    };
    let seg = segment(kws, ki, low.len());
    let (pair, pair_note) = pair_for(&c.pair_cx(), flow, pos, seg)?;
    let (period, mut note, used) = figure_period(c, pair, (pos, pos_end), compared_with)?;
    if used.is_some() {
        found.period_used = used;
    }
    if let Some(m) = value {
        let (bound, words) = bound_before(&s.norm[..m.start]);
        match bound {
            Bound::AtLeast => push_note(&mut note, &format!("\"{words}\" = lower bound")),
            Bound::AtMost => push_note(&mut note, &format!("\"{words}\" = upper bound")),
            Bound::Approx => push_note(&mut note, &format!("\"{words}\" = approximate")),
            Bound::Exact => {}
        }
        if m.currency != "USD" {
            push_note(
                &mut note,
                &format!(
                    "amount in {0}, not converted to US dollars: proposed in the amount column; \
                     the loader converts it at the {0} rate of its period from rates.csv",
                    m.currency
                ),
            );
        }
        if let Some(stated) = dollar_equivalent_of(c, m) {
            push_note(
                &mut note,
                &format!(
                    "the dollar equivalent the text gives for {} {}",
                    crate::fmt::usd(stated.value),
                    stated.currency
                ),
            );
        }
        if m.currency_from_context {
            push_note(
                &mut note,
                &format!(
                    "no currency written: {} taken from the sentence's other amounts",
                    m.currency
                ),
            );
        }
        if flow != Flow::Turnover && has_turnover_figure {
            push_note(
                &mut note,
                "component of the turnover figure in the same sentence",
            );
        }
        if let Some(g) = pct {
            // A rate against a year other than the one before: not year on year.
            if let (Some(per), Some(c)) = (period, COMPARED_YEAR.captures(low)) {
                let y: i32 = c[1].parse().unwrap_or(0);
                if y != per.year() - 1 {
                    push_note(
                        &mut note,
                        &format!("rate {g}% is against {y}, not the year before: dropped"),
                    );
                    push_note(&mut note, &pair_note);
                    found.figures.push(Candidate {
                        pair,
                        flow,
                        period,
                        value: Some(m.value),
                        currency: m.currency.into(),
                        growth_pct: None,
                        bound,
                        quote: s.text.clone(),
                        note,
                    });
                    return Ok(());
                }
            }
        }
        push_note(&mut note, &pair_note);
        found.figures.push(Candidate {
            pair,
            flow,
            period,
            value: Some(m.value),
            currency: m.currency.into(),
            growth_pct: pct,
            bound,
            quote: s.text.clone(),
            note,
        });
    } else {
        push_note(&mut note, "growth only, no level");
        push_note(&mut note, &pair_note);
        found.figures.push(Candidate {
            pair,
            flow,
            period,
            value: None,
            currency: "USD".into(),
            growth_pct: pct,
            bound: Bound::Exact,
            quote: s.text.clone(),
            note,
        });
    }
    Ok(())
}

/// The amount in another currency that a dollar amount `m` follows as its equivalent
/// ("2.4 trillion won (about $2.4 billion)").
fn dollar_equivalent_of<'c>(c: &'c Cx<'_>, m: &Money) -> Option<&'c Money> {
    if m.currency != "USD" {
        return None;
    }
    c.moneys
        .iter()
        .rev()
        .find(|p| p.end <= m.start)
        .filter(|p| p.currency != "USD" && EQUIVALENT_GAP.is_match(&c.low[p.end..m.start]))
}

/// The period of a figure at `pos`..`pos_end`, with a note saying how it was decided, and
/// the period phrase used (carried to the next sentences). An earlier value compared with
/// whose period cannot be told is proposed without one.
fn figure_period(
    c: &Cx<'_>,
    pair: crate::obs::Pair,
    (pos, pos_end): (usize, usize),
    compared_with: Option<usize>,
) -> Result<(Option<Period>, String, Option<PeriodMention>), String> {
    let (low, a) = (c.low, c.a);
    let (periods, moneys) = (&c.periods, &c.moneys);
    let mut used = None;
    let mut note = String::new();
    let (pm, carried_note, shift) = if let Some(main) = compared_with {
        let (lo, hi) = clause(low, pos);
        let own = periods
            .iter()
            .filter(|p| p.start >= lo && p.end <= hi && !p.is_relative())
            .min_by_key(|p| p.start.abs_diff(pos));
        match own {
            Some(p) => (Some(p), "earlier value compared with", false),
            None => (
                period_for(low, periods, moneys, (main, main)).or(a.carried),
                "earlier value compared with: the main figure's period a year earlier",
                true,
            ),
        }
    } else {
        match period_for(low, periods, moneys, (pos, pos_end)) {
            Some(p) => (Some(p), "", false),
            None => (
                a.carried,
                "period carried over from the previous sentence",
                false,
            ),
        }
    };
    let mut period = pm.and_then(|p| p.resolve(a.basis.year));
    // A fiscal year's months follow the convention of a party of the pair.
    let mut fiscal_note = String::new();
    match pm.and_then(|p| p.fiscal(pair)) {
        Some(Ok((p, words))) => (period, fiscal_note) = (Some(p), words),
        // Proposed without a period, like any period that cannot be resolved: the note says
        // which months to write.
        Some(Err(why)) => fiscal_note = why,
        None => {}
    }
    // "January-October" with no year, in an article of January 2024: the months have
    // not happened yet this year, so they are last year's.
    let mut future_note = "";
    if let (Some(p), Some(Period::Months { year, first, last }), Some(month)) =
        (pm, period, a.basis.month)
    {
        if p.year.is_none() && Some(year) == a.basis.year && last > month {
            period = Some(Period::Months {
                year: year - 1,
                first,
                last,
            });
            future_note = "months later than the publication date: taken as the previous year";
        }
    }
    if shift {
        match period.and_then(|p| p.year_earlier()) {
            Some(p) => period = Some(p),
            // Still a level of the pair ("from $1.57 billion in FY24", "from $32.94 million
            // to ..."): proposed without a period, like any figure whose period is not known.
            None => {
                push_note(
                    &mut note,
                    "earlier value compared with: its period is not known (write it by hand)",
                );
                return Ok((None, note, None));
            }
        }
    }
    match (pm, period) {
        (Some(p), Some(per)) => {
            push_note(&mut note, carried_note);
            push_note(&mut note, future_note);
            if !fiscal_note.is_empty() {
                push_note(&mut note, &fiscal_note);
            } else if p.is_relative() {
                push_note(
                    &mut note,
                    &format!("\"{}\" resolved against {}", p.phrase, a.basis.words),
                );
            } else if !matches!(per, Period::Year(_)) {
                push_note(&mut note, &format!("\"{}\" = {}", p.phrase, per.describe()));
            }
            if let Period::PartYear(_) = per {
                push_note(&mut note, "months not stated");
            }
            used = Some(p.clone());
        }
        (Some(_), None) if !fiscal_note.is_empty() => push_note(&mut note, &fiscal_note),
        (Some(p), None) => push_note(
            &mut note,
            &format!(
                "\"{}\" unresolved: no date line and no year in the text",
                p.phrase
            ),
        ),
        (None, _) => push_note(&mut note, "period not stated"),
    }
    Ok((period, note, used))
}

/// Stage 4: figures and targets from the amounts' fates, then figures from the lone rates.
fn emit(
    c: &Cx<'_>,
    fates: &[(Money, Fate, Governing)],
    comparison: &[bool],
    growth_of: &[Option<f64>],
    lone_growths: Vec<LoneRate>,
    found: &mut Found,
) {
    let (low, s) = (c.low, c.s);
    let ignore = |found: &mut Found, what: &str, reason: &str| c.ignore(found, what, reason);
    let has_turnover_figure = fates.iter().any(|(_, f, gov)| {
        matches!(f, Fate::Figure)
            && gov.is_some_and(|(_, k)| k.topic == Topic::Trade(Flow::Turnover))
    });
    let main_pos = |pos: usize| {
        fates
            .iter()
            .zip(comparison)
            .filter(|((_, f, _), c)| matches!(f, Fate::Figure) && !**c)
            .map(|((m, _, _), _)| m.start)
            .min_by_key(|p| p.abs_diff(pos))
    };
    for (i, (m, fate, gov)) in fates.iter().enumerate() {
        let text = &s.norm[m.start..m.end];
        match fate {
            Fate::Ignored(r) => ignore(found, text, r),
            Fate::Figure => {
                let compared_with = if comparison[i] {
                    main_pos(m.start)
                } else {
                    None
                };
                if let Err(r) = build_figure(
                    c,
                    has_turnover_figure,
                    (m.start, m.end),
                    *gov,
                    (Some(m), growth_of[i]),
                    compared_with,
                    found,
                ) {
                    ignore(found, text, &r);
                }
            }
            Fate::Target => {
                // No trade word: a goal for the trade of the sentences before.
                let (flow, seg) = match gov {
                    Some((ki, kw)) => (
                        match kw.topic {
                            Topic::Trade(f) => f,
                            Topic::Other(_) => Flow::Turnover,
                        },
                        segment(&c.kws, *ki, low.len()),
                    ),
                    None => (Flow::Turnover, (0, low.len())),
                };
                match pair_for(&c.pair_cx(), flow, m.start, seg) {
                    Ok((pair, pair_note)) => {
                        let (deadline, mut note) = deadline(low, c.a.basis.year);
                        push_note(&mut note, &pair_note);
                        if m.currency != "USD" {
                            push_note(
                                &mut note,
                                &format!("amount in {}, not converted to US dollars", m.currency),
                            );
                        }
                        found.targets.push(TargetCandidate {
                            pair,
                            flow,
                            value: Some(m.value),
                            currency: m.currency.into(),
                            factor: None,
                            base_year: None,
                            deadline,
                            quote: s.text.clone(),
                            note,
                        });
                    }
                    Err(r) => ignore(found, text, &format!("target without a pair: {r}")),
                }
            }
        }
    }
    for (g, kw, ki) in lone_growths {
        if let Err(r) = build_figure(
            c,
            has_turnover_figure,
            (g.start, g.end),
            Some((ki, kw)),
            (None, Some(g.pct)),
            None,
            found,
        ) {
            ignore(found, &s.norm[g.start..g.end], &r);
        }
    }
}

/// Stage 5: a rate standing alone and a level without one, same pair, flow and period, in
/// one sentence: one figure.
fn merge_lone_rates(found: &mut Found) {
    let mut i = 0;
    while i < found.figures.len() {
        let f = &found.figures[i];
        if f.value.is_none() {
            let twin = found.figures.iter().position(|o| {
                o.value.is_some()
                    && o.growth_pct.is_none()
                    && o.pair == f.pair
                    && o.flow == f.flow
                    && o.period == f.period
            });
            if let Some(j) = twin {
                let g = f.growth_pct;
                found.figures[j].growth_pct = g;
                found.figures.remove(i);
                continue;
            }
        }
        i += 1;
    }
}
