//! gxf-cuda-sdk: CUDA for GXF extensions, built on `gxf-sdk` and nothing of the runtime.
//!
//! - [`driver`]: the CUDA driver, loaded on first use (`libcuda` through cudarc's dynamic
//!   loading), so extensions build without a toolkit and load without a driver; every failure is a
//!   GXF [`Error`](gxf_sdk::Error) that names the CUDA error and what was being done.
//! - [`device`]: a GPU by ordinal, bound to the calling thread before every driver call.
//! - [`memory`]: device and pinned host memory, copies in every direction, pointer kinds.
//! - [`stream`]: streams, events and host callbacks.
//! - [`memory_pool`]: stream-ordered memory pools.
//! - [`storage`]: a block of any GXF storage type (`Host` is pinned when CUDA is there).
//! - [`components`]: the CUDA message components (`CudaStream`, `CudaStreamId`, `CudaEvent`);
//!   [`buffer`]: `CudaBuffer`.
//! - [`interfaces`]: `CudaStreamPool` and `CudaAllocator`, called through handles.
//! - [`types`]: the CUDA extension's GXF identities.
//! - [`storage_size`]: GXF's "16MB" size strings, as CUDA allocators take them.
//!
//! Every extension that touches CUDA (std's allocators and TensorCopier, the CUDA extension, the
//! CUDA test extension, the Python codelet backend) uses this crate, so the process holds one
//! primary context per device and every dylib agrees on what CUDA memory is.

pub mod buffer;
pub mod components;
pub mod device;
pub mod driver;
pub mod interfaces;
pub mod memory;
pub mod memory_pool;
pub mod release;
pub mod storage;
pub mod storage_size;
pub mod stream;
pub mod types;

pub use buffer::{BufferState, CudaBuffer};
pub use components::{CudaEvent, CudaStream, CudaStreamId, StreamRef};
pub use device::Device;
pub use device::{cuda_available, entity_device_ordinal};
pub use interfaces::{CudaAllocator, CudaAllocatorHandle, CudaStreamPool, StreamPoolHandle};
pub use memory::{copy, copy_async, copy_bytes, pointer_location, DeviceMemory, Location, PinnedMemory};
pub use memory_pool::MemoryPool;
pub use storage::StorageBlock;
pub use storage_size::parse_storage_size;
pub use stream::{Event, Stream};

/// The raw driver API types (`CUstream`, `CUevent`, `CUdeviceptr`, ...), for FFI with libraries
/// such as cuBLAS or CuPy.
pub use cudarc::driver::sys;
