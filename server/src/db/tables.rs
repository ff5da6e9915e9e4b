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
