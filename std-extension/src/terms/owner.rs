//! Where a term's events go: the scheduler of the entity that owns it.

use gxf_sdk::abi::events::Event;
use gxf_sdk::prelude::*;

/// Who owns a term: where its notifications go.
#[derive(Clone, Copy, Debug, Default)]
pub struct Owner {
    context: ContextRef,
    eid: i64,
}

impl Owner {
    /// The owner of the component being initialized.
    pub fn of(ctx: &ComponentContext) -> Owner {
        Owner { context: ctx.context(), eid: ctx.eid() }
    }

    /// Sends `event` for the owning entity (nothing before `initialize`).
    pub fn notify(self, event: Event) {
        if !self.context.raw().is_null() {
            self.context.notify(self.eid, event as i32);
        }
    }
}
