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

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::api::PersonSummary;
use crate::command::{Actor, CommandEnvelope, Effect, FactSource, IndexKey, Policy, Rejection, Relation, Subject};
use crate::ids::{CommandId, DeviceId, EmployeeId};
use crate::kinds::{Command, Divergence, Kind, Prefer, Record, RecordId, decide_from};
use crate::sync::{Change, CommandResult, Outcome, PullResponse, Reference};

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
/// (each key's value as it is now in the replica, or its removal), in one transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Every pulled record was dropped (a reset): remove them all before writing `records`.
    pub cleared: bool,
    /// Pulled records that changed or went, with their kind and subject (which never change, and
    /// say where the device keeps a record).
    pub records: BTreeMap<RecordId, (Kind, EmployeeId)>,
    /// Outbox entries (by `device_seq`) added or gone.
    pub outbox: BTreeSet<u64>,
    /// Refused commands added or gone.
    pub attention: BTreeSet<CommandId>,
    pub people: BTreeSet<EmployeeId>,
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
    /// The records pending commands change, as the user sees them (`None`: removed). The view is
    /// `pulled` with these on top.
    pending: BTreeMap<RecordId, Option<Record>>,
    /// How many outbox commands each record has, and whom the record is about.
    queued: HashMap<RecordId, (usize, EmployeeId)>,
    /// How many records with outbox commands each person has.
    queued_subjects: HashMap<EmployeeId, usize>,
    /// Each person's records in the view (unique keys are per person, and screens list by person).
    by_subject: HashMap<EmployeeId, BTreeSet<RecordId>>,
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
            queued: HashMap::new(),
            queued_subjects: HashMap::new(),
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

    /// Takes records the device had stored, for records not known yet (a device that opens with
    /// the user's own records first takes the others as they load; a record pulled meanwhile is
    /// newer than the stored one and stays).
    pub fn add_stored(&mut self, records: Vec<Record>) {
        let mut touched = BTreeSet::new();
        for record in records {
            let id = record.id();
            if self.pulled.contains_key(&id) {
                continue;
            }
            touched.insert(record.subject());
            self.by_subject.entry(record.subject()).or_default().insert(id);
            self.pulled.insert(id, record);
        }
        // Whom each pending command's record is about, now that more records are known.
        self.queued.clear();
        self.queued_subjects.clear();
        for index in 0..self.outbox.len() {
            let envelope = &self.outbox[index];
            let (id, subject) = (envelope.command.record_id(), self.subject_for(&envelope.command, envelope.author));
            self.count_queued(id, subject);
        }
        touched.extend(self.queued_subjects.keys().copied());
        for subject in touched {
            if self.queued_subjects.contains_key(&subject) {
                self.replay(subject);
            }
        }
    }

    /// Takes what another tab stored (this tab's view follows it, record by record). Nothing of
    /// it is noted as a change to store: it is stored already.
    pub fn apply_stored(&mut self, stored: Stored) {
        if let Some(head) = stored.head {
            self.next_seq = head.next_seq;
            self.policy = head.policy;
            self.subjects = head.subjects.into_iter().map(|s| (s.employee, s)).collect();
            self.cursor = head.cursor;
        }
        let mut touched: BTreeMap<RecordId, EmployeeId> = std::mem::take(&mut self.pending)
            .into_iter()
            .filter_map(|(id, shown)| shown.or_else(|| self.pulled.get(&id).cloned()).map(|r| (id, r.subject())))
            .collect();
        if stored.cleared {
            self.pulled.clear();
            self.by_subject.clear();
        }
        for (id, record) in stored.records {
            let subject = record.as_ref().or(self.pulled.get(&id)).map(Record::subject);
            match record {
                Some(record) => self.pulled.insert(id, record),
                None => self.pulled.remove(&id),
            };
            if let Some(subject) = subject {
                touched.insert(id, subject);
            }
        }
        for (id, subject) in touched {
            self.index(id, subject);
        }
        self.outbox = stored.outbox;
        self.outbox.sort_by_key(|envelope| envelope.device_seq);
        self.attention = stored.attention;
        if let Some(reference) = stored.reference {
            self.reference = Some(reference);
        }
        for person in stored.people {
            self.people.insert(person.id, person);
        }
        self.add_stored(Vec::new());
        self.changes = Changes::default();
    }

    /// Takes the names the device had stored (nothing to store again).
    pub fn add_people(&mut self, people: Vec<PersonSummary>) {
        for person in people {
            self.people.entry(person.id).or_insert(person);
        }
    }

    /// Whom the record `command` changes is about: the known record's subject (it never changes),
    /// or, for a record the command creates, the subject it names or its author.
    fn subject_for(&self, command: &Command, author: EmployeeId) -> EmployeeId {
        let id = command.record_id();
        match self.pulled.get(&id) {
            Some(record) => record.subject(),
            None => self.queued.get(&id).map(|(_, subject)| *subject).or(command.new_subject()).unwrap_or(author),
        }
    }

    fn count_queued(&mut self, id: RecordId, subject: EmployeeId) {
        let entry = self.queued.entry(id).or_insert((0, subject));
        entry.0 += 1;
        if entry.0 == 1 {
            *self.queued_subjects.entry(subject).or_default() += 1;
        }
    }

    /// One command of record `id` left the outbox; returns whom the record is about.
    fn unqueue(&mut self, id: RecordId) -> Option<EmployeeId> {
        let (count, subject) = self.queued.get_mut(&id)?;
        let subject = *subject;
        *count -= 1;
        if *count == 0 {
            self.queued.remove(&id);
            if let Some(records) = self.queued_subjects.get_mut(&subject) {
                *records -= 1;
                if *records == 0 {
                    self.queued_subjects.remove(&subject);
                }
            }
        }
        Some(subject)
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

    /// Every key of the replica, as if all of it had changed (to store a replica whole: one
    /// converted from the first release's form).
    pub fn all_changes(&self) -> Changes {
        Changes {
            cleared: false,
            records: self.pulled.values().map(|r| (r.id(), (r.kind(), r.subject()))).collect(),
            outbox: self.outbox.iter().map(|e| e.device_seq).collect(),
            attention: self.attention.iter().map(|a| a.envelope.command_id).collect(),
            people: self.people.keys().copied().collect(),
            reference: self.reference.is_some(),
            head: true,
        }
    }

    /// What changed since the last call (what the device must store now).
    pub fn take_changes(&mut self) -> Changes {
        std::mem::take(&mut self.changes)
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
        self.queued.contains_key(&record)
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
        match self.pending.get(&id) {
            Some(pending) => pending.as_ref(),
            None => self.pulled.get(&id),
        }
    }

    /// Every record as the user should see it (in no particular order).
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        let pulled = self.pulled.iter().filter(|(id, _)| !self.pending.contains_key(id)).map(|(_, record)| record);
        pulled.chain(self.pending.values().flatten())
    }

    /// `subject`'s records as the user should see them.
    pub fn records_of(&self, subject: EmployeeId) -> impl Iterator<Item = &Record> {
        self.by_subject.get(&subject).into_iter().flatten().filter_map(|id| self.record(*id))
    }

    /// How many records the user sees.
    pub fn record_count(&self) -> usize {
        self.by_subject.values().map(BTreeSet::len).sum()
    }

    /// Queues `command` (offline or online) if the rules allow it on the current view, and returns
    /// the envelope; otherwise returns the rejection the server would give, and queues nothing.
    pub fn queue(&mut self, command: Command, command_id: CommandId, now_ms: i64) -> Result<CommandEnvelope, Rejection> {
        let id = command.record_id();
        let current = self.record(id).cloned();
        let base_version = current.as_ref().map(Record::version);
        let effect = self.predict(false, &command, base_version, current.as_ref(), now_ms)?;
        let envelope = CommandEnvelope {
            command_id,
            device_id: self.device,
            device_seq: self.next_seq,
            author: self.actor.id,
            device_time_ms: now_ms,
            base_version,
            command,
        };
        self.next_seq += 1;
        self.changes.head = true;
        self.changes.outbox.insert(envelope.device_seq);
        let subject = self.subject_for(&envelope.command, envelope.author);
        self.outbox.push(envelope.clone());
        self.count_queued(id, subject);
        // The newest command: the view so far is what it was decided on, so its effect is the
        // view's next state (no replay needed).
        self.pending.insert(id, match effect {
            Effect::Upsert(record) => Some(record),
            Effect::Remove { .. } => None,
        });
        self.index(id, subject);
        Ok(envelope)
    }

    /// Queues a change made from a form that showed `form_base` (the record as it was when the
    /// form was opened; `None` for a new record). If the record has changed since (another tab
    /// or device saved it), the form's changes are applied to what is stored, field by field;
    /// fields both sides changed differently are kept as `prefer` says, or, with no preference,
    /// nothing is queued and they are returned for the user to choose. Never silently overwrites.
    pub fn queue_edit(&mut self, command: Command, form_base: Option<&Record>, prefer: Option<Prefer>, command_id: CommandId, now_ms: i64) -> Result<Queued, EditError> {
        let stored = self.record(command.record_id()).cloned();
        let moved = match (&stored, form_base) {
            (None, _) => false,
            (Some(stored), Some(base)) => stored.version() != base.version(),
            (Some(_), None) => true,
        };
        if !moved {
            return self.queue(command, command_id, now_ms).map(Queued::AsIs).map_err(EditError::Refused);
        }
        let stored = stored.expect("moved means stored");
        let merged = command.rebase(form_base, &stored, prefer).map_err(EditError::Diverged)?;
        self.queue(merged, command_id, now_ms).map(Queued::Merged).map_err(EditError::Refused)
    }

    /// What the user is to `subject`, as this device knows it (the server decides what it sends;
    /// this predicts it for records the device made itself).
    pub fn relation(&self, subject: EmployeeId) -> Relation {
        let me = self.actor.id;
        let team = self.reference.as_ref().is_some_and(|r| r.team.iter().any(|m| m.person.id == subject));
        Relation { subject: subject == me, supervisor: subject != me && team, hr: self.actor.hr_admin }
    }

    /// The next commands to push, oldest first.
    pub fn to_push(&self, max: usize) -> Vec<CommandEnvelope> {
        self.outbox.iter().take(max).cloned().collect()
    }

    /// Takes the server's answers: applied commands leave the outbox and their effect is kept
    /// as pulled (with the server's version) until the next pull brings the record itself, so a
    /// change never vanishes from the screen between push and pull; refused ones move to the
    /// attention list. Answers for commands this replica does not hold (replays) change nothing.
    pub fn settle(&mut self, results: &[CommandResult]) {
        let mut touched = BTreeSet::new();
        for result in results {
            let Some(index) = self.outbox.iter().position(|c| c.command_id == result.command_id) else { continue };
            let envelope = self.outbox.remove(index);
            let id = envelope.command.record_id();
            self.changes.outbox.insert(envelope.device_seq);
            touched.extend(self.unqueue(id));
            match &result.outcome {
                Outcome::Applied { version, .. } => {
                    let current = self.pulled.get(&id).cloned();
                    let base = current.as_ref().map(Record::version);
                    // A pull already brought this version or a later one (a replayed command's
                    // answer can come after it): that record stands.
                    if base.is_none_or(|base| base < *version)
                        && let Ok(Effect::Upsert(mut record)) =
                            self.predict(true, &envelope.command, base, current.as_ref(), envelope.device_time_ms)
                    {
                        record.set_version(*version);
                        // Kept only if the user may see it now (HR who entered a training for
                        // someone no longer sees it once submitted): no pull would ever bring or
                        // withdraw it otherwise.
                        let visible = record.visible_to(self.relation(record.subject()));
                        self.set_pulled(id, visible.then_some(record));
                    }
                }
                Outcome::Removed { .. } => {
                    self.set_pulled(id, None);
                }
                Outcome::Rejected { rejection } => {
                    self.changes.attention.insert(envelope.command_id);
                    self.attention.push(Attention { envelope, rejection: rejection.clone() });
                }
            }
        }
        for subject in touched {
            self.replay(subject);
        }
    }

    /// Takes one pull page; returns whether more are waiting. A reset drops the pulled records
    /// (never the outbox or the attention list) and starts again from the beginning.
    pub fn apply_pull(&mut self, page: PullResponse) -> bool {
        let continues = page.continues();
        self.cursor = page.next_cursor().map(str::to_owned);
        self.changes.head = true;
        if page.reset_required {
            self.pulled.clear();
            self.pending.clear();
            self.by_subject.clear();
            self.changes.cleared = true;
            self.changes.records.clear();
            let subjects: Vec<EmployeeId> = self.queued_subjects.keys().copied().collect();
            for subject in subjects {
                self.replay(subject);
            }
            return continues;
        }
        if let Some(reference) = page.reference {
            self.take_reference(reference);
        }
        for person in page.people {
            self.changes.people.insert(person.id);
            self.people.insert(person.id, person);
        }
        let mut touched = BTreeSet::new();
        for change in page.changes {
            let (id, record) = match change {
                Change::Upsert { record } => (record.id(), Some(record)),
                Change::Remove { id } => (id, None),
            };
            // A person with pending work has it worked out again once the page is in: their other
            // records are the facts it is decided on (a title taken, an assessment amended).
            if let Some(subject) = self.set_pulled(id, record)
                && self.queued_subjects.contains_key(&subject)
            {
                touched.insert(subject);
            }
        }
        for subject in touched {
            self.replay(subject);
        }
        continues
    }

    /// Takes new reference data: the rules now know the user's own standard and supervisor and
    /// each direct report's (replacing what an older reference said).
    fn take_reference(&mut self, reference: Reference) {
        let me = self.actor.id;
        self.subjects.retain(|id, _| *id == me);
        for member in std::iter::once(&reference.me).chain(&reference.team) {
            let standard = member.standard.iter().map(|line| line.competency).collect();
            let subject = Subject { employee: member.person.id, supervisor: member.supervisor, standard };
            self.subjects.insert(member.person.id, subject);
            self.changes.people.insert(member.person.id);
            self.people.insert(member.person.id, member.person.clone());
        }
        if let Some(supervisor) = &reference.supervisor {
            self.changes.people.insert(supervisor.id);
            self.people.insert(supervisor.id, supervisor.clone());
        }
        self.reference = Some(reference);
        self.changes.reference = true;
        self.changes.head = true;
    }

    /// Moves a command the server cannot take at all from the outbox to the attention list, with
    /// `rejection` (so one unreadable command does not hold up the rest, and is not lost).
    pub fn refuse(&mut self, command_id: CommandId, rejection: Rejection) {
        if let Some(index) = self.outbox.iter().position(|c| c.command_id == command_id) {
            let envelope = self.outbox.remove(index);
            let id = envelope.command.record_id();
            self.changes.outbox.insert(envelope.device_seq);
            self.changes.attention.insert(command_id);
            self.attention.push(Attention { envelope, rejection });
            if let Some(subject) = self.unqueue(id) {
                self.replay(subject);
            }
        }
    }

    /// The user gives up on a refused command.
    pub fn discard(&mut self, command_id: CommandId) -> Option<Attention> {
        let index = self.attention.iter().position(|a| a.envelope.command_id == command_id)?;
        self.changes.attention.insert(command_id);
        Some(self.attention.remove(index))
    }

    /// Sets (or, with `None`, removes) a pulled record; returns whom it is about. A record with
    /// pending commands shows them on top, so the caller replays its subject's.
    fn set_pulled(&mut self, id: RecordId, record: Option<Record>) -> Option<EmployeeId> {
        let known = record.as_ref().or(self.pulled.get(&id));
        let subject = known.map(Record::subject);
        if let Some(known) = known {
            self.changes.records.insert(id, (known.kind(), known.subject()));
        }
        match record {
            Some(record) => self.pulled.insert(id, record),
            None => self.pulled.remove(&id),
        };
        if let Some(subject) = subject
            && !self.pending.contains_key(&id)
        {
            self.index(id, subject);
        }
        subject
    }

    /// Works out again how `subject`'s records look with the pending commands applied: each
    /// from its pulled state, the commands about them replayed in outbox order against the view
    /// (their facts are the subject's records: unique keys are per person). A pending command that
    /// no longer applies (the record moved on) is skipped; the server will say why when it is
    /// pushed.
    fn replay(&mut self, subject: EmployeeId) {
        // Records no longer pending show as pulled.
        let settled: Vec<RecordId> = self.pending.keys().filter(|id| !self.queued.contains_key(id)).copied().collect();
        for id in settled {
            let shown = self.pending.remove(&id).flatten().or_else(|| self.pulled.get(&id).cloned());
            if let Some(record_subject) = shown.as_ref().map(Record::subject) {
                self.index(id, record_subject);
            }
        }
        let ids: Vec<RecordId> = self.queued.iter().filter(|(_, (_, s))| *s == subject).map(|(id, _)| *id).collect();
        // The index of the view is the replay's source of facts: kept right at every step.
        for id in &ids {
            self.pending.insert(*id, self.pulled.get(id).cloned());
            self.index(*id, subject);
        }
        let commands: Vec<(Command, Option<u64>, i64)> = self
            .outbox
            .iter()
            .filter(|envelope| self.queued.get(&envelope.command.record_id()).is_some_and(|(_, s)| *s == subject))
            .map(|envelope| (envelope.command.clone(), envelope.base_version, envelope.device_time_ms))
            .collect();
        for (command, base_version, time) in commands {
            let id = command.record_id();
            let current = self.record(id).cloned();
            // Stamped with the device's time of the change, so a pending record sorts as recent.
            match self.predict(false, &command, base_version, current.as_ref(), time) {
                Ok(Effect::Upsert(record)) => self.pending.insert(id, Some(record)),
                Ok(Effect::Remove { .. }) => self.pending.insert(id, None),
                Err(_) => continue,
            };
            self.index(id, subject);
        }
    }

    /// Lists record `id` under `subject` if the view shows it, and not if it does not.
    fn index(&mut self, id: RecordId, subject: EmployeeId) {
        if self.record(id).is_some() {
            self.by_subject.entry(subject).or_default().insert(id);
        } else if let Some(ids) = self.by_subject.get_mut(&subject) {
            ids.remove(&id);
            if ids.is_empty() {
                self.by_subject.remove(&subject);
            }
        }
    }

    /// Decides `command` on `current` as the server would, with the facts from the view (or, with
    /// `pulled_only`, from the pulled records alone).
    fn predict(&self, pulled_only: bool, command: &Command, base_version: Option<u64>, current: Option<&Record>, now_ms: i64) -> Result<Effect, Rejection> {
        let mut source = ReplicaFacts { replica: self, pulled_only };
        let Ok(decided) = decide_from(&mut source, self.actor, command, base_version, current, &self.policy, now_ms);
        decided
    }
}

