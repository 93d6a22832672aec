//! The event taxonomy: types and the trigger words that mark them.
//! (Filled in by the events stage; see DESIGN.md.)

use serde::{Deserialize, Serialize};

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
