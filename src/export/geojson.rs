//! GeoJSON FeatureCollections (RFC 7946) and GeoJSON text sequences
//! (RFC 8142): one Point feature per [`PlaceSummary`] (`"kind": "place"`)
//! and one per located [`Event`] (`"kind": "event"`).

use super::{aggregate, EventSummary, PlaceSummary};
use crate::ArticleResult;
use ::geojson::{Feature, FeatureCollection, Geometry, JsonObject, Value};
use serde_json::json;
use std::io::Write;

/// Decimal places kept in coordinates: 6 is about 0.1 m, well below what
/// a gazetteer point means, and keeps files small (RFC 7946 §11.2).
pub const COORD_DECIMALS: i32 = 6;

/// Rounds a coordinate to [`COORD_DECIMALS`] places.
///
/// ```
/// assert_eq!(eventmap::export::round_coord(69.172_334_9), 69.172335);
/// ```
pub fn round_coord(x: f64) -> f64 {
    let scale = 10f64.powi(COORD_DECIMALS);
    let r = (x * scale).round() / scale;
    if r == 0.0 {
        0.0 // no "-0.0" in output
    } else {
        r
    }
}

/// One Point feature. Coordinates are `[lon, lat]` (RFC 7946 §3.1.1),
/// rounded; the GeoNames id, when there is one, is also the feature `id`.
fn feature(p: &PlaceSummary) -> Feature {
    let position = vec![round_coord(p.lon), round_coord(p.lat)];
    let mut props = JsonObject::new();
    props.insert("kind".into(), json!("place"));
    props.insert("name".into(), json!(p.name));
    props.insert("geonameid".into(), json!(p.geonameid));
    if let Some(id) = &p.place_id {
        props.insert("place_id".into(), json!(id));
    }
    props.insert("place_kind".into(), json!(p.kind));
    props.insert("country_code".into(), json!(p.country_code));
    props.insert("population".into(), json!(p.population));
    props.insert("feature_class".into(), json!(p.feature_class));
    props.insert("feature_code".into(), json!(p.feature_code));
    let h = &p.hierarchy;
    props.insert("country".into(), json!(h.country));
    props.insert("admin1".into(), json!(h.admin1));
    props.insert("admin1_id".into(), json!(h.admin1_id));
    props.insert("admin2".into(), json!(h.admin2));
    props.insert("admin2_id".into(), json!(h.admin2_id));
    props.insert("mentions".into(), json!(p.mentions));
    props.insert("articles".into(), json!(p.articles));
    props.insert("article_count".into(), json!(p.article_count));
    props.insert("surface_forms".into(), json!(p.surface_forms));
    props.insert(
        "confidence".into(),
        json!((p.confidence * 1000.0).round() / 1000.0),
    );
    Feature {
        bbox: None,
        geometry: Some(Geometry::new(Value::Point(position))),
        id: p
            .geonameid
            .map(|id| ::geojson::feature::Id::Number(serde_json::Number::from(id)))
            .or_else(|| p.place_id.clone().map(::geojson::feature::Id::String)),
        properties: Some(props),
        foreign_members: None,
    }
}

/// Which features a collection holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layer {
    /// Places only.
    Places,
    /// Events only.
    Events,
    /// Both.
    #[default]
    All,
}

impl Layer {
    fn places(self) -> bool {
        self != Layer::Events
    }
    fn events(self) -> bool {
        self != Layer::Places
    }
}

/// The `id` of an article's `n`th event (0-based, counting events with
/// and without a place): `<article id>#e<n + 1>`, unique in any collection
/// of distinct articles and the same from run to run.
pub fn event_id(article_id: &str, n: usize) -> String {
    format!("{article_id}#e{}", n + 1)
}

