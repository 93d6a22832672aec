//! Layout of the gazetteer blob written by `gazetteer/build.py`.
//!
//! All integers little-endian; offsets in bytes from the start of the blob.
//!
//! ```text
//! header (48 bytes)
//!   0  magic  b"EVMGAZ\0\x01"
//!   8  u32 n_places      12 u32 n_slots
//!  16  u32 places_off    20 u32 slots_off
//!  24  u32 entries_off   28 u32 strings_off
//!  32  u32 total_len     36 u32 meta_off (in strings) 40 u32 meta_len
//!  44  u32 reserved
//! place (30 bytes each)
//!   0 u32 geonameid (0 = none)  4 f32 lat  8 f32 lon
//!  12 u32 name: offset in strings (low 24 bits) | length << 24
//!  16 u8 kind (Kind::from_code; from FEATURE_KIND_BASE on, a Feature whose
//!     GeoNames code is FEATURE_CODES[kind - FEATURE_KIND_BASE])  17 u8 flags (PLACE_*)
//!  18 [u8; 2] ISO country code (0,0 = none)
//!  20 u24 admin1 place index (0xFFFFFF = none)
//!  23 u24 admin2 place index (0xFFFFFF = none; cities only)
//!  26 u32 population
//! slot (8 bytes each, open addressing, linear probing from
//! home_slot(fnv1a64(key)), wrapping at n_slots)
//!   0 u32 entry offset + 1 (0 = empty)  4 u32 tag = fnv1a64(key) >> 32
//! entry
//!   0 u8 key_len  1 u8 flags (NAME_*)  2 u8 Zipf frequency × 10 of a one-word
//!   key as an English word (0 = rare or several words)  3 u8 n_candidates
//!   4 key bytes, then n_candidates × u32 place index, best prior first
//! ```
//! Reads go through bounds-checked slices and `from_le_bytes`: no unsafe, no
//! alignment requirements.

use crate::error::{Error, Result};

/// Blob magic and version.
pub const MAGIC: &[u8; 8] = b"EVMGAZ\0\x04";
/// Header size in bytes.
pub const HEADER_SIZE: usize = 48;
/// Place record size in bytes.
pub const PLACE_SIZE: usize = 30;
/// Byte offsets of a place record's fields.
pub const P_GEONAMEID: usize = 0;
pub const P_LAT: usize = 4;
pub const P_LON: usize = 8;
pub const P_NAME: usize = 12;
pub const P_KIND: usize = 16;
pub const P_FLAGS: usize = 17;
pub const P_COUNTRY: usize = 18;
pub const P_ADMIN1: usize = 20;
pub const P_ADMIN2: usize = 23;
pub const P_POPULATION: usize = 26;
/// Bytes before the key in a name entry.
pub const ENTRY_HEADER: usize = 4;
/// Byte offsets of a name entry's header fields.
pub const E_KEY_LEN: usize = 0;
pub const E_FLAGS: usize = 1;
pub const E_ZIPF: usize = 2;
pub const E_CANDIDATES: usize = 3;
/// "No index" marker of a three-byte place index ([`rd_index`]).
pub const NONE: u32 = 0x00FF_FFFF;

/// Key is a complete name with candidates.
pub const NAME_FULL: u8 = 1;
/// A longer name starts with this key followed by a space.
pub const NAME_PREFIX: u8 = 2;
/// Frequent English word whose candidates are all minor places.
pub const NAME_COMMON: u8 = 4;
/// Common given name.
pub const NAME_FIRST_NAME: u8 = 8;
/// Demonym or adjective of the candidates.
pub const NAME_DEMONYM: u8 = 16;
/// Abbreviation (U.S., D.C., UK): matched only in its written case.
pub const NAME_ABBREV: u8 = 32;
/// Frequent surname (US Census 1990 list, top 20,000).
pub const NAME_SURNAME: u8 = 64;
/// An abbreviation also written with a capital and lowercase letters ("Qld"),
/// besides capitals: with [`NAME_ABBREV`].
pub const NAME_MIXED_CASE: u8 = 128;

/// Place is a national capital.
pub const PLACE_CAPITAL: u8 = 1;

/// The first kind byte of a natural feature or facility ([`crate::Kind::Feature`]).
pub const FEATURE_KIND_BASE: u8 = 7;
/// GeoNames feature class and code ("class.code") of features, in the order
/// of their kind bytes from [`FEATURE_KIND_BASE`] (`gazetteer/build.py`
/// writes the same list).
pub const FEATURE_CODES: &[&str] = &[
    "H.OCN", "H.SEA", "H.GULF", "H.BAY", "H.STRT", "H.CNL", "H.LK", "H.LKS", "H.RSV", "H.STM",
    "H.RF", "T.ISL", "T.ISLS", "T.PEN", "T.DSRT", "T.MTS", "T.MT", "T.VAL", "T.PLN", "T.CNYN",
    "L.RGN", "S.AIRP", "S.AIRB", "S.AIRH",
];

/// Keys starting with this hold the country for an ISO code ("\u{1}cc:af").
pub const COUNTRY_CODE_KEY_PREFIX: &str = "\u{1}cc:";

pub(crate) fn rd_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// A place index stored in three bytes ([`NONE`]: none). Three bytes
/// address 16.7 million places; only cities have an admin2, so a fourth
/// byte for each of two such fields would cost every place two bytes.
pub(crate) fn rd_index(b: &[u8], at: usize) -> Option<u32> {
    let i = u32::from_le_bytes([b[at], b[at + 1], b[at + 2], 0]);
    (i != NONE).then_some(i)
}

