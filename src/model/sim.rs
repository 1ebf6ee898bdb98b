//! What a fitted model needs to simulate future paths with parameter and noise uncertainty.
//!
//! Every simulation draws σ from its posterior under a flat prior (σ̂² · df / χ²_df) first, then
//! the model's parameters given σ, then the yearly noise, so that the spread of the paths matches
//! the Student t intervals of the forecast.
//!
//! Paths are computed year by year across all paths at once (state vectors, no per-path loop
//! over years), on the model's own scale: logarithms for the log-scale models, so that a target
//! test needs no `exp` (`exp` and the normal draws were most of batch time with targets).
//!
//! Random streams (one seed per simulation): the draws that fix each path's parameters come
//! from one stream per member, and year `h`'s shocks from stream [`NOISE_STREAM`] + h, path by
//! path. A path's first years are then the same whatever the horizon, so a later deadline can
//! never lower the probability of reaching a target by it. Paths come in antithetic pairs
//! (shocks z and −z, one σ), see [`paired_normals`].
//!
//! The parameter streams and the shock streams may have different seeds ([`Seeds`]): batch
//! gives each series its own parameter seed and every series the run's shock seed, so the
//! yearly shocks (half of a simulation's draws) are drawn once per thread and reused
//! ([`yearly_shocks`]). The series' probabilities are then estimated with common random
//! numbers: each is as accurate as before, and their Monte Carlo errors are alike.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use ndarray::Array2;
use rand::rngs::Xoshiro256PlusPlus;
use rand::SeedableRng;
use rand_distr::{ChiSquared, Distribution, StandardNormal};

use super::kind::ModelKind;

/// The generator: Xoshiro256++ (rand's named algorithm, so the same stream on every platform),
/// about twice as fast as ChaCha8 here, which matters at 10,000 draws a series.
type Rng = Xoshiro256PlusPlus;

/// Largest log value turned back into USD: keeps absurd extrapolations finite.
pub(crate) const MAX_LOG: f64 = 700.0;

/// First stream number of the yearly shocks; parameter streams are numbered from 0.
const NOISE_STREAM: u64 = 1 << 32;

/// The seeds of a simulation: of the streams that fix each path's parameters, and of the yearly
/// shocks. One seed for both (`From<u64>`) is the usual case; batch shares the shock seed
/// across series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seeds {
    /// Seed of the parameter streams (σ, drift, starting level, the mixture's members).
    pub params: u64,
    /// Seed of the yearly shocks.
    pub shocks: u64,
}

impl From<u64> for Seeds {
    fn from(seed: u64) -> Seeds {
        Seeds {
            params: seed,
            shocks: seed,
        }
    }
}

/// `exp` clamped so the result is finite and positive.
pub(crate) fn safe_exp(x: f64) -> f64 {
    x.clamp(-MAX_LOG, MAX_LOG).exp()
}

/// A log-scale walk from the last value: z_h = z0 + anchor + h μ + Σ noise, with
/// μ ~ N(μ̂, σ² · mu_var) and anchor ~ N(0, σ² · anchor_var); `noise` off gives a steady
/// (uncertain) growth rate without year-to-year shocks. Its band ([`super::law::Law::Walk`])
/// and its simulation ([`Sim::Walk`]) read the same numbers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Walk {
    pub z0: f64,
    pub mu: f64,
    pub mu_var: f64,
    pub anchor_var: f64,
    pub sigma: f64,
    pub df: usize,
    pub noise: bool,
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
        /// Time of the last observation (t = year − first year): year h ≥ 1 is at `t_last + h`.
        t_last: f64,
    },
    /// A log-scale walk ([`Walk`]).
    Walk(Walk),
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
    /// A combination, simulated as a mixture: consecutive blocks of paths follow each member, in
    /// proportion to its weight. The chance of reaching a target is then the weighted average
    /// of the members' chances. The paths' spread includes the members' disagreement, so it is
    /// wider than the combination's quantile-averaged band where the members disagree.
    Mix {
        /// Each member: which model, its simulation, its weight.
        members: Vec<(ModelKind, Sim, f64)>,
    },
    /// The pooled model: year h (0-based) is `loc[h] + scale[h] · G_h(S_h / √(h+1))`, where
    /// `S_h` is a Gaussian random walk and `G_h` the panel's standardised-error table read by
    /// normal score (`table[h]`, the last one past its end): each year has the band's
    /// distribution, and years are tied as a random walk's are.
    Pooled {
        loc: Vec<f64>,
        scale: Vec<f64>,
        table: Vec<Vec<f64>>,
    },
}

