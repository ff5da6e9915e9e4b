//! Applying an import (`crate::import` plans it): every unit, position and employee of the plan
//! in one write transaction, with the position-tree indexes, an entry of the audit trail for each,
//! and the records of everyone whose supervisor changed handed over exactly as a reassignment
//! hands them over.

use std::collections::HashMap;

use redb::{ReadTransaction, ReadableDatabase, ReadableTable};
use sha2::{Digest, Sha256};
use shared::api::{AdminAction, AuditSubject, EmployeeForm};
use shared::domain::{Competency, Employee, Nip, Position, Unit};
use shared::ids::EmployeeId;
use shared::import::{ImportFile, ImportProblem, ImportReport, Problem};

use super::admin_audit::{self, AdminChange, snapshot};
use super::changelog::LogWriter;
use super::codec::{decode, encode};
use super::org::{bump_reference_version, reference_version};
use super::tables::*;
use super::{Store, StoreResult};
use crate::import::{self, Files, NewId, Organisation, Plan};

/// What applying an import came to.
#[derive(Debug)]
pub enum Applied {
    /// Applied (`report.applied`), or refused for the problems in the report.
    Report(ImportReport),
    /// The organisation changed since the preview the confirmation was made from: nothing was
    /// applied, and HR is to look at a new preview.
    Stale,
}

impl Store {
    /// The organisation and dictionary as they are now.
    pub fn organisation(&self) -> StoreResult<Organisation> {
        load(&self.db.begin_read()?)
    }

    /// What importing `files` would change, or what is wrong with them; changes nothing.
    pub fn preview_import(&self, files: &Files) -> StoreResult<ImportReport> {
        let txn = self.db.begin_read()?;
        let now = load(&txn)?;
        let version = reference_version(&txn.open_table(META)?)?;
        // A preview's new ids are never written.
        Ok(import::report(import::plan(files, &now, &mut import::random_id), fingerprint(files, version), false))
    }

    /// Applies `files` in one transaction, if they have no problems and (when `expected` is given,
    /// as by HR's confirmation of a preview) the organisation is still the one previewed. `author`
    /// is the HR officer (`None`: the server's command line), named in the audit trail.
    ///
    /// The files are planned against a snapshot first, without holding the writer (a large
    /// agency's plan takes a second, and pushes and sign-ins wait for the writer); the writer is
    /// then taken, and the plan made again only if the organisation changed meanwhile.
    pub fn apply_import(&self, files: &Files, expected: Option<&str>, author: Option<EmployeeId>, new_id: &mut NewId) -> StoreResult<Applied> {
        self.apply_files(files, expected, author, new_id, AdminAction::Imported)
    }

    /// Adds one employee (`form.adding`) or changes one, by HR's form: checked and applied as an
    /// import of one row is (`import::one_employee`), audited as HR's change. A NIP already
    /// registered cannot be added, nor one nobody has changed.
    pub fn save_employee(&self, form: &EmployeeForm, author: EmployeeId) -> StoreResult<ImportReport> {
        if let Ok(nip) = Nip::parse(form.nip.trim())
            && self.employee_by_nip(&nip)?.is_some() == form.adding
        {
            let problem = if form.adding { Problem::Registered } else { Problem::NotRegistered };
            let problem = ImportProblem { file: ImportFile::Employees, row: 2, column: Some("nip".to_owned()), problem };
            return Ok(import::report(Err(vec![problem]), String::new(), false));
        }
        match self.apply_files(&import::one_employee(form), None, Some(author), &mut import::random_id, AdminAction::EmployeeSaved)? {
            Applied::Report(report) => Ok(report),
            Applied::Stale => unreachable!("only a confirmation of a preview is ever stale"),
        }
    }

    /// Applies `files`, audited as `action`.
    pub(super) fn apply_files(&self, files: &Files, expected: Option<&str>, author: Option<EmployeeId>, new_id: &mut NewId, action: AdminAction) -> StoreResult<Applied> {
        let (mut now, version, mut planned) = self.plan_now(files, new_id)?;
        let print = fingerprint(files, version);
        if expected.is_some_and(|expected| expected != print) {
            return Ok(Applied::Stale);
        }
        let txn = self.db.begin_write()?;
        if reference_version(&txn.open_table(META)?)? != version {
            // Changed since: what HR confirmed is no longer what these files would do.
            if expected.is_some() {
                return Ok(Applied::Stale);
            }
            (now, _, planned) = self.plan_now(files, new_id)?;
        }
        let plan = match planned {
            Ok(plan) => plan,
            Err(problems) => return Ok(Applied::Report(import::report(Err(problems), print, false))),
        };
        if plan.summary.is_empty() {
            // The same files again: nothing to write, not even a new reference version.
            return Ok(Applied::Report(import::report(Ok(plan), print, true)));
        }
        let handed_over = import::supervisor_changes(&now, &plan);
        write(&txn, &now, &plan)?;
        {
            let mut log = LogWriter::open(&txn)?;
            super::moves::hand_over_records(&mut log, handed_over)?;
            log.finish()?;
        }
        admin_audit::append(&txn, author, audit_trail(&now, &plan, action))?;
        bump_reference_version(&txn)?;
        txn.commit()?;
        Ok(Applied::Report(import::report(Ok(plan), print, true)))
    }

