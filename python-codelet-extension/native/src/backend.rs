//! The backend table the front extension calls (see `backend_abi.rs`).

use crate::backend_abi::{BackendTable, CodeletSpecC, BACKEND_VERSION};
use crate::codelet::CodeletState;
use gxf_sdk::abi::{AbiStr, ExecInfoC, HostTable};
use gxf_sdk::prelude::*;
use std::ffi::c_void;

static TABLE: BackendTable = BackendTable { version: BACKEND_VERSION, attach, create, start, tick, stop, destroy };

// The entry below must carry the name the front looks up.
const _: () = assert!(crate::backend_abi::BACKEND_SYMBOL.len() == "gxf_python_backend".len() + 1);

/// The backend's entry symbol (`BACKEND_SYMBOL`).
#[no_mangle]
pub extern "C" fn gxf_python_backend() -> *const BackendTable {
    &TABLE
}

unsafe extern "C" fn attach(host: *const HostTable, sys_path: AbiStr) -> i32 {
    // SAFETY: the front passes its host table, which lives as long as the process.
    let Some(host) = (unsafe { host.as_ref() }) else {
        return Code::GXF_ARGUMENT_NULL as i32;
    };
    // Errors are recorded only after the host table is installed.
    gxf_sdk::api::host::install(host);
    // SAFETY: the front's text is valid for the call; it is copied.
    let sys_path = unsafe { sys_path.as_str() }.to_string();
    guard(|| crate::interpreter::attach(host, &sys_path))
}

unsafe extern "C" fn create(spec: *const CodeletSpecC, out: *mut *mut c_void) -> i32 {
    guard(|| {
        // SAFETY: the front passes a valid spec and out-pointer.
        let (spec, out) = unsafe { (&*spec, &mut *out) };
        *out = Box::into_raw(Box::new(CodeletState::new(spec)?)) as *mut c_void;
        Ok(())
    })
}

/// Runs `f` on the state behind `obj`.
///
/// # Safety
/// `obj` must come from `create` and not be destroyed; `info` must be valid.
unsafe fn with_state(
    obj: *mut c_void,
    info: *const ExecInfoC,
    f: impl FnOnce(&mut CodeletState, &ExecInfoC) -> Result<()>,
) -> i32 {
    // SAFETY: guaranteed by the caller.
    let (state, info) = unsafe { (&mut *(obj as *mut CodeletState), &*info) };
    guard(|| f(state, info))
}

unsafe extern "C" fn start(obj: *mut c_void, info: *const ExecInfoC) -> i32 {
    // SAFETY: forwarded from the front, which holds a live object.
    unsafe { with_state(obj, info, CodeletState::start) }
}

unsafe extern "C" fn tick(obj: *mut c_void, info: *const ExecInfoC) -> i32 {
    // SAFETY: as in `start`.
    unsafe { with_state(obj, info, CodeletState::tick) }
}

unsafe extern "C" fn stop(obj: *mut c_void, info: *const ExecInfoC) -> i32 {
    // SAFETY: as in `start`.
    unsafe { with_state(obj, info, CodeletState::stop) }
}

unsafe extern "C" fn destroy(obj: *mut c_void) {
    // SAFETY: the front destroys each object once.
    let _ = std::panic::catch_unwind(|| drop(unsafe { Box::from_raw(obj as *mut CodeletState) }));
}
