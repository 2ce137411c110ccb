//! A block of memory of any GXF storage type, as allocators hand them out.

use crate::device::{cuda_available, Device};
use crate::memory::{DeviceMemory, PinnedMemory};
use gxf_sdk::vocab::{HeapBlock, MemoryStorageType};
use gxf_sdk::Result;

/// One block of `Host`, `Device` or `System` memory, freed on drop.
///
/// `Host` memory is pinned (page-locked, as GXF's `cudaMallocHost`) when the process can use
/// CUDA, and ordinary heap memory on a machine without a GPU, so CPU graphs run anywhere.
pub enum StorageBlock {
    /// Heap memory (`System`, or `Host` without CUDA).
    Heap(HeapBlock),
    /// Pinned host memory.
    Pinned(PinnedMemory),
    /// Device memory.
    Device(DeviceMemory),
}

impl StorageBlock {
    /// Allocates `size` bytes (at least one) of `storage`; device and pinned memory come from
    /// GPU `ordinal` (errors name a missing driver or device).
    pub fn allocate(storage: MemoryStorageType, size: u64, ordinal: i32) -> Result<StorageBlock> {
        Ok(match storage {
            MemoryStorageType::System => StorageBlock::Heap(HeapBlock::new(size)?),
            MemoryStorageType::Host if !cuda_available() => StorageBlock::Heap(HeapBlock::new(size)?),
            MemoryStorageType::Host => StorageBlock::Pinned(PinnedMemory::new(&Device::get(ordinal)?, size)?),
            MemoryStorageType::Device => StorageBlock::Device(DeviceMemory::new(&Device::get(ordinal)?, size)?),
        })
    }

    /// The first byte (a device address for device memory).
    pub fn as_ptr(&self) -> *mut u8 {
        match self {
            StorageBlock::Heap(b) => b.as_ptr(),
            StorageBlock::Pinned(b) => b.as_ptr(),
            StorageBlock::Device(b) => b.as_ptr(),
        }
    }

    /// Size in bytes.
    pub fn size(&self) -> u64 {
        match self {
            StorageBlock::Heap(b) => b.size(),
            StorageBlock::Pinned(b) => b.size(),
            StorageBlock::Device(b) => b.size(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_memory_needs_no_gpu_and_device_memory_names_what_is_missing() {
        let block = StorageBlock::allocate(MemoryStorageType::System, 16, 0).unwrap();
        assert_eq!(block.size(), 16);
        assert!(matches!(block, StorageBlock::Heap(_)));
        match StorageBlock::allocate(MemoryStorageType::Device, 16, 0) {
            Ok(block) => assert!(cuda_available() && matches!(block, StorageBlock::Device(_))),
            Err(e) => {
                assert!(!cuda_available());
                assert!(e.message.contains("no CUDA driver") || e.message.contains("no CUDA device"), "{e}");
            }
        }
        let e = StorageBlock::allocate(MemoryStorageType::Device, 16, 4096).err().expect("no machine has 4097 GPUs");
        assert!(e.message.contains("no CUDA d"), "{e}");
    }
}
