//! Entities and component instances as the core owns them.

use super::executor::ExecItem;
use super::param_value::{ParamStore, ParamValue};
use super::types::ComponentType;
use crate::sync::{lock, read};
use std::ffi::c_void;
use std::sync::{Arc, Mutex, RwLock};

/// Lifecycle stage of an entity (GXF's `EntityItem::Stage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Created or deactivated.
    Uninitialized,
    /// Components initialised.
    Initialized,
}

/// One component instance.
pub struct ComponentSlot {
    /// Component id.
    pub cid: i64,
    /// Owning entity id.
    pub eid: i64,
    /// Its type.
    pub ty: Arc<ComponentType>,
    /// The object created by the type's vtable (null for abstract/data types).
    pub obj: *mut c_void,
    /// Component name (`__name`).
    pub name: RwLock<String>,
    /// Parameter values.
    pub params: RwLock<ParamStore>,
    /// Where the component was declared, empty when created through the API.
    pub origin: RwLock<Origin>,
}

/// Where a component was declared in a graph file: its `type:` line.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    /// `file:line:column`.
    pub at: String,
    /// The line itself, as located errors echo it (`7 | - type: ...`, clipped).
    pub excerpt: String,
}

// SAFETY: the object is owned by the slot and only reached through its (thread-safe) vtable.
unsafe impl Send for ComponentSlot {}
unsafe impl Sync for ComponentSlot {}

impl ComponentSlot {
    /// Current name.
    pub fn name(&self) -> String {
        read(&self.name).clone()
    }

    /// `file:line:column: ` of the declaration, or nothing.
    pub fn origin_prefix(&self) -> String {
        let origin = read(&self.origin);
        if origin.at.is_empty() {
            String::new()
        } else {
            format!("{}: ", origin.at)
        }
    }

    /// `message` located at the declaration with its line echoed, as the graph loader words
    /// its own errors; just `message` for a component created through the API.
    pub fn located(&self, message: &str) -> String {
        let origin = read(&self.origin);
        if origin.at.is_empty() {
            message.to_string()
        } else {
            crate::graph::located(&origin.at, message, &origin.excerpt)
        }
    }

    /// Reads one parameter value.
    pub fn param(&self, key: &str) -> Option<ParamValue> {
        read(&self.params).get(key).cloned()
    }
}

impl Drop for ComponentSlot {
    fn drop(&mut self) {
        if let (Some(vt), false) = (self.ty.vtable, self.obj.is_null()) {
            // SAFETY: obj was created by this vtable and is destroyed exactly once.
            unsafe { (vt.destroy)(self.obj) };
        }
    }
}

/// An entity: ordered components, an interface map and a lifecycle stage.
pub struct Entity {
    /// Entity id.
    pub eid: i64,
    /// Name (auto names are `__entity_<eid>`).
    pub name: String,
    /// Created by a graph load (activated by graph activation).
    pub program: bool,
    /// Components in insertion order.
    pub components: RwLock<Vec<Arc<ComponentSlot>>>,
    /// Exported names → component ids (subgraph interfaces).
    pub interfaces: Mutex<Vec<(String, i64)>>,
    /// Lifecycle stage.
    pub stage: Mutex<Stage>,
    /// Executor record while active (entities with codelets only).
    pub exec: Mutex<Option<Arc<ExecItem>>>,
    /// Entity group id.
    pub group: Mutex<i64>,
}

impl Entity {
    /// A snapshot of the components.
    pub fn components(&self) -> Vec<Arc<ComponentSlot>> {
        read(&self.components).clone()
    }

    /// Current stage.
    pub fn stage(&self) -> Stage {
        *lock(&self.stage)
    }

    /// Interface map lookup.
    pub fn interface(&self, name: &str) -> Option<i64> {
        lock(&self.interfaces).iter().find(|(n, _)| n == name).map(|(_, c)| *c)
    }
}
