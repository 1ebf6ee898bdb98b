//! Properties: canonical text round-trips through `FromStr`, and no input makes the loader panic.

use proptest::prelude::*;

use tradecast::input::{parse_dataset, parse_observations, parse_targets};
use tradecast::obs::{Date, Pair, Period};

const OBS_HEADER: &str =
    "id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note";
const TGT_HEADER: &str = "id,pair,flow,value_usd,currency,deadline,stated,source,quote,note";

fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (1900..=2200i32).prop_map(Period::Year),
        (1900..=2200i32).prop_map(Period::PartYear),
        (1900..=2200i32, 1..=12u8, 1..=12u8)
            .prop_filter("not a full year", |(_, a, b)| !(a.min(b) == &1
                && a.max(b) == &12))
            .prop_map(|(year, a, b)| Period::Months {
                year,
                first: a.min(b),
                last: a.max(b),
            }),
        // Across the turn of a year (a fiscal year): the last month before the first.
        (1900..=2199i32, 2..=12u8, 1..=11u8)
            .prop_filter("ends before it starts again", |(_, f, l)| l < f)
            .prop_map(|(year, first, last)| Period::Across { year, first, last }),
    ]
}

fn date() -> impl Strategy<Value = Date> {
    (1900..=2200i32, 1..=12u8, 1..=31u8)
        .prop_filter_map("no such day", |(y, m, d)| Date::try_new(y, m, d).ok())
}

fn party() -> impl Strategy<Value = String> {
    "[A-Z]{2}"
}

/// Text shaped like a data file: a valid header, then rows of fields drawn from a pool of
/// plausible and hostile values, so that most of the validation code runs.
fn csvish(header: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let field = prop_oneof![
        Just(String::new()),
        Just("KZ-CN".to_string()),
        Just("turnover".to_string()),
        Just("2023-01/2023-10".to_string()),
        Just("2023-part".to_string()),
        Just("1e400".to_string()),
        Just("-0".to_string()),
        Just("35%".to_string()),
        Just("USD".to_string()),
        Just("at_least".to_string()),
        Just("2023-02-30".to_string()),
        Just("\"U.S. trade. It grew.\"".to_string()),
        Just("=cmd|' /C calc'!A0".to_string()),
        Just("\"".to_string()),
        Just("\u{0}".to_string()),
        "[ -~]{0,12}",
        "\\PC{0,8}",
    ];
    let row = prop::collection::vec(field, 0..14).prop_map(|f| f.join(","));
    prop::collection::vec(row, 0..6).prop_map(move |rows| {
        let mut s = format!("{header}\n");
        for r in rows {
            s.push_str(&r);
            s.push('\n');
        }
        s.into_bytes()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn period_display_parses_back(p in period()) {
        prop_assert_eq!(p.to_string().parse::<Period>(), Ok(p));
    }

    #[test]
    fn date_display_parses_back(d in date()) {
        prop_assert_eq!(d.to_string().parse::<Date>(), Ok(d));
    }

    #[test]
    fn pair_display_parses_back(a in party(), b in party()) {
        prop_assume!(a != b);
        let text = format!("{a}-{b}");
        let pair: Pair = text.parse().unwrap();
        prop_assert_eq!(pair.to_string(), text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_observations("observations.csv", &bytes);
        let _ = parse_targets("targets.csv", &bytes);
        let _ = parse_dataset(("observations.csv", &bytes), ("targets.csv", &bytes));
    }

    #[test]
    fn csv_shaped_input_never_panics(obs in csvish(OBS_HEADER), tgt in csvish(TGT_HEADER)) {
        // Whatever happens, every reported problem is located in its file.
        match parse_dataset(("observations.csv", &obs), ("targets.csv", &tgt)) {
            Ok(ds) => {
                for o in &ds.observations {
                    prop_assert!(o.value_usd.is_some() || o.growth.is_some());
                    prop_assert!(o.value_usd.is_none_or(|v| v.is_finite() && v > 0.0));
                    prop_assert!(o.growth.is_none_or(|g| g.is_finite() && g > -1.0));
                }
            }
            Err(tradecast::Error::Invalid(problems)) => {
                prop_assert!(!problems.is_empty());
                for p in problems {
                    prop_assert!(p.file == "observations.csv" || p.file == "targets.csv");
                }
            }
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }
}
