//! The wordings trade news uses, one at a time, on sentences written for this test (not
//! taken from the seed articles): money, growth, periods, bounds, countries, direction,
//! context, targets, and the figures that must not become trade rows.

use tradecast::extract::{extract, Candidate, Extraction, TargetCandidate};
use tradecast::obs::Bound;

/// An article dated 2024-05-10 with the given body.
fn dated(body: &str) -> Extraction {
    extract(&format!("date: 2024-05-10\n{body}"), "test.txt")
}

/// The one figure of a dated article.
fn figure(body: &str) -> Candidate {
    let x = dated(body);
    assert_eq!(x.figures.len(), 1, "{body}\n{:#?}", x);
    assert!(x.targets.is_empty(), "{body}\n{:#?}", x.targets);
    x.figures[0].clone()
}

/// The one target of a dated article.
fn target(body: &str) -> TargetCandidate {
    let x = dated(body);
    assert_eq!(x.targets.len(), 1, "{body}\n{:#?}", x);
    assert!(
        x.figures.is_empty(),
        "a target is not an observation: {body}\n{:#?}",
        x.figures
    );
    x.targets[0].clone()
}

/// A dated article that must give no figure and no target, and list the amount as ignored
/// with a reason containing `why`.
fn nothing(body: &str, why: &str) {
    let x = dated(body);
    assert!(x.figures.is_empty(), "{body}\n{:#?}", x.figures);
    assert!(x.targets.is_empty(), "{body}\n{:#?}", x.targets);
    assert!(
        x.ignored.iter().any(|i| i.reason.contains(why)),
        "{body}: expected an ignored entry with {why:?}, got {:#?}",
        x.ignored
    );
}

fn check(
    c: &Candidate,
    pair: &str,
    flow: &str,
    period: &str,
    usd: Option<f64>,
    growth: Option<f64>,
    bound: Bound,
) {
    assert_eq!(c.pair.to_string(), pair, "{c:?}");
    assert_eq!(c.flow.to_string(), flow, "{c:?}");
    assert_eq!(
        c.period.map(|p| p.to_string()).unwrap_or_default(),
        period,
        "{c:?}"
    );
    assert_eq!(c.value_usd(), usd, "{c:?}");
    assert_eq!(c.growth_pct, growth, "{c:?}");
    assert_eq!(c.bound, bound, "{c:?}");
}

// ---------------------------------------------------------------------------- money

#[test]
fn money_spellings() {
    let cases = [
        (
            "Trade turnover between Kazakhstan and Germany reached $4.2 billion in 2023.",
            4.2e9,
        ),
        (
            "In 2023, Kazakhstan's trade with Korea amounted to USD 6.8 billion.",
            6.8e9,
        ),
        (
            "Kazakh-Italian trade totaled 14.6 billion dollars in 2023.",
            14.6e9,
        ),
        (
            "In 2023, trade between Kazakhstan and France amounted to 5.3 billion US dollars.",
            5.3e9,
        ),
        (
            "Kazakhstan's trade with Georgia reached $612 million in 2023.",
            612e6,
        ),
        (
            "In 2023 trade turnover between Kazakhstan and Mongolia reached 1 billion US dollars.",
            1e9,
        ),
        ("Kazakhstan-India trade hit $1.9bn in 2023.", 1.9e9),
        (
            "Trade between Kazakhstan and Vietnam stood at $725 mln in 2023.",
            725e6,
        ),
        (
            "Trade between Kazakhstan and Poland amounted to US$ 1.3 billion in 2023.",
            1.3e9,
        ),
    ];
    for (s, v) in cases {
        let c = figure(s);
        assert_eq!(c.value_usd(), Some(v), "{s}");
        assert_eq!(c.currency, "USD");
        assert_eq!(c.period.unwrap().to_string(), "2023", "{s}");
        assert_eq!(c.pair.reporter.to_string(), "KZ", "{s}");
    }
}

