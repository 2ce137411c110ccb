//! `CublasDotProduct` and `HostDotProduct`: the row-wise dot products of the two tensors of a
//! message, on the GPU (cuBLAS, on the message's stream) and on the CPU.

use crate::cublas::Cublas;
use crate::in_flight::InFlight;
use crate::ops::{message_stream, receive};
use gxf_cuda_sdk::{CudaEvent, CudaStreamId, Device};
use gxf_sdk::prelude::*;
use gxf_sdk::vocab::{add_tensor, MemoryStorageType, PrimitiveType, Shape, Tensor, TensorDescription};

/// The two operands of a message: exactly two rank-2 float32 tensors of one non-empty shape,
/// each holding at least its rows·columns floats. As in GXF, the operands are read as packed rows
/// whatever their strides say (GXF's StreamGenerator writes 32-byte elements with zero strides).
fn operands<'m>(message: &'m Message, who: &str) -> Result<[&'m Tensor; 2]> {
    let tensors: Vec<&Tensor> = message.iter::<Tensor>().map(|(_, tensor)| tensor).collect();
    let &[a, b] = tensors.as_slice() else {
        return fail(Code::GXF_FAILURE, format!("{who}: expected 2 tensors in the message, found {}", tensors.len()));
    };
    for tensor in [a, b] {
        if tensor.rank() != 2 || !tensor.shape().valid() {
            return fail(
                Code::GXF_FAILURE,
                format!("{who}: input tensor of shape {} is not a rank-2 matrix", tensor.shape()),
            );
        }
        let packed_bytes = tensor.shape().size() * std::mem::size_of::<f32>() as u64;
        if tensor.size() < packed_bytes {
            return fail(
                Code::GXF_FAILURE,
                format!(
                    "{who}: input tensor holds {} bytes, fewer than its {packed_bytes} of packed floats",
                    tensor.size()
                ),
            );
        }
        if tensor.element_type() != PrimitiveType::Float32 {
            return fail(
                Code::GXF_FAILURE,
                format!("{who}: input tensor elements are {}, not float32", tensor.element_type().name()),
            );
        }
    }
    if a.shape() != b.shape() {
        return fail(
            Code::GXF_FAILURE,
            format!("{who}: the input tensors' shapes {} and {} differ", a.shape(), b.shape()),
        );
    }
    Ok([a, b])
}

/// Rows and columns of an operand.
fn matrix_size(operand: &Tensor) -> (i32, i32) {
    (operand.shape().dimension(0), operand.shape().dimension(1))
}

/// A new message holding tensor `name`: one float32 per row of `operand`, in the operand's
/// storage, from `pool`.
fn output_message(
    context: ContextRef,
    pool: Handle<iface::Allocator>,
    name: &str,
    operand: &Tensor,
) -> Result<Message> {
    let (rows, _) = matrix_size(operand);
    let mut message = Message::new(context)?;
    let description = TensorDescription::new(name, operand.storage_type(), Shape::new(&[rows]), PrimitiveType::Float32);
    add_tensor(&mut message, pool, &description)?;
    Ok(message)
}

/// The name of `CublasDotProduct`'s output tensor.
const CUBLAS_TENSOR: &str = "cublasdotproduct_tensor";
/// The name of the event `CublasDotProduct` adds to its output.
const CUBLAS_EVENT: &str = "cudotproduct_event";

/// Receives two rank-2 float32 tensors A and B (and the `CudaStreamId` of their stream) on `rx`
/// and publishes on `tx` the tensor `cublasdotproduct_tensor` with `A[i]·B[i]` for every row i,
/// computed with `cublasSdot` on that stream into memory of A's storage type from
/// `tensor_pool`, together with the same `CudaStreamId` and a `CudaEvent`
/// "cudotproduct_event" recorded after the products. Does not wait for the GPU: the input and
/// output stay alive until the stream has done the work (as GXF's `CudaStream::record` keeps
/// them), and are released right then.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::cuda::CublasDotProduct",
    uuid = "fbe00493-9d8d-4b4e-9d85-e9fddee218be",
    kind = Codelet,
    base = "nvidia::gxf::test::cuda::StreamBasedOps",
    description = "Cublas dot product calculation",
    deinitialize = Self::destroy_handle
)]
pub struct CublasDotProduct {
    #[param(headline = "transmitter of tensors", description = "")]
    tx: Handle<iface::Transmitter>,
    #[param(headline = "receiver of tensors", description = "")]
    rx: Handle<iface::Receiver>,
    #[param(headline = "Tensor Pool", description = "")]
    tensor_pool: Handle<iface::Allocator>,
    cublas: Option<Cublas>,
    in_flight: InFlight,
}

const CUBLAS_WHO: &str = "CublasDotProduct";

impl CublasDotProduct {
    fn destroy_handle(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.cublas = None;
        Ok(())
    }

    /// The cuBLAS handle for GPU `ordinal`, created on first use.
    fn cublas_on(&mut self, ordinal: i32) -> Result<&mut Cublas> {
        Ok(match self.cublas.take() {
            Some(cublas) if cublas.device_ordinal() == ordinal => self.cublas.insert(cublas),
            _ => self.cublas.insert(Cublas::new(&Device::get(ordinal)?).map_err(|e| e.context(CUBLAS_WHO))?),
        })
    }
}

