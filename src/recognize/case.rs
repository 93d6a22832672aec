//! Text written in one case: a tweet in lower case ("explosion in kabul
//! kills five"), a headline in capitals ("BLAST HITS KABUL AIRPORT").
//!
//! The recogniser finds names by their capitals, so such text gave no
//! places at all (lower case) or lost many (capitals, where the recogniser
//! takes every short word for an acronym). [`recase`] writes a copy of the
//! text in which each caseless line is in title case, as a headline is:
//! every word capitalised except the closed-class ones ("Explosion in
//! Kabul Kills Five"). The recogniser and resolver then read the copy with
//! the filters they use on headlines: a frequent English word needs a
//! locative preposition ("in Reading"), people's names and organisations
//! are told by the words around them. In a line in capitals, an acronym
//! that names a place ("US", "UAE", "U.S.") stays in capitals, and so does
//! one that is no frequent word ("KBR", a firm, not the village); "US" is
//! the pronoun unless "the" or "in" comes before it.
//!
//! Tried and measured on lower- and upper-cased copies of LGL and the
//! tweets: capitalising only the words and runs of words that are
//! gazetteer names (with stricter rules for frequent words) found fewer
//! places and no more right ones (end-to-end F1 0.59 against 0.71 on
//! lower-cased LGL): the capitals of people's and organisations' names are
//! what keeps the filters working.
//!
//! A line is caseless when it has at least three words and either no
//! capital at all but "I" ("lower"), or seven in ten of its
//! words in capitals ("upper"). Lines in ordinary case are left alone, so
//! an article with a headline in capitals has only its headline recased.
//! Every change keeps each character's UTF-8 length (a character whose
//! other case has another length is left as it is), so byte and character
//! offsets into the copy are offsets into the text.

use super::tokens::{Token, Tokens};
use super::{is_strong_place, FUNCTION_WORDS, LOCATIVES, MAX_TOKENS};
use crate::gazetteer::{Gazetteer, Memo};
use std::collections::HashSet;
use std::sync::OnceLock;

/// How a line is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Case {
    /// Ordinary case: left alone.
    Mixed,
    /// No capitals but "I".
    Lower,
    /// Mostly capitals.
    Upper,
}

/// Words a line needs before its case is judged: "OK" or "thanks all" say
/// nothing.
const MIN_WORDS: usize = 3;

/// How `line` is written ([`Case`]). Handles (`@cnn`), hashtags and links
/// are not counted; neither is "I".
pub(crate) fn case_of(line: &str) -> Case {
    if surely_mixed(line.as_bytes()) {
        return Case::Mixed;
    }
    let (mut words, mut upper, mut capitals) = (0usize, 0usize, 0usize);
    for t in Tokens::new(line) {
        if skipped(line, &t) {
            continue;
        }
        let word = &line[t.start..t.end];
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if letters == 0 {
            continue;
        }
        words += 1;
        let has_lower = word.chars().any(char::is_lowercase);
        if letters >= 2 && !has_lower {
            upper += 1;
        }
        // A sentence in ordinary case starts with a capital: one with no
        // name in it ("The blast killed two.") is no caseless line.
        if t.cap && word != "I" && !word.starts_with("I'") {
            capitals += 1;
        }
    }
    if words < MIN_WORDS {
        Case::Mixed
    } else if upper * 10 >= words * 7 {
        Case::Upper
    } else if capitals == 0 {
        Case::Lower
    } else {
        Case::Mixed
    }
}

/// True when `line` is plainly in ordinary case, told from its bytes
/// without reading its words: it has a capital that starts a word and is
/// no "I" (nor a retweet's "RT"), and over twice as many lowercase letters
/// as capitals. The scan stops at the first capital after a lowercase word
/// once the line so far shows that, so nearly every line of news costs a
/// few dozen bytes.
fn surely_mixed(line: &[u8]) -> bool {
    let (mut upper, mut lower, mut named) = (0usize, 0usize, false);
    for (k, &b) in line.iter().enumerate() {
        if b.is_ascii_lowercase() {
            lower += 1;
        } else if b.is_ascii_uppercase() {
            upper += 1;
            let starts_word = k == 0 || !line[k - 1].is_ascii_alphanumeric();
            let lone_i = b == b'I' && !line.get(k + 1).is_some_and(|n| n.is_ascii_alphanumeric());
            let retweet = line[k..].starts_with(b"RT")
                && !line.get(k + 2).is_some_and(|n| n.is_ascii_alphanumeric());
            named |= starts_word && !lone_i && !retweet;
            if named && k >= 2 && line[k - 1] == b' ' && lower > 2 * upper {
                return true;
            }
        }
    }
    named && lower > 2 * upper
}

