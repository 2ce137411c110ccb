//! What GXF's `StreamBasedOps` base gives the stream-based test codelets: its identity (an
//! abstract Codelet type), receiving a message, the stream a message names and its first tensor.

use gxf_cuda_sdk::{CudaStreamId, StreamRef};
use gxf_sdk::abi::types::{TypeInfo, CODELET};
use gxf_sdk::prelude::*;
use gxf_sdk::vocab::Tensor;

/// `nvidia::gxf::test::cuda::StreamBasedOps`: the abstract base of `StreamTensorGenerator`,
/// `CublasDotProduct` and `MemCpy2Host` (registered so they can name it as their base).
pub const STREAM_BASED_OPS: TypeInfo = TypeInfo::new(
    "nvidia::gxf::test::cuda::StreamBasedOps",
    "638a1752-49f0-4a31-8217-81ce387896db",
    CODELET.name,
    "A base class of cuda streams ops",
);

/// The next message of `rx` (parameter `key` of codelet `who`);
/// `GXF_CONTRACT_MESSAGE_NOT_AVAILABLE` when there is none.
pub fn receive(rx: &Handle<iface::Receiver>, who: &str, key: &str) -> Result<Message> {
    rx.receive()?.ok_or_else(|| {
        Error::new(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, format!("{who}: no message to receive on '{key}'"))
    })
}

/// The stream named by the (first) `CudaStreamId` of `message`.
pub fn message_stream(message: &Message, who: &str) -> Result<StreamRef> {
    message
        .require::<CudaStreamId>(None)
        .and_then(CudaStreamId::require_stream)
        .map_err(|e| e.context(format!("{who}: the received message names no CUDA stream")))
}

/// The first tensor of `message`, with its name.
pub fn first_tensor<'m>(message: &'m Message, who: &str) -> Result<(&'m str, &'m Tensor)> {
    message.iter::<Tensor>().next().ok_or_else(|| {
        Error::new(Code::GXF_ENTITY_COMPONENT_NOT_FOUND, format!("{who}: the received message has no tensor"))
    })
}
