//! `extract`: propose data rows from news-release text, and append reviewed ones to a data
//! directory. Moved here from the binary so the CLI and Python share it.
//!
//! [`append`] never rewrites an existing line: it appends new rows to the end of each file,
//! skips rows that repeat a figure already there (same pair, flow, period, value, growth and
//! source), gives them the next free ids, checks every appended row with the loader, and
//! commits both files atomically under the data directory's lock.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::extract::{extract_with, to_csv_rows_linked, Extraction, Options};
use crate::input::{
    parse_observations_with_rates, parse_targets, OBSERVATION_COLUMNS, TARGET_COLUMNS,
};
use crate::write::{self, OutputFile};

/// Years `assume_year` may name.
pub const ASSUME_YEAR: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Read and extract every article file, in the order given. `assume_year` (within
/// [`ASSUME_YEAR`]) resolves "this year"/"last year" in an article with no date. A year out of
/// range, or a file that is not UTF-8 text, is rejected ([`Error::Argument`]) saying what to do.
pub fn read_articles(files: &[PathBuf], assume_year: Option<i32>) -> Result<Vec<Extraction>> {
    if let Some(year) = assume_year.filter(|y| !ASSUME_YEAR.contains(y)) {
        return Err(Error::Argument(format!(
            "assume_year {year} is out of range: give {} to {}",
            ASSUME_YEAR.start(),
            ASSUME_YEAR.end()
        )));
    }
    let options = Options {
        assume_year,
        ..Options::default()
    };
    files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            if let Some(at) = bytes.iter().position(|&b| b == 0) {
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                return Err(Error::Argument(format!(
                    "{}:{line}: a NUL byte at offset {at}: not plain text (UTF-16, or a binary \
                     file such as a PDF?); save the article as UTF-8 text",
                    path.display(),
                )));
            }
            let text = String::from_utf8(bytes).map_err(|e| {
                let at = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                Error::Argument(format!(
                    "{}:{line}: not UTF-8 text (first bad byte at offset {at}); save the article \
                     as UTF-8",
                    path.display(),
                ))
            })?;
            let source = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            Ok(extract_with(&text, &source, &options))
        })
        .collect()
}

/// Records of a CSV text (header excluded).
fn records(file: &str, text: &str) -> Result<(csv::StringRecord, Vec<csv::StringRecord>)> {
    let bad = |e: csv::Error| Error::Argument(format!("{file}: not CSV: {e}"));
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = r.headers().map_err(bad)?.clone();
    let rows = r
        .records()
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(bad)?;
    Ok((header, rows))
}

fn field<'a>(header: &csv::StringRecord, row: &'a csv::StringRecord, name: &str) -> &'a str {
    header
        .iter()
        .position(|h| h == name)
        .and_then(|i| row.get(i))
        .unwrap_or("")
        .trim()
}

