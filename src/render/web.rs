//! The web map: one self-contained HTML file (`eventmap map -o map.html`)
//! that works offline. It embeds the basemap (Natural Earth 1:50m land,
//! lakes and borders, as compact delta-coded rings), the places and events
//! as JSON, and Leaflet (vendored at a pinned version by
//! `assets/fetch_leaflet.sh`, BSD-2-Clause), with a script of ours
//! (`assets/web/map.js`) that draws them: pan and zoom, popups (name,
//! kind, mentions, articles, the sentences), a layer switch for places and
//! events, an event-type filter and, when events have dates, a time
//! slider.
//!
//! Safe to open: the data goes in a `<script type="application/json">`
//! with `<`, `>` and `&` escaped as `\u003c`…, so no text of an article can
//! end the script or start markup; the page builds popups with
//! `textContent`, never `innerHTML`; the title is HTML-escaped.

use crate::events::EventType;
use crate::export::{AtomicFile, EventSummary, PlaceSummary};
use crate::{ArticleResult, Error, Result};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;

use super::basemap::{Basemap, Polygon, Ring};

static LEAFLET_JS: &str = include_str!("../../assets/leaflet/leaflet.js");
static LEAFLET_CSS: &str = include_str!("../../assets/leaflet/leaflet.css");
static MAP_JS: &str = include_str!("../../assets/web/map.js");
static MAP_CSS: &str = include_str!("../../assets/web/map.css");

/// Attribution shown on the page.
const ATTRIBUTION: &str = "Places: GeoNames (CC BY 4.0) · Basemap: Natural Earth (public domain) \
· Map: Leaflet (BSD-2-Clause) · eventmap";

/// Most sentences kept per place, and their longest length in characters.
pub const SENTENCES_PER_PLACE: usize = 3;
const SENTENCE_MAX_CHARS: usize = 300;

/// Sentences in which each place is named, keyed by [`place_key`].
pub type PlaceSentences = HashMap<String, Vec<String>>;

/// What identifies a place across articles: its GeoNames id, a user's id,
/// or its name.
pub fn place_key(geonameid: Option<u32>, place_id: Option<&str>, name: &str) -> String {
    match (geonameid, place_id) {
        (Some(g), _) => format!("g{g}"),
        (None, Some(u)) => format!("u{u}"),
        (None, None) => format!("n{name}"),
    }
}

/// Adds the sentences of `text` that name each of `result`'s places (the
/// first [`SENTENCES_PER_PLACE`] a place gets over all articles).
pub fn collect_sentences(text: &str, result: &ArticleResult, into: &mut PlaceSentences) {
    if result.mentions.is_empty() {
        return;
    }
    // Character offsets to byte offsets, in one walk of the text (the
    // mentions are in text order).
    let mut offsets = crate::text::ByteOffsets::new(text);
    for m in &result.mentions {
        let key = place_key(m.geonameid, m.place_id.as_deref(), &m.name);
        let (Some(s), Some(e)) = (offsets.byte_of(m.start), offsets.byte_of(m.end)) else {
            continue;
        };
        let list = into.entry(key).or_default();
        if list.len() >= SENTENCES_PER_PLACE {
            continue;
        }
        let sentence = sentence_around(text, s, e);
        if !sentence.is_empty() && !list.contains(&sentence) {
            list.push(sentence);
        }
    }
}

/// The sentence holding bytes `s..e` of `text`: from after the last
/// sentence end (". ", "! ", "? " or a line break) before it to the next
/// one after it, white space collapsed, cut to [`SENTENCE_MAX_CHARS`]
/// around the name.
fn sentence_around(text: &str, s: usize, e: usize) -> String {
    let before = &text[..s];
    let start = before
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            c == '\n'
                || (c == ' '
                    && before[..i].ends_with(['.', '!', '?'])
                    && !before[..i].ends_with("Mr.")
                    && !before[..i].ends_with("Dr."))
        })
        .map_or(0, |(i, _)| i + 1);
    let after = &text[e..];
    let end = after
        .char_indices()
        .find(|&(i, c)| {
            c == '\n' || (matches!(c, '.' | '!' | '?') && after[i + 1..].starts_with([' ', '\n']))
        })
        .map_or(text.len(), |(i, c)| e + i + c.len_utf8());
    let mut out: String = text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if out.chars().count() > SENTENCE_MAX_CHARS {
        out = out.chars().take(SENTENCE_MAX_CHARS - 1).collect::<String>() + "…";
    }
    out
}

