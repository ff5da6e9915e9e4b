//! HR's organisation screen: the units, positions and dictionary as it shows them, a unit or a
//! position (with its standard) added or changed through a one-row import, a position closed or
//! opened again, and the agency's technical competencies kept.

use std::collections::HashMap;

use redb::{ReadableDatabase, ReadableTable};
use shared::api::{AdminAction, AuditSubject, OrganisationView, PositionForm, PositionLine, UnitForm, UnitLine};
use shared::domain::{Competency, CompetencyKind, Position};
use shared::ids::{CompetencyId, EmployeeId};
use shared::import::{ImportFile, ImportProblem, ImportReport, Problem};

use super::admin_audit::{self, AdminChange, snapshot};
use super::codec::{decode, encode};
use super::import::Applied;
use super::org::{Reader, bump_reference_version};
use super::tables::*;
use super::{Store, StoreResult};
use crate::import;

/// The refusal of a form that adds a code already taken, or changes one nobody has.
fn code_problem(known: bool, adding: bool, file: ImportFile) -> Option<ImportReport> {
    let problem = match (known, adding) {
        (true, true) => Problem::CodeTaken,
        (false, false) => Problem::UnknownCode,
        _ => return None,
    };
    let problem = ImportProblem { file, row: 2, column: Some("kode".to_owned()), problem };
    Some(import::report(Err(vec![problem]), String::new(), false))
}

/// What closing or opening a position came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Closing {
    Changed,
    Unchanged,
    UnknownPosition,
    /// Someone in service holds it, or an open position reports to it.
    InUse,
    /// Opening it again under a superior that is closed.
    SuperiorClosed,
}

/// What saving a dictionary entry came to.
#[derive(Debug, PartialEq, Eq)]
pub enum CompetencySave {
    Saved,
    /// Only technical competencies are the agency's to define; the managerial and
    /// socio-cultural ones are national (PermenPANRB 38/2017).
    NotTechnical,
    /// Another entry has the code.
    CodeTaken,
}

impl Store {
    /// The organisation as HR's screen shows it, by code.
    pub fn organisation_view(&self) -> StoreResult<OrganisationView> {
        let now = self.organisation()?;
        let unit_code: HashMap<_, &str> = now.units.iter().map(|u| (u.id, u.code.as_str())).collect();
        let position_code: HashMap<_, &str> = now.positions.iter().map(|p| (p.id, p.code.as_str())).collect();
        let mut holders: HashMap<_, u32> = HashMap::new();
        for employee in now.employees.iter().filter(|e| e.departure.is_none()) {
            *holders.entry(employee.position).or_default() += 1;
        }
        let mut units: Vec<UnitLine> = now
            .units
            .iter()
            .map(|u| UnitLine { code: u.code.clone(), name: u.name.clone(), parent: u.parent.and_then(|p| unit_code.get(&p)).unwrap_or(&"").to_string() })
            .collect();
        units.sort_by(|a, b| a.code.cmp(&b.code));
        let mut positions: Vec<PositionLine> = now
            .positions
            .iter()
            .map(|p| PositionLine {
                code: p.code.clone(),
                name: p.name.clone(),
                tier: p.tier,
                unit: unit_code.get(&p.unit).unwrap_or(&"").to_string(),
                superior: p.superior.and_then(|s| position_code.get(&s)).unwrap_or(&"").to_string(),
                levels: now.dictionary.iter().map(|c| p.standard.iter().find(|r| r.competency == c.id).map(|r| r.level)).collect(),
                holders: holders.get(&p.id).copied().unwrap_or_default(),
                closed: p.closed,
            })
            .collect();
        positions.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(OrganisationView { units, positions, dictionary: now.dictionary })
    }

    /// Adds a unit (`form.adding`: its code must be new) or changes one, as an import of its one
    /// row.
    pub fn save_unit(&self, form: &UnitForm, author: EmployeeId) -> StoreResult<ImportReport> {
        let known = self.organisation_codes(UNIT_ID_TO_UNIT, |u: shared::domain::Unit| u.code, &form.code)?;
        if let Some(report) = code_problem(known, form.adding, ImportFile::Units) {
            return Ok(report);
        }
        self.apply_form(&import::one_unit(form), author)
    }

    /// Adds a position (`form.adding`: its code must be new) or changes one with its standard, as
    /// an import of its one row: a new superior hands the holders' records over as any move does.
    pub fn save_position(&self, form: &PositionForm, author: EmployeeId) -> StoreResult<ImportReport> {
        let known = self.organisation_codes(POSITION_ID_TO_POSITION, |p: Position| p.code, &form.code)?;
        if let Some(report) = code_problem(known, form.adding, ImportFile::Positions) {
            return Ok(report);
        }
        self.apply_form(&import::one_position(form), author)
    }

