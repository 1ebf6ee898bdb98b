//! The windows of a panel and what every class learns from them: each forecast origin of each
//! series with its outcomes ahead, the persistence and reversion grid, and the error tables;
//! shared by the learner of the 3+ point classes (`learn`) and of the 1- and 2-point ones
//! (`tiny`), so that neither imports the other.

use std::collections::BTreeMap;

use super::features::Features;
use super::format::{Knowledge, GRID_H, LONG_FROM, MAX_H, MAX_WINDOW, SCORES, SCORE_STEP};

/// One forecast origin of one series, with what happened after it.
pub(super) struct Window {
    pub(super) features: Features,
    /// The origin's common drift: the median yearly change over the panel's ten years up to it.
    pub(super) era: f64,
    /// log change h = 1 … MAX_H years ahead, if observed.
    pub(super) ahead: [Option<f64>; MAX_H],
}

/// The median of `x` (0 when empty); `x` is reordered.
pub(super) fn median(x: &mut [f64]) -> f64 {
    if x.is_empty() {
        return 0.0;
    }
    x.sort_by(f64::total_cmp);
    let m = x.len() / 2;
    if x.len() % 2 == 1 {
        x[m]
    } else {
        0.5 * (x[m - 1] + x[m])
    }
}

/// The `p` quantile of sorted `x` (linear interpolation, as numpy's default).
pub(super) fn quantile(sorted: &[f64], p: f64) -> f64 {
    let pos = p * (sorted.len() - 1) as f64;
    let i = pos.floor() as usize;
    let j = (i + 1).min(sorted.len() - 1);
    sorted[i] + (pos - i as f64) * (sorted[j] - sorted[i])
}

/// Every window of the panel: each origin year from `since` to `until` that ends a run of
/// consecutive years, one window for each length `lengths(run)` gives (the last that many years
/// of the run), with its outcomes ahead. Also returns how many series gave a window.
pub(super) fn windows_of(
    panel: &BTreeMap<String, BTreeMap<i32, f64>>,
    until: i32,
    since: i32,
    eras: &BTreeMap<i32, f64>,
    lengths: &dyn Fn(usize) -> Vec<usize>,
) -> (Vec<Window>, usize) {
    let mut windows = Vec::new();
    let mut used = 0;
    for series in panel.values() {
        let years: Vec<i32> = series.range(..=until).map(|(&y, _)| y).collect();
        let z: Vec<f64> = series.range(..=until).map(|(_, v)| v.ln()).collect();
        let before = windows.len();
        for (i, &t) in years.iter().enumerate() {
            if t < since {
                continue;
            }
            // The run of consecutive years ending at t, at most MAX_WINDOW long.
            let mut run = 1;
            while run < MAX_WINDOW && run <= i && years[i - run] == t - run as i32 {
                run += 1;
            }
            let lengths = lengths(run);
            if lengths.is_empty() {
                continue;
            }
            let mut ahead = [None; MAX_H];
            for (h, slot) in ahead.iter_mut().enumerate() {
                *slot = series
                    .get(&(t + h as i32 + 1))
                    .filter(|_| t + (h as i32) < until)
                    .map(|v| v.ln() - z[i]);
            }
            let Some(&era) = eras.get(&t) else { continue };
            for len in lengths {
                let lo = i + 1 - len;
                windows.push(Window {
                    features: Features::of(&years[lo..=i], &z[lo..=i]),
                    era,
                    ahead,
                });
            }
        }
        used += usize::from(windows.len() > before);
    }
    (windows, used)
}

/// Persistence and reversion of a class, on the era-adjusted outcomes: the grid point (0 to 0.5
/// by 0.1 each) with the least mean absolute error summed over 1 to [`GRID_H`] years ahead.
pub(super) fn fit_class(class: &[&Window]) -> (f64, f64) {
    let grid: Vec<f64> = (0..=5).map(|i| f64::from(i) * 0.1).collect();
    let mut best = (f64::INFINITY, 0.0, 0.0);
    for &w in &grid {
        for &b in &grid {
            let mut total = 0.0;
            for h in 1..=GRID_H {
                let (mut sum, mut count) = (0.0, 0usize);
                for win in class {
                    if let Some(z) = win.ahead[h - 1] {
                        sum += (z - win.features.change(h, win.era, w, b)).abs();
                        count += 1;
                    }
                }
                total += sum / count.max(1) as f64;
            }
            if total < best.0 - 1e-12 {
                best = (total, w, b);
            }
        }
    }
    (best.1, best.2)
}

/// The fitted trend weight and reversion of both classes.
pub(super) struct ClassFits {
    pub(super) short: (f64, f64),
    pub(super) long: (f64, f64),
}

impl ClassFits {
    /// The predicted log change `h` years after a window's origin.
    pub(super) fn pred(&self, win: &Window, h: usize) -> f64 {
        let (w, b) = if win.features.n < LONG_FROM {
            self.short
        } else {
            self.long
        };
        win.features.change(h, win.era, w, b)
    }
}

/// A class's error tables, 1 to [`MAX_H`] years ahead: quantiles of the errors standardised by
/// each window's own σ, read at the normal scores.
pub(super) fn error_tables(k: &Knowledge, wins: &[&Window], fits: &ClassFits) -> Vec<Vec<f64>> {
    let mut tables: Vec<Vec<f64>> = Vec::with_capacity(MAX_H);
    for h in 1..=MAX_H {
        let mut r: Vec<f64> = wins
            .iter()
            .filter_map(|win| {
                let z = win.ahead[h - 1]?;
                let f = &win.features;
                let s = k.sigma(f.sd, f.n - 1, f.last) * (h as f64).sqrt();
                Some((z - fits.pred(win, h)) / s)
            })
            .collect();
        if r.len() < 50 {
            // Too few outcomes this far ahead: keep the shape of the horizon before.
            let prev: Vec<f64> = tables
                .last()
                .cloned()
                .unwrap_or_else(|| (0..SCORES).map(|j| -3.5 + SCORE_STEP * j as f64).collect());
            tables.push(prev);
            continue;
        }
        r.sort_by(f64::total_cmp);
        let table: Vec<f64> = (0..SCORES)
            .map(|j| {
                let x = -3.5 + SCORE_STEP * j as f64;
                quantile(&r, normal_cdf(x))
            })
            .collect();
        tables.push(table);
    }
    tables
}

/// Φ(x), the standard normal distribution function.
pub fn normal_cdf(x: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::standard().cdf(x)
}
