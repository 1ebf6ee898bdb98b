//! Amounts of money and growth rates, as news releases write them.

use std::sync::LazyLock;

use regex::Regex;

use crate::obs::Bound;

/// An amount of money found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Money {
    /// The amount in units of `currency` (e.g. 24.2e9).
    pub value: f64,
    /// ISO 4217 code: `USD`, `EUR`, `KZT`, ...
    pub currency: &'static str,
    /// Byte span in the sentence.
    pub start: usize,
    /// End of the span (exclusive).
    pub end: usize,
    /// The currency is not written next to the number but taken from the sentence's other
    /// amounts ("exports amounted to 2.5 billion, while imports to $1.6 billion").
    pub currency_from_context: bool,
}

const NUM: &str = r"(?P<numX>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|a)";
const MULT: &str =
    r"(?P<multX>trillions?|tln|trn|tn|billions?|bln|bn|b|millions?|mln|mn|m|thousands?|thous|k)";
const PRE: &str = r"(?P<pre>us\s?\$|\$\s?us|usd|eur|€|£|gbp|₸|kzt|₽|rub|cny|rmb|\$)";
const POST: &str = r"(?P<postX>(?:us|u\.s\.|american)\s+dollars?|dollars?|(?:russian|chinese|saudi|kenyan|nigerian|south\s+african|polish|turkish)\s+(?:rubles?|roubles?|yuan|riyals?|shillings?|naira|rand|zlotys?|lira)|zlotys?|zlotych|pln|naira|ngn|rand|zar|shillings?|kes|taka|bdt|usd|us\$|euros?|eur|tenge|kzt|manats?|azn|rubles?|roubles?|rub|yuan|renminbi|rmb|cny|soums?|uzs|soms|som|kgs|somoni|lira|liras|pounds?\s+sterling|pounds|gbp|yen|jpy|won|krw|rupees|inr|lari|gel|dirhams?|aed|riyals?|swiss\s+francs?|hryvnias?|uah|drams?|amd)";

/// Currency letters written right before the number, case as written and only with a
/// multiplier ("R188.4 billion", "N1.2 trillion", "₦202.86 billion", "Ksh441 billion",
/// "SR19.2 billion", "Tk 5 billion"; never "Rs", whose rupee depends on the country): alone, such letters are too common to be a currency.
const PRE_LETTERS: &str = r"(?P<pre3>(?-u:\b)(?-i:KShs|Kshs|KSh|Ksh|SR|Tk\.?\s?|R|N)|₦\s?)";

static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    // Either a currency before the number ($24.2 billion, USD 31.2 bn) or after it
    // (41.2 billion US dollars, 1.2 trillion tenge). A currency is required: "3,000
    // companies" is not money. Group names carry 1 (currency first) or 2 (currency last).
    let g = |s: &str, n: &str| s.replace('X', n);
    let pattern = format!(
        r"(?i)(?:{pre}\s*{n1}(?:\s*-?\s*{m1}(?-u:\b)\.?)?(?:\s+{p1}(?-u:\b))?|(?-u:\b){n2}(?:\s*-?\s*{m2}(?-u:\b)\.?)?\s*{p2}(?-u:\b)|{pre3}{n3}\s*-?\s*{m3}(?-u:\b)\.?)",
        pre = PRE,
        n1 = g(NUM, "1"),
        m1 = g(MULT, "1"),
        p1 = g(POST, "1"),
        n2 = g(NUM, "2"),
        m2 = g(MULT, "2"),
        p2 = g(POST, "2"),
        pre3 = PRE_LETTERS,
        n3 = g(NUM, "3"),
        m3 = g(MULT, "3"),
    );
    Regex::new(&pattern).unwrap_or_else(|e| panic!("money regex: {e}"))
});

