//! Commands: every change of user data is one of these, made on a device (perhaps offline),
//! queued in its outbox, and applied later by the server exactly once. [`decide`] is the one place
//! that says whether a command may be applied and what the record becomes: the server's answer is
//! authoritative, and the app runs the same function to show the pending result before it syncs.
//!
//! Checks run in a fixed order, so each rejection says the most useful thing:
//! 1. `Forbidden`: the actor may not do this to this record at all (wrong person or role).
//! 2. `Locked`: the record is final (approved self-assessment, verified training).
//! 3. `Conflict`: the record changed since the version the command was based on.
//! 4. `Invalid`: the transition is not allowed from the record's state, or the content is wrong.

use serde::{Deserialize, Serialize};

use crate::domain::assessment::{AssessmentStatus, Review, SelfAssessment, SelfRating, SupervisorRating};
use crate::domain::training::{RejectionNote, TrainingDetails, TrainingRecord, TrainingStatus, Verification};
use crate::ids::{CommandId, CompetencyId, DeviceId, EmployeeId, SelfAssessmentId, TrainingId};

/// A change a user asks for. Externally tagged on the wire (`{"save_training": {...}}`): serde
/// reads that form without buffering, which matters at tens of thousands of commands a second.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// Creates or edits the author's own self-assessment (Draft or Returned).
    SaveSelfAssessment {
        id: SelfAssessmentId,
        period: u16,
        ratings: Vec<SelfRating>,
        /// When creating an amendment: the approved assessment it amends.
        #[serde(default)]
        amends: Option<SelfAssessmentId>,
    },
    SubmitSelfAssessment { id: SelfAssessmentId },
    /// The supervisor approves, with their own levels and an optional comment.
    ApproveSelfAssessment { id: SelfAssessmentId, ratings: Vec<SupervisorRating>, comment: String },
    /// The supervisor returns it for revision, with a comment (required) and any levels so far.
    ReturnSelfAssessment { id: SelfAssessmentId, ratings: Vec<SupervisorRating>, comment: String },
    /// Creates or edits the author's own training record (Draft or Rejected).
    SaveTraining { id: TrainingId, details: TrainingDetails },
    SubmitTraining { id: TrainingId },
    /// The supervisor confirms a submitted record.
    ConfirmTraining { id: TrainingId },
    /// HR verifies a confirmed record and sets the JP that count.
    VerifyTraining { id: TrainingId, jp_recognised: u16 },
    /// The supervisor (a submitted record) or HR (a confirmed one) rejects it with a reason.
    RejectTraining { id: TrainingId, reason: String },
    /// The author throws away a record that never left their hands (Draft, or a rejected training).
    DiscardDraft { id: RecordId },
}

/// A record id of either kind (UUIDs never collide across kinds).
pub type RecordId = uuid::Uuid;

impl Command {
    /// The id of the record the command changes.
    pub fn record_id(&self) -> RecordId {
        match self {
            Self::SaveSelfAssessment { id, .. }
            | Self::SubmitSelfAssessment { id }
            | Self::ApproveSelfAssessment { id, .. }
            | Self::ReturnSelfAssessment { id, .. } => id.0,
            Self::SaveTraining { id, .. }
            | Self::SubmitTraining { id }
            | Self::ConfirmTraining { id }
            | Self::VerifyTraining { id, .. }
            | Self::RejectTraining { id, .. } => id.0,
            Self::DiscardDraft { id } => *id,
        }
    }

    /// The command's name, for the audit log and messages.
    pub fn name(&self) -> &'static str {
        match self {
            Self::SaveSelfAssessment { .. } => "save_self_assessment",
            Self::SubmitSelfAssessment { .. } => "submit_self_assessment",
            Self::ApproveSelfAssessment { .. } => "approve_self_assessment",
            Self::ReturnSelfAssessment { .. } => "return_self_assessment",
            Self::SaveTraining { .. } => "save_training",
            Self::SubmitTraining { .. } => "submit_training",
            Self::ConfirmTraining { .. } => "confirm_training",
            Self::VerifyTraining { .. } => "verify_training",
            Self::RejectTraining { .. } => "reject_training",
            Self::DiscardDraft { .. } => "discard_draft",
        }
    }
}

