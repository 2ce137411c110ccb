//! Small helpers: `TestLogger` (one log line per severity) and `VectorParameterTest`
//! (registers typed vector parameters for the parameter get/set APIs; checks nothing).

use gxf_core::prelude::*;

/// Logs one message per severity on each tick.
#[derive(Default)]
pub struct TestLogger;

impl Component for TestLogger {}

impl Codelet for TestLogger {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        gxf_error!("This is test error message");
        gxf_warn!("This is a test warning message");
        gxf_info!("This is a test info message");
        gxf_debug!("This is a test debug message");
        Ok(())
    }
}

/// Declares 1-D and 2-D vector parameters of float64/int64/uint64/int32.
#[derive(Default)]
pub struct VectorParameterTest;

impl Component for VectorParameterTest {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Vec<f64>>("five_64_bit_floats")
            .headline("testing float vector")
            .description("description for five_64_bit_floats");
        r.param::<Vec<i64>>("five_64_bit_ints")
            .headline("testing float vector")
            .description("description for five_64_bit_ints");
        r.param::<Vec<u64>>("five_64_bit_unsigned_ints")
            .headline("testing int64 vector")
            .description("description for five_64_bit_unsigned_ints");
        r.param::<Vec<i32>>("five_32_bit_ints")
            .headline("testing float vector")
            .description("description for five_32_bit_ints");
        r.param::<Vec<Vec<f64>>>("six_64_bit_float_2d")
            .headline("testing float vector")
            .description("description for six_64_bit_float_2d");
        r.param::<Vec<Vec<i64>>>("six_64_bit_int_2d")
            .headline("testing float vector")
            .description("description for six_64_bit_int_2d");
        r.param::<Vec<Vec<u64>>>("six_64_bit_uint_2d")
            .headline("testing float vector")
            .description("description for six_64_bit_uint_2d");
        r.param::<Vec<Vec<i32>>>("six_32_bit_int_2d")
            .headline("testing float vector")
            .description("description for vector_of_float");
    }
}
