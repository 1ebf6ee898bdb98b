//! One PNG chart a pair: history marked by kind and bound, the fitted line, the forecast mean with its
//! 80% and 95% fan, and the target with its projected crossing year.
//!
//! [`render_png`] is a pure function: the same [`Chart`] gives the same bytes. Text comes only from the
//! DejaVu Sans faces embedded in the binary (`assets/fonts/`), so a machine without fonts renders the same.
//!
//! # Scale
//!
//! The y-axis is **linear and starts at zero** (lower only if a value is negative). The chart is read by people who compare heights: a linear
//! axis shows that $644 m is about two thirds of a $1 bn target, which a log axis hides (and log axes are
//! often misread outside specialist audiences). The price of a linear axis is that forecast intervals
//! from short series can be enormous (with three points the 95% upper bound may be 100× the data); rather
//! than squash the history into a line at the bottom, the y-range is set by the history and the target
//! (see [`render_png`]) and whatever lies above it is clipped, with a note saying what was clipped and
//! where the forecast ends. Units (USD tn / bn / m / k) follow the top of the axis; years are whole.
//!
//! # Layout
//!
//! 1200×700: title and subtitle on top; the plot on the left; a panel on the right with a legend of
//! only what is drawn and notes (clipping, "one data point"); the footer (sources, as-of date) wrapped
//! to two lines at the bottom. Value labels, the target label and the crossing year are placed where they
//! collide with no marker or other label.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontFamily, FontStyle};

use crate::obs::Bound;
use crate::series::PointKind;
use crate::Error;

/// Width of the rendered PNG, in pixels.
pub const WIDTH: u32 = 1200;
/// Height of the rendered PNG, in pixels.
pub const HEIGHT: u32 = 700;

/// Everything one chart shows, as plain data. Values are in US dollars; non-finite values are skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Headline, e.g. `"KZ-AZ turnover"`.
    pub title: String,
    /// Second line, e.g. `"Chosen model: log-linear trend · as of 2026-11-23"`.
    pub subtitle: String,
    /// Sources and as-of date, at the bottom; wrapped to two lines, then cut with an ellipsis.
    pub footer: String,
    /// Annual history, one point a year (order does not matter).
    pub history: Vec<HistoryPoint>,
    /// The chosen model's in-sample fitted values, `(year, value_usd)`; may be empty.
    pub fitted: Vec<(i32, f64)>,
    /// The projection with its intervals, if a model could be fitted.
    pub forecast: Option<ChartForecast>,
    /// The target and when the projection reaches it, if the pair has a target.
    pub target: Option<ChartTarget>,
}

/// One year of history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistoryPoint {
    /// Calendar year.
    pub year: i32,
    /// The annual value, USD.
    pub value_usd: f64,
    /// How the value was obtained: sets the marker (filled circle, hollow circle, hollow diamond).
    pub kind: PointKind,
    /// How exact it is: `AtLeast` adds an upward caret, `AtMost` a downward one.
    pub bound: Bound,
}

/// A projection: the mean path and its 80% and 95% intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartForecast {
    /// One point a projected year (order does not matter).
    pub points: Vec<ForecastPoint>,
}

/// One projected year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForecastPoint {
    /// Calendar year.
    pub year: i32,
    /// Mean (or central) projection, USD.
    pub mean_usd: f64,
    /// Lower edge of the 80% interval, USD.
    pub lower80_usd: f64,
    /// Upper edge of the 80% interval, USD.
    pub upper80_usd: f64,
    /// Lower edge of the 95% interval, USD.
    pub lower95_usd: f64,
    /// Upper edge of the 95% interval, USD.
    pub upper95_usd: f64,
}

/// A target level, drawn as a horizontal line.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartTarget {
    /// Target level, USD.
    pub value_usd: f64,
    /// Label drawn on the line, e.g. `"Target $1 bn"`.
    pub label: String,
    /// When the projection reaches the target, if it does within the horizon.
    pub crossing: Option<Crossing>,
    /// Year the target is meant to be met by, drawn as a vertical dotted line.
    pub deadline: Option<i32>,
}

/// The projected year a target is first reached, with its uncertainty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crossing {
    /// Median year (half the simulated paths reach the target by then).
    pub p50: i32,
    /// Early end: 10% of paths reach the target by this year.
    pub p10: Option<i32>,
    /// Late end: 90% of paths reach the target by this year; `None` if later than the horizon.
    pub p90: Option<i32>,
}

// ---------------------------------------------------------------------------------------------------
// Fonts

static FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Registers the embedded faces once per process; later calls return the first outcome.
fn ensure_fonts() -> Result<(), Error> {
    static FONTS: OnceLock<Result<(), String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            register_font("sans-serif", FontStyle::Normal, FONT_REGULAR)
                .map_err(|_| "embedded DejaVuSans.ttf is not a valid font".to_string())?;
            register_font("sans-serif", FontStyle::Bold, FONT_BOLD)
                .map_err(|_| "embedded DejaVuSans-Bold.ttf is not a valid font".to_string())
        })
        .clone()
        .map_err(Error::Render)
}

