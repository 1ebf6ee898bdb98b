//! One pair reported from both sides, a restated target and a replaced one, from made-up news
//! passages (`tests/data/sides/`, written for this test; not real figures) to `series --json`
//! and `targets --json`, the way a user works:
//!
//! 1. `tradecast extract` on the first passage; the reviewer keeps its rows, adds the optional
//!    columns (`reported_by` = KZ: "according to the Bureau of National Statistics of
//!    Kazakhstan"; `replaces` blank) and saves them as the data files.
//! 2. `tradecast extract --append` on the other three passages: the figures are appended, and
//!    each target for KZ-KG turnover gets a proposed `replaces` link to the target already there.
//! 3. The reviewer fills `reported_by` of the appended figures (KG for the Kyrgyz committee's
//!    figure, KZ for the Kazakh bureau's) and keeps the proposed links.
//!
//! Then: both sides are reconciled apart under one name (KZ-KG, though the Kyrgyz passage
//! writes KG-KZ), the $3 bn goal is one target with two sources, and it is superseded by the
//! $5 bn goal, with both dates.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn passage(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sides");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(name))
        })
        .collect();
    assert_eq!(found.len(), 1, "{name} in {}", dir.display());
    found.remove(0)
}

fn tradecast(data: &Path) -> Command {
    let mut c = Command::cargo_bin("tradecast").unwrap();
    c.arg("--data").arg(data);
    c
}

