//! Converting the first release's one-value replica (`shared::sync::legacy`) into the keys this
//! release stores. In a chunk of its own, fetched only by a device that still holds such a value
//! (once, right after the update): nobody else downloads its code.

use leptos::wasm_split::{SplitLoaderError, wasm_split};
use shared::sync::legacy::LegacyReplica;

use super::idb::StoreError;
use super::persist::{self, Prepared};

impl From<SplitLoaderError> for StoreError {
    fn from(_: SplitLoaderError) -> Self {
        StoreError("the update is not complete yet: connect to the internet once, then open the app again".to_owned())
    }
}

/// The writes that store the replica `text` holds, whole.
#[wasm_split(legacy, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn convert(text: String) -> Result<Prepared, StoreError> {
    let replica = crate::json::from_str::<LegacyReplica>(&text)?.into_replica();
    persist::prepare(&replica, &replica.all_changes())
}
