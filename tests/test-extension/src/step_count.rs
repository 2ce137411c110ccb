//! `StepCount` / `StepRangeCount`: codelets that check how often they were started and ticked.
//!
//! GXF's `use_assert: true` aborts the process on a failed check; here the parameter is accepted
//! for compatibility but failures are always returned as errors with a message.

use gxf_sdk::prelude::*;

/// Start/tick/stop bookkeeping shared by both codelets, with GXF's sequence checks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counter {
    initialized: bool,
    starts: u64,
    ticks: u64,
    stops: u64,
}

fn invalid_sequence(what: &str) -> Error {
    Error::new(Code::GXF_CONTRACT_INVALID_SEQUENCE, what)
}

impl Counter {
    fn initialize(&mut self) {
        *self = Counter { initialized: true, ..Counter::default() };
    }

    fn start(&mut self) -> Result<()> {
        if !self.initialized {
            return Err(invalid_sequence("start before initialize"));
        }
        self.starts += 1;
        Ok(())
    }

    fn tick(&mut self) -> Result<()> {
        if self.starts == 0 {
            return Err(invalid_sequence("tick before start"));
        }
        self.ticks += 1;
        Ok(())
    }

    fn stop(&mut self) -> Result<()> {
        if self.starts != self.stops + 1 {
            return Err(invalid_sequence(&format!(
                "stop without a matching start ({} starts, {} stops before this one)",
                self.starts, self.stops
            )));
        }
        self.stops += 1;
        Ok(())
    }

    /// The deinitialize checks: start count first, then `check_ticks`, then start/stop balance.
    fn finish(&self, expected_starts: u64, check_ticks: impl FnOnce(u64) -> Result<()>) -> Result<()> {
        if !self.initialized {
            return Err(invalid_sequence("deinitialize before initialize"));
        }
        if self.starts != expected_starts {
            return fail(
                Code::GXF_FAILURE,
                format!("Start count [{}] does not match expected start count [{expected_starts}]", self.starts),
            );
        }
        check_ticks(self.ticks)?;
        if self.starts != self.stops {
            return Err(invalid_sequence(&format!(
                "start count [{}] does not match stop count [{}]",
                self.starts, self.stops
            )));
        }
        Ok(())
    }
}

fn exact_ticks(expected: u64) -> impl FnOnce(u64) -> Result<()> {
    move |ticks| {
        if ticks == expected {
            Ok(())
        } else {
            fail(Code::GXF_FAILURE, format!("Tick count [{ticks}] does not match expected tick count [{expected}]"))
        }
    }
}

fn ticks_in_range(lo: u64, hi: u64) -> impl FnOnce(u64) -> Result<()> {
    move |ticks| {
        if ticks < lo {
            fail(
                Code::GXF_FAILURE,
                format!("Tick count [{ticks}] is lower than expected tick count range start [{lo}]"),
            )
        } else if ticks > hi {
            fail(Code::GXF_FAILURE, format!("Tick count [{ticks}] is higher than expected tick count range end [{hi}]"))
        } else {
            Ok(())
        }
    }
}

/// Checks in `deinitialize` that it was started `expected_start_count` times and ticked exactly
/// `expected_count` times.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::StepCount",
    uuid = "c076cb71-55ca-4687-8c84-c789818f5cf7",
    kind = Codelet,
    description = "Tests that the codelet was stepped a certain number of times",
    initialize = Self::start_counting,
    deinitialize = Self::finish
)]
pub struct StepCount {
    /// If enabled the codelet will assert when test conditions are not true
    #[param(key = "use_assert", headline = "Use ASSERT", default = false)]
    _use_assert: bool,
    #[param(default = 1u64)]
    expected_start_count: u64,
    #[param(default = 0u64)]
    expected_count: u64,
    counter: Counter,
}

impl StepCount {
    fn start_counting(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.counter.initialize();
        Ok(())
    }

    fn finish(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.counter.finish(self.expected_start_count, exact_ticks(self.expected_count))
    }
}

