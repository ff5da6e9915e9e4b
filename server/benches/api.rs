//! Read latency with 100 clients against the real server process on loopback: each client has
//! its own session and keep-alive connection (the demo agency's people in turn) and reads, in
//! turn, its profile (`GET /me`) and its changes since its cursor (`GET /sync/pull`), as an open
//! app does. Two loads:
//! 1. paced: each client reads every 50 ms, 2,000 reads per second in all;
//! 2. flat out: each client reads again as soon as it has its answer (as much as the machine,
//!    clients included, can serve).
//!
//! Prints the latency percentiles the clients saw. Budget (DESIGN.md): p99 under 5 ms for reads
//! with 100 concurrent clients on loopback.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::Method;
use kompeten_server::seed;
use support::{Http, ServerProcess};

const CLIENTS: usize = 100;
const PACE: Duration = Duration::from_millis(50);
const WARM_UP: Duration = Duration::from_secs(1);
const PACED: Duration = Duration::from_secs(5);
const FLAT_OUT: Duration = Duration::from_secs(3);

/// One client: its connection and session, and where its pulls stand.
struct Client {
    http: Http,
    cursor: String,
    reads: u64,
}

impl Client {
    /// One read, alternately the profile and the changes since the cursor; returns how long it took.
    async fn read(&mut self) -> Duration {
        let started = Instant::now();
        if self.reads.is_multiple_of(2) {
            self.http.send(Method::GET, "/api/v1/me", Bytes::new()).await.expect("profile");
        } else {
            self.cursor = self.http.pull(&self.cursor, 100).await.cursor;
        }
        self.reads += 1;
        started.elapsed()
    }
}

/// Runs every client for `length`, each reading every `pace` (or at once again, with `None`);
/// returns every latency seen, and the reads per second in all.
async fn load(clients: Vec<Client>, pace: Option<Duration>, length: Duration) -> (Vec<Client>, Vec<Duration>, f64) {
    let started = Instant::now();
    let tasks: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(n, mut client)| {
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let end = started + length;
                // Spread over the pace, so that the clients do not all read at the same instant.
                let mut next = started + pace.map_or(Duration::ZERO, |pace| pace * n as u32 / CLIENTS as u32);
                while next < end {
                    tokio::time::sleep_until(next.into()).await;
                    latencies.push(client.read().await);
                    next = match pace {
                        Some(pace) => next + pace,
                        None => Instant::now(),
                    };
                }
                (client, latencies)
            })
        })
        .collect();
    let mut clients = Vec::with_capacity(CLIENTS);
    let mut all = Vec::new();
    for task in tasks {
        let (client, latencies) = task.await.expect("a client task");
        clients.push(client);
        all.extend(latencies);
    }
    let rate = all.len() as f64 / started.elapsed().as_secs_f64();
    (clients, all, rate)
}

fn report(name: &str, mut latencies: Vec<Duration>, rate: f64) {
    latencies.sort_unstable();
    let at = |share: f64| latencies[((latencies.len() - 1) as f64 * share).round() as usize].as_secs_f64() * 1e3;
    println!(
        "{name:<34} {:>7} reads, {rate:>6.0} /s   p50 {:>6.2} ms   p90 {:>6.2} ms   p99 {:>6.2} ms   max {:>6.2} ms",
        latencies.len(),
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0),
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let data = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(Path::new(env!("CARGO_BIN_EXE_kompeten")), data.path());
    let (agency, _) = seed::demo_agency();
    let mut clients = Vec::with_capacity(CLIENTS);
    for n in 0..CLIENTS {
        let nip = &agency.employees[n % agency.employees.len()].0.nip;
        let (http, _) = Http::sign_in(&server.url, nip.as_str()).await;
        let page = http.pull("", 1000).await;
        clients.push(Client { http, cursor: page.cursor, reads: 0 });
    }
    println!("{CLIENTS} clients signed in (the demo agency's {} people in turn), keep-alive, loopback", agency.employees.len());

    let (clients, _, _) = load(clients, Some(PACE), WARM_UP).await;
    let (clients, latencies, rate) = load(clients, Some(PACE), PACED).await;
    report(&format!("paced, each every {} ms", PACE.as_millis()), latencies, rate);
    let (_, latencies, rate) = load(clients, None, FLAT_OUT).await;
    report("flat out", latencies, rate);
    println!("budget: p99 under 5 ms for reads with {CLIENTS} concurrent clients (DESIGN.md)");
}
