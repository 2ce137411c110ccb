//! `MockFailure`: a codelet that fails once it has ticked `num_max_ticks` times.

use gxf_sdk::prelude::*;

/// Ticks successfully `num_max_ticks` times, then every further tick fails with `GXF_FAILURE`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::MockFailure",
    uuid = "263ba11a-bf9d-11ed-a3ed-8f40163997e9",
    kind = Codelet,
    description = "A component that will return failure if ticked more than expected"
)]
pub struct MockFailure {
    #[param(key = "num_max_ticks", headline = "The number max ticks allowed")]
    max_ticks: i32,
    ticks: i32,
}

impl Codelet for MockFailure {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        if self.ticks >= self.max_ticks {
            return fail(Code::GXF_FAILURE, format!("ticked more than num_max_ticks ({}) times", self.max_ticks));
        }
        self.ticks += 1;
        Ok(())
    }
}
