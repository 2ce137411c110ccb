//! The CUDA extension's identities (GXF's `CudaExtension` type names and uuids), each named once.

use gxf_sdk::abi::types::{TypeInfo, ALLOCATOR, CODELET, SCHEDULING_TERM};

/// The extension: `CudaExtension`, GXF's uuid.
pub const EXTENSION_UUID: &str = "d63a98fa-7882-11eb-a917-b38f664f399c";

/// `nvidia::gxf::CudaStream`: a stream, living in a stream entity that a pool hands out.
pub const CUDA_STREAM: TypeInfo =
    TypeInfo::new("nvidia::gxf::CudaStream", "5683d692-7884-11eb-9338-c3be62d576be", "", "A CUDA stream");
/// `nvidia::gxf::CudaStreamId`: names the stream a message's work was queued on.
pub const CUDA_STREAM_ID: TypeInfo = TypeInfo::new(
    "nvidia::gxf::CudaStreamId",
    "7982aeac-37f1-41be-ade8-6f00b4b5d47c",
    "",
    "The CUDA stream of a message",
);
/// `nvidia::gxf::CudaEvent`: a CUDA event in a message.
pub const CUDA_EVENT: TypeInfo =
    TypeInfo::new("nvidia::gxf::CudaEvent", "f5388d5c-a709-47e7-86c4-171779bc64f3", "", "A CUDA event");
/// `nvidia::gxf::CudaBuffer`: device memory filled asynchronously on a stream.
pub const CUDA_BUFFER: TypeInfo = TypeInfo::new(
    "nvidia::gxf::CudaBuffer",
    "3b109830-5f1e-11ef-8393-c336b6b55546",
    "",
    "Device memory allocated and filled on a CUDA stream",
);
/// `nvidia::gxf::CudaStreamPool`: an allocator of streams.
pub const CUDA_STREAM_POOL: TypeInfo = TypeInfo::new(
    "nvidia::gxf::CudaStreamPool",
    "6733bf8b-ba5e-4fae-b596-af2d1269d0e7",
    ALLOCATOR.name,
    "A pool of CUDA streams",
);
/// `nvidia::gxf::CudaAllocator`: an allocator with stream-ordered allocation.
pub const CUDA_ALLOCATOR: TypeInfo = TypeInfo::new(
    "nvidia::gxf::CudaAllocator",
    "04f22de6-5f1d-11ef-9c8a-373b588897af",
    ALLOCATOR.name,
    "Allocator of device memory ordered on CUDA streams",
);
/// `nvidia::gxf::StreamOrderedAllocator`.
pub const STREAM_ORDERED_ALLOCATOR: TypeInfo = TypeInfo::new(
    "nvidia::gxf::StreamOrderedAllocator",
    "63d1d168-13d7-11ef-931a-0be4a6378384",
    CUDA_ALLOCATOR.name,
    "Device memory from a CUDA stream-ordered memory pool",
);
/// `nvidia::gxf::CudaStreamSync`.
pub const CUDA_STREAM_SYNC: TypeInfo = TypeInfo::new(
    "nvidia::gxf::CudaStreamSync",
    "0d1d8142-6648-485d-97d5-277eed00129c",
    CODELET.name,
    "Waits for the CUDA streams of each message, then forwards it",
);
/// `nvidia::gxf::CudaStreamSchedulingTerm`.
pub const CUDA_STREAM_SCHEDULING_TERM: TypeInfo = TypeInfo::new(
    "nvidia::gxf::CudaStreamSchedulingTerm",
    "7397a4aa-a4e9-4b6c-8506-64d7c18c17ae",
    SCHEDULING_TERM.name,
    "Ready when the work on the next message's CUDA stream is done",
);
/// `nvidia::gxf::CudaEventSchedulingTerm`.
pub const CUDA_EVENT_SCHEDULING_TERM: TypeInfo = TypeInfo::new(
    "nvidia::gxf::CudaEventSchedulingTerm",
    "c2122c2d-0745-4260-b110-514c3f4e82f9",
    SCHEDULING_TERM.name,
    "Ready when a named CUDA event of the next message has completed",
);
/// `nvidia::gxf::CudaBufferAvailableSchedulingTerm`.
pub const CUDA_BUFFER_AVAILABLE_SCHEDULING_TERM: TypeInfo = TypeInfo::new(
    "nvidia::gxf::CudaBufferAvailableSchedulingTerm",
    "edab61b6-5f76-11ef-ba73-cfbc18c46142",
    SCHEDULING_TERM.name,
    "Ready when the next message's CudaBuffer has been filled",
);
