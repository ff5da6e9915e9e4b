//! The device's side of sync, as plain data and pure functions so that it is the same in the
//! browser and in tests: the records as last pulled, the outbox of commands not yet acknowledged,
//! and the commands the server refused ("Perlu perhatian"), kept with their reason until their
//! author reworks or discards them.
//!
//! What the user sees is [`Replica::view`]: the pulled records with the outbox replayed on top by
//! [`decide`], the same rules the server applies. A command the rules refuse is refused at once,
//! on the device, with the same reason the server would give.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::api::PersonSummary;
use crate::command::{Actor, Command, CommandEnvelope, Effect, Facts, Policy, Record, RecordId, Rejection, Subject, decide};
use crate::domain::training::duplicate_key;
use crate::domain::SelfAssessment;
use crate::ids::{CommandId, DeviceId, EmployeeId};
use crate::sync::{Change, CommandResult, Outcome, PullResponse, Reference};

/// A command the server refused, with the user's data intact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    pub envelope: CommandEnvelope,
    pub rejection: Rejection,
}

/// One user's replica on one device. It is plain data, so the app stores it whole (one value
/// per user, one write per change: a change and its outbox entry are saved together or not at all).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Replica {
    pub actor: Actor,
    pub device: DeviceId,
    next_seq: u64,
    policy: Policy,
    /// What the rules need to know about the people whose records this user sees.
    subjects: HashMap<EmployeeId, Subject>,
    pulled: BTreeMap<RecordId, Record>,
    cursor: Option<String>,
    outbox: Vec<CommandEnvelope>,
    attention: Vec<Attention>,
    /// The dictionary, the user's standard and team, as last pulled.
    #[serde(default)]
    reference: Option<Reference>,
    /// The people whose records the user sees, by id (names for the screens).
    #[serde(default)]
    people: HashMap<EmployeeId, PersonSummary>,
}

impl Replica {
    /// An empty replica for `actor` on `device`; `subject` is the actor's own (their supervisor and
    /// standard).
    pub fn new(actor: Actor, device: DeviceId, subject: Subject) -> Replica {
        Replica {
            actor,
            device,
            next_seq: 1,
            policy: Policy::default(),
            subjects: HashMap::from([(subject.employee, subject)]),
            pulled: BTreeMap::new(),
            cursor: None,
            outbox: Vec::new(),
            attention: Vec::new(),
            reference: None,
            people: HashMap::new(),
        }
    }

    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    pub fn outbox(&self) -> &[CommandEnvelope] {
        &self.outbox
    }

