use super::super::{emit, Node, NodeKind};
use super::{doc, plain};

const LOAD_PARAMETER_APP: &str = "/work/shared/conformance/gxf/test/apps/test_load_parameter_from_yaml.yaml";

#[test]
fn gxf_load_parameter_from_yaml_more() {
    let Ok(text) = std::fs::read_to_string(LOAD_PARAMETER_APP) else {
        println!("skipped: {LOAD_PARAMETER_APP} not found");
        return;
    };
    let docs = super::super::parse_documents(&text).unwrap();
    let component = &docs[0].get("components").unwrap().items()[0];
    let params = component.get("parameters").unwrap();
    let more = params.get("more").unwrap();
    assert_eq!(more.to_string_value(), "- a: st\n  b: ee\n- c: an\n  d: en\n- e:\n    - f: figy\n      g: g");
    assert_eq!(params.get("some_text").unwrap().to_string_value(), "hello");
    assert_eq!(params.get("minus_one").unwrap().to_i32(), Some(-1));
    assert_eq!(params.get("fact").unwrap().to_bool(), Some(true));
}

/// (name, input document, yaml-cpp 0.6.3 emission).
const CASES: &[(&str, &str, &str)] = &[
    (
        "nested seq in seq",
        "- - a\n  - b\n- c",
        "-\n  - a\n  - b\n- c",
    ),
    ("flow kept", "{a: 1, b: [x, y]}", "{a: 1, b: [x, y]}"),
    (
        "empty collections",
        "a: []\nb: {}\nc:\n  - []\n  - {}",
        "a: []\nb: {}\nc:\n  - []\n  - {}",
    ),
    (
        "block seq in map",
        "a:\n- 1\n- 2\nb: x",
        "a:\n  - 1\n  - 2\nb: x",
    ),
    ("long key", "? - a\n  - b\n: c", "? - a\n  - b\n: c"),
    ("flow key", "? [a]\n: [b]", "[a]: [b]"),
    (
        "tags",
        "a: !ms 5\nb: !!str x\nc: !t [1]\nd: !t\n  e: f\ng: ! h",
        "a: !<!ms> 5\nb: !<tag:yaml.org,2002:str> x\nc: !<!t> [1]\nd: !<!t>\n  e: f\ng: h",
    ),
    ("tagged top scalar", "!ms 5", "!<!ms> 5"),
    (
        "tagged block seq item",
        "- !t\n  - x\n- !t\n  k: v",
        "- !<!t>\n  - x\n- !<!t>\n  k: v",
    ),
    (
        "anchors",
        "a: &x [1, 2]\nb: *x\nc: &y 3",
        "a: &1 [1, 2]\nb: *1\nc: 3",
    ),
    (
        "null spellings",
        "a: ~\nb: null\nc:\nd: NULL\n~: e",
        "a: ~\nb: ~\nc: ~\nd: ~\n~: e",
    ),
    (
        "quoted nulls",
        "a: '~'\nb: 'null'\nc: ''",
        "a: \"~\"\nb: \"null\"\nc: \"\"",
    ),
    (
        "quoting",
        "- 'a: b'\n- 'a #b'\n- 'a#b'\n- 'trail '\n- ' lead'\n- '-'\n- '- x'\n- '-x'\n- '?'\n- 'x:'\n- '[x]'\n- '#x'\n- '&x'\n- '!x'\n- \"'x\"\n- '%x'\n- '@x'\n- yes\n- 0x10\n- é",
        "- \"a: b\"\n- \"a #b\"\n- a#b\n- \"trail \"\n- \" lead\"\n- \"-\"\n- \"- x\"\n- -x\n- \"?\"\n- \"x:\"\n- \"[x]\"\n- \"#x\"\n- \"&x\"\n- \"!x\"\n- \"'x\"\n- \"%x\"\n- \"@x\"\n- yes\n- 0x10\n- é",
    ),
    (
        "flow quoting",
        "[',x', 'x,', 'x:', ':x', 'x]', '-x', '- x', '-', '?x', 'a b', 'x: y', 'x:y']",
        "[\",x\", \"x,\", \"x:\", :x, \"x]\", -x, \"- x\", -, \"?x\", a b, \"x: y\", x:y]",
    ),
    (
        "escapes",
        "a: \"multi\\nline\"\nb: \"tab\\tx\"\nc: \"\\x01\\u0085\\u00a0x\"\nd: \"\\ufeffx\"\ne: \"q\\\"\\\\\"\nf: \"cr\\rx\\b\"\ng: \"\\uFDD0\"",
        "a: \"multi\\nline\"\nb: \"tab\\tx\"\nc: \"\\x01\\x85\\xa0x\"\nd: \"\\ufeffx\"\ne: q\"\\\nf: \"cr\\rx\\b\"\ng: \u{fdd0}",
    ),
    (
        "block scalars",
        "a: |\n  lit\n  text\nb: >\n  folded\n  text\nc: |-\n  x",
        "a: \"lit\\ntext\\n\"\nb: \"folded text\\n\"\nc: x",
    ),
    (
        "unterminated block scalar",
        "a: |\n  x\n  y",
        "a: \"x\\ny\"",
    ),
];

#[test]
fn emission_matches_yaml_cpp() {
    for (name, input, expected) in CASES {
        assert_eq!(emit(&doc(input)), *expected, "{name}");
    }
}

#[test]
fn null_and_scalars_as_string_values() {
    assert_eq!(Node::default().to_string_value(), "~");
    assert_eq!(plain("hello").to_string_value(), "hello");
    assert_eq!(plain("").to_string_value(), "\"\"");
    assert_eq!(plain("a: b").to_string_value(), "\"a: b\"");
}

#[test]
fn invalid_tag_stops_emission_like_yaml_cpp() {
    let mut node = plain("x");
    node.tag = Some("!a b".to_owned());
    assert_eq!(emit(&node), "!<!a");
}

#[test]
fn user_built_empty_block_sequence_is_forced_to_flow() {
    let node = Node {
        kind: NodeKind::Mapping(vec![(plain("a"), Node { kind: NodeKind::Sequence(Vec::new()), ..Node::default() })]),
        ..Node::default()
    };
    assert_eq!(emit(&node), "a:\n  []");
}
