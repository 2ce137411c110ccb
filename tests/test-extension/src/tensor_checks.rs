//! Codelets that check tensors: `TensorComparator` (two messages describe the same tensors) and
//! `TestTensorStrides` (stride arithmetic). GXF asserts (aborts) on a mismatch; here the tick
//! fails with `GXF_FAILURE` and a message saying what differed.

use gxf_sdk::prelude::*;
use gxf_sdk::vocab::{
    compute_row_strides, compute_strides, create_tensor_map, MemoryStorageType, PrimitiveType, Shape, Tensor,
    TensorDescription, MAX_RANK,
};
use std::fmt::Debug;

/// `Ok` when `actual == expected`, else `GXF_FAILURE` naming both.
fn check<T: PartialEq + Debug>(what: &str, actual: T, expected: T) -> Result<()> {
    if actual == expected {
        Ok(())
    } else {
        fail(Code::GXF_FAILURE, format!("{what}: got {actual:?}, expected {expected:?}"))
    }
}

/// Which Timestamp fields `TensorComparator` compares (its `compare_timestamp` enum).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum CompareTimestamp {
    PubtimeOnly,
    AcqtimeOnly,
    #[default]
    PubtimeAndAcqtime,
    None,
}

impl CompareTimestamp {
    fn parse(text: &str) -> Result<CompareTimestamp> {
        match text {
            "PubtimeOnly" => Ok(CompareTimestamp::PubtimeOnly),
            "AcqtimeOnly" => Ok(CompareTimestamp::AcqtimeOnly),
            "PubtimeAndAcqtime" => Ok(CompareTimestamp::PubtimeAndAcqtime),
            "None" => Ok(CompareTimestamp::None),
            other => fail(
                Code::GXF_PARAMETER_PARSER_ERROR,
                format!("compare_timestamp '{other}' is not PubtimeOnly, AcqtimeOnly, PubtimeAndAcqtime or None"),
            ),
        }
    }

    fn compare(self, actual: &Message, expected: &Message) -> Result<()> {
        if self == CompareTimestamp::None {
            return Ok(());
        }
        check("number of timestamps", actual.iter::<Timestamp>().count(), expected.iter::<Timestamp>().count())?;
        for ((a_name, a), (e_name, e)) in actual.iter::<Timestamp>().zip(expected.iter::<Timestamp>()) {
            check("timestamp name", a_name, e_name)?;
            if self != CompareTimestamp::AcqtimeOnly {
                check("pubtime", a.pubtime, e.pubtime)?;
            }
            if self != CompareTimestamp::PubtimeOnly {
                check("acqtime", a.acqtime, e.acqtime)?;
            }
        }
        Ok(())
    }
}

/// Checks that two tensors agree in name, storage, element type, bytes per element and shape.
/// (GXF's data comparison compares two empty vectors, so values are not compared.)
fn compare_tensors(actual: (&str, &Tensor), expected: (&str, &Tensor)) -> Result<()> {
    let ((a_name, a), (e_name, e)) = (actual, expected);
    check("tensor name", a_name, e_name)?;
    let what = |field: &str| format!("tensor '{e_name}' {field}");
    check(&what("storage type"), a.storage_type(), e.storage_type())?;
    check(&what("element type"), a.element_type(), e.element_type())?;
    check(&what("bytes per element"), a.bytes_per_element(), e.bytes_per_element())?;
    check(&what("shape"), a.shape(), e.shape())
}

/// Receives one message from `expected` and one from `actual` and checks that their timestamps
/// (as selected by `compare_timestamp`) and tensor descriptions match.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::TensorComparator",
    uuid = "e99f8fe0-c7ab-9674-c4ef-5778874b7c3f",
    kind = Codelet,
    description = "Compares two tensor messages for equality",
    initialize = Self::parse_comparison
)]
pub struct TensorComparator {
    #[param]
    expected: Handle<iface::Receiver>,
    #[param]
    actual: Handle<iface::Receiver>,
    /// Timestamps components comparison: PubtimeOnly, AcqtimeOnly, PubtimeAndAcqtime, None
    #[param(
        key = "compare_timestamp",
        headline = "Timestamps components comparison: PubtimeOnly, AcqtimeOnly, PubtimeAndAcqtime, None",
        default = "PubtimeAndAcqtime"
    )]
    compare_timestamp_name: String,
    compare_timestamp: CompareTimestamp,
}

