//! `GxfGraphSaveToFile` (GXF: `YamlFileLoader::saveToFile` in `gxf/std/yaml_file_loader.cpp`;
//! gxf-core-spec §1.13): the graph of a context as a graph file that loads back into a fresh
//! context (with the same extensions) as the same graph.
//!
//! The shape is GXF's: one document per entity, in creation order, each starting with `---`
//! (yaml-cpp's `BeginDoc`), with `name` (left out when empty) and `components`, a list of
//! `{name (left out when empty), type, parameters}`; `parameters` holds every registered
//! parameter that has a value (defaults included, as GXF's parameter storage holds them), in
//! registration order, and is `{}` when there are none; unset parameters are left out. The
//! text is yaml-cpp's block style and ends with a newline, as GXF writes it.
//!
//! Where GXF loses what loading the file back needs, this keeps it:
//!
//! - Handles: GXF writes the bare component name, so a handle to another entity's component
//!   loads back wrong or fails. Here a handle within the owner's entity is the bare name and any
//!   other is `entity/component`; `<Unspecified>` handles are written as `<Unspecified>`.
//!   Every handle is checked to resolve back to the same component.
//! - Unnamed entities: GXF writes their auto names (`__entity_<eid>`), which the loader refuses.
//!   Here they have no `name`, so loading gives them new auto names. Anything that must name such
//!   an entity (a handle from another entity, an entity group) cannot be saved: an error.
//! - Strings: GXF writes the stored text as a string, and the loader stores yaml-cpp's emission
//!   of the node it reads, so a text that needed quotes gains a level of quoting at every
//!   save/load. Here the node is written whose emission is the stored text (a map given as a
//!   string parameter is written as that map again).
//! - Unregistered parameters (set by YAML keys a component did not register, or through the
//!   API): GXF saves none. Here those GXF's rules for unregistered keys read back as the same
//!   value are saved after the registered ones (in the order they were first set); others are
//!   left out with a warning.
//! - Subgraphs: GXF writes every entity of every loaded subgraph (named `<host>.<name>`) and the
//!   hosts' `Subgraph` components with their `location`, so loading the file loads the
//!   subgraphs a second time into entities that exist already. Here `Subgraph` entries carry
//!   `expanded: true`: the loader creates them in place and sets `location` without loading it
//!   (see `graph/restore.rs`). The interface maps that subgraphs gave their host entities (and
//!   the parents' prerequisites their `prerequisites` entities) are written as each entity's
//!   `interface_map: [{name, target}]`, which GXF ignores.
//! - Entity groups: GXF writes none. Here a last document `EntityGroups: [{name, target}]` lists
//!   every group but the default one, with its entities.
//!
//! Still lost, as in GXF: whether an entity was created outside the graph program (API calls
//! without the program flag); everything saved loads back as part of the graph.

mod names;
mod values;

use crate::context::DEFAULT_ENTITY_GROUP;
use crate::entity::{ComponentSlot, Entity};
use crate::graph::restore::{resolve_component_ref, EXPANDED, INTERFACE_MAP};
use crate::logging::core_log;
use crate::result::{fail, Code, Error, Result};
use crate::sync::{lock, read};
use crate::yaml::{emit, Node};
use crate::{abi::types, Runtime};
use names::{component_ref, nameable};
use std::collections::BTreeMap;
use values::{map, scalar, seq, Speller};

/// The graph of `rt` as graph-file text (what [`save_graph`] writes).
pub fn graph_to_yaml(rt: &Runtime) -> Result<String> {
    let mut anchors = 0;
    let mut docs = Vec::new();
    // Entities destroyed meanwhile are skipped.
    for entity in rt.entity_ids().into_iter().filter_map(|eid| rt.entity(eid).ok()) {
        docs.push(entity_doc(rt, &entity, &mut anchors)?);
    }
    docs.extend(groups_doc(rt)?);
    let mut text = String::new();
    for doc in &docs {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str("---\n");
        text.push_str(&emit(doc));
    }
    text.push('\n');
    Ok(text)
}

/// Writes the graph of `rt` to the file `path` (`GxfGraphSaveToFile`), replacing it; the path is
/// used as given (not joined to a root path), as GXF does. An empty path is
/// `GXF_ARGUMENT_INVALID`, a file that cannot be written `GXF_FAILURE`; nothing is written when
/// the graph cannot be saved.
pub fn save_graph(rt: &Runtime, path: &str) -> Result<()> {
    if path.is_empty() {
        return fail(Code::GXF_ARGUMENT_INVALID, "the file name for saving the graph is empty");
    }
    let text = graph_to_yaml(rt)?;
    std::fs::write(path, text)
        .map_err(|e| Error::new(Code::GXF_FAILURE, format!("could not write the graph to '{path}': {e}")))?;
    core_log!(3, "Saved graph to file '{path}'");
    Ok(())
}

