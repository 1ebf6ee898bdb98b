//! The one reader of the history files a run keeps beside its report (`history.csv` and
//! `history-projections.csv`): their shared rules for an empty file, a foreign header and bad rows.

use crate::error::{Error, Problem, Result};
use crate::obs::Date;

/// Parses a history file of rows `T` under the header `header` (`history.csv`, [`super::history`], and `history-projections.csv`,
/// [`super::year_history`]): an empty file is no rows, another header is refused rather than
/// overwritten, and every bad row (or as-of date, read by `as_of`) is a located problem.
pub(super) fn parse<T: serde::de::DeserializeOwned>(
    file: &str,
    bytes: &[u8],
    header: &str,
    as_of: impl Fn(&T) -> &str,
) -> Result<Vec<T>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let header_ok = reader
        .headers()
        .map(|h| h.iter().collect::<Vec<_>>().join(",") == header)
        .unwrap_or(false);
    if !header_ok {
        return Err(Error::Invalid(vec![Problem {
            file: file.into(),
            line: Some(1),
            column: None,
            message: format!(
                "not a tradecast history file: expected the header {header}; move the file away or pick another --out"
            ),
        }]));
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, rec) in reader.deserialize::<T>().enumerate() {
        match rec {
            Ok(r) if as_of(&r).parse::<Date>().is_ok() => rows.push(r),
            Ok(r) => problems.push(Problem {
                file: file.into(),
                line: Some(i + 2),
                column: Some("as_of".into()),
                message: format!("bad value {:?}: expected a date YYYY-MM-DD", as_of(&r)),
            }),
            Err(e) => problems.push(Problem {
                file: file.into(),
                line: Some(i + 2),
                column: None,
                message: format!(
                    "{e}; fix or delete the line (the history is rebuilt from later runs)"
                ),
            }),
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(Error::Invalid(problems))
    }
}
