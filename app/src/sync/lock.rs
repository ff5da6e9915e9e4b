//! Locks by name: one task at a time, across the tabs of this browser, changes a user's stored
//! replica or syncs it. Web Locks do this across tabs; where the browser has none (older Safari,
//! or a plain-HTTP origin other than localhost) or refuses a request, a lock of the same name
//! inside this tab still serialises this tab's own work, and one tab is then the safe way to work.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use futures::lock::Mutex;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["navigator", "locks"], js_name = request, catch)]
    fn request_lock(name: &str, options: &Object, callback: &Closure<dyn FnMut(JsValue) -> Promise>) -> Result<Promise, JsValue>;
}

thread_local! {
    static IN_TAB: RefCell<HashMap<String, Rc<Mutex<()>>>> = RefCell::new(HashMap::new());
}

fn in_tab(name: &str) -> Rc<Mutex<()>> {
    IN_TAB.with(|locks| locks.borrow_mut().entry(name.to_owned()).or_default().clone())
}

fn locks_available() -> bool {
    let navigator = web_sys::window().map(|w| JsValue::from(w.navigator()));
    navigator.is_some_and(|navigator| Reflect::get(&navigator, &"locks".into()).is_ok_and(|locks| !locks.is_undefined()))
}

/// Runs `work` holding the lock `name`, waiting for it if another tab (or task) holds it.
pub async fn exclusive<T: 'static>(name: &str, work: impl Future<Output = T> + 'static) -> T {
    let (result, work) = boxed(work);
    run(name, false, work).await;
    result.take().expect("a waited-for lock is always granted")
}

/// Runs `work` holding the lock `name` if nobody holds it now; `None` (and nothing runs) if
/// somebody does.
pub async fn if_free<T: 'static>(name: &str, work: impl Future<Output = T> + 'static) -> Option<T> {
    let (result, work) = boxed(work);
    run(name, true, work).await;
    result.take()
}

/// The work as one boxed type, and where its value lands: the locking below is compiled once,
/// not once per kind of work.
fn boxed<T: 'static>(work: impl Future<Output = T> + 'static) -> (Rc<RefCell<Option<T>>>, Work) {
    let result = Rc::new(RefCell::new(None));
    let slot = result.clone();
    (result, Box::pin(async move { *slot.borrow_mut() = Some(work.await) }))
}

type Work = Pin<Box<dyn Future<Output = ()>>>;

/// Runs `work` under the lock (or not at all, if `if_available` and the lock is held).
async fn run(name: &str, if_available: bool, work: Work) {
    // The tab's own lock first, so the tab's tasks queue here whatever the browser offers.
    let local = in_tab(name);
    let _held = if if_available {
        match local.try_lock() {
            Some(guard) => guard,
            None => return,
        }
    } else {
        local.lock().await
    };
    if !locks_available() {
        return work.await;
    }
    let work = Rc::new(RefCell::new(Some(work)));
    let pending = work.clone();
    let callback = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |lock: JsValue| {
        let work = pending.borrow_mut().take();
        future_to_promise(async move {
            // `null` means the lock was not free and `ifAvailable` was asked for.
            if let (false, Some(work)) = (lock.is_null(), work) {
                work.await;
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::from_bool(if_available));
    // The promise settles once the callback's promise has (the lock is released then). If the
    // browser refuses the request before running the work, the work runs under the tab's lock.
    let granted = match request_lock(name, &options, &callback) {
        Ok(promise) => JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    };
    let not_run = work.borrow_mut().take();
    if let (false, Some(work)) = (granted, not_run) {
        work.await;
    }
}
