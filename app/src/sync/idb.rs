//! IndexedDB through `web-sys`, with the few operations the device's store needs: open the
//! database (creating its object stores), transactions, requests as futures, and reads of key
//! ranges in chunks. Written here rather than with a wrapper crate: the crates cost 11 kB of the
//! compressed first load (measured), for far more than is used.

use std::cell::RefCell;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbKeyRange, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

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

const DATABASE: &str = "kompeten";

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
pub fn request(request: IdbRequest) -> impl Future<Output = Result<JsValue, StoreError>> + use<> {
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

/// The database, opened (and its object stores created or completed) at `version` on first use.
/// `stores` lists every store the version has; the upgrade creates those missing.
async fn database(version: u32, stores: &'static [&'static str]) -> Result<IdbDatabase, StoreError> {
    if let Some(open) = OPEN.with(|open| open.borrow().clone()) {
        return Ok(open);
    }
    let factory = web_sys::window()
        .and_then(|window| window.indexed_db().ok().flatten())
        .ok_or_else(|| StoreError("IndexedDB is not available".to_owned()))?;
    let opening = factory.open_with_u32(DATABASE, version)?;
    // Creating the stores is the one step that needs Rust code in a handler; it runs at most once.
    let upgrade = wasm_bindgen::closure::Closure::once_into_js({
        let opening = opening.clone();
        move || {
            if let Ok(db) = opening.result().map(JsCast::unchecked_into::<IdbDatabase>) {
                for name in stores {
                    if !db.object_store_names().contains(name) {
                        let _ = db.create_object_store(name);
                    }
                }
            }
        }
    });
    opening.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    // Another tab holding an older version open would keep this opening waiting for ever: it
    // fails instead, and is tried again later (that tab lets go when it hears of the upgrade).
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

/// The database's version and stores (see `persist.rs`), set once at start.
pub struct Schema {
    pub version: u32,
    pub stores: &'static [&'static str],
}

/// A transaction over `names`, on a connection opened again if the one kept was closed.
pub async fn transaction(schema: &Schema, names: &[&str], mode: IdbTransactionMode) -> Result<IdbTransaction, StoreError> {
    let list: Array = names.iter().map(|name| JsValue::from_str(name)).collect();
    if let Ok(txn) = database(schema.version, schema.stores).await?.transaction_with_str_sequence_and_mode(&list, mode) {
        return Ok(txn);
    }
    OPEN.with(|open| *open.borrow_mut() = None);
    Ok(database(schema.version, schema.stores).await?.transaction_with_str_sequence_and_mode(&list, mode)?)
}

/// Waits for a write transaction to end; an abort (a full disk, say) is an error, not a success.
pub async fn committed(txn: IdbTransaction) -> Result<(), StoreError> {
    settled(|resolve, reject| {
        txn.set_oncomplete(Some(resolve));
        txn.set_onabort(Some(reject));
    })
    .await
    .map(drop)
    .map_err(|_| StoreError(txn.error().map(|error| error.message()).unwrap_or_else(|| "IndexedDB transaction aborted".to_owned())))
}

/// The text stored under `key`, if any.
pub async fn get(store: &IdbObjectStore, key: &str) -> Result<Option<String>, StoreError> {
    Ok(request(store.get(&JsValue::from_str(key))?).await?.as_string())
}

/// [`get`], with the request made at once.
pub fn get_now(store: &IdbObjectStore, key: &str) -> Result<impl Future<Output = Result<Option<String>, StoreError>> + use<>, StoreError> {
    let pending = request(store.get(&JsValue::from_str(key))?);
    Ok(async move { Ok(pending.await?.as_string()) })
}

/// Keys from `lower` (exclusive when `open`) to `upper` (exclusive).
pub fn range(lower: &str, open: bool, upper: &str) -> Result<IdbKeyRange, StoreError> {
    Ok(IdbKeyRange::bound_with_lower_open_and_upper_open(&lower.into(), &upper.into(), open, true)?)
}

/// Up to `count` texts of a key range, with their keys, in key order. The requests are made at
/// once (the result may be awaited after other requests of the transaction).
pub fn read_range(store: &IdbObjectStore, range: &IdbKeyRange, count: u32) -> Result<impl Future<Output = Result<Vec<(String, String)>, StoreError>> + use<>, StoreError> {
    // Both asked for before either is awaited: one snapshot of the range.
    let keys = request(store.get_all_keys_with_key_and_limit(range, count)?);
    let values = request(store.get_all_with_key_and_limit(range, count)?);
    Ok(async move {
        let keys: Array = keys.await?.unchecked_into();
        let values: Array = values.await?.unchecked_into();
        Ok(keys.iter().zip(values.iter()).filter_map(|(key, value)| Some((key.as_string()?, value.as_string()?))).collect())
    })
}

/// Every text of a key range (the small stores: outbox, refused commands, people; a user's own
/// records). The request is made at once.
pub fn read_all(store: &IdbObjectStore, range: &IdbKeyRange) -> Result<impl Future<Output = Result<Vec<String>, StoreError>> + use<>, StoreError> {
    let values = request(store.get_all_with_key(range)?);
    Ok(async move {
        let values: Array = values.await?.unchecked_into();
        Ok(values.iter().filter_map(|value| value.as_string()).collect())
    })
}

pub fn put(store: &IdbObjectStore, key: &str, text: &str) -> Result<(), StoreError> {
    store.put_with_key(&JsValue::from_str(text), &JsValue::from_str(key))?;
    Ok(())
}

pub fn delete(store: &IdbObjectStore, key: &str) -> Result<(), StoreError> {
    store.delete(&JsValue::from_str(key))?;
    Ok(())
}

pub fn delete_range(store: &IdbObjectStore, range: &IdbKeyRange) -> Result<(), StoreError> {
    store.delete(range)?;
    Ok(())
}

/// Lets the page's other work (a tap, a paint) go first, between chunks of a long read.
pub async fn yield_now() {
    let _ = JsFuture::from(Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    }))
    .await;
}
