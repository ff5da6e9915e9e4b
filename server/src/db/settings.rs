//! The agency's settings: the policy the rules use (`shared::command::Policy`), stored as JSON,
//! read by every push and sent to devices with the reference data; HR edits it, audited.

use redb::{ReadableDatabase, ReadableTable};
use shared::api::{AdminAction, AuditSubject};
use shared::command::Policy;
use shared::ids::EmployeeId;

use super::admin_audit::{self, AdminChange, snapshot};
use super::codec::{decode, encode};
use super::org::bump_reference_version;
use super::tables::*;
use super::{Store, StoreResult};

/// The key of the policy in [`SETTING_TO_VALUE`].
const POLICY: &str = "policy";

impl Store {
    /// The agency's policy: as HR last set it, or the defaults.
    pub fn policy(&self) -> StoreResult<Policy> {
        let txn = self.db.begin_read()?;
        policy_in(&txn)
    }

    /// Stores `policy` (checked by the caller), audited as made by `author`; devices get it at
    /// their next pull. `false` if it is the one stored already.
    pub fn set_policy(&self, author: Option<EmployeeId>, policy: &Policy) -> StoreResult<bool> {
        let txn = self.db.begin_write()?;
        let before = {
            let table = txn.open_table(SETTING_TO_VALUE)?;
            table.get(POLICY)?.map(|v| decode::<Policy>(v.value())).transpose()?.unwrap_or_default()
        };
        if before == *policy {
            return Ok(false);
        }
        txn.open_table(SETTING_TO_VALUE)?.insert(POLICY, encode(policy)?.as_slice())?;
        let change = AdminChange {
            action: AdminAction::PolicyChanged,
            subject: AuditSubject::Agency,
            key: POLICY.to_owned(),
            name: String::new(),
            before: snapshot(&before),
            after: snapshot(policy),
        };
        admin_audit::append(&txn, author, [change])?;
        bump_reference_version(&txn)?;
        txn.commit()?;
        Ok(true)
    }
}

/// The policy as of `txn`.
pub(super) fn policy_in(txn: &redb::ReadTransaction) -> StoreResult<Policy> {
    let table = txn.open_table(SETTING_TO_VALUE)?;
    Ok(table.get(POLICY)?.map(|v| decode::<Policy>(v.value())).transpose()?.unwrap_or_default())
}
