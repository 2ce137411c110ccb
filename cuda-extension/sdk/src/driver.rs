//! Loading the CUDA driver once per process and turning its errors into GXF errors.

use cudarc::driver::{result, DriverError};
use gxf_sdk::{Code, Error, Result};
use std::fmt::Display;
use std::sync::OnceLock;

/// Loads `libcuda` and initialises the driver, once; afterwards answers from memory. Fails with
/// "no CUDA driver" when the library is absent (a machine without a GPU) and never panics.
pub fn ensure_loaded() -> Result<()> {
    static LOADED: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    let outcome = LOADED.get_or_init(|| {
        // SAFETY: only tries to open the library; cudarc's own loader panics when it is absent,
        // so this check must come first.
        if !unsafe { cudarc::driver::sys::is_culib_present() } {
            return Err("no CUDA driver: libcuda.so could not be loaded (is an NVIDIA driver installed?)".into());
        }
        result::init().map_err(|e| format!("the CUDA driver failed to initialise: {}", describe(e)))
    });
    outcome.clone().map_err(|message| Error::new(Code::GXF_FAILURE, message))
}

/// `CUDA_ERROR_NAME (description)` for a driver error.
pub fn describe(error: DriverError) -> String {
    let name =
        error.error_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|_| format!("{:?}", error.0));
    match error.error_string() {
        Ok(text) => format!("{name} ({})", text.to_string_lossy()),
        Err(_) => name,
    }
}

/// The GXF code for a driver error: out-of-memory stays out-of-memory, the rest is a failure.
fn code_of(error: DriverError) -> Code {
    use cudarc::driver::sys::cudaError_enum as E;
    match error.0 {
        E::CUDA_ERROR_OUT_OF_MEMORY => Code::GXF_OUT_OF_MEMORY,
        E::CUDA_ERROR_INVALID_DEVICE | E::CUDA_ERROR_NO_DEVICE => Code::GXF_ARGUMENT_OUT_OF_RANGE,
        _ => Code::GXF_FAILURE,
    }
}

/// A GXF error for a failed driver call: "`what`: CUDA_ERROR_... (text)".
pub fn error(error: DriverError, what: impl Display) -> Error {
    Error::new(code_of(error), format!("{what}: {}", describe(error)))
}

/// Maps a driver result to a GXF result; `what` (called only on failure) says what was being done.
pub fn check<T, D: Display>(outcome: std::result::Result<T, DriverError>, what: impl FnOnce() -> D) -> Result<T> {
    outcome.map_err(|e| error(e, what()))
}
