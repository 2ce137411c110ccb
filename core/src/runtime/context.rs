//! The runtime context: entities, components, parameters, extensions and the graph lifecycle.

use super::entity::{ComponentSlot, Entity, Stage};
use super::executor::{ext_result, lifecycle, Combiner, ExecItem, ExecParts, Inbox, Obj, Outbox};
use super::logging::core_log;
use super::message::MessagePool;
use super::param_value::{ParamStore, ParamValue};
use super::program::{GraphState, Program, SystemRef};
use super::router::Router;
use super::types::{tids, ComponentType, TypeRegistry};
use super::uid::UidCounter;
use crate::abi::{ComponentCtxC, MonitorVTable};
use crate::result::{fail, Code, Error, Result};
use crate::tid::Tid;
use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};

/// Largest component name GXF accepts (exclusive).
const MAX_COMPONENT_NAME: usize = 256;

#[derive(Default)]
struct EntityTable {
    by_eid: HashMap<i64, Arc<Entity>>,
    by_name: HashMap<String, i64>,
    order: Vec<i64>,
}

/// Metadata of a loaded extension.
#[derive(Clone, Debug)]
pub struct ExtensionRecord {
    /// Name.
    pub name: String,
    /// Type id.
    pub tid: Tid,
    /// Version.
    pub version: String,
    /// Library path.
    pub path: String,
    /// Type ids of its components, in registration order.
    pub components: Vec<Tid>,
}

/// A GXF context (`gxf_context_t`): everything one graph runtime owns.
pub struct Runtime {
    pub(crate) types: RwLock<TypeRegistry>,
    pub(crate) extensions: Mutex<Vec<ExtensionRecord>>,
    entities: RwLock<EntityTable>,
    components: RwLock<HashMap<i64, Arc<ComponentSlot>>>,
    uids: UidCounter,
    router: RwLock<Router>,
    pub(crate) pool: Arc<MessagePool>,
    program: Mutex<Program>,
    systems: RwLock<Vec<SystemRef>>,
    monitors: RwLock<Vec<Obj<MonitorVTable>>>,
    has_monitors: AtomicBool,
    wanted_events: AtomicU32,
}

// SAFETY: all shared state is behind locks; raw pointers are owned component objects.
unsafe impl Send for Runtime {}
unsafe impl Sync for Runtime {}

/// A shared handle to a runtime context.
pub type Context = Arc<Runtime>;

fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|e| e.into_inner())
}

/// The component ids in a handle-list parameter value.
fn handle_list(value: Option<ParamValue>) -> Vec<i64> {
    match value {
        Some(ParamValue::Seq(items)) => {
            items.iter().filter_map(|v| if let ParamValue::Handle(c) = v { Some(*c) } else { None }).collect()
        }
        _ => Vec::new(),
    }
}

impl Runtime {
    /// Creates a context (registers `nvidia::gxf::Component`, installs the host table).
    pub fn new() -> Context {
        super::host_impl::install_in_core();
        let mut types = TypeRegistry::default();
        types
            .add(
                ComponentType {
                    name: "nvidia::gxf::Component".into(),
                    tid: tids::COMPONENT,
                    base: None,
                    description: "Base of all components".into(),
                    params: Vec::new(),
                    vtable: None,
                    extension: "core".into(),
                },
                "",
            )
            .expect("fresh registry");
        Arc::new(Runtime {
            types: RwLock::new(types),
            extensions: Mutex::new(Vec::new()),
            entities: RwLock::new(EntityTable::default()),
            components: RwLock::new(HashMap::new()),
            uids: UidCounter::new(2),
            router: RwLock::new(Router::default()),
            pool: MessagePool::new(),
            program: Mutex::new(Program::default()),
            systems: RwLock::new(Vec::new()),
            monitors: RwLock::new(Vec::new()),
            has_monitors: AtomicBool::new(false),
            wanted_events: AtomicU32::new(0),
        })
    }

    /// The opaque pointer handed to extensions.
    pub fn raw(&self) -> *const c_void {
        self as *const Runtime as *const c_void
    }

    /// A new uid (entities, components and messages share one counter).
    pub fn next_uid(&self) -> i64 {
        self.uids.next()
    }

    /// A uid for a message entity, from a block of uids this thread reserved (no atomic per call).
    pub fn next_message_uid(&self) -> i64 {
        self.uids.next_from_block()
    }

    // ---------------------------------------------------------------- types