/// One Point feature for a happening with a place; `None` for one without
/// (it has no geometry to map). Every event feature has the same
/// properties, `null` where unknown, so that GDAL and geopandas type each
/// column once.
fn event_feature(s: &EventSummary, id: String) -> Option<Feature> {
    let e = &s.event;
    let (lat, lon) = (e.lat?, e.lon?);
    let mut props = JsonObject::new();
    props.insert("kind".into(), json!("event"));
    props.insert("event_type".into(), json!(e.kind));
    props.insert("subtype".into(), json!(e.subtype));
    props.insert("acled_event_type".into(), json!(e.acled_event_type));
    props.insert("acled_sub_event_type".into(), json!(e.acled_sub_event_type));
    props.insert("trigger".into(), json!(e.trigger));
    props.insert("date".into(), json!(e.date));
    props.insert("end_date".into(), json!(e.end_date));
    props.insert("date_text".into(), json!(e.date_text));
    props.insert("date_source".into(), json!(e.date_source));
    props.insert("place".into(), json!(e.place));
    props.insert("place_source".into(), json!(e.place_source));
    props.insert("geonameid".into(), json!(e.geonameid));
    props.insert("fatalities".into(), json!(e.fatalities));
    props.insert("injured".into(), json!(e.injured));
    props.insert("approximate".into(), json!(e.approximate));
    props.insert("actor".into(), json!(e.actor));
    props.insert("article_id".into(), json!(s.article_id));
    props.insert("articles".into(), json!(s.articles));
    props.insert("sources".into(), json!(s.sources));
    props.insert("mentions".into(), json!(e.mentions));
    props.insert("sentence".into(), json!(e.sentence));
    props.insert("confidence".into(), json!(e.confidence));
    Some(Feature {
        bbox: None,
        geometry: Some(Geometry::new(Value::Point(vec![
            round_coord(lon),
            round_coord(lat),
        ]))),
        id: Some(::geojson::feature::Id::String(id)),
        properties: Some(props),
        foreign_members: None,
    })
}

/// `[min lon, min lat, max lon, max lat]` of the features' points
/// (RFC 7946 §5), or `None` when there are none.
///
/// Points only: this is what the writers produce. It does not try to wrap
/// around the antimeridian, so a set spanning Fiji and Samoa gets a wide box.
pub fn bbox(features: &[Feature]) -> Option<Vec<f64>> {
    let mut b: Option<[f64; 4]> = None;
    for f in features {
        let Some(Value::Point(pos)) = f.geometry.as_ref().map(|g| &g.value) else {
            continue;
        };
        let (lon, lat) = (pos[0], pos[1]);
        b = Some(match b {
            None => [lon, lat, lon, lat],
            Some([a, c, d, e]) => [a.min(lon), c.min(lat), d.max(lon), e.max(lat)],
        });
    }
    b.map(|b| b.to_vec())
}

/// A FeatureCollection of places, with its `bbox`.
pub fn feature_collection(places: &[PlaceSummary]) -> FeatureCollection {
    layered_collection(places, &[], Layer::Places)
}

/// A FeatureCollection of the places over all `results` and of their
/// happenings (events merged across articles: [`super::aggregate_events`]),
/// as `layer` says, with its `bbox`.
pub fn results_collection(results: &[ArticleResult], layer: Layer) -> FeatureCollection {
    let places = if layer.places() {
        aggregate(results)
    } else {
        Vec::new()
    };
    let events = if layer.events() {
        super::aggregate_events(results)
            .into_iter()
            .map(|s| {
                let n = results
                    .iter()
                    .find(|r| r.id == s.article_id)
                    .and_then(|r| {
                        r.events
                            .iter()
                            .position(|e| e.start == s.event.start && e.kind == s.event.kind)
                    })
                    .unwrap_or(0);
                let id = event_id(&s.article_id, n);
                (s, id)
            })
            .collect()
    } else {
        Vec::new()
    };
    layered_collection(&places, &events, layer)
}

/// A FeatureCollection of places and happenings already aggregated (as a
/// batch run folds them, a chunk at a time), with its `bbox`. A
/// happening's `id` is `<first article's id>#c<start>`: the character
/// offset of its first mention, as the article's own ids are not at hand.
pub fn collection(places: &[PlaceSummary], events: &[EventSummary]) -> FeatureCollection {
    let events: Vec<(EventSummary, String)> = events
        .iter()
        .map(|s| (s.clone(), format!("{}#c{}", s.article_id, s.event.start)))
        .collect();
    layered_collection(places, &events, Layer::All)
}

