//! The demo agency: a fictional regional HR agency (BKPSDM Kabupaten Sukamaju) with five units,
//! thirty positions across every tier, sixty employees and one HR admin, plus the competency
//! dictionary (the eight managerial competencies, Perekat Bangsa and four technical ones, with
//! Indonesian level descriptions in `competencies.json`).
//!
//! The agency itself is three CSV files in `demo/`, loaded by the import a real agency uses.
//! Everything is deterministic (ids, names, NIPs), so the printed demo logins are the same on
//! every machine and tests can rely on them. It is only written into an empty database.

pub mod large;

use serde::Deserialize;
use shared::domain::{Competency, CompetencyKind, LevelDescription, Nip};
use shared::ids::{CompetencyId, EmployeeId};
use shared::import::ImportFile;

use crate::db::{Account, Applied, ReferenceData, Store, StoreResult};
use crate::import::{self, Files, Organisation};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "kompeten-demo";

/// A login worth printing for people trying the demo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoLogin {
    /// What the login shows off, e.g. "Pegawai" or "Atasan".
    pub role: &'static str,
    pub name: String,
    pub nip: Nip,
    pub position: String,
}

/// Seeds the demo agency into `store` if it has no employees yet. Returns whether it seeded.
/// All demo accounts share one argon2id hash of [`DEMO_PASSWORD`]: hashing sixty copies of the
/// same known password would only slow the first start.
pub fn seed_if_empty(store: &Store) -> anyhow::Result<bool> {
    if !store.has_no_employees()? {
        return Ok(false);
    }
    let hash = crate::auth::hash_password(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("hashing the demo password: {e}"))?;
    let (data, _) = demo_agency();
    // The dictionary and the accounts first, then the agency by the import every agency uses
    // (last: until it commits the database has no employees, and a new start seeds it again).
    let accounts: Vec<(EmployeeId, Account)> = data
        .employees
        .iter()
        .filter_map(|(employee, account)| Some((employee.id, Account { password_hash: hash.clone(), ..account.clone()? })))
        .collect();
    store.import_reference_data(&ReferenceData { competencies: data.competencies, ..ReferenceData::default() })?;
    store.put_accounts(&accounts)?;
    match store.apply_import(&demo_files(), None, None, &mut demo_new_id)? {
        Applied::Report(report) if report.applied => Ok(true),
        other => anyhow::bail!("the demo agency's import was not applied: {other:?}"),
    }
}

/// The demo logins that exist in `store` (none if it holds another agency's data).
pub fn demo_logins(store: &Store) -> StoreResult<Vec<DemoLogin>> {
    let mut present = Vec::new();
    for login in demo_agency().1 {
        if store.account_by_nip(&login.nip)?.is_some() {
            present.push(login);
        }
    }
    Ok(present)
}

/// One competency as written in `competencies.json`.
#[derive(Deserialize)]
struct DictionaryEntry {
    code: String,
    name: String,
    kind: CompetencyKind,
    definition: String,
    levels: Vec<LevelDescription>,
}

/// The national part of the dictionary (the managerial competencies and Perekat Bangsa), for an
/// agency that starts from its own data: it adds its technical competencies itself.
pub fn national_dictionary() -> Vec<Competency> {
    dictionary().into_iter().filter(|competency| competency.kind != CompetencyKind::Teknis).collect()
}

/// Ids are fixed per kind and index so that the demo is the same everywhere.
fn demo_id(kind: u128, index: usize) -> u128 {
    0x6b6f_6d70_6574_656e_0000_0000_0000_0000 | (kind << 32) | index as u128
}

/// The dictionary shipped with the server, parsed. It is part of the build, so a parse failure is
/// a programming error caught by the tests.
fn dictionary() -> Vec<Competency> {
    let entries: Vec<DictionaryEntry> =
        serde_json::from_str(include_str!("competencies.json")).expect("competencies.json is valid");
    entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| Competency {
            id: CompetencyId::from_u128(demo_id(4, index)),
            code: entry.code,
            name: entry.name,
            kind: entry.kind,
            definition: entry.definition,
            levels: entry.levels,
        })
        .collect()
}

/// The demo agency's spreadsheet export, as a real agency's HR would write it.
pub fn demo_files() -> Files {
    Files {
        units: Some(include_bytes!("demo/units.csv").to_vec()),
        positions: Some(include_bytes!("demo/positions.csv").to_vec()),
        employees: Some(include_bytes!("demo/employees.csv").to_vec()),
    }
}

