//! `nvidia::gxf::StreamOrderedAllocator`: device memory from a CUDA stream-ordered memory pool,
//! allocated and freed either in the order of a caller's stream (the `CudaAllocator` interface)
//! or synchronously (the `Allocator` interface, on an internal stream).

use gxf_cuda_sdk::interfaces::{cuda_allocator_query, CudaAllocatorComponent};
use gxf_cuda_sdk::{entity_device_ordinal, parse_storage_size, sys, types, Device, MemoryPool, Stream};
use gxf_sdk::abi::events::Event;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use gxf_sdk::vocab::MemoryStorageType;
use std::collections::HashMap;
use std::sync::Mutex;

/// GXF's default pool sizes (x86-64).
const DEFAULT_INITIAL: &str = "16MB";
const DEFAULT_MAX: &str = "32MB";

/// The pool and its bookkeeping, present between initialize and deinitialize.
struct Pool {
    memory: MemoryPool,
    /// For synchronous allocate/free.
    stream: Stream,
    /// Outstanding pointers and their sizes.
    outstanding: HashMap<usize, u64>,
}

/// `nvidia::gxf::StreamOrderedAllocator`.
#[derive(Default, Component)]
#[gxf(
    info = types::STREAM_ORDERED_ALLOCATOR,
    kind = Allocator,
    initialize = Self::create_pool,
    deinitialize = Self::destroy_pool,
    query = cuda_allocator_query::<Self>
)]
pub struct StreamOrderedAllocator {
    /// Unused memory the pool keeps rather than returning it to the driver (B, KB, MB, GB, TB)
    #[param(headline = "Release Threshold", default = "4MB")]
    release_threshold: String,
    /// Memory the pool reserves at initialize (B, KB, MB, GB, TB)
    #[param(headline = "Device Memory Initial Size", default = "16MB")]
    device_memory_initial_size: String,
    /// Most memory the pool holds (B, KB, MB, GB, TB)
    #[param(headline = "Device Memory Max Size", default = "32MB")]
    device_memory_max_size: String,
    pool: Mutex<Option<Pool>>,
    name: String,
    context: ContextRef,
    eid: i64,
}

impl StreamOrderedAllocator {
    fn create_pool(&mut self, ctx: &ComponentContext) -> Result<()> {
        (self.name, self.context, self.eid) =
            (format!("{}/{}", ctx.entity_name(), ctx.name()), ctx.context(), ctx.eid());
        let in_allocator = |e: Error| e.context(format!("StreamOrderedAllocator '{}'", self.name));
        let size = |key: &str, text: &str| parse_storage_size(text).map_err(|e| in_allocator(e.context(key)));
        let initial = size("device_memory_initial_size", &self.device_memory_initial_size)?;
        let mut max = size("device_memory_max_size", &self.device_memory_max_size)?;
        let threshold = size("release_threshold", &self.release_threshold)?;
        // GXF: when only the initial size is customised, the pool may grow to twice that.
        if self.device_memory_initial_size != DEFAULT_INITIAL && self.device_memory_max_size == DEFAULT_MAX {
            max = initial.saturating_mul(2);
        }
        if initial > max {
            return Err(in_allocator(Error::new(
                Code::GXF_ARGUMENT_INVALID,
                format!("device_memory_initial_size ({initial} bytes) exceeds device_memory_max_size ({max} bytes)"),
            )));
        }
        let device = Device::get(entity_device_ordinal(ctx.context(), ctx.eid())).map_err(in_allocator)?;
        let memory = MemoryPool::new(&device, max, threshold).map_err(in_allocator)?;
        let stream = Stream::new(&device, Stream::NON_BLOCKING, 0).map_err(in_allocator)?;
        // Reserve the initial size: allocate it once and give it back to the pool.
        // SAFETY: the pool's own live stream.
        let warm = unsafe { memory.allocate_async(initial, stream.raw()) }.map_err(in_allocator)?;
        // SAFETY: just allocated on this stream, used by nothing.
        unsafe { memory.free_async(warm, stream.raw()) }.map_err(in_allocator)?;
        stream.synchronize().map_err(in_allocator)?;
        *lock(&self.pool) = Some(Pool { memory, stream, outstanding: HashMap::new() });
        Ok(())
    }

