//! Your own places: gazetteer files a user adds to the bundled one
//! (`--gazetteer FILE`): camp names, neighbourhoods, project sites, local
//! spellings.
//!
//! Two formats:
//! - a TSV with a header row naming its columns: `name`, `lat`, `lon`
//!   (required), `kind`, `country_code`, `aliases` (separated by `|`), and
//!   optionally `id` and `population`; other columns are ignored, and so
//!   are blank lines and lines starting with `#`;
//! - a GeoJSON FeatureCollection (or one Feature) of Points, Polygons or
//!   MultiPolygons with a `name` property and optional `aliases` (array),
//!   `kind`, `country_code`, `population` and `id` (or the feature's own
//!   `id`). A polygon's place gets a point inside it and its bounding box.
//!
//! [`Gazetteer::with_user_places`] lays the places over a gazetteer: it
//! copies the blob once (about 31 MB, a few milliseconds) and appends the
//! new places, names and index entries to the copy, so every later stage
//! reads one gazetteer as before. Rebuilding the index from scratch would
//! cost seconds; appending keeps a 10,000-row file's cold start in tens of
//! milliseconds (`benches/pipeline.rs`, `user_gazetteer_10k`).
//!
//! A user's place that names a place the gazetteer already has (one of its
//! names has a candidate of the same kind within [`SAME_PLACE_KM`], or inside
//! its polygon's box, or a place that near is spelled nearly the same) adds
//! its names to that place instead of a new one.
//! Every name a user gives prefers the user's place: the resolver takes it
//! whenever the name is read ([`Gazetteer::user_choice`]).

use super::format::*;
use super::{normalize_key, Gazetteer, Kind, PlaceIndex};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

/// FNV-1a as a `Hasher`, for the maps of keys built here: SipHash took a
/// seventh of the time of laying 10,000 places over the gazetteer, and
/// these keys come from the user's own file.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let start = if self.0 == 0 {
            super::FNV_OFFSET
        } else {
            self.0
        };
        self.0 = super::fnv1a64_from(start, bytes);
    }
}

/// A hash map keyed by FNV-1a ([`Fnv`]).
pub(crate) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// How close (km) a gazetteer place named like a user's point place must be
/// to be taken for the same place.
pub const SAME_PLACE_KM: f64 = 10.0;

/// Longest name or alias, in bytes (index keys store their length in a byte).
const NAME_MAX: usize = 200;

/// Most names of one place (its name and aliases).
const NAMES_MAX: usize = 64;

/// One place from a user's file.
#[derive(Clone, Debug, PartialEq)]
pub struct UserPlace {
    /// The preferred name, then the aliases.
    pub names: Vec<String>,
    /// Latitude of the place's point (for a polygon, a point inside it).
    pub lat: f64,
    /// Longitude of the place's point.
    pub lon: f64,
    /// The kind byte it is stored with ([`Kind::from_code`]).
    pub kind_code: u8,
    /// ISO 3166-1 alpha-2 code, upper case.
    pub country: Option<[u8; 2]>,
    /// Population; 0 when not given.
    pub population: u32,
    /// The id the file gives it (`id` column or property), if any.
    pub id: Option<String>,
    /// Bounding box of a polygon: [min lon, min lat, max lon, max lat].
    pub bbox: Option<[f64; 4]>,
    /// Where it was read: "file:line" (TSV) or "file: feature N" (GeoJSON).
    pub origin: String,
}

/// What a gazetteer with user places knows beyond its blob.
#[derive(Debug, Default)]
pub(crate) struct UserLayer {
    /// Index of the first place the user added (the base gazetteer's size).
    pub first: PlaceIndex,
    /// The ids of the added places, from `first` on.
    pub ids: Vec<String>,
    /// Their bounding boxes, for places read from polygons.
    pub bboxes: Vec<Option<[f64; 4]>>,
    /// For every key a user's file names: the place the user meant by it.
    pub choice: FnvMap<String, PlaceIndex>,
    /// Slots of the index that the user's keys filled, over all layers.
    pub claimed: usize,
}

/// The kind byte for a `kind` value: one of eventmap's kinds, a word for a
/// populated place (camp, village, neighbourhood…), a feature word (river,
/// airport…) or a GeoNames code in [`FEATURE_CODES`] ("H.STM"). Empty means
/// a populated place.
pub fn kind_code(kind: &str) -> Option<u8> {
    let k = kind.trim().to_ascii_lowercase();
    let feature = |code: &str| {
        FEATURE_CODES
            .iter()
            .position(|c| *c == code)
            .map(|i| FEATURE_KIND_BASE + i as u8)
    };
    Some(match k.as_str() {
        "continent" => 0,
        "region" => 1,
        "country" => 2,
        "admin1" | "state" | "province" => 3,
        "admin2" | "county" | "district" => 4,
        "" | "city" | "town" | "village" | "hamlet" | "camp" | "settlement" | "neighbourhood"
        | "neighborhood" | "suburb" | "quarter" | "locality" | "site" | "place" => 5,
        "feature" => return feature("L.RGN"),
        "ocean" => return feature("H.OCN"),
        "sea" => return feature("H.SEA"),
        "gulf" => return feature("H.GULF"),
        "bay" => return feature("H.BAY"),
        "strait" => return feature("H.STRT"),
        "canal" => return feature("H.CNL"),
        "lake" => return feature("H.LK"),
        "reservoir" | "dam" => return feature("H.RSV"),
        "river" | "stream" | "wadi" => return feature("H.STM"),
        "island" => return feature("T.ISL"),
        "islands" => return feature("T.ISLS"),
        "peninsula" => return feature("T.PEN"),
        "desert" => return feature("T.DSRT"),
        "mountains" | "range" => return feature("T.MTS"),
        "mountain" | "hill" => return feature("T.MT"),
        "valley" => return feature("T.VAL"),
        "plain" => return feature("T.PLN"),
        "canyon" => return feature("T.CNYN"),
        "airport" => return feature("S.AIRP"),
        "airbase" | "air base" | "base" => return feature("S.AIRB"),
        "heliport" => return feature("S.AIRH"),
        _ => return feature(&kind.trim().to_ascii_uppercase()),
    })
}

