//! Components: adding, lookup, parameters, interfaces, entity groups and resources.

use super::*;
use crate::abi::types;
use crate::api::ParamSpec;
use crate::entity::{ComponentSlot, Stage};
use crate::param_value::{ParamStore, ParamValue};
use crate::result::{fail, Code, Error, Result};
use crate::tid::Tid;
use std::sync::{Arc, RwLock};

impl Runtime {
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
            if ty.metadata_only {
                return fail(
                    Code::GXF_FACTORY_UNKNOWN_TID,
                    format!(
                        "type '{type_name}' is known only from the metadata of extension '{}': load its library to create it",
                        ty.extension
                    ),
                );
            }
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
            origin: RwLock::new(Default::default()),
        });
        write(&entity.components).push(slot.clone());
        write(&self.components).insert(cid, slot);
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
        let hit = comps
            .iter()
            .enumerate()
            .skip(start)
            .find(|(_, c)| tid.is_none_or(|t| types.is_a(c.ty.tid, t)) && name.is_none_or(|n| *read(&c.name) == n));
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
        let params = read(&slot.params);
        params.get(key).cloned().ok_or_else(|| {
            Error::new(Code::GXF_PARAMETER_NOT_FOUND, format!("parameter '{key}' of component {cid} is not set"))
        })
    }

    /// Sets a parameter value.
    /// Integer values outside the declared bounds are refused (`GXF_PARAMETER_OUT_OF_RANGE`)
    /// before the component sees them.
    pub fn set_param(&self, cid: i64, key: &str, value: ParamValue) -> Result<()> {
        let slot = self.component(cid)?;
        if let Some((min, max)) = slot.ty.param(key).and_then(ParamSpec::bounds) {
            if let Some(v) = value.out_of_bounds(min, max) {
                let allowed = match (min, max) {
                    (i64::MIN, max) => format!("at most {max}"),
                    (min, i64::MAX) => format!("at least {min}"),
                    (min, max) => format!("between {min} and {max}"),
                };
                let wrapped =
                    if v > i128::from(i64::MAX) { " (a negative number wraps around, as in GXF)" } else { "" };
                return fail(
                    Code::GXF_PARAMETER_OUT_OF_RANGE,
                    format!(
                        "parameter '{key}' of {} '{}' is {v}{wrapped}; it must be {allowed}",
                        slot.ty.name,
                        slot.name()
                    ),
                );
            }
        }
        write(&slot.params).set(key, value);
        Ok(())
    }

    /// Records where a component was declared, used in later error messages.
    pub(crate) fn set_origin(&self, cid: i64, origin: crate::entity::Origin) -> Result<()> {
        *write(&self.component(cid)?.origin) = origin;
        Ok(())
    }

    /// Adds `name → cid` to an entity's interface map (first one wins).
    pub fn add_interface(&self, eid: i64, name: &str, cid: i64) -> Result<()> {
        let entity = self.entity(eid)?;
        let mut map = lock(&entity.interfaces);
        if !map.iter().any(|(n, _)| n == name) {
            map.push((name.to_string(), cid));
        }
        Ok(())
    }

    /// Entity group id of an entity ([`DEFAULT_ENTITY_GROUP`] unless moved into another).
    pub fn entity_group(&self, eid: i64) -> Result<i64> {
        Ok(*lock(&self.entity(eid)?.group))
    }

    /// GXF's resource lookup: the first component of exactly type `tid` deriving from
    /// `ResourceBase` among the entities of `eid`'s group, optionally with a given name.
    pub fn find_resource(&self, eid: i64, tid: Tid, name: Option<&str>) -> Result<i64> {
        let group = self.entity_group(eid)?;
        for other in self.entity_ids() {
            if self.entity_group(other)? != group {
                continue;
            }
            let hit = self.entity(other)?.components().into_iter().find(|c| {
                c.ty.tid == tid && self.is_a(tid, types::RESOURCE_BASE.tid) && name.is_none_or(|n| c.name() == n)
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

    /// Creates an entity group (`GxfCreateEntityGroup`): a new group id that remembers `name`
    /// (names need not be unique).
    pub fn create_entity_group(&self, name: &str) -> i64 {
        let gid = self.next_uid();
        lock(&self.group_names).insert(gid, name.to_string());
        gid
    }

    /// The name group `gid` was created with (`None` for the default group and unknown ids).
    pub fn entity_group_name(&self, gid: i64) -> Option<String> {
        lock(&self.group_names).get(&gid).cloned()
    }

    /// Moves an entity into group `gid`.
    pub fn set_entity_group(&self, eid: i64, gid: i64) -> Result<()> {
        let entity = self.entity(eid)?;
        let mut group = lock(&entity.group);
        if *group == gid {
            return fail(Code::GXF_FAILURE, format!("entity '{}' is already in group {gid}", entity.name));
        }
        *group = gid;
        Ok(())
    }
}
