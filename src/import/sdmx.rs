//! SDMX-CSV, versions 1.0 (`DATAFLOW,…`) and 2.0 (`STRUCTURE,STRUCTURE_ID,…`), as the IMF
//! (IMTS, DOTS), Eurostat (Comext, in euros) and the OECD serve trade by partner.
//!
//! - **Separator** `,` or `;` (2.0 lets the provider choose); **`labels=both`** cells
//!   (`DE: Germany`, and headers `REF_AREA: Reference area`) are read by their code.
//! - **Dimensions** by their usual names: the reporter is `REF_AREA`, `COUNTRY` or `reporter`;
//!   the partner `COUNTERPART_AREA`, `COUNTERPART_COUNTRY` or `partner`; the flow a `FLOW`
//!   column (`1`/`M`/`IMP` imports, `2`/`X`/`EXP` exports) or the indicator's prefix (`TXG`, `XG`
//!   exports; `TMG`, `MG` imports); a commodity column (`product`, `PRODUCT`, `COMMODITY`)
//!   must say `TOTAL` (or `_T`): other commodities are skipped, never summed.
//! - **Unit**: a currency from `UNIT_MEASURE`/`UNIT`/`CURRENCY` (`USD`, `EUR`, `USD_EXC`), or the
//!   indicator (`…_USD`, `VALUE_IN_EUROS`); quantity indicators are skipped; a row whose unit is
//!   not a currency is refused (wrong unit). Figures in another currency than USD go to `amount`
//!   and are converted with `rates.csv`.
//! - **`UNIT_MULT`**: the value is `OBS_VALUE × 10^UNIT_MULT`.
//! - **Periods** `2024`, `2024-M07`, `2024-07`, `2024-Q1` (a quarter is its three months).
//! - Codes are ISO alpha-2 with Eurostat's exceptions (`EL` Greece, `UK` the United Kingdom) and
//!   aggregates ([`super::codes`]).

use super::codes::System;
use super::read::{raw, Layout, Rows};
use super::{number, Figure, Sink};
use crate::obs::{Flow, Pair, Period};

fn find(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| names.contains(&h.as_str()))
}

/// The code of a `labels=both` cell (`DE: Germany` → `DE`).
fn code(cell: &str) -> &str {
    let t = cell.trim();
    match t.split_once(": ") {
        Some((c, _)) if !c.contains(' ') => c,
        _ => t,
    }
}

/// `2024`, `2024-M07`, `2024-07`, `2024-Q1`.
pub(crate) fn period(text: &str) -> Option<Period> {
    let (y, rest) = match text.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (text, None),
    };
    let year: i32 = y
        .parse()
        .ok()
        .filter(|y| crate::obs::YEAR_RANGE.contains(y))?;
    let months = |first: u8, last: u8| Period::Months { year, first, last };
    match rest {
        None => Some(Period::Year(year)),
        Some(r) => {
            if let Some(q) = r.strip_prefix('Q') {
                let q: u8 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
                return Some(months(3 * q - 2, 3 * q));
            }
            let m: u8 = r.strip_prefix('M').unwrap_or(r).parse().ok()?;
            (1..=12).contains(&m).then(|| months(m, m))
        }
    }
}

fn flow_of(text: &str) -> Option<Flow> {
    let t = text.to_ascii_uppercase();
    match t.as_str() {
        "1" | "M" | "IMP" | "IMPORT" | "IMPORTS" => return Some(Flow::Imports),
        "2" | "X" | "EXP" | "EXPORT" | "EXPORTS" => return Some(Flow::Exports),
        _ => {}
    }
    if t.starts_with("TXG") || t.starts_with("XG") {
        Some(Flow::Exports)
    } else if t.starts_with("TMG") || t.starts_with("MG") {
        Some(Flow::Imports)
    } else {
        None
    }
}