/// True for a word that says nothing of the line's case: a handle
/// ("@cnn"), a hashtag, part of a link, or a retweet's "RT".
fn skipped(line: &str, t: &Token) -> bool {
    let before = line[..t.start].chars().next_back();
    matches!(before, Some('@' | '#' | '/' | '.' | ':' | '_'))
        || line[t.end..].starts_with("://")
        || line[t.start..t.end].eq_ignore_ascii_case("www")
        || &line[t.start..t.end] == "RT"
}

/// `text` with its caseless lines ([`case_of`]) in title case, or `None`
/// when every line is in ordinary case (nearly all news).
pub fn recase(gaz: &Gazetteer, text: &str) -> Option<String> {
    let mut out: Option<Vec<u8>> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let case = case_of(line);
        if case != Case::Mixed {
            let buf = out.get_or_insert_with(|| text.as_bytes().to_vec());
            gaz.with_memo(|memo| title_case(memo, line, case, &mut buf[at..at + line.len()]));
        } else if memchr::memchr(b'#', line.as_bytes()).is_some() {
            let starts = gaz.with_memo(|memo| hashtags(memo, line));
            if !starts.is_empty() {
                let buf = out.get_or_insert_with(|| text.as_bytes().to_vec());
                for k in starts {
                    capitalise(line, k, &mut buf[at..at + line.len()]);
                }
            }
        }
        at += line.len();
    }
    // Every character was replaced by one of the same UTF-8 length.
    out.map(|b| String::from_utf8(b).unwrap_or_else(|_| text.to_owned()))
}

/// English words frequent enough to be taken for ordinary words
/// (`frequent_words.txt`, built by `gazetteer/build_frequent_words.py`).
static FREQUENT_TXT: &str = include_str!("frequent_words.txt");

/// [`FREQUENT_TXT`] as a set, built on first use.
fn frequent() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        FREQUENT_TXT
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect()
    })
}

/// Writes `line` (of case `case`) in title case into `out`, which holds a
/// copy of it ([`recase`]).
fn title_case(gaz: &mut Memo<'_, '_>, line: &str, case: Case, out: &mut [u8]) {
    let toks: Vec<Token> = Tokens::new(line).collect();
    let lower: Vec<String> = toks
        .iter()
        .map(|t| line[t.start..t.end].to_lowercase())
        .collect();
    let mut key = String::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let prev = i.checked_sub(1).map(|p| lower[p].as_str());
        if case == Case::Upper && is_place_acronym(gaz, line, t, prev) {
            i += 1;
            continue;
        }
        lowercase(line, t.start, t.end, out);
        // A name of several words is capitalised whole: "walker county".
        let words = name_words(gaz, line, &toks, &lower, i, &mut key);
        if words > 1 {
            for t in &toks[i..i + words] {
                lowercase(line, t.start, t.end, out);
                capitalise(line, t.start, out);
            }
            i += words;
            continue;
        }
        if capitalises(gaz, &lower[i], prev) {
            capitalise(line, t.start, out);
        }
        hyphen_parts(gaz, line, t, case, out);
        i += 1;
    }
}

