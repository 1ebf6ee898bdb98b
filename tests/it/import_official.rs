//! `tradecast import`: the real downloads in `../shared/official/` (skipped, saying so, when
//! absent) and the fixtures of `tests/data/official/` (see its README), end to end through the
//! binary and the library.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tradecast::import::{import, parse_file, Format, ImportOptions};

fn shared(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/official")
        .join(name);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/official")
        .join(name)
}

/// A temporary copy of the shipped data directory.
fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for name in ["observations.csv", "targets.csv"] {
        std::fs::copy(src.join(name), dir.path().join(name)).unwrap();
    }
    dir
}

fn tradecast(data: &Path) -> Command {
    let mut c = Command::cargo_bin("tradecast").unwrap();
    c.arg("--data").arg(data).arg("import");
    c
}

/// Rows of observations.csv as maps column → value.
fn rows(dir: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(dir.join("observations.csv")).unwrap();
    let header = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn find<'a>(
    rows: &'a [BTreeMap<String, String>],
    pair: &str,
    flow: &str,
    period: &str,
    side: &str,
) -> Vec<&'a BTreeMap<String, String>> {
    rows.iter()
        .filter(|r| {
            r["pair"] == pair
                && r["flow"] == flow
                && r["period"] == period
                && r["reported_by"] == side
        })
        .collect()
}

fn usd(r: &BTreeMap<String, String>) -> f64 {
    r["value_usd"].parse().unwrap()
}

#[test]
fn comtrade_legacy_totals_are_the_sums_of_one_level_to_the_cent() {
    let Some(path) = shared("comtrade_legacy_S4_CHN_bilateral_5partners.csv") else {
        return;
    };
    let dir = data_dir();
    let out = tradecast(dir.path()).arg(&path).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("found UN Comtrade legacy CSV (35 columns)"),
        "{text}"
    );
    let got = rows(dir.path());
    let cn_de = find(&got, "CN-DE", "exports", "2010", "CN");
    assert_eq!(cn_de.len(), 1);
    assert_eq!(cn_de[0]["value_usd"], "68047133397"); // $68.0 bn, as the README checks
    assert!(
        cn_de[0]["note"].contains("aggregate level 2"),
        "{}",
        cn_de[0]["note"]
    );
    // Every group's sum, computed here from the source independently.
    let mut sums: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    let mut r = csv::Reader::from_path(&path).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        let flow = if &rec[6] == "2" { "exports" } else { "imports" };
        *sums
            .entry((rec[12].to_string(), flow.to_string(), rec[1].to_string()))
            .or_default() += rec[31].parse::<i64>().unwrap();
    }
    assert_eq!(sums.len(), 50);
    for ((partner, flow, year), sum) in sums {
        let iso2 = match partner.as_str() {
            "Germany" => "DE",
            "China, Hong Kong SAR" => "HK",
            "Rep. of Korea" => "KR",
            "USA" => "US",
            "Japan" => "JP",
            other => panic!("{other}"),
        };
        let found = find(&got, &format!("CN-{iso2}"), &flow, &year, "CN");
        assert_eq!(found.len(), 1, "{iso2} {flow} {year}");
        assert_eq!(usd(found[0]), sum as f64, "{iso2} {flow} {year}");
    }
    // Turnover where both flows are known: exports + imports of the same side and year.
    let t = find(&got, "CN-DE", "turnover", "2010", "CN");
    let x = usd(cn_de[0]);
    let m = usd(find(&got, "CN-DE", "imports", "2010", "CN")[0]);
    assert_eq!(usd(t[0]), x + m);
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let Some(path) = shared("comtrade_legacy_short_H5_2017_USA_CHN_HS2.csv") else {
        return;
    };
    let dir = data_dir();
    tradecast(dir.path()).arg(&path).assert().success();
    let once = std::fs::read(dir.path().join("observations.csv")).unwrap();
    let out = tradecast(dir.path()).arg(&path).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("added 0 observation(s)"), "{text}");
    assert_eq!(
        std::fs::read(dir.path().join("observations.csv")).unwrap(),
        once
    );
    // The existing rows are still there, unchanged but for the added blank column.
    let got = rows(dir.path());
    assert_eq!(got.iter().filter(|r| r["id"].starts_with('o')).count(), 10);
    let us_cn = find(&got, "US-CN", "imports", "2017", "US");
    assert_eq!(us_cn.len(), 1);
    tradecast::input::load(dir.path()).unwrap();
}

