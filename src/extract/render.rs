//! Renderers: JSON for machines, CSV rows in the format of `data/observations.csv` and
//! `data/targets.csv`. Pure functions: same extractions, same bytes.

use serde::Serialize;

use super::{Candidate, Extraction, TargetCandidate};
use crate::obs::Period;

/// The two CSV files an extraction run produces, headers included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRows {
    /// Rows in the `data/observations.csv` format:
    /// `id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note`.
    /// Ids are `x001`, `x002`, ... in article order. A figure in another currency has
    /// `value_usd` blank, its `currency`, and the amount as stated in the optional columns
    /// `reported_by,amount` (blank, then the amount), which are written only when some row
    /// needs them: the loader converts it with the period's rate from `rates.csv`, or refuses
    /// it naming the rate to add; it is never passed off as dollars. A figure whose period could
    /// not be resolved has an empty `period` and a note saying why, for the same reason.
    pub observations: String,
    /// Rows in the `data/targets.csv` format:
    /// `id,pair,flow,value_usd,currency,deadline,stated,source,quote,note`, ids `y001`, ...
    /// A relative goal ("double trade by 2030") has `value_usd` blank and its factor in the
    /// optional columns `replaces,factor,base_year` (written only when some row needs them;
    /// `base_year` only when the text states it).
    pub targets: String,
}

/// Rows with their optional columns (`optional` names them, in order), trimmed to the last
/// optional column some row fills: files without such rows keep their usual header.
fn with_optional(base: &[&str], optional: &[&str], mut rows: Vec<Fields>) -> String {
    let used = optional
        .iter()
        .rposition(|c| {
            rows.iter()
                .any(|(_, extra)| extra.iter().any(|(n, v)| n == c && !v.is_empty()))
        })
        .map_or(0, |i| i + 1);
    let mut header: Vec<&str> = base.to_vec();
    header.extend(&optional[..used]);
    let lines = rows
        .drain(..)
        .map(|(mut fields, extra)| {
            for c in &optional[..used] {
                let v = extra.iter().find(|(n, _)| n == c).map(|(_, v)| v.clone());
                fields.push(v.unwrap_or_default());
            }
            fields
        })
        .collect();
    csv_string(&header, lines)
}

/// One record of the JSON output: a figure (`is_target: false`) or a target.
#[derive(Debug, Serialize)]
struct Record<'a> {
    id: String,
    is_target: bool,
    reporter: String,
    partner: String,
    pair: String,
    flow: &'static str,
    period: Option<String>,
    period_start: Option<String>,
    period_end: Option<String>,
    year: Option<i32>,
    value: Option<f64>,
    currency: &'a str,
    value_usd: Option<f64>,
    bound: &'static str,
    growth_pct: Option<f64>,
    target_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_factor: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    base_year: Option<i32>,
    published: Option<String>,
    source: &'a str,
    quote: &'a str,
    note: &'a str,
}

#[derive(Debug, Serialize)]
struct ArticleInfo<'a> {
    source: &'a str,
    published: Option<String>,
    reference_year: Option<i32>,
    date_note: &'a str,
    host: Option<String>,
    figures: usize,
    targets: usize,
    ignored: usize,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
}

#[derive(Debug, Serialize)]
struct IgnoredRecord<'a> {
    source: &'a str,
    quote: &'a str,
    figure: &'a str,
    reason: &'a str,
}

#[derive(Debug, Serialize)]
struct Document<'a> {
    articles: Vec<ArticleInfo<'a>>,
    records: Vec<Record<'a>>,
    ignored: Vec<IgnoredRecord<'a>>,
}

fn months(p: &Option<Period>) -> (Option<String>, Option<String>) {
    let month = |(y, m): (i32, u8)| format!("{y}-{m:02}");
    match p {
        Some(p) => match p.end() {
            Some(end) => (Some(month(p.start())), Some(month(end))),
            None => (None, None),
        },
        None => (None, None),
    }
}

