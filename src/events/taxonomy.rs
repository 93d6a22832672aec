//! The event taxonomy: types and the trigger words that mark them.
//! (Filled in by the events stage; see DESIGN.md.)

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Event types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// Attacks, bombings, explosions, shootings.
    Attack,
    /// Fighting between armed groups.
    ArmedClash,
    /// Protests, demonstrations, strikes.
    Protest,
    /// Floods, earthquakes, storms, fires, droughts, epidemics.
    NaturalDisaster,
    /// Crashes, collisions, industrial accidents.
    Accident,
    /// Deployments, exercises, withdrawals, evacuations by armed forces.
    MilitaryMovement,
    /// Statements, meetings, agreements, elections, government change.
    Political,
    /// People fleeing, refugees, displacement.
    Displacement,
    /// Places taken, captured, held or lost.
    TerritorialControl,
}

impl EventType {
    /// Every type, in legend order.
    pub const ALL: [EventType; 9] = [
        EventType::Attack,
        EventType::ArmedClash,
        EventType::Protest,
        EventType::NaturalDisaster,
        EventType::Accident,
        EventType::MilitaryMovement,
        EventType::Political,
        EventType::Displacement,
        EventType::TerritorialControl,
    ];

    /// The name used in output ("armed_clash").
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Attack => "attack",
            EventType::ArmedClash => "armed_clash",
            EventType::Protest => "protest",
            EventType::NaturalDisaster => "natural_disaster",
            EventType::Accident => "accident",
            EventType::MilitaryMovement => "military_movement",
            EventType::Political => "political",
            EventType::Displacement => "displacement",
            EventType::TerritorialControl => "territorial_control",
        }
    }

    /// A label for legends ("Armed clash").
    pub fn label(self) -> &'static str {
        match self {
            EventType::Attack => "Attack",
            EventType::ArmedClash => "Armed clash",
            EventType::Protest => "Protest",
            EventType::NaturalDisaster => "Natural disaster",
            EventType::Accident => "Accident",
            EventType::MilitaryMovement => "Military movement",
            EventType::Political => "Political",
            EventType::Displacement => "Displacement",
            EventType::TerritorialControl => "Territorial control",
        }
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A trigger: the words as they appear (lowercase, space-separated for
/// several words), the type, and a subtype where the word gives one.
pub struct Trigger {
    /// Lowercase words.
    pub words: &'static str,
    /// Event type.
    pub kind: EventType,
    /// Finer type ("withdrawal").
    pub subtype: Option<&'static str>,
}

const fn t(words: &'static str, kind: EventType) -> Trigger {
    Trigger {
        words,
        kind,
        subtype: None,
    }
}

const fn st(words: &'static str, kind: EventType, subtype: &'static str) -> Trigger {
    Trigger {
        words,
        kind,
        subtype: Some(subtype),
    }
}

use EventType::*;

/// The trigger lexicon: every word form that marks an event, by type.
/// Longer entries win over shorter ones at the same position ("air strike"
/// over "strike"). Words too ambiguous to list on their own: "strike"
/// (labour or air), "march" (the month), "fell" (prices fall), "shot"
/// (photographs), "killed" (a count, not an event).
pub const TRIGGERS: &[Trigger] = &[
    // attack
    t("attack", Attack),
    t("attacks", Attack),
    t("attacked", Attack),
    t("bombing", Attack),
    t("bombings", Attack),
    t("bombed", Attack),
    t("suicide bombing", Attack),
    t("car bomb", Attack),
    t("explosion", Attack),
    t("explosions", Attack),
    t("exploded", Attack),
    t("blast", Attack),
    t("blasts", Attack),
    t("shooting", Attack),
    t("shootings", Attack),
    t("opened fire", Attack),
    t("ambush", Attack),
    t("ambushed", Attack),
    t("air strike", Attack),
    t("air strikes", Attack),
    t("airstrike", Attack),
    t("airstrikes", Attack),
    t("shelling", Attack),
    t("shelled", Attack),
    t("massacre", Attack),
    t("assassination", Attack),
    t("assassinated", Attack),
    t("stabbing", Attack),
    t("raid", Attack),
    t("bomb", Attack),
    t("roadside bomb", Attack),
    t("drone strike", Attack),
    t("drone strikes", Attack),
    t("missile strike", Attack),
    t("missile strikes", Attack),
    t("rocket attack", Attack),
    t("kidnapped", Attack),
    t("abducted", Attack),
    // armed clash
    t("clash", ArmedClash),
    t("clashes", ArmedClash),
    t("clashed", ArmedClash),
    t("fighting", ArmedClash),
    t("fought", ArmedClash),
    t("battle", ArmedClash),
    t("battles", ArmedClash),
    t("battled", ArmedClash),
    t("firefight", ArmedClash),
    t("gunfight", ArmedClash),
    t("skirmish", ArmedClash),
    t("skirmishes", ArmedClash),
    t("offensive", ArmedClash),
    t("counteroffensive", ArmedClash),
    // protest
    t("protest", Protest),
    t("protests", Protest),
    t("protested", Protest),
    t("protesters", Protest),
    t("protestors", Protest),
    t("demonstration", Protest),
    t("demonstrations", Protest),
    t("demonstrators", Protest),
    t("rally", Protest),
    t("rallies", Protest),
    t("rallied", Protest),
    t("marched", Protest),
    t("marchers", Protest),
    t("sit-in", Protest),
    t("walkout", Protest),
    t("went on strike", Protest),
    t("general strike", Protest),
    t("held a strike", Protest),
    t("staged a strike", Protest),
    t("on strike", Protest),
    t("demonstrated", Protest),
    t("riots", Protest),
    t("rioting", Protest),
    // natural disaster
    t("flood", NaturalDisaster),
    t("floods", NaturalDisaster),
    t("flooding", NaturalDisaster),
    t("flooded", NaturalDisaster),
    t("flash floods", NaturalDisaster),
    t("floodwater", NaturalDisaster),
    t("floodwaters", NaturalDisaster),
    t("heavy rain", NaturalDisaster),
    t("heavy rains", NaturalDisaster),
    t("torrential rain", NaturalDisaster),
    t("torrential rains", NaturalDisaster),
    t("earthquake", NaturalDisaster),
    t("earthquakes", NaturalDisaster),
    t("quake", NaturalDisaster),
    t("tremor", NaturalDisaster),
    t("storm", NaturalDisaster),
    t("storms", NaturalDisaster),
    t("hurricane", NaturalDisaster),
    t("cyclone", NaturalDisaster),
    t("typhoon", NaturalDisaster),
    t("tornado", NaturalDisaster),
    t("wildfire", NaturalDisaster),
    t("wildfires", NaturalDisaster),
    t("bushfire", NaturalDisaster),
    t("forest fire", NaturalDisaster),
    t("landslide", NaturalDisaster),
    t("landslides", NaturalDisaster),
    t("mudslide", NaturalDisaster),
    t("drought", NaturalDisaster),
    t("heatwave", NaturalDisaster),
    t("tsunami", NaturalDisaster),
    t("eruption", NaturalDisaster),
    t("erupted", NaturalDisaster),
    t("avalanche", NaturalDisaster),
    t("outbreak", NaturalDisaster),
    t("epidemic", NaturalDisaster),
    // accident
    t("crash", Accident),
    t("crashes", Accident),
    t("crashed", Accident),
    t("collision", Accident),
    t("collided", Accident),
    t("derailed", Accident),
    t("derailment", Accident),
    t("capsized", Accident),
    t("sank", Accident),
    t("shipwreck", Accident),
    t("accident", Accident),
    t("accidents", Accident),
    t("pile-up", Accident),
    t("ran aground", Accident),
    t("collapse", Accident),
    t("collapsed", Accident),
    // military movement
    st("withdrawal", MilitaryMovement, "withdrawal"),
    st("withdrew", MilitaryMovement, "withdrawal"),
    st("withdrawn", MilitaryMovement, "withdrawal"),
    st("pulled out", MilitaryMovement, "withdrawal"),
    st("pullout", MilitaryMovement, "withdrawal"),
    st("retreated", MilitaryMovement, "withdrawal"),
    st("deployed", MilitaryMovement, "deployment"),
    st("deployment", MilitaryMovement, "deployment"),
    st("deploying", MilitaryMovement, "deployment"),
    st("reinforcements", MilitaryMovement, "deployment"),
    st("sent troops", MilitaryMovement, "deployment"),
    st("sent soldiers", MilitaryMovement, "deployment"),
    st("exercise", MilitaryMovement, "exercise"),
    st("exercises", MilitaryMovement, "exercise"),
    st("drills", MilitaryMovement, "exercise"),
    st("manoeuvres", MilitaryMovement, "exercise"),
    st("maneuvers", MilitaryMovement, "exercise"),
    st("airlift", MilitaryMovement, "evacuation"),
    st("patrols", MilitaryMovement, "patrol"),
    // political
    st("meeting", Political, "meeting"),
    st("met", Political, "meeting"),
    st("talks", Political, "meeting"),
    st("summit", Political, "meeting"),
    st("agreement", Political, "agreement"),
    st("deal", Political, "agreement"),
    st("treaty", Political, "agreement"),
    st("ceasefire", Political, "agreement"),
    st("truce", Political, "agreement"),
    st("signed", Political, "agreement"),
    st("election", Political, "election"),
    st("elections", Political, "election"),
    st("referendum", Political, "election"),
    st("elected", Political, "election"),
    st("resigned", Political, "government change"),
    st("resignation", Political, "government change"),
    st("sworn in", Political, "government change"),
    st("coup", Political, "government change"),
    st("ousted", Political, "government change"),
    st("sanctions", Political, "sanctions"),
    // displacement
    t("fled", Displacement),
    t("fleeing", Displacement),
    t("refugees", Displacement),
    t("displaced", Displacement),
    t("displacement", Displacement),
    t("evacuated", Displacement),
    t("evacuation", Displacement),
    t("evacuees", Displacement),
    t("exodus", Displacement),
    t("crossed into", Displacement),
    t("crossed the border", Displacement),
    // territorial control
    t("captured", TerritorialControl),
    t("seized", TerritorialControl),
    t("took control", TerritorialControl),
    t("taken control", TerritorialControl),
    t("retook", TerritorialControl),
    t("recaptured", TerritorialControl),
    t("overran", TerritorialControl),
    t("surrendered", TerritorialControl),
    t("fell to", TerritorialControl),
    t("takeover", TerritorialControl),
    t("took over", TerritorialControl),
    t("liberated", TerritorialControl),
];

/// The trigger automaton: Aho-Corasick over [`TRIGGERS`], ASCII
/// case-insensitive, leftmost-longest, as a DFA built once.
fn automaton() -> &'static aho_corasick::AhoCorasick {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(TRIGGERS.iter().map(|t| t.words))
            .expect("the trigger list builds an automaton")
    })
}

