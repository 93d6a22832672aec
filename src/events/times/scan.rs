//! The time finder's scanner and tokeniser.
//!
//! [`anchors`] runs once over the whole article, byte by byte, and notes
//! the numbers and the words that every calendar expression has one of
//! ([`super::lexicon::ANCHOR`]: "year", "Friday", "ago", "quarter"…).
//! [`Tokens::fill`] then splits only the text around them into tokens: runs
//! of letters, runs of digits (with an ordinal suffix, "26th", or a
//! decade's "s", "1990s") and single punctuation characters, each with its
//! byte offsets and what the lexicon knows of it; white space is dropped.
//! Most of an article has no anchor near it and is never tokenised.
//!
//! It does not decide anything: [`super::find`] reads the tokens.

use super::lexicon::{ANCHOR, CAPITAL_ONLY, GATES, MONTHS, START, TIME_WORDS, WEEKDAYS};
use crate::text::char_at;
use std::sync::OnceLock;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    /// Letters only; lowercased, the word is `lower[from..to]` of the
    /// [`Tokens`] buffer.
    Word { from: u32, to: u32 },
    /// ASCII digits, perhaps with a suffix.
    Num {
        /// The value, `u32::MAX` when it has more than nine digits.
        value: u32,
        digits: u8,
        suffix: Suffix,
    },
    /// Any single character that is neither white space nor alphanumeric.
    Punct(char),
    /// A mixed run such as "COVID19" or "3D".
    Other,
}

/// What follows the digits of a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Suffix {
    None,
    /// "26th", "1st".
    Ordinal,
    /// "1990s".
    Plural,
}

/// What the lexicon knows of a word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Lex {
    /// [`START`], [`ANCHOR`], [`CAPITAL_ONLY`].
    pub(super) flags: u8,
    /// One more than the word's index in [`MONTHS`], or 0.
    pub(super) month: u8,
    /// One more than the word's index in [`WEEKDAYS`], or 0.
    pub(super) weekday: u8,
    /// One more than the anchor's index in [`GATES`], or 0.
    pub(super) gate: u8,
}

/// One token of the text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub(super) kind: Kind,
    /// Byte offsets in the text.
    pub(super) start: usize,
    pub(super) end: usize,
    /// Starts with an uppercase letter.
    pub(super) capital: bool,
    /// For a word the lexicon knows.
    pub(super) lex: Lex,
}

impl Tok {
    /// An anchor word (with its capital when it needs one), or a number of
    /// four digits or a decade's ("1998", "1990s", "'90s"). Clock times
    /// are anchors too, which [`super::find::Cx`] tells from the tokens
    /// after.
    pub(super) fn anchor(&self) -> bool {
        match self.kind {
            Kind::Num { digits, suffix, .. } => digits == 4 || suffix == Suffix::Plural,
            Kind::Word { .. } => {
                self.lex.flags & ANCHOR != 0 && (self.lex.flags & CAPITAL_ONLY == 0 || self.capital)
            }
            _ => false,
        }
    }
}

/// The tokens of part of a text and the lowercase forms of its words;
/// kept from call to call for their allocations.
#[derive(Default)]
pub(super) struct Tokens {
    pub(super) toks: Vec<Tok>,
    /// The part with ASCII letters lowercased (at its own offsets less
    /// `base`), followed by the full lowercase forms of words with other
    /// letters.
    pub(super) lower: String,
    /// Byte offset in the text of the part.
    base: usize,
    /// For each token, how many tokens on the next anchor is (0: it is
    /// one), at most 255: see [`Tokens::anchor_at`].
    pub(super) to_anchor: Vec<u8>,
}

impl Tokens {
    /// The lowercase word of token `i`, if it is a word.
    #[inline]
    pub(super) fn word(&self, i: usize) -> Option<&str> {
        match self.toks.get(i)?.kind {
            Kind::Word { from, to } => Some(&self.lower[from as usize..to as usize]),
            _ => None,
        }
    }

