//! Opening an official file: its header, the layout the header shows, and its rows one at a
//! time, each checked for a complete record (a file cut short is refused at its line).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use serde::Serialize;

use super::{Format, Sink};
use crate::error::{Error, Result};

/// The layouts tradecast reads, each recognised by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Layout {
    /// UN Comtrade legacy CSV, 35 columns (`Classification,Year,Period,…,Trade Value (US$),…`).
    ComtradeLegacy,
    /// UN Comtrade legacy CSV, 12 columns (`Classification,Year,Trade Flow Code,…`).
    ComtradeLegacyShort,
    /// UN Comtrade current API/bulk CSV (`typeCode,freqCode,refPeriodId,…,primaryValue,…`).
    ComtradeApi,
    /// SDMX-CSV 1.0 (`DATAFLOW,…,TIME_PERIOD,OBS_VALUE`).
    SdmxCsv1,
    /// SDMX-CSV 2.0 (`STRUCTURE,STRUCTURE_ID,…,TIME_PERIOD,OBS_VALUE`).
    SdmxCsv2,
    /// US Census "Trade in Goods by Country" (`year,CTY_CODE,CTYNAME,IJAN,…,EYR`).
    Census,
    /// IMF DOTS mirror file (`origin,destination,from.exports,from.imports,flow`).
    ImfDotsMirror,
}

impl Layout {
    /// Every layout.
    pub const ALL: [Layout; 7] = [
        Layout::ComtradeLegacy,
        Layout::ComtradeLegacyShort,
        Layout::ComtradeApi,
        Layout::SdmxCsv1,
        Layout::SdmxCsv2,
        Layout::Census,
        Layout::ImfDotsMirror,
    ];
    /// The `--format` family it belongs to.
    pub fn format(self) -> Format {
        match self {
            Layout::ComtradeLegacy | Layout::ComtradeLegacyShort | Layout::ComtradeApi => {
                Format::Comtrade
            }
            Layout::SdmxCsv1 | Layout::SdmxCsv2 => Format::SdmxCsv,
            Layout::Census => Format::Census,
            Layout::ImfDotsMirror => Format::ImfDots,
        }
    }
    /// In words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Layout::ComtradeLegacy => "UN Comtrade legacy CSV (35 columns)",
            Layout::ComtradeLegacyShort => "UN Comtrade legacy CSV (12 columns)",
            Layout::ComtradeApi => "UN Comtrade API/bulk CSV",
            Layout::SdmxCsv1 => "SDMX-CSV 1.0",
            Layout::SdmxCsv2 => "SDMX-CSV 2.0",
            Layout::Census => "US Census trade in goods by country (wide monthly)",
            Layout::ImfDotsMirror => "IMF DOTS mirror file (origin, destination, both sides)",
        }
    }
}

/// The layout a header shows, if any (column names matched exactly, after trimming).
pub fn detect(header: &[String]) -> Option<Layout> {
    let has = |name: &str| header.iter().any(|h| h == name);
    let first = header.first().map(String::as_str);
    if has("Trade Value (US$)") && has("Reporter Code") && has("Commodity Code") {
        return Some(if has("Aggregate Level") {
            Layout::ComtradeLegacy
        } else {
            Layout::ComtradeLegacyShort
        });
    }
    if has("primaryValue") && has("reporterCode") && has("partnerCode") && has("flowCode") {
        return Some(Layout::ComtradeApi);
    }
    let code = |h: &String| h.split(": ").next().unwrap_or("").to_string();
    let codes: Vec<String> = header.iter().map(code).collect();
    if codes.iter().any(|h| h == "TIME_PERIOD") && codes.iter().any(|h| h == "OBS_VALUE") {
        match codes.first().map(String::as_str) {
            Some("DATAFLOW") => return Some(Layout::SdmxCsv1),
            Some("STRUCTURE") => return Some(Layout::SdmxCsv2),
            _ => {}
        }
    }
    if has("CTY_CODE") && has("IYR") && has("EYR") && first == Some("year") {
        return Some(Layout::Census);
    }
    if *header
        == [
            "origin",
            "destination",
            "from.exports",
            "from.imports",
            "flow",
        ]
    {
        return Some(Layout::ImfDotsMirror);
    }
    None
}

/// An open file: its header and a reader positioned at the first data row.
pub(crate) struct Rows {
    reader: csv::Reader<Box<dyn Read>>,
    /// Column names, trimmed, without a byte-order mark.
    pub header: Vec<String>,
    /// Data rows read so far.
    pub count: usize,
    record: csv::StringRecord,
}

impl Rows {
    /// Open `path` and read its header. The separator is `,`, or `;` when the header line has
    /// semicolons and no commas (SDMX-CSV 2.0 lets the provider choose).
    pub fn open(path: &Path) -> Result<Rows> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut first = Vec::new();
        {
            let mut f = BufReader::new(File::open(path).map_err(io)?);
            let mut buf = [0u8; 4096];
            let n = f.read(&mut buf).map_err(io)?;
            first.extend_from_slice(&buf[..n]);
        }
        let line = first.split(|&b| b == b'\n').next().unwrap_or(&[]);
        let delimiter = if !line.contains(&b',') && line.contains(&b';') {
            b';'
        } else {
            b','
        };
        let file = BufReader::with_capacity(1 << 16, File::open(path).map_err(io)?);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(Box::new(file) as Box<dyn Read>);
        let header = match reader.headers() {
            Ok(h) => h
                .iter()
                .map(|c| c.trim_start_matches('\u{feff}').trim().to_string())
                .collect(),
            Err(e) => {
                return Err(Error::Invalid(vec![crate::Problem {
                    file: path.display().to_string(),
                    line: Some(1),
                    column: None,
                    message: format!("the header cannot be read: {e}; save the file as UTF-8 CSV"),
                }]))
            }
        };
        Ok(Rows {
            reader,
            header,
            count: 0,
            record: csv::StringRecord::new(),
        })
    }

    /// The index of column `name`, or a problem naming it.
    pub fn column(&self, sink: &mut Sink, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| {
                sink.error(
                    Some(1),
                    Some(name),
                    format!("column {name:?} is missing from the header"),
                );
                usize::MAX
            })
    }

    /// The next complete row and its line; `None` at the end. A row with another number of
    /// fields than the header (a file cut short, a line broken in two) or bytes that are not
    /// UTF-8 is a problem at its line, and reading stops there.
    pub fn next(&mut self, sink: &mut Sink) -> Option<(&csv::StringRecord, usize)> {
        if sink.full() {
            return None;
        }
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let line = self.record.position().map_or(0, |p| p.line() as usize);
                if self.record.len() != self.header.len() {
                    sink.error(
                        Some(line),
                        None,
                        format!(
                            "{} field(s) where the header has {}: the file looks cut short (an \
                             interrupted download or copy) or the row is broken; download it again",
                            self.record.len(),
                            self.header.len()
                        ),
                    );
                    return None;
                }
                self.count += 1;
                Some((&self.record, line))
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                sink.error(
                    line,
                    None,
                    format!("cannot read the row: {e}; save the file as UTF-8 CSV"),
                );
                None
            }
        }
    }
}

/// A record as the CSV line it came from (fields quoted where needed): the `quote`.
pub(crate) fn raw(record: &csv::StringRecord) -> String {
    let mut out = String::new();
    for (i, f) in record.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out
}

/// At most 80 characters of `text`, for messages.
pub(crate) fn shorten(text: &str) -> String {
    if text.chars().count() <= 80 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(80).collect::<String>())
    }
}