/// A command as it travels: who made it, where, when, and on which version of the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandEnvelope {
    pub command_id: CommandId,
    pub device_id: DeviceId,
    /// Position in the device's outbox, for the audit log.
    pub device_seq: u64,
    /// Must be the signed-in user: an outbox is never sent under another user's session.
    pub author: EmployeeId,
    /// The device's clock when the user acted (audit only; never used to order anything).
    pub device_time_ms: i64,
    /// The record version the command was based on (`None` when it creates the record).
    pub base_version: Option<u64>,
    pub command: Command,
}

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

/// What exactly is wrong with a command's content or timing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidReason {
    /// No such record (perhaps the command that creates it was rejected).
    UnknownRecord,
    /// The command is for the other kind of record.
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
}

/// A synced record of either kind, externally tagged (`{"training": {...}}`) like [`Command`].
// The server stores this by variant number: a new variant goes at the end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    SelfAssessment(SelfAssessment),
    Training(TrainingRecord),
}

impl Record {
    pub fn id(&self) -> RecordId {
        match self {
            Record::SelfAssessment(a) => a.id.0,
            Record::Training(t) => t.id.0,
        }
    }

    /// Whose record it is (which decides who may see it).
    pub fn employee(&self) -> EmployeeId {
        match self {
            Record::SelfAssessment(a) => a.employee,
            Record::Training(t) => t.employee,
        }
    }

    pub fn version(&self) -> u64 {
        match self {
            Record::SelfAssessment(a) => a.version,
            Record::Training(t) => t.version,
        }
    }

    /// Sets the version (a device does, to the one the server reported for its change).
    pub fn set_version(&mut self, version: u64) {
        match self {
            Record::SelfAssessment(a) => a.version = version,
            Record::Training(t) => t.version = version,
        }
    }
}

/// The agency's settings the rules use. Data with defaults (HR may change them), never constants
/// buried in the rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// The most JP a single day of training can plausibly hold (12 JP = 9 hours).
    pub max_jp_per_day: u16,
    /// The longest free text (evidence, comments, reasons, titles) accepted.
    pub max_text_chars: usize,
    pub max_competencies_per_training: usize,
    /// Self-assessment periods accepted (years).
    pub first_period: u16,
    pub last_period: u16,
}

impl Default for Policy {
    fn default() -> Self {
        Self { max_jp_per_day: 12, max_text_chars: 2000, max_competencies_per_training: 20, first_period: 2000, last_period: 2100 }
    }
}

/// Who is acting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: EmployeeId,
    pub hr_admin: bool,
}

/// The person whose record it is, as far as the rules need to know them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub employee: EmployeeId,
    /// From the position tree.
    pub supervisor: Option<EmployeeId>,
    /// The competencies of their position's standard.
    pub standard: Vec<CompetencyId>,
}

/// Everything [`decide`] needs to know besides the command, gathered by the caller (the server
/// from its indexes, the app from its local copy).
#[derive(Clone, Debug)]
pub struct Facts<'a> {
    pub actor: Actor,
    /// The record's owner; for a command that creates a record, the actor.
    pub subject: &'a Subject,
    /// The record as it is now, if it exists.
    pub current: Option<&'a Record>,
    /// For `SaveSelfAssessment` creating a record: the subject's existing non-amendment
    /// self-assessment for that period, if any.
    pub period_assessment: Option<SelfAssessmentId>,
    /// For `SaveSelfAssessment` creating an amendment: the record it amends.
    pub amended: Option<&'a Record>,
    /// For `SaveTraining`: another record of the subject with the same duplicate key, if any.
    pub duplicate_training: Option<TrainingId>,
    pub policy: &'a Policy,
    /// The server's clock, stamped on the record.
    pub now_ms: i64,
}

