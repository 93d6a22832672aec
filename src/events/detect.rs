//! Detection: is a trigger form written in a sentence an event there? A
//! logistic model ([`super::model`], weights in `detect.tsv`) over the form
//! (its lemma, its part of speech, whether the lexicon calls it strong) and
//! its context: the words around it, a hedge, negation or future before it
//! ("could strike", "no one was killed", "will protest"), a memory ("the
//! anniversary of the bombing"), what it acts on ("captured a suspect" /
//! "the town" / "weapons"), a place or a count near it. The lexicon lists
//! the forms; the model decides.
//!
//! The weights are learned by `scripts/train_events.py` from Halterman's
//! event sentences (the annotated verb: an event) and from the sentences we
//! annotated ourselves (`tests/data/events_annotated.jsonl`: events and
//! non-events of the same forms), cross-validated; DESIGN.md §4 gives the
//! figures.

use super::cues;
use super::model::{Model, Score, Sink};
use super::view::{Candidate, View};
use std::sync::OnceLock;

/// The shipped detector.
pub(crate) fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::parse(include_str!("detect.tsv")))
}

/// The probability that candidate `c` is an event, and whether the
/// detector keeps it.
pub(crate) fn detect(v: &View, c: &Candidate) -> (f64, bool) {
    // A weapon is an event only when used: "drones are cheap" tells of
    // none; "a grenade was hurled", "two drones struck" do (and the verb,
    // where the lexicon has it, is a mention of its own).
    // (One found or defused is an event too: a disrupted weapon.)
    if is_weapon(c)
        && !v
            .words
            .iter()
            .any(|w| USE.contains(w.lower) || cues::DISRUPT.contains(w.lower))
    {
        return (0.0, false);
    }
    // A chemical agent used is a chemical attack, and reports of one are
    // hedged by nature ("chlorine was likely used as a weapon", "toxic gas
    // suspected to be sarin was dropped"): only a negation keeps it out.
    if CHEMICAL_AGENTS.contains(&c.trigger.lemma) {
        let lo = c.word.saturating_sub(8);
        let hi = (c.end() + 8).min(v.words.len());
        let used = (lo..hi).any(|j| is_use(v.lower(j)));
        return if used && !told_as_unreal(v, c.word, true) {
            (0.85, true)
        } else {
            (0.0, false)
        };
    }
    // Burying is a disaster only with one in the sentence ("a landslide
    // buried the village", "buried under rubble"); "found buried near the
    // town" and funerals are none.
    if c.trigger.lemma == "bury"
        && !v.words.iter().any(|w| {
            cues::NATURE.contains(w.lower)
                || cues::ACCIDENT.contains(w.lower)
                || BURIES.contains(w.lower)
        })
    {
        return (0.0, false);
    }
    // A stock of arms ("a stash of firearms", "ammunition") is an event
    // only when told found or seized, and none of it used: a disrupted
    // weapons use ("a stash of rifles was found in a dam").
    if is_stock(c) {
        let lo = c.word.saturating_sub(6);
        let hi = (c.end() + 6).min(v.words.len());
        let found = (lo..hi).any(|j| cues::DISRUPT.contains(v.lower(j)))
            && !(lo..hi).any(|j| is_use(v.lower(j)))
            && !told_as_unreal(v, c.word, false);
        return if found { (0.9, true) } else { (0.0, false) };
    }
    // "Take" in its set phrases is no taking: "took off", "take part",
    // "took note", "take place"; nor is "took a heavy toll".
    if c.trigger.lemma == "take"
        && c.len == 1
        && (matches!(
            v.lower(c.end()),
            "off"
                | "part"
                | "note"
                | "care"
                | "office"
                | "place"
                | "steps"
                | "advantage"
                | "aim"
                | "time"
                | "shape"
                | "effect"
                | "root"
        ) || (c.end()..(c.end() + 4).min(v.words.len())).any(|j| v.lower(j) == "toll"))
    {
        return (0.0, false);
    }
    // "Fire" acting on a person is a dismissal: "they'd fire me", "fired
    // its coach" ("fired on them", "fired at troops" are shooting).
    if c.trigger.lemma == "fire"
        && c.len == 1
        && matches!(
            v.lower(c.end()),
            "me" | "him"
                | "her"
                | "them"
                | "us"
                | "you"
                | "employees"
                | "workers"
                | "staff"
                | "coach"
                | "manager"
                | "director"
        )
    {
        return (0.0, false);
    }
    // An agreement told as made is one: "agreed a fragile ceasefire",
    // "declared a truce", "announced a four-month ceasefire".
    if matches!(
        c.trigger.lemma,
        "ceasefire" | "truce" | "agreement" | "peace deal"
    ) && (c.word.saturating_sub(4)..c.word).any(|j| AGREE.contains(v.lower(j)))
        && !(c.word.saturating_sub(4)..c.word).any(|j| {
            cues::NEGATION.contains(v.lower(j))
                || cues::FUTURE.contains(v.lower(j))
                || cues::HEDGE.contains(v.lower(j))
        })
    {
        return (0.9, true);
    }
    let m = model();
    // What the form alone contributes is the same wherever it is written:
    // summed once per form.
    static FORM_SCORES: OnceLock<Vec<f64>> = OnceLock::new();
    let form_scores = FORM_SCORES.get_or_init(|| {
        super::lexicon::lexicon()
            .iter()
            .map(|t| {
                let mut s = Score::new(m);
                form_features(t, &mut s);
                s.sum
            })
            .collect()
    });
    let mut s = Score::new(m);
    s.sum = form_scores[c.trigger.index];
    context_features(v, c, &mut s);
    let p = s.probability();
    (p, p >= m.threshold)
}

