//! The self-assessment's commands and their rules: the employee saves and submits their own; the
//! supervisor approves or returns it; an approved one is changed only through an amendment (a new
//! record that names the one it amends).

use serde::{Deserialize, Serialize};

use super::{AssessmentStatus, Review, SelfAssessment, SelfRating, SupervisorRating, period_key};
use crate::command::{Facts, InvalidReason, Needs, Policy, Rejection, check_rated, check_text, too_long};
use crate::ids::{CompetencyId, EmployeeId, SelfAssessmentId};
use crate::kinds::{Command, Divergence, KindCommand, Prefer, Record, RecordId};

/// Creates or edits the author's own self-assessment (Draft or Returned).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Save {
    pub id: SelfAssessmentId,
    pub period: u16,
    pub ratings: Vec<SelfRating>,
    /// When creating an amendment: the approved assessment it amends.
    #[serde(default)]
    pub amends: Option<SelfAssessmentId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submit {
    pub id: SelfAssessmentId,
}

/// The supervisor approves, with their own levels and an optional comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approve {
    pub id: SelfAssessmentId,
    pub ratings: Vec<SupervisorRating>,
    pub comment: String,
}

/// The supervisor returns it for revision, with a comment (required) and any levels so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Return {
    pub id: SelfAssessmentId,
    pub ratings: Vec<SupervisorRating>,
    pub comment: String,
}

fn existing<'a>(facts: &Facts<'a, SelfAssessment>) -> Result<&'a SelfAssessment, Rejection> {
    facts.current.ok_or(Rejection::invalid(InvalidReason::UnknownRecord))
}

fn not_approved(assessment: &SelfAssessment) -> Result<(), Rejection> {
    if assessment.status == AssessmentStatus::Approved { Err(Rejection::Locked) } else { Ok(()) }
}

fn editable(assessment: &SelfAssessment) -> Result<(), Rejection> {
    if matches!(assessment.status, AssessmentStatus::Draft | AssessmentStatus::Returned) {
        Ok(())
    } else {
        Err(Rejection::invalid(InvalidReason::WrongStatus))
    }
}

fn stamped(assessment: &SelfAssessment, facts: &Facts<'_, SelfAssessment>, change: impl FnOnce(&mut SelfAssessment)) -> SelfAssessment {
    let mut next = assessment.clone();
    change(&mut next);
    next.version = facts.next_version();
    next.updated_at_ms = facts.now_ms;
    next
}

/// Every rated competency belongs to the standard, once, with an evidence note of sane length;
/// with `complete`, every one is rated.
fn check_self_ratings(ratings: &[SelfRating], standard: &[CompetencyId], policy: &Policy, complete: bool) -> Result<(), Rejection> {
    if ratings.iter().any(|r| too_long(&r.evidence, policy)) {
        return Err(Rejection::invalid(InvalidReason::TextTooLong { max: policy.max_text_chars }));
    }
    check_rated(ratings.iter().map(|r| r.competency), standard, complete).map_err(Rejection::invalid)
}

impl KindCommand for Save {
    type Record = SelfAssessment;
    const NAME: &'static str = "save_self_assessment";

    fn record_id(&self) -> RecordId {
        self.id.0
    }

    /// A new assessment asks whether the period is taken; a new amendment, what it amends.
    fn needs(&self, subject: EmployeeId, current: Option<&SelfAssessment>) -> Needs {
        match (current, self.amends) {
            (Some(_), _) => Needs::default(),
            (None, None) => Needs { keys: vec![period_key(subject, self.period)], ..Needs::default() },
            (None, Some(amended)) => Needs { record: Some(amended.0), ..Needs::default() },
        }
    }

    fn decide(&self, facts: &Facts<'_, SelfAssessment>) -> Result<SelfAssessment, Rejection> {
        if !facts.by_subject() {
            return Err(Rejection::Forbidden);
        }
        let current = facts.current;
        if let Some(assessment) = current {
            not_approved(assessment)?;
        }
        facts.check_version()?;
        if let Some(assessment) = current {
            editable(assessment)?;
        }
        if !(facts.policy.first_period..=facts.policy.last_period).contains(&self.period) {
            return Err(Rejection::invalid(InvalidReason::PeriodOutOfRange));
        }
        match current {
            None => match self.amends {
                None => {
                    if let Some(existing) = facts.holder(&period_key(facts.subject.employee, self.period)) {
                        return Err(Rejection::invalid(InvalidReason::DuplicatePeriod { existing: SelfAssessmentId(existing) }));
                    }
                }
                Some(_) => {
                    let amendable = matches!(facts.related, Some(Record::SelfAssessment(old))
                        if old.employee == facts.subject.employee && old.period == self.period && old.status == AssessmentStatus::Approved);
                    if !amendable {
                        return Err(Rejection::invalid(InvalidReason::NotAmendable));
                    }
                }
            },
            // The period and the amended record are fixed when the record is created.
            Some(assessment) if assessment.period != self.period || assessment.amends != self.amends => {
                return Err(Rejection::invalid(InvalidReason::WrongStatus));
            }
            Some(_) => {}
        }
        check_self_ratings(&self.ratings, &facts.subject.standard, facts.policy, false)?;
        Ok(SelfAssessment {
            id: self.id,
            employee: facts.subject.employee,
            period: self.period,
            version: facts.next_version(),
            status: current.map_or(AssessmentStatus::Draft, |a| a.status),
            ratings: self.ratings.clone(),
            review: current.and_then(|a| a.review.clone()),
            amends: self.amends,
            updated_at_ms: facts.now_ms,
            // Only an approval sets it, and an approved one is never saved again.
            assessed_against: Vec::new(),
        })
    }

