//! JSON views for machines. Object keys come out sorted (serde_json's default map), floats in
//! shortest round-trip form, non-finite numbers as `null`: byte-stable for the same report.

use serde_json::{json, Value};

use crate::model::{Outcome, Selection};
use crate::series::Series;
use crate::target::Assessment;

use super::{Report, Section};

/// A series: `pair`, `flow`, `points` (year, value_usd, kind, bound, sources, how), notes, warnings, conflicts.
pub fn series(s: &Series) -> Value {
    json!({
        "pair": s.pair.to_string(),
        "flow": s.flow.to_string(),
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
                    "model": f.model.as_str(),
                    "status": "fitted",
                    "aicc": f.aicc,
                    "growth": f.growth,
                    "params": f.params.iter().map(|(k, v)| json!({"name": k, "value": v})).collect::<Vec<_>>(),
                    "notes": f.notes,
                }),
                Outcome::Skipped(s) => json!({
                    "model": s.model.as_str(),
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
    let s = &section.series;
    let chosen = section
        .selection
        .as_ref()
        .and_then(|sel| sel.chosen.as_ref());
    let empty: Vec<f64> = Vec::new();
    let f = chosen.map(|c| &c.forecast);
    json!({
        "pair": s.pair.to_string(),
        "flow": s.flow.to_string(),
        "model": chosen.map(|c| c.model.as_str()),
        "reason": section.selection.as_ref().map_or("no annual value to fit", |sel| sel.reason.as_str()),
        "growth": chosen.map(|c| c.growth),
        "years": f.map_or(Vec::new(), |f| f.years.clone()),
        "mean": f.map_or(&empty, |f| &f.mean),
        "lower80": f.map_or(&empty, |f| &f.lower80),
        "upper80": f.map_or(&empty, |f| &f.upper80),
        "lower95": f.map_or(&empty, |f| &f.lower95),
        "upper95": f.map_or(&empty, |f| &f.upper95),
        "models": section.selection.as_ref().map_or(Value::Array(Vec::new()), candidates),
    })
}

/// A target assessment: `pair`, `flow`, `target_usd`, `deadline`, `status`, `rule`,
/// `crossing_year` {`p10`,`p50`,`p90`}, `probability_by_deadline`, `required_growth`, `recent_growth`, and more.
pub fn assessment(a: &Assessment) -> Value {
    json!({
        "id": a.target.id,
        "pair": a.target.pair.to_string(),
        "flow": a.target.flow.to_string(),
        "target_usd": a.target.value_usd,
        "deadline": a.target.deadline,
        "judged_by": a.judged_by,
        "deadline_stated": a.deadline_stated,
        "status": a.status.as_str(),
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
