//! Word tokens with byte offsets, and the written variants a name lookup
//! tries for each ("U.S." with its dot, "Georgia's" without its "'s",
//! "Kabul-based" without "-based").

use crate::text::char_at;

/// One word: a run of letters and digits, with `.` `'` `’` `-` allowed
/// between two of them ("U.S", "Russia’s", "Winston-Salem").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the word as written (without a trailing dot).
    pub end: usize,
    /// The word starts with an uppercase letter (decided once, while
    /// tokenising).
    pub cap: bool,
    /// No `.` `'` `’` or `-` inside the word: it has no possessive or
    /// hyphenated variant (decided while tokenising).
    pub plain: bool,
}

/// How a variant of a token was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Variant {
    /// With the dot that follows it ("Ga.", "U.S.").
    Dot,
    /// As written.
    Written,
    /// Possessive removed ("Georgia's" → "Georgia").
    Possessive,
    /// First part of a hyphenated word before a lowercase part ("Kabul-based").
    HyphenHead,
}

impl Token {
    /// True when the word starts with an uppercase letter.
    pub fn capitalised(&self) -> bool {
        self.cap
    }

    /// The variants to look up ([`Variants`]).
    pub fn variants(&self, text: &str) -> Variants {
        let bytes = text.as_bytes();
        let word = &bytes[self.start..self.end];
        let mut out = [(0, Variant::Written); 4];
        let mut n = 0;
        if bytes.get(self.end) == Some(&b'.') {
            out[n] = (self.end + 1, Variant::Dot);
            n += 1;
        }
        out[n] = (self.end, Variant::Written);
        n += 1;
        if self.plain {
            return Variants { out, n };
        }
        for suffix in ["'s", "\u{2019}s"] {
            if word.len() > suffix.len() && word.ends_with(suffix.as_bytes()) {
                out[n] = (self.end - suffix.len(), Variant::Possessive);
                n += 1;
                break;
            }
        }
        if let Some(h) = word.iter().position(|&b| b == b'-') {
            let after = match word.get(h + 1) {
                Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
                Some(_) => char_at(text, self.start + h + 1).is_some_and(char::is_lowercase),
                None => false,
            };
            if h > 0 && after {
                out[n] = (self.start + h, Variant::HyphenHead);
                n += 1;
            }
        }
        Variants { out, n }
    }
}

/// The variants of a token, up to four.
pub(crate) struct Variants {
    out: [(usize, Variant); 4],
    n: usize,
}

impl Variants {
    /// The variants, most specific first, as (byte end, kind).
    pub fn as_slice(&self) -> &[(usize, Variant)] {
        &self.out[..self.n]
    }
}

/// Iterator over the tokens of a text.
pub(crate) struct Tokens<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Tokens<'t> {
    pub fn new(text: &'t str) -> Self {
        Tokens { text, pos: 0 }
    }
}

/// True for the characters of the General Punctuation block (U+2000 to
/// U+206F: curly quotes, dashes, spaces), none of them a letter or digit:
/// news is full of them, and they need no Unicode table lookup.
fn general_punctuation(c: char) -> bool {
    ('\u{2000}'..='\u{206f}').contains(&c)
}

/// [`char::is_alphanumeric`], without a table lookup for ASCII and General
/// Punctuation.
fn alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        !general_punctuation(c) && c.is_alphanumeric()
    }
}

/// [`char::is_uppercase`], without a table lookup for ASCII and General
/// Punctuation.
fn upper(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        !general_punctuation(c) && c.is_uppercase()
    }
}

/// The top bit of each of the eight byte lanes of a `u64`.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// The lanes of `x` (eight bytes) that hold 'A'..='Z', as their top bits.
pub(crate) fn upper_lanes(x: u64) -> u64 {
    let y = x & !HIGH;
    // With the top bits cleared no carry crosses a lane; bytes of 0x80 and
    // up are no letter.
    y.wrapping_add(0x3f3f_3f3f_3f3f_3f3f) & !y.wrapping_add(0x2525_2525_2525_2525) & !x & HIGH
}

/// The lanes of `x` (eight bytes) that hold no ASCII letter or digit, as
/// their top bits.
fn non_alnum_lanes(x: u64) -> u64 {
    let y = x & !HIGH;
    // Lanes of '0'..='9', and of 'a'..='z' once 0x20 is set in every lane;
    // bytes of 0x80 and up are neither. No carry crosses a lane.
    let digit = y.wrapping_add(0x5050_5050_5050_5050) & !y.wrapping_add(0x4646_4646_4646_4646);
    let z = y | 0x2020_2020_2020_2020;
    let letter = z.wrapping_add(0x1f1f_1f1f_1f1f_1f1f) & !z.wrapping_add(0x0505_0505_0505_0505);
    (!(digit | letter) & HIGH) | (x & HIGH)
}

