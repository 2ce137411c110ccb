//! `StreamTensorGenerator`: the source of GXF's CUDA dot-product test apps.

use gxf_cuda_sdk::{copy, CudaStreamId, CudaStreamPool, Device, StreamPoolHandle, StreamRef};
use gxf_sdk::prelude::*;
use gxf_sdk::vocab::{add_tensor, MemoryStorageType, PrimitiveType, Shape, TensorDescription};

/// GXF's `kInitTensorShape`.
const SHAPE: [i32; 2] = [1024, 2048];
/// The name of the `CudaStreamId` in each device message (GXF's `kStreamName0`).
const STREAM_ID_NAME: &str = "CudaStream0";
const WHO: &str = "StreamTensorGenerator";

/// Each tick publishes on `cuda_tx` a message with two float32 device tensors, both named
/// `cuda_tensor`, of shape [1024, 2048] holding `(j mod 100) + 1` at flat index `j`, plus a
/// `CudaStreamId` "CudaStream0" naming the generator's stream; and, when `host_tx` is set, the
/// host twins the device data were copied from (two `host_tensor`s) on `host_tx`. The stream is
/// taken from `stream_pool` at initialize and given back at deinitialize.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::cuda::StreamTensorGenerator",
    uuid = "3a5f0f09-7bcf-49c3-a543-7e488fa251f7",
    kind = Codelet,
    base = "nvidia::gxf::test::cuda::StreamBasedOps",
    description = "Generates cuda tensors with cuda stream id",
    initialize = Self::take_stream,
    deinitialize = Self::return_stream
)]
pub struct StreamTensorGenerator {
    #[param(headline = "transmitter of cuda tensors", description = "")]
    cuda_tx: Handle<iface::Transmitter>,
    #[param(headline = "transmitter of host tensors", description = "")]
    host_tx: Option<Handle<iface::Transmitter>>,
    #[param(headline = "Cuda Tensor Pool", description = "")]
    cuda_tensor_pool: Handle<iface::Allocator>,
    #[param(headline = "Host Tensor Pool", description = "")]
    host_tensor_pool: Handle<iface::Allocator>,
    #[param(headline = "Cuda Stream Pool", description = "")]
    stream_pool: Handle<CudaStreamPool>,
    stream: Option<StreamRef>,
}

impl StreamTensorGenerator {
    fn take_stream(&mut self, _ctx: &ComponentContext) -> Result<()> {
        let stream =
            self.stream_pool.allocate_stream().map_err(|e| e.context(format!("{WHO}: allocating a stream")))?;
        self.stream = Some(stream);
        Ok(())
    }

    fn return_stream(&mut self, _ctx: &ComponentContext) -> Result<()> {
        match self.stream.take() {
            Some(stream) => self.stream_pool.release_stream(&stream),
            None => Ok(()),
        }
    }

    /// Adds one device tensor and its host twin, filled with the test values, to the messages.
    fn add_tensor_pair(&self, device: &Device, device_msg: &mut Message, host_msg: &mut Message) -> Result<()> {
        let shape = Shape::new(&SHAPE);
        let describe = |name, storage| TensorDescription::new(name, storage, shape, PrimitiveType::Float32);
        let cuda_tensor =
            add_tensor(device_msg, self.cuda_tensor_pool, &describe("cuda_tensor", MemoryStorageType::Device))?;
        let (dst, bytes) = (cuda_tensor.pointer(), cuda_tensor.size());
        let host_tensor =
            add_tensor(host_msg, self.host_tensor_pool, &describe("host_tensor", MemoryStorageType::Host))?;
        let values = host_tensor.data_mut::<f32>()?;
        for (j, value) in values.iter_mut().enumerate() {
            *value = (j % 100 + 1) as f32;
        }
        // SAFETY: both tensors were just allocated with the same description, so both hold
        // `bytes` bytes; they are distinct allocations. The copy is waited for (GXF's cudaMemcpy).
        unsafe { copy(device, dst, values.as_ptr() as *const u8, bytes as usize) }
            .map_err(|e| e.context(format!("{WHO}: copying the host tensor to the device")))
    }
}

impl Codelet for StreamTensorGenerator {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let stream = self.stream.clone().ok_or_else(|| {
            Error::new(Code::GXF_INVALID_LIFECYCLE_STAGE, format!("{WHO}: no stream (not initialized)"))
        })?;
        let device = Device::get(stream.stream().device_ordinal())?;
        let mut device_msg = Message::new(tick.context())?;
        let mut host_msg = Message::new(tick.context())?;
        for _ in 0..2 {
            self.add_tensor_pair(&device, &mut device_msg, &mut host_msg)?;
        }
        device_msg.add(STREAM_ID_NAME, CudaStreamId::new(&stream))?;
        self.cuda_tx.publish(&device_msg).map_err(|e| e.context(format!("{WHO}: publishing the cuda tensors")))?;
        if let Some(host_tx) = self.host_tx {
            host_tx.publish(&host_msg).map_err(|e| e.context(format!("{WHO}: publishing the host tensors")))?;
        }
        Ok(())
    }
}
