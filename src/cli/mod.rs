//! Command-line surface: flags → validated [`Config`] → one command → exit code.

mod batch;
mod commands;
mod extract;
mod import;
mod learn;
mod today;

use std::path::PathBuf;
use std::process::ExitCode;

use tradecast::defaults;

use clap::{Args, Parser, Subcommand};
use tradecast::obs::Date;

/// Exit statuses, documented in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Success = 0,
    /// The input (data files, flags) was rejected; nothing was written.
    Rejected = 1,
    /// Reading or writing failed, or an internal error; the previous outputs are intact.
    Failure = 2,
    /// `batch` finished and wrote its outputs, but a model panicked on some series (a bug,
    /// caught per series): those series are in skipped.csv as internal errors.
    Panicked = 3,
    /// `report` or `replay` with `--exit-code-on-change` wrote its outputs, and something
    /// material changed since the previous vintage (listed in changes.json).
    Changed = 4,
}

const AFTER_HELP: &str = "\
Examples:
  tradecast check                      validate data/observations.csv and data/targets.csv
  tradecast series                     the reconciled annual series, with how each value was obtained
  tradecast forecast --horizon 5       chosen model and 80/95% intervals per pair and flow
  tradecast targets --json             target status, crossing year, probability by deadline
  tradecast report                     write reports/report.md, charts, JSON/CSV and history.csv
  tradecast batch --panel p.csv --out out/   forecast every series of a long CSV series_id,year,value
  tradecast extract article.txt        propose data rows from a news release, for review
  tradecast import comtrade.csv        add an official download (Comtrade, SDMX-CSV, Census, IMF) to data/
  tradecast learn --panel p.csv --until 2015 --out k/   re-learn the pooled model from your own panel

Exit codes: 0 success; 1 rejected input (every problem is listed with file, line and column);
2 I/O or internal error (previous outputs are left whole); 3 batch wrote its outputs, but a model
panicked on some series (a bug, please report; those series are in skipped.csv); 4 report or
replay with --exit-code-on-change wrote its outputs and something material changed since the
previous vintage (see changes.json).

Determinism: the same data, --as-of and --seed give byte-identical outputs.";

/// tradecast turns trade figures from news releases into reconciled annual series,
/// growth forecasts with honest uncertainty, and assessments of stated targets.
#[derive(Debug, Parser)]
#[command(name = "tradecast", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

