//! Rule-based extraction of trade figures from news releases.
//!
//! [`extract`] reads one article (plain text) and returns an [`Extraction`]: the
//! publication date (or how the year was inferred), the trade figures found
//! ([`Candidate`]: pair, flow, period, value, growth, bound, quote), the stated targets
//! ([`TargetCandidate`]) and every money amount or growth rate that was seen but not used,
//! with the reason ([`Ignored`]). [`to_json`] and [`to_csv_rows`] render extractions in the
//! formats of `data/observations.csv` and `data/targets.csv`.
//!
//! The rules work sentence by sentence:
//!
//! - the date: a `date: YYYY-MM-DD` first line (or ` date YYYY-MM-DD ...`, possibly after
//!   `url:`/`title:` header lines), else a short dateline near the top (`Astana, Kazakhstan •
//!   03 January, 2024 | 14:16`, `15.03.2024`), else [`Options::assume_year`], else the
//!   latest year the text names (recorded as an assumption in the note), else relative
//!   periods stay unresolved (`period: None`); `date: unknown` is taken at its word: no year
//!   is inferred from the text;
//! - amounts need a currency (`$24.2 billion`, `USD 31.2 bn`, `41.2 billion US dollars`,
//!   `$185 mln`, `1.2 trillion tenge`); other currencies keep their code and are never
//!   called dollars (their rows carry the amount in the `amount` column, for the loader to
//!   convert with `rates.csv`), except that a dollar equivalent the text gives in brackets
//!   ("2.4 trillion won (about $1.8 billion)") is taken instead; amounts under a million,
//!   prices ("per ton") and changes ("increased by $160 million") are not levels;
//! - rates: `by 35%`, `a 35% increase`, `35 percent`, `(+12.4%)`, `grew 1.5 times` (+50),
//!   `2-fold`, `doubled`, falls negative; shares ("20% of") are not rates; a rate against a
//!   year other than the one before, or over several years, is dropped; a sentence such as
//!   "This is 18.4 percent more than ..." gives the rate of the previous sentence's figure;
//! - each amount or rate belongs to the nearest keyword before it (`trade turnover`,
//!   `exports`, `imports`, or a non-trade word such as `investments`, `projects`, `jobs`,
//!   `agreements`): that decides the flow, or that it is not trade at all;
//! - the period comes from the same clause, else a period phrase earlier in the sentence,
//!   else the latest figure's period (two sentences back at most); comparison bases ("compared
//!   to the same period last year") are not periods; "up from $6.1 billion" gets its own
//!   period or the main figure's a year earlier;
//! - the pair: countries named in the sentence with their roles (`exports from X to Y`,
//!   `X's imports`, `between X and Y`), the article's host country as the default reporter
//!   (most mentioned; a known news agency, a web domain or a dateline city add weight), and,
//!   when the sentence names no partner, the article's main partner for "bilateral",
//!   "mutual", "the two countries", else the first foreign country of the previous sentence,
//!   else the latest figure's partner;
//! - targets need goal wording (`to bring ... to`, `plan to increase ... to`, `target`,
//!   `goal`, `task`, `aim`) before the amount, or a multiple with goal wording ("agreed to
//!   double trade by 2030", "increase trade by 50%": a relative goal with a `factor` and no
//!   amount, see `relative`); fiscal years ("FY 2023-24") take the months of the convention of
//!   a party of the pair (`crate::fiscal`); forecasts ("expected to reach", "could
//!   exceed"), offers ("readiness to supply ... on 255 items"), product-level figures
//!   ("wheat exports", "exports of oil"), cumulative totals ("since 2005"), a country's own
//!   or a region's total ("foreign trade turnover", "with EAEU countries") and the parts
//!   that follow it are ignored with a reason.
//!
//! The rules live in one module per kind: `money` (amounts), `period` (periods),
//! `keywords` (what an amount is about), `partners` (reporter and partner, host country),
//! `lists` (lists of partners with amounts), `intent` (targets, forecasts, offers,
//! deadlines), `relative` (goals stated as multiples), `scope` (what is not a pair's level),
//! `sentence` (one sentence's stages) and `article` (date, context between sentences,
//! headline repeats).
//!
//! ```
//! use tradecast::extract::extract;
//!
//! let x = extract(
//!     "date: 2024-03-01\nKazakhstan's trade turnover with China grew by 20% last year, reaching $41 billion.",
//!     "example.txt",
//! );
//! let f = &x.figures[0];
//! assert_eq!(f.pair.to_string(), "KZ-CN");
//! assert_eq!(f.period.unwrap().to_string(), "2023");
//! assert_eq!(f.value_usd(), Some(41e9));
//! assert_eq!(f.growth_pct, Some(20.0));
//! ```

mod article;
mod country;
mod intent;
mod keywords;
mod lists;
mod money;
mod partners;
mod period;
mod relative;
mod render;
mod scope;
pub mod scorer;
mod sentence;
mod text;

use serde::Serialize;

use crate::obs::{Bound, Date, Flow, Pair, Period};

pub use render::{to_csv_rows, to_csv_rows_linked, to_json, CsvRows};

