//! Changes of who sees whom: the hand-over of records when someone's supervisor changes (used by
//! HR's moves and departures, `service.rs`), HR rights granted or revoked, and appraisers named. Each writes what the devices concerned need to learn at
//! their next pull: records logged again for whoever gains them, a scope exit or a reset for
//! whoever loses them.

use redb::{ReadTransaction, ReadableDatabase, ReadableTable, WriteTransaction};
use shared::api::AdminAction;
use shared::domain::Employee;
use shared::ids::{EmployeeId, PositionId};

use super::changelog::LogWriter;
use super::codec::{decode, encode};
use super::org::{Move, NOWHERE, Reader, bump_reference_version};
use super::accounts::account_change;
use super::admin_audit;
use super::sessions::end_sessions_of;
use super::tables::*;
use super::{Account, Store, StoreResult};

/// Writes `updated` in place of `employee` (another position, out of service or back in it) with
/// the holders index, and hands over the records of everyone whose supervisor differs after it:
/// logged again for whoever gains them, a scope exit for whoever loses them. The people affected
/// are the employee, those who reported to them, and those who will.
pub(super) fn hand_over(txn: &WriteTransaction, snapshot: &ReadTransaction, employee: &Employee, updated: &Employee) -> StoreResult<()> {
    let before = Reader::new(snapshot);
    let to = if updated.departure.is_none() { updated.position } else { NOWHERE };
    let after = Reader::with_move(snapshot, Move { employee: employee.id, to });
    let mut affected = vec![employee.id];
    if employee.departure.is_none() {
        affected.extend(before.direct_reports(employee.position)?.into_iter().map(|e| e.id));
    }
    affected.extend(after.direct_reports(to)?.into_iter().map(|e| e.id));
    // Whom they appraise (the agency head), before and after.
    affected.extend(before.appraised(employee)?.into_iter().map(|e| e.id));
    if let Some(after_self) = after.employee(employee.id)? {
        let after_self = Employee { departure: updated.departure, ..after_self };
        affected.extend(after.appraised(&after_self)?.into_iter().map(|e| e.id));
    }
    affected.sort();
    affected.dedup();
    let mut changed = Vec::new();
    for id in affected {
        let old = before.supervisor_of(id)?;
        let new = if id == employee.id && updated.departure.is_some() { None } else { after.supervisor_of(id)? };
        if old != new {
            changed.push((id, old, new));
        }
    }
    let mut employees = txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?;
    let mut holders = txn.open_multimap_table(POSITION_ID_TO_HOLDER_IDS)?;
    employees.insert(employee.id.as_u128(), encode(updated)?.as_slice())?;
    holders.remove(employee.position.as_u128(), employee.id.as_u128())?;
    if updated.departure.is_none() {
        holders.insert(updated.position.as_u128(), employee.id.as_u128())?;
    }
    let mut log = LogWriter::open(txn)?;
    hand_over_records(&mut log, changed)?;
    log.finish()?;
    drop((employees, holders));
    bump_reference_version(txn)
}

/// Hands records over for each person whose supervisor changed (`person`, before, after): the old
/// supervisor's devices lose what they may no longer see of the person, and the person's devices
/// what they may no longer see of the old supervisor (their approved plan); the person's records
/// and the new supervisor's are logged again, for whoever may see them now.
pub(super) fn hand_over_records(log: &mut LogWriter, changed: impl IntoIterator<Item = (EmployeeId, Option<EmployeeId>, Option<EmployeeId>)>) -> StoreResult<()> {
    let mut new_supervisors = Vec::new();
    for (person, old, new) in changed {
        if let Some(old) = old {
            log.log_scope_exit(old, person)?;
            log.log_scope_exit(person, old)?;
        }
        for id in log.records_of(person)? {
            log.relog(id)?;
        }
        new_supervisors.extend(new);
    }
    // Each new supervisor's records once, however many people they gained.
    new_supervisors.sort();
    new_supervisors.dedup();
    for supervisor in new_supervisors {
        for id in log.records_of(supervisor)? {
            log.relog(id)?;
        }
    }
    Ok(())
}

impl Store {
    /// Grants (`true`) or revokes HR rights. The person's sessions end (they sign in again, with
    /// their new rights), and their devices start over at their next pull (what they may see
    /// changed wholesale: HR's queue comes, or goes), keeping their outboxes. The agency's last
    /// HR officer keeps their rights: nobody could grant them again.
    /// `author` is the HR officer (`None`: the server's command line), named in the audit trail.
    pub fn set_hr_admin(&self, author: Option<EmployeeId>, employee: EmployeeId, hr_admin: bool) -> StoreResult<HrRights> {
        let txn = self.db.begin_write()?;
        let change = {
            let mut accounts = txn.open_table(EMPLOYEE_ID_TO_ACCOUNT)?;
            let Some(mut account) = accounts.get(employee.as_u128())?.map(|v| decode::<Account>(v.value())).transpose()? else {
                return Ok(HrRights::NoAccount);
            };
            if account.hr_admin == hr_admin {
                return Ok(HrRights::Unchanged);
            }
            if !hr_admin && other_active_hr_admins(&txn, &accounts, employee)? == 0 {
                return Ok(HrRights::LastHrAdmin);
            }
            let before = account.clone();
            account.hr_admin = hr_admin;
            accounts.insert(employee.as_u128(), encode(&account)?.as_slice())?;
            let mut log = LogWriter::open(&txn)?;
            log.log_reset(employee)?;
            log.finish()?;
            let action = if hr_admin { AdminAction::HrGranted } else { AdminAction::HrRevoked };
            account_change(&txn, employee, action, Some(&before), Some(&account))?
        };
        admin_audit::append(&txn, author, [change])?;
        end_sessions_of(&txn, employee, None)?;
        // Forgotten before and after: a request that read the old rights while this committed
        // may have cached them meanwhile.
        self.forget_sessions_of(employee);
        txn.commit()?;
        self.forget_sessions_of(employee);
        Ok(HrRights::Changed)
    }
}

