//! The rules that turn sentences into figures, targets and ignored amounts.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::country::{self, Mention};
use super::money::{self, bound_before, ceil_char, floor_char, Growth, Money};
use super::period::{self, PeriodMention};
use super::text::{self, DateSource, Sentence};
use super::{Candidate, Extraction, Ignored, Options, TargetCandidate};
use crate::obs::{Bound, Flow, Pair, Party, Period};

// ---------------------------------------------------------------------------------------
// Keywords: what an amount or a rate is about.

/// What a keyword says an amount is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Topic {
    /// A trade flow.
    Trade(Flow),
    /// Not trade; the reason.
    Other(&'static str),
}

#[derive(Debug, Clone, Copy)]
struct Keyword {
    start: usize,
    end: usize,
    topic: Topic,
}

static FLOW_KW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:exports?\s+and\s+imports?|imports?\s+and\s+exports?|trad(?:e|ing)\s+operations|(?:trade|trading)\s+partners?|trade\s+turnover|trade\s+volumes?|volumes?\s+of\s+(?:mutual\s+|bilateral\s+)?trade|mutual\s+trade|bilateral\s+trade|trade\s+exchanges?|commodity\s+turnover|goods\s+turnover|trade|turnover|export\s+supplies|exports?|exported|shipped|imports?|imported|traded)(?-u:\b)").unwrap()
});

/// Words after "trade"/"export"/"import" that make it not a flow ("trade partner",
/// "export potential").
static NOT_FLOW_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:-\s*|and\s+)?(?:economic|partner\w*|relations?|ties|cooperation|procedures?|potential|missions?|fairs?|representative\w*|houses?|zones?|agreements?|barriers?|polic\w+|facilitation|routes?|corridors?|cent(?:er|re)s?|organi[sz]ation|union|wars?|deals?|shows?|offices?|minist\w+|blocs?|disputes?|restrictions?|regimes?|rules|logistics|hubs?|platforms?|council|commission|opportunit\w+|links|networks?|infrastructure|sector|finance|financing|mechanisms?|expo|exhibitions?|forums?|bank|-?oriented|credits?|controls?|bans?|licen\w+|duties|duty|tariffs?|quotas?|capacity|capabilities|geography|destinations?|markets?|diversification|range|items|nomenclature|basket|structure|substitution|houses|missions|companies|firms|representation|attach\w+|and\s+investment\s+partner|surplus|deficit|balance|gap|contracts?|orders?)(?-u:\b)").unwrap()
});
static NOT_FLOW_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?-u:\b)free|(?-u:\b)world|(?-u:\b)e-|(?-u:\b)electronic|(?-u:\b)fair|(?-u:\b)illegal|(?-u:\b)main|(?-u:\b)major|(?-u:\b)largest|(?-u:\b)key|(?-u:\b)important|(?-u:\b)strategic)\s*$").unwrap()
});
static TRANSPORT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:cargo|freight|passenger|container|retail|transit|rail(?:way)?|port|transportation|staff)\s+$").unwrap()
});

static OTHER_KW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?P<inv>invest\w*|fdi)|(?P<proj>projects?|portfolio)|(?P<jobs>jobs|workplaces|employment)|(?P<firms>companies|enterprises|firms|joint\s+ventures)|(?P<fin>loans?|credit\s+lines?|financing|grants?|aid|assistance|funds?|funding)|(?P<deal>contracts?|agreements?|deals|memorand\w+|orders)|(?P<macro>gdp|budget|revenues?|reserves|debts?|capitali[sz]ation|profits?|income|tax\w*|wages?|salar\w+|pensions?|prices?)|(?P<tour>touris\w+)|(?P<prod>production|output|harvest)|(?P<trans>cargo|freight|transit|containers?|transportation|shipping)|(?P<rem>remittances)|(?P<bal>surplus|deficit|balance))(?-u:\b)").unwrap()
});

fn other_reason(c: &regex::Captures<'_>) -> &'static str {
    for (name, reason) in [
        ("inv", "investment, not trade"),
        ("proj", "project portfolio, not trade"),
        ("jobs", "jobs, not trade"),
        ("firms", "companies, not trade"),
        ("fin", "financing, not trade"),
        ("deal", "value of contracts or agreements, not trade"),
        ("macro", "economic or fiscal aggregate, not trade"),
        ("tour", "tourism, not trade"),
        ("prod", "production, not trade"),
        ("trans", "transport volume, not trade"),
        ("rem", "remittances, not trade"),
        ("bal", "trade balance, not a flow"),
    ] {
        if c.name(name).is_some() {
            return reason;
        }
    }
    "not trade"
}

/// "$24 billion in Chinese investments", "$2.6 billion of investment projects".
static OTHER_AFTER_MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:in|of|worth\s+of|for|as|into)\s+(?:[\w'-]+\s+){0,2}?(?:(?P<inv>invest\w*|fdi)|(?P<proj>projects?)|(?P<fin>loans?|credits?|grants?|aid|financing|funding)|(?P<deal>contracts?|deals|agreements?))(?-u:\b)").unwrap()
});

/// "turnover of the Khorgos free zone": a company's, a zone's or a market's turnover.
static TURNOVER_OF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+of\s+(?:the\s+)?([a-z-]+)").unwrap());