fn currency_code(word: &str) -> &'static str {
    let w = word.to_ascii_lowercase();
    let w = w.trim();
    let w: String = w.split_whitespace().collect::<Vec<_>>().join(" ");
    // "Russian rubles", "South African rand": the country adjective adds nothing.
    let w = w
        .rsplit(' ')
        .next()
        .filter(|_| !w.contains("dollar") && !w.contains("franc") && !w.starts_with("pound"))
        .map_or(w.clone(), str::to_string);
    let w = w.trim_end_matches('.').trim();
    match w {
        "$" | "us$" | "us $" | "$us" | "$ us" | "usd" => "USD",
        _ if w.contains("dollar") => "USD",
        "eur" | "€" | "euro" | "euros" => "EUR",
        "₸" | "kzt" | "tenge" => "KZT",
        "₽" | "rub" | "ruble" | "rubles" | "rouble" | "roubles" => "RUB",
        "cny" | "rmb" | "¥" | "yuan" | "renminbi" => "CNY",
        "£" | "gbp" | "pounds" => "GBP",
        "manat" | "manats" | "azn" => "AZN",
        "soum" | "soums" | "uzs" => "UZS",
        "som" | "soms" | "kgs" => "KGS",
        "somoni" => "TJS",
        "lira" | "liras" | "try" => "TRY",
        "yen" | "jpy" => "JPY",
        "won" | "krw" => "KRW",
        "rupees" | "inr" => "INR",
        "lari" | "gel" => "GEL",
        "dirham" | "dirhams" | "aed" => "AED",
        "riyal" | "riyals" | "sar" | "sr" => "SAR",
        "zloty" | "zlotys" | "zlotych" | "pln" => "PLN",
        "naira" | "ngn" | "n" | "₦" => "NGN",
        "rand" | "zar" | "r" => "ZAR",
        "shilling" | "shillings" | "kes" | "ksh" | "kshs" => "KES",
        "taka" | "bdt" | "tk" => "BDT",
        "hryvnia" | "hryvnias" | "uah" => "UAH",
        "dram" | "drams" | "amd" => "AMD",
        _ if w.starts_with("pound") => "GBP",
        _ if w.contains("franc") => "CHF",
        _ => "XXX",
    }
}

fn word_number(w: &str) -> Option<(u64, u32)> {
    let n = match w.to_ascii_lowercase().as_str() {
        "a" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        _ => return None,
    };
    Some((n, 0))
}

/// Digits as an integer mantissa and a count of decimals: "24.2" = (242, 1), "1,000" = (1000, 0),
/// "24,2" = (242, 1). Keeping the decimal exact makes 24.2 billion exactly 24200000000.
fn mantissa(num: &str) -> Option<(u64, u32)> {
    if let Some(w) = word_number(num) {
        return Some(w);
    }
    let thousands = num.contains(',')
        && num.split(',').skip(1).all(|g| {
            g.len() == 3 || g.contains('.') && g.split('.').next().is_some_and(|x| x.len() == 3)
        });
    let cleaned: String = if thousands {
        num.replace(',', "")
    } else {
        num.replace(',', ".")
    };
    let (int, frac) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    let digits = format!("{int}{frac}");
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    Some((digits.parse().ok()?, frac.len() as u32))
}

fn multiplier(m: &str) -> u32 {
    let m = m.to_ascii_lowercase();
    match m.trim_end_matches('s') {
        "trillion" | "tln" | "trn" | "tn" => 12,
        "billion" | "bln" | "bn" | "b" => 9,
        "million" | "mln" | "mn" | "m" => 6,
        "thousand" | "thou" | "k" => 3,
        _ => 0,
    }
}

/// Exact `mantissa × 10^(exp − decimals)` as f64.
fn scale(mantissa: u64, decimals: u32, exp: u32) -> f64 {
    if exp >= decimals {
        mantissa as f64 * 10f64.powi((exp - decimals) as i32)
    } else {
        mantissa as f64 / 10f64.powi((decimals - exp) as i32)
    }
}

/// The currency of a "$" written straight after letters: "R$" (Brazilian real), "A$", "C$",
/// "HK$", "NZ$", "S$", "NT$", "MX$"; other letters give "XXX" (unknown), never US dollars.
fn lettered_dollar(before: &str) -> Option<&'static str> {
    let letters: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .chars()
        .rev()
        .collect::<String>()
        .to_ascii_lowercase();
    if letters.is_empty() {
        return None;
    }
    Some(match letters.as_str() {
        "r" => "BRL",
        "a" | "au" => "AUD",
        "c" | "ca" => "CAD",
        "hk" => "HKD",
        "nz" => "NZD",
        "s" | "sg" => "SGD",
        "nt" => "TWD",
        "mx" => "MXN",
        _ => "XXX",
    })
}

