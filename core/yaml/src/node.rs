//! The node tree and its accessors.

use super::emit::emit;

/// 1-based line and column of a node or error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Mark {
    /// Line, counted from 1.
    pub line: u32,
    /// Column in characters, counted from 1.
    pub column: u32,
}

/// How a scalar was written in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    /// Unquoted.
    Plain,
    /// `'...'`
    SingleQuoted,
    /// `"..."`
    DoubleQuoted,
    /// `|` block.
    Literal,
    /// `>` block.
    Folded,
}

/// The content of a node.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum NodeKind {
    /// yaml-cpp Null: empty value, plain `~`/`null`/`Null`/`NULL`, empty document.
    #[default]
    Null,
    /// Text, untyped until converted.
    Scalar {
        /// The scalar's text after unquoting/folding.
        value: String,
        /// How it was written.
        style: ScalarStyle,
    },
    /// A sequence, in document order.
    Sequence(Vec<Node>),
    /// A mapping; duplicate keys are kept, in document order.
    Mapping(Vec<(Node, Node)>),
}

/// A YAML node.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Node {
    /// The content.
    pub kind: NodeKind,
    /// The explicit tag as written and resolved (`!ms`, `tag:yaml.org,2002:str`
    /// for `!!str`, `!` for the non-specific tag); `None` when there is none.
    /// Null nodes never carry a tag (yaml-cpp drops it).
    pub tag: Option<String>,
    /// Where the node starts.
    pub mark: Mark,
    /// A sequence or mapping written in flow style (`[..]`, `{..}`);
    /// yaml-cpp keeps that style when re-emitting.
    pub flow: bool,
    /// Identity of an anchored node (`&a`); its aliases (`*a`) are clones
    /// carrying the same id. yaml-cpp shares such nodes and re-emits a node
    /// met twice as `&1 ...` then `*1`.
    pub anchor: Option<usize>,
}

impl Node {
    /// Whether this is a Null node.
    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }

    /// Whether this is a scalar.
    pub fn is_scalar(&self) -> bool {
        matches!(self.kind, NodeKind::Scalar { .. })
    }

    /// Whether this is a sequence.
    pub fn is_sequence(&self) -> bool {
        matches!(self.kind, NodeKind::Sequence(_))
    }

    /// Whether this is a mapping.
    pub fn is_mapping(&self) -> bool {
        matches!(self.kind, NodeKind::Mapping(_))
    }

    /// The text of a scalar node.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The value of the first mapping entry whose key is a scalar equal to `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries().iter().find(|(k, _)| k.scalar() == Some(key)).map(|(_, v)| v)
    }

    /// The entries of a mapping; empty for any other node.
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            NodeKind::Mapping(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a sequence; empty for any other node.
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Sequence(items) => items,
            _ => &[],
        }
    }

    /// What GXF stores for a `std::string` parameter: `ss << node`, i.e. the
    /// yaml-cpp emission of the node (plain text for most scalars, quoted when
    /// yaml-cpp would quote, `~` for Null, block text for collections).
    pub fn to_string_value(&self) -> String {
        emit(self)
    }
}
