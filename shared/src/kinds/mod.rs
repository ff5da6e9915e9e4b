//! Record kinds: each kind of synced record (self-assessment, training, ...) is one module here
//! with its record type, its commands and its rules: who may do what in which state (permission,
//! lock, precondition, validation), what else a command needs to know (the facts), which unique
//! keys a record holds, who may see it in which state, and how an edit made from an older form
//! is merged. Everything else (the server's store, the device's replica, the sync protocol) is
//! written once over the interface below.
//!
//! The wire enums [`Record`] and [`Command`] stay closed and externally tagged, one variant per
//! record and per command, so the protocol is the same for every app version; this file is the
//! one place that dispatches from them to the kinds. Adding a kind: see ARCHITECTURE.md, "How to
//! add a record kind".

pub mod self_assessment;
pub mod skp_plan;
pub mod training;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::command::{Actor, Effect, FactSource, Facts, IndexKey, InvalidReason, Needs, Policy, Rejection, Relation, Subject};
use crate::ids::{CompetencyId, EmployeeId};

/// A record id of any kind (UUIDs never collide across kinds).
pub type RecordId = uuid::Uuid;

/// The kinds of synced record. The server stores a kind by its [`Kind::number`], so a number,
/// once given, is never reused or changed: a new kind goes at the end with the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    SelfAssessment,
    Training,
    SkpPlan,
}

impl Kind {
    /// Every kind, in number order.
    pub const ALL: [Kind; 3] = [Kind::SelfAssessment, Kind::Training, Kind::SkpPlan];

    /// The kind's stored number.
    pub const fn number(self) -> u8 {
        match self {
            Kind::SelfAssessment => 0,
            Kind::Training => 1,
            Kind::SkpPlan => 2,
        }
    }

    pub fn from_number(number: u8) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.number() == number)
    }

    /// The kind's name (its wire tag, and the name of its store on the device).
    pub const fn name(self) -> &'static str {
        match self {
            Kind::SelfAssessment => "self_assessment",
            Kind::Training => "training",
            Kind::SkpPlan => "skp_plan",
        }
    }
}

/// A synced record of any kind, externally tagged (`{"training": {...}}`) like [`Command`].
// The server stores this by variant number: a new variant goes at the end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    SelfAssessment(self_assessment::SelfAssessment),
    Training(training::TrainingRecord),
    SkpPlan(skp_plan::SkpPlan),
}

/// Runs `$body` with `$record` bound to the record of whichever kind `$value` holds.
macro_rules! each_record {
    ($value:expr, $record:ident => $body:expr) => {
        match $value {
            Record::SelfAssessment($record) => $body,
            Record::Training($record) => $body,
            Record::SkpPlan($record) => $body,
        }
    };
}

/// What every kind's record type offers the store, the replica and the pull.
pub trait KindRecord: Clone + PartialEq + Sized {
    const KIND: Kind;
    fn id(&self) -> RecordId;
    /// The person the record is about.
    fn subject(&self) -> EmployeeId;
    /// Goes up by one with every applied change; commands name the version they were based on.
    fn version(&self) -> u64;
    fn set_version(&mut self, version: u64);
    fn updated_at_ms(&self) -> i64;
    /// Whether someone who is `relation` to the subject may see the record as it is now. The
    /// subject always sees their own records; what others see may depend on the state (a
    /// supervisor sees a report's records once submitted, never drafts).
    fn visible_to(&self, relation: Relation) -> bool;
    /// The unique keys the record holds.
    fn unique_keys(&self) -> Vec<IndexKey>;
    /// Whether two versions of the record hold the same keys; kinds may answer without making them.
    fn same_keys(&self, other: &Self) -> bool {
        self.unique_keys() == other.unique_keys()
    }
    /// Whether `DiscardDraft` may remove the record: `Forbidden`, `Locked`, `Conflict` (through
    /// `facts.check_version()`) or `Invalid(WrongStatus)`, in that order.
    fn check_discard(facts: &Facts<'_, Self>) -> Result<(), Rejection>;
    fn into_record(self) -> Record;
    fn from_record(record: &Record) -> Option<&Self>;
}

impl Record {
    pub fn id(&self) -> RecordId {
        each_record!(self, r => r.id())
    }

