//! Finding place-name spans in English text.
//!
//! Jumps from capitalised word to capitalised word, looks up the longest run
//! of up to [`MAX_TOKENS`] tokens in the gazetteer's name index (each key
//! also says whether a longer name starts with it, so the walk stops early),
//! and filters what is plainly not a place: frequent English words at the
//! start of a sentence ("Reading the report…"), people ("President Vladimir
//! Putin", "Jordan Henderson") and organisations ("Washington Post"). It says
//! *where* a name is and which index key it matched; choosing the place is
//! [`crate::resolve`]'s job.

mod case;
mod tokens;

pub use case::recase;

use crate::gazetteer::{fnv1a64, fnv1a64_from, Gazetteer, Kind, Memo, NameEntry, Top, FNV_OFFSET};
use crate::words::WordSet;
use std::collections::HashSet;
use tokens::{Token, Variant};

/// Longest name, in tokens, that the recogniser tries.
pub const MAX_TOKENS: usize = 6;

/// A recognised span.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// Byte offset of the first byte in the text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The normalised index key that matched.
    pub key: String,
    /// True when the key is a demonym ("Russian").
    pub demonym: bool,
    /// What the text and the name index said about the match.
    pub cues: Cues,
}

/// Evidence about a span that the resolver weighs when it decides whether
/// to keep it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cues {
    /// The name is a frequent English word ("Reading").
    pub common: bool,
    /// The name is a frequent surname, and names no major place.
    pub surname: bool,
    /// The name is a given name, and names no major place.
    pub first_name: bool,
    /// The name needed context (a surname or famous word naming minor places).
    pub needs_context: bool,
    /// The first word starts a sentence.
    pub sentence_start: bool,
    /// The name has more than one word.
    pub multi_word: bool,
    /// Written in capitals ("COLUMBUS").
    pub all_caps: bool,
    /// A listed abbreviation ("U.S.", "Ga.").
    pub abbrev: bool,
    /// A locative preposition comes right before ("in", "near").
    pub after_locative: bool,
    /// A verb of government follows or comes right before ("Moscow denied",
    /// "warned Moscow"): metonymy for a capital's government.
    pub governs: bool,
    /// Zipf frequency of the one-word name as an English word.
    pub zipf: f32,
}

/// Words that introduce a person's name. A place name right after one of
/// them is a person ("President Vladimir Putin", "Gov. Jackson").
static TITLES: WordSet = WordSet::new(&[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "gov",
    "governor",
    "sen",
    "senator",
    "rep",
    "president",
    "minister",
    "gen",
    "general",
    "col",
    "colonel",
    "capt",
    "captain",
    "lt",
    "sgt",
    "sergeant",
    "judge",
    "justice",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "sheikh",
    "ambassador",
    "secretary",
    "chancellor",
    "premier",
    "officer",
    "coach",
    "detective",
    "deputy",
    "chief",
    "commander",
    "spokesman",
    "spokeswoman",
    "professor",
    "prof",
    "rev",
    "reverend",
    "father",
    "sister",
    "brother",
    "uncle",
    "aunt",
    "lord",
    "lady",
    "sir",
    "dame",
    "emir",
    "ayatollah",
    "mullah",
    "imam",
    "rabbi",
    "bishop",
    "cardinal",
    "pastor",
    "attorney",
    "sheriff",
    "trooper",
    "agent",
    "councilman",
    "councilwoman",
    "commissioner",
    "supt",
    "st.",
]);

/// Capitalised words that may follow a place name without making it part of
/// an organisation or a person's name ("Kabul Airport", "Texas Gov."); so
/// may the [`CALENDAR`] words ("in Kabul Monday").
static PLACE_FOLLOWERS: WordSet = WordSet::new(&[
    "county",
    "province",
    "state",
    "region",
    "district",
    "river",
    "valley",
    "airport",
    "city",
    "mountains",
    "mountain",
    "lake",
    "island",
    "islands",
    "bay",
    "gulf",
    "sea",
    "coast",
    "border",
    "gov",
    "sen",
    "rep",
    "president",
    "prime",
    "minister",
    "governor",
    "mayor",
    "police",
    "department",
    "council",
    "manager",
    "school",
    "schools",
    "high",
    "middle",
    "elementary",
    "university",
    "college",
    "community",
    "hospital",
    "fire",
    "sheriff",
    "board",
    "public",
    "regional",
    "area",
    "township",
    "chamber",
    "court",
    "library",
    "town",
    "village",
    "volunteer",
    "selectman",
    "selectmen",
    "coroner",
    "jail",
    "health",
    "senior",
    "junior",
    "veterans",
    "circuit",
    "superior",
    "historical",
    "education",
    "officials",
    "authorities",
    "capital",
    "north",
    "south",
    "east",
    "west",
    "the",
    "on",
    "in",
    "and",
    "or",
    "but",
    "as",
    "at",
    "to",
    "for",
]);

/// A town's institutions, which name the town when they follow its name
/// ("Oxford Police", "Reading Borough Council"): context enough for a name
/// that is also a frequent word or a surname. Not courts, colleges or
/// schools, which are named by rank or patron as often as by town
/// ("Superior Court", "Trinity College").
static INSTITUTIONS_OF_TOWNS: WordSet = WordSet::new(&[
    "county",
    "parish",
    "borough",
    "township",
    "city",
    "town",
    "village",
    "police",
    "sheriff",
    "council",
    "mayor",
    "airport",
    "coroner",
    "jail",
    "selectmen",
    "selectman",
]);

/// Words that make the name before them a newspaper's ("The Washington
/// Post", "Kabul Times"), however big the place.
static MEDIA_WORDS: WordSet = WordSet::new(&[
    "post",
    "times",
    "herald",
    "tribune",
    "journal",
    "gazette",
    "chronicle",
    "inquirer",
    "examiner",
    "dispatch",
    "sentinel",
    "courier",
    "bulletin",
    "telegraph",
    "observer",
]);

/// Month and weekday names: towns too ("August", California), but in news
/// nearly always dates, even after "in".
pub(crate) static CALENDAR: WordSet = WordSet::new(&[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]);

/// Closed-class words that name-lists carry as given names too ("The",
/// "In", "An" are Vietnamese and Korean names): never a given name before a
/// place in English text.
static FUNCTION_WORDS: WordSet = WordSet::new(&[
    "a", "an", "the", "in", "on", "at", "to", "of", "and", "but", "or", "for", "by", "as", "if",
    "so", "no", "its", "his", "her", "our", "their", "this", "that", "these", "those", "when",
    "while", "after", "before", "from", "with", "into", "all", "some", "many", "most", "both",
]);

/// Holidays: towns too ("Christmas", Florida), but in news dates.
static HOLIDAYS: WordSet = WordSet::new(&[
    "christmas",
    "easter",
    "thanksgiving",
    "halloween",
    "ramadan",
]);

/// One-word compass names ("North", Cameroon's North Region): on their own
/// they are directions or parts of longer names ("North Avenue").
static COMPASS: WordSet = WordSet::new(&[
    "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
]);

/// Names that are also generic words for a feature, wrong when a longer
/// name continues with "of" ("Gulf of Mexico").
static GENERIC_FEATURES: WordSet = WordSet::new(&[
    "gulf", "bay", "sea", "strait", "straits", "isle", "lake", "cape",
]);

/// Buildings that stand for an institution ("the White House said"), not
/// the towns named like them (White House, Tennessee).
static INSTITUTIONS: WordSet = WordSet::new(&["white house", "pentagon", "kremlin"]);

/// Verbs of saying: a name right before or after one is a speaker
/// ("Roberts said", "said Meredith").
static SAYING: WordSet = WordSet::new(&["said", "says", "told", "added", "explained", "testified"]);

