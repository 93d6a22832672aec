//! GeoJSON (RFC 7946), GeoJSONSeq (RFC 8142) and CSV writers, and the
//! aggregation of mentions into one record per place that they (and the
//! renderer) share.
//!
//! Nothing here decides *which* place a mention means; that is
//! [`crate::resolve`]'s job. This module only counts and writes.
//!
//! ```
//! use eventmap::{ArticleResult, Kind, ResolvedMention};
//! let m = ResolvedMention {
//!     start: 0, end: 5, text: "Kabul".into(), name: "Kabul".into(),
//!     geonameid: Some(1138958), place_id: None, bbox: None, kind: Kind::City, feature_class: "P".into(),
//!     feature_code: "PPLC".into(), country_code: Some("AF".into()),
//!     lat: Some(34.52813), lon: Some(69.17233), confidence: 0.9, population: 3_043_532,
//!     hierarchy: Default::default(), candidates: None,
//! };
//! let r = ArticleResult {
//!     id: "a1".into(), title: None, date: None, mentions: vec![m.clone(), m],
//!     events: vec![], times: vec![], focus: Default::default(), dropped: 0, warnings: vec![],
//! };
//! let places = eventmap::export::aggregate(&[r]);
//! assert_eq!(places[0].mentions, 2);
//! let fc = eventmap::export::feature_collection(&places);
//! assert_eq!(fc.bbox, Some(vec![69.17233, 34.52813, 69.17233, 34.52813]));
//! ```

mod atomic;
mod csv;
mod events;
mod geojson;

pub use self::atomic::{write_atomic, AtomicFile, FastDir, TEMP_PREFIX};
pub use self::csv::{events_csv, events_csv_rows, places_csv, EVENTS_CSV_HEADER};
pub use self::events::{aggregate_events, EventAggregator, EventSummary};
pub use self::geojson::{
    article_collection, article_feature_collection, bbox, collection, feature_collection,
    results_collection, round_coord, write_article_json, GeoJsonSeqWriter, Layer, COORD_DECIMALS,
};

use crate::gazetteer::Kind;
use crate::resolve::Hierarchy;
use crate::ArticleResult;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// One place, aggregated over a set of articles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceSummary {
    /// Preferred name.
    pub name: String,
    /// GeoNames id, when the place has one.
    pub geonameid: Option<u32>,
    /// The id of a place from a user's `--gazetteer` file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place_id: Option<String>,
    /// What sort of place.
    pub kind: Kind,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: Option<String>,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Population (0 when unknown).
    pub population: u64,
    /// GeoNames feature class ("P", "A", "H"; empty when unknown).
    pub feature_class: String,
    /// GeoNames feature code ("PPL", "ADM1", "STM"; empty when unknown).
    pub feature_code: String,
    /// Country, first- and second-level area it lies in.
    pub hierarchy: Hierarchy,
    /// Number of mentions over all articles.
    pub mentions: usize,
    /// Ids of the articles that mention it, sorted, unique (at most the
    /// limit an [`Aggregator`] was given).
    pub articles: Vec<String>,
    /// How many articles mention it.
    pub article_count: usize,
    /// Distinct surface forms as written ("Kabul", "Kabul's" → "Kabul").
    pub surface_forms: Vec<String>,
    /// Highest confidence of any of its mentions.
    pub confidence: f64,
}

impl PlaceSummary {
    /// The name to draw on a map: the articles' own spelling of the place
    /// when they wrote it one way ("Panjshir" for GeoNames' "Panjshayr",
    /// "Kandahar" for "Kandahār"), else the gazetteer's name. A surface
    /// form is a name of the place by construction (it matched one of the
    /// place's names in the index); abbreviations and forms in capitals
    /// ("US", "LYON") and forms of under four letters keep the gazetteer's
    /// name, and so do forms written more than one way.
    pub fn label(&self) -> &str {
        let mut usable = self.surface_forms.iter().filter(|f| {
            f.chars().count() >= 4
                && f.chars().any(char::is_lowercase)
                && f.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '\u{2019}'))
        });
        match (usable.next(), usable.next()) {
            (Some(f), None) if self.surface_forms.len() == 1 => f,
            _ => &self.name,
        }
    }
}

