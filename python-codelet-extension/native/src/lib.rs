//! The Python side of `PyCodeletV0` and the native module `gxf._native` behind the `gxf`
//! Python package (`python-codelet-extension/python/gxf`).
//!
//! Loaded two ways, with one abi3 build for every Python from 3.11:
//! - by the front extension (`libgxf_python_codelet.so`) when a graph run by `gxe` has Python
//!   codelets: `attach` starts the interpreter and registers this module as `gxf._native`;
//! - by `import gxf` in a Python process (`python3 -m gxf.gxe`, scripts): the module owns its own
//!   runtime contexts (`gxf.core.context_create`), and the front extension, when the graph loads
//!   it, attaches to the interpreter that is already running.

/// Makes the listed enum classes hash like their integer values, which they compare equal to
/// (as pybind11's enums do), so they work as dict keys and in sets.
macro_rules! hash_like_int {
    ($($enum:ty),*) => {$(
        #[pyo3::pymethods]
        impl $enum {
            fn __hash__(&self) -> isize {
                *self as isize
            }
        }
    )*};
}

mod array_interface;
mod backend;
#[path = "../../src/backend_abi.rs"]
mod backend_abi;
mod bridge;
mod codelet;
mod context;
mod cuda;
mod dlpack;
mod entity_api;
mod entity_state;
mod interpreter;
mod interrupt;
mod introspection;
mod messaging;
mod param_api;
mod params;
mod pydata;
mod runtime_api;
mod stream_order;
mod subgraph_api;
mod tensor;
mod terms;
mod vault;

use pyo3::prelude::*;

/// The native module; the `gxf.*` Python modules re-export its classes under GXF's names.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    bridge::register(m)?;
    messaging::register(m)?;
    terms::register(m)?;
    tensor::register(m)?;
    cuda::register(m)?;
    params::register(m)?;
    pydata::register(m)?;
    runtime_api::register(m)?;
    entity_api::register(m)?;
    entity_state::register(m)?;
    introspection::register(m)?;
    subgraph_api::register(m)?;
    param_api::register(m)?;
    vault::register(m)?;
    Ok(())
}
