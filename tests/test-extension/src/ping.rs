//! Receiving helpers: `PingPollRx` (counts what arrives) and `PingBatchRx` (receives batches).

use gxf_sdk::prelude::*;

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

/// Receives `batch_size` messages per tick; with `assert_full_batch` a missing one fails.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::PingBatchRx",
    uuid = "85058d3a-5539-11eb-be0b-873d2618d774",
    kind = Codelet,
    description = "Receives an entity"
)]
pub struct PingBatchRx {
    #[param]
    signal: Handle<iface::Receiver>,
    #[param]
    batch_size: i64,
    /// Assert if the batch is not fully populated.
    #[param(headline = "Assert Full Batch", default = true)]
    assert_full_batch: bool,
}

impl Codelet for PingBatchRx {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        for _ in 0..self.batch_size {
            let received = self.signal.receive();
            if self.assert_full_batch && !matches!(received, Ok(Some(_))) {
                return fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, "batch is not fully populated");
            }
        }
        Ok(())
    }
}
