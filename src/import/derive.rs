//! Figures made from other imported figures, each saying so in its note:
//!
//! - **a year from its months**: twelve monthly figures of one side, flow and year with no
//!   annual figure become the year's sum; January to month m (2 ≤ m < 12) become a year-to-date
//!   figure, which reconciliation turns into a full-year estimate (see [`crate::nowcast`]);
//! - **turnover**: exports plus imports, only where both are known for the same pair, side and
//!   period (single months excepted: a turnover per month adds rows and no information).

use std::collections::{BTreeMap, BTreeSet};

use super::{amount_text, Figure};
use crate::obs::{Flow, Pair, Party, Period};

fn single_month(p: Period) -> Option<(i32, u8)> {
    match p {
        Period::Months { year, first, last } if first == last => Some((year, first)),
        _ => None,
    }
}

/// `figures` with the years made from months and the turnovers added after them.
pub fn complete(mut figures: Vec<Figure>) -> Vec<Figure> {
    let years = from_months(&figures);
    figures.extend(years);
    let turnover = turnover(&figures);
    figures.extend(turnover);
    figures
}

type Side = (Pair, Flow, Party, String, String);

fn from_months(figures: &[Figure]) -> Vec<Figure> {
    let side = |f: &Figure| -> Side {
        (
            f.pair,
            f.flow,
            f.reported_by,
            f.currency.clone(),
            f.source.clone(),
        )
    };
    let mut months: BTreeMap<(Side, i32), BTreeMap<u8, usize>> = BTreeMap::new();
    let mut have: BTreeSet<(Side, Period)> = BTreeSet::new();
    for (i, f) in figures.iter().enumerate() {
        match single_month(f.period) {
            Some((year, m)) => {
                months.entry((side(f), year)).or_default().insert(m, i);
            }
            None => {
                have.insert((side(f), f.period));
            }
        }
    }
    let mut out = Vec::new();
    for ((key, year), by_month) in months {
        let run = (1..=12u8).take_while(|m| by_month.contains_key(m)).count() as u8;
        if run < 2 {
            continue;
        }
        let period = if run == 12 {
            Period::Year(year)
        } else {
            Period::Months {
                year,
                first: 1,
                last: run,
            }
        };
        if have.contains(&(key.clone(), period)) {
            continue;
        }
        let parts: Vec<&Figure> = (1..=run).map(|m| &figures[by_month[&m]]).collect();
        let cents: f64 = parts.iter().map(|f| (f.value * 100.0).round()).sum();
        let first = parts[0];
        let lines: Vec<String> = parts.iter().map(|f| f.line.to_string()).collect();
        let what = if run == 12 {
            "the year: the sum of its twelve monthly figures".to_string()
        } else {
            format!("year to date, January to month {run}: the sum of its monthly figures")
        };
        out.push(Figure {
            period,
            value: cents / 100.0,
            quote: if parts.iter().all(|f| f.quote == first.quote) {
                first.quote.clone()
            } else {
                format!(
                    "{} monthly rows summed, lines {}",
                    parts.len(),
                    lines.join(", ")
                )
            },
            note: format!(
                "{what} (lines {}), months as in: {}",
                lines.join(", "),
                first.note
            ),
            ..first.clone()
        });
    }
    out
}

fn turnover(figures: &[Figure]) -> Vec<Figure> {
    type Key = (Pair, Party, String, String, Period);
    let mut by: BTreeMap<Key, [Option<usize>; 3]> = BTreeMap::new();
    for (i, f) in figures.iter().enumerate() {
        if single_month(f.period).is_some() {
            continue;
        }
        let k = (
            f.pair,
            f.reported_by,
            f.currency.clone(),
            f.source.clone(),
            f.period,
        );
        let slot = match f.flow {
            Flow::Exports => 0,
            Flow::Imports => 1,
            Flow::Turnover => 2,
        };
        by.entry(k).or_default()[slot] = Some(i);
    }
    let mut out = Vec::new();
    for slots in by.values() {
        let [Some(x), Some(m), None] = *slots else {
            continue;
        };
        let (x, m) = (&figures[x], &figures[m]);
        let cents = (x.value * 100.0).round() + (m.value * 100.0).round();
        out.push(Figure {
            flow: Flow::Turnover,
            value: cents / 100.0,
            quote: if x.quote == m.quote {
                x.quote.clone()
            } else {
                format!("exports: {} | imports: {}", x.quote, m.quote)
            },
            note: format!(
                "turnover: exports {} (line {}) + imports {} (line {}), both from {}'s \
                 statistics for the same period; exports as in: {}",
                amount_text(x.value),
                x.line,
                amount_text(m.value),
                m.line,
                x.reported_by,
                x.note
            ),
            ..x.clone()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(flow: Flow, m: u8, value: f64) -> Figure {
        Figure {
            pair: "US-CA".parse().unwrap(),
            flow,
            period: Period::Months {
                year: 2024,
                first: m,
                last: m,
            },
            value,
            currency: "USD".into(),
            reported_by: "US".parse().unwrap(),
            source: "f.csv".into(),
            quote: format!("row {m}"),
            note: "n".into(),
            line: m as usize + 1,
        }
    }

    #[test]
    fn months_make_a_year_to_date_and_turnover_needs_both_flows() {
        // January to March of exports, then a gap (May): a January–March year to date only.
        let mut figures: Vec<Figure> = [1, 2, 3, 5]
            .iter()
            .map(|&m| month(Flow::Exports, m, 10.25))
            .collect();
        figures.push(month(Flow::Imports, 1, 4.0));
        figures.push(month(Flow::Imports, 2, 6.0));
        let out = complete(figures);
        let made: Vec<String> = out[6..]
            .iter()
            .map(|f| format!("{} {} {}", f.flow, f.period, amount_text(f.value)))
            .collect();
        assert_eq!(
            made,
            [
                "exports 2024-01/2024-03 30.75",
                "imports 2024-01/2024-02 10",
            ]
        );
        // Twelve months and no annual figure: the year, their sum; no turnover per month.
        let year: Vec<Figure> = (1..=12).map(|m| month(Flow::Imports, m, 1.0)).collect();
        let out = complete(year);
        assert_eq!(out.len(), 13);
        assert_eq!(out[12].period, Period::Year(2024));
        assert_eq!(out[12].value, 12.0);
    }
}
