//! `AsyncPingTx` / `AsyncPingRx`: codelets driven by an `AsynchronousSchedulingTerm` that a side
//! thread flips from EVENT_WAITING to EVENT_DONE every `delay` ms.

use gxf_sdk::abi::events::AsyncEventState;
use gxf_sdk::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// The side thread: every `delay` ms it completes a pending event of the term.
#[derive(Default)]
struct Pinger {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Pinger {
    fn start(&mut self, delay_ms: i64, term: Handle<iface::AsynchronousSchedulingTerm>) -> Result<()> {
        self.halt();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let delay = Duration::from_millis(delay_ms.max(0) as u64);
        let thread = std::thread::Builder::new()
            .name("async-ping".into())
            .spawn(move || {
                gxf_info!("Async ping thread entering.");
                while !flag.load(Ordering::SeqCst) {
                    std::thread::sleep(delay);
                    if term.event_state() == AsyncEventState::EventWaiting as i32 {
                        if let Err(e) = term.set_event_state(AsyncEventState::EventDone as i32) {
                            gxf_error!("async ping: {e}");
                        }
                    }
                }
                gxf_info!("Async ping thread exiting.");
            })
            .map_err(|e| Error::new(Code::GXF_FAILURE, format!("cannot start the async ping thread: {e}")))?;
        self.stop = stop;
        self.thread = Some(thread);
        Ok(())
    }

    /// Stops and joins the thread if it runs.
    fn halt(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                gxf_error!("the async ping thread panicked");
            }
        }
    }
}

impl Drop for Pinger {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Publishes an empty message per tick; after the `count`-th tick (0: never) it ends its term
/// with EVENT_NEVER, otherwise it waits for the next event.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::AsyncPingTx",
    uuid = "1c211f15-5e5a-4efc-8daa-19f351d19ad6",
    kind = Codelet,
    description = "Sends an entity at async time intervals",
    deinitialize = Self::halt_pinger
)]
pub struct AsyncPingTx {
    #[param(key = "delay", headline = "Ping delay in ms", default = 10i64)]
    delay_ms: i64,
    #[param(key = "scheduling_term")]
    term: Handle<iface::AsynchronousSchedulingTerm>,
    #[param]
    signal: Handle<iface::Transmitter>,
    #[param(headline = "Ping count", default = 0u64)]
    count: u64,
    ticks: u64,
    pinger: Pinger,
}

impl AsyncPingTx {
    fn halt_pinger(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.pinger.halt();
        Ok(())
    }
}

impl Codelet for AsyncPingTx {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        self.pinger.start(self.delay_ms, self.term)
    }

    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let msg = Message::new(tick.context())?;
        self.ticks += 1;
        let next = if self.ticks == self.count { AsyncEventState::EventNever } else { AsyncEventState::EventWaiting };
        self.term.set_event_state(next as i32)?;
        // GXF ignores the publish result.
        let _ = self.signal.publish(&msg);
        Ok(())
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        self.pinger.halt();
        Ok(())
    }
}

/// Receives a message when one is queued and then waits for the next event.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::AsyncPingRx",
    uuid = "a4f26a81-a7dc-4cdb-8ad9-c638c2de48f8",
    kind = Codelet,
    description = "Receives an entity at async time intervals",
    deinitialize = Self::halt_pinger
)]
pub struct AsyncPingRx {
    #[param(key = "delay", headline = "Ping delay in ms", default = 10i64)]
    delay_ms: i64,
    #[param(key = "scheduling_term")]
    term: Handle<iface::AsynchronousSchedulingTerm>,
    #[param]
    signal: Handle<iface::Receiver>,
    pinger: Pinger,
}

impl AsyncPingRx {
    fn halt_pinger(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.pinger.halt();
        Ok(())
    }
}

impl Codelet for AsyncPingRx {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        self.pinger.start(self.delay_ms, self.term)
    }

    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        if self.signal.size() == 0 {
            gxf_debug!("No messages to read from receiver queue!");
            return Ok(());
        }
        if !matches!(self.signal.receive(), Ok(Some(_))) {
            return fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, "no message to receive");
        }
        self.term.set_event_state(AsyncEventState::EventWaiting as i32)
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        self.pinger.halt();
        Ok(())
    }
}
