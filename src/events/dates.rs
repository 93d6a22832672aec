//! Date expressions in news text, normalised against the publication date.
//!
//! [`find_dates`] tokenises the text by hand (runs of letters or digits, and
//! single punctuation characters), then walks the tokens left to right. At
//! each token it tries every pattern below and keeps the longest match; the
//! scan resumes after it, so mentions come out sorted and never overlap.
//!
//! # Expressions
//!
//! * Month and day, either order, optional ordinal suffix and year:
//!   "August 26", "Aug. 26", "26 August", "the 26th of August",
//!   "August 26, 2021", "26 Aug 2021", optionally preceded by a weekday
//!   ("Thursday, August 26": the written date wins over the weekday).
//! * ISO dates: "2021-08-26".
//! * Month and year: "March 2020" is the range of that month.
//! * A bare four-digit year (1900–2100) is the range of that year, but only
//!   right after "in", "since", "during", "of", "by", "until" or
//!   "throughout", or at the start of a sentence and followed by a comma
//!   ("2019, a year of..."); and not when the next word is a lowercase word
//!   outside a short list of function words ("in 2000 people died" is not a
//!   date, "in 2019 the" and "in 2019," are).
//! * Day ranges: "3 to 5 May", "3-5 May", "May 3–5", "May 3-5, 2021",
//!   "between 3 and 5 May", "from May 3 to May 5", "3 May to 5 June 2021".
//!   The range must run forwards and be at most 366 days long.
//! * A part of the day before a single date: "the night of August 31",
//!   "the early hours of Monday" — the same day.
//! * Relative to the publication date (skipped without one): "today",
//!   "tonight", "this morning/afternoon/evening" (that day); "yesterday",
//!   "last night" (the day before); "tomorrow"; "the day before yesterday";
//!   "the day after tomorrow"; "N days ago" and "N weeks ago" (N in digits,
//!   "a", or "one" to "ten"); "last/this/next week" (Monday–Sunday ISO
//!   weeks), "last/this/next month", "last/this/next year" (ranges);
//!   "earlier this week/month/year" (start of that period to the
//!   publication date, always a range).
//!
//! # Year choice
//!
//! A month and day without a year takes the year (the publication year, the
//! one before or the one after) that puts the date closest to the
//! publication date, ties going to the past: "December 30" in an article of
//! 2022-01-02 is 2021-12-30 and "January 3" in one of 2021-12-30 is
//! 2022-01-03. Years where the day does not exist are not candidates, so
//! "February 29" picks the nearest leap year among the three. Without a
//! publication date such a mention is skipped. In a range, a missing year
//! is taken from the other end, moving a year back or forward when the
//! months cross New Year ("December 30 to January 2").
//!
//! # Weekdays
//!
//! With `p` the publication date:
//!
//! * "Monday", "on Monday": the latest Monday on or before `p` (`p` itself
//!   if it is a Monday). Not after "every" or "each".
//! * "last Monday", "this past Monday": the latest Monday strictly before
//!   `p` (7 days earlier if `p` is a Monday).
//! * "next Monday", "this coming Monday": the first Monday strictly after `p`.
//!
//! "the last ..." and "the next ..." are not calendar expressions ("in the
//! last week" means the past seven days) and are not matched.
//!
//! # Spans
//!
//! A span covers the expression as written without leading prepositions
//! ("on", "in", "since", "by", "at"...): "on August 26" gives "August 26".
//! Included are the qualifiers that change the meaning ("last Monday",
//! "this coming Monday", "two days ago", "earlier this month"), "the" in
//! "the 26th of August", a part of the day ("the night of August 31"), a
//! leading weekday ("Thursday, August 26") and the words that make a range
//! ("between 3 and 5 May", "from May 3 to May 5"). Not included: words
//! after the expression ("Monday night" gives "Monday") or before a bare
//! weekday ("late on Monday" gives "Monday"), and the dot of an abbreviated
//! month when the expression ends there ("26 Aug." gives "26 Aug"; "Aug. 26"
//! keeps it).
//!
//! # Case
//!
//! Month and weekday names match in any case, except the month names that
//! are also common English words — "May", "March", "Mar" — which must start
//! with a capital letter ("as many as 20 may have died" has no date).
//!
//! Impossible dates ("February 30", "31 June", "2021-02-30") are skipped.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::sync::OnceLock;

/// A date expression found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Byte offset of the expression in the text given to [`find_dates`].
    pub start: usize,
    /// Byte offset one past it.
    pub end: usize,
    /// The first (or only) day it denotes.
    pub date: NaiveDate,
    /// The last day, for ranges ("from 3 to 5 May", "last week").
    pub end_date: Option<NaiveDate>,
}

/// Finds date expressions in `text` and normalises them. `published` is the
/// article's date; relative expressions ("yesterday", "on Monday") need it
/// and are skipped without it.
pub fn find_dates(text: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    let mut out = Vec::new();
    find_dates_into(text, published, &mut out);
    out
}

/// [`find_dates`], appending to `out`; the token buffers are kept from call
/// to call (per thread).
pub(crate) fn find_dates_into(
    text: &str,
    published: Option<NaiveDate>,
    out: &mut Vec<DateMention>,
) {
    if !may_hold_dates(text) {
        return;
    }
    /// The lowercased text, its tokens, and an empty vector kept for the
    /// words of [`Cx`].
    type Buffers = (String, Vec<Tok>, Vec<Option<&'static str>>);
    thread_local! {
        static BUFFERS: std::cell::RefCell<Buffers> =
            const { std::cell::RefCell::new((String::new(), Vec::new(), Vec::new())) };
    }
    BUFFERS.with_borrow_mut(|(lower, toks, spare)| {
        tokenize(text, lower, toks);
        let toks: &[Tok] = toks;
        let cx = Cx::new(
            toks,
            lower,
            published,
            super::recycle(std::mem::take(spare)),
        );
        let mut i = 0;
        while i < toks.len() {
            // Most tokens can begin no expression: skip the patterns for
            // them.
            let hit = if toks[i].may_start {
                cx.best_at(i)
            } else {
                None
            };
            match hit {
                Some(hit) => {
                    out.push(DateMention {
                        start: toks[i].start,
                        end: toks[hit.end - 1].end,
                        date: hit.date,
                        end_date: hit.end_date,
                    });
                    i = hit.end;
                }
                None => i += 1,
            }
        }
        *spare = super::recycle(cx.words);
    });
}

/// Words that every expression without an ASCII digit has as a token of
/// its own (besides a month or weekday name): the units of "last week",
/// "two days ago" ("ago"), "the night of", "this morning", and the days of
/// [`RELATIVE_DAYS`] and [`Cx::holiday`].
const ANCHOR_WORDS: &[&str] = &[
    "week",
    "month",
    "year",
    "ago",
    "night",
    "morning",
    "afternoon",
    "evening",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "christmas",
];

/// False when `text` surely holds no expression, because it has no ASCII
/// digit and none of its runs of ASCII letters is, in any case, a month or
/// weekday name or one of [`ANCHOR_WORDS`]. Tokens are runs of letters of
/// any script, lowercased in full; only "K" (Kelvin sign) and "İ" lowercase
/// to ASCII letters, so a text with one of them is always looked at.
fn may_hold_dates(text: &str) -> bool {
    static ANCHORS: OnceLock<(Vec<u64>, Vec<&'static str>)> = OnceLock::new();
    let (shapes, words) = ANCHORS.get_or_init(|| {
        let words: Vec<&str> = MONTHS
            .iter()
            .map(|m| m.0)
            .chain(WEEKDAYS.iter().map(|d| d.0))
            .chain(ANCHOR_WORDS.iter().copied())
            .collect();
        let mut shapes = vec![0u64; (16 << 10) / 64];
        for w in &words {
            let b = word_shape(w.as_bytes());
            shapes[b / 64] |= 1 << (b % 64);
        }
        (shapes, words)
    });
    let bytes = text.as_bytes();
    // Digits, and the lead bytes of "K" and "İ", sixteen bytes at a time
    // (a loop the compiler vectorises).
    let special = |b: u8| b.is_ascii_digit() | (b == 0xE2) | (b == 0xC4);
    let mut sixteens = bytes.chunks_exact(16);
    let mut any_special = sixteens
        .by_ref()
        .any(|c| c.iter().fold(false, |acc, &b| acc | special(b)));
    any_special |= sixteens.remainder().iter().any(|&b| special(b));
    if any_special
        && (bytes.iter().any(u8::is_ascii_digit)
            || text.contains('\u{212A}')
            || text.contains('\u{130}'))
    {
        return true;
    }
    // Runs of ASCII letters.
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let run = &bytes[start..i];
        let shape = word_shape(&[run[0] | 0x20, run[run.len() - 1] | 0x20]) & !(15 << 10)
            | run.len().min(15) << 10;
        if shapes[shape / 64] & (1 << (shape % 64)) != 0
            && words.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(run))
        {
            return true;
        }
    }
    false
}

