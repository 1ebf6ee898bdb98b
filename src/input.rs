//! CSV → [`Dataset`], with every problem located.
//!
//! This is the edge where input is validated (STYLE.md, convention 2): after [`load`] returns
//! `Ok`, every [`Observation`] and [`Target`] holds the invariants stated in their type docs.
//! A bad file is rejected with **every** problem found, each with file, line, column, the bad
//! value (shortened when long) and what would be accepted:
//!
//! ```
//! use tradecast::input::parse_observations;
//!
//! let csv = "id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note\n\
//!            o1,KZ-CN,turnover,2022,24200000000,USD,35,atleast,2023-11-06,a.txt,It grew.,\n";
//! let err = parse_observations("observations.csv", csv.as_bytes()).unwrap_err();
//! assert!(err.to_string().contains(
//!     "observations.csv:2 (column bound): bad value \"atleast\": \
//!      expected one of exact, approx, at_least, at_most; did you mean \"at_least\"?"
//! ));
//! ```
//!
//! # Files
//!
//! `observations.csv` has the columns
//! `id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note`,
//! then optionally `reported_by`;
//! `targets.csv` has `id,pair,flow,value_usd,currency,deadline,stated,source,quote,note`, then
//! optionally `replaces`. A file without an optional column loads as if it were blank.
//!
//! # Decisions
//!
//! - **Header**: columns may come in any order, but each must appear exactly once. Missing,
//!   unknown, duplicated and empty column names are errors; a misspelt name gets a suggestion
//!   ("did you mean `value_usd`?"). Column names are matched exactly, after trimming spaces.
//! - **Encoding**: UTF-8 only. A UTF-8 byte-order mark and CRLF line endings are accepted
//!   silently. Invalid UTF-8 is an error at its line and column; a UTF-16 file is refused
//!   with a hint to save it as UTF-8.
//! - **Whitespace**: leading and trailing whitespace in every field (and column name) is
//!   trimmed and accepted silently; inner whitespace is kept, so `KZ- CN` is still refused.
//! - **Control characters** other than tab, CR and LF (e.g. NUL) are errors.
//! - **Length**: a field longer than [`MAX_FIELD_CHARS`] characters is an error; messages
//!   never echo more than 60 characters of a value.
//! - **Blank rows** (empty, whitespace only, or only commas) are skipped silently.
//! - **Size**: more than [`MAX_ROWS`] data rows is an error, reported alone at the first
//!   row over the limit, before any other check.
//! - **Row length**: a line with more or fewer fields than the header is an error (its other
//!   fields are not checked, since they would be misaligned).
//! - **Cut-short files** (an interrupted save or copy): a file that ends inside a quoted field is
//!   an error at the quote's line, naming its column, and only the complete rows before that row
//!   are checked (the csv reader would otherwise run the quote to the end of the file and load it
//!   as one field). A short last row without a final line break, and NUL bytes at the end of the
//!   file, are errors that say the file may have been cut short.
//! - **Empty files**: a 0-byte (or blank) file is an error. A header-only `observations.csv`
//!   is an error ("no observations"); a header-only `targets.csv` is fine (no targets stated).
//! - **Parties** must be assigned ISO 3166-1 alpha-2 codes, plus `EU` and `XK` (Kosovo,
//!   user-assigned but used by the EU and the IMF); `UK` gets the hint "use GB", `EL` "use GR".
//! - **Amounts** (`value_usd`) are plain digits in US dollars, optionally with a decimal point
//!   or exponent (`24200000000`, `2.42e10`). Thousands separators (`24,200,000,000`), currency
//!   signs and words (`$24.2bn`) are refused with a hint. Zero, negative, NaN, infinite and
//!   overflowing (`1e400`) amounts are errors, and so are amounts under $1 or over
//!   [`MAX_USD`] (10^15). An amount under $1 million is a warning (probably written in
//!   millions or billions).
//! - **Currency** must be `USD` whenever `value_usd` is given; it may be blank on a
//!   growth-only row. Other currencies are refused with advice to convert at a dated rate.
//! - **Growth** (`growth_pct`) is a plain number of percent; `35%` is **refused** with the hint
//!   "write 35", so that every file has one spelling. Growth at or below -100% or above
//!   [`MAX_GROWTH_PCT`] (a thousand-fold rise) is an error.
//! - **Rows**: an observation needs `value_usd`, `growth_pct` or both; a row without a value
//!   must have bound `exact` (a bound describes a level).
//! - **Dates** are `YYYY-MM-DD` and must exist. A blank `published` (or `stated` in targets) is
//!   allowed only when `note` says how the year was inferred.
//! - **Periods** must parse (see [`Period`]); a period starting after its publication date is
//!   an error, one that had not ended by then is a warning (forecast or preliminary figure?).
//! - **Ids** are 1 to 64 ASCII letters, digits, `_`, `-` or `.`, unique within their file;
//!   a duplicate names both lines.
//! - `source` and `quote` must not be blank. A quote of more than one sentence is a warning.
//!   Text that looks like a spreadsheet formula (`=cmd|...`) is accepted as text; renderers
//!   neutralise it.
//! - **Targets**: `value_usd` is required and positive; `deadline` is blank or a four-digit
//!   year in 1900..=2200; a deadline before the year it was stated is a warning.
//! - Two observations of the same trade (pair and flow, whichever way written), side, period, value,
//!   growth and source are a warning.
//! - **`reported_by`** (whose statistics): one of the pair's two codes, `unknown` or blank. A
//!   role word (`reporter`, `partner`) is refused with the codes to write instead.
//! - **`replaces`**: blank, `none`, or the id of another target in the file for the same trade
//!   (pair and flow, whichever way written); unknown ids, the row's own id, another trade and
//!   loops are errors. Targets of one trade with values within 2% from different sources that no
//!   `replaces` links are a warning (a likely restatement; see [`crate::target::goals`]).
//!
//! Warnings are returned only when the file is accepted; when it is rejected, only the errors
//! are reported (warnings reappear once the errors are fixed). At most [`MAX_PROBLEMS`]
//! errors are listed per file, followed by a count of the rest.

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Problem, Result};
use crate::obs::{
    Bound, Date, Flow, Observation, Pair, ParseError, Period, Replaces, Side, Target, Trade,
    YEAR_RANGE,
};

