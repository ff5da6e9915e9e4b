//! The organisation: units, positions (with their standard and superior position), people and
//! the competency dictionary, written by an import (the demo seed uses it) and read through
//! [`Reader`], which applies the position tree's rules (`shared::rules::org`).

use std::cell::RefCell;

use redb::{ReadTransaction, ReadableDatabase, ReadableTable, ReadableTableMetadata, WriteTransaction};
use shared::api::PersonSummary;
use shared::domain::{Competency, Employee, Position, Unit};
use shared::ids::{CompetencyId, EmployeeId, PositionId, UnitId};
use shared::rules::org;

use super::codec::{decode, encode};
use super::tables::*;
use super::{Account, Store, StoreError, StoreResult};

/// Everything a reference-data import writes (the demo seed uses it).
#[derive(Debug, Default)]
pub struct ReferenceData {
    pub units: Vec<Unit>,
    pub positions: Vec<Position>,
    pub competencies: Vec<Competency>,
    pub employees: Vec<(Employee, Option<Account>)>,
}

impl Store {
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
}

/// Typed point reads inside one read transaction, optionally as if one employee had already
/// moved to another position (to compare the organisation before and after a reassignment).
pub(super) struct Reader<'a> {
    pub(super) txn: &'a ReadTransaction,
    moved: Option<Move>,
}

/// The position nobody holds: where someone leaving the service moves, for a [`Reader`] that
/// reads the organisation as it will be.
pub(super) const NOWHERE: PositionId = PositionId::from_u128(0);

/// An employee moving from one position to another.
#[derive(Clone, Copy, Debug)]
pub(super) struct Move {
    pub(super) employee: EmployeeId,
    pub(super) to: PositionId,
}

impl<'a> Reader<'a> {
    pub(super) fn new(txn: &'a ReadTransaction) -> Self {
        Reader { txn, moved: None }
    }

    /// As [`Reader::new`], with `moved` already moved (to [`NOWHERE`]: out of service).
    pub(super) fn with_move(txn: &'a ReadTransaction, moved: Move) -> Self {
        Reader { txn, moved: Some(moved) }
    }

    pub(super) fn employee(&self, id: EmployeeId) -> StoreResult<Option<Employee>> {
        let table = self.txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?;
        let mut employee: Option<Employee> = table.get(id.as_u128())?.map(|v| decode(v.value())).transpose()?;
        if let (Some(employee), Some(moved)) = (&mut employee, self.moved)
            && employee.id == moved.employee
        {
            employee.position = moved.to;
            // Moved to a position, they are in service (back in it, if they had left).
            if moved.to != NOWHERE {
                employee.departure = None;
            }
        }
        Ok(employee)
    }

    /// Someone as a colleague's screen names them: NIP, name and position.
    pub(super) fn summary(&self, employee: Employee) -> StoreResult<PersonSummary> {
        let position = self.position(employee.position)?.map(|p| p.name).unwrap_or_default();
        Ok(PersonSummary { id: employee.id, nip: employee.nip, name: employee.name, position })
    }

    pub(super) fn position(&self, id: PositionId) -> StoreResult<Option<Position>> {
        let table = self.txn.open_table(POSITION_ID_TO_POSITION)?;
        Ok(table.get(id.as_u128())?.map(|v| decode(v.value())).transpose()?)
    }

    pub(super) fn unit(&self, id: UnitId) -> StoreResult<Option<Unit>> {
        let table = self.txn.open_table(UNIT_ID_TO_UNIT)?;
        Ok(table.get(id.as_u128())?.map(|v| decode(v.value())).transpose()?)
    }

    pub(super) fn competency(&self, id: CompetencyId) -> StoreResult<Option<Competency>> {
        let table = self.txn.open_table(COMPETENCY_ID_TO_COMPETENCY)?;
        Ok(table.get(id.as_u128())?.map(|v| decode(v.value())).transpose()?)
    }

