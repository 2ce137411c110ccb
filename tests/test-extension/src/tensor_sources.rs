//! Codelets that publish tensor messages: `Generator` (integers and Fibonacci numbers),
//! `ArbitraryPrecisionFactorial`, `IntegerSinSum` and `TensorGenerator` (random floats).

use gxf_sdk::prelude::*;
use gxf_sdk::vocab::{
    add_tensor, create_tensor_map, MemoryStorageType, PrimitiveType, Shape, Tensor, TensorDescription, MAX_RANK,
};
use std::time::{SystemTime, UNIX_EPOCH};

/// The tensor `name` of a message created with it.
fn tensor<'m>(msg: &'m mut Message, name: &str) -> Result<&'m mut Tensor> {
    msg.get_mut::<Tensor>(Some(name))
        .ok_or_else(|| Error::new(Code::GXF_ENTITY_COMPONENT_NOT_FOUND, format!("no tensor named '{name}'")))
}

/// A one-tensor Host message: `name` of `shape` and `element_type` from `pool`.
fn single_tensor(
    context: ContextRef,
    pool: Handle<iface::Allocator>,
    name: &str,
    shape: &[i32],
    element_type: PrimitiveType,
) -> Result<Message> {
    let desc = TensorDescription::new(name, MemoryStorageType::Host, Shape::new(shape), element_type);
    create_tensor_map(context, pool, &[desc])
}

/// Publishes {`positive` = 0..23, `negative` = 0..−23} (int32 [2, 3, 4]) on `integers` and
/// {`fibonacci` = 0, 1, 1, 2, … (float32 [8])} on `fibonacci` each tick, in Host memory.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::Generator",
    uuid = "ebe83f93-3e8e-4c09-8c12-4ab7390ac565",
    kind = Codelet,
    description = "Generates integer and fibonacci messages"
)]
pub struct Generator {
    #[param(headline = "Name of 'integers' channel")]
    integers: Handle<iface::Transmitter>,
    #[param(headline = "Name of 'fibonacci' channel")]
    fibonacci: Handle<iface::Transmitter>,
    #[param(headline = "Pool")]
    pool: Handle<iface::Allocator>,
}

impl Codelet for Generator {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let pool = self.pool;
        let shape = Shape::new(&[2, 3, 4]);
        let host = MemoryStorageType::Host;
        let mut msg = create_tensor_map(
            tick.context(),
            pool,
            &[
                TensorDescription::new("positive", host, shape, PrimitiveType::Int32),
                TensorDescription::new("negative", host, shape, PrimitiveType::Int32),
            ],
        )?;
        for (name, sign) in [("positive", 1), ("negative", -1)] {
            tensor(&mut msg, name)?.data_mut::<i32>()?.iter_mut().zip(0..).for_each(|(v, i)| *v = sign * i);
        }
        // GXF ignores the publish results.
        let _ = self.integers.publish(&msg);

        let mut msg = single_tensor(tick.context(), pool, "fibonacci", &[8], PrimitiveType::Float32)?;
        let values = tensor(&mut msg, "fibonacci")?.data_mut::<f32>()?;
        for i in 0..values.len() {
            values[i] = if i < 2 { i as f32 } else { values[i - 1] + values[i - 2] };
        }
        let _ = self.fibonacci.publish(&msg);
        Ok(())
    }
}

/// Writes the decimal digits of `n!` into `digits`, least significant first (the rest 0).
fn factorial_digits(n: u32, digits: &mut [u8]) -> Result<()> {
    digits.fill(0);
    let Some(first) = digits.first_mut() else {
        return fail(Code::GXF_ARGUMENT_OUT_OF_RANGE, "at least one digit is needed");
    };
    *first = 1;
    let mut last = 1;
    for k in 1..=n {
        let mut carry = 0u32;
        for d in &mut digits[..last] {
            let v = u32::from(*d) * k + carry;
            *d = (v % 10) as u8;
            carry = v / 10;
        }
        while carry > 0 {
            let Some(d) = digits.get_mut(last) else {
                return fail(Code::GXF_FAILURE, format!("{n}! has more than {} digits", digits.len()));
            };
            *d = (carry % 10) as u8;
            carry /= 10;
            last += 1;
        }
    }
    Ok(())
}

/// Publishes `factorial`! as a uint8 tensor `factorial` of `digits` decimal digits (least
/// significant first); too few digits → `GXF_FAILURE`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::ArbitraryPrecisionFactorial",
    uuid = "2ca901d0-0d38-4a06-951e-dc0d655ac5a6",
    kind = Codelet,
    description = "Generates an arbitrary precision factorial message"
)]
pub struct ArbitraryPrecisionFactorial {
    #[param]
    digits: i32,
    #[param]
    factorial: u64,
    #[param]
    result: Handle<iface::Transmitter>,
    #[param]
    pool: Handle<iface::Allocator>,
}

impl Codelet for ArbitraryPrecisionFactorial {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let mut msg = single_tensor(tick.context(), self.pool, "factorial", &[self.digits], PrimitiveType::Unsigned8)?;
        // GXF keeps the factorial in a uint32_t.
        factorial_digits(self.factorial as u32, tensor(&mut msg, "factorial")?.data_mut::<u8>()?)?;
        let _ = self.result.publish(&msg);
        Ok(())
    }
}

