//! Past or future: for an expression that does not say ("Friday", "in
//! April", "Aug. 7", "the fourth quarter"), whether it points after the
//! publication date. News mostly reports what happened, so the past is
//! the default; a future verb or a plan looks forward ("talks set to
//! resume Monday", "closing is expected in December", "a summit in
//! April").
//!
//! The decision is a small logistic regression over cue features around
//! the expression (modal and future verbs, plans, past-tense verbs, the
//! preposition before it, how far each reading lies from publication).
//! `scripts/train_times.py` learns its weights from the TimeBank/AQUAINT
//! set, with cross-validation grouped by document, and writes
//! `direction.tsv`, compiled in.

use super::find::Spec;
use super::normalise::days_back;
use crate::words::WordSet;
use chrono::{Datelike, NaiveDate};
use std::sync::OnceLock;

/// The features, in the order of the weight vector. `direction.tsv` names
/// them; a name missing there weighs 0.
pub const FEATURES: &[&str] = &[
    "bias",
    "kind_weekday",
    "kind_month",
    "kind_day",
    "kind_quarter",
    "kind_weekend",
    "kind_holiday",
    "future_closer",
    "gap_back",
    "gap_ahead",
    "will",
    "would",
    "modal",
    "plan",
    "to_verb",
    "upcoming",
    "past_verb",
    "said",
    "present",
    "nearest_future",
    "nearest_past",
    "prep_by",
    "prep_until",
    "prep_since",
    "prep_on",
    "prep_in",
    "prep_from",
    "prep_after",
    "prep_before",
    "prep_for",
    "after_will",
    "after_past",
];

/// Number of features.
pub const N: usize = 32;
const _: () = assert!(FEATURES.len() == N);

/// Future-marking words: modal future and plans.
const WILL: &[&str] = &["will", "ll", "shall", "wo", "won"];
const MODAL: &[&str] = &["may", "might", "could", "should", "can", "must"];
const PLAN: &[&str] = &[
    "scheduled",
    "slated",
    "set",
    "due",
    "expected",
    "expects",
    "expect",
    "planned",
    "plans",
    "plan",
    "planning",
    "intends",
    "intend",
    "hopes",
    "hope",
    "aims",
    "going",
    "likely",
    "prepared",
    "ready",
    "postponed",
    "delayed",
    "deadline",
    "until",
];
const UPCOMING: &[&str] = &[
    "upcoming",
    "coming",
    "next",
    "later",
    "future",
    "soon",
    "forthcoming",
];
const PAST_IRREGULAR: &[&str] = &[
    "was", "were", "had", "did", "said", "told", "went", "came", "took", "made", "met", "began",
    "left", "gave", "saw", "fell", "rose", "won", "lost", "held", "sent", "got", "found", "spoke",
    "fled", "struck", "became", "led", "ran", "paid", "sold", "bought", "brought", "kept", "hit",
    "shot", "killed", "quit", "flew", "wrote", "knew", "thought", "heard", "stood",
];
const PRESENT: &[&str] = &["is", "are", "am", "says", "say", "has", "have"];
const SAID: &[&str] = &["said", "told", "reported", "announced"];

/// Words looked at before the expression, within its sentence.
const WINDOW_BEFORE: usize = 12;
/// Words looked at after it.
const WINDOW_AFTER: usize = 4;

/// The learned weights, by feature index.
fn weights() -> &'static [f64; N] {
    static W: OnceLock<[f64; N]> = OnceLock::new();
    W.get_or_init(|| parse_weights(include_str!("direction.tsv")))
}

/// Reads `feature<TAB>weight` lines; `#` starts a comment.
fn parse_weights(tsv: &str) -> [f64; N] {
    let mut w = [0.0; N];
    for line in tsv.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split('\t');
        let (Some(name), Some(value)) = (parts.next(), parts.next()) else {
            continue;
        };
        if let (Some(k), Ok(v)) = (FEATURES.iter().position(|f| *f == name), value.parse()) {
            w[k] = v;
        }
    }
    w
}

/// Probability that the open expression `spec` at bytes `start..end` of
/// `text` points after `p`.
pub(super) fn future_probability(
    text: &str,
    start: usize,
    end: usize,
    spec: &Spec,
    p: NaiveDate,
) -> f64 {
    let x = features(text, start, end, spec, p);
    let z: f64 = weights()
        .iter()
        .zip(&x)
        .map(|(w, x)| w * f64::from(*x))
        .sum();
    1.0 / (1.0 + (-z).exp())
}

/// True when the open expression is read as pointing forward.
pub(super) fn looks_forward(
    text: &str,
    start: usize,
    end: usize,
    spec: &Spec,
    p: NaiveDate,
) -> bool {
    future_probability(text, start, end, spec, p) > 0.5
}

