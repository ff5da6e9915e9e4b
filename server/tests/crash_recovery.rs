//! `kill -9` during a stream of pushes against the real server process, then a restart on the same
//! database file: every acknowledged command is there, and every unacknowledged one can be sent
//! again and is applied exactly once.

mod support;

use std::path::Path;

use shared::command::{Command, CommandEnvelope};
use shared::kinds::training;
use shared::kinds::training::{TrainingDetails, TrainingForm};
use shared::ids::{CommandId, DeviceId, EmployeeId, TrainingId};
use shared::sync::Outcome;
use support::{EMPLOYEE_NIP, Http, ServerProcess};

const BATCH: usize = 20;

fn batch(author: EmployeeId, device: DeviceId, first_seq: u64) -> Vec<CommandEnvelope> {
    (0..BATCH as u64)
        .map(|n| {
            let seq = first_seq + n;
            CommandEnvelope {
                command_id: CommandId(uuid::Uuid::new_v4()),
                device_id: device,
                device_seq: seq,
                author,
                device_time_ms: 0,
                base_version: None,
                command: Command::SaveTraining(training::Save {
                    id: TrainingId(uuid::Uuid::new_v4()),
                    details: TrainingDetails {
                        title: format!("Pelatihan nomor {seq}"),
                        form: TrainingForm::Kursus,
                        provider: "Penyelenggara uji".into(),
                        start: time::macros::date!(2026 - 01 - 05),
                        end: time::macros::date!(2026 - 01 - 06),
                        jp_claimed: 10,
                        competencies: vec![],
                        certificate_number: String::new(),
                    }, subject: None
                }),
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_commands_survive_kill_9_and_the_rest_apply_once_when_resent() {
    let data = tempfile::tempdir().unwrap();
    let device = DeviceId(uuid::Uuid::new_v4());
    let mut acknowledged: Vec<CommandEnvelope> = Vec::new();
    let mut unacknowledged: Vec<CommandEnvelope> = Vec::new();
    let mut seq = 1;

    for round in 0..3 {
        let server = ServerProcess::start(Path::new(env!("CARGO_BIN_EXE_kompeten")), data.path());
        let (http, author) = Http::sign_in(&server.url, EMPLOYEE_NIP).await;
        // A stream of pushes; the server is killed while they keep coming.
        let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel();
        let pusher = {
            let batches: Vec<Vec<CommandEnvelope>> = (0..200).map(|n| batch(author, device, seq + n * BATCH as u64)).collect();
            seq += 200 * BATCH as u64;
            tokio::spawn(async move {
                for commands in batches {
                    let result = http.push(&commands).await;
                    let acked = result.is_ok();
                    if done_tx.send((commands, result.ok())).is_err() || !acked {
                        break;
                    }
                }
            })
        };
        let mut acked_batches = 0;
        let kill_after = 3 + round * 2;
        let mut server = Some(server);
        while let Some((commands, response)) = done_rx.recv().await {
            match response {
                Some(response) => {
                    for result in &response.results {
                        assert!(matches!(result.outcome, Outcome::Applied { .. }), "{:?}", result.outcome);
                    }
                    acknowledged.extend(commands);
                    acked_batches += 1;
                    if acked_batches == kill_after
                        && let Some(server) = server.take()
                    {
                        server.kill_9();
                    }
                }
                None => unacknowledged.extend(commands),
            }
        }
        pusher.await.unwrap();
        assert!(server.is_none(), "the server was killed mid-stream");
    }
    assert!(!unacknowledged.is_empty(), "some pushes were cut off by the kill");

    // Restart on the same file: the session and every acknowledged command survived.
    let server = ServerProcess::start(Path::new(env!("CARGO_BIN_EXE_kompeten")), data.path());
    let (http, _) = Http::sign_in(&server.url, EMPLOYEE_NIP).await;
    let stored = http.pull_all().await;
    for command in &acknowledged {
        assert!(stored.contains(&command.command.record_id()), "acknowledged command lost");
    }

    // Everything not acknowledged is sent again (twice, as a flaky link would): applied once.
    for chunk in unacknowledged.chunks(100) {
        let first = http.push(chunk).await.unwrap();
        let again = http.push(chunk).await.unwrap();
        assert_eq!(first, again, "a resent command answers its first outcome");
        for result in &first.results {
            assert!(matches!(result.outcome, Outcome::Applied { .. }), "{:?}", result.outcome);
        }
    }
    // A resent acknowledged command is a replay too.
    let replay = http.push(&acknowledged[..BATCH]).await.unwrap();
    assert!(replay.results.iter().all(|r| matches!(r.outcome, Outcome::Applied { .. })));

    let stored = http.pull_all().await;
    assert_eq!(stored.len(), acknowledged.len() + unacknowledged.len(), "each command's record exists exactly once");
    drop(server);
}
