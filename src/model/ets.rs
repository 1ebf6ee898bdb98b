//! Additive damped-trend exponential smoothing, ETS(A,Ad,N), fitted by maximum likelihood: the
//! engine behind [`ModelKind::Damped`](super::ModelKind::Damped), which runs it on ln(value).
//!
//! Error-correction form, as in statsmodels' `ETSModel`:
//!
//! ```text
//! ŷ_t = l_{t-1} + φ b_{t-1};  e_t = y_t − ŷ_t;  l_t = ŷ_t + α e_t;  b_t = φ b_{t-1} + β e_t
//! ```
//!
//! with β = α·β* and (α, β*, φ) in the statsmodels default box. With Gaussian errors the
//! likelihood is maximised by the (weighted) sum of squared one-step errors, and since the
//! recursion is linear in the initial states (l₀, b₀), those two are solved exactly by a 2×2
//! least-squares problem for each (α, β*, φ): the optimiser searches only three bounded
//! dimensions (a grid, then Nelder–Mead). Missing years inside the series are stepped over
//! without an update.

/// Simplex size (in unit-cube coordinates) and relative SSE spread at which the search stops.
const XTOL: f64 = 1e-3;
const FTOL: f64 = 1e-10;
/// Budget of a warm-started refit.
const WARM_EVALS: usize = 30;
const WARM_XTOL: f64 = 1e-3;

/// Bounds on the smoothing parameters, as fractions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AadnBounds {
    /// α, the level smoothing.
    pub alpha: (f64, f64),
    /// β* = β/α, the trend smoothing relative to α.
    pub beta_ratio: (f64, f64),
    /// φ, the damping.
    pub phi: (f64, f64),
}

impl AadnBounds {
    /// statsmodels' `ETSModel` defaults: α, β* in [1e-4, 1 − 1e-4], φ in [0.8, 0.98].
    pub const STATSMODELS: AadnBounds = AadnBounds {
        alpha: (1e-4, 1.0 - 1e-4),
        beta_ratio: (1e-4, 1.0 - 1e-4),
        phi: (0.8, 0.98),
    };
}

/// The five parameters of ETS(A,Ad,N).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AadnParams {
    /// Level smoothing α.
    pub alpha: f64,
    /// Trend smoothing β (= α β*).
    pub beta: f64,
    /// Damping φ.
    pub phi: f64,
    /// Level before the first observation, l₀.
    pub level0: f64,
    /// Trend before the first observation, b₀.
    pub trend0: f64,
}

/// A run of the filter: parameters, fit and final state.
#[derive(Debug, Clone, PartialEq)]
pub struct AadnFit {
    /// The parameters.
    pub params: AadnParams,
    /// Weighted sum of squared one-step errors.
    pub sse: f64,
    /// One-step-ahead fitted values, one per observation.
    pub fitted: Vec<f64>,
    /// Level after the last observation.
    pub level: f64,
    /// Trend after the last observation.
    pub trend: f64,
    /// Objective evaluations the optimiser used (0 for a plain run).
    pub evaluations: usize,
}

impl AadnFit {
    /// Point forecast `h ≥ 1` years after the last observation: l + (φ + … + φʰ) b.
    pub fn forecast(&self, h: usize) -> f64 {
        let phi = self.params.phi;
        let mut damp = 0.0;
        let mut p = 1.0;
        for _ in 0..h {
            p *= phi;
            damp += p;
        }
        self.level + damp * self.trend
    }

    /// Forecast variance `h` years ahead in units of σ²: 1 + Σ_{j<h} c_j², with
    /// c_j = α + β (φ + … + φʲ).
    pub fn variance_factor(&self, h: usize) -> f64 {
        let AadnParams {
            alpha, beta, phi, ..
        } = self.params;
        let mut v = 1.0;
        let mut damp = 0.0;
        let mut p = 1.0;
        for _ in 1..h {
            p *= phi;
            damp += p;
            let c = alpha + beta * damp;
            v += c * c;
        }
        v
    }
}

