//! `EntityMonitor` (logs every execution) and `WaitSchedulingTerm` (never ready).

use gxf_core::prelude::*;

/// Logs the result of each entity execution; never fails.
#[derive(Default)]
pub struct EntityMonitor {
    context: Option<ContextRef>,
}

impl Component for EntityMonitor {
    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
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
#[derive(Default)]
pub struct WaitSchedulingTerm;

impl Component for WaitSchedulingTerm {}

impl SchedulingTerm for WaitSchedulingTerm {
    fn check(&self, _now: i64) -> Result<Condition> {
        Ok(Condition::Wait)
    }
}
