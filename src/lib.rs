//! tradecast: trade figures from news releases → reconciled annual series → forecasts and target assessments.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
pub mod input;
pub mod extract;
pub mod model;
pub mod obs;
pub mod report;
pub mod series;

pub use error::{Error, Problem, Result};
pub mod fmt;
pub mod reconcile;
pub mod target;
pub mod write;
