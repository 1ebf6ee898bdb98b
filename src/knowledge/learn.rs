//! Learning [`Knowledge`] from a long annual panel: the era drifts, every window of the panel,
//! the persistence and reversion grid, the volatility model and the error tables.

use std::collections::BTreeMap;

use super::format::{
    invalid, Class, Knowledge, Provenance, Volatility, DRIFT_YEARS, FORMAT_VERSION, LONG_FROM,
    RECENT, SMOOTH_QUANTILE,
};
pub use super::windows::normal_cdf;
use super::windows::{error_tables, fit_class, median, quantile, windows_of, ClassFits, Window};
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