/// Byte offset of the first byte at or after `i` that is no ASCII letter or
/// digit (or the length of `bytes`). Eight bytes at a time while eight are
/// left, then byte by byte.
fn ascii_alnum_run(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let other = non_alnum_lanes(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    i
}

/// Byte offset where the run of ASCII letters and digits that ends at byte
/// `j` starts, going back no further than `lo`. Eight bytes at a time while
/// eight are left, then byte by byte.
fn ascii_alnum_run_back(bytes: &[u8], lo: usize, mut j: usize) -> usize {
    while j >= lo + 8 {
        let chunk = &bytes[j - 8..j];
        let other = non_alnum_lanes(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        if other != 0 {
            // The highest such lane is the byte just before the run.
            return j - (other.leading_zeros() / 8) as usize;
        }
        j -= 8;
    }
    while j > lo && bytes[j - 1].is_ascii_alphanumeric() {
        j -= 1;
    }
    j
}

/// True when a letter or digit starts at byte `i`.
fn alnum_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => char_at(text, i).is_some_and(alnum),
        None => false,
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    /// One pass over the bytes: ASCII is classified byte by byte, and only
    /// non-ASCII characters are decoded.
    fn next(&mut self) -> Option<Token> {
        let text = self.text;
        let bytes = text.as_bytes();
        // Skip to the next letter or digit.
        let mut i = self.pos;
        let cap = loop {
            let &b = bytes.get(i)?;
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    break b.is_ascii_uppercase();
                }
                i += 1;
                continue;
            }
            let c = char_at(text, i)?;
            if alnum(c) {
                break upper(c);
            }
            i += c.len_utf8();
        };
        let start = i;
        let mut plain = true;
        // Letters and digits, and `.` `'` `’` `-` when one follows.
        loop {
            // Runs of ASCII letters and digits first: most words are one.
            i = ascii_alnum_run(bytes, i);
            let Some(&b) = bytes.get(i) else { break };
            if b.is_ascii() {
                if !(matches!(b, b'.' | b'\'' | b'-') && alnum_at(text, i + 1)) {
                    break;
                }
                plain = false;
                i += 1;
                continue;
            }
            let Some(c) = char_at(text, i) else { break };
            let n = c.len_utf8();
            if alnum(c) {
                i += n;
            } else if c == '\u{2019}' && alnum_at(text, i + n) {
                plain = false;
                i += n;
            } else {
                break;
            }
        }
        self.pos = i;
        Some(Token {
            start,
            end: i,
            cap,
            plain,
        })
    }
}

/// The tokens the recogniser looks at, in order: every capitalised word,
/// the word before it and the `after` words after it. Runs of other words
/// between them are left out unread, so every token in the list that the
/// recogniser reaches from a capitalised word (its predecessor, its
/// `after` successors) is its true neighbour in the text.
///
/// Between windows the text is scanned eight bytes at a time for the next
/// uppercase ASCII letter or first byte of a non-ASCII character, which is
/// where a capitalised word can start; most of an article's words are never
/// tokenised.
#[cfg(test)]
pub(crate) fn windows(text: &str, after: usize) -> Vec<Token> {
    windows_in(text, 0, text.len(), after)
}

/// [`windows`] of the tokens that start in `text[from..to]` (`from` a char
/// boundary where no token is under way): the recogniser reads a long text
/// a segment at a time, so its token list stays small.
pub(crate) fn windows_in(text: &str, from: usize, to: usize, after: usize) -> Vec<Token> {
    let mut out = Vec::with_capacity((to - from) / 16 + 4);
    let mut toks = Tokens { text, pos: from };
    // Tokens still to take after the last capitalised one.
    let mut need = 0;
    loop {
        if need == 0 {
            let Some(c) = next_capitalised(text, toks.pos).filter(|&c| c < to) else {
                break;
            };
            if let Some(p) = token_before(text, toks.pos, c) {
                out.push(p);
            }
            toks.pos = c;
        }
        let Some(t) = toks.next().filter(|t| t.start < to) else {
            break;
        };
        need = if t.cap { after } else { need - 1 };
        out.push(t);
    }
    out
}

/// The token after `t`, if any.
pub(crate) fn token_after(text: &str, t: &Token) -> Option<Token> {
    Tokens { text, pos: t.end }.next()
}

/// True when `c` is `.` `'` `’` or `-`: it joins two letters or digits into
/// one token.
fn joins(c: char) -> bool {
    matches!(c, '.' | '\'' | '\u{2019}' | '-')
}

