//! The storage module: the only code that touches redb. It owns the table definitions, the value
//! codec and the schema version, and offers typed, synchronous operations, one transaction each.
//! Callers on the async runtime run them through [`tokio::task::spawn_blocking`] (see `state.rs`).

mod codec;
mod migrations;
mod sync;
mod tables;

pub use sync::{AuditEntry, Cursor, PullPage, PushBatch, Scope};

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use redb::{
    Database, ReadTransaction, ReadableDatabase, ReadableTable, ReadableTableMetadata, WriteTransaction,
};
use shared::api::{PersonSummary, PositionSummary, Profile, StandardLine, UnitSummary};
use shared::domain::{Competency, CompetencyKind, Employee, Nip, Position, Role, Unit};
use shared::ids::{CompetencyId, EmployeeId, PositionId, UnitId};
use shared::rules::org;

use codec::{decode, encode};
use tables::*;

/// The schema this build writes. Bump it with every change to a table or a stored type that old
/// data does not already satisfy, and add the step to [`Store::migrate`].
pub const SCHEMA_VERSION: u64 = 3;

/// What the storage layer can fail with. Every variant is an internal error for the client.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] redb::Error),
    #[error("stored value does not decode: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("stored record does not decode: {0}")]
    CorruptRecord(#[from] postcard::Error),
    #[error(
        "the database has schema version {found}, newer than this server's {SCHEMA_VERSION}; \
         upgrade the server, or restore a backup made by this version"
    )]
    NewerSchema { found: u64 },
}

macro_rules! from_redb {
    ($($error:ty),*) => {$(
        impl From<$error> for StoreError {
            fn from(error: $error) -> Self {
                StoreError::Database(error.into())
            }
        }
    )*};
}
from_redb!(redb::DatabaseError, redb::TransactionError, redb::TableError, redb::StorageError, redb::CommitError);

pub type StoreResult<T> = Result<T, StoreError>;

/// An account's credentials and granted role, kept apart from the employee record so that
/// employee data can be synced to devices without ever carrying a password hash.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Account {
    /// An argon2id PHC string.
    pub password_hash: String,
    pub hr_admin: bool,
}

/// A signed-in session, stored under the SHA-256 digest of its token.
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
pub struct Session {
    pub employee: EmployeeId,
    /// Unix seconds after which the session is void.
    pub expires_at: u64,
}

/// Everything a reference-data import writes (the demo seed uses it).
#[derive(Debug, Default)]
pub struct ReferenceData {
    pub units: Vec<Unit>,
    pub positions: Vec<Position>,
    pub competencies: Vec<Competency>,
    pub employees: Vec<(Employee, Option<Account>)>,
}

/// The open database.
#[derive(Debug)]
pub struct Store {
    db: Database,
    /// Recently seen sessions, so an authenticated request needs no database read (nor a hop to
    /// the blocking pool) just to learn who is asking. Every session write goes through this
    /// module and updates it; entries also expire, so a role granted or revoked elsewhere takes
    /// effect within [`SESSION_CACHE_TTL`].
    sessions: std::sync::Mutex<HashMap<[u8; 32], CachedSession>>,
}

#[derive(Clone, Copy, Debug)]
struct CachedSession {
    session: Session,
    hr_admin: bool,
    cached_at: Instant,
}

/// How long a cached session (and its HR flag) is trusted without a database read.
pub const SESSION_CACHE_TTL: Duration = Duration::from_secs(60);
/// How many records a migration step re-encodes at a time.
const MIGRATION_SLICE: usize = 10_000;

/// Past this many cached sessions the cache starts over (a bound on memory, not a policy).
const SESSION_CACHE_MAX: usize = 50_000;

/// The memory redb may use for the pages it reads and writes, unless told otherwise. redb's own
/// default is 1 GiB, which a large agency's database would fill; the server's whole footprint is
/// budgeted at 300 MB (DESIGN.md).
pub const DEFAULT_CACHE_BYTES: usize = 128 * 1024 * 1024;

