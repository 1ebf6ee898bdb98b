//! The chart's look: the embedded fonts, the palette and the fixed layout sizes. Everything that
//! decides a pixel's colour or a text's face lives here, so the drawing code only names roles.

use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::{register_font, FontFamily, FontStyle};

use crate::Error;

// ---------------------------------------------------------------------------------------------------
// Fonts

static FONT_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static FONT_BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Registers the embedded faces once per process; later calls return the first outcome.
pub(super) fn ensure_fonts() -> Result<(), Error> {
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

/// The regular face at `size` pixels.
pub(super) fn font(size: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Normal).into()
}

/// The bold face at `size` pixels.
pub(super) fn bold(size: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Bold).into()
}

// ---------------------------------------------------------------------------------------------------
// Palette: opaque colours (no alpha blending), so overlaps look the same wherever they fall.

pub(super) const INK: RGBColor = RGBColor(33, 33, 33);
pub(super) const MUTED: RGBColor = RGBColor(96, 96, 96);
pub(super) const GRID: RGBColor = RGBColor(228, 228, 228);
pub(super) const HISTORY: RGBColor = RGBColor(23, 55, 110);
pub(super) const HISTORY_LINE: RGBColor = RGBColor(160, 174, 200);
pub(super) const FITTED: RGBColor = RGBColor(110, 110, 110);
pub(super) const MEAN: RGBColor = RGBColor(31, 105, 180);
pub(super) const FAN80: RGBColor = RGBColor(170, 202, 234);
pub(super) const FAN95: RGBColor = RGBColor(220, 233, 246);
pub(super) const TARGET: RGBColor = RGBColor(196, 48, 43);
pub(super) const CROSS_SPAN: RGBColor = RGBColor(244, 196, 190);
pub(super) const DEADLINE: RGBColor = RGBColor(70, 70, 70);

// ---------------------------------------------------------------------------------------------------
// Layout, in pixels.

pub(super) const LEGEND_W: i32 = 290;
pub(super) const TOP_H: i32 = 92;
pub(super) const FOOTER_LINE_H: i32 = 21;
pub(super) const LABEL_PX: f64 = 17.0;
pub(super) const MARKER_R: i32 = 7;