fn keywords(low: &str, mentions: &[Mention]) -> Vec<Keyword> {
    let mut out = Vec::new();
    for m in FLOW_KW.find_iter(low) {
        let w = m.as_str();
        let after = &low[m.end()..];
        let before = &low[..m.start()];
        let single = !w.contains(char::is_whitespace);
        if single && !w.starts_with("turnover") && NOT_FLOW_AFTER.is_match(after) {
            continue;
        }
        if w == "trade" && NOT_FLOW_BEFORE.is_match(before) {
            continue;
        }
        let turnover_of_other = w == "turnover"
            && TURNOVER_OF.captures(after).is_some_and(|c| {
                let word = c.get(1).expect("group 1");
                let at = m.end() + word.start();
                let general = [
                    "trade",
                    "goods",
                    "mutual",
                    "bilateral",
                    "foreign",
                    "commodities",
                    "two",
                    "both",
                    // "a turnover of about $9.9 billion": the amount follows.
                    "about",
                    "around",
                    "some",
                    "nearly",
                    "almost",
                    "over",
                    "more",
                    "approximately",
                    "roughly",
                    "just",
                    "less",
                    "us",
                    "usd",
                ];
                !general.contains(&word.as_str()) && !mentions.iter().any(|x| x.start == at)
            });
        let topic = if w.contains("turnover") && TRANSPORT_BEFORE.is_match(before) {
            Topic::Other("transport or retail volume, not trade")
        } else if turnover_of_other {
            Topic::Other("turnover of a company, zone or market, not trade between countries")
        } else if w.contains("export") && w.contains("import") {
            Topic::Trade(Flow::Turnover)
        } else if w.contains("export") || w == "shipped" {
            Topic::Trade(Flow::Exports)
        } else if w.contains("import") {
            Topic::Trade(Flow::Imports)
        } else {
            Topic::Trade(Flow::Turnover)
        };
        out.push(Keyword {
            start: m.start(),
            end: m.end(),
            topic,
        });
    }
    for c in OTHER_KW.captures_iter(low) {
        let m = c.get(0).expect("group 0");
        out.push(Keyword {
            start: m.start(),
            end: m.end(),
            topic: Topic::Other(other_reason(&c)),
        });
    }
    out.sort_by_key(|k| k.start);
    out
}

/// A keyword and its index, when one governs an amount or a rate.
type Governing = Option<(usize, Keyword)>;

/// The keyword governing position `pos`: the last one starting before it, else the first.
fn governing(kws: &[Keyword], pos: usize) -> Governing {
    let i = kws
        .iter()
        .rposition(|k| k.start <= pos)
        .or(if kws.is_empty() { None } else { Some(0) })?;
    Some((i, kws[i]))
}

/// "$2.4 billion in exports", "$1.6 billion from imports": a flow word right after the
/// amount governs it, whatever came before.
fn flow_after(kws: &[Keyword], low: &str, end: usize) -> Governing {
    static IN_FLOW: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:in|from|of|worth\s+of)\s+(?:\w+\s+)?(?:exports?|imports?)(?-u:\b)")
            .unwrap()
    });
    let m = IN_FLOW.find(&low[end..])?;
    let at = end + m.end();
    kws.iter()
        .position(|k| k.end == at && matches!(k.topic, Topic::Trade(_)))
        .map(|i| (i, kws[i]))
}

/// The byte range of keyword `i`'s segment: from the sentence start (first keyword) or
/// the keyword, to the next keyword.
fn segment(kws: &[Keyword], i: usize, len: usize) -> (usize, usize) {
    let lo = if i == 0 { 0 } else { kws[i].start };
    let hi = kws.get(i + 1).map_or(len, |k| k.start);
    (lo, hi)
}

// ---------------------------------------------------------------------------------------
// Product-level figures.

const PRODUCTS: &[&str] = &[
    "wheat",
    "grain",
    "grains",
    "flour",
    "oil",
    "oils",
    "crude",
    "petroleum",
    "gas",
    "lng",
    "lpg",
    "coal",
    "uranium",
    "metal",
    "metals",
    "metallurgical",
    "steel",
    "copper",
    "zinc",
    "lead",
    "aluminum",
    "aluminium",
    "iron",
    "ore",
    "ores",
    "gold",
    "silver",
    "ferroalloys",
    "ferrous",
    "meat",
    "beef",
    "lamb",
    "mutton",
    "poultry",
    "chicken",
    "pork",
    "fish",
    "dairy",
    "milk",
    "fruit",
    "fruits",
    "vegetables",
    "vegetable",
    "cotton",
    "textile",
    "textiles",
    "agricultural",
    "agri-food",
    "agrifood",
    "agro-industrial",
    "agro",
    "food",
    "foodstuffs",
    "fertilizer",
    "fertilizers",
    "fertilisers",
    "chemical",
    "chemicals",
    "machinery",
    "machine-building",
    "equipment",
    "car",
    "cars",
    "vehicles",
    "automobiles",
    "auto",
    "electricity",
    "energy",
    "sunflower",
    "barley",
    "rice",
    "sugar",
    "tobacco",
    "timber",
    "wood",
    "pharmaceutical",
    "pharmaceuticals",
    "medicines",
    "drugs",
    "services",
    "service",
    "non-oil",
    "non-resource",
    "non-commodity",
    "non-primary",
    "non-energy",
    "processed",
    "manufactured",
    "mineral",
    "minerals",
    "livestock",
    "cattle",
    "leather",
    "wool",
    "honey",
    "eggs",
    "potatoes",
    "onions",
    "apples",
    "tomatoes",
    "grapes",
    "nuts",
    "cereals",
    "oilseeds",
    "flax",
    "rapeseed",
    "soybeans",
    "soy",
    "cement",
    "plastics",
    "rubber",
    "paper",
    "furniture",
    "clothing",
    "apparel",
    "footwear",
    "electronics",
    "smartphones",
    "arms",
    "weapons",
    "military",
    "e-commerce",
    "hydrocarbons",
    "hydrocarbon",
    "commodity",
    "raw",
];
const GENERAL: &[&str] = &[
    "goods",
    "products",
    "commodities",
    "merchandise",
    "goods and services",
];

static OF_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+(?:of|in)\s+(?:the\s+)?([a-z-]+)(?:\s+([a-z-]+))?").unwrap());

