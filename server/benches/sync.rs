//! Sync throughput against the real server process on loopback with a fresh database:
//! 1. push 10,000 commands of about 500 bytes in batches of 100;
//! 2. pull them back in pages of 100;
//! 3. push 1,000 updates of those records;
//! 4. pull the delta;
//! 5. push 10,000 more from 4 devices at once (each in order, batches of 100).
//!
//! The scenario runs [`ROUNDS`] times, each on a fresh server and database. Prints the throughput
//! of each phase in each round, the median of each phase, and the server's peak resident memory.
//! Budget (DESIGN.md):
//! at least 50,000 per second each way. Request bodies are encoded before the clock starts, so the
//! figures are the server's and the loopback's, not the client's JSON encoder's. Ids are UUIDv7
//! (time-ordered), as the app makes them: new keys land at the end of the B-trees.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::Instant;

use axum::body::Bytes;
use shared::command::{Command, CommandEnvelope};
use shared::kinds::training;
use shared::kinds::training::{TrainingDetails, TrainingForm};
use shared::ids::{CommandId, CompetencyId, DeviceId, EmployeeId, TrainingId};
use shared::sync::{Change, Outcome, PushRequest};
use support::{EMPLOYEE_NIP, Http, ServerProcess, proc_status_mb};

const RECORDS: usize = 10_000;
const UPDATES: usize = 1_000;
const BATCH: usize = 100;
const PAGE: usize = 100;
/// Devices pushing at once in the concurrent phase.
const DEVICES: usize = 4;

fn details(n: usize, jp: u16) -> TrainingDetails {
    TrainingDetails {
        title: format!("Pelatihan Teknis Pengelolaan Arsip Angkatan {n:05}"),
        form: TrainingForm::PelatihanTeknis,
        provider: "BPSDM Provinsi Contoh".to_owned(),
        start: time::macros::date!(2026 - 03 - 02),
        end: time::macros::date!(2026 - 03 - 06),
        jp_claimed: jp,
        competencies: vec![CompetencyId::from_u128(n as u128)],
        certificate_number: format!("SERT/BPSDM/2026/{n:06}"),
    }
}

fn envelope(author: EmployeeId, device: DeviceId, seq: usize, base_version: Option<u64>, command: Command) -> CommandEnvelope {
    CommandEnvelope {
        command_id: CommandId(uuid::Uuid::now_v7()),
        device_id: device,
        device_seq: seq as u64,
        author,
        device_time_ms: 1_790_000_000_000 + seq as i64,
        base_version,
        command,
    }
}

fn encode(commands: &[CommandEnvelope]) -> Bytes {
    serde_json::to_vec(&PushRequest { commands: commands.to_vec() }).unwrap().into()
}

/// Throughput since `started`.
fn per_second(count: usize, started: Instant) -> f64 {
    count as f64 / started.elapsed().as_secs_f64()
}

fn rate(count: usize, seconds: f64) -> String {
    format!("{count:>6} in {:>7.3} s = {:>9.0} /s", seconds, count as f64 / seconds)
}

async fn push_all(http: &Http, bodies: &[Bytes]) -> usize {
    let mut applied = 0;
    for body in bodies {
        let response = http.push_encoded(body.clone()).await.expect("push");
        applied += response.results.iter().filter(|r| matches!(r.outcome, Outcome::Applied { .. })).count();
    }
    applied
}

async fn pull_from(http: &Http, mut cursor: String) -> (usize, String) {
    let mut records = 0;
    loop {
        let page = http.pull(&cursor, PAGE).await;
        records += page.changes.iter().filter(|c| matches!(c, Change::Upsert { .. })).count();
        cursor = page.cursor;
        if !page.more {
            return (records, cursor);
        }
    }
}

/// How many times the whole scenario runs, each on a fresh server and database. A single disk
/// flush that stalls (on a shared virtual disk, say) can halve a phase that lasts a fraction of
/// a second, so every round is printed and the budget is read against the median.
const ROUNDS: usize = 5;

/// One round's figures: throughput (per second) of each phase, and the server's footprint.
struct Round {
    push: f64,
    pull: f64,
    update: f64,
    delta: f64,
    concurrent: f64,
    rss_mb: Option<f64>,
    db_mb: f64,
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // The build that precedes a run leaves hundreds of megabytes of dirty pages, which the kernel
    // writes back while the server's commits wait on their own flushes: write them out first.
    if std::process::Command::new("sync").status().is_err() {
        println!("(could not run `sync`: figures may include the writeback of the build)");
    }
    println!("sync benchmark: real server on loopback, fresh database, keep-alive; {ROUNDS} rounds");
    let mut rounds = Vec::with_capacity(ROUNDS);
    let mut author = None;
    for number in 1..=ROUNDS {
        let (round, who) = round(number == 1).await;
        println!(
            "round {number}: push {:>6.0}  pull {:>6.0}  update {:>6.0}  delta {:>6.0}  4 devices {:>6.0}  /s",
            round.push, round.pull, round.update, round.delta, round.concurrent
        );
        rounds.push(round);
        author.get_or_insert(who);
    }

    println!("\nmedian of {ROUNDS} rounds (lowest - highest), per second:");
    type Figure = fn(&Round) -> f64;
    let phases: [(&str, Figure); 5] = [
        ("push   10,000 in batches of 100", |r| r.push),
        ("pull   10,000 in pages of 100", |r| r.pull),
        ("update  1,000 in batches of 100", |r| r.update),
        ("delta   1,000", |r| r.delta),
        ("push   10,000 from 4 devices at once", |r| r.concurrent),
    ];
    for (name, figure) in phases {
        let mut values: Vec<f64> = rounds.iter().map(figure).collect();
        values.sort_by(f64::total_cmp);
        println!("  {name:<38} {:>8.0}   ({:.0} - {:.0})", values[values.len() / 2], values[0], values[values.len() - 1]);
    }

