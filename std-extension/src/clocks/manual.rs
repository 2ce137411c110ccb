//! `ManualClock`: virtual time that moves only when slept.

use gxf_sdk::prelude::*;
use std::sync::atomic::{AtomicI64, Ordering};

/// `nvidia::gxf::ManualClock`: virtual time; sleeping jumps forward instantly.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::ManualClock",
    uuid = "52fa1f97-eba8-472a-a8ca-4cff1a2c440f",
    kind = Clock,
    description = "Virtual time advanced by sleeping",
    initialize = Self::set_initial_time
)]
pub struct ManualClock {
    /// Start time (ns)
    #[param(default = 0i64)]
    initial_timestamp: i64,
    now: AtomicI64,
}

impl ManualClock {
    fn set_initial_time(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.now.store(self.initial_timestamp, Ordering::Relaxed);
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
