//! The private boundary between the front extension (`libgxf_python_codelet.so`, no Python
//! symbols) and its backend (`libpygxf_native.so`, pyo3). Both crates compile this one file, so
//! the two sides cannot drift; `BACKEND_VERSION` guards against mixing builds.
//!
//! Errors: a function returning a non-zero GXF code has recorded its cause through the host's
//! `set_error`, exactly like an extension entry point.

use gxf_sdk::abi::{AbiStr, ComponentCtxC, ExecInfoC, HostTable};
use std::ffi::{c_char, c_int, c_void, CStr};
use std::path::PathBuf;

/// Bumped whenever anything in this file changes.
pub const BACKEND_VERSION: u32 = 2;

/// The symbol the backend exports: `extern "C" fn() -> *const BackendTable`.
pub const BACKEND_SYMBOL: &[u8] = b"gxf_python_backend\0";

/// What a `PyCodeletV0` instance is made from (its parameters and identity).
#[repr(C)]
pub struct CodeletSpecC {
    /// The component's identity.
    pub component: ComponentCtxC,
    /// `codelet_name`.
    pub codelet_name: AbiStr,
    /// `codelet_file`.
    pub codelet_file: AbiStr,
    /// `codelet_params` as YAML text (meaningful only when `has_params`).
    pub codelet_params: AbiStr,
    /// Whether `codelet_params` was set.
    pub has_params: bool,
}

/// The backend's entry points.
#[repr(C)]
pub struct BackendTable {
    /// `BACKEND_VERSION` of the backend build.
    pub version: u32,
    /// Installs the host table, starts the interpreter (or attaches to the running one) and
    /// registers the `gxf` package's native module. `sys_path` (one entry per line, from the
    /// front's python3 probe) extends the `sys.path` of an interpreter started here. Idempotent.
    pub attach: unsafe extern "C" fn(host: *const HostTable, sys_path: AbiStr) -> i32,
    /// Creates the state of one codelet (the Python class is imported later, in `start`).
    pub create: unsafe extern "C" fn(spec: *const CodeletSpecC, out: *mut *mut c_void) -> i32,
    /// Imports the class, instantiates it, calls `set_bridge` and `start()`.
    pub start: unsafe extern "C" fn(obj: *mut c_void, info: *const ExecInfoC) -> i32,
    /// Calls `tick()`.
    pub tick: unsafe extern "C" fn(obj: *mut c_void, info: *const ExecInfoC) -> i32,
    /// Calls `stop()`.
    pub stop: unsafe extern "C" fn(obj: *mut c_void, info: *const ExecInfoC) -> i32,
    /// Drops the state (and the Python instance, under the GIL).
    pub destroy: unsafe extern "C" fn(obj: *mut c_void),
}

// SAFETY: immutable table of function pointers.
unsafe impl Sync for BackendTable {}

#[repr(C)]
struct DlInfo {
    dli_fname: *const c_char,
    dli_fbase: *mut c_void,
    dli_sname: *const c_char,
    dli_saddr: *mut c_void,
}

extern "C" {
    fn dladdr(addr: *const c_void, info: *mut DlInfo) -> c_int;
}

/// The file of the loaded library that contains `addr` (`dladdr`); each side uses it to find
/// the files installed beside it.
pub fn library_path_of(addr: *const c_void) -> Option<PathBuf> {
    let mut info = DlInfo {
        dli_fname: std::ptr::null(),
        dli_fbase: std::ptr::null_mut(),
        dli_sname: std::ptr::null(),
        dli_saddr: std::ptr::null_mut(),
    };
    // SAFETY: dladdr only reads the address and fills `info`.
    let found = unsafe { dladdr(addr, &mut info) } != 0;
    if !found || info.dli_fname.is_null() {
        return None;
    }
    // SAFETY: dladdr returns a NUL-terminated path owned by the loader.
    let name = unsafe { CStr::from_ptr(info.dli_fname) };
    Some(PathBuf::from(name.to_string_lossy().into_owned()))
}
