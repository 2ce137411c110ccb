//! gxf-sdk: everything a GXF extension is written against, and nothing of the runtime.
//!
//! - [`api`]: traits, handles, messages, parameters, the extension builder and export macro.
//! - [`vocab`]: shared message component types (Timestamp, lite primitives, Tensor, Shape).
//! - [`abi`]: the stable `#[repr(C)]` contract (re-exported from `gxf-abi`).
//! - [`yaml`]: the yaml-cpp-compatible node tree, for custom parameter types (from `gxf-yaml`).
//! - [`json`]: JSON string literals for hand-written JSON (statistics, traces).
//!
//! The runtime (loader, executor, graph loading) lives in `gxf-runtime`, which extensions never
//! depend on: they reach it only through the host table handed to them when loaded.
//!
//! ```compile_fail
//! // An extension cannot name the runtime: it is not a dependency of the SDK.
//! use gxf_sdk::runtime::Runtime;
//! ```
// The derive names `::gxf_sdk`; this lets it be used inside the SDK too (its tests).
extern crate self as gxf_sdk;

pub use gxf_abi as abi;
pub use gxf_abi::{result, tid};
pub use gxf_yaml as yaml;

pub mod api;
pub mod json;
pub mod spin_lock;
pub mod sync;
pub mod vocab;

pub use result::{fail, Code, Error, Result};
pub use tid::Tid;

/// Everything an extension author usually needs.
pub mod prelude {
    pub use crate::api::*;
    pub use crate::vocab::Timestamp;
    pub use crate::{fail, gxf_extension, Code, Error, Result, Tid};
    pub use crate::{gxf_debug, gxf_error, gxf_info, gxf_verbose, gxf_warn};
}
