//! Parameter values as YAML nodes that the loader reads back to the same values. Every node is
//! checked by emitting it, parsing the text and reading it as the loader would.

use super::names::component_ref;
use crate::abi::types;
use crate::api::ParamSpec;
use crate::entity::ComponentSlot;
use crate::graph::params::{parse_registered, parse_unregistered};
use crate::graph::resolve_handle;
use crate::logging::core_log;
use crate::param_value::ParamValue;
use crate::result::{fail, Code, Error, Result};
use crate::yaml::{emit, parse_documents, Node, NodeKind, ScalarStyle};
use crate::Runtime;

/// A plain scalar node (the emitter quotes it when YAML needs that).
pub(super) fn scalar(text: impl Into<String>) -> Node {
    Node { kind: NodeKind::Scalar { value: text.into(), style: ScalarStyle::Plain }, ..Node::default() }
}

/// A block sequence node.
pub(super) fn seq(items: Vec<Node>) -> Node {
    Node { kind: NodeKind::Sequence(items), ..Node::default() }
}

/// A block mapping node with text keys.
pub(super) fn map(entries: Vec<(String, Node)>) -> Node {
    Node { kind: NodeKind::Mapping(entries.into_iter().map(|(k, v)| (scalar(k), v)).collect()), ..Node::default() }
}

/// A float as yaml-cpp reads it back exactly: the shortest round-trip text, always with a `.` or
/// an exponent (so an unregistered value stays a float), and `.nan`/`.inf`/`-.inf`.
fn float_text(f: f64) -> String {
    match f {
        f if f.is_nan() => ".nan".into(),
        f64::INFINITY => ".inf".into(),
        f64::NEG_INFINITY => "-.inf".into(),
        f => format!("{f:?}"),
    }
}

/// A complex number in the form the loader parses (`re+imj`).
fn complex_text(re: f64, im: f64) -> String {
    let sign = if im.is_sign_negative() { '-' } else { '+' };
    format!("{re:?}{sign}{:?}j", im.abs())
}

/// Equal values, NaN equal to NaN.
fn same(a: &ParamValue, b: &ParamValue) -> bool {
    let same_float = |x: &f64, y: &f64| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan());
    match (a, b) {
        (ParamValue::Float(x), ParamValue::Float(y)) => same_float(x, y),
        (ParamValue::Complex(x1, x2), ParamValue::Complex(y1, y2)) => same_float(x1, y1) && same_float(x2, y2),
        (ParamValue::Seq(x), ParamValue::Seq(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (ParamValue::Map(x), ParamValue::Map(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((kx, x), (ky, y))| kx == ky && same(x, y))
        }
        _ => a == b,
    }
}

/// What the loader would see for `node` in a saved file.
fn reread(node: &Node) -> Node {
    parse_documents(&emit(node)).ok().and_then(|docs| docs.into_iter().next()).unwrap_or_default()
}

/// Moves the anchor ids of a node parsed on its own past `base`, so that nodes parsed separately
/// never share an id in one document (the emitter would write the second as an alias); returns
/// the next free id.
fn shift_anchors(node: &mut Node, base: usize) -> usize {
    let mut next = base;
    if let Some(id) = node.anchor.as_mut() {
        *id = id.saturating_add(base);
        next = id.saturating_add(1);
    }
    let children: Vec<&mut Node> = match &mut node.kind {
        NodeKind::Sequence(items) => items.iter_mut().collect(),
        NodeKind::Mapping(entries) => entries.iter_mut().flat_map(|(k, v)| [k, v]).collect(),
        NodeKind::Null | NodeKind::Scalar { .. } => Vec::new(),
    };
    children.into_iter().fold(next, |next, child| next.max(shift_anchors(child, base)))
}

/// The node whose YAML text the loader stores for a string parameter (yaml-cpp's `ss << node`)
/// as `text`: the parsed text itself when emitting it gives the text back (so a map written in the
/// original file is written as a map again), else the text as a scalar. Anchor ids start at
/// `*anchors`, which moves past them.
fn text_node(text: &str, anchors: &mut usize) -> Node {
    match parse_documents(text) {
        Ok(docs) if docs.len() == 1 && emit(&docs[0]) == text => {
            let mut node = docs.into_iter().next().unwrap_or_default();
            *anchors = shift_anchors(&mut node, *anchors);
            node
        }
        _ => scalar(text),
    }
}

/// Spells the parameters of one component.
pub(super) struct Speller<'a> {
    rt: &'a Runtime,
    slot: &'a ComponentSlot,
    /// `entity/component` (or the type) for messages.
    label: String,
    /// The first anchor id not used yet in the document.
    anchors: &'a mut usize,
}

