//! GXF's `RMMExtension` (`libgxf_rmm.so`): `RMMAllocator`, device memory from a CUDA
//! stream-ordered pool and pinned host memory, each bounded by a maximum pool size. GXF builds it
//! on RAPIDS' RMM; this one uses CUDA's own stream-ordered pool allocator, which RMM's
//! `cuda_async_memory_resource` wraps too.

mod rmm_allocator;

use gxf_sdk::prelude::*;

fn register(ext: &mut ExtensionBuilder) {
    ext.info(ExtensionMeta {
        name: "RMMExtension",
        uuid: "45fa2002-1f83-11ef-a380-ef5f83754f84",
        version: "0.0.1",
        description: "RMM related components in Gxf Core",
        author: "Nvidia_Gxf",
        license: "NVIDIA",
        display_name: "RMM Extension",
        category: "RMM",
        brief: "GXF RMM Extension",
    });
    ext.add::<rmm_allocator::RmmAllocator>();
}

gxf_extension!(register);
