//! `nvidia::gxf::CudaBuffer`: device memory allocated and filled in the order of a CUDA stream,
//! carried in a message together with that stream.

use crate::components::StreamRef;
use crate::interfaces::{CudaAllocator, CudaAllocatorHandle, CudaStreamPool, StreamPoolHandle};
use crate::stream::Event;
use crate::types;
use crate::Device;
use gxf_sdk::api::{Handle, MessageComponent};
use gxf_sdk::{fail, gxf_warn, Code, Error, Result, Tid};

/// GXF's `CudaBuffer::State`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BufferState {
    /// No memory yet.
    Unset,
    /// The work queued before the last [`CudaBuffer::mark_ready`] is still running.
    CallbackRegistered,
    /// That work is done: the data is there.
    DataAvailable,
}

/// `nvidia::gxf::CudaBuffer`: `size` bytes of device memory from a [`CudaAllocator`], ordered on
/// a stream from a [`CudaStreamPool`] (or the caller's). Dropping it frees the memory in the
/// stream's order and returns a pool stream to its pool.
#[repr(C)]
pub struct CudaBuffer {
    pointer: *mut u8,
    size: u64,
    allocator: Handle<CudaAllocator>,
    pool: Handle<CudaStreamPool>,
    stream: Option<Box<StreamRef>>,
    /// Whether the stream goes back to `pool` on release (false after a transfer).
    owns_stream: bool,
    /// Recorded after the work that fills the buffer.
    ready: Option<Box<Event>>,
}

// SAFETY: the buffer owns its memory; handles and the stream reference are thread-safe.
unsafe impl Send for CudaBuffer {}

// SAFETY: GXF's tid for CudaBuffer; repr(C) layout defined once here.
unsafe impl MessageComponent for CudaBuffer {
    const TID: Tid = types::CUDA_BUFFER.tid;
    const TYPE_NAME: &'static str = types::CUDA_BUFFER.name;
}

impl Default for CudaBuffer {
    fn default() -> Self {
        CudaBuffer {
            pointer: std::ptr::null_mut(),
            size: 0,
            allocator: Handle::default(),
            pool: Handle::default(),
            stream: None,
            owns_stream: false,
            ready: None,
        }
    }
}

impl CudaBuffer {
    /// GXF's default component name for a CudaBuffer in a message.
    pub const DEFAULT_NAME: &'static str = "gxf_cuda_buffer";

    /// GXF's `resizeAsync`: releases what the buffer held, then allocates `size` bytes from
    /// `allocator` on `stream` (or on a stream taken from `pool`) and marks the point after which
    /// the memory is usable. As in GXF, the buffer owns its stream either way: the stream goes
    /// back to `pool` on release unless [`CudaBuffer::transfer_stream_ownership`] is called.
    pub fn resize_async(
        &mut self,
        allocator: Handle<CudaAllocator>,
        pool: Handle<CudaStreamPool>,
        size: u64,
        stream: Option<StreamRef>,
    ) -> Result<()> {
        if !allocator.is_set() || !pool.is_set() {
            return fail(
                Code::GXF_ARGUMENT_INVALID,
                "resizing a CudaBuffer needs a CudaAllocator and a CudaStreamPool",
            );
        }
        self.release()?;
        let stream = match stream {
            Some(stream) => stream,
            None => pool.allocate_stream()?,
        };
        let pointer = match allocator.allocate_async(size, stream.stream().raw()) {
            Ok(pointer) => pointer,
            Err(e) => return Err(pool.release_stream(&stream).err().unwrap_or(e)),
        };
        *self = CudaBuffer {
            pointer,
            size,
            allocator,
            pool,
            stream: Some(Box::new(stream)),
            owns_stream: true,
            ready: None,
        };
        self.mark_ready()
    }

    /// Records the point on the buffer's stream after which its data counts as available (call
    /// it again after queueing the work that fills the buffer).
    pub fn mark_ready(&mut self) -> Result<()> {
        let stream = self.require_stream()?.clone();
        let event = match self.ready.take() {
            Some(event) => event,
            None => Box::new(Event::new(&Device::get(stream.stream().device_ordinal())?)?),
        };
        event.record(stream.stream())?;
        self.ready = Some(event);
        Ok(())
    }

    /// GXF's `state()`.
    pub fn state(&self) -> Result<BufferState> {
        Ok(match &self.ready {
            None => BufferState::Unset,
            Some(event) if event.is_complete()? => BufferState::DataAvailable,
            Some(_) => BufferState::CallbackRegistered,
        })
    }

    /// The stream the buffer's work is ordered on.
    pub fn stream(&self) -> Option<&StreamRef> {
        self.stream.as_deref()
    }

    /// GXF's `streamPool()`: the pool the buffer's stream goes back to.
    pub fn stream_pool(&self) -> Handle<CudaStreamPool> {
        self.pool
    }

    fn require_stream(&self) -> Result<&StreamRef> {
        self.stream().ok_or_else(|| Error::new(Code::GXF_ARGUMENT_NULL, "the CudaBuffer has no memory and no stream"))
    }

    /// GXF's `transferStreamOwnership`: the stream is no longer returned to the pool when this
    /// buffer is released; the caller (typically the next buffer on the same stream) owns it.
    pub fn transfer_stream_ownership(&mut self) -> Option<StreamRef> {
        self.owns_stream = false;
        self.stream().cloned()
    }

    /// The first byte (device address).
    pub fn pointer(&self) -> *mut u8 {
        self.pointer
    }

    /// Size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Frees the memory in the stream's order and returns an owned stream to its pool.
    pub fn release(&mut self) -> Result<()> {
        let pointer = std::mem::replace(&mut self.pointer, std::ptr::null_mut());
        self.size = 0;
        self.ready = None;
        let Some(stream) = self.stream.take() else { return Ok(()) };
        let mut outcome = Ok(());
        if !pointer.is_null() {
            outcome = self.allocator.free_async(pointer, stream.stream().raw());
        }
        if std::mem::take(&mut self.owns_stream) {
            outcome = outcome.and(self.pool.release_stream(&stream));
        }
        outcome
    }
}

impl Drop for CudaBuffer {
    fn drop(&mut self) {
        if let Err(e) = self.release() {
            gxf_warn!("releasing a CudaBuffer: {e}");
        }
    }
}
