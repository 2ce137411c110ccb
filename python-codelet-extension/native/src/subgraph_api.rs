//! `gxf.core._subgraph_load_file`: loading the file of a legacy `nvidia::gxf::Subgraph`
//! component that a Python-built entity holds (GXF's `GxfGraphLoadFileExtended`).

use crate::runtime_api::{check, root_path, runtime};
use gxf_sdk::abi::types::SUBGRAPH;
use gxf_sdk::prelude::*;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// `text` as a YAML double-quoted scalar.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Loads `filename` (relative to the root path, else the working directory) as the subgraph of
/// the first `nvidia::gxf::Subgraph` component of entity `parent_eid` that has not loaded one
/// yet, with `prerequisites` (YAML text of a map; empty for none) supplying its
/// prerequisites. The runtime's loader names the subgraph's entities `<parent entity>.<name>`,
/// as for Subgraph components in YAML graphs, so `entity_prefix` must be the parent entity's
/// name (or empty).
#[pyfunction]
fn _subgraph_load_file(
    py: Python<'_>,
    context: usize,
    filename: &str,
    entity_prefix: &str,
    parent_eid: i64,
    prerequisites: &str,
) -> PyResult<()> {
    let rt = runtime(context)?;
    let entity = check(rt.entity(parent_eid))?;
    if !entity_prefix.is_empty() && entity_prefix != entity.name {
        gxf_error!(
            "subgraph '{filename}': entities of a subgraph are named after their parent entity '{}', not '{entity_prefix}'",
            entity.name
        );
        return Err(PyValueError::new_err("GXF_ARGUMENT_INVALID"));
    }
    let subgraph = entity
        .components()
        .into_iter()
        .find(|c| c.ty.tid == SUBGRAPH.tid && c.param("location").is_none())
        .ok_or_else(|| {
            gxf_error!("entity '{}' has no Subgraph component left to load '{filename}'", entity.name);
            PyValueError::new_err("GXF_ENTITY_COMPONENT_NOT_FOUND")
        })?;
    let name = subgraph.name();
    if name.is_empty() {
        gxf_error!("the Subgraph component of entity '{}' needs a name to load '{filename}'", entity.name);
        return Err(PyValueError::new_err("GXF_ARGUMENT_INVALID"));
    }
    let root = root_path(context);
    let file = match root.as_str() {
        "" => filename.to_string(),
        _ if filename.starts_with('/') => filename.to_string(),
        root => format!("{}/{filename}", root.trim_end_matches('/')),
    };
    let mut doc = format!(
        "name: {}\ncomponents:\n- name: {}\n  parameters:\n    location: {}\n",
        quoted(&entity.name),
        quoted(&name),
        quoted(&file)
    );
    if !prerequisites.trim().is_empty() {
        doc.push_str("    prerequisites:\n");
        for line in prerequisites.lines() {
            doc.push_str(&format!("      {line}\n"));
        }
    }
    let source = format!("subgraph of '{}/{name}'", entity.name);
    check(py.detach(|| gxf_runtime::load_str(&rt, &source, &doc, &[])))
}

/// Adds the subgraph call to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_subgraph_load_file, m)?)
}
