//! Sentence by sentence: triggers, dates, places and counts.

use super::taxonomy::{has_trigger_start, trigger_at, trigger_candidates};
use super::times::{find_times, TimeMention};
use super::{DateSource, Event};
use crate::gazetteer::Kind;
use crate::limits::{MAX_EVENTS, MAX_SENTENCE_BYTES};
use crate::resolve::{CharCounter, ResolvedMention};
use crate::text::char_at;
use crate::words::WordSet;
use chrono::NaiveDate;
use std::sync::OnceLock;

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "st", "jan",
    "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "no", "vs", "inc", "co",
    "corp", "jr", "sr", "prof", "rev", "u.s", "u.k", "u.n", "d.c", "a.m", "p.m", "ga", "fla", "va",
    "calif",
];

/// Prepositions that tie a place to the trigger before it ("withdrawal of
/// troops from Afghanistan", "fighting in Kharkiv").
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "at", "near", "from", "into", "across", "around", "outside", "on", "off", "over",
    "through", "towards", "toward", "inside",
];

/// Words near a trigger that make it no event yet: possibility, demands,
/// rights, denial ("another walkout was possible", "the right to protest",
/// "demanded his resignation", "no agreement was reached").
const HEDGES: &[&str] = &[
    "could",
    "would",
    "might",
    "may",
    "possible",
    "possibly",
    "threatened",
    "threatening",
    "threat",
    "planned",
    "plans",
    "right",
    "rights",
    "demand",
    "demanded",
    "demanding",
    "demands",
    "called",
    "calling",
    "urged",
    "if",
    "no",
    "without",
    "fear",
    "feared",
    "fears",
    "risk",
    "unless",
    "prevent",
    "avoid",
];

/// Verbs after a place's name that make it the actor ("Moscow has
/// reinforced", "Kyiv said").
const ACTOR_VERBS: &[&str] = &[
    "has",
    "have",
    "had",
    "said",
    "says",
    "is",
    "was",
    "will",
    "would",
    "announced",
    "warned",
    "sent",
    "reinforced",
    "accused",
    "denied",
    "insisted",
    "urged",
    "claimed",
    "agreed",
    "demanded",
    "rejected",
    "threatened",
];

/// Phrases that make a sentence a history rather than an event.
const HABITUAL: &[&str] = &[
    "for years",
    "for decades",
    "for a decade",
    "for more than a decade",
    "in recent years",
    "over the years",
    "every year",
    "each year",
];

/// Words of which every phrase of [`HABITUAL`] has one: a sentence without
/// them needs no closer look.
const HABITUAL_CUES: &[&str] = &["year", "decade"];

/// Words in a sentence that make an explosion or a fire an accident.
const ACCIDENT_CUES: &[&str] = &[
    "gas",
    "plant",
    "factory",
    "boiler",
    "pipeline",
    "mine",
    "refinery",
    "tanker",
    "workers",
    "leak",
    "warehouse",
    "industrial",
];

/// Words that make a number before or after them approximate.
const APPROXIMATE: &[&str] = &[
    "almost",
    "nearly",
    "about",
    "around",
    "some",
    "roughly",
    "approximately",
    "over",
    "more than",
    "at least",
    "up to",
    "dozens",
    "hundreds",
    "scores",
    "thousands",
];

static HEDGE_WORDS: WordSet = WordSet::new(HEDGES);
static ACTOR_VERB_WORDS: WordSet = WordSet::new(ACTOR_VERBS);
static ACCIDENT_CUE_WORDS: WordSet = WordSet::new(ACCIDENT_CUES);
static PLACE_PREPOSITION_WORDS: WordSet = WordSet::new(PLACE_PREPOSITIONS);
static APPROXIMATE_WORDS: WordSet = WordSet::new(APPROXIMATE);

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
struct Sentences<'t> {
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
    fn new(text: &'t str) -> Self {
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

/// A word of a sentence: byte range in the text and lowercase form.
struct Word<'l> {
    start: usize,
    end: usize,
    /// The word with ASCII letters lowercased, borrowed from the lowercased
    /// sentence that [`words_into`] is given.
    lower: &'l str,
}

