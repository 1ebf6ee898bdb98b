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
//! then optionally `reported_by` and `amount`;
//! `targets.csv` has `id,pair,flow,value_usd,currency,deadline,stated,source,quote,note`, then
//! optionally `replaces`, `factor` and `base_year`. A file without an optional column loads as if
//! it were blank. The optional `rates.csv` has `currency,period,units_per_usd,published,source,quote`
//! (see [`RATE_COLUMNS`]); without it, no figure may be in another currency.
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
//!   growth-only row. A figure in another currency has `value_usd` blank, its ISO 4217 code in
//!   `currency` (from the one list in [`crate::currency`]; `eur` gets "in capitals: EUR") and
//!   its amount in `amount`: it is converted at the average rate of exactly its period from
//!   `rates.csv` (`value_usd = amount / units_per_usd`), and its `growth_pct`, the change in
//!   that currency, into dollar growth with the rate of the same months a year earlier. Both
//!   the amount and the rates stay on the observation ([`crate::obs::Conversion`]). A missing
//!   rate is an error at the row, naming the currency and the period and giving the row to add
//!   to `rates.csv`; a part-year (`2023-part`) cannot be converted; `value_usd` with another
//!   currency, and `amount` with USD, are errors saying which column to use. Why a separate
//!   `amount` column rather than an amount in `value_usd`: a number in a column named
//!   `value_usd` is always dollars, so no old reader can take euros for dollars.
//! - **Rates** (`rates.csv`): a currency in the list other than USD; a period with its months
//!   (a year, months, or months across two years, never a part-year); `units_per_usd` a
//!   positive plain number; a blank `published` is allowed; `source` and `quote` (the sentence
//!   or the address) must not be blank; one rate per currency and period (a second is an error
//!   naming the first's line). A header-only file is fine.
//! - **Growth** (`growth_pct`) is a plain number of percent; `35%` is **refused** with the hint
//!   "write 35", so that every file has one spelling. Growth at or below -100% or above
//!   [`MAX_GROWTH_PCT`] (a thousand-fold rise) is an error.
//! - **Rows**: an observation needs `value_usd`, `growth_pct` or both; a row without a value
//!   must have bound `exact` (a bound describes a level).
//! - **Dates** are `YYYY-MM-DD` and must exist. A blank `published` (or `stated` in targets) is
//!   allowed only when `note` says how the year was inferred.
//! - **Periods** must parse (see [`Period`](crate::obs::Period)); a period starting after its publication date is
//!   an error, one that had not ended by then is a warning (forecast or preliminary figure?).
//! - **Ids** are 1 to 64 ASCII letters, digits, `_`, `-` or `.`, unique within their file;
//!   a duplicate names both lines.
//! - `source` and `quote` must not be blank. A quote of more than one sentence is a warning.
//!   Text that looks like a spreadsheet formula (`=cmd|...`) is accepted as text; renderers
//!   neutralise it.
//! - **Targets**: a goal is absolute (`value_usd`, positive, in US dollars) or relative
//!   (`factor`: "double" = 2, "increase by 50%" = 1.5), never both and never neither.
//!   `deadline` is blank or a four-digit year in 1900..=2200; a deadline before the year it was
//!   stated is a warning.
//! - **Relative targets**: `value_usd` and `currency` blank; `factor` a plain number above 1 and
//!   at most [`MAX_FACTOR`](crate::obs::MAX_FACTOR) (`2x`, `200%` and `+50%` are refused with the
//!   number to write); `base_year` blank (the last full year known when the goal was stated, on
//!   the side it is judged on) or a year in 1900..=2200, not after the year it was stated. A
//!   relative target with no `stated` date needs `base_year`; `base_year` without `factor` is an
//!   error.
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

mod aim;
mod fields;
mod problems;
mod rates;
mod records;
mod suggest;
mod table;

use std::path::Path;

use crate::error::{Error, Problem, Result};
use crate::obs::{Observation, Rate, Target};

pub use self::fields::{is_known_party, second_sentence};
use self::problems::Sink;
use self::records::{
    check_duplicate_figures, check_duplicate_ids, check_target_links, observation, target,
};
use self::table::read_table;
pub use self::table::unclosed_quote_line;
pub(crate) use self::table::QuoteScan;

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
/// them loads as before (`reported_by` missing = `unknown`; `amount` missing = blank: the
/// figure is in US dollars).
pub const OBSERVATION_OPTIONAL_COLUMNS: [&str; 2] = ["reported_by", "amount"];

/// The columns of the optional `rates.csv`: the exchange rates the user relies on, one
/// average rate per currency and period, each with its provenance.
pub const RATE_COLUMNS: [&str; 6] = [
    "currency",
    "period",
    "units_per_usd",
    "published",
    "source",
    "quote",
];

/// Optional columns of `targets.csv`, written after the required ones (`replaces` missing =
/// blank: supersession is inferred; `factor` and `base_year` missing = blank: an absolute goal).
pub const TARGET_OPTIONAL_COLUMNS: [&str; 3] = ["replaces", "factor", "base_year"];

