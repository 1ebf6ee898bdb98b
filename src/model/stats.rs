//! Small numerical helpers shared by the models: Student t quantiles, seeded normal draws,
//! closed-form weighted least squares on one regressor.

use std::sync::OnceLock;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Degrees of freedom for which quantiles are tabulated once per process.
const T_TABLE_MAX_DF: usize = 256;

/// Upper quantiles (0.90, 0.975) of Student's t with `df` degrees of freedom: the multipliers of
/// the standard error for central 80% and 95% intervals.
///
/// Integer degrees of freedom up to 256 come from a table computed once (statrs' inverse CDF is
/// a root search, too slow to call per series in batch mode); larger or fractional ones are
/// computed directly.
pub fn t_quantiles(df: f64) -> (f64, f64) {
    static TABLE: OnceLock<Vec<(f64, f64)>> = OnceLock::new();
    let rounded = df.round();
    if rounded == df && (1.0..=T_TABLE_MAX_DF as f64).contains(&df) {
        let table = TABLE.get_or_init(|| (1..=T_TABLE_MAX_DF).map(|d| t_pair(d as f64)).collect());
        return table[df as usize - 1];
    }
    t_pair(df.max(0.5))
}

fn t_pair(df: f64) -> (f64, f64) {
    // StudentsT::new only fails for non-positive scale or freedom, excluded by the caller.
    let t = StudentsT::new(0.0, 1.0, df).expect("positive degrees of freedom");
    (t.inverse_cdf(0.90), t.inverse_cdf(0.975))
}

/// A seeded stream of standard normal draws (Box–Muller on ChaCha8 uniforms): identical on every
/// platform for a given seed, up to the last bit of `ln`, `sin` and `cos`.
pub struct Normals {
    rng: ChaCha8Rng,
    spare: Option<f64>,
}

impl Normals {
    /// A stream for `seed`.
    pub fn new(seed: u64) -> Self {
        Normals {
            rng: ChaCha8Rng::seed_from_u64(seed),
            spare: None,
        }
    }

    /// A uniform draw in the open interval (0, 1).
    fn uniform(&mut self) -> f64 {
        ((self.rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// One standard normal draw.
    pub fn next(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let u1 = self.uniform();
        let u2 = self.uniform();
        let r = (-2.0 * u1.ln()).sqrt();
        let (s, c) = (std::f64::consts::TAU * u2).sin_cos();
        self.spare = Some(r * s);
        r * c
    }

    /// A chi-square draw with `df` degrees of freedom: 2 · Gamma(df/2).
    pub fn chi_square(&mut self, df: usize) -> f64 {
        2.0 * self.gamma(df.max(1) as f64 / 2.0)
    }

    /// A Gamma(shape, 1) draw by Marsaglia and Tsang's method (2000), with the usual boost
    /// Gamma(a) = Gamma(a + 1) · U^(1/a) for shapes below one.
    fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            let u = self.uniform();
            return self.gamma(shape + 1.0) * u.powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.next();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + d * (1.0 - v + v.ln()) {
                return d * v;
            }
        }
    }

    /// A draw of σ from its posterior under the flat prior p(σ) ∝ 1/σ: σ̂² · df / χ²_df. Used so
    /// simulated paths carry the uncertainty of σ̂ (the reason t, not normal, intervals are used).
    pub fn sigma(&mut self, sigma_hat: f64, df: usize) -> f64 {
        let chi = self.chi_square(df).max(1e-12);
        sigma_hat * (df.max(1) as f64 / chi).sqrt()
    }
}

/// Mixes a user seed with a stream number so that members of a combination, or repeated
/// simulations, use independent but reproducible streams (SplitMix64 finaliser).
pub fn mix_seed(seed: u64, stream: u64) -> u64 {
    let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A weighted least-squares line `y = a + b t` in closed form, with the sums needed for
/// standard errors and prediction intervals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wls {
    /// Intercept (at t = 0).
    pub a: f64,
    /// Slope per year.
    pub b: f64,
    /// Sum of weights.
    pub sw: f64,
    /// Weighted mean of t.
    pub tbar: f64,
    /// Weighted mean of y.
    pub ybar: f64,
    /// Σ w (t − t̄)².
    pub sxx: f64,
}

/// Closed-form weighted least squares of `y` on `t` (needs two distinct `t`).
pub fn wls_line(t: &[f64], y: &[f64], w: &[f64]) -> Wls {
    let mut sw = 0.0;
    let mut st = 0.0;
    let mut sy = 0.0;
    for i in 0..t.len() {
        sw += w[i];
        st += w[i] * t[i];
        sy += w[i] * y[i];
    }
    let tbar = st / sw;
    let ybar = sy / sw;
    let mut sxx = 0.0;
    let mut sxy = 0.0;
    for i in 0..t.len() {
        let dt = t[i] - tbar;
        sxx += w[i] * dt * dt;
        sxy += w[i] * dt * (y[i] - ybar);
    }
    let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    Wls {
        a: ybar - b * tbar,
        b,
        sw,
        tbar,
        ybar,
        sxx,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_tables() {
        // Values from any t table (and the reference JSON files).
        let (q90, q975) = t_quantiles(1.0);
        assert!((q975 - 12.706204736174694).abs() < 1e-9);
        assert!((q90 - 3.0776835371752544).abs() < 1e-9);
        let (q90, q975) = t_quantiles(8.0);
        assert!((q975 - 2.306004135204166).abs() < 1e-9);
        assert!((q90 - 1.3968153097438654).abs() < 1e-9);
    }

    #[test]
    fn normals_are_reproducible_and_standard() {
        let mut a = Normals::new(7);
        let mut b = Normals::new(7);
        let xs: Vec<f64> = (0..20_000).map(|_| a.next()).collect();
        let ys: Vec<f64> = (0..20_000).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
        assert!(mean.abs() < 0.03, "{mean}");
        assert!((var - 1.0).abs() < 0.05, "{var}");
    }

    #[test]
    fn chi_square_has_its_mean_and_variance() {
        let mut r = Normals::new(3);
        for df in [1usize, 2, 5, 18] {
            let xs: Vec<f64> = (0..40_000).map(|_| r.chi_square(df)).collect();
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
            let df = df as f64;
            assert!((mean / df - 1.0).abs() < 0.03, "df {df}: mean {mean}");
            assert!((var / (2.0 * df) - 1.0).abs() < 0.08, "df {df}: var {var}");
        }
    }
}