static WILL_WORDS: WordSet = WordSet::new(WILL);
static MODAL_WORDS: WordSet = WordSet::new(MODAL);
static PLAN_WORDS: WordSet = WordSet::new(PLAN);
static UPCOMING_WORDS: WordSet = WordSet::new(UPCOMING);
static PAST_WORDS: WordSet = WordSet::new(PAST_IRREGULAR);
static PRESENT_WORDS: WordSet = WordSet::new(PRESENT);
static SAID_WORDS: WordSet = WordSet::new(SAID);
/// Every word of the lists above: most words are none of them, and are
/// told so by one test.
static CUE_WORDS: WordSet = WordSet::new(&[
    "will",
    "ll",
    "shall",
    "wo",
    "won",
    "would",
    "may",
    "might",
    "could",
    "should",
    "can",
    "must",
    "scheduled",
    "slated",
    "set",
    "due",
    "expected",
    "expects",
    "expect",
    "planned",
    "plans",
    "plan",
    "planning",
    "intends",
    "intend",
    "hopes",
    "hope",
    "aims",
    "going",
    "likely",
    "prepared",
    "ready",
    "postponed",
    "delayed",
    "deadline",
    "until",
    "upcoming",
    "coming",
    "next",
    "later",
    "future",
    "soon",
    "forthcoming",
    "said",
    "told",
    "reported",
    "announced",
    "is",
    "are",
    "am",
    "says",
    "say",
    "has",
    "have",
    "to",
]);

/// The feature vector of the open expression `spec` at bytes
/// `start..end` of `text`, at publication date `p`. The words around it
/// are read from the bytes: [`WINDOW_BEFORE`] words back to the start of
/// its sentence, [`WINDOW_AFTER`] after it to the end of its clause.
pub(super) fn features(
    text: &str,
    start: usize,
    end: usize,
    spec: &Spec,
    p: NaiveDate,
) -> [f32; N] {
    let mut x = [0f32; N];
    let mut set = |k: usize, v: f32| x[k] = v;
    set(const { at("bias") }, 1.0);
    match *spec {
        Spec::Weekday { day, .. } => {
            set(const { at("kind_weekday") }, 1.0);
            let back = days_back(p.weekday(), day);
            set(const { at("gap_back") }, back as f32 / 7.0);
            set(const { at("gap_ahead") }, ((7 - back) % 7) as f32 / 7.0);
        }
        Spec::Weekend(_) => set(const { at("kind_weekend") }, 1.0),
        Spec::Month { month, .. } => {
            set(const { at("kind_month") }, 1.0);
            let back = (p.month() as i32 - month as i32).rem_euclid(12);
            set(const { at("gap_back") }, back as f32 / 12.0);
            set(const { at("gap_ahead") }, ((12 - back) % 12) as f32 / 12.0);
        }
        Spec::Day { month, day, .. } => {
            set(const { at("kind_day") }, 1.0);
            closeness(&mut set, p, |y| NaiveDate::from_ymd_opt(y, month, day));
        }
        Spec::Holiday { holiday, .. } => {
            set(const { at("kind_holiday") }, 1.0);
            closeness(&mut set, p, |y| super::normalise::holiday_in(holiday, y));
        }
        Spec::Quarter { .. } => set(const { at("kind_quarter") }, 1.0),
        _ => {}
    }
    // The sentence before the expression, nearest word first.
    let mut nearest: Option<bool> = None;
    let mut seen_to = false;
    each_word_before(text, start, WINDOW_BEFORE, |n, w| {
        let Some(w) = w else {
            return;
        };
        if n == 0 || (n == 1 && matches!(w, "on" | "in" | "by" | "until" | "since")) {
            let prep = match w {
                "by" => at("prep_by"),
                "until" | "till" | "through" => at("prep_until"),
                "since" => at("prep_since"),
                "on" => at("prep_on"),
                "in" | "during" => at("prep_in"),
                "from" => at("prep_from"),
                "after" => at("prep_after"),
                "before" | "ahead" => at("prep_before"),
                "for" => at("prep_for"),
                _ => usize::MAX,
            };
            if prep != usize::MAX {
                set(prep, 1.0);
            }
        }
        let cue = CUE_WORDS.contains(w);
        let future = if !cue {
            if is_past(w) {
                set(const { at("past_verb") }, 1.0);
                Some(false)
            } else {
                None
            }
        } else if WILL_WORDS.contains(w) {
            set(const { at("will") }, 1.0);
            Some(true)
        } else if w == "would" {
            set(const { at("would") }, 1.0);
            Some(true)
        } else if MODAL_WORDS.contains(w) {
            set(const { at("modal") }, 1.0);
            Some(true)
        } else if PLAN_WORDS.contains(w) {
            set(const { at("plan") }, 1.0);
            Some(true)
        } else if UPCOMING_WORDS.contains(w) {
            set(const { at("upcoming") }, 1.0);
            Some(true)
        } else if SAID_WORDS.contains(w) {
            set(const { at("said") }, 1.0);
            set(const { at("past_verb") }, 1.0);
            Some(false)
        } else if is_past(w) {
            set(const { at("past_verb") }, 1.0);
            Some(false)
        } else if PRESENT_WORDS.contains(w) {
            set(const { at("present") }, 1.0);
            None
        } else if w == "to" && !seen_to {
            // "to resume Monday", "plans to meet on Friday": an
            // infinitive before the expression (not "to" right before it,
            // "from May to June").
            seen_to = true;
            (n >= 1)
                .then_some(true)
                .inspect(|_| set(const { at("to_verb") }, 1.0))
        } else {
            None
        };
        if nearest.is_none() {
            nearest = future;
        }
    });
    match nearest {
        Some(true) => set(const { at("nearest_future") }, 1.0),
        Some(false) => set(const { at("nearest_past") }, 1.0),
        None => {}
    }
    // Right after: "Monday will see", "Friday's meeting was".
    each_word_after(text, end, WINDOW_AFTER, |w| match w {
        Some(w) if WILL_WORDS.contains(w) => set(const { at("after_will") }, 1.0),
        Some(w) if is_past(w) => set(const { at("after_past") }, 1.0),
        _ => {}
    });
    x
}