    /// The organisation now, its version, and the plan of `files` against it.
    fn plan_now(&self, files: &Files, new_id: &mut NewId) -> StoreResult<(Organisation, u64, Result<Plan, Vec<ImportProblem>>)> {
        let snapshot = self.db.begin_read()?;
        let now = load(&snapshot)?;
        let version = reference_version(&snapshot.open_table(META)?)?;
        let planned = import::plan(files, &now, new_id);
        Ok((now, version, planned))
    }
}

/// An entry of the audit trail for each unit, position and employee the plan writes, with the
/// value before (if it existed) and after.
fn audit_trail<'a>(now: &'a Organisation, plan: &'a Plan, action: AdminAction) -> impl Iterator<Item = AdminChange> + 'a {
    let units: HashMap<_, _> = now.units.iter().map(|u| (u.id, u)).collect();
    let positions: HashMap<_, _> = now.positions.iter().map(|p| (p.id, p)).collect();
    let employees: HashMap<_, _> = now.employees.iter().map(|e| (e.id, e)).collect();
    let change = move |subject, key: &str, name: &str, before: Option<String>, after: Option<String>| AdminChange {
        action,
        subject,
        key: key.to_owned(),
        name: name.to_owned(),
        before,
        after,
    };
    let units = plan.units.iter().map(move |u| change(AuditSubject::Unit, &u.code, &u.name, units.get(&u.id).and_then(snapshot), snapshot(u)));
    let positions = plan.positions.iter().map(move |p| change(AuditSubject::Position, &p.code, &p.name, positions.get(&p.id).and_then(snapshot), snapshot(p)));
    let employees = plan
        .employees
        .iter()
        .map(move |e| change(AuditSubject::Employee, e.nip.as_str(), &e.name, employees.get(&e.id).and_then(snapshot), snapshot(e)));
    units.chain(positions).chain(employees)
}

/// The files and the organisation's version they were read against.
fn fingerprint(files: &Files, version: u64) -> String {
    let mut hash = Sha256::new();
    hash.update(version.to_le_bytes());
    for file in ImportFile::ALL {
        match files.get(file) {
            Some(bytes) => {
                hash.update([1]);
                hash.update((bytes.len() as u64).to_le_bytes());
                hash.update(bytes);
            }
            None => hash.update([0]),
        }
    }
    hash.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Everything an import compares with.
fn load(txn: &ReadTransaction) -> StoreResult<Organisation> {
    fn all<T: serde::de::DeserializeOwned>(txn: &ReadTransaction, table: redb::TableDefinition<u128, &[u8]>) -> StoreResult<Vec<T>> {
        let table = txn.open_table(table)?;
        let mut values = Vec::with_capacity(table.len()? as usize);
        for entry in table.iter()? {
            values.push(decode(entry?.1.value())?);
        }
        Ok(values)
    }
    use redb::ReadableTableMetadata;
    let mut dictionary: Vec<Competency> = all(txn, COMPETENCY_ID_TO_COMPETENCY)?;
    import::in_standard_order(&mut dictionary);
    Ok(Organisation {
        units: all::<Unit>(txn, UNIT_ID_TO_UNIT)?,
        positions: all::<Position>(txn, POSITION_ID_TO_POSITION)?,
        employees: all::<Employee>(txn, EMPLOYEE_ID_TO_EMPLOYEE)?,
        dictionary,
    })
}

/// Writes the plan's units, positions and employees, keeping the position tree's indexes.
fn write(txn: &redb::WriteTransaction, now: &Organisation, plan: &Plan) -> StoreResult<()> {
    let mut units = txn.open_table(UNIT_ID_TO_UNIT)?;
    for unit in &plan.units {
        units.insert(unit.id.as_u128(), encode(unit)?.as_slice())?;
    }
    let old_positions: HashMap<_, _> = now.positions.iter().map(|p| (p.id, p)).collect();
    let mut positions = txn.open_table(POSITION_ID_TO_POSITION)?;
    let mut subordinates = txn.open_multimap_table(POSITION_ID_TO_SUBORDINATE_POSITION_IDS)?;
    for position in &plan.positions {
        let id = position.id.as_u128();
        if let Some(old) = old_positions.get(&position.id).and_then(|old| old.superior) {
            subordinates.remove(old.as_u128(), id)?;
        }
        if let Some(superior) = position.superior {
            subordinates.insert(superior.as_u128(), id)?;
        }
        positions.insert(id, encode(position)?.as_slice())?;
    }
    let old_employees: HashMap<_, _> = now.employees.iter().map(|e| (e.id, e)).collect();
    let mut employees = txn.open_table(EMPLOYEE_ID_TO_EMPLOYEE)?;
    let mut by_nip = txn.open_table(NIP_TO_EMPLOYEE_ID)?;
    let mut holders = txn.open_multimap_table(POSITION_ID_TO_HOLDER_IDS)?;
    for employee in &plan.employees {
        let id = employee.id.as_u128();
        match old_employees.get(&employee.id) {
            Some(old) => {
                holders.remove(old.position.as_u128(), id)?;
            }
            None => {
                by_nip.insert(employee.nip.as_str(), id)?;
            }
        }
        // Who left the service holds no position (the record keeps the last one).
        if employee.departure.is_none() {
            holders.insert(employee.position.as_u128(), id)?;
        }
        employees.insert(id, encode(employee)?.as_slice())?;
    }
    Ok(())
}
