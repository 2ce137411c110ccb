//! `AsynchronousSchedulingTerm`: a term whose state other threads set; it wakes its entity with an
//! external event.

use super::owner::Owner;
use gxf_sdk::abi::events::{AsyncEventState, Event};
use gxf_sdk::abi::types;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use std::sync::Mutex;

/// `nvidia::gxf::AsynchronousSchedulingTerm`: its state is set by other threads; EVENT_DONE wakes
/// the entity with an external event.
#[derive(Component)]
#[gxf(
    info = types::ASYNCHRONOUS_SCHEDULING_TERM,
    kind = SchedulingTerm,
    interfaces(iface::AsynchronousSchedulingTerm),
    initialize = Self::reset_state
)]
pub struct AsynchronousSchedulingTerm {
    owner: Owner,
    state: Mutex<AsyncEventState>,
}

impl Default for AsynchronousSchedulingTerm {
    fn default() -> Self {
        AsynchronousSchedulingTerm { owner: Owner::default(), state: Mutex::new(AsyncEventState::Ready) }
    }
}

impl AsynchronousSchedulingTerm {
    fn reset_state(&mut self, ctx: &ComponentContext) -> Result<()> {
        self.owner = Owner::of(ctx);
        *lock(&self.state) = AsyncEventState::Ready;
        Ok(())
    }
}

impl AsyncEventTerm for AsynchronousSchedulingTerm {
    fn set_event_state(&self, state: i32) -> Result<()> {
        let Some(state) = AsyncEventState::from_raw(state) else {
            return fail(Code::GXF_ARGUMENT_OUT_OF_RANGE, format!("unknown asynchronous event state {state}"));
        };
        *lock(&self.state) = state;
        // Notified after releasing the state lock: a scheduler may check this term while it
        // holds its own lock.
        if state == AsyncEventState::EventDone {
            self.owner.notify(Event::External);
        }
        Ok(())
    }

    fn event_state(&self) -> i32 {
        *lock(&self.state) as i32
    }
}

impl SchedulingTerm for AsynchronousSchedulingTerm {
    fn check(&self, now: i64) -> Result<Condition> {
        Ok(match *lock(&self.state) {
            AsyncEventState::EventNever => Condition::Never,
            AsyncEventState::EventWaiting => Condition::WaitEvent,
            AsyncEventState::Wait => Condition::Wait,
            AsyncEventState::Ready | AsyncEventState::EventDone => Condition::Ready(now),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asynchronous_states_map_to_conditions() {
        let term = AsynchronousSchedulingTerm::default();
        let after = |state: AsyncEventState| {
            term.set_event_state(state as i32).unwrap();
            term.check(7).unwrap()
        };
        assert_eq!(after(AsyncEventState::Ready), Condition::Ready(7));
        assert_eq!(after(AsyncEventState::Wait), Condition::Wait);
        assert_eq!(after(AsyncEventState::EventWaiting), Condition::WaitEvent);
        assert_eq!(after(AsyncEventState::EventDone), Condition::Ready(7));
        assert_eq!(after(AsyncEventState::EventNever), Condition::Never);
        assert_eq!(term.set_event_state(5).unwrap_err().code, Code::GXF_ARGUMENT_OUT_OF_RANGE);
        assert_eq!(term.event_state(), AsyncEventState::EventNever as i32);
    }
}
