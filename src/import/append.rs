//! Appending imported figures to a data directory's `observations.csv`, idempotently and
//! atomically.
//!
//! - Each figure's id is `imp-` and 16 hex digits of a hash of its file name, pair, flow,
//!   period, side, value and currency: the same figure from the same file always gets the same
//!   id. A figure whose id is already in the file, or which repeats a row already there (same
//!   pair, flow, period, side, value and source), is skipped, so importing a file twice changes
//!   nothing; so is a figure an earlier import already made from another file with the same pair,
//!   flow, period, side and value (a second download of the same release). A revised value is a
//!   new row beside the old one (reconciliation shows both); revisions are not yet vintages.
//! - Existing lines are kept as they are; when the file lacks the optional `reported_by` (or,
//!   for figures in another currency, `amount`) column, it is added at the end of the header and
//!   left blank on the existing rows, which then load as before.
//! - The merged file must load, with the directory's `rates.csv`, before anything is written;
//!   then it is committed atomically under the directory's lock ([`crate::write`]). On any
//!   problem nothing in the directory changes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{amount_text, parse_file, Figure, Format, Layout};
use crate::error::{Error, Problem, Result};
use crate::input::{parse_observations_with_rates, MAX_ROWS};
use crate::obs::Party;
use crate::write::{self, OutputFile};

/// How to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The format asked for (`Auto` detects it from the header).
    pub format: Format,
    /// Show what would change; write nothing.
    pub dry_run: bool,
    /// The year of a file that has no year column nor one in its name (IMF DOTS mirror file).
    pub year: Option<i32>,
    /// Keep only figures whose pair includes one of these (empty: all).
    pub partners: Vec<Party>,
    /// Keep only figures of this year and later.
    pub since: Option<i32>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            format: Format::Auto,
            dry_run: false,
            year: None,
            partners: Vec::new(),
            since: None,
        }
    }
}

/// What one file gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileSummary {
    /// The file.
    pub path: PathBuf,
    /// The layout detected.
    pub layout: Layout,
    /// The layout in words.
    pub layout_name: String,
    /// The dataset, unit and scale.
    pub dataset: String,
    /// Data rows read.
    pub rows: usize,
    /// Figures made (before the filters and the duplicate check).
    pub figures: usize,
    /// Rows left out, by reason, with counts.
    pub skipped: Vec<(String, usize)>,
}

/// What [`import`] did (or, with `dry_run`, would do).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imported {
    /// The data directory.
    pub data: PathBuf,
    /// Per file.
    pub files: Vec<FileSummary>,
    /// Observations in the file before.
    pub observations_before: usize,
    /// Rows added (with `dry_run`: that would be added).
    pub added: usize,
    /// Figures already in the file (or repeated within this import), skipped.
    pub already_present: usize,
    /// Figures left out by `partners` or `since`.
    pub filtered_out: usize,
    /// Loader warnings on the new rows (e.g. amounts under $1 million).
    pub warnings: usize,
    /// Nothing was written.
    pub dry_run: bool,
    /// The columns of `rows`: the file's header after the import.
    pub columns: Vec<String>,
    /// The rows added, as written.
    pub rows: Vec<Vec<String>>,
}

/// FNV-1a, 64 bits: a stable hash (the standard library's is seeded per process).
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn value_key(text: &str) -> String {
    text.trim()
        .parse::<f64>()
        .map_or_else(|_| text.trim().to_string(), amount_text)
}

/// The key two rows of the same figure share: pair, flow, period, side, value, source.
fn key(fields: [&str; 6]) -> String {
    let [pair, flow, period, side, value, source] = fields;
    let side = if side.is_empty() { "unknown" } else { side };
    format!(
        "{pair}|{flow}|{period}|{side}|{}|{source}",
        value_key(value)
    )
}

fn id_of(f: &Figure) -> String {
    let text = format!(
        "{}|{}|{}|{}|{}|{}|{}",
        f.source,
        f.pair,
        f.flow,
        f.period,
        f.reported_by,
        amount_text(f.value),
        f.currency
    );
    format!("imp-{:016x}", fnv(&text))
}

/// The fields of `f` in the order of `columns`.
fn row(f: &Figure, columns: &[String]) -> Vec<String> {
    let usd = f.currency == "USD";
    columns
        .iter()
        .map(|c| match c.as_str() {
            "id" => id_of(f),
            "pair" => f.pair.to_string(),
            "flow" => f.flow.to_string(),
            "period" => f.period.to_string(),
            "value_usd" if usd => amount_text(f.value),
            "amount" if !usd => amount_text(f.value),
            "currency" => f.currency.clone(),
            "bound" => "exact".into(),
            "source" => f.source.clone(),
            "quote" => f.quote.clone(),
            "note" => f.note.clone(),
            "reported_by" => f.reported_by.to_string(),
            _ => String::new(),
        })
        .collect()
}

