//! Building the node tree from `saphyr-parser` events.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle as SaphyrStyle, ScanError, Span, Tag};

use super::directives::comment_out_bare_yaml_directives;
use super::node::{Mark, Node, NodeKind, ScalarStyle};

/// Deepest collection nesting accepted (yaml-cpp 0.6.3 has no limit and
/// overflows its stack instead).
const MAX_DEPTH: usize = 1000;
/// Most nodes that alias expansion may copy in one call (guards against
/// "billion laughs" documents; yaml-cpp shares aliased nodes instead).
const MAX_ALIAS_NODES: usize = 1_000_000;

/// A syntax error, or a document this module refuses to build.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    /// What went wrong.
    pub message: String,
    /// Where it went wrong.
    pub mark: Mark,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "yaml error at line {}, column {}: {}", self.mark.line, self.mark.column, self.message)
    }
}

impl std::error::Error for YamlError {}

impl YamlError {
    fn at(span: Span, message: &str) -> Self {
        YamlError { message: message.to_owned(), mark: to_mark(span.start) }
    }
}

impl From<ScanError> for YamlError {
    fn from(error: ScanError) -> Self {
        YamlError { message: error.info().to_owned(), mark: to_mark(*error.marker()) }
    }
}

/// Parse a multi-document stream; each document becomes one node (an empty
/// document is a Null node). Aliases are resolved by cloning the anchored node.
/// As in yaml-cpp, `%YAML 1.2` may be followed by content without `---`.
pub fn parse_documents(text: &str) -> Result<Vec<Node>, YamlError> {
    let text = comment_out_bare_yaml_directives(text);
    let mut builder =
        Builder { unterminated_end: (!text.ends_with('\n')).then(|| text.chars().count()), ..Builder::default() };
    for event in Parser::new_from_str(&text) {
        let (event, span) = event?;
        builder.handle(event, span)?;
    }
    Ok(builder.documents)
}

/// saphyr markers count lines from 1 and columns from 0.
fn to_mark(marker: Marker) -> Mark {
    Mark {
        line: u32::try_from(marker.line()).unwrap_or(u32::MAX),
        column: u32::try_from(marker.col().saturating_add(1)).unwrap_or(u32::MAX),
    }
}

/// Children collected for an open collection.
enum Items {
    Sequence(Vec<Node>),
    Mapping(Vec<(Node, Node)>, Option<Node>),
}

impl Items {
    fn push(&mut self, node: Node) {
        match self {
            Items::Sequence(items) => items.push(node),
            Items::Mapping(entries, pending) => match pending.take() {
                Some(key) => entries.push((key, node)),
                None => *pending = Some(node),
            },
        }
    }

    fn into_kind(self) -> NodeKind {
        match self {
            Items::Sequence(items) => NodeKind::Sequence(items),
            Items::Mapping(mut entries, pending) => {
                if let Some(key) = pending {
                    entries.push((key, Node::default()));
                }
                NodeKind::Mapping(entries)
            }
        }
    }
}

/// An open collection.
struct Frame {
    items: Items,
    tag: Option<String>,
    mark: Mark,
    anchor: usize,
}

#[derive(Default)]
struct Builder {
    documents: Vec<Node>,
    root: Option<Node>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    alias_nodes: usize,
    /// Character count of a text whose last line has no line break.
    unterminated_end: Option<usize>,
    /// The last document ended without a `...` marker.
    implicit_end: bool,
}

impl Builder {
    fn handle(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(_) => self.root = None,
            Event::DocumentEnd => self.end_document(span),
            Event::StreamEnd => self.end_stream(),
            Event::Scalar(mut value, style, anchor, tag) => {
                if self.block_scalar_at_unterminated_end(style, span) && value.ends_with('\n') {
                    value.to_mut().pop();
                }
                let node = scalar_node(value, style, tag, to_mark(span.start));
                self.complete(node, anchor);
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(Items::Sequence(Vec::new()), anchor, tag, span)?;
            }
            Event::MappingStart(anchor, tag) => {
                self.open(Items::Mapping(Vec::new(), None), anchor, tag, span)?;
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(span)?,
            Event::Alias(id) => self.alias(id, span)?,
            Event::StreamStart | Event::Nothing => {}
        }
        Ok(())
    }

    /// saphyr ends a block scalar that runs into an unterminated last line
    /// with one more line break than yaml-cpp does.
    fn block_scalar_at_unterminated_end(&self, style: SaphyrStyle, span: Span) -> bool {
        matches!(style, SaphyrStyle::Literal | SaphyrStyle::Folded)
            && self.unterminated_end.is_some_and(|end| span.end.index() >= end)
    }

    fn end_document(&mut self, span: Span) {
        let root = self.root.take().unwrap_or_else(|| Node { mark: to_mark(span.start), ..Node::default() });
        self.documents.push(root);
        self.implicit_end = span.is_empty();
    }