fn figure_record<'a>(id: String, x: &'a Extraction, c: &'a Candidate) -> Record<'a> {
    let (start, end) = months(&c.period);
    Record {
        id,
        is_target: false,
        reporter: c.pair.reporter.to_string(),
        partner: c.pair.partner.to_string(),
        pair: c.pair.to_string(),
        flow: c.flow.as_str(),
        period: c.period.map(|p| p.to_string()),
        period_start: start,
        period_end: end,
        year: c.period.map(|p| p.year()),
        value: c.value,
        currency: &c.currency,
        value_usd: c.value_usd(),
        bound: c.bound.as_str(),
        growth_pct: c.growth_pct,
        target_year: None,
        target_factor: None,
        base_year: None,
        published: x.published.map(|d| d.to_string()),
        source: &x.source,
        quote: &c.quote,
        note: &c.note,
    }
}

fn target_record<'a>(id: String, x: &'a Extraction, t: &'a TargetCandidate) -> Record<'a> {
    Record {
        id,
        is_target: true,
        reporter: t.pair.reporter.to_string(),
        partner: t.pair.partner.to_string(),
        pair: t.pair.to_string(),
        flow: t.flow.as_str(),
        period: None,
        period_start: None,
        period_end: None,
        year: t.deadline,
        value: t.value,
        currency: &t.currency,
        value_usd: t.value_usd(),
        bound: "exact",
        growth_pct: None,
        target_year: t.deadline,
        target_factor: t.factor,
        base_year: t.base_year,
        published: x.published.map(|d| d.to_string()),
        source: &x.source,
        quote: &t.quote,
        note: &t.note,
    }
}

/// All extractions as one pretty-printed JSON document:
/// `{"articles": [...], "records": [...], "ignored": [...]}`.
///
/// Each record has `id` (`x001` for figures, `y001` for targets, as in [`to_csv_rows`]),
/// `is_target`, `reporter`, `partner`, `pair`, `flow`, `period` (CSV spelling or null),
/// `period_start` and `period_end` (`YYYY-MM`, null when the months are not stated),
/// `year`, `value` and `currency` as stated, `value_usd` (null unless stated in dollars),
/// `bound`, `growth_pct`, `target_year`, then for a relative goal only `target_factor` (2 for
/// "double") and `base_year` (when stated), then `published`, `source`, `quote`, `note`.
/// Field order is fixed, so equal input gives equal bytes.
pub fn to_json(extractions: &[Extraction]) -> String {
    let mut doc = Document {
        articles: Vec::new(),
        records: Vec::new(),
        ignored: Vec::new(),
    };
    let (mut nf, mut nt) = (0, 0);
    for x in extractions {
        doc.articles.push(ArticleInfo {
            source: &x.source,
            published: x.published.map(|d| d.to_string()),
            reference_year: x.reference_year,
            date_note: &x.date_note,
            host: x.host.map(|h| h.to_string()),
            figures: x.figures.len(),
            targets: x.targets.len(),
            ignored: x.ignored.len(),
            warnings: &x.warnings,
        });
        for c in &x.figures {
            nf += 1;
            doc.records.push(figure_record(format!("x{nf:03}"), x, c));
        }
        for t in &x.targets {
            nt += 1;
            doc.records.push(target_record(format!("y{nt:03}"), x, t));
        }
        for i in &x.ignored {
            doc.ignored.push(IgnoredRecord {
                source: &x.source,
                quote: &i.quote,
                figure: &i.figure,
                reason: &i.reason,
            });
        }
    }
    let mut s = serde_json::to_string_pretty(&doc).expect("plain data serialises");
    s.push('\n');
    s
}

/// A number as the data files write it: whole numbers without a decimal point.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e17 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

