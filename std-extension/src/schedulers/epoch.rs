//! `nvidia::gxf::EpochScheduler`: runs nothing by itself; an external thread drives it one epoch at
//! a time (GXF's `EpochScheduler::runEpoch(budget_ms)`).
//!
//! Driving it from Rust: `ComponentVTable::query` of the component, asked for the EpochScheduler's
//! own type id (`3d175ab4-2e0d-11ec-8d3d-0242ac130003`), returns a
//! `unsafe extern "C" fn(object: *mut c_void, budget_ms: f32) -> i32` (a GXF result code) that
//! runs one epoch on that component object.

use gxf_sdk::abi::events::Event;
use gxf_sdk::prelude::*;
use gxf_sdk::sync::{lock, unpoisoned};
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};

/// Entities of the scheduler.
#[derive(Default)]
struct Entities {
    /// Executed once per pass.
    active: Vec<EntityRef>,
    /// Waiting for an `EXTERNAL` event.
    waiting_event: Vec<EntityRef>,
    /// Unscheduled entity ids, dropped at the next pass.
    unscheduled: Vec<i64>,
}

/// `nvidia::gxf::EpochScheduler`.
#[derive(Default, Component)]
#[gxf(
    name = "nvidia::gxf::EpochScheduler",
    uuid = "3d175ab4-2e0d-11ec-8d3d-0242ac130003",
    kind = Scheduler,
    description = "Externally driven epochs",
    initialize = Self::reset,
    query = run_epoch_query
)]
pub struct EpochScheduler {
    /// Clock of the time budget
    #[param]
    clock: Handle<iface::Clock>,
    /// Also serialises epochs (GXF's execution mutex).
    entities: Mutex<Entities>,
    events: Mutex<Vec<i64>>,
    stopping: AtomicBool,
    stopped: Mutex<()>,
    stopped_cv: Condvar,
}

/// The `run_epoch` entry point handed out through `query`.
unsafe extern "C" fn run_epoch_entry(obj: *mut c_void, budget_ms: f32) -> i32 {
    guard(|| {
        if obj.is_null() {
            return fail(Code::GXF_ARGUMENT_NULL, "EpochScheduler: null object");
        }
        // SAFETY: `query` hands this out for EpochScheduler objects only; the caller passes one.
        let scheduler = unsafe { &*(obj as *const EpochScheduler) };
        scheduler.run_epoch(budget_ms)
    })
}

/// Answers `query` for the EpochScheduler's own type id with [`run_epoch_entry`].
fn run_epoch_query(iface: Tid) -> *const c_void {
    if iface == EpochScheduler::TYPE.tid {
        run_epoch_entry as *const c_void
    } else {
        std::ptr::null()
    }
}

impl EpochScheduler {
    fn reset(&mut self, _ctx: &ComponentContext) -> Result<()> {
        *unpoisoned(self.entities.get_mut()) = Entities::default();
        self.stopping = AtomicBool::new(true);
        Ok(())
    }

    /// Runs one epoch: with `budget_ms > 0`, passes over the active entities until the clock passed
    /// the budget or nothing is ready; otherwise exactly one pass. Returns the first execution error.
    pub fn run_epoch(&self, budget_ms: f32) -> Result<()> {
        let mut entities = lock(&self.entities);
        let start = self.clock.timestamp();
        let budget_ns = (f64::from(budget_ms) * 1e6) as i64;
        let mut covered = false;
        while !self.stopping.load(Ordering::SeqCst) {
            let now = self.clock.timestamp();
            if budget_ms > 0.0 {
                if now > start.saturating_add(budget_ns) {
                    gxf_debug!("Epoch ending: time budget reached ({budget_ms} ms).");
                    return Ok(());
                }
            } else if std::mem::replace(&mut covered, true) {
                return Ok(());
            }
            self.process_events(&mut entities);
            if entities.active.is_empty() {
                gxf_debug!("Epoch ending: Nothing to execute.");
                return Ok(());
            }
            let ready = Self::pass(&mut entities, now)?;
            if ready == 0 && lock(&self.events).is_empty() {
                gxf_debug!("Epoch ending: No remaining entities to tick.");
                break;
            }
        }
        drop(entities);
        let _guard = lock(&self.stopped);
        self.stopped_cv.notify_all();
        Ok(())
    }

    /// Executes every active entity once; returns how many were ready.
    fn pass(entities: &mut Entities, now: i64) -> Result<usize> {
        let mut ready = 0;
        let mut i = 0;
        while i < entities.active.len() {
            let entity = entities.active[i];
            if entities.unscheduled.contains(&entity.eid()) {
                entities.active.remove(i);
                continue;
            }
            match entity.execute(now) {
                Err(e) => {
                    let name = entity.context().entity_name(entity.eid());
                    return Err(e.context(format!("error while executing entity {} named '{name}'", entity.eid())));
                }
                Ok(Condition::Ready(_)) => ready += 1,
                Ok(Condition::Wait | Condition::WaitTime(_)) => {}
                Ok(Condition::WaitEvent) => {
                    let waiting = entities.active.remove(i);
                    entities.waiting_event.push(waiting);
                    continue;
                }
                Ok(Condition::Never) => {
                    entities.active.remove(i);
                    continue;
                }
            }
            i += 1;
        }
        Ok(ready)
    }

    /// Moves entities that got an `EXTERNAL` event back to the active list.
    fn process_events(&self, entities: &mut Entities) {
        let events = std::mem::take(&mut *lock(&self.events));
        for eid in events {
            if let Some(pos) = entities.waiting_event.iter().position(|e| e.eid() == eid) {
                let entity = entities.waiting_event.remove(pos);
                entities.active.push(entity);
            }
        }
    }
}

impl Scheduler for EpochScheduler {
    const EVENT_MASK: u32 = Event::External.mask();

    fn schedule(&self, entity: EntityRef) -> Result<()> {
        let mut entities = lock(&self.entities);
        entities.unscheduled.retain(|&eid| eid != entity.eid());
        if entities.active.iter().chain(&entities.waiting_event).any(|e| e.eid() == entity.eid()) {
            let name = entity.context().entity_name(entity.eid());
            return fail(Code::GXF_FAILURE, format!("entity '{name}' is already scheduled"));
        }
        entities.active.push(entity);
        Ok(())
    }

    fn unschedule(&self, eid: i64) -> Result<()> {
        let mut entities = lock(&self.entities);
        entities.waiting_event.retain(|e| e.eid() != eid);
        if entities.active.iter().any(|e| e.eid() == eid) {
            entities.unscheduled.push(eid);
        }
        Ok(())
    }

    fn run_async(&self) -> Result<()> {
        let _entities = lock(&self.entities);
        self.stopping.store(false, Ordering::SeqCst);
        Ok(())
    }

    fn stop(&self) -> Result<()> {
        gxf_info!("Stopping scheduler.");
        self.stopping.store(true, Ordering::SeqCst);
        let _guard = lock(&self.stopped);
        self.stopped_cv.notify_all();
        Ok(())
    }

    fn wait(&self) -> Result<()> {
        let mut guard = lock(&self.stopped);
        while !self.stopping.load(Ordering::SeqCst) {
            guard = unpoisoned(self.stopped_cv.wait(guard));
        }
        gxf_info!("Scheduler finished.");
        Ok(())
    }

    fn event_notify(&self, eid: i64, event: i32) -> Result<()> {
        if event == Event::External as i32 {
            lock(&self.events).push(eid);
        }
        Ok(())
    }
}