impl<'a> Speller<'a> {
    /// A speller for the parameters of `slot`, named `label` in messages.
    pub fn new(rt: &'a Runtime, slot: &'a ComponentSlot, label: String, anchors: &'a mut usize) -> Self {
        Speller { rt, slot, label, anchors }
    }

    /// The node for a registered parameter. A value the loader could not read back is an error;
    /// one it would read back differently (text set through the API that no YAML spells) is
    /// written as close as possible, with a warning.
    pub fn registered(&mut self, spec: &ParamSpec, value: &ParamValue) -> Result<Node> {
        let label = self.label.clone();
        let context = |e: Error| e.context(format!("parameter '{}' of '{label}'", spec.key));
        // A Subgraph's `location` is the path text itself (it is never re-emitted on loading).
        let raw = self.slot.ty.tid == types::SUBGRAPH.tid && spec.key == "location";
        let node = self.node(spec, value, raw).map_err(context)?;
        let again = reread(&node);
        let read_back = if raw {
            Ok(ParamValue::Str(again.scalar().unwrap_or_default().to_string()))
        } else {
            let eid = self.slot.eid;
            parse_registered(spec, &again, &|text, spec| resolve_handle(self.rt, eid, "", text, spec))
        };
        match read_back {
            Err(e) => Err(context(e.context("it would not load back"))),
            Ok(v) if !same(&v, value) => {
                core_log!(
                    2,
                    "parameter '{}' of '{}' is saved as {}, which loads back as {v:?} instead of {value:?}",
                    spec.key,
                    self.label,
                    emit(&node)
                );
                Ok(node)
            }
            Ok(_) => Ok(node),
        }
    }

    /// The node for an unregistered (dynamic) parameter, or `None` with a warning when GXF's
    /// rules for unregistered keys cannot read any YAML back as this value (a handle, a list or
    /// map, an unsigned or complex number, or text that reads as a bool or a number). GXF saves
    /// no unregistered parameter at all; these are saved because they are part of the graph.
    pub fn dynamic(&mut self, key: &str, value: &ParamValue) -> Option<Node> {
        let node = match value {
            ParamValue::Bool(b) => Some(scalar(b.to_string())),
            ParamValue::Int(i) => Some(scalar(i.to_string())),
            ParamValue::Float(f) => Some(scalar(float_text(*f))),
            ParamValue::Str(s) => Some(scalar(s.as_str())),
            _ => None,
        };
        let node = node.filter(|node| {
            let mut read_back = Vec::new();
            parse_unregistered(key, &reread(node), &mut read_back).is_ok()
                && matches!(read_back.as_slice(), [(k, v)] if k == key && same(v, value))
        });
        if node.is_none() {
            core_log!(
                2,
                "unregistered parameter '{key}' of '{}' ({value:?}) is not saved: a graph file cannot give it back",
                self.label
            );
        }
        node
    }

