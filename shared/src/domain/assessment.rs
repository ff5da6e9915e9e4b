//! Self-assessment (penilaian mandiri): for one period, the employee rates their own level on each
//! competency of their position's standard, with a short evidence note; their supervisor reviews
//! it and approves it or returns it with a comment.
//!
//! ```text
//! Draft ──submit──> Submitted ──approve──> Approved (locked; an amendment is a new record)
//!                     ^   │
//!           resubmit  │   │ return (with a comment)
//!                  Returned <┘  (edited in place: it stays Returned, comment visible, until resubmitted)
//! ```

use serde::{Deserialize, Serialize};

use crate::domain::competency::Level;
use crate::ids::{CompetencyId, EmployeeId, SelfAssessmentId};

// The server stores this by variant number: a new variant goes at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentStatus {
    Draft,
    Submitted,
    Approved,
    Returned,
}

/// The employee's own rating of one competency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfRating {
    pub competency: CompetencyId,
    pub level: Level,
    /// What shows the level: a project, a task, a certificate. May be empty in a draft.
    #[serde(default)]
    pub evidence: String,
}

/// The supervisor's rating of one competency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisorRating {
    pub competency: CompetencyId,
    pub level: Level,
}

/// The supervisor's decision on a submitted self-assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub reviewer: EmployeeId,
    pub ratings: Vec<SupervisorRating>,
    pub comment: String,
    /// The record version the supervisor decided on.
    pub reviewed_version: u64,
    pub decided_at_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfAssessment {
    pub id: SelfAssessmentId,
    pub employee: EmployeeId,
    /// The assessment year, e.g. 2026.
    pub period: u16,
    /// Goes up by one with every applied change; commands name the version they were based on.
    pub version: u64,
    pub status: AssessmentStatus,
    pub ratings: Vec<SelfRating>,
    /// The latest review (the return comment while Returned, the approval once Approved).
    #[serde(default)]
    pub review: Option<Review>,
    /// The approved assessment this one amends, if it is an amendment.
    #[serde(default)]
    pub amends: Option<SelfAssessmentId>,
    pub updated_at_ms: i64,
}