/// One place as one article saw it, borrowed: what [`Aggregator`] folds in.
struct Seen<'a> {
    name: &'a str,
    geonameid: Option<u32>,
    place_id: Option<&'a str>,
    kind: Kind,
    country_code: Option<&'a str>,
    lat: f64,
    lon: f64,
    population: u64,
    mentions: usize,
    confidence: f64,
    feature_class: &'a str,
    feature_code: &'a str,
    hierarchy: &'a Hierarchy,
}

/// What makes two mentions the same place: the GeoNames id, or, for
/// entries without one (macro-regions), name + kind + coordinates rounded
/// to 1e-4 degrees. `N` is the name: owned in an [`Aggregator`], borrowed
/// in [`article_places`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum PlaceKey<N> {
    GeoNames(u32),
    Other(N, Kind, i64, i64),
}

impl<N> PlaceKey<N> {
    fn of(geonameid: Option<u32>, name: N, kind: Kind, lat: f64, lon: f64) -> PlaceKey<N> {
        match geonameid {
            Some(id) => PlaceKey::GeoNames(id),
            None => PlaceKey::Other(
                name,
                kind,
                (lat * 1e4).round() as i64,
                (lon * 1e4).round() as i64,
            ),
        }
    }
}

impl PlaceKey<&str> {
    /// The key to store: copies the name only for a place without an id.
    fn owned(&self) -> PlaceKey<String> {
        match *self {
            PlaceKey::GeoNames(id) => PlaceKey::GeoNames(id),
            PlaceKey::Other(name, kind, lat, lon) => {
                PlaceKey::Other(name.to_string(), kind, lat, lon)
            }
        }
    }
}

/// A mention's position, when it can be mapped and counted as a place:
/// demonyms ("Russian") say who, not where, and a mention without finite
/// coordinates cannot be drawn.
fn mappable(m: &crate::resolve::ResolvedMention) -> Option<(f64, f64)> {
    let (lat, lon) = (m.lat?, m.lon?);
    (m.kind != Kind::Demonym && lat.is_finite() && lon.is_finite()).then_some((lat, lon))
}

/// The order of places in every output: most mentioned first, then by
/// name, GeoNames id, kind and position, so equal input gives equal output.
/// Each side is (mentions, name, geonameid, kind, lat, lon).
fn place_order(
    a: (usize, &str, Option<u32>, Kind, f64, f64),
    b: (usize, &str, Option<u32>, Kind, f64, f64),
) -> std::cmp::Ordering {
    b.0.cmp(&a.0)
        .then_with(|| a.1.cmp(b.1))
        .then_with(|| a.2.cmp(&b.2))
        .then_with(|| a.3.cmp(&b.3))
        .then_with(|| a.4.total_cmp(&b.4))
        .then_with(|| a.5.total_cmp(&b.5))
}

/// Adds `id` to a sorted id list that keeps at most `limit` ids, the
/// alphabetically first. False when the list is full and `id` sorts after
/// all of it: then so does every later id of an ascending sequence.
fn keep_id<S: AsRef<str> + Into<String>>(
    ids: &mut BTreeSet<String>,
    id: S,
    limit: Option<usize>,
) -> bool {
    let full = limit.is_some_and(|limit| ids.len() >= limit);
    if full && ids.last().is_some_and(|last| id.as_ref() >= last.as_str()) {
        return false;
    }
    if !ids.contains(id.as_ref()) {
        ids.insert(id.into());
        if let Some(limit) = limit {
            while ids.len() > limit {
                ids.pop_last();
            }
        }
    }
    true
}

/// Folds the mentions of many articles into one [`PlaceSummary`] per place.
///
/// Demonyms ("Russian") are skipped: they say who, not where. Mentions
/// without coordinates are skipped: they cannot be mapped. Order: most
/// mentioned first, then by name, then by GeoNames id, so equal input gives
/// equal output. See [`Aggregator`] for doing the same one article at a
/// time.
pub fn aggregate(results: &[ArticleResult]) -> Vec<PlaceSummary> {
    let mut agg = Aggregator::new();
    for result in results {
        agg.add(result);
    }
    agg.finish()
}

