//! The SKP plan's commands and their rules: the employee saves and submits their plan; their PPK
//! approves it (writing the ekspektasi khusus pimpinan) or returns it with notes; an approved plan
//! changes only through a revision, a new plan that names the one it revises.

use serde::{Deserialize, Serialize};

use super::{BERAKHLAK, PlanReview, PlanStatus, Rhk, RhkKind, SkpPlan, year_key};
use crate::command::{Facts, InvalidReason, Needs, Policy, Rejection, check_text, too_long};
use crate::ids::{EmployeeId, SkpPlanId};
use crate::kinds::{Command, Divergence, KindCommand, Prefer, Record, RecordId};

/// The most RHK a plan holds, and indicators an RHK holds.
pub const MAX_RHK: usize = 30;
pub const MAX_INDICATORS: usize = 10;

/// Creates or edits the author's own plan (Draft or Returned).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Save {
    pub id: SkpPlanId,
    pub year: u16,
    pub rhk: Vec<Rhk>,
    /// When creating a revision: the approved plan it revises.
    #[serde(default)]
    pub revises: Option<SkpPlanId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submit {
    pub id: SkpPlanId,
}

/// The PPK approves, with the ekspektasi khusus pimpinan for each BerAKHLAK value (in its order;
/// an empty one says nothing beyond the standard guide) and an optional comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approve {
    pub id: SkpPlanId,
    pub expectations: Vec<String>,
    pub comment: String,
}

/// The PPK returns it with notes (required).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Return {
    pub id: SkpPlanId,
    pub comment: String,
}

fn existing<'a>(facts: &Facts<'a, SkpPlan>) -> Result<&'a SkpPlan, Rejection> {
    facts.current.ok_or(Rejection::invalid(InvalidReason::UnknownRecord))
}

fn not_approved(plan: &SkpPlan) -> Result<(), Rejection> {
    if plan.status == PlanStatus::Approved { Err(Rejection::Locked) } else { Ok(()) }
}

fn editable(plan: &SkpPlan) -> Result<(), Rejection> {
    if matches!(plan.status, PlanStatus::Draft | PlanStatus::Returned) { Ok(()) } else { Err(Rejection::invalid(InvalidReason::WrongStatus)) }
}

fn stamped(plan: &SkpPlan, facts: &Facts<'_, SkpPlan>, change: impl FnOnce(&mut SkpPlan)) -> SkpPlan {
    let mut next = plan.clone();
    change(&mut next);
    next.version = facts.next_version();
    next.updated_at_ms = facts.now_ms;
    next
}

/// What a plan may hold even as a draft: at most [`MAX_RHK`] RHK with distinct ids, each with at
/// most [`MAX_INDICATORS`] indicators, every text of sane length.
fn check_content(rhk: &[Rhk], policy: &Policy) -> Result<(), Rejection> {
    if rhk.len() > MAX_RHK || rhk.iter().any(|r| r.indicators.len() > MAX_INDICATORS) {
        return Err(Rejection::invalid(InvalidReason::PlanTooLarge { max_rhk: MAX_RHK, max_indicators: MAX_INDICATORS }));
    }
    let mut ids: Vec<uuid::Uuid> = rhk.iter().map(|r| r.id).collect();
    ids.sort();
    ids.dedup();
    if ids.len() != rhk.len() {
        return Err(Rejection::invalid(InvalidReason::DuplicateRhk));
    }
    let texts = rhk.iter().flat_map(|r| std::iter::once(&r.text).chain(r.indicators.iter().flat_map(|i| [&i.text, &i.target])));
    if texts.into_iter().any(|t| too_long(t, policy)) {
        return Err(Rejection::invalid(InvalidReason::TextTooLong { max: policy.max_text_chars }));
    }
    Ok(())
}

/// What a plan needs to be submitted: at least one RHK utama; every RHK written, with at least
/// one indicator, each written with its target. Links to the superior's RHK may still be missing
/// (their plan may not exist yet): the screens show them.
pub fn check_complete(rhk: &[Rhk]) -> Result<(), InvalidReason> {
    let blank = |text: &str| text.trim().is_empty();
    let incomplete = rhk.iter().filter(|r| blank(&r.text) || r.indicators.is_empty() || r.indicators.iter().any(|i| blank(&i.text) || blank(&i.target))).count();
    if !rhk.iter().any(|r| r.kind == RhkKind::Utama) || incomplete > 0 {
        return Err(InvalidReason::IncompletePlan { incomplete_rhk: incomplete });
    }
    Ok(())
}

impl KindCommand for Save {
    type Record = SkpPlan;
    const NAME: &'static str = "save_skp_plan";

    fn record_id(&self) -> RecordId {
        self.id.0
    }

    /// A new plan asks whether the year is taken; a new revision, what it revises.
    fn needs(&self, subject: EmployeeId, current: Option<&SkpPlan>) -> Needs {
        match (current, self.revises) {
            (Some(_), _) => Needs::default(),
            (None, None) => Needs { keys: vec![year_key(subject, self.year)], ..Needs::default() },
            (None, Some(revised)) => Needs { record: Some(revised.0), ..Needs::default() },
        }
    }

