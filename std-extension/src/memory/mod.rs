//! Memory: the CPU allocators (`UnboundedAllocator`, `BlockMemoryPool`) and `TensorCopier`, which
//! moves tensors between storage types. Device storage is refused with
//! `GXF_MEMORY_INVALID_STORAGE_MODE`: it needs the CUDA extension.

mod block_memory_pool;
mod storage;
mod tensor_copier;
mod unbounded_allocator;

pub use block_memory_pool::BlockMemoryPool;
pub use tensor_copier::TensorCopier;
pub use unbounded_allocator::UnboundedAllocator;