/// One place of one article, borrowed from its mentions: what
/// [`aggregate`] gives for a single article, without allocating a string.
/// The per-article GeoJSON of a batch run is written from these.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ArticlePlace<'a> {
    pub name: &'a str,
    pub geonameid: Option<u32>,
    pub place_id: Option<&'a str>,
    pub kind: Kind,
    pub country_code: Option<&'a str>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub mentions: usize,
    pub confidence: f64,
    /// Distinct surface forms, sorted.
    pub forms: Vec<&'a str>,
    /// Its first mention's GeoNames class and code, and its hierarchy.
    pub feature_class: &'a str,
    pub feature_code: &'a str,
    pub hierarchy: &'a Hierarchy,
}

/// The places of one article, in [`aggregate`]'s order and with its
/// values (a test keeps the two equal).
pub(crate) fn article_places(result: &ArticleResult) -> Vec<ArticlePlace<'_>> {
    let mut keyed: Vec<(PlaceKey<&str>, &crate::resolve::ResolvedMention)> = result
        .mentions
        .iter()
        .filter_map(|m| {
            let (lat, lon) = mappable(m)?;
            Some((
                PlaceKey::of(m.geonameid, m.name.as_str(), m.kind, lat, lon),
                m,
            ))
        })
        .collect();
    // Stable: the first mention of a place gives its name and position,
    // as in `Aggregator`.
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut places: Vec<ArticlePlace<'_>> = Vec::new();
    let mut prev: Option<&PlaceKey<&str>> = None;
    for (key, m) in &keyed {
        if prev != Some(key) {
            places.push(ArticlePlace {
                name: &m.name,
                geonameid: m.geonameid,
                place_id: m.place_id.as_deref(),
                kind: m.kind,
                country_code: m.country_code.as_deref(),
                lat: m.lat.unwrap_or_default(),
                lon: m.lon.unwrap_or_default(),
                population: 0,
                mentions: 0,
                confidence: 0.0,
                forms: Vec::new(),
                feature_class: &m.feature_class,
                feature_code: &m.feature_code,
                hierarchy: &m.hierarchy,
            });
            prev = Some(key);
        }
        let p = places.last_mut().expect("pushed above");
        p.mentions += 1;
        p.population = p.population.max(m.population);
        if m.confidence > p.confidence {
            p.confidence = m.confidence;
        }
        let form = surface_form(&m.text);
        if !form.is_empty() {
            p.forms.push(form);
        }
    }
    for p in &mut places {
        p.forms.sort_unstable();
        p.forms.dedup();
    }
    fn order<'a>(p: &ArticlePlace<'a>) -> (usize, &'a str, Option<u32>, Kind, f64, f64) {
        (p.mentions, p.name, p.geonameid, p.kind, p.lat, p.lon)
    }
    places.sort_by(|a, b| place_order(order(a), order(b)));
    places
}

/// [`aggregate`], one article at a time, in memory that does not grow with
/// the number of articles when an id limit is set: the place list grows
/// with the distinct places named, and each place keeps at most `limit`
/// article ids (the alphabetically first; [`PlaceSummary::article_count`]
/// still counts them all).
#[derive(Debug, Default)]
pub struct Aggregator {
    index: HashMap<PlaceKey<String>, usize>,
    accs: Vec<Acc>,
    id_limit: Option<usize>,
    serial: u64,
}

#[derive(Debug)]
struct Acc {
    summary: PlaceSummary,
    articles: BTreeSet<String>,
    forms: BTreeSet<String>,
    /// The last article counted, so that one article counts once.
    last_article: u64,
}

impl Aggregator {
    /// An aggregator keeping every article id.
    pub fn new() -> Aggregator {
        Aggregator::default()
    }

    /// An aggregator keeping at most `limit` article ids per place.
    pub fn with_id_limit(limit: usize) -> Aggregator {
        Aggregator {
            id_limit: Some(limit),
            ..Aggregator::default()
        }
    }

