//! Importing a 100,000-employee agency through HR's import, over HTTP into the real server
//! process: the demo agency's organisation repeated (each copy with codes of its own), written
//! as the three CSV files an export would give. Prints the time of the preview, of the applied
//! import and of importing the same files again (which changes nothing), the server's peak
//! resident memory, and the first pull of one of the imported supervisors afterwards (their
//! account made on the accounts endpoint, the one-time password changed).

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::Instant;

use axum::http::Method;
use kompeten_server::import::{Organisation, export, in_standard_order};
use kompeten_server::seed::{self, large::{LargeAgency, large_agency}};
use shared::api::IssuedPasswords;
use shared::import::{ImportReport, ImportSummary};
use support::{DEMO_PASSWORD, Http, ServerProcess, proc_status_mb};

/// Copies of the demo agency's organisation (60 employees each): 100,020 employees.
const COPIES: usize = 1_667;

fn counts(summary: &ImportSummary) -> String {
    let (u, p, e) = (summary.units, summary.positions, summary.employees);
    format!(
        "units +{} ~{} ={}, positions +{} ~{} ={}, employees +{} ~{} moved {} ={}",
        u.added, u.changed, u.unchanged, p.added, p.changed, p.unchanged, e.added, e.changed, e.moved, e.unchanged
    )
}

async fn post_files(http: &Http, path: &str, fields: &[(&str, &[u8])]) -> (ImportReport, f64) {
    let started = Instant::now();
    let body = http.send_form(path, fields).await.unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let report: ImportReport = serde_json::from_slice(&body).unwrap();
    assert!(report.problems.is_empty(), "{:?}", &report.problems[..report.problems.len().min(5)]);
    (report, seconds)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let started = Instant::now();
    let LargeAgency { data, supervisor, .. } = large_agency(COPIES);
    let mut dictionary = data.competencies;
    in_standard_order(&mut dictionary);
    let organisation = Organisation {
        units: data.units,
        positions: data.positions,
        employees: data.employees.into_iter().map(|(e, _)| e).collect(),
        dictionary,
    };
    let files = export(&organisation);
    let [units, positions, employees] = [&files.units, &files.positions, &files.employees].map(|f| f.as_deref().unwrap());
    println!(
        "files: {} units, {} positions, {} employees; {:.1} MB of CSV in all; made in {:.1} s",
        organisation.units.len(),
        organisation.positions.len(),
        organisation.employees.len(),
        (units.len() + positions.len() + employees.len()) as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    drop(organisation);

    let data_dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(Path::new(env!("CARGO_BIN_EXE_kompeten")), data_dir.path());
    println!("server started (demo agency): {:.1} MB resident", proc_status_mb(server.pid(), "VmRSS:").unwrap_or(f64::NAN));
    let (_, logins) = seed::demo_agency();
    let hr_nip = logins.iter().find(|l| l.role == "Admin SDM").unwrap().nip.clone();
    let (hr, _) = Http::sign_in(&server.url, hr_nip.as_str()).await;
    let fields = [("units", units), ("positions", positions), ("employees", employees)];

    let (preview, seconds) = post_files(&hr, "/api/v1/admin/import/preview", &fields).await;
    let peak = || proc_status_mb(server.pid(), "VmHWM:").unwrap_or(f64::NAN);
    println!("preview:           {seconds:>6.2} s  ({}); server peak so far {:.0} MB", counts(&preview.summary), peak());
    let mut confirm = fields.to_vec();
    confirm.push(("fingerprint", preview.summary.fingerprint.as_bytes()));
    let (applied, seconds) = post_files(&hr, "/api/v1/admin/import/apply", &confirm).await;
    assert!(applied.applied);
    println!("import (applied):  {seconds:>6.2} s  ({:.0} employees/s); server peak so far {:.0} MB", applied.summary.employees.added as f64 / seconds, peak());
    let (again, seconds) = post_files(&hr, "/api/v1/admin/import/preview", &fields).await;
    assert!(again.summary.is_empty(), "{}", counts(&again.summary));
    println!("same files again:  {seconds:>6.2} s  (preview: {})", counts(&again.summary));
    let mut confirm = fields.to_vec();
    confirm.push(("fingerprint", again.summary.fingerprint.as_bytes()));
    let (_, seconds) = post_files(&hr, "/api/v1/admin/import/apply", &confirm).await;
    println!("  and applied:     {seconds:>6.2} s  (nothing written)");
    match proc_status_mb(server.pid(), "VmHWM:") {
        Some(mb) => println!("server peak resident memory: {mb:.1} MB (budget: 300 MB)"),
        None => println!("server peak resident memory: not available on this platform"),
    }

    // One of the imported supervisors: an account, the one-time password changed, a first pull.
    let request = serde_json::json!({ "nips": [supervisor.as_str()] }).to_string();
    let (_, body) = hr.send(Method::POST, "/api/v1/admin/accounts", request.into()).await.unwrap();
    let issued: IssuedPasswords = serde_json::from_slice(&body).unwrap();
    let (http, _) = Http::sign_in_with(&server.url, supervisor.as_str(), &issued.issued[0].password).await;
    let change = serde_json::json!({ "current": issued.issued[0].password, "new": DEMO_PASSWORD }).to_string();
    http.send(Method::POST, "/api/v1/auth/password", change.into()).await.unwrap();
    let started = Instant::now();
    let first = http.pull("", 1_000).await;
    let seconds = started.elapsed().as_secs_f64();
    let team = first.reference.as_ref().map_or(0, |r| r.team.len());
    println!("first pull of an imported supervisor: {:.1} ms ({} records, a team of {team})", seconds * 1e3, first.changes.len());
}
