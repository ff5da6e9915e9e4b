//! The demo agency: a fictional regional HR agency (BKPSDM Kabupaten Sukamaju) with five units,
//! thirty positions across every tier, sixty employees and one HR admin, plus the competency
//! dictionary (the eight managerial competencies, Perekat Bangsa and four technical ones, with
//! Indonesian level descriptions in `competencies.json`).
//!
//! Everything here is deterministic (ids, names, NIPs), so the printed demo logins are the same on
//! every machine and tests can rely on them. It is only written into an empty database.

pub mod large;

use serde::Deserialize;
use shared::domain::{
    Competency, CompetencyKind, Employee, EmploymentType, LevelDescription, Nip, PnsGrade, Position, PositionTier,
    Rank, RequiredCompetency, Unit,
};
use shared::domain::Level;
use shared::ids::{CompetencyId, EmployeeId, PositionId, UnitId};
use shared::rules::org::default_managerial_level;

use crate::db::{Account, ReferenceData, Store, StoreResult};

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
    let (mut data, _) = demo_agency();
    for (_, account) in &mut data.employees {
        if let Some(account) = account {
            account.password_hash.clone_from(&hash);
        }
    }
    store.import_reference_data(&data)?;
    Ok(true)
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

/// A position of the demo agency: (name, tier, unit index, superior index, managerial level for a
/// functional position, technical requirements, number of holders).
type PositionRow = (&'static str, PositionTier, usize, Option<usize>, Option<u8>, &'static [(&'static str, u8)], usize);

const UNITS: [(&str, Option<usize>); 5] = [
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Sukamaju", None),
    ("Sekretariat", Some(0)),
    ("Bidang Pengadaan, Pemberhentian dan Informasi", Some(0)),
    ("Bidang Mutasi dan Promosi", Some(0)),
    ("Bidang Pengembangan Kompetensi Aparatur", Some(0)),
];

#[rustfmt::skip]
const POSITIONS: [PositionRow; 30] = {
    use PositionTier::*;
    [
        ("Kepala Badan", JptPratama, 0, None, None, &[("T.04", 4), ("T.03", 4)], 1),
        ("Sekretaris", Administrator, 1, Some(0), None, &[("T.03", 3), ("T.02", 3)], 1),
        ("Kepala Bidang Pengadaan, Pemberhentian dan Informasi", Administrator, 2, Some(0), None, &[("T.01", 3)], 1),
        ("Kepala Bidang Mutasi dan Promosi", Administrator, 3, Some(0), None, &[("T.01", 3)], 1),
        ("Kepala Bidang Pengembangan Kompetensi Aparatur", Administrator, 4, Some(0), None, &[("T.04", 3)], 1),
        ("Kepala Subbagian Umum dan Kepegawaian", Pengawas, 1, Some(1), None, &[("T.01", 2)], 1),
        ("Kepala Subbagian Keuangan", Pengawas, 1, Some(1), None, &[("T.02", 3)], 1),
        ("Kepala Subbagian Perencanaan dan Evaluasi", Pengawas, 1, Some(1), None, &[("T.03", 3)], 1),
        ("Kepala Subbidang Pengadaan dan Pemberhentian", Pengawas, 2, Some(2), None, &[("T.01", 2)], 1),
        // Vacant: its staff report to the head of the division until it is filled.
        ("Kepala Subbidang Data dan Informasi Kepegawaian", Pengawas, 2, Some(2), None, &[("T.01", 3)], 0),
        ("Kepala Subbidang Mutasi", Pengawas, 3, Some(3), None, &[("T.01", 2)], 1),
        ("Kepala Subbidang Promosi dan Penilaian Kinerja", Pengawas, 3, Some(3), None, &[("T.01", 2)], 1),
        ("Kepala Subbidang Pengembangan Kompetensi", Pengawas, 4, Some(4), None, &[("T.04", 3)], 1),
        ("Analis SDM Aparatur Ahli Muda", Fungsional, 3, Some(3), Some(3), &[("T.01", 3), ("T.04", 2)], 2),
        ("Analis SDM Aparatur Ahli Pertama", Fungsional, 4, Some(4), Some(2), &[("T.04", 2)], 2),
        ("Pranata Komputer Ahli Pertama", Fungsional, 2, Some(2), Some(2), &[("T.01", 2)], 2),
        ("Pengadministrasi Umum", Pelaksana, 1, Some(5), None, &[("T.01", 1)], 3),
        ("Pengelola Data Kepegawaian", Pelaksana, 1, Some(5), None, &[("T.01", 2)], 3),
        ("Bendahara", Pelaksana, 1, Some(6), None, &[("T.02", 2)], 3),
        ("Pengelola Keuangan", Pelaksana, 1, Some(6), None, &[("T.02", 2)], 3),
        ("Penyusun Program dan Anggaran", Pelaksana, 1, Some(7), None, &[("T.03", 2)], 3),
        ("Analis Pengadaan ASN", Pelaksana, 2, Some(8), None, &[("T.01", 2)], 3),
        ("Pengelola Pemberhentian dan Pensiun", Pelaksana, 2, Some(8), None, &[("T.01", 1)], 3),
        ("Pengolah Data Kepegawaian", Pelaksana, 2, Some(9), None, &[("T.01", 2)], 3),
        ("Pengelola Sistem Informasi Kepegawaian", Pelaksana, 2, Some(9), None, &[("T.01", 2)], 3),
        ("Analis Mutasi Kepegawaian", Pelaksana, 3, Some(10), None, &[("T.01", 2)], 3),
        ("Pengadministrasi Kepegawaian", Pelaksana, 3, Some(10), None, &[("T.01", 1)], 3),
        ("Analis Jabatan dan Kinerja", Pelaksana, 3, Some(11), None, &[("T.01", 2)], 3),
        ("Pengelola Pengembangan Kompetensi", Pelaksana, 4, Some(12), None, &[("T.04", 2)], 3),
        ("Pengadministrasi Pendidikan dan Pelatihan", Pelaksana, 4, Some(12), None, &[("T.04", 1)], 3),
    ]
};

/// Index into [`POSITIONS`] of the HR admin's position (its first holder gets the role).
const HR_ADMIN_POSITION: usize = 13;

const MALE_NAMES: [&str; 20] = [
    "Ahmad", "Budi", "Dedi", "Eko", "Fajar", "Gilang", "Hendra", "Irfan", "Joko", "Kurniawan", "Lukman",
    "Muhammad", "Nanang", "Rizky", "Slamet", "Teguh", "Wahyu", "Yusuf", "Agus", "Bambang",
];
const FEMALE_NAMES: [&str; 20] = [
    "Ayu", "Dewi", "Fitri", "Indah", "Kartika", "Lestari", "Maya", "Nurul", "Putri", "Ratna", "Sari", "Siti",
    "Wulan", "Yuni", "Rina", "Novi", "Diah", "Eka", "Hana", "Intan",
];
const FAMILY_NAMES: [&str; 24] = [
    "Pratama", "Santoso", "Wibowo", "Saputra", "Hidayat", "Nugroho", "Setiawan", "Kusuma", "Purnomo", "Siregar",
    "Nasution", "Simanjuntak", "Harahap", "Wijaya", "Gunawan", "Sulistyo", "Permana", "Hakim", "Syahputra",
    "Daulay", "Sembiring", "Tanjung", "Rangkuti", "Lubis",
];

/// Builds the demo agency (accounts without password hashes yet) and the logins worth printing.
pub fn demo_agency() -> (ReferenceData, Vec<DemoLogin>) {
    let competencies = dictionary();
    let competency_id = |code: &str| {
        competencies.iter().find(|c| c.code == code).map(|c| c.id).unwrap_or_else(|| panic!("demo needs {code}"))
    };
    let non_technical: Vec<CompetencyId> =
        competencies.iter().filter(|c| c.kind != CompetencyKind::Teknis).map(|c| c.id).collect();

    let units: Vec<Unit> = UNITS
        .iter()
        .enumerate()
        .map(|(index, (name, parent))| Unit {
            id: UnitId::from_u128(demo_id(1, index)),
            name: (*name).to_owned(),
            parent: parent.map(|p| UnitId::from_u128(demo_id(1, p))),
        })
        .collect();

    let positions: Vec<Position> = POSITIONS
        .iter()
        .enumerate()
        .map(|(index, (name, tier, unit, superior, functional_level, technical, _))| {
            let managerial = default_managerial_level(*tier)
                .or_else(|| functional_level.and_then(Level::new))
                .expect("every demo position has a managerial level");
            let mut standard: Vec<RequiredCompetency> = non_technical
                .iter()
                .map(|&competency| RequiredCompetency { competency, level: managerial })
                .collect();
            standard.extend(technical.iter().map(|(code, level)| RequiredCompetency {
                competency: competency_id(code),
                level: Level::new(*level).expect("demo levels are 1 to 5"),
            }));
            Position {
                id: PositionId::from_u128(demo_id(2, index)),
                name: (*name).to_owned(),
                tier: *tier,
                unit: units[*unit].id,
                superior: superior.map(|s| PositionId::from_u128(demo_id(2, s))),
                standard,
            }
        })
        .collect();

    let mut employees = Vec::new();
    let mut logins = Vec::new();
    for (position_index, row) in POSITIONS.iter().enumerate() {
        for seat in 0..row.6 {
            let number = employees.len();
            let employee = demo_employee(number, &positions[position_index], row.1);
            let hr_admin = position_index == HR_ADMIN_POSITION && seat == 0;
            let role = match (position_index, seat) {
                (16, 0) => Some("Pegawai"),
                (5, 0) => Some("Atasan (Kepala Subbagian)"),
                (HR_ADMIN_POSITION, 0) => Some("Admin SDM"),
                (0, 0) => Some("Kepala Badan"),
                _ => None,
            };
            if let Some(role) = role {
                logins.push(DemoLogin {
                    role,
                    name: employee.name.clone(),
                    nip: employee.nip.clone(),
                    position: row.0.to_owned(),
                });
            }
            employees.push((employee, Some(Account { password_hash: String::new(), hr_admin })));
        }
    }
    logins.sort_by_key(|login| ["Pegawai", "Atasan (Kepala Subbagian)", "Admin SDM", "Kepala Badan"].iter().position(|r| *r == login.role));

    (ReferenceData { units, positions, competencies, employees }, logins)
}

/// The `number`th demo employee, holding `position`. Names, NIPs and ranks follow the tier.
fn demo_employee(number: usize, position: &Position, tier: PositionTier) -> Employee {
    let male = number.is_multiple_of(2);
    let first = if male { MALE_NAMES[(number / 2 * 7) % 20] } else { FEMALE_NAMES[(number / 2 * 7) % 20] };
    let family = FAMILY_NAMES[(number * 11) % 24];
    let (degree_before, degree_after, birth_year) = match tier {
        PositionTier::JptMadya | PositionTier::JptPratama => ("Dr. ", ", M.Si.", 1970),
        PositionTier::Administrator => ("", ", S.H., M.M.", 1973 + number as i32 % 5),
        PositionTier::Pengawas => ("", ", S.E.", 1979 + number as i32 % 6),
        PositionTier::Fungsional => ("", ", S.Psi.", 1986 + number as i32 % 6),
        PositionTier::Pelaksana => ("", if number.is_multiple_of(3) { ", A.Md." } else { "" }, 1985 + number as i32 % 14),
    };

    // Pelaksana are mostly PNS, with some PPPK and one or two CPNS in their probation year.
    let employment = match (tier, number % 7, number % 11) {
        (PositionTier::Pelaksana, 3, _) => EmploymentType::Pppk,
        (PositionTier::Pelaksana, _, 5) => EmploymentType::Cpns,
        _ => EmploymentType::Pns,
    };
    let appointed_year = match employment {
        EmploymentType::Pppk => 2023 + number as i32 % 2,
        EmploymentType::Cpns => 2026,
        EmploymentType::Pns => (birth_year + 24 + number as i32 % 5).min(2022),
    };
    let appointed_month = match employment {
        EmploymentType::Pppk => 21, // PPPK NIPs carry 21 instead of a month.
        _ => 1 + (number * 3 % 12) as u32,
    };
    let nip_text = format!(
        "{birth_year:04}{:02}{:02}{appointed_year:04}{appointed_month:02}{}{:03}",
        1 + number * 5 % 12,
        1 + number * 13 % 28,
        if male { 1 } else { 2 },
        number + 1,
    );
    let nip = Nip::parse(&nip_text).unwrap_or_else(|error| panic!("demo NIP {nip_text}: {error}"));

    let rank = match (employment, tier) {
        (EmploymentType::Pppk, _) => Rank::Pppk([5, 7, 9][number % 3]),
        (EmploymentType::Cpns, _) => Rank::Pns(if number.is_multiple_of(2) { PnsGrade::IIa } else { PnsGrade::IIIa }),
        (_, PositionTier::JptMadya | PositionTier::JptPratama) => Rank::Pns(PnsGrade::IVc),
        (_, PositionTier::Administrator) => Rank::Pns([PnsGrade::IVa, PnsGrade::IVb][number % 2]),
        (_, PositionTier::Pengawas) => Rank::Pns([PnsGrade::IIIc, PnsGrade::IIId][number % 2]),
        (_, PositionTier::Fungsional) => Rank::Pns([PnsGrade::IIIa, PnsGrade::IIIb, PnsGrade::IIIc][number % 3]),
        (_, PositionTier::Pelaksana) => {
            Rank::Pns([PnsGrade::IIa, PnsGrade::IIb, PnsGrade::IIc, PnsGrade::IIIa, PnsGrade::IIIb][number % 5])
        }
    };

    Employee {
        id: EmployeeId::from_u128(demo_id(3, number)),
        nip,
        name: format!("{degree_before}{first} {family}{degree_after}"),
        rank,
        employment,
        position: position.id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

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
