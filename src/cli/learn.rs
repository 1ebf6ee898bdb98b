//! `tradecast learn`: re-learn the pooled knowledge from a long panel of annual series, and
//! optionally the nowcast rules from a monthly panel.

use std::path::{Path, PathBuf};

use tradecast::knowledge::{
    learn as learn_from, learn_nowcast, read_monthly_panel, read_panel, LearnOptions,
    NowcastLearnOptions,
};
use tradecast::panel::Skip;
use tradecast::write::{self, OutputFile};

use super::Config;

/// Flags of `tradecast learn`.
pub struct LearnArgs<'a> {
    pub panel: Option<&'a Path>,
    pub since: Option<i32>,
    pub until: Option<i32>,
    pub describe: Option<&'a str>,
    pub file: &'a Path,
    pub monthly: Option<&'a Path>,
    pub min_total: f64,
}

fn open(path: &Path) -> anyhow::Result<std::io::BufReader<std::fs::File>> {
    let file = std::fs::File::open(path).map_err(|e| tradecast::Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    Ok(std::io::BufReader::new(file))
}

/// Says on stderr which rows were left out (the first ten, then how many more).
fn report_skipped(config: &Config, source: &str, skipped: &[Skip]) {
    if config.quiet || skipped.is_empty() {
        return;
    }
    eprintln!(
        "learn: {} row(s) or series left out of {source}:",
        skipped.len()
    );
    for s in skipped.iter().take(10) {
        eprintln!("  {source}:{}: {}: {}", s.line, s.series_id, s.reason);
    }
    if skipped.len() > 10 {
        eprintln!("  … and {} more", skipped.len() - 10);
    }
}

/// Reads the panel(s), learns, and writes the knowledge file into --out atomically.
pub fn learn(config: &Config, args: &LearnArgs<'_>) -> anyhow::Result<()> {
    let mut knowledge = match args.panel {
        Some(panel) => learn_annual(config, args, panel)?,
        None => {
            if !config.quiet {
                eprintln!("learn: no --panel: the built-in annual knowledge is kept");
            }
            tradecast::knowledge::Knowledge::builtin().clone()
        }
    };
    if let Some(monthly) = args.monthly {
        let source = monthly.display().to_string();
        if !config.quiet {
            eprintln!("learn: reading {source}; fitting the nowcast rules");
        }
        let read = read_monthly_panel(open(monthly)?, &source)?;
        report_skipped(config, &source, &read.skipped);
        let options = NowcastLearnOptions {
            min_total: args.min_total,
            data: format!("{source}, {} series", read.series.len()),
            command: format!(
                "tradecast learn --monthly {source} --min-total {}",
                args.min_total
            ),
        };
        knowledge.nowcast = Some(learn_nowcast(&read.series, &options)?);
    }
    let mut bytes = serde_json::to_vec_pretty(&knowledge)?;
    bytes.push(b'\n');
    let _lock = write::lock(&config.out)?;
    let path: PathBuf = args.file.to_path_buf();
    write::commit(
        &config.out,
        &[OutputFile {
            path: path.clone(),
            bytes,
        }],
        None,
    )?;
    if config.json {
        return super::commands::print(&serde_json::to_string_pretty(&knowledge.provenance)?);
    }
    if !config.quiet {
        let smooth = knowledge.smooth_below.map_or(String::new(), |s| {
            format!(
                "; long series smoother than {:.1}% a year are left to their own models",
                100.0 * s
            )
        });
        let one = knowledge.one_point.as_ref().map_or(
            "; too few one-point windows: single values will not be forecast".to_string(),
            |c| {
                format!(
                    "; one point: {:.0}% of the drift ({} windows)",
                    100.0 * (1.0 - c.trend_weight),
                    c.windows
                )
            },
        );
        let two = knowledge.two_points.as_ref().map_or(
            "; too few two-point windows: series of two values will not be forecast".to_string(),
            |c| {
                format!(
                    "; two points: trend weight {:.1}, reversion {:.1} ({} windows)",
                    c.trend_weight, c.reversion, c.windows
                )
            },
        );
        let tiny = format!("{one}{two}");
        let nowcast = knowledge.nowcast.as_ref().map_or(String::new(), |n| {
            format!(
                "; nowcast rules from {} cases of {} series",
                n.provenance.cases, n.provenance.series
            )
        });
        println!(
            "wrote {} ({} windows from {} series, values {}–{}; drift {:+.1}% a year; short: trend weight {:.1}, reversion {:.1}; long: {:.1}, {:.1}{smooth}{tiny}{nowcast})",
            config.out.join(&path).display(),
            knowledge.provenance.windows,
            knowledge.provenance.series,
            knowledge.provenance.years.0,
            knowledge.provenance.years.1,
            100.0 * knowledge.drift,
            knowledge.short.trend_weight,
            knowledge.short.reversion,
            knowledge.long.trend_weight,
            knowledge.long.reversion,
        );
    }
    Ok(())
}

/// The annual part: reads `panel` and learns the pooled knowledge from it.
fn learn_annual(
    config: &Config,
    args: &LearnArgs<'_>,
    panel: &Path,
) -> anyhow::Result<tradecast::knowledge::Knowledge> {
    let source = panel.display().to_string();
    if !config.quiet {
        eprintln!("learn: reading {source}");
    }
    let read = read_panel(open(panel)?, &source)?;
    report_skipped(config, &source, &read.skipped);
    let panel = read.series;
    let mut command = format!("tradecast learn --panel {source}");
    if let Some(y) = args.since {
        command.push_str(&format!(" --since {y}"));
    }
    if let Some(y) = args.until {
        command.push_str(&format!(" --until {y}"));
    }
    let options = LearnOptions {
        since: args.since,
        until: args.until,
        data: args.describe.map_or_else(
            || format!("{source}, {} series", panel.len()),
            str::to_string,
        ),
        command,
        ..LearnOptions::default()
    };
    if !config.quiet {
        eprintln!(
            "learn: {} series; fitting drift, persistence, volatility and error tables",
            panel.len()
        );
    }
    Ok(learn_from(&panel, &options)?)
}