/// Simulated paths on a model's own scale.
#[derive(Debug, Clone, PartialEq)]
pub struct SimPaths {
    /// One row per forecast year, one column per path (year-major: the order they are computed in).
    values: Array2<f64>,
    /// Whether values are logarithms of USD (all models but the linear trend).
    log: bool,
}

impl SimPaths {
    /// Number of paths.
    pub fn n_paths(&self) -> usize {
        self.values.ncols()
    }

    /// For each path, the index of the first forecast year at or above `target_usd`, or `None`
    /// if it stays below over the whole horizon. Compared on the simulation's own scale, so no
    /// value is exponentiated.
    pub fn first_crossings(&self, target_usd: f64) -> Vec<Option<usize>> {
        let threshold = if self.log {
            target_usd.ln()
        } else {
            target_usd
        };
        let mut first = vec![NEVER; self.n_paths()];
        for (h, year) in self.values.rows().into_iter().enumerate() {
            let year = year.as_slice().expect("kept in standard layout");
            mark_crossings(&mut first, h, year, threshold);
        }
        from_marks(first)
    }

    /// The paths in USD: one row per path, one column per forecast year.
    pub fn into_usd(self) -> Array2<f64> {
        let log = self.log;
        let mut usd = self
            .values
            .reversed_axes()
            .as_standard_layout()
            .into_owned();
        usd.mapv_inplace(|v| if log { safe_exp(v) } else { v });
        usd
    }
}

impl Sim {
    /// Whether paths are simulated as logarithms of USD (all models but the linear trend).
    fn is_log(&self) -> bool {
        !matches!(self, Sim::Line { log: false, .. })
    }

    /// `n_paths` paths over `horizon` years on the model's own scale.
    pub(crate) fn simulate(&self, n_paths: usize, horizon: usize, seeds: Seeds) -> SimPaths {
        let mut values = Array2::<f64>::zeros((horizon, n_paths));
        self.run(n_paths, horizon, seeds, |h, year| {
            values.row_mut(h).assign(&ndarray::ArrayView1::from(year));
        });
        SimPaths {
            values,
            log: self.is_log(),
        }
    }

    /// For each of `n_paths` paths over `horizon` years, the index of the first year at or
    /// above `target_usd` (`None`: never): [`SimPaths::first_crossings`] of
    /// [`Sim::simulate`], without keeping the paths.
    pub(crate) fn first_crossings(
        &self,
        n_paths: usize,
        horizon: usize,
        seeds: Seeds,
        target_usd: f64,
    ) -> Vec<Option<usize>> {
        let threshold = if self.is_log() {
            target_usd.ln()
        } else {
            target_usd
        };
        if let Sim::Pooled { loc, scale, table } = self {
            return pooled_crossings(loc, scale, table, n_paths, horizon, seeds, threshold);
        }
        let mut first = vec![NEVER; n_paths];
        self.run(n_paths, horizon, seeds, |h, year| {
            mark_crossings(&mut first, h, year, threshold)
        });
        from_marks(first)
    }

    /// Simulates year by year, handing `visit` each year's values of all paths. Only a year's
    /// shocks and each path's state are held, so memory does not grow with the horizon.
    fn run(
        &self,
        n_paths: usize,
        horizon: usize,
        seeds: Seeds,
        mut visit: impl FnMut(usize, &[f64]),
    ) {
        if n_paths == 0 {
            return;
        }
        let mut blocks = match self {
            Sim::Mix { members } => {
                let total: f64 = members.iter().map(|(_, _, w)| w).sum();
                let (mut cum, mut start) = (0.0, 0);
                let mut blocks = Vec::with_capacity(members.len());
                for (m, (_, member, weight)) in members.iter().enumerate() {
                    cum += weight / total;
                    let end = if m + 1 == members.len() {
                        n_paths
                    } else {
                        ((cum * n_paths as f64).round() as usize).clamp(start, n_paths)
                    };
                    let mut params = stream(seeds.params, m as u64 + 1);
                    blocks.push(Block::new(member, start..end, &mut params));
                    start = end;
                }
                blocks
            }
            single => vec![Block::new(single, 0..n_paths, &mut stream(seeds.params, 0))],
        };
        let shocks = yearly_shocks(seeds.shocks, n_paths, horizon);
        let mut year = vec![0.0; n_paths];
        for (h, shocks) in shocks.iter().take(horizon).enumerate() {
            for block in &mut blocks {
                let rows = block.rows.clone();
                block.step(h, &shocks[rows.clone()], &mut year[rows]);
            }
            visit(h, &year);
        }
    }
}

