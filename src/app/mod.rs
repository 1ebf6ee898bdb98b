//! The application layer: what the front ends (the `tradecast` binary, the Python module) ask
//! for, one library function per command, each returning a typed, serialisable result.
//!
//! It owns:
//!
//! - **the pipeline** ([`pipeline`]): `Dataset → Series → Selection → Assessment → Report`,
//!   staged so a command runs only what it needs (`forecast` fits without targets, `targets`
//!   stops before the report);
//! - **the options** ([`options`]): [`Options`] as given, checked once by [`Options::check`] into
//!   a [`Checked`] value: horizon and paths limits, `--model` names ([`ModelRequest`]), the data
//!   directory and its two files. Nothing fails on an option after that;
//! - **the commands** ([`commands`]): [`check`], [`series`], [`forecast`], [`targets`],
//!   [`write_report`], plus [`render_markdown`], [`build_report`] and [`chart`] for notebooks.
//!   Each result serialises to exactly the JSON `tradecast COMMAND --json` prints;
//! - **batch** ([`mod@batch`], [`batch()`]): a panel forecast into files, the knowledge shared by
//!   `Arc`;
//! - **the replay** ([`mod@replay`], [`replay()`]): the vintages the data supports, rebuilt into one history.
//!
//! Front ends only map their arguments into [`Options`] and print or convert the results;
//! [`crate::report`] only renders a [`crate::report::Report`]; [`crate::write`] commits files.
//!
//! ```
//! use tradecast::app::{self, Options};
//!
//! let options = Options { horizon: 5, ..Options::new("data", "2026-11-23".parse()?) }.check()?;
//! let forecasts = app::forecast(&options)?;
//! let cn = forecasts.sections.iter().find(|s| s.series.pair.to_string() == "KZ-CN").unwrap();
//! let chosen = cn.selection.as_ref().and_then(|s| s.chosen.as_ref()).unwrap();
//! assert_eq!(chosen.forecast.years.len(), 5);
//! // The JSON `tradecast forecast --json --horizon 5` prints:
//! let json = serde_json::to_value(&forecasts)?;
//! assert_eq!(json[0]["pair"], forecasts.sections[0].series.pair.to_string());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod batch;
pub mod commands;
pub mod extract;
pub mod options;
pub mod pipeline;
pub mod replay;

pub use crate::import::{import, ImportOptions, Imported};
pub use batch::{batch, BatchRequest};
pub use commands::{
    build_report, chart, check, forecast, load, render_markdown, series, targets, write_report,
    write_report_with, ChartPng, CheckSummary, Commit, Forecasts, SeriesList, TargetStatus,
    Targets, Written,
};
pub use options::{Checked, ModelRequest, Options};
pub use pipeline::RunOptions;
pub use replay::{replay, Every, Replayed};