#[test]
fn other_currencies_keep_their_currency_and_are_never_dollars() {
    let cases = [
        ("In 2023, trade turnover between Kazakhstan and Russia amounted to 12.1 trillion tenge.", "KZT", 12.1e12),
        ("Trade between Germany and Kazakhstan reached 3.4 billion euros in 2023.", "EUR", 3.4e9),
        ("Kazakh-Azerbaijani trade totaled 790 million manats in 2023.", "AZN", 790e6),
        ("Trade between Kazakhstan and Russia reached 2.3 trillion rubles in 2023.", "RUB", 2.3e12),
        ("Trade between Kazakhstan and China amounted to 200 billion yuan in 2023.", "CNY", 200e9),
        ("Trade between Kazakhstan and Spain reached €900 million in 2023.", "EUR", 900e6),
    ];
    for (s, cur, v) in cases {
        let c = figure(s);
        assert_eq!(c.currency, cur, "{s}");
        assert_eq!(c.value, Some(v), "{s}");
        assert_eq!(c.value_usd(), None, "{s}");
        assert!(c.note.contains("not converted"), "{}", c.note);
    }
}

// ---------------------------------------------------------------------------- growth

#[test]
fn growth_wordings() {
    let cases = [
        ("In 2023, trade between Kazakhstan and Hungary grew by 35% to $400 million.", 35.0),
        ("In 2023, Kazakhstan and Hungary saw a 35% increase in trade, which reached $400 million.", 35.0),
        ("Trade between Kazakhstan and Hungary rose 35 percent in 2023 to $400 million.", 35.0),
        ("In 2023, trade between Kazakhstan and Hungary grew 1.5 times, reaching $400 million.", 50.0),
        ("In 2023, trade between Kazakhstan and Hungary increased 2-fold and amounted to $400 million.", 100.0),
        ("In 2023, trade between Kazakhstan and Hungary fell by 5% to $400 million.", -5.0),
        ("In 2023, trade between Kazakhstan and Hungary decreased by 5.5% and amounted to $400 million.", -5.5),
        ("In 2023, trade between Kazakhstan and Hungary amounted to $400 million, increasing for 23%.", 23.0),
        ("In 2023, trade between Kazakhstan and Hungary amounted to $400 million, up 8.2% year-on-year.", 8.2),
        ("In 2023, trade between Kazakhstan and Hungary doubled to $400 million.", 100.0),
        ("In 2023, trade between Kazakhstan and Hungary declined by 12 per cent to $400 million.", -12.0),
    ];
    for (s, g) in cases {
        let c = figure(s);
        check(
            &c,
            "KZ-HU",
            "turnover",
            "2023",
            Some(400e6),
            Some(g),
            Bound::Exact,
        );
    }
}

#[test]
fn growth_without_a_level_is_a_figure() {
    let c = figure(
        "Trade between Kazakhstan and Uzbekistan grew by 18% in the first quarter of this year.",
    );
    check(
        &c,
        "KZ-UZ",
        "turnover",
        "2024-01/2024-03",
        None,
        Some(18.0),
        Bound::Exact,
    );
    assert!(c.note.contains("growth only"));
}

#[test]
fn shares_are_not_growth() {
    let c = figure("In 2023, trade between Kazakhstan and China reached $31 billion, or 22% of Kazakhstan's total trade.");
    assert_eq!(c.growth_pct, None);
}

// ---------------------------------------------------------------------------- periods

#[test]
fn periods_resolve_against_the_publication_date() {
    let p = |s: &str| figure(s).period.map(|p| p.to_string()).unwrap_or_default();
    assert_eq!(
        p("Last year, trade between Kazakhstan and Japan reached $2.1 billion."),
        "2023"
    );
    assert_eq!(
        p("This year, trade between Kazakhstan and Japan has reached $900 million."),
        "2024-part"
    );
    assert_eq!(
        p("In 2022, trade between Kazakhstan and Japan reached $2.1 billion."),
        "2022"
    );
    assert_eq!(
        p("In January-March, trade between Kazakhstan and Japan reached $500 million."),
        "2024-01/2024-03"
    );
    assert_eq!(
        p("In January-November 2023, trade between Kazakhstan and Japan reached $2 billion."),
        "2023-01/2023-11"
    );
    assert_eq!(p("In the first ten months of 2023, trade between Kazakhstan and Japan reached $1.8 billion."), "2023-01/2023-10");
    assert_eq!(p("Over the first four months of this year, trade between Kazakhstan and Japan totaled $700 million."), "2024-01/2024-04");
    assert_eq!(
        p("In the first half of 2023, trade between Kazakhstan and Japan amounted to $1 billion."),
        "2023-01/2023-06"
    );
    assert_eq!(
        p("In Q1 2024, trade between Kazakhstan and Japan amounted to $480 million."),
        "2024-01/2024-03"
    );
    assert_eq!(
        p("In the first quarter of 2024, trade between Kazakhstan and Japan was $480 million."),
        "2024-01/2024-03"
    );
    assert_eq!(
        p("In the nine months of 2023, trade between Kazakhstan and Japan reached $1.5 billion."),
        "2023-01/2023-09"
    );
    assert_eq!(
        p("In March 2024, trade between Kazakhstan and Japan reached $160 million."),
        "2024-03/2024-03"
    );
}

