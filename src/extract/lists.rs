//! Lists of partners with amounts: "Russia ($2 billion 487 million) and China ($1 billion
//! 863 million)", "Germany is second with $410 million, Italy - $95.2 million". Each amount
//! belongs to the country written right before it, not to one partner for the whole list.

use std::sync::LazyLock;

use regex::Regex;

use super::country::Mention;

/// What separates a country from its amount in a list: "Russia ($2 billion)", "Italy -
/// $95 million", "Kazakhstan: $550 million", "Germany is second with $410 million".
pub(super) static LIST_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\(|[-–—:,]|(?:is|was|ranks?|ranked|came|comes|came\s+in|stands?|stood)\s+(?:\w+\s+){0,3}?with|with)?\s*(?:about|around|nearly|almost|over|more\s+than|some|approximately|roughly)?\s*$").unwrap()
});

/// The country written right before the amount at `pos`, with only list punctuation or
/// "is second with" between them.
pub(super) fn list_partner<'a>(
    low: &str,
    mentions: &'a [Mention],
    pos: usize,
) -> Option<&'a Mention> {
    mentions
        .iter()
        .rev()
        .find(|m| m.end <= pos && LIST_GAP.is_match(&low[m.end..pos]))
}
