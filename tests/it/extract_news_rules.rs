//! The rules added to read real news (issue #15), one kind at a time, on sentences made up
//! for this test (not taken from the seeds or the shared corpus): lists of partners,
//! regions and currencies that are not partners, targets against forecasts, goals that
//! follow a figure, components without a currency, compound amounts, partial scope, "X is
//! Y's partner", other dollars, and undated pages.

use tradecast::extract::{extract, Extraction};

/// An article dated 2024-05-10 with the given body.
fn dated(body: &str) -> Extraction {
    extract(&format!("date: 2024-05-10\n\n{body}"), "test.txt")
}

/// Figures as "PAIR flow value", targets as "target PAIR flow value".
fn rows(x: &Extraction) -> Vec<String> {
    let mut out: Vec<String> = x
        .figures
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f.pair,
                f.flow,
                f.value_usd().map_or("-".to_string(), |v| format!("{v}"))
            )
        })
        .collect();
    out.extend(x.targets.iter().map(|t| {
        format!(
            "target {} {} {}",
            t.pair,
            t.flow,
            t.value_usd().map_or("-".to_string(), |v| format!("{v}"))
        )
    }));
    out
}

fn reasons(x: &Extraction) -> Vec<String> {
    x.ignored.iter().map(|i| i.reason.clone()).collect()
}

// --- Lists of partners with amounts -----------------------------------------------------

#[test]
fn each_amount_of_a_list_goes_to_the_country_before_it() {
    let x = dated(
        "Armenia's trade grew in 2023. Armenia's largest trading partners last year were \
         Iran ($700 million) and Georgia ($1 billion 120 million).",
    );
    assert_eq!(
        rows(&x),
        ["AM-IR turnover 700000000", "AM-GE turnover 1120000000"]
    );
}

#[test]
fn a_list_with_the_currency_written_once() {
    let x = dated(
        "Serbia's trade with the EU members grew. Among Serbia's trading partners, Germany is \
         first with 3 billion dollars, Italy - 1.5 billion, Hungary - 900 million.",
    );
    assert_eq!(
        rows(&x),
        [
            "RS-DE turnover 3000000000",
            "RS-IT turnover 1500000000",
            "RS-HU turnover 900000000"
        ]
    );
}

#[test]
fn a_list_of_partners_with_no_trade_word() {
    let x = dated(
        "Among the partners of Serbia, Germany is first with 3 billion dollars, Italy - 1.5 \
         billion.",
    );
    assert_eq!(
        rows(&x),
        ["RS-DE turnover 3000000000", "RS-IT turnover 1500000000"]
    );
    // Partners with amounts of something else named are not trade.
    let y = dated("Serbia's investment partners were Germany ($3 billion) and Italy ($1 billion).");
    assert!(y.figures.is_empty(), "{:?}", rows(&y));
}

#[test]
fn a_list_of_export_destinations() {
    let x = dated(
        "In 2023, Chile's exports went mainly to Peru ($5 billion) and Bolivia ($4 billion).",
    );
    assert_eq!(
        rows(&x),
        ["CL-PE exports 5000000000", "CL-BO exports 4000000000"]
    );
    // The exporter written before its amount is not a partner of a list.
    let y = dated(
        "Trade between Chile and Peru reached $9 billion in 2023 (exports from Chile - $5 \
         billion, imports to Chile - $4 billion).",
    );
    assert_eq!(
        rows(&y),
        [
            "CL-PE turnover 9000000000",
            "CL-PE exports 5000000000",
            "CL-PE imports 4000000000"
        ]
    );
}

#[test]
fn a_pair_named_between_two_countries_is_not_a_list() {
    let x = dated(
        "Kazakhstan watches its neighbours. Trade between China and Russia, $240 billion in \
         2023, keeps growing.",
    );
    assert_eq!(rows(&x), ["CN-RU turnover 240000000000"]);
}

// --- Regions and currencies that are not partners ---------------------------------------

#[test]
fn european_countries_are_a_region_not_the_eu() {
    let x = dated("Chile's trade with European countries reached $20 billion in 2023.");
    assert!(x.figures.is_empty(), "{:#?}", x.figures);
}

