//! The shipped scorer (`knowledge/extract_scorer.json`) is what `scripts/extract_train.sh`
//! fits on today's rules and the shared corpora, byte for byte: a rule change that alters the
//! proposals without re-fitting fails here. Skips, with a message, when the corpora are absent.

#[allow(dead_code)]
#[path = "../../examples/extract_scorer.rs"]
mod scorer_example;

use std::path::PathBuf;

#[test]
fn the_shipped_scorer_is_a_fresh_fit_on_the_corpora() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let dirs = vec![
        shared.join("extract-corpus"),
        shared.join("extract-corpus-more"),
    ];
    if !dirs.iter().all(|d| d.join("expected.csv").is_file()) {
        eprintln!("skipped: {} has not both extract corpora", shared.display());
        return;
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("knowledge/extract_scorer.json");
    let shipped = std::fs::read_to_string(&path).expect("knowledge/extract_scorer.json");
    let fresh = scorer_example::fitted(&dirs);
    assert!(
        fresh == shipped,
        "knowledge/extract_scorer.json is not a fresh fit: run scripts/extract_train.sh\nfresh:\n{fresh}"
    );
}
