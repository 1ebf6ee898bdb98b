//! `projections.csv` and `assessments.csv`: the report's numbers for spreadsheets and scripts, and
//! [`write_csv`], the one way the report writes CSV (`history.csv` too).
//!
//! Text cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) are
//! prefixed with `'` (OWASP's advice for CSV injection); numbers are left alone. Quoting is the
//! `csv` crate's ([`csv::QuoteStyle::Necessary`]: a field is quoted when it holds a comma, a quote
//! or a line break).

pub use crate::fmt::neutralise;

use super::{names, Report};

/// CSV bytes: `header` (comma-separated names) and then `rows`, each field formula-neutralised,
/// quoted only where needed, lines ending in `\n`.
pub fn write_csv<R, F>(header: &str, rows: R) -> Vec<u8>
where
    R: IntoIterator<Item = F>,
    F: IntoIterator<Item = String>,
{
    let mut b = crate::fmt::csv_builder();
    // Rows are fixed arrays of the header's width; flexible, so that nothing could be dropped.
    let mut w = b.flexible(true).from_writer(Vec::new());
    // Writing to memory cannot fail: a flexible writer's only errors are I/O errors.
    let _ = w.write_record(header.split(','));
    for row in rows {
        let _ = w.write_record(row.into_iter().map(|f| neutralise(&f).into_owned()));
    }
    w.into_inner().unwrap_or_default()
}

fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// Header of `projections.csv`.
pub const PROJECTIONS_HEADER: &str =
    "pair,flow,year,kind,value_usd,bound,model,mean,lower80,upper80,lower95,upper95,reported_by,side_gap";

/// `projections.csv`: observed annual points (kind reported/derived/estimated, value and bound)
/// followed by the chosen model's forecast (kind `forecast`, mean and intervals), per series:
/// the main side first, then each other side (`reported_by`: whose statistics). On another
/// side's observed rows, `side_gap` is its value against the main side's for that year
/// (`other / main − 1`), blank when the main side has no value then.
pub fn projections(report: &Report) -> Vec<u8> {
    let mut out = Vec::new();
    for section in &report.sections {
        let sides = std::iter::once((&section.series, section.selection.as_ref())).chain(
            section
                .other_sides
                .iter()
                .map(|o| (&o.series, o.selection.as_ref())),
        );
        for (series, selection) in sides {
            side_rows(&mut out, section, series, selection);
        }
    }
    write_csv(PROJECTIONS_HEADER, out)
}

fn side_rows(
    out: &mut Vec<[String; 14]>,
    section: &super::Section,
    s: &crate::series::Series,
    selection: Option<&crate::model::Selection>,
) {
    let (pair, flow) = (s.pair.to_string(), s.flow.to_string());
    let side = s.reported_by.to_string();
    for p in &s.points {
        let gap = section
            .side_gaps
            .iter()
            .find(|g| g.other == s.reported_by && g.year == p.year)
            .map(|g| num(g.gap))
            .unwrap_or_default();
        out.push([
            pair.clone(),
            flow.clone(),
            p.year.to_string(),
            p.kind.as_str().into(),
            num(p.value_usd),
            p.bound.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            side.clone(),
            gap,
        ]);
    }
    let Some(fitted) = selection.and_then(|sel| sel.chosen.as_ref()) else {
        return;
    };
    let f = &fitted.forecast;
    for j in 0..f.years.len() {
        out.push([
            pair.clone(),
            flow.clone(),
            f.years[j].to_string(),
            "forecast".into(),
            String::new(),
            String::new(),
            names::model(fitted.model).code.into(),
            num(f.point[j]),
            num(f.lower80[j]),
            num(f.upper80[j]),
            num(f.lower95[j]),
            num(f.upper95[j]),
            side.clone(),
            String::new(),
        ]);
    }
}

/// Header of `assessments.csv`.
pub const ASSESSMENTS_HEADER: &str = "target_id,pair,flow,target_usd,deadline,judged_by,status,latest_year,latest_usd,latest_kind,latest_bound,required_growth,recent_growth,projected_growth,point_crossing,crossing_p10,crossing_p50,crossing_p90,never_share,probability_by_deadline,probability_5y,probability_10y,rule,judged_on,stated,sources,superseded_by,superseded_stated,factor,base_year,base_usd,base_side,base_kind";