fn entity_doc(rt: &Runtime, entity: &Entity, anchors: &mut usize) -> Result<Node> {
    let mut doc = Vec::new();
    if nameable(&entity.name) {
        doc.push(("name".to_string(), scalar(entity.name.as_str())));
    }
    let slots = entity.components();
    let names: Vec<String> = slots.iter().map(|slot| slot.name()).filter(|name| !name.is_empty()).collect();
    let duplicate = names.iter().enumerate().find_map(|(i, name)| names[..i].contains(name).then_some(name));
    if let Some(name) = duplicate {
        return fail(
            Code::GXF_FAILURE,
            format!(
                "entity '{}' has two components named '{name}', which a graph file cannot hold (the loader \
                 refuses the second)",
                entity.name
            ),
        );
    }
    let components = slots.iter().map(|slot| component_entry(rt, entity, slot, anchors)).collect::<Result<_>>()?;
    doc.push(("components".to_string(), seq(components)));
    let interfaces = lock(&entity.interfaces).clone();
    if !interfaces.is_empty() {
        let items = interfaces
            .into_iter()
            .map(|(name, cid)| {
                let target = component_ref(rt, entity.eid, cid, |text| resolve_component_ref(rt, entity.eid, "", text))
                    .map_err(|e| e.context(format!("interface '{name}' of entity '{}'", entity.name)))?;
                Ok(map(vec![("name".to_string(), scalar(name)), ("target".to_string(), scalar(target))]))
            })
            .collect::<Result<_>>()?;
        doc.push((INTERFACE_MAP.to_string(), seq(items)));
    }
    Ok(map(doc))
}

fn component_entry(rt: &Runtime, entity: &Entity, slot: &ComponentSlot, anchors: &mut usize) -> Result<Node> {
    let name = slot.name();
    let label = format!("{}/{}", entity.name, if name.is_empty() { slot.ty.name.as_str() } else { name.as_str() });
    let mut entry = Vec::new();
    if !name.is_empty() {
        entry.push(("name".to_string(), scalar(name)));
    }
    entry.push(("type".to_string(), scalar(slot.ty.name.as_str())));
    if slot.ty.tid == types::SUBGRAPH.tid {
        entry.push((EXPANDED.to_string(), scalar("true")));
    }
    let stored: Vec<_> = read(&slot.params).iter().cloned().collect();
    let mut speller = Speller::new(rt, slot, label, anchors);
    let mut params = Vec::new();
    for spec in &slot.ty.params {
        if let Some((_, value)) = stored.iter().find(|(k, _)| *k == spec.key) {
            params.push((spec.key.clone(), speller.registered(spec, value)?));
        }
    }
    for (key, value) in stored.iter().filter(|(k, _)| slot.ty.param(k).is_none()) {
        if let Some(node) = speller.dynamic(key, value) {
            params.push((key.clone(), node));
        }
    }
    entry.push(("parameters".to_string(), map(params)));
    Ok(map(entry))
}

/// `EntityGroups` listing every group but the default one (in creation order) with its entities.
fn groups_doc(rt: &Runtime) -> Result<Option<Node>> {
    let mut groups: BTreeMap<i64, Vec<Node>> = BTreeMap::new();
    for eid in rt.entity_ids() {
        let (Ok(gid), Ok(entity)) = (rt.entity_group(eid), rt.entity(eid)) else { continue };
        if gid == DEFAULT_ENTITY_GROUP {
            continue;
        }
        if !nameable(&entity.name) {
            return fail(
                Code::GXF_FAILURE,
                format!(
                    "entity '{}' is in entity group '{}' but has no name a graph file can use",
                    entity.name,
                    group_name(rt, gid)
                ),
            );
        }
        groups.entry(gid).or_default().push(scalar(entity.name.as_str()));
    }
    if groups.is_empty() {
        return Ok(None);
    }
    let items = groups
        .into_iter()
        .map(|(gid, targets)| {
            map(vec![("name".to_string(), scalar(group_name(rt, gid))), ("target".to_string(), seq(targets))])
        })
        .collect();
    Ok(Some(map(vec![("EntityGroups".to_string(), seq(items))])))
}

/// The name a group was created with; `group_<gid>` for a group made without one.
fn group_name(rt: &Runtime, gid: i64) -> String {
    rt.entity_group_name(gid).unwrap_or_else(|| format!("group_{gid}"))
}
