//! The import's plan: the demo agency's files into an empty database, the same files again, each
//! problem at its row and column, and moves.

use shared::domain::{Employee, Position};
use shared::import::{ImportFile, ImportProblem, Problem};

use super::*;
use crate::seed;

/// The demo agency as Kompeten would hold it after importing it.
fn demo_organisation() -> Organisation {
    let (data, _) = seed::demo_agency();
    Organisation {
        units: data.units,
        positions: data.positions,
        employees: data.employees.into_iter().map(|(e, _)| e).collect(),
        dictionary: data.competencies,
    }
}

fn counter() -> impl FnMut(ImportFile, usize) -> u128 {
    let mut next = 1u128 << 100;
    move |_, _| {
        next += 1;
        next
    }
}

fn files(units: &str, positions: &str, employees: &str) -> Files {
    let some = |text: &str| (!text.is_empty()).then(|| text.as_bytes().to_vec());
    Files { units: some(units), positions: some(positions), employees: some(employees) }
}

fn problems(files: &Files, now: &Organisation) -> Vec<(ImportFile, u64, Option<String>, Problem)> {
    let problems = plan(files, now, &mut counter()).expect_err("the files have problems");
    problems.into_iter().map(|ImportProblem { file, row, column, problem }| (file, row, column, problem)).collect()
}

#[test]
fn the_demo_files_add_the_agency_and_importing_them_again_changes_nothing() {
    let empty = Organisation { dictionary: demo_organisation().dictionary, ..Organisation::default() };
    let first = plan(&seed::demo_files(), &empty, &mut counter()).unwrap();
    assert_eq!((first.summary.units.added, first.summary.positions.added, first.summary.employees.added), (5, 30, 60));
    let head = first.positions.iter().find(|p| p.code == "JAB-001").unwrap();
    let level_of = |code: &str| {
        let id = empty.dictionary.iter().find(|c| c.code == code).unwrap().id;
        head.standard.iter().find(|r| r.competency == id).map(|r| r.level.get())
    };
    assert_eq!((level_of("M.01"), level_of("SK.01"), level_of("T.04"), level_of("T.01")), (Some(4), Some(4), Some(4), None), "JPT Pratama defaults, technical as written");

    let again = plan(&seed::demo_files(), &demo_organisation(), &mut counter()).unwrap();
    assert!(again.summary.is_empty(), "{:?}", again.summary);
    assert_eq!((again.summary.units.unchanged, again.summary.positions.unchanged, again.summary.employees.unchanged), (5, 30, 60));
    assert!(again.units.is_empty() && again.positions.is_empty() && again.employees.is_empty());
}

#[test]
fn every_problem_is_named_at_its_row_and_column() {
    let now = demo_organisation();
    let units = "kode;nama;induk\nA;Satu;B\nB;Dua;A\nC;Tiga;BKPSDM\nC;Tiga lagi;BKPSDM\nD;;\nE;Lima;ZZ\n";
    let positions = "kode,nama,jenjang,unit,atasan,M.01,T.09\n";
    let employees = "nip;nama;pangkat;jenis;jabatan;tanggal_lahir;tmt\n\
        19850312 201001 1 003;Ani;III/a;PNS;JAB-017;12/03/1985;01/01/2010\n\
        198503122010011004;Budi;III/a;PNS;JAB-999;;\n\
        19850312201001100;Citra;III/a;PNS;JAB-017;;\n\
        198503122010011003;Ani lagi;III/a;PNS;JAB-017;;\n\
        198503122010011005;Dewi;IX;PNS;JAB-017;13/03/1985;kemarin\n\
        198503122010011006;Eko;III/a;Honorer;JAB-017;;\n";
    let found = problems(&files(units, positions, employees), &now);
    let at = |file, row, column: &str| found.iter().filter(move |(f, r, c, _)| *f == file && *r == row && c.as_deref() == Some(column)).map(|(.., p)| p.clone()).collect::<Vec<_>>();
    use ImportFile::*;
    assert_eq!(at(Units, 2, "induk"), [Problem::Cycle { codes: vec!["A".into(), "B".into(), "A".into()] }]);
    assert_eq!(at(Units, 5, "kode"), [Problem::Duplicate { first_row: 4 }]);
    assert_eq!(at(Units, 6, "nama"), [Problem::Required]);
    assert_eq!(at(Units, 7, "induk"), [Problem::UnknownUnit { code: "ZZ".into() }]);
    assert_eq!(at(Positions, 1, "T.09"), [Problem::UnknownColumn], "a competency the dictionary lacks");
    assert_eq!(at(Employees, 3, "jabatan"), [Problem::UnknownPosition { code: "JAB-999".into() }]);
    assert_eq!(at(Employees, 4, "nip"), [Problem::Nip(shared::domain::NipError::WrongLength { digits: 17 })]);
    assert_eq!(at(Employees, 5, "nip"), [Problem::Duplicate { first_row: 2 }], "the same NIP, written without spaces");
    assert_eq!(at(Employees, 6, "pangkat"), [Problem::RankForEmployment { employment: "PNS".into() }]);
    assert_eq!(at(Employees, 6, "tanggal_lahir"), [Problem::BirthDateNotInNip { in_nip: "1985-03-12".into() }]);
    assert_eq!(at(Employees, 6, "tmt"), [Problem::Date { value: "kemarin".into() }]);
    assert_eq!(at(Employees, 7, "jenis"), [Problem::Employment { value: "Honorer".into() }]);
    assert_eq!(found.len(), 12, "nothing else: {found:#?}");
    // Every problem reads as a sentence in both languages.
    for (.., problem) in &found {
        assert!(!problem.describe(false).is_empty() && problem.describe(false) != problem.describe(true));
    }
}