/// Publishes a float32 tensor `sum` [1] holding Σ_{i<count} sin(i).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::IntegerSinSum",
    uuid = "2ed6049c-c6ad-4d89-8e28-078be6776adf",
    kind = Codelet,
    description = "Creates a tensor message with a cumulative sum of sines"
)]
pub struct IntegerSinSum {
    #[param]
    count: u64,
    #[param]
    result: Handle<iface::Transmitter>,
    #[param]
    pool: Handle<iface::Allocator>,
}

impl Codelet for IntegerSinSum {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let sum: f64 = (0..self.count).map(|i| (i as f64).sin()).sum();
        let mut msg = single_tensor(tick.context(), self.pool, "sum", &[1], PrimitiveType::Float32)?;
        tensor(&mut msg, "sum")?.data_mut::<f32>()?.fill(sum as f32);
        let _ = self.result.publish(&msg);
        Ok(())
    }
}

/// Uniform random numbers (SplitMix64), seeded from the clock.
#[derive(Default)]
struct Random(u64);

impl Random {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [lo, hi).
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        lo + unit * (hi - lo)
    }
}

/// Nanoseconds since the epoch on the system clock.
fn system_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i64)
}

/// Publishes `number_of_tensors` float32 tensors (all named `tensor_name`) of `shape` with
/// random values in [FLT_MIN, FLT_MAX] (GXF's distribution), plus a Timestamp `timestamp_name`
/// of system-clock times taken before and after filling them when `enable_timestamps`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::TensorGenerator",
    uuid = "d2abde61-ff76-ea8b-fdc7-4e01d70259af",
    kind = Codelet,
    description = "Generates random tensors with a timestamp",
    initialize = Self::check_settings
)]
pub struct TensorGenerator {
    #[param]
    output: Handle<iface::Transmitter>,
    #[param]
    allocator: Handle<iface::Allocator>,
    #[param]
    shape: Vec<i32>,
    #[param(default = 0i32)]
    storage_type: i32,
    #[param(default = true)]
    enable_timestamps: bool,
    /// The name of the tensor in the output message.
    #[param(headline = "Tensor Name", default = "tensor")]
    tensor_name: String,
    /// The name of the timestamp in the output message.
    #[param(headline = "Timestamp Name", default = "timestamp")]
    timestamp_name: String,
    /// number of tensors to be generated in the message.
    #[param(headline = "Number of Tensors", default = 1i32)]
    number_of_tensors: i32,
    tensor_shape: Shape,
    storage: MemoryStorageType,
    random: Random,
}

impl TensorGenerator {
    fn check_settings(&mut self, _ctx: &ComponentContext) -> Result<()> {
        if self.shape.len() > MAX_RANK {
            return fail(Code::GXF_FAILURE, format!("shape {:?} has a rank above {MAX_RANK}", self.shape));
        }
        self.tensor_shape = Shape::new(&self.shape);
        self.storage = MemoryStorageType::from_raw(self.storage_type)?;
        self.random = Random(system_now() as u64);
        Ok(())
    }
}

impl Codelet for TensorGenerator {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        let mut msg = Message::new(tick.context())?;
        let acqtime = system_now();
        let desc = TensorDescription::new(&self.tensor_name, self.storage, self.tensor_shape, PrimitiveType::Float32);
        for _ in 0..self.number_of_tensors {
            let tensor = add_tensor(&mut msg, self.allocator, &desc)?;
            let mut random = || self.random.uniform(f32::MIN_POSITIVE.into(), f32::MAX.into()) as f32;
            if self.storage != MemoryStorageType::Device {
                tensor.data_mut::<f32>()?.iter_mut().for_each(|v| *v = random());
                continue;
            }
            // Device memory: filled on the host, then copied over.
            let values: Vec<f32> = (0..tensor.element_count()).map(|_| random()).collect();
            let bytes = std::mem::size_of_val(values.as_slice());
            // SAFETY: the tensor holds `element_count` float32 elements; `values` as many.
            unsafe { gxf_cuda_sdk::copy_bytes(tensor.pointer(), values.as_ptr() as *const u8, bytes)? };
        }
        let pubtime = system_now();
        if self.enable_timestamps {
            msg.add(&self.timestamp_name, Timestamp { pubtime, acqtime })?;
        }
        self.output.publish(&msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factorial_digits_little_endian() {
        let mut d = [9u8; 5];
        factorial_digits(5, &mut d).unwrap();
        assert_eq!(d, [0, 2, 1, 0, 0]);
        factorial_digits(0, &mut d).unwrap();
        assert_eq!(d, [1, 0, 0, 0, 0]);
        assert_eq!(factorial_digits(10, &mut d).unwrap_err().code, Code::GXF_FAILURE);
        assert_eq!(factorial_digits(3, &mut []).unwrap_err().code, Code::GXF_ARGUMENT_OUT_OF_RANGE);
    }

    #[test]
    fn random_values_stay_in_range() {
        let mut r = Random(7);
        for _ in 0..1000 {
            let v = r.uniform(1.0, 2.0);
            assert!((1.0..2.0).contains(&v));
        }
    }
}