    fn decide(&self, facts: &Facts<'_, SkpPlan>) -> Result<SkpPlan, Rejection> {
        if !facts.by_subject() {
            return Err(Rejection::Forbidden);
        }
        let current = facts.current;
        if let Some(plan) = current {
            not_approved(plan)?;
        }
        facts.check_version()?;
        if let Some(plan) = current {
            editable(plan)?;
        }
        if !(facts.policy.first_period..=facts.policy.last_period).contains(&self.year) {
            return Err(Rejection::invalid(InvalidReason::PeriodOutOfRange));
        }
        match current {
            None => match self.revises {
                None => {
                    if let Some(existing) = facts.holder(&year_key(facts.subject.employee, self.year)) {
                        return Err(Rejection::invalid(InvalidReason::DuplicatePlan { existing: SkpPlanId(existing) }));
                    }
                }
                Some(_) => {
                    let revisable = matches!(facts.related, Some(Record::SkpPlan(old))
                        if old.employee == facts.subject.employee && old.year == self.year && old.status == PlanStatus::Approved);
                    if !revisable {
                        return Err(Rejection::invalid(InvalidReason::NotRevisable));
                    }
                }
            },
            // The year and the revised plan are fixed when the plan is created.
            Some(plan) if plan.year != self.year || plan.revises != self.revises => return Err(Rejection::invalid(InvalidReason::WrongStatus)),
            Some(_) => {}
        }
        check_content(&self.rhk, facts.policy)?;
        Ok(SkpPlan {
            id: self.id,
            employee: facts.subject.employee,
            year: self.year,
            version: facts.next_version(),
            status: current.map_or(PlanStatus::Draft, |p| p.status),
            rhk: self.rhk.clone(),
            expectations: current.map(|p| p.expectations.clone()).unwrap_or_default(),
            review: current.and_then(|p| p.review.clone()),
            revises: self.revises,
            updated_at_ms: facts.now_ms,
        })
    }

    fn rebase(&self, base: Option<&SkpPlan>, stored: &SkpPlan, prefer: Option<Prefer>) -> Result<Self, Vec<Divergence>> {
        let rhk = super::merge::merge_rhk(base.map_or(&[][..], |b| &b.rhk), &stored.rhk, &self.rhk, prefer)?;
        Ok(Save { rhk, ..self.clone() })
    }

    fn into_command(self) -> Command {
        Command::SaveSkpPlan(self)
    }
}

impl KindCommand for Submit {
    type Record = SkpPlan;
    const NAME: &'static str = "submit_skp_plan";

    fn record_id(&self) -> RecordId {
        self.id.0
    }

    fn decide(&self, facts: &Facts<'_, SkpPlan>) -> Result<SkpPlan, Rejection> {
        let plan = existing(facts)?;
        if !facts.by_subject() {
            return Err(Rejection::Forbidden);
        }
        not_approved(plan)?;
        facts.check_version()?;
        editable(plan)?;
        check_complete(&plan.rhk).map_err(Rejection::invalid)?;
        Ok(stamped(plan, facts, |next| next.status = PlanStatus::Submitted))
    }

    fn into_command(self) -> Command {
        Command::SubmitSkpPlan(self)
    }
}

/// The PPK's decision: approve (with the expectations) or return (with notes).
fn review(facts: &Facts<'_, SkpPlan>, expectations: Option<&[String]>, comment: &str) -> Result<SkpPlan, Rejection> {
    let plan = existing(facts)?;
    if !facts.by_supervisor() {
        return Err(Rejection::Forbidden);
    }
    not_approved(plan)?;
    facts.check_version()?;
    if plan.status != PlanStatus::Submitted {
        return Err(Rejection::invalid(InvalidReason::WrongStatus));
    }
    check_text(comment, facts.policy)?;
    match expectations {
        None if comment.trim().is_empty() => return Err(Rejection::invalid(InvalidReason::CommentRequired)),
        Some(expectations) if expectations.len() != BERAKHLAK.len() => {
            return Err(Rejection::invalid(InvalidReason::Expectations { expected: BERAKHLAK.len() }));
        }
        Some(expectations) => {
            for expectation in expectations {
                check_text(expectation, facts.policy)?;
            }
        }
        None => {}
    }
    Ok(stamped(plan, facts, |next| {
        if let Some(expectations) = expectations {
            next.status = PlanStatus::Approved;
            next.expectations = expectations.iter().map(|e| e.trim().to_owned()).collect();
        } else {
            next.status = PlanStatus::Returned;
        }
        next.review = Some(PlanReview { reviewer: facts.actor.id, comment: comment.trim().to_owned(), reviewed_version: plan.version, decided_at_ms: facts.now_ms });
    }))
}

impl KindCommand for Approve {
    type Record = SkpPlan;
    const NAME: &'static str = "approve_skp_plan";

    fn record_id(&self) -> RecordId {
        self.id.0
    }

    fn decide(&self, facts: &Facts<'_, SkpPlan>) -> Result<SkpPlan, Rejection> {
        review(facts, Some(&self.expectations), &self.comment)
    }

    fn into_command(self) -> Command {
        Command::ApproveSkpPlan(self)
    }
}

impl KindCommand for Return {
    type Record = SkpPlan;
    const NAME: &'static str = "return_skp_plan";

    fn record_id(&self) -> RecordId {
        self.id.0
    }

    fn decide(&self, facts: &Facts<'_, SkpPlan>) -> Result<SkpPlan, Rejection> {
        review(facts, None, &self.comment)
    }

    fn into_command(self) -> Command {
        Command::ReturnSkpPlan(self)
    }
}