    /// Distinct places so far.
    pub fn len(&self) -> usize {
        self.accs.len()
    }

    /// Whether no place has been added.
    pub fn is_empty(&self) -> bool {
        self.accs.is_empty()
    }

    /// Adds one article's mentions.
    pub fn add(&mut self, result: &ArticleResult) {
        let serial = self.next_serial();
        for m in &result.mentions {
            let Some((lat, lon)) = mappable(m) else {
                continue;
            };
            let seen = Seen {
                name: &m.name,
                geonameid: m.geonameid,
                place_id: m.place_id.as_deref(),
                kind: m.kind,
                country_code: m.country_code.as_deref(),
                lat,
                lon,
                population: m.population,
                mentions: 1,
                confidence: m.confidence,
                feature_class: &m.feature_class,
                feature_code: &m.feature_code,
                hierarchy: &m.hierarchy,
            };
            self.merge(
                &result.id,
                serial,
                &seen,
                std::iter::once(surface_form(&m.text)),
            );
        }
    }

    /// Adds the places one article named, as [`aggregate`] gave them for
    /// that article alone (e.g. read back from its GeoJSON).
    pub fn add_places(&mut self, article_id: &str, places: &[PlaceSummary]) {
        let serial = self.next_serial();
        for p in places {
            if p.lat.is_finite() && p.lon.is_finite() && p.kind != Kind::Demonym {
                let seen = Seen {
                    name: &p.name,
                    geonameid: p.geonameid,
                    place_id: p.place_id.as_deref(),
                    kind: p.kind,
                    country_code: p.country_code.as_deref(),
                    lat: p.lat,
                    lon: p.lon,
                    population: p.population,
                    mentions: p.mentions,
                    confidence: p.confidence,
                    feature_class: &p.feature_class,
                    feature_code: &p.feature_code,
                    hierarchy: &p.hierarchy,
                };
                let forms = p.surface_forms.iter().map(String::as_str);
                self.merge(article_id, serial, &seen, forms);
            }
        }
    }

    /// Folds in another aggregator's places, as if its articles had been
    /// added here. The two must have seen different articles, and `other`
    /// must keep at least as many ids per place as this one does.
    pub fn absorb(&mut self, other: Aggregator) {
        for theirs in other.accs {
            let s = &theirs.summary;
            let key = PlaceKey::of(s.geonameid, s.name.as_str(), s.kind, s.lat, s.lon).owned();
            let i = match self.index.entry(key) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(self.accs.len());
                    let mut acc = theirs;
                    acc.last_article = 0;
                    self.accs.push(acc);
                    continue;
                }
                std::collections::hash_map::Entry::Occupied(o) => *o.get(),
            };
            let acc = &mut self.accs[i];
            acc.summary.mentions += theirs.summary.mentions;
            acc.summary.article_count += theirs.summary.article_count;
            acc.summary.population = acc.summary.population.max(theirs.summary.population);
            if theirs.summary.confidence > acc.summary.confidence {
                acc.summary.confidence = theirs.summary.confidence;
            }
            // Their ids come in order: the first one past a full list
            // ends the merge.
            for id in theirs.articles {
                if !keep_id(&mut acc.articles, id, self.id_limit) {
                    break;
                }
            }
            acc.forms.extend(theirs.forms);
        }
        // Whatever `other` numbered its articles, the next one here is new.
        self.serial += other.serial;
    }

    /// A number for the next article (from 1; 0 means "none yet").
    fn next_serial(&mut self) -> u64 {
        self.serial += 1;
        self.serial
    }

    /// Counts one place of one article. Allocates only for a new place, a
    /// new surface form or a kept article id: a batch calls this for every
    /// mention of every article.
    fn merge<'a>(
        &mut self,
        article_id: &str,
        serial: u64,
        p: &Seen<'_>,
        forms: impl Iterator<Item = &'a str>,
    ) {
        let key = PlaceKey::of(p.geonameid, p.name, p.kind, p.lat, p.lon).owned();
        let accs = &mut self.accs;
        let i = *self.index.entry(key).or_insert_with(|| {
            accs.push(Acc {
                summary: PlaceSummary {
                    name: p.name.to_string(),
                    geonameid: p.geonameid,
                    place_id: p.place_id.map(str::to_string),
                    kind: p.kind,
                    country_code: p.country_code.map(str::to_string),
                    lat: p.lat,
                    lon: p.lon,
                    population: 0,
                    feature_class: p.feature_class.to_string(),
                    feature_code: p.feature_code.to_string(),
                    hierarchy: p.hierarchy.clone(),
                    mentions: 0,
                    articles: Vec::new(),
                    article_count: 0,
                    surface_forms: Vec::new(),
                    confidence: 0.0,
                },
                articles: BTreeSet::new(),
                forms: BTreeSet::new(),
                last_article: 0,
            });
            accs.len() - 1
        });
        let acc = &mut self.accs[i];
        acc.summary.mentions += p.mentions;
        acc.summary.population = acc.summary.population.max(p.population);
        if p.confidence > acc.summary.confidence {
            acc.summary.confidence = p.confidence;
        }
        if acc.last_article != serial {
            acc.last_article = serial;
            acc.summary.article_count += 1;
            keep_id(&mut acc.articles, article_id, self.id_limit);
        }
        for form in forms {
            if !form.is_empty() && !acc.forms.contains(form) {
                acc.forms.insert(form.to_string());
            }
        }
    }

    /// The places, most mentioned first (see [`aggregate`]).
    pub fn finish(self) -> Vec<PlaceSummary> {
        let mut places: Vec<PlaceSummary> = self
            .accs
            .into_iter()
            .map(|acc| {
                let mut s = acc.summary;
                s.articles = acc.articles.into_iter().collect();
                s.surface_forms = acc.forms.into_iter().collect();
                s
            })
            .collect();
        fn order(p: &PlaceSummary) -> (usize, &str, Option<u32>, Kind, f64, f64) {
            (p.mentions, &p.name, p.geonameid, p.kind, p.lat, p.lon)
        }
        places.sort_by(|a, b| place_order(order(a), order(b)));
        places
    }
}