/// What applying a command does.
// Nearly every effect is an upsert, so boxing the record would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// The record's new state (its version already bumped).
    Upsert(Record),
    /// The record is removed (a discarded draft).
    Remove { id: RecordId, employee: EmployeeId },
}

/// Decides `command`, based on `base_version`, against `facts`.
pub fn decide(command: &Command, base_version: Option<u64>, facts: &Facts) -> Result<Effect, Rejection> {
    let actor = facts.actor;
    let owner = facts.subject.employee == actor.id;
    // Nobody supervises themselves, whatever bad data in the position tree says.
    let is_supervisor = facts.subject.supervisor == Some(actor.id) && !owner;
    let next_version = facts.current.map_or(1, |r| r.version() + 1);
    let check_version = || match (facts.current, base_version) {
        (Some(record), Some(base)) if base != record.version() => {
            Err(Rejection::Conflict { current_version: record.version() })
        }
        (Some(_), Some(_)) => Ok(()),
        (Some(record), None) => Err(Rejection::Conflict { current_version: record.version() }),
        // Based on a record that no longer exists (discarded meanwhile).
        (None, Some(_)) => Err(Rejection::Conflict { current_version: 0 }),
        (None, None) => Ok(()),
    };
    let invalid = |reason| Err(Rejection::Invalid { reason });
    let policy = facts.policy;

    match command {
        Command::SaveSelfAssessment { id, period, ratings, amends } => {
            if !owner {
                return Err(Rejection::Forbidden);
            }
            let current = match facts.current {
                None => None,
                Some(Record::SelfAssessment(a)) => Some(a),
                Some(_) => return invalid(InvalidReason::WrongKind),
            };
            if current.is_some_and(|a| a.status == AssessmentStatus::Approved) {
                return Err(Rejection::Locked);
            }
            check_version()?;
            if let Some(a) = current
                && !matches!(a.status, AssessmentStatus::Draft | AssessmentStatus::Returned)
            {
                return invalid(InvalidReason::WrongStatus);
            }
            if !(policy.first_period..=policy.last_period).contains(period) {
                return invalid(InvalidReason::PeriodOutOfRange);
            }
            if current.is_none() {
                match amends {
                    None => {
                        if let Some(existing) = facts.period_assessment {
                            return invalid(InvalidReason::DuplicatePeriod { existing });
                        }
                    }
                    Some(_) => {
                        let amendable = matches!(facts.amended, Some(Record::SelfAssessment(old))
                            if old.employee == actor.id && old.period == *period && old.status == AssessmentStatus::Approved);
                        if !amendable {
                            return invalid(InvalidReason::NotAmendable);
                        }
                    }
                }
            } else if current.is_some_and(|a| a.period != *period || a.amends != *amends) {
                // The period and the amended record are fixed when the record is created.
                return invalid(InvalidReason::WrongStatus);
            }
            check_self_ratings(ratings, &facts.subject.standard, policy, false).map_err(|reason| Rejection::Invalid { reason })?;
            let previous_review = current.and_then(|a| a.review.clone());
            Ok(Effect::Upsert(Record::SelfAssessment(SelfAssessment {
                id: *id,
                employee: actor.id,
                period: *period,
                version: next_version,
                status: current.map_or(AssessmentStatus::Draft, |a| a.status),
                ratings: ratings.clone(),
                review: previous_review,
                amends: *amends,
                updated_at_ms: facts.now_ms,
            })))
        }

        Command::SubmitSelfAssessment { .. } => {
            let assessment = existing_assessment(facts)?;
            if !owner {
                return Err(Rejection::Forbidden);
            }
            if assessment.status == AssessmentStatus::Approved {
                return Err(Rejection::Locked);
            }
            check_version()?;
            if !matches!(assessment.status, AssessmentStatus::Draft | AssessmentStatus::Returned) {
                return invalid(InvalidReason::WrongStatus);
            }
            check_self_ratings(&assessment.ratings, &facts.subject.standard, policy, true)
                .map_err(|reason| Rejection::Invalid { reason })?;
            let mut next = assessment.clone();
            next.status = AssessmentStatus::Submitted;
            Ok(Effect::Upsert(Record::SelfAssessment(stamp_assessment(next, next_version, facts.now_ms))))
        }

        Command::ApproveSelfAssessment { ratings, comment, .. } | Command::ReturnSelfAssessment { ratings, comment, .. } => {
            let approve = matches!(command, Command::ApproveSelfAssessment { .. });
            let assessment = existing_assessment(facts)?;
            if !is_supervisor {
                return Err(Rejection::Forbidden);
            }
            if assessment.status == AssessmentStatus::Approved {
                return Err(Rejection::Locked);
            }
            check_version()?;
            if assessment.status != AssessmentStatus::Submitted {
                return invalid(InvalidReason::WrongStatus);
            }
            check_text(comment, policy)?;
            if !approve && comment.trim().is_empty() {
                return invalid(InvalidReason::CommentRequired);
            }
            check_supervisor_ratings(ratings, &facts.subject.standard, approve).map_err(|reason| Rejection::Invalid { reason })?;
            let mut next = assessment.clone();
            next.status = if approve { AssessmentStatus::Approved } else { AssessmentStatus::Returned };
            next.review = Some(Review {
                reviewer: actor.id,
                ratings: ratings.clone(),
                comment: comment.trim().to_owned(),
                reviewed_version: assessment.version,
                decided_at_ms: facts.now_ms,
            });
            Ok(Effect::Upsert(Record::SelfAssessment(stamp_assessment(next, next_version, facts.now_ms))))
        }

        Command::SaveTraining { id, details } => {
            if !owner {
                return Err(Rejection::Forbidden);
            }
            let current = match facts.current {
                None => None,
                Some(Record::Training(t)) => Some(t),
                Some(_) => return invalid(InvalidReason::WrongKind),
            };
            if current.is_some_and(|t| t.status == TrainingStatus::Verified) {
                return Err(Rejection::Locked);
            }
            check_version()?;
            if current.is_some_and(|t| !matches!(t.status, TrainingStatus::Draft | TrainingStatus::Rejected)) {
                return invalid(InvalidReason::WrongStatus);
            }
            check_training_details(details, policy).map_err(|reason| Rejection::Invalid { reason })?;
            if let Some(existing) = facts.duplicate_training
                && existing != *id
            {
                return invalid(InvalidReason::DuplicateTraining { existing });
            }
            Ok(Effect::Upsert(Record::Training(TrainingRecord {
                id: *id,
                employee: actor.id,
                version: next_version,
                status: TrainingStatus::Draft,
                details: details.clone(),
                confirmed_by: None,
                verification: None,
                rejection: current.and_then(|t| t.rejection.clone()),
                updated_at_ms: facts.now_ms,
            })))
        }

        Command::SubmitTraining { .. } => {
            let training = existing_training(facts)?;
            if !owner {
                return Err(Rejection::Forbidden);
            }
            if training.status == TrainingStatus::Verified {
                return Err(Rejection::Locked);
            }
            check_version()?;
            if !matches!(training.status, TrainingStatus::Draft | TrainingStatus::Rejected) {
                return invalid(InvalidReason::WrongStatus);
            }
            let mut next = training.clone();
            next.status = TrainingStatus::Submitted;
            Ok(Effect::Upsert(Record::Training(stamp_training(next, next_version, facts.now_ms))))
        }

        Command::ConfirmTraining { .. } => {
            let training = existing_training(facts)?;
            if !is_supervisor {
                return Err(Rejection::Forbidden);
            }
            if training.status == TrainingStatus::Verified {
                return Err(Rejection::Locked);
            }
            check_version()?;
            if training.status != TrainingStatus::Submitted {
                return invalid(InvalidReason::WrongStatus);
            }
            let mut next = training.clone();
            next.status = TrainingStatus::Confirmed;
            next.confirmed_by = Some(actor.id);
            Ok(Effect::Upsert(Record::Training(stamp_training(next, next_version, facts.now_ms))))
        }

        Command::VerifyTraining { jp_recognised, .. } => {
            let training = existing_training(facts)?;
            // HR verifies, but never their own record.
            if !actor.hr_admin || owner {
                return Err(Rejection::Forbidden);
            }
            if training.status == TrainingStatus::Verified {
                return Err(Rejection::Locked);
            }
            check_version()?;
            if training.status != TrainingStatus::Confirmed {
                return invalid(InvalidReason::WrongStatus);
            }
            if *jp_recognised == 0 || *jp_recognised > training.details.jp_claimed {
                return invalid(InvalidReason::JpRecognisedOutOfRange { claimed: training.details.jp_claimed });
            }
            let mut next = training.clone();
            next.status = TrainingStatus::Verified;
            next.verification = Some(Verification { verifier: actor.id, jp_recognised: *jp_recognised });
            Ok(Effect::Upsert(Record::Training(stamp_training(next, next_version, facts.now_ms))))
        }

        Command::RejectTraining { reason, .. } => {
            let training = existing_training(facts)?;
            let may_reject = match training.status {
                TrainingStatus::Submitted => is_supervisor,
                TrainingStatus::Confirmed => actor.hr_admin && !owner,
                _ => is_supervisor || (actor.hr_admin && !owner),
            };
            if !may_reject {
                return Err(Rejection::Forbidden);
            }
            if training.status == TrainingStatus::Verified {
                return Err(Rejection::Locked);
            }
            check_version()?;
            if !matches!(training.status, TrainingStatus::Submitted | TrainingStatus::Confirmed) {
                return invalid(InvalidReason::WrongStatus);
            }
            if reason.trim().is_empty() {
                return invalid(InvalidReason::ReasonRequired);
            }
            check_text(reason, policy)?;
            let mut next = training.clone();
            next.status = TrainingStatus::Rejected;
            next.confirmed_by = None;
            next.rejection = Some(RejectionNote { by: actor.id, reason: reason.trim().to_owned() });
            Ok(Effect::Upsert(Record::Training(stamp_training(next, next_version, facts.now_ms))))
        }

        Command::DiscardDraft { id } => {
            let Some(current) = facts.current else { return invalid(InvalidReason::UnknownRecord) };
            if !owner {
                return Err(Rejection::Forbidden);
            }
            let (locked, discardable) = match current {
                Record::SelfAssessment(a) => (a.status == AssessmentStatus::Approved, a.status == AssessmentStatus::Draft),
                Record::Training(t) => (
                    t.status == TrainingStatus::Verified,
                    matches!(t.status, TrainingStatus::Draft | TrainingStatus::Rejected),
                ),
            };
            if locked {
                return Err(Rejection::Locked);
            }
            check_version()?;
            if !discardable {
                return invalid(InvalidReason::WrongStatus);
            }
            Ok(Effect::Remove { id: *id, employee: current.employee() })
        }
    }
}