/// Runs the filter with given parameters over observations `y` at integer times `t`
/// (increasing), with weights `w` in the sum of squares.
pub fn run(params: AadnParams, t: &[f64], y: &[f64], w: &[f64]) -> AadnFit {
    let AadnParams {
        alpha,
        beta,
        phi,
        level0,
        trend0,
    } = params;
    let (mut l, mut b) = (level0, trend0);
    let mut sse = 0.0;
    let mut fitted = Vec::with_capacity(y.len());
    for i in 0..y.len() {
        for _ in 1..steps(t, i) {
            l += phi * b;
            b *= phi;
        }
        let yhat = l + phi * b;
        let e = y[i] - yhat;
        fitted.push(yhat);
        sse += w[i] * e * e;
        l = yhat + alpha * e;
        b = phi * b + beta * e;
    }
    AadnFit {
        params,
        sse,
        fitted,
        level: l,
        trend: b,
        evaluations: 0,
    }
}

/// Years from the previous observation (from the initial state for the first one).
#[inline]
fn steps(t: &[f64], i: usize) -> usize {
    if i == 0 {
        1
    } else {
        ((t[i] - t[i - 1]).round() as usize).max(1)
    }
}

/// For given (α, β, φ), the least-squares initial states and the resulting weighted SSE.
/// The one-step errors are e = e_y + l₀ e_L + b₀ e_B, each part from one linear recursion.
fn concentrated(
    alpha: f64,
    beta: f64,
    phi: f64,
    gaps: &[u32],
    y: &[f64],
    w: &[f64],
) -> (f64, f64, f64) {
    // States of the three linear parts: data from (0,0); unit level; unit trend (both no data).
    let (mut ly, mut by) = (0.0, 0.0);
    let (mut ll, mut bl) = (1.0, 0.0);
    let (mut lb, mut bb) = (0.0, 1.0);
    let (mut syy, mut syl, mut syb, mut sll, mut slb, mut sbb) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for i in 0..y.len() {
        for _ in 1..gaps[i] {
            ly += phi * by;
            by *= phi;
            ll += phi * bl;
            bl *= phi;
            lb += phi * bb;
            bb *= phi;
        }
        let py = ly + phi * by;
        let pl = ll + phi * bl;
        let pb = lb + phi * bb;
        let ey = y[i] - py;
        let el = -pl;
        let eb = -pb;
        let wi = w[i];
        syy += wi * ey * ey;
        syl += wi * ey * el;
        syb += wi * ey * eb;
        sll += wi * el * el;
        slb += wi * el * eb;
        sbb += wi * eb * eb;
        ly = py + alpha * ey;
        by = phi * by + beta * ey;
        ll = pl + alpha * el;
        bl = phi * bl + beta * el;
        lb = pb + alpha * eb;
        bb = phi * bb + beta * eb;
    }
    let det = sll * sbb - slb * slb;
    let (l0, b0) = if det > 1e-12 * sll * sbb && det > 0.0 {
        (
            (-syl * sbb + syb * slb) / det,
            (-syb * sll + syl * slb) / det,
        )
    } else if sll > 0.0 {
        (-syl / sll, 0.0)
    } else {
        (0.0, 0.0)
    };
    let sse =
        syy + 2.0 * (l0 * syl + b0 * syb) + l0 * l0 * sll + 2.0 * l0 * b0 * slb + b0 * b0 * sbb;
    (sse.max(0.0), l0, b0)
}

struct Problem<'a> {
    gaps: Vec<u32>,
    y: &'a [f64],
    w: &'a [f64],
    bounds: AadnBounds,
    evaluations: usize,
}

impl Problem<'_> {
    /// Maps the unit cube to (α, β, φ).
    fn params(&self, x: [f64; 3]) -> (f64, f64, f64) {
        let b = &self.bounds;
        let lerp = |(lo, hi): (f64, f64), u: f64| lo + (hi - lo) * u.clamp(0.0, 1.0);
        let alpha = lerp(b.alpha, x[0]);
        (alpha, alpha * lerp(b.beta_ratio, x[1]), lerp(b.phi, x[2]))
    }

    fn sse(&mut self, x: [f64; 3]) -> f64 {
        self.evaluations += 1;
        let (a, b, p) = self.params(x);
        let s = concentrated(a, b, p, &self.gaps, self.y, self.w).0;
        if s.is_finite() {
            s
        } else {
            f64::MAX
        }
    }
}

