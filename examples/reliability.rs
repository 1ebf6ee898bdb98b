//! Reliability diagrams of target probabilities: `reliability BINS.csv OUT_DIR` draws one PNG per
//! label of BINS.csv (`label,kind,bin_lo,bin_hi,n,mean_p,observed`, as `scripts/rt_calibration.py`
//! writes it): the mean predicted P of each bin against the share of its series that reached the
//! target, for all series and for each kind (pooled, smooth own-model, shrunk winner), with each
//! bin's count beside its point, the diagonal and a ±0.07 band around it (issue #24's tolerance).
//! Used by `scripts/realtrade_cross.sh`.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};

use plotters::prelude::*;
use plotters::style::{register_font, FontFamily, FontStyle};

static FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// One bin of one kind.
struct Bin {
    n: usize,
    mean_p: f64,
    observed: f64,
}

type Kinds = BTreeMap<String, Vec<Bin>>;

fn read(path: &Path) -> Result<BTreeMap<String, Kinds>, Box<dyn Error>> {
    let mut out: BTreeMap<String, Kinds> = BTreeMap::new();
    let mut r = csv::Reader::from_path(path)?;
    let path = path.display();
    const COLUMNS: [&str; 7] = [
        "label", "kind", "bin_lo", "bin_hi", "n", "mean_p", "observed",
    ];
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| format!("{path}: line {line}: {e}"))?;
        let field = |j: usize| {
            rec.get(j).ok_or(format!(
                "{path}: line {line}: no column {} ({}): the file needs the columns {}",
                j + 1,
                COLUMNS[j],
                COLUMNS.join(",")
            ))
        };
        let number = |j: usize| -> Result<f64, String> {
            let text = field(j)?;
            text.parse().map_err(|_| {
                format!(
                    "{path}: line {line}, column {} ({}): '{text}' is not a number",
                    j + 1,
                    COLUMNS[j]
                )
            })
        };
        let bin = Bin {
            n: number(4)? as usize,
            mean_p: number(5)?,
            observed: number(6)?,
        };
        out.entry(field(0)?.to_string())
            .or_default()
            .entry(field(1)?.to_string())
            .or_default()
            .push(bin);
    }
    Ok(out)
}

fn colour(kind: &str) -> RGBColor {
    match kind {
        "all" => RGBColor(33, 33, 33),
        "pooled" => RGBColor(31, 119, 180),
        "smooth" => RGBColor(214, 39, 40),
        _ => RGBColor(44, 160, 44),
    }
}

fn draw(label: &str, kinds: &Kinds, file: &Path) -> Result<(), Box<dyn Error>> {
    let root = BitMapBackend::new(file, (760, 680)).into_drawing_area();
    root.fill(&WHITE)?;
    let font = |s: f64| FontDesc::new(FontFamily::SansSerif, s, FontStyle::Normal);
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("Reliability of P(target by 10 years): {label}"),
            font(20.0),
        )
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
    chart
        .configure_mesh()
        .x_desc("mean predicted probability (bins of 0.2)")
        .y_desc("share of series that reached the target")
        .label_style(font(14.0))
        .draw()?;
    let grey = RGBColor(225, 225, 225);
    chart.draw_series(std::iter::once(Polygon::new(
        vec![
            (0.0, 0.0),
            (0.0, 0.07),
            (0.93, 1.0),
            (1.0, 1.0),
            (1.0, 0.93),
            (0.07, 0.0),
        ],
        grey.filled(),
    )))?;
    chart.draw_series(LineSeries::new(
        vec![(0.0, 0.0), (1.0, 1.0)],
        BLACK.stroke_width(1),
    ))?;
    for (kind, bins) in kinds {
        let c = colour(kind);
        let pts: Vec<(f64, f64)> = bins.iter().map(|b| (b.mean_p, b.observed)).collect();
        let total: usize = bins.iter().map(|b| b.n).sum();
        chart
            .draw_series(LineSeries::new(pts.clone(), c.stroke_width(2)))?
            .label(format!("{kind} ({total} series)"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(3)));
        chart.draw_series(bins.iter().map(|b| {
            let r = 3.0 + (b.n as f64).sqrt().min(20.0) * 0.5;
            Circle::new((b.mean_p, b.observed), r as i32, c.filled())
        }))?;
        if kind == "all" {
            chart.draw_series(bins.iter().map(|b| {
                Text::new(
                    format!("n={}", b.n),
                    (b.mean_p + 0.015, b.observed - 0.03),
                    font(13.0).color(&c),
                )
            }))?;
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(font(14.0))
        .background_style(WHITE.filled())
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, bins, out] = args.as_slice() else {
        return Err("usage: reliability BINS.csv OUT_DIR".into());
    };
    run(Path::new(bins), Path::new(out))?;
    Ok(())
}

/// Draws `OUT/<label>.png` for each label of `bins`; returns the files written.
pub fn run(bins: &Path, out: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    register_font("sans-serif", FontStyle::Normal, FONT).map_err(|_| "bad embedded font")?;
    std::fs::create_dir_all(out)?;
    let mut written = Vec::new();
    for (label, kinds) in read(bins)? {
        let file = out.join(format!("{label}.png"));
        draw(&label, &kinds, &file)?;
        written.push(file);
    }
    Ok(written)
}