/// Bytes that make words for the trigger search: ASCII letters and digits,
/// and any non-ASCII byte.
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// An automaton match that starts and ends at word boundaries of `text`.
fn at_boundaries(text: &[u8], m: &aho_corasick::Match) -> bool {
    (m.start() == 0 || !word_byte(text[m.start() - 1]))
        && text.get(m.end()).is_none_or(|&b| !word_byte(b))
}

/// Byte offsets in `text` where some trigger may start: one pass of an
/// Aho-Corasick automaton over the whole text (ASCII case-insensitive, at
/// word boundaries). Sentences without one need no closer look.
///
/// The events stage uses the faster [`trigger_candidates`] and
/// [`has_trigger_start`], which together give the same sentences.
pub fn trigger_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    automaton()
        .find_iter(text)
        .filter(|m| at_boundaries(bytes, m))
        .map(|m| m.start())
        .collect()
}

/// True when [`trigger_starts`]`(text)` has an offset in `from..to`, for a
/// range that no trigger can cross (one of [`super::sentences`], which end
/// at a stop or a blank line) and `first`, the first of
/// [`trigger_candidates`]`(text)` in it.
///
/// Every offset of `trigger_starts` is a candidate, so none lies before
/// `first`; and at `first` a trigger is written from word boundary to word
/// boundary. The automaton's leftmost-longest search reports it unless a
/// match it finds earlier runs past `first`, or a longer trigger also
/// matches at `first` (and ends inside a word). When neither can happen
/// ([`PrefixIndex::overlapped`], [`PrefixIndex::extensible`]) the answer is
/// yes without a search. Otherwise the search runs, from the last byte
/// before `first` that no trigger holds ([`trigger_byte`]): no match
/// crosses it, so the whole-text search reaches that point between two
/// matches and finds the same ones after it.
pub(crate) fn has_trigger_start(text: &str, from: usize, first: usize, to: usize) -> bool {
    let bytes = text.as_bytes();
    // Just after the last byte before `at` that no trigger holds.
    let after_break = |from: usize, at: usize| {
        bytes[from..at]
            .iter()
            .rposition(|&b| !trigger_byte(b))
            .map_or(from, |k| from + k + 1)
    };
    let index = PrefixIndex::get();
    let near = from.max((first + 1).saturating_sub(index.longest));
    if !index.extensible && !index.overlapped(bytes, after_break(near, first), first) {
        return true;
    }
    let begin = after_break(from, first);
    let input = aho_corasick::Input::new(text).span(begin..to);
    automaton()
        .find_iter(input)
        .any(|m| at_boundaries(bytes, &m))
}

