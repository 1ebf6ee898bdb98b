//! Growth models for short annual series, their prediction intervals, and the choice between them.
//!
//! A model spec goes in, a [`Fitted`] value or a [`Skipped`] reason comes out: too little data is
//! an outcome, not an error.
//!
//! Layout, each file depending only on those above it (`scripts/import_cycles.py` checks there
//! is no cycle): [`SeriesData`] lives with the series ([`crate::series`]); `kind` names the
//! models, `sim` simulates them, `fitted` holds what fitting returns, `prep` the prepared series
//! and the shared conventions, `finish` the finishing every model shares; one file per model (the walk models sharing `walk`);
//! `dispatch` is the one table that turns a [`ModelKind`] into its fit and its backtest
//! forecast, each model's file owning both (`fit`, `at_origin`); `calibrate` and `select`
//! choose. Adding a model touches its own file, `kind` and `dispatch`; a test
//! (`tests/it/model_lists.rs`) fails if a list of models elsewhere (this table, `--model`'s help,
//! the Python docstring) misses it. This file only re-exports and holds the entry
//! points.
//!
//! | model | scale | minimum points | intervals |
//! |---|---|---|---|
//! | [`ModelKind::Linear`] | levels | 3 | OLS/WLS, Student t on n − 2 df |
//! | [`ModelKind::LogLinear`] | log | 3 | OLS/WLS on ln(value), Student t on n − 2 df |
//! | [`ModelKind::Cagr`] | log | 3 | uncertainty of the growth rate only (steady growth) |
//! | [`ModelKind::Naive`] | log | 3 | random walk without drift (last value), Student t on m df |
//! | [`ModelKind::Drift`] | log | 3 | random walk with drift, Student t on m − 1 df (m yearly changes) |
//! | [`ModelKind::Damped`] | log | 6 | ETS(A,Ad,N) variance formula, Student t on n − 5 df |
//! | [`ModelKind::Pooled`] | log | 3 (1 with the knowledge's 1- and 2-point classes) | the panel's error tables at the series' volatility |
//! | [`ModelKind::LatestGrowth`] | log | 3 and a reported growth rate | random walk whose drift is one year's growth |
//! | [`ModelKind::Pooled`] | log | 3 | what real trade series of the same length did next: the panel's drift, part of the own trend, part of a jump undone; bands from the panel's error tables at the series' own volatility ([`crate::knowledge`]) |
//! | [`ModelKind::Combination`] | log | 5 (automatic choice; 3 when requested alone) | averaged quantiles of the members (naive, drift, damped, latest growth; log-linear below 8 points) |
//!
//! Conventions shared by every model:
//!
//! - time is `t = year − first year`, so missing years are gaps, not neighbours;
//! - an [`PointKind::Estimated`](crate::series::PointKind::Estimated) point (a full year projected from part of it) has weight
//!   [`ESTIMATED_WEIGHT`] in least-squares and likelihood fits (its variance is taken as twice a
//!   reported point's); when it is the last point, from which walk-type models start, one more
//!   year of noise is added to their band instead;
//! - a one-sided value ([`Bound::AtLeast`](crate::obs::Bound::AtLeast), [`Bound::AtMost`](crate::obs::Bound::AtMost)) is fitted at the bound, and a note
//!   says how the first forecast year would move were the true value [`BOUND_SHIFT`] beyond it;
//! - the residual standard deviation used for intervals is never below a floor (relative terms):
//!   [`SIGMA_FLOOR_LOG`] for rounding, plus [`ESTIMATE_SD_LOG`] for the share of estimated
//!   points, since residuals cannot honestly be smaller than the errors the points carry; a note
//!   says when the floor binds (typically three points computed from one growth rate);
//! - all forecasts are in USD; log-scale models report the median (exp of the log forecast).

mod cagr;
mod calibrate;
mod combination;
mod damped;
mod dispatch;
mod drift;
pub mod ets;
mod finish;
mod fitted;
mod kind;
mod latest_growth;
mod law;
mod linear;
mod log_linear;
mod naive;
pub mod ols;
mod pooled;
mod pooled_tiny;
mod prep;
mod select;
mod sim;
mod stats;
mod usd;
mod walk;

pub use crate::series::{SeriesData, MAX_VALUE, MIN_VALUE};
pub use fitted::{
    FitOptions, Fitted, Forecast, HorizonFixed, ModelChoice, Outcome, Selection, Skipped,
};
pub use kind::ModelKind;
use prep::Prep;
pub use prep::{
    BACKTEST_MIN_POINTS, BOUND_SHIFT, ESTIMATED_WEIGHT, ESTIMATE_SD_LOG, PRIOR_DF, PRIOR_SD_LOG,
    SIGMA_FLOOR_LOG,
};
pub use sim::{Seeds, SimPaths};
pub use stats::t_quantiles;

