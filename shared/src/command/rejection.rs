//! Why a command was refused: one closed enum the app matches on to say exactly what is wrong, in
//! the user's language. The server sends it, and stores it (as JSON) with the command's outcome.

use serde::{Deserialize, Serialize};

use crate::ids::{CompetencyId, SelfAssessmentId, SkpPlanId, TrainingId};

/// Why the server refused a command. The command is kept on the device with this reason until
/// its author reworks or discards it.
///
/// This and the other enums of the sync protocol are externally tagged (`"locked"`,
/// `{"conflict": {"current_version": 3}}`): an internally tagged enum makes serde buffer the
/// value and compile a second deserializer for everything inside it, which cost the browser
/// bundle tens of kilobytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rejection {
    /// The record changed since `base_version`; `current_version` is what it is now.
    Conflict { current_version: u64 },
    /// The record is final: an approved self-assessment or a verified training record.
    Locked,
    /// This user may not do this to this record.
    Forbidden,
    Invalid { reason: InvalidReason },
}

impl Rejection {
    pub const fn invalid(reason: InvalidReason) -> Rejection {
        Rejection::Invalid { reason }
    }
}

/// What exactly is wrong with a command's content or timing. A variant an older app does not know
/// only ever answers a command that app cannot send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidReason {
    /// No such record (perhaps the command that creates it was rejected).
    UnknownRecord,
    /// The command is for another kind of record.
    WrongKind,
    /// The record is not in a state that allows this step (e.g. editing while it is under review).
    WrongStatus,
    /// The author already has a self-assessment for this period.
    DuplicatePeriod { existing: SelfAssessmentId },
    /// An amendment must name an approved self-assessment of the same person and period.
    NotAmendable,
    PeriodOutOfRange,
    CompetencyNotInStandard { competency: CompetencyId },
    DuplicateCompetency { competency: CompetencyId },
    /// Submitting or approving needs a level for every competency of the standard.
    IncompleteRatings { missing: usize },
    TextTooLong { max: usize },
    CommentRequired,
    ReasonRequired,
    TitleRequired,
    ProviderRequired,
    EndBeforeStart,
    JpNotPositive,
    /// More JP than the dates allow (`max` for these dates).
    JpImplausible { max: u32 },
    /// The same person already has this training (same title and dates).
    DuplicateTraining { existing: TrainingId },
    /// The JP recognised must be between 1 and the JP claimed.
    JpRecognisedOutOfRange { claimed: u16 },
    TooManyCompetencies { max: usize },
    /// The server could not read the command at all (it came from an app older or newer than
    /// the server). Set by the device, never by the server: the command is kept for its author.
    Unreadable,
    /// The command names another subject than the record it changes is about (a record's subject
    /// is fixed when it is created).
    WrongSubject,
    /// The author already has an SKP plan for this year (a change is a revision of it).
    DuplicatePlan { existing: SkpPlanId },
    /// A revision must name an approved plan of the same person and year.
    NotRevisable,
    /// Submitting needs an RHK utama, and every RHK written with at least one indicator and its
    /// target (`incomplete_rhk` of them are not).
    IncompletePlan { incomplete_rhk: usize },
    PlanTooLarge { max_rhk: usize, max_indicators: usize },
    /// Two RHK of one plan with the same id.
    DuplicateRhk,
    /// An approval gives one ekspektasi khusus per BerAKHLAK value (`expected` of them).
    Expectations { expected: usize },
}
