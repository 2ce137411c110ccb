//! `nvidia::gxf::CudaStreamPool`: hands out CUDA streams, each in its own stream entity, up to
//! `max_size` at once; `reserved_size` of them are created at initialize.

use gxf_cuda_sdk::interfaces::CudaStreamPoolVTable;
use gxf_cuda_sdk::{entity_device_ordinal, types, CudaStream, Device, Stream, StreamRef};
use gxf_sdk::abi::MsgRef;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use std::ffi::c_void;
use std::sync::Mutex;

/// Streams made and kept by a pool.
#[derive(Default)]
struct Streams {
    device: Option<Device>,
    /// Created, not handed out.
    reserve: Vec<StreamRef>,
    /// Created in all (handed out plus reserve).
    created: u32,
}

/// `nvidia::gxf::CudaStreamPool`.
#[derive(Default, Component)]
#[gxf(
    info = types::CUDA_STREAM_POOL,
    kind = Allocator,
    initialize = Self::create_reserve,
    deinitialize = Self::drop_reserve,
    query = pool_query
)]
pub struct CudaStreamPool {
    /// Flags of the streams (cudaStreamNonBlocking = 1)
    #[param(headline = "Stream Flags", default = 1u32)]
    stream_flags: u32,
    /// Priority of the streams (lower is more urgent)
    #[param(headline = "Stream Priority", default = 0i32)]
    stream_priority: i32,
    /// Streams created at initialize
    #[param(headline = "Reserved Stream Size", default = 1u32)]
    reserved_size: u32,
    /// Most streams at once (0: no limit)
    #[param(headline = "Maximum Stream Size", default = 0u32)]
    max_size: u32,
    streams: Mutex<Streams>,
    context: ContextRef,
    name: String,
}

static POOL_VTABLE: CudaStreamPoolVTable =
    CudaStreamPoolVTable { allocate_stream: allocate_stream_entry, release_stream: release_stream_entry };

fn pool_query(iface: Tid) -> *const c_void {
    if iface == types::CUDA_STREAM_POOL.tid {
        &POOL_VTABLE as *const CudaStreamPoolVTable as *const c_void
    } else {
        std::ptr::null()
    }
}

unsafe extern "C" fn allocate_stream_entry(obj: *mut c_void, out: *mut MsgRef) -> i32 {
    guard(|| {
        // SAFETY: `query` hands this vtable out for CudaStreamPool objects only.
        let pool = unsafe { &*(obj as *const CudaStreamPool) };
        let stream = pool.allocate_stream()?;
        // SAFETY: the caller passes a valid out-pointer and takes over the reference.
        unsafe { *out = stream.entity().clone().into_raw() };
        Ok(())
    })
}

unsafe extern "C" fn release_stream_entry(obj: *mut c_void, stream: MsgRef) -> i32 {
    guard(|| {
        // SAFETY: as above; `stream` is a borrowed live reference.
        let pool = unsafe { &*(obj as *const CudaStreamPool) };
        let stream = StreamRef::new(unsafe { Message::from_borrowed_raw(stream) })?;
        pool.release_stream(stream)
    })
}

impl CudaStreamPool {
    fn create_reserve(&mut self, ctx: &ComponentContext) -> Result<()> {
        (self.context, self.name) = (ctx.context(), format!("{}/{}", ctx.entity_name(), ctx.name()));
        if self.max_size > 0 && self.max_size < self.reserved_size {
            gxf_warn!(
                "CudaStreamPool '{}': max_size {} is below reserved_size {}; using {}",
                self.name,
                self.max_size,
                self.reserved_size,
                self.reserved_size
            );
            self.max_size = self.reserved_size;
        }
        let in_pool = |e: Error| e.context(format!("CudaStreamPool '{}'", self.name));
        let device = Device::get(entity_device_ordinal(ctx.context(), ctx.eid())).map_err(in_pool)?;
        lock(&self.streams).device = Some(device);
        let reserve = (0..self.reserved_size).map(|_| self.create_stream()).collect::<Result<Vec<_>>>();
        let reserve = reserve.map_err(in_pool)?;
        lock(&self.streams).reserve = reserve;
        Ok(())
    }

    fn drop_reserve(&mut self, _ctx: &ComponentContext) -> Result<()> {
        *lock(&self.streams) = Streams::default();
        Ok(())
    }

    /// A new stream in a new stream entity.
    fn create_stream(&self) -> Result<StreamRef> {
        let mut streams = lock(&self.streams);
        let device = streams.device.clone().ok_or_else(|| {
            Error::new(Code::GXF_INVALID_LIFECYCLE_STAGE, format!("CudaStreamPool '{}' is not initialized", self.name))
        })?;
        let stream = Stream::new(&device, self.stream_flags, self.stream_priority)?;
        let mut entity = Message::new(self.context)?;
        entity.add("CudaStream", CudaStream::new(stream)?)?;
        streams.created += 1;
        StreamRef::new(entity)
    }

    /// GXF's `allocateStream()`: a reserved stream, or a new one while fewer than `max_size`
    /// exist.
    fn allocate_stream(&self) -> Result<StreamRef> {
        let mut streams = lock(&self.streams);
        if let Some(stream) = streams.reserve.pop() {
            return Ok(stream);
        }
        if self.max_size > 0 && streams.created >= self.max_size {
            return fail(
                Code::GXF_OUT_OF_MEMORY,
                format!(
                    "CudaStreamPool '{}': all {} streams are in use (max_size {})",
                    self.name, streams.created, self.max_size
                ),
            );
        }
        drop(streams);
        self.create_stream()
    }

    /// GXF's `releaseStream()`: back into the reserve. A stream released twice (two holders
    /// that both took it over) goes in once, so it is never handed out to two callers at once.
    fn release_stream(&self, stream: StreamRef) -> Result<()> {
        let mut streams = lock(&self.streams);
        if streams.reserve.iter().any(|reserved| reserved.cid() == stream.cid()) {
            gxf_warn!("CudaStreamPool '{}': stream {} was released twice; kept once", self.name, stream.cid());
            return Ok(());
        }
        streams.reserve.push(stream);
        Ok(())
    }
}

impl Allocator for CudaStreamPool {
    fn is_available(&self, size: u64) -> bool {
        let streams = lock(&self.streams);
        size == 1 && (!streams.reserve.is_empty() || self.max_size == 0 || streams.created < self.max_size)
    }

    fn allocate(&self, size: u64, _storage: i32) -> Result<*mut u8> {
        fail(
            Code::GXF_NOT_IMPLEMENTED,
            format!("CudaStreamPool '{}' hands out streams (allocate_stream), not {size} bytes of memory", self.name),
        )
    }

    fn free(&self, ptr: *mut u8) -> Result<()> {
        fail(Code::GXF_ARGUMENT_INVALID, format!("{ptr:p} was not allocated by CudaStreamPool '{}'", self.name))
    }
}