/// [`words_into`] a new vector.
#[cfg(test)]
fn words<'l>(text: &str, from: usize, to: usize, lower: &'l str) -> Vec<Word<'l>> {
    let mut out = Vec::new();
    words_into(text, from, to, lower, &mut out);
    out
}

/// The words of `text[from..to]`, into `out` (cleared first); `lower` is
/// that text with ASCII letters lowercased (same length, so the same
/// offsets), made once per sentence.
fn words_into<'l>(text: &str, from: usize, to: usize, lower: &'l str, out: &mut Vec<Word<'l>>) {
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
fn lowercase_into<'b>(buf: &'b mut String, text: &str, from: usize, to: usize) -> &'b str {
    buf.clear();
    buf.push_str(&text[from..to]);
    buf.make_ascii_lowercase();
    buf
}

fn number_word(w: &str) -> Option<u32> {
    const SMALL: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    if let Some(n) = SMALL.iter().position(|s| *s == w) {
        return Some(n as u32);
    }
    match w {
        "thirty" => Some(30),
        "forty" => Some(40),
        "fifty" => Some(50),
        "hundred" => Some(100),
        "dozens" | "dozen" => Some(24),
        "hundreds" => Some(200),
        "scores" => Some(40),
        "thousands" => Some(2000),
        // Words hold no commas ("1,500" is two), so there is nothing to
        // strip before parsing.
        _ => w.parse().ok().filter(|n| *n < 10_000_000),
    }
}

/// A count of people in the sentence: (number, approximate) for the dead
/// and for the injured. "killed almost 200 people", "12 people died", "the
/// death toll rose to 30", "injuring dozens".
/// A count and whether it is approximate.
type Count = Option<(u32, bool)>;

fn counts(text: &str, ws: &[Word]) -> (Count, Count) {
    static DEAD: WordSet = WordSet::new(&[
        "killed", "killing", "dead", "died", "deaths", "death", "lives",
    ]);
    static HURT: WordSet = WordSet::new(&["injured", "injuring", "wounded", "wounding", "hurt"]);
    let mut dead = None;
    let mut hurt = None;
    for (i, w) in ws.iter().enumerate() {
        let class = if DEAD.contains(w.lower) {
            0
        } else if HURT.contains(w.lower) {
            1
        } else {
            continue;
        };
        // A number within a few words after ("killed almost 200 people",
        // "death toll rose to 30") or before ("12 people died").
        // The search stops at "and", "while", "but" or a comma: in "12
        // people died and 30 were injured" the 30 is not the dead.
        let after = (i + 1..(i + 5).min(ws.len()))
            .take_while(|&j| !breaks(text, &ws[j - 1], &ws[j]))
            .find_map(|j| number_word(ws[j].lower).map(|n| (j, n)));
        let before = (i.saturating_sub(4)..i)
            .rev()
            .take_while(|&j| !breaks(text, &ws[j], &ws[j + 1]))
            .find_map(|j| number_word(ws[j].lower).map(|n| (j, n)));
        let Some((j, n)) = after.or(before) else {
            continue;
        };
        let lo = j.saturating_sub(2);
        let approx = ["dozens", "dozen", "hundreds", "scores", "thousands"].contains(&ws[j].lower)
            || ws[lo..j]
                .iter()
                .any(|p| APPROXIMATE_WORDS.contains(p.lower))
            || ws[lo..j].windows(2).any(|p| {
                // "more than": two words joined by one space.
                APPROXIMATE.iter().any(|a| {
                    a.split_once(' ')
                        .is_some_and(|(x, y)| x == p[0].lower && y == p[1].lower)
                })
            });
        let slot = if class == 0 { &mut dead } else { &mut hurt };
        if slot.is_none() {
            *slot = Some((n, approx));
        }
    }
    (dead, hurt)
}