/// How many HR officers other than `employee` are still in service.
pub(super) fn other_active_hr_admins(txn: &WriteTransaction, accounts: &impl ReadableTable<u128, &'static [u8]>, employee: EmployeeId) -> StoreResult<usize> {
    let employees = txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?;
    let mut others = 0;
    for entry in accounts.iter()? {
        let (id, value) = entry?;
        if id.value() == employee.as_u128() || !decode::<Account>(value.value())?.hr_admin {
            continue;
        }
        let in_service = employees.get(id.value())?.map(|v| decode::<Employee>(v.value())).transpose()?.is_some_and(|e| e.departure.is_none());
        if in_service {
            others += 1;
        }
    }
    Ok(others)
}

/// What a grant or revocation of HR rights came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HrRights {
    Changed,
    /// They already had (or lacked) them.
    Unchanged,
    NoAccount,
    /// The revocation was refused: they are the agency's last HR officer.
    LastHrAdmin,
}

/// What naming an appraiser came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppraiserChange {
    Changed,
    Unchanged,
    UnknownPosition,
    UnknownAppraiser,
    /// The appraiser holds the position: nobody appraises themselves.
    HoldsThePosition,
    /// The appraiser has left the service.
    OutOfService,
}

impl Store {
    /// Names (or with `None`, removes) the appraiser of `position`'s holders, for when the tree
    /// gives them no supervisor. Whoever gains or loses a supervisor by it sees it at their next
    /// pull, as after a reassignment: the holders' records are logged again and the former
    /// appraiser's devices drop them. `author` is the HR officer, named in the audit trail.
    pub fn set_appraiser(&self, author: Option<EmployeeId>, position: PositionId, appraiser: Option<EmployeeId>) -> StoreResult<AppraiserChange> {
        let txn = self.db.begin_write()?;
        let snapshot = self.db.begin_read()?;
        let reader = Reader::new(&snapshot);
        let Some(mut stored) = reader.position(position)? else { return Ok(AppraiserChange::UnknownPosition) };
        if stored.appraiser == appraiser {
            return Ok(AppraiserChange::Unchanged);
        }
        let named = match appraiser {
            Some(id) => match reader.employee(id)? {
                Some(person) if person.departure.is_some() => return Ok(AppraiserChange::OutOfService),
                Some(person) => Some(person),
                None => return Ok(AppraiserChange::UnknownAppraiser),
            },
            None => None,
        };
        let holders = reader.holders(position)?;
        if named.as_ref().is_some_and(|person| holders.iter().any(|h| h.id == person.id)) {
            return Ok(AppraiserChange::HoldsThePosition);
        }
        let by_tree = reader.tree_supervisor(&stored)?.map(|boss| boss.id);
        let before_appraiser = match stored.appraiser {
            Some(id) => reader.employee(id)?,
            None => None,
        };
        let old_supervisor = by_tree.or(stored.appraiser);
        let new_supervisor = by_tree.or(appraiser);
        let before = stored.clone();
        stored.appraiser = appraiser;
        {
            let mut positions = txn.open_table(POSITION_ID_TO_POSITION)?;
            positions.insert(position.as_u128(), encode(&stored)?.as_slice())?;
            let mut index = txn.open_multimap_table(APPRAISER_ID_TO_POSITION_IDS)?;
            if let Some(old) = before.appraiser {
                index.remove(old.as_u128(), position.as_u128())?;
            }
            if let Some(new) = appraiser {
                index.insert(new.as_u128(), position.as_u128())?;
            }
            if old_supervisor != new_supervisor {
                let mut log = LogWriter::open(&txn)?;
                for holder in &holders {
                    if let Some(old) = old_supervisor {
                        log.log_scope_exit(old, holder.id)?;
                    }
                    for id in log.records_of(holder.id)? {
                        log.relog(id)?;
                    }
                }
                log.finish()?;
            }
        }
        let shown = |person: Option<&shared::domain::Employee>| {
            admin_audit::snapshot(&serde_json::json!({ "appraiser": person.map(|p| format!("{} ({})", p.name, p.nip.as_str())) }))
        };
        let change = admin_audit::AdminChange {
            action: AdminAction::AppraiserNamed,
            subject: shared::api::AuditSubject::Position,
            key: stored.code.clone(),
            name: stored.name.clone(),
            before: shown(before_appraiser.as_ref()),
            after: shown(named.as_ref()),
        };
        admin_audit::append(&txn, author, [change])?;
        bump_reference_version(&txn)?;
        txn.commit()?;
        Ok(AppraiserChange::Changed)
    }
}
