//! The agency's reference data: people, the organisation they work in, and the competencies it
//! expects. The synced records about people (self-assessments, trainings, ...) are `crate::kinds`.

pub mod competency;
pub mod employee;
pub mod iso_date;
pub mod organisation;

pub use competency::{Competency, CompetencyKind, Level, LevelDescription};
pub use employee::{Departure, DepartureReason, Employee, EmploymentType, Nip, NipError, PnsGrade, Rank, Role};
pub use organisation::{Position, PositionTier, RequiredCompetency, Unit};
