//! `DownstreamReceptiveSchedulingTerm`: holds an entity back while the receivers downstream of its
//! transmitter are full.

use super::readiness::StateClock;
use gxf_sdk::prelude::*;

/// `nvidia::gxf::DownstreamReceptiveSchedulingTerm`: ready while every connected receiver has
/// room for `min_size` more messages; NEVER when the transmitter is connected to nothing.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::DownstreamReceptiveSchedulingTerm",
    uuid = "9de75119-8d0f-4819-9a71-2aeaefd23f71",
    kind = SchedulingTerm,
    description = "Back-pressure",
    initialize = Self::find_receivers
)]
pub struct DownstreamReceptiveSchedulingTerm {
    /// The watched outbox
    #[param]
    transmitter: Handle<iface::Transmitter>,
    /// Free slots required in each receiver
    #[param(default = 1usize)]
    min_size: usize,
    receivers: Vec<Handle<iface::Receiver>>,
    state: StateClock,
}

impl DownstreamReceptiveSchedulingTerm {
    fn find_receivers(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.receivers = self.transmitter.connected_receivers()?;
        if self.receivers.is_empty() {
            gxf_error!(
                "DownstreamReceptiveSchedulingTerm '{}' of entity '{}': transmitter '{}' has no connected receivers, the entity will never tick",
                ctx.name(),
                ctx.entity_name(),
                self.transmitter.name()
            );
        }
        Ok(())
    }
}

impl SchedulingTerm for DownstreamReceptiveSchedulingTerm {
    const ON_EXECUTE: bool = false;

    fn check(&self, now: i64) -> Result<Condition> {
        if self.receivers.is_empty() {
            return Ok(Condition::Never);
        }
        let ready = self.receivers.iter().all(|rx| {
            let [size, back, capacity] = rx.sizes();
            back + self.min_size <= capacity.saturating_sub(size)
        });
        Ok(self.state.update(ready, now))
    }
}
