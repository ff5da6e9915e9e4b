//! IndexedDB: each user's replica (records, outbox, refused commands, reference data) as one value,
//! so a change and its outbox entry are written in one transaction, and a revision number beside
//! it, so a tab can tell cheaply whether another tab changed it since. Also this device's id and
//! the profile of whoever last signed in (to open the app with no network).

use std::cell::RefCell;

use js_sys::{Array, Function, Promise, Reflect};
use shared::api::Profile;
use shared::ids::{DeviceId, EmployeeId};
use shared::replica::Replica;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

const DATABASE: &str = "kompeten";
const REPLICAS: &str = "replicas";
const META: &str = "meta";
const DEVICE_KEY: &str = "device";
const CURRENT_KEY: &str = "current";

/// Storage failed: the browser refused IndexedDB (private mode, quota) or a value did not decode.
#[derive(Clone, Debug, PartialEq)]
pub struct StoreError(pub String);

impl From<JsValue> for StoreError {
    fn from(error: JsValue) -> Self {
        let message = match error.dyn_ref::<js_sys::Error>() {
            Some(error) => String::from(error.message()),
            None => error.as_string().unwrap_or_else(|| "IndexedDB".to_owned()),
        };
        StoreError(message)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(error: serde_json::Error) -> Self {
        StoreError(error.to_string())
    }
}

thread_local! {
    static OPEN: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

/// A promise settled by an IndexedDB object's events: `resolve` and `reject` are the handlers
/// themselves, so no Rust closure is kept alive. Awaiting it resumes in a microtask, while the
/// transaction is still active, so a transaction can go on after an awaited request.
fn settled(handlers: impl FnOnce(&Function, &Function)) -> JsFuture {
    let mut handlers = Some(handlers);
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        if let Some(handlers) = handlers.take() {
            handlers(&resolve, &reject);
        }
    }))
}

/// The result of a request, or its error (a `DOMException`: quota, a constraint, …). The
/// request's handlers are set at once, not when the future is first awaited, so no event can
/// come before them.
fn request(request: IdbRequest) -> impl std::future::Future<Output = Result<JsValue, StoreError>> {
    let outcome = settled(|resolve, reject| {
        request.set_onsuccess(Some(resolve));
        request.set_onerror(Some(reject));
    });
    async move {
        match outcome.await {
            Ok(_) => Ok(request.result()?),
            Err(event) => Err(match request.error() {
                Ok(Some(error)) => StoreError(error.message()),
                _ => StoreError::from(event),
            }),
        }
    }
}

