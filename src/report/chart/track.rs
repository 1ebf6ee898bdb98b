//! The track-record chart of one trade: what happened (the annual values, as on the fan chart) and,
//! at each year now reported, every earlier vintage's projection of it: its point and its 80% and
//! 95% bands drawn as the fan's two blues, side by side in the order the vintages were made.
//!
//! Same size, fonts and palette as the fan chart; the y-axis is linear from zero, and bands above
//! twice the highest value are cut at the top, as the fan is. Pure: same chart, same bytes.

use plotters::prelude::*;

use crate::Error;

use super::style::{
    bold, ensure_fonts, font, FAN80, FAN95, GRID, HISTORY, HISTORY_LINE, INK, MEAN, MUTED,
};
use super::{render_err, HEIGHT, WIDTH};

/// One earlier projection of a year now reported.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackProjection {
    /// The year projected.
    pub year: i32,
    /// The point projection, USD.
    pub point_usd: f64,
    /// The 80% band, USD.
    pub band80: (f64, f64),
    /// The 95% band, USD.
    pub band95: (f64, f64),
}

/// Everything a track-record chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackChart {
    /// Headline, e.g. `"KZ-KG turnover: earlier projections against what happened"`.
    pub title: String,
    /// Second line: the counts.
    pub subtitle: String,
    /// Bottom line: the vintages and the run.
    pub footer: String,
    /// The annual values now known, `(year, value_usd)`.
    pub actual: Vec<(i32, f64)>,
    /// Every scored projection, in the order the vintages made them.
    pub projections: Vec<TrackProjection>,
}

/// Renders `chart` as a 1200×700 PNG.
///
/// # Errors
///
/// [`Error::Render`] if drawing or PNG encoding fails (not expected with the embedded font).
pub fn render_track_png(chart: &TrackChart) -> Result<Vec<u8>, Error> {
    ensure_fonts()?;
    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, chart)?;
        root.present().map_err(render_err)?;
    }
    let mut png = Vec::new();
    use image::ImageEncoder as _;
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&rgb, WIDTH, HEIGHT, image::ColorType::Rgb8)
        .map_err(|e| Error::Render(format!("PNG encoding failed: {e}")))?;
    Ok(png)
}

fn draw(
    root: &DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>,
    chart: &TrackChart,
) -> Result<(), Error> {
    root.fill(&WHITE).map_err(render_err)?;
    root.draw(&Text::new(
        chart.title.clone(),
        (24, 16),
        bold(28.0).color(&INK),
    ))
    .map_err(render_err)?;
    root.draw(&Text::new(
        chart.subtitle.clone(),
        (24, 56),
        font(18.0).color(&MUTED),
    ))
    .map_err(render_err)?;
    root.draw(&Text::new(
        chart.footer.clone(),
        (24, HEIGHT as i32 - 30),
        font(16.0).color(&MUTED),
    ))
    .map_err(render_err)?;
    let plot = root.clone().margin(92, 40, 12, 24);

    let top_actual = chart.actual.iter().map(|a| a.1).fold(0.0_f64, f64::max);
    let top_seen = chart
        .projections
        .iter()
        .map(|p| p.band80.1.max(p.point_usd))
        .fold(top_actual, f64::max);
    let y1 = (top_seen.min(2.0 * top_actual).max(top_actual) * 1.08).max(1.0);
    let years = chart
        .actual
        .iter()
        .map(|a| a.0)
        .chain(chart.projections.iter().map(|p| p.year));
    let (lo, hi) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
    let (x0, x1) = if lo > hi {
        (0.0, 1.0)
    } else {
        (f64::from(lo) - 0.6, f64::from(hi) + 0.6)
    };
    let unit = if y1 >= 2e9 {
        (1e9, "USD bn", 1)
    } else {
        (1e6, "USD m", 0)
    };

    let mut ctx = ChartBuilder::on(&plot)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(x0..x1, 0.0..y1)
        .map_err(render_err)?;
    let xfmt = |x: &f64| {
        if (x - x.round()).abs() < 1e-9 {
            format!("{}", x.round() as i64)
        } else {
            String::new()
        }
    };
    let yfmt = |y: &f64| format!("{:.*}", unit.2, y / unit.0);
    ctx.configure_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED.stroke_width(1))
        .x_labels(((x1 - x0).round() as usize).clamp(2, 30))
        .x_label_formatter(&xfmt)
        .y_label_formatter(&yfmt)
        .y_desc(unit.1)
        .x_label_style(font(17.0).color(&INK))
        .y_label_style(font(17.0).color(&INK))
        .axis_desc_style(font(17.0).color(&INK))
        .draw()
        .map_err(render_err)?;

    // Each year's projections side by side, earliest vintage on the left.
    let mut by_year: Vec<(i32, Vec<&TrackProjection>)> = Vec::new();
    for p in &chart.projections {
        match by_year.iter_mut().find(|(y, _)| *y == p.year) {
            Some((_, v)) => v.push(p),
            None => by_year.push((p.year, vec![p])),
        }
    }
    let clip = |v: f64| v.clamp(0.0, y1);
    for (year, ps) in &by_year {
        let n = ps.len() as f64;
        for (i, p) in ps.iter().enumerate() {
            let x = f64::from(*year) - 0.35 + 0.7 * (i as f64 + 0.5) / n;
            let w = (0.3 / n).min(0.08);
            for ((l, u), color) in [(p.band95, FAN95), (p.band80, FAN80)] {
                ctx.draw_series(std::iter::once(Rectangle::new(
                    [(x - w, clip(l)), (x + w, clip(u))],
                    color.filled(),
                )))
                .map_err(render_err)?;
            }
            if p.point_usd <= y1 {
                ctx.draw_series(std::iter::once(PathElement::new(
                    vec![(x - w, p.point_usd), (x + w, p.point_usd)],
                    MEAN.stroke_width(3),
                )))
                .map_err(render_err)?;
            }
        }
    }
    let mut actual = chart.actual.clone();
    actual.sort_by_key(|a| a.0);
    let line: Vec<(f64, f64)> = actual.iter().map(|(y, v)| (f64::from(*y), *v)).collect();
    ctx.draw_series(std::iter::once(PathElement::new(
        line.clone(),
        HISTORY_LINE.stroke_width(2),
    )))
    .map_err(render_err)?;
    ctx.draw_series(line.iter().map(|p| Circle::new(*p, 7, HISTORY.filled())))
        .map_err(render_err)?
        .label("What happened")
        .legend(|(x, y)| Circle::new((x + 10, y), 6, HISTORY.filled()));
    for (label, color) in [
        ("Earlier projections: 80% band", FAN80),
        ("95% band", FAN95),
    ] {
        ctx.draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(render_err)?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], color.filled()));
    }
    ctx.draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
        .map_err(render_err)?
        .label("Projected point")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], MEAN.stroke_width(3)));
    ctx.configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.filled())
        .border_style(GRID)
        .label_font(font(16.0).color(&INK))
        .draw()
        .map_err(render_err)?;
    Ok(())
}
