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

mod commands;

use serde::{Deserialize, Serialize};

pub use commands::{Approve, Return, Save, Submit};

use crate::command::{Facts, IndexKey, InvalidReason, Rejection, Relation};
use crate::domain::competency::Level;
use crate::ids::{CompetencyId, EmployeeId, SelfAssessmentId};
use crate::kinds::{Kind, KindRecord, Record, RecordId};

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

/// One competency of the standard as it was when the assessment was approved: the required
/// level and the dictionary's texts of that day. Editing the dictionary or the position's
/// standard later never changes what an approved assessment says it was assessed against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessedCompetency {
    pub competency: CompetencyId,
    pub code: String,
    pub name: String,
    pub required: Level,
    /// The labels of levels 1 to 5 ("Paham" … "Ahli").
    pub labels: Vec<String>,
}

/// The standard `standard` with the texts of `dictionary`, as an approval keeps it (a competency
/// the dictionary does not have keeps its id only).
pub fn assessed_against(standard: &[crate::domain::RequiredCompetency], dictionary: &[crate::domain::Competency]) -> Vec<AssessedCompetency> {
    standard
        .iter()
        .map(|line| {
            let entry = dictionary.iter().find(|c| c.id == line.competency);
            AssessedCompetency {
                competency: line.competency,
                code: entry.map(|c| c.code.clone()).unwrap_or_default(),
                name: entry.map(|c| c.name.clone()).unwrap_or_default(),
                required: line.level,
                labels: entry.map(|c| c.levels.iter().map(|l| l.label.clone()).collect()).unwrap_or_default(),
            }
        })
        .collect()
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
    /// The person assessed (the record's subject), who is always its author too.
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
    /// Set by the approval: the standard and the dictionary's texts it was assessed against.
    /// Added in schema 5, last, so older stored records gain it empty.
    #[serde(default)]
    pub assessed_against: Vec<AssessedCompetency>,
}

impl KindRecord for SelfAssessment {
    const KIND: Kind = Kind::SelfAssessment;

    fn id(&self) -> RecordId {
        self.id.0
    }

    fn subject(&self) -> EmployeeId {
        self.employee
    }

    fn version(&self) -> u64 {
        self.version
    }

    fn set_version(&mut self, version: u64) {
        self.version = version;
    }

    fn updated_at_ms(&self) -> i64 {
        self.updated_at_ms
    }

    /// The subject sees every state; their supervisor sees it from its submission on (never a
    /// draft, nor an amendment not yet submitted). HR's device does not need assessments.
    fn visible_to(&self, relation: Relation) -> bool {
        relation.subject || (relation.supervisor && self.status != AssessmentStatus::Draft)
    }

    /// One assessment per person and period; amendments are further versions of that one.
    fn unique_keys(&self) -> Vec<IndexKey> {
        match self.amends {
            None => vec![period_key(self.employee, self.period)],
            Some(_) => Vec::new(),
        }
    }

    /// A draft that was never submitted is its author's to throw away; an approved one is final.
    fn check_discard(facts: &Facts<'_, Self>) -> Result<(), Rejection> {
        let Some(assessment) = facts.current else { return Err(Rejection::invalid(InvalidReason::UnknownRecord)) };
        if !facts.by_subject() {
            return Err(Rejection::Forbidden);
        }
        if assessment.status == AssessmentStatus::Approved {
            return Err(Rejection::Locked);
        }
        facts.check_version()?;
        if assessment.status != AssessmentStatus::Draft {
            return Err(Rejection::invalid(InvalidReason::WrongStatus));
        }
        Ok(())
    }

    fn into_record(self) -> Record {
        Record::SelfAssessment(self)
    }

    fn from_record(record: &Record) -> Option<&Self> {
        match record {
            Record::SelfAssessment(assessment) => Some(assessment),
            _ => None,
        }
    }
}

/// The unique key of `subject`'s (non-amendment) assessment for `period`.
pub fn period_key(subject: EmployeeId, period: u16) -> IndexKey {
    IndexKey { kind: Kind::SelfAssessment, subject, key: period.to_string() }
}
