//! Choosing one place per recognised span, with a confidence.
//!
//! Each candidate gets a score: a prior (population on a log scale plus a
//! bonus for countries, regions and capitals), plus what the article itself
//! says — the countries and first-level areas it names ("Gainesville" in a
//! story that names Georgia and Hall County is Gainesville, Georgia), the
//! "City, State" pattern ("Paris, Texas"), and closeness to the places the
//! article names without ambiguity. One name keeps one sense per article.
//! Confidence is the chosen candidate's share of the softmax over scores.

pub mod model;

use crate::gazetteer::{Gazetteer, Kind, Memo, PlaceIndex, Record};
use crate::options::{Options, FOCUS_BONUS};
use crate::recognize::Span;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A mention resolved to a place, as written in `parse` output (the
/// [`Hierarchy`]'s fields inline, after `population`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
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
    /// The id of a place from a user's `--gazetteer` file (`user:3`, or the
    /// file's own id); absent for the bundled places.
    #[serde(default)]
    pub place_id: Option<String>,
    /// The bounding box [min lon, min lat, max lon, max lat] of a user's
    /// place read from a polygon; absent otherwise.
    #[serde(default)]
    pub bbox: Option<[f64; 4]>,
    /// What sort of place (or `demonym`).
    pub kind: Kind,
    /// GeoNames feature class of the place ("P", "A", "H", "T", "S", "L";
    /// empty for a demonym).
    #[serde(default)]
    pub feature_class: String,
    /// GeoNames feature code within the class ("PPL", "ADM1", "STM", "VAL",
    /// "AIRP"; empty for a demonym).
    #[serde(default)]
    pub feature_code: String,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: Option<String>,
    /// Latitude of the representative point, degrees.
    pub lat: Option<f64>,
    /// Longitude of the representative point, degrees.
    pub lon: Option<f64>,
    /// How sure the resolver is, 0–1.
    pub confidence: f64,
    /// Population of the place (GeoNames; summed over member places for a
    /// subdivision); 0 when unknown.
    #[serde(default)]
    pub population: u64,
    /// Where the place lies: country, first- and second-level area.
    #[serde(flatten)]
    pub hierarchy: Hierarchy,
    /// The best candidates for the name, best first, when asked for
    /// ([`crate::options::Options::candidates`]); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidates: Option<Vec<RankedCandidate>>,
}

/// [`ResolvedMention`] as written: its fields, the hierarchy's inline.
/// A derived `#[serde(flatten)]` would write the same JSON through a map
/// serializer, which costs `parse` about 1% of its time.
#[derive(Serialize)]
struct MentionOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    name: &'a str,
    geonameid: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place_id: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bbox: &'a Option<[f64; 4]>,
    kind: Kind,
    feature_class: &'a str,
    feature_code: &'a str,
    country_code: &'a Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    confidence: f64,
    population: u64,
    country: &'a Option<String>,
    admin1: &'a Option<String>,
    admin1_id: Option<u32>,
    admin2: &'a Option<String>,
    admin2_id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    candidates: &'a Option<Vec<RankedCandidate>>,
}

impl Serialize for ResolvedMention {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let h = &self.hierarchy;
        MentionOut {
            start: self.start,
            end: self.end,
            text: &self.text,
            name: &self.name,
            geonameid: self.geonameid,
            place_id: &self.place_id,
            bbox: &self.bbox,
            kind: self.kind,
            feature_class: &self.feature_class,
            feature_code: &self.feature_code,
            country_code: &self.country_code,
            lat: self.lat,
            lon: self.lon,
            confidence: self.confidence,
            population: self.population,
            country: &h.country,
            admin1: &h.admin1,
            admin1_id: h.admin1_id,
            admin2: &h.admin2,
            admin2_id: h.admin2_id,
            candidates: &self.candidates,
        }
        .serialize(s)
    }
}

/// Where a place lies, as the gazetteer records it; `None` where unknown
/// or not applicable (a country lies in no first-level area).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Hierarchy {
    /// Name of the country (the place's own name for a country).
    #[serde(default)]
    pub country: Option<String>,
    /// Name of the first-level area (state, province) it lies in.
    #[serde(default)]
    pub admin1: Option<String>,
    /// GeoNames id of that first-level area.
    #[serde(default)]
    pub admin1_id: Option<u32>,
    /// Name of the second-level area (county, district) it lies in; known
    /// for cities only.
    #[serde(default)]
    pub admin2: Option<String>,
    /// GeoNames id of that second-level area.
    #[serde(default)]
    pub admin2_id: Option<u32>,
}

impl Hierarchy {
    /// The hierarchy of `p`, with country names looked up through `countries`
    /// (a small per-article cache: articles name few countries).
    pub(crate) fn of(
        gaz: &Gazetteer,
        p: &Record,
        countries: &mut Vec<([u8; 2], Option<String>)>,
    ) -> Hierarchy {
        let area = |i: Option<PlaceIndex>| {
            i.map(|i| {
                let r = gaz.record(i);
                (gaz.name_of(&r).to_owned(), r.geonameid)
            })
        };
        let (admin1, admin1_id) = area(p.admin1).map_or((None, None), |(n, id)| (Some(n), id));
        let admin2_index = if p.kind == Kind::City {
            gaz.admin2_of(p.index)
        } else {
            None
        };
        let (admin2, admin2_id) = area(admin2_index).map_or((None, None), |(n, id)| (Some(n), id));
        let country = p.country.and_then(|cc| {
            if let Some((_, name)) = countries.iter().find(|(c, _)| *c == cc) {
                return name.clone();
            }
            let name = std::str::from_utf8(&cc)
                .ok()
                .and_then(|code| gaz.country(code))
                .map(|c| c.name.to_owned());
            countries.push((cc, name.clone()));
            name
        });
        Hierarchy {
            country,
            admin1,
            admin1_id,
            admin2,
            admin2_id,
        }
    }
}

