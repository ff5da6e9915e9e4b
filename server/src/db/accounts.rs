//! Accounts as HR and their users keep them: created with a one-time password, reset to a new
//! one, changed by their user; and HR's list of employees with their accounts. A new password
//! ends the user's other sessions (a change of HR rights does too: `moves.rs`).

use redb::{ReadableDatabase, ReadableTable};
use shared::api::{AccountState, AdminAction, AuditSubject, EmployeeLine, EmployeePage};
use shared::domain::{Employee, Nip};
use shared::ids::EmployeeId;

use super::admin_audit::{self, AdminChange, snapshot};
use super::codec::{decode, encode};
use super::org::Reader;
use super::sessions::end_sessions_of;
use super::tables::*;
use super::{Account, Store, StoreResult};

impl Store {
    /// The employee with this NIP, if any.
    pub fn employee_by_nip(&self, nip: &Nip) -> StoreResult<Option<Employee>> {
        let txn = self.db.begin_read()?;
        let Some(id) = txn.open_table(NIP_TO_EMPLOYEE_ID)?.get(nip.as_str())?.map(|v| v.value()) else {
            return Ok(None);
        };
        Reader::new(&txn).employee(EmployeeId::from_u128(id))
    }

    /// `employee`'s NIP and account, if they have one.
    pub fn account(&self, employee: EmployeeId) -> StoreResult<Option<(Nip, Account)>> {
        let txn = self.db.begin_read()?;
        let Some(person) = Reader::new(&txn).employee(employee)? else { return Ok(None) };
        Ok(super::profile::account_of(&txn, employee)?.map(|account| (person.nip, account)))
    }

    /// Creates an account for each employee that has none, with the (hashed) one-time password
    /// given for them, in one transaction. Answers, for each, whether it was created (`false`:
    /// they already had an account, which is left as it is).
    /// `author` is the HR officer (`None`: the server's command line), named in the audit trail.
    pub fn create_accounts(&self, author: Option<EmployeeId>, accounts: &[(EmployeeId, String)], now_ms: i64) -> StoreResult<Vec<bool>> {
        let txn = self.db.begin_write()?;
        let mut created = Vec::with_capacity(accounts.len());
        let mut trail = Vec::new();
        {
            let mut table = txn.open_table(EMPLOYEE_ID_TO_ACCOUNT)?;
            for (employee, hash) in accounts {
                if table.get(employee.as_u128())?.is_some() {
                    created.push(false);
                    continue;
                }
                let account = Account { password_hash: hash.clone(), hr_admin: false, must_change_password: true, one_time_since_ms: Some(now_ms) };
                table.insert(employee.as_u128(), encode(&account)?.as_slice())?;
                created.push(true);
                trail.push(account_change(&txn, *employee, AdminAction::AccountCreated, None, Some(&account))?);
            }
        }
        admin_audit::append(&txn, author, trail)?;
        txn.commit()?;
        Ok(created)
    }

    /// Sets `employee`'s password: a one-time password (`one_time`, when HR resets it, issued at
    /// `now_ms`) or the one they chose. Every session of theirs but `keep` ends. `false` if they
    /// have no account. `author` is whoever sets it: HR for a reset, the user for their own.
    pub fn set_password(&self, author: Option<EmployeeId>, employee: EmployeeId, hash: String, one_time: bool, keep: Option<&[u8; 32]>, now_ms: i64) -> StoreResult<bool> {
        let txn = self.db.begin_write()?;
        let change = {
            let mut table = txn.open_table(EMPLOYEE_ID_TO_ACCOUNT)?;
            let Some(mut account) = table.get(employee.as_u128())?.map(|v| decode::<Account>(v.value())).transpose()? else {
                return Ok(false);
            };
            let before = account.clone();
            account.password_hash = hash;
            account.must_change_password = one_time;
            account.one_time_since_ms = one_time.then_some(now_ms);
            table.insert(employee.as_u128(), encode(&account)?.as_slice())?;
            let action = if one_time { AdminAction::PasswordReset } else { AdminAction::PasswordChanged };
            account_change(&txn, employee, action, Some(&before), Some(&account))?
        };
        admin_audit::append(&txn, author, [change])?;
        end_sessions_of(&txn, employee, keep)?;
        // Forgotten before and after the commit, as a change of rights is (`moves.rs`).
        self.forget_sessions_of(employee);
        txn.commit()?;
        self.forget_sessions_of(employee);
        Ok(true)
    }

