//! Events over a set of articles: one per happening, however many articles
//! report it. Each article already gives one event per happening (its
//! first mention; later mentions have `same_as`); across articles, events
//! of the same type at the same place on overlapping dates are one, with
//! the ids of the articles that report it and how many they are.
//!
//! What `geojson`, `map`, `timeline` and `batch` write and draw. The
//! events of one article stay as the article gives them.

use super::{keep_id, PlaceKey};
use crate::events::{Event, EventType};
use crate::gazetteer::Kind;
use crate::ArticleResult;
use std::collections::{BTreeSet, HashMap};

/// One happening over a set of articles.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSummary {
    /// The event as the first article that reports it gives it, with the
    /// largest counts any report gives and the widest date range.
    pub event: Event,
    /// The first article's id.
    pub article_id: String,
    /// Ids of the reporting articles, sorted (at most the aggregator's
    /// limit).
    pub articles: Vec<String>,
    /// How many articles report it.
    pub sources: usize,
}

/// Where an event is, for merging: its place, or none.
type Where = Option<PlaceKey<String>>;

/// A date range as sortable strings; `None` for an undated event.
type Span = Option<(String, String)>;

fn span(e: &Event) -> Span {
    let start = e.date.clone()?;
    let end = e.end_date.clone().unwrap_or_else(|| start.clone());
    Some((start, end))
}

/// True when two ranges overlap (undated only with undated).
fn overlaps(a: &Span, b: &Span) -> bool {
    match (a, b) {
        (Some((a0, a1)), Some((b0, b1))) => a0 <= b1 && b0 <= a1,
        (None, None) => true,
        _ => false,
    }
}

#[derive(Debug)]
struct Acc {
    summary: EventSummary,
    span: Span,
    ids: BTreeSet<String>,
    last_article: u64,
}

/// Folds the events of many articles, one at a time, into one
/// [`EventSummary`] per happening. Memory grows with the happenings, not
/// the articles, when an id limit is set.
#[derive(Debug, Default)]
pub struct EventAggregator {
    groups: HashMap<(EventType, Where), Vec<usize>>,
    accs: Vec<Acc>,
    id_limit: Option<usize>,
    serial: u64,
}

impl EventAggregator {
    /// An aggregator keeping every article id.
    pub fn new() -> Self {
        Self::default()
    }

    /// An aggregator keeping at most `limit` article ids per happening.
    pub fn with_id_limit(limit: usize) -> Self {
        EventAggregator {
            id_limit: Some(limit),
            ..Self::default()
        }
    }

    /// Adds one article's events (its first mentions of each happening).
    pub fn add(&mut self, result: &ArticleResult) {
        self.serial += 1;
        let serial = self.serial;
        for e in result.events.iter().filter(|e| e.is_first_mention()) {
            self.merge(&result.id, serial, e, 1, std::iter::once(result.id.clone()));
        }
    }

    /// Folds in another aggregator's happenings, as if its articles had
    /// been added here (after this one's).
    pub fn absorb(&mut self, other: EventAggregator) {
        for theirs in other.accs {
            let sources = theirs.summary.sources;
            let mut event = theirs.summary.event;
            if let Some((start, end)) = theirs.span {
                event.end_date = (end != start).then_some(end);
                event.date = Some(start);
            }
            self.serial += 1;
            let serial = self.serial;
            let ids = theirs.ids.into_iter();
            self.merge(&theirs.summary.article_id, serial, &event, sources, ids);
        }
    }

    fn merge(
        &mut self,
        article_id: &str,
        serial: u64,
        e: &Event,
        sources: usize,
        ids: impl Iterator<Item = String>,
    ) {
        let place = e.lat.zip(e.lon).map(|(lat, lon)| {
            PlaceKey::of(
                e.geonameid,
                e.place.as_deref().unwrap_or(""),
                Kind::City,
                lat,
                lon,
            )
            .owned()
        });
        let s = span(e);
        // A happening without coordinates is at no place we can compare: it
        // stays alone.
        let located = place.is_some();
        let group = self.groups.entry((e.kind, place)).or_default();
        let found = if located {
            group
                .iter()
                .copied()
                .find(|&i| overlaps(&self.accs[i].span, &s))
        } else {
            None
        };
        let i = match found {
            Some(i) => i,
            None => {
                if located {
                    group.push(self.accs.len());
                }
                self.accs.push(Acc {
                    summary: EventSummary {
                        event: e.clone(),
                        article_id: article_id.to_string(),
                        articles: Vec::new(),
                        sources: 0,
                    },
                    span: s.clone(),
                    ids: BTreeSet::new(),
                    last_article: 0,
                });
                self.accs.len() - 1
            }
        };
        let acc = &mut self.accs[i];
        if acc.last_article != serial {
            acc.last_article = serial;
            acc.summary.sources += sources;
        }
        for id in ids {
            if !keep_id(&mut acc.ids, id, self.id_limit) {
                break;
            }
        }
        let first = &mut acc.summary.event;
        if found.is_some() {
            first.fatalities = first.fatalities.max(e.fatalities);
            first.injured = first.injured.max(e.injured);
            first.approximate |= e.approximate;
            first.confidence = first.confidence.max(e.confidence);
            if let (Some((a0, a1)), Some((b0, b1))) = (&acc.span, &s) {
                acc.span = Some((a0.min(b0).clone(), a1.max(b1).clone()));
            }
        }
    }