const KIND_HELP: &str = "use city (or camp, village, neighbourhood, site), admin1, admin2, \
country, region, a feature (river, lake, island, valley, mountain, airport, base) or a GeoNames \
code such as H.STM";

/// Reads a user's gazetteer file: GeoJSON when it is named `.geojson` or
/// `.json` or starts with `{`, a TSV otherwise.
pub fn read_file(path: &Path) -> Result<Vec<UserPlace>> {
    let name = path.display().to_string();
    let bad = |reason: String| Error::BadInput {
        input: name.clone(),
        line: None,
        reason,
    };
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        bad(format!(
            "not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let places = if ext == "geojson" || ext == "json" || text.trim_start().starts_with('{') {
        parse_geojson(text, &name)?
    } else {
        parse_tsv(text, &name)?
    };
    if places.is_empty() {
        return Err(bad("no places in the file".into()));
    }
    Ok(places)
}

/// Parses a TSV gazetteer (see the module's documentation).
pub fn parse_tsv(text: &str, source: &str) -> Result<Vec<UserPlace>> {
    let err = |line: usize, reason: String| Error::BadInput {
        input: source.to_owned(),
        line: Some(line),
        reason,
    };
    // Split by hand, not with the csv crate: a TSV without quoting is one
    // split per line, and its reader counts no blank lines, so the line
    // numbers of errors after one were wrong.
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let head: Vec<String> = lines
        .next()
        .map(|(_, l)| {
            l.split('\t')
                .map(|h| h.trim().to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let col = |name: &str| head.iter().position(|h| h == name);
    let (Some(c_name), Some(c_lat), Some(c_lon)) = (col("name"), col("lat"), col("lon")) else {
        return Err(err(
            1,
            "the header row must name the columns: name, lat, lon (and optionally kind, \
             country_code, aliases, id, population), separated by tabs"
                .into(),
        ));
    };
    let (c_kind, c_cc, c_alias, c_id, c_pop) = (
        col("kind"),
        col("country_code"),
        col("aliases"),
        col("id"),
        col("population"),
    );
    let mut out = Vec::new();
    for (line, row) in lines {
        if row.starts_with('#') {
            continue; // a comment
        }
        let rec: Vec<&str> = row.split('\t').collect();
        let field = |c: Option<usize>| c.and_then(|c| rec.get(c).copied()).unwrap_or("").trim();
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue; // a blank line
        }
        let mut names = vec![field(Some(c_name)).to_owned()];
        names.extend(
            field(c_alias)
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned),
        );
        let coord = |c: usize, what: &str| -> Result<f64> {
            field(Some(c))
                .parse::<f64>()
                .map_err(|_| err(line, format!("{what} {:?} is not a number", field(Some(c)))))
        };
        let id = Some(field(c_id))
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let place = build(
            names,
            coord(c_lat, "lat")?,
            coord(c_lon, "lon")?,
            field(c_kind),
            field(c_cc),
            field(c_pop),
            id,
            None,
            format!("{source}:{line}"),
        )
        .map_err(|reason| err(line, reason))?;
        out.push(place);
    }
    Ok(out)
}

/// Parses a GeoJSON gazetteer (see the module's documentation).
pub fn parse_geojson(text: &str, source: &str) -> Result<Vec<UserPlace>> {
    let err = |reason: String| Error::BadInput {
        input: source.to_owned(),
        line: None,
        reason,
    };
    let gj: geojson::GeoJson = text.parse().map_err(|e| err(format!("not GeoJSON: {e}")))?;
    let features = match gj {
        geojson::GeoJson::FeatureCollection(fc) => fc.features,
        geojson::GeoJson::Feature(f) => vec![f],
        geojson::GeoJson::Geometry(_) => {
            return Err(err(
                "a bare geometry has no name: give a Feature or a FeatureCollection".into(),
            ))
        }
    };
    let mut out = Vec::with_capacity(features.len());
    for (n, f) in features.iter().enumerate() {
        let n = n + 1;
        let ferr = |reason: String| err(format!("feature {n}: {reason}"));
        let prop = |k: &str| f.properties.as_ref().and_then(|p| p.get(k));
        let text_prop = |k: &str| -> Result<String> {
            match prop(k) {
                None | Some(serde_json::Value::Null) => Ok(String::new()),
                Some(serde_json::Value::String(s)) => Ok(s.clone()),
                Some(serde_json::Value::Number(x)) if k == "population" || k == "id" => {
                    Ok(x.to_string())
                }
                Some(v) => Err(ferr(format!("property {k:?} must be a string, not {v}"))),
            }
        };
        let name = text_prop("name")?;
        let mut names = vec![name];
        match prop("aliases") {
            None | Some(serde_json::Value::Null) => {}
            Some(serde_json::Value::Array(a)) => {
                for v in a {
                    match v.as_str() {
                        Some(s) if !s.trim().is_empty() => names.push(s.trim().to_owned()),
                        Some(_) => {}
                        None => return Err(ferr(format!("alias {v} is not a string"))),
                    }
                }
            }
            Some(v) => return Err(ferr(format!("\"aliases\" must be an array, not {v}"))),
        }
        let id = match &f.id {
            Some(geojson::feature::Id::String(s)) => Some(s.clone()),
            Some(geojson::feature::Id::Number(x)) => Some(x.to_string()),
            None => Some(text_prop("id")?).filter(|s| !s.is_empty()),
        };
        let geometry = f
            .geometry
            .as_ref()
            .ok_or_else(|| ferr("no geometry".into()))?;
        let (lat, lon, bbox) = point_of(&geometry.value).map_err(ferr)?;
        let place = build(
            names,
            lat,
            lon,
            &text_prop("kind")?,
            &text_prop("country_code")?,
            &text_prop("population")?,
            id,
            bbox,
            format!("{source}: feature {n}"),
        )
        .map_err(ferr)?;
        out.push(place);
    }
    Ok(out)
}

/// A geometry's point (lat, lon) and, for an area, its bounding box.
fn point_of(g: &geojson::Value) -> std::result::Result<(f64, f64, Option<[f64; 4]>), String> {
    use geo::{BoundingRect, InteriorPoint};
    let ring = |r: &Vec<Vec<f64>>| -> std::result::Result<geo::LineString<f64>, String> {
        r.iter()
            .map(|p| match p.as_slice() {
                [x, y, ..] if x.is_finite() && y.is_finite() => Ok(geo::coord! { x: *x, y: *y }),
                _ => Err("a position needs two finite numbers".to_owned()),
            })
            .collect::<std::result::Result<Vec<_>, _>>()
            .map(geo::LineString::new)
    };
    let polygon = |rings: &Vec<Vec<Vec<f64>>>| -> std::result::Result<geo::Polygon<f64>, String> {
        let mut rs = rings.iter();
        let outer = ring(rs.next().ok_or("a polygon needs a ring")?)?;
        if outer.0.len() < 4 {
            return Err("a polygon's ring needs at least four positions".into());
        }
        Ok(geo::Polygon::new(
            outer,
            rs.map(ring).collect::<std::result::Result<_, _>>()?,
        ))
    };
    let area = match g {
        geojson::Value::Point(p) => {
            return match p.as_slice() {
                [lon, lat, ..] => Ok((*lat, *lon, None)),
                _ => Err("a Point needs two numbers".into()),
            }
        }
        geojson::Value::Polygon(rings) => geo::MultiPolygon::new(vec![polygon(rings)?]),
        geojson::Value::MultiPolygon(ps) => geo::MultiPolygon::new(
            ps.iter()
                .map(polygon)
                .collect::<std::result::Result<_, _>>()?,
        ),
        _ => return Err("the geometry must be a Point, Polygon or MultiPolygon".into()),
    };
    let (Some(p), Some(b)) = (area.interior_point(), area.bounding_rect()) else {
        return Err("the polygon is empty".into());
    };
    Ok((
        p.y(),
        p.x(),
        Some([b.min().x, b.min().y, b.max().x, b.max().y]),
    ))
}

/// Checks one place's fields and builds it; the error is the reason.
#[allow(clippy::too_many_arguments)]
fn build(
    names: Vec<String>,
    lat: f64,
    lon: f64,
    kind: &str,
    cc: &str,
    population: &str,
    id: Option<String>,
    bbox: Option<[f64; 4]>,
    origin: String,
) -> std::result::Result<UserPlace, String> {
    let names: Vec<String> = names
        .into_iter()
        .map(|n| {
            let single = !n.contains("  ") && n.trim() == n && !n.contains(['\t', '\n', '\r']);
            if single {
                n
            } else {
                n.split_whitespace().collect::<Vec<_>>().join(" ")
            }
        })
        .collect();
    if names[0].is_empty() {
        return Err("the place has no name".into());
    }
    if names.len() > NAMES_MAX {
        return Err(format!("more than {NAMES_MAX} names for one place"));
    }
    if let Some(n) = names.iter().find(|n| n.len() > NAME_MAX) {
        return Err(format!(
            "name {:?}… is longer than {NAME_MAX} bytes",
            n.chars().take(20).collect::<String>()
        ));
    }
    if let Some(n) = names.iter().find(|n| n.chars().any(char::is_control)) {
        return Err(format!("name {n:?} holds a control character"));
    }
    if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
        return Err(format!("lat {lat} is not between -90 and 90"));
    }
    if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
        return Err(format!("lon {lon} is not between -180 and 180"));
    }
    let kind_code = kind_code(kind).ok_or_else(|| format!("unknown kind {kind:?}: {KIND_HELP}"))?;
    if kind_code == 6 {
        return Err("a demonym is not a place".into());
    }
    let country = match cc {
        "" => None,
        c if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
            let up = c.to_ascii_uppercase();
            if Gazetteer::bundled().country(&up).is_none() {
                return Err(format!("unknown country code {c:?}"));
            }
            let b = up.as_bytes();
            Some([b[0], b[1]])
        }
        c => {
            return Err(format!(
                "country_code {c:?} is not an ISO 3166-1 alpha-2 code (AF, US)"
            ))
        }
    };
    let population = match population {
        "" => 0,
        p => p
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0)
            .map(|x| x.min(f64::from(u32::MAX)) as u32)
            .ok_or_else(|| format!("population {p:?} is not a number"))?,
    };
    if let Some(id) = &id {
        if id.len() > NAME_MAX || id.chars().any(char::is_control) {
            return Err(format!(
                "id {:?} is longer than {NAME_MAX} bytes or holds a control character",
                id.chars().take(20).collect::<String>()
            ));
        }
    }
    Ok(UserPlace {
        names,
        lat,
        lon,
        kind_code,
        country,
        population,
        id,
        bbox,
        origin,
    })
}

