//! Crossings and probabilities: when a path first reaches a target, the spread of that year over
//! simulated paths, the probability of reaching it by a year, and the growth rates (required and
//! recent) a status compares.

use ndarray::ArrayView2;
use serde::Serialize;

use crate::obs::{Date, Target};
use crate::series::Series;

/// Probabilities of reaching a target are also given within this many years of the as-of year.
pub const WITHIN_YEARS: [i32; 2] = [5, 10];

/// Percentiles of the first year simulated paths reach the target; `None` = not within the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CrossingYears {
    /// 10th percentile.
    pub p10: Option<i32>,
    /// Median.
    pub p50: Option<i32>,
    /// 90th percentile.
    pub p90: Option<i32>,
    /// Share of paths that never reach the target within the horizon.
    pub never_share: f64,
    /// Last simulated year.
    pub horizon_end: i32,
}

/// First year a path reaches `target` (`values[j] >= target`), or `None`.
pub fn first_crossing(years: &[i32], values: &[f64], target: f64) -> Option<i32> {
    years
        .iter()
        .zip(values)
        .find(|(_, &v)| v >= target)
        .map(|(&y, _)| y)
}

/// When each simulated path first reaches a target: how many paths cross in each forecast year.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossings {
    years: Vec<i32>,
    /// Paths whose first crossing is `years[j]`.
    counts: Vec<usize>,
    n_paths: usize,
}

impl Crossings {
    /// From each path's first crossing (an index into `years`, `None` for never), as
    /// [`SimPaths::first_crossings`](crate::model::SimPaths::first_crossings) gives them.
    pub fn from_first(years: &[i32], first: &[Option<usize>]) -> Self {
        let mut counts = vec![0; years.len()];
        for j in first.iter().flatten() {
            counts[*j] += 1;
        }
        Crossings {
            years: years.to_vec(),
            counts,
            n_paths: first.len(),
        }
    }

    /// From paths in USD (rows) over forecast `years` (columns).
    pub fn from_paths(paths: ArrayView2<'_, f64>, years: &[i32], target: f64) -> Self {
        let first: Vec<Option<usize>> = paths
            .rows()
            .into_iter()
            .map(|row| row.iter().position(|&v| v >= target))
            .collect();
        Self::from_first(years, &first)
    }

    /// Crossing-year percentiles.
    ///
    /// A path that never reaches the target counts as "later than the horizon", so a
    /// percentile that falls among those paths is `None`. Raising the target can only delay
    /// each path's crossing, so every percentile is monotone in the target.
    pub fn percentiles(&self) -> CrossingYears {
        let n = self.n_paths;
        let pick = |q: f64| -> Option<i32> {
            if n == 0 {
                return None;
            }
            // Nearest-rank percentile: deterministic and never interpolates between years.
            let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
            let mut seen = 0;
            self.years.iter().zip(&self.counts).find_map(|(&y, &c)| {
                seen += c;
                (seen >= rank).then_some(y)
            })
        };
        let crossed: usize = self.counts.iter().sum();
        CrossingYears {
            p10: pick(0.10),
            p50: pick(0.50),
            p90: pick(0.90),
            never_share: if n == 0 {
                1.0
            } else {
                (n - crossed) as f64 / n as f64
            },
            horizon_end: self.years.last().copied().unwrap_or(0),
        }
    }

    /// Share of paths at or above the target in some year up to and including `year`.
    pub fn probability_by(&self, year: i32) -> f64 {
        if self.n_paths == 0 {
            return 0.0;
        }
        let hits: usize = self
            .years
            .iter()
            .zip(&self.counts)
            .take_while(|(&y, _)| y <= year)
            .map(|(_, &c)| c)
            .sum();
        hits as f64 / self.n_paths as f64
    }
}

/// Crossing-year percentiles over simulated paths (rows) for forecast `years` (columns); see
/// [`Crossings::percentiles`].
pub fn crossing_years(paths: ArrayView2<'_, f64>, years: &[i32], target: f64) -> CrossingYears {
    Crossings::from_paths(paths, years, target).percentiles()
}

/// Share of paths at or above `target` in some year up to and including `year`.
pub fn probability_by(paths: ArrayView2<'_, f64>, years: &[i32], target: f64, year: i32) -> f64 {
    Crossings::from_paths(paths, years, target).probability_by(year)
}

/// Compound annual growth needed to go from `from` to `to` in `years` years.
pub fn required_growth(from: f64, to: f64, years: i32) -> Option<f64> {
    (years > 0 && from > 0.0 && to > 0.0).then(|| (to / from).powf(1.0 / f64::from(years)) - 1.0)
}

/// CAGR over the last up-to-four observed points (three intervals) of a series.
pub fn recent_growth(series: &Series) -> Option<f64> {
    let pts = &series.points;
    let last = pts.last()?;
    let first = &pts[pts.len().saturating_sub(4)];
    required_growth(first.value_usd, last.value_usd, last.year - first.year)
}

/// The last year a target assessment needs simulated: ten years after the as-of year, and the deadline.
pub fn horizon_end(target: &Target, as_of: Date) -> i32 {
    let ten = as_of.year() + 10;
    target.deadline.map_or(ten, |d| d.max(ten))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn forty_percent_from_329m_crosses_1bn_in_2025() {
        // DESIGN §5: 329 → 460 → 644 → 902 → 1262 at a steady 40% a year.
        let years: Vec<i32> = (2021..=2026).collect();
        let values: Vec<f64> = (0..6).map(|k| 329e6 * 1.4f64.powi(k)).collect();
        assert_eq!(first_crossing(&years, &values, 1e9), Some(2025));
        assert_eq!(first_crossing(&years, &values, 1e12), None);
    }

    #[test]
    fn percentiles_treat_never_as_after_the_horizon() {
        let years = [2024, 2025, 2026];
        // Five paths: cross in 2024, 2025, 2026, never, never.
        let paths = Array2::from_shape_vec(
            (5, 3),
            vec![
                2.0, 2.0, 2.0, 0.0, 2.0, 2.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
            ],
        )
        .unwrap();
        let c = crossing_years(paths.view(), &years, 1.0);
        assert_eq!((c.p10, c.p50, c.p90), (Some(2024), Some(2026), None));
        assert!((c.never_share - 0.4).abs() < 1e-12);
        assert!((probability_by(paths.view(), &years, 1.0, 2025) - 0.4).abs() < 1e-12);
        assert_eq!(probability_by(paths.view(), &years, 1.0, 2023), 0.0);
    }

    #[test]
    fn required_growth_is_the_cagr_to_the_target() {
        let g = required_growth(644e6, 1e9, 2).unwrap();
        assert!((644e6 * (1.0 + g) * (1.0 + g) - 1e9).abs() < 1.0);
        assert_eq!(required_growth(1.0, 2.0, 0), None);
    }
}
