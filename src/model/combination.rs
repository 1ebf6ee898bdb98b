//! An equal-weight combination of the log-scale models.
//!
//! Its forecast averages the members' quantiles on the log scale (each interval end is the
//! weighted geometric mean of the members' ends; "Vincentisation", Lichtendahl, Grushka-Cockayne
//! & Winkler 2013). Averaging quantiles, rather than mixing distributions, keeps the band no
//! wider than the widest member, keeps the 80% band inside the 95% band, and makes the log-width
//! grow with the horizon whenever every member's does; it needs no simulation, which matters in
//! batch mode. The linear model is left out (its band is symmetric in USD and may reach zero,
//! which has no logarithm), and so is CAGR, whose median path is the drift model's: including
//! both would count that path twice. Equal weights, because estimated weights seldom beat them on
//! short series (the "forecast combination puzzle").

use super::finish::{growth_rate, wide_note};
use super::fitted::{Fitted, Forecast};
use super::kind::ModelKind;
use super::prep::{Prep, BACKTEST_MIN_POINTS};
use super::sim::{safe_exp, Sim};
use super::usd::usd;

/// The single models a combination may draw on.
///
/// Naive (no change) is one of them: drift and damped both extrapolate growth, and on yearly
/// series that level off or revert (many of Tourism's) the last value is the better guess; as a
/// third of the combination it pulls their paths back toward it. On the yearly series of M1,
/// Tourism and M3 (`scripts/accuracy.sh --set m1 --set tourism --set m3`, the 50% margin of
/// select.rs) adding it moved sMAPE from 16.06 to 16.83, 21.37 to 20.53 and 17.10 to 16.23
/// (AutoETS: 19.17, 21.47, 16.19), with 95% coverage 91.2%, 94.5% and 93.9%: a little worse on
/// M1, whose series mostly keep growing, better on the two others. Always combining (no single model) gave 17.61, 20.66 and
/// 16.04, the figures of an earlier check in Python of the same three members.
pub(super) const MEMBERS: [ModelKind; 5] = [
    ModelKind::LogLinear,
    ModelKind::Naive,
    ModelKind::Drift,
    ModelKind::Damped,
    ModelKind::LatestGrowth,
];

/// The members for a series of `n` points: from [`BACKTEST_MIN_POINTS`] on, log-linear is left
/// out. It extrapolates the trend of the whole history and ignores where the series stands now;
/// over 8 to 40 years that trend has usually changed, and on the yearly series of M1, Tourism and
/// M3 (sMAPE, always combining) dropping it improved the combination on every set: 19.4 to 17.3,
/// 25.5 to 22.1 and 18.8 to 17.1 (before naive was a member). Log-linear alone remains a
/// candidate. Shorter series keep it: with 5 to 7 points there is no damped model (or only one
/// fitted on its minimum) to pair the walks with, and no backtest evidence. Naive is a member at
/// every length: on Tourism's 15 series of 7 points, the only short ones in the three sets,
/// including it moved the set's sMAPE from 20.55 to 20.53.
pub(super) fn members_for(n: usize) -> &'static [ModelKind] {
    if n >= BACKTEST_MIN_POINTS {
        &MEMBERS[1..]
    } else {
        &MEMBERS
    }
}

/// Combines `members` (at least two, log-scale, same forecast years) with their weights.
pub(super) fn combine(p: &Prep<'_>, members: Vec<(Fitted, f64)>) -> Fitted {
    let geo = |pick: &dyn Fn(&Fitted) -> f64| -> f64 {
        safe_exp(members.iter().map(|(f, w)| w * pick(f).ln()).sum())
    };
    let horizon = members[0].0.forecast.years.len();
    let avg = |which: fn(&Forecast) -> &Vec<f64>| -> Vec<f64> {
        (0..horizon)
            .map(|h| geo(&|f: &Fitted| which(&f.forecast)[h]))
            .collect()
    };
    let forecast = Forecast {
        years: members[0].0.forecast.years.clone(),
        point: avg(|f| &f.point),
        lower80: avg(|f| &f.lower80),
        upper80: avg(|f| &f.upper80),
        lower95: avg(|f| &f.lower95),
        upper95: avg(|f| &f.upper95),
    };
    let fitted = (0..p.n()).map(|i| geo(&|f: &Fitted| f.fitted[i])).collect();
    let growth = {
        let g = geo(&|f: &Fitted| 1.0 + f.growth) - 1.0;
        if g.is_finite() {
            g
        } else {
            growth_rate(1.0, 1.0, 1)
        }
    };
    let names: Vec<&str> = members.iter().map(|(f, _)| f.model.as_str()).collect();
    let mut notes = vec![format!(
        "Combines {} with equal weights; each forecast and interval end is the geometric mean of \
         the members' (quantile averaging on the log scale).",
        names.join(", ")
    )];
    // A one-sided value moves every member; combine the moves as the forecasts are combined.
    let mut bound_moves = Vec::new();
    for &(year, _) in &members[0].0.bound_moves {
        let moves: Option<Vec<f64>> = members
            .iter()
            .map(|(f, _)| f.bound_moves.iter().find(|m| m.0 == year).map(|m| m.1))
            .collect();
        if let Some(moves) = moves {
            let m = safe_exp(
                members
                    .iter()
                    .zip(&moves)
                    .map(|((_, w), mv)| w * (1.0 + mv).ln())
                    .sum(),
            ) - 1.0;
            bound_moves.push((year, m));
            notes.push(format!(
                "The {year} value is one-sided: were it 10% beyond its bound, the combined first-year \
                 forecast would move by {:+.1}% (from {}).",
                100.0 * m,
                forecast.point.first().map_or("-".to_string(), |&x| usd(x))
            ));
        }
    }
    wide_note(&forecast, p.n(), &mut notes);
    let params = members
        .iter()
        .map(|(f, w)| (format!("weight_{}", f.model.as_str()), *w))
        .collect();
    Fitted {
        model: ModelKind::Combination,
        params,
        aicc: None,
        fitted,
        growth,
        forecast,
        notes,
        sim: Box::new(Sim::Mix {
            members: members
                .into_iter()
                .map(|(f, w)| (f.model, *f.sim, w))
                .collect(),
        }),
        bound_moves,
        alone: None,
    }
}
