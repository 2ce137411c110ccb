//! `UnboundedAllocator`: one heap block per request, never out of room.

use super::storage::cpu_storage;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use gxf_sdk::vocab::HeapBlock;
use std::collections::HashMap;
use std::sync::Mutex;

/// `nvidia::gxf::UnboundedAllocator`: every request is a fresh heap block; always available.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::UnboundedAllocator",
    uuid = "c3951b16-a01c-539f-d87e-1dc18d911ea0",
    kind = Allocator,
    description = "Allocator without limits: one heap block per request",
    initialize = Self::remember_name
)]
pub struct UnboundedAllocator {
    blocks: Mutex<HashMap<usize, HeapBlock>>,
    name: String,
}

impl UnboundedAllocator {
    fn remember_name(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.name = ctx.name();
        Ok(())
    }
}

impl Allocator for UnboundedAllocator {
    fn is_available(&self, _size: u64) -> bool {
        true
    }

    fn allocate(&self, size: u64, storage: i32) -> Result<*mut u8> {
        cpu_storage(storage).map_err(|e| e.context(format!("allocator '{}'", self.name)))?;
        let block = HeapBlock::new(size)?;
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
