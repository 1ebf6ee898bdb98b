//! JSON views for machines: `projections.json` and the `--json` output of the commands.
//!
//! The schema is the view types below (`#[derive(Serialize)]`): each field is a key, so the shape
//! is written down once, as a type. Views borrow from the report; nested records (points, growth
//! reports, conflicts, the latest value, warnings) serialise through their own derives.
//!
//! Object keys come out sorted (values pass through serde_json's map), floats in shortest
//! round-trip form, non-finite numbers as `null`: byte-stable for the same report.

use serde::Serialize;
use serde_json::Value;

use crate::model::{Fitted, Outcome, Selection, Skipped};
use crate::obs::Target;
use crate::series::{Conflict, GrowthReport, Point, Series};
use crate::target::{Assessment, Base, Supersession};

use super::{names, Report, Section, SideGap};

// ---------------------------------------------------------------------------------------------------
// Series and forecasts

/// A series: whose statistics (`reported_by`: a country code or `unknown`), its annual points and
/// the reconciliation's growth reports, notes, warnings and conflicts.
#[derive(Debug, Serialize)]
pub struct SeriesView<'a> {
    pair: String,
    flow: String,
    reported_by: String,
    points: &'a [Point],
    growth_reports: &'a [GrowthReport],
    notes: &'a [String],
    warnings: &'a [String],
    conflicts: &'a [Conflict],
}

impl<'a> SeriesView<'a> {
    /// The view of `s`.
    pub fn of(s: &'a Series) -> Self {
        SeriesView {
            pair: s.pair.to_string(),
            flow: s.flow.to_string(),
            reported_by: s.reported_by.to_string(),
            points: &s.points,
            growth_reports: &s.growth_reports,
            notes: &s.notes,
            warnings: &s.warnings,
            conflicts: &s.conflicts,
        }
    }
}

/// One candidate model: fitted (with its numbers) or skipped (with its reason); `status` says which.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum CandidateView<'a> {
    /// `status: "fitted"`.
    Fitted(FittedView<'a>),
    /// `status: "skipped"`.
    Skipped(SkippedView<'a>),
}

/// A fitted candidate.
#[derive(Debug, Serialize)]
pub struct FittedView<'a> {
    model: &'static str,
    status: &'static str,
    aicc: Option<f64>,
    growth: f64,
    params: Vec<ParamView<'a>>,
    notes: &'a [String],
}

/// One parameter of a fitted model.
#[derive(Debug, Serialize)]
pub struct ParamView<'a> {
    name: &'a str,
    value: f64,
}

/// A skipped candidate: points it needs, points it got, and why.
#[derive(Debug, Serialize)]
pub struct SkippedView<'a> {
    model: &'static str,
    status: &'static str,
    need: usize,
    got: usize,
    reason: &'a str,
}

impl<'a> CandidateView<'a> {
    /// The view of one outcome.
    pub fn of(outcome: &'a Outcome) -> Self {
        match outcome {
            Outcome::Fitted(f) => CandidateView::Fitted(FittedView::of(f)),
            Outcome::Skipped(s) => CandidateView::Skipped(SkippedView::of(s)),
        }
    }
}

impl<'a> FittedView<'a> {
    fn of(f: &'a Fitted) -> Self {
        FittedView {
            model: names::model(f.model).code,
            status: "fitted",
            aicc: f.aicc,
            growth: f.growth,
            params: f
                .params
                .iter()
                .map(|(name, value)| ParamView {
                    name,
                    value: *value,
                })
                .collect(),
            notes: &f.notes,
        }
    }
}

impl<'a> SkippedView<'a> {
    fn of(s: &'a Skipped) -> Self {
        SkippedView {
            model: names::model(s.model).code,
            status: "skipped",
            need: s.need,
            got: s.got,
            reason: &s.reason,
        }
    }
}

