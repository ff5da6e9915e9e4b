//! What the device keeps besides the users' replicas: its own id, whoever is signed in on it (to
//! open with no network) and when each user last synced well.

use shared::api::Profile;
use shared::ids::{DeviceId, EmployeeId};
use web_sys::IdbTransactionMode;

use super::idb::{self, StoreError};
use super::persist::{META, schema};

const DEVICE_KEY: &str = "device";
const CURRENT_KEY: &str = "current";

async fn get_text(key: &str) -> Result<Option<String>, StoreError> {
    let txn = idb::transaction(schema(), &[META], IdbTransactionMode::Readonly).await?;
    idb::get(&txn.object_store(META)?, key).await
}

async fn put_text(key: &str, value: Option<&str>) -> Result<(), StoreError> {
    let txn = idb::transaction(schema(), &[META], IdbTransactionMode::Readwrite).await?;
    let meta = txn.object_store(META)?;
    match value {
        Some(value) => idb::put(&meta, key, value)?,
        None => idb::delete(&meta, key)?,
    }
    idb::committed(txn).await
}

/// This device's id, made on first use.
pub async fn device_id() -> Result<DeviceId, StoreError> {
    if let Some(id) = get_text(DEVICE_KEY).await?.and_then(|text| text.parse().ok()) {
        return Ok(DeviceId(id));
    }
    let id = DeviceId(crate::new_uuid());
    put_text(DEVICE_KEY, Some(&id.0.to_string())).await?;
    Ok(id)
}

/// Where a sign-out is remembered outside IndexedDB (see [`mark_signed_out`]).
const SIGNED_OUT_KEY: &str = "kompeten-signed-out";

/// Remembers in local storage that whoever was signed in here signed out (or, with `false`, that
/// someone is signed in again). Should IndexedDB refuse to forget the current profile, the next
/// person to open the app on a shared device still does not get the previous user's data.
fn mark_signed_out(signed_out: bool) {
    if let Some(storage) = crate::local_storage() {
        let _ = if signed_out { storage.set_item(SIGNED_OUT_KEY, "1") } else { storage.remove_item(SIGNED_OUT_KEY) };
    }
}

fn marked_signed_out() -> bool {
    crate::local_storage().is_some_and(|storage| storage.get_item(SIGNED_OUT_KEY).ok().flatten().is_some())
}

/// The profile of whoever is signed in on this device, for opening the app with no network;
/// nobody after a sign-out.
pub async fn current_profile() -> Result<Option<Profile>, StoreError> {
    if marked_signed_out() {
        return Ok(None);
    }
    match get_text(CURRENT_KEY).await? {
        Some(text) => Ok(Some(crate::json::from_str(&text)?)),
        None => Ok(None),
    }
}

/// Remembers (or, with `None`, forgets) who is signed in. Forgetting keeps their replica: an
/// outbox is never thrown away by signing out. A sign-out is marked in local storage first, and
/// the mark is cleared only once a new profile is stored (see [`mark_signed_out`]).
pub async fn set_current_profile(profile: Option<&Profile>) -> Result<(), StoreError> {
    let text = profile.map(serde_json::to_string).transpose()?;
    if profile.is_none() {
        mark_signed_out(true);
    }
    put_text(CURRENT_KEY, text.as_deref()).await?;
    if profile.is_some() {
        mark_signed_out(false);
    }
    Ok(())
}

/// When `employee` last synced well on this device (ms since the epoch), to show after a reload.
pub async fn last_sync(employee: EmployeeId) -> Result<Option<u64>, StoreError> {
    Ok(get_text(&last_sync_key(employee)).await?.and_then(|text| text.parse().ok()))
}

pub async fn set_last_sync(employee: EmployeeId, ms: u64) -> Result<(), StoreError> {
    put_text(&last_sync_key(employee), Some(&ms.to_string())).await
}

pub fn last_sync_key(employee: EmployeeId) -> String {
    format!("last-sync:{employee}")
}