#[test]
fn census_years_are_iyr_and_eyr_and_months_are_kept() {
    let Some(path) = shared("census_country_tune.csv") else {
        return;
    };
    let dir = data_dir();
    tradecast(dir.path())
        .arg(&path)
        .args(["--partner", "CA,KZ", "--since", "2015"])
        .assert()
        .success();
    let got = rows(dir.path());
    let mut r = csv::Reader::from_path(&path).unwrap();
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut checked = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        let year: i32 = rec[0].parse().unwrap();
        let partner = match &rec[1] {
            "1220" => "CA",
            "4634" => "KZ",
            _ => continue,
        };
        if year < 2015 {
            continue;
        }
        for (flow, total) in [("imports", "IYR"), ("exports", "EYR")] {
            let published: f64 = rec[col(total)].parse().unwrap();
            let y = find(
                &got,
                &format!("US-{partner}"),
                flow,
                &year.to_string(),
                "US",
            );
            assert_eq!(y.len(), 1, "{partner} {flow} {year}");
            assert!(
                (usd(y[0]) - published * 1e6).abs() < 0.01,
                "{partner} {year}"
            );
            let months = got
                .iter()
                .filter(|r| {
                    r["pair"] == format!("US-{partner}")
                        && r["flow"] == flow
                        && r["period"].starts_with(&format!("{year}-"))
                        && r["period"].len() == 15
                })
                .count();
            assert_eq!(months, 12, "{partner} {flow} {year}");
            checked += 1;
        }
    }
    assert_eq!(checked, 32); // 2015–2022, two partners, two flows
    let ca = find(&got, "US-CA", "exports", "2019", "US");
    assert!((usd(ca[0]) / 1e9 - 292.8).abs() < 0.05); // the README's check
}

#[test]
fn the_imf_mirror_file_gives_both_sides_of_each_pair() {
    let Some(path) = shared("imf_dots_2018_mirror.csv") else {
        return;
    };
    let parsed = parse_file(&path, Format::Auto, None).unwrap();
    let mut r = csv::Reader::from_path(&path).unwrap();
    let mut pairs = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        if rec[0].len() != 2 || rec[1].len() != 2 {
            continue; // aggregates: CNX, EMU
        }
        let own = format!("{}-{}", &rec[0], &rec[1]);
        let mirror = format!("{}-{}", &rec[1], &rec[0]);
        let x = parsed.figures.iter().find(|f| {
            f.pair.to_string() == own
                && f.flow.as_str() == "exports"
                && f.reported_by.as_str() == &rec[0]
        });
        let m = parsed.figures.iter().find(|f| {
            f.pair.to_string() == mirror
                && f.flow.as_str() == "imports"
                && f.reported_by.as_str() == &rec[1]
        });
        let (x, m) = (x.unwrap(), m.unwrap());
        assert!((x.value - rec[2].parse::<f64>().unwrap() * 1e6).abs() < 0.01);
        assert!((m.value - rec[3].parse::<f64>().unwrap() * 1e6).abs() < 0.01);
        pairs += 1;
    }
    assert!(pairs > 800, "{pairs}");
    // The aggregate CNX is refused by name, never taken for China.
    assert!(parsed
        .skipped
        .keys()
        .any(|k| k.contains("CNX (China, Hong Kong and Macao")));
    // Reconciled: the US's exports to Canada have two sides, the US's and Canada's.
    let dir = data_dir();
    tradecast(dir.path())
        .arg(&path)
        .args(["--partner", "US"])
        .assert()
        .success();
    let data = tradecast::input::load(dir.path()).unwrap();
    let series = tradecast::reconcile::reconcile(&data.observations);
    let sides: Vec<String> = series
        .iter()
        .filter(|s| {
            s.trade()
                == tradecast::obs::Trade::of(
                    "US-CA".parse().unwrap(),
                    tradecast::obs::Flow::Exports,
                )
        })
        .map(|s| s.reported_by.to_string())
        .collect();
    assert_eq!(sides.len(), 2, "{sides:?}");
    assert!(sides.contains(&"US".to_string()) && sides.contains(&"CA".to_string()));
}

