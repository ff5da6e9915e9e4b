//! The change log that pulls page through, and what writes to it: each record's latest change
//! (older ones of the same record are dropped, so a pull from any cursor reads each record once),
//! removals, scope exits and resets, with sequence numbers from the single writer, never clocks.
//! Removals and scope exits older than the retention period are forgotten (`purge_*`); a cursor
//! from before the last forgotten one starts over.

use redb::{ReadableMultimapTable, ReadableTable, Table, WriteTransaction};
use shared::ids::EmployeeId;
use shared::kinds::Record;

use super::codec::{decode_record, encode_record};
use super::tables::*;
use super::{Store, StoreResult};

/// The tables that hold records and their changes, open for one write transaction, with the
/// change and audit counters (read once, written back by [`LogWriter::finish`]).
pub(super) struct LogWriter<'txn> {
    meta: Table<'txn, &'static str, u64>,
    last_change_seq: u64,
    last_audit_seq: u64,
    records: Table<'txn, u128, (u64, &'static [u8])>,
    log: Table<'txn, u64, (u128, u128, u8)>,
    records_of: redb::MultimapTable<'txn, u128, u128>,
    removed: Table<'txn, u128, u64>,
}

impl<'txn> LogWriter<'txn> {
    pub(super) fn open(txn: &'txn WriteTransaction) -> StoreResult<Self> {
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
        })
    }

    /// A record and the sequence number of its latest change.
    pub(super) fn record_and_seq(&self, id: u128) -> StoreResult<Option<(u64, Record)>> {
        match self.records.get(id)? {
            Some(value) => {
                let (seq, bytes) = value.value();
                Ok(Some((seq, decode_record(bytes)?)))
            }
            None => Ok(None),
        }
    }

    pub(super) fn record(&self, id: u128) -> StoreResult<Option<Record>> {
        Ok(self.record_and_seq(id)?.map(|(_, record)| record))
    }

    /// Whether a record of this id was removed (its id is not used again: the removal must keep
    /// reaching devices).
    pub(super) fn was_removed(&self, id: u128) -> StoreResult<bool> {
        Ok(self.removed.get(id)?.is_some())
    }

    pub(super) fn next_change_seq(&mut self) -> u64 {
        self.last_change_seq += 1;
        self.last_change_seq
    }

    pub(super) fn next_audit_seq(&mut self) -> u64 {
        self.last_audit_seq += 1;
        self.last_audit_seq
    }

    /// Stores `record` as changed by change `seq` (`previous`: its last change, if it existed).
    pub(super) fn put(&mut self, record: &Record, seq: u64, previous: Option<u64>) -> StoreResult<()> {
        let id = record.id().as_u128();
        if previous.is_none() {
            self.records_of.insert(record.subject().as_u128(), id)?;
        }
        self.records.insert(id, (seq, encode_record(record)?.as_slice()))?;
        self.log_change(id, record.subject(), CHANGE_UPSERT, seq, previous)
    }

    /// Removes `record` by change `seq`.
    pub(super) fn remove(&mut self, record: &Record, seq: u64, previous: u64) -> StoreResult<()> {
        let id = record.id().as_u128();
        self.records_of.remove(record.subject().as_u128(), id)?;
        self.records.remove(id)?;
        self.removed.insert(id, seq)?;
        self.log_change(id, record.subject(), CHANGE_REMOVAL, seq, Some(previous))
    }

    /// The ids of `subject`'s records.
    pub(super) fn records_of(&self, subject: EmployeeId) -> StoreResult<Vec<u128>> {
        self.records_of.get(subject.as_u128())?.map(|id| Ok(id?.value())).collect()
    }

    /// Gives a record a fresh place at the end of the change log, so that whoever may see it now
    /// receives it at their next pull.
    pub(super) fn relog(&mut self, record: u128) -> StoreResult<()> {
        let Some((previous, subject, bytes)) = self.records.get(record)?.map(|v| {
            let (seq, bytes) = v.value();
            let subject = decode_record(bytes).map(|r| r.subject());
            (seq, subject, bytes.to_vec())
        }) else {
            return Ok(());
        };
        let seq = self.next_change_seq();
        self.records.insert(record, (seq, bytes.as_slice()))?;
        self.log_change(record, subject?, CHANGE_UPSERT, seq, Some(previous))
    }

    /// `viewer` no longer sees `employee` as they did (no longer their supervisor): their devices
    /// drop what they may not see now of that employee's records.
    pub(super) fn log_scope_exit(&mut self, viewer: EmployeeId, employee: EmployeeId) -> StoreResult<()> {
        let seq = self.next_change_seq();
        self.log.insert(seq, (viewer.as_u128(), employee.as_u128(), CHANGE_SCOPE_EXIT))?;
        Ok(())
    }

    /// What `viewer` may see changed wholesale (HR rights granted or revoked): their devices start
    /// over, keeping their outboxes.
    pub(super) fn log_reset(&mut self, viewer: EmployeeId) -> StoreResult<()> {
        let seq = self.next_change_seq();
        self.log.insert(seq, (viewer.as_u128(), viewer.as_u128(), CHANGE_RESET))?;
        Ok(())
    }

    /// Writes the counters back (before the commit).
    pub(super) fn finish(mut self) -> StoreResult<()> {
        self.meta.insert(LAST_CHANGE_SEQ_KEY, self.last_change_seq)?;
        self.meta.insert(LAST_AUDIT_SEQ_KEY, self.last_audit_seq)?;
        Ok(())
    }

    /// Keeps only a record's latest change in the log.
    fn log_change(&mut self, record: u128, subject: EmployeeId, kind: u8, seq: u64, previous: Option<u64>) -> StoreResult<()> {
        if let Some(previous) = previous {
            self.log.remove(previous)?;
        }
        self.log.insert(seq, (record, subject.as_u128(), kind))?;
        Ok(())
    }
}

