//! Every file in `tests/bad_input/` is rejected (or, for `warn_*`, accepted with a warning)
//! with the located messages its `.expected` file lists. See `tests/bad_input/README.md`.

use std::path::{Path, PathBuf};

use tradecast::input::{parse_observations, parse_targets};
use tradecast::{Error, Problem};

fn corpus(kind: &str) -> Vec<PathBuf> {
    crate::common::files(&format!("tests/bad_input/{kind}"), "csv")
}

/// Run one corpus file; `Err` describes how it failed its expectations.
fn check(kind: &str, path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let expected_path = path.with_extension("expected");
    let expected = std::fs::read_to_string(&expected_path)
        .map_err(|e| format!("{}: {e}", expected_path.display()))?;
    let needles: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
    if needles.is_empty() {
        return Err("empty .expected file".into());
    }
    let name = format!("{kind}.csv");
    let result: Result<Vec<Problem>, Error> = match kind {
        "observations" => parse_observations(&name, &bytes).map(|(_, w)| w),
        _ => parse_targets(&name, &bytes).map(|(_, w)| w),
    };
    let warn = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("warn_"));
    let problems = match (result, warn) {
        (Ok(warnings), true) => warnings,
        (Err(Error::Invalid(problems)), false) => problems,
        (Ok(w), false) => {
            return Err(format!(
                "accepted, but should be rejected (warnings: {w:?})"
            ))
        }
        (Err(e), _) => return Err(format!("unexpected error: {e}")),
    };
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    for needle in needles {
        if !shown.iter().any(|s| s.contains(needle)) {
            return Err(format!(
                "no problem contains {needle:?}; got:\n    {}",
                shown.join("\n    ")
            ));
        }
    }
    Ok(())
}

fn run(kind: &str, at_least: usize) {
    let files = corpus(kind);
    assert!(files.len() >= at_least, "only {} {kind} files", files.len());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|p| {
            check(kind, p)
                .err()
                .map(|e| format!("{}: {e}", p.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn bad_observation_files_are_rejected_with_located_messages() {
    run("observations", 40);
}

#[test]
fn bad_target_files_are_rejected_with_located_messages() {
    run("targets", 15);
}

#[test]
fn every_corpus_expectation_has_its_file() {
    for kind in ["observations", "targets"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/bad_input")
            .join(kind);
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|x| x == "expected") {
                assert!(
                    p.with_extension("csv").exists(),
                    "{} has no .csv",
                    p.display()
                );
            }
        }
    }
}