    /// The happenings, in order of date (undated last), then type, then
    /// place, then first article.
    pub fn finish(self) -> Vec<EventSummary> {
        let mut out: Vec<EventSummary> = self
            .accs
            .into_iter()
            .map(|mut acc| {
                acc.summary.articles = acc.ids.into_iter().collect();
                if let Some((start, end)) = acc.span {
                    acc.summary.event.end_date = (end != start).then_some(end);
                    acc.summary.event.date = Some(start);
                }
                acc.summary
            })
            .collect();
        out.sort_by(|a, b| {
            let key = |s: &EventSummary| {
                (
                    s.event.date.is_none(),
                    s.event.date.clone(),
                    s.event.kind,
                    s.event.place.clone(),
                    s.article_id.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        out
    }
}

/// The happenings of `results` ([`EventAggregator`] over all of them).
pub fn aggregate_events(results: &[ArticleResult]) -> Vec<EventSummary> {
    let mut agg = EventAggregator::new();
    for r in results {
        agg.add(r);
    }
    agg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{DateSource, PlaceSource};

    fn event(kind: EventType, place: Option<(u32, f64, f64)>, date: &str) -> Event {
        Event {
            date: Some(date.into()),
            date_source: Some(DateSource::Text),
            place: place.map(|p| format!("p{}", p.0)),
            place_source: place.map(|_| PlaceSource::Sentence),
            geonameid: place.map(|p| p.0),
            lat: place.map(|p| p.1),
            lon: place.map(|p| p.2),
            ..Event::bare(kind)
        }
    }

    fn article(id: &str, events: Vec<Event>) -> ArticleResult {
        ArticleResult {
            id: id.into(),
            title: None,
            date: None,
            mentions: Vec::new(),
            events,
            times: Vec::new(),
            focus: Default::default(),
            dropped: 0,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn reports_of_one_happening_merge_across_articles() {
        let kabul = Some((1, 34.5, 69.2));
        let herat = Some((2, 34.3, 62.2));
        let mut dead = event(EventType::Attack, kabul, "2021-08-26");
        dead.fatalities = Some(170);
        let mut later = event(EventType::Attack, kabul, "2021-08-26");
        later.fatalities = Some(183);
        let mut repeat = event(EventType::Attack, kabul, "2021-08-26");
        repeat.same_as = Some(0); // a later mention in its article: not counted again
        let results = [
            article("b", vec![dead, repeat]),
            article("a", vec![later]),
            article("c", vec![event(EventType::Attack, herat, "2021-08-26")]),
            article("d", vec![event(EventType::Attack, kabul, "2021-08-20")]),
            article("e", vec![event(EventType::Protest, kabul, "2021-08-26")]),
        ];
        let got = aggregate_events(&results);
        assert_eq!(got.len(), 4, "{got:#?}");
        let kabul26 = got
            .iter()
            .find(|s| {
                s.event.kind == EventType::Attack
                    && s.event.geonameid == Some(1)
                    && s.event.date.as_deref() == Some("2021-08-26")
            })
            .unwrap();
        assert_eq!(kabul26.sources, 2);
        assert_eq!(kabul26.articles, ["a", "b"]);
        assert_eq!(kabul26.article_id, "b");
        assert_eq!(kabul26.event.fatalities, Some(183));
        // Split into two aggregators and absorbed: the same.
        let mut one = EventAggregator::new();
        one.add(&results[0]);
        one.add(&results[1]);
        let mut two = EventAggregator::new();
        for r in &results[2..] {
            two.add(r);
        }
        one.absorb(two);
        assert_eq!(one.finish(), got);
    }

    #[test]
    fn happenings_without_coordinates_never_merge() {
        // Two articles' attacks at names the gazetteer does not know, on
        // one day: nothing says they are at one place.
        let mut a = event(EventType::Attack, None, "2021-08-26");
        a.place = Some("Bakara".into());
        let mut b = event(EventType::Attack, None, "2021-08-26");
        b.place = Some("Hodan".into());
        let c = event(EventType::Attack, None, "2021-08-26");
        let results = [
            article("a", vec![a]),
            article("b", vec![b]),
            article("c", vec![c]),
        ];
        let got = aggregate_events(&results);
        assert_eq!(got.len(), 3, "{got:#?}");
        assert!(got.iter().all(|s| s.sources == 1));
    }
}
