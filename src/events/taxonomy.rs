//! The event taxonomy: eventmap's types, and ACLED's event and sub-event
//! types, spelled as in ACLED's codebook, which events carry beside their
//! own type where one applies. DESIGN.md §4 has the mapping between them.

use serde::{Deserialize, Serialize};

/// Event types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// Violence against people or property: bombings, explosions,
    /// shootings, air strikes, shelling, kidnappings, looting.
    Attack,
    /// Fighting between armed groups, or an armed group's attack on
    /// soldiers, police or their posts.
    ArmedClash,
    /// Protests, demonstrations, strikes, riots.
    Protest,
    /// Floods, earthquakes, storms, fires, droughts, epidemics.
    NaturalDisaster,
    /// Crashes, collisions, industrial accidents.
    Accident,
    /// Deployments, exercises, withdrawals, patrols, bases set up.
    MilitaryMovement,
    /// Meetings, agreements, ceasefires, elections, government change.
    Political,
    /// People fleeing, refugees, evacuations.
    Displacement,
    /// Places taken, captured, held or lost.
    TerritorialControl,
    /// Police or army action without a fight: arrests and detentions,
    /// weapons seized, bombs defused. Added beside the nine original
    /// types for ACLED's "Arrests" and "Disrupted weapons use", which none
    /// of them covered.
    SecurityOperation,
}

impl EventType {
    /// Every type, in legend order.
    pub const ALL: [EventType; 10] = [
        EventType::Attack,
        EventType::ArmedClash,
        EventType::Protest,
        EventType::NaturalDisaster,
        EventType::Accident,
        EventType::MilitaryMovement,
        EventType::Political,
        EventType::Displacement,
        EventType::TerritorialControl,
        EventType::SecurityOperation,
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
            EventType::SecurityOperation => "security_operation",
        }
    }

    /// The type named `name` ([`EventType::as_str`]).
    pub fn from_name(name: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == name)
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
            EventType::SecurityOperation => "Security operation",
        }
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// ACLED's event types, as its codebook spells them.
pub mod acled {
    /// Battles.
    pub const BATTLES: &str = "Battles";
    /// Explosions/Remote violence.
    pub const REMOTE: &str = "Explosions/Remote violence";
    /// Violence against civilians.
    pub const CIVILIANS: &str = "Violence against civilians";
    /// Protests.
    pub const PROTESTS: &str = "Protests";
    /// Riots.
    pub const RIOTS: &str = "Riots";
    /// Strategic developments.
    pub const STRATEGIC: &str = "Strategic developments";

    /// Every sub-event type with its event type, as the codebook spells
    /// them.
    pub const SUB_EVENTS: [(&str, &str); 25] = [
        ("Armed clash", BATTLES),
        ("Government regains territory", BATTLES),
        ("Non-state actor overtakes territory", BATTLES),
        ("Chemical weapon", REMOTE),
        ("Air/drone strike", REMOTE),
        ("Suicide bomb", REMOTE),
        ("Shelling/artillery/missile attack", REMOTE),
        ("Remote explosive/landmine/IED", REMOTE),
        ("Grenade", REMOTE),
        ("Sexual violence", CIVILIANS),
        ("Attack", CIVILIANS),
        ("Abduction/forced disappearance", CIVILIANS),
        ("Peaceful protest", PROTESTS),
        ("Protest with intervention", PROTESTS),
        ("Excessive force against protesters", PROTESTS),
        ("Violent demonstration", RIOTS),
        ("Mob violence", RIOTS),
        ("Agreement", STRATEGIC),
        ("Arrests", STRATEGIC),
        ("Change to group/activity", STRATEGIC),
        ("Disrupted weapons use", STRATEGIC),
        ("Headquarters or base established", STRATEGIC),
        ("Looting/property destruction", STRATEGIC),
        ("Non-violent transfer of territory", STRATEGIC),
        ("Other", STRATEGIC),
    ];

    /// The event type of a sub-event type, and the sub-event type's
    /// `'static` spelling; `None` for a name that is none.
    pub fn event_type_of(sub: &str) -> Option<(&'static str, &'static str)> {
        SUB_EVENTS
            .iter()
            .find(|(s, _)| *s == sub)
            .map(|&(s, t)| (t, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in EventType::ALL {
            assert_eq!(EventType::from_name(t.as_str()), Some(t));
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.as_str()));
        }
        assert_eq!(EventType::from_name("arrest"), None);
    }

    #[test]
    fn every_acled_sub_event_has_one_of_six_types() {
        let types = [
            acled::BATTLES,
            acled::REMOTE,
            acled::CIVILIANS,
            acled::PROTESTS,
            acled::RIOTS,
            acled::STRATEGIC,
        ];
        for (sub, ty) in acled::SUB_EVENTS {
            assert!(types.contains(&ty), "{sub}");
            assert_eq!(acled::event_type_of(sub), Some((ty, sub)));
        }
        assert_eq!(acled::event_type_of("Riot"), None);
    }
}
