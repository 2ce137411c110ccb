//! Memory owned through an allocator (`MemoryBuffer`) and the heap blocks CPU allocators hand out.

use super::primitive::MemoryStorageType;
use crate::api::{host, iface, Handle};
use crate::result::{Code, Error, Result};
use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::ptr::NonNull;

/// Alignment of [`HeapBlock`]s: every primitive type, and a cache line.
pub const HEAP_ALIGN: usize = 64;

/// An owned, zero-initialised, [`HEAP_ALIGN`]-aligned block of heap memory: what CPU allocators
/// serve `Host` and `System` storage from while there is no CUDA extension.
pub struct HeapBlock {
    ptr: NonNull<u8>,
    layout: Layout,
}

// SAFETY: the block is plain owned memory; access to its bytes is synchronised by its users.
unsafe impl Send for HeapBlock {}
unsafe impl Sync for HeapBlock {}

impl HeapBlock {
    /// Allocates `size` bytes (at least one); `GXF_OUT_OF_MEMORY` when the heap refuses.
    pub fn new(size: u64) -> Result<HeapBlock> {
        let out_of_memory = || Error::new(Code::GXF_OUT_OF_MEMORY, format!("cannot allocate {size} bytes"));
        let bytes = usize::try_from(size.max(1)).map_err(|_| out_of_memory())?;
        let layout = Layout::from_size_align(bytes, HEAP_ALIGN).map_err(|_| out_of_memory())?;
        // SAFETY: the layout has a non-zero size.
        let ptr = NonNull::new(unsafe { alloc_zeroed(layout) }).ok_or_else(out_of_memory)?;
        Ok(HeapBlock { ptr, layout })
    }

    /// The first byte.
    pub fn as_ptr(&self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    /// Size in bytes.
    pub fn size(&self) -> u64 {
        self.layout.size() as u64
    }
}

impl Drop for HeapBlock {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout.
        unsafe { dealloc(self.ptr.as_ptr(), self.layout) }
    }
}

/// A block of memory obtained from an allocator component (GXF's `MemoryBuffer`): released
/// only through that allocator's vtable, when resized, freed or dropped.
#[repr(C)]
pub struct MemoryBuffer {
    pointer: *mut u8,
    size: u64,
    storage_type: MemoryStorageType,
    allocator: Option<Handle<iface::Allocator>>,
}

// SAFETY: the buffer exclusively owns its block; the allocator handle is Send + Sync.
unsafe impl Send for MemoryBuffer {}
unsafe impl Sync for MemoryBuffer {}

impl Default for MemoryBuffer {
    fn default() -> Self {
        MemoryBuffer { pointer: std::ptr::null_mut(), size: 0, storage_type: MemoryStorageType::Host, allocator: None }
    }
}

impl MemoryBuffer {
    /// Frees the current block, then allocates `size` bytes of `storage_type` from `allocator`.
    /// `Device` storage is refused (`GXF_MEMORY_INVALID_STORAGE_MODE`) until the CUDA extension.
    pub fn resize(
        &mut self,
        allocator: Handle<iface::Allocator>,
        size: u64,
        storage_type: MemoryStorageType,
    ) -> Result<()> {
        self.free_buffer()?;
        storage_type.require_cpu()?;
        let pointer = allocator.allocate(size, storage_type as i32).map_err(|e| {
            e.context(format!("allocating {size} bytes of {storage_type:?} memory from '{}'", allocator.name()))
        })?;
        *self = MemoryBuffer { pointer, size, storage_type, allocator: Some(allocator) };
        Ok(())
    }

    /// Returns the block to its allocator (nothing to do when empty).
    pub fn free_buffer(&mut self) -> Result<()> {
        let Some(allocator) = self.allocator.take() else { return Ok(()) };
        let pointer = std::mem::replace(&mut self.pointer, std::ptr::null_mut());
        self.size = 0;
        allocator.free(pointer)
    }

    /// The first byte (null when empty).
    pub fn pointer(&self) -> *mut u8 {
        self.pointer
    }

    /// Size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Where the block lives.
    pub fn storage_type(&self) -> MemoryStorageType {
        self.storage_type
    }

    /// The allocator the block came from.
    pub fn allocator(&self) -> Option<Handle<iface::Allocator>> {
        self.allocator
    }
}

impl Drop for MemoryBuffer {
    fn drop(&mut self) {
        let owner = self.allocator.map(|a| a.cid());
        if let Err(e) = self.free_buffer() {
            if host::is_installed() {
                crate::gxf_warn!("memory could not be returned to allocator {owner:?}: {e}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heap_blocks_are_aligned_zeroed_and_at_least_one_byte() {
        let block = HeapBlock::new(0).unwrap();
        assert_eq!(block.size(), 1);
        let block = HeapBlock::new(100).unwrap();
        assert_eq!(block.as_ptr() as usize % HEAP_ALIGN, 0);
        // SAFETY: 100 initialised bytes.
        assert!(unsafe { std::slice::from_raw_parts(block.as_ptr(), 100) }.iter().all(|&b| b == 0));
        assert_eq!(HeapBlock::new(u64::MAX).err().map(|e| e.code), Some(Code::GXF_OUT_OF_MEMORY));
    }
}
