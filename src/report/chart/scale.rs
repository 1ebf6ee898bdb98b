//! Scale: the chart's data cleaned and sorted, the x- and y-ranges with their ticks, the money
//! unit of the y-axis, and the axis type that draws exactly those ticks.

use plotters::prelude::Ranged;

use super::{Chart, ChartTarget, ForecastPoint, HistoryPoint};
use crate::fmt::group_thousands;

/// The chart's data with non-finite values dropped and everything sorted by year.
pub(super) struct Clean {
    pub(super) history: Vec<HistoryPoint>,
    pub(super) fitted: Vec<(f64, f64)>,
    pub(super) forecast: Vec<ForecastPoint>,
    /// [`super::ChartForecast::point_label`].
    pub(super) point_label: String,
    pub(super) target: Option<ChartTarget>,
}

/// Finite and below $10¹⁸ (world trade is about $3·10¹³ a year): anything larger is a unit error, and
/// keeping it out keeps the axis arithmetic finite. Interval edges only need to be finite: they are
/// clipped.
fn usable(v: f64) -> bool {
    v.is_finite() && v.abs() < 1e18
}

/// `chart`'s drawable data: unusable values dropped, sorted by year.
pub(super) fn clean(chart: &Chart) -> Clean {
    let mut history: Vec<HistoryPoint> = chart
        .history
        .iter()
        .copied()
        .filter(|p| usable(p.value_usd))
        .collect();
    history.sort_by_key(|p| p.year);
    let mut fitted: Vec<(i32, f64)> = chart
        .fitted
        .iter()
        .copied()
        .filter(|(_, v)| usable(*v))
        .collect();
    fitted.sort_by_key(|(y, _)| *y);
    let mut forecast: Vec<ForecastPoint> = chart
        .forecast
        .iter()
        .flat_map(|f| f.points.iter().copied())
        .filter(|p| usable(p.mean_usd))
        .collect();
    forecast.sort_by_key(|p| p.year);
    let target = chart.target.clone().filter(|t| usable(t.value_usd));
    Clean {
        history,
        fitted: fitted.into_iter().map(|(y, v)| (f64::from(y), v)).collect(),
        forecast,
        point_label: chart
            .forecast
            .as_ref()
            .map_or(String::new(), |f| f.point_label.clone()),
        target,
    }
}

/// Money unit for the axis, chosen from the top of the y-range.
#[derive(Clone, Copy)]
pub(super) struct Unit {
    pub(super) scale: f64,
    pub(super) axis: &'static str,
}

fn unit_for(top: f64) -> Unit {
    const UNITS: [(f64, &str); 4] = [
        (1e12, "USD tn"),
        (1e9, "USD bn"),
        (1e6, "USD m"),
        (1e3, "USD k"),
    ];
    let (scale, axis) = UNITS
        .into_iter()
        .find(|(scale, _)| top >= *scale)
        .unwrap_or((1.0, "USD"));
    Unit { scale, axis }
}

/// The ranges and ticks of both axes, in data units (years; US dollars).
pub(super) struct Frame {
    pub(super) x0: f64,
    pub(super) x1: f64,
    pub(super) xticks: Vec<f64>,
    pub(super) y0: f64,
    pub(super) y1: f64,
    pub(super) yticks: Vec<f64>,
    pub(super) unit: Unit,
    /// Tick step in `unit`s.
    pub(super) ystep: f64,
}

impl Frame {
    /// The frame for `data`: every year drawn on x; on y, zero to just above what matters (see
    /// [`super::render_png`]), clipped beyond.
    pub(super) fn of(data: &Clean) -> Frame {
        let (x0, x1, xticks) = x_range(data);
        let (y0, y1, yticks, unit, ystep) = y_range(data);
        Frame {
            x0,
            x1,
            xticks,
            y0,
            y1,
            yticks,
            unit,
            ystep,
        }
    }
}

/// Every year drawn, padded half a year, at least five years wide; with its ticks.
fn x_range(data: &Clean) -> (f64, f64, Vec<f64>) {
    let mut years: Vec<i32> = Vec::new();
    years.extend(data.history.iter().map(|p| p.year));
    years.extend(data.fitted.iter().map(|p| p.0 as i32));
    years.extend(data.forecast.iter().map(|p| p.year));
    if let Some(t) = &data.target {
        years.extend(t.deadline);
        if let Some(c) = &t.crossing {
            years.push(c.p50);
            years.extend(c.p10);
            years.extend(c.p90);
        }
    }
    let (ymin_year, ymax_year) = (
        *years.iter().min().unwrap_or(&2000),
        *years.iter().max().unwrap_or(&2000),
    );
    let (mut x0, mut x1) = (f64::from(ymin_year) - 0.5, f64::from(ymax_year) + 0.5);
    if x1 - x0 < 5.0 {
        let mid = (x0 + x1) / 2.0;
        x0 = mid - 2.5;
        x1 = mid + 2.5;
    }
    let step = year_step(x1 as i64 - x0 as i64);
    let first_tick = (x0.ceil() as i64).div_euclid(step) * step;
    let xticks: Vec<f64> = (0..)
        .map(|i| (first_tick + i * step) as f64)
        .skip_while(|t| *t < x0)
        .take_while(|t| *t <= x1)
        .take(64)
        .collect();
    (x0, x1, xticks)
}

