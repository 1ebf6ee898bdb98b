//! Periods as releases write them ("last year", "January-October", "the first half of
//! 2023", "Q1 2024"), resolved against a reference year.

use std::sync::LazyLock;

use regex::Regex;

use super::money::Money;
use super::text::month_number;
use crate::fiscal;
use crate::obs::{Pair, Period};

/// Which year a period phrase is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearRef {
    /// A year written out.
    Explicit(i32),
    /// "this year", "the current year": the reference year.
    This,
    /// "last year", "the previous year": the year before the reference year.
    Last,
}

/// What a period phrase says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Span {
    /// A calendar year.
    Year,
    /// Months `first..=last`.
    Months(u8, u8),
    /// Part of the year, months not stated ("this year", "since the start of the year").
    Part,
    /// A fiscal year starting in the mention's year ("FY 2023-24", "the 2019-20 fiscal
    /// year"): its months depend on the country ([`crate::fiscal`]), so it is resolved with
    /// the figure's pair, not here.
    Fiscal,
}

/// One period phrase found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PeriodMention {
    /// Byte span in the sentence.
    pub start: usize,
    /// End of the span (exclusive).
    pub end: usize,
    /// The phrase, for notes.
    pub phrase: String,
    /// Which months.
    pub span: Span,
    /// Which year; `None` when the phrase gives months only ("in January-October").
    pub year: Option<YearRef>,
}

impl PeriodMention {
    /// The period, given the reference year ("this year"); `None` when a relative phrase
    /// meets an unknown reference year, and for a fiscal year (see [`PeriodMention::fiscal`]).
    pub fn resolve(&self, reference: Option<i32>) -> Option<Period> {
        let year = match self.year {
            Some(YearRef::Explicit(y)) => y,
            Some(YearRef::This) | None => reference?,
            Some(YearRef::Last) => reference? - 1,
        };
        Some(match self.span {
            Span::Year => Period::Year(year),
            Span::Months(1, 12) => Period::Year(year),
            Span::Months(first, last) => Period::Months { year, first, last },
            Span::Part => Period::PartYear(year),
            Span::Fiscal => return None,
        })
    }

