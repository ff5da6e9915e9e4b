//! Queueing the user's commands (an edit from an older form merged first) and taking what the
//! server says: its answers to a push, and the pages of a pull.

use super::{Attention, EditError, Queued, Replica, add_once};
use crate::command::{CommandEnvelope, Effect, Rejection, Subject};
use crate::ids::CommandId;
use crate::kinds::{Command, Prefer, Record};
use crate::sync::{Change, CommandResult, Outcome, PullResponse, Reference};

impl Replica {
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
        self.changes.outbox.push(envelope.device_seq);
        let subject = self.subject_for(&envelope.command, envelope.author);
        self.outbox.push(envelope.clone());
        self.count_queued(id, subject);
        // The newest command: the view so far is what it was decided on, so its effect is the
        // view's next state (no replay needed).
        self.show_pending(id, match effect {
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

    /// The next commands to push, oldest first.
    pub fn to_push(&self, max: usize) -> Vec<CommandEnvelope> {
        self.outbox.iter().take(max).cloned().collect()
    }

    /// Takes the server's answers: applied commands leave the outbox and their effect is kept
    /// as pulled (with the server's version) until the next pull brings the record itself, so a
    /// change never vanishes from the screen between push and pull; refused ones move to the
    /// attention list. Answers for commands this replica does not hold (replays) change nothing.
    pub fn settle(&mut self, results: &[CommandResult]) {
        let mut touched = Vec::new();
        for result in results {
            let Some(index) = self.outbox.iter().position(|c| c.command_id == result.command_id) else { continue };
            let envelope = self.outbox.remove(index);
            let id = envelope.command.record_id();
            self.changes.outbox.push(envelope.device_seq);
            if let Some(subject) = self.unqueue(id) {
                add_once(&mut touched, subject);
            }
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
                    self.changes.attention.push(envelope.command_id);
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
            self.hidden.clear();
            self.by_subject.clear();
            self.changes.cleared = true;
            self.changes.records.clear();
            let mut subjects = Vec::new();
            for queued in &self.queued {
                add_once(&mut subjects, queued.subject);
            }
            for subject in subjects {
                self.replay(subject);
            }
            return continues;
        }
        if let Some(reference) = page.reference {
            self.take_reference(reference);
        }
        for person in page.people {
            self.changes.people.push(person.id);
            self.people.insert(person.id, person);
        }
        let mut touched = Vec::new();
        for change in page.changes {
            let (id, record) = match change {
                Change::Upsert { record } => (record.id(), Some(record)),
                Change::Remove { id } => (id, None),
            };
            // A person with pending work has it worked out again once the page is in: their other
            // records are the facts it is decided on (a title taken, an assessment amended).
            if let Some(subject) = self.set_pulled(id, record)
                && self.has_queued(subject)
            {
                add_once(&mut touched, subject);
            }
        }
        for subject in touched {
            self.replay(subject);
        }
        continues
    }

    /// Takes new reference data: the rules now know the user's own standard and supervisor and
    /// each direct report's (replacing what an older reference said).
    pub(super) fn take_reference(&mut self, reference: Reference) {
        let me = self.actor.id;
        self.subjects.retain(|id, _| *id == me);
        for member in std::iter::once(&reference.me).chain(&reference.team) {
            let standard = member.standard.iter().map(|line| line.competency).collect();
            let subject = Subject { employee: member.person.id, supervisor: member.supervisor, standard };
            self.subjects.insert(member.person.id, subject);
            self.changes.people.push(member.person.id);
            self.people.insert(member.person.id, member.person.clone());
        }
        if let Some(supervisor) = &reference.supervisor {
            self.changes.people.push(supervisor.id);
            self.people.insert(supervisor.id, supervisor.clone());
        }
        // The agency's settings, for the rules' predictions (stored with the head).
        self.policy = reference.policy.clone();
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
            self.changes.outbox.push(envelope.device_seq);
            self.changes.attention.push(command_id);
            self.attention.push(Attention { envelope, rejection });
            if let Some(subject) = self.unqueue(id) {
                self.replay(subject);
            }
        }
    }

    /// The user gives up on a refused command.
    pub fn discard(&mut self, command_id: CommandId) -> Option<Attention> {
        let index = self.attention.iter().position(|a| a.envelope.command_id == command_id)?;
        self.changes.attention.push(command_id);
        Some(self.attention.remove(index))
    }
}
