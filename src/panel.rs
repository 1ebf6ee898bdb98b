//! The panel format, read one way for `batch` and `learn`: a CSV file with a header naming
//! `series_id`, `year` and `value` (any order; names matched without regard to case; other
//! columns ignored; fields trimmed), and the optional columns
//!
//! - `months` (1–12; blank: a full year): the value is January to that month of its year, a
//!   year-to-date level (batch: only a series' last year may be partial);
//! - `growth_pct`: that partial year's growth on the same months a year earlier, in percent;
//! - `month` (1–12): the value is that one month (a monthly panel, for `learn --monthly`).
//!
//! The rules for bad rows are one set (`parse_row`): a row with too few fields, an empty or
//! unusable `series_id`, a year or value that is not a number, or a bad optional field is left
//! out, located (its line) and with its reason, and reading goes on. A file that ends inside a
//! quoted field (cut short by an interrupted save) is refused at the quote's line
//! (`QuoteWatch`). What a consumer does with a well-formed row it cannot use (a value that is
//! not positive, a year given twice) is its own rule, stated in its reasons: `batch` leaves the
//! series out, [`read_annual`] and [`read_monthly`] (for `learn`) leave the row or series out and
//! say so.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;

use crate::error::{Error, Problem, Result};

/// Records end at `\n` only. With the csv crate's default (`\r`, `\n` or `\r\n`), a CRLF file's
/// record positions lag one line behind; a `\r` left at the end of a line is trimmed as
/// whitespace. Files with bare `\r` line ends (classic Mac) are not supported.
const LINE_END: csv::Terminator = csv::Terminator::Any(b'\n');

/// Longest `series_id` accepted, in bytes.
pub const MAX_ID_BYTES: usize = 1000;

/// The CSV reader of panels: header, flexible row lengths (checked per row), trimmed fields.
pub(crate) fn panel_reader<R: Read>(input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .terminator(LINE_END)
        .from_reader(input)
}

/// A panel being read, watched for a quoted field that is never closed: the csv reader would
/// run such a quote to the end of the file and read it as one field, so a panel cut short by an
/// interrupted save would lose its last rows silently. The same check as the data files
/// ([`crate::input::unclosed_quote_line`]), made as the bytes stream past.
pub(crate) struct QuoteWatch<R> {
    inner: R,
    scan: crate::input::QuoteScan,
}

impl<R: Read> QuoteWatch<R> {
    pub(crate) fn new(inner: R) -> Self {
        QuoteWatch {
            inner,
            scan: crate::input::QuoteScan::new(),
        }
    }

    /// At the end of the panel: the error for a quote never closed, at its line.
    pub(crate) fn unclosed(&self, source: &str) -> Option<Error> {
        let line = self.scan.unclosed_line()?;
        Some(Error::Invalid(vec![Problem {
            file: source.to_string(),
            line: Some(line),
            column: None,
            message: "the quote opened here is never closed: the file ends inside it, so it was \
                      probably cut short; restore it from a complete copy"
                .to_string(),
        }]))
    }
}

impl<R: Read> Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.scan.feed(&buf[..n]);
        Ok(n)
    }
}

/// Where the panel's columns are (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// `series_id`.
    pub id: usize,
    /// `year`.
    pub year: usize,
    /// `value`.
    pub value: usize,
    /// `month`, in a monthly panel.
    pub month: Option<usize>,
    /// `months`, when the panel has year-to-date levels.
    pub months: Option<usize>,
    /// `growth_pct`, beside `months`.
    pub growth_pct: Option<usize>,
}

