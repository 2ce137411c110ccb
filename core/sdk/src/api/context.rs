//! Identity and services available to a component: its context, entity, parameters and timing.

use super::handle::{Handle, Interface};
use super::host::host;
use super::params::{ParamReader, ParamValue};
use crate::abi::{self, AbiStr, ComponentCtxC, ConditionC, EntityRefC, ExecInfoC};
use crate::result::{Code, Error, Result};
use crate::tid::Tid;
use std::ffi::c_void;

/// An opaque, copyable reference to the runtime context a component lives in.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContextRef(pub(crate) *const c_void);

// SAFETY: the context is internally synchronised and outlives its components.
unsafe impl Send for ContextRef {}
unsafe impl Sync for ContextRef {}

impl Default for ContextRef {
    fn default() -> Self {
        ContextRef(std::ptr::null())
    }
}

impl ContextRef {
    /// Wraps a raw context pointer.
    pub fn from_raw(raw: *const c_void) -> ContextRef {
        ContextRef(raw)
    }

    /// The raw pointer.
    pub fn raw(self) -> *const c_void {
        self.0
    }

    /// Name of an entity.
    pub fn entity_name(self, eid: i64) -> String {
        let mut out = AbiStr::EMPTY;
        // SAFETY: the returned text is copied immediately.
        unsafe {
            if (host().entity_name)(self.0, eid, &mut out) != 0 {
                return String::new();
            }
            out.as_str().to_string()
        }
    }

    /// Name of a component.
    pub fn component_name(self, cid: i64) -> String {
        let mut out = AbiStr::EMPTY;
        // SAFETY: the returned text is copied immediately.
        unsafe {
            if (host().component_name)(self.0, cid, &mut out) != 0 {
                return String::new();
            }
            out.as_str().to_string()
        }
    }

    /// All components of entity `eid` implementing `I`, in component order.
    pub fn find_all<I: Interface>(self, eid: i64) -> Result<Vec<Handle<I>>> {
        let mut found = Vec::new();
        let mut start = 0u64;
        loop {
            let (mut cid, mut index) = (0i64, 0u64);
            // SAFETY: out-pointers are valid locals.
            let code = unsafe {
                (host().component_find)(self.0, eid, I::TID, AbiStr::EMPTY, false, start, &mut cid, &mut index)
            };
            if code != 0 {
                return Ok(found);
            }
            found.push(Handle::<I>::resolve(self, cid)?);
            start = index + 1;
        }
    }

    /// Sends a `gxf_event_t` for an entity to the schedulers.
    pub fn notify(self, eid: i64, event: i32) {
        // SAFETY: plain call.
        unsafe { (host().entity_notify)(self.0, eid, event) };
    }

    /// Interrupts the running graph (`GxfGraphInterrupt`).
    pub fn interrupt(self) -> Result<()> {
        // SAFETY: plain call.
        check_code(unsafe { (host().graph_interrupt)(self.0) })
    }

    /// Has `callback(data)` called whenever this context's graph is interrupted, on the
    /// interrupting thread (so it must return quickly): for extensions that run user code which
    /// has to be interrupted too.
    ///
    /// # Safety
    /// `callback(data)` must be safe to call from any thread for as long as the context lives.
    pub unsafe fn watch_interrupts(
        self,
        callback: unsafe extern "C" fn(data: *mut c_void),
        data: *mut c_void,
    ) -> Result<()> {
        // SAFETY: plain call; the runtime keeps the pointers, valid as the caller guarantees.
        check_code(unsafe { (host().interrupt_watch)(self.0, abi::InterruptCallback { func: callback }, data) })
    }

    /// Component ids of `eid` whose type is (derived from) `tid`, in component order.
    pub fn find_cids(self, eid: i64, tid: Tid) -> Vec<i64> {
        let mut found = Vec::new();
        let mut start = 0u64;
        loop {
            let (mut cid, mut index) = (0i64, 0u64);
            // SAFETY: out-pointers are valid locals.
            let code =
                unsafe { (host().component_find)(self.0, eid, tid, AbiStr::EMPTY, false, start, &mut cid, &mut index) };
            if code != 0 || index == u64::MAX {
                let _ = check_code(code);
                return found;
            }
            found.push(cid);
            start = index + 1;
        }
    }

    /// The first component of `eid` named `name` whose type is (derived from) `tid`
    /// (`Tid::NULL`: any type).
    pub fn find_component(self, eid: i64, tid: Tid, name: &str) -> Option<i64> {
        let (mut cid, mut index) = (0i64, 0u64);
        // SAFETY: out-pointers are valid locals.
        let code =
            unsafe { (host().component_find)(self.0, eid, tid, AbiStr::new(name), true, 0, &mut cid, &mut index) };
        if code != 0 {
            let _ = check_code(code);
            return None;
        }
        Some(cid)
    }

    /// The entity named `name` (`GxfEntityFind`).
    pub fn find_entity(self, name: &str) -> Option<i64> {
        self.entities().ok()?.into_iter().find(|&eid| self.entity_name(eid) == name)
    }

