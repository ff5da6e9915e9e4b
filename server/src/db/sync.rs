//! Storage for the sync protocol: applying pushed commands exactly once, the change log that pulls
//! page through, and the audit log.
//!
//! A push batch is one write transaction: each command is decided by `shared::command::decide`
//! and its effect, its outcome and its audit entry are written together, so after the commit
//! either all of that is durable or none of it is. A rejected command is recorded too, so a replay
//! gets the same answer.

use std::collections::{HashMap, HashSet};

use redb::{ReadableDatabase, ReadableMultimapTable, ReadableTable, Table, WriteTransaction};
use serde::{Deserialize, Serialize};
use shared::command::{Actor, Command, CommandEnvelope, Effect, Facts, Policy, Record, Rejection, Subject, decide};
use shared::domain::training::duplicate_key;
use shared::ids::{CommandId, DeviceId, EmployeeId, PositionId, SelfAssessmentId, TrainingId};
use shared::api::PersonSummary;
use shared::domain::{Competency, Employee, TrainingDetails};
use shared::sync::{Change, CommandResult, Member, Outcome, Reference};

use super::codec::{decode, decode_record, encode, encode_record};
use super::tables::*;
use super::{Move, Reader, Store, StoreResult};

/// Which records a user may see: their own, their direct reports', or (HR) everyone's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Employees(HashSet<EmployeeId>),
}

impl Scope {
    pub fn contains(&self, employee: EmployeeId) -> bool {
        match self {
            Scope::All => true,
            Scope::Employees(employees) => employees.contains(&employee),
        }
    }
}

/// Where a pull stands: the last change sequence number looked at, the purge horizon when the
/// cursor was handed out, and the version of the reference data the device holds. On the wire:
/// `"<seq>.<horizon>.<reference>"` (opaque to clients; missing parts read as 0).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    pub seq: u64,
    pub horizon: u64,
    pub reference: u64,
}

impl Cursor {
    pub fn parse(text: &str) -> Option<Cursor> {
        let mut parts = text.split('.').map(|part| if part.is_empty() { Some(0) } else { part.parse().ok() });
        let cursor = Cursor {
            seq: parts.next().flatten()?,
            horizon: parts.next().unwrap_or(Some(0))?,
            reference: parts.next().unwrap_or(Some(0))?,
        };
        parts.next().is_none().then_some(cursor)
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.seq, self.horizon, self.reference)
    }
}

/// One push: who sent it, its commands in order, and the server's time when it arrived.
#[derive(Clone, Copy, Debug)]
pub struct PushBatch<'a> {
    pub actor: Actor,
    pub commands: &'a [CommandEnvelope],
    pub now_ms: i64,
}

/// One page of a pull.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullPage {
    pub changes: Vec<Change>,
    /// The reference data, when the cursor's is out of date.
    pub reference: Option<Reference>,
    /// The owners of the page's records, other than the viewer.
    pub people: Vec<PersonSummary>,
    /// Where the next page starts.
    pub cursor: Cursor,
    pub more: bool,
    pub reset_required: bool,
}

/// One applied command, as the audit log keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub command_id: CommandId,
    pub command: String,
    pub record: uuid::Uuid,
    pub author: EmployeeId,
    pub device_id: DeviceId,
    pub device_seq: u64,
    pub device_time_ms: i64,
    pub server_time_ms: i64,
    /// The change sequence number the command produced.
    pub change_seq: u64,
}

/// How many change-log entries one pull looks at, at most, before answering (with `more`), so
/// a user who sees few of many changes still gets prompt answers.
const PULL_SCAN_BUDGET: usize = 20_000;

