//! Authentication: argon2id password hashes, session tokens in an HttpOnly cookie, the
//! [`CurrentUser`] extractor, and the limiter on failed sign-ins.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use sha2::{Digest, Sha256};
use shared::ApiError;
use shared::ids::EmployeeId;

use crate::error::AppError;
use crate::state::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "kompeten_session";

/// How long a session lasts without use. Long, because field staff may work offline for weeks;
/// each visit while online slides the expiry forward (see `routes::auth::get_me`).
pub const SESSION_LIFETIME: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// How long a one-time password (a new account's, or a reset) signs in: HR issues a new one after.
pub const ONE_TIME_PASSWORD_LIFETIME_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// A session is slid forward only when it has less than this left, so an ordinary request does
/// not cost a database write.
pub const SESSION_REFRESH_BELOW: Duration = Duration::from_secs(29 * 24 * 60 * 60);

/// The argon2id parameters new hashes get: 7 MiB of memory and 5 passes, one of OWASP's
/// equivalent configurations (the crate's default is 19 MiB and 2 passes). A check holds that
/// memory while it runs, four at a time: 28 MiB instead of 76 MiB when sign-ins come together.
/// A stored hash names its own parameters, so older hashes keep verifying as they were made.
fn hasher() -> Argon2<'static> {
    let params = argon2::Params::new(7 * 1024, 5, 1, None).expect("valid argon2 parameters");
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// Hashes a password with argon2id and a fresh random salt, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(hasher().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// Whether `password` matches the stored PHC string. A malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A new session token: 32 random bytes, hex-encoded for the cookie.
pub fn new_session_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What the database keys a session by: the token itself is never stored.
pub fn token_digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Milliseconds since the Unix epoch (the server's clock, stamped on records and audit entries).
pub fn unix_now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The session cookie for `token`: HttpOnly (no script can read it), SameSite=Lax, the whole site,
/// `Secure` when the server is told it is behind HTTPS.
pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .max_age(time_duration(SESSION_LIFETIME))
        .build()
}

/// A cookie that tells the browser to forget the session.
pub fn removal_cookie() -> Cookie<'static> {
    let mut cookie = Cookie::build((SESSION_COOKIE, "")).path("/").build();
    cookie.make_removal();
    cookie
}

fn time_duration(duration: Duration) -> time::Duration {
    time::Duration::seconds(i64::try_from(duration.as_secs()).unwrap_or(i64::MAX))
}

/// The signed-in user of a request. Extracting it fails with `Unauthenticated` when there is no
/// valid, unexpired session, and with `PasswordChangeRequired` while the account's one-time
/// password is not yet changed ([`SignedIn`] lets those through).
#[derive(Clone, Copy, Debug)]
pub struct CurrentUser {
    pub employee: EmployeeId,
    pub hr_admin: bool,
    pub must_change_password: bool,
    pub session_digest: [u8; 32],
    pub expires_at: u64,
}

impl CurrentUser {
    /// The user as the command rules see them.
    pub fn actor(&self) -> shared::command::Actor {
        shared::command::Actor { id: self.employee, hr_admin: self.hr_admin }
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, state).await?;
        if user.must_change_password {
            return Err(ApiError::PasswordChangeRequired.into());
        }
        Ok(user)
    }
}

/// The signed-in user, whether or not their one-time password is changed yet: for what such a
/// user may still do (read their profile, change the password, sign out).
#[derive(Clone, Copy, Debug)]
pub struct SignedIn(pub CurrentUser);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()).ok_or(ApiError::Unauthenticated)?;
        let digest = token_digest(&token);
        let (session, access) = match state.database().cached_session(&digest) {
            Some(cached) => cached,
            None => state.store(move |store| store.session(&digest)).await?.ok_or(ApiError::Unauthenticated)?,
        };
        if session.expires_at <= unix_now() {
            return Err(ApiError::Unauthenticated.into());
        }
        Ok(SignedIn(CurrentUser {
            employee: session.employee,
            hr_admin: access.hr_admin,
            must_change_password: access.must_change_password,
            session_digest: digest,
            expires_at: session.expires_at,
        }))
    }
}

