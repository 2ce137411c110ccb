//! Receiving helpers: `PingPollRx` (counts what arrives) and `PingBatchRx` (receives batches).

use gxf_sdk::prelude::*;
use gxf_shared_codelets::Identity;

/// Receives whenever ticked (empty is fine) and checks the number of messages at `stop`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::PingPollRx",
    uuid = "64866edc-725b-11eb-9dfa-37dfe2305968",
    kind = Codelet,
    description = "Polls and receives an entity and check counter on stop"
)]
pub struct PingPollRx {
    #[param]
    signal: Handle<iface::Receiver>,
    #[param]
    expected_counter: u64,
    counter: u64,
}

impl Codelet for PingPollRx {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        self.counter = 0;
        Ok(())
    }

    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        if let Ok(Some(_)) = self.signal.receive() {
            self.counter += 1;
        }
        Ok(())
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        if self.counter != self.expected_counter {
            return fail(
                Code::GXF_FAILURE,
                format!("counter does not match: {} vs {}", self.counter, self.expected_counter),
            );
        }
        Ok(())
    }
}

/// The identity of `nvidia::gxf::test::PingBatchRx` (the codelet is shared with the sample extension).
#[derive(Default)]
pub struct TestBatchRxIdentity;

impl Identity for TestBatchRxIdentity {
    const TYPE: TypeInfo = TypeInfo {
        name: "nvidia::gxf::test::PingBatchRx",
        tid: Tid::from_uuid("85058d3a-5539-11eb-be0b-873d2618d774"),
        base: "nvidia::gxf::Codelet",
        description: "Receives an entity",
    };
}

/// Receives `batch_size` messages per tick.
pub type PingBatchRx = gxf_shared_codelets::PingBatchRx<TestBatchRxIdentity>;
