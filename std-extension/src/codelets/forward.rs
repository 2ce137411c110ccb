//! `Forward`: one message per tick from one receiver to one transmitter.

use super::receive_one;
use gxf_sdk::prelude::*;

/// `nvidia::gxf::Forward`: moves one message per tick from `in` to `out`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::Forward",
    uuid = "97cee543-8fb5-4541-8ff7-589318187ec0",
    kind = Codelet,
    description = "1 rx to 1 tx, one message per tick"
)]
pub struct Forward {
    /// Input channel
    #[param(key = "in")]
    input: Handle<iface::Receiver>,
    /// Output channel
    #[param(key = "out")]
    output: Handle<iface::Transmitter>,
}

impl Codelet for Forward {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        self.output.publish(&receive_one(&self.input)?)
    }
}
