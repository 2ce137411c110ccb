//! `codelet_params` text to Python values with PyYAML `safe_load`'s YAML 1.1 typing, so that
//! `CodeletAdapter.get_params()` needs no PyYAML.

use gxf_sdk::yaml::{parse_documents, Node, NodeKind, ScalarStyle};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3::IntoPyObjectExt;

/// Parses the first YAML document of `text` (None for an empty text) like `yaml.safe_load`.
#[pyfunction]
pub(crate) fn yaml_safe_load(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    let docs = parse_documents(text).map_err(|e| {
        PyValueError::new_err(format!("codelet_params {}:{}: {}", e.mark.line, e.mark.column, e.message))
    })?;
    match docs.first() {
        Some(doc) => to_python(py, doc),
        None => Ok(py.None()),
    }
}

fn to_python(py: Python<'_>, node: &Node) -> PyResult<Py<PyAny>> {
    match &node.kind {
        NodeKind::Null => Ok(py.None()),
        NodeKind::Scalar { value, style } => {
            let is_str_tag = node.tag.as_deref() == Some("tag:yaml.org,2002:str");
            if *style != ScalarStyle::Plain || is_str_tag {
                return value.into_py_any(py);
            }
            plain_scalar(py, value)
        }
        NodeKind::Sequence(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            Ok(list.into_any().unbind())
        }
        NodeKind::Mapping(entries) => {
            let dict = PyDict::new(py);
            for (key, value) in entries {
                dict.set_item(to_python(py, key)?, to_python(py, value)?)?;
            }
            Ok(dict.into_any().unbind())
        }
    }
}

/// YAML 1.1's implicit types, as PyYAML's resolver applies them to plain scalars.
fn plain_scalar(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(py.None()),
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => return true.into_py_any(py),
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => return false.into_py_any(py),
        _ => {}
    }
    if let Some(int) = parse_int(text) {
        // Through Python's int() so that arbitrarily large values keep their precision.
        return py.import("builtins")?.getattr("int")?.call1((int.0, int.1))?.into_py_any(py);
    }
    if let Some(float) = parse_float(text) {
        return float.into_py_any(py);
    }
    text.into_py_any(py)
}

/// Digits (without sign, prefix and underscores, sign re-attached) and base of a YAML 1.1 int.
fn parse_int(text: &str) -> Option<(String, u32)> {
    let (sign, body) = match text.as_bytes().first()? {
        b'-' => ("-", &text[1..]),
        b'+' => ("", &text[1..]),
        _ => ("", text),
    };
    let (digits, base) = if let Some(hex) = body.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(bin) = body.strip_prefix("0b") {
        (bin, 2)
    } else if body.len() > 1 && body.starts_with('0') {
        (&body[1..], 8)
    } else {
        (body, 10)
    };
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    let valid = !clean.is_empty()
        && !digits.starts_with('_')
        && clean.chars().all(|c| c.is_digit(base))
        && (base != 10 || !body.starts_with('_'));
    valid.then(|| (format!("{sign}{clean}"), base))
}

/// A YAML 1.1 float: digits with a dot (`1.5`, `-2.`, `.5`, `1.0e+3`), `.inf`, `.nan`.
fn parse_float(text: &str) -> Option<f64> {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    match body {
        ".inf" | ".Inf" | ".INF" => return Some(if negative { f64::NEG_INFINITY } else { f64::INFINITY }),
        ".nan" | ".NaN" | ".NAN" if body.len() == text.len() => return Some(f64::NAN),
        _ => {}
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int_part, frac_part) = mantissa.split_once('.')?;
    let digits_ok = |s: &str| s.chars().all(|c| c.is_ascii_digit() || c == '_');
    let mantissa_ok = digits_ok(int_part)
        && digits_ok(frac_part)
        && !int_part.starts_with('_')
        && (int_part.is_empty() && !frac_part.is_empty() || !int_part.is_empty());
    let exponent_ok =
        exponent.is_none_or(|e| e.len() > 1 && e.starts_with(['-', '+']) && e[1..].chars().all(|c| c.is_ascii_digit()));
    if !mantissa_ok || !exponent_ok {
        return None;
    }
    text.replace('_', "").parse().ok()
}

/// Adds `yaml_safe_load` to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(yaml_safe_load, m)?)
}
