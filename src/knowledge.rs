//! Knowledge pooled from a real panel of annual trade series: what one short series cannot tell
//! about itself.
//!
//! This module owns the [`Knowledge`] file (a small versioned JSON document with its provenance),
//! the built-in one learned from TRADHIST (`knowledge/tradhist.json`), and [`learn`], which
//! re-learns it from any long panel `series_id,year,value` (`tradecast learn`). The `pooled`
//! model (`src/model/pooled.rs`) is what applies it.
//!
//! What is learned, all on the log scale of the values:
//!
//! - **Drift** `μ`: the median yearly log change of the panel over its last ten years. Nominal
//!   trade drifts with inflation and the era; the most recent decade is the best guide the panel
//!   has, and no calendar year is ever a feature.
//! - **Persistence and reversion** (per length class, short < 8 points ≤ long): the median
//!   forecast of the log change `h` years ahead is `h μ + w h (trend − μ) − b (last − mean of
//!   the last five)`, where `trend` is the window's average yearly change. `w` (how much of a
//!   series' own trend persists) and `b` (how much of a jump away from its recent level is
//!   undone) are chosen on a grid to minimise the pooled absolute error 1 to 6 years ahead.
//! - **Volatility**: a series' yearly volatility is its own standard deviation of log changes
//!   (clamped to a floor and a cap), shrunk geometrically toward a prior that depends on the
//!   level (small flows are more volatile), with a prior worth `nu` changes.
//! - **Where it applies**: the 10th percentile of the long windows' own volatility. A long series
//!   smoother than that is smoother than nine in ten of the windows the rest was learned from;
//!   the panel does not describe it, and its own models forecast it (see
//!   [`Knowledge::describes`]).
//! - **Shape of the errors** (per class and horizon): the standardised errors of the point
//!   forecast, `(actual − forecast) / (σ √h)`, stored as quantiles at normal scores −3.5 … 3.5.
//!   Bands are read off this table, so they carry the panel's skew and fat tails (collapses are
//!   more common than booms), and simulated paths map a Gaussian random walk through the same
//!   table, so crossing years and probabilities come from the same distribution as the bands.
//!
//! Learning sees only the years up to `until`: the windows' outcomes included. The built-in
//! file stops in 1993, before the first forecast origin of the project's tuning panels (1994),
//! so those scores have no look-ahead.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};

/// A rejected knowledge file or panel, located.
fn invalid(file: &str, line: Option<usize>, message: String) -> Error {
    Error::Invalid(vec![Problem {
        file: file.to_string(),
        line,
        column: None,
        message,
    }])
}

/// The version of the file format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// Horizons learned (h = 1 … `MAX_H`); longer horizons use the last table.
pub const MAX_H: usize = 12;
/// Longest window of a series' own history used (years).
pub const MAX_WINDOW: usize = 20;
/// Series of this many points and more use the long class.
pub const LONG_FROM: usize = 8;
/// Points of recent history the reversion compares the last value with.
pub const RECENT: usize = 5;
/// Normal scores at which the error quantiles are stored: −3.5, −3.25, …, 3.5.
pub const SCORES: usize = 29;
/// The step between stored normal scores.
pub const SCORE_STEP: f64 = 0.25;
/// Years of recent history the drift is the median change of.
pub const DRIFT_YEARS: i32 = 10;
/// Horizons the grid search for `w` and `b` scores (1 … this).
const GRID_H: usize = 6;
/// The share of long windows smoother than [`Knowledge::smooth_below`].
pub const SMOOTH_QUANTILE: f64 = 0.10;

/// The built-in knowledge, as shipped.
const BUILTIN: &str = include_str!("../knowledge/tradhist.json");

/// Pooled knowledge about annual bilateral trade series. See the module docs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Knowledge {
    /// File format version ([`FORMAT_VERSION`]).
    pub version: u32,
    /// Where it was learned from and how.
    pub provenance: Provenance,
    /// Yearly drift of the log values.
    pub drift: f64,
    /// Volatility model.
    pub volatility: Volatility,
    /// Persistence, reversion and error shapes for series of fewer than [`LONG_FROM`] points.
    pub short: Class,
    /// The same for longer series.
    pub long: Class,
    /// The [`SMOOTH_QUANTILE`] quantile of the long windows' own yearly volatility
    /// ([`Features::sd`]): a long series whose own volatility is below it is smoother than the
    /// trade the panel describes. Files learned before this field existed have none, and then
    /// every long series is described.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smooth_below: Option<f64>,
}

