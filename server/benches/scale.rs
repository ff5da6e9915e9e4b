//! The server with a large agency: 100,000 employees (the demo agency's organisation, repeated)
//! with three training records each, submitted and confirmed by the supervisor (so in HR's
//! verification queue), in a real database file, served by the real server process on loopback.
//! Prints how long the pulls of an employee, a supervisor and HR (the whole agency's queue) take,
//! and the server's peak resident memory. Budget (DESIGN.md): at most 300 MB resident with
//! a 100,000-employee agency loaded.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::Instant;

use kompeten_server::db::Store;
use kompeten_server::seed::large::{LargeAgency, confirmed_trainings, large_agency};
use shared::domain::Nip;
use shared::ids::EmployeeId;
use shared::sync::PullResponse;
use support::{Http, ServerProcess, proc_status_mb};

/// Copies of the demo agency's organisation (60 employees each).
const COPIES: usize = 1_667;
const TRAININGS_PER_EMPLOYEE: usize = 3;
const PAGE: usize = 1_000;

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
    let LargeAgency { data: agency, employee, supervisor, hr } = large_agency(COPIES);
    let employees: Vec<EmployeeId> = agency.employees.iter().map(|(e, _)| e.id).collect();
    {
        let store = Store::open(&path).unwrap();
        store.import_reference_data(&agency).unwrap();
        let written = confirmed_trainings(&store, &employees, TRAININGS_PER_EMPLOYEE).unwrap();
        println!(
            "agency: {} employees, {} positions, {} units, {} training records ({} confirmed: HR's queue, and the officer's own); built in {:.1} s",
            employees.len(),
            agency.positions.len(),
            agency.units.len(),
            written.confirmed + written.submitted,
            written.confirmed,
            started.elapsed().as_secs_f64()
        );
    }
    drop(agency);
    println!("database file: {:.0} MB", std::fs::metadata(&path).unwrap().len() as f64 / 1e6);

    let server = ServerProcess::start(Path::new(env!("CARGO_BIN_EXE_kompeten")), data_dir.path());
    println!("server started: {:.1} MB resident", proc_status_mb(server.pid(), "VmRSS:").unwrap_or(f64::NAN));
    for (who, nip) in [("employee", &employee), ("supervisor", &supervisor), ("HR (their queue)", &hr)] {
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
