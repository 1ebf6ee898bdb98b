//! The typed result of one block: its forecast rows, its target row and its skipped rows, as
//! values (not CSV text), computed by a pure function of the block and the options.

use serde::Serialize;

use super::chunk::{Block, BlockKind};
use super::options::{BatchOptions, TARGET_YEARS};
use super::panel::series_seed;
use crate::knowledge::Knowledge;
use crate::model::{self, FitOptions, ModelChoice, ModelKind, Seeds, SeriesData};
use crate::nowcast::{self, FullYear, YearToDate};
use crate::obs::Bound;
use crate::series::PointKind;
use crate::target;

/// What became of one block of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Forecast with this model.
    Forecast(ModelKind),
    /// Could not be forecast (the reason is among [`SeriesResult::skipped`]).
    Skipped,
    /// A later block of a `series_id` already seen, left out.
    Reappeared,
    /// Only malformed rows, met before the first well-formed row (not a series).
    RowsOnly,
}

/// One forecast year: a row of `forecasts.csv` (without its `series_id` and `model`).
///
/// `mean` is the point forecast (the median for models fitted on the log scale), as in the
/// file's `mean` column; the intervals are central 80% and 95% intervals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ForecastRow {
    /// Forecast year.
    pub year: i32,
    /// Point forecast.
    pub mean: f64,
    /// Lower bound of the 80% interval.
    pub lower80: f64,
    /// Upper bound of the 80% interval.
    pub upper80: f64,
    /// Lower bound of the 95% interval.
    pub lower95: f64,
    /// Upper bound of the 95% interval.
    pub upper95: f64,
}

/// A row of `targets.csv` (without its `series_id`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TargetRow {
    /// The target: the ratio × the last observed value (for a partial last year, its full-year
    /// estimate).
    pub target: f64,
    /// 10th percentile of the first year the simulated paths reach the target (`None`: not
    /// within the simulated horizon).
    pub p10: Option<i32>,
    /// Median first year; see [`TargetRow::p10`].
    pub p50: Option<i32>,
    /// 90th percentile of the first year; see [`TargetRow::p10`].
    pub p90: Option<i32>,
    /// Share of paths that reach the target within ten years of the last observed year.
    pub probability_10y: f64,
}

/// A row of `skipped.csv`: a malformed row, or why a series was not forecast, at its line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedRow {
    /// The `series_id` as written (shortened, control characters replaced).
    pub series_id: String,
    /// 1-based line of the panel (the header is line 1).
    pub line: u64,
    /// What is wrong, and what was done about it.
    pub reason: String,
}

/// Everything one block of the panel adds to the outputs, as values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesResult {
    /// The block's `series_id` (empty for [`Status::RowsOnly`]).
    pub series_id: String,
    /// What became of the block.
    pub status: Status,
    /// Forecast years, `horizon` of them when forecast (after the full-year estimate of a partial
    /// last year, when there is one), none otherwise.
    pub forecasts: Vec<ForecastRow>,
    /// With a target ratio, the target row of a forecast series.
    pub target: Option<TargetRow>,
    /// Malformed rows met in the block, then why the series was skipped, in line order.
    pub skipped: Vec<SkippedRow>,
    /// True when a model panicked on this series (a bug, caught): the series is skipped.
    pub panicked: bool,
}

/// Why one series cannot be forecast: the line to report and the reason.
struct NotForecast {
    line: u64,
    reason: String,
    panicked: bool,
}

impl NotForecast {
    fn new(line: u64, reason: String) -> Self {
        NotForecast {
            line,
            reason,
            panicked: false,
        }
    }
}

/// The `series_id` whose forecast panics on purpose when the hidden environment variable
/// `TRADECAST_TEST_PANIC_SERIES` names it: a test hook, so that the handling of a panic (a bug
/// in a model) can be tested end to end. Read once per run.
pub(super) fn panic_hook() -> Option<String> {
    std::env::var("TRADECAST_TEST_PANIC_SERIES").ok()
}

