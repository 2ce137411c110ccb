//! The engine behind `MultiThreadScheduler` and `EventBasedScheduler`: worker threads that execute
//! ready entities, and a dispatcher thread for timed waits, run limits and deadlock stops.
//!
//! Nothing polls on the hot path. Each entity has an atomic state; an entity that reports WAIT or
//! WAIT_EVENT is parked and only an event for it (`MESSAGE_SYNC` after a delivery or after its
//! consumer freed room, `EXTERNAL`, `TIME_UPDATE`, `STATE_UPDATE`) puts it back into the lock-free
//! ready ring and wakes one idle worker. A WAIT_TIME entity waits in the dispatcher's timed queue,
//! which sleeps on real time until the earliest target. The state machine guarantees that an
//! entity is in at most one queue and executed by at most one thread at a time.

use crate::deadlock::{DeadlockWatch, Verdict};
use crate::job_queue::{ReadyRing, TimedQueue};
use gxf_core::prelude::*;
use std::cell::Cell;
use std::sync::atomic::{fence, AtomicBool, AtomicI64, AtomicU64, AtomicU8, AtomicUsize, Ordering::*};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::thread::{JoinHandle, Thread};
use std::time::{Duration, Instant};

/// Parked until an event (condition WAIT).
const WAIT: u8 = 0;
/// Parked until an event (condition WAIT_EVENT).
const WAIT_EVENT: u8 = 1;
/// In the timed queue.
const TIMED: u8 = 2;
/// In a ready queue (or flagged for its pinned worker).
const QUEUED: u8 = 3;
/// Being executed or checked.
const RUNNING: u8 = 4;
/// Being executed, and an event arrived meanwhile.
const NOTIFIED: u8 = 5;
/// NEVER, unscheduled or failed.
const DONE: u8 = 6;

/// Idle polls of the ready ring before a worker parks.
const SPINS: usize = 64;

thread_local! {
    /// The entity the current thread executes (so `unschedule` from inside a tick can't block).
    static EXECUTING: Cell<i64> = const { Cell::new(0) };
}

/// The time base of the run limit and of the deadlock grace period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeBase {
    /// The scheduler clock (MultiThreadScheduler).
    Clock,
    /// Wall-clock time since the run started (EventBasedScheduler).
    Wall,
}

/// What distinguishes the two schedulers.
#[derive(Clone, Copy)]
pub struct Config {
    /// Scheduler name for messages.
    pub name: &'static str,
    /// The scheduler clock.
    pub clock: Handle<iface::Clock>,
    /// Default-pool workers.
    pub workers: usize,
    /// Pinned workers run only their entity (else they also help with unpinned ones).
    pub strict_pinning: bool,
    /// Run limit in ns of `time_base`.
    pub max_duration_ns: Option<i64>,
    /// Deadlock grace period in ns of `time_base`; `None` never stops on deadlock.
    pub deadlock_timeout_ns: Option<i64>,
    /// Stop at once when every entity is done (MultiThreadScheduler with `stop_on_deadlock`).
    pub stop_when_all_done: bool,
    /// Re-check parked WAIT entities at this clock period (MultiThreadScheduler's polling, kept as a
    /// fallback for terms that change without an event).
    pub wait_poll_ns: Option<i64>,
    /// Base of `max_duration_ns` and `deadlock_timeout_ns`.
    pub time_base: TimeBase,
}

/// One scheduled entity.
struct Slot {
    entity: EntityRef,
    name: String,
    state: AtomicU8,
    unscheduled: AtomicBool,
    /// The dedicated worker of a pinned entity.
    worker: Option<usize>,
}

/// One worker thread.
struct Worker {
    thread: OnceLock<Thread>,
    idle: AtomicBool,
    /// The pinned entity this worker is dedicated to.
    own: Option<u32>,
    /// Whether it takes jobs from the shared ready ring.
    shares: bool,
}

/// What happens to an entity after it was executed or checked.
enum Next {
    Requeue,
    Timed(i64),
    Park(u8),
    Done,
}

