//! Reading a long annual panel `series_id,year,value` for [`super::learn`].

use std::collections::BTreeMap;
use std::io::Read;

use super::invalid;
use crate::error::{Error, Result};

/// Reads a long panel `series_id,year,value` (header required, any column order; rows of one
/// series need not be contiguous). Non-positive values are skipped: the log scale needs them
/// positive.
pub fn read_panel<R: Read>(
    mut input: R,
    source: &str,
) -> Result<BTreeMap<String, BTreeMap<i32, f64>>> {
    let bad = |line: u64, message: String| invalid(source, Some(line as usize), message);
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| Error::Io {
        path: source.into(),
        source: e,
    })?;
    if let Some(line) = crate::input::unclosed_quote_line(&bytes) {
        return Err(bad(
            line as u64,
            "the quote opened here is never closed: the file ends inside it, so it was probably \
             cut short; restore it from a complete copy"
                .to_string(),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| bad(1, format!("unreadable header: {e}")))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| {
                bad(
                    1,
                    format!("no `{name}` column; the panel needs the header series_id,year,value"),
                )
            })
    };
    let (ci, cy, cv) = (col("series_id")?, col("year")?, col("value")?);
    let mut panel: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(line, format!("{e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let year: i32 = record[cy].trim().parse().map_err(|_| {
            bad(
                line,
                format!("year `{}` is not a whole number", &record[cy]),
            )
        })?;
        let value: f64 = record[cv]
            .trim()
            .parse()
            .map_err(|_| bad(line, format!("value `{}` is not a number", &record[cv])))?;
        let series = panel.entry(record[ci].to_string()).or_default();
        if series.insert(year, value).is_some() {
            return Err(bad(
                line,
                format!("series `{}` has year {year} twice", &record[ci]),
            ));
        }
    }
    for series in panel.values_mut() {
        series.retain(|_, v| v.is_finite() && *v > 0.0);
    }
    Ok(panel)
}
