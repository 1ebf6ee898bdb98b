//! Plain data for reported figures: who trades with whom, which flow, which period, how exact.
//!
//! Every type here parses from and prints to the exact text used in `data/*.csv`, so
//! `s.parse::<T>()?.to_string() == s` for every accepted canonical `s`.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// Why a field could not be parsed: the bad value and what would have been accepted.
///
/// The loader adds the file, line and column; this type only knows the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The text that was refused (possibly shortened for display).
    pub value: String,
    /// What would have been accepted, in words, e.g. "one of exact, approx, at_least, at_most".
    pub expected: String,
}

impl ParseError {
    fn new(value: &str, expected: impl Into<String>) -> Self {
        let mut value = value.to_string();
        if value.chars().count() > 60 {
            value = value.chars().take(57).collect::<String>() + "...";
        }
        ParseError {
            value,
            expected: expected.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad value {:?}: expected {}", self.value, self.expected)
    }
}

impl std::error::Error for ParseError {}

macro_rules! serialize_as_display {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    )*};
}

/// A trading party: an ISO 3166-1 alpha-2 country code, or `EU` for the European Union.
///
/// Invariant: exactly two ASCII uppercase letters. That is also what makes a code safe
/// to use in a file name: no input can smuggle `/` or `..` through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Party([u8; 2]);

impl Party {
    /// The two-letter code.
    pub fn as_str(&self) -> &str {
        // Invariant: both bytes are ASCII uppercase letters.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl FromStr for Party {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let b = s.as_bytes();
        if b.len() == 2 && b.iter().all(u8::is_ascii_uppercase) {
            Ok(Party([b[0], b[1]]))
        } else {
            Err(ParseError::new(
                s,
                "a two-letter ISO 3166-1 alpha-2 code in capitals (e.g. KZ, CN) or EU",
            ))
        }
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Reporter and partner: `KZ-CN` is Kazakhstan's trade with China, seen from Kazakhstan. Whose
/// statistics a figure comes from is [`Side`], recorded apart; which rows measure the same
/// trade whatever the order of the codes is [`Trade`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pair {
    /// The country whose statistics (or officials) report the figure.
    pub reporter: Party,
    /// The other side.
    pub partner: Party,
}

impl FromStr for Pair {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let expected = "REPORTER-PARTNER as two ISO alpha-2 codes in capitals, e.g. KZ-CN or KZ-EU";
        let (r, p) = s
            .split_once('-')
            .ok_or_else(|| ParseError::new(s, expected))?;
        let reporter: Party = r.parse().map_err(|_| ParseError::new(s, expected))?;
        let partner: Party = p.parse().map_err(|_| ParseError::new(s, expected))?;
        if reporter == partner {
            return Err(ParseError::new(s, "two different parties"));
        }
        Ok(Pair { reporter, partner })
    }
}

impl fmt::Display for Pair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.reporter, self.partner)
    }
}

impl Pair {
    /// The same two parties the other way round: `KZ-CN` → `CN-KZ`.
    pub fn reversed(&self) -> Pair {
        Pair {
            reporter: self.partner,
            partner: self.reporter,
        }
    }
    /// True when `party` is one of the two.
    pub fn contains(&self, party: Party) -> bool {
        self.reporter == party || self.partner == party
    }
}

/// Which trade a (pair, flow) names, whatever the order of the codes: the key under which
/// figures written either way are reconciled together.
///
/// - Turnover of A with B is B's turnover with A: `KZ-KG turnover` and `KG-KZ turnover` are one
///   trade, `Trade::Turnover` with the two codes in alphabetical order.
/// - A's exports to B are B's imports from A: `KZ-EU exports` and `EU-KZ imports` are one
///   trade, `Trade::Goods { from: KZ, to: EU }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Trade {
    /// Exports plus imports between two parties (alphabetical order).
    Turnover(Party, Party),
    /// Goods shipped from one party to the other.
    Goods {
        /// The exporter.
        from: Party,
        /// The importer.
        to: Party,
    },
}

