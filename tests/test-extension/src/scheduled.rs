//! Target-time driven helpers: `ScheduledPingTx`, `TestTimestampTx` and `TestTimestampRx`.

use gxf_sdk::prelude::*;

/// Requests a tick now (GXF ignores the result).
fn arm(term: Handle<iface::TargetTimeSchedulingTerm>, clock: Handle<iface::Clock>) {
    let _ = term.set_next_target_time(clock.timestamp());
}

/// Requests the next tick `delay` from now and returns that time (result ignored as in GXF).
fn rearm(term: Handle<iface::TargetTimeSchedulingTerm>, clock: Handle<iface::Clock>, delay: i64) -> i64 {
    let target = clock.timestamp() + delay;
    let _ = term.set_next_target_time(target);
    target
}

/// Sends a ping every `delay` ns through its target-time term; the message's Timestamp
/// "timestamp" holds the next target time (plus `offset_clock`'s time when given).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::ScheduledPingTx",
    uuid = "8b2e8b0f-0236-4d5f-3e57-2048949a43ef",
    kind = Codelet,
    description = "Sends an entity at differing time intervals"
)]
pub struct ScheduledPingTx {
    #[param]
    delay: i64,
    #[param(key = "execution_clock")]
    clock: Handle<iface::Clock>,
    #[param]
    signal: Handle<iface::Transmitter>,
    #[param(key = "scheduling_term")]
    term: Handle<iface::TargetTimeSchedulingTerm>,
    #[param]
    offset_clock: Option<Handle<iface::Clock>>,
}

impl Codelet for ScheduledPingTx {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        arm(self.term, self.clock);
        Ok(())
    }

    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let mut msg = Message::new(tick.context())?;
        let target = rearm(self.term, self.clock, self.delay);
        let time = self.offset_clock.map_or(0, |c| c.timestamp()) + target;
        msg.add("timestamp", Timestamp { pubtime: time, acqtime: time })?;
        // GXF ignores the publish result.
        let _ = self.signal.publish(&msg);
        Ok(())
    }
}

/// Like `ScheduledPingTx` but publishes with `publish(msg, now)` (acqtime now, pubtime 0).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::TestTimestampTx",
    uuid = "4f7b92fc-fb4d-1096-eebf-2cf958e74c45",
    kind = Codelet,
    description = "Tests the pubtime and acqtime"
)]
pub struct TestTimestampTx {
    #[param]
    delay: i64,
    #[param(key = "execution_clock")]
    clock: Handle<iface::Clock>,
    #[param]
    signal: Handle<iface::Transmitter>,
    #[param(key = "scheduling_term")]
    term: Handle<iface::TargetTimeSchedulingTerm>,
    // Registered (and read) like `ScheduledPingTx`'s, but unused here.
    #[param(key = "offset_clock")]
    _offset_clock: Option<Handle<iface::Clock>>,
}

impl Codelet for TestTimestampTx {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        arm(self.term, self.clock);
        Ok(())
    }

    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let mut msg = Message::new(tick.context())?;
        rearm(self.term, self.clock, self.delay);
        // GXF ignores the publish result.
        let _ = self.signal.publish_at(&mut msg, self.clock.timestamp());
        Ok(())
    }
}

/// Checks that consecutive messages' pubtime and acqtime both advance by `delay`. As in GXF,
/// a pubtime of 0 (what `publish(msg, acq)` writes) counts as "first message", so with
/// `TestTimestampTx` every message passes.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::TestTimestampRx",
    uuid = "a0204781-cabf-69d7-5615-3ac8398984ca",
    kind = Codelet,
    description = "Tests the pubtime and acqtime"
)]
pub struct TestTimestampRx {
    #[param]
    signal: Handle<iface::Receiver>,
    #[param]
    delay: i64,
    last: Timestamp,
}

impl Codelet for TestTimestampRx {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let not_available = |why: &str| fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, why.to_string());
        let Ok(Some(msg)) = self.signal.receive() else {
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
