//! HR's changes of an employee's service on the employees page: a move to another position,
//! leaving the service (retired or deactivated) and returning to it. Each is one transaction with
//! its entry in the audit trail, and hands over the records of everyone whose supervisor changes
//! by it, as a reassignment does (`moves::hand_over`). Leaving also ends the employee's sessions:
//! they can no longer sign in.

use redb::ReadableDatabase;
use shared::api::{AdminAction, AuditSubject};
use shared::domain::{Departure, Employee};
use shared::ids::{EmployeeId, PositionId};

use super::admin_audit::{self, AdminChange, snapshot};
use super::moves::hand_over;
use super::org::Reader;
use super::sessions::end_sessions_of;
use super::{Store, StoreResult};

/// What a change of service came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceChange {
    Changed,
    Unchanged,
    UnknownEmployee,
    UnknownPosition,
    /// Someone out of service holds no position to move from: they return first.
    OutOfService,
    /// The position is one they are the appraiser of: nobody appraises themselves.
    SelfAppraisal,
    /// They are the agency's last HR officer in service: nobody could manage it after them.
    LastHrAdmin,
    /// The position is closed: nobody moves into it, nor returns to service in it.
    ClosedPosition,
}

impl Store {
    /// Moves `employee` to `position`. `author` is the HR officer, named in the audit trail.
    pub fn move_employee(&self, author: Option<EmployeeId>, employee: EmployeeId, position: PositionId) -> StoreResult<ServiceChange> {
        let txn = self.db.begin_write()?;
        let read = self.db.begin_read()?;
        let reader = Reader::new(&read);
        let Some(moving) = reader.employee(employee)? else { return Ok(ServiceChange::UnknownEmployee) };
        let Some(to) = reader.position(position)? else { return Ok(ServiceChange::UnknownPosition) };
        if to.closed {
            return Ok(ServiceChange::ClosedPosition);
        }
        if moving.departure.is_some() {
            return Ok(ServiceChange::OutOfService);
        }
        if moving.position == position {
            return Ok(ServiceChange::Unchanged);
        }
        if to.appraiser == Some(employee) {
            return Ok(ServiceChange::SelfAppraisal);
        }
        let from = reader.position(moving.position)?;
        let moved = Employee { position, ..moving.clone() };
        hand_over(&txn, &read, &moving, &moved)?;
        let at = |name: Option<String>, code: &str| snapshot(&serde_json::json!({ "position": code, "position_name": name }));
        let change = change(AdminAction::Moved, &moving, at(from.as_ref().map(|p| p.name.clone()), from.as_ref().map_or("", |p| p.code.as_str())), at(Some(to.name.clone()), &to.code));
        admin_audit::append(&txn, author, [change])?;
        txn.commit()?;
        Ok(ServiceChange::Changed)
    }

    /// Takes `employee` out of service (`Some`: retired or deactivated, since a date) or back into
    /// it (`None`, in the position they last held). Leaving ends their sessions.
    pub fn set_departure(&self, author: Option<EmployeeId>, employee: EmployeeId, departure: Option<Departure>) -> StoreResult<ServiceChange> {
        let txn = self.db.begin_write()?;
        let read = self.db.begin_read()?;
        let reader = Reader::new(&read);
        let Some(person) = reader.employee(employee)? else { return Ok(ServiceChange::UnknownEmployee) };
        if person.departure.map(|d| d.reason) == departure.map(|d| d.reason) {
            return Ok(ServiceChange::Unchanged);
        }
        if departure.is_none() && reader.position(person.position)?.is_some_and(|p| p.appraiser == Some(employee)) {
            return Ok(ServiceChange::SelfAppraisal);
        }
        // Their position was closed while they were away: it is opened again, or their form gives
        // them another, first.
        if departure.is_none() && reader.position(person.position)?.is_some_and(|p| p.closed) {
            return Ok(ServiceChange::ClosedPosition);
        }
        if departure.is_some() {
            let accounts = txn.open_table(super::tables::EMPLOYEE_ID_TO_ACCOUNT)?;
            let hr = super::profile::account_of(&read, employee)?.is_some_and(|a| a.hr_admin);
            if hr && super::moves::other_active_hr_admins(&txn, &accounts, employee)? == 0 {
                return Ok(ServiceChange::LastHrAdmin);
            }
        }
        let updated = Employee { departure, ..person.clone() };
        hand_over(&txn, &read, &person, &updated)?;
        if departure.is_some() {
            end_sessions_of(&txn, employee, None)?;
        }
        let action = if departure.is_some() { AdminAction::LeftService } else { AdminAction::ReturnedToService };
        let shown = |d: Option<Departure>| snapshot(&serde_json::json!({ "departure": d }));
        admin_audit::append(&txn, author, [change(action, &person, shown(person.departure), shown(departure))])?;
        self.forget_sessions_of(employee);
        txn.commit()?;
        self.forget_sessions_of(employee);
        Ok(ServiceChange::Changed)
    }
}

fn change(action: AdminAction, employee: &Employee, before: Option<String>, after: Option<String>) -> AdminChange {
    AdminChange { action, subject: AuditSubject::Employee, key: employee.nip.as_str().to_owned(), name: employee.name.clone(), before, after }
}
