//! `MemCpy2Host`: copies a device tensor to host memory in the order of its CUDA stream.

use crate::in_flight::InFlight;
use crate::ops::{first_tensor, message_stream, receive};
use gxf_cuda_sdk::{copy_async, CudaEvent, CudaStreamId};
use gxf_sdk::prelude::*;
use gxf_sdk::vocab::{add_tensor, MemoryStorageType, TensorDescription};

/// The name of the event `MemCpy2Host` adds to its output.
const EVENT_NAME: &str = "memcpy_event";
const WHO: &str = "MemCpy2Host";

/// Receives a message with a tensor and a `CudaStreamId` on `rx`; queues a copy of the (first)
/// tensor into a Host tensor of the same name, shape and type from `tensor_pool` on that stream,
/// and publishes on `tx` the host tensor with the same `CudaStreamId` and a `CudaEvent`
/// "memcpy_event" recorded after the copy. Does not wait for the copy (downstream waits, e.g.
/// with `CudaStreamSync` or a CUDA scheduling term); input and output stay alive here until the
/// stream has done it.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::cuda::MemCpy2Host",
    uuid = "42868729-12cd-4cae-b0ea-83d18715d774",
    kind = Codelet,
    base = "nvidia::gxf::test::cuda::StreamBasedOps",
    description = "Mem copy device to host async"
)]
pub struct MemCpy2Host {
    #[param(headline = "transmitter of tensors", description = "")]
    tx: Handle<iface::Transmitter>,
    #[param(headline = "receiver of tensors", description = "")]
    rx: Handle<iface::Receiver>,
    #[param(headline = "Tensor output pool", description = "")]
    tensor_pool: Handle<iface::Allocator>,
    in_flight: InFlight,
}

impl Codelet for MemCpy2Host {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let input = receive(&self.rx, WHO, "rx")?;
        let (name, tensor) = first_tensor(&input, WHO)?;
        let description = TensorDescription {
            bytes_per_element: tensor.bytes_per_element(),
            ..TensorDescription::new(name, MemoryStorageType::Host, *tensor.shape(), tensor.element_type())
        };
        let mut output = Message::new(tick.context())?;
        let copied = add_tensor(&mut output, self.tensor_pool, &description)?;
        let (dst, src, bytes) = (copied.pointer(), tensor.pointer(), tensor.size());
        if copied.size() != bytes {
            return fail(
                Code::GXF_FAILURE,
                format!("{WHO}: the host tensor holds {} bytes, the device tensor {bytes}", copied.size()),
            );
        }
        let stream = message_stream(&input, WHO)?;
        output.add("", CudaStreamId::new(&stream))?;
        // SAFETY: both tensors hold `bytes` bytes in distinct allocations, and both messages are
        // held right after until the stream has done the copy.
        let copied = unsafe { copy_async(stream.stream(), dst, src, bytes as usize) }
            .map_err(|e| e.context(format!("{WHO}: copying tensor '{name}' to the host")));
        let held = self.in_flight.hold([input, output.clone()], &stream);
        copied.and(held)?;
        output.add(EVENT_NAME, CudaEvent::recorded_on(stream.stream())?)?;
        self.tx.publish(&output)
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        self.in_flight.release_all();
        Ok(())
    }
}