/// `text` (a CSV file) with `extra` empty fields added at the end of every record, and the
/// header given `names`. Records are copied byte for byte otherwise.
fn add_columns(text: &str, names: &[&str]) -> String {
    if names.is_empty() {
        return text.to_string();
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut starts = Vec::new();
    let mut record = csv::ByteRecord::new();
    while let Ok(true) = reader.read_byte_record(&mut record) {
        starts.push(record.position().map_or(0, |p| p.byte() as usize));
    }
    let mut out = String::with_capacity(text.len() + starts.len() * names.len());
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        // A record's span may start with the \n of a CRLF before it and end with blank lines.
        out.push_str(text[start..end].trim_matches(['\r', '\n']));
        if i == 0 {
            for n in names {
                out.push(',');
                out.push_str(n);
            }
        } else {
            out.push_str(&",".repeat(names.len()));
        }
        out.push('\n');
    }
    out
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Parse every file (all problems of all files reported together).
fn parse_all(
    files: &[PathBuf],
    options: &ImportOptions,
) -> Result<(Vec<FileSummary>, Vec<Figure>)> {
    let mut problems = Vec::new();
    let mut summaries = Vec::new();
    let mut figures = Vec::new();
    for path in files {
        match parse_file(path, options.format, options.year) {
            Ok(p) => {
                summaries.push(FileSummary {
                    path: path.clone(),
                    layout: p.layout,
                    layout_name: p.layout.describe().to_string(),
                    dataset: p.dataset,
                    rows: p.rows,
                    figures: p.figures.len(),
                    skipped: p.skipped.into_iter().collect(),
                });
                figures.extend(p.figures);
            }
            Err(Error::Invalid(ps)) => problems.extend(ps),
            Err(e) => return Err(e),
        }
    }
    if problems.is_empty() {
        Ok((summaries, figures))
    } else {
        Err(Error::Invalid(problems))
    }
}

/// What the file holds already: its header, ids and figure keys, and its row count.
struct Existing {
    header: Vec<String>,
    ids: BTreeSet<String>,
    keys: BTreeSet<String>,
    /// Keys without the source of the rows an earlier import made (`imp-` ids): the same figure
    /// from another download of the same release is not added twice.
    imported: BTreeSet<String>,
    rows: usize,
}

fn existing_rows(obs_path: &Path, existing: &str) -> Result<Existing> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(existing.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::Argument(format!("{}: {e}", obs_path.display())))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name);
    let mut ids = BTreeSet::new();
    let mut keys = BTreeSet::new();
    let mut imported = BTreeSet::new();
    let mut old_rows = 0;
    for r in reader.records().flatten() {
        let get = |name: &str| at(name).and_then(|i| r.get(i)).unwrap_or("").trim();
        if r.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        old_rows += 1;
        ids.insert(get("id").to_string());
        let value = if get("value_usd").is_empty() {
            get("amount")
        } else {
            get("value_usd")
        };
        keys.insert(key([
            get("pair"),
            get("flow"),
            get("period"),
            get("reported_by"),
            value,
            get("source"),
        ]));
        if get("id").starts_with("imp-") {
            imported.insert(key([
                get("pair"),
                get("flow"),
                get("period"),
                get("reported_by"),
                value,
                "",
            ]));
        }
    }
    Ok(Existing {
        header,
        ids,
        keys,
        imported,
        rows: old_rows,
    })
}