/// One side's forecast: the chosen `model` (`null` when nothing could be fitted, with empty
/// arrays), the `reason` for the choice, the projected `growth`, the forecast `years` with `mean`
/// and the 80% and 95% interval ends, and every candidate in `models`.
#[derive(Debug, Serialize)]
pub struct ForecastView<'a> {
    pair: String,
    flow: String,
    reported_by: String,
    model: Option<&'static str>,
    reason: &'a str,
    growth: Option<f64>,
    years: &'a [i32],
    mean: &'a [f64],
    lower80: &'a [f64],
    upper80: &'a [f64],
    lower95: &'a [f64],
    upper95: &'a [f64],
    models: Vec<CandidateView<'a>>,
}

impl<'a> ForecastView<'a> {
    /// The view of `s`'s forecast under `selection`.
    pub fn of(s: &'a Series, selection: Option<&'a Selection>) -> Self {
        let chosen = selection.and_then(|sel| sel.chosen.as_ref());
        let f = chosen.map(|c| &c.forecast);
        ForecastView {
            pair: s.pair.to_string(),
            flow: s.flow.to_string(),
            reported_by: s.reported_by.to_string(),
            model: chosen.map(|c| names::model(c.model).code),
            reason: selection.map_or("no annual value to fit", |sel| sel.reason.as_str()),
            growth: chosen.map(|c| c.growth),
            years: f.map_or(&[], |f| &f.years),
            mean: f.map_or(&[], |f| &f.point),
            lower80: f.map_or(&[], |f| &f.lower80),
            upper80: f.map_or(&[], |f| &f.upper80),
            lower95: f.map_or(&[], |f| &f.lower95),
            upper95: f.map_or(&[], |f| &f.upper95),
            models: selection.map_or(Vec::new(), |sel| {
                sel.candidates.iter().map(CandidateView::of).collect()
            }),
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Target assessments

/// A target assessment: the goal (`target_usd`, for a relative target the level it implies, with
/// its `factor` and `base`: `factor`, `year`, `value_usd`, `side`, `kind`, `bound`, `written`;
/// `deadline`, `judged_by`: the year it is judged by),
/// its `status` and the `rule` that gave it, the `latest` value, the projected `crossing_year`,
/// probabilities, growth rates, `caveats`, whose statistics it is `judged_on`, every statement of
/// the goal in `sources`, and the newer goal it was `superseded_by` (or `null`).
#[derive(Debug, Serialize)]
pub struct AssessmentView<'a> {
    id: &'a str,
    pair: String,
    flow: String,
    target_usd: Option<f64>,
    factor: Option<f64>,
    base: Option<&'a Base>,
    deadline: Option<i32>,
    judged_by: i32,
    deadline_stated: bool,
    status: &'static str,
    rule: &'a str,
    latest: &'a Option<crate::target::Latest>,
    point_crossing: Option<i32>,
    crossing_year: CrossingView,
    probability_by_deadline: Option<f64>,
    probability_within: Vec<WithinView>,
    required_growth: Option<f64>,
    recent_growth: Option<f64>,
    projected_growth: Option<f64>,
    caveats: &'a [String],
    source: &'a str,
    quote: &'a str,
    stated: Option<String>,
    replaces: &'a str,
    judged_on: String,
    judged_on_rule: &'a str,
    sources: Vec<StatementView<'a>>,
    superseded_by: Option<SupersededView<'a>>,
}

/// Percentiles of the first year simulated paths reach the target (`null`: not within the
/// horizon), the share that never does by `horizon_end`; all `null` when nothing was simulated.
#[derive(Debug, Serialize)]
pub struct CrossingView {
    p10: Option<i32>,
    p50: Option<i32>,
    p90: Option<i32>,
    never_share: Option<f64>,
    horizon_end: Option<i32>,
}

/// The probability of reaching the target `by` a year.
#[derive(Debug, Serialize)]
pub struct WithinView {
    by: i32,
    probability: f64,
}

/// One statement of a goal: its row `id`, `source`, date and quote.
#[derive(Debug, Serialize)]
pub struct StatementView<'a> {
    id: &'a str,
    source: &'a str,
    stated: Option<String>,
    quote: &'a str,
}

/// The newer goal that replaced this one; `explicit` if the newer statement says it replaces it.
#[derive(Debug, Serialize)]
pub struct SupersededView<'a> {
    id: &'a str,
    stated: Option<String>,
    target_usd: Option<f64>,
    factor: Option<f64>,
    deadline: Option<i32>,
    explicit: bool,
}