/// "wheat exports", "exports of grain", "trade in agricultural products": a product, not
/// the pair's total. Returns the product word.
fn product_of(low: &str, kw: &Keyword, upto: usize) -> Option<String> {
    if matches!(kw.topic, Topic::Other(_)) {
        return None;
    }
    let before: Vec<&str> = low[..kw.start]
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    // "in the oil and gas sector, where trade reached ...": a sector's trade.
    static SECTOR_WHERE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?:sector|industry|sphere|field|area|segment)s?\s*,?\s+(?:where|in\s+which)\s+(?:[a-z-]+\s+){0,2}$").unwrap()
    });
    if SECTOR_WHERE.is_match(&low[..kw.start]) {
        return Some("a sector".to_string());
    }
    let kw_text = &low[kw.start..kw.end];
    // "commodity turnover" is the Russian-style name of goods trade, not a product.
    if !kw_text.contains("commodity") {
        for w in before.iter().rev().take(2) {
            if *w == "and" || *w == "of" {
                continue;
            }
            if PRODUCTS.contains(w) {
                return Some((*w).to_string());
            }
            break;
        }
    }
    if let Some(c) = OF_AFTER.captures(&low[kw.end..]) {
        let w1 = c.get(1).map_or("", |m| m.as_str());
        let w2 = c.get(2).map_or("", |m| m.as_str());
        if GENERAL.contains(&w1) {
            return None;
        }
        for w in [w1, w2] {
            if PRODUCTS.contains(&w) && !GENERAL.contains(&w) {
                return Some(w.to_string());
            }
        }
    }
    // "exported 12 million tons of grain worth $2.4 billion": a product between the flow word
    // and the figure, up to the first comma or verb ("exports to China, mainly oil, reached").
    if upto > kw.end {
        for w in
            low[kw.end..upto].split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ','))
        {
            if w.contains(',') || VERBS.contains(&w) {
                break;
            }
            if PRODUCTS.contains(&w) {
                return Some(w.to_string());
            }
        }
    }
    None
}

/// Verbs that end the noun phrase of a flow word ("exports of grain reached").
const VERBS: &[&str] = &[
    "reached",
    "amounted",
    "totaled",
    "totalled",
    "was",
    "were",
    "is",
    "are",
    "grew",
    "increased",
    "rose",
    "stood",
    "exceeded",
    "surpassed",
    "fell",
    "decreased",
    "declined",
    "hit",
    "topped",
    "reaching",
    "amounting",
    "totaling",
    "totalling",
    "made",
    "came",
    "accounted",
];

// ---------------------------------------------------------------------------------------
// Targets, forecasts, offers, regions.

static TARGET_STRONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:targets?|targeted|targeting|goals?|objectives?|aims?|aimed|aiming|tasks?|tasked|plans?|planned|planning|intends?|intended|intention|seeks?|seeking|strive\w*|agreed|agree|agreement\s+to|commit\w*|instructed|instruct\w*|ambitio\w+|determined\s+to|hop(?:e|es|ed|ing)\s+(?:that|to)|roadmap|set\s+(?:a|the)\s+(?:\w+\s+)?(?:target|goal|task))(?-u:\b)").unwrap()
});
static TARGET_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)to\s+(?:further\s+|jointly\s+|significantly\s+|gradually\s+)?(?:increase|raise|bring|boost|expand|grow|take|lift|double|triple|elevate|scale\s+up|ramp\s+up)(?-u:\b)").unwrap()
});
/// What a target amount is preceded by: "to", "up to", "the level of", "of", "reach".
static TARGET_LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?-u:\b)to|(?-u:\b)up\s+to|(?-u:\b)of|(?-u:\b)at|(?-u:\b)reach\w*|(?-u:\b)achiev\w*|(?-u:\b)hit\w*|(?-u:\b)exceed\w*|(?-u:\b)is|(?-u:\b)be|(?-u:\b)for)\s+(?:the\s+)?(?:level\s+of\s+|mark\s+of\s+|figure\s+of\s+|threshold\s+of\s+)?(?:about\s+|around\s+|some\s+|at\s+least\s+|over\s+)?$").unwrap()
});
static FORECAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)expect(?:s|ed|ing)?\s+(?:\w+\s+){0,4}?to\s+(?:hit|reach|exceed|surpass|top|cross|grow|rise|increase|total|amount|double|be)(?-u:\b)|(?-u:\b)(?:expected|forecast\w*|projected|predicted|anticipated|likely|poised|estimated)\s+to(?-u:\b)|(?-u:\b)(?:could|may|might|will|would|can|shall)\s+(?:\w+\s+){0,2}?(?:reach|exceed|amount|total|grow|increase|rise|surpass|top|hit|be|double|triple|climb)(?-u:\b)|(?-u:\b)(?:forecasts?|projections?|outlook|prognos\w+)(?-u:\b)").unwrap()
});
static OFFER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:readiness|ready\s+to|willing\w*|potential|opportunit\w+|possibilit\w+|possible|prospects?|additional|extra)(?-u:\b)").unwrap()
});
static OFFER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:on|in|for|across|covering)\s+\d+\s+(?:\w+\s+)?(?:items|positions|products|tariff\s+lines|commodities)(?-u:\b)").unwrap()
});
/// A goal named right after its amount: "the $100 bln target", "the $30-billion-by-2025
/// target", "their $5 billion trade goal".
static TARGET_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\s-]*by[\s-]+(?:19|20)\d\d)?[\s-]*(?:(?:bilateral|mutual|trade|turnover|annual)\s+){0,2}(?:targets?|goals?)(?-u:\b)").unwrap()
});

/// Between the two amounts of "from $X to $Y".
static FROM_TO_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s.]*(?:\([^)]*\)\s*)?(?:in\s+\S+\s+|last\s+year\s+)?to\s+(?:the\s+)?(?:level\s+of\s+|mark\s+of\s+)?(?:about\s+|around\s+|over\s+)?$").unwrap()
});

/// "with crude oil accounting for about $45 billion": a part of a total.
static PART_OF_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:accounting|accounts?|accounted)\s+for\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|over\s+|more\s+than\s+)?$").unwrap()
});

/// Trade with a part left out: "excluding diamonds", "without oil", "non-oil trade".
static SCOPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?:excluding|excluded|without|except(?:\s+for)?|not\s+counting|not\s+including|net\s+of)\s+(?:the\s+)?[a-z][a-z-]+|non-[a-z]+(?:\s+\w+)?\s+(?:trade|exports?|imports?|turnover))").unwrap()
});

