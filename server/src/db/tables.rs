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
/// The appraisers HR named (`Position::appraiser`): appraiser → the positions whose holders they
/// appraise.
pub const APPRAISER_ID_TO_POSITION_IDS: MultimapTableDefinition<u128, u128> =
    MultimapTableDefinition::new("appraiser_id_to_position_ids");
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
/// The change log: change sequence number → (target, employee, kind). Kinds:
/// - [`CHANGE_UPSERT`]: record `target` about `employee` is new or changed;
/// - [`CHANGE_REMOVAL`]: record `target` about `employee` was removed;
/// - [`CHANGE_SCOPE_EXIT`]: `employee` is no longer a direct report of employee `target`, whose
///   devices must drop what they no longer may see of that employee's records;
/// - [`CHANGE_RESET`]: employee `target` (= `employee`) gained or lost HR rights: what their
///   devices may see changed wholesale, so a device that pulled before starts over.
///
/// Only a record's latest change is kept, so a pull from any cursor reads each record once.
pub const CHANGE_SEQ_TO_CHANGE: TableDefinition<u64, (u128, u128, u8)> = TableDefinition::new("change_seq_to_change");
pub const CHANGE_UPSERT: u8 = 0;
pub const CHANGE_REMOVAL: u8 = 1;
pub const CHANGE_SCOPE_EXIT: u8 = 2;
pub const CHANGE_RESET: u8 = 3;
/// Each employee's records (to re-send or withdraw them all when their supervisor changes).
pub const EMPLOYEE_ID_TO_RECORD_IDS: MultimapTableDefinition<u128, u128> =
    MultimapTableDefinition::new("employee_id_to_record_ids");
/// Removed records: the sequence number of their removal in the change log.
pub const REMOVED_RECORD_ID_TO_SEQ: TableDefinition<u128, u64> = TableDefinition::new("removed_record_id_to_seq");
/// The outcome of every command ever pushed, so a replayed command changes nothing:
/// (kind: 0 applied, 1 removed, 2 rejected; version; change seq; author; the rejection as JSON,
/// if any). Compact, because one is written per command and push speed is bound by bytes
/// written. A replay answers the stored outcome to the command's author only (author 0: not
/// known, for rejections stored before schema 4; answered as before).
pub const COMMAND_ID_TO_OUTCOME: TableDefinition<u128, OutcomeRow> = TableDefinition::new("command_id_to_author_and_outcome");
pub type OutcomeRow = (u8, u64, u64, u128, &'static [u8]);
/// The same without the author, as schemas 1 to 3 kept it (read by the migration to schema 4).
pub const COMMAND_ID_TO_OUTCOME_V3: TableDefinition<u128, (u8, u64, u64, &[u8])> = TableDefinition::new("command_id_to_outcome");
/// The append-only audit log of applied commands: (command id, record id, author, device id,
/// device seq, device time ms, server time ms, change seq, command name).
pub const AUDIT_SEQ_TO_ENTRY: TableDefinition<u64, AuditRow> = TableDefinition::new("audit_seq_to_entry");
pub type AuditRow = (u128, u128, u128, u128, u64, i64, i64, u64, &'static str);
/// The agency's settings (`settings.rs`): name → value (JSON).
pub const SETTING_TO_VALUE: TableDefinition<&str, &[u8]> = TableDefinition::new("setting_to_value");
/// The administrative changes (imports, accounts, rights), oldest first: sequence number → the
/// entry (JSON, `admin_audit.rs`). Apart from the command audit, whose rows are fixed tuples.
pub const ADMIN_AUDIT_SEQ_TO_ENTRY: TableDefinition<u64, &[u8]> = TableDefinition::new("admin_audit_seq_to_entry");
/// The unique keys records hold, of every kind: (kind number, subject, key) → record id (see
/// `shared::command::IndexKey`: one self-assessment per person and period, one training per
/// person, title and dates, ...).
pub const UNIQUE_KEY_TO_RECORD_ID: TableDefinition<(u8, u128, &str), u128> = TableDefinition::new("unique_key_to_record_id");
/// The per-kind indexes of schemas 1 to 3, which the generic one replaced (dropped by the
/// migration to schema 4).
pub const TRAINING_KEY_TO_TRAINING_ID_V3: TableDefinition<&str, u128> = TableDefinition::new("training_key_to_training_id");
pub const EMPLOYEE_PERIOD_TO_ASSESSMENT_ID_V3: TableDefinition<(u128, u16), u128> =
    TableDefinition::new("employee_period_to_assessment_id");

/// The last change sequence number handed out (`META`).
pub const LAST_CHANGE_SEQ_KEY: &str = "last_change_seq";
/// The last audit sequence number handed out (`META`).
pub const LAST_AUDIT_SEQ_KEY: &str = "last_audit_seq";
/// The last administrative audit sequence number handed out (`META`).
pub const LAST_ADMIN_AUDIT_SEQ_KEY: &str = "last_admin_audit_seq";
/// Removals older than this change sequence number have been purged from the change log; a
/// cursor before it must start over (`META`).
pub const CHANGE_HORIZON_KEY: &str = "change_horizon";
/// Goes up with every change of the organisation or the dictionary, so a pull knows when to send
/// the reference data again (`META`).
pub const REFERENCE_VERSION_KEY: &str = "reference_version";
