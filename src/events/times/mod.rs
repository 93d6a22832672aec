//! Calendar expressions in news text, normalised against the publication
//! date: "Aug. 7, 1998", "the third quarter", "last summer", "a year ago",
//! "mid-1996", "Friday", "next year's first quarter".
//!
//! [`find_times`] reads a whole article in one pass, in four steps, one
//! file each:
//!
//! * [`scan`] finds the anchors every expression has one of (a four-digit
//!   number, a month or weekday name, "year", "quarter", "ago"…), 64 bytes
//!   at a time, and splits only the text around them into tokens (letter
//!   runs, digit runs, punctuation) with their byte offsets. Most of an
//!   article is never tokenised. Without a publication date only the
//!   anchors of expressions that need none are looked for (numbers,
//!   "year", written-out years and decades).
//! * [`find`] tries its patterns at each token that may begin one and keeps
//!   the longest match, an unresolved [`find::Spec`] ("quarter 3 of an
//!   unsaid year"); the scan resumes after it, so expressions come out in
//!   text order and never overlap, and one expression is never cut in two.
//! * [`direction`] decides, for an expression that does not say ("Friday",
//!   "in April", "Aug. 7"), whether it points after publication: a small
//!   learned logistic regression over cues around it ("will", "set to",
//!   "expected", past-tense verbs, the preposition before it).
//! * [`normalise`] turns the spec into days, a [`Granularity`] and a
//!   TIMEX3-like value, with the publication date and what the article has
//!   been discussing (the quarter of "a year earlier", the day of "the next
//!   day", the year of "that year").
//!
//! Only calendar expressions come out: never durations ("two days", "the
//! nine months", "the year ended June 30"), sets ("daily", "every Monday") or
//! reference words ("now", "recently", "soon", "the future"). Expressions
//! relative to the publication date are skipped when there is none, and
//! anaphors ("the next day") when nothing came before.
//!
//! # Rules, with the cases that drove them
//!
//! * **Days**: "Aug. 7", "7 August 1998", "the 26th of August", "March
//!   eighth", "2021-08-26", "Thursday, Aug. 26" (the written date wins).
//!   Without a year: the latest such day on or before publication, or the
//!   earliest on or after it when the expression looks forward.
//! * **Weekdays**: "Friday" is the latest Friday on or before publication,
//!   or the next one when it looks forward ("talks set to resume Monday");
//!   "last Friday" strictly before, "next Friday" strictly after, "this
//!   Friday" in the current week. "Friday night", "early Tuesday" and "10
//!   p.m. Wednesday" are that day.
//! * **Relative days**: "today", "tonight", "yesterday", "tomorrow", "last
//!   night", "late yesterday", "the day before yesterday"; "N days / weeks
//!   / months / years ago" (a week ago is that ISO week, a month ago that
//!   month).
//! * **Times of day**: a clock time ("at 10:35 a.m.") or a named time
//!   after a preposition ("at noon", "at midday", "by mid-afternoon") is
//!   the day under discussion, else the publication date; with a day
//!   after it ("noon on Friday", "9 p.m. EST Tuesday"), that day. "High
//!   noon" and "mid afternoon" without a preposition are no time.
//! * **Weeks, months, years** with this/last/next: "last week" (an ISO
//!   week), "earlier this month" (the month), "early next year" (the
//!   year), "the current fiscal year". "The year" alone ("for the year",
//!   "by the end of the year") and "the fiscal year" are the publication
//!   year, "the past year" and "the latest fiscal year" the one before (as
//!   TimeBank annotates them); but not a span or another year ("the year
//!   ended June 30", "throughout the year", "the year before", "the year
//!   he left", "Player of the Year"). "The past week" and "in the last
//!   week" are seven days, no calendar week.
//! * **Months**: "April" alone is the latest April up to publication, or
//!   the next one when it looks forward ("a summit in April"); "last April"
//!   is strictly before the current month; "April 1998", "June of last
//!   year", "mid-November", "the end of November" (the month).
//! * **Quarters**: "the third quarter", "third-quarter profit", "the fourth
//!   quarter of 1997", "next year's first quarter", "the 1988 third
//!   quarter", "the fiscal first quarter". Without a year, the publication
//!   year's, unless that quarter has not begun and nothing looks forward
//!   ("fourth-quarter results" in January are last year's).
//!   "The quarter", "the latest quarter", "the latest period" are the
//!   quarter last named within a few paragraphs, else the last one
//!   completed.
//! * **A year earlier**: in results ("profit fell from a year ago", "the
//!   year-ago quarter", "year-earlier sales") it is the quarter under
//!   discussion a year back; without a quarter in view, the year before
//!   publication.
//! * **Halves**: "the first half of 1998", "the second half of next year",
//!   "first-half"; a bare "the second half" is no date.
//! * **Seasons**: "last summer" is the latest summer that has ended, "next
//!   spring" the first not begun, "this winter" or "the summer" the
//!   current one; "the winter of 1994". "fall" only with a word that makes
//!   it a season.
//! * **Years**: a four-digit number 1800–2099 anywhere, unless it is a
//!   count ("more than 2000 troops", "1500 km", "$1990", "1900 GMT") or
//!   glued to another number ("1998-99"); "fiscal 1990", "mid-1996",
//!   "early 1990", "the end of 1994", "post-1959", "the 1987 crash" (the
//!   year), written out ("nineteen ninety-six", "the year two thousand"),
//!   "year-end".
//! * **Decades**: "the 1970s", "the late 1970s", "the '90s", "the
//!   nineties".
//! * **Holidays**: "Christmas Day", "New Year's Eve", "Thanksgiving",
//!   "Election Day", "Labor Day", "Memorial Day", "Veterans Day", "the
//!   Fourth of July" (US rules), "Halloween", "Valentine's Day", "Easter",
//!   "Good Friday", "Easter Monday" (Gregorian computus) and "Easter
//!   week"/"Holy Week" (the ISO week ending on Easter Sunday), the nearest
//!   in the direction.
//! * **Anaphors**: "the next day", "that day", "a day later", "earlier that
//!   day" (from the last day named), "the following month", "that year",
//!   "the following year".
//! * **Ranges**: "3 to 5 May", "May 3-5, 2021", "between 3 and 5 May",
//!   "from May 3 to June 5" (at most 366 days, forwards).
//!
//! Month names that are also words ("May", "March") count only with a
//! capital, and "May" alone not at the start of a sentence.

