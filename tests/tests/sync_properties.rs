//! Property test of the sync protocol with the app's own client logic (`shared::sync::replica`
//! driven by `shared::sync::run`): several clients (two employees, a second device of one of them,
//! their supervisor, HR and the supervisor's own supervisor) make random commands of every kind
//! offline and sync in random order,
//! with duplicated and reordered pushes, while HR moves one employee away from the supervisor and
//! back. Whatever happens:
//! - every client converges to the server's state within what it may see;
//! - nobody holds a record they may not see (drafts of others, records of someone who moved
//!   away, HR's verified trainings);
//! - no command is applied twice;
//! - no command is lost: each is applied, or kept by its author with the rejection.
//!
//! What a client may see is decided here by an oracle written from the rules as DOMAIN.md states
//! them (own records always; a supervisor, a direct report's records once submitted; HR, trainings
//! waiting for verification; staff, their supervisor's approved SKP plan), not by the server's own
//! scope code.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;
use shared::command::{Actor, CommandEnvelope, Record};
use shared::domain::Level;
use shared::ids::{CommandId, EmployeeId, PositionId, SelfAssessmentId, TrainingId};
use shared::kinds::self_assessment::{self, AssessmentStatus, SelfRating, SupervisorRating};
use shared::kinds::training::{self, TrainingDetails, TrainingForm, TrainingStatus};
use shared::kinds::skp_plan::{self, Aspect, Indicator, PlanStatus, Rhk, RhkKind};
use shared::kinds::{Command, DiscardDraft};
use tests::TestApp;
use tests::sync_client::SyncClient;
use time::macros::date;

/// Clients: 0 and 1 are employees with the same supervisor, 2 is employee 0's second device,
/// 3 the supervisor, 4 HR, 5 the supervisor's supervisor (who decides on the supervisor's plan).
const OWNERS: [usize; 3] = [0, 1, 2];
const COLLEAGUE: usize = 1;
const SUPERVISOR: usize = 3;
const HR: usize = 4;
const BOSS: usize = 5;

#[derive(Clone, Debug)]
enum Op {
    Create { client: usize, title: u8, days: u8 },
    /// HR enters a training for the first employee (as for someone without a device).
    EnterForEmployee { title: u8, days: u8 },
    Edit { client: usize, pick: usize, jp: u8 },
    Submit { client: usize, pick: usize },
    Discard { client: usize, pick: usize },
    Assess { client: usize, level: u8 },
    SubmitAssessment { client: usize },
    Review { pick: usize, approve: bool },
    Confirm { pick: usize },
    SupervisorReject { pick: usize },
    Verify { pick: usize },
    HrReject { pick: usize },
    /// The client's own SKP plan for 2026 saved with `rhk` RHK (complete or not).
    SavePlan { client: usize, rhk: u8, complete: bool },
    SubmitPlan { client: usize },
    /// The supervisor (on a report's plan) or the boss (on the supervisor's) approves or returns.
    DecidePlan { by_boss: bool, pick: usize, approve: bool },
    /// HR moves the colleague to a position under another supervisor (or back).
    Move,
    /// One sync round, as the app runs it.
    Sync { client: usize },
    /// Push the outbox twice in one request, then pull.
    SyncDuplicated { client: usize },
    /// Push the outbox in reverse order, then sync.
    SyncReordered { client: usize },
    /// Push every command the client ever sent again.
    Replay { client: usize },
    Pull { client: usize },
}