/// Lower units written after an amount: "$2 billion 487 million", "2 billion dollars 315
/// million 7 thousand". Returns the value they add and the bytes they take; only units
/// smaller than the amount's own (`exp`, a power of ten) count.
fn compound_rest(after: &str, exp: u32) -> Option<(f64, usize)> {
    static REST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s+(?:and\s+)?(\d{1,3})\s+(millions?|mln|thousands?)(?-u:\b)").unwrap()
    });
    if exp < 6 {
        return None;
    }
    let mut total = 0.0;
    let mut at = 0;
    let mut last = exp;
    while let Some(c) = REST.captures(&after[at..]) {
        let e = multiplier(&c[2]);
        if e >= last {
            break;
        }
        let n: f64 = c[1].parse().ok()?;
        total += n * 10f64.powi(e as i32);
        at += c.get(0)?.end();
        last = e;
    }
    (at > 0).then_some((total, at))
}

/// Every amount of money in a normalised sentence.
pub(crate) fn money(norm: &str) -> Vec<Money> {
    let mut out = Vec::new();
    for c in MONEY.captures_iter(norm) {
        let whole = c.get(0).expect("group 0");
        let Some(num) = c
            .name("num1")
            .or_else(|| c.name("num2"))
            .or_else(|| c.name("num3"))
        else {
            continue;
        };
        let mult = c
            .name("mult1")
            .or_else(|| c.name("mult2"))
            .or_else(|| c.name("mult3"))
            .map_or("", |m| m.as_str());
        // Word numbers only with a multiplier ("one billion dollars", not "a dollar").
        if word_number(num.as_str()).is_some() && mult.is_empty() {
            continue;
        }
        let Some((mant, dec)) = mantissa(num.as_str()) else {
            continue;
        };
        let mut cur = c
            .name("pre")
            .or_else(|| c.name("post2"))
            .or_else(|| c.name("pre3"))
            .map(|m| currency_code(m.as_str()))
            .unwrap_or("XXX");
        // "R$ 500 billion", "A$ 3 billion": a dollar sign after letters is another currency.
        if c.name("pre").is_some_and(|m| m.as_str() == "$") {
            if let Some(code) = lettered_dollar(&norm[..whole.start()]) {
                cur = code;
            }
        }
        let exp = multiplier(mult);
        let mut value = scale(mant, dec, exp);
        let mut end = whole.end();
        if let Some((rest, len)) = compound_rest(&norm[end..], exp) {
            value += rest;
            end += len;
        }
        if value <= 0.0 {
            continue;
        }
        out.push(Money {
            value,
            currency: cur,
            start: whole.start(),
            end,
            currency_from_context: false,
        });
    }
    out
}

/// A currency code or sign right before a number: "EGP", "₹".
static CODE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:(?-u:\b)[A-Z]{3}|[^\x00-\x7F])$").unwrap());

