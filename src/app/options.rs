//! Options of the commands, as given ([`Options`]) and checked once ([`Checked`]).
//!
//! As linfa checks hyperparameters: a front end fills an [`Options`] from its flags or keyword
//! arguments, calls [`Options::check`], and gets a [`Checked`] value or an
//! [`Error::Argument`] naming the option, its value and what is accepted. Every limit, the
//! `--model` names and the data directory's required files are checked here and nowhere else;
//! after `check()` no command fails on an option.

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{ModelChoice, ModelKind};
use crate::obs::Date;

use super::pipeline::RunOptions;

/// Years a forecast may reach after a series' last year (`--horizon`, `horizon=`).
pub const HORIZON: RangeInclusive<usize> = 1..=100;
/// Simulated paths per target (`--paths`, `paths=`).
pub const PATHS: RangeInclusive<usize> = 100..=1_000_000;
/// The files a data directory must hold.
pub const DATA_FILES: [&str; 2] = ["observations.csv", "targets.csv"];

/// Which models `forecast` fits and shows: the values of `--model`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelRequest {
    /// `auto`: fit every candidate and choose (or combine) automatically.
    Auto,
    /// `all`: the same fits and choice as `auto`; the text output shows every fitted model's
    /// forecast, not only the chosen one (the JSON is the same as `auto`'s).
    All,
    /// One model's name: fit that model only.
    Only(ModelKind),
}

impl ModelRequest {
    /// The models a request may name alone: every model but the combination.
    pub fn singles() -> impl Iterator<Item = ModelKind> {
        ModelKind::singles()
    }

    /// How the models are fitted and chosen (`all` fits and chooses as `auto`).
    pub fn choice(self) -> ModelChoice {
        match self {
            ModelRequest::Auto | ModelRequest::All => ModelChoice::Auto,
            ModelRequest::Only(kind) => ModelChoice::Only(kind),
        }
    }

    /// The name as written on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ModelRequest::Auto => "auto",
            ModelRequest::All => "all",
            ModelRequest::Only(kind) => kind.as_str(),
        }
    }
}

impl FromStr for ModelRequest {
    type Err = Error;
    /// `auto`, `all`, or one model's name (every [`ModelKind`] but `combination`).
    fn from_str(name: &str) -> Result<Self> {
        match name {
            "auto" => Ok(ModelRequest::Auto),
            "all" => Ok(ModelRequest::All),
            _ => Self::singles()
                .find(|k| k.as_str() == name)
                .map(ModelRequest::Only)
                .ok_or_else(|| {
                    Error::Argument(format!(
                        "unknown model {name:?}: expected auto, all, or one of {}",
                        Self::singles()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }),
        }
    }
}

/// What a command is asked to do, as given. Build it (fields are public; [`Options::new`] gives
/// the command-line defaults), then [`check`](Options::check) it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Directory holding `observations.csv` and `targets.csv`.
    pub data: PathBuf,
    /// The date the projections are made.
    pub as_of: Date,
    /// Seed for every simulation.
    pub seed: u64,
    /// Years to forecast after each series' last year, within [`HORIZON`].
    pub horizon: usize,
    /// `auto`, `all` or one model's name (see [`ModelRequest`]).
    pub model: String,
    /// Simulated paths per target, within [`PATHS`].
    pub paths: usize,
    /// A knowledge file made by `tradecast learn` for the pooled model (`None`: the built-in).
    pub knowledge: Option<PathBuf>,
}

impl Options {
    /// The command-line defaults: seed 42, a 10-year horizon, `auto`, 2,000 paths.
    pub fn new(data: impl Into<PathBuf>, as_of: Date) -> Self {
        Options {
            data: data.into(),
            as_of,
            seed: 42,
            horizon: 10,
            model: "auto".into(),
            paths: 2000,
            knowledge: None,
        }
    }

