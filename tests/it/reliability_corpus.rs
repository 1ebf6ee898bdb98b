//! The whole bad-input corpus (`tests/bad_input/`), run through the binary: every malformed
//! file of every input gives the documented exit code, a message naming the file and line,
//! and never a panic. See `tests/bad_input/README.md` for the format of the `.expected` files.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use crate::common::tradecast;

fn corpus(kind: &str, ext: &str) -> Vec<PathBuf> {
    crate::common::files(&format!("tests/bad_input/{kind}"), ext)
}

/// `\n`, `\r`, `\t`, `\0` and `\\` in an expectation stand for the character.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// What a run produced: exit code, stdout, stderr, and the output files by name.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    files: Vec<(String, String)>,
}

impl Run {
    fn new(out: Output, dir: Option<&Path>) -> Run {
        let mut files = Vec::new();
        if let Some(dir) = dir.filter(|d| d.exists()) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                if p.is_file() && !name.starts_with('.') {
                    let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                    files.push((name, text));
                }
            }
        }
        files.sort();
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            files,
        }
    }

    fn file(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    }

    /// Check one line of a `.expected` file (`exit N`, `files: a,b`, `WHERE: text`,
    /// `!WHERE: text`, WHERE one of stdout, stderr or an output file's stem).
    fn expect(&self, line: &str) -> Result<(), String> {
        if let Some(code) = line.strip_prefix("exit ") {
            let want: i32 = code
                .trim()
                .parse()
                .map_err(|_| format!("bad line {line:?}"))?;
            return (self.code == Some(want))
                .then_some(())
                .ok_or_else(|| format!("exit {:?}, expected {want}", self.code));
        }
        if let Some(list) = line.strip_prefix("files: ") {
            let got: Vec<&str> = self.files.iter().map(|(n, _)| n.as_str()).collect();
            let want: Vec<&str> = list.split(',').map(str::trim).collect();
            return (got == want)
                .then_some(())
                .ok_or_else(|| format!("files {got:?}, expected {want:?}"));
        }
        let (negated, rest) = match line.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, line),
        };
        let (place, needle) = rest
            .split_once(": ")
            .ok_or_else(|| format!("bad line {line:?}"))?;
        let needle = unescape(needle);
        let hay = match place {
            "stdout" => Some(self.stdout.as_str()),
            "stderr" => Some(self.stderr.as_str()),
            stem => self.file(&format!("{stem}.csv")),
        };
        let found = hay.is_some_and(|h| h.contains(&needle));
        if found == negated {
            return Err(format!(
                "{place} {} {needle:?}; it is:\n{}",
                if negated { "contains" } else { "lacks" },
                hay.unwrap_or("(no such output)")
            ));
        }
        Ok(())
    }
}

/// Checks every run makes, whatever the file: no panic, and a rejection names the file.
fn common(run: &Run, name: &str) -> Result<(), String> {
    if run.stderr.contains("panicked") || run.code == Some(101) {
        return Err(format!("panicked: {}", run.stderr));
    }
    if !matches!(run.code, Some(0 | 1)) {
        return Err(format!("exit {:?}: {}", run.code, run.stderr));
    }
    if run.code == Some(1) && !run.stderr.contains(name) {
        return Err(format!("the message does not name {name}: {}", run.stderr));
    }
    Ok(())
}

fn check_expected(run: &Run, path: &Path) -> Result<(), String> {
    let expected = std::fs::read_to_string(path.with_extension("expected"))
        .map_err(|e| format!("{}: {e}", path.with_extension("expected").display()))?;
    let lines: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
    if !lines.iter().any(|l| l.starts_with("exit ")) {
        return Err("the .expected file has no `exit N` line".into());
    }
    let errors: Vec<String> = lines.iter().filter_map(|l| run.expect(l).err()).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n  "))
    }
}

fn report(failures: Vec<String>) {
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn run_panel(path: &Path) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = tradecast()
        .current_dir(path.parent().unwrap())
        .args(["batch", "--horizon", "1", "--threads", "2", "--panel"])
        .arg(path.file_name().unwrap())
        .arg("--out")
        .arg(&out)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    Run::new(output, Some(&out))
}

#[test]
fn bad_panels_are_refused_or_reported_in_skipped_csv() {
    let files = corpus("panel", "csv");
    assert!(files.len() >= 20, "only {} panel files", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let run = run_panel(path);
        let mut result = common(&run, &name).and_then(|()| check_expected(&run, path));
        if result.is_ok() && run.code == Some(1) && !run.files.is_empty() {
            result = Err(format!("rejected, yet wrote {:?}", run.files));
        }
        if let Err(e) = result {
            failures.push(format!("{name}:\n  {e}"));
        }
    }
    report(failures);
}

#[test]
fn bad_articles_are_refused_or_read_without_panic() {
    let files = corpus("extract", "txt");
    assert!(files.len() >= 10, "only {} article files", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let output = tradecast()
            .current_dir(path.parent().unwrap())
            .arg("extract")
            .arg(path.file_name().unwrap())
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let run = Run::new(output, None);
        if let Err(e) = common(&run, &name).and_then(|()| check_expected(&run, path)) {
            failures.push(format!("{name}:\n  {e}"));
        }
    }
    report(failures);
}

