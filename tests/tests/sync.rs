//! The sync protocol through the router: push applies each command once and keeps every outcome,
//! pull pages through what the user may see, conflicts are decided by the domain rules, and every
//! applied command is audited.

use shared::command::{Command, InvalidReason, Record, Rejection};
use shared::kinds::{training, self_assessment, DiscardDraft};
use shared::domain::Level;
use shared::kinds::self_assessment::{AssessmentStatus, SelfRating, SupervisorRating};
use shared::kinds::training::{TrainingDetails, TrainingForm, TrainingStatus};
use shared::ids::{SelfAssessmentId, TrainingId};
use kompeten_server::db::HrRights;
use shared::sync::Outcome;
use tests::TestApp;
use tests::sync_client::SyncClient;
use time::macros::date;

fn training_details(title: &str) -> TrainingDetails {
    TrainingDetails {
        title: title.to_owned(),
        form: TrainingForm::ELearning,
        provider: "LAN RI".to_owned(),
        start: date!(2026 - 05 - 04),
        end: date!(2026 - 05 - 05),
        jp_claimed: 16,
        competencies: vec![],
        certificate_number: "LAN/2026/0042".to_owned(),
    }
}

fn new_training_id() -> TrainingId {
    TrainingId(uuid::Uuid::new_v4())
}

/// A full self-assessment of the client's standard (from `/me`).
async fn full_ratings(app: &TestApp, client: &SyncClient) -> Vec<SelfRating> {
    let profile = app.get("/api/v1/me", Some(&client.cookie)).await.json();
    profile["standard"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| SelfRating {
            competency: serde_json::from_value(line["competency"].clone()).unwrap(),
            level: Level::new(2).unwrap(),
            evidence: "Menyusun laporan bulanan".to_owned(),
        })
        .collect()
}

fn supervisor_ratings(ratings: &[SelfRating]) -> Vec<SupervisorRating> {
    ratings.iter().map(|r| SupervisorRating { competency: r.competency, level: r.level }).collect()
}

/// Who holds a record, step by step through its life: the owner always; the supervisor once it is
/// submitted (never a draft, and not a draft again); HR while it waits for verification; the head
/// of the agency (not the direct supervisor) never.
#[tokio::test]
async fn records_reach_exactly_the_people_who_may_see_them_in_each_state() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let mut supervisor = SyncClient::sign_in(&app, &app.supervisor).await;
    let mut hr = SyncClient::sign_in(&app, &app.hr_admin).await;
    let mut head = SyncClient::sign_in(&app, &app.head).await;
    let id = new_training_id();
    async fn everyone_syncs(app: &TestApp, clients: [&mut SyncClient; 4]) {
        for client in clients {
            client.sync(app).await;
        }
    }
    let holders = |clients: [&SyncClient; 4]| -> Vec<&str> {
        ["employee", "supervisor", "hr", "head"].into_iter().zip(clients).filter(|(_, c)| c.records().contains_key(&id.0)).map(|(name, _)| name).collect()
    };

    employee.queue(Command::SaveTraining(training::Save { id, details: training_details("Pelatihan Arsip Digital"), subject: None }));
    everyone_syncs(&app, [&mut employee, &mut supervisor, &mut hr, &mut head]).await;
    assert_eq!(holders([&employee, &supervisor, &hr, &head]), ["employee"], "a draft is its owner's alone");

    employee.queue(Command::SubmitTraining(training::Submit { id }));
    everyone_syncs(&app, [&mut employee, &mut supervisor, &mut hr, &mut head]).await;
    assert_eq!(holders([&employee, &supervisor, &hr, &head]), ["employee", "supervisor"], "submitted: the direct supervisor sees it");
    let Some(Record::Training(record)) = supervisor.replica.pulled().get(&id.0) else { panic!() };
    assert_eq!((record.status, record.version), (TrainingStatus::Submitted, 2));

    supervisor.queue(Command::ConfirmTraining(training::Confirm { id }));
    everyone_syncs(&app, [&mut supervisor, &mut employee, &mut hr, &mut head]).await;
    assert_eq!(holders([&employee, &supervisor, &hr, &head]), ["employee", "supervisor", "hr"], "confirmed: on HR's queue");

    hr.queue(Command::RejectTraining(training::Reject { id, reason: "Sertifikat buram".into() }));
    everyone_syncs(&app, [&mut hr, &mut employee, &mut supervisor, &mut head]).await;
    assert_eq!(holders([&employee, &supervisor, &hr, &head]), ["employee", "supervisor"], "off HR's queue, off HR's device");

    // Edited again, it is a draft: the supervisor's device lets go of it until it is resubmitted.
    employee.queue(Command::SaveTraining(training::Save { id, details: training_details("Pelatihan Arsip Digital II"), subject: None }));
    everyone_syncs(&app, [&mut employee, &mut supervisor, &mut hr, &mut head]).await;
    assert_eq!(holders([&employee, &supervisor, &hr, &head]), ["employee"], "a draft again");

    // A self-assessment: a draft is the employee's, a submitted one the supervisor's to review;
    // HR's device does not need it.
    let ratings = full_ratings(&app, &employee).await;
    let assessment = SelfAssessmentId(uuid::Uuid::new_v4());
    employee.queue(Command::SaveSelfAssessment(self_assessment::Save { id: assessment, period: 2026, ratings, amends: None }));
    everyone_syncs(&app, [&mut employee, &mut supervisor, &mut hr, &mut head]).await;
    assert!(!supervisor.records().contains_key(&assessment.0), "a draft assessment stays with its author");
    employee.queue(Command::SubmitSelfAssessment(self_assessment::Submit { id: assessment }));
    everyone_syncs(&app, [&mut employee, &mut supervisor, &mut hr, &mut head]).await;
    assert!(supervisor.records().contains_key(&assessment.0), "submitted: the supervisor reviews it");
    assert!(!hr.records().contains_key(&assessment.0) && !head.records().contains_key(&assessment.0));
}

/// HR enters a training for an employee who has no device: the record is about the employee
/// (their device, their supervisor), written by HR (the audit log says so).
#[tokio::test]
async fn a_record_made_about_someone_else_is_theirs_and_its_author_is_audited() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let mut supervisor = SyncClient::sign_in(&app, &app.supervisor).await;
    let mut hr = SyncClient::sign_in(&app, &app.hr_admin).await;
    let id = new_training_id();
    let subject = Some(employee.employee());
    hr.queue(Command::SaveTraining(training::Save { id, details: training_details("Diklat Tatap Muka"), subject }));
    hr.queue(Command::SubmitTraining(training::Submit { id }));
    hr.sync(&app).await;
    assert!(hr.attention().is_empty(), "{:?}", hr.attention());
    employee.sync(&app).await;
    supervisor.sync(&app).await;
    let Some(Record::Training(record)) = employee.records().get(&id.0).cloned() else { panic!("the employee's device has it") };
    assert_eq!((record.employee, record.status), (employee.employee(), TrainingStatus::Submitted));
    assert!(supervisor.records().contains_key(&id.0), "the employee's supervisor reviews it");
    assert_eq!(record.entered_by, Some(hr.employee()), "shown as entered by HR");
    assert!(hr.records().contains_key(&id.0), "HR's device keeps what it entered, to correct it if it comes back");
    let audit = app.state.database().audit_log(0, 10).unwrap();
    assert!(audit.iter().all(|(_, entry)| entry.author == hr.employee() && entry.record == id.0), "{audit:?}");
    // The rules follow the subject: the employee's supervisor confirms it, and HR verifies it.
    supervisor.queue(Command::ConfirmTraining(training::Confirm { id }));
    supervisor.sync(&app).await;
    hr.sync(&app).await;
    hr.queue(Command::VerifyTraining(training::Verify { id, jp_recognised: 8 }));
    hr.sync(&app).await;
    assert!(hr.attention().is_empty(), "{:?}", hr.attention());
    hr.sync(&app).await;
    assert!(!hr.records().contains_key(&id.0), "verified, it leaves HR's device");
    // HR changes only what HR entered: the employee's own trainings are theirs.
    let own = new_training_id();
    employee.queue(Command::SaveTraining(training::Save { id: own, details: training_details("Kursus Sendiri"), subject: None }));
    employee.sync(&app).await;
    let forged = hr.forge(Command::SaveTraining(training::Save { id: own, details: training_details("Diubah HR"), subject: None }), Some(1));
    assert_eq!(hr.push(&app, vec![forged]).await[0].outcome, Outcome::Rejected { rejection: Rejection::Forbidden });
    // A colleague may not enter one for the employee.
    let mut colleague = SyncClient::sign_in(&app, &app.head).await;
    let forged = colleague.forge(Command::SaveTraining(training::Save { id: new_training_id(), details: training_details("Lain"), subject }), None);
    assert_eq!(colleague.push(&app, vec![forged]).await[0].outcome, Outcome::Rejected { rejection: Rejection::Forbidden });
}

