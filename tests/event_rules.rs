//! The rules of the events stage pinned by small tables of our own
//! sentences, run through the real binary (`parse --format jsonl`): senses
//! ("captured a suspect" / "captured the town"), ACLED types, place linking
//! (an actor's country is no event place), counts, the actor, and merging
//! (one happening told three times; "a separate attack" is another).
//!
//! Each row is one article; what it states is checked on its happenings
//! (events without `same_as`). Times have their own tables in
//! `tests/times.rs`.

#[allow(dead_code)]
mod common;

use common::parse;
use serde_json::Value;

/// What one article must yield. `None` fields are not checked.
#[derive(Default)]
struct Want {
    /// The type of a happening that must be there; `Some("")` means the
    /// article has no event at all.
    kind: Option<&'static str>,
    acled_sub: Option<&'static str>,
    /// The happening's place, or `Some("")` for no place of its sentence.
    place: Option<&'static str>,
    geonameid: Option<u64>,
    fatalities: Option<u64>,
    /// `Some(true)`: `injured` is null and `approximate` is true.
    injured_unknown: Option<bool>,
    /// `Some("")`: no actor.
    actor: Option<&'static str>,
    /// How many happenings of `kind`.
    happenings: Option<usize>,
    mentions: Option<u64>,
    /// A type no happening may have.
    not_kind: Option<&'static str>,
}

