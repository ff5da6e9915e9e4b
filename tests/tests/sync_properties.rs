//! Property test of the sync protocol with the app's own client logic (`shared::replica`): several
//! clients (two employees, a second device of one of
//! them, their supervisor and HR) make random commands offline and sync in random order, with
//! duplicated and reordered pushes. Whatever happens:
//! - every client converges to the server's state within its scope;
//! - no command is applied twice;
//! - no command is lost: each is applied, or kept by its author with the rejection;
//! - nobody receives a record outside their scope.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;
use shared::command::{Actor, Command, Record};
use shared::domain::{TrainingDetails, TrainingForm, TrainingStatus};
use shared::ids::TrainingId;
use tests::TestApp;
use tests::sync_client::SyncClient;
use time::macros::date;

/// Clients: 0 and 1 are employees with the same supervisor, 2 is employee 0's second device,
/// 3 the supervisor, 4 HR.
const OWNERS: [usize; 3] = [0, 1, 2];
const SUPERVISOR: usize = 3;
const HR: usize = 4;

#[derive(Clone, Debug)]
enum Op {
    Create { client: usize, title: u8, days: u8 },
    Edit { client: usize, pick: usize, jp: u8 },
    Submit { client: usize, pick: usize },
    Discard { client: usize, pick: usize },
    Confirm { pick: usize },
    SupervisorReject { pick: usize },
    Verify { pick: usize },
    HrReject { pick: usize },
    /// Push the outbox in order, then pull.
    Sync { client: usize },
    /// Push the outbox twice in one request, then pull.
    SyncDuplicated { client: usize },
    /// Push the outbox in reverse order, then again in order, then pull.
    SyncReordered { client: usize },
    /// Push every command the client ever sent again.
    Replay { client: usize },
    Pull { client: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let owner = prop::sample::select(OWNERS.to_vec());
    let any_client = 0..5usize;
    prop_oneof![
        3 => (owner.clone(), 0..4u8, 1..4u8).prop_map(|(client, title, days)| Op::Create { client, title, days }),
        2 => (owner.clone(), any::<usize>(), 1..40u8).prop_map(|(client, pick, jp)| Op::Edit { client, pick, jp }),
        2 => (owner.clone(), any::<usize>()).prop_map(|(client, pick)| Op::Submit { client, pick }),
        1 => (owner, any::<usize>()).prop_map(|(client, pick)| Op::Discard { client, pick }),
        2 => any::<usize>().prop_map(|pick| Op::Confirm { pick }),
        1 => any::<usize>().prop_map(|pick| Op::SupervisorReject { pick }),
        2 => any::<usize>().prop_map(|pick| Op::Verify { pick }),
        1 => any::<usize>().prop_map(|pick| Op::HrReject { pick }),
        3 => any_client.clone().prop_map(|client| Op::Sync { client }),
        1 => any_client.clone().prop_map(|client| Op::SyncDuplicated { client }),
        1 => any_client.clone().prop_map(|client| Op::SyncReordered { client }),
        1 => any_client.clone().prop_map(|client| Op::Replay { client }),
        1 => any_client.prop_map(|client| Op::Pull { client }),
    ]
}

fn details(title: u8, days: u8, jp: u8) -> TrainingDetails {
    TrainingDetails {
        title: ["Bimtek Arsip", "Kursus Data", "Seminar SDM", "E-Learning Etika"][usize::from(title)].to_owned(),
        form: TrainingForm::ELearning,
        provider: "BPSDM Provinsi".to_owned(),
        start: date!(2026 - 02 - 02),
        end: date!(2026 - 02 - 02) + time::Duration::days(i64::from(days) - 1),
        jp_claimed: u16::from(jp),
        competencies: vec![],
        certificate_number: String::new(),
    }
}

/// The training records a client sees (pulled, with its outbox replayed), in a stable order,
/// filtered by status.
fn known(client: &SyncClient, wanted: impl Fn(TrainingStatus) -> bool) -> Vec<TrainingId> {
    client
        .replica
        .view()
        .values()
        .filter_map(|record| match record {
            Record::Training(t) if wanted(t.status) => Some(t.id),
            _ => None,
        })
        .collect()
}

fn pick(ids: &[TrainingId], index: usize) -> Option<TrainingId> {
    (!ids.is_empty()).then(|| ids[index % ids.len()])
}

async fn run(ops: Vec<Op>) {
    let app = TestApp::new();
    let (agency, _) = kompeten_server::seed::demo_agency();
    // A colleague of the demo employee: same position, so the same supervisor.
    let colleague = {
        let (first, _) = agency.employees.iter().find(|(e, _)| e.nip == app.employee.nip).unwrap();
        let (other, _) = agency.employees.iter().find(|(e, _)| e.position == first.position && e.id != first.id).unwrap();
        kompeten_server::seed::DemoLogin { role: "Rekan", name: other.name.clone(), nip: other.nip.clone(), position: String::new() }
    };
    let mut clients = vec![
        SyncClient::sign_in(&app, &app.employee).await,
        SyncClient::sign_in(&app, &colleague).await,
        SyncClient::sign_in(&app, &app.employee).await,
        SyncClient::sign_in(&app, &app.supervisor).await,
        SyncClient::sign_in(&app, &app.hr_admin).await,
    ];
    let mut sent: Vec<Vec<shared::command::CommandEnvelope>> = vec![Vec::new(); clients.len()];
    let mut queued: Vec<HashSet<shared::ids::CommandId>> = vec![HashSet::new(); clients.len()];
    // A command the device's own rules refuse is never queued (the user is told at once).
    let queue = |clients: &mut Vec<SyncClient>, queued: &mut Vec<HashSet<_>>, client: usize, command: Command| {
        if let Ok(envelope) = clients[client].try_queue(command) {
            queued[client].insert(envelope.command_id);
        }
    };

    for op in ops {
        match op {
            Op::Create { client, title, days } => {
                let id = TrainingId(uuid::Uuid::new_v4());
                queue(&mut clients, &mut queued, client, Command::SaveTraining { id, details: details(title, days, 8) });
            }
            Op::Edit { client, pick: index, jp } => {
                if let Some(id) = pick(&known(&clients[client], |s| matches!(s, TrainingStatus::Draft | TrainingStatus::Rejected)), index) {
                    let title = jp % 4;
                    queue(&mut clients, &mut queued, client, Command::SaveTraining { id, details: details(title, 2, jp) });
                }
            }
            Op::Submit { client, pick: index } => {
                if let Some(id) = pick(&known(&clients[client], |_| true), index) {
                    queue(&mut clients, &mut queued, client, Command::SubmitTraining { id });
                }
            }
            Op::Discard { client, pick: index } => {
                if let Some(id) = pick(&known(&clients[client], |_| true), index) {
                    queue(&mut clients, &mut queued, client, Command::DiscardDraft { id: id.0 });
                }
            }
            Op::Confirm { pick: index } | Op::SupervisorReject { pick: index } => {
                let reject = matches!(op, Op::SupervisorReject { .. });
                if let Some(id) = pick(&known(&clients[SUPERVISOR], |s| s == TrainingStatus::Submitted), index) {
                    let command = if reject {
                        Command::RejectTraining { id, reason: "Sertifikat belum dilampirkan".into() }
                    } else {
                        Command::ConfirmTraining { id }
                    };
                    queue(&mut clients, &mut queued, SUPERVISOR, command);
                }
            }
            Op::Verify { pick: index } | Op::HrReject { pick: index } => {
                let reject = matches!(op, Op::HrReject { .. });
                if let Some(id) = pick(&known(&clients[HR], |s| s == TrainingStatus::Confirmed), index) {
                    let command = if reject {
                        Command::RejectTraining { id, reason: "JP tidak sesuai jadwal".into() }
                    } else {
                        Command::VerifyTraining { id, jp_recognised: 1 }
                    };
                    queue(&mut clients, &mut queued, HR, command);
                }
            }
            Op::Sync { client } => {
                sent[client].extend(clients[client].replica.to_push(usize::MAX));
                clients[client].sync(&app).await;
            }
            Op::SyncDuplicated { client } => {
                let outbox = clients[client].replica.to_push(usize::MAX);
                sent[client].extend(outbox.clone());
                let twice: Vec<_> = outbox.iter().chain(outbox.iter()).cloned().collect();
                clients[client].push(&app, twice).await;
                clients[client].pull_all(&app).await;
            }
            Op::SyncReordered { client } => {
                let outbox = clients[client].replica.to_push(usize::MAX);
                sent[client].extend(outbox.clone());
                // Reversed, a later command may arrive before the one it builds on and be refused:
                // that is allowed, as long as it is kept with its reason.
                let reversed: Vec<_> = outbox.iter().rev().cloned().collect();
                clients[client].push(&app, reversed).await;
                clients[client].sync(&app).await;
            }
            Op::Replay { client } => {
                let all = sent[client].clone();
                if !all.is_empty() {
                    let before = app.state.database().audit_log(0, usize::MAX).unwrap().len();
                    let results = clients[client].push(&app, all).await;
                    for result in results {
                        if let Some(first) = clients[client].outcomes.get(&result.command_id) {
                            assert_eq!(&result.outcome, first, "a replay answers the stored outcome");
                        }
                    }
                    assert_eq!(app.state.database().audit_log(0, usize::MAX).unwrap().len(), before, "a replay applies nothing");
                }
            }
            Op::Pull { client } => clients[client].pull_all(&app).await,
        }
    }

    // Everyone comes online for good.
    for client in clients.iter_mut() {
        client.push_all(&app).await;
    }
    for client in clients.iter_mut() {
        client.pull_all(&app).await;
    }

    let store = app.state.database();
    let audit = store.audit_log(0, usize::MAX).unwrap();
    let audited: Vec<_> = audit.iter().map(|(_, entry)| entry.command_id).collect();
    let unique: HashSet<_> = audited.iter().copied().collect();
    assert_eq!(unique.len(), audited.len(), "no command is applied twice");

    let server: HashMap<_, _> = store.all_records().unwrap().into_iter().map(|r| (r.id(), r)).collect();
    let mut applied_anywhere = HashSet::new();
    for (index, client) in clients.iter().enumerate() {
        assert!(client.replica.outbox().is_empty(), "client {index} has unsent commands");
        // Nothing lost: every queued command was applied or is kept with its rejection.
        let settled: HashSet<_> =
            client.applied.iter().copied().chain(client.attention().iter().map(|a| a.envelope.command_id)).collect();
        assert_eq!(settled, queued[index], "client {index}: every command is applied or kept");
        applied_anywhere.extend(client.applied.iter().copied());

        let hr_admin = index == HR;
        let scope = store.scope_of(Actor { id: client.employee(), hr_admin }).unwrap();
        let records = client.records();
        for record in records.values() {
            assert!(scope.contains(record.employee()), "client {index} received a record outside its scope");
        }
        let expected: HashMap<_, _> =
            server.iter().filter(|(_, r)| scope.contains(r.employee())).map(|(id, r)| (*id, r.clone())).collect();
        assert_eq!(records, expected, "client {index} converges to the server's state");
        // With nothing pending, what the user sees is exactly what the server holds.
        assert_eq!(&client.replica.view(), client.replica.pulled(), "client {index}: the view equals the pulled state");
    }
    assert_eq!(unique, applied_anywhere, "the audit log holds exactly the applied commands");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn offline_clients_converge_without_losing_or_repeating_commands(ops in prop::collection::vec(op(), 1..60)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(run(ops));
    }
}
