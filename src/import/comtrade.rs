//! UN Comtrade: the legacy CSV (35 and 12 columns) and the current API/bulk CSV.
//!
//! Rows are grouped by reporter, partner, flow and period as they stream past; a group keeps its
//! `TOTAL` row and, per aggregate level, a running sum in cents (exact), never the rows. A group
//! becomes one figure: the `TOTAL` row where there is one, otherwise the sum of the coarsest
//! aggregate level present (the two-digit chapters in the files seen), which the note states.
//! Customs-procedure (`customsCode` other than `C00`), transport-mode (`motCode` other than `0`)
//! and second-partner sub-rows are skipped and counted: they break a total down, so adding them
//! would count the trade twice. Re-exports and re-imports are not exports or imports and are
//! skipped too.

use std::collections::BTreeMap;

use super::codes::System;
use super::read::{raw, Layout, Rows};
use super::{number, Figure, Sink};
use crate::obs::{Flow, Pair, Party, Period};

/// The columns a layout is read through.
struct Columns {
    classification: usize,
    period: usize,
    /// The aggregate-level column, where the layout has one.
    level: Option<usize>,
    flow: usize,
    reporter: usize,
    partner: usize,
    commodity: usize,
    value: usize,
    /// `(column, the value that marks the total)` for sub-row columns.
    subrows: Vec<(usize, &'static str, &'static str)>,
}

fn columns(rows: &Rows, layout: Layout, sink: &mut Sink) -> Columns {
    let mut c = |name: &str| rows.column(sink, name);
    let optional = |name: &str| rows.header.iter().position(|h| h == name);
    match layout {
        Layout::ComtradeApi => Columns {
            classification: c("classificationCode"),
            period: c("period"),
            level: optional("aggrLevel"),
            flow: c("flowCode"),
            reporter: c("reporterCode"),
            partner: c("partnerCode"),
            commodity: c("cmdCode"),
            value: c("primaryValue"),
            subrows: [
                ("customsCode", "C00", "customs procedure"),
                ("motCode", "0", "mode of transport"),
                ("partner2Code", "0", "second partner"),
            ]
            .iter()
            .filter_map(|(n, total, what)| optional(n).map(|i| (i, *total, *what)))
            .collect(),
        },
        _ => Columns {
            classification: c("Classification"),
            period: if layout == Layout::ComtradeLegacy {
                c("Period")
            } else {
                c("Year")
            },
            level: optional("Aggregate Level"),
            flow: c("Trade Flow Code"),
            reporter: c("Reporter Code"),
            partner: c("Partner Code"),
            commodity: c("Commodity Code"),
            value: c("Trade Value (US$)"),
            subrows: [
                ("Customs Proc. Code", "C00", "customs procedure"),
                ("Mode of Transport Code", "0", "mode of transport"),
                ("2nd Partner Code", "0", "second partner"),
            ]
            .iter()
            .filter_map(|(n, total, what)| optional(n).map(|i| (i, *total, *what)))
            .collect(),
        },
    }
}

/// `2010` → the year; `201007` → July 2010.
pub(crate) fn period(text: &str) -> Option<Period> {
    let t = text.trim();
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = t.get(..4)?.parse().ok()?;
    if !crate::obs::YEAR_RANGE.contains(&year) {
        return None;
    }
    match t.len() {
        4 => Some(Period::Year(year)),
        6 => {
            let m: u8 = t[4..].parse().ok()?;
            (1..=12).contains(&m).then_some(Period::Months {
                year,
                first: m,
                last: m,
            })
        }
        _ => None,
    }
}

fn flow(layout: Layout, code: &str) -> Result<Flow, String> {
    match (layout, code.trim()) {
        (Layout::ComtradeApi, "X")
        | (Layout::ComtradeLegacy | Layout::ComtradeLegacyShort, "2") => Ok(Flow::Exports),
        (Layout::ComtradeApi, "M")
        | (Layout::ComtradeLegacy | Layout::ComtradeLegacyShort, "1") => Ok(Flow::Imports),
        (_, other) => Err(format!(
            "flow {other} (re-exports, re-imports or another flow): not exports or imports"
        )),
    }
}

/// One commodity level's running sum.
#[derive(Default)]
struct Level {
    cents: i128,
    rows: usize,
    first: (usize, String),
    last: (usize, String),
}

#[derive(Default)]
struct Group {
    /// The order the group was first seen in.
    order: usize,
    total: Option<(i128, usize, String)>,
    levels: BTreeMap<u8, Level>,
    classification: String,
}

type Key = (Party, Party, Flow, Period);