    /// GXF's resource lookup (`Resource<Handle<T>>`): a resource component of exactly type `tid`
    /// in the entity group of `eid`, optionally with a given name.
    pub fn find_resource(self, eid: i64, tid: Tid, name: Option<&str>) -> Option<i64> {
        let mut cid = 0;
        // SAFETY: out-pointer is a valid local.
        let code = unsafe {
            (host().resource_find)(self.0, eid, tid, AbiStr::new(name.unwrap_or("")), name.is_some(), &mut cid)
        };
        check_code(code).ok().map(|_| cid)
    }

    /// The entity group id of `eid` (1 is the default group).
    pub fn entity_group(self, eid: i64) -> Result<i64> {
        let mut gid = 0;
        // SAFETY: out-pointer is a valid local.
        check_code(unsafe { (host().entity_group)(self.0, eid, &mut gid) })?;
        Ok(gid)
    }

    /// The codelet tick timing the runtime measured, one line per codelet:
    /// `eid cid ticks total_ns max_ns p90_ns intervals interval_total_ns` (empty when codelet
    /// timing is off; see `JobStatistics`' `codelet_statistics`).
    pub fn codelet_statistics(self) -> Result<String> {
        let mut out = AbiStr::EMPTY;
        // SAFETY: the returned text is copied before any other host call on this thread.
        unsafe {
            check_code((host().codelet_statistics)(self.0, &mut out))?;
            Ok(out.as_str().to_string())
        }
    }

    /// The entity execution timing the runtime measured (GXF's JobStatistics entity numbers),
    /// one line per entity executed while started: `eid ticks exec_total_ns exec_median_ns
    /// exec_p90_ns exec_max_ns idle_total_ns variation_median_ns variation_p90_ns
    /// variation_max_ns variation_total_ns` (empty when timing is off: it is on once a graph
    /// with a `JobStatistics` is activated, or under `gxe --stats`). Times are read from the
    /// runtime's steady clock.
    pub fn entity_statistics(self) -> Result<String> {
        let mut out = AbiStr::EMPTY;
        // SAFETY: the returned text is copied before any other host call on this thread.
        unsafe {
            check_code((host().entity_statistics)(self.0, &mut out))?;
            Ok(out.as_str().to_string())
        }
    }

    /// Every entity id in the context, in creation order.
    pub fn entities(self) -> Result<Vec<i64>> {
        // SAFETY: query_ids passes a buffer of capacity n.
        query_ids(|out, n| unsafe { (host().entities)(self.0, out, n) })
    }