/// HR rights revoked: the records the officer saw as HR leave their devices (they start over,
/// keeping their outbox); granted again, they come back.
#[tokio::test]
async fn losing_hr_rights_withdraws_hr_records_from_the_officers_devices() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let mut supervisor = SyncClient::sign_in(&app, &app.supervisor).await;
    let mut hr = SyncClient::sign_in(&app, &app.hr_admin).await;
    let id = new_training_id();
    employee.queue(Command::SaveTraining(training::Save { id, details: training_details("Bimtek Kepegawaian"), subject: None }));
    employee.queue(Command::SubmitTraining(training::Submit { id }));
    employee.sync(&app).await;
    supervisor.sync(&app).await;
    supervisor.queue(Command::ConfirmTraining(training::Confirm { id }));
    supervisor.sync(&app).await;
    hr.sync(&app).await;
    assert!(hr.records().contains_key(&id.0), "on HR's queue");
    // Something of HR's own waits in their outbox meanwhile.
    let own = new_training_id();
    hr.queue(Command::SaveTraining(training::Save { id: own, details: training_details("Pelatihan Pribadi"), subject: None }));

    let store = app.state.database();
    assert_eq!(store.set_hr_admin(None, hr.employee(), false).unwrap(), HrRights::LastHrAdmin, "the agency's only HR officer keeps the rights");
    let head = store.account_by_nip(&app.head.nip).unwrap().unwrap().0;
    assert_eq!(store.set_hr_admin(None, head, true).unwrap(), HrRights::Changed, "a second HR officer");
    assert_eq!(store.set_hr_admin(None, hr.employee(), false).unwrap(), HrRights::Changed);
    assert_eq!(store.set_hr_admin(None, hr.employee(), false).unwrap(), HrRights::Unchanged, "already revoked: nothing to do");
    assert_eq!(app.get("/api/v1/me", Some(&hr.cookie)).await.error_code(), "unauthenticated", "the change of rights ended the session");
    hr.cookie = app.session_of(&app.hr_admin).await;
    hr.replica.actor.hr_admin = false; // The app takes the roles from `/me`.
    let page = app.get(&format!("/api/v1/sync/pull?cursor={}", hr.replica.cursor().unwrap()), Some(&hr.cookie)).await.json();
    assert_eq!(page["reset_required"], true, "the officer's device starts over: {page}");
    hr.sync(&app).await;
    assert!(!hr.records().contains_key(&id.0), "the HR record is withdrawn");
    assert!(hr.records().contains_key(&own.0), "and their own outbox was sent, not lost");
    let profile = app.get("/api/v1/me", Some(&hr.cookie)).await.json();
    assert!(!profile["roles"].as_array().unwrap().iter().any(|r| r == "hr_admin"), "{profile}");
    let forged = hr.forge(Command::VerifyTraining(training::Verify { id, jp_recognised: 8 }), Some(3));
    assert_eq!(hr.push(&app, vec![forged]).await[0].outcome, Outcome::Rejected { rejection: Rejection::Forbidden }, "no longer HR");

    assert_eq!(store.set_hr_admin(None, hr.employee(), true).unwrap(), HrRights::Changed);
    hr.cookie = app.session_of(&app.hr_admin).await;
    hr.replica.actor.hr_admin = true;
    hr.sync(&app).await;
    assert!(hr.records().contains_key(&id.0), "granted again: the queue is back");
}

/// HR's first pull, page by page: it is sent the trainings on HR's queue and no removal for the
/// records HR never sees (the employee's drafts); a reset of HR's devices noted before it began
/// does not start it over; and a record sent on an earlier page that leaves HR's view while the
/// pull goes on is withdrawn on a later page.
#[tokio::test]
async fn a_first_pull_of_many_pages_withdraws_only_what_it_sent() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let mut supervisor = SyncClient::sign_in(&app, &app.supervisor).await;
    let hr = SyncClient::sign_in(&app, &app.hr_admin).await;
    let confirmed: Vec<TrainingId> = (0..12).map(|_| new_training_id()).collect();
    for (n, id) in confirmed.iter().enumerate() {
        employee.queue(Command::SaveTraining(training::Save { id: *id, details: training_details(&format!("Bimtek {n}")), subject: None }));
        employee.queue(Command::SubmitTraining(training::Submit { id: *id }));
    }
    employee.sync(&app).await;
    supervisor.sync(&app).await;
    for id in &confirmed {
        supervisor.queue(Command::ConfirmTraining(training::Confirm { id: *id }));
    }
    supervisor.sync(&app).await;
    for n in 0..12 {
        employee.queue(Command::SaveTraining(training::Save { id: new_training_id(), details: training_details(&format!("Draf {n}")), subject: None }));
    }
    employee.sync(&app).await;
    let store = app.state.database();
    let head = store.account_by_nip(&app.head.nip).unwrap().unwrap().0;
    assert_eq!(store.set_hr_admin(None, head, true).unwrap(), HrRights::Changed);
    assert_eq!(store.set_hr_admin(None, hr.employee(), false).unwrap(), HrRights::Changed);
    assert_eq!(store.set_hr_admin(None, hr.employee(), true).unwrap(), HrRights::Changed);
    let mut hr = hr;
    hr.cookie = app.session_of(&app.hr_admin).await;

    let (mut sent, mut removed) = (Vec::new(), Vec::new());
    let mut cursor = String::new();
    let mut verified = None;
    for page_number in 0.. {
        assert!(page_number < 20, "the pull does not end");
        let page = app.get(&format!("/api/v1/sync/pull?limit=5&cursor={cursor}"), Some(&hr.cookie)).await.json();
        assert_eq!(page["reset_required"], false, "started over: {page}");
        for change in page["changes"].as_array().unwrap() {
            if let Some(id) = change["upsert"]["record"]["training"]["id"].as_str() {
                sent.push(id.to_owned());
            } else {
                removed.push(change["remove"]["id"].as_str().unwrap().to_owned());
            }
        }
        // After the first page, HR verifies one of its records elsewhere: it leaves HR's view.
        if verified.is_none() {
            let id = confirmed.iter().find(|id| sent.contains(&id.0.to_string())).expect("a queued training on the first page");
            let forged = hr.forge(Command::VerifyTraining(training::Verify { id: *id, jp_recognised: 8 }), Some(3));
            assert!(matches!(store.apply_commands(shared::command::Actor { id: hr.employee(), hr_admin: true }, &[forged], &Default::default(), 0).unwrap()[0].outcome, Outcome::Applied { .. }));
            verified = Some(id.0.to_string());
        }
        if page["more"] == false {
            break;
        }
        cursor = page["cursor"].as_str().unwrap().to_owned();
    }
    let verified = verified.unwrap();
    assert_eq!(removed, vec![verified.clone()], "only the record sent and then verified is withdrawn");
    let mut kept: Vec<String> = sent.into_iter().filter(|id| *id != verified).collect();
    kept.sort();
    let mut expected: Vec<String> = confirmed.iter().map(|id| id.0.to_string()).filter(|id| *id != verified).collect();
    expected.sort();
    assert_eq!(kept, expected, "HR holds their queue, nothing else");
}

