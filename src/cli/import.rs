//! `tradecast import`: official statistics → figures in `--data` (the work is
//! [`tradecast::import`]; this maps the flags and prints).

use std::path::PathBuf;

use tradecast::app::{import, ImportOptions};
use tradecast::import::Format;
use tradecast::obs::Party;

use super::commands::Rejected;
use super::Config;

/// The flags of `tradecast import`.
pub struct ImportArgs<'a> {
    pub files: &'a [PathBuf],
    pub format: &'a str,
    pub dry_run: bool,
    pub year: Option<i32>,
    pub partners: &'a [String],
    pub since: Option<i32>,
}

/// `tradecast import FILE...`
pub fn run(config: &Config, args: &ImportArgs) -> anyhow::Result<()> {
    let format: Format = args.format.parse()?;
    let partners = args
        .partners
        .iter()
        .map(|p| {
            p.trim()
                .parse::<Party>()
                .ok()
                .filter(|q| tradecast::input::is_known_party(q.as_str()))
                .ok_or_else(|| {
                    Rejected(format!(
                        "--partner {p:?}: expected ISO 3166-1 alpha-2 codes, e.g. CA,MX"
                    ))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let options = ImportOptions {
        format,
        dry_run: args.dry_run,
        year: args.year,
        partners,
        since: args.since,
    };
    let done = import(&config.data, args.files, &options)?;
    if config.quiet {
        return Ok(());
    }
    if config.json {
        let json = serde_json::to_string_pretty(&done)?;
        return super::commands::print(&format!("{json}\n"));
    }
    let mut text = String::new();
    for f in &done.files {
        text.push_str(&format!(
            "{}: found {} from the header; {}; {} row(s) read, {} figure(s)\n",
            f.path.display(),
            f.layout_name,
            f.dataset,
            f.rows,
            f.figures
        ));
        for (why, n) in &f.skipped {
            text.push_str(&format!("  left out, {n} ×: {why}\n"));
        }
    }
    if config.verbose || done.dry_run {
        for r in &done.rows {
            let at = |name: &str| {
                done.columns
                    .iter()
                    .position(|c| c == name)
                    .and_then(|i| r.get(i))
                    .map_or("", String::as_str)
            };
            text.push_str(&format!(
                "  + {} {} {} {} {} (reported by {})\n",
                at("id"),
                at("pair"),
                at("flow"),
                at("period"),
                if at("value_usd").is_empty() {
                    at("amount")
                } else {
                    at("value_usd")
                },
                at("reported_by")
            ));
        }
    }
    text.push_str(&format!(
        "{} {} observation(s) to {} ({} already there, {} left out by --partner/--since, {} \
         loader warning(s) on the new rows; {} observations before)\n",
        if done.dry_run { "would add" } else { "added" },
        done.added,
        done.data.join("observations.csv").display(),
        done.already_present,
        done.filtered_out,
        done.warnings,
        done.observations_before
    ));
    super::commands::print(&text)
}
