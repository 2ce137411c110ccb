//! The graph lifecycle: activate, run, wait, interrupt, deactivate, destroy.

use super::*;
use crate::abi::types;
use crate::entity::Stage;
use crate::executor::{ext_result, ExecItem, Obj};
use crate::logging::core_log;
use crate::program::{GraphState, Program, SystemRef};
use crate::result::{fail, Code, Result};
use std::ffi::c_void;
use std::sync::atomic::Ordering;
use std::sync::Arc;

impl Runtime {
    pub(super) fn program(&self) -> std::sync::MutexGuard<'_, Program> {
        lock(&self.program)
    }

    /// Graph state.
    pub fn graph_state(&self) -> GraphState {
        self.program().state
    }

    pub(super) fn activation_order(&self) -> Vec<i64> {
        let table = read(&self.entities);
        let mut buckets: [Vec<i64>; 3] = Default::default();
        for &eid in &table.order {
            let e = &table.by_eid[&eid];
            if !e.program || e.stage() != Stage::Uninitialized {
                continue;
            }
            let comps = e.components();
            // SAFETY: interface pointers checked for null only.
            let is_system = comps.iter().any(|c| c.ty.vtable.is_some_and(|v| !v.system.is_null()));
            let is_connection = comps.iter().any(|c| c.ty.tid == types::CONNECTION.tid);
            let bucket = if is_system {
                0
            } else if is_connection {
                1
            } else {
                2
            };
            buckets[bucket].push(eid);
        }
        buckets.concat()
    }

    /// `GxfGraphActivate`.
    pub fn graph_activate(&self) -> Result<()> {
        let mut program = self.program();
        if program.state != GraphState::Origin {
            return fail(Code::GXF_INVALID_EXECUTION_SEQUENCE, "the graph is already activated");
        }
        self.build_routes()?;
        let order = self.activation_order();
        for (i, &eid) in order.iter().enumerate() {
            if let Err(e) = self.activate_entity(eid) {
                for &done in order[..i].iter().rev() {
                    let _ = self.deactivate_entity(done);
                }
                return Err(e);
            }
        }
        self.register_systems(&order);
        program.activated = order.clone();
        for &eid in &order {
            if let Some(item) = self.exec_item(eid) {
                self.schedule(&item)?;
            }
        }
        program.state = GraphState::Activated;
        Ok(())
    }

    pub(super) fn register_systems(&self, order: &[i64]) {
        let mut systems = Vec::new();
        let mut monitors = Vec::new();
        for &eid in order {
            let Ok(entity) = self.entity(eid) else {
                continue;
            };
            for slot in entity.components() {
                let Some(vt) = slot.ty.vtable else { continue };
                // SAFETY: non-null interface pointers are 'static.
                unsafe {
                    if let Some(s) = vt.system.as_ref() {
                        systems.push(SystemRef { obj: slot.obj, vt: s, cid: slot.cid });
                    }
                    if let Some(m) = vt.monitor.as_ref() {
                        monitors.push(Obj { obj: slot.obj, vt: m, cid: slot.cid });
                    }
                }
            }
        }
        self.has_monitors.store(!monitors.is_empty(), Ordering::Relaxed);
        self.wanted_events.store(systems.iter().fold(0, |m, s| m | s.vt.event_mask), Ordering::Relaxed);
        *write(&self.monitors) = monitors;
        *write(&self.systems) = systems;
    }

    pub(super) fn schedule(&self, item: &Arc<ExecItem>) -> Result<()> {
        let raw =
            crate::abi::EntityRefC { context: self.raw(), eid: item.eid, item: Arc::as_ptr(item) as *const c_void };
        for sys in read(&self.systems).iter() {
            // SAFETY: live system object.
            ext_result(unsafe { (sys.vt.schedule)(sys.obj, raw) }, || format!("scheduling entity '{}'", item.name))?;
        }
        Ok(())
    }

    /// `GxfGraphRunAsync`.
    pub fn graph_run_async(&self) -> Result<()> {
        let mut program = self.program();
        if program.state != GraphState::Activated {
            return fail(Code::GXF_INVALID_EXECUTION_SEQUENCE, "the graph must be activated (and not running) to run");
        }
        let systems = read(&self.systems).clone();
        if systems.is_empty() {
            core_log!(2, "No GXF scheduler specified");
        }
        for sys in &systems {
            // SAFETY: live system object.
            ext_result(unsafe { (sys.vt.run_async)(sys.obj) }, || format!("starting scheduler {}", sys.cid))?;
        }
        program.state = GraphState::Running;
        Ok(())
    }

    /// `GxfGraphWait`: waits for every scheduler; a failure deactivates the graph.
    pub fn graph_wait(&self) -> Result<()> {
        if !matches!(self.graph_state(), GraphState::Running | GraphState::Interrupting) {
            return Ok(());
        }
        let systems = read(&self.systems).clone();
        let mut first: Result<()> = Ok(());
        for sys in &systems {
            // SAFETY: live system object.
            let r = ext_result(unsafe { (sys.vt.wait)(sys.obj) }, || "graph run".to_string());
            if first.is_ok() {
                first = r;
            }
        }
        self.program().state = GraphState::Activated;
        if first.is_err() {
            let _ = self.graph_deactivate();
        }
        first
    }

    /// `GxfGraphRun` = run async + wait.
    pub fn graph_run(&self) -> Result<()> {
        self.graph_run_async()?;
        self.graph_wait()
    }

    /// `GxfGraphInterrupt`: asks every scheduler to stop.
    pub fn graph_interrupt(&self) -> Result<()> {
        let mut program = self.program();
        if program.state != GraphState::Running {
            return fail(Code::GXF_INVALID_EXECUTION_SEQUENCE, "the graph is not running");
        }
        program.state = GraphState::Interrupting;
        drop(program);
        let watchers = lock(&self.interrupt_watchers).clone();
        for watcher in watchers {
            // SAFETY: registered by a never-unloaded library with its own data pointer.
            unsafe { (watcher.callback.func)(watcher.data) };
        }
        for sys in read(&self.systems).iter() {
            // SAFETY: live system object.
            ext_result(unsafe { (sys.vt.stop)(sys.obj) }, || format!("stopping scheduler {}", sys.cid))?;
        }
        Ok(())
    }

    /// Registers a callback for graph interrupts (`HostTable::interrupt_watch`).
    pub(crate) fn watch_interrupts(&self, watcher: InterruptWatcher) {
        lock(&self.interrupt_watchers).push(watcher);
    }

    /// `GxfGraphDeactivate`: entities in reverse activation order; returns the first error.
    pub fn graph_deactivate(&self) -> Result<()> {
        let mut program = self.program();
        if program.state == GraphState::Origin {
            return Ok(());
        }
        let order = std::mem::take(&mut program.activated);
        let mut first: Result<()> = Ok(());
        for &eid in order.iter().rev() {
            let r = self.deactivate_entity(eid);
            if first.is_ok() {
                first = r;
            }
        }
        write(&self.systems).clear();
        write(&self.monitors).clear();
        self.has_monitors.store(false, Ordering::Relaxed);
        self.wanted_events.store(0, Ordering::Relaxed);
        program.state = GraphState::Origin;
        first
    }

    /// Tears everything down (`GxfContextDestroy`): deactivates, deinitialises and frees all.
    pub fn destroy(&self) -> Result<()> {
        let mut first = self.graph_deactivate();
        for eid in self.entity_ids() {
            if self.entity(eid).is_ok_and(|e| e.stage() == Stage::Initialized) {
                let r = self.deactivate_entity(eid);
                if first.is_ok() {
                    first = r;
                }
            }
        }
        *write(&self.entities) = EntityTable::default();
        write(&self.components).clear();
        self.pool.drain();
        first
    }
}