#[tokio::test]
async fn the_first_pull_brings_the_reference_data_and_later_pages_do_not_repeat_it() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let supervisor = SyncClient::sign_in(&app, &app.supervisor).await;
    // Two records the supervisor sees, so that a pull of one record a page has a second page.
    for title in ["Pelatihan Kearsipan", "Pelatihan Kehumasan"] {
        let id = new_training_id();
        employee.queue(Command::SaveTraining(training::Save { id, details: training_details(title), subject: None }));
        employee.queue(Command::SubmitTraining(training::Submit { id }));
    }
    employee.sync(&app).await;
    let first = app.get("/api/v1/sync/pull?limit=1", Some(&supervisor.cookie)).await.json();
    assert_eq!(first["more"], true, "one record a page: there is a second page");
    let reference = &first["reference"];
    assert_eq!(reference["dictionary"].as_array().unwrap().len(), 13, "the whole dictionary");
    assert_eq!(reference["me"]["person"]["id"], supervisor.employee().to_string());
    let team: Vec<&str> = reference["team"].as_array().unwrap().iter().map(|m| m["person"]["id"].as_str().unwrap()).collect();
    assert!(team.contains(&employee.employee().to_string().as_str()), "the supervisor's team lists the employee: {team:?}");
    let member = reference["team"].as_array().unwrap().iter().find(|m| m["person"]["id"] == employee.employee().to_string()).unwrap();
    assert_eq!(member["supervisor"], supervisor.employee().to_string());
    assert!(!member["standard"].as_array().unwrap().is_empty(), "with their standard");

    let cursor = first["cursor"].as_str().unwrap();
    let second = app.get(&format!("/api/v1/sync/pull?limit=1&cursor={cursor}"), Some(&supervisor.cookie)).await.json();
    assert_eq!(second["changes"].as_array().unwrap().len(), 1, "the second page has the other record: {second}");
    assert!(second.get("reference").is_none(), "a later page does not repeat the reference data: {second}");
    let cursor = second["cursor"].as_str().unwrap();
    let again = app.get(&format!("/api/v1/sync/pull?cursor={cursor}"), Some(&supervisor.cookie)).await.json();
    assert!(again.get("reference").is_none(), "nor does a later pull while it is unchanged: {again}");
}

#[tokio::test]
async fn a_pull_page_names_the_owners_of_its_records() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let mut hr = SyncClient::sign_in(&app, &app.hr_admin).await;
    let id = new_training_id();
    employee.queue(Command::SaveTraining(training::Save { id, details: training_details("Pelatihan Kearsipan"), subject: None }));
    employee.queue(Command::SubmitTraining(training::Submit { id }));
    employee.sync(&app).await;
    let mut supervisor = SyncClient::sign_in(&app, &app.supervisor).await;
    supervisor.pull_all(&app).await;
    supervisor.queue(Command::ConfirmTraining(training::Confirm { id }));
    supervisor.sync(&app).await;
    hr.pull_all(&app).await;
    let owner = hr.replica.person(employee.employee()).expect("HR's device knows whose record it is");
    assert_eq!(owner.name, app.employee.name);
}

#[tokio::test]
async fn a_replayed_command_returns_the_stored_outcome_and_changes_nothing() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let id = new_training_id();
    let save = employee.queue(Command::SaveTraining(training::Save { id, details: training_details("Kursus Excel"), subject: None }));
    let first = employee.push_all(&app).await;
    let audit_before = app.state.database().audit_log(0, 1000).unwrap().len();

    let replay = employee.push(&app, vec![save.clone(), save.clone()]).await;
    assert_eq!(replay[0].outcome, first[0].outcome);
    assert_eq!(replay[1].outcome, first[0].outcome);
    assert_eq!(app.state.database().audit_log(0, 1000).unwrap().len(), audit_before, "nothing applied again");
    let stored = app.state.database().record(id.0).unwrap().unwrap();
    assert_eq!(stored.version(), 1);
}

#[tokio::test]
async fn one_bad_command_does_not_spoil_the_batch() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let good = new_training_id();
    let mut bad_details = training_details("Seminar Nasional");
    bad_details.end = date!(2026 - 05 - 01); // before the start
    // The device refuses the bad one itself; an old or tampered app might send it anyway.
    let save = employee.queue(Command::SaveTraining(training::Save { id: good, details: training_details("Seminar Nasional"), subject: None }));
    let bad = Command::SaveTraining(training::Save { id: new_training_id(), details: bad_details, subject: None });
    assert_eq!(
        employee.try_queue(bad.clone()),
        Err(Rejection::Invalid { reason: InvalidReason::EndBeforeStart }),
        "refused on the device with the server's reason"
    );
    let bad = employee.forge(bad, None);
    let submit = employee.queue(Command::SubmitTraining(training::Submit { id: good }));
    let results = employee.push(&app, vec![save, bad, submit]).await;
    assert!(matches!(results[0].outcome, Outcome::Applied { version: 1, .. }));
    assert_eq!(
        results[1].outcome,
        Outcome::Rejected { rejection: Rejection::Invalid { reason: InvalidReason::EndBeforeStart } }
    );
    assert!(matches!(results[2].outcome, Outcome::Applied { version: 2, .. }));
    assert!(employee.replica.outbox().is_empty());
}

#[tokio::test]
async fn an_outbox_is_never_applied_under_another_users_session() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let other = SyncClient::sign_in(&app, &app.supervisor).await;
    let id = new_training_id();
    let envelope = employee.queue(Command::SaveTraining(training::Save { id, details: training_details("Diklat"), subject: None }));

    // Pushed under someone else's session: the whole request is refused and nothing is recorded.
    let body = serde_json::json!({ "commands": [envelope] });
    let response = app.request(axum::http::Method::POST, "/api/v1/sync/push", Some(body), &[("cookie", &other.cookie)]).await;
    assert_eq!(response.status, 409);
    assert_eq!(response.error_code(), "other_user_signed_in");
    assert!(app.state.database().record(id.0).unwrap().is_none());
    // A pull for one user under another's session is refused too.
    let pull = app.get(&format!("/api/v1/sync/pull?user={}", employee.employee()), Some(&other.cookie)).await;
    assert_eq!(pull.error_code(), "other_user_signed_in");

    // Its author can still send it.
    employee.push_all(&app).await;
    assert_eq!(employee.applied.len(), 1);
}

#[tokio::test]
async fn a_duplicate_training_is_rejected() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let first = new_training_id();
    employee.queue(Command::SaveTraining(training::Save { id: first, details: training_details("Bimtek SIASN"), subject: None }));
    let mut same = training_details("  bimtek   SIASN ");
    same.provider = "Penyelenggara lain".to_owned();
    // The device that knows the first record refuses the copy itself...
    assert!(employee.try_queue(Command::SaveTraining(training::Save { id: new_training_id(), details: same.clone(), subject: None })).is_err());
    employee.push_all(&app).await;
    // ...and the server refuses it from a device that had not heard of the first yet.
    let mut other_device = SyncClient::sign_in(&app, &app.employee).await;
    other_device.queue(Command::SaveTraining(training::Save { id: new_training_id(), details: same, subject: None }));
    let results = other_device.push_all(&app).await;
    assert_eq!(
        results[0].outcome,
        Outcome::Rejected { rejection: Rejection::Invalid { reason: InvalidReason::DuplicateTraining { existing: first } } }
    );
}