#[test]
fn comparison_bases_are_not_the_period() {
    let c = figure("In January-April this year, trade between Kazakhstan and Japan reached $700 million, up 9% compared to the same period last year.");
    check(
        &c,
        "KZ-JP",
        "turnover",
        "2024-01/2024-04",
        Some(700e6),
        Some(9.0),
        Bound::Exact,
    );
}

#[test]
fn period_carries_to_the_next_sentence_of_the_paragraph() {
    let x = dated("In 2023, trade between Kazakhstan and Japan reached $2.1 billion. Exports amounted to $1.5 billion.");
    assert_eq!(x.figures.len(), 2, "{:#?}", x.figures);
    check(
        &x.figures[1],
        "KZ-JP",
        "exports",
        "2023",
        Some(1.5e9),
        None,
        Bound::Exact,
    );
}

#[test]
fn undated_articles_infer_the_year_or_leave_periods_open() {
    let x = extract(
        "Trade between Kazakhstan and Egypt reached $200 million in 2022. This year trade has already grown by 30%.",
        "undated.txt",
    );
    assert_eq!(x.published, None);
    assert_eq!(x.reference_year, Some(2022));
    assert!(x.date_note.contains("inferred"), "{}", x.date_note);
    assert_eq!(x.figures[1].period.unwrap().to_string(), "2022-part");

    let x = extract(
        "Last year, trade between Kazakhstan and Egypt reached $200 million.",
        "undated.txt",
    );
    assert_eq!(x.reference_year, None);
    assert_eq!(x.figures.len(), 1);
    assert_eq!(x.figures[0].period, None);
    assert!(
        x.figures[0].note.contains("unresolved"),
        "{}",
        x.figures[0].note
    );

    let x = extract(
        "Kazakhstan, Egypt discuss trade\nTashkent, 17 March 2024\nLast year, trade between Kazakhstan and Egypt reached $200 million.",
        "dateline.txt",
    );
    assert_eq!(x.published.unwrap().to_string(), "2024-03-17");
    assert_eq!(x.figures[0].period.unwrap().to_string(), "2023");
}

// ---------------------------------------------------------------------------- bounds

#[test]
fn bounds_from_wording() {
    let b = |w: &str| {
        figure(&format!(
            "In 2023, trade between Kazakhstan and Belarus {w} $1 billion."
        ))
        .bound
    };
    for w in [
        "exceeded",
        "was over",
        "amounted to more than",
        "surpassed",
        "topped",
        "reached over",
    ] {
        assert_eq!(b(w), Bound::AtLeast, "{w}");
    }
    for w in [
        "reached almost",
        "was nearly",
        "amounted to up to",
        "was under",
        "stood at just under",
    ] {
        assert_eq!(b(w), Bound::AtMost, "{w}");
    }
    for w in [
        "was about",
        "amounted to around",
        "reached approximately",
        "totaled some",
        "was roughly",
    ] {
        assert_eq!(b(w), Bound::Approx, "{w}");
    }
    for w in ["amounted to", "reached", "totaled", "stood at", "was"] {
        assert_eq!(b(w), Bound::Exact, "{w}");
    }
}

// ---------------------------------------------------------------------------- countries and direction

