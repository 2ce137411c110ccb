//! `BlockMemoryPool`: a fixed number of fixed-size blocks carved from one region, allocated at
//! initialize.

use gxf_cuda_sdk::{entity_device_ordinal, StorageBlock};
use gxf_sdk::abi::events::Event;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use gxf_sdk::vocab::MemoryStorageType;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Most blocks in one pool (the bookkeeping takes 9 bytes per block besides the blocks).
pub const MAX_BLOCKS: i64 = 1 << 24;

/// Distance between block starts is a multiple of this, so every block is aligned as the region
/// is (device regions at 256 bytes, as cudaMalloc aligns), also when `block_size` is not a
/// multiple of an element size (GXF's YAMLs have `block_size: 16386`).
const BLOCK_ALIGNMENT: u64 = 256;

/// The memory of a block pool: one region, a stack of free block indices and who is out.
struct Region {
    memory: StorageBlock,
    block_size: u64,
    /// Distance between block starts: `block_size` rounded up to [`BLOCK_ALIGNMENT`].
    stride: u64,
    free: Vec<u64>,
    taken: Vec<bool>,
}

impl Region {
    fn new(storage: MemoryStorageType, device_ordinal: i32, block_size: u64, num_blocks: u64) -> Result<Region> {
        let stride = block_size.checked_next_multiple_of(BLOCK_ALIGNMENT);
        let stride_and_total = stride.and_then(|stride| Some((stride, stride.checked_mul(num_blocks)?)));
        let (stride, total) = stride_and_total.ok_or_else(|| {
            Error::new(Code::GXF_OUT_OF_MEMORY, format!("{num_blocks} blocks of {block_size} bytes are too many"))
        })?;
        let too_many = || Error::new(Code::GXF_OUT_OF_MEMORY, format!("{num_blocks} blocks are too many"));
        let count = usize::try_from(num_blocks).map_err(|_| too_many())?;
        let memory = StorageBlock::allocate(storage, total, device_ordinal)?;
        let (mut free, mut taken) = (Vec::new(), Vec::new());
        free.try_reserve_exact(count).map_err(|_| too_many())?;
        taken.try_reserve_exact(count).map_err(|_| too_many())?;
        free.extend((0..num_blocks).rev());
        taken.resize(count, false);
        Ok(Region { memory, block_size, stride, free, taken })
    }

    fn outstanding(&self) -> usize {
        self.taken.len() - self.free.len()
    }

    /// Whether `size` bytes fit into the free blocks together (GXF's rule, not one block).
    fn is_available(&self, size: u64) -> bool {
        size <= self.block_size.saturating_mul(self.free.len() as u64)
    }

    fn allocate(&mut self) -> Option<*mut u8> {
        let index = self.free.pop()?;
        self.taken[index as usize] = true;
        // index < num_blocks, so the block lies inside the region (a device address for device
        // memory, hence address arithmetic rather than a host pointer offset).
        Some(self.memory.as_ptr().wrapping_add((index * self.stride) as usize))
    }

    fn free(&mut self, ptr: *mut u8) -> Result<()> {
        let base = self.memory.as_ptr() as usize;
        let delta = (ptr as usize).checked_sub(base).map(|d| d as u64);
        let index = delta.map(|d| d / self.stride).filter(|&i| i < self.taken.len() as u64);
        let (Some(delta), Some(index)) = (delta, index) else {
            return fail(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("{ptr:p} is not part of the pool"));
        };
        if index * self.stride != delta {
            return fail(Code::GXF_ARGUMENT_INVALID, format!("{ptr:p} is not the start of a block"));
        }
        if !std::mem::replace(&mut self.taken[index as usize], false) {
            return fail(Code::GXF_ARGUMENT_INVALID, format!("block {index} at {ptr:p} is not allocated"));
        }
        self.free.push(index);
        Ok(())
    }
}

/// `nvidia::gxf::BlockMemoryPool`: `num_blocks` blocks of `block_size` bytes, allocated once at
/// initialize (device memory on the entity group's GPU for `kDevice`). Every request takes a whole
/// block; freed blocks are reused.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::BlockMemoryPool",
    uuid = "92b627a3-5dd3-4c3c-976c-4700e8a3b96a",
    kind = Allocator,
    description = "A fixed number of fixed-size memory blocks",
    initialize = Self::allocate_region,
    deinitialize = Self::release_region
)]
pub struct BlockMemoryPool {
    /// The memory storage type used by this allocator: kHost (0), kDevice (1) or kSystem (2)
    #[param(headline = "Storage type", default = 0i32)]
    storage_type: i32,
    /// The size of one block of memory in bytes; smaller requests still take a full block
    #[param(headline = "Block size")]
    block_size: u64,
    /// The total number of blocks allocated by the pool
    #[param(headline = "Number of blocks", max = MAX_BLOCKS)]
    num_blocks: u64,
    region: Mutex<Option<Region>>,
    initialized: AtomicBool,
    name: String,
    context: ContextRef,
    eid: i64,
}