    fn destroy_pool(&mut self, _ctx: &ComponentContext) -> Result<()> {
        let mut pool = lock(&self.pool);
        if let Some(p) = pool.as_ref() {
            if !p.outstanding.is_empty() {
                gxf_warn!(
                    "StreamOrderedAllocator '{}' deinitialized with {} allocation(s) still out; its pool is kept until exit",
                    self.name,
                    p.outstanding.len()
                );
                std::mem::forget(pool.take());
                return Ok(());
            }
        }
        *pool = None;
        Ok(())
    }

    fn with_pool<T>(&self, f: impl FnOnce(&mut Pool) -> Result<T>) -> Result<T> {
        match lock(&self.pool).as_mut() {
            Some(pool) => f(pool),
            None => fail(
                Code::GXF_INVALID_LIFECYCLE_STAGE,
                format!("StreamOrderedAllocator '{}' must be initialized before use", self.name),
            ),
        }
    }
}

impl CudaAllocatorComponent for StreamOrderedAllocator {
    fn allocate_async(&self, size: u64, stream: sys::CUstream) -> Result<*mut u8> {
        self.with_pool(|pool| {
            // SAFETY: the caller's stream (CudaAllocator's contract) or the pool's own.
            let pointer = unsafe { pool.memory.allocate_async(size, stream) }?;
            pool.outstanding.insert(pointer as usize, size);
            Ok(pointer)
        })
        .map_err(|e| e.context(format!("StreamOrderedAllocator '{}'", self.name)))
    }

    fn free_async(&self, pointer: *mut u8, stream: sys::CUstream) -> Result<()> {
        self.with_pool(|pool| {
            if pool.outstanding.remove(&(pointer as usize)).is_none() {
                return fail(
                    Code::GXF_ARGUMENT_INVALID,
                    format!("{pointer:p} was not allocated by StreamOrderedAllocator '{}'", self.name),
                );
            }
            // SAFETY: allocated by this pool and now released by its owner.
            unsafe { pool.memory.free_async(pointer, stream) }
        })?;
        self.context.notify(self.eid, Event::MemoryFree as i32);
        Ok(())
    }

    fn pool_size(&self, storage: i32) -> Result<u64> {
        match MemoryStorageType::from_raw(storage)? {
            MemoryStorageType::Device => self.with_pool(|pool| Ok(pool.memory.reserved())),
            other => fail(
                Code::GXF_ARGUMENT_INVALID,
                format!("StreamOrderedAllocator '{}' holds device memory only, not {other:?}", self.name),
            ),
        }
    }
}

impl Allocator for StreamOrderedAllocator {
    fn is_available(&self, size: u64) -> bool {
        // GXF's rule: what the pool has reserved and not handed out.
        self.with_pool(|pool| Ok(pool.memory.reserved().saturating_sub(pool.memory.used()) >= size)).unwrap_or(false)
    }

    fn allocate(&self, size: u64, storage: i32) -> Result<*mut u8> {
        if MemoryStorageType::from_raw(storage)? != MemoryStorageType::Device {
            return fail(
                Code::GXF_ARGUMENT_INVALID,
                format!(
                    "StreamOrderedAllocator '{}' serves device memory (1) only, not storage type {storage}",
                    self.name
                ),
            );
        }
        let stream = self.with_pool(|pool| Ok(pool.stream.raw()))?;
        let pointer = self.allocate_async(size, stream)?;
        self.with_pool(|pool| pool.stream.synchronize())?;
        Ok(pointer)
    }

    fn free(&self, ptr: *mut u8) -> Result<()> {
        let stream = self.with_pool(|pool| Ok(pool.stream.raw()))?;
        self.free_async(ptr, stream)?;
        self.with_pool(|pool| pool.stream.synchronize())
    }
}