impl Store {
    /// Who `actor` may see.
    pub fn scope_of(&self, actor: Actor) -> StoreResult<Scope> {
        let txn = self.db.begin_read()?;
        scope_in(&Reader::new(&txn), actor)
    }

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
            let mut tables = SyncTables::open(&txn)?;
            for batch in batches {
                let mut results = Vec::with_capacity(batch.commands.len());
                for envelope in batch.commands {
                    // An outbox is only ever sent by its author (the route refuses such a push
                    // whole; this is the storage layer's own guard). Refused without a trace.
                    if envelope.author != batch.actor.id {
                        results.push(CommandResult {
                            command_id: envelope.command_id,
                            outcome: Outcome::Rejected { rejection: Rejection::Forbidden },
                        });
                        continue;
                    }
                    let stored = tables.outcomes.get(envelope.command_id.as_u128())?.map(|v| outcome_from_row(v.value()));
                    let outcome = match stored {
                        Some(stored) => stored?,
                        None => {
                            let outcome = tables.apply(envelope, batch.actor, &reader, &mut subjects, policy, batch.now_ms)?;
                            let rejection = match &outcome {
                                Outcome::Rejected { rejection } => encode(rejection)?,
                                _ => Vec::new(),
                            };
                            tables.outcomes.insert(envelope.command_id.as_u128(), outcome_row(&outcome, &rejection))?;
                            outcome
                        }
                    };
                    results.push(CommandResult { command_id: envelope.command_id, outcome });
                }
                all.push(results);
            }
            tables.finish()?;
        }
        txn.commit()?;
        Ok(all)
    }

    /// The changes after `cursor` that `actor` may see: at most `limit` of them (a scope exit,
    /// which withdraws all of one employee's records at once, may exceed it). The scope is read
    /// in the same snapshot as the log, so a reassignment is seen by both or by neither.
    pub fn pull(&self, actor: Actor, cursor: Cursor, limit: usize) -> StoreResult<PullPage> {
        let txn = self.db.begin_read()?;
        let meta = txn.open_table(META)?;
        let horizon = meta.get(CHANGE_HORIZON_KEY)?.map_or(0, |v| v.value());
        // A cursor from before a purge that had not reached the last purged change (the horizon
        // is one past it) may have missed purged removals. One handed out after the purge (even
        // mid-way through a first full pull) has not.
        if cursor.seq != 0 && cursor.seq + 1 < horizon && cursor.horizon < horizon {
            return Ok(PullPage {
                changes: Vec::new(),
                reference: None,
                people: Vec::new(),
                cursor: Cursor::default(),
                more: false,
                reset_required: true,
            });
        }
        let reader = Reader::new(&txn);
        let reference_version = super::reference_version(&meta)?;
        let reference = if cursor.reference == reference_version { None } else { reference_in(&reader, actor.id)? };
        let scope = scope_in(&reader, actor)?;
        let viewer = actor.id;
        let after = cursor.seq;
        let log = txn.open_table(CHANGE_SEQ_TO_CHANGE)?;
        let records = txn.open_table(RECORD_ID_TO_SEQ_AND_RECORD)?;
        let records_of = txn.open_multimap_table(EMPLOYEE_ID_TO_RECORD_IDS)?;
        let mut changes = Vec::new();
        let mut cursor = after;
        let mut more = false;
        for (scanned, entry) in log.range(after + 1..)?.enumerate() {
            if changes.len() >= limit || scanned == PULL_SCAN_BUDGET {
                more = true;
                break;
            }
            let (seq, change) = entry?;
            let (subject, employee, kind) = change.value();
            cursor = seq.value();
            let visible = scope.contains(EmployeeId::from_u128(employee));
            match kind {
                CHANGE_UPSERT if visible => {
                    if let Some(record) = records.get(subject)? {
                        changes.push(Change::Upsert { record: decode_record(record.value().1)? });
                    }
                }
                CHANGE_REMOVAL if visible => changes.push(Change::Remove { id: uuid::Uuid::from_u128(subject) }),
                // The viewer lost this employee (and has not regained them since).
                CHANGE_SCOPE_EXIT if subject == viewer.as_u128() && !visible => {
                    for record in records_of.get(employee)? {
                        changes.push(Change::Remove { id: uuid::Uuid::from_u128(record?.value()) });
                    }
                }
                _ => {}
            }
        }
        let mut owners: Vec<EmployeeId> = changes
            .iter()
            .filter_map(|change| match change {
                Change::Upsert { record } if record.employee() != viewer => Some(record.employee()),
                _ => None,
            })
            .collect();
        owners.sort_unstable();
        owners.dedup();
        let people = owners.into_iter().map(|id| person_in(&reader, id)).filter_map(Result::transpose).collect::<StoreResult<_>>()?;
        Ok(PullPage {
            changes,
            reference,
            people,
            cursor: Cursor { seq: cursor, horizon, reference: reference_version },
            more,
            reset_required: false,
        })
    }

    /// Moves `employee` to `position` (an HR action on reference data). Whoever gains or loses a
    /// direct report through the move sees it at their next pull: the report's records are logged
    /// again (so the new supervisor receives them) and a scope exit tells the old supervisor's
    /// devices to drop them. The people affected are the one who moves, those who reported to
    /// them, and those who will.
    pub fn reassign(&self, employee: EmployeeId, position: PositionId) -> StoreResult<bool> {
        // Hold the writer first, so the organisation read below is the one this change builds on.
        let txn = self.db.begin_write()?;
        let snapshot = self.db.begin_read()?;
        let before = Reader::new(&snapshot);
        let Some(moving) = before.employee(employee)? else { return Ok(false) };
        if before.position(position)?.is_none() {
            return Ok(false);
        }
        let after = Reader::with_move(&snapshot, Move { employee, to: position });
        let mut affected = vec![employee];
        affected.extend(before.direct_reports(moving.position)?.into_iter().map(|e| e.id));
        affected.extend(after.direct_reports(position)?.into_iter().map(|e| e.id));
        affected.sort();
        affected.dedup();
        let mut changed = Vec::new();
        for id in affected {
            let supervisor_in = |reader: &Reader| -> StoreResult<Option<EmployeeId>> {
                let Some(person) = reader.employee(id)? else { return Ok(None) };
                let Some(position) = reader.position(person.position)? else { return Ok(None) };
                Ok(reader.supervisor(&position)?.map(|boss| boss.id))
            };
            let (old, new) = (supervisor_in(&before)?, supervisor_in(&after)?);
            if old != new {
                changed.push((id, old));
            }
        }

        {
            let mut employees = txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?;
            let mut holders = txn.open_multimap_table(POSITION_ID_TO_HOLDER_IDS)?;
            let mut moved = moving.clone();
            moved.position = position;
            employees.insert(employee.as_u128(), encode(&moved)?.as_slice())?;
            holders.remove(moving.position.as_u128(), employee.as_u128())?;
            holders.insert(position.as_u128(), employee.as_u128())?;

            let mut tables = SyncTables::open(&txn)?;
            for (person, old_supervisor) in changed {
                if let Some(old_supervisor) = old_supervisor {
                    tables.last_change_seq += 1;
                    let seq = tables.last_change_seq;
                    tables.log.insert(seq, (old_supervisor.as_u128(), person.as_u128(), CHANGE_SCOPE_EXIT))?;
                }
                let ids: Vec<u128> =
                    tables.records_of.get(person.as_u128())?.map(|id| Ok(id?.value())).collect::<StoreResult<_>>()?;
                for id in ids {
                    tables.relog(id)?;
                }
            }
            tables.finish()?;
            super::bump_reference_version(&txn)?;
        }
        txn.commit()?;
        // The session cache holds who is signed in and whether they are HR; a move changes
        // neither, so it stays.
        Ok(true)
    }

    /// Forgets the removals and scope exits logged before change `before`; clients whose cursor
    /// is older must start over (`reset_required`). Upserts stay: they are the records themselves.
    pub fn purge_removals_before(&self, before: u64) -> StoreResult<usize> {
        let txn = self.db.begin_write()?;
        let purged = purge_in(&txn, before)?;
        txn.commit()?;
        Ok(purged)
    }

    /// Forgets the removals and scope exits logged before `cutoff_ms` (server time), as the
    /// retention policy asks; see [`Store::purge_removals_before`]. Returns how many were
    /// forgotten. The time of a change is read from the audit log, whose entries are in commit
    /// order with the server's time: everything up to the change of the last command before the
    /// cutoff is older. A change no command made (a reassignment's scope exit) has no time of its
    /// own, so it counts as new until a command before the cutoff comes after it.
    pub fn purge_removals_older_than(&self, cutoff_ms: i64) -> StoreResult<usize> {
        let txn = self.db.begin_write()?;
        let before = {
            let audit = txn.open_table(AUDIT_SEQ_TO_ENTRY)?;
            // An entry's server time and change sequence number.
            let time_and_change = |seq: u64| -> StoreResult<Option<(i64, u64)>> {
                Ok(audit.get(seq)?.map(|entry| {
                    let (_, _, _, _, _, _, server_time_ms, change_seq, _) = entry.value();
                    (server_time_ms, change_seq)
                }))
            };
            let Some(last) = audit.last()?.map(|(seq, _)| seq.value()) else { return Ok(0) };
            // The first entry at or after the cutoff, or `last + 1` (sequence numbers have no gaps).
            let (mut low, mut high) = (1, last + 1);
            while low < high {
                let middle = low + (high - low) / 2;
                let time = time_and_change(middle)?.map_or(i64::MAX, |(time, _)| time);
                if time < cutoff_ms {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            if low == 1 {
                return Ok(0); // No command is older than the cutoff.
            }
            time_and_change(low - 1)?.map_or(0, |(_, change)| change + 1)
        };
        let purged = purge_in(&txn, before)?;
        txn.commit()?;
        Ok(purged)
    }

    /// The audit log from `after` on, at most `limit` entries, oldest first.
    pub fn audit_log(&self, after: u64, limit: usize) -> StoreResult<Vec<(u64, AuditEntry)>> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(AUDIT_SEQ_TO_ENTRY)?;
        let mut entries = Vec::new();
        for entry in table.range(after + 1..)?.take(limit) {
            let (seq, value) = entry?;
            let (command_id, record, author, device_id, device_seq, device_time_ms, server_time_ms, change_seq, command) =
                value.value();
            entries.push((
                seq.value(),
                AuditEntry {
                    command_id: CommandId::from_u128(command_id),
                    command: command.to_owned(),
                    record: uuid::Uuid::from_u128(record),
                    author: EmployeeId::from_u128(author),
                    device_id: DeviceId::from_u128(device_id),
                    device_seq,
                    device_time_ms,
                    server_time_ms,
                    change_seq,
                },
            ));
        }
        Ok(entries)
    }

    /// What the command rules need to know about `employee` (their supervisor and standard).
    pub fn subject(&self, employee: EmployeeId) -> StoreResult<Subject> {
        let txn = self.db.begin_read()?;
        subject_of(&Reader::new(&txn), employee)
    }

    /// Every stored record, in id order (for exports and consistency checks).
    pub fn all_records(&self) -> StoreResult<Vec<Record>> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(RECORD_ID_TO_SEQ_AND_RECORD)?;
        table.iter()?.map(|entry| decode_record(entry?.1.value().1)).collect()
    }

    /// A record as stored, if it exists.
    pub fn record(&self, id: uuid::Uuid) -> StoreResult<Option<Record>> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(RECORD_ID_TO_SEQ_AND_RECORD)?;
        table.get(id.as_u128())?.map(|v| decode_record(v.value().1)).transpose()
    }
}