/// Where the knowledge came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The panel, in words (source, reporters, units).
    pub data: String,
    /// First and last year of the values used.
    pub years: (i32, i32),
    /// Series and forecast windows learned from.
    pub series: usize,
    /// Windows (series × origin × length) learned from.
    pub windows: usize,
    /// The command that made the file.
    pub command: String,
}

/// How yearly volatility depends on what is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Volatility {
    /// ln σ of the prior at the reference level.
    pub log_sigma_at_ref: f64,
    /// Change of ln σ per unit of ln(value) (negative: larger flows move less).
    pub per_log_level: f64,
    /// Reference ln(value) (the panel's median).
    pub ref_log_level: f64,
    /// The ln(value) range the level effect is clamped to (the panel's 5th–95th percentiles).
    pub log_level_range: (f64, f64),
    /// Weight of the prior, in yearly changes.
    pub nu: f64,
    /// A series' own σ is clamped to at least this…
    pub floor: f64,
    /// … and at most this before shrinkage (one wild swing should not make every band absurd).
    pub cap: f64,
}

/// What is learned per length class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Class {
    /// Weight of the series' own trend (beyond the pooled drift).
    pub trend_weight: f64,
    /// Share of the last value's distance from its recent mean that is undone.
    pub reversion: f64,
    /// Windows learned from (at one year ahead).
    pub windows: usize,
    /// For h = 1 … [`MAX_H`]: the standardised errors' quantiles at the normal scores
    /// −3.5, −3.25, …, 3.5 ([`SCORES`] values, non-decreasing).
    pub quantiles: Vec<Vec<f64>>,
}

impl Knowledge {
    /// The knowledge shipped with tradecast (TRADHIST, Britain's and France's partners, values
    /// up to 1993).
    pub fn builtin() -> &'static Knowledge {
        static K: OnceLock<Knowledge> = OnceLock::new();
        K.get_or_init(|| {
            Knowledge::from_json(BUILTIN, "knowledge/tradhist.json (built in)")
                .expect("the built-in knowledge file is checked by a unit test")
        })
    }

    /// Reads and checks a knowledge file.
    pub fn load(path: &Path) -> Result<Knowledge> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        Knowledge::from_json(&text, &path.display().to_string())
    }

    /// Parses and checks a knowledge document; `source` names it in errors.
    pub fn from_json(text: &str, source: &str) -> Result<Knowledge> {
        let k: Knowledge = serde_json::from_str(text).map_err(|e| {
            invalid(
                source,
                Some(e.line()),
                format!("not a knowledge file ({e}); make one with `tradecast learn --panel FILE --out FILE`"),
            )
        })?;
        k.check(source)?;
        Ok(k)
    }

    fn check(&self, source: &str) -> Result<()> {
        let fail = |message: String| Err(invalid(source, None, message));
        if self.version != FORMAT_VERSION {
            return fail(format!(
                "format version {} is not the {FORMAT_VERSION} this build reads; re-learn it with \
                 `tradecast learn`",
                self.version
            ));
        }
        let v = &self.volatility;
        let numbers = [
            self.drift,
            v.log_sigma_at_ref,
            v.per_log_level,
            v.ref_log_level,
            v.nu,
            v.floor,
            v.cap,
        ];
        if numbers.iter().any(|x| !x.is_finite()) || !(v.floor > 0.0 && v.cap >= v.floor) {
            return fail(
                "drift and volatility must be finite numbers, with 0 < floor ≤ cap".to_string(),
            );
        }
        if v.nu < 0.0 || v.log_level_range.0 > v.log_level_range.1 {
            return fail("nu must be ≥ 0 and log_level_range ordered".to_string());
        }
        for (name, class) in [("short", &self.short), ("long", &self.long)] {
            if class.quantiles.len() != MAX_H {
                return fail(format!(
                    "{name}.quantiles has {} horizons, not {MAX_H}",
                    class.quantiles.len()
                ));
            }
            for (h, q) in class.quantiles.iter().enumerate() {
                let ordered = q.windows(2).all(|w| w[0] <= w[1]);
                if q.len() != SCORES || !q.iter().all(|x| x.is_finite()) || !ordered {
                    return fail(format!(
                        "{name}.quantiles[{h}] must be {SCORES} finite non-decreasing numbers"
                    ));
                }
            }
            if !(class.trend_weight.is_finite() && class.reversion.is_finite()) {
                return fail(format!("{name}: trend_weight and reversion must be finite"));
            }
        }
        if self
            .smooth_below
            .is_some_and(|s| !(s.is_finite() && s >= 0.0))
        {
            return fail("smooth_below must be a finite number ≥ 0".to_string());
        }
        Ok(())
    }

    /// The class for a series of `n` points.
    pub fn class(&self, n: usize) -> &Class {
        if n >= LONG_FROM {
            &self.long
        } else {
            &self.short
        }
    }

    /// Whether the panel describes a series of `n` points whose own yearly volatility is
    /// `own_sd` ([`Features::sd`] over changes between reported years): short series always
    /// (they have no other guide), long ones unless they are smoother than
    /// [`Knowledge::smooth_below`], or their volatility cannot be measured.
    pub fn describes(&self, n: usize, own_sd: Option<f64>) -> bool {
        match (self.smooth_below, own_sd) {
            (Some(below), Some(sd)) if n >= LONG_FROM => sd >= below,
            _ => true,
        }
    }

    /// The prior yearly σ for a series whose last ln(value) is `log_level`.
    pub fn prior_sigma(&self, log_level: f64) -> f64 {
        let v = &self.volatility;
        let x = log_level.clamp(v.log_level_range.0, v.log_level_range.1);
        (v.log_sigma_at_ref + v.per_log_level * (x - v.ref_log_level)).exp()
    }

    /// The yearly σ of a series: its own (clamped) spread of `changes` yearly changes shrunk
    /// geometrically toward the prior; the prior alone when there is no spread to measure.
    pub fn sigma(&self, own: Option<f64>, changes: usize, log_level: f64) -> f64 {
        let v = &self.volatility;
        let prior = self.prior_sigma(log_level);
        match own {
            Some(s) if s.is_finite() && changes > 0 => {
                let k = changes as f64;
                let s = s.clamp(v.floor, v.cap);
                ((v.nu * prior.ln() + k * s.ln()) / (v.nu + k)).exp()
            }
            _ => prior,
        }
    }
}

