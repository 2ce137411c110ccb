//! Std terms driven by codelets, other threads or resources: TargetTime, Asynchronous,
//! MemoryAvailable, and the OrSchedulingTermCombiner.

use crate::terms::StateClock;
use gxf_core::prelude::*;
use std::sync::{Mutex, MutexGuard};

/// Registers the terms of this module.
pub(crate) fn register(ext: &mut ExtensionBuilder) {
    let base = "nvidia::gxf::SchedulingTerm";
    ext.term::<TargetTimeSchedulingTerm>(
        "nvidia::gxf::TargetTimeSchedulingTerm",
        "e4aaf5c3-2b10-4c9a-c463-ebf6084149bf",
        base,
        "Tick at a codelet-chosen time",
    )
    .term::<AsynchronousSchedulingTerm>(
        "nvidia::gxf::AsynchronousSchedulingTerm",
        "56be1662-ff63-4179-9200-3fcd8dc38673",
        base,
        "Externally signalled",
    )
    .term::<MemoryAvailableSchedulingTerm>(
        "nvidia::gxf::MemoryAvailableSchedulingTerm",
        "f976d23a-8220-74e2-a5d9-04ed71b2454a",
        base,
        "Wait for allocator room",
    )
    .term::<OrSchedulingTermCombiner>(
        "nvidia::gxf::OrSchedulingTermCombiner",
        "df28988e-42ed-11ef-a09a-cbbf54a5a986",
        "nvidia::gxf::SchedulingTermCombiner",
        "OR over listed terms",
    );
}

/// `GXF_EVENT_EXTERNAL`.
const EVENT_EXTERNAL: i32 = 1;
/// `GXF_EVENT_TIME_UPDATE`.
const EVENT_TIME_UPDATE: i32 = 4;

/// Who owns a term: where its notifications go.
#[derive(Clone, Copy, Debug, Default)]
struct Owner {
    context: ContextRef,
    eid: i64,
}

impl Owner {
    fn of(ctx: &ComponentContext) -> Owner {
        Owner { context: ctx.context(), eid: ctx.eid() }
    }

    /// Sends `event` for the owning entity (nothing before `initialize`).
    fn notify(self, event: i32) {
        if !self.context.raw().is_null() {
            self.context.notify(self.eid, event);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Requested and locked-in target times of a [`TargetTimeSchedulingTerm`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Targets {
    requested: Option<i64>,
    locked: Option<i64>,
}

impl Targets {
    /// Stores a request; it may not precede the target currently locked in.
    fn request(&mut self, ns: i64) -> Result<()> {
        if let Some(locked) = self.locked.filter(|&l| l > ns) {
            return fail(
                Code::GXF_FAILURE,
                format!("Next target timestamp ({ns}) should be on or after the current target timestamp ({locked})"),
            );
        }
        self.requested = Some(ns);
        Ok(())
    }

    /// Locks in a pending request when nothing is locked, then reports the condition at `now`.
    fn check(&mut self, now: i64) -> Condition {
        if self.locked.is_none() {
            if let Some(t) = self.requested.take() {
                self.locked = Some(t);
            }
        }
        match self.locked {
            None => Condition::Wait,
            Some(t) if t > now => Condition::WaitTime(t),
            Some(t) => Condition::Ready(t),
        }
    }
}

/// `nvidia::gxf::TargetTimeSchedulingTerm`: ticks at times chosen by a codelet through
/// `set_next_target_time`; waits while none is pending.
#[derive(Default)]
pub struct TargetTimeSchedulingTerm {
    owner: Owner,
    targets: Mutex<Targets>,
}

impl Component for TargetTimeSchedulingTerm {
    fn query_interface(iface: Tid) -> *const std::ffi::c_void {
        gxf_core::gxf_interfaces!(iface; TARGET_TIME => iface::TargetTimeSchedulingTerm)
    }

    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Clock>>("clock").description("The clock used to define target time");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let clock: Handle<iface::Clock> = ctx.param("clock")?;
        self.owner = Owner::of(ctx);
        // The first check is READY: the initial request is the clock's current time.
        *lock(&self.targets) = Targets { requested: Some(clock.timestamp()), locked: None };
        Ok(())
    }
}

impl TargetTimeTerm for TargetTimeSchedulingTerm {
    fn set_next_target_time(&self, ns: i64) -> Result<()> {
        lock(&self.targets).request(ns)?;
        self.owner.notify(EVENT_TIME_UPDATE);
        Ok(())
    }
}

impl SchedulingTerm for TargetTimeSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        Ok(lock(&self.targets).check(now))
    }

    fn on_execute(&self, _now: i64) -> Result<()> {
        lock(&self.targets).locked = None;
        Ok(())
    }
}

/// GXF's `AsynchronousEventState` values.
mod event_state {
    pub const READY: i32 = 0;
    pub const WAIT: i32 = 1;
    pub const EVENT_WAITING: i32 = 2;
    pub const EVENT_DONE: i32 = 3;
    pub const EVENT_NEVER: i32 = 4;
}

/// `nvidia::gxf::AsynchronousSchedulingTerm`: its state is set by other threads; EVENT_DONE wakes
/// the entity with an external event.
#[derive(Default)]
pub struct AsynchronousSchedulingTerm {
    owner: Owner,
    state: Mutex<i32>,
}

impl Component for AsynchronousSchedulingTerm {
    fn query_interface(iface: Tid) -> *const std::ffi::c_void {
        gxf_core::gxf_interfaces!(iface; ASYNC_TERM => iface::AsynchronousSchedulingTerm)
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.owner = Owner::of(ctx);
        *lock(&self.state) = event_state::READY;
        Ok(())
    }
}

impl AsyncEventTerm for AsynchronousSchedulingTerm {
    fn set_event_state(&self, state: i32) -> Result<()> {
        if !(event_state::READY..=event_state::EVENT_NEVER).contains(&state) {
            return fail(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("unknown asynchronous event state {state}"));
        }
        *lock(&self.state) = state;
        // Notified after releasing the state lock: a scheduler may check this term while it
        // holds its own lock.
        if state == event_state::EVENT_DONE {
            self.owner.notify(EVENT_EXTERNAL);
        }
        Ok(())
    }

