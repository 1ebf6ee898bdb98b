//! `tradecast import`: official trade statistics (UN Comtrade, SDMX-CSV from the IMF, Eurostat
//! or the OECD, the US Census country table, the IMF DOTS mirror file) → figures appended to
//! `observations.csv`, each with its provenance.
//!
//! It owns reading those downloads and everything that is particular to them:
//!
//! - **the layouts** ([`Layout`]): detected from the header ([`detect`]), each read by its own
//!   module ([`comtrade`], [`sdmx`], [`census`], [`imf`]), streaming, so memory grows with the
//!   number of figures made, not with the rows read;
//! - **the codes** ([`codes`]): one static table per code system, mapping reporters and partners
//!   to ISO 3166-1 alpha-2; aggregates (World, the euro area) are skipped and counted with their
//!   name, an unknown code refuses the file at its row;
//! - **totals** (in [`comtrade`]): the `TOTAL` commodity row where there is one, otherwise the
//!   sum of one aggregate level (the coarsest in the file), said in the note; customs-procedure,
//!   transport-mode and second-partner sub-rows are never added to their total;
//! - **sides**: every figure's `reported_by` is its reporter; a mirror figure (B's imports from
//!   A) stays B's, written `B-A imports`, which reconciliation pairs with `A-B exports`;
//! - **months and turnover** ([`mod@derive`]): monthly figures stay monthly; a year whose twelve
//!   months are all there is a full year (the published annual figure when the file has one, as
//!   the Census table's `IYR`/`EYR`, otherwise their sum), an incomplete year gets its
//!   year-to-date sum; turnover is added only where exports and imports are both known for the
//!   same period and side;
//! - **appending** ([`append`]): stable ids from the file name and the figure, so importing a
//!   file twice changes nothing; the merged file must load before it is committed atomically
//!   ([`crate::write`]), so nothing in the data directory changes on a failure.
//!
//! Every figure's `source` is the file name, its `quote` the row itself (or the rows summed),
//! and its `note` names the dataset, its classification or version, the unit and scale, and the
//! line. The published date of a download is not in the file, so `published` is blank and the
//! note says so.

pub mod append;
pub mod census;
pub mod codes;
pub mod comtrade;
pub mod derive;
pub mod imf;
mod read;
pub mod sdmx;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Problem, Result};
use crate::obs::{Flow, Pair, Party, Period};

pub use self::append::{import, ImportOptions, Imported};
pub use self::read::{detect, Layout};

/// The `--format` a user may ask for: a family of layouts, or `auto` (detect from the header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    /// Detect from the header.
    Auto,
    /// UN Comtrade, legacy (35 or 12 columns) or current API/bulk CSV.
    Comtrade,
    /// SDMX-CSV version 1 or 2.
    SdmxCsv,
    /// The US Census "Trade in Goods by Country" table.
    Census,
    /// The IMF DOTS mirror file `origin,destination,from.exports,from.imports,flow`.
    ImfDots,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 5] = [
        Format::Auto,
        Format::Comtrade,
        Format::SdmxCsv,
        Format::Census,
        Format::ImfDots,
    ];
    /// The command-line spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Comtrade => "comtrade",
            Format::SdmxCsv => "sdmx-csv",
            Format::Census => "census",
            Format::ImfDots => "imf-dots",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
                Error::Argument(format!(
                    "--format {s:?}: expected one of {}",
                    all.join(", ")
                ))
            })
    }
}

/// One figure read from an official file, before it becomes a row of `observations.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Reporter-partner, from the reporter's side.
    pub pair: Pair,
    /// The reporter's flow.
    pub flow: Flow,
    /// The period.
    pub period: Period,
    /// The level in `currency` (US dollars unless the file is in another currency).
    pub value: f64,
    /// `USD`, or the ISO 4217 code of `value` (then converted with `rates.csv`).
    pub currency: String,
    /// Whose statistics: the reporter, or for a mirror figure the partner of the trade.
    pub reported_by: Party,
    /// The file name.
    pub source: String,
    /// The row itself (or, for a sum, the rows summed).
    pub quote: String,
    /// Dataset, version, unit and scale, line.
    pub note: String,
    /// The 1-based line of the file the figure comes from (the first, for a sum).
    pub line: usize,
}

/// What one file gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parsed {
    /// The layout found.
    pub layout: Layout,
    /// The dataset in words (classification, unit), for notes and messages.
    pub dataset: String,
    /// The figures, in file order (derived ones after the figures they come from).
    pub figures: Vec<Figure>,
    /// Data rows read.
    pub rows: usize,
    /// Rows not turned into figures, by reason ("partner World (0): an aggregate"), with counts.
    pub skipped: BTreeMap<String, usize>,
}