    /// Reads a parameter of any component (`None` when unset).
    pub fn component_param<T: ParamValue>(self, cid: i64, key: &str) -> Result<Option<T>> {
        let reader = ParamReader::new(self, cid, key);
        match reader.node() {
            Ok(node) if node.kind == abi::node_kind::UNSPECIFIED => Ok(None),
            Ok(_) => T::decode(&reader).map(Some),
            Err(e) if e.code == Code::GXF_PARAMETER_NOT_FOUND => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Whether type `derived` is `base` or derives from it.
    pub fn is_a(self, derived: Tid, base: Tid) -> bool {
        // SAFETY: plain call.
        unsafe { (host().type_is_a)(self.0, derived, base) }
    }
}

/// What `initialize`/`deinitialize` receive: who the component is, and its parameters.
#[derive(Clone, Copy)]
pub struct ComponentContext {
    raw: ComponentCtxC,
}

impl ComponentContext {
    /// Wraps the raw lifecycle context.
    pub fn from_raw(raw: ComponentCtxC) -> ComponentContext {
        ComponentContext { raw }
    }

    /// The runtime context.
    pub fn context(&self) -> ContextRef {
        ContextRef(self.raw.context)
    }

    /// The owning entity id.
    pub fn eid(&self) -> i64 {
        self.raw.eid
    }

    /// This component's id.
    pub fn cid(&self) -> i64 {
        self.raw.cid
    }

    /// This component's name.
    pub fn name(&self) -> String {
        self.context().component_name(self.raw.cid)
    }

    /// The owning entity's name.
    pub fn entity_name(&self) -> String {
        self.context().entity_name(self.raw.eid)
    }

    /// Reads a parameter that must be set (mandatory or defaulted).
    pub fn param<T: ParamValue>(&self, key: &str) -> Result<T> {
        self.try_param(key)?
            .ok_or_else(|| Error::new(Code::GXF_PARAMETER_NOT_FOUND, format!("parameter '{key}' is not set")))
    }

    /// Reads an optional parameter; `Ok(None)` when unset.
    pub fn try_param<T: ParamValue>(&self, key: &str) -> Result<Option<T>> {
        let reader = ParamReader::new(self.context(), self.raw.cid, key);
        match reader.node() {
            Ok(node) if node.kind == abi::node_kind::UNSPECIFIED => Ok(None),
            Ok(_) => T::decode(&reader)
                .map(Some)
                .map_err(|e| e.context(format!("parameter '{key}' of component '{}'", self.name()))),
            Err(e) if e.code == Code::GXF_PARAMETER_NOT_FOUND => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Sets one of this component's parameters from YAML text.
    pub fn set_param_yaml(&self, key: &str, yaml: &str) -> Result<()> {
        // SAFETY: plain call; texts are copied by the host.
        check_code(unsafe {
            (host().param_set_yaml)(self.raw.context, self.raw.cid, AbiStr::new(key), AbiStr::new(yaml))
        })
    }

    /// All components of this entity implementing `I`.
    pub fn find_all<I: Interface>(&self) -> Result<Vec<Handle<I>>> {
        self.context().find_all::<I>(self.raw.eid)
    }
}

/// Timing of the current codelet call (GXF's execution timestamp/count helpers).
#[derive(Clone, Copy, Debug)]
pub struct Tick {
    context: ContextRef,
    info: ExecInfoC,
}

impl Tick {
    /// Wraps raw timing.
    pub fn new(info: ExecInfoC) -> Tick {
        Tick { context: ContextRef(info.context), info }
    }

    /// The runtime context (to create messages).
    pub fn context(&self) -> ContextRef {
        self.context
    }

    /// The raw timing, as the executor passed it (to forward it to another library).
    pub fn raw(&self) -> ExecInfoC {
        self.info
    }

    /// Execution timestamp in ns.
    pub fn timestamp(&self) -> i64 {
        self.info.timestamp
    }

    /// Execution time in seconds.
    pub fn time(&self) -> f64 {
        self.info.timestamp as f64 / 1e9
    }

    /// Seconds since the previous tick (0 in start).
    pub fn delta_time(&self) -> f64 {
        self.info.delta as f64 / 1e9
    }

    /// Number of ticks including this one (0 in start).
    pub fn count(&self) -> i64 {
        self.info.count
    }

    /// True during the first tick.
    pub fn is_first_tick(&self) -> bool {
        self.info.count == 1
    }
}

/// An entity handed to a scheduler: execute it, check it, stop it.
#[derive(Clone, Copy)]
pub struct EntityRef {
    context: ContextRef,
    raw: EntityRefC,
}

// SAFETY: see EntityRefC.
unsafe impl Send for EntityRef {}
unsafe impl Sync for EntityRef {}

impl EntityRef {
    /// Wraps a raw entity reference.
    pub fn new(raw: EntityRefC) -> EntityRef {
        EntityRef { context: ContextRef(raw.context), raw }
    }

    /// The entity id.
    pub fn eid(&self) -> i64 {
        self.raw.eid
    }

    /// The runtime context.
    pub fn context(&self) -> ContextRef {
        self.context
    }

    /// Runs one execution step at `now` (start, tick or stop) and returns the new condition.
    pub fn execute(&self, now: i64) -> Result<super::Condition> {
        let mut out = ConditionC { kind: 0, target: 0 };
        // SAFETY: the item is valid while scheduled.
        check_code(unsafe { (host().exec_execute)(self.context.0, self.raw, now, &mut out) })?;
        Ok(out.into())
    }

    /// Evaluates the combined condition without executing.
    pub fn check(&self, now: i64) -> Result<super::Condition> {
        let mut out = ConditionC { kind: 0, target: 0 };
        // SAFETY: the item is valid while scheduled.
        check_code(unsafe { (host().exec_check)(self.context.0, self.raw, now, &mut out) })?;
        Ok(out.into())
    }

    /// Stops the entity's codelets if started.
    pub fn stop(&self) -> Result<()> {
        // SAFETY: the item is valid while scheduled.
        check_code(unsafe { (host().exec_stop)(self.context.0, self.raw) })
    }
}

/// Ids from a host function that fills a buffer (see [`abi::query_ids`]), growing the buffer as
/// needed; a failure carries the host's recorded cause.
pub(crate) fn query_ids(fill: impl FnMut(*mut i64, &mut usize) -> i32) -> Result<Vec<i64>> {
    let (code, ids) = abi::query_ids(fill, || drop(check_code(Code::GXF_QUERY_NOT_ENOUGH_CAPACITY as i32)));
    check_code(code)?;
    Ok(ids)
}

/// Converts a raw code returned through the host (or by a function that recorded its cause
/// with `host::set_error`) into a `Result`, with the recorded cause as its message.
#[inline]
pub fn check_code(code: i32) -> Result<()> {
    if code == 0 {
        Ok(())
    } else {
        Err(error_of_code(code))
    }
}

/// The error behind a non-zero code, with the recorded cause (kept out of the callers' hot
/// paths).
#[cold]
#[inline(never)]
fn error_of_code(code: i32) -> Error {
    let mut text = AbiStr::EMPTY;
    // SAFETY: the text is copied before any other host call on this thread.
    let message = unsafe {
        if (host().take_error)(&mut text) {
            text.as_str().to_string()
        } else {
            String::new()
        }
    };
    Error::new(Code::from_raw(code), message)
}