/// True when two keys differ by at most one edit in four letters (and by
/// at least one letter's worth of sameness): "qabul" and "kabul".
fn near_spelling(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let n = la.min(lb);
    n >= 4 && la.abs_diff(lb) * 4 <= n && strsim::levenshtein(a, b) * 4 <= n
}

/// The places of a gazetteer by cell of one degree, for finding the
/// places near a point: built by a counting sort over the place records
/// (a few milliseconds), only when a user's place needs it.
struct Grid {
    /// `starts[c]..starts[c + 1]` are cell `c`'s places in `items`.
    starts: Vec<u32>,
    /// Each place's latitude, longitude and index: the point is tested
    /// here, without a read of the place's record (a cache miss each).
    items: Vec<(f32, f32, PlaceIndex)>,
}

/// Cells per degree, and the grid's size.
/// One-degree cells: their starts (260 KB) stay in cache, and a cell's
/// places lie together, so the few hundred of a dense cell are one quick
/// scan; quarter-degree cells cost a cache miss or two per cell looked at.
const CELLS_PER_DEGREE: f64 = 1.0;
const GRID_ROWS: usize = 180;
const GRID_COLS: usize = 360;

impl Grid {
    fn cell(lat: f64, lon: f64) -> (usize, usize) {
        let row = ((lat + 90.0) * CELLS_PER_DEGREE)
            .floor()
            .clamp(0.0, (GRID_ROWS - 1) as f64);
        let col = ((lon + 180.0) * CELLS_PER_DEGREE)
            .floor()
            .clamp(0.0, (GRID_COLS - 1) as f64);
        (row as usize, col as usize)
    }

