//! The author-facing API: what an extension author writes against.
//!
//! Authors declare a component on its type with `#[derive(Component)]` (identity, role and
//! parameters; see [`Component`]), implement the trait of its role ([`Codelet`],
//! [`SchedulingTerm`], [`Transmitter`], ...), list it in the extension's catalog with
//! [`ExtensionBuilder::add`] and export the catalog with [`gxf_extension!`](crate::gxf_extension).
//! All calls into the runtime go through the host table the runtime hands to the extension.

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

pub use crate::abi::types::TypeInfo;
pub use context::{check_code, ComponentContext, ContextRef, EntityRef, Tick};
pub use extension::{run_entry, ExtensionBuilder, ExtensionMeta};
pub use guard::guard;
pub use gxf_macros::Component;
pub use handle::{iface, Handle, Interface};
pub use message::{Message, MessageComponent};
pub use params::{
    Complex32, Complex64, FixedVector, ParamReader, ParamRegistrar, ParamSpec, ParamSpecBuilder, ParamValue, ToYaml,
};
pub use thunks::{Provides, Thunks};
pub use traits::{
    Allocator, AsyncEventTerm, BooleanTerm, BtTerm, Clock, Codelet, Component, Condition, MetricComponent, Monitor,
    PeriodicTerm, Receiver, Scheduler, SchedulingTerm, TargetTimeTerm, Transmitter, VaultComponent, VaultWait,
};