#[test]
fn countries_by_name_and_adjective() {
    let pair = |s: &str| figure(s).pair.to_string();
    assert_eq!(
        pair("In 2023, Kazakh-Chinese trade reached $41 billion."),
        "KZ-CN"
    );
    assert_eq!(
        pair("In 2023, trade between Kazakhstan and the European Union reached $48 billion."),
        "KZ-EU"
    );
    assert_eq!(
        pair("In 2023, Kazakhstan's trade with the EU reached $48 billion."),
        "KZ-EU"
    );
    assert_eq!(
        pair("In 2023, Kazakh-European trade reached $48 billion."),
        "KZ-EU"
    );
    assert_eq!(
        pair("In 2023, Kazakh-Uzbek trade reached $4.4 billion."),
        "KZ-UZ"
    );
    assert_eq!(
        pair("In 2023, Kazakh-Azerbaijani trade reached $500 million."),
        "KZ-AZ"
    );
    assert_eq!(
        pair("In 2023, trade between Kazakhstan and Türkiye reached $6.4 billion."),
        "KZ-TR"
    );
    assert_eq!(
        pair("In 2023, Kazakh-Turkish trade reached $6.4 billion."),
        "KZ-TR"
    );
    assert_eq!(
        pair("In 2023, trade between Kazakhstan and Turkey reached $6.4 billion."),
        "KZ-TR"
    );
    assert_eq!(
        pair("In 2023, Kazakh-Russian trade reached $27 billion."),
        "KZ-RU"
    );
    assert_eq!(
        pair("In 2023, Kazakhstan's trade with the Netherlands reached $9 billion."),
        "KZ-NL"
    );
    assert_eq!(
        pair("In 2023, Kazakhstan's trade with the United Arab Emirates reached $1.1 billion."),
        "KZ-AE"
    );
    assert_eq!(
        pair("In 2023, Kazakhstan's trade with the U.S. reached $3.2 billion."),
        "KZ-US"
    );
}

#[test]
fn host_country_is_the_default_reporter() {
    // An Uzbek article: Uzbekistan is named most; it reports.
    let x = dated(
        "Uzbekistan and Pakistan discuss cooperation\nThe President of Uzbekistan received the Pakistani delegation in Tashkent. \
         Uzbekistan is ready to expand cooperation. Last year, bilateral trade grew by 20% to $400 million.",
    );
    assert_eq!(x.host.unwrap().to_string(), "UZ");
    check(
        &x.figures[0],
        "UZ-PK",
        "turnover",
        "2023",
        Some(400e6),
        Some(20.0),
        Bound::Exact,
    );
}

#[test]
fn exports_and_imports_direction() {
    let c = figure("In 2023, Kazakhstan's exports to China amounted to $15 billion.");
    check(
        &c,
        "KZ-CN",
        "exports",
        "2023",
        Some(15e9),
        None,
        Bound::Exact,
    );
    let c = figure("In 2023, exports from Kazakhstan to Italy reached $10 billion.");
    check(
        &c,
        "KZ-IT",
        "exports",
        "2023",
        Some(10e9),
        None,
        Bound::Exact,
    );
    let c = figure("In 2023, Kazakh imports from Russia totaled $17 billion.");
    check(
        &c,
        "KZ-RU",
        "imports",
        "2023",
        Some(17e9),
        None,
        Bound::Exact,
    );
    let c = figure("In 2023, imports from Korea to Kazakhstan amounted to $4 billion.");
    check(
        &c,
        "KZ-KR",
        "imports",
        "2023",
        Some(4e9),
        None,
        Bound::Exact,
    );
    let c = figure("In 2023, China's imports from Kazakhstan rose by 12% to $16 billion.");
    check(
        &c,
        "CN-KZ",
        "imports",
        "2023",
        Some(16e9),
        Some(12.0),
        Bound::Exact,
    );
}

#[test]
fn components_in_one_sentence() {
    let x = dated(
        "In 2023, trade between Kazakhstan and Türkiye amounted to $6.4 billion, up 7.1%: exports reached $4.5 billion and imports $1.9 billion.",
    );
    assert_eq!(x.figures.len(), 3, "{:#?}", x.figures);
    check(
        &x.figures[0],
        "KZ-TR",
        "turnover",
        "2023",
        Some(6.4e9),
        Some(7.1),
        Bound::Exact,
    );
    check(
        &x.figures[1],
        "KZ-TR",
        "exports",
        "2023",
        Some(4.5e9),
        None,
        Bound::Exact,
    );
    check(
        &x.figures[2],
        "KZ-TR",
        "imports",
        "2023",
        Some(1.9e9),
        None,
        Bound::Exact,
    );
}

#[test]
fn partner_from_context() {
    let x = dated(
        "Kazakhstan and Hungary discussed cooperation in Budapest.\n\nThe ministers noted the growth of trade. \
         Last year, mutual trade grew by 20% to $500 million.",
    );
    check(
        &x.figures[0],
        "KZ-HU",
        "turnover",
        "2023",
        Some(500e6),
        Some(20.0),
        Bound::Exact,
    );
    assert!(x.figures[0].note.contains("earlier sentence"));

    let x = dated(
        "Kazakhstan, Qatar eye closer ties\nThe trade turnover reached $120 million last year.",
    );
    check(
        &x.figures[0],
        "KZ-QA",
        "turnover",
        "2023",
        Some(120e6),
        None,
        Bound::Exact,
    );
}