mod direction;
mod find;
mod lexicon;
mod normalise;
mod scan;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// How long a time expression's span of days is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    /// An ISO week, Monday to Sunday; also a weekend (Saturday and Sunday).
    Week,
    Month,
    Quarter,
    Half,
    /// A northern-hemisphere season: spring is March to May, winter
    /// December to February.
    Season,
    Year,
    Decade,
}

/// A calendar expression found in text, with byte offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeMention {
    /// Byte offset of the expression in the text given to [`find_times`].
    pub start: usize,
    /// Byte offset one past it.
    pub end: usize,
    /// The first (or only) day it denotes.
    pub date: NaiveDate,
    /// The last day, for anything longer than a day.
    pub end_date: Option<NaiveDate>,
    pub granularity: Granularity,
    /// TIMEX3-like value: `1998-03-05`, `1998-W12`, `1998-W12-WE` (a
    /// weekend), `1998-03`, `1998-Q3`, `1998-H1`, `1998-SU`, `1998`, `199`
    /// (the 1990s), or `1998-03-03/1998-03-05` for a range of days.
    pub value: String,
}

/// A calendar expression as written in `parse` output: character offsets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Time {
    /// Character offset of the expression's first character.
    pub start: usize,
    /// Character offset one past it.
    pub end: usize,
    /// The expression as written.
    pub text: String,
    /// `YYYY-MM-DD`: the first (or only) day.
    pub date: String,
    /// The last day, for anything longer than a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    pub granularity: Granularity,
    /// TIMEX3-like value, as [`TimeMention::value`].
    pub value: String,
}

/// Finds the calendar expressions of a whole article and normalises them,
/// in text order, never overlapping. `published` is the article's date;
/// expressions relative to it ("yesterday", "on Monday", "last year") are
/// skipped without it.
///
/// ```
/// use chrono::NaiveDate;
/// use eventmap::events::times::find_times;
/// let text = "Profit rose in the third quarter from a year earlier.";
/// let found = find_times(text, NaiveDate::from_ymd_opt(1989, 10, 26));
/// let values: Vec<&str> = found.iter().map(|t| t.value.as_str()).collect();
/// assert_eq!(values, ["1989-Q3", "1988-Q3"]);
/// ```
pub fn find_times(text: &str, published: Option<NaiveDate>) -> Vec<TimeMention> {
    let mut out = Vec::new();
    find_times_into(text, published, &mut out);
    out
}

thread_local! {
    /// Buffers kept from call to call: the anchors and the tokens.
    static BUFFERS: RefCell<(Vec<(usize, usize)>, scan::Tokens)> =
        RefCell::new((Vec::new(), scan::Tokens::default()));
}

/// [`find_times`], appending to `out`.
pub fn find_times_into(text: &str, published: Option<NaiveDate>, out: &mut Vec<TimeMention>) {
    walk(text, published, |hit, r, _| {
        out.push(TimeMention {
            start: hit.start,
            end: hit.end,
            date: r.date,
            end_date: r.end_date,
            granularity: r.granularity,
            value: r.value,
        });
    });
}

/// An expression found, before it is resolved: byte offsets and spec.
struct Hit {
    start: usize,
    end: usize,
    spec: find::Spec,
}

/// How far before an anchor a window of tokens starts, and how far after
/// it ends, in bytes: every pattern has an anchor within its first seven
/// tokens, and ends within a few words after its last anchor.
const WINDOW_BEFORE: usize = 32;
const WINDOW_AFTER: usize = 20;

