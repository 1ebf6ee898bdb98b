//! Year-to-date figures as evidence about the year: a full-year estimate, with honest 80% and
//! 95% bands, from a partial-year level ("$3.4 billion in January–October"), with or without
//! its same-period growth ("up 12% on the same months of last year"), and the earlier full years.
//!
//! This module owns applying the rules the knowledge file's `nowcast` section holds (learned
//! from real monthly trade: see [`crate::knowledge::Nowcast`] for their form and
//! [`crate::knowledge::learn_nowcast`] for how they are learned), and the one rule for how
//! uncertain an estimated full year is ([`estimate_log_sd`]), which the models' bands and
//! simulated paths add to a projection that starts from such an estimate.
//!
//! The estimate is the year-to-date level plus the predicted rest of the year, so the estimate
//! and every band end are at least the published year-to-date level: months are non-negative.
//!
//! ```
//! use tradecast::knowledge::Knowledge;
//! use tradecast::nowcast::{full_year, YearToDate};
//!
//! let k = Knowledge::builtin();
//! let previous = [(2019, 90.0e9), (2020, 95.0e9), (2021, 100.0e9), (2022, 104.0e9)];
//! let ytd = YearToDate { value: 80.0e9, months: 9, growth: Some(0.03) };
//! let y = full_year(k, &ytd, &previous);
//! assert!(80.0e9 <= y.lower95 && y.lower95 <= y.lower80 && y.lower80 <= y.point);
//! assert!(y.point <= y.upper80 && y.upper80 <= y.upper95);
//! // January–March says less about the year than January–September.
//! let early = full_year(k, &YearToDate { value: 26.0e9, months: 3, growth: Some(0.03) }, &previous);
//! assert!(early.log_sd > y.log_sd);
//! ```

use crate::knowledge::{History, Knowledge, NowcastInputs, NOWCAST_PROBS};

/// A year-to-date level: January to `months`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearToDate {
    /// The level (positive, finite), in US dollars like the earlier years: the band's size
    /// effect reads it in dollars, as the pooled model's volatility prior does.
    pub value: f64,
    /// Months it covers, January to this (1 … 12; 12 is the full year itself, 0 is read as 1).
    pub months: u8,
    /// Its growth on the same months a year earlier, as a fraction (0.12 = +12%), if stated.
    pub growth: Option<f64>,
}

/// A full-year estimate: its point (the median), central 80% and 95% bands, the log standard
/// deviation that carries its uncertainty into a projection, and how it was made, in words.
///
/// Invariants: `value ≤ lower95 ≤ lower80 ≤ point ≤ upper80 ≤ upper95` (the year-to-date
/// level is a floor), and `log_sd ≥ 0`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FullYear {
    /// The estimate (the median).
    pub point: f64,
    /// Lower end of the 80% band.
    pub lower80: f64,
    /// Upper end of the 80% band.
    pub upper80: f64,
    /// Lower end of the 95% band.
    pub lower95: f64,
    /// Upper end of the 95% band.
    pub upper95: f64,
    /// The estimate's uncertainty on the log scale: the 95% band's log width / 3.92 (0 for a
    /// full year).
    pub log_sd: f64,
    /// How it was made, in words (months, method, where the rule was learned).
    pub how: String,
}