// ---------------------------------------------------------------------------- targets

#[test]
fn targets_with_and_without_deadlines() {
    let t =
        target("Kazakhstan and Malaysia agreed to increase mutual trade to $1 billion by 2030.");
    assert_eq!(
        (t.pair.to_string(), t.value_usd(), t.deadline),
        ("KZ-MY".to_string(), Some(1e9), Some(2030))
    );
    let t = target("Kazakhstan and Oman plan to bring the trade turnover up to $500 million.");
    assert_eq!(
        (t.pair.to_string(), t.value_usd(), t.deadline),
        ("KZ-OM".to_string(), Some(500e6), None)
    );
    let t =
        target("Kazakhstan and Serbia aim to reach $1 billion in trade in the next five years.");
    assert_eq!(
        (t.pair.to_string(), t.value_usd(), t.deadline),
        ("KZ-RS".to_string(), Some(1e9), Some(2029))
    );
    let t = target("The presidents set the goal of raising trade between Kazakhstan and Japan to $5 billion by 2030.");
    assert_eq!(
        (t.pair.to_string(), t.value_usd(), t.deadline),
        ("KZ-JP".to_string(), Some(5e9), Some(2030))
    );
    let t = target("Kazakhstan and Georgia intend to double trade turnover to $2 billion by 2027.");
    assert_eq!(
        (t.pair.to_string(), t.value_usd(), t.deadline),
        ("KZ-GE".to_string(), Some(2e9), Some(2027))
    );
}

#[test]
fn a_level_and_a_target_in_one_sentence() {
    let x = dated("Last year trade between Kazakhstan and Brazil reached $300 million, and the sides aim to bring it to $1 billion by 2030.");
    assert_eq!(x.figures.len(), 1, "{:#?}", x);
    assert_eq!(x.targets.len(), 1, "{:#?}", x);
    check(
        &x.figures[0],
        "KZ-BR",
        "turnover",
        "2023",
        Some(300e6),
        None,
        Bound::Exact,
    );
    assert_eq!(x.targets[0].value_usd(), Some(1e9));
    assert_eq!(x.targets[0].deadline, Some(2030));
}

// ---------------------------------------------------------------------------- what is not a trade row

#[test]
fn investment_projects_jobs_and_companies_are_not_trade() {
    nothing(
        "Last year Kazakhstan attracted $2 billion of Korean investment.",
        "investment",
    );
    nothing("Trade and investment ties are growing: Japanese companies have invested $8 billion in Kazakhstan since 2005.", "invest");
    nothing(
        "The countries are implementing 40 joint projects worth $3 billion, creating 5,000 jobs.",
        "project",
    );
    nothing(
        "Kazakhstan and Qatar signed agreements worth $5 billion.",
        "agreements",
    );
    nothing(
        "The bank opened a $500 million credit line for Kazakh exporters.",
        "financing",
    );
    // No money at all: nothing read, nothing emitted.
    let x = dated("More than 1,200 companies with Turkish capital operate in Kazakhstan, employing 20,000 people.");
    assert!(x.figures.is_empty() && x.targets.is_empty());
}

#[test]
fn product_level_figures_are_not_the_pairs_trade() {
    nothing(
        "In 2023, Kazakh wheat exports to China grew by 30% to $400 million.",
        "product",
    );
    nothing(
        "In 2023, Kazakhstan's exports of oil to Italy reached $8 billion.",
        "product",
    );
    nothing("In 2023, trade in agricultural products between Kazakhstan and Russia reached $2.5 billion.", "product");
    let x = dated("In 2023, Kazakhstan's meat exports to China grew by 40%.");
    assert!(x.figures.is_empty(), "{:#?}", x.figures);
}

#[test]
fn regional_and_country_totals_are_not_pairs() {
    nothing(
        "In 2023, Kazakhstan's trade with Central Asian countries reached $10 billion.",
        "regional",
    );
    nothing(
        "In 2023, Kazakhstan's foreign trade turnover reached $139 billion.",
        "regional",
    );
    nothing(
        "Trade within the EAEU reached $90 billion in 2023.",
        "regional",
    );
}