/// [`Sim::first_crossings`] of a pooled model without reading the table on every path: the
/// table is monotone, so "year h's value reaches the target" is "the walk of normal scores
/// reaches one bound", found once a year by inverting the table. Same shocks, same answer as
/// simulating the values (up to rounding at the bound itself).
fn pooled_crossings(
    loc: &[f64],
    scale: &[f64],
    table: &[Vec<f64>],
    n_paths: usize,
    horizon: usize,
    seeds: Seeds,
    log_target: f64,
) -> Vec<Option<usize>> {
    let mut first = vec![NEVER; n_paths];
    if n_paths == 0 || loc.is_empty() || table.is_empty() {
        return from_marks(first);
    }
    let shocks = yearly_shocks(seeds.shocks, n_paths, horizon);
    let mut walk = vec![0.0; n_paths];
    for (h, shocks) in shocks.iter().take(horizon).enumerate() {
        let i = h.min(loc.len() - 1);
        let q = &table[h.min(table.len() - 1)];
        // The smallest normal score whose value reaches the target, as a bound on the walk.
        let c = (log_target - loc[i]) / scale[i];
        let bound = crate::knowledge::score_reaching(q, c) * ((h + 1) as f64).sqrt();
        let h = h as u32;
        for ((f, w), z) in first.iter_mut().zip(walk.iter_mut()).zip(shocks) {
            *w += z;
            *f = if *f == NEVER && *w >= bound { h } else { *f };
        }
    }
    from_marks(first)
}

/// Longest horizon whose shocks a thread keeps for the next simulation.
const CACHED_YEARS: usize = 64;

/// Year `h`'s shocks of `n_paths` paths for `seed`, h = 0 … `horizon` − 1 (or more): stream
/// [`NOISE_STREAM`] + h, antithetic. Each thread keeps the last ones it drew (up to
/// [`CACHED_YEARS`] years) for the next simulation with the same shock seed.
fn yearly_shocks(seed: u64, n_paths: usize, horizon: usize) -> Rc<Vec<Vec<f64>>> {
    type Last = Option<(u64, usize, Rc<Vec<Vec<f64>>>)>;
    thread_local! {
        static LAST: RefCell<Last> = const { RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((s, n, rows)) = last.as_ref() {
            if *s == seed && *n == n_paths && rows.len() >= horizon {
                return Rc::clone(rows);
            }
        }
        let rows: Vec<Vec<f64>> = (0..horizon)
            .map(|h| {
                let mut z = vec![0.0; n_paths];
                fill_paired(&mut stream(seed, NOISE_STREAM + h as u64), &mut z);
                z
            })
            .collect();
        let rows = Rc::new(rows);
        if horizon <= CACHED_YEARS {
            *last = Some((seed, n_paths, Rc::clone(&rows)));
        }
        rows
    })
}

/// The sentinel of a path that has not crossed (yet).
const NEVER: u32 = u32::MAX;

/// Marks paths that first reach `threshold` in year `h`. Branch-free, so it vectorises.
fn mark_crossings(first: &mut [u32], h: usize, year: &[f64], threshold: f64) {
    let h = h as u32;
    for (f, &v) in first.iter_mut().zip(year) {
        *f = if *f == NEVER && v >= threshold { h } else { *f };
    }
}

fn from_marks(first: Vec<u32>) -> Vec<Option<usize>> {
    first
        .into_iter()
        .map(|f| (f != NEVER).then_some(f as usize))
        .collect()
}

/// A block of paths following one single model: each path's drawn parameters and state.
struct Block<'a> {
    rows: Range<usize>,
    /// Each path's σ.
    s: Vec<f64>,
    state: State<'a>,
}

