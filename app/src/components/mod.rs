//! Pieces shared by several pages.

pub mod header;
pub mod shell;
pub mod status;
