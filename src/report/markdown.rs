//! `report.md`: the analyst's report. A pure function of the [`Report`].
//!
//! Text that comes from the data (quotes, notes, file names) goes through [`escape`], so a quote
//! cannot break a table, start a heading or inject HTML.

use std::fmt::Write;

use crate::fmt::{pct, usd};
use crate::model::{Fitted, ModelKind, Outcome};
use crate::obs::{Bound, Side};
use crate::series::Point;
use crate::target::{implied_deadline_words, rules, Assessment, Status};

use super::history::HistoryRow;
use super::{names, Report, Section};

/// Escape text from the data for Markdown tables and paragraphs: HTML entities for `&<>`,
/// backslashes for Markdown punctuation, newlines folded to spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A value with its bound mark ([`crate::fmt::bounded`]), escaped: `≈ 644 m`, `&gt; 460 m`.
fn bounded(value: f64, bound: Bound) -> String {
    escape(&crate::fmt::bounded(value, bound))
}

fn point_value(p: &Point) -> String {
    bounded(p.value_usd, p.bound)
}

fn probability(p: f64) -> String {
    if p > 0.0 && p < 0.005 {
        "&lt; 1%".into()
    } else if p < 1.0 && p > 0.995 {
        "&gt; 99%".into()
    } else {
        format!("{:.0}%", p * 100.0)
    }
}

fn status_words(s: Status) -> &'static str {
    names::status(s).words
}

fn model_short(kind: ModelKind) -> &'static str {
    names::model(kind).short
}

fn year_or_beyond(y: Option<i32>, horizon_end: i32) -> String {
    y.map_or(format!("after {horizon_end}"), |y| y.to_string())
}

fn crossing_text(a: &Assessment) -> String {
    match a.crossing {
        None => "—".into(),
        Some(c) => {
            let p50 = year_or_beyond(c.p50, c.horizon_end);
            format!(
                "{p50} ({}–{})",
                year_or_beyond(c.p10, c.horizon_end),
                year_or_beyond(c.p90, c.horizon_end)
            )
        }
    }
}

fn chosen(section: &Section) -> Option<&Fitted> {
    section.selection.as_ref().and_then(|s| s.chosen.as_ref())
}

fn model_name(section: &Section) -> String {
    chosen(section).map_or("none".into(), |f| model_short(f.model).into())
}

/// Render the whole report.
pub fn render(report: &Report) -> Vec<u8> {
    let mut md = String::new();
    let figures: usize = report.sections.iter().map(|s| s.observations.len()).sum();
    let mut sources: Vec<&str> = report
        .sections
        .iter()
        .flat_map(|s| s.observations.iter().map(|o| o.source.as_str()))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let _ = writeln!(md, "# Bilateral trade: series, projections and targets\n");
    let later = match report.published_later {
        0 => String::new(),
        n => format!(" · {n} figure(s) published after the as-of date left out"),
    };
    let _ = writeln!(
        md,
        "As of **{}** · {} reported figures from {} sources{later} · seed {} · tradecast {}\n",
        report.as_of,
        figures,
        sources.len(),
        report.seed,
        report.version
    );
    super::markdown_refresh::changes(&mut md, report);
    summary(&mut md, report);
    super::markdown_refresh::track_record(&mut md, report);
    let _ = writeln!(md, "## How to read this report\n");
    let _ = writeln!(
        md,
        "- **Kinds of value.** *reported*: a full-year figure as a source states it; *derived*: implied by a \
         reported level and its growth rate (`previous = level / (1 + growth)`); *estimated*: a full year \
         estimated from part of it: from a year-to-date level (January to a month) by rules learned from real \
         monthly trade, never below that level, with its own 80%/95% band (the *How* column gives both); or, \
         with no such level, from a same-period growth (`full year ≈ previous full year × (1 + growth)`). Less \
         certain than a reported year, and the projection's bands carry that.\n\
         - **Bounds.** `&gt; 460 m` means the source said *exceeded* $460 million: the true value is higher. \
         Bounds are kept as bounds; `≈` marks approximate values.\n\
         - **Intervals.** Forecast ranges are 80% and 95% prediction intervals: with three annual points they are \
         very wide, and that width is the honest answer.\n\
         - **The pooled model.** A few annual points cannot show how a trade flow moves, so short series are \
         forecast with what hundreds of real bilateral trade series did next: trade drifts up with the panel's \
         recent median growth, a little of a series' own trend persists, part of a recent jump away from its \
         usual level is undone, and the bands are as wide as such forecasts were wrong on that panel, at the \
         series' own volatility. The same distribution gives the crossing years and probabilities.\n\
         - **{}**\n",
        rules()
    );
    for section in &report.sections {
        render_section(&mut md, section, report);
    }
    if !report.orphan_assessments.is_empty() {
        let _ = writeln!(md, "## Targets without data\n");
        for a in &report.orphan_assessments {
            target_block(&mut md, a, "###");
        }
    }
    if !report.input_warnings.is_empty() {
        let _ = writeln!(md, "## Input warnings\n");
        for w in &report.input_warnings {
            let _ = writeln!(md, "- {}", escape(w));
        }
        md.push('\n');
    }
    let _ = writeln!(
        md,
        "---\n\nGenerated by tradecast {} from `data/`; the same data, as-of date ({}) and seed ({}) give this \
         report byte for byte. Machine-readable numbers: `projections.json`, `projections.csv`, `assessments.csv`; \
         every vintage of the target projections: `history.csv`.",
        report.version, report.as_of, report.seed
    );
    md.into_bytes()
}

