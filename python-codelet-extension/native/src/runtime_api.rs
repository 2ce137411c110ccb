//! `gxf.core`'s functional API over integer contexts (GXF's `core_pybind`): what Python scripts
//! and `python3 -m gxf.gxe` drive graphs with.

use crate::context::value_error;
use gxf_core::api::host;
use gxf_core::prelude::*;
use gxf_core::runtime::param_value::ParamValue;
use gxf_core::runtime::{host_impl, logging, Context, Runtime};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use std::collections::BTreeMap;
use std::sync::{mpsc, Mutex};
use std::time::Duration;

/// Contexts created from Python, by their integer id (the runtime's address).
static CONTEXTS: Mutex<BTreeMap<usize, Context>> = Mutex::new(BTreeMap::new());

fn contexts() -> std::sync::MutexGuard<'static, BTreeMap<usize, Context>> {
    CONTEXTS.lock().unwrap_or_else(|e| e.into_inner())
}

/// The context behind an id from `context_create`.
fn runtime(context: usize) -> PyResult<Context> {
    contexts().get(&context).cloned().ok_or_else(|| PyValueError::new_err("GXF_CONTEXT_INVALID"))
}

fn check<T>(r: Result<T>) -> PyResult<T> {
    r.map_err(|e| {
        gxf_error!("{}{}{}", e.code, if e.message.is_empty() { "" } else { ": " }, e.message);
        value_error(e)
    })
}

/// Creates a context; returns its id.
#[pyfunction]
fn context_create() -> PyResult<usize> {
    let rt = Runtime::new();
    if !std::ptr::eq(host::host(), host_impl::host_table()) {
        return Err(PyRuntimeError::new_err(
            "gxf.core.context_create() is not available inside a graph run by gxe: use the codelet's context()",
        ));
    }
    let id = rt.raw() as usize;
    contexts().insert(id, rt);
    Ok(id)
}

/// Destroys a context (deactivating its graph first).
#[pyfunction]
fn context_destroy(py: Python<'_>, context: usize) -> PyResult<()> {
    let rt = runtime(context)?;
    check(py.detach(|| rt.destroy()))?;
    contexts().remove(&context);
    Ok(())
}

/// Sets the log severity (0 none … 5 verbose).
#[pyfunction]
fn gxf_set_severity(context: usize, severity: i32) -> PyResult<()> {
    runtime(context)?;
    if !(0..=5).contains(&severity) {
        return Err(PyValueError::new_err("GXF_ARGUMENT_OUT_OF_RANGE"));
    }
    logging::set_severity(severity);
    Ok(())
}

/// Loads extension libraries and manifests; relative paths resolve against `base_directory`.
#[pyfunction]
#[pyo3(signature = (context, extension_filenames = Vec::new(), manifest_filenames = Vec::new(), base_directory = String::new()))]
fn load_extensions(
    py: Python<'_>,
    context: usize,
    extension_filenames: Vec<String>,
    manifest_filenames: Vec<String>,
    base_directory: String,
) -> PyResult<()> {
    let rt = runtime(context)?;
    let resolve = |p: &String| match base_directory.as_str() {
        "" => p.clone(),
        base if !p.starts_with('/') => format!("{base}/{p}"),
        _ => p.clone(),
    };
    check(py.detach(|| {
        for m in &manifest_filenames {
            rt.load_manifest(&resolve(m))?;
        }
        extension_filenames.iter().try_for_each(|e| rt.load_extension(&resolve(e)))
    }))
}

/// Loads a graph file.
#[pyfunction]
#[pyo3(signature = (context, filename, root = String::new()))]
fn graph_load_file(py: Python<'_>, context: usize, filename: String, root: String) -> PyResult<()> {
    let rt = runtime(context)?;
    check(py.detach(|| gxf_core::graph::load_file(&rt, &filename, &root, &[])))
}

/// Activates the graph.
#[pyfunction]
fn graph_activate(py: Python<'_>, context: usize) -> PyResult<()> {
    let rt = runtime(context)?;
    check(py.detach(|| rt.graph_activate()))
}

/// Starts the graph without waiting.
#[pyfunction]
fn graph_run_async(py: Python<'_>, context: usize) -> PyResult<()> {
    let rt = runtime(context)?;
    check(py.detach(|| rt.graph_run_async()))
}

