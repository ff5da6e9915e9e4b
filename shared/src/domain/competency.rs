//! The competency dictionary (kamus kompetensi), after PermenPANRB 38/2017: each competency has a
//! kind, a code, a definition and five proficiency levels, each level with a label, a description
//! and behavioural indicators. Labels and descriptions are data an HR admin may edit, not constants.

use serde::{Deserialize, Serialize};

use crate::ids::CompetencyId;

/// The three kinds of competency in PermenPANRB 38/2017.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompetencyKind {
    /// Technical competencies, defined by each agency for its own work.
    Teknis,
    /// The eight managerial competencies M.01 to M.08.
    Manajerial,
    /// The socio-cultural competency, Perekat Bangsa (SK.01).
    SosialKultural,
}

impl CompetencyKind {
    /// The kind's name as the UI shows it.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Teknis => "Teknis",
            Self::Manajerial => "Manajerial",
            Self::SosialKultural => "Sosial Kultural",
        }
    }
}

/// A proficiency level, 1 (lowest) to 5 (highest). Construct with [`Level::new`]; deserialising
/// checks the range too, so an out-of-range level never enters the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Level(u8);

impl Level {
    /// The lowest level.
    pub const MIN: Level = Level(1);
    /// The highest level.
    pub const MAX: Level = Level(5);

    /// A level from its number, if it is between 1 and 5.
    pub const fn new(value: u8) -> Option<Self> {
        if value >= 1 && value <= 5 { Some(Self(value)) } else { None }
    }

    /// The level's number, 1 to 5.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// All five levels, lowest first.
    pub fn all() -> impl Iterator<Item = Level> {
        (1..=5).map(Level)
    }
}

impl TryFrom<u8> for Level {
    type Error = String;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::new(value).ok_or_else(|| format!("level must be between 1 and 5, got {value}"))
    }
}

impl From<Level> for u8 {
    fn from(level: Level) -> u8 {
        level.0
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What one proficiency level of one competency means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelDescription {
    pub level: Level,
    /// The level's short name, e.g. "Menengah".
    pub label: String,
    pub description: String,
    /// Observable behaviours that show the level (usually two to four).
    pub indicators: Vec<String>,
}

/// One entry of the competency dictionary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Competency {
    pub id: CompetencyId,
    /// The dictionary code, e.g. "M.01" or "SK.01".
    pub code: String,
    pub name: String,
    pub kind: CompetencyKind,
    pub definition: String,
    /// Exactly one description per level, lowest first.
    pub levels: Vec<LevelDescription>,
}

impl Competency {
    /// The description of `level`, if the dictionary has one.
    pub fn level(&self, level: Level) -> Option<&LevelDescription> {
        self.levels.iter().find(|description| description.level == level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_accepts_one_to_five_only() {
        let cases = [(0, false), (1, true), (3, true), (5, true), (6, false), (255, false)];
        for (value, valid) in cases {
            assert_eq!(Level::new(value).is_some(), valid, "level {value}");
        }
    }

    #[test]
    fn level_out_of_range_is_rejected_when_deserialised() {
        assert_eq!(serde_json::from_str::<Level>("4").unwrap().get(), 4);
        assert!(serde_json::from_str::<Level>("0").is_err());
        assert!(serde_json::from_str::<Level>("6").is_err());
    }
}
