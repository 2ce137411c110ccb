//! `CPUThread`: asks for its entity to run on a dedicated worker thread.

use gxf_sdk::prelude::*;

/// `nvidia::gxf::CPUThread`: `pin_entity: true` runs its entity on a dedicated worker thread of the
/// `ThreadPool` of its entity group (read by [`pin_entity`](super::pin_entity)).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::CPUThread",
    uuid = "34f46728-496d-4d8b-b9c9-c5a54de5d3a0",
    description = "Pins its entity to a worker thread"
)]
pub struct CpuThread {
    /// Pin this entity to a dedicated worker thread
    #[param(key = "pin_entity", default = false)]
    _pin_entity: bool,
}