    // The storage layer alone, in this process (no HTTP, no JSON on the wire): what the database
    // work costs, and so how much of the push figure is transport.
    let author = author.expect("at least one round");
    let store_dir = tempfile::tempdir().unwrap();
    let store = kompeten_server::db::Store::open(&store_dir.path().join("kompeten.redb")).unwrap();
    kompeten_server::seed::seed_if_empty(&store).unwrap();
    let actor = shared::command::Actor { id: author, hr_admin: false };
    let policy = shared::command::Policy::default();
    let device = DeviceId(uuid::Uuid::now_v7());
    let fresh: Vec<CommandEnvelope> = (0..RECORDS)
        .map(|n| envelope(author, device, n, None, Command::SaveTraining(training::Save { id: TrainingId(uuid::Uuid::now_v7()), details: details(n, 30), subject: None })))
        .collect();
    let started = Instant::now();
    for chunk in fresh.chunks(BATCH) {
        store.apply_commands(actor, chunk, &policy, 0).unwrap();
    }
    println!("\nstorage alone (in process, same commands): push {}", rate(RECORDS, started.elapsed().as_secs_f64()));

    match rounds.iter().filter_map(|r| r.rss_mb).reduce(f64::max) {
        Some(mb) => println!("server peak resident memory: {mb:.1} MB (highest of the rounds)"),
        None => println!("server peak resident memory: not available on this platform"),
    }
    println!("database file after a round: {:.1} MB", rounds[0].db_mb);
    println!("budget: at least 50,000 per second each way (DESIGN.md)");
}

/// The whole scenario once, on a fresh server and database.
async fn round(describe: bool) -> (Round, EmployeeId) {
    let data = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(Path::new(env!("CARGO_BIN_EXE_kompeten")), data.path());
    let (http, author) = Http::sign_in(&server.url, EMPLOYEE_NIP).await;
    let device = DeviceId(uuid::Uuid::now_v7());

    let ids: Vec<TrainingId> = (0..RECORDS).map(|_| TrainingId(uuid::Uuid::now_v7())).collect();
    let creates: Vec<CommandEnvelope> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| envelope(author, device, n, None, Command::SaveTraining(training::Save { id: *id, details: details(n, 30), subject: None })))
        .collect();
    let create_bodies: Vec<Bytes> = creates.chunks(BATCH).map(encode).collect();
    let updates: Vec<CommandEnvelope> = ids
        .iter()
        .take(UPDATES)
        .enumerate()
        .map(|(n, id)| envelope(author, device, RECORDS + n, Some(1), Command::SaveTraining(training::Save { id: *id, details: details(n, 32), subject: None })))
        .collect();
    let update_bodies: Vec<Bytes> = updates.chunks(BATCH).map(encode).collect();

    if describe {
        let average = creates.iter().map(|c| serde_json::to_vec(c).unwrap().len()).sum::<usize>() / creates.len();
        let started = Instant::now();
        for body in &create_bodies {
            let decoded: PushRequest = serde_json::from_slice(body).unwrap();
            std::hint::black_box(decoded);
        }
        let decode_seconds = started.elapsed().as_secs_f64();
        println!("commands of {average} bytes on average (JSON), batches of {BATCH}, pull pages of {PAGE}");
        println!("decoding the push bodies alone (JSON, this process): {}\n", rate(RECORDS, decode_seconds));
    }

    let started = Instant::now();
    let applied = push_all(&http, &create_bodies).await;
    let push = per_second(RECORDS, started);
    assert_eq!(applied, RECORDS, "every create applied");

    let started = Instant::now();
    let (pulled, cursor) = pull_from(&http, String::new()).await;
    let pull = per_second(RECORDS, started);
    assert_eq!(pulled, RECORDS, "every record pulled");

    let started = Instant::now();
    let applied = push_all(&http, &update_bodies).await;
    let update = per_second(UPDATES, started);
    assert_eq!(applied, UPDATES, "every update applied");

    let started = Instant::now();
    let (delta_records, _) = pull_from(&http, cursor).await;
    let delta = per_second(UPDATES, started);
    assert_eq!(delta_records, UPDATES, "the delta holds exactly the updated records");

    // Several devices at once (as when a unit's tablets sync together in the morning): each
    // pushes its own commands in order, one batch after the other; the server's group commit lets
    // batches that arrive together share one durable commit.
    let mut devices = Vec::with_capacity(DEVICES);
    for device in 0..DEVICES {
        let (http, author) = Http::sign_in(&server.url, EMPLOYEE_NIP).await;
        let device_id = DeviceId(uuid::Uuid::now_v7());
        let bodies: Vec<Bytes> = (0..RECORDS / DEVICES)
            .map(|n| {
                let n = 100_000 + device * RECORDS + n;
                let id = TrainingId(uuid::Uuid::now_v7());
                envelope(author, device_id, n, None, Command::SaveTraining(training::Save { id, details: details(n, 30), subject: None }))
            })
            .collect::<Vec<_>>()
            .chunks(BATCH)
            .map(encode)
            .collect();
        devices.push((http, bodies));
    }
    let started = Instant::now();
    let applied: usize =
        futures::future::join_all(devices.iter().map(|(http, bodies)| push_all(http, bodies))).await.into_iter().sum();
    let concurrent = per_second(RECORDS, started);
    assert_eq!(applied, RECORDS, "every create applied");

    let rss_mb = proc_status_mb(server.pid(), "VmHWM:");
    let db_mb = std::fs::metadata(data.path().join("kompeten.redb")).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    (Round { push, pull, update, delta, concurrent, rss_mb, db_mb }, author)
}