#[test]
fn blocs_and_regions_are_not_pairs() {
    for body in [
        "Chile's trade with Mercosur reached $20 billion in 2023.",
        "Chile's trade with Southeast Asian countries reached $20 billion in 2023.",
        "Trade between Chile and Europe reached $20 billion in 2023.",
    ] {
        let x = dated(body);
        assert!(x.figures.is_empty(), "{body}: {:?}", rows(&x));
    }
    // The European Union is a party.
    let x = dated("Chile's trade with the European Union reached $20 billion in 2023.");
    assert_eq!(rows(&x), ["CL-EU turnover 20000000000"]);
}

#[test]
fn south_africa_is_a_country_not_a_region() {
    let x = dated("In 2023, Ghana's exports to South Africa were about $80 million.");
    assert_eq!(rows(&x), ["GH-ZA exports 80000000"]);
}

#[test]
fn us_dollars_and_us_currency_are_not_the_united_states() {
    let x = dated(
        "Trade between Kenya and Uganda reached 1.2 billion US dollars in 2023, paid partly in \
         US currency.",
    );
    assert_eq!(x.figures.len(), 1, "{:#?}", x.figures);
    let p = x.figures[0].pair.to_string();
    assert!(p == "KE-UG" || p == "UG-KE", "{p}");
}

// --- Targets against forecasts ----------------------------------------------------------

#[test]
fn a_goal_named_after_its_amount_is_a_target() {
    for body in [
        "Peru and Chile are set to reach their $8 billion trade target by 2027.",
        "Trade between Peru and Chile will cross the $8 billion target before the 2030 deadline.",
        "Peru and Chile reaffirmed the $8-billion-by-2030 trade target.",
    ] {
        let x = dated(body);
        assert_eq!(rows(&x).len(), 1, "{body}: {:?}", rows(&x));
        assert!(rows(&x)[0].starts_with("target "), "{body}: {:?}", rows(&x));
        assert!(
            rows(&x)[0].ends_with(" 8000000000"),
            "{body}: {:?}",
            rows(&x)
        );
    }
}

#[test]
fn new_goals_are_targets() {
    for body in [
        "Peru and Chile set a new target of $12 billion in bilateral trade by 2030.",
        "Peru and Chile agreed to increase bilateral trade up to $12 billion.",
        "Peru's president expressed hope that trade with Chile will rise to $12 billion soon.",
    ] {
        let x = dated(body);
        assert_eq!(x.targets.len(), 1, "{body}: {:#?}", x);
        assert_eq!(x.targets[0].value_usd(), Some(12e9), "{body}");
        assert!(x.figures.is_empty(), "{body}: {:#?}", x.figures);
    }
}

#[test]
fn forecasts_are_neither_levels_nor_targets() {
    for body in [
        "Trade between Peru and Chile could reach $9 billion this year.",
        "The two countries expect trade between Peru and Chile to hit $9 billion this year.",
        "Trade between Peru and Chile is likely to reach $9 billion by the end of the year.",
        "Trade between Peru and Chile is set to reach $9 billion this year.",
        "Trade between Peru and Chile is on track to hit $9 billion in 2024.",
    ] {
        let x = dated(body);
        assert!(
            x.figures.is_empty() && x.targets.is_empty(),
            "{body}: {:?}",
            rows(&x)
        );
        assert!(
            reasons(&x).iter().any(|r| r.contains("forecast")),
            "{body}: {:?}",
            reasons(&x)
        );
    }
}

#[test]
fn from_level_to_goal_keeps_the_level() {
    let x = dated(
        "Peru's minister said the goal was to increase trade with Chile from $6 billion to the \
         level of $10 billion.",
    );
    assert_eq!(
        rows(&x),
        [
            "PE-CL turnover 6000000000",
            "target PE-CL turnover 10000000000"
        ]
    );
}

