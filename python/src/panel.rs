//! Panel forecasting: many plain annual series in long form (`series_id, year, value`).
//!
//! Each series is forecast on its own with [`tradecast::model::select`] (automatic choice, the
//! same seed for every series), so a series' numbers do not depend on which other series share
//! its panel or partition: splitting a panel across Dask partitions gives identical results.
//!
//! Until `tradecast::batch` lands this module groups and fits the series itself (as
//! [`SeriesData::plain`] + [`model::select`]); [`forecast`] is the one function to switch over to
//! the library's batch function then.

use std::collections::BTreeMap;

use rayon::prelude::*;
use tradecast::model::{self, FitOptions, ModelChoice, SeriesData};

/// One forecast year of one series.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The series.
    pub series_id: String,
    /// The forecast year.
    pub year: i32,
    /// Point forecast.
    pub mean: f64,
    /// 80% interval, lower end.
    pub lower80: f64,
    /// 80% interval, upper end.
    pub upper80: f64,
    /// 95% interval, lower end.
    pub lower95: f64,
    /// 95% interval, upper end.
    pub upper95: f64,
    /// The chosen model (snake_case name).
    pub model: &'static str,
}

/// A series that was not forecast, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skip {
    /// The series.
    pub series_id: String,
    /// Its number of rows.
    pub points: usize,
    /// Why, in words.
    pub reason: String,
}

/// Forecasts for every series that could be fitted, and the others with their reasons.
/// Both are ordered by `series_id` (byte order), forecasts then by year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Panel {
    /// One row per series and forecast year.
    pub forecasts: Vec<Row>,
    /// One row per series not forecast.
    pub skipped: Vec<Skip>,
}

/// Forecast every series of a long panel. Columns must have equal lengths; anything else wrong
/// with a series (too few points, a repeated year, a value that is not finite and positive) is
/// an outcome recorded in [`Panel::skipped`], not an error.
pub fn forecast(
    series_id: Vec<String>,
    year: Vec<i64>,
    value: Vec<f64>,
    horizon: usize,
    seed: u64,
) -> Result<Panel, String> {
    if series_id.len() != year.len() || year.len() != value.len() {
        return Err(format!(
            "panel columns differ in length: {} series_id, {} year, {} value",
            series_id.len(),
            year.len(),
            value.len()
        ));
    }
    let mut groups: BTreeMap<String, Vec<(i64, f64)>> = BTreeMap::new();
    for ((id, y), v) in series_id.into_iter().zip(year).zip(value) {
        groups.entry(id).or_default().push((y, v));
    }
    let options = FitOptions {
        horizon,
        seed,
        choice: ModelChoice::Auto,
    };
    let outcomes: Vec<Result<Vec<Row>, Skip>> = groups
        .into_par_iter()
        .map(|(id, rows)| one(id, rows, &options))
        .collect();
    let mut panel = Panel::default();
    for outcome in outcomes {
        match outcome {
            Ok(rows) => panel.forecasts.extend(rows),
            Err(skip) => panel.skipped.push(skip),
        }
    }
    Ok(panel)
}

fn one(
    series_id: String,
    mut rows: Vec<(i64, f64)>,
    options: &FitOptions,
) -> Result<Vec<Row>, Skip> {
    let points = rows.len();
    let skip = |reason: String| Skip {
        series_id: series_id.clone(),
        points,
        reason,
    };
    rows.sort_by_key(|r| r.0);
    if let Some(w) = rows.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(skip(format!(
            "year {} appears more than once; give one value a year",
            w[0].0
        )));
    }
    let mut years = Vec::with_capacity(points);
    for (y, _) in &rows {
        match i32::try_from(*y) {
            Ok(y) => years.push(y),
            Err(_) => return Err(skip(format!("year {y} is out of range"))),
        }
    }
    let values: Vec<f64> = rows.iter().map(|r| r.1).collect();
    // Checks values are finite and positive; the message names the year.
    let data = SeriesData::plain(years, values).map_err(|e| skip(e.to_string()))?;
    let selection = model::select(&data, options);
    let Some(chosen) = selection.chosen else {
        return Err(skip(selection.reason));
    };
    let f = &chosen.forecast;
    let model = chosen.model.as_str();
    Ok((0..f.years.len())
        .map(|j| Row {
            series_id: series_id.clone(),
            year: f.years[j],
            mean: f.mean[j],
            lower80: f.lower80[j],
            upper80: f.upper80[j],
            lower95: f.lower95[j],
            upper95: f.upper95[j],
            model,
        })
        .collect())
}
