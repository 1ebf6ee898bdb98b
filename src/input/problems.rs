//! Collecting problems: every error and warning of one file, located, capped at
//! [`MAX_PROBLEMS`](super::MAX_PROBLEMS), and the shortening of values quoted in messages.

use super::MAX_PROBLEMS;
use crate::error::{Error, Problem, Result};
use crate::obs::ParseError;

pub(super) struct Sink {
    pub(super) file: String,
    pub(super) errors: Vec<Problem>,
    pub(super) warnings: Vec<Problem>,
    pub(super) dropped: usize,
}

impl Sink {
    pub(super) fn new(file: &str) -> Self {
        Sink {
            file: file.to_string(),
            errors: Vec::new(),
            warnings: Vec::new(),
            dropped: 0,
        }
    }

    pub(super) fn problem(
        &self,
        line: Option<usize>,
        column: Option<&str>,
        message: String,
    ) -> Problem {
        Problem {
            file: self.file.clone(),
            line,
            column: column.map(str::to_string),
            message,
        }
    }

    pub(super) fn error(&mut self, line: Option<usize>, column: Option<&str>, message: String) {
        if self.errors.len() < MAX_PROBLEMS {
            let p = self.problem(line, column, message);
            self.errors.push(p);
        } else {
            self.dropped += 1;
        }
    }

    pub(super) fn warn(&mut self, line: Option<usize>, column: Option<&str>, message: String) {
        if self.warnings.len() < MAX_PROBLEMS {
            let p = self.problem(line, column, message);
            self.warnings.push(p);
        }
    }

    pub(super) fn error_count(&self) -> usize {
        self.errors.len() + self.dropped
    }

    /// Errors, or the warnings when there are none; both sorted by line (file-wide first).
    pub(super) fn finish(mut self) -> Result<Vec<Problem>> {
        self.errors.sort_by_key(|p| p.line);
        self.warnings.sort_by_key(|p| p.line);
        if self.errors.is_empty() {
            return Ok(self.warnings);
        }
        if self.dropped > 0 {
            let message = format!(
                "{} more problem(s) not listed; fix the ones above and check again",
                self.dropped
            );
            let p = self.problem(None, None, message);
            self.errors.push(p);
        }
        Err(Error::Invalid(self.errors))
    }
}

/// Shorten a value for a message, the way [`ParseError`] does.
pub(super) fn shorten(s: &str) -> String {
    if s.chars().count() > 60 {
        s.chars().take(57).collect::<String>() + "..."
    } else {
        s.to_string()
    }
}

pub(super) fn bad(value: &str, expected: impl Into<String>) -> String {
    ParseError {
        value: shorten(value),
        expected: expected.into(),
    }
    .to_string()
}
