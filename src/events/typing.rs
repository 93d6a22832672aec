//! Typing: which of eventmap's types an event is, and which of ACLED's
//! event and sub-event types, from its trigger and the words around it.
//!
//! The lexicon gives a form's possible types, most usual first; context
//! picks one where the sense turns on it:
//! - what the verb acts on: "captured the town" (territorial control),
//!   "captured a suspect" (a security operation: an arrest), "seized
//!   weapons" (one too: weapons seized);
//! - the instrument: an attack with warplanes, shells, an IED, a suicide
//!   bomber, a grenade or chlorine is ACLED's "Explosions/Remote violence",
//!   each its own sub-event type;
//! - who attacked whom: militants attacking an army post is a battle
//!   (ACLED: "Battles / Armed clash"), not an attack on civilians;
//! - who took a place: the army retaking it is "Government regains
//!   territory", militants "Non-state actor overtakes territory";
//! - a crowd's violence, a mob, or police action against a protest;
//! - industrial words make an explosion an accident ("a gas explosion at a
//!   plant").
//!
//! Where ACLED has no counterpart (displacement, disasters, accidents,
//! most political events), or the context cannot tell, no ACLED type is
//! given: a wrong one is worse than none.

use super::cues;
use super::detect;
use super::taxonomy::{acled, EventType};
use super::view::{Candidate, View};

/// What [`type_of`] decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Typed {
    /// eventmap's type.
    pub kind: EventType,
    /// A finer type where the trigger or context gives one ("arrest").
    pub subtype: Option<&'static str>,
    /// ACLED's sub-event type, when one applies.
    pub acled_sub: Option<&'static str>,
}

/// Words within `radius` of the candidate (both sides), lowercase.
fn near<'a>(v: &'a View, c: &'a Candidate, radius: usize) -> impl Iterator<Item = &'a str> + 'a {
    let lo = c.word.saturating_sub(radius);
    let hi = (c.end() + radius).min(v.words.len());
    (lo..hi)
        .filter(move |&j| j < c.word || j >= c.end())
        .map(move |j| v.lower(j))
}

/// The class of what the verb acts on: the first classed word within four
/// after it (a place's name counts as a place); for a passive verb, the
/// nearest within eight before it ("seven rifles and 85 rounds were
/// seized", "the town was captured").
fn object(v: &View, c: &Candidate) -> Option<&'static str> {
    let class = |j: usize| {
        let w = v.lower(j);
        if cues::WEAPON.contains(w) {
            Some("weapon")
        } else if cues::PERSON.contains(w) {
            Some("person")
        } else if v.place_at(j).is_some() || cues::PLACE.contains(w) {
            // A place's name before people names them: "expelled three EU
            // diplomats", "captured Kabul residents".
            if j + 1 < v.words.len() && cues::PERSON.contains(v.lower(j + 1)) {
                Some("person")
            } else {
                Some("place")
            }
        } else {
            None
        }
    };
    if is_passive(v, c) {
        (c.word.saturating_sub(9)..c.word - 1).rev().find_map(class)
    } else {
        (c.end()..(c.end() + 5).min(v.words.len())).find_map(class)
    }
}

/// True when the verb `c` is passive: "were seized", "has been captured".
fn is_passive(v: &View, c: &Candidate) -> bool {
    c.word > 0
        && (c.trigger.words.ends_with("ed") || c.trigger.words.ends_with("en"))
        && cues::passive_auxiliary(v.lower(c.word - 1))
}

/// True when a weapon is told found, defused or seized near `c` ("a bomb
/// was found and defused", "police discovered 40 grenades") and no verb of
/// use comes between: a weapon kept from use.
fn disrupted(v: &View, c: &Candidate) -> bool {
    let lo = c.word.saturating_sub(4);
    let hi = (c.end() + 6).min(v.words.len());
    (lo..hi).any(|j| cues::DISRUPT.contains(v.lower(j)))
        && !(lo..hi).any(|j| detect::is_use(v.lower(j)))
}

