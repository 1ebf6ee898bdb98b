//! `tradecast extract`: propose data rows from news text, and optionally append reviewed ones
//! (the work is [`tradecast::app::extract`]; this maps the flags and prints).

use std::path::PathBuf;

use tradecast::app::extract::{append, read_articles};
use tradecast::extract::{to_csv_rows_linked, to_json};

use super::Config;

/// `tradecast extract FILE...`
pub fn extract(
    config: &Config,
    files: &[PathBuf],
    assume_year: Option<i32>,
    append_rows: bool,
) -> anyhow::Result<()> {
    let extractions = read_articles(files, assume_year)?;
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
    if append_rows {
        let a = append(&config.data, &extractions)?;
        if !config.quiet {
            for r in &a.refused {
                eprintln!("warning: {r}");
            }
            if a.replaces_column_missing {
                eprintln!(
                    "warning: {}: a new target is for a pair and flow that already has one, but \
                     the file has no replaces column to link them: add ,replaces at the end of \
                     its header line and give the new row the id of the target it restates or \
                     replaces (a different goal stated later is read as replacing the older one \
                     anyway)",
                    a.data.join("targets.csv").display()
                );
            }
            super::commands::print(&format!(
                "appended {} observation(s) and {} target(s) to {} ({} duplicate(s) skipped, {} refused; {} observations before)\n",
                a.observations,
                a.targets,
                a.data.display(),
                a.duplicates,
                a.refused.len(),
                a.observations_before
            ))?;
        }
        return Ok(());
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
