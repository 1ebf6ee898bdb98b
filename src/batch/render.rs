//! CSV rendering of typed results: `forecasts.csv`, `skipped.csv` and `targets.csv`, written
//! with the `csv` crate's writer (fields quoted only when necessary, text formula-neutralised)
//! and numbers at 8 significant digits.

use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;

use super::result::SeriesResult;
use super::{FORECASTS_FILE, SKIPPED_FILE, TARGETS_FILE};
use crate::error::{Error, Result};

/// Columns of `forecasts.csv` ([`FORECASTS_HEADER`](super::FORECASTS_HEADER)).
pub const FORECASTS_COLUMNS: [&str; 8] = [
    "series_id",
    "year",
    "mean",
    "lower80",
    "upper80",
    "lower95",
    "upper95",
    "model",
];
/// Columns of `skipped.csv` ([`SKIPPED_HEADER`](super::SKIPPED_HEADER)).
pub const SKIPPED_COLUMNS: [&str; 3] = ["series_id", "line", "reason"];
/// Columns of `targets.csv` ([`TARGETS_HEADER`](super::TARGETS_HEADER)).
pub const TARGETS_COLUMNS: [&str; 6] = [
    "series_id",
    "target",
    "p10",
    "p50",
    "p90",
    "probability_10y",
];

/// The CSV writer of batch's files: quotes only when necessary, records end at `\n`.
fn writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(1 << 16)
        .from_writer(out)
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first, and not a
/// number) gets a leading `'`, as in [`crate::report::csv_out::cell`]: a `series_id` such as
/// `=cmd|' /C calc'!A0` must not become a live formula in `forecasts.csv` or `skipped.csv`.
/// Quoting is left to the writer.
fn field(s: &str) -> Cow<'_, [u8]> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        Cow::Owned(format!("'{s}").into_bytes())
    } else {
        Cow::Borrowed(s.as_bytes())
    }
}

/// Renders typed results into the three CSV outputs, headers first (written with the first
/// results, or at [`CsvOut::finish`], so that a run refused at its header writes nothing).
pub(super) struct CsvOut<'a> {
    forecasts: csv::Writer<&'a mut (dyn Write + Send)>,
    skipped: csv::Writer<&'a mut (dyn Write + Send)>,
    targets: Option<csv::Writer<&'a mut (dyn Write + Send)>>,
    started: bool,
    /// Scratch for one number or year.
    num: Vec<u8>,
}

/// An error writing `file`.
fn out_err(file: &str) -> impl FnOnce(csv::Error) -> Error + '_ {
    move |e| Error::Io {
        path: PathBuf::from(file),
        source: e.into(),
    }
}

impl<'a> CsvOut<'a> {
    pub(super) fn new(
        forecasts: &'a mut (dyn Write + Send),
        skipped: &'a mut (dyn Write + Send),
        targets: Option<&'a mut (dyn Write + Send)>,
    ) -> Self {
        CsvOut {
            forecasts: writer(forecasts),
            skipped: writer(skipped),
            targets: targets.map(writer),
            started: false,
            num: Vec::with_capacity(32),
        }
    }

    fn headers(&mut self) -> Result<()> {
        if !self.started {
            self.started = true;
            self.forecasts
                .write_record(FORECASTS_COLUMNS)
                .map_err(out_err(FORECASTS_FILE))?;
            self.skipped
                .write_record(SKIPPED_COLUMNS)
                .map_err(out_err(SKIPPED_FILE))?;
            if let Some(t) = self.targets.as_mut() {
                t.write_record(TARGETS_COLUMNS)
                    .map_err(out_err(TARGETS_FILE))?;
            }
        }
        Ok(())
    }

    /// Append the rows of one result to each output.
    pub(super) fn series(&mut self, r: &SeriesResult) -> Result<()> {
        self.headers()?;
        self.forecast_rows(r).map_err(out_err(FORECASTS_FILE))?;
        self.skipped_rows(r).map_err(out_err(SKIPPED_FILE))?;
        self.target_row(r).map_err(out_err(TARGETS_FILE))
    }