    pub fn attention(&self) -> &[Attention] {
        &self.attention
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

    /// The records as the user should see them: pulled, with the outbox replayed on top. A pending
    /// command that no longer applies (the record moved on) is skipped here; the server will say
    /// why when it is pushed.
    pub fn view(&self) -> BTreeMap<RecordId, Record> {
        let mut view = self.pulled.clone();
        for envelope in &self.outbox {
            // Stamped with the device's time of the change, so a pending record sorts as recent.
            if let Ok(effect) = self.predict(&view, &envelope.command, envelope.base_version, envelope.device_time_ms) {
                apply(&mut view, effect);
            }
        }
        view
    }

    /// Queues `command` (offline or online) if the rules allow it on the current view, and returns
    /// the envelope; otherwise returns the rejection the server would give, and queues nothing.
    pub fn queue(&mut self, command: Command, command_id: CommandId, now_ms: i64) -> Result<CommandEnvelope, Rejection> {
        let view = self.view();
        let base_version = view.get(&command.record_id()).map(Record::version);
        self.predict(&view, &command, base_version, now_ms)?;
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
        self.outbox.push(envelope.clone());
        Ok(envelope)
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
        for result in results {
            let Some(index) = self.outbox.iter().position(|c| c.command_id == result.command_id) else { continue };
            let envelope = self.outbox.remove(index);
            match &result.outcome {
                Outcome::Applied { version, .. } => {
                    let base = self.pulled.get(&envelope.command.record_id()).map(Record::version);
                    // A pull already brought this version or a later one (a replayed command's
                    // answer can come after it): that record stands.
                    if base.is_some_and(|base| base >= *version) {
                        continue;
                    }
                    if let Ok(Effect::Upsert(mut record)) =
                        self.predict(&self.pulled, &envelope.command, base, envelope.device_time_ms)
                    {
                        record.set_version(*version);
                        self.pulled.insert(record.id(), record);
                    }
                }
                Outcome::Removed { .. } => {
                    self.pulled.remove(&envelope.command.record_id());
                }
                Outcome::Rejected { rejection } => {
                    self.attention.push(Attention { envelope, rejection: rejection.clone() });
                }
            }
        }
    }

    /// Takes one pull page; returns whether more are waiting. A reset drops the pulled records
    /// (never the outbox or the attention list) and starts again from the beginning.
    pub fn apply_pull(&mut self, page: PullResponse) -> bool {
        let continues = page.continues();
        self.cursor = page.next_cursor().map(str::to_owned);
        if page.reset_required {
            self.pulled.clear();
            return continues;
        }
        if let Some(reference) = page.reference {
            self.take_reference(reference);
        }
        for person in page.people {
            self.people.insert(person.id, person);
        }
        for change in page.changes {
            match change {
                Change::Upsert { record } => {
                    self.pulled.insert(record.id(), record);
                }
                Change::Remove { id } => {
                    self.pulled.remove(&id);
                }
            }
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
            self.people.insert(member.person.id, member.person.clone());
        }
        if let Some(supervisor) = &reference.supervisor {
            self.people.insert(supervisor.id, supervisor.clone());
        }
        self.reference = Some(reference);
    }

    /// Moves a command the server cannot take at all from the outbox to the attention list, with
    /// `rejection` (so one unreadable command does not hold up the rest, and is not lost).
    pub fn refuse(&mut self, command_id: CommandId, rejection: Rejection) {
        if let Some(index) = self.outbox.iter().position(|c| c.command_id == command_id) {
            let envelope = self.outbox.remove(index);
            self.attention.push(Attention { envelope, rejection });
        }
    }

    /// The user gives up on a refused command.
    pub fn discard(&mut self, command_id: CommandId) -> Option<Attention> {
        let index = self.attention.iter().position(|a| a.envelope.command_id == command_id)?;
        Some(self.attention.remove(index))
    }

    fn predict(&self, view: &BTreeMap<RecordId, Record>, command: &Command, base_version: Option<u64>, now_ms: i64) -> Result<Effect, Rejection> {
        let current = view.get(&command.record_id());
        let owner = current.map_or(self.actor.id, Record::employee);
        let unknown = Subject { employee: owner, supervisor: None, standard: Vec::new() };
        let subject = self.subjects.get(&owner).unwrap_or(&unknown);
        let mut period_assessment = None;
        let mut amended = None;
        let mut duplicate_training = None;
        match command {
            Command::SaveSelfAssessment { period, amends: None, .. } if current.is_none() => {
                period_assessment = view.values().find_map(|r| match r {
                    Record::SelfAssessment(SelfAssessment { id, employee, period: p, amends: None, .. })
                        if *employee == owner && p == period =>
                    {
                        Some(*id)
                    }
                    _ => None,
                });
            }
            Command::SaveSelfAssessment { amends: Some(old), .. } if current.is_none() => amended = view.get(&old.0),
            Command::SaveTraining { details, .. } => {
                let key = duplicate_key(owner, details);
                duplicate_training = view.values().find_map(|r| match r {
                    // The cheap fields first: a key is made only for a record that may match.
                    Record::Training(t)
                        if t.employee == owner
                            && (t.details.start, t.details.end) == (details.start, details.end)
                            && duplicate_key(t.employee, &t.details) == key =>
                    {
                        Some(t.id)
                    }
                    _ => None,
                });
            }
            _ => {}
        }
        let facts = Facts {
            actor: self.actor,
            subject,
            current,
            period_assessment,
            amended,
            duplicate_training,
            policy: &self.policy,
            now_ms,
        };
        decide(command, base_version, &facts)
    }
}

fn apply(view: &mut BTreeMap<RecordId, Record>, effect: Effect) {
    match effect {
        Effect::Upsert(record) => {
            view.insert(record.id(), record);
        }
        Effect::Remove { id, .. } => {
            view.remove(&id);
        }
    }
}