#[test]
fn comtrade_api_sub_rows_are_never_added_and_mirror_rows_keep_their_side() {
    let dir = data_dir();
    let out = tradecast(dir.path())
        .arg(fixture("comtrade_api_kz_ch_2024.csv"))
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("found UN Comtrade API/bulk CSV"), "{text}");
    assert!(text.contains("customs procedure sub-row"), "{text}");
    assert!(text.contains("mode of transport sub-row"), "{text}");
    let got = rows(dir.path());
    let july = find(&got, "KZ-CH", "exports", "2024-07/2024-07", "KZ");
    assert_eq!(july.len(), 1);
    assert_eq!(usd(july[0]), 61_500_000.0); // the C00/0 total alone
    let ytd = find(&got, "KZ-CH", "exports", "2024-01/2024-07", "KZ");
    assert_eq!(ytd[0]["value_usd"], "335710000.75");
    let mirror = find(&got, "CH-KZ", "imports", "2024-07/2024-07", "CH");
    assert_eq!(usd(mirror[0]), 64_800_000.0);
    let year = find(&got, "KZ-CH", "exports", "2023", "KZ");
    assert_eq!(usd(year[0]), 610_500_000.0); // chapters 27 + 71; not heading 2709, not C02
    assert!(year[0]["note"].contains("no TOTAL row"));
    assert!(find(&got, "KZ-CH", "turnover", "2024-07/2024-07", "KZ").is_empty());
    let data = tradecast::input::load(dir.path()).unwrap();
    assert!(data.observations.len() > 10);
}

#[test]
fn bad_files_are_refused_with_file_line_and_reason_and_change_nothing() {
    let dir = data_dir();
    let before = std::fs::read(dir.path().join("observations.csv")).unwrap();
    let bad = tempfile::tempdir().unwrap();
    let legacy_header = "Classification,Year,Trade Flow Code,Trade Flow,Reporter Code,Reporter,Partner Code,Partner,Commodity Code,Commodity,Trade Value (US$),Flag\n";
    let cases = [
        ("unknown.csv", "a,b,c\n1,2,3\n".to_string(), ":1: the header", "no layout tradecast knows"),
        (
            "truncated.csv",
            format!("{legacy_header}H5,2017,1,Import,842,USA,156,China,1,Animals,36327640,4\nH5,2017,2,Export,842,USA,156,Ch"),
            ":3:",
            "cut short",
        ),
        (
            "unmapped.csv",
            format!("{legacy_header}H5,2017,1,Import,842,USA,9999,Nowhere,1,Animals,36327640,4\n"),
            ":2 (column Partner Code): unknown UN Comtrade (M49) numeric code \"9999\"",
            "never guessed",
        ),
        (
            "census_in_dollars.csv",
            format!(
                "year,CTY_CODE,CTYNAME,{},IYR,{},EYR\n2019,1220,Canada,{}\n",
                ["JAN","FEB","MAR","APR","MAY","JUN","JUL","AUG","SEP","OCT","NOV","DEC"].map(|m| format!("I{m}")).join(","),
                ["JAN","FEB","MAR","APR","MAY","JUN","JUL","AUG","SEP","OCT","NOV","DEC"].map(|m| format!("E{m}")).join(","),
                vec!["25000000000"; 26].join(",")
            ),
            ":2 (column IJAN)",
            "wrong unit",
        ),
    ];
    for (name, text, place, reason) in cases {
        let path = bad.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = tradecast(dir.path()).arg(&path).assert().code(1);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(err.contains(&format!("{name}{place}")), "{name}: {err}");
        assert!(err.contains(reason), "{name}: {err}");
        assert_eq!(
            std::fs::read(dir.path().join("observations.csv")).unwrap(),
            before,
            "{name}"
        );
    }
    // A good file given with a bad one: nothing of either is written.
    let good = fixture("comtrade_api_kz_ch_2024.csv");
    tradecast(dir.path())
        .arg(&good)
        .arg(bad.path().join("unmapped.csv"))
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read(dir.path().join("observations.csv")).unwrap(),
        before
    );
    // --format that does not match the header is refused too.
    tradecast(dir.path())
        .arg(&good)
        .args(["--format", "census"])
        .assert()
        .code(1);
}