    fn forecast_rows(&mut self, r: &SeriesResult) -> csv::Result<()> {
        let super::Status::Forecast(model) = r.status else {
            return Ok(());
        };
        let id = field(&r.series_id);
        let w = &mut self.forecasts;
        for row in &r.forecasts {
            w.write_field(&id)?;
            self.num.clear();
            let _ = write!(self.num, "{}", row.year);
            w.write_field(&self.num)?;
            for x in [row.mean, row.lower80, row.upper80, row.lower95, row.upper95] {
                self.num.clear();
                push_num(&mut self.num, x);
                w.write_field(&self.num)?;
            }
            w.write_field(model.as_str())?;
            w.write_record(None::<&[u8]>)?;
        }
        Ok(())
    }

    fn skipped_rows(&mut self, r: &SeriesResult) -> csv::Result<()> {
        for p in &r.skipped {
            self.num.clear();
            let _ = write!(self.num, "{}", p.line);
            self.skipped.write_record([
                field(&p.series_id).as_ref(),
                &self.num,
                field(&p.reason).as_ref(),
            ])?;
        }
        Ok(())
    }

    fn target_row(&mut self, r: &SeriesResult) -> csv::Result<()> {
        let (Some(w), Some(t)) = (self.targets.as_mut(), r.target.as_ref()) else {
            return Ok(());
        };
        w.write_field(field(&r.series_id))?;
        self.num.clear();
        push_num(&mut self.num, t.target);
        w.write_field(&self.num)?;
        for p in [t.p10, t.p50, t.p90] {
            self.num.clear();
            if let Some(y) = p {
                let _ = write!(self.num, "{y}");
            }
            w.write_field(&self.num)?;
        }
        self.num.clear();
        push_num(&mut self.num, t.probability_10y);
        w.write_field(&self.num)?;
        w.write_record(None::<&[u8]>)
    }

    /// Write the headers if no result came, and flush everything into the sinks.
    pub(super) fn finish(mut self) -> Result<()> {
        self.headers()?;
        let io = |file: &str| {
            let path = PathBuf::from(file);
            move |source| Error::Io { path, source }
        };
        self.forecasts.flush().map_err(io(FORECASTS_FILE))?;
        self.skipped.flush().map_err(io(SKIPPED_FILE))?;
        if let Some(t) = self.targets.as_mut() {
            t.flush().map_err(io(TARGETS_FILE))?;
        }
        Ok(())
    }
}

