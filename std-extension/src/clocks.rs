//! RealtimeClock (steady time, scalable) and ManualClock (time moves only when slept).

use gxf_core::prelude::*;
use std::sync::atomic::{AtomicI64, Ordering};
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
pub struct RealtimeClock {
    /// `monotonic_ns()` at initialize.
    reference_ns: i64,
    offset_ns: f64,
    scale: f64,
}

impl Default for RealtimeClock {
    fn default() -> Self {
        RealtimeClock { reference_ns: monotonic_ns(), offset_ns: 0.0, scale: 1.0 }
    }
}

impl Component for RealtimeClock {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<f64>("initial_time_offset").default(0.0f64).description("Clock value at initialize (s)");
        r.param::<f64>("initial_time_scale").default(1.0f64).description("Speed factor (> 0)");
        r.param::<bool>("use_time_since_epoch").default(false).description("Add wall-clock epoch seconds");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let scale: f64 = ctx.param("initial_time_scale")?;
        if scale <= 0.0 {
            return fail(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("initial_time_scale must be positive, got {scale}"));
        }
        let mut offset: f64 = ctx.param("initial_time_offset")?;
        if ctx.param::<bool>("use_time_since_epoch")? {
            offset += SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs_f64();
        }
        *self = RealtimeClock { reference_ns: monotonic_ns(), offset_ns: offset * 1e9, scale };
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

/// `nvidia::gxf::ManualClock`: virtual time; sleeping jumps forward instantly.
#[derive(Default)]
pub struct ManualClock {
    now: AtomicI64,
}

impl Component for ManualClock {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<i64>("initial_timestamp").default(0i64).description("Start time (ns)");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.now.store(ctx.param("initial_timestamp")?, Ordering::Relaxed);
        Ok(())
    }
}

impl Clock for ManualClock {
    fn timestamp(&self) -> i64 {
        self.now.load(Ordering::Relaxed)
    }

    fn sleep_for(&self, ns: i64) -> Result<()> {
        self.sleep_until(self.timestamp() + ns)
    }

    fn sleep_until(&self, ns: i64) -> Result<()> {
        let now = self.timestamp();
        if ns < now {
            return fail(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("cannot go back in time from {now} to {ns}"));
        }
        self.now.store(ns, Ordering::Relaxed);
        Ok(())
    }
}
