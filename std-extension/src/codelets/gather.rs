//! `Gather`: drains all receivers of its entity into one transmitter.

use gxf_sdk::prelude::*;

/// `nvidia::gxf::Gather`: drains every receiver of its entity (component order) into `sink`;
/// `sources` is accepted but ignored, as in GXF.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::Gather",
    uuid = "85f64c84-8236-4035-9b9a-3843a6a2026f",
    kind = Codelet,
    description = "All receivers to one transmitter",
    initialize = Self::remember_owner
)]
pub struct Gather {
    /// The output channel for gathered messages
    #[param]
    sink: Handle<iface::Transmitter>,
    /// Ignored: all receivers are drained
    #[param(key = "sources")]
    _sources: Option<Vec<Handle<iface::Receiver>>>,
    /// Messages per source and tick (0: no limit)
    #[param(key = "tick_source_limit", default = 0i64)]
    limit: i64,
    owner: (ContextRef, i64),
    receivers: Vec<Handle<iface::Receiver>>,
}

impl Gather {
    fn remember_owner(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.owner = (ctx.context(), ctx.eid());
        Ok(())
    }
}

impl Codelet for Gather {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        self.receivers = self.owner.0.find_all::<iface::Receiver>(self.owner.1)?;
        Ok(())
    }

    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        for rx in &self.receivers {
            let mut taken = 0;
            while self.limit <= 0 || taken < self.limit {
                taken += 1;
                let Ok(Some(msg)) = rx.receive() else { break };
                self.sink.publish(&msg)?;
            }
        }
        Ok(())
    }
}
