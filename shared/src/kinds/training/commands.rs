//! The training record's commands and their rules. The subject records their own trainings, or
//! HR enters one for an employee who has no device (DOMAIN §4a); the subject's supervisor
//! confirms it, and HR (never for their own record) verifies it with the JP that count.

use serde::{Deserialize, Serialize};

use super::{RejectionNote, TrainingDetails, TrainingRecord, TrainingStatus, Verification, key_of, same_duplicate_fields};
use crate::command::{Facts, IndexKey, InvalidReason, Needs, Policy, Rejection, check_text, too_long};
use crate::ids::{EmployeeId, TrainingId};
use crate::kinds::{Command, Divergence, KindCommand, Prefer, RecordId};

/// Creates or edits a training record (Draft or Rejected).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Save {
    pub id: TrainingId,
    pub details: TrainingDetails,
    /// Whom a new record is about, when HR enters it for someone; absent: the author. Added
    /// after the first release (its apps never send it, and mean the author).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<EmployeeId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submit {
    pub id: TrainingId,
}

/// The supervisor confirms a submitted record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirm {
    pub id: TrainingId,
}

/// HR verifies a confirmed record and sets the JP that count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verify {
    pub id: TrainingId,
    pub jp_recognised: u16,
}

/// The supervisor (a submitted record) or HR (a confirmed one) rejects it with a reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    pub id: TrainingId,
    pub reason: String,
}

/// The author holds HR rights and works on a record HR entered for its subject (HR may create
/// one for anybody, but never changes one the employee entered).
pub(super) fn by_hr_for(training: &TrainingRecord, facts: &Facts<'_, TrainingRecord>) -> bool {
    facts.actor.hr_admin && !facts.by_subject() && training.entered_by.is_some()
}

/// The record a command other than `Save` works on.
fn existing<'a>(facts: &Facts<'a, TrainingRecord>) -> Result<&'a TrainingRecord, Rejection> {
    facts.current.ok_or(Rejection::invalid(InvalidReason::UnknownRecord))
}

fn not_verified(training: &TrainingRecord) -> Result<(), Rejection> {
    if training.status == TrainingStatus::Verified { Err(Rejection::Locked) } else { Ok(()) }
}

/// The next state of `training`, stamped with the version and time of the change.
fn stamped(training: &TrainingRecord, facts: &Facts<'_, TrainingRecord>, change: impl FnOnce(&mut TrainingRecord)) -> TrainingRecord {
    let mut next = training.clone();
    change(&mut next);
    next.version = facts.next_version();
    next.updated_at_ms = facts.now_ms;
    next
}

impl KindCommand for Save {
    type Record = TrainingRecord;
    const NAME: &'static str = "save_training";

    fn record_id(&self) -> RecordId {
        self.id.0
    }

    fn new_subject(&self) -> Option<EmployeeId> {
        self.subject
    }

    /// Who else holds the key, unless an edit keeps the title and dates (and so its own key).
    fn needs(&self, subject: EmployeeId, current: Option<&TrainingRecord>) -> Needs {
        if current.is_some_and(|t| same_duplicate_fields(&t.details, &self.details)) {
            return Needs::default();
        }
        Needs { keys: vec![key_of(subject, &self.details)], ..Needs::default() }
    }

    fn decide(&self, facts: &Facts<'_, TrainingRecord>) -> Result<TrainingRecord, Rejection> {
        // The subject, or HR entering it for them (a new record, or one HR entered).
        let current = facts.current;
        if !(facts.by_subject() || (facts.actor.hr_admin && current.is_none_or(|t| by_hr_for(t, facts)))) {
            return Err(Rejection::Forbidden);
        }
        if let Some(training) = current {
            not_verified(training)?;
        }
        facts.check_version()?;
        if current.is_some_and(|t| !matches!(t.status, TrainingStatus::Draft | TrainingStatus::Rejected)) {
            return Err(Rejection::invalid(InvalidReason::WrongStatus));
        }
        check_details(&self.details, facts.policy).map_err(Rejection::invalid)?;
        let key: IndexKey = key_of(facts.subject.employee, &self.details);
        if let Some(existing) = facts.holder(&key)
            && existing != self.id.0
        {
            return Err(Rejection::invalid(InvalidReason::DuplicateTraining { existing: TrainingId(existing) }));
        }
        Ok(TrainingRecord {
            id: self.id,
            employee: facts.subject.employee,
            version: facts.next_version(),
            status: TrainingStatus::Draft,
            details: self.details.clone(),
            confirmed_by: None,
            verification: None,
            rejection: current.and_then(|t| t.rejection.clone()),
            updated_at_ms: facts.now_ms,
            entered_by: match current {
                Some(training) => training.entered_by,
                None if facts.by_subject() => None,
                None => Some(facts.actor.id),
            },
        })
    }

    fn rebase(&self, base: Option<&TrainingRecord>, stored: &TrainingRecord, prefer: Option<Prefer>) -> Result<Self, Vec<Divergence>> {
        let details = super::merge::merge_details(base.map(|t| &t.details), &stored.details, &self.details, prefer)?;
        Ok(Save { details, ..self.clone() })
    }