/// Flags every command accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Directory holding observations.csv and targets.csv.
    #[arg(long, global = true, default_value = "data", value_name = "DIR")]
    data: PathBuf,
    /// Directory the report and machine outputs are written to (created if missing).
    #[arg(long, global = true, default_value = "reports", value_name = "DIR")]
    out: PathBuf,
    /// Date the projections are made, YYYY-MM-DD (default: today, UTC). Fix it for reproducible runs.
    #[arg(long, global = true, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// Seed for every simulation; the same seed gives the same numbers.
    #[arg(long, global = true, default_value_t = defaults::SEED)]
    seed: u64,
    /// Print JSON on stdout instead of tables.
    #[arg(long, global = true)]
    json: bool,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more detail (warnings in full, timings).
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Pooled-model knowledge file made by `tradecast learn` (default: the built-in one,
    /// learned from TRADHIST, Britain's and France's partners, values up to 1993).
    #[arg(long, global = true, value_name = "FILE")]
    knowledge: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate the data files; list every problem with file, line and column.
    Check,
    /// Show the reconciled annual series (reported / derived / estimated, bounds, conflicts).
    Series,
    /// Fit the growth models, choose one, and show the projection with 80%/95% intervals.
    Forecast {
        /// Years to forecast after the last observed year (1 to 100).
        #[arg(long, default_value_t = defaults::HORIZON)]
        horizon: usize,
        /// auto (choose or combine), all (show every fitted model), or one of:
        /// pooled, linear, log_linear, cagr, naive, drift, damped, latest_growth.
        #[arg(long, default_value = "auto")]
        model: String,
    },
    /// Assess every stated target: crossing year, probability by the deadline, status and its rule.
    Targets {
        /// Simulated paths per target (100 to 1,000,000).
        #[arg(long, default_value_t = defaults::PATHS)]
        paths: usize,
    },
    /// Write the full report into --out: report.md, one PNG chart per pair and flow,
    /// projections.json/.csv, assessments.csv, changes.json, track-record.csv, and add this
    /// vintage to history.csv and history-projections.csv. Only what was known on --as-of is used.
    Report {
        /// Simulated paths per target (100 to 1,000,000).
        #[arg(long, default_value_t = defaults::PATHS)]
        paths: usize,
        #[command(flatten)]
        refresh: RefreshArgs,
    },
    /// Rebuild the vintages the data supports, from --from every --every up to --as-of, each with
    /// only what was known on its date, into the history in --out; then write the report of
    /// --as-of (with the changes since the previous date and the track record).
    Replay {
        /// The first vintage's date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        /// The step between vintages: 3m, 6m, 1y, ...
        #[arg(long, default_value = "3m", value_name = "STEP")]
        every: String,
        /// Simulated paths per target (100 to 1,000,000).
        #[arg(long, default_value_t = defaults::PATHS)]
        paths: usize,
        #[command(flatten)]
        refresh: RefreshArgs,
    },
    /// Forecast every series of a long CSV `series_id,year,value` (rows of a series contiguous)
    /// into --out: forecasts.csv, skipped.csv (with the reason and line), and with --target-ratio
    /// targets.csv. Streams, in parallel; results do not depend on --threads.
    Batch {
        /// The panel CSV, or - for standard input.
        #[arg(long, value_name = "FILE")]
        panel: PathBuf,
        /// Years to forecast after each series' last year.
        #[arg(long, default_value_t = defaults::HORIZON as u16, value_parser = clap::value_parser!(u16).range(1..=200))]
        horizon: u16,
        /// Also assess a target of R × each series' last value (crossing year, probability in 10 years).
        #[arg(long, value_name = "R")]
        target_ratio: Option<f64>,
        /// Worker threads (0 = one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Simulated paths per series for the targets.
        #[arg(long, default_value_t = defaults::BATCH_PATHS as u32, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        paths: u32,
    },
    /// Re-learn the pooled model's knowledge from a long panel CSV `series_id,year,value`
    /// (annual values, e.g. your own official statistics): drift, how trends persist and jumps
    /// revert, volatility by size, and the error tables the bands come from. Writes FILE into
    /// --out; use it with `--knowledge FILE` on forecast, targets, report and batch.
    /// Deterministic.
    ///
    /// The built-in file was made with:
    ///   tradecast learn --panel tradhist_turnover.csv --since 1960 --until 1993 \
    ///       --monthly census_monthly_tune.csv
    Learn {
        /// The panel CSV (header series_id,year,value; at least a few hundred series). Without
        /// it (with --monthly), the built-in file's annual knowledge is kept and only the nowcast
        /// rules are learned.
        #[arg(long, value_name = "FILE", required_unless_present = "monthly")]
        panel: Option<PathBuf>,
        /// Forecast origins from this year on (earlier years still serve as history).
        #[arg(long, value_name = "YYYY")]
        since: Option<i32>,
        /// Use values up to this year only: keep the years you will score on out of it.
        #[arg(long, value_name = "YYYY")]
        until: Option<i32>,
        /// The panel in words, for the provenance (default: its path and series count).
        #[arg(long, value_name = "TEXT")]
        describe: Option<String>,
        /// File name inside --out.
        #[arg(long, default_value = "knowledge.json", value_name = "FILE")]
        file: PathBuf,
        /// Also learn how a year's months add up to its total (the full-year estimates from
        /// year-to-date levels) from this monthly panel `series_id,year,month,value`. Without
        /// it the file has no nowcast section and the built-in rules apply.
        #[arg(long, value_name = "FILE")]
        monthly: Option<PathBuf>,
        /// With --monthly: a year is learned from only when the year before it totals at least
        /// this (in the panel's units; the default suits US dollars).
        #[arg(long, default_value_t = 1e8, value_name = "AMOUNT")]
        min_total: f64,
    },
    /// Propose rows for data/observations.csv and data/targets.csv from news-release text files,
    /// each with the sentence it came from. Review them; --append adds them to --data.
    ///
    /// An article may start with a line `date: YYYY-MM-DD`; otherwise a date line in the text is
    /// used, or the year is inferred from the text and the note says how.
    Extract {
        /// Plain-text articles (UTF-8).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Year to resolve "this year"/"last year" against when an article has no date (1900 to 2200).
        #[arg(long, value_name = "YYYY")]
        assume_year: Option<i32>,
        /// Append the new rows to the data files (duplicates skipped, existing rows untouched).
        #[arg(long)]
        append: bool,
    },
    /// Import official statistics into --data's observations.csv: UN Comtrade CSV (legacy 35-
    /// and 12-column, current API/bulk), SDMX-CSV 1.0/2.0 (IMF, Eurostat, OECD), the US Census
    /// country table, the IMF DOTS mirror file. Each figure keeps its reporter's side, its months, and the row it came from;
    /// importing a file twice changes nothing; a bad file changes nothing.
    Import {
        /// The downloaded files (CSV).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// auto (detect from the header), comtrade, sdmx-csv, census or imf-dots.
        #[arg(long, default_value = "auto")]
        format: String,
        /// Show what would be added; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The year of a file with no year column and none in its name (IMF DOTS mirror file).
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        /// Keep only figures with these partners or reporters (ISO alpha-2, comma-separated).
        #[arg(long, value_name = "CODES", value_delimiter = ',')]
        partner: Vec<String>,
        /// Keep only figures of this year and later.
        #[arg(long, value_name = "YYYY")]
        since: Option<i32>,
    },
}