/// Verbs whose subject, when a capital's name, is its government
/// ("Washington warned", "Moscow denied"): metonymy keeps such names at the
/// capital.
static GOVERNMENT_VERBS: WordSet = WordSet::new(&[
    "said",
    "says",
    "warned",
    "announced",
    "accused",
    "urged",
    "demanded",
    "rejected",
    "denied",
    "agreed",
    "signed",
    "threatened",
    "imposed",
    "condemned",
    "insisted",
    "responded",
    "claimed",
    "refused",
    "expelled",
    "protested",
    "vowed",
    "blamed",
    "recognised",
    "recognized",
    "sanctioned",
]);

/// Zipf frequency from which a name of minor places is, as a word, nearly
/// always something else ("Obama", "Toyota", "Hamas"): such names need the
/// same locative context as frequent English words.
const FAMOUS_WORD_ZIPF: f32 = 4.0;

/// Prepositions after which a capitalised common word is a place ("moved to
/// Reading", "a hotel in Nice").
static LOCATIVES: WordSet = WordSet::new(&[
    "in", "at", "near", "from", "to", "outside", "into", "across", "around", "toward", "towards",
    "through", "via", "inside", "between",
]);

/// US states' two-letter postal codes ("TN", "CA"), listed as abbreviations
/// in capitals (`gazetteer/extra_names.tsv`; "DC" is a place on its own).
/// Two capitals are too often something else ("the MN countryside" is
/// fine, "CA" is also a chartered accountant), so a code is a state only
/// after "Town, " ("Selmer, TN") or after a locative ("in NY"), and only
/// in a line in ordinary case (`case.rs` lowercases them in capitals).
pub(super) static POSTAL_CODES: WordSet = WordSet::new(&[
    "ak", "al", "ar", "az", "ca", "co", "ct", "de", "fl", "ga", "hi", "ia", "id", "il", "in", "ks",
    "ky", "la", "ma", "md", "me", "mi", "mn", "mo", "ms", "mt", "nc", "nd", "ne", "nh", "nj", "nm",
    "nv", "ny", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "va", "vt", "wa", "wi",
    "wv", "wy",
]);

/// Postal codes that are also words or other places in capitals ("STAY IN
/// OR GO", "OK", "in LA" for Los Angeles): states only after "Town, ".
static POSTAL_WORDS: WordSet = WordSet::new(&["in", "or", "me", "ok", "hi", "oh", "id", "la"]);

/// How the name at `start..end` of `text` stands in a hashtag: the whole
/// tag ("#Ferguson"), a word of a tag in camel case ("#PrayForGaza",
/// "#FergusonOctober"), or neither ("a#b", "#Fergusonville").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tagged {
    No,
    Whole,
    Word,
}

fn hashtag(text: &str, start: usize, end: usize) -> Tagged {
    let before = text[..start].trim_end_matches(|c: char| c.is_alphanumeric());
    let after = &text[end..];
    let opens = before.strip_suffix('#').is_some_and(|b| {
        !b.chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    });
    let follows = after.chars().next();
    if !opens || follows.is_some_and(|c| c.is_lowercase() || c.is_numeric() || c == '_') {
        return Tagged::No;
    }
    // `before` keeps the "#": the name starts the tag.
    if before.len() == start && !follows.is_some_and(char::is_alphanumeric) {
        return Tagged::Whole;
    }
    // A word of a tag in camel case. `split_compounds` cuts only tags
    // whose words are written Xxxx with four letters or more, or are short
    // particles ("For"), and that are not cut off ("#RedCro…"); the
    // particles are no words of the tag here.
    if text[start..end].chars().count() >= 4 {
        Tagged::Word
    } else {
        Tagged::No
    }
}

/// Short words a hashtag in camel case may hold besides names
/// ("#PrayForGaza", "#ComeOutKarachi").
static CAMEL_PARTICLES: WordSet = WordSet::new(&[
    "for", "and", "to", "of", "the", "in", "out", "on", "up", "my", "we", "no", "is", "at", "by",
    "our", "all",
]);

/// True when the word at byte `start` of `text` is part of a handle
/// ("@Queen_UK", "@RT_America"): a user's name, not a place.
fn in_handle(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches(|c: char| c.is_alphanumeric() || c == '_');
    before.ends_with('@')
}

/// Finds place-name spans in `text`, in order, not overlapping.
pub fn recognize(gaz: &Gazetteer, text: &str) -> Vec<Span> {
    recognize_limited(gaz, text, usize::MAX).spans
}

/// What [`recognize_limited`] found.
#[derive(Clone, Debug, PartialEq)]
pub struct Recognized {
    /// The spans, in order.
    pub spans: Vec<Span>,
    /// Byte offset from which the text was not searched, when the limit
    /// on spans was reached before its end.
    pub stopped_at: Option<usize>,
}

/// [`recognize`], stopping once `max_spans` names have been found: the
/// text after that is not searched, and [`Recognized::stopped_at`] says
/// where that is. This bounds the memory an article can take ("Kabul "
/// repeated over 16 MB once took 2.9 GB).
pub fn recognize_limited(gaz: &Gazetteer, text: &str, max_spans: usize) -> Recognized {
    gaz.with_memo(|memo| recognize_with(memo, text, max_spans))
}

/// Bytes of text the recogniser tokenises at a time: a long text is read
/// in segments of about this size, cut at a line break or a space, so the
/// token list never holds more than one segment's. News articles are far
/// smaller and are read in one.
const SEGMENT_BYTES: usize = 1 << 20;