fn summary(md: &mut String, report: &Report) {
    let _ = writeln!(md, "## Summary\n");
    let _ = writeln!(
        md,
        "| Pair | Flow | Latest value | Model | Projected growth | Target | Crossing year (10–90%) | P(by deadline) | Status |"
    );
    let _ = writeln!(md, "|---|---|---|---|---:|---|---|---:|---|");
    for s in &report.sections {
        let latest = s.series.latest().map_or("no full-year value".into(), |p| {
            format!("{} ({}, {})", point_value(p), p.year, p.kind.as_str())
        });
        let growth = chosen(s).map_or("—".into(), |f| pct(f.growth));
        let base = format!(
            "| [{}](#{}) | {} | {} | {} | {} ",
            s.series.pair,
            anchor(s),
            s.series.flow,
            latest,
            model_name(s),
            growth
        );
        if s.assessments.is_empty() {
            let _ = writeln!(md, "{base}| — | — | — | — |");
        }
        for a in &s.assessments {
            if let Some(by) = &a.superseded_by {
                let _ = writeln!(
                    md,
                    "{base}| {} {} | — | — | **superseded** by {} |",
                    a.goal_words(),
                    a.target
                        .deadline
                        .map_or("(no deadline)".into(), |d| format!("by {d}")),
                    escape(&by.id)
                );
                continue;
            }
            let _ = writeln!(
                md,
                "{base}| {} {} | {} | {} | **{}** |",
                a.goal_words(),
                a.target
                    .deadline
                    .map_or("(no deadline)".into(), |d| format!("by {d}")),
                crossing_text(a),
                a.probability_by_deadline.map_or("—".into(), |p| format!(
                    "{} by {}{}",
                    probability(p),
                    a.judged_by,
                    if a.deadline_stated { "" } else { "*" }
                )),
                status_words(a.status)
            );
        }
    }
    for a in &report.orphan_assessments {
        let _ = writeln!(
            md,
            "| {} | {} | no data | none | — | {} | — | — | **{}** |",
            a.target.pair,
            a.target.flow,
            a.goal_words(),
            status_words(a.status)
        );
    }
    let _ = writeln!(
        md,
        "\n\\* no deadline stated: judged against {} the as-of date.\n",
        implied_deadline_words()
    );
}

fn anchor(s: &Section) -> String {
    format!("{}-{}", s.series.pair, s.series.flow).to_lowercase()
}