fn run(c: &mut Command) -> String {
    let o = c.output().unwrap();
    assert!(
        o.status.success(),
        "exit {:?}\n{}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The CSV block after a `# candidate rows for NAME` comment, without comment lines.
fn block(text: &str, name: &str) -> Vec<String> {
    text.split(&format!("# candidate rows for {name}"))
        .nth(1)
        .unwrap()
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("# candidate") && !l.contains("amount(s) or rate(s)"))
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn set_reported_by(data: &Path, source_prefix: &str, side: &str) {
    let path = data.join("observations.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let out: String = text
        .lines()
        .map(|l| {
            if l.contains(&format!(",{source_prefix}")) && l.ends_with(',') {
                format!("{l}{side}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(path, out).unwrap();
}

#[test]
fn both_sides_a_restated_target_and_a_replaced_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    first_passage_reviewed(&data);
    other_passages_appended(&data);
    both_sides_reconciled_apart(&data);
    one_target_superseded(&data);
    report_shows_sides_and_supersession(dir.path(), &data);
}

/// Steps 1 (the first passage into the data files) and the link extract then proposes.
fn first_passage_reviewed(data: &Path) {
    // 1. The first passage, reviewed by hand into the data files.
    let proposed = run(tradecast(data).arg("extract").arg(passage("1_")));
    let obs = block(&proposed, "observations.csv");
    let tgt = block(&proposed, "targets.csv");
    assert_eq!((obs.len(), tgt.len()), (2, 2), "{proposed}");
    assert!(obs[1].starts_with("x001,KZ-KG,turnover,2023,2200000000,USD,10,exact,2024-02-12,"));
    assert!(tgt[1].starts_with("y001,KZ-KG,turnover,3000000000,USD,2027,2024-02-12,"));
    std::fs::write(
        data.join("observations.csv"),
        format!(
            "{},reported_by\n{},KZ\n",
            obs[0],
            obs[1].replacen("x001", "o001", 1)
        ),
    )
    .unwrap();
    std::fs::write(
        data.join("targets.csv"),
        format!(
            "{},replaces\n{},\n",
            tgt[0],
            tgt[1].replacen("y001", "t001", 1)
        ),
    )
    .unwrap();

    // Extract now proposes a link for a target of the same pair and flow.
    let proposed = run(tradecast(data).arg("extract").arg(passage("3_")));
    assert!(proposed.contains("# replaces:"), "{proposed}");
    let tgt = block(&proposed, "targets.csv");
    assert!(tgt[0].ends_with(",replaces"), "{proposed}");
    assert!(tgt[1].ends_with(",t001"), "{proposed}");
}

/// Steps 2 and 3: the other passages appended, whose statistics filled in, a clean check.
fn other_passages_appended(data: &Path) {
    // 2. The other passages appended.
    run(tradecast(data)
        .args(["extract", "--append"])
        .arg(passage("2_"))
        .arg(passage("3_"))
        .arg(passage("4_")));
    let targets_csv = std::fs::read_to_string(data.join("targets.csv")).unwrap();
    let lines: Vec<&str> = targets_csv.lines().collect();
    assert_eq!(lines.len(), 4, "{targets_csv}");
    assert!(
        lines[2].starts_with("t002,KZ-KG,turnover,3000000000,USD,2027,2024-09-18,")
            && lines[2].ends_with(",t001")
    );
    assert!(
        lines[3].starts_with("t003,KZ-KG,turnover,5000000000,USD,2030,2025-04-07,")
            && lines[3].ends_with(",t001")
    );

    // 3. Whose statistics, from the wording the reviewer reads.
    set_reported_by(data, "2_kg_stats", "KG");
    set_reported_by(data, "4_new_goal", "KZ");
    let check = tradecast(data).arg("check").output().unwrap();
    assert!(check.status.success());
    assert!(
        String::from_utf8_lossy(&check.stderr).is_empty(),
        "no warnings expected (the restatement is linked): {}",
        String::from_utf8_lossy(&check.stderr)
    );
}

fn both_sides_reconciled_apart(data: &Path) {
    // Both sides, one name, no conflict between them.
    let series: Value =
        serde_json::from_str(&run(tradecast(data).args(["series", "--json"]))).unwrap();
    let series = series.as_array().unwrap();
    assert_eq!(series.len(), 2, "{series:#?}");
    let side = |code: &str| {
        series
            .iter()
            .find(|s| s["reported_by"] == code)
            .unwrap_or_else(|| panic!("no {code} side"))
    };
    let (kz, kg) = (side("KZ"), side("KG"));
    for s in [kz, kg] {
        assert_eq!(
            (s["pair"].as_str(), s["flow"].as_str()),
            (Some("KZ-KG"), Some("turnover"))
        );
        assert_eq!(s["conflicts"].as_array().unwrap().len(), 0);
    }
    let value = |s: &Value, year: i64| {
        s["points"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["year"] == year)
            .map(|p| p["value_usd"].as_f64().unwrap())
    };
    assert_eq!(value(kz, 2023), Some(2.2e9));
    assert_eq!(value(kz, 2024), Some(2.4e9));
    assert_eq!(value(kg, 2023), Some(2.5e9));
    assert_eq!(value(kg, 2024), None);
}

fn one_target_superseded(data: &Path) {
    // One target with two sources, superseded by the newer goal; the newer one judged on KZ's own statistics.
    let targets: Value = serde_json::from_str(&run(tradecast(data).args([
        "targets",
        "--json",
        "--paths",
        "200",
        "--as-of",
        "2025-06-01",
    ])))
    .unwrap();
    let targets = targets.as_array().unwrap();
    assert_eq!(targets.len(), 2, "{targets:#?}");
    let old = targets.iter().find(|t| t["id"] == "t001").unwrap();
    assert_eq!(old["status"], "superseded");
    let sources: Vec<&str> = old["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        ["1_kz_stats_2024-02.txt", "3_restated_2024-09.txt"]
    );
    assert_eq!(old["stated"], "2024-02-12");
    assert_eq!(old["superseded_by"]["id"], "t003");
    assert_eq!(old["superseded_by"]["stated"], "2025-04-07");
    assert_eq!(old["superseded_by"]["explicit"], true);
    assert!(old["rule"].as_str().unwrap().contains("2025-04-07"));
    assert!(old["crossing_year"]["p50"].is_null());
    let new = targets.iter().find(|t| t["id"] == "t003").unwrap();
    assert_ne!(new["status"], "superseded");
    assert_ne!(new["status"], "insufficient_data");
    assert_eq!(new["judged_on"], "KZ");
    assert_eq!(new["latest"]["year"], 2024);
    assert!(new["superseded_by"].is_null());

    // Before the new goal was stated, the $3 bn goal was current.
    let earlier: Value = serde_json::from_str(&run(tradecast(data).args([
        "targets",
        "--json",
        "--paths",
        "200",
        "--as-of",
        "2024-12-31",
    ])))
    .unwrap();
    let earlier = earlier.as_array().unwrap();
    assert_eq!(earlier.len(), 1);
    assert_ne!(earlier[0]["status"], "superseded");
    assert_eq!(earlier[0]["sources"].as_array().unwrap().len(), 2);
}

fn report_shows_sides_and_supersession(dir: &Path, data: &Path) {
    // The report shows both sides with their gap, and the superseded target with both dates.
    let out = dir.join("out");
    run(tradecast(data)
        .args([
            "report",
            "-q",
            "--paths",
            "200",
            "--as-of",
            "2025-06-01",
            "--out",
        ])
        .arg(&out));
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("### Both sides"), "{md}");
    assert!(
        md.contains("| 2023 | 2.2 bn (reported) | 2.5 bn (reported) | +13.6% |"),
        "{md}"
    );
    assert!(md.contains("**Status: superseded.**"), "{md}");
    assert!(md.contains("One target, 2 sources"), "{md}");
    assert!(md.contains("judged against KZ's own statistics"), "{md}");
    let csv = std::fs::read_to_string(out.join("projections.csv")).unwrap();
    assert!(
        csv.contains("KZ-KG,turnover,2023,reported,2500000000,exact,,,,,,,KG,0.136"),
        "{csv}"
    );
    let assessments = std::fs::read_to_string(out.join("assessments.csv")).unwrap();
    assert!(
        assessments.contains(",KZ,2024-02-12,t001:1_kz_stats_2024-02.txt; t002:3_restated_2024-09.txt,t003,2025-04-07,,,,,\n"),
        "{assessments}"
    );
}

/// The library path, with rules the CLI test does not reach: a mirror figure written as the
/// partner's imports, supersession inferred without a `replaces` column, and `none`.
#[test]
fn mirror_exports_and_inferred_supersession_through_the_library() {
    let observations = "\
id,pair,flow,period,value_usd,currency,growth_pct,bound,published,source,quote,note,reported_by
o1,KZ-KG,exports,2022,1000000000,USD,,exact,2023-02-01,a.txt,Exports reached $1 billion.,,KZ
o2,KZ-KG,exports,2023,1100000000,USD,,exact,2024-02-01,a.txt,Exports reached $1.1 billion.,,KZ
o3,KG-KZ,imports,2023,1250000000,USD,,exact,2024-03-01,b.txt,Imports from Kazakhstan reached $1.25 billion.,,KG
o4,KZ-KG,exports,2024,1200000000,USD,,exact,2025-02-01,a.txt,Exports reached $1.2 billion.,,
";
    // No replaces column: t2 (later, different) supersedes t1 by inference; t3 says `none`
    // in a file that has the column, so the next case is a separate file.
    let targets = "\
id,pair,flow,value_usd,currency,deadline,stated,source,quote,note
t1,KZ-KG,exports,2000000000,USD,2030,2023-02-01,a.txt,We aim at $2 billion of exports.,
t2,KG-KZ,imports,3000000000,USD,2032,2024-03-01,b.txt,Imports from Kazakhstan should reach $3 billion.,
";
    let data = tradecast::input::parse_dataset(
        ("observations.csv", observations.as_bytes()),
        ("targets.csv", targets.as_bytes()),
    )
    .unwrap();
    let options = tradecast::app::RunOptions {
        paths: 200,
        ..tradecast::app::RunOptions::new("2025-06-01".parse().unwrap(), 42)
    };
    let r = tradecast::app::pipeline::build(
        &data.observations,
        &data.targets,
        vec![],
        vec![],
        &options,
    );
    // One section: KZ's exports to KG and KG's imports from KZ are one trade.
    assert_eq!(r.sections.len(), 1);
    let s = &r.sections[0];
    assert_eq!(s.stem(), "KZ-KG-exports");
    // The current target is t2, a KG-KZ target: judged on KG's own statistics, the main side.
    assert_eq!(s.series.reported_by.to_string(), "KG");
    let sides: Vec<String> = s
        .other_sides
        .iter()
        .map(|o| o.series.reported_by.to_string())
        .collect();
    assert_eq!(sides, ["KZ", "unknown"]);
    let gap = s.side_gaps.iter().find(|g| g.year == 2023).unwrap();
    assert_eq!(gap.other.to_string(), "KZ");
    assert!((gap.gap - (1.1 / 1.25 - 1.0)).abs() < 1e-12);
    let t1 = s.assessments.iter().find(|a| a.target.id == "t1").unwrap();
    assert_eq!(t1.status, tradecast::target::Status::Superseded);
    let by = t1.superseded_by.as_ref().unwrap();
    assert_eq!((by.id.as_str(), by.explicit), ("t2", false));
    assert!(t1.rule.contains("inferred"), "{}", t1.rule);
    let t2 = s.assessments.iter().find(|a| a.target.id == "t2").unwrap();
    assert_eq!(t2.judged_on.to_string(), "KG");
    assert!(t2.judged_on_rule.contains("KG's own statistics"));

    // With `replaces = none`, both goals stand.
    let targets_none = "\
id,pair,flow,value_usd,currency,deadline,stated,source,quote,note,replaces
t1,KZ-KG,exports,2000000000,USD,2030,2023-02-01,a.txt,We aim at $2 billion of exports.,,
t2,KG-KZ,imports,3000000000,USD,2032,2024-03-01,b.txt,Imports from Kazakhstan should reach $3 billion.,,none
";
    let data = tradecast::input::parse_dataset(
        ("observations.csv", observations.as_bytes()),
        ("targets.csv", targets_none.as_bytes()),
    )
    .unwrap();
    let r = tradecast::app::pipeline::build(
        &data.observations,
        &data.targets,
        vec![],
        vec![],
        &options,
    );
    assert!(r
        .assessments()
        .all(|a| a.status != tradecast::target::Status::Superseded));
    // t1 (KZ's target) judged on KZ's statistics, t2 on KG's: each on its own country's side.
    let on = |id: &str| {
        r.assessments()
            .find(|a| a.target.id == id)
            .unwrap()
            .judged_on
            .to_string()
    };
    assert_eq!((on("t1").as_str(), on("t2").as_str()), ("KZ", "KG"));
}