/// Positions of the columns in the header (see the module docs).
pub(crate) fn header_columns<R: Read>(
    reader: &mut csv::Reader<R>,
    source: &str,
) -> Result<Columns> {
    let problem = |message: String| {
        Error::Invalid(vec![Problem {
            file: source.to_string(),
            line: Some(1),
            column: None,
            message,
        }])
    };
    let header = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(Error::Io {
                path: PathBuf::from(source),
                source: std::io::Error::other(e.to_string()),
            })
        }
    };
    if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
        return Err(problem(
            "the panel is empty: expected a header line `series_id,year,value`".into(),
        ));
    }
    let find = |name: &str| {
        let mut at = header
            .iter()
            .enumerate()
            .filter(|(_, h)| h.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(i, _)| i);
        (at.next(), at.next())
    };
    let twice = |name: &str, i: usize, j: usize| {
        problem(format!(
            "column `{name}` appears twice in the header (columns {} and {}): keep one",
            i + 1,
            j + 1
        ))
    };
    let shown = || {
        let text = header
            .iter()
            .map(String::from_utf8_lossy)
            .collect::<Vec<_>>()
            .join(",");
        let mut short: String = text.chars().take(120).collect();
        if short.len() < text.len() {
            short.push('…');
        }
        short
    };
    let mut required = [0; 3];
    for (slot, name) in required.iter_mut().zip(["series_id", "year", "value"]) {
        match find(name) {
            (Some(i), None) => *slot = i,
            (Some(i), Some(j)) => return Err(twice(name, i, j)),
            (None, _) => {
                let raw = header.as_slice();
                let hint = if raw.contains(&b';') {
                    "; fields must be separated by commas, not semicolons"
                } else if raw.contains(&b'\t') {
                    "; fields must be separated by commas, not tabs"
                } else if header
                    .iter()
                    .any(|h| h.first().is_some_and(u8::is_ascii_digit))
                    || header.len() >= 3 && find("series_id").0.is_none()
                {
                    "; the first line must be the header `series_id,year,value` (is it missing?)"
                } else {
                    ""
                };
                return Err(problem(format!(
                    "expected a header line naming the columns series_id, year and value, found \
                     `{}`{hint}",
                    shown()
                )));
            }
        }
    }
    let mut optional = [None; 3];
    for (slot, name) in optional.iter_mut().zip(["month", "months", "growth_pct"]) {
        match find(name) {
            (Some(i), Some(j)) => return Err(twice(name, i, j)),
            (at, _) => *slot = at,
        }
    }
    let [id, year, value] = required;
    let [month, months, growth_pct] = optional;
    if month.is_some() && (months.is_some() || growth_pct.is_some()) {
        return Err(problem(
            "a panel has either a `month` column (one month a row) or `months`/`growth_pct` \
             (year-to-date levels), not both"
                .into(),
        ));
    }
    if growth_pct.is_some() && months.is_none() {
        return Err(problem(
            "a `growth_pct` column needs a `months` column: the growth is that of a partial year \
             on the same months a year earlier"
                .into(),
        ));
    }
    Ok(Columns {
        id,
        year,
        value,
        month,
        months,
        growth_pct,
    })
}

/// One well-formed row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'a> {
    /// The `series_id`.
    pub id: &'a str,
    /// The year.
    pub year: i32,
    /// The value, a number as written (its sign is the consumer's business).
    pub value: f64,
    /// The month (1–12) of a monthly panel's row.
    pub month: Option<u8>,
    /// Months (1–11) of a year-to-date level; `None` for a full year (blank or 12).
    pub months: Option<u8>,
    /// The year-to-date level's growth on the same months a year earlier, as a fraction.
    pub growth: Option<f64>,
}

