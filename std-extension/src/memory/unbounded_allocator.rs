//! `UnboundedAllocator`: one block per request, never out of room.

use gxf_cuda_sdk::{entity_device_ordinal, StorageBlock};
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use gxf_sdk::vocab::MemoryStorageType;
use std::collections::HashMap;
use std::sync::Mutex;

/// `nvidia::gxf::UnboundedAllocator`: every request is a fresh block of the storage asked for
/// (device memory on the entity group's GPU); always available.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::UnboundedAllocator",
    uuid = "c3951b16-a01c-539f-d87e-1dc18d911ea0",
    kind = Allocator,
    description = "Allocator without limits: one block per request",
    initialize = Self::remember_owner
)]
pub struct UnboundedAllocator {
    blocks: Mutex<HashMap<usize, StorageBlock>>,
    name: String,
    device_ordinal: i32,
}

impl UnboundedAllocator {
    fn remember_owner(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.name = ctx.name();
        self.device_ordinal = entity_device_ordinal(ctx.context(), ctx.eid());
        Ok(())
    }
}

impl Allocator for UnboundedAllocator {
    fn is_available(&self, _size: u64) -> bool {
        true
    }

    fn allocate(&self, size: u64, storage: i32) -> Result<*mut u8> {
        let in_allocator = |e: Error| e.context(format!("allocator '{}'", self.name));
        let storage = MemoryStorageType::from_raw(storage).map_err(in_allocator)?;
        let block = StorageBlock::allocate(storage, size, self.device_ordinal).map_err(in_allocator)?;
        let ptr = block.as_ptr();
        lock(&self.blocks).insert(ptr as usize, block);
        Ok(ptr)
    }

    fn free(&self, ptr: *mut u8) -> Result<()> {
        match lock(&self.blocks).remove(&(ptr as usize)) {
            Some(_) => Ok(()),
            None => fail(
                Code::GXF_ARGUMENT_INVALID,
                format!("{ptr:p} was not allocated by allocator '{}' (or was already freed)", self.name),
            ),
        }
    }
}