/// The employee's submitted self-assessment, pulled by the supervisor.
async fn submitted_assessment(app: &TestApp, employee: &mut SyncClient, supervisor: &mut SyncClient) -> (SelfAssessmentId, Vec<SelfRating>) {
    let id = SelfAssessmentId(uuid::Uuid::new_v4());
    let ratings = full_ratings(app, employee).await;
    employee.queue(Command::SaveSelfAssessment(self_assessment::Save { id, period: 2026, ratings: ratings.clone(), amends: None }));
    employee.queue(Command::SubmitSelfAssessment(self_assessment::Submit { id }));
    employee.sync(app).await;
    assert!(employee.attention().is_empty(), "{:?}", employee.attention());
    supervisor.pull_all(app).await;
    (id, ratings)
}

#[tokio::test]
async fn an_edit_made_offline_after_approval_is_rejected_as_locked() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let mut supervisor = SyncClient::sign_in(&app, &app.supervisor).await;
    let (id, ratings) = submitted_assessment(&app, &mut employee, &mut supervisor).await;

    // The supervisor returns it; the employee pulls that, then goes offline and edits.
    supervisor.queue(Command::ReturnSelfAssessment(self_assessment::Return { id, ratings: vec![], comment: "Tambahkan bukti".into() }));
    supervisor.sync(&app).await;
    employee.pull_all(&app).await;
    let mut edited = ratings.clone();
    edited[0].evidence = "Bukti tambahan: notulen rapat".into();
    employee.queue(Command::SaveSelfAssessment(self_assessment::Save { id, period: 2026, ratings: edited.clone(), amends: None }));

    // Meanwhile, on another device, the employee resubmits and the supervisor approves.
    let mut other_device = SyncClient::sign_in(&app, &app.employee).await;
    other_device.pull_all(&app).await;
    other_device.queue(Command::SubmitSelfAssessment(self_assessment::Submit { id }));
    other_device.sync(&app).await;
    supervisor.pull_all(&app).await;
    supervisor.queue(Command::ApproveSelfAssessment(self_assessment::Approve { id, ratings: supervisor_ratings(&ratings), comment: "Baik".into() }));
    supervisor.sync(&app).await;
    assert!(supervisor.attention().is_empty(), "{:?}", supervisor.attention());

    // Back online: the offline edit is refused as locked, and kept with the user's text.
    employee.sync(&app).await;
    let kept = employee.attention().last().expect("the edit is kept");
    assert_eq!(kept.rejection, Rejection::Locked);
    let Command::SaveSelfAssessment(self_assessment::Save { ratings: kept_ratings, .. }) = &kept.envelope.command else { panic!() };
    assert_eq!(kept_ratings[0].evidence, "Bukti tambahan: notulen rapat");
    let Some(Record::SelfAssessment(approved)) = employee.replica.pulled().get(&id.0) else { panic!() };
    assert_eq!(approved.status, AssessmentStatus::Approved);
    assert_eq!(approved.ratings, ratings, "the approved version is untouched");
}

#[tokio::test]
async fn an_approval_of_a_version_that_changed_since_review_is_a_conflict() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let mut supervisor = SyncClient::sign_in(&app, &app.supervisor).await;
    let (id, ratings) = submitted_assessment(&app, &mut employee, &mut supervisor).await;

    // The supervisor reviews version 2 offline; meanwhile it is returned from another device of the
    // supervisor's, edited and resubmitted by the employee (now version 5).
    supervisor.queue(Command::ApproveSelfAssessment(self_assessment::Approve { id, ratings: supervisor_ratings(&ratings), comment: String::new() }));
    let mut supervisor_tablet = SyncClient::sign_in(&app, &app.supervisor).await;
    supervisor_tablet.pull_all(&app).await;
    supervisor_tablet.queue(Command::ReturnSelfAssessment(self_assessment::Return { id, ratings: vec![], comment: "Perbaiki level M.03".into() }));
    supervisor_tablet.sync(&app).await;
    employee.pull_all(&app).await;
    employee.queue(Command::SaveSelfAssessment(self_assessment::Save { id, period: 2026, ratings: ratings.clone(), amends: None }));
    employee.queue(Command::SubmitSelfAssessment(self_assessment::Submit { id }));
    employee.sync(&app).await;

    supervisor.sync(&app).await;
    assert_eq!(supervisor.last_rejection(), Rejection::Conflict { current_version: 5 });
    let Some(Record::SelfAssessment(current)) = supervisor.replica.pulled().get(&id.0) else { panic!() };
    assert_eq!(current.status, AssessmentStatus::Submitted, "shown again for a fresh review");
}

#[tokio::test]
async fn of_two_approvals_the_first_to_commit_wins() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let mut phone = SyncClient::sign_in(&app, &app.supervisor).await;
    let (id, ratings) = submitted_assessment(&app, &mut employee, &mut phone).await;
    let mut tablet = SyncClient::sign_in(&app, &app.supervisor).await;
    tablet.pull_all(&app).await;

    let mut lower = supervisor_ratings(&ratings);
    lower[0].level = Level::new(1).unwrap();
    tablet.queue(Command::ApproveSelfAssessment(self_assessment::Approve { id, ratings: lower.clone(), comment: "Dari tablet".into() }));
    phone.queue(Command::ApproveSelfAssessment(self_assessment::Approve { id, ratings: supervisor_ratings(&ratings), comment: "Dari ponsel".into() }));
    tablet.sync(&app).await;
    phone.sync(&app).await;
    assert!(tablet.attention().is_empty());
    assert_eq!(phone.last_rejection(), Rejection::Locked);
    let Some(Record::SelfAssessment(approved)) = phone.replica.pulled().get(&id.0) else { panic!() };
    let review = approved.review.as_ref().unwrap();
    assert_eq!((review.comment.as_str(), &review.ratings), ("Dari tablet", &lower));
}

#[tokio::test]
async fn pull_pages_through_changes_and_sends_removals() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let ids: Vec<TrainingId> = (0..25).map(|_| new_training_id()).collect();
    for (n, id) in ids.iter().enumerate() {
        employee.queue(Command::SaveTraining(training::Save { id: *id, details: training_details(&format!("Modul {n}")), subject: None }));
    }
    employee.push_all(&app).await;

    let page = app.get("/api/v1/sync/pull?limit=10", Some(&employee.cookie)).await.json();
    assert_eq!(page["changes"].as_array().unwrap().len(), 10);
    assert_eq!(page["more"], true);

    employee.pull_all(&app).await;
    assert_eq!(employee.records().len(), 25);

    // A discarded draft reaches the device as a removal.
    employee.queue(Command::DiscardDraft(DiscardDraft { id: ids[0].0 }));
    employee.sync(&app).await;
    assert_eq!(employee.records().len(), 24);
    assert!(!employee.records().contains_key(&ids[0].0));

    // A record changed twice since the cursor moves to the end of the log each time: a pull
    // reads it once, as it is now.
    let cursor = employee.replica.cursor().unwrap().to_owned();
    employee.queue(Command::SaveTraining(training::Save { id: ids[1], details: training_details("Modul 1 (revisi)"), subject: None }));
    employee.queue(Command::SubmitTraining(training::Submit { id: ids[1] }));
    employee.queue(Command::SubmitTraining(training::Submit { id: ids[2] }));
    employee.push_all(&app).await;
    let delta = app.get(&format!("/api/v1/sync/pull?cursor={cursor}"), Some(&employee.cookie)).await.json();
    let changes = delta["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{changes:?}");
    let revised = changes.iter().find(|c| c["upsert"]["record"]["training"]["id"] == ids[1].0.to_string()).unwrap();
    let revised = &revised["upsert"]["record"]["training"];
    assert_eq!((revised["status"].as_str(), revised["details"]["title"].as_str()), (Some("submitted"), Some("Modul 1 (revisi)")));
}

