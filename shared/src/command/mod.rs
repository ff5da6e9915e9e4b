//! Commands: every change of user data is one, made on a device (perhaps offline), queued in its
//! outbox, and applied later by the server exactly once. What each command does is its kind's
//! business (`crate::kinds`); this module holds what all of them share: the envelope a command
//! travels in, why one is refused, the agency's policy and the facts the rules are decided on.
//!
//! Checks run in a fixed order, so each rejection says the most useful thing:
//! 0. `Invalid(UnknownRecord | WrongKind)`: the command is about a record that is not there, or
//!    of another kind.
//! 1. `Forbidden`: the author may not do this to this record at all (wrong person or role).
//! 2. `Locked`: the record is final (approved self-assessment, verified training).
//! 3. `Conflict`: the record changed since the version the command was based on.
//! 4. `Invalid`: the transition is not allowed from the record's state, or the content is wrong.

mod checks;
mod facts;
mod policy;
mod rejection;

use serde::{Deserialize, Serialize};

pub use checks::{check_rated, check_text, too_long};
pub use facts::{Effect, FactSource, Facts, IndexKey, Needs, Relation, Subject};
pub use policy::{Actor, Policy, PolicyProblem};
pub use rejection::{InvalidReason, Rejection};

pub use crate::kinds::{Command, Record, RecordId, decide, decide_from};
use crate::ids::{CommandId, DeviceId, EmployeeId};

/// A command as it travels: who made it, where, when, and on which version of the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandEnvelope {
    pub command_id: CommandId,
    pub device_id: DeviceId,
    /// Position in the device's outbox, for the audit log.
    pub device_seq: u64,
    /// Who issued the command (kept in the audit log). Must be the signed-in user: an outbox is
    /// never sent under another user's session. Not necessarily the record's subject.
    pub author: EmployeeId,
    /// The device's clock when the user acted (audit only; never used to order anything).
    pub device_time_ms: i64,
    /// The record version the command was based on (`None` when it creates the record).
    pub base_version: Option<u64>,
    pub command: Command,
}
