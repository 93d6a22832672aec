//! Word tokens with byte offsets, and the written variants a name lookup
//! tries for each ("U.S." with its dot, "Georgia's" without its "'s",
//! "Kabul-based" without "-based").

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

    /// The variants to look up, most specific first, as (byte end, kind).
    pub fn variants(&self, text: &str) -> impl Iterator<Item = (usize, Variant)> {
        let word = &text[self.start..self.end];
        let mut out: [Option<(usize, Variant)>; 4] = [None; 4];
        if text[self.end..].starts_with('.') {
            out[0] = Some((self.end + 1, Variant::Dot));
        }
        out[1] = Some((self.end, Variant::Written));
        for suffix in ["'s", "\u{2019}s"] {
            if word.len() > suffix.len() && word.ends_with(suffix) {
                out[2] = Some((self.end - suffix.len(), Variant::Possessive));
            }
        }
        if let Some(h) = word.find('-') {
            let after = word[h + 1..].chars().next();
            if h > 0 && after.is_some_and(char::is_lowercase) {
                out[3] = Some((self.start + h, Variant::HyphenHead));
            }
        }
        out.into_iter().flatten()
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

/// The character starting at byte `i` of `text` (a char boundary), if any.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// True when a letter or digit starts at byte `i`.
fn alnum_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => char_at(text, i).is_some_and(char::is_alphanumeric),
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
            if c.is_alphanumeric() {
                break c.is_uppercase();
            }
            i += c.len_utf8();
        };
        let start = i;
        // Letters and digits, and `.` `'` `’` `-` when one follows.
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    i += 1;
                } else if matches!(b, b'.' | b'\'' | b'-') && alnum_at(text, i + 1) {
                    i += 1;
                } else {
                    break;
                }
                continue;
            }
            let Some(c) = char_at(text, i) else { break };
            let n = c.len_utf8();
            if c.is_alphanumeric() || (c == '\u{2019}' && alnum_at(text, i + n)) {
                i += n;
            } else {
                break;
            }
        }
        self.pos = i;
        Some(Token { start, end: i, cap })
    }
}

/// True when the word at `start` opens a sentence, a line or the text.
pub(crate) fn sentence_initial(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev() {
        match c {
            '\n' | '.' | '!' | '?' | ':' | ';' | '•' => return true,
            '"' | '\u{201c}' | '\u{2018}' | '\'' | '(' | '[' | '\u{2014}' | '-' => continue,
            c if c.is_whitespace() => continue,
            _ => return false,
        }
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
        assert_eq!(words("-- ... '"), Vec::<&str>::new());
    }

    #[test]
    fn variants_in_order() {
        let text = "Georgia's U.S. Kabul-based";
        let toks: Vec<Token> = Tokens::new(text).collect();
        let v0: Vec<&str> = toks[0]
            .variants(text)
            .map(|(e, _)| &text[toks[0].start..e])
            .collect();
        assert_eq!(v0, ["Georgia's", "Georgia"]);
        let v1: Vec<&str> = toks[1]
            .variants(text)
            .map(|(e, _)| &text[toks[1].start..e])
            .collect();
        assert_eq!(v1, ["U.S.", "U.S"]);
        let v2: Vec<&str> = toks[2]
            .variants(text)
            .map(|(e, _)| &text[toks[2].start..e])
            .collect();
        assert_eq!(v2, ["Kabul-based", "Kabul"]);
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