// ---------------------------------------------------------------- tables

/// Month names and abbreviations: (lowercase name, month, is abbreviation).
const MONTHS: &[(&str, u32, bool)] = &[
    ("january", 1, false),
    ("jan", 1, true),
    ("february", 2, false),
    ("feb", 2, true),
    ("march", 3, false),
    ("mar", 3, true),
    ("april", 4, false),
    ("apr", 4, true),
    ("may", 5, false),
    ("june", 6, false),
    ("jun", 6, true),
    ("july", 7, false),
    ("jul", 7, true),
    ("august", 8, false),
    ("aug", 8, true),
    ("september", 9, false),
    ("sept", 9, true),
    ("sep", 9, true),
    ("october", 10, false),
    ("oct", 10, true),
    ("november", 11, false),
    ("nov", 11, true),
    ("december", 12, false),
    ("dec", 12, true),
];

/// Month names that are also ordinary words: they must be capitalised.
const CAPITALISED_MONTHS: &[&str] = &["may", "march", "mar"];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Fixed phrases relative to the publication date: (words, days offset).
const RELATIVE_DAYS: &[(&[&str], i64)] = &[
    (&["the", "day", "before", "yesterday"], -2),
    (&["the", "day", "after", "tomorrow"], 2),
    (&["last", "night"], -1),
    (&["this", "morning"], 0),
    (&["this", "afternoon"], 0),
    (&["this", "evening"], 0),
    (&["today"], 0),
    (&["tonight"], 0),
    (&["yesterday"], -1),
    (&["tomorrow"], 1),
];

/// Small numbers written as words, for "two days ago".
const NUMBER_WORDS: &[(&str, u64)] = &[
    ("a", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
];

/// Parts of the day in "the night of August 31".
const DAY_PARTS: &[&str] = &["morning", "afternoon", "evening", "night", "hours"];

/// Words after which a bare year is a date ("in 2019").
const YEAR_PREPOSITIONS: &[&str] = &["in", "since", "during", "of", "by", "until", "throughout"];

/// Lowercase words that may follow a bare year ("in 2019 the ..."); any
/// other lowercase word suggests a count ("in 2000 people died").
const AFTER_YEAR_WORDS: &[&str] = &[
    "a", "after", "alone", "an", "and", "are", "as", "before", "but", "compared", "had", "has",
    "he", "her", "his", "i", "is", "it", "its", "or", "our", "she", "that", "the", "their",
    "there", "these", "they", "this", "those", "through", "until", "was", "we", "were", "when",
    "while", "with",
];

/// Words that join the two ends of a range (besides dashes).
const RANGE_WORDS: &[&str] = &["to", "until", "till", "through", "thru"];
const RANGE_DASHES: &[char] = &['-', '–', '—'];

/// Separators that glue a number to the next one ("1,500", "10:30", "3.5");
/// such numbers are not days. Years also refuse dashes and slashes.
const DAY_GLUE: &[char] = &[',', '.', ':'];
const YEAR_GLUE: &[char] = &[',', '.', ':', '-', '/'];

/// Longest range accepted, in days.
const MAX_RANGE_DAYS: i64 = 366;

// ---------------------------------------------------------------- tokens

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// Letters only; lowercased, the word is `lower[from..to]` of the
    /// buffer [`tokenize`] fills.
    Word { from: usize, to: usize },
    /// ASCII digits, with an optional ordinal suffix ("26th").
    Num {
        value: u32,
        digits: usize,
        ordinal: bool,
    },
    /// Any single character that is neither space nor alphanumeric.
    Punct(char),
    /// A mixed run such as "COVID19" or "1990s".
    Other,
}

#[derive(Clone, Debug)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Starts with an uppercase letter.
    capital: bool,
    /// Some pattern can match from here: a number, or a word of
    /// [`starts_expression`]. [`Cx::best_at`] finds nothing elsewhere.
    may_start: bool,
    /// The month or weekday a word names (looked up once, here).
    name: Name,
}

/// What a word names.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Name {
    Nothing,
    /// The index of the word in [`MONTHS`].
    Month(u8),
    Weekday(Weekday),
}

impl Name {
    /// The month or weekday named by lowercase `w`. Only words that
    /// [`starts_expression`] can be one.
    fn of(w: &str) -> Name {
        if !WordShapes::has(&WordShapes::get().names, w) {
            Name::Nothing
        } else if let Some(k) = MONTHS.iter().position(|m| m.0 == w) {
            Name::Month(k as u8)
        } else if let Some(&(_, d)) = WEEKDAYS.iter().find(|d| d.0 == w) {
            Name::Weekday(d)
        } else {
            Name::Nothing
        }
    }
}

