//! The core's implementation of the host table handed to every extension.

use super::context::{InterruptWatcher, Runtime};
use super::executor::ExecItem;
use super::logging;
use super::message::MessageEntity;
use crate::abi::*;
use crate::result::{Code, Error, Result};
use crate::sync::read;
use crate::tid::Tid;
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Installs the host table in the core's own copy of the author API.
pub fn install_in_core() {
    crate::api::host::install(&HOST_TABLE);
}

/// The host table given to extensions.
pub fn host_table() -> &'static HostTable {
    &HOST_TABLE
}

/// # Safety
/// `ctx` must be a pointer obtained from [`Runtime::raw`] of a live context.
unsafe fn rt<'a>(ctx: *const c_void) -> &'a Runtime {
    // SAFETY: guaranteed by the caller.
    unsafe { &*(ctx as *const Runtime) }
}

/// Runs `f`, mapping errors to codes (message stored for the caller) and panics to failure.
#[inline]
fn call(f: impl FnOnce() -> Result<()>) -> i32 {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => record_error(e),
        Err(_) => record_panic(),
    }
}

/// Records an error's cause for the caller and returns its code (out of the hot paths).
#[cold]
#[inline(never)]
fn record_error(e: Error) -> i32 {
    logging::set_last_error(e.message);
    e.code as i32
}

/// Records that a host function panicked and returns `GXF_FAILURE`.
#[cold]
#[inline(never)]
fn record_panic() -> i32 {
    logging::set_last_error("a function of the GXF core panicked (its message is on stderr)".to_string());
    Code::GXF_FAILURE as i32
}

unsafe extern "C" fn log(severity: i32, file: AbiStr, line: u32, msg: AbiStr) {
    // SAFETY: texts valid for the call.
    unsafe { logging::log(severity, file.as_str(), line, msg.as_str()) }
}

unsafe extern "C" fn severity() -> i32 {
    logging::severity()
}

unsafe extern "C" fn set_error(msg: AbiStr) {
    // SAFETY: text valid for the call.
    logging::set_last_error(unsafe { msg.as_str() }.to_string());
}

unsafe extern "C" fn take_error(out: *mut AbiStr) -> bool {
    match logging::take_last_error() {
        Some(text) => {
            give_text(text, out);
            true
        }
        None => false,
    }
}

unsafe extern "C" fn param_node(
    ctx: *const c_void,
    cid: i64,
    key: AbiStr,
    path: *const u64,
    path_len: usize,
    out: *mut ParamNodeC,
) -> i32 {
    call(|| {
        // SAFETY: pointers valid for the call.
        let (rt, key, path) = unsafe { (rt(ctx), key.as_str(), std::slice::from_raw_parts(path, path_len)) };
        let slot = rt.component(cid)?;
        let params = read(&slot.params);
        let value = params.get(key).ok_or_else(|| {
            crate::result::Error::new(Code::GXF_PARAMETER_NOT_FOUND, format!("parameter '{key}' is not set"))
        })?;
        // SAFETY: out valid; string data stays owned by the store until the value changes.
        unsafe { *out = value.at(path)?.to_node() };
        Ok(())
    })
}

unsafe extern "C" fn param_map_key(
    ctx: *const c_void,
    cid: i64,
    key: AbiStr,
    path: *const u64,
    path_len: usize,
    index: u64,
    out: *mut AbiStr,
) -> i32 {
    call(|| {
        // SAFETY: pointers valid for the call.
        let (rt, key, path) = unsafe { (rt(ctx), key.as_str(), std::slice::from_raw_parts(path, path_len)) };
        let slot = rt.component(cid)?;
        let params = read(&slot.params);
        let value = params.get(key).ok_or(Code::GXF_PARAMETER_NOT_FOUND)?;
        match value.at(path)? {
            super::param_value::ParamValue::Map(entries) => {
                let (k, _) = entries.get(index as usize).ok_or(Code::GXF_ARGUMENT_OUT_OF_RANGE)?;
                // SAFETY: out valid; text owned by the store.
                unsafe { *out = AbiStr::new(k) };
                Ok(())
            }
            _ => Err(Code::GXF_PARAMETER_INVALID_TYPE.into()),
        }
    })
}

