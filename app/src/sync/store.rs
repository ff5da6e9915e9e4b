//! IndexedDB: each user's replica (records, outbox, refused commands, reference data) as one value,
//! so a change and its outbox entry are written in one transaction, and a revision number beside
//! it, so a tab can tell cheaply whether another tab changed it since. Also this device's id and
//! the profile of whoever last signed in (to open the app with no network).

use std::cell::RefCell;
use std::rc::Rc;

use rexie::{ObjectStore, Rexie, TransactionMode};
use shared::api::Profile;
use shared::ids::{DeviceId, EmployeeId};
use shared::replica::Replica;
use wasm_bindgen::JsValue;

const DATABASE: &str = "kompeten";
const REPLICAS: &str = "replicas";
const META: &str = "meta";
const DEVICE_KEY: &str = "device";
const CURRENT_KEY: &str = "current";

/// Storage failed: the browser refused IndexedDB (private mode, quota) or a value did not decode.
#[derive(Clone, Debug, PartialEq)]
pub struct StoreError(pub String);

impl From<rexie::Error> for StoreError {
    fn from(error: rexie::Error) -> Self {
        StoreError(error.to_string())
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError(error.to_string())
    }
}

thread_local! {
    static OPEN: RefCell<Option<Rc<Rexie>>> = const { RefCell::new(None) };
}

async fn database() -> Result<Rc<Rexie>, StoreError> {
    if let Some(open) = OPEN.with(|open| open.borrow().clone()) {
        return Ok(open);
    }
    let rexie = Rexie::builder(DATABASE)
        .version(1)
        .add_object_store(ObjectStore::new(REPLICAS))
        .add_object_store(ObjectStore::new(META))
        .build()
        .await?;
    let rexie = Rc::new(rexie);
    OPEN.with(|open| *open.borrow_mut() = Some(rexie.clone()));
    Ok(rexie)
}

fn revision_key(employee: EmployeeId) -> JsValue {
    JsValue::from_str(&format!("revision:{employee}"))
}

async fn get_text(store: &str, key: JsValue) -> Result<Option<String>, StoreError> {
    let db = database().await?;
    let txn = db.transaction(&[store], TransactionMode::ReadOnly)?;
    let value = txn.store(store)?.get(key).await?;
    Ok(value.and_then(|v| v.as_string()))
}

/// The revision of `employee`'s stored replica (0 if none): it goes up with every save.
pub async fn revision(employee: EmployeeId) -> Result<u64, StoreError> {
    Ok(get_text(META, revision_key(employee)).await?.and_then(|text| text.parse().ok()).unwrap_or(0))
}

/// `employee`'s stored replica and its revision.
pub async fn load(employee: EmployeeId) -> Result<Option<(u64, Replica)>, StoreError> {
    let db = database().await?;
    let txn = db.transaction(&[REPLICAS, META], TransactionMode::ReadOnly)?;
    let replica = txn.store(REPLICAS)?.get(JsValue::from_str(&employee.to_string())).await?;
    let revision = txn.store(META)?.get(revision_key(employee)).await?;
    let Some(text) = replica.and_then(|v| v.as_string()) else { return Ok(None) };
    let revision = revision.and_then(|v| v.as_string()).and_then(|t| t.parse().ok()).unwrap_or(0);
    Ok(Some((revision, serde_json::from_str(&text)?)))
}

/// Saves the replica as revision `expected + 1`, both in one transaction, if the stored revision
/// is still `expected` (compare and swap: IndexedDB runs overlapping write transactions one after
/// the other, so two tabs can never both save over the same revision, Web Locks or not).
pub async fn save(replica: &Replica, expected: u64) -> Result<Saved, StoreError> {
    let text = serde_json::to_string(replica)?;
    let db = database().await?;
    let txn = db.transaction(&[REPLICAS, META], TransactionMode::ReadWrite)?;
    let employee = replica.actor.id;
    let meta = txn.store(META)?;
    let stored = meta.get(revision_key(employee)).await?.and_then(|v| v.as_string()).and_then(|t| t.parse().ok()).unwrap_or(0);
    if stored != expected {
        txn.abort().await?;
        return Ok(Saved::Moved);
    }
    txn.store(REPLICAS)?.put(&JsValue::from_str(&text), Some(&JsValue::from_str(&employee.to_string()))).await?;
    meta.put(&JsValue::from_str(&(expected + 1).to_string()), Some(&revision_key(employee))).await?;
    committed(txn).await?;
    Ok(Saved::As(expected + 1))
}

/// What became of a save.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Saved {
    /// Stored as this revision.
    As(u64),
    /// Another tab saved first: nothing was written; start again from what it stored.
    Moved,
}

/// This device's id, made on first use.
pub async fn device_id() -> Result<DeviceId, StoreError> {
    if let Some(id) = get_text(META, DEVICE_KEY.into()).await?.and_then(|text| text.parse().ok()) {
        return Ok(DeviceId(id));
    }
    let id = DeviceId(crate::random_uuid());
    put_text(META, DEVICE_KEY, Some(&id.0.to_string())).await?;
    Ok(id)
}

/// The profile of whoever is signed in on this device, for opening the app with no network.
pub async fn current_profile() -> Result<Option<Profile>, StoreError> {
    match get_text(META, CURRENT_KEY.into()).await? {
        Some(text) => Ok(Some(serde_json::from_str(&text)?)),
        None => Ok(None),
    }
}

/// Remembers (or, with `None`, forgets) who is signed in. Forgetting keeps their replica: an
/// outbox is never thrown away by signing out.
pub async fn set_current_profile(profile: Option<&Profile>) -> Result<(), StoreError> {
    let text = profile.map(serde_json::to_string).transpose()?;
    put_text(META, CURRENT_KEY, text.as_deref()).await
}

async fn put_text(store: &str, key: &str, value: Option<&str>) -> Result<(), StoreError> {
    let db = database().await?;
    let txn = db.transaction(&[store], TransactionMode::ReadWrite)?;
    let objects = txn.store(store)?;
    match value {
        Some(value) => {
            objects.put(&JsValue::from_str(value), Some(&JsValue::from_str(key))).await?;
        }
        None => objects.delete(JsValue::from_str(key)).await?,
    }
    committed(txn).await
}

/// When `employee` last synced well on this device (ms since the epoch), to show after a reload.
pub async fn last_sync(employee: EmployeeId) -> Result<Option<u64>, StoreError> {
    Ok(get_text(META, JsValue::from_str(&format!("last-sync:{employee}"))).await?.and_then(|text| text.parse().ok()))
}

pub async fn set_last_sync(employee: EmployeeId, ms: u64) -> Result<(), StoreError> {
    put_text(META, &format!("last-sync:{employee}"), Some(&ms.to_string())).await
}

/// Waits for a write transaction to end; an abort (a full disk, say) is an error, not a success.
async fn committed(txn: rexie::Transaction) -> Result<(), StoreError> {
    if txn.done().await?.is_committed() { Ok(()) } else { Err(StoreError("IndexedDB transaction aborted".into())) }
}
