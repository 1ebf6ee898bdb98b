//! Lists of partners with amounts: "Russia ($2 billion 487 million) and China ($1 billion
//! 863 million)", "Germany is second with $410 million, Italy - $95.2 million". Each amount
//! belongs to the country written right before it, not to one partner for the whole list.

use std::sync::LazyLock;

use regex::Regex;

use super::country::{self, Mention};
use crate::obs::{Pair, Party};

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

/// A list of partners with amounts: "Russia ($2.5 billion) and China ($1.9 billion)",
/// "Germany is second with $410 million, Italy - $95 million", "exports went to Italy ($5
/// billion) and China ($4 billion)": the figure at `pos` is the trade of the reporter (the
/// one the wording names, else the host, else the `context` country) with the country
/// written right before it. `None` when no country is written right before it.
pub(super) fn list_pair(
    low: &str,
    mentions: &[Mention],
    pos: usize,
    [named, host, context]: [Option<Party>; 3],
) -> Option<(Pair, String)> {
    let m = list_partner(low, mentions, pos)?;
    // "exports from Kazakhstan - $32.6 billion": the country before the amount reports it.
    if named == Some(m.party) {
        return None;
    }
    let other = |p: Option<Party>| p.filter(|&p| p != m.party);
    let reporter = other(named).or(other(host)).or(other(context))?;
    Some((
        Pair {
            reporter,
            partner: m.party,
        },
        format!("amount written next to {}", country::name(m.party)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::country::mentions;

    fn partner(norm: &str, at: &str) -> Option<String> {
        let ms = mentions(norm);
        let pos = norm.find(at).expect("amount in the text");
        list_partner(&norm.to_lowercase(), &ms, pos).map(|m| m.party.to_string())
    }

    #[test]
    fn the_country_right_before_the_amount() {
        let s = "Partners were Chile ($4 billion), Peru - $2 billion, Bolivia: $1 billion";
        assert_eq!(partner(s, "$4").as_deref(), Some("CL"));
        assert_eq!(partner(s, "$2").as_deref(), Some("PE"));
        assert_eq!(partner(s, "$1").as_deref(), Some("BO"));
        let s = "Germany is second with $410 million";
        assert_eq!(partner(s, "$410").as_deref(), Some("DE"));
        // Words between them that are not list punctuation: no list.
        let s = "Chile said trade reached $4 billion";
        assert_eq!(partner(s, "$4"), None);
    }

    #[test]
    fn a_list_pair_needs_a_reporter_other_than_the_partner() {
        let s = "Peru ($2 billion)";
        let ms = mentions(s);
        let pe: Party = "PE".parse().unwrap();
        let cl: Party = "CL".parse().unwrap();
        assert_eq!(
            list_pair(&s.to_lowercase(), &ms, 6, [None, Some(pe), None]),
            None
        );
        let (pair, note) = list_pair(&s.to_lowercase(), &ms, 6, [None, Some(cl), None]).unwrap();
        assert_eq!(pair.to_string(), "CL-PE");
        // The reporter named by the wording is not a list's partner.
        assert_eq!(
            list_pair(&s.to_lowercase(), &ms, 6, [Some(pe), Some(cl), None]),
            None
        );
        // A reporter named by the wording wins over the host.
        let bo: Party = "BO".parse().unwrap();
        let (pair, _) = list_pair(&s.to_lowercase(), &ms, 6, [Some(cl), Some(bo), None]).unwrap();
        assert_eq!(pair.to_string(), "CL-PE");
        assert!(note.contains("Peru"), "{note}");
    }
}