/// Forecast one block: a pure function of the block and the options (and the test hook).
pub(super) fn process(
    block: &Block,
    options: &BatchOptions,
    panic_on: Option<&str>,
) -> SeriesResult {
    let mut out = SeriesResult {
        series_id: block.id.clone(),
        status: Status::Skipped,
        forecasts: Vec::new(),
        target: None,
        skipped: block
            .bad_rows
            .iter()
            .map(|(id, line, reason)| SkippedRow {
                series_id: id.clone(),
                line: *line,
                reason: reason.clone(),
            })
            .collect(),
        panicked: false,
    };
    // Problems in line order: malformed rows, then (at its line) why the series was skipped.
    let problem = |line: u64, reason: String, out: &mut SeriesResult| {
        out.skipped.push(SkippedRow {
            series_id: block.id.clone(),
            line,
            reason,
        });
    };
    match block.kind {
        BlockKind::RowsOnly => out.status = Status::RowsOnly,
        BlockKind::Reappeared { rows, last_line } => {
            out.status = Status::Reappeared;
            problem(
                block.first_line,
                format!(
                    "series_id reappears after rows of other series; rows of a series must be \
                     contiguous: {rows} row(s), lines {}-{last_line}, left out",
                    block.first_line
                ),
                &mut out,
            );
        }
        BlockKind::Series => match forecast_series(block, options, panic_on, &mut out) {
            Ok(kind) => out.status = Status::Forecast(kind),
            Err(e) => {
                out.status = Status::Skipped;
                out.forecasts.clear();
                out.target = None;
                out.panicked = e.panicked;
                problem(e.line, e.reason, &mut out);
            }
        },
    }
    out.skipped.sort_by_key(|p| p.line);
    out
}

/// Forecast one series into `out`; or the line and reason it cannot be forecast.
fn forecast_series(
    block: &Block,
    options: &BatchOptions,
    panic_on: Option<&str>,
    out: &mut SeriesResult,
) -> std::result::Result<ModelKind, NotForecast> {
    let Checked {
        data,
        last_year,
        last_value,
        estimate,
    } = series_data(block, &options.knowledge).map_err(|(l, r)| NotForecast::new(l, r))?;
    let seed = series_seed(options.seed, &block.id);
    let fit = FitOptions {
        horizon: options.fit_horizon(),
        seed,
        choice: ModelChoice::Auto,
    };
    let internal = |what: &str, msg: String| NotForecast {
        line: block.first_line,
        reason: format!("internal error in {what} (please report): {msg}"),
        panicked: true,
    };
    let selection = catch(|| {
        if panic_on == Some(block.id.as_str()) {
            panic!("test hook TRADECAST_TEST_PANIC_SERIES");
        }
        model::select_with(&data, &fit, &options.knowledge)
    })
    .map_err(|msg| internal("model selection", msg))?;
    let Some(chosen) = selection.chosen else {
        return Err(NotForecast::new(
            block.first_line,
            format!(
                "no model could be fitted to {} point(s): {}",
                block.years.len(),
                selection.reason
            ),
        ));
    };
    let f = &chosen.forecast;
    let h = options.horizon.min(f.years.len());
    let cols = [&f.point, &f.lower80, &f.upper80, &f.lower95, &f.upper95];
    if cols.iter().any(|c| c[..h].iter().any(|v| !v.is_finite())) {
        return Err(NotForecast::new(
            block.first_line,
            format!(
                "model {} gave a non-finite forecast; series not forecast",
                chosen.model.as_str()
            ),
        ));
    }
    // A partial last year comes first: its full-year estimate and bands, from the nowcast.
    out.forecasts = estimate
        .iter()
        .map(|e| ForecastRow {
            year: last_year,
            mean: e.point,
            lower80: e.lower80,
            upper80: e.upper80,
            lower95: e.lower95,
            upper95: e.upper95,
        })
        .collect();
    out.forecasts.extend((0..h).map(|j| ForecastRow {
        year: f.years[j],
        mean: f.point[j],
        lower80: f.lower80[j],
        upper80: f.upper80[j],
        lower95: f.lower95[j],
        upper95: f.upper95[j],
    }));

    if let Some(ratio) = options.target_ratio {
        let goal = ratio * last_value;
        // The series' own parameter streams, the run's shocks (see `model::Seeds`).
        let seeds = Seeds {
            params: seed,
            shocks: options.seed,
        };
        let first = catch(|| chosen.first_crossings(f.years.len(), options.paths, seeds, goal))
            .map_err(|msg| internal("path simulation", msg))?;
        let crossings = target::Crossings::from_first(&f.years, &first);
        let crossing = crossings.percentiles();
        out.target = Some(TargetRow {
            target: goal,
            p10: crossing.p10,
            p50: crossing.p50,
            p90: crossing.p90,
            probability_10y: crossings.probability_by(last_year + TARGET_YEARS as i32),
        });
    }
    Ok(chosen.model)
}

