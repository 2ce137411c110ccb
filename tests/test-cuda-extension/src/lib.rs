//! GXF's `TestCudaExtension` (`libgxf_test_cuda.so`, `nvidia::gxf::test::cuda::*`): the codelets
//! of GXF's CUDA test apps. Stream-based dot products (a tensor generator, cuBLAS and CPU dot
//! products, an asynchronous copy to the host and the final comparison) and CudaBuffer
//! pipelines (an asynchronous buffer generator, a 2D convolution and the receiving check).
//!
//! Built on `gxf-cuda-sdk`: the CUDA driver, cuBLAS and NVRTC are loaded on first use, so the
//! library loads on machines without a GPU, and a graph using it fails at activation with one
//! line saying why.

mod buffers;
mod convolution_kernel;
mod convolve;
mod cublas;
mod dot_products;
mod in_flight;
mod memcpy;
mod ops;
mod stream_tensors;
mod verify;

use gxf_sdk::prelude::*;

fn register(ext: &mut ExtensionBuilder) {
    ext.info(ExtensionMeta {
        name: "TestCudaExtension",
        uuid: "469d9214-46a5-431a-b7b5-9e598d9fc1db",
        version: "1.6.0",
        description: "Testing Cuda related components",
        author: "Nvidia_Gxf",
        license: "NVIDIA",
        display_name: "Test Cuda Extension",
        category: "Cuda",
        brief: "GXF Cuda Test Extension",
    });
    ext.interface(ops::STREAM_BASED_OPS)
        .add::<stream_tensors::StreamTensorGenerator>()
        .add::<dot_products::CublasDotProduct>()
        .add::<dot_products::HostDotProduct>()
        .add::<memcpy::MemCpy2Host>()
        .add::<verify::VerifyEqual>()
        .add::<buffers::CudaAsyncBufferGenerator>()
        .add::<convolve::Convolve2D>()
        .add::<buffers::CudaBufferRx>();
}

gxf_extension!(register);

#[cfg(test)]
mod tests {
    use super::*;
    use gxf_sdk::abi::types::{TypeInfo, CODELET};

    /// Each uuid matches the `(hash1, hash2)` words of GXF's `cuda/tests/test_cuda_ext.cpp`, and
    /// each base is GXF's.
    #[test]
    fn identities_match_gxf_factory() {
        let ops = ops::STREAM_BASED_OPS.name;
        let types: [(TypeInfo, u64, u64, &str); 9] = [
            (ops::STREAM_BASED_OPS, 0x638a175249f04a31, 0x821781ce387896db, CODELET.name),
            (stream_tensors::StreamTensorGenerator::TYPE, 0x3a5f0f097bcf49c3, 0xa5437e488fa251f7, ops),
            (dot_products::CublasDotProduct::TYPE, 0xfbe004939d8d4b4e, 0x9d85e9fddee218be, ops),
            (dot_products::HostDotProduct::TYPE, 0xd877d6f9b72e414b, 0x8e9c52a5aa0bcc1c, CODELET.name),
            (memcpy::MemCpy2Host::TYPE, 0x4286872912cd4cae, 0xb0ea83d18715d774, ops),
            (verify::VerifyEqual::TYPE, 0xe578e5bd15434de4, 0x8ed625fd24354ac0, CODELET.name),
            (buffers::CudaAsyncBufferGenerator::TYPE, 0x293190785f1a11ef, 0xa3d097895e79aba6, CODELET.name),
            (convolve::Convolve2D::TYPE, 0x4f2240205f1a11ef, 0xa0be4fd9265eca79, CODELET.name),
            (buffers::CudaBufferRx::TYPE, 0x7468fe005f7e11ef, 0xbd4d2ba0f2a6467a, CODELET.name),
        ];
        for (info, hash1, hash2, base) in types {
            assert_eq!(info.tid, Tid { hash1, hash2 }, "{}", info.name);
            assert_eq!(info.base, base, "{}", info.name);
            assert!(info.name.starts_with("nvidia::gxf::test::cuda::"), "{}", info.name);
        }
        assert_eq!(
            Tid::parse("469d9214-46a5-431a-b7b5-9e598d9fc1db"),
            Some(Tid { hash1: 0x469d921446a5431a, hash2: 0xb7b59e598d9fc1db })
        );
    }
}
