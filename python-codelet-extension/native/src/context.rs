//! What every binding shares: context arguments, GXF's handle-string lookup and error mapping.

use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use std::collections::BTreeSet;
use std::sync::Mutex;

/// The contexts Python may name: those of the codelets this backend created and those made by
/// `context_create()`, by address. Python passes contexts as plain ints, so an int is trusted only
/// when it is one of these.
static LIVE_CONTEXTS: Mutex<BTreeSet<usize>> = Mutex::new(BTreeSet::new());

/// Records a context handed to Python (a codelet's, or one from `context_create()`).
pub fn remember_context(context: ContextRef) {
    if lock(&LIVE_CONTEXTS).insert(context.raw() as usize) {
        crate::interrupt::watch(context);
    }
}

/// Forgets a destroyed context: an int naming it is refused from now on.
pub fn forget_context(context: ContextRef) {
    lock(&LIVE_CONTEXTS).remove(&(context.raw() as usize));
}

/// A context as Python passes it: the int from `CodeletAdapter.context()` or `context_create()`;
/// any other int is `ValueError("GXF_CONTEXT_INVALID")`, never a pointer followed.
pub fn context_arg(obj: &Bound<'_, PyAny>) -> PyResult<ContextRef> {
    let raw = obj
        .extract::<usize>()
        .map_err(|_| PyValueError::new_err("expected a GXF context (from context() or context_create())"))?;
    if !lock(&LIVE_CONTEXTS).contains(&raw) {
        gxf_error!("{raw:#x} is not a GXF context: pass the int from context() or context_create()");
        return Err(PyValueError::new_err("GXF_CONTEXT_INVALID"));
    }
    Ok(ContextRef::from_raw(raw as *const std::ffi::c_void))
}

/// `ValueError(<GXF result name>)`, GXF's convention for failed binding calls.
pub fn value_error(e: Error) -> PyErr {
    if !e.message.is_empty() {
        gxf_debug!("{}: {}", e.code, e.message);
    }
    PyValueError::new_err(e.code.name())
}

/// GXF's `CreateHandleFromString`: `entity/component` names a component of another entity,
/// a bare name one of the entity that owns `cid`; the type must be (derived from) `I`.
/// Any failure is `RuntimeError("GXF_PARAMETER_NOT_INITIALIZED")`, as in GXF.
pub fn lookup<I: Interface>(context: ContextRef, cid: i64, name: &str) -> PyResult<Handle<I>> {
    let not_found = || PyRuntimeError::new_err("GXF_PARAMETER_NOT_INITIALIZED");
    let (eid, component) = match name.split_once('/') {
        Some((entity, component)) => (context.find_entity(entity).ok_or_else(not_found)?, component),
        None => (Handle::<iface::Component>::resolve(context, cid).map_err(|_| not_found())?.eid(), name),
    };
    let found = context.find_component(eid, I::TID, component).ok_or_else(|| {
        gxf_error!("no component '{name}' of type {} found (looked up from component {cid})", I::NAME);
        not_found()
    })?;
    Handle::<I>::resolve(context, found).map_err(|_| not_found())
}