    fn event_state(&self) -> i32 {
        *lock(&self.state)
    }
}

impl SchedulingTerm for AsynchronousSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        Ok(match *lock(&self.state) {
            event_state::EVENT_NEVER => Condition::Never,
            event_state::EVENT_WAITING => Condition::WaitEvent,
            event_state::WAIT => Condition::Wait,
            _ => Condition::Ready(now),
        })
    }
}

/// `nvidia::gxf::MemoryAvailableSchedulingTerm`: ready while the allocator can serve `min_bytes`
/// (or `min_blocks` of its block size).
#[derive(Default)]
pub struct MemoryAvailableSchedulingTerm {
    allocator: Option<Handle<iface::Allocator>>,
    min_bytes: u64,
    state: StateClock,
}

impl Component for MemoryAvailableSchedulingTerm {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<Handle<iface::Allocator>>("allocator").description("The allocator to wait on");
        r.param::<u64>("min_bytes").optional().description("Bytes that must be available (exclusive with min_blocks)");
        r.param::<u64>("min_blocks").optional().description("Blocks that must be available (exclusive with min_bytes)");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let allocator: Handle<iface::Allocator> = ctx.param("allocator")?;
        self.min_bytes = match (ctx.try_param::<u64>("min_bytes")?, ctx.try_param::<u64>("min_blocks")?) {
            (Some(_), Some(_)) => {
                return fail(Code::GXF_PARAMETER_ALREADY_REGISTERED, "can only set min_bytes or min_blocks, not both")
            }
            (None, None) => {
                return fail(Code::GXF_PARAMETER_MANDATORY_NOT_SET, "need to specify one of min_bytes or min_blocks")
            }
            (Some(bytes), None) => bytes,
            (None, Some(blocks)) => allocator.block_size().saturating_mul(blocks),
        };
        self.allocator = Some(allocator);
        Ok(())
    }
}

impl SchedulingTerm for MemoryAvailableSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        let allocator = self.allocator.as_ref().ok_or(Code::GXF_UNINITIALIZED_VALUE)?;
        Ok(self.state.update(allocator.is_available(self.min_bytes), now))
    }

    fn on_execute(&self, now: i64) -> Result<()> {
        self.check(now).map(drop)
    }
}

/// `nvidia::gxf::OrSchedulingTermCombiner`: its `terms` are OR-ed together by the core (and, as in
/// GXF, never get `on_execute`).
#[derive(Default)]
pub struct OrSchedulingTermCombiner {
    terms: Vec<i64>,
}

impl Component for OrSchedulingTermCombiner {
    fn parameters(r: &mut ParamRegistrar) {
        r.param::<FixedVector<Handle<iface::SchedulingTerm>, 1024>>("terms").description("Terms OR-ed together");
    }

    fn initialize(&mut self, ctx: &ComponentContext) -> Result<()> {
        let terms = ctx.param::<FixedVector<Handle<iface::SchedulingTerm>, 1024>>("terms")?;
        self.terms = terms.0.iter().map(Handle::cid).collect();
        Ok(())
    }
}

impl SchedulingTerm for OrSchedulingTermCombiner {
    const IS_COMBINER: bool = true;

    /// Neutral for the AND over an entity's terms: the core evaluates the combined terms itself.
    fn check(&self, now: i64) -> Result<Condition> {
        Ok(Condition::Ready(now))
    }

    fn combined_terms(&self) -> Vec<i64> {
        self.terms.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asynchronous_states_map_to_conditions() {
        let term = AsynchronousSchedulingTerm::default();
        let after = |state| {
            term.set_event_state(state).unwrap();
            term.check(7).unwrap()
        };
        assert_eq!(after(event_state::READY), Condition::Ready(7));
        assert_eq!(after(event_state::WAIT), Condition::Wait);
        assert_eq!(after(event_state::EVENT_WAITING), Condition::WaitEvent);
        assert_eq!(after(event_state::EVENT_DONE), Condition::Ready(7));
        assert_eq!(after(event_state::EVENT_NEVER), Condition::Never);
        assert_eq!(term.set_event_state(5).unwrap_err().code, Code::GXF_ARGUMENT_OUT_OF_RANGE);
        assert_eq!(term.event_state(), event_state::EVENT_NEVER);
    }

    #[test]
    fn target_time_locks_one_request_at_a_time() {
        let mut t = Targets::default();
        assert_eq!(t.check(0), Condition::Wait);
        t.request(100).unwrap();
        assert_eq!(t.check(50), Condition::WaitTime(100));
        // A later request waits until the locked one was executed.
        t.request(200).unwrap();
        assert_eq!(t.check(150), Condition::Ready(100));
        // Going back before the locked target is refused.
        assert_eq!(t.request(90).unwrap_err().code, Code::GXF_FAILURE);
        t.locked = None; // on_execute
        assert_eq!(t.check(150), Condition::WaitTime(200));
        assert_eq!(t.check(200), Condition::Ready(200));
    }
}
