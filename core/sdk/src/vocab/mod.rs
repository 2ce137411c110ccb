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

use crate::abi::types;
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
    const TID: Tid = types::TIMESTAMP.tid;
    const TYPE_NAME: &'static str = types::TIMESTAMP.name;
}

/// End of a stream (`nvidia::gxf::EndOfStream`): a message carrying it tells consumers that
/// stream `stream_id` ended; a negative id means the whole pipeline. Nothing in std reacts to it.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EndOfStream {
    /// The stream that ended (negative: every stream).
    pub stream_id: i64,
}

// SAFETY: unique tid, repr(C) layout.
unsafe impl MessageComponent for EndOfStream {
    const TID: Tid = types::END_OF_STREAM.tid;
    const TYPE_NAME: &'static str = types::END_OF_STREAM.name;
}

impl Default for EndOfStream {
    /// The whole pipeline (-1), as GXF's default.
    fn default() -> EndOfStream {
        EndOfStream { stream_id: -1 }
    }
}

impl EndOfStream {
    /// A new message holding one unnamed `EndOfStream` (GXF's `createEoSMessage`).
    pub fn message(ctx: crate::api::ContextRef, stream_id: i64) -> crate::abi::Result<crate::api::Message> {
        let mut message = crate::api::Message::new(ctx)?;
        message.add("", EndOfStream { stream_id })?;
        Ok(message)
    }
}

macro_rules! lite {
    ($t:ty, $index:expr) => {
        // SAFETY: primitive with GXF's own tid for it.
        unsafe impl MessageComponent for $t {
            const TID: Tid = types::LITE_TYPES[$index].tid;
            const TYPE_NAME: &'static str = types::LITE_TYPES[$index].name;
        }
    };
}

lite!(i8, 0);
lite!(u8, 1);
lite!(i16, 2);
lite!(u16, 3);
lite!(i32, 4);
lite!(u32, 5);
lite!(i64, 6);
lite!(u64, 7);
lite!(f32, 8);
lite!(f64, 9);
lite!(bool, 10);