    /// The holders of a position, lowest NIP first, so "the" holder of a shared position is stable.
    pub(super) fn holders(&self, position: PositionId) -> StoreResult<Vec<Employee>> {
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

    /// The supervisor of whoever holds `position`: by the position tree, or else the appraiser HR
    /// named for it (the agency head's).
    pub(super) fn supervisor(&self, position: &Position) -> StoreResult<Option<Employee>> {
        match self.tree_supervisor(position)? {
            Some(supervisor) => Ok(Some(supervisor)),
            None => match position.appraiser {
                // Only one still in service, and never one of the position's own holders.
                Some(appraiser) if !self.holders(position.id)?.iter().any(|h| h.id == appraiser) => {
                    Ok(self.employee(appraiser)?.filter(|named| named.departure.is_none()))
                }
                _ => Ok(None),
            },
        }
    }

    /// The supervisor of whoever holds `position` by the shared rule over the tree alone. The rule
    /// takes infallible look-ups, so the first storage error is kept aside and returned afterwards.
    pub(super) fn tree_supervisor(&self, position: &Position) -> StoreResult<Option<Employee>> {
        let failure = RefCell::new(None);
        let supervisor = org::find_supervisor(
            position.id,
            |id| keep_error(&failure, self.position(id)).flatten().and_then(|p| p.superior),
            |id| keep_error(&failure, self.holders(id)).and_then(|h| h.into_iter().next()),
        );
        failure.into_inner().map_or(Ok(supervisor), Err)
    }

    /// The supervisor of employee `id`, if they and their position exist.
    /// Someone who left the service has none.
    pub(super) fn supervisor_of(&self, id: EmployeeId) -> StoreResult<Option<EmployeeId>> {
        let Some(person) = self.employee(id)?.filter(|p| p.departure.is_none()) else { return Ok(None) };
        let Some(position) = self.position(person.position)? else { return Ok(None) };
        Ok(self.supervisor(&position)?.map(|boss| boss.id))
    }

    /// The employees whose supervisor is `employee`: by [`org::find_supervisor`] the holders below
    /// their position, less those who report to another holder of a shared position; and those
    /// they were named appraiser of.
    pub(super) fn reports_of(&self, employee: &Employee) -> StoreResult<Vec<Employee>> {
        let mut reports = Vec::new();
        for report in self.direct_reports(employee.position)? {
            let Some(position) = self.position(report.position)? else { continue };
            if self.supervisor(&position)?.is_some_and(|boss| boss.id == employee.id) {
                reports.push(report);
            }
        }
        // And the holders of the positions HR named them appraiser of, who have no supervisor
        // by the tree.
        for holder in self.appraised(employee)? {
            if !reports.iter().any(|r: &Employee| r.id == holder.id) {
                reports.push(holder);
            }
        }
        Ok(reports)
    }

    /// The holders of the positions `employee` is the appraiser of (none if they left the service).
    pub(super) fn appraised(&self, employee: &Employee) -> StoreResult<Vec<Employee>> {
        let mut appraised = Vec::new();
        if employee.departure.is_some() {
            return Ok(appraised);
        }
        let named = self.txn.open_multimap_table(APPRAISER_ID_TO_POSITION_IDS)?;
        let positions: Vec<PositionId> = named.get(employee.id.as_u128())?.map(|p| Ok(PositionId::from_u128(p?.value()))).collect::<StoreResult<_>>()?;
        drop(named);
        for position in positions {
            let Some(position) = self.position(position)? else { continue };
            if self.supervisor(&position)?.is_some_and(|boss| boss.id == employee.id) {
                appraised.extend(self.holders(position.id)?);
            }
        }
        Ok(appraised)
    }

    pub(super) fn direct_reports(&self, position: PositionId) -> StoreResult<Vec<Employee>> {
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
pub(super) fn reference_version(meta: &impl ReadableTable<&'static str, u64>) -> StoreResult<u64> {
    Ok(meta.get(REFERENCE_VERSION_KEY)?.map_or(1, |v| v.value()))
}

/// Marks the organisation or dictionary as changed: devices get the reference data again.
pub(super) fn bump_reference_version(txn: &WriteTransaction) -> StoreResult<()> {
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
