//! Entities: creation, lookup by name and id.

use super::*;
use crate::entity::{Entity, Stage};
use crate::result::{fail, Code, Error, Result};
use std::sync::{Arc, Mutex, RwLock};

impl Runtime {
    /// Creates an entity (`GxfCreateEntity`); `program` marks it part of the graph.
    pub fn create_entity(&self, name: Option<&str>, program: bool) -> Result<i64> {
        let name = name.unwrap_or("");
        if name.starts_with("__") {
            return fail(Code::GXF_ARGUMENT_INVALID, format!("entity name '{name}' must not start with '__'"));
        }
        let mut table = write(&self.entities);
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
            group: Mutex::new(DEFAULT_ENTITY_GROUP),
        });
        table.by_name.insert(name, eid);
        table.by_eid.insert(eid, entity);
        table.order.push(eid);
        Ok(eid)
    }

    /// Destroys an entity and its components (`GxfEntityDestroy`). An unknown id is
    /// `GXF_QUERY_NOT_FOUND`, as in GXF. Unlike GXF, which frees an active entity's components
    /// under its scheduler, an active entity is refused (deactivate it first), and so is one
    /// whose components an active entity still uses (a handle parameter or a connection into
    /// it): nothing may be left pointing at freed objects.
    pub fn destroy_entity(&self, eid: i64) -> Result<()> {
        let entity = self
            .entity(eid)
            .map_err(|_| Error::new(Code::GXF_QUERY_NOT_FOUND, format!("no entity with id {eid} to destroy")))?;
        if entity.stage() == Stage::Initialized {
            return fail(
                Code::GXF_INVALID_LIFECYCLE_STAGE,
                format!("entity '{}' is active: deactivate it before destroying it", entity.name),
            );
        }
        let cids: Vec<i64> = entity.components().iter().map(|slot| slot.cid).collect();
        if let Some(user) = self.active_user_of(eid, &cids) {
            return fail(
                Code::GXF_FAILURE,
                format!("entity '{}' cannot be destroyed: {user} still uses its components", entity.name),
            );
        }
        {
            let mut table = write(&self.entities);
            table.by_eid.remove(&eid);
            table.by_name.remove(&entity.name);
            table.order.retain(|&e| e != eid);
        }
        write(&self.components).retain(|cid, _| !cids.contains(cid));
        self.program().activated.retain(|&e| e != eid);
        Ok(())
    }

    /// An active entity other than `eid` whose components use one of `cids` (a handle parameter,
    /// or a transmitter connected to one of them), described for an error message.
    fn active_user_of(&self, eid: i64, cids: &[i64]) -> Option<String> {
        let active = |e: &Entity| e.eid != eid && e.stage() == Stage::Initialized;
        // A snapshot: no other lock is taken while the entity table is held.
        let others: Vec<Arc<Entity>> = read(&self.entities).by_eid.values().cloned().collect();
        for other in others.iter().filter(|e| active(e)) {
            for slot in other.components() {
                if read(&slot.params).iter().any(|(_, value)| value.refers_to(cids)) {
                    return Some(format!("component '{}' of active entity '{}'", slot.name(), other.name));
                }
            }
        }
        for (tx, rx) in self.connections() {
            if !cids.contains(&rx) || cids.contains(&tx) {
                continue;
            }
            let owner = self.component(tx).ok().and_then(|slot| self.entity(slot.eid).ok());
            if let Some(owner) = owner.filter(|e| active(e)) {
                return Some(format!("active entity '{}' (connected to it)", owner.name));
            }
        }
        None
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

    /// Number of entities.
    pub fn entity_count(&self) -> usize {
        read(&self.entities).order.len()
    }

    /// Name of an entity.
    pub fn entity_name(&self, eid: i64) -> String {
        self.entity(eid).map(|e| e.name.clone()).unwrap_or_default()
    }
}
