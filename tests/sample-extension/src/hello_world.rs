//! `HelloWorld`: logs a greeting on every tick.

use gxf_core::prelude::*;

/// Logs "Hello world" each tick.
#[derive(Default)]
pub struct HelloWorld;

impl Component for HelloWorld {}

impl Codelet for HelloWorld {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        gxf_info!("Hello world");
        Ok(())
    }
}
