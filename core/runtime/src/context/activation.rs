//! Entity lifecycle: mandatory-parameter checks, initialize, the executor parts of an entity, deinitialize.

use super::*;
use crate::abi::ComponentCtxC;
use crate::entity::{ComponentSlot, Entity, Stage};
use crate::executor::{ext_result, lifecycle, CodeletPart, Combiner, ExecItem, ExecParts, Inbox, Obj, Outbox};
use crate::param_value::ParamValue;
use crate::result::{fail, Code, Error, Result};
use std::sync::Arc;

/// How a component is named in messages: `'name' (Type)`, or for an unnamed one its position in
/// its entity, `<unnamed #3> (Type)`.
fn describe(entity: &Entity, slot: &ComponentSlot) -> String {
    let name = slot.name();
    if !name.is_empty() {
        return format!("'{name}' ({})", slot.ty.name);
    }
    let index = entity.components().iter().position(|c| c.cid == slot.cid).unwrap_or_default();
    format!("<unnamed #{index}> ({})", slot.ty.name)
}

impl Runtime {
    /// How messages name a component: `'name' (Type)`, or `<unnamed #i> (Type)` by its place in
    /// its entity; empty for an unknown id.
    pub fn component_label(&self, cid: i64) -> String {
        let Ok(slot) = self.component(cid) else { return String::new() };
        match self.entity(slot.eid) {
            Ok(entity) => describe(&entity, &slot),
            Err(_) => format!("'{}' ({})", slot.name(), slot.ty.name),
        }
    }

    /// How a component is named in messages ([`describe`]), with its entity:
    /// `'name' (Type) in entity 'e'`.
    pub(crate) fn describe_component(&self, slot: &ComponentSlot) -> String {
        match self.entity(slot.eid) {
            Ok(entity) => format!("{} in entity '{}'", describe(&entity, slot), entity.name),
            Err(_) => format!("'{}' ({})", slot.name(), slot.ty.name),
        }
    }

    pub(super) fn check_mandatory(&self, entity: &Entity) -> Result<()> {
        for slot in entity.components() {
            let params = read(&slot.params);
            for spec in &slot.ty.params {
                let optional = spec.flags & crate::abi::param_flags::OPTIONAL != 0;
                if !optional && !params.get(&spec.key).is_some_and(ParamValue::is_set) {
                    let message = format!(
                        "mandatory parameter '{}' of component {} in entity '{}' is not set",
                        spec.key,
                        describe(entity, &slot),
                        entity.name
                    );
                    return fail(Code::GXF_PARAMETER_MANDATORY_NOT_SET, slot.located(&message));
                }
            }
        }
        Ok(())
    }

    pub(super) fn ctx_of(&self, slot: &ComponentSlot) -> ComponentCtxC {
        ComponentCtxC { context: self.raw(), eid: slot.eid, cid: slot.cid }
    }

    /// Activates an entity (`GxfEntityActivate`): checks parameters, initialises components and
    /// prepares its executor record.
    pub fn activate_entity(&self, eid: i64) -> Result<()> {
        let entity = self.entity(eid)?;
        if entity.stage() != Stage::Uninitialized {
            return fail(Code::GXF_INVALID_LIFECYCLE_STAGE, format!("entity '{}' is already active", entity.name));
        }
        self.check_mandatory(&entity)?;
        let comps = entity.components();
        for (i, slot) in comps.iter().enumerate() {
            let Some(vt) = slot.ty.vtable else { continue };
            let result = ext_result(lifecycle(vt.initialize, slot.obj, self.ctx_of(slot)), || {
                format!(
                    "{}component {} of entity '{}' failed to initialize",
                    slot.origin_prefix(),
                    describe(&entity, slot),
                    entity.name
                )
            });
            if let Err(e) = result {
                for done in &comps[..i] {
                    if let Some(vt) = done.ty.vtable {
                        let _ = ext_result(lifecycle(vt.deinitialize, done.obj, self.ctx_of(done)), String::new);
                    }
                }
                return Err(e);
            }
        }
        *lock(&entity.stage) = Stage::Initialized;
        // GXF's executor calls preJob/postJob of every JobStatistics around the executions of
        // every entity, and preTick/postTick around every codelet tick for those with
        // `codelet_statistics: true`; here the executor times them itself (once such a
        // JobStatistics is active) and hands the numbers to the component at its deinitialize.
        for slot in comps.iter().filter(|slot| slot.ty.name == crate::codelet_stats::JOB_STATISTICS) {
            self.enable_entity_stats();
            if matches!(slot.param("codelet_statistics"), Some(ParamValue::Bool(true))) {
                self.enable_codelet_stats();
            }
        }
        let parts = self.exec_parts(&comps)?;
        if !parts.codelets.is_empty() {
            let item = ExecItem::new(eid, entity.name.clone(), self.raw(), parts);
            *lock(&entity.exec) = Some(Arc::new(item));
        }
        Ok(())
    }