    pub fn kind(&self) -> Kind {
        match self {
            Record::SelfAssessment(_) => Kind::SelfAssessment,
            Record::Training(_) => Kind::Training,
            Record::SkpPlan(_) => Kind::SkpPlan,
        }
    }

    /// Whom the record is about (which decides who may see it, and whose supervisor decides).
    pub fn subject(&self) -> EmployeeId {
        each_record!(self, r => r.subject())
    }

    pub fn version(&self) -> u64 {
        each_record!(self, r => r.version())
    }

    /// Sets the version (a device does, to the one the server reported for its change).
    pub fn set_version(&mut self, version: u64) {
        each_record!(self, r => r.set_version(version))
    }

    pub fn updated_at_ms(&self) -> i64 {
        each_record!(self, r => r.updated_at_ms())
    }

    pub fn visible_to(&self, relation: Relation) -> bool {
        each_record!(self, r => r.visible_to(relation))
    }

    pub fn unique_keys(&self) -> Vec<IndexKey> {
        each_record!(self, r => r.unique_keys())
    }

    /// Whether `other` (another version of this record) holds the same unique keys.
    pub fn same_keys(&self, other: &Record) -> bool {
        match (self, other) {
            (Record::SelfAssessment(a), Record::SelfAssessment(b)) => a.same_keys(b),
            (Record::Training(a), Record::Training(b)) => a.same_keys(b),
            (Record::SkpPlan(a), Record::SkpPlan(b)) => a.same_keys(b),
            _ => false,
        }
    }
}

/// What every command offers: which record it changes, what it needs to know, and the rule.
pub trait KindCommand: Clone + Sized {
    type Record: KindRecord;
    /// The command's name in the audit log (its wire tag).
    const NAME: &'static str;
    fn record_id(&self) -> RecordId;
    /// For a command that may create a record about someone else: whom (`None`: the author).
    fn new_subject(&self) -> Option<EmployeeId> {
        None
    }
    /// What the rule needs to know besides the record and its subject.
    fn needs(&self, _subject: EmployeeId, _current: Option<&Self::Record>) -> Needs {
        Needs::default()
    }
    /// The record's new state, or why not.
    fn decide(&self, facts: &Facts<'_, Self::Record>) -> Result<Self::Record, Rejection>;
    /// This command made from a form that showed `base` (none: a new record), now that the record
    /// is `stored`: what the user changed, applied to what is stored, field by field. Fields both
    /// changed differently are divergent: kept as `prefer` says, or, with no preference, returned
    /// for the user to choose. A command that carries no content (a submit, a decision) is kept as
    /// it is.
    fn rebase(&self, _base: Option<&Self::Record>, _stored: &Self::Record, _prefer: Option<Prefer>) -> Result<Self, Vec<Divergence>> {
        Ok(self.clone())
    }
    fn into_command(self) -> Command;
}

/// A change a user asks for. Externally tagged on the wire (`{"save_training": {...}}`): serde
/// reads that form without buffering, which matters at tens of thousands of commands a second.
/// Each variant holds its kind's command; a newtype variant reads and writes exactly as the
/// struct variant of the first release did, so the wire form has not changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// Creates or edits the author's own self-assessment (Draft or Returned).
    SaveSelfAssessment(self_assessment::Save),
    SubmitSelfAssessment(self_assessment::Submit),
    /// The supervisor approves, with their own levels and an optional comment.
    ApproveSelfAssessment(self_assessment::Approve),
    /// The supervisor returns it for revision, with a comment (required) and any levels so far.
    ReturnSelfAssessment(self_assessment::Return),
    /// Creates or edits a training record (Draft or Rejected): the subject's own, or one HR
    /// enters for them.
    SaveTraining(training::Save),
    SubmitTraining(training::Submit),
    /// The supervisor confirms a submitted record.
    ConfirmTraining(training::Confirm),
    /// HR verifies a confirmed record and sets the JP that count.
    VerifyTraining(training::Verify),
    /// The supervisor (a submitted record) or HR (a confirmed one) rejects it with a reason.
    RejectTraining(training::Reject),
    /// Throws away a record that never left its author's hands (a draft), of any kind.
    DiscardDraft(DiscardDraft),
    /// Creates or edits the author's own SKP plan (Draft or Returned), or starts a revision.
    SaveSkpPlan(skp_plan::Save),
    SubmitSkpPlan(skp_plan::Submit),
    /// The PPK approves, with the ekspektasi khusus pimpinan.
    ApproveSkpPlan(skp_plan::Approve),
    /// The PPK returns it with notes.
    ReturnSkpPlan(skp_plan::Return),
}

/// Runs `$body` with `$command` bound to the kind's command that `$value` holds (not for
/// `DiscardDraft`, which has no kind of its own: `$discard` handles it).
macro_rules! each_command {
    ($value:expr, $command:ident => $body:expr, $discard:ident => $discard_body:expr) => {
        match $value {
            Command::SaveSelfAssessment($command) => $body,
            Command::SubmitSelfAssessment($command) => $body,
            Command::ApproveSelfAssessment($command) => $body,
            Command::ReturnSelfAssessment($command) => $body,
            Command::SaveTraining($command) => $body,
            Command::SubmitTraining($command) => $body,
            Command::ConfirmTraining($command) => $body,
            Command::VerifyTraining($command) => $body,
            Command::RejectTraining($command) => $body,
            Command::SaveSkpPlan($command) => $body,
            Command::SubmitSkpPlan($command) => $body,
            Command::ApproveSkpPlan($command) => $body,
            Command::ReturnSkpPlan($command) => $body,
            Command::DiscardDraft($discard) => $discard_body,
        }
    };
}

/// Removes a draft, of any kind. Who may, and from which state, is the kind's rule
/// ([`KindRecord::check_discard`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscardDraft {
    pub id: RecordId,
}

