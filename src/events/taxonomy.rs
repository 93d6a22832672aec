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

/// Byte offsets in `text` where some trigger may start: one pass of an
/// Aho-Corasick automaton over the whole text (ASCII case-insensitive, at
/// word boundaries). Sentences without one need no closer look.
pub fn trigger_starts(text: &str) -> Vec<usize> {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(TRIGGERS.iter().map(|t| t.words))
            .expect("the trigger list builds an automaton")
    });
    let bytes = text.as_bytes();
    let word_byte = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    ac.find_iter(text)
        .filter(|m| {
            (m.start() == 0 || !word_byte(bytes[m.start() - 1]))
                && bytes.get(m.end()).is_none_or(|&b| !word_byte(b))
        })
        .map(|m| m.start())
        .collect()
}

/// The longest trigger starting with `words` (lowercase words of the text
/// from some position): the trigger and how many words it spans.
pub fn trigger_at(words: &[&str]) -> Option<(&'static Trigger, usize)> {
    // Triggers bucketed by the first letter of their first word: a word is
    // compared (length first) with the handful that share its letter.
    type Buckets = Vec<Vec<(&'static str, &'static Trigger)>>;
    static BY_LETTER: OnceLock<Buckets> = OnceLock::new();
    let by_letter = BY_LETTER.get_or_init(|| {
        let mut v: Buckets = vec![Vec::new(); 26];
        for t in TRIGGERS {
            let first = t.words.split(' ').next().unwrap_or(t.words);
            if let Some(b) = first.bytes().next().filter(u8::is_ascii_lowercase) {
                v[usize::from(b - b'a')].push((first, t));
            }
        }
        v
    });
    let first = *words.first()?;
    let letter = first.bytes().next().filter(u8::is_ascii_lowercase)?;
    by_letter[usize::from(letter - b'a')]
        .iter()
        .filter(|(f, _)| f.len() == first.len() && *f == first)
        .filter_map(|(_, t)| {
            let n = t.words.split(' ').count();
            (words.len() >= n && t.words.split(' ').zip(words).all(|(a, b)| a == *b))
                .then_some((*t, n))
        })
        .max_by_key(|(_, n)| *n)
}