/// The currency a unit or indicator names, `Err` with the text when it names none.
fn currency_of(unit: &str) -> Option<String> {
    let u = unit.to_ascii_uppercase();
    if u == "VALUE_IN_EUROS" || u.ends_with("_EUR") {
        return Some("EUR".into());
    }
    if u.ends_with("_USD") {
        return Some("USD".into());
    }
    let head = u.get(..3)?;
    (crate::currency::is_code(head) && (u.len() == 3 || u[3..].starts_with('_')))
        .then(|| head.to_string())
}

struct Columns {
    reporter: usize,
    partner: usize,
    flow: Option<usize>,
    indicator: Option<usize>,
    unit: Option<usize>,
    commodity: Option<usize>,
    time: usize,
    value: usize,
    mult: Option<usize>,
}

/// Read an SDMX-CSV file into `sink`; returns the dataset in words.
pub(crate) fn read(rows: &mut Rows, layout: Layout, sink: &mut Sink) -> String {
    let header: Vec<String> = rows.header.iter().map(|h| code(h).to_string()).collect();
    let need = |sink: &mut Sink, names: &[&str]| {
        find(&header, names).unwrap_or_else(|| {
            sink.error(
                Some(1),
                None,
                format!("no column {}: cannot tell {}", names.join(" or "), names[0]),
            );
            0
        })
    };
    let c = Columns {
        reporter: need(sink, &["REF_AREA", "COUNTRY", "reporter", "REPORTER"]),
        partner: need(
            sink,
            &[
                "COUNTERPART_AREA",
                "COUNTERPART_COUNTRY",
                "partner",
                "PARTNER",
            ],
        ),
        flow: find(&header, &["FLOW", "flow", "TRADE_FLOW"]),
        indicator: find(
            &header,
            &["INDICATOR", "indicators", "INDICATORS", "MEASURE"],
        ),
        unit: find(
            &header,
            &["UNIT_MEASURE", "UNIT", "unit", "CURRENCY", "currency"],
        ),
        commodity: find(
            &header,
            &["product", "PRODUCT", "COMMODITY", "CMD", "PRODUCT_CODE"],
        ),
        time: need(sink, &["TIME_PERIOD"]),
        value: need(sink, &["OBS_VALUE"]),
        mult: find(&header, &["UNIT_MULT"]),
    };
    if !sink.problems.is_empty() {
        return String::new();
    }
    let mut dataflow = String::new();
    let source = sink.source.clone();
    while let Some((record, line)) = rows.next(sink) {
        let field = |i: usize| code(record.get(i).unwrap_or(""));
        if dataflow.is_empty() {
            let at = usize::from(layout == Layout::SdmxCsv2);
            dataflow = field(at).to_string();
        }
        let what = format!("{}, dataflow {dataflow}", layout.describe());
        if let Some(f) = figure(&c, &header, (record, line), &what, &source, sink) {
            sink.figures.push(f);
        }
    }
    format!("{}, dataflow {dataflow}", layout.describe())
}

