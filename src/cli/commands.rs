//! One function per subcommand. Each maps its flags to [`tradecast::app::Options`], calls the
//! application layer, and prints the typed result (a table, or its JSON with `--json`).

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::Context;
use tradecast::app::{self, Checked, ModelRequest, Options};
use tradecast::fmt::{pct, usd};
use tradecast::model::Outcome;
use tradecast::report::names;
use tradecast::Problem;

use super::Config;

/// Input rejected for a reason the library does not know about (flags): exit 1.
#[derive(Debug)]
pub struct Rejected(pub String);

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Rejected {}

/// Loading warnings, on stderr unless `--quiet`.
fn warn(config: &Config, warnings: &[Problem]) {
    if !config.quiet {
        for w in warnings {
            eprintln!("warning: {w}");
        }
    }
}

pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to stdout"),
    }
}

fn print_json(value: &serde_json::Value) -> anyhow::Result<()> {
    print(&String::from_utf8_lossy(&tradecast::report::json::pretty(
        value,
    )))
}

/// `tradecast check`
pub fn check(config: &Config) -> anyhow::Result<()> {
    let d = app::check(&config.options().check()?)?;
    warn(config, &d.warnings);
    let summary = format!(
        "ok: {} observation(s) and {} target(s) in {} ({} warning(s))",
        d.observations,
        d.targets,
        d.data.display(),
        d.warnings.len()
    );
    if config.json {
        print_json(&d.to_json())
    } else if config.quiet {
        Ok(())
    } else {
        print(&format!("{summary}\n"))
    }
}

/// `tradecast series`
pub fn series(config: &Config) -> anyhow::Result<()> {
    let all = app::series(&config.options().check()?)?;
    warn(config, &all.warnings);
    if config.json {
        return print_json(&all.to_json());
    }
    if config.quiet {
        return Ok(());
    }
    let mut out = String::new();
    for s in &all.series {
        let _ = match s.reported_by {
            tradecast::obs::Side::Unknown => writeln!(out, "{} {}", s.pair, s.flow),
            side => writeln!(out, "{} {} (reported by {side})", s.pair, s.flow),
        };
        if s.points.is_empty() {
            let _ = writeln!(out, "  no full-year value");
        }
        for p in &s.points {
            let _ = writeln!(
                out,
                "  {}  {:>12}  {:<9}  {}  [{}]",
                p.year,
                tradecast::fmt::bounded(p.value_usd, p.bound),
                p.kind.as_str(),
                p.how,
                p.sources.join(", ")
            );
        }
        for w in &s.warnings {
            let _ = writeln!(out, "  warning: {w}");
        }
        if config.verbose {
            for n in &s.notes {
                let _ = writeln!(out, "  note: {n}");
            }
        }
        out.push('\n');
    }
    print(&out)
}

/// `tradecast forecast --horizon H --model M`
pub fn forecast(config: &Config, horizon: usize, model: String) -> anyhow::Result<()> {
    let options = Options {
        horizon,
        model,
        ..config.options()
    };
    let r = app::forecast(&options.check()?)?;
    warn(config, &r.warnings);
    if config.json {
        return print_json(&r.to_json());
    }
    if config.quiet {
        return Ok(());
    }
    let mut out = String::new();
    for s in &r.sections {
        let _ = writeln!(out, "{} {}", s.series.pair, s.series.flow);
        let Some(sel) = &s.selection else {
            let _ = writeln!(out, "  no full-year value to fit\n");
            continue;
        };
        for c in &sel.candidates {
            match c {
                Outcome::Fitted(f) => {
                    let aicc = f.aicc.map_or(String::new(), |a| format!(", AICc {a:.2}"));
                    let _ = writeln!(
                        out,
                        "  {:<14} fitted: growth {}{aicc}",
                        names::model(f.model).code,
                        pct(f.growth)
                    );
                }
                Outcome::Skipped(k) => {
                    let _ = writeln!(
                        out,
                        "  {:<14} skipped: needs {} points, has {}: {}",
                        names::model(k.model).code,
                        k.need,
                        k.got,
                        k.reason
                    );
                }
            }
        }
        let _ = writeln!(out, "  choice: {}", sel.reason);
        let shown: Vec<&tradecast::model::Fitted> = match r.request {
            ModelRequest::All => sel
                .candidates
                .iter()
                .filter_map(|c| match c {
                    Outcome::Fitted(f) => Some(f),
                    Outcome::Skipped(_) => None,
                })
                .collect(),
            ModelRequest::Auto | ModelRequest::Only(_) => sel.chosen.iter().collect(),
        };
        for f in shown {
            let _ = writeln!(out, "  {} forecast:", names::model(f.model).code);
            let _ = writeln!(
                out,
                "    {:<6}{:>12}{:>26}{:>26}",
                "year", "forecast", "80% interval", "95% interval"
            );
            let fc = &f.forecast;
            for j in 0..fc.years.len() {
                let _ = writeln!(
                    out,
                    "    {:<6}{:>12}{:>26}{:>26}",
                    fc.years[j],
                    usd(fc.point[j]),
                    format!("{} – {}", usd(fc.lower80[j]), usd(fc.upper80[j])),
                    format!("{} – {}", usd(fc.lower95[j]), usd(fc.upper95[j]))
                );
            }
        }
        out.push('\n');
    }
    print(&out)
}