/// Forgets the removals and scope exits logged before change `before`, and moves the purge
/// horizon up to it. Those below the current horizon are gone already, so only the part of the
/// log from there on is read.
fn purge_in(txn: &WriteTransaction, before: u64) -> StoreResult<usize> {
    let mut meta = txn.open_table(META)?;
    let horizon = meta.get(CHANGE_HORIZON_KEY)?.map_or(0, |v| v.value());
    if before <= horizon {
        return Ok(0);
    }
    let mut log = txn.open_table(CHANGE_SEQ_TO_CHANGE)?;
    let mut by_record = txn.open_table(REMOVED_RECORD_ID_TO_SEQ)?;
    let removals: Vec<(u64, u128, u8)> = log
        .range(horizon..before)?
        .filter_map(|entry| match entry {
            Ok((seq, change)) => {
                let (subject, _, kind) = change.value();
                (kind != CHANGE_UPSERT).then(|| Ok((seq.value(), subject, kind)))
            }
            Err(error) => Some(Err(error)),
        })
        .collect::<Result<_, redb::StorageError>>()?;
    for (seq, subject, kind) in &removals {
        log.remove(*seq)?;
        if *kind == CHANGE_REMOVAL {
            by_record.remove(*subject)?;
        }
    }
    meta.insert(CHANGE_HORIZON_KEY, before)?;
    Ok(removals.len())
}