/// Amounts written without a currency ("2.5 billion", "Italy - 95.2 million") in a sentence
/// whose other amounts all carry one and the same currency: they take it, flagged
/// [`Money::currency_from_context`]. Only a number with a multiplier counts, and only when
/// what follows is punctuation or a linking word, not a unit ("2.5 million tons").
pub(crate) fn bare_amounts(norm: &str, found: &[Money]) -> Vec<Money> {
    static BARE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(?-u:\b)(\d{1,3}(?:[.,]\d+)?)\s*(billions?|bln|bn|millions?|mln|mn)(?-u:\b)\.?",
        )
        .unwrap()
    });
    static FOLLOW: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:\s*[,.;:)\]]|\s*$|\s+(?:and|while|whereas|or|in|from|to|compared|against|versus|which|during|for|last|this|up|down|respectively|with|of\s+(?:which|them))(?-u:\b))").unwrap()
    });
    let Some(first) = found.first() else {
        return Vec::new();
    };
    if first.currency == "XXX" || found.iter().any(|m| m.currency != first.currency) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in BARE.captures_iter(norm) {
        let whole = c.get(0).expect("group 0");
        // "5.2 billion" inside "US$ 5.2 billion" was found already.
        if found
            .iter()
            .any(|m| m.start < whole.end() && whole.start() < m.end)
        {
            continue;
        }
        // "1.2 billion people" is not money.
        if !FOLLOW.is_match(&norm[whole.end()..]) {
            continue;
        }
        // "EGP 174 billion", "₹ 5 billion": an unknown currency is written; "USD 5 billion
        // (174 billion)": an equivalent in brackets.
        let before = norm[..whole.start()].trim_end();
        if CODE_BEFORE.is_match(before)
            || (before.ends_with('(')
                && found
                    .iter()
                    .any(|m| before[..before.len() - 1].trim_end().len() == m.end))
        {
            continue;
        }
        let Some((mant, dec)) = mantissa(&c[1]) else {
            continue;
        };
        let exp = multiplier(&c[2]);
        out.push(Money {
            value: scale(mant, dec, exp),
            currency: first.currency,
            start: whole.start(),
            end: whole.end(),
            currency_from_context: true,
        });
    }
    out
}

/// A growth rate found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Growth {
    /// Percent change, negative for a fall (+50 for "grew 1.5 times").
    pub pct: f64,
    /// Byte span in the sentence.
    pub start: usize,
    /// End of the span (exclusive).
    pub end: usize,
}

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<sign>(?:^|[\s(])[+-])?(?P<num>\d+(?:[.,]\d+)?)\s*(?:%|percent(?-u:\b)|per\s+cent(?-u:\b)|pct(?-u:\b)|percentage\s+points(?-u:\b)|p\.p\.)").unwrap()
});
static TIMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<num>\d+(?:[.,]\d+)?|one\s+and\s+a\s+half|two|three|four|five|ten)\s*-?\s*(?:times|fold)(?-u:\b)|(?-u:\b)(?P<word>doubled|doubling|tripled|tripling|trebled|quadrupled|halved|twofold|threefold|fourfold)(?-u:\b)").unwrap()
});
static UP_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:increas\w*|grow\w*|grew|growth|rose|ris\w*|risen|up|surg\w*|jump\w*|climb\w*|soar\w*|gain\w*|added|adding|higher|more|boost\w*|expan\w*|advanc\w*|rebound\w*|spik\w*|upsurge|hike\w*)(?-u:\b)").unwrap()
});
static DOWN_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:decreas\w*|declin\w*|fell|fall\w*|fallen|drop\w*|down|reduc\w*|lower|less|contract\w*|shr[iau]nk\w*|plung\w*|plummet\w*|slump\w*|dipp\w*|dip|dips|los[st]\w*|slid\w*|slip\w*|sank|sink\w*|tumbl\w*|downturn|weaken\w*)(?-u:\b)").unwrap()
});
static SHARE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:of(?-u:\b)|share|stake|of\s+the\s+total|of\s+total)").unwrap()
});
static SHARE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:share|accounts?\s+for|accounted\s+for|making\s+up|makes\s+up|made\s+up|stake)(?-u:\b)[^,;]{0,60}$|(?-u:\b)(?:tariffs?|dut(?:y|ies)|exchange\s+rate|interest\s+rate|vat|tax|interest|inflation|loading|capacity|utili[sz]ation)(?-u:\b)[^,;]{0,30}$").unwrap()
});

/// The nearest direction word within a small window around a rate: +1, −1, or 0 when none.
fn direction(low: &str, start: usize, end: usize) -> i32 {
    let lo = floor_char(low, start.saturating_sub(60));
    let hi = ceil_char(low, (end + 40).min(low.len()));
    let before = &low[lo..start];
    let after = &low[end..hi];
    // Nearest cue before (distance from its end to the rate) and after.
    let mut best: Option<(usize, i32)> = None;
    for (re, sign) in [(&*UP_CUE, 1), (&*DOWN_CUE, -1)] {
        for m in re.find_iter(before) {
            let d = before.len() - m.end();
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, sign));
            }
        }
        if let Some(m) = re.find(after) {
            // Only immediately after: "a 35% increase", "5% lower".
            let d = m.start();
            if d <= 25 && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, sign));
            }
        }
    }
    best.map_or(0, |(_, s)| s)
}