fn existing_assessment<'a>(facts: &Facts<'a>) -> Result<&'a SelfAssessment, Rejection> {
    match facts.current {
        Some(Record::SelfAssessment(a)) => Ok(a),
        Some(_) => Err(Rejection::Invalid { reason: InvalidReason::WrongKind }),
        None => Err(Rejection::Invalid { reason: InvalidReason::UnknownRecord }),
    }
}

fn existing_training<'a>(facts: &Facts<'a>) -> Result<&'a TrainingRecord, Rejection> {
    match facts.current {
        Some(Record::Training(t)) => Ok(t),
        Some(_) => Err(Rejection::Invalid { reason: InvalidReason::WrongKind }),
        None => Err(Rejection::Invalid { reason: InvalidReason::UnknownRecord }),
    }
}

fn stamp_assessment(mut assessment: SelfAssessment, version: u64, now_ms: i64) -> SelfAssessment {
    assessment.version = version;
    assessment.updated_at_ms = now_ms;
    assessment
}

fn stamp_training(mut training: TrainingRecord, version: u64, now_ms: i64) -> TrainingRecord {
    training.version = version;
    training.updated_at_ms = now_ms;
    training
}

fn check_text(text: &str, policy: &Policy) -> Result<(), Rejection> {
    if text.chars().count() > policy.max_text_chars {
        Err(Rejection::Invalid { reason: InvalidReason::TextTooLong { max: policy.max_text_chars } })
    } else {
        Ok(())
    }
}

