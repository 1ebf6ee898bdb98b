//! `tradecast batch`: forecast every series of a long panel CSV, with progress on stderr.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use tradecast::app::BatchRequest;
use tradecast::batch::count_series;

use super::Config;

/// Flags of `tradecast batch`, validated by `BatchOptions::validate`.
pub struct BatchArgs<'a> {
    pub panel: &'a Path,
    pub horizon: usize,
    pub target_ratio: Option<f64>,
    pub threads: usize,
    pub paths: usize,
    pub knowledge: Option<&'a Path>,
}

fn bar(config: &Config, panel: &Path) -> ProgressBar {
    // Progress only for a person watching: never with -q, never into a pipe or a log file.
    if config.quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let total = if panel == Path::new("-") {
        None
    } else {
        count_series(panel).ok()
    };
    let bar = match total {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::new_spinner(),
    };
    let style = ProgressStyle::with_template(
        "{spinner} {pos}/{len} series [{elapsed_precise}, {per_sec}, eta {eta}] {wide_bar}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Series on which a model panicked (a bug, caught per series): the outputs were written, the
/// run exits with status 3 ([`super::Exit::Panicked`]).
#[derive(Debug)]
pub struct Panicked(pub u64);

impl std::fmt::Display for Panicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a model panicked on {} series (an internal error; please report it): they are listed \
             in skipped.csv as internal errors, and the other outputs were written",
            self.0
        )
    }
}

impl std::error::Error for Panicked {}

/// Run the batch and print a one-line summary (or JSON); panics caught in it are an error
/// ([`Panicked`]), reported after the summary.
pub fn batch(config: &Config, args: &BatchArgs<'_>) -> anyhow::Result<()> {
    let mut request = BatchRequest::new(args.panel, &config.out, args.horizon);
    request.options.target_ratio = args.target_ratio;
    request.options.threads = args.threads;
    request.options.seed = config.seed;
    request.options.paths = args.paths;
    request.knowledge = args.knowledge.map(Path::to_path_buf);
    request.options.validate()?;
    let progress = bar(config, args.panel);
    let tick = |n: u64| progress.inc(n);
    let summary = tradecast::app::batch(&request, &tick)?;
    progress.finish_and_clear();
    if config.json {
        super::commands::print(&String::from_utf8_lossy(&tradecast::report::json::pretty(
            &serde_json::to_value(&summary)?,
        )))?;
    } else if !config.quiet {
        let models: Vec<String> = summary
            .by_model
            .iter()
            .map(|(m, n)| format!("{m} {n}"))
            .collect();
        super::commands::print(&format!(
            "{} series: {} forecast, {} skipped ({} malformed row(s){}); chosen models: {}; wrote {}\n",
            summary.series,
            summary.forecast,
            summary.skipped,
            summary.bad_rows,
            if summary.panics > 0 {
                format!(", {} internal error(s)", summary.panics)
            } else {
                String::new()
            },
            if models.is_empty() { "none".into() } else { models.join(", ") },
            summary.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
        ))?;
    }
    if summary.panics > 0 {
        return Err(Panicked(summary.panics).into());
    }
    Ok(())
}