#[test]
fn forecasts_and_offers_are_not_observations() {
    nothing(
        "Trade between Kazakhstan and China is expected to reach $45 billion this year.",
        "forecast",
    );
    nothing(
        "Trade between Kazakhstan and Kyrgyzstan could exceed $3 billion next year.",
        "forecast",
    );
    nothing(
        "Kazakhstan expressed readiness to increase supplies to Tajikistan by $300 million on 70 commodity items.",
        "offer",
    );
    nothing(
        "Kazakhstan sees potential to raise exports to Afghanistan by $1 billion.",
        "offer",
    );
}

#[test]
fn cumulative_totals_are_not_annual() {
    nothing(
        "Since 1992, trade between Kazakhstan and France has totaled $50 billion.",
        "cumulative",
    );
}

#[test]
fn visa_days_and_percent_shares_are_not_read_as_money() {
    let x = dated("Citizens may stay up to 30 days. China accounts for 20% of Kazakhstan's trade.");
    assert!(x.figures.is_empty(), "{:#?}", x.figures);
}

// ---------------------------------------------------------------------------- harder sentences

#[test]
fn earlier_values_compared_with_get_their_own_period() {
    let x = dated("In 2023, trade between Kazakhstan and Korea reached $6.8 billion, up from $6.1 billion in 2022.");
    assert_eq!(x.figures.len(), 2, "{:#?}", x.figures);
    check(
        &x.figures[0],
        "KZ-KR",
        "turnover",
        "2023",
        Some(6.8e9),
        None,
        Bound::Exact,
    );
    check(
        &x.figures[1],
        "KZ-KR",
        "turnover",
        "2022",
        Some(6.1e9),
        None,
        Bound::Exact,
    );

    let x = dated("Trade between Kazakhstan and Korea increased from $6.1 billion in 2022 to $6.8 billion in 2023.");
    assert_eq!(x.figures.len(), 2, "{:#?}", x.figures);
    check(
        &x.figures[0],
        "KZ-KR",
        "turnover",
        "2022",
        Some(6.1e9),
        None,
        Bound::Exact,
    );
    check(
        &x.figures[1],
        "KZ-KR",
        "turnover",
        "2023",
        Some(6.8e9),
        None,
        Bound::Exact,
    );

    let x = dated("In January-March, trade between Kazakhstan and Korea rose by 11% to $1.7 billion against $1.53 billion a year earlier.");
    assert_eq!(x.figures.len(), 2, "{:#?}", x.figures);
    check(
        &x.figures[0],
        "KZ-KR",
        "turnover",
        "2024-01/2024-03",
        Some(1.7e9),
        Some(11.0),
        Bound::Exact,
    );
    check(
        &x.figures[1],
        "KZ-KR",
        "turnover",
        "2023-01/2023-03",
        Some(1.53e9),
        None,
        Bound::Exact,
    );
}

#[test]
fn reported_levels_reached_by_growth_are_not_targets() {
    let c = figure("In 2023, trade between Kazakhstan and Iran grew by 15% to reach $600 million.");
    check(
        &c,
        "KZ-IR",
        "turnover",
        "2023",
        Some(600e6),
        Some(15.0),
        Bound::Exact,
    );
    let c = figure("Trade between Kazakhstan and China in 2023 amounted to $41 billion, which is 32% more than in 2022.");
    check(
        &c,
        "KZ-CN",
        "turnover",
        "2023",
        Some(41e9),
        Some(32.0),
        Bound::Exact,
    );
    let c = figure("In 2023, trade between Kazakhstan and Iran reached $600 million, a 15% year-on-year increase.");
    assert_eq!(c.growth_pct, Some(15.0));
    let c = figure("In 2023, trade between Kazakhstan and Iran showed an increase of 15%, reaching $600 million.");
    assert_eq!(c.growth_pct, Some(15.0));
}

#[test]
fn growth_against_an_older_year_is_not_year_on_year() {
    let c = figure(
        "In 2023, trade between Kazakhstan and Iran reached $600 million, 40% more than in 2019.",
    );
    assert_eq!(c.growth_pct, None, "{c:?}");
    assert!(c.note.contains("2019"), "{}", c.note);
}

