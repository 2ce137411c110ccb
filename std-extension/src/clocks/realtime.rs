//! `RealtimeClock`: steady time from `CLOCK_MONOTONIC`, with an offset and a speed factor.

use gxf_sdk::prelude::*;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `CLOCK_MONOTONIC` in nanoseconds, read directly (`Instant::elapsed` costs a few nanoseconds
/// more, and the greedy scheduler reads the clock once per round).
fn monotonic_ns() -> i64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: ts is a valid timespec; CLOCK_MONOTONIC always exists on Linux, so this cannot fail.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec * 1_000_000_000 + ts.tv_nsec
}

/// `nvidia::gxf::RealtimeClock`.
#[derive(Component)]
#[gxf(
    name = "nvidia::gxf::RealtimeClock",
    uuid = "7b170b7b-cf1a-4f3f-997c-bfea25342381",
    kind = Clock,
    description = "Steady clock, scalable",
    initialize = Self::start_clock
)]
pub struct RealtimeClock {
    /// Clock value at initialize (s)
    #[param(default = 0.0f64)]
    initial_time_offset: f64,
    /// Speed factor (> 0)
    #[param(default = 1.0f64)]
    initial_time_scale: f64,
    /// Add wall-clock epoch seconds
    #[param(default = false)]
    use_time_since_epoch: bool,
    /// `monotonic_ns()` at initialize.
    reference_ns: i64,
    offset_ns: f64,
    scale: f64,
}

impl Default for RealtimeClock {
    fn default() -> Self {
        RealtimeClock {
            initial_time_offset: 0.0,
            initial_time_scale: 1.0,
            use_time_since_epoch: false,
            reference_ns: monotonic_ns(),
            offset_ns: 0.0,
            scale: 1.0,
        }
    }
}

impl RealtimeClock {
    fn start_clock(&mut self, _ctx: &ComponentContext) -> Result<()> {
        let scale = self.initial_time_scale;
        if scale <= 0.0 {
            return fail(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("initial_time_scale must be positive, got {scale}"));
        }
        let mut offset = self.initial_time_offset;
        if self.use_time_since_epoch {
            offset += SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs_f64();
        }
        (self.reference_ns, self.offset_ns, self.scale) = (monotonic_ns(), offset * 1e9, scale);
        Ok(())
    }
}

impl Clock for RealtimeClock {
    fn timestamp(&self) -> i64 {
        let ns = monotonic_ns() - self.reference_ns;
        if self.scale == 1.0 {
            self.offset_ns as i64 + ns
        } else {
            (self.offset_ns + self.scale * ns as f64) as i64
        }
    }

    fn sleep_for(&self, ns: i64) -> Result<()> {
        if ns < 0 {
            return fail(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("cannot sleep for a negative duration ({ns} ns)"));
        }
        std::thread::sleep(Duration::from_nanos((ns as f64 / self.scale) as u64));
        Ok(())
    }

    fn sleep_until(&self, ns: i64) -> Result<()> {
        self.sleep_for(ns - self.timestamp())
    }
}
