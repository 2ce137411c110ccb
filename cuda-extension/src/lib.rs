//! GXF's `CudaExtension` (`libgxf_cuda.so`): the CUDA components with GXF's names and uuids.
//! Built on `gxf-cuda-sdk`, which loads the driver on first use: the library loads on machines
//! without a GPU, and a graph that needs one fails at activation with one line saying why.

mod stream_ordered_allocator;
mod stream_pool;
mod stream_sync;
mod terms;

use gxf_cuda_sdk::types;
use gxf_sdk::prelude::*;

fn register(ext: &mut ExtensionBuilder) {
    ext.info(ExtensionMeta {
        name: "CudaExtension",
        uuid: types::EXTENSION_UUID,
        version: "2.6.0",
        description: "Cuda related components in GXF Core",
        author: "NVIDIA",
        license: "NVIDIA",
        display_name: "Cuda Extension",
        category: "Cuda",
        brief: "CUDA stream pools, events, allocators and scheduling terms",
    });
    ext.interface(types::CUDA_STREAM)
        .interface(types::CUDA_STREAM_ID)
        .interface(types::CUDA_EVENT)
        .interface(types::CUDA_BUFFER)
        .interface(types::CUDA_ALLOCATOR)
        .add::<stream_pool::CudaStreamPool>()
        .add::<stream_sync::CudaStreamSync>()
        .add::<terms::CudaStreamSchedulingTerm>()
        .add::<terms::CudaEventSchedulingTerm>()
        .add::<terms::CudaBufferAvailableSchedulingTerm>()
        .add::<stream_ordered_allocator::StreamOrderedAllocator>();
}

gxf_extension!(register);