    /// Whether a unit or position (by `table`) has `code` (trimmed, as the import reads it).
    fn organisation_codes<T: serde::de::DeserializeOwned>(&self, table: redb::TableDefinition<u128, &[u8]>, code_of: impl Fn(T) -> String, code: &str) -> StoreResult<bool> {
        let txn = self.db.begin_read()?;
        let table = txn.open_table(table)?;
        for entry in table.iter()? {
            if code_of(decode(entry?.1.value())?) == code.trim() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn apply_form(&self, files: &import::Files, author: EmployeeId) -> StoreResult<ImportReport> {
        match self.apply_files(files, None, Some(author), &mut import::random_id, AdminAction::OrganisationSaved)? {
            Applied::Report(report) => Ok(report),
            Applied::Stale => unreachable!("only a confirmation of a preview is ever stale"),
        }
    }

    /// Closes the position with `code` (`closed`), or opens it again. A position is closed only
    /// when nobody in service holds it and no open position reports to it.
    pub fn set_position_closed(&self, author: EmployeeId, code: &str, closed: bool) -> StoreResult<Closing> {
        let txn = self.db.begin_write()?;
        let read = self.db.begin_read()?;
        let reader = Reader::new(&read);
        let found = {
            let table = read.open_table(POSITION_ID_TO_POSITION)?;
            let mut found = None;
            for entry in table.iter()? {
                let position: Position = decode(entry?.1.value())?;
                if position.code == code {
                    found = Some(position);
                    break;
                }
            }
            found
        };
        let Some(position) = found else { return Ok(Closing::UnknownPosition) };
        if position.closed == closed {
            return Ok(Closing::Unchanged);
        }
        if closed {
            let held = reader.holders(position.id)?.iter().any(|e| e.departure.is_none());
            let subordinates = read.open_multimap_table(POSITION_ID_TO_SUBORDINATE_POSITION_IDS)?;
            let mut open_below = false;
            for id in subordinates.get(position.id.as_u128())? {
                open_below |= reader.position(shared::ids::PositionId::from_u128(id?.value()))?.is_some_and(|p| !p.closed);
            }
            if held || open_below {
                return Ok(Closing::InUse);
            }
        } else if let Some(superior) = position.superior
            && reader.position(superior)?.is_some_and(|s| s.closed)
        {
            return Ok(Closing::SuperiorClosed);
        }
        let changed = Position { closed, ..position.clone() };
        txn.open_table(POSITION_ID_TO_POSITION)?.insert(changed.id.as_u128(), encode(&changed)?.as_slice())?;
        let action = if closed { AdminAction::PositionClosed } else { AdminAction::PositionReopened };
        let change = AdminChange { action, subject: AuditSubject::Position, key: position.code.clone(), name: position.name.clone(), before: snapshot(&position), after: snapshot(&changed) };
        admin_audit::append(&txn, Some(author), [change])?;
        // An import previewed before this would now read the position otherwise.
        bump_reference_version(&txn)?;
        txn.commit()?;
        Ok(Closing::Changed)
    }

    /// Adds or changes a technical competency of the agency's dictionary (its code, name,
    /// definition and five levels with their indicators, checked by `shared::rules::dictionary`
    /// before this is called). Devices get it with the reference data at their next pull.
    pub fn save_competency(&self, author: EmployeeId, competency: &Competency) -> StoreResult<CompetencySave> {
        if competency.kind != CompetencyKind::Teknis {
            return Ok(CompetencySave::NotTechnical);
        }
        let txn = self.db.begin_write()?;
        let change = {
            let mut table = txn.open_table(COMPETENCY_ID_TO_COMPETENCY)?;
            let mut before = None;
            for entry in table.iter()? {
                let (id, value) = entry?;
                let stored: Competency = decode(value.value())?;
                if id.value() == competency.id.as_u128() {
                    before = Some(stored);
                } else if stored.code.to_lowercase() == competency.code.to_lowercase() {
                    return Ok(CompetencySave::CodeTaken);
                }
            }
            if before.as_ref().is_some_and(|b| b.kind != CompetencyKind::Teknis) {
                return Ok(CompetencySave::NotTechnical);
            }
            if before.as_ref() == Some(competency) {
                return Ok(CompetencySave::Saved);
            }
            table.insert(competency.id.as_u128(), encode(competency)?.as_slice())?;
            AdminChange {
                action: AdminAction::CompetencySaved,
                subject: AuditSubject::Competency,
                key: competency.code.clone(),
                name: competency.name.clone(),
                before: before.as_ref().and_then(snapshot),
                after: snapshot(competency),
            }
        };
        admin_audit::append(&txn, Some(author), [change])?;
        bump_reference_version(&txn)?;
        txn.commit()?;
        Ok(CompetencySave::Saved)
    }

    /// The dictionary entry with `id`, if any.
    pub fn competency(&self, id: CompetencyId) -> StoreResult<Option<Competency>> {
        let txn = self.db.begin_read()?;
        txn.open_table(COMPETENCY_ID_TO_COMPETENCY)?.get(id.as_u128())?.map(|v| decode(v.value())).transpose().map_err(Into::into)
    }
}