/// Splits `text` into tokens. `lower` receives `text` with its ASCII
/// letters lowercased, where an ASCII word's lowercase form is at the
/// word's own offsets, and after it the full lowercase forms of the words
/// with other letters. The tokens replace the contents of `toks`.
fn tokenize(text: &str, lower: &mut String, toks: &mut Vec<Tok>) {
    let bytes = text.as_bytes();
    lower.clear();
    lower.push_str(text);
    lower.make_ascii_lowercase();
    toks.clear();
    toks.reserve(bytes.len() / 3 + 1);
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        // ASCII first: white space (as `char::is_whitespace` has it),
        // punctuation, and runs of letters and digits that end at an
        // ASCII byte.
        if matches!(b, b'\t'..=b'\r' | b' ') {
            i += 1;
            continue;
        }
        if b.is_ascii() && !b.is_ascii_alphanumeric() {
            i += 1;
            toks.push(Tok::punct(char::from(b), start, i));
            continue;
        }
        // A run of ASCII letters is a word, of digits (with an ordinal
        // suffix perhaps) a number, when it ends at an ASCII byte that is
        // neither; other runs go the long way, below.
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
                let w = &lower[start..i];
                let may_start = starts_expression(w);
                toks.push(Tok {
                    kind: Kind::Word { from: start, to: i },
                    start,
                    end: i,
                    capital: b.is_ascii_uppercase(),
                    may_start,
                    name: if may_start {
                        Name::of(w)
                    } else {
                        Name::Nothing
                    },
                });
                continue;
            }
        } else if b.is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if ends_run(i) {
                toks.push(Tok::run(text, start, i, lower, false));
                continue;
            }
        }
        // Other characters, char by char.
        let c = char_at(text, start);
        i = start + c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            toks.push(Tok::punct(c, start, i));
            continue;
        }
        while i < bytes.len() {
            if bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let d = char_at(text, i);
            if !d.is_alphanumeric() {
                break;
            }
            i += d.len_utf8();
        }
        toks.push(Tok::run(text, start, i, lower, c.is_uppercase()));
    }
}

impl Tok {
    fn punct(c: char, start: usize, end: usize) -> Tok {
        Tok {
            kind: Kind::Punct(c),
            start,
            end,
            capital: false,
            may_start: false,
            name: Name::Nothing,
        }
    }

    /// The token of the run of letters and digits `text[start..end]`.
    fn run(text: &str, start: usize, end: usize, lower: &mut String, capital: bool) -> Tok {
        let kind = classify(text, start, end, lower);
        let (may_start, name) = match kind {
            Kind::Word { from, to } if starts_expression(&lower[from..to]) => {
                (true, Name::of(&lower[from..to]))
            }
            Kind::Num { .. } => (true, Name::Nothing),
            _ => (false, Name::Nothing),
        };
        Tok {
            kind,
            start,
            end,
            capital,
            may_start,
            name,
        }
    }
}

/// The character at byte `i` of `text` (a char boundary).
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes()[i] {
        b if b.is_ascii() => char::from(b),
        _ => text[i..].chars().next().expect("a char starts here"),
    }
}

/// The kind of the run of letters and digits `text[start..end]`; `lower`
/// as [`tokenize`] fills it.
fn classify(text: &str, start: usize, end: usize, lower: &mut String) -> Kind {
    let run = &text[start..end];
    let digits = run.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        if run.is_ascii() {
            return if run.bytes().all(|b| b.is_ascii_alphabetic()) {
                Kind::Word {
                    from: start,
                    to: end,
                }
            } else {
                Kind::Other
            };
        }
        if !run.chars().all(char::is_alphabetic) {
            return Kind::Other;
        }
        // Full Unicode lowercasing, as `str::to_lowercase` does it.
        let from = lower.len();
        lower.push_str(&run.to_lowercase());
        return Kind::Word {
            from,
            to: lower.len(),
        };
    }
    // The digits are ASCII, so `digits` is a char boundary.
    let suffix = &run[digits..];
    let ordinal = if suffix.is_empty() {
        false
    } else if ["st", "nd", "rd", "th"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(suffix))
    {
        true
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
        digits,
        ordinal,
    }
}

/// The words that [`starts_expression`] and [`Name::of`] look for, as
/// bitmaps over [`word_shape`].
struct WordShapes {
    /// Shapes of the words that may begin a pattern.
    starts: Vec<u64>,
    /// Shapes of month and weekday names.
    names: Vec<u64>,
}

/// A number for a word from its length (up to 15) and its first and last
/// bytes (5 bits each): equal words have equal shapes.
fn word_shape(w: &[u8]) -> usize {
    let (first, last) = (w.first().unwrap_or(&0), w.last().unwrap_or(&0));
    w.len().min(15) << 10 | usize::from(first & 31) << 5 | usize::from(last & 31)
}

impl WordShapes {
    fn get() -> &'static WordShapes {
        const PATTERN_STARTS: &[&str] = &[
            "between",
            "from",
            "the",
            "new",
            "christmas",
            "last",
            "this",
            "next",
            "earlier",
        ];
        fn bitmap<'a>(words: impl Iterator<Item = &'a str>) -> Vec<u64> {
            let mut bits = vec![0u64; (16 << 10) / 64];
            for w in words {
                let b = word_shape(w.as_bytes());
                bits[b / 64] |= 1 << (b % 64);
            }
            bits
        }
        static SHAPES: OnceLock<WordShapes> = OnceLock::new();
        SHAPES.get_or_init(|| {
            let names = || {
                MONTHS
                    .iter()
                    .map(|m| m.0)
                    .chain(WEEKDAYS.iter().map(|d| d.0))
            };
            WordShapes {
                starts: bitmap(
                    names()
                        .chain(NUMBER_WORDS.iter().map(|n| n.0))
                        .chain(RELATIVE_DAYS.iter().map(|r| r.0[0]))
                        .chain(PATTERN_STARTS.iter().copied()),
                ),
                names: bitmap(names()),
            }
        })
    }

    fn has(bits: &[u64], w: &str) -> bool {
        let b = word_shape(w.as_bytes());
        bits[b / 64] & (1 << (b % 64)) != 0
    }
}

/// Whether a word may be the first token of some pattern: true for the
/// month and weekday names, the small number words ("two days ago"), the
/// first words of [`RELATIVE_DAYS`], and those the patterns of [`Cx`] test
/// at their first token ("between", "from", "the", "new", "christmas",
/// "last", "this", "next", "earlier"); true also for some other words (it
/// looks only at the [`word_shape`]), which then cost a look. A pattern
/// added there must add its first word here;
/// `only_listed_words_start_expressions` checks this.
fn starts_expression(w: &str) -> bool {
    WordShapes::has(&WordShapes::get().starts, w)
}

// ---------------------------------------------------------------- dates

/// `date` moved by `days` (either sign), or `None` past chrono's range.
fn shift(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    let n = Days::new(days.unsigned_abs());
    if days >= 0 {
        date.checked_add_days(n)
    } else {
        date.checked_sub_days(n)
    }
}

/// Month and day in the year closest to `published` (ties to the past).
fn closest_year(month: u32, day: u32, published: NaiveDate) -> Option<NaiveDate> {
    let y = published.year();
    (y - 1..=y + 1)
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .min_by_key(|d| {
            let gap = d.signed_duration_since(published).num_days();
            (gap.abs(), gap > 0)
        })
}

/// Month and day with the given year, or the closest one.
fn resolve(
    year: Option<i32>,
    month: u32,
    day: u32,
    published: Option<NaiveDate>,
) -> Option<NaiveDate> {
    match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day),
        None => closest_year(month, day, published?),
    }
}

/// First and last day of a month.
fn month_range(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = (28..=31)
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(year, month, d))?;
    Some((first, last))
}

