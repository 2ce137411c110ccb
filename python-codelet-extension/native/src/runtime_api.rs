//! `gxf.core`'s functional API over integer contexts (GXF's `core_pybind`): contexts,
//! extensions, graph files and the graph lifecycle. What the loaded extensions offer is in
//! `introspection`, the entity/component calls in `entity_api`, the parameter calls in
//! `param_api`.

use crate::context::{forget_context, remember_context, value_error};
use gxf_runtime::{host_table, logging, Context, Runtime};
use gxf_sdk::api::host;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use std::collections::BTreeMap;
use std::sync::{mpsc, Mutex};
use std::time::Duration;

/// Contexts created from Python, by their integer id (the runtime's address).
static CONTEXTS: Mutex<BTreeMap<usize, Context>> = Mutex::new(BTreeMap::new());

fn contexts() -> std::sync::MutexGuard<'static, BTreeMap<usize, Context>> {
    lock(&CONTEXTS)
}

/// The context behind an id from `context_create`.
pub(crate) fn runtime(context: usize) -> PyResult<Context> {
    contexts().get(&context).cloned().ok_or_else(|| PyValueError::new_err("GXF_CONTEXT_INVALID"))
}

pub(crate) fn check<T>(r: Result<T>) -> PyResult<T> {
    r.map_err(|e| {
        gxf_error!("{}{}{}", e.code, if e.message.is_empty() { "" } else { ": " }, e.message);
        value_error(e)
    })
}

/// Runs `f` on the context with the GIL released, mapping its error to GXF's ValueError.
fn detached<T: Send>(py: Python<'_>, context: usize, f: impl FnOnce(&Runtime) -> Result<T> + Send) -> PyResult<T> {
    let rt = runtime(context)?;
    check(py.detach(|| f(&rt)))
}

/// Creates a context; returns its id.
#[pyfunction]
fn context_create() -> PyResult<usize> {
    let rt = Runtime::new();
    if !std::ptr::eq(host::host(), host_table()) {
        return Err(PyRuntimeError::new_err(
            "gxf.core.context_create() is not available inside a graph run by gxe: use the codelet's context()",
        ));
    }
    let id = rt.raw() as usize;
    remember_context(ContextRef::from_raw(rt.raw()));
    contexts().insert(id, rt);
    Ok(id)
}

/// Destroys a context (deactivating its graph first).
#[pyfunction]
fn context_destroy(py: Python<'_>, context: usize) -> PyResult<()> {
    let rt = runtime(context)?;
    crate::cuda::forget_streams(ContextRef::from_raw(rt.raw()));
    check(py.detach(|| rt.destroy()))?;
    forget_context(ContextRef::from_raw(rt.raw()));
    crate::entity_state::forget_context(context);
    lock(&ROOTS).remove(&context);
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
    let root = match root.as_str() {
        "" => root_path(context),
        _ => root,
    };
    check(py.detach(|| gxf_runtime::load_file(&rt, &filename, &root, &[])))
}

/// Activates the graph.
#[pyfunction]
fn graph_activate(py: Python<'_>, context: usize) -> PyResult<()> {
    detached(py, context, |rt| rt.graph_activate())
}

/// Starts the graph without waiting.
#[pyfunction]
fn graph_run_async(py: Python<'_>, context: usize) -> PyResult<()> {
    detached(py, context, |rt| rt.graph_run_async())
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
        match py.detach(|| lock(&done_rx).recv_timeout(Duration::from_millis(50))) {
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
    detached(py, context, |rt| rt.graph_interrupt())
}

/// Writes the context's graph as a YAML graph file that `graph_load_file` loads again.
#[pyfunction]
fn graph_save(py: Python<'_>, context: usize, filename: String) -> PyResult<()> {
    detached(py, context, |rt| gxf_runtime::save_graph(rt, &filename))
}

/// Deactivates the graph.
#[pyfunction]
fn graph_deactivate(py: Python<'_>, context: usize) -> PyResult<()> {
    detached(py, context, |rt| rt.graph_deactivate())
}

/// Sets the folder that relative file paths of graphs resolve against (GXF's root path).
#[pyfunction]
fn set_root_filepath(context: usize, path: String) -> PyResult<()> {
    runtime(context)?;
    lock(&ROOTS).insert(context, path);
    Ok(())
}

/// Root paths set with `set_root_filepath`, by context.
static ROOTS: Mutex<BTreeMap<usize, String>> = Mutex::new(BTreeMap::new());

/// The root path of a context (empty when none was set).
pub(crate) fn root_path(context: usize) -> String {
    lock(&ROOTS).get(&context).cloned().unwrap_or_default()
}

/// Adds the context, extension and graph calls to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for f in [
        wrap_pyfunction!(context_create, m)?,
        wrap_pyfunction!(context_destroy, m)?,
        wrap_pyfunction!(gxf_set_severity, m)?,
        wrap_pyfunction!(load_extensions, m)?,
        wrap_pyfunction!(set_root_filepath, m)?,
        wrap_pyfunction!(graph_load_file, m)?,
        wrap_pyfunction!(graph_activate, m)?,
        wrap_pyfunction!(graph_run_async, m)?,
        wrap_pyfunction!(graph_wait, m)?,
        wrap_pyfunction!(graph_run, m)?,
        wrap_pyfunction!(graph_interrupt, m)?,
        wrap_pyfunction!(graph_deactivate, m)?,
        wrap_pyfunction!(graph_save, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
