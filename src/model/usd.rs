//! Amounts of US dollars in the words of the models' notes.

/// A USD amount in words for notes: 4 significant digits with a scale word.
pub(crate) fn usd(x: f64) -> String {
    crate::fmt::usd(x)
}