/// Read a Comtrade file into `sink`; returns the dataset in words.
pub(crate) fn read(rows: &mut Rows, layout: Layout, sink: &mut Sink) -> String {
    let c = columns(rows, layout, sink);
    if !sink.problems.is_empty() {
        return String::new();
    }
    let mut groups: BTreeMap<Key, Group> = BTreeMap::new();
    let header = rows.header.clone();
    let source = sink.source.clone();
    while let Some((record, line)) = rows.next(sink) {
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        if let Some((_, _, what)) = c
            .subrows
            .iter()
            .find(|(i, total, _)| !field(*i).is_empty() && field(*i) != *total)
        {
            sink.skip(format!(
                "{what} sub-row (part of its total, never added to it)"
            ));
            continue;
        }
        let f = match flow(layout, field(c.flow)) {
            Ok(f) => f,
            Err(why) => {
                sink.skip(why);
                continue;
            }
        };
        let Some(p) = period(field(c.period)) else {
            sink.error(
                Some(line),
                Some(&header[c.period]),
                format!(
                    "period {:?}: expected a year (2010) or a month (201007)",
                    field(c.period)
                ),
            );
            continue;
        };
        let reporter = sink.party(System::M49, field(c.reporter), line, &header[c.reporter]);
        let partner = sink.party(System::M49, field(c.partner), line, &header[c.partner]);
        let (Some(reporter), Some(partner)) = (reporter, partner) else {
            continue;
        };
        if reporter == partner {
            sink.skip("reporter and partner the same economy".into());
            continue;
        }
        let value = match number(field(c.value)) {
            Some(v) if v > 0.0 => v,
            Some(0.0) => {
                sink.skip("value zero".into());
                continue;
            }
            None if field(c.value).is_empty() => {
                sink.skip("value blank".into());
                continue;
            }
            _ => {
                sink.error(
                    Some(line),
                    Some(&header[c.value]),
                    format!(
                        "value {:?}: expected a positive amount in US dollars, plain digits",
                        field(c.value)
                    ),
                );
                continue;
            }
        };
        let cents = (value * 100.0).round() as i128;
        let n = groups.len();
        let g = groups
            .entry((reporter, partner, f, p))
            .or_insert_with(|| Group {
                order: n,
                classification: field(c.classification).to_string(),
                ..Group::default()
            });
        let commodity = field(c.commodity);
        if commodity.eq_ignore_ascii_case("TOTAL") {
            if let Some((_, first, _)) = &g.total {
                sink.error(
                    Some(line),
                    Some(&header[c.commodity]),
                    format!(
                        "a second TOTAL row for {reporter}-{partner} {f} {p} (the first is at \
                         line {first}): a file mixing two releases or classifications; split it"
                    ),
                );
                continue;
            }
            g.total = Some((cents, line, raw(record)));
            continue;
        }
        let level = c
            .level
            .and_then(|i| field(i).parse::<u8>().ok())
            .unwrap_or_else(|| commodity.len().max(2) as u8);
        let l = g.levels.entry(level).or_default();
        if l.rows == 0 {
            l.first = (line, raw(record));
        }
        l.cents += cents;
        l.rows += 1;
        l.last = (line, raw(record));
    }
    let dataset = match layout {
        Layout::ComtradeApi => "UN Comtrade API/bulk CSV, primaryValue in US$ (scale 1)",
        Layout::ComtradeLegacy => {
            "UN Comtrade legacy CSV (35 columns), Trade Value (US$) (scale 1)"
        }
        _ => "UN Comtrade legacy CSV (12 columns), Trade Value (US$) (scale 1)",
    };
    let mut ordered: Vec<(Key, Group)> = groups.into_iter().collect();
    ordered.sort_by_key(|(_, g)| g.order);
    for ((reporter, partner, f, p), g) in ordered {
        sink.figures
            .push(figure(dataset, (reporter, partner, f, p), g, &source));
    }
    dataset.to_string()
}

fn figure(dataset: &str, key: Key, g: Group, source: &str) -> Figure {
    let (reporter, partner, flow, period) = key;
    let (cents, line, quote, how) = match (g.total, g.levels.iter().next()) {
        (Some((cents, line, row)), _) => {
            let left: usize = g.levels.values().map(|l| l.rows).sum();
            let how = if left > 0 {
                format!("the TOTAL commodity row ({left} commodity row(s) below it not added)")
            } else {
                "the TOTAL commodity row".to_string()
            };
            (cents, line, row, how)
        }
        (None, Some((level, l))) => {
            let how = format!(
                "no TOTAL row: the sum of the {} commodity rows of aggregate level {level}, \
                 lines {}-{}{}",
                l.rows,
                l.first.0,
                l.last.0,
                if g.levels.len() > 1 {
                    " (the finer levels in the file not added)"
                } else {
                    ""
                }
            );
            let quote = if l.rows == 1 {
                l.first.1.clone()
            } else {
                format!(
                    "{} rows summed; first (line {}): {} … last (line {}): {}",
                    l.rows, l.first.0, l.first.1, l.last.0, l.last.1
                )
            };
            (l.cents, l.first.0, quote, how)
        }
        // A group is created by a row with a value, either TOTAL or a level.
        (None, None) => (0, 0, String::new(), String::new()),
    };
    Figure {
        pair: Pair { reporter, partner },
        flow,
        period,
        value: cents as f64 / 100.0,
        currency: "USD".into(),
        reported_by: reporter,
        source: source.to_string(),
        quote,
        note: format!(
            "{dataset}, classification {}; {how}; line {line}; {reporter}'s own statistics; \
             release date not in the file",
            g.classification
        ),
        line,
    }
}