/// True when a clause boundary lies between two neighbouring words, or the
/// second is a conjunction.
fn breaks(text: &str, a: &Word, b: &Word) -> bool {
    text[a.end..b.start].contains([',', ';', ':'])
        || matches!(b.lower, "and" | "while" | "but" | "whereas")
        || matches!(a.lower, "and" | "while" | "but" | "whereas")
}

/// How specific a place is: a town beats a county, beats a province, beats
/// a country, beats a region.
fn specificity(kind: Kind) -> u8 {
    match kind {
        Kind::City => 5,
        Kind::Admin2 => 4,
        Kind::Admin1 => 3,
        Kind::Country => 2,
        Kind::Demonym => 1,
        Kind::Region | Kind::Continent => 0,
    }
}

/// The article's events, in text order.
///
/// Sentence by sentence; the sentences where a trigger is written
/// ([`trigger_candidates`], found in one pass over the text) are looked at
/// closely ([`sentence_events`]); the others only hand their place on to
/// the next sentence.
pub fn extract(text: &str, mentions: &[ResolvedMention], published: Option<&str>) -> Vec<Event> {
    let times = find_times(text, published.and_then(parse_ymd));
    extract_with_times(text, mentions, published, &times)
}

/// [`extract`] with the article's time expressions already found
/// ([`super::times::find_times`] over the whole text, byte offsets): an
/// event takes the one of its sentence nearest its trigger.
pub fn extract_with_times(
    text: &str,
    mentions: &[ResolvedMention],
    published: Option<&str>,
    times: &[TimeMention],
) -> Vec<Event> {
    let published = published.and_then(parse_ymd);
    let mut candidates = Vec::new();
    let ascii = trigger_candidates(text, &mut candidates);
    // Character offsets of sentences, for the mentions; in ASCII text they
    // are the byte offsets.
    let mut chars = CharCounter::new(text);
    let mut out: Vec<Event> = Vec::new();
    // The place of the previous sentence, for sentences that name none.
    let mut last_place: Option<&ResolvedMention> = None;
    let mut next_candidate = 0;
    // Mentions come in text order, like sentences: a moving window.
    let mut first_mention = 0;
    // Buffers reused from sentence to sentence.
    let mut in_sentence: Vec<&ResolvedMention> = Vec::new();
    let mut buffers = Buffers::default();
    // The start of the first mention not behind us (none: usize::MAX).
    let start_of = |k: usize| mentions.get(k).map_or(usize::MAX, |m| m.start);
    let mut next_mention_start = start_of(0);
    for (s_start, s_end) in Sentences::new(text) {
        while candidates.get(next_candidate).is_some_and(|&c| c < s_start) {
            next_candidate += 1;
        }
        let first_candidate = candidates
            .get(next_candidate)
            .copied()
            .filter(|&c| c < s_end);
        // Past the last mention, a sentence without a trigger changes
        // nothing, and past the last trigger too there is nothing to do.
        if first_mention == mentions.len() && first_candidate.is_none() {
            if next_candidate == candidates.len() {
                break;
            }
            continue;
        }
        let (c_start, c_end) = if ascii {
            (s_start, s_end)
        } else {
            (chars.at(s_start), chars.at(s_end))
        };
        if next_mention_start < c_start {
            while first_mention < mentions.len() && mentions[first_mention].start < c_start {
                first_mention += 1;
            }
            next_mention_start = start_of(first_mention);
        }
        in_sentence.clear();
        if next_mention_start < c_end {
            in_sentence.extend(
                mentions[first_mention..]
                    .iter()
                    .take_while(|m| m.start < c_end)
                    .filter(|m| m.end <= c_end && m.lat.is_some()),
            );
        }
        // One past the limit is enough for the caller to say it was
        // reached.
        if out.len() > MAX_EVENTS {
            break;
        }
        if let Some(first_candidate) = first_candidate {
            // The time expressions inside the sentence.
            let from = times.partition_point(|t| t.start < s_start);
            let to = from + times[from..].partition_point(|t| t.end <= s_end);
            let sentence = Sentence {
                start: s_start,
                end: s_end,
                c_start,
                first_candidate,
                times: &times[from..to],
            };
            sentence_events(
                text,
                sentence,
                &in_sentence,
                last_place,
                published,
                &mut buffers,
                &mut out,
            );
        }
        if !in_sentence.is_empty() {
            if let Some(p) = most_specific(&in_sentence, None, &|_| false) {
                last_place = Some(p);
            }
        }
    }
    out
}

