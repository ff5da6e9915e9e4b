//! Accounts and sessions. Passwords are kept only as argon2id hashes, in their own table (never
//! inside an employee record that could be synced); sessions only under the SHA-256 digest of
//! their token, so a stolen database file holds no usable token. Recently seen sessions are
//! cached in memory, so an authenticated request needs no database read to learn who is asking.

use std::time::{Duration, Instant};

use redb::{ReadableDatabase, ReadableTable};
use shared::domain::Nip;
use shared::ids::EmployeeId;

use super::codec::{decode, encode};
use super::tables::*;
use super::{Store, StoreResult};

/// An account's credentials and granted role, kept apart from the employee record so that
/// employee data can be synced to devices without ever carrying a password hash.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Account {
    /// An argon2id PHC string.
    pub password_hash: String,
    pub hr_admin: bool,
    /// The password is a one-time password (a new account, or reset by HR): until it is changed
    /// the user may do nothing else. Added in schema 4 (absent before: `false`).
    #[serde(default)]
    pub must_change_password: bool,
    /// When the one-time password was issued (Unix milliseconds): it expires after
    /// `auth::ONE_TIME_PASSWORD_LIFETIME`. Added in 0.4; absent for one issued before, which
    /// does not expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_time_since_ms: Option<i64>,
}

/// What a session's account may do, read with the session on every request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Access {
    pub hr_admin: bool,
    pub must_change_password: bool,
}

impl Access {
    fn of(account: Option<&Account>) -> Access {
        account.map_or_else(Access::default, |a| Access { hr_admin: a.hr_admin, must_change_password: a.must_change_password })
    }
}

/// A signed-in session, stored under the SHA-256 digest of its token.
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
pub struct Session {
    pub employee: EmployeeId,
    /// Unix seconds after which the session is void.
    pub expires_at: u64,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct CachedSession {
    session: Session,
    access: Access,
    cached_at: Instant,
}

/// How long a cached session (and its HR flag) is trusted without a database read.
pub const SESSION_CACHE_TTL: Duration = Duration::from_secs(60);

/// Past this many cached sessions the cache starts over (a bound on memory, not a policy).
const SESSION_CACHE_MAX: usize = 50_000;

impl Store {
    pub fn account_by_nip(&self, nip: &Nip) -> StoreResult<Option<(EmployeeId, Account)>> {
        let txn = self.db.begin_read()?;
        let Some(id) = txn.open_table(NIP_TO_EMPLOYEE_ID)?.get(nip.as_str())?.map(|v| v.value()) else {
            return Ok(None);
        };
        let account = txn.open_table(EMPLOYEE_ID_TO_ACCOUNT)?.get(id)?.map(|v| decode::<Account>(v.value())).transpose()?;
        Ok(account.map(|account| (EmployeeId::from_u128(id), account)))
    }

    /// Writes (or replaces) these employees' accounts, in one transaction.
    pub fn put_accounts(&self, accounts: &[(EmployeeId, Account)]) -> StoreResult<()> {
        let txn = self.db.begin_write()?;
        {
            let mut table = txn.open_table(EMPLOYEE_ID_TO_ACCOUNT)?;
            for (employee, account) in accounts {
                table.insert(employee.as_u128(), encode(account)?.as_slice())?;
            }
        }
        txn.commit()?;
        Ok(())
    }

    /// Starts a session, unless its employee left the service meanwhile (checked in the same
    /// transaction as the write, so a departure that commits during a sign-in cannot be outlived):
    /// `false` then.
    pub fn insert_session(&self, digest: &[u8; 32], session: Session) -> StoreResult<bool> {
        let txn = self.db.begin_write()?;
        let employee: Option<shared::domain::Employee> =
            txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?.get(session.employee.as_u128())?.map(|v| decode(v.value())).transpose()?;
        if employee.is_some_and(|e| e.departure.is_some()) {
            return Ok(false);
        }
        txn.open_table(SESSION_DIGEST_TO_SESSION)?.insert(digest.as_slice(), encode(&session)?.as_slice())?;
        txn.commit()?;
        self.forget_session(digest);
        Ok(true)
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
    pub fn cached_session(&self, digest: &[u8; 32]) -> Option<(Session, Access)> {
        let cache = self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .get(digest)
            .filter(|cached| cached.cached_at.elapsed() < SESSION_CACHE_TTL)
            .map(|cached| (cached.session, cached.access))
    }

    pub(super) fn forget_session(&self, digest: &[u8; 32]) {
        self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(digest);
    }

    /// The session stored under `digest`, and what its account may do (read together: every
    /// authenticated request needs both).
    pub fn session(&self, digest: &[u8; 32]) -> StoreResult<Option<(Session, Access)>> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(SESSION_DIGEST_TO_SESSION)?;
        let Some(session) = table.get(digest.as_slice())?.map(|v| decode::<Session>(v.value())).transpose()? else {
            return Ok(None);
        };
        // Someone out of service has no session (theirs were ended when they left; this also
        // covers a read that began before that commit).
        let person: Option<shared::domain::Employee> =
            txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?.get(session.employee.as_u128())?.map(|v| decode(v.value())).transpose()?;
        if person.is_some_and(|p| p.departure.is_some()) {
            return Ok(None);
        }
        let accounts = txn.open_table(EMPLOYEE_ID_TO_ACCOUNT)?;
        let account = accounts.get(session.employee.as_u128())?.map(|v| decode::<Account>(v.value())).transpose()?;
        let access = Access::of(account.as_ref());
        let mut cache = self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.len() >= SESSION_CACHE_MAX {
            cache.clear();
        }
        cache.insert(*digest, CachedSession { session, access, cached_at: Instant::now() });
        Ok(Some((session, access)))
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

    /// Forgets every cached session of `employee` (their rights changed): their next request
    /// reads them again.
    pub(super) fn forget_sessions_of(&self, employee: EmployeeId) {
        self.sessions.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).retain(|_, cached| cached.session.employee != employee);
    }
}

/// Ends every session of `employee` but `keep` (the one that changed its own password), inside
/// the caller's transaction. Sessions are keyed by digest alone, so this reads them all: it is
/// for rare changes (a password, a role), never a request's path.
pub(super) fn end_sessions_of(txn: &redb::WriteTransaction, employee: EmployeeId, keep: Option<&[u8; 32]>) -> StoreResult<usize> {
    let mut table = txn.open_table(SESSION_DIGEST_TO_SESSION)?;
    let mut ended = Vec::new();
    for entry in table.iter()? {
        let (digest, session) = entry?;
        if decode::<Session>(session.value())?.employee == employee && keep.is_none_or(|keep| digest.value() != keep.as_slice()) {
            ended.push(digest.value().to_vec());
        }
    }
    for digest in &ended {
        table.remove(digest.as_slice())?;
    }
    Ok(ended.len())
}