/// Rings as flat arrays of integers in hundredths of a degree: the first
/// point (lon, lat) absolute, each later one as the change from the point
/// before; repeated points (after rounding) are left out.
fn ring_codes(points: &[[f32; 2]], min_points: usize) -> Option<Vec<i32>> {
    let mut out = Vec::with_capacity(points.len() * 2);
    let (mut px, mut py) = (0i32, 0i32);
    let mut n = 0;
    for p in points {
        let (x, y) = (
            (f64::from(p[0]) * 100.0).round() as i32,
            (f64::from(p[1]) * 100.0).round() as i32,
        );
        if n > 0 && x == px && y == py {
            continue;
        }
        out.push(x - px);
        out.push(y - py);
        (px, py) = (x, y);
        n += 1;
    }
    (n >= min_points).then_some(out)
}

fn polygons(ps: &[Polygon]) -> Value {
    Value::Array(
        ps.iter()
            .filter_map(|p| {
                let rings: Vec<Vec<i32>> = p
                    .rings
                    .iter()
                    .map_while(|r: &Ring| ring_codes(&r.points, 4))
                    .collect();
                (!rings.is_empty()).then(|| json!(rings))
            })
            .collect(),
    )
}

/// What a web map shows besides its data.
#[derive(Clone, Debug, Default)]
pub struct WebMapOptions {
    /// The page's title and heading.
    pub title: String,
    /// A second line under the heading.
    pub subtitle: Option<String>,
}

/// The web map of `places` and `events` as one HTML page.
pub fn web_map_html(
    places: &[PlaceSummary],
    events: &[EventSummary],
    sentences: &PlaceSentences,
    opts: &WebMapOptions,
) -> Result<String> {
    let basemap = Basemap::bundled().map_err(|reason| Error::Render { reason })?;
    let layer = &basemap.detailed;
    let place_rows: Vec<Value> = places
        .iter()
        .filter(|p| p.lat.is_finite() && p.lon.is_finite())
        .map(|p| {
            let key = place_key(p.geonameid, p.place_id.as_deref(), &p.name);
            json!({
                "name": p.name,
                "label": p.label(),
                "kind": p.kind.as_str(),
                "feature_code": format!("{}.{}", p.feature_class, p.feature_code),
                "country": p.hierarchy.country,
                "admin1": p.hierarchy.admin1,
                "lat": round5(p.lat),
                "lon": round5(p.lon),
                "mentions": p.mentions,
                "article_count": p.article_count,
                "articles": p.articles,
                "id": p.geonameid.map(|g| g.to_string()).or_else(|| p.place_id.clone()),
                "sentences": sentences.get(&key).cloned().unwrap_or_default(),
            })
        })
        .collect();
    let event_rows: Vec<Value> = events
        .iter()
        .filter_map(|s| {
            let e = &s.event;
            let (lat, lon) = (e.lat?, e.lon?);
            (lat.is_finite() && lon.is_finite()).then(|| {
                json!({
                    "type": e.kind.as_str(),
                    "acled": e.acled_sub_event_type,
                    "date": e.date,
                    "end_date": e.end_date,
                    "place": e.place,
                    "lat": round5(lat),
                    "lon": round5(lon),
                    "fatalities": e.fatalities,
                    "injured": e.injured,
                    "approximate": e.approximate,
                    "sources": s.sources,
                    "articles": s.articles,
                    "trigger": e.trigger,
                    "sentence": e.sentence,
                })
            })
        })
        .collect();
    let types: Vec<Value> = EventType::ALL
        .iter()
        .filter(|t| event_rows.iter().any(|e| e["type"] == t.as_str()))
        .map(|t| {
            let c = super::event_style(*t).colour;
            json!({"type": t.as_str(), "label": t.label(),
                   "colour": format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)})
        })
        .collect();
    let data = json!({
        "title": opts.title,
        "subtitle": opts.subtitle,
        "attribution": ATTRIBUTION,
        "land": polygons(&layer.land),
        "lakes": polygons(&layer.lakes),
        "borders": layer.borders.iter().filter_map(|r| ring_codes(&r.points, 2)).collect::<Vec<_>>(),
        "places": place_rows,
        "events": event_rows,
        "types": types,
    });
    let data = script_safe_json(&data.to_string());
    let mut html = String::with_capacity(data.len() + LEAFLET_JS.len() + 64 * 1024);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
    );
    html.push_str(&html_escape(&opts.title));
    html.push_str("</title>\n<style>\n");
    html.push_str(&offline_css(LEAFLET_CSS));
    html.push_str("</style>\n<style>\n");
    html.push_str(MAP_CSS);
    html.push_str("</style>\n</head>\n<body>\n<div id=\"map\"></div>\n");
    html.push_str("<script id=\"eventmap-data\" type=\"application/json\">");
    html.push_str(&data);
    html.push_str("</script>\n<script>\n");
    html.push_str(&script_safe(LEAFLET_JS));
    html.push_str("\n</script>\n<script>\n");
    html.push_str(&script_safe(MAP_JS));
    html.push_str("\n</script>\n</body>\n</html>\n");
    Ok(html)
}