pub(crate) fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(crate) fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn parse_num(s: &str) -> Option<f64> {
    s.replace(',', ".").parse().ok()
}

/// Round away binary noise (0.5 * 100 = 50.000000000000007 style).
fn tidy(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Every year-on-year style growth rate in a sentence (`low` is the ASCII-lower-cased
/// normalised sentence). Shares ("20% of the total") and rates without a direction word
/// are not growth.
pub(crate) fn growth(low: &str) -> Vec<Growth> {
    let mut out = Vec::new();
    for c in PERCENT.captures_iter(low) {
        let m = c.get(0).expect("group 0");
        if SHARE_AFTER.is_match(&low[m.end()..]) || SHARE_BEFORE.is_match(&low[..m.start()]) {
            continue;
        }
        if m.as_str().contains("point") || m.as_str().contains("p.p") {
            continue;
        }
        let Some(v) = parse_num(&c["num"]) else {
            continue;
        };
        // An explicit sign ("(+12.4%)") decides; otherwise the nearest direction word.
        let (sign, start) = match c.name("sign") {
            Some(sg) => (
                if sg.as_str().ends_with('-') { -1 } else { 1 },
                sg.end() - 1,
            ),
            None => (direction(low, m.start(), m.end()), m.start()),
        };
        if sign == 0 {
            continue;
        }
        out.push(Growth {
            pct: tidy(sign as f64 * v),
            start,
            end: m.end(),
        });
    }
    for c in TIMES.captures_iter(low) {
        let m = c.get(0).expect("group 0");
        let (factor, sign) = if let Some(w) = c.name("word") {
            match w.as_str() {
                "doubled" | "doubling" | "twofold" => (2.0, 1),
                "tripled" | "tripling" | "trebled" | "threefold" => (3.0, 1),
                "quadrupled" | "fourfold" => (4.0, 1),
                "halved" => (2.0, -1),
                _ => continue,
            }
        } else {
            let n = c["num"].to_string();
            let factor = match n.as_str() {
                "two" => 2.0,
                "three" => 3.0,
                "four" => 4.0,
                "five" => 5.0,
                "ten" => 10.0,
                s if s.starts_with("one") => 1.5,
                s => match parse_num(s) {
                    Some(f) => f,
                    None => continue,
                },
            };
            let sign = direction(low, m.start(), m.end());
            if sign == 0 {
                continue;
            }
            (factor, sign)
        };
        if factor <= 1.0 {
            continue;
        }
        // "grew 1.5 times" = ×1.5 = +50%; "decreased 2 times" = ×0.5 = −50%.
        let pct = if sign > 0 {
            (factor - 1.0) * 100.0
        } else {
            (1.0 / factor - 1.0) * 100.0
        };
        out.push(Growth {
            pct: tidy(pct),
            start: m.start(),
            end: m.end(),
        });
    }
    out.sort_by_key(|g| g.start);
    out
}

static AT_LEAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:exceed\w*|surpass\w*|over|more\s+than|above|in\s+excess\s+of|top(?:ped|s)?|topping|upwards\s+of|at\s+least|beyond|passed|crossed|no\s+less\s+than|not\s+less\s+than|north\s+of)\s+(?:the\s+)?(?:mark\s+of\s+|level\s+of\s+|threshold\s+of\s+|milestone\s+of\s+)?(?:a\s+record\s+|a\s+record-breaking\s+)?$").unwrap()
});
static AT_MOST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:almost|nearly|up\s+to|under|less\s+than|below|close\s+to|just\s+short\s+of|no\s+more\s+than|not\s+more\s+than|shy\s+of|short\s+of)\s+(?:the\s+)?(?:mark\s+of\s+|level\s+of\s+)?$").unwrap()
});
static APPROX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)(?:about|around|approximately|approx\.?|some|roughly|circa|ca\.|an\s+estimated|estimated\s+at|est\.|of\s+about|of\s+around|in\s+the\s+region\s+of|in\s+the\s+order\s+of)|~|≈)\s*$").unwrap()
});

