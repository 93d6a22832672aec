//! The trigger lexicon: every word form that may mark an event, with the
//! lemma, part of speech, the event types it can signal and the ACLED
//! sub-event type it most often does. It is data (`triggers.tsv`, built by
//! `scripts/build_triggers.py`); whether a form written in a sentence is an
//! event there is for the detector ([`super::detect`]) to decide, and which
//! type for [`super::typing`]. This module only finds where forms are
//! written, fast.
//!
//! Finding: [`trigger_candidates`] makes one pass over the whole text, 64
//! bytes at a time, for the word starts whose first four bytes some form
//! begins with (a bitmap, then a small table); only sentences holding such
//! a start are split into words, and [`trigger_at`] then takes the longest
//! form at a word.

use super::taxonomy::EventType;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// The lexicon as shipped.
const TSV: &str = include_str!("triggers.tsv");

/// Part of speech of a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pos {
    /// "killed", "shelled", "opened fire".
    Verb,
    /// "explosion", "air strike", "protesters".
    Noun,
    /// "suicide" in compounds, "violent".
    Adj,
}

impl Pos {
    /// The name used in the lexicon and in feature names.
    pub fn as_str(self) -> &'static str {
        match self {
            Pos::Verb => "verb",
            Pos::Noun => "noun",
            Pos::Adj => "adj",
        }
    }
}

/// One form of the lexicon.
#[derive(Debug)]
pub struct Trigger {
    /// Its index in [`lexicon`].
    pub index: usize,
    /// The form, lowercase, words separated by one space ("opened fire").
    pub words: &'static str,
    /// Its lemma ("open fire").
    pub lemma: &'static str,
    /// Part of speech.
    pub pos: Pos,
    /// The types it can signal, most usual first, each with a subtype
    /// where the form gives one ("withdrawal").
    pub kinds: Vec<(EventType, Option<&'static str>)>,
    /// The ACLED sub-event types it may signal, most usual first.
    pub acled_hints: Vec<&'static str>,
    /// Almost always an event ("bombing") rather than one only in context
    /// ("fire", "hold", "march").
    pub strong: bool,
}

/// A type name of the lexicon as a type and subtype: the nine types and
/// `security_operation`, plus classes that are a type with a subtype
/// (`arrest`, `weapons_seizure`: security operations; `looting`: an attack
/// on property). `None` for a name this build does not know.
fn kind_of(name: &str) -> Option<(EventType, Option<&'static str>)> {
    Some(match name {
        "arrest" => (EventType::SecurityOperation, Some("arrest")),
        "weapons_seizure" => (EventType::SecurityOperation, Some("weapons seizure")),
        "looting" => (EventType::Attack, Some("looting")),
        other => (EventType::from_name(other)?, None),
    })
}

/// Every form of the lexicon, in file order.
pub fn lexicon() -> &'static [Trigger] {
    static LEXICON: OnceLock<Vec<Trigger>> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut out = Vec::new();
        for line in TSV.lines() {
            if line.starts_with('#') || line.starts_with("form\t") || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&'static str> = line.split('\t').collect();
            let [words, lemma, pos, types, acled, strength, ..] = cols[..] else {
                continue;
            };
            // A form both verb and noun ("attack") is a verb when it is
            // written as one ("attacked", "attacking").
            let verbal = words.ends_with("ed") || words.ends_with("ing") || words.ends_with("en");
            let pos = match (pos.contains("verb"), pos.contains("noun")) {
                (true, false) => Pos::Verb,
                (true, true) if verbal => Pos::Verb,
                (_, true) => Pos::Noun,
                _ => Pos::Adj,
            };
            let kinds: Vec<_> = types.split(',').filter_map(kind_of).collect();
            if kinds.is_empty() || words.len() < 3 {
                continue; // PrefixIndex keys three bytes
            }
            // A form of two lemmas ("killing": kill, killing) takes the
            // first.
            let lemma = lemma.split(',').next().unwrap_or(lemma);
            out.push(Trigger {
                index: out.len(),
                words,
                lemma,
                pos,
                kinds,
                acled_hints: acled
                    .split(';')
                    .filter(|a| *a != "-" && !a.is_empty())
                    .collect(),
                strong: strength == "strong",
            });
        }
        out
    })
}