#[test]
fn a_goal_for_the_figure_just_given() {
    let x = dated(
        "Trade between Peru and Chile reached $4 billion in 2023. The sides committed to \
         increase the figure to $6 billion.",
    );
    assert_eq!(
        rows(&x),
        [
            "PE-CL turnover 4000000000",
            "target PE-CL turnover 6000000000"
        ]
    );
    let y = dated(
        "Trade between Peru and Chile reached $4 billion in 2023. The two presidents aim for \
         $6 billion by 2028.",
    );
    assert_eq!(y.targets.len(), 1, "{:#?}", y);
    assert_eq!(y.targets[0].deadline, Some(2028));
}

#[test]
fn the_same_index_refers_to_the_figure_before() {
    let x = dated(
        "Trade between Chile and Peru reached $4 billion in 2023. In 2022, the same index was \
         $3.5 billion.",
    );
    assert_eq!(
        rows(&x),
        ["CL-PE turnover 4000000000", "CL-PE turnover 3500000000"]
    );
    assert_eq!(x.figures[1].period.unwrap().to_string(), "2022");
    // With no figure before, "this figure" refers to nothing.
    let y = dated("In 2022, this figure was $3.5 billion, the minister of Chile said.");
    assert!(y.figures.is_empty(), "{:#?}", y.figures);
}

#[test]
fn direction_of_exports_and_the_imports_that_follow() {
    let x = dated(
        "Exports from Chile to Peru rose to $2 billion in 2023, while imports reached $1 billion.",
    );
    assert_eq!(
        rows(&x),
        ["CL-PE exports 2000000000", "CL-PE imports 1000000000"]
    );
}

#[test]
fn a_trade_balance_that_is_a_volume() {
    let x =
        dated("Trade balance between Chile and Peru reached $4.2 billion in 2023, down 3 percent.");
    assert_eq!(rows(&x), ["CL-PE turnover 4200000000"]);
    // A real balance: a surplus or a deficit is spoken of.
    let y = dated(
        "Trade balance between Chile and Peru reached $1.2 billion in Chile's favour in 2023.",
    );
    assert!(y.figures.is_empty(), "{:?}", rows(&y));
    let z = dated("Chile's trade surplus with Peru reached $1.2 billion in 2023.");
    assert!(z.figures.is_empty(), "{:?}", rows(&z));
}

// --- Components and amounts -------------------------------------------------------------

#[test]
fn a_component_without_a_currency_takes_the_sentences_currency() {
    let x = dated(
        "Trade between Peru and Chile reached $4.1 billion in 2023. Of this, Peru's exports \
         amounted to 2.5 billion, while imports to $1.6 billion.",
    );
    let r = rows(&x);
    assert!(r.contains(&"PE-CL exports 2500000000".to_string()), "{r:?}");
    assert!(r.contains(&"PE-CL imports 1600000000".to_string()), "{r:?}");
    let f = x.figures.iter().find(|f| f.value == Some(2.5e9)).unwrap();
    assert!(f.note.contains("no currency written"), "{}", f.note);
}

#[test]
fn a_flow_without_an_owner_takes_the_owner_named_earlier_in_the_sentence() {
    let x = dated(
        "Bolivia's exports to Peru totaled $180 million, while imports from Peru amounted to \
         $540 million.",
    );
    assert_eq!(
        rows(&x),
        ["BO-PE exports 180000000", "BO-PE imports 540000000"]
    );
    let y = dated(
        "In 2023, Chile's trade with Peru reached $4 billion, of which exports were $2.5 billion.",
    );
    assert_eq!(
        rows(&y),
        ["CL-PE turnover 4000000000", "CL-PE exports 2500000000"]
    );
}

#[test]
fn the_exporter_of_an_earlier_clause_reports_the_imports_that_follow() {
    let x = dated(
        "Exports from Peru to Chile fell 15% to $1.9 billion in 2023, while imports from Chile \
         dropped to $4.5 billion.",
    );
    assert_eq!(
        rows(&x),
        ["PE-CL exports 1900000000", "PE-CL imports 4500000000"]
    );
}

#[test]
fn a_goal_in_bilateral_trade_after_an_agreement() {
    let x = dated(
        "Peru and Chile signed a transit agreement and set a target of $2 billion in bilateral \
         trade.",
    );
    assert_eq!(x.targets.len(), 1, "{:#?}", x);
    assert_eq!(x.targets[0].value_usd(), Some(2e9));
}