    /// Competency by competency: a level and note only the form changed are the form's, ones only
    /// the stored record changed are kept, and a competency both rated differently is divergent.
    /// A competency the form left unrated is not a change of the form's.
    fn rebase(&self, base: Option<&SelfAssessment>, stored: &SelfAssessment, prefer: Option<Prefer>) -> Result<Self, Vec<Divergence>> {
        let find = |ratings: &[SelfRating], competency: CompetencyId| ratings.iter().find(|r| r.competency == competency).cloned();
        let mut competencies: Vec<CompetencyId> = stored.ratings.iter().map(|r| r.competency).collect();
        competencies.extend(self.ratings.iter().map(|r| r.competency).filter(|c| !stored.ratings.iter().any(|r| r.competency == *c)));
        let mut ratings = Vec::with_capacity(competencies.len());
        let mut divergent = Vec::new();
        for competency in competencies {
            let theirs = find(&stored.ratings, competency);
            let mine = find(&self.ratings, competency);
            let was = base.and_then(|b| find(&b.ratings, competency));
            let chosen = if mine == theirs || mine == was || mine.is_none() {
                theirs
            } else if theirs == was {
                mine
            } else {
                match prefer {
                    Some(Prefer::Mine) => mine,
                    Some(Prefer::Stored) => theirs,
                    None => {
                        divergent.push(Divergence::Rating(competency));
                        theirs
                    }
                }
            };
            ratings.extend(chosen);
        }
        if !divergent.is_empty() {
            return Err(divergent);
        }
        Ok(Save { id: stored.id, period: stored.period, ratings, amends: stored.amends })
    }

    fn into_command(self) -> Command {
        Command::SaveSelfAssessment(self)
    }
}

impl KindCommand for Submit {
    type Record = SelfAssessment;
    const NAME: &'static str = "submit_self_assessment";

    fn record_id(&self) -> RecordId {
        self.id.0
    }

    fn decide(&self, facts: &Facts<'_, SelfAssessment>) -> Result<SelfAssessment, Rejection> {
        let assessment = existing(facts)?;
        if !facts.by_subject() {
            return Err(Rejection::Forbidden);
        }
        not_approved(assessment)?;
        facts.check_version()?;
        editable(assessment)?;
        // Outside the period HR opened, or past its deadline (by the server's clock: a device
        // offline past the deadline has its submission refused when it syncs, and keeps it).
        if !facts.policy.accepts_submission(assessment.period, facts.now_ms) {
            return Err(Rejection::invalid(InvalidReason::PeriodOutOfRange));
        }
        check_self_ratings(&assessment.ratings, &facts.subject.standard, facts.policy, true)?;
        Ok(stamped(assessment, facts, |next| next.status = AssessmentStatus::Submitted))
    }

    fn into_command(self) -> Command {
        Command::SubmitSelfAssessment(self)
    }
}

/// The supervisor's decision: approve (every competency rated) or return (with a comment).
fn review(facts: &Facts<'_, SelfAssessment>, approve: bool, ratings: &[SupervisorRating], comment: &str) -> Result<SelfAssessment, Rejection> {
    let assessment = existing(facts)?;
    if !facts.by_supervisor() {
        return Err(Rejection::Forbidden);
    }
    not_approved(assessment)?;
    facts.check_version()?;
    if assessment.status != AssessmentStatus::Submitted {
        return Err(Rejection::invalid(InvalidReason::WrongStatus));
    }
    check_text(comment, facts.policy)?;
    if !approve && comment.trim().is_empty() {
        return Err(Rejection::invalid(InvalidReason::CommentRequired));
    }
    check_rated(ratings.iter().map(|r| r.competency), &facts.subject.standard, approve).map_err(Rejection::invalid)?;
    Ok(stamped(assessment, facts, |next| {
        next.status = if approve { AssessmentStatus::Approved } else { AssessmentStatus::Returned };
        next.review = Some(Review {
            reviewer: facts.actor.id,
            ratings: ratings.to_vec(),
            comment: comment.trim().to_owned(),
            reviewed_version: assessment.version,
            decided_at_ms: facts.now_ms,
        });
        // What it was assessed against, kept from now on whatever HR edits later.
        if approve {
            next.assessed_against = facts.standard.to_vec();
        }
    }))
}

impl KindCommand for Approve {
    type Record = SelfAssessment;
    const NAME: &'static str = "approve_self_assessment";

    fn record_id(&self) -> RecordId {
        self.id.0
    }

    /// The standard and its texts, kept by the approval.
    fn needs(&self, _subject: EmployeeId, _current: Option<&SelfAssessment>) -> Needs {
        Needs { standard: true, ..Needs::default() }
    }

    fn decide(&self, facts: &Facts<'_, SelfAssessment>) -> Result<SelfAssessment, Rejection> {
        review(facts, true, &self.ratings, &self.comment)
    }

    fn into_command(self) -> Command {
        Command::ApproveSelfAssessment(self)
    }
}

impl KindCommand for Return {
    type Record = SelfAssessment;
    const NAME: &'static str = "return_self_assessment";

    fn record_id(&self) -> RecordId {
        self.id.0
    }

    fn decide(&self, facts: &Facts<'_, SelfAssessment>) -> Result<SelfAssessment, Rejection> {
        review(facts, false, &self.ratings, &self.comment)
    }

    fn into_command(self) -> Command {
        Command::ReturnSelfAssessment(self)
    }
}