    /// Employees whose NIP starts with `query` (spaces ignored) or whose name contains it (any
    /// case), by name then NIP, page `page` of `page_size`. It reads every employee: an agency of
    /// 100,000 answers in tens of milliseconds, for a screen HR opens now and then.
    pub fn search_employees(&self, query: &str, page: u32, page_size: u32) -> StoreResult<EmployeePage> {
        let txn = self.db.begin_read()?;
        let reader = Reader::new(&txn);
        let digits: String = query.chars().filter(|c| !c.is_whitespace()).collect();
        let by_nip = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        let words = query.trim().to_lowercase();
        let mut found: Vec<Employee> = Vec::new();
        for entry in txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?.iter()? {
            let employee: Employee = decode(entry?.1.value())?;
            let matches = if by_nip { employee.nip.as_str().starts_with(&digits) } else { employee.name.to_lowercase().contains(&words) };
            if matches {
                found.push(employee);
            }
        }
        found.sort_by(|a, b| (a.name.as_str(), &a.nip).cmp(&(b.name.as_str(), &b.nip)));
        let total = found.len() as u64;
        let start = (page as usize).saturating_mul(page_size as usize);
        let mut employees = Vec::new();
        for employee in found.into_iter().skip(start).take(page_size as usize) {
            employees.push(line(&txn, &reader, employee)?);
        }
        Ok(EmployeePage { employees, total, page, page_size })
    }
}

impl Store {
    /// The position with this code, if any (codes are few enough to look through).
    pub fn position_by_code(&self, code: &str) -> StoreResult<Option<shared::domain::Position>> {
        let txn = self.db.begin_read()?;
        for entry in txn.open_table(POSITION_ID_TO_POSITION)?.iter()? {
            let position: shared::domain::Position = decode(entry?.1.value())?;
            if !code.is_empty() && position.code.eq_ignore_ascii_case(code) {
                return Ok(Some(position));
            }
        }
        Ok(None)
    }

    /// The holders of `position` as HR's lists show them.
    pub fn holder_lines(&self, position: shared::ids::PositionId) -> StoreResult<Vec<EmployeeLine>> {
        let txn = self.db.begin_read()?;
        let reader = Reader::new(&txn);
        reader.holders(position)?.into_iter().map(|holder| line(&txn, &reader, holder)).collect()
    }
}

/// An employee as HR's lists show them: position, unit, supervisor, account.
fn line(txn: &redb::ReadTransaction, reader: &Reader, employee: Employee) -> StoreResult<EmployeeLine> {
    let account = super::profile::account_of(txn, employee.id)?;
    let position = reader.position(employee.position)?;
    let (unit, supervisor, appraiser_named) = match &position {
        Some(position) if employee.departure.is_some() => (reader.unit(position.unit)?.map(|u| u.name).unwrap_or_default(), None, false),
        Some(position) => {
            let supervisor = reader.supervisor(position)?;
            let named = supervisor.is_some() && reader.tree_supervisor(position)?.is_none();
            (reader.unit(position.unit)?.map(|u| u.name).unwrap_or_default(), supervisor.map(|s| s.name), named)
        }
        None => (String::new(), None, false),
    };
    Ok(EmployeeLine {
        id: employee.id,
        nip: employee.nip,
        name: employee.name,
        position_code: position.as_ref().map(|p| p.code.clone()).unwrap_or_default(),
        position: position.map(|p| p.name).unwrap_or_default(),
        unit,
        supervisor,
        appraiser_named,
        account: match &account {
            None => AccountState::None,
            Some(a) if a.must_change_password => AccountState::OneTime,
            Some(_) => AccountState::Active,
        },
        hr_admin: account.is_some_and(|a| a.hr_admin),
        departure: employee.departure,
        rank: crate::import::rank_cell(employee.rank),
        employment: employee.employment.label().to_owned(),
        service_start: employee.service_start.map(shared::domain::iso_date::format).unwrap_or_default(),
    })
}

/// An account's change as the audit trail keeps it: what the account allows, before and after
/// (never the password or its hash).
pub(super) fn account_change(txn: &redb::WriteTransaction, employee: EmployeeId, action: AdminAction, before: Option<&Account>, after: Option<&Account>) -> StoreResult<AdminChange> {
    let person: Option<Employee> = txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?.get(employee.as_u128())?.map(|v| decode(v.value())).transpose()?;
    let shown = |account: &Account| snapshot(&serde_json::json!({ "hr_admin": account.hr_admin, "must_change_password": account.must_change_password }));
    Ok(AdminChange {
        action,
        subject: AuditSubject::Employee,
        key: person.as_ref().map(|p| p.nip.as_str().to_owned()).unwrap_or_default(),
        name: person.map(|p| p.name).unwrap_or_default(),
        before: before.and_then(shown),
        after: after.and_then(shown),
    })
}
