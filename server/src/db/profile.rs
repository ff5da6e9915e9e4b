//! What users and their devices are told about themselves: the profile (`/me`), the roles, and
//! the reference data a device keeps for offline work (the dictionary, the user's standard and
//! supervisor, their team). Also what the rules need to know about a record's subject.

use redb::{ReadableDatabase, ReadableTable};
use shared::api::{PersonSummary, PositionSummary, Profile, StandardLine, UnitSummary};
use shared::command::Subject;
use shared::kinds::self_assessment::{AssessedCompetency, assessed_against};
use shared::domain::{Competency, CompetencyKind, Employee, Role};
use shared::ids::EmployeeId;
use shared::sync::{Member, Reference};

use super::codec::decode;
use super::org::Reader;
use super::tables::*;
use super::{Account, Store, StoreResult};

impl Store {
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
            if account_of(&txn, employee.id)?.is_some_and(|a| a.hr_admin) {
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
            must_change_password: account_of(&txn, employee.id)?.is_some_and(|a| a.must_change_password),
        }))
    }

    /// What the command rules need to know about `employee` (their supervisor and standard).
    pub fn subject(&self, employee: EmployeeId) -> StoreResult<Subject> {
        let txn = self.db.begin_read()?;
        subject_of(&Reader::new(&txn), employee)
    }
}

/// The rules' view of an employee: their supervisor and their position's standard.
pub(super) fn subject_of(reader: &Reader, employee: EmployeeId) -> StoreResult<Subject> {
    let Some(record) = reader.employee(employee)? else {
        return Ok(Subject { employee, supervisor: None, standard: Vec::new() });
    };
    let Some(position) = reader.position(record.position)? else {
        return Ok(Subject { employee, supervisor: None, standard: Vec::new() });
    };
    // Who left the service has no supervisor any more (their records stay theirs).
    let supervisor = match record.departure {
        Some(_) => None,
        None => reader.supervisor(&position)?.map(|boss| boss.id),
    };
    Ok(Subject { employee, supervisor, standard: position.standard.iter().map(|r| r.competency).collect() })
}

/// `employee`'s standard with the dictionary's texts, as an approval keeps it.
pub(super) fn standard_of(reader: &Reader, employee: EmployeeId) -> StoreResult<Vec<AssessedCompetency>> {
    let Some(position) = reader.employee(employee)?.map(|e| e.position) else { return Ok(Vec::new()) };
    let Some(position) = reader.position(position)? else { return Ok(Vec::new()) };
    let mut dictionary = Vec::with_capacity(position.standard.len());
    for line in &position.standard {
        dictionary.extend(reader.competency(line.competency)?);
    }
    Ok(assessed_against(&position.standard, &dictionary))
}

pub(super) fn person_in(reader: &Reader, employee: EmployeeId) -> StoreResult<Option<PersonSummary>> {
    reader.employee(employee)?.map(|employee| reader.summary(employee)).transpose()
}

/// A person with their supervisor and their position's standard.
fn member_in(reader: &Reader, employee: &Employee) -> StoreResult<Member> {
    let position = reader.position(employee.position)?;
    let supervisor = match &position {
        Some(position) => reader.supervisor(position)?.map(|boss| boss.id),
        None => None,
    };
    Ok(Member {
        person: PersonSummary {
            id: employee.id,
            nip: employee.nip.clone(),
            name: employee.name.clone(),
            position: position.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
        },
        supervisor,
        standard: position.map(|p| p.standard).unwrap_or_default(),
    })
}

/// What `viewer`'s device needs to work offline: the dictionary, their own standard and
/// supervisor, and their direct reports. `None` if the viewer is no longer an employee.
pub(super) fn reference_in(reader: &Reader, viewer: EmployeeId) -> StoreResult<Option<Reference>> {
    let dictionary = reader
        .txn
        .open_table(COMPETENCY_ID_TO_COMPETENCY)?
        .iter()?
        .map(|entry| Ok(decode::<Competency>(entry?.1.value())?))
        .collect::<StoreResult<Vec<_>>>()?;
    let Some(employee) = reader.employee(viewer)? else { return Ok(None) };
    let me = member_in(reader, &employee)?;
    let supervisor = match me.supervisor {
        Some(id) => person_in(reader, id)?,
        None => None,
    };
    let mut team = reader.reports_of(&employee)?.iter().map(|report| member_in(reader, report)).collect::<StoreResult<Vec<_>>>()?;
    team.sort_by(|a, b| a.person.name.cmp(&b.person.name));
    let policy = super::settings::policy_in(reader.txn)?;
    Ok(Some(Reference { dictionary, me, supervisor, team, policy }))
}

/// `employee`'s account, if they have one.
pub(super) fn account_of(txn: &redb::ReadTransaction, employee: EmployeeId) -> StoreResult<Option<Account>> {
    Ok(txn.open_table(EMPLOYEE_ID_TO_ACCOUNT)?.get(employee.as_u128())?.map(|v| decode::<Account>(v.value())).transpose()?)
}
