//! What an amount is, when it is not a pair's reported level: a price or a change, an
//! earlier value compared with, a part of a total ("accounting for"), a partial scope
//! ("excluding diamonds", "non-oil trade"), a region's or the world's total, and the
//! comparison years of a rate.

use std::sync::LazyLock;

use regex::Regex;

/// "with crude oil accounting for about $45 billion": a part of a total.
pub(super) static PART_OF_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:accounting|accounts?|accounted)\s+for\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|over\s+|more\s+than\s+)?$").unwrap()
});
/// Between an amount and its equivalent in brackets: "$5 billion (EGP 174 billion)".
pub(super) static EQUIVALENT_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\(\s*(?:about\s+|around\s+|almost\s+|nearly\s+|approximately\s+|some\s+|or\s+|i\.e\.\s+|equivalent\s+to\s+)?(?:[a-z]{1,3})?$").unwrap()
});

/// Trade with a part left out: "excluding diamonds", "without oil", "non-oil trade".
pub(super) static SCOPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?:excluding|excluded|without|except(?:\s+for)?|not\s+counting|not\s+including|net\s+of)\s+(?:the\s+)?[a-z][a-z-]+|non-[a-z]+(?:\s+\w+)?\s+(?:trade|exports?|imports?|turnover))").unwrap()
});
/// The partial scope that governs an amount: written in its lead (since the previous amount),
/// right after it, or opening the sentence ("Excluding diamonds, trade ... $229 million, up
/// from $94 million": both amounts).
pub(super) fn partial_scope(low: &str, lead: &str, after: &str) -> Option<String> {
    static OPENING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\W*(?:\w+\s+){0,3}?$").unwrap());
    if let Some(m) = SCOPE.find(lead) {
        return Some(m.as_str().to_string());
    }
    // "$100 billion in bilateral trade, excluding oil": after the amount, before any other
    // number or clause of its own.
    if let Some(m) = SCOPE.find(after) {
        let gap = &after[..m.start()];
        if !gap.bytes().any(|b| b.is_ascii_digit() || b == b';')
            && !gap.contains(" while ")
            && !gap.contains(" whereas ")
        {
            return Some(m.as_str().to_string());
        }
    }
    SCOPE
        .find(low)
        .filter(|m| OPENING.is_match(&low[..m.start()]))
        .map(|m| m.as_str().to_string())
}
/// Prices and other per-unit amounts: "$80 per barrel".
pub(super) static PER_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:per|a|/|for\s+(?:a|one|each))\s*(?:ton|tonne|barrel|kg|kilogram|unit|head|capita|cubic|square|liter|litre|mwh|kwh|month|day|hour|person)").unwrap()
});
/// An earlier value a figure is compared with: "up from $4 billion", "against $3.5 billion".
pub(super) static COMPARISON_MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:from|against|versus|vs\.?|than|compared\s+(?:to|with)|in\s+comparison\s+with)\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+)?$").unwrap()
});
/// Why a country's or a region's total is not used.
pub(super) const TOTAL: &str = "regional or world total, not a pair";
/// "increased by $160 million": a change, not a level.
pub(super) static ABSOLUTE_CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:increas\w*|grew|grow\w*|rose|ris\w*|decreas\w*|fell|fall\w*|declin\w*|dropp?\w*|up|down|added|adding|lost|jump\w*|expanded|shr[au]nk|contracted)\s+by\s+(?:about\s+|around\s+|almost\s+|nearly\s+|more\s+than\s+|over\s+)?$|(?-u:\b)(?:an?\s+)?(?:increase|growth|rise|decrease|decline|drop|reduction|fall)\s+of\s+(?:about\s+|around\s+|almost\s+|nearly\s+|more\s+than\s+|over\s+)?$").unwrap()
});
/// A sentence that only gives the rate of the previous one.
pub(super) static FOLLOW_UP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:this|that|it|which)\s+(?:is|was|represents|represented|means|meant|marks|marked)(?-u:\b)").unwrap()
});
/// Regions, blocs and totals: "Central Asian countries", "EAEU", "ASEAN", "Mercosur",
/// "European countries", "foreign trade".
pub(super) static REGION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:central\s+asia\w*|eaeu|eurasian\s+economic\s+union|cis|commonwealth\s+of\s+independent\s+states|asean|sco|shanghai\s+cooperation\s+organi[sz]ation|brics|gcc|gulf\s+(?:states|countries)|africa\w*|middle\s+east\w*|latin\s+america\w*|mercosur|ecowas|sadc|eac|comesa|efta|apec|opec|caricom|afcfta|arab\s+(?:countries|states|world|league)|(?:south|southeast|south-east|east|west)\s+asia\w*|asia-pacific|europe|european\s+(?:countries|nations|states|markets)|north\s+america\w*|the\s+americas|the\s+balkans|baltic\s+states|nordic\s+countries|scandinavia\w*|south\s+caucasus|turkic\s+states|the\s+region|regional|world|global|worldwide|(?:foreign|external|overall|total|aggregate)\s+trade|(?:overall|total|aggregate)\s+(?:merchandise\s+)?(?:exports|imports|export\s+earnings)(?:\s*,\s*\w+|\s+(?:into|stood|were|was|grew|rose|fell|increased|decreased|declined|reached|totall?ed|amounted|in))|with\s+(?:all\s+)?(?:other\s+)?(?:foreign\s+)?countries|countries\s+of|(?:member|partner)\s+(?:states|countries))(?-u:\b)").unwrap()
});
pub(super) static COMPARED_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:compared\s+(?:to|with)|against|than(?:\s+in)?|from|over|versus)\s+(?:the\s+same\s+period\s+(?:of|in)\s+)?((?:19|20)\d\d)(?-u:\b)").unwrap()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_scope_before_after_or_opening() {
        let low = "excluding gold, trade totalled $3 billion";
        assert_eq!(
            partial_scope(low, "", " in 2023").as_deref(),
            Some("excluding gold")
        );
        assert!(partial_scope("trade was ", "trade was ", " in 2023").is_none());
        assert!(partial_scope("x", " while without copper they were ", "").is_some());
        assert!(partial_scope("x", "", " in bilateral trade, excluding oil").is_some());
        // Another number first: the scope is that number's.
        assert!(partial_scope("x", "", " in 2023, and $2 billion without oil").is_none());
        assert!(SCOPE.is_match("non-oil trade reached"));
    }

    #[test]
    fn equivalents_and_parts() {
        assert!(EQUIVALENT_GAP.is_match(" (almost r"));
        assert!(EQUIVALENT_GAP.is_match(" ("));
        assert!(!EQUIVALENT_GAP.is_match(" and "));
        assert!(PART_OF_TOTAL.is_match("with copper accounting for about "));
        assert!(!PART_OF_TOTAL.is_match("trade amounted to "));
    }
}