    /// A fiscal year's period under the convention of a party of `pair` (the reporter's
    /// first), with the note saying which convention and why; `Err` with the reason when
    /// neither party's convention is known. `None` for other phrases.
    pub fn fiscal(&self, pair: Pair) -> Option<Result<(Period, String), String>> {
        let (Span::Fiscal, Some(YearRef::Explicit(start))) = (self.span, self.year) else {
            return None;
        };
        let found = [(pair.reporter, "reporter"), (pair.partner, "partner")]
            .into_iter()
            .find_map(|(p, role)| fiscal::of(p).map(|f| (f, p, role)));
        Some(match found {
            Some((f, party, role)) => {
                let period = f.period(start);
                Ok((
                    period,
                    format!(
                        "\"{}\" = {}: {} ({party} is the {role})",
                        self.phrase,
                        period.describe(),
                        f.words
                    ),
                ))
            }
            None => Err(format!(
                "\"{}\" is a fiscal year whose months are not known for {pair} (known: {}); write \
                 its months as a period",
                self.phrase,
                fiscal::FISCAL_YEARS
                    .iter()
                    .map(|f| f.words)
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
        })
    }

    /// True when resolving needs the reference year.
    pub fn is_relative(&self) -> bool {
        !matches!(self.year, Some(YearRef::Explicit(_)))
    }
}

const MONTH: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";
const YEAR_PHRASE: &str = r"(?:(?:of|in|for)\s+)?(?:the\s+)?(?P<year>(?:19|20)\d\d|this\s+year|current\s+year|last\s+year|previous\s+year|past\s+year|year)";
const COUNT: &str =
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|1|2|3|4|5|6|7|8|9|10|11";

static MONTH_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:from\s+)?(?P<m1>{MONTH})\.?\s*(?:-|to|through|till|until|and)\s*(?P<m2>{MONTH})(?-u:\b)\.?(?:,?\s+{YEAR_PHRASE})?"
    ))
    .unwrap()
});
static FIRST_MONTHS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:(?:the\s+)?first\s+)?(?P<n>{COUNT})\s*-?\s*months?(?-u:\b)(?:\s+{YEAR_PHRASE})?"
    ))
    .unwrap()
});
static HALF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:the\s+)?(?P<which>first|second|1st|2nd)\s+half(?-u:\b)(?:\s+{YEAR_PHRASE})?|(?-u:\b)h(?P<h>[12])\s*(?P<hy>(?:19|20)\d\d)?(?-u:\b)"
    ))
    .unwrap()
});
static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    let y2 = YEAR_PHRASE.replace("<year>", "<year2>");
    Regex::new(&format!(
        r"(?-u:\b)(?:the\s+)?(?P<which>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?-u:\b)(?:\s+{YEAR_PHRASE})?|(?-u:\b)(?:the\s+)?first\s+(?P<nq>two|three)\s+quarters(?-u:\b)(?:\s+{y2})?|(?-u:\b)q(?P<q>[1-4])\s*(?P<qy>(?:19|20)\d\d)?(?-u:\b)|(?-u:\b)(?P<qy2>(?:19|20)\d\d)\s*q(?P<q2>[1-4])(?-u:\b)"
    ))
    .unwrap()
});
static SINGLE_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:in|during|for|of)\s+(?P<m>{MONTH})(?-u:\b)\.?(?:,?\s+{YEAR_PHRASE})?"
    ))
    .unwrap()
});
static RELATIVE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<this>this\s+year|the\s+current\s+year|so\s+far\s+this\s+year|(?:since|from)\s+the\s+(?:beginning|start)\s+of\s+(?:the|this)\s+year|year[\s-]to[\s-]date|ytd)(?-u:\b)|(?-u:\b)(?P<last>last\s+year|the\s+previous\s+year|the\s+past\s+year|a\s+year\s+earlier|the\s+year\s+before)(?-u:\b)").unwrap()
});
/// A fiscal year: "FY 2023-24", "FY2023/24", "fiscal year 2023-2024", "the 2019-20 fiscal
/// year", "2019-20 financial year" (the second year must follow the first).
static FISCAL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    let years = r"(?P<yX>(?:19|20)\d\d)\s*[-/]\s*(?P<zX>(?:19|20)?\d\d)(?-u:\b)";
    Regex::new(&format!(
        r"(?-u:\b)(?:fy\s*'?|(?:fiscal|financial)\s+year\s+(?:of\s+)?){}|(?-u:\b){}\s+(?:fiscal|financial)(?:\s+year)?(?-u:\b)",
        years.replace('X', "1"),
        years.replace('X', "2")
    ))
    .unwrap()
});
static EXPLICIT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?P<y>(?:19|20)\d\d)(?-u:\b)").unwrap());

/// A comparison base ("compared to the same period last year", "than in 2022"): not the
/// period of the figure, so blanked out before periods are read.
static COMPARISON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:compared\s+(?:to|with)|in\s+comparison\s+(?:to|with)|as\s+against|against|versus|vs\.?|than(?:\s+in)?|relative\s+to|over|from)\s+(?:the\s+)?(?:corresponding|same|similar)?\s*(?:period|months?)?\s*(?:of\s+|in\s+)?(?:the\s+)?(?:({MONTH})\s*-\s*({MONTH})\s+)?(?:last\s+year|previous\s+year|(?:19|20)\d\d|a\s+year\s+(?:earlier|ago|before)|the\s+year\s+before|year)(?-u:\b)|(?-u:\b)(?:year[\s-]on[\s-]year|y-o-y|yoy|a\s+year\s+(?:earlier|ago))(?-u:\b)"
    ))
    .unwrap()
});

fn count(s: &str) -> Option<u8> {
    Some(match s {
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
        "eleven" | "11" => 11,
        _ => return None,
    })
}