/// Writes the parts after the hyphens of token `t` as [`capitalises`]
/// would write words of their own, so that the recogniser can cut the
/// compound: "DFL-MINNEAPOLIS" becomes "Dfl-Minneapolis", "athens-clarke"
/// "Athens-Clarke"; in capitals a listed abbreviation stays as it is
/// ("EGYPTIAN-US"). `out` holds the token in lower case.
fn hyphen_parts(gaz: &mut Memo<'_, '_>, line: &str, t: &Token, case: Case, out: &mut [u8]) {
    let word = &line[t.start..t.end];
    let mut at = 0;
    while let Some(h) = word[at..].find('-') {
        let start = at + h + 1;
        let end = word[start..].find('-').map_or(word.len(), |e| start + e);
        let part = word[start..end].to_lowercase();
        at = start;
        if part.is_empty() {
            continue;
        }
        let abbrev = case == Case::Upper
            && part.len() <= 4
            && gaz
                .entry_top(&part)
                .is_some_and(|(e, _)| e.is_name() && e.is_abbrev());
        if abbrev {
            out[t.start + start..t.start + end]
                .copy_from_slice(&line.as_bytes()[t.start + start..t.start + end]);
        } else if capitalises(gaz, &part, None) {
            capitalise(line, t.start + start, out);
        }
    }
}

/// Whether the word `w` (lower case; after the word `prev`) of a caseless
/// line is written with a capital: unless it is a closed-class word or a
/// frequent English word. A frequent word is capitalised after a locative
/// preposition ("in turkey"), when it is a demonym ("ukrainian"), or when
/// it is the own name of a major place ("texas"); not when it is only
/// another name of one ("soul" for Seoul, "dining" for Jining).
fn capitalises(gaz: &mut Memo<'_, '_>, w: &str, prev: Option<&str>) -> bool {
    !FUNCTION_WORDS.contains(w)
        && (!frequent().contains(w) || {
            // Not after "to": "to give", "to just" are verbs and adverbs
            // (Give, Denmark), which the capitals of "moved to Reading" tell
            // apart and a caseless line does not.
            let after_locative = prev.is_some_and(|p| p != "to" && LOCATIVES.contains(p));
            gaz.entry_top(w).is_some_and(|(e, top)| {
                e.is_name()
                    && (after_locative
                        || e.is_demonym()
                        || is_strong_place(&e, top)
                            && top.is_some_and(|t| {
                                gaz.gazetteer().place(t.index).name.eq_ignore_ascii_case(w)
                            }))
            })
        })
}

/// The byte starts of the hashtags of `line` (a line in ordinary case)
/// written in lower case that name a place, as [`capitalises`] would
/// capitalise them in a caseless line: "#gaza", "#iran", "#ferguson".
fn hashtags(gaz: &mut Memo<'_, '_>, line: &str) -> Vec<usize> {
    Tokens::new(line)
        .filter(|t| !t.cap && line[..t.start].ends_with('#'))
        .filter(|t| {
            let w = &line[t.start..t.end];
            gaz.entry_top(w).is_some_and(|(e, _)| e.is_name()) && capitalises(gaz, w, None)
        })
        .map(|t| t.start)
        .collect()
}

/// How many words the longest gazetteer name at token `first` has (up to
/// [`MAX_TOKENS`]; 0 or 1 when no name of several words starts there). The
/// words of a name are one space apart, and it does not start with a
/// closed-class word ("the city").
fn name_words(
    gaz: &mut Memo<'_, '_>,
    line: &str,
    toks: &[Token],
    lower: &[String],
    first: usize,
    key: &mut String,
) -> usize {
    if FUNCTION_WORDS.contains(&lower[first]) {
        return 0;
    }
    key.clear();
    let mut best = 0;
    for j in first..(first + MAX_TOKENS).min(toks.len()) {
        if j > first {
            if &line[toks[j - 1].end..toks[j].start] != " " {
                break;
            }
            key.push(' ');
        }
        key.push_str(&lower[j]);
        let Some((e, _)) = gaz.entry_top(key) else {
            break;
        };
        if e.is_name() {
            best = j - first + 1;
        }
        if !e.is_prefix() {
            break;
        }
    }
    best
}