/// Zero to just above what matters (see [`super::render_png`]); with its ticks, unit and step.
fn y_range(data: &Clean) -> (f64, f64, Vec<f64>, Unit, f64) {
    let hist_max = data
        .history
        .iter()
        .map(|p| p.value_usd)
        .fold(f64::MIN, f64::max);
    let target_v = data.target.as_ref().map(|t| t.value_usd);
    let model_max = data
        .fitted
        .iter()
        .map(|p| p.1)
        .chain(data.forecast.iter().map(|p| p.mean_usd))
        .fold(f64::MIN, f64::max);
    // What must stay legible: the history and the target (or, with neither, the model's own values).
    let anchor = match hist_max.max(target_v.unwrap_or(f64::MIN)) {
        a if a > 0.0 => a,
        _ => model_max,
    };
    let content = [
        data.fitted.iter().map(|p| p.1).fold(f64::MIN, f64::max),
        data.forecast
            .iter()
            .map(|p| p.mean_usd)
            .fold(f64::MIN, f64::max),
        data.forecast
            .iter()
            .map(|p| p.upper80_usd)
            .filter(|v| v.is_finite())
            .fold(f64::MIN, f64::max),
    ]
    .into_iter()
    .fold(anchor, f64::max);
    let raw_top = if anchor > 0.0 {
        content.min(2.0 * anchor)
    } else {
        content
    };
    let raw_top = if raw_top > 0.0 { raw_top * 1.06 } else { 1.0 };
    let data_min = data
        .history
        .iter()
        .map(|p| p.value_usd)
        .chain(data.fitted.iter().map(|p| p.1))
        .chain(data.forecast.iter().map(|p| p.mean_usd))
        .fold(0.0, f64::min);
    let unit = unit_for(raw_top.max(-data_min));
    let ystep = nice_step((raw_top - data_min) / unit.scale / 6.0);
    let y0 = (data_min / unit.scale / ystep).floor() * ystep * unit.scale;
    let y1 = (raw_top / unit.scale / ystep).ceil() * ystep * unit.scale;
    let yticks: Vec<f64> = (0..)
        .map(|i| y0 + f64::from(i) * ystep * unit.scale)
        .take_while(|t| *t <= y1 * (1.0 + 1e-9))
        .take(64)
        .collect();
    (y0, y1, yticks, unit, ystep)
}

/// A "nice" step (1, 2, 2.5 or 5 × 10ⁿ) at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * mag >= raw * (1.0 - 1e-9) {
            return m * mag;
        }
    }
    10.0 * mag
}

/// Integer year step giving at most about 14 ticks.
fn year_step(span: i64) -> i64 {
    [
        1,
        2,
        5,
        10,
        20,
        50,
        100,
        200,
        500,
        1000,
        10_000,
        100_000,
        1_000_000,
        100_000_000,
    ]
    .into_iter()
    .find(|s| span / s <= 14)
    .unwrap_or(1_000_000_000)
}

/// Axis tick label in `unit`, with as many decimals as the step needs.
pub(super) fn tick_label(v: f64, step: f64) -> String {
    let decimals = if step >= 1.0 - 1e-9 {
        0
    } else if step >= 0.1 - 1e-12 {
        1
    } else {
        2
    };
    if decimals == 0 {
        group_thousands(v.round() as i64)
    } else {
        format!("{v:.decimals$}")
    }
}

/// A linear f64 axis whose ticks are exactly the ones given (plotters' own f64 axis picks its ticks,
/// which gives "2023.5" years; its key-point wrapper loses the label formatter).
pub(super) struct Ticked {
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) ticks: Vec<f64>,
}

impl Ranged for Ticked {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let t = (value - self.lo) / (self.hi - self.lo);
        let px = f64::from(limit.0) + t * f64::from(limit.1 - limit.0);
        // Far-off values (never drawn: everything is clipped first) must not wrap around.
        px.round().clamp(-1e6, 1e6) as i32
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.37), 0.5);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(2.1), 2.5);
        assert_eq!(year_step(12), 1);
        assert_eq!(year_step(20), 2);
    }
}