fn year_ref(s: Option<regex::Match<'_>>) -> Option<YearRef> {
    let s = s?.as_str();
    if let Ok(y) = s.parse::<i32>() {
        return Some(YearRef::Explicit(y));
    }
    if s.starts_with("last") || s.starts_with("previous") || s.starts_with("past") {
        Some(YearRef::Last)
    } else {
        // "this year", "current year", and a bare "year" as in "the first half of the year".
        Some(YearRef::This)
    }
}

/// Blank out comparison bases, keeping byte offsets.
pub(crate) fn without_comparisons(low: &str) -> String {
    let mut s = low.to_string();
    for m in COMPARISON.find_iter(low) {
        s.replace_range(m.range(), &" ".repeat(m.len()));
    }
    s
}

fn overlaps(taken: &[(usize, usize)], a: usize, b: usize) -> bool {
    taken.iter().any(|&(s, e)| a < e && s < b)
}

/// Every period phrase in a sentence (`low`: ASCII-lower-cased, normalised), comparison
/// bases excluded. Longer, more specific phrases win over the bare years inside them.
pub(crate) fn periods(low: &str) -> Vec<PeriodMention> {
    let s = without_comparisons(low);
    let mut out: Vec<PeriodMention> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut push =
        |out: &mut Vec<PeriodMention>, m: regex::Match<'_>, span: Span, year: Option<YearRef>| {
            if overlaps(&taken, m.start(), m.end()) {
                return;
            }
            taken.push((m.start(), m.end()));
            out.push(PeriodMention {
                start: m.start(),
                end: m.end(),
                phrase: m.as_str().trim().to_string(),
                span,
                year,
            });
        };
    for c in FISCAL_YEAR.captures_iter(&s) {
        let (Some(y), Some(z)) = (c.name("y1").or(c.name("y2")), c.name("z1").or(c.name("z2")))
        else {
            continue;
        };
        let start: i32 = y.as_str().parse().unwrap_or(0);
        let end: i32 = z.as_str().parse().unwrap_or(0);
        if end != start + 1 && end != (start + 1) % 100 {
            continue;
        }
        push(
            &mut out,
            c.get(0).unwrap(),
            Span::Fiscal,
            Some(YearRef::Explicit(start)),
        );
    }
    for c in MONTH_RANGE.captures_iter(&s) {
        let (Some(a), Some(b)) = (month_number(&c["m1"]), month_number(&c["m2"])) else {
            continue;
        };
        if a > b {
            continue;
        }
        push(
            &mut out,
            c.get(0).unwrap(),
            Span::Months(a, b),
            year_ref(c.name("year")),
        );
    }
    for c in FIRST_MONTHS.captures_iter(&s) {
        let m = c.get(0).unwrap();
        let Some(n) = count(&c["n"]) else { continue };
        // "six months" alone is a duration; "the first six months" or "six months of 2023" a period.
        let has_first = m.as_str().contains("first");
        let has_year = c
            .name("year")
            .is_some_and(|y| y.as_str() != "year" || has_first);
        // "in 10 months": the months so far this year (not "in the past/next 10 months").
        let before = s[..m.start()].trim_end();
        let in_months = before.ends_with(" in")
            || before.ends_with(" for")
            || before.ends_with(" during")
            || before == "in"
            || before == "for"
            || before == "during";
        if !has_first && !has_year && !in_months {
            continue;
        }
        push(&mut out, m, Span::Months(1, n), year_ref(c.name("year")));
    }
    for c in HALF.captures_iter(&s) {
        let m = c.get(0).unwrap();
        let first = c.name("which").map_or_else(
            || c.name("h").is_some_and(|h| h.as_str() == "1"),
            |w| w.as_str().starts_with('1') || w.as_str() == "first",
        );
        let span = if first {
            Span::Months(1, 6)
        } else {
            Span::Months(7, 12)
        };
        let year = year_ref(c.name("year").or_else(|| c.name("hy")));
        push(&mut out, m, span, year);
    }
    for c in QUARTER.captures_iter(&s) {
        let m = c.get(0).unwrap();
        let span = if let Some(nq) = c.name("nq") {
            Span::Months(1, if nq.as_str() == "two" { 6 } else { 9 })
        } else {
            let q = match c.name("which").map(|w| w.as_str()) {
                Some("first" | "1st") => 1,
                Some("second" | "2nd") => 2,
                Some("third" | "3rd") => 3,
                Some(_) => 4,
                None => c
                    .name("q")
                    .or_else(|| c.name("q2"))
                    .and_then(|q| q.as_str().parse().ok())
                    .unwrap_or(1),
            };
            Span::Months(q * 3 - 2, q * 3)
        };
        let year = year_ref(
            c.name("year")
                .or_else(|| c.name("year2"))
                .or_else(|| c.name("qy"))
                .or_else(|| c.name("qy2")),
        );
        push(&mut out, m, span, year);
    }
    for c in SINGLE_MONTH.captures_iter(&s) {
        let m = c.get(0).unwrap();
        let name = &c["m"];
        // "may" is a month only with a year after it or as "in May".
        if name == "may" && c.name("year").is_none() && !m.as_str().starts_with("in") {
            continue;
        }
        let Some(n) = month_number(name) else {
            continue;
        };
        push(&mut out, m, Span::Months(n, n), year_ref(c.name("year")));
    }
    for c in RELATIVE_YEAR.captures_iter(&s) {
        let m = c.get(0).unwrap();
        if c.name("this").is_some() {
            push(&mut out, m, Span::Part, Some(YearRef::This));
        } else {
            push(&mut out, m, Span::Year, Some(YearRef::Last));
        }
    }
    for c in EXPLICIT_YEAR.captures_iter(&s) {
        let m = c.get(0).unwrap();
        let y: i32 = c["y"].parse().unwrap_or(0);
        let before = s[..m.start()].trim_end();
        let after = &s[m.end()..];
        // "by 2030", "until 2030", "since 2005", "2025-2026", "the 2030 agenda": not a
        // period of a reported figure.
        if before.ends_with("by")
            || before.ends_with("until")
            || before.ends_with("till")
            || before.ends_with("through")
            || before.ends_with("before")
            || before.ends_with("since")
            || before.ends_with("-")
            || after.trim_start().starts_with('-')
            || after.starts_with("s")
        {
            continue;
        }
        push(&mut out, m, Span::Year, Some(YearRef::Explicit(y)));
    }
    out.sort_by_key(|p| p.start);
    one_year_for_all(&mut out);
    out
}

