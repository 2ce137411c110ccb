//! Std message-moving codelets: Forward, Gather, Broadcast and TimedThrottler.

use gxf_core::prelude::*;

/// Registers the codelets of this module.
pub(crate) fn register(ext: &mut ExtensionBuilder) {
    ext.codelet::<Forward>(
        "nvidia::gxf::Forward",
        "97cee543-8fb5-4541-8ff7-589318187ec0",
        "1 rx to 1 tx, one message per tick",
    )
    .codelet::<Gather>(
        "nvidia::gxf::Gather",
        "85f64c84-8236-4035-9b9a-3843a6a2026f",
        "All receivers to one transmitter",
    )
    .codelet::<Broadcast>(
        "nvidia::gxf::Broadcast",
        "3daadb31-0bca-47e5-9924-342b9984a014",
        "One receiver to all (or round-robin) transmitters",
    )
    .codelet::<TimedThrottler>(
        "nvidia::gxf::TimedThrottler",
        "ccf7729c-f62c-4250-5cf7-f4f3ec80454b",
        "Replays messages at their acquisition time",
    );
}

/// A receive that must deliver: GXF's empty `DoubleBufferReceiver::receive` is `GXF_FAILURE`.
fn receive_one(rx: &Handle<iface::Receiver>) -> Result<Message> {
    rx.receive()?.ok_or_else(|| Error::new(Code::GXF_FAILURE, format!("receiver '{}' has no message", rx.name())))
}

fn initialized<T: Copy>(value: Option<T>) -> Result<T> {
    value.ok_or_else(|| Error::new(Code::GXF_UNINITIALIZED_VALUE, "the codelet was not initialized"))
}

/// `nvidia::gxf::Forward`: moves one message per tick from `in` to `out`.
#[derive(Default)]
pub struct Forward {
    io: Option<(Handle<iface::Receiver>, Handle<iface::Transmitter>)>,
}

impl Component for Forward {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Receiver>>("in").description("Input channel");
        r.param::<Handle<iface::Transmitter>>("out").description("Output channel");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.io = Some((ctx.param("in")?, ctx.param("out")?));
        Ok(())
    }
}

impl Codelet for Forward {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let (rx, tx) = initialized(self.io)?;
        tx.publish(&receive_one(&rx)?)
    }
}

/// `nvidia::gxf::Gather`: drains every receiver of its entity (component order) into `sink`;
/// `sources` is accepted but ignored, as in GXF.
#[derive(Default)]
pub struct Gather {
    sink: Option<Handle<iface::Transmitter>>,
    limit: i64,
    owner: (ContextRef, i64),
    receivers: Vec<Handle<iface::Receiver>>,
}

impl Component for Gather {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Transmitter>>("sink").description("The output channel for gathered messages");
        r.param::<Vec<Handle<iface::Receiver>>>("sources").optional().description("Ignored: all receivers are drained");
        r.param::<i64>("tick_source_limit").default(0i64).description("Messages per source and tick (0: no limit)");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.sink = Some(ctx.param("sink")?);
        self.limit = ctx.param("tick_source_limit")?;
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
        let sink = initialized(self.sink)?;
        for rx in &self.receivers {
            let mut taken = 0;
            while self.limit <= 0 || taken < self.limit {
                taken += 1;
                let Ok(Some(msg)) = rx.receive() else { break };
                sink.publish(&msg)?;
            }
        }
        Ok(())
    }
}

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
#[derive(Default)]
pub struct Broadcast {
    source: Option<Handle<iface::Receiver>>,
    round_robin: Option<RoundRobin>,
    owner: (ContextRef, i64),
    transmitters: Vec<Handle<iface::Transmitter>>,
}

impl Component for Broadcast {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Receiver>>("source").description("Source channel");
        r.param::<String>("mode").default("Broadcast").description("Broadcast or RoundRobin");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.source = Some(ctx.param("source")?);
        self.round_robin = match ctx.param::<String>("mode")?.as_str() {
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
        let msg = receive_one(&initialized(self.source)?)?;
        match &mut self.round_robin {
            None => self.transmitters.iter().try_for_each(|tx| tx.publish(&msg)),
            Some(turn) => self.transmitters[turn.pick(self.transmitters.len())].publish(&msg),
        }
    }
}

#[derive(Clone, Copy)]
struct ThrottlerIo {
    tx: Handle<iface::Transmitter>,
    rx: Handle<iface::Receiver>,
    term: Handle<iface::TargetTimeSchedulingTerm>,
}

/// `nvidia::gxf::TimedThrottler`: replays messages at their acquisition time (shifted from the
/// throttling clock to the execution clock) through its target-time term.
#[derive(Default)]
pub struct TimedThrottler {
    io: Option<ThrottlerIo>,
    offset: i64,
    cached: Option<Message>,
}

impl Component for TimedThrottler {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Transmitter>>("transmitter").description("Publishes messages at their time");
        r.param::<Handle<iface::Receiver>>("receiver").description("Messages to throttle");
        r.param::<Handle<iface::Clock>>("execution_clock").description("Clock the scheduler runs on");
        r.param::<Handle<iface::Clock>>("throttling_clock").description("Clock of the message timestamps");
        r.param::<Handle<iface::TargetTimeSchedulingTerm>>("scheduling_term").description("Its own target-time term");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let execution: Handle<iface::Clock> = ctx.param("execution_clock")?;
        let throttling: Handle<iface::Clock> = ctx.param("throttling_clock")?;
        let io = ThrottlerIo {
            tx: ctx.param("transmitter")?,
            rx: ctx.param("receiver")?,
            term: ctx.param("scheduling_term")?,
        };
        self.offset = execution.timestamp() - throttling.timestamp();
        // An immediate first tick starts the throttling.
        io.term.set_next_target_time(execution.timestamp())?;
        self.io = Some(io);
        self.cached = None;
        Ok(())
    }
}

impl Codelet for TimedThrottler {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let io = initialized(self.io)?;
        if let Some(msg) = self.cached.take() {
            io.tx.publish(&msg)?;
        }
        let mut msg = receive_one(&io.rx)?;
        let ts = msg.get_mut::<Timestamp>(None).ok_or_else(|| {
            Error::new(Code::GXF_ENTITY_COMPONENT_NOT_FOUND, "TimedThrottler: message has no Timestamp")
        })?;
        ts.acqtime += self.offset;
        ts.pubtime += self.offset;
        let target = ts.acqtime;
        self.cached = Some(msg);
        io.term.set_next_target_time(target)
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        self.cached = None;
        Ok(())
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
