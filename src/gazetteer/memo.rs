//! A small per-thread memo of name-index lookups.
//!
//! A lookup in the index costs two cache misses (its slot, then its entry),
//! and news asks for the same keys again and again: "the", "police",
//! "monday", and every name an article repeats. The memo is a 2-way
//! set-associative table of recent keys that lives in this thread's L2
//! cache; a hit costs a hash and one or two short compares. It also keeps
//! the kind and population of each key's best candidate, which the
//! recogniser asks of every name it matches.
//!
//! Half the keys the recogniser asks for are in no name at all ("he said",
//! "monday.", "it's"). Past the memo, a [`KeyFilter`] turns most of those
//! away before they reach the index; they are memoised in the less recently
//! used slot of their set only.
//!
//! Answers are exactly what [`Gazetteer::entry`] gives: the filter has no
//! false negatives, every memo slot holds the whole key (keys longer than
//! [`KEY_MAX`] bytes are not memoised) and the table is cleared when it is
//! used with another gazetteer.

use super::{fnv1a64, Gazetteer, Kind, NameEntry, PlaceIndex};
use std::cell::RefCell;

/// Sets in the per-thread table (two slots each): 4096 slots of 64 bytes.
const SETS: usize = 2048;
/// Longest key (in bytes) that is memoised.
const KEY_MAX: usize = 49;
/// `key_len` of an empty slot.
const EMPTY: u8 = u8::MAX;

/// One memoised lookup: one cache line. Its hash is kept apart, in
/// [`Table::hashes`], so that a miss reads no slot at all.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    /// Blob offset of the candidate list.
    cands_off: u32,
    /// Population of the best candidate.
    top_pop: u32,
    /// Number of candidates.
    n: u16,
    flags: u8,
    zipf10: u8,
    found: bool,
    /// Kind code of the best candidate (meaningful when `n > 0`).
    top_kind: u8,
    key_len: u8,
    /// The key, zero-padded: slots compare as whole arrays.
    key: [u8; KEY_MAX],
}

const EMPTY_SLOT: Slot = Slot {
    cands_off: 0,
    top_pop: 0,
    n: 0,
    flags: 0,
    zipf10: 0,
    found: false,
    top_kind: 0,
    key_len: EMPTY,
    key: [0; KEY_MAX],
};

/// The slots, and the gazetteer they were filled from.
struct Table {
    gaz_id: u64,
    /// The hashes of each set's two slots: 16 bytes a set, so that the
    /// hashes of every set fit in the L1/L2 cache.
    hashes: Vec<[u64; 2]>,
    /// `sets` pairs; slot 0 of a set is the more recently used.
    slots: Vec<[Slot; 2]>,
}

impl Table {
    fn new(sets: usize) -> Table {
        Table {
            gaz_id: u64::MAX,
            hashes: vec![[0; 2]; sets],
            slots: vec![[EMPTY_SLOT; 2]; sets],
        }
    }

    fn clear(&mut self) {
        self.hashes.fill([0; 2]);
        self.slots.fill([EMPTY_SLOT; 2]);
    }
}

/// True when `key` (at most [`KEY_MAX`] bytes) is the start of `stored`,
/// without a call to `memcmp`: keys of eight bytes or more compare eight
/// bytes at a time (the last eight overlapping the word before), shorter
/// ones byte by byte.
fn key_eq(stored: &[u8; KEY_MAX], key: &[u8]) -> bool {
    let Some(stored) = stored.get(..key.len()) else {
        return false;
    };
    let word = |b: &[u8]| u64::from_ne_bytes(b.try_into().expect("eight bytes"));
    match key.len().checked_sub(8) {
        Some(last) => {
            key.chunks_exact(8)
                .zip(stored.chunks_exact(8))
                .all(|(a, b)| word(a) == word(b))
                && word(&key[last..]) == word(&stored[last..])
        }
        None => key.iter().zip(stored).all(|(a, b)| a == b),
    }
}

/// Asks the CPU to start loading the cache line holding `r`.
#[inline(always)]
pub(crate) fn prefetch<T>(r: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it reads no memory architecturally and
    // cannot fault; the pointer comes from a live reference anyway. SSE is
    // part of the x86_64 baseline.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((r as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = r;
}

thread_local! {
    static TABLE: RefCell<Table> = RefCell::new(Table::new(SETS));
}

/// What the recogniser asks of a key's best candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Top {
    /// Index of the best candidate.
    pub index: PlaceIndex,
    /// Its kind.
    pub kind: Kind,
    /// Its population.
    pub population: u64,
}

/// A blocked Bloom filter over the tags (`fnv1a64(key) >> 32`) of every key
/// in the index: 512 KB that stay in cache, where a probe of the index's
/// 8 MB slot table costs a miss. About 6% of absent keys pass it.
pub(crate) struct KeyFilter {
    words: Box<[u64]>,
}

/// log2 of the number of 64-bit words in a [`KeyFilter`].
const FILTER_WORD_BITS: u32 = 16;

