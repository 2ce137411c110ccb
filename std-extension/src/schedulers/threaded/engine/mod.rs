//! The engine behind `MultiThreadScheduler` and `EventBasedScheduler`: worker threads that execute
//! ready entities (`workers`), and a dispatcher thread for timed waits, run limits and deadlock
//! stops (`dispatcher`). The entity state machine lives in `transitions`.
//!
//! Nothing polls on the hot path. Each entity has an atomic state; an entity that reports WAIT or
//! WAIT_EVENT is parked and only an event for it (`MESSAGE_SYNC` after a delivery or after its
//! consumer freed room, `EXTERNAL`, `TIME_UPDATE`, `STATE_UPDATE`) puts it back into the lock-free
//! ready ring and wakes one idle worker. A WAIT_TIME entity waits in the dispatcher's timed queue,
//! which sleeps on real time until the earliest target. The state machine guarantees that an
//! entity is in at most one queue and executed by at most one thread at a time.

mod dispatcher;
mod transitions;
mod workers;

use super::config::Config;
use super::job_queue::{ReadyRing, TimedQueue};
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicU8, AtomicUsize, Ordering::*};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::{JoinHandle, Thread};

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

thread_local! {
    /// The entity the current thread executes (so `unschedule` from inside a tick can't block).
    static EXECUTING: Cell<i64> = const { Cell::new(0) };
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

    /// Records the run's failure and stops it. The first error is the run's result (its caller,
    /// gxe or Python, reports it once); later ones, which would be lost, are logged here.
    fn fail(&self, slot: &Slot, e: Error) {
        let e = e.context(format!("error while executing entity {} named '{}'", slot.entity.eid(), slot.name));
        let mut first = lock(&self.error);
        match first.as_ref() {
            None => *first = Some(e),
            Some(_) => gxf_error!("{e}"),
        }
        drop(first);
        self.request_stop();
    }
}
