//! The device side of sync: where each user's replica lives between visits (`store`), the lock
//! that lets one tab at a time change it or sync it (`lock`), and the engine that pushes and pulls
//! on its own and tells the screens how things stand (`engine`). The rules themselves are in
//! `shared::replica`, tested there without a browser.

pub mod engine;
mod lock;
mod store;

pub use engine::{Dictionary, Problem, SyncState};

/// The profile of whoever was last signed in on this device, if any (to open with no network).
pub async fn last_profile() -> Option<shared::api::Profile> {
    store::current_profile().await.ok().flatten()
}