/// Everything found in one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extraction {
    /// Source document name, as given to [`extract`].
    pub source: String,
    /// Publication date from a `date:` line or a dateline near the top; `None` if absent.
    pub published: Option<Date>,
    /// The year relative periods ("this year", "last year") are resolved against:
    /// the publication year, else a year given in [`Options`], else one inferred from the
    /// text; `None` when there is no basis (relative periods then stay unresolved).
    pub reference_year: Option<i32>,
    /// How the date or the reference year was found, in words.
    pub date_note: String,
    /// The article's host country: the default reporter (most mentioned, dateline city).
    pub host: Option<crate::obs::Party>,
    /// Trade figures (observations).
    pub figures: Vec<Candidate>,
    /// Stated targets.
    pub targets: Vec<TargetCandidate>,
    /// Amounts and rates seen but not used, with the reason.
    pub ignored: Vec<Ignored>,
    /// Problems with the text itself, each naming its line and what to do: a date line that is
    /// not a real date, a "sentence" too long to read (longer than [`MAX_SENTENCE_BYTES`]).
    pub warnings: Vec<String>,
}

/// Longest sentence read, in bytes. Real sentences are a few hundred bytes; the rules cost
/// grows with the length times the number of amounts in a sentence, so a 1 MB "sentence" of
/// amounts (no full stops) took minutes and hundreds of MB before it was capped.
pub const MAX_SENTENCE_BYTES: usize = 5_000;

/// One reported trade figure: a level, a growth rate, or both.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// Reporter and partner.
    pub pair: Pair,
    /// Which flow.
    pub flow: Flow,
    /// The period; `None` when it is relative and the article gives no year to resolve it,
    /// or when the text states none (the note says which).
    pub period: Option<Period>,
    /// The level in units of `currency`, if stated.
    pub value: Option<f64>,
    /// ISO 4217 code of `value` (`USD` when there is no value).
    pub currency: String,
    /// Change against the same period a year earlier, in percent (negative for a fall).
    pub growth_pct: Option<f64>,
    /// How exact the value is, from the wording.
    pub bound: Bound,
    /// The sentence, as written.
    pub quote: String,
    /// How the period, pair and bound were decided.
    pub note: String,
}

impl Candidate {
    /// The value in US dollars: `Some` only when the source states it in dollars.
    pub fn value_usd(&self) -> Option<f64> {
        self.value.filter(|_| self.currency == "USD")
    }
}

/// A stated goal for a pair's trade ("bring the turnover up to $1 billion by 2030").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetCandidate {
    /// Reporter and partner.
    pub pair: Pair,
    /// Which flow the target is for.
    pub flow: Flow,
    /// The goal in units of `currency`; `None` for a relative goal (see `factor`).
    pub value: Option<f64>,
    /// ISO 4217 code of `value` (`USD` for a relative goal).
    pub currency: String,
    /// A relative goal: the level to reach as a multiple of a base year's ("double trade" = 2,
    /// "increase by 50%" = 1.5); `None` for a goal stated as an amount.
    pub factor: Option<f64>,
    /// The base year of a relative goal, when the text states it ("from the 2023 level").
    pub base_year: Option<i32>,
    /// Year by which it should be reached, if stated.
    pub deadline: Option<i32>,
    /// The sentence, as written.
    pub quote: String,
    /// How pair and deadline were decided.
    pub note: String,
}

impl TargetCandidate {
    /// The goal in US dollars: `Some` only when the source states it in dollars.
    pub fn value_usd(&self) -> Option<f64> {
        self.value.filter(|_| self.currency == "USD")
    }
}

/// An amount or rate that was read but is not a trade figure or target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignored {
    /// The sentence, as written.
    pub quote: String,
    /// The amount or rate as written in the sentence (normalised spelling).
    pub figure: String,
    /// Why it was not used, e.g. "investment, not trade".
    pub reason: String,
}

/// Settings for [`extract_with`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// The year to resolve relative periods against when the article has no date line,
    /// e.g. from a crawl date the caller knows. A date line in the text always wins; this
    /// wins over a year inferred from the text.
    pub assume_year: Option<i32>,
    /// Which learned scorer keeps the rules' proposals ([`scorer`]).
    pub scorer: Scoring,
}

/// Which learned scorer [`extract_with`] applies to the rules' proposals.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Scoring {
    /// The shipped model, `knowledge/extract_scorer.json` ([`scorer::Model::builtin`]).
    #[default]
    Builtin,
    /// None: every proposal of the rules is kept (to train a scorer on them).
    Off,
    /// This model (cross-validation fits one per fold).
    Model(Box<scorer::Model>),
}

/// Extract trade figures, targets and ignored amounts from one article.
///
/// Pure and deterministic: the same text gives the same result. Same as
/// [`extract_with`] with default [`Options`].
pub fn extract(text: &str, source: &str) -> Extraction {
    extract_with(text, source, &Options::default())
}

/// [`extract`] with options (a fallback year for articles without a date line).
pub fn extract_with(text: &str, source: &str, options: &Options) -> Extraction {
    let mut x = article::run(text, source, options);
    match &options.scorer {
        Scoring::Builtin => {
            if let Some(m) = scorer::Model::builtin() {
                scorer::apply(&mut x, m);
            }
        }
        Scoring::Off => {}
        Scoring::Model(m) => scorer::apply(&mut x, m),
    }
    x
}
