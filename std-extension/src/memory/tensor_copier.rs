//! `TensorCopier`: moves every tensor of a message into another storage type and forwards the
//! message. Copies between `Host` and `System` memory are plain byte copies; copies to or from
//! `Device` memory are CUDA copies, finished before the message is published.

use gxf_sdk::prelude::*;
use gxf_sdk::vocab::{MemoryStorageType, Strides, Tensor, MAX_RANK};

/// The storage type a copy mode targets (`kCopyToDevice` 0, `kCopyToHost` 1, `kCopyToSystem` 2).
fn target_storage(mode: i32) -> Result<MemoryStorageType> {
    match mode {
        0 => Ok(MemoryStorageType::Device),
        1 => Ok(MemoryStorageType::Host),
        2 => Ok(MemoryStorageType::System),
        _ => fail(Code::GXF_FAILURE, format!("unsupported value {mode} for the copy 'mode' (0, 1 or 2)")),
    }
}

/// Re-allocates `tensor` in `target` storage from `allocator` and copies its bytes over
/// (a no-op when it already lives there). The old memory goes back to its own allocator.
fn copy_tensor(tensor: &mut Tensor, target: MemoryStorageType, allocator: Handle<iface::Allocator>) -> Result<()> {
    if tensor.storage_type() == target {
        return Ok(());
    }
    let old = std::mem::take(tensor);
    let mut strides: Strides = [0; MAX_RANK];
    for (i, s) in strides.iter_mut().enumerate() {
        *s = old.stride(i as u32);
    }
    tensor.reshape_custom(
        *old.shape(),
        old.element_type(),
        old.bytes_per_element(),
        Some(strides),
        target,
        allocator,
    )?;
    if old.size() != tensor.size() {
        return fail(Code::GXF_FAILURE, format!("copy of {} bytes into {} bytes", old.size(), tensor.size()));
    }
    let bytes = usize::try_from(old.size()).map_err(|_| Error::new(Code::GXF_OUT_OF_MEMORY, "tensor too large"))?;
    // SAFETY: two distinct buffers of `bytes` bytes each, owned by `old` and `tensor`.
    unsafe { gxf_cuda_sdk::copy_bytes(tensor.pointer(), old.pointer(), bytes) }
}

/// `nvidia::gxf::TensorCopier`: receive, copy every tensor to the storage of `mode`, publish.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::TensorCopier",
    uuid = "c07680f4-75b3-189b-8886-4b5e448e7bb6",
    kind = Codelet,
    description = "Copies tensors between host, system and device memory"
)]
pub struct TensorCopier {
    /// Receiver for incoming entities
    #[param(headline = "Receiver")]
    receiver: Handle<iface::Receiver>,
    /// Transmitter for outgoing entities
    #[param(headline = "Transmitter")]
    transmitter: Handle<iface::Transmitter>,
    /// Memory allocator for tensor data
    #[param(headline = "Allocator")]
    allocator: Handle<iface::Allocator>,
    /// What to copy to: kCopyToDevice (0) device memory, kCopyToHost (1) pinned host memory,
    /// kCopyToSystem (2) system memory; tensors already there are left alone
    #[param(headline = "Copy mode")]
    mode: i32,
}

impl Codelet for TensorCopier {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let Some(mut message) = self.receiver.receive()? else {
            return fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, "TensorCopier: no message to copy");
        };
        let target = target_storage(self.mode)?;
        message.for_each_mut::<Tensor>(|name, tensor| {
            copy_tensor(tensor, target, self.allocator).map_err(|e| e.context(format!("copying tensor '{name}'")))
        })?;
        self.transmitter.publish(&message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        assert_eq!(target_storage(1).unwrap(), MemoryStorageType::Host);
        assert_eq!(target_storage(2).unwrap(), MemoryStorageType::System);
        assert_eq!(target_storage(0).unwrap(), MemoryStorageType::Device);
        assert_eq!(target_storage(3).unwrap_err().code, Code::GXF_FAILURE);
    }
}
