//! The knowledge file's optional `nowcast` section: how the months of a year add up to its
//! total, learned from a monthly panel (see [`super::learn_nowcast`]) and applied by
//! [`crate::nowcast`]. This module owns the section's format, its check, and the inputs its rules
//! read ([`NowcastInputs`]), so that learning and applying compute them one way.
//!
//! A rule predicts the **rest of the year** (months m + 1 … 12), never the total: on the log
//! scale, `ln(rest / ((12 − m)/12 × previous full year))` is
//! `β · [1, pro-rata growth, last year's growth (, same-period growth)]` (a learned regression
//! blended with pro rata, whose β is (0, 1, 0 …)), with an error whose
//! spread `s = exp(γ · [1, ln volatility, ln previous year − 20])` grows with the series' own
//! volatility and shrinks with its size, and whose standardised quantiles are stored. The total
//! is the year-to-date level plus the rest, so the estimate and every band end are at least the
//! published year-to-date level (months are non-negative).

use serde::{Deserialize, Serialize};

/// Probabilities at which the standardised errors' quantiles are stored: the ends of the 95%
/// and 80% bands and the median.
pub const NOWCAST_PROBS: [f64; 5] = [0.025, 0.1, 0.5, 0.9, 0.975];
/// Full years before a year whose volatility and growth the rules read (the cases of
/// `../shared/nowcast/cases.py` have five).
pub const HISTORY: usize = 5;
/// Last year's and the same-period log growth are clipped to ±this (a partner's trade can jump
/// a hundredfold; one such case should not steer a rule).
pub const CLIP: f64 = 1.5;
/// The ln(previous year) the level effect of the spread is measured from (about $500 million).
pub const REF_LOG_LEVEL: f64 = 20.0;

/// The learned nowcast rules (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nowcast {
    /// Where they were learned from.
    pub provenance: NowcastProvenance,
    /// Rules for a year-to-date level alone, months 1 … 11.
    pub level: Vec<MonthRule>,
    /// Rules for a year-to-date level with its same-period growth, months 1 … 11.
    pub growth: Vec<MonthRule>,
    /// ln volatility is clamped to this range (the learning cases' 1st–99th percentiles).
    pub log_vol_range: (f64, f64),
    /// ln(previous year) is clamped to this range (the learning cases' 1st–99th percentiles).
    pub log_level_range: (f64, f64),
    /// The cases' median ln volatility: used when a series has too few years to measure its own.
    pub typical_log_vol: f64,
}

/// Where the nowcast rules came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NowcastProvenance {
    /// The monthly panel, in words.
    pub data: String,
    /// First and last year of the cases' years.
    pub years: (i32, i32),
    /// Series that gave a case.
    pub series: usize,
    /// Cases (series × year × months known) learned from, per kind of rule.
    pub cases: usize,
    /// The command that made the section.
    pub command: String,
}

/// The rule for one number of months known and one kind of input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthRule {
    /// Months known (January to this).
    pub months: u8,
    /// The weight of the learned regression against pro rata (0: pro rata, 1: the regression
    /// alone), chosen on partners the regression was not fitted on.
    pub weight: f64,
    /// β on [1, pro-rata growth, last year's growth] (and the same-period growth for growth
    /// rules), all ln ratios: the regression's and pro rata's (0, 1, 0 …), blended by `weight`.
    /// The point is the year-to-date level plus `(12 − m)/12 × previous × e^(β·x)`.
    pub coefficients: Vec<f64>,
    /// γ of the spread on [1, ln volatility, ln previous year − [`REF_LOG_LEVEL`]].
    pub scale: Vec<f64>,
    /// The standardised errors' quantiles at [`NOWCAST_PROBS`].
    pub quantiles: Vec<f64>,
    /// Cases learned from.
    pub cases: usize,
    /// The median over those cases of the full-year estimate's log standard deviation (the
    /// 95% band's log width / 3.92): the uncertainty of an estimate from these months when
    /// nothing else is known about the series.
    pub typical_log_sd: f64,
}

/// What the earlier full years of a series say, as a rule reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct History {
    /// The last full year's value (the base of every ratio).
    pub previous: f64,
    /// Its log growth on the full year before (per year across a gap); 0 with one year.
    pub last_growth: f64,
    /// The standard deviation of the yearly log changes over the last [`HISTORY`] years; `None`
    /// with fewer than two changes.
    pub log_vol: Option<f64>,
}