/// The character that ends just before byte `i` (a char boundary), if any.
/// An ASCII byte is its own character: only other bytes are decoded.
fn char_before(text: &str, i: usize) -> Option<char> {
    match i.checked_sub(1).and_then(|k| text.as_bytes().get(k)) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        _ => text.get(..i)?.chars().next_back(),
    }
}

/// True when a token starts at byte `i`, where a letter or digit is: the
/// character before it is no letter or digit, nor a joiner after one.
fn starts_token(text: &str, i: usize) -> bool {
    match char_before(text, i) {
        None => true,
        Some(c) if alnum(c) => false,
        Some(c) if joins(c) => !char_before(text, i - c.len_utf8()).is_some_and(alnum),
        Some(_) => true,
    }
}

/// Byte offset of the first capitalised token starting at or after `from`
/// (a token boundary).
fn next_capitalised(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    loop {
        // Lanes holding 'A'..='Z' or the first byte of a non-ASCII
        // character, eight at a time.
        let mut mask = match bytes.get(i..i + 8) {
            Some(chunk) => {
                let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
                // Bytes from 0xc0 lead a character; continuation bytes
                // (0x80..0xc0, bit 6 clear) start none.
                upper_lanes(x) | (x & (x << 1) & HIGH)
            }
            None if i < bytes.len() => bytes[i..]
                .iter()
                .enumerate()
                .filter(|(_, &b)| b.is_ascii_uppercase() || b >= 0xc0)
                .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k)),
            None => return None,
        };
        while mask != 0 {
            let p = i + (mask.trailing_zeros() / 8) as usize;
            mask &= mask - 1;
            // Continuation bytes (0x80..0xc0) start no character.
            let cap = match bytes[p] {
                0..0x80 => true,
                0x80..0xc0 => false,
                _ => char_at(text, p).is_some_and(upper),
            };
            if cap && starts_token(text, p) {
                return Some(p);
            }
        }
        i += 8;
    }
}

/// The token that ends last before byte `c`, if it starts at or after `lo`
/// (a token boundary).
fn token_before(text: &str, lo: usize, c: usize) -> Option<Token> {
    let mut j = c;
    // Back over the gap to the last letter or digit.
    while j > lo {
        let ch = char_before(text, j)?;
        if alnum(ch) {
            break;
        }
        j -= ch.len_utf8();
    }
    if j <= lo {
        return None;
    }
    let end = j;
    let mut plain = true;
    // Back over letters and digits (runs of ASCII ones first), and joiners
    // between two of them.
    loop {
        j = ascii_alnum_run_back(text.as_bytes(), lo, j);
        if j <= lo {
            break;
        }
        let Some(ch) = char_before(text, j) else {
            break;
        };
        let n = ch.len_utf8();
        if alnum(ch) {
            j -= n;
        } else if joins(ch) && j - n > lo && char_before(text, j - n).is_some_and(alnum) {
            plain = false;
            j -= n;
        } else {
            break;
        }
    }
    Some(Token {
        start: j,
        end,
        cap: char_at(text, j).is_some_and(upper),
        plain,
    })
}

