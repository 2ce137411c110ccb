//! yaml-cpp 0.6.3 emitter (`YAML::Emitter << node`), default settings.
//!
//! This follows yaml-cpp's state machine: groups with a 2-space indent,
//! `PrepareNode` per context, long keys (`? `) for block-collection keys,
//! flow style kept for collections parsed in flow style, empty collections
//! forced to `[]`/`{}`, tags written verbatim (`!<tag>`), Null as `~`,
//! and a node met twice (through an alias) written as `&1 ...` then `*1`.

use std::collections::{HashMap, HashSet};

use super::node::{Node, NodeKind};
use super::quote::{is_valid_plain, write_double_quoted, write_verbatim_tag};

/// yaml-cpp's default indent.
const INDENT: usize = 2;

/// yaml-cpp 0.6.3 `YAML::Emitter << node` output, as `emitter.c_str()`.
pub fn emit(node: &Node) -> String {
    let mut counts = HashMap::new();
    count_references(node, &mut counts);
    let mut emitter = Emitter {
        shared: counts.into_iter().filter(|&(_, n)| n > 1).map(|(id, _)| id).collect(),
        ..Emitter::default()
    };
    emitter.node(node);
    emitter.out
}

/// yaml-cpp `NodeEvents::Setup`: count each anchored node's occurrences,
/// without descending into repeated ones.
fn count_references(node: &Node, counts: &mut HashMap<usize, usize>) {
    if let Some(id) = node.anchor {
        let count = counts.entry(id).or_insert(0);
        *count += 1;
        if *count > 1 {
            return;
        }
    }
    match &node.kind {
        NodeKind::Sequence(items) => items.iter().for_each(|n| count_references(n, counts)),
        NodeKind::Mapping(entries) => entries.iter().for_each(|(k, v)| {
            count_references(k, counts);
            count_references(v, counts);
        }),
        NodeKind::Null | NodeKind::Scalar { .. } => {}
    }
}

/// What is about to be written (yaml-cpp `EmitterNodeType`).
#[derive(Clone, Copy)]
enum Child {
    Property,
    Scalar,
    FlowSeq,
    FlowMap,
    BlockSeq,
    BlockMap,
}

impl Child {
    fn is_block(self) -> bool {
        matches!(self, Child::BlockSeq | Child::BlockMap)
    }
}

/// An open sequence or mapping.
struct Group {
    map: bool,
    flow: bool,
    children: usize,
    long_key: bool,
}

#[derive(Default)]
struct Emitter {
    out: String,
    /// Bytes since the last newline (yaml-cpp counts bytes).
    col: usize,
    groups: Vec<Group>,
    indent: usize,
    /// A tag or anchor was written for the node in progress (`HasBegunContent`).
    props: bool,
    /// Set once a write fails (an invalid tag); later writes are dropped.
    failed: bool,
    /// Anchor ids of nodes that occur more than once.
    shared: HashSet<usize>,
    /// Anchor numbers already written, by anchor id.
    written: HashMap<usize, usize>,
}

impl Emitter {
    fn node(&mut self, node: &Node) {
        let shared = node.anchor.filter(|id| self.shared.contains(id));
        if let Some(&number) = shared.and_then(|id| self.written.get(&id)) {
            return self.alias(number);
        }
        let anchor = shared.map(|id| {
            let number = self.written.len() + 1;
            self.written.insert(id, number);
            number
        });
        if !node.is_null() {
            self.tag(node.tag.as_deref());
        }
        if let Some(number) = anchor {
            self.anchor(number);
        }
        self.content(node);
    }

    fn content(&mut self, node: &Node) {
        match &node.kind {
            NodeKind::Null => self.null(),
            NodeKind::Scalar { value, .. } => self.scalar(value),
            NodeKind::Sequence(items) => {
                self.begin_group(false, node.flow);
                items.iter().for_each(|item| self.node(item));
                self.end_group();
            }
            NodeKind::Mapping(entries) => {
                self.begin_group(true, node.flow);
                for (key, value) in entries {
                    self.node(key);
                    self.node(value);
                }
                self.end_group();
            }
        }
    }

    fn write(&mut self, text: &str) {
        if self.failed {
            return;
        }
        self.out.push_str(text);
        self.col = match text.rfind('\n') {
            Some(at) => text.len() - at - 1,
            None => self.col + text.len(),
        };
    }

    fn indent_to(&mut self, column: usize) {
        while self.col < column && !self.failed {
            self.write(" ");
        }
    }

    fn space_or_indent_to(&mut self, require_space: bool, column: usize) {
        if self.col > 0 && require_space {
            self.write(" ");
        }
        self.indent_to(column);
    }

    /// `EmitFromEvents::EmitProps`: `?` and `!` are the implicit tags.
    fn tag(&mut self, tag: Option<&str>) {
        let Some(tag) = tag.filter(|t| !matches!(*t, "?" | "!")) else {
            return;
        };
        self.prepare(Child::Property);
        let mut text = String::new();
        let valid = write_verbatim_tag(&mut text, tag);
        self.write(&text);
        self.failed |= !valid;
        self.props = true;
    }

    fn anchor(&mut self, number: usize) {
        self.prepare(Child::Property);
        self.write(&format!("&{number}"));
        self.props = true;
    }

    fn alias(&mut self, number: usize) {
        self.prepare(Child::Scalar);
        self.write(&format!("*{number}"));
        self.started_node();
    }