fn csv_string(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(&r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// All extractions as CSV text in the exact column formats of `data/observations.csv` and
/// `data/targets.csv` (header line first, `\n` line ends, quoting only where needed).
pub fn to_csv_rows(extractions: &[Extraction]) -> CsvRows {
    let (obs, tgt) = rows(extractions);
    csv_rows(obs, tgt)
}

/// A row's fields in the loader's column order, and its optional columns by name.
type Fields = (Vec<String>, Vec<(&'static str, String)>);

/// Every figure and target as CSV fields (the loader's own column lists: extracted rows are in
/// exactly the data files' format).
fn rows(extractions: &[Extraction]) -> (Vec<Fields>, Vec<Fields>) {
    let mut obs = Vec::new();
    let mut tgt = Vec::new();
    for x in extractions {
        let published = x.published.map(|d| d.to_string()).unwrap_or_default();
        let with_date_note = |note: &str| {
            if x.published.is_none() && !x.date_note.is_empty() {
                if note.is_empty() {
                    x.date_note.clone()
                } else {
                    format!("{note}; {}", x.date_note)
                }
            } else {
                note.to_string()
            }
        };
        for c in &x.figures {
            // A dollar figure in value_usd; another currency's amount in `amount`.
            let (value_usd, amount) = match c.value {
                Some(v) if c.currency != "USD" => (String::new(), number(v)),
                v => (v.map(number).unwrap_or_default(), String::new()),
            };
            obs.push((
                vec![
                    format!("x{:03}", obs.len() + 1),
                    c.pair.to_string(),
                    c.flow.to_string(),
                    c.period.map(|p| p.to_string()).unwrap_or_default(),
                    value_usd,
                    c.currency.clone(),
                    c.growth_pct.map(number).unwrap_or_default(),
                    c.bound.to_string(),
                    published.clone(),
                    x.source.clone(),
                    c.quote.clone(),
                    with_date_note(&c.note),
                ],
                vec![("amount", amount)],
            ));
        }
        for t in &x.targets {
            tgt.push((
                vec![
                    format!("y{:03}", tgt.len() + 1),
                    t.pair.to_string(),
                    t.flow.to_string(),
                    t.value.map(number).unwrap_or_default(),
                    t.currency.clone(),
                    t.deadline.map(|d| d.to_string()).unwrap_or_default(),
                    published.clone(),
                    x.source.clone(),
                    t.quote.clone(),
                    with_date_note(&t.note),
                ],
                vec![
                    ("factor", t.factor.map(number).unwrap_or_default()),
                    (
                        "base_year",
                        t.base_year.map(|y| y.to_string()).unwrap_or_default(),
                    ),
                ],
            ));
        }
    }
    (obs, tgt)
}

/// As [`to_csv_rows`], and when a proposed target is for a trade (pair and flow, whatever the
/// order of the codes) that already has a target in `existing` (the data's `targets.csv`), the
/// targets get a last column `replaces` proposing the id of that trade's current target (not
/// superseded; the latest stated): the same goal restated, or a newer goal replacing it. Rows
/// without a proposal leave it blank (inferred), and with no proposal at all the output is
/// exactly [`to_csv_rows`]'s.
pub fn to_csv_rows_linked(extractions: &[Extraction], existing: &[crate::obs::Target]) -> CsvRows {
    use crate::obs::{Flow, Pair, Trade};
    let goals = crate::target::goals(existing);
    let current = |trade: Trade| {
        goals
            .iter()
            .filter(|g| g.superseded_by.is_none() && g.trade() == trade)
            .max_by_key(|g| (g.last_stated(), g.target().line))
            .map(|g| g.target().id.clone())
    };
    let (obs, mut tgt) = rows(extractions);
    for (fields, extra) in &mut tgt {
        let trade = match (
            fields.get(1).and_then(|p| p.parse::<Pair>().ok()),
            fields.get(2).and_then(|f| f.parse::<Flow>().ok()),
        ) {
            (Some(pair), Some(flow)) => current(Trade::of(pair, flow)),
            _ => None,
        };
        extra.push(("replaces", trade.unwrap_or_default()));
    }
    csv_rows(obs, tgt)
}

/// The two CSV texts with their columns, optional ones trimmed to those some row fills.
fn csv_rows(obs: Vec<Fields>, tgt: Vec<Fields>) -> CsvRows {
    CsvRows {
        observations: with_optional(
            &crate::input::OBSERVATION_COLUMNS,
            &crate::input::OBSERVATION_OPTIONAL_COLUMNS,
            obs,
        ),
        targets: with_optional(
            &crate::input::TARGET_COLUMNS,
            &crate::input::TARGET_OPTIONAL_COLUMNS,
            tgt,
        ),
    }
}
