//! Writing JSON text by hand (statistics files, traces) without a serializer dependency.

use std::fmt::Write as _;

/// `text` as a JSON string literal, quotes included, escaped as RFC 8259 (and GXF's JSON
/// library) write it: `"` `\` and the short forms `\b \t \n \f \r`, other control characters as
/// `\u00XX`, everything else as is.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn strings_are_escaped_as_json() {
        assert_eq!(super::string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(super::string("t\tn\nr\r\u{1}é"), "\"t\\tn\\nr\\r\\u0001é\"");
    }
}
