//! Components for the benchmarks (`bench/gpu_bench.py`): a source of tensors of a given size and
//! storage that allocates without filling, so that what a graph does with a tensor (copy it,
//! pass it along) is what the benchmark times.

use gxf_sdk::prelude::*;
use gxf_sdk::vocab::{add_tensor, MemoryStorageType, PrimitiveType, Shape, TensorDescription};

/// `gxf::bench::TensorSource`: each tick publishes a message with one uint8 tensor named
/// `tensor` of `bytes` bytes of `storage_type`, allocated from `allocator` and left unfilled.
#[derive(Default, Component)]
#[gxf(
    name = "gxf::bench::TensorSource",
    uuid = "4612256b-f4d0-45d4-8132-cf1c6b358bd4",
    kind = Codelet,
    description = "Publishes one unfilled tensor per tick",
    initialize = Self::check_settings
)]
pub struct TensorSource {
    /// Where the tensors go
    #[param]
    output: Handle<iface::Transmitter>,
    /// Where their memory comes from
    #[param]
    allocator: Handle<iface::Allocator>,
    /// Bytes per tensor
    #[param(min = 1, max = 1 << 40)]
    bytes: i64,
    /// kHost (0), kDevice (1) or kSystem (2)
    #[param(default = 1i32)]
    storage_type: i32,
    storage: MemoryStorageType,
}

impl TensorSource {
    fn check_settings(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.storage = MemoryStorageType::from_raw(self.storage_type)?;
        if self.bytes > i64::from(i32::MAX) {
            return fail(Code::GXF_PARAMETER_OUT_OF_RANGE, "bytes must fit a tensor dimension (below 2^31)");
        }
        Ok(())
    }
}

impl Codelet for TensorSource {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let mut message = Message::new(tick.context())?;
        let shape = Shape::new(&[self.bytes as i32]);
        let desc = TensorDescription::new("tensor", self.storage, shape, PrimitiveType::Unsigned8);
        add_tensor(&mut message, self.allocator, &desc)?;
        self.output.publish(&message)
    }
}

fn register(ext: &mut ExtensionBuilder) {
    ext.info(ExtensionMeta {
        name: "BenchExtension",
        uuid: "c0bd6a5b-a31b-4b2c-8bd8-3985a09a46d1",
        version: "0.1.0",
        description: "Components for the project's benchmarks",
        author: "gxf-rs",
        license: "Apache-2.0",
        display_name: "Bench Extension",
        category: "Benchmark",
        brief: "Benchmark helpers",
    });
    ext.add::<TensorSource>();
}

gxf_extension!(register);
