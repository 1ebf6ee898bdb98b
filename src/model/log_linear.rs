//! Exponential growth: `ln(value) = a + b t`, weighted least squares, intervals on the log scale
//! (`a + b t ± t_{n−2} σ̂ √(1 + 1/Σw + (t − t̄)²/Sxx)`), then exponentiated.

use super::finish::Core;
use super::fitted::Skipped;
use super::kind::ModelKind;
use super::ols;
use super::prep::Prep;

pub(super) fn fit(p: &Prep<'_>) -> Result<Core, Skipped> {
    ols::trend_core(p, ModelKind::LogLinear, true)
}