/// A date written `YYYY-MM-DD`, read as chrono's `parse_from_str(s,
/// "%Y-%m-%d")` reads it; the usual ten-byte form without chrono's parser.
fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (number(0, 4), number(5, 7), number(8, 10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A date as its `Display` writes it (`YYYY-MM-DD`), without the formatting
/// machinery for years 0 to 9999.
fn ymd_string(d: NaiveDate) -> String {
    use chrono::Datelike;
    let year = d.year();
    if !(0..=9999).contains(&year) {
        return d.to_string();
    }
    fn push(s: &mut String, n: u32, width: u32) {
        for k in (0..width).rev() {
            s.push(char::from(b'0' + (n / 10u32.pow(k) % 10) as u8));
        }
    }
    let mut s = String::with_capacity(10);
    push(&mut s, year as u32, 4);
    s.push('-');
    push(&mut s, d.month(), 2);
    s.push('-');
    push(&mut s, d.day(), 2);
    s
}

/// Where a sentence is in the text.
#[derive(Clone, Copy)]
struct Sentence<'t> {
    /// Byte offsets.
    start: usize,
    end: usize,
    /// Character offset of `start`.
    c_start: usize,
    /// Byte offset of the first of the [`trigger_candidates`] in it.
    first_candidate: usize,
    /// The article's time expressions inside it.
    times: &'t [TimeMention],
}

/// Byte offsets of the characters of a sentence, for the character offsets
/// of mentions: the identity for ASCII, a table otherwise.
struct CharBytes {
    /// Byte offset of each character; empty when the sentence is ASCII.
    table: Vec<usize>,
    len: usize,
}

impl CharBytes {
    fn new(sentence: &str) -> Self {
        let table = if sentence.is_ascii() {
            Vec::new()
        } else {
            sentence.char_indices().map(|(b, _)| b).collect()
        };
        CharBytes {
            table,
            len: sentence.len(),
        }
    }

    /// Byte offset of the `k`th character, as `char_indices().nth(k)`.
    fn nth(&self, k: usize) -> Option<usize> {
        if self.table.is_empty() {
            (k < self.len).then_some(k)
        } else {
            self.table.get(k).copied()
        }
    }

    /// Characters in the first `b` bytes.
    fn chars_before(&self, b: usize) -> usize {
        if self.table.is_empty() {
            b
        } else {
            self.table.partition_point(|&x| x < b)
        }
    }
}

/// Buffers that [`sentence_events`] reuses from sentence to sentence.
#[derive(Default)]
struct Buffers<'m> {
    /// The sentence, ASCII-lowercased.
    lower: String,
    /// Its words and their lowercase forms: empty between sentences, kept
    /// for their allocations ([`super::recycle`]).
    words: Vec<Word<'static>>,
    lowers: Vec<&'static str>,
    /// The triggers found: (first word, number of words, trigger).
    found: Vec<(usize, usize, &'static super::taxonomy::Trigger)>,
    located: Vec<&'m ResolvedMention>,
}

/// The events of one sentence in which [`trigger_candidates`] found a
/// trigger, pushed onto `out`. `in_sentence` are its located mentions,
/// `last_place` the place of the sentence before.
fn sentence_events<'m>(
    text: &str,
    sentence: Sentence,
    in_sentence: &[&'m ResolvedMention],
    last_place: Option<&'m ResolvedMention>,
    published: Option<NaiveDate>,
    buffers: &mut Buffers<'m>,
    out: &mut Vec<Event>,
) {
    let Sentence {
        start: s_start,
        end: s_end,
        c_start,
        first_candidate,
        times: sentence_times,
    } = sentence;
    let Buffers {
        lower,
        words: words_buffer,
        lowers: lowers_buffer,
        found,
        located,
    } = buffers;
    let sentence_lower = lowercase_into(lower, text, s_start, s_end);
    let mut ws: Vec<Word> = super::recycle(std::mem::take(words_buffer));
    words_into(text, s_start, s_end, sentence_lower, &mut ws);
    let mut lowers: Vec<&str> = super::recycle(std::mem::take(lowers_buffer));
    lowers.extend(ws.iter().map(|w| w.lower));
    found.clear();
    'sentence: {
        let mut i = 0;
        while i < ws.len() {
            match trigger_at(&lowers[i..]) {
                // "March" the month, "Deal" a town: triggers are lowercase
                // words, or capitalised at the start of a sentence.
                Some((t, n))
                    if ws[i].start == s_start
                        || !text[ws[i].start..].starts_with(char::is_uppercase) =>
                {
                    let hedged = lowers[i.saturating_sub(4)..i]
                        .iter()
                        .chain(&lowers[(i + n).min(lowers.len())..(i + n + 2).min(lowers.len())])
                        .any(|w| HEDGE_WORDS.contains(w));
                    // One event per type and subtype in a sentence: "an
                    // explosion … the attack" is one attack.
                    let dup = found
                        .iter()
                        .any(|(_, _, f)| f.kind == t.kind && f.subtype == t.subtype);
                    if !hedged && !dup {
                        found.push((i, n, t));
                    }
                    i += n;
                }
                _ => i += 1,
            }
        }
        // "has suffered attacks for more than a decade": a history, not an
        // event.
        // (ASCII lowercasing finds the same phrases as `to_lowercase`: of the
        // characters that lowercase to ASCII, "K" (Kelvin) gives a "k", which no
        // phrase has, and "İ" an "i" with a combining dot after it.)
        if found.is_empty()
            || (HABITUAL_CUES.iter().any(|c| sentence_lower.contains(c))
                && HABITUAL.iter().any(|h| sentence_lower.contains(h)))
        {
            break 'sentence;
        }
        // The old whole-text filter: an Aho-Corasick match at word boundaries.
        // It agrees with the word-by-word search above but for rare spellings
        // ("air, strike" is found here but is no match there; a match that
        // overlaps an earlier one is not reported), and it decides.
        if !has_trigger_start(text, s_start, first_candidate, s_end) {
            break 'sentence;
        }
        // "Moscow has reinforced its base in Tajikistan": a place followed
        // by a verb is the actor (a government), not where it happened.
        let sentence = &text[s_start..s_end];
        let char_bytes = CharBytes::new(sentence);
        located.clear();
        located.extend(
            in_sentence
                .iter()
                .filter(|m| {
                    let after = char_bytes
                        .nth(m.end - c_start)
                        .map_or("", |b| &sentence[b..]);
                    let next = after
                        .trim_start_matches([' ', '\''])
                        .split(|c: char| !c.is_alphabetic())
                        .next()
                        .unwrap_or("");
                    !ACTOR_VERB_WORDS.contains(next)
                })
                .copied(),
        );
        let located: &[&ResolvedMention] = if located.is_empty() {
            in_sentence
        } else {
            located
        };
        let (dead, hurt) = counts(text, &ws);
        // Character offset of a byte offset inside this sentence.
        let char_at = |b: usize| c_start + char_bytes.chars_before(b - s_start);
        for &(wi, n, trig) in found.iter() {
            let (t_start, t_end) = (ws[wi].start, ws[wi + n - 1].end);
            // The place the trigger governs ("withdrawal of troops from
            // Afghanistan"), else the most specific place in the sentence,
            // else the previous sentence's.
            let (start, end) = (char_at(t_start), char_at(t_end));
            // Places after a locative preposition in the trigger's clause
            // ("a base in Tajikistan") are where things happen; others may
            // be neighbours or actors.
            let sentence_byte = |c: usize| char_bytes.nth(c - c_start).unwrap_or(sentence.len());
            let after_preposition = |m: &ResolvedMention| {
                let (ms, me) = (sentence_byte(m.start), sentence_byte(m.end));
                let (ts, te) = (t_start - s_start, t_end - s_start);
                let between = if ms >= te {
                    &sentence[te..ms]
                } else {
                    &sentence[me.min(ts)..ts]
                };
                let same_clause = !between.contains(';')
                    && !between.contains(", and")
                    && !between.contains(", but");
                let prev = sentence[..ms]
                    .trim_end()
                    .rsplit(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or("");
                same_clause
                    && PLACE_PREPOSITIONS
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(prev))
            };
            let governed = governed_place(&ws, wi + n, in_sentence, &char_at);
            let (place, inherited) = match governed
                .or_else(|| most_specific(located, Some((start, end)), &after_preposition))
            {
                Some(p) => (Some(p), false),
                None => (last_place, last_place.is_some()),
            };
            // The time expression nearest the trigger ("the next day" and
            // "a year earlier" were resolved with the article's context).
            let date = sentence_times
                .iter()
                .min_by_key(|d| d.start.abs_diff(t_start));
            let (date_str, end_date, date_text, source) = match (date, published) {
                (Some(d), _) => (
                    Some(ymd_string(d.date)),
                    d.end_date.map(ymd_string),
                    Some(text[d.start..d.end].to_string()),
                    Some(DateSource::Text),
                ),
                (None, Some(p)) => (
                    Some(ymd_string(p)),
                    None,
                    None,
                    Some(DateSource::Publication),
                ),
                (None, None) => (None, None, None, None),
            };
            let mut kind = trig.kind;
            if kind == super::EventType::Attack
                && matches!(
                    lowers[wi],
                    "explosion" | "explosions" | "blast" | "exploded"
                )
                && lowers.iter().any(|w| ACCIDENT_CUE_WORDS.contains(w))
            {
                kind = super::EventType::Accident; // "a gas explosion at a plant"
            }
            let violent = matches!(
                kind,
                super::EventType::Attack
                    | super::EventType::ArmedClash
                    | super::EventType::NaturalDisaster
                    | super::EventType::Accident
            );
            let (fatalities, injured) = if violent { (dead, hurt) } else { (None, None) };
            let mut confidence: f64 = 0.6;
            if date_text.is_some() {
                confidence += 0.15;
            }
            match (place, inherited) {
                (Some(_), false) => confidence += 0.2,
                (Some(_), true) => confidence -= 0.1,
                (None, _) => confidence -= 0.2,
            }
            out.push(Event {
                kind,
                subtype: trig.subtype.map(str::to_owned),
                trigger: text[t_start..t_end].to_string(),
                date: date_str,
                end_date,
                date_text,
                date_source: source,
                place: place.map(|p| p.name.clone()),
                geonameid: place.and_then(|p| p.geonameid),
                lat: place.and_then(|p| p.lat),
                lon: place.and_then(|p| p.lon),
                fatalities: fatalities.map(|(n, _)| n),
                injured: injured.map(|(n, _)| n),
                approximate: fatalities.is_some_and(|(_, a)| a) || injured.is_some_and(|(_, a)| a),
                actor: actor(text, &ws, wi, s_start),
                sentence: text[s_start..s_end].to_string(),
                start,
                end,
                confidence: (confidence.clamp(0.05, 0.99) * 100.0).round() / 100.0,
            });
        }
    }
    *words_buffer = super::recycle(ws);
    *lowers_buffer = super::recycle(lowers);
}