#[test]
fn a_dry_run_writes_nothing_and_says_what_it_would_add() {
    let dir = data_dir();
    let before = std::fs::read(dir.path().join("observations.csv")).unwrap();
    let options = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    let done = import(
        dir.path(),
        &[fixture("comtrade_api_kz_ch_2024.csv")],
        &options,
    )
    .unwrap();
    // Seven months, their year to date, July imports, the mirror row, 2023.
    assert_eq!(done.added, 11);
    assert_eq!(
        std::fs::read(dir.path().join("observations.csv")).unwrap(),
        before
    );
    let real = import(
        dir.path(),
        &[fixture("comtrade_api_kz_ch_2024.csv")],
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(real.rows, done.rows);
}

#[test]
fn sdmx_csv_1_from_the_imf_applies_unit_mult_and_keeps_the_mirror_side() {
    let parsed = parse_file(&fixture("sdmx1_imf_imts_kz_cn.csv"), Format::Auto, None).unwrap();
    assert_eq!(parsed.layout, tradecast::import::Layout::SdmxCsv1);
    let get = |pair: &str, flow: &str, period: &str| {
        parsed
            .figures
            .iter()
            .find(|f| {
                f.pair.to_string() == pair
                    && f.flow.as_str() == flow
                    && f.period.to_string() == period
            })
            .unwrap_or_else(|| panic!("{pair} {flow} {period}"))
    };
    assert!((get("KZ-CN", "exports", "2023").value - 15_121.4e6).abs() < 0.01);
    let mirror = get("CN-KZ", "imports", "2023");
    assert_eq!(mirror.reported_by.as_str(), "CN");
    assert!((mirror.value - 16_522.8e6).abs() < 0.01);
    assert!((get("KZ-CN", "exports", "2024-07/2024-07").value - 1_310_550e3).abs() < 0.01);
    assert!((get("KZ-CN", "exports", "2024-01/2024-03").value - 3_890.2e6).abs() < 0.01);
    // Turnover on Kazakhstan's side only: China gave only its imports.
    let t = get("KZ-CN", "turnover", "2023");
    assert!((t.value - (15_121.4e6 + 15_330.9e6)).abs() < 0.01);
    assert!(!parsed
        .figures
        .iter()
        .any(|f| f.pair.to_string() == "CN-KZ" && f.flow.as_str() == "turnover"));
    assert!(parsed.skipped.keys().any(|k| k.contains("W00 (World)")));
}

#[test]
fn sdmx_csv_2_from_eurostat_is_in_euros_and_needs_the_rates() {
    let dir = data_dir();
    let file = fixture("sdmx2_eurostat_comext_de_kz.csv");
    let before = std::fs::read(dir.path().join("observations.csv")).unwrap();
    // Without rates.csv the euros cannot be converted: refused, naming the currency, and
    // nothing changes.
    let out = tradecast(dir.path()).arg(&file).assert().code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("EUR") && err.contains("imported from sdmx2_eurostat_comext_de_kz.csv:2"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("observations.csv")).unwrap(),
        before
    );
    std::fs::write(
        dir.path().join("rates.csv"),
        "currency,period,units_per_usd,published,source,quote\n\
         EUR,2024-07/2024-07,0.9215,,ECB,https://data.ecb.europa.eu/ (made up for the test)\n\
         EUR,2024,0.9239,,ECB,https://data.ecb.europa.eu/ (made up for the test)\n",
    )
    .unwrap();
    let out = tradecast(dir.path()).arg(&file).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("found SDMX-CSV 2.0"), "{text}");
    let got = rows(dir.path());
    let de = find(&got, "DE-KZ", "imports", "2024-07/2024-07", "DE");
    assert_eq!(de.len(), 1);
    assert_eq!(de[0]["amount"], "512345678"); // the TOTAL alone, not + SITC 3
    assert_eq!(de[0]["currency"], "EUR");
    assert_eq!(de[0]["value_usd"], "");
    assert_eq!(
        find(&got, "GR-KZ", "exports", "2024-07/2024-07", "GR").len(),
        1
    );
    assert_eq!(
        find(&got, "DE-KZ", "exports", "2024", "DE")[0]["amount"],
        "1987654321"
    );
    assert!(text.contains("a commodity, not the total"), "{text}");
    assert!(text.contains("a quantity, not a value"), "{text}");
    let data = tradecast::input::load(dir.path()).unwrap();
    let de = data
        .observations
        .iter()
        .find(|o| o.pair.to_string() == "DE-KZ" && o.flow == tradecast::obs::Flow::Imports)
        .unwrap();
    assert!((de.value_usd.unwrap() - 512_345_678.0 / 0.9215).abs() < 1.0);
}