/// Calls `f` with the words before byte `at`, nearest first (and their
/// rank), back to the end of the previous sentence or clause (".", "!",
/// "?", ";", ":"), at most `max`: each ASCII word lowercased, or `None` for
/// a word too long or not ASCII, or a number.
fn each_word_before(text: &str, at: usize, max: usize, mut f: impl FnMut(usize, Option<&str>)) {
    let bytes = text.as_bytes();
    let mut i = at;
    let mut n = 0;
    while n < max && i > 0 {
        let b = bytes[i - 1];
        if matches!(b, b'.' | b'!' | b'?' | b';' | b':') {
            return;
        }
        if !b.is_ascii_alphanumeric() && b < 0x80 {
            i -= 1;
            continue;
        }
        let end = i;
        while i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] >= 0x80) {
            i -= 1;
        }
        with_lowercase(&bytes[i..end], |w| f(n, w));
        n += 1;
    }
}

/// Calls `f` with the words after byte `at`, to the end of the clause
/// ("," too), at most `max`, as [`each_word_before`] gives them.
fn each_word_after(text: &str, at: usize, max: usize, mut f: impl FnMut(Option<&str>)) {
    let bytes = text.as_bytes();
    let mut i = at;
    let mut n = 0;
    while n < max && i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?' | b';' | b':' | b',') {
            return;
        }
        if !b.is_ascii_alphanumeric() && b < 0x80 {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] >= 0x80) {
            i += 1;
        }
        with_lowercase(&bytes[start..i], &mut f);
        n += 1;
    }
}

/// Calls `f` with `w` lowercased when it is an ASCII word of at most 16
/// letters, else with `None`.
fn with_lowercase(w: &[u8], f: impl FnOnce(Option<&str>)) {
    let mut buf = [0u8; 16];
    if w.len() > buf.len() || !w.iter().all(u8::is_ascii_alphabetic) {
        return f(None);
    }
    let buf = &mut buf[..w.len()];
    buf.copy_from_slice(w);
    buf.make_ascii_lowercase();
    f(std::str::from_utf8(buf).ok())
}

/// The index of feature `name` (at compile time).
const fn at(name: &str) -> usize {
    let mut k = 0;
    while k < FEATURES.len() {
        let (a, b) = (FEATURES[k].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return k;
            }
        }
        k += 1;
    }
    panic!("no such feature")
}

/// Sets "future_closer", "gap_back" and "gap_ahead" for a day that
/// `make` gives in each year.
fn closeness(
    mut set: impl FnMut(usize, f32),
    p: NaiveDate,
    make: impl Fn(i32) -> Option<NaiveDate>,
) {
    let y = p.year();
    let cands = [make(y - 1), make(y), make(y + 1)];
    let past = cands.iter().flatten().filter(|d| **d <= p).max();
    let next = cands.iter().flatten().filter(|d| **d >= p).min();
    let back = past.map(|d| (p - *d).num_days());
    let ahead = next.map(|d| (*d - p).num_days());
    if let (Some(b), Some(a)) = (back, ahead) {
        if a < b {
            set(const { at("future_closer") }, 1.0);
        }
        set(const { at("gap_back") }, (b as f32 / 365.0).min(1.0));
        set(const { at("gap_ahead") }, (a as f32 / 365.0).min(1.0));
    }
}

/// A past-tense verb form: irregular, or a word of four letters or more
/// ending in "ed" ("resumed", "announced"; not "red", "bed").
fn is_past(w: &str) -> bool {
    (w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed")) || PAST_WORDS.contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_words_hold_every_list() {
        for w in WILL
            .iter()
            .chain(MODAL)
            .chain(PLAN)
            .chain(UPCOMING)
            .chain(PRESENT)
            .chain(SAID)
        {
            assert!(CUE_WORDS.contains(w), "{w}");
        }
        assert!(CUE_WORDS.contains("would") && CUE_WORDS.contains("to"));
    }

    #[test]
    fn every_weight_names_a_feature() {
        for line in include_str!("direction.tsv").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let name = line.split('\t').next().unwrap();
            assert!(FEATURES.contains(&name), "{name} is no feature");
        }
        assert!(weights().iter().any(|w| *w != 0.0));
    }
}
