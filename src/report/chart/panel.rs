//! The panel right of the plot: a legend of only what the plot shows ([`Shown`]), then the notes
//! (clipping, "one data point").

use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::marks::{draw_caret, draw_marker};
use super::style::{
    bold, font, CROSS_SPAN, DEADLINE, FAN80, FAN95, FITTED, INK, LABEL_PX, LEGEND_W, MEAN, MUTED,
    TARGET,
};
use super::text::wrap;
use super::{kind_index, render_err, Area, Px, Shown};
use crate::series::PointKind;
use crate::Error;

/// Left edge of the symbols and of the headings (less 8).
const X_SYM: i32 = 22;
/// Left edge of the entries' text.
const X_TEXT: i32 = 62;

/// Draws the legend and the notes into `panel`.
pub(super) fn draw_panel(panel: &Area<'_>, shown: &Shown, notes: &[String]) -> Result<(), Error> {
    let mut legend = Legend { panel, y: 18 };
    let any = shown.kinds.iter().any(|k| *k)
        || shown.fitted
        || shown.point.is_some()
        || shown.fan80
        || shown.fan95
        || shown.target.is_some();
    if any {
        heading(panel, "Legend", legend.y)?;
        legend.y += 30;
    }
    history_entries(&mut legend, shown)?;
    model_entries(&mut legend, shown)?;
    if !notes.is_empty() {
        draw_notes(panel, notes, legend.y + 10)?;
    }
    Ok(())
}

fn heading(panel: &Area<'_>, text: &str, y: i32) -> Result<(), Error> {
    panel
        .draw(&Text::new(text, (X_SYM - 8, y), bold(LABEL_PX).color(&INK)))
        .map_err(render_err)
}

/// The legend being written: where the next entry goes.
struct Legend<'r, 'a> {
    panel: &'r Area<'a>,
    y: i32,
}

impl Legend<'_, '_> {
    /// One entry: `sym` draws the symbol at the given centre, `text` wraps to at most three lines.
    fn entry(&mut self, text: &str, sym: &dyn Fn(Px) -> Result<(), Error>) -> Result<(), Error> {
        let text_w = LEGEND_W - X_TEXT - 12;
        let style = font(LABEL_PX).color(&INK);
        sym((X_SYM + 12, self.y + 10))?;
        let lines = wrap(self.panel, text, &font(LABEL_PX), text_w, 3)?;
        for (i, line) in lines.iter().enumerate() {
            self.panel
                .draw(&Text::new(
                    line.clone(),
                    (X_TEXT, self.y + 21 * i as i32),
                    style.clone(),
                ))
                .map_err(render_err)?;
        }
        self.y += 21 * lines.len().max(1) as i32 + 10;
        Ok(())
    }
}

/// Entries for the history's marker kinds and bounds.
fn history_entries(legend: &mut Legend<'_, '_>, shown: &Shown) -> Result<(), Error> {
    let panel = legend.panel;
    let kinds = [
        (PointKind::Reported, "Reported"),
        (PointKind::Derived, "Derived from growth"),
        (PointKind::Estimated, "Estimated from part-year"),
    ];
    for (kind, label) in kinds {
        if shown.kinds[kind_index(kind)] {
            legend.entry(label, &|c| draw_marker(panel, c, kind))?;
        }
    }
    // Bound entries are taller: the caret needs room.
    if shown.at_least {
        legend.y += 12;
        legend.entry("At least (lower bound)", &|c| {
            draw_marker(panel, (c.0, c.1 + 4), PointKind::Reported)?;
            draw_caret(panel, (c.0, c.1 + 4), true, i32::MAX)
        })?;
        legend.y += 4;
    }
    if shown.at_most {
        legend.entry("At most (upper bound)", &|c| {
            draw_marker(panel, (c.0, c.1 - 4), PointKind::Reported)?;
            draw_caret(panel, (c.0, c.1 - 4), false, i32::MAX)
        })?;
        legend.y += 16;
    }
    Ok(())
}

/// Entries for the fitted line, the forecast and its fan, the target, crossing and deadline.
fn model_entries(legend: &mut Legend<'_, '_>, shown: &Shown) -> Result<(), Error> {
    let panel = legend.panel;
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
        legend.entry("Model fit to history", &|c| line(c, FITTED, 2))?;
    }
    if let Some(words) = &shown.point {
        legend.entry(words, &|c| {
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
        legend.entry("80% interval", &|c| swatch(c, FAN80))?;
    }
    if shown.fan95 {
        legend.entry("95% interval", &|c| swatch(c, FAN95))?;
    }
    if let Some(label) = &shown.target {
        legend.entry(label, &|c| line(c, TARGET, 2))?;
    }
    if let Some(text) = &shown.crossing {
        legend.entry(text, &|c| {
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
        legend.entry(&format!("Deadline {d}"), &|c| {
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
    Ok(())
}

/// The notes, from `y` down, each wrapped to at most four lines.
fn draw_notes(panel: &Area<'_>, notes: &[String], mut y: i32) -> Result<(), Error> {
    heading(panel, "Notes", y)?;
    y += 28;
    for note in notes {
        for line in wrap(panel, note, &font(16.0), LEGEND_W - 34, 4)? {
            panel
                .draw(&Text::new(line, (X_SYM - 8, y), font(16.0).color(&MUTED)))
                .map_err(render_err)?;
            y += 20;
        }
        y += 6;
    }
    Ok(())
}
