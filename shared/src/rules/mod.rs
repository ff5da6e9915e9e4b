//! Pure rules: functions of their arguments only, each with table-driven tests beside it.

pub mod dictionary;
pub mod gap;
pub mod jp;
pub mod nip;
pub mod org;
pub mod password;
pub mod performance;