/// Fit every candidate model to `data` and choose.
///
/// The rule, stated again in [`Selection::reason`] with its numbers:
///
/// - 3 to 7 points: the pooled model ([`crate::knowledge`]): a few points cannot show how a
///   trade flow moves, a panel of real trade series can. On the real bilateral trade panels of
///   `shared/realtrade` (5 points, h = 6) it scores sMAPE 38.80 against 40.24 for no change,
///   where the earlier choice (log-linear, or AICc between the models) scored 46.77;
/// - 8 points or more: rolling-origin backtest (training sets of 6 points and up, the last ten
///   origins, 1 to 3 years ahead) of every single model (CAGR and the linear trend aside) and of
///   the equal-weight combination of the naive, drift, damped (and latest-growth) models; the
///   pooled model is kept unless the best of the series' own choices (the combination, or a
///   single model whose MASE is at least 50% below the combination's) has a MASE at least 25%
///   below the pooled model's; the point forecast is then 70% that model's and 30% the pooled
///   model's (geometric), with the pooled model's bands around it. A series smoother than the
///   trade the knowledge was learned from (own yearly volatility below
///   [`crate::knowledge::Knowledge::smooth_below`], the 10th percentile of the panel's long
///   windows: 12.0% for the built-in file) is not the pooled model's: its own choice is made
///   without it and keeps its own bands, widened by how far its errors at up to 10 past origins
///   exceeded the spread it predicted (never narrowed);
/// - 1 or 2 points: the pooled model's classes for one and two points, when the knowledge file
///   has them (the built-in one does; see `pooled_tiny.rs`), and the reason says the projection
///   rests on one or two values. A single value without a growth rate is still refused when its
///   band would be wider than any a three-point series gets, with that evidence in the reason.
///   On the last 1 and 2 points of the real-trade tuning panels (`scripts/tiny_windows.sh`) this
///   beats no change on sMAPE and MASE with 95% coverage of 0.92;
/// - otherwise (no such class) nothing is fitted, and the reason says what data would help.
///
/// Why the combination is the series' own default: on the project's synthetic benchmark panel
/// (`shared/bench/generate_panel.py`, first 1000 series, 8 to 30 points, the last 3 held out),
/// always taking the best-scoring single model gave sMAPE 11.8% (80%/95% coverage 67%/85%),
/// always combining 11.2% (82%/94%); on the real yearly series of M1, Tourism and M3
/// (`scripts/accuracy.sh`) dropping log-linear from the combination of long series, adding the
/// naive model to it and a 50% margin did better (see `SINGLE_MARGIN` in select.rs and
/// `MEMBERS` and `members_for` in combination.rs).
///
/// ```
/// use tradecast::model::{select, FitOptions, ModelChoice, ModelKind, SeriesData};
///
/// let data = SeriesData::plain(
///     (2014..=2023).collect(),
///     vec![4.1, 4.52, 4.96, 5.37, 4.21, 4.48, 5.06, 5.58, 6.05, 6.61],
/// ).unwrap();
/// let options = FitOptions { horizon: 5, seed: 42, choice: ModelChoice::Auto };
/// let selection = select(&data, &options);
/// let chosen = selection.chosen.as_ref().expect("ten points are enough");
/// assert_eq!(chosen.forecast.years, vec![2024, 2025, 2026, 2027, 2028]);
/// for h in 0..5 {
///     let f = &chosen.forecast;
///     assert!(f.lower95[h] <= f.lower80[h] && f.lower80[h] <= f.point[h]);
///     assert!(f.point[h] <= f.upper80[h] && f.upper80[h] <= f.upper95[h]);
/// }
/// assert!(selection.reason.contains("MASE"));
///
/// // One model only; too few points is an outcome, not an error.
/// let two = SeriesData::plain(vec![2022, 2023], vec![10.0, 12.0]).unwrap();
/// let only = FitOptions { choice: ModelChoice::Only(ModelKind::LogLinear), ..options };
/// let selection = select(&two, &only);
/// assert!(selection.chosen.is_none());
/// assert!(selection.reason.contains("needs 3"));
///
/// // Simulated paths for target tracking (horizon, paths, seed), reproducible for a seed.
/// let paths = chosen.sample_paths(5, 1000, 7);
/// assert_eq!(paths.dim(), (1000, 5));
/// assert_eq!(paths, chosen.sample_paths(5, 1000, 7));
///
/// // A model fitted alone forecasts any horizon from one fit; the choice of an automatic
/// // selection was made (and its band calibrated) for the selection's horizon, so it refuses.
/// let alone = FitOptions { choice: ModelChoice::Only(ModelKind::Drift), ..options };
/// let drift = select(&data, &alone).chosen.expect("ten points are enough");
/// assert_eq!(drift.forecast_to(8).unwrap().years.len(), 8);
/// assert_eq!(drift.forecast_to(3).unwrap().point, drift.forecast.point[..3]);
/// assert!(chosen.forecast_to(8).is_err());
/// ```
pub fn select(data: &SeriesData, options: &FitOptions) -> Selection {
    select::select(data, options, crate::knowledge::Knowledge::builtin())
}

/// [`select`] with pooled knowledge of one's own (see [`crate::knowledge::learn`]) instead of
/// the built-in file.
pub fn select_with(
    data: &SeriesData,
    options: &FitOptions,
    knowledge: &crate::knowledge::Knowledge,
) -> Selection {
    select::select(data, options, knowledge)
}

/// Fits one single model (not the combination) to `data`, with notes on one-sided values.
pub fn fit(data: &SeriesData, kind: ModelKind, horizon: usize) -> Outcome {
    if kind == ModelKind::Combination {
        return select::select(
            data,
            &FitOptions {
                horizon,
                seed: 0,
                choice: ModelChoice::Only(ModelKind::Combination),
            },
            crate::knowledge::Knowledge::builtin(),
        )
        .candidates
        .into_iter()
        .find(|o| o.model() == ModelKind::Combination)
        .unwrap_or_else(|| {
            Outcome::Skipped(Skipped {
                model: kind,
                need: 3,
                got: data.len(),
                reason: "no log-scale model could be fitted".into(),
            })
        });
    }
    let prep = Prep::new(data, data.values().to_vec(), horizon);
    dispatch::fit_single(&prep, kind)
}