/// The partial scope that governs an amount: written in its lead (since the previous amount),
/// right after it, or opening the sentence ("Excluding diamonds, trade ... $229 million, up
/// from $94 million": both amounts).
fn partial_scope(low: &str, lead: &str, after: &str) -> Option<String> {
    static OPENING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\W*(?:\w+\s+){0,3}?$").unwrap());
    if let Some(m) = SCOPE.find(lead) {
        return Some(m.as_str().to_string());
    }
    // "$100 billion in bilateral trade, excluding oil": after the amount, before any other
    // number or clause of its own.
    if let Some(m) = SCOPE.find(after) {
        let gap = &after[..m.start()];
        if !gap.bytes().any(|b| b.is_ascii_digit() || b == b';')
            && !gap.contains(" while ")
            && !gap.contains(" whereas ")
        {
            return Some(m.as_str().to_string());
        }
    }
    SCOPE
        .find(low)
        .filter(|m| OPENING.is_match(&low[..m.start()]))
        .map(|m| m.as_str().to_string())
}

/// Prices and other per-unit amounts: "$80 per barrel".
static PER_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:per|a|/|for\s+(?:a|one|each))\s*(?:ton|tonne|barrel|kg|kilogram|unit|head|capita|cubic|square|liter|litre|mwh|kwh|month|day|hour|person)").unwrap()
});
/// An earlier value a figure is compared with: "up from $4 billion", "against $3.5 billion".
static COMPARISON_MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:from|against|versus|vs\.?|than|compared\s+(?:to|with)|in\s+comparison\s+with)\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+)?$").unwrap()
});
/// Why a country's or a region's total is not used.
const TOTAL: &str = "regional or world total, not a pair";

/// "increased by $160 million": a change, not a level.
static ABSOLUTE_CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:increas\w*|grew|grow\w*|rose|ris\w*|decreas\w*|fell|fall\w*|declin\w*|dropp?\w*|up|down|added|adding|lost|jump\w*|expanded|shr[au]nk|contracted)\s+by\s+(?:about\s+|around\s+|almost\s+|nearly\s+|more\s+than\s+|over\s+)?$|(?-u:\b)(?:an?\s+)?(?:increase|growth|rise|decrease|decline|drop|reduction|fall)\s+of\s+(?:about\s+|around\s+|almost\s+|nearly\s+|more\s+than\s+|over\s+)?$").unwrap()
});

/// A sentence that only gives the rate of the previous one.
static FOLLOW_UP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:this|that|it|which)\s+(?:is|was|represents|represented|means|meant|marks|marked)(?-u:\b)").unwrap()
});
static REGION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:central\s+asia\w*|eaeu|eurasian\s+economic\s+union|cis|commonwealth\s+of\s+independent\s+states|asean|sco|shanghai\s+cooperation\s+organi[sz]ation|brics|gcc|gulf\s+(?:states|countries)|africa\w*|middle\s+east\w*|latin\s+america\w*|south\s+caucasus|turkic\s+states|the\s+region|regional|world|global|worldwide|(?:foreign|external|overall|total|aggregate)\s+trade|with\s+(?:all\s+)?(?:other\s+)?(?:foreign\s+)?countries|countries\s+of|(?:member|partner)\s+(?:states|countries))(?-u:\b)").unwrap()
});
static DEADLINE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:by|until|till|before|through)[\s-]+(?:the\s+end\s+of\s+)?(?:the\s+year\s+)?((?:19|20)\d\d)(?-u:\b)").unwrap()
});
static DEADLINE_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:in|for)\s+((?:19|20)\d\d)(?-u:\b)").unwrap());
static DEADLINE_THIS_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)by\s+the\s+end\s+of\s+(?:this|the\s+current|the)\s+year(?-u:\b)").unwrap()
});
static DEADLINE_WITHIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:in|within|over)\s+(?:the\s+)?(?:next|coming)?\s*(\w+)\s+years(?-u:\b)")
        .unwrap()
});
static COMPARED_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:compared\s+(?:to|with)|against|than(?:\s+in)?|from|over|versus)\s+(?:the\s+same\s+period\s+(?:of|in)\s+)?((?:19|20)\d\d)(?-u:\b)").unwrap()
});

fn small_number(w: &str) -> Option<i32> {
    Some(match w {
        "one" | "1" => 1,
        "two" | "2" => 2,
        "three" | "3" => 3,
        "four" | "4" => 4,
        "five" | "5" => 5,
        "six" | "6" => 6,
        "seven" | "7" => 7,
        "eight" | "8" => 8,
        "nine" | "9" => 9,
        "ten" | "10" => 10,
        "fifteen" | "15" => 15,
        "twenty" | "20" => 20,
        _ => return None,
    })
}

/// The deadline year of a target sentence, with a note when it is computed.
fn deadline(low: &str, reference: Option<i32>) -> (Option<i32>, String) {
    if let Some(c) = DEADLINE_BY.captures(low) {
        return (c[1].parse().ok(), String::new());
    }
    if DEADLINE_THIS_YEAR.is_match(low) {
        return match reference {
            Some(y) => (Some(y), format!("\"by the end of the year\" = {y}")),
            None => (None, "\"by the end of the year\": year unknown".into()),
        };
    }
    if let Some(c) = DEADLINE_WITHIN.captures(low) {
        if let Some(n) = small_number(&c[1]) {
            return match reference {
                Some(y) => (Some(y + n), format!("\"{}\" counted from {y}", c[0].trim())),
                None => (None, format!("\"{}\": start year unknown", c[0].trim())),
            };
        }
    }
    for c in DEADLINE_IN.captures_iter(low) {
        let y: i32 = c[1].parse().unwrap_or(0);
        if reference.is_none_or(|r| y > r) {
            return (Some(y), String::new());
        }
    }
    (None, "no deadline stated".into())
}

// ---------------------------------------------------------------------------------------
// Pairs.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Owner,
    Source,
    Dest,
    With,
    Plain,
}