impl Class {
    /// The standardised error at normal score `x`, `h` years ahead (1-based; horizons past
    /// [`MAX_H`] use the last table), by linear interpolation; clamped at the table's ends.
    pub fn at_score(&self, h: usize, x: f64) -> f64 {
        read_table(&self.quantiles[h.clamp(1, MAX_H) - 1], x)
    }
}

/// The smallest normal score at which one horizon's table reaches `c` (the inverse of
/// [`read_table`]): −∞ when even the lowest value does, +∞ when none does.
pub(crate) fn score_reaching(q: &[f64], c: f64) -> f64 {
    if c.is_nan() {
        return f64::INFINITY;
    }
    if c <= q[0] {
        return f64::NEG_INFINITY;
    }
    if c > q[SCORES - 1] {
        return f64::INFINITY;
    }
    // q[i] < c ≤ q[i + 1] (the first such segment; flat segments below c are passed).
    let i = q.partition_point(|&v| v < c) - 1;
    let f = (c - q[i]) / (q[i + 1] - q[i]);
    -3.5 + SCORE_STEP * (i as f64 + f)
}

/// One horizon's table (values at the normal scores −3.5 … 3.5) read at score `x`: linear
/// interpolation, clamped at the ends.
pub(crate) fn read_table(q: &[f64], x: f64) -> f64 {
    let pos = ((x + 3.5) / SCORE_STEP).clamp(0.0, (SCORES - 1) as f64);
    let i = (pos as usize).min(SCORES - 2);
    let f = pos - i as f64;
    q[i] + f * (q[i + 1] - q[i])
}

/// What a window of a series' own history says, on the log scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Features {
    /// Points in the window.
    pub n: usize,
    /// The last log value.
    pub last: f64,
    /// Average yearly change over the window.
    pub trend: f64,
    /// The last log value minus the mean of the last [`RECENT`] (or fewer) points.
    pub deviation: f64,
    /// Standard deviation of the yearly changes (each change over a gap of k years divided by
    /// √k), `None` with fewer than two changes.
    pub sd: Option<f64>,
}

