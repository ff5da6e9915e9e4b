//! The append-only audit log of applied commands: who (the author, who may not be the record's
//! subject), what, when (the server's time and the device's), from which device, and the change
//! it made.

use redb::{ReadableDatabase, Table};
use serde::{Deserialize, Serialize};
use shared::command::CommandEnvelope;
use shared::ids::{CommandId, DeviceId, EmployeeId};

use super::tables::*;
use super::{Store, StoreResult};

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

/// Appends the entry of an applied command.
pub(super) fn append(audit: &mut Table<'_, u64, AuditRow>, seq: u64, envelope: &CommandEnvelope, server_time_ms: i64, change_seq: u64) -> StoreResult<()> {
    let row = (
        envelope.command_id.as_u128(),
        envelope.command.record_id().as_u128(),
        envelope.author.as_u128(),
        envelope.device_id.as_u128(),
        envelope.device_seq,
        envelope.device_time_ms,
        server_time_ms,
        change_seq,
        envelope.command.name(),
    );
    audit.insert(seq, row)?;
    Ok(())
}

impl Store {
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
}
