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

/// Byte offsets of character offsets of one text, asked for in ascending
/// order: one walk over the text for all of them.
pub(crate) struct ByteOffsets<'t> {
    text: &'t str,
    /// Characters walked so far, and the byte offset they end at.
    chars: usize,
    byte: usize,
}

impl<'t> ByteOffsets<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        ByteOffsets {
            text,
            chars: 0,
            byte: 0,
        }
    }

    /// The byte offset of character `c` (`text.len()` for one past the
    /// last); `None` past the end, or for a `c` below one asked before.
    pub(crate) fn byte_of(&mut self, c: usize) -> Option<usize> {
        if c < self.chars {
            return None;
        }
        while self.chars < c {
            let ch = self.text[self.byte..].chars().next()?;
            self.byte += ch.len_utf8();
            self.chars += 1;
        }
        Some(self.byte)
    }
}

/// Sets each string of `spans` (character offsets `start..end` into
/// `text`, not overlapping, in text order) to that part of `text`: one walk
/// over the text for all of them. A span out of order is left as it is.
pub(crate) fn rewrite_spans<'a>(
    text: &str,
    spans: impl Iterator<Item = (usize, usize, &'a mut String)>,
) {
    let mut offsets = ByteOffsets::new(text);
    for (start, end, s) in spans {
        if let (Some(a), Some(b)) = (offsets.byte_of(start), offsets.byte_of(end)) {
            *s = text[a..b].to_owned();
        }
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

    #[test]
    fn spans_are_rewritten_from_the_text_by_character_offsets() {
        let text = "é KABUL and HERAT";
        let mut spans = [(2, 7, "Kabul".to_owned()), (12, 17, "Herat".to_owned())];
        rewrite_spans(text, spans.iter_mut().map(|(s, e, t)| (*s, *e, t)));
        assert_eq!(spans[0].2, "KABUL");
        assert_eq!(spans[1].2, "HERAT");
        // Past the end, or out of order: left as they are.
        let mut spans = [
            (12, 17, "a".to_owned()),
            (2, 7, "b".to_owned()),
            (16, 40, "c".to_owned()),
        ];
        rewrite_spans(text, spans.iter_mut().map(|(s, e, t)| (*s, *e, t)));
        assert_eq!(spans[0].2, "HERAT");
        assert_eq!(spans[1].2, "b");
        assert_eq!(spans[2].2, "c");
    }
}