impl Features {
    /// Features of the last [`MAX_WINDOW`] points of `years` / log values `z` (at least two
    /// points, years increasing).
    pub fn of(years: &[i32], z: &[f64]) -> Features {
        let start = z.len().saturating_sub(MAX_WINDOW);
        let (years, z) = (&years[start..], &z[start..]);
        let n = z.len();
        let last = z[n - 1];
        let span = f64::from(years[n - 1] - years[0]).max(1.0);
        let trend = (last - z[0]) / span;
        let recent = &z[n.saturating_sub(RECENT)..];
        let deviation = last - recent.iter().sum::<f64>() / recent.len() as f64;
        let changes: Vec<f64> = years
            .windows(2)
            .zip(z.windows(2))
            .map(|(y, v)| (v[1] - v[0]) / f64::from(y[1] - y[0]).max(1.0).sqrt())
            .collect();
        let sd = (changes.len() >= 2).then(|| {
            let m = changes.iter().sum::<f64>() / changes.len() as f64;
            let ss: f64 = changes.iter().map(|c| (c - m).powi(2)).sum();
            (ss / (changes.len() - 1) as f64).sqrt()
        });
        Features {
            n,
            last,
            trend,
            deviation,
            sd,
        }
    }

    /// The location of the log value `h` years ahead before the error table is applied:
    /// `last + h μ + w h (trend − μ) − b deviation`.
    pub fn location(&self, k: &Knowledge, h: usize) -> f64 {
        self.location_in(k.drift, k.class(self.n), h)
    }

    /// [`Features::location`] with the panel's drift and this series' class given.
    pub(crate) fn location_in(&self, drift: f64, c: &Class, h: usize) -> f64 {
        self.last + self.change(h, drift, c.trend_weight, c.reversion)
    }

    /// The forecast log change `h` years ahead for drift μ, trend weight `w` and reversion `b`:
    /// `h μ + w h (trend − μ) − b deviation` (what [`learn`] fits and [`Features::location`]
    /// applies).
    fn change(&self, h: usize, drift: f64, w: f64, b: f64) -> f64 {
        let h = h as f64;
        h * drift + w * h * (self.trend - drift) - b * self.deviation
    }
}

/// Options for [`learn`].
#[derive(Debug, Clone, PartialEq)]
pub struct LearnOptions {
    /// Use values up to this year only (outcomes included); `None`: all.
    pub until: Option<i32>,
    /// Forecast origins from this year on; earlier years still serve as history.
    pub since: Option<i32>,
    /// Prior weight of the volatility, in yearly changes.
    pub nu: f64,
    /// Clamp of a series' own σ: floor and cap.
    pub floor: f64,
    /// See `floor`.
    pub cap: f64,
    /// Describes the panel in the provenance.
    pub data: String,
    /// The command, for the provenance.
    pub command: String,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions {
            until: None,
            since: None,
            nu: 8.0,
            floor: 0.02,
            cap: 0.6,
            data: String::new(),
            command: String::new(),
        }
    }
}

/// One forecast origin of one series, with what happened after it.
struct Window {
    features: Features,
    /// The origin's common drift: the median yearly change over the panel's ten years up to it.
    era: f64,
    /// log change h = 1 … MAX_H years ahead, if observed.
    ahead: [Option<f64>; MAX_H],
}

/// Reads a long panel `series_id,year,value` (header required, any column order; rows of one
/// series need not be contiguous). Non-positive values are skipped: the log scale needs them
/// positive.
pub fn read_panel<R: Read>(
    mut input: R,
    source: &str,
) -> Result<BTreeMap<String, BTreeMap<i32, f64>>> {
    let bad = |line: u64, message: String| invalid(source, Some(line as usize), message);
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|e| Error::Io {
        path: source.into(),
        source: e,
    })?;
    if let Some(line) = crate::input::unclosed_quote_line(&bytes) {
        return Err(bad(
            line as u64,
            "the quote opened here is never closed: the file ends inside it, so it was probably \
             cut short; restore it from a complete copy"
                .to_string(),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| bad(1, format!("unreadable header: {e}")))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| {
                bad(
                    1,
                    format!("no `{name}` column; the panel needs the header series_id,year,value"),
                )
            })
    };
    let (ci, cy, cv) = (col("series_id")?, col("year")?, col("value")?);
    let mut panel: BTreeMap<String, BTreeMap<i32, f64>> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(line, format!("{e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let year: i32 = record[cy].trim().parse().map_err(|_| {
            bad(
                line,
                format!("year `{}` is not a whole number", &record[cy]),
            )
        })?;
        let value: f64 = record[cv]
            .trim()
            .parse()
            .map_err(|_| bad(line, format!("value `{}` is not a number", &record[cv])))?;
        let series = panel.entry(record[ci].to_string()).or_default();
        if series.insert(year, value).is_some() {
            return Err(bad(
                line,
                format!("series `{}` has year {year} twice", &record[ci]),
            ));
        }
    }
    for series in panel.values_mut() {
        series.retain(|_, v| v.is_finite() && *v > 0.0);
    }
    Ok(panel)
}

