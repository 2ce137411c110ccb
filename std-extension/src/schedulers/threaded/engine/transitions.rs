//! The entity state machine: queueing, parking and settling after an execution, and events and
//! unscheduling from other threads.

use super::{Engine, Next, DONE, EXECUTING, NOTIFIED, QUEUED, RUNNING, TIMED, WAIT, WAIT_EVENT};
use gxf_sdk::sync::lock;
use std::cell::Cell;
use std::sync::atomic::{fence, Ordering::*};
use std::time::Duration;

impl Engine {
    pub(super) fn went_active(&self) {
        if self.active.fetch_add(1, SeqCst) == 0 {
            self.epoch.fetch_add(1, SeqCst);
        }
    }

    pub(super) fn went_inactive(&self) {
        if self.active.fetch_sub(1, SeqCst) == 1 {
            self.wake_dispatcher();
        }
    }

    /// Makes a QUEUED entity visible to the worker that may run it.
    pub(super) fn enqueue(&self, idx: u32) {
        if let Some(w) = self.slots[idx as usize].worker {
            if let Some(t) = self.workers[w].thread.get() {
                t.unpark();
            }
            return;
        }
        while !self.ready.push(idx) {
            // Unreachable: an entity is queued at most once and the ring holds them all.
            std::thread::yield_now();
        }
        fence(SeqCst);
        for w in self.workers.iter().filter(|w| w.shares) {
            if w.idle.load(Relaxed) && w.idle.swap(false, SeqCst) {
                if let Some(t) = w.thread.get() {
                    t.unpark();
                }
                return;
            }
        }
    }

    /// Applies the outcome of an execution or check of a RUNNING entity; `counted` tells whether
    /// it is counted in `active` (executions are, dispatcher checks are not).
    pub(super) fn settle(&self, idx: u32, next: Next, counted: bool) {
        let state = &self.slots[idx as usize].state;
        match next {
            Next::Requeue => {
                // Counted before it becomes visible: a pinned worker may claim it at once.
                if !counted {
                    self.went_active();
                }
                state.store(QUEUED, SeqCst);
                self.enqueue(idx);
            }
            Next::Timed(t) => {
                state.store(TIMED, SeqCst);
                lock(&self.timed).insert(t, idx);
                if self.next_timed.fetch_min(t, SeqCst) > t {
                    self.wake_dispatcher();
                }
                if counted {
                    self.went_inactive();
                }
            }
            Next::Park(parked) => match state.compare_exchange(RUNNING, parked, SeqCst, SeqCst) {
                Ok(_) if counted => self.went_inactive(),
                Ok(_) => {}
                // An event came while it ran: look again.
                Err(_) => self.settle(idx, Next::Requeue, counted),
            },
            Next::Done => {
                state.store(DONE, SeqCst);
                if counted {
                    self.went_inactive();
                }
            }
        }
    }

    /// An event for entity `eid`: a parked entity is queued, a running one re-checked afterwards.
    pub fn notify(&self, eid: i64) {
        let Ok(pos) = self.by_eid.binary_search_by_key(&eid, |&(e, _)| e) else {
            return;
        };
        let idx = self.by_eid[pos].1;
        let state = &self.slots[idx as usize].state;
        let mut current = state.load(Acquire);
        loop {
            match current {
                WAIT | WAIT_EVENT => {
                    self.went_active();
                    match state.compare_exchange(current, QUEUED, SeqCst, Acquire) {
                        Ok(_) => return self.enqueue(idx),
                        Err(c) => {
                            self.went_inactive();
                            current = c;
                        }
                    }
                }
                RUNNING => match state.compare_exchange(RUNNING, NOTIFIED, SeqCst, Acquire) {
                    Ok(_) => return,
                    Err(c) => current = c,
                },
                _ => return,
            }
        }
    }

    /// Removes `eid` from the run; returns once no thread executes it any more.
    pub fn unschedule(&self, eid: i64) {
        let Ok(pos) = self.by_eid.binary_search_by_key(&eid, |&(e, _)| e) else {
            return;
        };
        let slot = &self.slots[self.by_eid[pos].1 as usize];
        slot.unscheduled.store(true, SeqCst);
        loop {
            for parked in [WAIT, WAIT_EVENT, TIMED] {
                let _ = slot.state.compare_exchange(parked, DONE, SeqCst, SeqCst);
            }
            if !matches!(slot.state.load(SeqCst), RUNNING | NOTIFIED) || EXECUTING.with(Cell::get) == eid {
                return;
            }
            std::thread::sleep(Duration::from_micros(100));
        }
    }
}