/// One of the best candidates for a mention's name (`parse --candidates N`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankedCandidate {
    /// GeoNames id, when the place has one.
    pub geonameid: Option<u32>,
    /// The place's preferred name.
    pub name: String,
    /// What sort of place.
    pub kind: Kind,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: Option<String>,
    /// The candidate's share of the softmax over the name's candidate
    /// scores (the chosen one's is its confidence, before one sense per
    /// article), 0–1, three decimals.
    pub score: f64,
    /// Great-circle distance from the chosen place, km, one decimal.
    pub distance_km: f64,
    /// True for the candidate the mention resolved to.
    pub chosen: bool,
}

/// The confidence of a mention resolved to the place a user's gazetteer
/// file gives its name: the user said what it means; whether the words
/// are a place name at all is still the recogniser's guess.
const USER_CONFIDENCE: f64 = 0.95;

/// Candidates considered per span (the index keeps them best prior first).
const MAX_CANDIDATES: usize = 40;
/// Candidates per span that get the (costlier) closeness features.
const NEAR_CANDIDATES: usize = 10;
/// Points per other name that closeness is measured against.
const NEAR_POINTS: usize = 3;

/// Everything the resolver knows about one candidate of one span: the
/// place and its features (named in [`model::CAND_FEATURES`]).
#[derive(Clone, Copy, Debug)]
pub struct Candidate {
    /// The place's record; its name is read only for the chosen candidate
    /// ([`Gazetteer::name_of`]).
    pub place: Record,
    /// Feature values, in [`model::CAND_FEATURES`] order.
    pub features: [f64; model::N_CAND],
}

/// The candidates of one span, with features.
pub struct SpanCandidates {
    /// Candidates, best prior first.
    pub cands: Vec<Candidate>,
    /// The span is the qualifier of the one before ("Paris, Texas").
    pub qualified: bool,
    /// How many spans in the article share the key.
    pub repeats: usize,
    /// How many other distinct place names (not demonyms) the article has.
    pub other_names: usize,
    /// The article is a post or a headline ([`model::SHORT_TEXT`] bytes or
    /// fewer): a place it names is its subject, not one of many.
    pub short_text: bool,
}

fn base_features(p: &Record) -> [f64; model::N_CAND] {
    let mut f = [0.0; model::N_CAND];
    f[model::LOG_POP] = (p.population.max(1) as f64).log10();
    match p.kind {
        Kind::Country => f[model::COUNTRY] = 1.0,
        Kind::Admin1 => f[model::ADMIN1] = 1.0,
        Kind::Admin2 => f[model::ADMIN2] = 1.0,
        // Rivers, seas, valleys and airports have no population and no
        // state: in the model they stand with regions.
        Kind::Continent | Kind::Region | Kind::Feature => f[model::REGION] = 1.0,
        Kind::City | Kind::Demonym => {}
    }
    if p.is_capital() {
        f[model::CAPITAL] = 1.0;
    }
    f
}

/// Fast distance in km, good to a few per cent below ~1000 km.
fn near_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    111.195 * near_deg2(lat1, lon1, lat2, lon2).sqrt()
}

/// The square of [`near_km`]'s distance in degrees (before the square root
/// and the scaling to km).
fn near_deg2(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let mut dlon = (lon1 - lon2).abs();
    if dlon > 180.0 {
        dlon = 360.0 - dlon;
    }
    let x = dlon * ((lat1 + lat2) * 0.5).to_radians().cos();
    let y = lat1 - lat2;
    x * x + y * y
}

/// The least [`near_km`] from any of `pts` to (`lat`, `lon`), bit for bit
/// what folding `near_km(pt.0, pt.1, lat, lon)` over `pts` with
/// [`f64::min`] gives (infinity for none): the square root and the scaling
/// keep order, so they are applied once, to the least sum of squares; and a
/// point whose latitude gap alone is no closer than the nearest so far is
/// skipped without its cosine.
fn nearest_km(pts: &[(f64, f64)], lat: f64, lon: f64) -> f64 {
    let mut best = f64::INFINITY;
    for &(lat1, lon1) in pts {
        let y = lat1 - lat;
        if y * y >= best {
            continue;
        }
        best = best.min(near_deg2(lat1, lon1, lat, lon));
    }
    111.195 * best.sqrt()
}

/// One name's vote: a country code and a first-level area, each weighted.
type Vote = (Option<([u8; 2], f64)>, Option<(PlaceIndex, f64)>);

/// The distinct keys of an article's spans, in order of first use.
struct Keys<'s> {
    /// (fnv1a64 of the key, the key, its first span, how many spans use it).
    distinct: Vec<(u64, &'s str, usize, usize)>,
    /// For each span, its key's index in `distinct`.
    of_span: Vec<usize>,
}

