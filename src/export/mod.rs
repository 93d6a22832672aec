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
//!     geonameid: Some(1138958), kind: Kind::City, country_code: Some("AF".into()),
//!     lat: Some(34.52813), lon: Some(69.17233), confidence: 0.9, population: 3_043_532,
//! };
//! let r = ArticleResult { id: "a1".into(), title: None, date: None, mentions: vec![m.clone(), m], events: vec![] };
//! let places = eventmap::export::aggregate(&[r]);
//! assert_eq!(places[0].mentions, 2);
//! let fc = eventmap::export::feature_collection(&places);
//! assert_eq!(fc.bbox, Some(vec![69.17233, 34.52813, 69.17233, 34.52813]));
//! ```

mod atomic;
mod csv;
mod geojson;

pub use self::atomic::{write_atomic, AtomicFile};
pub use self::csv::places_csv;
pub use self::geojson::{
    article_collection, article_feature_collection, bbox, feature_collection, results_collection,
    round_coord, GeoJsonSeqWriter, Layer, COORD_DECIMALS,
};

use crate::gazetteer::Kind;
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
    /// Number of mentions over all articles.
    pub mentions: usize,
    /// Ids of the articles that mention it, sorted, unique.
    pub articles: Vec<String>,
    /// Distinct surface forms as written ("Kabul", "Kabul's" → "Kabul").
    pub surface_forms: Vec<String>,
    /// Highest confidence of any of its mentions.
    pub confidence: f64,
}

/// What makes two mentions the same place: the GeoNames id, or, for
/// entries without one (macro-regions), name + kind + coordinates rounded
/// to 1e-4 degrees.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum PlaceKey {
    GeoNames(u32),
    Other(String, Kind, i64, i64),
}

/// Folds the mentions of many articles into one [`PlaceSummary`] per place.
///
/// Demonyms ("Russian") are skipped: they say who, not where. Mentions
/// without coordinates are skipped: they cannot be mapped. Order: most
/// mentioned first, then by name, then by GeoNames id, so equal input gives
/// equal output.
pub fn aggregate(results: &[ArticleResult]) -> Vec<PlaceSummary> {
    struct Acc {
        summary: PlaceSummary,
        articles: BTreeSet<String>,
        forms: BTreeSet<String>,
    }
    let mut index: HashMap<PlaceKey, usize> = HashMap::new();
    let mut accs: Vec<Acc> = Vec::new();
    for result in results {
        for m in &result.mentions {
            if m.kind == Kind::Demonym {
                continue;
            }
            let (Some(lat), Some(lon)) = (m.lat, m.lon) else {
                continue;
            };
            if !lat.is_finite() || !lon.is_finite() {
                continue;
            }
            let key = match m.geonameid {
                Some(id) => PlaceKey::GeoNames(id),
                None => PlaceKey::Other(
                    m.name.clone(),
                    m.kind,
                    (lat * 1e4).round() as i64,
                    (lon * 1e4).round() as i64,
                ),
            };
            let i = *index.entry(key).or_insert_with(|| {
                accs.push(Acc {
                    summary: PlaceSummary {
                        name: m.name.clone(),
                        geonameid: m.geonameid,
                        kind: m.kind,
                        country_code: m.country_code.clone(),
                        lat,
                        lon,
                        population: 0,
                        mentions: 0,
                        articles: Vec::new(),
                        surface_forms: Vec::new(),
                        confidence: 0.0,
                    },
                    articles: BTreeSet::new(),
                    forms: BTreeSet::new(),
                });
                accs.len() - 1
            });
            let acc = &mut accs[i];
            acc.summary.mentions += 1;
            acc.summary.population = acc.summary.population.max(m.population);
            if m.confidence > acc.summary.confidence {
                acc.summary.confidence = m.confidence;
            }
            acc.articles.insert(result.id.clone());
            let form = surface_form(&m.text);
            if !form.is_empty() {
                acc.forms.insert(form.to_string());
            }
        }
    }
    let mut places: Vec<PlaceSummary> = accs
        .into_iter()
        .map(|acc| {
            let mut s = acc.summary;
            s.articles = acc.articles.into_iter().collect();
            s.surface_forms = acc.forms.into_iter().collect();
            s
        })
        .collect();
    places.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.geonameid.cmp(&b.geonameid))
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.lat.total_cmp(&b.lat))
            .then_with(|| a.lon.total_cmp(&b.lon))
    });
    places
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
            kind,
            country_code: Some("AF".into()),
            lat: Some(lat),
            lon: Some(lon),
            confidence: 0.5,
            population: 10,
        }
    }

    pub(crate) fn result(id: &str, mentions: Vec<ResolvedMention>) -> ArticleResult {
        ArticleResult {
            id: id.into(),
            title: None,
            date: None,
            mentions,
            events: Vec::new(),
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
