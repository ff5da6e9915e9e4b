//! Applying pushed commands exactly once. A push batch is one write transaction: each command is
//! decided by the rules of its kind (`shared::kinds::decide_from`, with the store as the source of
//! facts) and its effect, its outcome and its audit entry are written together, so after the
//! commit either all of that is durable or none of it is. A rejected command is recorded too, so
//! a replay by its author gets the same answer.

use std::borrow::Cow;
use std::collections::HashMap;

use redb::{ReadableDatabase, ReadableTable, Table, WriteTransaction};
use shared::command::{Actor, CommandEnvelope, Effect, FactSource, IndexKey, Policy, Rejection, Subject};
use shared::ids::EmployeeId;
use shared::kinds::self_assessment::AssessedCompetency;
use shared::kinds::{Record, RecordId, decide_from};
use shared::sync::{CommandResult, Outcome};

use super::changelog::LogWriter;
use super::codec::{decode, encode};
use super::org::Reader;
use super::profile::subject_of;
use super::tables::*;
use super::{Store, StoreError, StoreResult, audit, index};

/// One push: who sent it, its commands in order, and the server's time when it arrived.
#[derive(Clone, Copy, Debug)]
pub struct PushBatch<'a> {
    pub actor: Actor,
    pub commands: &'a [CommandEnvelope],
    pub now_ms: i64,
}

impl Store {
    /// Applies `commands` in order for `actor`, in one transaction, and returns one result per
    /// command. Only storage failures fail the whole batch (and then nothing is written).
    pub fn apply_commands(&self, actor: Actor, commands: &[CommandEnvelope], policy: &Policy, now_ms: i64) -> StoreResult<Vec<CommandResult>> {
        let mut results = self.apply_batches(&[PushBatch { actor, commands, now_ms }], policy)?;
        Ok(results.pop().unwrap_or_default())
    }

    /// Applies several pushes, one after the other in the order given, in one transaction with
    /// one durable commit (group commit: pushes that arrive together share the disk flush). Each
    /// push's commands are applied in order and see the effects of the pushes before it, exactly
    /// as if they had been committed one by one. Returns the results of each push.
    pub fn apply_batches(&self, batches: &[PushBatch], policy: &Policy) -> StoreResult<Vec<Vec<CommandResult>>> {
        // Reference data (positions, supervisors, standards) is read from a snapshot taken once
        // this transaction holds the (single) writer, so no reassignment can slip in between.
        let txn = self.db.begin_write()?;
        let snapshot = self.db.begin_read()?;
        let reader = Reader::new(&snapshot);
        let mut subjects: HashMap<EmployeeId, Subject> = HashMap::new();

        let mut all = Vec::with_capacity(batches.len());
        {
            let mut tables = PushTables::open(&txn)?;
            for batch in batches {
                let mut results = Vec::with_capacity(batch.commands.len());
                for envelope in batch.commands {
                    let outcome = tables.outcome(envelope, batch.actor, &reader, &mut subjects, policy, batch.now_ms)?;
                    results.push(CommandResult { command_id: envelope.command_id, outcome });
                }
                all.push(results);
            }
            tables.log.finish()?;
        }
        txn.commit()?;
        Ok(all)
    }
}

/// The tables a push writes, open for the whole batch.
struct PushTables<'txn> {
    log: LogWriter<'txn>,
    outcomes: Table<'txn, u128, OutcomeRow>,
    audit: Table<'txn, u64, AuditRow>,
    unique: Table<'txn, (u8, u128, &'static str), u128>,
}

impl<'txn> PushTables<'txn> {
    fn open(txn: &'txn WriteTransaction) -> StoreResult<Self> {
        Ok(Self {
            log: LogWriter::open(txn)?,
            outcomes: txn.open_table(COMMAND_ID_TO_OUTCOME)?,
            audit: txn.open_table(AUDIT_SEQ_TO_ENTRY)?,
            unique: txn.open_table(UNIQUE_KEY_TO_RECORD_ID)?,
        })
    }

