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
//!
//! # Parts
//!
//! `style` holds fonts, palette and layout sizes; `scale` cleans the data and sets the axes;
//! `clip` cuts what lies above the chart; `plot` draws the plot, `marks` the history's
//! markers and carets, `panel` the legend and notes; `text` fits text into boxes. `track` draws
//! the other chart, a trade's track record ([`render_track_png`]).

mod clip;
mod marks;
mod panel;
mod plot;
mod scale;
mod style;
mod text;
mod track;

pub use track::{render_track_png, TrackChart, TrackProjection};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::obs::Bound;
use crate::series::PointKind;
use crate::Error;

use style::{bold, ensure_fonts, font, FOOTER_LINE_H, GRID, INK, LEGEND_W, MUTED, TOP_H};
use text::{truncate_to, wrap};

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

/// A projection: the point path and its 80% and 95% intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartForecast {
    /// One point a projected year (order does not matter).
    pub points: Vec<ForecastPoint>,
    /// What the dashed line is, for the legend: "median" for the log-scale models, "mean" for
    /// the linear trend ("Forecast (median)"); empty for just "Forecast".
    pub point_label: String,
}

/// One projected year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForecastPoint {
    /// Calendar year.
    pub year: i32,
    /// The point projection (see [`ChartForecast::point_label`]), USD.
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

/// A drawing failure as the crate's error.
fn render_err(e: impl std::fmt::Display) -> Error {
    Error::Render(format!("drawing the chart failed: {e}"))
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;
type Px = (i32, i32);

/// What the legend panel lists: only what the chart shows.
#[derive(Default)]
struct Shown {
    kinds: [bool; 3],
    at_least: bool,
    at_most: bool,
    fitted: bool,
    /// The point path's legend words ("Forecast (median)"), when it is drawn.
    point: Option<String>,
    fan80: bool,
    fan95: bool,
    target: Option<String>,
    crossing: Option<String>,
    deadline: Option<i32>,
}

/// The index of a kind in [`Shown::kinds`].
fn kind_index(k: PointKind) -> usize {
    match k {
        PointKind::Reported => 0,
        PointKind::Derived => 1,
        PointKind::Estimated => 2,
    }
}

/// The whole chart: title, subtitle and footer here; the plot and the panel in their modules.
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

    let data = scale::clean(chart);
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
        return panel::draw_panel(&panel, &shown, &notes);
    }

    plot::draw_plot(root, &plot, &data, &mut shown, &mut notes)?;
    panel::draw_panel(&panel, &shown, &notes)
}
