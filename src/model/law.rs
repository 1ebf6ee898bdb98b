//! What fitting a single model leaves, without a horizon: a [`Law`], the parameters and spread
//! its band ([`Band`]) and its simulation ([`Sim`]) come from, for any number of years ahead.
//! Fitting makes one; forecasting asks it for the years wanted ([`Law::band`], [`Law::sim`]).

use crate::knowledge::{Class, Features};

use super::ets::AadnFit;
use super::sim::{Sim, Walk};
use super::stats::se_new_observation;

/// A predictive distribution per forecast step: centre ± t_df quantile × se, on the log scale
/// (then exponentiated) or in levels (then clamped at zero).
pub(crate) struct Band {
    pub log: bool,
    pub center: Vec<f64>,
    pub se: Vec<f64>,
    pub df: f64,
    /// Log-scale ends given directly (median, 80% low/high, 95% low/high), for bands that are
    /// not centre ± t quantile × se (the pooled model's skewed ones).
    pub ends: Option<Vec<[f64; 5]>>,
}

/// A walk's variance `h` years ahead in units of σ², before the starting point's own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum WalkVar {
    /// Yearly shocks only (naive): h.
    Shocks,
    /// Shocks and a rate estimated over `span` years (drift): h + h²/T.
    ShocksAndRate { span: f64 },
    /// A rate estimated over `span` years, no shocks (CAGR): h²/T.
    Rate { span: f64 },
    /// Shocks and a rate as uncertain as one year's shock (latest growth): h + h².
    ShocksAndOneYear,
}

impl WalkVar {
    fn at(self, h: f64) -> f64 {
        match self {
            WalkVar::Shocks => h,
            WalkVar::ShocksAndRate { span } => h + h * h / span,
            WalkVar::Rate { span } => h * h / span,
            WalkVar::ShocksAndOneYear => h + h * h,
        }
    }
}

/// A single model's fitted state, without a horizon.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Law {
    /// A trend line `intercept + slope · t` (levels or logs) with its prediction variance
    /// σ² (1 + 1/Σw + (t − t̄)²/Sxx), forecast at `t_last + h`.
    Line {
        log: bool,
        intercept: f64,
        slope: f64,
        sw: f64,
        tbar: f64,
        sxx: f64,
        sigma: f64,
        df: usize,
        t_last: f64,
    },
    /// A log-scale walk ([`Walk`]): centre `z0 + h μ`, se `σ √(var(h) + anchor_var)`; its
    /// simulation is the same walk.
    Walk { walk: Walk, var: WalkVar },
    /// Damped-trend smoothing from its final state (`fit.fitted` is not kept).
    Ets { fit: AadnFit, sigma: f64, df: usize },
    /// The pooled model: location from the series' features and the panel's drift and class,
    /// scale `σ √(h + anchor_var)`, ends read off the class's table.
    Pooled {
        features: Features,
        drift: f64,
        class: Class,
        sigma: f64,
        anchor_var: f64,
    },
}

impl Law {
    /// The band for `steps` years ahead (1 … `steps`).
    pub(crate) fn band(&self, steps: usize) -> Band {
        match self {
            Law::Line {
                log,
                intercept,
                slope,
                sw,
                tbar,
                sxx,
                sigma,
                df,
                t_last,
            } => {
                let ft: Vec<f64> = (1..=steps).map(|h| t_last + h as f64).collect();
                Band {
                    log: *log,
                    // What `LineFit::predict` and `LineFit::se_prediction` compute.
                    center: ft.iter().map(|&t| intercept + slope * t).collect(),
                    se: ft
                        .iter()
                        .map(|&t| se_new_observation(*sigma, *sw, *tbar, *sxx, t))
                        .collect(),
                    df: *df as f64,
                    ends: None,
                }
            }
            Law::Walk {
                walk:
                    Walk {
                        z0,
                        mu,
                        anchor_var,
                        sigma,
                        df,
                        ..
                    },
                var,
            } => {
                let mut center = Vec::with_capacity(steps);
                let mut se = Vec::with_capacity(steps);
                for h in 1..=steps {
                    let h = h as f64;
                    center.push(z0 + h * mu);
                    se.push(sigma * (var.at(h) + anchor_var).sqrt());
                }
                Band {
                    log: true,
                    center,
                    se,
                    df: *df as f64,
                    ends: None,
                }
            }
            Law::Ets { fit, sigma, df } => Band {
                log: true,
                center: (1..=steps).map(|h| fit.forecast(h)).collect(),
                se: (1..=steps)
                    .map(|h| sigma * fit.variance_factor(h).sqrt())
                    .collect(),
                df: *df as f64,
                ends: None,
            },
            Law::Pooled { class, .. } => {
                let (loc, scale) = self.pooled_loc_scale(steps);
                let ends: Vec<[f64; 5]> = (1..=steps)
                    .map(|h| {
                        let (l, s) = (loc[h - 1], scale[h - 1]);
                        [0.0, -Z80, Z80, -Z95, Z95].map(|x| l + s * class.at_score(h, x))
                    })
                    .collect();
                Band {
                    log: true,
                    center: ends.iter().map(|e| e[0]).collect(),
                    se: scale,
                    // The ends are given; the t quantiles are unused (normal, for `se`-based
                    // consumers).
                    df: 1e6,
                    ends: Some(ends),
                }
            }
        }
    }

    /// The simulation, for at least `steps` years (only the pooled model's depends on it; the
    /// others simulate any number of years).
    pub(crate) fn sim(&self, steps: usize) -> Sim {
        match self {
            Law::Line {
                log,
                intercept,
                slope,
                sw,
                tbar,
                sxx,
                sigma,
                df,
                t_last,
            } => Sim::Line {
                log: *log,
                c: intercept + slope * tbar,
                b: *slope,
                tbar: *tbar,
                sw: *sw,
                sxx: *sxx,
                sigma: *sigma,
                df: *df,
                t_last: *t_last,
            },
            Law::Walk { walk, .. } => Sim::Walk(walk.clone()),
            Law::Ets { fit, sigma, df } => Sim::Ets {
                level: fit.level,
                trend: fit.trend,
                alpha: fit.params.alpha,
                beta: fit.params.beta,
                phi: fit.params.phi,
                sigma: *sigma,
                df: *df,
            },
            Law::Pooled { class, .. } => {
                let (loc, scale) = self.pooled_loc_scale(steps);
                Sim::Pooled {
                    loc,
                    scale,
                    table: class.quantiles.clone(),
                }
            }
        }
    }

    /// The pooled model's location and scale for 1 … `steps` years ahead (empty for the others).
    fn pooled_loc_scale(&self, steps: usize) -> (Vec<f64>, Vec<f64>) {
        let Law::Pooled {
            features,
            drift,
            class,
            sigma,
            anchor_var,
        } = self
        else {
            return (Vec::new(), Vec::new());
        };
        let loc = (1..=steps)
            .map(|h| features.location_in(*drift, class, h))
            .collect();
        let scale = (1..=steps)
            .map(|h| sigma * (h as f64 + anchor_var).sqrt())
            .collect();
        (loc, scale)
    }
}

/// Normal scores of the band ends: median, 80% and 95%.
pub(crate) const Z80: f64 = 1.281_551_565_544_600_5;
/// See [`Z80`].
pub(crate) const Z95: f64 = 1.959_963_984_540_054;
