//! `tradecast report` end to end: determinism, atomicity, history, output safety, PNGs.

use std::path::{Path, PathBuf};

use crate::common::tradecast;

const AS_OF: &str = "2026-11-23";
/// Where the committed example report lives (never the main job's default output, `reports/`).
const EXAMPLE_REPORT: &str = "docs/example-report";

fn report_into(out: &Path, extra: &[&str]) -> std::process::Output {
    tradecast()
        .args(["report", "-q", "--as-of", AS_OF, "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// Every file under `dir`, relative path → bytes, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn two_runs_give_identical_bytes_including_pngs() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    assert!(report_into(a.path(), &[]).status.success());
    assert!(report_into(b.path(), &[]).status.success());
    let (sa, sb) = (snapshot(a.path()), snapshot(b.path()));
    let names: Vec<String> = sa.iter().map(|(p, _)| p.display().to_string()).collect();
    for expected in [
        "report.md",
        "projections.json",
        "projections.csv",
        "assessments.csv",
        "history.csv",
        "charts/KZ-AZ-turnover.png",
        "charts/KZ-CN-turnover.png",
        "charts/KZ-EU-turnover.png",
        "charts/KZ-UZ-turnover.png",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "missing {expected} in {names:?}"
        );
    }
    assert_eq!(sa.len(), sb.len());
    for ((pa, ba), (pb, bb)) in sa.iter().zip(&sb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs between identical runs", pa.display());
    }
}

#[test]
fn a_different_seed_changes_only_simulated_numbers() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    assert!(report_into(a.path(), &[]).status.success());
    assert!(report_into(b.path(), &["--seed", "7"]).status.success());
    // The reconciled series does not depend on the seed.
    let csv = |d: &Path| std::fs::read_to_string(d.join("projections.csv")).unwrap();
    let observed = |s: String| {
        s.lines()
            .filter(|l| !l.contains(",forecast,"))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(observed(csv(a.path())), observed(csv(b.path())));
}

#[test]
fn pngs_decode_to_the_chart_size_and_are_not_blank() {
    let out = tempfile::tempdir().unwrap();
    assert!(report_into(out.path(), &[]).status.success());
    for (path, bytes) in snapshot(out.path()) {
        if path.extension().is_some_and(|e| e == "png") {
            let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
            assert_eq!(img.dimensions(), (1200, 700), "{}", path.display());
            let mut colours: Vec<[u8; 3]> = img.pixels().map(|p| p.0).collect();
            colours.sort_unstable();
            colours.dedup();
            assert!(
                colours.len() > 20,
                "{} looks blank ({} colours)",
                path.display(),
                colours.len()
            );
        }
    }
}

#[test]
fn an_injected_failure_leaves_the_previous_report_whole() {
    let out = tempfile::tempdir().unwrap();
    assert!(report_into(out.path(), &[]).status.success());
    let before = snapshot(out.path());
    for fail_after in ["0", "1", "3", "7"] {
        let o = tradecast()
            .env("TRADECAST_TEST_FAIL_AFTER", fail_after)
            .args([
                "report",
                "-q",
                "--as-of",
                "2027-01-01",
                "--seed",
                "9",
                "--out",
            ])
            .arg(out.path())
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(String::from_utf8_lossy(&o.stderr).contains("injected failure"));
        assert_eq!(
            snapshot(out.path()),
            before,
            "failure after {fail_after} files changed the outputs"
        );
    }
}

#[test]
fn a_killed_run_leaves_the_previous_report_whole_and_no_temporary_files_after_the_next() {
    let out = tempfile::tempdir().unwrap();
    assert!(report_into(out.path(), &[]).status.success());
    let before = snapshot(out.path());
    // Kill a run at several moments; whatever it managed, every file is either old or new, never partial.
    for delay_ms in [0u64, 5, 20, 60] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tradecast"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["report", "-q", "--as-of", AS_OF, "--out"])
            .arg(out.path())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        for (path, bytes) in snapshot(out.path()) {
            let name = path.display().to_string();
            if name.contains(".tradecast") {
                continue; // temporary files and a stale lock from the killed run
            }
            let old = before.iter().find(|(p, _)| *p == path).map(|(_, b)| b);
            assert_eq!(
                old,
                Some(&bytes),
                "{name} changed after a kill at {delay_ms} ms"
            );
        }
    }
    // The kernel released the killed run's lock; the next run takes it (the file a killed run
    // leaves is not a lock), sweeps temporary files, succeeds, and removes the lock file.
    let o = report_into(out.path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let leftovers: Vec<String> = snapshot(out.path())
        .into_iter()
        .map(|(p, _)| p.display().to_string())
        .filter(|n| n.contains(".tradecast"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(snapshot(out.path()), before);
}

#[test]
fn a_live_lock_refuses_a_second_writer() {
    let out = tempfile::tempdir().unwrap();
    // This test process holds the OS lock, as a running report would.
    let held = tradecast::write::lock(out.path()).unwrap();
    let o = report_into(out.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&format!(
            "another tradecast run (pid {})",
            std::process::id()
        )),
        "{stderr}"
    );
    assert!(!out.path().join("report.md").exists());
    // Released (as the kernel would release it if this process died): the next run writes.
    drop(held);
    let o = report_into(out.path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_lock_file_naming_a_live_process_does_not_block_when_nobody_holds_the_lock() {
    // A dead run's pid, since reused by a live process (here: this test): not a lock.
    let out = tempfile::tempdir().unwrap();
    std::fs::write(
        out.path().join(".tradecast.lock"),
        std::process::id().to_string(),
    )
    .unwrap();
    let o = report_into(out.path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.path().join("report.md").exists());
}

#[cfg(unix)]
#[test]
fn a_read_only_output_directory_gives_exit_2_and_a_clear_message() {
    use std::os::unix::fs::PermissionsExt;
    let out = tempfile::tempdir().unwrap();
    let ro = out.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permissions; the check is only meaningful for other users.
    let probe = ro.join("probe");
    if std::fs::write(&probe, b"x").is_ok() {
        let _ = std::fs::remove_file(&probe);
        eprintln!("skipped: running as root, permissions are not enforced");
        return;
    }
    let o = report_into(&ro, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ro"));
}

#[test]
fn history_keeps_one_vintage_per_as_of_date() {
    let out = tempfile::tempdir().unwrap();
    assert!(report_into(out.path(), &[]).status.success());
    assert!(report_into(out.path(), &[]).status.success());
    let o = tradecast()
        .args(["report", "-q", "--as-of", "2027-06-30", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    let history = std::fs::read_to_string(out.path().join("history.csv")).unwrap();
    let rows: Vec<&str> = history.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{history}");
    assert!(rows[0].starts_with("2026-11-23,t001,KZ-AZ,turnover"));
    assert!(rows[1].starts_with("2027-06-30,t001,KZ-AZ,turnover"));
    let md = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    assert!(md.contains("How the projection moved across vintages"));
}

#[test]
fn a_malicious_pair_code_cannot_escape_out() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/observations.csv"),
    )
    .unwrap();
    let evil = good.replacen("KZ-UZ", "../../etc/x-UZ", 1);
    std::fs::write(data.path().join("observations.csv"), evil).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/targets.csv"),
        data.path().join("targets.csv"),
    )
    .unwrap();
    let o = tradecast()
        .args(["report", "--as-of", AS_OF, "--data"])
        .arg(data.path())
        .arg("--out")
        .arg(out.path().join("reports"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("pair"));
    // Nothing written anywhere: not the output directory, not its parent.
    assert!(!out.path().join("reports").join("report.md").exists());
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn report_json_summary_lists_files() {
    let out = tempfile::tempdir().unwrap();
    let o = tradecast()
        .args(["report", "--json", "--as-of", AS_OF, "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "report.md"));
    assert_eq!(v["targets"][0]["id"], "t001");
}

#[test]
fn an_earlier_as_of_date_uses_only_figures_published_by_then() {
    let out = tempfile::tempdir().unwrap();
    let o = tradecast()
        .args(["report", "--json", "--as-of", "2023-12-01", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    // Published by 2023-12-01: the KZ-CN article of 2023-11-06, and the undated KZ-AZ one.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("projections.json")).unwrap())
            .unwrap();
    let pairs: Vec<&str> = json["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["pair"].as_str().unwrap())
        .collect();
    assert_eq!(pairs, ["KZ-AZ", "KZ-CN"]);
    assert_eq!(json["published_after_as_of"], 6);
    let md = std::fs::read_to_string(out.path().join("report.md")).unwrap();
    assert!(md.contains("6 figure(s) published after the as-of date left out"));
}

/// The README promises that the committed example report, `docs/example-report/`, is what
/// `report --as-of 2026-11-23` writes: a change to the models or the renderers must regenerate it
/// in the same commit. It is not `reports/`, the main job's default output: running the main job,
/// on any day and as often as you like, cannot break this test.
#[test]
fn the_committed_reports_regenerate_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let out = report_into(dir.path(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let committed = snapshot(&Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE_REPORT));
    let fresh = snapshot(dir.path());
    let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&committed), names(&fresh));
    for ((path, a), (_, b)) in committed.iter().zip(&fresh) {
        assert!(
            a == b,
            "{EXAMPLE_REPORT}/{} differs from a fresh run: regenerate with \
             `cargo run --release -- report --as-of {AS_OF} --out {EXAMPLE_REPORT}`",
            path.display()
        );
    }
}
