//! Unit tests; expected values were checked against yaml-cpp 0.6.3
//! (Debian bullseye `libyaml-cpp0.6` 0.6.3-9) where they concern yaml-cpp.

mod convert;
mod emit;
mod parse;
mod robust;

use super::{parse_documents, Node, NodeKind, ScalarStyle};

/// The only document of `text`.
fn doc(text: &str) -> Node {
    let mut docs = parse_documents(text).expect("valid yaml");
    assert_eq!(docs.len(), 1, "one document in {text:?}");
    docs.remove(0)
}

/// A plain scalar node holding `text`.
fn plain(text: &str) -> Node {
    Node { kind: NodeKind::Scalar { value: text.to_owned(), style: ScalarStyle::Plain }, ..Node::default() }
}