#[test]
fn the_report_shows_both_sides_of_imported_imf_figures_with_their_gap() {
    let Some(path) = shared("imf_dots_2018_mirror.csv") else {
        return;
    };
    let dir = data_dir();
    let ch: tradecast::obs::Party = "CH".parse().unwrap();
    let options = ImportOptions {
        partners: vec![ch],
        ..ImportOptions::default()
    };
    import(dir.path(), std::slice::from_ref(&path), &options).unwrap();
    let checked = tradecast::app::Options {
        paths: 200,
        ..tradecast::app::Options::new(dir.path(), "2026-11-23".parse().unwrap())
    }
    .check()
    .unwrap();
    let md = tradecast::app::render_markdown(&checked, None).unwrap();
    // Switzerland's exports to the US: CH's own figure and the US's mirror figure, side by side.
    let mut r = csv::Reader::from_path(&path).unwrap();
    let row = r
        .records()
        .map(Result::unwrap)
        .find(|rec| &rec[0] == "CH" && &rec[1] == "US")
        .unwrap();
    let (own, mirror): (f64, f64) = (row[2].parse().unwrap(), row[3].parse().unwrap());
    let gap = format!("{:+.1}%", (mirror / own - 1.0) * 100.0);
    let section = md
        .split("\n## ")
        .find(|s| s.starts_with("CH-US exports"))
        .unwrap();
    assert!(section.contains("### Both sides"), "{section}");
    assert!(
        section.contains("| CH statistics | US statistics |"),
        "{section}"
    );
    assert!(section.contains(&gap), "{gap} in {section}");
}

#[test]
fn a_second_download_of_the_same_release_adds_nothing() {
    let dir = data_dir();
    let copy = tempfile::tempdir().unwrap();
    let renamed = copy.path().join("comtrade_api_kz_ch_2024_again.csv");
    std::fs::copy(fixture("comtrade_api_kz_ch_2024.csv"), &renamed).unwrap();
    let first = import(
        dir.path(),
        &[fixture("comtrade_api_kz_ch_2024.csv")],
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(first.added, 11);
    let again = import(dir.path(), &[renamed], &ImportOptions::default()).unwrap();
    assert_eq!((again.added, again.already_present), (0, 11));
}

#[test]
fn the_help_lists_every_format() {
    let out = Command::cargo_bin("tradecast")
        .unwrap()
        .args(["import", "--help"])
        .assert()
        .success();
    let help = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for f in Format::ALL {
        assert!(
            help.contains(f.as_str()),
            "{} missing from: {help}",
            f.as_str()
        );
    }
}
