//! Helpers shared by the test modules, written once: where the repository is, the binary
//! under test, and the sorted files of a test-data folder.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root (the crate's manifest directory).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `tradecast` binary, run from the repository root.
pub fn tradecast() -> Command {
    let mut cmd = Command::cargo_bin("tradecast").unwrap();
    cmd.current_dir(root());
    cmd
}

/// The files of `dir` (relative to the root) whose extension is `ext`, sorted by name so the
/// tests visit them in a fixed order.
pub fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let dir = root().join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    files
}