/// Every rated competency belongs to the standard, once; with `complete`, every one is rated.
fn check_self_ratings(ratings: &[SelfRating], standard: &[CompetencyId], policy: &Policy, complete: bool) -> Result<(), InvalidReason> {
    if ratings.iter().any(|r| r.evidence.chars().count() > policy.max_text_chars) {
        return Err(InvalidReason::TextTooLong { max: policy.max_text_chars });
    }
    check_rated(ratings.iter().map(|r| r.competency), standard, complete)
}

fn check_supervisor_ratings(ratings: &[SupervisorRating], standard: &[CompetencyId], complete: bool) -> Result<(), InvalidReason> {
    check_rated(ratings.iter().map(|r| r.competency), standard, complete)
}

fn check_rated(rated: impl Iterator<Item = CompetencyId>, standard: &[CompetencyId], complete: bool) -> Result<(), InvalidReason> {
    let mut seen = Vec::with_capacity(standard.len());
    for competency in rated {
        if !standard.contains(&competency) {
            return Err(InvalidReason::CompetencyNotInStandard { competency });
        }
        if seen.contains(&competency) {
            return Err(InvalidReason::DuplicateCompetency { competency });
        }
        seen.push(competency);
    }
    let missing = standard.len() - seen.len();
    if complete && missing > 0 { Err(InvalidReason::IncompleteRatings { missing }) } else { Ok(()) }
}

