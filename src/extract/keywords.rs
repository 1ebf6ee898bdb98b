//! What an amount or a rate is about: the flow words ("trade turnover", "exports",
//! "traded", "exports and imports"), the words that make it something else (investment,
//! projects, loans, transport, a company's turnover), which keyword governs a position, and
//! product-level wording ("wheat exports", "exports of grain").

use std::sync::LazyLock;

use regex::Regex;

use super::country::Mention;
use crate::obs::Flow;

/// What a keyword says an amount is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Topic {
    /// A trade flow.
    Trade(Flow),
    /// Not trade; the reason.
    Other(&'static str),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Keyword {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) topic: Topic,
}

pub(super) static FLOW_KW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:exports?\s+and\s+imports?|imports?\s+and\s+exports?|trad(?:e|ing)\s+operations|(?:trade|trading)\s+partners?|trade\s+turnover|trade\s+volumes?|volumes?\s+of\s+(?:mutual\s+|bilateral\s+)?trade|mutual\s+trade|bilateral\s+trade|trade\s+exchanges?|commodity\s+turnover|goods\s+turnover|trade|turnover|export\s+supplies|exports?|exported|shipped|imports?|imported|traded)(?-u:\b)").unwrap()
});

/// Words after "trade"/"export"/"import" that make it not a flow ("trade partner",
/// "export potential").
pub(super) static NOT_FLOW_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:-\s*|and\s+)?(?:economic|partner\w*|relations?|ties|cooperation|procedures?|potential|missions?|fairs?|representative\w*|houses?|zones?|agreements?|barriers?|polic\w+|facilitation|routes?|corridors?|cent(?:er|re)s?|organi[sz]ation|union|wars?|deals?|shows?|offices?|minist\w+|blocs?|disputes?|restrictions?|regimes?|rules|logistics|hubs?|platforms?|council|commission|opportunit\w+|links|networks?|infrastructure|sector|finance|financing|mechanisms?|expo|exhibitions?|forums?|bank|-?oriented|credits?|controls?|bans?|licen\w+|duties|duty|tariffs?|quotas?|capacity|capabilities|geography|destinations?|markets?|diversification|range|items|nomenclature|basket|structure|substitution|houses|missions|companies|firms|representation|attach\w+|and\s+investment\s+partner|surplus|deficit|balance|gap|contracts?|orders?)(?-u:\b)").unwrap()
});
pub(super) static NOT_FLOW_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?-u:\b)free|(?-u:\b)world|(?-u:\b)e-|(?-u:\b)electronic|(?-u:\b)fair|(?-u:\b)illegal|(?-u:\b)main|(?-u:\b)major|(?-u:\b)largest|(?-u:\b)key|(?-u:\b)important|(?-u:\b)strategic)\s*$").unwrap()
});
pub(super) static TRANSPORT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:cargo|freight|passenger|container|retail|transit|rail(?:way)?|port|transportation|staff)\s+$").unwrap()
});

pub(super) static OTHER_KW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?P<inv>invest\w*|fdi)|(?P<proj>projects?|portfolio)|(?P<jobs>jobs|workplaces|employment)|(?P<firms>companies|enterprises|firms|joint\s+ventures)|(?P<fin>loans?|credit\s+lines?|financing|grants?|aid|assistance|funds?|funding)|(?P<deal>contracts?|agreements?|deals|memorand\w+|orders)|(?P<macro>gdp|budget|revenues?|reserves|debts?|capitali[sz]ation|profits?|income|tax\w*|wages?|salar\w+|pensions?|prices?)|(?P<tour>touris\w+)|(?P<prod>production|output|harvest)|(?P<trans>cargo|freight|transit|containers?|transportation|shipping)|(?P<rem>remittances)|(?P<bal>surplus|deficit|balance))(?-u:\b)").unwrap()
});

