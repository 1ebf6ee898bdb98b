//! Reading the table: the header, each data line arranged in the expected column order, and
//! the file-level checks (size, encoding, rows of the wrong length, files cut short inside a
//! quoted field or ending in NUL bytes).

use super::problems::{bad, shorten, Sink};
use super::suggest::closest;
use super::{expected_columns, is_optional, row_over_limit, MAX_FIELD_CHARS, MAX_ROWS};

/// One data line, its fields arranged in the expected column order. `None` marks a field that
/// cannot be used: its column is missing, or the field was already reported (bad UTF-8, too
/// long, control characters).
pub(super) struct Row {
    pub(super) line: usize,
    pub(super) fields: Vec<Option<String>>,
    pub(super) columns: &'static [&'static str],
}

impl Row {
    pub(super) fn get(&self, column: &str) -> Option<&str> {
        let i = self.columns.iter().position(|c| *c == column)?;
        self.fields[i].as_deref()
    }
    pub(super) fn id(&self) -> Option<&str> {
        self.get("id").filter(|s| !s.is_empty())
    }
}

/// Read the header, then hand each data row of the right length to `on_row`, streaming so
/// that memory stays proportional to the input. Returns the number of data records (including
/// those rejected for their length), or `None` when the file has no usable header.
pub(super) fn read_table(
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
pub(crate) struct Cut {
    /// Byte offset where the record holding the open quote starts.
    pub(super) record_start: usize,
    /// Line where that record starts.
    pub(super) record_line: usize,
    /// Line of the opening quote.
    pub(super) quote_line: usize,
    /// 0-based field of the record the quote opens.
    pub(super) field: usize,
}

impl Cut {
    pub(super) fn message(&self, what: &str, row: &str) -> String {
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
pub(super) fn unclosed_quote(bytes: &[u8]) -> Option<Cut> {
    let mut scan = QuoteScan::new();
    scan.feed(bytes);
    scan.cut()
}

/// The scanner behind [`unclosed_quote`], fed piece by piece, for readers that stream a file
/// (batch panels) rather than hold it: [`QuoteScan::feed`] the bytes in order, then ask
/// [`QuoteScan::cut`] at the end.
#[derive(Debug, Clone)]
pub(crate) struct QuoteScan {
    /// Bytes fed so far.
    offset: usize,
    line: usize,
    record_start: usize,
    record_line: usize,
    field: usize,
    at_field_start: bool,
    /// (quote line, field) of the open quoted field.
    open: Option<(usize, usize)>,
    /// A `"` was the last byte seen inside the open field: the next byte says whether it closes
    /// the field or is the first half of a literal `""`.
    quote_pending: bool,
}

impl QuoteScan {
    /// A scanner at the start of a file.
    pub(crate) fn new() -> Self {
        QuoteScan {
            offset: 0,
            line: 1,
            record_start: 0,
            record_line: 1,
            field: 0,
            at_field_start: true,
            open: None,
            quote_pending: false,
        }
    }

    /// Scan the next bytes of the file.
    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        for (k, &b) in bytes.iter().enumerate() {
            if self.quote_pending {
                self.quote_pending = false;
                if b == b'"' {
                    continue; // `""`: a literal quote, the field stays open
                }
                self.open = None; // the quote closed the field; `b` is read outside it
            }
            if self.open.is_some() {
                match b {
                    b'"' => self.quote_pending = true,
                    b'\n' => self.line += 1,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' if self.at_field_start => {
                    self.open = Some((self.line, self.field));
                    self.at_field_start = false;
                }
                b',' => {
                    self.field += 1;
                    self.at_field_start = true;
                }
                b'\n' => {
                    self.line += 1;
                    self.record_start = self.offset + k + 1;
                    self.record_line = self.line;
                    self.field = 0;
                    self.at_field_start = true;
                }
                _ => self.at_field_start = false,
            }
        }
        self.offset += bytes.len();
    }

    /// The line of the quote the file ends inside, if it does (call after the last bytes).
    pub(crate) fn unclosed_line(&self) -> Option<usize> {
        self.cut().map(|cut| cut.quote_line)
    }

    /// Where the file ends inside a quoted field, if it does (call after the last bytes).
    pub(crate) fn cut(&self) -> Option<Cut> {
        if self.quote_pending {
            return None; // a quote as the last byte closes its field
        }
        self.open.map(|(quote_line, field)| Cut {
            record_start: self.record_start,
            record_line: self.record_line,
            quote_line,
            field,
        })
    }
}

/// The line of the first of the NUL bytes a file ends in, if it ends in any.
pub(super) fn trailing_nuls(bytes: &[u8]) -> Option<usize> {
    let text_end = bytes
        .iter()
        .rposition(|&b| b != 0 && !b.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    let first_nul = text_end + bytes[text_end..].iter().position(|&b| b == 0)?;
    Some(1 + bytes[..first_nul].iter().filter(|&&b| b == b'\n').count())
}

/// Map each expected column to its position in the header, reporting every header problem.
/// Returns `None` only when the header is unusable as a whole.
pub(super) fn header_index(
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
pub(super) fn field_text(sink: &mut Sink, line: usize, column: &str, raw: &[u8]) -> Option<String> {
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