impl Trade {
    /// The trade a pair and flow name.
    pub fn of(pair: Pair, flow: Flow) -> Trade {
        let (r, p) = (pair.reporter, pair.partner);
        match flow {
            Flow::Turnover => Trade::Turnover(r.min(p), r.max(p)),
            Flow::Exports => Trade::Goods { from: r, to: p },
            Flow::Imports => Trade::Goods { from: p, to: r },
        }
    }
    /// The pair and flow that name this trade from `reporter`'s side (`None` if it is not a party).
    pub fn named_from(&self, reporter: Party) -> Option<(Pair, Flow)> {
        match *self {
            Trade::Turnover(a, b) if a == reporter || b == reporter => {
                let partner = if a == reporter { b } else { a };
                Some((Pair { reporter, partner }, Flow::Turnover))
            }
            Trade::Goods { from, to } if from == reporter => Some((
                Pair {
                    reporter,
                    partner: to,
                },
                Flow::Exports,
            )),
            Trade::Goods { from, to } if to == reporter => Some((
                Pair {
                    reporter,
                    partner: from,
                },
                Flow::Imports,
            )),
            _ => None,
        }
    }
}

/// Whose statistics a figure comes from: the `reported_by` column of `observations.csv`.
///
/// CSV spelling: the ISO code of the country (or `EU`) whose statistics give the figure, which
/// must be one of the pair's two codes: for a `KZ-CN` row, `KZ` is Kazakhstan's own figure and
/// `CN` China's mirror figure. `unknown` (or a blank cell, or no column at all) when the source
/// does not say whose statistics it quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The statistics of this party.
    Of(Party),
    /// Not recorded.
    Unknown,
}

impl Side {
    /// The CSV spelling: the code, or `unknown`.
    pub fn as_str(&self) -> &str {
        match self {
            Side::Of(p) => p.as_str(),
            Side::Unknown => "unknown",
        }
    }
    /// Words for reports: "KZ statistics", "statistics of unrecorded origin".
    pub fn describe(&self) -> String {
        match self {
            Side::Of(p) => format!("{p} statistics"),
            Side::Unknown => "figures whose reporting country is not recorded".into(),
        }
    }
}

impl FromStr for Side {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        if s.is_empty() || s == "unknown" {
            return Ok(Side::Unknown);
        }
        s.parse::<Party>().map(Side::Of).map_err(|_| {
            ParseError::new(
                s,
                "the code of the country whose statistics give the figure (one of the pair's \
                 two codes, e.g. KZ or CN for KZ-CN), or unknown",
            )
        })
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which trade flow a figure measures, from the reporter's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flow {
    /// Exports plus imports ("trade turnover", "mutual trade").
    Turnover,
    /// Reporter's exports to the partner.
    Exports,
    /// Reporter's imports from the partner.
    Imports,
}

impl Flow {
    /// All flows, in display order.
    pub const ALL: [Flow; 3] = [Flow::Turnover, Flow::Exports, Flow::Imports];
    /// The CSV spelling.
    pub fn as_str(&self) -> &'static str {
        match self {
            Flow::Turnover => "turnover",
            Flow::Exports => "exports",
            Flow::Imports => "imports",
        }
    }
}

impl FromStr for Flow {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Flow::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| ParseError::new(s, "one of turnover, exports, imports"))
    }
}

impl fmt::Display for Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How exact a reported value is, decided by the source's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bound {
    /// "amounted to", "reached": the value as stated.
    Exact,
    /// "about", "around", or an estimate of ours.
    Approx,
    /// "exceeded", "over", "more than": the true value is at least this (censored from below).
    AtLeast,
    /// "almost", "nearly", "up to": the true value is at most this.
    AtMost,
}

