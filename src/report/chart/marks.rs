//! The history's marks: one marker per kind (filled circle, hollow circle, hollow diamond) and the
//! caret of a one-sided value. Shared by the plot and the legend, so both draw the same shapes.

use plotters::prelude::*;

use super::style::{HISTORY, MARKER_R};
use super::{render_err, Area, Px};
use crate::series::PointKind;
use crate::Error;

/// The marker of a history point of `kind`, centred on `c`.
pub(super) fn draw_marker(root: &Area<'_>, c: Px, kind: PointKind) -> Result<(), Error> {
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
pub(super) fn draw_caret(root: &Area<'_>, c: Px, up: bool, room: i32) -> Result<(), Error> {
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
