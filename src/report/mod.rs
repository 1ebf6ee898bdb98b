//! Outputs built from a run: charts (more renderers to come).

pub mod chart;
