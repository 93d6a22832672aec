//! eventmap turns news articles into maps.
//!
//! The pipeline runs one way, one module per stage:
//! [`gazetteer`] (bundled GeoNames index) → [`recognize`] (name spans in text)
//! → [`resolve`] (one place per span, with confidence) → [`events`] (what
//! happened where and when) → [`export`] (GeoJSON)
//! → [`render`] (PNG/SVG maps). [`input`] reads articles for the pipeline;
//! [`batch`] runs it over many articles in parallel, streaming.
//!
//! ```
//! use eventmap::{Article, Gazetteer};
//! let gaz = Gazetteer::bundled();
//! let article = Article::new("a1", "Fighting was reported near Kabul, the capital of Afghanistan.");
//! let result = eventmap::process(gaz, &article);
//! let names: Vec<&str> = result.mentions.iter().map(|m| m.name.as_str()).collect();
//! assert!(names.contains(&"Kabul"));
//! ```

pub mod batch;
pub mod error;
pub mod events;
pub mod export;
pub mod focus;
#[doc(hidden)]
pub mod fuzzing;
pub mod gazetteer;
#[doc(hidden)]
pub mod hostile;
pub mod input;
pub mod limits;
pub mod options;
pub mod recognize;
pub mod render;
pub mod resolve;
mod text;
mod words;

pub use error::{Error, Result};
pub use events::{Event, Time};
pub use focus::Focus;
pub use gazetteer::{Gazetteer, Kind, Place};
pub use input::Article;
pub use options::Options;
pub use resolve::ResolvedMention;
use serde::{Deserialize, Serialize};

/// Everything found in one article: the output of [`process`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleResult {
    /// The article's id.
    pub id: String,
    /// Headline, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Resolved mentions in text order.
    pub mentions: Vec<ResolvedMention>,
    /// Events in text order.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Calendar expressions in text order ("Aug. 7, 1998", "the third
    /// quarter", "last summer"), normalised against the publication date.
    #[serde(default)]
    pub times: Vec<Time>,
    /// What the article is about: countries, first-level areas and cities,
    /// scored ([`focus`]).
    #[serde(default)]
    pub focus: Focus,
    /// Mentions dropped by the filters of [`Options`] (`--only-in`,
    /// `--kinds`). Not part of the output.
    #[serde(skip)]
    pub dropped: usize,
    /// What was left out of this article, and why: a limit of
    /// [`limits`] was reached. Absent from the output when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Runs recognition, resolution, time finding and event extraction over
/// one article, within the [`limits`]: at most [`limits::MAX_MENTIONS`]
/// place mentions, [`limits::MAX_TIMES`] time expressions and
/// [`limits::MAX_EVENTS`] events are kept, each cut saying so in
/// [`ArticleResult::warnings`].
pub fn process(gaz: &Gazetteer, article: &Article) -> ArticleResult {
    process_with(gaz, article, &Options::default())
}

/// [`process`] with [`Options`]: the resolver prefers candidates in the
/// `focus` countries, mentions outside `only_in` or not of `kinds` are
/// dropped (and counted in [`ArticleResult::dropped`]) before events are
/// placed and the focus is decided, and each mention lists `candidates`
/// ranked candidates.
pub fn process_with(gaz: &Gazetteer, article: &Article, opts: &Options) -> ArticleResult {
    let mut warnings = Vec::new();
    let text = &article.text;
    // Lines written all in lower case or in capitals are read in ordinary
    // case ([`recognize::recase`]); offsets are the same in both.
    let recased = recognize::recase(gaz, text);
    let read = recased.as_deref().unwrap_or(text);
    let found = recognize::recognize_limited(gaz, read, limits::MAX_MENTIONS);
    if let Some(at) = found.stopped_at {
        warnings.push(format!(
            "more than {} place mentions: the text from character {} on was not searched for places",
            limits::thousands(limits::MAX_MENTIONS),
            limits::thousands(text[..at].chars().count())
        ));
    }
    let mut mentions = resolve::resolve_with(gaz, read, &found.spans, opts);
    let mut dropped = 0;
    if opts.filters() {
        let before = mentions.len();
        mentions.retain(|m| opts.keeps(m));
        dropped = before - mentions.len();
    }
    if recased.is_some() {
        crate::text::rewrite_spans(
            text,
            mentions.iter_mut().map(|m| (m.start, m.end, &mut m.text)),
        );
    }
    let published = article
        .date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let times = events::find_times(text, published);
    if times.len() >= limits::MAX_TIMES {
        warnings.push(format!(
            "{} time expressions: the text after the last of them was not searched for more",
            limits::thousands(limits::MAX_TIMES)
        ));
    }
    let mut events =
        events::extract_with_times(gaz, text, &mentions, article.date.as_deref(), &times);
    add_event_places(gaz, text, &found.spans, opts, &mut mentions, &events);
    if cut_events(&mut events, limits::MAX_EVENTS) {
        warnings.push(format!(
            "more than {} events: only the first {} are kept",
            limits::thousands(limits::MAX_EVENTS),
            limits::thousands(limits::MAX_EVENTS)
        ));
    }
    let focus = focus::focus(gaz, text, article.title.as_deref(), &mentions);
    ArticleResult {
        id: article.id.clone(),
        title: article.title.clone(),
        date: article.date.clone(),
        mentions,
        events,
        times: events::times::times_of(text, &times),
        focus,
        dropped,
        warnings,
    }
}

