//! Every redb table, declared once, named `KEY_TO_VALUE`. Ids are stored as `u128` keys; values
//! are encoded by `codec.rs`.

use redb::{MultimapTableDefinition, TableDefinition};

/// Database-wide settings, such as the schema version.
pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
pub const SCHEMA_VERSION_KEY: &str = "schema_version";

pub const UNIT_ID_TO_UNIT: TableDefinition<u128, &[u8]> = TableDefinition::new("unit_id_to_unit");
pub const POSITION_ID_TO_POSITION: TableDefinition<u128, &[u8]> = TableDefinition::new("position_id_to_position");
/// The position tree downwards: superior position → the positions directly below it.
pub const POSITION_ID_TO_SUBORDINATE_POSITION_IDS: MultimapTableDefinition<u128, u128> =
    MultimapTableDefinition::new("position_id_to_subordinate_position_ids");
/// Who holds each position (staff positions may have several holders).
pub const POSITION_ID_TO_HOLDER_IDS: MultimapTableDefinition<u128, u128> =
    MultimapTableDefinition::new("position_id_to_holder_ids");
pub const COMPETENCY_ID_TO_COMPETENCY: TableDefinition<u128, &[u8]> =
    TableDefinition::new("competency_id_to_competency");
pub const EMPLOYEE_ID_TO_EMPLOYEE: TableDefinition<u128, &[u8]> = TableDefinition::new("employee_id_to_employee");
/// The sign-in index: the 18 digits of a NIP → employee id.
pub const NIP_TO_EMPLOYEE_ID: TableDefinition<&str, u128> = TableDefinition::new("nip_to_employee_id");
pub const EMPLOYEE_ID_TO_ACCOUNT: TableDefinition<u128, &[u8]> = TableDefinition::new("employee_id_to_account");
/// Sessions under the SHA-256 digest of their token: a stolen database file holds no usable token.
pub const SESSION_DIGEST_TO_SESSION: TableDefinition<&[u8], &[u8]> = TableDefinition::new("session_digest_to_session");

// Sync.

/// Every synced record (self-assessments and training records), by id, with the sequence number
/// of its latest change (to drop that entry from the change log when it changes again).
pub const RECORD_ID_TO_SEQ_AND_RECORD: TableDefinition<u128, (u64, &[u8])> =
    TableDefinition::new("record_id_to_seq_and_record");
/// The change log: change sequence number → (subject, employee, kind). Kinds:
/// - [`CHANGE_UPSERT`]: record `subject` of `employee` is new or changed;
/// - [`CHANGE_REMOVAL`]: record `subject` of `employee` was removed;
/// - [`CHANGE_SCOPE_EXIT`]: `employee` is no longer a direct report of employee `subject`, whose
///   devices must drop that employee's records.
///
/// Only a record's latest change is kept, so a pull from any cursor reads each record once.
pub const CHANGE_SEQ_TO_CHANGE: TableDefinition<u64, (u128, u128, u8)> = TableDefinition::new("change_seq_to_change");
pub const CHANGE_UPSERT: u8 = 0;
pub const CHANGE_REMOVAL: u8 = 1;
pub const CHANGE_SCOPE_EXIT: u8 = 2;
/// Each employee's records (to re-send or withdraw them all when their supervisor changes).
pub const EMPLOYEE_ID_TO_RECORD_IDS: MultimapTableDefinition<u128, u128> =
    MultimapTableDefinition::new("employee_id_to_record_ids");
/// Removed records: the sequence number of their removal in the change log.
pub const REMOVED_RECORD_ID_TO_SEQ: TableDefinition<u128, u64> = TableDefinition::new("removed_record_id_to_seq");
/// The outcome of every command ever pushed, so a replayed command changes nothing:
/// (kind: 0 applied, 1 removed, 2 rejected; version; change seq; the rejection as JSON, if any).
/// Compact, because one is written per command and push speed is bound by bytes written.
pub const COMMAND_ID_TO_OUTCOME: TableDefinition<u128, (u8, u64, u64, &[u8])> =
    TableDefinition::new("command_id_to_outcome");
/// The append-only audit log of applied commands: (command id, record id, author, device id,
/// device seq, device time ms, server time ms, change seq, command name).
pub const AUDIT_SEQ_TO_ENTRY: TableDefinition<u64, AuditRow> = TableDefinition::new("audit_seq_to_entry");
pub type AuditRow = (u128, u128, u128, u128, u64, i64, i64, u64, &'static str);
/// Duplicate detection for training: `shared::domain::training::duplicate_key` → record id.
pub const TRAINING_KEY_TO_TRAINING_ID: TableDefinition<&str, u128> = TableDefinition::new("training_key_to_training_id");
/// One (non-amendment) self-assessment per employee and period.
pub const EMPLOYEE_PERIOD_TO_ASSESSMENT_ID: TableDefinition<(u128, u16), u128> =
    TableDefinition::new("employee_period_to_assessment_id");

/// The last change sequence number handed out (`META`).
pub const LAST_CHANGE_SEQ_KEY: &str = "last_change_seq";
/// The last audit sequence number handed out (`META`).
pub const LAST_AUDIT_SEQ_KEY: &str = "last_audit_seq";
/// Removals older than this change sequence number have been purged from the change log; a
/// cursor before it must start over (`META`).
pub const CHANGE_HORIZON_KEY: &str = "change_horizon";
/// Goes up with every change of the organisation or the dictionary, so a pull knows when to send
/// the reference data again (`META`).
pub const REFERENCE_VERSION_KEY: &str = "reference_version";