/// The content rules of a training record: required fields, dates in order, a plausible JP count
/// for the dates, and sane lengths.
pub fn check_training_details(details: &TrainingDetails, policy: &Policy) -> Result<(), InvalidReason> {
    let too_long = |text: &str| text.chars().count() > policy.max_text_chars;
    if details.title.trim().is_empty() {
        return Err(InvalidReason::TitleRequired);
    }
    if details.provider.trim().is_empty() {
        return Err(InvalidReason::ProviderRequired);
    }
    if too_long(&details.title) || too_long(&details.provider) || too_long(&details.certificate_number) {
        return Err(InvalidReason::TextTooLong { max: policy.max_text_chars });
    }
    if details.end < details.start {
        return Err(InvalidReason::EndBeforeStart);
    }
    if details.jp_claimed == 0 {
        return Err(InvalidReason::JpNotPositive);
    }
    let days = (details.end - details.start).whole_days() as u32 + 1;
    let max = days.saturating_mul(u32::from(policy.max_jp_per_day));
    if u32::from(details.jp_claimed) > max {
        return Err(InvalidReason::JpImplausible { max });
    }
    if details.competencies.len() > policy.max_competencies_per_training {
        return Err(InvalidReason::TooManyCompetencies { max: policy.max_competencies_per_training });
    }
    let mut seen = Vec::new();
    for competency in &details.competencies {
        if seen.contains(competency) {
            return Err(InvalidReason::DuplicateCompetency { competency: *competency });
        }
        seen.push(*competency);
    }
    Ok(())
}
