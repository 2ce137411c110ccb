//! `MockFailure`: a codelet that fails once it has ticked `num_max_ticks` times.

use gxf_core::prelude::*;

/// Ticks successfully `num_max_ticks` times, then every further tick fails with `GXF_FAILURE`.
#[derive(Default)]
pub struct MockFailure {
    max_ticks: i32,
    ticks: i32,
}

impl Component for MockFailure {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<i32>("num_max_ticks").headline("The number max ticks allowed");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.max_ticks = ctx.param("num_max_ticks")?;
        Ok(())
    }
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