async fn database() -> Result<IdbDatabase, StoreError> {
    if let Some(open) = OPEN.with(|open| open.borrow().clone()) {
        return Ok(open);
    }
    let factory = web_sys::window()
        .and_then(|window| window.indexed_db().ok().flatten())
        .ok_or_else(|| StoreError("IndexedDB is not available".to_owned()))?;
    let opening = factory.open_with_u32(DATABASE, 1)?;
    // Creating the stores is the one step that needs Rust code in a handler; it runs at most once.
    let upgrade = wasm_bindgen::closure::Closure::once_into_js({
        let opening = opening.clone();
        move || {
            if let Ok(db) = opening.result().map(JsCast::unchecked_into::<IdbDatabase>) {
                for name in [REPLICAS, META] {
                    if !db.object_store_names().contains(name) {
                        let _ = db.create_object_store(name);
                    }
                }
            }
        }
    });
    opening.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    // Another tab holding an older version open (a later release, with a new schema, in this
    // one) would keep this opening waiting for ever: it fails instead, and is tried again later.
    let opened = settled(|resolve, reject| {
        opening.set_onsuccess(Some(resolve));
        opening.set_onerror(Some(reject));
        opening.set_onblocked(Some(reject));
    })
    .await;
    if opened.is_err() {
        return Err(match opening.error() {
            Ok(Some(error)) => StoreError(error.message()),
            _ => StoreError("IndexedDB is in use by an older version of the app in another tab".to_owned()),
        });
    }
    let db: IdbDatabase = opening.result()?.unchecked_into();
    // And the other way round: when a newer release in another tab asks for a new version, this
    // tab lets go of the database (`transaction` then opens it again when next needed).
    if let Ok(close) = Reflect::get(&db, &"close".into()).map(JsCast::unchecked_into::<Function>) {
        db.set_onversionchange(Some(&close.bind0(&db)));
    }
    OPEN.with(|open| *open.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// A transaction over `stores`, on a connection opened again if the one kept was closed.
async fn transaction(stores: &[&str], mode: IdbTransactionMode) -> Result<IdbTransaction, StoreError> {
    let names: Array = stores.iter().map(|name| JsValue::from_str(name)).collect();
    if let Ok(txn) = database().await?.transaction_with_str_sequence_and_mode(&names, mode) {
        return Ok(txn);
    }
    OPEN.with(|open| *open.borrow_mut() = None);
    Ok(database().await?.transaction_with_str_sequence_and_mode(&names, mode)?)
}

async fn get(store: &IdbObjectStore, key: &JsValue) -> Result<Option<String>, StoreError> {
    Ok(request(store.get(key)?).await?.as_string())
}

/// Waits for a write transaction to end; an abort (a full disk, say) is an error, not a success.
async fn committed(txn: IdbTransaction) -> Result<(), StoreError> {
    settled(|resolve, reject| {
        txn.set_oncomplete(Some(resolve));
        txn.set_onabort(Some(reject));
    })
    .await
    .map(drop)
    .map_err(|_| StoreError(txn.error().map(|error| error.message()).unwrap_or_else(|| "IndexedDB transaction aborted".to_owned())))
}

/// A stored revision as text; 0 when there is none.
fn revision_from(text: Option<String>) -> u64 {
    text.and_then(|text| text.parse().ok()).unwrap_or(0)
}

fn revision_key(employee: EmployeeId) -> JsValue {
    JsValue::from_str(&format!("revision:{employee}"))
}

async fn get_text(store: &str, key: JsValue) -> Result<Option<String>, StoreError> {
    let txn = transaction(&[store], IdbTransactionMode::Readonly).await?;
    get(&txn.object_store(store)?, &key).await
}

/// The revision of `employee`'s stored replica (0 if none): it goes up with every save.
pub async fn revision(employee: EmployeeId) -> Result<u64, StoreError> {
    Ok(revision_from(get_text(META, revision_key(employee)).await?))
}

/// `employee`'s stored replica and its revision.
pub async fn load(employee: EmployeeId) -> Result<Option<(u64, Replica)>, StoreError> {
    let txn = transaction(&[REPLICAS, META], IdbTransactionMode::Readonly).await?;
    // Both asked for before either is awaited: one snapshot, and nothing left to the transaction
    // staying active between them.
    let replica = txn.object_store(REPLICAS)?.get(&JsValue::from_str(&employee.to_string()))?;
    let revision = txn.object_store(META)?.get(&revision_key(employee))?;
    let Some(text) = request(replica).await?.as_string() else { return Ok(None) };
    let revision = revision_from(request(revision).await?.as_string());
    Ok(Some((revision, serde_json::from_str(&text)?)))
}

/// Saves the replica as revision `expected + 1`, both in one transaction, if the stored revision
/// is still `expected` (compare and swap: IndexedDB runs overlapping write transactions one after
/// the other, so two tabs can never both save over the same revision, Web Locks or not).
pub async fn save(replica: &Replica, expected: u64) -> Result<Saved, StoreError> {
    let text = serde_json::to_string(replica)?;
    let txn = transaction(&[REPLICAS, META], IdbTransactionMode::Readwrite).await?;
    let employee = replica.actor.id;
    let meta = txn.object_store(META)?;
    let stored = revision_from(get(&meta, &revision_key(employee)).await?);
    if stored != expected {
        txn.abort()?;
        return Ok(Saved::Moved);
    }
    let written = txn
        .object_store(REPLICAS)
        .and_then(|replicas| replicas.put_with_key(&JsValue::from_str(&text), &JsValue::from_str(&employee.to_string())))
        .and_then(|_| meta.put_with_key(&JsValue::from_str(&(expected + 1).to_string()), &revision_key(employee)));
    if let Err(error) = written {
        // Never the replica without its revision, or the other way round.
        let _ = txn.abort();
        return Err(error.into());
    }
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
    let id = DeviceId(crate::new_uuid());
    put_text(META, DEVICE_KEY, Some(&id.0.to_string())).await?;
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
    match get_text(META, CURRENT_KEY.into()).await? {
        Some(text) => Ok(Some(serde_json::from_str(&text)?)),
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
    put_text(META, CURRENT_KEY, text.as_deref()).await?;
    if profile.is_some() {
        mark_signed_out(false);
    }
    Ok(())
}

async fn put_text(store: &str, key: &str, value: Option<&str>) -> Result<(), StoreError> {
    let txn = transaction(&[store], IdbTransactionMode::Readwrite).await?;
    let objects = txn.object_store(store)?;
    match value {
        Some(value) => objects.put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))?,
        None => objects.delete(&JsValue::from_str(key))?,
    };
    committed(txn).await
}

/// When `employee` last synced well on this device (ms since the epoch), to show after a reload.
pub async fn last_sync(employee: EmployeeId) -> Result<Option<u64>, StoreError> {
    Ok(get_text(META, JsValue::from_str(&format!("last-sync:{employee}"))).await?.and_then(|text| text.parse().ok()))
}

pub async fn set_last_sync(employee: EmployeeId, ms: u64) -> Result<(), StoreError> {
    put_text(META, &format!("last-sync:{employee}"), Some(&ms.to_string())).await
}