impl TensorComparator {
    fn parse_comparison(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.compare_timestamp = CompareTimestamp::parse(&self.compare_timestamp_name)?;
        Ok(())
    }
}

fn receive(rx: Handle<iface::Receiver>, what: &str) -> Result<Message> {
    rx.receive()
        .map_err(|e| e.context(format!("receiving the {what} message")))?
        .ok_or_else(|| Error::new(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, format!("no {what} message")))
}

impl Codelet for TensorComparator {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let expected = receive(self.expected, "expected")?;
        let actual = receive(self.actual, "actual")?;
        self.compare_timestamp.compare(&actual, &expected)?;
        check("number of tensors", actual.iter::<Tensor>().count(), expected.iter::<Tensor>().count())?;
        for (a, e) in actual.iter::<Tensor>().zip(expected.iter::<Tensor>()) {
            compare_tensors(a, e)?;
        }
        Ok(())
    }
}

/// Each tick creates tensors with row strides, stepped strides and trivial strides over shape
/// {2, 3, 4} and checks their strides and byte sizes.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::TestTensorStrides",
    uuid = "92002082-6023-11eb-aeea-03cedbfc916f",
    kind = Codelet,
    description = "Tests Tensor Stride"
)]
pub struct TestTensorStrides {
    #[param]
    pool: Handle<iface::Allocator>,
}

/// Checks rank 3, `bytes_size` and the three strides of tensor `name`.
fn check_strides(msg: &Message, name: &str, bytes_size: u64, strides: [u64; 3]) -> Result<()> {
    let tensor = msg.require::<Tensor>(Some(name))?;
    check(&format!("{name} rank"), tensor.rank(), 3)?;
    check(&format!("{name} bytes_size"), tensor.bytes_size(), bytes_size)?;
    check(&format!("{name} strides"), [tensor.stride(0), tensor.stride(1), tensor.stride(2)], strides)
}

impl Codelet for TestTensorStrides {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let shape = Shape::new(&[2, 3, 4]);
        let host = MemoryStorageType::Host;
        let mut steps = [0; MAX_RANK];
        steps[..3].copy_from_slice(&[256, 64, 8]);
        let msg = create_tensor_map(
            tick.context(),
            self.pool,
            &[
                TensorDescription::new("foo", host, shape, PrimitiveType::Float32)
                    .with_strides(compute_row_strides(&shape, 256, 4)?),
                TensorDescription::new("bar", host, shape, PrimitiveType::Float32)
                    .with_strides(compute_strides(&shape, &steps)),
                TensorDescription::new("zoo", host, shape, PrimitiveType::Float64),
            ],
        )?;
        check_strides(&msg, "foo", 2 * 256, [256, 16, 4])?;
        check_strides(&msg, "bar", 2 * 256, [256, 64, 8])?;
        check_strides(&msg, "zoo", 2 * 3 * 4 * 8, [3 * 4 * 8, 4 * 8, 8])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_timestamp_values() {
        assert_eq!(CompareTimestamp::parse("None").unwrap(), CompareTimestamp::None);
        assert_eq!(CompareTimestamp::parse("AcqtimeOnly").unwrap(), CompareTimestamp::AcqtimeOnly);
        assert_eq!(CompareTimestamp::parse("Both").unwrap_err().code, Code::GXF_PARAMETER_PARSER_ERROR);
    }

    #[test]
    fn tensor_descriptions_must_match() {
        let (a, b) = (Tensor::default(), Tensor::default());
        assert!(compare_tensors(("t", &a), ("t", &b)).is_ok());
        assert!(compare_tensors(("t", &a), ("u", &b)).unwrap_err().message.starts_with("tensor name"));
    }
}