/// The slot where probing for a key with this hash starts: the low 32 bits
/// of the hash scaled to `n_slots` (the high 32 bits are the slot's tag).
pub(crate) fn home_slot(hash: u64, n_slots: u32) -> usize {
    (((hash & 0xFFFF_FFFF) * u64::from(n_slots)) >> 32) as usize
}

/// A place record's name field split into (offset in strings, length).
pub(crate) fn split_name(field: u32) -> (u32, u8) {
    (field & 0x00FF_FFFF, (field >> 24) as u8)
}
pub(crate) fn rd_f32(b: &[u8], at: usize) -> f32 {
    f32::from_bits(rd_u32(b, at))
}

/// The parsed header.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Header {
    pub n_places: u32,
    pub n_slots: u32,
    pub places_off: u32,
    pub slots_off: u32,
    pub entries_off: u32,
    pub strings_off: u32,
    pub meta_off: u32,
    pub meta_len: u32,
}

impl Header {
    /// Checks the magic and the section bounds; with `deep`, also every
    /// slot's entry and every place record, so later reads cannot run off the
    /// end of a blob that passed. The bundled blob skips the deep check (the
    /// test suite runs it) to keep start-up in microseconds.
    pub fn parse(blob: &[u8], source: &str, deep: bool) -> Result<Header> {
        let bad = |reason: &str| Error::BadGazetteer {
            source_name: source.to_owned(),
            reason: reason.to_owned(),
        };
        if blob.len() < HEADER_SIZE || &blob[..8] != MAGIC {
            return Err(bad("not an eventmap gazetteer (bad magic or too short)"));
        }
        let h = Header {
            n_places: rd_u32(blob, 8),
            n_slots: rd_u32(blob, 12),
            places_off: rd_u32(blob, 16),
            slots_off: rd_u32(blob, 20),
            entries_off: rd_u32(blob, 24),
            strings_off: rd_u32(blob, 28),
            meta_off: rd_u32(blob, 36),
            meta_len: rd_u32(blob, 40),
        };
        let total = rd_u32(blob, 32) as usize;
        if total != blob.len() {
            return Err(bad("length in header does not match the blob (truncated?)"));
        }
        if h.n_slots == 0 {
            return Err(bad("the name index has no slots"));
        }
        if h.n_places >= NONE {
            return Err(bad("more places than three-byte indices address"));
        }
        let places_end = h.places_off as usize + h.n_places as usize * PLACE_SIZE;
        let slots_end = h.slots_off as usize + h.n_slots as usize * 8;
        let ordered = HEADER_SIZE <= h.places_off as usize
            && places_end <= h.slots_off as usize
            && slots_end <= h.entries_off as usize
            && h.entries_off <= h.strings_off
            && (h.strings_off as usize) <= total;
        if !ordered {
            return Err(bad("sections overlap or run past the end"));
        }
        if !deep {
            return Ok(h);
        }
        // Validate the entries reachable from slots once, up front.
        let entries_len = (h.strings_off - h.entries_off) as usize;
        let strings_len = total - h.strings_off as usize;
        for s in 0..h.n_slots as usize {
            let o = rd_u32(blob, h.slots_off as usize + s * 8) as usize;
            if o == 0 {
                continue;
            }
            let e = o - 1;
            if e + ENTRY_HEADER > entries_len {
                return Err(bad("name entry out of range"));
            }
            let at = h.entries_off as usize + e;
            let key_len = usize::from(blob[at + E_KEY_LEN]);
            let n = usize::from(blob[at + E_CANDIDATES]);
            if e + ENTRY_HEADER + key_len + 4 * n > entries_len {
                return Err(bad("name entry runs past its section"));
            }
            let c = at + ENTRY_HEADER + key_len;
            for i in 0..n {
                if rd_u32(blob, c + 4 * i) >= h.n_places {
                    return Err(bad("candidate index out of range"));
                }
            }
        }
        for p in 0..h.n_places as usize {
            let r = h.places_off as usize + p * PLACE_SIZE;
            let (off, len) = split_name(rd_u32(blob, r + P_NAME));
            if off as usize + usize::from(len) > strings_len {
                return Err(bad("place name out of range"));
            }
            if rd_index(blob, r + P_ADMIN1).is_some_and(|a| a >= h.n_places) {
                return Err(bad("admin1 index out of range"));
            }
            if rd_index(blob, r + P_ADMIN2).is_some_and(|a| a >= h.n_places) {
                return Err(bad("admin2 index out of range"));
            }
        }
        if h.meta_off as usize + h.meta_len as usize > strings_len {
            return Err(bad("build info out of range"));
        }
        Ok(h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_slot_stays_in_range_and_spreads() {
        for n in [1u32, 2, 7, 804_024, u32::MAX] {
            for h in [0u64, 1, 0xFFFF_FFFF, u64::MAX, 0x1234_5678_9abc_def0] {
                assert!(home_slot(h, n) < n as usize, "hash {h:#x}, {n} slots");
            }
        }
        // The tag (high half) does not move the home slot; the low half does.
        assert_eq!(home_slot(0xFFFF_FFFF_0000_0000, 1000), 0);
        assert_eq!(home_slot(0x8000_0000, 1000), 500);
    }

    #[test]
    fn name_field_splits_into_offset_and_length() {
        assert_eq!(split_name(0x4F12_3456), (0x12_3456, 0x4F));
        assert_eq!(split_name(0), (0, 0));
        assert_eq!(split_name(u32::MAX), (0xFF_FFFF, 0xFF));
    }
}
