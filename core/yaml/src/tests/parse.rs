use super::super::{parse_documents, Mark, NodeKind, ScalarStyle};
use super::doc;

#[test]
fn multi_document_marks_are_one_based() {
    let docs = parse_documents("a: 1\n---\nlist:\n  - x\n  - y: z\n").unwrap();
    assert_eq!(docs.len(), 2);
    let a = &docs[0].entries()[0];
    assert_eq!(a.0.mark, Mark { line: 1, column: 1 });
    assert_eq!(a.1.mark, Mark { line: 1, column: 4 });
    let list = docs[1].get("list").unwrap();
    assert_eq!(list.mark, Mark { line: 4, column: 3 });
    assert_eq!(list.items()[0].mark, Mark { line: 4, column: 5 });
    let z = list.items()[1].get("y").unwrap();
    assert_eq!(z.mark, Mark { line: 5, column: 8 });
}

#[test]
fn syntax_error_has_position() {
    let err = parse_documents("ok: 1\na: b: c\n").unwrap_err();
    assert_eq!(err.mark, Mark { line: 2, column: 5 });
    assert!(err.to_string().contains("line 2, column 5"), "{err}");
}

#[test]
fn yaml_directive_with_and_without_document_start() {
    let with = parse_documents("%YAML 1.2\n---\na: 1\n").unwrap();
    assert_eq!(with[0].get("a").and_then(|n| n.to_i64()), Some(1));
    let without = parse_documents("# c\n%YAML 1.2\n\na: 1\nb: 2\n").unwrap();
    assert_eq!(without.len(), 1);
    assert_eq!(without[0].get("b").unwrap().mark, Mark { line: 5, column: 4 });
}

#[test]
fn empty_and_trailing_documents() {
    assert!(parse_documents("").unwrap().is_empty());
    assert!(parse_documents("# only a comment\n").unwrap().is_empty());
    let docs = parse_documents("a: 1\n---\n").unwrap();
    assert_eq!(docs.len(), 2);
    assert!(docs[1].is_null());
}

#[test]
fn duplicate_keys_kept_in_order() {
    let node = doc("k: 1\nx: 2\nk: 3\n");
    let keys: Vec<_> = node.entries().iter().map(|(k, _)| k.scalar().unwrap()).collect();
    assert_eq!(keys, ["k", "x", "k"]);
    assert_eq!(node.get("k").and_then(|n| n.to_i64()), Some(1));
}

#[test]
fn quoted_scalars_keep_style() {
    let node = doc("a: \"5\"\nb: '5'\nc: 5\nd: |\n  5\ne: >\n  5\n");
    let style = |k| match &node.get(k).unwrap().kind {
        NodeKind::Scalar { style, .. } => *style,
        other => panic!("{other:?}"),
    };
    assert_eq!(style("a"), ScalarStyle::DoubleQuoted);
    assert_eq!(style("b"), ScalarStyle::SingleQuoted);
    assert_eq!(style("c"), ScalarStyle::Plain);
    assert_eq!(style("d"), ScalarStyle::Literal);
    assert_eq!(style("e"), ScalarStyle::Folded);
}

#[test]
fn tags_are_captured() {
    let node = doc("a: !ms 5\nb: !yaml {x: 1}\nc: !!str 7\nd: ! x\ne: 8\n");
    let tag = |k| node.get(k).unwrap().tag.as_deref();
    assert_eq!(tag("a"), Some("!ms"));
    assert_eq!(tag("b"), Some("!yaml"));
    assert_eq!(tag("c"), Some("tag:yaml.org,2002:str"));
    assert_eq!(tag("d"), Some("!"));
    assert_eq!(tag("e"), None);
    let percent = doc("!e%20x%C3%A9 y");
    assert_eq!(percent.tag.as_deref(), Some("!e%20x%C3%A9"));
}

#[test]
fn null_spellings_and_empty_values() {
    let node = doc("a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: nULL\ng: 'null'\nh: !!str null\ni: !t\n");
    for key in ["a", "b", "c", "d", "e", "h"] {
        assert!(node.get(key).unwrap().is_null(), "{key}");
    }
    assert_eq!(node.get("f").unwrap().scalar(), Some("nULL"));
    assert_eq!(node.get("g").unwrap().scalar(), Some("null"));
    let tagged_empty = node.get("i").unwrap();
    assert_eq!(tagged_empty.scalar(), Some(""));
    assert_eq!(tagged_empty.tag.as_deref(), Some("!t"));
    assert!(doc("--- !t\n").is_null());
}

#[test]
fn aliases_are_resolved_by_cloning() {
    let node = doc("a: &x {k: v}\nb: *x\n");
    assert_eq!(node.get("b").unwrap().get("k").unwrap().scalar(), Some("v"));
    assert_eq!(node.get("a").unwrap().anchor, node.get("b").unwrap().anchor);
    assert!(parse_documents("a: *nope\n").is_err());
    assert!(parse_documents("&a [*a]\n").is_err());
}

#[test]
fn flow_style_is_recorded() {
    let node = doc("a: [1, 2]\nb: {c: d}\ne:\n  - 1\nf: !t\n  g: h\ni: [j: k]\n");
    let flow = |k| node.get(k).unwrap().flow;
    assert!(flow("a") && flow("b") && flow("i"));
    assert!(!flow("e") && !flow("f"));
    assert!(node.get("i").unwrap().items()[0].flow);
}

#[test]
fn accessors() {
    let node = doc("m: {a: 1}\ns: [x]\n");
    assert!(node.is_mapping() && !node.is_sequence());
    let seq = node.get("s").unwrap();
    assert!(seq.is_sequence() && seq.entries().is_empty());
    assert_eq!(seq.items()[0].scalar(), Some("x"));
    assert!(seq.items()[0].is_scalar());
    assert!(seq.get("x").is_none());
    assert!(node.get("missing").is_none());
    assert!(node.items().is_empty());
}
