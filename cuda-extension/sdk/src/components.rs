//! The CUDA message components every extension shares: `CudaStream` (in a stream entity),
//! `CudaStreamId` (in a message, naming its stream) and `CudaEvent`. `repr(C)`, so any dylib may
//! read them; the one that added a component drops it.

use crate::device::Device;
use crate::release::Releaser;
use crate::stream::{Event, Stream};
use crate::types;
use gxf_sdk::abi::MsgRef;
use gxf_sdk::api::{Message, MessageComponent};
use gxf_sdk::{Code, Error, Result, Tid};

/// `nvidia::gxf::CudaStream`: one stream, owned by its stream entity (destroyed with it), and
/// the releasing thread of the library that made it (see [`release`](crate::release)).
#[repr(C)]
pub struct CudaStream {
    stream: Stream,
    releaser: Releaser,
}

// SAFETY: GXF's tid for CudaStream; repr(C) layout defined once here.
unsafe impl MessageComponent for CudaStream {
    const TID: Tid = types::CUDA_STREAM.tid;
    const TYPE_NAME: &'static str = types::CUDA_STREAM.name;
}

impl CudaStream {
    /// Wraps a stream, with this library's releasing thread (started here if need be).
    pub fn new(stream: Stream) -> Result<CudaStream> {
        Ok(CudaStream { stream, releaser: Releaser::get()? })
    }

    /// The stream.
    pub fn stream(&self) -> &Stream {
        &self.stream
    }

    /// Keeps `value` until the stream has done the work queued on it so far, then drops it on
    /// the stream's releasing thread; [`sync_stream`](Self::sync_stream) waits for that, from
    /// any library. If the stream refuses the host function, `value` is dropped now and the
    /// error returned.
    pub fn hold_until_done<T: Send + 'static>(&self, value: T) -> Result<()> {
        let releaser = self.releaser;
        self.stream.then(move || releaser.hand_over(value))
    }

    /// GXF's `syncStream()`: waits until all work queued so far is done, and until what was kept
    /// alive for that work ([`hold_until_done`](Self::hold_until_done)) has been released.
    pub fn sync_stream(&self) -> Result<()> {
        self.stream.synchronize()?;
        if !(self.stream.wait_for_host_functions(RELEASE_WAIT)? && self.releaser.wait(RELEASE_WAIT)) {
            gxf_sdk::gxf_warn!(
                "CUDA stream synchronised, but data kept for its work was not released within {RELEASE_WAIT:?}"
            );
        }
        Ok(())
    }
}

/// How long `sync_stream` waits for the releasing thread.
const RELEASE_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// A counted reference to a stream entity (what a `CudaStreamPool` hands out): the entity lives
/// (and its stream with it) while any reference does.
#[derive(Clone)]
pub struct StreamRef {
    entity: Message,
}

impl AsRef<Stream> for StreamRef {
    fn as_ref(&self) -> &Stream {
        self.stream()
    }
}

impl StreamRef {
    /// Wraps a stream entity; `GXF_ENTITY_COMPONENT_NOT_FOUND` unless it holds a `CudaStream`.
    pub fn new(entity: Message) -> Result<StreamRef> {
        entity.require::<CudaStream>(None)?;
        Ok(StreamRef { entity })
    }

    /// GXF's stream component id (here: the id of the stream's entity, unique while it lives).
    pub fn cid(&self) -> i64 {
        self.entity.eid()
    }

    /// The stream component.
    pub fn cuda_stream(&self) -> &CudaStream {
        self.entity.get::<CudaStream>(None).expect("checked in StreamRef::new")
    }

    /// The stream.
    pub fn stream(&self) -> &Stream {
        self.cuda_stream().stream()
    }

    /// The stream entity.
    pub fn entity(&self) -> &Message {
        &self.entity
    }
}

/// `nvidia::gxf::CudaStreamId`: which stream the work behind a message was queued on. Holds a
/// reference to the stream entity, so the stream outlives every message naming it.
#[repr(C)]
pub struct CudaStreamId {
    /// GXF's field: the id of the stream (see [`StreamRef::cid`]); 0 when unset.
    pub stream_cid: i64,
    entity: MsgRef,
}

// SAFETY: GXF's tid for CudaStreamId; repr(C) layout defined once here.
unsafe impl MessageComponent for CudaStreamId {
    const TID: Tid = types::CUDA_STREAM_ID.tid;
    const TYPE_NAME: &'static str = types::CUDA_STREAM_ID.name;
}

// SAFETY: the entity reference is counted with atomics by the core.
unsafe impl Send for CudaStreamId {}

impl Default for CudaStreamId {
    fn default() -> Self {
        CudaStreamId { stream_cid: 0, entity: std::ptr::null() }
    }
}

impl CudaStreamId {
    /// Names `stream`.
    pub fn new(stream: &StreamRef) -> CudaStreamId {
        CudaStreamId { stream_cid: stream.cid(), entity: stream.entity.clone().into_raw() }
    }

    /// Points at `stream` (or nothing).
    pub fn set(&mut self, stream: Option<&StreamRef>) {
        *self = stream.map(CudaStreamId::new).unwrap_or_default();
    }

    /// The stream named, if any.
    pub fn stream(&self) -> Option<StreamRef> {
        if self.entity.is_null() {
            return None;
        }
        // SAFETY: a live reference owned by this id; a new one is taken for the result.
        let entity = unsafe { Message::from_borrowed_raw(self.entity) };
        StreamRef::new(entity).ok()
    }

    /// The stream named; `GXF_ARGUMENT_NULL` naming the message when unset.
    pub fn require_stream(&self) -> Result<StreamRef> {
        self.stream().ok_or_else(|| Error::new(Code::GXF_ARGUMENT_NULL, "the CudaStreamId names no stream"))
    }
}

impl Clone for CudaStreamId {
    fn clone(&self) -> Self {
        match self.stream() {
            Some(stream) => {
                let mut id = CudaStreamId::new(&stream);
                id.stream_cid = self.stream_cid;
                id
            }
            None => CudaStreamId { stream_cid: self.stream_cid, entity: std::ptr::null() },
        }
    }
}

impl Drop for CudaStreamId {
    fn drop(&mut self) {
        if !self.entity.is_null() {
            // SAFETY: the reference taken in `new`, released once.
            drop(unsafe { Message::from_owned_raw(self.entity) });
        }
    }
}

/// `nvidia::gxf::CudaEvent`: an event in a message (recorded after the work it marks).
#[repr(C)]
pub struct CudaEvent {
    event: Event,
}

// SAFETY: GXF's tid for CudaEvent; repr(C) layout defined once here.
unsafe impl MessageComponent for CudaEvent {
    const TID: Tid = types::CUDA_EVENT.tid;
    const TYPE_NAME: &'static str = types::CUDA_EVENT.name;
}

impl CudaEvent {
    /// A new event on `device`.
    pub fn new(device: &Device) -> Result<CudaEvent> {
        Ok(CudaEvent { event: Event::new(device)? })
    }

    /// A new event recorded on `stream` now.
    pub fn recorded_on(stream: &Stream) -> Result<CudaEvent> {
        let device = Device::get(stream.device_ordinal())?;
        let event = Event::new(&device)?;
        event.record(stream)?;
        Ok(CudaEvent { event })
    }

    /// The event.
    pub fn event(&self) -> &Event {
        &self.event
    }

    /// The GPU of the event (GXF's `dev_id()`).
    pub fn dev_id(&self) -> i32 {
        self.event.device_ordinal()
    }
}