    fn build(g: &Gazetteer) -> Grid {
        let n = g.header.n_places;
        let places = &g.blob[g.header.places_off as usize..];
        let cells: Vec<(u32, f32, f32)> = places
            .chunks_exact(PLACE_SIZE)
            .take(n as usize)
            .map(|r| {
                let (lat, lon) = (rd_f32(r, P_LAT), rd_f32(r, P_LON));
                let (row, col) = Grid::cell(f64::from(lat), f64::from(lon));
                ((row * GRID_COLS + col) as u32, lat, lon)
            })
            .collect();
        let mut starts = vec![0u32; GRID_ROWS * GRID_COLS + 1];
        for &(c, _, _) in &cells {
            starts[c as usize + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut fill = starts.clone();
        let mut items = vec![(0.0, 0.0, 0); cells.len()];
        for (i, &(c, lat, lon)) in cells.iter().enumerate() {
            items[fill[c as usize] as usize] = (lat, lon, i as PlaceIndex);
            fill[c as usize] += 1;
        }
        Grid { starts, items }
    }

    /// The places in a box [min lon, min lat, max lon, max lat] (a box
    /// across the antimeridian: none past it).
    fn within(&self, [w, s, e, n]: [f64; 4]) -> impl Iterator<Item = PlaceIndex> + '_ {
        let (r0, c0) = Grid::cell(s, w);
        let (r1, c1) = Grid::cell(n, e);
        (r0..=r1)
            .flat_map(move |r| {
                let (a, b) = (r * GRID_COLS + c0, r * GRID_COLS + c1.max(c0));
                &self.items[self.starts[a] as usize..self.starts[b + 1] as usize]
            })
            .filter(move |&&(lat, lon, _)| {
                let (lat, lon) = (f64::from(lat), f64::from(lon));
                (s..=n).contains(&lat) && (w..=e).contains(&lon)
            })
            .map(|&(_, _, i)| i)
    }
}

/// Great-circle distance in km (geo's haversine).
fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    use geo::{Distance, Haversine, Point};
    Haversine.distance(Point::new(lon1, lat1), Point::new(lon2, lat2)) / 1000.0
}

/// What the user's places add to a gazetteer's blob: new place records,
/// entries and strings, appended after the base's sections when the blob
/// is assembled, and a copy of the slots, where new keys go. Changes to the
/// flags of the base's entries wait in `patches`, so that the base's
/// entries and strings are copied once, straight into the new blob.
struct Builder<'a> {
    base: &'a Gazetteer,
    /// The base's entries section.
    old_entries: &'a [u8],
    /// The base's strings section's length.
    old_strings: usize,
    places: Vec<u8>,
    slots: Vec<u8>,
    entries: Vec<u8>,
    strings: Vec<u8>,
    /// Flags to add to entries of the base (offset in its entries section).
    patches: FnvMap<usize, u8>,
    /// Slots filled by new keys.
    claimed: usize,
}

