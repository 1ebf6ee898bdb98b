//! `tradecast extract`: propose data rows from news text, and optionally append reviewed ones
//! (the work is [`tradecast::app::extract`]; this maps the flags and prints).

use std::path::PathBuf;

use tradecast::app::extract::{append, read_articles};
use tradecast::extract::{to_csv_rows, to_json};

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
        let rows = to_csv_rows(&extractions);
        let ignored: usize = extractions.iter().map(|x| x.ignored.len()).sum();
        format!(
            "# candidate rows for observations.csv (review before adding; --append adds them)\n{}\n\
             # candidate rows for targets.csv\n{}\n# {} amount(s) or rate(s) seen and left out as not trade (--json lists them with reasons)\n",
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
