//! Parameter values from YAML: registered keys by their declared type, unregistered keys by
//! GXF's dynamic rules (bool → int64 (`!ms`) → double → string, maps flattened).

use crate::abi::{container, param_type};
use crate::api::ParamSpec;
use crate::param_value::ParamValue;
use crate::result::{Code, Error, Result};
use crate::yaml::{self, Mark, Node, NodeKind, ScalarStyle};
use crate::Runtime;

/// Resolves handle text (`comp`, `entity/comp`, `<Unspecified>`) to a value.
pub type HandleResolver<'a> = dyn Fn(&str, &ParamSpec) -> Result<ParamValue> + 'a;

fn parser_error(spec: &ParamSpec, node: &Node, what: &str) -> Error {
    let shown = node.scalar().map(|s| format!("'{s}'")).unwrap_or_else(|| "a non-scalar value".into());
    Error::new(Code::GXF_PARAMETER_PARSER_ERROR, format!("parameter '{}' expects {what}, got {shown}", spec.key))
}

/// Parses `a+bj` / `-2.102-3i` complex literals (`i` or `j`, at most one space around the sign).
pub fn parse_complex(text: &str) -> Option<(f64, f64)> {
    let t = text.trim();
    let body = t.strip_suffix('j').or_else(|| t.strip_suffix('i'))?;
    let bytes = body.as_bytes();
    let split = (1..bytes.len())
        .rev()
        .find(|&i| (bytes[i] == b'+' || bytes[i] == b'-') && !matches!(bytes[i - 1], b'e' | b'E'))?;
    let re: f64 = body[..split].trim().parse().ok()?;
    let sign = if bytes[split] == b'-' { -1.0 } else { 1.0 };
    let im_text = body[split + 1..].trim();
    let im: f64 = if im_text.is_empty() { 1.0 } else { im_text.parse().ok()? };
    Some((re, sign * im))
}

fn parse_elem(spec: &ParamSpec, node: &Node, resolve: &HandleResolver) -> Result<ParamValue> {
    let err = |what: &str| parser_error(spec, node, what);
    let int = |lo: i64, hi: i64| -> Result<ParamValue> {
        node.to_i64().filter(|v| (lo..=hi).contains(v)).map(ParamValue::Int).ok_or_else(|| err("an integer in range"))
    };
    match spec.elem {
        param_type::BOOL => node.to_bool().map(ParamValue::Bool).ok_or_else(|| err("a bool")),
        param_type::INT8 => int(i8::MIN as i64, i8::MAX as i64),
        param_type::INT16 => int(i16::MIN as i64, i16::MAX as i64),
        param_type::INT32 => int(i32::MIN as i64, i32::MAX as i64),
        param_type::INT64 => node.to_i64().map(ParamValue::Int).ok_or_else(|| err("an integer")),
        param_type::UINT8 => {
            node.to_u32().map(|v| ParamValue::UInt((v as u8) as u64)).ok_or_else(|| err("an unsigned integer"))
        }
        param_type::UINT16 => {
            node.to_u16().map(|v| ParamValue::UInt(v as u64)).ok_or_else(|| err("an unsigned integer"))
        }
        param_type::UINT32 => {
            node.to_u32().map(|v| ParamValue::UInt(v as u64)).ok_or_else(|| err("an unsigned integer"))
        }
        param_type::UINT64 => node.to_u64().map(ParamValue::UInt).ok_or_else(|| err("an unsigned integer")),
        param_type::FLOAT32 | param_type::FLOAT64 => {
            node.to_f64().map(ParamValue::Float).ok_or_else(|| err("a number"))
        }
        param_type::COMPLEX64 | param_type::COMPLEX128 => node
            .scalar()
            .and_then(parse_complex)
            .map(|(re, im)| ParamValue::Complex(re, im))
            .ok_or_else(|| err("a complex number like '2.0 + 1.5j'")),
        param_type::HANDLE => {
            let text = node.scalar().ok_or_else(|| err("a component handle"))?;
            resolve(text, spec)
        }
        _ => Ok(ParamValue::Str(node.to_string_value())),
    }
}