/// The tables a push writes, open for the whole batch.
struct SyncTables<'txn> {
    meta: Table<'txn, &'static str, u64>,
    /// The counters, read once per batch and written back by `finish`.
    last_change_seq: u64,
    last_audit_seq: u64,
    records: Table<'txn, u128, (u64, &'static [u8])>,
    log: Table<'txn, u64, (u128, u128, u8)>,
    records_of: redb::MultimapTable<'txn, u128, u128>,
    removed: Table<'txn, u128, u64>,
    outcomes: Table<'txn, u128, (u8, u64, u64, &'static [u8])>,
    audit: Table<'txn, u64, AuditRow>,
    training_keys: Table<'txn, &'static str, u128>,
    periods: Table<'txn, (u128, u16), u128>,
}

impl<'txn> SyncTables<'txn> {
    fn open(txn: &'txn WriteTransaction) -> StoreResult<Self> {
        let meta = txn.open_table(META)?;
        let last_change_seq = meta.get(LAST_CHANGE_SEQ_KEY)?.map_or(0, |v| v.value());
        let last_audit_seq = meta.get(LAST_AUDIT_SEQ_KEY)?.map_or(0, |v| v.value());
        Ok(Self {
            meta,
            last_change_seq,
            last_audit_seq,
            records: txn.open_table(RECORD_ID_TO_SEQ_AND_RECORD)?,
            log: txn.open_table(CHANGE_SEQ_TO_CHANGE)?,
            records_of: txn.open_multimap_table(EMPLOYEE_ID_TO_RECORD_IDS)?,
            removed: txn.open_table(REMOVED_RECORD_ID_TO_SEQ)?,
            outcomes: txn.open_table(COMMAND_ID_TO_OUTCOME)?,
            audit: txn.open_table(AUDIT_SEQ_TO_ENTRY)?,
            training_keys: txn.open_table(TRAINING_KEY_TO_TRAINING_ID)?,
            periods: txn.open_table(EMPLOYEE_PERIOD_TO_ASSESSMENT_ID)?,
        })
    }