fn year_range(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

/// Days back from `from` to the latest `target` on or before it (0..=6).
fn days_back(from: Weekday, target: Weekday) -> i64 {
    (i64::from(from.num_days_from_monday()) - i64::from(target.num_days_from_monday()))
        .rem_euclid(7)
}

// ---------------------------------------------------------------- matching

/// A match starting at the token where it was tried.
#[derive(Clone, Copy, Debug)]
struct Hit {
    /// Token index one past the match.
    end: usize,
    date: NaiveDate,
    end_date: Option<NaiveDate>,
}

impl Hit {
    fn day(end: usize, date: NaiveDate) -> Self {
        Hit {
            end,
            date,
            end_date: None,
        }
    }

    fn range(end: usize, (first, last): (NaiveDate, NaiveDate)) -> Self {
        Hit {
            end,
            date: first,
            end_date: Some(last),
        }
    }
}

/// The longest of some candidate matches; the first one on ties.
fn longest<const N: usize>(hits: [Option<Hit>; N]) -> Option<Hit> {
    hits.into_iter()
        .flatten()
        .fold(None, |best: Option<Hit>, h| match best {
            Some(b) if b.end >= h.end => Some(b),
            _ => Some(h),
        })
}

/// One end of a day range, or a whole month-day date: a day with the month
/// and year when written.
#[derive(Clone, Copy, Debug)]
struct Part {
    day: u32,
    month: Option<u32>,
    year: Option<i32>,
    /// Token index one past it.
    end: usize,
}

struct Cx<'a> {
    toks: &'a [Tok],
    /// The lowercase form of each token that is a word.
    words: Vec<Option<&'a str>>,
    published: Option<NaiveDate>,
}

impl<'a> Cx<'a> {
    /// `lower` is the buffer [`tokenize`] filled.
    /// `lower` is the buffer [`tokenize`] filled; `words` an empty vector
    /// for the words.
    fn new(
        toks: &'a [Tok],
        lower: &'a str,
        published: Option<NaiveDate>,
        mut words: Vec<Option<&'a str>>,
    ) -> Self {
        words.extend(toks.iter().map(|t| match t.kind {
            Kind::Word { from, to } => Some(&lower[from..to]),
            _ => None,
        }));
        Cx {
            toks,
            words,
            published,
        }
    }

    // ----- token access

