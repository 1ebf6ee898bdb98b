//! Fitting every candidate and choosing: backtests, AICc, or a stated default.

use super::calibrate::{self, Calibration};
use super::combination;
use super::dispatch::{fit_single, origin_forecast, DampedOrigins};
use super::fitted::{FitOptions, Fitted, ModelChoice, Outcome, Selection};
use super::kind::ModelKind;
use super::prep::{Prep, BACKTEST_MIN_POINTS};
use super::sim::{safe_exp, Sim};
use super::usd::usd;
use super::{damped, pooled, pooled_tiny, walk};
use crate::series::SeriesData;

/// Smallest training set in a backtest (the damped model's minimum).
const MIN_TRAIN: usize = damped::MIN_POINTS;
/// Most origins used: the last ones, closest to the forecasts that matter (ten, not five, since
/// the pooled model joined: a series' own model must beat it on more evidence; tuning numbers in
/// `bench/results/tuning-select.md`).
const MAX_ORIGINS: usize = 10;
/// Longest backtest horizon.
const MAX_AHEAD: usize = 3;
/// From this many points the combination is formed and listed (AICc exists for the
/// three-parameter models from here).
const AICC_MIN_POINTS: usize = 5;
/// How much lower a single model's backtest MASE must be than the combination's to be chosen
/// over it: a model that wins a backtest of a dozen errors by less than half often loses out of
/// sample, and its band is the narrower for it (M1, Tourism and M3 pull opposite ways; 0.5 has
/// the lowest total: `bench/results/tuning-select.md`).
const SINGLE_MARGIN: f64 = 0.5;
/// How much lower the backtest MASE of the best of a long series' own models must be than the
/// pooled model's for it to be chosen instead: a series' own trend is still worth following
/// when its backtest says so clearly (`bench/results/tuning-select.md`).
const POOLED_MARGIN: f64 = 0.25;
/// The weight of a series' own model when it beats the pooled model: its point forecast is
/// `OWN_WEIGHT` of the own model's and the rest the pooled model's (geometric, on the log
/// scale). A model that won a backtest by a margin is still partly lucky; shrinking it toward
/// the panel's forecast undoes part of that (0.7 had the lowest total on the tuning sets:
/// `bench/results/tuning-select.md`).
const OWN_WEIGHT: f64 = 0.7;

fn fit_all(p: &Prep<'_>) -> Vec<Outcome> {
    ModelKind::singles().map(|k| fit_single(p, k)).collect()
}