impl Store {
    /// Opens the database at `path`, creating it if needed, and checks its schema version: a new
    /// file gets the current version; an older one is migrated; a newer one is refused.
    pub fn open(path: &Path) -> StoreResult<Store> {
        Self::open_with_cache(path, DEFAULT_CACHE_BYTES)
    }

    /// [`Store::open`], with `cache_bytes` of page cache.
    pub fn open_with_cache(path: &Path, cache_bytes: usize) -> StoreResult<Store> {
        let db = Database::builder().set_cache_size(cache_bytes).create(path)?;
        let store = Store { db, sessions: std::sync::Mutex::new(HashMap::new()) };
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
        txn.open_table(TRAINING_KEY_TO_TRAINING_ID)?;
        txn.open_table(EMPLOYEE_PERIOD_TO_ASSESSMENT_ID)?;
        txn.open_table(UNIT_ID_TO_UNIT)?;
        txn.open_table(POSITION_ID_TO_POSITION)?;
        txn.open_multimap_table(POSITION_ID_TO_SUBORDINATE_POSITION_IDS)?;
        txn.open_multimap_table(POSITION_ID_TO_HOLDER_IDS)?;
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
    fn migrate(txn: &WriteTransaction, from: u64) -> StoreResult<()> {
        tracing::info!(from, to = SCHEMA_VERSION, "migrating database schema");
        if from < 2 {
            let mut outcomes = txn.open_table(COMMAND_ID_TO_OUTCOME)?;
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
            // Re-encoded in slices of the table, so a large one is not held in memory at once.
            let mut records = txn.open_table(RECORD_ID_TO_SEQ_AND_RECORD)?;
            let mut next = Some(0);
            while let Some(from_id) = next {
                let slice = records
                    .range(from_id..)?
                    .take(MIGRATION_SLICE)
                    .map(|entry| {
                        let (id, value) = entry?;
                        let (seq, json) = value.value();
                        Ok((id.value(), seq, codec::encode_record(&decode::<shared::command::Record>(json)?)?))
                    })
                    .collect::<StoreResult<Vec<_>>>()?;
                next = match slice.last() {
                    Some((last, ..)) if slice.len() == MIGRATION_SLICE => last.checked_add(1),
                    _ => None,
                };
                for (id, seq, bytes) in slice {
                    records.insert(id, (seq, bytes.as_slice()))?;
                }
            }
        }
        Ok(())
    }

    /// The stored schema version.
    pub fn schema_version(&self) -> StoreResult<u64> {
        let txn = self.db.begin_read()?;
        Ok(txn.open_table(META)?.get(SCHEMA_VERSION_KEY)?.map_or(0, |v| v.value()))
    }

    /// Whether the database holds no employees yet (the demo seed only fills an empty one).
    pub fn has_no_employees(&self) -> StoreResult<bool> {
        let txn = self.db.begin_read()?;
        Ok(txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?.is_empty()?)
    }

    /// Writes reference data and accounts in one transaction, with the position-tree indexes.
    pub fn import_reference_data(&self, data: &ReferenceData) -> StoreResult<()> {
        let txn = self.db.begin_write()?;
        {
            let mut units = txn.open_table(UNIT_ID_TO_UNIT)?;
            for unit in &data.units {
                units.insert(unit.id.as_u128(), encode(unit)?.as_slice())?;
            }
            let mut positions = txn.open_table(POSITION_ID_TO_POSITION)?;
            let mut subordinates = txn.open_multimap_table(POSITION_ID_TO_SUBORDINATE_POSITION_IDS)?;
            for position in &data.positions {
                positions.insert(position.id.as_u128(), encode(position)?.as_slice())?;
                if let Some(superior) = position.superior {
                    subordinates.insert(superior.as_u128(), position.id.as_u128())?;
                }
            }
            let mut competencies = txn.open_table(COMPETENCY_ID_TO_COMPETENCY)?;
            for competency in &data.competencies {
                competencies.insert(competency.id.as_u128(), encode(competency)?.as_slice())?;
            }
            let mut employees = txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?;
            let mut by_nip = txn.open_table(NIP_TO_EMPLOYEE_ID)?;
            let mut holders = txn.open_multimap_table(POSITION_ID_TO_HOLDER_IDS)?;
            let mut accounts = txn.open_table(EMPLOYEE_ID_TO_ACCOUNT)?;
            for (employee, account) in &data.employees {
                employees.insert(employee.id.as_u128(), encode(employee)?.as_slice())?;
                by_nip.insert(employee.nip.as_str(), employee.id.as_u128())?;
                holders.insert(employee.position.as_u128(), employee.id.as_u128())?;
                if let Some(account) = account {
                    accounts.insert(employee.id.as_u128(), encode(account)?.as_slice())?;
                }
            }
            bump_reference_version(&txn)?;
        }
        txn.commit()?;
        Ok(())
    }

    /// The employee with this NIP and their account, if both exist.
    pub fn account_by_nip(&self, nip: &Nip) -> StoreResult<Option<(EmployeeId, Account)>> {
        let txn = self.db.begin_read()?;
        let Some(id) = txn.open_table(NIP_TO_EMPLOYEE_ID)?.get(nip.as_str())?.map(|v| v.value()) else {
            return Ok(None);
        };
        let account = txn.open_table(EMPLOYEE_ID_TO_ACCOUNT)?.get(id)?.map(|v| decode::<Account>(v.value())).transpose()?;
        Ok(account.map(|account| (EmployeeId::from_u128(id), account)))
    }

    pub fn insert_session(&self, digest: &[u8; 32], session: Session) -> StoreResult<()> {
        let txn = self.db.begin_write()?;
        txn.open_table(SESSION_DIGEST_TO_SESSION)?.insert(digest.as_slice(), encode(&session)?.as_slice())?;
        txn.commit()?;
        self.forget_session(digest);
        Ok(())
    }

    /// Replaces a session that still exists (sliding its expiry); `false` if it is gone.
    pub fn refresh_session(&self, digest: &[u8; 32], session: Session) -> StoreResult<bool> {
        let txn = self.db.begin_write()?;
        let exists = {
            let mut table = txn.open_table(SESSION_DIGEST_TO_SESSION)?;
            let exists = table.get(digest.as_slice())?.is_some();
            if exists {
                table.insert(digest.as_slice(), encode(&session)?.as_slice())?;
            }
            exists
        };
        txn.commit()?;
        self.forget_session(digest);
        Ok(exists)
    }

    /// The session under `digest` if it is in the memory cache and fresh: no I/O, so callers on
    /// the async workers may use it directly and fall back to [`Store::session`] on `None`.
    pub fn cached_session(&self, digest: &[u8; 32]) -> Option<(Session, bool)> {
        let cache = self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .get(digest)
            .filter(|cached| cached.cached_at.elapsed() < SESSION_CACHE_TTL)
            .map(|cached| (cached.session, cached.hr_admin))
    }

    fn forget_session(&self, digest: &[u8; 32]) {
        self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(digest);
    }

    /// The session stored under `digest`, and whether its employee is an HR admin (read together:
    /// every authenticated request needs both).
    pub fn session(&self, digest: &[u8; 32]) -> StoreResult<Option<(Session, bool)>> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(SESSION_DIGEST_TO_SESSION)?;
        let Some(session) = table.get(digest.as_slice())?.map(|v| decode::<Session>(v.value())).transpose()? else {
            return Ok(None);
        };
        let accounts = txn.open_table(EMPLOYEE_ID_TO_ACCOUNT)?;
        let account = accounts.get(session.employee.as_u128())?.map(|v| decode::<Account>(v.value())).transpose()?;
        let hr_admin = account.is_some_and(|a| a.hr_admin);
        let mut cache = self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.len() >= SESSION_CACHE_MAX {
            cache.clear();
        }
        cache.insert(*digest, CachedSession { session, hr_admin, cached_at: Instant::now() });
        Ok(Some((session, hr_admin)))
    }

