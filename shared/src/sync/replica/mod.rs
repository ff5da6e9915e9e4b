//! The device's side of sync, as plain data and pure functions so that it is the same in the
//! browser and in tests: the records as last pulled, the outbox of commands not yet acknowledged,
//! and the commands the server refused ("Perlu perhatian"), kept with their reason until their
//! author reworks or discards them.
//!
//! What the user sees is the *view*: the pulled records with the outbox applied on top by the
//! same rules the server applies (`kinds::decide_from`, with the replica as the source of facts).
//! The view is kept up to date record by record: a change, a pull page or an answer touches only
//! the records it concerns, so its cost does not grow with the number of records on the device.
//! Every such change is also noted ([`Changes`]), so the device stores only what changed.
//!
//! Here: the replica's parts and what the screens read; `storage.rs`, what the device stores and
//! reads back (other tabs' changes included); `sync.rs`, queueing commands and taking the server's
//! answers and pages; `view.rs`, keeping the view up to date, record by record.

mod storage;
mod sync;
mod view;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::api::PersonSummary;
use crate::command::{Actor, CommandEnvelope, Policy, Rejection, Relation, Subject};
use crate::ids::{CommandId, DeviceId, EmployeeId};
use crate::kinds::{Divergence, Kind, Record, RecordId};
use crate::sync::Reference;

/// A command the server refused, with the user's data intact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    pub envelope: CommandEnvelope,
    pub rejection: Rejection,
}

/// The small part of a replica besides its records, outbox and refused commands: stored as one
/// value, rewritten when any of it changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub actor: Actor,
    pub device: DeviceId,
    /// The next command's place in this device's outbox.
    pub next_seq: u64,
    pub policy: Policy,
    /// What the rules know about the user and their team (from the reference data).
    pub subjects: Vec<Subject>,
    /// Where the next pull starts.
    pub cursor: Option<String>,
}

/// What changed in a replica since the device last stored it: the device writes exactly these
/// (each key's value as it is now in the replica, or its removal), in one transaction. A key may
/// be listed twice (it is written twice, with the same value): lists, not sets, because every
/// set type costs the browser bundle its own code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Every pulled record was dropped (a reset): remove them all before writing `records`.
    pub cleared: bool,
    /// Pulled records that changed or went, with their kind and subject (which never change, and
    /// say where the device keeps a record).
    pub records: Vec<(RecordId, Kind, EmployeeId)>,
    /// Outbox entries (by `device_seq`) added or gone.
    pub outbox: Vec<u64>,
    /// Refused commands added or gone.
    pub attention: Vec<CommandId>,
    pub people: Vec<EmployeeId>,
    pub reference: bool,
    pub head: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }
}

/// What another tab stored since this one last looked, read back from the device's storage.
#[derive(Clone, Debug, Default)]
pub struct Stored {
    pub head: Option<Head>,
    pub outbox: Vec<CommandEnvelope>,
    pub attention: Vec<Attention>,
    /// The reference data, if it changed.
    pub reference: Option<Reference>,
    pub people: Vec<PersonSummary>,
    /// Records that changed (`None`: gone).
    pub records: Vec<(RecordId, Option<Record>)>,
    /// Every pulled record was dropped first (a reset).
    pub cleared: bool,
}

/// Why a change made from a form was not queued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The rules refuse it (the answer the server would give).
    Refused(Rejection),
    /// The record changed since the form was opened (another tab or device saved it), and both
    /// changed these fields differently: the user chooses which to keep.
    Diverged(Vec<Divergence>),
}

/// What became of a change made from a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Queued {
    /// Queued as the form said.
    AsIs(CommandEnvelope),
    /// The record had changed since the form was opened: queued with the form's changes applied
    /// to what was stored, keeping what only the other side changed.
    Merged(CommandEnvelope),
}

impl Queued {
    pub fn envelope(&self) -> &CommandEnvelope {
        match self {
            Queued::AsIs(envelope) | Queued::Merged(envelope) => envelope,
        }
    }
}

/// A record with commands in the outbox.
#[derive(Clone, Copy, Debug)]
struct QueuedRecord {
    id: RecordId,
    commands: usize,
    subject: EmployeeId,
}

/// One user's replica on one device.
#[derive(Clone, Debug)]
pub struct Replica {
    pub actor: Actor,
    pub device: DeviceId,
    next_seq: u64,
    policy: Policy,
    /// What the rules need to know about the people whose records this user sees.
    subjects: HashMap<EmployeeId, Subject>,
    pulled: BTreeMap<RecordId, Record>,
    /// The records pending commands change, as the user sees them; `hidden`, those they remove.
    /// The view is `pulled` with these on top.
    pending: BTreeMap<RecordId, Record>,
    hidden: Vec<RecordId>,
    /// The records with outbox commands: how many each has, and whom the record is about (a few,
    /// however many records the device holds).
    queued: Vec<QueuedRecord>,
    /// Each person's records in the view (unique keys are per person, and screens list by person).
    by_subject: HashMap<EmployeeId, Vec<RecordId>>,
    cursor: Option<String>,
    outbox: Vec<CommandEnvelope>,
    attention: Vec<Attention>,
    /// The dictionary, the user's standard and team, as last pulled.
    reference: Option<Reference>,
    /// The people whose records the user sees, by id (names for the screens).
    people: HashMap<EmployeeId, PersonSummary>,
    changes: Changes,
}

