//! [`Features`]: what a window of a series' own history says, on the log scale; the same
//! numbers for learning and for forecasting.

use super::format::{Class, Knowledge, MAX_WINDOW, RECENT};

/// What a window of a series' own history says, on the log scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Features {
    /// Points in the window.
    pub n: usize,
    /// The last log value.
    pub last: f64,
    /// Average yearly change over the window.
    pub trend: f64,
    /// The last log value minus the mean of the last [`RECENT`] (or fewer) points.
    pub deviation: f64,
    /// Standard deviation of the yearly changes (each change over a gap of k years divided by
    /// √k), `None` with fewer than two changes.
    pub sd: Option<f64>,
}

impl Features {
    /// Features of the last [`MAX_WINDOW`] points of `years` / log values `z` (at least two
    /// points, years increasing).
    pub fn of(years: &[i32], z: &[f64]) -> Features {
        let start = z.len().saturating_sub(MAX_WINDOW);
        let (years, z) = (&years[start..], &z[start..]);
        let n = z.len();
        let last = z[n - 1];
        let span = f64::from(years[n - 1] - years[0]).max(1.0);
        let trend = (last - z[0]) / span;
        let recent = &z[n.saturating_sub(RECENT)..];
        let deviation = last - recent.iter().sum::<f64>() / recent.len() as f64;
        let changes: Vec<f64> = years
            .windows(2)
            .zip(z.windows(2))
            .map(|(y, v)| (v[1] - v[0]) / f64::from(y[1] - y[0]).max(1.0).sqrt())
            .collect();
        let sd = (changes.len() >= 2).then(|| {
            let m = changes.iter().sum::<f64>() / changes.len() as f64;
            let ss: f64 = changes.iter().map(|c| (c - m).powi(2)).sum();
            (ss / (changes.len() - 1) as f64).sqrt()
        });
        Features {
            n,
            last,
            trend,
            deviation,
            sd,
        }
    }

    /// The location of the log value `h` years ahead before the error table is applied:
    /// `last + h μ + w h (trend − μ) − b deviation`.
    pub fn location(&self, k: &Knowledge, h: usize) -> f64 {
        self.location_in(k.drift, k.class(self.n), h)
    }

    /// [`Features::location`] with the panel's drift and this series' class given.
    pub(crate) fn location_in(&self, drift: f64, c: &Class, h: usize) -> f64 {
        self.last + self.change(h, drift, c.trend_weight, c.reversion)
    }

    /// The forecast log change `h` years ahead for drift μ, trend weight `w` and reversion `b`:
    /// `h μ + w h (trend − μ) − b deviation` (what [`learn`] fits and [`Features::location`]
    /// applies).
    pub(super) fn change(&self, h: usize, drift: f64, w: f64, b: f64) -> f64 {
        let h = h as f64;
        h * drift + w * h * (self.trend - drift) - b * self.deviation
    }
}
