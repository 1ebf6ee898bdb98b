//! Other currencies at the edge: the rows of `rates.csv`, and an observation's `currency` and
//! `amount` turned into US dollars at its period's average rate.

use super::fields::{number_problem, parse_date_or_note, parse_field, plain_number, text_field};
use super::problems::{bad, shorten, Sink};
use super::table::Row;
use super::MAX_USD;
use crate::currency;
use crate::obs::{Conversion, Currency, Period, Rate};

/// One row of `rates.csv`, or `None` after reporting its problems.
pub(super) fn rate(sink: &mut Sink, row: &Row) -> Option<Rate> {
    let before = sink.error_count();
    let currency = parse_currency(sink, row);
    if currency == Some(Currency::USD) {
        sink.error(
            Some(row.line),
            Some("currency"),
            "USD needs no rate: every series is in US dollars; list the other currencies here"
                .into(),
        );
    }
    let period = parse_field::<Period>(sink, row, "period", &[]);
    if let Some(p @ Period::PartYear(_)) = period {
        sink.error(
            Some(row.line),
            Some("period"),
            bad(
                &p.to_string(),
                "the months the rate is the average of: a year (2023), months (2023-01/2023-06) \
                 or a fiscal year (2023-04/2024-03); a part-year with unstated months has no \
                 average rate",
            ),
        );
    }
    let units_per_usd = parse_units(sink, row);
    let published = parse_date_or_note(sink, row, "published");
    let source = text_field(sink, row, "source", "the publisher or document of the rate");
    let quote = text_field(
        sink,
        row,
        "quote",
        "the sentence or the address (URL) the rate was taken from",
    );
    if sink.error_count() > before {
        return None;
    }
    Some(Rate {
        currency: currency?,
        period: period?,
        units_per_usd: units_per_usd?,
        published: published?,
        source: source?,
        quote: quote?,
        line: row.line,
    })
}

/// Two rates for one currency and period: the second is an error naming the first.
pub(super) fn check_duplicate_rates(sink: &mut Sink, rates: &[Rate]) {
    for (i, r) in rates.iter().enumerate() {
        if let Some(first) = rates[..i]
            .iter()
            .find(|o| o.currency == r.currency && o.period == r.period)
        {
            sink.error(
                Some(r.line),
                Some("period"),
                format!(
                    "a second rate for {} in {} (the first is on line {}): keep one average rate \
                     per currency and period",
                    r.currency,
                    r.period.describe(),
                    first.line
                ),
            );
        }
    }
}

/// A currency code: three capitals in the ISO 4217 list.
fn parse_currency(sink: &mut Sink, row: &Row) -> Option<Currency> {
    let text = row.get("currency")?;
    let problem = if text.is_empty() {
        "currency is blank: expected an ISO 4217 code, e.g. EUR".to_string()
    } else if currency::is_code(text) {
        return text.parse().ok();
    } else if text.contains('$') || text.to_ascii_lowercase().contains("dollar") {
        bad(
            text,
            "an ISO 4217 currency code: write USD for US dollars (other dollars have codes of \
             their own: AUD, CAD, HKD, ...)",
        )
    } else if currency::is_code(&text.to_ascii_uppercase()) {
        bad(
            text,
            format!(
                "an ISO 4217 code in capitals: {}",
                text.to_ascii_uppercase()
            ),
        )
    } else {
        bad(
            text,
            "an ISO 4217 currency code in capitals, e.g. EUR, KZT, AZN, INR (a sign such as € \
             or a word such as manat is not a code)",
        )
    };
    sink.error(Some(row.line), Some("currency"), problem);
    None
}

/// `units_per_usd`: a positive, finite plain number.
fn parse_units(sink: &mut Sink, row: &Row) -> Option<f64> {
    let text = row.get("units_per_usd")?;
    const WHAT: &str = "units of the currency per US dollar, as a plain number";
    let problem = match plain_number(text) {
        _ if text.is_empty() => format!("units_per_usd is blank: expected {WHAT}, e.g. 0.9248"),
        Some(v) if v.is_finite() && v > 0.0 => return Some(v),
        Some(_) => bad(text, format!("a positive, finite number: {WHAT}")),
        None => number_problem(text, WHAT, "0.9248 or 470.5"),
    };
    sink.error(Some(row.line), Some("units_per_usd"), problem);
    None
}

/// What the money columns of an observation give once converted: `value_usd`, growth (a
/// fraction, in dollar terms) and how a figure in another currency was converted.
pub(super) type Money = (Option<f64>, Option<f64>, Option<Conversion>);