fn render_section(md: &mut String, s: &Section, report: &Report) {
    let _ = writeln!(md, "## {} {}\n", s.series.pair, s.series.flow);
    if !s.series.points.is_empty() {
        let _ = writeln!(
            md,
            "![{} {}: history by kind, fitted trend, 80% and 95% bands, target](charts/{}.png)\n",
            s.series.pair,
            s.series.flow,
            s.stem()
        );
    }
    annual_series(md, s);
    sides_block(md, s);
    figures_table(md, s);
    reconciliation_notes(md, s);
    if let Some(sel) = &s.selection {
        models_compared(md, s, sel);
    }
    for a in &s.assessments {
        target_block(md, a, "###");
        vintages(md, a, &report.history);
    }
}

/// The annual series: one row a year with its kind, how it was obtained and its sources.
fn annual_series(md: &mut String, s: &Section) {
    let _ = writeln!(md, "### Annual series\n");
    if s.series.points.is_empty() {
        let _ = writeln!(
            md,
            "No full-year value: the figures below cover part of a year only, with no same-period growth to \
             turn them into a full year.\n\n{}\n",
            data_needed(s)
        );
    } else {
        let _ = writeln!(md, "| Year | Value (USD) | Kind | How | Sources |");
        let _ = writeln!(md, "|---|---:|---|---|---|");
        for p in &s.series.points {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                p.year,
                point_value(p),
                p.kind.as_str(),
                escape(&p.how),
                escape(&p.sources.join(", "))
            );
        }
        md.push('\n');
    }
}

/// Every reported figure with its source and quote, then the notes on them.
fn figures_table(md: &mut String, s: &Section) {
    let _ = writeln!(md, "### Reported figures and their sources\n");
    // The reporting country is a column only where some figure records it.
    let sided = s
        .observations
        .iter()
        .any(|o| o.reported_by != Side::Unknown);
    let _ = writeln!(
        md,
        "| Id | Period | Value (USD) | Growth | Wording | Source | Published | Quote |{}",
        if sided {
            " As written | Reported by |"
        } else {
            ""
        }
    );
    let _ = writeln!(
        md,
        "|---|---|---:|---:|---|---|---|---|{}",
        if sided { "---|---|" } else { "" }
    );
    for o in &s.observations {
        let side = if sided {
            format!(" {} {} | {} |", o.pair, o.flow, o.reported_by)
        } else {
            String::new()
        };
        let mut value = o.value_usd.map_or("—".into(), |v| bounded(v, o.bound));
        if let Some(a) = o.converted.as_ref().and_then(|c| c.amount.map(|a| (a, c))) {
            // The amount as the source wrote it; the rate is in the reconciliation notes.
            value.push_str(&format!(" ({} {})", usd(a.0), a.1.rate.currency));
        }
        let published = o.published.map_or("no date line".into(), |d| d.to_string());
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | “{}” |{side}",
            escape(&o.id),
            o.period.describe(),
            value,
            o.growth.map_or("—".into(), pct),
            o.bound.as_str().replace('_', " "),
            escape(&o.source),
            published,
            escape(&o.quote)
        );
    }
    md.push('\n');
    let noted: Vec<_> = s
        .observations
        .iter()
        .filter(|o| !o.note.trim().is_empty())
        .collect();
    if !noted.is_empty() {
        let _ = writeln!(md, "Notes on the figures:\n");
        for o in noted {
            let _ = writeln!(md, "- {}: {}", escape(&o.id), escape(&o.note));
        }
        md.push('\n');
    }
}

/// The reconciliation's warnings and notes, if any.
fn reconciliation_notes(md: &mut String, s: &Section) {
    if !s.series.notes.is_empty() || !s.series.warnings.is_empty() {
        let _ = writeln!(md, "### Reconciliation notes\n");
        for w in &s.series.warnings {
            let _ = writeln!(md, "- ⚠ {}", escape(w));
        }
        for n in &s.series.notes {
            let _ = writeln!(md, "- {}", escape(n));
        }
        md.push('\n');
    }
}

