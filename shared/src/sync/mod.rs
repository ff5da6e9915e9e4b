//! The sync protocol's messages: `POST /api/v1/sync/push` sends commands in order and gets one
//! outcome per command; `GET /api/v1/sync/pull?cursor=…` pages through the changes the user may
//! see since the cursor. See docs/api.md for the rules. The device's side of it is here too: its
//! replica (`replica`), the decisions of its sync loop (`run`) and the form of replica the first
//! release stored (`legacy`).

pub mod legacy;
pub mod replica;
pub mod run;

use serde::{Deserialize, Serialize};

use crate::api::PersonSummary;
use crate::command::{CommandEnvelope, Rejection};
use crate::kinds::{Record, RecordId};
use crate::domain::{Competency, RequiredCompetency};
use crate::ids::{CommandId, EmployeeId};

/// The most commands one push may carry.
pub const MAX_PUSH_COMMANDS: usize = 1000;
/// The default and the largest number of changes in one pull page.
pub const DEFAULT_PULL_LIMIT: usize = 100;
pub const MAX_PULL_LIMIT: usize = 1000;

/// `POST /api/v1/sync/push`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    pub commands: Vec<CommandEnvelope>,
}

/// One result per pushed command, in the same order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<CommandResult>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandResult {
    pub command_id: CommandId,
    pub outcome: Outcome,
}

/// What became of a command. A replayed command id gets the outcome stored the first time.
/// Externally tagged, like every enum of the protocol (see [`Rejection`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Applied: the record is now at `version`; the change has sequence number `seq`.
    Applied { version: u64, seq: u64 },
    /// Applied, and the record was removed (a discarded draft).
    Removed { seq: u64 },
    Rejected { rejection: Rejection },
}

/// `GET /api/v1/sync/pull` query: `cursor` from the previous page (absent the first time) and
/// an optional page size.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullQuery {
    #[serde(default)]
    pub cursor: Option<String>,
    #[serde(default)]
    pub limit: Option<usize>,
    /// Whose pull this is: the device's user. If the session belongs to someone else (they
    /// signed in from another tab), the pull is refused rather than mixing their records into
    /// this user's replica. Optional, for older apps.
    #[serde(default)]
    pub user: Option<EmployeeId>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Where the next pull starts. Opaque: only ever sent back.
    pub cursor: String,
    /// More changes are waiting: pull again at once.
    pub more: bool,
    /// The cursor is older than the server keeps changes for: drop the pulled records (keep the
    /// outbox!) and pull again without a cursor.
    #[serde(default)]
    pub reset_required: bool,
    /// What the device needs besides records to work offline, sent on the first page of a pull
    /// whenever it changed since the cursor (always on a pull without one). Added after the first
    /// release: absent means "unchanged", which is what an older server meant too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<Reference>,
    /// The owners of the records on this page other than the user (names for the screens), so
    /// that what is sent grows with the changes, not with the agency. Added after the first
    /// release, hence the default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<PersonSummary>,
}

impl PullResponse {
    /// The cursor the next pull sends: this page's, or none after a reset (start again).
    pub fn next_cursor(&self) -> Option<&str> {
        (!self.reset_required).then_some(self.cursor.as_str())
    }

    /// Whether to pull again at once: more is waiting, or the pull starts again after a reset.
    pub fn continues(&self) -> bool {
        self.more || self.reset_required
    }
}

/// The reference data a device keeps for offline work: the competency dictionary, the user's own
/// standard and supervisor, and their direct reports with their standards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// The whole dictionary (level descriptions and indicators for the self-assessment screen).
    pub dictionary: Vec<Competency>,
    pub me: Member,
    /// The user's own supervisor, if any.
    pub supervisor: Option<PersonSummary>,
    /// The user's direct reports, by name.
    pub team: Vec<Member>,
    /// The agency's settings the rules use (added in 0.3: absent, the defaults).
    #[serde(default)]
    pub policy: crate::command::Policy,
}

/// A person and the standard of their position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub person: PersonSummary,
    /// Their supervisor (from the position tree).
    pub supervisor: Option<EmployeeId>,
    pub standard: Vec<RequiredCompetency>,
}

/// One change the user may see.
// Nearly every change is an upsert, so boxing the record would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// The record as it is now.
    Upsert { record: Record },
    /// The record is gone for this user: removed, or no longer theirs to see.
    Remove { id: RecordId },
}