/// The replica as a source of facts for the rules.
struct ReplicaFacts<'a> {
    replica: &'a Replica,
    pulled_only: bool,
}

impl ReplicaFacts<'_> {
    fn get(&self, id: RecordId) -> Option<&Record> {
        if self.pulled_only { self.replica.pulled.get(&id) } else { self.replica.record(id) }
    }
}

impl FactSource for ReplicaFacts<'_> {
    type Error = std::convert::Infallible;

    fn record(&mut self, id: RecordId) -> Result<Option<Record>, Self::Error> {
        Ok(self.get(id).cloned())
    }

    /// Among the subject's records (few, whoever the user is): the one that holds the key.
    fn holder(&mut self, key: &IndexKey) -> Result<Option<RecordId>, Self::Error> {
        let ids = self.replica.by_subject.get(&key.subject).into_iter().flatten();
        let mut candidates: Vec<RecordId> = ids.copied().collect();
        if self.pulled_only {
            // Pulled records hidden by a pending removal are not in the index of the view.
            candidates.extend(self.replica.pending.iter().filter(|(_, shown)| shown.is_none()).map(|(id, _)| *id));
        }
        Ok(candidates.into_iter().find(|id| self.get(*id).is_some_and(|record| record.kind() == key.kind && record.unique_keys().contains(key))))
    }

    fn subject(&mut self, employee: EmployeeId) -> Result<Cow<'_, Subject>, Self::Error> {
        Ok(match self.replica.subjects.get(&employee) {
            Some(subject) => Cow::Borrowed(subject),
            None => Cow::Owned(Subject::unknown(employee)),
        })
    }
}