/// The demo's ids: fixed by file and row, so the demo agency is the same everywhere.
fn demo_new_id(file: ImportFile, index: usize) -> u128 {
    let kind = match file {
        ImportFile::Units => 1,
        ImportFile::Positions => 2,
        ImportFile::Employees => 3,
    };
    demo_id(kind, index)
}

/// The code of the HR admin's position (its first holder in the file gets the role).
const HR_ADMIN_POSITION: &str = "JAB-014";

/// The logins worth printing: the first holder in the file of each of these positions.
const LOGINS: [(&str, &str); 4] =
    [("Pegawai", "JAB-017"), ("Atasan (Kepala Subbagian)", "JAB-006"), ("Admin SDM", HR_ADMIN_POSITION), ("Kepala Badan", "JAB-001")];

/// The demo agency as its import plans it into an empty database (accounts without password
/// hashes yet), and the logins worth printing.
pub fn demo_agency() -> (ReferenceData, Vec<DemoLogin>) {
    let mut competencies = dictionary();
    import::in_standard_order(&mut competencies);
    let empty = Organisation { dictionary: competencies.clone(), ..Organisation::default() };
    let plan = import::plan(&demo_files(), &empty, &mut demo_new_id)
        .unwrap_or_else(|problems| panic!("the demo agency's files have problems: {problems:?}"));
    let position_of_code = |code: &str| plan.positions.iter().find(|p| p.code == code).unwrap_or_else(|| panic!("demo needs {code}"));
    let first_holder = |code: &str| {
        let position = position_of_code(code);
        plan.employees.iter().find(|e| e.position == position.id).unwrap_or_else(|| panic!("demo {code} is vacant"))
    };
    let hr_admin = first_holder(HR_ADMIN_POSITION).id;
    let logins = LOGINS
        .iter()
        .map(|(role, code)| {
            let holder = first_holder(code);
            DemoLogin { role, name: holder.name.clone(), nip: holder.nip.clone(), position: position_of_code(code).name.clone() }
        })
        .collect();
    let employees = plan
        .employees
        .iter()
        .map(|e| (e.clone(), Some(Account { password_hash: String::new(), hr_admin: e.id == hr_admin, ..Account::default() })))
        .collect();
    (ReferenceData { units: plan.units, positions: plan.positions, competencies, employees }, logins)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use shared::domain::EmploymentType;

    #[test]
    fn the_demo_agency_has_the_promised_shape() {
        let (data, logins) = demo_agency();
        assert_eq!(data.units.len(), 5);
        assert_eq!(data.positions.len(), 30);
        assert_eq!(data.employees.len(), 60);
        let nips: HashSet<_> = data.employees.iter().map(|(e, _)| e.nip.clone()).collect();
        assert_eq!(nips.len(), 60, "NIPs are unique");
        assert_eq!(data.employees.iter().filter(|(_, a)| a.as_ref().is_some_and(|a| a.hr_admin)).count(), 1);
        let roles: Vec<_> = logins.iter().map(|l| l.role).collect();
        assert_eq!(roles, ["Pegawai", "Atasan (Kepala Subbagian)", "Admin SDM", "Kepala Badan"]);
        for kind in [EmploymentType::Pns, EmploymentType::Cpns, EmploymentType::Pppk] {
            assert!(data.employees.iter().any(|(e, _)| e.employment == kind), "some {kind:?}");
        }
    }

    #[test]
    fn the_dictionary_has_every_competency_with_five_levels() {
        let dictionary = dictionary();
        let codes: Vec<_> = dictionary.iter().map(|c| c.code.as_str()).collect();
        for code in ["M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01", "T.01", "T.02", "T.03", "T.04"] {
            assert!(codes.contains(&code), "dictionary lacks {code}");
        }
        for competency in &dictionary {
            let levels: Vec<u8> = competency.levels.iter().map(|l| l.level.get()).collect();
            assert_eq!(levels, [1, 2, 3, 4, 5], "{}", competency.code);
            for level in &competency.levels {
                assert!(!level.label.is_empty() && !level.description.is_empty(), "{} {}", competency.code, level.level);
                assert!((2..=4).contains(&level.indicators.len()), "{} level {}", competency.code, level.level);
            }
        }
    }
}