impl Builder<'_> {
    /// The entry at offset `e` of the extended entries section.
    fn entry(&self, e: usize) -> &[u8] {
        match e.checked_sub(self.old_entries.len()) {
            Some(k) => &self.entries[k..],
            None => &self.old_entries[e..],
        }
    }

    /// The flags of the entry at `e`, with any patch.
    fn flags(&self, e: usize) -> u8 {
        self.entry(e)[E_FLAGS] | self.patches.get(&e).copied().unwrap_or(0)
    }

    /// Adds `flags` to the entry at `e`.
    fn add_flags(&mut self, e: usize, flags: u8) {
        match e.checked_sub(self.old_entries.len()) {
            Some(k) => self.entries[k + E_FLAGS] |= flags,
            None => *self.patches.entry(e).or_insert(0) |= flags,
        }
    }

    /// The slot holding `key`, or the first empty one of its probe sequence.
    fn probe(&self, key: &[u8]) -> std::result::Result<usize, usize> {
        let hash = super::fnv1a64(key);
        let tag = (hash >> 32) as u32;
        let n = self.base.header.n_slots as usize;
        let mut slot = home_slot(hash, self.base.header.n_slots);
        loop {
            let s = &self.slots[slot * 8..slot * 8 + 8];
            let o = rd_u32(s, 0) as usize;
            if o == 0 {
                return Err(slot);
            }
            if rd_u32(s, 4) == tag {
                let e = self.entry(o - 1);
                let len = usize::from(e[E_KEY_LEN]);
                if e.get(ENTRY_HEADER..ENTRY_HEADER + len) == Some(key) {
                    return Ok(slot);
                }
            }
            slot = if slot + 1 < n { slot + 1 } else { 0 };
        }
    }

    /// Appends an entry and points `slot` at it.
    fn put(&mut self, slot: usize, key: &[u8], flags: u8, zipf: u8, cands: &[PlaceIndex]) {
        let e = self.old_entries.len() + self.entries.len();
        self.entries
            .extend_from_slice(&[key.len() as u8, flags, zipf, cands.len() as u8]);
        self.entries.extend_from_slice(key);
        for c in cands {
            self.entries.extend_from_slice(&c.to_le_bytes());
        }
        let tag = (super::fnv1a64(key) >> 32) as u32;
        let s = &mut self.slots[slot * 8..slot * 8 + 8];
        s[..4].copy_from_slice(&(e as u32 + 1).to_le_bytes());
        s[4..].copy_from_slice(&tag.to_le_bytes());
    }

    /// Makes `key` a full name whose candidates start with `first`.
    fn add_name(&mut self, key: &str, first: &[PlaceIndex]) -> Result<()> {
        let k = key.as_bytes();
        match self.probe(k) {
            Ok(slot) => {
                let e = rd_u32(&self.slots, slot * 8) as usize - 1;
                let flags = self.flags(e);
                let entry = self.entry(e);
                let (zipf, n) = (entry[E_ZIPF], usize::from(entry[E_CANDIDATES]));
                let c = ENTRY_HEADER + k.len();
                let mut cands: Vec<PlaceIndex> = first.to_vec();
                cands.extend(
                    (0..n)
                        .map(|i| rd_u32(entry, c + 4 * i))
                        .filter(|i| !first.contains(i)),
                );
                cands.truncate(255);
                self.put(slot, k, flags | NAME_FULL, zipf, &cands);
            }
            Err(slot) => {
                self.claim()?;
                let mut cands = first.to_vec();
                cands.truncate(255);
                self.put(slot, k, NAME_FULL, 0, &cands);
            }
        }
        // Every shorter run of whole words is a prefix of a longer name.
        for (at, _) in key.match_indices(' ') {
            let p = &k[..at];
            match self.probe(p) {
                Ok(slot) => {
                    let e = rd_u32(&self.slots, slot * 8) as usize - 1;
                    self.add_flags(e, NAME_PREFIX);
                }
                Err(slot) => {
                    self.claim()?;
                    self.put(slot, p, NAME_PREFIX, 0, &[]);
                }
            }
        }
        Ok(())
    }

    /// Counts one more slot filled by a new key. New keys may fill a tenth
    /// of the slots: the bundled index fills at most four fifths of them
    /// (a test checks), so probing always ends at an empty slot.
    fn claim(&mut self) -> Result<()> {
        self.claimed += 1;
        let n = self.base.header.n_slots as usize;
        if self.claimed > n / 10 {
            return Err(Error::BadInput {
                input: "--gazetteer".into(),
                line: None,
                reason: format!(
                    "the files add more than {} new names and name beginnings, all that \
                     the index has room for: fewer aliases or places, please",
                    n / 10
                ),
            });
        }
        Ok(())
    }

    /// Appends a new place's record and its name.
    fn push_place(&mut self, p: &UserPlace) -> Result<()> {
        let name = p.names[0].as_bytes();
        let off = self.old_strings + self.strings.len();
        if off + name.len() >= 1 << 24 {
            return Err(Error::BadInput {
                input: p.origin.clone(),
                line: None,
                reason: "the names pass the gazetteer's 16 MB of strings".into(),
            });
        }
        self.strings.extend_from_slice(name);
        let mut r = [0u8; PLACE_SIZE];
        r[P_LAT..P_LAT + 4].copy_from_slice(&(p.lat as f32).to_le_bytes());
        r[P_LON..P_LON + 4].copy_from_slice(&(p.lon as f32).to_le_bytes());
        let field = off as u32 | (name.len() as u32) << 24;
        r[P_NAME..P_NAME + 4].copy_from_slice(&field.to_le_bytes());
        r[P_KIND] = p.kind_code;
        if let Some(cc) = p.country {
            r[P_COUNTRY..P_COUNTRY + 2].copy_from_slice(&cc);
        }
        r[P_ADMIN1..P_ADMIN1 + 3].copy_from_slice(&NONE.to_le_bytes()[..3]);
        r[P_ADMIN2..P_ADMIN2 + 3].copy_from_slice(&NONE.to_le_bytes()[..3]);
        r[P_POPULATION..P_POPULATION + 4].copy_from_slice(&p.population.to_le_bytes());
        self.places.extend_from_slice(&r);
        Ok(())
    }
}