/// Words after a possessive that name an institution or a person, not trade: "India's
/// Ministry of Commerce", "Georgia's president".
static INSTITUTION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^'s?\s+(?:\w+\s+)?(?:ministry|minister|president|prime|government|embassy|ambassador|customs|statistics|statistical|agency|committee|bank|central|leader|capital|parliament|cabinet|office|service|news|media|press|foreign\s+minist\w+|national\s+(?:bank|statistics|statistical))(?-u:\b)").unwrap()
});

/// "Turkey is Georgia's main trading partner": the subject is the partner of the possessor.
/// Matched on the text after the subject; group 1 ends where the possessor's name ends.
static IS_PARTNER_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:is|was|remains|remained|became|has\s+become|has\s+been|ranks?|ranked)\s+(?:still\s+|also\s+)?(?:the\s+)?([\w\s]*?)'s?\s+(?:\w+\s+){0,3}?(?:trade\s+|trading\s+|economic\s+|commercial\s+)?partners?(?-u:\b)").unwrap()
});

/// The possessor in "X is Y's (largest) trading partner", when Y is a country mention:
/// (subject X, possessor Y).
fn partner_of(low: &str, mentions: &[Mention]) -> Vec<(Party, Party)> {
    partner_of_at(low, mentions)
        .into_iter()
        .map(|(s, o)| (s.party, o.party))
        .collect()
}

/// [`partner_of`] with the mentions themselves.
fn partner_of_at(low: &str, mentions: &[Mention]) -> Vec<(Mention, Mention)> {
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
static GOODS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:-made)?\s+(?:goods|products|commodities|merchandise)(?-u:\b)").unwrap()
});

fn role(low: &str, m: &Mention, mentions: &[Mention], kws: &[Keyword]) -> Role {
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
    // An adjective or name right before a flow word: "Kazakh exports", "China trade".
    let next_kw = kws.iter().find(|k| k.start >= m.end);
    if let Some(k) = next_kw {
        let gap = &low[m.end..k.start];
        if gap.trim().is_empty() && matches!(k.topic, Topic::Trade(_)) {
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

struct PairContext<'a> {
    host: Option<Party>,
    context: Option<Party>,
    pair_hint: Option<(Party, Party)>,
    low: &'a str,
    mentions: &'a [Mention],
    kws: &'a [Keyword],
}

/// What separates a country from its amount in a list: "Russia ($2 billion)", "Italy -
/// $95 million", "Kazakhstan: $550 million", "Germany is second with $410 million".
static LIST_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\(|[-–—:,]|(?:is|was|ranks?|ranked|came|comes|came\s+in|stands?|stood)\s+(?:\w+\s+){0,3}?with|with)?\s*(?:about|around|nearly|almost|over|more\s+than|some|approximately|roughly)?\s*$").unwrap()
});

