//! gxf-runtime: the GXF host that gxe, the registry and the Python backend embed.
//!
//! It loads extension libraries, owns entities, components and their parameters, runs the graph
//! lifecycle and the executor, pools message entities, and loads and saves YAML graph files. Its
//! public API mirrors GXF's C API ([`Runtime`]); everything else is private to this crate, so
//! extensions (which depend on `gxf-sdk` only) cannot reach around the host table.
//!
//! ```compile_fail
//! // The executor is an internal of the runtime, not part of its API.
//! use gxf_runtime::executor::ExecItem;
//! ```

mod clip;
mod codelet_stats;
mod context;
mod entity;
mod executor;
mod ext_header;
mod ext_loader;
mod ext_metadata;
mod graph;
mod host_impl;
pub mod logging;
mod message;
mod param_value;
mod program;
mod router;
mod suggest;
mod text_file;
mod trace;
mod types;
mod uid;

pub(crate) use gxf_sdk::{abi, api, result, spin_lock, sync, tid};
pub(crate) use gxf_yaml as yaml;

/// A declared parameter of a component type (`ComponentType::params`).
pub use crate::api::ParamSpec;
pub use codelet_stats::{CodeletStats, EntityTiming};
pub use context::{Context, ExtensionAbout, ExtensionRecord, Runtime, DEFAULT_ENTITY_GROUP};
pub use graph::{check_all_applied, graph_to_yaml, load_file, load_str, parse_overrides, save_graph, Override};
pub use host_impl::host_table;
pub use param_value::ParamValue;
pub use program::GraphState;
pub use suggest::closest;
pub use trace::{EntityStats, Trace};
pub use types::ComponentType;
