//! The kinds of figure issue 22 added to extraction, each on a sentence written for this test:
//! amounts in other currencies (and a dollar equivalent the text gives), relative goals,
//! fiscal years, multiples as growth, partial-year wordings; and the CSV rows proposed for
//! them load (or are refused for the rate they need) with the real loader.

use tradecast::extract::{extract, to_csv_rows, Candidate, Extraction, TargetCandidate};
use tradecast::input::{parse_dataset_with_rates, parse_observations, parse_targets};
use tradecast::obs::Bound;

fn dated(body: &str) -> Extraction {
    extract(&format!("date: 2024-05-10\n{body}"), "test.txt")
}

fn figure(body: &str) -> Candidate {
    let x = dated(body);
    assert_eq!(x.figures.len(), 1, "{body}\n{:#?}", x);
    assert!(x.targets.is_empty(), "{body}\n{:#?}", x.targets);
    x.figures[0].clone()
}

fn target(body: &str) -> TargetCandidate {
    let x = dated(body);
    assert_eq!(x.targets.len(), 1, "{body}\n{:#?}", x);
    assert!(x.figures.is_empty(), "{body}\n{:#?}", x.figures);
    x.targets[0].clone()
}

#[test]
fn an_amount_in_manats_is_proposed_in_manats_with_an_amount_column() {
    let x = dated("Trade between Kazakhstan and Azerbaijan reached 3.2 billion manats in 2023.");
    let f = &x.figures[0];
    assert_eq!(
        (f.currency.as_str(), f.value, f.value_usd()),
        ("AZN", Some(3.2e9), None)
    );
    let rows = to_csv_rows(std::slice::from_ref(&x));
    let mut lines = rows.observations.lines();
    assert!(lines.next().unwrap().ends_with(",note,reported_by,amount"));
    let row = lines.next().unwrap();
    assert!(row.contains(",2023,,AZN,"), "value_usd blank: {row}");
    assert!(row.ends_with(",,3200000000"), "{row}");
    // The loader refuses it for its missing rate, and converts it with one.
    let e = parse_observations("observations.csv", rows.observations.as_bytes()).unwrap_err();
    assert!(
        e.to_string().contains("no exchange rate for AZN in 2023"),
        "{e}"
    );
    let rates = "currency,period,units_per_usd,published,source,quote\n\
                 AZN,2023,1.7,2024-01-10,Central Bank of Azerbaijan,https://cbar.az/\n";
    let d = parse_dataset_with_rates(
        ("observations.csv", rows.observations.as_bytes()),
        ("targets.csv", rows.targets.as_bytes()),
        Some(("rates.csv", rates.as_bytes())),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let usd = d.observations[0].value_usd.unwrap();
    assert!((usd - 3.2e9 / 1.7).abs() < 1.0, "{usd}");
}

#[test]
fn a_euro_sign_is_euros() {
    let f = figure("Kazakhstan's trade with Germany amounted to €1.2 billion in 2023.");
    assert_eq!((f.currency.as_str(), f.value), ("EUR", Some(1.2e9)));
}

#[test]
fn a_dollar_equivalent_in_the_text_is_taken() {
    let f = figure(
        "Trade between Kazakhstan and South Korea grew by 8% to 2.4 trillion won (about $1.8 billion) in 2023.",
    );
    assert_eq!(f.value_usd(), Some(1.8e9));
    assert_eq!(f.bound, Bound::Approx);
    assert_eq!(
        f.growth_pct,
        Some(8.0),
        "the rate goes with the dollar figure"
    );
    assert!(
        f.note
            .contains("dollar equivalent the text gives for 2.4 tn KRW"),
        "{}",
        f.note
    );
    // Dollars first, another currency in brackets: unchanged, the dollars are used.
    let f = figure(
        "Trade between Kazakhstan and Brazil reached US$ 1 billion (almost R$ 5 billion) in 2023.",
    );
    assert_eq!(f.value_usd(), Some(1e9));
}

#[test]
fn relative_goals_have_a_factor_and_no_amount() {
    for (body, factor, deadline) in [
        ("Kazakhstan and Uzbekistan agreed to double trade turnover by 2030.", 2.0, Some(2030)),
        ("The presidents set the goal to increase trade between Kazakhstan and Turkey by 50% by 2028.", 1.5, Some(2028)),
        ("Kazakhstan and Qatar aim to triple their bilateral trade.", 3.0, None),
        ("Kazakhstan and Oman plan to increase mutual trade 1.5 times by 2027.", 1.5, Some(2027)),
    ] {
        let t = target(body);
        assert_eq!((t.value, t.factor, t.deadline), (None, Some(factor), deadline), "{body}");
        assert!(t.note.contains("relative goal"), "{}", t.note);
        assert_eq!(t.base_year, None);
    }
    let t = target("Kazakhstan and Uzbekistan plan to double trade from the 2023 level by 2030.");
    assert_eq!((t.factor, t.base_year), (Some(2.0), Some(2023)));
    // Reported changes and forecasts are not goals.
    for body in [
        "Trade between Kazakhstan and Turkey increased by 50% in 2023.",
        "Trade between Kazakhstan and Qatar could double by 2030, analysts said.",
        "Kazakhstan and Oman signed an agreement to avoid double taxation.",
    ] {
        assert!(dated(body).targets.is_empty(), "{body}");
    }
}

#[test]
fn relative_goal_rows_carry_the_factor_column() {
    let x = dated("Kazakhstan and Uzbekistan agreed to double trade turnover by 2030.");
    let rows = to_csv_rows(std::slice::from_ref(&x));
    let mut lines = rows.targets.lines();
    let header = lines.next().unwrap();
    assert!(header.ends_with(",note,replaces,factor"), "{header}");
    let row = lines.next().unwrap();
    assert!(row.starts_with("y001,KZ-UZ,turnover,,USD,2030,"), "{row}");
    assert!(row.ends_with(",,2"), "{row}");
    // A file without relative goals keeps its usual header.
    let rows = to_csv_rows(&[dated(
        "Kazakhstan and Uzbekistan plan to bring trade to $10 billion by 2030.",
    )]);
    assert!(rows
        .targets
        .lines()
        .next()
        .unwrap()
        .ends_with(",quote,note"));
    assert!(parse_targets("targets.csv", rows.targets.as_bytes()).is_ok());
}

#[test]
fn fiscal_years_follow_the_countrys_convention() {
    let f = figure("Trade between India and Kazakhstan reached $1.3 billion in FY 2023-24.");
    assert_eq!(f.period.unwrap().to_string(), "2023-04/2024-03");
    assert!(
        f.note.contains("India's fiscal year runs April to March"),
        "{}",
        f.note
    );
    let f = figure(
        "Pakistan's trade with Kazakhstan amounted to $120 million in the 2019-20 fiscal year.",
    );
    assert_eq!(f.period.unwrap().to_string(), "2019-07/2020-06");
    assert!(
        f.note.contains("Pakistan's fiscal year runs July to June"),
        "{}",
        f.note
    );
    // A growth rate in a fiscal year is kept (a fiscal span is not a multi-year total).
    let f = figure(
        "In fiscal year 2022-2023, trade between India and Kazakhstan grew by 12% to $1.1 billion.",
    );
    assert_eq!(
        (f.period.unwrap().to_string().as_str(), f.growth_pct),
        ("2022-04/2023-03", Some(12.0))
    );
    // No known convention: proposed without a period, the note saying what to write.
    let f = figure(
        "Trade between Nepal and Kazakhstan reached $20 million in the 2022-23 fiscal year.",
    );
    assert_eq!(f.period, None);
    assert!(f.note.contains("write its months"), "{}", f.note);
}

#[test]
fn multiples_are_growth_rates() {
    for (body, pct) in [
        (
            "Trade between Kazakhstan and Kyrgyzstan rose 3.5 times to $2.1 billion in 2023.",
            250.0,
        ),
        (
            "Kazakhstan's exports to Tajikistan increased fourfold in 2023, reaching $900 million.",
            300.0,
        ),
        (
            "Trade between Kazakhstan and Georgia doubled in 2023 to $400 million.",
            100.0,
        ),
    ] {
        assert_eq!(figure(body).growth_pct, Some(pct), "{body}");
    }
}

#[test]
fn partial_year_wordings_are_month_runs() {
    for (body, period) in [
        ("Trade between Kazakhstan and China amounted to $20 billion in 10 months.", "2023-01/2023-10"),
        ("In the first half of 2023, trade between Kazakhstan and Russia reached $12 billion.", "2023-01/2023-06"),
        ("In January–September 2023, trade between Kazakhstan and Belarus amounted to $1 billion.", "2023-01/2023-09"),
    ] {
        assert_eq!(figure(body).period.unwrap().to_string(), period, "{body}");
    }
}

#[test]
fn appending_an_amount_needs_the_column_and_converts_with_the_directorys_rates() {
    use tradecast::app::extract::append;
    let x = dated("Trade between Kazakhstan and Azerbaijan reached 3.2 billion manats in 2023.");
    let header =
        "id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note";
    let seed = "o001,KZ-CN,turnover,2022,24200000000,USD,35,exact,2023-11-06,a.txt,q,";
    let targets = "id,pair,flow,value_usd,currency,deadline,stated,source,quote,note\n";
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    // Without an amount column: refused, saying which column to add; nothing written.
    write("observations.csv", &format!("{header}\n{seed}\n"));
    write("targets.csv", targets);
    let a = append(dir.path(), std::slice::from_ref(&x)).unwrap();
    assert_eq!(a.observations, 0);
    assert!(
        a.refused[0].contains("needs the column(s) amount"),
        "{:?}",
        a.refused
    );
    // With the column and the rate: appended, and the data loads with the manats converted.
    write(
        "observations.csv",
        &format!("{header},reported_by,amount\n{seed},,\n"),
    );
    write(
        "rates.csv",
        "currency,period,units_per_usd,published,source,quote\nAZN,2023,1.7,2024-01-10,CBAR,https://cbar.az/\n",
    );
    let a = append(dir.path(), std::slice::from_ref(&x)).unwrap();
    assert_eq!((a.observations, a.refused.len()), (1, 0), "{:?}", a.refused);
    let d = tradecast::input::load(dir.path()).unwrap();
    let o = &d.observations[1];
    assert_eq!(o.converted.as_ref().and_then(|c| c.amount), Some(3.2e9));
}

#[test]
fn an_earlier_value_whose_period_is_unknown_is_still_a_level_of_the_pair() {
    // Issue 27's multi-level family: "from $X to $Y" with no period for either.
    let x = dated("Azerbaijan's exports to Ukraine increased by 5.1 times - from $32.94 million to $166.9 million.");
    let mut v: Vec<(Option<f64>, String)> = x
        .figures
        .iter()
        .map(|f| (f.value_usd(), f.pair.to_string()))
        .collect();
    v.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    assert_eq!(
        v,
        vec![
            (Some(32.94e6), "AZ-UA".into()),
            (Some(166.9e6), "AZ-UA".into())
        ],
        "{x:#?}"
    );
    let earlier = x.figures.iter().find(|f| f.value == Some(32.94e6)).unwrap();
    assert!(earlier.period.is_none());
    assert!(
        earlier.note.contains("its period is not known"),
        "{}",
        earlier.note
    );
}

#[test]
fn amounts_in_rand_naira_shillings_and_zlotys_keep_their_currency() {
    for (body, cur, value) in [
        (
            "South Africa's exports to China totalled R188.4 billion in 2023.",
            "ZAR",
            188.4e9,
        ),
        (
            "Kenya's imports from China hit Ksh441 billion in 2021.",
            "KES",
            441e9,
        ),
        (
            "Poland's exports to Ukraine reached 45.6 billion zlotys in 2022.",
            "PLN",
            45.6e9,
        ),
    ] {
        let f = figure(body);
        assert_eq!((f.currency.as_str(), f.value), (cur, Some(value)), "{body}");
        assert_eq!(f.value_usd(), None);
    }
}

#[test]
fn the_level_a_goal_starts_from_is_a_figure() {
    // Issue 27's goals with more than one part: the goal and the level it starts from.
    let x = dated("Mexico and Brazil agreed to double annual bilateral trade from the current $9.2 billion within the next decade.");
    assert_eq!(x.figures.len(), 1, "{x:#?}");
    assert_eq!(x.figures[0].value_usd(), Some(9.2e9));
    assert_eq!(x.figures[0].pair.to_string(), "MX-BR");
    assert_eq!(x.targets.len(), 1, "{x:#?}");
    assert_eq!(x.targets[0].factor, Some(2.0));
    // A reported rise is not a goal: its starting level stays a comparison.
    let y = dated(
        "Trade between Mexico and Brazil rose from $8.1 billion in 2022 to $9.2 billion in 2023.",
    );
    assert!(y.targets.is_empty(), "{y:#?}");
}

#[test]
fn the_subject_of_each_clause_owns_its_flow_even_with_an_adverb_between() {
    let x = dated("Iran exported $634 million worth of products to Pakistan, while Pakistan also exported products valued at $348 million to Iran.");
    let got: Vec<(String, Option<f64>)> = x
        .figures
        .iter()
        .map(|f| (format!("{} {}", f.flow, f.pair), f.value_usd()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("exports IR-PK".to_string(), Some(634e6)),
            ("exports PK-IR".to_string(), Some(348e6))
        ],
        "{x:#?}"
    );
}

#[test]
fn a_countrys_total_exports_are_not_a_pair_but_its_total_exports_to_a_partner_are() {
    let x = dated("Saudi Arabia's trade with China is growing. Saudi total merchandise exports, including crude oil, grew 83.4 percent to SR144.1 billion in May 2022.");
    assert!(x.figures.iter().all(|f| f.value.is_none()), "{x:#?}");
    let f = figure("Cambodia's total exports to Thailand were valued at 612 million USD in 2019.");
    assert_eq!(
        (f.pair.to_string(), f.value_usd()),
        ("KH-TH".into(), Some(612e6))
    );
}
