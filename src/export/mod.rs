//! GeoJSON (RFC 7946), GeoJSONSeq (RFC 8142) and CSV writers, and the
//! aggregation of mentions into one record per place that they (and the
//! renderer) share.

use crate::gazetteer::Kind;
use serde::Serialize;

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
