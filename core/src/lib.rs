//! gxf-core: the heart of a GXF-compatible graph execution framework.
//!
//! - [`abi`]: the stable `#[repr(C)]` boundary between the core and extension dylibs.
//! - [`api`]: what extension authors write against (traits, handles, messages, parameters).
//! - [`vocab`]: shared message component types (Timestamp, lite primitives, Tensor, Shape).
pub mod abi;
pub mod api;
pub mod graph;
pub mod result;
pub mod runtime;
pub mod spin_lock;
pub mod tid;
pub mod vocab;
pub mod yaml;

pub use result::{fail, Code, Error, Result};
pub use tid::Tid;

/// Everything an extension author usually needs.
pub mod prelude {
    pub use crate::api::*;
    pub use crate::vocab::Timestamp;
    pub use crate::{fail, gxf_extension, Code, Error, Result, Tid};
    pub use crate::{gxf_debug, gxf_error, gxf_info, gxf_verbose, gxf_warn};
}