/// The shared state of one run.
pub struct Engine {
    cfg: Config,
    slots: Box<[Slot]>,
    by_eid: Box<[(i64, u32)]>,
    ready: ReadyRing,
    timed: Mutex<TimedQueue>,
    workers: Box<[Worker]>,
    dispatcher: OnceLock<Thread>,
    go: AtomicBool,
    stopping: AtomicBool,
    /// Entities queued or running.
    active: AtomicUsize,
    /// Times `active` went from 0 to 1.
    epoch: AtomicU64,
    /// Earliest target in the timed queue (i64::MAX when empty), to wake the dispatcher only
    /// for an earlier one.
    next_timed: AtomicI64,
    error: Mutex<Option<Error>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Engine {
    /// Prepares a run over `entities` (each with the pool name it is pinned to, if any); every
    /// entity starts out queued. Nothing runs before [`Engine::launch`].
    pub fn new(cfg: Config, entities: Vec<(EntityRef, Option<String>)>) -> Arc<Engine> {
        let mut workers: Vec<Worker> = (0..cfg.workers)
            .map(|_| Worker { thread: OnceLock::new(), idle: AtomicBool::new(false), own: None, shares: true })
            .collect();
        let mut slots = Vec::with_capacity(entities.len());
        for (i, (entity, pool)) in entities.into_iter().enumerate() {
            let name = entity.context().entity_name(entity.eid());
            let worker = pool.map(|pool| {
                gxf_info!("{} pins entity '{name}' to a thread of ThreadPool '{pool}'", cfg.name);
                workers.push(Worker {
                    thread: OnceLock::new(),
                    idle: AtomicBool::new(false),
                    own: Some(i as u32),
                    shares: !cfg.strict_pinning,
                });
                workers.len() - 1
            });
            slots.push(Slot {
                entity,
                name,
                state: AtomicU8::new(QUEUED),
                unscheduled: AtomicBool::new(false),
                worker,
            });
        }
        let mut by_eid: Vec<(i64, u32)> = slots.iter().enumerate().map(|(i, s)| (s.entity.eid(), i as u32)).collect();
        by_eid.sort_unstable();
        let ready = ReadyRing::new(slots.len() + 1);
        for (i, s) in slots.iter().enumerate() {
            if s.worker.is_none() {
                ready.push(i as u32);
            }
        }
        Arc::new(Engine {
            cfg,
            active: AtomicUsize::new(slots.len()),
            timed: Mutex::new(TimedQueue::with_capacity(slots.len())),
            slots: slots.into_boxed_slice(),
            by_eid: by_eid.into_boxed_slice(),
            ready,
            workers: workers.into_boxed_slice(),
            dispatcher: OnceLock::new(),
            go: AtomicBool::new(false),
            stopping: AtomicBool::new(false),
            epoch: AtomicU64::new(1),
            next_timed: AtomicI64::new(i64::MAX),
            error: Mutex::new(None),
        })
    }

    /// Starts the worker and dispatcher threads; the dispatcher's result is the run's.
    pub fn launch(self: &Arc<Self>) -> Result<JoinHandle<Result<()>>> {
        gxf_info!(
            "{} scheduling {} entities on {} worker threads",
            self.cfg.name,
            self.slots.len(),
            self.workers.len()
        );
        let spawn_error = |e: std::io::Error| Error::new(Code::GXF_FAILURE, format!("cannot start a thread: {e}"));
        let mut handles = Vec::with_capacity(self.workers.len());
        for w in 0..self.workers.len() {
            let engine = self.clone();
            let spawned =
                std::thread::Builder::new().name(format!("gxf-worker-{w}")).spawn(move || engine.worker_main(w));
            match spawned {
                Ok(h) => {
                    let _ = self.workers[w].thread.set(h.thread().clone());
                    handles.push(h);
                }
                Err(e) => {
                    self.abort_start(handles);
                    return Err(spawn_error(e));
                }
            }
        }
        let engine = self.clone();
        let dispatcher = std::thread::Builder::new()
            .name("gxf-dispatcher".into())
            .spawn(move || engine.dispatcher_main(handles))
            .map_err(spawn_error);
        let dispatcher = match dispatcher {
            Ok(d) => d,
            Err(e) => {
                self.stopping.store(true, SeqCst);
                self.release_threads();
                return Err(e);
            }
        };
        let _ = self.dispatcher.set(dispatcher.thread().clone());
        self.release_threads();
        Ok(dispatcher)
    }

    fn abort_start(&self, handles: Vec<JoinHandle<()>>) {
        self.stopping.store(true, SeqCst);
        self.release_threads();
        for h in handles {
            let _ = h.join();
        }
    }

    /// Lets the threads begin (they wait until every thread handle is known).
    fn release_threads(&self) {
        self.go.store(true, SeqCst);
        self.wake_all();
    }

    fn wait_for_go(&self) {
        while !self.go.load(SeqCst) {
            std::thread::park();
        }
    }

    fn wake_all(&self) {
        for w in self.workers.iter() {
            if let Some(t) = w.thread.get() {
                t.unpark();
            }
        }
        self.wake_dispatcher();
    }

    fn wake_dispatcher(&self) {
        if let Some(t) = self.dispatcher.get() {
            t.unpark();
        }
    }

    /// Asks the run to end (interrupt).
    pub fn request_stop(&self) {
        self.stopping.store(true, SeqCst);
        self.wake_dispatcher();
    }

    fn fail(&self, slot: &Slot, e: Error) {
        let e = e.context(format!("error while executing entity {} named '{}'", slot.entity.eid(), slot.name));
        gxf_error!("{e}");
        lock(&self.error).get_or_insert(e);
        self.request_stop();
    }

    // ------------------------------------------------------------------ state transitions

    fn went_active(&self) {
        if self.active.fetch_add(1, SeqCst) == 0 {
            self.epoch.fetch_add(1, SeqCst);
        }
    }

    fn went_inactive(&self) {
        if self.active.fetch_sub(1, SeqCst) == 1 {
            self.wake_dispatcher();
        }
    }

    /// Makes a QUEUED entity visible to the worker that may run it.
    fn enqueue(&self, idx: u32) {
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
    fn settle(&self, idx: u32, next: Next, counted: bool) {
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

    // ------------------------------------------------------------------ workers

    fn worker_main(self: Arc<Self>, w: usize) {
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

    // ------------------------------------------------------------------ dispatcher

    fn dispatcher_main(self: Arc<Self>, workers: Vec<JoinHandle<()>>) -> Result<()> {
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
