//! The type registry: GXF type names ↔ ids, base types, and each type's implementation.

use crate::abi::ComponentVTable;
use crate::api::ParamSpec;
use crate::result::{fail, Code, Result};
use crate::tid::Tid;
use std::collections::HashMap;
use std::sync::Arc;

/// One registered component type.
pub struct ComponentType {
    /// GXF type name.
    pub name: String,
    /// Type id.
    pub tid: Tid,
    /// Direct base, if any.
    pub base: Option<Tid>,
    /// Description.
    pub description: String,
    /// Declared parameters.
    pub params: Vec<ParamSpec>,
    /// Implementation; `None` for abstract types.
    pub vtable: Option<&'static ComponentVTable>,
    /// Name of the extension that registered it.
    pub extension: String,
    /// Known from the extension's metadata file only (`load_metadata_files`): its library is
    /// not loaded, so it cannot be created.
    pub metadata_only: bool,
}

// SAFETY: the vtable is an immutable static of a never-unloaded library.
unsafe impl Send for ComponentType {}
unsafe impl Sync for ComponentType {}

impl ComponentType {
    /// The declared parameter `key`.
    pub fn param(&self, key: &str) -> Option<&ParamSpec> {
        self.params.iter().find(|p| p.key == key)
    }
}

/// Name ↔ id map plus base links.
#[derive(Default)]
pub struct TypeRegistry {
    by_tid: HashMap<Tid, Arc<ComponentType>>,
    by_name: HashMap<String, Tid>,
}

impl TypeRegistry {
    /// Adds a type; its base (if named) must already be known.
    pub fn add(&mut self, mut ty: ComponentType, base_name: &str) -> Result<()> {
        if self.by_tid.contains_key(&ty.tid) || self.by_name.contains_key(&ty.name) {
            return fail(
                Code::GXF_FACTORY_DUPLICATE_TID,
                format!("type '{}' ({}) is already registered", ty.name, ty.tid),
            );
        }
        if !base_name.is_empty() {
            match self.by_name.get(base_name) {
                Some(base) => ty.base = Some(*base),
                None => {
                    return fail(
                        Code::GXF_FACTORY_UNKNOWN_CLASS_NAME,
                        format!("base type '{base_name}' of '{}' is not registered", ty.name),
                    )
                }
            }
        }
        self.by_name.insert(ty.name.clone(), ty.tid);
        self.by_tid.insert(ty.tid, Arc::new(ty));
        Ok(())
    }

    /// Looks a type up by name.
    pub fn by_name(&self, name: &str) -> Option<&Arc<ComponentType>> {
        self.by_name.get(name).and_then(|t| self.by_tid.get(t))
    }

    /// The registered name most like `name` (a typo, or a name without its namespace such as
    /// `PingTx` for `nvidia::gxf::PingTx`), if any is close.
    pub fn similar_name(&self, name: &str) -> Option<&str> {
        let names = || self.by_name.keys().map(String::as_str);
        crate::suggest::closest(name, names()).or_else(|| {
            let short = |full: &'_ str| full.rsplit("::").next().unwrap_or_default().to_string();
            let wanted = short(name);
            let shorts: Vec<(String, &str)> = names().map(|full| (short(full), full)).collect();
            let hit = crate::suggest::closest(&wanted, shorts.iter().map(|(s, _)| s.as_str()))?;
            shorts.iter().find(|(s, _)| s == hit).map(|(_, full)| *full)
        })
    }

    /// Looks a type up by id.
    pub fn get(&self, tid: Tid) -> Option<&Arc<ComponentType>> {
        self.by_tid.get(&tid)
    }

    /// Whether `derived` is `base` or (transitively) derives from it.
    pub fn is_a(&self, derived: Tid, base: Tid) -> bool {
        let mut current = Some(derived);
        while let Some(t) = current {
            if t == base {
                return true;
            }
            current = self.by_tid.get(&t).and_then(|ty| ty.base);
        }
        false
    }
}