    fn into_command(self) -> Command {
        Command::SaveTraining(self)
    }
}

impl KindCommand for Submit {
    type Record = TrainingRecord;
    const NAME: &'static str = "submit_training";

    fn record_id(&self) -> RecordId {
        self.id.0
    }

    fn decide(&self, facts: &Facts<'_, TrainingRecord>) -> Result<TrainingRecord, Rejection> {
        let training = existing(facts)?;
        if !(facts.by_subject() || by_hr_for(training, facts)) {
            return Err(Rejection::Forbidden);
        }
        not_verified(training)?;
        facts.check_version()?;
        if !matches!(training.status, TrainingStatus::Draft | TrainingStatus::Rejected) {
            return Err(Rejection::invalid(InvalidReason::WrongStatus));
        }
        Ok(stamped(training, facts, |next| next.status = TrainingStatus::Submitted))
    }

    fn into_command(self) -> Command {
        Command::SubmitTraining(self)
    }
}

impl KindCommand for Confirm {
    type Record = TrainingRecord;
    const NAME: &'static str = "confirm_training";

    fn record_id(&self) -> RecordId {
        self.id.0
    }

    fn decide(&self, facts: &Facts<'_, TrainingRecord>) -> Result<TrainingRecord, Rejection> {
        let training = existing(facts)?;
        if !facts.by_supervisor() {
            return Err(Rejection::Forbidden);
        }
        not_verified(training)?;
        facts.check_version()?;
        if training.status != TrainingStatus::Submitted {
            return Err(Rejection::invalid(InvalidReason::WrongStatus));
        }
        Ok(stamped(training, facts, |next| {
            next.status = TrainingStatus::Confirmed;
            next.confirmed_by = Some(facts.actor.id);
        }))
    }

    fn into_command(self) -> Command {
        Command::ConfirmTraining(self)
    }
}

impl KindCommand for Verify {
    type Record = TrainingRecord;
    const NAME: &'static str = "verify_training";

    fn record_id(&self) -> RecordId {
        self.id.0
    }

    fn decide(&self, facts: &Facts<'_, TrainingRecord>) -> Result<TrainingRecord, Rejection> {
        let training = existing(facts)?;
        // HR verifies, but never their own record, nor one they confirmed themselves (an HR
        // officer who is also the employee's supervisor): two people check every training.
        if !facts.by_hr_for_someone_else() || training.confirmed_by == Some(facts.actor.id) {
            return Err(Rejection::Forbidden);
        }
        not_verified(training)?;
        facts.check_version()?;
        if training.status != TrainingStatus::Confirmed {
            return Err(Rejection::invalid(InvalidReason::WrongStatus));
        }
        let claimed = training.details.jp_claimed;
        if self.jp_recognised == 0 || self.jp_recognised > claimed {
            return Err(Rejection::invalid(InvalidReason::JpRecognisedOutOfRange { claimed }));
        }
        Ok(stamped(training, facts, |next| {
            next.status = TrainingStatus::Verified;
            next.verification = Some(Verification { verifier: facts.actor.id, jp_recognised: self.jp_recognised });
        }))
    }

    fn into_command(self) -> Command {
        Command::VerifyTraining(self)
    }
}

impl KindCommand for Reject {
    type Record = TrainingRecord;
    const NAME: &'static str = "reject_training";

    fn record_id(&self) -> RecordId {
        self.id.0
    }

    fn decide(&self, facts: &Facts<'_, TrainingRecord>) -> Result<TrainingRecord, Rejection> {
        let training = existing(facts)?;
        let may_reject = match training.status {
            TrainingStatus::Submitted => facts.by_supervisor(),
            TrainingStatus::Confirmed => facts.by_hr_for_someone_else(),
            _ => facts.by_supervisor() || facts.by_hr_for_someone_else(),
        };
        if !may_reject {
            return Err(Rejection::Forbidden);
        }
        not_verified(training)?;
        facts.check_version()?;
        if !matches!(training.status, TrainingStatus::Submitted | TrainingStatus::Confirmed) {
            return Err(Rejection::invalid(InvalidReason::WrongStatus));
        }
        if self.reason.trim().is_empty() {
            return Err(Rejection::invalid(InvalidReason::ReasonRequired));
        }
        check_text(&self.reason, facts.policy)?;
        Ok(stamped(training, facts, |next| {
            next.status = TrainingStatus::Rejected;
            next.confirmed_by = None;
            next.rejection = Some(RejectionNote { by: facts.actor.id, reason: self.reason.trim().to_owned() });
        }))
    }

    fn into_command(self) -> Command {
        Command::RejectTraining(self)
    }
}

/// The content rules of a training record: required fields, dates in order, a plausible JP count
/// for the dates, and sane lengths.
pub fn check_details(details: &TrainingDetails, policy: &Policy) -> Result<(), InvalidReason> {
    if details.title.trim().is_empty() {
        return Err(InvalidReason::TitleRequired);
    }
    if details.provider.trim().is_empty() {
        return Err(InvalidReason::ProviderRequired);
    }
    if too_long(&details.title, policy) || too_long(&details.provider, policy) || too_long(&details.certificate_number, policy) {
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