/// The place right after a preposition within a few words after the
/// trigger ("withdrawal of troops from Afghanistan").
fn governed_place<'m>(
    ws: &[Word],
    after: usize,
    in_sentence: &[&'m ResolvedMention],
    char_at: &dyn Fn(usize) -> usize,
) -> Option<&'m ResolvedMention> {
    for j in after..(after + 6).min(ws.len()) {
        if !PLACE_PREPOSITION_WORDS.contains(ws[j].lower) {
            continue;
        }
        // The first place within three words after the preposition.
        let from = char_at(ws[j].end);
        let limit = ws.get(j + 4).map_or(usize::MAX, |w| char_at(w.start));
        if let Some(m) = in_sentence
            .iter()
            .filter(|m| m.start >= from && m.start < limit && m.kind != Kind::Demonym)
            .min_by_key(|m| m.start)
        {
            return Some(m);
        }
    }
    None
}

/// The most specific place among the sentence's mentions; ties go to one
/// after a locative preposition (`locative`), then to the one nearest the
/// trigger (its character span `near`).
fn most_specific<'m>(
    ms: &[&'m ResolvedMention],
    near: Option<(usize, usize)>,
    locative: &dyn Fn(&ResolvedMention) -> bool,
) -> Option<&'m ResolvedMention> {
    let distance = |m: &ResolvedMention| match near {
        None => m.start,
        Some((_, e)) if m.start >= e => m.start - e,
        Some((s, _)) => s.saturating_sub(m.end),
    };
    ms.iter()
        .filter(|m| m.kind != Kind::Demonym)
        .max_by_key(|m| {
            (
                specificity(m.kind),
                locative(m),
                std::cmp::Reverse(distance(m)),
            )
        })
        .copied()
        .or_else(|| ms.first().copied())
}

