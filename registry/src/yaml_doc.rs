//! Reading the registry's YAML inputs (extension manifests, metadata, target files, repository
//! indexes, graphs) with positions in errors, and writing its YAML outputs.

use crate::error::{RegistryError, Result};
use gxf_yaml::Node;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Largest YAML input read (graphs and manifests are small; an index of thousands of releases
/// stays far below).
const MAX_BYTES: u64 = 64 << 20;

/// A parsed YAML document and the file it came from, for `file:line:col` in errors.
#[derive(Debug)]
pub struct Doc {
    /// The file.
    pub path: PathBuf,
    /// Every document of the file.
    pub docs: Vec<Node>,
}

impl Doc {
    /// Reads and parses `path` (every document).
    pub fn load(path: &Path) -> Result<Doc> {
        let meta =
            std::fs::metadata(path).map_err(|e| RegistryError::new(format!("cannot read {}: {e}", path.display())))?;
        if !meta.is_file() || meta.len() > MAX_BYTES {
            return Err(RegistryError::new(format!("{} is not a regular file of at most 64 MiB", path.display())));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| RegistryError::new(format!("cannot read {}: {e}", path.display())))?;
        Doc::parse(path, &text)
    }

    /// Parses `text` as if read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Doc> {
        let docs = gxf_yaml::parse_documents(text).map_err(|e| {
            RegistryError::new(format!("{}:{}:{}: {}", path.display(), e.mark.line, e.mark.column, e.message))
        })?;
        Ok(Doc { path: path.to_path_buf(), docs })
    }

    /// The first document (a Null node for an empty file).
    pub fn root(&self) -> &Node {
        static NULL: Node = Node {
            kind: gxf_yaml::NodeKind::Null,
            tag: None,
            mark: gxf_yaml::Mark { line: 1, column: 1 },
            flow: false,
            anchor: None,
        };
        self.docs.first().unwrap_or(&NULL)
    }

    /// An error at `node`: `file:line:col: message`.
    pub fn error(&self, node: &Node, message: impl std::fmt::Display) -> RegistryError {
        RegistryError::new(format!("{}:{}:{}: {message}", self.path.display(), node.mark.line, node.mark.column))
    }

    /// The scalar under `key` of mapping `node`; an error naming the key when absent or not text.
    pub fn text<'n>(&self, node: &'n Node, key: &str) -> Result<&'n str> {
        match node.get(key) {
            Some(value) => value.scalar().ok_or_else(|| self.error(value, format!("'{key}' must be text"))),
            None => Err(self.error(node, format!("missing '{key}'"))),
        }
    }

    /// The scalar under `key`, if present and not null.
    pub fn optional_text<'n>(&self, node: &'n Node, key: &str) -> Result<Option<&'n str>> {
        match node.get(key) {
            None => Ok(None),
            Some(value) if value.is_null() => Ok(None),
            Some(value) => value.scalar().map(Some).ok_or_else(|| self.error(value, format!("'{key}' must be text"))),
        }
    }

    /// The list of scalars under `key` (empty when absent or null).
    pub fn text_list(&self, node: &Node, key: &str) -> Result<Vec<String>> {
        match node.get(key) {
            None => Ok(Vec::new()),
            Some(list) if list.is_null() => Ok(Vec::new()),
            Some(list) if list.is_sequence() => list
                .items()
                .iter()
                .map(|item| {
                    item.scalar()
                        .map(str::to_string)
                        .ok_or_else(|| self.error(item, format!("'{key}' entries must be text")))
                })
                .collect(),
            Some(other) => Err(self.error(other, format!("'{key}' must be a list"))),
        }
    }

    /// The list of nodes under `key` (empty when absent or null).
    pub fn list<'n>(&self, node: &'n Node, key: &str) -> Result<&'n [Node]> {
        match node.get(key) {
            None => Ok(&[]),
            Some(list) if list.is_null() => Ok(&[]),
            Some(list) if list.is_sequence() => Ok(list.items()),
            Some(other) => Err(self.error(other, format!("'{key}' must be a list"))),
        }
    }
}

/// Writes YAML for the registry's outputs: every scalar double-quoted (so no value is misread).
#[derive(Default)]
pub struct YamlWriter {
    out: String,
}

/// A scalar, double-quoted with escapes.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl YamlWriter {
    /// `key: "value"` at `indent` spaces.
    pub fn field(&mut self, indent: usize, key: &str, value: &str) -> &mut Self {
        let _ = writeln!(self.out, "{:indent$}{key}: {}", "", quote(value));
        self
    }

    /// `key: "value"` or `key: null`.
    pub fn optional(&mut self, indent: usize, key: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(value) => self.field(indent, key, value),
            None => self.raw(indent, &format!("{key}: null")),
        }
    }

    /// `key:` followed by `- "item"` lines (or `key: []`).
    pub fn list(&mut self, indent: usize, key: &str, items: &[String]) -> &mut Self {
        if items.is_empty() {
            return self.raw(indent, &format!("{key}: []"));
        }
        self.raw(indent, &format!("{key}:"));
        for item in items {
            let _ = writeln!(self.out, "{:indent$}- {}", "", quote(item));
        }
        self
    }

    /// A line as given.
    pub fn raw(&mut self, indent: usize, line: &str) -> &mut Self {
        let _ = writeln!(self.out, "{:indent$}{line}", "");
        self
    }

    /// The text.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_yaml_reads_back_exactly() {
        let mut w = YamlWriter::default();
        w.field(0, "name", "a: \"b\"\\ #c\n").list(0, "labels", &["x".into(), "- y".into()]).optional(0, "none", None);
        let doc = Doc::parse(Path::new("t.yaml"), &w.finish()).unwrap();
        assert_eq!(doc.text(doc.root(), "name").unwrap(), "a: \"b\"\\ #c\n");
        assert_eq!(doc.text_list(doc.root(), "labels").unwrap(), ["x", "- y"]);
        assert_eq!(doc.optional_text(doc.root(), "none").unwrap(), None);
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let doc = Doc::parse(Path::new("m.yaml"), "a:\n  b: [1]\n").unwrap();
        let a = doc.root().get("a").unwrap();
        assert_eq!(doc.text(a, "b").unwrap_err().message, "m.yaml:2:6: 'b' must be text");
        assert_eq!(doc.text(a, "c").unwrap_err().message, "m.yaml:2:3: missing 'c'");
        assert!(Doc::parse(Path::new("bad.yaml"), "a: [").unwrap_err().message.starts_with("bad.yaml:"));
    }
}