/// "In 2023, turnover for January-November ...": months without a year take the one year the
/// sentence names, and that bare year is not a period of its own.
fn one_year_for_all(out: &mut Vec<PeriodMention>) {
    let years: Vec<i32> = out
        .iter()
        .filter(|p| p.span == Span::Year)
        .filter_map(|p| match p.year {
            Some(YearRef::Explicit(y)) => Some(y),
            _ => None,
        })
        .collect();
    let open = out.iter().any(|p| p.year.is_none());
    if open && !years.is_empty() && years.iter().all(|&y| y == years[0]) {
        let y = years[0];
        out.retain(|p| !(p.span == Span::Year && p.year == Some(YearRef::Explicit(y))));
        for p in out.iter_mut().filter(|p| p.year.is_none()) {
            p.year = Some(YearRef::Explicit(y));
            p.phrase = format!("{} ({y})", p.phrase);
        }
    }
}

static CUMULATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:since\s+(?:19|20)\d\d|(?:19|20)\d\d\s*-\s*(?:19|20)\d\d|(?:over|in|during|for)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years|decades?)|(?:over|in|during)\s+(?:\w+\s+)?years(?-u:\b)|in\s+(?:the\s+)?(?:19|20)\d\d\s*-\s*(?:19|20)\d\d)").unwrap()
});

/// A multi-year span or a cumulative total ("since 2005", "over the past five years",
/// "in 2019-2023"): not an annual or within-year period. A fiscal year among `periods`
/// ("fiscal year 2022-2023") is not one.
pub(crate) fn multi_year(low: &str, periods: &[PeriodMention]) -> Option<String> {
    CUMULATIVE
        .find_iter(low)
        .find(|m| {
            !periods
                .iter()
                .any(|p| p.span == Span::Fiscal && p.start < m.end() && m.start() < p.end)
        })
        .map(|m| m.as_str().to_string())
}