/// The equal-weight combination of the fitted members, or why not.
fn combination_of(p: &Prep<'_>, singles: &[Outcome]) -> Outcome {
    let allowed = combination::members_for(p.n());
    let members: Vec<Fitted> = singles
        .iter()
        .filter_map(Outcome::fitted)
        .filter(|f| allowed.contains(&f.model))
        .cloned()
        .collect();
    if members.len() < 2 {
        return Outcome::Skipped(p.skip(
            ModelKind::Combination,
            3,
            format!(
                "needs at least two fitted log-scale models (of {}), got {}",
                allowed
                    .iter()
                    .map(|m| m.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                members.len()
            ),
        ));
    }
    let w = 1.0 / members.len() as f64;
    Outcome::Fitted(combination::combine(
        p,
        members.into_iter().map(|f| (f, w)).collect(),
    ))
}

pub(super) fn select(
    data: &SeriesData,
    options: &FitOptions,
    knowledge: &crate::knowledge::Knowledge,
) -> Selection {
    let mut p = Prep::new(data, data.values().to_vec(), options.horizon);
    p.knowledge = knowledge;
    match options.choice {
        ModelChoice::Only(ModelKind::Combination) => {
            let mut candidates = fit_all(&p);
            let comb = combination_of(&p, &candidates);
            let (chosen, reason) = match &comb {
                Outcome::Fitted(f) => (
                    Some(f.clone()),
                    "Only the combination was requested: equal weights of the fitted log-scale \
                     models."
                        .to_string(),
                ),
                Outcome::Skipped(s) => (
                    None,
                    format!(
                        "Only the combination was requested and it was skipped: {}.",
                        s.reason
                    ),
                ),
            };
            candidates.push(comb);
            Selection {
                candidates,
                chosen,
                reason,
            }
        }
        ModelChoice::Only(kind) => {
            let outcome = fit_single(&p, kind);
            let (chosen, reason) = match &outcome {
                Outcome::Fitted(f) => (Some(f.clone()), format!("Only {kind} was requested.")),
                Outcome::Skipped(s) => (
                    None,
                    format!(
                        "Only {kind} was requested and it was skipped: {}.",
                        s.reason
                    ),
                ),
            };
            Selection {
                candidates: vec![outcome],
                chosen,
                reason,
            }
        }
        ModelChoice::Auto => {
            let mut selection = auto(&p);
            // The choice, and any widening or pooled band, were made for this horizon.
            if let Some(chosen) = &mut selection.chosen {
                chosen.fix_horizon();
            }
            selection
        }
    }
}

fn auto(p: &Prep<'_>) -> Selection {
    let n = p.n();
    let mut candidates = fit_all(p);
    let find = |c: &[Outcome], k: ModelKind| {
        c.iter()
            .filter_map(Outcome::fitted)
            .find(|f| f.model == k)
            .cloned()
    };
    if n >= BACKTEST_MIN_POINTS {
        let comb = combination_of(p, &candidates);
        candidates.push(comb);
        let Backtest {
            chosen,
            mut reason,
            calibration,
            combination,
            pooled_band,
        } = by_backtest(p, &candidates);
        let mut chosen = chosen.and_then(|k| find(&candidates, k));
        if let (Some(f), Some(pooled), true) = (
            chosen.as_mut(),
            find(&candidates, ModelKind::Pooled),
            pooled_band,
        ) {
            with_pooled_band(f, &pooled);
        }
        if let (Some(f), Some(c)) = (chosen.as_mut(), calibration) {
            let what = format!(
                "refitted at the last {} origins, this model's {} errors 1 to {} years ahead \
                 were {:.2} times the spread its bands predicted (root mean square); shrunk \
                 toward 1 with a prior worth {} errors, that gives a factor of {:.2}",
                c.origins,
                c.count,
                c.ahead,
                c.raw,
                calibrate::PRIOR_WEIGHT,
                c.k
            );
            if c.k > 1.0 {
                let note = format!(
                    "The 80% and 95% bands are widened by a factor of {:.2} around the forecast: \
                     {what}.",
                    c.k
                );
                widen_and_say(f, c.k, n, note, &mut reason);
            } else {
                reason.push_str(&format!(
                    " The bands are as the model gives them: {what}, and bands are never narrowed."
                ));
            }
        }
        let comb = candidates
            .iter()
            .filter_map(Outcome::fitted)
            .find(|f| f.model == ModelKind::Combination);
        if let (Some(f), Some(comb), Some(c)) = (chosen.as_mut(), comb, combination) {
            let k = calibrate::containing(f, comb, c.k);
            if k > 1.0 {
                let note = format!(
                    "The bands are widened by a further factor of {k:.2}, so that the 95% band \
                     contains the combination's (itself widened by {:.2} by its backtest errors): \
                     this model was chosen over the combination for its small backtest errors, \
                     which flatter it, and the combination's spread is the uncertainty about \
                     which model is right.",
                    c.k
                );
                widen_and_say(f, k, n, note, &mut reason);
            }
        }
        return Selection {
            candidates,
            chosen,
            reason,
        };
    }
    // Fewer points: the pooled model. The combination is formed from 5 points and listed
    // beside the single models for comparison.
    if n >= AICC_MIN_POINTS {
        let comb = combination_of(p, &candidates);
        candidates.push(comb);
    } else {
        candidates.push(Outcome::Skipped(p.skip(
            ModelKind::Combination,
            AICC_MIN_POINTS,
            format!(
                "formed from {AICC_MIN_POINTS} points, where its members' spread says something \
                 about which model is right; got {n}"
            ),
        )));
    }
    if let Some(chosen) = find(&candidates, ModelKind::Pooled) {
        let reason = if n < 3 {
            pooled_tiny::reason(p)
        } else {
            pooled_reason(p)
        };
        return Selection {
            chosen: Some(chosen),
            candidates,
            reason,
        };
    }
    let mut reason = format!(
        "No model could be fitted: {n} point(s). Every model needs at least 3 annual values (the \
         damped model 6): with fewer there is nothing to measure how much the series varies."
    );
    if n == 2 {
        // short_reason starts "the two values imply …": capitalise it, don't repeat it.
        let why = walk::short_reason(p);
        let mut chars = why.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
        reason.push_str(&format!(
            " {}{}.",
            first.unwrap_or_default(),
            chars.as_str()
        ));
    }
    reason.push_str(
        " Another year's value (or a level with its growth rate for an earlier year) would help.",
    );
    // A knowledge file with a one-point class judged this value's band useless: say why.
    let pooled_refusal = candidates.iter().find_map(|o| match o {
        Outcome::Skipped(s) if s.model == ModelKind::Pooled && s.need < 3 => Some(&s.reason),
        _ => None,
    });
    if let Some(why) = pooled_refusal {
        reason.push_str(&format!(" The pooled model: {why}."));
    }
    Selection {
        candidates,
        chosen: None,
        reason,
    }
}

/// Accumulated backtest errors of one model.
#[derive(Clone, Copy, Default)]
struct Score {
    abs: f64,
    smape: f64,
    count: usize,
}

/// Widens `f`'s bands (and paths) by `k` and says why in its notes and in the choice's reason.
fn widen_and_say(f: &mut Fitted, k: f64, n: usize, note: String, reason: &mut String) {
    calibrate::widen(f, k, n);
    reason.push(' ');
    reason.push_str(&note);
    f.notes.push(note);
}

/// Gives a series' own model the pooled model's band and paths, moved to a point forecast
/// [`OWN_WEIGHT`] of the own model's and the rest the pooled model's: the own model says where
/// the series goes (shrunk toward the panel's forecast), the panel how far off such forecasts
/// were.
fn with_pooled_band(f: &mut Fitted, pooled: &Fitted) {
    let fc = &mut f.forecast;
    let pf = &pooled.forecast;
    let mut shift = Vec::with_capacity(fc.years.len());
    for h in 0..fc.years.len() {
        let s = (fc.point[h].max(crate::series::MIN_VALUE) / pf.point[h]).ln();
        let s = if s.is_finite() { OWN_WEIGHT * s } else { 0.0 };
        shift.push(s);
        let k = s.exp();
        fc.lower80[h] = pf.lower80[h] * k;
        fc.upper80[h] = pf.upper80[h] * k;
        fc.lower95[h] = pf.lower95[h] * k;
        fc.upper95[h] = pf.upper95[h] * k;
        fc.point[h] = pf.point[h] * k;
    }
    let mut sim = pooled.sim.as_ref().clone();
    if let Sim::Pooled { loc, .. } = &mut sim {
        for (l, s) in loc.iter_mut().zip(&shift) {
            *l += s;
        }
        // Years past the forecast (a longer simulation) keep the last year's shift.
        if let Some(&last) = shift.last() {
            for l in loc.iter_mut().skip(shift.len()) {
                *l += last;
            }
        }
    }
    *f.sim = sim;
    f.notes.push(format!(
        "The forecast weighs this model's {:.0}% and the pooled model's {:.0}% (geometric mean), \
         and the bands are the pooled model's moved to it: how far off forecasts of real trade \
         series were, at this series' own volatility.",
        100.0 * OWN_WEIGHT,
        100.0 * (1.0 - OWN_WEIGHT)
    ));
}

/// Why the pooled model, in words an analyst can repeat.
fn pooled_reason(p: &Prep<'_>) -> String {
    let k = p.knowledge;
    format!(
        "pooled: {n} points cannot show how a trade flow moves, but {series} real trade series \
         ({data}, {y0}–{y1}) can; the forecast follows what series like this one did next \
         (a shared drift of {drift:+.1}% a year, part of its own trend, part of a recent jump \
         undone), with bands from how wrong that was on the panel, at this series' own \
         volatility.",
        n = p.n(),
        series = k.provenance.series,
        data = k.provenance.data,
        y0 = k.provenance.years.0,
        y1 = k.provenance.years.1,
        drift = 100.0 * k.drift,
    )
}

/// Why the pooled model did not compete for a series of yearly volatility `sd`, below the
/// panel's `below`.
fn too_smooth(sd: f64, below: f64) -> String {
    format!(
        "The pooled model did not compete: this series' yearly volatility ({:.1}%) is below \
         {:.1}%, smoother than {:.0}% of the stretches of real trade series the pooled model was \
         learned from, so what that panel taught does not describe it; its own models and their \
         backtest errors do.",
        100.0 * sd,
        100.0 * below,
        100.0 * (1.0 - crate::knowledge::SMOOTH_QUANTILE),
    )
}

/// What the backtest decided.
struct Backtest {
    chosen: Option<ModelKind>,
    /// The choice in words.
    reason: String,
    /// The chosen model's band calibration.
    calibration: Option<Calibration>,
    /// The combination's, when a single model was chosen over it.
    combination: Option<Calibration>,
    /// The chosen model beat the pooled model: it keeps its point forecast and takes the pooled
    /// model's bands (see `with_pooled_band`).
    pooled_band: bool,
}

/// What the backtest compares: the fitted models it scores, the combination's members, and the
/// full-sample damped fit's smoothing parameters.
struct Contest {
    /// Models scored, in candidate order.
    kinds: Vec<ModelKind>,
    /// The combination's members (empty without a combination).
    members: Vec<ModelKind>,
    /// The full-sample damped fit's α, β, φ: the warm start of the backtest's search, and held
    /// fixed by the calibration.
    smoothing: Option<[f64; 3]>,
}

impl Contest {
    fn of(candidates: &[Outcome]) -> Contest {
        let fitted: Vec<&Fitted> = candidates.iter().filter_map(Outcome::fitted).collect();
        // CAGR's point forecasts are the drift model's, so a backtest of points cannot tell them
        // apart, and its band (steady growth, no yearly shocks) is the narrower: it is reported
        // but not chosen automatically.
        let kinds = fitted
            .iter()
            .map(|f| f.model)
            .filter(|&k| k != ModelKind::Cagr)
            .collect();
        let members = fitted
            .iter()
            .find(|f| f.model == ModelKind::Combination)
            .map(|c| match c.sim.as_ref() {
                Sim::Mix { members } => members.iter().map(|(k, _, _)| *k).collect(),
                _ => Vec::new(),
            })
            .unwrap_or_default();
        let smoothing = fitted.iter().find_map(|f| match *f.sim {
            Sim::Ets {
                alpha, beta, phi, ..
            } => Some([alpha, beta, phi]),
            _ => None,
        });
        Contest {
            kinds,
            members,
            smoothing,
        }
    }
}

/// The MASE scale: the mean absolute year-on-year change (never zero).
fn mase_scale(p: &Prep<'_>) -> f64 {
    let n = p.n();
    let s: f64 = (1..n)
        .map(|i| (p.values[i] - p.values[i - 1]).abs())
        .sum::<f64>()
        / (n - 1) as f64;
    let mean = p.values.iter().sum::<f64>() / n as f64;
    s.max(1e-9 * mean)
}

/// Scores every model of `contest` at the origins from `first` on: each origin's training set
/// is the points before it, and its forecasts 1 to [`MAX_AHEAD`] years ahead are compared with
/// the values observed.
fn score_origins(p: &Prep<'_>, contest: &Contest, first: usize) -> Vec<Score> {
    let Contest {
        kinds,
        members,
        smoothing,
    } = contest;
    let n = p.n();
    let mut damped = DampedOrigins::new(*smoothing);
    let mut scores = vec![Score::default(); kinds.len()];
    let mut forecasts = vec![[0.0f64; MAX_AHEAD]; kinds.len()];
    for s in first..n {
        let ahead = MAX_AHEAD.min(n - s);
        let targets = &p.times[s..s + ahead];
        for (j, &kind) in kinds.iter().enumerate() {
            if kind != ModelKind::Combination {
                origin_forecast(p, kind, s, targets, &mut damped, &mut forecasts[j]);
            }
        }
        // Log-scale forecasts are logs until here; the combination averages them.
        if let Some(c) = kinds.iter().position(|&k| k == ModelKind::Combination) {
            let mut acc = [0.0; MAX_AHEAD];
            for (j, &kind) in kinds.iter().enumerate() {
                if members.contains(&kind) {
                    for h in 0..ahead {
                        acc[h] += forecasts[j][h] / members.len() as f64;
                    }
                }
            }
            forecasts[c] = acc;
        }
        for (j, &kind) in kinds.iter().enumerate() {
            for (h, &raw) in forecasts[j][..ahead].iter().enumerate() {
                let f = if kind == ModelKind::Linear {
                    raw
                } else {
                    safe_exp(raw)
                };
                let y = p.values[s + h];
                let sc = &mut scores[j];
                sc.abs += (y - f).abs();
                sc.smape += 200.0 * (y - f).abs() / (y.abs() + f.abs()).max(1e-300);
                sc.count += 1;
            }
        }
    }
    scores
}

/// Rolling-origin backtest of every fitted model (and the combination, if fitted); returns the
/// winner and the reason in words.
fn by_backtest(p: &Prep<'_>, candidates: &[Outcome]) -> Backtest {
    let n = p.n();
    let mut contest = Contest::of(candidates);
    // A series smoother than the trade the panel describes is not the pooled model's: its own
    // models compete as for any series, the combination by default, with their own bands.
    let sd = pooled::own_sd(p);
    let outside = !p.knowledge.describes(n, sd);
    if outside {
        contest.kinds.retain(|&k| k != ModelKind::Pooled);
    }
    let scale = mase_scale(p);
    let first = MIN_TRAIN.max(n.saturating_sub(MAX_ORIGINS));
    let scores = score_origins(p, &contest, first);
    let Contest {
        kinds,
        members,
        smoothing,
    } = contest;
    let origins = n - first;
    let mase = |sc: &Score| sc.abs / sc.count.max(1) as f64 / scale;
    let best_single = (0..kinds.len())
        .filter(|&j| {
            !matches!(
                kinds[j],
                ModelKind::Combination | ModelKind::Pooled | ModelKind::Linear
            )
        })
        .min_by(|&a, &b| mase(&scores[a]).total_cmp(&mase(&scores[b])));
    let comb = kinds.iter().position(|&k| k == ModelKind::Combination);
    // The combination is the default: a handful of backtest errors is a noisy judge, and
    // chasing the best single model on it loses to the combination out of sample. A single
    // model must beat it by a clear margin.
    let best = match (best_single, comb) {
        (Some(b), Some(c)) if mase(&scores[b]) < (1.0 - SINGLE_MARGIN) * mase(&scores[c]) => {
            Some(b)
        }
        (_, Some(c)) => Some(c),
        (b, None) => b,
    };
    let listed: Vec<String> = kinds
        .iter()
        .zip(&scores)
        .map(|(k, sc)| {
            format!(
                "{k} {:.3} (sMAPE {:.1}%)",
                mase(sc),
                sc.smape / sc.count.max(1) as f64
            )
        })
        .collect();
    let members_words = if members.is_empty() {
        String::new()
    } else {
        format!(
            " The combination averages {} with equal weights.",
            members
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let count = scores.first().map_or(0, |s| s.count);
    // The pooled model is the default for real trade; the series' own models must beat it by a
    // clear margin on their own backtest to be preferred.
    if let (Some(pl), Some(b)) = (kinds.iter().position(|&k| k == ModelKind::Pooled), best) {
        let margin = POOLED_MARGIN;
        if mase(&scores[pl]) * (1.0 - margin) <= mase(&scores[b]) {
            let reason = format!(
                "{n} points: rolling-origin backtest over the last {origins} origins ({count} \
                 forecasts 1 to {MAX_AHEAD} years ahead per model); MASE: {}. The pooled model is \
                 kept unless the best of the series' own models ({} here, MASE {:.3}) is at least \
                 {:.0}% better than it (pooled MASE {:.3}): {}",
                listed.join(", "),
                kinds[b],
                mase(&scores[b]),
                100.0 * margin,
                mase(&scores[pl]),
                pooled_reason(p),
            );
            return Backtest {
                chosen: Some(ModelKind::Pooled),
                reason,
                calibration: None,
                combination: None,
                pooled_band: false,
            };
        }
    }
    let reason = match best {
        Some(b) => format!(
            "{n} points: rolling-origin backtest over the last {origins} origins (training on the \
             first {first} to {} points, forecasting 1 to {MAX_AHEAD} years ahead, {count} \
             forecasts per model); the lowest mean MASE (absolute error over the mean absolute \
             year-on-year change, {}) decides: the combination is chosen unless a single model's MASE \
             is at least {:.0}% lower. MASE: {}.{members_words} The latest-growth model is \
             judged on the last observed yearly growth at each origin; CAGR is not scored, its \
             point forecasts being the drift model's. Chose {} (MASE {:.3}).",
            n - 1,
            usd(scale),
            100.0 * SINGLE_MARGIN,
            listed.join(", "),
            kinds[b],
            mase(&scores[b])
        ),
        None => "No model could be fitted.".to_string(),
    };
    let pooled = kinds.contains(&ModelKind::Pooled);
    if pooled {
        // The own model wins on its point forecasts; its band comes from the panel (see
        // `with_pooled_band`), so no calibration of its own is measured.
        return Backtest {
            chosen: best.map(|b| kinds[b]),
            reason: format!(
                "{reason} It beat the pooled model (MASE {:.3}) by more than {:.0}%, so its point \
                 forecast weighs {:.0}% against the pooled model's (a backtest win is partly \
                 luck), with the pooled model's bands around it: how wrong forecasts of real \
                 trade series were, at this series' own volatility.",
                kinds
                    .iter()
                    .position(|&k| k == ModelKind::Pooled)
                    .map_or(f64::NAN, |j| mase(&scores[j])),
                100.0 * POOLED_MARGIN,
                100.0 * OWN_WEIGHT,
            ),
            calibration: None,
            combination: None,
            pooled_band: best.is_some(),
        };
    }
    // A single model chosen over the combination also needs the combination's calibrated band
    // (see `calibrate::containing`); both are measured in one pass.
    let (calibration, combination) = match best.map(|b| kinds[b]) {
        None => (None, None),
        Some(k) if k == ModelKind::Combination || members.is_empty() => (
            calibrate::measure(p, &[k], &members, smoothing)
                .pop()
                .flatten(),
            None,
        ),
        Some(k) => {
            let mut both = calibrate::measure(p, &[k, ModelKind::Combination], &members, smoothing);
            let combination = both.pop().flatten();
            (both.pop().flatten(), combination)
        }
    };
    let reason = match (outside, sd, p.knowledge.smooth_below) {
        (true, Some(sd), Some(below)) => format!("{reason} {}", too_smooth(sd, below)),
        _ => reason,
    };
    Backtest {
        chosen: best.map(|b| kinds[b]),
        reason,
        calibration,
        combination,
        pooled_band: false,
    }
}
