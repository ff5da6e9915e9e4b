//! Opening the database file: its schema version, the tables every read may assume, and the
//! migrations that bring a file written by an older schema up to this one.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use redb::{Database, ReadableDatabase, ReadableTable, WriteTransaction};
use shared::kinds::Record;

use super::codec::{self, decode};
use super::tables::*;
use super::{DEFAULT_CACHE_BYTES, Store, StoreError, StoreResult, migrations};

/// The schema this build writes. Bump it with every change to a table or a stored type that old
/// data does not already satisfy, and add the step to [`Store::migrate`].
pub const SCHEMA_VERSION: u64 = 5;

/// How many records a migration step handles at a time.
const MIGRATION_SLICE: usize = 10_000;

impl Store {
    /// Opens the database at `path`, creating it if needed, and checks its schema version: a new
    /// file gets the current version; an older one is migrated; a newer one is refused.
    pub fn open(path: &Path) -> StoreResult<Store> {
        Self::open_with_cache(path, DEFAULT_CACHE_BYTES)
    }

    /// [`Store::open`], with `cache_bytes` of page cache.
    pub fn open_with_cache(path: &Path, cache_bytes: usize) -> StoreResult<Store> {
        let db = Database::builder().set_cache_size(cache_bytes).create(path)?;
        let store = Store { db, sessions: Mutex::new(HashMap::new()) };
        let txn = store.db.begin_write()?;
        let found = {
            let meta = txn.open_table(META)?;
            meta.get(SCHEMA_VERSION_KEY)?.map(|v| v.value())
        };
        match found {
            None => {
                txn.open_table(META)?.insert(SCHEMA_VERSION_KEY, SCHEMA_VERSION)?;
            }
            Some(version) if version > SCHEMA_VERSION => return Err(StoreError::NewerSchema { found: version }),
            Some(version) if version < SCHEMA_VERSION => {
                Self::migrate(&txn, version)?;
                txn.open_table(META)?.insert(SCHEMA_VERSION_KEY, SCHEMA_VERSION)?;
            }
            Some(_) => {}
        }
        Self::create_tables(&txn)?;
        txn.commit()?;
        Ok(store)
    }

    /// Opening every table at start (a no-op for those that exist) lets read transactions assume
    /// they exist.
    fn create_tables(txn: &WriteTransaction) -> StoreResult<()> {
        txn.open_table(RECORD_ID_TO_SEQ_AND_RECORD)?;
        txn.open_table(CHANGE_SEQ_TO_CHANGE)?;
        txn.open_table(REMOVED_RECORD_ID_TO_SEQ)?;
        txn.open_multimap_table(EMPLOYEE_ID_TO_RECORD_IDS)?;
        txn.open_table(COMMAND_ID_TO_OUTCOME)?;
        txn.open_table(AUDIT_SEQ_TO_ENTRY)?;
        txn.open_table(ADMIN_AUDIT_SEQ_TO_ENTRY)?;
        txn.open_table(SETTING_TO_VALUE)?;
        txn.open_table(UNIQUE_KEY_TO_RECORD_ID)?;
        txn.open_table(UNIT_ID_TO_UNIT)?;
        txn.open_table(POSITION_ID_TO_POSITION)?;
        txn.open_multimap_table(POSITION_ID_TO_SUBORDINATE_POSITION_IDS)?;
        txn.open_multimap_table(POSITION_ID_TO_HOLDER_IDS)?;
        txn.open_multimap_table(APPRAISER_ID_TO_POSITION_IDS)?;
        txn.open_table(COMPETENCY_ID_TO_COMPETENCY)?;
        txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?;
        txn.open_table(NIP_TO_EMPLOYEE_ID)?;
        txn.open_table(EMPLOYEE_ID_TO_ACCOUNT)?;
        txn.open_table(SESSION_DIGEST_TO_SESSION)?;
        Ok(())
    }