    pub fn delete_session(&self, digest: &[u8; 32]) -> StoreResult<()> {
        // Forgotten before (no new request is let in from the cache while the delete commits) and
        // after (a read that raced the delete may have cached it meanwhile).
        self.forget_session(digest);
        let txn = self.db.begin_write()?;
        txn.open_table(SESSION_DIGEST_TO_SESSION)?.remove(digest.as_slice())?;
        txn.commit()?;
        self.forget_session(digest);
        Ok(())
    }

    /// The roles of an employee: always employee; supervisor when anyone reports to them (from
    /// the position tree); HR admin when their account grants it.
    pub fn roles(&self, employee: EmployeeId) -> StoreResult<Vec<Role>> {
        let txn = self.db.begin_read()?;
        let reader = Reader::new(&txn);
        let mut roles = vec![Role::Employee];
        let employee = reader.employee(employee)?;
        if let Some(employee) = &employee {
            if !reader.reports_of(employee)?.is_empty() {
                roles.push(Role::Supervisor);
            }
            let account = txn.open_table(EMPLOYEE_ID_TO_ACCOUNT)?.get(employee.id.as_u128())?.map(|v| decode::<Account>(v.value())).transpose()?;
            if account.is_some_and(|a| a.hr_admin) {
                roles.push(Role::HrAdmin);
            }
        }
        Ok(roles)
    }

