//! Worker threads: claim a queued entity, execute it once, settle its next state.

use super::{Engine, Next, Worker, DONE, EXECUTING, QUEUED, RUNNING, WAIT, WAIT_EVENT};
use gxf_sdk::prelude::*;
use std::sync::atomic::{fence, Ordering::*};
use std::sync::Arc;

/// Idle polls of the ready ring before a worker parks.
const SPINS: usize = 64;

impl Engine {
    pub(super) fn worker_main(self: Arc<Self>, w: usize) {
        self.wait_for_go();
        let worker = &self.workers[w];
        'run: while !self.stopping.load(Acquire) {
            if let Some(idx) = self.next_job(worker) {
                self.run(idx);
                continue;
            }
            for _ in 0..SPINS {
                std::hint::spin_loop();
                if let Some(idx) = self.next_job(worker) {
                    self.run(idx);
                    continue 'run;
                }
            }
            worker.idle.store(true, SeqCst);
            fence(SeqCst);
            if let Some(idx) = self.next_job(worker) {
                worker.idle.store(false, SeqCst);
                self.run(idx);
                continue;
            }
            if !self.stopping.load(SeqCst) {
                std::thread::park();
            }
            worker.idle.store(false, SeqCst);
        }
    }

    /// Claims the next entity this worker may execute.
    fn next_job(&self, worker: &Worker) -> Option<u32> {
        if let Some(own) = worker.own {
            if self.slots[own as usize].state.compare_exchange(QUEUED, RUNNING, SeqCst, Relaxed).is_ok() {
                return Some(own);
            }
        }
        if worker.shares {
            while let Some(idx) = self.ready.pop() {
                if self.slots[idx as usize].state.compare_exchange(QUEUED, RUNNING, SeqCst, Relaxed).is_ok() {
                    return Some(idx);
                }
            }
        }
        None
    }

    /// Executes a claimed entity once.
    fn run(&self, idx: u32) {
        let slot = &self.slots[idx as usize];
        if slot.unscheduled.load(SeqCst) {
            self.settle(idx, Next::Done, true);
            return;
        }
        let eid = slot.entity.eid();
        EXECUTING.with(|e| e.set(eid));
        let now = self.cfg.clock.timestamp();
        let result = slot.entity.execute(now);
        EXECUTING.with(|e| e.set(0));
        let next = match result {
            Ok(Condition::Ready(_)) => Next::Requeue,
            Ok(Condition::WaitTime(t)) if t <= now => Next::Requeue,
            Ok(Condition::WaitTime(t)) => Next::Timed(t),
            Ok(Condition::Wait) => Next::Park(WAIT),
            Ok(Condition::WaitEvent) => Next::Park(WAIT_EVENT),
            Ok(Condition::Never) => Next::Done,
            Err(e) => {
                slot.state.store(DONE, SeqCst);
                self.fail(slot, e);
                return;
            }
        };
        self.settle(idx, next, true);
    }
}