    /// The outcome of one pushed command: the stored one for a replay by its author, or the
    /// new one, recorded.
    fn outcome(
        &mut self,
        envelope: &CommandEnvelope,
        actor: Actor,
        reader: &Reader,
        subjects: &mut HashMap<EmployeeId, Subject>,
        policy: &Policy,
        now_ms: i64,
    ) -> StoreResult<Outcome> {
        let refused = Outcome::Rejected { rejection: Rejection::Forbidden };
        // An outbox is only ever sent by its author (the route refuses such a push whole; this is
        // the storage layer's own guard). Refused without a trace.
        if envelope.author != actor.id {
            return Ok(refused);
        }
        let id = envelope.command_id.as_u128();
        if let Some(stored) = self.outcomes.get(id)? {
            let (kind, version, seq, author, rejection) = stored.value();
            // A command id is its author's: someone else sending it learns nothing of its outcome,
            // and changes nothing (author 0: stored before authors were, answered as then).
            if author != 0 && author != actor.id.as_u128() {
                return Ok(refused);
            }
            return outcome_from_row(kind, version, seq, rejection);
        }
        let outcome = self.apply(envelope, actor, reader, subjects, policy, now_ms)?;
        let rejection = match &outcome {
            Outcome::Rejected { rejection } => encode(rejection)?,
            _ => Vec::new(),
        };
        let (kind, version, seq) = match outcome {
            Outcome::Applied { version, seq } => (0, version, seq),
            Outcome::Removed { seq } => (1, 0, seq),
            Outcome::Rejected { .. } => (2, 0, 0),
        };
        self.outcomes.insert(id, (kind, version, seq, actor.id.as_u128(), rejection.as_slice()))?;
        Ok(outcome)
    }

    /// Decides one new command and writes its effect and audit entry; returns its outcome.
    fn apply(
        &mut self,
        envelope: &CommandEnvelope,
        actor: Actor,
        reader: &Reader,
        subjects: &mut HashMap<EmployeeId, Subject>,
        policy: &Policy,
        now_ms: i64,
    ) -> StoreResult<Outcome> {
        let record_id = envelope.command.record_id().as_u128();
        let (previous_seq, current) = match self.log.record_and_seq(record_id)? {
            Some((seq, record)) => (Some(seq), Some(record)),
            None => (None, None),
        };
        // A removed record's id is not used again: its removal must keep reaching devices.
        if current.is_none() && self.log.was_removed(record_id)? {
            return Ok(Outcome::Rejected { rejection: Rejection::Conflict { current_version: 0 } });
        }
        let mut facts = StoreFacts { tables: self, reader, subjects };
        let decided = decide_from(&mut facts, actor, &envelope.command, envelope.base_version, current.as_ref(), policy, now_ms)?;
        let effect = match decided {
            Ok(effect) => effect,
            Err(rejection) => return Ok(Outcome::Rejected { rejection }),
        };

        let seq = self.log.next_change_seq();
        let outcome = match effect {
            Effect::Upsert(record) => {
                index::reindex(&mut self.unique, current.as_ref(), Some(&record))?;
                self.log.put(&record, seq, previous_seq)?;
                Outcome::Applied { version: record.version(), seq }
            }
            Effect::Remove { .. } => {
                let (Some(current), Some(previous)) = (current.as_ref(), previous_seq) else {
                    unreachable!("the rules remove only a record that exists")
                };
                index::reindex(&mut self.unique, Some(current), None)?;
                self.log.remove(current, seq, previous)?;
                Outcome::Removed { seq }
            }
        };
        let audit_seq = self.log.next_audit_seq();
        audit::append(&mut self.audit, audit_seq, envelope, now_ms, seq)?;
        Ok(outcome)
    }
}

/// The store as a source of facts for the rules: the records as this transaction has them, the
/// unique keys, and the subjects from the organisation's snapshot (each read once per batch).
struct StoreFacts<'a, 'txn> {
    tables: &'a PushTables<'txn>,
    reader: &'a Reader<'a>,
    subjects: &'a mut HashMap<EmployeeId, Subject>,
}