/// The bytes that triggers are written with, in any ASCII case.
fn trigger_byte(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b' ' || b == b'-'
}

/// Appends to `out` the byte offsets in `text` where a trigger is written
/// (in any ASCII case) from the start of a word to the end of one: a
/// superset of [`trigger_starts`], which leaves out some of these where an
/// overlapping match came first, but much cheaper than running the
/// automaton over every byte.
///
/// The text goes 64 bytes at a time: a mask of its word bytes
/// ([`word_bits8`]) gives the word starts; at each, the first four bytes,
/// ASCII-lowercased, are hashed into a bitmap ([`PrefixIndex`]) without
/// branching; the few starts that pass are compared with the triggers.
///
/// Returns whether `text` is all ASCII, which the scan sees on the way.
pub(crate) fn trigger_candidates(text: &str, out: &mut Vec<usize>) -> bool {
    let index = PrefixIndex::get();
    let bytes = text.as_bytes();
    // The bytes of the text ORed together, eight at a time.
    let mut all = 0u64;
    // Bit 63 of the previous chunk's word mask.
    let mut prev = 0u64;
    let mut at = 0;
    while at < bytes.len() {
        // The chunk, and 3 bytes after it for the keys (zeros past the end).
        let mut padded = [0u8; 67];
        let window: &[u8; 67] = match bytes.get(at..at + 67) {
            Some(w) => w.try_into().expect("67 bytes"),
            None => {
                let rest = &bytes[at..];
                padded[..rest.len()].copy_from_slice(rest);
                &padded
            }
        };
        let mut words = 0u64;
        for (k, eight) in window[..64].chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
            all |= x;
            words |= word_bits8(x) << (8 * k);
        }
        let mut starts = words & !((words << 1) | prev);
        prev = words >> 63;
        let mut pass = 0u64;
        while starts != 0 {
            let j = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            let four = u32::from_le_bytes(window[j..j + 4].try_into().expect("4 bytes"));
            pass |= u64::from(index.may_start(four)) << j;
        }
        while pass != 0 {
            let j = pass.trailing_zeros() as usize;
            pass &= pass - 1;
            let four = u32::from_le_bytes(window[j..j + 4].try_into().expect("4 bytes"));
            if index.trigger_at(bytes, at + j, four) {
                out.push(at + j);
            }
        }
        at += 64;
    }
    all & 0x8080_8080_8080_8080 == 0
}