#[test]
fn multi_year_growth_is_not_annual() {
    let x = dated("Over the past five years, trade between Kazakhstan and India has doubled.");
    assert!(x.figures.is_empty(), "{:#?}", x.figures);
}

#[test]
fn trade_balance_and_prices_are_not_flows() {
    nothing(
        "In 2023, Kazakhstan's trade surplus with Italy reached $12 billion.",
        "balance",
    );
    nothing(
        "In 2023, Kazakh wheat was sold to Iran at $250 per ton.",
        "price",
    );
}

#[test]
fn a_headline_repeating_the_body_gives_one_row() {
    let x = dated(
        "Kazakhstan-China trade hits $41bn\nIn 2023, trade between Kazakhstan and China reached $41.2 billion, the highest ever.",
    );
    assert_eq!(x.figures.len(), 1, "{:#?}", x.figures);
    assert_eq!(x.figures[0].value_usd(), Some(41.2e9));
}

#[test]
fn two_partners_in_one_sentence() {
    let x = dated(
        "In 2023, Kazakhstan's trade with Russia reached $27 billion and with China $31 billion.",
    );
    assert_eq!(x.figures.len(), 2, "{:#?}", x.figures);
    check(
        &x.figures[0],
        "KZ-RU",
        "turnover",
        "2023",
        Some(27e9),
        None,
        Bound::Exact,
    );
    check(
        &x.figures[1],
        "KZ-CN",
        "turnover",
        "2023",
        Some(31e9),
        None,
        Bound::Exact,
    );
}

#[test]
fn rates_for_exports_and_imports_stand_alone() {
    let x = dated("ASTANA - Kazakhstan and Latvia held talks. Last year, exports to Latvia increased by 12%, while imports fell by 3%.");
    assert_eq!(x.figures.len(), 2, "{:#?}", x.figures);
    check(
        &x.figures[0],
        "KZ-LV",
        "exports",
        "2023",
        None,
        Some(12.0),
        Bound::Exact,
    );
    check(
        &x.figures[1],
        "KZ-LV",
        "imports",
        "2023",
        None,
        Some(-3.0),
        Bound::Exact,
    );
}

#[test]
fn coordinated_possessive_names_the_pair() {
    let c = figure("Kazakhstan and China's trade volume reached $41 billion in 2023.");
    check(
        &c,
        "KZ-CN",
        "turnover",
        "2023",
        Some(41e9),
        None,
        Bound::Exact,
    );
}

#[test]
fn the_previous_sentence_introduces_the_partner() {
    let x = dated(
        "In 2023, Kazakhstan's trade with Russia declined by 1.8 percent to 27.2 billion U.S. dollars. \
         The EU is Kazakhstan's largest trading partner, accounting for about 30% of its foreign trade. \
         In 2023, trade reached $48 billion.",
    );
    assert_eq!(x.figures.len(), 2, "{:#?}", x.figures);
    check(
        &x.figures[0],
        "KZ-RU",
        "turnover",
        "2023",
        Some(27.2e9),
        Some(-1.8),
        Bound::Exact,
    );
    check(
        &x.figures[1],
        "KZ-EU",
        "turnover",
        "2023",
        Some(48e9),
        None,
        Bound::Exact,
    );
}

#[test]
fn quoted_speech_and_deadlines_at_year_end() {
    let c = figure("ASTANA - \u{201C}Last year our trade turnover with Korea reached $1 billion,\u{201D} the minister said.");
    check(
        &c,
        "KZ-KR",
        "turnover",
        "2023",
        Some(1e9),
        None,
        Bound::Exact,
    );
    let t = target("The parties aim to bring trade between Kazakhstan and Qatar to $1 billion by the end of the year.");
    assert_eq!(t.deadline, Some(2024));
    assert_eq!(t.pair.to_string(), "KZ-QA");
}

#[test]
fn the_host_countrys_own_totals_are_not_pairs() {
    let x = dated(
        "ASTANA - Kazakhstan and China discussed trade. In 2023, Kazakhstan's exports amounted to $78.7 billion, up 6%.",
    );
    assert!(x.figures.is_empty(), "{:#?}", x.figures);
    assert!(
        x.ignored.iter().any(|i| i.reason.contains("own trade")),
        "{:#?}",
        x.ignored
    );
}

