//! Reading JSON, from the server and from the device's store, with every struct read as a map
//! ([`shared::maps_only`]): the array readers serde would keep for each struct stay out of the
//! bundle. The app's one way to read JSON.

use serde::de::DeserializeOwned;

/// `crate::json::from_str`, structs as maps only.
pub fn from_str<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = shared::maps_only::deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}