/// Verbs that tell an agreement was made.
static AGREE: crate::words::WordSet = crate::words::WordSet::new(&[
    "agreed",
    "signed",
    "declared",
    "announced",
    "reached",
    "brokered",
    "struck",
    "sealed",
    "concluded",
]);

/// Verbs that tell a weapon was used.
static USE: crate::words::WordSet = crate::words::WordSet::new(&[
    "hurled",
    "hurl",
    "hurling",
    "threw",
    "thrown",
    "throw",
    "throwing",
    "lobbed",
    "lobbing",
    "fired",
    "firing",
    "fire",
    "dropped",
    "dropping",
    "planted",
    "detonated",
    "detonating",
    "exploded",
    "exploding",
    "explode",
    "went",
    "hit",
    "hits",
    "struck",
    "strikes",
    "landed",
    "launched",
    "launching",
    "slammed",
    "rained",
    "pounded",
    "targeted",
    "targeting",
    "killed",
    "killing",
    "wounded",
    "injured",
    "blew",
    "blown",
    "set",
    "used",
    "attack",
    "attacked",
    "shot",
    "downed",
    "intercepted",
    "defused",
    "seized",
    "found",
    "recovered",
    "hitting",
    "wounding",
    "injuring",
    "damaged",
    "destroyed",
]);

/// Phrases that make a sentence a history rather than an event ("has
/// suffered attacks for more than a decade").
const HABITUAL: [&str; 9] = [
    "for years",
    "for decades",
    "for a decade",
    "for more than a decade",
    "for over a decade",
    "in recent years",
    "over the years",
    "every year",
    "each year",
];

/// True when sentence `v` tells of what has happened for years rather than
/// of something that happened ([`HABITUAL`]).
pub(crate) fn habitual(v: &View) -> bool {
    // The phrases searched for together, in one pass.
    static PHRASES: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    v.words
        .iter()
        .any(|w| matches!(w.lower, "years" | "year" | "decade" | "decades"))
        && PHRASES
            .get_or_init(|| aho_corasick::AhoCorasick::new(HABITUAL).expect("plain phrases"))
            .is_match(v.lower)
}

/// True for a form that tells an event only by its toll ("killed",
/// "died", "wounded") or its weapon ("artillery"): a poor anchor for a
/// happening that another mention of the sentence names.
pub(crate) fn is_weak_anchor(c: &Candidate) -> bool {
    is_weapon(c)
        || matches!(
            c.trigger.lemma,
            "kill" | "die" | "death" | "dead" | "wound" | "injure" | "hurt" | "killing" | "injury"
        )
}

/// True for a form that names an explosive ("bomb", "explosive device",
/// "grenades", "IED"): what can be found and defused.
pub(crate) fn is_explosive(c: &Candidate) -> bool {
    is_weapon(c)
        || matches!(
            c.trigger.lemma,
            "bomb" | "explosive device" | "car bomb" | "ied" | "explosives" | "landmine"
        )
}

/// True for a verb that tells a weapon was used ("hurled", "detonated"),
/// not found or seized.
pub(crate) fn is_use(w: &str) -> bool {
    USE.contains(w) && !cues::DISRUPT.contains(w)
}

