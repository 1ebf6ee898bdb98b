//! Linear trend in levels: `value = a + b t`, weighted least squares.
//!
//! Its likelihood is turned into one of ln(value) (adding Σ ln y, the Jacobian) so that its AICc
//! compares with the log-scale models'. Bands are symmetric in USD and are cut at zero.

use super::finish::Core;
use super::fitted::Skipped;
use super::kind::ModelKind;
use super::ols;
use super::prep::Prep;

pub(super) fn fit(p: &Prep<'_>) -> Result<Core, Skipped> {
    ols::trend_core(p, ModelKind::Linear, false)
}