/// The median of `x` (0 when empty); `x` is reordered.
fn median(x: &mut [f64]) -> f64 {
    if x.is_empty() {
        return 0.0;
    }
    x.sort_by(f64::total_cmp);
    let m = x.len() / 2;
    if x.len() % 2 == 1 {
        x[m]
    } else {
        0.5 * (x[m - 1] + x[m])
    }
}

/// The `p` quantile of sorted `x` (linear interpolation, as numpy's default).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let pos = p * (sorted.len() - 1) as f64;
    let i = pos.floor() as usize;
    let j = (i + 1).min(sorted.len() - 1);
    sorted[i] + (pos - i as f64) * (sorted[j] - sorted[i])
}

/// Yearly log changes of the panel by year, for the era drifts.
struct Eras {
    by_year: BTreeMap<i32, Vec<f64>>,
}

impl Eras {
    /// The changes up to `until`, and the first and last years seen.
    fn of(panel: &BTreeMap<String, BTreeMap<i32, f64>>, until: i32) -> (Eras, i32, i32) {
        let mut by_year: BTreeMap<i32, Vec<f64>> = BTreeMap::new();
        let (mut first_year, mut last_year) = (i32::MAX, i32::MIN);
        for series in panel.values() {
            for (&y, &v) in series.range(..=until) {
                first_year = first_year.min(y);
                last_year = last_year.max(y);
                if let Some(&prev) = series.get(&(y - 1)) {
                    by_year.entry(y).or_default().push((v / prev).ln());
                }
            }
        }
        (Eras { by_year }, first_year, last_year)
    }

    /// The common drift at `t`: the median yearly change over the [`DRIFT_YEARS`] up to it.
    fn era(&self, t: i32) -> f64 {
        let mut x: Vec<f64> = self
            .by_year
            .range(t - DRIFT_YEARS + 1..=t)
            .flat_map(|(_, c)| c.iter().copied())
            .collect();
        median(&mut x)
    }
}

/// Every window of the panel: each origin year from `since` to `until` that ends a run of at
/// least three consecutive years (the run, and its last [`RECENT`] years when longer), with its
/// outcomes ahead. Also returns how many series gave a window.
fn windows_of(
    panel: &BTreeMap<String, BTreeMap<i32, f64>>,
    until: i32,
    since: i32,
    eras: &BTreeMap<i32, f64>,
) -> (Vec<Window>, usize) {
    let mut windows = Vec::new();
    let mut used = 0;
    for series in panel.values() {
        let years: Vec<i32> = series.range(..=until).map(|(&y, _)| y).collect();
        let z: Vec<f64> = series.range(..=until).map(|(_, v)| v.ln()).collect();
        let before = windows.len();
        for (i, &t) in years.iter().enumerate() {
            if t < since {
                continue;
            }
            // The run of consecutive years ending at t, at most MAX_WINDOW long.
            let mut run = 1;
            while run < MAX_WINDOW && run <= i && years[i - run] == t - run as i32 {
                run += 1;
            }
            if run < 3 {
                continue;
            }
            let mut ahead = [None; MAX_H];
            for (h, slot) in ahead.iter_mut().enumerate() {
                *slot = series
                    .get(&(t + h as i32 + 1))
                    .filter(|_| t + (h as i32) < until)
                    .map(|v| v.ln() - z[i]);
            }
            let Some(&era) = eras.get(&t) else { continue };
            let mut lengths = vec![run];
            if run > RECENT {
                lengths.push(RECENT);
            }
            for len in lengths {
                let lo = i + 1 - len;
                windows.push(Window {
                    features: Features::of(&years[lo..=i], &z[lo..=i]),
                    era,
                    ahead,
                });
            }
        }
        used += usize::from(windows.len() > before);
    }
    (windows, used)
}