/// `tradecast check` on a data directory whose `kind.csv` is `path`, the other file shipped.
fn run_check(kind: &str, path: &Path) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for f in ["observations.csv", "targets.csv"] {
        std::fs::copy(data.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::copy(path, dir.path().join(format!("{kind}.csv"))).unwrap();
    let output = tradecast()
        .args(["check", "--data"])
        .arg(dir.path())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    Run::new(output, None)
}

fn check_data_corpus(kind: &str, at_least: usize) {
    let files = corpus(kind, "csv");
    assert!(files.len() >= at_least, "only {} {kind} files", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let run = run_check(kind, path);
        let warn = name.starts_with("warn_");
        let mut result = common(&run, &format!("{kind}.csv"));
        if result.is_ok() {
            result = match (warn, run.code) {
                (true, Some(0)) | (false, Some(1)) => Ok(()),
                (_, code) => Err(format!("exit {code:?}: {}", run.stderr)),
            };
        }
        if result.is_ok() && !warn {
            // Each expected substring is a located problem: `file:line (column): message`.
            let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
            for needle in expected.lines().filter(|l| !l.trim().is_empty()) {
                if !run.stderr.contains(needle) {
                    result = Err(format!("stderr lacks {needle:?}:\n{}", run.stderr));
                    break;
                }
            }
        }
        if let Err(e) = result {
            failures.push(format!("{name}:\n  {e}"));
        }
    }
    report(failures);
}

#[test]
fn bad_observation_files_are_refused_by_check() {
    check_data_corpus("observations", 60);
}

#[test]
fn bad_target_files_are_refused_by_check() {
    check_data_corpus("targets", 25);
}

/// A million rows: refused at once with a clear message, in bounded time and without
/// reading them all.
#[test]
fn a_million_observation_rows_are_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::with_capacity(90_000_000);
    text.push_str(tradecast::input::OBSERVATION_COLUMNS.join(",").as_str());
    text.push('\n');
    for i in 0..1_000_000u32 {
        text.push_str(&format!(
            "o{i:07},KZ-CN,turnover,{},{},USD,,exact,2023-11-06,a.txt,Trade grew.,\n",
            1950 + i % 70,
            1_000_000_000 + u64::from(i)
        ));
    }
    std::fs::write(dir.path().join("observations.csv"), text).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    std::fs::copy(data.join("targets.csv"), dir.path().join("targets.csv")).unwrap();
    let start = Instant::now();
    let output = tradecast()
        .args(["check", "--data"])
        .arg(dir.path())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let took = start.elapsed();
    let run = Run::new(output, None);
    common(&run, "observations.csv").unwrap();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("observations.csv:100002: more than 100000 rows"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("use `tradecast batch`"),
        "{}",
        run.stderr
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

/// A 1 MB field in a panel (as `series_id` and as value) is reported, not echoed whole.
#[test]
fn a_one_megabyte_panel_field_is_reported_briefly() {
    let dir = tempfile::tempdir().unwrap();
    let panel = dir.path().join("panel.csv");
    let big = "7".repeat(1 << 20);
    let id = "s".repeat(1 << 20);
    let text = format!(
        "series_id,year,value\n{id},2019,10\nb,2019,{big}\nc,2019,10\nc,2020,11\nc,2021,12\nc,2022,14\n"
    );
    std::fs::write(&panel, text).unwrap();
    let run = run_panel(&panel);
    common(&run, "panel.csv").unwrap();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let skipped = run.file("skipped.csv").unwrap();
    assert!(
        skipped.contains(",2,series_id of 1048576 bytes: at most 1000 are accepted"),
        "{skipped:.300}"
    );
    // 1.0e1048576 overflows to inf: the row parses, then the series is refused.
    assert!(
        skipped.contains("b,3,value inf is not a positive number"),
        "{skipped:.300}"
    );
    assert!(
        skipped.len() < 2_000,
        "skipped.csv is {} bytes",
        skipped.len()
    );
    assert!(run.file("forecasts.csv").unwrap().contains("\nc,2023,"));
}

/// A 1 MB article on one line (no sentence ends): read in bounded time, with a warning
/// naming the line, instead of minutes of quadratic matching.
#[test]
fn a_one_megabyte_single_line_article_is_read_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let sentence = "Trade between Kazakhstan and China grew by 35% to $24.2 billion ";
    let mut text = String::from("date: 2023-11-06\n\nMutual trade grew.\n");
    while text.len() < 1 << 20 {
        text.push_str(sentence);
    }
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    let start = Instant::now();
    let output = tradecast()
        .arg("extract")
        .arg(&path)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let took = start.elapsed();
    let run = Run::new(output, None);
    common(&run, "long.txt").unwrap();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("long.txt:4: a sentence of 1048"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("was not read: split it"),
        "{}",
        run.stderr
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

/// The corpus keeps its promised size: at least 60 files across all inputs.
#[test]
fn corpus_covers_every_input() {
    let n = |kind: &str, ext: &str| corpus(kind, ext).len();
    let counts = [
        n("observations", "csv"),
        n("targets", "csv"),
        n("panel", "csv"),
        n("extract", "txt"),
    ];
    assert!(counts.iter().all(|&c| c >= 10), "{counts:?}");
    assert!(counts.iter().sum::<usize>() >= 60, "{counts:?}");
    for kind in ["observations", "targets", "panel", "extract"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/bad_input")
            .join(kind);
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|x| x == "expected") {
                let ext = if kind == "extract" { "txt" } else { "csv" };
                assert!(
                    p.with_extension(ext).exists(),
                    "{} has no .{ext}",
                    p.display()
                );
            }
        }
    }
}
