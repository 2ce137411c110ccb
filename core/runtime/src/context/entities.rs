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
