//! Receiving helpers: `PingPollRx` (counts what arrives) and `PingBatchRx` (receives batches).

use crate::ready;
use gxf_core::prelude::*;

/// Receives whenever ticked (empty is fine) and checks the number of messages at `stop`.
#[derive(Default)]
pub struct PingPollRx {
    signal: Option<Handle<iface::Receiver>>,
    expected: u64,
    counter: u64,
}

impl Component for PingPollRx {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Receiver>>("signal");
        r.param::<u64>("expected_counter");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.signal = Some(ctx.param("signal")?);
        self.expected = ctx.param("expected_counter")?;
        Ok(())
    }
}

impl Codelet for PingPollRx {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        self.counter = 0;
        Ok(())
    }

    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        if let Ok(Some(_)) = ready(self.signal, "signal")?.receive() {
            self.counter += 1;
        }
        Ok(())
    }

    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        if self.counter != self.expected {
            return fail(Code::GXF_FAILURE, format!("counter does not match: {} vs {}", self.counter, self.expected));
        }
        Ok(())
    }
}

/// Receives `batch_size` messages per tick; with `assert_full_batch` a missing one fails.
#[derive(Default)]
pub struct PingBatchRx {
    signal: Option<Handle<iface::Receiver>>,
    batch_size: i64,
    assert_full_batch: bool,
}

impl Component for PingBatchRx {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Receiver>>("signal");
        r.param::<i64>("batch_size");
        r.param::<bool>("assert_full_batch")
            .headline("Assert Full Batch")
            .description("Assert if the batch is not fully populated.")
            .default(true);
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.signal = Some(ctx.param("signal")?);
        self.batch_size = ctx.param("batch_size")?;
        self.assert_full_batch = ctx.param("assert_full_batch")?;
        Ok(())
    }
}

impl Codelet for PingBatchRx {
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        let signal = ready(self.signal, "signal")?;
        for _ in 0..self.batch_size {
            let received = signal.receive();
            if self.assert_full_batch && !matches!(received, Ok(Some(_))) {
                return fail(Code::GXF_CONTRACT_MESSAGE_NOT_AVAILABLE, "batch is not fully populated");
            }
        }
        Ok(())
    }
}