/// The bound a value's wording gives, from the text right before it (`before` ends where
/// the amount starts), with the words that gave it.
pub(crate) fn bound_before(before: &str) -> (Bound, String) {
    let lo = floor_char(before, before.len().saturating_sub(60));
    let w = &before[lo..];
    for (re, b) in [
        (&*AT_LEAST, Bound::AtLeast),
        (&*AT_MOST, Bound::AtMost),
        (&*APPROX, Bound::Approx),
    ] {
        if let Some(m) = re.find(w) {
            return (b, m.as_str().trim().to_string());
        }
    }
    (Bound::Exact, String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> (f64, &'static str) {
        let m = money(s);
        assert_eq!(m.len(), 1, "{s}: {m:?}");
        (m[0].value, m[0].currency)
    }

    #[test]
    fn currency_letters_before_the_number_need_a_multiplier_and_their_case() {
        assert_eq!(
            one("exports to China totalled R188.4 billion"),
            (188.4e9, "ZAR")
        );
        assert_eq!(
            one("went from R23,5 billion for the month"),
            (23.5e9, "ZAR")
        );
        assert_eq!(one("which recorded N1.2 trillion"), (1.2e12, "NGN"));
        assert_eq!(one("with ₦202.86 billion"), (202.86e9, "NGN"));
        assert_eq!(one("a new high of Ksh441 billion in 2021"), (441e9, "KES"));
        assert_eq!(one("the top importer with SR19.2 billion"), (19.2e9, "SAR"));
        assert_eq!(one("slightly exceeded 23 billion zlotys"), (23e9, "PLN"));
        assert_eq!(one("nearly 60 billion Russian rubles, or"), (60e9, "RUB"));
        // Not currencies: letters without a multiplier, lower case, or inside a word.
        for s in [
            "model R2 was sold",
            "for 5 billion tons",
            "r5 billion",
            "FOR5 billion",
        ] {
            assert!(money(s).is_empty(), "{s}: {:?}", money(s));
        }
    }

    #[test]
    fn money_spellings() {
        assert_eq!(one("reaching $24.2 billion."), (24.2e9, "USD"));
        assert_eq!(one("USD 31.2 billion"), (31.2e9, "USD"));
        assert_eq!(one("24.2 billion dollars"), (24.2e9, "USD"));
        assert_eq!(one("41.2 billion US dollars,"), (41.2e9, "USD"));
        assert_eq!(one("$460 million"), (460e6, "USD"));
        assert_eq!(one("1 billion US dollars"), (1e9, "USD"));
        assert_eq!(one("$4.5bn"), (4.5e9, "USD"));
        assert_eq!(one("$185 mln"), (185e6, "USD"));
        assert_eq!(one("$185m in"), (185e6, "USD"));
        assert_eq!(one("US$ 2.1 billion"), (2.1e9, "USD"));
        assert_eq!(one("1.2 trillion tenge"), (1.2e12, "KZT"));
        assert_eq!(one("€3.5 billion"), (3.5e9, "EUR"));
        assert_eq!(one("3.5 billion euros"), (3.5e9, "EUR"));
        assert_eq!(one("500 million manats"), (500e6, "AZN"));
        assert_eq!(one("2 billion rubles"), (2e9, "RUB"));
        assert_eq!(one("10 billion yuan"), (10e9, "CNY"));
        assert_eq!(one("one billion dollars"), (1e9, "USD"));
        assert_eq!(one("$1,250 million"), (1250e6, "USD"));
        assert_eq!(24.2e9, 24_200_000_000.0);
        assert!(money("More than 3,000 companies and 13,300 jobs in 2023").is_empty());
    }

    fn pcts(s: &str) -> Vec<f64> {
        growth(&s.to_ascii_lowercase())
            .iter()
            .map(|g| g.pct)
            .collect()
    }

    #[test]
    fn growth_spellings() {
        assert_eq!(pcts("trade grew by 35%"), [35.0]);
        assert_eq!(pcts("a 35% increase in trade"), [35.0]);
        assert_eq!(pcts("up 35 percent"), [35.0]);
        assert_eq!(pcts("trade grew 1.5 times"), [50.0]);
        assert_eq!(pcts("trade increased 2-fold"), [100.0]);
        assert_eq!(pcts("exports fell by 5%"), [-5.0]);
        assert_eq!(pcts("imports decreased by 5.5 per cent"), [-5.5]);
        assert_eq!(pcts("increasing for 23%"), [23.0]);
        assert_eq!(pcts("turnover doubled"), [100.0]);
        assert_eq!(pcts("$1.2 billion (+12.4%)"), [12.4]);
        assert_eq!(pcts("$1.2 billion (-3%)"), [-3.0]);
        assert!(pcts("China accounts for 20% of the trade").is_empty());
        assert!(pcts("a tariff of 15%").is_empty());
    }

    #[test]
    fn bounds() {
        let b = |s: &str| bound_before(s).0;
        assert_eq!(
            bound_before("grew by 40% and exceeded "),
            (Bound::AtLeast, "exceeded".into())
        );
        assert_eq!(b("reached more than "), Bound::AtLeast);
        assert_eq!(b("amounted to almost "), Bound::AtMost);
        assert_eq!(b("stood at about "), Bound::Approx);
        assert_eq!(b("amounted to "), Bound::Exact);
        assert_eq!(b("reached "), Bound::Exact);
    }

    #[test]
    fn compound_amounts() {
        assert_eq!(one("worth $3 billion 250 million in all"), (3.25e9, "USD"));
        assert_eq!(
            one("2 billion dollars 315 million 7 thousand"),
            (2_315_007_000.0, "USD")
        );
        // A larger unit after a smaller one is a new number, not part of the amount.
        assert_eq!(one("$250 million 3 billion"), (250e6, "USD"));
    }

    #[test]
    fn every_code_proposed_is_in_the_iso_list_or_unknown() {
        let words = [
            "$",
            "usd",
            "us dollars",
            "eur",
            "€",
            "euros",
            "₸",
            "tenge",
            "₽",
            "rubles",
            "yuan",
            "rmb",
            "£",
            "pounds",
            "manats",
            "soums",
            "som",
            "somoni",
            "lira",
            "yen",
            "won",
            "rupees",
            "lari",
            "dirhams",
            "riyals",
            "hryvnias",
            "drams",
            "swiss francs",
            "pounds sterling",
        ];
        let mut codes: Vec<&str> = words.iter().map(|w| currency_code(w)).collect();
        codes.extend(
            ["R", "A", "C", "HK", "NZ", "S", "NT", "MX"]
                .iter()
                .filter_map(|l| lettered_dollar(l)),
        );
        for c in codes {
            assert!(crate::currency::is_code(c), "{c}");
        }
        assert_eq!(currency_code("doubloons"), "XXX");
    }

    #[test]
    fn a_dollar_after_letters_is_another_currency() {
        assert_eq!(one("R$ 40 billion"), (40e9, "BRL"));
        assert_eq!(one("A$2.5 billion"), (2.5e9, "AUD"));
        assert_eq!(one("QQ$ 7 billion").1, "XXX");
        assert_eq!(one("US$ 7 billion").1, "USD");
    }

    #[test]
    fn amounts_without_a_currency_take_the_sentences_only_currency() {
        let s = "exports came to 1.5 billion, imports to $900 million";
        let found = money(s);
        let bare = bare_amounts(s, &found);
        assert_eq!(bare.len(), 1, "{bare:?}");
        assert_eq!((bare[0].value, bare[0].currency), (1.5e9, "USD"));
        assert!(bare[0].currency_from_context);
        // Units, a written currency code, a bracketed equivalent, or two currencies: none.
        for s in [
            "1.5 billion people and $900 million",
            "$900 million (EGP 27 billion)",
            "$900 million (27 billion)",
            "$900 million and 800 million euros and 5 billion",
            "1.5 billion and 2 billion",
        ] {
            assert!(bare_amounts(s, &money(s)).is_empty(), "{s}");
        }
    }
}
