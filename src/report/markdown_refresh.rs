//! The scheduled-refresh parts of `report.md`: "Changes since …" (from [`super::changes`]) and
//! "Track record" (from [`super::track`]). Pure, called by [`super::markdown::render`].

use std::fmt::Write;

use crate::fmt::{pct, usd};

use super::changes::{ChangeKind, PROBABILITY_POINTS};
use super::markdown::escape;
use super::Report;

/// A status code in words: the names table's spelling (`needs_acceleration` → `needs
/// acceleration`, checked in [`super::names`]).
fn words(code: &str) -> String {
    code.replace('_', " ")
}

fn probability(code: &str) -> String {
    code.parse::<f64>()
        .map_or(code.to_string(), |p| format!("{:.0}%", p * 100.0))
}

/// "## Changes since {previous}": nothing for a first vintage.
pub(super) fn changes(md: &mut String, report: &Report) {
    let Some(previous) = report.changes.previous else {
        return;
    };
    let _ = writeln!(md, "## Changes since {previous}\n");
    if !report.changes.is_material() {
        let _ = writeln!(
            md,
            "Nothing material changed since the vintage of {previous}: no new or revised figure, no new \
             or superseded target, no status change, no probability moved by {:.0} points or more, no \
             crossing year moved.\n",
            PROBABILITY_POINTS * 100.0
        );
        return;
    }
    let _ = writeln!(
        md,
        "{} change(s) since the vintage of {previous} (also in `changes.json`):\n",
        report.changes.items.len()
    );
    let opt = |v: &Option<String>, f: fn(&str) -> String| v.as_deref().map_or("none".into(), f);
    for c in &report.changes.items {
        let trade = format!("{} {}", c.pair, c.flow);
        let (label, rest) = match c.kind {
            ChangeKind::NewFigure => (
                "New figure",
                format!("{} ({trade}): {}", c.subject, c.reason),
            ),
            ChangeKind::RevisedValue => (
                "Revised value",
                format!("{trade} {}: {}", c.subject, c.reason),
            ),
            ChangeKind::NewTarget => (
                "New target",
                format!(
                    "{} ({trade}): {}; status {}",
                    c.subject,
                    c.reason,
                    opt(&c.to, words)
                ),
            ),
            ChangeKind::SupersededTarget => (
                "Superseded target",
                format!("{} ({trade}): {}", c.subject, c.reason),
            ),
            ChangeKind::RemovedTarget => (
                "Removed target",
                format!("{} ({trade}): {}", c.subject, c.reason),
            ),
            ChangeKind::Status => (
                "Status",
                format!(
                    "{} ({trade}): {} → {}. {}",
                    c.subject,
                    opt(&c.from, words),
                    opt(&c.to, words),
                    c.reason
                ),
            ),
            ChangeKind::Probability => (
                "Probability by the deadline",
                format!(
                    "{} ({trade}): {} → {}, {}",
                    c.subject,
                    opt(&c.from, probability),
                    opt(&c.to, probability),
                    c.reason
                ),
            ),
            ChangeKind::Crossing => (
                "Median crossing year",
                format!(
                    "{} ({trade}): {} → {} ({})",
                    c.subject,
                    opt(&c.from, str::to_string),
                    c.to.as_deref()
                        .map_or("beyond the horizon".into(), str::to_string),
                    c.reason
                ),
            ),
        };
        let _ = writeln!(md, "- **{label}** {}", escape(&rest));
    }
    md.push('\n');
}

/// "## Track record": earlier vintages' projections of the years now reported; nothing when no
/// year is checkable yet.
pub(super) fn track_record(md: &mut String, report: &Report) {
    let record = &report.track_record;
    if record.is_empty() {
        return;
    }
    let (per, overall) = record.tallies();
    let _ = writeln!(md, "## Track record\n");
    let _ = writeln!(
        md,
        "Of {} earlier projection(s) now checkable, {} fell inside their 80% band and {} inside their \
         95% band; mean absolute error {}. Every projection is in `track-record.csv` and \
         `projections.json` (`track_record`).\n",
        overall.n,
        overall.in80,
        overall.in95,
        overall.mean_abs_error.map_or("—".into(), pct_abs)
    );
    let _ = writeln!(
        md,
        "| Pair | Flow | Checkable | In 80% band | In 95% band | Mean abs. error |"
    );
    let _ = writeln!(md, "|---|---|---:|---:|---:|---:|");
    for ((pair, flow), t) in &per {
        let _ = writeln!(
            md,
            "| {pair} | {flow} | {} | {} | {} | {} |",
            t.n,
            t.in80,
            t.in95,
            t.mean_abs_error.map_or("—".into(), pct_abs)
        );
    }
    md.push('\n');
    for ((pair, flow), _) in &per {
        if super::track_chart_for(report, *pair, *flow).is_some() {
            let stem = super::track_stem(*pair, *flow);
            let _ = writeln!(
                md,
                "![{pair} {flow}: earlier projections against what happened](charts/{stem}.png)\n"
            );
        }
    }
    let _ = writeln!(
        md,
        "| Pair | Flow | Side | Year | Made as of | Model | Years ahead | Projected (80% band) | Actual | Error | In 80% | In 95% |"
    );
    let _ = writeln!(md, "|---|---|---|---|---|---|---:|---|---|---:|---|---|");
    let yes = |b: bool| if b { "yes" } else { "no" };
    for s in &record.scored {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} ({} – {}) | {} ({}) | {} | {} | {} |",
            s.pair,
            s.flow,
            s.reported_by,
            s.year,
            s.made_as_of,
            escape(&s.model),
            s.horizon.map_or("—".into(), |h| h.to_string()),
            usd(s.point_usd),
            usd(s.band80.0),
            usd(s.band80.1),
            escape(&crate::fmt::bounded(s.actual_usd, s.actual_bound)),
            s.actual_kind.as_str(),
            pct(s.error),
            yes(s.in80),
            yes(s.in95)
        );
    }
    md.push('\n');
}

/// An absolute error as a percentage without a sign.
fn pct_abs(e: f64) -> String {
    format!("{:.1}%", e * 100.0)
}