    /// Splits `text[from..to]` (char boundaries) into tokens, with offsets
    /// in `text`, replacing what was there.
    pub(super) fn fill(&mut self, text: &str, from: usize, to: usize) {
        let Tokens {
            toks,
            lower,
            base,
            to_anchor,
        } = self;
        *base = from;
        let part = &text[..to];
        let bytes = part.as_bytes();
        lower.clear();
        lower.push_str(&text[from..to]);
        lower.make_ascii_lowercase();
        toks.clear();
        toks.reserve((to - from) / 4 + 1);
        let mut i = from;
        while i < bytes.len() {
            let start = i;
            let b = bytes[i];
            if matches!(b, b'\t'..=b'\r' | b' ') {
                i += 1;
                continue;
            }
            if b.is_ascii() && !b.is_ascii_alphanumeric() {
                i += 1;
                toks.push(Tok::other(Kind::Punct(char::from(b)), start, i));
                continue;
            }
            // A run of ASCII letters or digits that ends at an ASCII byte
            // which is neither goes the short way.
            let ends_run = |i: usize| {
                bytes
                    .get(i)
                    .is_none_or(|&b| b.is_ascii() && !b.is_ascii_alphanumeric())
            };
            if b.is_ascii_alphabetic() {
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                if ends_run(i) {
                    let (f, t) = (start - *base, i - *base);
                    toks.push(Tok {
                        kind: Kind::Word {
                            from: f as u32,
                            to: t as u32,
                        },
                        start,
                        end: i,
                        capital: b.is_ascii_uppercase(),
                        lex: lookup(&lower.as_bytes()[f..t]),
                    });
                    continue;
                }
            } else if b.is_ascii_digit() {
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                if ends_run(i) {
                    let kind = classify(text, start, i, lower, *base);
                    toks.push(Tok::other(kind, start, i));
                    continue;
                }
            }
            // Other characters, char by char.
            let c = char_at(part, start).expect("a char starts here");
            i = start + c.len_utf8();
            if c.is_whitespace() {
                continue;
            }
            if !c.is_alphanumeric() {
                toks.push(Tok::other(Kind::Punct(c), start, i));
                continue;
            }
            while i < bytes.len() {
                if bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                    continue;
                }
                match char_at(part, i) {
                    Some(d) if d.is_alphanumeric() => i += d.len_utf8(),
                    _ => break,
                }
            }
            let kind = classify(text, start, i, lower, *base);
            let mut tok = Tok::other(kind, start, i);
            tok.capital = c.is_uppercase();
            if let Kind::Word { from, to } = kind {
                tok.lex = lookup(&lower.as_bytes()[from as usize..to as usize]);
            }
            toks.push(tok);
        }
        to_anchor.clear();
        to_anchor.resize(toks.len(), u8::MAX);
        let mut next = u8::MAX;
        for k in (0..toks.len()).rev() {
            next = if anchor_at(toks, lower, k) {
                0
            } else {
                next.saturating_add(1)
            };
            to_anchor[k] = next;
        }
    }
}

/// Token `k` anchors an expression: an anchor token ([`Tok::anchor`]), or
/// the hour of a clock time ("10:35 a.m.", "9 pm").
fn anchor_at(toks: &[Tok], lower: &str, k: usize) -> bool {
    let t = &toks[k];
    if t.anchor() {
        return true;
    }
    let Kind::Num { digits: 1..=2, .. } = t.kind else {
        return false;
    };
    let word = |j: usize| match toks.get(j)?.kind {
        Kind::Word { from, to } => Some(&lower[from as usize..to as usize]),
        _ => None,
    };
    let punct = |j: usize| match toks.get(j).map(|t| t.kind) {
        Some(Kind::Punct(c)) => Some(c),
        _ => None,
    };
    let j = if punct(k + 1) == Some(':') {
        k + 3
    } else {
        k + 1
    };
    match word(j) {
        Some("am" | "pm") => true,
        Some("a" | "p") => punct(j + 1) == Some('.') && word(j + 2) == Some("m"),
        _ => false,
    }
}

