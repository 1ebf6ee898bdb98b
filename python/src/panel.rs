//! Panel forecasting through the library's batch mode ([`tradecast::batch::batch_streams`]).
//!
//! The columns are written as the panel CSV `tradecast batch` reads, run through the very same
//! function, and its `forecasts.csv` / `skipped.csv` bytes are parsed back. The numbers are
//! therefore those of `tradecast batch` by construction (8 significant digits, as in its files),
//! and each series keeps its batch seed (the global seed mixed with a hash of its id), so a
//! series' forecast does not depend on which other series share its panel or partition.

use std::io::Cursor;

use tradecast::batch::{batch_streams, BatchOptions, Sinks};

/// `forecasts.csv` as columns.
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

/// `skipped.csv` as columns; `line` is the 1-based line of the generated panel CSV (header = 1).
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
/// Python wrapper groups them). Returns the batch outputs parsed into columns.
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
    let (mut forecasts, mut skipped) = (Vec::new(), Vec::new());
    let sinks = Sinks {
        forecasts: &mut forecasts,
        skipped: &mut skipped,
        targets: None,
    };
    batch_streams(Cursor::new(input), "panel", sinks, options, &|_| {})?;
    Ok(Panel {
        forecasts: parse_forecasts(&forecasts)?,
        skipped: parse_skipped(&skipped)?,
    })
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

fn internal(what: &str, e: impl std::fmt::Display) -> tradecast::Error {
    tradecast::Error::Argument(format!("internal: cannot read back the batch {what}: {e}"))
}

fn parse_forecasts(bytes: &[u8]) -> tradecast::Result<Forecasts> {
    let mut r = csv::Reader::from_reader(bytes);
    let mut f = Forecasts::default();
    let num = |s: &str| s.parse::<f64>().map_err(|e| internal("forecasts", e));
    for record in r.records() {
        let rec = record.map_err(|e| internal("forecasts", e))?;
        let field = |i: usize| rec.get(i).unwrap_or_default();
        f.series_id.push(field(0).to_string());
        f.year
            .push(field(1).parse().map_err(|e| internal("forecasts", e))?);
        f.mean.push(num(field(2))?);
        f.lower80.push(num(field(3))?);
        f.upper80.push(num(field(4))?);
        f.lower95.push(num(field(5))?);
        f.upper95.push(num(field(6))?);
        f.model.push(field(7).to_string());
    }
    Ok(f)
}

fn parse_skipped(bytes: &[u8]) -> tradecast::Result<Skipped> {
    let mut r = csv::Reader::from_reader(bytes);
    let mut s = Skipped::default();
    for record in r.records() {
        let rec = record.map_err(|e| internal("skipped list", e))?;
        let field = |i: usize| rec.get(i).unwrap_or_default();
        s.series_id.push(field(0).to_string());
        s.line.push(field(1).parse().unwrap_or(0));
        s.reason.push(field(2).to_string());
    }
    Ok(s)
}
