//! Keeps user input quoted in messages short: a megabyte-long type name or YAML line is shown by
//! its first characters and a count of the rest, once.

use std::borrow::Cow;

/// Characters of user input quoted in one message.
pub const QUOTED_CHARS: usize = 160;

/// `text`, or its first [`QUOTED_CHARS`] characters followed by how many were left out.
pub fn clip(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTED_CHARS) {
        None => Cow::Borrowed(text),
        Some((end, _)) => {
            let rest = text[end..].chars().count();
            Cow::Owned(format!("{}… ({rest} more characters)", &text[..end]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_at_a_character_boundary_with_a_count() {
        assert_eq!(clip("short"), "short");
        let long = "é".repeat(QUOTED_CHARS + 40);
        let clipped = clip(&long);
        assert!(clipped.starts_with(&"é".repeat(QUOTED_CHARS)));
        assert!(clipped.ends_with("… (40 more characters)"), "{clipped}");
    }
}
