//! tradecast: trade figures from news releases → reconciled annual series → growth forecasts
//! with honest uncertainty → assessments of stated targets → reports.
//!
//! Data flows one way, each arrow a plain value:
//!
//! ```text
//! data/*.csv ──input::load──▶ Dataset ──reconcile──▶ Vec<Series> ──model::select──▶ Selection
//!     ──target::assess_goal──▶ Assessment ──app::pipeline::build──▶ Report ──report::render_all──▶ files
//! ```
//!
//! [`app`] runs that pipeline for each command (`check`, `series`, `forecast`, `targets`,
//! `report`) with options checked once; the CLI and the Python module only map arguments to it
//! and print its typed results. [`report`] only renders.
//!
//! The library never prints, reads the clock or exits: the as-of date and the seed are
//! arguments, so the same data, date and seed give the same bytes.
//!
//! # Example: from reported figures to a target assessment
//!
//! ```
//! use tradecast::model::{select, FitOptions, ModelChoice};
//! use tradecast::target::{assess, AssessOptions, Status};
//!
//! // The shipped data: every figure from the five source articles, with provenance.
//! let data = tradecast::input::load(std::path::Path::new("data"))?;
//! let series = tradecast::reconcile::reconcile(&data.observations);
//!
//! // Kazakhstan–Azerbaijan turnover: 2021 derived, 2022 a lower bound, 2023 estimated.
//! let az = series.iter().find(|s| s.pair.to_string() == "KZ-AZ").unwrap();
//! assert_eq!(az.points.len(), 3);
//!
//! let selection = select(&az.data(), &FitOptions { horizon: 13, seed: 42, choice: ModelChoice::Auto });
//! let fitted = selection.chosen.as_ref().expect("three points are enough for a trend");
//! assert!(fitted.forecast.lower95[0] <= fitted.forecast.point[0]);
//!
//! let target = &data.targets[0]; // "bring the turnover up to $1 billion", no deadline
//! let as_of = "2026-11-23".parse()?;
//! let a = assess(target, Some(az), Some(&selection), &AssessOptions { as_of, paths: 1000, seed: 42 });
//! assert_ne!(a.status, Status::InsufficientData);
//! println!("{}: {}", a.status.as_str(), a.rule);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod app;
pub mod batch;
pub mod currency;
pub mod defaults;
pub mod error;
pub mod extract;
pub mod fiscal;
pub mod fmt;
pub mod import;
pub mod input;
pub mod knowledge;
pub mod model;
pub mod nowcast;
pub mod obs;
pub mod panel;
pub mod reconcile;
pub mod report;
pub mod series;
pub mod target;
pub mod tolerance;
pub mod write;

pub use error::{Error, Problem, Result};