enum State<'a> {
    /// Intercept and slope per path.
    Line {
        cd: Vec<f64>,
        bd: Vec<f64>,
        t_last: f64,
        tbar: f64,
        log: bool,
    },
    /// Drift and current log value per path.
    Walk {
        md: Vec<f64>,
        z: Vec<f64>,
        shocks: bool,
    },
    /// The random walk of normal scores per path, and the model.
    Pooled {
        walk: Vec<f64>,
        loc: &'a [f64],
        scale: &'a [f64],
        table: &'a [Vec<f64>],
    },
    /// Level and trend per path.
    Ets {
        l: Vec<f64>,
        b: Vec<f64>,
        alpha: f64,
        beta: f64,
        phi: f64,
    },
}

impl<'a> Block<'a> {
    /// Draws the parameters of paths `rows` of `sim` (a single model) from `params`.
    fn new(sim: &'a Sim, rows: Range<usize>, params: &mut Rng) -> Self {
        let k = rows.len();
        // `draws(scale, centre)`: centre + scale · s · z per path, z antithetic.
        let draws = |params: &mut Rng, s: &[f64], centre: f64, scale: f64| -> Vec<f64> {
            paired_normals(params, k)
                .iter()
                .zip(s)
                .map(|(z, s)| centre + scale * s * z)
                .collect()
        };
        let (s, state) = match sim {
            Sim::Line {
                log,
                c,
                b,
                tbar,
                sw,
                sxx,
                sigma,
                df,
                t_last,
            } => {
                let s = sigmas(params, *sigma, *df, k);
                let cd = draws(params, &s, *c, 1.0 / sw.sqrt());
                let bd = draws(params, &s, *b, 1.0 / sxx.sqrt());
                let state = State::Line {
                    cd,
                    bd,
                    t_last: *t_last,
                    tbar: *tbar,
                    log: *log,
                };
                (s, state)
            }
            Sim::Walk(Walk {
                z0,
                mu,
                mu_var,
                anchor_var,
                sigma,
                df,
                noise,
            }) => {
                let s = sigmas(params, *sigma, *df, k);
                let md = draws(params, &s, *mu, mu_var.sqrt());
                let z = draws(params, &s, *z0, anchor_var.sqrt());
                let state = State::Walk {
                    md,
                    z,
                    shocks: *noise,
                };
                (s, state)
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
                let s = sigmas(params, *sigma, *df, k);
                let state = State::Ets {
                    l: vec![*level; k],
                    b: vec![*trend; k],
                    alpha: *alpha,
                    beta: *beta,
                    phi: *phi,
                };
                (s, state)
            }
            Sim::Pooled { loc, scale, table } => (
                vec![1.0; k],
                State::Pooled {
                    walk: vec![0.0; k],
                    loc,
                    scale,
                    table,
                },
            ),
            // Members are single models; a nested combination simulates as its first member.
            Sim::Mix { members } => match members.first() {
                Some((_, first, _)) => return Block::new(first, rows, params),
                None => (
                    vec![0.0; k],
                    State::Walk {
                        md: vec![0.0; k],
                        z: vec![0.0; k],
                        shocks: false,
                    },
                ),
            },
        };
        Block { rows, s, state }
    }

    /// Year `h` of these paths from their shocks `z`, into `out`. Written with zipped
    /// iterators so that no index is bounds-checked in the loops.
    fn step(&mut self, h: usize, z: &[f64], out: &mut [f64]) {
        let s = &self.s;
        match &mut self.state {
            State::Line {
                cd,
                bd,
                t_last,
                tbar,
                log,
            } => {
                let dt = (*t_last + (h + 1) as f64) - *tbar;
                for ((o, (c, b)), (s, z)) in out
                    .iter_mut()
                    .zip(cd.iter().zip(bd.iter()))
                    .zip(s.iter().zip(z))
                {
                    let x = c + b * dt + s * z;
                    // A level can fall to zero but not below.
                    *o = if *log { x } else { x.max(0.0) };
                }
            }
            State::Walk {
                md,
                z: level,
                shocks,
            } => {
                let shock = if *shocks { 1.0 } else { 0.0 };
                for ((x, m), (s, z)) in level.iter_mut().zip(md.iter()).zip(s.iter().zip(z)) {
                    *x += m + shock * s * z;
                }
                out.copy_from_slice(level);
            }
            State::Pooled {
                walk,
                loc,
                scale,
                table,
            } => {
                let i = h.min(loc.len().saturating_sub(1));
                let (l, sc) = (loc[i], scale[i]);
                let q = &table[h.min(table.len() - 1)];
                let root = ((h + 1) as f64).sqrt().recip();
                for ((o, w), z) in out.iter_mut().zip(walk.iter_mut()).zip(z) {
                    *w += z;
                    *o = l + sc * crate::knowledge::read_table(q, *w * root);
                }
            }
            State::Ets {
                l,
                b,
                alpha,
                beta,
                phi,
            } => {
                let (alpha, beta, phi) = (*alpha, *beta, *phi);
                for ((o, (l, b)), (s, z)) in out
                    .iter_mut()
                    .zip(l.iter_mut().zip(b.iter_mut()))
                    .zip(s.iter().zip(z))
                {
                    let e = s * z;
                    let yhat = *l + phi * *b;
                    *o = yhat + e;
                    *l = yhat + alpha * e;
                    *b = phi * *b + beta * e;
                }
            }
        }
    }
}

