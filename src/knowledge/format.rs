//! The knowledge file: [`Knowledge`] and its parts, the constants of its format, loading and
//! checking it, the built-in file, and reading its error tables.

use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::nowcast::Nowcast;
use crate::error::{Error, Problem, Result};

/// A rejected knowledge file or panel, located.
pub(crate) fn invalid(file: &str, line: Option<usize>, message: String) -> Error {
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
pub(super) const GRID_H: usize = 6;
/// The share of long windows smoother than [`Knowledge::smooth_below`].
pub const SMOOTH_QUANTILE: f64 = 0.10;

/// The built-in knowledge, as shipped.
const BUILTIN: &str = include_str!("../../knowledge/tradhist.json");

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
    /// ([`Features::sd`](super::Features::sd)): a long series whose own volatility is below it is smoother than the
    /// trade the panel describes. Files learned before this field existed have none, and then
    /// every long series is described.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smooth_below: Option<f64>,
    /// How the months of a year add up to its total, learned from a monthly panel (see
    /// [`Nowcast`]), with its own provenance. A file without it (learned from annual values
    /// only, or before the section existed) loads as before, and its nowcasts use the built-in
    /// file's rules ([`Knowledge::nowcast_rules`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nowcast: Option<Nowcast>,
    /// The class for series of one point (see `knowledge/tiny.rs`): its own trend and deviation
    /// are zero, so `trend_weight` shrinks the drift to `μ (1 − w)`. Files learned before it
    /// existed have none, and then a one-point series is not forecast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_point: Option<Class>,
    /// The class for series of two points; without it, as without `one_point`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_points: Option<Class>,
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

    pub(crate) fn check(&self, source: &str) -> Result<()> {
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
        let tiny = [
            ("one_point", &self.one_point),
            ("two_points", &self.two_points),
        ]
        .into_iter()
        .filter_map(|(name, c)| Some((name, c.as_ref()?)));
        for (name, class) in [("short", &self.short), ("long", &self.long)]
            .into_iter()
            .chain(tiny)
        {
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
        if let Some(Err(e)) = self.nowcast.as_ref().map(Nowcast::check) {
            return fail(format!(
                "{e}; re-learn it with `tradecast learn --monthly FILE`"
            ));
        }
        Ok(())
    }

    /// The nowcast rules: this file's `nowcast` section, or the built-in file's when it has
    /// none (a file learned from annual values only).
    pub fn nowcast_rules(&self) -> &Nowcast {
        match &self.nowcast {
            Some(rules) => rules,
            None => Knowledge::builtin()
                .nowcast
                .as_ref()
                .expect("the built-in knowledge file has a nowcast section (a unit test checks)"),
        }
    }

    /// The class for a series of `n` points (one or two points: their own class, when the file
    /// has it; [`Knowledge::tiny_class`]).
    pub fn class(&self, n: usize) -> &Class {
        if let Some(c) = self.tiny_class(n) {
            c
        } else if n >= LONG_FROM {
            &self.long
        } else {
            &self.short
        }
    }

    /// Whether the panel describes a series of `n` points whose own yearly volatility is
    /// `own_sd` ([`Features::sd`](super::Features::sd) over changes between reported years): short series always
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::knowledge::{learn, read_panel, Features, LearnOptions};

    #[test]
    fn the_builtin_file_loads_and_says_where_it_came_from() {
        let k = Knowledge::builtin();
        assert_eq!(k.version, FORMAT_VERSION);
        assert!(k.provenance.years.1 <= 1993, "{:?}", k.provenance.years);
        assert!(k.provenance.command.contains("tradecast learn"));
        // Volatility shrinks toward a prior that is larger for small flows.
        assert!(k.prior_sigma(12.0) > k.prior_sigma(22.0));
        // It has the nowcast rules every file without them falls back to, with their own
        // provenance.
        let rules = k
            .nowcast
            .as_ref()
            .expect("the built-in file has a nowcast section");
        assert!(rules.check().is_ok());
        assert!(rules.provenance.command.contains("learn_builtin.sh"));
        assert!(std::ptr::eq(k.nowcast_rules(), rules));
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
        assert_eq!(read_panel(ok.as_bytes(), "p.csv").unwrap().series.len(), 2);
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
        // The 1- and 2-point classes are learned from the same panel: its drift is steady, so
        // one value's forecast should keep most of it.
        let one = a.one_point.as_ref().unwrap();
        assert!(one.windows > 200 && one.trend_weight <= 0.2, "{one:?}");
        assert_eq!(one.quantiles.len(), MAX_H);
        assert!(a.two_points.as_ref().unwrap().windows > 200);
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
        // So does one without the 1- and 2-point classes (files learned before them).
        for key in ["one_point", "two_points"] {
            assert!(json.as_object_mut().unwrap().remove(key).is_some(), "{key}");
        }
        let old = Knowledge::from_json(&json.to_string(), "old.json").unwrap();
        assert!(old.one_point.is_none() && old.tiny_class(2).is_none());
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
