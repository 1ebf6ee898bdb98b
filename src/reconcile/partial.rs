//! Partial years (a year-to-date level, a same-period growth): rule 3, a full year estimated
//! from them, and rule 5, a partial level as a floor for its full year.

use std::collections::BTreeMap;

use super::compare::sign;
use crate::fmt::{pct, usd};
use crate::obs::{Bound, Observation};
use crate::series::{Point, PointKind, Series};

/// Rule 3: a full year estimated from a partial year's same-period growth, when the year has no
/// value yet and the year before has one; notes say which partial rows were not used and why.
pub(super) fn estimated_from_partials(
    partials: &[&Observation],
    series: &mut Series,
    points: &mut BTreeMap<i32, Point>,
) {
    for o in partials {
        let year = o.period.year();
        if let Some(value) = o.value_usd {
            if let Some(g) = o.growth {
                series.notes.push(format!(
                    "{} = {} ({}), {} on the same period a year earlier, which was therefore {} ({}).",
                    o.period.describe(),
                    usd(value),
                    o.id,
                    pct(g),
                    usd(value / (1.0 + g)),
                    o.id
                ));
            }
        }
        let Some(g) = o.growth else { continue };
        match (points.get(&year), points.get(&(year - 1)).cloned()) {
            (None, Some(base)) => {
                let estimate = base.value_usd * (1.0 + g);
                let mut how = format!(
                    "{} ({}) × (1 {} {}), the same-period growth for {} ({})",
                    usd(base.value_usd),
                    year - 1,
                    sign(g),
                    pct(g.abs()).trim_start_matches('+'),
                    o.period.describe(),
                    o.id
                );
                if base.bound.is_bound() {
                    how.push_str(&format!(
                        "; rests on a bound ({} {} in {}): if that is higher, so is this",
                        base.bound.symbol().trim(),
                        usd(base.value_usd),
                        year - 1
                    ));
                }
                points.insert(
                    year,
                    Point {
                        year,
                        value_usd: estimate,
                        kind: PointKind::Estimated,
                        bound: Bound::Approx,
                        sources: [base.sources.clone(), vec![o.id.clone()]].concat(),
                        how,
                        borrowed_from: None,
                    },
                );
            }
            (Some(existing), _) if existing.sources.iter().all(|s| s != &o.id) => {
                series.notes.push(format!(
                    "{} growth {} ({}) not used: {} already has a {} value.",
                    o.period.describe(),
                    pct(g),
                    o.id,
                    year,
                    existing.kind.as_str()
                ));
            }
            (None, None) => series.notes.push(format!(
                "{} growth {} ({}) not used: no full-year value for {} to apply it to.",
                o.period.describe(),
                pct(g),
                o.id,
                year - 1
            )),
            _ => {}
        }
    }
}

/// Rule 5: a partial-year level is a floor for its full year: a warning when the full year is
/// below it, a pro-rata cross-check or a note otherwise.
pub(super) fn partial_floors(
    partials: &[&Observation],
    series: &mut Series,
    points: &BTreeMap<i32, Point>,
) {
    for o in partials {
        let Some(value) = o.value_usd else { continue };
        let year = o.period.year();
        match points.get(&year) {
            Some(p) if p.value_usd < value && p.bound != Bound::AtLeast => {
                series.warnings.push(format!(
                    "{year} = {} ({}) is below {} = {} ({}): a full year cannot be smaller than part of it.",
                    usd(p.value_usd),
                    p.kind.as_str(),
                    o.period.describe(),
                    usd(value),
                    o.id
                ));
            }
            Some(p) if o.growth.is_none() => {
                if let Some(months) = o.period.months() {
                    let pro_rata = value * 12.0 / f64::from(months);
                    series.notes.push(format!(
                        "Cross-check: {} = {} ({}) annualises pro rata to {}, {} from the {} {} value {}.",
                        o.period.describe(),
                        usd(value),
                        o.id,
                        usd(pro_rata),
                        pct(pro_rata / p.value_usd - 1.0),
                        year,
                        p.kind.as_str(),
                        usd(p.value_usd)
                    ));
                }
            }
            None if o.growth.is_none() => series.notes.push(format!(
                "{} = {} ({}) has no same-period growth, so it cannot be turned into a full year; {} was at least that.",
                o.period.describe(),
                usd(value),
                o.id,
                year
            )),
            _ => {}
        }
    }
}