impl Codelet for CublasDotProduct {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let input = receive(&self.rx, CUBLAS_WHO, "rx")?;
        let [a, b] = operands(&input, CUBLAS_WHO)?;
        if a.storage_type() == MemoryStorageType::System || b.storage_type() == MemoryStorageType::System {
            return fail(
                Code::GXF_MEMORY_INVALID_STORAGE_MODE,
                format!("{CUBLAS_WHO}: the input tensors are in system memory, which the GPU cannot read"),
            );
        }
        let (rows, columns) = matrix_size(a);
        let mut output = output_message(tick.context(), self.tensor_pool, CUBLAS_TENSOR, a)?;
        let (a, b) = (a.pointer() as *const f32, b.pointer() as *const f32);
        let stream = message_stream(&input, CUBLAS_WHO)?;
        output.add("", CudaStreamId::new(&stream))?;
        let out = output.require::<Tensor>(Some(CUBLAS_TENSOR))?.pointer() as *mut f32;
        let cublas = self.cublas_on(stream.stream().device_ordinal())?;
        // SAFETY: A and B hold rows·columns floats of device or pinned memory (checked above) and
        // `out` holds `rows` floats; both messages are held right after until the stream is done.
        let queued = unsafe { cublas.row_dots(stream.stream(), a, b, out, rows, columns) };
        let held = self.in_flight.hold([input, output.clone()], &stream);
        queued.and(held).map_err(|e| e.context(CUBLAS_WHO))?;
        output.add(CUBLAS_EVENT, CudaEvent::recorded_on(stream.stream())?)?;
        self.tx.publish(&output)
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        self.in_flight.release_all();
        Ok(())
    }
}

/// `out[i] = a[i]·b[i]` for the rows of `columns` floats of `a` and `b`, summed in float32 in
/// order (GXF's loop).
fn row_dots(a: &[f32], b: &[f32], columns: usize, out: &mut [f32]) {
    let rows = a.chunks_exact(columns).zip(b.chunks_exact(columns));
    for (out, (x, y)) in out.iter_mut().zip(rows) {
        *out = x.iter().zip(y).fold(0.0f32, |sum, (x, y)| sum + x * y);
    }
}

/// The name of `HostDotProduct`'s output tensor.
const HOST_TENSOR: &str = "host_dotproduct_tensor";
const HOST_WHO: &str = "HostDotProduct";

/// Receives two rank-2 float32 tensors A and B in CPU-readable memory on `rx` and publishes on
/// `tx` the tensor `host_dotproduct_tensor` with `A[i]·B[i]` for every row i (summed in
/// float32, in order), in memory of A's storage type from `tensor_pool`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::cuda::HostDotProduct",
    uuid = "d877d6f9-b72e-414b-8e9c-52a5aa0bcc1c",
    kind = Codelet,
    description = "CPU dot product calculation"
)]
pub struct HostDotProduct {
    #[param(headline = "transmitter of tensors", description = "")]
    tx: Handle<iface::Transmitter>,
    #[param(headline = "receiver of tensors", description = "")]
    rx: Handle<iface::Receiver>,
    #[param(headline = "Tensor Pool", description = "")]
    tensor_pool: Handle<iface::Allocator>,
}

impl Codelet for HostDotProduct {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let input = receive(&self.rx, HOST_WHO, "rx")?;
        let [a, b] = operands(&input, HOST_WHO)?;
        let (_, columns) = matrix_size(a);
        let mut output = output_message(tick.context(), self.tensor_pool, HOST_TENSOR, a)?;
        let reading = |e: Error| e.context(format!("{HOST_WHO}: reading an input tensor"));
        let (a, b) = (a.data::<f32>().map_err(reading)?, b.data::<f32>().map_err(reading)?);
        let out = output
            .get_mut::<Tensor>(Some(HOST_TENSOR))
            .ok_or_else(|| Error::new(Code::GXF_FAILURE, format!("{HOST_WHO}: the output tensor vanished")))?
            .data_mut::<f32>()
            .map_err(|e| e.context(format!("{HOST_WHO}: writing the output tensor")))?;
        row_dots(a, b, columns as usize, out);
        self.tx.publish(&output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On `StreamTensorGenerator`'s data every partial sum is an integer below 2^24, so the CPU
    /// result is exact whatever the order of summation, and so must cuBLAS's be.
    #[test]
    fn row_dots_are_exact_on_the_generated_data() {
        let (rows, columns) = (1024usize, 2048usize);
        let data: Vec<f32> = (0..rows * columns).map(|j| (j % 100 + 1) as f32).collect();
        let mut out = vec![0.0f32; rows];
        row_dots(&data, &data, columns, &mut out);
        for (row, value) in out.iter().enumerate() {
            let exact: u64 = (row * columns..(row + 1) * columns).map(|j| ((j % 100 + 1) as u64).pow(2)).sum();
            assert!(exact < 1 << 24, "row {row}");
            assert_eq!(*value, exact as f32, "row {row}");
        }
    }
}
