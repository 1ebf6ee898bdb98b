//! Text handling: typographic normalisation, the publication date, sentence splitting.

use std::sync::LazyLock;

use regex::Regex;

use crate::obs::Date;

/// One sentence of an article, as written and in a normalised form for matching.
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    /// The sentence as written (trimmed): what a quote shows.
    pub text: String,
    /// Typographic normalisation of `text` (straight quotes, ASCII dashes, plain spaces).
    pub norm: String,
    /// `norm` in ASCII lower case: same byte offsets as `norm`.
    pub low: String,
    /// True for the first sentence of the article when it is a line of its own with no
    /// final punctuation: a headline.
    pub headline: bool,
}

/// Straight quotes, ASCII hyphens and plain spaces, so that patterns need one spelling.
pub(crate) fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' | '\u{201E}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            '\u{00A0}' | '\u{2009}' | '\u{202F}' | '\u{2007}' | '\t' => ' ',
            c => c,
        })
        .collect()
}

/// Where the publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateSource {
    /// A `date: YYYY-MM-DD` (or ` date YYYY-MM-DD`) first line.
    DateLine,
    /// A short dateline near the top, e.g. `Astana, Kazakhstan • 03 January, 2024 | 14:16`.
    Dateline,
}

static FIRST_LINE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:date|published|posted)\s*:?\s*(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?\s*").unwrap()
});

const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\.?,?\s+(\d{{4}})(?-u:\b)"
    ))
    .unwrap()
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?-u:\b)"
    ))
    .unwrap()
});
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{4})[-/.](\d{2})[-/.](\d{2})(?-u:\b)").unwrap());
static DOTTED_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{1,2})\.(\d{1,2})\.(\d{4})(?-u:\b)").unwrap());

/// Month number (1-based) of an English month name or abbreviation.
pub(crate) fn month_number(name: &str) -> Option<u8> {
    let n = name.to_ascii_lowercase();
    let n = n.trim_end_matches('.');
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if n.len() < 3 {
        return None;
    }
    NAMES
        .iter()
        .position(|m| n.starts_with(m))
        .map(|i| i as u8 + 1)
}

fn date_in_line(line: &str) -> Option<Date> {
    if let Some(c) = ISO_DATE.captures(line) {
        if let Ok(d) = Date::try_new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?) {
            return Some(d);
        }
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(line) {
        return Date::try_new(c[3].parse().ok()?, month_number(&c[2])?, c[1].parse().ok()?).ok();
    }
    if let Some(c) = MONTH_DAY_YEAR.captures(line) {
        return Date::try_new(c[3].parse().ok()?, month_number(&c[1])?, c[2].parse().ok()?).ok();
    }
    if let Some(c) = DOTTED_DATE.captures(line) {
        return Date::try_new(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?).ok();
    }
    None
}

/// The publication date, where it came from, and the article body with a leading
/// `date:` prefix removed (the rest of that line stays: seeds put text after it).
pub(crate) fn publication_date(text: &str) -> (Option<(Date, DateSource)>, &str) {
    let skip = header_len(text);
    if let Some(c) = FIRST_LINE_DATE.captures(&text[skip..]) {
        let parsed =
            (|| Date::try_new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?).ok())();
        if let Some(d) = parsed {
            // Behind header lines the body keeps them (a `url:` names the publisher).
            let body = if skip == 0 {
                &text[c.get(0).map_or(0, |m| m.end())..]
            } else {
                text
            };
            return (Some((d, DateSource::DateLine)), body);
        }
    }
    // A dateline: a short line near the top that holds a full date and little else.
    for line in text.lines().take(25) {
        let line = line.trim();
        if line.is_empty() || line.len() > 100 || line.split_whitespace().count() > 12 {
            continue;
        }
        if let Some(d) = date_in_line(line) {
            return (Some((d, DateSource::Dateline)), text);
        }
    }
    (None, text)
}

/// Header lines before the date line: `url: ...`, `source: ...`, `title: ...`, `link: ...`.
static HEADER_LINES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[ \t]*(?:url|source|link|title)[ \t]*:[^\n]*\n)+").unwrap()
});

/// A date line that says the date is not known: `date: unknown`, `date: n/a`, `date:`.
static UNKNOWN_DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:date|published|posted)[ \t]*:[ \t]*(?:unknown|n/?a|none|not\s+stated|-+|\?+)?[ \t]*(?:\n|$)").unwrap()
});

/// Bytes of header lines (`url: ...`) at the top, before a date line.
fn header_len(text: &str) -> usize {
    HEADER_LINES.find(text).map_or(0, |m| m.end())
}

/// The text's date line says the date is unknown (`date: unknown`): the year must not be
/// guessed from the text.
pub(crate) fn date_stated_unknown(text: &str) -> bool {
    UNKNOWN_DATE_LINE.is_match(&text[header_len(text)..])
}

