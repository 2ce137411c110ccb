//! What the loaded extensions offer, as GXF's `core_pybind` reports it: extensions, their
//! component types and the types' parameters (the dicts GXF's `Components.py` generator reads).

use crate::params::yaml_safe_load;
use crate::runtime_api::runtime;
use gxf_runtime::ComponentType;
use gxf_sdk::abi::{param_flags, param_type};
use gxf_sdk::prelude::*;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::sync::Arc;

/// The uuids of the loaded extensions, in load order.
#[pyfunction]
fn get_extension_list(context: usize) -> PyResult<Vec<String>> {
    Ok(runtime(context)?.extensions().iter().map(|e| e.tid.to_string()).collect())
}

/// GXF's keys (`name`, `display_name`, `category`, `brief`, `description`, `version`,
/// `author`, `license`) plus `path` (the library) and `components` (the type uuids).
#[pyfunction]
fn get_extension_info<'py>(py: Python<'py>, context: usize, uuid: &str) -> PyResult<Bound<'py, PyDict>> {
    let extensions = runtime(context)?.extensions();
    let ext = extensions
        .iter()
        .find(|e| e.tid.to_string() == uuid)
        .ok_or_else(|| PyValueError::new_err("GXF_EXTENSION_NOT_FOUND"))?;
    let info = PyDict::new(py);
    info.set_item("name", &ext.name)?;
    info.set_item("display_name", &ext.about.display_name)?;
    info.set_item("category", &ext.about.category)?;
    info.set_item("brief", &ext.about.brief)?;
    info.set_item("description", &ext.about.description)?;
    info.set_item("version", &ext.version)?;
    info.set_item("author", &ext.about.author)?;
    info.set_item("license", &ext.about.license)?;
    info.set_item("path", &ext.path)?;
    info.set_item("components", ext.components.iter().map(Tid::to_string).collect::<Vec<_>>())?;
    Ok(info)
}

/// The component type uuids an extension registered.
#[pyfunction]
fn get_component_list(py: Python<'_>, context: usize, uuid: &str) -> PyResult<Vec<String>> {
    get_extension_info(py, context, uuid)?.get_item("components")?.map_or(Ok(Vec::new()), |c| c.extract())
}

fn type_of(context: usize, uuid: &str) -> PyResult<Arc<ComponentType>> {
    let tid = Tid::parse(uuid).ok_or_else(|| PyValueError::new_err("GXF_ARGUMENT_INVALID"))?;
    runtime(context)?.type_by_tid(tid).ok_or_else(|| PyValueError::new_err("GXF_FACTORY_UNKNOWN_TID"))
}

/// `typename`, `display_name`, `brief`, `description`, `base_typename` and `is_abstract`.
#[pyfunction]
fn get_component_info<'py>(py: Python<'py>, context: usize, uuid: &str) -> PyResult<Bound<'py, PyDict>> {
    let rt = runtime(context)?;
    let ty = type_of(context, uuid)?;
    let info = PyDict::new(py);
    info.set_item("typename", &ty.name)?;
    info.set_item("display_name", ty.name.rsplit("::").next().unwrap_or(&ty.name))?;
    info.set_item("brief", &ty.description)?;
    info.set_item("description", &ty.description)?;
    let base = ty.base.and_then(|b| rt.type_by_tid(b)).map(|b| b.name.clone()).unwrap_or_default();
    info.set_item("base_typename", base)?;
    info.set_item("is_abstract", ty.vtable.is_none())?;
    Ok(info)
}

/// The parameter keys of a component type.
#[pyfunction]
fn get_param_list(context: usize, uuid: &str) -> PyResult<Vec<String>> {
    Ok(type_of(context, uuid)?.params.iter().map(|p| p.key.clone()).collect())
}

/// GXF reports one flag: OPTIONAL before DYNAMIC, else NONE.
fn flags_name(flags: u32) -> &'static str {
    if flags & param_flags::OPTIONAL != 0 {
        "GXF_PARAMETER_FLAGS_OPTIONAL"
    } else if flags & param_flags::DYNAMIC != 0 {
        "GXF_PARAMETER_FLAGS_DYNAMIC"
    } else {
        "GXF_PARAMETER_FLAGS_NONE"
    }
}

/// `key`, `headline`, `description`, `gxf_parameter_type`, `rank`, `shape`, `flags`,
/// `handle_type` (`"N/A"` for other types), `default` (typed, `"N/A"` when there is none) and,
/// for bounded integers, `min_value` and `max_value`.
#[pyfunction]
fn get_param_info<'py>(py: Python<'py>, context: usize, uuid: &str, key: &str) -> PyResult<Bound<'py, PyDict>> {
    let ty = type_of(context, uuid)?;
    let spec = ty.param(key).ok_or_else(|| PyValueError::new_err("GXF_PARAMETER_NOT_FOUND"))?;
    let info = PyDict::new(py);
    info.set_item("key", &spec.key)?;
    info.set_item("headline", &spec.headline)?;
    info.set_item("description", &spec.description)?;
    info.set_item("gxf_parameter_type", gxf_sdk::abi::gxf_parameter_type_name(spec.elem, spec.container))?;
    let (rank, shape) = gxf_sdk::abi::gxf_rank_and_shape(spec.container, spec.len);
    info.set_item("rank", rank)?;
    info.set_item("shape", shape)?;
    info.set_item("flags", flags_name(spec.flags))?;
    let handle = match spec.elem {
        param_type::HANDLE => runtime(context)?.type_by_tid(spec.handle_tid).map(|t| t.name.clone()),
        _ => None,
    };
    info.set_item("handle_type", handle.as_deref().unwrap_or("N/A"))?;
    let default = match (spec.default_yaml.as_deref(), spec.elem) {
        (None, _) | (Some(_), param_type::HANDLE) => "N/A".into_pyobject(py)?.into_any().unbind(),
        (Some(text), param_type::STRING | param_type::FILE) => text.into_pyobject(py)?.into_any().unbind(),
        (Some(text), _) => yaml_safe_load(py, text)?,
    };
    info.set_item("default", default)?;
    if let Some((min, max)) = spec.bounds() {
        info.set_item("min_value", min)?;
        info.set_item("max_value", max)?;
    }
    Ok(info)
}

/// Adds the introspection calls to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for f in [
        wrap_pyfunction!(get_extension_list, m)?,
        wrap_pyfunction!(get_extension_info, m)?,
        wrap_pyfunction!(get_component_list, m)?,
        wrap_pyfunction!(get_component_info, m)?,
        wrap_pyfunction!(get_param_list, m)?,
        wrap_pyfunction!(get_param_info, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
