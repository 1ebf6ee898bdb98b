//! Learning [`Knowledge`] from a long annual panel: the era drifts, every window of the panel,
//! the persistence and reversion grid, the volatility model and the error tables.

use std::collections::BTreeMap;

use super::features::Features;
use super::format::{
    invalid, Class, Knowledge, Provenance, Volatility, DRIFT_YEARS, FORMAT_VERSION, GRID_H,
    LONG_FROM, MAX_H, MAX_WINDOW, RECENT, SCORES, SCORE_STEP, SMOOTH_QUANTILE,
};
use crate::error::Result;

/// Options for [`learn`].
#[derive(Debug, Clone, PartialEq)]
pub struct LearnOptions {
    /// Use values up to this year only (outcomes included); `None`: all.
    pub until: Option<i32>,
    /// Forecast origins from this year on; earlier years still serve as history.
    pub since: Option<i32>,
    /// Prior weight of the volatility, in yearly changes.
    pub nu: f64,
    /// Clamp of a series' own σ: floor and cap.
    pub floor: f64,
    /// See `floor`.
    pub cap: f64,
    /// Describes the panel in the provenance.
    pub data: String,
    /// The command, for the provenance.
    pub command: String,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions {
            until: None,
            since: None,
            nu: 8.0,
            floor: 0.02,
            cap: 0.6,
            data: String::new(),
            command: String::new(),
        }
    }
}

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

/// Yearly log changes of the panel by year, for the era drifts.
struct Eras {
    by_year: BTreeMap<i32, Vec<f64>>,
}

impl Eras {
    /// The changes up to `until`, and the first and last years seen.
    fn of(panel: &BTreeMap<String, BTreeMap<i32, f64>>, until: i32) -> (Eras, i32, i32) {
        let mut by_year: BTreeMap<i32, Vec<f64>> = BTreeMap::new();
        let (mut first_year, mut last_year) = (i32::MAX, i32::MIN);
        for series in panel.values() {
            for (&y, &v) in series.range(..=until) {
                first_year = first_year.min(y);
                last_year = last_year.max(y);
                if let Some(&prev) = series.get(&(y - 1)) {
                    by_year.entry(y).or_default().push((v / prev).ln());
                }
            }
        }
        (Eras { by_year }, first_year, last_year)
    }

    /// The common drift at `t`: the median yearly change over the [`DRIFT_YEARS`] up to it.
    fn era(&self, t: i32) -> f64 {
        let mut x: Vec<f64> = self
            .by_year
            .range(t - DRIFT_YEARS + 1..=t)
            .flat_map(|(_, c)| c.iter().copied())
            .collect();
        median(&mut x)
    }
}

/// The window lengths of the 3+ point classes for a run of `run` consecutive years: none below
/// three, the run, and its last [`RECENT`] years when longer.
fn class_lengths(run: usize) -> Vec<usize> {
    match run {
        0..=2 => Vec::new(),
        r if r > RECENT => vec![r, RECENT],
        r => vec![r],
    }
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

/// Refuses a panel with fewer than 200 windows of a class with an outcome a year later.
fn check_enough(short: &[&Window], long: &[&Window], options: &LearnOptions) -> Result<()> {
    for (name, class) in [("short", short), ("long", long)] {
        let at_one = class.iter().filter(|w| w.ahead[0].is_some()).count();
        if at_one < 200 {
            return Err(invalid(
                &options.data,
                None,
                format!(
                    "only {at_one} {name} windows (series of {} points) with an outcome a year \
                     later; at least 200 are needed: give a panel with more series or years",
                    if name == "short" {
                        "3 to 7"
                    } else {
                        "8 or more"
                    }
                ),
            ));
        }
    }
    Ok(())
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
    fn pred(&self, win: &Window, h: usize) -> f64 {
        let (w, b) = if win.features.n < LONG_FROM {
            self.short
        } else {
            self.long
        };
        win.features.change(h, win.era, w, b)
    }
}

/// The level effect of volatility: least squares of ln|one-year error| on the level
/// (E ln|Z| = −0.635 for a standard normal turns the mean into ln σ).
fn volatility_of(windows: &[Window], fits: &ClassFits, options: &LearnOptions) -> Volatility {
    let mut levels: Vec<f64> = windows.iter().map(|w| w.features.last).collect();
    let ref_level = median(&mut levels);
    let range = (quantile(&levels, 0.05), quantile(&levels, 0.95));
    let (mut sx, mut sy, mut sxx, mut sxy, mut m) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for win in windows {
        if let Some(z) = win.ahead[0] {
            let x = win.features.last.clamp(range.0, range.1) - ref_level;
            let y = (z - fits.pred(win, 1)).abs().max(1e-4).ln();
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            m += 1.0;
        }
    }
    let slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
    let intercept = (sy - slope * sx) / m;
    Volatility {
        log_sigma_at_ref: intercept + 0.635,
        per_log_level: slope,
        ref_log_level: ref_level,
        log_level_range: range,
        nu: options.nu,
        floor: options.floor,
        cap: options.cap,
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

/// Learns [`Knowledge`] from a panel. Deterministic: the same panel and options give the same
/// file. Fails when the panel has too few windows to learn from.
pub fn learn(
    panel: &BTreeMap<String, BTreeMap<i32, f64>>,
    options: &LearnOptions,
) -> Result<Knowledge> {
    let until = options.until.unwrap_or(i32::MAX);
    let since = options.since.unwrap_or(i32::MIN);
    let (eras, first_year, last_year) = Eras::of(panel, until);
    let era_at: BTreeMap<i32, f64> = eras.by_year.keys().map(|&t| (t, eras.era(t))).collect();
    let (windows, used) = windows_of(panel, until, since, &era_at, &class_lengths);

    let (short, long): (Vec<&Window>, Vec<&Window>) =
        windows.iter().partition(|w| w.features.n < LONG_FROM);
    check_enough(&short, &long, options)?;
    let drift = eras.era(until.min(last_year));
    let fits = ClassFits {
        short: fit_class(&short),
        long: fit_class(&long),
    };
    let volatility = volatility_of(&windows, &fits, options);
    let mut long_sd: Vec<f64> = long.iter().filter_map(|w| w.features.sd).collect();
    long_sd.sort_by(f64::total_cmp);
    let smooth_below = (!long_sd.is_empty()).then(|| quantile(&long_sd, SMOOTH_QUANTILE));
    let mut k = Knowledge {
        version: FORMAT_VERSION,
        provenance: Provenance {
            data: options.data.clone(),
            years: (first_year, last_year),
            series: used,
            windows: windows.len(),
            command: options.command.clone(),
        },
        drift,
        volatility,
        short: Class {
            trend_weight: fits.short.0,
            reversion: fits.short.1,
            windows: short.iter().filter(|w| w.ahead[0].is_some()).count(),
            quantiles: Vec::new(),
        },
        long: Class {
            trend_weight: fits.long.0,
            reversion: fits.long.1,
            windows: long.iter().filter(|w| w.ahead[0].is_some()).count(),
            quantiles: Vec::new(),
        },
        smooth_below,
        nowcast: None,
        one_point: None,
        two_points: None,
    };
    // The error tables, standardised by each window's own σ (which reads `k`'s volatility).
    k.short.quantiles = error_tables(&k, &short, &fits);
    k.long.quantiles = error_tables(&k, &long, &fits);
    super::tiny::learn_tiny(&mut k, panel, until, since, &era_at);
    k.check(&options.data)?;
    Ok(k)
}

/// Φ(x), the standard normal distribution function.
pub fn normal_cdf(x: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::standard().cdf(x)
}
