//! The Markdown report for the shipped data, pinned: any change to wording, numbers or layout
//! shows up as a reviewable diff (`cargo insta review`).

use tradecast::app::{pipeline::build, RunOptions};
use tradecast::report::markdown;

#[test]
fn report_md_for_the_shipped_data() {
    let data =
        tradecast::input::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
            .unwrap();
    let options = RunOptions::new("2026-11-23".parse().unwrap(), 42);
    let report = build(
        &data.observations,
        &data.targets,
        Vec::new(),
        Vec::new(),
        &options,
    );
    let md = String::from_utf8(markdown::render(&report)).unwrap();
    insta::assert_snapshot!("report_md", md);
}

#[test]
fn report_md_escapes_hostile_quotes() {
    let mut data =
        tradecast::input::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
            .unwrap();
    data.observations[0].quote =
        "| <script>alert(1)</script> [x](javascript:y) # not a heading".into();
    let options = RunOptions::new("2026-11-23".parse().unwrap(), 42);
    let report = build(
        &data.observations,
        &data.targets,
        Vec::new(),
        Vec::new(),
        &options,
    );
    let md = String::from_utf8(markdown::render(&report)).unwrap();
    assert!(!md.contains("<script>"));
    assert!(md.contains("&lt;script&gt;"));
    assert!(md.contains("\\| &lt;script&gt;"));
    assert!(md.contains("\\[x\\](javascript:y)"));
}