fn font(size: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Normal).into()
}

fn bold(size: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Bold).into()
}

// ---------------------------------------------------------------------------------------------------
// Palette: opaque colours (no alpha blending), so overlaps look the same wherever they fall.

const INK: RGBColor = RGBColor(33, 33, 33);
const MUTED: RGBColor = RGBColor(96, 96, 96);
const GRID: RGBColor = RGBColor(228, 228, 228);
const HISTORY: RGBColor = RGBColor(23, 55, 110);
const HISTORY_LINE: RGBColor = RGBColor(160, 174, 200);
const FITTED: RGBColor = RGBColor(110, 110, 110);
const MEAN: RGBColor = RGBColor(31, 105, 180);
const FAN80: RGBColor = RGBColor(170, 202, 234);
const FAN95: RGBColor = RGBColor(220, 233, 246);
const TARGET: RGBColor = RGBColor(196, 48, 43);
const CROSS_SPAN: RGBColor = RGBColor(244, 196, 190);
const DEADLINE: RGBColor = RGBColor(70, 70, 70);

// ---------------------------------------------------------------------------------------------------
// Layout, in pixels.

const LEGEND_W: i32 = 290;
const TOP_H: i32 = 92;
const FOOTER_LINE_H: i32 = 21;
const LABEL_PX: f64 = 17.0;
const MARKER_R: i32 = 7;

/// Renders `chart` as a 1200×700 PNG.
///
/// The y-range runs from zero to a little above `max(history, target, 80% upper edge, mean)`, but never
/// higher than twice `max(history, target)`: forecast intervals from short series would otherwise flatten
/// the data. Bands and the mean are clipped at the top and a note in the legend panel says so, giving the
/// forecast's last value. Non-finite values are skipped; an empty chart still renders, with a message.
///
/// # Example
///
/// ```
/// use tradecast::obs::Bound;
/// use tradecast::report::chart::{render_png, Chart, HistoryPoint};
/// use tradecast::series::PointKind;
///
/// let chart = Chart {
///     title: "KZ-UZ turnover".into(),
///     subtitle: "No model: one year of data · as of 2026-11-23".into(),
///     footer: "Source: Uzbek Statistics Agency 2024-01-20. As of 2026-11-23.".into(),
///     history: vec![HistoryPoint {
///         year: 2023,
///         value_usd: 4.5e9,
///         kind: PointKind::Reported,
///         bound: Bound::Approx,
///     }],
///     fitted: vec![],
///     forecast: None,
///     target: None,
/// };
/// let png = render_png(&chart)?;
/// assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
/// assert_eq!(png, render_png(&chart)?); // same chart, same bytes
/// # Ok::<(), tradecast::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Render`] if the embedded font cannot be registered or drawing or PNG encoding fails (neither
/// is expected with the embedded assets).
pub fn render_png(chart: &Chart) -> Result<Vec<u8>, Error> {
    ensure_fonts()?;
    let (w, h) = (WIDTH, HEIGHT);
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        draw(&root, chart)?;
        root.present().map_err(render_err)?;
    }
    let mut png = Vec::new();
    use image::ImageEncoder as _;
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&rgb, w, h, image::ColorType::Rgb8)
        .map_err(|e| Error::Render(format!("PNG encoding failed: {e}")))?;
    Ok(png)
}

fn render_err(e: impl std::fmt::Display) -> Error {
    Error::Render(format!("drawing the chart failed: {e}"))
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;
type Px = (i32, i32);

/// The chart's data with non-finite values dropped and everything sorted by year.
struct Clean {
    history: Vec<HistoryPoint>,
    fitted: Vec<(f64, f64)>,
    forecast: Vec<ForecastPoint>,
    target: Option<ChartTarget>,
}

/// Finite and below $10¹⁸ (world trade is about $3·10¹³ a year): anything larger is a unit error, and
/// keeping it out keeps the axis arithmetic finite. Interval edges only need to be finite: they are
/// clipped.
fn usable(v: f64) -> bool {
    v.is_finite() && v.abs() < 1e18
}

fn clean(chart: &Chart) -> Clean {
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
        target,
    }
}