/// The actor word `w` (after `prev`) names: `Some(true)` a state actor
/// ("army", "police"), `Some(false)` a non-state one ("militants", and
/// "Islamic State", which is no state), `None` neither.
fn actor(w: &str, prev: &str) -> Option<bool> {
    if w == "state" && prev == "islamic" || cues::NONSTATE_ACTOR.contains(w) {
        Some(false)
    } else if cues::STATE_ACTOR.contains(w) {
        Some(true)
    } else {
        None
    }
}

/// The type of candidate `c` in sentence `v`.
pub(crate) fn type_of(v: &View, c: &Candidate) -> Typed {
    let t = c.trigger;
    let kinds = &t.kinds;
    let has = |k: EventType| kinds.iter().any(|(x, _)| *x == k);
    let (mut kind, mut subtype) = kinds[0];
    let obj = object(v, c);
    let subtype_for =
        |k: EventType, sub: Option<&'static str>| sub.or_else(|| subtype_of(t.lemma, k));

    // An ambiguous form takes the type its context speaks of, by counting
    // cue words within ten words for each of its types, plus what the
    // verb acts on: "captured the town" (territory), "captured a suspect"
    // (an arrest), "seized weapons"; "an outbreak of cholera" (a disaster,
    // not fighting), "a strike by teachers" (a protest), "the storm"
    // (weather: a noun; "stormed" is an assault). Ties go to the
    // lexicon's order.
    if kinds.len() > 1 {
        let count =
            |set: &crate::words::WordSet| near(v, c, 10).filter(|w| set.contains(w)).count();
        let instruments = near(v, c, 10)
            .filter(|w| cues::instrument(w).is_some())
            .count();
        let noun = t.pos == super::lexicon::Pos::Noun;
        let score = |k: EventType, sub: Option<&str>| -> usize {
            match k {
                EventType::NaturalDisaster => count(&cues::NATURE) * 2 + usize::from(noun),
                // A strike by workers, or a mob's violence ("clashes broke
                // out after a mob lynched two men").
                EventType::Protest => (count(&cues::LABOUR) + count(&cues::MOB)) * 2,
                EventType::Political => count(&cues::POLITICS) * 2,
                EventType::Accident => count(&cues::ACCIDENT) * 2,
                EventType::Displacement => count(&cues::DISPLACED) * 2,
                EventType::Attack | EventType::ArmedClash => {
                    (count(&cues::NONSTATE_ACTOR) + instruments + count(&cues::ARMED_TARGET)) * 2
                        + usize::from(!noun)
                }
                // A place taken, not one left ("withdrew from Kabul").
                // A place taken, not one left ("withdrew from Kabul"); who
                // took it counts for territory as much as for fighting:
                // "Taliban fighters captured the town of Charikar".
                EventType::TerritorialControl => {
                    // "withdrew from Kabul", "the withdrawal of troops from
                    // Afghanistan", "pulled out"; but "drove the militants
                    // out of the town" takes it.
                    // "from" a place is leaving it; "from" an actor
                    // ("freed villages from the militants") is taking.
                    let from_place = |j: usize| {
                        v.lower(j) == "from"
                            && (j + 1..(j + 4).min(v.words.len())).any(|k| {
                                v.place_at(k).is_some() || cues::PLACE.contains(v.lower(k))
                            })
                    };
                    let leaving = v.lower(c.end()) == "out"
                        || (c.end()..(c.end() + 5).min(v.words.len())).any(from_place);
                    let taken = obj == Some("place") && !leaving;
                    let actors = count(&cues::STATE_ACTOR) + count(&cues::NONSTATE_ACTOR);
                    if taken {
                        4 + 2 * actors + 1
                    } else {
                        count(&cues::STATE_ACTOR)
                    }
                }
                EventType::MilitaryMovement => count(&cues::STATE_ACTOR) * 2,
                EventType::SecurityOperation => {
                    let want = if sub == Some("weapons seizure") {
                        "weapon"
                    } else {
                        "person"
                    };
                    4 * usize::from(obj == Some(want))
                }
            }
        };
        let best = kinds
            .iter()
            .enumerate()
            .max_by_key(|(i, (k, sub))| (score(*k, *sub), std::cmp::Reverse(*i)))
            .map(|(_, kt)| *kt);
        if let Some(kt) = best {
            (kind, subtype) = kt;
        }
    }

    // Within 8 words: the instrument, and who acted on whom.
    let words: Vec<&str> = near(v, c, 8).collect();
    // A trigger that names its instrument keeps it ("suicide bombers …
    // explosives", "a chemical attack … hours after rockets fell").
    // A chemical agent named within twelve words makes it a chemical
    // attack however it was delivered ("shelled the troops with mortars
    // filled with chlorine"), as ACLED codes it.
    let chemical = near(v, c, 12).any(|w| {
        matches!(
            w,
            "chlorine" | "sarin" | "mustard" | "vx" | "chemical" | "chemicals" | "nerve"
        )
    });
    let instrument = if chemical {
        Some("Chemical weapon")
    } else {
        t.words
            .split(' ')
            .find_map(cues::instrument)
            .or_else(|| near(v, c, 8).find_map(cues::instrument))
    };
    // Who acted: the words before the verb, or for a passive one those
    // after its "by" ("the town was captured by rebels").
    let by = (c.end()..(c.end() + 3).min(v.words.len())).find(|&j| v.lower(j) == "by");
    let before: Vec<&str> = match by {
        Some(b) if is_passive(v, c) => (b + 1..(b + 6).min(v.words.len()))
            .map(|j| v.lower(j))
            .collect(),
        _ => (c.word.saturating_sub(6)..c.word)
            .map(|j| v.lower(j))
            .collect(),
    };
    let after: Vec<&str> = (c.end()..(c.end() + 6).min(v.words.len()))
        .map(|j| v.lower(j))
        .collect();
    let actor_before = |k: usize| actor(before[k], if k > 0 { before[k - 1] } else { "" });
    let nonstate_actor = (0..before.len()).any(|k| actor_before(k) == Some(false));
    let state_actor = (0..before.len()).any(|k| actor_before(k) == Some(true));
    // Where both are named, the one nearest the verb acted: "an army
    // spokesman said militants gained control of the base".
    let nearest_state = (0..before.len())
        .rev()
        .find_map(actor_before)
        // Else the nearest anywhere before it: "militants backed by Ankara
        // reported that they have taken control of the villages".
        .or_else(|| {
            (0..c.word.saturating_sub(6))
                .rev()
                .find_map(|j| actor(v.lower(j), if j > 0 { v.lower(j - 1) } else { "" }))
        });
    let armed_target = after.iter().any(|w| cues::ARMED_TARGET.contains(w));
    let civilian_target = after.iter().any(|w| cues::CIVILIAN_TARGET.contains(w));

    // Force used on protesters or on their demonstration ("attacked a
    // peaceful demonstration").
    let protesters = after.iter().any(|w| {
        matches!(
            *w,
            "protesters"
                | "protestors"
                | "demonstrators"
                | "marchers"
                | "crowd"
                | "crowds"
                | "demonstration"
                | "demonstrations"
                | "protest"
                | "protests"
                | "rally"
                | "rallies"
                | "sit-in"
        )
    });
    // Tear gas is the police's, not an industrial gas.
    let tear_gas = v
        .words
        .windows(2)
        .any(|p| p[0].lower == "tear" && p[1].lower == "gas")
        || v.words
            .iter()
            .any(|w| matches!(w.lower, "teargas" | "tear-gas"));

    let hint = |h: &str| t.acled_hints.contains(&h);
    subtype = subtype_for(kind, subtype);
    if kind == EventType::Attack
        && subtype.is_none()
        && matches!(t.lemma, "explosion" | "explode" | "blast" | "fire" | "burn")
        && v.words.iter().any(|w| cues::ACCIDENT.contains(w.lower))
        && !nonstate_actor
        && !protesters
        && !tear_gas
    {
        kind = EventType::Accident; // "a gas explosion at a plant"
    }
    // An armed group's attack on soldiers or their posts is a battle, as
    // ACLED codes it, unless made from afar (an IED, shelling); so are
    // troops firing on militants ("its troops fired on and killed a
    // combatant").
    if kind == EventType::Attack
        && instrument.is_none()
        && subtype.is_none()
        && armed_target
        && !civilian_target
        && (nonstate_actor || state_actor || has(EventType::ArmedClash) || t.lemma == "attack")
    {
        kind = EventType::ArmedClash;
    }
    // Force used on a crowd is the crowd's event ("police fired tear gas
    // at protesters"), and a mob's violence a riot.
    let mob = words.iter().any(|w| cues::MOB.contains(w)) || hint("Mob violence");
    // Armed men who loot or burn are no mob: "militants looted the
    // villagers' shops".
    let mob = mob && !nonstate_actor && !state_actor;
    // Whether force on the crowd made this a protest (below): protesters
    // after a protest's own trigger ("protesters staged rallies") are no
    // intervention.
    let mut on_crowd = false;
    if kind == EventType::Attack && (protesters || (mob && !has(EventType::ArmedClash))) {
        kind = EventType::Protest;
        on_crowd = protesters;
    }
    // Protesters arrested or detained: ACLED's protest with intervention
    // ("police arrested dozens of protesters").
    // So are arrests told with a protest ("police arrested 180 people as
    // opposition supporters staged sit-ins").
    let protest_told = || {
        v.words.iter().any(|w| {
            matches!(
                w.lower,
                "protest"
                    | "protests"
                    | "protesters"
                    | "protestors"
                    | "demonstrators"
                    | "demonstration"
                    | "demonstrations"
                    | "sit-in"
                    | "sit-ins"
                    | "rally"
                    | "rallies"
            )
        })
    };
    if kind == EventType::SecurityOperation
        && subtype != Some("weapons seizure")
        && (protesters || protest_told())
    {
        kind = EventType::Protest;
        subtype = None;
        on_crowd = true;
    }
    // A bomb found, defused or seized is a weapon kept from use: "a bomb
    // was found and defused", "grenades were discovered in a house".
    if kind == EventType::Attack && detect::is_explosive(c) && disrupted(v, c) {
        kind = EventType::SecurityOperation;
        subtype = Some("weapons seizure");
    }

    let all = || v.words.iter().map(|w| w.lower);
    let acled_sub = match kind {
        EventType::Attack => match subtype {
            Some("looting") => Some("Looting/property destruction"),
            // "a bombing", "the bomb" with nothing said of how: most often a
            // planted device; an air raid names its aircraft ("warplanes").
            // "Militants detonated two bombs", "a blast": a planted device
            // too, unless something names another instrument.
            _ if instrument.is_none()
                && (matches!(t.words, "bomb" | "bombing" | "bombings")
                    || matches!(
                        t.lemma,
                        "detonate" | "detonation" | "explosive device" | "blast" | "explosion"
                    )) =>
            {
                Some("Remote explosive/landmine/IED")
            }
            // Else the form's own sub-event type, when it has only one
            // ("airstrike", "shelled", "kidnapped"); "fired" or "launched"
            // may be a strike or a shelling, and say neither.
            _ => instrument
                .or({
                    let mut own = t.acled_hints.iter().copied().filter(|h| {
                        acled::event_type_of(h)
                            .is_some_and(|(ty, _)| ty == acled::REMOTE || ty == acled::CIVILIANS)
                            && *h != "Attack"
                    });
                    match (own.next(), own.next()) {
                        (Some(h), None) => Some(h),
                        _ => None,
                    }
                })
                .or(hint("Looting/property destruction").then_some("Looting/property destruction"))
                .or(Some("Attack")),
        },
        EventType::ArmedClash => Some("Armed clash"),
        EventType::TerritorialControl => {
            let peaceful = words.iter().any(|w| {
                matches!(
                    *w,
                    "handed"
                        | "handover"
                        | "transferred"
                        | "peacefully"
                        | "resistance"
                        | "surrendered"
                        | "withdrew"
                        | "withdrawn"
                        | "evacuated"
                )
            });
            if peaceful || hint("Non-violent transfer of territory") && t.acled_hints.len() == 1 {
                Some("Non-violent transfer of territory")
            } else {
                match nearest_state {
                    Some(true) => Some("Government regains territory"),
                    Some(false) => Some("Non-state actor overtakes territory"),
                    None => None,
                }
            }
        }
        EventType::Protest => {
            if mob && t.lemma != "protest" {
                Some("Mob violence")
            } else if all().any(|w| cues::FORCE_ON_CROWD.contains(w)) {
                // "protesters died from gunfire", "used excessive force",
                // "suppressed the protests".
                Some("Excessive force against protesters")
            } else if all().any(|w| cues::POLICE_ACTION.contains(w)) || on_crowd {
                // "fired tear gas" and "rubber bullets" are no lethal force;
                // "fired live rounds" is.
                let lethal = v.words.iter().enumerate().any(|(k, w)| {
                    cues::LETHAL.contains(w.lower)
                        && !(matches!(w.lower, "fired" | "firing" | "fire")
                            && v.words.get(k + 1).is_some_and(|n| {
                                matches!(
                                    n.lower,
                                    "tear" | "teargas" | "tear-gas" | "water" | "rubber" | "stun"
                                )
                            }))
                        && !(w.lower == "bullets"
                            && k > 0
                            && matches!(v.words[k - 1].lower, "rubber" | "plastic"))
                });
                if lethal {
                    Some("Excessive force against protesters")
                } else {
                    Some("Protest with intervention")
                }
            } else if all().any(|w| cues::CROWD_VIOLENCE.contains(w))
                || matches!(t.lemma, "riot" | "rioting")
                || hint("Violent demonstration")
            {
                Some("Violent demonstration")
            } else {
                Some("Peaceful protest")
            }
        }
        EventType::Political => {
            if subtype == Some("agreement") || hint("Agreement") {
                Some("Agreement")
            } else if hint("Change to group/activity") {
                Some("Change to group/activity")
            } else {
                None
            }
        }
        EventType::MilitaryMovement => {
            let base = words.iter().any(|w| {
                matches!(
                    *w,
                    "base" | "bases" | "headquarters" | "outpost" | "post" | "checkpoint" | "camp"
                )
            });
            let setup = hint("Headquarters or base established")
                || words.iter().any(|w| {
                    matches!(
                        *w,
                        "established" | "set" | "setting" | "built" | "opened" | "erected"
                    )
                });
            let leaving = matches!(subtype, Some("withdrawal"))
                && (obj == Some("place") || words.contains(&"from"));
            if base && setup {
                Some("Headquarters or base established")
            } else if leaving {
                Some("Non-violent transfer of territory")
            } else if hint("Change to group/activity") {
                Some("Change to group/activity")
            } else {
                None
            }
        }
        EventType::SecurityOperation => match subtype {
            Some("weapons seizure") => Some("Disrupted weapons use"),
            _ => Some("Arrests"),
        },
        EventType::NaturalDisaster | EventType::Accident | EventType::Displacement => None,
    };
    Typed {
        kind,
        subtype,
        acled_sub,
    }
}

