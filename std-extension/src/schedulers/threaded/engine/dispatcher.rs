//! The dispatcher thread: releases timed waits, re-checks parked entities, enforces the run limit
//! and the deadlock stop, and ends the run.

use super::{Engine, Next, DONE, QUEUED, RUNNING, TIMED, WAIT, WAIT_EVENT};
use crate::schedulers::threaded::config::TimeBase;
use crate::schedulers::threaded::deadlock::{DeadlockWatch, Verdict};
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use std::sync::atomic::Ordering::*;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

impl Engine {
    pub(super) fn dispatcher_main(self: Arc<Self>, workers: Vec<JoinHandle<()>>) -> Result<()> {
        self.wait_for_go();
        let start_wall = Instant::now();
        let start_clock = self.cfg.clock.timestamp();
        let base_now = |clock_now: i64| match self.cfg.time_base {
            TimeBase::Clock => clock_now - start_clock,
            TimeBase::Wall => start_wall.elapsed().as_nanos().min(i64::MAX as u128) as i64,
        };
        let mut watch = DeadlockWatch::new(self.cfg.deadlock_timeout_ns);
        let mut next_poll = self.cfg.wait_poll_ns.map(|p| start_clock.saturating_add(p));
        while !self.stopping.load(SeqCst) {
            let now = self.cfg.clock.timestamp();
            let elapsed = base_now(now);
            if let Some(max) = self.cfg.max_duration_ns {
                if elapsed > max {
                    gxf_info!("{}: max duration expired ({} ms). Exiting.", self.cfg.name, max / 1_000_000);
                    break;
                }
            }
            let next_timed = self.release_due(now);
            if let (Some(due), Some(period)) = (next_poll, self.cfg.wait_poll_ns) {
                if now >= due {
                    self.poll_waiting(now);
                    next_poll = Some(now.saturating_add(period));
                }
            }
            let (idle, all_done) = self.idleness();
            if all_done && self.cfg.stop_when_all_done {
                gxf_info!("{}: no entities left to schedule. Exiting.", self.cfg.name);
                break;
            }
            let deadlock = match watch.observe(elapsed, idle, self.epoch.load(SeqCst)) {
                Verdict::Stop => {
                    gxf_info!("{}: deadlock, no ready, wait-time or wait-event entities. Exiting.", self.cfg.name);
                    break;
                }
                Verdict::StopAt(t) => Some(t - elapsed),
                Verdict::Run => None,
            };
            let sleep = [
                next_timed.map(|t| t.saturating_sub(self.cfg.clock.timestamp())),
                self.cfg.max_duration_ns.map(|m| m.saturating_sub(elapsed).saturating_add(1)),
                next_poll.map(|p| p.saturating_sub(now)),
                deadlock,
            ]
            .into_iter()
            .flatten()
            .min();
            match sleep {
                Some(ns) if ns > 0 => std::thread::park_timeout(Duration::from_nanos(ns as u64)),
                Some(_) => {}
                None => std::thread::park(),
            }
        }
        self.stopping.store(true, SeqCst);
        self.wake_all();
        for w in workers {
            let _ = w.join();
        }
        for slot in self.slots.iter().filter(|s| !s.unscheduled.load(SeqCst)) {
            if let Err(e) = slot.entity.stop() {
                gxf_warn!("stopping entity '{}': {e}", slot.name);
            }
        }
        match lock(&self.error).take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Queues every timed entity due at `now`; returns the next target.
    fn release_due(&self, now: i64) -> Option<i64> {
        let mut timed = lock(&self.timed);
        while let Some(idx) = timed.pop_due(now) {
            self.went_active();
            if self.slots[idx as usize].state.compare_exchange(TIMED, QUEUED, SeqCst, Relaxed).is_ok() {
                self.enqueue(idx);
            } else {
                self.went_inactive();
            }
        }
        let next = timed.next_target();
        self.next_timed.store(next.unwrap_or(i64::MAX), SeqCst);
        next
    }

    /// Re-checks parked WAIT entities (terms that change without sending an event).
    fn poll_waiting(&self, now: i64) {
        for (idx, slot) in self.slots.iter().enumerate() {
            if slot.state.compare_exchange(WAIT, RUNNING, SeqCst, Relaxed).is_err() {
                continue;
            }
            if slot.unscheduled.load(SeqCst) {
                self.settle(idx as u32, Next::Done, false);
                continue;
            }
            let next = match slot.entity.check(now) {
                Ok(Condition::Wait) => Next::Park(WAIT),
                Ok(Condition::WaitEvent) => Next::Park(WAIT_EVENT),
                Ok(Condition::WaitTime(t)) if t > now => Next::Timed(t),
                Ok(_) => Next::Requeue,
                Err(e) => {
                    slot.state.store(DONE, SeqCst);
                    self.fail(slot, e);
                    return;
                }
            };
            self.settle(idx as u32, next, false);
        }
    }

    /// (nothing ready, running, timed or waiting for an event; every entity done).
    fn idleness(&self) -> (bool, bool) {
        let mut idle = self.active.load(SeqCst) == 0 && lock(&self.timed).len() == 0;
        let mut all_done = true;
        for slot in self.slots.iter() {
            match slot.state.load(SeqCst) {
                DONE => {}
                WAIT => all_done = false,
                _ => {
                    idle = false;
                    all_done = false;
                }
            }
        }
        (idle, all_done)
    }
}