impl Bound {
    /// All bounds, in CSV order.
    pub const ALL: [Bound; 4] = [Bound::Exact, Bound::Approx, Bound::AtLeast, Bound::AtMost];
    /// The CSV spelling.
    pub fn as_str(&self) -> &'static str {
        match self {
            Bound::Exact => "exact",
            Bound::Approx => "approx",
            Bound::AtLeast => "at_least",
            Bound::AtMost => "at_most",
        }
    }
    /// A one-character mark for tables: `=`, `≈`, `>`, `<`.
    pub fn symbol(&self) -> &'static str {
        match self {
            Bound::Exact => "",
            Bound::Approx => "≈ ",
            Bound::AtLeast => "> ",
            Bound::AtMost => "< ",
        }
    }
    /// True for one-sided (censored) values.
    pub fn is_bound(&self) -> bool {
        matches!(self, Bound::AtLeast | Bound::AtMost)
    }
}

impl FromStr for Bound {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Bound::ALL
            .into_iter()
            .find(|b| b.as_str() == s)
            .ok_or_else(|| ParseError::new(s, "one of exact, approx, at_least, at_most"))
    }
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A calendar date (proleptic Gregorian), enough for publication dates and `--as-of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A validated date; years 1900..=2200 only, since trade statistics live there and a
    /// typo such as `20233` should be caught rather than accepted.
    pub fn try_new(year: i32, month: u8, day: u8) -> Result<Self, ParseError> {
        let text = format!("{year:04}-{month:02}-{day:02}");
        if !(1900..=2200).contains(&year) {
            return Err(ParseError::new(&text, "a year between 1900 and 2200"));
        }
        if !(1..=12).contains(&month) {
            return Err(ParseError::new(&text, "a month between 01 and 12"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(ParseError::new(
                &text,
                format!("a day between 01 and {:02}", days_in_month(year, month)),
            ));
        }
        Ok(Date { year, month, day })
    }
    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }
    /// The month, 1..=12.
    pub fn month(&self) -> u8 {
        self.month
    }
    /// The day of the month.
    pub fn day(&self) -> u8 {
        self.day
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl FromStr for Date {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let bad = || ParseError::new(s, "a date as YYYY-MM-DD, e.g. 2023-11-06");
        let parts: Vec<&str> = s.split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(bad());
        }
        let year = parts[0].parse().map_err(|_| bad())?;
        let month = parts[1].parse().map_err(|_| bad())?;
        let day = parts[2].parse().map_err(|_| bad())?;
        Date::try_new(year, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The time span a figure covers.
///
/// CSV spellings: `2023` (calendar year), `2023-01/2023-10` (January to October),
/// `2023-part` (part of 2023, months not stated by the source: "this year" in a November article),
/// `2023-04/2024-03` (a run of at most twelve months across the turn of a year: India's fiscal
/// year 2023-24; Pakistan's runs July to June, `2023-07/2024-06`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// A full calendar year.
    Year(i32),
    /// Months `first..=last` (1-based) of one year; never the full year (that is `Year`).
    Months {
        /// The year.
        year: i32,
        /// First month, 1..=12.
        first: u8,
        /// Last month, `first..=12`.
        last: u8,
    },
    /// Part of a year whose months the source does not state. Never guessed.
    PartYear(i32),
    /// Months from `first` of `year` to `last` of `year + 1` (`last < first`, so at most twelve
    /// months): a fiscal year such as April 2023–March 2024. Never a calendar-year level:
    /// reconciliation keeps such a figure apart ([`crate::reconcile`]).
    Across {
        /// The year the period starts in.
        year: i32,
        /// First month (of `year`), 2..=12.
        first: u8,
        /// Last month (of `year + 1`), `1..first`.
        last: u8,
    },
}

/// The years a period may name: wide enough for any trade statistic, narrow enough to catch typos.
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1900..=2200;

impl Period {
    /// The calendar year the period lies in; for a period across two years
    /// ([`Period::Across`]), the year it starts in (check [`Period::spans_years`] first where a
    /// calendar year matters).
    pub fn year(&self) -> i32 {
        match *self {
            Period::Year(y)
            | Period::PartYear(y)
            | Period::Months { year: y, .. }
            | Period::Across { year: y, .. } => y,
        }
    }
    /// True for a period across the turn of a year (a fiscal year such as April–March).
    pub fn spans_years(&self) -> bool {
        matches!(self, Period::Across { .. })
    }
    /// The first month, as (year, month).
    pub fn start(&self) -> (i32, u8) {
        match *self {
            Period::Year(y) | Period::PartYear(y) => (y, 1),
            Period::Months { year, first, .. } | Period::Across { year, first, .. } => {
                (year, first)
            }
        }
    }
    /// The last month, as (year, month); `None` when the months are not stated.
    pub fn end(&self) -> Option<(i32, u8)> {
        match *self {
            Period::Year(y) => Some((y, 12)),
            Period::Months { year, last, .. } => Some((year, last)),
            Period::Across { year, last, .. } => Some((year + 1, last)),
            Period::PartYear(_) => None,
        }
    }
    /// The same months a year earlier (what a growth rate compares with); `None` for a
    /// part-year, whose months are unknown.
    pub fn year_earlier(&self) -> Option<Period> {
        match *self {
            Period::Year(y) => Some(Period::Year(y - 1)),
            Period::Months { year, first, last } => Some(Period::Months {
                year: year - 1,
                first,
                last,
            }),
            Period::Across { year, first, last } => Some(Period::Across {
                year: year - 1,
                first,
                last,
            }),
            Period::PartYear(_) => None,
        }
    }
    /// True for a full calendar year.
    pub fn is_full_year(&self) -> bool {
        matches!(self, Period::Year(_))
    }
    /// Number of months covered, when known.
    pub fn months(&self) -> Option<u8> {
        match *self {
            Period::Year(_) => Some(12),
            Period::Months { first, last, .. } => Some(last - first + 1),
            Period::Across { first, last, .. } => Some(12 - first + 1 + last),
            Period::PartYear(_) => None,
        }
    }
    /// Words for reports: "2023", "Jan–Oct 2023", "2023 (months not stated)",
    /// "FY 2023-24 (Apr 2023–Mar 2024)" (twelve months across two years), "Oct 2023–Mar 2024".
    pub fn describe(&self) -> String {
        const M: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        match *self {
            Period::Year(y) => y.to_string(),
            Period::Months { year, first, last } if first == last => {
                format!("{} {year}", M[first as usize - 1])
            }
            Period::Months { year, first, last } => {
                format!("{}–{} {year}", M[first as usize - 1], M[last as usize - 1])
            }
            Period::PartYear(y) => format!("part of {y} (months not stated)"),
            Period::Across { year, first, last } => {
                let span = format!(
                    "{} {year}–{} {}",
                    M[first as usize - 1],
                    M[last as usize - 1],
                    year + 1
                );
                if last + 1 == first {
                    format!("FY {year}-{:02} ({span})", (year + 1) % 100)
                } else {
                    span
                }
            }
        }
    }
}

fn parse_year(s: &str) -> Option<i32> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok().filter(|y| YEAR_RANGE.contains(y))
    } else {
        None
    }
}

fn parse_year_month(s: &str) -> Option<(i32, u8)> {
    let (y, m) = s.split_once('-')?;
    let year = parse_year(y)?;
    if m.len() != 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month: u8 = m.parse().ok()?;
    (1..=12).contains(&month).then_some((year, month))
}

impl FromStr for Period {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let expected = "a year (2023), a run of months within one year (2023-01/2023-10), \
                        a run of at most twelve months across the turn of a year (a fiscal \
                        year: 2023-04/2024-03), or a part-year with unstated months \
                        (2023-part); years 1900 to 2200";
        if let Some(y) = parse_year(s) {
            return Ok(Period::Year(y));
        }
        if let Some(y) = s.strip_suffix("-part").and_then(parse_year) {
            return Ok(Period::PartYear(y));
        }
        let (a, b) = s
            .split_once('/')
            .ok_or_else(|| ParseError::new(s, expected))?;
        let (y1, first) = parse_year_month(a).ok_or_else(|| ParseError::new(s, expected))?;
        let (y2, last) = parse_year_month(b).ok_or_else(|| ParseError::new(s, expected))?;
        if y2 == y1 + 1 {
            // A fiscal year such as 2023-04/2024-03: at most twelve months.
            if last >= first {
                return Err(ParseError::new(
                    s,
                    "at most twelve months: a period across the turn of a year ends in a month \
                     before the one it starts in (e.g. 2023-04/2024-03)",
                ));
            }
            return Ok(Period::Across {
                year: y1,
                first,
                last,
            });
        }
        if y1 != y2 {
            return Err(ParseError::new(
                s,
                "months within one calendar year, or at most twelve months across the turn of \
                 one year (e.g. 2023-04/2024-03)",
            ));
        }
        if first > last {
            return Err(ParseError::new(s, "a first month no later than the last"));
        }
        if first == 1 && last == 12 {
            return Ok(Period::Year(y1));
        }
        Ok(Period::Months {
            year: y1,
            first,
            last,
        })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Months { year, first, last } => {
                write!(f, "{year}-{first:02}/{year}-{last:02}")
            }
            Period::PartYear(y) => write!(f, "{y}-part"),
            Period::Across { year, first, last } => {
                write!(f, "{year}-{first:02}/{}-{last:02}", year + 1)
            }
        }
    }
}

/// A currency: an ISO 4217 code.
///
/// Invariant: three ASCII capitals. Whether the code is assigned is checked where input is
/// validated, against the one list in [`crate::currency`] (as party codes are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// The US dollar, the unit every series is in.
    pub const USD: Currency = Currency(*b"USD");
    /// The three-letter code.
    pub fn as_str(&self) -> &str {
        // Invariant: three ASCII capitals.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl FromStr for Currency {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let b = s.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_uppercase) {
            Ok(Currency([b[0], b[1], b[2]]))
        } else {
            Err(ParseError::new(
                s,
                "an ISO 4217 currency code in capitals, e.g. USD, EUR, KZT, AZN, INR",
            ))
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

serialize_as_display!(Party, Pair, Flow, Bound, Date, Period, Side, Currency);

/// An exchange rate the user relies on: one row of `data/rates.csv`, with its provenance.
/// Built by [`crate::input`]: `units_per_usd` is finite and positive, and the period states
/// its months (a year, months, or months across two years; never a part-year).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    /// The currency (never USD).
    pub currency: Currency,
    /// The period the rate is the average of.
    pub period: Period,
    /// Units of `currency` per US dollar, averaged over `period`.
    pub units_per_usd: f64,
    /// Publication date of the source; `None` when not stated.
    pub published: Option<Date>,
    /// Source (publisher, document).
    pub source: String,
    /// The quote or the address the rate was taken from.
    pub quote: String,
    /// 1-based line in `rates.csv`, for messages.
    pub line: usize,
}

/// How a figure stated in another currency became US dollars: the amount as stated, and the
/// rate (with its source) it was converted at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conversion {
    /// The amount as stated, in `rate.currency` (`None` on a growth-only row).
    pub amount: Option<f64>,
    /// The growth as stated, in the currency's own terms (a fraction), if the row has one.
    pub growth_in_currency: Option<f64>,
    /// The period's average rate: `value_usd = amount / rate.units_per_usd`.
    pub rate: Rate,
    /// The same months a year earlier, used to turn a growth in the currency into dollar
    /// growth: `1 + g_usd = (1 + g) × earlier / rate`. `None` without a growth rate.
    pub rate_year_earlier: Option<Rate>,
}

/// One reported figure, with where it came from. Built by [`crate::input`]; its invariants
/// hold once built: `value_usd` is finite and positive, `growth > -1`, and at least one of
/// the two is present.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// Unique id within the data set, e.g. `o001`.
    pub id: String,
    /// Reporter and partner.
    pub pair: Pair,
    /// Which flow.
    pub flow: Flow,
    /// Which period the figure covers.
    pub period: Period,
    /// The level in US dollars, if the source gives one.
    pub value_usd: Option<f64>,
    /// Change against the same period of the previous year, as a fraction (0.35 = +35%).
    pub growth: Option<f64>,
    /// How exact the value is, from the wording.
    pub bound: Bound,
    /// Publication date; `None` when the source has no date line (the note says how the year was inferred).
    pub published: Option<Date>,
    /// Source document (seed file name).
    pub source: String,
    /// The sentence the figure came from.
    pub quote: String,
    /// Free-text note (e.g. "year inferred from text: no date line").
    pub note: String,
    /// 1-based line in the CSV file, for messages.
    pub line: usize,
    /// Whose statistics the figure comes from (`reported_by`; [`Side::Unknown`] when not recorded).
    pub reported_by: Side,
    /// When the source states the figure in another currency: the amount as stated and the
    /// rate it was converted at (`value_usd` and `growth` are then the converted figures).
    /// Left out of JSON when `None`, so dollar figures serialise as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converted: Option<Conversion>,
}

/// A stated goal for a pair's trade, e.g. "bring turnover to $1 billion".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// Unique id, e.g. `t001`.
    pub id: String,
    /// Reporter and partner.
    pub pair: Pair,
    /// Which flow the target is for.
    pub flow: Flow,
    /// What it aims at: a level in US dollars, or a multiple of a base year's value. Serialised
    /// as the columns `value_usd`, `factor` and `base_year` (the unused ones `null`).
    #[serde(flatten)]
    pub aim: Aim,
    /// Year by which it should be reached, if stated.
    pub deadline: Option<i32>,
    /// When it was stated; `None` when the source has no date line.
    pub stated: Option<Date>,
    /// Source document.
    pub source: String,
    /// The sentence stating it.
    pub quote: String,
    /// Free-text note.
    pub note: String,
    /// 1-based line in the CSV file.
    pub line: usize,
    /// Which earlier target this one replaces or restates (the `replaces` column).
    pub replaces: Replaces,
}

/// What a target aims at: a level in US dollars (`value_usd`), or a multiple of a base year's
/// value (`factor`, and `base_year` when written) on the side the target is judged on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Aim {
    /// An absolute goal in US dollars (finite, positive): "bring turnover to $1 billion".
    Usd(f64),
    /// A relative goal: `factor` × the base year's value ("double" = 2, "increase by 50%" = 1.5;
    /// finite, above 1 and at most [`MAX_FACTOR`]). `base_year` is the year written in
    /// `targets.csv`; `None` means the last full year known when the goal was stated (the
    /// target then has a `stated` date).
    Multiple {
        /// The multiple of the base year's value.
        factor: f64,
        /// The base year, when written.
        base_year: Option<i32>,
    },
}

/// The largest `factor` a relative target may have: a hundred-fold rise is already beyond any
/// trade goal on record; more is a typo (a level written in the wrong column).
pub const MAX_FACTOR: f64 = 100.0;

impl Aim {
    /// The level in US dollars of an absolute goal; `None` for a relative one (its level is
    /// known only once its base year's value is).
    pub fn value_usd(&self) -> Option<f64> {
        match *self {
            Aim::Usd(v) => Some(v),
            Aim::Multiple { .. } => None,
        }
    }

    /// The factor of a relative goal; `None` for an absolute one.
    pub fn factor(&self) -> Option<f64> {
        match *self {
            Aim::Usd(_) => None,
            Aim::Multiple { factor, .. } => Some(factor),
        }
    }
}

impl Serialize for Aim {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let base_year = match *self {
            Aim::Usd(_) => None,
            Aim::Multiple { base_year, .. } => base_year,
        };
        let mut s = serializer.serialize_struct("Aim", 3)?;
        s.serialize_field("value_usd", &self.value_usd())?;
        s.serialize_field("factor", &self.factor())?;
        s.serialize_field("base_year", &base_year)?;
        s.end()
    }
}

/// The `replaces` column of `targets.csv`: how a target relates to earlier ones of its trade.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Replaces {
    /// Blank: inferred. A target stated later than another of the same trade with a different
    /// goal (value more than 2% apart, or another deadline) supersedes it.
    Inferred,
    /// `none`: this target replaces nothing, and supersedes no earlier target by inference
    /// (two goals meant to stand side by side, e.g. $1 bn by 2025 and $2 bn by 2030).
    Nothing,
    /// An id: this target replaces that one. With the same goal it restates it (one target, two
    /// sources); with a different goal it supersedes it.
    Target(String),
}

impl Replaces {
    /// The CSV spelling: blank, `none`, or the id.
    pub fn as_str(&self) -> &str {
        match self {
            Replaces::Inferred => "",
            Replaces::Nothing => "none",
            Replaces::Target(id) => id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_round_trip() {
        for s in [
            "2023",
            "2023-01/2023-10",
            "2023-part",
            "2024-03/2024-03",
            "2023-04/2024-03",
            "2023-07/2024-06",
            "2023-12/2024-01",
        ] {
            assert_eq!(s.parse::<Period>().unwrap().to_string(), s);
        }
        assert_eq!(
            "2023-01/2023-12".parse::<Period>().unwrap(),
            Period::Year(2023)
        );
    }

    #[test]
    fn bad_periods_say_what_is_accepted() {
        for s in [
            "23",
            "2023-13/2023-14",
            "2023-10/2023-01",
            "2023-01/2024-02",
            "2023-04/2024-04",
            "2023-04/2025-03",
            "2024-04/2023-03",
            "99999",
            "0",
            "",
        ] {
            let e = s.parse::<Period>().unwrap_err();
            assert!(!e.expected.is_empty(), "{s}");
        }
    }

    #[test]
    fn fiscal_years_span_two_calendar_years() {
        let india: Period = "2023-04/2024-03".parse().unwrap();
        assert!(india.spans_years() && !india.is_full_year());
        assert_eq!(india.months(), Some(12));
        assert_eq!((india.start(), india.end()), ((2023, 4), Some((2024, 3))));
        assert_eq!(india.describe(), "FY 2023-24 (Apr 2023–Mar 2024)");
        assert_eq!(india.year_earlier().unwrap().to_string(), "2022-04/2023-03");
        let half: Period = "2023-10/2024-03".parse().unwrap();
        assert_eq!(
            (half.months(), half.describe()),
            (Some(6), "Oct 2023–Mar 2024".into())
        );
        assert!(!"2023".parse::<Period>().unwrap().spans_years());
    }

    #[test]
    fn pair_codes_are_two_capitals() {
        assert_eq!("KZ-EU".parse::<Pair>().unwrap().to_string(), "KZ-EU");
        for s in ["kz-cn", "KZ/CN", "../x", "KZ-", "KZ-KZ", "KAZ-CN"] {
            assert!(s.parse::<Pair>().is_err(), "{s}");
        }
    }

    #[test]
    fn one_trade_whatever_the_order_of_codes() {
        let p = |s: &str| s.parse::<Pair>().unwrap();
        assert_eq!(
            Trade::of(p("KZ-KG"), Flow::Turnover),
            Trade::of(p("KG-KZ"), Flow::Turnover)
        );
        assert_eq!(
            Trade::of(p("KZ-EU"), Flow::Exports),
            Trade::of(p("EU-KZ"), Flow::Imports)
        );
        assert_ne!(
            Trade::of(p("KZ-EU"), Flow::Exports),
            Trade::of(p("KZ-EU"), Flow::Imports)
        );
        let t = Trade::of(p("KZ-EU"), Flow::Imports);
        assert_eq!(
            t.named_from("EU".parse().unwrap()),
            Some((p("EU-KZ"), Flow::Exports))
        );
        assert_eq!(t.named_from("CN".parse().unwrap()), None);
        assert_eq!("".parse::<Side>().unwrap(), Side::Unknown);
        assert_eq!("KG".parse::<Side>().unwrap().to_string(), "KG");
        assert!("reporter".parse::<Side>().is_err());
    }

    #[test]
    fn dates_are_checked() {
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2023-11-6".parse::<Date>().is_err());
    }
}
