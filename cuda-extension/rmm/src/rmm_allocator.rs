//! `nvidia::gxf::RMMAllocator`: `Device` memory from a stream-ordered pool and `Host` memory
//! pinned, each pool bounded by its maximum size; `System` memory is refused, as in GXF.

use gxf_cuda_sdk::interfaces::{cuda_allocator_query, CudaAllocatorComponent};
use gxf_cuda_sdk::types::CUDA_ALLOCATOR;
use gxf_cuda_sdk::{entity_device_ordinal, parse_storage_size, sys, Device, MemoryPool, PinnedMemory, Stream};
use gxf_sdk::abi::events::Event;
use gxf_sdk::abi::types::TypeInfo;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use gxf_sdk::vocab::MemoryStorageType;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// `nvidia::gxf::RMMAllocator`'s identity (GXF's uuid).
const RMM_ALLOCATOR: TypeInfo = TypeInfo::new(
    "nvidia::gxf::RMMAllocator",
    "5a8ac4c2-1f83-11ef-8859-d710d3299dfa",
    CUDA_ALLOCATOR.name,
    "Allocator based on RMM Memory Pools",
);

/// GXF's default pool sizes (x86-64).
const DEFAULT_INITIAL: &str = "16MB";
const DEFAULT_MAX: &str = "32MB";

/// One outstanding allocation.
enum Block {
    /// From the device pool.
    Device,
    /// Pinned host memory.
    Host(PinnedMemory),
}

/// The pools, present between initialize and deinitialize.
struct Pools {
    device: MemoryPool,
    host_device: Device,
    /// For synchronous device allocations.
    stream: Stream,
    host_max: u64,
    host_used: u64,
    outstanding: HashMap<usize, Block>,
}

/// `nvidia::gxf::RMMAllocator`.
#[derive(Default, Component)]
#[gxf(
    info = RMM_ALLOCATOR,
    kind = Allocator,
    initialize = Self::create_pools,
    deinitialize = Self::destroy_pools,
    query = cuda_allocator_query::<Self>
)]
pub struct RmmAllocator {
    /// The initial memory pool size used by this device (B, KB, MB, GB, TB)
    #[param(headline = "Device Memory Pool Initial Size", default = "16MB")]
    device_memory_initial_size: String,
    /// The max memory pool size used by this device (B, KB, MB, GB, TB)
    #[param(headline = "Device Memory Pool Maximum Size", default = "32MB")]
    device_memory_max_size: String,
    /// The initial memory pool size used by this host (B, KB, MB, GB, TB)
    #[param(headline = "Host Memory Pool Initial Size", default = "16MB")]
    host_memory_initial_size: String,
    /// The max memory pool size used by this host (B, KB, MB, GB, TB)
    #[param(headline = "Host Memory Pool Maximum Size", default = "32MB")]
    host_memory_max_size: String,
    pools: Mutex<Option<Pools>>,
    warned_is_available: AtomicBool,
    name: String,
    context: ContextRef,
    eid: i64,
}

/// GXF's rule for a pool's maximum: twice the initial size when only the initial size was
/// customised, else the maximum given.
fn pool_max(initial_text: &str, max_text: &str, initial: u64, max: u64) -> u64 {
    if initial_text != DEFAULT_INITIAL && max_text == DEFAULT_MAX {
        initial.saturating_mul(2)
    } else {
        max
    }
}

impl RmmAllocator {
    fn create_pools(&mut self, ctx: &ComponentContext) -> Result<()> {
        (self.name, self.context, self.eid) =
            (format!("{}/{}", ctx.entity_name(), ctx.name()), ctx.context(), ctx.eid());
        let in_allocator = |e: Error| e.context(format!("RMMAllocator '{}'", self.name));
        let size = |key: &str, text: &str| parse_storage_size(text).map_err(|e| in_allocator(e.context(key)));
        let device_initial = size("device_memory_initial_size", &self.device_memory_initial_size)?;
        let device_max = size("device_memory_max_size", &self.device_memory_max_size)?;
        let host_initial = size("host_memory_initial_size", &self.host_memory_initial_size)?;
        let host_max = size("host_memory_max_size", &self.host_memory_max_size)?;
        let device_max =
            pool_max(&self.device_memory_initial_size, &self.device_memory_max_size, device_initial, device_max);
        let host_max = pool_max(&self.host_memory_initial_size, &self.host_memory_max_size, host_initial, host_max);
        let device = Device::get(entity_device_ordinal(ctx.context(), ctx.eid())).map_err(in_allocator)?;
        // Unused device memory stays in the pool up to its initial size.
        let pool = MemoryPool::new(&device, device_max, device_initial).map_err(in_allocator)?;
        let stream = Stream::new(&device, Stream::NON_BLOCKING, 0).map_err(in_allocator)?;
        *lock(&self.pools) = Some(Pools {
            device: pool,
            host_device: device,
            stream,
            host_max,
            host_used: 0,
            outstanding: HashMap::new(),
        });
        Ok(())
    }

