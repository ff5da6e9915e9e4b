//! What the device stores of a replica and reads back: the records it had stored (the user's own
//! first, the others' as they load), what another tab stored, and the keys that changed since the
//! last store.

use super::{Changes, Replica, Stored, add_once};
use crate::api::PersonSummary;
use crate::ids::EmployeeId;
use crate::kinds::{Record, RecordId};

impl Replica {
    /// Takes records the device had stored, for records not known yet (a device that opens with
    /// the user's own records first takes the others as they load; a record pulled meanwhile is
    /// newer than the stored one and stays).
    pub fn add_stored(&mut self, records: Vec<Record>) {
        for record in records {
            let id = record.id();
            if self.pulled.contains_key(&id) {
                continue;
            }
            add_once(self.by_subject.entry(record.subject()).or_default(), id);
            self.pulled.insert(id, record);
        }
        // Whom each pending command's record is about, now that more records are known.
        let before = std::mem::take(&mut self.queued);
        for index in 0..self.outbox.len() {
            let envelope = &self.outbox[index];
            let id = envelope.command.record_id();
            let subject = match self.pulled.get(&id) {
                Some(record) => record.subject(),
                None => before.iter().find(|q| q.id == id).map(|q| q.subject).or(envelope.command.new_subject()).unwrap_or(envelope.author),
            };
            self.count_queued(id, subject);
        }
        // Their pending commands are worked out again on what is known now (a handful of people:
        // those with changes waiting, however many records came in).
        let mut subjects = Vec::new();
        for queued in &self.queued {
            add_once(&mut subjects, queued.subject);
        }
        for subject in subjects {
            self.replay(subject);
        }
    }

    /// Takes the names the device had stored (nothing to store again).
    pub fn add_people(&mut self, people: Vec<PersonSummary>) {
        for person in people {
            self.people.entry(person.id).or_insert(person);
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
        // What the view showed of pending records, to index again once they are worked out anew.
        let mut touched: Vec<(RecordId, EmployeeId)> = self.queued.iter().map(|q| (q.id, q.subject)).collect();
        self.pending.clear();
        self.hidden.clear();
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
                touched.push((id, subject));
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

    /// Every key of the replica, as if all of it had changed (to store a replica whole: one
    /// converted from the first release's form).
    pub fn all_changes(&self) -> Changes {
        Changes {
            cleared: false,
            records: self.pulled.values().map(|r| (r.id(), r.kind(), r.subject())).collect(),
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
}