/// Refuses a panel with fewer than 200 windows of a class with an outcome a year later.
fn check_enough(short: &[&Window], long: &[&Window], options: &LearnOptions) -> Result<()> {
    for (name, class) in [("short", short), ("long", long)] {
        let at_one = class.iter().filter(|w| w.ahead[0].is_some()).count();
        if at_one < 200 {
            return Err(invalid(
                &options.data,
                None,
                format!(
                    "only {at_one} {name} windows (series of {} points) with an outcome a year \
                     later; at least 200 are needed: give a panel with more series or years",
                    if name == "short" {
                        "3 to 7"
                    } else {
                        "8 or more"
                    }
                ),
            ));
        }
    }
    Ok(())
}

/// Persistence and reversion of a class, on the era-adjusted outcomes: the grid point (0 to 0.5
/// by 0.1 each) with the least mean absolute error summed over 1 to [`GRID_H`] years ahead.
fn fit_class(class: &[&Window]) -> (f64, f64) {
    let grid: Vec<f64> = (0..=5).map(|i| f64::from(i) * 0.1).collect();
    let mut best = (f64::INFINITY, 0.0, 0.0);
    for &w in &grid {
        for &b in &grid {
            let mut total = 0.0;
            for h in 1..=GRID_H {
                let (mut sum, mut count) = (0.0, 0usize);
                for win in class {
                    if let Some(z) = win.ahead[h - 1] {
                        sum += (z - win.features.change(h, win.era, w, b)).abs();
                        count += 1;
                    }
                }
                total += sum / count.max(1) as f64;
            }
            if total < best.0 - 1e-12 {
                best = (total, w, b);
            }
        }
    }
    (best.1, best.2)
}

/// The fitted trend weight and reversion of both classes.
struct ClassFits {
    short: (f64, f64),
    long: (f64, f64),
}

impl ClassFits {
    /// The predicted log change `h` years after a window's origin.
    fn pred(&self, win: &Window, h: usize) -> f64 {
        let (w, b) = if win.features.n < LONG_FROM {
            self.short
        } else {
            self.long
        };
        win.features.change(h, win.era, w, b)
    }
}

/// The level effect of volatility: least squares of ln|one-year error| on the level
/// (E ln|Z| = −0.635 for a standard normal turns the mean into ln σ).
fn volatility_of(windows: &[Window], fits: &ClassFits, options: &LearnOptions) -> Volatility {
    let mut levels: Vec<f64> = windows.iter().map(|w| w.features.last).collect();
    let ref_level = median(&mut levels);
    let range = (quantile(&levels, 0.05), quantile(&levels, 0.95));
    let (mut sx, mut sy, mut sxx, mut sxy, mut m) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for win in windows {
        if let Some(z) = win.ahead[0] {
            let x = win.features.last.clamp(range.0, range.1) - ref_level;
            let y = (z - fits.pred(win, 1)).abs().max(1e-4).ln();
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            m += 1.0;
        }
    }
    let slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
    let intercept = (sy - slope * sx) / m;
    Volatility {
        log_sigma_at_ref: intercept + 0.635,
        per_log_level: slope,
        ref_log_level: ref_level,
        log_level_range: range,
        nu: options.nu,
        floor: options.floor,
        cap: options.cap,
    }
}

/// A class's error tables, 1 to [`MAX_H`] years ahead: quantiles of the errors standardised by
/// each window's own σ, read at the normal scores.
fn error_tables(k: &Knowledge, wins: &[&Window], fits: &ClassFits) -> Vec<Vec<f64>> {
    let mut tables: Vec<Vec<f64>> = Vec::with_capacity(MAX_H);
    for h in 1..=MAX_H {
        let mut r: Vec<f64> = wins
            .iter()
            .filter_map(|win| {
                let z = win.ahead[h - 1]?;
                let f = &win.features;
                let s = k.sigma(f.sd, f.n - 1, f.last) * (h as f64).sqrt();
                Some((z - fits.pred(win, h)) / s)
            })
            .collect();
        if r.len() < 50 {
            // Too few outcomes this far ahead: keep the shape of the horizon before.
            let prev: Vec<f64> = tables
                .last()
                .cloned()
                .unwrap_or_else(|| (0..SCORES).map(|j| -3.5 + SCORE_STEP * j as f64).collect());
            tables.push(prev);
            continue;
        }
        r.sort_by(f64::total_cmp);
        let table: Vec<f64> = (0..SCORES)
            .map(|j| {
                let x = -3.5 + SCORE_STEP * j as f64;
                quantile(&r, normal_cdf(x))
            })
            .collect();
        tables.push(table);
    }
    tables
}

