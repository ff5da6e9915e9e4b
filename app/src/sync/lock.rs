//! Web Locks: one tab at a time changes a user's stored replica or syncs it. Where the browser has
//! no Web Locks (an insecure origin), the work simply runs: one tab is then the safe way to work.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["navigator", "locks"], js_name = request)]
    fn request_lock(name: &str, options: &Object, callback: &Closure<dyn FnMut(JsValue) -> Promise>) -> Promise;
}

fn locks_available() -> bool {
    let navigator = web_sys::window().map(|w| JsValue::from(w.navigator()));
    navigator.is_some_and(|navigator| Reflect::get(&navigator, &"locks".into()).is_ok_and(|locks| !locks.is_undefined()))
}

/// Runs `work` holding the lock `name`, waiting for it if another tab (or task) holds it.
pub async fn exclusive<T: 'static>(name: &str, work: impl Future<Output = T> + 'static) -> T {
    run(name, false, work).await.expect("a waited-for lock is always granted")
}

/// Runs `work` holding the lock `name` if nobody holds it now; `None` (and nothing runs) if
/// somebody does.
pub async fn if_free<T: 'static>(name: &str, work: impl Future<Output = T> + 'static) -> Option<T> {
    run(name, true, work).await
}

async fn run<T: 'static>(name: &str, if_available: bool, work: impl Future<Output = T> + 'static) -> Option<T> {
    if !locks_available() {
        return Some(work.await);
    }
    let result = Rc::new(RefCell::new(None));
    let slot = result.clone();
    let mut work = Some(work);
    let callback = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |lock: JsValue| {
        let work = work.take();
        let slot = slot.clone();
        future_to_promise(async move {
            // `null` means the lock was not free and `ifAvailable` was asked for.
            if let (false, Some(work)) = (lock.is_null(), work) {
                *slot.borrow_mut() = Some(work.await);
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::from_bool(if_available));
    // The promise settles once the callback's promise has (the lock is released then).
    let _ = JsFuture::from(request_lock(name, &options, &callback)).await;
    result.take()
}