impl KeyFilter {
    /// Reads every slot's tag: a few milliseconds, once per gazetteer.
    fn build(g: &Gazetteer) -> KeyFilter {
        let mut words = vec![0u64; 1 << FILTER_WORD_BITS].into_boxed_slice();
        let off = g.header.slots_off as usize;
        let slots = &g.blob[off..off + g.header.n_slots as usize * 8];
        for s in slots.chunks_exact(8) {
            if super::rd_u32(s, 0) != 0 {
                let (w, bits) = KeyFilter::probe(super::rd_u32(s, 4));
                words[w] |= bits;
            }
        }
        KeyFilter { words }
    }

    /// The word and the three bits that a tag sets.
    fn probe(tag: u32) -> (usize, u64) {
        let x = u64::from(tag).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let word = (x >> (64 - FILTER_WORD_BITS)) as usize;
        let bits = (1u64 << (x & 63)) | (1u64 << ((x >> 6) & 63)) | (1u64 << ((x >> 12) & 63));
        (word, bits)
    }

    /// Starts loading the word that [`KeyFilter::may_contain`] reads.
    fn prefetch(&self, hash: u64) {
        let (w, _) = KeyFilter::probe((hash >> 32) as u32);
        prefetch(&self.words[w]);
    }

    /// False when no key with this hash is in the index.
    fn may_contain(&self, hash: u64) -> bool {
        let (w, bits) = KeyFilter::probe((hash >> 32) as u32);
        self.words[w] & bits == bits
    }
}

/// A lookup memo bound to one gazetteer (see [`Gazetteer::with_memo`]).
pub struct Memo<'g, 'm> {
    gaz: &'g Gazetteer,
    filter: &'g KeyFilter,
    table: &'m mut Table,
}

impl Gazetteer {
    /// Runs `f` with this thread's lookup memo, bound to this gazetteer.
    pub fn with_memo<R>(&self, f: impl FnOnce(&mut Memo<'_, '_>) -> R) -> R {
        let filter = self.filter.get_or_init(|| KeyFilter::build(self));
        TABLE.with(|cell| match cell.try_borrow_mut() {
            Ok(mut table) => {
                if table.gaz_id != self.id {
                    table.clear();
                    table.gaz_id = self.id;
                }
                f(&mut Memo {
                    gaz: self,
                    filter,
                    table: &mut table,
                })
            }
            // Called again from inside `f`: a small table of its own.
            Err(_) => f(&mut Memo {
                gaz: self,
                filter,
                table: &mut Table::new(8),
            }),
        })
    }
}