    /// The signed-in employee's profile: identity, position, unit, supervisor and the position's
    /// competency standard. `None` if the employee no longer exists.
    pub fn profile(&self, employee: EmployeeId) -> StoreResult<Option<Profile>> {
        let roles = self.roles(employee)?;
        let txn = self.db.begin_read()?;
        let reader = Reader::new(&txn);
        let Some(employee) = reader.employee(employee)? else { return Ok(None) };
        let Some(position) = reader.position(employee.position)? else { return Ok(None) };
        let Some(unit) = reader.unit(position.unit)? else { return Ok(None) };

        let supervisor = reader.supervisor(&position)?.map(|boss| reader.summary(boss)).transpose()?;

        let mut standard = Vec::with_capacity(position.standard.len());
        for required in &position.standard {
            let Some(competency) = reader.competency(required.competency)? else { continue };
            let level = competency.level(required.level);
            standard.push(StandardLine {
                competency: competency.id,
                code: competency.code.clone(),
                name: competency.name.clone(),
                kind: competency.kind,
                required: required.level,
                level_label: level.map(|l| l.label.clone()).unwrap_or_default(),
                level_description: level.map(|l| l.description.clone()).unwrap_or_default(),
            });
        }
        let kind_order = |kind: CompetencyKind| match kind {
            CompetencyKind::Manajerial => 0,
            CompetencyKind::SosialKultural => 1,
            CompetencyKind::Teknis => 2,
        };
        standard.sort_by(|a, b| kind_order(a.kind).cmp(&kind_order(b.kind)).then_with(|| a.code.cmp(&b.code)));

        Ok(Some(Profile {
            id: employee.id,
            nip: employee.nip,
            name: employee.name,
            rank: employee.rank,
            employment: employee.employment,
            roles,
            position: PositionSummary { id: position.id, name: position.name, tier: position.tier },
            unit: UnitSummary { id: unit.id, name: unit.name },
            supervisor,
            standard,
        }))
    }
}

/// Typed point reads inside one read transaction, optionally as if one employee had already
/// moved to another position (to compare the organisation before and after a reassignment).
struct Reader<'a> {
    txn: &'a ReadTransaction,
    moved: Option<Move>,
}

/// An employee moving from one position to another.
#[derive(Clone, Copy, Debug)]
struct Move {
    employee: EmployeeId,
    to: PositionId,
}

impl<'a> Reader<'a> {
    fn new(txn: &'a ReadTransaction) -> Self {
        Reader { txn, moved: None }
    }

    fn with_move(txn: &'a ReadTransaction, moved: Move) -> Self {
        Reader { txn, moved: Some(moved) }
    }