impl Gazetteer {
    /// This gazetteer with a user's places laid over it (see the module's
    /// documentation). `places` come from [`read_file`], in the order the
    /// files were given; `sources` name the files, for the build info.
    pub fn with_user_places(&self, places: &[UserPlace], sources: &[String]) -> Result<Gazetteer> {
        let h = self.header;
        let n0 = h.n_places;
        let total = self.blob.len();
        let mut b = Builder {
            base: self,
            old_entries: &self.blob[h.entries_off as usize..h.strings_off as usize],
            old_strings: total - h.strings_off as usize,
            places: Vec::new(),
            slots: self.blob[h.slots_off as usize..h.slots_off as usize + h.n_slots as usize * 8]
                .to_vec(),
            entries: Vec::new(),
            strings: Vec::new(),
            patches: FnvMap::default(),
            claimed: self.user.as_deref().map_or(0, |u| u.claimed),
        };
        let mut layer = UserLayer {
            first: n0,
            ..UserLayer::default()
        };
        // key -> the places the user gave it, in file order.
        let n_keys: usize = places.iter().map(|p| p.names.len()).sum();
        let mut keys: Vec<(&str, Vec<PlaceIndex>)> = Vec::with_capacity(n_keys);
        let mut key_at: FnvMap<&str, usize> = FnvMap::default();
        key_at.reserve(n_keys);
        let before = self.user.as_deref().map_or(0, |u| u.ids.len());
        let mut seen_ids: FnvMap<String, &str> = FnvMap::default();
        for id in self.user.iter().flat_map(|u| &u.ids) {
            seen_ids.insert(id.clone(), "an earlier --gazetteer file");
        }
        let mut aliases = 0usize;
        let all_keys: Vec<Vec<String>> = places
            .iter()
            .map(|p| p.names.iter().map(|n| normalize_key(n)).collect())
            .collect();
        // Which places the gazetteer has already, by name (lookups of the
        // index cost cache misses: a batch of places' keys is prefetched
        // before they are looked up), while another thread sorts its places
        // by cell for the places it may have under another spelling.
        let (grid, named) = std::thread::scope(|s| {
            let grid = s.spawn(|| Grid::build(self));
            let named: Vec<Option<PlaceIndex>> = (0..places.len())
                .map(|at| {
                    if at % 32 == 0 {
                        for k in all_keys[at..].iter().take(32).flatten() {
                            self.prefetch_slot(super::fnv1a64(k.as_bytes()));
                        }
                    }
                    self.named_place(&places[at], &all_keys[at])
                })
                .collect();
            (
                grid.join().expect("the grid is built without panics"),
                named,
            )
        });
        for (at, (p, pkeys)) in places.iter().zip(&all_keys).enumerate() {
            let known = named[at].or_else(|| self.nearby_place(p, pkeys, &grid));
            let target = match known {
                Some(i) => {
                    aliases += 1;
                    i
                }
                None => {
                    let index = n0 + layer.ids.len() as u32;
                    if index >= NONE {
                        return Err(Error::BadInput {
                            input: p.origin.clone(),
                            line: None,
                            reason: "too many places".into(),
                        });
                    }
                    let id =
                        p.id.clone()
                            .unwrap_or_else(|| format!("user:{}", before + layer.ids.len() + 1));
                    if let Some(first) = seen_ids.insert(id.clone(), &p.origin) {
                        return Err(Error::BadInput {
                            input: p.origin.clone(),
                            line: None,
                            reason: format!("id {id:?} is already used at {first}"),
                        });
                    }
                    b.push_place(p)?;
                    layer.ids.push(id);
                    layer.bboxes.push(p.bbox);
                    index
                }
            };
            for key in pkeys {
                let k = *key_at.entry(key.as_str()).or_insert_with(|| {
                    keys.push((key.as_str(), Vec::new()));
                    keys.len() - 1
                });
                if !keys[k].1.contains(&target) {
                    keys[k].1.push(target);
                }
            }
        }
        for (at, (key, first)) in keys.iter().enumerate() {
            if at % 32 == 0 {
                for (k, _) in keys[at..].iter().take(32) {
                    let slot = home_slot(super::fnv1a64(k.as_bytes()), h.n_slots);
                    super::memo::prefetch(&b.slots[slot * 8]);
                }
            }
            b.add_name(key, first)?;
        }
        // The first place a file gives a name is what the name means.
        layer.choice.reserve(keys.len());
        for (key, first) in keys {
            layer.choice.insert(key.to_owned(), first[0]);
        }
        // The build info says which files were added.
        let mut info: serde_json::Value =
            serde_json::from_str(self.build_info()).unwrap_or_else(|_| serde_json::json!({}));
        if let Some(obj) = info.as_object_mut() {
            let list = obj
                .entry("user_gazetteers")
                .or_insert_with(|| serde_json::json!([]));
            if let Some(list) = list.as_array_mut() {
                list.push(serde_json::json!({
                    "files": sources,
                    "places": layer.ids.len(),
                    "names_for_bundled_places": aliases,
                }));
            }
        }
        let info = info.to_string();
        let meta_off = b.old_strings + b.strings.len();
        b.strings.extend_from_slice(info.as_bytes());

        let n_places = n0 + layer.ids.len() as u32;
        let old = |from: u32, len: usize| &self.blob[from as usize..from as usize + len];
        let old_places = old(h.places_off, n0 as usize * PLACE_SIZE);
        let places_off = HEADER_SIZE;
        let slots_off = places_off + old_places.len() + b.places.len();
        let entries_off = slots_off + b.slots.len();
        let strings_off = entries_off + b.old_entries.len() + b.entries.len();
        let total = strings_off + b.old_strings + b.strings.len();
        if total > u32::MAX as usize {
            return Err(Error::BadInput {
                input: sources.join(", "),
                line: None,
                reason: "the gazetteer would pass 4 GB".into(),
            });
        }
        // One allocation, each section copied once.
        let mut blob = Vec::with_capacity(total);
        blob.extend_from_slice(MAGIC);
        for v in [
            n_places,
            h.n_slots,
            places_off as u32,
            slots_off as u32,
            entries_off as u32,
            strings_off as u32,
            total as u32,
            meta_off as u32,
            info.len() as u32,
            0,
        ] {
            blob.extend_from_slice(&v.to_le_bytes());
        }
        blob.extend_from_slice(old_places);
        blob.extend_from_slice(&b.places);
        blob.extend_from_slice(&b.slots);
        blob.extend_from_slice(b.old_entries);
        for (&e, &flags) in &b.patches {
            blob[entries_off + e + E_FLAGS] |= flags;
        }
        blob.extend_from_slice(&b.entries);
        blob.extend_from_slice(old(h.strings_off, b.old_strings));
        blob.extend_from_slice(&b.strings);
        let mut g = Gazetteer::try_from_vec_shallow(blob, "bundled + --gazetteer")?;
        // Layers stack: a user file over a gazetteer that already had some.
        if let Some(old) = &self.user {
            let mut ids = old.ids.clone();
            ids.extend(layer.ids);
            let mut bboxes = old.bboxes.clone();
            bboxes.extend(layer.bboxes);
            let mut choice = old.choice.clone();
            for (k, v) in layer.choice {
                choice.entry(k).or_insert(v);
            }
            layer = UserLayer {
                first: old.first,
                ids,
                bboxes,
                choice,
                claimed: 0,
            };
        }
        layer.claimed = b.claimed;
        g.user = Some(Box::new(layer));
        Ok(g)
    }

