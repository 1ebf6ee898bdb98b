//! The examples run as tests, so they cannot rot unnoticed: each is compiled in here as a module
//! (its `main` a thin wrapper over what the test calls) and run on small inputs.

#[allow(dead_code)]
#[path = "../../examples/batch.rs"]
mod batch_example;
#[allow(dead_code)]
#[path = "../../examples/chart_demo.rs"]
mod chart_demo;
#[allow(dead_code)]
#[path = "../../examples/notebook.rs"]
mod notebook;
#[allow(dead_code)]
#[path = "../../examples/reliability.rs"]
mod reliability;

use std::process::ExitCode;

#[test]
fn chart_demo_writes_four_pngs() {
    let dir = tempfile::tempdir().unwrap();
    let written = chart_demo::run(dir.path()).unwrap();
    assert_eq!(written.len(), 4);
    for path in written {
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            bytes.starts_with(b"\x89PNG"),
            "{} is not a PNG",
            path.display()
        );
    }
}

#[test]
fn reliability_draws_one_png_per_label_and_names_a_bad_cell() {
    let dir = tempfile::tempdir().unwrap();
    let bins = dir.path().join("bins.csv");
    std::fs::write(
        &bins,
        "label,kind,bin_lo,bin_hi,n,mean_p,observed\n\
         tune-long-R2,all,0.4,0.6,422,0.53,0.48\n\
         tune-long-R2,smooth,0.2,0.4,52,0.28,0.12\n\
         tune-short-R2,all,0.6,0.8,232,0.65,0.66\n",
    )
    .unwrap();
    let written = reliability::run(&bins, &dir.path().join("png")).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["tune-long-R2.png", "tune-short-R2.png"]);
    for path in &written {
        assert!(std::fs::read(path).unwrap().starts_with(b"\x89PNG"));
    }
    std::fs::write(
        &bins,
        "label,kind,bin_lo,bin_hi,n,mean_p,observed\nx,all,0.4,0.6,12,half,0.5\n",
    )
    .unwrap();
    let err = reliability::run(&bins, &dir.path().join("png")).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("line 2, column 6 (mean_p)") && msg.contains("'half'"),
        "{msg}"
    );
}

#[test]
fn batch_example_forecasts_a_panel_and_refuses_bad_flags() {
    let dir = tempfile::tempdir().unwrap();
    let panel = dir.path().join("panel.csv");
    std::fs::write(&panel, crate::batch_common::panel(6)).unwrap();
    let out = dir.path().join("out");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = ["--panel", panel.to_str().unwrap(), "--out"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        a.push(out.to_str().unwrap().to_string());
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    assert_eq!(
        batch_example::run(args(&["--horizon", "3", "-q"])),
        ExitCode::SUCCESS
    );
    let forecasts = std::fs::read_to_string(out.join("forecasts.csv")).unwrap();
    // A header and 3 years for each of the 6 series.
    assert_eq!(forecasts.lines().count(), 1 + 6 * 3, "{forecasts}");
    assert_eq!(
        batch_example::run(args(&["--horizon", "soon"])),
        ExitCode::from(2)
    );
}

#[test]
fn notebook_walk_through_runs_on_the_shipped_data() {
    // Reads `data/` relative to the working directory, the repository root under cargo test.
    notebook::main();
}