/// A one-time password: twelve characters in three groups (`K7QM-4ZTX-9RWP`), from an alphabet
/// without look-alikes (no 0/O, 1/I/L), about 59 bits: read out or written down without mistakes,
/// and guessed by nobody before its user replaces it.
pub fn one_time_password() -> Result<String, getrandom::Error> {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut bytes = [0u8; 12];
    let mut password = String::with_capacity(14);
    let mut filled = 0;
    while filled < 12 {
        getrandom::fill(&mut bytes)?;
        // Rejection sampling: 248 is the largest multiple of 31 below 256, so every letter is
        // equally likely.
        for byte in bytes.iter().filter(|b| **b < 248) {
            if filled == 12 {
                break;
            }
            if filled > 0 && filled % 4 == 0 {
                password.push('-');
            }
            password.push(char::from(ALPHABET[usize::from(*byte) % ALPHABET.len()]));
            filled += 1;
        }
    }
    Ok(password)
}

/// The signed-in user of a request that only HR may make (an administrative endpoint).
/// Extracting it fails with `Unauthenticated` without a session and `Forbidden` without HR rights.
#[derive(Clone, Copy, Debug)]
pub struct HrAdmin(pub CurrentUser);

impl FromRequestParts<AppState> for HrAdmin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        if !user.hr_admin {
            return Err(ApiError::Forbidden.into());
        }
        Ok(HrAdmin(user))
    }
}

/// Limits failed sign-ins, per NIP (against guessing one person's password) and per client
/// address (against trying many NIPs). Counts live in memory: a restart forgets them, which only
/// ever lets an attacker start over once per restart.
#[derive(Debug)]
pub struct SignInLimiter {
    policy: LimitPolicy,
    failures: Mutex<HashMap<LimitKey, Window>>,
}

/// How many failures are allowed in one window.
#[derive(Clone, Copy, Debug)]
pub struct LimitPolicy {
    pub per_nip: u32,
    pub per_address: u32,
    pub window: Duration,
}

