//! Small numerical helpers shared by the models: Student t quantiles and closed-form weighted
//! least squares on one regressor.

use std::sync::OnceLock;

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

/// Standard error of a new observation (weight 1) at time `t` from a weighted line with Σw `sw`,
/// weighted mean time `tbar` and Σ w (t − t̄)² `sxx`: σ √(1 + 1/Σw + (t − t̄)² / Sxx).
pub(crate) fn se_new_observation(sigma: f64, sw: f64, tbar: f64, sxx: f64, t: f64) -> f64 {
    let d = t - tbar;
    sigma * (1.0 + 1.0 / sw + d * d / sxx).sqrt()
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
}