fn rows() -> Vec<(&'static str, Want)> {
    vec![
        // Senses: what the verb acts on.
        (
            "Police captured a suspect in Lahore on Monday after a long chase.",
            Want { kind: Some("security_operation"), acled_sub: Some("Arrests"), not_kind: Some("territorial_control"), ..Want::default() },
        ),
        (
            "Rebels captured the town of Kidal on Monday after two days of fighting.",
            Want { kind: Some("territorial_control"), acled_sub: Some("Non-state actor overtakes territory"), place: Some("Kidal"), ..Want::default() },
        ),
        (
            "Soldiers seized weapons and ammunition at a checkpoint near Mosul on Friday.",
            Want { kind: Some("security_operation"), acled_sub: Some("Disrupted weapons use"), not_kind: Some("territorial_control"), ..Want::default() },
        ),
        // A stock of arms told found is a disrupted weapons use; told not
        // found, nothing.
        (
            "A stash of rifles and ammunition was found buried near Oudtshoorn on Tuesday.",
            Want { kind: Some("security_operation"), acled_sub: Some("Disrupted weapons use"), place: Some("Oudtshoorn"), not_kind: Some("natural_disaster"), ..Want::default() },
        ),
        (
            "No firearms or ammunition were found when officers searched the house in Leeds.",
            Want { kind: Some(""), ..Want::default() },
        ),
        // A chemical agent used is a chemical attack, however it came and
        // however hedged the report; one kept in a plant is nothing.
        (
            "A helicopter dropped canisters of toxic gas on Saraqib on Thursday, rescuers said.",
            Want { kind: Some("attack"), acled_sub: Some("Chemical weapon"), place: Some("Saraqib"), ..Want::default() },
        ),
        (
            "Inspectors said chlorine was probably used as a weapon in Douma in April.",
            Want { kind: Some("attack"), acled_sub: Some("Chemical weapon"), ..Want::default() },
        ),
        (
            "The water plant in Odessa, Texas stores chlorine for treatment.",
            Want { kind: Some(""), ..Want::default() },
        ),
        (
            "Troops found weapons hidden in a cave near Kandahar on Monday.",
            Want { kind: Some("security_operation"), acled_sub: Some("Disrupted weapons use"), place: Some("Kandahār"), ..Want::default() },
        ),
        (
            "The chemical weapons watchdog met in The Hague on Monday.",
            Want { not_kind: Some("security_operation"), ..Want::default() },
        ),
        // Burying is a disaster only beside one.
        (
            "A landslide buried twelve homes in the hills above Kinshasa overnight.",
            Want { kind: Some("natural_disaster"), place: Some("Kinshasa"), ..Want::default() },
        ),
        // "Took a heavy toll" takes nothing.
        (
            "The long drought took a heavy toll on farmers in Kenya this year.",
            Want { not_kind: Some("attack"), ..Want::default() },
        ),
        // A place's name before people names the people: "EU diplomats"
        // are expelled, no place is taken.
        (
            "Moscow said on Friday it had expelled three EU diplomats over the protests.",
            Want { not_kind: Some("territorial_control"), ..Want::default() },
        ),
        // A passive verb acts on what stands before it, and its actor
        // follows "by".
        (
            "Seven rifles and 85 rounds of ammunition were seized in Kingston on Sunday, police said.",
            Want { kind: Some("security_operation"), acled_sub: Some("Disrupted weapons use"), not_kind: Some("territorial_control"), ..Want::default() },
        ),
        (
            "Two suspects were captured in Lahore on Monday.",
            Want { kind: Some("security_operation"), acled_sub: Some("Arrests"), not_kind: Some("territorial_control"), ..Want::default() },
        ),
        (
            "On Monday the town of Kidal was captured by rebels.",
            Want { kind: Some("territorial_control"), acled_sub: Some("Non-state actor overtakes territory"), ..Want::default() },
        ),
        // Who took the place: fighters are actors of territory too.
        (
            "Taliban fighters captured the town of Charikar on Monday.",
            Want { kind: Some("territorial_control"), acled_sub: Some("Non-state actor overtakes territory"), not_kind: Some("armed_clash"), ..Want::default() },
        ),
        // "Islamic State" is no state actor.
        (
            "Islamic State militants seized the town of Sirte on Friday.",
            Want { kind: Some("territorial_control"), acled_sub: Some("Non-state actor overtakes territory"), ..Want::default() },
        ),
        (
            "Government troops retook the town of Palmyra on Sunday.",
            Want { kind: Some("territorial_control"), acled_sub: Some("Government regains territory"), ..Want::default() },
        ),
        // Leaving a place is a movement; taking it from someone is control.
        (
            "On Friday the army announced the completion of the withdrawal of its troops from Timbuktu.",
            Want { kind: Some("military_movement"), not_kind: Some("territorial_control"), ..Want::default() },
        ),
        (
            "Government troops freed three villages from the militants near Maiduguri on Wednesday.",
            Want { kind: Some("territorial_control"), acled_sub: Some("Government regains territory"), ..Want::default() },
        ),
        // Tear gas is no industrial gas, and no lethal force.
        (
            "Police fired tear gas at protesters in Nairobi on Tuesday.",
            Want { kind: Some("protest"), acled_sub: Some("Protest with intervention"), not_kind: Some("accident"), ..Want::default() },
        ),
        (
            "A gas explosion at a chemical plant in Tianjin killed three workers on Monday.",
            Want { kind: Some("accident"), fatalities: Some(3), not_kind: Some("attack"), ..Want::default() },
        ),
        // Instruments give ACLED's remote-violence sub-event types.
        (
            "Warplanes struck a fuel depot in Idlib on Sunday.",
            Want { kind: Some("attack"), acled_sub: Some("Air/drone strike"), place: Some("Idlib"), ..Want::default() },
        ),
        (
            "A bombing at a market in Kano killed five people on Sunday.",
            Want { kind: Some("attack"), acled_sub: Some("Remote explosive/landmine/IED"), place: Some("Kano"), fatalities: Some(5), ..Want::default() },
        ),
        (
            "Artillery shelled villages near Donetsk overnight, residents said.",
            Want { kind: Some("attack"), acled_sub: Some("Shelling/artillery/missile attack"), ..Want::default() },
        ),
        // An armed group's attack on an army post is a battle.
        (
            "Militants attacked an army post near Gao on Monday, killing three soldiers.",
            Want { kind: Some("armed_clash"), acled_sub: Some("Armed clash"), place: Some("Gao"), geonameid: Some(2_457_163), fatalities: Some(3), ..Want::default() },
        ),
        // Hedged, planned and other senses are no events.
        (
            "Officials fear that militants could attack the city of Kano.",
            Want { kind: Some(""), ..Want::default() },
        ),
        // "May" in a date is the month, not the modal: the attack is told.
        (
            "The attack happened on May 3, 2019, witnesses said.",
            Want { kind: Some("attack"), ..Want::default() },
        ),
        (
            "The attack happened last May.",
            Want { kind: Some("attack"), ..Want::default() },
        ),
        (
            "Officials said militants may attack the city of Kano again.",
            Want { kind: Some(""), ..Want::default() },
        ),
        (
            "The bank fired her in Lagos on Friday after the audit, she said.",
            Want { kind: Some(""), ..Want::default() },
        ),
        (
            "The club fired its coach in Madrid on Tuesday after a run of defeats.",
            Want { not_kind: Some("attack"), ..Want::default() },
        ),
        (
            "Thousands of people protested in Santiago on Saturday against the pension reform.",
            Want { kind: Some("protest"), acled_sub: Some("Peaceful protest"), place: Some("Santiago"), ..Want::default() },
        ),
        // ACLED sub-event types. A trigger that names its instrument keeps
        // it, whatever else is near ("suicide bombers … explosives").
        (
            "Two suicide bombers detonated explosives near a market in Maiduguri on Sunday.",
            Want { kind: Some("attack"), acled_sub: Some("Suicide bomb"), ..Want::default() },
        ),
        (
            "Doctors said a chemical attack on the town of Saraqib killed nine people on Sunday, hours after rockets fell on its market.",
            Want { kind: Some("attack"), acled_sub: Some("Chemical weapon"), ..Want::default() },
        ),
        // A bomb found or defused is a disrupted weapon, not an attack.
        (
            "A bomb was found and defused outside a school in Peshawar on Monday.",
            Want { kind: Some("security_operation"), acled_sub: Some("Disrupted weapons use"), not_kind: Some("attack"), ..Want::default() },
        ),
        (
            "Police discovered 40 grenades and a cache of explosives in a house in Quetta on Friday.",
            Want { kind: Some("security_operation"), acled_sub: Some("Disrupted weapons use"), not_kind: Some("attack"), ..Want::default() },
        ),
        (
            "Four revolvers and 60 cartridges were seized from the men in Kingston on Friday.",
            Want { kind: Some("security_operation"), acled_sub: Some("Disrupted weapons use"), not_kind: Some("territorial_control"), ..Want::default() },
        ),
        // Force used on a demonstration is the protest's event; force that
        // kills or maims is excessive.
        (
            "Police attacked a peaceful demonstration of teachers in Lahore on Monday, injuring dozens.",
            Want { kind: Some("protest"), acled_sub: Some("Excessive force against protesters"), not_kind: Some("attack"), ..Want::default() },
        ),
        (
            "Three protesters died from gunfire during a demonstration outside the parliament in Baghdad on Monday.",
            Want { kind: Some("protest"), acled_sub: Some("Excessive force against protesters"), ..Want::default() },
        ),
        // ... or, where none is within six words, the nearest before.
        (
            "Sources close to the militants said on Sunday that they had taken control of the villages of Korni and Shangal.",
            Want { kind: Some("territorial_control"), acled_sub: Some("Non-state actor overtakes territory"), ..Want::default() },
        ),
        // Protesters after a protest's own trigger are no intervention.
        (
            "Thousands of protesters staged rallies in Lima on Saturday against the new mining law.",
            Want { kind: Some("protest"), acled_sub: Some("Peaceful protest"), ..Want::default() },
        ),
        // Arrests told with a protest are the protest's intervention.
        (
            "Police arrested more than 60 people in Yerevan on Friday as opposition supporters staged sit-ins.",
            Want { kind: Some("protest"), acled_sub: Some("Protest with intervention"), not_kind: Some("security_operation"), ..Want::default() },
        ),
        // A chemical agent makes it a chemical attack, however delivered.
        (
            "Government forces shelled the town of Latamneh with mortars filled with chlorine on Monday.",
            Want { kind: Some("attack"), acled_sub: Some("Chemical weapon"), ..Want::default() },
        ),
        // An agreement told as made is an event.
        (
            "Government and rebel forces agreed a fragile ceasefire in Juba on Monday after a week of fighting.",
            Want { kind: Some("political"), acled_sub: Some("Agreement"), ..Want::default() },
        ),
        // Violence that breaks out with a mob is the mob's.
        (
            "Violence broke out in Mainpuri on Friday after a mob chased and lynched two men.",
            Want { kind: Some("protest"), acled_sub: Some("Mob violence"), not_kind: Some("armed_clash"), ..Want::default() },
        ),
        // Villagers are no mob, and armed men who loot are looters.
        (
            "Militants looted shops in the town of Gao on Monday, and the villagers fled.",
            Want { kind: Some("attack"), acled_sub: Some("Looting/property destruction"), not_kind: Some("protest"), ..Want::default() },
        ),
        // The actor nearest the verb took the place, not one further back:
        // "an army spokesman said militants captured …".
        (
            "An army spokesman said militants gained control of the base in Ghormach district on Friday.",
            Want { kind: Some("territorial_control"), acled_sub: Some("Non-state actor overtakes territory"), ..Want::default() },
        ),
        // Place linking: an actor's country is not where it happened.
        (
            "Mexico's army has captured a man wanted for a string of kidnappings.",
            Want { kind: Some("security_operation"), place: Some(""), ..Want::default() },
        ),
        (
            "A car bomb exploded near the airport in Kabul on Thursday, killing 12 people.",
            Want { kind: Some("attack"), place: Some("Kabul"), fatalities: Some(12), ..Want::default() },
        ),
        // A name the gazetteer lacks, after "in", without the day after it.
        (
            "Hundreds of residents protested in Dobrinja Friday against the closure of the clinic.",
            Want { kind: Some("protest"), place: Some("Dobrinja"), ..Want::default() },
        ),
        // A dateline is where the report was filed, not where it happened.
        (
            "BAGHDAD -- A car bomb exploded near a police station in the northern city of Kirkuk on Monday.",
            Want { kind: Some("attack"), place: Some("Kirkuk"), ..Want::default() },
        ),
        (
            "KABUL, Afghanistan (AP) \u{2014} Gunmen attacked a bus near Jalalabad on Monday.",
            Want { kind: Some("attack"), place: Some("Jalālābād"), ..Want::default() },
        ),
        // Names the gazetteer lacks, headed by a word for a place.
        (
            "A car bomb exploded in Mogadishu's Wardhiigleey district on Monday, killing five people.",
            Want { kind: Some("attack"), place: Some("Wardhiigleey"), ..Want::default() },
        ),
        (
            "A police chief was shot dead in the Tijuana district of Lomas Verdecitas on Tuesday.",
            Want { kind: Some("attack"), place: Some("Lomas Verdecitas"), ..Want::default() },
        ),
        (
            "A car bomb exploded in Baghdad's northern neighborhood of Qadhimiyat on Sunday, killing nine people.",
            Want { kind: Some("attack"), place: Some("Qadhimiyat"), ..Want::default() },
        ),
        (
            "Militants shelled the town of Kafr Hamrah, northern Aleppo, on Monday, killing three civilians.",
            Want { kind: Some("attack"), place: Some("Kafr Hamrah"), ..Want::default() },
        ),
        (
            "A suicide bomber struck the Al-Shifaa Hospital on Tuesday, killing four people.",
            Want { kind: Some("attack"), place: Some("Al-Shifaa Hospital"), ..Want::default() },
        ),
        // ... but who holds a place is no name of it.
        (
            "US jets bombed a Taliban-held district on Monday, killing 12 fighters.",
            Want { kind: Some("attack"), place: Some(""), ..Want::default() },
        ),
        (
            "Fighting raged in the Taliban-held district of Musa Qala on Monday.",
            Want { kind: Some("armed_clash"), place: Some("Musa Qala"), ..Want::default() },
        ),
        // ... nor a faith or a people.
        (
            "Gunmen opened fire in a Shiite neighbourhood on Monday, killing four people.",
            Want { kind: Some("attack"), place: Some(""), ..Want::default() },
        ),
        // Counts.
        (
            "Five people were shot dead in Karachi on Friday.",
            Want { kind: Some("attack"), fatalities: Some(5), actor: Some(""), ..Want::default() },
        ),
        (
            "The death toll from the earthquake in Herat rose to 1,500 on Monday.",
            Want { kind: Some("natural_disaster"), fatalities: Some(1500), ..Want::default() },
        ),
        (
            "Gunmen attacked a police post in Zamfara on Monday, but no one was killed.",
            Want { fatalities: Some(0), kind: Some("armed_clash"), ..Want::default() },
        ),
        (
            "Dozens were hurt when a bus overturned near Cusco on Monday.",
            Want { kind: Some("accident"), injured_unknown: Some(true), actor: Some(""), ..Want::default() },
        ),
        // The actor: a sentence's first capital names nothing.
        (
            "A bomb exploded at a bus station in Quetta on Monday.",
            Want { kind: Some("attack"), actor: Some(""), ..Want::default() },
        ),
        (
            "Taliban fighters attacked a checkpoint in Kunduz on Monday.",
            Want { actor: Some("Taliban fighters"), ..Want::default() },
        ),
        // Merging: one explosion told four times ("explosion", "attack",
        // "killed", "bombing") is one happening.
        (
            "An explosion ripped through a market in Mogadishu on Saturday. The attack killed 20 people. Police said the bombing was the deadliest this year.",
            Want { kind: Some("attack"), happenings: Some(1), mentions: Some(4), fatalities: Some(20), ..Want::default() },
        ),
        // "the attack" refers back, wherever its sentence's place is.
        (
            "A car bomb exploded near the airport in Kabul on Monday, killing 12 people. Thousands of people protested in Herat on Monday against the attack.",
            Want { kind: Some("attack"), happenings: Some(1), place: Some("Kabul"), ..Want::default() },
        ),
        // A happening named again in a sentence that doubts a claim, not
        // the happening, is still mentioned there: one happening, three
        // mentions.
        (
            "A bomb exploded at a bus station in Quetta on Friday. No group has yet claimed the bombing.",
            Want { kind: Some("attack"), happenings: Some(1), mentions: Some(3), ..Want::default() },
        ),
        // A toll beside a political event is no political event.
        (
            "Two people were killed in Goma on Sunday as the ceasefire was signed.",
            Want { kind: Some("attack"), ..Want::default() },
        ),
        // ... but "a separate attack" is another.
        (
            "A bomb exploded at a police station in Peshawar on Monday. In a separate attack, a bomb exploded outside a school in Peshawar.",
            Want { kind: Some("attack"), happenings: Some(2), ..Want::default() },
        ),
    ]
}

