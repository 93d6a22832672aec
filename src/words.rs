//! Fixed word lists that the recogniser and the event extractor test words
//! against, many times per article.

/// A fixed list of words, with a bitmap of their lengths and first bytes
/// that rules out most other words before any comparison, and a small hash
/// table that leads from a word to the one member it can be.
pub(crate) struct WordSet {
    words: &'static [&'static str],
    shapes: [u64; 8],
    /// Open addressing by [`WordSet::slot`]: one more than the index of a
    /// word in `words`, or 0 for an empty slot.
    slots: [u8; SLOTS],
}

/// Hash table size: a power of two, well above the longest list.
const SLOTS: usize = 256;

impl WordSet {
    /// The set of `words` (fewer than 128), with its bitmap and hash table
    /// built at compile time.
    pub(crate) const fn new(words: &'static [&'static str]) -> WordSet {
        assert!(words.len() < 128, "a WordSet holds fewer than 128 words");
        let mut shapes = [0u64; 8];
        let mut slots = [0u8; SLOTS];
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            let s = WordSet::shape(w);
            shapes[s / 64] |= 1 << (s % 64);
            let mut h = WordSet::slot(w);
            while slots[h] != 0 {
                h = (h + 1) % SLOTS;
            }
            slots[h] = i as u8 + 1;
            i += 1;
        }
        WordSet {
            words,
            shapes,
            slots,
        }
    }

    /// A number from a word's length (up to 15) and first byte (5 bits).
    const fn shape(w: &[u8]) -> usize {
        let len = if w.len() < 15 { w.len() } else { 15 };
        let first = if w.is_empty() { 0 } else { w[0] & 31 };
        len << 5 | first as usize
    }

    /// The hash table slot where a search for `w` starts (FNV-1a, top
    /// byte).
    const fn slot(w: &[u8]) -> usize {
        let mut h: u32 = 0x811c_9dc5;
        let mut i = 0;
        while i < w.len() {
            h = (h ^ w[i] as u32).wrapping_mul(0x0100_0193);
            i += 1;
        }
        (h >> 24) as usize % SLOTS
    }

    /// True when `w` is one of the words.
    #[inline]
    pub(crate) fn contains(&self, w: &str) -> bool {
        self.contains_bytes(w.as_bytes())
    }

    /// True when the bytes `w` spell one of the words. The bitmap test is
    /// inlined; the table search, rarely reached, is not.
    #[inline]
    pub(crate) fn contains_bytes(&self, w: &[u8]) -> bool {
        let s = WordSet::shape(w);
        (self.shapes[s / 64] >> (s % 64)) & 1 == 1 && self.search(w)
    }

    /// True when the hash table holds `w`.
    #[inline(never)]
    fn search(&self, w: &[u8]) -> bool {
        // The table is never full: an empty slot ends every search.
        let mut h = WordSet::slot(w);
        loop {
            match self.slots[h] {
                0 => return false,
                k if self.words[usize::from(k) - 1].as_bytes() == w => return true,
                _ => h = (h + 1) % SLOTS,
            }
        }
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

    #[test]
    fn crowded_sets_and_repeated_words() {
        static MANY: &[&str] = &[
            "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q",
            "r", "s", "t", "u", "v", "w", "x", "y", "z", "aa", "ab", "ac", "ad", "ae", "af", "ag",
            "ah", "ai", "aj", "ak", "al", "am", "an", "ao", "ap", "aq", "ar", "as", "at", "au",
            "av", "aw", "ax", "ay", "az", "b", "said", "said",
        ];
        static S: WordSet = WordSet::new(MANY);
        for w in MANY {
            assert!(S.contains(w), "{w}");
        }
        for w in ["ba", "bb", "za", "sai", "saids", "", "A", "aA"] {
            assert!(!S.contains(w), "{w}");
        }
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