/// Fits ETS(A,Ad,N) by maximum likelihood within `bounds`; `None` with fewer than two
/// observations. `start` (a point of the unit cube, as returned by [`unit_start`]) skips the
/// initial grid, which backtests use to refit quickly from the full-sample optimum.
pub fn fit_within(
    t: &[f64],
    y: &[f64],
    w: &[f64],
    bounds: AadnBounds,
    start: Option<[f64; 3]>,
) -> Option<AadnFit> {
    if y.len() < 2 || t.len() != y.len() || w.len() != y.len() {
        return None;
    }
    let mut pb = Problem {
        gaps: (0..t.len()).map(|i| steps(t, i) as u32).collect(),
        y,
        w,
        bounds,
        evaluations: 0,
    };
    let (x, step) = match start {
        Some(x) => (x, 0.05),
        None => {
            // Likelihoods of short series are multi-modal and optima often sit on the bounds,
            // so start from the best point of a grid that includes the faces of the box.
            const A: [f64; 4] = [0.0, 0.35, 0.7, 1.0];
            const B: [f64; 3] = [0.0, 0.3, 1.0];
            const P: [f64; 3] = [0.0, 0.5, 1.0];
            let mut best = ([0.5, 0.1, 0.5], f64::INFINITY);
            for &a in &A {
                for &b in &B {
                    for &p in &P {
                        let f = pb.sse([a, b, p]);
                        if f < best.1 {
                            best = ([a, b, p], f);
                        }
                    }
                }
            }
            (best.0, 0.15)
        }
    };
    let x = if start.is_some() {
        // Warm start (backtests): one short search near the full-sample optimum.
        nelder_mead(&mut pb, x, step, WARM_EVALS, WARM_XTOL).0
    } else {
        let (x, _) = nelder_mead(&mut pb, x, step, 300, XTOL);
        // A restart from the optimum with a fresh simplex guards against early collapse.
        nelder_mead(&mut pb, x, step * 0.25, 40, XTOL).0
    };
    let x = snap_to_bounds(&mut pb, x);
    let (alpha, beta, phi) = pb.params(x);
    let mut fit = states_and_run([alpha, beta, phi], &pb.gaps, t, y, w);
    fit.evaluations = pb.evaluations;
    Some(fit)
}

/// The model with α, β and φ held fixed, only the initial states re-estimated (one least-squares
/// solve, no search): how backtests and the calibration refit at past origins cheaply. `None`
/// with fewer than two observations.
pub fn with_smoothing(
    t: &[f64],
    y: &[f64],
    w: &[f64],
    alpha: f64,
    beta: f64,
    phi: f64,
) -> Option<AadnFit> {
    if y.len() < 2 || t.len() != y.len() || w.len() != y.len() {
        return None;
    }
    let gaps: Vec<u32> = (0..t.len()).map(|i| steps(t, i) as u32).collect();
    Some(states_and_run([alpha, beta, phi], &gaps, t, y, w))
}

/// For given α, β, φ: the least-squares initial states, then the run from them.
fn states_and_run(smoothing: [f64; 3], gaps: &[u32], t: &[f64], y: &[f64], w: &[f64]) -> AadnFit {
    let [alpha, beta, phi] = smoothing;
    let (_, level0, trend0) = concentrated(alpha, beta, phi, gaps, y, w);
    let params = AadnParams {
        alpha,
        beta,
        phi,
        level0,
        trend0,
    };
    run(params, t, y, w)
}

/// Fits with statsmodels' default bounds.
pub fn fit(t: &[f64], y: &[f64], w: &[f64]) -> Option<AadnFit> {
    fit_within(t, y, w, AadnBounds::STATSMODELS, None)
}

/// Optima of short series often lie on a face of the box, which the simplex approaches only
/// slowly; try each coordinate near a face exactly on it, and keep it if the fit is no worse.
fn snap_to_bounds(pb: &mut Problem<'_>, mut x: [f64; 3]) -> [f64; 3] {
    let mut best = pb.sse(x);
    for d in 0..3 {
        for face in [0.0, 1.0] {
            if x[d] != face && (x[d] - face).abs() < 0.02 {
                let mut y = x;
                y[d] = face;
                let f = pb.sse(y);
                if f <= best {
                    best = f;
                    x = y;
                }
            }
        }
    }
    x
}

/// The point of the unit cube for fitted parameters (for warm starts).
pub fn unit_start(params: &AadnParams, bounds: AadnBounds) -> [f64; 3] {
    let inv = |(lo, hi): (f64, f64), v: f64| ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
    let ratio = if params.alpha > 0.0 {
        params.beta / params.alpha
    } else {
        0.0
    };
    [
        inv(bounds.alpha, params.alpha),
        inv(bounds.beta_ratio, ratio),
        inv(bounds.phi, params.phi),
    ]
}

