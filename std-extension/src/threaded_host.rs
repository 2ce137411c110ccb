//! The `Scheduler` calls shared by `MultiThreadScheduler` and `EventBasedScheduler`: collect the
//! scheduled entities, resolve their pinning and start an [`Engine`] run.

use crate::resources::pin_entity;
use crate::threaded::{Config, Engine};
use gxf_core::prelude::*;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::thread::JoinHandle;

/// GXF's event ids (`gxf_event_t`) a multi-threaded scheduler reacts to: CUSTOM 0, EXTERNAL 1,
/// MESSAGE_SYNC 3, TIME_UPDATE 4, STATE_UPDATE 5 (MEMORY_FREE 2 names an allocator's entity).
pub const EVENT_MASK: u32 = (1 << 0) | (1 << 1) | (1 << 3) | (1 << 4) | (1 << 5);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Scheduled entities before the run, the engine during and after it.
#[derive(Default)]
pub struct Host {
    cfg: Option<Config>,
    pending: Mutex<Vec<EntityRef>>,
    engine: OnceLock<Arc<Engine>>,
    thread: Mutex<Option<JoinHandle<Result<()>>>>,
}

impl Host {
    /// A fresh host for a run with `cfg` (at initialize).
    pub fn new(cfg: Config) -> Host {
        Host { cfg: Some(cfg), ..Host::default() }
    }

    /// `Scheduler::schedule`.
    pub fn schedule(&self, entity: EntityRef) -> Result<()> {
        if self.engine.get().is_some() {
            let name = self.cfg.map_or("scheduler", |c| c.name);
            return fail(
                Code::GXF_INVALID_LIFECYCLE_STAGE,
                format!("{name} cannot take entity '{}' while it runs", entity.context().entity_name(entity.eid())),
            );
        }
        lock(&self.pending).push(entity);
        Ok(())
    }

    /// `Scheduler::unschedule`.
    pub fn unschedule(&self, eid: i64) {
        match self.engine.get() {
            Some(engine) => engine.unschedule(eid),
            None => lock(&self.pending).retain(|e| e.eid() != eid),
        }
    }

    /// `Scheduler::run_async`.
    pub fn run_async(&self) -> Result<()> {
        let cfg = self.cfg.ok_or(Code::GXF_UNINITIALIZED_VALUE)?;
        if self.engine.get().is_some() {
            return fail(
                Code::GXF_INVALID_LIFECYCLE_STAGE,
                format!("{} was already run; deactivate and activate the graph to run again", cfg.name),
            );
        }
        let entities = std::mem::take(&mut *lock(&self.pending));
        let pinned = entities.into_iter().map(|e| (e, pin_entity(e.context(), e.eid()))).collect();
        let engine = Engine::new(cfg, pinned);
        // Published before any thread runs, so no event is missed.
        let _ = self.engine.set(engine.clone());
        *lock(&self.thread) = Some(engine.launch()?);
        Ok(())
    }

    /// `Scheduler::stop`: asks the run to end (does not wait).
    pub fn stop(&self) {
        if let Some(engine) = self.engine.get() {
            engine.request_stop();
        }
    }

    /// `Scheduler::wait`: the run's result.
    pub fn wait(&self) -> Result<()> {
        let thread = lock(&self.thread).take();
        match thread {
            Some(t) => t.join().unwrap_or_else(|_| fail(Code::GXF_FAILURE, "the scheduler thread panicked")),
            None => Ok(()),
        }
    }

    /// `Scheduler::event_notify`.
    pub fn event_notify(&self, eid: i64) {
        if let Some(engine) = self.engine.get() {
            engine.notify(eid);
        }
    }
}
