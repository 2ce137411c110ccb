//! The shared vocabulary types every extension agrees on (defined once, here): message timing,
//! lite primitives, and tensors with their shapes, element types and allocator-owned memory.
//!
//! Message components defined here have one layout for every dylib built against this crate, so
//! a tensor added by one extension can be read by another and dropped by the one that added it.

mod memory;
mod primitive;
mod shape;
mod tensor;

pub use memory::{HeapBlock, MemoryBuffer, ReleaseFn, HEAP_ALIGN};
pub use primitive::{MemoryStorageType, Primitive, PrimitiveType};
pub use shape::{Shape, MAX_RANK};
pub use tensor::{
    add_tensor, compute_row_strides, compute_strides, compute_trivial_strides, create_tensor_map, Strides, Tensor,
    TensorDescription,
};

use crate::api::MessageComponent;
use crate::tid::Tid;

/// Message timing (`nvidia::gxf::Timestamp`): publish and acquisition time in ns.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timestamp {
    /// When the message was published.
    pub pubtime: i64,
    /// When the data was acquired.
    pub acqtime: i64,
}

// SAFETY: unique tid, repr(C) layout.
unsafe impl MessageComponent for Timestamp {
    const TID: Tid = Tid::from_uuid("d1095b10-5c90-4bbc-bc89-601134cb4e03");
    const TYPE_NAME: &'static str = "nvidia::gxf::Timestamp";
}

macro_rules! lite {
    ($t:ty, $name:expr, $uuid:expr) => {
        // SAFETY: primitive with GXF's own tid for it.
        unsafe impl MessageComponent for $t {
            const TID: Tid = Tid::from_uuid($uuid);
            const TYPE_NAME: &'static str = $name;
        }
    };
}

lite!(i8, "int8_t", "83905c6a-ca34-4f40-b474-cf2cde8274de");
lite!(u8, "uint8_t", "d4299e15-0006-d0bf-8cbd-9b743575e155");
lite!(i16, "int16_t", "9e1dde79-3550-307d-e81a-b864890b3685");
lite!(u16, "uint16_t", "958cbdef-b505-bcc7-8a43-dc4b23f8cead");
lite!(i32, "int32_t", "b557ec7f-49a5-08f7-a35e-086e9d1ea767");
lite!(u32, "uint32_t", "d5506b68-5c86-fedb-a2a2-a7bae38ff3ef");
lite!(i64, "int64_t", "c611627b-6393-365f-d234-1f26bfa8d28f");
lite!(u64, "uint64_t", "c4385f5b-6e25-01d9-d7b5-6e7cadc704e8");
lite!(f32, "float", "a81bf295-421f-49ef-f24a-f59e9ea0d5d6");
lite!(f64, "double", "d57cee59-686f-e26d-95be-659c126b02ea");
lite!(bool, "bool", "c02f9e93-d01b-1d29-f523-78d2a9195128");

/// Lite types registered by the std extension, as (type name, uuid).
pub const LITE_TYPES: [(&str, &str); 11] = [
    ("int8_t", "83905c6a-ca34-4f40-b474-cf2cde8274de"),
    ("uint8_t", "d4299e15-0006-d0bf-8cbd-9b743575e155"),
    ("int16_t", "9e1dde79-3550-307d-e81a-b864890b3685"),
    ("uint16_t", "958cbdef-b505-bcc7-8a43-dc4b23f8cead"),
    ("int32_t", "b557ec7f-49a5-08f7-a35e-086e9d1ea767"),
    ("uint32_t", "d5506b68-5c86-fedb-a2a2-a7bae38ff3ef"),
    ("int64_t", "c611627b-6393-365f-d234-1f26bfa8d28f"),
    ("uint64_t", "c4385f5b-6e25-01d9-d7b5-6e7cadc704e8"),
    ("float", "a81bf295-421f-49ef-f24a-f59e9ea0d5d6"),
    ("double", "d57cee59-686f-e26d-95be-659c126b02ea"),
    ("bool", "c02f9e93-d01b-1d29-f523-78d2a9195128"),
];