    pub(super) fn exec_parts(&self, comps: &[Arc<ComponentSlot>]) -> Result<ExecParts> {
        let mut parts = ExecParts {
            codelets: Vec::new(),
            terms: Vec::new(),
            combiners: Vec::new(),
            inbox: Vec::new(),
            outbox: Vec::new(),
        };
        let mut combined: Vec<i64> = Vec::new();
        for slot in comps {
            let Some(vt) = slot.ty.vtable else { continue };
            // SAFETY: non-null interface pointers in a checked vtable are 'static.
            unsafe {
                if let Some(c) = vt.codelet.as_ref() {
                    let obj = Obj { obj: slot.obj, vt: c, cid: slot.cid };
                    parts.codelets.push(CodeletPart { obj, name: slot.name(), timing: None });
                }
                if let Some(t) = vt.term.as_ref() {
                    if t.is_combiner {
                        let cids = self.combined_terms(slot, t)?;
                        let terms = cids.iter().map(|&c| self.term_obj(c)).collect::<Result<Vec<_>>>()?;
                        combined.extend(&cids);
                        parts.combiners.push(Combiner { terms });
                    } else {
                        parts.terms.push(Obj { obj: slot.obj, vt: t, cid: slot.cid });
                    }
                }
                if let Some(r) = vt.receiver.as_ref() {
                    let mut source_eids = Vec::new();
                    for tx in self.connected_transmitters(slot.cid) {
                        let eid = self.component(tx)?.eid;
                        if eid != slot.eid && !source_eids.contains(&eid) {
                            source_eids.push(eid);
                        }
                    }
                    let rx = Obj { obj: slot.obj, vt: r, cid: slot.cid };
                    parts.inbox.push(Inbox { rx, source_eids, size_before: 0 });
                }
                if let Some(t) = vt.transmitter.as_ref() {
                    let mut targets = Vec::new();
                    let mut target_eids = Vec::new();
                    for rx in self.connected_receivers(slot.cid) {
                        let rslot = self.component(rx)?;
                        if let Some(rvt) = rslot.ty.vtable.and_then(|v| v.receiver.as_ref()) {
                            targets.push(Obj { obj: rslot.obj, vt: rvt, cid: rx });
                            if !target_eids.contains(&rslot.eid) {
                                target_eids.push(rslot.eid);
                            }
                        }
                    }
                    parts.outbox.push(Outbox { tx: Obj { obj: slot.obj, vt: t, cid: slot.cid }, targets, target_eids });
                }
            }
        }
        parts.terms.retain(|t| !combined.contains(&t.cid));
        Ok(parts)
    }

    pub(super) fn combined_terms(&self, slot: &ComponentSlot, t: &crate::abi::TermVTable) -> Result<Vec<i64>> {
        // SAFETY: query_ids passes a buffer of capacity n.
        let (code, cids) = crate::abi::query_ids(
            |out, n| unsafe { (t.combined_terms)(slot.obj, out, n) },
            || drop(crate::logging::take_last_error()),
        );
        ext_result(code, || format!("term combiner '{}'", slot.name()))?;
        Ok(cids)
    }

    pub(super) fn term_obj(&self, cid: i64) -> Result<Obj<crate::abi::TermVTable>> {
        let slot = self.component(cid)?;
        // SAFETY: non-null interface pointers are 'static.
        let vt = slot.ty.vtable.and_then(|v| unsafe { v.term.as_ref() });
        vt.map(|vt| Obj { obj: slot.obj, vt, cid }).ok_or_else(|| {
            Error::new(Code::GXF_ENTITY_COMPONENT_NOT_FOUND, format!("component {cid} is not a scheduling term"))
        })
    }

    /// Deactivates an entity (`GxfEntityDeactivate`): unschedule, stop, deinitialise.
    pub fn deactivate_entity(&self, eid: i64) -> Result<()> {
        let entity = self.entity(eid)?;
        for sys in read(&self.systems).iter() {
            // SAFETY: live system object.
            let _ = unsafe { (sys.vt.unschedule)(sys.obj, eid) };
            let _ = crate::logging::take_last_error();
        }
        let exec = lock(&entity.exec).take();
        let mut first = match exec {
            Some(item) => item.stop_if_started(),
            None => Ok(()),
        };
        if entity.stage() == Stage::Initialized {
            for slot in entity.components().iter().rev() {
                let Some(vt) = slot.ty.vtable else { continue };
                let r = ext_result(lifecycle(vt.deinitialize, slot.obj, self.ctx_of(slot)), || {
                    format!("component {} of entity '{}' failed to deinitialize", describe(&entity, slot), entity.name)
                });
                if first.is_ok() {
                    first = r;
                }
            }
            *lock(&entity.stage) = Stage::Uninitialized;
        }
        first
    }

    /// The executor record of an active entity with codelets.
    pub fn exec_item(&self, eid: i64) -> Option<Arc<ExecItem>> {
        self.entity(eid).ok().and_then(|e| lock(&e.exec).clone())
    }

    /// Ticks and messages delivered so far, over every entity (for progress displays; cheap
    /// enough to call once a second while the graph runs).
    pub fn run_progress(&self) -> (u64, u64) {
        self.entity_ids()
            .into_iter()
            .filter_map(|eid| self.exec_item(eid))
            .map(|item| item.progress())
            .fold((0, 0), |(t, m), (dt, dm)| (t + dt, m + dm))
    }
}
