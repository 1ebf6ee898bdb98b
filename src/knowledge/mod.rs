//! Knowledge pooled from a real panel of annual trade series: what one short series cannot tell
//! about itself.
//!
//! This module owns the [`Knowledge`] file (a small versioned JSON document with its provenance:
//! `format`),
//! the built-in one learned from TRADHIST (`knowledge/tradhist.json`), and [`learn`], which
//! re-learns it from any long panel `series_id,year,value` (`tradecast learn`). The `pooled`
//! model (`src/model/pooled.rs`) is what applies it.
//!
//! What is learned, all on the log scale of the values:
//!
//! - **Drift** `μ`: the median yearly log change of the panel over its last ten years. Nominal
//!   trade drifts with inflation and the era; the most recent decade is the best guide the panel
//!   has, and no calendar year is ever a feature.
//! - **Persistence and reversion** (per length class, short < 8 points ≤ long): the median
//!   forecast of the log change `h` years ahead is `h μ + w h (trend − μ) − b (last − mean of
//!   the last five)`, where `trend` is the window's average yearly change. `w` (how much of a
//!   series' own trend persists) and `b` (how much of a jump away from its recent level is
//!   undone) are chosen on a grid to minimise the pooled absolute error 1 to 6 years ahead.
//! - **Volatility**: a series' yearly volatility is its own standard deviation of log changes
//!   (clamped to a floor and a cap), shrunk geometrically toward a prior that depends on the
//!   level (small flows are more volatile), with a prior worth `nu` changes.
//! - **Where it applies**: the 10th percentile of the long windows' own volatility. A long series
//!   smoother than that is smoother than nine in ten of the windows the rest was learned from;
//!   the panel does not describe it, and its own models forecast it (see
//!   [`Knowledge::describes`]).
//! - **Shape of the errors** (per class and horizon): the standardised errors of the point
//!   forecast, `(actual − forecast) / (σ √h)`, stored as quantiles at normal scores −3.5 … 3.5.
//!   Bands are read off this table, so they carry the panel's skew and fat tails (collapses are
//!   more common than booms), and simulated paths map a Gaussian random walk through the same
//!   table, so crossing years and probabilities come from the same distribution as the bands.
//! - **One and two points** (optional classes, `tiny.rs`): the same weights and error tables
//!   learned from the panel's 1- and 2-point windows, for series known by that little.
//!
//! Learning sees only the years up to `until`: the windows' outcomes included. The built-in
//! file stops in 1993, before the first forecast origin of the project's tuning panels (1994),
//! so those scores have no look-ahead.

mod features;
mod format;
mod learn;
mod nowcast;
mod nowcast_learn;
mod panel;
mod tiny;
mod windows;

pub use self::features::Features;
pub(crate) use self::format::{read_table, score_reaching};
pub use self::format::{
    Class, Knowledge, Provenance, Volatility, DRIFT_YEARS, FORMAT_VERSION, LONG_FROM, MAX_H,
    MAX_WINDOW, RECENT, SCORES, SCORE_STEP, SMOOTH_QUANTILE,
};
pub use self::learn::{learn, normal_cdf, LearnOptions};
pub use self::nowcast::{
    History, MonthRule, Nowcast, NowcastInputs, NowcastProvenance, CLIP, HISTORY, NOWCAST_PROBS,
    REF_LOG_LEVEL,
};
pub use self::nowcast_learn::{learn_nowcast, MonthlyPanel, NowcastLearnOptions};
pub use self::panel::{read_monthly_panel, read_panel};
