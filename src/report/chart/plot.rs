//! The plot: axes and mesh, the fan, the lines, the target with its crossing and deadline, the
//! history's marks and the value labels, drawn in that order (later parts lie on top).
//!
//! Data elements are drawn on the root area in absolute pixels (from `map_coordinate`), after
//! clipping in data space; labels are placed where they collide with no marker or other label.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::clip::{clip_polygon, clip_polyline};
use super::marks::{draw_caret, draw_marker};
use super::scale::{tick_label, Clean, Frame, Ticked};
use super::style::{
    bold, font, CROSS_SPAN, DEADLINE, FAN80, FAN95, FITTED, GRID, HISTORY, HISTORY_LINE, INK,
    LABEL_PX, MARKER_R, MEAN, MUTED, TARGET,
};
use super::{kind_index, render_err, Area, ChartTarget, ForecastPoint, Px, Shown};
use crate::fmt::{bounded_label, usd_label};
use crate::obs::Bound;
use crate::Error;

/// The plotting area with its data coordinates.
type PlotArea<'a> = DrawingArea<BitMapBackend<'a>, Cartesian2d<Ticked, Ticked>>;

/// Where the plot's parts are drawn: the root (absolute pixels), the mapping from data to pixels,
/// the y-range that clipping keeps, and the plotting area's pixel edges.
struct Canvas<'r, 'a> {
    root: &'r Area<'a>,
    area: &'r PlotArea<'a>,
    x0: f64,
    y0: f64,
    y1: f64,
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
}

impl Canvas<'_, '_> {
    fn px(&self, p: (f64, f64)) -> Px {
        self.area.map_coordinate(&p)
    }

    /// Whether a value lies inside the y-range (drawn, not clipped).
    fn shows(&self, v: f64) -> bool {
        v <= self.y1 && v >= self.y0
    }
}

/// Draws the axes and data into `plot` (see the module doc).
pub(super) fn draw_plot<'a>(
    root: &Area<'a>,
    plot: &Area<'a>,
    data: &Clean,
    shown: &mut Shown,
    notes: &mut Vec<String>,
) -> Result<(), Error> {
    let frame = Frame::of(data);
    let ctx = mesh(plot, &frame)?;
    let area = ctx.plotting_area();
    let (prange_x, prange_y) = area.get_pixel_range();
    let canvas = Canvas {
        root,
        area,
        x0: frame.x0,
        y0: frame.y0,
        y1: frame.y1,
        left: prange_x.start,
        right: prange_x.end - 1,
        top: prange_y.start,
        bottom: prange_y.end - 1,
    };

    let anchor_pt = fan_anchor(data);
    let (clipped80, clipped95) = draw_fans(&canvas, data, anchor_pt, shown)?;
    draw_lines(&canvas, data, anchor_pt, shown, notes)?;
    if clipped80 {
        notes.push("80% and 95% bands clipped at the top.".into());
    } else if clipped95 {
        notes.push("95% band clipped at the top.".into());
    }

    let pix: Vec<Px> = data
        .history
        .iter()
        .map(|p| canvas.px((f64::from(p.year), p.value_usd)))
        .collect();
    let mut labels = Labels::around_markers(&pix, data);
    if let Some(t) = &data.target {
        draw_target(&canvas, t, &mut labels, shown)?;
    }

    // A cue where the clipping happens, besides the note.
    let clip_cue = if clipped80 {
        Some("↑ bands continue above")
    } else if clipped95 {
        Some("↑ 95% band continues above")
    } else {
        None
    };
    if let Some(cue) = clip_cue {
        let (right, top) = (canvas.right, canvas.top);
        labels.place(
            &canvas,
            cue,
            &font(16.0).color(&MEAN),
            &[
                (right - 8, top + 4, HPos::Right, VPos::Top),
                (right - 8, top + 30, HPos::Right, VPos::Top),
                (right - 8, top + 56, HPos::Right, VPos::Top),
            ],
            false,
        )?;
    }

    draw_history(&canvas, data, &pix, shown)?;
    value_labels(&canvas, data, &pix, &mut labels)?;
    if data.history.len() == 1 && data.forecast.is_empty() {
        notes.push("One data point: no trend or forecast can be drawn.".into());
    } else if !data.history.is_empty() && data.forecast.is_empty() {
        notes.push("No forecast for this pair.".into());
    }
    Ok(())
}