/// The columns of `observations.csv`, in their usual order.
pub const OBSERVATION_COLUMNS: [&str; 12] = [
    "id",
    "pair",
    "flow",
    "period",
    "value_usd",
    "currency",
    "growth_pct",
    "bound",
    "published",
    "source",
    "quote",
    "note",
];

/// The columns of `targets.csv`, in their usual order.
pub const TARGET_COLUMNS: [&str; 10] = [
    "id",
    "pair",
    "flow",
    "value_usd",
    "currency",
    "deadline",
    "stated",
    "source",
    "quote",
    "note",
];

/// Optional columns of `observations.csv`, written after the required ones; a file without
/// them loads as before (`reported_by` missing = `unknown`).
pub const OBSERVATION_OPTIONAL_COLUMNS: [&str; 1] = ["reported_by"];

/// Optional columns of `targets.csv`, written after the required ones (`replaces` missing =
/// blank: supersession is inferred).
pub const TARGET_OPTIONAL_COLUMNS: [&str; 1] = ["replaces"];

const OBSERVATION_ALL: [&str; 13] = [
    "id",
    "pair",
    "flow",
    "period",
    "value_usd",
    "currency",
    "growth_pct",
    "bound",
    "published",
    "source",
    "quote",
    "note",
    "reported_by",
];

const TARGET_ALL: [&str; 11] = [
    "id",
    "pair",
    "flow",
    "value_usd",
    "currency",
    "deadline",
    "stated",
    "source",
    "quote",
    "note",
    "replaces",
];

/// The header in words for messages: the required columns, then the optional ones.
fn expected_columns(columns: &[&str]) -> String {
    let (optional, required): (Vec<&str>, Vec<&str>) = columns.iter().partition(|c| is_optional(c));
    let mut text = required.join(",");
    if !optional.is_empty() {
        // The callers put the whole in backticks: `id,...,note` then optionally `reported_by`.
        text.push_str(&format!("` then optionally `{}", optional.join(",")));
    }
    text
}

fn is_optional(column: &str) -> bool {
    OBSERVATION_OPTIONAL_COLUMNS.contains(&column) || TARGET_OPTIONAL_COLUMNS.contains(&column)
}

/// The longest field accepted, in characters.
pub const MAX_FIELD_CHARS: usize = 10_000;

/// The most errors listed for one file; the rest are counted in a last problem.
pub const MAX_PROBLEMS: usize = 1_000;

/// Most data rows read from one file; a longer file is refused at row `MAX_ROWS + 1`.
pub const MAX_ROWS: usize = 100_000;

/// The line of the first record after the header and [`MAX_ROWS`] rows, if the file has one.
fn row_over_limit(bytes: &[u8]) -> Option<usize> {
    // Cheap test first: a file of at most MAX_ROWS + 1 lines cannot hold more records.
    if bytes.iter().filter(|&&b| b == b'\n').count() <= MAX_ROWS {
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while let Ok(true) = reader.read_byte_record(&mut record) {
        n += 1;
        if n > MAX_ROWS + 1 {
            return Some(record.position().map_or(0, |p| p.line() as usize));
        }
    }
    None
}

/// Largest `value_usd` accepted: 10^15 US dollars, some thirty times a year of world trade.
/// Larger figures are typos, and they would take the models out of the range they compute in.
pub const MAX_USD: f64 = 1e15;

/// Largest `growth_pct` accepted (a thousand-fold rise).
pub const MAX_GROWTH_PCT: f64 = 100_000.0;

/// Everything read from a data directory, validated.
///
/// Invariants: ids are unique within `observations` and within `targets`; each observation and
/// target holds the invariants stated on its type.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Reported figures, in file order.
    pub observations: Vec<Observation>,
    /// Stated goals, in file order.
    pub targets: Vec<Target>,
    /// Located problems that do not reject the data (e.g. a quote of two sentences).
    pub warnings: Vec<Problem>,
}

/// Read and validate `dir/observations.csv` and `dir/targets.csv`.
///
/// When both files have problems, all of them are returned together in one
/// [`Error::Invalid`]. A file that cannot be read is an [`Error::Io`].
pub fn load(dir: &Path) -> Result<Dataset> {
    let obs_path = dir.join("observations.csv");
    let tgt_path = dir.join("targets.csv");
    let obs_bytes = read(&obs_path)?;
    let tgt_bytes = read(&tgt_path)?;
    parse_dataset(
        (&obs_path.display().to_string(), &obs_bytes),
        (&tgt_path.display().to_string(), &tgt_bytes),
    )
}

/// Read and validate one observations file. Returns the observations and the warnings.
pub fn load_observations(path: &Path) -> Result<(Vec<Observation>, Vec<Problem>)> {
    let bytes = read(path)?;
    parse_observations(&path.display().to_string(), &bytes)
}

/// Read and validate one targets file. Returns the targets and the warnings.
pub fn load_targets(path: &Path) -> Result<(Vec<Target>, Vec<Problem>)> {
    let bytes = read(path)?;
    parse_targets(&path.display().to_string(), &bytes)
}

