//! The runtime context: entities, components, parameters, extensions and the graph lifecycle.

mod activation;
mod components;
mod entities;
mod events;
mod lifecycle;
mod routing;

use crate::abi::types;
use crate::abi::MonitorVTable;
use crate::clip::clip;
use crate::entity::{ComponentSlot, Entity};
use crate::executor::Obj;
use crate::message::MessagePool;
use crate::param_value::ParamValue;
use crate::program::{Program, SystemRef};
use crate::result::{Code, Error, Result};
use crate::router::Router;
use crate::sync::{lock, read, write};
use crate::tid::Tid;
use crate::types::{ComponentType, TypeRegistry};
use crate::uid::UidCounter;
use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicU32};
use std::sync::{Arc, Mutex, RwLock};

/// Largest component name GXF accepts (exclusive).
const MAX_COMPONENT_NAME: usize = 256;

/// The group every entity starts in (GXF's default entity group).
pub const DEFAULT_ENTITY_GROUP: i64 = 1;

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
    /// Library path (the metadata file for types known from metadata only).
    pub path: String,
    /// Type ids of its components, in registration order.
    pub components: Vec<Tid>,
    /// What the extension states about itself (empty for metadata-only records).
    pub about: ExtensionAbout,
}

/// The descriptive part of an extension's info (`GXF_EXT_FACTORY_SET_INFO` and
/// `SET_DISPLAY_INFO`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExtensionAbout {
    /// Description.
    pub description: String,
    /// Author.
    pub author: String,
    /// License.
    pub license: String,
    /// Display name.
    pub display_name: String,
    /// Category.
    pub category: String,
    /// One line on what it is for.
    pub brief: String,
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
    /// Called when the graph is interrupted (`HostTable::interrupt_watch`).
    interrupt_watchers: Mutex<Vec<InterruptWatcher>>,
    /// Names of the entity groups created so far, by group id.
    group_names: Mutex<HashMap<i64, String>>,
    /// The run's recorder, once `enable_trace` was called.
    pub(crate) trace: std::sync::OnceLock<Arc<crate::trace::Trace>>,
    /// Per-codelet tick timing, once enabled (`enable_codelet_stats`).
    pub(crate) codelet_timer: std::sync::OnceLock<crate::codelet_stats::CodeletTimer>,
    /// Likely mistakes the graph loader warned about (`graph_warnings`).
    pub(crate) load_warnings: Mutex<Vec<String>>,
}

/// A library's callback for graph interrupts and its data pointer.
#[derive(Clone, Copy)]
pub(crate) struct InterruptWatcher {
    pub callback: crate::abi::InterruptCallback,
    pub data: *mut c_void,
}

// SAFETY: all shared state is behind locks; raw pointers are owned component objects.
unsafe impl Send for Runtime {}
unsafe impl Sync for Runtime {}

/// A shared handle to a runtime context.
pub type Context = Arc<Runtime>;

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
        crate::host_impl::install_in_core();
        let mut types = TypeRegistry::default();
        types
            .add(
                ComponentType {
                    name: types::COMPONENT.name.into(),
                    tid: types::COMPONENT.tid,
                    base: None,
                    description: types::COMPONENT.description.into(),
                    params: Vec::new(),
                    vtable: None,
                    extension: "core".into(),
                    metadata_only: false,
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
            interrupt_watchers: Mutex::new(Vec::new()),
            group_names: Mutex::new(HashMap::new()),
            trace: std::sync::OnceLock::new(),
            codelet_timer: std::sync::OnceLock::new(),
            load_warnings: Mutex::new(Vec::new()),
        })
    }

    /// Likely mistakes found while loading graphs (keys GXF ignores or accepts unregistered,
    /// with the place and the key probably meant), in the order they were found.
    pub fn graph_warnings(&self) -> Vec<String> {
        lock(&self.load_warnings).clone()
    }

    /// Records a likely mistake found while loading a graph (and logs it as a warning).
    pub(crate) fn warn_graph(&self, message: String) {
        crate::logging::core_log!(2, "{message}");
        lock(&self.load_warnings).push(message);
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
        let types = read(&self.types);
        types.by_name(name).cloned().ok_or_else(|| {
            let hint = types.similar_name(name).map(|n| format!(": did you mean '{n}'?")).unwrap_or_default();
            Error::new(Code::GXF_FACTORY_UNKNOWN_CLASS_NAME, format!("unknown component type '{}'{hint}", clip(name)))
        })
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
        lock(&self.extensions).clone()
    }
}