/// True when token `t` of `line` (in capitals) is an acronym naming a
/// place: a listed abbreviation ("US", "U.S.") or a short name of a
/// country ("UAE").
fn is_place_acronym(gaz: &mut Memo<'_, '_>, line: &str, t: &Token, prev: Option<&str>) -> bool {
    let word = &line[t.start..t.end];
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if !(2..=4).contains(&letters) || word.chars().any(char::is_lowercase) {
        return false;
    }
    let key = word.to_ascii_lowercase();
    // A state's postal code is told by its case ("Selmer, TN"), which a
    // line in capitals does not have: "SMITH, OR JONES".
    if super::POSTAL_CODES.contains(&key) && !line[t.end..].starts_with('.') {
        return false;
    }
    // Besides "US" (the "the"/"in" rule below) and the postal codes
    // (above), the one listed abbreviation that is an English word is
    // "CAR" (the Central African Republic); in capitals it is the word,
    // after "the" too: "THE CAR WAS PARKED".
    if key == "car" {
        return false;
    }
    // A short word in capitals that is no English word is an acronym
    // ("KBR", "GBI"), as the recogniser takes it in any text; so it stays.
    if letters <= 3 && !frequent().contains(key.as_str()) && !key.contains('.') {
        return true;
    }
    // "US", "ILL.": the pronoun and the word unless "the" or "in" comes
    // before, or a comma ("SPRINGFIELD, ILL.").
    let context = matches!(prev, Some("the" | "in")) || line[..t.start].trim_end().ends_with(',');
    if frequent().contains(key.as_str()) && !context {
        return false;
    }
    let dotted = line[t.end..].starts_with('.');
    let with_dot = dotted.then(|| format!("{key}."));
    for k in with_dot.iter().chain(std::iter::once(&key)) {
        if let Some((e, top)) = gaz.entry_top(k) {
            // A listed abbreviation: "US" the country (after "the").
            if e.is_name() && e.is_abbrev() {
                return true;
            }
            // A short name of a minor place: as the recogniser reads it.
            if e.is_name() && !is_strong_place(&e, top) {
                return e.zipf() < 4.0;
            }
        }
    }
    false
}

/// Writes bytes `start..end` of `line` into `out` (a copy of `line`) in
/// lower case ([`put`]).
fn lowercase(line: &str, start: usize, end: usize, out: &mut [u8]) {
    for (k, c) in line[start..end].char_indices() {
        put(out, start + k, c, single(c.to_lowercase()));
    }
}

/// Writes the character at byte `start` of `line` into `out` (a copy of
/// `line`) as a capital ([`put`]).
fn capitalise(line: &str, start: usize, out: &mut [u8]) {
    if let Some(c) = line[start..].chars().next() {
        put(out, start, c, single(c.to_uppercase()));
    }
}

/// Writes `mapped`, the other case of `c` (at byte `at`), into `out`, when
/// it is one character of the same UTF-8 length; else `c` stays as it is.
fn put(out: &mut [u8], at: usize, c: char, mapped: Option<char>) {
    let mut buf = [0u8; 4];
    if let Some(m) = mapped {
        let s = m.encode_utf8(&mut buf);
        if s.len() == c.len_utf8() {
            out[at..at + s.len()].copy_from_slice(s.as_bytes());
        }
    }
}