/// Validate both files from memory; `file` names are used in messages only.
///
/// Like [`load`], the problems of both files are reported together.
pub fn parse_dataset(observations: (&str, &[u8]), targets: (&str, &[u8])) -> Result<Dataset> {
    let obs = parse_observations(observations.0, observations.1);
    let tgt = parse_targets(targets.0, targets.1);
    match (obs, tgt) {
        (Ok((observations, mut warnings)), Ok((targets, tw))) => {
            warnings.extend(tw);
            Ok(Dataset {
                observations,
                targets,
                warnings,
            })
        }
        (Err(Error::Invalid(mut a)), Err(Error::Invalid(b))) => {
            a.extend(b);
            Err(Error::Invalid(a))
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// Validate an observations file held in memory. `file` is the name used in messages.
pub fn parse_observations(file: &str, bytes: &[u8]) -> Result<(Vec<Observation>, Vec<Problem>)> {
    let mut sink = Sink::new(file);
    let mut out = Vec::new();
    let mut ids = Vec::new();
    let records = read_table(&mut sink, bytes, &OBSERVATION_ALL, |sink, row| {
        ids.push((row.id().map(str::to_string), row.line));
        if let Some(o) = observation(sink, &row) {
            out.push(o);
        }
    });
    if let Some(records) = records {
        if records == 0 {
            sink.error(
                None,
                None,
                "no observations: the file has a header but no rows".into(),
            );
        }
        check_duplicate_ids(&mut sink, &ids);
        check_duplicate_figures(&mut sink, &out);
    }
    sink.finish().map(|warnings| (out, warnings))
}

/// Validate a targets file held in memory. `file` is the name used in messages.
pub fn parse_targets(file: &str, bytes: &[u8]) -> Result<(Vec<Target>, Vec<Problem>)> {
    let mut sink = Sink::new(file);
    let mut out = Vec::new();
    let mut ids = Vec::new();
    // A header-only targets file is fine: no targets were stated.
    let records = read_table(&mut sink, bytes, &TARGET_ALL, |sink, row| {
        ids.push((row.id().map(str::to_string), row.line));
        if let Some(t) = target(sink, &row) {
            out.push(t);
        }
    });
    if records.is_some() {
        check_duplicate_ids(&mut sink, &ids);
        check_target_links(&mut sink, &out);
    }
    sink.finish().map(|warnings| (out, warnings))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

// ---------------------------------------------------------------------------------------------
// Collecting problems

struct Sink {
    file: String,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
    dropped: usize,
}

impl Sink {
    fn new(file: &str) -> Self {
        Sink {
            file: file.to_string(),
            errors: Vec::new(),
            warnings: Vec::new(),
            dropped: 0,
        }
    }

    fn problem(&self, line: Option<usize>, column: Option<&str>, message: String) -> Problem {
        Problem {
            file: self.file.clone(),
            line,
            column: column.map(str::to_string),
            message,
        }
    }

    fn error(&mut self, line: Option<usize>, column: Option<&str>, message: String) {
        if self.errors.len() < MAX_PROBLEMS {
            let p = self.problem(line, column, message);
            self.errors.push(p);
        } else {
            self.dropped += 1;
        }
    }

    fn warn(&mut self, line: Option<usize>, column: Option<&str>, message: String) {
        if self.warnings.len() < MAX_PROBLEMS {
            let p = self.problem(line, column, message);
            self.warnings.push(p);
        }
    }

    fn error_count(&self) -> usize {
        self.errors.len() + self.dropped
    }

    /// Errors, or the warnings when there are none; both sorted by line (file-wide first).
    fn finish(mut self) -> Result<Vec<Problem>> {
        self.errors.sort_by_key(|p| p.line);
        self.warnings.sort_by_key(|p| p.line);
        if self.errors.is_empty() {
            return Ok(self.warnings);
        }
        if self.dropped > 0 {
            let message = format!(
                "{} more problem(s) not listed; fix the ones above and check again",
                self.dropped
            );
            let p = self.problem(None, None, message);
            self.errors.push(p);
        }
        Err(Error::Invalid(self.errors))
    }
}

/// Shorten a value for a message, the way [`ParseError`] does.
fn shorten(s: &str) -> String {
    if s.chars().count() > 60 {
        s.chars().take(57).collect::<String>() + "..."
    } else {
        s.to_string()
    }
}

fn bad(value: &str, expected: impl Into<String>) -> String {
    ParseError {
        value: shorten(value),
        expected: expected.into(),
    }
    .to_string()
}

// ---------------------------------------------------------------------------------------------
// Reading the table

/// One data line, its fields arranged in the expected column order. `None` marks a field that
/// cannot be used: its column is missing, or the field was already reported (bad UTF-8, too
/// long, control characters).
struct Row {
    line: usize,
    fields: Vec<Option<String>>,
    columns: &'static [&'static str],
}

impl Row {
    fn get(&self, column: &str) -> Option<&str> {
        let i = self.columns.iter().position(|c| *c == column)?;
        self.fields[i].as_deref()
    }
    fn id(&self) -> Option<&str> {
        self.get("id").filter(|s| !s.is_empty())
    }
}

/// Read the header, then hand each data row of the right length to `on_row`, streaming so
/// that memory stays proportional to the input. Returns the number of data records (including
/// those rejected for their length), or `None` when the file has no usable header.
fn read_table(
    sink: &mut Sink,
    bytes: &[u8],
    columns: &'static [&'static str],
    mut on_row: impl FnMut(&mut Sink, Row),
) -> Option<usize> {
    let expected_header = expected_columns(columns);
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        sink.error(
            Some(1),
            None,
            "the file is UTF-16: save it as UTF-8 (CSV UTF-8 in spreadsheet programs)".into(),
        );
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        sink.error(
            None,
            None,
            format!("empty file: expected a header line `{expected_header}` and data rows"),
        );
        return None;
    }

    if let Some(line) = row_over_limit(bytes) {
        // Refused before any checking, so this is the one problem shown, and the time
        // and memory of a check stay bounded whatever the file.
        sink.error(
            Some(line),
            None,
            format!(
                "more than {MAX_ROWS} rows: this file is a hand-checked list of figures, each \
                 with its source; for a large panel of series use `tradecast batch`"
            ),
        );
        return None;
    }

    // A file that ends inside a quoted field was cut short (an interrupted save, a partial copy):
    // the csv crate would run the open quote to the end of the file and load the rest silently as
    // one field. Read only the complete records before it, and reject the file.
    let cut = unclosed_quote(bytes);
    let complete = cut.map_or(bytes, |c| &bytes[..c.record_start]);
    // The line the last record ends on: a short last record without a final line break may
    // have been cut short.
    let last_line = 1 + complete
        .trim_ascii_end()
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    if let Some(line) = trailing_nuls(bytes) {
        sink.error(
            Some(line),
            None,
            "the file ends in NUL bytes, the mark of a save that was interrupted: restore the file \
             from a complete copy (or delete the NUL bytes and check the last rows against their sources)"
                .into(),
        );
    }

    // Records end at `\n` only: with the default (CRLF-aware) terminator the csv crate reports a
    // CRLF file's line numbers one too low. The `\r` left at a line's end is trimmed with the field.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(complete);
    let mut next = |sink: &mut Sink, record: &mut csv::ByteRecord| -> Option<usize> {
        match reader.read_byte_record(record) {
            Ok(true) => Some(record.position().map_or(0, |p| p.line() as usize)),
            Ok(false) => None,
            Err(e) => {
                // Reading from memory with flexible records, the csv crate has nothing left to
                // fail on; stop safely anyway.
                let line = e.position().map(|p| p.line() as usize);
                sink.error(line, None, format!("unreadable CSV: {e}"));
                None
            }
        }
    };
    let mut header = csv::ByteRecord::new();
    let Some(header_line) = next(sink, &mut header) else {
        if let Some(c) = cut {
            sink.error(Some(c.quote_line), None, c.message("header", "the header"));
        }
        return None;
    };
    if let Some(c) = cut {
        let column = String::from_utf8_lossy(header.get(c.field).unwrap_or_default())
            .trim()
            .to_string();
        let what = if column.is_empty() {
            format!("field {}", c.field + 1)
        } else {
            format!("column {column}")
        };
        sink.error(
            Some(c.quote_line),
            None,
            c.message(&what, &format!("the row on line {}", c.record_line)),
        );
    }
    let index = header_index(sink, header_line, &header, columns)?;
    if index.iter().all(Option::is_none) {
        // Nothing lines up: rows would only repeat the header's problems.
        sink.error(
            Some(header_line),
            None,
            format!("no known column in the header: is this the right file? expected `{expected_header}`"),
        );
        return None;
    }

    let mut count = 0;
    let mut record = csv::ByteRecord::new();
    while let Some(line) = next(sink, &mut record) {
        // Blank rows (whitespace only, or only commas as spreadsheets export them) are skipped,
        // like the empty lines the csv crate already skips.
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        count += 1;
        if record.len() != header.len() {
            let newlines: usize = record
                .iter()
                .map(|f| f.iter().filter(|&&b| b == b'\n').count())
                .sum();
            let cut_short = if line + newlines == last_line
                && record.len() < header.len()
                && !complete.ends_with(b"\n")
            {
                " (it is the last line and the file does not end with a line break: was the file \
                 cut short by an interrupted save? restore it from a complete copy)"
            } else {
                ""
            };
            let span = if newlines > 0 {
                format!(
                    " (this record runs over lines {line} to {}: a quote left open?)",
                    line + newlines
                )
            } else {
                String::new()
            };
            sink.error(
                Some(line),
                None,
                format!(
                    "{} field(s) on this line, but the header has {}{span}{cut_short}: check for an \
                     unquoted comma in a text field (put it in \"double quotes\") or a missing or \
                     unclosed quote",
                    record.len(),
                    header.len()
                ),
            );
            continue;
        }
        let fields = index
            .iter()
            .zip(columns)
            .map(|(i, col)| i.and_then(|i| field_text(sink, line, col, &record[i])))
            .collect();
        on_row(
            sink,
            Row {
                line,
                fields,
                columns,
            },
        );
    }
    Some(count)
}

/// Where a file ends inside a quoted field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cut {
    /// Byte offset where the record holding the open quote starts.
    record_start: usize,
    /// Line where that record starts.
    record_line: usize,
    /// Line of the opening quote.
    quote_line: usize,
    /// 0-based field of the record the quote opens.
    field: usize,
}