    /// Brings a database written by an older schema up to [`SCHEMA_VERSION`], inside the opening
    /// transaction, so a failed migration leaves the file as it was.
    ///
    /// - 1 → 2: stored rejections change from internally tagged JSON (`{"kind": "locked"}`) to
    ///   externally tagged (`"locked"`), the protocol's form since version 2.
    /// - 2 → 3: synced records change from JSON to the compact binary form (`codec.rs`).
    /// - 3 → 4: the per-kind unique indexes (training titles and dates, assessment periods) give
    ///   way to one table for the unique keys of every kind, made again from the records; and each
    ///   command's stored outcome gets its author (from the audit log), so a replay is answered to
    ///   its author only. A refusal was never audited, so its author is not known (stored as 0,
    ///   answered to anyone, as before).
    /// - 4 → 5: a training record gains `entered_by` (HR entering it for an employee), `None` for
    ///   every stored one, and a self-assessment `assessed_against` (what an approval keeps),
    ///   empty (records re-encoded from JSON just now, from 2, already have them); then every
    ///   approved one keeps the standard and texts of its position as they are now.
    fn migrate(txn: &WriteTransaction, from: u64) -> StoreResult<()> {
        tracing::info!(from, to = SCHEMA_VERSION, "migrating database schema");
        if from < 2 {
            let mut outcomes = txn.open_table(COMMAND_ID_TO_OUTCOME_V3)?;
            let mut rewritten = Vec::new();
            for entry in outcomes.iter()? {
                let (id, row) = entry?;
                let (kind, version, seq, rejection) = row.value();
                if !rejection.is_empty() {
                    let old: serde_json::Value = serde_json::from_slice(rejection)?;
                    let new = serde_json::to_vec(&migrations::rejection_v1_to_v2(old))?;
                    rewritten.push((id.value(), (kind, version, seq, new)));
                }
            }
            for (id, (kind, version, seq, rejection)) in &rewritten {
                outcomes.insert(id, (*kind, *version, *seq, rejection.as_slice()))?;
            }
        }
        if from < 3 {
            Self::rewrite_records(txn, |json| Ok(codec::encode_record(&decode::<Record>(json)?)?))?;
        }
        if (3..5).contains(&from) {
            // Before the unique keys are made again from the records (from 3), which reads them.
            Self::rewrite_records(txn, |bytes| Ok(migrations::record_v4_to_v5(bytes.to_vec())))?;
        }
        if from < 5 {
            Self::keep_standards_of_approved(txn)?;
        }
        if from < 4 {
            Self::index_unique_keys(txn)?;
            txn.delete_table(TRAINING_KEY_TO_TRAINING_ID_V3)?;
            txn.delete_table(EMPLOYEE_PERIOD_TO_ASSESSMENT_ID_V3)?;
            Self::add_outcome_authors(txn)?;
        }
        Ok(())
    }

    /// Rewrites every stored record's bytes with `convert`, a slice of the table at a time, so a
    /// large table is not held in memory at once.
    fn rewrite_records(txn: &WriteTransaction, convert: fn(&[u8]) -> StoreResult<Vec<u8>>) -> StoreResult<()> {
        let mut records = txn.open_table(RECORD_ID_TO_SEQ_AND_RECORD)?;
        let mut next = Some(0);
        while let Some(from_id) = next {
            let slice = records
                .range(from_id..)?
                .take(MIGRATION_SLICE)
                .map(|entry| {
                    let (id, value) = entry?;
                    let (seq, bytes) = value.value();
                    Ok((id.value(), seq, convert(bytes)?))
                })
                .collect::<StoreResult<Vec<_>>>()?;
            next = next_slice(&slice, |(id, ..)| *id);
            for (id, seq, bytes) in slice {
                records.insert(id, (seq, bytes.as_slice()))?;
            }
        }
        Ok(())
    }

    /// Gives every approved self-assessment stored before approvals kept their standard the
    /// standard and texts of its employee's position as they are at the upgrade: the nearest to
    /// the day of approval there is, and from then on HR's edits leave it alone. Few records
    /// (one approved assessment per person and year), so read whole.
    fn keep_standards_of_approved(txn: &WriteTransaction) -> StoreResult<()> {
        use shared::kinds::self_assessment::{AssessmentStatus, assessed_against};
        let employees = txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?;
        let positions = txn.open_table(POSITION_ID_TO_POSITION)?;
        let dictionary: Vec<shared::domain::Competency> = txn
            .open_table(COMPETENCY_ID_TO_COMPETENCY)?
            .iter()?
            .map(|entry| Ok(decode(entry?.1.value())?))
            .collect::<StoreResult<_>>()?;
        let mut records = txn.open_table(RECORD_ID_TO_SEQ_AND_RECORD)?;
        let mut kept = Vec::new();
        for entry in records.iter()? {
            let (id, value) = entry?;
            let (seq, bytes) = value.value();
            let Record::SelfAssessment(mut assessment) = codec::decode_record(bytes)? else { continue };
            if assessment.status != AssessmentStatus::Approved || !assessment.assessed_against.is_empty() {
                continue;
            }
            let Some(employee) = employees.get(assessment.employee.as_u128())?.map(|v| decode::<shared::domain::Employee>(v.value())).transpose()? else { continue };
            let Some(position) = positions.get(employee.position.as_u128())?.map(|v| decode::<shared::domain::Position>(v.value())).transpose()? else { continue };
            assessment.assessed_against = assessed_against(&position.standard, &dictionary);
            kept.push((id.value(), seq, codec::encode_record(&Record::SelfAssessment(assessment))?));
        }
        for (id, seq, bytes) in kept {
            records.insert(id, (seq, bytes.as_slice()))?;
        }
        Ok(())
    }

