//! JSON views for machines. Object keys come out sorted (serde_json's default map), floats in
//! shortest round-trip form, non-finite numbers as `null`: byte-stable for the same report.

use serde_json::{json, Value};

use crate::model::{Outcome, Selection};
use crate::series::Series;
use crate::target::Assessment;

use super::{names, Report, Section};

/// A series: `pair`, `flow`, `reported_by` (whose statistics: a country code or `unknown`),
/// `points` (year, value_usd, kind, bound, sources, how), notes, warnings, conflicts.
pub fn series(s: &Series) -> Value {
    json!({
        "pair": s.pair.to_string(),
        "flow": s.flow.to_string(),
        "reported_by": s.reported_by.to_string(),
        "points": s.points,
        "growth_reports": s.growth_reports,
        "notes": s.notes,
        "warnings": s.warnings,
        "conflicts": s.conflicts,
    })
}

/// Every candidate model: `model`, `status` (`fitted`/`skipped`), and its numbers or its reason.
pub fn candidates(selection: &Selection) -> Value {
    Value::Array(
        selection
            .candidates
            .iter()
            .map(|c| match c {
                Outcome::Fitted(f) => json!({
                    "model": names::model(f.model).code,
                    "status": "fitted",
                    "aicc": f.aicc,
                    "growth": f.growth,
                    "params": f.params.iter().map(|(k, v)| json!({"name": k, "value": v})).collect::<Vec<_>>(),
                    "notes": f.notes,
                }),
                Outcome::Skipped(s) => json!({
                    "model": names::model(s.model).code,
                    "status": "skipped",
                    "need": s.need,
                    "got": s.got,
                    "reason": s.reason,
                }),
            })
            .collect(),
    )
}

/// A section's forecast: `pair`, `flow`, `model`, `reason`, `years`, `mean`, `lower80`, `upper80`,
/// `lower95`, `upper95` (empty arrays and `model: null` when nothing could be fitted), `models`.
pub fn forecast(section: &Section) -> Value {
    forecast_of(&section.series, section.selection.as_ref())
}

/// One side's forecast, as [`forecast`] gives the main side's, with its `reported_by`.
pub fn forecast_of(s: &Series, selection: Option<&Selection>) -> Value {
    let chosen = selection.and_then(|sel| sel.chosen.as_ref());
    let empty: Vec<f64> = Vec::new();
    let f = chosen.map(|c| &c.forecast);
    json!({
        "pair": s.pair.to_string(),
        "flow": s.flow.to_string(),
        "reported_by": s.reported_by.to_string(),
        "model": chosen.map(|c| names::model(c.model).code),
        "reason": selection.map_or("no annual value to fit", |sel| sel.reason.as_str()),
        "growth": chosen.map(|c| c.growth),
        "years": f.map_or(Vec::new(), |f| f.years.clone()),
        "mean": f.map_or(&empty, |f| &f.mean),
        "lower80": f.map_or(&empty, |f| &f.lower80),
        "upper80": f.map_or(&empty, |f| &f.upper80),
        "lower95": f.map_or(&empty, |f| &f.lower95),
        "upper95": f.map_or(&empty, |f| &f.upper95),
        "models": selection.map_or(Value::Array(Vec::new()), candidates),
    })
}

/// A target assessment: `pair`, `flow`, `target_usd`, `deadline`, `status`, `rule`,
/// `crossing_year` {`p10`,`p50`,`p90`}, `probability_by_deadline`, `required_growth`, `recent_growth`,
/// `judged_on` (whose statistics) with `judged_on_rule`, `stated`, `sources` (every statement of
/// the goal: `id`, `source`, `stated`, `quote`), `superseded_by` (`id`, `stated`, `target_usd`,
/// `deadline`, `explicit`, or `null`), and more.
pub fn assessment(a: &Assessment) -> Value {
    let statement = |t: &crate::obs::Target| {
        json!({
            "id": t.id,
            "source": t.source,
            "stated": t.stated.map(|d| d.to_string()),
            "quote": t.quote,
        })
    };
    json!({
        "id": a.target.id,
        "pair": a.target.pair.to_string(),
        "flow": a.target.flow.to_string(),
        "target_usd": a.target.value_usd,
        "deadline": a.target.deadline,
        "judged_by": a.judged_by,
        "deadline_stated": a.deadline_stated,
        "status": names::status(a.status).code,
        "rule": a.rule,
        "latest": a.latest,
        "point_crossing": a.point_crossing,
        "crossing_year": {
            "p10": a.crossing.and_then(|c| c.p10),
            "p50": a.crossing.and_then(|c| c.p50),
            "p90": a.crossing.and_then(|c| c.p90),
            "never_share": a.crossing.map(|c| c.never_share),
            "horizon_end": a.crossing.map(|c| c.horizon_end),
        },
        "probability_by_deadline": a.probability_by_deadline,
        "probability_within": a.probability_within.iter().map(|(y, p)| json!({"by": y, "probability": p})).collect::<Vec<_>>(),
        "required_growth": a.required_growth,
        "recent_growth": a.recent_growth,
        "projected_growth": a.projected_growth,
        "caveats": a.caveats,
        "source": a.target.source,
        "quote": a.target.quote,
        "stated": a.target.stated.map(|d| d.to_string()),
        "replaces": a.target.replaces.as_str(),
        "judged_on": a.judged_on.to_string(),
        "judged_on_rule": a.judged_on_rule,
        "sources": std::iter::once(&a.target).chain(&a.restated).map(statement).collect::<Vec<_>>(),
        "superseded_by": a.superseded_by.as_ref().map(|b| json!({
            "id": b.id,
            "stated": b.stated.map(|d| d.to_string()),
            "target_usd": b.value_usd,
            "deadline": b.deadline,
            "explicit": b.explicit,
        })),
    })
}

/// `projections.json`: the whole report's numbers.
pub fn projections(report: &Report) -> Vec<u8> {
    let value = json!({
        "as_of": report.as_of.to_string(),
        "seed": report.seed,
        "tradecast_version": report.version,
        "series": report.sections.iter().map(|s| {
            let mut v = series(&s.series);
            v["forecast"] = forecast(s);
            v["other_sides"] = s.other_sides.iter().map(|o| {
                let mut w = series(&o.series);
                w["forecast"] = forecast_of(&o.series, o.selection.as_ref());
                w
            }).collect::<Vec<_>>().into();
            v["side_gaps"] = s.side_gaps.iter().map(|g| json!({
                "year": g.year,
                "main": g.main.to_string(),
                "main_usd": g.main_usd,
                "main_kind": g.main_kind.as_str(),
                "other": g.other.to_string(),
                "other_usd": g.other_usd,
                "other_kind": g.other_kind.as_str(),
                "gap": g.gap,
            })).collect::<Vec<_>>().into();
            v
        }).collect::<Vec<_>>(),
        "targets": report.assessments().map(assessment).collect::<Vec<_>>(),
        "input_warnings": report.input_warnings,
        "published_after_as_of": report.published_later,
    });
    pretty(&value)
}

/// Pretty JSON with a trailing newline.
pub fn pretty(value: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_default();
    out.push(b'\n');
    out
}