/// Learns [`Knowledge`] from a panel. Deterministic: the same panel and options give the same
/// file. Fails when the panel has too few windows to learn from.
pub fn learn(
    panel: &BTreeMap<String, BTreeMap<i32, f64>>,
    options: &LearnOptions,
) -> Result<Knowledge> {
    let until = options.until.unwrap_or(i32::MAX);
    let since = options.since.unwrap_or(i32::MIN);
    let (eras, first_year, last_year) = Eras::of(panel, until);
    let era_at: BTreeMap<i32, f64> = eras.by_year.keys().map(|&t| (t, eras.era(t))).collect();
    let (windows, used) = windows_of(panel, until, since, &era_at);

    let (short, long): (Vec<&Window>, Vec<&Window>) =
        windows.iter().partition(|w| w.features.n < LONG_FROM);
    check_enough(&short, &long, options)?;
    let drift = eras.era(until.min(last_year));
    let fits = ClassFits {
        short: fit_class(&short),
        long: fit_class(&long),
    };
    let volatility = volatility_of(&windows, &fits, options);
    let mut long_sd: Vec<f64> = long.iter().filter_map(|w| w.features.sd).collect();
    long_sd.sort_by(f64::total_cmp);
    let smooth_below = (!long_sd.is_empty()).then(|| quantile(&long_sd, SMOOTH_QUANTILE));
    let mut k = Knowledge {
        version: FORMAT_VERSION,
        provenance: Provenance {
            data: options.data.clone(),
            years: (first_year, last_year),
            series: used,
            windows: windows.len(),
            command: options.command.clone(),
        },
        drift,
        volatility,
        short: Class {
            trend_weight: fits.short.0,
            reversion: fits.short.1,
            windows: short.iter().filter(|w| w.ahead[0].is_some()).count(),
            quantiles: Vec::new(),
        },
        long: Class {
            trend_weight: fits.long.0,
            reversion: fits.long.1,
            windows: long.iter().filter(|w| w.ahead[0].is_some()).count(),
            quantiles: Vec::new(),
        },
        smooth_below,
    };
    // The error tables, standardised by each window's own σ (which reads `k`'s volatility).
    k.short.quantiles = error_tables(&k, &short, &fits);
    k.long.quantiles = error_tables(&k, &long, &fits);
    k.check(&options.data)?;
    Ok(k)
}

