//! yaml-cpp accepts `%YAML 1.2` directly followed by content; YAML (and
//! saphyr) require a `---` after directives. GXF files rely on the former.

use std::borrow::Cow;

/// Turn each `%YAML` directive that no `---` follows into a comment of the
/// same length (`#YAML ...`), so line and column numbers are unchanged.
/// Only directives in a document prefix (before any content, at the start
/// of the stream or after a `...` line) are touched.
pub(super) fn comment_out_bare_yaml_directives(text: &str) -> Cow<'_, str> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line.trim_end_matches(['\n', '\r'])))
        })
        .collect();
    let bare: Vec<usize> = bare_yaml_directives(&lines);
    if bare.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    bare.iter().for_each(|&at| bytes[at] = b'#');
    // Only an ASCII byte was swapped for another, so this stays UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned()))
}

/// Byte offsets of the `%` of directives to comment out.
fn bare_yaml_directives(lines: &[(usize, &str)]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut in_prefix = true;
    for (index, &(start, line)) in lines.iter().enumerate() {
        if in_prefix && is_yaml_directive(line) && !doc_start_follows(&lines[index + 1..]) {
            found.push(start);
        }
        if is_document_end(line) {
            in_prefix = true;
        } else if !is_filler(line) && !line.starts_with('%') {
            in_prefix = false;
        }
    }
    found
}

fn is_yaml_directive(line: &str) -> bool {
    line.strip_prefix("%YAML").is_some_and(|rest| rest.starts_with([' ', '\t']))
}

/// Blank or comment-only.
fn is_filler(line: &str) -> bool {
    let trimmed = line.trim_start_matches([' ', '\t']);
    trimmed.is_empty() || trimmed.starts_with('#')
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

fn is_document_end(line: &str) -> bool {
    is_marker(line, "...")
}

/// Whether the next line that is not filler or a directive is `---`.
fn doc_start_follows(lines: &[(usize, &str)]) -> bool {
    lines
        .iter()
        .map(|&(_, line)| line)
        .find(|line| !is_filler(line) && !line.starts_with('%'))
        .is_some_and(|line| is_marker(line, "---"))
}