#[test]
fn counts_shares_and_physical_volumes_are_not_trade_rows() {
    let x = dated("The number of Kazakh companies exporting to China increased by 20% in 2023.");
    assert!(x.figures.is_empty(), "{:#?}", x.figures);
    let x = dated(
        "In 2023, trade between Kazakhstan and China reached $41 billion, and the share of processed goods in exports increased by 5%.",
    );
    assert_eq!(x.figures.len(), 1, "{:#?}", x.figures);
    nothing(
        "In 2023, Kazakhstan exported 12 million tons of grain worth $2.4 billion to Uzbekistan.",
        "product",
    );
    let c = figure(
        "In 2023, Kazakhstan's exports to China, mainly oil and metals, reached $15 billion.",
    );
    check(
        &c,
        "KZ-CN",
        "exports",
        "2023",
        Some(15e9),
        None,
        Bound::Exact,
    );
    let c = figure("In 2023, the growth rate of trade between Kazakhstan and China was 12%, and trade reached $41 billion.");
    assert_eq!(c.value_usd(), Some(41e9));
}

#[test]
fn dates_in_several_spellings() {
    for (head, date) in [
        ("15.03.2024 10:15", "2024-03-15"),
        ("2024/03/15", "2024-03-15"),
        ("Mar 15, 2024", "2024-03-15"),
        ("15 March 2024, 09:00", "2024-03-15"),
        ("Published: March 15, 2024", "2024-03-15"),
    ] {
        let x = extract(
            &format!("Kazakhstan and Japan\n{head}\nLast year, trade between Kazakhstan and Japan reached $2 billion."),
            "d.txt",
        );
        assert_eq!(
            x.published.map(|d| d.to_string()).as_deref(),
            Some(date),
            "{head}"
        );
        assert_eq!(x.figures[0].period.unwrap().to_string(), "2023", "{head}");
    }
}

#[test]
fn months_without_a_year_take_the_sentences_year_or_the_last_reported_one() {
    let c = figure(
        "In 2023, trade between Kazakhstan and Japan for January-November amounted to $2 billion.",
    );
    assert_eq!(c.period.unwrap().to_string(), "2023-01/2023-11");
    // Published 10 May 2024: January-October can only be last year's.
    let c = figure("In January-October, trade between Kazakhstan and Japan reached $1.8 billion.");
    assert_eq!(c.period.unwrap().to_string(), "2023-01/2023-10");
    assert!(c.note.contains("previous year"), "{}", c.note);
    let c = figure("In January-April, trade between Kazakhstan and Japan reached $700 million.");
    assert_eq!(c.period.unwrap().to_string(), "2024-01/2024-04");
}

#[test]
fn plans_contracts_and_company_turnover_are_not_trade_rows() {
    nothing(
        "Kazakhstan plans to export $1 billion worth of products to China.",
        "plan",
    );
    nothing(
        "The trade mission signed export contracts with Korean buyers worth $300 million.",
        "contracts",
    );
    nothing(
        "In 2023, the turnover of the Khorgos free economic zone with China reached $2 billion.",
        "zone",
    );
    let c = figure("In 2023, the turnover of Kazakhstan and China reached $41 billion.");
    assert_eq!(c.pair.to_string(), "KZ-CN");
}

#[test]
fn a_regional_total_before_its_parts() {
    let x = dated(
        "In 2023, Kazakhstan's trade with Central Asian countries amounted to $9 billion, of which trade with Uzbekistan made up $4.4 billion.",
    );
    assert_eq!(x.figures.len(), 1, "{:#?}", x.figures);
    check(
        &x.figures[0],
        "KZ-UZ",
        "turnover",
        "2023",
        Some(4.4e9),
        None,
        Bound::Exact,
    );
}

#[test]
fn a_region_as_description_does_not_hide_the_pair() {
    let c = figure("In 2023, Kazakhstan and Uzbekistan, the largest economies in the region, saw their trade reach $4.4 billion.");
    check(
        &c,
        "KZ-UZ",
        "turnover",
        "2023",
        Some(4.4e9),
        None,
        Bound::Exact,
    );
}

#[test]
fn years_of_plans_are_not_the_articles_year() {
    let x = extract(
        "Trade between Kazakhstan and Egypt reached $200 million in 2022. The sides plan to bring trade to $1 billion in 2030.",
        "undated.txt",
    );
    assert_eq!(x.reference_year, Some(2022), "{}", x.date_note);
    assert_eq!(x.targets.len(), 1);
    assert_eq!(x.targets[0].deadline, Some(2030));
}