/// The next free id `prefix###` after every id already used.
fn next_id(prefix: char, used: &[String]) -> impl FnMut() -> String {
    let mut n = used
        .iter()
        .filter_map(|id| id.strip_prefix(prefix).and_then(|d| d.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    move || {
        n += 1;
        format!("{prefix}{n:03}")
    }
}

fn to_line(fields: &[String]) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    // Writing into a Vec cannot fail, and every field is a `String`, so the bytes are UTF-8.
    let _ = w.write_record(fields);
    String::from_utf8_lossy(&w.into_inner().unwrap_or_default()).into_owned()
}

struct Merge {
    content: String,
    added: usize,
    duplicates: usize,
    refused: Vec<String>,
}

/// Append candidate rows (CSV text with the file's columns) to an existing file's content.
fn merge(
    file: &str,
    existing: &str,
    candidates: &str,
    columns: &[&str],
    key: &[&str],
    prefix: char,
    check: impl Fn(&str) -> std::result::Result<(), String>,
) -> Result<Merge> {
    let (old_header, old_rows) = records(file, existing)?;
    let (new_header, new_rows) = records(file, candidates)?;
    let key_of = |h: &csv::StringRecord, r: &csv::StringRecord| -> Vec<String> {
        key.iter().map(|k| field(h, r, k).to_string()).collect()
    };
    let mut seen: Vec<Vec<String>> = old_rows.iter().map(|r| key_of(&old_header, r)).collect();
    let used: Vec<String> = old_rows
        .iter()
        .map(|r| field(&old_header, r, "id").to_string())
        .collect();
    let mut next = next_id(prefix, &used);
    let mut content = existing.to_string();
    if !content.is_empty() && !content.ends_with('\n') {
        content.push('\n');
    }
    let mut out = Merge {
        content: String::new(),
        added: 0,
        duplicates: 0,
        refused: Vec::new(),
    };
    for row in &new_rows {
        let k = key_of(&new_header, row);
        if seen.contains(&k) {
            out.duplicates += 1;
            continue;
        }
        // A value in a column the file does not have (`amount`, `factor`) would be lost.
        let missing: Vec<&str> = new_header
            .iter()
            .filter(|c| !old_header.iter().any(|o| o.trim() == *c))
            .filter(|c| !field(&new_header, row, c).is_empty())
            .collect();
        if !missing.is_empty() {
            out.refused.push(format!(
                "{file}: candidate “{}” not appended: it needs the column(s) {} that {file} does \
                 not have; add them at the end of the header (empty on the other rows), or add \
                 the row by hand",
                field(&new_header, row, "quote"),
                missing.join(", ")
            ));
            continue;
        }
        // Lay the row out in the existing file's column order, with a fresh id.
        let id = next();
        let fields: Vec<String> = old_header
            .iter()
            .map(|col| {
                if col.trim() == "id" {
                    id.clone()
                } else {
                    field(&new_header, row, col.trim()).to_string()
                }
            })
            .collect();
        let line = to_line(&fields);
        // Check the row with the real loader, after the file so far (which loads: it was
        // checked before), so that a `replaces` link to an existing target is understood.
        if let Err(why) = check(&format!("{content}{line}")) {
            let hint = if columns.contains(&"period")
                && field(&new_header, row, "period").is_empty()
            {
                " (the period could not be resolved: the article has no date; pass --assume-year YYYY, or add the row by hand)"
            } else {
                ""
            };
            out.refused.push(format!(
                "{file}: candidate “{}” not appended: {why}{hint}",
                field(&new_header, row, "quote")
            ));
            continue;
        }
        content.push_str(&line);
        seen.push(k);
        out.added += 1;
    }
    out.content = content;
    Ok(out)
}

fn problems(e: Error) -> String {
    match e {
        Error::Invalid(ps) => ps
            .iter()
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// What [`append`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Appended {
    /// The data directory.
    pub data: PathBuf,
    /// Observations appended.
    pub observations: usize,
    /// Targets appended.
    pub targets: usize,
    /// Candidates skipped because the file already holds the same figure.
    pub duplicates: usize,
    /// Candidates the loader refused, each with the file, the quote and why.
    pub refused: Vec<String>,
    /// Observations in the file before.
    pub observations_before: usize,
    /// A new target links to an existing one (`replaces`) but targets.csv has no such column.
    pub replaces_column_missing: bool,
}

/// Append the candidate rows of `extractions` to `dir`'s observations.csv and targets.csv
/// (see the module documentation). The existing files must load first; the merged files must
/// load after; both are committed together under the directory's lock, or neither.
pub fn append(dir: &Path, extractions: &[Extraction]) -> Result<Appended> {
    // The existing files must be valid before anything is added to them.
    let dataset = crate::input::load(dir)?;
    let lock = write::lock(dir)?;
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name)).map_err(|source| Error::Io {
            path: dir.join(name),
            source,
        })
    };
    let rows = to_csv_rows_linked(extractions, &dataset.targets);
    let obs = merge(
        "observations.csv",
        &read("observations.csv")?,
        &rows.observations,
        &OBSERVATION_COLUMNS,
        &[
            "pair",
            "flow",
            "period",
            "value_usd",
            "growth_pct",
            "source",
        ],
        'o',
        |csv| {
            parse_observations_with_rates("observations.csv", csv.as_bytes(), Some(&dataset.rates))
                .map(|_| ())
                .map_err(problems)
        },
    )?;
    let tgt = merge(
        "targets.csv",
        &read("targets.csv")?,
        &rows.targets,
        &TARGET_COLUMNS,
        &["pair", "flow", "value_usd", "deadline", "source"],
        't',
        |csv| {
            parse_targets("targets.csv", csv.as_bytes())
                .map(|_| ())
                .map_err(problems)
        },
    )?;
    let files = [
        OutputFile {
            path: "observations.csv".into(),
            bytes: obs.content.into_bytes(),
        },
        OutputFile {
            path: "targets.csv".into(),
            bytes: tgt.content.into_bytes(),
        },
    ];
    // Whole-file check: the merged data must load (with the directory's rates, if any).
    let rates_path = dir.join("rates.csv");
    let rates = if rates_path.exists() {
        Some(std::fs::read(&rates_path).map_err(|source| Error::Io {
            path: rates_path.clone(),
            source,
        })?)
    } else {
        None
    };
    crate::input::parse_dataset_with_rates(
        ("observations.csv", &files[0].bytes),
        ("targets.csv", &files[1].bytes),
        rates.as_deref().map(|r| ("rates.csv", r)),
    )?;
    if obs.added + tgt.added > 0 {
        write::commit(dir, &files, None)?;
    }
    let has_column = read("targets.csv")?
        .lines()
        .next()
        .is_some_and(|h| h.split(',').any(|c| c.trim() == "replaces"));
    let replaces_column_missing = tgt.added > 0
        && !has_column
        && rows
            .targets
            .starts_with(&format!("{},replaces", TARGET_COLUMNS.join(",")));
    drop(lock);
    Ok(Appended {
        data: dir.to_path_buf(),
        observations: obs.added,
        targets: tgt.added,
        duplicates: obs.duplicates + tgt.duplicates,
        refused: obs.refused.into_iter().chain(tgt.refused).collect(),
        observations_before: dataset.observations.len(),
        replaces_column_missing,
    })
}