impl Command {
    /// The id of the record the command changes.
    pub fn record_id(&self) -> RecordId {
        each_command!(self, c => c.record_id(), d => d.id)
    }

    /// The command's name, for the audit log and messages.
    pub fn name(&self) -> &'static str {
        fn name_of<C: KindCommand>(_: &C) -> &'static str {
            C::NAME
        }
        each_command!(self, c => name_of(c), _d => "discard_draft")
    }

    /// Whom a record this command creates is about, when the command says (`None`: the author).
    pub fn new_subject(&self) -> Option<EmployeeId> {
        each_command!(self, c => c.new_subject(), _d => None)
    }

    /// What the command needs to know besides its record and subject (nothing when `current`
    /// is of another kind: the rule refuses that anyway).
    pub fn needs(&self, subject: EmployeeId, current: Option<&Record>) -> Needs {
        fn needs_of<C: KindCommand>(command: &C, subject: EmployeeId, current: Option<&Record>) -> Needs {
            match current.map(C::Record::from_record) {
                Some(None) => Needs::default(),
                typed => command.needs(subject, typed.flatten()),
            }
        }
        each_command!(self, c => needs_of(c, subject, current), _d => Needs::default())
    }

    /// See [`KindCommand::rebase`]. `Err` if both sides changed a field differently and no
    /// preference was given; a record of another kind leaves the command as it is (the rules
    /// refuse it).
    pub fn rebase(&self, base: Option<&Record>, stored: &Record, prefer: Option<Prefer>) -> Result<Command, Vec<Divergence>> {
        fn rebase_of<C: KindCommand>(command: &C, base: Option<&Record>, stored: &Record, prefer: Option<Prefer>) -> Result<Command, Vec<Divergence>> {
            let Some(stored) = C::Record::from_record(stored) else { return Ok(command.clone().into_command()) };
            let base = base.and_then(C::Record::from_record);
            command.rebase(base, stored, prefer).map(KindCommand::into_command)
        }
        each_command!(self, c => rebase_of(c, base, stored, prefer), d => Ok(Command::DiscardDraft(d.clone())))
    }
}

/// Which side wins a field both changed, when the user has chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prefer {
    /// What this form says.
    Mine,
    /// What is stored (another tab or device saved it).
    Stored,
}

/// A field both a form and the stored record changed, differently: the screen shows both values
/// (it has the form and the stored record) and asks which to keep. One variant per field an edit
/// can diverge on, of every kind (their labels are the app's texts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Divergence {
    /// A self-assessment's level and evidence for one competency.
    Rating(CompetencyId),
    TrainingTitle,
    TrainingForm,
    TrainingProvider,
    TrainingDates,
    TrainingJp,
    TrainingCompetencies,
    TrainingCertificate,
    /// One RHK of an SKP plan, by its id.
    Rhk(uuid::Uuid),
}

