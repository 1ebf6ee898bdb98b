//! Panel forecasting through the library's batch mode ([`tradecast::batch::batch_results`]).
//!
//! The columns are written as the panel CSV `tradecast batch` reads (so rows are checked, and
//! problems located, exactly as there) and run through the same function, whose typed results
//! are collected into columns at full precision: the numbers are those `tradecast batch` writes
//! before its files round them to 8 significant digits. Each series keeps its batch seed (the
//! global seed mixed with a hash of its id), so a series' forecast does not depend on which
//! other series share its panel or partition.

use std::io::Cursor;

use tradecast::batch::{batch_results, BatchOptions, Status};

/// The forecasts as columns (those of `forecasts.csv`, at full precision).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Forecasts {
    pub series_id: Vec<String>,
    pub year: Vec<i64>,
    pub mean: Vec<f64>,
    pub lower80: Vec<f64>,
    pub upper80: Vec<f64>,
    pub lower95: Vec<f64>,
    pub upper95: Vec<f64>,
    pub model: Vec<String>,
}

/// The skipped rows and series as columns (those of `skipped.csv`); `line` is the 1-based line of the generated panel CSV (header = 1).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Skipped {
    pub series_id: Vec<String>,
    pub line: Vec<u64>,
    pub reason: Vec<String>,
}

/// What [`forecast`] returns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Panel {
    pub forecasts: Forecasts,
    pub skipped: Skipped,
}

/// Forecast the panel given as three equal-length columns, rows of a series contiguous (the
/// Python wrapper groups them). Returns the batch results as columns.
pub fn forecast(
    series_id: &[String],
    year: &[i64],
    value: &[f64],
    options: &BatchOptions,
) -> tradecast::Result<Panel> {
    if series_id.len() != year.len() || year.len() != value.len() {
        return Err(tradecast::Error::Argument(format!(
            "panel columns differ in length: {} series_id, {} year, {} value",
            series_id.len(),
            year.len(),
            value.len()
        )));
    }
    let input = panel_csv(series_id, year, value);
    let mut panel = Panel::default();
    batch_results(
        Cursor::new(input),
        "panel",
        options,
        &|_| {},
        &mut |results| {
            for r in results {
                let (f, s) = (&mut panel.forecasts, &mut panel.skipped);
                if let Status::Forecast(model) = r.status {
                    for row in &r.forecasts {
                        f.series_id.push(r.series_id.clone());
                        f.year.push(i64::from(row.year));
                        f.mean.push(row.mean);
                        f.lower80.push(row.lower80);
                        f.upper80.push(row.upper80);
                        f.lower95.push(row.lower95);
                        f.upper95.push(row.upper95);
                        f.model.push(model.as_str().to_string());
                    }
                }
                for p in r.skipped {
                    s.series_id.push(p.series_id);
                    s.line.push(p.line);
                    s.reason.push(p.reason);
                }
            }
            Ok(())
        },
    )?;
    Ok(panel)
}

/// The panel as CSV; `f64` and `i64` are written in shortest round-trip form, so batch reads
/// back exactly these numbers.
fn panel_csv(series_id: &[String], year: &[i64], value: &[f64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(series_id.len() * 24 + 21);
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let _ = w.write_record(["series_id", "year", "value"]);
        let (mut y, mut v) = (String::new(), String::new());
        for i in 0..series_id.len() {
            use std::fmt::Write as _;
            y.clear();
            v.clear();
            let _ = write!(y, "{}", year[i]);
            let _ = write!(v, "{}", value[i]);
            // Writing into a Vec cannot fail.
            let _ = w.write_record([series_id[i].as_str(), y.as_str(), v.as_str()]);
        }
        let _ = w.flush();
    }
    out
}