impl Tok {
    fn other(kind: Kind, start: usize, end: usize) -> Tok {
        Tok {
            kind,
            start,
            end,
            capital: false,
            lex: Lex::default(),
        }
    }
}

/// The byte ranges of the anchors of `text`, in order, into `out`
/// (cleared first): runs of ASCII digits that [`number_anchor`] keeps, and
/// ASCII words whose lowercase form is an [`ANCHOR`] of the lexicon (with a
/// capital when it needs one, and next to a word of [`GATES`] when it is a
/// common word).
///
/// One pass over the bytes, 64 at a time: a bit mask of the word bytes
/// (ASCII letters, and any byte of a non-ASCII character, so that "Über"
/// is one run and never an anchor) and one of the digits, eight bytes at a
/// time; then a few instructions per run of word bytes, and a table
/// look-up only for the runs shaped like an anchor.
///
/// Without a publication date (`dated` false) only the anchors of
/// expressions that can be resolved without one: numbers (every such
/// expression has a year, "Aug. 7, 1998", "the 1970s", or is a clock time
/// after a day that has one), the word "year" ("the year 2000", "the
/// following year"), "nineteen" ("nineteen ninety-six") and decades
/// written out ("the nineties"), found by a vectorised substring search
/// instead of a look at every word.
pub(super) fn anchors_of(text: &str, dated: bool, out: &mut Vec<(usize, usize)>) {
    if !dated {
        return undated_anchors(text, out);
    }
    let table = table();
    let bytes = text.as_bytes();
    out.clear();
    // A run still open at the end of the previous block: where it began.
    let (mut open_word, mut open_digits) = (None, None);
    let mut base = 0;
    while base < bytes.len() {
        let block = &bytes[base..(base + 64).min(bytes.len())];
        let (words, digits) = match <&[u8; 64]>::try_from(block) {
            Ok(full) => masks64(full),
            Err(_) => masks(block),
        };
        let next = bytes.get(base + 64).copied();
        let next_word = next.is_some_and(|b| b.is_ascii_alphabetic() || b >= 0x80);
        let next_digit = next.is_some_and(|b| b.is_ascii_digit());
        runs(base, words, next_word, &mut open_word, |start, end| {
            // Non-ASCII bytes count as letters ("é"), but a dash or a curly
            // quote (General Punctuation, E2 80 xx and E2 81 xx) ends a
            // word: "February–March".
            if bytes[start..end].is_ascii() {
                return anchor_word(table, bytes, start, end, out);
            }
            let mut from = start;
            while let Some(k) = bytes[from..end]
                .windows(2)
                .position(|p| p[0] == 0xE2 && matches!(p[1], 0x80 | 0x81))
            {
                anchor_word(table, bytes, from, from + k, out);
                from = (from + k + 3).min(end);
            }
            anchor_word(table, bytes, from, end, out);
        });
        runs(base, digits, next_digit, &mut open_digits, |start, end| {
            if number_anchor(bytes, start, end) {
                out.push((start, end));
            }
        });
        base += 64;
    }
    // Word and digit runs were found block by block, each kind in order.
    out.sort_unstable();
}

/// Adds the word at `start..end` of `bytes` to `out` when it anchors an
/// expression ([`anchors_of`]).
#[inline]
fn anchor_word(
    table: &Table,
    bytes: &[u8],
    start: usize,
    end: usize,
    out: &mut Vec<(usize, usize)>,
) {
    let w = &bytes[start..end];
    if (3..=12).contains(&w.len()) && table.anchor_shape(w) {
        let lex = table.get(w);
        if lex.flags & ANCHOR != 0
            && (lex.flags & CAPITAL_ONLY == 0 || w[0].is_ascii_uppercase())
            && (lex.gate == 0 || gate_open(bytes, start, end, lex.gate))
        {
            out.push((start, end));
        }
    }
}