impl Cut {
    fn message(&self, what: &str, row: &str) -> String {
        format!(
            "the quote opened here ({what} of {row}) is never closed: the file ends inside it, so it \
             was probably cut short by an interrupted save or copy; restore the file from a complete \
             copy, or close the quote with \" and check that row (and any after it) against its source"
        )
    }
}

/// The line of the quote a CSV file ends inside (an interrupted save), if it does: for readers
/// of other CSV files (panels) that want the same check as the data files.
pub fn unclosed_quote_line(bytes: &[u8]) -> Option<usize> {
    unclosed_quote(bytes).map(|cut| cut.quote_line)
}

/// Scan `bytes` the way the csv crate reads them (a quote opens a field only as its first byte,
/// `""` inside a quoted field is a literal quote, records end at `\n`) and return where the file
/// ends inside a quoted field, if it does.
fn unclosed_quote(bytes: &[u8]) -> Option<Cut> {
    let (mut line, mut record_start, mut record_line, mut field) = (1usize, 0usize, 1usize, 0usize);
    let mut at_field_start = true;
    let mut open: Option<(usize, usize)> = None; // (quote line, field)
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if open.is_some() {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                }
            } else if b == b'\n' {
                line += 1;
            }
        } else {
            match b {
                b'"' if at_field_start => open = Some((line, field)),
                b',' => {
                    field += 1;
                    at_field_start = true;
                    i += 1;
                    continue;
                }
                b'\n' => {
                    line += 1;
                    record_start = i + 1;
                    record_line = line;
                    field = 0;
                    at_field_start = true;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            at_field_start = false;
        }
        i += 1;
    }
    open.map(|(quote_line, field)| Cut {
        record_start,
        record_line,
        quote_line,
        field,
    })
}

