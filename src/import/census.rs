//! The US Census Bureau's "U.S. Trade in Goods by Country" table, wide monthly:
//! `year,CTY_CODE,CTYNAME,IJAN..IDEC,IYR,EJAN..EDEC,EYR`, in millions of US dollars; `I` is US
//! general imports (customs value), `E` US exports (free alongside ship). The reporter is the
//! United States; partners are Schedule C codes ([`super::codes`]).
//!
//! Each month is a monthly figure. A year whose twelve months are all given is a reported full
//! year, at its published `IYR`/`EYR` (not a sum of ours); an incomplete year keeps its months,
//! and [`super::derive`] adds their year-to-date sum.

use super::codes::System;
use super::read::{raw, Rows};
use super::{amount_text, number, Figure, Sink};
use crate::obs::{Flow, Pair, Party, Period};

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// Largest value accepted, in millions: $5 trillion, beyond any bilateral year. A larger
/// number means the file is not in millions.
const MAX_MILLIONS: f64 = 5e6;

const DATASET: &str = "US Census Bureau, U.S. Trade in Goods by Country; millions of US$ \
                       (scale 10^6)";

/// Read a Census country table into `sink`; returns the dataset in words.
pub(crate) fn read(rows: &mut Rows, sink: &mut Sink) -> String {
    let year_col = rows.column(sink, "year");
    let code_col = rows.column(sink, "CTY_CODE");
    let flows: Vec<(Flow, char, Vec<usize>, usize)> = [(Flow::Imports, 'I'), (Flow::Exports, 'E')]
        .into_iter()
        .map(|(f, p)| {
            let months = MONTHS
                .iter()
                .map(|m| rows.column(sink, &format!("{p}{m}")))
                .collect();
            (f, p, months, rows.column(sink, &format!("{p}YR")))
        })
        .collect();
    if !sink.problems.is_empty() {
        return String::new();
    }
    let us: Party = "US"
        .parse()
        .unwrap_or_else(|_| unreachable!("US is two capitals"));
    let header = rows.header.clone();
    let source = sink.source.clone();
    while let Some((record, line)) = rows.next(sink) {
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let year = match field(year_col).parse::<i32>() {
            Ok(y) if crate::obs::YEAR_RANGE.contains(&y) => y,
            _ => {
                sink.error(
                    Some(line),
                    Some("year"),
                    format!("year {:?}: expected a four-digit year", field(year_col)),
                );
                continue;
            }
        };
        let Some(partner) = sink.party(System::Census, field(code_col), line, "CTY_CODE") else {
            continue;
        };
        let quote = raw(record);
        for (flow, prefix, months, total) in &flows {
            let mut values = Vec::with_capacity(12);
            for &i in months.iter().chain(std::iter::once(total)) {
                let v = match field(i) {
                    "" => None,
                    t => match number(t) {
                        Some(v) if (0.0..=MAX_MILLIONS).contains(&v) => Some(v),
                        _ => {
                            sink.error(
                                Some(line),
                                Some(&header[i]),
                                format!(
                                    "{t:?} is not an amount in millions of US dollars (0 to \
                                     {MAX_MILLIONS}): the Census country table is in millions; \
                                     a file in dollars or thousands is the wrong unit"
                                ),
                            );
                            None
                        }
                    },
                };
                values.push(v);
            }
            let us_side = |period: Period, millions: f64, column: String, how: &str| Figure {
                pair: Pair {
                    reporter: us,
                    partner,
                },
                flow: *flow,
                period,
                value: millions * 1e6,
                currency: "USD".into(),
                reported_by: us,
                source: source.clone(),
                quote: quote.clone(),
                note: format!(
                    "{DATASET}; {}; column {column}{how}; line {line}; the United States' own \
                     statistics; release date not in the file",
                    if *flow == Flow::Imports {
                        "general imports, customs value"
                    } else {
                        "exports, free alongside ship (FAS)"
                    }
                ),
                line,
            };
            let mut made = Vec::new();
            for (m, v) in values[..12].iter().enumerate() {
                match v {
                    Some(v) if *v > 0.0 => {
                        let m = m as u8 + 1;
                        let p = Period::Months {
                            year,
                            first: m,
                            last: m,
                        };
                        made.push(us_side(
                            p,
                            *v,
                            format!("{prefix}{}", MONTHS[m as usize - 1]),
                            "",
                        ));
                    }
                    Some(_) => sink.skip("month zero (no trade recorded)".into()),
                    None => {}
                }
            }
            let complete = values[..12].iter().all(Option::is_some);
            match values[12] {
                Some(total) if complete && total > 0.0 => {
                    let sum: f64 = values[..12].iter().flatten().sum();
                    let how = if ((sum - total) * 1e6).abs() >= 0.5e6 {
                        format!(
                            " (published annual total; its months sum to {} million)",
                            amount_text(sum)
                        )
                    } else {
                        " (published annual total, all twelve months given)".to_string()
                    };
                    made.push(us_side(
                        Period::Year(year),
                        total,
                        format!("{prefix}YR"),
                        &how,
                    ));
                }
                Some(_) if complete => sink.skip("year zero (no trade recorded)".into()),
                _ => {}
            }
            sink.figures.extend(made);
        }
    }
    DATASET.to_string()
}