impl FactSource for StoreFacts<'_, '_> {
    type Error = StoreError;

    fn record(&mut self, id: RecordId) -> StoreResult<Option<Record>> {
        self.tables.log.record(id.as_u128())
    }

    fn holder(&mut self, key: &IndexKey) -> StoreResult<Option<RecordId>> {
        index::holder(&self.tables.unique, key)
    }

    fn subject(&mut self, employee: EmployeeId) -> StoreResult<Cow<'_, Subject>> {
        if !self.subjects.contains_key(&employee) {
            let subject = subject_of(self.reader, employee)?;
            self.subjects.insert(employee, subject);
        }
        Ok(Cow::Borrowed(&self.subjects[&employee]))
    }

    /// Asked by approvals only: the subject's position's standard with the dictionary's texts.
    fn standard(&mut self, employee: EmployeeId) -> StoreResult<Vec<AssessedCompetency>> {
        super::profile::standard_of(self.reader, employee)
    }
}

fn outcome_from_row(kind: u8, version: u64, seq: u64, rejection: &[u8]) -> StoreResult<Outcome> {
    Ok(match kind {
        0 => Outcome::Applied { version, seq },
        1 => Outcome::Removed { seq },
        _ => Outcome::Rejected { rejection: decode(rejection)? },
    })
}

#[cfg(test)]
mod tests {
    use redb::ReadableDatabase;
    use shared::command::{Actor, Policy, Rejection};
    use shared::ids::{EmployeeId, TrainingId};
    use shared::sync::Outcome;

    use super::super::test_support::{envelope, save, seminar};
    use super::*;

    #[test]
    fn a_command_by_someone_else_than_the_pusher_is_refused_and_leaves_no_trace() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("author.redb")).unwrap();
        let pusher = Actor { id: EmployeeId::from_u128(5), hr_admin: false };
        let results = store.apply_commands(pusher, &[envelope(9, EmployeeId::from_u128(6))], &Policy::default(), 0).unwrap();
        assert_eq!(results[0].outcome, Outcome::Rejected { rejection: Rejection::Forbidden });
        let txn = store.db.begin_read().unwrap();
        assert!(txn.open_table(COMMAND_ID_TO_OUTCOME).unwrap().get(9).unwrap().is_none(), "no outcome is stored for it");
        assert!(store.audit_log(0, 10).unwrap().is_empty(), "nor an audit entry");
    }

    /// A command id is its author's: someone else who sends it (having seen it somewhere) is not
    /// told what became of it, and nothing is applied for them.
    #[test]
    fn a_command_id_replayed_by_another_author_is_not_answered_with_its_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("replay.redb")).unwrap();
        let (author, stranger) = (EmployeeId::from_u128(5), EmployeeId::from_u128(6));
        let first = CommandEnvelope { command: save(TrainingId::from_u128(1), seminar("Kursus".into())), base_version: None, ..envelope(9, author) };
        let answered = store.apply_commands(Actor { id: author, hr_admin: false }, std::slice::from_ref(&first), &Policy::default(), 0).unwrap();
        assert!(matches!(answered[0].outcome, Outcome::Applied { version: 1, .. }));
        // The same id, sent by someone else as theirs (a save of their own).
        let theirs = CommandEnvelope { author: stranger, command: save(TrainingId::from_u128(2), seminar("Lain".into())), ..first.clone() };
        let results = store.apply_commands(Actor { id: stranger, hr_admin: false }, &[theirs], &Policy::default(), 0).unwrap();
        assert_eq!(results[0].outcome, Outcome::Rejected { rejection: Rejection::Forbidden });
        assert!(store.record(TrainingId::from_u128(2).0).unwrap().is_none(), "nothing applied for them");
        // The author's replay still gets the first answer.
        let again = store.apply_commands(Actor { id: author, hr_admin: false }, &[first], &Policy::default(), 0).unwrap();
        assert_eq!(again[0].outcome, answered[0].outcome);
        assert_eq!(store.audit_log(0, 10).unwrap().len(), 1, "one command applied, once");
    }
}