/// The line of the first of the NUL bytes a file ends in, if it ends in any.
fn trailing_nuls(bytes: &[u8]) -> Option<usize> {
    let text_end = bytes
        .iter()
        .rposition(|&b| b != 0 && !b.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    let first_nul = text_end + bytes[text_end..].iter().position(|&b| b == 0)?;
    Some(1 + bytes[..first_nul].iter().filter(|&&b| b == b'\n').count())
}

/// Map each expected column to its position in the header, reporting every header problem.
/// Returns `None` only when the header is unusable as a whole.
fn header_index(
    sink: &mut Sink,
    line: usize,
    header: &csv::ByteRecord,
    columns: &[&str],
) -> Option<Vec<Option<usize>>> {
    let expected = expected_columns(columns);
    let names: Vec<String> = header
        .iter()
        .map(|b| String::from_utf8_lossy(b).trim().to_string())
        .collect();
    if names.len() == 1 && (names[0].contains(';') || names[0].contains('\t')) {
        sink.error(
            Some(line),
            None,
            format!(
                "the header is one column {:?}: fields must be separated by commas, \
                 not semicolons or tabs; expected `{expected}`",
                shorten(&names[0])
            ),
        );
        return None;
    }
    let mut index: Vec<Option<usize>> = vec![None; columns.len()];
    let mut unknown = Vec::new();
    for (pos, name) in names.iter().enumerate() {
        if std::str::from_utf8(&header[pos]).is_err() {
            sink.error(
                Some(line),
                None,
                format!(
                    "column name {:?} is not valid UTF-8: save the file as UTF-8",
                    shorten(name)
                ),
            );
            continue;
        }
        if name.is_empty() {
            sink.error(
                Some(line),
                None,
                format!(
                    "column {} of the header has no name (a trailing comma?); expected `{expected}`",
                    pos + 1
                ),
            );
            continue;
        }
        match columns.iter().position(|c| c == name) {
            Some(i) if index[i].is_some() => sink.error(
                Some(line),
                Some(name),
                format!(
                    "duplicated column `{name}`: it appears as column {} and again as column {}",
                    index[i].map_or(0, |p| p + 1),
                    pos + 1
                ),
            ),
            Some(i) => index[i] = Some(pos),
            None => unknown.push((pos, name.clone())),
        }
    }
    let mut suggested = vec![false; columns.len()];
    for (pos, name) in unknown {
        let missing: Vec<&str> = columns
            .iter()
            .zip(&index)
            .filter(|(_, i)| i.is_none())
            .map(|(c, _)| *c)
            .collect();
        let message = match closest(&name, &missing) {
            Some(s) => {
                if let Some(i) = columns.iter().position(|c| *c == s) {
                    suggested[i] = true;
                }
                format!(
                    "unknown column `{}` (column {}): did you mean `{s}`?",
                    shorten(&name.escape_debug().to_string()),
                    pos + 1
                )
            }
            None => format!(
                "unknown column `{}` (column {}): expected exactly the columns `{expected}`",
                shorten(&name),
                pos + 1
            ),
        };
        sink.error(Some(line), None, message);
    }
    for (i, col) in columns.iter().enumerate() {
        if index[i].is_none() && !suggested[i] && !is_optional(col) {
            sink.error(
                Some(line),
                None,
                format!("missing column `{col}`: expected the columns `{expected}`"),
            );
        }
    }
    Some(index)
}

/// Decode, trim and sanity-check one raw field; `None` after reporting a problem.
fn field_text(sink: &mut Sink, line: usize, column: &str, raw: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(raw) {
        Ok(t) => t,
        Err(e) => {
            let good = String::from_utf8_lossy(&raw[..e.valid_up_to()]);
            sink.error(
                Some(line),
                Some(column),
                format!(
                    "invalid UTF-8 after {:?} (byte {} of the field): save the file as UTF-8",
                    shorten(&good),
                    e.valid_up_to() + 1
                ),
            );
            return None;
        }
    };
    let text = text.trim();
    let chars = text.chars().count();
    if chars > MAX_FIELD_CHARS {
        sink.error(
            Some(line),
            Some(column),
            format!(
                "field of {chars} characters starting {:?}: expected at most {MAX_FIELD_CHARS}",
                shorten(text)
            ),
        );
        return None;
    }
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        sink.error(
            Some(line),
            Some(column),
            format!(
                "{}: control character U+{:04X} is not allowed (is this a binary file?)",
                bad(text, "printable text"),
                c as u32
            ),
        );
        return None;
    }
    Some(text.to_string())
}

// ---------------------------------------------------------------------------------------------
// Rows

/// Parse a field with `FromStr`, reporting a failure with an optional spelling suggestion.
/// `None`: the field is unusable or was reported.
fn parse_field<T: FromStr<Err = ParseError>>(
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

fn required<'r>(sink: &mut Sink, row: &'r Row, column: &str, what: &str) -> Option<&'r str> {
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

fn valid_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

