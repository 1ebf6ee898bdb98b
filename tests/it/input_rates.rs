//! Figures in other currencies (`amount` + `data/rates.csv`) and fiscal years across two
//! calendar years: loaded, converted, refused with the fix, and kept apart by reconciliation.

use tradecast::app::{self, Options};
use tradecast::input::{load, parse_dataset_with_rates, parse_observations};
use tradecast::obs::Period;
use tradecast::reconcile::reconcile;
use tradecast::Error;

const OBS_HEADER: &str =
    "id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note,reported_by,amount";
const TGT_HEADER: &str = "id,pair,flow,value_usd,currency,deadline,stated,source,quote,note";
const RATES_HEADER: &str = "currency,period,units_per_usd,published,source,quote";

fn all_problems(e: Error) -> String {
    match e {
        Error::Invalid(ps) => ps
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
        other => panic!("expected Error::Invalid, got {other}"),
    }
}

fn dataset(obs: &str, rates: &str) -> tradecast::Result<tradecast::input::Dataset> {
    let obs = format!("{OBS_HEADER}\n{obs}");
    let rates = format!("{RATES_HEADER}\n{rates}");
    parse_dataset_with_rates(
        ("observations.csv", obs.as_bytes()),
        ("targets.csv", format!("{TGT_HEADER}\n").as_bytes()),
        Some(("rates.csv", rates.as_bytes())),
    )
}

const RATES: &str = "\
EUR,2023,0.925,2024-01-05,ECB,https://www.ecb.europa.eu/stats/eurofxref/\n\
EUR,2022,0.95,2023-01-05,ECB,https://www.ecb.europa.eu/stats/eurofxref/\n\
AZN,2024-01/2024-06,1.7,2024-07-10,Central Bank of Azerbaijan,\"The official rate was 1.70 manat per dollar.\"\n";

