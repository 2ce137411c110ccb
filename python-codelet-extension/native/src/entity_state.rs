//! `gxf.core`'s entity status, behaviour state and reference counts.

use crate::runtime_api::{check, runtime};
use gxf_sdk::sync::lock;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Reference counts of graph entities, by (context, eid). GXF keeps them in its entity warden;
/// the runtime has none, so they live here. An entity without an entry has reference counting
/// disabled (count 0), as in GXF.
static REF_COUNTS: Mutex<BTreeMap<(usize, i64), i64>> = Mutex::new(BTreeMap::new());

/// Drops the counts of a destroyed context.
pub fn forget_context(context: usize) {
    lock(&REF_COUNTS).retain(|(c, _), _| *c != context);
}

/// What a Python codelet running on this thread is doing to its entity.
#[derive(Clone, Copy)]
struct Executing {
    context: usize,
    eid: i64,
    /// `gxf_entity_status_t` meanwhile.
    status: i32,
    /// `entity_state_t` meanwhile.
    state: i32,
}

thread_local! {
    static EXECUTING: Cell<Option<Executing>> = const { Cell::new(None) };
}

/// Marks the calling thread as executing entity `eid` until it is dropped.
pub struct ExecutingGuard(Option<Executing>);

impl Drop for ExecutingGuard {
    fn drop(&mut self) {
        EXECUTING.with(|e| e.set(self.0));
    }
}

/// Records that a Python codelet of entity `eid` is being started, ticked or stopped on this
/// thread, with the entity's status and state meanwhile. The executor keeps the entity's status
/// locked while it runs the entity, so a codelet asking for its own entity's status is answered
/// from here instead of waiting for that lock (which would never be released).
pub fn executing(context: usize, eid: i64, status: i32, state: i32) -> ExecutingGuard {
    ExecutingGuard(EXECUTING.with(|e| e.replace(Some(Executing { context, eid, status, state }))))
}

/// The codelet running on this thread, if it belongs to `eid` of `context`.
fn executing_here(context: usize, eid: i64) -> Option<Executing> {
    EXECUTING.with(Cell::get).filter(|e| e.context == context && e.eid == eid)
}

/// The executor status of an active entity with codelets (`GXF_ENTITY_NOT_FOUND` otherwise,
/// as GXF's executor answers for entities it does not run).
fn exec_status(context: usize, eid: i64) -> PyResult<i32> {
    if let Some(e) = executing_here(context, eid) {
        return Ok(e.status);
    }
    let rt = runtime(context)?;
    check(rt.entity(eid))?;
    rt.exec_item(eid).map(|item| item.status() as i32).ok_or_else(|| PyValueError::new_err("GXF_ENTITY_NOT_FOUND"))
}

/// `gxf_entity_status_t` of entity `eid`: 0 NOT_STARTED, 1 START_PENDING, 2 STARTED,
/// 3 TICK_PENDING, 4 TICKING, 5 IDLE, 6 STOP_PENDING.
#[pyfunction]
fn entity_get_status(context: usize, eid: i64) -> PyResult<i32> {
    exec_status(context, eid)
}

/// `entity_state_t` (behaviour status) of entity `eid`: 0 GXF_BEHAVIOR_INIT until its codelets
/// have ticked, then 1 GXF_BEHAVIOR_SUCCESS (what GXF's executor records after a tick when the
/// entity has no Controller; this runtime has no Controllers). The runtime keeps no behaviour
/// status of its own, so it is derived from the execution status: after a stop it is INIT again.
#[pyfunction]
fn entity_get_state(context: usize, eid: i64) -> PyResult<i32> {
    const TICKED: [i32; 4] = [3, 4, 5, 6];
    if let Some(e) = executing_here(context, eid) {
        return Ok(e.state);
    }
    Ok(i32::from(TICKED.contains(&exec_status(context, eid)?)))
}

/// The reference count of entity `eid` (0: reference counting not enabled).
#[pyfunction]
fn entity_get_ref_count(context: usize, eid: i64) -> PyResult<i64> {
    check(runtime(context)?.entity(eid))?;
    Ok(lock(&REF_COUNTS).get(&(context, eid)).copied().unwrap_or(0))
}

/// Adds one reference to entity `eid` (the first call enables reference counting).
#[pyfunction]
fn entity_ref_count_inc(context: usize, eid: i64) -> PyResult<()> {
    check(runtime(context)?.entity(eid))?;
    *lock(&REF_COUNTS).entry((context, eid)).or_insert(0) += 1;
    Ok(())
}

/// Drops one reference to entity `eid`; `GXF_REF_COUNT_NEGATIVE` when it has none. At zero the
/// entity is destroyed, as in GXF (deactivated first: the runtime destroys no active entity).
#[pyfunction]
fn entity_ref_count_dec(py: Python<'_>, context: usize, eid: i64) -> PyResult<()> {
    let rt = runtime(context)?;
    check(rt.entity(eid))?;
    let reached_zero = {
        let mut counts = lock(&REF_COUNTS);
        match counts.get_mut(&(context, eid)) {
            Some(count) if *count > 0 => {
                *count -= 1;
                *count == 0
            }
            _ => return Err(PyValueError::new_err("GXF_REF_COUNT_NEGATIVE")),
        }
    };
    if reached_zero {
        check(py.detach(|| rt.deactivate_entity(eid)))?;
        destroy(py, context, eid)?;
    }
    Ok(())
}

/// Destroys entity `eid` and its components (`GxfEntityDestroy`): `GXF_FAILURE` while it holds
/// references, `GXF_QUERY_NOT_FOUND` for an unknown id (GXF's code), and the runtime refuses an
/// active entity or one an active entity still uses.
#[pyfunction]
fn entity_destroy(py: Python<'_>, context: usize, eid: i64) -> PyResult<()> {
    if lock(&REF_COUNTS).get(&(context, eid)).is_some_and(|&count| count > 0) {
        gxf_sdk::gxf_error!("entity {eid} cannot be destroyed while it holds references");
        return Err(PyValueError::new_err("GXF_FAILURE"));
    }
    destroy(py, context, eid)
}

fn destroy(py: Python<'_>, context: usize, eid: i64) -> PyResult<()> {
    let rt = runtime(context)?;
    check(py.detach(|| rt.destroy_entity(eid)))?;
    lock(&REF_COUNTS).remove(&(context, eid));
    Ok(())
}

/// Adds the entity state calls to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for f in [
        wrap_pyfunction!(entity_get_status, m)?,
        wrap_pyfunction!(entity_get_state, m)?,
        wrap_pyfunction!(entity_get_ref_count, m)?,
        wrap_pyfunction!(entity_ref_count_inc, m)?,
        wrap_pyfunction!(entity_ref_count_dec, m)?,
        wrap_pyfunction!(entity_destroy, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