    /// Fills the unique-key table from the records, a slice at a time.
    fn index_unique_keys(txn: &WriteTransaction) -> StoreResult<()> {
        let records = txn.open_table(RECORD_ID_TO_SEQ_AND_RECORD)?;
        let mut unique = txn.open_table(UNIQUE_KEY_TO_RECORD_ID)?;
        let mut next = Some(0);
        while let Some(from_id) = next {
            let slice = records
                .range(from_id..)?
                .take(MIGRATION_SLICE)
                .map(|entry| codec::decode_record(entry?.1.value().1))
                .collect::<StoreResult<Vec<Record>>>()?;
            next = next_slice(&slice, |record| record.id().as_u128());
            for record in &slice {
                for key in record.unique_keys() {
                    unique.insert((key.kind.number(), key.subject.as_u128(), key.key.as_str()), record.id().as_u128())?;
                }
            }
        }
        Ok(())
    }

    /// Copies every stored outcome into the table that keeps its author too.
    fn add_outcome_authors(txn: &WriteTransaction) -> StoreResult<()> {
        let authors: HashMap<u128, u128> = {
            let audit = txn.open_table(AUDIT_SEQ_TO_ENTRY)?;
            audit
                .iter()?
                .map(|entry| {
                    let (command_id, _, author, ..) = entry?.1.value();
                    Ok((command_id, author))
                })
                .collect::<StoreResult<_>>()?
        };
        {
            let old = txn.open_table(COMMAND_ID_TO_OUTCOME_V3)?;
            let mut new = txn.open_table(COMMAND_ID_TO_OUTCOME)?;
            for entry in old.iter()? {
                let (id, row) = entry?;
                let (kind, version, seq, rejection) = row.value();
                let author = authors.get(&id.value()).copied().unwrap_or(0);
                new.insert(id.value(), (kind, version, seq, author, rejection))?;
            }
        }
        txn.delete_table(COMMAND_ID_TO_OUTCOME_V3)?;
        Ok(())
    }

    /// The stored schema version.
    pub fn schema_version(&self) -> StoreResult<u64> {
        let txn = self.db.begin_read()?;
        Ok(txn.open_table(META)?.get(SCHEMA_VERSION_KEY)?.map_or(0, |v| v.value()))
    }
}

