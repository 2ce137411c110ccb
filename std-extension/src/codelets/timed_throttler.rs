//! `TimedThrottler`: replays messages at their acquisition time.

use super::receive_one;
use gxf_sdk::prelude::*;

/// `nvidia::gxf::TimedThrottler`: replays messages at their acquisition time (shifted from the
/// throttling clock to the execution clock) through its target-time term.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::TimedThrottler",
    uuid = "ccf7729c-f62c-4250-5cf7-f4f3ec80454b",
    kind = Codelet,
    description = "Replays messages at their acquisition time",
    initialize = Self::start_throttling
)]
pub struct TimedThrottler {
    /// Publishes messages at their time
    #[param]
    transmitter: Handle<iface::Transmitter>,
    /// Messages to throttle
    #[param]
    receiver: Handle<iface::Receiver>,
    /// Clock the scheduler runs on
    #[param]
    execution_clock: Handle<iface::Clock>,
    /// Clock of the message timestamps
    #[param]
    throttling_clock: Handle<iface::Clock>,
    /// Its own target-time term
    #[param]
    scheduling_term: Handle<iface::TargetTimeSchedulingTerm>,
    offset: i64,
    cached: Option<Message>,
}

impl TimedThrottler {
    fn start_throttling(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.offset = self.execution_clock.timestamp() - self.throttling_clock.timestamp();
        // An immediate first tick starts the throttling.
        self.scheduling_term.set_next_target_time(self.execution_clock.timestamp())?;
        self.cached = None;
        Ok(())
    }
}

impl Codelet for TimedThrottler {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        if let Some(msg) = self.cached.take() {
            self.transmitter.publish(&msg)?;
        }
        let mut msg = receive_one(&self.receiver)?;
        let ts = msg.get_mut::<Timestamp>(None).ok_or_else(|| {
            Error::new(Code::GXF_ENTITY_COMPONENT_NOT_FOUND, "TimedThrottler: message has no Timestamp")
        })?;
        ts.acqtime += self.offset;
        ts.pubtime += self.offset;
        let target = ts.acqtime;
        self.cached = Some(msg);
        self.scheduling_term.set_next_target_time(target)
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        self.cached = None;
        Ok(())
    }
}