/// Every candidate model, the choice and its notes, and the chosen model's projection.
fn models_compared(md: &mut String, s: &Section, sel: &crate::model::Selection) {
    let _ = writeln!(md, "### Models compared\n");
    let _ = writeln!(
        md,
        "| Model | Result | AICc | Projected growth | First year, 95% interval |"
    );
    let _ = writeln!(md, "|---|---|---:|---:|---|");
    for c in &sel.candidates {
        match c {
            Outcome::Fitted(f) => {
                let is_chosen = sel.chosen.as_ref().is_some_and(|c| c.model == f.model);
                let _ = writeln!(
                    md,
                    "| {} | fitted{} | {} | {} | {} |",
                    model_short(f.model),
                    if is_chosen { ", **chosen**" } else { "" },
                    f.aicc.map_or("—".into(), |a| format!("{a:.2}")),
                    pct(f.growth),
                    first_year_band(f)
                );
            }
            Outcome::Skipped(k) => {
                let _ = writeln!(
                    md,
                    "| {} | skipped (needs {}, has {}) | — | — | {} |",
                    model_short(k.model),
                    k.need,
                    k.got,
                    escape(&k.reason)
                );
            }
        }
    }
    let _ = writeln!(md, "\n**Choice:** {}\n", escape(&sel.reason));
    if let Some(f) = &sel.chosen {
        if !f.notes.is_empty() {
            let _ = writeln!(md, "Notes on the chosen model:\n");
            for n in &f.notes {
                let _ = writeln!(md, "- {}", escape(n));
            }
            md.push('\n');
        }
    }
    if sel.chosen.is_none() {
        let _ = writeln!(md, "{}\n", data_needed(s));
    }
    if let Some(f) = &sel.chosen {
        projection_table(md, f);
    }
}