/// [`word_byte`] for the eight bytes of `x` at once (SWAR): bit `k` of the
/// result is set when byte `k` (little-endian) is a word byte.
fn word_bits8(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const fn splat(b: u8) -> u64 {
        b as u64 * 0x0101_0101_0101_0101
    }
    // High bit of each byte of `y` (all below 0x80) that lies in lo..=hi:
    // adding 0x80 - lo sets it from lo up, adding 0x7f - hi from hi + 1
    // up; no sum carries into the next byte.
    fn in_range(y: u64, lo: u8, hi: u8) -> u64 {
        (y + splat(0x80 - lo)) & !(y + splat(0x7f - hi)) & HIGH
    }
    let ascii = x & !HIGH;
    let word = (x & HIGH) | in_range(ascii, b'0', b'9') | in_range(ascii | splat(0x20), b'a', b'z');
    // Gather the eight high bits into the top byte, then down.
    ((word >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Four bytes (little-endian) with 0x20 set in each: ASCII letters
/// lowercased, and spaces and hyphens (the other bytes of triggers) kept.
/// Other bytes may change, but a trigger written in any case gives the key
/// of the trigger itself.
fn lower4(four: u32) -> u32 {
    four | 0x2020_2020
}

/// What [`trigger_candidates`] looks words up in: a bitmap (4 KiB, so it
/// stays in the L1 cache) of hashed [`lower4`] keys that a trigger written
/// at a word start can give, which rules out most words; and the triggers
/// by their first three bytes, to compare the rest with.
struct PrefixIndex {
    /// Bit [`PrefixIndex::slot`] of each key.
    bits: [u64; 1 << (PrefixIndex::SLOT_BITS - 6)],
    /// The triggers by key: an open-addressing table of (key, index of the
    /// first in `keyed`, how many), key 0 (which no key is) where empty.
    table: Vec<(u32, u16, u16)>,
    /// The triggers of each key, together.
    keyed: Vec<&'static [u8]>,
    /// Bit [`PrefixIndex::slot`] of the first three bytes of each trigger
    /// (lowercase, as the key of [`PrefixIndex::three`]).
    bits3: [u64; 1 << (PrefixIndex::SLOT_BITS - 6)],
    /// (first three bytes as the low bytes of a `u32`, trigger), sorted.
    by_three: Vec<(u32, &'static [u8])>,
    /// Length of the longest trigger.
    longest: usize,
    /// Some trigger begins with another and a space or hyphen ("air
    /// strike" would extend "air"): see [`has_trigger_start`].
    extensible: bool,
}

impl PrefixIndex {
    const SLOT_BITS: u32 = 15;

    fn get() -> &'static PrefixIndex {
        static INDEX: OnceLock<PrefixIndex> = OnceLock::new();
        INDEX.get_or_init(|| {
            let mut bits = [0u64; 1 << (Self::SLOT_BITS - 6)];
            let mut bits3 = [0u64; 1 << (Self::SLOT_BITS - 6)];
            let mut by_three = Vec::new();
            let mut by_key: Vec<(u32, &'static [u8])> = Vec::new();
            for t in TRIGGERS {
                let w = t.words.as_bytes();
                // The byte after the first three: the trigger's fourth, or,
                // for a three-letter trigger, any byte that ends a word.
                let fourths: Vec<u8> = match w.get(3) {
                    Some(&b) => vec![b],
                    None => (0..=255).filter(|&b| !word_byte(b)).collect(),
                };
                for b in fourths {
                    let key = lower4(u32::from_le_bytes([w[0], w[1], w[2], b]));
                    let slot = Self::slot(key);
                    bits[slot / 64] |= 1 << (slot % 64);
                    by_key.push((key, w));
                }
                let slot = Self::slot(Self::three(w));
                bits3[slot / 64] |= 1 << (slot % 64);
                by_three.push((Self::three(w), w));
            }
            by_three.sort_unstable();
            by_key.sort_unstable();
            by_key.dedup();
            let mut table = vec![(0u32, 0u16, 0u16); (by_key.len() * 4).next_power_of_two()];
            let mut i = 0;
            while i < by_key.len() {
                let key = by_key[i].0;
                let n = by_key[i..].iter().take_while(|e| e.0 == key).count();
                let mut slot = Self::slot(key) % table.len();
                while table[slot].0 != 0 {
                    slot = (slot + 1) % table.len();
                }
                let small = |x: usize| u16::try_from(x).expect("few triggers");
                table[slot] = (key, small(i), small(n));
                i += n;
            }
            let keyed = by_key.into_iter().map(|(_, w)| w).collect();
            let extensible = TRIGGERS.iter().any(|long| {
                TRIGGERS.iter().any(|short| {
                    long.words
                        .strip_prefix(short.words)
                        .is_some_and(|rest| rest.starts_with([' ', '-']))
                })
            });
            PrefixIndex {
                bits,
                table,
                keyed,
                bits3,
                by_three,
                longest: TRIGGERS.iter().map(|t| t.words.len()).max().unwrap_or(0),
                extensible,
            }
        })
    }

    /// A multiplicative hash of a key into the bitmap.
    fn slot(key: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B1) >> (32 - Self::SLOT_BITS)) as usize
    }

    /// The first three bytes of `w` (zeros past its end), lowercased.
    fn three(w: &[u8]) -> u32 {
        let at = |k: usize| w.get(k).map_or(0, u8::to_ascii_lowercase);
        u32::from_le_bytes([at(0), at(1), at(2), 0])
    }

    /// Some trigger may be written where these four bytes start (false:
    /// none is).
    fn may_start(&self, four: u32) -> bool {
        let slot = Self::slot(lower4(four));
        (self.bits[slot / 64] >> (slot % 64)) & 1 == 1
    }

    /// The triggers written at `i` (any ASCII case).
    fn written_at<'a>(
        &'a self,
        bytes: &'a [u8],
        i: usize,
    ) -> impl Iterator<Item = &'static [u8]> + 'a {
        let three = Self::three(&bytes[i..]);
        let first = self.by_three.partition_point(|&(k, _)| k < three);
        self.by_three[first..]
            .iter()
            .take_while(move |&&(k, _)| k == three)
            .map(|&(_, t)| t)
            .filter(move |t| {
                bytes
                    .get(i..i + t.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(t))
            })
    }

    /// Some trigger is written at `i` (any ASCII case) and ends at a word
    /// boundary; `four` are the four bytes at `i` (zeros past the end).
    fn trigger_at(&self, bytes: &[u8], i: usize, four: u32) -> bool {
        let key = lower4(four);
        let mask = self.table.len() - 1;
        let mut slot = Self::slot(key) & mask;
        let (first, n) = loop {
            match self.table[slot] {
                (0, _, _) => return false,
                (k, first, n) if k == key => break (usize::from(first), usize::from(n)),
                _ => slot = (slot + 1) & mask,
            }
        };
        self.keyed[first..first + n].iter().any(|t| {
            bytes
                .get(i..i + t.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(t))
                && bytes.get(i + t.len()).is_none_or(|&b| !word_byte(b))
        })
    }

    /// Some trigger is written (any ASCII case) from a byte in
    /// `begin..first` to a byte after `first`: only such a match of the
    /// automaton could cover `first`.
    fn overlapped(&self, bytes: &[u8], begin: usize, first: usize) -> bool {
        (begin..first).any(|s| {
            let slot = Self::slot(Self::three(&bytes[s..]));
            (self.bits3[slot / 64] >> (slot % 64)) & 1 == 1
                && self.written_at(bytes, s).any(|t| s + t.len() > first)
        })
    }
}

/// The longest trigger starting with `words` (lowercase words of the text
/// from some position): the trigger and how many words it spans.
pub fn trigger_at(words: &[&str]) -> Option<(&'static Trigger, usize)> {
    // Triggers bucketed by the first letter of their first word: a word is
    // compared (length first) with the handful that share its letter, if
    // its length, first and last bytes are those of some trigger's first
    // word (a bitmap over these shapes).
    type Buckets = Vec<Vec<Entry>>;
    fn shape(w: &[u8]) -> usize {
        let (first, last) = (w.first().unwrap_or(&0), w.last().unwrap_or(&0));
        w.len().min(15) << 10 | usize::from(first & 31) << 5 | usize::from(last & 31)
    }
    static BY_LETTER: OnceLock<(Vec<u64>, Buckets)> = OnceLock::new();
    let (shapes, by_letter) = BY_LETTER.get_or_init(|| {
        let mut v: Buckets = vec![Vec::new(); 26];
        let mut shapes = vec![0u64; (16 << 10) / 64];
        for t in TRIGGERS {
            let mut split = t.words.split(' ');
            let first = split.next().unwrap_or(t.words);
            if let Some(b) = first.bytes().next().filter(u8::is_ascii_lowercase) {
                v[usize::from(b - b'a')].push((first, split.collect(), t));
                let s = shape(first.as_bytes());
                shapes[s / 64] |= 1 << (s % 64);
            }
        }
        (shapes, v)
    });
    let (&first, rest) = words.split_first()?;
    let s = shape(first.as_bytes());
    if (shapes[s / 64] >> (s % 64)) & 1 == 0 {
        return None;
    }
    let letter = first.bytes().next().filter(u8::is_ascii_lowercase)?;
    longest_in(&by_letter[usize::from(letter - b'a')], first, rest)
}

/// A trigger with its words split once, as [`trigger_at`] keeps it: the
/// first word, the words after it, the trigger.
type Entry = (&'static str, Vec<&'static str>, &'static Trigger);

/// The longest of `bucket`'s triggers written as `first` and then the start
/// of `rest`, and how many words it spans; of equally long ones, the last.
/// Apart from [`trigger_at`], which most words leave at its bitmap test, so
/// that this work costs that test nothing.
#[inline(never)]
fn longest_in(bucket: &[Entry], first: &str, rest: &[&str]) -> Option<(&'static Trigger, usize)> {
    bucket
        .iter()
        .filter(|(f, _, _)| f.len() == first.len() && *f == first)
        .filter_map(|(_, after, t)| {
            (rest.len() >= after.len() && after.iter().zip(rest).all(|(a, b)| a == b))
                .then_some((*t, after.len() + 1))
        })
        .max_by_key(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn triggers_are_written_with_trigger_bytes() {
        for t in TRIGGERS {
            assert!(t.words.bytes().all(trigger_byte), "{}", t.words);
            assert!(
                t.words.len() >= 3,
                "{}: PrefixIndex keys three bytes",
                t.words
            );
            assert!(t
                .words
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_lowercase()));
        }
    }

    #[test]
    fn word_bits8_agrees_with_word_byte() {
        for b in 0..=255u8 {
            for k in 0..8 {
                let mut eight = [b'.'; 8];
                eight[k] = b;
                let got = word_bits8(u64::from_le_bytes(eight));
                assert_eq!(got, u64::from(word_byte(b)) << k, "byte {b:#x} at {k}");
            }
        }
        let mut x = 0x0123_4567_89ab_cdefu64;
        for _ in 0..100_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let want = x
                .to_le_bytes()
                .iter()
                .enumerate()
                .fold(0, |m, (k, &b)| m | u64::from(word_byte(b)) << k);
            assert_eq!(word_bits8(x), want, "{x:#x}");
        }
    }

    #[test]
    fn trigger_at_takes_the_longest_trigger_written_at_the_first_word() {
        // The plain reading: every trigger whose words begin `words`, the
        // longest (the last of equal length) winning.
        let naive = |words: &[&str]| {
            TRIGGERS
                .iter()
                .filter_map(|t| {
                    let n = t.words.split(' ').count();
                    (words.len() >= n && t.words.split(' ').zip(words).all(|(a, b)| a == *b))
                        .then_some((t, n))
                })
                .max_by_key(|(_, n)| *n)
                .map(|(t, n)| (t.words, n))
        };
        let mut phrases: Vec<Vec<&str>> = Vec::new();
        for t in TRIGGERS {
            let words: Vec<&str> = t.words.split(' ').collect();
            for k in 1..=words.len() {
                phrases.push(words[..k].to_vec());
                phrases.push([&words[..k], &["strike", "the"]].concat());
            }
        }
        phrases.extend([vec![], vec!["air"], vec!["the", "attack"], vec!["Attack"]]);
        for words in &phrases {
            let got = trigger_at(words).map(|(t, n)| (t.words, n));
            assert_eq!(got, naive(words), "{words:?}");
        }
    }

    #[test]
    fn an_earlier_match_can_hide_a_trigger() {
        // "fell to" is found first and ends inside "tornado": no start.
        for (text, want) in [
            ("It fell tornado.", false),
            ("It fell, tornado.", true),
            ("A tornado fell tornado.", true),
            ("Rebels fell to the army.", true),
        ] {
            let mut candidates = Vec::new();
            trigger_candidates(text, &mut candidates);
            let first = candidates[0];
            assert_eq!(
                has_trigger_start(text, 0, first, text.len()),
                want,
                "{text}"
            );
            assert_eq!(!trigger_starts(text).is_empty(), want, "{text}");
        }
    }

    /// Text made of triggers in odd cases and spacings, and word pieces.
    fn trigger_text() -> impl Strategy<Value = String> {
        let pieces: Vec<&'static str> = TRIGGERS
            .iter()
            .map(|t| t.words)
            .chain([
                "AIR STRIKE",
                "Attack",
                "fell tornado",
                "air, strike",
                "on  strike",
                "x",
                "s",
                "ing",
                "-",
                "'",
                "\u{e9}",
                "\u{201d}",
                "1",
                " ",
                ".",
                "\n",
                "(",
                "\u{2019}",
                "met",
                "Met",
                "meth",
                "sit-in",
                "sit-",
                "pile-up",
            ])
            .collect();
        prop::collection::vec((prop::sample::select(pieces), 0..3u8), 0..40).prop_map(|v| {
            v.into_iter()
                .map(|(p, sep)| match sep {
                    0 => p.to_string(),
                    1 => format!("{p} "),
                    _ => format!("{p}."),
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn candidates_cover_trigger_starts(text in trigger_text()) {
            let mut candidates = Vec::new();
            let ascii = trigger_candidates(&text, &mut candidates);
            prop_assert_eq!(ascii, text.is_ascii());
            for s in trigger_starts(&text) {
                prop_assert!(candidates.contains(&s), "{} not a candidate in {:?}", s, text);
            }
            let bytes = text.as_bytes();
            for &c in &candidates {
                let written = |t: &Trigger| {
                    bytes
                        .get(c..c + t.words.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(t.words.as_bytes()))
                };
                prop_assert!(TRIGGERS.iter().any(written), "{} in {:?}", c, text);
            }
        }

        #[test]
        fn sentence_search_agrees_with_whole_text(text in trigger_text()) {
            let starts = trigger_starts(&text);
            let mut candidates = Vec::new();
            trigger_candidates(&text, &mut candidates);
            for (from, to) in super::super::sentences(&text) {
                let whole = starts.iter().any(|&s| (from..to).contains(&s));
                let first = candidates.iter().find(|&&c| (from..to).contains(&c));
                let here = first.is_some_and(|&first| has_trigger_start(&text, from, first, to));
                prop_assert_eq!(whole, here, "{:?} in {:?}", &text[from..to], text);
            }
        }
    }
}
