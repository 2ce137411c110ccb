//! Terms that end an entity's ticking: `CountSchedulingTerm` after a number of ticks,
//! `BooleanSchedulingTerm` once switched off.

use gxf_sdk::abi::types;
use gxf_sdk::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

/// `nvidia::gxf::CountSchedulingTerm`: tick `count` times, then NEVER.
#[derive(Default, Component)]
#[gxf(
    info = types::COUNT_SCHEDULING_TERM,
    kind = SchedulingTerm,
    initialize = Self::reset_count
)]
pub struct CountSchedulingTerm {
    /// Number of permitted ticks (negative: unlimited)
    #[param]
    count: i64,
    remaining: AtomicI64,
    last: AtomicI64,
}

impl CountSchedulingTerm {
    fn reset_count(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.remaining = AtomicI64::new(self.count);
        self.last = AtomicI64::new(0);
        Ok(())
    }
}

impl SchedulingTerm for CountSchedulingTerm {
    fn check(&self, _now: i64) -> Result<Condition> {
        Ok(match self.remaining.load(Ordering::Relaxed) {
            0 => Condition::Never,
            _ => Condition::Ready(self.last.load(Ordering::Relaxed)),
        })
    }

    fn on_execute(&self, now: i64) -> Result<()> {
        let remaining = self.remaining.load(Ordering::Relaxed);
        if remaining > 0 {
            self.remaining.store(remaining - 1, Ordering::Relaxed);
        }
        self.last.store(now, Ordering::Relaxed);
        Ok(())
    }
}

/// `nvidia::gxf::BooleanSchedulingTerm`: READY while enabled, NEVER once disabled.
#[derive(Default, Component)]
#[gxf(
    info = gxf_sdk::abi::types::BOOLEAN_SCHEDULING_TERM,
    kind = SchedulingTerm,
    interfaces(iface::BooleanSchedulingTerm),
    initialize = Self::apply_enable_tick
)]
pub struct BooleanSchedulingTerm {
    /// false stops the entity for good
    #[param(default = true, dynamic)]
    enable_tick: bool,
    enabled: AtomicBool,
}

impl BooleanSchedulingTerm {
    fn apply_enable_tick(&mut self, _ctx: &ComponentContext) -> Result<()> {
        self.set_enabled(self.enable_tick)
    }
}

impl BooleanTerm for BooleanSchedulingTerm {
    fn set_enabled(&self, enabled: bool) -> Result<()> {
        self.enabled.store(enabled, Ordering::Relaxed);
        Ok(())
    }

    fn is_enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }
}

impl SchedulingTerm for BooleanSchedulingTerm {
    const ON_EXECUTE: bool = false;

    fn check(&self, now: i64) -> Result<Condition> {
        Ok(if self.enabled.load(Ordering::Relaxed) { Condition::Ready(now) } else { Condition::Never })
    }
}