fn parse_id(sink: &mut Sink, row: &Row) -> Option<String> {
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
const PARTIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
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

fn parse_pair(sink: &mut Sink, row: &Row) -> Option<Pair> {
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
fn number_problem(text: &str, what: &str, example: &str) -> String {
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
fn plain_number(text: &str) -> Option<f64> {
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
fn parse_amount(sink: &mut Sink, row: &Row) -> Option<Option<f64>> {
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
fn parse_growth(sink: &mut Sink, row: &Row) -> Option<Option<f64>> {
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
fn check_currency(sink: &mut Sink, row: &Row, value: Option<Option<f64>>) -> bool {
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
fn parse_date_or_note(sink: &mut Sink, row: &Row, column: &str) -> Option<Option<Date>> {
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

fn text_field(sink: &mut Sink, row: &Row, column: &str, what: &str) -> Option<String> {
    required(sink, row, column, what).map(str::to_string)
}

fn check_quote(sink: &mut Sink, row: &Row, quote: &str) {
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
const ABBREVIATIONS: [&str; 28] = [
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

fn observation(sink: &mut Sink, row: &Row) -> Option<Observation> {
    let before = sink.error_count();
    let id = parse_id(sink, row);
    let pair = parse_pair(sink, row);
    let flow = parse_field::<Flow>(sink, row, "flow", &["turnover", "exports", "imports"]);
    let period = parse_field::<Period>(sink, row, "period", &[]);
    let value = parse_amount(sink, row);
    let currency_ok = check_currency(sink, row, value);
    let growth = parse_growth(sink, row);
    let bound = parse_field::<Bound>(
        sink,
        row,
        "bound",
        &["exact", "approx", "at_least", "at_most"],
    );
    let published = parse_date_or_note(sink, row, "published");
    let source = text_field(sink, row, "source", "the source document");
    let quote = text_field(sink, row, "quote", "the sentence the figure comes from");
    let note = row.get("note").map(str::to_string);
    let reported_by = parse_side(sink, row, pair);

    if let (Some(None), Some(None)) = (value, growth) {
        sink.error(
            Some(row.line),
            Some("value_usd"),
            "neither value_usd nor growth_pct is given: a row needs a level, a growth rate, or both"
                .into(),
        );
    }
    if let (Some(None), Some(b)) = (value, bound) {
        if b != Bound::Exact {
            sink.error(
                Some(row.line),
                Some("bound"),
                format!(
                    "bound {b} on a row with no value_usd: a bound describes a level, so a \
                     growth-only row has bound exact"
                ),
            );
        }
    }
    if let (Some(p), Some(Some(d))) = (period, published) {
        check_period_against_date(sink, row, p, d);
    }
    if let Some(q) = &quote {
        check_quote(sink, row, q);
    }
    if sink.error_count() > before || !currency_ok {
        return None;
    }
    Some(Observation {
        id: id?,
        pair: pair?,
        flow: flow?,
        period: period?,
        value_usd: value?,
        growth: growth?,
        bound: bound?,
        published: published?,
        source: source?,
        quote: quote?,
        note: note?,
        line: row.line,
        reported_by: reported_by?,
    })
}

/// `reported_by`: a code of the pair, `unknown`, or blank (also when the column is absent).
fn parse_side(sink: &mut Sink, row: &Row, pair: Option<Pair>) -> Option<Side> {
    let Some(text) = row.get("reported_by") else {
        return Some(Side::Unknown);
    };
    let codes = |p: Pair| {
        format!(
            "{} for {}'s own statistics, {} for {}'s mirror figure, or unknown",
            p.reporter, p.reporter, p.partner, p.partner
        )
    };
    if matches!(
        text.to_ascii_lowercase().as_str(),
        "reporter" | "partner" | "own" | "mirror"
    ) {
        let hint = pair.map_or(
            "the code of the country whose statistics give the figure".into(),
            codes,
        );
        sink.error(
            Some(row.line),
            Some("reported_by"),
            bad(text, format!("a country code, not a role: write {hint}")),
        );
        return None;
    }
    let side = parse_field::<Side>(sink, row, "reported_by", &[])?;
    if let (Side::Of(code), Some(p)) = (side, pair) {
        if !p.contains(code) {
            sink.error(
                Some(row.line),
                Some("reported_by"),
                bad(
                    text,
                    format!("one of the pair's codes ({p}): write {}", codes(p)),
                ),
            );
            return None;
        }
    }
    Some(side)
}

fn check_period_against_date(sink: &mut Sink, row: &Row, period: Period, published: Date) {
    let (start, end) = match period {
        Period::Year(y) => ((y, 1), Some((y, 12))),
        Period::Months { year, first, last } => ((year, first), Some((year, last))),
        Period::PartYear(y) => ((y, 1), None),
    };
    let at = (published.year(), published.month());
    if at < start {
        sink.error(
            Some(row.line),
            Some("period"),
            bad(
                &period.to_string(),
                format!(
                    "a period that began by the publication date {published}: a figure cannot be \
                     reported before its period starts (a goal for the future belongs in targets.csv)"
                ),
            ),
        );
    } else if end.is_some_and(|end| at <= end) {
        sink.warn(
            Some(row.line),
            Some("period"),
            format!(
                "period {period} had not ended by the publication date {published}: is this a \
                 forecast or a preliminary figure? say so in note"
            ),
        );
    }
}

fn parse_deadline(sink: &mut Sink, row: &Row) -> Option<Option<i32>> {
    let text = row.get("deadline")?;
    if text.is_empty() {
        return Some(None);
    }
    let year = (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse::<i32>().ok())
        .flatten()
        .filter(|y| YEAR_RANGE.contains(y));
    if year.is_none() {
        sink.error(
            Some(row.line),
            Some("deadline"),
            bad(
                text,
                "blank (no deadline stated) or a four-digit year between 1900 and 2200, e.g. 2030",
            ),
        );
        return None;
    }
    Some(year)
}

fn target(sink: &mut Sink, row: &Row) -> Option<Target> {
    let before = sink.error_count();
    let id = parse_id(sink, row);
    let pair = parse_pair(sink, row);
    let flow = parse_field::<Flow>(sink, row, "flow", &["turnover", "exports", "imports"]);
    let value = parse_amount(sink, row);
    if let Some(None) = value {
        sink.error(
            Some(row.line),
            Some("value_usd"),
            "value_usd is blank: a target needs the goal in US dollars, e.g. 1000000000 for $1 billion"
                .into(),
        );
    }
    let currency_ok = check_currency(sink, row, value);
    let deadline = parse_deadline(sink, row);
    let stated = parse_date_or_note(sink, row, "stated");
    let source = text_field(sink, row, "source", "the source document");
    let quote = text_field(sink, row, "quote", "the sentence stating the target");
    let note = row.get("note").map(str::to_string);
    let replaces = parse_replaces(sink, row);
    if let (Some(Some(d)), Some(Some(s))) = (deadline, stated) {
        if d < s.year() {
            sink.warn(
                Some(row.line),
                Some("deadline"),
                format!(
                    "deadline {d} is before the year the target was stated ({s}): is the \
                     deadline a typo?"
                ),
            );
        }
    }
    if let Some(q) = &quote {
        check_quote(sink, row, q);
    }
    if sink.error_count() > before || !currency_ok {
        return None;
    }
    Some(Target {
        id: id?,
        pair: pair?,
        flow: flow?,
        value_usd: value??,
        deadline: deadline?,
        stated: stated?,
        source: source?,
        quote: quote?,
        note: note?,
        line: row.line,
        replaces: replaces?,
    })
}

/// `replaces`: blank (inferred), `none`, or the id of an earlier target.
fn parse_replaces(sink: &mut Sink, row: &Row) -> Option<Replaces> {
    let Some(text) = row.get("replaces") else {
        return Some(Replaces::Inferred);
    };
    match text {
        "" => Some(Replaces::Inferred),
        "none" => Some(Replaces::Nothing),
        id if valid_id(id) => Some(Replaces::Target(id.to_string())),
        other => {
            sink.error(
                Some(row.line),
                Some("replaces"),
                bad(
                    other,
                    "blank (inferred), none, or the id of the earlier target this one replaces or \
                     restates, e.g. t001",
                ),
            );
            None
        }
    }
}

/// Cross-row checks of `replaces`: the id exists, is another target of the same trade, and the
/// links have no cycle. Then a warning for likely duplicates: targets of the same trade whose
/// values are within 2%, from different sources, not linked by `replaces`.
fn check_target_links(sink: &mut Sink, targets: &[Target]) {
    let by_id: HashMap<&str, &Target> = targets.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut ids: Vec<&str> = by_id.keys().copied().collect();
    ids.sort_unstable();
    for t in targets {
        let Replaces::Target(id) = &t.replaces else {
            continue;
        };
        let Some(old) = by_id.get(id.as_str()) else {
            let hint =
                closest(id, &ids).map_or(String::new(), |s| format!("; did you mean {s:?}?"));
            sink.error(
                Some(t.line),
                Some("replaces"),
                format!(
                    "{} replaces {:?}, which is not a target id in this file{hint}: give the id of the \
                     earlier target, or leave replaces blank",
                    t.id,
                    shorten(id)
                ),
            );
            continue;
        };
        if old.id == t.id {
            sink.error(
                Some(t.line),
                Some("replaces"),
                format!(
                    "{} replaces itself: give the id of an earlier target, or leave replaces blank",
                    t.id
                ),
            );
            continue;
        }
        if Trade::of(old.pair, old.flow) != Trade::of(t.pair, t.flow) {
            sink.error(
                Some(t.line),
                Some("replaces"),
                format!(
                    "{} ({} {}) replaces {} ({} {}, line {}), a target for another trade: a target \
                     can only replace one for the same pair and flow",
                    t.id, t.pair, t.flow, old.id, old.pair, old.flow, old.line
                ),
            );
        }
    }
    // Cycles: follow each chain; coming back to the start means a loop.
    for t in targets {
        let mut at = t;
        for _ in 0..targets.len() {
            let Replaces::Target(id) = &at.replaces else {
                break;
            };
            let Some(next) = by_id.get(id.as_str()) else {
                break;
            };
            if next.id == at.id {
                break; // replaces itself: reported above
            }
            at = next;
            if at.id == t.id {
                sink.error(
                    Some(t.line),
                    Some("replaces"),
                    format!(
                        "{}'s replaces links come back to it (a loop): each link must point to an \
                         earlier target",
                        t.id
                    ),
                );
                break;
            }
        }
    }
    for (j, b) in targets.iter().enumerate() {
        for a in &targets[..j] {
            let linked = a.replaces == Replaces::Target(b.id.clone())
                || b.replaces == Replaces::Target(a.id.clone())
                || a.replaces == Replaces::Nothing
                || b.replaces == Replaces::Nothing;
            if linked
                || a.source == b.source
                || Trade::of(a.pair, a.flow) != Trade::of(b.pair, b.flow)
                || !crate::target::same_value(a.value_usd, b.value_usd)
            {
                continue;
            }
            sink.warn(
                Some(b.line),
                Some("replaces"),
                format!(
                    "{} ({} {} {}) looks like {} on line {} restated in another source (values \
                     within 2%), but the two are not linked: set replaces to {} on the later one \
                     to make them one target with two sources, or to none if they are different goals",
                    b.id,
                    b.pair,
                    b.flow,
                    crate::fmt::usd(b.value_usd),
                    a.id,
                    a.line,
                    a.id
                ),
            );
        }
    }
}

fn check_duplicate_ids(sink: &mut Sink, ids: &[(Option<String>, usize)]) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (id, line) in ids {
        let (Some(id), line) = (id.as_deref(), *line) else {
            continue;
        };
        if let Some(&l) = first.get(id) {
            sink.error(
                Some(line),
                Some("id"),
                format!(
                    "duplicate id {:?}: already used on line {l}; ids must be unique (lines {l} and {line})",
                    shorten(id)
                ),
            );
        } else {
            first.insert(id, line);
        }
    }
}

fn check_duplicate_figures(sink: &mut Sink, observations: &[Observation]) {
    // The trade, not the pair as written: `KZ-KG` and `KG-KZ` turnover are one figure.
    type Key<'a> = (Trade, Side, Period, Option<u64>, Option<u64>, &'a str);
    let mut first: HashMap<Key, (usize, &str)> = HashMap::new();
    for o in observations {
        let key = (
            Trade::of(o.pair, o.flow),
            o.reported_by,
            o.period,
            o.value_usd.map(f64::to_bits),
            o.growth.map(f64::to_bits),
            o.source.as_str(),
        );
        if let Some((line, id)) = first.get(&key) {
            sink.warn(
                Some(o.line),
                None,
                format!(
                    "{} repeats the figure of {id} on line {line} (same trade, side, period, \
                     value, growth and source): remove one",
                    o.id
                ),
            );
        } else {
            first.insert(key, (o.line, &o.id));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Suggestions

/// The candidate closest to `word`, if close enough to be a likely slip.
fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let norm = |s: &str| s.trim().to_lowercase().replace([' ', '-'], "_");
    let w = norm(word);
    if w.is_empty() {
        return None;
    }
    candidates
        .iter()
        .map(|c| (edit_distance(&w, &norm(c)), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Long inputs cannot be near a short name; skip the quadratic work.
    if a.len().abs_diff(b.len()) > 3 || a.len() > 64 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences() {
        for one in [
            "Last year, trade grew 35%, reaching a record-breaking $24.2 billion.",
            "U.S. President Biden said trade reached $4.5 billion.",
            "Mr. Smith said the U.S. and Kazakhstan traded $2.1 billion.",
            "\"We will reach $1 billion,\" Alikhan Smailov said.",
            "Trade grew. and then",
        ] {
            assert_eq!(second_sentence(one), None, "{one}");
        }
        for two in [
            "Trade grew. It reached $4.5 billion.",
            "Trade grew! \"It reached $4.5 billion.\"",
            "Did trade grow? Yes.",
            "Trade reached $24.2 billion.\" The minister added more.",
        ] {
            assert!(second_sentence(two).is_some(), "{two}");
        }
    }

    #[test]
    fn an_unclosed_quote_is_found_where_the_csv_reader_would_run_it_to_the_end() {
        // Complete files: escaped quotes, quoted newlines and commas, a quote inside a bare field.
        for ok in [
            "a,b\n1,\"x \"\"y\"\", z\"\n",
            "a,b\n1,\"two\nlines\"\n2,3",
            "a,b\n1,x\"y\n",
            "a,b\n1,\"\"\n",
        ] {
            assert_eq!(unclosed_quote(ok.as_bytes()), None, "{ok:?}");
        }
        let cut = unclosed_quote(b"a,b,c\n1,2,3\n4,\"open,\nstill \"\" open").unwrap();
        assert_eq!(
            (cut.record_start, cut.record_line, cut.quote_line, cut.field),
            (12, 3, 3, 1)
        );
        let cut = unclosed_quote(b"a,b\n\"1\",\"x\ny\nz").unwrap();
        assert_eq!((cut.record_line, cut.quote_line, cut.field), (2, 2, 1));
        assert_eq!(trailing_nuls(b"a,b\n1,2\n\0\0"), Some(3));
        assert_eq!(trailing_nuls(b"a,b\n1,2\n"), None);
    }

    proptest::proptest! {
        /// The scanner agrees with the csv crate: a file ends inside a quoted field exactly when
        /// a line appended to it does not start a record of its own.
        #[test]
        fn the_quote_scanner_agrees_with_the_csv_reader(
            text in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b',', b'"', b'\n', b'\r', b' ']), 0..40)
        ) {
            let mut bytes = text.clone();
            bytes.extend_from_slice(b"\nENDMARK");
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .terminator(csv::Terminator::Any(b'\n'))
                .from_reader(bytes.as_slice());
            let mut last = None;
            for r in reader.byte_records() {
                last = Some(r.unwrap());
            }
            let marker_is_a_record = last.is_some_and(|r| r.len() == 1 && &r[0] == b"ENDMARK");
            proptest::prop_assert_eq!(unclosed_quote(&text).is_none(), marker_is_a_record);
        }
    }

    #[test]
    fn suggestions() {
        let cols = OBSERVATION_COLUMNS;
        assert_eq!(closest("valu_usd", &cols), Some("value_usd"));
        assert_eq!(closest("Growth pct", &cols), Some("growth_pct"));
        assert_eq!(
            closest("atleast", &["exact", "approx", "at_least", "at_most"]),
            Some("at_least")
        );
        assert_eq!(closest("banana", &cols), None);
    }

    #[test]
    fn party_list_has_every_assigned_code() {
        // 249 assigned ISO 3166-1 alpha-2 codes, plus EU and XK.
        assert_eq!(PARTIES.split_ascii_whitespace().count(), 251);
        assert!(is_known_party("KZ") && is_known_party("EU") && !is_known_party("UK"));
    }
}