fn op() -> impl Strategy<Value = Op> {
    let owner = prop::sample::select(OWNERS.to_vec());
    // Who edits, submits or throws away a training: its owners, and HR (the ones it entered).
    let editor = prop::sample::select([OWNERS.as_slice(), &[HR]].concat());
    let any_client = 0..6usize;
    // The supervisor's plan, decided by the boss, is the one that cascades: written more often.
    let planner = prop::sample::select([OWNERS.as_slice(), &[SUPERVISOR; 3]].concat());
    prop_oneof![
        3 => (owner.clone(), 0..4u8, 1..4u8).prop_map(|(client, title, days)| Op::Create { client, title, days }),
        1 => (0..4u8, 1..4u8).prop_map(|(title, days)| Op::EnterForEmployee { title, days }),
        2 => (editor.clone(), any::<usize>(), 1..40u8).prop_map(|(client, pick, jp)| Op::Edit { client, pick, jp }),
        2 => (editor.clone(), any::<usize>()).prop_map(|(client, pick)| Op::Submit { client, pick }),
        1 => (editor, any::<usize>()).prop_map(|(client, pick)| Op::Discard { client, pick }),
        2 => (owner.clone(), 1..6u8).prop_map(|(client, level)| Op::Assess { client, level }),
        1 => owner.prop_map(|client| Op::SubmitAssessment { client }),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(pick, approve)| Op::Review { pick, approve }),
        2 => any::<usize>().prop_map(|pick| Op::Confirm { pick }),
        1 => any::<usize>().prop_map(|pick| Op::SupervisorReject { pick }),
        2 => any::<usize>().prop_map(|pick| Op::Verify { pick }),
        1 => any::<usize>().prop_map(|pick| Op::HrReject { pick }),
        2 => (planner.clone(), 0..3u8, prop::bool::weighted(0.8)).prop_map(|(client, rhk, complete)| Op::SavePlan { client, rhk, complete }),
        2 => planner.prop_map(|client| Op::SubmitPlan { client }),
        3 => (any::<bool>(), any::<usize>(), prop::bool::weighted(0.7)).prop_map(|(by_boss, pick, approve)| Op::DecidePlan { by_boss, pick, approve }),
        1 => Just(Op::Move),
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

/// The training records a client sees, in a stable order, filtered by status.
fn trainings(client: &SyncClient, wanted: impl Fn(TrainingStatus) -> bool) -> Vec<TrainingId> {
    let mut ids: Vec<TrainingId> = client
        .replica
        .records()
        .filter_map(|record| match record {
            Record::Training(t) if wanted(t.status) => Some(t.id),
            _ => None,
        })
        .collect();
    ids.sort();
    ids
}

/// The self-assessments a client sees in a status, in a stable order.
fn assessments(client: &SyncClient, status: AssessmentStatus) -> Vec<SelfAssessmentId> {
    let mut ids: Vec<SelfAssessmentId> = client
        .replica
        .records()
        .filter_map(|record| match record {
            Record::SelfAssessment(a) if a.status == status => Some(a.id),
            _ => None,
        })
        .collect();
    ids.sort();
    ids
}

fn own_assessment(client: &SyncClient) -> Option<SelfAssessmentId> {
    client.replica.records_of(client.employee()).find_map(|record| match record {
        Record::SelfAssessment(a) if a.period == 2026 && a.amends.is_none() => Some(a.id),
        _ => None,
    })
}

/// The client's own 2026 plan (not a revision), if it has one.
fn own_plan(client: &SyncClient) -> Option<shared::ids::SkpPlanId> {
    client.replica.records_of(client.employee()).find_map(|record| match record {
        Record::SkpPlan(p) if p.year == 2026 && p.revises.is_none() => Some(p.id),
        _ => None,
    })
}

/// The submitted plans of `subjects` a client sees, in a stable order.
fn submitted_plans(client: &SyncClient, subjects: &[EmployeeId]) -> Vec<shared::ids::SkpPlanId> {
    let mut ids: Vec<_> = client
        .replica
        .records()
        .filter_map(|record| match record {
            Record::SkpPlan(p) if p.status == PlanStatus::Submitted && subjects.contains(&p.employee) => Some(p.id),
            _ => None,
        })
        .collect();
    ids.sort();
    ids
}

fn pick<T: Copy>(ids: &[T], index: usize) -> Option<T> {
    (!ids.is_empty()).then(|| ids[index % ids.len()])
}

/// What the rules of DOMAIN.md let `viewer` see of `record`, with the colleague under the
/// supervisor or not.
fn may_see(viewer: usize, employees: &[EmployeeId], record: &Record, colleague_moved: bool) -> bool {
    let subject = record.subject();
    if subject == employees[viewer] {
        return true;
    }
    let reports_to_supervisor = subject == employees[0] || (subject == employees[COLLEAGUE] && !colleague_moved);
    let submitted = match record {
        Record::SelfAssessment(a) => a.status != AssessmentStatus::Draft,
        Record::Training(t) => t.status != TrainingStatus::Draft,
        Record::SkpPlan(p) => p.status != PlanStatus::Draft,
    };
    // The supervisor's approved plan cascades to their staff.
    let staff_of_supervisor = viewer == 0 || viewer == 2 || (viewer == COLLEAGUE && !colleague_moved);
    if staff_of_supervisor && subject == employees[SUPERVISOR] && matches!(record, Record::SkpPlan(p) if p.status == PlanStatus::Approved) {
        return true;
    }
    match viewer {
        SUPERVISOR => reports_to_supervisor && submitted,
        BOSS => subject == employees[SUPERVISOR] && submitted,
        HR => matches!(record, Record::Training(t) if t.status == TrainingStatus::Confirmed || (t.entered_by.is_some() && t.status != TrainingStatus::Verified)),
        _ => false,
    }
}

/// The supervisor of `login`, as a login.
fn boss_of(app: &TestApp, login: &kompeten_server::seed::DemoLogin) -> kompeten_server::seed::DemoLogin {
    let store = app.state.database();
    let (id, _) = store.account_by_nip(&login.nip).unwrap().unwrap();
    let boss = store.subject(id).unwrap().supervisor.expect("the supervisor has a supervisor");
    let (agency, _) = kompeten_server::seed::demo_agency();
    let (employee, _) = agency.employees.iter().find(|(e, _)| e.id == boss).unwrap();
    kompeten_server::seed::DemoLogin { role: "Atasan atasan", name: employee.name.clone(), nip: employee.nip.clone(), position: String::new() }
}

/// A position under another supervisor than the demo one, for the colleague to move to.
fn elsewhere(app: &TestApp, supervisor: EmployeeId) -> PositionId {
    let (agency, _) = kompeten_server::seed::demo_agency();
    let store = app.state.database();
    agency
        .employees
        .iter()
        .find(|(employee, _)| {
            let theirs = store.subject(employee.id).unwrap().supervisor;
            theirs.is_some() && theirs != Some(supervisor) && store.viewer(Actor { id: employee.id, hr_admin: false }).unwrap().reports.is_empty()
        })
        .map(|(employee, _)| employee.position)
        .expect("a position under someone else")
}

async fn run(ops: Vec<Op>) {
    let app = TestApp::new();
    let (agency, _) = kompeten_server::seed::demo_agency();
    // A colleague of the demo employee: same position, so the same supervisor.
    let (home, colleague) = {
        let (first, _) = agency.employees.iter().find(|(e, _)| e.nip == app.employee.nip).unwrap();
        let (other, _) = agency.employees.iter().find(|(e, _)| e.position == first.position && e.id != first.id).unwrap();
        (first.position, kompeten_server::seed::DemoLogin { role: "Rekan", name: other.name.clone(), nip: other.nip.clone(), position: String::new() })
    };
    let mut clients = vec![
        SyncClient::sign_in(&app, &app.employee).await,
        SyncClient::sign_in(&app, &colleague).await,
        SyncClient::sign_in(&app, &app.employee).await,
        SyncClient::sign_in(&app, &app.supervisor).await,
        SyncClient::sign_in(&app, &app.hr_admin).await,
        SyncClient::sign_in(&app, &boss_of(&app, &app.supervisor)).await,
    ];
    let employees: Vec<EmployeeId> = clients.iter().map(SyncClient::employee).collect();
    let away = elsewhere(&app, employees[SUPERVISOR]);
    let mut colleague_moved = false;
    let mut sent: Vec<Vec<CommandEnvelope>> = vec![Vec::new(); clients.len()];
    let mut queued: Vec<HashSet<CommandId>> = vec![HashSet::new(); clients.len()];
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
                queue(&mut clients, &mut queued, client, Command::SaveTraining(training::Save { id, details: details(title, days, 8), subject: None }));
            }
            Op::EnterForEmployee { title, days } => {
                let id = TrainingId(uuid::Uuid::new_v4());
                let command = Command::SaveTraining(training::Save { id, details: details(title, days, 8), subject: Some(employees[0]) });
                queue(&mut clients, &mut queued, HR, command);
            }
            Op::Edit { client, pick: index, jp } => {
                if let Some(id) = pick(&trainings(&clients[client], |s| matches!(s, TrainingStatus::Draft | TrainingStatus::Rejected)), index) {
                    let command = Command::SaveTraining(training::Save { id, details: details(jp % 4, 2, jp), subject: None });
                    queue(&mut clients, &mut queued, client, command);
                }
            }
            Op::Submit { client, pick: index } => {
                if let Some(id) = pick(&trainings(&clients[client], |_| true), index) {
                    queue(&mut clients, &mut queued, client, Command::SubmitTraining(training::Submit { id }));
                }
            }
            Op::Discard { client, pick: index } => {
                if let Some(id) = pick(&trainings(&clients[client], |_| true), index) {
                    queue(&mut clients, &mut queued, client, Command::DiscardDraft(DiscardDraft { id: id.0 }));
                }
            }
            Op::Assess { client, level } => {
                let standard = app.state.database().subject(clients[client].employee()).unwrap().standard;
                let ratings = standard
                    .iter()
                    .map(|&competency| SelfRating { competency, level: Level::new(level).unwrap(), evidence: format!("Bukti {level}") })
                    .collect();
                let id = own_assessment(&clients[client]).unwrap_or(SelfAssessmentId(uuid::Uuid::new_v4()));
                let command = Command::SaveSelfAssessment(self_assessment::Save { id, period: 2026, ratings, amends: None });
                queue(&mut clients, &mut queued, client, command);
            }
            Op::SubmitAssessment { client } => {
                if let Some(id) = own_assessment(&clients[client]) {
                    queue(&mut clients, &mut queued, client, Command::SubmitSelfAssessment(self_assessment::Submit { id }));
                }
            }
            Op::Review { pick: index, approve } => {
                if let Some(id) = pick(&assessments(&clients[SUPERVISOR], AssessmentStatus::Submitted), index) {
                    let Some(Record::SelfAssessment(assessment)) = clients[SUPERVISOR].replica.record(id.0) else { unreachable!() };
                    let ratings = assessment.ratings.iter().map(|r| SupervisorRating { competency: r.competency, level: r.level }).collect();
                    let command = if approve {
                        Command::ApproveSelfAssessment(self_assessment::Approve { id, ratings, comment: String::new() })
                    } else {
                        Command::ReturnSelfAssessment(self_assessment::Return { id, ratings, comment: "Lengkapi bukti".into() })
                    };
                    queue(&mut clients, &mut queued, SUPERVISOR, command);
                }
            }
            Op::Confirm { pick: index } | Op::SupervisorReject { pick: index } => {
                let reject = matches!(op, Op::SupervisorReject { .. });
                if let Some(id) = pick(&trainings(&clients[SUPERVISOR], |s| s == TrainingStatus::Submitted), index) {
                    let command = if reject {
                        Command::RejectTraining(training::Reject { id, reason: "Sertifikat belum dilampirkan".into() })
                    } else {
                        Command::ConfirmTraining(training::Confirm { id })
                    };
                    queue(&mut clients, &mut queued, SUPERVISOR, command);
                }
            }
            Op::Verify { pick: index } | Op::HrReject { pick: index } => {
                let reject = matches!(op, Op::HrReject { .. });
                if let Some(id) = pick(&trainings(&clients[HR], |s| s == TrainingStatus::Confirmed), index) {
                    let command = if reject {
                        Command::RejectTraining(training::Reject { id, reason: "JP tidak sesuai jadwal".into() })
                    } else {
                        Command::VerifyTraining(training::Verify { id, jp_recognised: 1 })
                    };
                    queue(&mut clients, &mut queued, HR, command);
                }
            }
            Op::SavePlan { client, rhk, complete } => {
                let id = own_plan(&clients[client]).unwrap_or(shared::ids::SkpPlanId(uuid::Uuid::new_v4()));
                let indicators = |n: u8| if complete { vec![Indicator { text: format!("Indikator {n}"), aspect: Aspect::Kuantitas, target: format!("{n} laporan") }] } else { Vec::new() };
                let rhk = (0..=rhk).map(|n| Rhk { id: uuid::Uuid::new_v4(), kind: RhkKind::Utama, text: format!("RHK {n}"), intervenes: None, perspective: None, indicators: indicators(n) }).collect();
                queue(&mut clients, &mut queued, client, Command::SaveSkpPlan(skp_plan::Save { id, year: 2026, rhk, revises: None }));
            }
            Op::SubmitPlan { client } => {
                if let Some(id) = own_plan(&clients[client]) {
                    queue(&mut clients, &mut queued, client, Command::SubmitSkpPlan(skp_plan::Submit { id }));
                }
            }
            Op::DecidePlan { by_boss, pick: index, approve } => {
                let (decider, subjects) = if by_boss { (BOSS, vec![employees[SUPERVISOR]]) } else { (SUPERVISOR, vec![employees[0], employees[COLLEAGUE]]) };
                if let Some(id) = pick(&submitted_plans(&clients[decider], &subjects), index) {
                    let command = if approve {
                        Command::ApproveSkpPlan(skp_plan::Approve { id, expectations: vec![String::new(); skp_plan::BERAKHLAK.len()], comment: String::new() })
                    } else {
                        Command::ReturnSkpPlan(skp_plan::Return { id, comment: "Lengkapi target".into() })
                    };
                    queue(&mut clients, &mut queued, decider, command);
                }
            }
            Op::Move => {
                let to = if colleague_moved { home } else { away };
                assert_eq!(app.state.database().move_employee(None, employees[COLLEAGUE], to).unwrap(), kompeten_server::db::ServiceChange::Changed);
                colleague_moved = !colleague_moved;
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
        // At every step, nobody holds what they may not see (as far as they have been told: a
        // record that became invisible is withdrawn at their next pull, so only records they
        // received in a state they may not see are wrong).
        for (index, client) in clients.iter().enumerate() {
            for record in client.replica.pulled().values() {
                let subject_is_theirs = record.subject() == employees[index];
                let their_supervisors = record.subject() == employees[SUPERVISOR] && OWNERS.contains(&index);
                let could_ever = subject_is_theirs || their_supervisors || index == SUPERVISOR || index == HR || index == BOSS;
                assert!(could_ever, "client {index} holds a record about someone they never see: {record:?}");
            }
        }
    }

    // Everyone comes online for good.
    for client in clients.iter_mut() {
        client.sync(&app).await;
    }
    for client in clients.iter_mut() {
        client.sync(&app).await;
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

        let records = client.records();
        for record in records.values() {
            assert!(may_see(index, &employees, record, colleague_moved), "client {index} holds a record it may not see: {record:?}");
        }
        let expected: HashMap<_, _> =
            server.iter().filter(|(_, r)| may_see(index, &employees, r, colleague_moved)).map(|(id, r)| (*id, r.clone())).collect();
        assert_eq!(records, expected, "client {index} converges to the server's state within what it may see");
        // With nothing pending, what the user sees is exactly what the server holds.
        let shown: HashMap<_, _> = client.replica.records().map(|r| (r.id(), r.clone())).collect();
        assert_eq!(shown, records, "client {index}: the view equals the pulled state");
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