/// Where the segment of `text` from `from` ends: at most [`SEGMENT_BYTES`]
/// on, after the last line break in its last 64 KiB, else after its last
/// space, else at a char boundary. Names never span a line break.
fn segment_end(text: &str, from: usize) -> usize {
    let limit = from + SEGMENT_BYTES;
    if limit >= text.len() {
        return text.len();
    }
    let bytes = &text.as_bytes()[from..limit];
    let tail = bytes.len() - (64 << 10).min(bytes.len());
    if let Some(k) = memchr::memrchr(b'\n', &bytes[tail..]) {
        return from + tail + k + 1;
    }
    if let Some(k) = memchr::memrchr(b' ', bytes) {
        return from + k + 1;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// [`recognize_limited`], with lookups going through this thread's memo
/// (news asks for the same keys again and again).
fn recognize_with(gaz: &mut Memo<'_, '_>, text: &str, max_spans: usize) -> Recognized {
    let mut spans = Vec::new();
    // Keys used for people, and keys that had their context somewhere:
    // sets, so that an article of thousands of names costs no more per
    // name than one of ten.
    let mut people: HashSet<String> = HashSet::new();
    // Names that need context ("Jennings", a surname and a town) and the
    // keys that had it somewhere in the article ("moved to Jennings").
    let mut pending: Vec<Span> = Vec::new();
    let mut confirmed: HashSet<String> = HashSet::new();
    // Byte end of the last name judged a person's.
    let mut person_end: Option<usize> = None;
    let mut key = Vec::new();
    // The key of the current match ([`Match`]), in a buffer of its own.
    let mut best_key = Vec::new();
    let mut stopped_at = None;
    let mut from = 0;
    'segments: while from < text.len() {
        let to = segment_end(text, from);
        // Capitalised words and the word before each: the words after a
        // name are read on demand ([`longest_match`], [`accept`]).
        let toks: Vec<Token> = split_compounds(gaz, text, tokens::windows_in(text, from, to, 0));
        // Hash the written form of each capitalised word (and with its dot,
        // when one follows) and load what their lookups will read in one
        // batch.
        let bytes = text.as_bytes();
        let mut hashes: Vec<u64> = Vec::with_capacity(toks.len() + 8);
        for t in toks.iter().filter(|t| t.cap) {
            let word = &bytes[t.start..t.end];
            if word.is_ascii() {
                let h = word.iter().fold(FNV_OFFSET, |h, &b| {
                    fnv1a64_from(h, &[b.to_ascii_lowercase()])
                });
                if bytes.get(t.end) == Some(&b'.') {
                    hashes.push(fnv1a64_from(h, b"."));
                }
                hashes.push(h);
            }
        }
        gaz.prefetch(&hashes);
        // Where the next segment starts: after this one, or after a name
        // that runs past its end.
        let mut next_from = to;
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            if !t.capitalised() {
                i += 1;
                continue;
            }
            if spans.len() + pending.len() >= max_spans {
                stopped_at = Some(t.start);
                break 'segments;
            }
            match longest_match(gaz, text, &toks, i, &mut key, &mut best_key) {
                Some(m) => {
                    let around = Around::read(text, &toks, i, &m);
                    let mut verdict = accept(gaz, text, &toks[i], &m, &best_key, &around);
                    // The word after a given name is the surname ("Jordan
                    // Henderson"), unless it names a country or area.
                    if verdict != Verdict::Person
                        && !m.area_or_country
                        && person_end.is_some_and(|e| text.get(e..toks[i].start) == Some(" "))
                    {
                        verdict = Verdict::Person;
                    }
                    person_end = (verdict == Verdict::Person).then_some(m.end);
                    let cues = cues(text, &toks[i], &m, &around);
                    let strong = m.strong;
                    let span = Span {
                        start: toks[i].start,
                        end: m.end,
                        demonym: m.entry_demonym,
                        // A span that is no place is dropped: its key is not copied.
                        key: if verdict == Verdict::Other {
                            String::new()
                        } else {
                            // Lowercased `str` slices and ASCII: UTF-8.
                            std::str::from_utf8(&best_key)
                                .unwrap_or_default()
                                .to_owned()
                        },
                        cues,
                    };
                    match verdict {
                        Verdict::Place => {
                            if span.cues.needs_context || span.cues.common {
                                confirmed.insert(span.key.clone());
                            }
                            spans.push((span, strong));
                        }
                        Verdict::NeedsContext => pending.push(span),
                        Verdict::Person => {
                            people.insert(span.key);
                        }
                        Verdict::Other => {}
                    }
                    let end = m.last.end;
                    next_from = next_from.max(end);
                    while toks.get(i).is_some_and(|t| t.start < end) {
                        i += 1;
                    }
                }
                None => i += 1,
            }
        }
        from = next_from;
    }
    // One sense per article: a name that needs context counts everywhere
    // once the article gives it ("moved to Jennings … Jennings council").
    if !pending.is_empty() {
        spans.extend(
            pending
                .into_iter()
                .filter(|s| confirmed.contains(&s.key))
                .map(|s| (s, false)),
        );
        spans.sort_by_key(|(s, _)| s.start);
    }
    // A name the article uses for a person once ("President Obama") is a
    // person everywhere in it ("Obama said"), unless it is a country or a
    // first-level area.
    let spans = spans
        .into_iter()
        .filter(|(s, strong)| *strong || s.demonym || !people.contains(&s.key))
        .map(|(s, _)| s)
        .collect();
    Recognized { spans, stopped_at }
}

/// `toks` with each hyphenated compound of capitalised parts that is no
/// name itself cut into its parts: "Fargo-Moorhead", "Paris-Henry County",
/// "Egyptian-US relations", a legislator's "D-Minneapolis" or
/// "R-Elbow Lake". A compound the index holds ("Winston-Salem",
/// "Guinea-Bissau") stays whole, and a lowercase tail ("Kabul-based") is
/// left to the lookup's variants.
fn split_compounds(gaz: &mut Memo<'_, '_>, text: &str, toks: Vec<Token>) -> Vec<Token> {
    let bytes = text.as_bytes();
    let cut_at = |t: &Token, k: usize| {
        bytes[k] == b'-'
            && k > t.start
            && crate::text::char_at(text, k + 1).is_some_and(char::is_uppercase)
    };
    // "#PrayForGaza": a hashtag in camel case is cut where a capital
    // follows a lowercase letter.
    let camel_at = |t: &Token, k: usize| {
        k > t.start && bytes[k].is_ascii_uppercase() && bytes[k - 1].is_ascii_lowercase()
    };
    // Only a tag whose words are all written Xxxx (four letters or more)
    // or are short particles is cut: "#JammuAndKashmir", not "#PolTwt",
    // "#GiftANet" or a tag cut off ("#RedCro…").
    let camel_words = |t: &Token| {
        let mut from = t.start;
        for to in (t.start + 1..t.end)
            .filter(|&k| camel_at(t, k))
            .chain(std::iter::once(t.end))
        {
            let w = &text[from..to];
            let name_like = w.len() >= 4 && w.bytes().skip(1).all(|b| b.is_ascii_lowercase());
            if !(w.is_ascii() && (name_like || CAMEL_PARTICLES.contains(&w.to_ascii_lowercase()))) {
                return false;
            }
            from = to;
        }
        true
    };
    let camel = |t: &Token| {
        t.cap
            && text[..t.start].ends_with('#')
            && (t.start + 1..t.end).any(|k| camel_at(t, k))
            && !text[t.end..].starts_with(['…', '.'])
            && camel_words(t)
    };
    let compound =
        |t: &Token| (!t.plain && t.cap && (t.start..t.end).any(|k| cut_at(t, k))) || camel(t);
    if !toks.iter().any(compound) {
        return toks;
    }
    let mut out = Vec::with_capacity(toks.len() + 4);
    let mut key = Vec::new();
    for t in toks {
        if !compound(&t) {
            out.push(t);
            continue;
        }
        key.clear();
        push_lower_in(&mut key, text, t.start, t.end);
        if gaz
            .entry_top_hashed(&key, fnv1a64(&key))
            .is_some_and(|(e, _)| e.is_name())
        {
            out.push(t);
            continue;
        }
        let camel_case = camel(&t);
        let mut start = t.start;
        for k in (t.start..t.end)
            .filter(|&k| cut_at(&t, k) || (camel_case && camel_at(&t, k)))
            .chain(std::iter::once(t.end))
        {
            let part = &text[start..k];
            out.push(Token {
                start,
                end: k,
                cap: part.chars().next().is_some_and(char::is_uppercase),
                plain: !part
                    .bytes()
                    .any(|b| matches!(b, b'.' | b'\'' | b'-') || b >= 0x80),
            });
            // A hyphen is skipped; a camel-case cut has none.
            start = if bytes.get(k) == Some(&b'-') {
                k + 1
            } else {
                k
            };
        }
    }
    out
}

/// What [`accept`] decided about a match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    Place,
    /// A person's name: other bare uses of it in the article are too.
    Person,
    /// A place only if the article elsewhere uses the name as one.
    NeedsContext,
    Other,
}

/// The longest name starting at token `first`.
struct Match {
    /// The last token in the name.
    last: Token,
    /// The token after the name (`None` at the end of the text), when the
    /// walk read it.
    next: Option<Option<Token>>,
    /// How many tokens the name has.
    words: usize,
    /// Byte end of the span.
    end: usize,
    entry_demonym: bool,
    common: bool,
    first_name: bool,
    surname: bool,
    zipf: f32,
    /// A name of minor places that is usually something else: a frequent
    /// surname or a famous word ("Roberts", "Obama"). It needs context.
    needs_context: bool,
    abbrev: bool,
    variant: Variant,
    /// The best candidate is major ([`is_major`]): a name that stays a
    /// place inside an organisation's name ("the Texas Forest Service").
    strong: bool,
    /// The best candidate is a country, region or first-level area.
    area_or_country: bool,
}