/// A first-line date (`date: 2023-02-30`) that matches the pattern but is not a real date:
/// the warning to show, since the line is otherwise ignored as if there were none.
pub(crate) fn invalid_date_line(text: &str) -> Option<String> {
    let skip = header_len(text);
    let c = FIRST_LINE_DATE.captures(&text[skip..])?;
    let (y, m, d) = (&c[1], &c[2], &c[3]);
    let parsed = (|| Date::try_new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok())();
    // Blank lines may come before it.
    let line = c.get(1).map_or(1, |g| {
        text[..skip + g.start()]
            .bytes()
            .filter(|&b| b == b'\n')
            .count()
            + 1
    });
    match parsed {
        Some(_) => None,
        None => Some(format!(
            "line {line}: the date line {y}-{m}-{d} is not a real date and was ignored: correct \
             it (YYYY-MM-DD), or remove it and give the year with --assume-year"
        )),
    }
}

/// Line number (1-based) of the first occurrence of `needle` in `text`, if any.
pub(crate) fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.find(needle)
        .map(|at| text[..at].bytes().filter(|&b| b == b'\n').count() + 1)
}

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "vs", "etc", "e.g", "i.e",
    "gen", "gov", "sen", "rep", "prof", "jr", "sr", "u.s", "u.k", "approx", "est", "bln", "mln",
    "mn", "bn", "thous", "ca", "pp", "p", "vol", "art", "dept", "univ", "rev", "hon",
];

fn ends_with_abbreviation(before: &str) -> bool {
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let w = word.to_ascii_lowercase();
    if w.is_empty() {
        return false;
    }
    // Initials such as "J." or "U.S.".
    if w.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return true;
    }
    ABBREVIATIONS.contains(&w.as_str())
}

/// Split an article body into sentences: one line is one paragraph; within a line, a
/// sentence ends at `.`, `!` or `?` (with any closing quotes) followed by a space and an
/// upper-case letter, a digit or an opening quote, outside parentheses and not after an
/// abbreviation or an initial.
pub(crate) fn sentences(body: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = true;
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let pieces = split_line(line);
        let single = pieces.len() == 1;
        for piece in pieces {
            let text = piece.trim().to_string();
            if text.is_empty() {
                continue;
            }
            let headline = first && single && !text.ends_with(['.', '!', '?', '"', '\u{201D}']);
            first = false;
            let norm = normalize(&text);
            let low = norm.to_ascii_lowercase();
            out.push(Sentence {
                text,
                norm,
                low,
                headline,
            });
        }
    }
    out
}

fn split_line(line: &str) -> Vec<&str> {
    // Byte scan: every byte tested is ASCII, and ASCII bytes never occur inside a
    // multi-byte UTF-8 sequence, so each index used to slice is a char boundary.
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = (depth - 1).max(0),
            b'.' | b'!' | b'?' if depth == 0 => {
                // Swallow closing quotes and further punctuation.
                let mut j = i + 1;
                loop {
                    if j < b.len() && matches!(b[j], b'"' | b'\'' | b'.' | b'!' | b'?' | b')') {
                        j += 1;
                    } else if line[j..].starts_with(['\u{201D}', '\u{2019}']) {
                        j += 3;
                    } else {
                        break;
                    }
                }
                let mut k = j;
                while k < b.len() && b[k].is_ascii_whitespace() {
                    k += 1;
                }
                let spaced = k > j;
                let next_starts = line[k..].chars().next().is_some_and(|c| {
                    c.is_uppercase()
                        || c.is_ascii_digit()
                        || matches!(c, '"' | '\u{201C}' | '\'' | '\u{2018}' | '(' | '#')
                });
                // "Nov. 4" and "No. 5": an abbreviation never ends a sentence here.
                let abbreviation = b[i] == b'.' && ends_with_abbreviation(&line[start..i]);
                if spaced && next_starts && !abbreviation {
                    out.push(&line[start..j]);
                    start = k;
                    i = k;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

/// Append a clause to a note, "; "-separated; empty clauses are skipped.
pub(crate) fn push_note(note: &mut String, s: &str) {
    if s.is_empty() {
        return;
    }
    if !note.is_empty() {
        note.push_str("; ");
    }
    note.push_str(s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_but_not_abbreviations_or_decimals() {
        let s = sentences("He came on Nov. 4 to Astana. Trade reached $24.2 billion (up 5%. Really.) Then U.S. trade grew. \"Yes.\" He said.");
        let t: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            t,
            [
                "He came on Nov. 4 to Astana.",
                "Trade reached $24.2 billion (up 5%. Really.) Then U.S. trade grew.",
                "\"Yes.\"",
                "He said."
            ]
        );
    }

    #[test]
    fn finds_dates() {
        let (d, body) = publication_date(" date 2023-11-06 ASTANA - text");
        assert_eq!(d.unwrap().0.to_string(), "2023-11-06");
        assert_eq!(body, "ASTANA - text");
        let (d, _) =
            publication_date("Title\nAstana, Kazakhstan • 03 January, 2024 | 14:16\nBody.");
        assert_eq!(
            d.unwrap(),
            ("2024-01-03".parse().unwrap(), DateSource::Dateline)
        );
        let (d, _) = publication_date("Title\nMarch 17, 2024\nBody.");
        assert_eq!(d.unwrap().0.to_string(), "2024-03-17");
        assert!(publication_date("No date here.\nIn 2023 trade grew.")
            .0
            .is_none());
    }
}
