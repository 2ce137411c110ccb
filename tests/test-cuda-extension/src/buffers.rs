//! The ends of GXF's CudaBuffer test apps: `CudaAsyncBufferGenerator` (a CudaBuffer allocated
//! and filled on a pool stream) and `CudaBufferRx` (checks that its data arrived).

use crate::in_flight::InFlight;
use crate::ops::receive;
use gxf_cuda_sdk::{copy_async, BufferState, CudaAllocator, CudaBuffer, CudaStreamPool};
use gxf_sdk::prelude::*;

/// GXF's fill values: `std::default_random_engine` (libstdc++'s `minstd_rand0`, seed 1) through
/// `std::uniform_real_distribution<float>(FLT_MIN, FLT_MAX)`.
struct FillValues {
    state: u64,
}

impl Default for FillValues {
    fn default() -> Self {
        FillValues { state: 1 }
    }
}

impl FillValues {
    const MODULUS: u64 = 2_147_483_647;

    fn next_value(&mut self) -> f32 {
        self.state = self.state * 16_807 % Self::MODULUS;
        // generate_canonical: (x - min) / (max - min + 1), kept below 1.
        let unit = ((self.state - 1) as f32 / (Self::MODULUS - 1) as f32).min(1.0 - f32::EPSILON / 2.0);
        (f32::MAX - f32::MIN_POSITIVE) * unit + f32::MIN_POSITIVE
    }
}

const GENERATOR_WHO: &str = "CudaAsyncBufferGenerator";

/// Each tick publishes on `signal` a message holding a `CudaBuffer` ("gxf_cuda_buffer") of
/// `size` bytes, allocated from `allocator` on a stream from `stream_pool` (which the buffer
/// gives back when it is released) and filled with random floats by a copy queued on that
/// stream. Does not wait: the buffer's state says when the data is there.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::cuda::CudaAsyncBufferGenerator",
    uuid = "29319078-5f1a-11ef-a3d0-97895e79aba6",
    kind = Codelet,
    description = "Verify whether 2 input tensors same"
)]
pub struct CudaAsyncBufferGenerator {
    /// Transmitter channel publishing messages to other graph entities
    #[param(headline = "Signal")]
    signal: Handle<iface::Transmitter>,
    /// A cuda allocator component that can serve device memory asynchronously
    #[param(headline = "Allocator")]
    allocator: Handle<CudaAllocator>,
    /// A cuda stream pool component
    #[param(headline = "StreamPool")]
    stream_pool: Handle<CudaStreamPool>,
    /// Size of the CudaBuffer to be allocated
    #[param(headline = "Size", default = 1u64)]
    size: u64,
    values: FillValues,
    /// Host data of copies the streams have not done yet.
    staging: InFlight,
}

impl Codelet for CudaAsyncBufferGenerator {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let mut message = Message::new(tick.context())?;
        let buffer = message.add(CudaBuffer::DEFAULT_NAME, CudaBuffer::default())?;
        buffer
            .resize_async(self.allocator, self.stream_pool, self.size, None)
            .map_err(|e| e.context(format!("{GENERATOR_WHO}: allocating a CudaBuffer of {} bytes", self.size)))?;
        let stream = buffer.stream().cloned().ok_or_else(|| {
            Error::new(Code::GXF_FAILURE, format!("{GENERATOR_WHO}: the allocated CudaBuffer has no stream"))
        })?;
        let count = usize::try_from(self.size).unwrap_or(usize::MAX) / std::mem::size_of::<f32>();
        let values: Vec<f32> = (0..count).map(|_| self.values.next_value()).collect();
        let bytes = std::mem::size_of_val(values.as_slice());
        // SAFETY: the buffer holds `size` ≥ `bytes` bytes of device memory; the host values are
        // held right after until the stream has done the copy.
        let copied = unsafe { copy_async(stream.stream(), buffer.pointer(), values.as_ptr() as *const u8, bytes) };
        let held = self.staging.hold(values, &stream);
        copied.and(held).map_err(|e| e.context(format!("{GENERATOR_WHO}: filling the CudaBuffer")))?;
        buffer.mark_ready()?;
        self.signal.publish(&message)
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        self.staging.release_all();
        Ok(())
    }
}

const RX_WHO: &str = "CudaBufferRx";

/// Receives a message on `signal` (none → `GXF_CONTRACT_MESSAGE_NOT_AVAILABLE`) and checks that
/// its `CudaBuffer` holds its data already (state DATA_AVAILABLE), else `GXF_FAILURE`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::cuda::CudaBufferRx",
    uuid = "7468fe00-5f7e-11ef-bd4d-2ba0f2a6467a",
    kind = Codelet,
    description = "Dequeue a message entity with a cuda buffer and ensures the data is available"
)]
pub struct CudaBufferRx {
    /// Channel to receive messages from another graph entity
    #[param(headline = "Signal")]
    signal: Handle<iface::Receiver>,
    received: u64,
}

impl Codelet for CudaBufferRx {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        self.received += 1;
        gxf_debug!("{RX_WHO}: message received: {}", self.received);
        let message = receive(&self.signal, RX_WHO, "signal")?;
        let buffer = message.require::<CudaBuffer>(None).map_err(|e| e.context(RX_WHO))?;
        match buffer.state()? {
            BufferState::DataAvailable => Ok(()),
            state => fail(Code::GXF_FAILURE, format!("{RX_WHO}: CudaBuffer found in an invalid state {state:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first values of libstdc++'s `default_random_engine` through
    /// `uniform_real_distribution<float>(FLT_MIN, FLT_MAX)`, as printed by g++.
    #[test]
    fn fill_values_match_libstdcxx() {
        let mut values = FillValues::default();
        let bits: Vec<u32> = (0..4).map(|_| values.next_value().to_bits()).collect();
        assert_eq!(bits, [0x77034bff, 0x7e06b1d7, 0x7f416f59, 0x7eead430]);
    }
}