    fn null(&mut self) {
        self.prepare(Child::Scalar);
        self.write("~");
        self.started_node();
    }

    fn scalar(&mut self, value: &str) {
        let flow = self.groups.last().is_some_and(|g| g.flow);
        let plain = is_valid_plain(value, flow);
        self.prepare(Child::Scalar);
        if plain {
            self.write(value);
        } else {
            let mut text = String::new();
            write_double_quoted(&mut text, value);
            self.write(&text);
        }
        self.started_node();
    }

    fn begin_group(&mut self, map: bool, flow_style: bool) {
        let flow = flow_style || self.groups.last().is_some_and(|g| g.flow);
        let child = match (map, flow) {
            (false, true) => Child::FlowSeq,
            (true, true) => Child::FlowMap,
            (false, false) => Child::BlockSeq,
            (true, false) => Child::BlockMap,
        };
        self.prepare(child);
        self.started_node();
        if !self.groups.is_empty() {
            self.indent += INDENT;
        }
        self.groups.push(Group { map, flow, children: 0, long_key: false });
    }

    /// Empty groups are forced to flow style (`[]`, `{}`).
    fn end_group(&mut self) {
        let Some(group) = self.groups.pop() else {
            return;
        };
        if group.flow || group.children == 0 {
            self.indent_to(self.indent);
            let (open, close) = if group.map { ("{", "}") } else { ("[", "]") };
            if group.children == 0 {
                self.write(open);
            }
            self.write(close);
        }
        if !self.groups.is_empty() {
            self.indent -= INDENT;
        }
    }

    /// `EmitterState::StartedNode`.
    fn started_node(&mut self) {
        if let Some(group) = self.groups.last_mut() {
            group.children += 1;
            if group.children % 2 == 0 {
                group.long_key = false;
            }
        }
        self.props = false;
    }

    /// `Emitter::PrepareNode`: dispatch on the enclosing group.
    fn prepare(&mut self, child: Child) {
        let Some(group) = self.groups.last_mut() else {
            return self.prepare_top(child);
        };
        let (children, flow, map) = (group.children, group.flow, group.map);
        if map && !flow && children % 2 == 0 && child.is_block() {
            group.long_key = true;
        }
        let long_key = group.long_key;
        match (map, flow) {
            (false, true) => self.flow_seq_prepare(child, children),
            (false, false) => self.block_seq_prepare(child, children),
            (true, true) => self.flow_map_prepare(child, children),
            (true, false) if children % 2 == 0 && long_key => self.long_key_prepare(child, children),
            (true, false) if children % 2 == 0 => self.simple_key_prepare(child, children),
            (true, false) if long_key => self.long_value_prepare(),
            (true, false) => self.simple_value_prepare(child),
        }
    }

    fn prepare_top(&mut self, child: Child) {
        if !child.is_block() {
            self.space_or_indent_to(self.props, 0);
        } else if self.props {
            self.write("\n");
        }
    }

    /// `EmitterState::LastIndent`: the indent of the enclosing group's parent.
    fn last_indent(&self) -> usize {
        if self.groups.len() <= 1 {
            0
        } else {
            self.indent - INDENT
        }
    }

    fn flow_seq_prepare(&mut self, child: Child, children: usize) {
        let last = self.last_indent();
        if !self.props {
            self.indent_to(last);
            self.write(if children == 0 { "[" } else { "," });
        }
        if !child.is_block() {
            self.space_or_indent_to(self.props || children > 0, last);
        }
    }

    fn block_seq_prepare(&mut self, child: Child, children: usize) {
        let current = self.indent;
        if !self.props {
            if children > 0 {
                self.write("\n");
            }
            self.indent_to(current);
            self.write("-");
        }
        match child {
            Child::BlockSeq => self.write("\n"),
            Child::BlockMap if self.props => self.write("\n"),
            Child::BlockMap => {}
            _ => self.space_or_indent_to(self.props, current + INDENT),
        }
    }

    fn flow_map_prepare(&mut self, child: Child, children: usize) {
        let last = self.last_indent();
        if !self.props {
            self.indent_to(last);
            let mark = match children {
                0 => "{",
                n if n % 2 == 0 => ",",
                _ => ":",
            };
            self.write(mark);
        }
        if !child.is_block() {
            self.space_or_indent_to(self.props || children > 0, last);
        }
    }

    fn long_key_prepare(&mut self, child: Child, children: usize) {
        let current = self.indent;
        if !self.props {
            if children > 0 {
                self.write("\n");
            }
            self.indent_to(current);
            self.write("?");
        }
        if !child.is_block() {
            self.space_or_indent_to(true, current + 1);
        }
    }

    fn long_value_prepare(&mut self) {
        let current = self.indent;
        if !self.props {
            self.write("\n");
            self.indent_to(current);
            self.write(":");
        }
        self.space_or_indent_to(true, current + 1);
    }

    fn simple_key_prepare(&mut self, child: Child, children: usize) {
        if !self.props && children > 0 {
            self.write("\n");
        }
        if !child.is_block() {
            self.space_or_indent_to(self.props, self.indent);
        }
    }

    fn simple_value_prepare(&mut self, child: Child) {
        if !self.props {
            self.write(":");
        }
        if child.is_block() {
            self.write("\n");
        } else {
            self.space_or_indent_to(true, self.indent + INDENT);
        }
    }
}