/// Waits for the graph to finish, with the GIL released. Ctrl-C interrupts the graph (and the
/// wait goes on until it has stopped), as GXF's binding does.
#[pyfunction]
fn graph_wait(py: Python<'_>, context: usize) -> PyResult<()> {
    let rt = runtime(context)?;
    let (done_tx, done_rx) = mpsc::channel();
    let done_rx = Mutex::new(done_rx);
    let waiter = rt.clone();
    std::thread::spawn(move || {
        let _ = done_tx.send(waiter.graph_wait());
    });
    loop {
        match py.detach(|| done_rx.lock().unwrap_or_else(|e| e.into_inner()).recv_timeout(Duration::from_millis(50))) {
            Ok(result) => return check(result),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if py.check_signals().is_err() {
                    gxf_info!("interrupted: stopping the graph");
                    let _ = rt.graph_interrupt();
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(PyRuntimeError::new_err("the graph wait thread ended without a result"));
            }
        }
    }
}

/// Runs the graph to completion (`graph_run_async` + `graph_wait`).
#[pyfunction]
fn graph_run(py: Python<'_>, context: usize) -> PyResult<()> {
    graph_run_async(py, context)?;
    graph_wait(py, context)
}

/// Asks the running graph to stop.
#[pyfunction]
fn graph_interrupt(py: Python<'_>, context: usize) -> PyResult<()> {
    let rt = runtime(context)?;
    check(py.detach(|| rt.graph_interrupt()))
}

/// Deactivates the graph.
#[pyfunction]
fn graph_deactivate(py: Python<'_>, context: usize) -> PyResult<()> {
    let rt = runtime(context)?;
    check(py.detach(|| rt.graph_deactivate()))
}

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
/// component name.
#[pyfunction]
#[pyo3(signature = (context, eid, tid = None, component_name = None))]
fn component_find(
    context: usize,
    eid: i64,
    tid: Option<&Bound<'_, PyAny>>,
    component_name: Option<&str>,
) -> PyResult<Vec<i64>> {
    let rt = runtime(context)?;
    let tid = match tid {
        Some(t) if t.is_instance_of::<gxf_tid_t>() => {
            let t: gxf_tid_t = t.extract()?;
            Some(Tid { hash1: t.hash1, hash2: t.hash2 })
        }
        Some(t) => Some(check(rt.type_by_name(&t.extract::<String>()?))?.tid),
        None => None,
    };
    let ctx = ContextRef::from_raw(rt.raw());
    let found: Vec<i64> = ctx
        .find_cids(eid, tid.unwrap_or(Tid::NULL))
        .into_iter()
        .filter(|&cid| component_name.is_none_or(|n| ctx.component_name(cid) == n))
        .collect();
    if found.is_empty() {
        return Err(PyValueError::new_err("GXF_ENTITY_COMPONENT_NOT_FOUND"));
    }
    Ok(found)
}

/// `gxf_tid_t`: a component type id.
#[pyclass(name = "gxf_tid_t", module = "gxf.core", eq, frozen, from_py_object)]
#[derive(Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub struct gxf_tid_t {
    #[pyo3(get)]
    hash1: u64,
    #[pyo3(get)]
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

