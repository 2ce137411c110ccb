//! Small helpers: `TestLogger` (one log line per severity) and `VectorParameterTest`
//! (registers typed vector parameters for the parameter get/set APIs; checks nothing).

use gxf_sdk::prelude::*;

/// Logs one message per severity on each tick.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::TestLogger",
    uuid = "121178a5-ee02-4251-b2d3-0663306bf3c3",
    kind = Codelet,
    description = "Prints sample logs for various log levels"
)]
pub struct TestLogger;

impl Codelet for TestLogger {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        gxf_error!("This is test error message");
        gxf_warn!("This is a test warning message");
        gxf_info!("This is a test info message");
        gxf_debug!("This is a test debug message");
        Ok(())
    }
}

/// Declares 1-D and 2-D vector parameters of float64/int64/uint64/int32 (headlines and
/// descriptions as GXF spells them, copy-paste slips included).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::VectorParameterTest",
    uuid = "b6c6697a-3b2d-79fa-0bb8-c8d6ad0f92ac",
    description = "Tests that vector params are loaded correctly from yaml and get/set works"
)]
pub struct VectorParameterTest {
    /// description for five_64_bit_floats
    #[param(key = "five_64_bit_floats", headline = "testing float vector")]
    _five_64_bit_floats: Vec<f64>,
    /// description for five_64_bit_ints
    #[param(key = "five_64_bit_ints", headline = "testing float vector")]
    _five_64_bit_ints: Vec<i64>,
    /// description for five_64_bit_unsigned_ints
    #[param(key = "five_64_bit_unsigned_ints", headline = "testing int64 vector")]
    _five_64_bit_unsigned_ints: Vec<u64>,
    /// description for five_32_bit_ints
    #[param(key = "five_32_bit_ints", headline = "testing float vector")]
    _five_32_bit_ints: Vec<i32>,
    /// description for six_64_bit_float_2d
    #[param(key = "six_64_bit_float_2d", headline = "testing float vector")]
    _six_64_bit_float_2d: Vec<Vec<f64>>,
    /// description for six_64_bit_int_2d
    #[param(key = "six_64_bit_int_2d", headline = "testing float vector")]
    _six_64_bit_int_2d: Vec<Vec<i64>>,
    /// description for six_64_bit_uint_2d
    #[param(key = "six_64_bit_uint_2d", headline = "testing float vector")]
    _six_64_bit_uint_2d: Vec<Vec<u64>>,
    /// description for vector_of_float
    #[param(key = "six_32_bit_int_2d", headline = "testing float vector")]
    _six_32_bit_int_2d: Vec<Vec<i32>>,
}