#[test]
fn a_header_without_a_required_column_is_refused_before_its_rows() {
    let found = problems(&files("", "kode;nama;unit;atasan\nX;Analis;BKPSDM;\n", "nip;nama\n"), &demo_organisation());
    let expected = [
        (ImportFile::Positions, 1, Some("jenjang".into()), Problem::MissingColumn),
        (ImportFile::Employees, 1, Some("pangkat".into()), Problem::MissingColumn),
        (ImportFile::Employees, 1, Some("jenis".into()), Problem::MissingColumn),
        (ImportFile::Employees, 1, Some("jabatan".into()), Problem::MissingColumn),
    ];
    assert_eq!(found, expected);
}

#[test]
fn a_superior_cycle_through_existing_positions_and_a_functional_position_without_levels_are_refused() {
    let now = demo_organisation();
    // JAB-002 (Sekretaris) is under JAB-001; putting JAB-001 under JAB-006, itself under JAB-002,
    // closes a circle through rows that are not in the file.
    let positions = "kode;nama;jenjang;unit;atasan;M.01\n\
        JAB-001;Kepala Badan;JPT Pratama;BKPSDM;JAB-006;\n\
        JAB-100;Analis Kebijakan Ahli Muda;Fungsional;PKA;JAB-005;\n\
        JAB-101;Analis Kebijakan Ahli Pertama;Fungsional;PKA;JAB-005;7\n";
    let found = problems(&files("", positions, ""), &now);
    assert_eq!(
        found,
        [
            (ImportFile::Positions, 2, Some("atasan".into()), Problem::Cycle { codes: ["JAB-001", "JAB-006", "JAB-002", "JAB-001"].map(String::from).to_vec() }),
            (ImportFile::Positions, 3, Some("M.01".into()), Problem::LevelForFunctional),
            (ImportFile::Positions, 4, Some("M.01".into()), Problem::Level { value: "7".into() }),
        ]
    );
}

#[test]
fn a_move_is_planned_and_named_and_changes_the_supervisor_of_whoever_moves() {
    let now = demo_organisation();
    let employee = now.employees.iter().find(|e| now.positions.iter().any(|p| p.id == e.position && p.code == "JAB-017")).unwrap().clone();
    let row = |code: &str| format!("nip;nama;pangkat;jenis;jabatan\n{};{};III/a;PNS;{code}\n", employee.nip.as_str(), employee.name);
    let planned = plan(&files("", "", &row("JAB-019")), &now, &mut counter()).unwrap();
    let summary = &planned.summary;
    assert_eq!((summary.employees.moved, summary.employees.changed), (1, 0), "{summary:?}");
    assert_eq!(summary.moves[0].from, "Pengadministrasi Umum");
    assert_eq!(summary.moves[0].to, "Bendahara");
    let moved: &Employee = &planned.employees[0];
    assert_eq!(moved.id, employee.id, "the same employee, by NIP");
    let changes = supervisor_changes(&now, &planned);
    let holder = |code: &str| {
        let position = now.positions.iter().find(|p| p.code == code).unwrap();
        now.employees.iter().filter(|e| e.position == position.id).min_by(|a, b| a.nip.cmp(&b.nip)).unwrap().id
    };
    assert_eq!(changes, [(employee.id, Some(holder("JAB-006")), Some(holder("JAB-007")))], "from the head of general affairs to the head of finance");
    // Filling the vacant JAB-010 changes the supervisor of everyone under it.
    let newcomer = "nip;nama;pangkat;jenis;jabatan\n199001012015031001;Siti Rahma;III/c;PNS;JAB-010\n";
    let filled = plan(&files("", "", newcomer), &now, &mut counter()).unwrap();
    let changes = supervisor_changes(&now, &filled);
    let newcomer = filled.employees[0].id;
    assert!(changes.iter().any(|(id, old, _)| *id == newcomer && old.is_none()), "the newcomer, who had no supervisor before");
    let below: Vec<_> = changes.into_iter().filter(|(id, ..)| *id != newcomer).collect();
    assert_eq!(below.len(), 6, "the six staff of JAB-024 and JAB-025");
    assert!(below.iter().all(|(_, old, new)| *old == Some(holder("JAB-003")) && *new == Some(newcomer)), "who reported to the head of division until now, and to the newcomer from now on");
}

