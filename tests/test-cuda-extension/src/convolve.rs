//! `Convolve2D`: a 2D convolution of the CudaBuffer of each message, queued on the buffer's
//! stream.

use crate::convolution_kernel::Convolution;
use crate::in_flight::InFlight;
use crate::ops::receive;
use gxf_cuda_sdk::{entity_device_ordinal, CudaAllocator, CudaBuffer, CudaStreamId, Device};
use gxf_sdk::prelude::*;

/// The image every buffer holds (GXF's fixed 32×32 floats).
const WIDTH: u32 = 32;
const HEIGHT: u32 = 32;
const WHO: &str = "Convolve2D";

/// At start compiles the convolution kernel for the GPU of `allocator` and uploads `kernel` (a
/// square matrix of weights). Each tick receives a message with a `CudaBuffer` of a 32×32 float
/// image on `input`, allocates an output `CudaBuffer` of the same size from `allocator` on the
/// input buffer's stream, queues the convolution there and publishes the output with a
/// `CudaStreamId` naming that stream on `output`, without waiting for the GPU: the input message
/// is kept until the stream has done the convolution.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::cuda::Convolve2D",
    uuid = "4f224020-5f1a-11ef-a0be-4fd9265eca79",
    kind = Codelet,
    description = "Performs an async 2D convolution operation on incoming CudaBuffer objects"
)]
pub struct Convolve2D {
    /// 2d matrix of float values represented as a vector of vectors
    #[param(headline = "Kernel")]
    kernel: Vec<Vec<f32>>,
    /// Transmitter channel publishing messages to other graph entities
    #[param(headline = "Output")]
    output: Handle<iface::Transmitter>,
    /// Receiver channel receiving messages from other graph entities
    #[param(headline = "Input")]
    input: Handle<iface::Receiver>,
    /// A cuda allocator component that can serve device memory asynchronously
    #[param(headline = "Allocator")]
    allocator: Handle<CudaAllocator>,
    convolution: Option<Convolution>,
    /// Received messages whose buffers the GPU still reads.
    inputs: InFlight,
}

impl Convolve2D {
    /// The weights row by row; `GXF_ARGUMENT_INVALID` unless `kernel` is a non-empty square.
    fn weights(&self) -> Result<Vec<f32>> {
        let size = self.kernel.len();
        if size == 0 || self.kernel.iter().any(|row| row.len() != size) {
            let rows: Vec<usize> = self.kernel.iter().map(Vec::len).collect();
            return fail(
                Code::GXF_ARGUMENT_INVALID,
                format!("{WHO}: 'kernel' must be a non-empty square matrix (row lengths {rows:?})"),
            );
        }
        Ok(self.kernel.concat())
    }
}

impl Codelet for Convolve2D {
    fn start(&mut self, tick: &Tick) -> Result<()> {
        let weights = self.weights()?;
        let device = Device::get(entity_device_ordinal(tick.context(), self.allocator.eid()))?;
        let convolution = Convolution::new(&device, &weights, self.kernel.len()).map_err(|e| e.context(WHO))?;
        self.convolution = Some(convolution);
        Ok(())
    }

    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let mut input = receive(&self.input, WHO, "input")?;
        let convolution = self
            .convolution
            .as_ref()
            .ok_or_else(|| Error::new(Code::GXF_INVALID_LIFECYCLE_STAGE, format!("{WHO}: not started")))?;
        let in_buffer = input.require_mut::<CudaBuffer>(None).map_err(|e| e.context(WHO))?;
        let image_bytes = u64::from(WIDTH * HEIGHT) * std::mem::size_of::<f32>() as u64;
        if in_buffer.size() < image_bytes {
            return fail(
                Code::GXF_ARGUMENT_OUT_OF_RANGE,
                format!(
                    "{WHO}: the CudaBuffer holds {} bytes, less than a {WIDTH}×{HEIGHT} float image",
                    in_buffer.size()
                ),
            );
        }
        let mut output = Message::new(tick.context())?;
        let out_buffer = output.add(CudaBuffer::DEFAULT_NAME, CudaBuffer::default())?;
        // Like GXF's Convolve2D: the output buffer takes over the input's stream, so the stream
        // goes back to its pool only when the last buffer of the chain is released.
        let pool = in_buffer.stream_pool();
        let stream = in_buffer.transfer_stream_ownership().ok_or_else(|| {
            Error::new(Code::GXF_ARGUMENT_INVALID, format!("{WHO}: the received CudaBuffer has no memory"))
        })?;
        out_buffer
            .resize_async(self.allocator, pool, in_buffer.size(), Some(stream.clone()))
            .map_err(|e| e.context(format!("{WHO}: allocating the output CudaBuffer")))?;
        // SAFETY: both buffers hold at least a WIDTH×HEIGHT float image of device memory; the
        // output is freed in the stream's order and the input message is held right after until
        // the stream has done the convolution.
        let launched =
            unsafe { convolution.launch(stream.stream(), in_buffer.pointer(), out_buffer.pointer(), WIDTH, HEIGHT) };
        let marked = launched.and_then(|()| out_buffer.mark_ready());
        let held = self.inputs.hold(input, &stream);
        marked.and(held).map_err(|e| e.context(WHO))?;
        output.add("", CudaStreamId::new(&stream))?;
        self.output.publish(&output)
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        self.inputs.release_all();
        self.convolution = None;
        Ok(())
    }
}
