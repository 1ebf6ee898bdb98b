//! Learning the [`Nowcast`] section from a monthly panel `series_id,year,month,value`.
//!
//! A **case** is a series, a year Y and a number of months m = 1 … 11, where the twelve months
//! of Y and of the [`HISTORY`] years before it are known, every one of those full years is
//! positive, the year before Y is at least [`NowcastLearnOptions::min_total`], and the
//! year-to-date levels of Y and of Y − 1 through month m are positive: what an analyst has in
//! the middle of Y, and Y's real total to learn from. Every year is an origin; no calendar year
//! is a feature.
//!
//! For each m and each kind (level alone, level with same-period growth) the rest of the year is
//! regressed on the rule's inputs by least absolute deviations (the median, robust to the
//! collapses and booms of small partners), then blended with pro rata: the weight of the
//! regression (0, ¼, ½, ¾ or 1) is the one with the least error on partners it was not fitted
//! on (two folds, split by a hash of the series id up to its last `-`, so that
//! `US-1220-imports`, `-exports` and `-turnover` fall in one fold; a tie goes to pro rata). Both
//! are linear in the same inputs, so the rule stores the blended coefficients. The spread is then a least-squares fit of ln |error| on the spread's inputs,
//! and the standardised errors' quantiles give the bands.

use std::collections::BTreeMap;

use super::format::invalid;
use super::nowcast::{
    History, MonthRule, Nowcast, NowcastInputs, NowcastProvenance, HISTORY, NOWCAST_PROBS,
};
use super::windows::{median, quantile};
use crate::error::Result;

/// The weights of the regression against pro rata that are tried (see the module docs).
const WEIGHTS: [f64; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];

/// Fewest cases a number of months needs.
const MIN_CASES: usize = 100;

/// Options for [`learn_nowcast`].
#[derive(Debug, Clone, PartialEq)]
pub struct NowcastLearnOptions {
    /// A case's previous full year must be at least this (in the panel's units; 10⁸ for US
    /// dollars: the size of trade releases report, as `../shared/nowcast/cases.py` requires).
    pub min_total: f64,
    /// Describes the panel in the provenance.
    pub data: String,
    /// The command, for the provenance.
    pub command: String,
}

impl Default for NowcastLearnOptions {
    fn default() -> Self {
        NowcastLearnOptions {
            min_total: 1e8,
            data: String::new(),
            command: String::new(),
        }
    }
}

/// A monthly panel: series → (year, month 1 … 12) → value.
pub type MonthlyPanel = BTreeMap<String, BTreeMap<(i32, u8), f64>>;

/// One case: what was known, and the year's real total.
struct Case {
    /// The series' position in the panel.
    series: usize,
    fold: bool,
    inputs: NowcastInputs,
    /// The same months' growth on the year before, as a fraction.
    growth: f64,
    total: f64,
}

impl Case {
    fn with(&self, growth: bool) -> NowcastInputs {
        NowcastInputs {
            growth: growth.then_some(self.growth),
            ..self.inputs
        }
    }

    /// The rule's target: ln(rest / ((12 − m)/12 × previous)).
    fn target(&self) -> f64 {
        let i = &self.inputs;
        let rest = (self.total - i.ytd).max(1e-4 * i.history.previous);
        (rest / (i.rest_share() * i.history.previous)).ln()
    }
}