/// The money of an observation row: `value_usd` and `growth_pct` as parsed (`value`, `growth`)
/// when the currency is USD; for another currency, `amount` (and the growth in that currency)
/// converted at the period's average rate from `rates` (`None`: rates.csv is invalid, so a
/// missing rate is not reported again). `None` after reporting a problem.
pub(super) fn observation_money(
    sink: &mut Sink,
    row: &Row,
    (value, growth): (Option<f64>, Option<f64>),
    period: Option<Period>,
    rates: Option<&[Rate]>,
) -> Option<Money> {
    let text = row.get("currency")?;
    let amount_text = row.get("amount").unwrap_or("");
    let error = |sink: &mut Sink, column: &str, message: String| {
        sink.error(Some(row.line), Some(column), message);
        None
    };
    if text == "USD" || text.is_empty() {
        if !amount_text.is_empty() {
            return error(
                sink,
                "amount",
                format!(
                    "{}: amount is for a figure in another currency; a dollar figure goes in \
                     value_usd",
                    bad(amount_text, "blank when currency is USD or blank")
                ),
            );
        }
        if text.is_empty() && row.get("value_usd").is_some_and(|v| !v.is_empty()) {
            return error(
                sink,
                "currency",
                "currency is blank: expected USD, or the ISO 4217 code of the amount column's \
                 currency"
                    .into(),
            );
        }
        return Some((value, growth, None));
    }
    let currency = parse_currency(sink, row)?;
    if row.get("value_usd").is_some_and(|v| !v.is_empty()) {
        return error(
            sink,
            "currency",
            format!(
                "value_usd is in US dollars, but currency is {currency}: write the amount in \
                 {currency} in the amount column (the optional last column) and leave value_usd \
                 blank; it is converted at the period's average rate from rates.csv (or write \
                 the dollar amount with currency USD)"
            ),
        );
    }
    let amount = parse_amount_in(sink, row, amount_text, currency)?;
    if amount.is_none() && growth.is_none() {
        return error(
            sink,
            "amount",
            format!("amount is blank: expected the amount in {currency} as plain digits"),
        );
    }
    let period = period?;
    let rates = rates?;
    if let Period::PartYear(_) = period {
        return error(
            sink,
            "period",
            format!(
                "{}: a figure in {currency} is converted at its period's average rate, so its \
                 months must be known",
                bad(&period.to_string(), "a year or a run of months")
            ),
        );
    }
    let rate = find_rate(sink, row, rates, currency, period)?;
    let value_usd = amount.map(|a| a / rate.units_per_usd);
    if let Some(v) = value_usd {
        check_dollars(sink, row, v, amount_text, &rate)?;
    }
    let (growth_usd, earlier) = match (growth, period.year_earlier()) {
        (Some(g), Some(p)) => {
            let earlier = find_rate(sink, row, rates, currency, p)?;
            let g_usd = (1.0 + g) * earlier.units_per_usd / rate.units_per_usd - 1.0;
            (Some(g_usd), Some(earlier))
        }
        _ => (None, None),
    };
    Some((
        value_usd,
        growth_usd,
        Some(Conversion {
            amount,
            growth_in_currency: growth,
            rate,
            rate_year_earlier: earlier,
        }),
    ))
}

/// The rate for exactly `currency` and `period`, or an error naming both and the row to add.
fn find_rate(
    sink: &mut Sink,
    row: &Row,
    rates: &[Rate],
    currency: Currency,
    period: Period,
) -> Option<Rate> {
    if let Some(r) = rates
        .iter()
        .find(|r| r.currency == currency && r.period == period)
    {
        return Some(r.clone());
    }
    sink.error(
        Some(row.line),
        Some("currency"),
        format!(
            "no exchange rate for {currency} in {} in rates.csv: add the average rate of that \
             period as a row `{currency},{period},<{currency} per US dollar>,<published>,<source>,\
             <quote or address>` to rates.csv beside this file (header `{}`; a rate for other \
             months does not convert this figure)",
            period.describe(),
            super::RATE_COLUMNS.join(",")
        ),
    );
    None
}

/// The amount in the row's currency: blank, or a positive finite plain number.
fn parse_amount_in(
    sink: &mut Sink,
    row: &Row,
    text: &str,
    currency: Currency,
) -> Option<Option<f64>> {
    if text.is_empty() {
        return Some(None);
    }
    let what = format!("an amount in {currency} as plain digits");
    let problem = match plain_number(text) {
        Some(v) if v.is_finite() && v > 0.0 => return Some(Some(v)),
        Some(_) => bad(text, format!("a positive, finite amount: {what}")),
        None => number_problem(text, &what, "1200000000 for 1.2 billion"),
    };
    sink.error(Some(row.line), Some("amount"), problem);
    None
}

/// The converted amount must be a dollar figure the loader would accept as `value_usd`.
fn check_dollars(sink: &mut Sink, row: &Row, usd: f64, amount: &str, rate: &Rate) -> Option<()> {
    let at = format!(
        "{} {} at {} per US dollar (rates.csv line {})",
        shorten(amount),
        rate.currency,
        rate.units_per_usd,
        rate.line
    );
    if !(1.0..=MAX_USD).contains(&usd) {
        sink.error(
            Some(row.line),
            Some("amount"),
            format!(
                "{at} is {usd:e} US dollars, outside 1 to 10^15: check the amount's digits and \
                 the rate (units of the currency per US dollar, not dollars per unit)"
            ),
        );
        return None;
    }
    if usd < 1e6 {
        sink.warn(
            Some(row.line),
            Some("amount"),
            format!(
                "{at} is less than one million US dollars: is the amount written in millions or \
                 billions? amount is in units of the currency, e.g. 1200000000 for 1.2 billion"
            ),
        );
    }
    Some(())
}