/// Bounded Nelder–Mead on the unit cube (points are clamped into the box), standard
/// coefficients (1, 2, ½, ½). Deterministic.
fn nelder_mead(
    pb: &mut Problem<'_>,
    x0: [f64; 3],
    step: f64,
    max_evals: usize,
    xtol: f64,
) -> ([f64; 3], f64) {
    let clamp = |x: [f64; 3]| x.map(|v| v.clamp(0.0, 1.0));
    let mut simplex = [x0; 4];
    for (i, vertex) in simplex.iter_mut().enumerate().skip(1) {
        let d = i - 1;
        // Step inwards when the start sits on the upper face.
        vertex[d] = if x0[d] + step <= 1.0 {
            x0[d] + step
        } else {
            x0[d] - step
        };
    }
    let mut f = [0.0; 4];
    for i in 0..4 {
        simplex[i] = clamp(simplex[i]);
        f[i] = pb.sse(simplex[i]);
    }
    let start = pb.evaluations;
    while pb.evaluations - start < max_evals {
        // Order vertices by objective (best first); ties keep index order for determinism.
        let mut idx = [0usize, 1, 2, 3];
        idx.sort_by(|&a, &b| f[a].total_cmp(&f[b]));
        simplex = idx.map(|i| simplex[i]);
        f = idx.map(|i| f[i]);
        let spread = f[3] - f[0];
        let size = (1..4)
            .map(|i| {
                (0..3)
                    .map(|d| (simplex[i][d] - simplex[0][d]).abs())
                    .fold(0.0, f64::max)
            })
            .fold(0.0, f64::max);
        if size < xtol || spread <= FTOL * f[0].abs() {
            break;
        }
        let mut centroid = [0.0; 3];
        for v in &simplex[..3] {
            for d in 0..3 {
                centroid[d] += v[d] / 3.0;
            }
        }
        let along = |c: f64| {
            clamp(std::array::from_fn(|d| {
                centroid[d] + c * (simplex[3][d] - centroid[d])
            }))
        };
        let xr = along(-1.0);
        let fr = pb.sse(xr);
        if fr < f[0] {
            let xe = along(-2.0);
            let fe = pb.sse(xe);
            if fe < fr {
                simplex[3] = xe;
                f[3] = fe;
            } else {
                simplex[3] = xr;
                f[3] = fr;
            }
        } else if fr < f[2] {
            simplex[3] = xr;
            f[3] = fr;
        } else {
            let (xc, fc) = if fr < f[3] {
                let xc = along(-0.5);
                (xc, pb.sse(xc))
            } else {
                let xc = along(0.5);
                (xc, pb.sse(xc))
            };
            if fc < f[3].min(fr) {
                simplex[3] = xc;
                f[3] = fc;
            } else {
                for i in 1..4 {
                    simplex[i] = clamp(std::array::from_fn(|d| {
                        simplex[0][d] + 0.5 * (simplex[i][d] - simplex[0][d])
                    }));
                    f[i] = pb.sse(simplex[i]);
                }
            }
        }
    }
    let best = (0..4).min_by(|&a, &b| f[a].total_cmp(&f[b])).unwrap_or(0);
    (simplex[best], f[best])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concentrated_states_match_a_direct_run() {
        let t = [0.0, 1.0, 2.0, 4.0, 5.0, 6.0];
        let y = [1.0, 1.2, 1.5, 1.4, 1.9, 2.2];
        let w = [1.0, 1.0, 0.5, 1.0, 1.0, 1.0];
        let gaps: Vec<u32> = (0..t.len()).map(|i| steps(&t, i) as u32).collect();
        let (sse, level0, trend0) = concentrated(0.4, 0.1, 0.9, &gaps, &y, &w);
        let direct = run(
            AadnParams {
                alpha: 0.4,
                beta: 0.1,
                phi: 0.9,
                level0,
                trend0,
            },
            &t,
            &y,
            &w,
        );
        assert!((sse - direct.sse).abs() < 1e-12, "{sse} {}", direct.sse);
        // and it is the minimum over the initial states
        for (dl, db) in [(0.01, 0.0), (0.0, 0.01), (-0.01, 0.005)] {
            let other = run(
                AadnParams {
                    alpha: 0.4,
                    beta: 0.1,
                    phi: 0.9,
                    level0: level0 + dl,
                    trend0: trend0 + db,
                },
                &t,
                &y,
                &w,
            );
            assert!(other.sse > direct.sse);
        }
    }
}