/// Learns the nowcast rules from a monthly panel. Deterministic. Fails when some number of
/// months has fewer than 100 cases.
pub fn learn_nowcast(panel: &MonthlyPanel, options: &NowcastLearnOptions) -> Result<Nowcast> {
    let (cases, series, years) = cases_of(panel, options.min_total);
    for m in 1..=11u8 {
        let n = cases.iter().filter(|c| c.inputs.months == m).count();
        if n < MIN_CASES {
            return Err(invalid(
                &options.data,
                None,
                format!(
                    "only {n} cases with {m} month(s) known (a year with its twelve months and \
                     the {HISTORY} full years before it, the year before at least {}); at least \
                     {MIN_CASES} are needed: give a monthly panel with more series or years",
                    options.min_total
                ),
            ));
        }
    }
    let range = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (quantile(&v, 0.01), quantile(&v, 0.99))
    };
    let vols: Vec<f64> = cases
        .iter()
        .filter_map(|c| c.inputs.history.log_vol)
        .collect();
    let levels = cases
        .iter()
        .map(|c| c.inputs.history.previous.ln())
        .collect();
    let mut rules = Nowcast {
        provenance: NowcastProvenance {
            data: options.data.clone(),
            years,
            series,
            cases: cases.len(),
            command: options.command.clone(),
        },
        level: Vec::new(),
        growth: Vec::new(),
        log_vol_range: range(vols.clone()),
        log_level_range: range(levels),
        typical_log_vol: median(&mut vols.clone()),
    };
    for growth in [false, true] {
        let fitted: Vec<MonthRule> = (1..=11u8)
            .map(|m| {
                let at: Vec<&Case> = cases.iter().filter(|c| c.inputs.months == m).collect();
                fit_rule(&rules, &at, m, growth)
            })
            .collect();
        if growth {
            rules.growth = fitted;
        } else {
            rules.level = fitted;
        }
    }
    rules
        .check()
        .map_err(|e| invalid(&options.data, None, format!("learned {e} (a bug)")))?;
    Ok(rules)
}

/// Every case of the panel, the series that gave one, and the first and last year of a case.
fn cases_of(panel: &MonthlyPanel, min_total: f64) -> (Vec<Case>, usize, (i32, i32)) {
    let mut cases = Vec::new();
    let (mut series, mut first, mut last) = (0, i32::MAX, i32::MIN);
    for (index, (id, months)) in panel.iter().enumerate() {
        let month = |y: i32, m: u8| months.get(&(y, m)).copied();
        let ytd = |y: i32, m: u8| (1..=m).map(|k| month(y, k)).sum::<Option<f64>>();
        let full = |y: i32| ytd(y, 12).filter(|v| *v > 0.0);
        let fold = fold_of(id);
        let before = cases.len();
        let (Some(&(y0, _)), Some(&(y1, _))) = (months.keys().next(), months.keys().last()) else {
            continue;
        };
        for year in y0 + HISTORY as i32..=y1 {
            let Some(total) = full(year) else { continue };
            let previous: Option<Vec<(i32, f64)>> = (year - HISTORY as i32..year)
                .map(|y| full(y).map(|v| (y, v)))
                .collect();
            let Some(history) = previous.as_deref().and_then(History::of) else {
                continue;
            };
            if history.previous < min_total {
                continue;
            }
            for m in 1..=11u8 {
                let (Some(now), Some(then)) = (ytd(year, m), ytd(year - 1, m)) else {
                    continue;
                };
                if now > 0.0 && then > 0.0 {
                    cases.push(Case {
                        series: index,
                        fold,
                        inputs: NowcastInputs {
                            ytd: now,
                            months: m,
                            growth: None,
                            history,
                        },
                        growth: now / then - 1.0,
                        total,
                    });
                    first = first.min(year);
                    last = last.max(year);
                }
            }
        }
        series += usize::from(cases.len() > before);
    }
    // Too few groups to split (e.g. every id of one trade): split by the whole id instead.
    let in_one = cases.iter().filter(|c| c.fold).count();
    if in_one.min(cases.len() - in_one) * 10 < cases.len() {
        let folds: Vec<bool> = panel.keys().map(|id| fnv(id) >> 17 & 1 == 1).collect();
        for c in &mut cases {
            c.fold = folds[c.series];
        }
    }
    (cases, series, (first, last))
}

/// The fold of a series: a bit of a stable hash (FNV-1a) of its id up to its last `-`.
fn fold_of(id: &str) -> bool {
    fnv(id.rsplit_once('-').map_or(id, |(g, _)| g)) >> 17 & 1 == 1
}