impl History {
    /// The history of the full years `previous` (year, value): positive finite values only,
    /// sorted by year, the last [`HISTORY`] used; `None` without one.
    pub fn of(previous: &[(i32, f64)]) -> Option<History> {
        let mut years: Vec<(i32, f64)> = previous
            .iter()
            .copied()
            .filter(|(_, v)| v.is_finite() && *v > 0.0)
            .collect();
        years.sort_by_key(|&(y, _)| y);
        years.dedup_by_key(|&mut (y, _)| y);
        let years = &years[years.len().saturating_sub(HISTORY)..];
        let &(_, last) = years.last()?;
        let changes: Vec<f64> = years
            .windows(2)
            .map(|w| (w[1].1 / w[0].1).ln() / f64::from((w[1].0 - w[0].0).max(1)))
            .collect();
        let log_vol = (changes.len() >= 2).then(|| {
            let m = changes.iter().sum::<f64>() / changes.len() as f64;
            let ss: f64 = changes.iter().map(|c| (c - m).powi(2)).sum();
            (ss / (changes.len() - 1) as f64).sqrt().max(1e-3).ln()
        });
        Some(History {
            previous: last,
            last_growth: changes.last().copied().unwrap_or(0.0),
            log_vol,
        })
    }
}

/// The inputs of one full-year estimate: what is known of the year and of the years before.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NowcastInputs {
    /// The year-to-date level (positive).
    pub ytd: f64,
    /// Months it covers, 1 … 11.
    pub months: u8,
    /// Its growth on the same months a year earlier, as a fraction (> −1), if known.
    pub growth: Option<f64>,
    /// The earlier full years.
    pub history: History,
}

impl NowcastInputs {
    /// The share of the year still unknown, (12 − m)/12.
    pub fn rest_share(&self) -> f64 {
        f64::from(12 - self.months) / 12.0
    }

    /// The regression's inputs: [1, pro-rata growth, last year's growth (, same-period
    /// growth)], each a ln ratio, the two growths clipped to ±[`CLIP`]. The pace is not
    /// clipped: late in the year it is nearly the answer, however far from last year.
    pub fn design(&self) -> Vec<f64> {
        let clip = |x: f64| x.clamp(-CLIP, CLIP);
        let pro_rata = self.ytd * 12.0 / f64::from(self.months);
        let mut x = vec![
            1.0,
            (pro_rata / self.history.previous).ln(),
            clip(self.history.last_growth),
        ];
        if let Some(g) = self.growth {
            x.push(clip(g.ln_1p()));
        }
        x
    }

    /// The spread's inputs: [1, ln volatility, ln previous year − [`REF_LOG_LEVEL`]], clamped to
    /// the learned ranges.
    pub fn scale_design(&self, rules: &Nowcast) -> [f64; 3] {
        let (v0, v1) = rules.log_vol_range;
        let (l0, l1) = rules.log_level_range;
        let vol = self.history.log_vol.unwrap_or(rules.typical_log_vol);
        [
            1.0,
            vol.clamp(v0, v1),
            self.history.previous.ln().clamp(l0, l1) - REF_LOG_LEVEL,
        ]
    }

    /// The full-year total for a log rest ratio `r` (the rule's target): year-to-date level plus
    /// `(12 − m)/12 × previous × e^r`.
    pub fn total(&self, r: f64) -> f64 {
        self.ytd + self.rest_share() * self.history.previous * r.exp()
    }
}

impl Nowcast {
    /// The rule for `months` (1 … 11) known, with or without the same-period growth.
    pub fn rule(&self, months: u8, with_growth: bool) -> &MonthRule {
        let rules = if with_growth {
            &self.growth
        } else {
            &self.level
        };
        &rules[usize::from(months.clamp(1, 11)) - 1]
    }

    /// Checks the section: eleven rules of each kind in month order, finite numbers of the right
    /// counts, quantiles non-decreasing, ordered ranges. Returns the problem in words.
    pub fn check(&self) -> std::result::Result<(), String> {
        for (kind, rules, k) in [("level", &self.level, 3), ("growth", &self.growth, 4)] {
            if rules.len() != 11 {
                return Err(format!(
                    "nowcast.{kind} has {} rules, not 11 (months 1 to 11)",
                    rules.len()
                ));
            }
            for (i, r) in rules.iter().enumerate() {
                let finite = |v: &[f64]| v.iter().all(|x| x.is_finite());
                let ordered = r.quantiles.windows(2).all(|w| w[0] <= w[1]);
                if usize::from(r.months) != i + 1
                    || r.coefficients.len() != k
                    || r.scale.len() != 3
                    || r.quantiles.len() != NOWCAST_PROBS.len()
                    || !(finite(&r.coefficients) && finite(&r.scale) && finite(&r.quantiles))
                    || !ordered
                    || !(r.typical_log_sd.is_finite() && r.typical_log_sd >= 0.0)
                    || !(0.0..=1.0).contains(&r.weight)
                {
                    return Err(format!(
                        "nowcast.{kind}[{i}] must be the rule for {} month(s): {k} finite \
                         coefficients, 3 scale terms, {} non-decreasing quantiles, a typical log \
                         sd ≥ 0 and a weight from 0 to 1",
                        i + 1,
                        NOWCAST_PROBS.len()
                    ));
                }
            }
        }
        let ranges = [self.log_vol_range, self.log_level_range];
        if !ranges
            .iter()
            .all(|r| r.0.is_finite() && r.1.is_finite() && r.0 <= r.1)
            || !self.typical_log_vol.is_finite()
        {
            return Err("nowcast ranges must be finite and ordered".to_string());
        }
        Ok(())
    }
}
