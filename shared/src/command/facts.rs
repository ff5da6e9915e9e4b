//! What the rules need to know besides the command: the person the record is about, who the
//! author is to them, the record as it is, and the answers to the command's questions about other
//! records (is this unique key taken? what does the amended record say?). A [`FactSource`] answers
//! them: the server's store and the device's replica are the two, and `kinds::decide_from` asks
//! them the same questions in the same order, so the device predicts exactly what the server
//! decides.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::command::{Actor, Policy, Rejection};
use crate::ids::{CompetencyId, EmployeeId};
use crate::kinds::self_assessment::AssessedCompetency;
use crate::kinds::{Kind, KindRecord, Record, RecordId};

/// The person a record is about (its subject), as far as the rules need to know them. Scope,
/// supervisor and rules follow the subject, whoever wrote the command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub employee: EmployeeId,
    /// From the position tree.
    pub supervisor: Option<EmployeeId>,
    /// The competencies of their position's standard.
    pub standard: Vec<CompetencyId>,
}

impl Subject {
    /// Someone the source knows nothing about: no supervisor, no standard.
    pub fn unknown(employee: EmployeeId) -> Subject {
        Subject { employee, supervisor: None, standard: Vec::new() }
    }
}

/// What someone is to a record's subject, for seeing records. A set: an HR officer may also be the
/// subject's supervisor, or the subject.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Relation {
    /// They are the subject.
    pub subject: bool,
    /// The subject reports to them (from the position tree).
    pub supervisor: bool,
    /// They hold HR rights in the agency.
    pub hr: bool,
    /// The subject is their supervisor (they are on the subject's staff): they see what cascades
    /// down to them, such as the supervisor's approved SKP plan.
    pub staff: bool,
}

impl Relation {
    /// No relation at all: they see none of the subject's records.
    pub const NONE: Relation = Relation { subject: false, supervisor: false, hr: false, staff: false };

    pub const fn is_none(self) -> bool {
        !(self.subject || self.supervisor || self.hr || self.staff)
    }
}

/// A key that at most one record of its kind may hold for one subject (one self-assessment per
/// period, one training per title and dates). Records say which keys they hold; the server keeps
/// them in one table, the device in its view, and a command that would take a held key is refused.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndexKey {
    pub kind: Kind,
    pub subject: EmployeeId,
    pub key: String,
}

/// What a command asks about besides the record it changes and its subject.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// Which records hold these keys.
    pub keys: Vec<IndexKey>,
    /// Another record it refers to (the approved assessment an amendment amends).
    pub record: Option<RecordId>,
    /// The subject's standard with the dictionary's texts (an approval keeps them).
    pub standard: bool,
}

/// Everything a kind's rule needs to decide one command, gathered by `kinds::decide_from`.
#[derive(Clone, Debug)]
pub struct Facts<'a, R> {
    /// The command's author.
    pub actor: Actor,
    /// The person the record is (or will be) about.
    pub subject: &'a Subject,
    /// The record as it is now, if it exists.
    pub current: Option<&'a R>,
    /// The record version the command was based on (`None` when it creates the record).
    pub base_version: Option<u64>,
    /// The records that hold the keys the command asked about (keys nobody holds are absent).
    pub holders: &'a [(IndexKey, RecordId)],
    /// The other record the command asked for, if it exists.
    pub related: Option<&'a Record>,
    /// The subject's standard with its texts, if the command asked for it.
    pub standard: &'a [AssessedCompetency],
    pub policy: &'a Policy,
    /// The server's clock (the device's, in a prediction), stamped on the record.
    pub now_ms: i64,
}

impl<R: KindRecord> Facts<'_, R> {
    /// The author is the record's subject.
    pub fn by_subject(&self) -> bool {
        self.subject.employee == self.actor.id
    }

    /// The author is the subject's supervisor. Nobody supervises themselves, whatever bad data in
    /// the position tree says.
    pub fn by_supervisor(&self) -> bool {
        self.subject.supervisor == Some(self.actor.id) && !self.by_subject()
    }

    /// The author holds HR rights and is not the subject (HR never decides on their own record).
    pub fn by_hr_for_someone_else(&self) -> bool {
        self.actor.hr_admin && !self.by_subject()
    }

    /// The version the record gets if the command is applied.
    pub fn next_version(&self) -> u64 {
        self.current.map_or(1, |record| record.version() + 1)
    }

    /// A conflict unless the command was based on the record's current version (or creates a
    /// record that does not exist).
    pub fn check_version(&self) -> Result<(), Rejection> {
        match (self.current.map(KindRecord::version), self.base_version) {
            (Some(current), Some(base)) if base == current => Ok(()),
            (Some(current), _) => Err(Rejection::Conflict { current_version: current }),
            // Based on a record that no longer exists (discarded meanwhile).
            (None, Some(_)) => Err(Rejection::Conflict { current_version: 0 }),
            (None, None) => Ok(()),
        }
    }

    /// The record that holds `key`, if another one does.
    pub fn holder(&self, key: &IndexKey) -> Option<RecordId> {
        self.holders.iter().find(|(held, _)| held == key).map(|(_, id)| *id)
    }
}

/// What applying a command does.
// Nearly every effect is an upsert, so boxing the record would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// The record's new state (its version already bumped).
    Upsert(Record),
    /// The record is removed (a discarded draft).
    Remove { id: RecordId, subject: EmployeeId },
}

/// Where facts come from: the server's store, or the device's replica.
pub trait FactSource {
    type Error;
    /// A record as it is now (the device: with its pending changes).
    fn record(&mut self, id: RecordId) -> Result<Option<Record>, Self::Error>;
    /// The record that holds `key`, if any.
    fn holder(&mut self, key: &IndexKey) -> Result<Option<RecordId>, Self::Error>;
    /// What the rules know about `employee` (unknown people have no supervisor and no standard).
    fn subject(&mut self, employee: EmployeeId) -> Result<Cow<'_, Subject>, Self::Error>;
    /// `employee`'s standard with the dictionary's texts, as an approval keeps it (empty for
    /// someone the source does not know).
    fn standard(&mut self, employee: EmployeeId) -> Result<Vec<AssessedCompetency>, Self::Error>;
}