#[tokio::test]
async fn a_cursor_older_than_the_retention_horizon_must_start_over() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let id = new_training_id();
    employee.queue(Command::SaveTraining(training::Save { id, details: training_details("Webinar"), subject: None }));
    employee.sync(&app).await;
    let old_cursor = employee.replica.cursor().unwrap().to_owned();
    employee.queue(Command::DiscardDraft(DiscardDraft { id: id.0 }));
    employee.push_all(&app).await;
    let horizon = app.state.database().audit_log(0, 100).unwrap().last().unwrap().1.change_seq + 1;
    assert_eq!(app.state.database().purge_removals_before(horizon).unwrap(), 1);

    let page = app.get(&format!("/api/v1/sync/pull?cursor={old_cursor}"), Some(&employee.cookie)).await.json();
    assert_eq!(page["reset_required"], true);
    employee.pull_all(&app).await; // starts over by itself
    assert!(employee.records().is_empty());
    let fresh = app.get("/api/v1/sync/pull", Some(&employee.cookie)).await.json();
    assert_eq!(fresh["reset_required"], false, "a pull from the start is always fine");
}

#[tokio::test]
async fn a_full_pull_after_a_purge_pages_to_the_end() {
    // Regression: the pages of a pull from the start carry cursors below the purge horizon; they
    // must not be taken for stale ones (that reset the pull forever).
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    for n in 0..25 {
        employee.queue(Command::SaveTraining(training::Save { id: new_training_id(), details: training_details(&format!("Modul {n}")), subject: None }));
    }
    let discarded = new_training_id();
    employee.queue(Command::SaveTraining(training::Save { id: discarded, details: training_details("Dibuang"), subject: None }));
    employee.queue(Command::DiscardDraft(DiscardDraft { id: discarded.0 }));
    employee.push_all(&app).await;
    let last = app.state.database().audit_log(0, 1000).unwrap().last().unwrap().1.change_seq;
    app.state.database().purge_removals_before(last + 1).unwrap();

    let mut cursor = String::new();
    let mut records = 0;
    for page_number in 1.. {
        assert!(page_number < 10, "the pull must end");
        let page = app.get(&format!("/api/v1/sync/pull?limit=10&cursor={cursor}"), Some(&employee.cookie)).await.json();
        assert_eq!(page["reset_required"], false);
        records += page["changes"].as_array().unwrap().len();
        cursor = page["cursor"].as_str().unwrap().to_owned();
        if page["more"] == false {
            break;
        }
    }
    assert_eq!(records, 25);
}

#[tokio::test]
async fn a_discarded_records_id_is_not_used_again() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let id = new_training_id();
    employee.queue(Command::SaveTraining(training::Save { id, details: training_details("Sekali saja"), subject: None }));
    employee.queue(Command::DiscardDraft(DiscardDraft { id: id.0 }));
    employee.sync(&app).await;
    let again = employee.forge(Command::SaveTraining(training::Save { id, details: training_details("Sekali saja"), subject: None }), None);
    let results = employee.push(&app, vec![again]).await;
    assert_eq!(results[0].outcome, Outcome::Rejected { rejection: Rejection::Conflict { current_version: 0 } });
}

#[tokio::test]
async fn every_applied_command_is_audited() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let id = new_training_id();
    let save = employee.queue(Command::SaveTraining(training::Save { id, details: training_details("Coaching"), subject: None }));
    let refused = employee.forge(
        Command::SaveTraining(training::Save { id: new_training_id(), details: TrainingDetails { jp_claimed: 0, ..training_details("x") }, subject: None }),
        None,
    );
    employee.push(&app, vec![save.clone(), refused]).await;
    let log = app.state.database().audit_log(0, 100).unwrap();
    assert_eq!(log.len(), 1, "only the applied command");
    let entry = &log[0].1;
    assert_eq!(entry.command_id, save.command_id);
    assert_eq!(entry.command, "save_training");
    assert_eq!(entry.author, employee.employee());
    assert_eq!(entry.device_id, employee.replica.device);
    assert_eq!((entry.device_seq, entry.device_time_ms), (save.device_seq, save.device_time_ms));
    assert!(entry.server_time_ms > 1_700_000_000_000);
}

