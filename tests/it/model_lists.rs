//! Every hand-written list of models names every model: the `--model` help, the Python
//! docstring and the model module's table are checked against `ModelKind::ALL`, so a new model
//! cannot be forgotten in one of them.

use std::path::Path;

use tradecast::model::ModelKind;

use crate::common::tradecast;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

#[test]
fn the_model_help_names_every_single_model() {
    let out = tradecast().args(["forecast", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for kind in ModelKind::singles() {
        assert!(
            help.contains(kind.as_str()),
            "--model help misses {kind}:\n{help}"
        );
    }
}

#[test]
fn the_python_forecast_docstring_names_every_single_model() {
    let py = read("python/tradecast/__init__.py");
    let doc = py
        .split("def forecast(")
        .nth(1)
        .and_then(|rest| rest.split("\"\"\"").nth(1))
        .expect("forecast() has a docstring");
    let words: String = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    for kind in ModelKind::singles() {
        assert!(
            words.contains(kind.as_str()),
            "the docstring misses {kind}: {words}"
        );
    }
}

#[test]
fn the_model_table_has_a_row_for_every_model() {
    let doc = read("src/model/mod.rs");
    for kind in ModelKind::ALL {
        let row = format!("//! | [`ModelKind::{kind:?}`] |");
        assert!(doc.contains(&row), "src/model/mod.rs's table misses {kind}");
    }
}

#[test]
fn an_unknown_model_name_lists_every_model() {
    let err = "no_such_model"
        .parse::<ModelKind>()
        .unwrap_err()
        .to_string();
    for kind in ModelKind::ALL {
        assert!(err.contains(kind.as_str()), "{err}");
    }
}