#[test]
fn ranked_among_a_countrys_partners() {
    let x = dated(
        "Peru ranks third among Chile's trading partners with $4.4 billion, after China with \
         $26 billion and the United States with $25 billion.",
    );
    assert_eq!(
        rows(&x),
        [
            "CL-PE turnover 4400000000",
            "CL-CN turnover 26000000000",
            "CL-US turnover 25000000000"
        ]
    );
}

#[test]
fn imports_compared_to_exports_are_two_figures_of_one_period() {
    let x = dated(
        "In 2023, Peru bought far more from Chile than it sold, with $3 billion in imports \
         compared to $1 billion in exports.",
    );
    let r = rows(&x);
    assert!(r.contains(&"PE-CL imports 3000000000".to_string()), "{r:?}");
    assert!(r.contains(&"PE-CL exports 1000000000".to_string()), "{r:?}");
    assert!(x
        .figures
        .iter()
        .all(|f| f.period.unwrap().to_string() == "2023"));
    // The same flow compared with an earlier value: that is the year before.
    let y = dated("Peru's exports to Chile reached $3 billion in 2023, compared to $2 billion.");
    let earlier = y.figures.iter().find(|f| f.value == Some(2e9)).unwrap();
    assert_eq!(earlier.period.unwrap().to_string(), "2022");
}

#[test]
fn a_bare_number_of_tons_is_not_money() {
    let x = dated("Peru's exports to Chile reached $2 billion and 1.5 million tons in 2023.");
    assert_eq!(rows(&x), ["PE-CL exports 2000000000"]);
    // Nor a number before any flow word.
    let y = dated("Peru, with a population of 34 million, traded $2 billion with Chile in 2023.");
    assert_eq!(rows(&y), ["PE-CL turnover 2000000000"]);
}

#[test]
fn an_amount_in_a_flow_after_it() {
    let x = dated(
        "Trade between Peru and Chile exceeded $4 billion in 2023, with $2.4 billion in exports.",
    );
    let r = rows(&x);
    assert!(r.contains(&"PE-CL exports 2400000000".to_string()), "{r:?}");
}

#[test]
fn compound_amounts() {
    let x = dated("In 2023, trade between Peru and Chile amounted to $2 billion 487 million.");
    assert_eq!(rows(&x), ["PE-CL turnover 2487000000"]);
    let y = dated(
        "In 2023, trade between Peru and Chile amounted to 2 billion dollars 315 million 7 \
         thousand.",
    );
    assert_eq!(rows(&y), ["PE-CL turnover 2315007000"]);
}

#[test]
fn imports_of_foreign_goods_come_from_that_country() {
    let x = dated("Chile's imports of Peruvian goods rose by 12 percent to $1.5 billion in 2023.");
    assert_eq!(rows(&x), ["CL-PE imports 1500000000"]);
}

#[test]
fn other_dollars_are_not_us_dollars() {
    let x =
        dated("Brazil's exports to Chile reached US$ 10 billion (almost R$ 50 billion) in 2023.");
    assert_eq!(rows(&x), ["BR-CL exports 10000000000"]);
}

// --- Scope and parts --------------------------------------------------------------------

#[test]
fn partial_scope_is_not_the_pairs_total() {
    for body in [
        "Excluding gold, trade between Peru and Chile totalled $3 billion in 2023.",
        "Non-oil trade between Peru and Chile reached $3 billion in 2023.",
        "Peru's exports to Chile were $5 billion in 2023, while without copper they were $3 billion.",
    ] {
        let x = dated(body);
        assert!(
            !rows(&x).iter().any(|r| r.ends_with(" 3000000000")),
            "{body}: {:?}",
            rows(&x)
        );
        assert!(
            reasons(&x).iter().any(|r| r.contains("partial scope")),
            "{body}: {:?}",
            reasons(&x)
        );
    }
}