fn parse_seq(spec: &ParamSpec, node: &Node, resolve: &HandleResolver, nested: bool) -> Result<ParamValue> {
    if !node.is_sequence() {
        return Err(parser_error(spec, node, "a sequence"));
    }
    node.items()
        .iter()
        .map(|item| if nested { parse_seq(spec, item, resolve, false) } else { parse_elem(spec, item, resolve) })
        .collect::<Result<Vec<_>>>()
        .map(ParamValue::Seq)
}

fn parse_map(spec: &ParamSpec, node: &Node, resolve: &HandleResolver, of_vectors: bool) -> Result<ParamValue> {
    if !node.is_mapping() {
        return Err(parser_error(spec, node, "a map"));
    }
    node.entries()
        .iter()
        .map(|(k, v)| {
            let key = k.scalar().ok_or_else(|| parser_error(spec, k, "a scalar key"))?.to_string();
            let value = if of_vectors { parse_seq(spec, v, resolve, false)? } else { parse_elem(spec, v, resolve)? };
            Ok((key, value))
        })
        .collect::<Result<Vec<_>>>()
        .map(ParamValue::Map)
}

/// Parses a node as the declared type of a registered parameter.
pub fn parse_registered(spec: &ParamSpec, node: &Node, resolve: &HandleResolver) -> Result<ParamValue> {
    match spec.container {
        container::VECTOR => parse_seq(spec, node, resolve, false),
        container::VECTOR2 => parse_seq(spec, node, resolve, true),
        container::ARRAY | container::FIXED_VECTOR => {
            let value = parse_seq(spec, node, resolve, false)?;
            let n = node.items().len();
            let ok = if spec.container == container::ARRAY { n == spec.len as usize } else { n <= spec.len as usize };
            if ok {
                Ok(value)
            } else {
                Err(parser_error(
                    spec,
                    node,
                    &format!(
                        "a sequence of {} {} items",
                        if spec.container == container::ARRAY { "exactly" } else { "at most" },
                        spec.len
                    ),
                ))
            }
        }
        container::MAP => parse_map(spec, node, resolve, false),
        container::MAP_OF_VECTORS => parse_map(spec, node, resolve, true),
        _ => parse_elem(spec, node, resolve),
    }
}

/// Parses a parameter's default value (handles cannot have defaults).
pub fn parse_default(spec: &ParamSpec, yaml_text: &str) -> Result<ParamValue> {
    let docs = yaml::parse_documents(yaml_text).map_err(|e| {
        Error::new(Code::GXF_PARAMETER_PARSER_ERROR, format!("bad default '{yaml_text}': {}", e.message))
    })?;
    let node = docs.into_iter().next().unwrap_or_default();
    parse_registered(spec, &node, &|_, _| Ok(ParamValue::Unspecified))
}

/// Values of an unregistered key, following GXF's rules; returns (key, value) pairs because
/// maps are flattened into the component's own keys.
pub fn parse_unregistered(key: &str, node: &Node, out: &mut Vec<(String, ParamValue)>) -> Result<()> {
    let invalid =
        |why: &str| Error::new(Code::GXF_INVALID_DATA_FORMAT, format!("unregistered parameter '{key}': {why}"));
    match &node.kind {
        NodeKind::Null => Ok(()),
        NodeKind::Scalar { value, style } => {
            if let Some(b) = node.to_bool() {
                out.push((key.to_string(), ParamValue::Bool(b)));
            } else if let Some(i) = node.to_i64() {
                let explicit = node.tag.is_some() || *style != ScalarStyle::Plain;
                match node.tag.as_deref() {
                    Some("!ms") => out.push((key.to_string(), ParamValue::Int(i.saturating_mul(1_000_000)))),
                    _ if explicit => return Err(invalid(&format!("tagged or quoted integer '{value}'"))),
                    _ => out.push((key.to_string(), ParamValue::Int(i))),
                }
            } else if let Some(f) = node.to_f64() {
                out.push((key.to_string(), ParamValue::Float(f)));
            } else {
                out.push((key.to_string(), ParamValue::Str(value.clone())));
            }
            Ok(())
        }
        _ if node.tag.as_deref() == Some("!yaml") => {
            out.push((key.to_string(), ParamValue::Str(yaml::emit(node))));
            Ok(())
        }
        NodeKind::Mapping(entries) => {
            for (k, v) in entries {
                let k = k.scalar().ok_or_else(|| invalid("non-scalar key"))?;
                parse_unregistered(k, v, out)?;
            }
            Ok(())
        }
        NodeKind::Sequence(items) => {
            for item in items {
                if !item.is_mapping() {
                    return Err(invalid("a sequence of non-map items"));
                }
                parse_unregistered(key, item, out)?;
            }
            Ok(())
        }
    }
}