#[test]
fn event_rules_hold_on_our_sentences() {
    let rows = rows();
    let mut feed = String::new();
    for (i, (text, _)) in rows.iter().enumerate() {
        feed.push_str(
            &serde_json::json!({"id": format!("r{i}"), "text": text, "date": "2024-03-11"})
                .to_string(),
        );
        feed.push('\n');
    }
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("event-rules.jsonl");
    std::fs::write(&path, feed).unwrap();
    let out = parse(&path);
    assert_eq!(out.len(), rows.len());

    let mut failures = Vec::new();
    for ((text, want), res) in rows.iter().zip(&out) {
        let events: Vec<&Value> = res["events"].as_array().unwrap().iter().collect();
        let heads: Vec<&Value> = events
            .iter()
            .copied()
            .filter(|e| e.get("same_as").is_none_or(Value::is_null))
            .collect();
        let mut fail =
            |what: String| failures.push(format!("{text}\n    {what}\n    got {heads:?}"));
        if let Some(k) = want.not_kind {
            if heads.iter().any(|e| e["type"] == k) {
                fail(format!("a happening of type {k}"));
            }
        }
        let Some(kind) = want.kind else {
            // Only the actor is checked, on every happening.
            if let Some(a) = want.actor {
                if !heads.iter().any(|e| e["actor"] == a) {
                    fail(format!("no happening with actor {a:?}"));
                }
            }
            continue;
        };
        if kind.is_empty() {
            if !events.is_empty() {
                fail("events where there are none".into());
            }
            continue;
        }
        let of_kind: Vec<&Value> = heads
            .iter()
            .copied()
            .filter(|e| e["type"] == kind)
            .collect();
        let Some(e) = of_kind.first() else {
            fail(format!("no happening of type {kind}"));
            continue;
        };
        if let Some(n) = want.happenings {
            if of_kind.len() != n {
                fail(format!(
                    "{} happenings of type {kind}, not {n}",
                    of_kind.len()
                ));
            }
        }
        if let Some(m) = want.mentions {
            if e["mentions"].as_u64() != Some(m) {
                fail(format!("mentions {} not {m}", e["mentions"]));
            }
        }
        if let Some(s) = want.acled_sub {
            if e["acled_sub_event_type"] != s {
                fail(format!(
                    "ACLED sub-event type {} not {s:?}",
                    e["acled_sub_event_type"]
                ));
            }
        }
        if let Some(p) = want.place {
            let own = e["place_source"] == "sentence";
            let ok = if p.is_empty() {
                !own
            } else {
                own && e["place"] == p
            };
            if !ok {
                fail(format!(
                    "place {} ({}) not {p:?}",
                    e["place"], e["place_source"]
                ));
            }
        }
        if let Some(g) = want.geonameid {
            if e["geonameid"].as_u64() != Some(g) {
                fail(format!("geonameid {} not {g}", e["geonameid"]));
            }
        }
        if let Some(f) = want.fatalities {
            if e["fatalities"].as_u64() != Some(f) {
                fail(format!("fatalities {} not {f}", e["fatalities"]));
            }
        }
        if want.injured_unknown == Some(true)
            && !(e["injured"].is_null() && e["approximate"] == true)
        {
            fail(format!(
                "injured {} approximate {}",
                e["injured"], e["approximate"]
            ));
        }
        if let Some(a) = want.actor {
            let got = e["actor"].as_str().unwrap_or("");
            if got != a {
                fail(format!("actor {got:?} not {a:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} rule(s) broken:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A place an event is placed at, from a name the recogniser had left out
/// ("marched in Goa"), is listed among the article's mentions with the
/// event's place id; a name that is no town there ("the White House") is
/// neither a mention nor a point.
#[test]
fn event_places_are_mentions() {
    let feed = [
        "Over a thousand people marched in Goa on Sunday against the demolition of houses.",
        "Guards patrolled outside the White House as aides spoke.",
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| serde_json::json!({"id": format!("p{i}"), "text": t}).to_string() + "\n")
    .collect::<String>();
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("event-places.jsonl");
    std::fs::write(&path, feed).unwrap();
    let out = parse(&path);

    let goa = &out[0];
    let event = &goa["events"][0];
    assert_eq!(event["place"], "Goa", "{goa}");
    let m: Vec<&Value> = goa["mentions"].as_array().unwrap().iter().collect();
    assert_eq!(m.len(), 1, "{goa}");
    assert_eq!(m[0]["text"], "Goa");
    assert_eq!(m[0]["start"], 34);
    assert_eq!(m[0]["geonameid"], event["geonameid"]);

    let wh = &out[1];
    assert!(wh["mentions"].as_array().unwrap().is_empty(), "{wh}");
    assert!(wh["events"][0]["geonameid"].is_null(), "{wh}");
}
