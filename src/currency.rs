//! Other currencies: the one list of ISO 4217 codes a figure or an exchange rate may be in,
//! and how a conversion at a rate of `data/rates.csv` is written in reports.
//!
//! The list is static (no registry is consulted at run time): the codes in circulation, plus the
//! national currencies withdrawn since 1999 that older trade statistics still quote (the
//! Croatian kuna, the Baltic and other pre-euro currencies, the old Belarusian ruble,
//! Venezuelan bolívar, Mauritanian ouguiya, São Tomé dobra, Sierra Leonean leone and Zimbabwe
//! dollar). Fund codes, precious metals and testing codes (`XAU`, `XDR`, `XTS`, `XXX`) are not
//! currencies a trade figure is written in, and are refused.

use crate::fmt::{pct, usd};
use crate::obs::{Conversion, Observation, Rate};

/// Every accepted code, sorted, separated by single spaces.
const CODES: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB \
BRL BSD BTN BWP BYN BYR BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CYP CZK DJF DKK DOP DZD EEK EGP \
ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK \
JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LTL LVL LYD MAD MDL MGA MKD \
MMK MNT MOP MRO MRU MTL MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR \
PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SIT SKK SLE SLL SOS SRD SSP STD STN SVC \
SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VEF VES VND VUV WST XAF XCD \
XCG XOF XPF YER ZAR ZMW ZWG ZWL";

/// True when `code` is an accepted ISO 4217 code (three capitals, in the list).
pub fn is_code(code: &str) -> bool {
    code.len() == 3 && CODES.split(' ').any(|c| c == code)
}

/// Every accepted code, in alphabetical order.
pub fn codes() -> impl Iterator<Item = &'static str> {
    CODES.split(' ')
}

/// Words for reports: "1 USD = 0.9248 EUR (average of 2023; ECB, rates.csv line 3)".
pub fn describe_rate(r: &Rate) -> String {
    format!(
        "1 USD = {} {} (average of {}; {}, rates.csv line {})",
        rate_text(r.units_per_usd),
        r.currency,
        r.period.describe(),
        r.source,
        r.line
    )
}

/// Words for reports: "1.2 bn EUR at 1 USD = 0.9248 EUR (average of 2023; ECB, rates.csv line
/// 3)", and for a growth rate in the currency, the two rates that turned it into dollar growth.
pub fn describe_conversion(c: &Conversion) -> String {
    let cur = c.rate.currency;
    let mut parts = Vec::new();
    if let Some(a) = c.amount {
        parts.push(format!("{} {cur} at {}", usd(a), describe_rate(&c.rate)));
    }
    if let (Some(g), Some(earlier)) = (c.growth_in_currency, &c.rate_year_earlier) {
        let now = if c.amount.is_some() {
            "that rate".to_string()
        } else {
            describe_rate(&c.rate)
        };
        parts.push(format!(
            "growth {} in {cur}, in dollars with {now} and {}",
            pct(g),
            describe_rate(earlier)
        ));
    }
    parts.join("; ")
}

/// One note per row of `rows` stated in another currency: "o12: 1.2 bn EUR at 1 USD = 0.9248
/// EUR (average of 2023; ECB, rates.csv line 3) = 1.3 bn."
pub fn conversion_notes(rows: &[&Observation], notes: &mut Vec<String>) {
    for o in rows {
        let Some(c) = &o.converted else { continue };
        let result = match (o.value_usd, o.growth) {
            (Some(v), Some(g)) => format!("{} and {} in dollars", usd(v), pct(g)),
            (Some(v), None) => usd(v),
            (None, Some(g)) => format!("{} in dollars", pct(g)),
            (None, None) => continue,
        };
        notes.push(format!("{}: {} = {result}.", o.id, describe_conversion(c)));
    }
}

/// A rate with about four significant digits, trailing zeros dropped: 0.9248, 1.7, 470.5,
/// 1289.4.
fn rate_text(v: f64) -> String {
    let decimals = if v >= 1000.0 {
        1
    } else if v >= 1.0 {
        3usize.saturating_sub(v.log10().floor() as usize)
    } else {
        4
    };
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_written() {
        assert_eq!(rate_text(0.92483), "0.9248");
        assert_eq!(rate_text(1.7), "1.7");
        assert_eq!(rate_text(470.48), "470.5");
        assert_eq!(rate_text(1289.44), "1289.4");
        assert_eq!(rate_text(82.6), "82.6");
    }

    #[test]
    fn the_list_is_sorted_and_well_formed() {
        let all: Vec<&str> = codes().collect();
        assert!(all.len() > 150, "{}", all.len());
        assert!(all.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
        assert!(all
            .iter()
            .all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())));
        for ok in ["USD", "EUR", "KZT", "AZN", "INR", "PKR", "KRW", "HRK"] {
            assert!(is_code(ok), "{ok}");
        }
        for no in ["usd", "XXX", "XAU", "ABC", "US", "EURO", ""] {
            assert!(!is_code(no), "{no}");
        }
    }
}