/// The registered key of `ty` closest to `key`, when close enough to be a typo.
pub fn closest_key<'a>(ty: &'a crate::types::ComponentType, key: &str) -> Option<&'a str> {
    crate::suggest::closest(key, ty.params.iter().map(|p| p.key.as_str()))
}

/// Where a parameter was written: the graph file and the mark of its key.
#[derive(Clone, Copy)]
pub struct Written<'a> {
    /// The graph file.
    pub file: &'a str,
    /// Where the key is.
    pub key: Mark,
}

impl Written<'_> {
    fn at(&self, mark: Mark) -> String {
        format!("{}:{}:{}", self.file, mark.line, mark.column)
    }
}

fn is_unsigned(elem: u32) -> bool {
    matches!(elem, param_type::UINT8 | param_type::UINT16 | param_type::UINT32 | param_type::UINT64)
}

/// The negative integers written for an unsigned parameter, with the values they became: (where,
/// text, value).
///
/// GXF parses a parameter with `node.as<T>()` (`ParameterParser<T>` in
/// `gxf/core/parameter_parser.hpp`; `uint8_t` through `as<uint32_t>()` and a cast). yaml-cpp 0.6.3
/// converts a scalar to an unsigned type by stream extraction (`std::stringstream >> value`), and
/// `std::num_get` accepts a leading minus for unsigned types and negates in the unsigned type, as
/// `strtoull` does: `-1` becomes 2^64 − 1 for a `uint64_t`, 2^32 − 1 for a `uint32_t`. No error,
/// no warning; so the value is kept (a graph GXF runs must run the same here) and only this
/// warning is added.
fn negative_unsigned(spec: &ParamSpec, node: &Node, out: &mut Vec<(Mark, String, u64)>) {
    match &node.kind {
        NodeKind::Scalar { value, .. } if value.trim_start().starts_with('-') => {
            if let Ok(ParamValue::UInt(wrapped)) = parse_elem(spec, node, &|_, _| Ok(ParamValue::Unspecified)) {
                out.push((node.mark, value.trim().to_string(), wrapped));
            }
        }
        NodeKind::Sequence(items) => items.iter().for_each(|item| negative_unsigned(spec, item, out)),
        NodeKind::Mapping(entries) => entries.iter().for_each(|(_, v)| negative_unsigned(spec, v, out)),
        _ => {}
    }
}

/// Sets one parameter of `cid` from a YAML node: registered keys by type, others dynamically
/// (with GXF's warning, plus where the key was written (`at`) and the registered key it most
/// likely meant). A negative integer for an unsigned parameter wraps around as in GXF, with a
/// warning.
pub fn set_param_node(
    rt: &Runtime,
    cid: i64,
    key: &str,
    node: &Node,
    resolve: &HandleResolver,
    at: Option<Written>,
) -> Result<()> {
    let slot = rt.component(cid)?;
    match slot.ty.param(key) {
        Some(spec) => {
            let value = parse_registered(spec, node, resolve)?;
            if is_unsigned(spec.elem) {
                let mut negatives = Vec::new();
                negative_unsigned(spec, node, &mut negatives);
                for (mark, text, wrapped) in negatives {
                    let place = at.map(|w| format!("{}: ", w.at(mark))).unwrap_or_default();
                    let message = format!(
                        "{place}negative value {text} for unsigned parameter '{key}' of component {} wraps to \
                         {wrapped} (as GXF does)",
                        rt.describe_component(&slot)
                    );
                    if at.is_some() {
                        rt.warn_graph(message);
                    } else {
                        crate::logging::core_log!(2, "{message}");
                    }
                }
            }
            rt.set_param(cid, key, value)
        }
        None => {
            let place = at.map(|w| format!(" at {}", w.at(w.key))).unwrap_or_default();
            let hint = closest_key(&slot.ty, key).map(|k| format!(": did you mean '{k}'?")).unwrap_or_default();
            let message = format!(
                "Using unregistered parameter '{key}' in component '{}' of type '{}'{place}{hint}",
                slot.name(),
                slot.ty.name
            );
            if at.is_some() {
                rt.warn_graph(message);
            } else {
                crate::logging::core_log!(2, "{message}");
            }
            let mut values = Vec::new();
            parse_unregistered(key, node, &mut values)?;
            for (k, v) in values {
                rt.set_param(cid, &k, v)?;
            }
            Ok(())
        }
    }
}