/// Builds the coordinate system on `plot` and draws the mesh, tick labels and axis title.
fn mesh<'p, 'a>(
    plot: &'p Area<'a>,
    frame: &Frame,
) -> Result<ChartContext<'p, BitMapBackend<'a>, Cartesian2d<Ticked, Ticked>>, Error> {
    let mut ctx = ChartBuilder::on(plot)
        .margin_top(14)
        .margin_right(24)
        .margin_left(12)
        .x_label_area_size(44)
        .y_label_area_size(84)
        .build_cartesian_2d(
            Ticked {
                lo: frame.x0,
                hi: frame.x1,
                ticks: frame.xticks.clone(),
            },
            Ticked {
                lo: frame.y0,
                hi: frame.y1,
                ticks: frame.yticks.clone(),
            },
        )
        .map_err(render_err)?;
    let scale = frame.unit.scale;
    let ystep = frame.ystep;
    let xfmt = |x: &f64| format!("{}", x.round() as i64);
    let yfmt = move |y: &f64| tick_label(y / scale, ystep);
    ctx.configure_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED.stroke_width(1))
        .x_labels(40)
        .y_labels(40)
        .x_label_formatter(&xfmt)
        .y_label_formatter(&yfmt)
        .x_label_style(font(LABEL_PX).color(&INK))
        .y_label_style(font(LABEL_PX).color(&INK))
        .y_desc(frame.unit.axis)
        .axis_desc_style(font(LABEL_PX).color(&INK))
        .draw()
        .map_err(render_err)?;
    Ok(ctx)
}

// ---------------------------------------------------------------------------------------------------
// Fan and lines

/// Where the fan and the mean open: the last fitted year, so the fan opens from the model line
/// instead of floating; without a fitted line, the last history point. `None` if the forecast does
/// not start after it.
fn fan_anchor(data: &Clean) -> Option<(f64, f64)> {
    let last_hist = data
        .history
        .last()
        .map(|p| (f64::from(p.year), p.value_usd));
    data.fitted.last().copied().or(last_hist).filter(|(y, _)| {
        data.forecast
            .first()
            .is_some_and(|f| f64::from(f.year) > *y)
    })
}

/// One band as a polygon: the anchor, the upper edge forward, the lower edge backward.
fn band(
    data: &Clean,
    anchor_pt: Option<(f64, f64)>,
    lo: fn(&ForecastPoint) -> f64,
    hi: fn(&ForecastPoint) -> f64,
) -> Vec<(f64, f64)> {
    let pts: Vec<&ForecastPoint> = data
        .forecast
        .iter()
        .filter(|p| lo(p).is_finite() && hi(p).is_finite())
        .collect();
    if pts.is_empty() {
        return Vec::new();
    }
    let mut poly: Vec<(f64, f64)> = Vec::new();
    poly.extend(anchor_pt);
    poly.extend(pts.iter().map(|p| (f64::from(p.year), lo(p).max(hi(p)))));
    poly.extend(
        pts.iter()
            .rev()
            .map(|p| (f64::from(p.year), lo(p).min(hi(p)))),
    );
    poly
}

/// The fan: 95% under 80%. Returns whether the 80% and the 95% band were clipped at the top.
fn draw_fans(
    c: &Canvas<'_, '_>,
    data: &Clean,
    anchor_pt: Option<(f64, f64)>,
    shown: &mut Shown,
) -> Result<(bool, bool), Error> {
    let fan95 = band(data, anchor_pt, |p| p.lower95_usd, |p| p.upper95_usd);
    let fan80 = band(data, anchor_pt, |p| p.lower80_usd, |p| p.upper80_usd);
    let mut clipped95 = false;
    let mut clipped80 = false;
    for (poly, color, clipped, flag) in [
        (&fan95, FAN95, &mut clipped95, &mut shown.fan95),
        (&fan80, FAN80, &mut clipped80, &mut shown.fan80),
    ] {
        if poly.len() < 3 {
            continue;
        }
        *flag = true;
        *clipped = poly.iter().any(|p| p.1 > c.y1);
        let visible = clip_polygon(poly, c.y0, c.y1);
        if visible.len() >= 3 {
            let pix: Vec<Px> = visible.iter().map(|p| c.px(*p)).collect();
            c.root
                .draw(&Polygon::new(pix, color.filled()))
                .map_err(render_err)?;
        }
    }
    Ok((clipped80, clipped95))
}

