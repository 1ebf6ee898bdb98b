//! One field at a time: ids, parties, amounts, growth, currency, dates and quotes, each parsed
//! or reported with what would be accepted.

use std::str::FromStr;

use super::problems::{bad, shorten, Sink};
use super::suggest::closest;
use super::table::Row;
use super::{MAX_GROWTH_PCT, MAX_USD};
use crate::obs::{Date, Pair, ParseError};

/// Parse a field with `FromStr`, reporting a failure with an optional spelling suggestion.
/// `None`: the field is unusable or was reported.
pub(super) fn parse_field<T: FromStr<Err = ParseError>>(
    sink: &mut Sink,
    row: &Row,
    column: &str,
    spellings: &[&str],
) -> Option<T> {
    let text = row.get(column)?;
    match text.parse::<T>() {
        Ok(v) => Some(v),
        Err(e) => {
            let mut message = e.to_string();
            if let Some(s) = closest(text, spellings) {
                message.push_str(&format!("; did you mean {s:?}?"));
            }
            sink.error(Some(row.line), Some(column), message);
            None
        }
    }
}

pub(super) fn required<'r>(
    sink: &mut Sink,
    row: &'r Row,
    column: &str,
    what: &str,
) -> Option<&'r str> {
    let text = row.get(column)?;
    if text.is_empty() {
        sink.error(
            Some(row.line),
            Some(column),
            format!("{column} is blank: expected {what}"),
        );
        return None;
    }
    Some(text)
}

pub(super) fn valid_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

pub(super) fn parse_id(sink: &mut Sink, row: &Row) -> Option<String> {
    let text = required(sink, row, "id", "a unique id such as o001")?;
    if !valid_id(text) {
        sink.error(
            Some(row.line),
            Some("id"),
            bad(
                text,
                "an id of 1 to 64 ASCII letters, digits, '_', '-' or '.', e.g. o001",
            ),
        );
        return None;
    }
    Some(text.to_string())
}

/// Assigned ISO 3166-1 alpha-2 codes, plus `EU` and `XK` (Kosovo).
pub(super) const PARTIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
    BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
    CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
    DE DJ DK DM DO DZ EC EE EG EH ER ES ET EU FI FJ FK FM FO FR \
    GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY \
    HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
    KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY \
    MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
    NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY \
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
    TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ \
    VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// True when `code` is an assigned ISO 3166-1 alpha-2 code, `EU` or `XK`.
pub fn is_known_party(code: &str) -> bool {
    code.len() == 2 && PARTIES.split_ascii_whitespace().any(|p| p == code)
}

pub(super) fn parse_pair(sink: &mut Sink, row: &Row) -> Option<Pair> {
    let text = row.get("pair")?;
    // Lower case is a common slip; suggest the capitals rather than a generic message.
    let upper = text.to_ascii_uppercase();
    let hint: Vec<&str> = if upper != text && upper.parse::<Pair>().is_ok() {
        vec![upper.as_str()]
    } else {
        vec![]
    };
    let pair: Pair = parse_field(sink, row, "pair", &hint)?;
    for party in [pair.reporter, pair.partner] {
        let code = party.as_str();
        if !is_known_party(code) {
            let advice = match code {
                "UK" => "; the United Kingdom is GB",
                "EL" => "; Greece is GR",
                _ => "",
            };
            sink.error(
                Some(row.line),
                Some("pair"),
                bad(
                    text,
                    format!(
                        "assigned ISO 3166-1 alpha-2 codes or EU, but {code} is not one{advice}"
                    ),
                ),
            );
            return None;
        }
    }
    Some(pair)
}

/// Why a number field was refused, with a hint for the usual mistakes.
pub(super) fn number_problem(text: &str, what: &str, example: &str) -> String {
    let digits_and = |extra: &[char]| {
        text.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || extra.contains(&c))
    };
    if text.contains(',') && digits_and(&[',']) {
        if text.matches(',').count() == 1
            && !text.contains('.')
            && text.len() - text.find(',').unwrap_or(0) != 4
        {
            return bad(
                text,
                format!("{what} with a point as decimal separator, e.g. {example}"),
            );
        }
        return bad(
            text,
            format!("{what}, without thousands separators, e.g. {example}"),
        );
    }
    if text.contains([' ', '_', '\'', '\u{a0}']) && digits_and(&[' ', '_', '\'', '\u{a0}']) {
        return bad(
            text,
            format!("{what}, without thousands separators, e.g. {example}"),
        );
    }
    bad(text, format!("{what}, e.g. {example}"))
}