    /// Check every option once: the limits, the model name, and that the data directory holds
    /// its two files. Each failure is an [`Error::Argument`] saying what is accepted.
    pub fn check(self) -> Result<Checked> {
        let horizon = in_range("horizon", self.horizon, &HORIZON)?;
        let paths = in_range("paths", self.paths, &PATHS)?;
        let model: ModelRequest = self.model.parse()?;
        check_data_dir(&self.data)?;
        let knowledge = match &self.knowledge {
            Some(path) => std::sync::Arc::new(crate::knowledge::Knowledge::load(path)?),
            None => std::sync::Arc::new(crate::knowledge::Knowledge::builtin().clone()),
        };
        Ok(Checked {
            data: self.data,
            model,
            run: RunOptions {
                as_of: self.as_of,
                seed: self.seed,
                horizon,
                paths,
                choice: model.choice(),
                knowledge,
            },
        })
    }
}

fn in_range(name: &str, value: usize, range: &RangeInclusive<usize>) -> Result<usize> {
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(Error::Argument(format!(
            "{name} {value} is out of range: give {} to {}",
            range.start(),
            range.end()
        )))
    }
}

/// A missing directory or file is rejected input with a hint, before anything is read.
fn check_data_dir(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        return Err(Error::Argument(format!(
            "data directory {} not found: give a folder holding observations.csv and targets.csv \
             (--data DIR; data_dir in Python; see README.md, \"Data format\")",
            dir.display()
        )));
    }
    for file in DATA_FILES {
        if !dir.join(file).is_file() {
            return Err(Error::Argument(format!(
                "{} not found: the data directory needs observations.csv and targets.csv \
                 (targets.csv may hold only its header line)",
                dir.join(file).display()
            )));
        }
    }
    Ok(())
}

/// Options after [`Options::check`]: within their limits, the model named, the data directory
/// holding its files. Read-only.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    data: PathBuf,
    model: ModelRequest,
    run: RunOptions,
}

impl Checked {
    /// The data directory.
    pub fn data(&self) -> &Path {
        &self.data
    }
    /// The model request.
    pub fn model(&self) -> ModelRequest {
        self.model
    }
    /// The pipeline's options (as-of date, seed, horizon, paths, model choice).
    pub fn run(&self) -> &RunOptions {
        &self.run
    }
    /// The as-of date.
    pub fn as_of(&self) -> Date {
        self.run.as_of
    }
    /// The seed.
    pub fn seed(&self) -> u64 {
        self.run.seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Options {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        Options::new(data, "2026-11-23".parse().unwrap())
    }

    #[test]
    fn defaults_pass_and_limits_are_named() {
        let c = options().check().unwrap();
        assert_eq!(c.run().horizon, 10);
        assert_eq!(c.model(), ModelRequest::Auto);
        let e = Options {
            horizon: 0,
            ..options()
        }
        .check()
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid argument: horizon 0 is out of range: give 1 to 100"
        );
        let e = Options {
            paths: 10,
            ..options()
        }
        .check()
        .unwrap_err();
        assert!(e
            .to_string()
            .contains("paths 10 is out of range: give 100 to 1000000"));
    }

    #[test]
    fn model_names() {
        assert_eq!("all".parse::<ModelRequest>().unwrap(), ModelRequest::All);
        assert_eq!(ModelRequest::All.choice(), ModelChoice::Auto);
        assert_eq!(
            "drift".parse::<ModelRequest>().unwrap().choice(),
            ModelChoice::Only(ModelKind::Drift)
        );
        let e = "combination"
            .parse::<ModelRequest>()
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown model \"combination\""), "{e}");
        assert!(e.contains("latest_growth"), "{e}");
    }

    #[test]
    fn missing_data_is_named() {
        let e = Options {
            data: "no/such/dir".into(),
            ..options()
        }
        .check()
        .unwrap_err()
        .to_string();
        assert!(e.contains("data directory no/such/dir not found"), "{e}");
    }
}
