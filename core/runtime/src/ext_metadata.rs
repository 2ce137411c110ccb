//! `GxfLoadExtensionMetadataFiles`: component types known from an extension's metadata file
//! (`extension.yaml`, written by `registry extn add`) without loading its library, so that the
//! registry can load an extension whose components derive from types of one that is not loaded.
//! Such types can be bases and handle types; they cannot be created (`GXF_FACTORY_UNKNOWN_TID`).

use super::context::Runtime;
use super::types::ComponentType;
use crate::result::{Code, Error, Result};
use crate::sync::write;
use crate::text_file::read_limited;
use crate::tid::Tid;
use crate::yaml::Node;

impl Runtime {
    /// Registers the component types listed in each metadata file, in order (bases must come
    /// before the types that derive from them, in the same file or an earlier one).
    pub fn load_metadata_files(&self, paths: &[&str]) -> Result<()> {
        paths.iter().try_for_each(|path| self.load_metadata_file(path))
    }

    fn load_metadata_file(&self, path: &str) -> Result<()> {
        let text = read_limited(path, "metadata file")?;
        let at =
            |node: &Node, what: String| Error::new(Code::GXF_FAILURE, format!("{path}:{}: {what}", node.mark.line));
        let docs = crate::yaml::parse_documents(&text).map_err(|e| {
            Error::new(Code::GXF_FAILURE, format!("{path}:{}:{}: {}", e.mark.line, e.mark.column, e.message))
        })?;
        let root =
            docs.first().ok_or_else(|| Error::new(Code::GXF_FAILURE, format!("metadata file '{path}' is empty")))?;
        let extension = root.get("name").and_then(Node::scalar).unwrap_or("").to_string();
        let components = root.get("components").ok_or_else(|| at(root, "no 'components:' list".into()))?;
        if !components.is_sequence() {
            return Err(at(components, "'components' must be a list".into()));
        }
        let mut types = write(&self.types);
        for item in components.items() {
            if !item.is_mapping() {
                return Err(at(item, "each component must be a map".into()));
            }
            let field = |key: &str| {
                item.get(key).and_then(Node::scalar).ok_or_else(|| at(item, format!("component without '{key}'")))
            };
            let (name, type_id, base) = (field("typename")?, field("type_id")?, field("base_typename")?);
            let hex: String = type_id.chars().filter(|&c| c != '-').collect();
            let tid = (hex.len() == 32)
                .then(|| Tid::parse(&hex))
                .flatten()
                .ok_or_else(|| at(item, format!("type_id '{type_id}' of '{name}' is not a uuid (32 hex digits)")))?;
            let ty = ComponentType {
                name: name.to_string(),
                tid,
                base: None,
                description: item.get("description").and_then(Node::scalar).unwrap_or("").to_string(),
                params: Vec::new(),
                vtable: None,
                extension: extension.clone(),
                metadata_only: true,
            };
            types.add(ty, base).map_err(|e| e.context(format!("{path}:{}", item.mark.line)))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_file(name: &str, text: &str) -> String {
        let path = std::env::temp_dir().join(format!("gxf_metadata_{}_{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }

    #[test]
    fn metadata_types_are_bases_but_cannot_be_created() {
        let rt = Runtime::new();
        let file = write_file(
            "ok.yaml",
            "name: A\ncomponents:\n- typename: a::Base\n  type_id: 0123456789abcdef0123456789abcdef\n  base_typename: ''\n\
             - typename: a::Derived\n  type_id: 01234567-89ab-cdef-0123-456789abcdee\n  base_typename: a::Base\n",
        );
        rt.load_metadata_files(&[&file]).unwrap();
        let derived = rt.type_by_name("a::Derived").unwrap();
        let base = rt.type_by_name("a::Base").unwrap();
        assert!(rt.is_a(derived.tid, base.tid));
        assert!(derived.vtable.is_none() && derived.params.is_empty());
        assert_eq!(derived.extension, "A");
        let eid = rt.create_entity(Some("e"), false).unwrap();
        assert_eq!(rt.add_component(eid, "a::Derived", "d").unwrap_err().code, Code::GXF_FACTORY_UNKNOWN_TID);
        assert_eq!(rt.load_metadata_files(&[&file]).unwrap_err().code, Code::GXF_FACTORY_DUPLICATE_TID);
    }

    #[test]
    fn malformed_metadata_names_the_line() {
        let rt = Runtime::new();
        let cases = [
            (
                "short.yaml",
                "components:\n- typename: x\n  type_id: 1234\n  base_typename: ''\n",
                Code::GXF_FAILURE,
                "not a uuid",
            ),
            (
                "nobase.yaml",
                "components:\n- typename: x\n  type_id: 0123456789abcdef0123456789abcdef\n",
                Code::GXF_FAILURE,
                "without 'base_typename'",
            ),
            ("list.yaml", "components: 3\n", Code::GXF_FAILURE, "must be a list"),
            (
                "unknown.yaml",
                "components:\n- typename: x\n  type_id: 0123456789abcdef0123456789abcdef\n  base_typename: y::Z\n",
                Code::GXF_FACTORY_UNKNOWN_CLASS_NAME,
                "base type 'y::Z'",
            ),
        ];
        for (name, text, code, message) in cases {
            let file = write_file(name, text);
            let e = rt.load_metadata_files(&[&file]).unwrap_err();
            assert_eq!(e.code, code, "{name}: {e}");
            assert!(e.message.contains(message) && e.message.contains(&file), "{name}: {e}");
        }
    }
}
