//! `--param=<entity>/<component>/<key>=<value>` overrides (gxe's `-param`, GXF's
//! `GxfGraphLoadFileExtended` parameter list): parsed once, applied while graph files load, and
//! reported when one matched nothing.

use crate::result::{Code, Error, Result};
use crate::yaml::{self, Node, NodeKind, ScalarStyle};
use crate::Runtime;
use std::cell::Cell;

/// One parsed override.
#[derive(Clone, Debug)]
pub struct Override {
    /// The flag as the user wrote it (`tx/signal/capacity=2`), for messages.
    text: String,
    entity: String,
    component: String,
    key: String,
    value: Node,
    /// Whether a graph file had the component it names.
    applied: Cell<bool>,
}

/// Parses override strings; malformed entries are an `GXF_ARGUMENT_INVALID` error.
pub fn parse_overrides(items: &[String]) -> Result<Vec<Override>> {
    items.iter().map(|item| parse_one(item)).collect()
}

fn parse_one(item: &str) -> Result<Override> {
    let invalid = |why: &str| Error::new(Code::GXF_ARGUMENT_INVALID, format!("--param '{item}': {why}"));
    let (path, value) = item.split_once('=').ok_or_else(|| invalid("lacks '=value'"))?;
    let parts: Vec<&str> = path.split('/').collect();
    let [entity, component, key] = parts.as_slice() else {
        return Err(invalid("must be entity/component/key=value"));
    };
    if entity.is_empty() || component.is_empty() || key.is_empty() {
        return Err(invalid("entity, component and key must all be named"));
    }
    let value = yaml::parse_documents(value)
        .map_err(|e| invalid(&format!("the value is not YAML: {}", e.message)))?
        .into_iter()
        .next()
        .unwrap_or_default();
    Ok(Override {
        text: item.to_string(),
        entity: entity.to_string(),
        component: component.to_string(),
        key: key.to_string(),
        value,
        applied: Cell::new(false),
    })
}

impl Override {
    /// Whether this override targets the component of entity `entity` with name or type in `names`.
    fn targets(&self, entity: &str, names: &[Option<&str>]) -> bool {
        self.entity == entity && names.contains(&Some(self.component.as_str()))
    }
}

/// Sets every override aimed at one component entry (entity `entity`, entry name/type `names`)
/// into its parameter map (created when the entry had none). Returns the keys set and the flags
/// that set them, so that a bad value is reported at the flag, not in the file.
pub fn apply(
    overrides: &[Override],
    entity: &str,
    names: &[Option<&str>],
    params: &mut Option<Node>,
) -> Vec<(String, String)> {
    let mut set = Vec::new();
    for o in overrides.iter().filter(|o| o.targets(entity, names)) {
        let map = params.get_or_insert_with(|| Node { kind: NodeKind::Mapping(Vec::new()), ..Node::default() });
        let NodeKind::Mapping(entries) = &mut map.kind else { continue };
        match entries.iter_mut().find(|(k, _)| k.scalar() == Some(o.key.as_str())) {
            Some(slot) => slot.1 = o.value.clone(),
            None => {
                let key = Node {
                    kind: NodeKind::Scalar { value: o.key.clone(), style: ScalarStyle::Plain },
                    ..Node::default()
                };
                entries.push((key, o.value.clone()));
            }
        }
        o.applied.set(true);
        set.push((o.key.clone(), o.text.clone()));
    }
    set
}

/// The error of the first override that matched no component of the loaded graph, naming what is
/// missing (`GXF_ENTITY_NOT_FOUND` or `GXF_ENTITY_COMPONENT_NOT_FOUND`).
pub fn check_all_applied(rt: &Runtime, overrides: &[Override]) -> Result<()> {
    let Some(o) = overrides.iter().find(|o| !o.applied.get()) else { return Ok(()) };
    let (code, why) = match rt.find_entity(&o.entity) {
        Err(_) => (Code::GXF_ENTITY_NOT_FOUND, format!("the graph has no entity named '{}'", o.entity)),
        Ok(_) => (
            Code::GXF_ENTITY_COMPONENT_NOT_FOUND,
            format!("entity '{}' has no component named (or of type) '{}' in the graph files", o.entity, o.component),
        ),
    };
    Err(Error::new(code, format!("--param '{}': {why}", o.text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Result<Override> {
        parse_overrides(&[text.to_string()]).map(|mut v| v.remove(0))
    }

    #[test]
    fn malformed_flags_are_refused_with_the_flag_named() {
        for bad in ["tx/signal/capacity", "tx/capacity=1", "tx//capacity=1", "/a/b=1", "a/b/=1", "a/b/c=[1"] {
            let e = one(bad).unwrap_err();
            assert_eq!(e.code, Code::GXF_ARGUMENT_INVALID, "{bad}");
            assert!(e.message.starts_with(&format!("--param '{bad}'")), "{e}");
        }
    }

    #[test]
    fn an_override_fills_or_creates_the_parameter_map() {
        let o = [one("tx/signal/capacity=5").unwrap(), one("tx/PingTx/count=2").unwrap()];
        let mut params = None;
        let set = apply(&o, "tx", &[Some("signal"), Some("nvidia::gxf::DoubleBufferTransmitter")], &mut params);
        assert_eq!(set, [("capacity".to_string(), "tx/signal/capacity=5".to_string())]);
        let params = params.expect("a map was created");
        assert_eq!(params.get("capacity").and_then(Node::scalar), Some("5"));
        assert!(o[0].applied.get() && !o[1].applied.get());
    }
}
