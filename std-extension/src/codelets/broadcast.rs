//! `Broadcast`: one receiver to all transmitters of its entity, or to each in turn.

use super::receive_one;
use gxf_sdk::prelude::*;

/// Picks transmitter indices in turn for `Broadcast`'s RoundRobin mode.
#[derive(Debug, Default)]
struct RoundRobin {
    next: usize,
}

impl RoundRobin {
    fn pick(&mut self, n: usize) -> usize {
        let index = self.next % n;
        self.next = self.next.wrapping_add(1);
        index
    }
}

/// `nvidia::gxf::Broadcast`: publishes each message from `source` on every transmitter of its
/// entity (`Broadcast`) or on one after the other (`RoundRobin`).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::Broadcast",
    uuid = "3daadb31-0bca-47e5-9924-342b9984a014",
    kind = Codelet,
    description = "One receiver to all (or round-robin) transmitters",
    initialize = Self::choose_mode
)]
pub struct Broadcast {
    /// Source channel
    #[param]
    source: Handle<iface::Receiver>,
    /// Broadcast or RoundRobin
    #[param(default = "Broadcast")]
    mode: String,
    round_robin: Option<RoundRobin>,
    owner: (ContextRef, i64),
    transmitters: Vec<Handle<iface::Transmitter>>,
}

impl Broadcast {
    fn choose_mode(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.round_robin = match self.mode.as_str() {
            "Broadcast" => None,
            "RoundRobin" => Some(RoundRobin::default()),
            other => return fail(Code::GXF_PARAMETER_OUT_OF_RANGE, format!("unknown broadcast mode '{other}'")),
        };
        self.owner = (ctx.context(), ctx.eid());
        Ok(())
    }
}

impl Codelet for Broadcast {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        self.transmitters = self.owner.0.find_all::<iface::Transmitter>(self.owner.1)?;
        if self.transmitters.is_empty() {
            return fail(Code::GXF_ARGUMENT_NULL, "No Transmitter instance found on the entity");
        }
        Ok(())
    }

    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let msg = receive_one(&self.source)?;
        match &mut self.round_robin {
            None => self.transmitters.iter().try_for_each(|tx| tx.publish(&msg)),
            Some(turn) => self.transmitters[turn.pick(self.transmitters.len())].publish(&msg),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RoundRobin;

    #[test]
    fn round_robin_cycles_through_transmitters() {
        let mut turn = RoundRobin::default();
        let picks: Vec<usize> = (0..7).map(|_| turn.pick(3)).collect();
        assert_eq!(picks, [0, 1, 2, 0, 1, 2, 0]);
    }
}