/// One row's figure, or `None` (skipped or refused: the sink says which).
fn figure(
    c: &Columns,
    header: &[String],
    (record, line): (&csv::StringRecord, usize),
    what: &str,
    source: &str,
    sink: &mut Sink,
) -> Option<Figure> {
    let field = |i: usize| code(record.get(i).unwrap_or(""));
    if let Some(i) = c.commodity {
        if !matches!(field(i), "TOTAL" | "_T" | "TOT") {
            sink.skip(format!(
                "{} {}: a commodity, not the total (only totals are taken)",
                header[i],
                field(i)
            ));
            return None;
        }
    }
    let indicator = c.indicator.map(field).unwrap_or("");
    if indicator.to_ascii_uppercase().starts_with("QUANTITY") {
        sink.skip(format!("indicator {indicator}: a quantity, not a value"));
        return None;
    }
    let Some(flow) = c
        .flow
        .map(field)
        .and_then(flow_of)
        .or_else(|| flow_of(indicator))
    else {
        sink.error(
            Some(line),
            None,
            format!(
                "cannot tell exports from imports: flow {:?}, indicator {indicator:?}; \
                 expected a FLOW of 1/2, M/X or IMP/EXP, or an indicator starting XG or MG",
                c.flow.map(field).unwrap_or("")
            ),
        );
        return None;
    };
    let unit = c.unit.map(field).unwrap_or("");
    let Some(currency) = currency_of(unit).or_else(|| currency_of(indicator)) else {
        sink.error(
            Some(line),
            c.unit.map(|i| header[i].as_str()),
            format!(
                "unit {unit:?} (indicator {indicator:?}) is not a currency: wrong unit; \
                 tradecast imports trade values in a currency (USD, EUR, …)"
            ),
        );
        return None;
    };
    let Some(p) = period(field(c.time)) else {
        sink.error(
            Some(line),
            Some("TIME_PERIOD"),
            format!(
                "period {:?}: expected 2024, 2024-M07, 2024-07 or 2024-Q1",
                field(c.time)
            ),
        );
        return None;
    };
    let mult = match c.mult.map(field).filter(|m| !m.is_empty()) {
        None => 0,
        Some(m) => match m.parse::<i32>() {
            Ok(m) if (0..=12).contains(&m) => m,
            _ => {
                sink.error(
                    Some(line),
                    Some("UNIT_MULT"),
                    format!("UNIT_MULT {m:?}: expected a power of ten, 0 to 12"),
                );
                return None;
            }
        },
    };
    let reporter = sink.party(
        System::Eurostat,
        field(c.reporter),
        line,
        &header[c.reporter],
    );
    let partner = sink.party(System::Eurostat, field(c.partner), line, &header[c.partner]);
    let (Some(reporter), Some(partner)) = (reporter, partner) else {
        return None;
    };
    let value = match number(field(c.value)) {
        Some(v) if v > 0.0 => v * 10f64.powi(mult),
        Some(0.0) => {
            sink.skip("value zero".into());
            return None;
        }
        None if field(c.value).is_empty() || field(c.value) == "NaN" => {
            sink.skip("value missing".into());
            return None;
        }
        _ => {
            sink.error(
                Some(line),
                Some("OBS_VALUE"),
                format!("OBS_VALUE {:?}: expected a positive number", field(c.value)),
            );
            return None;
        }
    };
    Some(Figure {
        pair: Pair { reporter, partner },
        flow,
        period: p,
        value,
        currency: currency.clone(),
        reported_by: reporter,
        source: source.to_string(),
        quote: raw(record),
        note: format!(
            "{what}; {currency}, UNIT_MULT {mult} (scale 10^{mult}); line {line}; \
             {reporter}'s own statistics; release date not in the file"
        ),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_units_and_flows() {
        assert_eq!(period("2024"), Some(Period::Year(2024)));
        let july = Some(Period::Months {
            year: 2024,
            first: 7,
            last: 7,
        });
        assert_eq!(period("2024-M07"), july);
        assert_eq!(period("2024-07"), july);
        assert_eq!(
            period("2024-Q1"),
            Some(Period::Months {
                year: 2024,
                first: 1,
                last: 3
            })
        );
        assert_eq!(period("2024-Q5"), None);
        assert_eq!(period("2024-W01"), None);
        assert_eq!(currency_of("USD").as_deref(), Some("USD"));
        assert_eq!(currency_of("USD_EXC").as_deref(), Some("USD"));
        assert_eq!(currency_of("VALUE_IN_EUROS").as_deref(), Some("EUR"));
        assert_eq!(currency_of("TXG_FOB_USD").as_deref(), Some("USD"));
        assert_eq!(currency_of("T"), None);
        assert_eq!(currency_of("KG"), None);
        assert_eq!(flow_of("TMG_CIF_USD"), Some(Flow::Imports));
        assert_eq!(flow_of("XG_FOB_USD"), Some(Flow::Exports));
        assert_eq!(flow_of("2"), Some(Flow::Exports));
        assert_eq!(flow_of("BAL"), None);
        assert_eq!(code("DE: Germany"), "DE");
        assert_eq!(code("REF_AREA: Reference area"), "REF_AREA");
    }
}