impl Replica {
    /// An empty replica for `actor` on `device`; `subject` is the actor's own (their supervisor and
    /// standard).
    pub fn new(actor: Actor, device: DeviceId, subject: Subject) -> Replica {
        let head = Head { actor, device, next_seq: 1, policy: Policy::default(), subjects: vec![subject], cursor: None };
        let mut replica = Replica::from_parts(head, Vec::new(), Vec::new(), Vec::new(), None, Vec::new());
        // A new replica is all new: its head must be stored.
        replica.changes.head = true;
        replica
    }

    /// A replica as the device stored it.
    pub fn from_parts(
        head: Head,
        records: Vec<Record>,
        outbox: Vec<CommandEnvelope>,
        attention: Vec<Attention>,
        reference: Option<Reference>,
        people: Vec<PersonSummary>,
    ) -> Replica {
        let mut replica = Replica {
            actor: head.actor,
            device: head.device,
            next_seq: head.next_seq,
            policy: head.policy,
            subjects: head.subjects.into_iter().map(|s| (s.employee, s)).collect(),
            pulled: BTreeMap::new(),
            pending: BTreeMap::new(),
            hidden: Vec::new(),
            queued: Vec::new(),
            by_subject: HashMap::new(),
            cursor: head.cursor,
            outbox: Vec::new(),
            attention,
            reference,
            people: people.into_iter().map(|p| (p.id, p)).collect(),
            changes: Changes::default(),
        };
        replica.outbox = outbox;
        replica.outbox.sort_by_key(|envelope| envelope.device_seq);
        replica.add_stored(records);
        replica
    }

    /// The parts [`Replica::from_parts`] takes, as they are now.
    pub fn head(&self) -> Head {
        let mut subjects: Vec<Subject> = self.subjects.values().cloned().collect();
        subjects.sort_by_key(|s| s.employee);
        Head {
            actor: self.actor,
            device: self.device,
            next_seq: self.next_seq,
            policy: self.policy.clone(),
            subjects,
            cursor: self.cursor.clone(),
        }
    }

    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    pub fn outbox(&self) -> &[CommandEnvelope] {
        &self.outbox
    }

    /// The outbox entry with this place, if it is still waiting.
    pub fn outbox_entry(&self, device_seq: u64) -> Option<&CommandEnvelope> {
        self.outbox.iter().find(|envelope| envelope.device_seq == device_seq)
    }

    pub fn attention(&self) -> &[Attention] {
        &self.attention
    }

    pub fn attention_entry(&self, command_id: CommandId) -> Option<&Attention> {
        self.attention.iter().find(|a| a.envelope.command_id == command_id)
    }

    /// Whether `record` has commands waiting to be sent.
    pub fn is_pending(&self, record: RecordId) -> bool {
        self.queued.iter().any(|q| q.id == record)
    }

    /// The agency's policy, as the last reference data brought it (the defaults before).
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The dictionary, the user's standard and team, once a pull brought them.
    pub fn reference(&self) -> Option<&Reference> {
        self.reference.as_ref()
    }

    /// Someone whose records the user sees (or the user's supervisor), if known.
    pub fn person(&self, id: EmployeeId) -> Option<&PersonSummary> {
        self.people.get(&id)
    }

    /// The records as the server has them, as far as this device knows: what pulls brought, and
    /// what its own applied commands made (until a pull brings those records).
    pub fn pulled(&self) -> &BTreeMap<RecordId, Record> {
        &self.pulled
    }

    /// A record as the user should see it: as pulled, with the outbox applied on top.
    pub fn record(&self, id: RecordId) -> Option<&Record> {
        if self.hidden.contains(&id) {
            return None;
        }
        self.pending.get(&id).or_else(|| self.pulled.get(&id))
    }

    /// Every record as the user should see it (in no particular order).
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        let pulled = self.pulled.iter().filter(|(id, _)| !self.pending.contains_key(id) && !self.hidden.contains(id)).map(|(_, record)| record);
        pulled.chain(self.pending.values())
    }

    /// `subject`'s records as the user should see them.
    pub fn records_of(&self, subject: EmployeeId) -> impl Iterator<Item = &Record> {
        self.by_subject.get(&subject).into_iter().flatten().filter_map(|id| self.record(*id))
    }

    /// How many records the user sees.
    pub fn record_count(&self) -> usize {
        self.by_subject.values().map(Vec::len).sum()
    }

    /// What the user is to `subject`, as this device knows it (the server decides what it sends;
    /// this predicts it for records the device made itself).
    pub fn relation(&self, subject: EmployeeId) -> Relation {
        let me = self.actor.id;
        let team = self.reference.as_ref().is_some_and(|r| r.team.iter().any(|m| m.person.id == subject));
        let boss = self.reference.as_ref().and_then(|r| r.supervisor.as_ref()).is_some_and(|s| s.id == subject);
        Relation { subject: subject == me, supervisor: subject != me && team, hr: self.actor.hr_admin, staff: subject != me && boss }
    }
}

/// Adds `item` to `list` unless it is there already.
fn add_once<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}