/// Adds to `mentions` the places events are placed at whose names the
/// recogniser had left out ("striking ISIS sites near the cities of
/// Al-Mayadeen and Abukamal": Al-Mayadeen): a name that governs where
/// something happened is a place the article names. The
/// mention takes the event's confidence, and needs one of 0.5 or more;
/// `--only-in` and `--kinds` hold for it as for any mention. `mentions`
/// stay in text order.
fn add_event_places(
    gaz: &Gazetteer,
    text: &str,
    recognised: &[recognize::Span],
    opts: &Options,
    mentions: &mut Vec<ResolvedMention>,
    events: &[Event],
) {
    // Only where the event itself is likely, and likely there; by where
    // the place is named (equal spans keep the events' order).
    let mut wanted: Vec<(usize, usize, &Event)> = events
        .iter()
        .filter(|e| e.confidence >= 0.5 && e.geonameid.is_some() && e.place.is_some())
        .filter_map(|e| e.recovered_place.map(|(s, t)| (s, t, e)))
        .collect();
    if wanted.is_empty() {
        return;
    }
    wanted.sort_by_key(|w| w.0);
    // The byte offsets of those character offsets, in one walk of the text.
    let mut chars: Vec<usize> = wanted.iter().flat_map(|&(s, t, _)| [s, t]).collect();
    chars.sort_unstable();
    chars.dedup();
    let mut walk = text::ByteOffsets::new(text);
    let bytes: Vec<usize> = chars
        .iter()
        .map(|&c| walk.byte_of(c).unwrap_or(text.len()))
        .collect();
    let byte = |c: usize| chars.binary_search(&c).map_or(text.len(), |k| bytes[k]);
    // The resolver's mentions and the recogniser's spans are in text order
    // and do not overlap: the first to end after a start is the only one
    // that can overlap what begins there.
    let resolved = mentions.len();
    let mut added_end = 0;
    for (start, end, e) in wanted {
        let (Some(id), Some(name)) = (e.geonameid, e.place.as_deref()) else {
            continue;
        };
        let ms = &mentions[..resolved];
        let k = ms.partition_point(|m| m.end <= start);
        if k < ms.len() && ms[k].start < end || start < added_end {
            continue;
        }
        let (b0, b1) = (byte(start), byte(end));
        // A name the recogniser found was weighed by the resolver, which
        // knows the article: its word stands ("Brandon", "Albany" in local
        // news are people and namesakes more often than not).
        let k = recognised.partition_point(|s| s.end <= b0);
        if k < recognised.len() && recognised[k].start < b1 {
            continue;
        }
        let Some(p) = gaz
            .lookup(name)
            .into_iter()
            .find(|p| p.geonameid == Some(id))
        else {
            continue;
        };
        let (class, code) = p.feature_code.split_once('.').unwrap_or(("", ""));
        let m = ResolvedMention {
            start,
            end,
            text: text[b0..b1].to_owned(),
            name: p.name.to_owned(),
            geonameid: p.geonameid,
            place_id: None,
            bbox: None,
            kind: p.kind,
            feature_class: class.to_owned(),
            feature_code: code.to_owned(),
            country_code: p.country_code.map(str::to_owned),
            lat: e.lat,
            lon: e.lon,
            confidence: e.confidence,
            population: p.population,
            hierarchy: resolve::Hierarchy::of(gaz, &gaz.record(p.index), &mut Vec::new()),
            candidates: None,
        };
        if !opts.keeps(&m) {
            continue;
        }
        added_end = end;
        mentions.push(m);
    }
    if mentions.len() > resolved {
        mentions.sort_by_key(|m| m.start);
    }
}

/// Keeps the first `max` events; true when some were cut. A kept mention
/// whose happening's first mention was cut (`same_as` may point forward,
/// to a sentence's verb after its weak noun) becomes a happening itself.
fn cut_events(events: &mut Vec<Event>, max: usize) -> bool {
    if events.len() <= max {
        return false;
    }
    events.truncate(max);
    for e in events.iter_mut() {
        if e.same_as.is_some_and(|j| j >= max) {
            e.same_as = None;
            e.mentions = 1;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting_events_leaves_no_dangling_same_as() {
        // "killed" comes first but the verb after it heads the happening,
        // so its same_as points forward.
        let article = Article {
            id: "a".into(),
            title: None,
            date: Some("2024-03-11".into()),
            text: "Ten people were killed when a bomb exploded in Kabul on Monday.".into(),
        };
        let mut events = process(Gazetteer::bundled(), &article).events;
        assert!(
            events.iter().any(|e| e.same_as.is_some_and(|j| j >= 1)),
            "{events:#?}"
        );
        assert!(cut_events(&mut events, 1));
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].same_as, None);
        assert_eq!(events[0].mentions, 1);
    }
}
