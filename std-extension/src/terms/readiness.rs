//! When a term's ready/not-ready state last changed: the target time GXF reports with READY.

use gxf_sdk::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

/// Tracks when a ready/not-ready state last changed (the target time GXF reports).
#[derive(Default)]
pub struct StateClock {
    ready: AtomicBool,
    changed_at: AtomicI64,
}

impl StateClock {
    /// Records the new state at `now`; READY carries the time of the last change.
    pub fn update(&self, ready: bool, now: i64) -> Condition {
        // A load and a store, not a swap: a term is checked by one thread at a time (the one
        // executing its entity), and a swap is a locked read-modify-write on every check.
        if self.ready.load(Ordering::Relaxed) != ready {
            self.ready.store(ready, Ordering::Relaxed);
            self.changed_at.store(now, Ordering::Relaxed);
        }
        if ready {
            Condition::Ready(self.changed_at.load(Ordering::Relaxed))
        } else {
            Condition::Wait
        }
    }
}