/// Writes [`web_map_html`] to `path` atomically (temporary file, rename).
pub fn write_web_map(
    path: &Path,
    places: &[PlaceSummary],
    events: &[EventSummary],
    sentences: &PlaceSentences,
    opts: &WebMapOptions,
) -> Result<()> {
    let html = web_map_html(places, events, sentences, opts)?;
    let mut out = AtomicFile::create(path)?;
    out.write_all(html.as_bytes()).map_err(|e| Error::Output {
        path: path.to_path_buf(),
        reason: format!("write failed: {e}"),
    })?;
    out.commit()
}

fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

/// JSON text that cannot end a `<script>` element or open markup in one:
/// `<`, `>` and `&` (which in JSON text stand only inside strings) as
/// `\u` escapes; also U+2028 and U+2029.
fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A script's text with any `</script` written `<\/script` (the same
/// string to JavaScript, no end tag to HTML).
fn script_safe(js: &str) -> String {
    js.replace("</script", "<\\/script")
        .replace("</SCRIPT", "<\\/SCRIPT")
}

/// Leaflet's stylesheet without its references to image files, which an
/// offline page does not have (the page uses none of those images: no
/// marker icons, and the layer switch is always open).
fn offline_css(css: &str) -> String {
    css.lines()
        .filter(|l| !l.contains("url(images/"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with `&`, `<`, `>`, `"` and `'` as character references.
pub(crate) fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_cut_at_sentence_ends() {
        let text = "Rain fell in Lahore. Floods hit Sukkur on Monday! Dr. Khan said more would come.\nNext.";
        let s = text.find("Sukkur").unwrap();
        assert_eq!(
            sentence_around(text, s, s + 6),
            "Floods hit Sukkur on Monday!"
        );
        let k = text.find("Khan").unwrap();
        assert_eq!(
            sentence_around(text, k, k + 4),
            "Dr. Khan said more would come."
        );
        assert_eq!(sentence_around("Kabul", 0, 5), "Kabul");
    }

    #[test]
    fn embedded_json_cannot_end_the_script() {
        let v = json!({"name": "</script><script>alert(1)</script>", "t": "a & b \u{2028}"});
        let s = script_safe_json(&v.to_string());
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
        assert_eq!(
            html_escape("<b>\"x\" & 'y'"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn rings_are_delta_coded_in_hundredths() {
        let pts = [[10.0, 20.0], [10.001, 20.001], [10.5, 20.25], [11.0, 21.0]];
        // The second point rounds to the first and is left out.
        assert_eq!(ring_codes(&pts, 2), Some(vec![1000, 2000, 50, 25, 50, 75]));
        assert_eq!(ring_codes(&pts, 4), None);
    }
}