/// True when the word at `start` opens a sentence, a line or the text.
pub(crate) fn sentence_initial(text: &str, start: usize) -> bool {
    let mut i = start;
    while let Some(c) = char_before(text, i) {
        match c {
            '\n' | '.' | '!' | '?' | ':' | ';' | '•' => return true,
            '"' | '\u{201c}' | '\u{2018}' | '\'' | '(' | '[' | '\u{2014}' | '-' => {}
            c if c.is_whitespace() => {}
            _ => return false,
        }
        i -= c.len_utf8();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        Tokens::new(text).map(|t| &text[t.start..t.end]).collect()
    }

    #[test]
    fn tokens_keep_inner_punctuation_only() {
        assert_eq!(words("The U.S. left."), ["The", "U.S", "left"]);
        assert_eq!(
            words("Russia’s envoy, Kabul-based"),
            ["Russia’s", "envoy", "Kabul-based"]
        );
        assert_eq!(words("«São Paulo»—W.Va."), ["São", "Paulo", "W.Va"]);
        assert_eq!(words(""), Vec::<&str>::new());
        let plain: Vec<bool> = Tokens::new("U.S. Kabul-based Russia’s Paris. é")
            .map(|t| t.plain)
            .collect();
        assert_eq!(plain, [false, false, false, true, true]);
        assert_eq!(words("-- ... '"), Vec::<&str>::new());
    }

    #[test]
    fn upper_lanes_mark_ascii_capitals_only() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                // The byte in one lane, neighbours that could carry into it.
                let x = u64::from_le_bytes([0xff, b'Z', b, 0x7f, b'A', 0x80, b'@', b'[']);
                let x = x.rotate_left(8 * lane);
                let want: u64 = x
                    .to_le_bytes()
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.is_ascii_uppercase())
                    .fold(0, |m, (k, _)| m | 0x80 << (8 * k));
                assert_eq!(upper_lanes(x), want, "{x:#018x}");
            }
        }
    }

    #[test]
    fn shortcut_classes_agree_with_unicode() {
        for c in ('\0'..='\u{3000}').chain(['\u{1d400}', '\u{ff21}', '\u{10ffff}']) {
            assert_eq!(alnum(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(upper(c), c.is_uppercase(), "{c:?}");
        }
    }

    #[test]
    fn variants_in_order() {
        let text = "Georgia's U.S. Kabul-based";
        let toks: Vec<Token> = Tokens::new(text).collect();
        let v0: Vec<&str> = toks[0]
            .variants(text)
            .as_slice()
            .iter()
            .map(|&(e, _)| &text[toks[0].start..e])
            .collect();
        assert_eq!(v0, ["Georgia's", "Georgia"]);
        let v1: Vec<&str> = toks[1]
            .variants(text)
            .as_slice()
            .iter()
            .map(|&(e, _)| &text[toks[1].start..e])
            .collect();
        assert_eq!(v1, ["U.S.", "U.S"]);
        let v2: Vec<&str> = toks[2]
            .variants(text)
            .as_slice()
            .iter()
            .map(|&(e, _)| &text[toks[2].start..e])
            .collect();
        assert_eq!(v2, ["Kabul-based", "Kabul"]);
    }

    /// Every capitalised token, its predecessor and its `after` successors
    /// appear in `windows` as they do in the full token list, as neighbours.
    fn check_windows(text: &str) {
        let after = 3;
        let all: Vec<Token> = Tokens::new(text).collect();
        let win = windows(text, after);
        let pos = |t: &Token| win.iter().position(|w| w == t);
        let mut last = None;
        for w in &win {
            let k = all.iter().position(|t| t == w).expect("a true token");
            assert!(last.is_none_or(|l| k > l), "{text:?}: order");
            last = Some(k);
        }
        for (f, t) in all.iter().enumerate().filter(|(_, t)| t.cap) {
            let at = pos(t).unwrap_or_else(|| panic!("{text:?}: {t:?} missing"));
            if f > 0 {
                assert!(
                    at > 0 && win[at - 1] == all[f - 1],
                    "{text:?}: before {t:?}"
                );
            } else {
                assert_eq!(at, 0, "{text:?}");
            }
            for k in 1..=after {
                assert_eq!(win.get(at + k), all.get(f + k), "{text:?}: after {t:?}");
            }
        }
    }

    #[test]
    fn windows_keep_the_neighbours_of_capitalised_words() {
        for text in [
            "",
            "no capitals here at all, none",
            "The U.S. left. in the end McDonald's and iPhone sales of Über-rich Ölberg",
            "a.B a-.B a'’B x-Y élan Élan «São Paulo»—W.Va. ’Tis",
            "one two three four five six seven eight nine Ten eleven twelve thirteen fourteen fifteen sixteen Seventeen",
            "ÄÖÜ äöü Straße STRASSE 1999 A1 9B",
        ] {
            check_windows(text);
        }
    }

    proptest::proptest! {
        #[test]
        fn alnum_runs_end_where_bytes_say(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40), from in 0usize..40) {
            let from = from.min(bytes.len());
            let want = from + bytes[from..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            proptest::prop_assert_eq!(ascii_alnum_run(&bytes, from), want);
        }

        #[test]
        fn alnum_runs_start_where_bytes_say(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40), lo in 0usize..40, to in 0usize..40) {
            let to = to.min(bytes.len());
            let lo = lo.min(to);
            let want = to - bytes[lo..to].iter().rev().take_while(|b| b.is_ascii_alphanumeric()).count();
            proptest::prop_assert_eq!(ascii_alnum_run_back(&bytes, lo, to), want);
        }

        #[test]
        fn windows_agree_with_tokens(text in "([a-zA-Z]{1,6}|[ .,'’\\-]|É|é|ß|1){0,60}") {
            check_windows(&text);
        }
    }

    #[test]
    fn sentence_starts() {
        let t = "Paris fell. “Nice is calm,” he said in Nice.\nLyon";
        let at = |w: &str| sentence_initial(t, t.find(w).unwrap());
        assert!(at("Paris"));
        assert!(at("Nice is"));
        assert!(!at("Nice."));
        assert!(at("Lyon"));
    }
}
