//! Events: what happened, where and when.
//!
//! The stage after [`crate::resolve`], in rooms, one per decision:
//! - [`times`]: every calendar expression of the article, found and
//!   normalised against its publication date;
//! - [`sentences`]: where sentences begin and end; [`words`] and `view`:
//!   one sentence's words and places;
//! - [`lexicon`]: the trigger forms and where they are written;
//! - `detect`: whether a form is an event there (a learned model);
//! - `typing`: its type, and ACLED's event and sub-event type;
//! - `link`: the place it happened at (a learned model), or none;
//! - `counts`: the dead and injured;
//! - `merge`: the mentions of one happening linked.
//!
//! `extract` composes them, sentence by sentence, each event taking the
//! time expression of its sentence nearest its trigger; nothing here
//! reaches back into recognition or resolution.

mod counts;
mod cues;
mod detect;
mod extract;
pub mod lexicon;
mod link;
mod merge;
mod model;
pub mod sentences;
pub mod taxonomy;
pub mod times;
mod typing;
mod view;
pub(crate) mod words;

pub use extract::{extract, extract_with_times, feature_dump};
pub use sentences::sentences;
pub use times::{find_times, Granularity, Time, TimeMention};

use serde::{Deserialize, Serialize};
pub use taxonomy::EventType;

/// An empty vector with the allocation of `v`, for values of another
/// lifetime: buffers of borrowed words kept from call to call (the
/// in-place `collect` of the standard library keeps the allocation when the
/// element types have the same layout).
fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().filter_map(|_| None::<U>).collect()
}

/// Where an event's date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A date expression in the text ("on August 26", "yesterday").
    Text,
    /// No expression found: the article's publication date.
    Publication,
}

/// Where an event's place came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceSource {
    /// A place its own sentence names as where it happened.
    Sentence,
    /// Its sentence names none: the place of the sentence before.
    Previous,
    /// Nor does the sentence before: the article's focus, the place it is
    /// most about.
    Article,
}

/// One event mention, as written in `parse` output. The first mention of a
/// happening carries what the article says of it (its best place, date and
/// counts, and how many times it is mentioned); later mentions of it point
/// to the first (`same_as`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Event type from the taxonomy.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Finer type where the trigger says it ("withdrawal", "arrest").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// ACLED's event type ("Explosions/Remote violence"), where one
    /// applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acled_event_type: Option<String>,
    /// ACLED's sub-event type ("Air/drone strike"), where one applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acled_sub_event_type: Option<String>,
    /// The trigger as written ("explosion"): the first mention's.
    pub trigger: String,
    /// `YYYY-MM-DD`, or null when neither text nor article gives one.
    pub date: Option<String>,
    /// Last day of a range ("from 3 to 5 May"), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// The date expression as written, when the text has one.
    pub date_text: Option<String>,
    /// Where the date came from; null when there is no date.
    pub date_source: Option<DateSource>,
    /// Name of the place the event is linked to.
    pub place: Option<String>,
    /// Where the place came from; null when there is no place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_source: Option<PlaceSource>,
    /// GeoNames id of that place.
    pub geonameid: Option<u32>,
    /// Latitude of the place.
    pub lat: Option<f64>,
    /// Longitude of the place.
    pub lon: Option<f64>,
    /// People killed, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatalities: Option<u32>,
    /// People injured, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injured: Option<u32>,
    /// True when a count is approximate ("almost 200", "dozens").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
    /// Who did it, when easy to tell ("the Taliban").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The sentence of the first mention.
    pub sentence: String,
    /// Character offset of the first mention's trigger.
    pub start: usize,
    /// Character offset one past it.
    pub end: usize,
    /// How many times the article mentions the happening (on its first
    /// mention; 0 on the others, which have `same_as`).
    #[serde(default = "one", skip_serializing_if = "is_zero")]
    pub mentions: u32,
    /// For a later mention of a happening already listed: the index (in
    /// the article's `events`) of its first mention, which carries the
    /// happening's place, date and counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<usize>,
    /// How sure the extractor is, 0–1.
    pub confidence: f64,
    /// Where the sentence names the event's place (character offsets),
    /// when the recogniser had left that name out and the events stage
    /// found it ("in Khost city"): the article's result lists it among
    /// its mentions. Not part of the output.
    #[serde(skip)]
    pub recovered_place: Option<(usize, usize)>,
}

