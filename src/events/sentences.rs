//! Sentences: where a sentence of news text begins and ends, for the
//! events stage, which reads one sentence at a time.

use crate::limits::MAX_SENTENCE_BYTES;
use crate::text::char_at;
use std::sync::OnceLock;

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "st", "jan",
    "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "no", "vs", "inc", "co",
    "corp", "jr", "sr", "prof", "rev", "u.s", "u.k", "u.n", "d.c", "a.m", "p.m", "ga", "fla", "va",
    "calif",
];

/// Byte ranges of the sentences of `text`, trimmed of white space.
///
/// A sentence ends at ".", "!" or "?" before white space, a closing quote
/// or bracket, or the end of the text (not at the "." of an abbreviation or
/// an initial: [`is_abbreviation`]), taking closing quotes with it; and at
/// a blank line.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    Sentences::new(text).collect()
}

/// The iterator behind [`sentences`]. Candidate stops (".", "!", "?" and
/// newlines) are found with `memchr`; the bytes between them cannot end a
/// sentence. Each of the two searches is redone only once the scan has
/// passed the stop it found last.
pub(crate) struct Sentences<'t> {
    text: &'t str,
    /// Start of the sentence being read.
    start: usize,
    /// Where the scan for its end goes on.
    at: usize,
    /// The first ".", "!" or "?" at or after `at` (or the text's length).
    next_stop: usize,
    /// The first newline at or after `at` (or the text's length).
    next_newline: usize,
    done: bool,
}

impl<'t> Sentences<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        Sentences {
            text,
            start: 0,
            at: 0,
            next_stop: memchr::memchr3(b'.', b'!', b'?', bytes).unwrap_or(bytes.len()),
            next_newline: memchr::memchr(b'\n', bytes).unwrap_or(bytes.len()),
            done: false,
        }
    }
}

impl Iterator for Sentences<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let (text, bytes) = (self.text, self.text.as_bytes());
        while !self.done {
            let rest = &bytes[self.at..];
            if self.next_stop < self.at {
                self.next_stop =
                    memchr::memchr3(b'.', b'!', b'?', rest).map_or(bytes.len(), |k| self.at + k);
            }
            if self.next_newline < self.at {
                self.next_newline =
                    memchr::memchr(b'\n', rest).map_or(bytes.len(), |k| self.at + k);
            }
            let i = self.next_stop.min(self.next_newline);
            // A run of text without a stop is cut into pieces of at most
            // MAX_SENTENCE_BYTES: what the extractor reads of a sentence
            // is pairwise in its words, and an event repeats its sentence
            // (a one-sentence megabyte once took seconds and gave 16 MB of
            // output).
            if i - self.start > MAX_SENTENCE_BYTES {
                match self.cut() {
                    Some(range) => return Some(range),
                    None => continue,
                }
            }
            if i == bytes.len() {
                self.done = true;
                return trimmed(text, self.start, bytes.len());
            }
            if !ends_sentence(text, self.start, i) {
                self.at = i + 1;
                continue;
            }
            // Take closing quotes with the sentence.
            let mut end = i + 1;
            while let Some(c) = char_at(text, end) {
                if matches!(c, '"' | '\u{201d}' | '\'' | '\u{2019}' | ')') {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
            // With its stop and quotes, a sentence may still run over.
            if end - self.start > MAX_SENTENCE_BYTES {
                match self.cut() {
                    Some(range) => return Some(range),
                    None => continue,
                }
            }
            let start = std::mem::replace(&mut self.start, end);
            self.at = end;
            if let Some(range) = trimmed(text, start, end) {
                return Some(range);
            }
        }
        None
    }
}

impl Sentences<'_> {
    /// Ends the sentence being read at [`sentence_cut`], for one that runs
    /// past [`MAX_SENTENCE_BYTES`]: its range, trimmed (`None` when only
    /// white space was cut off).
    fn cut(&mut self) -> Option<(usize, usize)> {
        let cut = sentence_cut(self.text, self.start);
        let start = std::mem::replace(&mut self.start, cut);
        self.at = self.at.max(cut);
        trimmed(self.text, start, cut)
    }
}

/// Where a sentence begun at `start` that runs past [`MAX_SENTENCE_BYTES`]
/// is cut: after the last space within the limit, else at the last char
/// boundary within it.
fn sentence_cut(text: &str, start: usize) -> usize {
    let limit = start + MAX_SENTENCE_BYTES;
    match memchr::memrchr(b' ', &text.as_bytes()[start + 1..limit]) {
        Some(k) => start + 1 + k + 1,
        None => {
            let mut end = limit;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            end
        }
    }
}

/// True when the stop or newline at byte `i` ends the sentence begun at
/// `start`.
fn ends_sentence(text: &str, start: usize, i: usize) -> bool {
    let b = text.as_bytes()[i];
    if b == b'\n' {
        return text.as_bytes().get(i + 1) == Some(&b'\n');
    }
    let next = char_at(text, i + 1);
    let after_space = next.is_none_or(char::is_whitespace)
        || matches!(next, Some('"' | '\u{201d}' | '\'' | '\u{2019}' | ')'));
    after_space && (b != b'.' || !is_abbreviation(&text[start..i]))
}