    /// Looks a type up by name.
    pub fn type_by_name(&self, name: &str) -> Result<Arc<ComponentType>> {
        read(&self.types)
            .by_name(name)
            .cloned()
            .ok_or_else(|| Error::new(Code::GXF_FACTORY_UNKNOWN_CLASS_NAME, format!("unknown component type '{name}'")))
    }

    /// Looks a type up by id.
    pub fn type_by_tid(&self, tid: Tid) -> Option<Arc<ComponentType>> {
        read(&self.types).get(tid).cloned()
    }

    /// Whether `derived` is `base` or derives from it.
    pub fn is_a(&self, derived: Tid, base: Tid) -> bool {
        read(&self.types).is_a(derived, base)
    }

    /// Metadata of all loaded extensions.
    pub fn extensions(&self) -> Vec<ExtensionRecord> {
        self.extensions.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    // ---------------------------------------------------------------- entities

    /// Creates an entity (`GxfCreateEntity`); `program` marks it part of the graph.
    pub fn create_entity(&self, name: Option<&str>, program: bool) -> Result<i64> {
        let name = name.unwrap_or("");
        if name.starts_with("__") {
            return fail(Code::GXF_ARGUMENT_INVALID, format!("entity name '{name}' must not start with '__'"));
        }
        let mut table = self.entities.write().unwrap_or_else(|e| e.into_inner());
        if !name.is_empty() && table.by_name.contains_key(name) {
            return fail(Code::GXF_ARGUMENT_INVALID, format!("an entity named '{name}' already exists"));
        }
        let eid = self.next_uid();
        let name = if name.is_empty() { format!("__entity_{eid}") } else { name.to_string() };
        let entity = Arc::new(Entity {
            eid,
            name: name.clone(),
            program,
            components: RwLock::new(Vec::new()),
            interfaces: Mutex::new(Vec::new()),
            stage: Mutex::new(Stage::Uninitialized),
            exec: Mutex::new(None),
            group: Mutex::new(1),
        });
        table.by_name.insert(name, eid);
        table.by_eid.insert(eid, entity);
        table.order.push(eid);
        Ok(eid)
    }

    /// Finds an entity by exact name (`GxfEntityFind`).
    pub fn find_entity(&self, name: &str) -> Result<i64> {
        read(&self.entities)
            .by_name
            .get(name)
            .copied()
            .ok_or_else(|| Error::new(Code::GXF_ENTITY_NOT_FOUND, format!("no entity named '{name}'")))
    }

    /// An entity by id.
    pub fn entity(&self, eid: i64) -> Result<Arc<Entity>> {
        read(&self.entities)
            .by_eid
            .get(&eid)
            .cloned()
            .ok_or_else(|| Error::new(Code::GXF_ENTITY_NOT_FOUND, format!("no entity with id {eid}")))
    }

    /// All entity ids in creation order.
    pub fn entity_ids(&self) -> Vec<i64> {
        read(&self.entities).order.clone()
    }

    /// Name of an entity.
    pub fn entity_name(&self, eid: i64) -> String {
        self.entity(eid).map(|e| e.name.clone()).unwrap_or_default()
    }

    // ---------------------------------------------------------------- components

    /// Adds a component of type `type_name` to an entity (`GxfComponentAdd`), applying defaults.
    pub fn add_component(&self, eid: i64, type_name: &str, name: &str) -> Result<i64> {
        let ty = self.type_by_name(type_name)?;
        let entity = self.entity(eid)?;
        if entity.stage() != Stage::Uninitialized {
            return fail(
                Code::GXF_ENTITY_CAN_NOT_ADD_COMPONENT_AFTER_INITIALIZATION,
                format!("entity '{}' is already initialized", entity.name),
            );
        }
        if name.len() >= MAX_COMPONENT_NAME {
            return fail(Code::GXF_ENTITY_COMPONENT_NAME_EXCEEDS_LIMIT, format!("component name '{name}' is too long"));
        }
        let Some(vtable) = ty.vtable else {
            return fail(Code::GXF_FACTORY_ABSTRACT_CLASS, format!("type '{type_name}' is abstract"));
        };
        // SAFETY: create is provided by the type's extension.
        let obj = unsafe { (vtable.create)() };
        if obj.is_null() {
            return fail(Code::GXF_OUT_OF_MEMORY, format!("creating a '{type_name}' failed"));
        }
        let cid = self.next_uid();
        let mut params = ParamStore::default();
        for spec in &ty.params {
            if let Some(yaml) = &spec.default_yaml {
                let value = crate::graph::params::parse_default(spec, yaml)
                    .map_err(|e| e.context(format!("default of parameter '{}' of type '{type_name}'", spec.key)))?;
                params.set(&spec.key, value);
            }
        }
        let slot = Arc::new(ComponentSlot {
            cid,
            eid,
            ty,
            obj,
            name: RwLock::new(name.to_string()),
            params: RwLock::new(params),
            origin: RwLock::new(String::new()),
        });
        entity.components.write().unwrap_or_else(|e| e.into_inner()).push(slot.clone());
        self.components.write().unwrap_or_else(|e| e.into_inner()).insert(cid, slot);
        Ok(cid)
    }

    /// A component by id.
    pub fn component(&self, cid: i64) -> Result<Arc<ComponentSlot>> {
        read(&self.components)
            .get(&cid)
            .cloned()
            .ok_or_else(|| Error::new(Code::GXF_ENTITY_COMPONENT_NOT_FOUND, format!("no component with id {cid}")))
    }

    /// Finds the first component of `eid` at index ≥ `start` whose type is (derived from)
    /// `tid` and whose name matches; falls back to the interface map for names.
    pub fn find_component_from(
        &self,
        eid: i64,
        tid: Option<Tid>,
        name: Option<&str>,
        start: usize,
    ) -> Result<(i64, usize)> {
        let entity = self.entity(eid)?;
        let types = read(&self.types);
        let comps = entity.components();
        let hit = comps.iter().enumerate().skip(start).find(|(_, c)| {
            tid.is_none_or(|t| types.is_a(c.ty.tid, t))
                && name.is_none_or(|n| *c.name.read().unwrap_or_else(|e| e.into_inner()) == n)
        });
        if let Some((i, c)) = hit {
            return Ok((c.cid, i));
        }
        if let Some(cid) = name.and_then(|n| entity.interface(n)) {
            return Ok((cid, usize::MAX));
        }
        fail(
            Code::GXF_ENTITY_COMPONENT_NOT_FOUND,
            format!(
                "entity '{}' has no component{}",
                entity.name,
                name.map(|n| format!(" named '{n}'")).unwrap_or_default()
            ),
        )
    }

    /// Finds a component by type and/or name (`GxfComponentFind`).
    pub fn find_component(&self, eid: i64, tid: Option<Tid>, name: Option<&str>) -> Result<i64> {
        self.find_component_from(eid, tid, name, 0).map(|(cid, _)| cid)
    }

    /// A parameter's stored value (`GxfParameterGet*`), registered by the component or not.
    pub fn param(&self, cid: i64, key: &str) -> Result<ParamValue> {
        let slot = self.component(cid)?;
        let params = slot.params.read().unwrap_or_else(|e| e.into_inner());
        params.get(key).cloned().ok_or_else(|| {
            Error::new(Code::GXF_PARAMETER_NOT_FOUND, format!("parameter '{key}' of component {cid} is not set"))
        })
    }

    /// Sets a parameter value.
    pub fn set_param(&self, cid: i64, key: &str, value: ParamValue) -> Result<()> {
        let slot = self.component(cid)?;
        slot.params.write().unwrap_or_else(|e| e.into_inner()).set(key, value);
        Ok(())
    }

    /// Records where a component was declared (`file:line`), used in later error messages.
    pub fn set_origin(&self, cid: i64, origin: String) -> Result<()> {
        *self.component(cid)?.origin.write().unwrap_or_else(|e| e.into_inner()) = origin;
        Ok(())
    }

    /// Adds `name → cid` to an entity's interface map (first one wins).
    pub fn add_interface(&self, eid: i64, name: &str, cid: i64) -> Result<()> {
        let entity = self.entity(eid)?;
        let mut map = entity.interfaces.lock().unwrap_or_else(|e| e.into_inner());
        if !map.iter().any(|(n, _)| n == name) {
            map.push((name.to_string(), cid));
        }
        Ok(())
    }

    /// Entity group id of an entity (1 = the default group).
    pub fn entity_group(&self, eid: i64) -> Result<i64> {
        Ok(*self.entity(eid)?.group.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// GXF's resource lookup: the first component of exactly type `tid` deriving from
    /// `ResourceBase` among the entities of `eid`'s group, optionally with a given name.
    pub fn find_resource(&self, eid: i64, tid: Tid, name: Option<&str>) -> Result<i64> {
        let group = self.entity_group(eid)?;
        for other in self.entity_ids() {
            if self.entity_group(other)? != group {
                continue;
            }
            let hit =
                self.entity(other)?.components().into_iter().find(|c| {
                    c.ty.tid == tid && self.is_a(tid, tids::RESOURCE_BASE) && name.is_none_or(|n| c.name() == n)
                });
            if let Some(c) = hit {
                return Ok(c.cid);
            }
        }
        fail(
            Code::GXF_ENTITY_COMPONENT_NOT_FOUND,
            format!("no resource of type {tid} in the entity group of '{}'", self.entity_name(eid)),
        )
    }

    /// Moves an entity into group `gid`.
    pub fn set_entity_group(&self, eid: i64, gid: i64) -> Result<()> {
        let entity = self.entity(eid)?;
        let mut group = entity.group.lock().unwrap_or_else(|e| e.into_inner());
        if *group == gid {
            return fail(Code::GXF_FAILURE, format!("entity '{}' is already in group {gid}", entity.name));
        }
        *group = gid;
        Ok(())
    }

    // ---------------------------------------------------------------- routing

    /// Rebuilds the connection graph from every `Connection` component and every `Topic`
    /// (all transmitters of a topic name feed all its receivers).
    fn build_routes(&self) -> Result<()> {
        let mut router = Router::default();
        let mut topics: HashMap<String, (Vec<i64>, Vec<i64>)> = HashMap::new();
        for slot in read(&self.components).values() {
            if slot.ty.tid == tids::CONNECTION {
                if let (Some(ParamValue::Handle(tx)), Some(ParamValue::Handle(rx))) =
                    (slot.param("source"), slot.param("target"))
                {
                    router.connect(tx, rx);
                }
            } else if slot.ty.tid == tids::TOPIC {
                let name = match slot.param("topic_name") {
                    Some(ParamValue::Str(s)) if !s.is_empty() => s,
                    _ => slot.name(),
                };
                let entry = topics.entry(name).or_default();
                entry.0.extend(handle_list(slot.param("transmitters")));
                entry.1.extend(handle_list(slot.param("receivers")));
            }
        }
        for (txs, rxs) in topics.values() {
            for &tx in txs {
                for &rx in rxs {
                    router.connect(tx, rx);
                }
            }
        }
        *self.router.write().unwrap_or_else(|e| e.into_inner()) = router;
        Ok(())
    }

    /// Receivers connected to a transmitter.
    pub fn connected_receivers(&self, tx: i64) -> Vec<i64> {
        read(&self.router).receivers_of(tx)
    }

    /// Transmitters connected to a receiver.
    pub fn connected_transmitters(&self, rx: i64) -> Vec<i64> {
        read(&self.router).transmitters_of(rx)
    }

    /// All connections as (transmitter cid, receiver cid).
    pub fn connections(&self) -> Vec<(i64, i64)> {
        read(&self.router).edges()
    }

    // ---------------------------------------------------------------- entity lifecycle

    fn check_mandatory(&self, entity: &Entity) -> Result<()> {
        for slot in entity.components() {
            let params = slot.params.read().unwrap_or_else(|e| e.into_inner());
            for spec in &slot.ty.params {
                let optional = spec.flags & crate::abi::param_flags::OPTIONAL != 0;
                if !optional && !params.get(&spec.key).is_some_and(ParamValue::is_set) {
                    return fail(
                        Code::GXF_PARAMETER_MANDATORY_NOT_SET,
                        format!(
                            "{}mandatory parameter '{}' of component '{}' ({}) in entity '{}' is not set",
                            slot.origin_prefix(),
                            spec.key,
                            slot.name(),
                            slot.ty.name,
                            entity.name
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    fn ctx_of(&self, slot: &ComponentSlot) -> ComponentCtxC {
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
                    "{}component '{}' ({}) of entity '{}' failed to initialize",
                    slot.origin_prefix(),
                    slot.name(),
                    slot.ty.name,
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
        *entity.stage.lock().unwrap_or_else(|e| e.into_inner()) = Stage::Initialized;
        let parts = self.exec_parts(&comps)?;
        if !parts.codelets.is_empty() {
            let item = ExecItem::new(eid, entity.name.clone(), self.raw(), parts);
            *entity.exec.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(item));
        }
        Ok(())
    }

    fn exec_parts(&self, comps: &[Arc<ComponentSlot>]) -> Result<ExecParts> {
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
                    parts.codelets.push((Obj { obj: slot.obj, vt: c, cid: slot.cid }, slot.name()));
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

    fn combined_terms(&self, slot: &ComponentSlot, t: &crate::abi::TermVTable) -> Result<Vec<i64>> {
        let mut buf = vec![0i64; 64];
        let mut n = buf.len();
        // SAFETY: buf has capacity n.
        ext_result(unsafe { (t.combined_terms)(slot.obj, buf.as_mut_ptr(), &mut n) }, || {
            format!("term combiner '{}'", slot.name())
        })?;
        buf.truncate(n);
        Ok(buf)
    }

    fn term_obj(&self, cid: i64) -> Result<Obj<crate::abi::TermVTable>> {
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
            let _ = super::logging::take_last_error();
        }
        let exec = entity.exec.lock().unwrap_or_else(|e| e.into_inner()).take();
        let mut first = match exec {
            Some(item) => item.stop_if_started(),
            None => Ok(()),
        };
        if entity.stage() == Stage::Initialized {
            for slot in entity.components().iter().rev() {
                let Some(vt) = slot.ty.vtable else { continue };
                let r = ext_result(lifecycle(vt.deinitialize, slot.obj, self.ctx_of(slot)), || {
                    format!(
                        "component '{}' ({}) of entity '{}' failed to deinitialize",
                        slot.name(),
                        slot.ty.name,
                        entity.name
                    )
                });
                if first.is_ok() {
                    first = r;
                }
            }
            *entity.stage.lock().unwrap_or_else(|e| e.into_inner()) = Stage::Uninitialized;
        }
        first
    }

    /// The executor record of an active entity with codelets.
    pub fn exec_item(&self, eid: i64) -> Option<Arc<ExecItem>> {
        self.entity(eid).ok().and_then(|e| e.exec.lock().unwrap_or_else(|e| e.into_inner()).clone())
    }

    // ---------------------------------------------------------------- events and monitors

    /// Delivers a `gxf_event_t` for an entity to every scheduler.
    #[inline]
    pub fn notify_event(&self, eid: i64, event: i32) {
        let bit = 1u32.checked_shl(event as u32).unwrap_or(0);
        if self.wanted_events.load(Ordering::Relaxed) & bit != 0 {
            self.deliver_event(eid, event, bit);
        }
    }

    fn deliver_event(&self, eid: i64, event: i32, bit: u32) {
        for sys in read(&self.systems).iter().filter(|s| s.vt.event_mask & bit != 0) {
            // SAFETY: live system object.
            if unsafe { (sys.vt.event_notify)(sys.obj, eid, event) } != 0 {
                let _ = super::logging::take_last_error();
            }
        }
    }

    pub(crate) fn notify_monitors(&self, eid: i64, now: i64, code: i32) {
        if !self.has_monitors.load(Ordering::Relaxed) {
            return;
        }
        for m in read(&self.monitors).iter() {
            // SAFETY: live monitor object.
            if unsafe { (m.vt.on_execute)(m.obj, eid, now, code) } != 0 {
                let _ = super::logging::take_last_error();
            }
        }
    }

    // ---------------------------------------------------------------- graph lifecycle

    fn program(&self) -> std::sync::MutexGuard<'_, Program> {
        self.program.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Graph state.
    pub fn graph_state(&self) -> GraphState {
        self.program().state
    }

    fn activation_order(&self) -> Vec<i64> {
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
            let is_connection = comps.iter().any(|c| c.ty.tid == tids::CONNECTION);
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

    fn register_systems(&self, order: &[i64]) {
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
        *self.monitors.write().unwrap_or_else(|e| e.into_inner()) = monitors;
        *self.systems.write().unwrap_or_else(|e| e.into_inner()) = systems;
    }

    fn schedule(&self, item: &Arc<ExecItem>) -> Result<()> {
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
        for sys in read(&self.systems).iter() {
            // SAFETY: live system object.
            ext_result(unsafe { (sys.vt.stop)(sys.obj) }, || format!("stopping scheduler {}", sys.cid))?;
        }
        Ok(())
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
        self.systems.write().unwrap_or_else(|e| e.into_inner()).clear();
        self.monitors.write().unwrap_or_else(|e| e.into_inner()).clear();
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
        *self.entities.write().unwrap_or_else(|e| e.into_inner()) = EntityTable::default();
        self.components.write().unwrap_or_else(|e| e.into_inner()).clear();
        self.pool.drain();
        first
    }
}