fn one() -> u32 {
    1
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Event {
    /// True for the first mention of a happening (no `same_as`): what
    /// maps, GeoJSON, CSV and timelines count.
    pub fn is_first_mention(&self) -> bool {
        self.same_as.is_none()
    }

    /// A bare event of `kind` for tests to build on: trigger "t", no date,
    /// place, counts or actor, one mention at offsets 0–1, confidence 0.5.
    #[cfg(test)]
    pub(crate) fn bare(kind: EventType) -> Event {
        Event {
            kind,
            subtype: None,
            acled_event_type: None,
            acled_sub_event_type: None,
            trigger: "t".into(),
            date: None,
            end_date: None,
            date_text: None,
            date_source: None,
            place: None,
            place_source: None,
            geonameid: None,
            lat: None,
            lon: None,
            fatalities: None,
            injured: None,
            approximate: false,
            actor: None,
            sentence: String::new(),
            start: 0,
            end: 1,
            mentions: 1,
            same_as: None,
            confidence: 0.5,
            recovered_place: None,
        }
    }
}

/// Timing of the events stage alone, on a corpus of real articles with their
/// places recognised and resolved beforehand:
///
/// ```text
/// EVENTS_CORPUS=/tmp/perf/dev8.jsonl taskset -c 1 \
///     cargo test --release --lib events::timing -- --ignored --nocapture
/// ```
///
/// Prints the best of several passes in ms per MB of article text, both as
/// wall-clock time and as the thread's own CPU time (from
/// `/proc/thread-self/schedstat`, which other processes sharing the core do
/// not inflate), and a checksum of the output to compare two versions by.
#[cfg(test)]
mod timing {
    use crate::input::{read, Input, ReadOptions};
    use crate::{recognize, resolve, Gazetteer};
    use std::time::Instant;

    /// Nanoseconds this thread has run on a CPU, where Linux tells.
    fn cpu_ns() -> Option<u64> {
        let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        s.split_whitespace().next()?.parse().ok()
    }

    #[test]
    #[ignore = "timing; reads EVENTS_CORPUS, a JSONL file of articles"]
    fn events_stage_ms_per_mb() {
        let path = std::env::var("EVENTS_CORPUS").unwrap_or("/tmp/perf/dev8.jsonl".into());
        let gaz = Gazetteer::bundled();
        let prepared: Vec<_> = read(&Input::from_arg(&path), &ReadOptions::default())
            .filter_map(|r| r.ok())
            .map(|l| {
                let a = l.article;
                let spans = recognize::recognize(gaz, &a.text);
                let mentions = resolve::resolve(gaz, &a.text, &spans);
                (a, mentions)
            })
            .collect();
        let bytes: usize = prepared.iter().map(|(a, _)| a.text.len()).sum();
        let passes: usize = std::env::var("EVENTS_PASSES")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(10);
        let (mut wall, mut cpu) = (f64::INFINITY, f64::INFINITY);
        let mut check = 0usize;
        for _ in 0..passes {
            let (t, c) = (Instant::now(), cpu_ns());
            check = 0;
            for (a, m) in &prepared {
                let ev = super::extract(Gazetteer::bundled(), &a.text, m, a.date.as_deref());
                check += ev.len() + ev.iter().map(|e| e.start + e.sentence.len()).sum::<usize>();
            }
            wall = wall.min(t.elapsed().as_secs_f64() * 1e3);
            if let (Some(c0), Some(c1)) = (c, cpu_ns()) {
                cpu = cpu.min((c1 - c0) as f64 / 1e6);
            }
        }
        let mb = bytes as f64 / 1e6;
        println!(
            "events stage: {} articles, {mb:.2} MB, best of {passes}: wall {wall:.1} ms = {:.2} ms/MB, \
             cpu {cpu:.1} ms = {:.2} ms/MB (checksum {check})",
            prepared.len(),
            wall / mb,
            cpu / mb,
        );
        // Of which the time expressions alone.
        let mut times_ms = f64::INFINITY;
        for _ in 0..passes {
            let t = Instant::now();
            let mut n = 0;
            for (a, _) in &prepared {
                let published = a
                    .date
                    .as_deref()
                    .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                n += super::find_times(&a.text, published).len();
            }
            times_ms = times_ms.min(t.elapsed().as_secs_f64() * 1e3);
            check = check.wrapping_add(n);
        }
        println!("  of which times: {:.2} ms/MB", times_ms / mb);
    }
}