impl<'g> Memo<'g, '_> {
    /// The gazetteer this memo answers for.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gaz
    }

    /// [`Gazetteer::entry`], memoised.
    pub fn entry(&mut self, key: &str) -> Option<NameEntry<'g>> {
        self.entry_top(key).map(|(e, _)| e)
    }

    /// [`Gazetteer::entry`], memoised, with the kind and population of the
    /// best candidate when there is one.
    pub fn entry_top(&mut self, key: &str) -> Option<(NameEntry<'g>, Option<Top>)> {
        let key = key.as_bytes();
        self.entry_top_hashed(key, fnv1a64(key))
    }

    /// Starts loading what lookups of the keys with these [`fnv1a64`]
    /// hashes will read, so that they find it in cache: their sets' hashes
    /// and filter words first, then their memo slots, or, for keys the memo
    /// lacks and the filter lets through, their slots in the index and their
    /// entries. One batch (of up to 64 keys at a time) overlaps the cache
    /// misses that lookups one by one would wait for in turn.
    pub fn prefetch(&self, hashes: &[u64]) {
        let sets = self.table.hashes.len();
        // In batches of 64, so that one word marks the keys whose entries
        // are wanted.
        for batch in hashes.chunks(64) {
            for &h in batch {
                prefetch(&self.table.hashes[h as usize & (sets - 1)]);
                self.filter.prefetch(h);
            }
            let mut wanted = 0u64;
            for (i, &h) in batch.iter().enumerate() {
                let set = h as usize & (sets - 1);
                match self.table.hashes[set].iter().position(|&x| x == h) {
                    Some(k) => prefetch(&self.table.slots[set][k]),
                    None if self.filter.may_contain(h) => {
                        self.gaz.prefetch_slot(h);
                        wanted |= 1 << i;
                    }
                    None => {}
                }
            }
            while wanted != 0 {
                self.gaz
                    .prefetch_entry(batch[wanted.trailing_zeros() as usize]);
                wanted &= wanted - 1;
            }
        }
    }

    /// [`Memo::entry_top`] of a key whose [`fnv1a64`] is `hash`.
    pub fn entry_top_hashed(
        &mut self,
        key: &[u8],
        hash: u64,
    ) -> Option<(NameEntry<'g>, Option<Top>)> {
        if key.len() > KEY_MAX {
            if !self.filter.may_contain(hash) {
                return None;
            }
            return self.fetch(key, hash).and_then(|s| self.decode(&s));
        }
        let key_len = key.len() as u8;
        let sets = self.table.hashes.len();
        let set = hash as usize & (sets - 1);
        let hashes = self.table.hashes[set];
        // A filled slot's key is zero-padded past `key_len`, so its first
        // `key_len` bytes are all there is to compare.
        let hit = |s: &Slot| s.key_len == key_len && key_eq(&s.key, key);
        if hashes[0] == hash && hit(&self.table.slots[set][0]) {
            return self.decode(&self.table.slots[set][0]);
        }
        if hashes[1] == hash && hit(&self.table.slots[set][1]) {
            self.table.slots[set].swap(0, 1);
            self.table.hashes[set].swap(0, 1);
            return self.decode(&self.table.slots[set][0]);
        }
        let mut padded = [0u8; KEY_MAX];
        padded[..key.len()].copy_from_slice(key);
        let mut slot = Slot {
            key_len,
            key: padded,
            ..EMPTY_SLOT
        };
        if !self.filter.may_contain(hash) {
            // Absent: kept in the less recently used slot, so that one
            // stray word does not push out a frequent name.
            self.table.slots[set][1] = slot;
            self.table.hashes[set][1] = hash;
            return None;
        }
        if let Some(found) = self.fetch(key, hash) {
            slot = Slot {
                key: slot.key,
                key_len,
                ..found
            };
        }
        self.table.slots[set][1] = self.table.slots[set][0];
        self.table.hashes[set][1] = hashes[0];
        self.table.slots[set][0] = slot;
        self.table.hashes[set][0] = hash;
        self.decode(&slot)
    }

    /// Looks the key up in the gazetteer; `None` when it is absent.
    fn fetch(&self, key: &[u8], hash: u64) -> Option<Slot> {
        let g = self.gaz;
        let e = g.find_hashed(key, hash)?;
        let entry = g.entry_at(e)?;
        let top = entry.candidates().next();
        Some(Slot {
            cands_off: (e + super::format::ENTRY_HEADER + key.len()) as u32,
            top_pop: top.map_or(0, |i| g.population_of(i) as u32),
            n: entry.len() as u16,
            flags: entry.flags,
            zipf10: entry.zipf10,
            found: true,
            top_kind: top.map_or(0, |i| g.kind_code_of(i)),
            key_len: EMPTY,
            key: [0; KEY_MAX],
        })
    }

    fn decode(&self, s: &Slot) -> Option<(NameEntry<'g>, Option<Top>)> {
        if !s.found {
            return None;
        }
        let c = s.cands_off as usize;
        let cands = self.gaz.blob.get(c..c + 4 * usize::from(s.n))?;
        let entry = NameEntry {
            flags: s.flags,
            zipf10: s.zipf10,
            cands,
        };
        let top = entry.candidates().next().map(|index| Top {
            index,
            kind: Kind::from_code(s.top_kind).unwrap_or(Kind::City),
            population: u64::from(s.top_pop),
        });
        Some((entry, top))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_eq_compares_the_key_with_the_start_of_the_slot() {
        let mut stored = [0u8; KEY_MAX];
        for (i, b) in stored.iter_mut().enumerate() {
            *b = b'a' + (i % 26) as u8;
        }
        for len in 0..=KEY_MAX {
            let key = stored[..len].to_vec();
            assert!(key_eq(&stored, &key), "{len}");
            for at in 0..len {
                let mut other = key.clone();
                other[at] ^= 1;
                assert!(!key_eq(&stored, &other), "{len} {at}");
            }
        }
        assert!(!key_eq(&stored, &[b'a'; KEY_MAX + 1]));
    }

    #[test]
    fn memo_answers_like_the_index() {
        let g = Gazetteer::bundled();
        let keys = [
            "the",
            "kabul",
            "russian",
            "rio grande do sul",
            "no such place at all",
            "a name much longer than the memo keeps, for sure",
            "kabul",
            "the",
        ];
        g.with_memo(|m| {
            for _ in 0..2 {
                for k in keys {
                    let want = g.entry(k);
                    let got = m.entry_top(k);
                    assert_eq!(got.is_some(), want.is_some(), "{k}");
                    if let (Some((e, top)), Some(w)) = (got, want) {
                        assert_eq!(e.flags, w.flags, "{k}");
                        assert_eq!(e.zipf10, w.zipf10, "{k}");
                        assert!(e.candidates().eq(w.candidates()), "{k}");
                        let first = w.candidates().next().map(|i| g.place(i));
                        assert_eq!(top.map(|t| t.index), first.map(|p| p.index), "{k}");
                        assert_eq!(top.map(|t| t.kind), first.map(|p| p.kind), "{k}");
                        assert_eq!(
                            top.map(|t| t.population),
                            first.map(|p| p.population),
                            "{k}"
                        );
                    }
                }
            }
            // Nested use gets a table of its own and the same answers.
            g.with_memo(|inner| assert!(inner.entry("kabul").is_some()));
        });
    }
}