impl Codelet for StepCount {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        self.counter.start()
    }
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        self.counter.tick()
    }
    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        self.counter.stop()
    }
}

/// Like [`StepCount`], but the tick count must lie in
/// `[expected_count_range_start, expected_count_range_end]`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::StepRangeCount",
    uuid = "947e3c3d-1221-42d5-92f1-fe6c7fd95a8a",
    kind = Codelet,
    description = "Tests that the codelet was stepped a certain number of times within a given range",
    initialize = Self::start_counting,
    deinitialize = Self::finish
)]
pub struct StepRangeCount {
    /// If enabled the codelet will assert when test conditions are not true
    #[param(key = "use_assert", headline = "Use ASSERT", default = false)]
    _use_assert: bool,
    #[param(default = 1u64)]
    expected_start_count: u64,
    #[param(headline = "the start of the expected count range", default = 0u64)]
    expected_count_range_start: u64,
    #[param(headline = "the end of the expected count range", default = 0u64)]
    expected_count_range_end: u64,
    counter: Counter,
}

impl StepRangeCount {
    fn start_counting(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.counter.initialize();
        Ok(())
    }

    fn finish(&mut self, _ctx: &ComponentContext) -> Result<()> {
        let range = ticks_in_range(self.expected_count_range_start, self.expected_count_range_end);
        self.counter.finish(self.expected_start_count, range)
    }
}

impl Codelet for StepRangeCount {
    fn start(&mut self, _tick: &Tick) -> Result<()> {
        self.counter.start()
    }
    fn tick(&mut self, _tick: &Tick) -> Result<()> {
        self.counter.tick()
    }
    fn stop(&mut self, _tick: &Tick) -> Result<()> {
        self.counter.stop()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(starts: u64, ticks: u64) -> Counter {
        let mut c = Counter::default();
        c.initialize();
        for _ in 0..starts {
            c.start().unwrap();
            for _ in 0..ticks {
                c.tick().unwrap();
            }
            c.stop().unwrap();
        }
        c
    }

    #[test]
    fn exact_count_passes_and_mismatch_names_both_counts() {
        assert!(run(1, 100).finish(1, exact_ticks(100)).is_ok());
        let e = run(1, 99).finish(1, exact_ticks(100)).unwrap_err();
        assert_eq!(e.code, Code::GXF_FAILURE);
        assert!(e.message.contains("[99]") && e.message.contains("[100]"), "{}", e.message);
    }

    #[test]
    fn start_count_is_checked_before_ticks() {
        let e = run(2, 0).finish(1, exact_ticks(5)).unwrap_err();
        assert!(e.message.starts_with("Start count [2]"), "{}", e.message);
    }

    #[test]
    fn range_is_inclusive() {
        assert!(run(1, 10).finish(1, ticks_in_range(10, 20)).is_ok());
        assert!(run(1, 20).finish(1, ticks_in_range(10, 20)).is_ok());
        assert!(run(1, 9).finish(1, ticks_in_range(10, 20)).unwrap_err().message.contains("lower"));
        assert!(run(1, 21).finish(1, ticks_in_range(10, 20)).unwrap_err().message.contains("higher"));
    }

    #[test]
    fn sequence_errors() {
        let mut c = Counter::default();
        assert_eq!(c.start().unwrap_err().code, Code::GXF_CONTRACT_INVALID_SEQUENCE);
        c.initialize();
        assert_eq!(c.tick().unwrap_err().code, Code::GXF_CONTRACT_INVALID_SEQUENCE);
        assert_eq!(c.stop().unwrap_err().code, Code::GXF_CONTRACT_INVALID_SEQUENCE);
        c.start().unwrap();
        assert_eq!(c.finish(1, exact_ticks(0)).unwrap_err().code, Code::GXF_CONTRACT_INVALID_SEQUENCE);
        assert_eq!(Counter::default().finish(0, exact_ticks(0)).unwrap_err().code, Code::GXF_CONTRACT_INVALID_SEQUENCE);
    }
}
