//! `gxf.core`'s entity and component calls: creating, finding and activating entities, entity
//! groups, events, component types and components.

use crate::runtime_api::{check, runtime};
use gxf_sdk::abi::events::Event;
use gxf_sdk::prelude::*;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// The id of the entity named `name`.
#[pyfunction]
fn entity_find(context: usize, name: &str) -> PyResult<i64> {
    check(runtime(context)?.find_entity(name))
}

/// Every entity id, in creation order.
#[pyfunction]
fn entity_find_all(context: usize) -> PyResult<Vec<i64>> {
    Ok(runtime(context)?.entity_ids())
}

/// The name of entity `eid`.
#[pyfunction]
fn entity_get_name(context: usize, eid: i64) -> PyResult<String> {
    let rt = runtime(context)?;
    check(rt.entity(eid))?;
    Ok(rt.entity_name(eid))
}

/// Component ids of entity `eid`, filtered by type (a `gxf_tid_t` or a type name) and/or
/// component name (a name also finds a component exported under it by a subgraph), in component
/// order. An empty list when none matches, as GXF's binding returns.
#[pyfunction]
#[pyo3(signature = (context, eid, tid = None, component_name = None))]
fn component_find(
    context: usize,
    eid: i64,
    tid: Option<&Bound<'_, PyAny>>,
    component_name: Option<&str>,
) -> PyResult<Vec<i64>> {
    let rt = runtime(context)?;
    check(rt.entity(eid))?;
    let tid = match tid {
        Some(t) if t.is_instance_of::<gxf_tid_t>() => {
            let t: gxf_tid_t = t.extract()?;
            Some(Tid { hash1: t.hash1, hash2: t.hash2 }).filter(|t| *t != Tid::NULL)
        }
        Some(t) => Some(check(rt.type_by_name(&t.extract::<String>()?))?.tid),
        None => None,
    };
    let mut found = Vec::new();
    let mut start = 0;
    while let Ok((cid, index)) = rt.find_component_from(eid, tid, component_name, start) {
        if !found.contains(&cid) {
            found.push(cid);
        }
        if index == usize::MAX {
            break;
        }
        start = index + 1;
    }
    Ok(found)
}

/// `gxf_tid_t`: a component type id.
#[pyclass(name = "gxf_tid_t", module = "gxf.core", eq, from_py_object)]
#[derive(Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub struct gxf_tid_t {
    /// The first 64 bits of the uuid (read/write, as in GXF).
    #[pyo3(get, set)]
    hash1: u64,
    /// The last 64 bits of the uuid (read/write).
    #[pyo3(get, set)]
    hash2: u64,
}

impl From<Tid> for gxf_tid_t {
    fn from(t: Tid) -> Self {
        gxf_tid_t { hash1: t.hash1, hash2: t.hash2 }
    }
}

#[pymethods]
impl gxf_tid_t {
    #[new]
    #[pyo3(signature = (hash1 = 0, hash2 = 0))]
    fn new(hash1: u64, hash2: u64) -> Self {
        gxf_tid_t { hash1, hash2 }
    }

    fn __repr__(&self) -> String {
        format!("gxf_tid_t({:#018x}, {:#018x})", self.hash1, self.hash2)
    }
}

/// The null type id (matches any type in lookups).
#[pyfunction]
fn tid_null() -> gxf_tid_t {
    Tid::NULL.into()
}

/// The type id of a registered component type.
#[pyfunction]
fn component_type_id(context: usize, type_name: &str) -> PyResult<gxf_tid_t> {
    Ok(check(runtime(context)?.type_by_name(type_name))?.tid.into())
}

/// The type name of a type id.
#[pyfunction]
fn component_type_name(context: usize, tid: gxf_tid_t) -> PyResult<String> {
    let rt = runtime(context)?;
    let tid = Tid { hash1: tid.hash1, hash2: tid.hash2 };
    rt.type_by_tid(tid).map(|t| t.name.clone()).ok_or_else(|| PyValueError::new_err("GXF_FACTORY_UNKNOWN_TID"))
}

/// `gxf_entity_create_info`: the name and flags of an entity to create.
#[pyclass(name = "gxf_entity_create_info", module = "gxf.core", frozen, from_py_object)]
#[derive(Clone)]
#[allow(non_camel_case_types)]
pub struct gxf_entity_create_info {
    #[pyo3(get)]
    entity_name: String,
    #[pyo3(get)]
    flags: u32,
}