    /// True when the gazetteer's place `i` may be the user's place `p`: of
    /// the same kind (a populated place for a populated place) and country,
    /// within [`SAME_PLACE_KM`] of its point or inside its box.
    fn may_be(&self, p: &UserPlace, i: PlaceIndex) -> bool {
        let r = self.record(i);
        let kind_ok = match Kind::from_code(p.kind_code) {
            Some(Kind::Feature) => r.feature_code == super::feature_code_of(p.kind_code, 0),
            k => k == Some(r.kind),
        };
        let near = match p.bbox {
            Some([w, s, e, n]) => (s..=n).contains(&r.lat) && (w..=e).contains(&r.lon),
            None => km(p.lat, p.lon, r.lat, r.lon) <= SAME_PLACE_KM,
        };
        kind_ok && near && (p.country.is_none() || p.country == r.country)
    }

    /// The gazetteer place a user's place names, if one of its names
    /// (`keys`) has a candidate that [may be](Gazetteer::may_be) it.
    fn named_place(&self, p: &UserPlace, keys: &[String]) -> Option<PlaceIndex> {
        keys.iter()
            .find_map(|key| self.entry(key)?.candidates().find(|&i| self.may_be(p, i)))
    }

    /// A gazetteer place near a user's place, that [may be](Gazetteer::may_be)
    /// it, whose name is spelled nearly like one of the user's (a local
    /// spelling: "Qabul" for Kabul; [`near_spelling`]).
    fn nearby_place(&self, p: &UserPlace, keys: &[String], grid: &Grid) -> Option<PlaceIndex> {
        let area = p.bbox.unwrap_or_else(|| {
            // The box around the point that holds the SAME_PLACE_KM circle.
            let dlat = SAME_PLACE_KM / 111.0;
            let dlon = dlat / p.lat.to_radians().cos().max(0.01);
            [p.lon - dlon, p.lat - dlat, p.lon + dlon, p.lat + dlat]
        });
        grid.within(area).find(|&i| {
            self.may_be(p, i) && {
                let name = super::normalize_key(self.name_of(&self.record(i)));
                keys.iter().any(|k| near_spelling(k, &name))
            }
        })
    }

    /// The id of a place a user added (`user:3`, or the file's own id).
    pub fn user_id(&self, index: PlaceIndex) -> Option<&str> {
        let u = self.user.as_deref()?;
        let k = index.checked_sub(u.first)? as usize;
        u.ids.get(k).map(String::as_str)
    }

    /// The bounding box [min lon, min lat, max lon, max lat] of a place a
    /// user added as a polygon.
    pub fn user_bbox(&self, index: PlaceIndex) -> Option<[f64; 4]> {
        let u = self.user.as_deref()?;
        let k = index.checked_sub(u.first)? as usize;
        u.bboxes.get(k).copied().flatten()
    }

    /// The place a user's file meant by this key, when a file named it.
    pub fn user_choice(&self, key: &str) -> Option<PlaceIndex> {
        self.user.as_deref()?.choice.get(key).copied()
    }