#[test]
fn an_export_imports_back_unchanged_and_a_large_agency_exports_to_importable_files() {
    let now = demo_organisation();
    let again = plan(&export(&now), &now, &mut counter()).unwrap();
    assert!(again.summary.is_empty(), "{:?}", again.summary);
    assert_eq!(again.summary.employees.unchanged, 60);
    // Three copies of the demo agency, each with codes of its own, into an empty database.
    let large = crate::seed::large::large_agency(3).data;
    let large = Organisation {
        units: large.units,
        positions: large.positions,
        employees: large.employees.into_iter().map(|(e, _)| e).collect(),
        dictionary: now.dictionary.clone(),
    };
    let empty = Organisation { dictionary: now.dictionary.clone(), ..Organisation::default() };
    let planned = plan(&export(&large), &empty, &mut counter()).unwrap();
    assert_eq!((planned.summary.units.added, planned.summary.positions.added, planned.summary.employees.added), (15, 90, 180));
}

#[test]
fn a_column_left_out_keeps_what_kompeten_holds() {
    let now = demo_organisation();
    let eko = now.employees.iter().find(|e| e.nip.as_str() == "198907112016071019").unwrap();
    assert!(eko.service_start.is_some());
    // No `tmt`: Eko keeps his start of service; a new name is a change, not a wipe.
    let renamed = format!("nip;nama;pangkat;jenis;jabatan\n{};Eko Setiawan, S.Kom.;III/a;PNS;JAB-017\n", eko.nip.as_str());
    let planned = plan(&files("", "", &renamed), &now, &mut counter()).unwrap();
    assert_eq!((planned.summary.employees.changed, planned.summary.employees.moved), (1, 0));
    assert_eq!(planned.employees[0].service_start, eko.service_start);
    // No `atasan` and no competency columns: the position keeps its superior and its standard.
    let positions = "kode;nama;jenjang;unit\nJAB-017;Pengadministrasi Umum Senior;Pelaksana;SEKRETARIAT\n";
    let planned = plan(&files("", positions, ""), &now, &mut counter()).unwrap();
    let (old, new) = (now.positions.iter().find(|p| p.code == "JAB-017").unwrap(), &planned.positions[0]);
    assert_eq!((new.superior, new.standard.len()), (old.superior, old.standard.len()), "{new:?}");
    assert!(super::same_position(&Position { name: old.name.clone(), ..new.clone() }, old), "only the name changed");
    // No `induk`: the unit keeps its parent.
    let planned = plan(&files("kode;nama\nPKA;Bidang Pengembangan Kompetensi\n", "", ""), &now, &mut counter()).unwrap();
    let old = now.units.iter().find(|u| u.code == "PKA").unwrap();
    assert_eq!(planned.units[0].parent, old.parent);
    // A move that also renames counts as both.
    let both = format!("nip;nama;pangkat;jenis;jabatan\n{};Eko S.;III/a;PNS;JAB-019\n", eko.nip.as_str());
    let planned = plan(&files("", "", &both), &now, &mut counter()).unwrap();
    assert_eq!((planned.summary.employees.changed, planned.summary.employees.moved), (1, 1));
}

#[test]
fn units_and_positions_written_before_codes_were_kept_are_taken_over_by_name() {
    let mut now = demo_organisation();
    for unit in &mut now.units {
        unit.code.clear();
    }
    for position in &mut now.positions {
        position.code.clear();
    }
    let planned = plan(&seed::demo_files(), &now, &mut counter()).unwrap();
    let summary = &planned.summary;
    assert_eq!((summary.units.added, summary.units.changed), (0, 5), "each unit gets its code: {summary:?}");
    assert_eq!((summary.positions.added, summary.positions.changed), (0, 30), "{summary:?}");
    assert_eq!((summary.employees.moved, summary.employees.changed), (0, 0), "nobody moves to a copy");
    assert!(planned.units.iter().zip(&now.units).all(|(new, old)| new.id == old.id));
}

#[test]
fn a_row_naming_a_faulty_row_says_so_and_a_nip_must_suit_the_employment() {
    let now = demo_organisation();
    let positions = "kode;nama;jenjang;unit;atasan\nJAB-200;Penata Kelola;Eselon V;SEKRETARIAT;JAB-006\n";
    let employees = "nip;nama;pangkat;jenis;jabatan\n\
        199001012015031001;Siti Rahma;III/c;PNS;JAB-200\n\
        199001012015211002;Rudi;III/a;PNS;JAB-017\n\
        199001012015031003;Tono;IX;PPPK;JAB-017\n";
    let found = problems(&files("", positions, employees), &now);
    let texts: Vec<_> = found.iter().map(|(f, r, c, p)| (*f, *r, c.clone().unwrap_or_default(), p.clone())).collect();
    use ImportFile::*;
    assert_eq!(
        texts,
        [
            (Positions, 2, "jenjang".into(), Problem::Tier { value: "Eselon V".into() }),
            (Employees, 2, "jabatan".into(), Problem::FaultyRow { file: Positions, code: "JAB-200".into(), row: 2 }),
            (Employees, 3, "jenis".into(), Problem::NipForEmployment { employment: "PNS".into() }),
            (Employees, 4, "jenis".into(), Problem::NipForEmployment { employment: "PPPK".into() }),
        ]
    );
}
