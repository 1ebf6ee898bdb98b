//! The Rust-notebook walk-through of `python/README.md` ("Rust notebooks (evcxr)") as a program:
//! load → reconcile → select. `cargo run --example notebook` from the repository root; being an
//! example, `cargo test` runs it (`tests/it/examples.rs`), so the notebook text cannot drift from
//! the API unnoticed.

use tradecast::model::{select, FitOptions, ModelChoice};

pub fn main() {
    let dataset = tradecast::input::load(std::path::Path::new("data")).unwrap();
    let all = tradecast::reconcile::reconcile(&dataset.observations);
    for s in &all {
        println!("{} {}: {} annual values", s.pair, s.flow, s.points.len());
    }

    // Owned (cloned), not a reference: evcxr keeps variables between cells only if they own their data.
    let kz_cn = all
        .iter()
        .find(|s| s.pair.to_string() == "KZ-CN")
        .unwrap()
        .clone();
    let options = FitOptions {
        horizon: 5,
        seed: 42,
        choice: ModelChoice::Auto,
    };
    let selection = select(&kz_cn.data(), &options);
    println!("{}", selection.reason);
    if let Some(fitted) = &selection.chosen {
        let f = &fitted.forecast;
        for j in 0..f.years.len() {
            println!(
                "{}  {:.3e}  80%: {:.3e}–{:.3e}",
                f.years[j], f.point[j], f.lower80[j], f.upper80[j]
            );
        }
    }
}