#[pymethods]
impl gxf_entity_create_info {
    #[new]
    #[pyo3(signature = (entity_name = String::new(), flags = 0))]
    fn new(entity_name: String, flags: u32) -> Self {
        gxf_entity_create_info { entity_name, flags }
    }
}

/// Creates an entity of the graph from a name or a `gxf_entity_create_info`; returns its id.
#[pyfunction]
#[pyo3(signature = (context, info = None))]
fn entity_create(context: usize, info: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    let name = match info {
        Some(i) if i.is_instance_of::<gxf_entity_create_info>() => i.extract::<gxf_entity_create_info>()?.entity_name,
        Some(i) => i.extract::<String>()?,
        None => String::new(),
    };
    check(runtime(context)?.create_entity(Some(&name), true))
}

/// Creates an entity group (`name` is informational); returns its id.
#[pyfunction]
#[pyo3(signature = (context, name = String::new()))]
fn entity_group_create(context: usize, name: String) -> PyResult<i64> {
    let _ = name;
    Ok(runtime(context)?.next_uid())
}

/// Moves entity `eid` into group `gid`.
#[pyfunction]
fn entity_group_add(context: usize, gid: i64, eid: i64) -> PyResult<()> {
    check(runtime(context)?.set_entity_group(eid, gid))
}

/// Sends `event` (a `gxf_event_t` number) for entity `eid` to the schedulers.
#[pyfunction]
fn entity_notify_event_type(context: usize, eid: i64, event: i32) -> PyResult<()> {
    let rt = runtime(context)?;
    check(rt.entity(eid))?;
    rt.notify_event(eid, event);
    Ok(())
}

/// Wakes entity `eid` with an external event (`GXF_EVENT_EXTERNAL`).
#[pyfunction]
fn entity_event_notify(context: usize, eid: i64) -> PyResult<()> {
    entity_notify_event_type(context, eid, Event::External as i32)
}

/// Adds component `cid` to the interface of entity `eid` under `name`.
#[pyfunction]
fn component_add_to_interface(context: usize, eid: i64, cid: i64, name: &str) -> PyResult<()> {
    check(runtime(context)?.add_interface(eid, name, cid))
}

/// Activates one entity (initializes its components).
#[pyfunction]
fn entity_activate(py: Python<'_>, context: usize, eid: i64) -> PyResult<()> {
    let rt = runtime(context)?;
    check(py.detach(|| rt.activate_entity(eid)))
}

/// Deactivates one entity.
#[pyfunction]
fn entity_deactivate(py: Python<'_>, context: usize, eid: i64) -> PyResult<()> {
    let rt = runtime(context)?;
    check(py.detach(|| rt.deactivate_entity(eid)))
}

/// Adds a component of type `tid` named `name` to entity `eid`; returns its id.
#[pyfunction]
#[pyo3(signature = (context, eid, tid, name = String::new()))]
fn component_add(context: usize, eid: i64, tid: gxf_tid_t, name: String) -> PyResult<i64> {
    let type_name = component_type_name(context, tid)?;
    check(runtime(context)?.add_component(eid, &type_name, &name))
}

/// Adds the entity and component calls to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<gxf_tid_t>()?;
    m.add_class::<gxf_entity_create_info>()?;
    for f in [
        wrap_pyfunction!(entity_find, m)?,
        wrap_pyfunction!(entity_find_all, m)?,
        wrap_pyfunction!(entity_get_name, m)?,
        wrap_pyfunction!(entity_create, m)?,
        wrap_pyfunction!(entity_activate, m)?,
        wrap_pyfunction!(entity_deactivate, m)?,
        wrap_pyfunction!(entity_group_create, m)?,
        wrap_pyfunction!(entity_group_add, m)?,
        wrap_pyfunction!(entity_notify_event_type, m)?,
        wrap_pyfunction!(entity_event_notify, m)?,
        wrap_pyfunction!(tid_null, m)?,
        wrap_pyfunction!(component_type_id, m)?,
        wrap_pyfunction!(component_type_name, m)?,
        wrap_pyfunction!(component_add, m)?,
        wrap_pyfunction!(component_find, m)?,
        wrap_pyfunction!(component_add_to_interface, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