impl BlockMemoryPool {
    fn region(&self) -> MutexGuard<'_, Option<Region>> {
        lock(&self.region)
    }

    fn allocate_region(&mut self, ctx: &ComponentContext) -> Result<()> {
        let context = |e: Error| e.context(format!("BlockMemoryPool '{}'", ctx.name()));
        let storage = MemoryStorageType::from_raw(self.storage_type).map_err(context)?;
        if self.block_size == 0 {
            return Err(context(Error::new(Code::GXF_PARAMETER_OUT_OF_RANGE, "block_size must be positive")));
        }
        let device_ordinal = entity_device_ordinal(ctx.context(), ctx.eid());
        let region = Region::new(storage, device_ordinal, self.block_size, self.num_blocks).map_err(context)?;
        *self.region() = Some(region);
        (self.name, self.context, self.eid) = (ctx.name(), ctx.context(), ctx.eid());
        self.initialized.store(true, Ordering::Release);
        Ok(())
    }

    fn release_region(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.initialized.store(false, Ordering::Release);
        let mut region = self.region();
        match region.as_ref().map(Region::outstanding) {
            Some(0) | None => *region = None,
            Some(n) => gxf_warn!(
                "BlockMemoryPool '{}' deinitialized with {n} block(s) still in use; its memory is kept until they are freed",
                self.name
            ),
        }
        Ok(())
    }
}

impl Allocator for BlockMemoryPool {
    fn is_available(&self, size: u64) -> bool {
        self.initialized.load(Ordering::Acquire) && self.region().as_ref().is_some_and(|r| r.is_available(size))
    }

    fn allocate(&self, size: u64, storage: i32) -> Result<*mut u8> {
        if !self.initialized.load(Ordering::Acquire) {
            return fail(
                Code::GXF_INVALID_LIFECYCLE_STAGE,
                format!("BlockMemoryPool '{}' must be initialized before allocating", self.name),
            );
        }
        if storage != self.storage_type {
            return fail(
                Code::GXF_ARGUMENT_INVALID,
                format!("BlockMemoryPool '{}' serves storage type {}, not {storage}", self.name, self.storage_type),
            );
        }
        if size > self.block_size {
            gxf_error!("Requested {size} bytes of memory in a pool with block size {}", self.block_size);
            return fail(
                Code::GXF_ARGUMENT_INVALID,
                format!("BlockMemoryPool '{}': {size} bytes exceed the block size {}", self.name, self.block_size),
            );
        }
        let mut region = self.region();
        let block = region.as_mut().and_then(Region::allocate);
        block.ok_or_else(|| {
            gxf_error!("Too many chunks allocated, memory of size {size} not available");
            Error::new(
                Code::GXF_EXCEEDING_PREALLOCATED_SIZE,
                format!("BlockMemoryPool '{}': all blocks are in use", self.name),
            )
        })
    }

    fn free(&self, ptr: *mut u8) -> Result<()> {
        match self.region().as_mut() {
            Some(region) => region.free(ptr).map_err(|e| e.context(format!("BlockMemoryPool '{}'", self.name)))?,
            None => {
                return fail(
                    Code::GXF_CONTRACT_INVALID_SEQUENCE,
                    format!("BlockMemoryPool '{}' has no memory (not initialized)", self.name),
                )
            }
        }
        if self.initialized.load(Ordering::Acquire) {
            self.context.notify(self.eid, Event::MemoryFree as i32);
        }
        Ok(())
    }

    fn block_size(&self) -> u64 {
        self.block_size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_handed_out_whole_and_recycled() {
        let mut r = Region::new(MemoryStorageType::System, 0, 96, 3).unwrap();
        assert!(r.is_available(288) && !r.is_available(289));
        let a = r.allocate().unwrap();
        let b = r.allocate().unwrap();
        assert_eq!(b as usize - a as usize, 256, "blocks are 256 bytes apart");
        assert!([a, b].iter().all(|&p| (p as usize).is_multiple_of(gxf_sdk::vocab::HEAP_ALIGN)));
        assert!(r.allocate().is_some() && r.allocate().is_none());
        assert_eq!(r.outstanding(), 3);
        r.free(b).unwrap();
        assert_eq!(r.allocate(), Some(b));
        r.free(a).unwrap();
        assert!(r.is_available(96) && !r.is_available(97));
    }

    #[test]
    fn bad_frees_are_errors() {
        let mut r = Region::new(MemoryStorageType::System, 0, 16, 2).unwrap();
        let a = r.allocate().unwrap();
        let code = |p: *mut u8, r: &mut Region| r.free(p).unwrap_err().code;
        assert_eq!(code(a.wrapping_add(16), &mut r), Code::GXF_ARGUMENT_INVALID, "inside a block's padding");
        assert_eq!(code(a.wrapping_add(512), &mut r), Code::GXF_ARGUMENT_OUT_OF_RANGE);
        assert_eq!(code(a.wrapping_sub(1), &mut r), Code::GXF_ARGUMENT_OUT_OF_RANGE);
        assert_eq!(code(a.wrapping_add(256), &mut r), Code::GXF_ARGUMENT_INVALID, "never allocated");
        r.free(a).unwrap();
        assert_eq!(code(a, &mut r), Code::GXF_ARGUMENT_INVALID, "double free");
    }
}