/// The only character of a case mapping, if it has one only.
fn single(mut chars: impl Iterator<Item = char>) -> Option<char> {
    chars.next().filter(|_| chars.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_told_by_their_case() {
        let rows = [
            ("explosion in kabul kills five", Case::Lower),
            // "I", "RT", a handle and a hashtag are no names.
            (
                "so I drove to kabul. traffic was bad #kabul @tolonews",
                Case::Lower,
            ),
            ("RT @cnn: blast in kabul", Case::Lower),
            ("BLAST HITS KABUL AIRPORT AS TROOPS LEAVE", Case::Upper),
            (
                "Officials in Kabul said the blast killed five.",
                Case::Mixed,
            ),
            ("the blast in Kabul killed five", Case::Mixed),
            // Too short to tell.
            ("ok thanks", Case::Mixed),
            // A sentence in ordinary case with no name in it.
            ("The blast killed two people and wounded five.", Case::Mixed),
            ("KABUL", Case::Mixed),
        ];
        for (line, want) in rows {
            assert_eq!(case_of(line), want, "{line:?}");
        }
    }

    #[test]
    fn the_quick_test_agrees_with_the_words() {
        for line in [
            "Officials in Kabul said the blast killed five.",
            "Mr. Karzai, speaking in Herat on Monday, said the talks would resume.",
            "the blast in Kabul killed five",
            "The blast killed two people and wounded five.",
        ] {
            assert!(surely_mixed(line.as_bytes()), "{line:?}");
            assert_eq!(case_of(line), Case::Mixed, "{line:?}");
        }
        for line in [
            "explosion in kabul kills five",
            "BLAST HITS KABUL",
            "so I went home",
        ] {
            assert!(!surely_mixed(line.as_bytes()), "{line:?}");
        }
    }

    fn recased(text: &str) -> Option<String> {
        recase(Gazetteer::bundled(), text)
    }

    #[test]
    fn caseless_lines_are_put_in_title_case_and_keep_their_offsets() {
        assert_eq!(
            recased("Officials in Kabul said five died.\nNothing else."),
            None
        );
        let rows = [
            // Frequent words stay in lower case, names and rare words get
            // capitals, and so do the frequent words that are a major
            // place's own name or follow "in".
            (
                "explosion in kabul kills five",
                "explosion in Kabul kills five",
            ),
            (
                "fighting near kandahar and in the panjshir valley",
                "fighting near Kandahar and in the Panjshir Valley",
            ),
            (
                "protesters gathered in paris and texas",
                "protesters gathered in Paris and Texas",
            ),
            // A word that is rare in English gets a capital: it is more
            // likely a name than not.
            ("troops shelled the town", "troops Shelled the town"),
            // The whole of a name of several words.
            (
                "the burn ban for walker county was lifted",
                "the burn ban for Walker County was lifted",
            ),
            // Another name of a place is no reason ("soul" is one of Seoul's).
            (
                "music for the soul and the dining room",
                "music for the soul and the dining room",
            ),
            ("ukrainian troops closed it", "Ukrainian troops closed it"),
            // In capitals: acronyms naming places stay, the pronoun does not,
            // nor a short acronym that is no word.
            (
                "TROOPS IN THE US AND UAE WAIT",
                "troops in the US and UAE wait",
            ),
            ("LET US GO TO KABUL NOW", "let us go to Kabul now"),
            (
                "KBR WINS KABUL CONTRACT TODAY",
                "KBR wins Kabul contract today",
            ),
            (
                "SPRINGFIELD, ILL. MAN IS ILL.",
                "Springfield, ILL. man is ill.",
            ),
            // Postal codes are told by their case, which capitals lack; a
            // code with its dot is the abbreviation it always was.
            (
                "WAIT, OR STAY IN HARRISBURG, PA. TONIGHT",
                "wait, or stay in Harrisburg, PA. tonight",
            ),
            // "CAR" in capitals is the word, not the Central African Republic.
            ("THE CAR WAS LEFT IN KABUL", "the car was left in Kabul"),
            // "to" before a frequent word is no locative: "to give".
            ("A CHANCE TO GIVE BACK", "a chance to give back"),
            // The parts of a compound are read as words of their own, and
            // an abbreviation after a hyphen stays.
            (
                "SEN. JONES, DFL-MINNEAPOLIS, BACKED EGYPTIAN-US TIES",
                "sen. jones, Dfl-Minneapolis, backed Egyptian-US ties",
            ),
        ];
        for (text, want) in rows {
            let got = recased(text).unwrap_or_else(|| panic!("{text:?} was not recased"));
            assert_eq!(got, want, "{text:?}");
            assert_eq!(got.len(), text.len());
        }
        // In a line in ordinary case, only hashtags in lower case that
        // name places.
        assert_eq!(
            recased("Protests grew in the city #gaza #peace #love").unwrap(),
            "Protests grew in the city #Gaza #peace #love"
        );
        assert_eq!(recased("Protests grew in the city #peace"), None);
        // Only the caseless lines of an article change.
        let text = "KABUL AIRPORT CLOSED AFTER BLAST\nThe airport in Kabul closed on Friday.\nstraße in kabul closed";
        let got = recased(text).unwrap();
        assert_eq!(
            got,
            "Kabul Airport closed after blast\nThe airport in Kabul closed on Friday.\nStraße in Kabul closed"
        );
        // A character whose other case has another UTF-8 length stays as
        // written: "İ" lowercases to two characters.
        let got = recased("İSTANBUL AND ANKARA CLOSED TODAY").unwrap();
        assert_eq!(got, "İstanbul and Ankara closed today");
    }
}
