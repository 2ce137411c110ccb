//! Starting (or joining) the interpreter, and the per-thread state that makes a GIL acquisition
//! cheap on scheduler worker threads.

use gxf_sdk::abi::HostTable;
use gxf_sdk::prelude::*;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static ATTACHED: OnceLock<std::result::Result<(), String>> = OnceLock::new();

/// Installs the host table, starts Python unless it runs already (adding `sys_path`, one entry
/// per line, to its `sys.path`), and makes the `gxf` package importable with this library as
/// `gxf._native`. Idempotent; the first outcome is kept.
pub fn attach(host: &'static HostTable, sys_path: &str) -> Result<()> {
    gxf_sdk::api::host::install(host);
    ATTACHED.get_or_init(|| start_or_join(sys_path)).clone().map_err(|message| Error::new(Code::GXF_FAILURE, message))
}

fn start_or_join(sys_path: &str) -> std::result::Result<(), String> {
    // SAFETY: plain query of the interpreter state.
    let running = unsafe { pyo3::ffi::Py_IsInitialized() } != 0;
    if !running {
        // Py_InitializeEx(0): no signal handlers, so Ctrl-C stays with gxe; leaves the GIL released.
        Python::initialize();
        gxf_debug!("Python interpreter started");
    }
    keep_thread_state();
    Python::attach(|py| -> PyResult<()> {
        let path = py.import("sys")?.getattr("path")?.cast_into::<PyList>()?;
        if !running {
            for entry in sys_path.lines().filter(|l| !l.is_empty()) {
                if !path.contains(entry)? {
                    path.append(entry)?;
                }
            }
        }
        if let Some(dir) = package_dir() {
            let dir = dir.to_string_lossy().into_owned();
            if !path.contains(&dir)? {
                path.insert(0, dir)?;
            }
        }
        let modules = py.import("sys")?.getattr("modules")?.cast_into::<PyDict>()?;
        if !modules.contains("gxf._native")? {
            let module = pyo3::wrap_pymodule!(crate::_native)(py);
            modules.set_item("gxf._native", module)?;
        }
        // Import the whole package now, on one thread: codelets started at the same time on
        // several workers would otherwise import its modules concurrently, and Python's import
        // locks report a deadlock for modules that import each other.
        py.import("gxf.python_codelet")?;
        Ok(())
    })
    .map_err(|e| format!("cannot prepare the gxf Python package: {e}"))
}

/// The folder holding the `gxf` package: `$GXF_PYTHON_PACKAGE_DIR`, `python/` beside this
/// library (an installed layout), or the package's source folder in this repository.
fn package_dir() -> Option<PathBuf> {
    let has_package = |dir: &Path| dir.join("gxf").join("__init__.py").is_file();
    if let Ok(dir) = std::env::var("GXF_PYTHON_PACKAGE_DIR") {
        return Some(PathBuf::from(dir));
    }
    let beside = crate::backend_abi::library_path_of(package_dir as *const std::ffi::c_void)
        .and_then(|lib| lib.parent().map(|d| d.join("python")));
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../python");
    beside.into_iter().chain([source]).find(|d| has_package(d))
}

thread_local! {
    static HAS_THREAD_STATE: Cell<bool> = const { Cell::new(false) };
}

/// Gives the calling thread a Python thread state that lives as long as the thread, so that
/// later GIL acquisitions only take the lock (creating a thread state per call costs ~10 µs).
pub fn keep_thread_state() {
    HAS_THREAD_STATE.with(|done| {
        if !done.get() {
            done.set(true);
            // SAFETY: the interpreter is initialized; the GILState counter stays at 1 for the
            // life of the thread, and SaveThread releases the GIL while keeping the state.
            unsafe {
                let _ = pyo3::ffi::PyGILState_Ensure();
                pyo3::ffi::PyEval_SaveThread();
            }
        }
    });
}