const OBSERVATION_ALL: [&str; 14] = [
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
    "amount",
];

const TARGET_ALL: [&str; 13] = [
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
    "factor",
    "base_year",
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
    /// Exchange rates from the optional `rates.csv`, in file order (empty without the file).
    pub rates: Vec<Rate>,
    /// Located problems that do not reject the data (e.g. a quote of two sentences).
    pub warnings: Vec<Problem>,
}

/// Read and validate `dir/observations.csv`, `dir/targets.csv` and, when it exists,
/// `dir/rates.csv` (the exchange rates that convert figures in other currencies).
///
/// When several files have problems, all of them are returned together in one
/// [`Error::Invalid`]. A file that cannot be read is an [`Error::Io`].
pub fn load(dir: &Path) -> Result<Dataset> {
    let obs_path = dir.join("observations.csv");
    let tgt_path = dir.join("targets.csv");
    let rates_path = dir.join("rates.csv");
    let obs_bytes = read(&obs_path)?;
    let tgt_bytes = read(&tgt_path)?;
    let rates_bytes = if rates_path.exists() {
        Some(read(&rates_path)?)
    } else {
        None
    };
    let rates_name = rates_path.display().to_string();
    parse_dataset_with_rates(
        (&obs_path.display().to_string(), &obs_bytes),
        (&tgt_path.display().to_string(), &tgt_bytes),
        rates_bytes.as_deref().map(|b| (rates_name.as_str(), b)),
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
/// Like [`load`], the problems of both files are reported together. Without a rates file, a
/// figure in another currency is refused (its rate is missing).
pub fn parse_dataset(observations: (&str, &[u8]), targets: (&str, &[u8])) -> Result<Dataset> {
    parse_dataset_with_rates(observations, targets, None)
}

/// [`parse_dataset`] with an optional rates file (`rates.csv`), whose problems are reported
/// with the others'.
pub fn parse_dataset_with_rates(
    observations: (&str, &[u8]),
    targets: (&str, &[u8]),
    rates: Option<(&str, &[u8])>,
) -> Result<Dataset> {
    let rates = match rates {
        Some((file, bytes)) => parse_rates(file, bytes),
        None => Ok((Vec::new(), Vec::new())),
    };
    let obs = parse_observations_with_rates(
        observations.0,
        observations.1,
        rates.as_ref().ok().map(|(r, _)| r.as_slice()),
    );
    let tgt = parse_targets(targets.0, targets.1);
    match (rates, obs, tgt) {
        (Ok((rates, rw)), Ok((observations, mut warnings)), Ok((targets, tw))) => {
            warnings.extend(tw);
            warnings.extend(rw);
            Ok(Dataset {
                observations,
                targets,
                rates,
                warnings,
            })
        }
        (r, o, t) => {
            let mut all = Vec::new();
            for e in [r.err(), o.err(), t.err()].into_iter().flatten() {
                match e {
                    Error::Invalid(problems) => all.extend(problems),
                    other => return Err(other),
                }
            }
            Err(Error::Invalid(all))
        }
    }
}

/// Validate an observations file held in memory. `file` is the name used in messages. A figure
/// in another currency is refused: see [`parse_observations_with_rates`].
pub fn parse_observations(file: &str, bytes: &[u8]) -> Result<(Vec<Observation>, Vec<Problem>)> {
    parse_observations_with_rates(file, bytes, Some(&[]))
}

/// [`parse_observations`], converting figures in other currencies with `rates` (a missing
/// rate is an error naming the currency and period). `None`: the rates file was invalid and
/// its problems are reported elsewhere, so missing rates are not reported again.
pub fn parse_observations_with_rates(
    file: &str,
    bytes: &[u8],
    rates: Option<&[Rate]>,
) -> Result<(Vec<Observation>, Vec<Problem>)> {
    let mut sink = Sink::new(file);
    let mut out = Vec::new();
    let mut ids = Vec::new();
    let records = read_table(&mut sink, bytes, &OBSERVATION_ALL, |sink, row| {
        ids.push((row.id().map(str::to_string), row.line));
        if let Some(o) = observation(sink, &row, rates) {
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

/// Validate a rates file held in memory (`rates.csv`, see [`RATE_COLUMNS`]). `file` is the
/// name used in messages. A header-only file is fine: no rates.
pub fn parse_rates(file: &str, bytes: &[u8]) -> Result<(Vec<Rate>, Vec<Problem>)> {
    let mut sink = Sink::new(file);
    let mut out = Vec::new();
    let records = read_table(&mut sink, bytes, &RATE_COLUMNS, |sink, row| {
        if let Some(r) = rates::rate(sink, &row) {
            out.push(r);
        }
    });
    if records.is_some() {
        rates::check_duplicate_rates(&mut sink, &out);
    }
    sink.finish().map(|warnings| (out, warnings))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::fields::PARTIES;
    use super::suggest::closest;
    use super::table::{trailing_nuls, unclosed_quote};
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
