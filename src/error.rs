//! The library's one error type.

use std::path::PathBuf;

/// Everything the library can fail with. Messages carry places and numbers, and say how to fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input data was rejected; every problem found is listed.
    #[error("{} problem(s) in the input data:\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// An argument given to a library function is out of range.
    #[error("invalid argument: {0}")]
    Argument(String),
    /// A chart could not be drawn or encoded (not expected with the embedded font).
    #[error("chart: {0}")]
    Render(String),
}

/// One located problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file, as given.
    pub file: String,
    /// 1-based line, when the problem belongs to one.
    pub line: Option<usize>,
    /// The column name, when the problem belongs to one field.
    pub column: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(col) = &self.column {
            write!(f, " (column {col})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