/// The happenings of one article: its events that are first mentions,
/// each reported by that article alone, with its id.
fn article_events(result: &ArticleResult) -> Vec<(EventSummary, String)> {
    result
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.is_first_mention())
        .map(|(n, e)| {
            let s = EventSummary {
                event: e.clone(),
                article_id: result.id.clone(),
                articles: vec![result.id.clone()],
                sources: 1,
            };
            (s, event_id(&result.id, n))
        })
        .collect()
}

fn layered_collection(
    places: &[PlaceSummary],
    events: &[(EventSummary, String)],
    layer: Layer,
) -> FeatureCollection {
    let mut features: Vec<Feature> = if layer.places() {
        places.iter().map(feature).collect()
    } else {
        Vec::new()
    };
    if layer.events() {
        features.extend(
            events
                .iter()
                .filter_map(|(s, id)| event_feature(s, id.clone())),
        );
    }
    FeatureCollection {
        bbox: bbox(&features),
        features,
        foreign_members: None,
    }
}

/// The places of one article, as a FeatureCollection carrying the article's
/// `article_id`, `title` and `date` as foreign members (RFC 7946 §6.1).
pub fn article_feature_collection(result: &ArticleResult) -> FeatureCollection {
    article_collection(result, Layer::Places)
}

/// One article's places and located happenings, as `layer` says, carrying
/// the article's `article_id`, `title` and `date` as foreign members.
pub fn article_collection(result: &ArticleResult, layer: Layer) -> FeatureCollection {
    let one = std::slice::from_ref(result);
    let places = if layer.places() {
        aggregate(one)
    } else {
        Vec::new()
    };
    let events = if layer.events() {
        article_events(result)
    } else {
        Vec::new()
    };
    let mut fc = layered_collection(&places, &events, layer);
    let mut extra = JsonObject::new();
    extra.insert("article_id".into(), json!(result.id));
    if let Some(t) = &result.title {
        extra.insert("title".into(), json!(t));
    }
    if let Some(d) = &result.date {
        extra.insert("date".into(), json!(d));
    }
    extra.insert("focus".into(), json!(result.focus));
    fc.foreign_members = Some(extra);
    fc
}