/// The longest name starting at token `first`, with its index key left in
/// `best_key`; `key` is scratch space.
fn longest_match(
    gaz: &mut Memo<'_, '_>,
    text: &str,
    toks: &[Token],
    first: usize,
    key: &mut Vec<u8>,
    best_key: &mut Vec<u8>,
) -> Option<Match> {
    key.clear();
    let mut best: Option<Match> = None;
    // Byte end of the previous token as the name continues through it.
    let mut prev_end = toks[first].start;
    // The name's words after the first are read on demand: most names stop
    // at their first word.
    let mut t = toks[first];
    // `fnv1a64` of `key` as it stands before the current token: the hash of
    // each key tried continues from it.
    let mut base_hash = FNV_OFFSET;
    for j in first..first + MAX_TOKENS {
        if j > first {
            let next = tokens::token_after(text, &t);
            // The token after the best name so far: [`accept`] reads it.
            if let Some(b) = best.as_mut().filter(|b| b.words == j - first) {
                b.next = Some(next);
            }
            let Some(next) = next else {
                break;
            };
            t = next;
            // Names run over plain spaces only: not over a line break, a
            // comma or a dash between words.
            let gap = &text[prev_end..t.start];
            if gap.is_empty() || !gap.bytes().all(|b| b == b' ' || b == b'\t') {
                break;
            }
            key.push(b' ');
            base_hash = fnv1a64_from(base_hash, b" ");
        }
        let base_len = key.len();
        // The word as written, lowercased and hashed once: the dotted
        // variant extends it.
        push_lower_in(key, text, t.start, t.end);
        let written_len = key.len();
        let written_hash = fnv1a64_from(base_hash, &key[base_len..]);
        let mut found_name = false;
        // End and hash of the variant the name continues through (the key
        // is rebuilt from it rather than cloned for every token).
        let mut cont: Option<(usize, u64)> = None;
        // Variants, most specific first: with a trailing dot ("U.S." /
        // "Ga."), as written, without "'s", before "-based".
        for &(v_end, kind) in t.variants(text).as_slice() {
            // Once a name is found, only a dotted or written form that
            // continues it is still worth a lookup.
            if found_name && (cont.is_some() || !matches!(kind, Variant::Dot | Variant::Written)) {
                break;
            }
            key.truncate(written_len);
            let hash = match kind {
                Variant::Written => written_hash,
                Variant::Dot => {
                    key.push(b'.');
                    fnv1a64_from(written_hash, b".")
                }
                Variant::Possessive | Variant::HyphenHead => {
                    key.truncate(base_len);
                    push_lower_in(key, text, t.start, v_end);
                    fnv1a64_from(base_hash, &key[base_len..])
                }
            };
            let word = &text[t.start..v_end];
            let Some((e, top)) = gaz.entry_top_hashed(key, hash) else {
                continue;
            };
            if !found_name && e.is_name() && last_word_ok(word, j > first, &e) {
                found_name = true;
                let strong = is_strong_place(&e, top);
                let one_word = j == first;
                best_key.clear();
                best_key.extend_from_slice(key);
                best = Some(Match {
                    last: t,
                    next: None,
                    words: j - first + 1,
                    end: v_end,
                    entry_demonym: e.is_demonym(),
                    common: e.is_common_word(),
                    first_name: e.is_first_name(),
                    surname: e.is_surname(),
                    zipf: e.zipf(),
                    needs_context: one_word
                        && !strong
                        && !e.is_common_word()
                        && !e.is_demonym()
                        && (e.is_surname() || e.zipf() >= FAMOUS_WORD_ZIPF),
                    abbrev: e.is_abbrev(),
                    variant: kind,
                    strong,
                    area_or_country: top.is_some_and(|t| {
                        matches!(
                            t.kind,
                            Kind::Continent | Kind::Region | Kind::Country | Kind::Admin1
                        )
                    }),
                });
            }
            if cont.is_none() && e.is_prefix() && matches!(kind, Variant::Dot | Variant::Written) {
                cont = Some((v_end, hash));
            }
        }
        match cont {
            Some((end, hash)) => {
                key.truncate(written_len);
                if end > t.end {
                    key.push(b'.');
                }
                base_hash = hash;
                prev_end = end;
            }
            None => break,
        }
    }
    best
}

/// Case rules for the word that ends a name: short words must be written in
/// capitals ("US", not "Us"), abbreviations as listed ("Ga."), and a name
/// may not end in a lowercase word.
fn last_word_ok(word: &str, multi_word: bool, e: &NameEntry<'_>) -> bool {
    let upper_first = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // Inside a name of several words, an article joined to a capital
    // ("Deir ez-Zor", "Ras al-Ain", "Deir el-Balah") ends it as well.
    let joined = || {
        multi_word
            && word
                .split_once('-')
                .is_some_and(|(_, rest)| upper_first(rest))
    };
    if !upper_first(word) && !joined() {
        return false;
    }
    if multi_word || word.as_bytes().contains(&b'.') {
        return true; // "Rio Grande do Sul", "U.S.", "Ga."
    }
    let all_caps = no_lowercase(word);
    if e.is_abbrev() {
        // Listed abbreviations without dots are written in capitals ("US",
        // "USA"), not "Us" or "Usa", unless listed in mixed case ("Qld").
        return all_caps || e.is_mixed_case_abbrev();
    }
    let letters = letters_up_to_five(word);
    if all_caps && letters <= 4 {
        // "KBR", "IRS", "II": acronyms, not the towns that share the letters.
        return false;
    }
    // "Of", "As": too short to tell from ordinary words; three letters pass
    // when they are no frequent word ("Gao", "Ufa", but not "Man").
    letters > 3 || all_caps || (letters == 3 && !e.is_common_word() && e.zipf() < 3.0)
}

/// True when no letter of `word` is lowercase. ASCII bytes are read as
/// they are, stopping at the first lowercase one; only words with other
/// characters are decoded.
fn no_lowercase(word: &str) -> bool {
    !word.bytes().any(|b| b.is_ascii_lowercase())
        && (word.is_ascii() || word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()))
}

/// How many letters `word` has, counted up to five: the case rules compare
/// the count with 1, 3 and 4 only.
fn letters_up_to_five(word: &str) -> usize {
    if word.is_ascii() {
        word.bytes().filter(u8::is_ascii_alphabetic).take(5).count()
    } else {
        word.chars().filter(|c| c.is_alphabetic()).take(5).count()
    }
}

/// The letters at byte `i` of `text` (a char boundary), up to the first
/// character that is no letter: "said" at the start of "said, ...".
fn letters_at(text: &str, i: usize) -> &str {
    let rest = &text[i..];
    let b = rest.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if b.get(n).is_some_and(|c| !c.is_ascii()) {
        // A non-ASCII character: it may be a letter too.
        let len = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(rest.len(), |(k, _)| k);
        return &rest[..len];
    }
    &rest[..n]
}

/// Eight bytes of `bytes` from `at` as the lanes of a `u64`, first byte
/// lowest, with the lanes at or past `end` (> `at`) set to 0. Read in one
/// load where eight bytes are left.
fn lanes(bytes: &[u8], at: usize, end: usize) -> u64 {
    let n = end - at;
    let x = match bytes.get(at..at + 8) {
        Some(c) => u64::from_le_bytes(c.try_into().expect("eight bytes")),
        None => bytes[at..end]
            .iter()
            .rev()
            .fold(0, |x, &b| x << 8 | u64::from(b)),
    };
    if n >= 8 {
        x
    } else {
        x & ((1 << (8 * n)) - 1)
    }
}

