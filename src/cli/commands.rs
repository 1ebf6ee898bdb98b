//! One function per subcommand. Each loads, calls the library, and prints; files are written only
//! through `tradecast::write`.

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::Context;
use tradecast::fmt::{pct, usd};
use tradecast::input::{self, Dataset};
use tradecast::model::{ModelChoice, Outcome};
use tradecast::report::{self, history, RunOptions};

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

fn load(config: &Config) -> anyhow::Result<Dataset> {
    if !config.data.is_dir() {
        return Err(Rejected(format!(
            "data directory {} not found: pass --data DIR, a folder holding observations.csv and targets.csv \
             (see README.md, \"Data format\")",
            config.data.display()
        ))
        .into());
    }
    for file in ["observations.csv", "targets.csv"] {
        if !config.data.join(file).is_file() {
            return Err(Rejected(format!(
                "{} not found: the data directory needs observations.csv and targets.csv \
                 (targets.csv may hold only its header line)",
                config.data.join(file).display()
            ))
            .into());
        }
    }
    let dataset = input::load(&config.data)?;
    if !config.quiet {
        for w in &dataset.warnings {
            eprintln!("warning: {w}");
        }
    }
    Ok(dataset)
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

fn build(
    dataset: &Dataset,
    options: RunOptions,
    history: Vec<history::HistoryRow>,
) -> report::Report {
    let warnings = dataset.warnings.iter().map(|w| w.to_string()).collect();
    report::build(
        &dataset.observations,
        &dataset.targets,
        warnings,
        history,
        &options,
    )
}

/// `tradecast check`
pub fn check(config: &Config) -> anyhow::Result<()> {
    let d = load(config)?;
    let summary = format!(
        "ok: {} observation(s) and {} target(s) in {} ({} warning(s))",
        d.observations.len(),
        d.targets.len(),
        config.data.display(),
        d.warnings.len()
    );
    if config.json {
        print_json(&serde_json::json!({
            "ok": true,
            "observations": d.observations.len(),
            "targets": d.targets.len(),
            "warnings": d.warnings,
        }))
    } else if config.quiet {
        Ok(())
    } else {
        print(&format!("{summary}\n"))
    }
}

/// `tradecast series`
pub fn series(config: &Config) -> anyhow::Result<()> {
    let d = load(config)?;
    let all = tradecast::reconcile::reconcile(&d.observations);
    if config.json {
        return print_json(&serde_json::Value::Array(
            all.iter().map(tradecast::report::json::series).collect(),
        ));
    }
    if config.quiet {
        return Ok(());
    }
    let mut out = String::new();
    for s in &all {
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
                format!("{}{}", p.bound.symbol(), usd(p.value_usd)),
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

/// `tradecast forecast`; `choice == None` means `--model all`.
pub fn forecast(
    config: &Config,
    horizon: usize,
    choice: Option<ModelChoice>,
) -> anyhow::Result<()> {
    let d = load(config)?;
    let mut options = RunOptions::new(config.as_of, config.seed);
    options.horizon = horizon;
    options.choice = choice.unwrap_or(ModelChoice::Auto);
    // Targets are not needed to forecast; leaving them out keeps the horizon as asked.
    let r = report::build(&d.observations, &[], Vec::new(), Vec::new(), &options);
    if config.json {
        return print_json(&serde_json::Value::Array(
            r.sections
                .iter()
                .map(tradecast::report::json::forecast)
                .collect(),
        ));
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
                        f.model.as_str(),
                        pct(f.growth)
                    );
                }
                Outcome::Skipped(k) => {
                    let _ = writeln!(
                        out,
                        "  {:<14} skipped: needs {} points, has {}: {}",
                        k.model.as_str(),
                        k.need,
                        k.got,
                        k.reason
                    );
                }
            }
        }
        let _ = writeln!(out, "  choice: {}", sel.reason);
        let shown: Vec<&tradecast::model::Fitted> = match choice {
            None => sel
                .candidates
                .iter()
                .filter_map(|c| match c {
                    Outcome::Fitted(f) => Some(f),
                    Outcome::Skipped(_) => None,
                })
                .collect(),
            Some(_) => sel.chosen.iter().collect(),
        };
        for f in shown {
            let _ = writeln!(out, "  {} forecast:", f.model.as_str());
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
                    usd(fc.mean[j]),
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
    let d = load(config)?;
    let mut options = RunOptions::new(config.as_of, config.seed);
    options.paths = paths;
    let r = build(&d, options, Vec::new());
    if config.json {
        return print_json(&serde_json::Value::Array(
            r.assessments()
                .map(tradecast::report::json::assessment)
                .collect(),
        ));
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
    for a in r.assessments() {
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
            usd(a.target.value_usd),
            a.target.deadline.map_or("none".into(), |d| d.to_string()),
            a.status.as_str(),
            crossing,
            p,
            a.required_growth.map_or("-".into(), pct),
            a.recent_growth.map_or("-".into(), pct),
        );
    }
    out.push('\n');
    for a in r.assessments() {
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
        "\n* no deadline stated: judged against an implied deadline five years after --as-of."
    );
    print(&out)
}

/// `tradecast report`
pub fn report(config: &Config, paths: usize) -> anyhow::Result<()> {
    let d = load(config)?;
    let lock = tradecast::write::lock(&config.out)?;
    let history_path = config.out.join("history.csv");
    let previous = match std::fs::read(&history_path) {
        Ok(bytes) => history::parse(&history_path.display().to_string(), &bytes)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            return Err(tradecast::Error::Io {
                path: history_path,
                source: e,
            }
            .into())
        }
    };
    let mut options = RunOptions::new(config.as_of, config.seed);
    options.paths = paths;
    let r = build(&d, options, previous);
    let files = report::render_all(&r)?;
    let fail_after = std::env::var("TRADECAST_TEST_FAIL_AFTER")
        .ok()
        .and_then(|v| v.parse().ok());
    tradecast::write::commit(&config.out, &files, fail_after)?;
    drop(lock);
    let charts = files
        .iter()
        .filter(|f| f.path.starts_with("charts"))
        .count();
    if config.json {
        print_json(&serde_json::json!({
            "out": config.out.display().to_string(),
            "as_of": config.as_of.to_string(),
            "seed": config.seed,
            "files": files.iter().map(|f| f.path.display().to_string()).collect::<Vec<_>>(),
            "targets": r.assessments().map(|a| serde_json::json!({"id": a.target.id, "status": a.status.as_str()})).collect::<Vec<_>>(),
        }))
    } else if config.quiet {
        Ok(())
    } else {
        print(&format!(
            "wrote {}/report.md, {charts} charts, projections.json, projections.csv, assessments.csv, history.csv \
             ({} series, {} targets; as of {}, seed {})\n",
            config.out.display(),
            r.sections.len(),
            r.assessments().count(),
            config.as_of,
            config.seed
        ))
    }
}