    fn employee(&self, id: EmployeeId) -> StoreResult<Option<Employee>> {
        let table = self.txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?;
        let mut employee: Option<Employee> = table.get(id.as_u128())?.map(|v| decode(v.value())).transpose()?;
        if let (Some(employee), Some(moved)) = (&mut employee, self.moved)
            && employee.id == moved.employee
        {
            employee.position = moved.to;
        }
        Ok(employee)
    }

    /// Someone as a colleague's screen names them: NIP, name and position.
    fn summary(&self, employee: Employee) -> StoreResult<PersonSummary> {
        let position = self.position(employee.position)?.map(|p| p.name).unwrap_or_default();
        Ok(PersonSummary { id: employee.id, nip: employee.nip, name: employee.name, position })
    }

    fn position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        let table = self.txn.open_table(POSITION_ID_TO_POSITION)?;
        Ok(table.get(id.as_u128())?.map(|v| decode(v.value())).transpose()?)
    }

    fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        let table = self.txn.open_table(UNIT_ID_TO_UNIT)?;
        Ok(table.get(id.as_u128())?.map(|v| decode(v.value())).transpose()?)
    }

    fn competency(&self, id: CompetencyId) -> StoreResult<Option<Competency>> {
        let table = self.txn.open_table(COMPETENCY_ID_TO_COMPETENCY)?;
        Ok(table.get(id.as_u128())?.map(|v| decode(v.value())).transpose()?)
    }

    /// The holders of a position, lowest NIP first, so "the" holder of a shared position is stable.
    fn holders(&self, position: PositionId) -> StoreResult<Vec<Employee>> {
        let table = self.txn.open_multimap_table(POSITION_ID_TO_HOLDER_IDS)?;
        let mut ids: Vec<EmployeeId> =
            table.get(position.as_u128())?.map(|id| Ok(EmployeeId::from_u128(id?.value()))).collect::<StoreResult<_>>()?;
        if let Some(moved) = self.moved {
            ids.retain(|id| *id != moved.employee);
            if moved.to == position {
                ids.push(moved.employee);
            }
        }
        let mut holders = Vec::new();
        for id in ids {
            if let Some(employee) = self.employee(id)? {
                holders.push(employee);
            }
        }
        holders.sort_by(|a, b| a.nip.cmp(&b.nip));
        Ok(holders)
    }

    fn subordinate_positions(&self, position: PositionId) -> StoreResult<Vec<PositionId>> {
        let table = self.txn.open_multimap_table(POSITION_ID_TO_SUBORDINATE_POSITION_IDS)?;
        table.get(position.as_u128())?.map(|id| Ok(PositionId::from_u128(id?.value()))).collect()
    }

    /// The supervisor of whoever holds `position`, by the shared rule. The rule takes infallible
    /// look-ups, so the first storage error is kept aside and returned afterwards.
    fn supervisor(&self, position: &Position) -> StoreResult<Option<Employee>> {
        let failure = RefCell::new(None);
        let supervisor = org::find_supervisor(
            position.id,
            |id| keep_error(&failure, self.position(id)).flatten().and_then(|p| p.superior),
            |id| keep_error(&failure, self.holders(id)).and_then(|h| h.into_iter().next()),
        );
        failure.into_inner().map_or(Ok(supervisor), Err)
    }

    /// The employees whose supervisor is `employee` by [`org::find_supervisor`]: the holders below
    /// their position, less those who report to another holder of a shared position.
    fn reports_of(&self, employee: &Employee) -> StoreResult<Vec<Employee>> {
        let mut reports = Vec::new();
        for report in self.direct_reports(employee.position)? {
            let Some(position) = self.position(report.position)? else { continue };
            if self.supervisor(&position)?.is_some_and(|boss| boss.id == employee.id) {
                reports.push(report);
            }
        }
        Ok(reports)
    }

    fn direct_reports(&self, position: PositionId) -> StoreResult<Vec<Employee>> {
        let failure = RefCell::new(None);
        let reports = org::direct_reports(
            position,
            |id| keep_error(&failure, self.subordinate_positions(id)).unwrap_or_default(),
            |id| keep_error(&failure, self.holders(id)).unwrap_or_default(),
        );
        failure.into_inner().map_or(Ok(reports), Err)
    }
}

