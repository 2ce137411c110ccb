//! `TensorCopier`: moves every tensor of a message into another storage type and forwards the
//! message. Copies between `Host` and `System` memory are plain byte copies; copies to or from
//! `Device` memory need the CUDA extension and fail with `GXF_MEMORY_INVALID_STORAGE_MODE`.

use gxf_core::prelude::*;
use gxf_core::vocab::{MemoryStorageType, Strides, Tensor, MAX_RANK};

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
    tensor.storage_type().require_cpu()?;
    target.require_cpu()?;
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
    let (src, dst) = (old.as_bytes()?, tensor.as_bytes_mut()?);
    if src.len() != dst.len() {
        return fail(Code::GXF_FAILURE, format!("copy of {} bytes into {} bytes", src.len(), dst.len()));
    }
    dst.copy_from_slice(src);
    Ok(())
}

/// `nvidia::gxf::TensorCopier`: receive, copy every tensor to the storage of `mode`, publish.
#[derive(Default)]
pub struct TensorCopier {
    ports: Option<(Handle<iface::Receiver>, Handle<iface::Transmitter>, Handle<iface::Allocator>)>,
    mode: i32,
}

impl Component for TensorCopier {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Receiver>>("receiver")
            .headline("Receiver")
            .description("Receiver for incoming entities");
        r.param::<Handle<iface::Transmitter>>("transmitter")
            .headline("Transmitter")
            .description("Transmitter for outgoing entities");
        r.param::<Handle<iface::Allocator>>("allocator")
            .headline("Allocator")
            .description("Memory allocator for tensor data");
        r.param::<i32>("mode").headline("Copy mode").description(
            "What to copy to: kCopyToDevice (0) device memory, kCopyToHost (1) pinned host memory, \
             kCopyToSystem (2) system memory; tensors already there are left alone",
        );
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.ports = Some((ctx.param("receiver")?, ctx.param("transmitter")?, ctx.param("allocator")?));
        self.mode = ctx.param("mode")?;
        Ok(())
    }
}

impl Codelet for TensorCopier {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let Some((receiver, transmitter, allocator)) = self.ports else {
            return fail(Code::GXF_CONTRACT_INVALID_SEQUENCE, "TensorCopier ticked before initialize");
        };
        let Some(mut message) = receiver.receive()? else {
            return fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, "TensorCopier: no message to copy");
        };
        let target = target_storage(self.mode)?;
        message.for_each_mut::<Tensor>(|name, tensor| {
            copy_tensor(tensor, target, allocator).map_err(|e| e.context(format!("copying tensor '{name}'")))
        })?;
        transmitter.publish(&message)
    }
}

/// Registers the copier.
pub fn register(ext: &mut ExtensionBuilder) {
    ext.codelet::<TensorCopier>(
        "nvidia::gxf::TensorCopier",
        "c07680f4-75b3-189b-8886-4b5e448e7bb6",
        "Copies tensors between host, system and device memory",
    );
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
