//! The panels [`super::learn`] and [`super::learn_nowcast`] read, through the one panel reader
//! ([`crate::panel`]): its rules for bad rows, located and with their reasons.

use std::io::Read;

use crate::error::Result;
use crate::panel::{read_annual, read_monthly, Panel};

/// Reads a long annual panel `series_id,year,value` (header required, any column order; rows of
/// one series need not be contiguous). Rows and series left out (a malformed row, a value that
/// is not positive, a partial year, a year given twice) are in [`Panel::skipped`], each at its
/// line with its reason; a file cut short inside a quote is refused at the quote's line.
pub fn read_panel<R: Read>(input: R, source: &str) -> Result<Panel<i32>> {
    read_annual(input, source)
}

/// Reads a monthly panel `series_id,year,month,value` for [`super::learn_nowcast`], with the
/// same rules (a negative month is left out; a zero month is kept).
pub fn read_monthly_panel<R: Read>(input: R, source: &str) -> Result<Panel<(i32, u8)>> {
    read_monthly(input, source)
}
