//! The host side: the runtime context and everything it owns.

pub mod context;
pub mod entity;
pub mod executor;
mod ext_loader;
pub mod host_impl;
pub mod logging;
pub mod message;
pub mod param_value;
pub mod program;
pub mod router;
pub mod types;
mod uid;

pub use context::{Context, ExtensionRecord, Runtime};
pub use program::GraphState;