/// A plain decimal number: digits, point, sign, exponent. Rejects `inf`, `NaN`, hex and so on,
/// which `f64::from_str` would otherwise accept.
pub(super) fn plain_number(text: &str) -> Option<f64> {
    let ok = !text.is_empty()
        && text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if ok {
        text.parse().ok()
    } else {
        None
    }
}

/// A positive, finite amount of US dollars; `Ok(None)` when blank.
pub(super) fn parse_amount(sink: &mut Sink, row: &Row) -> Option<Option<f64>> {
    let text = row.get("value_usd")?;
    if text.is_empty() {
        return Some(None);
    }
    const WHAT: &str = "an amount in US dollars as plain digits";
    const EXAMPLE: &str = "24200000000 for $24.2 billion";
    let report = |sink: &mut Sink, message: String| {
        sink.error(Some(row.line), Some("value_usd"), message);
        None
    };
    let Some(v) = plain_number(text) else {
        let lower = text.to_ascii_lowercase();
        if text.contains('$')
            || ["bn", "billion", "mln", "million", "m", "k", "usd"]
                .iter()
                .any(|w| lower.ends_with(w))
        {
            return report(
                sink,
                bad(
                    text,
                    format!("{WHAT}, without currency signs or words, e.g. {EXAMPLE}"),
                ),
            );
        }
        return report(sink, number_problem(text, WHAT, EXAMPLE));
    };
    if !v.is_finite() {
        return report(
            sink,
            bad(
                text,
                format!("a finite amount (this one overflows); {WHAT}"),
            ),
        );
    }
    if v <= 0.0 {
        let hint = if row.columns.contains(&"growth_pct") {
            " (a fall belongs in growth_pct, as a negative percent)"
        } else {
            ""
        };
        return report(
            sink,
            bad(
                text,
                format!(
                    "a positive amount in US dollars: trade values are never zero or negative{hint}"
                ),
            ),
        );
    }
    if v > MAX_USD {
        return report(
            sink,
            bad(
                text,
                format!(
                    "at most 10^15 US dollars (world trade is about 3×10^13 a year): check the \
                     digits; {WHAT}, e.g. {EXAMPLE}"
                ),
            ),
        );
    }
    if v < 1.0 {
        return report(
            sink,
            bad(
                text,
                format!("at least one US dollar: value_usd is in dollars, e.g. {EXAMPLE}"),
            ),
        );
    }
    if v < 1e6 {
        sink.warn(
            Some(row.line),
            Some("value_usd"),
            format!(
                "value {text} is less than one million US dollars: is it written in millions or \
                 billions? value_usd is in dollars, e.g. {EXAMPLE}"
            ),
        );
    }
    Some(Some(v))
}

/// Growth in percent, returned as a fraction; `Ok(None)` when blank.
pub(super) fn parse_growth(sink: &mut Sink, row: &Row) -> Option<Option<f64>> {
    let text = row.get("growth_pct")?;
    if text.is_empty() {
        return Some(None);
    }
    const WHAT: &str = "a change in percent, as a plain number";
    let report = |sink: &mut Sink, message: String| {
        sink.error(Some(row.line), Some("growth_pct"), message);
        None
    };
    let Some(pct) = plain_number(text) else {
        if let Some(n) = text.strip_suffix('%') {
            if plain_number(n.trim()).is_some() {
                return report(
                    sink,
                    bad(
                        text,
                        format!("{WHAT} without the % sign: write {} (growth_pct is already in percent)", n.trim()),
                    ),
                );
            }
        }
        return report(sink, number_problem(text, WHAT, "35 or -12.5"));
    };
    if !pct.is_finite() {
        return report(sink, bad(text, format!("a finite number; {WHAT}")));
    }
    if pct <= -100.0 {
        return report(
            sink,
            bad(
                text,
                "a change above -100 percent (a fall of 100% or more would leave nothing to trade)",
            ),
        );
    }
    if pct > MAX_GROWTH_PCT {
        return report(
            sink,
            bad(
                text,
                "a change of at most 100000 percent (a thousand-fold rise); check the figure",
            ),
        );
    }
    Some(Some(pct / 100.0))
}

