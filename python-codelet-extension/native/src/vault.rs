//! Pulling messages out of a graph from Python: `gxf.std.vault_pybind` (`store_blocking`,
//! `store_blocking_for`, `free`) and reading what was pulled by entity id
//! (`get_from_entity_context`, `as_timestamp`), as GXF's Python tests do with a `Vault`.

use crate::context::{context_arg, value_error};
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use gxf_sdk::vocab::{Tensor as CoreTensor, Timestamp as CoreTimestamp};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Messages taken from vaults and not yet freed, by (context, entity id): Python names them by
/// eid only, so the references live here until `free`.
static TAKEN: Mutex<BTreeMap<(usize, i64), Message>> = Mutex::new(BTreeMap::new());

fn taken() -> std::sync::MutexGuard<'static, BTreeMap<(usize, i64), Message>> {
    lock(&TAKEN)
}

fn vault(context: ContextRef, cid: i64) -> PyResult<Handle<iface::Vault>> {
    Handle::<iface::Vault>::resolve(context, cid).map_err(value_error)
}

/// Takes messages from vault `cid` (GIL released while waiting) and keeps them for lookups by eid.
fn store(py: Python<'_>, context: ContextRef, cid: i64, count: usize, wait: VaultWait) -> PyResult<Vec<i64>> {
    let vault = vault(context, cid)?;
    let messages = py.detach(|| vault.store(count, wait)).map_err(value_error)?;
    let mut held = taken();
    Ok(messages
        .into_iter()
        .map(|m| {
            let eid = m.eid();
            held.insert((context.raw() as usize, eid), m);
            eid
        })
        .collect())
}

/// Releases messages taken from vault `cid`.
fn release(context: ContextRef, cid: i64, eids: Vec<i64>) -> PyResult<()> {
    vault(context, cid)?.free(&eids).map_err(value_error)?;
    let mut held = taken();
    for eid in eids {
        held.remove(&(context.raw() as usize, eid));
    }
    Ok(())
}

/// Waits (GIL released) until `count` messages are in the vault, takes them, returns their eids.
#[pyfunction]
fn store_blocking(py: Python<'_>, context: &Bound<'_, PyAny>, vault_cid: i64, count: usize) -> PyResult<Vec<i64>> {
    store(py, context_arg(context)?, vault_cid, count, VaultWait::Forever)
}

/// Like `store_blocking` but gives up after `duration_ns`; returns what was taken (maybe none).
#[pyfunction]
fn store_blocking_for(
    py: Python<'_>,
    context: &Bound<'_, PyAny>,
    vault_cid: i64,
    count: usize,
    duration_ns: i64,
) -> PyResult<Vec<i64>> {
    store(py, context_arg(context)?, vault_cid, count, VaultWait::For(duration_ns.max(0)))
}

/// Releases messages taken from the vault.
#[pyfunction]
fn free(context: &Bound<'_, PyAny>, vault_cid: i64, eids: Vec<i64>) -> PyResult<()> {
    release(context_arg(context)?, vault_cid, eids)
}

fn message(context: &Bound<'_, PyAny>, eid: i64) -> PyResult<Message> {
    let ctx = context_arg(context)?.raw() as usize;
    taken().get(&(ctx, eid)).cloned().ok_or_else(|| PyValueError::new_err("GXF_ENTITY_NOT_FOUND"))
}

/// A NumPy copy of tensor `name` of a message taken from a vault.
#[pyfunction]
fn get_from_entity_context(py: Python<'_>, context: &Bound<'_, PyAny>, eid: i64, name: &str) -> PyResult<Py<PyAny>> {
    let message = message(context, eid)?;
    let tensor = message.get::<CoreTensor>(Some(name)).ok_or_else(|| PyValueError::new_err("error getting tensor"))?;
    crate::tensor::copy_to_numpy(py, tensor)
}

/// `(acqtime, pubtime)` of Timestamp `field` of a message taken from a vault.
#[pyfunction]
fn as_timestamp(context: &Bound<'_, PyAny>, eid: i64, field: &str) -> PyResult<(i64, i64)> {
    let message = message(context, eid)?;
    let ts = message
        .get::<CoreTimestamp>(Some(field))
        .ok_or_else(|| PyValueError::new_err("Field with matching name does not exist"))?;
    Ok((ts.acqtime, ts.pubtime))
}

/// `gxf.std.Vault`: a Vault component, found by name from a codelet or by id from a script.
#[pyclass(name = "Vault", module = "gxf.std", frozen)]
pub struct Vault {
    context: ContextRef,
    cid: i64,
}

#[pymethods]
impl Vault {
    /// Resolves a vault by name (`component` or `entity/component`) relative to component `cid`.
    #[staticmethod]
    fn get(context: &Bound<'_, PyAny>, cid: i64, name: &str) -> PyResult<Vault> {
        let ctx = context_arg(context)?;
        let handle: Handle<iface::Vault> = crate::context::lookup(ctx, cid, name)?;
        Ok(Vault { context: ctx, cid: handle.cid() })
    }

    /// Component id.
    fn cid(&self) -> i64 {
        self.cid
    }

    /// Waits until `count` messages are waiting, takes them and returns their entity ids.
    fn store_blocking(&self, py: Python<'_>, count: usize) -> PyResult<Vec<i64>> {
        store(py, self.context, self.cid, count, VaultWait::Forever)
    }

    /// Like `store_blocking`, giving up after `duration_ns`.
    fn store_blocking_for(&self, py: Python<'_>, count: usize, duration_ns: i64) -> PyResult<Vec<i64>> {
        store(py, self.context, self.cid, count, VaultWait::For(duration_ns.max(0)))
    }

    /// Takes up to `max_count` waiting messages without waiting.
    fn store(&self, py: Python<'_>, max_count: usize) -> PyResult<Vec<i64>> {
        store(py, self.context, self.cid, max_count, VaultWait::Now)
    }

    /// Releases taken messages.
    fn free(&self, eids: Vec<i64>) -> PyResult<()> {
        release(self.context, self.cid, eids)
    }
}

/// Adds the vault functions to the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Vault>()?;
    m.add_function(wrap_pyfunction!(store_blocking, m)?)?;
    m.add_function(wrap_pyfunction!(store_blocking_for, m)?)?;
    m.add_function(wrap_pyfunction!(free, m)?)?;
    m.add_function(wrap_pyfunction!(get_from_entity_context, m)?)?;
    m.add_function(wrap_pyfunction!(as_timestamp, m)?)
}