/// Import `files` into `dir`'s `observations.csv` (see the module documentation).
///
/// The existing data must load first. Every file is read before anything is written; a
/// problem in any of them, or in the merged file, rejects the whole import
/// ([`Error::Invalid`]) and leaves `dir` as it was.
pub fn import(dir: &Path, files: &[PathBuf], options: &ImportOptions) -> Result<Imported> {
    let dataset = crate::input::load(dir)?;
    let (summaries, figures) = parse_all(files, options)?;
    let before = figures.len();
    let figures: Vec<Figure> = figures
        .into_iter()
        .filter(|f| {
            options.partners.is_empty() || options.partners.iter().any(|p| f.pair.contains(*p))
        })
        .filter(|f| options.since.is_none_or(|y| f.period.year() >= y))
        .collect();
    let filtered_out = before - figures.len();
    let lock = if options.dry_run {
        None
    } else {
        Some(write::lock(dir)?)
    };
    let obs_path = dir.join("observations.csv");
    let existing = read_text(&obs_path)?;
    let Existing {
        header,
        mut ids,
        mut keys,
        mut imported,
        rows: old_rows,
    } = existing_rows(&obs_path, &existing)?;
    let at = |name: &str| header.iter().position(|h| h == name);
    let mut added_columns: Vec<&str> = Vec::new();
    if at("reported_by").is_none() {
        added_columns.push("reported_by");
    }
    if at("amount").is_none() && figures.iter().any(|f| f.currency != "USD") {
        added_columns.push("amount");
    }
    let columns: Vec<String> = header
        .iter()
        .cloned()
        .chain(added_columns.iter().map(|c| c.to_string()))
        .collect();
    let mut rows = Vec::new();
    let mut origins: Vec<(String, usize)> = Vec::new();
    let mut already_present = 0;
    for f in &figures {
        let id = id_of(f);
        let k = key([
            &f.pair.to_string(),
            f.flow.as_str(),
            &f.period.to_string(),
            f.reported_by.as_str(),
            &amount_text(f.value),
            &f.source,
        ]);
        let same = key([
            &f.pair.to_string(),
            f.flow.as_str(),
            &f.period.to_string(),
            f.reported_by.as_str(),
            &amount_text(f.value),
            "",
        ]);
        if ids.contains(&id) || keys.contains(&k) || imported.contains(&same) {
            already_present += 1;
            continue;
        }
        ids.insert(id);
        keys.insert(k);
        imported.insert(same);
        rows.push(row(f, &columns));
        origins.push((f.source.clone(), f.line));
    }
    if old_rows + rows.len() > MAX_ROWS {
        return Err(Error::Invalid(vec![Problem {
            file: obs_path.display().to_string(),
            line: None,
            column: None,
            message: format!(
                "the import would make {} rows ({} there, {} new), over the limit of {MAX_ROWS}: \
                 import fewer partners (--partner) or years (--since)",
                old_rows + rows.len(),
                old_rows,
                rows.len()
            ),
        }]));
    }
    let mut content = add_columns(&existing, &added_columns);
    if !content.is_empty() && !content.ends_with('\n') {
        content.push('\n');
    }
    let first_new_line = content.lines().count() + 1;
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    for r in &rows {
        w.write_record(r)
            .map_err(|e| Error::Argument(e.to_string()))?;
    }
    let new_text = w.into_inner().map_err(|e| Error::Argument(e.to_string()))?;
    content.push_str(&String::from_utf8_lossy(&new_text));
    let obs_name = obs_path.display().to_string();
    let warnings =
        match parse_observations_with_rates(&obs_name, content.as_bytes(), Some(&dataset.rates)) {
            Ok((_, warnings)) => warnings
                .iter()
                .filter(|p| p.line.is_some_and(|l| l >= first_new_line))
                .count(),
            Err(Error::Invalid(problems)) => {
                return Err(Error::Invalid(located(
                    problems,
                    first_new_line,
                    &rows,
                    &origins,
                )))
            }
            Err(e) => return Err(e),
        };
    if !options.dry_run && !rows.is_empty() {
        write::commit(
            dir,
            &[OutputFile {
                path: "observations.csv".into(),
                bytes: content.into_bytes(),
            }],
            None,
        )?;
    }
    drop(lock);
    Ok(Imported {
        data: dir.to_path_buf(),
        files: summaries,
        observations_before: dataset.observations.len(),
        added: rows.len(),
        already_present,
        filtered_out,
        warnings,
        dry_run: options.dry_run,
        columns,
        rows,
    })
}

/// Problems of the merged file, each new row's also naming the imported file and line it came
/// from. New rows are one line each (quotes of CSV rows hold no line breaks).
fn located(
    problems: Vec<Problem>,
    first_new_line: usize,
    rows: &[Vec<String>],
    origins: &[(String, usize)],
) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|mut p| {
            let origin = p
                .line
                .and_then(|l| l.checked_sub(first_new_line))
                .filter(|i| *i < rows.len())
                .map(|i| &origins[i]);
            if let Some((file, line)) = origin {
                p.message = format!("{} (imported from {file}:{line})", p.message);
            }
            p
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_added_at_the_end_and_rows_keep_their_bytes() {
        let text = "id,quote\r\no1,\"two\nlines, quoted\"\r\n\r\no2,plain\n";
        let out = add_columns(text, &["reported_by", "amount"]);
        assert_eq!(
            out,
            "id,quote,reported_by,amount\no1,\"two\nlines, quoted\",,\no2,plain,,\n"
        );
        assert_eq!(add_columns(text, &[]), text);
    }

    #[test]
    fn ids_are_stable_and_keys_ignore_how_a_value_is_written() {
        assert_eq!(fnv("a"), 0xaf63_dc4c_8601_ec8c); // the FNV-1a 64 test vector
        assert_eq!(
            key(["KZ-CN", "exports", "2023", "", "2.42e10", "a.csv"]),
            key([
                "KZ-CN",
                "exports",
                "2023",
                "unknown",
                "24200000000",
                "a.csv"
            ])
        );
    }
}