#[tokio::test]
async fn sync_needs_a_session_and_a_sane_request() {
    let app = TestApp::new();
    assert_eq!(app.get("/api/v1/sync/pull", None).await.error_code(), "unauthenticated");
    let cookie = app.session_of(&app.employee).await;
    assert_eq!(app.get("/api/v1/sync/pull?cursor=abc", Some(&cookie)).await.error_code(), "bad_request");
    let garbage = app
        .request(
            axum::http::Method::POST,
            "/api/v1/sync/push",
            Some(serde_json::json!({ "commands": [{ "command_id": "x" }] })),
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(garbage.error_code(), "bad_request");
}

/// The demo agency's position called `name`.
fn position_named(name: &str) -> shared::ids::PositionId {
    let (agency, _) = kompeten_server::seed::demo_agency();
    agency.positions.iter().find(|p| p.name == name).unwrap().id
}

/// How HR moves someone to another position.
#[derive(Clone, Copy, Debug)]
enum Move {
    /// One move on HR's employees page.
    One,
    /// A row of an employees file that names another position, applied by the import.
    Import,
}

#[tokio::test]
async fn records_that_leave_a_supervisors_scope_are_withdrawn_from_their_devices() {
    records_change_hands(Move::One).await;
}

#[tokio::test]
async fn an_import_that_moves_someone_hands_their_records_over_as_a_reassignment_does() {
    records_change_hands(Move::Import).await;
}

async fn records_change_hands(how: Move) {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let mut old_supervisor = SyncClient::sign_in(&app, &app.supervisor).await;
    let mut hr = SyncClient::sign_in(&app, &app.hr_admin).await;
    let (agency, _) = kompeten_server::seed::demo_agency();
    let holder_of = |name: &str| {
        let (holder, _) = agency.employees.iter().find(|(e, _)| e.position == position_named(name)).unwrap();
        kompeten_server::seed::DemoLogin { role: "", name: holder.name.clone(), nip: holder.nip.clone(), position: name.into() }
    };
    let mut new_supervisor = SyncClient::sign_in(&app, &holder_of("Kepala Subbagian Keuangan")).await;

    let id = new_training_id();
    employee.queue(Command::SaveTraining(training::Save { id, details: training_details("Pelatihan Bendahara"), subject: None }));
    employee.queue(Command::SubmitTraining(training::Submit { id }));
    employee.sync(&app).await;
    for client in [&mut old_supervisor, &mut new_supervisor, &mut hr] {
        client.pull_all(&app).await;
    }
    assert!(old_supervisor.records().contains_key(&id.0));
    assert!(!new_supervisor.records().contains_key(&id.0));

    // HR moves the employee to "Bendahara" (JAB-019), under the head of finance.
    match how {
        Move::One => assert_eq!(app.state.database().move_employee(None, employee.employee(), position_named("Bendahara")).unwrap(), kompeten_server::db::ServiceChange::Changed),
        Move::Import => {
            let organisation = app.state.database().organisation().unwrap();
            let moving = organisation.employees.iter().find(|e| e.id == employee.employee()).unwrap();
            let shared::domain::Rank::Pns(grade) = moving.rank else { panic!("the demo employee is PNS") };
            let row = format!("nip;nama;pangkat;jenis;jabatan\n{};{};{};PNS;JAB-019\n", moving.nip.as_str(), moving.name, grade.code());
            let files = kompeten_server::import::Files { employees: Some(row.into_bytes()), ..Default::default() };
            let applied = app.state.database().apply_import(&files, None, None, &mut kompeten_server::import::random_id).unwrap();
            let kompeten_server::db::Applied::Report(report) = applied else { panic!("{applied:?}") };
            assert!(report.applied && report.summary.employees.moved == 1, "{report:?}");
        }
    }

    for client in [&mut employee, &mut old_supervisor, &mut new_supervisor, &mut hr] {
        client.pull_all(&app).await;
    }
    assert!(!old_supervisor.records().contains_key(&id.0), "withdrawn from the old supervisor's device");
    assert!(new_supervisor.records().contains_key(&id.0), "sent to the new supervisor");
    assert!(employee.records().contains_key(&id.0));
    assert!(!hr.records().contains_key(&id.0), "HR never had it: it waits for the supervisor, not HR");
    let profile = app.get("/api/v1/me", Some(&employee.cookie)).await.json();
    assert_eq!(profile["supervisor"]["position"], "Kepala Subbagian Keuangan");
    // The move reached the devices' reference data too: the employee's new supervisor and
    // position, and the two supervisors' teams.
    let reference = employee.replica.reference().unwrap();
    assert_eq!(reference.supervisor.as_ref().unwrap().id, new_supervisor.employee());
    assert_eq!(reference.me.person.position, "Bendahara");
    let in_team = |client: &SyncClient| client.replica.reference().unwrap().team.iter().any(|m| m.person.id == employee.employee());
    assert!(in_team(&new_supervisor) && !in_team(&old_supervisor));

    // The new supervisor can act on it; the old one no longer can.
    assert_eq!(
        old_supervisor.try_queue(Command::ConfirmTraining(training::Confirm { id })),
        Err(Rejection::Invalid { reason: InvalidReason::UnknownRecord }),
        "the old supervisor's device no longer has it"
    );
    let forged = old_supervisor.forge(Command::ConfirmTraining(training::Confirm { id }), Some(2));
    let results = old_supervisor.push(&app, vec![forged]).await;
    assert_eq!(results[0].outcome, Outcome::Rejected { rejection: Rejection::Forbidden });
    new_supervisor.queue(Command::ConfirmTraining(training::Confirm { id }));
    new_supervisor.sync(&app).await;
    assert!(new_supervisor.attention().is_empty(), "{:?}", new_supervisor.attention());
}

#[tokio::test]
async fn a_scope_exit_outlives_the_retention_purge_until_an_older_command_follows_it() {
    // A move is no command (nothing in the commands' audit), so its scope exit has no time of its own: it counts
    // as new until a command from before the cutoff comes after it.
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let mut supervisor = SyncClient::sign_in(&app, &app.supervisor).await;
    let id = new_training_id();
    employee.queue(Command::SaveTraining(training::Save { id, details: training_details("Diklat Arsip"), subject: None }));
    employee.queue(Command::SubmitTraining(training::Submit { id }));
    employee.sync(&app).await;
    supervisor.pull_all(&app).await;
    let cursor = supervisor.replica.cursor().unwrap().to_owned();
    assert!(supervisor.records().contains_key(&id.0));

    let store = app.state.database();
    assert_eq!(store.move_employee(None, employee.employee(), position_named("Bendahara")).unwrap(), kompeten_server::db::ServiceChange::Changed);
    // A hundred days later, the employee saves another training.
    const DAY: i64 = 86_400_000;
    let now = kompeten_server::auth::unix_now_ms();
    let later = employee.forge(Command::SaveTraining(training::Save { id: new_training_id(), details: training_details("Diklat Lanjutan"), subject: None }), None);
    let actor = shared::command::Actor { id: employee.employee(), hr_admin: false };
    store.apply_commands(actor, &[later], &shared::command::Policy::default(), now + 100 * DAY).unwrap();

    // Kept for 90 days, purged on day 100: only what came before the reassignment is old
    // enough, and that holds no removal; the scope exit stays.
    assert_eq!(store.purge_removals_older_than(now + 10 * DAY).unwrap(), 0);
    let pull = |cursor: String| {
        let cookie = supervisor.cookie.clone();
        let app = &app;
        async move { app.get(&format!("/api/v1/sync/pull?cursor={cursor}"), Some(&cookie)).await.json() }
    };
    let page = pull(cursor.clone()).await;
    assert_eq!(page["reset_required"], false, "{page}");
    let removed: Vec<&str> = page["changes"].as_array().unwrap().iter().filter_map(|c| c["remove"]["id"].as_str()).collect();
    assert!(removed.contains(&id.0.to_string().as_str()), "the supervisor's device is told to drop the record: {page}");

    // Purged on day 200: the day-100 command came after the scope exit and is old now, so the
    // scope exit is too, and the supervisor's device, which never pulled it, must start over.
    // The move's two scope exits: the old supervisor's of the employee, and the employee's of
    // the old supervisor (whose approved plan they no longer see).
    assert_eq!(store.purge_removals_older_than(now + 110 * DAY).unwrap(), 2, "the scope exits are forgotten");
    assert_eq!(pull(cursor).await["reset_required"], true);
}

#[tokio::test]
async fn pushes_committed_together_apply_in_order_and_each_gets_its_own_answers() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let supervisor = SyncClient::sign_in(&app, &app.supervisor).await;
    let id = new_training_id();
    let save = employee.queue(Command::SaveTraining(training::Save { id, details: training_details("Diklat Kearsipan"), subject: None }));
    let submit = employee.queue(Command::SubmitTraining(training::Submit { id }));
    let confirm = supervisor.forge(Command::ConfirmTraining(training::Confirm { id }), Some(2));

    // As the push writer groups them: the supervisor's push sees the employee's, in one commit.
    let policy = shared::command::Policy::default();
    let batches = [
        kompeten_server::db::PushBatch { actor: shared::command::Actor { id: employee.employee(), hr_admin: false }, commands: &[save, submit], now_ms: 1 },
        kompeten_server::db::PushBatch { actor: shared::command::Actor { id: supervisor.employee(), hr_admin: false }, commands: std::slice::from_ref(&confirm), now_ms: 2 },
    ];
    let results = app.state.database().apply_batches(&batches, &policy).unwrap();
    assert_eq!(results.iter().map(Vec::len).collect::<Vec<_>>(), vec![2, 1]);
    assert!(results.iter().flatten().all(|r| matches!(r.outcome, Outcome::Applied { .. })), "{results:?}");
    assert_eq!(results[1][0].command_id, confirm.command_id);
    let Some(Record::Training(record)) = app.state.database().record(id.0).unwrap() else { panic!() };
    assert_eq!((record.status, record.version), (TrainingStatus::Confirmed, 3));
}