/// True for a form that names a weapon ("drone", "grenade", "IED",
/// "chlorine", "toxic gas").
fn is_weapon(c: &Candidate) -> bool {
    c.trigger.pos == super::lexicon::Pos::Noun
        && (c.len == 1 && cues::instrument(c.trigger.words).is_some()
            || CHEMICAL_AGENTS.contains(&c.trigger.lemma))
        && !matches!(c.trigger.lemma, "shelling" | "airstrike" | "strike")
}

/// What buries people besides the disasters of [`cues::NATURE`].
static BURIES: crate::words::WordSet = crate::words::WordSet::new(&[
    "rubble",
    "debris",
    "mud",
    "mudslide",
    "mudslides",
    "avalanche",
    "landslides",
    "collapse",
    "collapsed",
    "earth",
    "alive",
]);

/// Chemical agents the lexicon lists as forms of their own; like any
/// weapon, events only where used ("chlorine was dropped on the town").
const CHEMICAL_AGENTS: [&str; 7] = [
    "chlorine",
    "sarin",
    "toxic gas",
    "poison gas",
    "nerve agent",
    "nerve gas",
    "mustard gas",
];

/// True for a form that names a stock of arms, which is an event only when
/// found or seized.
fn is_stock(c: &Candidate) -> bool {
    matches!(
        c.trigger.lemma,
        "stash" | "firearm" | "ammunition" | "weapon"
    )
}

/// True when something before word `at` of sentence `v` (within six words)
/// negates what follows ("no weapons were found") or, unless `firm_only`,
/// hedges it ("may have been seized").
fn told_as_unreal(v: &View, at: usize, firm_only: bool) -> bool {
    (at.saturating_sub(6)..at).any(|j| {
        let w = v.lower(j);
        cues::NEGATION.contains(w) || !firm_only && cues::HEDGE.contains(w)
    })
}

/// The suffix class of a word: "ed", "ing", "s" or "-".
fn suffix(w: &str) -> &'static str {
    if w.ends_with("ed") || matches!(w, "shot" | "fled" | "struck" | "fought" | "met" | "hit") {
        "ed"
    } else if w.ends_with("ing") {
        "ing"
    } else if w.ends_with('s') && !w.ends_with("ss") {
        "s"
    } else {
        "-"
    }
}

/// What the detector reads of a whole sentence, the same for each of its
/// candidates: made once per sentence ([`memory`]).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Memory {
    /// A word of commemoration ([`cues::HISTORY`]) in a sentence with no
    /// calendar expression.
    pub history_word: bool,
    /// A year well before publication ("1987") in a sentence with no
    /// calendar expression.
    pub old_year: bool,
}

/// The [`Memory`] of sentence `v` (whose `memory` it ignores).
pub(crate) fn memory(v: &View) -> Memory {
    if v.dated() {
        return Memory::default();
    }
    let history_word = v.words.iter().any(|w| cues::HISTORY.contains(w.lower));
    let old_year = v.year.is_some_and(|year| {
        v.words.iter().any(|w| {
            w.lower.len() == 4
                && w.lower
                    .parse::<i32>()
                    .is_ok_and(|y| (1900..year - 1).contains(&y))
        })
    });
    Memory {
        history_word,
        old_year,
    }
}

/// The features of candidate `c` in sentence `v`.
pub(crate) fn features(v: &View, c: &Candidate, f: &mut impl Sink) {
    form_features(c.trigger, f);
    context_features(v, c, f);
}

/// The features of a form alone: its lemma, the form, its part of speech
/// and suffix, its strength and the types it can signal.
fn form_features(t: &super::lexicon::Trigger, f: &mut impl Sink) {
    f.add(&["bias"]);
    f.add(&["lemma=", t.lemma]);
    f.add(&["form=", t.words]);
    f.add(&["pos=", t.pos.as_str()]);
    f.add(&[if t.strong { "strong" } else { "weak" }]);
    for (k, _) in &t.kinds {
        f.add(&["kind=", k.as_str()]);
    }
    let last = t.words.rsplit(' ').next().unwrap_or(t.words);
    let sfx = suffix(last);
    f.add(&["sfx=", sfx]);
    f.add(&["pos=", t.pos.as_str(), "&sfx=", sfx]);
}