/// Appends to `out` exactly the JSON of
/// `serde_json::to_writer(article_collection(result, layer))`, without
/// building the intermediate `geojson`/`serde_json::Value` tree: a batch
/// run writes one such file per article, and the tree's allocations cost
/// more than the writing. A test keeps the two byte-identical.
pub fn write_article_json(out: &mut Vec<u8>, result: &ArticleResult, layer: Layer) {
    fn put<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
        // Writing into a Vec cannot fail, and every value here serialises.
        let _ = serde_json::to_writer(&mut *out, v);
    }
    fn point(out: &mut Vec<u8>, lon: f64, lat: f64, b: &mut Option<[f64; 4]>) {
        let (lon, lat) = (round_coord(lon), round_coord(lat));
        out.extend_from_slice(br#"{"type":"Feature","geometry":{"type":"Point","coordinates":["#);
        put(out, &lon);
        out.push(b',');
        put(out, &lat);
        out.extend_from_slice(br#"]},"properties":{"#);
        *b = Some(match *b {
            None => [lon, lat, lon, lat],
            Some([w, s, e, n]) => [w.min(lon), s.min(lat), e.max(lon), n.max(lat)],
        });
    }
    fn key(out: &mut Vec<u8>, first: bool, k: &str) {
        if !first {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(b"\":");
    }

    let mut bbox: Option<[f64; 4]> = None;
    let mut first_feature = true;
    out.extend_from_slice(br#"{"type":"FeatureCollection","features":["#);
    let mut sep = |out: &mut Vec<u8>| {
        if !first_feature {
            out.push(b',');
        }
        first_feature = false;
    };
    if layer.places() {
        for p in super::article_places(result) {
            sep(out);
            point(out, p.lon, p.lat, &mut bbox);
            let h = p.hierarchy;
            key(out, true, "admin1");
            put(out, &h.admin1);
            key(out, false, "admin1_id");
            put(out, &h.admin1_id);
            key(out, false, "admin2");
            put(out, &h.admin2);
            key(out, false, "admin2_id");
            put(out, &h.admin2_id);
            key(out, false, "article_count");
            out.push(b'1');
            key(out, false, "articles");
            out.push(b'[');
            put(out, &result.id);
            out.push(b']');
            key(out, false, "confidence");
            put(out, &((p.confidence * 1000.0).round() / 1000.0));
            key(out, false, "country");
            put(out, &h.country);
            key(out, false, "country_code");
            put(out, &p.country_code);
            key(out, false, "feature_class");
            put(out, p.feature_class);
            key(out, false, "feature_code");
            put(out, p.feature_code);
            key(out, false, "geonameid");
            put(out, &p.geonameid);
            key(out, false, "kind");
            out.extend_from_slice(br#""place""#);
            key(out, false, "mentions");
            put(out, &p.mentions);
            key(out, false, "name");
            put(out, &p.name);
            if let Some(id) = p.place_id {
                key(out, false, "place_id");
                put(out, &id);
            }
            key(out, false, "place_kind");
            put(out, &p.kind);
            key(out, false, "population");
            put(out, &p.population);
            key(out, false, "surface_forms");
            put(out, &p.forms);
            out.push(b'}');
            if let Some(id) = p.geonameid {
                out.extend_from_slice(br#","id":"#);
                put(out, &id);
            } else if let Some(id) = p.place_id {
                out.extend_from_slice(br#","id":"#);
                put(out, &id);
            }
            out.push(b'}');
        }
    }
    if layer.events() {
        for (n, e) in result.events.iter().enumerate() {
            let (Some(lat), Some(lon)) = (e.lat, e.lon) else {
                continue;
            };
            if !e.is_first_mention() {
                continue;
            }
            sep(out);
            point(out, lon, lat, &mut bbox);
            key(out, true, "acled_event_type");
            put(out, &e.acled_event_type);
            key(out, false, "acled_sub_event_type");
            put(out, &e.acled_sub_event_type);
            key(out, false, "actor");
            put(out, &e.actor);
            key(out, false, "approximate");
            put(out, &e.approximate);
            key(out, false, "article_id");
            put(out, &result.id);
            key(out, false, "articles");
            out.push(b'[');
            put(out, &result.id);
            out.push(b']');
            key(out, false, "confidence");
            put(out, &e.confidence);
            key(out, false, "date");
            put(out, &e.date);
            key(out, false, "date_source");
            put(out, &e.date_source);
            key(out, false, "date_text");
            put(out, &e.date_text);
            key(out, false, "end_date");
            put(out, &e.end_date);
            key(out, false, "event_type");
            put(out, &e.kind);
            key(out, false, "fatalities");
            put(out, &e.fatalities);
            key(out, false, "geonameid");
            put(out, &e.geonameid);
            key(out, false, "injured");
            put(out, &e.injured);
            key(out, false, "kind");
            out.extend_from_slice(br#""event""#);
            key(out, false, "mentions");
            put(out, &e.mentions);
            key(out, false, "place");
            put(out, &e.place);
            key(out, false, "place_source");
            put(out, &e.place_source);
            key(out, false, "sentence");
            put(out, &e.sentence);
            key(out, false, "sources");
            out.push(b'1');
            key(out, false, "subtype");
            put(out, &e.subtype);
            key(out, false, "trigger");
            put(out, &e.trigger);
            out.extend_from_slice(br#"},"id":"#);
            put(out, &event_id(&result.id, n));
            out.push(b'}');
        }
    }
    out.push(b']');
    if let Some(b) = bbox {
        out.extend_from_slice(br#","bbox":"#);
        put(out, &b);
    }
    out.extend_from_slice(br#","article_id":"#);
    put(out, &result.id);
    if let Some(d) = &result.date {
        out.extend_from_slice(br#","date":"#);
        put(out, d);
    }
    out.extend_from_slice(br#","focus":"#);
    // As a `Value`, whose keys are sorted as in the tree the writer matches.
    put(out, &json!(result.focus));
    if let Some(t) = &result.title {
        out.extend_from_slice(br#","title":"#);
        put(out, t);
    }
    out.push(b'}');
}

/// Writes a GeoJSON text sequence (RFC 8142): per article, the record
/// separator 0x1E, one FeatureCollection, a newline; flushed after each so
/// a reader downstream sees articles as they are processed.
#[derive(Debug)]
pub struct GeoJsonSeqWriter<W: Write> {
    out: W,
    layer: Layer,
}

impl<W: Write> GeoJsonSeqWriter<W> {
    /// A writer of places onto `out`.
    pub fn new(out: W) -> Self {
        GeoJsonSeqWriter {
            out,
            layer: Layer::Places,
        }
    }

    /// A writer of the given layer onto `out`.
    pub fn with_layer(out: W, layer: Layer) -> Self {
        GeoJsonSeqWriter { out, layer }
    }

    /// Writes and flushes one article's record.
    pub fn write_article(&mut self, result: &ArticleResult) -> std::io::Result<()> {
        let mut record = Vec::with_capacity(1024);
        record.push(0x1e);
        write_article_json(&mut record, result, self.layer);
        record.push(b'\n');
        self.out.write_all(&record)?;
        self.out.flush()
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

#[cfg(test)]
mod fast_writer_tests {
    use super::*;
    use crate::{Article, Gazetteer};

    /// The direct writer and the geojson tree give the same bytes, for
    /// articles with places, events (located or not), titles, dates, none.
    #[test]
    fn direct_writer_matches_the_geojson_tree() {
        let gaz = Gazetteer::bundled();
        let sample = concat!(
            include_str!("../../examples/articles/sample.jsonl"),
            include_str!("../../tests/data/events.jsonl")
        );
        let mut articles: Vec<Article> = sample
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        articles.push(Article::new("x\"y/é", "Nothing happened anywhere."));
        articles.push(Article {
            title: Some("Floods".into()),
            date: Some("2024-05-06".into()),
            ..Article::new(
                "floods",
                "Floodwater killed 12 people in Porto Alegre on Monday. Troops were sent to Canoas. \
                 A protest in Kabul drew hundreds. An earthquake struck somewhere.",
            )
        });
        let mut with_events = 0;
        for a in &articles {
            let r = crate::process(gaz, a);
            with_events += usize::from(r.events.iter().any(|e| e.lat.is_some()));
            for layer in [Layer::All, Layer::Places, Layer::Events] {
                let want = serde_json::to_vec(&article_collection(&r, layer)).unwrap();
                let mut got = Vec::new();
                write_article_json(&mut got, &r, layer);
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(want).unwrap(),
                    "{} {layer:?}",
                    a.id
                );
            }
        }
        assert!(with_events >= 2, "the test covers located events");
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{mention, result};
    use super::*;
    use crate::gazetteer::Kind;

    fn sample() -> Vec<PlaceSummary> {
        aggregate(&[result(
            "a",
            vec![
                mention(
                    "Kabul",
                    "Kabul",
                    Some(1138958),
                    Kind::City,
                    34.528_134_9,
                    69.172_334_9,
                ),
                mention(
                    "Moscow",
                    "Moscow",
                    Some(524901),
                    Kind::City,
                    55.75222,
                    37.61556,
                ),
                mention(
                    "Lagos",
                    "Lagos",
                    Some(2332459),
                    Kind::City,
                    6.45407,
                    3.39467,
                ),
                mention(
                    "São Paulo",
                    "São Paulo",
                    Some(3448439),
                    Kind::City,
                    -23.5475,
                    -46.63611,
                ),
                mention(
                    "Central Asia",
                    "Central Asia",
                    None,
                    Kind::Region,
                    45.0,
                    68.0,
                ),
            ],
        )])
    }

    fn point(f: &Feature) -> &Vec<f64> {
        match &f.geometry.as_ref().unwrap().value {
            Value::Point(p) => p,
            other => panic!("not a point: {other:?}"),
        }
    }

    #[test]
    fn bbox_contains_every_feature() {
        let fc = feature_collection(&sample());
        let b = fc.bbox.clone().unwrap();
        assert_eq!(b, vec![-46.63611, -23.5475, 69.172335, 55.75222]);
        for f in &fc.features {
            let p = point(f);
            assert!(
                b[0] <= p[0] && p[0] <= b[2] && b[1] <= p[1] && p[1] <= b[3],
                "{p:?} outside {b:?}"
            );
        }
    }

    #[test]
    fn coordinates_are_lon_lat_and_rounded() {
        let fc = feature_collection(&sample());
        let kabul = fc
            .features
            .iter()
            .find(|f| f.property("name") == Some(&json!("Kabul")))
            .unwrap();
        assert_eq!(point(kabul), &vec![69.172335, 34.528135]);
        let text = serde_json::to_string(&fc).unwrap();
        assert!(text.contains("[69.172335,34.528135]"), "{text}");
        for (x, want) in [
            (1.23456749, 1.234567),
            (-0.0000001, 0.0),
            (180.0, 180.0),
            (-12.3456785, -12.345679),
        ] {
            assert_eq!(round_coord(x), want, "{x}");
        }
    }

    #[test]
    fn properties_and_ids_follow_the_spec() {
        let fc = feature_collection(&sample());
        let v: serde_json::Value = serde_json::to_value(&fc).unwrap();
        assert_eq!(v["type"], "FeatureCollection");
        let f0 = &v["features"][0];
        assert_eq!(f0["type"], "Feature");
        assert_eq!(f0["geometry"]["type"], "Point");
        for key in [
            "name",
            "geonameid",
            "kind",
            "place_kind",
            "country_code",
            "population",
            "mentions",
            "articles",
            "surface_forms",
            "confidence",
        ] {
            assert!(f0["properties"].get(key).is_some(), "missing {key}");
        }
        let region = v["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["properties"]["name"] == "Central Asia")
            .unwrap();
        assert!(region["properties"]["geonameid"].is_null());
        assert!(region.get("id").is_none());
        assert_eq!(region["properties"]["kind"], "place");
        assert_eq!(region["properties"]["place_kind"], "region");
    }

    #[test]
    fn event_features_sit_beside_places_by_layer() {
        let text = "An explosion near the airport in Kabul on August 26 killed 12 people. \
                    Storms hit the coast.";
        let mut article = crate::Article::new("k", text);
        article.date = Some("2021-09-01".into());
        let r = crate::process(crate::Gazetteer::bundled(), &article);
        // Two happenings: the explosion (told by "explosion" and "killed")
        // and the storms, which have no place in their sentence and
        // inherit Kabul.
        let first: Vec<_> = r.events.iter().filter(|e| e.is_first_mention()).collect();
        assert_eq!(first.len(), 2, "{:?}", r.events);
        let kinds = |layer| -> Vec<String> {
            let v =
                serde_json::to_value(results_collection(std::slice::from_ref(&r), layer)).unwrap();
            v["features"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["properties"]["kind"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(kinds(Layer::Places), ["place"]);
        assert_eq!(kinds(Layer::Events), ["event", "event"]);
        assert_eq!(kinds(Layer::All), ["place", "event", "event"]);
        let v = serde_json::to_value(results_collection(std::slice::from_ref(&r), Layer::Events))
            .unwrap();
        let e = &v["features"][0]["properties"];
        assert_eq!(e["event_type"], "attack");
        assert_eq!(e["place"], "Kabul");
        assert_eq!(e["fatalities"], 12);
        assert_eq!(e["article_id"], "k");
    }

    #[test]
    fn empty_collection_has_no_bbox() {
        let fc = feature_collection(&[]);
        assert!(fc.bbox.is_none());
        assert_eq!(serde_json::to_value(&fc).unwrap()["features"], json!([]));
    }

    #[test]
    fn seq_records_start_with_rs_and_end_with_newline() {
        let mut w = GeoJsonSeqWriter::new(Vec::new());
        let r = result(
            "a",
            vec![mention(
                "Kabul",
                "Kabul",
                Some(1138958),
                Kind::City,
                34.5,
                69.2,
            )],
        );
        w.write_article(&r).unwrap();
        w.write_article(&result("b", vec![])).unwrap();
        let out = w.into_inner();
        let records: Vec<&[u8]> = out.split(|&b| b == 0x1e).skip(1).collect();
        assert_eq!(out[0], 0x1e);
        assert_eq!(records.len(), 2);
        for rec in &records {
            assert_eq!(rec.last(), Some(&b'\n'));
            let v: serde_json::Value = serde_json::from_slice(rec).unwrap();
            assert_eq!(v["type"], "FeatureCollection");
        }
        let first: serde_json::Value = serde_json::from_slice(records[0]).unwrap();
        assert_eq!(first["article_id"], "a");
        assert_eq!(
            first["features"][0]["geometry"]["coordinates"],
            json!([69.2, 34.5])
        );
    }
}