#[test]
fn an_amount_in_euros_is_converted_at_its_periods_rate_and_keeps_both() {
    let d = dataset(
        "o1,KZ-EU,turnover,2023,,EUR,10,exact,2024-02-01,a.txt,\"Trade reached €37 billion.\",,,37000000000\n",
        RATES,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let o = &d.observations[0];
    let usd = o.value_usd.unwrap();
    assert!((usd - 37e9 / 0.925).abs() < 1.0, "{usd}");
    // +10% in euros, while the euro rose from 0.95 to 0.925 per dollar: more in dollars.
    let g = o.growth.unwrap();
    assert!((g - (1.1 * 0.95 / 0.925 - 1.0)).abs() < 1e-12, "{g}");
    let c = o.converted.as_ref().unwrap();
    assert_eq!((c.amount, c.rate.line), (Some(37e9), 2));
    assert_eq!(c.rate_year_earlier.as_ref().map(|r| r.line), Some(3));
    let series = reconcile(&d.observations);
    let notes = series[0].notes.join("\n");
    assert!(
        notes.contains(
            "o1: 37 bn EUR at 1 USD = 0.925 EUR (average of 2023; ECB, rates.csv line 2)"
        ),
        "{notes}"
    );
    assert!((series[0].points.last().unwrap().value_usd - usd).abs() < 1e-3);
}

#[test]
fn a_missing_rate_is_refused_naming_currency_period_line_and_fix() {
    let e = dataset(
        "o1,KZ-AZ,turnover,2024-01/2024-09,,AZN,,exact,2024-10-10,a.txt,q,,,3200000000\n\
         o2,KZ-AZ,turnover,2024-01/2024-06,,AZN,,exact,2024-07-10,a.txt,q,,,2100000000\n",
        RATES,
    )
    .unwrap_err();
    let text = all_problems(e);
    assert!(
        text.contains(
            "observations.csv:2 (column currency): no exchange rate for AZN in Jan–Sep 2024"
        ),
        "{text}"
    );
    assert!(
        text.contains("AZN,2024-01/2024-09,"),
        "the row to add: {text}"
    );
    assert!(
        !text.contains("observations.csv:3"),
        "o2 has its rate: {text}"
    );
    // A growth in another currency needs the rate a year earlier too.
    let e = dataset(
        "o1,KZ-AZ,turnover,2024-01/2024-06,,AZN,12,exact,2024-07-10,a.txt,q,,,2100000000\n",
        RATES,
    )
    .unwrap_err();
    assert!(all_problems(e).contains("no exchange rate for AZN in Jan–Jun 2023"));
}

#[test]
fn wrong_currency_rows_say_what_to_write() {
    for (row, needle) in [
        (
            "o1,KZ-EU,turnover,2023,37000000000,EUR,,exact,2024-02-01,a.txt,q,,,\n",
            "write the amount in EUR in the amount column",
        ),
        (
            "o1,KZ-EU,turnover,2023,,EURO,,exact,2024-02-01,a.txt,q,,,37000000000\n",
            "ISO 4217",
        ),
        (
            "o1,KZ-EU,turnover,2023,,eur,,exact,2024-02-01,a.txt,q,,,37000000000\n",
            "in capitals: EUR",
        ),
        (
            "o1,KZ-EU,turnover,2023,,USD,,exact,2024-02-01,a.txt,q,,,37000000000\n",
            "a dollar figure goes in value_usd",
        ),
        (
            "o1,KZ-EU,turnover,2023-part,,EUR,,exact,2023-11-01,a.txt,q,,,37000000000\n",
            "its months must be known",
        ),
    ] {
        let text = all_problems(dataset(row, RATES).unwrap_err());
        assert!(text.contains(needle), "{row}: {text}");
    }
    // Without rates.csv at all, the same figure is refused (its rate is missing).
    let obs = format!(
        "{OBS_HEADER}\no1,KZ-EU,turnover,2023,,EUR,,exact,2024-02-01,a.txt,q,,,37000000000\n"
    );
    let text = all_problems(parse_observations("observations.csv", obs.as_bytes()).unwrap_err());
    assert!(text.contains("no exchange rate for EUR in 2023"), "{text}");
}

#[test]
fn bad_rates_are_located() {
    let rates = "EUR,2023,0.925,2024-01-05,ECB,x\n\
                 EUR,2023,0.93,2024-01-06,ECB,y\n\
                 USD,2023,1,2024-01-05,Fed,z\n\
                 XYZ,2023,1,2024-01-05,?,z\n\
                 GBP,2023-part,0.8,2024-01-05,BoE,z\n\
                 GBP,2022,-0.8,2024-01-05,BoE,z\n";
    let text = all_problems(
        dataset(
            "o1,KZ-CN,turnover,2023,1000000000,USD,,exact,2024-02-01,a.txt,q,,,\n",
            rates,
        )
        .unwrap_err(),
    );
    for needle in [
        "rates.csv:3 (column period): a second rate for EUR in 2023 (the first is on line 2)",
        "rates.csv:4 (column currency): USD needs no rate",
        "rates.csv:5 (column currency)",
        "rates.csv:6 (column period)",
        "rates.csv:7 (column units_per_usd)",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn the_shipped_data_needs_no_rates_file_and_loads_as_before() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let d = load(&dir).unwrap();
    assert!(d.rates.is_empty());
    assert!(d.observations.iter().all(|o| o.converted.is_none()));
}

#[test]
fn a_fiscal_year_figure_is_kept_apart_from_the_calendar_years() {
    let d = dataset(
        "o1,IN-KZ,turnover,2022,1000000000,USD,,exact,2023-03-01,a.txt,q,,,\n\
         o2,IN-KZ,turnover,2023,1100000000,USD,,exact,2024-03-01,a.txt,q,,,\n\
         o3,IN-KZ,turnover,2023-04/2024-03,1300000000,USD,20,exact,2024-05-01,b.txt,\"In FY 2023-24 trade was $1.3 billion.\",,,\n",
        "",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.observations[2].period.to_string(), "2023-04/2024-03");
    let s = &reconcile(&d.observations)[0];
    // Neither 2023 nor 2024 takes the fiscal-year figure, and no estimate rests on it.
    let years: Vec<(i32, f64)> = s.points.iter().map(|p| (p.year, p.value_usd)).collect();
    assert_eq!(years, vec![(2022, 1e9), (2023, 1.1e9)]);
    assert!(s
        .points
        .iter()
        .all(|p| !p.sources.contains(&"o3".to_string())));
    assert!(s.growth_reports.is_empty(), "{:?}", s.growth_reports);
    let note = s.notes.iter().find(|n| n.contains("o3")).unwrap();
    assert!(
        note.starts_with("FY 2023-24 (Apr 2023–Mar 2024) = 1.3 bn (o3)")
            && note.contains("kept apart"),
        "{note}"
    );
    assert!(matches!(d.observations[2].period, Period::Across { .. }));
}

#[test]
fn the_report_shows_the_amount_as_stated_and_the_fiscal_year() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("observations.csv"),
        format!(
            "{OBS_HEADER}\n\
             o1,KZ-EU,turnover,2022,,EUR,,exact,2023-02-01,a.txt,q,,,35000000000\n\
             o2,KZ-EU,turnover,2023,,EUR,10,exact,2024-02-01,a.txt,q,,,37000000000\n\
             o3,KZ-EU,turnover,2023-04/2024-03,40000000000,USD,,exact,2024-05-01,b.txt,q,,,\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("targets.csv"), format!("{TGT_HEADER}\n")).unwrap();
    std::fs::write(
        dir.path().join("rates.csv"),
        format!("{RATES_HEADER}\n{RATES}"),
    )
    .unwrap();
    let options = Options::new(dir.path(), "2024-06-01".parse().unwrap())
        .check()
        .unwrap();
    let check = app::check(&options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check.observations, 3);
    let report = app::build_report(&options, None).unwrap_or_else(|e| panic!("{e}"));
    let md = String::from_utf8(tradecast::report::markdown::render(&report)).unwrap();
    assert!(md.contains("40 bn (37 bn EUR)"), "{md}");
    assert!(md.contains("FY 2023-24 (Apr 2023–Mar 2024)"), "{md}");
    assert!(md.contains("kept apart"), "{md}");
}
