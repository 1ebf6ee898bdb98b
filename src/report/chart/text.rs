//! Text fitting: measuring, cutting with an ellipsis and wrapping at spaces, all in the embedded
//! font's pixels, so titles, footers and legend entries never run past their boxes.

use plotters::prelude::*;

use super::{render_err, Area};
use crate::Error;

fn text_width(area: &Area<'_>, text: &str, style: &TextStyle<'_>) -> Result<i32, Error> {
    let (w, _) = area.estimate_text_size(text, style).map_err(render_err)?;
    Ok(w as i32)
}

/// `text` cut to `max_w` pixels with an ellipsis.
pub(super) fn truncate_to(
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
pub(super) fn wrap(
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