/// The features of the words around candidate `c` in sentence `v`.
fn context_features(v: &View, c: &Candidate, f: &mut impl Sink) {
    let t = c.trigger;
    let (i, end) = (c.word, c.end());

    // The words around it.
    let prev = if i == 0 { "<s>" } else { v.lower(i - 1) };
    let next = if end >= v.words.len() {
        "</s>"
    } else {
        v.lower(end)
    };
    f.add(&["p1=", prev]);
    f.add(&["n1=", next]);
    f.add(&["lemma=", t.lemma, "&p1=", prev]);

    // Hedges, negation and the future in the few words before it.
    let before = i.saturating_sub(4)..i;
    if before.clone().any(|j| v.hedge(j)) {
        f.add(&["hedge"]);
        f.add(&["hedge&pos=", t.pos.as_str()]);
    }
    if (i.saturating_sub(3)..i).any(|j| cues::NEGATION.contains(v.lower(j))) || v.lower(end) == "no"
    {
        f.add(&["negated"]);
    }
    if (i.saturating_sub(2)..i).any(|j| cues::FUTURE.contains(v.lower(j)) && v.lower(j) != "to") {
        f.add(&["future"]);
    }
    if prev == "to" {
        f.add(&["to_before"]);
    }
    // After the trigger: "attack that could", "protests planned for".
    if (end..(end + 3).min(v.words.len())).any(|j| v.hedge(j)) {
        f.add(&["hedge_after"]);
    }

    // Memory: a commemoration, or a year well before publication; but a
    // past event the sentence dates ("the attack happened in 1987") is an
    // event, at that date.
    if v.memory.history_word {
        f.add(&["history_word"]);
    }
    if v.memory.old_year {
        f.add(&["old_year"]);
    }

    // What it acts on: the first classed word within three after it.
    let obj = (end..(end + 4).min(v.words.len())).find_map(|j| {
        let w = v.lower(j);
        if v.place_at(j).is_some() {
            Some("place")
        } else if cues::PERSON.contains(w) {
            Some("person")
        } else if cues::WEAPON.contains(w) {
            Some("weapon")
        } else if cues::PLACE.contains(w) {
            Some("place")
        } else {
            None
        }
    });
    let obj = obj.unwrap_or("none");
    f.add(&["obj=", obj]);
    f.add(&["lemma=", t.lemma, "&obj=", obj]);
    // The word it acts on itself, past a determiner: "fire us", "launch
    // programs", "attack the virus".
    let object_word = (end..(end + 3).min(v.words.len()))
        .map(|j| v.lower(j))
        .find(|w| {
            !matches!(
                *w,
                "the"
                    | "a"
                    | "an"
                    | "its"
                    | "his"
                    | "her"
                    | "their"
                    | "this"
                    | "that"
                    | "of"
                    | "on"
                    | "in"
            )
        });
    if let Some(w) = object_word {
        f.add(&["lemma=", t.lemma, "&ow=", w]);
    }
    // A reference to an event told before: "after the bombing", "related
    // to the attacks", "Saturday's attack", "condemned the attack".
    if matches!(prev, "the" | "this" | "that") && i >= 2 {
        f.add(&["ref=", v.lower(i - 2)]);
    }
    if prev.ends_with("'s") || prev.ends_with("\u{2019}s") {
        f.add(&["possessed"]);
    }

    // Places and counts near it.
    if !v.places.is_empty() {
        f.add(&["has_place"]);
    }
    let governed = (end..(end + 6).min(v.words.len())).any(|j| {
        cues::LOCATIVE.contains(v.lower(j))
            && v.places.iter().any(|p| p.first > j && p.first <= j + 3)
    });
    if governed {
        f.add(&["place_after"]);
    }
    let number =
        |j: usize| v.lower(j).bytes().all(|b| b.is_ascii_digit()) && !v.lower(j).is_empty();
    if (i.saturating_sub(3)..(end + 3).min(v.words.len())).any(number) {
        f.add(&["number_near"]);
    }

    // Where it stands.
    if i == 0 {
        f.add(&["first_word"]);
    } else if v.capitalised(i) {
        f.add(&["capitalised"]);
    }
    if matches!(prev, "the" | "this" | "that" | "these" | "those") {
        f.add(&["definite"]);
    }
    // The quotation marks before it ('"', U+201C, U+201D), counted in
    // their UTF-8 bytes.
    let before = &v.text.as_bytes()[v.start..v.words[i].start];
    let quote = memchr::memchr2_iter(b'"', 0xE2, before)
        .filter(|&k| {
            before[k] == b'"' || matches!(before.get(k + 1..k + 3), Some([0x80, 0x9C | 0x9D]))
        })
        .count();
    if quote % 2 == 1 {
        f.add(&["in_quote"]);
    }
}