/// FNV-1a, 64 bits.
fn fnv(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The rule for `m` months of one kind (see the module docs).
fn fit_rule(rules: &Nowcast, cases: &[&Case], m: u8, growth: bool) -> MonthRule {
    let x: Vec<Vec<f64>> = cases.iter().map(|c| c.with(growth).design()).collect();
    let y: Vec<f64> = cases.iter().map(|c| c.target()).collect();
    // Two folds: each half's error with the regression fitted on the other, blended with pro
    // rata at each weight of the grid.
    let mut pro_rata = vec![0.0; x[0].len()];
    pro_rata[1] = 1.0;
    let blend = |beta: &[f64], w: f64| -> Vec<f64> {
        beta.iter()
            .zip(&pro_rata)
            .map(|(b, p)| w * b + (1.0 - w) * p)
            .collect()
    };
    let mut errors = [0.0; WEIGHTS.len()];
    for fold in [false, true] {
        let train: Vec<usize> = (0..cases.len())
            .filter(|&i| cases[i].fold != fold)
            .collect();
        let xs: Vec<Vec<f64>> = train.iter().map(|&i| x[i].clone()).collect();
        let beta = lad(&xs, &pick(&y, &train));
        for (e, &w) in errors.iter_mut().zip(&WEIGHTS) {
            let b = blend(&beta, w);
            *e += cases
                .iter()
                .enumerate()
                .filter(|(_, c)| c.fold == fold)
                .map(|(i, c)| (c.inputs.total(dot(&b, &x[i])).ln() - c.total.ln()).abs())
                .sum::<f64>();
        }
    }
    // The least error; a tie goes to the lighter weight (pro rata first).
    let mut best = 0;
    for (i, e) in errors.iter().enumerate() {
        if *e < errors[best] {
            best = i;
        }
    }
    let weight = WEIGHTS[best];
    let beta = if weight > 0.0 {
        blend(&lad(&x, &y), weight)
    } else {
        pro_rata.clone()
    };
    let residuals: Vec<f64> = x
        .iter()
        .zip(&y)
        .map(|(xi, yi)| yi - dot(&beta, xi))
        .collect();
    let sx: Vec<Vec<f64>> = cases
        .iter()
        .map(|c| c.inputs.scale_design(rules).to_vec())
        .collect();
    let log_abs: Vec<f64> = residuals.iter().map(|r| (r.abs() + 1e-4).ln()).collect();
    let gamma = weighted_ls(&sx, &log_abs, &vec![1.0; sx.len()]);
    let mut z: Vec<f64> = residuals
        .iter()
        .zip(&sx)
        .map(|(r, s)| r / dot(&gamma, s).exp())
        .collect();
    z.sort_by(f64::total_cmp);
    let quantiles: Vec<f64> = NOWCAST_PROBS.iter().map(|&p| quantile(&z, p)).collect();
    let mut sds: Vec<f64> = cases
        .iter()
        .zip(&x)
        .zip(&sx)
        .map(|((c, xi), s)| {
            let (mu, spread) = (dot(&beta, xi), dot(&gamma, s).exp());
            let at = |q: f64| c.inputs.total(mu + q * spread).ln();
            (at(quantiles[4]) - at(quantiles[0])) / (2.0 * 1.959_964)
        })
        .collect();
    MonthRule {
        months: m,
        weight,
        coefficients: beta,
        scale: gamma,
        quantiles,
        cases: cases.len(),
        typical_log_sd: median(&mut sds),
    }
}

fn pick(y: &[f64], at: &[usize]) -> Vec<f64> {
    at.iter().map(|&i| y[i]).collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| p * q).sum()
}

/// Least absolute deviations by iteratively reweighted least squares (30 rounds from least
/// squares; weights 1 / max(|residual|, 0.001)).
fn lad(x: &[Vec<f64>], y: &[f64]) -> Vec<f64> {
    let mut w = vec![1.0; y.len()];
    let mut beta = weighted_ls(x, y, &w);
    for _ in 0..30 {
        for (wi, (xi, yi)) in w.iter_mut().zip(x.iter().zip(y)) {
            *wi = 1.0 / (yi - dot(&beta, xi)).abs().max(1e-3);
        }
        beta = weighted_ls(x, y, &w);
    }
    beta
}