// Which period a figure has.

/// Clause boundaries: punctuation and conjunctions that separate figures.
pub(crate) fn clause(low: &str, pos: usize) -> (usize, usize) {
    let is_boundary = |c: char| matches!(c, ',' | ';' | '(' | ')' | ':');
    let lo = low[..pos].rfind(is_boundary).map_or(0, |i| i + 1);
    let hi = low[pos..].find(is_boundary).map_or(low.len(), |i| pos + i);
    (lo, hi)
}

pub(crate) fn period_for<'a>(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn first(s: &str, reference: i32) -> String {
        let p = periods(&s.to_ascii_lowercase());
        assert!(!p.is_empty(), "{s}");
        p[0].resolve(Some(reference)).unwrap().to_string()
    }

    #[test]
    fn phrases() {
        assert_eq!(first("Last year, trade grew", 2023), "2022");
        assert_eq!(first("this year trade grew", 2023), "2023-part");
        assert_eq!(first("In 2023, trade grew", 2024), "2023");
        assert_eq!(
            first("in January-October this year amounted", 2024),
            "2024-01/2024-10"
        );
        assert_eq!(first("January - October 2023", 2024), "2023-01/2023-10");
        assert_eq!(first("from January to March 2023", 2024), "2023-01/2023-03");
        assert_eq!(
            first("by the end of the first ten months of 2023", 2024),
            "2023-01/2023-10"
        );
        assert_eq!(
            first("the first four months of this year", 2023),
            "2023-01/2023-04"
        );
        assert_eq!(first("in the first half of 2023", 2024), "2023-01/2023-06");
        assert_eq!(first("in Q1 2024", 2024), "2024-01/2024-03");
        assert_eq!(
            first("in the third quarter of last year", 2024),
            "2023-07/2023-09"
        );
        assert_eq!(first("in 11 months of 2023", 2024), "2023-01/2023-11");
        assert_eq!(first("in the first nine months", 2024), "2024-01/2024-09");
        assert_eq!(
            first("exceeded $30 billion in 10 months", 2024),
            "2024-01/2024-10"
        );
        assert!(periods("over the past 10 months").is_empty());
        assert_eq!(first("in March 2024", 2024), "2024-03/2024-03");
        assert_eq!(
            first("in 2023, turnover for january-november", 2024),
            "2023-01/2023-11"
        );
    }

    #[test]
    fn fiscal_years_wait_for_the_pair() {
        let india: Pair = "KZ-IN".parse().unwrap();
        let pakistan: Pair = "PK-KZ".parse().unwrap();
        for (text, pair, period) in [
            (
                "trade reached $1.3 billion in fy 2023-24",
                india,
                "2023-04/2024-03",
            ),
            ("in fy2023/24 trade", india, "2023-04/2024-03"),
            ("in fiscal year 2022-2023 trade", india, "2022-04/2023-03"),
            ("in the 2019-20 fiscal year", pakistan, "2019-07/2020-06"),
            ("the 2019-20 financial year", india, "2019-04/2020-03"),
        ] {
            let p = periods(text);
            assert_eq!(p.len(), 1, "{text}: {p:?}");
            assert_eq!(p[0].resolve(Some(2024)), None);
            let (per, note) = p[0].fiscal(pair).unwrap().unwrap();
            assert_eq!(per.to_string(), period, "{text}");
            assert!(note.contains("fiscal year runs"), "{note}");
        }
        let p = periods("in fy 2023-24");
        assert!(p[0].fiscal("KZ-CN".parse().unwrap()).unwrap().is_err());
        // Not consecutive years: a multi-year span, not a fiscal year.
        assert!(periods("in fy 2019-23").is_empty());
    }

    #[test]
    fn comparison_bases_are_not_periods() {
        let p = periods("in january-october this year amounted to x, up 23% compared to the same period last year");
        assert_eq!(p.len(), 1);
        assert!(periods("up 5% year-on-year").is_empty());
        assert!(periods("trade reached $5 billion by 2030").is_empty());
        assert!(periods("investments since 2005").is_empty());
    }
}
