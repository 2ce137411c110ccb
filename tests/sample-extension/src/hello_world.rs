//! `HelloWorld`: logs a greeting on every tick.

use gxf_sdk::prelude::*;

/// Logs "Hello world" each tick.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::HelloWorld",
    uuid = "3d1e58fc-74fa-11ed-a7ee-f7e728cd4c11",
    kind = Codelet,
    description = "Prints a 'Hello world' string on execution"
)]
pub struct HelloWorld;

impl Codelet for HelloWorld {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        gxf_info!("Hello world");
        Ok(())
    }
}