/// `start..end` without white space at either end, unless nothing is left.
fn trimmed(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    // ASCII white space byte by byte; at another non-ASCII byte, the rest
    // as `trim_start` and `trim_end` have it.
    let ascii_space = |b: &u8| matches!(b, b'\t'..=b'\r' | b' ');
    let s = &text[start..end];
    let bytes = s.as_bytes();
    let mut lead = bytes
        .iter()
        .position(|b| !ascii_space(b))
        .unwrap_or(s.len());
    if bytes.get(lead).is_some_and(|b| !b.is_ascii()) {
        lead = s.len() - s.trim_start().len();
    }
    let mut keep = bytes
        .iter()
        .rposition(|b| !ascii_space(b))
        .map_or(0, |k| k + 1);
    if keep > 0 && !bytes[keep - 1].is_ascii() {
        keep = s.trim_end().len();
    }
    let trail = s.len() - keep;
    (start + lead < end - trail).then_some((start + lead, end - trail))
}

/// True when the text before a full stop ends in an abbreviation or an
/// initial ("Gen.", "U.S.", "J.").
fn is_abbreviation(before: &str) -> bool {
    // The last word, after the last white space or "(": bytes back to one
    // of those while they are ASCII, else char by char.
    let bytes = before.as_bytes();
    let word = match bytes
        .iter()
        .rposition(|&b| !b.is_ascii() || matches!(b, b'\t'..=b'\r' | b' ' | b'('))
    {
        None => before,
        Some(k) if bytes[k].is_ascii() => &before[k + 1..],
        Some(_) => before
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or(""),
    };
    let initial = word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().filter(|c| c.is_alphabetic()).count() == 1;
    initial || abbreviation_key(word).is_some_and(|k| abbreviation_keys().binary_search(&k).is_ok())
}

/// A word of at most [`LONGEST_ABBREVIATION`] bytes as a number: its bytes
/// ASCII-lowercased, and its length, so that two words have the same key
/// exactly when they are equal but for ASCII case.
fn abbreviation_key(word: &str) -> Option<u64> {
    (word.len() <= LONGEST_ABBREVIATION).then(|| {
        word.bytes().fold(word.len() as u64, |k, b| {
            k << 8 | u64::from(b.to_ascii_lowercase())
        })
    })
}

/// The keys of [`ABBREVIATIONS`], sorted.
fn abbreviation_keys() -> &'static [u64] {
    static KEYS: OnceLock<Vec<u64>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<u64> = ABBREVIATIONS
            .iter()
            .filter_map(|a| abbreviation_key(a))
            .collect();
        keys.sort_unstable();
        keys
    })
}

/// Length of the longest of [`ABBREVIATIONS`] (at most 7, for
/// [`abbreviation_key`]).
const LONGEST_ABBREVIATION: usize = {
    let (mut i, mut longest) = (0, 0);
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > longest {
            longest = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    longest
};
const _: () = assert!(LONGEST_ABBREVIATION <= 7, "abbreviation keys hold 7 bytes");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_stops_not_abbreviations() {
        let text =
            "Gen. Smith met U.S. envoys in Kabul. \"We left,\" he said! Next? Yes.\n\nNew para";
        let got: Vec<&str> = sentences(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            got,
            [
                "Gen. Smith met U.S. envoys in Kabul.",
                "\"We left,\" he said!",
                "Next?",
                "Yes.",
                "New para"
            ]
        );
    }

    /// A long run of text without a stop is read in pieces of at most
    /// MAX_SENTENCE_BYTES, cut at spaces, that cover all of it; a short
    /// sentence after it is as before.
    #[test]
    fn overlong_sentences_are_cut_at_spaces() {
        let long = "Kabul attack Herat bombing ".repeat(200) + "é".repeat(700).as_str();
        let text = format!("{long}. Short one.");
        let got = sentences(&text);
        assert!(got.len() > 5, "{}", got.len());
        for &(s, e) in &got {
            assert!(e - s <= MAX_SENTENCE_BYTES, "{} bytes", e - s);
        }
        // Pieces end at spaces, or inside the run with no space, at a char.
        for w in got.windows(2) {
            let gap = &text[w[0].1..w[1].0];
            assert!(gap.trim().is_empty(), "{gap:?}");
        }
        assert_eq!(
            &text[got[got.len() - 1].0..got[got.len() - 1].1],
            "Short one."
        );
        let covered: usize = got.iter().map(|&(s, e)| e - s).sum();
        assert!(
            covered + got.len() >= text.len() - 2,
            "{covered} of {}",
            text.len()
        );
        // A stop or closing quotes just past the limit (found by fuzzing:
        // a sentence of 1,001 bytes).
        for extra in ["", "\"", "\u{201d}\u{201d})"] {
            let text = format!("{}.{extra} Next.", "a".repeat(MAX_SENTENCE_BYTES));
            for (s, e) in sentences(&text) {
                assert!(e - s <= MAX_SENTENCE_BYTES, "{extra:?}: {} bytes", e - s);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn trimmed_trims_as_str_does(s in "[ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{2003}a\u{e9}.]{0,12}") {
            let want = (!s.trim().is_empty()).then(|| {
                let lead = s.len() - s.trim_start().len();
                (lead, lead + s.trim().len())
            });
            proptest::prop_assert_eq!(trimmed(&s, 0, s.len()), want);
        }

    }
}