/// The full-year estimate from a year-to-date level and the earlier full years `previous`
/// (year, value; any order; non-positive values are ignored; the last five are read). See the
/// module docs. Never fails: with no earlier year the estimate rests on pro rata alone (the
/// rule's inputs read the year as growing at its year-to-date pace), and a non-positive level
/// gives a zero-width estimate at it.
pub fn full_year(knowledge: &Knowledge, ytd: &YearToDate, previous: &[(i32, f64)]) -> FullYear {
    let months = ytd.months.clamp(1, 12);
    let exact = |how: String| FullYear {
        point: ytd.value,
        lower80: ytd.value,
        upper80: ytd.value,
        lower95: ytd.value,
        upper95: ytd.value,
        log_sd: 0.0,
        how,
    };
    if months == 12 {
        return exact("a full year's figure: no estimate needed".to_string());
    }
    if !(ytd.value.is_finite() && ytd.value > 0.0) {
        return exact(format!(
            "no estimate: the year-to-date level {} is not a positive number",
            ytd.value
        ));
    }
    let rules = knowledge.nowcast_rules();
    let growth = ytd.growth.filter(|g| g.is_finite() && *g > -1.0);
    let (history, base) = match History::of(previous) {
        Some(h) => (h, String::new()),
        None => (
            History {
                previous: ytd.value * 12.0 / f64::from(months),
                last_growth: 0.0,
                log_vol: None,
            },
            "; no earlier full year is known, so the year is taken to run at its year-to-date \
             pace and the band is the typical one"
                .to_string(),
        ),
    };
    let inputs = NowcastInputs {
        ytd: ytd.value,
        months,
        growth,
        history,
    };
    let rule = rules.rule(months, growth.is_some());
    let mu: f64 = rule
        .coefficients
        .iter()
        .zip(inputs.design())
        .map(|(b, x)| b * x)
        .sum();
    let spread: f64 = rule
        .scale
        .iter()
        .zip(inputs.scale_design(rules))
        .map(|(g, x)| g * x)
        .sum::<f64>()
        .exp();
    // The point is the rule's centre (a median: least absolute deviations, or pro rata); the
    // bands are its standardised error quantiles. Every end is at least the year-to-date level.
    let at = |q: f64| inputs.total(mu + q * spread).max(ytd.value);
    debug_assert_eq!(NOWCAST_PROBS, [0.025, 0.1, 0.5, 0.9, 0.975]);
    let q = &rule.quantiles;
    let point = at(0.0);
    let (lower95, lower80) = (at(q[0]).min(point), at(q[1]).min(point));
    let (upper80, upper95) = (at(q[3]).max(point), at(q[4]).max(point));
    let method = match rule.weight {
        w if w <= 0.0 => "pro rata (the learned rule did not beat it for these months)".to_string(),
        w => format!(
            "{:.0}% the learned rule on its pace, last year's growth{} and {:.0}% pro rata",
            100.0 * w,
            if growth.is_some() {
                " and the same-period growth"
            } else {
                ""
            },
            100.0 * (1.0 - w)
        ),
    };
    FullYear {
        point,
        lower80,
        upper80,
        lower95,
        upper95,
        log_sd: (upper95.ln() - lower95.ln()) / (2.0 * 1.959_964),
        how: format!(
            "full-year estimate from {} ({months} month(s)){}: the rest of the year by {method}, \
             learned from {} cases of {}{base}",
            months_named(months),
            if growth.is_some() {
                " and its same-period growth"
            } else {
                ""
            },
            rule.cases,
            rules.provenance.data
        ),
    }
}

/// The log standard deviation of a full-year estimate from `months` months (1 … 11; 12 or
/// more: 0) when nothing else is known about it: the median over the learning cases, with or
/// without the same-period growth. The one rule for how uncertain an estimated year is; the
/// models add it to a projection's band and paths (see [`crate::series::SeriesData`]).
pub fn estimate_log_sd(knowledge: &Knowledge, months: u8, with_growth: bool) -> f64 {
    if months >= 12 {
        return 0.0;
    }
    knowledge
        .nowcast_rules()
        .rule(months, with_growth)
        .typical_log_sd
}

/// "January" or "January–`m`" in words.
pub fn months_named(m: u8) -> String {
    match m {
        0 | 1 => "January".to_string(),
        m => format!("January–{}", month_name(m)),
    }
}

/// The English name of month `m` (1 … 12).
fn month_name(m: u8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[usize::from(m.clamp(1, 12)) - 1]
}
