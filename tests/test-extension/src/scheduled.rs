//! Target-time driven helpers: `ScheduledPingTx`, `TestTimestampTx` and `TestTimestampRx`.

use crate::ready;
use gxf_core::prelude::*;

const SCHEDULED_PING_TX: &str = "8b2e8b0f-0236-4d5f-3e57-2048949a43ef";
const TEST_TIMESTAMP_TX: &str = "4f7b92fc-fb4d-1096-eebf-2cf958e74c45";
const TEST_TIMESTAMP_RX: &str = "a0204781-cabf-69d7-5615-3ac8398984ca";

/// Registers the codelets of this module.
pub(crate) fn register(ext: &mut ExtensionBuilder) {
    ext.codelet::<ScheduledPingTx>(
        "nvidia::gxf::test::ScheduledPingTx",
        SCHEDULED_PING_TX,
        "Sends an entity at differing time intervals",
    )
    .codelet::<TestTimestampTx>(
        "nvidia::gxf::test::TestTimestampTx",
        TEST_TIMESTAMP_TX,
        "Tests the pubtime and acqtime",
    )
    .codelet::<TestTimestampRx>(
        "nvidia::gxf::test::TestTimestampRx",
        TEST_TIMESTAMP_RX,
        "Tests the pubtime and acqtime",
    );
}

/// The parameters both scheduled transmitters share.
#[derive(Clone, Copy)]
struct Schedule {
    delay: i64,
    clock: Handle<iface::Clock>,
    signal: Handle<iface::Transmitter>,
    term: Handle<iface::TargetTimeSchedulingTerm>,
    offset_clock: Option<Handle<iface::Clock>>,
}

impl Schedule {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<i64>("delay");
        r.param::<Handle<iface::Clock>>("execution_clock");
        r.param::<Handle<iface::Transmitter>>("signal");
        r.param::<Handle<iface::TargetTimeSchedulingTerm>>("scheduling_term");
        r.param::<Handle<iface::Clock>>("offset_clock").optional();
    }

    fn read(ctx: &ComponentContext) -> Result<Schedule> {
        Ok(Schedule {
            delay: ctx.param("delay")?,
            clock: ctx.param("execution_clock")?,
            signal: ctx.param("signal")?,
            term: ctx.param("scheduling_term")?,
            offset_clock: ctx.try_param("offset_clock")?,
        })
    }

    /// The schedule read in `initialize`.
    fn get(schedule: Option<Schedule>) -> Result<Schedule> {
        schedule.ok_or_else(|| Error::new(Code::GXF_CONTRACT_INVALID_SEQUENCE, "the codelet was not initialized"))
    }

    /// Requests a tick now (GXF ignores the result).
    fn arm(self) {
        let _ = self.term.set_next_target_time(self.clock.timestamp());
    }

    /// Requests the next tick `delay` from now and returns that time (result ignored as in GXF).
    fn rearm(self) -> i64 {
        let target = self.clock.timestamp() + self.delay;
        let _ = self.term.set_next_target_time(target);
        target
    }
}

/// Sends a ping every `delay` ns through its target-time term; the message's Timestamp
/// "timestamp" holds the next target time (plus `offset_clock`'s time when given).
#[derive(Default)]
pub struct ScheduledPingTx {
    schedule: Option<Schedule>,
}

impl Component for ScheduledPingTx {
    fn parameters(r: &mut ParamRegistrar) {
        Schedule::parameters(r);
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.schedule = Some(Schedule::read(ctx)?);
        Ok(())
    }
}

impl Codelet for ScheduledPingTx {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        Schedule::get(self.schedule)?.arm();
        Ok(())
    }

    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let s = Schedule::get(self.schedule)?;
        let mut msg = Message::new(tick.context())?;
        let target = s.rearm();
        let time = s.offset_clock.map_or(0, |c| c.timestamp()) + target;
        msg.add("timestamp", Timestamp { pubtime: time, acqtime: time })?;
        // GXF ignores the publish result.
        let _ = s.signal.publish(&msg);
        Ok(())
    }
}

/// Like `ScheduledPingTx` but publishes with `publish(msg, now)` (acqtime now, pubtime 0).
#[derive(Default)]
pub struct TestTimestampTx {
    schedule: Option<Schedule>,
}

impl Component for TestTimestampTx {
    fn parameters(r: &mut ParamRegistrar) {
        Schedule::parameters(r);
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.schedule = Some(Schedule::read(ctx)?);
        Ok(())
    }
}

impl Codelet for TestTimestampTx {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        Schedule::get(self.schedule)?.arm();
        Ok(())
    }

    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let s = Schedule::get(self.schedule)?;
        let mut msg = Message::new(tick.context())?;
        s.rearm();
        // GXF ignores the publish result.
        let _ = s.signal.publish_at(&mut msg, s.clock.timestamp());
        Ok(())
    }
}

/// Checks that consecutive messages' pubtime and acqtime both advance by `delay`. As in GXF,
/// a pubtime of 0 (what `publish(msg, acq)` writes) counts as "first message", so with
/// `TestTimestampTx` every message passes.
#[derive(Default)]
pub struct TestTimestampRx {
    signal: Option<Handle<iface::Receiver>>,
    delay: i64,
    last: Timestamp,
}

impl Component for TestTimestampRx {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Receiver>>("signal");
        r.param::<i64>("delay");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.signal = Some(ctx.param("signal")?);
        self.delay = ctx.param("delay")?;
        Ok(())
    }
}

impl Codelet for TestTimestampRx {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let not_available = |why: &str| fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, why.to_string());
        let Ok(Some(msg)) = ready(self.signal, "signal")?.receive() else {
            return not_available("no message to receive");
        };
        let Some(&ts) = msg.get::<Timestamp>(None) else {
            return not_available("the message has no Timestamp");
        };
        if self.last.pubtime != 0
            && (ts.pubtime != self.last.pubtime + self.delay || ts.acqtime != self.last.acqtime + self.delay)
        {
            return not_available(&format!(
                "timestamps did not advance by {}: {:?} after {:?}",
                self.delay, ts, self.last
            ));
        }
        self.last = ts;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each text matches the `(hash1, hash2)` words of GXF's `test.cpp`.
    #[test]
    fn uuids_match_gxf_factory_words() {
        let words = [
            (SCHEDULED_PING_TX, 0x8b2e8b0f02364d5f, 0x3e572048949a43ef),
            (TEST_TIMESTAMP_TX, 0x4f7b92fcfb4d1096, 0xeebf2cf958e74c45),
            (TEST_TIMESTAMP_RX, 0xa0204781cabf69d7, 0x56153ac8398984ca),
        ];
        for (text, hash1, hash2) in words {
            assert_eq!(Tid::parse(text), Some(Tid { hash1, hash2 }), "{text}");
        }
    }
}
