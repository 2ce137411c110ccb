//! One run of a threaded scheduler: collect the scheduled entities, resolve their pinning, start
//! an [`Engine`] and hand it the events, unschedules and the stop request.

use super::config::Config;
use super::engine::Engine;
use crate::resources::pin_entity;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::lock;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

/// Scheduled entities before the run, the engine during and after it.
#[derive(Default)]
pub struct ThreadedRun {
    cfg: Option<Config>,
    pending: Mutex<Vec<EntityRef>>,
    engine: OnceLock<Arc<Engine>>,
    thread: Mutex<Option<JoinHandle<Result<()>>>>,
}

impl ThreadedRun {
    /// Nothing scheduled yet, for a run with `cfg` (at initialize).
    pub fn new(cfg: Config) -> ThreadedRun {
        ThreadedRun { cfg: Some(cfg), ..ThreadedRun::default() }
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
