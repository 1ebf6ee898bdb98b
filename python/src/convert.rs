//! serde_json values → Python objects.
//!
//! The bindings return exactly the JSON values the CLI prints (`tradecast ... --json`), turned into
//! plain Python objects: objects → `dict` (keys in the same sorted order), arrays → `list`,
//! integers → `int`, other numbers → `float`, `null` → `None`. A float is the same `f64` the CLI
//! prints in shortest round-trip form, so `json.loads(cli_stdout) == python_result` holds exactly.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3::IntoPyObjectExt;
use serde_json::Value;

/// Convert one JSON value, recursively.
pub fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_bound_py_any(py)?,
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_bound_py_any(py)?
            } else if let Some(u) = n.as_u64() {
                u.into_bound_py_any(py)?
            } else {
                // serde_json (without arbitrary_precision) holds every other number as an f64.
                n.as_f64().unwrap_or(f64::NAN).into_bound_py_any(py)?
            }
        }
        Value::String(s) => s.into_bound_py_any(py)?,
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}
