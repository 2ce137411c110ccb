//! `BTSchedulingTerm`: the condition of a behaviour-tree node, set by its parent's codelet.

use super::owner::Owner;
use gxf_sdk::abi::condition;
use gxf_sdk::abi::events::Event;
use gxf_sdk::abi::types;
use gxf_sdk::prelude::*;
use std::sync::atomic::{AtomicI32, Ordering};

/// `nvidia::gxf::BTSchedulingTerm`: a root node starts READY, any other WAIT; behaviour-tree
/// codelets move it with `set_condition`. READY and NEVER are reported as they are, anything
/// else as WAIT (as GXF does).
#[derive(Default, Component)]
#[gxf(
    info = types::BT_SCHEDULING_TERM,
    kind = SchedulingTerm,
    interfaces(iface::BTSchedulingTerm),
    initialize = Self::start_condition
)]
pub struct BTSchedulingTerm {
    /// Whether the entity is the root of its behaviour tree (starts READY)
    #[param]
    is_root: bool,
    condition: AtomicI32,
    owner: Owner,
}

impl BTSchedulingTerm {
    fn start_condition(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.owner = Owner::of(ctx);
        let start = if self.is_root { condition::READY } else { condition::WAIT };
        self.condition.store(start, Ordering::Relaxed);
        Ok(())
    }
}

impl SchedulingTerm for BTSchedulingTerm {
    const ON_EXECUTE: bool = false;

    fn check(&self, now: i64) -> Result<Condition> {
        Ok(match self.condition.load(Ordering::Relaxed) {
            condition::READY => Condition::Ready(now),
            condition::NEVER => Condition::Never,
            _ => Condition::Wait,
        })
    }
}

impl BtTerm for BTSchedulingTerm {
    fn set_condition(&self, condition: i32) -> Result<()> {
        if !(condition::NEVER..=condition::WAIT_EVENT).contains(&condition) {
            return fail(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("no SchedulingConditionType {condition}"));
        }
        self.condition.store(condition, Ordering::Relaxed);
        // GXF only stores the value; the event lets an event-based scheduler see the change too.
        self.owner.notify(Event::StateUpdate);
        Ok(())
    }
}