/// Powers of ten 10⁰ … 10¹⁵, all exact in f64.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// 8 significant digits, trailing zeros dropped; scientific notation outside 1e-4..1e15.
///
/// Hand-rolled because `format!("{x:.N}")` (exact decimal expansion, Grisu with a Dragon
/// fallback) took 13% of a batch run: the value times an exact power of ten is rounded half up
/// to an integer of at most 9 digits (15 for values ≥ 10⁸, which keep their integer digits), and
/// the decimal point is placed by hand. A value within one rounding error of a half-way tie may
/// round the other way than an exact expansion would; the result is the same on every IEEE-754
/// platform.
fn push_num(buf: &mut Vec<u8>, x: f64) {
    if x == 0.0 {
        buf.push(b'0');
        return;
    }
    let a = x.abs();
    if !(1e-4..1e15).contains(&a) {
        let _ = write!(buf, "{x:.7e}");
        return;
    }
    if x < 0.0 {
        buf.push(b'-');
    }
    // Decimals so that 8 significant digits remain: 7 - floor(log10(a)), at least 0.
    let decimals = if a >= 1.0 {
        7 - (1..POW10.len())
            .take_while(|&k| POW10[k] <= a)
            .count()
            .min(7)
    } else {
        // a in [1e-4, 1): floor(log10 a) = -k for the smallest k with a·10^k ≥ 1.
        7 + (1..=4).find(|&k| a * POW10[k] >= 1.0).unwrap_or(4)
    };
    // Below 2⁵³ after scaling, so the conversion is exact; adding ½ then truncating rounds half up.
    let m = (a * POW10[decimals] + 0.5) as u64;
    let mut digits = [0u8; 20];
    let mut n = 0;
    let mut v = m;
    loop {
        digits[n] = b'0' + (v % 10) as u8;
        v /= 10;
        n += 1;
        if v == 0 {
            break;
        }
    }
    // digits[..n] holds the integer m, least significant first.
    let mut frac_end = 0; // drop trailing zeros of the fraction
    while frac_end < decimals && frac_end < n && digits[frac_end] == b'0' {
        frac_end += 1;
    }
    if n > decimals {
        buf.extend(digits[decimals..n].iter().rev());
    } else {
        buf.push(b'0');
    }
    if frac_end < decimals {
        buf.push(b'.');
        for _ in n..decimals {
            buf.push(b'0');
        }
        buf.extend(digits[frac_end..decimals.min(n)].iter().rev());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::panel::splitmix64;
    use crate::batch::{FORECASTS_HEADER, SKIPPED_HEADER, TARGETS_HEADER};

    fn num(x: f64) -> String {
        let mut b = Vec::new();
        push_num(&mut b, x);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn numbers_have_eight_significant_digits() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1234.5678912), "1234.5679");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(0.00123456789), "0.0012345679");
        assert_eq!(num(123456789.4), "123456789");
        assert_eq!(num(2.5e20), "2.5000000e20");
        assert_eq!(num(-3.25), "-3.25");
        assert_eq!(num(9.99999996), "10");
        assert_eq!(num(0.0001), "0.0001");
        assert_eq!(num(0.000123456789), "0.00012345679");
        assert_eq!(num(999_999_999_999_999.0), "999999999999999");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(100.0), "100");
        assert_eq!(num(0.1), "0.1");
        assert_eq!(num(1e-5), "1.0000000e-5");
    }

    #[test]
    fn numbers_round_trip_to_eight_digits() {
        // Within half a unit of the 8th digit, and the same text as the exact decimal expansion
        // (near-ties could differ in principle; none do among these draws).
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut differ = 0;
        for _ in 0..200_000 {
            state = splitmix64(state);
            let x = 10f64.powf((state >> 11) as f64 / (1u64 << 53) as f64 * 19.0 - 4.0);
            let x = if state & 1 == 1 { -x } else { x };
            let text = num(x);
            let back: f64 = text.parse().unwrap();
            assert!(((back - x) / x).abs() <= 5.000001e-8, "{x} -> {text}");
            // Above 10⁸ no decimals are kept and exact half-way ties (x.5) are common: the exact
            // expansion rounds them to even, this formatter up. Both are fine; compare below.
            if x.abs() < 1e8 {
                let mag = x.abs().log10().floor() as i32;
                let d = (7 - mag).max(0) as usize;
                let exact = format!("{x:.d$}");
                let exact = if d > 0 {
                    exact
                        .trim_end_matches('0')
                        .trim_end_matches('.')
                        .to_string()
                } else {
                    exact
                };
                differ += usize::from(exact != text);
            }
        }
        assert!(
            differ == 0,
            "{differ} values differ from the exact expansion"
        );
    }

    #[test]
    fn fields_are_quoted_when_needed_and_formulas_neutralised() {
        let mut out = Vec::new();
        {
            let mut w = writer(&mut out);
            w.write_record([
                field("a,\"b\"").as_ref(),
                field("=1+2").as_ref(),
                field("-3").as_ref(),
            ])
            .unwrap();
            w.write_record([field("").as_ref(), b"", b"x"]).unwrap();
            w.flush().unwrap();
        }
        assert_eq!(out, b"\"a,\"\"b\"\"\",'=1+2,-3\n,,x\n");
    }

    #[test]
    fn headers_are_the_documented_ones() {
        let line = |columns: &[&str]| {
            let mut out = Vec::new();
            let mut w = writer(&mut out);
            w.write_record(columns).unwrap();
            drop(w);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(line(&FORECASTS_COLUMNS), FORECASTS_HEADER);
        assert_eq!(line(&SKIPPED_COLUMNS), SKIPPED_HEADER);
        assert_eq!(line(&TARGETS_COLUMNS), TARGETS_HEADER);
    }
}
