//! The audit trail of administrative changes: every unit, position and employee an import adds
//! or changes, every account made, password reset or changed, HR right granted or revoked,
//! appraiser named, move, and leaving or returning to service, with who did it, when, and the
//! value before and after (never a password or its hash). Written
//! in the transaction of the change itself; read by HR, filtered, a page at a time or whole (for
//! the CSV export).

use redb::{ReadableDatabase, ReadableTable, WriteTransaction};
use serde::Serialize;
use shared::api::{AdminAction, AdminAuditEntry, AdminAuditPage, AuditSubject};
use shared::domain::Employee;
use shared::ids::EmployeeId;

use super::codec::{decode, encode};
use super::tables::*;
use super::{Store, StoreResult};

/// One change to write down.
#[derive(Clone, Debug)]
pub(super) struct AdminChange {
    pub action: AdminAction,
    pub subject: AuditSubject,
    pub key: String,
    pub name: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// `value` as the trail shows it: its stored JSON.
pub(super) fn snapshot<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}

/// Appends `changes`, made by `author` (`None`: the server's command line), inside `txn`.
pub(super) fn append(txn: &WriteTransaction, author: Option<EmployeeId>, changes: impl IntoIterator<Item = AdminChange>) -> StoreResult<usize> {
    let (author_nip, author_name) = match author {
        Some(id) => match txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?.get(id.as_u128())? {
            Some(value) => {
                let employee: Employee = decode(value.value())?;
                (employee.nip.as_str().to_owned(), employee.name)
            }
            None => (String::new(), String::new()),
        },
        None => (String::new(), String::new()),
    };
    let at_ms = crate::auth::unix_now_ms();
    let mut meta = txn.open_table(META)?;
    let mut seq = meta.get(LAST_ADMIN_AUDIT_SEQ_KEY)?.map_or(0, |v| v.value());
    let mut trail = txn.open_table(ADMIN_AUDIT_SEQ_TO_ENTRY)?;
    let mut written = 0;
    for change in changes {
        seq += 1;
        let AdminChange { action, subject, key, name, before, after } = change;
        // Stored as the wire entry (its sequence number is its key too).
        let entry = AdminAuditEntry { seq, at_ms, author, author_nip: author_nip.clone(), author_name: author_name.clone(), action, subject, key, name, before, after };
        trail.insert(seq, encode(&entry)?.as_slice())?;
        written += 1;
    }
    meta.insert(LAST_ADMIN_AUDIT_SEQ_KEY, seq)?;
    Ok(written)
}

/// Which entries HR asks for: about or by a person (a NIP, spaces ignored), about a record (a
/// unit or position code, or a NIP), within dates (Unix milliseconds, `to` exclusive).
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub person: Option<String>,
    pub record: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

impl AuditFilter {
    fn matches(&self, entry: &AdminAuditEntry) -> bool {
        let person = self.person.as_ref().is_none_or(|nip| entry.author_nip == *nip || (entry.subject == AuditSubject::Employee && entry.key == *nip));
        let record = self.record.as_ref().is_none_or(|key| entry.key.eq_ignore_ascii_case(key));
        let from = self.from_ms.is_none_or(|from| entry.at_ms >= from);
        let to = self.to_ms.is_none_or(|to| entry.at_ms < to);
        person && record && from && to
    }
}

impl Store {
    /// The newest `limit` entries that match, older than `before` (from the newest if `None`).
    pub fn admin_audit(&self, filter: &AuditFilter, before: Option<u64>, limit: usize) -> StoreResult<AdminAuditPage> {
        let txn = self.db.begin_read()?;
        let trail = txn.open_table(ADMIN_AUDIT_SEQ_TO_ENTRY)?;
        let mut entries = Vec::new();
        let mut next = None;
        for row in trail.range(..before.unwrap_or(u64::MAX))?.rev() {
            let entry: AdminAuditEntry = decode(row?.1.value())?;
            if !filter.matches(&entry) {
                continue;
            }
            if entries.len() == limit {
                next = entries.last().map(|e: &AdminAuditEntry| e.seq);
                break;
            }
            entries.push(entry);
        }
        Ok(AdminAuditPage { entries, next })
    }
}