/// Whose statistics the series is, and, when the trade is reported from more than one side,
/// every side's values year by year with the gap to the main side.
fn sides_block(md: &mut String, s: &Section) {
    let main = s.series.reported_by;
    if s.other_sides.is_empty() {
        if main != Side::Unknown {
            let _ = writeln!(md, "All figures above are {}.\n", main.describe());
        }
        return;
    }
    let _ = writeln!(md, "### Both sides\n");
    let sides: Vec<&crate::series::Series> = std::iter::once(&s.series)
        .chain(s.other_sides.iter().map(|o| &o.series))
        .collect();
    let names: Vec<String> = sides.iter().map(|x| side_name(x.reported_by)).collect();
    let _ = writeln!(
        md,
        "The series above, its models and its targets use {}; the same trade as the other side \
         reports it is shown beside it, with the gap (other side / main side − 1). Mirror figures \
         differ for known reasons (imports valued with freight and insurance, timing, goods in \
         transit, what each side counts).\n",
        main.describe()
    );
    let mut header = String::from("| Year |");
    let mut rule = String::from("|---|");
    for (i, n) in names.iter().enumerate() {
        let _ = write!(header, " {n} |");
        rule.push_str("---:|");
        if i > 0 {
            let _ = write!(header, " Gap {n} vs {} |", names[0]);
            rule.push_str("---:|");
        }
    }
    let _ = writeln!(md, "{header}\n{rule}");
    let mut years: Vec<i32> = sides
        .iter()
        .flat_map(|x| x.points.iter().map(|p| p.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    for y in years {
        let mut line = format!("| {y} |");
        for (i, x) in sides.iter().enumerate() {
            let value = x
                .points
                .iter()
                .find(|p| p.year == y)
                .map_or("—".into(), |p| {
                    format!("{} ({})", point_value(p), p.kind.as_str())
                });
            let _ = write!(line, " {value} |");
            if i > 0 {
                let gap = s
                    .side_gaps
                    .iter()
                    .find(|g| g.year == y && g.other == x.reported_by)
                    .map_or("—".into(), |g| pct(g.gap));
                let _ = write!(line, " {gap} |");
            }
        }
        let _ = writeln!(md, "{line}");
    }
    md.push('\n');
}

fn side_name(side: Side) -> String {
    match side {
        Side::Of(p) => format!("{p} statistics"),
        Side::Unknown => "unrecorded origin".into(),
    }
}

/// The band width in one line for the comparison table (the full notes are in projections.json).
fn first_year_band(f: &Fitted) -> String {
    let fc = &f.forecast;
    match (fc.years.first(), fc.lower95.first(), fc.upper95.first()) {
        (Some(y), Some(lo), Some(hi)) => format!("{y}: 95% {} – {}", usd(*lo), usd(*hi)),
        _ => String::new(),
    }
}

/// What data would let a model be fitted, in words, for a section with too little.
fn data_needed(s: &Section) -> String {
    let flow = s.series.flow;
    match s.series.points.as_slice() {
        [] => {
            let extra = s
                .observations
                .iter()
                .find(|o| !o.period.is_full_year() && !o.period.spans_years())
                .map_or(String::new(), |o| {
                    format!(
                        " A {} figure together with the growth of {} {flow} on the same months a year earlier would \
                         also give a {} estimate.",
                        o.period.year() - 1,
                        o.period.describe(),
                        o.period.year()
                    )
                });
            format!(
                "**What data would help:** full-year {} {flow} figures.{extra} Three annual values are the least \
                 for a trend with an interval.",
                s.series.pair
            )
        }
        [only] => format!(
            "**Too little data to forecast:** one annual value ({}). **What data would help:** the {} value, or the \
             growth rate reported with the {} figure (a level with its growth implies the year before); with three \
             annual values a trend and its 80%/95% intervals can be fitted.",
            only.year,
            only.year - 1,
            only.year
        ),
        points => format!(
            "**Too little data to forecast:** {} annual values. **What data would help:** earlier full-year figures, \
             or growth rates reported with the existing ones; three annual values are the least for a trend with an \
             interval.",
            points.len()
        ),
    }
}

fn projection_table(md: &mut String, f: &Fitted) {
    let _ = writeln!(md, "### Projection ({})\n", model_short(f.model));
    let _ = writeln!(md, "| Year | Forecast | 80% interval | 95% interval |");
    let _ = writeln!(md, "|---|---:|---:|---:|");
    let fc = &f.forecast;
    for j in 0..fc.years.len() {
        let _ = writeln!(
            md,
            "| {} | {} | {} – {} | {} – {} |",
            fc.years[j],
            usd(fc.point[j]),
            usd(fc.lower80[j]),
            usd(fc.upper80[j]),
            usd(fc.lower95[j]),
            usd(fc.upper95[j])
        );
    }
    md.push('\n');
}

fn target_block(md: &mut String, a: &Assessment, heading: &str) {
    let t = &a.target;
    let _ = writeln!(
        md,
        "{heading} Target {}: {} {} {}\n",
        escape(&t.id),
        t.flow,
        a.goal_words(),
        t.deadline
            .map_or("(no deadline stated)".into(), |d| format!("by {d}"))
    );
    let stated = |t: &crate::obs::Target| t.stated.map_or("no date line".into(), |d| d.to_string());
    for (i, t) in std::iter::once(t).chain(&a.restated).enumerate() {
        let _ = writeln!(
            md,
            "> {}“{}” — {}, {}\n",
            if i == 0 { "" } else { "Restated: " },
            escape(&t.quote),
            escape(&t.source),
            stated(t)
        );
    }
    let _ = writeln!(
        md,
        "- **Status: {}.** {}",
        status_words(a.status),
        // The rule starts with the status name; the bold label already says it.
        escape(a.rule.split_once(": ").map_or(a.rule.as_str(), |(_, r)| r))
    );
    if !a.restated.is_empty() {
        let _ = writeln!(
            md,
            "- One target, {} sources: {}.",
            a.restated.len() + 1,
            std::iter::once(t)
                .chain(&a.restated)
                .map(|t| format!("{} ({}, {})", escape(&t.id), escape(&t.source), stated(t)))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    if !a.judged_on_rule.is_empty() {
        let _ = writeln!(md, "- Side: {}.", escape(&a.judged_on_rule));
    }
    if let Some(b) = &a.base {
        let _ = writeln!(
            md,
            "- Implied level: {}× the {} value on {} ({}, {}; the base year {}) = {}.",
            b.factor,
            b.year,
            b.side_words(),
            bounded(b.value_usd, b.bound),
            b.kind.as_str(),
            if b.written {
                "written in targets.csv"
            } else {
                "is the last full year known when the target was stated"
            },
            usd(b.level_usd())
        );
    }
    if let Some(l) = &a.latest {
        let _ = writeln!(
            md,
            "- Latest value: {} ({}, {}).",
            bounded(l.value_usd, l.bound),
            l.year,
            l.kind.as_str()
        );
    }
    let growths = [
        (
            "Required",
            a.required_growth
                .map(|g| format!("{} a year to reach it by {}", pct(g), a.judged_by)),
        ),
        (
            "Recent",
            a.recent_growth
                .map(|g| format!("{} a year (CAGR of the last annual values)", pct(g))),
        ),
        (
            "Projected",
            a.projected_growth
                .map(|g| format!("{} a year (chosen model)", pct(g))),
        ),
    ];
    for (name, text) in growths {
        if let Some(text) = text {
            let _ = writeln!(md, "- {name} growth: {text}.");
        }
    }
    if let Some(c) = a.crossing {
        let _ = writeln!(
            md,
            "- Projected crossing: the point forecast reaches it in {}; half the simulated paths by {}, \
             80% of them between {} and {}; {} do not reach it by {}.",
            a.point_crossing.map_or(format!("no year up to {}", c.horizon_end), |y| y.to_string()),
            year_or_beyond(c.p50, c.horizon_end),
            year_or_beyond(c.p10, c.horizon_end),
            year_or_beyond(c.p90, c.horizon_end),
            probability(c.never_share),
            c.horizon_end
        );
    }
    if let Some(p) = a.probability_by_deadline {
        let mut line = format!(
            "- Probability of reaching it by {}{}: {}",
            a.judged_by,
            if a.deadline_stated {
                ""
            } else {
                " (implied deadline)"
            },
            probability(p)
        );
        for (y, q) in a
            .probability_within
            .iter()
            .filter(|(y, _)| *y != a.judged_by)
        {
            let _ = write!(line, "; by {y}: {}", probability(*q));
        }
        let _ = writeln!(md, "{line}.");
    }
    if !a.caveats.is_empty() {
        let _ = writeln!(md, "\n**Caveats**\n");
        for c in &a.caveats {
            let _ = writeln!(md, "- {}", escape(c));
        }
    }
    md.push('\n');
}

fn vintages(md: &mut String, a: &Assessment, history: &[HistoryRow]) {
    let rows: Vec<&HistoryRow> = history
        .iter()
        .filter(|r| r.target_id == a.target.id)
        .collect();
    if rows.len() < 2 {
        return;
    }
    let _ = writeln!(md, "**How the projection moved across vintages**\n");
    let _ = writeln!(md, "| As of | Latest data year | Model | Status | Crossing year (10–50–90%) | P(by deadline) |");
    let _ = writeln!(md, "|---|---|---|---|---|---:|");
    let y = |v: Option<i32>| v.map_or("—".into(), |y| y.to_string());
    for r in rows {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {}–{}–{} | {} |",
            escape(&r.as_of),
            y(r.latest_year),
            escape(&r.model),
            escape(&r.status),
            y(r.crossing_p10),
            y(r.crossing_p50),
            y(r.crossing_p90),
            r.probability_by_deadline.map_or("—".into(), probability)
        );
    }
    md.push('\n');
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn data_text_cannot_break_tables_or_inject_html() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(
            escape("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(escape("# heading\nnext"), "\\# heading next");
        assert_eq!(escape("[link](http://x)"), "\\[link\\](http://x)");
    }
}
