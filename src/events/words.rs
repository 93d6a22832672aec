//! The words of a sentence, for the trigger search, the detector and the
//! place linker: byte ranges in the text and ASCII-lowercased forms, made
//! once per sentence that may hold an event.

/// A word of a sentence: byte range in the text and lowercase form.
pub(crate) struct Word<'l> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The word with ASCII letters lowercased, borrowed from the lowercased
    /// sentence that [`words_into`] is given.
    pub(crate) lower: &'l str,
}

/// [`words_into`] a new vector.
#[cfg(test)]
pub(crate) fn words<'l>(text: &str, from: usize, to: usize, lower: &'l str) -> Vec<Word<'l>> {
    let mut out = Vec::new();
    words_into(text, from, to, lower, &mut out);
    out
}

/// The words of `text[from..to]`, into `out` (cleared first); `lower` is
/// that text with ASCII letters lowercased (same length, so the same
/// offsets), made once per sentence.
pub(crate) fn words_into<'l>(
    text: &str,
    from: usize,
    to: usize,
    lower: &'l str,
    out: &mut Vec<Word<'l>>,
) {
    debug_assert_eq!(lower.len(), to - from);
    // Bytes, not chars: ASCII letters and digits make words, and so does
    // any non-ASCII byte (letters of other scripts; triggers are ASCII, so
    // nothing is lost by not classifying them). "-" and "'" join inside.
    const LETTER: u8 = 1;
    const JOINER: u8 = 2;
    const CLASS: [u8; 256] = {
        let mut class = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            class[b] = if c.is_ascii_alphanumeric() || c >= 0x80 {
                LETTER
            } else if c == b'-' || c == b'\'' {
                JOINER
            } else {
                0
            };
            b += 1;
        }
        class
    };
    let bytes = &text.as_bytes()[..to];
    out.clear();
    out.reserve((to - from) / 4 + 1);
    let mut i = from;
    while i < to {
        if CLASS[usize::from(bytes[i])] != LETTER {
            i += 1;
            continue;
        }
        let start = i;
        while i < to && CLASS[usize::from(bytes[i])] != 0 {
            i += 1;
        }
        // Trailing joiners are not part of the word; a non-ASCII byte run
        // always ends on a char boundary because it ends at an ASCII byte
        // or at `to`.
        let mut end = i;
        while CLASS[usize::from(bytes[end - 1])] == JOINER {
            end -= 1;
        }
        out.push(Word {
            start,
            end,
            lower: &lower[start - from..end - from],
        });
    }
}

/// `text[from..to]` with ASCII letters lowercased, into `buf`.
pub(crate) fn lowercase_into<'b>(
    buf: &'b mut String,
    text: &str,
    from: usize,
    to: usize,
) -> &'b str {
    buf.clear();
    buf.push_str(&text[from..to]);
    buf.make_ascii_lowercase();
    buf
}

/// Byte offsets of the characters of a sentence, for the character offsets
/// of mentions: the identity for ASCII, a table otherwise.
pub(crate) struct CharBytes {
    /// Byte offset of each character; empty when the sentence is ASCII.
    table: Vec<usize>,
    len: usize,
}

impl CharBytes {
    /// The offsets of `sentence`'s characters, in `table`'s allocation
    /// (cleared first): a buffer kept from sentence to sentence
    /// ([`CharBytes::into_table`]).
    pub(crate) fn new_in(sentence: &str, mut table: Vec<usize>) -> Self {
        table.clear();
        if !sentence.is_ascii() {
            table.extend(sentence.char_indices().map(|(b, _)| b));
        }
        CharBytes {
            table,
            len: sentence.len(),
        }
    }

    /// The table's allocation, for the next sentence.
    pub(crate) fn into_table(self) -> Vec<usize> {
        self.table
    }

    /// Byte offset of the `k`th character, as `char_indices().nth(k)`.
    pub(crate) fn nth(&self, k: usize) -> Option<usize> {
        if self.table.is_empty() {
            (k < self.len).then_some(k)
        } else {
            self.table.get(k).copied()
        }
    }

    /// Characters in the first `b` bytes.
    pub(crate) fn chars_before(&self, b: usize) -> usize {
        if self.table.is_empty() {
            b
        } else {
            self.table.partition_point(|&x| x < b)
        }
    }
}