impl<'a> StatementView<'a> {
    fn of(t: &'a Target) -> Self {
        StatementView {
            id: &t.id,
            source: &t.source,
            stated: t.stated.map(|d| d.to_string()),
            quote: &t.quote,
        }
    }
}

impl<'a> SupersededView<'a> {
    fn of(b: &'a Supersession) -> Self {
        SupersededView {
            id: &b.id,
            stated: b.stated.map(|d| d.to_string()),
            target_usd: b.aim.value_usd(),
            factor: b.aim.factor(),
            deadline: b.deadline,
            explicit: b.explicit,
        }
    }
}

impl<'a> AssessmentView<'a> {
    /// The view of `a`.
    pub fn of(a: &'a Assessment) -> Self {
        AssessmentView {
            id: &a.target.id,
            pair: a.target.pair.to_string(),
            flow: a.target.flow.to_string(),
            target_usd: a.level_usd,
            factor: a.target.aim.factor(),
            base: a.base.as_ref(),
            deadline: a.target.deadline,
            judged_by: a.judged_by,
            deadline_stated: a.deadline_stated,
            status: names::status(a.status).code,
            rule: &a.rule,
            latest: &a.latest,
            point_crossing: a.point_crossing,
            crossing_year: CrossingView {
                p10: a.crossing.and_then(|c| c.p10),
                p50: a.crossing.and_then(|c| c.p50),
                p90: a.crossing.and_then(|c| c.p90),
                never_share: a.crossing.map(|c| c.never_share),
                horizon_end: a.crossing.map(|c| c.horizon_end),
            },
            probability_by_deadline: a.probability_by_deadline,
            probability_within: a
                .probability_within
                .iter()
                .map(|&(by, probability)| WithinView { by, probability })
                .collect(),
            required_growth: a.required_growth,
            recent_growth: a.recent_growth,
            projected_growth: a.projected_growth,
            caveats: &a.caveats,
            source: &a.target.source,
            quote: &a.target.quote,
            stated: a.target.stated.map(|d| d.to_string()),
            replaces: a.target.replaces.as_str(),
            judged_on: a.judged_on.to_string(),
            judged_on_rule: &a.judged_on_rule,
            sources: std::iter::once(&a.target)
                .chain(&a.restated)
                .map(StatementView::of)
                .collect(),
            superseded_by: a.superseded_by.as_ref().map(SupersededView::of),
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// projections.json

/// `projections.json`: the run (`as_of`, `seed`, `tradecast_version`), one entry per pair and flow
/// in `series`, every target assessment in `targets`, the loading warnings, and how many figures
/// were left out as published after the as-of date.
#[derive(Debug, Serialize)]
pub struct ProjectionsView<'a> {
    as_of: String,
    seed: u64,
    tradecast_version: &'a str,
    series: Vec<SectionView<'a>>,
    targets: Vec<AssessmentView<'a>>,
    input_warnings: &'a [String],
    published_after_as_of: usize,
    track_record: TrackRecordView,
}

/// One pair and flow: the main side's series (its keys inline) with its `forecast`, every other
/// side likewise in `other_sides`, and the year-by-year `side_gaps`.
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    #[serde(flatten)]
    series: SeriesView<'a>,
    forecast: ForecastView<'a>,
    other_sides: Vec<SideView<'a>>,
    side_gaps: Vec<SideGapView>,
}

/// Another side of a trade: its series (keys inline) with its `forecast`.
#[derive(Debug, Serialize)]
pub struct SideView<'a> {
    #[serde(flatten)]
    series: SeriesView<'a>,
    forecast: ForecastView<'a>,
}