/// True when the common word at `start..end` (an anchor of [`GATES`],
/// `gate` one more than its index) stands next to a word that lets it
/// anchor an expression.
fn gate_open(bytes: &[u8], start: usize, end: usize, gate: u8) -> bool {
    #[cfg(test)]
    if UNGATED.get() {
        return true;
    }
    let (name, before, after) = GATES[usize::from(gate - 1)];
    if name == "year" && matches!(bytes.get(end), Some(b'-' | b'\'' | 0xE2)) {
        return true;
    }
    // The word before: back over spaces, hyphens and apostrophes.
    let mut i = start;
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r' | b'-' | b'\'') {
        i -= 1;
    }
    let prev_end = i;
    while i > 0 && bytes[i - 1].is_ascii_alphabetic() {
        i -= 1;
    }
    let prev = &bytes[i..prev_end];
    if before
        .iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(prev))
    {
        return true;
    }
    // "New Year’s Day": a curly apostrophe before the "s".
    if prev.is_empty()
        && name == "day"
        && start >= 3
        && bytes[..start].ends_with("\u{2019}s ".as_bytes())
    {
        return true;
    }
    let mut j = end;
    while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r') {
        j += 1;
    }
    let next_start = j;
    while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
        j += 1;
    }
    let next = &bytes[next_start..j];
    after
        .iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(next))
}

#[cfg(test)]
thread_local! {
    /// Lets every gated anchor through, for the test that the gates lose
    /// no expression.
    pub(super) static UNGATED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// [`anchors_of`] without a publication date.
fn undated_anchors(text: &str, out: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    out.clear();
    let mut open = None;
    let mut base = 0;
    while base < bytes.len() {
        let block = &bytes[base..(base + 64).min(bytes.len())];
        let digits = match <&[u8; 64]>::try_from(block) {
            Ok(full) => digits64(full),
            Err(_) => {
                let mut full = [b' '; 64];
                full[..block.len()].copy_from_slice(block);
                digits64(&full)
            }
        };
        if digits != 0 || open.is_some() {
            let goes_on = bytes.get(base + 64).is_some_and(u8::is_ascii_digit);
            runs(base, digits, goes_on, &mut open, |start, end| {
                if number_anchor(bytes, start, end) {
                    out.push((start, end));
                }
            });
        }
        base += 64;
    }
    let word = |start: usize, len: usize| {
        let before = start.checked_sub(1).map(|k| bytes[k]);
        let after = bytes.get(start + len).copied();
        let letter = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b >= 0x80);
        !letter(before) && !letter(after)
    };
    // "ear" of "year" and "Year", "ineteen" of "nineteen" and "Nineteen",
    // "ties" of the decades written out ("the nineties").
    static FINDERS: OnceLock<[memchr::memmem::Finder<'static>; 3]> = OnceLock::new();
    let [ear, ineteen, ties] =
        FINDERS.get_or_init(|| ["ear", "ineteen", "ties"].map(memchr::memmem::Finder::new));
    let year_gate = table().get(b"year").gate;
    for at in ear.find_iter(bytes) {
        if at > 0
            && matches!(bytes[at - 1], b'y' | b'Y')
            && word(at - 1, 4)
            && gate_open(bytes, at - 1, at + 3, year_gate)
        {
            out.push((at - 1, at + 3));
        }
    }
    for at in ineteen.find_iter(bytes) {
        if at > 0 && matches!(bytes[at - 1], b'n' | b'N') && word(at - 1, 8) {
            out.push((at - 1, at + 7));
        }
    }
    for at in ties.find_iter(bytes) {
        let mut start = at;
        while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
            start -= 1;
        }
        let w = &bytes[start..at + 4];
        if word(start, w.len())
            && super::lexicon::DECADE_WORDS
                .iter()
                .any(|d| d.0.as_bytes().eq_ignore_ascii_case(w))
        {
            out.push((start, at + 4));
        }
    }
    out.sort_unstable();
}

/// The digit mask of a block (as [`masks64`] gives it, alone).
#[inline]
fn digits64(block: &[u8; 64]) -> u64 {
    let mut digits = 0u64;
    for (k, chunk) in block.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        digits |= masks8(x).1 << (8 * k);
    }
    digits
}