    /// A record and the sequence number of its latest change.
    fn record_and_seq(&self, id: u128) -> StoreResult<Option<(u64, Record)>> {
        match self.records.get(id)? {
            Some(value) => {
                let (seq, bytes) = value.value();
                Ok(Some((seq, decode_record(bytes)?)))
            }
            None => Ok(None),
        }
    }

    fn record(&self, id: u128) -> StoreResult<Option<Record>> {
        Ok(self.record_and_seq(id)?.map(|(_, record)| record))
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
        let command = &envelope.command;
        let record_id = command.record_id().as_u128();
        let (previous_seq, current) = match self.record_and_seq(record_id)? {
            Some((seq, record)) => (Some(seq), Some(record)),
            None => (None, None),
        };
        // A removed record's id is not used again: its removal must keep reaching devices.
        if current.is_none() && self.removed.get(record_id)?.is_some() {
            return Ok(Outcome::Rejected { rejection: Rejection::Conflict { current_version: 0 } });
        }
        let owner = current.as_ref().map_or(actor.id, Record::employee);
        let subject = match subjects.get(&owner) {
            Some(subject) => subject,
            None => {
                let subject = subject_of(reader, owner)?;
                subjects.entry(owner).or_insert(subject)
            }
        };

        let mut period_assessment = None;
        let mut amended = None;
        let mut duplicate_training = None;
        // A save's duplicate key, made once: the look-up and the index below both use it.
        let mut new_training_key = None;
        match command {
            Command::SaveSelfAssessment { period, amends: None, .. } if current.is_none() => {
                period_assessment =
                    self.periods.get((owner.as_u128(), *period))?.map(|v| SelfAssessmentId::from_u128(v.value()));
            }
            Command::SaveSelfAssessment { amends: Some(old), .. } if current.is_none() => {
                amended = self.record(old.as_u128())?;
            }
            // An edit that keeps the title and dates keeps the record's own key: nothing to look up.
            Command::SaveTraining { details, .. }
                if !matches!(&current, Some(Record::Training(t)) if same_duplicate_fields(&t.details, details)) =>
            {
                let key = duplicate_key(owner, details);
                duplicate_training = self.training_keys.get(key.as_str())?.map(|v| TrainingId::from_u128(v.value()));
                new_training_key = Some(key);
            }
            _ => {}
        }

        let facts = Facts {
            actor,
            subject,
            current: current.as_ref(),
            period_assessment,
            amended: amended.as_ref(),
            duplicate_training,
            policy,
            now_ms,
        };
        let effect = match decide(command, envelope.base_version, &facts) {
            Ok(effect) => effect,
            Err(rejection) => return Ok(Outcome::Rejected { rejection }),
        };

        self.last_change_seq += 1;
        let seq = self.last_change_seq;
        let outcome = match effect {
            Effect::Upsert(record) => {
                self.index(current.as_ref(), Some(&record), new_training_key)?;
                self.records.insert(record_id, (seq, encode_record(&record)?.as_slice()))?;
                self.log_change(record_id, record.employee(), CHANGE_UPSERT, seq, previous_seq)?;
                Outcome::Applied { version: record.version(), seq }
            }
            Effect::Remove { employee, .. } => {
                self.index(current.as_ref(), None, None)?;
                self.records.remove(record_id)?;
                self.removed.insert(record_id, seq)?;
                self.log_change(record_id, employee, CHANGE_REMOVAL, seq, previous_seq)?;
                Outcome::Removed { seq }
            }
        };
        self.last_audit_seq += 1;
        let audit_seq = self.last_audit_seq;
        let row = (
            envelope.command_id.as_u128(),
            record_id,
            envelope.author.as_u128(),
            envelope.device_id.as_u128(),
            envelope.device_seq,
            envelope.device_time_ms,
            now_ms,
            seq,
            command.name(),
        );
        self.audit.insert(audit_seq, row)?;
        Ok(outcome)
    }

