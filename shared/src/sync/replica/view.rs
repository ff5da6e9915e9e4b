//! Keeping the view up to date record by record: what a record's subject has queued, the pulled
//! records with those commands replayed on top, the per-subject index, and the replica as the
//! rules' source of facts.

use std::borrow::Cow;

use super::{QueuedRecord, Replica, add_once};
use crate::command::{Effect, FactSource, IndexKey, Rejection, Subject};
use crate::ids::EmployeeId;
use crate::kinds::self_assessment::{AssessedCompetency, assessed_against};
use crate::kinds::{Command, Record, RecordId, decide_from};

impl Replica {
    /// Whom the record `command` changes is about: the known record's subject (it never changes),
    /// or, for a record the command creates, the subject it names or its author.
    pub(super) fn subject_for(&self, command: &Command, author: EmployeeId) -> EmployeeId {
        let id = command.record_id();
        match self.pulled.get(&id) {
            Some(record) => record.subject(),
            None => self.queued.iter().find(|q| q.id == id).map(|q| q.subject).or(command.new_subject()).unwrap_or(author),
        }
    }

    pub(super) fn count_queued(&mut self, id: RecordId, subject: EmployeeId) {
        match self.queued.iter_mut().find(|q| q.id == id) {
            Some(queued) => queued.commands += 1,
            None => self.queued.push(QueuedRecord { id, commands: 1, subject }),
        }
    }

    /// One command of record `id` left the outbox; returns whom the record is about.
    pub(super) fn unqueue(&mut self, id: RecordId) -> Option<EmployeeId> {
        let index = self.queued.iter().position(|q| q.id == id)?;
        let queued = &mut self.queued[index];
        let subject = queued.subject;
        queued.commands -= 1;
        if queued.commands == 0 {
            self.queued.swap_remove(index);
        }
        Some(subject)
    }

    /// Whether `subject` has records with pending commands.
    pub(super) fn has_queued(&self, subject: EmployeeId) -> bool {
        self.queued.iter().any(|q| q.subject == subject)
    }

    /// Sets (or, with `None`, removes) a pulled record; returns whom it is about. A record with
    /// pending commands shows them on top, so the caller replays its subject's.
    pub(super) fn set_pulled(&mut self, id: RecordId, record: Option<Record>) -> Option<EmployeeId> {
        let known = record.as_ref().or(self.pulled.get(&id));
        let subject = known.map(Record::subject);
        if let Some(known) = known {
            self.changes.records.push((id, known.kind(), known.subject()));
        }
        match record {
            Some(record) => self.pulled.insert(id, record),
            None => self.pulled.remove(&id),
        };
        if let Some(subject) = subject
            && !self.is_pending(id)
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
    pub(super) fn replay(&mut self, subject: EmployeeId) {
        // Records no longer pending show as pulled.
        let settled: Vec<RecordId> =
            self.pending.keys().chain(&self.hidden).filter(|id| !self.is_pending(**id)).copied().collect();
        for id in settled {
            let shown = self.pending.remove(&id).or_else(|| self.pulled.get(&id).cloned());
            self.hidden.retain(|hidden| *hidden != id);
            if let Some(record_subject) = shown.as_ref().map(Record::subject) {
                self.index(id, record_subject);
            }
        }
        let ids: Vec<RecordId> = self.queued.iter().filter(|q| q.subject == subject).map(|q| q.id).collect();
        // The index of the view is the replay's source of facts: kept right at every step.
        for id in &ids {
            let pulled = self.pulled.get(id).cloned();
            self.show_pending(*id, pulled);
            self.index(*id, subject);
        }
        let commands: Vec<(Command, Option<u64>, i64)> = self
            .outbox
            .iter()
            .filter(|envelope| ids.contains(&envelope.command.record_id()))
            .map(|envelope| (envelope.command.clone(), envelope.base_version, envelope.device_time_ms))
            .collect();
        for (command, base_version, time) in commands {
            let id = command.record_id();
            let current = self.record(id).cloned();
            // Stamped with the device's time of the change, so a pending record sorts as recent.
            match self.predict(false, &command, base_version, current.as_ref(), time) {
                Ok(Effect::Upsert(record)) => self.show_pending(id, Some(record)),
                Ok(Effect::Remove { .. }) => self.show_pending(id, None),
                Err(_) => continue,
            };
            self.index(id, subject);
        }
    }

    /// Shows record `id` as a pending command leaves it (`None`: removed).
    pub(super) fn show_pending(&mut self, id: RecordId, record: Option<Record>) {
        match record {
            Some(record) => {
                self.hidden.retain(|hidden| *hidden != id);
                self.pending.insert(id, record);
            }
            None => {
                self.pending.remove(&id);
                add_once(&mut self.hidden, id);
            }
        }
    }

    /// Lists record `id` under `subject` if the view shows it, and not if it does not.
    pub(super) fn index(&mut self, id: RecordId, subject: EmployeeId) {
        if self.record(id).is_some() {
            add_once(self.by_subject.entry(subject).or_default(), id);
        } else if let Some(ids) = self.by_subject.get_mut(&subject) {
            ids.retain(|listed| *listed != id);
            if ids.is_empty() {
                self.by_subject.remove(&subject);
            }
        }
    }

    /// Decides `command` on `current` as the server would, with the facts from the view (or, with
    /// `pulled_only`, from the pulled records alone).
    pub(super) fn predict(&self, pulled_only: bool, command: &Command, base_version: Option<u64>, current: Option<&Record>, now_ms: i64) -> Result<Effect, Rejection> {
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
            candidates.extend(self.replica.hidden.iter().copied());
        }
        Ok(candidates.into_iter().find(|id| self.get(*id).is_some_and(|record| record.kind() == key.kind && record.unique_keys().contains(key))))
    }

    fn subject(&mut self, employee: EmployeeId) -> Result<Cow<'_, Subject>, Self::Error> {
        Ok(match self.replica.subjects.get(&employee) {
            Some(subject) => Cow::Borrowed(subject),
            None => Cow::Owned(Subject::unknown(employee)),
        })
    }

    /// From the reference data: the user's own standard or a team member's, with the dictionary.
    fn standard(&mut self, employee: EmployeeId) -> Result<Vec<AssessedCompetency>, Self::Error> {
        let Some(reference) = self.replica.reference() else { return Ok(Vec::new()) };
        let member = std::iter::once(&reference.me).chain(&reference.team).find(|m| m.person.id == employee);
        Ok(member.map(|m| assessed_against(&m.standard, &reference.dictionary)).unwrap_or_default())
    }
}