/// What parsing a file collects on the way: figures, skipped rows and located problems.
pub(crate) struct Sink {
    pub file: String,
    pub source: String,
    pub figures: Vec<Figure>,
    pub skipped: BTreeMap<String, usize>,
    pub problems: Vec<Problem>,
}

/// Most problems listed for one file before the rest are counted.
const MAX_PROBLEMS: usize = 50;

impl Sink {
    fn new(path: &Path) -> Sink {
        Sink {
            file: path.display().to_string(),
            source: path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            figures: Vec::new(),
            skipped: BTreeMap::new(),
            problems: Vec::new(),
        }
    }

    /// A problem at `line` (and `column`): the file is refused.
    pub fn error(&mut self, line: Option<usize>, column: Option<&str>, message: String) {
        self.problems.push(Problem {
            file: self.file.clone(),
            line,
            column: column.map(str::to_string),
            message,
        });
    }

    /// True once enough problems are listed to stop reading.
    pub fn full(&self) -> bool {
        self.problems.len() >= MAX_PROBLEMS
    }

    /// A row left out, for a reason counted in the summary.
    pub fn skip(&mut self, reason: String) {
        *self.skipped.entry(reason).or_default() += 1;
    }

    /// Map `code` in `system` to a party: an economy → `Some`; an aggregate → skipped with
    /// its name; unknown → a problem at `line` naming the code and the column.
    pub fn party(
        &mut self,
        system: codes::System,
        code: &str,
        line: usize,
        column: &str,
    ) -> Option<Party> {
        match codes::lookup(system, code) {
            Some(codes::Code::Country(p)) => Some(p),
            Some(codes::Code::Aggregate(name)) => {
                self.skip(format!(
                    "{column} {code} ({name}) is an aggregate, not one economy"
                ));
                None
            }
            None => {
                self.error(
                    Some(line),
                    Some(column),
                    format!(
                        "unknown {} code {:?}: not mapped to an ISO 3166 code; add it to the \
                         table in src/import/codes/ if it is one economy (codes are never guessed)",
                        system.describe(),
                        code.trim()
                    ),
                );
                None
            }
        }
    }
}

/// Read one official file: detect its layout (or check it against `format`), read every row,
/// and make the figures, with months completed and turnover added ([`mod@derive`]).
///
/// Rejected ([`Error::Invalid`], every problem with file and line): an unknown layout, a file cut
/// short, a wrong unit, an unknown code. A file that cannot be opened is an [`Error::Io`].
pub fn parse_file(path: &Path, format: Format, year: Option<i32>) -> Result<Parsed> {
    let mut sink = Sink::new(path);
    let mut rows = read::Rows::open(path)?;
    let layout = match detect(&rows.header) {
        Some(layout) if format == Format::Auto || layout.format() == format => layout,
        found => {
            let what = found.map_or("no layout tradecast knows".to_string(), |l| {
                format!("the {} layout", l.describe())
            });
            sink.error(
                Some(1),
                None,
                format!(
                    "the header ({}) is {what}{}; tradecast reads {}",
                    read::shorten(&rows.header.join(",")),
                    if format == Format::Auto {
                        String::new()
                    } else {
                        format!(", not --format {}", format.as_str())
                    },
                    Layout::ALL
                        .iter()
                        .map(|l| l.describe())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            );
            return Err(Error::Invalid(sink.problems));
        }
    };
    let dataset = match layout {
        Layout::ComtradeLegacy | Layout::ComtradeLegacyShort | Layout::ComtradeApi => {
            comtrade::read(&mut rows, layout, &mut sink)
        }
        Layout::SdmxCsv1 | Layout::SdmxCsv2 => sdmx::read(&mut rows, layout, &mut sink),
        Layout::Census => census::read(&mut rows, &mut sink),
        Layout::ImfDotsMirror => imf::read(&mut rows, path, year, &mut sink),
    };
    if !sink.problems.is_empty() {
        return Err(Error::Invalid(sink.problems));
    }
    let figures = derive::complete(std::mem::take(&mut sink.figures));
    Ok(Parsed {
        layout,
        dataset,
        figures,
        rows: rows.count,
        skipped: sink.skipped,
    })
}

/// A money amount from a file: plain digits with an optional point, exponent or sign.
pub(crate) fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `value` to the cent, as plain digits (`68047133397`, `1234.5`).
pub fn amount_text(value: f64) -> String {
    let cents = (value * 100.0).round();
    if cents % 100.0 == 0.0 {
        format!("{:.0}", cents / 100.0)
    } else {
        let s = format!("{:.2}", cents / 100.0);
        s.trim_end_matches('0').to_string()
    }
}
