//! Malformed and hostile input must give `Err`, never a panic or a hang.

use super::super::{emit, parse_documents};

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % below as u64).unwrap_or(0)
    }
}

const SEED_DOCS: &[&str] = &[
    "%YAML 1.2\n---\nname: e\ncomponents:\n- type: T\n  parameters:\n    a: [1, {b: c}]\n    d: !ms 5\n",
    "a: &x |\n  lit\nb: *x\nc: \"q\\x41\"\n? [k]\n: v\n",
    "- - a\n  - 'b'\n- {c: d, e: [f]}\n--- >\n  folded\n...\n",
];

fn exercise(text: &str) {
    if let Ok(docs) = parse_documents(text) {
        for node in &docs {
            let _ = (node.to_bool(), node.to_i64(), node.to_u16(), node.to_i8(), node.to_f32());
            let _ = emit(node);
        }
    }
}

#[test]
fn random_mutations_never_panic() {
    let alphabet: Vec<char> = " \n\t-:?[]{},#&*!|>'\"%@`~.0xé\r\\".chars().collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..3000 {
        let mut chars: Vec<char> = SEED_DOCS[round % SEED_DOCS.len()].chars().collect();
        for _ in 0..=rng.next(4) {
            let at = rng.next(chars.len() + 1);
            match rng.next(3) {
                0 if at < chars.len() => drop(chars.remove(at)),
                1 => chars.insert(at, alphabet[rng.next(alphabet.len())]),
                _ => chars.truncate(at),
            }
        }
        exercise(&chars.into_iter().collect::<String>());
    }
}

#[test]
fn truncated_documents_never_panic() {
    for seed in SEED_DOCS {
        for end in seed.char_indices().map(|(i, _)| i) {
            exercise(&seed[..end]);
        }
    }
}

#[test]
fn garbage_is_an_error() {
    for text in ["a: [1, 2", "{a: b", "a: \"x", "- a\nb: c", "a:\n  b: 1\n c: 2", "*x", "!<"] {
        assert!(parse_documents(text).is_err(), "{text:?}");
    }
}

#[test]
fn deep_nesting_is_rejected() {
    assert!(parse_documents(&"[".repeat(100_000)).is_err());
    assert!(parse_documents(&format!("{}x", "- ".repeat(5_000))).is_err());
    let flow = format!("{}x{}", "[".repeat(200), "]".repeat(200));
    assert_eq!(parse_documents(&flow).map(|d| d.len()), Ok(1));
    let block = format!("{}x", "- ".repeat(900));
    let node = parse_documents(&block).unwrap().remove(0);
    assert!(emit(&node).starts_with(
        "-
  -
"
    ));
}

#[test]
fn alias_explosion_is_rejected() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    assert!(parse_documents(&text).is_err());
}
