//! Scheduling terms that wait for CUDA work: `CudaStreamSchedulingTerm` (the next message's
//! stream has done its work), `CudaBufferAvailableSchedulingTerm` (the next message's CudaBuffer
//! is filled) and `CudaEventSchedulingTerm` (a named event of the next message has completed).

use gxf_cuda_sdk::{types, BufferState, CudaBuffer, CudaEvent, CudaStreamId, StreamRef};
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

/// What the stream-waiting terms share: the state of the receiver's next message, flipped to
/// `DATA_AVAILABLE` by a host function on its stream, which also wakes the entity (an `EXTERNAL`
/// event), so nothing polls the GPU.
#[derive(Default)]
struct StreamWatch {
    phase: Arc<AtomicU8>,
    /// The message the phase is about.
    message_eid: AtomicI64,
    context: ContextRef,
    eid: i64,
}

impl StreamWatch {
    fn remember_entity(&mut self, ctx: &ComponentContext) {
        (self.context, self.eid) = (ctx.context(), ctx.eid());
    }

    /// The condition, looking at the next message first when none is watched: `ready_now` says
    /// whether a message needs no waiting, else which stream to wait for.
    fn check(
        &self,
        receiver: &Handle<iface::Receiver>,
        now: i64,
        wait_for: impl FnOnce(&Message) -> Result<Option<StreamRef>>,
    ) -> Result<Condition> {
        if self.phase.load(Ordering::Acquire) == UNSET {
            if let Some(message) = next_message(receiver)? {
                self.message_eid.store(message.eid(), Ordering::Relaxed);
                match wait_for(&message)? {
                    None => self.phase.store(DATA_AVAILABLE, Ordering::Release),
                    Some(stream) => {
                        self.phase.store(CALLBACK_REGISTERED, Ordering::Release);
                        let (phase, context, eid) = (self.phase.clone(), self.context, self.eid);
                        stream.stream().then(move || {
                            phase.store(DATA_AVAILABLE, Ordering::Release);
                            context.notify(eid, Event::External as i32);
                        })?;
                    }
                }
            }
        }
        Ok(match self.phase.load(Ordering::Acquire) {
            DATA_AVAILABLE => Condition::Ready(now),
            CALLBACK_REGISTERED => Condition::WaitEvent,
            _ => Condition::Wait,
        })
    }

    /// After a tick: once the watched message was consumed, the next one is looked at afresh.
    fn on_execute(&self, receiver: &Handle<iface::Receiver>) -> Result<()> {
        if self.phase.load(Ordering::Acquire) != DATA_AVAILABLE {
            return Ok(());
        }
        let front = receiver.peek(0)?.map(|m| m.eid());
        if front != Some(self.message_eid.load(Ordering::Relaxed)) {
            self.phase.store(UNSET, Ordering::Release);
        }
        Ok(())
    }
}

/// `nvidia::gxf::CudaStreamSchedulingTerm`: ready once the CUDA work queued on the stream of the
/// receiver's next message (its `CudaStreamId`) is done; a message without a stream is ready at
/// once.
#[derive(Default, Component)]
#[gxf(info = types::CUDA_STREAM_SCHEDULING_TERM, kind = SchedulingTerm, initialize = Self::remember_entity)]
pub struct CudaStreamSchedulingTerm {
    /// The receiver whose next message's stream to wait for
    #[param(headline = "Queue channel")]
    receiver: Handle<iface::Receiver>,
    watch: StreamWatch,
}

impl CudaStreamSchedulingTerm {
    fn remember_entity(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.watch.remember_entity(ctx);
        Ok(())
    }
}

impl SchedulingTerm for CudaStreamSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        self.watch
            .check(&self.receiver, now, |message| Ok(message.get::<CudaStreamId>(None).and_then(CudaStreamId::stream)))
    }

    fn on_execute(&self, _now: i64) -> Result<()> {
        self.watch.on_execute(&self.receiver)
    }
}

/// `nvidia::gxf::CudaBufferAvailableSchedulingTerm`: ready once the `CudaBuffer` of the
/// receiver's next message holds its data (at once when it already does, or has none).
#[derive(Default, Component)]
#[gxf(info = types::CUDA_BUFFER_AVAILABLE_SCHEDULING_TERM, kind = SchedulingTerm, initialize = Self::remember_entity)]
pub struct CudaBufferAvailableSchedulingTerm {
    /// The receiver whose next message's CudaBuffer to wait for
    #[param(headline = "Queue channel")]
    receiver: Handle<iface::Receiver>,
    watch: StreamWatch,
}

impl CudaBufferAvailableSchedulingTerm {
    fn remember_entity(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.watch.remember_entity(ctx);
        Ok(())
    }
}

impl SchedulingTerm for CudaBufferAvailableSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        self.watch.check(&self.receiver, now, |message| {
            let Some(buffer) = message.get::<CudaBuffer>(None) else { return Ok(None) };
            Ok(match buffer.state()? {
                BufferState::DataAvailable | BufferState::Unset => None,
                BufferState::CallbackRegistered => buffer.stream().cloned(),
            })
        })
    }

    fn on_execute(&self, _now: i64) -> Result<()> {
        self.watch.on_execute(&self.receiver)
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