/// `k` standard normals in antithetic pairs (z, −z), the last one unpaired when `k` is odd.
///
/// Each path is still exactly normal; pairing halves the draws (the costliest part of a
/// simulation) and lowers the Monte Carlo error of quantities that move with the shocks, such
/// as the chance of reaching a target.
fn paired_normals(rng: &mut Rng, k: usize) -> Vec<f64> {
    let mut z = vec![0.0; k];
    fill_paired(rng, &mut z);
    z
}

/// [`paired_normals`] into `z`.
fn fill_paired(rng: &mut Rng, z: &mut [f64]) {
    let mut pairs = z.chunks_exact_mut(2);
    for pair in &mut pairs {
        let x = normal(rng);
        pair[0] = x;
        pair[1] = -x;
    }
    if let [last] = pairs.into_remainder() {
        *last = normal(rng);
    }
}

/// `k` draws of σ from its posterior, the two paths of an antithetic pair sharing theirs.
fn sigmas(rng: &mut Rng, sigma_hat: f64, df: usize, k: usize) -> Vec<f64> {
    let chi = chi_square(df);
    let mut s = Vec::with_capacity(k);
    while s.len() < k {
        let x = draw_sigma(rng, &chi, sigma_hat, df);
        s.push(x);
        if s.len() < k {
            s.push(x);
        }
    }
    s
}

/// Stream `id` for `seed`: the generator seeded with both mixed (SplitMix64 finaliser), so
/// that streams of one seed, and the same stream of nearby seeds, are unrelated.
fn stream(seed: u64, id: u64) -> Rng {
    let mut z = seed ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    Rng::seed_from_u64(z ^ (z >> 31))
}

/// One standard normal draw (rand_distr's ziggurat: about one 64-bit draw per normal).
fn normal(rng: &mut Rng) -> f64 {
    StandardNormal.sample(rng)
}

/// The χ² distribution of σ̂² · df / σ² (at least one degree of freedom).
fn chi_square(df: usize) -> ChiSquared<f64> {
    ChiSquared::new(df.max(1) as f64).expect("a positive number of degrees of freedom")
}

/// A draw of σ from its posterior under the flat prior p(σ) ∝ 1/σ: σ̂² · df / χ²_df. Used so
/// simulated paths carry the uncertainty of σ̂ (the reason t, not normal, intervals are used).
fn draw_sigma(rng: &mut Rng, chi: &ChiSquared<f64>, sigma_hat: f64, df: usize) -> f64 {
    let x: f64 = chi.sample(rng);
    sigma_hat * (df.max(1) as f64 / x.max(1e-12)).sqrt()
}

impl Sim {
    /// Scales every σ by `k` (a combination: each member's), so that paths widen as the band
    /// does when the backtest calibration widens it (see `calibrate.rs`).
    pub(crate) fn widen(&mut self, k: f64) {
        match self {
            Sim::Line { sigma, .. } | Sim::Walk(Walk { sigma, .. }) | Sim::Ets { sigma, .. } => {
                *sigma *= k
            }
            Sim::Mix { members } => {
                for (_, member, _) in members {
                    member.widen(k);
                }
            }
            Sim::Pooled { scale, .. } => scale.iter_mut().for_each(|s| *s *= k),
        }
    }
}