/// Decide reporter and partner for a figure at `pos` with `flow`, in segment `seg`.
fn pair_for(
    cx: &PairContext<'_>,
    flow: Flow,
    pos: usize,
    seg: (usize, usize),
) -> Result<(Pair, String), String> {
    let mut note = String::new();
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
        let before = with_role.clone().filter(|(m, _)| m.start < pos).last();
        match r {
            Role::Owner => before.or(with_role.clone().next()),
            _ => with_role.clone().next(),
        }
        .map(|(m, _)| m.party)
    };
    let (mut reporter, mut partner) = match flow {
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
    // A list of partners with amounts: "Russia ($2.5 billion) and China ($1.9 billion)",
    // "Germany is second with $410 million, Italy - $95 million": each amount is the trade
    // with the country written right before it.
    if flow == Flow::Turnover && reporter.is_none() {
        let adjacent = cx
            .mentions
            .iter()
            .rev()
            .find(|m| m.end <= pos && LIST_GAP.is_match(&cx.low[m.end..pos]));
        if let Some(m) = adjacent {
            let r = host
                .filter(|&h| h != m.party)
                .or(cx.context.filter(|&c| c != m.party));
            if let Some(r) = r {
                push_note(
                    &mut note,
                    &format!("amount written next to {}", country::name(m.party)),
                );
                return Ok((
                    Pair {
                        reporter: r,
                        partner: m.party,
                    },
                    note,
                ));
            }
        }
    }
    // "Turkey was Georgia's biggest trade partner, with mutual trade turnover exceeding
    // $1.4 bln": the figure after the relation, no other country between, is that pair's.
    if reporter.is_none() && partner.is_none() {
        let rel = partner_of_at(cx.low, cx.mentions).into_iter().find(|(_, o)| {
            o.end <= pos && !cx.mentions.iter().any(|x| x.start > o.end && x.start < pos)
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
        push_note(&mut note, "pair from the previous sentence's \"partner of\"");
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
    let own_total = find(Role::Owner).is_some_and(|o| Some(o) == host && o == reporter)
        && !MAIN_PAIR_WORDS.is_match(cx.low);
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
fn joined_pair(low: &str, mentions: &[Mention]) -> bool {
    mentions.windows(2).any(|w| {
        let gap = low[w[0].end..w[1].start].trim();
        let before = low[..w[0].start].trim_end();
        gap == "-"
            || (matches!(gap, "and" | "and the")
                && (before.ends_with("between") || before.ends_with("between the")))
    })
}

fn push_note(note: &mut String, s: &str) {
    if s.is_empty() {
        return;
    }
    if !note.is_empty() {
        note.push_str("; ");
    }
    note.push_str(s);
}

// ---------------------------------------------------------------------------------------
// Periods.

/// Clause boundaries: punctuation and conjunctions that separate figures.
fn clause(low: &str, pos: usize) -> (usize, usize) {
    let is_boundary = |c: char| matches!(c, ',' | ';' | '(' | ')' | ':');
    let lo = low[..pos].rfind(is_boundary).map_or(0, |i| i + 1);
    let hi = low[pos..].find(is_boundary).map_or(low.len(), |i| pos + i);
    (lo, hi)
}

fn period_for<'a>(
    low: &str,
    periods: &'a [PeriodMention],
    moneys: &[Money],
    (start, end): (usize, usize),
) -> Option<&'a PeriodMention> {
    let (lo, hi) = clause(low, start);
    // Distance to the figure; on a tie the phrase after it wins ("$5 billion in 2023").
    let key = |p: &&PeriodMention| {
        if p.end <= start {
            (start - p.end, 1)
        } else if p.start >= end {
            (p.start - end, 0)
        } else {
            (0, 0)
        }
    };
    if let Some(p) = periods
        .iter()
        .filter(|p| p.start >= lo && p.end <= hi)
        .min_by_key(key)
    {
        return Some(p);
    }
    // Outside its clause: a period before the figure scopes over it ("In 2023, ..., exports
    // $4 billion"); one after it only when no other amount sits in that phrase's clause
    // ("..., up from $6.1 billion in 2022" belongs to the $6.1 billion).
    periods
        .iter()
        .filter(|p| p.end <= start)
        .min_by_key(key)
        .or_else(|| {
            periods
                .iter()
                .filter(|p| p.start >= end)
                .filter(|p| {
                    let (plo, phi) = clause(low, p.start);
                    !moneys
                        .iter()
                        .any(|m| m.start >= plo && m.start < phi && m.start != start)
                })
                .min_by_key(key)
        })
}

/// The same months a year earlier; `None` for a part-year (its months are unknown).
fn year_earlier(p: Period) -> Option<Period> {
    match p {
        Period::Year(y) => Some(Period::Year(y - 1)),
        Period::Months { year, first, last } => Some(Period::Months {
            year: year - 1,
            first,
            last,
        }),
        Period::PartYear(_) => None,
    }
}

// ---------------------------------------------------------------------------------------
// The article.

struct Basis {
    year: Option<i32>,
    /// The publication month, when the date is known: months after it cannot have been
    /// reported yet.
    month: Option<u8>,
    /// Words for notes: "the date line 2023-11-06".
    words: String,
}

fn host_country(sentences: &[Sentence], mentions: &[Vec<Mention>], body: &str) -> Option<Party> {
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
        let weight = if dateline.is_none_or(|d| d == p) { 4 } else { 1 };
        score.entry(p).or_insert((0, usize::MAX)).0 += weight;
    }
    score
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(p, _)| p)
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
    let mentions: Vec<Vec<Mention>> = sentences
        .iter()
        .map(|s| country::mentions(&s.norm))
        .collect();
    let host = host_country(&sentences, &mentions, body);

    let (published, basis, date_note) = match date {
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
    };

    let mut figures: Vec<(Candidate, bool)> = Vec::new();
    let mut targets: Vec<(TargetCandidate, bool)> = Vec::new();
    let mut ignored: Vec<Ignored> = Vec::new();
    let main = main_partner(&mentions, host);
    // The first foreign country named in the previous sentence ("China stands as one of
    // Kazakhstan's major trade partners. Last year, ...").
    let mut previous: Option<Party> = None;
    // The partner and the period of the latest figures, with the sentence they came from.
    let mut recent_partner: Option<(Party, usize)> = None;
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
fn drop_headline_repeats(items: Vec<(Candidate, bool)>) -> Vec<(Candidate, bool)> {
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
fn dedupe<T: Clone>(items: Vec<(T, bool)>, same: impl Fn(&T, &T) -> bool) -> Vec<T> {
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

/// Words that refer to the article's main pair: "bilateral", "mutual", "the two countries".
static MAIN_PAIR_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:bilateral|mutual|(?:the|our)\s+(?:two\s+|both\s+)?(?:countries|states|nations|sides|parties)|both\s+(?:countries|states|sides)|between\s+(?:the\s+)?(?:two|our)\s+countries)(?-u:\b)").unwrap()
});

/// The most mentioned country other than the host: the article's main partner.
fn main_partner(mentions: &[Vec<Mention>], host: Option<Party>) -> Option<Party> {
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

struct Article<'a> {
    host: Option<Party>,
    context: Option<Party>,
    /// A trade figure was found in the last two sentences.
    recent_trade: bool,
    /// Reporter and partner from a recent "X is Y's main trading partner" sentence.
    pair_hint: Option<(Party, Party)>,
    basis: &'a Basis,
    carried: Option<&'a PeriodMention>,
    /// The previous sentence gave a country's or a region's total.
    after_total: bool,
}

#[derive(Default)]
struct Found {
    figures: Vec<Candidate>,
    targets: Vec<TargetCandidate>,
    ignored: Vec<Ignored>,
    period_used: Option<PeriodMention>,
    /// A rate in a sentence of its own ("This is 18.4 percent more than ..."): as written,
    /// and in percent.
    follow_up_growth: Option<(String, f64)>,
    /// An amount was a country's or a region's total (its parts may follow).
    total: bool,
}

/// What became of one amount or rate.
enum Fate {
    Figure,
    Target,
    Ignored(String),
}