    fn word(&self, i: usize) -> Option<&'a str> {
        self.words.get(i).copied().flatten()
    }

    #[inline]
    fn is_word(&self, i: usize, w: &str) -> bool {
        self.word(i) == Some(w)
    }

    fn word_in(&self, i: usize, list: &[&str]) -> bool {
        self.word(i).is_some_and(|w| list.contains(&w))
    }

    fn punct(&self, i: usize) -> Option<char> {
        match self.toks.get(i)?.kind {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }

    fn number(&self, i: usize) -> Option<(u32, usize, bool)> {
        match self.toks.get(i)?.kind {
            Kind::Num {
                value,
                digits,
                ordinal,
            } => Some((value, digits, ordinal)),
            _ => None,
        }
    }

    /// Tokens `i` and `i + 1` touch (no space between).
    fn touching(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// Number `i` and number `j`, joined by separator `sep` between them
    /// with no spaces, read as one number ("1,500", "10:30").
    fn glued_pair(&self, i: usize, sep: usize, j: usize, glue: &[char]) -> bool {
        let Some(c) = self.punct(sep) else {
            return false;
        };
        let Some((_, right_digits, _)) = self.number(j) else {
            return false;
        };
        self.number(i).is_some()
            && glue.contains(&c)
            && self.touching(i)
            && self.touching(sep)
            && (c != ',' || right_digits == 3)
    }

    /// Number `i` is part of a longer number written with separators.
    fn glued(&self, i: usize, glue: &[char]) -> bool {
        self.glued_pair(i, i + 1, i + 2, glue) || (i >= 2 && self.glued_pair(i - 2, i - 1, i, glue))
    }

    /// The previous token is "the" (for "the last week", "the next night").
    fn after_the(&self, i: usize) -> bool {
        i > 0 && self.is_word(i - 1, "the")
    }

    // ----- pieces

    /// A month name at `i`: (month, index after the word, index after the
    /// word and the dot of an abbreviation).
    fn month(&self, i: usize) -> Option<(u32, usize, usize)> {
        let Name::Month(k) = self.toks.get(i)?.name else {
            return None;
        };
        let (name, month, abbr) = MONTHS[usize::from(k)];
        if CAPITALISED_MONTHS.contains(&name) && !self.toks[i].capital {
            return None;
        }
        let after_dot = if abbr && self.punct(i + 1) == Some('.') && self.touching(i) {
            i + 2
        } else {
            i + 1
        };
        Some((month, i + 1, after_dot))
    }

    fn weekday(&self, i: usize) -> Option<Weekday> {
        match self.toks.get(i)?.name {
            Name::Weekday(d) => Some(d),
            _ => None,
        }
    }

    /// A day of the month at `i`: (day, has ordinal suffix).
    fn day(&self, i: usize) -> Option<(u32, bool)> {
        let (value, digits, ordinal) = self.number(i)?;
        ((1..=2).contains(&digits) && (1..=31).contains(&value) && !self.glued(i, DAY_GLUE))
            .then_some((value, ordinal))
    }

    /// A four-digit year 1900–2100 at `i`.
    fn year(&self, i: usize) -> Option<i32> {
        let (value, digits, ordinal) = self.number(i)?;
        (digits == 4 && !ordinal && (1900..=2100).contains(&value) && !self.glued(i, YEAR_GLUE))
            .then_some(value as i32)
    }

    /// A year at `i`, possibly after a comma: (year, index after it).
    fn year_after(&self, i: usize) -> Option<(i32, usize)> {
        if let Some(y) = self.year(i) {
            return Some((y, i + 1));
        }
        if self.punct(i) == Some(',') {
            return self.year(i + 1).map(|y| (y, i + 2));
        }
        None
    }

    /// A day with its month ("August 26", "the 26th of August, 2021") or,
    /// when `bare` allows, a day alone ("3" in "3 to 5 May"), which may
    /// take a year when `bare_year` allows ("5, 2021" in "May 3-5, 2021").
    fn part(&self, i: usize, bare: bool, bare_year: bool) -> Option<Part> {
        // Month first: "August 26", "Aug. 26th, 2021".
        if let Some((month, _, after)) = self.month(i) {
            let (day, _) = self.day(after)?;
            let (year, end) = match self.year_after(after + 1) {
                Some((y, end)) => (Some(y), end),
                None => (None, after + 1),
            };
            return Some(Part {
                day,
                month: Some(month),
                year,
                end,
            });
        }
        // Day first: "26 August", "the 26th of August 2021".
        let the = self.is_word(i, "the");
        let j = if the { i + 1 } else { i };
        let (day, ordinal) = self.day(j)?;
        if the && !ordinal {
            return None;
        }
        let k = if ordinal && self.is_word(j + 1, "of") {
            j + 2
        } else {
            j + 1
        };
        if let Some((month, word_end, after)) = self.month(k) {
            let (year, end) = match self.year_after(after) {
                Some((y, end)) => (Some(y), end),
                None => (None, word_end),
            };
            return Some(Part {
                day,
                month: Some(month),
                year,
                end,
            });
        }
        if !bare {
            return None;
        }
        let (year, end) = match self.year_after(j + 1).filter(|_| bare_year) {
            Some((y, end)) => (Some(y), end),
            None => (None, j + 1),
        };
        Some(Part {
            day,
            month: None,
            year,
            end,
        })
    }

    // ----- patterns

    /// The longest match starting at token `i`.
    fn best_at(&self, i: usize) -> Option<Hit> {
        longest([
            self.range(i),
            self.month_year(i),
            self.bare_month(i),
            self.holiday(i),
            self.bare_year(i),
            self.period(i),
            self.ago(i),
            self.part_of_day(i),
            self.single_day(i),
        ])
    }

    /// Any expression of exactly one day.
    fn single_day(&self, i: usize) -> Option<Hit> {
        longest([
            self.weekday_and_date(i),
            self.month_day(i),
            self.iso(i),
            self.relative_weekday(i),
            self.relative_day(i),
        ])
    }

    /// "in October": a month named alone after a preposition is the most
    /// recent such month up to the publication date (news reports what
    /// happened), as a range. "May" needs its capital, as everywhere.
    fn bare_month(&self, i: usize) -> Option<Hit> {
        if i == 0
            || !self.word_in(
                i - 1,
                &["in", "since", "during", "until", "early", "late", "mid"],
            )
        {
            return None;
        }
        let (month, end, _) = self.month(i)?;
        if MONTHS
            .iter()
            .any(|&(name, m, abbr)| m == month && abbr && self.is_word(i, name))
        {
            return None; // "in Oct" is too terse to trust
        }
        let published = self.published?;
        let year = if month <= published.month() {
            published.year()
        } else {
            published.year() - 1
        };
        Some(Hit::range(end, month_range(year, month)?))
    }

    /// "New Year's Day", "New Year's Eve", "Christmas Day": the one closest
    /// to the publication date.
    fn holiday(&self, i: usize) -> Option<Hit> {
        let (month, day, end) = if self.is_word(i, "new")
            && self.is_word(i + 1, "year")
            && self
                .punct(i + 2)
                .is_some_and(|c| c == '\'' || c == '\u{2019}')
            && self.is_word(i + 3, "s")
        {
            if self.is_word(i + 4, "day") {
                (1, 1, i + 5)
            } else if self.is_word(i + 4, "eve") {
                (12, 31, i + 5)
            } else {
                return None;
            }
        } else if self.is_word(i, "christmas") && self.is_word(i + 1, "day") {
            (12, 25, i + 2)
        } else {
            return None;
        };
        Some(Hit::day(end, closest_year(month, day, self.published?)?))
    }

    /// "August 26", "26th of August 2021".
    fn month_day(&self, i: usize) -> Option<Hit> {
        let part = self.part(i, false, false)?;
        let date = resolve(part.year, part.month?, part.day, self.published)?;
        Some(Hit::day(part.end, date))
    }

    /// "2021-08-26".
    fn iso(&self, i: usize) -> Option<Hit> {
        let (y, 4, false) = self.number(i)? else {
            return None;
        };
        let (m, 2, false) = self.number(i + 2)? else {
            return None;
        };
        let (d, 2, false) = self.number(i + 4)? else {
            return None;
        };
        let dashes = self.punct(i + 1) == Some('-') && self.punct(i + 3) == Some('-');
        let tight = (i..i + 4).all(|k| self.touching(k));
        if !(dashes && tight) {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(y as i32, m, d)?;
        Some(Hit::day(i + 5, date))
    }

    /// "Thursday, August 26": the written date wins.
    fn weekday_and_date(&self, i: usize) -> Option<Hit> {
        self.weekday(i)?;
        let j = if self.punct(i + 1) == Some(',') {
            i + 2
        } else {
            i + 1
        };
        longest([self.month_day(j), self.iso(j)])
    }

    /// "the night of August 31", "the early hours of Monday".
    fn part_of_day(&self, i: usize) -> Option<Hit> {
        if !self.is_word(i, "the") {
            return None;
        }
        let mut j = i + 1;
        if self.word_in(j, &["early", "late"]) {
            j += 1;
        }
        if !self.word_in(j, DAY_PARTS) || !self.is_word(j + 1, "of") {
            return None;
        }
        self.single_day(j + 2)
    }

    /// "Monday", "last Monday", "next Monday", "this coming Monday".
    fn relative_weekday(&self, i: usize) -> Option<Hit> {
        #[derive(PartialEq)]
        enum Which {
            OnOrBefore,
            Before,
            After,
        }
        let (which, j) = match self.word(i)? {
            "last" => (Which::Before, i + 1),
            "next" => (Which::After, i + 1),
            "this" if self.is_word(i + 1, "coming") => (Which::After, i + 2),
            "this" if self.is_word(i + 1, "past") => (Which::Before, i + 2),
            _ => (Which::OnOrBefore, i),
        };
        let target = self.weekday(j)?;
        if which != Which::OnOrBefore && self.after_the(i) {
            return None;
        }
        if which == Which::OnOrBefore
            && i > 0
            && self.word_in(i - 1, &["every", "each", "last", "next"])
        {
            return None;
        }
        let p = self.published?;
        let back = days_back(p.weekday(), target);
        let offset = match which {
            Which::OnOrBefore => -back,
            Which::Before if back == 0 => -7,
            Which::Before => -back,
            Which::After => 7 - back,
        };
        Some(Hit::day(j + 1, shift(p, offset)?))
    }

    /// "today", "yesterday", "last night", ...
    fn relative_day(&self, i: usize) -> Option<Hit> {
        let (words, offset) = RELATIVE_DAYS.iter().find(|(words, _)| {
            words
                .iter()
                .enumerate()
                .all(|(k, w)| self.is_word(i + k, w))
        })?;
        if words[0] == "last" && self.after_the(i) {
            return None;
        }
        let date = shift(self.published?, *offset)?;
        Some(Hit::day(i + words.len(), date))
    }

    /// "two days ago", "3 weeks ago".
    fn ago(&self, i: usize) -> Option<Hit> {
        let n = match self.number(i) {
            Some((value, digits, false)) if digits <= 4 => u64::from(value),
            Some(_) => return None,
            None => {
                let w = self.word(i)?;
                NUMBER_WORDS.iter().find(|(name, _)| *name == w)?.1
            }
        };
        let unit = match self.word(i + 1)? {
            "day" | "days" => 1,
            "week" | "weeks" => 7,
            _ => return None,
        };
        if !self.is_word(i + 2, "ago") {
            return None;
        }
        let back = i64::try_from(n * unit).ok()?;
        Some(Hit::day(i + 3, shift(self.published?, -back)?))
    }

    /// "last week", "this month", "next year", "earlier this month".
    fn period(&self, i: usize) -> Option<Hit> {
        let (step, earlier, j) = match self.word(i)? {
            "last" => (-1, false, i + 1),
            "this" => (0, false, i + 1),
            "next" => (1, false, i + 1),
            "earlier" if self.is_word(i + 1, "this") => (0, true, i + 2),
            _ => return None,
        };
        if step != 0 && self.after_the(i) {
            return None;
        }
        let unit = self.word(j)?;
        if !["week", "month", "year"].contains(&unit) {
            return None;
        }
        let p = self.published?;
        let (first, last) = match unit {
            "week" => {
                let monday = shift(p, -i64::from(p.weekday().num_days_from_monday()))?;
                let first = shift(monday, 7 * step)?;
                (first, shift(first, 6)?)
            }
            "month" => {
                let index = p.year() * 12 + p.month0() as i32 + step as i32;
                month_range(index.div_euclid(12), index.rem_euclid(12) as u32 + 1)?
            }
            _ => year_range(p.year() + step as i32)?,
        };
        let last = if earlier { p } else { last };
        Some(Hit::range(j + 1, (first, last)))
    }

    /// "March 2020", "Aug. 2021".
    fn month_year(&self, i: usize) -> Option<Hit> {
        let (month, _, after) = self.month(i)?;
        let year = self.year(after)?;
        Some(Hit::range(after + 1, month_range(year, month)?))
    }

    /// "in 2019", "since 2015", "2019, a year ..." (see the module docs).
    fn bare_year(&self, i: usize) -> Option<Hit> {
        let year = self.year(i)?;
        let after_preposition = i > 0 && self.word_in(i - 1, YEAR_PREPOSITIONS);
        let sentence_start = i == 0 || self.punct(i - 1).is_some_and(|c| ".!?;:(\"“‘'".contains(c));
        let ok = if after_preposition {
            match self.toks.get(i + 1) {
                None => true,
                Some(next) => match next.kind {
                    Kind::Word { .. } => next.capital || self.word_in(i + 1, AFTER_YEAR_WORDS),
                    Kind::Punct(c) => c != '%',
                    Kind::Num { .. } | Kind::Other => false,
                },
            }
        } else {
            sentence_start && self.punct(i + 1) == Some(',')
        };
        if !ok {
            return None;
        }
        Some(Hit::range(i + 1, year_range(year)?))
    }

    /// "3 to 5 May", "May 3-5", "between 3 and 5 May", "from May 3 to May 5".
    fn range(&self, i: usize) -> Option<Hit> {
        let between = self.is_word(i, "between");
        let j = if between || self.is_word(i, "from") {
            i + 1
        } else {
            i
        };
        let first = self.part(j, true, false)?;
        let sep = first.end;
        let joined = if between {
            self.is_word(sep, "and")
        } else {
            self.word_in(sep, RANGE_WORDS)
                || self.punct(sep).is_some_and(|c| RANGE_DASHES.contains(&c))
        };
        if !joined {
            return None;
        }
        let second = self.part(sep + 1, first.month.is_some(), true)?;
        let (start, end) = self.range_dates(first, second)?;
        let days = end.signed_duration_since(start).num_days();
        if days <= 0 || days > MAX_RANGE_DAYS {
            return None;
        }
        Some(Hit::range(second.end, (start, end)))
    }

    /// Dates of a range's two ends, each taking a missing month or year
    /// from the other.
    fn range_dates(&self, first: Part, second: Part) -> Option<(NaiveDate, NaiveDate)> {
        let m1 = first.month.or(second.month)?;
        let m2 = second.month.or(first.month)?;
        let crosses = m2 < m1;
        let ymd = |y: i32, m, d| NaiveDate::from_ymd_opt(y, m, d);
        Some(match (first.year, second.year) {
            (Some(a), Some(b)) => (ymd(a, m1, first.day)?, ymd(b, m2, second.day)?),
            (Some(a), None) => {
                let b = if crosses { a + 1 } else { a };
                (ymd(a, m1, first.day)?, ymd(b, m2, second.day)?)
            }
            (None, Some(b)) => {
                let a = if crosses { b - 1 } else { b };
                (ymd(a, m1, first.day)?, ymd(b, m2, second.day)?)
            }
            (None, None) => {
                let start = closest_year(m1, first.day, self.published?)?;
                let b = if crosses {
                    start.year() + 1
                } else {
                    start.year()
                };
                (start, ymd(b, m2, second.day)?)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (text, published, expected [(expression, date, end date)]).
    type Case = (
        &'static str,
        Option<&'static str>,
        &'static [(&'static str, &'static str, Option<&'static str>)],
    );

    fn ymd(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn check(cases: &[Case]) {
        for (text, published, expected) in cases {
            let got: Vec<(String, String, Option<String>)> = find_dates(text, published.map(ymd))
                .iter()
                .map(|m| {
                    (
                        text[m.start..m.end].to_string(),
                        m.date.to_string(),
                        m.end_date.map(|d| d.to_string()),
                    )
                })
                .collect();
            let want: Vec<(String, String, Option<String>)> = expected
                .iter()
                .map(|(e, d, end)| (e.to_string(), d.to_string(), end.map(str::to_string)))
                .collect();
            assert_eq!(got, want, "text: {text:?}, published: {published:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn month_and_day() {
        check(&[
            ("On August 26 a bomb exploded.", Some("2021-09-01"), &[("August 26", "2021-08-26", None)]),
            ("Troops left on Aug. 26.", Some("2021-09-01"), &[("Aug. 26", "2021-08-26", None)]),
            ("Troops left on 26 Aug.", Some("2021-09-01"), &[("26 Aug", "2021-08-26", None)]),
            ("It began on 26 August.", Some("2021-09-01"), &[("26 August", "2021-08-26", None)]),
            ("It began on the 26th of August.", Some("2021-09-01"), &[("the 26th of August", "2021-08-26", None)]),
            ("It began on 3rd September.", Some("2021-09-01"), &[("3rd September", "2021-09-03", None)]),
            ("It began on August 26th.", Some("2021-09-01"), &[("August 26th", "2021-08-26", None)]),
            ("It began on AUGUST 26.", Some("2021-09-01"), &[("AUGUST 26", "2021-08-26", None)]),
            ("It began on Sept. 3, 2019.", Some("2021-09-01"), &[("Sept. 3, 2019", "2019-09-03", None)]),
            ("It began on August 26, 2021.", None, &[("August 26, 2021", "2021-08-26", None)]),
            ("It began on 26 August 2021.", None, &[("26 August 2021", "2021-08-26", None)]),
            ("It began on 26 Aug. 2015 at dawn.", None, &[("26 Aug. 2015", "2015-08-26", None)]),
            ("On Thursday, August 26, the airport was hit.", Some("2021-09-01"), &[("Thursday, August 26", "2021-08-26", None)]),
            ("On the night of August 31 the last plane left.", Some("2021-09-01"), &[("the night of August 31", "2021-08-31", None)]),
            ("In the early hours of Monday a dam broke.", Some("2021-09-01"), &[("the early hours of Monday", "2021-08-30", None)]),
            ("The ISO date 2021-08-26 is in the log.", None, &[("2021-08-26", "2021-08-26", None)]),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn year_closest_to_publication() {
        check(&[
            ("Fighting on December 30 killed 4.", Some("2022-01-02"), &[("December 30", "2021-12-30", None)]),
            ("Talks are due on January 3.", Some("2021-12-30"), &[("January 3", "2022-01-03", None)]),
            ("Talks on June 15.", Some("2021-06-10"), &[("June 15", "2021-06-15", None)]),
            // 2020-07-02 is 183 days after 2020-01-01 and before 2021-01-01: a tie, to the past.
            ("Since January 1 it rained.", Some("2020-07-02"), &[("January 1", "2020-01-01", None)]),
            ("Since January 1 it rained.", Some("2020-07-03"), &[("January 1", "2021-01-01", None)]),
            ("Protests on December 30 to January 2.", Some("2022-01-05"), &[("December 30 to January 2", "2021-12-30", Some("2022-01-02"))]),
            ("Dec. 30, 2020 to Jan. 2, 2021 was calm.", None, &[("Dec. 30, 2020 to Jan. 2, 2021", "2020-12-30", Some("2021-01-02"))]),
            ("From 30 December to 2 January 2021.", None, &[("From 30 December to 2 January 2021", "2020-12-30", Some("2021-01-02"))]),
            ("From December 30, 2020 to January 2 it rained.", None, &[("From December 30, 2020 to January 2", "2020-12-30", Some("2021-01-02"))]),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn relative_days() {
        check(&[
            ("A blast yesterday killed 3.", Some("2021-09-01"), &[("yesterday", "2021-08-31", None)]),
            ("A blast yesterday killed 3.", Some("2021-01-01"), &[("yesterday", "2020-12-31", None)]),
            ("Rain tomorrow.", Some("2021-12-31"), &[("tomorrow", "2022-01-01", None)]),
            ("Today and tonight.", Some("2021-09-01"), &[("Today", "2021-09-01", None), ("tonight", "2021-09-01", None)]),
            ("Shelling last night hit the port.", Some("2021-09-01"), &[("last night", "2021-08-31", None)]),
            ("Clashes this morning.", Some("2021-09-01"), &[("this morning", "2021-09-01", None)]),
            ("It was the day before yesterday.", Some("2021-09-01"), &[("the day before yesterday", "2021-08-30", None)]),
            ("Two days ago a convoy was hit.", Some("2021-09-01"), &[("Two days ago", "2021-08-30", None)]),
            ("It happened 3 days ago.", Some("2021-09-01"), &[("3 days ago", "2021-08-29", None)]),
            ("It happened a week ago.", Some("2021-09-01"), &[("a week ago", "2021-08-25", None)]),
            ("It was the last night of the festival.", Some("2021-09-01"), &[]),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn weekdays() {
        // 2021-09-01 is a Wednesday, 2021-09-05 and 2022-01-02 Sundays.
        check(&[
            ("Talks on Monday failed.", Some("2021-09-01"), &[("Monday", "2021-08-30", None)]),
            ("Talks on Wednesday failed.", Some("2021-09-01"), &[("Wednesday", "2021-09-01", None)]),
            ("Talks on Thursday failed.", Some("2021-09-01"), &[("Thursday", "2021-08-26", None)]),
            ("Late on Monday night.", Some("2021-09-01"), &[("Monday", "2021-08-30", None)]),
            ("Markets fell on Sunday.", Some("2021-09-05"), &[("Sunday", "2021-09-05", None)]),
            ("Markets fell last Sunday.", Some("2021-09-05"), &[("last Sunday", "2021-08-29", None)]),
            ("Markets fell last Saturday.", Some("2021-09-05"), &[("last Saturday", "2021-09-04", None)]),
            ("Polls open next Sunday.", Some("2021-09-05"), &[("next Sunday", "2021-09-12", None)]),
            ("Polls open this coming Monday.", Some("2021-09-05"), &[("this coming Monday", "2021-09-06", None)]),
            ("It rained this past Friday.", Some("2021-09-05"), &[("this past Friday", "2021-09-03", None)]),
            ("The bombing on Friday.", Some("2022-01-02"), &[("Friday", "2021-12-31", None)]),
            ("Markets open every Monday.", Some("2021-09-05"), &[]),
            ("On the last Monday of May.", Some("2021-09-05"), &[]),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn periods() {
        check(&[
            ("Last week, 12 people died.", Some("2021-09-01"), &[("Last week", "2021-08-23", Some("2021-08-29"))]),
            ("Last week, 12 people died.", Some("2021-01-01"), &[("Last week", "2020-12-21", Some("2020-12-27"))]),
            ("This week the talks resumed.", Some("2021-09-01"), &[("This week", "2021-08-30", Some("2021-09-05"))]),
            ("Talks resume next week.", Some("2021-09-05"), &[("next week", "2021-09-06", Some("2021-09-12"))]),
            ("Prices rose last month.", Some("2021-01-15"), &[("last month", "2020-12-01", Some("2020-12-31"))]),
            ("Prices rose last month.", Some("2020-03-31"), &[("last month", "2020-02-01", Some("2020-02-29"))]),
            ("Prices rose last year.", Some("2021-09-01"), &[("last year", "2020-01-01", Some("2020-12-31"))]),
            ("Earlier this month, a dam broke.", Some("2021-09-15"), &[("Earlier this month", "2021-09-01", Some("2021-09-15"))]),
            ("Deaths in the last week rose.", Some("2021-09-15"), &[]),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn months_and_years() {
        check(&[
            ("The virus arrived in March 2020.", None, &[("March 2020", "2020-03-01", Some("2020-03-31"))]),
            ("Prices peaked in Feb. 2020.", None, &[("Feb. 2020", "2020-02-01", Some("2020-02-29"))]),
            ("In 2019, the town flooded.", None, &[("2019", "2019-01-01", Some("2019-12-31"))]),
            ("The group has fought since 2015 and won.", None, &[("2015", "2015-01-01", Some("2015-12-31"))]),
            ("It must end by 2030.", None, &[("2030", "2030-01-01", Some("2030-12-31"))]),
            ("2019, a year of floods.", None, &[("2019", "2019-01-01", Some("2019-12-31"))]),
            ("Some 2019 people fled.", None, &[]),
            ("In 2000 people died.", None, &[]),
            ("A total of 1,500 fled in 1999 alone.", None, &[("1999", "1999-01-01", Some("1999-12-31"))]),
            ("It rose by 2000%.", None, &[]),
            ("Born in 1850.", None, &[]),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn ranges() {
        check(&[
            ("Talks ran from 3 to 5 May.", Some("2021-09-01"), &[("from 3 to 5 May", "2021-05-03", Some("2021-05-05"))]),
            ("Talks ran 3 to 5 May 2021.", None, &[("3 to 5 May 2021", "2021-05-03", Some("2021-05-05"))]),
            ("Talks ran May 3-5.", Some("2021-09-01"), &[("May 3-5", "2021-05-03", Some("2021-05-05"))]),
            ("Talks ran May 3–5, 2019.", None, &[("May 3–5, 2019", "2019-05-03", Some("2019-05-05"))]),
            ("Talks ran 3-5 May 2019.", None, &[("3-5 May 2019", "2019-05-03", Some("2019-05-05"))]),
            ("Talks ran between 3 and 5 May.", Some("2021-09-01"), &[("between 3 and 5 May", "2021-05-03", Some("2021-05-05"))]),
            ("Talks ran from May 3 to May 5.", Some("2021-09-01"), &[("from May 3 to May 5", "2021-05-03", Some("2021-05-05"))]),
            ("Talks ran 28 February to 2 March 2020.", None, &[("28 February to 2 March 2020", "2020-02-28", Some("2020-03-02"))]),
            // Backwards or empty: not a range, only the first date.
            ("Talks ran May 5 to 3.", Some("2021-09-01"), &[("May 5", "2021-05-05", None)]),
            ("Talks ran May 5 to 5.", Some("2021-09-01"), &[("May 5", "2021-05-05", None)]),
            // "and" without "between" is two dates.
            ("Clashes on May 3 and May 5.", Some("2021-09-01"), &[("May 3", "2021-05-03", None), ("May 5", "2021-05-05", None)]),
            // A bare day takes a year only as the second end.
            ("Talks ran 3, 2021 to 5 May.", Some("2021-09-01"), &[("5 May", "2021-05-05", None)]),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn invalid_dates_are_skipped() {
        check(&[
            ("Leap day February 29, 2020 counts.", None, &[("February 29, 2020", "2020-02-29", None)]),
            ("February 29, 2021 does not exist.", None, &[]),
            ("A date: February 29.", Some("2024-03-10"), &[("February 29", "2024-02-29", None)]),
            ("On February 30 nothing happened.", Some("2021-09-01"), &[]),
            ("On 31 June nothing happened.", Some("2021-09-01"), &[]),
            ("On April 31 nothing happened.", Some("2021-09-01"), &[]),
            ("Logged 2021-02-30 and 2021-13-01.", None, &[]),
            ("On August 32 and 0 August.", Some("2021-09-01"), &[]),
            ("Talks from 30 to 31 February.", Some("2021-09-01"), &[]),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn without_publication_date() {
        check(&[
            ("Yesterday, on Monday, last week and August 26 do not count.", None, &[]),
            ("But August 26, 2021 does, and so does last year in 2019.", None, &[
                ("August 26, 2021", "2021-08-26", None),
                ("2019", "2019-01-01", Some("2019-12-31")),
            ]),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn several_dates_and_none() {
        check(&[
            ("Rebels took the city on August 15 and the airport closed yesterday.", Some("2021-09-01"), &[
                ("August 15", "2021-08-15", None),
                ("yesterday", "2021-08-31", None),
            ]),
            ("No date here, just 12 people and 3.5 tonnes of aid.", Some("2021-09-01"), &[]),
            ("", Some("2021-09-01"), &[]),
            ("As many as 20 may have died; they march 10 km daily.", Some("2021-09-01"), &[]),
            ("He was killed at 10:30 May 1 after 1,200 died.", Some("2021-09-01"), &[("May 1", "2021-05-01", None)]),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn non_ascii_text() {
        check(&[
            ("À Kyiv — « le 26 août » — on August 26, 2021 ünd gestern…", None, &[("August 26, 2021", "2021-08-26", None)]),
            ("Взрыв произошёл yesterday в Кабуле, 3–5 May 2021 тоже.", Some("2021-09-01"), &[
                ("yesterday", "2021-08-31", None),
                ("3–5 May 2021", "2021-05-03", Some("2021-05-05")),
            ]),
            ("日本 August 26日 — 2021-08-26。", Some("2021-09-01"), &[("2021-08-26", "2021-08-26", None)]),
        ]);
    }

    #[test]
    fn byte_offsets() {
        let text = "Ünd on Monday.";
        let found = find_dates(text, Some(ymd("2021-09-01")));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].start, found[0].end), (8, 14));
    }

    fn check_invariants(text: &str, published: Option<NaiveDate>) {
        let found = find_dates(text, published);
        let mut last_end = 0;
        for m in &found {
            assert!(m.start >= last_end, "overlap or unsorted: {found:?}");
            assert!(m.start < m.end && m.end <= text.len());
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            if let Some(end) = m.end_date {
                assert!(end >= m.date);
            }
            last_end = m.end;
        }
    }

    fn any_date() -> impl Strategy<Value = Option<NaiveDate>> {
        let min = NaiveDate::MIN.num_days_from_ce();
        let max = NaiveDate::MAX.num_days_from_ce();
        prop_oneof![
            Just(None),
            Just(Some(NaiveDate::MIN)),
            Just(Some(NaiveDate::MAX)),
            (min..=max).prop_map(NaiveDate::from_num_days_from_ce_opt),
        ]
    }

    /// Text made of date-like words, to reach the patterns often.
    fn date_like_text() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "May",
            "may",
            "Aug",
            ".",
            ",",
            "-",
            "–",
            "26",
            "3",
            "31",
            "29",
            "2021",
            "2019",
            "1900",
            "2100",
            "0",
            "99999999999",
            "26th",
            "the",
            "of",
            "night",
            "early",
            "hours",
            "between",
            "and",
            "from",
            "to",
            "last",
            "next",
            "this",
            "coming",
            "past",
            "earlier",
            "week",
            "month",
            "year",
            "Monday",
            "Sunday",
            "yesterday",
            "tomorrow",
            "two",
            "days",
            "ago",
            "in",
            "since",
            "February",
            "December",
            "January",
            "é",
            "日本",
            ":",
            "%",
        ]);
        prop::collection::vec((words, prop::bool::ANY), 0..16).prop_map(|parts| {
            parts
                .into_iter()
                .map(|(w, space)| {
                    if space {
                        format!("{w} ")
                    } else {
                        w.to_string()
                    }
                })
                .collect()
        })
    }

    #[test]
    fn letters_that_lowercase_to_ascii_are_looked_at() {
        // "K" (Kelvin sign) lowercases to "k": "WEE\u{212A}" is "week".
        let text = "Floods last WEE\u{212A} hit the town.";
        assert!(may_hold_dates(text));
        assert_eq!(find_dates(text, Some(ymd("2021-09-01"))).len(), 1);
        assert!(!may_hold_dates("Floods hit the town again."));
        assert!(may_hold_dates("Floods hit the town on MONDAY."));
        assert!(may_hold_dates("Floods hit 3 towns."));
    }

    /// No pattern matches at a token that `may_start` rules out.
    fn check_may_start(text: &str, published: Option<NaiveDate>) {
        let (mut lower, mut toks) = (String::new(), Vec::new());
        tokenize(text, &mut lower, &mut toks);
        let cx = Cx::new(&toks, &lower, published, Vec::new());
        for (i, t) in toks.iter().enumerate() {
            if !t.may_start {
                assert!(cx.best_at(i).is_none(), "{text:?}: token {i} {t:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn only_listed_words_start_expressions(
            text in date_like_text(),
            published in any_date(),
            noise in prop::collection::vec(prop::sample::select(vec![
                "Christmas", "Day", "New", "Year's", "Year\u{2019}s", "eve", "tonight", "today",
                "ago", "weeks", "one", "ten", "a", "Tuesday", "late", "mid", "during",
            ]), 0..6),
        ) {
            for text in [
                text.clone(),
                format!("{} {text}", noise.join(" ")),
                format!("{text} {}", noise.join(" ")),
            ] {
                check_may_start(&text, published);
                let upper = text.to_uppercase();
                for t in [&text, &upper] {
                    if !find_dates(t, published).is_empty() {
                        prop_assert!(may_hold_dates(t), "{:?}", t);
                    }
                }
            }
        }

        #[test]
        fn never_panics_on_arbitrary_text(text in "\\PC*", published in any_date()) {
            check_invariants(&text, published);
        }

        #[test]
        fn never_panics_on_date_like_text(text in date_like_text(), published in any_date()) {
            check_invariants(&text, published);
        }
    }
}