/// A well-formed row; or (id as written, reason) for one to leave out.
pub(crate) fn parse_row<'r>(
    rec: &'r csv::ByteRecord,
    cols: &Columns,
) -> std::result::Result<Row<'r>, (String, String)> {
    let raw_id = rec.get(cols.id).unwrap_or_default();
    let shown_id = shorten(&String::from_utf8_lossy(raw_id));
    let bad = |reason: String| Err((shown_id.clone(), reason));
    let need = cols.id.max(cols.year).max(cols.value) + 1;
    if rec.len() < need {
        return bad(format!(
            "expected at least {need} fields (series_id,year,value), found {}",
            rec.len()
        ));
    }
    let Ok(id) = std::str::from_utf8(raw_id) else {
        return bad("series_id is not valid UTF-8".into());
    };
    if id.is_empty() {
        return bad("empty series_id".into());
    }
    if id.len() > MAX_ID_BYTES {
        return bad(format!(
            "series_id of {} bytes: at most {MAX_ID_BYTES} are accepted",
            id.len()
        ));
    }
    if let Some(c) = id.chars().find(|c| c.is_control()) {
        return bad(format!(
            "series_id contains the control character U+{:04X}: use printable text",
            u32::from(c)
        ));
    }
    let year_text = String::from_utf8_lossy(&rec[cols.year]);
    let year: i32 = match year_text.parse() {
        Ok(y) if (1..=9999).contains(&y) => y,
        Ok(y) => return bad(format!("year {y} is outside 1 to 9999")),
        Err(_) => {
            return bad(format!(
                "year `{}` is not a whole number",
                shorten(&year_text)
            ))
        }
    };
    let value_text = String::from_utf8_lossy(&rec[cols.value]);
    let Ok(value) = value_text.parse::<f64>() else {
        return bad(format!(
            "value `{}` is not a number (plain decimal, e.g. 1234.5)",
            shorten(&value_text)
        ));
    };
    let (month, months, growth) = match optional_fields(rec, cols) {
        Ok(fields) => fields,
        Err(reason) => return bad(reason),
    };
    Ok(Row {
        id,
        year,
        value,
        month,
        months,
        growth,
    })
}

/// A row's month, months and growth.
type OptionalFields = (Option<u8>, Option<u8>, Option<f64>);

/// The optional fields of a row: month, months (12 read as a full year) and growth; or why
/// they are unusable.
fn optional_fields(
    rec: &csv::ByteRecord,
    cols: &Columns,
) -> std::result::Result<OptionalFields, String> {
    let text = |at: Option<usize>| {
        at.and_then(|i| rec.get(i))
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .filter(|t| !t.is_empty())
    };
    let month_of = |name: &str, t: String| match t.parse::<u8>() {
        Ok(m) if (1..=12).contains(&m) => Ok(m),
        _ => Err(format!(
            "{name} `{}` is not a whole number from 1 to 12",
            shorten(&t)
        )),
    };
    let month = match (cols.month, text(cols.month)) {
        (Some(_), None) => return Err("empty month: a monthly panel needs one (1 to 12)".into()),
        (_, Some(t)) => Some(month_of("month", t)?),
        (None, None) => None,
    };
    let months = match text(cols.months) {
        Some(t) => Some(month_of("months", t).map_err(|e| e + " (blank: a full year)")?),
        None => None,
    }
    .filter(|&m| m < 12);
    let growth = match text(cols.growth_pct) {
        None => None,
        Some(t) => match t.parse::<f64>() {
            Ok(g) if g.is_finite() && g > -100.0 => Some(g / 100.0),
            _ => {
                return Err(format!(
                    "growth_pct `{}` is not a number above -100 (percent, e.g. 12.5)",
                    shorten(&t)
                ))
            }
        },
    };
    if growth.is_some() && months.is_none() {
        return Err(
            "growth_pct is given for a full year: it is the growth of a partial year \
                    on the same months a year earlier; give the months too, or leave it blank"
                .into(),
        );
    }
    Ok((month, months, growth))
}

/// Text as written, cut to 100 characters for messages (a 1 MB field is not echoed whole),
/// control characters (NUL, newlines) shown as U+FFFD.
pub(crate) fn shorten(text: &str) -> String {
    let mut chars = text
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c });
    let mut short: String = chars.by_ref().take(100).collect();
    if chars.next().is_some() {
        short.push('…');
    }
    short
}

/// A row or series left out by [`read_annual`] or [`read_monthly`], located.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skip {
    /// The `series_id` as written (shortened).
    pub series_id: String,
    /// 1-based line of the panel (the header is line 1).
    pub line: u64,
    /// What is wrong, and what was left out.
    pub reason: String,
}

/// A panel read whole: series → key → value, and what was left out, in line order.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel<K> {
    /// The series, by id.
    pub series: BTreeMap<String, BTreeMap<K, f64>>,
    /// Rows and series left out.
    pub skipped: Vec<Skip>,
}