/// Calls `f` with the byte range of each run of set bits of `mask` (the
/// block at `base`) that ends in this block: a run that reaches the block's
/// end goes on when `goes_on` (the next byte is of its kind), its start
/// kept in `open`.
#[inline]
fn runs(
    base: usize,
    mask: u64,
    goes_on: bool,
    open: &mut Option<usize>,
    mut f: impl FnMut(usize, usize),
) {
    let mut starts = mask & !(mask << 1);
    let mut ends = mask & !(mask >> 1);
    while starts != 0 {
        let s = starts.trailing_zeros() as usize;
        let e = ends.trailing_zeros() as usize;
        starts &= starts - 1;
        ends &= ends - 1;
        let start = match open.take() {
            Some(start) if s == 0 => start,
            _ => base + s,
        };
        if e == 63 && goes_on {
            *open = Some(start);
        } else {
            f(start, base + e + 1);
        }
    }
}

/// Masks of the word bytes and the digits of a full block, eight bytes at
/// a time.
#[inline]
fn masks64(block: &[u8; 64]) -> (u64, u64) {
    let (mut words, mut digits) = (0u64, 0u64);
    for (k, chunk) in block.chunks_exact(8).enumerate() {
        let (w, d) = masks8(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        words |= w << (8 * k);
        digits |= d << (8 * k);
    }
    (words, digits)
}

/// [`masks64`] of a shorter block.
fn masks(block: &[u8]) -> (u64, u64) {
    let mut full = [b' '; 64];
    full[..block.len()].copy_from_slice(block);
    masks64(&full)
}

/// The word-byte and digit masks of eight bytes (little-endian in `x`),
/// one bit a byte: SWAR range tests on the low seven bits of each byte,
/// then the high bits gathered by a multiplication.
#[inline]
fn masks8(x: u64) -> (u64, u64) {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let ascii = !x & HIGH;
    let t = x & LOW7;
    // In [lo, hi]: t + (0x80 - lo) has its high bit set when t >= lo, and
    // (0x80 + hi) - t when t <= hi; neither carries across bytes.
    let within = |t: u64, lo: u8, hi: u8| {
        (t + ONES * u64::from(0x80 - lo)) & ((ONES * u64::from(0x80 + hi)) - t) & HIGH
    };
    let letters = within(t | (ONES * 0x20), b'a', b'z') & ascii;
    let digits = within(t, b'0', b'9') & ascii;
    let gather = |m: u64| ((m >> 7) * 0x0102_0408_1020_4080) >> 56;
    (gather(letters | (x & HIGH)), gather(digits))
}

/// True when the digits `bytes[start..end]` can anchor an expression on
/// their own: four digits (a year, "1998", "1998-03-05", "1990s"), a
/// decade ("'90s"), or a clock time ("10:35 a.m.", "9 pm"). Other numbers
/// ("26 August", "two days", "$1.5 million") are inside expressions only
/// next to an anchor word, or not at all.
fn number_anchor(bytes: &[u8], start: usize, end: usize) -> bool {
    if end - start == 4 {
        return true;
    }
    if end - start > 2 {
        return false;
    }
    let at = |k: usize| bytes.get(k).map_or(0, u8::to_ascii_lowercase);
    if at(end) == b's' && !at(end + 1).is_ascii_alphanumeric() {
        return true;
    }
    let mut k = end;
    if at(k) == b':' && at(k + 1).is_ascii_digit() && at(k + 2).is_ascii_digit() {
        k += 3;
    }
    while at(k) == b' ' {
        k += 1;
    }
    matches!(at(k), b'a' | b'p') && (at(k + 1) == b'm' || (at(k + 1) == b'.' && at(k + 2) == b'm'))
}

/// The lexicon as a hash table from word to [`Lex`], keyed by the word's
/// first eight bytes (ASCII-lowercased) and length, with a bitmap of the
/// anchors' shapes that rules out most other words before any hashing.
struct Table {
    /// Open addressing: (key, length, word, lex); length 0 is an empty
    /// slot.
    slots: Vec<(u64, usize, &'static [u8], Lex)>,
    /// Shapes ([`shape`]) of all the words, and of the anchors.
    shapes: Vec<u64>,
    anchor_shapes: Vec<u64>,
}

/// A number from a word's length (up to 15) and its first and last bytes
/// lowercased (5 bits each): equal words (in any case) have equal shapes.
fn shape(w: &[u8]) -> usize {
    let (first, last) = (w.first().unwrap_or(&0), w.last().unwrap_or(&0));
    w.len().min(15) << 10 | usize::from(first & 31) << 5 | usize::from(last & 31)
}

/// Hash table slots: a power of two, well above the lexicon's size.
const SLOTS: usize = 1024;

/// The first eight bytes of `w` with ASCII letters lowercased (and the
/// 0x20 bit set in every byte), little-endian.
#[inline]
fn key(w: &[u8]) -> u64 {
    let k = match w.get(..8) {
        Some(head) => u64::from_le_bytes(head.try_into().expect("8 bytes")),
        None => w.iter().rev().fold(0u64, |k, &b| k << 8 | u64::from(b)),
    };
    k | 0x2020_2020_2020_2020
}

#[inline]
fn slot(key: u64, len: usize) -> usize {
    ((key ^ (len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xFF51_AFD7_ED55_8CCD)
        >> 54) as usize
        % SLOTS
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut entries: Vec<(&'static str, Lex)> = Vec::new();
        for (k, &(name, _, _)) in MONTHS.iter().enumerate() {
            let capital = super::lexicon::CAPITALISED_MONTHS.contains(&name);
            entries.push((
                name,
                Lex {
                    flags: START | ANCHOR | if capital { CAPITAL_ONLY } else { 0 },
                    month: k as u8 + 1,
                    ..Lex::default()
                },
            ));
        }
        for (k, &(name, _)) in WEEKDAYS.iter().enumerate() {
            entries.push((
                name,
                Lex {
                    flags: START | ANCHOR,
                    weekday: k as u8 + 1,
                    ..Lex::default()
                },
            ));
        }
        for &(name, flags) in TIME_WORDS {
            let gate = GATES
                .iter()
                .position(|g| g.0 == name)
                .map_or(0, |k| k as u8 + 1);
            entries.push((
                name,
                Lex {
                    flags,
                    gate,
                    ..Lex::default()
                },
            ));
        }
        let mut t = Table {
            slots: vec![(0, 0, &[][..], Lex::default()); SLOTS],
            shapes: vec![0; (16 << 10) / 64],
            anchor_shapes: vec![0; (16 << 10) / 64],
        };
        for (name, lex) in entries {
            let w = name.as_bytes();
            let s = shape(w);
            t.shapes[s / 64] |= 1 << (s % 64);
            if lex.flags & ANCHOR != 0 {
                t.anchor_shapes[s / 64] |= 1 << (s % 64);
            }
            let k = key(w);
            let mut h = slot(k, w.len());
            while t.slots[h].1 != 0 {
                assert_ne!(t.slots[h].2, w, "{name} listed twice");
                h = (h + 1) % SLOTS;
            }
            t.slots[h] = (k, w.len(), w, lex);
        }
        t
    })
}

impl Table {
    #[inline]
    fn anchor_shape(&self, w: &[u8]) -> bool {
        let s = shape(w);
        self.anchor_shapes[s / 64] >> (s % 64) & 1 == 1
    }

    /// What the lexicon knows of the word `w` (any ASCII case).
    #[inline]
    fn get(&self, w: &[u8]) -> Lex {
        let s = shape(w);
        if w.len() > 12 || self.shapes[s / 64] >> (s % 64) & 1 == 0 {
            return Lex::default();
        }
        let k = key(w);
        let mut h = slot(k, w.len());
        loop {
            let (key, len, word, lex) = self.slots[h];
            if len == 0 {
                return Lex::default();
            }
            if key == k && len == w.len() && (len <= 8 || word.eq_ignore_ascii_case(w)) {
                // Eight bytes or fewer: equal keys, equal words, unless
                // `w` has bytes that set the 0x20 bit to look like letters
                // ("@" for "`"): compare those.
                if len > 8 || word.eq_ignore_ascii_case(w) {
                    return lex;
                }
            }
            h = (h + 1) % SLOTS;
        }
    }
}

/// What the lexicon knows of the lowercase word `w`.
#[inline]
fn lookup(w: &[u8]) -> Lex {
    table().get(w)
}

/// The kind of the run of letters and digits `text[start..end]`; words with
/// letters beyond ASCII get their full lowercase form appended to `lower`.
fn classify(text: &str, start: usize, end: usize, lower: &mut String, base: usize) -> Kind {
    let run = &text[start..end];
    let digits = run.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        if run.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Kind::Word {
                from: (start - base) as u32,
                to: (end - base) as u32,
            };
        }
        if run.is_ascii() || !run.chars().all(char::is_alphabetic) {
            return Kind::Other;
        }
        let from = lower.len() as u32;
        lower.push_str(&run.to_lowercase());
        return Kind::Word {
            from,
            to: lower.len() as u32,
        };
    }
    // The digits are ASCII, so `digits` is a char boundary.
    let rest = &run[digits..];
    let suffix = if rest.is_empty() {
        Suffix::None
    } else if ["st", "nd", "rd", "th"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(rest))
    {
        Suffix::Ordinal
    } else if rest == "s" {
        Suffix::Plural
    } else {
        return Kind::Other;
    };
    let value = if digits > 9 {
        u32::MAX
    } else {
        run[..digits].parse().unwrap_or(u32::MAX)
    };
    Kind::Num {
        value,
        digits: digits.min(255) as u8,
        suffix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_of_a_mixed_text() {
        let text = "Aug. 7, the 1990s' 26th — Über 3D 1,500";
        let mut t = Tokens::default();
        t.fill(text, 0, text.len());
        let shown: Vec<String> = t
            .toks
            .iter()
            .enumerate()
            .map(|(i, k)| match k.kind {
                Kind::Word { .. } => t.word(i).unwrap().to_string(),
                Kind::Num { value, suffix, .. } => format!("{value}{suffix:?}"),
                Kind::Punct(c) => c.to_string(),
                Kind::Other => "?".into(),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "aug",
                ".",
                "7None",
                ",",
                "the",
                "1990Plural",
                "'",
                "26Ordinal",
                "—",
                "über",
                "?",
                "1None",
                ",",
                "500None"
            ]
        );
        for k in &t.toks {
            assert!(text.is_char_boundary(k.start) && text.is_char_boundary(k.end));
        }
        assert_eq!(t.toks[0].lex.month, 15);
        // A part of the text: offsets stay the text's.
        t.fill(text, 8, 18);
        assert_eq!(t.word(0), Some("the"));
        assert_eq!(t.toks[0].start, 8);
    }

    #[test]
    fn masks_agree_with_byte_tests() {
        let text: Vec<u8> = (0..=255u8)
            .chain(b"Aug 7, 1998 @[`{/:".iter().copied())
            .collect();
        for block in text.chunks(64) {
            let (w, d) = masks(block);
            for (k, &b) in block.iter().enumerate() {
                assert_eq!(w >> k & 1 == 1, b.is_ascii_alphabetic() || b >= 0x80, "{b}");
                assert_eq!(d >> k & 1 == 1, b.is_ascii_digit(), "{b}");
            }
        }
    }

    #[test]
    fn anchors_are_numbers_and_anchor_words() {
        let text = "It may rain in May, Über-year; last year 1990s and Friday's quarter, \
            $1.5 million at 10:30 a.m. and 9pm in the '90s or 26 Aug.";
        let mut out = Vec::new();
        anchors_of(text, true, &mut out);
        let got: Vec<&str> = out.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            got,
            ["May", "year", "1990", "Friday", "quarter", "10", "30", "9", "90", "Aug"]
        );
    }
}
