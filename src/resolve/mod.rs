//! Choosing one place per recognised span, with a confidence.
//!
//! Each candidate gets a score: a prior (population on a log scale plus a
//! bonus for countries, regions and capitals), plus what the article itself
//! says — the countries and first-level areas it names ("Gainesville" in a
//! story that names Georgia and Hall County is Gainesville, Georgia), the
//! "City, State" pattern ("Paris, Texas"), and closeness to the places the
//! article names without ambiguity. One name keeps one sense per article.
//! Confidence is the chosen candidate's share of the softmax over scores.

use crate::gazetteer::{Gazetteer, Kind, Place, PlaceIndex};
use crate::recognize::Span;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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

/// Candidates considered per span (the index keeps them best prior first).
const MAX_CANDIDATES: usize = 40;
/// Score added to candidates in the article's dominant country.
const COUNTRY_WEIGHT: f64 = 4.0;
/// Score added when the candidate's first-level area is named in the article.
const ADMIN1_WEIGHT: f64 = 2.5;
/// Score added for "City, State" / "City, Country" when the second name
/// contains the candidate.
const QUALIFIER_WEIGHT: f64 = 6.0;
/// Score added to a candidate within ~200 km of an unambiguous place.
const NEARBY_WEIGHT: f64 = 1.0;

/// The prior of a place: population on a log scale plus a kind bonus.
pub fn prior(p: &Place<'_>) -> f64 {
    let bonus = match p.kind {
        Kind::Continent | Kind::Country => 3.0,
        Kind::Region => 2.5,
        Kind::Admin1 => 1.0,
        Kind::Admin2 | Kind::City | Kind::Demonym => 0.0,
    };
    let capital = if p.is_capital() { 2.0 } else { 0.0 };
    (p.population.max(1) as f64).log10() + bonus + capital
}

struct SpanCands<'g> {
    cands: Vec<Place<'g>>,
}