    /// Gives a record a fresh place at the end of the change log, so that whoever may see it now
    /// receives it at their next pull.
    fn relog(&mut self, record: u128) -> StoreResult<()> {
        let Some((previous, employee, bytes)) = self.records.get(record)?.map(|v| {
            let (seq, bytes) = v.value();
            let employee = decode_record(bytes).map(|r| r.employee());
            (seq, employee, bytes.to_vec())
        }) else {
            return Ok(());
        };
        self.last_change_seq += 1;
        let seq = self.last_change_seq;
        self.records.insert(record, (seq, bytes.as_slice()))?;
        self.log_change(record, employee?, CHANGE_UPSERT, seq, Some(previous))
    }

    /// Writes the counters back (before the commit).
    fn finish(mut self) -> StoreResult<()> {
        self.meta.insert(LAST_CHANGE_SEQ_KEY, self.last_change_seq)?;
        self.meta.insert(LAST_AUDIT_SEQ_KEY, self.last_audit_seq)?;
        Ok(())
    }

    /// Keeps only a record's latest change in the log.
    fn log_change(&mut self, record: u128, employee: EmployeeId, kind: u8, seq: u64, previous: Option<u64>) -> StoreResult<()> {
        if let Some(previous) = previous {
            self.log.remove(previous)?;
        }
        self.log.insert(seq, (record, employee.as_u128(), kind))?;
        Ok(())
    }

    /// Moves the indexes from the record's old state to its new one.
    /// `new_key` is the new record's training duplicate key, if the caller made it already.
    fn index(&mut self, old: Option<&Record>, new: Option<&Record>, new_key: Option<String>) -> StoreResult<()> {
        match (old, new) {
            (None, Some(created)) => {
                self.records_of.insert(created.employee().as_u128(), created.id().as_u128())?;
            }
            (Some(removed), None) => {
                self.records_of.remove(removed.employee().as_u128(), removed.id().as_u128())?;
            }
            _ => {}
        }
        // A status change (submit, confirm, verify, reject) keeps the duplicate key as it is.
        if let (Some(Record::Training(o)), Some(Record::Training(n))) = (old, new)
            && o.employee == n.employee
            && same_duplicate_fields(&o.details, &n.details)
        {
            return Ok(());
        }
        let new_key = match new {
            Some(Record::Training(t)) => Some(new_key.unwrap_or_else(|| duplicate_key(t.employee, &t.details))),
            _ => None,
        };
        match old {
            Some(Record::Training(t)) => {
                self.training_keys.remove(duplicate_key(t.employee, &t.details).as_str())?;
            }
            Some(Record::SelfAssessment(a)) if new.is_none() && a.amends.is_none() => {
                self.periods.remove((a.employee.as_u128(), a.period))?;
            }
            _ => {}
        }
        if let (Some(Record::Training(t)), Some(key)) = (new, &new_key) {
            self.training_keys.insert(key.as_str(), t.id.as_u128())?;
        }
        self.index_assessment(new)
    }

    /// One (non-amendment) self-assessment per person and period.
    fn index_assessment(&mut self, new: Option<&Record>) -> StoreResult<()> {
        if let Some(Record::SelfAssessment(a)) = new
            && a.amends.is_none()
        {
            self.periods.insert((a.employee.as_u128(), a.period), a.id.as_u128())?;
        }
        Ok(())
    }
}

/// Whether two versions of a training have the same fields the duplicate key is made of (and
/// so the same key), without making it.
fn same_duplicate_fields(a: &TrainingDetails, b: &TrainingDetails) -> bool {
    (&a.title, a.start, a.end) == (&b.title, b.start, b.end)
}