/// The subtype a lemma gives an event of type `kind`, where the lexicon
/// gives none: movements of troops and political events come in kinds a
/// reader tells apart ("the withdrawal", "exercises", "talks").
pub(crate) fn subtype_of(lemma: &str, kind: EventType) -> Option<&'static str> {
    match kind {
        EventType::MilitaryMovement => Some(match lemma {
            "withdraw" | "withdrawal" | "pullout" | "pull out" | "retreat" | "pull back" => {
                "withdrawal"
            }
            "deploy" | "deployment" | "reinforcements" | "reinforce" | "send troops" => {
                "deployment"
            }
            "exercise" | "drill" | "drills" | "manoeuvre" | "maneuver" | "war game" => "exercise",
            "patrol" => "patrol",
            "airlift" => "evacuation",
            _ => return None,
        }),
        EventType::Political => Some(match lemma {
            "meet" | "meeting" | "talks" | "summit" | "visit" => "meeting",
            "agreement" | "deal" | "treaty" | "ceasefire" | "truce" | "sign" | "accord" => {
                "agreement"
            }
            "election" | "referendum" | "elect" | "vote" | "ballot" => "election",
            "resign" | "resignation" | "coup" | "oust" | "sworn in" | "swear in" => {
                "government change"
            }
            "sanctions" | "sanction" => "sanctions",
            _ => return None,
        }),
        _ => None,
    }
}