/// Bytes that make words for the trigger search: ASCII letters and digits,
/// and any non-ASCII byte.
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Appends to `out` the byte offsets in `text` where a form is written (in
/// any ASCII case) from the start of a word to the end of one.
///
/// The text goes 64 bytes at a time: a mask of its word bytes
/// ([`word_bits8`]) gives the word starts; at each, the first four bytes,
/// ASCII-lowercased, are hashed into a bitmap ([`PrefixIndex`]) without
/// branching; the few starts that pass are compared with the forms.
///
/// Returns whether `text` is all ASCII, which the scan sees on the way.
pub(crate) fn trigger_candidates(text: &str, out: &mut Vec<usize>) -> bool {
    let index = PrefixIndex::get();
    let bytes = text.as_bytes();
    // The bytes of the text ORed together, eight at a time.
    let mut all = 0u64;
    // Bit 63 of the previous chunk's word mask.
    let mut prev = 0u64;
    let mut at = 0;
    while at < bytes.len() {
        // The chunk, and 3 bytes after it for the keys (zeros past the end).
        let mut padded = [0u8; 67];
        let window: &[u8; 67] = match bytes.get(at..at + 67) {
            Some(w) => w.try_into().expect("67 bytes"),
            None => {
                let rest = &bytes[at..];
                padded[..rest.len()].copy_from_slice(rest);
                &padded
            }
        };
        let mut words = 0u64;
        for (k, eight) in window[..64].chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
            all |= x;
            words |= word_bits8(x) << (8 * k);
        }
        let mut starts = words & !((words << 1) | prev);
        prev = words >> 63;
        let mut pass = 0u64;
        while starts != 0 {
            let j = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            let four = u32::from_le_bytes(window[j..j + 4].try_into().expect("4 bytes"));
            pass |= u64::from(index.may_start(four)) << j;
        }
        while pass != 0 {
            let j = pass.trailing_zeros() as usize;
            pass &= pass - 1;
            let four = u32::from_le_bytes(window[j..j + 4].try_into().expect("4 bytes"));
            if index.trigger_at(bytes, at + j, four) {
                out.push(at + j);
            }
        }
        at += 64;
    }
    all & 0x8080_8080_8080_8080 == 0
}