/// The version of the organisation and dictionary; 1 until the first change, so that a cursor
/// without one (0) always gets the reference data.
fn reference_version(meta: &impl ReadableTable<&'static str, u64>) -> StoreResult<u64> {
    Ok(meta.get(REFERENCE_VERSION_KEY)?.map_or(1, |v| v.value()))
}

/// Marks the organisation or dictionary as changed: devices get the reference data again.
fn bump_reference_version(txn: &WriteTransaction) -> StoreResult<()> {
    let mut meta = txn.open_table(META)?;
    let version = reference_version(&meta)? + 1;
    meta.insert(REFERENCE_VERSION_KEY, version)?;
    Ok(())
}

/// Turns a result into an option, keeping the first error in `failure`.
fn keep_error<T>(failure: &RefCell<Option<StoreError>>, result: StoreResult<T>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            failure.borrow_mut().get_or_insert(error);
            None
        }
    }
}

#[cfg(test)]
mod tests {
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

    /// A one-day seminar called `title`.
    fn seminar(title: String) -> shared::domain::TrainingDetails {
        shared::domain::TrainingDetails {
            title,
            form: shared::domain::TrainingForm::Seminar,
            provider: "BPSDM".to_owned(),
            start: time::macros::date!(2026 - 03 - 02),
            end: time::macros::date!(2026 - 03 - 02),
            jp_claimed: 8,
            competencies: Vec::new(),
            certificate_number: String::new(),
        }
    }

