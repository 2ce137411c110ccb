//! `PingTxAsync` / `PingRxAsync`: ping pair meant for lock-free async buffers.

use gxf_sdk::prelude::*;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

/// Last count seen by any `PingRxAsync`; GXF keeps it in a function-local static, so it is
/// shared by every instance in the process.
static LAST_RECEIVED: AtomicI32 = AtomicI32::new(-1);

fn sleep_us(us: i64) {
    std::thread::sleep(Duration::from_micros(us.max(0) as u64));
}

/// Sleeps, then publishes a message carrying an `int32_t` "count" = 1, 2, 3, ...
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::PingTxAsync",
    uuid = "986417b4-4f15-46b3-bb24-26382858d1db",
    kind = Codelet,
    description = "Sends an empty message entity via a Async Transmitter"
)]
pub struct PingTxAsync {
    /// Transmitter channel publishing messages to other graph entities
    #[param(headline = "Signal")]
    signal: Handle<iface::Transmitter>,
    /// Time to sleep between sending messages
    #[param(headline = "Sleep Time (us)", default = 10i64)]
    sleep_time_us: i64,
    count: i32,
}

impl Codelet for PingTxAsync {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        sleep_us(self.sleep_time_us);
        let mut msg = Message::new(tick.context())?;
        self.count += 1;
        msg.add("count", self.count)?;
        // GXF ignores the publish result.
        let _ = self.signal.publish(&msg);
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
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::PingRxAsync",
    uuid = "7720a88e-28f8-4a84-b6d0-8c39e8014ef4",
    kind = Codelet,
    description = "Receives a message entity from a Async Receiver"
)]
pub struct PingRxAsync {
    /// Channel to receive messages from another graph entity
    #[param(headline = "Signal")]
    signal: Handle<iface::Receiver>,
    /// Time to sleep between receiving messages
    #[param(headline = "Sleep Time (us)", default = 1000i64)]
    sleep_time_us: i64,
    /// The minimum value of the range for verification of the received integers
    #[param(key = "verification_range_min", headline = "Min value of verification range", default = 0i32)]
    range_min: i32,
    /// The maximum value of the range for verification of the received integers
    #[param(key = "verification_range_max", headline = "Max value of verification range", default = 500i32)]
    range_max: i32,
    unique_received: u64,
}

impl Codelet for PingRxAsync {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        sleep_us(self.sleep_time_us);
        let Ok(Some(msg)) = self.signal.receive() else {
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
            if !(self.range_min..=self.range_max).contains(&value) {
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