/// Eight ASCII bytes (the lanes of `x`) with 'A'..='Z' lowercased: 0x20
/// added to the lanes holding them ([`tokens::upper_lanes`]).
fn lower_lanes(x: u64) -> u64 {
    x | tokens::upper_lanes(x) >> 2
}

/// Appends `word` as an index key spells it: lowercased, curly apostrophes
/// straight. The bytes are UTF-8.
fn push_lower(key: &mut Vec<u8>, word: &str) {
    push_lower_in(key, word, 0, word.len());
}

/// [`push_lower`] for the word at bytes `start..end` of `text` (char
/// boundaries). ASCII is lowercased eight bytes at a time
/// ([`lower_lanes`]), read from the text past the word's end where it can
/// be; the padding is cut off.
fn push_lower_in(key: &mut Vec<u8>, text: &str, start: usize, end: usize) {
    let bytes = text.as_bytes();
    let at = key.len();
    let mut k = start;
    while k < end {
        let x = lanes(bytes, k, end);
        if x & tokens::HIGH != 0 {
            break; // Not ASCII: the word is decoded below.
        }
        key.extend_from_slice(&lower_lanes(x).to_le_bytes());
        k += 8;
    }
    if k >= end {
        key.truncate(at + (end - start));
        return;
    }
    key.truncate(at);
    let word = &text[start..end];
    let mut buf = [0u8; 4];
    for ch in word.chars() {
        match ch {
            '\u{2019}' | '\u{2018}' => key.push(b'\''),
            c if c.is_ascii() => key.push(c.to_ascii_lowercase() as u8),
            c => {
                for l in c.to_lowercase() {
                    key.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
    }
}

/// A word lowercased as [`push_lower`] does. Short ASCII words (nearly all
/// that the filters look at) stay on the stack: no allocation per word.
enum Lower {
    Short([u8; 24], u8),
    Long(Vec<u8>),
}

impl Lower {
    fn bytes(&self) -> &[u8] {
        match self {
            Lower::Short(b, n) => &b[..usize::from(*n)],
            Lower::Long(s) => s,
        }
    }

    /// True when the word is one of `set`.
    fn is_in(&self, set: &WordSet) -> bool {
        set.contains_bytes(self.bytes())
    }

    /// The word's index entry and best candidate ([`Memo::entry_top`]).
    fn entry_top<'g>(&self, gaz: &mut Memo<'g, '_>) -> Option<(NameEntry<'g>, Option<Top>)> {
        let w = self.bytes();
        gaz.entry_top_hashed(w, fnv1a64(w))
    }
}

/// The word of token `t` without trailing dots, lowercased ([`Lower`]).
fn lower_word(text: &str, t: &Token) -> Lower {
    let bytes = text.as_bytes();
    let mut end = t.end;
    while end > t.start && bytes[end - 1] == b'.' {
        end -= 1;
    }
    let len = end - t.start;
    if len <= 24 {
        // Eight bytes at a time, as [`push_lower_in`] reads them; the lanes
        // past the word stay 0.
        let mut b = [0u8; 24];
        let mut ascii = true;
        for (k, d) in (t.start..end).step_by(8).zip(b.chunks_exact_mut(8)) {
            let x = lanes(bytes, k, end);
            ascii &= x & tokens::HIGH == 0;
            d.copy_from_slice(&lower_lanes(x).to_le_bytes());
        }
        if ascii {
            return Lower::Short(b, len as u8);
        }
    }
    let mut s = Vec::new();
    push_lower(&mut s, &text[t.start..end]);
    Lower::Long(s)
}

/// True when the word names a country or first-level area first of all
/// ("Texas", "Ga.", "France"): the second half of "City, State".
fn is_state_or_country(gaz: &mut Memo<'_, '_>, text: &str, t: &Token) -> bool {
    let mut key = Vec::new();
    t.variants(text).as_slice().iter().any(|&(end, _)| {
        key.clear();
        push_lower(&mut key, &text[t.start..end]);
        gaz.entry_top_hashed(&key, fnv1a64(&key))
            .is_some_and(|(e, top)| {
                !e.is_demonym()
                    && top.is_some_and(|t| matches!(t.kind, Kind::Country | Kind::Admin1))
            })
    })
}

/// A place whose name stays a place even where it could be a person's or
/// part of an organisation's: a continent, region, country or feature (a
/// river, sea, range or airport), or an area or city of 100,000 people or
/// more.
fn is_major(kind: Kind, population: u64) -> bool {
    // Features are hand-picked rivers, seas and ranges, and airports:
    // "the Mediterranean" and "Java" are places despite their frequency.
    matches!(
        kind,
        Kind::Continent | Kind::Region | Kind::Country | Kind::Feature
    ) || population >= 100_000
}

/// True when the entry's best sense (`top`, from [`Memo::entry_top`]) is
/// major ([`is_major`]): "Houston" in "Houston Texas" is not a given name.
fn is_strong_place(e: &NameEntry<'_>, top: Option<Top>) -> bool {
    e.is_name() && top.is_some_and(|t| is_major(t.kind, t.population))
}

/// What the text around a match says, read once for [`accept`] and
/// [`cues`].
struct Around<'t> {
    /// The token before the name, and that word lowercased.
    prev: Option<(Token, Lower)>,
    /// The letters after the name and one space ("said" in "Roberts said,"),
    /// when a space follows the name.
    word_after: Option<&'t str>,
    /// The name's first word opens a sentence ([`tokens::sentence_initial`]).
    sentence_start: bool,
}

impl<'t> Around<'t> {
    /// Reads the text around match `m`, whose first token is `toks[first]`.
    fn read(text: &'t str, toks: &[Token], first: usize, m: &Match) -> Around<'t> {
        Around {
            prev: first
                .checked_sub(1)
                .map(|p| (toks[p], lower_word(text, &toks[p]))),
            word_after: text[m.end..]
                .starts_with(' ')
                .then(|| letters_at(text, m.end + 1)),
            sentence_start: tokens::sentence_initial(text, toks[first].start),
        }
    }
}

/// The cues a span carries to the resolver; `first` is the name's first
/// token.
fn cues(text: &str, first: &Token, m: &Match, around: &Around<'_>) -> Cues {
    let word = &text[first.start..m.end];
    // A place tagged in a post ("#Ferguson") is placed as "in Ferguson" is.
    let after_locative = around.prev.as_ref().is_some_and(|(p, w)| {
        text[p.end..first.start].bytes().all(|b| b == b' ') && w.is_in(&LOCATIVES)
    }) || hashtag(text, first.start, m.end) != Tagged::No;
    // A person's-name cue is only a doubt about names of minor places:
    // "Washington" and "Jordan" are places first.
    Cues {
        common: m.common,
        surname: m.surname && !m.strong,
        first_name: m.first_name && !m.strong,
        needs_context: m.needs_context,
        sentence_start: around.sentence_start,
        multi_word: m.words > 1,
        all_caps: no_lowercase(word) && letters_up_to_five(word) > 1,
        abbrev: m.abbrev,
        after_locative,
        // "Moscow denied", "warned Moscow": the government's subject or object.
        governs: around
            .word_after
            .is_some_and(|w| GOVERNMENT_VERBS.contains(w))
            || around.prev.as_ref().is_some_and(|(p, _)| {
                text[p.end..first.start] == *" " && GOVERNMENT_VERBS.contains(&text[p.start..p.end])
            }),
        zipf: m.zipf,
    }
}

/// Filters for what is plainly not a place.
/// `first` is the name's first token and `key` the match's index key.
fn accept(
    gaz: &mut Memo<'_, '_>,
    text: &str,
    first: &Token,
    m: &Match,
    key: &[u8],
    around: &Around<'_>,
) -> Verdict {
    if in_handle(text, first.start) {
        return Verdict::Other;
    }
    if m.entry_demonym {
        return Verdict::Place;
    }
    let next = m.next.unwrap_or_else(|| tokens::token_after(text, &m.last));
    let next = next.as_ref();
    // "…, Tennessee": the second half of "City, State".
    let before_comma_place = text[m.end..].starts_with(", ")
        && next.is_some_and(|n| n.capitalised() && is_state_or_country(gaz, text, n));
    // "the Gulf of Gdańsk", "the Bay of Bengal": a longer name the index
    // lacks, not the region called "the Gulf".
    let of_follows = text[m.end..].starts_with(" of ");
    if COMPASS.contains_bytes(key)
        || HOLIDAYS.contains_bytes(key)
        || (of_follows && GENERIC_FEATURES.contains_bytes(key))
        || (INSTITUTIONS.contains_bytes(key) && !before_comma_place)
    {
        return Verdict::Other;
    }
    let prev = around.prev.as_ref();
    let prev_adjacent = prev.filter(|(p, _)| {
        // "Mr. Lincoln": the title's dot belongs to it.
        let gap = &text[p.end..first.start];
        let gap = gap.strip_prefix('.').unwrap_or(gap);
        !gap.is_empty() && gap.bytes().all(|b| b == b' ')
    });
    // "in 500 B.C.": the era after a year, not British Columbia.
    if m.abbrev
        && key.starts_with(b"b.c")
        && prev_adjacent
            .is_some_and(|(p, _)| text[p.start..p.end].bytes().all(|b| b.is_ascii_digit()))
    {
        return Verdict::Other;
    }
    let after_locative = prev_adjacent.is_some_and(|(_, w)| w.is_in(&LOCATIVES));
    // "Selmer, TN", "in NY": a state's postal code ([`POSTAL_CODES`]).
    if m.abbrev && key.len() == 2 && POSTAL_CODES.contains_bytes(key) {
        let after_town =
            prev.is_some_and(|(p, _)| text[p.end..first.start] == *", " && p.capitalised());
        return if after_town || (after_locative && !POSTAL_WORDS.contains_bytes(key)) {
            Verdict::Place
        } else {
            Verdict::Other
        };
    }
    let next_adjacent = next.filter(|n| {
        let gap = &text[m.end..n.start];
        !gap.is_empty() && gap.bytes().all(|b| b == b' ') && m.variant != Variant::Possessive
    });

    // A person: "President Vladimir Putin", "Chiquita Raquel Henry",
    // "Jay Roberts", "Michael Jordan".
    if let Some((p, w)) = prev_adjacent {
        if p.capitalised() {
            if w.is_in(&TITLES) {
                return Verdict::Person;
            }
            // Only a title keeps its dot ("Mr. Lincoln"); "in May. Jennings"
            // is two sentences.
            let dotted = text[p.end..].starts_with('.');
            let function_word = w.is_in(&FUNCTION_WORDS);
            let looked_up = (!dotted && !function_word).then(|| w.entry_top(gaz));
            if let Some((pe, top)) = looked_up.flatten() {
                // "The", "Will", "May": frequent words before a name are
                // given names only before a surname ("Will Roberts", not
                // "The U.S."); "Houston Texas" is two places.
                let given = pe.is_first_name()
                    && (!pe.is_common_word() || m.surname)
                    && !is_strong_place(&pe, top);
                if given {
                    return Verdict::Person;
                }
            }
        }
    }
    if !m.strong && (m.surname || m.first_name) && m.words == 1 {
        // A speaker: "Roberts said", "said Meredith", "Sullivan, 24,".
        let after = &text[m.end..];
        let said_after = around.word_after.is_some_and(|w| SAYING.contains(w));
        let said_before = prev_adjacent.is_some_and(|(p, _)| {
            let w = &text[p.start..p.end];
            SAYING.contains(w)
        }) && !next_adjacent.is_some_and(|n| n.capitalised());
        let age = after.strip_prefix(", ").is_some_and(|r| {
            let digits = r.bytes().take_while(u8::is_ascii_digit).count();
            (1..=3).contains(&digits) && r[digits..].starts_with([',', ' '])
        });
        if said_after || said_before || age {
            return Verdict::Person;
        }
    }
    // An organisation or a person: "Washington Post", "Jordan Henderson".
    if let Some(n) = next_adjacent {
        if n.capitalised() && !m.abbrev {
            let w = lower_word(text, n);
            let follower_ok = w.is_in(&PLACE_FOLLOWERS) || w.is_in(&CALENDAR);
            let ne = w.entry_top(gaz).map(|(e, _)| e);
            let next_is_place = ne
                .as_ref()
                .is_some_and(|e| e.is_name() && !e.is_common_word() && !e.is_first_name());
            if w.is_in(&MEDIA_WORDS) {
                return Verdict::Other;
            }
            // "Jordan Henderson", "Ahmad Massoud": a given name before a
            // surname or an unknown capitalised word. Countries and
            // first-level areas keep their sense ("Georgia Environmental
            // Protection Division").
            let next_surname = ne.as_ref().is_some_and(|e| e.is_surname());
            if m.first_name
                && !follower_ok
                && (!next_is_place || next_surname)
                && (!m.area_or_country || next_surname)
            {
                return Verdict::Person;
            }
            // One minor place's name before other capitalised words is part
            // of another name; a longer name ("Hall County Environmental
            // Health") stays a place inside an organisation's name.
            if !follower_ok && !next_is_place && !m.strong && m.words == 1 {
                return Verdict::Other; // "Moore Haven Cooperative", "Ripley Street"
            }
        }
    }
    if m.common || m.needs_context {
        // Frequent English words, surnames and famous words are places only
        // where the text says so: after a locative preposition, or in
        // "City, State".
        // "Reading the report"; but "Charleston, S.C., is old".
        // A tag places a name; a word of a tag in camel case only a name
        // that is no English word ("#PrayForGaza": not "Pray").
        let tagged = match hashtag(text, first.start, m.end) {
            Tagged::Whole => true,
            Tagged::Word => !m.common,
            Tagged::No => false,
        };
        if around.sentence_start && m.common && !before_comma_place && !tagged {
            return Verdict::Other;
        }
        // "Oxford Police said", "the Reading Council": a town's own
        // institution names the town.
        let before_institution = next_adjacent
            .is_some_and(|n| n.capitalised() && lower_word(text, n).is_in(&INSTITUTIONS_OF_TOWNS));
        let after_comma_place = prev.is_some_and(|(p, w)| {
            text[p.end..first.start] == *", "
                && p.capitalised()
                && w.entry_top(gaz).is_some_and(|(e, _)| e.is_name())
        });
        if CALENDAR.contains_bytes(key) && !before_comma_place {
            return Verdict::Other; // "in August", "on Monday"
        }
        if !(after_locative
            || before_comma_place
            || after_comma_place
            || before_institution
            || tagged)
        {
            // Elsewhere in the article the name may be placed ("in Oxford …
            // the Oxford council").
            return Verdict::NeedsContext;
        }
    }
    Verdict::Place
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let g = Gazetteer::bundled();
        recognize(g, text)
            .into_iter()
            .map(|s| text[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn finds_names_in_their_written_forms() {
        let cases: &[(&str, &[&str])] = &[
            ("Troops left Kabul on Tuesday.", &["Kabul"]),
            (
                "Rain fell across Rio Grande do Sul overnight.",
                &["Rio Grande do Sul"],
            ),
            ("Refugees may reach Central Asia soon.", &["Central Asia"]),
            ("Georgia's governor spoke.", &["Georgia"]),
            (
                "He flew to Springfield, Illinois, on Monday.",
                &["Springfield", "Illinois"],
            ),
            ("The U.S. and the UK agreed.", &["U.S.", "UK"]),
            ("She moved to Atlanta, Ga. last year.", &["Atlanta", "Ga."]),
            ("A Kabul-based group said so.", &["Kabul"]),
            (
                "It happened in São Paulo and in Sao Paulo.",
                &["São Paulo", "Sao Paulo"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(found(text), *want, "{text}");
        }
    }

    #[test]
    fn skips_people_organisations_and_common_words() {
        let cases: &[(&str, &[&str])] = &[
            ("Russian President Vladimir Putin spoke.", &["Russian"]),
            ("The Washington Post reported it.", &[]),
            ("Reading the report took hours.", &[]),
            ("Us and them.", &[]),
            ("Mr. Lincoln arrived.", &[]),
            ("He moved to Reading in 2010.", &["Reading"]),
            ("Work should begin in August.", &[]),
            ("On the night of August 31 they left.", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(found(text), *want, "{text}");
        }
    }

    #[test]
    fn rule_listed_acronyms_and_abbreviations_are_places_in_their_case() {
        check(
            "country and union acronyms, in capitals only",
            &[
                (
                    "Ministers met in Brussels as the EU weighed sanctions.",
                    &["Brussels", "EU"],
                ),
                ("The DPRK fired a missile on Sunday.", &["DPRK"]),
                // Cities' acronyms, listed by GeoNames id.
                ("Police in NYC made arrests.", &["NYC"]),
                ("A small quake shook the DFW metro.", &["DFW"]),
                ("Peacekeepers patrolled the CAR after the coup.", &["CAR"]),
                ("A car bomb went off near the market.", &[]),
            ],
        );
        check(
            "Canadian and Australian abbreviations",
            &[
                (
                    "Fires closed roads near Vancouver, B.C. overnight.",
                    &["Vancouver", "B.C."],
                ),
                ("Floods hit Brisbane, Qld on Monday.", &["Brisbane", "Qld"]),
                ("Crews reached Dubbo, N.S.W. by noon.", &["Dubbo", "N.S.W."]),
                // The era after a year is no province.
                ("The city was founded in 500 B.C. by traders.", &[]),
            ],
        );
    }

    #[test]
    fn finds_conflict_and_multi_word_regions() {
        check(
            "regions from regions.tsv",
            &[
                ("Aid convoys crossed into Darfur again.", &["Darfur"]),
                ("Shelling resumed in the Donbas overnight.", &["Donbas"]),
                (
                    "Talks on the Korean Peninsula stalled.",
                    &["Korean Peninsula"],
                ),
                ("Troops left South Ossetia in 2008.", &["South Ossetia"]),
                ("Drought hit North Africa hard.", &["North Africa"]),
            ],
        );
        check(
            "natural features and airports from features.tsv and airportsdata",
            &[
                ("Floods along the Indus displaced thousands.", &["Indus"]),
                ("A ferry sank in the Black Sea on Friday.", &["Black Sea"]),
                (
                    "Tankers slowed in the Strait of Hormuz.",
                    &["Strait of Hormuz"],
                ),
                ("Haze from Sumatra drifted north.", &["Sumatra"]),
                (
                    "Fighters held the Panjshir Valley for weeks.",
                    &["Panjshir Valley"],
                ),
                (
                    "Flights left Kabul International Airport at dawn.",
                    &["Kabul International Airport"],
                ),
            ],
        );
    }

    /// One table per rule: each case is (text, names the recogniser finds).
    fn check(rule: &str, cases: &[(&str, &[&str])]) {
        for (text, want) in cases {
            assert_eq!(found(text), *want, "rule {rule}: {text}");
        }
    }

    #[test]
    fn rule_postal_codes_are_states_after_a_town_or_a_locative() {
        check(
            "US postal codes",
            &[
                (
                    "A tornado was reported in Memphis, TN on Sunday.",
                    &["Memphis", "TN"],
                ),
                ("Lyme disease is so common in NY these days.", &["NY"]),
                ("Measles cases in CA now number 46.", &["CA"]),
                // Nothing places the code.
                ("A sunset tornado on the MN countryside.", &[]),
                // Codes that are words in capitals only after "Town, ".
                ("Voters stayed in OR near their homes.", &[]),
                (
                    "Gary, IN and Toledo, OH closed schools.",
                    &["Gary", "IN", "Toledo", "OH"],
                ),
                // "WA" after an Australian city is Western Australia's.
                ("Fires burned near Perth, WA overnight.", &["Perth", "WA"]),
            ],
        );
    }

    #[test]
    fn rule_a_hashtag_places_a_name_and_a_handle_names_no_place() {
        check(
            "hashtags and handles",
            &[
                // A surname-like town is placed by its hashtag as by "in".
                ("Police fired tear gas tonight #Ferguson", &["Ferguson"]),
                ("Protests in #Ferguson tonight.", &["Ferguson"]),
                // At the end of a sentence, and a frequent word as a tag.
                (
                    "We need peace right now in #Ferguson. Protests go on.",
                    &["Ferguson"],
                ),
                ("Quake hits #Napa tonight.", &["Napa"]),
                // A word of a tag in camel case, but not a longer word.
                ("Protests again #FergusonOctober", &["Ferguson"]),
                ("Pray for peace #PrayForGaza", &["Gaza"]),
                ("Pray for peace #Fergusonville", &[]),
                // A later word cut off or too short to tell.
                ("Will you sign up? #RedCro…", &[]),
                // Handles are people and outlets.
                ("RT @Queen_UK: The RAF are heading to Iraq.", &["Iraq"]),
                ("Thanks @Chicago_Tribune for the story", &[]),
            ],
        );
    }

    #[test]
    fn rule_titles_and_given_names_make_people() {
        check(
            "title or given name before",
            &[
                ("Gov. Jackson signed the bill.", &[]),
                ("Sen. Clinton voted no.", &[]),
                ("Steven Anthony Eberhart appeared in court.", &[]),
                ("Abraham Lincoln wrote the letter.", &[]),
                ("Michael Jordan signed autographs in Chicago.", &["Chicago"]),
                // A common word before a surname is a given name too.
                ("Jay Roberts chairs the committee.", &[]),
                // Closed-class words are no given names.
                ("The Houston police came.", &["Houston"]),
                ("A Houston man admitted it.", &["Houston"]),
                // A major place before another is no given name.
                ("Flights from Houston Texas resumed.", &["Houston", "Texas"]),
            ],
        );
        check(
            "given name before a surname or unknown word",
            &[
                ("Jordan Henderson scored twice.", &[]),
                ("Ahmad Massoud spoke to reporters.", &[]),
                (
                    "The Georgia Environmental Protection Division was told.",
                    &["Georgia"],
                ),
            ],
        );
    }

    #[test]
    fn rule_speakers_are_people_throughout_the_article() {
        check(
            "X said / said X / X, age,",
            &[
                ("Meredith said the church would reopen.", &[]),
                ("\"We are ready,\" said Meredith.", &[]),
                ("Sullivan, 24, was charged.", &[]),
                // One use as a person makes the other uses people too.
                (
                    "Coach Hailey called practice. Hailey wants more drills.",
                    &[],
                ),
                // Major places say things: metonymy, not people.
                ("Moscow said the talks would go on.", &["Moscow"]),
            ],
        );
    }

    #[test]
    fn rule_surnames_and_famous_words_need_context() {
        check(
            "surname or famous word naming only minor places",
            &[
                ("Eberhart is incompetent to stand trial.", &[]),
                ("Obama met the governors.", &[]),
                ("He grew up in Eberhart.", &["Eberhart"]),
                // Once the article places the name, every use counts.
                (
                    "The family moved to Jennings in May. Jennings has two schools.",
                    &["Jennings", "Jennings"],
                ),
                (
                    "Jennings, Louisiana, has two schools.",
                    &["Jennings", "Louisiana"],
                ),
                // So do common words.
                (
                    "The throat of Oxford was sore. Students in Oxford cheered.",
                    &["Oxford", "Oxford"],
                ),
                ("The throat of Oxford was sore.", &[]),
                // A town's institution after the name is context, and so is
                // ", State" after a frequent word at a sentence's start.
                ("A spokesman for Oxford Police said it.", &["Oxford"]),
                ("Charleston, S.C., is old.", &["Charleston", "S.C."]),
                ("Reading the report took an hour.", &[]),
            ],
        );
    }

    #[test]
    fn rule_words_that_are_never_places_alone() {
        check(
            "compass words, holidays, institutions",
            &[
                ("Prices rose in North Texas.", &["Texas"]),
                ("Presents were bought at Christmas.", &[]),
                ("The White House said nothing.", &[]),
                (
                    "He drove to White House, Tennessee.",
                    &["White House", "Tennessee"],
                ),
            ],
        );
    }

    #[test]
    fn rule_names_inside_longer_names() {
        check(
            "organisation and street names",
            &[
                // Longer place names stay places inside organisations' names.
                ("Boulder City Council met on Tuesday.", &["Boulder City"]),
                ("The Kabul Police chief resigned.", &["Kabul"]),
                // A town's own institutions: its town hall, volunteer
                // firemen, coroner, courts and schools.
                ("The Dublin Village Board met.", &["Dublin"]),
                ("Berea Historical Society met.", &["Berea"]),
                ("Torrington Superior Court heard the case.", &["Torrington"]),
                ("The Laconia Volunteer Fire Department came.", &["Laconia"]),
                // A minor place's one-word name before other capitals is part
                // of another name.
                ("Ripley Street was closed.", &[]),
                ("The Washington Post reported it.", &[]),
                // An Arabic article joined to a capital may end a name.
                ("Shells fell on Deir ez-Zor overnight.", &["Deir ez-Zor"]),
                ("Families fled Deir el-Balah on Monday.", &["Deir el-Balah"]),
            ],
        );
    }

    #[test]
    fn rule_hyphenated_compounds_of_names_are_cut_into_their_names() {
        check(
            "hyphenated compounds",
            &[
                // Two places, or a party and a place; a compound the index
                // holds stays whole, and a lowercase tail is no place.
                (
                    "Traffic on the Kabul-Kandahar highway resumed.",
                    &["Kabul", "Kandahar"],
                ),
                ("Egyptian-Israeli talks resumed.", &["Egyptian", "Israeli"]),
                ("Sen. Ann Lee, D-Minneapolis, voted no.", &["Minneapolis"]),
                ("Rep. Jo Dale, R-Elbow Lake, spoke.", &["Elbow Lake"]),
                ("He grew up in Winston-Salem.", &["Winston-Salem"]),
                ("A Kabul-based group said so.", &["Kabul"]),
            ],
        );
    }

    #[test]
    fn cues_describe_the_context() {
        let g = Gazetteer::bundled();
        let spans = recognize(g, "COLUMBUS -- Troops moved into Mosul. Moscow denied it.");
        let cues: Vec<(String, Cues)> = spans.into_iter().map(|s| (s.key, s.cues)).collect();
        assert!(cues[0].1.all_caps && cues[0].1.sentence_start, "{cues:?}");
        assert!(cues[1].1.after_locative && !cues[1].1.all_caps, "{cues:?}");
        assert!(cues[2].1.governs && cues[2].1.sentence_start, "{cues:?}");
    }

    #[test]
    fn case_helpers_agree_with_their_definitions() {
        for w in [
            "", "Kabul", "KBR", "U.S", "A-12", "ÉCOLE", "École", "ÖL", "Ö", "São", "II",
            "ab1cd2ef", "AbCdEfGh",
        ] {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            let caps = w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
            assert_eq!(no_lowercase(w), caps, "{w}");
            assert_eq!(letters_up_to_five(w), letters.min(5), "{w}");
        }
    }

    #[test]
    fn letters_stop_at_the_first_other_character() {
        let t = "said, added. Zürich’s x";
        assert_eq!(letters_at(t, 0), "said");
        assert_eq!(letters_at(t, 6), "added");
        assert_eq!(letters_at(t, 13), "Zürich");
        assert_eq!(letters_at(t, t.len() - 1), "x");
        assert_eq!(letters_at(t, t.len()), "");
        assert_eq!(letters_at(t, 4), "");
    }

    #[test]
    fn keys_are_lowercased_with_straight_apostrophes() {
        let mut key = b"x ".to_vec();
        push_lower(&mut key, "São’S");
        push_lower(&mut key, "AB");
        assert_eq!(key, "x são'sab".as_bytes());
        let t = "Kabul-BASED São PAULO ABCDEFGHIJ";
        for (start, end, want) in [
            (0, 5, "kabul"),
            (0, 11, "kabul-based"),
            (12, 16, "são"),
            (17, 22, "paulo"),
            (23, 33, "abcdefghij"),
            (30, 33, "hij"),
        ] {
            let mut key = b"k".to_vec();
            push_lower_in(&mut key, t, start, end);
            assert_eq!(key[1..], *want.as_bytes(), "{want}");
        }
        for w in [
            "@AZ[`az{ MIXED-Case 0129 \x7f",
            "",
            "Q",
            "ABCDEFGH",
            "ABCDEFGHI",
        ] {
            let mut key = b"k".to_vec();
            push_lower(&mut key, w);
            assert_eq!(key[1..], *w.to_ascii_lowercase().as_bytes(), "{w}");
        }
        let t = "Mr.. İstanbul ABCDEFGHIJKLMNOPQRSTUVWX ABCDEFGHIJKLMNOPQRSTUVWXY Ab";
        let toks: Vec<Token> = tokens::Tokens::new(t).collect();
        assert_eq!(lower_word(t, &toks[0]).bytes(), b"mr");
        assert_eq!(lower_word(t, &toks[1]).bytes(), "i̇stanbul".as_bytes());
        assert_eq!(lower_word(t, &toks[2]).bytes(), b"abcdefghijklmnopqrstuvwx");
        assert_eq!(
            lower_word(t, &toks[3]).bytes(),
            b"abcdefghijklmnopqrstuvwxy"
        );
        assert_eq!(lower_word(t, &toks[4]).bytes(), b"ab");
    }

    #[test]
    fn demonyms_are_marked() {
        let g = Gazetteer::bundled();
        let spans = recognize(g, "Afghan officials met Russian diplomats.");
        assert_eq!(spans.len(), 2);
        assert!(spans.iter().all(|s| s.demonym));
    }

    #[test]
    fn offsets_are_byte_offsets_into_the_text() {
        let g = Gazetteer::bundled();
        let text = "Über alles: “Kabul” – and Moscow.";
        for s in recognize(g, text) {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_are_ordered_boundaries(text in "\\PC{0,200}") {
            let g = Gazetteer::bundled();
            let spans = recognize(g, &text);
            let mut last = 0;
            for s in &spans {
                proptest::prop_assert!(s.start >= last && s.start < s.end && s.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                last = s.end;
            }
            let _ = crate::resolve::resolve(g, &text, &spans);
        }

        #[test]
        fn never_panics_on_capitalised_word_soup(words in proptest::collection::vec("[A-Z][a-z]{0,8}('s)?[.,]? ?", 0..40)) {
            let text: String = words.concat();
            let g = Gazetteer::bundled();
            let spans = recognize(g, &text);
            let _ = crate::resolve::resolve(g, &text, &spans);
        }
    }
}