/// [`word_byte`] for the eight bytes of `x` at once (SWAR): bit `k` of the
/// result is set when byte `k` (little-endian) is a word byte.
fn word_bits8(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const fn splat(b: u8) -> u64 {
        b as u64 * 0x0101_0101_0101_0101
    }
    // High bit of each byte of `y` (all below 0x80) that lies in lo..=hi:
    // adding 0x80 - lo sets it from lo up, adding 0x7f - hi from hi + 1
    // up; no sum carries into the next byte.
    fn in_range(y: u64, lo: u8, hi: u8) -> u64 {
        (y + splat(0x80 - lo)) & !(y + splat(0x7f - hi)) & HIGH
    }
    let ascii = x & !HIGH;
    let word = (x & HIGH) | in_range(ascii, b'0', b'9') | in_range(ascii | splat(0x20), b'a', b'z');
    // Gather the eight high bits into the top byte, then down.
    ((word >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Four bytes (little-endian) with 0x20 set in each: ASCII letters
/// lowercased, and spaces and hyphens (the other bytes of forms) kept.
/// Other bytes may change, but a form written in any case gives the key of
/// the form itself.
fn lower4(four: u32) -> u32 {
    four | 0x2020_2020
}

/// What [`trigger_candidates`] looks words up in: a bitmap (4 KiB, so it
/// stays in the L1 cache) of hashed [`lower4`] keys that a form written at
/// a word start can give, which rules out most words; and the forms by key,
/// to compare the rest with.
struct PrefixIndex {
    /// Bit [`PrefixIndex::slot`] of each key.
    bits: [u64; 1 << (PrefixIndex::SLOT_BITS - 6)],
    /// The forms by key: an open-addressing table of (key, index of the
    /// first in `keyed`, how many), key 0 (which no key is) where empty.
    table: Vec<(u32, u16, u16)>,
    /// The forms of each key, together.
    keyed: Vec<&'static [u8]>,
}

impl PrefixIndex {
    const SLOT_BITS: u32 = 15;

    fn get() -> &'static PrefixIndex {
        static INDEX: OnceLock<PrefixIndex> = OnceLock::new();
        INDEX.get_or_init(|| {
            let mut bits = [0u64; 1 << (Self::SLOT_BITS - 6)];
            let mut by_key: Vec<(u32, &'static [u8])> = Vec::new();
            for t in lexicon() {
                let w = t.words.as_bytes();
                // The byte after the first three: the form's fourth, or,
                // for a three-letter form, any byte that ends a word.
                let fourths: Vec<u8> = match w.get(3) {
                    Some(&b) => vec![b],
                    None => (0..=255).filter(|&b| !word_byte(b)).collect(),
                };
                for b in fourths {
                    let key = lower4(u32::from_le_bytes([w[0], w[1], w[2], b]));
                    let slot = Self::slot(key);
                    bits[slot / 64] |= 1 << (slot % 64);
                    by_key.push((key, w));
                }
            }
            by_key.sort_unstable();
            by_key.dedup();
            let mut table = vec![(0u32, 0u16, 0u16); (by_key.len() * 4).next_power_of_two()];
            let mut i = 0;
            while i < by_key.len() {
                let key = by_key[i].0;
                let n = by_key[i..].iter().take_while(|e| e.0 == key).count();
                let mut slot = Self::slot(key) % table.len();
                while table[slot].0 != 0 {
                    slot = (slot + 1) % table.len();
                }
                let small = |x: usize| u16::try_from(x).expect("fewer than 65,536 forms");
                table[slot] = (key, small(i), small(n));
                i += n;
            }
            let keyed = by_key.into_iter().map(|(_, w)| w).collect();
            PrefixIndex { bits, table, keyed }
        })
    }

    /// A multiplicative hash of a key into the bitmap.
    fn slot(key: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B1) >> (32 - Self::SLOT_BITS)) as usize
    }

    /// Some form may be written where these four bytes start (false: none
    /// is).
    fn may_start(&self, four: u32) -> bool {
        let slot = Self::slot(lower4(four));
        (self.bits[slot / 64] >> (slot % 64)) & 1 == 1
    }

    /// Some form is written at `i` (any ASCII case) and ends at a word
    /// boundary; `four` are the four bytes at `i` (zeros past the end).
    fn trigger_at(&self, bytes: &[u8], i: usize, four: u32) -> bool {
        let key = lower4(four);
        let mask = self.table.len() - 1;
        let mut slot = Self::slot(key) & mask;
        let (first, n) = loop {
            match self.table[slot] {
                (0, _, _) => return false,
                (k, first, n) if k == key => break (usize::from(first), usize::from(n)),
                _ => slot = (slot + 1) & mask,
            }
        };
        self.keyed[first..first + n].iter().any(|t| {
            bytes
                .get(i..i + t.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(t))
                && bytes.get(i + t.len()).is_none_or(|&b| !word_byte(b))
        })
    }
}

/// The longest form starting with `words` (lowercase words of the text
/// from some position): the form and how many words it spans; of equally
/// long ones, the last in the lexicon.
pub fn trigger_at(words: &[&str]) -> Option<(&'static Trigger, usize)> {
    // Forms by their first word, each with the words after it: one hash
    // lookup per word of the text (FNV-1a, already the crate's), then the
    // few forms that start with that word.
    type ByFirst =
        HashMap<&'static str, Vec<(Vec<&'static str>, &'static Trigger)>, BuildHasherDefault<Fnv>>;
    // Before the lookup, a bitmap of the first words' shapes (length,
    // first and last letter) turns most words away without hashing them.
    fn shape(w: &[u8]) -> usize {
        let (first, last) = (w.first().unwrap_or(&0), w.last().unwrap_or(&0));
        w.len().min(15) << 10 | usize::from(first & 31) << 5 | usize::from(last & 31)
    }
    static BY_FIRST: OnceLock<(Vec<u64>, ByFirst)> = OnceLock::new();
    let (shapes, by_first) = BY_FIRST.get_or_init(|| {
        let mut map = ByFirst::default();
        let mut shapes = vec![0u64; (16 << 10) / 64];
        for t in lexicon() {
            let mut split = t.words.split(' ');
            let first = split.next().unwrap_or(t.words);
            map.entry(first).or_default().push((split.collect(), t));
            let s = shape(first.as_bytes());
            shapes[s / 64] |= 1 << (s % 64);
        }
        // Longest first, and of equally long ones the last in the
        // lexicon first: the first form that matches is the one wanted.
        for forms in map.values_mut() {
            forms.sort_by_key(|(after, t)| std::cmp::Reverse((after.len(), t.index)));
        }
        (shapes, map)
    });
    let (&first, rest) = words.split_first()?;
    let s = shape(first.as_bytes());
    if (shapes[s / 64] >> (s % 64)) & 1 == 0 {
        return None;
    }
    by_first
        .get(first)?
        .iter()
        .find(|(after, _)| rest.len() >= after.len() && after.iter().zip(rest).all(|(a, b)| a == b))
        .map(|(after, t)| (*t, after.len() + 1))
}

/// FNV-1a over a word's bytes, for [`trigger_at`]'s map.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        if self.0 == 0 {
            self.0 = crate::gazetteer::FNV_OFFSET;
        }
        self.0 = crate::gazetteer::fnv1a64_from(self.0, bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn forms_are_lowercase_words_of_three_bytes_or_more() {
        let lex = lexicon();
        assert!(lex.len() > 300, "{} forms", lex.len());
        for t in lex {
            assert!(
                t.words
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b' ' || b == b'-'),
                "{}",
                t.words
            );
            assert!(t.words.len() >= 3 && !t.kinds.is_empty(), "{}", t.words);
        }
    }

    #[test]
    fn word_bits8_agrees_with_word_byte() {
        for b in 0..=255u8 {
            for k in 0..8 {
                let mut eight = [b'.'; 8];
                eight[k] = b;
                let got = word_bits8(u64::from_le_bytes(eight));
                assert_eq!(got, u64::from(word_byte(b)) << k, "byte {b:#x} at {k}");
            }
        }
    }

    #[test]
    fn trigger_at_takes_the_longest_form_written_at_the_first_word() {
        let naive = |words: &[&str]| {
            lexicon()
                .iter()
                .filter_map(|t| {
                    let n = t.words.split(' ').count();
                    (words.len() >= n && t.words.split(' ').zip(words).all(|(a, b)| a == *b))
                        .then_some((t, n))
                })
                .max_by_key(|(_, n)| *n)
                .map(|(t, n)| (t.words, n))
        };
        let mut phrases: Vec<Vec<&str>> = Vec::new();
        for t in lexicon() {
            let words: Vec<&str> = t.words.split(' ').collect();
            for k in 1..=words.len() {
                phrases.push(words[..k].to_vec());
                phrases.push([&words[..k], &["strike", "the"]].concat());
            }
        }
        phrases.extend([vec![], vec!["air"], vec!["the", "attack"], vec!["Attack"]]);
        for words in &phrases {
            let got = trigger_at(words).map(|(t, n)| (t.words, n));
            let want = naive(words);
            // Equally long forms: either may be taken.
            assert_eq!(got.map(|g| g.1), want.map(|w| w.1), "{words:?}");
        }
    }

    proptest! {
        /// Every word start where a form is written from word boundary to
        /// word boundary is a candidate.
        #[test]
        fn candidates_cover_every_form_written(s in "([a-zA-Z]{1,9}|attack|Bombing|air strike|opened fire|é|[ .,-]){0,40}") {
            let mut got = Vec::new();
            trigger_candidates(&s, &mut got);
            let bytes = s.as_bytes();
            for t in lexicon() {
                let w = t.words.as_bytes();
                for i in 0..bytes.len() {
                    let starts = i == 0 || !word_byte(bytes[i - 1]);
                    let written = bytes.get(i..i + w.len()).is_some_and(|x| x.eq_ignore_ascii_case(w));
                    let ends = bytes.get(i + w.len()).is_none_or(|&b| !word_byte(b));
                    if starts && written && ends {
                        prop_assert!(got.contains(&i), "{} at {i} in {s:?}", t.words);
                    }
                }
            }
        }
    }
}