/// `tradecast targets`
pub fn targets(config: &Config, paths: usize) -> anyhow::Result<()> {
    let options = Options {
        paths,
        ..config.options()
    };
    let r = app::targets(&options.check()?)?;
    warn(config, &r.warnings);
    if config.json {
        return print_json(&r.to_json());
    }
    if config.quiet {
        return Ok(());
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<6} {:<9} {:>8} {:>8}  {:<19} {:<22} {:>10} {:>9} {:>8}",
        "pair",
        "flow",
        "target",
        "deadline",
        "status",
        "crossing p10/p50/p90",
        "P(by)",
        "required",
        "recent"
    );
    let y = |v: Option<i32>| v.map_or("-".to_string(), |y| y.to_string());
    for a in &r.assessments {
        let crossing = a.crossing.map_or("-".into(), |c| {
            format!("{}/{}/{}", y(c.p10), y(c.p50), y(c.p90))
        });
        let p = a.probability_by_deadline.map_or("-".into(), |p| {
            format!(
                "{:.0}%@{}{}",
                p * 100.0,
                a.judged_by,
                if a.deadline_stated { "" } else { "*" }
            )
        });
        let _ = writeln!(
            out,
            "{:<6} {:<9} {:>8} {:>8}  {:<19} {:<22} {:>10} {:>9} {:>8}",
            a.target.pair.to_string(),
            a.target.flow.to_string(),
            a.goal_words(),
            a.target.deadline.map_or("none".into(), |d| d.to_string()),
            names::status(a.status).words,
            crossing,
            p,
            a.required_growth.map_or("-".into(), pct),
            a.recent_growth.map_or("-".into(), pct),
        );
    }
    out.push('\n');
    for a in &r.assessments {
        let _ = writeln!(
            out,
            "{} ({} {}): {}",
            a.target.id, a.target.pair, a.target.flow, a.rule
        );
        for c in &a.caveats {
            let _ = writeln!(out, "  caveat: {c}");
        }
    }
    let _ = writeln!(
        out,
        "\n* no deadline stated: judged against {} --as-of.",
        tradecast::target::implied_deadline_words()
    );
    print(&out)
}

/// `report` or `replay` with `--exit-code-on-change` found a material change: exit 4.
#[derive(Debug)]
pub struct Changed;

impl std::fmt::Display for Changed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("something material changed since the previous vintage")
    }
}

impl std::error::Error for Changed {}

/// Commit options for `--wait`: waiting is said on stderr unless `--quiet`.
fn committing<'a>(
    config: &Config,
    refresh: super::RefreshArgs,
    say: &'a mut dyn FnMut(&str),
) -> app::Commit<'a> {
    app::Commit {
        wait: std::time::Duration::from_secs(refresh.wait),
        on_wait: (!config.quiet).then_some(say),
        // A test hook: stop after committing this many files, as if the run were killed.
        fail_after: std::env::var("TRADECAST_TEST_FAIL_AFTER")
            .ok()
            .and_then(|v| v.parse().ok()),
    }
}

/// The line a written vintage prints, and exit 4 with `--exit-code-on-change` when something
/// material changed.
fn written(config: &Config, w: &app::Written, refresh: super::RefreshArgs) -> anyhow::Result<()> {
    warn(config, &w.warnings);
    if config.json {
        print_json(&w.to_json())?;
    } else if !config.quiet {
        let changes = match w.changes.previous {
            None => "first vintage: nothing to compare".to_string(),
            Some(prev) => format!(
                "{} material change(s) since {prev}, in changes.json",
                w.changes.items.len()
            ),
        };
        print(&format!(
            "wrote {}/report.md, {} charts, projections.json, projections.csv, assessments.csv, history.csv \
             ({} series, {} targets; as of {}, seed {}); {changes}\n",
            config.out.display(),
            w.charts(),
            w.sections,
            w.targets.len(),
            w.as_of,
            w.seed
        ))?;
    }
    if refresh.exit_code_on_change && w.changes.is_material() {
        return Err(Changed.into());
    }
    Ok(())
}

/// `tradecast report`
pub fn report(config: &Config, paths: usize, refresh: super::RefreshArgs) -> anyhow::Result<()> {
    let options: Checked = Options {
        paths,
        ..config.options()
    }
    .check()?;
    let mut say = |m: &str| eprintln!("waiting: {m}");
    let mut commit = committing(config, refresh, &mut say);
    let w = app::write_report_with(&options, &config.out, &mut commit)?;
    written(config, &w, refresh)
}

/// `tradecast replay --from DATE --every STEP`
pub fn replay(
    config: &Config,
    from: &str,
    every: &str,
    paths: usize,
    refresh: super::RefreshArgs,
) -> anyhow::Result<()> {
    let from = from.parse().map_err(|e| Rejected(format!("--from: {e}")))?;
    let every: app::Every = every.parse()?;
    let options: Checked = Options {
        paths,
        ..config.options()
    }
    .check()?;
    let mut say = |m: &str| eprintln!("waiting: {m}");
    let mut commit = committing(config, refresh, &mut say);
    let r = app::replay(&options, &config.out, from, every, &mut commit)?;
    if !config.quiet && !config.json {
        let dates: Vec<String> = r.vintages.iter().map(ToString::to_string).collect();
        eprintln!("replayed {} vintage(s): {}", dates.len(), dates.join(", "));
    }
    written(config, &r.written, refresh)
}
