//! Codelets that move messages: forwarding, gathering, broadcasting, throttling, synchronizing
//! inputs, and the vault that hands messages to host code.

mod broadcast;
mod forward;
mod gather;
mod synchronization;
mod timed_throttler;
mod vault;

pub use broadcast::Broadcast;
pub use forward::Forward;
pub use gather::Gather;
pub use synchronization::Synchronization;
pub use timed_throttler::TimedThrottler;
pub use vault::{Vault, VaultCallback};

use gxf_sdk::prelude::*;

/// A receive that must deliver: GXF's empty `DoubleBufferReceiver::receive` is `GXF_FAILURE`.
fn receive_one(rx: &Handle<iface::Receiver>) -> Result<Message> {
    rx.receive()?.ok_or_else(|| Error::new(Code::GXF_FAILURE, format!("receiver '{}' has no message", rx.name())))
}