/// The agency head has nobody above them in the agency: HR names an appraiser, whose device then
/// gets the head's submitted self-assessment to approve, as a supervisor's would; removed, the
/// appraiser's device lets it go.
#[tokio::test]
async fn the_agency_heads_self_assessment_is_approved_by_the_appraiser_hr_names() {
    let app = TestApp::new();
    let (agency, _) = kompeten_server::seed::demo_agency();
    let secretary_position = agency.positions.iter().find(|p| p.code == "JAB-002").unwrap().id;
    let (secretary, _) = agency.employees.iter().find(|(e, _)| e.position == secretary_position).unwrap();
    let secretary = kompeten_server::seed::DemoLogin { role: "", name: secretary.name.clone(), nip: secretary.nip.clone(), position: "Sekretaris".into() };
    let mut head = SyncClient::sign_in(&app, &app.head).await;
    let mut appraiser = SyncClient::sign_in(&app, &secretary).await;
    assert!(app.get("/api/v1/me", Some(&head.cookie)).await.json()["supervisor"].is_null(), "nobody above the head");

    let hr = app.session_of(&app.hr_admin).await;
    let name = |position: &str, nip: Option<&str>| serde_json::json!({ "position": position, "appraiser": nip });
    let headers = [("cookie", hr.as_str())];
    let post = |body: serde_json::Value| app.request(axum::http::Method::POST, "/api/v1/admin/positions/appraiser", Some(body), &headers);
    let refused = post(name("JAB-002", Some(secretary.nip.as_str()))).await;
    assert_eq!(refused.error_code(), "self_appraisal", "the secretary holds JAB-002");
    assert_eq!(post(name("JAB-999", Some(secretary.nip.as_str()))).await.error_code(), "not_found");
    let named = post(name("jab-001", Some(secretary.nip.as_str()))).await.json();
    assert_eq!((named[0]["supervisor"].as_str(), named[0]["appraiser_named"].as_bool()), (Some(secretary.name.as_str()), Some(true)), "{named}");
    assert_eq!(app.get("/api/v1/me", Some(&head.cookie)).await.json()["supervisor"]["name"], secretary.name.as_str());

    let ratings = full_ratings(&app, &head).await;
    let id = SelfAssessmentId(uuid::Uuid::new_v4());
    head.queue(Command::SaveSelfAssessment(self_assessment::Save { id, period: 2026, ratings: ratings.clone(), amends: None }));
    head.queue(Command::SubmitSelfAssessment(self_assessment::Submit { id }));
    head.sync(&app).await;
    appraiser.sync(&app).await;
    assert!(appraiser.records().contains_key(&id.0), "the appraiser's device has the head's submitted assessment");
    appraiser.queue(Command::ApproveSelfAssessment(self_assessment::Approve { id, ratings: supervisor_ratings(&ratings), comment: "Disetujui".into() }));
    appraiser.sync(&app).await;
    assert!(appraiser.attention().is_empty(), "{:?}", appraiser.attention());
    head.sync(&app).await;
    let Some(Record::SelfAssessment(approved)) = head.records().get(&id.0).cloned() else { panic!("the head's device has it") };
    assert_eq!(approved.status, AssessmentStatus::Approved);

    // Removed again: the appraiser's device lets the head's records go.
    assert_eq!(post(name("JAB-001", None)).await.json()[0]["supervisor"], serde_json::Value::Null);
    appraiser.sync(&app).await;
    assert!(!appraiser.records().contains_key(&id.0), "withdrawn from the former appraiser's device");
    let trail = app.get("/api/v1/admin/audit?record=JAB-001", Some(&hr)).await.json();
    let actions: Vec<_> = trail["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect();
    assert_eq!(actions, ["appraiser_named", "appraiser_named", "imported"], "named, removed, after the demo's import");
}

/// A supervisor who leaves the service leaves their position vacant: their staff's records go to
/// the next one up, and come back when they return. An appraiser who leaves appraises nobody.
#[tokio::test]
async fn a_supervisor_leaving_and_returning_hands_their_staffs_records_over_and_back() {
    use shared::domain::{Departure, DepartureReason};
    let app = TestApp::new();
    let store = app.state.database();
    let (agency, _) = kompeten_server::seed::demo_agency();
    let holder = |code: &str| {
        let position = agency.positions.iter().find(|p| p.code == code).unwrap().id;
        let (e, _) = agency.employees.iter().find(|(e, _)| e.position == position).unwrap();
        kompeten_server::seed::DemoLogin { role: "", name: e.name.clone(), nip: e.nip.clone(), position: code.into() }
    };
    let secretary = holder("JAB-002");
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let mut next_up = SyncClient::sign_in(&app, &secretary).await;
    let id = new_training_id();
    employee.queue(Command::SaveTraining(training::Save { id, details: training_details("Diklat Kearsipan"), subject: None }));
    employee.queue(Command::SubmitTraining(training::Submit { id }));
    employee.sync(&app).await;
    next_up.sync(&app).await;
    assert!(!next_up.records().contains_key(&id.0), "the secretary is not the employee's supervisor yet");

    let supervisor = store.account_by_nip(&app.supervisor.nip).unwrap().unwrap().0;
    let today = time::OffsetDateTime::now_utc().date();
    let left = Some(Departure { reason: DepartureReason::Retired, on: today });
    assert_eq!(store.set_departure(None, supervisor, left).unwrap(), kompeten_server::db::ServiceChange::Changed);
    next_up.sync(&app).await;
    assert!(next_up.records().contains_key(&id.0), "the position is vacant: the next one up gets the record");

    assert_eq!(store.set_departure(None, supervisor, None).unwrap(), kompeten_server::db::ServiceChange::Changed);
    next_up.sync(&app).await;
    assert!(!next_up.records().contains_key(&id.0), "back in service: the record leaves the secretary's device");
    let mut returned = SyncClient::sign_in(&app, &app.supervisor).await;
    returned.sync(&app).await;
    assert!(returned.records().contains_key(&id.0), "and goes back to the supervisor's");

    // An appraiser who leaves appraises nobody; back in service, they do again.
    let head = store.account_by_nip(&app.head.nip).unwrap().unwrap().0;
    let secretary_id = store.account_by_nip(&secretary.nip).unwrap().unwrap().0;
    let head_position = store.position_by_code("JAB-001").unwrap().unwrap().id;
    store.set_appraiser(None, head_position, Some(secretary_id)).unwrap();
    assert_eq!(store.subject(head).unwrap().supervisor, Some(secretary_id));
    store.set_departure(None, secretary_id, Some(Departure { reason: DepartureReason::Deactivated, on: today })).unwrap();
    assert_eq!(store.subject(head).unwrap().supervisor, None, "a departed appraiser appraises nobody");
    assert_eq!(store.set_appraiser(None, head_position, None).unwrap(), kompeten_server::db::AppraiserChange::Changed);
    assert_eq!(store.set_appraiser(None, head_position, Some(secretary_id)).unwrap(), kompeten_server::db::AppraiserChange::OutOfService, "nor can one be named");
}

/// HR's settings reach devices by pull; a self-assessment submitted offline before the deadline
/// but synced after it is refused by the server's clock, and kept on the device with the reason.
#[tokio::test]
async fn a_submission_synced_after_the_periods_deadline_is_refused_and_kept_and_the_policy_reaches_devices() {
    use shared::command::Policy;
    let app = TestApp::new();
    let hr = app.session_of(&app.hr_admin).await;
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    employee.sync(&app).await;
    let ratings = full_ratings(&app, &employee).await;
    let id = SelfAssessmentId(uuid::Uuid::new_v4());
    let today = time::OffsetDateTime::now_utc().date();
    let headers = [("cookie", hr.as_str())];
    let put = |policy: serde_json::Value| app.request(axum::http::Method::PUT, "/api/v1/admin/policy", Some(policy), &headers);
    // Open until tomorrow: the device, offline, submits in time by its own clock.
    let day = |date: Option<time::Date>| shared::domain::iso_date::format(date.unwrap());
    let open = Policy { jp_target: 24, assessment_period: 2026, assessment_open: true, assessment_deadline: day(today.next_day()), ..Policy::default() };
    assert_eq!(put(serde_json::to_value(&open).unwrap()).await.status, axum::http::StatusCode::OK);
    employee.sync(&app).await;
    assert_eq!(employee.replica.policy().jp_target, 24, "the policy came with the reference data");
    employee.queue(Command::SaveSelfAssessment(self_assessment::Save { id, period: 2026, ratings, amends: None }));
    employee.queue(Command::SubmitSelfAssessment(self_assessment::Submit { id }));
    // Before it syncs, the deadline passes (HR moves it to yesterday, as time would).
    let closed = Policy { assessment_deadline: day(today.previous_day()), ..open.clone() };
    put(serde_json::to_value(&closed).unwrap()).await;
    employee.sync(&app).await;
    let refused: Vec<_> = employee.attention().iter().map(|a| a.rejection.clone()).collect();
    assert_eq!(refused, [Rejection::invalid(InvalidReason::PeriodOutOfRange)], "the submission, with the reason; the draft was saved");
    let Some(Record::SelfAssessment(kept)) = employee.records().get(&id.0).cloned() else { panic!("the draft stays") };
    assert_eq!(kept.status, AssessmentStatus::Draft);

    // A value out of range is refused and changes nothing.
    let bad = put(serde_json::to_value(Policy { jp_target: 0, ..closed.clone() }).unwrap()).await;
    assert_eq!(bad.error_code(), "bad_request");
    let stored: Policy = serde_json::from_slice(&app.get("/api/v1/admin/policy", Some(&hr)).await.body).unwrap();
    assert_eq!(stored, closed);
    let trail = app.get("/api/v1/admin/audit?record=policy", Some(&hr)).await.json();
    assert_eq!(trail["entries"].as_array().unwrap().len(), 2, "each change, audited");
}

/// An approval keeps the standard and the dictionary's texts of that day: the supervisor's device
/// predicts exactly what the server keeps, and HR's later edits of the dictionary and of the
/// position's standard reach the employee's device without changing the approved assessment.
#[tokio::test]
async fn an_approved_assessment_keeps_the_standard_and_texts_it_was_assessed_against_when_hr_edits_them() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let mut supervisor = SyncClient::sign_in(&app, &app.supervisor).await;
    let (id, ratings) = submitted_assessment(&app, &mut employee, &mut supervisor).await;
    supervisor.queue(Command::ApproveSelfAssessment(self_assessment::Approve { id, ratings: supervisor_ratings(&ratings), comment: String::new() }));
    let Some(Record::SelfAssessment(predicted)) = supervisor.replica.record(id.0).cloned() else { panic!("predicted on the device") };
    assert_eq!(predicted.status, AssessmentStatus::Approved, "the view shows the prediction");
    supervisor.sync(&app).await;
    assert!(supervisor.attention().is_empty(), "{:?}", supervisor.attention());
    let Some(Record::SelfAssessment(stored)) = app.state.database().record(id.0).unwrap() else { panic!("stored") };
    assert_eq!(predicted.assessed_against, stored.assessed_against, "the device predicts what the server keeps");
    let kept = stored.assessed_against.iter().find(|c| c.code == "T.01").expect("the technical competency of the standard").clone();
    assert_eq!((kept.required.get(), kept.labels.len()), (1, 5), "{kept:?}");
    assert_eq!(stored.assessed_against.len(), ratings.len());

    // HR renames T.01 and requires it at 3 for the employee's position.
    let hr = app.session_of(&app.hr_admin).await;
    let mut renamed = app.state.database().organisation().unwrap().dictionary.into_iter().find(|c| c.code == "T.01").unwrap();
    renamed.name = format!("{} (revisi 2027)", renamed.name);
    let saved = app.request(axum::http::Method::POST, "/api/v1/admin/competencies", Some(serde_json::to_value(&renamed).unwrap()), &[("cookie", &hr)]).await;
    assert_eq!(saved.status, axum::http::StatusCode::OK, "{}", String::from_utf8_lossy(&saved.body));
    let position = serde_json::json!({ "code": "JAB-017", "name": "Pengadministrasi Umum", "tier": "Pelaksana", "unit": "SEKRETARIAT", "superior": "JAB-006", "levels": [["T.01", "3"]] });
    let report = app.request(axum::http::Method::POST, "/api/v1/admin/positions/save", Some(position), &[("cookie", &hr)]).await.json();
    assert_eq!(report["applied"], true, "{report}");

    employee.pull_all(&app).await;
    let reference = employee.replica.reference().expect("reference data").clone();
    let now = reference.me.standard.iter().find(|r| r.competency == kept.competency).unwrap();
    assert_eq!(now.level.get(), 3, "the standard of today reached the device");
    assert!(reference.dictionary.iter().any(|c| c.name == renamed.name), "and the dictionary's new text");
    let Some(Record::SelfAssessment(on_device)) = employee.records().get(&id.0).cloned() else { panic!() };
    let still = on_device.assessed_against.iter().find(|c| c.competency == kept.competency).unwrap();
    assert_eq!(still, &kept, "the approved assessment keeps what it was assessed against");
    assert_ne!(still.name, renamed.name);
}