/// Reads an annual panel whole (for `learn`; rows of a series need not be contiguous). Rows are
/// left out by `parse_row`'s rules, and also a partial year (`months`) or a value that is not
/// positive (the log scale needs positive values); a series with a year given twice is left out.
/// A monthly panel (a `month` column) is refused.
pub fn read_annual<R: std::io::Read>(input: R, source: &str) -> Result<Panel<i32>> {
    let name = |y: i32| format!("year {y}");
    read_whole(input, source, false, name, |row| {
        if row.months.is_some() {
            Err("a year-to-date level (months) is not a full year; row left out".to_string())
        } else if !(row.value.is_finite() && row.value > 0.0) {
            Err(format!(
                "value {} is not positive: the log scale needs positive values; row left out",
                row.value
            ))
        } else {
            Ok(row.year)
        }
    })
}

/// Reads a monthly panel `series_id,year,month,value` whole (for `learn --monthly`). Rows are
/// left out by `parse_row`'s rules, and also a negative value (a month's trade is at least 0);
/// a series with a month given twice is left out. A panel without a `month` column is refused.
pub fn read_monthly<R: std::io::Read>(input: R, source: &str) -> Result<Panel<(i32, u8)>> {
    let name = |(y, m): (i32, u8)| format!("year {y} month {m}");
    read_whole(input, source, true, name, |row| match row.month {
        Some(_) if !(row.value.is_finite() && row.value >= 0.0) => Err(format!(
            "value {} is negative: a month's trade is at least 0; row left out",
            row.value
        )),
        Some(m) => Ok((row.year, m)),
        None => Err("no month".to_string()),
    })
}

/// The shared core of [`read_annual`] and [`read_monthly`].
fn read_whole<R: std::io::Read, K: Ord + Copy>(
    input: R,
    source: &str,
    monthly: bool,
    name: impl Fn(K) -> String,
    key: impl Fn(&Row<'_>) -> std::result::Result<K, String>,
) -> Result<Panel<K>> {
    let mut reader = panel_reader(QuoteWatch::new(input));
    let columns = header_columns(&mut reader, source)?;
    if columns.month.is_some() != monthly {
        let message = if monthly {
            "a monthly panel needs a `month` column: the header series_id,year,month,value"
        } else {
            "this panel has a `month` column: give a monthly panel with --monthly, an annual one \
             with --panel"
        };
        return Err(Error::Invalid(vec![Problem {
            file: source.to_string(),
            line: Some(1),
            column: None,
            message: message.to_string(),
        }]));
    }
    let mut series: BTreeMap<String, BTreeMap<K, (f64, u64)>> = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut twice: BTreeMap<String, Skip> = BTreeMap::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                return Err(Error::Io {
                    path: PathBuf::from(source),
                    source: std::io::Error::other(e.to_string()),
                })
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                skipped.push(Skip {
                    series_id: String::new(),
                    line,
                    reason: format!("unreadable CSV row: {e}"),
                });
                continue;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        let row = match parse_row(&record, &columns) {
            Ok(row) => row,
            Err((series_id, reason)) => {
                skipped.push(Skip {
                    series_id,
                    line,
                    reason,
                });
                continue;
            }
        };
        let k = match key(&row) {
            Ok(k) => k,
            Err(reason) => {
                skipped.push(Skip {
                    series_id: shorten(row.id),
                    line,
                    reason,
                });
                continue;
            }
        };
        let entry = series.entry(row.id.to_string()).or_default();
        if let Some(&(_, first)) = entry.get(&k) {
            twice.entry(row.id.to_string()).or_insert(Skip {
                series_id: shorten(row.id),
                line,
                reason: format!(
                    "{} is given twice (lines {first} and {line}); series left out",
                    name(k)
                ),
            });
        } else {
            entry.insert(k, (row.value, line));
        }
    }
    if let Some(e) = reader.get_ref().unclosed(source) {
        return Err(e);
    }
    for (id, skip) in twice {
        series.remove(&id);
        skipped.push(skip);
    }
    skipped.sort_by_key(|s| s.line);
    Ok(Panel {
        series: series
            .into_iter()
            .map(|(id, s)| (id, s.into_iter().map(|(k, (v, _))| (k, v)).collect()))
            .collect(),
        skipped,
    })
}
