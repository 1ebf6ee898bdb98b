//! Reconciled annual series: one value a year per pair and flow, each saying how it was obtained;
//! and [`SeriesData`], the plain checked numbers of a series that the models see.

use serde::Serialize;

use crate::obs::{Bound, Flow, Pair, Period, Side, Trade};

/// How an annual value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// Stated by a source for the full calendar year.
    Reported,
    /// Implied by an identity from reported figures: `prev = level / (1 + g)`.
    Derived,
    /// A full year estimated from part of it: from a year-to-date level by the nowcast
    /// ([`crate::nowcast`], with its band in [`Point::estimate`]), or from a same-period growth
    /// alone, `full_t ≈ full_{t-1} × (1 + g)`.
    /// Carries more uncertainty than a reported year.
    Estimated,
}

impl PointKind {
    /// The spelling used in tables and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            PointKind::Reported => "reported",
            PointKind::Derived => "derived",
            PointKind::Estimated => "estimated",
        }
    }
}

/// One annual value of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// Calendar year.
    pub year: i32,
    /// Value in US dollars (finite, positive). For a bound, the bound itself.
    pub value_usd: f64,
    /// Reported, derived or estimated.
    pub kind: PointKind,
    /// Exact, approximate, or a one-sided bound.
    pub bound: Bound,
    /// Ids of the observations it came from.
    pub sources: Vec<String>,
    /// The arithmetic in words, e.g. "24.2 bn / (1 + 35%)".
    pub how: String,
    /// For a year this side lacks, borrowed from another side of the same trade and scaled to
    /// this one (see [`crate::reconcile`]): that side. `None` for the side's own figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub borrowed_from: Option<Side>,
    /// For a full year estimated from a year-to-date level: the months it rests on and the
    /// estimate's bands (see [`crate::nowcast`]). `None` for other points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Estimate>,
}

/// A full-year value estimated from January to `months` of its year: its 80% and 95% bands,
/// never below the year-to-date level, and its uncertainty on the log scale, which a projection
/// starting from it carries on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// Months of the year the estimate rests on (January to this; 1–11).
    pub months: u8,
    /// Lower end of the 80% band.
    pub lower80: f64,
    /// Upper end of the 80% band.
    pub upper80: f64,
    /// Lower end of the 95% band.
    pub lower95: f64,
    /// Upper end of the 95% band.
    pub upper95: f64,
    /// The estimate's standard deviation on the log scale.
    pub log_sd: f64,
}

/// A growth rate reported beside (or instead of) a level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowthReport {
    /// The period the growth is for (against the same period a year earlier).
    pub period: Period,
    /// Growth as a fraction (0.35 = +35%).
    pub growth: f64,
    /// The observation id.
    pub source: String,
}

/// Two or more sources that disagree on the same year, and which one was used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// The year in dispute.
    pub year: i32,
    /// Every candidate: (observation id or "derived", value in USD).
    pub candidates: Vec<(String, f64)>,
    /// The candidate used.
    pub chosen: String,
    /// The rule that chose, in words.
    pub rule: String,
}

/// The reconciled annual series for one pair and flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Reporter and partner, as the trade's first row writes them (see [`crate::reconcile`]).
    pub pair: Pair,
    /// Which flow.
    pub flow: Flow,
    /// Whose statistics every figure of this series comes from.
    pub reported_by: Side,
    /// Annual values, strictly increasing by year (gaps allowed).
    pub points: Vec<Point>,
    /// Every growth rate reported for this pair and flow, oldest first.
    pub growth_reports: Vec<GrowthReport>,
    /// How partial-year figures and other rows were used (or why not), for the report.
    pub notes: Vec<String>,
    /// Inconsistencies worth a reader's attention (component sums, partial above full year...).
    pub warnings: Vec<String>,
    /// Disagreements between sources.
    pub conflicts: Vec<Conflict>,
}

impl Series {
    /// The trade the series measures, whatever the order of its codes.
    pub fn trade(&self) -> Trade {
        Trade::of(self.pair, self.flow)
    }

    /// The latest annual point, if any.
    pub fn latest(&self) -> Option<&Point> {
        self.points.last()
    }