#[test]
fn a_commoditys_part_is_not_the_total_but_a_flows_part_is_a_component() {
    let x = dated(
        "Trade between Peru and Chile reached $9 billion in 2023, with copper accounting for \
         about $4 billion.",
    );
    assert_eq!(rows(&x), ["PE-CL turnover 9000000000"]);
    let y = dated(
        "Trade between Peru and Chile reached $9 billion in 2023, of which Peruvian exports \
         accounted for $4 billion.",
    );
    assert_eq!(
        rows(&y),
        ["PE-CL turnover 9000000000", "PE-CL exports 4000000000"]
    );
}

// --- Pairs from the wording -------------------------------------------------------------

#[test]
fn x_is_ys_main_partner_gives_the_pair() {
    let x = dated(
        "Chile was Peru's biggest trading partner in 2023, with mutual trade exceeding \
         $5 billion, while the US came second with trade of $3 billion.",
    );
    let r = rows(&x);
    assert!(
        r.contains(&"PE-CL turnover 5000000000".to_string()),
        "{r:?}"
    );
    let y = dated(
        "Chile is Peru's main trading partner. The trade turnover between the countries \
         exceeds $5 billion.",
    );
    assert_eq!(rows(&y), ["PE-CL turnover 5000000000"]);
}

#[test]
fn a_partner_named_by_description_is_the_one_before() {
    let x = dated(
        "Chile is a key market for Peru. Last year, Peru's exports totalled $3 billion to the \
         Andean country.",
    );
    assert_eq!(rows(&x), ["PE-CL exports 3000000000"]);
    // Without such a description, a country's own exports are its total, not a pair.
    let y =
        dated("Chile is a key market for Peru. Last year, Peru's exports totalled $60 billion.");
    assert!(y.figures.is_empty(), "{:#?}", y.figures);
}

#[test]
fn an_institutions_owner_is_not_the_flows_owner() {
    let x = dated(
        "According to Peru's Ministry of Trade, Chile exported $2 billion worth of goods to \
         Peru in 2023.",
    );
    assert_eq!(rows(&x), ["CL-PE exports 2000000000"]);
}

#[test]
fn a_figure_repeated_in_a_quote_is_one_row_per_sentence() {
    let x = dated(
        "Trade between Peru and Chile reached $4 billion in 2023, the minister said. \"Our \
         trade reached $4 billion in 2023,\" he told reporters in Lima, speaking of Peru and \
         Chile.",
    );
    assert_eq!(x.figures.len(), 2, "{:#?}", x.figures);
}

// --- Dates ------------------------------------------------------------------------------

#[test]
fn date_unknown_leaves_relative_periods_unresolved() {
    let x = extract(
        "url: https://example.org/news/1\ndate: unknown\n\nTrade between Peru and Chile \
         reached $4 billion last year, up from $3 billion in 2019.",
        "u.txt",
    );
    assert_eq!(x.published, None);
    assert_eq!(x.reference_year, None, "{}", x.date_note);
    assert!(x.date_note.contains("unknown"), "{}", x.date_note);
    let f = x.figures.iter().find(|f| f.value == Some(4e9)).unwrap();
    assert_eq!(f.period, None);
    assert!(f.note.contains("unresolved"), "{}", f.note);
    assert!(x.warnings.is_empty(), "{:?}", x.warnings);
}

#[test]
fn a_date_line_after_a_url_line_is_the_date() {
    let x = extract(
        "url: https://example.org/news/2\ndate: 2024-03-01\n\nTrade between Peru and Chile \
         reached $4 billion last year.",
        "d.txt",
    );
    assert_eq!(x.published.unwrap().to_string(), "2024-03-01");
    assert_eq!(x.figures[0].period.unwrap().to_string(), "2023");
}

#[test]
fn no_date_line_at_all_says_how_the_year_was_found() {
    let x = extract(
        "Trade between Peru and Chile reached $4 billion last year.",
        "n.txt",
    );
    assert_eq!(x.reference_year, None);
    assert_eq!(x.figures.len(), 1);
    assert_eq!(x.figures[0].period, None);
    assert!(
        x.figures[0].note.contains("unresolved"),
        "{}",
        x.figures[0].note
    );
}