pub(super) fn other_reason(c: &regex::Captures<'_>) -> &'static str {
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
pub(super) static OTHER_AFTER_MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:in|of|worth\s+of|for|as|into)\s+(?:[\w'-]+\s+){0,2}?(?:(?P<inv>invest\w*|fdi)|(?P<proj>projects?)|(?P<fin>loans?|credits?|grants?|aid|financing|funding)|(?P<deal>contracts?|deals|agreements?))(?-u:\b)").unwrap()
});

/// "turnover of the Khorgos free zone": a company's, a zone's or a market's turnover.
pub(super) static TURNOVER_OF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+of\s+(?:the\s+)?([a-z-]+)").unwrap());

/// "trade balance between X and Y reached": said of a volume.
static BALANCE_AS_VOLUME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s+between\s+[^,.;]{2,60}?\s+(?:reached|amounted|totall?ed|stood|was|hit)(?-u:\b)",
    )
    .unwrap()
});
/// Words of a real balance: a surplus, a deficit, in whose favour.
static BALANCE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:surplus|deficit|in\s+(?:\S+\s+)?favou?r|favou?r\s+of|positive|negative|gap|imbalance)(?-u:\b)").unwrap()
});

pub(super) fn keywords(low: &str, mentions: &[Mention]) -> Vec<Keyword> {
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
        // "Trade balance between Egypt and China reached $8.6 billion, down 9%": a volume
        // mislabelled, when nothing speaks of a surplus or a deficit.
        let topic = if c.name("bal").is_some()
            && low[..m.start()].trim_end().ends_with("trade")
            && BALANCE_AS_VOLUME.is_match(&low[m.end()..])
            && !BALANCE_WORDS.is_match(low)
        {
            Topic::Trade(Flow::Turnover)
        } else {
            Topic::Other(other_reason(&c))
        };
        out.push(Keyword {
            start: m.start(),
            end: m.end(),
            topic,
        });
    }
    out.sort_by_key(|k| k.start);
    out
}

/// "partners", as the keyword of a list of partners with amounts.
static PARTNER_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)partners?(?-u:\b)").unwrap());

/// Turnover keywords at the word "partners" (see [`PARTNER_WORD`]).
pub(super) fn partner_words(low: &str) -> Vec<Keyword> {
    PARTNER_WORD
        .find_iter(low)
        .map(|m| Keyword {
            start: m.start(),
            end: m.end(),
            topic: Topic::Trade(Flow::Turnover),
        })
        .collect()
}

/// Words that refer to the latest figure: "the same index", "this figure", "the indicator".
static ANAPHORA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:the\s+same\s+(?:index|indicator|figure|value)|(?:this|that|the)\s+(?:figure|indicator|index))(?-u:\b)").unwrap()
});

/// Keywords for the words that refer to the latest figure, of that figure's `flow`.
pub(super) fn anaphora(low: &str, flow: Flow) -> Vec<Keyword> {
    ANAPHORA
        .find_iter(low)
        .map(|m| Keyword {
            start: m.start(),
            end: m.end(),
            topic: Topic::Trade(flow),
        })
        .collect()
}

/// A keyword and its index, when one governs an amount or a rate.
pub(super) type Governing = Option<(usize, Keyword)>;

/// The keyword governing position `pos`: the last one starting before it, else the first.
pub(super) fn governing(kws: &[Keyword], pos: usize) -> Governing {
    let i = kws
        .iter()
        .rposition(|k| k.start <= pos)
        .or(if kws.is_empty() { None } else { Some(0) })?;
    Some((i, kws[i]))
}

/// "$2.4 billion in exports", "$1.6 billion from imports", "a target of $2 billion in
/// bilateral trade": a flow word right after the amount governs it, whatever came before.
pub(super) fn flow_after(kws: &[Keyword], low: &str, end: usize) -> Governing {
    static IN_FLOW: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:in|from|of|worth\s+of)\s+(?:\w+\s+)?(?:exports?|imports?|trade|turnover)(?-u:\b)")
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
pub(super) fn segment(kws: &[Keyword], i: usize, len: usize) -> (usize, usize) {
    let lo = if i == 0 { 0 } else { kws[i].start };
    let hi = kws.get(i + 1).map_or(len, |k| k.start);
    (lo, hi)
}

pub(super) const PRODUCTS: &[&str] = &[
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
pub(super) const GENERAL: &[&str] = &[
    "goods",
    "products",
    "commodities",
    "merchandise",
    "goods and services",
];

pub(super) static OF_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+(?:of|in)\s+(?:the\s+)?([a-z-]+)(?:\s+([a-z-]+))?").unwrap());

/// "wheat exports", "exports of grain", "trade in agricultural products": a product, not
/// the pair's total. Returns the product word.
pub(super) fn product_of(low: &str, kw: &Keyword, upto: usize) -> Option<String> {
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
pub(super) const VERBS: &[&str] = &[
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