/// Money unit for the axis, chosen from the top of the y-range.
#[derive(Clone, Copy)]
struct Unit {
    scale: f64,
    axis: &'static str,
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

/// Groups digits in threes: 12345 → "12,345".
fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Axis tick label in `unit`, with as many decimals as the step needs.
fn tick_label(v: f64, step: f64) -> String {
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

/// Compact money: 644e6 → "$644 m", 4.5e9 → "$4.5 bn", 41.4e9 → "$41.4 bn".
pub(crate) fn money(v: f64) -> String {
    let (scale, suffix) = match v.abs() {
        a if a >= 1e12 => (1e12, " tn"),
        a if a >= 1e9 => (1e9, " bn"),
        a if a >= 1e6 => (1e6, " m"),
        a if a >= 1e3 => (1e3, " k"),
        _ => (1.0, ""),
    };
    let x = v / scale;
    let decimals = if x.abs() >= 100.0 {
        0
    } else if x.abs() >= 10.0 {
        1
    } else {
        2
    };
    let mut s = format!("{x:.decimals$}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if x.abs() >= 1000.0 {
        s = group_thousands(x.round() as i64);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}${}{suffix}", s.trim_start_matches('-'))
}

// ---------------------------------------------------------------------------------------------------
// Clipping in data space (only y needs it: the x-range covers every year drawn).

/// The part of segment `a`–`b` with `lo <= y <= hi`, if any.
fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    lo: f64,
    hi: f64,
) -> Option<((f64, f64), (f64, f64))> {
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    let dy = b.1 - a.1;
    for (p, q) in [(-dy, a.1 - lo), (dy, hi - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| (a.0 + t * (b.0 - a.0), a.1 + t * dy);
    Some((at(t0), at(t1)))
}

/// A polyline clipped to `lo <= y <= hi`: the visible runs, each a polyline.
fn clip_polyline(points: &[(f64, f64)], lo: f64, hi: f64) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut open = false;
    for pair in points.windows(2) {
        match clip_segment(pair[0], pair[1], lo, hi) {
            Some((s, e)) => {
                let continues = open && s == pair[0];
                match runs.last_mut() {
                    Some(run) if continues => run.push(e),
                    _ => runs.push(vec![s, e]),
                }
                open = e == pair[1];
            }
            None => open = false,
        }
    }
    runs
}

/// Sutherland–Hodgman against one horizontal edge; `keep_below` keeps `y <= edge`.
fn clip_polygon_edge(poly: &[(f64, f64)], edge: f64, keep_below: bool) -> Vec<(f64, f64)> {
    let inside = |p: (f64, f64)| if keep_below { p.1 <= edge } else { p.1 >= edge };
    let cross = |a: (f64, f64), b: (f64, f64)| {
        let t = (edge - a.1) / (b.1 - a.1);
        (a.0 + t * (b.0 - a.0), edge)
    };
    let mut out = Vec::with_capacity(poly.len() + 4);
    for i in 0..poly.len() {
        let cur = poly[i];
        let prev = poly[(i + poly.len() - 1) % poly.len()];
        match (inside(prev), inside(cur)) {
            (true, true) => out.push(cur),
            (true, false) => out.push(cross(prev, cur)),
            (false, true) => {
                out.push(cross(prev, cur));
                out.push(cur);
            }
            (false, false) => {}
        }
    }
    out
}

fn clip_polygon(poly: &[(f64, f64)], lo: f64, hi: f64) -> Vec<(f64, f64)> {
    let below = clip_polygon_edge(poly, hi, true);
    clip_polygon_edge(&below, lo, false)
}

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

/// A linear f64 axis whose ticks are exactly the ones given (plotters' own f64 axis picks its ticks,
/// which gives "2023.5" years; its key-point wrapper loses the label formatter).
struct Ticked {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
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

// ---------------------------------------------------------------------------------------------------
// Drawing

/// What the legend panel lists: only what the chart shows.
#[derive(Default)]
struct Shown {
    kinds: [bool; 3],
    at_least: bool,
    at_most: bool,
    fitted: bool,
    mean: bool,
    fan80: bool,
    fan95: bool,
    target: Option<String>,
    crossing: Option<String>,
    deadline: Option<i32>,
}

fn kind_index(k: PointKind) -> usize {
    match k {
        PointKind::Reported => 0,
        PointKind::Derived => 1,
        PointKind::Estimated => 2,
    }
}

fn draw(root: &Area<'_>, chart: &Chart) -> Result<(), Error> {
    root.fill(&WHITE).map_err(render_err)?;
    let (w, h) = (WIDTH as i32, HEIGHT as i32);

    // Title and subtitle.
    let title = truncate_to(root, &chart.title, &bold(28.0), w - 48)?;
    root.draw(&Text::new(title, (24, 16), bold(28.0).color(&INK)))
        .map_err(render_err)?;
    let subtitle = truncate_to(root, &chart.subtitle, &font(18.0), w - 48)?;
    root.draw(&Text::new(subtitle, (24, 56), font(18.0).color(&MUTED)))
        .map_err(render_err)?;

    // Footer: up to two lines at the bottom.
    let footer_style = font(16.0);
    let footer_lines = wrap(root, &chart.footer, &footer_style, w - 48, 2)?;
    let footer_h = FOOTER_LINE_H * footer_lines.len() as i32 + 14;
    let footer_top = h - footer_h + 4;
    root.draw(&PathElement::new(
        vec![(24, footer_top - 6), (w - 24, footer_top - 6)],
        GRID.stroke_width(1),
    ))
    .map_err(render_err)?;
    for (i, line) in footer_lines.iter().enumerate() {
        let y = footer_top + FOOTER_LINE_H * i as i32;
        root.draw(&Text::new(
            line.clone(),
            (24, y),
            footer_style.color(&MUTED),
        ))
        .map_err(render_err)?;
    }

    let plot = root
        .clone()
        .shrink((0, TOP_H), (w - LEGEND_W, h - TOP_H - footer_h));
    let panel = root
        .clone()
        .shrink((w - LEGEND_W, TOP_H), (LEGEND_W, h - TOP_H - footer_h));

    let data = clean(chart);
    let mut notes: Vec<String> = Vec::new();
    let mut shown = Shown::default();

    if data.history.is_empty() && data.fitted.is_empty() && data.forecast.is_empty() {
        let (pw, ph) = plot.dim_in_pixel();
        plot.draw(&Text::new(
            "No data to chart for this pair",
            (pw as i32 / 2, ph as i32 / 2),
            font(22.0)
                .color(&MUTED)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(render_err)?;
        notes.push("No finite figures were supplied.".into());
        return draw_panel(&panel, &shown, &notes);
    }

    draw_plot(root, &plot, &data, &mut shown, &mut notes)?;
    draw_panel(&panel, &shown, &notes)
}

/// Draws the axes and data into `plot`. Data elements are drawn on `root` in absolute pixels (from
/// `map_coordinate`), after clipping in data space.
fn draw_plot(
    root: &Area<'_>,
    plot: &Area<'_>,
    data: &Clean,
    shown: &mut Shown,
    notes: &mut Vec<String>,
) -> Result<(), Error> {
    // ---- x-range: every year drawn, padded half a year, at least five years wide.
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

    // ---- y-range: zero to just above what matters (see render_png); clipped beyond.
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

    let mut ctx = ChartBuilder::on(plot)
        .margin_top(14)
        .margin_right(24)
        .margin_left(12)
        .x_label_area_size(44)
        .y_label_area_size(84)
        .build_cartesian_2d(
            Ticked {
                lo: x0,
                hi: x1,
                ticks: xticks,
            },
            Ticked {
                lo: y0,
                hi: y1,
                ticks: yticks,
            },
        )
        .map_err(render_err)?;
    let scale = unit.scale;
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
        .y_desc(unit.axis)
        .axis_desc_style(font(LABEL_PX).color(&INK))
        .draw()
        .map_err(render_err)?;

    let area = ctx.plotting_area();
    let px = |p: (f64, f64)| area.map_coordinate(&p);
    let (prange_x, prange_y) = area.get_pixel_range();
    let draw_err = render_err;

    // ---- Fan: 95% under 80%, each a polygon (upper edge forward, lower edge backward), anchored at
    // the last fitted year so the fan opens from the model line instead of floating.
    // Without a fitted line, the last history point is the anchor.
    let last_hist = data
        .history
        .last()
        .map(|p| (f64::from(p.year), p.value_usd));
    let anchor_pt = data.fitted.last().copied().or(last_hist).filter(|(y, _)| {
        data.forecast
            .first()
            .is_some_and(|f| f64::from(f.year) > *y)
    });
    let band = |lo: fn(&ForecastPoint) -> f64, hi: fn(&ForecastPoint) -> f64| {
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
    };
    let fan95 = band(|p| p.lower95_usd, |p| p.upper95_usd);
    let fan80 = band(|p| p.lower80_usd, |p| p.upper80_usd);
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
        *clipped = poly.iter().any(|p| p.1 > y1);
        let visible = clip_polygon(poly, y0, y1);
        if visible.len() >= 3 {
            let pix: Vec<Px> = visible.iter().map(|p| px(*p)).collect();
            root.draw(&Polygon::new(pix, color.filled()))
                .map_err(draw_err)?;
        }
    }

    // ---- History connector (thin), fitted line, forecast mean (dashed).
    let hist_xy: Vec<(f64, f64)> = data
        .history
        .iter()
        .map(|p| (f64::from(p.year), p.value_usd))
        .collect();
    for run in clip_polyline(&hist_xy, y0, y1) {
        let pix: Vec<Px> = run.iter().map(|p| px(*p)).collect();
        root.draw(&PathElement::new(pix, HISTORY_LINE.stroke_width(2)))
            .map_err(draw_err)?;
    }
    if data.fitted.len() >= 2 {
        shown.fitted = true;
        for run in clip_polyline(&data.fitted, y0, y1) {
            let pix: Vec<Px> = run.iter().map(|p| px(*p)).collect();
            root.draw(&PathElement::new(pix, FITTED.stroke_width(2)))
                .map_err(draw_err)?;
        }
    }
    let mut mean_xy: Vec<(f64, f64)> = Vec::new();
    mean_xy.extend(anchor_pt);
    mean_xy.extend(
        data.forecast
            .iter()
            .map(|p| (f64::from(p.year), p.mean_usd)),
    );
    if !data.forecast.is_empty() {
        shown.mean = true;
        for run in clip_polyline(&mean_xy, y0, y1) {
            let pix: Vec<Px> = run.iter().map(|p| px(*p)).collect();
            if pix.len() == 1 || run.first() == run.last() {
                continue;
            }
            root.draw(&DashedPathElement::new(pix, 10, 7, MEAN.stroke_width(3)))
                .map_err(draw_err)?;
        }
        if data.forecast.len() == 1 {
            let p = data.forecast[0];
            if p.mean_usd <= y1 && p.mean_usd >= y0 {
                let c = px((f64::from(p.year), p.mean_usd));
                root.draw(&Circle::new(c, 4, MEAN.filled()))
                    .map_err(draw_err)?;
            }
        }
        if let Some(last) = data.forecast.last() {
            if let Some(leave) = data.forecast.iter().find(|p| p.mean_usd > y1) {
                notes.push(format!(
                    "Forecast mean runs above the chart from {}; it reaches {} in {}.",
                    leave.year,
                    money(last.mean_usd),
                    last.year
                ));
            }
        }
    }
    if clipped80 {
        notes.push("80% and 95% bands clipped at the top.".into());
    } else if clipped95 {
        notes.push("95% band clipped at the top.".into());
    }

    // ---- Target line, crossing span and median year, deadline.
    let (plot_left, plot_right) = (prange_x.start, prange_x.end - 1);
    let (plot_top, plot_bottom) = (prange_y.start, prange_y.end - 1);
    let pix: Vec<Px> = data
        .history
        .iter()
        .map(|p| px((f64::from(p.year), p.value_usd)))
        .collect();
    // Labels keep clear of the markers (and their carets) and of each other.
    let mut placed: Vec<Boxed> = pix
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
    let label = |placed: &mut Vec<Boxed>,
                 text: &str,
                 style: &TextStyle<'_>,
                 spots: &[(i32, i32, HPos, VPos)],
                 force: bool|
     -> Result<(), Error> {
        let (tw, th) = root.estimate_text_size(text, style).map_err(render_err)?;
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
                let left = left.clamp(plot_left + 4, (plot_right - 4 - tw).max(plot_left + 4));
                let top = top.clamp(plot_top + 2, (plot_bottom - 4 - th).max(plot_top + 2));
                (
                    Boxed::new(left - 3, top - 2, left + tw + 3, top + th + 3),
                    left,
                    top,
                )
            })
            .collect();
        let free = boxes
            .iter()
            .find(|(bx, _, _)| !placed.iter().any(|b| b.overlaps(bx)));
        let chosen = match (free, force) {
            (Some(f), _) => Some(f),
            (None, true) => boxes.first(),
            (None, false) => None,
        };
        if let Some((bx, left, top)) = chosen {
            placed.push(*bx);
            root.draw(&Rectangle::new(
                [(bx.x0, bx.y0), (bx.x1, bx.y1)],
                WHITE.filled(),
            ))
            .map_err(render_err)?;
            root.draw(&Text::new(text.to_string(), (*left, *top), style.clone()))
                .map_err(render_err)?;
        }
        Ok(())
    };
    if let Some(t) = &data.target {
        shown.target = Some(t.label.clone());
        let ty = px((x0, t.value_usd)).1;
        if let Some(c) = &t.crossing {
            let lo = c.p10.unwrap_or(c.p50).min(c.p50);
            let hi_px = match c.p90 {
                Some(p90) => px((f64::from(p90.max(c.p50)), t.value_usd)).0,
                None => plot_right,
            };
            let lo_px = px((f64::from(lo), t.value_usd)).0;
            root.draw(&Rectangle::new(
                [(lo_px, ty - 9), (hi_px.max(lo_px + 2), ty + 9)],
                CROSS_SPAN.filled(),
            ))
            .map_err(draw_err)?;
            // An open end (p90 beyond the horizon) gets no closing tick.
            let ends = if c.p90.is_some() {
                vec![lo_px, hi_px]
            } else {
                vec![lo_px]
            };
            for x in ends {
                root.draw(&PathElement::new(
                    vec![(x, ty - 9), (x, ty + 9)],
                    TARGET.stroke_width(2),
                ))
                .map_err(draw_err)?;
            }
            let range = match (c.p10, c.p90) {
                (Some(a), Some(b)) => format!(" (80% range {a}–{b})"),
                (Some(a), None) => format!(" (80% range {a} to after the horizon)"),
                (None, Some(b)) => format!(" (80% range up to {b})"),
                (None, None) => String::new(),
            };
            shown.crossing = Some(format!("Reaches target: {}{range}", c.p50));
        }
        root.draw(&PathElement::new(
            vec![(plot_left, ty), (plot_right, ty)],
            TARGET.stroke_width(2),
        ))
        .map_err(draw_err)?;
        if let Some(c) = &t.crossing {
            let cx = px((f64::from(c.p50), t.value_usd)).0;
            root.draw(&PathElement::new(
                vec![(cx, ty - 22), (cx, ty + 22)],
                TARGET.stroke_width(4),
            ))
            .map_err(draw_err)?;
            placed.push(Boxed::new(cx - 3, ty - 22, cx + 3, ty + 22));
            let year_style = bold(LABEL_PX).color(&TARGET);
            label(
                &mut placed,
                &c.p50.to_string(),
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
        label(
            &mut placed,
            &t.label,
            &label_style,
            &[
                (plot_left + 8, ty - 12, HPos::Left, VPos::Bottom),
                (plot_right - 8, ty - 12, HPos::Right, VPos::Bottom),
                (plot_left + 8, ty + 12, HPos::Left, VPos::Top),
                (plot_right - 8, ty + 12, HPos::Right, VPos::Top),
            ],
            true,
        )?;
        if let Some(d) = t.deadline {
            shown.deadline = Some(d);
            let dx = px((f64::from(d), y0)).0;
            root.draw(&DashedPathElement::new(
                vec![(dx, plot_top), (dx, plot_bottom)],
                2,
                5,
                DEADLINE.stroke_width(2),
            ))
            .map_err(draw_err)?;
            label(
                &mut placed,
                &format!("Deadline {d}"),
                &font(LABEL_PX).color(&DEADLINE),
                &[
                    (dx + 7, plot_top + 4, HPos::Left, VPos::Top),
                    (dx - 7, plot_top + 4, HPos::Right, VPos::Top),
                    (dx + 7, plot_bottom - 4, HPos::Left, VPos::Bottom),
                    (dx - 7, plot_bottom - 4, HPos::Right, VPos::Bottom),
                ],
                true,
            )?;
        }
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
        label(
            &mut placed,
            cue,
            &font(16.0).color(&MEAN),
            &[
                (plot_right - 8, plot_top + 4, HPos::Right, VPos::Top),
                (plot_right - 8, plot_top + 30, HPos::Right, VPos::Top),
                (plot_right - 8, plot_top + 56, HPos::Right, VPos::Top),
            ],
            false,
        )?;
    }

    // ---- History markers, bound carets and value labels.
    for (p, c) in data.history.iter().zip(&pix) {
        if p.value_usd > y1 || p.value_usd < y0 {
            continue;
        }
        shown.kinds[kind_index(p.kind)] = true;
        draw_marker(root, *c, p.kind)?;
        match p.bound {
            Bound::AtLeast => {
                shown.at_least = true;
                draw_caret(root, *c, true, c.1 - plot_top)?;
            }
            Bound::AtMost => {
                shown.at_most = true;
                draw_caret(root, *c, false, plot_bottom - c.1)?;
            }
            Bound::Exact | Bound::Approx => {}
        }
    }
    // Value labels above the markers (above the caret for "at least"): the latest year first, then the
    // first, then the rest from the end, each only where it does not collide with one already placed.
    // Long series get just the first and the latest.
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
        let (p, c) = (&data.history[i], pix[i]);
        if p.value_usd > y1 || p.value_usd < y0 {
            continue;
        }
        let prefix = match p.bound {
            Bound::AtLeast => "≥ ",
            Bound::AtMost => "≤ ",
            Bound::Approx => "≈ ",
            Bound::Exact => "",
        };
        let lift = if p.bound == Bound::AtLeast { 34 } else { 14 };
        let text = format!("{prefix}{}", money(p.value_usd));
        let style = bold(LABEL_PX).color(&HISTORY);
        let spots = [
            (c.0, c.1 - lift, HPos::Center, VPos::Bottom),
            (c.0 + 12, c.1 + 12, HPos::Left, VPos::Top),
            (c.0 - 12, c.1 + 12, HPos::Right, VPos::Top),
        ];
        label(&mut placed, &text, &style, &spots, false)?;
    }
    if data.history.len() == 1 && data.forecast.is_empty() {
        notes.push("One data point: no trend or forecast can be drawn.".into());
    } else if !data.history.is_empty() && data.forecast.is_empty() {
        notes.push("No forecast for this pair.".into());
    }
    Ok(())
}

fn draw_marker(root: &Area<'_>, c: Px, kind: PointKind) -> Result<(), Error> {
    let r = MARKER_R;
    match kind {
        PointKind::Reported => root.draw(&Circle::new(c, r, HISTORY.filled())),
        PointKind::Derived => {
            root.draw(&Circle::new(c, r, WHITE.filled()))
                .map_err(render_err)?;
            root.draw(&Circle::new(c, r, HISTORY.stroke_width(3)))
        }
        PointKind::Estimated => {
            let d = r + 2;
            let pts = vec![
                (c.0, c.1 - d),
                (c.0 + d, c.1),
                (c.0, c.1 + d),
                (c.0 - d, c.1),
            ];
            root.draw(&Polygon::new(pts.clone(), WHITE.filled()))
                .map_err(render_err)?;
            let mut outline = pts;
            outline.push((c.0, c.1 - d));
            root.draw(&PathElement::new(outline, HISTORY.stroke_width(3)))
        }
    }
    .map_err(render_err)
}

/// An arrow from the marker: up for "at least", down for "at most".
/// `room`: pixels from the marker's centre to the plot's edge in the arrow's direction; the arrow
/// shortens to stay inside (down to a stub that still shows its head).
fn draw_caret(root: &Area<'_>, c: Px, up: bool, room: i32) -> Result<(), Error> {
    let s = if up { -1 } else { 1 };
    let reach = (room - 2).clamp(MARKER_R + 11, MARKER_R + 20);
    let start = (c.0, c.1 + s * (MARKER_R + 3));
    let tip = (c.0, c.1 + s * reach);
    root.draw(&PathElement::new(vec![start, tip], HISTORY.stroke_width(2)))
        .map_err(render_err)?;
    root.draw(&Polygon::new(
        vec![tip, (tip.0 - 6, tip.1 - s * 8), (tip.0 + 6, tip.1 - s * 8)],
        HISTORY.filled(),
    ))
    .map_err(render_err)
}

fn draw_panel(panel: &Area<'_>, shown: &Shown, notes: &[String]) -> Result<(), Error> {
    let mut y = 18;
    let x_sym = 22;
    let x_text = 62;
    let text_w = LEGEND_W - x_text - 12;
    let style = font(LABEL_PX).color(&INK);
    let any = shown.kinds.iter().any(|k| *k)
        || shown.fitted
        || shown.mean
        || shown.fan80
        || shown.fan95
        || shown.target.is_some();
    if any {
        panel
            .draw(&Text::new(
                "Legend",
                (x_sym - 8, y),
                bold(LABEL_PX).color(&INK),
            ))
            .map_err(render_err)?;
        y += 30;
    }
    let entry = |y: &mut i32, text: &str, sym: &dyn Fn(Px) -> Result<(), Error>| {
        sym((x_sym + 12, *y + 10))?;
        let lines = wrap(panel, text, &font(LABEL_PX), text_w, 3)?;
        for (i, line) in lines.iter().enumerate() {
            panel
                .draw(&Text::new(
                    line.clone(),
                    (x_text, *y + 21 * i as i32),
                    style.clone(),
                ))
                .map_err(render_err)?;
        }
        *y += 21 * lines.len().max(1) as i32 + 10;
        Ok::<(), Error>(())
    };
    let kinds = [
        (PointKind::Reported, "Reported"),
        (PointKind::Derived, "Derived from growth"),
        (PointKind::Estimated, "Estimated from part-year"),
    ];
    for (kind, label) in kinds {
        if shown.kinds[kind_index(kind)] {
            entry(&mut y, label, &|c| draw_marker(panel, c, kind))?;
        }
    }
    // Bound entries are taller: the caret needs room.
    if shown.at_least {
        y += 12;
        entry(&mut y, "At least (lower bound)", &|c| {
            draw_marker(panel, (c.0, c.1 + 4), PointKind::Reported)?;
            draw_caret(panel, (c.0, c.1 + 4), true, i32::MAX)
        })?;
        y += 4;
    }
    if shown.at_most {
        entry(&mut y, "At most (upper bound)", &|c| {
            draw_marker(panel, (c.0, c.1 - 4), PointKind::Reported)?;
            draw_caret(panel, (c.0, c.1 - 4), false, i32::MAX)
        })?;
        y += 16;
    }
    let line = |c: Px, color: RGBColor, w: u32| {
        panel
            .draw(&PathElement::new(
                vec![(c.0 - 16, c.1), (c.0 + 16, c.1)],
                color.stroke_width(w),
            ))
            .map_err(render_err)
    };
    let swatch = |c: Px, color: RGBColor| {
        panel
            .draw(&Rectangle::new(
                [(c.0 - 16, c.1 - 8), (c.0 + 16, c.1 + 8)],
                color.filled(),
            ))
            .map_err(render_err)
    };
    if shown.fitted {
        entry(&mut y, "Model fit to history", &|c| line(c, FITTED, 2))?;
    }
    if shown.mean {
        entry(&mut y, "Forecast (mean)", &|c| {
            panel
                .draw(&DashedPathElement::new(
                    vec![(c.0 - 16, c.1), (c.0 + 16, c.1)],
                    10,
                    7,
                    MEAN.stroke_width(3),
                ))
                .map_err(render_err)
        })?;
    }
    if shown.fan80 {
        entry(&mut y, "80% interval", &|c| swatch(c, FAN80))?;
    }
    if shown.fan95 {
        entry(&mut y, "95% interval", &|c| swatch(c, FAN95))?;
    }
    if let Some(label) = &shown.target {
        entry(&mut y, label, &|c| line(c, TARGET, 2))?;
    }
    if let Some(text) = &shown.crossing {
        entry(&mut y, text, &|c| {
            swatch(c, CROSS_SPAN)?;
            panel
                .draw(&PathElement::new(
                    vec![(c.0, c.1 - 12), (c.0, c.1 + 12)],
                    TARGET.stroke_width(4),
                ))
                .map_err(render_err)
        })?;
    }
    if let Some(d) = shown.deadline {
        entry(&mut y, &format!("Deadline {d}"), &|c| {
            panel
                .draw(&DashedPathElement::new(
                    vec![(c.0, c.1 - 12), (c.0, c.1 + 12)],
                    2,
                    5,
                    DEADLINE.stroke_width(2),
                ))
                .map_err(render_err)
        })?;
    }
    if !notes.is_empty() {
        y += 10;
        panel
            .draw(&Text::new(
                "Notes",
                (x_sym - 8, y),
                bold(LABEL_PX).color(&INK),
            ))
            .map_err(render_err)?;
        y += 28;
        for note in notes {
            for line in wrap(panel, note, &font(16.0), LEGEND_W - 34, 4)? {
                panel
                    .draw(&Text::new(line, (x_sym - 8, y), font(16.0).color(&MUTED)))
                    .map_err(render_err)?;
                y += 20;
            }
            y += 6;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Text fitting

fn text_width(area: &Area<'_>, text: &str, style: &TextStyle<'_>) -> Result<i32, Error> {
    let (w, _) = area.estimate_text_size(text, style).map_err(render_err)?;
    Ok(w as i32)
}

/// `text` cut to `max_w` pixels with an ellipsis.
fn truncate_to(
    area: &Area<'_>,
    text: &str,
    style: &TextStyle<'_>,
    max_w: i32,
) -> Result<String, Error> {
    if text_width(area, text, style)? <= max_w {
        return Ok(text.to_string());
    }
    // Binary search on the number of characters kept: width grows with the prefix length.
    let chars: Vec<char> = text.chars().collect();
    let cut = |n: usize| chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
    let (mut fits, mut too_long) = (0usize, chars.len());
    while too_long - fits > 1 {
        let mid = (fits + too_long) / 2;
        if text_width(area, &cut(mid), style)? <= max_w {
            fits = mid;
        } else {
            too_long = mid;
        }
    }
    Ok(cut(fits))
}

/// `text` wrapped at spaces into at most `max_lines` lines of `max_w` pixels; the last is cut with an
/// ellipsis if text remains.
fn wrap(
    area: &Area<'_>,
    text: &str,
    style: &TextStyle<'_>,
    max_w: i32,
    max_lines: usize,
) -> Result<Vec<String>, Error> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut lines: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() && lines.len() < max_lines {
        let last_line = lines.len() + 1 == max_lines;
        let mut line = words[i].to_string();
        i += 1;
        while i < words.len() {
            let candidate = format!("{line} {}", words[i]);
            if text_width(area, &candidate, style)? > max_w {
                break;
            }
            line = candidate;
            i += 1;
        }
        if last_line && i < words.len() {
            line = format!("{line} {}", words[i..].join(" "));
            i = words.len();
        }
        lines.push(truncate_to(area, &line, style, max_w)?);
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_well() {
        assert_eq!(money(644e6), "$644 m");
        assert_eq!(money(4.5e9), "$4.5 bn");
        assert_eq!(money(41.4e9), "$41.4 bn");
        assert_eq!(money(1e9), "$1 bn");
        assert_eq!(money(18_634e6), "$18.6 bn");
        assert_eq!(money(2_500e9), "$2.5 tn");
        assert_eq!(money(950e3), "$950 k");
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.37), 0.5);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(2.1), 2.5);
        assert_eq!(year_step(12), 1);
        assert_eq!(year_step(20), 2);
    }

    #[test]
    fn segment_clipping() {
        let s = clip_segment((0.0, 0.0), (1.0, 10.0), 0.0, 5.0).unwrap();
        assert_eq!(s, ((0.0, 0.0), (0.5, 5.0)));
        assert!(clip_segment((0.0, 6.0), (1.0, 10.0), 0.0, 5.0).is_none());
        let runs = clip_polyline(&[(0.0, 1.0), (1.0, 9.0), (2.0, 1.0)], 0.0, 5.0);
        assert_eq!(runs.len(), 2);
    }

    #[test]
    fn polygon_clipping_keeps_inside() {
        let poly = [(0.0, 0.0), (2.0, 10.0), (2.0, 0.0)];
        let c = clip_polygon(&poly, 0.0, 5.0);
        assert!(c.iter().all(|p| p.1 <= 5.0 && p.1 >= 0.0));
        assert!(c.len() >= 4);
    }
}
