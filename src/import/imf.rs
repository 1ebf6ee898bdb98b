//! The IMF Direction of Trade Statistics mirror file: `origin,destination,from.exports,
//! from.imports,flow`, one year, in millions of US dollars, both sides of each flow.
//!
//! `from.exports` is the exporter's own figure: `ORIGIN-DESTINATION exports`, reported by the
//! origin. `from.imports` is the importer's figure for the same goods: `DESTINATION-ORIGIN
//! imports`, reported by the destination, so the report shows the two sides and their gap
//! (imports are valued CIF, exports FOB, so the importer's figure is usually a few percent
//! higher). `flow`, the mean of the two that the file's maker computed, is not a reported figure
//! and is not imported. The year is not in the file: it is taken from the file name (or
//! `--year`).

use std::path::Path;

use super::codes::System;
use super::read::{raw, Rows};
use super::{number, Figure, Sink};
use crate::obs::{Flow, Pair, Party, Period};

/// The one year named in a file name (`imf_dots_2018_mirror.csv` → 2018), if exactly one is.
pub fn year_in_name(path: &Path) -> Option<i32> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let mut years: Vec<i32> = name
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| t.len() == 4)
        .filter_map(|t| t.parse().ok())
        .filter(|y| crate::obs::YEAR_RANGE.contains(y))
        .collect();
    years.dedup();
    (years.len() == 1).then(|| years[0])
}

/// Read a DOTS mirror file into `sink`; returns the dataset in words.
pub(crate) fn read(rows: &mut Rows, path: &Path, year: Option<i32>, sink: &mut Sink) -> String {
    let Some(year) = year.or_else(|| year_in_name(path)) else {
        sink.error(
            None,
            None,
            "the IMF DOTS mirror file has no year column and its file name names no single \
             year: pass --year YYYY"
                .into(),
        );
        return String::new();
    };
    let dataset = format!(
        "IMF Direction of Trade Statistics, mirror file, {year}; millions of US$ (scale 10^6)"
    );
    let header = rows.header.clone();
    let source = sink.source.clone();
    while let Some((record, line)) = rows.next(sink) {
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        let origin = sink.party(System::Imf, &field(0), line, "origin");
        let destination = sink.party(System::Imf, &field(1), line, "destination");
        let (Some(origin), Some(destination)) = (origin, destination) else {
            continue;
        };
        let quote = raw(record);
        let sides: [(usize, Party, Party, Flow, &str); 2] = [
            (
                2,
                origin,
                destination,
                Flow::Exports,
                "from.exports: the exporter's own figure (FOB)",
            ),
            (
                3,
                destination,
                origin,
                Flow::Imports,
                "from.imports: the importer's figure for the same goods (CIF, usually a few \
                 percent above the exporter's)",
            ),
        ];
        for (col, reporter, partner, flow, what) in sides {
            let text = field(col);
            match number(&text) {
                Some(v) if v > 0.0 && v <= 5e6 => sink.figures.push(Figure {
                    pair: Pair { reporter, partner },
                    flow,
                    period: Period::Year(year),
                    value: v * 1e6,
                    currency: "USD".into(),
                    reported_by: reporter,
                    source: source.clone(),
                    quote: quote.clone(),
                    note: format!(
                        "{dataset}; year from the file name or --year; {what}; line {line}; \
                         release date not in the file"
                    ),
                    line,
                }),
                Some(0.0) => sink.skip("value zero".into()),
                None if text.is_empty() => sink.skip("value blank".into()),
                _ => sink.error(
                    Some(line),
                    Some(&header[col]),
                    format!(
                        "{text:?} is not an amount in millions of US dollars (0 to 5000000): \
                         the file is in the wrong unit or the column is not a value"
                    ),
                ),
            }
        }
    }
    dataset
}
