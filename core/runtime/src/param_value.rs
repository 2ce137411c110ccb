//! Parameter values as stored by the core, and their exposure to extensions by path.

use crate::abi::{node_kind, AbiStr, ParamNodeC};
use crate::result::{fail, Code, Result};

/// A parsed parameter value.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    /// Boolean.
    Bool(bool),
    /// Signed integer.
    Int(i64),
    /// Unsigned integer.
    UInt(u64),
    /// Floating point.
    Float(f64),
    /// Text (strings and file paths).
    Str(String),
    /// A resolved component handle.
    Handle(i64),
    /// The `<Unspecified>` handle: present but counts as unset.
    Unspecified,
    /// Complex number.
    Complex(f64, f64),
    /// Sequence.
    Seq(Vec<ParamValue>),
    /// Map with string keys, in document order.
    Map(Vec<(String, ParamValue)>),
}

impl ParamValue {
    /// True unless this is (or contains only) the unspecified handle.
    pub fn is_set(&self) -> bool {
        !matches!(self, ParamValue::Unspecified)
    }

    /// Whether this value is (or contains) a handle to one of `cids`.
    pub fn refers_to(&self, cids: &[i64]) -> bool {
        match self {
            ParamValue::Handle(cid) => cids.contains(cid),
            ParamValue::Seq(items) => items.iter().any(|v| v.refers_to(cids)),
            ParamValue::Map(entries) => entries.iter().any(|(_, v)| v.refers_to(cids)),
            _ => false,
        }
    }

    /// The first integer in this value (or in its sequence items) outside `min..=max`.
    pub fn out_of_bounds(&self, min: i64, max: i64) -> Option<i128> {
        let outside = |v: i128| (v < i128::from(min) || v > i128::from(max)).then_some(v);
        match self {
            ParamValue::Int(v) => outside(i128::from(*v)),
            ParamValue::UInt(v) => outside(i128::from(*v)),
            ParamValue::Seq(items) => items.iter().find_map(|item| item.out_of_bounds(min, max)),
            _ => None,
        }
    }

    /// Follows `path` (sequence index or map entry index).
    pub fn at(&self, path: &[u64]) -> Result<&ParamValue> {
        let mut node = self;
        for &i in path {
            node = match node {
                ParamValue::Seq(items) => items.get(i as usize),
                ParamValue::Map(entries) => entries.get(i as usize).map(|(_, v)| v),
                _ => None,
            }
            .map_or_else(|| fail(Code::GXF_ARGUMENT_OUT_OF_RANGE, "parameter path out of range"), Ok)?;
        }
        Ok(node)
    }

    /// The ABI view of this node (texts borrow from `self`).
    pub fn to_node(&self) -> ParamNodeC {
        let mut n = ParamNodeC { kind: 0, b: false, i: 0, u: 0, f: 0.0, f2: 0.0, s: AbiStr::EMPTY, len: 0 };
        match self {
            ParamValue::Bool(b) => (n.kind, n.b) = (node_kind::BOOL, *b),
            ParamValue::Int(i) => (n.kind, n.i) = (node_kind::INT, *i),
            ParamValue::UInt(u) => (n.kind, n.u) = (node_kind::UINT, *u),
            ParamValue::Float(f) => (n.kind, n.f) = (node_kind::FLOAT, *f),
            ParamValue::Str(s) => (n.kind, n.s) = (node_kind::STR, AbiStr::new(s)),
            ParamValue::Handle(cid) => (n.kind, n.i) = (node_kind::HANDLE, *cid),
            ParamValue::Unspecified => n.kind = node_kind::UNSPECIFIED,
            ParamValue::Complex(re, im) => (n.kind, n.f, n.f2) = (node_kind::COMPLEX, *re, *im),
            ParamValue::Seq(items) => (n.kind, n.len) = (node_kind::SEQ, items.len() as u64),
            ParamValue::Map(entries) => (n.kind, n.len) = (node_kind::MAP, entries.len() as u64),
        }
        n
    }
}

/// The parameters of one component instance, in the order they were first set.
#[derive(Default, Debug)]
pub struct ParamStore {
    entries: Vec<(String, ParamValue)>,
}

impl ParamStore {
    /// Sets (or replaces) a value.
    pub fn set(&mut self, key: &str, value: ParamValue) {
        match self.entries.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.entries.push((key.to_string(), value)),
        }
    }

    /// Reads a value.
    pub fn get(&self, key: &str) -> Option<&ParamValue> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Removes a value.
    pub fn remove(&mut self, key: &str) {
        self.entries.retain(|(k, _)| k != key);
    }

    /// All values.
    pub fn iter(&self) -> impl Iterator<Item = &(String, ParamValue)> {
        self.entries.iter()
    }
}
