//! The device side of sync: each user's replica in IndexedDB, one value per key (`persist`, over
//! the IndexedDB primitives of `idb`), what the device keeps besides (`device`), the lock that lets
//! one tab at a time change a replica or sync it (`lock`), the conversion of the first release's
//! stored form (`legacy`, loaded on demand), and the engine the screens read
//! (`state`), which opens replicas (`opening`), makes changes (`changes`), syncs by itself
//! (`schedule`) and follows other tabs (`tabs`). The rules themselves are in `shared::sync`,
//! tested there without a browser.

mod changes;
mod device;
mod idb;
mod legacy;
mod lock;
mod opening;
mod persist;
mod schedule;
mod state;
mod tabs;

pub use changes::Edited;
pub use idb::StoreError;
pub use state::{ChangeError, Dictionary, Problem, SyncState};

/// The profile of whoever was last signed in on this device, if any (to open with no network).
pub async fn last_profile() -> Option<shared::api::Profile> {
    device::current_profile().await.ok().flatten()
}