impl Store {
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
}

/// Forgets the removals, scope exits and resets logged before change `before`, and moves the purge
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

#[cfg(test)]
mod tests {
    use shared::ids::EmployeeId;

    use super::super::test_support::{discard, envelope, save, seminar};
    use super::*;

    #[test]
    fn removals_older_than_the_retention_period_are_forgotten_and_older_cursors_start_over() {
        use shared::command::{Actor, Policy};
        use shared::ids::TrainingId;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("retention.redb")).unwrap();
        let author = EmployeeId::from_u128(5);
        let actor = Actor { id: author, hr_admin: false };
        const DAY: i64 = 86_400_000;
        let start = 1_780_000_000_000; // May 2026
        // A draft saved, then discarded (a removal in the change log), at `at`; returns the cursors
        // of a device that pulled after the save and of one that pulled after the removal.
        let mut next_command = 100;
        let mut save_and_discard = |record: u128, at: i64| {
            let id = TrainingId::from_u128(record);
            let details = seminar(format!("Draf {record}"));
            let save = shared::command::CommandEnvelope { command: save(id, details), base_version: None, ..envelope(next_command, author) };
            let discard = shared::command::CommandEnvelope { command: discard(id), base_version: Some(1), ..envelope(next_command + 1, author) };
            next_command += 2;
            let mut cursors = Vec::new();
            for command in [save, discard] {
                let results = store.apply_commands(actor, &[command], &Policy::default(), at).unwrap();
                assert!(!matches!(results[0].outcome, shared::sync::Outcome::Rejected { .. }), "{results:?}");
                cursors.push(store.pull(actor, crate::db::Cursor::default(), 100).unwrap().cursor);
            }
            (cursors[0], cursors[1])
        };
        let (before_first, after_first) = save_and_discard(1, start);
        let (_, recent) = save_and_discard(2, start + 100 * DAY);

        // Nothing is older than a cutoff before every command.
        assert_eq!(store.purge_removals_older_than(start - DAY).unwrap(), 0);
        assert!(!store.pull(actor, before_first, 100).unwrap().reset_required, "nothing was purged");
        // Kept for 90 days, purged on day 100: the first removal goes, the second stays.
        let cutoff = start + 100 * DAY - 90 * DAY;
        assert_eq!(store.purge_removals_older_than(cutoff).unwrap(), 1);
        assert!(store.pull(actor, before_first, 100).unwrap().reset_required, "a device that had not seen the removal starts over");
        for (cursor, who) in [(after_first, "a device that had seen it"), (recent, "a device that synced since")] {
            let page = store.pull(actor, cursor, 100).unwrap();
            assert!(!page.reset_required, "{who} goes on");
        }
        assert_eq!(store.purge_removals_older_than(cutoff).unwrap(), 0, "purging again forgets nothing more");
        // A day later than everything: the second goes too.
        assert_eq!(store.purge_removals_older_than(start + 101 * DAY).unwrap(), 1);
        // With nothing in the audit log, there is nothing to purge.
        let empty = Store::open(&dir.path().join("empty.redb")).unwrap();
        assert_eq!(empty.purge_removals_older_than(start).unwrap(), 0);
    }
}