impl<'s> Keys<'s> {
    /// Articles name a few dozen distinct places at most: a scan of their
    /// hashes beats a hash map's set-up. Past [`KEYS_SCANNED`] distinct keys
    /// a map takes over, so an article of thousands of distinct names
    /// costs no more per name than one of ten (it once cost 51 s per MB).
    fn new(spans: &'s [Span]) -> Keys<'s> {
        let mut distinct: Vec<(u64, &str, usize, usize)> = Vec::new();
        let mut index: HashMap<u64, usize, BuildHasherDefault<KeyHasher>> = HashMap::default();
        let of_span = spans
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let h = crate::gazetteer::fnv1a64(s.key.as_bytes());
                let found = if distinct.len() <= KEYS_SCANNED {
                    distinct.iter().position(|d| d.0 == h && d.1 == s.key)
                } else {
                    if index.is_empty() {
                        // First use: index the keys so far (the first of
                        // two keys with one hash keeps the slot).
                        for (k, d) in distinct.iter().enumerate().rev() {
                            index.insert(d.0, k);
                        }
                    }
                    match index.get(&h) {
                        Some(&k) if distinct[k].1 == s.key => Some(k),
                        // Two keys with one hash: rare enough to scan.
                        Some(_) => distinct.iter().position(|d| d.0 == h && d.1 == s.key),
                        None => None,
                    }
                };
                match found {
                    Some(k) => {
                        distinct[k].3 += 1;
                        k
                    }
                    None => {
                        distinct.push((h, s.key.as_str(), i, 1));
                        let k = distinct.len() - 1;
                        if !index.is_empty() {
                            index.entry(h).or_insert(k);
                        }
                        k
                    }
                }
            })
            .collect();
        Keys { distinct, of_span }
    }

    /// The first span with span `i`'s key.
    fn first(&self, i: usize) -> usize {
        self.distinct[self.of_span[i]].2
    }
}

/// `(1 + rank).ln()`, from [`model::ln_count`]'s table.
fn rank_feature(rank: usize) -> f64 {
    model::ln_count(1 + rank)
}

/// Distinct names on each side of a name, in order of first use, whose
/// places its closeness features are measured against ([`NEAR_POINTS`]
/// each).
const NEAR_WINDOW: usize = 128;

/// The two largest values of a [`SmallMap`], for the largest value once one
/// key's own share is taken out.
struct TopTwo<K> {
    best: Option<(K, f64)>,
    second: f64,
}

impl<K: PartialEq + Copy> TopTwo<K> {
    /// The largest value (at least 0) with `w` taken off `own`'s: what
    /// folding `max` over every value, `own`'s lowered by `w`, gives.
    fn max_without(&self, own: Option<K>, w: f64) -> f64 {
        match self.best {
            None => 0.0,
            Some((k, v)) if Some(k) == own => (v - w).max(self.second).max(0.0),
            Some((_, v)) => v.max(0.0),
        }
    }
}

/// Distinct keys an article's key list is scanned for before a hash map
/// takes over ([`Keys::new`]); also the size past which a [`SmallMap`]
/// gets an index.
const KEYS_SCANNED: usize = 32;

/// Weights summed per key in insertion order: a vector scanned while it is
/// small (a few countries or states per article), indexed by a hash map
/// once it holds more than [`KEYS_SCANNED`] keys (an article naming
/// thousands of towns names hundreds of states).
struct SmallMap<K> {
    items: Vec<(K, f64)>,
    index: HashMap<K, usize>,
}