/// Weighted least squares by the normal equations (a 10⁻⁹ ridge keeps a constant column
/// solvable), solved by Gaussian elimination with partial pivoting.
fn weighted_ls(x: &[Vec<f64>], y: &[f64], w: &[f64]) -> Vec<f64> {
    let k = x.first().map_or(0, Vec::len);
    let mut a = vec![vec![0.0; k + 1]; k];
    for ((xi, yi), wi) in x.iter().zip(y).zip(w) {
        for r in 0..k {
            for c in 0..k {
                a[r][c] += wi * xi[r] * xi[c];
            }
            a[r][k] += wi * xi[r] * yi;
        }
    }
    for (r, row) in a.iter_mut().enumerate() {
        row[r] += 1e-9 * (1.0 + row[r].abs());
    }
    for c in 0..k {
        let p = (c..k)
            .max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))
            .unwrap_or(c);
        a.swap(c, p);
        let pivot = a[c].clone();
        for (r, row) in a.iter_mut().enumerate() {
            if r != c && pivot[c] != 0.0 {
                let f = row[c] / pivot[c];
                for (v, p) in row[c..].iter_mut().zip(&pivot[c..]) {
                    *v -= f * p;
                }
            }
        }
    }
    (0..k)
        .map(|i| {
            if a[i][i] == 0.0 {
                0.0
            } else {
                a[i][k] / a[i][i]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_absolute_deviations_ignore_an_outlier_that_least_squares_follows() {
        let x: Vec<Vec<f64>> = (0..21).map(|i| vec![1.0, f64::from(i)]).collect();
        let mut y: Vec<f64> = (0..21).map(|i| 1.0 + 2.0 * f64::from(i)).collect();
        y[20] += 100.0;
        let l = lad(&x, &y);
        assert!(
            (l[0] - 1.0).abs() < 1e-3 && (l[1] - 2.0).abs() < 1e-3,
            "{l:?}"
        );
        let ls = weighted_ls(&x, &y, &[1.0; 21]);
        assert!((ls[1] - 2.0).abs() > 0.1, "{ls:?}");
    }

    /// A panel of `n` series with a fixed seasonal pattern, growth and noise.
    fn seasonal_panel(n: usize) -> MonthlyPanel {
        let mut panel = MonthlyPanel::new();
        let mut state = 7u64;
        let mut noise = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            ((state >> 33) as f64 / f64::from(1u32 << 31)) - 0.5
        };
        for s in 0..n {
            let mut months = BTreeMap::new();
            let base = 1e9 * (1.0 + (s % 7) as f64);
            for (i, year) in (1990..2010).enumerate() {
                let level = base * (0.05 * i as f64 + 0.1 * noise()).exp();
                for m in 1..=12u8 {
                    let season = 1.0 + 0.3 * (f64::from(m) * 0.5).sin();
                    months.insert((year, m), level / 12.0 * season * (1.0 + 0.1 * noise()));
                }
            }
            panel.insert(format!("S{s}-x"), months);
        }
        panel
    }

    #[test]
    fn learning_a_seasonal_panel_is_deterministic_and_bands_narrow_as_months_pass() {
        let panel = seasonal_panel(40);
        let options = NowcastLearnOptions::default();
        let a = learn_nowcast(&panel, &options).unwrap();
        assert_eq!(a, learn_nowcast(&panel, &options).unwrap());
        a.check().unwrap();
        assert_eq!(a.provenance.series, 40);
        let sd = |m: u8| a.rule(m, false).typical_log_sd;
        assert!(
            sd(1) > sd(6) && sd(6) > sd(11),
            "{} {} {}",
            sd(1),
            sd(6),
            sd(11)
        );
        // Too few cases: an error that says what would help.
        let small: MonthlyPanel = panel.into_iter().take(1).collect();
        let err = learn_nowcast(&small, &options).unwrap_err().to_string();
        assert!(err.contains("at least 100"), "{err}");
    }
}