    /// The plain numbers a model needs.
    ///
    /// Built here rather than through [`SeriesData::try_new`]: reconciliation already gives one
    /// positive, finite value per year in increasing years, and a value outside
    /// [`MIN_VALUE`]..=[`MAX_VALUE`] (which only the models' `exp` clamp cares about) is still
    /// forecast rather than refused, as it always was.
    pub fn data(&self) -> SeriesData {
        // The months behind an estimated last point: those of its estimate from a year-to-date
        // level, else its year's partial-year growth report.
        let estimate_months = self
            .points
            .last()
            .filter(|p| p.kind == PointKind::Estimated)
            .and_then(|last| {
                last.estimate.map(|e| e.months).or_else(|| {
                    self.growth_reports
                        .iter()
                        .filter(|g| g.period.year() == last.year)
                        .filter_map(|g| g.period.months())
                        .filter(|&m| m < 12)
                        .max()
                })
            });
        SeriesData {
            years: self.points.iter().map(|p| p.year).collect(),
            values: self.points.iter().map(|p| p.value_usd).collect(),
            kinds: self.points.iter().map(|p| p.kind).collect(),
            bounds: self.points.iter().map(|p| p.bound).collect(),
            latest_growth: self
                .growth_reports
                .iter()
                .max_by_key(|g| (g.period.year(), g.period.months().unwrap_or(0)))
                .map(|g| (g.period.year(), g.growth)),
            estimate_months,
            // The band of an estimate from a year-to-date level, as the nowcast gave it.
            estimate_log_sd: self
                .points
                .last()
                .filter(|p| p.kind == PointKind::Estimated)
                .and_then(|p| p.estimate)
                .map(|e| e.log_sd),
        }
    }
}

/// Smallest value [`SeriesData::try_new`] accepts. Models work on logarithms and turn them back
/// with `exp` clamped at e^±700 (about 10^±304): values must leave room for the forecast and its
/// bands, or the clamp would put a forecast far from the data (a series at 10^308 was forecast
/// at 10^304 with a zero-width band).
pub const MIN_VALUE: f64 = 1e-100;
/// Largest value [`SeriesData::try_new`] accepts; see [`MIN_VALUE`].
pub const MAX_VALUE: f64 = 1e100;

/// The plain numbers a model sees: one value a year, with how each was obtained.
///
/// Invariants (checked by [`SeriesData::try_new`]): equal lengths, years strictly increasing,
/// values finite and within [`MIN_VALUE`]..=[`MAX_VALUE`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesData {
    /// Calendar years, strictly increasing (gaps allowed).
    years: Vec<i32>,
    /// Values in US dollars, finite and positive.
    values: Vec<f64>,
    /// How each value was obtained (estimated points weigh less).
    kinds: Vec<PointKind>,
    /// Exact, approximate, or a bound (a lower bound is censored, not exact).
    bounds: Vec<Bound>,
    /// The latest reported growth rate: (year, growth as a fraction).
    latest_growth: Option<(i32, f64)>,
    /// When the last point is estimated from part of its year: how many months that part
    /// covers (`None`: not estimated, or the source did not say). January–April leaves far more
    /// of the year unknown than January–October, and the band says so (see
    /// [`SeriesData::with_estimate_months`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    estimate_months: Option<u8>,
    /// The log standard deviation of an estimated last point, when the nowcast that made it
    /// said (see [`SeriesData::with_estimate_log_sd`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    estimate_log_sd: Option<f64>,
}

