//! Scheduling terms that wait for CUDA work: `CudaStreamSchedulingTerm` (the next message's
//! stream has done its work), `CudaBufferAvailableSchedulingTerm` (the next message's CudaBuffer
//! is filled) and `CudaEventSchedulingTerm` (a named event of the next message has completed).

use gxf_cuda_sdk::{types, BufferState, CudaBuffer, CudaEvent, CudaStreamId, Device, Stream};
use gxf_sdk::abi::events::Event;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use std::sync::atomic::{AtomicI64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

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

/// What a term waits for before the receiver's next message may be used.
enum Wait<S> {
    /// Nothing: the message is ready now.
    Nothing,
    /// The work queued so far on this stream.
    Stream(S),
    /// Something the message lacks (GXF's event term waits until the message changes).
    Forever,
}

/// What the GPU-waiting terms share: the state of the receiver's next message, flipped to
/// `DATA_AVAILABLE` by a host function on the stream it waits for, which also wakes the entity
/// (an `EXTERNAL` event), so nothing polls the GPU.
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

    /// The condition, looking at the next message first when none is watched: `wait_for` says
    /// what that message waits for.
    fn check<S: AsRef<Stream>>(
        &self,
        receiver: &Handle<iface::Receiver>,
        now: i64,
        wait_for: impl FnOnce(&Message) -> Result<Wait<S>>,
    ) -> Result<Condition> {
        if self.phase.load(Ordering::Acquire) == UNSET {
            if let Some(message) = next_message(receiver)? {
                self.message_eid.store(message.eid(), Ordering::Relaxed);
                match wait_for(&message)? {
                    Wait::Nothing => self.phase.store(DATA_AVAILABLE, Ordering::Release),
                    Wait::Stream(stream) => {
                        self.phase.store(CALLBACK_REGISTERED, Ordering::Release);
                        let (phase, context, eid) = (self.phase.clone(), self.context, self.eid);
                        stream.as_ref().then(move || {
                            phase.store(DATA_AVAILABLE, Ordering::Release);
                            context.notify(eid, Event::External as i32);
                        })?;
                    }
                    Wait::Forever => {}
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
        self.watch.check(&self.receiver, now, |message| {
            Ok(match message.get::<CudaStreamId>(None).and_then(CudaStreamId::stream) {
                Some(stream) => Wait::Stream(stream),
                None => Wait::Nothing,
            })
        })
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
            let Some(buffer) = message.get::<CudaBuffer>(None) else { return Ok(Wait::Nothing) };
            Ok(match (buffer.state()?, buffer.stream()) {
                (BufferState::CallbackRegistered, Some(stream)) => Wait::Stream(stream.clone()),
                _ => Wait::Nothing,
            })
        })
    }

    fn on_execute(&self, _now: i64) -> Result<()> {
        self.watch.on_execute(&self.receiver)
    }
}

/// `nvidia::gxf::CudaEventSchedulingTerm`: ready once the CUDA event `event_name` of the
/// receiver's next message has completed (waiting, as GXF does, while the message has no such
/// event). An event not yet complete is waited for on the GPU: a stream of this term waits for it
/// and then wakes the entity, so the term works under the event-based scheduler too.
#[derive(Default, Component)]
#[gxf(info = types::CUDA_EVENT_SCHEDULING_TERM, kind = SchedulingTerm, initialize = Self::remember_entity)]
pub struct CudaEventSchedulingTerm {
    /// The receiver whose next message's event to wait for
    #[param(headline = "Queue channel")]
    receiver: Handle<iface::Receiver>,
    /// The name of the CudaEvent in the message (empty: the first one)
    #[param(headline = "Event name", default = "")]
    event_name: String,
    watch: StreamWatch,
    /// The stream that waits for events, on the GPU of the last one (made when first needed).
    waiter: Mutex<Option<Arc<Stream>>>,
}

impl CudaEventSchedulingTerm {
    fn remember_entity(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.watch.remember_entity(ctx);
        Ok(())
    }

    /// A stream of this term on GPU `ordinal`.
    fn waiter_on(&self, ordinal: i32) -> Result<Arc<Stream>> {
        let mut waiter = lock(&self.waiter);
        match &*waiter {
            Some(stream) if stream.device_ordinal() == ordinal => Ok(stream.clone()),
            _ => {
                let stream = Arc::new(Stream::new(&Device::get(ordinal)?, Stream::NON_BLOCKING, 0)?);
                Ok(waiter.insert(stream).clone())
            }
        }
    }
}

impl SchedulingTerm for CudaEventSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        let name = (!self.event_name.is_empty()).then_some(self.event_name.as_str());
        let described = |e: Error| e.context(format!("CudaEvent '{}'", self.event_name));
        self.watch.check(&self.receiver, now, |message| {
            let Some(event) = message.get::<CudaEvent>(name) else { return Ok(Wait::Forever) };
            let event = event.event();
            if event.is_complete().map_err(described)? {
                return Ok(Wait::Nothing);
            }
            let waiter = self.waiter_on(event.device_ordinal()).map_err(described)?;
            waiter.wait(event).map_err(described)?;
            Ok(Wait::Stream(waiter))
        })
    }

    fn on_execute(&self, _now: i64) -> Result<()> {
        self.watch.on_execute(&self.receiver)
    }
}
