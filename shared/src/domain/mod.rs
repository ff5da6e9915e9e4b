//! The agency's records: people, the organisation they work in, and the competencies it expects.

pub mod assessment;
pub mod competency;
pub mod employee;
pub mod organisation;
pub mod training;

pub use competency::{Competency, CompetencyKind, Level, LevelDescription};
pub use employee::{Employee, EmploymentType, Nip, NipError, PnsGrade, Rank, Role};
pub use organisation::{Position, PositionTier, RequiredCompetency, Unit};
pub use assessment::{AssessmentStatus, Review, SelfAssessment, SelfRating, SupervisorRating};
pub use training::{RejectionNote, TrainingDetails, TrainingForm, TrainingRecord, TrainingStatus, Verification};