    /// yaml-cpp reads a tag that is the last token of the stream (`--- !t`)
    /// as Null, not as a tagged empty scalar.
    fn end_stream(&mut self) {
        let tagged_empty = |node: &&mut Node| matches!(&node.kind, NodeKind::Scalar { value, style: ScalarStyle::Plain } if value.is_empty());
        if let Some(last) = self.documents.last_mut().filter(tagged_empty) {
            if self.implicit_end {
                last.kind = NodeKind::Null;
                last.tag = None;
            }
        }
    }

    fn open(&mut self, items: Items, anchor: usize, tag: Option<Cow<'_, Tag>>, span: Span) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError::at(span, "collections nested too deeply"));
        }
        self.stack.push(Frame { items, tag: tag.map(|t| tag_text(&t)), mark: to_mark(span.start), anchor });
        Ok(())
    }

    /// A flow collection ends on a `]`/`}` token, a block one on an empty span.
    fn close(&mut self, span: Span) -> Result<(), YamlError> {
        let frame = self.stack.pop().ok_or_else(|| YamlError::at(span, "unbalanced collection end"))?;
        let mut node = Node {
            kind: frame.items.into_kind(),
            tag: frame.tag,
            mark: frame.mark,
            flow: !span.is_empty(),
            anchor: None,
        };
        if node.flow {
            mark_children_flow(&mut node);
        }
        self.complete(node, frame.anchor);
        Ok(())
    }

    fn alias(&mut self, id: usize, span: Span) -> Result<(), YamlError> {
        let Some((node, count)) = self.anchors.get(&id) else {
            return Err(YamlError::at(span, "alias to an unknown or unfinished anchor"));
        };
        self.alias_nodes = self.alias_nodes.saturating_add(*count);
        if self.alias_nodes > MAX_ALIAS_NODES {
            return Err(YamlError::at(span, "aliases expand to too many nodes"));
        }
        let node = node.clone();
        self.attach(node);
        Ok(())
    }

    fn complete(&mut self, mut node: Node, anchor: usize) {
        if anchor != 0 {
            node.anchor = Some(anchor);
            self.anchors.insert(anchor, (node.clone(), node_count(&node)));
        }
        self.attach(node);
    }

    fn attach(&mut self, node: Node) {
        match self.stack.last_mut() {
            Some(frame) => frame.items.push(node),
            None => self.root = Some(node),
        }
    }
}

/// yaml-cpp's resolved tag text: handle prefix followed by suffix, with
/// `%XX` escapes kept as written. saphyr decodes them (a multi-byte escape
/// becomes the char whose code is the bytes' concatenation), so characters a
/// tag cannot hold literally are escaped again.
fn tag_text(tag: &Tag) -> String {
    let mut text = tag.handle.clone();
    for c in tag.suffix.chars() {
        if c.is_ascii_alphanumeric() || "-#;/?:@&=+$,_.!~*'()[]%".contains(c) {
            text.push(c);
        } else {
            let bytes = u32::from(c).to_be_bytes();
            let first = bytes.iter().position(|&b| b != 0).unwrap_or(3);
            bytes[first..].iter().for_each(|b| text.push_str(&format!("%{b:02X}")));
        }
    }
    text
}

/// yaml-cpp turns a plain null spelling into Null (dropping any tag), and an
/// empty node into Null unless it carries an explicit tag.
fn scalar_node(value: Cow<'_, str>, style: SaphyrStyle, tag: Option<Cow<'_, Tag>>, mark: Mark) -> Node {
    let tag = tag.map(|t| tag_text(&t));
    let empty_tagged = value.is_empty() && tag.is_some();
    if style == SaphyrStyle::Plain && is_null_text(&value) && !empty_tagged {
        return Node { mark, ..Node::default() };
    }
    Node {
        kind: NodeKind::Scalar { value: value.into_owned(), style: scalar_style(style) },
        tag,
        mark,
        ..Node::default()
    }
}

fn scalar_style(style: SaphyrStyle) -> ScalarStyle {
    match style {
        SaphyrStyle::Plain => ScalarStyle::Plain,
        SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        SaphyrStyle::Literal => ScalarStyle::Literal,
        SaphyrStyle::Folded => ScalarStyle::Folded,
    }
}

/// yaml-cpp `IsNullString`.
pub(super) fn is_null_text(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// Collections inside a flow collection are flow too (a compact `[a: b]`
/// mapping has no closing token of its own).
fn mark_children_flow(node: &mut Node) {
    let set = |child: &mut Node| {
        if child.is_sequence() || child.is_mapping() {
            child.flow = true;
        }
    };
    match &mut node.kind {
        NodeKind::Sequence(items) => items.iter_mut().for_each(set),
        NodeKind::Mapping(entries) => entries.iter_mut().for_each(|(k, v)| {
            set(k);
            set(v);
        }),
        _ => {}
    }
}

fn node_count(node: &Node) -> usize {
    let children: usize = match &node.kind {
        NodeKind::Sequence(items) => items.iter().map(node_count).sum(),
        NodeKind::Mapping(entries) => entries.iter().map(|(k, v)| node_count(k) + node_count(v)).sum(),
        _ => 0,
    };
    children.saturating_add(1)
}
