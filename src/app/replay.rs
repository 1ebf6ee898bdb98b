//! `tradecast replay`: the vintages the data supports, rebuilt as they would have been known, into
//! one history, and the report of the last one.
//!
//! From `--from`, every `--every` (months or years) up to the as-of date, each date's vintage
//! ([`super::pipeline::vintage`]: only what was known then) is built and merged into the output
//! directory's history, as a scheduled job run on those dates would have written it; dates before
//! the first figure known are skipped. The as-of date itself is the last vintage, and its full
//! report is written, so a new user gets the changes since the previous date and the track record
//! of their data in one command. Everything is committed together under the directory's lock.

use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::obs::Date;
use crate::report;

use super::commands::{known, load, read_history, take_lock, Commit, Written};
use super::options::Checked;
use super::pipeline::{self, RunOptions};

/// The step between two replayed vintages: `3m` (three months), `1y` (a year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Every {
    /// Months between two vintages, 1 to 120.
    pub months: u32,
}

impl FromStr for Every {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            Error::Argument(format!(
                "--every {s:?}: expected a number of months or years, e.g. 3m, 6m or 1y (1 to 120 months)"
            ))
        };
        let (n, unit) = s.split_at(s.len().saturating_sub(1));
        let n: u32 = n.parse().map_err(|_| bad())?;
        let months = match unit {
            "m" => n,
            "y" => n.checked_mul(12).ok_or_else(bad)?,
            _ => return Err(bad()),
        };
        if (1..=120).contains(&months) {
            Ok(Every { months })
        } else {
            Err(bad())
        }
    }
}

/// `from` plus `months`, the day clamped to the month's length (31 January + 1m = 28 or 29
/// February). `None` past the last date we can write.
fn add_months(from: Date, months: u32) -> Option<Date> {
    let total = i64::from(from.year()) * 12 + i64::from(from.month() - 1) + i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = u8::try_from(total.rem_euclid(12) + 1).ok()?;
    (1..=from.day())
        .rev()
        .find_map(|day| Date::try_new(year, month, day).ok())
}

/// The replay's dates: `from`, `from + every`, … while before `until`, then `until` itself.
pub fn schedule(from: Date, every: Every, until: Date) -> Vec<Date> {
    let mut dates: Vec<Date> = (0..)
        .map_while(|k: u32| add_months(from, k.checked_mul(every.months)?))
        .take_while(|d| *d < until)
        .collect();
    dates.push(until);
    dates
}

/// What `replay` wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Replayed {
    /// The vintages built, in date order (the last is the report's as-of date).
    pub vintages: Vec<Date>,
    /// The report of the last vintage, as `report` would have written it.
    pub written: Written,
}

/// `tradecast replay --from DATE --every 3m`: build every vintage the data supports from `from`
/// to the as-of date into `out`'s history, and write the last vintage's report.
pub fn replay(
    options: &Checked,
    out: &Path,
    from: Date,
    every: Every,
    commit: &mut Commit<'_>,
) -> Result<Replayed> {
    if from > options.as_of() {
        return Err(Error::Argument(format!(
            "--from {from} is after --as-of {}: give an earlier --from",
            options.as_of()
        )));
    }
    let d = load(options)?;
    let lock = take_lock(out, commit)?;
    let mut history = read_history(out)?;
    let mut vintages = Vec::new();
    let mut last = None;
    for date in schedule(from, every, options.as_of()) {
        let (vintage, warnings) = known(&d, date);
        if vintage.observations.is_empty() && date < options.as_of() {
            continue; // nothing known yet: no vintage to keep
        }
        let run = RunOptions {
            as_of: date,
            ..options.run().clone()
        };
        let r = pipeline::build_with(
            &d.observations,
            &d.targets,
            warnings.iter().map(ToString::to_string).collect(),
            history,
            &run,
        );
        history = report::history::History {
            targets: r.history.clone(),
            years: r.year_history.clone(),
        };
        vintages.push(date);
        last = Some((r, warnings));
    }
    let Some((r, warnings)) = last else {
        return Err(Error::Argument("nothing to replay".into()));
    };
    let files = report::render_all(&r)?;
    crate::write::commit(out, &files, commit.fail_after)?;
    drop(lock);
    Ok(Replayed {
        vintages,
        written: Written::of(out, &r, files, warnings),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn steps_parse_and_are_checked() {
        assert_eq!("3m".parse::<Every>().unwrap().months, 3);
        assert_eq!("1y".parse::<Every>().unwrap().months, 12);
        for bad in ["", "m", "0m", "3", "3w", "11y", "-1m"] {
            assert!(bad.parse::<Every>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_schedule_steps_from_its_start_and_ends_on_the_as_of_date() {
        let every = Every { months: 3 };
        let s = schedule(date("2023-01-31"), every, date("2023-12-01"));
        let s: Vec<String> = s.iter().map(ToString::to_string).collect();
        assert_eq!(
            s,
            [
                "2023-01-31",
                "2023-04-30",
                "2023-07-31",
                "2023-10-31",
                "2023-12-01"
            ]
        );
        let s = schedule(date("2023-01-01"), every, date("2023-07-01"));
        assert_eq!(s.len(), 3, "{s:?}: the as-of date once");
    }
}
