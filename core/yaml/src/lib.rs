//! YAML node tree with yaml-cpp 0.6.3 semantics, as GXF relies on them.
//!
//! Documents are parsed with `saphyr-parser` into an untyped [`Node`] tree.
//! Scalars stay text until read; the `to_*` conversions reproduce
//! yaml-cpp's `Node::as<T>()` (which goes through C++ stream extraction),
//! and [`emit`] reproduces yaml-cpp's block emitter (`YAML::Emitter << node`).

mod convert;
mod directives;
mod emit;
mod node;
mod parse;
mod quote;
#[cfg(test)]
mod tests;

pub use emit::emit;
pub use node::{Mark, Node, NodeKind, ScalarStyle};
pub use parse::{parse_documents, YamlError};
