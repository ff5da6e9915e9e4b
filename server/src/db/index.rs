//! The unique keys of every record kind, in one table: (kind, subject, key) → record id. A kind
//! says which keys its records hold (`KindRecord::unique_keys`); a command that would take a key
//! another record holds is refused by the kind's rule, which asks [`holder`].

use redb::{ReadableTable, Table};
use shared::command::IndexKey;
use shared::kinds::{Record, RecordId};

use super::StoreResult;

type UniqueTable<'txn> = Table<'txn, (u8, u128, &'static str), u128>;

/// The record that holds `key`, if any.
pub(super) fn holder(unique: &UniqueTable<'_>, key: &IndexKey) -> StoreResult<Option<RecordId>> {
    Ok(unique.get((key.kind.number(), key.subject.as_u128(), key.key.as_str()))?.map(|v| uuid::Uuid::from_u128(v.value())))
}

/// Moves the keys from a record's old state to its new one (either may be absent: created,
/// removed). A change that keeps the keys (most do: a status change) writes nothing.
pub(super) fn reindex(unique: &mut UniqueTable<'_>, old: Option<&Record>, new: Option<&Record>) -> StoreResult<()> {
    if let (Some(old), Some(new)) = (old, new)
        && old.same_keys(new)
    {
        return Ok(());
    }
    if let Some(old) = old {
        let id = old.id().as_u128();
        for key in old.unique_keys() {
            let stored = (key.kind.number(), key.subject.as_u128(), key.key.as_str());
            // Only the record's own entry (a key is held by one record at a time).
            if unique.get(stored)?.is_some_and(|holder| holder.value() == id) {
                unique.remove(stored)?;
            }
        }
    }
    if let Some(new) = new {
        for key in new.unique_keys() {
            unique.insert((key.kind.number(), key.subject.as_u128(), key.key.as_str()), new.id().as_u128())?;
        }
    }
    Ok(())
}
