//! Memory owned through an allocator (`MemoryBuffer`) and the heap blocks CPU allocators hand out.

use super::primitive::MemoryStorageType;
use crate::api::{host, iface, Handle};
use crate::result::{Code, Error, Result};
use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::ffi::c_void;
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

/// How memory that a buffer wraps (rather than allocated) is released: `func(context)`, called
/// once, in the dylib that wrapped it (GXF's `wrapMemory` release callback).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ReleaseFn {
    /// The release function.
    pub func: unsafe extern "C" fn(context: *mut c_void),
    /// What it releases (an owner kept alive until then).
    pub context: *mut c_void,
}

/// A block of memory (GXF's `MemoryBuffer`): either obtained from an allocator component and
/// released only through that allocator's vtable, or wrapped with a [`ReleaseFn`]; released when
/// resized, freed or dropped.
#[repr(C)]
pub struct MemoryBuffer {
    pointer: *mut u8,
    size: u64,
    storage_type: MemoryStorageType,
    allocator: Option<Handle<iface::Allocator>>,
    release: Option<ReleaseFn>,
}

// SAFETY: the buffer exclusively owns its block; the allocator handle is Send + Sync.
unsafe impl Send for MemoryBuffer {}
unsafe impl Sync for MemoryBuffer {}

impl Default for MemoryBuffer {
    fn default() -> Self {
        MemoryBuffer {
            pointer: std::ptr::null_mut(),
            size: 0,
            storage_type: MemoryStorageType::Host,
            allocator: None,
            release: None,
        }
    }
}

impl MemoryBuffer {
    /// Frees the current block, then allocates `size` bytes of `storage_type` from `allocator`
    /// (the allocator decides which storage types it serves).
    pub fn resize(
        &mut self,
        allocator: Handle<iface::Allocator>,
        size: u64,
        storage_type: MemoryStorageType,
    ) -> Result<()> {
        self.free_buffer()?;
        let pointer = allocator.allocate(size, storage_type as i32).map_err(|e| {
            e.context(format!("allocating {size} bytes of {storage_type:?} memory from '{}'", allocator.name()))
        })?;
        *self = MemoryBuffer { pointer, size, storage_type, allocator: Some(allocator), release: None };
        Ok(())
    }

    /// Frees the current block, then takes `size` bytes at `pointer` that someone else owns;
    /// `release` runs when the buffer lets go of them (GXF's `wrapMemory`).
    pub fn wrap(
        &mut self,
        pointer: *mut u8,
        size: u64,
        storage_type: MemoryStorageType,
        release: ReleaseFn,
    ) -> Result<()> {
        self.free_buffer()?;
        *self = MemoryBuffer { pointer, size, storage_type, allocator: None, release: Some(release) };
        Ok(())
    }

    /// Returns the block to its allocator, or runs its release function (nothing to do when empty).
    pub fn free_buffer(&mut self) -> Result<()> {
        let pointer = std::mem::replace(&mut self.pointer, std::ptr::null_mut());
        self.size = 0;
        if let Some(release) = self.release.take() {
            // SAFETY: the wrapper's contract: `func(context)` releases the wrapped memory, once.
            unsafe { (release.func)(release.context) };
            return Ok(());
        }
        let Some(allocator) = self.allocator.take() else { return Ok(()) };
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
    fn wrapped_memory_is_released_once_when_replaced_or_dropped() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static RELEASED: AtomicUsize = AtomicUsize::new(0);
        unsafe extern "C" fn release(context: *mut c_void) {
            RELEASED.fetch_add(context as usize, Ordering::SeqCst);
        }
        let mut data = [1u8; 8];
        let mut buffer = MemoryBuffer::default();
        buffer
            .wrap(data.as_mut_ptr(), 8, MemoryStorageType::System, ReleaseFn { func: release, context: 1 as _ })
            .unwrap();
        assert_eq!(
            (buffer.pointer(), buffer.size(), buffer.storage_type()),
            (data.as_mut_ptr(), 8, MemoryStorageType::System)
        );
        assert!(buffer.allocator().is_none());
        buffer
            .wrap(data.as_mut_ptr(), 4, MemoryStorageType::Host, ReleaseFn { func: release, context: 10 as _ })
            .unwrap();
        assert_eq!(RELEASED.load(Ordering::SeqCst), 1, "the first wrap was released when replaced");
        drop(buffer);
        assert_eq!(RELEASED.load(Ordering::SeqCst), 11, "the second wrap was released on drop");
    }

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