/// A block's points as checked series data, with its last year, its last value (for a partial
/// year: the full-year estimate) and that estimate.
struct Checked {
    data: SeriesData,
    last_year: i32,
    last_value: f64,
    estimate: Option<FullYear>,
}

/// The block's points as checked series data, sorted by year; or the line and reason the series
/// cannot be forecast (a bad value, a year given twice, a partial year that is not the last).
/// A partial last year is replaced by its full-year estimate ([`nowcast::full_year`]), marked
/// estimated, with the estimate's uncertainty for the models to carry.
fn series_data(
    block: &Block,
    knowledge: &Knowledge,
) -> std::result::Result<Checked, (u64, String)> {
    for (i, &v) in block.values.iter().enumerate() {
        if !(v.is_finite() && v > 0.0) {
            return Err((
                block.lines[i],
                format!("value {v} is not a positive number; series not forecast"),
            ));
        }
        if !(model::MIN_VALUE..=model::MAX_VALUE).contains(&v) {
            return Err((
                block.lines[i],
                format!(
                    "value {v:e} is outside {:e} to {:e}, the range the models compute in; \
                     rescale the series (e.g. to thousands or millions); series not forecast",
                    model::MIN_VALUE,
                    model::MAX_VALUE
                ),
            ));
        }
    }
    let mut order: Vec<usize> = (0..block.years.len()).collect();
    order.sort_by_key(|&i| (block.years[i], block.lines[i]));
    for w in order.windows(2) {
        if block.years[w[0]] == block.years[w[1]] {
            return Err((
                block.lines[w[1]],
                format!(
                    "year {} is given twice (lines {} and {}); series not forecast",
                    block.years[w[0]], block.lines[w[0]], block.lines[w[1]]
                ),
            ));
        }
    }
    let last = order[order.len() - 1];
    if let Some(p) = block.partial.iter().find(|p| p.index != last) {
        return Err((
            block.lines[p.index],
            format!(
                "year {} is partial (months {}) but later years follow: only a series' last \
                 year may be partial (leave months blank for a full year); series not forecast",
                block.years[p.index], p.months
            ),
        ));
    }
    let years: Vec<i32> = order.iter().map(|&i| block.years[i]).collect();
    let mut values: Vec<f64> = order.iter().map(|&i| block.values[i]).collect();
    let n = years.len();
    let mut kinds = vec![PointKind::Reported; n];
    let estimate = block.partial.first().map(|p| {
        let previous: Vec<(i32, f64)> = years[..n - 1]
            .iter()
            .copied()
            .zip(values[..n - 1].iter().copied())
            .collect();
        let ytd = YearToDate {
            value: values[n - 1],
            months: p.months,
            growth: p.growth,
        };
        nowcast::full_year(knowledge, &ytd, &previous)
    });
    if let Some(e) = &estimate {
        values[n - 1] = e.point;
        kinds[n - 1] = PointKind::Estimated;
    }
    let (last_year, last_value) = (years[n - 1], values[n - 1]);
    // Checked above, so this cannot fail; a failure would be a bug worth reporting, not a panic.
    let data = SeriesData::try_new(years, values, kinds, vec![Bound::Exact; n], None)
        .map_err(|e| (block.first_line, format!("series rejected: {e}")))?
        .with_estimate_months(block.partial.first().map(|p| p.months))
        .with_estimate_log_sd(estimate.as_ref().map(|e| e.log_sd));
    Ok(Checked {
        data,
        last_year,
        last_value,
        estimate,
    })
}

/// Run `f`, turning a panic into its message.
fn catch<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|e| {
        e.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string())
    })
}
