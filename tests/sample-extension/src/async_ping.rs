//! `PingTxAsync` / `PingRxAsync`: ping pair meant for lock-free async buffers.

use crate::ready;
use gxf_core::prelude::*;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

/// Last count seen by any `PingRxAsync`; GXF keeps it in a function-local static, so it is
/// shared by every instance in the process.
static LAST_RECEIVED: AtomicI32 = AtomicI32::new(-1);

fn sleep_us(us: i64) {
    std::thread::sleep(Duration::from_micros(us.max(0) as u64));
}

/// Sleeps, then publishes a message carrying an `int32_t` "count" = 1, 2, 3, ...
#[derive(Default)]
pub struct PingTxAsync {
    signal: Option<Handle<iface::Transmitter>>,
    sleep_time_us: i64,
    count: i32,
}

impl Component for PingTxAsync {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Transmitter>>("signal")
            .headline("Signal")
            .description("Transmitter channel publishing messages to other graph entities");
        r.param::<i64>("sleep_time_us")
            .headline("Sleep Time (us)")
            .description("Time to sleep between sending messages")
            .default(10i64);
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.signal = Some(ctx.param("signal")?);
        self.sleep_time_us = ctx.param("sleep_time_us")?;
        Ok(())
    }
}

impl Codelet for PingTxAsync {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let signal = ready(self.signal, "signal")?;
        sleep_us(self.sleep_time_us);
        let mut msg = Message::new(tick.context())?;
        self.count += 1;
        msg.add("count", self.count)?;
        // GXF ignores the publish result.
        let _ = signal.publish(&msg);
        gxf_info!("Message Sent: {}", self.count);
        Ok(())
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        gxf_info!("Sent {} unique messages", self.count);
        Ok(())
    }
}

/// Sleeps, then receives (if anything is there) and checks the counts it sees; integrity
/// problems are only logged, never returned.
#[derive(Default)]
pub struct PingRxAsync {
    signal: Option<Handle<iface::Receiver>>,
    sleep_time_us: i64,
    range: (i32, i32),
    unique_received: u64,
}

impl Component for PingRxAsync {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Receiver>>("signal")
            .headline("Signal")
            .description("Channel to receive messages from another graph entity");
        r.param::<i64>("sleep_time_us")
            .headline("Sleep Time (us)")
            .description("Time to sleep between receiving messages")
            .default(1000i64);
        r.param::<i32>("verification_range_min")
            .headline("Min value of verification range")
            .description("The minimum value of the range for verification of the received integers")
            .default(0i32);
        r.param::<i32>("verification_range_max")
            .headline("Max value of verification range")
            .description("The maximum value of the range for verification of the received integers")
            .default(500i32);
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.signal = Some(ctx.param("signal")?);
        self.sleep_time_us = ctx.param("sleep_time_us")?;
        self.range = (ctx.param("verification_range_min")?, ctx.param("verification_range_max")?);
        Ok(())
    }
}

impl Codelet for PingRxAsync {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let signal = ready(self.signal, "signal")?;
        sleep_us(self.sleep_time_us);
        let Ok(Some(msg)) = signal.receive() else {
            gxf_info!("first message is not yet received.");
            return Ok(());
        };
        let value = *msg.require::<i32>(Some("count"))?;
        gxf_info!("Retrieved: {value}");
        let last = LAST_RECEIVED.swap(value, Ordering::Relaxed);
        if last != value {
            if value < last {
                gxf_error!("Received value is less than the last received value. Data integrity error.");
            }
            if !(self.range.0..=self.range.1).contains(&value) {
                gxf_error!("Received value is not in the expected range. Data integrity error.");
            }
            self.unique_received += 1;
        }
        Ok(())
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        gxf_info!("Received {} unique messages", self.unique_received);
        Ok(())
    }
}
