//! Kompeten's shared core: the domain types, the pure rules that decide things about them, and the
//! messages that cross the wire between the browser app and the server.
//!
//! This crate does no I/O and depends on no web framework, database or async runtime, so the very
//! same code runs on the server (where its answer is authoritative) and in the browser (where it
//! predicts the server's answer while offline). It builds for `wasm32-unknown-unknown`.

pub mod api;
pub mod command;
pub mod domain;
pub mod error;
pub mod ids;
pub mod import;
pub mod kinds;
pub mod maps_only;
pub mod rules;
pub mod sync;

pub use error::{ApiError, ErrorEnvelope};
