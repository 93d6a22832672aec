//! Fixed word lists that the recogniser and the event extractor test words
//! against, many times per article.

/// A fixed list of words, with a bitmap of their lengths and first bytes
/// that rules out most other words before any comparison.
pub(crate) struct WordSet {
    words: &'static [&'static str],
    shapes: [u64; 8],
}

impl WordSet {
    /// The set of `words`, with its bitmap built at compile time.
    pub(crate) const fn new(words: &'static [&'static str]) -> WordSet {
        let mut shapes = [0u64; 8];
        let mut i = 0;
        while i < words.len() {
            let s = WordSet::shape(words[i].as_bytes());
            shapes[s / 64] |= 1 << (s % 64);
            i += 1;
        }
        WordSet { words, shapes }
    }

    /// A number from a word's length (up to 15) and first byte (5 bits).
    const fn shape(w: &[u8]) -> usize {
        let len = if w.len() < 15 { w.len() } else { 15 };
        let first = if w.is_empty() { 0 } else { w[0] & 31 };
        len << 5 | first as usize
    }

    /// True when `w` is one of the words.
    pub(crate) fn contains(&self, w: &str) -> bool {
        self.contains_bytes(w.as_bytes())
    }

    /// True when the bytes `w` spell one of the words.
    pub(crate) fn contains_bytes(&self, w: &[u8]) -> bool {
        let s = WordSet::shape(w);
        // Length and first byte before the bytes: most words of the same
        // shape are told apart without a full comparison.
        (self.shapes[s / 64] >> (s % 64)) & 1 == 1
            && self.words.iter().any(|l| {
                let l = l.as_bytes();
                l.len() == w.len() && l.first() == w.first() && l == w
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SET: WordSet = WordSet::new(&["in", "at", "near", "", "st.", "towards", "é"]);

    #[test]
    fn members_and_only_members() {
        for w in ["in", "at", "near", "", "st.", "towards", "é"] {
            assert!(SET.contains(w), "{w}");
            assert!(SET.contains_bytes(w.as_bytes()), "{w}");
        }
        // Same shape (length and first byte) as a member, or a near miss.
        for w in [
            "it", "an", "nearby", "nea", "st", "toward", "towardz", "In", "ai", "è", "a",
        ] {
            assert!(!SET.contains(w), "{w}");
            assert!(!SET.contains_bytes(w.as_bytes()), "{w}");
        }
    }

    #[test]
    fn long_words_share_one_length_class() {
        static LONG: WordSet = WordSet::new(&["councilwoman", "commissioners"]);
        assert!(LONG.contains("commissioners"));
        assert!(!LONG.contains("commissioner"));
        assert!(!LONG.contains("commissionersx"));
        assert!(!LONG.contains("councilwomanly"));
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_a_linear_scan(w in "[a-dé.]{0,17}") {
            static WORDS: &[&str] = &["a", "ab", "abc", "dd", "ébc", "abcdabcdabcdabcd", "c.d"];
            static S: WordSet = WordSet::new(WORDS);
            proptest::prop_assert_eq!(S.contains(&w), WORDS.contains(&w.as_str()));
        }
    }
}
