//! Parameters nested deeper than the core's containers (rank-3 vectors, arrays of arrays,
//! vectors of pairs): declared as custom-typed, handed over by the core as YAML text, and
//! decoded here.

use gxf_sdk::abi::param_type;
use gxf_sdk::prelude::*;
use gxf_sdk::yaml::{parse_documents, Node};

/// A custom-typed parameter's YAML value.
#[derive(Default)]
pub struct YamlParam(pub Node);

impl ParamValue for YamlParam {
    const ELEM: u32 = param_type::CUSTOM;
    fn decode(reader: &ParamReader) -> Result<Self> {
        let text = String::decode(reader)?;
        let docs = parse_documents(&text)
            .map_err(|e| Error::new(Code::GXF_PARAMETER_PARSER_ERROR, format!("bad YAML value: {e}")))?;
        Ok(YamlParam(docs.into_iter().next().unwrap_or_default()))
    }
}

fn parse_error(key: &str, what: &str) -> Error {
    Error::new(Code::GXF_PARAMETER_PARSER_ERROR, format!("parameter '{key}' expects {what}"))
}

/// The items of a sequence, each decoded with `item`.
pub fn list<T>(node: &Node, key: &str, item: impl Fn(&Node) -> Result<T>) -> Result<Vec<T>> {
    if !node.is_sequence() {
        return Err(parse_error(key, "a sequence"));
    }
    node.items().iter().map(item).collect()
}

/// Exactly `N` items, each decoded with `item`.
pub fn array<T, const N: usize>(node: &Node, key: &str, item: impl Fn(&Node) -> Result<T>) -> Result<[T; N]> {
    list(node, key, item)?.try_into().map_err(|_| parse_error(key, &format!("a sequence of exactly {N} items")))
}

/// An unsigned integer scalar.
pub fn unsigned(node: &Node, key: &str) -> Result<u64> {
    node.to_u64().ok_or_else(|| parse_error(key, "unsigned integers"))
}

/// A floating point scalar.
pub fn float(node: &Node, key: &str) -> Result<f64> {
    node.to_f64().ok_or_else(|| parse_error(key, "numbers"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(text: &str) -> Node {
        parse_documents(text).unwrap().remove(0)
    }

    #[test]
    fn nested_shapes_decode() {
        let segments = node("[[[-100.0, 0.0], [100.0, 0.0]], [[0.0, 0.0], [20.0, 2.0]]]");
        let point = |n: &Node| array::<f64, 2>(n, "s", |x| float(x, "s"));
        let pairs = list(&segments, "s", |p| array::<[f64; 2], 2>(p, "s", point)).unwrap();
        assert_eq!(pairs, vec![[[-100.0, 0.0], [100.0, 0.0]], [[0.0, 0.0], [20.0, 2.0]]]);

        let rank3 = node("[[[1,2], [3,4]], [[5,6],[7,8]]]");
        let v = list(&rank3, "r", |a| list(a, "r", |b| list(b, "r", |c| unsigned(c, "r")))).unwrap();
        assert_eq!(v[1][1], vec![7, 8]);
    }

    #[test]
    fn wrong_shapes_are_parser_errors() {
        let e = array::<u64, 2>(&node("[1, 2, 3]"), "k", |n| unsigned(n, "k")).unwrap_err();
        assert_eq!(e.code, Code::GXF_PARAMETER_PARSER_ERROR);
        assert!(list(&node("7"), "k", |n| unsigned(n, "k")).is_err());
        assert!(list(&node("[a]"), "k", |n| unsigned(n, "k")).is_err());
    }
}
