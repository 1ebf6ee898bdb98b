//! Reference tests against statsmodels (the oracle) for the OLS log-linear model and the
//! ETS(A,Ad,N) engine. Numbers: `tests/data/reference/*.json`, copies of `shared/reference`,
//! produced by statsmodels 0.15.0 (the `call` field of each block names the call).

use serde_json::Value;
use tradecast::model::ets::{self, AadnParams};
use tradecast::model::{ols, select, FitOptions, ModelChoice, ModelKind, SeriesData};

const FILES: [&str; 3] = ["kz_cn_3pt", "dip_10pt", "smooth_exp_20pt"];

fn load(name: &str) -> Value {
    let path = format!(
        "{}/tests/data/reference/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).expect("reference file")).unwrap()
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn series(r: &Value) -> (Vec<i32>, Vec<f64>) {
    let years = r["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y.as_i64().unwrap() as i32)
        .collect();
    (years, nums(&r["y"]))
}

#[track_caller]
fn close(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got:.17e}, want {want:.17e}, diff {:.3e} > {tol:e}",
        (got - want).abs()
    );
}

#[track_caller]
fn close_rel(what: &str, got: f64, want: f64, tol: f64) {
    close(what, got, want, tol * want.abs().max(1e-300));
}

/// OLS of ln(y) on t = 0..n-1: every number to 1e-9 (absolute, on the log scale; these are
/// closed forms, so only rounding separates the two implementations).
#[test]
fn ols_log_linear_engine_matches_statsmodels() {
    for name in FILES {
        let r = load(name);
        let o = &r["ols_log_linear"];
        let (_, y) = series(&r);
        let n = y.len();
        let t: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let z: Vec<f64> = y.iter().map(|v| v.ln()).collect();
        let fit = ols::fit_line(&t, &z, &vec![1.0; n]).unwrap();
        close(
            &format!("{name} intercept"),
            fit.intercept,
            num(&o["intercept"]),
            1e-9,
        );
        close(&format!("{name} slope"), fit.slope, num(&o["slope"]), 1e-9);
        close(&format!("{name} sigma"), fit.sigma, num(&o["sigma"]), 1e-9);
        close(&format!("{name} rss"), fit.rss, num(&o["rss"]), 1e-9);
        close(
            &format!("{name} se_intercept"),
            fit.se_intercept,
            num(&o["se_intercept"]),
            1e-9,
        );
        close(
            &format!("{name} se_slope"),
            fit.se_slope,
            num(&o["se_slope"]),
            1e-9,
        );
        assert_eq!(fit.df as f64, num(&o["df_resid"]));
        let (q80, q95) = tradecast::model::t_quantiles(fit.df as f64);
        close(
            &format!("{name} t 0.90"),
            q80,
            num(&o["t_quantile_90"]),
            1e-9,
        );
        close(
            &format!("{name} t 0.975"),
            q95,
            num(&o["t_quantile_975"]),
            1e-9,
        );
        for (i, h) in nums(&o["h"]).into_iter().enumerate() {
            let iv = fit.interval(n as f64 - 1.0 + h, fit.sigma);
            let at = |k: &str| nums(&o[k])[i];
            close(
                &format!("{name} mean_log h={h}"),
                iv.mean,
                at("mean_log"),
                1e-9,
            );
            close(
                &format!("{name} lo80 h={h}"),
                iv.lower80,
                at("pi80_log_lower"),
                1e-9,
            );
            close(
                &format!("{name} hi80 h={h}"),
                iv.upper80,
                at("pi80_log_upper"),
                1e-9,
            );
            close(
                &format!("{name} lo95 h={h}"),
                iv.lower95,
                at("pi95_log_lower"),
                1e-9,
            );
            close(
                &format!("{name} hi95 h={h}"),
                iv.upper95,
                at("pi95_log_upper"),
                1e-9,
            );
        }
    }
}

/// The LogLinear model as `select` returns it: parameters to 1e-9, and the USD forecast equal
/// to exp of the reference log-scale numbers to 1e-9 relative (exp turns an absolute log error
/// into a relative one). None of the three series hits the σ floor (0.005): σ̂ = 0.045, 0.101,
/// 0.0074.
#[test]
fn log_linear_model_matches_statsmodels() {
    for name in FILES {
        let r = load(name);
        let o = &r["ols_log_linear"];
        let (years, y) = series(&r);
        let data = SeriesData::plain(years.clone(), y).unwrap();
        let options = FitOptions {
            horizon: 10,
            seed: 1,
            choice: ModelChoice::Only(ModelKind::LogLinear),
        };
        let fitted = select(&data, &options).chosen.expect("log-linear fits");
        let param = |k: &str| fitted.params.iter().find(|(n, _)| n == k).unwrap().1;
        close(
            &format!("{name} intercept"),
            param("intercept"),
            num(&o["intercept"]),
            1e-9,
        );
        close(
            &format!("{name} slope"),
            param("slope"),
            num(&o["slope"]),
            1e-9,
        );
        close(
            &format!("{name} sigma"),
            param("sigma"),
            num(&o["sigma"]),
            1e-9,
        );
        close(
            &format!("{name} se_slope"),
            param("se_slope"),
            num(&o["se_slope"]),
            1e-9,
        );
        close(
            &format!("{name} se_intercept"),
            param("se_intercept"),
            num(&o["se_intercept"]),
            1e-9,
        );
        close(
            &format!("{name} growth"),
            param("growth"),
            num(&o["implied_annual_growth"]),
            1e-9,
        );
        let f = &fitted.forecast;
        assert_eq!(f.years[0], years[years.len() - 1] + 1);
        for i in 0..10 {
            let at = |k: &str| nums(&o[k])[i].exp();
            close_rel(
                &format!("{name} mean {i}"),
                f.point[i],
                at("mean_log"),
                1e-9,
            );
            close_rel(
                &format!("{name} lo80 {i}"),
                f.lower80[i],
                at("pi80_log_lower"),
                1e-9,
            );
            close_rel(
                &format!("{name} hi80 {i}"),
                f.upper80[i],
                at("pi80_log_upper"),
                1e-9,
            );
            close_rel(
                &format!("{name} lo95 {i}"),
                f.lower95[i],
                at("pi95_log_lower"),
                1e-9,
            );
            close_rel(
                &format!("{name} hi95 {i}"),
                f.upper95[i],
                at("pi95_log_upper"),
                1e-9,
            );
        }
    }
}

/// The ETS(A,Ad,N) recursion and variance formula, run with statsmodels' own fitted
/// parameters: forecasts, SSE and exact intervals (σ² = SSE/n, normal quantiles, as
/// statsmodels computes them) to 1e-9 relative. This isolates the model from the optimiser.
#[test]
fn ets_recursion_and_variance_match_statsmodels() {
    const Z80: f64 = 1.281_551_565_544_600_5;
    const Z95: f64 = 1.959_963_984_540_054;
    for name in FILES {
        let r = load(name);
        let e = &r["ets_aadn_statsmodels"];
        let (_, y) = series(&r);
        let n = y.len();
        let t: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let params = AadnParams {
            alpha: num(&e["alpha"]),
            beta: num(&e["beta"]),
            phi: num(&e["phi"]),
            level0: num(&e["level0"]),
            trend0: num(&e["trend0"]),
        };
        let run = ets::run(params, &t, &y, &vec![1.0; n]);
        close_rel(&format!("{name} sse"), run.sse, num(&e["sse"]), 1e-9);
        let sigma = (run.sse / n as f64).sqrt();
        for (i, h) in nums(&e["h"]).into_iter().enumerate() {
            let h = h as usize;
            let m = run.forecast(h);
            let s = sigma * run.variance_factor(h).sqrt();
            let at = |k: &str| nums(&e[k])[i];
            close_rel(&format!("{name} forecast h={h}"), m, at("forecast"), 1e-9);
            close_rel(
                &format!("{name} lo80 h={h}"),
                m - Z80 * s,
                at("pi80_exact_lower"),
                1e-9,
            );
            close_rel(
                &format!("{name} hi80 h={h}"),
                m + Z80 * s,
                at("pi80_exact_upper"),
                1e-9,
            );
            close_rel(
                &format!("{name} lo95 h={h}"),
                m - Z95 * s,
                at("pi95_exact_lower"),
                1e-9,
            );
            close_rel(
                &format!("{name} hi95 h={h}"),
                m + Z95 * s,
                at("pi95_exact_upper"),
                1e-9,
            );
        }
    }
}

/// Our optimiser against statsmodels' `ETSModel.fit()` (L-BFGS-B over all five parameters).
///
/// Tolerances, and why: the likelihood of a short series is flat and multi-modal (the
/// `cross_check` blocks show statsforecast and R landing on different parameters), so the
/// fair test is that we reach a likelihood at least as high: SSE no larger than statsmodels'
/// plus 1e-6 relative. Where statsmodels' optimum lies on a corner of the box (dip_10pt:
/// α, β at their lower bounds, φ = 0.98; smooth_exp_20pt: α, β at their upper bounds, φ =
/// 0.98) the optimum is well defined, so forecasts must also agree, to 1e-6 relative over
/// ten years (we measure 7e-8 and 3e-16): optimisers stop at slightly different points of the flat valley, and 1e-6 of a
/// trade figure is far below its rounding. On kz_cn_3pt statsmodels stops at a local optimum
/// (SSE 0.0129 with five parameters for three points); we only require a lower SSE there.
#[test]
fn ets_optimiser_reaches_statsmodels_likelihood() {
    for name in FILES {
        let r = load(name);
        let e = &r["ets_aadn_statsmodels"];
        let (_, y) = series(&r);
        let n = y.len();
        let t: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let fit = ets::fit(&t, &y, &vec![1.0; n]).unwrap();
        let ref_sse = num(&e["sse"]);
        assert!(
            fit.sse <= ref_sse * (1.0 + 1e-6),
            "{name}: our SSE {} above statsmodels' {ref_sse} (params {:?})",
            fit.sse,
            fit.params
        );
        if name != "kz_cn_3pt" {
            for (i, want) in nums(&e["forecast"]).into_iter().enumerate() {
                close_rel(
                    &format!("{name} forecast {i}"),
                    fit.forecast(i + 1),
                    want,
                    1e-6,
                );
            }
        }
    }
}

/// statsmodels' `ExponentialSmoothing` (SSE, α and β in [0, 1], φ up to 0.995) is a different
/// parameterisation; with its wider box it reaches lower SSE than `ETSModel` on kz_cn_3pt.
/// Widening our box to the same bounds must reach its SSE too (to 1e-6 absolute: the
/// reference SSE is 4.7e-8, essentially an exact fit of three points).
#[test]
fn ets_optimiser_with_holt_bounds_reaches_holt_sse() {
    let r = load("kz_cn_3pt");
    let hw = &r["holt_damped_statsmodels"];
    let (_, y) = series(&r);
    let t = [0.0, 1.0, 2.0];
    let bounds = ets::AadnBounds {
        alpha: (0.0, 1.0),
        beta_ratio: (0.0, 1.0),
        phi: (0.8, 0.995),
    };
    let fit = ets::fit_within(&t, &y, &[1.0; 3], bounds, None).unwrap();
    assert!(fit.sse <= num(&hw["sse"]) + 1e-6, "{}", fit.sse);
}
