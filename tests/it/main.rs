//! The integration tests, one binary (`autotests = false` in Cargo.toml): linking the crate once
//! instead of once per file keeps `cargo test` quick. Each module is one area; helpers shared by
//! several live in `common` (and `batch_common` for the batch panels).

mod app_commands;
mod batch_accuracy;
mod batch_common;
mod batch_determinism;
mod batch_forecasts;
mod batch_rows;
mod chart_render;
mod cli_basic;
mod cli_extract;
mod cli_learn;
mod cli_report;
mod common;
mod every_figure;
mod examples;
mod extract_articles;
mod extract_corpus;
mod extract_new_kinds;
mod extract_news_rules;
mod extract_scorer;
mod extract_seeds;
mod extract_speed;
mod extract_wording;
mod fuzz_props;
mod import_official;
mod input_corpus;
mod input_data;
mod input_props;
mod input_rates;
mod model_lists;
mod models_horizon;
mod models_props;
mod models_reference;
mod nowcast;
mod reconcile_props;
mod refresh;
mod relative_targets;
mod reliability_corpus;
mod render_snapshots;
mod report_snapshot;
mod robustness;
mod sides_end_to_end;
mod targets;
mod worked_numbers;