    fn node(&mut self, spec: &ParamSpec, value: &ParamValue, raw: bool) -> Result<Node> {
        Ok(match value {
            ParamValue::Bool(b) => scalar(b.to_string()),
            ParamValue::Int(i) => scalar(i.to_string()),
            ParamValue::UInt(u) => scalar(u.to_string()),
            ParamValue::Float(f) => scalar(float_text(*f)),
            ParamValue::Complex(re, im) => scalar(complex_text(*re, *im)),
            ParamValue::Str(s) if raw => scalar(s.as_str()),
            ParamValue::Str(s) => text_node(s, self.anchors),
            ParamValue::Handle(cid) => {
                let owner = self.slot.eid;
                let resolve = |text: &str| match resolve_handle(self.rt, owner, "", text, spec)? {
                    ParamValue::Handle(found) => Ok(found),
                    _ => fail(Code::GXF_FAILURE, format!("'{text}' names no component")),
                };
                scalar(component_ref(self.rt, owner, *cid, resolve)?)
            }
            ParamValue::Unspecified => scalar("<Unspecified>"),
            ParamValue::Seq(items) => seq(items.iter().map(|v| self.node(spec, v, raw)).collect::<Result<_>>()?),
            ParamValue::Map(entries) => {
                map(entries.iter().map(|(k, v)| Ok((k.clone(), self.node(spec, v, raw)?))).collect::<Result<_>>()?)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ParamSpec;
    use crate::graph::params::parse_registered;

    fn read_float(text: &str) -> f64 {
        reread(&scalar(text)).to_f64().unwrap()
    }

    #[test]
    fn floats_read_back_exactly_and_stay_floats() {
        for f in [0.1, -0.0, 1.0, 1e300, 1e-7, 12345.6789, f64::MAX, f64::MIN_POSITIVE, f64::INFINITY, -f64::INFINITY] {
            let text = float_text(f);
            assert_eq!(read_float(&text).to_bits(), f.to_bits(), "{text}");
            assert!(scalar(text.as_str()).to_i64().is_none(), "{text} must not read as an integer");
        }
        assert!(read_float(&float_text(f64::NAN)).is_nan());
    }

    #[test]
    fn complex_numbers_read_back_exactly() {
        for (re, im) in [(2.0, 1.5), (-2.102, -3.0), (1e-7, -1e-7), (0.0, -0.0), (f64::INFINITY, 1.0)] {
            let text = complex_text(re, im);
            let (r, i) = crate::graph::params::parse_complex(&text).unwrap();
            assert_eq!((r.to_bits(), i.to_bits()), (re.to_bits(), im.to_bits()), "{text}");
        }
    }

    /// What a registered string parameter holds after loading `node` (yaml-cpp's `ss << node`).
    fn stored(node: &Node) -> ParamValue {
        parse_registered(&ParamSpec::default(), &reread(node), &|_, _| Ok(ParamValue::Unspecified)).unwrap()
    }

    #[test]
    fn string_texts_load_back_unchanged() {
        let texts =
            ["hello", "\"a: b\"", "- a: st\n  b: ee\n- c: [1, 2]", "{x: 1, y: [a, b]}", "~", "\"\"", "[&1 x, *1]"];
        for text in texts {
            let mut anchors = 0;
            let node = text_node(text, &mut anchors);
            assert_eq!(stored(&node), ParamValue::Str(text.to_string()), "{text}");
        }
    }

    #[test]
    fn a_text_no_yaml_spells_is_written_as_a_scalar() {
        let node = text_node("a: b", &mut 0);
        assert!(node.is_mapping(), "a map written as a string comes back as that map");
        let node = text_node("trailing space ", &mut 0);
        assert_eq!(node.scalar(), Some("trailing space "));
    }

    #[test]
    fn separately_parsed_anchors_get_distinct_ids() {
        let mut anchors = 0;
        let first = text_node("[&1 x, *1]", &mut anchors);
        let second = text_node("[&1 y, *1]", &mut anchors);
        let both = seq(vec![first, second]);
        let again = reread(&both);
        assert_eq!(again.items()[1].items()[1].scalar(), Some("y"), "{}", emit(&both));
    }

    #[test]
    fn same_treats_nan_as_equal_and_compares_deeply() {
        let nan = ParamValue::Seq(vec![ParamValue::Float(f64::NAN)]);
        assert!(same(&nan, &nan.clone()));
        assert!(!same(&ParamValue::Float(0.0), &ParamValue::Float(-0.0)));
        let map = |v| ParamValue::Map(vec![("k".into(), ParamValue::Int(v))]);
        assert!(same(&map(1), &map(1)) && !same(&map(1), &map(2)));
    }
}