/// `USD`, required when there is a value. Returns false after reporting a problem.
pub(super) fn check_currency(sink: &mut Sink, row: &Row, value: Option<Option<f64>>) -> bool {
    let Some(text) = row.get("currency") else {
        return true;
    };
    if text == "USD" {
        return true;
    }
    let value_text = row.get("value_usd").unwrap_or("");
    let message = if text.is_empty() {
        if !matches!(value, Some(Some(_))) {
            return true;
        }
        "currency is blank: expected USD (tradecast works in US dollars)".to_string()
    } else if text.eq_ignore_ascii_case("USD") {
        bad(text, "USD, in capitals")
    } else if value_text.is_empty() {
        format!(
            "{}: growth_pct must be the change of the dollar value, and growth measured in {} \
             differs from it whenever the exchange rate moves; find the dollar figures or leave \
             the row out",
            bad(text, "USD or blank on a growth-only row"),
            shorten(text),
        )
    } else {
        format!(
            "{}: tradecast works in US dollars; convert {} {} with a dated exchange rate \
             (e.g. the central bank's rate on the date of the source), write the dollar amount in \
             value_usd and record the rate and its date in note",
            bad(text, "USD"),
            shorten(value_text),
            shorten(text),
        )
    };
    sink.error(Some(row.line), Some("currency"), message);
    false
}

/// A date, or `None` (blank) when the note explains how the year was found.
pub(super) fn parse_date_or_note(sink: &mut Sink, row: &Row, column: &str) -> Option<Option<Date>> {
    let text = row.get(column)?;
    if text.is_empty() {
        if let Some(note) = row.get("note") {
            if note.is_empty() {
                sink.error(
                    Some(row.line),
                    Some(column),
                    format!(
                        "{column} is blank and note is empty: give the date as YYYY-MM-DD, or, \
                         when the source has no date line, say in note how the year was inferred"
                    ),
                );
                return None;
            }
        }
        return Some(None);
    }
    parse_field::<Date>(sink, row, column, &[]).map(Some)
}

pub(super) fn text_field(sink: &mut Sink, row: &Row, column: &str, what: &str) -> Option<String> {
    required(sink, row, column, what).map(str::to_string)
}

pub(super) fn check_quote(sink: &mut Sink, row: &Row, quote: &str) {
    if let Some(at) = second_sentence(quote) {
        sink.warn(
            Some(row.line),
            Some("quote"),
            format!(
                "the quote has more than one sentence (the second begins {:?}): quote only the \
                 sentence that states the figure",
                shorten(&quote[at..])
            ),
        );
    }
}

/// Words that end in a point without ending a sentence.
pub(super) const ABBREVIATIONS: [&str; 28] = [
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "no", "nos", "inc", "ltd", "co", "corp",
    "vs", "etc", "gen", "gov", "sen", "rep", "jan", "feb", "aug", "sept", "oct", "nov", "dec",
    "approx",
];

/// Byte offset where a second sentence begins, if any: a `.`, `!` or `?` (perhaps followed by
/// closing quotes or brackets), whitespace, then (perhaps after opening quotes) a capital.
/// Points after initials and abbreviations (`U.S. President`, `Mr. Smith`) and inside numbers
/// (`$24.2 billion`) do not count.
pub fn second_sentence(text: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(_, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut j = k + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '”' | '’' | ')' | '»') {
            j += 1;
        }
        let space_start = j;
        while j < chars.len() && chars[j].1.is_whitespace() {
            j += 1;
        }
        if j == space_start {
            continue;
        }
        let start = j;
        while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '“' | '‘' | '(' | '«') {
            j += 1;
        }
        if j >= chars.len() || !chars[j].1.is_uppercase() {
            continue;
        }
        if c == '.' {
            // The word before the point.
            let mut w = k;
            while w > 0 && chars[w - 1].1.is_alphanumeric() {
                w -= 1;
            }
            let word: String = chars[w..k].iter().map(|&(_, c)| c).collect();
            let initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
            if initial || ABBREVIATIONS.contains(&word.to_lowercase().as_str()) {
                continue;
            }
        }
        return Some(chars[start].0);
    }
    None
}

/// A year column (`deadline`, `base_year`): blank, or a four-digit year in [`crate::obs::YEAR_RANGE`];
/// anything else is an error at the row and column, with `expected` as the fix.
pub(super) fn parse_year_field(
    sink: &mut Sink,
    row: &Row,
    column: &str,
    text: &str,
    expected: &str,
) -> Option<Option<i32>> {
    if text.is_empty() {
        return Some(None);
    }
    let year = (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse::<i32>().ok())
        .flatten()
        .filter(|y| crate::obs::YEAR_RANGE.contains(y));
    if year.is_none() {
        sink.error(Some(row.line), Some(column), bad(text, expected));
        return None;
    }
    Some(year)
}