/// The demo employee who holds the position `code`, as a login.
fn holder_of(code: &str) -> kompeten_server::seed::DemoLogin {
    let (agency, _) = kompeten_server::seed::demo_agency();
    let position = agency.positions.iter().find(|p| p.code == code).unwrap();
    let (employee, _) = agency.employees.iter().filter(|(e, _)| e.position == position.id).min_by(|a, b| a.0.nip.cmp(&b.0.nip)).unwrap();
    kompeten_server::seed::DemoLogin { role: "", name: employee.name.clone(), nip: employee.nip.clone(), position: position.name.clone() }
}

/// `client`'s complete plan for 2026, submitted.
fn submit_plan(client: &mut SyncClient, what: &str) -> shared::ids::SkpPlanId {
    use shared::kinds::skp_plan::{Aspect, Indicator, Rhk, RhkKind};
    let id = shared::ids::SkpPlanId(uuid::Uuid::now_v7());
    let rhk = vec![Rhk {
        id: uuid::Uuid::now_v7(),
        kind: RhkKind::Utama,
        text: what.to_owned(),
        intervenes: None,
        perspective: None,
        indicators: vec![Indicator { text: "Tepat waktu".into(), aspect: Aspect::Waktu, target: "12 bulan".into() }],
    }];
    client.queue(Command::SaveSkpPlan(shared::kinds::skp_plan::Save { id, year: 2026, rhk, revises: None }));
    client.queue(Command::SubmitSkpPlan(shared::kinds::skp_plan::Submit { id }));
    id
}

/// The plan cascades: an employee's device holds their supervisor's plan once it is approved
/// (to link their RHK to it), never before; a move to another supervisor takes it away and
/// brings the new supervisor's.
#[tokio::test]
async fn a_supervisors_approved_plan_reaches_their_staff_and_follows_a_move() {
    let app = TestApp::new();
    let mut employee = SyncClient::sign_in(&app, &app.employee).await;
    let mut supervisor = SyncClient::sign_in(&app, &app.supervisor).await;
    let mut finance = SyncClient::sign_in(&app, &holder_of("JAB-007")).await;
    let mut secretary = SyncClient::sign_in(&app, &holder_of("JAB-002")).await;
    let general = submit_plan(&mut supervisor, "Terselenggaranya layanan umum dan kepegawaian");
    let money = submit_plan(&mut finance, "Tertibnya pengelolaan keuangan");
    for client in [&mut supervisor, &mut finance, &mut secretary, &mut employee] {
        client.sync(&app).await;
    }
    assert!(!employee.records().contains_key(&general.0), "submitted, not yet approved: not the staff's");
    let expectations: Vec<String> = shared::kinds::skp_plan::BERAKHLAK.iter().map(|_| String::new()).collect();
    for id in [general, money] {
        secretary.queue(Command::ApproveSkpPlan(shared::kinds::skp_plan::Approve { id, expectations: expectations.clone(), comment: String::new() }));
    }
    secretary.sync(&app).await;
    assert!(secretary.attention().is_empty(), "{:?}", secretary.attention());
    employee.sync(&app).await;
    let Some(Record::SkpPlan(seen)) = employee.records().get(&general.0).cloned() else { panic!("the supervisor's approved plan is on the employee's device") };
    assert_eq!(seen.status, shared::kinds::skp_plan::PlanStatus::Approved);
    assert!(!employee.records().contains_key(&money.0), "another supervisor's is not");

    // To "Bendahara", under the head of finance: the plans change places on the device.
    assert_eq!(app.state.database().move_employee(None, employee.employee(), position_named("Bendahara")).unwrap(), kompeten_server::db::ServiceChange::Changed);
    employee.sync(&app).await;
    assert!(!employee.records().contains_key(&general.0), "the former supervisor's plan left the device");
    assert!(employee.records().contains_key(&money.0), "the new supervisor's came");
}