/// Sets a parameter from YAML text (the `param_set_yaml` host call); handles resolve in the
/// component's own entity.
pub fn set_param_from_yaml_text(rt: &Runtime, cid: i64, key: &str, text: &str) -> Result<()> {
    let docs = yaml::parse_documents(text)
        .map_err(|e| Error::new(Code::GXF_PARAMETER_PARSER_ERROR, format!("parameter '{key}': {}", e.message)))?;
    let node = docs.into_iter().next().unwrap_or_default();
    let eid = rt.component(cid)?.eid;
    set_param_node(rt, cid, key, &node, &|text, spec| super::resolve_handle(rt, eid, "", text, spec), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complex_literals_in_gxf_forms() {
        assert_eq!(parse_complex("2.0 + 1.5j"), Some((2.0, 1.5)));
        assert_eq!(parse_complex("-2.102-3i"), Some((-2.102, -3.0)));
        assert_eq!(parse_complex("7.5+3i"), Some((7.5, 3.0)));
        assert_eq!(parse_complex("abc"), None);
    }

    fn values(text: &str) -> Vec<(String, ParamValue)> {
        let node = yaml::parse_documents(text).unwrap().remove(0);
        let mut out = Vec::new();
        parse_unregistered("k", &node, &mut out).unwrap();
        out
    }

    #[test]
    fn unregistered_scalars_follow_gxf_order() {
        assert_eq!(values("true"), vec![("k".into(), ParamValue::Bool(true))]);
        assert_eq!(values("22"), vec![("k".into(), ParamValue::Int(22))]);
        assert_eq!(values("!ms 2"), vec![("k".into(), ParamValue::Int(2_000_000))]);
        assert_eq!(values("24.5"), vec![("k".into(), ParamValue::Float(24.5))]);
        assert_eq!(values("string"), vec![("k".into(), ParamValue::Str("string".into()))]);
        assert_eq!(
            values("{a: 1, b: x}"),
            vec![("a".into(), ParamValue::Int(1)), ("b".into(), ParamValue::Str("x".into()))]
        );
    }

    /// yaml-cpp's stream extraction wraps a negative number in the unsigned type (`uint8_t`
    /// through `uint32_t` and a cast, as GXF's `ParameterParser<uint8_t>` does).
    #[test]
    fn negative_unsigned_values_wrap_in_their_type_and_are_found_in_sequences() {
        let found = |elem: u32, container: u32, text: &str| {
            let spec = ParamSpec { key: "k".into(), elem, container, ..ParamSpec::default() };
            let node = yaml::parse_documents(text).unwrap().remove(0);
            let mut out = Vec::new();
            negative_unsigned(&spec, &node, &mut out);
            out.into_iter().map(|(mark, text, value)| (mark.column, text, value)).collect::<Vec<_>>()
        };
        assert_eq!(found(param_type::UINT64, container::SCALAR, "-1"), [(1, "-1".to_string(), u64::MAX)]);
        assert_eq!(found(param_type::UINT32, container::SCALAR, "-2"), [(1, "-2".to_string(), u32::MAX as u64 - 1)]);
        assert_eq!(found(param_type::UINT8, container::SCALAR, "-1"), [(1, "-1".to_string(), 255)]);
        assert_eq!(found(param_type::UINT64, container::SCALAR, "1"), []);
        assert_eq!(found(param_type::UINT16, container::VECTOR, "[1, -3]"), [(5, "-3".to_string(), 65533)]);
    }

    #[test]
    fn quoted_integer_or_scalar_list_is_invalid_data_format() {
        let mut out = Vec::new();
        let quoted = yaml::parse_documents("\"5\"").unwrap().remove(0);
        assert_eq!(parse_unregistered("k", &quoted, &mut out).unwrap_err().code, Code::GXF_INVALID_DATA_FORMAT);
        let list = yaml::parse_documents("[1, 2]").unwrap().remove(0);
        assert_eq!(parse_unregistered("k", &list, &mut out).unwrap_err().code, Code::GXF_INVALID_DATA_FORMAT);
    }
}