/// Creates an entity of the graph (`name` may be empty).
#[pyfunction]
#[pyo3(signature = (context, name = String::new()))]
fn entity_create(context: usize, name: String) -> PyResult<i64> {
    check(runtime(context)?.create_entity(Some(&name), true))
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

fn set_param(context: usize, cid: i64, key: &str, value: ParamValue) -> PyResult<()> {
    check(runtime(context)?.set_param(cid, key, value))
}

fn get_param<T: gxf_core::api::ParamValue>(context: usize, cid: i64, key: &str) -> PyResult<T> {
    let rt = runtime(context)?;
    check(ContextRef::from_raw(rt.raw()).component_param::<T>(cid, key))?
        .ok_or_else(|| PyValueError::new_err("GXF_PARAMETER_NOT_FOUND"))
}

/// `parameter_set_<type>` and `parameter_get_<type>` for one scalar type.
macro_rules! scalar_parameter {
    ($set:ident, $get:ident, $t:ty, $variant:ident, $as:ty) => {
        /// Sets a parameter.
        #[pyfunction]
        fn $set(context: usize, cid: i64, key: &str, value: $t) -> PyResult<()> {
            set_param(context, cid, key, ParamValue::$variant(value as $as))
        }

        /// Reads a parameter (ValueError GXF_PARAMETER_NOT_FOUND when unset).
        #[pyfunction]
        fn $get(context: usize, cid: i64, key: &str) -> PyResult<$t> {
            get_param::<$t>(context, cid, key)
        }
    };
}

scalar_parameter!(parameter_set_bool, parameter_get_bool, bool, Bool, bool);
scalar_parameter!(parameter_set_int32, parameter_get_int32, i32, Int, i64);
scalar_parameter!(parameter_set_int64, parameter_get_int64, i64, Int, i64);
scalar_parameter!(parameter_set_uint64, parameter_get_uint64, u64, UInt, u64);
scalar_parameter!(parameter_set_float32, parameter_get_float32, f32, Float, f64);
scalar_parameter!(parameter_set_float64, parameter_get_float64, f64, Float, f64);

/// Sets a string parameter.
#[pyfunction]
fn parameter_set_str(context: usize, cid: i64, key: &str, value: String) -> PyResult<()> {
    set_param(context, cid, key, ParamValue::Str(value))
}

/// Sets a file path parameter.
#[pyfunction]
fn parameter_set_path(context: usize, cid: i64, key: &str, value: String) -> PyResult<()> {
    set_param(context, cid, key, ParamValue::Str(value))
}

/// Reads a string parameter.
#[pyfunction]
fn parameter_get_str(context: usize, cid: i64, key: &str) -> PyResult<String> {
    get_param::<String>(context, cid, key)
}

/// Sets a handle parameter to component `value` (a cid).
#[pyfunction]
fn parameter_set_handle(context: usize, cid: i64, key: &str, value: i64) -> PyResult<()> {
    set_param(context, cid, key, ParamValue::Handle(value))
}

/// Reads a handle parameter: the component id it points at.
#[pyfunction]
fn parameter_get_handle(context: usize, cid: i64, key: &str) -> PyResult<i64> {
    Ok(get_param::<Handle<iface::Component>>(context, cid, key)?.cid())
}

/// Sets a parameter from YAML text (parsed with the parameter's registered type).
#[pyfunction]
fn parameter_set_from_yaml_node(context: usize, cid: i64, key: &str, yaml: &str) -> PyResult<()> {
    let rt = runtime(context)?;
    let ctx = ComponentContext::from_raw(gxf_core::abi::ComponentCtxC { context: rt.raw(), eid: 0, cid });
    check(ctx.set_param_yaml(key, yaml))
}

/// Adds the functional API to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(context_create, m)?)?;
    m.add_function(wrap_pyfunction!(context_destroy, m)?)?;
    m.add_function(wrap_pyfunction!(gxf_set_severity, m)?)?;
    m.add_function(wrap_pyfunction!(load_extensions, m)?)?;
    m.add_function(wrap_pyfunction!(graph_load_file, m)?)?;
    m.add_function(wrap_pyfunction!(graph_activate, m)?)?;
    m.add_function(wrap_pyfunction!(graph_run_async, m)?)?;
    m.add_function(wrap_pyfunction!(graph_wait, m)?)?;
    m.add_function(wrap_pyfunction!(graph_run, m)?)?;
    m.add_function(wrap_pyfunction!(graph_interrupt, m)?)?;
    m.add_function(wrap_pyfunction!(graph_deactivate, m)?)?;
    m.add_function(wrap_pyfunction!(entity_find, m)?)?;
    m.add_function(wrap_pyfunction!(entity_find_all, m)?)?;
    m.add_function(wrap_pyfunction!(entity_get_name, m)?)?;
    m.add_function(wrap_pyfunction!(component_find, m)?)?;
    m.add_class::<gxf_tid_t>()?;
    m.add_function(wrap_pyfunction!(tid_null, m)?)?;
    m.add_function(wrap_pyfunction!(component_type_id, m)?)?;
    m.add_function(wrap_pyfunction!(component_type_name, m)?)?;
    m.add_function(wrap_pyfunction!(entity_create, m)?)?;
    m.add_function(wrap_pyfunction!(entity_activate, m)?)?;
    m.add_function(wrap_pyfunction!(entity_deactivate, m)?)?;
    m.add_function(wrap_pyfunction!(component_add, m)?)?;
    for f in [
        wrap_pyfunction!(parameter_set_bool, m)?,
        wrap_pyfunction!(parameter_get_bool, m)?,
        wrap_pyfunction!(parameter_set_int32, m)?,
        wrap_pyfunction!(parameter_get_int32, m)?,
        wrap_pyfunction!(parameter_set_int64, m)?,
        wrap_pyfunction!(parameter_get_int64, m)?,
        wrap_pyfunction!(parameter_set_uint64, m)?,
        wrap_pyfunction!(parameter_get_uint64, m)?,
        wrap_pyfunction!(parameter_set_float32, m)?,
        wrap_pyfunction!(parameter_get_float32, m)?,
        wrap_pyfunction!(parameter_set_float64, m)?,
        wrap_pyfunction!(parameter_get_float64, m)?,
        wrap_pyfunction!(parameter_set_str, m)?,
        wrap_pyfunction!(parameter_set_path, m)?,
        wrap_pyfunction!(parameter_get_str, m)?,
        wrap_pyfunction!(parameter_set_handle, m)?,
        wrap_pyfunction!(parameter_get_handle, m)?,
    ] {
        m.add_function(f)?;
    }
    m.add_function(wrap_pyfunction!(parameter_set_from_yaml_node, m)?)
}
