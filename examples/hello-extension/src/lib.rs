//! A complete third-party GXF extension: one codelet that counts its ticks and greets.

use gxf_sdk::prelude::*;

/// Logs a greeting every tick and, at stop, how many ticks it saw.
#[derive(Default, Component)]
#[gxf(name = "example::Greeter", uuid = "6d3c1e7f-2b4a-4c59-8e1d-9a7b5c3f2e10", kind = Codelet,
      description = "Greets every tick")]
pub struct Greeter {
    /// What to say each tick
    #[param(default = "hello")]
    greeting: String,
    ticks: u64,
}

impl Codelet for Greeter {
    fn tick(&mut self, tick: &Tick) -> Result<()> {
        self.ticks += 1;
        gxf_info!("{} #{} at {} ns", self.greeting, tick.count(), tick.timestamp());
        Ok(())
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        gxf_info!("Greeter ticked {} times", self.ticks);
        Ok(())
    }
}

fn register(ext: &mut ExtensionBuilder) {
    ext.info(ExtensionMeta {
        name: "HelloExtension",
        uuid: "3b8a6f2e-5a51-4a8e-9c36-1f2d0e6b7a10",
        version: "0.1.0",
        description: "Example third-party extension",
        author: "You",
        license: "Apache-2.0",
        ..ExtensionMeta::default()
    });
    ext.add::<Greeter>();
}

gxf_extension!(register);