/// `assessments.csv`: one row per target. Growth rates are fractions; blank means not computable
/// (the `rule` column says why). `judged_on`: whose statistics the target is judged against;
/// `stated`: when it was first stated; `sources`: every statement as `id:source`, separated by
/// `; `; `superseded_by` and `superseded_stated`: the newer target and its date, when superseded.
/// A relative target has its `factor`, and its base (`base_year`, `base_usd`, `base_side`,
/// `base_kind`) once found; `target_usd` is then the level it implies, factor × `base_usd`
/// (blank while the base year has no figure).
pub fn assessments(report: &Report) -> Vec<u8> {
    let rows = report.assessments().map(|a| {
        let within = |k: usize| {
            a.probability_within
                .get(k)
                .map(|&(_, p)| num(p))
                .unwrap_or_default()
        };
        [
            a.target.id.clone(),
            a.target.pair.to_string(),
            a.target.flow.to_string(),
            a.level_usd.map(num).unwrap_or_default(),
            opt(a.target.deadline),
            a.judged_by.to_string(),
            names::status(a.status).code.into(),
            opt(a.latest.as_ref().map(|l| l.year)),
            a.latest
                .as_ref()
                .map(|l| num(l.value_usd))
                .unwrap_or_default(),
            opt(a.latest.as_ref().map(|l| l.kind.as_str())),
            opt(a.latest.as_ref().map(|l| l.bound)),
            a.required_growth.map(num).unwrap_or_default(),
            a.recent_growth.map(num).unwrap_or_default(),
            a.projected_growth.map(num).unwrap_or_default(),
            opt(a.point_crossing),
            opt(a.crossing.and_then(|c| c.p10)),
            opt(a.crossing.and_then(|c| c.p50)),
            opt(a.crossing.and_then(|c| c.p90)),
            a.crossing.map(|c| num(c.never_share)).unwrap_or_default(),
            a.probability_by_deadline.map(num).unwrap_or_default(),
            within(0),
            within(1),
            a.rule.clone(),
            a.judged_on.to_string(),
            opt(a.target.stated),
            std::iter::once(&a.target)
                .chain(&a.restated)
                .map(|t| format!("{}:{}", t.id, t.source))
                .collect::<Vec<_>>()
                .join("; "),
            a.superseded_by
                .as_ref()
                .map(|b| b.id.clone())
                .unwrap_or_default(),
            opt(a.superseded_by.as_ref().and_then(|b| b.stated)),
            a.target.aim.factor().map(num).unwrap_or_default(),
            opt(a.base.as_ref().map(|b| b.year)),
            a.base
                .as_ref()
                .map(|b| num(b.value_usd))
                .unwrap_or_default(),
            opt(a.base.as_ref().map(|b| b.side)),
            opt(a.base.as_ref().map(|b| b.kind.as_str())),
        ]
    });
    write_csv(ASSESSMENTS_HEADER, rows)
}

/// Header of `track-record.csv`.
pub const TRACK_RECORD_HEADER: &str = "pair,flow,reported_by,year,made_as_of,model,horizon,mean,lower80,upper80,lower95,upper95,actual_usd,actual_kind,actual_bound,error,in80,in95";

/// `track-record.csv`: every earlier projection of a year now reported (see
/// [`super::track`]): the vintage that made it, its point (`mean`) and bands, the value now
/// reported, `error = actual / mean − 1`, and `in80`/`in95` (`true`/`false`).
pub fn track_record(record: &super::track::TrackRecord) -> Vec<u8> {
    let rows = record.scored.iter().map(|s| {
        [
            s.pair.to_string(),
            s.flow.to_string(),
            s.reported_by.to_string(),
            s.year.to_string(),
            s.made_as_of.clone(),
            s.model.clone(),
            opt(s.horizon),
            num(s.point_usd),
            num(s.band80.0),
            num(s.band80.1),
            num(s.band95.0),
            num(s.band95.1),
            num(s.actual_usd),
            s.actual_kind.as_str().into(),
            s.actual_bound.to_string(),
            num(s.error),
            s.in80.to_string(),
            s.in95.to_string(),
        ]
    });
    write_csv(TRACK_RECORD_HEADER, rows)
}

#[cfg(test)]
mod tests {
    use super::write_csv;

    fn one(text: &str) -> String {
        let bytes = write_csv("a,b", [[text.to_string(), "x".to_string()]]);
        let s = String::from_utf8(bytes).unwrap();
        s.strip_prefix("a,b\n")
            .unwrap()
            .strip_suffix(",x\n")
            .unwrap()
            .to_string()
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(one("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(one("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(one("-0.25"), "-0.25");
        assert_eq!(one("a,b"), "\"a,b\"");
        assert_eq!(one("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(one(""), "");
    }
}