impl Default for LimitPolicy {
    fn default() -> Self {
        Self { per_nip: 5, per_address: 20, window: Duration::from_secs(15 * 60) }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum LimitKey {
    Nip(String),
    Address(IpAddr),
}

#[derive(Clone, Copy, Debug)]
struct Window {
    started: Instant,
    failures: u32,
}

/// Past this many tracked keys, expired windows are swept out on the next failure.
const SWEEP_ABOVE: usize = 10_000;

impl SignInLimiter {
    pub fn new(policy: LimitPolicy) -> Self {
        Self { policy, failures: Mutex::new(HashMap::new()) }
    }

    /// Takes one attempt for the NIP and the address, counted as a failure until
    /// [`SignInLimiter::record_success`] gives it back, so that parallel guesses cannot all pass
    /// the check before any of them is counted. `Err(TooManyAttempts)` when either is used up.
    pub fn reserve(&self, nip: &str, address: Option<IpAddr>) -> Result<(), ApiError> {
        self.reserve_at(nip, address, Instant::now())
    }

    /// [`SignInLimiter::reserve`] at `now`.
    fn reserve_at(&self, nip: &str, address: Option<IpAddr>, now: Instant) -> Result<(), ApiError> {
        // One lock for the check and the count: two attempts cannot both pass before either counts.
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        self.blocked(&failures, now, nip, address)?;
        self.count(&mut failures, now, nip, address);
        Ok(())
    }

    fn blocked(&self, failures: &HashMap<LimitKey, Window>, now: Instant, nip: &str, address: Option<IpAddr>) -> Result<(), ApiError> {
        let mut wait = Duration::ZERO;
        for (key, limit) in self.keys(nip, address) {
            if let Some(window) = failures.get(&key) {
                let elapsed = now.duration_since(window.started);
                if elapsed < self.policy.window && window.failures >= limit {
                    wait = wait.max(self.policy.window - elapsed);
                }
            }
        }
        if wait.is_zero() {
            Ok(())
        } else {
            Err(ApiError::TooManyAttempts { retry_after_secs: wait.as_secs().max(1) })
        }
    }

    fn count(&self, failures: &mut HashMap<LimitKey, Window>, now: Instant, nip: &str, address: Option<IpAddr>) {
        if failures.len() > SWEEP_ABOVE {
            failures.retain(|_, window| now.duration_since(window.started) < self.policy.window);
        }
        for (key, _) in self.keys(nip, address) {
            let window = failures.entry(key).or_insert(Window { started: now, failures: 0 });
            if now.duration_since(window.started) >= self.policy.window {
                *window = Window { started: now, failures: 0 };
            }
            window.failures += 1;
        }
    }

    /// A successful sign-in clears the NIP's count and gives the address back its reserved
    /// attempt (only that one: one right password must not reset a scan of many NIPs).
    pub fn record_success(&self, nip: &str, address: Option<IpAddr>) {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        failures.remove(&LimitKey::Nip(nip.to_owned()));
        if let Some(window) = address.and_then(|a| failures.get_mut(&LimitKey::Address(a))) {
            window.failures = window.failures.saturating_sub(1);
        }
    }

    fn keys(&self, nip: &str, address: Option<IpAddr>) -> impl Iterator<Item = (LimitKey, u32)> {
        let nip = (LimitKey::Nip(nip.to_owned()), self.policy.per_nip);
        let address = address.map(|a| (LimitKey::Address(a), self.policy.per_address));
        std::iter::once(nip).chain(address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hash_round_trip() {
        let hash = hash_password("rahasia-123").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("rahasia-123", &hash));
        assert!(!verify_password("rahasia-124", &hash));
        assert!(!verify_password("rahasia-123", "not a hash"));
        assert!(hash.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"), "the parameters new hashes get: {hash}");
    }

    #[test]
    fn a_hash_made_with_the_earlier_parameters_still_verifies() {
        let salt = SaltString::generate(&mut OsRng);
        let earlier = Argon2::default().hash_password(b"rahasia-123", &salt).unwrap().to_string();
        assert!(earlier.contains("m=19456,t=2,p=1"), "{earlier}");
        assert!(verify_password("rahasia-123", &earlier));
        assert!(!verify_password("rahasia-124", &earlier));
    }

    #[test]
    fn limiter_blocks_a_nip_after_its_failures_and_success_clears_it() {
        let limiter = SignInLimiter::new(LimitPolicy { per_nip: 3, per_address: 100, window: Duration::from_secs(60) });
        let address = Some(IpAddr::from([127, 0, 0, 1]));
        // Three attempts that fail (each stays counted: no success gives it back).
        for _ in 0..3 {
            assert!(limiter.reserve("A", address).is_ok());
        }
        let Err(ApiError::TooManyAttempts { retry_after_secs }) = limiter.reserve("A", address) else {
            panic!("the fourth attempt must be refused");
        };
        assert!((1..=60).contains(&retry_after_secs));
        assert!(limiter.reserve("B", address).is_ok(), "another NIP is not blocked");
        limiter.record_success("A", address);
        assert!(limiter.reserve("A", address).is_ok());
    }

    #[test]
    fn limiter_blocks_an_address_trying_many_nips() {
        let limiter = SignInLimiter::new(LimitPolicy { per_nip: 100, per_address: 4, window: Duration::from_secs(60) });
        let address = Some(IpAddr::from([10, 0, 0, 7]));
        for nip in ["A", "B", "C", "D"] {
            assert!(limiter.reserve(nip, address).is_ok());
        }
        assert!(limiter.reserve("E", address).is_err());
        assert!(limiter.reserve("E", Some(IpAddr::from([10, 0, 0, 8]))).is_ok());
    }

    #[test]
    fn a_window_that_has_passed_forgets_its_failures() {
        let window = Duration::from_secs(60);
        let limiter = SignInLimiter::new(LimitPolicy { per_nip: 1, per_address: 1, window });
        let start = Instant::now();
        assert!(limiter.reserve_at("A", None, start).is_ok());
        let almost = start + window - Duration::from_millis(1);
        assert!(limiter.reserve_at("A", None, almost).is_err(), "the failure counts within its window");
        assert!(limiter.reserve_at("A", None, start + window).is_ok(), "the window is over");
    }

    #[test]
    fn parallel_attempts_cannot_all_pass_the_check() {
        let limiter = SignInLimiter::new(LimitPolicy { per_nip: 3, per_address: 100, window: Duration::from_secs(60) });
        // Sixteen attempts at once, from as many threads: exactly three get through.
        let passed = std::sync::atomic::AtomicU32::new(0);
        let start = std::sync::Barrier::new(16);
        std::thread::scope(|threads| {
            for _ in 0..16 {
                threads.spawn(|| {
                    start.wait();
                    if limiter.reserve("A", None).is_ok() {
                        passed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                });
            }
        });
        assert_eq!(passed.into_inner(), 3);
        assert!(limiter.reserve("A", None).is_err());
    }

    #[test]
    fn a_success_gives_the_address_its_attempt_back() {
        let limiter = SignInLimiter::new(LimitPolicy { per_nip: 5, per_address: 2, window: Duration::from_secs(60) });
        let office = Some(IpAddr::from([10, 1, 1, 1]));
        for nip in ["A", "B", "C", "D"] {
            limiter.reserve(nip, office).unwrap();
            limiter.record_success(nip, office);
        }
        assert!(limiter.reserve("E", office).is_ok(), "many colleagues signing in from one office are fine");
    }
}
