//! `VerifyEqual`: the check at the end of GXF's CUDA dot-product test apps.

use crate::ops::{first_tensor, receive};
use gxf_sdk::prelude::*;
use gxf_sdk::vocab::{MemoryStorageType, Tensor};

const WHO: &str = "VerifyEqual";

/// Receives one message on `rx0` and one on `rx1` and compares their first tensors: the names
/// must differ, shape, element type and storage must match, storage must be Host, and every
/// float32 element pair must differ by at most `f32::EPSILON`. A mismatch fails the tick with
/// `GXF_FAILURE` naming the first differing index and both values (GXF aborts the process).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::cuda::VerifyEqual",
    uuid = "e578e5bd-1543-4de4-8ed6-25fd24354ac0",
    kind = Codelet,
    description = "Verify whether 2 input tensors same"
)]
pub struct VerifyEqual {
    #[param(headline = "receiver0 of tensors", description = "")]
    rx0: Handle<iface::Receiver>,
    #[param(headline = "receiver1 of tensors", description = "")]
    rx1: Handle<iface::Receiver>,
    frames: u64,
}

/// `Ok` when `holds`, else `GXF_FAILURE` with `what`.
fn require(holds: bool, what: impl FnOnce() -> String) -> Result<()> {
    if holds {
        Ok(())
    } else {
        fail(Code::GXF_FAILURE, format!("{WHO}: {}", what()))
    }
}

/// GXF's `fequal`: within `f32::EPSILON` (never for NaN).
fn fequal(a: f32, b: f32) -> bool {
    (a - b).abs() <= f32::EPSILON
}

/// The float32 elements of tensor `name`.
fn float_data<'t>(name: &str, tensor: &'t Tensor) -> Result<&'t [f32]> {
    tensor.data::<f32>().map_err(|e| e.context(format!("{WHO}: reading tensor '{name}'")))
}

/// Checks that two named tensors are comparable and equal within `f32::EPSILON`.
fn compare((name0, tensor0): (&str, &Tensor), (name1, tensor1): (&str, &Tensor)) -> Result<()> {
    require(name0 != name1, || format!("both tensors are named '{name0}'; the names should differ"))?;
    require(tensor0.shape() == tensor1.shape(), || {
        format!("the tensors' shapes differ: {} vs {}", tensor0.shape(), tensor1.shape())
    })?;
    require(tensor0.element_type() == tensor1.element_type(), || {
        format!(
            "the tensors' element types differ: {} vs {}",
            tensor0.element_type().name(),
            tensor1.element_type().name()
        )
    })?;
    require(tensor0.storage_type() == tensor1.storage_type(), || {
        format!("the tensors' storage types differ: {:?} vs {:?}", tensor0.storage_type(), tensor1.storage_type())
    })?;
    require(tensor0.storage_type() == MemoryStorageType::Host, || {
        format!("the tensors are in {:?} memory, not Host", tensor0.storage_type())
    })?;
    let (data0, data1) = (float_data(name0, tensor0)?, float_data(name1, tensor1)?);
    let count = tensor0.element_count() as usize;
    let mut pairs = data0.iter().zip(data1).take(count).enumerate();
    match pairs.find(|(_, (a, b))| !fequal(**a, **b)) {
        Some((index, (a, b))) => fail(Code::GXF_FAILURE, format!("{WHO}: data0[{index}]: {a} but data1: {b}")),
        None => Ok(()),
    }
}

impl Codelet for VerifyEqual {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        gxf_debug!("verifying frame: {}", self.frames);
        self.frames += 1;
        let in0 = receive(&self.rx0, WHO, "rx0")?;
        let in1 = receive(&self.rx1, WHO, "rx1")?;
        compare(first_tensor(&in0, WHO)?, first_tensor(&in1, WHO)?)
    }
}