    /// True when user places were laid over this gazetteer.
    pub fn has_user_places(&self) -> bool {
        self.user.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "name\tlat\tlon\tkind\tcountry_code\taliases\n\
        Zamzam camp\t13.47\t25.33\tcamp\tSD\tZamzam|Zam Zam\n\
        \n\
        Kabol\t34.5281\t69.1723\tcity\tAF\t\n";

    #[test]
    fn tsv_rows_become_places() {
        let p = parse_tsv(TSV, "camps.tsv").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].names, ["Zamzam camp", "Zamzam", "Zam Zam"]);
        assert_eq!(p[0].country, Some(*b"SD"));
        assert_eq!(p[0].kind_code, 5);
        assert_eq!(p[1].origin, "camps.tsv:4");
    }

    #[test]
    fn bad_rows_name_the_file_and_line() {
        let cases = [
            ("name\tlat\n", "camps.tsv:1: the header row"),
            (
                "name\tlat\tlon\nA\tx\t3\n",
                "camps.tsv:2: lat \"x\" is not a number",
            ),
            (
                "name\tlat\tlon\nA\t1\t300\n",
                "camps.tsv:2: lon 300 is not between",
            ),
            (
                "name\tlat\tlon\n\t1\t3\n",
                "camps.tsv:2: the place has no name",
            ),
            (
                "name\tlat\tlon\tkind\nA\t1\t3\tspaceport\n",
                "camps.tsv:2: unknown kind \"spaceport\"",
            ),
            (
                "name\tlat\tlon\tcountry_code\nA\t1\t3\tXX\n",
                "camps.tsv:2: unknown country code",
            ),
        ];
        for (text, want) in cases {
            let e = parse_tsv(text, "camps.tsv").unwrap_err().to_string();
            assert!(e.starts_with(want), "{text:?}: {e}");
            assert!(!e.contains('\n'), "{e}");
        }
    }

    #[test]
    fn geojson_polygons_get_a_point_inside_and_a_box() {
        let gj = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","id":"site-7","properties":{"name":"Block C","aliases":["C block"]},
           "geometry":{"type":"Polygon","coordinates":[[[10,0],[12,0],[12,1],[11,1],[11,3],[10,3],[10,0]]]}},
          {"type":"Feature","properties":{"name":"Well 4","kind":"site"},
           "geometry":{"type":"Point","coordinates":[30.5,-1.25]}}]}"#;
        let p = parse_geojson(gj, "sites.geojson").unwrap();
        assert_eq!(p[0].id.as_deref(), Some("site-7"));
        assert_eq!(p[0].bbox, Some([10.0, 0.0, 12.0, 3.0]));
        // The L's centre of its box (11, 1.5) lies outside it.
        let (lat, lon) = (p[0].lat, p[0].lon);
        let inside = (10.0..=11.0).contains(&lon) && (0.0..=3.0).contains(&lat)
            || (10.0..=12.0).contains(&lon) && (0.0..=1.0).contains(&lat);
        assert!(inside, "{lat} {lon}");
        assert_eq!((p[1].lat, p[1].lon), (-1.25, 30.5));
        let e = parse_geojson(
            r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}"#,
            "x.geojson",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(e, "x.geojson: feature 1: the place has no name");
    }

    #[test]
    fn the_bundled_index_leaves_room_for_user_keys() {
        let g = Gazetteer::bundled();
        let h = g.header;
        let slots = &g.blob[h.slots_off as usize..h.slots_off as usize + h.n_slots as usize * 8];
        let filled = slots.chunks_exact(8).filter(|s| rd_u32(s, 0) != 0).count();
        // claim() lets new keys fill a tenth of the slots on top of these.
        assert!(
            filled * 5 <= h.n_slots as usize * 4,
            "{filled} of {}",
            h.n_slots
        );
    }

    #[test]
    fn too_many_new_names_is_an_error_not_a_full_index() {
        let g = Gazetteer::bundled();
        let n = g.header.n_slots as usize / 10;
        // Two keys each: the name and its first word.
        let places: Vec<UserPlace> = (0..n / 2 + 1)
            .map(|i| UserPlace {
                names: vec![format!("qqx{i} zzy{i}")],
                lat: 1.0,
                lon: 1.0,
                kind_code: 5,
                country: None,
                population: 0,
                id: None,
                bbox: None,
                origin: format!("many.tsv:{}", i + 2),
            })
            .collect();
        let e = g
            .with_user_places(&places, &["many.tsv".into()])
            .unwrap_err()
            .to_string();
        assert!(e.contains(&format!("more than {n} new names")), "{e}");
        // Below the limit it works.
        assert!(g
            .with_user_places(&places[..1000], &["few.tsv".into()])
            .is_ok());
    }

    #[test]
    fn user_places_join_the_index() {
        let g = Gazetteer::bundled();
        let places = parse_tsv(TSV, "camps.tsv").unwrap();
        let u = g.with_user_places(&places, &["camps.tsv".into()]).unwrap();
        assert_eq!(u.len(), g.len() + 1, "Kabol is Kabul, not a new place");
        let zam = u.lookup("zamzam");
        assert_eq!(zam[0].name, "Zamzam camp");
        assert_eq!(u.user_id(zam[0].index), Some("user:1"));
        assert!(u.entry("zamzam").unwrap().is_prefix());
        assert!(u.entry("zam").unwrap().is_prefix());
        let kabol = u.lookup("Kabol");
        assert_eq!(kabol[0].geonameid, Some(1138958));
        assert_eq!(u.user_choice("kabol"), Some(kabol[0].index));
        // The rest of the index is untouched.
        assert_eq!(u.lookup("Kabul")[0].geonameid, Some(1138958));
        assert_eq!(u.lookup("Paris").len(), g.lookup("Paris").len());
        super::super::format::Header::parse(&u.blob, "user", true).unwrap();
        // Layers stack.
        let more = parse_tsv("name\tlat\tlon\nNew Block\t13.5\t25.3\n", "more.tsv").unwrap();
        let uu = u.with_user_places(&more, &["more.tsv".into()]).unwrap();
        assert_eq!(uu.user_id(uu.lookup("new block")[0].index), Some("user:2"));
        assert_eq!(uu.user_id(uu.lookup("zamzam")[0].index), Some("user:1"));
    }
}