impl<K: PartialEq + Eq + std::hash::Hash + Copy> SmallMap<K> {
    fn new() -> Self {
        SmallMap {
            items: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn position(&self, k: &K) -> Option<usize> {
        if self.items.len() <= KEYS_SCANNED {
            self.items.iter().position(|(key, _)| key == k)
        } else {
            self.index.get(k).copied()
        }
    }

    /// Adds `w` to the value kept for `k`.
    fn add(&mut self, k: K, w: f64) {
        match self.position(&k) {
            Some(i) => self.items[i].1 += w,
            None => {
                self.items.push((k, 0.0 + w));
                if self.items.len() > KEYS_SCANNED {
                    if self.index.is_empty() {
                        for (i, (key, _)) in self.items.iter().enumerate() {
                            self.index.insert(*key, i);
                        }
                    } else {
                        self.index.insert(k, self.items.len() - 1);
                    }
                }
            }
        }
    }

    /// The value kept for `k`, if any.
    fn get(&self, k: &K) -> Option<f64> {
        self.position(k).map(|i| self.items[i].1)
    }

    /// The largest value and its key, and the second largest.
    fn top_two(&self) -> TopTwo<K> {
        let mut top = TopTwo {
            best: None,
            second: 0.0,
        };
        for &(k, v) in &self.items {
            match top.best {
                Some((_, b)) if v <= b => top.second = top.second.max(v),
                Some((_, b)) => {
                    top.second = top.second.max(b);
                    top.best = Some((k, v));
                }
                None => top.best = Some((k, v)),
            }
        }
        top
    }
}

/// Hashes a key's `fnv1a64`, already computed, as itself (also the events
/// models' feature hashes).
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Distinct keys whose candidates a thread keeps; the memo is emptied when
/// it holds more.
const CAND_MEMO_KEYS: usize = 4096;

/// A memoised key and its candidates.
type KeyCandidates = (Box<str>, Box<[Candidate]>);

/// Each key's candidates with the features that depend on the key alone
/// (prior, rank, name match, shadowing), per thread: news names the same
/// places again and again, and reading up to [`MAX_CANDIDATES`] records
/// scattered over the gazetteer costs a cache miss each.
struct CandMemo {
    gaz_id: u64,
    /// By `fnv1a64` of the key: the key and its candidates.
    keys: HashMap<u64, KeyCandidates, BuildHasherDefault<KeyHasher>>,
}

thread_local! {
    static CAND_MEMO: RefCell<CandMemo> = RefCell::new(CandMemo {
        gaz_id: u64::MAX,
        keys: HashMap::default(),
    });
}

/// The candidates of `key` (whose `fnv1a64` is `hash`) with their key-only
/// features, memoised per thread ([`CandMemo`]).
fn key_candidates(memo: &mut Memo<'_, '_>, key: &str, hash: u64) -> Vec<Candidate> {
    let gaz = memo.gazetteer();
    CAND_MEMO.with(|cell| {
        let Ok(mut m) = cell.try_borrow_mut() else {
            return compute_key_candidates(memo, key);
        };
        if m.gaz_id != gaz.id() {
            m.keys.clear();
            m.gaz_id = gaz.id();
        }
        if let Some((k, cands)) = m.keys.get(&hash) {
            if **k == *key {
                return cands.to_vec();
            }
        }
        let cands = compute_key_candidates(memo, key);
        if m.keys.len() >= CAND_MEMO_KEYS {
            m.keys.clear();
        }
        m.keys.insert(hash, (key.into(), cands.as_slice().into()));
        cands
    })
}

/// The candidates of `key` with their key-only features.
fn compute_key_candidates(memo: &mut Memo<'_, '_>, key: &str) -> Vec<Candidate> {
    let gaz = memo.gazetteer();
    let mut cands: Vec<Candidate> = memo
        .entry(key)
        .map(|e| {
            e.candidates()
                .take(MAX_CANDIDATES)
                .enumerate()
                .map(|(rank, i)| {
                    let place = gaz.record(i);
                    let mut features = base_features(&place);
                    features[model::RANK] = rank_feature(rank);
                    if gaz.name_eq_ignore_ascii_case(&place, key) {
                        features[model::NAME_MATCH] = 1.0;
                    }
                    Candidate { place, features }
                })
                .collect()
        })
        .unwrap_or_default();
    // An area named like a city inside it is second to that city ("Kabul"
    // the city before Kabul province, "Mosul" before Mosul district).
    let mut shadowed = [false; MAX_CANDIDATES];
    for (a, sh) in cands.iter().zip(shadowed.iter_mut()) {
        let area = &a.place;
        *sh = matches!(area.kind, Kind::Admin1 | Kind::Admin2)
            && cands.iter().any(|c| {
                let city = &c.place;
                city.kind == Kind::City
                    && match area.kind {
                        Kind::Admin1 => city.admin1 == Some(area.index),
                        _ => {
                            city.admin1 == area.admin1
                                && near_km(city.lat, city.lon, area.lat, area.lon) < 100.0
                        }
                    }
            });
    }
    for (c, s) in cands.iter_mut().zip(shadowed) {
        if s {
            c.features[model::SHADOWED] = 1.0;
        }
    }
    cands
}

/// Builds every span's candidates with their features: the article-level
/// evidence (countries and first-level areas named, "City, State"
/// qualifiers, closeness to the other places named) is computed here once.
///
/// Everything but the qualifier and metonymy features depends on the name
/// alone: it is computed once per distinct key and copied to the key's other
/// spans. Places are read as [`Record`]s (no name), and the small per-article
/// maps are insertion-ordered vectors, so sums run in span order as before.
pub fn candidates(gaz: &Gazetteer, text: &str, spans: &[Span]) -> Vec<SpanCandidates> {
    candidates_by_key(gaz, text, spans).0
}

/// [`candidates`], and the article's distinct keys.
fn candidates_by_key<'s>(
    gaz: &Gazetteer,
    text: &str,
    spans: &'s [Span],
) -> (Vec<SpanCandidates>, Keys<'s>) {
    let keys = Keys::new(spans);
    let first = |i: usize| keys.first(i);
    let mut per_span: Vec<SpanCandidates> = gaz.with_memo(|memo| {
        spans
            .iter()
            .enumerate()
            .map(|(i, s)| SpanCandidates {
                cands: if first(i) != i {
                    Vec::new()
                } else {
                    let hash = keys.distinct[keys.of_span[i]].0;
                    key_candidates(memo, &s.key, hash)
                },
                qualified: false,
                repeats: keys.distinct[keys.of_span[i]].3,
                other_names: 0,
                short_text: text.len() <= model::SHORT_TEXT,
            })
            .collect()
    });
    // Distinct keys of names with candidates (demonyms aside).
    let named = |k: usize| {
        let f = keys.distinct[k].2;
        !spans[f].demonym && !per_span[f].cands.is_empty()
    };
    let n_names = (0..keys.distinct.len()).filter(|&k| named(k)).count();
    let other_names: Vec<usize> = (0..spans.len())
        .map(|i| n_names - usize::from(named(keys.of_span[i])))
        .collect();
    for (sc, n) in per_span.iter_mut().zip(other_names) {
        sc.other_names = n;
    }

    // Evidence from the article: each distinct name votes once, with its
    // best-prior candidate, for a country and a first-level area, weighted
    // by how sure that prior is. A span's own name does not vote for it.
    let mut country_ev: SmallMap<[u8; 2]> = SmallMap::new();
    let mut admin1_ev: SmallMap<PlaceIndex> = SmallMap::new();
    // First-level areas named outright: the first key that names each, and
    // a second key when another does too.
    let mut admin1_named: HashMap<PlaceIndex, (usize, Option<usize>)> = HashMap::new();
    let mut votes: Vec<Option<Vote>> = vec![None; keys.distinct.len()];
    for (k, &(_, _, f, _)) in keys.distinct.iter().enumerate() {
        let (s, sc) = (&spans[f], &per_span[f]);
        let Some(top) = sc.cands.first().map(|c| &c.place) else {
            continue;
        };
        let single = sc.cands.len() == 1;
        let w = match top.kind {
            _ if s.demonym => 1.0,
            Kind::Country => 1.0,
            Kind::Admin1 => 0.8,
            _ if single => 0.6,
            _ => 0.3,
        };
        let cv = top.country.map(|cc| (cc, w));
        if let Some((cc, w)) = cv {
            country_ev.add(cc, w);
        }
        let a1 = match top.kind {
            _ if s.demonym => None,
            Kind::Admin1 => Some((top.index, 1.0)),
            Kind::City | Kind::Admin2 => top.admin1.map(|a| (a, if single { 0.6 } else { 0.3 })),
            _ => None,
        };
        if let Some((a, w)) = a1 {
            admin1_ev.add(a, w);
        }
        votes[k] = Some((cv, a1));
        if !s.demonym {
            for c in &sc.cands {
                if c.place.kind == Kind::Admin1 {
                    let e = admin1_named.entry(c.place.index).or_insert((k, None));
                    if e.0 != k && e.1.is_none() {
                        e.1 = Some(k);
                    }
                }
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
    for q in qualifier.iter().flatten() {
        per_span[*q].qualified = true;
    }

    // Points of the other names, for closeness: the first few candidates of
    // each distinct key naming a town or county.
    // (key index, points, how many of them).
    type Points = (usize, [(f64, f64); NEAR_POINTS], usize);
    let mut points: Vec<Points> = Vec::new();
    for (k, &(_, _, f, _)) in keys.distinct.iter().enumerate() {
        let sc = &per_span[f];
        let local = sc
            .cands
            .first()
            .is_some_and(|c| matches!(c.place.kind, Kind::City | Kind::Admin2));
        if !spans[f].demonym && local {
            let mut pts = [(0.0, 0.0); NEAR_POINTS];
            let mut n = 0;
            for (p, c) in pts.iter_mut().zip(&sc.cands) {
                *p = (c.place.lat, c.place.lon);
                n += 1;
            }
            points.push((k, pts, n));
        }
    }

    let (top_country, top_admin1) = (country_ev.top_two(), admin1_ev.top_two());
    for (k, &(_, _, i, _)) in keys.distinct.iter().enumerate() {
        let (own_c, own_a) = votes[k].unwrap_or((None, None));
        let (own_cc, own_cw) = own_c.map_or((None, 0.0), |(cc, w)| (Some(cc), w));
        // The strongest country's evidence without this name's own vote.
        let max_country = top_country.max_without(own_cc, own_cw);
        let (own_a1, own_aw) = own_a.unwrap_or((u32::MAX, 0.0));
        let max_admin1 = top_admin1.max_without(Some(own_a1), own_aw);
        // Closeness to the names used near this one in the article: all of
        // them when it names up to [`NEAR_WINDOW`] on each side (news
        // does), else that many on each side in order of first use, which
        // keeps an article of thousands of distinct names linear.
        let lo = points.partition_point(|(o, _, _)| *o + NEAR_WINDOW < k);
        let hi = points.partition_point(|(o, _, _)| *o <= k + NEAR_WINDOW);
        let others = points[lo..hi].iter().filter(|(o, _, _)| *o != k);
        let n_others = others.clone().count();
        for (rank, c) in per_span[i].cands.iter_mut().enumerate() {
            let p = &c.place;
            let f = &mut c.features;
            if let Some(cc) = p.country {
                let mut ev = country_ev.get(&cc).unwrap_or(0.0);
                if Some(cc) == own_cc {
                    ev -= own_cw;
                }
                if max_country > 0.0 {
                    f[model::COUNTRY_SHARE] = ev / max_country;
                }
            }
            let a1 = if p.kind == Kind::Admin1 {
                Some(p.index)
            } else {
                p.admin1
            };
            if let Some(a1) = a1 {
                if p.kind != Kind::Admin1
                    && admin1_named
                        .get(&a1)
                        .is_some_and(|&(first, second)| first != k || second.is_some())
                {
                    f[model::ADMIN1_NAMED] = 1.0;
                }
                let mut ev = admin1_ev.get(&a1).unwrap_or(0.0);
                if a1 == own_a1 {
                    ev -= own_aw;
                }
                if max_admin1 > 0.0 {
                    f[model::ADMIN1_SHARE] = ev / max_admin1;
                }
            }
            if rank < NEAR_CANDIDATES && matches!(p.kind, Kind::City | Kind::Admin2) && n_others > 0
            {
                let (mut near50, mut near200) = (0.0, 0.0);
                for (_, pts, n) in others.clone() {
                    #[cfg(test)]
                    tests::NEAR_PAIRS.with(|c| c.set(c.get() + 1));
                    let d = nearest_km(&pts[..*n], p.lat, p.lon);
                    near50 += (-d / 50.0).exp();
                    if d < 200.0 {
                        near200 += 1.0;
                    }
                }
                let n = n_others as f64;
                f[model::NEAR50] = near50 / n;
                f[model::NEAR200] = near200 / n;
            }
        }
    }
    // Repeated names take their first span's candidates; then the features
    // that belong to the span itself.
    for i in 0..spans.len() {
        if first(i) != i {
            per_span[i].cands = per_span[first(i)].cands.clone();
        }
    }
    for i in 0..spans.len() {
        // "Springfield, Illinois": an Illinois contains this Springfield;
        // "Georgia" in "Athens, Georgia" is the Georgia that contains an
        // Athens.
        let mut qualified = [false; MAX_CANDIDATES];
        if let Some(q) = qualifier[i] {
            for (c, out) in per_span[i].cands.iter().zip(qualified.iter_mut()) {
                *out = per_span[q]
                    .cands
                    .iter()
                    .any(|o| contains(&o.place, &c.place));
            }
        }
        if let Some(j) = i.checked_sub(1).filter(|&j| qualifier[j] == Some(i)) {
            for (c, out) in per_span[i].cands.iter().zip(qualified.iter_mut()) {
                *out |= per_span[j]
                    .cands
                    .iter()
                    .any(|o| contains(&c.place, &o.place));
            }
        }
        let governs = spans[i].cues.governs;
        for (c, q) in per_span[i].cands.iter_mut().zip(qualified) {
            c.features[model::QUALIFIER] = if q { 1.0 } else { 0.0 };
            c.features[model::CAPITAL_GOVERNS] = if governs && c.place.is_capital() {
                1.0
            } else {
                0.0
            };
        }
    }
    (per_span, keys)
}

/// Resolves every span to one place and drops the spans the keep model
/// judges more likely wrong than right.
pub fn resolve(gaz: &Gazetteer, text: &str, spans: &[Span]) -> Vec<ResolvedMention> {
    resolve_with(gaz, text, spans, &Options::default())
}

/// [`resolve`], with a bias towards the `focus` countries of `opts`
/// ([`crate::options::FOCUS_BONUS`] added to the score of a name's best
/// candidate in each of them) and, when `opts.candidates` > 0, that many ranked
/// candidates per mention. Filters (`only_in`, `kinds`) are not applied
/// here: see [`crate::process_with`].
pub fn resolve_with(
    gaz: &Gazetteer,
    text: &str,
    spans: &[Span],
    opts: &Options,
) -> Vec<ResolvedMention> {
    let (per_span, keys) = candidates_by_key(gaz, text, spans);
    let w = model::weights();
    let focus = &opts.focus[..];

    let mut chosen: Vec<Option<(usize, f64)>> = vec![None; spans.len()];
    // With --candidates: each span's (candidate, softmax share), best first.
    let mut ranked: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut buf = [0.0; MAX_CANDIDATES];
    for (i, sc) in per_span.iter().enumerate() {
        if sc.cands.is_empty() {
            continue;
        }
        let scores = &mut buf[..sc.cands.len()];
        for (s, c) in scores.iter_mut().zip(&sc.cands) {
            *s = w.cand_score(&c.features);
        }
        // The bias goes to the name's best candidate in each focus
        // country, not to all of them: every US Paris sharing the bonus
        // split the confidence among twenty towns, and the keep model then
        // dropped the name ("The mayors of Tyler and Paris met").
        for cc in focus {
            let best = sc
                .cands
                .iter()
                .zip(scores.iter())
                .enumerate()
                .filter(|(_, (c, _))| c.place.country == Some(*cc))
                .max_by(|a, b| a.1 .1.total_cmp(b.1 .1).then(b.0.cmp(&a.0)))
                .map(|(k, _)| k);
            if let Some(k) = best {
                scores[k] += FOCUS_BONUS;
            }
        }
        let (best, &best_score) = scores
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
            .expect("non-empty");
        let z: f64 = scores.iter().map(|s| (s - best_score).exp()).sum();
        // The confidence is the share of the candidates at the chosen
        // place: Mosul the city and Mosul the district are one answer.
        // Latitudes further apart than SAME_PLACE_KM are told without a
        // distance (most of a common name's candidates).
        let at = &sc.cands[best].place;
        let here: f64 = scores
            .iter()
            .zip(&sc.cands)
            .filter(|(_, c)| {
                (c.place.lat - at.lat).abs() <= SAME_PLACE_DEG
                    && approx_km(at.lat, at.lon, c.place.lat, c.place.lon) <= SAME_PLACE_KM
            })
            .map(|(s, _)| (s - best_score).exp())
            .sum();
        chosen[i] = Some((best, here / z));
        // A name from a user's gazetteer file means the user's place.
        if let Some(u) = gaz.user_choice(&spans[i].key) {
            if let Some(k) = sc.cands.iter().position(|c| c.place.index == u) {
                chosen[i] = Some((k, USER_CONFIDENCE));
            }
        }
        if opts.candidates > 0 {
            ranked.resize(spans.len(), Vec::new());
            let mut order: Vec<(usize, f64)> = scores
                .iter()
                .enumerate()
                .map(|(k, s)| (k, (s - best_score).exp() / z))
                .collect();
            order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked[i] = order;
        }
    }

    // One sense per article: a name repeated without a qualifier takes the
    // sense of its most confident mention.
    let mut by_key: Vec<Option<(usize, usize, f64)>> = vec![None; keys.distinct.len()];
    for i in 0..spans.len() {
        if is_qualified_name(&per_span, i) {
            continue; // "Paris, Texas" says nothing about a bare "Paris".
        }
        if let Some((c, conf)) = chosen[i] {
            let e = by_key[keys.of_span[i]].get_or_insert((i, c, conf));
            if conf > e.2 {
                *e = (i, c, conf);
            }
        }
    }

    let mut out = Vec::with_capacity(spans.len());
    let mut chars = CharCounter::new(text);
    let mut countries = Vec::new();
    for (i, s) in spans.iter().enumerate() {
        let Some((mut c, mut conf)) = chosen[i] else {
            continue;
        };
        if !is_qualified_name(&per_span, i) {
            if let Some((j, cj, confj)) = by_key[keys.of_span[i]] {
                if j != i {
                    let target = per_span[j].cands[cj].place.index;
                    if let Some(k) = per_span[i]
                        .cands
                        .iter()
                        .position(|p| p.place.index == target)
                    {
                        c = k;
                        conf = confj;
                    }
                }
            }
        }
        let cand = &per_span[i].cands[c];
        let users = gaz.user_choice(&s.key) == Some(cand.place.index);
        if !s.demonym && !users {
            let mf = model::mention_features(s, &per_span[i], &cand.features, conf);
            if !model::is_safe(&mf) && w.keep_probability(&mf) < w.keep_threshold {
                continue;
            }
        }
        let p = &cand.place;
        let candidates = ranked.get(i).map(|order| {
            // The best N, and the chosen place even when one sense per
            // article took it from further down the name's own order.
            order
                .iter()
                .enumerate()
                .filter(|&(rank, &(k, _))| rank < opts.candidates || k == c)
                .map(|(_, &(k, share))| {
                    let q = &per_span[i].cands[k].place;
                    RankedCandidate {
                        geonameid: q.geonameid,
                        name: gaz.name_of(q).to_owned(),
                        kind: q.kind,
                        country_code: q.country_code().map(str::to_owned),
                        score: (share * 1000.0).round() / 1000.0,
                        distance_km: (approx_km(p.lat, p.lon, q.lat, q.lon) * 10.0).round() / 10.0,
                        chosen: k == c,
                    }
                })
                .collect::<Vec<RankedCandidate>>()
        });
        out.push(ResolvedMention {
            start: chars.at(s.start),
            end: chars.at(s.end),
            text: text[s.start..s.end].to_owned(),
            name: gaz.name_of(p).to_owned(),
            geonameid: p.geonameid,
            place_id: gaz.user_id(p.index).map(str::to_owned),
            bbox: gaz.user_bbox(p.index),
            kind: if s.demonym { Kind::Demonym } else { p.kind },
            feature_class: feature_part(s.demonym, p.feature_code, 0),
            feature_code: feature_part(s.demonym, p.feature_code, 1),
            country_code: p.country_code().map(str::to_owned),
            lat: Some(round6(p.lat)),
            lon: Some(round6(p.lon)),
            confidence: (conf * 1000.0).round() / 1000.0,
            population: p.population,
            hierarchy: Hierarchy::of(gaz, p, &mut countries),
            candidates,
        });
    }
    out
}

/// The features of every span and candidate in an article, as one JSON
/// object: what `scripts/train.py` learns the weights from (`eventmap
/// features`). Demonym spans are left out; they are never dropped.
pub fn feature_dump(gaz: &Gazetteer, id: &str, text: &str) -> serde_json::Value {
    // Read as `process` reads it: lines in one case recased (same offsets).
    let recased = crate::recognize::recase(gaz, text);
    let text = recased.as_deref().unwrap_or(text);
    let spans = crate::recognize::recognize(gaz, text);
    let per_span = candidates(gaz, text, &spans);
    let mut chars = CharCounter::new(text);
    let mut rows = Vec::new();
    for (s, sc) in spans.iter().zip(&per_span) {
        let (start, end) = (chars.at(s.start), chars.at(s.end));
        if s.demonym || sc.cands.is_empty() {
            continue;
        }
        let zero = [0.0; model::N_CAND];
        let cands: Vec<serde_json::Value> = sc
            .cands
            .iter()
            .map(|c| {
                serde_json::json!({
                    "geonameid": c.place.geonameid,
                    "lat": c.place.lat,
                    "lon": c.place.lon,
                    "f": c.features,
                })
            })
            .collect();
        rows.push(serde_json::json!({
            "start": start,
            "end": end,
            "key": s.key,
            "qualified": sc.qualified,
            "mention": model::mention_features(s, sc, &zero, 0.0),
            "cands": cands,
        }));
    }
    serde_json::json!({ "id": id, "spans": rows })
}

/// True when span `i` is followed by its qualifier ("Paris" in "Paris,
/// Texas"): its candidates carry the qualifier feature.
fn is_qualified_name(per_span: &[SpanCandidates], i: usize) -> bool {
    per_span[i]
        .cands
        .iter()
        .any(|c| c.features[model::QUALIFIER] > 0.0)
}

/// True when `outer` (a country or first-level area) contains `inner`.
fn contains(outer: &Record, inner: &Record) -> bool {
    match outer.kind {
        Kind::Country => inner.kind != Kind::Country && inner.country == outer.country,
        Kind::Admin1 => inner.admin1 == Some(outer.index),
        _ => false,
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Candidates this close (km) to the chosen one are the same answer for
/// its confidence (a city and the district named after it).
pub const SAME_PLACE_KM: f64 = 50.0;
/// Degrees of latitude a little over [`SAME_PLACE_KM`] (111.2 km a degree).
const SAME_PLACE_DEG: f64 = 0.46;

/// Great-circle distance, km (haversine).
pub fn approx_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    use geo::{Distance, Haversine, Point};
    Haversine.distance(Point::new(lon1, lat1), Point::new(lon2, lat2)) / 1000.0
}

/// Converts increasing byte offsets to character offsets in one pass.
pub(crate) struct CharCounter<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharCounter<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        CharCounter {
            text,
            byte: 0,
            chars: 0,
        }
    }
    pub(crate) fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// Part `i` (0 = class, 1 = code) of a "class.code" GeoNames feature code;
/// empty for a demonym, which names no place of its own.
fn feature_part(demonym: bool, code: &str, i: usize) -> String {
    if demonym {
        return String::new();
    }
    code.split('.').nth(i).unwrap_or("").to_owned()
}

#[cfg(test)]
mod tests {
    use super::{near_km, nearest_km};
    use crate::{process, Article, Gazetteer};
    use std::cell::Cell;

    thread_local! {
        /// (candidate, other name) pairs whose closeness was measured.
        pub(super) static NEAR_PAIRS: Cell<u64> = const { Cell::new(0) };
    }

    /// An article of `n` distinct town names from the gazetteer, one
    /// sentence each.
    fn distinct_towns(n: usize) -> String {
        let gaz = Gazetteer::bundled();
        let mut seen = std::collections::HashSet::new();
        let mut text = String::new();
        for p in gaz.places() {
            if seen.len() == n {
                break;
            }
            let plain = p.name.bytes().all(|b| b.is_ascii_alphabetic());
            if p.kind == crate::Kind::City && p.population > 50_000 && plain && seen.insert(p.name)
            {
                text.push_str(&format!("Rain fell in {}. ", p.name));
            }
        }
        assert_eq!(seen.len(), n);
        text
    }

    /// The closeness features of an article of many distinct names cost
    /// the same per name whatever their number ("an article of distinct
    /// place names: 0.25 MB took 3.3 s, 1 MB 51 s").
    #[test]
    fn dense_place_names_cost_is_linear() {
        let gaz = Gazetteer::bundled();
        let pairs = |n: usize| {
            let text = distinct_towns(n);
            NEAR_PAIRS.with(|c| c.set(0));
            let r = process(gaz, &Article::new("t", text));
            assert!(r.mentions.len() > n / 2, "{} mentions", r.mentions.len());
            NEAR_PAIRS.with(Cell::get)
        };
        let (a, b) = (pairs(800), pairs(1600));
        assert!(
            b as f64 <= 2.2 * a as f64,
            "{a} pairs for 800 names, {b} for 1600"
        );
    }

    #[test]
    fn nearest_km_is_the_least_near_km() {
        let pts = [
            (48.85, 2.35),
            (33.66, -95.55),
            (48.86, 2.34),
            (-33.87, 151.21),
            (45.76, 4.84),
            (0.0, 179.9),
            (0.0, -179.9),
            (48.85, 2.35),
        ];
        for &(lat, lon) in &pts {
            for n in 0..=pts.len() {
                for start in 0..pts.len() {
                    let mut some: Vec<_> =
                        pts.iter().cycle().skip(start).take(n).copied().collect();
                    for _ in 0..2 {
                        let want = some
                            .iter()
                            .map(|&(a, b)| near_km(a, b, lat, lon))
                            .fold(f64::INFINITY, f64::min);
                        let got = nearest_km(&some, lat, lon);
                        assert_eq!(got.to_bits(), want.to_bits(), "{some:?} {lat} {lon}");
                        some.reverse();
                    }
                }
            }
        }
    }

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

    /// (text, name, the GeoNames id it must resolve to).
    fn check_ids(rule: &str, cases: &[(&str, &str, u32)]) {
        for (text, name, id) in cases {
            let r = process(Gazetteer::bundled(), &Article::new("t", *text));
            let got = r
                .mentions
                .iter()
                .find(|m| m.text == *name)
                .map(|m| m.geonameid);
            assert_eq!(got, Some(Some(*id)), "rule {rule}: {name} in {text:?}");
        }
    }

    #[test]
    fn rule_a_city_comes_before_the_area_named_like_it() {
        check_ids(
            "shadowed area",
            &[
                ("Kabul fell quickly.", "Kabul", 1138958),
                ("Troops left Mosul.", "Mosul", 99072),
            ],
        );
    }

    #[test]
    fn rule_capitals_speak_for_governments() {
        check_ids(
            "metonymy",
            &[
                ("Washington warned Moscow on Friday.", "Washington", 4140963),
                ("Washington warned Moscow on Friday.", "Moscow", 524901),
                ("Jordan said it would reopen the border.", "Jordan", 248816),
            ],
        );
    }

    #[test]
    fn rule_qualifiers_work_both_ways() {
        check_ids(
            "City, State",
            &[
                ("Students in Athens, Georgia, went back.", "Athens", 4180386),
                (
                    "Students in Athens, Georgia, went back.",
                    "Georgia",
                    4197000,
                ),
                (
                    "Georgia and Armenia signed a deal in Tbilisi.",
                    "Georgia",
                    614540,
                ),
                ("Heavy rain fell on Paris, Texas.", "Paris", 4717560),
            ],
        );
    }

    #[test]
    fn rule_places_named_together_lie_together() {
        check_ids(
            "coherence: counties and neighbours named in the article",
            &[
                (
                    "The Paris council met with Edgar County officials.",
                    "Paris",
                    4246659,
                ),
                (
                    "Gainesville police and Hall County deputies searched the lake.",
                    "Gainesville",
                    4196586,
                ),
                (
                    "Columbus and Dublin schools closed in Franklin County.",
                    "Dublin",
                    5152333,
                ),
                ("Protesters marched in Paris and Lyon.", "Paris", 2988507),
            ],
        );
    }

    #[test]
    fn rule_the_keep_model_drops_doubtful_mentions() {
        let kept = |text: &str| -> Vec<String> {
            process(Gazetteer::bundled(), &Article::new("t", text))
                .mentions
                .into_iter()
                .map(|m| m.text)
                .collect()
        };
        // A confident major place is kept even alone.
        assert_eq!(kept("She was born in Lyon."), ["Lyon"]);
        assert_eq!(kept("Sydney recorded its hottest day."), ["Sydney"]);
        // A lone village with nothing in the article to support it is not.
        assert_eq!(kept("He lives in Harwinton."), Vec::<String>::new());
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
