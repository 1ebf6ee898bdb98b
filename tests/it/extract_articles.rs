//! Whole articles written for this test in the styles of Kazakh, Azerbaijani and Chinese
//! agencies (tests/data/articles/, not from the seeds): every trade row expected, nothing
//! else emitted.

use tradecast::extract::{extract, Extraction};

fn run(name: &str) -> Extraction {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/articles")
        .join(name);
    extract(&std::fs::read_to_string(path).unwrap(), name)
}

/// Rows as `pair flow period value currency growth bound`, `-` for empty.
fn rows(x: &Extraction) -> Vec<String> {
    let f = |v: Option<f64>| v.map_or("-".to_string(), |v| v.to_string());
    let mut out: Vec<String> = x
        .figures
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {} {} {} {}",
                c.pair,
                c.flow,
                c.period.map_or("-".to_string(), |p| p.to_string()),
                f(c.value),
                c.currency,
                f(c.growth_pct),
                c.bound
            )
        })
        .collect();
    out.extend(x.targets.iter().map(|t| {
        format!(
            "target {} {} {} {} by {}",
            t.pair,
            t.flow,
            t.value.map_or("-".to_string(), |v| v.to_string()),
            t.currency,
            t.deadline.map_or("-".to_string(), |d| d.to_string())
        )
    }));
    out
}

#[test]
fn kazakh_agency_article_with_a_foreign_dateline() {
    let x = run("uz_kazinform_style.txt");
    assert_eq!(x.host.unwrap().to_string(), "KZ");
    assert_eq!(x.published, None);
    assert_eq!(x.reference_year, Some(2024));
    assert_eq!(
        rows(&x),
        [
            "KZ-UZ turnover 2023 4400000000 USD 9.8 exact",
            "KZ-UZ exports 2023 3100000000 USD - exact",
            "KZ-UZ imports 2023 1300000000 USD - exact",
            "KZ-UZ turnover 2024-01/2024-01 350000000 USD 12.3 exact",
            "target KZ-UZ turnover 10000000000 USD by 2030",
        ]
    );
    let reasons: Vec<&str> = x.ignored.iter().map(|i| i.reason.as_str()).collect();
    assert!(reasons.iter().any(|r| r.contains("project")), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.contains("product-level")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("forecast")),
        "{reasons:?}"
    );
}

#[test]
fn azerbaijani_agency_article_with_a_rate_in_its_own_sentence() {
    let x = run("az_trend_style.txt");
    assert_eq!(x.host.unwrap().to_string(), "AZ");
    assert_eq!(
        rows(&x),
        [
            "AZ-TR turnover 2024-01/2024-06 4100000000 USD 18.4 exact",
            "AZ-TR exports 2024-01/2024-06 2800000000 USD - exact",
            "AZ-TR imports 2024-01/2024-06 1300000000 USD - exact",
            "AZ-TR turnover 2023 7000000000 USD - at_most",
            "target AZ-TR turnover 15000000000 USD by -",
        ]
    );
    assert!(x
        .ignored
        .iter()
        .any(|i| i.reason.contains("regional or world")));
}

#[test]
fn chinese_agency_article_reports_from_china() {
    let x = run("cn_xinhua_style.txt");
    assert_eq!(
        rows(&x),
        [
            "CN-KZ turnover 2023 41000000000 USD 32 exact",
            "CN-KZ turnover 2024-01/2024-03 9500000000 USD -3.1 exact",
            // "The two sides plan to double bilateral trade by 2030": a relative goal.
            "target KZ-CN turnover - USD by 2030",
        ]
    );
    assert_eq!(x.targets[0].factor, Some(2.0));
    assert!(x.ignored.iter().any(|i| i.reason.contains("investment")));
}

#[test]
fn forum_article_with_euros_investment_and_agreements() {
    let x = run("de_forum_style.txt");
    assert_eq!(x.published.unwrap().to_string(), "2023-06-15");
    assert_eq!(
        rows(&x),
        [
            "KZ-DE turnover 2022 3600000000 USD 47.5 exact",
            "KZ-DE turnover 2023-01/2023-04 1400000000 EUR - exact",
        ]
    );
    let reasons: Vec<&str> = x.ignored.iter().map(|i| i.reason.as_str()).collect();
    for r in ["investment", "contracts or agreements", "forecast"] {
        assert!(reasons.iter().any(|x| x.contains(r)), "{r}: {reasons:?}");
    }
}

#[test]
fn a_countrys_total_and_its_parts_are_not_pairs_but_the_partner_list_is() {
    let x = run("kz_totals_and_partners.txt");
    assert_eq!(
        rows(&x),
        [
            "KZ-CN turnover 2023 31500000000 USD - exact",
            "KZ-RU turnover 2023 27200000000 USD - exact",
            "KZ-IT turnover 2023 14600000000 USD - exact",
        ]
    );
    let totals = x
        .ignored
        .iter()
        .filter(|i| i.reason.contains("total"))
        .count();
    assert_eq!(totals, 3, "{:#?}", x.ignored);
}

#[test]
fn one_sentence_each_wording() {
    let x = run("mixed_wordings.txt");
    assert_eq!(
        rows(&x),
        [
            // The sentence's own perspective: Uzbekistan's trade with Kazakhstan.
            "UZ-KZ turnover 2024-01/2024-06 2100000000 USD - exact",
            "KZ-BY turnover 2023 1200000000 USD 12.4 exact",
            // 2.5 times more than in 2019: not a year-on-year rate.
            "KZ-AM turnover 2023 1500000000 USD - exact",
            "KZ-OM turnover 2023 90000000 USD - exact",
            "KZ-AF exports 2023 1100000000 USD - exact",
            "KZ-KG turnover 2023 1500000000 USD - exact",
            "KZ-KG exports 2023 1100000000 USD - exact",
            "KZ-TM turnover 2023 550000000 USD - exact",
            "KZ-TM turnover 2024-01/2024-03 140000000 USD - exact",
            "target KZ-OM turnover 300000000 USD by 2026",
        ]
    );
    assert!(x
        .ignored
        .iter()
        .any(|i| i.reason.contains("change in value")));
}

#[test]
fn a_visit_abroad_keeps_the_visitors_perspective() {
    let x = run("kz_visit_with_foreign_dateline.txt");
    assert_eq!(x.host.unwrap().to_string(), "KZ");
    assert_eq!(
        rows(&x),
        [
            "KZ-AZ turnover 2024-01/2024-08 327800000 USD 12 exact",
            "KZ-AZ exports 2024-01/2024-08 250000000 USD - exact",
            "KZ-AZ imports 2024-01/2024-08 77800000 USD - exact",
            "target KZ-AZ turnover 1000000000 USD by -",
        ]
    );
    let reasons: Vec<&str> = x.ignored.iter().map(|i| i.reason.as_str()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("investment")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("sector")), "{reasons:?}");
}

#[test]
fn an_uzbek_agency_reports_from_uzbekistan() {
    let x = run("uz_agency_totals_and_partners.txt");
    assert_eq!(x.host.unwrap().to_string(), "UZ");
    assert_eq!(
        rows(&x),
        [
            "UZ-CN turnover 2023 13700000000 USD - exact",
            "UZ-RU turnover 2023 9800000000 USD - exact",
            "UZ-KZ turnover 2023 4400000000 USD - exact",
            "UZ-KZ exports 2023 1300000000 USD - exact",
            "UZ-KZ imports 2023 3100000000 USD - exact",
            "target UZ-KZ turnover 10000000000 USD by -",
        ]
    );
}
