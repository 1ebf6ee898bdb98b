//! A target's aim from its row: an absolute goal (`value_usd`) or a relative one (`factor`, and
//! optionally `base_year`), with every way of mixing the two refused at its column.

use super::fields::plain_number;
use super::problems::{bad, Sink};
use super::table::Row;
use crate::obs::{Aim, Date, MAX_FACTOR};

/// The aim of a target row, given its parsed `value_usd` and `stated` (`None`: already refused).
/// Returns `None` after reporting a problem.
pub(super) fn parse_aim(
    sink: &mut Sink,
    row: &Row,
    value: Option<Option<f64>>,
    stated: Option<Option<Date>>,
) -> Option<Aim> {
    let factor = parse_factor(sink, row);
    let base_year = parse_base_year(sink, row);
    let error = |sink: &mut Sink, column: &str, message: String| {
        sink.error(Some(row.line), Some(column), message);
        None
    };
    match (value?, factor?, base_year?) {
        (Some(_), Some(_), _) => error(
            sink,
            "factor",
            "both value_usd and factor are given: a target is either a level in US dollars \
             (value_usd) or a multiple of a base year's value (factor), not both; keep the one \
             the quote states and leave the other blank"
                .into(),
        ),
        (None, None, _) => error(
            sink,
            "value_usd",
            "value_usd is blank: a target needs the goal in US dollars, e.g. 1000000000 for $1 \
             billion, or, for a relative goal, a factor (2 for \"double trade\", 1.5 for \
             \"increase it by 50%\") with value_usd and currency blank"
                .into(),
        ),
        (Some(_), None, Some(y)) => error(
            sink,
            "base_year",
            bad(
                &y.to_string(),
                "blank on an absolute target: base_year is the year a relative target's factor \
                 multiplies; give factor too, or leave base_year blank",
            ),
        ),
        (Some(v), None, None) => Some(Aim::Usd(v)),
        (None, Some(factor), base_year) => relative(sink, row, factor, base_year, stated?)
            .then_some(Aim::Multiple { factor, base_year }),
    }
}

/// The checks of a relative target across its columns; false after reporting a problem.
fn relative(
    sink: &mut Sink,
    row: &Row,
    factor: f64,
    base_year: Option<i32>,
    stated: Option<Date>,
) -> bool {
    let currency = row.get("currency").unwrap_or("");
    if !currency.is_empty() {
        sink.error(
            Some(row.line),
            Some("currency"),
            bad(
                currency,
                format!(
                    "blank on a relative target (factor {factor}): its level is in the currency \
                     of the base year's figures, so value_usd and currency stay blank"
                ),
            ),
        );
        return false;
    }
    match (base_year, stated) {
        (None, None) => {
            sink.error(
                Some(row.line),
                Some("base_year"),
                format!(
                    "base_year is blank and the target has no stated date: a relative target \
                     (factor {factor}) multiplies the last full year known when it was stated, \
                     so without a date write the base year, e.g. the year before the statement"
                ),
            );
            false
        }
        (Some(y), Some(d)) if y > d.year() => {
            sink.error(
                Some(row.line),
                Some("base_year"),
                bad(
                    &y.to_string(),
                    format!(
                        "a year no later than the year the target was stated ({}): a goal can \
                         only multiply a year that has begun",
                        d.year()
                    ),
                ),
            );
            false
        }
        _ => true,
    }
}

/// `factor`: blank (or no column), or a plain number above 1 and at most [`MAX_FACTOR`].
fn parse_factor(sink: &mut Sink, row: &Row) -> Option<Option<f64>> {
    let Some(text) = row.get("factor").filter(|t| !t.is_empty()) else {
        return Some(None);
    };
    const WHAT: &str = "a plain number above 1: the multiple of the base year's value, 2 for \
                        \"double\", 3 for \"triple\", 1.5 for \"increase by 50%\"";
    let report = |sink: &mut Sink, expected: String| {
        sink.error(Some(row.line), Some("factor"), bad(text, expected));
        None
    };
    let number = text
        .strip_suffix(['x', 'X', '×'])
        .or_else(|| text.strip_prefix(['x', 'X', '×']))
        .and_then(plain_number);
    if let Some(n) = number {
        return report(sink, format!("{WHAT}: write {n}"));
    }
    if let Some(p) = text.strip_suffix('%').and_then(plain_number) {
        return report(
            sink,
            format!(
                "{WHAT}: a rise of {p}% is a factor of {}, and {p}% of the base year's value \
                 a factor of {}",
                1.0 + p / 100.0,
                p / 100.0
            ),
        );
    }
    if text.starts_with(['+', '-']) {
        return report(
            sink,
            format!("{WHAT}, without a sign: +50% is a factor of 1.5"),
        );
    }
    let Some(f) = plain_number(text).filter(|f| f.is_finite()) else {
        return report(sink, WHAT.into());
    };
    if f <= 1.0 {
        return report(
            sink,
            format!(
                "{WHAT}: a factor of {f} is no rise (a relative target is reached when trade grows \
                 to factor × the base year's value)"
            ),
        );
    }
    if f > MAX_FACTOR {
        return report(
            sink,
            format!(
                "{WHAT}, at most {MAX_FACTOR}: is this a level in US dollars? it belongs in \
                 value_usd"
            ),
        );
    }
    Some(Some(f))
}

/// `base_year`: blank (or no column), or a four-digit year in 1900..=2200.
fn parse_base_year(sink: &mut Sink, row: &Row) -> Option<Option<i32>> {
    let text = row.get("base_year").unwrap_or_default();
    super::fields::parse_year_field(
        sink,
        row,
        "base_year",
        text,
        "blank (the last full year known when the goal was stated) or a four-digit year \
         between 1900 and 2200, e.g. 2023",
    )
}
