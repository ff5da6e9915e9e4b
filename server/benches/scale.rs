//! The server with a large agency: 100,000 employees (the demo agency's organisation, repeated)
//! with three training records each, in a real database file, served by the real server process
//! on loopback. Prints how long the pulls of an employee, a supervisor and HR (the whole agency)
//! take, and the server's peak resident memory. Budget (DESIGN.md): at most 300 MB resident with
//! a 100,000-employee agency loaded.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::Instant;

use kompeten_server::db::{PushBatch, ReferenceData, Store};
use kompeten_server::seed;
use shared::command::{Actor, Command, CommandEnvelope, Policy};
use shared::kinds::training;
use shared::domain::Nip;
use shared::kinds::training::{TrainingDetails, TrainingForm};
use shared::ids::{CommandId, DeviceId, EmployeeId, PositionId, TrainingId, UnitId};
use shared::sync::PullResponse;
use support::{Http, ServerProcess, proc_status_mb};

/// Copies of the demo agency's organisation (60 employees each).
const COPIES: usize = 1_667;
const TRAININGS_PER_EMPLOYEE: usize = 3;
/// Employees whose records go into one write transaction while the database is built.
const EMPLOYEES_PER_TRANSACTION: usize = 500;
const PAGE: usize = 1_000;

/// The id of the `copy`th copy of a demo id.
fn copied(id: u128, copy: usize) -> u128 {
    id ^ ((copy as u128 + 1) << 64)
}

/// A valid, unique NIP for the `number`th employee (the demo's own run out at 999).
fn nip(number: usize) -> Nip {
    let (year, month, day) = (1965 + number % 30, 1 + number / 30 % 12, 1 + number / 360 % 28);
    let serial = 1 + number / 10_080;
    let text = format!("{year:04}{month:02}{day:02}{:04}{:02}{}{serial:03}", year + 25, 1 + number % 12, 1 + number % 2);
    Nip::parse(&text).unwrap_or_else(|error| panic!("NIP {text}: {error}"))
}

/// The demo agency's organisation `COPIES` times over, every account with the demo password.
/// Returns the data and, for copy `COPIES / 2`, the NIPs of the demo's employee and supervisor,
/// and the NIP of the HR officer (in copy 0).
fn agency() -> (ReferenceData, [Nip; 3]) {
    let (template, logins) = seed::demo_agency();
    let hash = kompeten_server::auth::hash_password(seed::DEMO_PASSWORD).unwrap();
    let index_of = |role: &str| {
        let login = logins.iter().find(|l| l.role == role).unwrap();
        template.employees.iter().position(|(e, _)| e.nip == login.nip).unwrap()
    };
    let (employee_index, supervisor_index, hr_index) = (index_of("Pegawai"), index_of("Atasan (Kepala Subbagian)"), index_of("Admin SDM"));
    let mut data = ReferenceData { units: Vec::new(), positions: Vec::new(), competencies: template.competencies.clone(), employees: Vec::new() };
    let mut named = [None, None, None];
    for copy in 0..COPIES {
        for unit in &template.units {
            let mut unit = unit.clone();
            unit.id = UnitId::from_u128(copied(unit.id.as_u128(), copy));
            unit.parent = unit.parent.map(|p| UnitId::from_u128(copied(p.as_u128(), copy)));
            data.units.push(unit);
        }
        for position in &template.positions {
            let mut position = position.clone();
            position.id = PositionId::from_u128(copied(position.id.as_u128(), copy));
            position.unit = UnitId::from_u128(copied(position.unit.as_u128(), copy));
            position.superior = position.superior.map(|s| PositionId::from_u128(copied(s.as_u128(), copy)));
            data.positions.push(position);
        }
        for (index, (employee, account)) in template.employees.iter().enumerate() {
            let mut employee = employee.clone();
            employee.id = EmployeeId::from_u128(copied(employee.id.as_u128(), copy));
            employee.position = PositionId::from_u128(copied(employee.position.as_u128(), copy));
            employee.nip = nip(data.employees.len());
            let mut account = account.clone();
            if let Some(account) = &mut account {
                account.password_hash.clone_from(&hash);
                account.hr_admin &= copy == 0;
            }
            match (copy, index) {
                (COPIES_HALF, i) if i == employee_index => named[0] = Some(employee.nip.clone()),
                (COPIES_HALF, i) if i == supervisor_index => named[1] = Some(employee.nip.clone()),
                (0, i) if i == hr_index => named[2] = Some(employee.nip.clone()),
                _ => {}
            }
            data.employees.push((employee, account));
        }
    }
    (data, named.map(Option::unwrap))
}

const COPIES_HALF: usize = COPIES / 2;

