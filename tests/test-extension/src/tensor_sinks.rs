//! Codelets that consume messages: `Pop` (discards), `Print` (logs tensor sizes) and
//! `PrintTensor` (prints tensors to stdout as GXF's `printf`s do).

use gxf_sdk::prelude::*;
use gxf_sdk::vocab::{MemoryStorageType, Primitive, PrimitiveType, Tensor};
use std::fmt::Display;
use std::io::Write;

/// The next message of `rx`; an empty queue is an error (GXF's `receive()` failing).
fn receive(rx: Handle<iface::Receiver>) -> Result<Message> {
    rx.receive()?.ok_or_else(|| Error::new(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, "no message to receive"))
}

/// Receives and discards a message each tick (an empty queue is fine).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::Pop",
    uuid = "6019517f-6084-4d1b-9eff-178d6891e9e8",
    kind = Codelet,
    description = "Pops an incoming message at the receiver"
)]
pub struct Pop {
    #[param]
    message: Handle<iface::Receiver>,
}

impl Codelet for Pop {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let _ = self.message.receive();
        Ok(())
    }
}

/// Receives a message and debug-logs the element count of each tensor in it.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::Print",
    uuid = "15ac607f-5539-42e0-b1f0-9b841e1f9ecd",
    kind = Codelet,
    description = "Receives a message with tensors and prints the element count to debug log",
    initialize = Self::remember_cid
)]
pub struct Print {
    #[param]
    message: Handle<iface::Receiver>,
    cid: i64,
}

impl Print {
    fn remember_cid(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.cid = ctx.cid();
        Ok(())
    }
}

impl Codelet for Print {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let msg = receive(self.message)?;
        for (_, tensor) in msg.iter::<Tensor>() {
            gxf_debug!(
                "[{:05}] Received E{:05} with Tensor with {} elements",
                self.cid,
                msg.eid(),
                tensor.element_count()
            );
        }
        Ok(())
    }
}

/// Writes `v0, v1, …, ` then a newline (GXF's `PrintSingleTensorGivenType`).
fn print_values<T: Primitive, D: Display>(out: &mut impl Write, tensor: &Tensor, show: impl Fn(T) -> D) -> Result<()> {
    let io = |e: std::io::Error| Error::new(Code::GXF_FAILURE, format!("cannot print: {e}"));
    let values = tensor.data::<T>()?;
    for v in values.iter().take(tensor.element_count() as usize) {
        write!(out, "{}, ", show(*v)).map_err(io)?;
    }
    writeln!(out).map_err(io)
}

/// A number printed as C's `%f` does (six decimals).
struct SixDecimals<T>(T);

impl<T: Display> Display for SixDecimals<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.6}", self.0)
    }
}

/// Prints one tensor's values the way GXF's `PrintSingleTensorAllTypes` does: integers as
/// integers, floats with six decimals (Host storage only: other floats print `[device-data]`).
fn print_tensor_values(out: &mut impl Write, tensor: &Tensor) -> Result<()> {
    let io = |e: std::io::Error| Error::new(Code::GXF_FAILURE, format!("cannot print: {e}"));
    let host = tensor.storage_type() == MemoryStorageType::Host;
    match tensor.element_type() {
        _ if tensor.storage_type() == MemoryStorageType::Device => writeln!(out, "[device-data]").map_err(io),
        PrimitiveType::Unsigned8 => print_values(out, tensor, |v: u8| v),
        PrimitiveType::Unsigned16 => print_values(out, tensor, |v: u16| v),
        PrimitiveType::Unsigned32 => print_values(out, tensor, |v: u32| v),
        PrimitiveType::Unsigned64 => print_values(out, tensor, |v: u64| v),
        PrimitiveType::Int8 => print_values(out, tensor, |v: i8| v),
        PrimitiveType::Int16 => print_values(out, tensor, |v: i16| v),
        PrimitiveType::Int32 => print_values(out, tensor, |v: i32| v),
        PrimitiveType::Int64 => print_values(out, tensor, |v: i64| v),
        PrimitiveType::Float32 if host => print_values(out, tensor, |v: f32| SixDecimals(v)),
        PrimitiveType::Float64 if host => print_values(out, tensor, |v: f64| SixDecimals(v)),
        PrimitiveType::Float32 | PrimitiveType::Float64 => writeln!(out, "[device-data]").map_err(io),
        other => writeln!(out, "Unknown type {}", other as i32).map_err(io),
    }
}

/// Receives a message and prints `shape: (d0, d1, …), name: v, v, …` for every tensor, unless
/// `silent`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::PrintTensor",
    uuid = "c73d835e-bf5b-4a54-9cd5-370e1256b650",
    kind = Codelet,
    description = "Receives a message with tensors and prints them to the console."
)]
pub struct PrintTensor {
    #[param(headline = "Input Tensor")]
    tensors: Handle<iface::Receiver>,
    /// If enabled this codelet will not print anything to the command line.
    #[param(headline = "Enable silent mode", default = false, dynamic)]
    silent: bool,
}

impl Codelet for PrintTensor {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let msg = receive(self.tensors)?;
        if self.silent {
            return Ok(());
        }
        let mut out = std::io::stdout().lock();
        for (name, tensor) in msg.iter::<Tensor>() {
            write!(out, "shape: {}, {name}: ", tensor.shape())
                .map_err(|e| Error::new(Code::GXF_FAILURE, format!("cannot print: {e}")))?;
            print_tensor_values(&mut out, tensor)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_tensors_print_an_empty_line() {
        let mut out = Vec::new();
        print_tensor_values(&mut out, &Tensor::default()).unwrap();
        assert_eq!(out, b"\n");
        assert_eq!(SixDecimals(1.5f32).to_string(), "1.500000");
    }
}