/// Runs the finder over `text`, calling `emit` with each expression it
/// resolves, in order, with the context it was resolved in.
///
/// The text is first searched for anchors ([`scan::anchors`]); the text
/// around each run of nearby anchors is tokenised as one window, and the
/// patterns are tried at its tokens left to right, longest match first.
fn walk(
    text: &str,
    published: Option<NaiveDate>,
    mut emit: impl FnMut(&Hit, normalise::Resolved, &normalise::Context),
) {
    BUFFERS.with_borrow_mut(|(anchors, t)| {
        scan::anchors_of(text, published.is_some(), anchors);
        let mut context = normalise::Context::default();
        // Where the last expression ended: no other starts before it.
        let mut taken = 0;
        let mut emitted = 0;
        let mut k = 0;
        while k < anchors.len() && emitted < crate::limits::MAX_TIMES {
            let (first, last) = anchors[k];
            if first < taken {
                k += 1;
                continue;
            }
            let from = window_start(text, first, taken);
            let mut to = window_end(text, last);
            k += 1;
            while k < anchors.len() && anchors[k].0 < to {
                to = window_end(text, anchors[k].1);
                k += 1;
            }
            t.fill(text, from, to);
            let t: &scan::Tokens = t;
            let cx = find::Cx::new(t);
            let mut i = 0;
            while i < t.toks.len() && emitted < crate::limits::MAX_TIMES {
                let found = if cx.may_start(i) { cx.best_at(i) } else { None };
                let Some(found) = found else {
                    i += 1;
                    continue;
                };
                let hit = Hit {
                    start: t.toks[found.start].start,
                    end: t.toks[found.end - 1].end,
                    spec: found.spec,
                };
                let past = normalise::normalise(&hit.spec, published, false, &context, hit.start);
                // An open expression whose two readings differ asks the
                // direction model ("Friday" on a Friday does not).
                let resolved = match (published, hit.spec.open()) {
                    (Some(p), true) => {
                        let next =
                            normalise::normalise(&hit.spec, published, true, &context, hit.start);
                        if past != next
                            && direction::looks_forward(text, hit.start, hit.end, &hit.spec, p)
                        {
                            next
                        } else {
                            past
                        }
                    }
                    _ => past,
                };
                if let Some(r) = resolved {
                    let before = context;
                    context.note(&hit.spec, &r, hit.start, published);
                    emit(&hit, r, &before);
                    emitted += 1;
                }
                taken = hit.end;
                i = found.end;
            }
        }
    });
}

/// Where a window for the anchor at byte `anchor` starts: after the white
/// space at or before [`WINDOW_BEFORE`] bytes back, and not before `taken`.
fn window_start(text: &str, anchor: usize, taken: usize) -> usize {
    let floor = taken.max(anchor.saturating_sub(WINDOW_BEFORE));
    let bytes = text.as_bytes();
    let mut i = floor;
    // Back to a space, so that no word is cut (a space is a char boundary).
    while i > taken && !bytes[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    i
}

/// Where a window for the anchor ending at byte `end` ends: at the first
/// white space after [`WINDOW_AFTER`] bytes on, or the end of the text.
fn window_end(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = (end + WINDOW_AFTER).min(bytes.len());
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The expressions of `text` in character offsets, as `parse` writes them.
pub fn times_of(text: &str, found: &[TimeMention]) -> Vec<Time> {
    let mut chars = crate::resolve::CharCounter::new(text);
    let ascii = text.is_ascii();
    found
        .iter()
        .map(|m| {
            let (start, end) = if ascii {
                (m.start, m.end)
            } else {
                (chars.at(m.start), chars.at(m.end))
            };
            Time {
                start,
                end,
                text: text[m.start..m.end].to_string(),
                date: normalise::ymd_value(m.date),
                end_date: m.end_date.map(normalise::ymd_value),
                granularity: m.granularity,
                value: m.value.clone(),
            }
        })
        .collect()
}

/// One open expression with its direction features, the input of
/// `scripts/train_times.py` (written by the hidden `eventmap features
/// --times`).
#[doc(hidden)]
#[derive(Debug, Serialize)]
pub struct DirectionRow {
    /// Character offsets.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The value read to the past, and to the future.
    pub past: String,
    pub future: String,
    /// Feature values by name (non-zero ones).
    pub features: std::collections::BTreeMap<&'static str, f32>,
}

/// The open expressions of `text` with their direction features.
#[doc(hidden)]
pub fn direction_rows(text: &str, published: Option<NaiveDate>) -> Vec<DirectionRow> {
    let Some(p) = published else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let mut chars = crate::resolve::CharCounter::new(text);
    walk(text, published, |hit, _, context| {
        if !hit.spec.open() {
            return;
        }
        let past = normalise::normalise(&hit.spec, Some(p), false, context, hit.start);
        let next = normalise::normalise(&hit.spec, Some(p), true, context, hit.start);
        if let (Some(a), Some(b)) = (past, next) {
            let x = direction::features(text, hit.start, hit.end, &hit.spec, p);
            rows.push(DirectionRow {
                start: chars.at(hit.start),
                end: chars.at(hit.end),
                text: text[hit.start..hit.end].to_string(),
                past: a.value,
                future: b.value,
                features: direction::FEATURES
                    .iter()
                    .zip(x)
                    .filter(|(_, v)| *v != 0.0)
                    .map(|(k, v)| (*k, v))
                    .collect(),
            });
        }
    });
    rows
}

#[cfg(test)]
mod tests;
