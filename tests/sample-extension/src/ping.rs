//! Ping codelets: `PingTx`, `PingRx`, `PingBatchRx`, `MultiPingRx`.

use crate::expect_message;
use gxf_sdk::prelude::*;
use gxf_shared_codelets::Identity;
use std::time::Duration;

/// Publishes an empty message (with a `timestamp`) every tick.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::PingTx",
    uuid = "568ba758-1688-11ec-9621-0242ac130002",
    kind = Codelet,
    description = "Sends an empty message entity via a Transmitter",
    initialize = Self::remember_cid
)]
pub struct PingTx {
    /// Transmitter channel publishing messages to other graph entities
    #[param(headline = "Signal")]
    signal: Handle<iface::Transmitter>,
    /// Clock component needed for timestamping messages
    #[param(headline = "Clock")]
    clock: Option<Handle<iface::Clock>>,
    /// Trigger interrupt after the specified time in milliseconds
    #[param(key = "trigger_interrupt_after_ms", headline = "Trigger interrupt after ms")]
    interrupt_after_ms: Option<i64>,
    cid: i64,
    sent: u64,
}

impl PingTx {
    fn remember_cid(&mut self, ctx: &ComponentContext) -> Result<()> {
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
        let msg = Message::new(tick.context())?;
        let now = self.clock.map_or(0, |clock| clock.timestamp());
        // GXF ignores the publish result.
        let _ = self.signal.send_at(msg, now);
        self.sent += 1;
        gxf_info!("Message Sent: {}", self.sent);
        Ok(())
    }
}

/// Receives one message per tick; a missing message fails the tick.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::PingRx",
    uuid = "a7fc439a-1688-11ec-9621-0242ac130002",
    kind = Codelet,
    description = "Receives a message entity from a Receiver"
)]
pub struct PingRx {
    /// Channel to receive messages from another graph entity
    #[param(headline = "Signal")]
    signal: Handle<iface::Receiver>,
    received: u64,
}

impl Codelet for PingRx {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let received = self.signal.receive();
        self.received += 1;
        gxf_info!("Message Received: {}", self.received);
        expect_message(received).map(drop)
    }
}

/// The identity of `nvidia::gxf::PingBatchRx` (the codelet is shared with the test extension).
#[derive(Default)]
pub struct SampleBatchRxIdentity;

impl Identity for SampleBatchRxIdentity {
    const TYPE: TypeInfo = TypeInfo {
        name: "nvidia::gxf::PingBatchRx",
        tid: Tid::from_uuid("75acc5ca-eaaa-11ed-a05b-0242ac120003"),
        base: "nvidia::gxf::Codelet",
        description: "Receives a message entity from a Receiver of specified batch size",
    };
}

/// Receives `batch_size` messages per tick.
pub type PingBatchRx = gxf_shared_codelets::PingBatchRx<SampleBatchRxIdentity>;

/// Receives one message from each receiver that has one.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::MultiPingRx",
    uuid = "d7a53484-a1a7-11ed-b686-138d2bc637ee",
    kind = Codelet,
    description = "Receives message entities from multiple receivers"
)]
pub struct MultiPingRx {
    /// A list of receivers which the entity can pop message entities
    #[param(headline = "Receivers")]
    receivers: Vec<Handle<iface::Receiver>>,
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
