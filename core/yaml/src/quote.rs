//! yaml-cpp 0.6.3 scalar and tag writing (`emitterutils.cpp`, `exp.h`).

use std::fmt::Write;

use super::parse::is_null_text;

/// Byte at `i`, or 0 past the end (yaml-cpp reads the C string terminator).
fn at(bytes: &[u8], i: usize) -> u8 {
    bytes.get(i).copied().unwrap_or(0)
}

fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t')
}

/// Length of `Exp::Break()` at `i`: `\n` or `\r\n`.
fn break_len(bytes: &[u8], i: usize) -> Option<usize> {
    match (at(bytes, i), at(bytes, i + 1)) {
        (b'\n', _) => Some(1),
        (b'\r', b'\n') => Some(2),
        _ => None,
    }
}

/// Length of `Exp::BlankOrBreak()` at `i`.
fn blank_or_break_len(bytes: &[u8], i: usize) -> Option<usize> {
    if is_blank(at(bytes, i)) {
        return Some(1);
    }
    break_len(bytes, i)
}

/// `BlankOrBreak() || RegEx()`: whitespace, a break, or the end of the text.
fn blank_break_or_end(bytes: &[u8], i: usize) -> bool {
    i >= bytes.len() || blank_or_break_len(bytes, i).is_some()
}

/// `Exp::PlainScalar()` / `Exp::PlainScalarInFlow()` at the start.
fn valid_start(bytes: &[u8], flow: bool) -> bool {
    let first = at(bytes, 0);
    if blank_or_break_len(bytes, 0).is_some() {
        return false;
    }
    if flow {
        !(b"?,[]{}#&*!|>'\"%@`".contains(&first) || (matches!(first, b'-' | b':') && is_blank(at(bytes, 1))))
    } else {
        !(b",[]{}#&*!|>'\"%@`".contains(&first)
            || (matches!(first, b'-' | b'?' | b':') && blank_break_or_end(bytes, 1)))
    }
}

/// `Exp::EndScalar()` / `Exp::EndScalarInFlow()` at `i`.
fn ends_scalar(bytes: &[u8], i: usize, flow: bool) -> bool {
    let colon = at(bytes, i) == b':';
    if !flow {
        return colon && blank_break_or_end(bytes, i + 1);
    }
    (colon && (blank_break_or_end(bytes, i + 1) || b",]}".contains(&at(bytes, i + 1))))
        || b",?[]{}".contains(&at(bytes, i))
}

/// `Exp::NotPrintable()` at `i` (C0 controls but tab/LF/CR, DEL, C1 but NEL).
fn not_printable(bytes: &[u8], i: usize) -> bool {
    match at(bytes, i) {
        0x00..=0x08 | 0x0b | 0x0c | 0x0e..=0x1f | 0x7f => i < bytes.len(),
        0xc2 => matches!(at(bytes, i + 1), 0x80..=0x84 | 0x86..=0x9f),
        _ => false,
    }
}

/// The "disallowed" expression of `IsValidPlainScalar` at `i`.
fn disallowed(bytes: &[u8], i: usize, flow: bool) -> bool {
    let comment = blank_or_break_len(bytes, i).is_some_and(|n| at(bytes, i + n) == b'#');
    ends_scalar(bytes, i, flow)
        || comment
        || not_printable(bytes, i)
        || bytes[i..].starts_with(b"\xef\xbb\xbf")
        || break_len(bytes, i).is_some()
        || at(bytes, i) == b'\t'
}

/// yaml-cpp `IsValidPlainScalar` with non-ASCII output allowed.
pub(super) fn is_valid_plain(text: &str, flow: bool) -> bool {
    let bytes = text.as_bytes();
    !is_null_text(text)
        && valid_start(bytes, flow)
        && !text.ends_with(' ')
        && !(0..bytes.len()).any(|i| disallowed(bytes, i, flow))
}

/// yaml-cpp `GetNextCodePointAndAdvance` replaces noncharacters with U+FFFD.
fn legal_code_point(c: char) -> char {
    let code = u32::from(c);
    if code & 0xfffe == 0xfffe || (0xfdd0..=0xfdef).contains(&code) {
        char::REPLACEMENT_CHARACTER
    } else {
        c
    }
}

/// yaml-cpp `WriteDoubleQuotedString` (non-ASCII kept as UTF-8).
pub(super) fn write_double_quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars().map(legal_code_point) {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\0'..='\u{1f}' | '\u{80}'..='\u{a0}' | '\u{feff}' => write_escape(out, c),
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// yaml-cpp `WriteDoubleQuoteEscapeSequence`: `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
fn write_escape(out: &mut String, c: char) {
    let code = u32::from(c);
    // Writing to a String cannot fail.
    let _ = match code {
        0..0xff => write!(out, "\\x{code:02x}"),
        0xff..0xffff => write!(out, "\\u{code:04x}"),
        _ => write!(out, "\\U{code:08x}"),
    };
}

/// Length of `Exp::URI()` at `i`: a word character, URI punctuation or `%XX`.
fn uri_len(bytes: &[u8], i: usize) -> Option<usize> {
    let c = at(bytes, i);
    if c.is_ascii_alphanumeric() || b"-#;/?:@&=+$,_.!~*'()[]".contains(&c) {
        return Some(1);
    }
    let hex = |j| at(bytes, j).is_ascii_hexdigit();
    (c == b'%' && hex(i + 1) && hex(i + 2)).then_some(3)
}

/// yaml-cpp `WriteTag(out, tag, verbatim = true)`: `!<tag>`. Returns false
/// (after writing the valid prefix) on a character a URI cannot hold.
pub(super) fn write_verbatim_tag(out: &mut String, tag: &str) -> bool {
    out.push_str("!<");
    let bytes = tag.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(n) = uri_len(bytes, i) else {
            return false;
        };
        out.push_str(&tag[i..i + n]);
        i += n;
    }
    out.push('>');
    true
}
