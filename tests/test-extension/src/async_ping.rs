//! `AsyncPingTx` / `AsyncPingRx`: codelets driven by an `AsynchronousSchedulingTerm` that a side
//! thread flips from EVENT_WAITING to EVENT_DONE every `delay` ms.

use crate::ready;
use gxf_core::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

const ASYNC_PING_TX: &str = "1c211f15-5e5a-4efc-8daa-19f351d19ad6";
const ASYNC_PING_RX: &str = "a4f26a81-a7dc-4cdb-8ad9-c638c2de48f8";

/// GXF's `AsynchronousEventState` values used here.
const EVENT_WAITING: i32 = 2;
const EVENT_DONE: i32 = 3;
const EVENT_NEVER: i32 = 4;

/// Registers the codelets of this module.
pub(crate) fn register(ext: &mut ExtensionBuilder) {
    ext.codelet::<AsyncPingTx>(
        "nvidia::gxf::test::AsyncPingTx",
        ASYNC_PING_TX,
        "Sends an entity at async time intervals",
    )
    .codelet::<AsyncPingRx>(
        "nvidia::gxf::test::AsyncPingRx",
        ASYNC_PING_RX,
        "Receives an entity at async time intervals",
    );
}

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
                    if term.event_state() == EVENT_WAITING {
                        if let Err(e) = term.set_event_state(EVENT_DONE) {
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

fn register_common(r: &mut ParamRegistrar) {
    r.param::<i64>("delay").headline("Ping delay in ms").default(10i64);
    r.param::<Handle<iface::AsynchronousSchedulingTerm>>("scheduling_term");
}

/// Publishes an empty message per tick; after the `count`-th tick (0: never) it ends its term
/// with EVENT_NEVER, otherwise it waits for the next event.
#[derive(Default)]
pub struct AsyncPingTx {
    signal: Option<Handle<iface::Transmitter>>,
    term: Option<Handle<iface::AsynchronousSchedulingTerm>>,
    delay_ms: i64,
    count: u64,
    ticks: u64,
    pinger: Pinger,
}

impl Component for AsyncPingTx {
    fn parameters(r: &mut ParamRegistrar) {
        register_common(r);
        r.param::<Handle<iface::Transmitter>>("signal");
        r.param::<u64>("count").headline("Ping count").default(0u64);
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.signal = Some(ctx.param("signal")?);
        self.term = Some(ctx.param("scheduling_term")?);
        self.delay_ms = ctx.param("delay")?;
        self.count = ctx.param("count")?;
        Ok(())
    }

    fn deinitialize(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.pinger.halt();
        Ok(())
    }
}

impl Codelet for AsyncPingTx {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        self.pinger.start(self.delay_ms, ready(self.term, "scheduling_term")?)
    }

    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let term = ready(self.term, "scheduling_term")?;
        let msg = Message::new(tick.context())?;
        self.ticks += 1;
        term.set_event_state(if self.ticks == self.count { EVENT_NEVER } else { EVENT_WAITING })?;
        // GXF ignores the publish result.
        let _ = ready(self.signal, "signal")?.publish(&msg);
        Ok(())
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        self.pinger.halt();
        Ok(())
    }
}

/// Receives a message when one is queued and then waits for the next event.
#[derive(Default)]
pub struct AsyncPingRx {
    signal: Option<Handle<iface::Receiver>>,
    term: Option<Handle<iface::AsynchronousSchedulingTerm>>,
    delay_ms: i64,
    pinger: Pinger,
}

impl Component for AsyncPingRx {
    fn parameters(r: &mut ParamRegistrar) {
        register_common(r);
        r.param::<Handle<iface::Receiver>>("signal");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.signal = Some(ctx.param("signal")?);
        self.term = Some(ctx.param("scheduling_term")?);
        self.delay_ms = ctx.param("delay")?;
        Ok(())
    }

    fn deinitialize(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.pinger.halt();
        Ok(())
    }
}

impl Codelet for AsyncPingRx {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        self.pinger.start(self.delay_ms, ready(self.term, "scheduling_term")?)
    }

    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let signal = ready(self.signal, "signal")?;
        if signal.size() == 0 {
            gxf_debug!("No messages to read from receiver queue!");
            return Ok(());
        }
        if !matches!(signal.receive(), Ok(Some(_))) {
            return fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, "no message to receive");
        }
        ready(self.term, "scheduling_term")?.set_event_state(EVENT_WAITING)
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        self.pinger.halt();
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
            (ASYNC_PING_TX, 0x1c211f155e5a4efc, 0x8daa19f351d19ad6),
            (ASYNC_PING_RX, 0xa4f26a81a7dc4cdb, 0x8ad9c638c2de48f8),
        ];
        for (text, hash1, hash2) in words {
            assert_eq!(Tid::parse(text), Some(Tid { hash1, hash2 }), "{text}");
        }
    }
}