    /// A command as the device that sent it would have made it (`command_id` chosen).
    fn envelope(command_id: u128, author: EmployeeId) -> shared::command::CommandEnvelope {
        shared::command::CommandEnvelope {
            command_id: shared::ids::CommandId(uuid::Uuid::from_u128(command_id)),
            device_id: shared::ids::DeviceId(uuid::Uuid::from_u128(1)),
            device_seq: 1,
            author,
            device_time_ms: 0,
            base_version: Some(1),
            command: shared::command::Command::SubmitTraining { id: shared::ids::TrainingId::from_u128(99) },
        }
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
            let mut outcomes = txn.open_table(COMMAND_ID_TO_OUTCOME).unwrap();
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
            assert_eq!(outcomes.get(8).unwrap().unwrap().value(), (0, 4, 19, b"".as_slice()), "other outcomes are untouched");
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
        let records: Vec<shared::command::Record> = (0..MIGRATION_SLICE as u128 + 3)
            .map(|n| {
                shared::command::Record::Training(shared::domain::TrainingRecord {
                    id: shared::ids::TrainingId::from_u128(1000 + n),
                    employee: author,
                    version: 1,
                    status: shared::domain::TrainingStatus::Draft,
                    details: seminar(format!("Pelatihan {n}")),
                    confirmed_by: None,
                    verification: None,
                    rejection: None,
                    updated_at_ms: 0,
                })
            })
            .chain([shared::command::Record::SelfAssessment(shared::domain::SelfAssessment {
                id: shared::ids::SelfAssessmentId::from_u128(1_000_000), // after the trainings, in id order
                employee: author,
                period: 2026,
                version: 1,
                status: shared::domain::AssessmentStatus::Draft,
                ratings: vec![shared::domain::SelfRating {
                    competency: shared::ids::CompetencyId::from_u128(3),
                    level: shared::domain::Level::new(3).unwrap(),
                    evidence: String::new(),
                }],
                review: None,
                amends: None,
                updated_at_ms: 0,
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
            command: shared::command::Command::SubmitTraining { id: shared::ids::TrainingId::from_u128(1000) },
            ..envelope(77, author)
        };
        let results = store.apply_commands(Actor { id: author, hr_admin: false }, &[submit], &Policy::default(), 0).unwrap();
        assert!(matches!(results[0].outcome, Outcome::Applied { version: 2, .. }), "{:?}", results[0]);
    }

    #[test]
    fn removals_older_than_the_retention_period_are_forgotten_and_older_cursors_start_over() {
        use shared::command::{Actor, Command, Policy};
        use shared::ids::TrainingId;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("retention.redb")).unwrap();
        let author = EmployeeId::from_u128(5);
        let actor = Actor { id: author, hr_admin: false };
        const DAY: i64 = 86_400_000;
        let start = 1_780_000_000_000; // May 2026
        // A draft saved, then discarded (a removal in the change log), at `at`; returns the cursors
        // of a device that pulled after the save and of one that pulled after the removal.
        let mut next_command = 100;
        let mut save_and_discard = |record: u128, at: i64| {
            let id = TrainingId::from_u128(record);
            let details = seminar(format!("Draf {record}"));
            let save = shared::command::CommandEnvelope { command: Command::SaveTraining { id, details }, base_version: None, ..envelope(next_command, author) };
            let discard = shared::command::CommandEnvelope { command: Command::DiscardDraft { id: id.0 }, base_version: Some(1), ..envelope(next_command + 1, author) };
            next_command += 2;
            let mut cursors = Vec::new();
            for command in [save, discard] {
                let results = store.apply_commands(actor, &[command], &Policy::default(), at).unwrap();
                assert!(!matches!(results[0].outcome, shared::sync::Outcome::Rejected { .. }), "{results:?}");
                cursors.push(store.pull(actor, Cursor::default(), 100).unwrap().cursor);
            }
            (cursors[0], cursors[1])
        };
        let (before_first, after_first) = save_and_discard(1, start);
        let (_, recent) = save_and_discard(2, start + 100 * DAY);

        // Nothing is older than a cutoff before every command.
        assert_eq!(store.purge_removals_older_than(start - DAY).unwrap(), 0);
        assert!(!store.pull(actor, before_first, 100).unwrap().reset_required, "nothing was purged");
        // Kept for 90 days, purged on day 100: the first removal goes, the second stays.
        let cutoff = start + 100 * DAY - 90 * DAY;
        assert_eq!(store.purge_removals_older_than(cutoff).unwrap(), 1);
        assert!(store.pull(actor, before_first, 100).unwrap().reset_required, "a device that had not seen the removal starts over");
        for (cursor, who) in [(after_first, "a device that had seen it"), (recent, "a device that synced since")] {
            let page = store.pull(actor, cursor, 100).unwrap();
            assert!(!page.reset_required, "{who} goes on");
        }
        assert_eq!(store.purge_removals_older_than(cutoff).unwrap(), 0, "purging again forgets nothing more");
        // A day later than everything: the second goes too.
        assert_eq!(store.purge_removals_older_than(start + 101 * DAY).unwrap(), 1);
        // With nothing in the audit log, there is nothing to purge.
        let empty = Store::open(&dir.path().join("empty.redb")).unwrap();
        assert_eq!(empty.purge_removals_older_than(start).unwrap(), 0);
    }

    #[test]
    fn a_command_by_someone_else_than_the_pusher_is_refused_and_leaves_no_trace() {
        use shared::command::{Actor, Policy, Rejection};
        use shared::sync::Outcome;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("author.redb")).unwrap();
        let pusher = Actor { id: EmployeeId::from_u128(5), hr_admin: false };
        let results = store.apply_commands(pusher, &[envelope(9, EmployeeId::from_u128(6))], &Policy::default(), 0).unwrap();
        assert_eq!(results[0].outcome, Outcome::Rejected { rejection: Rejection::Forbidden });
        let txn = store.db.begin_read().unwrap();
        assert!(txn.open_table(COMMAND_ID_TO_OUTCOME).unwrap().get(9).unwrap().is_none(), "no outcome is stored for it");
        assert!(store.audit_log(0, 10).unwrap().is_empty(), "nor an audit entry");
    }
}