/// A mention's text without a possessive ending: "Kabul's" and "Kabul’s"
/// are both the form "Kabul".
fn surface_form(text: &str) -> &str {
    let t = text.trim();
    t.strip_suffix("'s")
        .or_else(|| t.strip_suffix("\u{2019}s"))
        .filter(|s| !s.is_empty())
        .unwrap_or(t)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::resolve::ResolvedMention;

    #[test]
    fn map_labels_use_the_articles_spelling_when_they_agree_on_one() {
        // (gazetteer name, surface forms, label)
        let cases: [(&str, &[&str], &str); 7] = [
            ("Panjshayr", &["Panjshir"], "Panjshir"),
            ("Kandahār", &["Kandahar"], "Kandahar"),
            ("Kabul", &["Kabul"], "Kabul"),
            // Abbreviations, capitals and short forms keep the gazetteer's.
            ("United States", &["US"], "United States"),
            ("Lyon", &["LYON"], "Lyon"),
            ("Rio de Janeiro", &["Rio"], "Rio de Janeiro"),
            // Two spellings: the gazetteer's name decides.
            ("Kyiv", &["Kiev", "Kyiv"], "Kyiv"),
        ];
        for (name, forms, want) in cases {
            let mut p = aggregate(&[ArticleResult {
                id: "a".into(),
                title: None,
                date: None,
                mentions: vec![mention(forms[0], name, Some(1), Kind::City, 34.5, 69.2)],
                events: Vec::new(),
                times: Vec::new(),
                focus: Default::default(),
                dropped: 0,
                warnings: Vec::new(),
            }])
            .remove(0);
            p.surface_forms = forms.iter().map(|f| f.to_string()).collect();
            assert_eq!(p.label(), want, "{name} {forms:?}");
        }
    }

    pub(crate) fn mention(
        text: &str,
        name: &str,
        id: Option<u32>,
        kind: Kind,
        lat: f64,
        lon: f64,
    ) -> ResolvedMention {
        ResolvedMention {
            start: 0,
            end: text.chars().count(),
            text: text.into(),
            name: name.into(),
            geonameid: id,
            place_id: None,
            bbox: None,
            kind,
            feature_class: String::new(),
            feature_code: String::new(),
            country_code: Some("AF".into()),
            lat: Some(lat),
            lon: Some(lon),
            confidence: 0.5,
            population: 10,
            hierarchy: crate::resolve::Hierarchy {
                country: Some("Afghanistan".into()),
                admin1: Some("Kabul".into()),
                admin1_id: Some(1138957),
                admin2: None,
                admin2_id: None,
            },
            candidates: None,
        }
    }

    pub(crate) fn result(id: &str, mentions: Vec<ResolvedMention>) -> ArticleResult {
        ArticleResult {
            id: id.into(),
            title: None,
            date: None,
            mentions,
            events: Vec::new(),
            times: Vec::new(),
            focus: Default::default(),
            dropped: 0,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn aggregation_counts_mentions_articles_and_forms() {
        let kabul = |t: &str| mention(t, "Kabul", Some(1138958), Kind::City, 34.52813, 69.17233);
        let mut high = kabul("Kabul");
        high.confidence = 0.97;
        high.population = 3_000_000;
        let afg = mention(
            "Afghanistan",
            "Afghanistan",
            Some(1149361),
            Kind::Country,
            33.0,
            66.0,
        );
        let mut no_coords = mention("Atlantis", "Atlantis", Some(1), Kind::City, 0.0, 0.0);
        no_coords.lat = None;
        let demonym = mention(
            "Afghan",
            "Afghanistan",
            Some(1149361),
            Kind::Demonym,
            33.0,
            66.0,
        );
        let region = |t: &str| mention(t, "Central Asia", None, Kind::Region, 45.0, 68.0);
        let results = vec![
            result(
                "b",
                vec![
                    kabul("Kabul"),
                    afg.clone(),
                    demonym.clone(),
                    region("Central Asia"),
                ],
            ),
            result(
                "a",
                vec![
                    kabul("Kabul's"),
                    high,
                    no_coords,
                    kabul("Kabul’s"),
                    region("Central Asia"),
                ],
            ),
        ];
        let places = aggregate(&results);
        let names: Vec<_> = places
            .iter()
            .map(|p| (p.name.as_str(), p.mentions))
            .collect();
        assert_eq!(
            names,
            [("Kabul", 4), ("Central Asia", 2), ("Afghanistan", 1)]
        );
        let k = &places[0];
        assert_eq!(k.articles, ["a", "b"]);
        assert_eq!(k.surface_forms, ["Kabul"]);
        assert_eq!(k.confidence, 0.97);
        assert_eq!(k.population, 3_000_000);
        assert_eq!(places[1].geonameid, None);
        assert_eq!(places[1].articles, ["a", "b"]);
        assert_eq!(places[2].articles, ["b"]);
    }

    proptest::proptest! {
        /// The borrowed per-article places equal `aggregate` of that article.
        #[test]
        fn article_places_equal_aggregate(
            picks in proptest::collection::vec(
                (0usize..7, 0usize..5, 0u64..4, 0u8..5, 0u8..8), 0..24)
        ) {
            // (name, geonameid, kind, lat, lon): two unnamed regions share a
            // name and differ in position; one pair shares a 1e-4 cell.
            let places: [(&str, Option<u32>, Kind, f64, f64); 7] = [
                ("Lyon", Some(2996944), Kind::City, 45.75, 4.85),
                ("Berlin", Some(2950159), Kind::City, 52.52, 13.41),
                ("Sahel", None, Kind::Region, 15.0, 0.0),
                ("Sahel", None, Kind::Region, 14.0, 1.0),
                ("Sahel", None, Kind::Region, 15.00001, 0.0),
                ("Afghan", Some(1149361), Kind::Demonym, 33.0, 66.0),
                ("Aden", Some(415189), Kind::City, 12.78, 45.04),
            ];
            let forms = ["Lyon", "Lyon's", "  LYON ", "", "Lyon\u{2019}s"];
            let mentions: Vec<ResolvedMention> = picks
                .iter()
                .map(|&(p, f, pop, conf, quirk)| {
                    let (name, id, kind, lat, lon) = places[p];
                    let mut m = mention(forms[f], name, id, kind, lat, lon);
                    m.population = pop * 1000;
                    m.confidence = f64::from(conf) / 4.0;
                    match quirk {
                        0 => m.lat = None,
                        1 => m.lon = Some(f64::NAN),
                        2 => m.country_code = None,
                        _ => {}
                    }
                    m
                })
                .collect();
            let r = result("art", mentions);
            let want = aggregate(std::slice::from_ref(&r));
            let got = article_places(&r);
            proptest::prop_assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                proptest::prop_assert_eq!(
                    (g.name, g.geonameid, g.kind, g.country_code, g.population, g.mentions),
                    (w.name.as_str(), w.geonameid, w.kind, w.country_code.as_deref(),
                     w.population, w.mentions)
                );
                proptest::prop_assert_eq!(
                    (g.lat.to_bits(), g.lon.to_bits(), g.confidence.to_bits()),
                    (w.lat.to_bits(), w.lon.to_bits(), w.confidence.to_bits())
                );
                proptest::prop_assert_eq!(&g.forms, &w.surface_forms);
                proptest::prop_assert_eq!(&w.articles, &["art"]);
            }
        }
    }

    #[test]
    fn absorbing_split_aggregators_equals_adding_in_one() {
        let lyon = |t: &str| mention(t, "Lyon", Some(2996944), Kind::City, 45.75, 4.85);
        let mut sure = lyon("Lyon's");
        sure.confidence = 0.99;
        let region = |t: &str| mention(t, "Central Asia", None, Kind::Region, 45.0, 68.0);
        let berlin = mention("Berlin", "Berlin", Some(2950159), Kind::City, 52.52, 13.41);
        // Ids out of order, so the limit keeps the alphabetically first.
        let results: Vec<ArticleResult> = ["k", "c", "x", "a", "m", "b", "z"]
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let mut ms = vec![lyon("Lyon")];
                if i % 2 == 0 {
                    ms.push(region("Central Asia"));
                    ms.push(lyon("LYON"));
                }
                if i == 4 {
                    ms.push(sure.clone());
                }
                if i >= 5 {
                    ms.push(berlin.clone());
                }
                result(id, ms)
            })
            .collect();
        let mut whole = Aggregator::with_id_limit(3);
        for r in &results {
            whole.add(r);
        }
        for split in 0..=results.len() {
            let mut first = Aggregator::with_id_limit(3);
            let mut second = Aggregator::with_id_limit(3);
            for r in &results[..split] {
                first.add(r);
            }
            for r in &results[split..] {
                second.add(r);
            }
            first.absorb(second);
            // Adding after absorbing still counts a new article once.
            let extra = result("d", vec![lyon("Lyon"), lyon("Lyon")]);
            first.add(&extra);
            let mut expected = Aggregator::with_id_limit(3);
            for r in results.iter().chain([&extra]) {
                expected.add(r);
            }
            assert_eq!(first.finish(), expected.finish(), "split at {split}");
        }
        let places = whole.finish();
        assert_eq!(places[0].name, "Lyon");
        assert_eq!(places[0].article_count, 7);
        assert_eq!(places[0].articles, ["a", "b", "c"]);
        assert_eq!(places[0].surface_forms, ["LYON", "Lyon"]);
    }

    #[test]
    fn aggregation_order_is_deterministic() {
        let a = mention("Lyon", "Lyon", Some(2996944), Kind::City, 45.75, 4.85);
        let b = mention("Berlin", "Berlin", Some(2950159), Kind::City, 52.52, 13.41);
        let one = aggregate(&[result("x", vec![a.clone(), b.clone()])]);
        let two = aggregate(&[result("x", vec![b, a])]);
        assert_eq!(one, two);
        assert_eq!(one[0].name, "Berlin");
    }

    #[test]
    fn empty_input_gives_no_places() {
        assert!(aggregate(&[]).is_empty());
        assert!(aggregate(&[result("x", vec![])]).is_empty());
    }
}
