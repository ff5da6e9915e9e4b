//! The server binary's subcommands, besides serving: `kompeten import` and `kompeten account`.

use anyhow::Context;
use shared::domain::Nip;
use shared::import::{Counts, ImportFile, ImportReport};

use crate::config::{AccountArgs, ImportArgs};
use crate::db::{Applied, HrRights, ReferenceData, Store};
use crate::import::{self, Files};

/// `kompeten import`: reads the files, prints their problems or what they change, and with
/// `--apply` applies them. A database without a competency dictionary gets the national one
/// (the eight managerial competencies and Perekat Bangsa) first: the positions file's columns
/// name its codes. Fails (exit code 1) when the files have problems.
pub fn import(store: &Store, args: &ImportArgs) -> anyhow::Result<()> {
    let mut files = Files::default();
    for (file, path) in [(ImportFile::Units, &args.units), (ImportFile::Positions, &args.positions), (ImportFile::Employees, &args.employees)] {
        if let Some(path) = path {
            files.set(file, std::fs::read(path).with_context(|| format!("reading {}", path.display()))?);
        }
    }
    anyhow::ensure!(ImportFile::ALL.iter().any(|&f| files.get(f).is_some()), "give at least one of --units, --positions, --employees");
    let mut organisation = store.organisation()?;
    let no_dictionary = organisation.dictionary.is_empty();
    // The files are read against the national dictionary when there is none yet (`--apply` then
    // loads it first); nothing is written while they have problems, the dictionary included.
    if no_dictionary {
        organisation.dictionary = crate::seed::national_dictionary();
        import::in_standard_order(&mut organisation.dictionary);
    }
    let planned = import::plan(&files, &organisation, &mut import::random_id);
    let report = match (planned, args.apply) {
        (Ok(_), true) => {
            if no_dictionary {
                store.import_reference_data(&ReferenceData { competencies: crate::seed::national_dictionary(), ..ReferenceData::default() })?;
                println!("Kamus kompetensi nasional (M.01–M.08, SK.01) dimuat.");
            }
            match store.apply_import(&files, None, None, &mut import::random_id)? {
                Applied::Report(report) => report,
                Applied::Stale => unreachable!("an import without a preview's fingerprint is never stale"),
            }
        }
        (planned, _) => import::report(planned, String::new(), false),
    };
    print!("{}", describe(&report, args.apply));
    anyhow::ensure!(report.problems.is_empty(), "{} masalah; tidak ada yang diterapkan", report.problem_count);
    Ok(())
}

/// The report as HR reads it on a terminal, in Indonesian.
fn describe(report: &ImportReport, apply: bool) -> String {
    let mut text = String::new();
    for problem in &report.problems {
        let column = problem.column.as_ref().map(|c| format!(", kolom {c}")).unwrap_or_default();
        let row = if problem.row == 0 { String::new() } else { format!(" baris {}", problem.row) };
        text += &format!("{}{row}{column}: {}\n", problem.file.label(false), problem.problem.describe(false));
    }
    if report.problem_count > report.problems.len() as u64 {
        text += &format!("… dan {} masalah lain.\n", report.problem_count - report.problems.len() as u64);
    }
    if !report.problems.is_empty() {
        return text;
    }
    let summary = &report.summary;
    let line = |label: &str, c: Counts| format!("{label}: {} baru, {} berubah, {} tetap\n", c.added, c.changed, c.unchanged);
    text += &line("Unit organisasi", summary.units);
    text += &line("Jabatan", summary.positions);
    let employees = summary.employees;
    text += &format!("Pegawai: {} baru, {} berubah, {} pindah jabatan, {} tetap\n", employees.added, employees.changed, employees.moved, employees.unchanged);
    for moved in &summary.moves {
        text += &format!("  pindah: {} {} — {} → {}\n", moved.nip, moved.name, moved.from, moved.to);
    }
    text += match (summary.is_empty(), apply) {
        (true, _) => "Tidak ada perubahan.\n",
        (false, true) => "Diterapkan.\n",
        (false, false) => "Belum diterapkan: jalankan lagi dengan --apply.\n",
    };
    text
}

/// `kompeten account`: a one-time password for the employee (a new account, or a reset), printed
/// once; with `--hr`, HR rights too.
pub fn account(store: &Store, args: &AccountArgs) -> anyhow::Result<()> {
    let nip = Nip::parse(&args.nip).map_err(|error| anyhow::anyhow!("NIP {}: {}", args.nip, error.describe(false)))?;
    let employee = store.employee_by_nip(&nip)?.with_context(|| format!("tidak ada pegawai dengan NIP {nip:?}: impor dulu datanya"))?;
    let password = crate::auth::one_time_password().map_err(|e| anyhow::anyhow!("random password: {e}"))?;
    let hash = crate::auth::hash_password(&password).map_err(|e| anyhow::anyhow!("hashing the password: {e}"))?;
    let now = crate::auth::unix_now_ms();
    if !store.create_accounts(None, &[(employee.id, hash.clone())], now)?[0] {
        store.set_password(None, employee.id, hash, true, None, now)?;
    }
    if args.hr {
        match store.set_hr_admin(None, employee.id, true)? {
            HrRights::Changed | HrRights::Unchanged => {}
            other => anyhow::bail!("granting HR rights: {other:?}"),
        }
    }
    println!("{} ({})", employee.name, employee.nip.as_str());
    println!("Kata sandi sekali pakai / one-time password: {password}");
    println!("Wajib diganti saat pertama masuk / to be changed at the first sign-in.");
    Ok(())
}