/// The subject before a verb trigger, when short and named: "Taliban
/// fighters captured …" → "Taliban fighters"; "the Pentagon announced …".
fn actor(text: &str, ws: &[Word], trigger: usize, s_start: usize) -> Option<String> {
    if trigger == 0 || trigger > 4 {
        return None;
    }
    let first = ws
        .iter()
        .position(|w| w.lower != "the")
        .filter(|&f| f < trigger)?;
    let named = ws[first..trigger]
        .iter()
        .any(|w| text[w.start..].starts_with(char::is_uppercase));
    let verbish = ws[trigger].lower.ends_with("ed") || ws[trigger].lower == "fled";
    (named && verbish).then(|| text[ws[0].start.max(s_start)..ws[trigger - 1].end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{process, Article, Gazetteer};

    fn events(text: &str, date: Option<&str>) -> Vec<Event> {
        let mut a = Article::new("t", text);
        a.date = date.map(Into::into);
        process(Gazetteer::bundled(), &a).events
    }

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

    #[test]
    fn habitual_phrases_have_a_cue() {
        for h in HABITUAL {
            assert!(HABITUAL_CUES.iter().any(|c| h.contains(c)), "{h}");
        }
    }

    #[test]
    fn dates_read_and_written_as_chrono_does() {
        let mut d = NaiveDate::from_ymd_opt(-20, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(10_020, 1, 1).unwrap();
        while d < end {
            assert_eq!(ymd_string(d), d.to_string());
            d = d + chrono::Days::new(13);
        }
        assert_eq!(ymd_string(NaiveDate::MAX), NaiveDate::MAX.to_string());
        assert_eq!(ymd_string(NaiveDate::MIN), NaiveDate::MIN.to_string());
        let chrono = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        for s in [
            "2021-09-01",
            "2020-02-29",
            "2021-02-29",
            "0000-01-01",
            "9999-12-31",
            "2021-00-10",
            "2021-13-01",
            "2021-1-01",
            "2021-01-1",
            "+2021-01-01",
            "2021/01/01",
            " 2021-01-01",
            "2021-01-01 ",
            "20210-01-01",
            "2021-01-0a",
            "",
            "-001-01-01",
            "12345-01-01",
        ] {
            assert_eq!(parse_ymd(s), chrono(s), "{s:?}");
        }
        let mut x = 7u64;
        for _ in 0..20_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1442695040888963407);
            let n = x >> 20;
            let s = format!(
                "{:04}-{:02}-{:02}",
                n % 10_000,
                (n >> 14) % 100,
                (n >> 21) % 100
            );
            assert_eq!(parse_ymd(&s), chrono(&s), "{s:?}");
        }
    }

    #[test]
    fn counts_of_dead_and_injured() {
        let cases: &[(&str, Count, Count)] = &[
            (
                "The blast killed almost 200 people.",
                Some((200, true)),
                None,
            ),
            (
                "Twelve people died and 30 were injured.",
                Some((12, false)),
                Some((30, false)),
            ),
            (
                "The death toll rose to 41 on Sunday.",
                Some((41, false)),
                None,
            ),
            ("Dozens were wounded in the attack.", None, Some((24, true))),
            ("At least 7 people were killed.", Some((7, true)), None),
            ("The storm damaged roofs.", None, None),
        ];
        for (text, dead, hurt) in cases {
            let lower = text.to_ascii_lowercase();
            let ws = words(text, 0, text.len(), &lower);
            assert_eq!(counts(text, &ws), (*dead, *hurt), "{text}");
        }
    }

    #[test]
    fn triggers_types_and_places() {
        // (text, expected (type, trigger, place) per event)
        type Want<'a> = &'a [(&'a str, &'a str, &'a str)];
        let cases: &[(&str, Want)] = &[
            (
                "Fighting broke out in Kharkiv on Monday.",
                &[("armed_clash", "Fighting", "Kharkiv")],
            ),
            (
                "Thousands protested in Santiago against the new tax.",
                &[("protest", "protested", "Santiago")],
            ),
            (
                "The withdrawal of troops from Afghanistan ended near Kabul.",
                &[("military_movement", "withdrawal", "Afghanistan")],
            ),
            (
                "A train derailed outside Lyon, and an air strike hit Aleppo.",
                &[
                    ("accident", "derailed", "Lyon"),
                    ("attack", "air strike", "Aleppo"),
                ],
            ),
            // The capital that acts is no location; the base is.
            (
                "Moscow has reinforced its base in Tajikistan, where it is holding exercises.",
                &[("military_movement", "exercises", "Tajikistan")],
            ),
            // "March" the month is no protest; a statement is no event.
            ("In March the minister spoke about Kenya.", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<(String, String, String)> = events(text, Some("2022-03-20"))
                .into_iter()
                .map(|e| (e.kind.to_string(), e.trigger, e.place.unwrap_or_default()))
                .collect();
            let want: Vec<(String, String, String)> = want
                .iter()
                .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn a_sentence_without_a_place_inherits_the_previous_one_with_less_confidence() {
        let e = events(
            "Troops arrived in Mosul on Tuesday. Fighting continued overnight.",
            Some("2017-03-01"),
        );
        let fight = e.iter().find(|e| e.trigger == "Fighting").unwrap();
        assert_eq!(fight.place.as_deref(), Some("Mosul"));
        let own = events("Fighting continued in Mosul overnight.", Some("2017-03-01"));
        assert!(fight.confidence < own[0].confidence);
    }

    #[test]
    fn dates_fall_back_to_publication_and_to_null() {
        let e = events("Floods hit Dhaka.", Some("2020-07-15"));
        assert_eq!(e[0].date.as_deref(), Some("2020-07-15"));
        assert_eq!(e[0].date_source, Some(DateSource::Publication));
        assert_eq!(e[0].date_text, None);
        let e = events("Floods hit Dhaka.", None);
        assert_eq!(e[0].date, None);
        assert_eq!(e[0].date_source, None);
    }

    #[test]
    fn offsets_are_characters_of_the_trigger() {
        let text = "Über Köln: a blast in Kabul.";
        let e = events(text, None);
        let chars: Vec<char> = text.chars().collect();
        let got: String = chars[e[0].start..e[0].end].iter().collect();
        assert_eq!(got, "blast");
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

        #[test]
        fn never_panics(text in "\\PC{0,300}") {
            let _ = events(&text, Some("2021-09-01"));
        }
    }
}