/// Φ(x), the standard normal distribution function.
pub fn normal_cdf(x: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::standard().cdf(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_file_loads_and_says_where_it_came_from() {
        let k = Knowledge::builtin();
        assert_eq!(k.version, FORMAT_VERSION);
        assert!(k.provenance.years.1 <= 1993, "{:?}", k.provenance.years);
        assert!(k.provenance.command.contains("tradecast learn"));
        // Volatility shrinks toward a prior that is larger for small flows.
        assert!(k.prior_sigma(12.0) > k.prior_sigma(22.0));
    }

    #[test]
    fn a_file_of_another_version_is_refused_with_the_fix() {
        let mut k = Knowledge::builtin().clone();
        k.version = 99;
        let text = serde_json::to_string(&k).unwrap();
        let err = Knowledge::from_json(&text, "k.json")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("k.json") && err.contains("tradecast learn"),
            "{err}"
        );
    }

    #[test]
    fn a_panel_cut_inside_a_quote_is_refused_at_its_line() {
        let text = "series_id,year,value\nA,2000,5\nB,2001,\"6\n";
        let err = read_panel(text.as_bytes(), "p.csv")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("p.csv:3") && err.contains("never closed"),
            "{err}"
        );
        let ok = "series_id,year,value\nA,2000,5\n\"B\",2001,\"6\"\n";
        assert_eq!(read_panel(ok.as_bytes(), "p.csv").unwrap().len(), 2);
    }

    #[test]
    fn features_of_a_window() {
        let years = [2019, 2020, 2021, 2022];
        let z = [0.0, 0.1, 0.3, 0.2];
        let f = Features::of(&years, &z);
        assert_eq!(f.n, 4);
        assert!((f.trend - 0.2 / 3.0).abs() < 1e-12);
        assert!((f.deviation - (0.2 - 0.15)).abs() < 1e-12);
        assert!(f.sd.unwrap() > 0.0);
    }

    #[test]
    fn learning_a_synthetic_panel_recovers_its_drift_and_is_deterministic() {
        // 300 series growing 5% a year with zig-zags of several sizes around the trend.
        let mut panel = BTreeMap::new();
        for s in 0..300 {
            let mut series = BTreeMap::new();
            for (i, y) in (1960..1990).enumerate() {
                let wiggle = 0.03 * (1 + s % 3) as f64 * if i % 2 == 0 { 1.0 } else { -1.0 };
                series.insert(y, (1e6 * (s + 1) as f64) * (0.05 * i as f64 + wiggle).exp());
            }
            panel.insert(format!("S{s}"), series);
        }
        let options = LearnOptions::default();
        let a = learn(&panel, &options).unwrap();
        let b = learn(&panel, &options).unwrap();
        assert_eq!(a, b);
        assert!((a.drift - 0.05).abs() < 0.03, "drift {}", a.drift);
        // A third of the series zig-zag by ±3%, so yearly changes of 5% ± 6%: a volatility of
        // about 6%, the smoothest tenth's.
        let below = a.smooth_below.unwrap();
        assert!((below - 0.062).abs() < 0.005, "smooth_below {below}");
        // Too small a panel is an error that says what would help.
        let small: BTreeMap<_, _> = panel.into_iter().take(3).collect();
        let err = learn(&small, &options).unwrap_err().to_string();
        assert!(err.contains("at least 200"), "{err}");
    }

    #[test]
    fn the_panel_describes_short_series_and_long_ones_as_volatile_as_its_own() {
        let k = Knowledge::builtin();
        let below = k.smooth_below.unwrap();
        assert!((0.05..0.2).contains(&below), "{below}");
        // Short series always: they have nothing else to go by.
        assert!(k.describes(LONG_FROM - 1, Some(0.01)));
        assert!(!k.describes(LONG_FROM, Some(0.5 * below)));
        assert!(k.describes(LONG_FROM, Some(below)));
        // Unmeasured volatility, or a file without the field: described.
        assert!(k.describes(20, None));
        let old = Knowledge {
            smooth_below: None,
            ..k.clone()
        };
        assert!(old.describes(20, Some(0.0)));
        // A file without the field still loads; a negative one is refused.
        let mut json: serde_json::Value = serde_json::to_value(k).unwrap();
        json.as_object_mut().unwrap().remove("smooth_below");
        assert_eq!(
            Knowledge::from_json(&json.to_string(), "old.json")
                .unwrap()
                .smooth_below,
            None
        );
        json["smooth_below"] = serde_json::json!(-1.0);
        let err = Knowledge::from_json(&json.to_string(), "bad.json").unwrap_err();
        assert!(err.to_string().contains("smooth_below"), "{err}");
    }

    #[test]
    fn score_reaching_inverts_read_table() {
        let q = &Knowledge::builtin().short.quantiles[3];
        for c in [-2.0, -0.7, 0.0, 0.31, 1.5, 2.9] {
            let x = score_reaching(q, c);
            assert!((read_table(q, x) - c).abs() < 1e-9, "c={c}");
            assert!(read_table(q, x - 1e-6) < c);
        }
        assert_eq!(score_reaching(q, -1e9), f64::NEG_INFINITY);
        assert_eq!(score_reaching(q, 1e9), f64::INFINITY);
    }

    #[test]
    fn the_table_is_read_by_normal_score() {
        let k = Knowledge::builtin();
        let c = k.class(5);
        assert!(c.at_score(1, -1.96) < c.at_score(1, 0.0));
        assert!(c.at_score(1, 0.0) < c.at_score(1, 1.96));
        // Clamped at the ends, never extrapolated.
        assert_eq!(c.at_score(1, 10.0), c.at_score(1, 3.5));
        assert_eq!(c.at_score(40, 0.5), c.at_score(MAX_H, 0.5));
    }
}