    fn destroy_pools(&mut self, _ctx: &ComponentContext) -> Result<()> {
        let mut pools = lock(&self.pools);
        if pools.as_ref().is_some_and(|p| !p.outstanding.is_empty()) {
            gxf_warn!("RMMAllocator pool {} still has unreleased memory; it is kept until exit", self.name);
            std::mem::forget(pools.take());
        }
        *pools = None;
        Ok(())
    }

    fn with_pools<T>(&self, f: impl FnOnce(&mut Pools) -> Result<T>) -> Result<T> {
        match lock(&self.pools).as_mut() {
            Some(pools) => f(pools),
            None => fail(
                Code::GXF_INVALID_LIFECYCLE_STAGE,
                format!("RMMAllocator '{}' must be initialized before use", self.name),
            ),
        }
    }

    fn allocate_device(&self, size: u64, stream: sys::CUstream) -> Result<*mut u8> {
        self.with_pools(|pools| {
            // SAFETY: the caller's stream (CudaAllocator's contract) or the pool's own.
            let pointer = unsafe { pools.device.allocate_async(size, stream) }?;
            pools.outstanding.insert(pointer as usize, Block::Device);
            Ok(pointer)
        })
        .map_err(|e| e.context(format!("RMMAllocator '{}'", self.name)))
    }

    fn allocate_host(&self, size: u64) -> Result<*mut u8> {
        self.with_pools(|pools| {
            if pools.host_used.saturating_add(size) > pools.host_max {
                return fail(
                    Code::GXF_OUT_OF_MEMORY,
                    format!(
                        "RMMAllocator '{}': {size} more bytes of host memory exceed the pool's maximum of {} bytes ({} in use)",
                        self.name, pools.host_max, pools.host_used
                    ),
                );
            }
            let block = PinnedMemory::new(&pools.host_device, size)?;
            let pointer = block.as_ptr();
            pools.host_used += size;
            pools.outstanding.insert(pointer as usize, Block::Host(block));
            Ok(pointer)
        })
    }

    /// Frees a block; device blocks in the order of `stream` (the pool's own, synchronised,
    /// when none is given).
    fn free_block(&self, pointer: *mut u8, stream: Option<sys::CUstream>) -> Result<()> {
        self.with_pools(|pools| {
            let block = pools.outstanding.remove(&(pointer as usize)).ok_or_else(|| {
                Error::new(
                    Code::GXF_FAILURE,
                    format!("{pointer:p} is not defined within the memory pool of RMMAllocator '{}'", self.name),
                )
            })?;
            match block {
                Block::Host(memory) => {
                    pools.host_used -= memory.size().min(pools.host_used);
                    Ok(())
                }
                Block::Device => {
                    let own = pools.stream.raw();
                    // SAFETY: allocated by this pool and now released by its owner.
                    unsafe { pools.device.free_async(pointer, stream.unwrap_or(own)) }?;
                    match stream {
                        Some(_) => Ok(()),
                        None => pools.stream.synchronize(),
                    }
                }
            }
        })?;
        self.context.notify(self.eid, Event::MemoryFree as i32);
        Ok(())
    }
}

impl CudaAllocatorComponent for RmmAllocator {
    fn allocate_async(&self, size: u64, stream: sys::CUstream) -> Result<*mut u8> {
        self.allocate_device(size, stream)
    }

    fn free_async(&self, ptr: *mut u8, stream: sys::CUstream) -> Result<()> {
        self.free_block(ptr, Some(stream))
    }

    fn pool_size(&self, storage: i32) -> Result<u64> {
        match MemoryStorageType::from_raw(storage)? {
            MemoryStorageType::Device => self.with_pools(|pools| Ok(pools.device.reserved())),
            MemoryStorageType::Host => self.with_pools(|pools| Ok(pools.host_used)),
            MemoryStorageType::System => fail(
                Code::GXF_ARGUMENT_INVALID,
                format!("The storage type provided is not supported in RMM Component '{}'", self.name),
            ),
        }
    }
}

impl Allocator for RmmAllocator {
    fn is_available(&self, _size: u64) -> bool {
        // GXF's RMMAllocator answers yes (after a warning) whenever it is initialized.
        if !self.warned_is_available.swap(true, Ordering::Relaxed) {
            gxf_warn!(
                "RMMAllocator '{}': is_available cannot tell which storage type is meant; answering yes",
                self.name
            );
        }
        lock(&self.pools).is_some()
    }

    fn allocate(&self, size: u64, storage: i32) -> Result<*mut u8> {
        match MemoryStorageType::from_raw(storage)? {
            MemoryStorageType::Device => {
                let pointer = self.allocate_device(size, self.with_pools(|pools| Ok(pools.stream.raw()))?)?;
                self.with_pools(|pools| pools.stream.synchronize())?;
                Ok(pointer)
            }
            MemoryStorageType::Host => self.allocate_host(size),
            MemoryStorageType::System => fail(
                Code::GXF_ARGUMENT_INVALID,
                format!("The storage type provided is not supported in RMM Component '{}'", self.name),
            ),
        }
    }

    fn free(&self, ptr: *mut u8) -> Result<()> {
        self.free_block(ptr, None)
    }
}
