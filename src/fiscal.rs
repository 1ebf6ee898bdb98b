//! Fiscal years: the conventions of the countries whose statistics run across the turn of a
//! calendar year, and what becomes of a figure for such a period.
//!
//! A fiscal-year figure is a [`Period::Across`] (`2023-04/2024-03`). It is never silently mixed
//! into a calendar-year series: [`crate::reconcile`] keeps it apart and says so in the series
//! notes ([`kept_apart_notes`]), and the report's figure table still lists it. Converting it to
//! calendar years would need the months inside it, which one fiscal-year total does not give.

use crate::fmt::{pct, usd};
use crate::obs::{Observation, Party, Period};

/// A country's fiscal year: the month it starts in and the name the text gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalYear {
    /// ISO 3166-1 alpha-2 code.
    pub country: &'static str,
    /// First month, 2..=12 (the year ends in the month before, a calendar year later).
    pub first_month: u8,
    /// The convention in words, for notes.
    pub words: &'static str,
}

/// The fiscal years tradecast knows, one row a country: India and Pakistan, whose trade
/// statistics are published by fiscal year (April–March; July–June). A country not listed
/// has no assumed convention: a fiscal-year figure for it needs its months written out.
pub const FISCAL_YEARS: [FiscalYear; 2] = [
    FiscalYear {
        country: "IN",
        first_month: 4,
        words: "India's fiscal year runs April to March",
    },
    FiscalYear {
        country: "PK",
        first_month: 7,
        words: "Pakistan's fiscal year runs July to June",
    },
];

/// The fiscal year of `country`, if it is one of [`FISCAL_YEARS`].
pub fn of(country: Party) -> Option<FiscalYear> {
    FISCAL_YEARS
        .into_iter()
        .find(|f| f.country == country.as_str())
}

impl FiscalYear {
    /// The period of the fiscal year starting in `year`: `2023` → `2023-04/2024-03` for India.
    pub fn period(&self, year: i32) -> Period {
        Period::Across {
            year,
            first: self.first_month,
            last: self.first_month - 1,
        }
    }
}

/// One note per row of `rows` whose period runs across two calendar years, saying what it is
/// and that it was kept apart: "FY 2023-24 (Apr 2023–Mar 2024) = 118.4 bn (o7), +10.0% on the
/// same months a year earlier; kept apart: not a calendar year, …".
pub fn kept_apart_notes(rows: &[&Observation], notes: &mut Vec<String>) {
    for o in rows.iter().filter(|o| o.period.spans_years()) {
        let figure = match (o.value_usd, o.growth) {
            (Some(v), Some(g)) => format!(
                "{}{} ({}), {} on the same months a year earlier",
                o.bound.symbol(),
                usd(v),
                o.id,
                pct(g)
            ),
            (Some(v), None) => format!("{}{} ({})", o.bound.symbol(), usd(v), o.id),
            (None, Some(g)) => format!("{} on the same months a year earlier ({})", pct(g), o.id),
            (None, None) => o.id.clone(),
        };
        notes.push(format!(
            "{} = {figure}; kept apart: not a calendar year, so it is neither a level nor an \
             estimate for {} or {}.",
            o.period.describe(),
            o.period.year(),
            o.period.year() + 1
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions() {
        let india = of("IN".parse().unwrap()).unwrap();
        assert_eq!(india.period(2023).to_string(), "2023-04/2024-03");
        let pakistan = of("PK".parse().unwrap()).unwrap();
        assert_eq!(pakistan.period(2019).to_string(), "2019-07/2020-06");
        assert!(of("KZ".parse().unwrap()).is_none());
    }
}
