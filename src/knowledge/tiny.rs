//! The 1- and 2-point classes: what series known by only one or two annual values did next.
//!
//! They are learned like the 3+ point classes, from windows of the same panel: at each forecast
//! origin, the last year (one point) and the last two consecutive years (two points) of every
//! series, with the same era drifts, the same grid for persistence and reversion and the same
//! error tables. A one-point window has no trend and no deviation of its own, so its location is
//! `last + h μ (1 − w)`: the panel's drift shrunk by the learned `w`. Neither has a spread of
//! yearly changes, so σ is the prior for its level, and the error tables say how wrong such
//! forecasts were on that scale. Files without the classes load as before, and then series of
//! one or two points are not forecast.

use std::collections::BTreeMap;

use super::format::{Class, Knowledge, MAX_H};
use super::windows::{error_tables, fit_class, windows_of, ClassFits, Window};

/// Fewest windows with an outcome a year later a tiny class is learned from (as for the others);
/// with fewer the class is left out.
const MIN_WINDOWS: usize = 200;

impl Knowledge {
    /// The class for a series of one or two points, when the file has it.
    pub fn tiny_class(&self, n: usize) -> Option<&Class> {
        match n {
            1 => self.one_point.as_ref(),
            2 => self.two_points.as_ref(),
            _ => None,
        }
    }
}

/// Learns the 1- and 2-point classes into `k` (whose volatility and drift are already learned)
/// from the windows of `panel` up to `until`, origins from `since`; a class with fewer than
/// [`MIN_WINDOWS`] windows is left out.
pub(super) fn learn_tiny(
    k: &mut Knowledge,
    panel: &BTreeMap<String, BTreeMap<i32, f64>>,
    until: i32,
    since: i32,
    eras: &BTreeMap<i32, f64>,
) {
    k.one_point = tiny_class(k, panel, until, since, eras, 1);
    k.two_points = tiny_class(k, panel, until, since, eras, 2);
}

fn tiny_class(
    k: &Knowledge,
    panel: &BTreeMap<String, BTreeMap<i32, f64>>,
    until: i32,
    since: i32,
    eras: &BTreeMap<i32, f64>,
    len: usize,
) -> Option<Class> {
    let lengths = move |run: usize| if run >= len { vec![len] } else { Vec::new() };
    let (windows, _) = windows_of(panel, until, since, eras, &lengths);
    let wins: Vec<&Window> = windows.iter().collect();
    let at_one = wins.iter().filter(|w| w.ahead[0].is_some()).count();
    if at_one < MIN_WINDOWS {
        return None;
    }
    let fit = fit_class(&wins);
    // Both "classes" of the predictor are this one: every window here is of `len` points.
    let fits = ClassFits {
        short: fit,
        long: fit,
    };
    let quantiles = error_tables(k, &wins, &fits);
    debug_assert_eq!(quantiles.len(), MAX_H);
    Some(Class {
        trend_weight: fit.0,
        reversion: fit.1,
        windows: at_one,
        quantiles,
    })
}