/// One year seen from two sides: each side's value and kind, and `gap = other / main − 1`.
#[derive(Debug, Serialize)]
pub struct SideGapView {
    year: i32,
    main: String,
    main_usd: f64,
    main_kind: &'static str,
    other: String,
    other_usd: f64,
    other_kind: &'static str,
    gap: f64,
}

impl SideGapView {
    fn of(g: &SideGap) -> Self {
        SideGapView {
            year: g.year,
            main: g.main.to_string(),
            main_usd: g.main_usd,
            main_kind: g.main_kind.as_str(),
            other: g.other.to_string(),
            other_usd: g.other_usd,
            other_kind: g.other_kind.as_str(),
            gap: g.gap,
        }
    }
}

impl<'a> SectionView<'a> {
    /// The view of one section.
    pub fn of(s: &'a Section) -> Self {
        SectionView {
            series: SeriesView::of(&s.series),
            forecast: ForecastView::of(&s.series, s.selection.as_ref()),
            other_sides: s
                .other_sides
                .iter()
                .map(|o| SideView {
                    series: SeriesView::of(&o.series),
                    forecast: ForecastView::of(&o.series, o.selection.as_ref()),
                })
                .collect(),
            side_gaps: s.side_gaps.iter().map(SideGapView::of).collect(),
        }
    }
}

