//! Message queues between entities: GXF's two-stage staging queue, the double buffers built on it,
//! and the single-slot async buffers.

mod async_buffer;
mod double_buffer;
mod staging_queue;

pub use async_buffer::{AsyncBufferReceiver, AsyncBufferTransmitter};
pub use double_buffer::{DoubleBufferReceiver, DoubleBufferTransmitter};