/// Everything [`decide`] needs to know, for a record of any kind.
#[derive(Clone, Debug)]
pub struct AnyFacts<'a> {
    pub actor: Actor,
    pub subject: &'a Subject,
    pub current: Option<&'a Record>,
    pub holders: &'a [(IndexKey, RecordId)],
    pub related: Option<&'a Record>,
    pub standard: &'a [self_assessment::AssessedCompetency],
    pub policy: &'a Policy,
    pub now_ms: i64,
}

/// Decides `command`, based on `base_version`, against `facts`: the one rule the server applies
/// and the device predicts.
pub fn decide(command: &Command, base_version: Option<u64>, facts: &AnyFacts) -> Result<Effect, Rejection> {
    if let (Some(current), Some(subject)) = (facts.current, command.new_subject())
        && current.subject() != subject
    {
        return Err(Rejection::invalid(InvalidReason::WrongSubject));
    }
    each_command!(command, c => decide_kind(c, base_version, facts), d => discard(d, base_version, facts))
}

/// The facts of one kind: the record must be of the command's kind.
fn typed<'a, R: KindRecord>(base_version: Option<u64>, facts: &AnyFacts<'a>) -> Result<Facts<'a, R>, Rejection> {
    let current = match facts.current {
        None => None,
        Some(record) => Some(R::from_record(record).ok_or(Rejection::invalid(InvalidReason::WrongKind))?),
    };
    Ok(Facts {
        actor: facts.actor,
        subject: facts.subject,
        current,
        base_version,
        holders: facts.holders,
        related: facts.related,
        standard: facts.standard,
        policy: facts.policy,
        now_ms: facts.now_ms,
    })
}

fn decide_kind<C: KindCommand>(command: &C, base_version: Option<u64>, facts: &AnyFacts) -> Result<Effect, Rejection> {
    let facts = typed::<C::Record>(base_version, facts)?;
    command.decide(&facts).map(|record| Effect::Upsert(record.into_record()))
}

fn discard(command: &DiscardDraft, base_version: Option<u64>, facts: &AnyFacts) -> Result<Effect, Rejection> {
    fn check<R: KindRecord>(base_version: Option<u64>, facts: &AnyFacts) -> Result<(), Rejection> {
        R::check_discard(&typed::<R>(base_version, facts)?)
    }
    let Some(current) = facts.current else { return Err(Rejection::invalid(InvalidReason::UnknownRecord)) };
    match current {
        Record::SelfAssessment(_) => check::<self_assessment::SelfAssessment>(base_version, facts)?,
        Record::Training(_) => check::<training::TrainingRecord>(base_version, facts)?,
        Record::SkpPlan(_) => check::<skp_plan::SkpPlan>(base_version, facts)?,
    }
    Ok(Effect::Remove { id: command.id, subject: current.subject() })
}

/// Gathers what `command` needs from `source` and decides it: the one way both the server (from
/// its store) and the device (from its replica) decide, so they ask the same questions.
/// `current` is the record the command changes, as the caller read it.
pub fn decide_from<S: FactSource>(
    source: &mut S,
    actor: Actor,
    command: &Command,
    base_version: Option<u64>,
    current: Option<&Record>,
    policy: &Policy,
    now_ms: i64,
) -> Result<Result<Effect, Rejection>, S::Error> {
    let subject_id = current.map(Record::subject).or(command.new_subject()).unwrap_or(actor.id);
    let needs = command.needs(subject_id, current);
    let mut holders = Vec::with_capacity(needs.keys.len());
    for key in needs.keys {
        if let Some(id) = source.holder(&key)? {
            holders.push((key, id));
        }
    }
    let related = match needs.record {
        Some(id) => source.record(id)?,
        None => None,
    };
    let standard = if needs.standard { source.standard(subject_id)? } else { Vec::new() };
    let subject: Cow<'_, Subject> = source.subject(subject_id)?;
    let facts = AnyFacts { actor, subject: &subject, current, holders: &holders, related: related.as_ref(), standard: &standard, policy, now_ms };
    Ok(decide(command, base_version, &facts))
}
