//! Memory: the allocators (`UnboundedAllocator`, `BlockMemoryPool`) of host, device and system
//! memory, and `TensorCopier`, which moves tensors between them. CUDA memory comes through
//! `gxf-cuda-sdk`; without a GPU, `Host` memory is ordinary heap memory and `Device` memory is
//! refused with one line naming the missing driver or device.

mod block_memory_pool;
mod tensor_copier;
mod unbounded_allocator;

pub use block_memory_pool::BlockMemoryPool;
pub use tensor_copier::TensorCopier;
pub use unbounded_allocator::UnboundedAllocator;
