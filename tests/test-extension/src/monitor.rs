//! `EntityMonitor` (logs every execution) and `WaitSchedulingTerm` (never ready).

use gxf_sdk::prelude::*;

/// Logs the result of each entity execution; never fails.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::EntityMonitor",
    uuid = "d3f52056-b8a0-974d-f8d3-c321bdf247ee",
    kind = Monitor,
    description = "Monitors entities during runtime and logs status to console.",
    initialize = Self::remember_context
)]
pub struct EntityMonitor {
    context: Option<ContextRef>,
}

impl EntityMonitor {
    fn remember_context(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.context = Some(ctx.context());
        Ok(())
    }
}

impl Monitor for EntityMonitor {
    fn on_execute(&self, eid: i64, timestamp: i64, code: i32) -> Result<()> {
        if let Some(context) = self.context {
            gxf_info!(
                "[t = {:.1}ms] {}: {}",
                timestamp as f64 * 1e-6,
                context.entity_name(eid),
                Code::from_raw(code).name()
            );
        }
        Ok(())
    }
}

/// A scheduling term that is always `WAIT` (used to provoke deadlock detection).
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::test::WaitSchedulingTerm",
    uuid = "a055fbf8-7588-11ed-a423-331e2d38b116",
    kind = SchedulingTerm,
    description = "Scheduling term that is always in WAIT state"
)]
pub struct WaitSchedulingTerm;

impl SchedulingTerm for WaitSchedulingTerm {
    fn check(&self, _now: i64) -> Result<Condition> {
        Ok(Condition::Wait)
    }
}