/// Flags of the commands that write a vintage (`report`, `replay`).
#[derive(Debug, Clone, Copy, Args)]
pub struct RefreshArgs {
    /// When another run holds --out's lock, wait up to SECONDS for it (saying so on stderr)
    /// instead of exiting 2 at once.
    #[arg(long, default_value_t = 0, value_name = "SECONDS")]
    wait: u64,
    /// Exit 4 (instead of 0) when something material changed since the previous vintage:
    /// a new or revised figure, a new or superseded target, a status, a probability moved by
    /// 10 points or more, a crossing year.
    #[arg(long)]
    exit_code_on_change: bool,
}

/// Validated configuration shared by commands.
#[derive(Debug, Clone)]
pub struct Config {
    pub data: PathBuf,
    pub out: PathBuf,
    pub as_of: Date,
    pub seed: u64,
    pub json: bool,
    pub quiet: bool,
    pub verbose: bool,
    pub knowledge: Option<PathBuf>,
}

impl Config {
    /// The application layer's options for this configuration, with the command-line defaults
    /// for the rest (each command sets its own flags on top).
    pub fn options(&self) -> tradecast::app::Options {
        tradecast::app::Options {
            seed: self.seed,
            knowledge: self.knowledge.clone(),
            ..tradecast::app::Options::new(&self.data, self.as_of)
        }
    }
}

/// Run the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    Exit::Success
                }
                _ => Exit::Rejected,
            };
            let _ = e.print();
            return ExitCode::from(code as u8);
        }
    };
    let code = match run(cli) {
        Ok(()) => Exit::Success,
        // Not an error: the outputs are written and the summary printed.
        Err(e) if e.downcast_ref::<commands::Changed>().is_some() => Exit::Changed,
        Err(e) => {
            let exit = classify(&e);
            eprintln!("error: {}", describe(&e));
            exit
        }
    };
    ExitCode::from(code as u8)
}

/// The error and its causes, each said once (a cause already quoted by its parent is skipped).
fn describe(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
    }
    text
}

/// Rejected input → 1; panics caught in batch → 3; everything else → 2.
fn classify(e: &anyhow::Error) -> Exit {
    match e.downcast_ref::<tradecast::Error>() {
        Some(tradecast::Error::Invalid(_) | tradecast::Error::Argument(_)) => Exit::Rejected,
        Some(_) => Exit::Failure,
        None if e.downcast_ref::<commands::Rejected>().is_some() => Exit::Rejected,
        None if e.downcast_ref::<batch::Panicked>().is_some() => Exit::Panicked,
        None => Exit::Failure,
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let g = cli.global;
    let as_of = match g.as_of {
        Some(s) => s
            .parse::<Date>()
            .map_err(|e| commands::Rejected(format!("--as-of: {e}")))?,
        None => today::today()?,
    };
    let config = Config {
        data: g.data,
        out: g.out,
        as_of,
        seed: g.seed,
        json: g.json,
        quiet: g.quiet,
        verbose: g.verbose,
        knowledge: g.knowledge.clone(),
    };
    match cli.command {
        Command::Check => commands::check(&config),
        Command::Series => commands::series(&config),
        Command::Forecast { horizon, model } => commands::forecast(&config, horizon, model),
        Command::Targets { paths } => commands::targets(&config, paths),
        Command::Report { paths, refresh } => commands::report(&config, paths, refresh),
        Command::Replay {
            from,
            every,
            paths,
            refresh,
        } => commands::replay(&config, &from, &every, paths, refresh),
        Command::Batch {
            panel,
            horizon,
            target_ratio,
            threads,
            paths,
        } => batch::batch(
            &config,
            &batch::BatchArgs {
                panel: &panel,
                horizon: usize::from(horizon),
                target_ratio,
                threads,
                paths: paths as usize,
                knowledge: config.knowledge.as_deref(),
            },
        ),
        Command::Learn {
            panel,
            since,
            until,
            describe,
            file,
            monthly,
            min_total,
        } => learn::learn(
            &config,
            &learn::LearnArgs {
                panel: panel.as_deref(),
                since,
                until,
                describe: describe.as_deref(),
                file: &file,
                monthly: monthly.as_deref(),
                min_total,
            },
        ),
        Command::Extract {
            files,
            assume_year,
            append,
        } => extract::extract(&config, &files, assume_year, append),
        Command::Import {
            files,
            format,
            dry_run,
            year,
            partner,
            since,
        } => import::run(
            &config,
            &import::ImportArgs {
                files: &files,
                format: &format,
                dry_run,
                year,
                partners: &partner,
                since,
            },
        ),
    }
}
