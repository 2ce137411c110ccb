//! Ping codelets: `PingTx`, `PingRx`, `PingBatchRx`, `MultiPingRx`.

use crate::{expect_message, ready};
use gxf_core::prelude::*;
use std::time::Duration;

/// Publishes an empty message (with a `timestamp`) every tick.
#[derive(Default)]
pub struct PingTx {
    signal: Option<Handle<iface::Transmitter>>,
    clock: Option<Handle<iface::Clock>>,
    interrupt_after_ms: Option<i64>,
    cid: i64,
    sent: u64,
}

impl Component for PingTx {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Transmitter>>("signal")
            .headline("Signal")
            .description("Transmitter channel publishing messages to other graph entities");
        r.param::<Handle<iface::Clock>>("clock")
            .headline("Clock")
            .description("Clock component needed for timestamping messages")
            .optional();
        r.param::<i64>("trigger_interrupt_after_ms")
            .headline("Trigger interrupt after ms")
            .description("Trigger interrupt after the specified time in milliseconds")
            .optional();
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.signal = Some(ctx.param("signal")?);
        self.clock = ctx.try_param("clock")?;
        self.interrupt_after_ms = ctx.try_param("trigger_interrupt_after_ms")?;
        self.cid = ctx.cid();
        Ok(())
    }
}

impl Codelet for PingTx {
    fn start(&mut self, tick: &Tick) -> Result<()> {
        if let Some(ms) = self.interrupt_after_ms {
            let (context, cid) = (tick.context(), self.cid);
            std::thread::Builder::new()
                .name("ping_tx_interrupt".into())
                .spawn(move || {
                    gxf_info!("Codelet [cid: {cid}]: Sleeping for {ms} ms");
                    std::thread::sleep(Duration::from_millis(ms.max(0) as u64));
                    gxf_info!("Codelet [cid: {cid}]: Calling interrupt");
                    if let Err(e) = context.interrupt() {
                        gxf_error!("Codelet [cid: {cid}]: interrupt failed: {e}");
                    }
                })
                .map_err(|e| Error::new(Code::GXF_FAILURE, format!("cannot start the interrupt thread: {e}")))?;
        }
        Ok(())
    }

    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let signal = ready(self.signal, "signal")?;
        let msg = Message::new(tick.context())?;
        let now = self.clock.map_or(0, |clock| clock.timestamp());
        // GXF ignores the publish result.
        let _ = signal.send_at(msg, now);
        self.sent += 1;
        gxf_info!("Message Sent: {}", self.sent);
        Ok(())
    }
}

/// Receives one message per tick; a missing message fails the tick.
#[derive(Default)]
pub struct PingRx {
    signal: Option<Handle<iface::Receiver>>,
    received: u64,
}

impl Component for PingRx {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Receiver>>("signal")
            .headline("Signal")
            .description("Channel to receive messages from another graph entity");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.signal = Some(ctx.param("signal")?);
        Ok(())
    }
}

impl Codelet for PingRx {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let received = ready(self.signal, "signal")?.receive();
        self.received += 1;
        gxf_info!("Message Received: {}", self.received);
        expect_message(received).map(drop)
    }
}

/// Receives `batch_size` messages per tick.
#[derive(Default)]
pub struct PingBatchRx {
    signal: Option<Handle<iface::Receiver>>,
    batch_size: i64,
    assert_full_batch: bool,
}

impl Component for PingBatchRx {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Receiver>>("signal");
        r.param::<i64>("batch_size");
        r.param::<bool>("assert_full_batch")
            .headline("Assert Full Batch")
            .description("Assert if the batch is not fully populated.")
            .default(true);
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.signal = Some(ctx.param("signal")?);
        self.batch_size = ctx.param("batch_size")?;
        self.assert_full_batch = ctx.param("assert_full_batch")?;
        Ok(())
    }
}

impl Codelet for PingBatchRx {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let signal = ready(self.signal, "signal")?;
        for _ in 0..self.batch_size {
            let received = signal.receive();
            gxf_debug!("Message received in ping batch rx");
            if self.assert_full_batch {
                expect_message(received)?;
            }
        }
        Ok(())
    }
}

/// Receives one message from each receiver that has one.
#[derive(Default)]
pub struct MultiPingRx {
    receivers: Vec<Handle<iface::Receiver>>,
}

impl Component for MultiPingRx {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Vec<Handle<iface::Receiver>>>("receivers")
            .headline("Receivers")
            .description("A list of receivers which the entity can pop message entities");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.receivers = ctx.param("receivers")?;
        Ok(())
    }
}

impl Codelet for MultiPingRx {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        for rx in &self.receivers {
            if rx.size() > 0 {
                let received = rx.receive();
                gxf_info!("Message Received at [{}]", rx.name());
                expect_message(received)?;
            }
        }
        Ok(())
    }
}
