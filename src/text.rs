//! Reading UTF-8 text at byte offsets, shared by the recogniser and the
//! event extractor, which both walk articles byte by byte.

/// The character starting at byte `i` of `text`, if any (`None` past the
/// end or inside a character). An ASCII byte is its own character: only
/// other bytes are decoded.
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..)?.chars().next(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_at_reads_as_chars_next() {
        let text = "a. \u{201d}b\u{e9}) \u{130}";
        for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            assert_eq!(char_at(text, i), text[i..].chars().next(), "at {i}");
        }
        // Inside a character ("é" is two bytes) and past the end.
        let inside = text.find('\u{e9}').unwrap() + 1;
        assert_eq!(char_at(text, inside), None);
        assert_eq!(char_at(text, text.len() + 1), None);
    }
}
