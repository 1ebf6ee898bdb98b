//! `tradecast extract`: propose data rows from news text, and optionally append reviewed ones.
//!
//! `--append` never rewrites an existing line: it appends new rows to the end of each file,
//! skips rows that repeat a figure already there (same pair, flow, period, value, growth and
//! source), gives them the next free ids, checks every appended row with the loader, and
//! commits both files atomically under the data directory's lock.

use std::path::{Path, PathBuf};

use anyhow::Context;
use tradecast::extract::{extract_with, to_csv_rows_linked, to_json, Extraction, Options};
use tradecast::input::{parse_observations, parse_targets, OBSERVATION_COLUMNS, TARGET_COLUMNS};
use tradecast::write::{self, OutputFile};

use super::commands::Rejected;
use super::Config;

/// Read and extract every file, in the order given.
fn run(files: &[PathBuf], assume_year: Option<i32>) -> anyhow::Result<Vec<Extraction>> {
    let options = Options { assume_year };
    files
        .iter()
        .map(|path| {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            if let Some(at) = bytes.iter().position(|&b| b == 0) {
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                return Err(Rejected(format!(
                    "{}:{line}: a NUL byte at offset {at}: not plain text (UTF-16, or a binary \
                     file such as a PDF?); save the article as UTF-8 text",
                    path.display(),
                ))
                .into());
            }
            let text = String::from_utf8(bytes).map_err(|e| {
                let at = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                Rejected(format!(
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

/// `tradecast extract FILE...`
pub fn extract(
    config: &Config,
    files: &[PathBuf],
    assume_year: Option<i32>,
    append: bool,
) -> anyhow::Result<()> {
    let extractions = run(files, assume_year)?;
    if !config.quiet {
        for (path, x) in files.iter().zip(&extractions) {
            for w in &x.warnings {
                eprintln!(
                    "warning: {}:{}",
                    path.display(),
                    w.strip_prefix("line ").unwrap_or(w)
                );
            }
        }
    }
    if append {
        return append_rows(config, &extractions);
    }
    let text = if config.json {
        to_json(&extractions)
    } else {
        // Targets already in the data (if it loads) let extract propose `replaces` links.
        let existing = tradecast::input::load_targets(&config.data.join("targets.csv"))
            .map(|(t, _)| t)
            .unwrap_or_default();
        let rows = to_csv_rows_linked(&extractions, &existing);
        let ignored: usize = extractions.iter().map(|x| x.ignored.len()).sum();
        let links = if rows
            .targets
            .lines()
            .next()
            .is_some_and(|h| h.ends_with(",replaces"))
        {
            "# replaces: a target for a pair and flow that already has one in the data; the id \
             proposed is that target (keep it if this restates the same goal or replaces it with \
             a new one, write none if both goals stand)\n"
        } else {
            ""
        };
        format!(
            "# candidate rows for observations.csv (review before adding; --append adds them)\n{}\n\
             # candidate rows for targets.csv\n{links}{}\n# {} amount(s) or rate(s) seen and left out as not trade (--json lists them with reasons)\n",
            rows.observations.trim_end(),
            rows.targets.trim_end(),
            ignored
        )
    };
    if config.quiet {
        return Ok(());
    }
    super::commands::print(&text)
}

/// Records of a CSV text (header excluded).
fn records(text: &str) -> anyhow::Result<(csv::StringRecord, Vec<csv::StringRecord>)> {
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = r.headers()?.clone();
    let rows = r.records().collect::<Result<Vec<_>, _>>()?;
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

fn to_line(fields: &[String]) -> anyhow::Result<String> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record(fields)?;
    Ok(String::from_utf8(w.into_inner()?)?)
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
    check: impl Fn(&str) -> Result<(), String>,
) -> anyhow::Result<Merge> {
    let (old_header, old_rows) = records(existing)?;
    let (new_header, new_rows) = records(candidates)?;
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
        let line = to_line(&fields)?;
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

fn problems(e: tradecast::Error) -> String {
    match e {
        tradecast::Error::Invalid(ps) => ps
            .iter()
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

fn append_rows(config: &Config, extractions: &[Extraction]) -> anyhow::Result<()> {
    let dir: &Path = &config.data;
    // The existing files must be valid before anything is added to them.
    let dataset = tradecast::input::load(dir)?;
    let lock = write::lock(dir)?;
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .with_context(|| format!("reading {}", dir.join(name).display()))
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
            parse_observations("observations.csv", csv.as_bytes())
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
    // Whole-file check: the merged data must load.
    tradecast::input::parse_dataset(
        ("observations.csv", &files[0].bytes),
        ("targets.csv", &files[1].bytes),
    )?;
    if obs.added + tgt.added > 0 {
        write::commit(dir, &files, None)?;
    }
    drop(lock);
    if !config.quiet {
        for r in obs.refused.iter().chain(&tgt.refused) {
            eprintln!("warning: {r}");
        }
        let has_column = read("targets.csv")?
            .lines()
            .next()
            .is_some_and(|h| h.split(',').any(|c| c.trim() == "replaces"));
        if tgt.added > 0
            && !has_column
            && rows
                .targets
                .starts_with(&format!("{},replaces", TARGET_COLUMNS.join(",")))
        {
            eprintln!(
                "warning: {}: a new target is for a pair and flow that already has one, but the \
                 file has no replaces column to link them: add ,replaces at the end of its header \
                 line and give the new row the id of the target it restates or replaces (a \
                 different goal stated later is read as replacing the older one anyway)",
                dir.join("targets.csv").display()
            );
        }
        super::commands::print(&format!(
            "appended {} observation(s) and {} target(s) to {} ({} duplicate(s) skipped, {} refused; {} observations before)\n",
            obs.added,
            tgt.added,
            dir.display(),
            obs.duplicates + tgt.duplicates,
            obs.refused.len() + tgt.refused.len(),
            dataset.observations.len()
        ))?;
    }
    Ok(())
}
