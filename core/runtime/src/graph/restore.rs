//! What the loader reads back from a saved graph ([`super::save`]) beyond GXF's own format. GXF
//! ignores both keys, so it reads a saved file as it reads its own saved files (loading each
//! subgraph a second time):
//!
//! - `expanded: true` in a component entry: the entry is created in place like any other
//!   component, even a `nvidia::gxf::Subgraph`, whose `location` is then set as written and whose
//!   files are not loaded (their entities are in the saved file already).
//! - `interface_map: [{name, target}]` in an entity document: entries of that entity's interface
//!   map (what a subgraph's `interfaces` add to its host entity, and what the parent's
//!   `prerequisites` add to a subgraph's `prerequisites` entity). `target` is `entity/component`
//!   (entity names take the file's prefix, as handles do) or a component of the entity itself.

use super::{find_with_prefix, scalar_of, Loader};
use crate::param_value::ParamValue;
use crate::result::{Code, Result};
use crate::yaml::Node;
use crate::Runtime;

/// Component entry key: create the entry in place (see the module documentation).
pub(super) const EXPANDED: &str = "expanded";
/// Entity document key: the entity's interface map (see the module documentation).
pub(super) const INTERFACE_MAP: &str = "interface_map";

/// Whether a component entry is marked `expanded: true`.
pub(super) fn is_expanded(entry: &Node) -> bool {
    entry.get(EXPANDED).and_then(Node::to_bool) == Some(true)
}

/// The component `text` names for an entity `owner`: `entity/component` (the entity tried with
/// `prefix` first) or `component` of `owner`; the first component of that name, else the
/// entity's interface map.
pub(super) fn resolve_component_ref(rt: &Runtime, owner: i64, prefix: &str, text: &str) -> Result<i64> {
    let (eid, comp) = match text.split_once('/') {
        None => (owner, text),
        Some((ent, comp)) => (find_with_prefix(rt, prefix, ent)?, comp),
    };
    rt.find_component(eid, None, Some(comp))
}

impl Loader<'_> {
    /// Sets a Subgraph's `location` to the path text as written (as loading the subgraph does)
    /// and returns it.
    pub(super) fn set_location<'n>(&self, cid: i64, location: &'n Node) -> Result<&'n str> {
        let files = location.scalar().ok_or_else(|| {
            self.src.err(location.mark, Code::GXF_PARAMETER_PARSER_ERROR, "'location' must be a path")
        })?;
        self.rt.set_param(cid, "location", ParamValue::Str(files.to_string()))?;
        Ok(files)
    }

    /// Remembers the `interface_map` of the document of entity `eid`, if it has one.
    pub(super) fn note_interface_map(&mut self, eid: i64, doc: &Node) {
        if let Some(map) = doc.get(INTERFACE_MAP) {
            self.interface_maps.push((eid, map.clone()));
        }
    }

    /// Adds the remembered `interface_map` entries to their entities (first name wins).
    pub(super) fn restore_interface_maps(&mut self) -> Result<()> {
        for (eid, list) in std::mem::take(&mut self.interface_maps) {
            if !list.is_sequence() {
                return Err(self.src.err(list.mark, Code::GXF_FAILURE, "'interface_map' must be a sequence"));
            }
            for item in list.items() {
                let (Some(name), Some(target)) = (scalar_of(item.get("name")), scalar_of(item.get("target"))) else {
                    return Err(self.src.err(item.mark, Code::GXF_FAILURE, "an interface needs 'name' and 'target'"));
                };
                let cid = resolve_component_ref(self.rt, eid, &self.scope.prefix, target)
                    .map_err(|e| self.src.at(item.mark, e))?;
                self.rt.add_interface(eid, name, cid)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::load_str;
    use crate::result::Code;
    use crate::Runtime;

    fn load(text: &str) -> crate::result::Result<()> {
        load_str(&Runtime::new(), "<test>", text, &[])
    }

    #[test]
    fn interface_maps_need_a_list_of_names_and_existing_targets() {
        let bad = [
            ("name: a\ncomponents: []\ninterface_map: {x: a/y}\n", Code::GXF_FAILURE),
            ("name: a\ncomponents: []\ninterface_map: [{name: x}]\n", Code::GXF_FAILURE),
            ("name: a\ncomponents: []\ninterface_map: [{name: x, target: b/y}]\n", Code::GXF_ENTITY_NOT_FOUND),
            ("name: a\ncomponents: []\ninterface_map: [{name: x, target: y}]\n", Code::GXF_ENTITY_COMPONENT_NOT_FOUND),
        ];
        for (text, code) in bad {
            let e = load(text).unwrap_err();
            assert_eq!(e.code, code, "{text}: {e}");
            assert!(e.message.starts_with("<test>:3:"), "errors point at the entry: {e}");
        }
    }

    #[test]
    fn a_document_without_components_creates_nothing_and_its_map_is_ignored() {
        let rt = Runtime::new();
        load_str(&rt, "<test>", "name: a\ninterface_map: [{name: x, target: b/y}]\n", &[]).unwrap();
        assert_eq!(rt.entity_count(), 0);
    }
}
