//! Scheduling terms that wait for CUDA work: `CudaStreamSchedulingTerm` (the next message's
//! stream has done its work) and `CudaEventSchedulingTerm` (a named event of the next message
//! has completed).

use gxf_cuda_sdk::{types, CudaEvent, CudaStreamId};
use gxf_sdk::abi::events::Event;
use gxf_sdk::prelude::*;
use std::sync::atomic::{AtomicI64, AtomicU8, Ordering};
use std::sync::Arc;

/// The next message of `receiver` (syncing the receiver first when its main stage is empty).
fn next_message(receiver: &Handle<iface::Receiver>) -> Result<Option<Message>> {
    if receiver.size() == 0 {
        receiver.sync()?;
    }
    receiver.peek(0)
}

/// No message looked at yet.
const UNSET: u8 = 0;
/// A host function waits on the message's stream.
const CALLBACK_REGISTERED: u8 = 1;
/// The message's stream work is done (or it has none).
const DATA_AVAILABLE: u8 = 2;

/// `nvidia::gxf::CudaStreamSchedulingTerm`: ready once the CUDA work queued on the stream of the
/// receiver's next message is done. A host function on that stream flips the state and wakes the
/// entity (an `EXTERNAL` event), so nothing polls the GPU. A message without a stream is ready
/// at once.
#[derive(Default, Component)]
#[gxf(info = types::CUDA_STREAM_SCHEDULING_TERM, kind = SchedulingTerm, initialize = Self::remember_entity)]
pub struct CudaStreamSchedulingTerm {
    /// The receiver whose next message's stream to wait for
    #[param(headline = "Queue channel")]
    receiver: Handle<iface::Receiver>,
    phase: Arc<AtomicU8>,
    /// The message the phase is about.
    message_eid: AtomicI64,
    context: ContextRef,
    eid: i64,
}

impl CudaStreamSchedulingTerm {
    fn remember_entity(&mut self, ctx: &ComponentContext) -> Result<()> {
        (self.context, self.eid) = (ctx.context(), ctx.eid());
        Ok(())
    }

    /// Looks at the next message: ready without a stream, else a host function on its stream.
    fn watch_next_message(&self) -> Result<()> {
        let Some(message) = next_message(&self.receiver)? else { return Ok(()) };
        self.message_eid.store(message.eid(), Ordering::Relaxed);
        let stream = message.get::<CudaStreamId>(None).and_then(CudaStreamId::stream);
        let Some(stream) = stream else {
            self.phase.store(DATA_AVAILABLE, Ordering::Release);
            return Ok(());
        };
        self.phase.store(CALLBACK_REGISTERED, Ordering::Release);
        let (phase, context, eid) = (self.phase.clone(), self.context, self.eid);
        stream.stream().then(move || {
            phase.store(DATA_AVAILABLE, Ordering::Release);
            context.notify(eid, Event::External as i32);
        })
    }
}

impl SchedulingTerm for CudaStreamSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        if self.phase.load(Ordering::Acquire) == UNSET {
            self.watch_next_message()?;
        }
        Ok(match self.phase.load(Ordering::Acquire) {
            DATA_AVAILABLE => Condition::Ready(now),
            CALLBACK_REGISTERED => Condition::WaitEvent,
            _ => Condition::Wait,
        })
    }

    fn on_execute(&self, _now: i64) -> Result<()> {
        if self.phase.load(Ordering::Acquire) != DATA_AVAILABLE {
            return Ok(());
        }
        let front = self.receiver.peek(0)?.map(|m| m.eid());
        if front != Some(self.message_eid.load(Ordering::Relaxed)) {
            self.phase.store(UNSET, Ordering::Release);
        }
        Ok(())
    }
}

/// `nvidia::gxf::CudaEventSchedulingTerm`: ready once the CUDA event `event_name` of the
/// receiver's next message has completed.
#[derive(Default, Component)]
#[gxf(info = types::CUDA_EVENT_SCHEDULING_TERM, kind = SchedulingTerm)]
pub struct CudaEventSchedulingTerm {
    /// The receiver whose next message's event to wait for
    #[param(headline = "Queue channel")]
    receiver: Handle<iface::Receiver>,
    /// The name of the CudaEvent in the message (empty: the first one)
    #[param(headline = "Event name", default = "")]
    event_name: String,
}

impl SchedulingTerm for CudaEventSchedulingTerm {
    const ON_EXECUTE: bool = false;

    fn check(&self, now: i64) -> Result<Condition> {
        let Some(message) = next_message(&self.receiver)? else { return Ok(Condition::Wait) };
        let name = (!self.event_name.is_empty()).then_some(self.event_name.as_str());
        let Some(event) = message.get::<CudaEvent>(name) else { return Ok(Condition::Wait) };
        let done = event.event().is_complete().map_err(|e| e.context(format!("CudaEvent '{}'", self.event_name)))?;
        Ok(if done { Condition::Ready(now) } else { Condition::Wait })
    }
}
