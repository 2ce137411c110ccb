//! Loading the backend once per process: make libpython's C API global (unless the process is
//! a Python interpreter already), open `libpygxf_native.so`, check its version and attach it.

use crate::backend_abi::{library_path_of, BackendTable, BACKEND_SYMBOL, BACKEND_VERSION};
use gxf_sdk::abi::AbiStr;
use gxf_sdk::api::host::host;
use gxf_sdk::prelude::*;
use libloading::os::unix::{Library, RTLD_GLOBAL, RTLD_LOCAL, RTLD_NOW};
use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// File name of the backend, looked for beside this library.
const BACKEND_FILE: &str = "libpygxf_native.so";

/// The attached backend.
pub struct Backend {
    /// Its entry points.
    pub table: &'static BackendTable,
}

static BACKEND: OnceLock<std::result::Result<Backend, String>> = OnceLock::new();

/// The backend, loaded and attached on first use; the same failure is reported every time.
pub fn get() -> Result<&'static Backend> {
    BACKEND.get_or_init(load).as_ref().map_err(|message| Error::new(Code::GXF_FAILURE, message.clone()))
}

fn load() -> std::result::Result<Backend, String> {
    // A process that already runs Python (python3 -m gxf.gxe, a script) needs nothing from
    // python3; otherwise one run of it tells both its libpython and its sys.path.
    let probe = if interpreter_running() { PythonProbe::default() } else { probe_python()? };
    if !python_symbols_visible() {
        open_libpython(probe.library.as_deref())?;
    }
    let path = backend_path()?;
    // SAFETY: loading our own backend library; its initialisers are pyo3's (inert until used).
    let lib = unsafe { Library::open(Some(&path), RTLD_NOW | RTLD_LOCAL) }
        .map_err(|e| format!("cannot load the Python codelet backend '{}': {e}", path.display()))?;
    // SAFETY: the symbol is the backend's `extern "C" fn() -> *const BackendTable`.
    let table = unsafe {
        let entry = lib
            .get::<unsafe extern "C" fn() -> *const BackendTable>(BACKEND_SYMBOL)
            .map_err(|e| format!("'{}' is not the Python codelet backend: {e}", path.display()))?;
        &*entry()
    };
    std::mem::forget(lib); // never unloaded, like extensions
    if table.version != BACKEND_VERSION {
        return Err(format!(
            "'{}' is backend version {} but this extension needs version {BACKEND_VERSION}; rebuild both together",
            path.display(),
            table.version
        ));
    }
    let sys_path = probe.sys_path.join("\n");
    // SAFETY: the host table outlives the process; the text outlives the call.
    check_code(unsafe { (table.attach)(host(), AbiStr::new(&sys_path)) })
        .map_err(|e| format!("starting Python failed: {}", e.message))?;
    Ok(Backend { table })
}

/// True when the process already exports the C API (a python3 executable, LD_PRELOAD, or an
/// earlier RTLD_GLOBAL load).
fn python_symbols_visible() -> bool {
    // SAFETY: looks a symbol up in the global scope; nothing is called.
    unsafe { Library::this().get::<*const c_void>(b"Py_IsInitialized\0").is_ok() }
}

/// True when an interpreter already runs in this process.
fn interpreter_running() -> bool {
    // SAFETY: `Py_IsInitialized` takes no arguments and may be called before initialization.
    unsafe {
        Library::this()
            .get::<unsafe extern "C" fn() -> i32>(b"Py_IsInitialized\0")
            .is_ok_and(|is_initialized| is_initialized() != 0)
    }
}

/// What `${GXF_PYTHON:-python3}` says about itself.
#[derive(Default)]
struct PythonProbe {
    /// Its shared libpython (`$GXF_PYTHON_LIBRARY` when set).
    library: Option<PathBuf>,
    /// Its `sys.path`, for the embedded interpreter to see the same packages (virtual
    /// environments, user site-packages, .pth files).
    sys_path: Vec<String>,
}

/// Runs python3 once for its libpython and `sys.path`. With `$GXF_PYTHON_LIBRARY` set, a
/// python3 that cannot run only costs the extra paths (a warning).
fn probe_python() -> std::result::Result<PythonProbe, String> {
    let library = std::env::var("GXF_PYTHON_LIBRARY").ok().map(PathBuf::from);
    let python = std::env::var("GXF_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = "import sys, sysconfig as s; v = s.get_config_var; \
                  print(v('LIBDIR')); print(v('INSTSONAME') or v('LDLIBRARY')); print('\\n'.join(sys.path))";
    let asked = std::process::Command::new(&python)
        .args(["-c", script])
        .output()
        .map_err(|e| format!("cannot run '{python}' to find libpython: {e} (set GXF_PYTHON or GXF_PYTHON_LIBRARY)"))
        .and_then(|out| {
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let mut lines = text.lines();
            match (out.status.success(), lines.next(), lines.next()) {
                (true, Some(dir), Some(name)) if !name.is_empty() => Ok(PythonProbe {
                    library: Some(Path::new(dir).join(name)),
                    sys_path: lines.filter(|l| !l.is_empty()).map(String::from).collect(),
                }),
                _ => Err(format!(
                    "'{python}' did not tell where its shared libpython is ({}); set GXF_PYTHON_LIBRARY",
                    String::from_utf8_lossy(&out.stderr).trim()
                )),
            }
        });
    match (asked, library) {
        (Ok(probe), None) => Ok(probe),
        (Ok(probe), Some(library)) => Ok(PythonProbe { library: Some(library), ..probe }),
        (Err(e), Some(library)) => {
            gxf_warn!("{e}; only the interpreter's default sys.path is used");
            Ok(PythonProbe { library: Some(library), sys_path: Vec::new() })
        }
        (Err(e), None) => Err(e),
    }
}

/// Opens libpython with RTLD_GLOBAL, so that the backend and the C extension modules that Python
/// code imports (numpy, ...) resolve the interpreter's symbols.
fn open_libpython(library: Option<&Path>) -> std::result::Result<(), String> {
    let path = library.ok_or("no libpython to load (set GXF_PYTHON_LIBRARY)")?;
    // SAFETY: libpython's initialisers are inert until Py_Initialize.
    let lib = unsafe { Library::open(Some(path), RTLD_NOW | RTLD_GLOBAL) }
        .map_err(|e| format!("cannot load '{}' (set GXF_PYTHON_LIBRARY to libpython3.X.so): {e}", path.display()))?;
    std::mem::forget(lib);
    Ok(())
}

/// `$GXF_PYTHON_NATIVE`, else `libpygxf_native.so` in the directory of this library.
fn backend_path() -> std::result::Result<PathBuf, String> {
    if let Ok(path) = std::env::var("GXF_PYTHON_NATIVE") {
        return Ok(PathBuf::from(path));
    }
    let own = library_path_of(get as *const c_void)
        .ok_or("cannot tell where libgxf_python_codelet.so was loaded from (set GXF_PYTHON_NATIVE)")?;
    let path = own.with_file_name(BACKEND_FILE);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("the Python codelet backend '{}' is missing; build it with the extension", path.display()))
    }
}