impl SeriesData {
    /// Checks the invariants: equal lengths, years strictly increasing, values finite and
    /// positive, growth (if any) finite and above −100%. Every problem is listed in the error.
    ///
    /// ```
    /// use tradecast::series::SeriesData;
    /// use tradecast::obs::Bound;
    /// use tradecast::series::PointKind;
    ///
    /// let ok = SeriesData::try_new(vec![2021, 2022], vec![1.0, 2.0],
    ///     vec![PointKind::Reported; 2], vec![Bound::Exact; 2], Some((2022, 1.0)));
    /// assert!(ok.is_ok());
    /// let bad = SeriesData::try_new(vec![2022, 2021], vec![1.0, -2.0],
    ///     vec![PointKind::Reported; 2], vec![Bound::Exact; 2], None);
    /// let message = bad.unwrap_err().to_string();
    /// assert!(message.contains("strictly increasing") && message.contains("positive"));
    /// ```
    pub fn try_new(
        years: Vec<i32>,
        values: Vec<f64>,
        kinds: Vec<PointKind>,
        bounds: Vec<Bound>,
        latest_growth: Option<(i32, f64)>,
    ) -> crate::Result<Self> {
        let mut problems = Vec::new();
        let n = years.len();
        if values.len() != n || kinds.len() != n || bounds.len() != n {
            problems.push(format!(
                "lengths differ: {n} years, {} values, {} kinds, {} bounds; give one of each per year",
                values.len(),
                kinds.len(),
                bounds.len()
            ));
        }
        for (i, pair) in years.windows(2).enumerate() {
            if pair[1] <= pair[0] {
                problems.push(format!(
                    "years must be strictly increasing: position {} has {} after {}",
                    i + 1,
                    pair[1],
                    pair[0]
                ));
            }
        }
        for (i, v) in values.iter().enumerate() {
            if !(v.is_finite() && (MIN_VALUE..=MAX_VALUE).contains(v)) {
                let year = years.get(i).map_or("?".to_string(), |y| y.to_string());
                problems.push(format!(
                    "value {v} at position {i} (year {year}) must be finite and positive (USD), \
                     within {MIN_VALUE:e} to {MAX_VALUE:e}"
                ));
            }
        }
        if let Some((year, g)) = latest_growth {
            if !(g.is_finite() && g > -1.0) {
                problems.push(format!(
                    "growth {g} for {year} must be a finite fraction above -1 (0.35 = +35%)"
                ));
            }
        }
        if !problems.is_empty() {
            return Err(crate::Error::Argument(format!(
                "series data rejected: {}",
                problems.join("; ")
            )));
        }
        Ok(SeriesData {
            years,
            values,
            kinds,
            bounds,
            latest_growth,
            estimate_months: None,
            estimate_log_sd: None,
        })
    }

    /// The first `s` points, with `latest_growth` in place of the series' reported growth and
    /// no months for an estimate: what a rolling-origin refit at origin `s` may know.
    pub(crate) fn head(&self, s: usize, latest_growth: Option<(i32, f64)>) -> SeriesData {
        SeriesData {
            years: self.years[..s].to_vec(),
            values: self.values[..s].to_vec(),
            kinds: self.kinds[..s].to_vec(),
            bounds: self.bounds[..s].to_vec(),
            latest_growth,
            estimate_months: None,
            estimate_log_sd: None,
        }
    }

    /// Records the months (1–11) of the partial year the last, estimated point rests on. The
    /// models then add the estimate's uncertainty to the band: the nowcast's typical log
    /// standard deviation for that many months ([`crate::nowcast::estimate_log_sd`], learned
    /// from real monthly trade), or a whole year's volatility with no months stated.
    pub fn with_estimate_months(mut self, months: Option<u8>) -> Self {
        self.estimate_months = months.filter(|m| (1..12).contains(m));
        self
    }

    /// Records the log standard deviation of the last, estimated point, as the nowcast that
    /// made it states it ([`crate::nowcast::FullYear::log_sd`]): the models add it to the band
    /// in place of the typical one. Ignored unless finite and ≥ 0.
    pub fn with_estimate_log_sd(mut self, log_sd: Option<f64>) -> Self {
        self.estimate_log_sd = log_sd.filter(|s| s.is_finite() && *s >= 0.0);
        self
    }

    /// Plain reported, exact values with no growth rate (panels, tests).
    ///
    /// ```
    /// let d = tradecast::series::SeriesData::plain(vec![2020, 2021, 2023], vec![5.0, 6.0, 7.5]).unwrap();
    /// assert_eq!(d.len(), 3);
    /// ```
    pub fn plain(years: Vec<i32>, values: Vec<f64>) -> crate::Result<Self> {
        let n = years.len();
        SeriesData::try_new(
            years,
            values,
            vec![PointKind::Reported; n],
            vec![Bound::Exact; n],
            None,
        )
    }

    /// Calendar years, strictly increasing (gaps allowed).
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// Values in US dollars, finite and positive.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// How each value was obtained.
    pub fn kinds(&self) -> &[PointKind] {
        &self.kinds
    }

    /// Exact, approximate, or a bound, per value.
    pub fn bounds(&self) -> &[Bound] {
        &self.bounds
    }

    /// The latest reported growth rate: (year, growth as a fraction).
    pub fn latest_growth(&self) -> Option<(i32, f64)> {
        self.latest_growth
    }

    /// The months behind an estimated last point, if stated (see
    /// [`SeriesData::with_estimate_months`]).
    pub fn estimate_months(&self) -> Option<u8> {
        self.estimate_months
    }

    /// The log standard deviation of an estimated last point, if its nowcast stated it (see
    /// [`SeriesData::with_estimate_log_sd`]).
    pub fn estimate_log_sd(&self) -> Option<f64> {
        self.estimate_log_sd
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.years.len()
    }

    /// True with no points.
    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }
}