impl<'a> ProjectionsView<'a> {
    /// The view of the whole report.
    pub fn of(report: &'a Report) -> Self {
        ProjectionsView {
            as_of: report.as_of.to_string(),
            seed: report.seed,
            tradecast_version: &report.version,
            series: report.sections.iter().map(SectionView::of).collect(),
            targets: report.assessments().map(AssessmentView::of).collect(),
            input_warnings: &report.input_warnings,
            published_after_as_of: report.published_later,
            track_record: TrackRecordView::of(&report.track_record),
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// As values (keys sorted), for the commands' `--json` and for projections.json

/// A view as a JSON value: keys sorted, non-finite numbers `null`.
fn value<T: Serialize>(view: &T) -> Value {
    // The views hold only strings, numbers, options, sequences and derived records with string
    // keys: serialising them to a value cannot fail.
    serde_json::to_value(view).unwrap_or(Value::Null)
}

/// [`SeriesView`] as a value.
pub fn series(s: &Series) -> Value {
    value(&SeriesView::of(s))
}

/// Every candidate model ([`CandidateView`]) as a value.
pub fn candidates(selection: &Selection) -> Value {
    value(
        &selection
            .candidates
            .iter()
            .map(CandidateView::of)
            .collect::<Vec<_>>(),
    )
}

/// A section's main-side forecast ([`ForecastView`]) as a value.
pub fn forecast(section: &Section) -> Value {
    forecast_of(&section.series, section.selection.as_ref())
}

/// One side's forecast ([`ForecastView`]) as a value.
pub fn forecast_of(s: &Series, selection: Option<&Selection>) -> Value {
    value(&ForecastView::of(s, selection))
}

/// [`AssessmentView`] as a value.
pub fn assessment(a: &Assessment) -> Value {
    value(&AssessmentView::of(a))
}

/// `projections.json` ([`ProjectionsView`]) as bytes.
pub fn projections(report: &Report) -> Vec<u8> {
    pretty(&value(&ProjectionsView::of(report)))
}

// ---------------------------------------------------------------------------------------------------
// Scheduled refreshes: changes.json and the track record

/// `changes.json`: this vintage (`as_of`), the one it is compared with (`previous_as_of`, `null`
/// for a first vintage), whether anything material changed, and every change.
#[derive(Debug, Serialize)]
pub struct ChangesView<'a> {
    as_of: String,
    previous_as_of: Option<String>,
    material: bool,
    changes: Vec<ChangeView<'a>>,
}

/// One change ([`super::changes::Change`]): `kind` (`new_figure`, `revised_value`, `new_target`,
/// `superseded_target`, `removed_target`, `status`, `probability`, `crossing`), the trade,
/// `subject` (an observation or target id, or `year, side`), `from` and `to` in code spellings
/// (`null` when none) and the `reason`.
#[derive(Debug, Serialize)]
pub struct ChangeView<'a> {
    kind: &'static str,
    pair: &'a str,
    flow: &'a str,
    subject: &'a str,
    from: Option<&'a str>,
    to: Option<&'a str>,
    reason: &'a str,
}

impl<'a> ChangesView<'a> {
    /// The view of a report's changes.
    pub fn of(report: &'a Report) -> Self {
        let c = &report.changes;
        ChangesView {
            as_of: report.as_of.to_string(),
            previous_as_of: c.previous.map(|d| d.to_string()),
            material: c.is_material(),
            changes: c
                .items
                .iter()
                .map(|c| ChangeView {
                    kind: c.kind.as_str(),
                    pair: &c.pair,
                    flow: &c.flow,
                    subject: &c.subject,
                    from: c.from.as_deref(),
                    to: c.to.as_deref(),
                    reason: &c.reason,
                })
                .collect(),
        }
    }
}

/// The track record in `projections.json`: counts `overall` and per trade (`trades`), and every
/// scored earlier projection (`projections`).
#[derive(Debug, Serialize)]
pub struct TrackRecordView {
    overall: TallyView,
    trades: Vec<TradeTallyView>,
    projections: Vec<ScoredView>,
}

/// Counts: projections scored (`n`), inside their 80% and 95% bands, mean |error|.
#[derive(Debug, Serialize)]
pub struct TallyView {
    n: usize,
    in80: usize,
    in95: usize,
    mean_abs_error: Option<f64>,
}

/// One trade's counts.
#[derive(Debug, Serialize)]
pub struct TradeTallyView {
    pair: String,
    flow: String,
    #[serde(flatten)]
    tally: TallyView,
}

/// One earlier projection, now checkable ([`super::track::Scored`]).
#[derive(Debug, Serialize)]
pub struct ScoredView {
    pair: String,
    flow: String,
    reported_by: String,
    year: i32,
    made_as_of: String,
    model: String,
    horizon: Option<i32>,
    mean: f64,
    lower80: f64,
    upper80: f64,
    lower95: f64,
    upper95: f64,
    actual_usd: f64,
    actual_kind: &'static str,
    actual_bound: String,
    error: f64,
    in80: bool,
    in95: bool,
}

impl TallyView {
    fn of(t: &super::track::Tally) -> Self {
        TallyView {
            n: t.n,
            in80: t.in80,
            in95: t.in95,
            mean_abs_error: t.mean_abs_error,
        }
    }
}

impl TrackRecordView {
    /// The view of a track record.
    pub fn of(t: &super::track::TrackRecord) -> Self {
        let (per, overall) = t.tallies();
        TrackRecordView {
            overall: TallyView::of(&overall),
            trades: per
                .iter()
                .map(|((pair, flow), tally)| TradeTallyView {
                    pair: pair.to_string(),
                    flow: flow.to_string(),
                    tally: TallyView::of(tally),
                })
                .collect(),
            projections: t
                .scored
                .iter()
                .map(|s| ScoredView {
                    pair: s.pair.to_string(),
                    flow: s.flow.to_string(),
                    reported_by: s.reported_by.to_string(),
                    year: s.year,
                    made_as_of: s.made_as_of.clone(),
                    model: s.model.clone(),
                    horizon: s.horizon,
                    mean: s.point_usd,
                    lower80: s.band80.0,
                    upper80: s.band80.1,
                    lower95: s.band95.0,
                    upper95: s.band95.1,
                    actual_usd: s.actual_usd,
                    actual_kind: s.actual_kind.as_str(),
                    actual_bound: s.actual_bound.to_string(),
                    error: s.error,
                    in80: s.in80,
                    in95: s.in95,
                })
                .collect(),
        }
    }
}

/// `changes.json` ([`ChangesView`]) as bytes.
pub fn changes(report: &Report) -> Vec<u8> {
    pretty(&value(&ChangesView::of(report)))
}

/// Pretty JSON with a trailing newline.
pub fn pretty(value: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_default();
    out.push(b'\n');
    out
}