/// Where the next slice of a migration starts: after the last id of a full slice, or nowhere.
fn next_slice<T>(slice: &[T], id: impl Fn(&T) -> u128) -> Option<u128> {
    match slice.last() {
        Some(last) if slice.len() == MIGRATION_SLICE => id(last).checked_add(1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use redb::{Database, ReadableDatabase};
    use shared::ids::EmployeeId;
    use shared::kinds::{Command, Record};

    use super::super::test_support::{envelope, save, seminar};
    use super::*;

    #[test]
    fn a_newer_schema_is_refused_and_the_file_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("newer.redb");
        {
            let store = Store::open(&path).unwrap();
            assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
            let txn = store.db.begin_write().unwrap();
            txn.open_table(META).unwrap().insert(SCHEMA_VERSION_KEY, SCHEMA_VERSION + 1).unwrap();
            txn.commit().unwrap();
        }
        let error = Store::open(&path).unwrap_err();
        assert!(matches!(error, StoreError::NewerSchema { found } if found == SCHEMA_VERSION + 1), "{error}");
        // Reopening with the current version still sees the newer number: nothing was rewritten.
        let db = Database::open(&path).unwrap();
        let txn = db.begin_read().unwrap();
        assert_eq!(txn.open_table(META).unwrap().get(SCHEMA_VERSION_KEY).unwrap().unwrap().value(), SCHEMA_VERSION + 1);
    }

    #[test]
    fn a_schema_1_database_is_migrated_and_its_stored_rejections_still_answer_replays() {
        use shared::command::{Actor, Policy, Rejection};
        use shared::sync::Outcome;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.redb");
        {
            let store = Store::open(&path).unwrap();
            let txn = store.db.begin_write().unwrap();
            txn.open_table(META).unwrap().insert(SCHEMA_VERSION_KEY, 1).unwrap();
            let mut outcomes = txn.open_table(COMMAND_ID_TO_OUTCOME_V3).unwrap();
            outcomes.insert(7, (2u8, 0u64, 0u64, br#"{"kind":"conflict","current_version":3}"#.as_slice())).unwrap();
            outcomes.insert(8, (0u8, 4u64, 19u64, b"".as_slice())).unwrap();
            drop(outcomes);
            txn.commit().unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        {
            let txn = store.db.begin_read().unwrap();
            let outcomes = txn.open_table(COMMAND_ID_TO_OUTCOME).unwrap();
            assert_eq!(outcomes.get(8).unwrap().unwrap().value(), (0, 4, 19, 0, b"".as_slice()), "other outcomes are untouched (their author unknown)");
        }
        // The device that sent command 7 sends it again: it gets its first answer, as stored
        // before the migration, and nothing is applied.
        let author = EmployeeId::from_u128(5);
        let results = store.apply_commands(Actor { id: author, hr_admin: false }, &[envelope(7, author)], &Policy::default(), 0).unwrap();
        assert_eq!(results[0].outcome, Outcome::Rejected { rejection: Rejection::Conflict { current_version: 3 } });
    }

    #[test]
    fn a_schema_2_database_is_migrated_and_its_json_records_read_back() {
        use shared::command::{Actor, Policy};
        use shared::sync::Outcome;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.redb");
        let author = EmployeeId::from_u128(5);
        // More records than one slice of the migration, so it has to go on past the first.
        let records: Vec<Record> = (0..MIGRATION_SLICE as u128 + 3)
            .map(|n| {
                Record::Training(shared::kinds::training::TrainingRecord {
                    id: shared::ids::TrainingId::from_u128(1000 + n),
                    employee: author,
                    version: 1,
                    status: shared::kinds::training::TrainingStatus::Draft,
                    details: seminar(format!("Pelatihan {n}")),
                    confirmed_by: None,
                    verification: None,
                    rejection: None,
                    updated_at_ms: 0,
                    entered_by: None,
                })
            })
            .chain([Record::SelfAssessment(shared::kinds::self_assessment::SelfAssessment {
                id: shared::ids::SelfAssessmentId::from_u128(1_000_000), // after the trainings, in id order
                employee: author,
                period: 2026,
                version: 1,
                status: shared::kinds::self_assessment::AssessmentStatus::Draft,
                ratings: vec![shared::kinds::self_assessment::SelfRating {
                    competency: shared::ids::CompetencyId::from_u128(3),
                    level: shared::domain::Level::new(3).unwrap(),
                    evidence: String::new(),
                }],
                review: None,
                amends: None,
                updated_at_ms: 0,
                assessed_against: Vec::new(),
            })])
            .collect();
        {
            let store = Store::open(&path).unwrap();
            let txn = store.db.begin_write().unwrap();
            txn.open_table(META).unwrap().insert(SCHEMA_VERSION_KEY, 2).unwrap();
            let mut table = txn.open_table(RECORD_ID_TO_SEQ_AND_RECORD).unwrap();
            for (seq, record) in records.iter().enumerate() {
                // As schema 2 wrote them: JSON, empty fields left out.
                let mut json = serde_json::to_value(record).unwrap();
                let fields = json.as_object_mut().unwrap().values_mut().next().unwrap();
                fields.as_object_mut().unwrap().retain(|_, value| !value.is_null());
                if let Some(details) = fields.get_mut("details") {
                    details.as_object_mut().unwrap().retain(|key, _| key != "competencies" && key != "certificate_number");
                }
                if let Some(ratings) = fields.get_mut("ratings") {
                    ratings[0].as_object_mut().unwrap().remove("evidence");
                }
                table.insert(record.id().as_u128(), (seq as u64 + 1, serde_json::to_vec(&json).unwrap().as_slice())).unwrap();
            }
            drop(table);
            txn.commit().unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert!(store.all_records().unwrap() == records, "every record reads back as it was");
        // The records are usable: one is submitted over its migrated form.
        let submit = shared::command::CommandEnvelope {
            command: Command::SubmitTraining(shared::kinds::training::Submit { id: shared::ids::TrainingId::from_u128(1000) }),
            ..envelope(77, author)
        };
        let results = store.apply_commands(Actor { id: author, hr_admin: false }, &[submit], &Policy::default(), 0).unwrap();
        assert!(matches!(results[0].outcome, Outcome::Applied { version: 2, .. }), "{:?}", results[0]);
        // And their unique keys were made again: the same training again is a duplicate.
        let again = shared::command::CommandEnvelope { command: save(shared::ids::TrainingId::from_u128(9_000_000), seminar("pelatihan 7".into())), base_version: None, ..envelope(78, author) };
        let results = store.apply_commands(Actor { id: author, hr_admin: false }, &[again], &Policy::default(), 0).unwrap();
        assert!(matches!(&results[0].outcome, Outcome::Rejected { rejection: shared::command::Rejection::Invalid { reason: shared::command::InvalidReason::DuplicateTraining { .. } } }), "{:?}", results[0]);
    }
}
