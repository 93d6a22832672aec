//! Choosing one place per recognised span, with a confidence.

use crate::gazetteer::{Gazetteer, Kind};
use crate::recognize::Span;
use serde::{Deserialize, Serialize};

/// A mention resolved to a place, as written in `parse` output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResolvedMention {
    /// Unicode character offset of the first character (Python indexing).
    pub start: usize,
    /// Character offset one past the last character.
    pub end: usize,
    /// The text as written.
    pub text: String,
    /// The place's preferred name.
    pub name: String,
    /// GeoNames id, when the place has one.
    pub geonameid: Option<u32>,
    /// What sort of place (or `demonym`).
    pub kind: Kind,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: Option<String>,
    /// Latitude of the representative point, degrees.
    pub lat: Option<f64>,
    /// Longitude of the representative point, degrees.
    pub lon: Option<f64>,
    /// How sure the resolver is, 0–1.
    pub confidence: f64,
    /// Population of the place (0 when unknown). Not part of `parse` output.
    #[serde(skip)]
    pub population: u64,
}

/// Everything found in one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

/// Resolves every span to one place.
pub fn resolve(gaz: &Gazetteer, text: &str, spans: &[Span]) -> Vec<ResolvedMention> {
    let _ = (gaz, text, spans);
    Vec::new()
}