/// History connector (thin), fitted line, forecast mean (dashed), with a note when the mean runs
/// above the chart.
fn draw_lines(
    c: &Canvas<'_, '_>,
    data: &Clean,
    anchor_pt: Option<(f64, f64)>,
    shown: &mut Shown,
    notes: &mut Vec<String>,
) -> Result<(), Error> {
    let hist_xy: Vec<(f64, f64)> = data
        .history
        .iter()
        .map(|p| (f64::from(p.year), p.value_usd))
        .collect();
    for run in clip_polyline(&hist_xy, c.y0, c.y1) {
        let pix: Vec<Px> = run.iter().map(|p| c.px(*p)).collect();
        c.root
            .draw(&PathElement::new(pix, HISTORY_LINE.stroke_width(2)))
            .map_err(render_err)?;
    }
    if data.fitted.len() >= 2 {
        shown.fitted = true;
        for run in clip_polyline(&data.fitted, c.y0, c.y1) {
            let pix: Vec<Px> = run.iter().map(|p| c.px(*p)).collect();
            c.root
                .draw(&PathElement::new(pix, FITTED.stroke_width(2)))
                .map_err(render_err)?;
        }
    }
    if data.forecast.is_empty() {
        return Ok(());
    }
    shown.point = Some(if data.point_label.is_empty() {
        "Forecast".to_string()
    } else {
        format!("Forecast ({})", data.point_label)
    });
    let mut mean_xy: Vec<(f64, f64)> = Vec::new();
    mean_xy.extend(anchor_pt);
    mean_xy.extend(
        data.forecast
            .iter()
            .map(|p| (f64::from(p.year), p.mean_usd)),
    );
    for run in clip_polyline(&mean_xy, c.y0, c.y1) {
        let pix: Vec<Px> = run.iter().map(|p| c.px(*p)).collect();
        if pix.len() == 1 || run.first() == run.last() {
            continue;
        }
        c.root
            .draw(&DashedPathElement::new(pix, 10, 7, MEAN.stroke_width(3)))
            .map_err(render_err)?;
    }
    if data.forecast.len() == 1 {
        let p = data.forecast[0];
        if c.shows(p.mean_usd) {
            let at = c.px((f64::from(p.year), p.mean_usd));
            c.root
                .draw(&Circle::new(at, 4, MEAN.filled()))
                .map_err(render_err)?;
        }
    }
    if let Some(last) = data.forecast.last() {
        if let Some(leave) = data.forecast.iter().find(|p| p.mean_usd > c.y1) {
            notes.push(format!(
                "Forecast mean runs above the chart from {}; it reaches {} in {}.",
                leave.year,
                usd_label(last.mean_usd),
                last.year
            ));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Labels

/// A pixel rectangle, for keeping labels apart.
#[derive(Clone, Copy)]
struct Boxed {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
}

impl Boxed {
    fn new(x0: i32, y0: i32, x1: i32, y1: i32) -> Self {
        Boxed { x0, y0, x1, y1 }
    }
    fn overlaps(&self, o: &Boxed) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// The boxes taken so far: labels keep clear of the markers (and their carets) and of each other.
struct Labels {
    placed: Vec<Boxed>,
}

impl Labels {
    /// Starts with a box around each history marker (`pix`, in the order of `data.history`).
    fn around_markers(pix: &[Px], data: &Clean) -> Labels {
        let placed = pix
            .iter()
            .zip(&data.history)
            .map(|(c, p)| {
                let r = MARKER_R + 3;
                let (up, down) = match p.bound {
                    Bound::AtLeast => (MARKER_R + 22, r),
                    Bound::AtMost => (r, MARKER_R + 22),
                    Bound::Exact | Bound::Approx => (r, r),
                };
                Boxed::new(c.0 - r, c.1 - up, c.0 + r, c.1 + down)
            })
            .collect();
        Labels { placed }
    }

    /// Draws `text` on a white box at the first of `spots` (anchor point and alignment) that is
    /// free; if none is, at the first spot when `force`, else not at all.
    fn place(
        &mut self,
        c: &Canvas<'_, '_>,
        text: &str,
        style: &TextStyle<'_>,
        spots: &[(i32, i32, HPos, VPos)],
        force: bool,
    ) -> Result<(), Error> {
        let (tw, th) = c.root.estimate_text_size(text, style).map_err(render_err)?;
        let (tw, th) = (tw as i32, th as i32);
        let boxes: Vec<(Boxed, i32, i32)> = spots
            .iter()
            .map(|&(x, y, hpos, vpos)| {
                let left = match hpos {
                    HPos::Left => x,
                    HPos::Center => x - tw / 2,
                    HPos::Right => x - tw,
                };
                let top = match vpos {
                    VPos::Top => y,
                    VPos::Center => y - th / 2,
                    VPos::Bottom => y - th,
                };
                let left = left.clamp(c.left + 4, (c.right - 4 - tw).max(c.left + 4));
                let top = top.clamp(c.top + 2, (c.bottom - 4 - th).max(c.top + 2));
                (
                    Boxed::new(left - 3, top - 2, left + tw + 3, top + th + 3),
                    left,
                    top,
                )
            })
            .collect();
        let free = boxes
            .iter()
            .find(|(bx, _, _)| !self.placed.iter().any(|b| b.overlaps(bx)));
        let chosen = match (free, force) {
            (Some(f), _) => Some(f),
            (None, true) => boxes.first(),
            (None, false) => None,
        };
        if let Some((bx, left, top)) = chosen {
            self.placed.push(*bx);
            c.root
                .draw(&Rectangle::new(
                    [(bx.x0, bx.y0), (bx.x1, bx.y1)],
                    WHITE.filled(),
                ))
                .map_err(render_err)?;
            c.root
                .draw(&Text::new(text.to_string(), (*left, *top), style.clone()))
                .map_err(render_err)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------------
// Target

/// Target line, crossing span and median year, deadline, each with its label.
fn draw_target(
    c: &Canvas<'_, '_>,
    t: &ChartTarget,
    labels: &mut Labels,
    shown: &mut Shown,
) -> Result<(), Error> {
    shown.target = Some(t.label.clone());
    let ty = c.px((c.x0, t.value_usd)).1;
    if let Some(cr) = &t.crossing {
        shown.crossing = Some(crossing_span(c, t, cr, ty)?);
    }
    c.root
        .draw(&PathElement::new(
            vec![(c.left, ty), (c.right, ty)],
            TARGET.stroke_width(2),
        ))
        .map_err(render_err)?;
    if let Some(cr) = &t.crossing {
        let cx = c.px((f64::from(cr.p50), t.value_usd)).0;
        c.root
            .draw(&PathElement::new(
                vec![(cx, ty - 22), (cx, ty + 22)],
                TARGET.stroke_width(4),
            ))
            .map_err(render_err)?;
        labels
            .placed
            .push(Boxed::new(cx - 3, ty - 22, cx + 3, ty + 22));
        let year_style = bold(LABEL_PX).color(&TARGET);
        labels.place(
            c,
            &cr.p50.to_string(),
            &year_style,
            &[
                (cx + 7, ty - 12, HPos::Left, VPos::Bottom),
                (cx - 7, ty - 12, HPos::Right, VPos::Bottom),
                (cx + 7, ty + 12, HPos::Left, VPos::Top),
                (cx - 7, ty + 12, HPos::Right, VPos::Top),
            ],
            true,
        )?;
    }
    let label_style = bold(LABEL_PX).color(&TARGET);
    labels.place(
        c,
        &t.label,
        &label_style,
        &[
            (c.left + 8, ty - 12, HPos::Left, VPos::Bottom),
            (c.right - 8, ty - 12, HPos::Right, VPos::Bottom),
            (c.left + 8, ty + 12, HPos::Left, VPos::Top),
            (c.right - 8, ty + 12, HPos::Right, VPos::Top),
        ],
        true,
    )?;
    if let Some(d) = t.deadline {
        shown.deadline = Some(d);
        draw_deadline(c, d, labels)?;
    }
    Ok(())
}

/// The crossing's 80% span on the target line, with end ticks; returns its legend text.
fn crossing_span(
    c: &Canvas<'_, '_>,
    t: &ChartTarget,
    cr: &super::Crossing,
    ty: i32,
) -> Result<String, Error> {
    let lo = cr.p10.unwrap_or(cr.p50).min(cr.p50);
    let hi_px = match cr.p90 {
        Some(p90) => c.px((f64::from(p90.max(cr.p50)), t.value_usd)).0,
        None => c.right,
    };
    let lo_px = c.px((f64::from(lo), t.value_usd)).0;
    c.root
        .draw(&Rectangle::new(
            [(lo_px, ty - 9), (hi_px.max(lo_px + 2), ty + 9)],
            CROSS_SPAN.filled(),
        ))
        .map_err(render_err)?;
    // An open end (p90 beyond the horizon) gets no closing tick.
    let ends = if cr.p90.is_some() {
        vec![lo_px, hi_px]
    } else {
        vec![lo_px]
    };
    for x in ends {
        c.root
            .draw(&PathElement::new(
                vec![(x, ty - 9), (x, ty + 9)],
                TARGET.stroke_width(2),
            ))
            .map_err(render_err)?;
    }
    let range = match (cr.p10, cr.p90) {
        (Some(a), Some(b)) => format!(" (80% range {a}–{b})"),
        (Some(a), None) => format!(" (80% range {a} to after the horizon)"),
        (None, Some(b)) => format!(" (80% range up to {b})"),
        (None, None) => String::new(),
    };
    Ok(format!("Reaches target: {}{range}", cr.p50))
}

/// The deadline as a vertical dotted line with its label.
fn draw_deadline(c: &Canvas<'_, '_>, d: i32, labels: &mut Labels) -> Result<(), Error> {
    let dx = c.px((f64::from(d), c.y0)).0;
    c.root
        .draw(&DashedPathElement::new(
            vec![(dx, c.top), (dx, c.bottom)],
            2,
            5,
            DEADLINE.stroke_width(2),
        ))
        .map_err(render_err)?;
    labels.place(
        c,
        &format!("Deadline {d}"),
        &font(LABEL_PX).color(&DEADLINE),
        &[
            (dx + 7, c.top + 4, HPos::Left, VPos::Top),
            (dx - 7, c.top + 4, HPos::Right, VPos::Top),
            (dx + 7, c.bottom - 4, HPos::Left, VPos::Bottom),
            (dx - 7, c.bottom - 4, HPos::Right, VPos::Bottom),
        ],
        true,
    )
}

// ---------------------------------------------------------------------------------------------------
// History

/// History markers and bound carets (points outside the y-range are not drawn).
fn draw_history(
    c: &Canvas<'_, '_>,
    data: &Clean,
    pix: &[Px],
    shown: &mut Shown,
) -> Result<(), Error> {
    for (p, at) in data.history.iter().zip(pix) {
        if !c.shows(p.value_usd) {
            continue;
        }
        shown.kinds[kind_index(p.kind)] = true;
        draw_marker(c.root, *at, p.kind)?;
        match p.bound {
            Bound::AtLeast => {
                shown.at_least = true;
                draw_caret(c.root, *at, true, at.1 - c.top)?;
            }
            Bound::AtMost => {
                shown.at_most = true;
                draw_caret(c.root, *at, false, c.bottom - at.1)?;
            }
            Bound::Exact | Bound::Approx => {}
        }
    }
    Ok(())
}

/// Value labels above the markers (above the caret for "at least"): the latest year first, then the
/// first, then the rest from the end, each only where it does not collide with one already placed.
/// Long series get just the first and the latest.
fn value_labels(
    c: &Canvas<'_, '_>,
    data: &Clean,
    pix: &[Px],
    labels: &mut Labels,
) -> Result<(), Error> {
    let n = data.history.len();
    let mut order: Vec<usize> = Vec::new();
    if n > 0 {
        order.push(n - 1);
        if n > 1 {
            order.push(0);
        }
        if n <= 8 {
            order.extend((1..n.saturating_sub(1)).rev());
        }
    }
    for i in order {
        let (p, at) = (&data.history[i], pix[i]);
        if !c.shows(p.value_usd) {
            continue;
        }
        let lift = if p.bound == Bound::AtLeast { 34 } else { 14 };
        let text = bounded_label(p.value_usd, p.bound);
        let style = bold(LABEL_PX).color(&HISTORY);
        let spots = [
            (at.0, at.1 - lift, HPos::Center, VPos::Bottom),
            (at.0 + 12, at.1 + 12, HPos::Left, VPos::Top),
            (at.0 - 12, at.1 + 12, HPos::Right, VPos::Top),
        ];
        labels.place(c, &text, &style, &spots, false)?;
    }
    Ok(())
}