fn sentence(s: &Sentence, mentions: &[Mention], a: &Article<'_>) -> Found {
    let mut found = Found::default();
    // Most sentences hold no number at all: skip the pattern searches for them.
    let digits = s.low.bytes().any(|b| b.is_ascii_digit());
    let words = [
        "billion", "million", "trillion", "doubl", "tripl", "trebl", "quadrupl", "halved", "fold",
        "times",
    ];
    if !digits && !words.iter().any(|w| s.low.contains(w)) {
        return found;
    }
    let mut moneys = money::money(&s.norm);
    let bare = money::bare_amounts(&s.norm, &moneys);
    if !bare.is_empty() {
        moneys.extend(bare);
        moneys.sort_by_key(|m| m.start);
    }
    let growths = money::growth(&s.low);
    if moneys.is_empty() && growths.is_empty() {
        return found;
    }
    let low = s.low.as_str();
    let kws = keywords(low, mentions);
    if moneys.is_empty() && growths.len() == 1 && kws.is_empty() && FOLLOW_UP.is_match(low) {
        let g = &growths[0];
        found.follow_up_growth = Some((s.norm[g.start..g.end].to_string(), g.pct));
        return found;
    }
    let periods = period::periods(low);
    let multi = period::multi_year(low);
    // A region word inside a country's name ("South Africa") is the country.
    let not_country = |r: &regex::Match<'_>| {
        !mentions
            .iter()
            .any(|m| m.start < r.end() && r.start() < m.end)
    };
    let has_region = REGION.find_iter(low).any(|r| not_country(&r));
    // A region named after the last foreign country before `pos` governs it: "trade with
    // Central Asian countries amounted to $9 billion, of which Uzbekistan ...".
    let region_governs = |pos: usize| {
        // Only named regions and "foreign trade" compete with a country named earlier;
        // "in the region", "global" are descriptions.
        let region = REGION
            .find_iter(&low[..pos])
            .filter(|m| {
                not_country(m)
                    && !matches!(
                        m.as_str(),
                        "the region" | "regional" | "world" | "global" | "worldwide"
                    )
            })
            .last()
            .map(|m| m.end());
        let country = mentions
            .iter()
            .rev()
            .find(|m| m.end <= pos && Some(m.party) != a.host)
            .map(|m| m.end);
        match (region, country) {
            (Some(r), Some(c)) => r > c,
            (Some(_), None) => true,
            (None, _) => false,
        }
    };
    let foreign_named = mentions.iter().any(|m| Some(m.party) != a.host);
    let cx = PairContext {
        host: a.host,
        context: a.context,
        pair_hint: a.pair_hint,
        low,
        mentions,
        kws: &kws,
    };
    let ignore = |found: &mut Found, what: &str, reason: &str| {
        found.ignored.push(Ignored {
            quote: s.text.clone(),
            figure: what.to_string(),
            reason: reason.to_string(),
        });
    };

    // Decide each amount.
    let mut fates: Vec<(Money, Fate, Governing)> = Vec::new();
    // Where each amount's lead starts: after the previous amount, or with it when the two
    // are "from $X to $Y" (the wording before $X governs both).
    let mut lead_los: Vec<usize> = Vec::new();
    for (mi, m) in moneys.iter().enumerate() {
        let lead_lo = match mi.checked_sub(1).map(|i| (i, &moneys[i])) {
            None => 0,
            Some((i, prev)) if FROM_TO_GAP.is_match(&low[prev.end..m.start]) => lead_los[i],
            Some((_, prev)) => prev.end,
        };
        lead_los.push(lead_lo);
        let lead = &low[lead_lo..m.start];
        // "increase trade from $9.5 billion to $30 billion": $9.5 billion is the level now.
        let start_of_plan = COMPARISON_MONEY.is_match(&low[..m.start])
            && low[..m.start].trim_end().ends_with("from")
            && moneys
                .get(mi + 1)
                .is_some_and(|n| FROM_TO_GAP.is_match(&low[m.end..n.start]))
            && TARGET_STRONG.is_match(lead);
        let after = &low[m.end..ceil_char(low, (m.end + 60).min(low.len()))];
        let gov = flow_after(&kws, low, m.end).or_else(|| governing(&kws, m.start));
        let fate = (|| {
            if m.value < 1e6 || PER_UNIT.is_match(after) {
                return Fate::Ignored("a price or a small amount, not a trade total".into());
            }
            if ABSOLUTE_CHANGE.is_match(&low[..m.start]) {
                return Fate::Ignored("a change in value, not a level".into());
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
                        && low[k.end..p.start()].trim().split_whitespace().count() <= 1
                })
            });
            if part_of_total {
                return Fate::Ignored("a part of the total (\"accounting for\"), not the pair's total".into());
            }
            if let Some(scope) = partial_scope(low, lead, after) {
                return Fate::Ignored(format!(
                    "partial scope (\"{scope}\"), not the pair's total"
                ));
            }
            let goal_words = (TARGET_STRONG.is_match(lead) || TARGET_VERB.is_match(lead))
                && TARGET_LEAD_IN.is_match(&low[..m.start]);
            let Some((_, kw)) = gov else {
                // "The two leaders aim for $100 billion by 2020", "increase the figure to
                // $1bn", right after a trade figure: a goal for that trade.
                if a.recent_trade
                    && (goal_words || TARGET_AFTER.is_match(after))
                    && !FORECAST.is_match(lead)
                {
                    return Fate::Target;
                }
                if OFFER.is_match(lead) || OFFER_AFTER.is_match(after) {
                    return Fate::Ignored(
                        "offer or potential, not a reported level or a target".into(),
                    );
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
                    return Fate::Ignored(
                        "offer or potential, not a reported level or a target".into(),
                    );
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
                return Fate::Ignored(
                    "offer or potential, not a reported level or a target".into(),
                );
            }
            if has_region && (!foreign_named || region_governs(m.start)) {
                return Fate::Ignored(TOTAL.into());
            }
            if a.after_total && !foreign_named && !MAIN_PAIR_WORDS.is_match(low) {
                return Fate::Ignored(format!("{TOTAL} (continues the previous sentence)"));
            }
            if let Some(span) = &multi {
                let own = period_for(low, &periods, &moneys, (m.start, m.end))
                    .is_some_and(|p| !p.is_relative() || p.span != period::Span::Part);
                if !own {
                    return Fate::Ignored(format!("cumulative or multi-year total (\"{span}\")"));
                }
            }
            Fate::Figure
        })();
        fates.push((m.clone(), fate, gov));
    }

    found.total = fates
        .iter()
        .any(|(_, f, _)| matches!(f, Fate::Ignored(r) if r.starts_with(TOTAL)));
    if found.total {
        found.period_used = periods.first().cloned();
    }

    // Earlier values a figure is compared with ("up from $4 billion"): they get their own
    // period, or the main figure's a year earlier, and never the rate.
    let comparison: Vec<bool> = fates
        .iter()
        .map(|(m, f, _)| {
            matches!(f, Fate::Figure)
                && COMPARISON_MONEY.is_match(&low[..m.start])
                && fates
                    .iter()
                    .any(|(o, of, _)| o.start != m.start && matches!(of, Fate::Figure))
        })
        .collect();
    let main_pos = |pos: usize| {
        fates
            .iter()
            .zip(&comparison)
            .filter(|((_, f, _), c)| matches!(f, Fate::Figure) && !**c)
            .map(|((m, _, _), _)| m.start)
            .min_by_key(|p| p.abs_diff(pos))
    };

    // Rates: attach to an amount of the same segment, or stand alone.
    let mut growth_of: Vec<Option<f64>> = vec![None; moneys.len()];
    let mut lone_growths: Vec<(Growth, Keyword, usize)> = Vec::new();
    for g in &growths {
        let figure_text = &s.norm[g.start..g.end];
        let Some((ki, kw)) = governing(&kws, g.start) else {
            ignore(&mut found, figure_text, "no trade word in the sentence");
            continue;
        };
        let seg = segment(&kws, ki, low.len());
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
            match &fates[i].1 {
                Fate::Figure if growth_of[i].is_none() => growth_of[i] = Some(g.pct),
                Fate::Figure => ignore(&mut found, figure_text, "second rate for one amount"),
                Fate::Target => ignore(&mut found, figure_text, "part of a target"),
                Fate::Ignored(r) => {
                    let r = r.clone();
                    ignore(&mut found, figure_text, &r)
                }
            }
            continue;
        }
        if let Topic::Other(r) = kw.topic {
            ignore(&mut found, figure_text, r);
            continue;
        }
        if let Some(p) = product_of(low, &kw, g.start) {
            ignore(
                &mut found,
                figure_text,
                &format!("product-level rate ({p}), not the pair's total"),
            );
            continue;
        }
        let lead = &low[..g.start];
        if FORECAST.is_match(lead) || TARGET_STRONG.is_match(lead) || TARGET_VERB.is_match(lead) {
            ignore(
                &mut found,
                figure_text,
                "planned or forecast change, not a reported rate",
            );
            continue;
        }
        if has_region && (!foreign_named || region_governs(g.start)) {
            ignore(
                &mut found,
                figure_text,
                "regional or world rate, not a pair",
            );
            found.total = true;
            continue;
        }
        lone_growths.push((g.clone(), kw, ki));
    }
    if multi.is_some() {
        for g in growth_of.iter_mut() {
            if let Some(pct) = g.take() {
                ignore(
                    &mut found,
                    &format!("{pct}%"),
                    "change over several years, not year on year",
                );
            }
        }
        for (g, _, _) in lone_growths.drain(..) {
            ignore(
                &mut found,
                &s.norm[g.start..g.end],
                "change over several years, not year on year",
            );
        }
    }

    let has_turnover_figure = fates.iter().any(|(_, f, gov)| {
        matches!(f, Fate::Figure)
            && gov.is_some_and(|(_, k)| k.topic == Topic::Trade(Flow::Turnover))
    });

    // Build figures and targets.
    let build = |(pos, pos_end): (usize, usize),
                 kw: Governing,
                 value: Option<&Money>,
                 pct: Option<f64>,
                 compared_with: Option<usize>,
                 found: &mut Found|
     -> Result<(), String> {
        let (ki, kw) = kw.ok_or("no trade word in the sentence")?;
        let Topic::Trade(flow) = kw.topic else {
            return Err("not trade".into());
        };
        let seg = segment(&kws, ki, low.len());
        let (pair, pair_note) = pair_for(&cx, flow, pos, seg)?;
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
                    period_for(low, &periods, &moneys, (main, main)).or(a.carried),
                    "earlier value compared with: the main figure's period a year earlier",
                    true,
                ),
            }
        } else {
            match period_for(low, &periods, &moneys, (pos, pos_end)) {
                Some(p) => (Some(p), "", false),
                None => (
                    a.carried,
                    "period carried over from the previous sentence",
                    false,
                ),
            }
        };
        let mut period = pm.and_then(|p| p.resolve(a.basis.year));
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
            match period.and_then(year_earlier) {
                Some(p) => period = Some(p),
                None => return Err("earlier value compared with, for months not stated".into()),
            }
        }
        match (pm, period) {
            (Some(p), Some(per)) => {
                push_note(&mut note, carried_note);
                push_note(&mut note, future_note);
                if p.is_relative() {
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
                found.period_used = Some(p.clone());
            }
            (Some(p), None) => push_note(
                &mut note,
                &format!(
                    "\"{}\" unresolved: no date line and no year in the text",
                    p.phrase
                ),
            ),
            (None, _) => push_note(&mut note, "period not stated"),
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
                    &format!("amount in {}, not converted to US dollars", m.currency),
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
    };

    for (i, (m, fate, gov)) in fates.iter().enumerate() {
        let text = &s.norm[m.start..m.end];
        match fate {
            Fate::Ignored(r) => ignore(&mut found, text, r),
            Fate::Figure => {
                let compared_with = if comparison[i] {
                    main_pos(m.start)
                } else {
                    None
                };
                if let Err(r) = build(
                    (m.start, m.end),
                    *gov,
                    Some(m),
                    growth_of[i],
                    compared_with,
                    &mut found,
                ) {
                    ignore(&mut found, text, &r);
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
                        segment(&kws, *ki, low.len()),
                    ),
                    None => (Flow::Turnover, (0, low.len())),
                };
                match pair_for(&cx, flow, m.start, seg) {
                    Ok((pair, pair_note)) => {
                        let (deadline, mut note) = deadline(low, a.basis.year);
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
                            value: m.value,
                            currency: m.currency.into(),
                            deadline,
                            quote: s.text.clone(),
                            note,
                        });
                    }
                    Err(r) => ignore(&mut found, text, &format!("target without a pair: {r}")),
                }
            }
        }
    }
    for (g, kw, ki) in lone_growths {
        if let Err(r) = build(
            (g.start, g.end),
            Some((ki, kw)),
            None,
            Some(g.pct),
            None,
            &mut found,
        ) {
            ignore(&mut found, &s.norm[g.start..g.end], &r);
        }
    }
    // A rate standing alone and a level without one, same pair, flow and period, in one
    // sentence: one figure.
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
    found
}
