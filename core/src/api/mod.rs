//! The author-facing API: what an extension author writes against.
//!
//! Authors implement ordinary Rust traits ([`Codelet`], [`SchedulingTerm`], [`Transmitter`], ...),
//! declare parameters with [`ParamRegistrar`], read them in `initialize` through
//! [`ComponentContext`], and export everything with [`gxf_extension!`](crate::gxf_extension).
//! All calls into the runtime go through the host table the core hands to the extension.

mod context;
mod extension;
mod guard;
mod handle;
pub mod host;
pub mod log;
mod message;
mod params;
mod thunks;
mod traits;

pub use context::{check_code, ComponentContext, ContextRef, EntityRef, Tick};
pub use extension::{run_entry, ExtensionBuilder, ExtensionMeta};
pub use guard::guard;
pub use handle::{iface, Handle, Interface};
pub use message::{Message, MessageComponent};
pub use params::{
    Complex32, Complex64, FixedVector, ParamReader, ParamRegistrar, ParamSpec, ParamSpecBuilder, ParamValue, ToYaml,
};
pub use thunks::Thunks;
pub use traits::{
    Allocator, AsyncEventTerm, BooleanTerm, Clock, Codelet, Component, Condition, MetricComponent, Monitor,
    PeriodicTerm, Receiver, Scheduler, SchedulingTerm, TargetTimeTerm, Transmitter, VaultComponent, VaultWait,
};