fn outcome_row<'a>(outcome: &Outcome, rejection_json: &'a [u8]) -> (u8, u64, u64, &'a [u8]) {
    match outcome {
        Outcome::Applied { version, seq } => (0, *version, *seq, &[]),
        Outcome::Removed { seq } => (1, 0, *seq, &[]),
        Outcome::Rejected { .. } => (2, 0, 0, rejection_json),
    }
}

fn outcome_from_row((kind, version, seq, rejection): (u8, u64, u64, &[u8])) -> StoreResult<Outcome> {
    Ok(match kind {
        0 => Outcome::Applied { version, seq },
        1 => Outcome::Removed { seq },
        _ => Outcome::Rejected { rejection: decode(rejection)? },
    })
}

/// Who `actor` may see: their own records, their direct reports', or (HR) everyone's.
fn scope_in(reader: &Reader, actor: Actor) -> StoreResult<Scope> {
    if actor.hr_admin {
        return Ok(Scope::All);
    }
    let mut employees = HashSet::from([actor.id]);
    if let Some(employee) = reader.employee(actor.id)? {
        employees.extend(reader.reports_of(&employee)?.into_iter().map(|e| e.id));
    }
    Ok(Scope::Employees(employees))
}

/// The rules' view of an employee: their supervisor and their position's standard.
fn subject_of(reader: &Reader, employee: EmployeeId) -> StoreResult<Subject> {
    let Some(record) = reader.employee(employee)? else {
        return Ok(Subject { employee, supervisor: None, standard: Vec::new() });
    };
    let Some(position) = reader.position(record.position)? else {
        return Ok(Subject { employee, supervisor: None, standard: Vec::new() });
    };
    let supervisor = reader.supervisor(&position)?.map(|boss| boss.id);
    Ok(Subject { employee, supervisor, standard: position.standard.iter().map(|r| r.competency).collect() })
}

fn person_in(reader: &Reader, employee: EmployeeId) -> StoreResult<Option<PersonSummary>> {
    reader.employee(employee)?.map(|employee| reader.summary(employee)).transpose()
}

/// A person with their supervisor and their position's standard.
fn member_in(reader: &Reader, employee: &Employee) -> StoreResult<Member> {
    let position = reader.position(employee.position)?;
    let supervisor = match &position {
        Some(position) => reader.supervisor(position)?.map(|boss| boss.id),
        None => None,
    };
    Ok(Member {
        person: PersonSummary {
            id: employee.id,
            nip: employee.nip.clone(),
            name: employee.name.clone(),
            position: position.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
        },
        supervisor,
        standard: position.map(|p| p.standard).unwrap_or_default(),
    })
}

/// What `viewer`'s device needs to work offline: the dictionary, their own standard and
/// supervisor, and their direct reports. `None` if the viewer is no longer an employee.
fn reference_in(reader: &Reader, viewer: EmployeeId) -> StoreResult<Option<Reference>> {
    let dictionary = reader
        .txn
        .open_table(COMPETENCY_ID_TO_COMPETENCY)?
        .iter()?
        .map(|entry| Ok(decode::<Competency>(entry?.1.value())?))
        .collect::<StoreResult<Vec<_>>>()?;
    let Some(employee) = reader.employee(viewer)? else { return Ok(None) };
    let me = member_in(reader, &employee)?;
    let supervisor = match me.supervisor {
        Some(id) => person_in(reader, id)?,
        None => None,
    };
    let mut team = reader.reports_of(&employee)?.iter().map(|report| member_in(reader, report)).collect::<StoreResult<Vec<_>>>()?;
    team.sort_by(|a, b| a.person.name.cmp(&b.person.name));
    Ok(Some(Reference { dictionary, me, supervisor, team }))
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn cursors_read_back_what_they_wrote_and_older_forms() {
        let cursor = |seq, horizon, reference| Some(Cursor { seq, horizon, reference });
        let cases = [
            ("", cursor(0, 0, 0)),
            ("12", cursor(12, 0, 0)),
            ("12.3", cursor(12, 3, 0)),
            ("12.3.7", cursor(12, 3, 7)),
            ("12.3.7.1", None),
            ("abc", None),
            ("12.x", None),
            ("-1", None),
        ];
        for (text, expected) in cases {
            assert_eq!(Cursor::parse(text), expected, "{text:?}");
        }
        let written = Cursor { seq: 5, horizon: 2, reference: 9 };
        assert_eq!(Cursor::parse(&written.to_string()), Some(written));
    }
}