/// Resolves every span to one place.
pub fn resolve(gaz: &Gazetteer, text: &str, spans: &[Span]) -> Vec<ResolvedMention> {
    let per_span: Vec<SpanCands<'_>> = spans
        .iter()
        .map(|s| SpanCands {
            cands: gaz
                .entry(&s.key)
                .map(|e| {
                    e.candidates()
                        .take(MAX_CANDIDATES)
                        .map(|i| gaz.place(i))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();

    // Evidence from the article: for each span, its best-prior candidate's
    // country and first-level area, weighted by how sure that prior is.
    let mut country_ev: HashMap<&str, f64> = HashMap::new();
    let mut admin1_named: HashMap<PlaceIndex, usize> = HashMap::new();
    let mut anchors: Vec<(f64, f64)> = Vec::new();
    let mut own: Vec<Option<(&str, f64)>> = Vec::with_capacity(spans.len());
    for (s, sc) in spans.iter().zip(&per_span) {
        let Some(top) = sc.cands.first() else {
            own.push(None);
            continue;
        };
        let w = match top.kind {
            _ if s.demonym => 1.0,
            Kind::Country => 1.0,
            Kind::Admin1 => 0.8,
            _ if sc.cands.len() == 1 => 0.6,
            _ => 0.3,
        };
        if let Some(cc) = top.country_code {
            *country_ev.entry(cc).or_default() += w;
            own.push(Some((cc, w)));
        } else {
            own.push(None);
        }
        if !s.demonym {
            for c in &sc.cands {
                if c.kind == Kind::Admin1 {
                    *admin1_named.entry(c.index).or_default() += 1;
                }
            }
            if sc.cands.len() == 1 && matches!(top.kind, Kind::City | Kind::Admin2) {
                anchors.push((top.lat, top.lon));
            }
        }
    }

    // Qualifiers: "Springfield, Illinois" — the span right after ", ".
    let qualifier: Vec<Option<usize>> = (0..spans.len())
        .map(|i| {
            let next = spans.get(i + 1)?;
            let gap = text.get(spans[i].end..next.start)?;
            (gap == ", " || gap == ",").then_some(i + 1)
        })
        .collect();

    let mut chosen: Vec<Option<(usize, f64)>> = vec![None; spans.len()];
    for (i, sc) in per_span.iter().enumerate() {
        if sc.cands.is_empty() {
            continue;
        }
        let (own_cc, own_w) = own[i].unwrap_or(("", 0.0));
        let max_ev = country_ev
            .iter()
            .map(|(cc, v)| if *cc == own_cc { v - own_w } else { *v })
            .fold(0.0f64, f64::max);
        let scores: Vec<f64> = sc
            .cands
            .iter()
            .map(|c| {
                let mut s = prior(c);
                if let Some(cc) = c.country_code {
                    let mut ev = country_ev.get(cc).copied().unwrap_or(0.0);
                    if cc == own_cc {
                        ev -= own_w;
                    }
                    if max_ev > 0.0 && c.kind != Kind::Country {
                        s += COUNTRY_WEIGHT * ev / max_ev;
                    } else if max_ev > 0.0 {
                        s += 0.5 * COUNTRY_WEIGHT * ev / max_ev;
                    }
                }
                if let Some(a1) = c.admin1 {
                    if admin1_named.get(&a1).is_some_and(|&n| n > 0) {
                        s += ADMIN1_WEIGHT;
                    }
                }
                if let Some(q) = qualifier[i] {
                    if per_span[q].cands.iter().any(|qc| contains(qc, c)) {
                        s += QUALIFIER_WEIGHT;
                    }
                }
                if matches!(c.kind, Kind::City | Kind::Admin2)
                    && anchors
                        .iter()
                        .any(|&(lat, lon)| approx_km(lat, lon, c.lat, c.lon) < 200.0)
                {
                    s += NEARBY_WEIGHT;
                }
                s
            })
            .collect();
        let (best, &best_score) = scores
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
            .expect("non-empty");
        let z: f64 = scores.iter().map(|s| (s - best_score).exp()).sum();
        chosen[i] = Some((best, 1.0 / z));
    }

    // One sense per article: a name repeated without a qualifier takes the
    // sense of its most confident mention.
    let mut by_key: HashMap<&str, (usize, usize, f64)> = HashMap::new();
    for (i, s) in spans.iter().enumerate() {
        if qualifier[i].is_some() {
            continue; // "Paris, Texas" says nothing about a bare "Paris".
        }
        if let Some((c, conf)) = chosen[i] {
            let e = by_key.entry(s.key.as_str()).or_insert((i, c, conf));
            if conf > e.2 {
                *e = (i, c, conf);
            }
        }
    }

    let mut out = Vec::with_capacity(spans.len());
    let mut chars = CharCounter::new(text);
    for (i, s) in spans.iter().enumerate() {
        let Some((mut c, mut conf)) = chosen[i] else {
            continue;
        };
        if qualifier[i].is_none() {
            if let Some(&(j, cj, confj)) = by_key.get(s.key.as_str()) {
                if j != i {
                    let target = per_span[j].cands[cj].index;
                    if let Some(k) = per_span[i].cands.iter().position(|p| p.index == target) {
                        c = k;
                        conf = confj;
                    }
                }
            }
        }
        let p = &per_span[i].cands[c];
        out.push(ResolvedMention {
            start: chars.at(s.start),
            end: chars.at(s.end),
            text: text[s.start..s.end].to_owned(),
            name: p.name.to_owned(),
            geonameid: p.geonameid,
            kind: if s.demonym { Kind::Demonym } else { p.kind },
            country_code: p.country_code.map(str::to_owned),
            lat: Some(round6(p.lat)),
            lon: Some(round6(p.lon)),
            confidence: (conf * 1000.0).round() / 1000.0,
            population: p.population,
        });
    }
    out
}

/// True when `outer` (a country or first-level area) contains `inner`.
fn contains(outer: &Place<'_>, inner: &Place<'_>) -> bool {
    match outer.kind {
        Kind::Country => inner.kind != Kind::Country && inner.country_code == outer.country_code,
        Kind::Admin1 => inner.admin1 == Some(outer.index),
        _ => false,
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Great-circle distance, km (haversine).
pub fn approx_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    use geo::{Distance, Haversine, Point};
    Haversine.distance(Point::new(lon1, lat1), Point::new(lon2, lat2)) / 1000.0
}

/// Converts increasing byte offsets to character offsets in one pass.
struct CharCounter<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharCounter<'t> {
    fn new(text: &'t str) -> Self {
        CharCounter {
            text,
            byte: 0,
            chars: 0,
        }
    }
    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use crate::{process, Article, Gazetteer};

    fn resolved(text: &str) -> Vec<(String, Option<String>, String)> {
        let r = process(Gazetteer::bundled(), &Article::new("t", text));
        r.mentions
            .into_iter()
            .map(|m| (m.text, m.country_code, m.kind.to_string()))
            .collect()
    }

    fn country_of(text: &str, name: &str) -> Option<String> {
        resolved(text)
            .into_iter()
            .find(|(t, _, _)| t == name)
            .and_then(|(_, cc, _)| cc)
    }

    #[test]
    fn qualifiers_and_context_pick_the_right_namesake() {
        let cases = [
            ("They drove to Paris, Texas, last week.", "Paris", "US"),
            ("Paris is the capital of France.", "Paris", "FR"),
            ("Springfield, Illinois, voted early.", "Springfield", "US"),
            (
                "Police in Gainesville and Hall County, Georgia, said the road was closed.",
                "Gainesville",
                "US",
            ),
            (
                "Officials in Tbilisi said Georgia would not join.",
                "Georgia",
                "GE",
            ),
            ("The governor of Georgia spoke in Atlanta.", "Georgia", "US"),
            ("Flights from Kabul to Moscow resumed.", "Moscow", "RU"),
        ];
        for (text, name, cc) in cases {
            assert_eq!(country_of(text, name).as_deref(), Some(cc), "{text}");
        }
    }

    #[test]
    fn offsets_are_character_offsets() {
        let text = "Über Köln: “Kabul” and Moscow.";
        let r = process(Gazetteer::bundled(), &Article::new("t", text));
        let chars: Vec<char> = text.chars().collect();
        for m in r.mentions {
            let s: String = chars[m.start..m.end].iter().collect();
            assert_eq!(s, m.text);
        }
    }

    #[test]
    fn one_sense_per_article() {
        let text = "Springfield, Illinois, is the capital. Springfield has many parks.";
        let r = process(Gazetteer::bundled(), &Article::new("t", text));
        let ids: Vec<_> = r
            .mentions
            .iter()
            .filter(|m| m.text == "Springfield")
            .map(|m| m.geonameid)
            .collect();
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[0], ids[1]);
    }

    #[test]
    fn demonyms_keep_their_kind() {
        let r = resolved("Russian troops entered the area.");
        assert_eq!(
            r,
            vec![("Russian".into(), Some("RU".into()), "demonym".into())]
        );
    }
}
