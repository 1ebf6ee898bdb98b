//! Rule 5's cross-flow check: exports plus imports against turnover, per side.

use std::collections::BTreeMap;

use crate::fmt::usd;
use crate::obs::{Flow, Observation, Pair, Side, Trade};
use crate::series::Series;
use crate::tolerance::{relative_gap, TOLERANCE};

/// Exports + imports against turnover for every period where all three are reported by the
/// same side: for turnover of A with B, A's exports to B and A's imports from B (B's exports to
/// A), however the rows write them.
pub(super) fn check_components(
    all: &mut [Series],
    groups: &BTreeMap<(Pair, Flow, Side), Vec<&Observation>>,
) {
    for series in all.iter_mut().filter(|s| s.flow == Flow::Turnover) {
        let (a, b) = (series.pair.reporter, series.pair.partner);
        let side = series.reported_by;
        let rows_of = |trade: Trade| -> Vec<&Observation> {
            groups
                .iter()
                .filter(|((p, f, s), _)| *s == side && Trade::of(*p, *f) == trade)
                .flat_map(|(_, rows)| rows.iter().copied())
                .collect()
        };
        let exports = rows_of(Trade::Goods { from: a, to: b });
        let imports = rows_of(Trade::Goods { from: b, to: a });
        for t in rows_of(Trade::of(series.pair, Flow::Turnover)) {
            let Some(total) = t.value_usd else { continue };
            let find = |rows: &[&Observation]| {
                rows.iter()
                    .find(|o| o.period == t.period && o.value_usd.is_some())
                    .map(|o| (o.id.clone(), o.value_usd.unwrap_or_default()))
            };
            let (Some((ex_id, ex)), Some((im_id, im))) = (find(&exports), find(&imports)) else {
                continue;
            };
            let sum = ex + im;
            let text = format!(
                "{}: exports {} ({ex_id}) + imports {} ({im_id}) = {} against turnover {} ({})",
                t.period.describe(),
                usd(ex),
                usd(im),
                usd(sum),
                usd(total),
                t.id
            );
            if relative_gap(sum, total) > TOLERANCE / 2.0 {
                series
                    .warnings
                    .push(format!("Components do not add up: {text}."));
            } else {
                series.notes.push(format!("Components add up: {text}."));
            }
        }
    }
}
