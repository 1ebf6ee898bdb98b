//! Targets, forecasts and offers: the wording that makes an amount a goal ("aim to bring
//! trade to", "a new target of", "the $100 bln target", "set to reach their $N target"),
//! a forecast ("could reach", "expected to hit", "likely to reach ... by the end of the
//! year"), an offer ("readiness to supply"), and a goal's deadline year.

use std::sync::LazyLock;

use regex::Regex;

pub(super) static TARGET_STRONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:targets?|targeted|targeting|goals?|objectives?|aims?|aimed|aiming|tasks?|tasked|plans?|planned|planning|intends?|intended|intention|seeks?|seeking|strive\w*|agreed|agree|agreement\s+to|commit\w*|instructed|instruct\w*|ambitio\w+|determined\s+to|hop(?:e|es|ed|ing)\s+(?:that|to)|roadmap|set\s+(?:a|the)\s+(?:\w+\s+)?(?:target|goal|task))(?-u:\b)").unwrap()
});
pub(super) static TARGET_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)to\s+(?:further\s+|jointly\s+|significantly\s+|gradually\s+)?(?:increase|raise|bring|boost|expand|grow|take|lift|double|triple|elevate|scale\s+up|ramp\s+up)(?-u:\b)").unwrap()
});
/// What a target amount is preceded by: "to", "up to", "the level of", "of", "reach".
pub(super) static TARGET_LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?-u:\b)to|(?-u:\b)up\s+to|(?-u:\b)of|(?-u:\b)at|(?-u:\b)reach\w*|(?-u:\b)achiev\w*|(?-u:\b)hit\w*|(?-u:\b)exceed\w*|(?-u:\b)is|(?-u:\b)be|(?-u:\b)for)\s+(?:the\s+)?(?:level\s+of\s+|mark\s+of\s+|figure\s+of\s+|threshold\s+of\s+)?(?:about\s+|around\s+|some\s+|at\s+least\s+|over\s+)?$").unwrap()
});
pub(super) static FORECAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)expect(?:s|ed|ing)?\s+(?:\w+\s+){0,6}?to\s+(?:hit|reach|exceed|surpass|top|cross|grow|rise|increase|total|amount|double|be)(?-u:\b)|(?-u:\b)(?:expected|forecast\w*|projected|predicted|anticipated|likely|poised|estimated)\s+to(?-u:\b)|(?-u:\b)(?:set|on\s+track|on\s+course|on\s+pace)\s+to\s+(?:reach|hit|exceed|surpass|top|cross|double|grow|rise)(?-u:\b)|(?-u:\b)(?:could|may|might|will|would|can|shall)\s+(?:\w+\s+){0,2}?(?:reach|exceed|amount|total|grow|increase|rise|surpass|top|hit|be|double|triple|climb|approach|near|come\s+close\s+to)(?-u:\b)|(?-u:\b)(?:forecasts?|projections?|outlook|prognos\w+|predict\w*)(?-u:\b)|(?-u:\b)(?:projects|estimates|calculates)\s+(?:\w+\s+){0,5}?at(?-u:\b)|(?-u:\b)(?:estimated|calculated)\s+an?(?-u:\b)").unwrap()
});
pub(super) static OFFER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:readiness|ready\s+to|willing\w*|potential|opportunit\w+|possibilit\w+|possible|prospects?|additional|extra)(?-u:\b)").unwrap()
});
pub(super) static OFFER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:on|in|for|across|covering)\s+\d+\s+(?:\w+\s+)?(?:items|positions|products|tariff\s+lines|commodities)(?-u:\b)").unwrap()
});
/// A goal named right after its amount: "the $100 bln target", "the $30-billion-by-2025
/// target", "their $5 billion trade goal".
pub(super) static TARGET_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\s-]*by[\s-]+(?:19|20)\d\d)?[\s-]*(?:(?:bilateral|mutual|trade|turnover|annual)\s+){0,2}(?:targets?|goals?)(?-u:\b)").unwrap()
});
/// Between the two amounts of "from $X to $Y".
/// "from the current $9.2 billion", "from 5 billion USD" at the end of a goal's wording: the
/// amount after it is the level the goal starts from.
pub(super) static FROM_BASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)from\s+(?:the\s+)?(?:(?:current|present|existing)\s+)?(?:level\s+of\s+)?$")
        .unwrap()
});
pub(super) static FROM_TO_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s.]*(?:\([^)]*\)\s*)?(?:in\s+\S+\s+|last\s+year\s+)?to\s+(?:the\s+)?(?:level\s+of\s+|mark\s+of\s+)?(?:about\s+|around\s+|over\s+)?$").unwrap()
});
pub(super) static DEADLINE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:by|until|till|before|through)[\s-]+(?:the\s+end\s+of\s+)?(?:the\s+year\s+)?((?:19|20)\d\d)(?-u:\b)").unwrap()
});
pub(super) static DEADLINE_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:in|for)\s+((?:19|20)\d\d)(?-u:\b)").unwrap());
pub(super) static DEADLINE_THIS_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)by\s+the\s+end\s+of\s+(?:this|the\s+current|the)\s+year(?-u:\b)").unwrap()
});
/// "reach their target next year", "by next year".
pub(super) static DEADLINE_NEXT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:by\s+|in\s+|during\s+)?next\s+year(?-u:\b)").unwrap());
pub(super) static DEADLINE_WITHIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:in|within|over)\s+(?:the\s+)?(?:next|coming)?\s*(\w+)\s+years(?-u:\b)")
        .unwrap()
});
pub(super) fn small_number(w: &str) -> Option<i32> {
    Some(match w {
        "one" | "1" => 1,
        "two" | "2" => 2,
        "three" | "3" => 3,
        "four" | "4" => 4,
        "five" | "5" => 5,
        "six" | "6" => 6,
        "seven" | "7" => 7,
        "eight" | "8" => 8,
        "nine" | "9" => 9,
        "ten" | "10" => 10,
        "fifteen" | "15" => 15,
        "twenty" | "20" => 20,
        _ => return None,
    })
}
/// The deadline year of a target sentence, with a note when it is computed.
pub(super) fn deadline(low: &str, reference: Option<i32>) -> (Option<i32>, String) {
    if let Some(c) = DEADLINE_BY.captures(low) {
        return (c[1].parse().ok(), String::new());
    }
    if DEADLINE_THIS_YEAR.is_match(low) {
        return match reference {
            Some(y) => (Some(y), format!("\"by the end of the year\" = {y}")),
            None => (None, "\"by the end of the year\": year unknown".into()),
        };
    }
    if DEADLINE_NEXT_YEAR.is_match(low) {
        return match reference {
            Some(y) => (Some(y + 1), format!("\"next year\" = {}", y + 1)),
            None => (None, "\"next year\": year unknown".into()),
        };
    }
    if let Some(c) = DEADLINE_WITHIN.captures(low) {
        if let Some(n) = small_number(&c[1]) {
            return match reference {
                Some(y) => (Some(y + n), format!("\"{}\" counted from {y}", c[0].trim())),
                None => (None, format!("\"{}\": start year unknown", c[0].trim())),
            };
        }
    }
    for c in DEADLINE_IN.captures_iter(low) {
        let y: i32 = c[1].parse().unwrap_or(0);
        if reference.is_none_or(|r| y > r) {
            return (Some(y), String::new());
        }
    }
    (None, "no deadline stated".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines() {
        assert_eq!(
            deadline("to reach $5 billion by 2030", Some(2024)).0,
            Some(2030)
        );
        assert_eq!(
            deadline("the $5-billion-by-2027 target", Some(2024)).0,
            Some(2027)
        );
        assert_eq!(deadline("their target next year", Some(2024)).0, Some(2025));
        assert_eq!(deadline("their target next year", None).0, None);
        assert_eq!(deadline("within three years", Some(2024)).0, Some(2027));
        assert_eq!(deadline("some day", Some(2024)).0, None);
    }

    #[test]
    fn a_goal_named_after_the_amount() {
        for after in [
            " target",
            "-by-2030 target",
            " trade goal",
            " bilateral trade target",
        ] {
            assert!(TARGET_AFTER.is_match(after), "{after}");
        }
        for after in [" in 2023", " mark", " worth of goods"] {
            assert!(!TARGET_AFTER.is_match(after), "{after}");
        }
    }

    #[test]
    fn forecast_wording() {
        for lead in [
            "trade could reach ",
            "the sides expect trade between the two countries to hit ",
            "trade is likely to reach ",
            "economists predicted a ceiling of up to ",
            "trade is set to reach ",
            "trade is on track to hit ",
            "trade turnover this year will approach ",
            "trade could come close to ",
            "the customs service projects trade turnover with china at around ",
            "we estimated a ",
        ] {
            assert!(FORECAST.is_match(lead), "{lead}");
        }
        for lead in [
            "trade reached ",
            "trade approached ",
            "exports were estimated at ",
        ] {
            assert!(!FORECAST.is_match(lead), "{lead}");
        }
    }

    #[test]
    fn hope_and_from_to() {
        assert!(TARGET_STRONG.is_match("expressed hope that trade will rise from "));
        assert!(FROM_TO_GAP.is_match(" to the level of "));
        assert!(FROM_TO_GAP.is_match(" in 2023 to "));
        assert!(!FROM_TO_GAP.is_match(", and exports to "));
        assert!(FROM_BASE.is_match("to double annual bilateral trade from the current "));
        assert!(FROM_BASE.is_match("to triple trade by 2020 from "));
        assert!(!FROM_BASE.is_match("from the current account "));
    }
}