fn training(n: usize) -> TrainingDetails {
    TrainingDetails {
        title: format!("Pelatihan Teknis Pengelolaan Arsip Angkatan {n:06}"),
        form: TrainingForm::PelatihanTeknis,
        provider: "BPSDM Provinsi Contoh".to_owned(),
        start: time::macros::date!(2026 - 03 - 02),
        end: time::macros::date!(2026 - 03 - 06),
        jp_claimed: 30,
        competencies: Vec::new(),
        certificate_number: format!("SERT/BPSDM/2026/{n:07}"),
    }
}

/// Three saved trainings for every employee, written straight into the store.
fn trainings(store: &Store, employees: &[EmployeeId]) -> usize {
    let policy = Policy::default();
    let device = DeviceId(uuid::Uuid::now_v7());
    let now_ms = kompeten_server::auth::unix_now_ms();
    let mut written = 0;
    for group in employees.chunks(EMPLOYEES_PER_TRANSACTION) {
        let mut commands: Vec<(Actor, Vec<CommandEnvelope>)> = Vec::with_capacity(group.len());
        for &author in group {
            let mut theirs = Vec::with_capacity(TRAININGS_PER_EMPLOYEE);
            for k in 0..TRAININGS_PER_EMPLOYEE {
                theirs.push(CommandEnvelope {
                    command_id: CommandId(uuid::Uuid::now_v7()),
                    device_id: device,
                    device_seq: k as u64 + 1,
                    author,
                    device_time_ms: now_ms,
                    base_version: None,
                    command: Command::SaveTraining(training::Save { id: TrainingId(uuid::Uuid::now_v7()), details: training(written), subject: None }),
                });
                written += 1;
            }
            commands.push((Actor { id: author, hr_admin: false }, theirs));
        }
        let batches: Vec<PushBatch> = commands.iter().map(|(actor, commands)| PushBatch { actor: *actor, commands, now_ms }).collect();
        for results in store.apply_batches(&batches, &policy).unwrap() {
            assert!(results.iter().all(|r| matches!(r.outcome, shared::sync::Outcome::Applied { .. })), "{results:?}");
        }
    }
    written
}

/// Pulls everything `nip` may see, from the start; returns the records, the seconds taken and
/// the bytes of JSON received.
async fn pull_all(url: &str, nip: &Nip) -> (usize, f64, usize) {
    let (http, _) = Http::sign_in(url, nip.as_str()).await;
    let started = Instant::now();
    let mut cursor = String::new();
    let (mut records, mut bytes) = (0, 0);
    loop {
        let body = http.pull_bytes(&cursor, PAGE).await;
        bytes += body.len();
        let page: PullResponse = serde_json::from_slice(&body).unwrap();
        records += page.changes.len();
        cursor = page.cursor;
        if !page.more {
            return (records, started.elapsed().as_secs_f64(), bytes);
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let data_dir = tempfile::tempdir().unwrap();
    let path = data_dir.path().join("kompeten.redb");
    let started = Instant::now();
    let (agency, [employee, supervisor, hr]) = agency();
    let employees: Vec<EmployeeId> = agency.employees.iter().map(|(e, _)| e.id).collect();
    {
        let store = Store::open(&path).unwrap();
        store.import_reference_data(&agency).unwrap();
        let records = trainings(&store, &employees);
        println!(
            "agency: {} employees, {} positions, {} units, {records} training records; built in {:.1} s",
            employees.len(),
            agency.positions.len(),
            agency.units.len(),
            started.elapsed().as_secs_f64()
        );
    }
    drop(agency);
    println!("database file: {:.0} MB", std::fs::metadata(&path).unwrap().len() as f64 / 1e6);

    let server = ServerProcess::start(Path::new(env!("CARGO_BIN_EXE_kompeten")), data_dir.path());
    println!("server started: {:.1} MB resident", proc_status_mb(server.pid(), "VmRSS:").unwrap_or(f64::NAN));
    for (who, nip) in [("employee", &employee), ("supervisor", &supervisor), ("HR (whole agency)", &hr)] {
        let (records, seconds, bytes) = pull_all(&server.url, nip).await;
        let rate = if records >= PAGE { format!(" ({:.0} /s)", records as f64 / seconds) } else { String::new() };
        println!(
            "full pull, {who:<18} {records:>7} records in {seconds:>7.3} s{rate}, {:.0} kB of JSON in pages of {PAGE}",
            bytes as f64 / 1e3
        );
    }
    // Once more for the employee and the supervisor, now that the server has read everything.
    for (who, nip) in [("employee", &employee), ("supervisor", &supervisor)] {
        let (records, seconds, _) = pull_all(&server.url, nip).await;
        println!("full pull again, {who:<12} {records:>7} records in {seconds:>7.3} s");
    }
    match proc_status_mb(server.pid(), "VmHWM:") {
        Some(mb) => println!("server peak resident memory: {mb:.1} MB (budget: 300 MB)"),
        None => println!("server peak resident memory: not available on this platform"),
    }
}