unsafe extern "C" fn param_set_yaml(ctx: *const c_void, cid: i64, key: AbiStr, yaml: AbiStr) -> i32 {
    call(|| {
        // SAFETY: pointers valid for the call.
        let (rt, key, yaml) = unsafe { (rt(ctx), key.as_str(), yaml.as_str()) };
        crate::graph::params::set_param_from_yaml_text(rt, cid, key, yaml)
    })
}

unsafe extern "C" fn component_ref(ctx: *const c_void, cid: i64, out: *mut ComponentRefC) -> i32 {
    call(|| {
        // SAFETY: ctx valid.
        let slot = unsafe { rt(ctx) }.component(cid)?;
        let vtable = slot.ty.vtable.map_or(std::ptr::null(), |v| v as *const ComponentVTable);
        // SAFETY: out valid.
        unsafe { *out = ComponentRefC { cid, eid: slot.eid, tid: slot.ty.tid, obj: slot.obj, vtable } };
        Ok(())
    })
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn component_find(
    ctx: *const c_void,
    eid: i64,
    tid: Tid,
    name: AbiStr,
    use_name: bool,
    start: u64,
    out_cid: *mut i64,
    out_index: *mut u64,
) -> i32 {
    call(|| {
        // SAFETY: pointers valid for the call.
        let (rt, name) = unsafe { (rt(ctx), name.as_str()) };
        let tid = (!tid.is_null()).then_some(tid);
        let (cid, index) = rt.find_component_from(eid, tid, use_name.then_some(name), start as usize)?;
        // SAFETY: outs valid.
        unsafe { (*out_cid, *out_index) = (cid, index as u64) };
        Ok(())
    })
}

thread_local! {
    static NAME_BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Returns text through a per-thread buffer (valid until the next name query on this thread).
fn give_text(text: String, out: *mut AbiStr) {
    NAME_BUF.with(|b| {
        let mut b = b.borrow_mut();
        *b = text;
        // SAFETY: out valid; the buffer outlives the caller's immediate copy.
        unsafe { *out = AbiStr { ptr: b.as_ptr(), len: b.len() } };
    });
}

unsafe extern "C" fn component_name(ctx: *const c_void, cid: i64, out: *mut AbiStr) -> i32 {
    call(|| {
        // SAFETY: ctx valid.
        give_text(unsafe { rt(ctx) }.component(cid)?.name(), out);
        Ok(())
    })
}

unsafe extern "C" fn entity_name(ctx: *const c_void, eid: i64, out: *mut AbiStr) -> i32 {
    call(|| {
        // SAFETY: ctx valid.
        give_text(unsafe { rt(ctx) }.entity(eid)?.name.clone(), out);
        Ok(())
    })
}

unsafe extern "C" fn type_is_a(ctx: *const c_void, derived: Tid, base: Tid) -> bool {
    // SAFETY: ctx valid.
    unsafe { rt(ctx) }.is_a(derived, base)
}

fn give_ids(ids: Vec<i64>, out: *mut i64, n: *mut usize) -> Result<()> {
    // SAFETY: out has capacity *n.
    unsafe {
        let capacity = *n;
        *n = ids.len();
        if ids.len() > capacity {
            return Err(Code::GXF_QUERY_NOT_ENOUGH_CAPACITY.into());
        }
        std::ptr::copy_nonoverlapping(ids.as_ptr(), out, ids.len());
    }
    Ok(())
}

unsafe extern "C" fn connected_receivers(ctx: *const c_void, tx: i64, out: *mut i64, n: *mut usize) -> i32 {
    // SAFETY: ctx valid.
    call(|| give_ids(unsafe { rt(ctx) }.connected_receivers(tx), out, n))
}

unsafe extern "C" fn connected_transmitters(ctx: *const c_void, rx: i64, out: *mut i64, n: *mut usize) -> i32 {
    // SAFETY: ctx valid.
    call(|| give_ids(unsafe { rt(ctx) }.connected_transmitters(rx), out, n))
}

unsafe extern "C" fn entity_notify(ctx: *const c_void, eid: i64, event: i32) -> i32 {
    call(|| {
        // SAFETY: ctx valid.
        unsafe { rt(ctx) }.notify_event(eid, event);
        Ok(())
    })
}

unsafe extern "C" fn interrupt_watch(ctx: *const c_void, callback: InterruptCallback, data: *mut c_void) -> i32 {
    call(|| {
        // SAFETY: ctx valid.
        unsafe { rt(ctx) }.watch_interrupts(InterruptWatcher { callback, data });
        Ok(())
    })
}

unsafe extern "C" fn graph_interrupt(ctx: *const c_void) -> i32 {
    // SAFETY: ctx valid.
    call(|| unsafe { rt(ctx) }.graph_interrupt())
}

unsafe extern "C" fn msg_new(ctx: *const c_void, out: *mut MsgRef) -> i32 {
    call(|| {
        // SAFETY: ctx valid.
        let rt = unsafe { rt(ctx) };
        let msg = rt.pool.create(rt.next_message_uid());
        // SAFETY: out valid.
        unsafe { *out = msg as MsgRef };
        Ok(())
    })
}

/// # Safety
/// `msg` must be a live message reference.
unsafe fn msg<'a>(msg: MsgRef) -> &'a MessageEntity {
    // SAFETY: guaranteed by the caller.
    unsafe { &*(msg as *const MessageEntity) }
}

unsafe extern "C" fn msg_acquire(m: MsgRef) {
    // SAFETY: live reference.
    unsafe { msg(m) }.acquire();
}

/// Releases one message reference.
///
/// # Safety
/// The caller must own the reference.
pub unsafe extern "C" fn release_message(m: MsgRef) {
    // SAFETY: the caller owns the reference.
    unsafe { MessageEntity::release(m as *const MessageEntity) }
}

unsafe extern "C" fn msg_eid(m: MsgRef) -> i64 {
    // SAFETY: live reference.
    unsafe { msg(m) }.eid()
}

unsafe extern "C" fn msg_add(
    m: MsgRef,
    tid: Tid,
    name: AbiStr,
    size: usize,
    align: usize,
    drop: DropFn,
    out: *mut *mut c_void,
) -> i32 {
    call(|| {
        // SAFETY: live reference; text valid for the call.
        let p = unsafe { msg(m).add(tid, name.as_str(), size, align, drop)? };
        // SAFETY: out valid.
        unsafe { *out = p };
        Ok(())
    })
}

unsafe extern "C" fn msg_find(
    m: MsgRef,
    tid: Tid,
    name: AbiStr,
    use_name: bool,
    start: usize,
    out_value: *mut *mut c_void,
    out_index: *mut usize,
) -> i32 {
    // SAFETY: live reference; text valid for the call.
    match unsafe { msg(m).find(tid, use_name.then(|| name.as_str()), start) } {
        Some((p, i)) => {
            // SAFETY: outs valid.
            unsafe { (*out_value, *out_index) = (p, i) };
            0
        }
        None => Code::GXF_ENTITY_COMPONENT_NOT_FOUND as i32,
    }
}

unsafe extern "C" fn msg_component_at(m: MsgRef, index: usize, tid: *mut Tid, name: *mut AbiStr) -> i32 {
    // SAFETY: live reference.
    match unsafe { msg(m) }.component_at(index) {
        Some((t, n)) => {
            // SAFETY: outs valid; the name lives as long as the message component.
            unsafe { (*tid, *name) = (t, AbiStr::new(n)) };
            0
        }
        None => Code::GXF_ARGUMENT_OUT_OF_RANGE as i32,
    }
}

unsafe extern "C" fn msg_len(m: MsgRef) -> usize {
    // SAFETY: live reference.
    unsafe { msg(m) }.len()
}

/// # Safety
/// `entity.item` must be a live executor record.
unsafe fn item<'a>(entity: EntityRefC) -> &'a ExecItem {
    // SAFETY: guaranteed by the caller (valid while scheduled).
    unsafe { &*(entity.item as *const ExecItem) }
}

unsafe extern "C" fn exec_execute(ctx: *const c_void, entity: EntityRefC, now: i64, out: *mut ConditionC) -> i32 {
    call(|| {
        // SAFETY: ctx and item valid while scheduled.
        let c = unsafe { item(entity).execute(rt(ctx), now)? };
        // SAFETY: out valid.
        unsafe { *out = c.into() };
        Ok(())
    })
}

unsafe extern "C" fn exec_check(_ctx: *const c_void, entity: EntityRefC, now: i64, out: *mut ConditionC) -> i32 {
    call(|| {
        // SAFETY: item valid while scheduled.
        let c = unsafe { item(entity).check(now)? };
        // SAFETY: out valid.
        unsafe { *out = c.into() };
        Ok(())
    })
}

unsafe extern "C" fn exec_stop(_ctx: *const c_void, entity: EntityRefC) -> i32 {
    // SAFETY: item valid while scheduled.
    call(|| unsafe { item(entity).stop_if_started() })
}

unsafe extern "C" fn entity_group(ctx: *const c_void, eid: i64, out: *mut i64) -> i32 {
    call(|| {
        // SAFETY: ctx and out valid.
        unsafe { *out = rt(ctx).entity_group(eid)? };
        Ok(())
    })
}

unsafe extern "C" fn resource_find(
    ctx: *const c_void,
    eid: i64,
    tid: Tid,
    name: AbiStr,
    use_name: bool,
    out_cid: *mut i64,
) -> i32 {
    call(|| {
        // SAFETY: pointers valid for the call.
        unsafe { *out_cid = rt(ctx).find_resource(eid, tid, use_name.then(|| name.as_str()))? };
        Ok(())
    })
}

unsafe extern "C" fn entities(ctx: *const c_void, out: *mut i64, n: *mut usize) -> i32 {
    // SAFETY: ctx valid.
    call(|| give_ids(unsafe { rt(ctx) }.entity_ids(), out, n))
}

unsafe extern "C" fn codelet_statistics(ctx: *const c_void, out: *mut AbiStr) -> i32 {
    call(|| {
        // SAFETY: ctx valid.
        give_text(unsafe { rt(ctx) }.codelet_stats_text(), out);
        Ok(())
    })
}

unsafe extern "C" fn entity_statistics(ctx: *const c_void, out: *mut AbiStr) -> i32 {
    call(|| {
        // SAFETY: ctx valid.
        give_text(unsafe { rt(ctx) }.entity_timing_text(), out);
        Ok(())
    })
}

static HOST_TABLE: HostTable = HostTable {
    log,
    severity,
    set_error,
    take_error,
    param_node,
    param_map_key,
    param_set_yaml,
    component_ref,
    component_find,
    component_name,
    entity_name,
    type_is_a,
    connected_receivers,
    connected_transmitters,
    entity_notify,
    graph_interrupt,
    interrupt_watch,
    msg_new,
    msg_acquire,
    msg_release: release_message,
    msg_eid,
    msg_add,
    msg_find,
    msg_component_at,
    msg_len,
    exec_execute,
    exec_check,
    exec_stop,
    entity_group,
    resource_find,
    entities,
    codelet_statistics,
    entity_statistics,
};
