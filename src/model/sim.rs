//! What a fitted model needs to simulate future paths with parameter and noise uncertainty.
//!
//! Every simulation draws σ from its posterior under a flat prior (σ̂² · df / χ²_df) first, then
//! the model's parameters given σ, then the yearly noise, so that the spread of the paths matches
//! the Student t intervals of the forecast.

use ndarray::Array2;

use super::stats::{mix_seed, Normals};
use super::Fitted;

/// Largest log value turned back into USD: keeps absurd extrapolations finite.
pub(crate) const MAX_LOG: f64 = 700.0;

/// `exp` clamped so the result is finite and positive.
pub(crate) fn safe_exp(x: f64) -> f64 {
    x.clamp(-MAX_LOG, MAX_LOG).exp()
}

/// Model internals for simulation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Sim {
    /// A trend line (levels or logs): value = c + b (t − t̄) + noise, with
    /// var(ĉ) = σ²/Σw and var(b̂) = σ²/Sxx, independent in this centred form.
    Line {
        log: bool,
        c: f64,
        b: f64,
        tbar: f64,
        sw: f64,
        sxx: f64,
        sigma: f64,
        df: usize,
        /// Forecast times (t = year − first year).
        t: Vec<f64>,
    },
    /// A log-scale walk from the last value: z_h = z0 + anchor + h μ + Σ noise, with
    /// μ ~ N(μ̂, σ² · mu_var) and anchor ~ N(0, σ² · anchor_var); `noise` off gives a steady
    /// (uncertain) growth rate without year-to-year shocks.
    Walk {
        z0: f64,
        mu: f64,
        mu_var: f64,
        anchor_var: f64,
        sigma: f64,
        df: usize,
        noise: bool,
    },
    /// ETS(A,Ad,N) on the log scale from its final state; α, β, φ are held at their estimates
    /// (their uncertainty is not simulated), σ is drawn.
    Ets {
        level: f64,
        trend: f64,
        alpha: f64,
        beta: f64,
        phi: f64,
        sigma: f64,
        df: usize,
    },
    /// A combination: members' paths matched by rank of their final value and averaged on the
    /// log scale with these weights (the path-level analogue of averaging quantiles).
    Mix { members: Vec<(Fitted, f64)> },
}

impl Sim {
    /// `n_paths` × `horizon` paths in USD.
    pub(crate) fn paths(&self, n_paths: usize, horizon: usize, seed: u64) -> Array2<f64> {
        let mut out = Array2::<f64>::zeros((n_paths, horizon));
        if horizon == 0 || n_paths == 0 {
            return out;
        }
        // One random stream per path (seeded from the seed and the path's index): a path's first
        // years are then the same whatever the horizon, so a later deadline can never lower the
        // probability of reaching a target by it.
        let stream = |row: usize| Normals::new(mix_seed(seed, row as u64));
        match self {
            Sim::Line {
                log,
                c,
                b,
                tbar,
                sw,
                sxx,
                sigma,
                df,
                t,
            } => {
                for (i, mut row) in out.rows_mut().into_iter().enumerate() {
                    let mut rng = stream(i);
                    let s = rng.sigma(*sigma, *df);
                    let cd = c + s / sw.sqrt() * rng.next();
                    let bd = b + s / sxx.sqrt() * rng.next();
                    for (h, cell) in row.iter_mut().enumerate() {
                        let x = cd + bd * (t[h] - tbar) + s * rng.next();
                        *cell = if *log { safe_exp(x) } else { x.max(0.0) };
                    }
                }
            }
            Sim::Walk {
                z0,
                mu,
                mu_var,
                anchor_var,
                sigma,
                df,
                noise,
            } => {
                for (i, mut row) in out.rows_mut().into_iter().enumerate() {
                    let mut rng = stream(i);
                    let s = rng.sigma(*sigma, *df);
                    let md = mu + s * mu_var.sqrt() * rng.next();
                    let mut z = z0 + s * anchor_var.sqrt() * rng.next();
                    for cell in row.iter_mut() {
                        z += md;
                        if *noise {
                            z += s * rng.next();
                        }
                        *cell = safe_exp(z);
                    }
                }
            }
            Sim::Ets {
                level,
                trend,
                alpha,
                beta,
                phi,
                sigma,
                df,
            } => {
                for (i, mut row) in out.rows_mut().into_iter().enumerate() {
                    let mut rng = stream(i);
                    let s = rng.sigma(*sigma, *df);
                    let (mut l, mut b) = (*level, *trend);
                    for cell in row.iter_mut() {
                        let e = s * rng.next();
                        let yhat = l + phi * b;
                        *cell = safe_exp(yhat + e);
                        l = yhat + alpha * e;
                        b = phi * b + beta * e;
                    }
                }
            }
            Sim::Mix { members } => {
                for (i, (member, weight)) in members.iter().enumerate() {
                    let mut paths = member.sample_paths(n_paths, mix_seed(seed, i as u64 + 1));
                    paths.mapv_inplace(f64::ln);
                    let mut order: Vec<usize> = (0..n_paths).collect();
                    order.sort_by(|&a, &b| {
                        paths[[a, horizon - 1]]
                            .total_cmp(&paths[[b, horizon - 1]])
                            .then(a.cmp(&b))
                    });
                    for (rank, &r) in order.iter().enumerate() {
                        for h in 0..horizon {
                            out[[rank, h]] += weight * paths[[r, h]];
                        }
                    }
                }
                out.mapv_inplace(safe_exp);
            }
        }
        out
    }
}

impl Sim {
    /// Scales every σ by `k` (a combination: each member's), so that paths widen as the band
    /// does when the backtest calibration widens it (see `calibrate.rs`).
    pub(crate) fn widen(&mut self, k: f64) {
        match self {
            Sim::Line { sigma, .. } | Sim::Walk { sigma, .. } | Sim::Ets { sigma, .. } => {
                *sigma *= k
            }
            Sim::Mix { members } => {
                for (member, _) in members {
                    member.sim.widen(k);
                }
            }
        }
    }
}
