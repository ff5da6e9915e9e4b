//! A database written by the previous release (schema 3: per-kind unique indexes, outcomes without
//! their author) opens under this one and is migrated: every record reads back, the unique keys
//! of both kinds are in the generic table, stored outcomes still answer their authors' replays,
//! and the change feed and the rules go on as before. The file is `server/tests/fixtures`'s,
//! written by that release's code.

use std::io::Read;

use kompeten_server::db::{Cursor, SCHEMA_VERSION, Store};
use shared::command::{Actor, CommandEnvelope, InvalidReason, Policy, Record, Rejection};
use shared::ids::{CommandId, DeviceId, EmployeeId, SelfAssessmentId, TrainingId};
use shared::kinds::self_assessment::AssessmentStatus;
use shared::kinds::training::{TrainingDetails, TrainingForm};
use shared::kinds::{Command, self_assessment, training};
use shared::sync::{Change, Outcome};

/// The fixture, unpacked into a folder of its own.
fn schema_3_database() -> (Store, tempfile::TempDir) {
    let packed = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../server/tests/fixtures/schema-3.redb.gz")).unwrap();
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(packed.as_slice()).read_to_end(&mut bytes).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kompeten.redb");
    std::fs::write(&path, bytes).unwrap();
    (Store::open(&path).expect("the previous release's database opens"), dir)
}

fn person(store: &Store, role: &str) -> Actor {
    let login = tests::demo_login(store, role);
    let (id, account) = store.account_by_nip(&login.nip).unwrap().unwrap();
    Actor { id, hr_admin: account.hr_admin }
}

fn details(title: &str) -> TrainingDetails {
    TrainingDetails {
        title: title.to_owned(),
        form: TrainingForm::ELearning,
        provider: "LAN RI".to_owned(),
        start: time::macros::date!(2026 - 05 - 04),
        end: time::macros::date!(2026 - 05 - 05),
        jp_claimed: 16,
        competencies: vec![],
        certificate_number: String::new(),
    }
}

/// A command of `author`'s, as a device would send it.
fn envelope(id: u128, author: EmployeeId, base_version: Option<u64>, command: Command) -> CommandEnvelope {
    CommandEnvelope { command_id: CommandId::from_u128(id), device_id: DeviceId::from_u128(0xd0), device_seq: 1, author, device_time_ms: 0, base_version, command }
}

fn status_of(store: &Store, id: u128) -> Option<String> {
    store.record(uuid::Uuid::from_u128(id)).unwrap().map(|record| match record {
        Record::SelfAssessment(a) => format!("{:?}", a.status),
        Record::Training(t) => format!("{:?}", t.status),
        Record::SkpPlan(p) => format!("{:?}", p.status),
    })
}

#[test]
fn a_schema_3_database_is_migrated_with_its_records_keys_and_outcomes() {
    let (store, _dir) = schema_3_database();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let employee = person(&store, "Pegawai");
    let supervisor = person(&store, "Atasan (Kepala Subbagian)");

    // Every record reads back, in the state it was left in; the discarded one is gone.
    let statuses: Vec<(u128, Option<String>)> = [0x5a, 0x5b, 0x5c, 0x71, 0x72, 0x73, 0x75].into_iter().map(|id| (id, status_of(&store, id))).collect();
    let expected = [(0x5a, "Approved"), (0x5b, "Draft"), (0x5c, "Draft"), (0x71, "Verified"), (0x72, "Draft"), (0x75, "Submitted")];
    for (id, status) in expected {
        assert_eq!(statuses.iter().find(|(i, _)| *i == id).unwrap().1.as_deref(), Some(status), "record {id:#x}");
    }
    assert_eq!(status_of(&store, 0x73), None, "the discarded draft stays gone");
    assert_eq!(store.all_records().unwrap().len(), 6);

    // The unique keys of both kinds were made again in the generic table.
    let cases = [
        (Command::SaveTraining(training::Save { id: TrainingId::from_u128(0x90), details: details("kursus excel  LANJUTAN"), subject: None }), InvalidReason::DuplicateTraining { existing: TrainingId::from_u128(0x72) }),
        (Command::SaveSelfAssessment(self_assessment::Save { id: SelfAssessmentId::from_u128(0x91), period: 2026, ratings: vec![], amends: None }), InvalidReason::DuplicatePeriod { existing: SelfAssessmentId::from_u128(0x5a) }),
        (Command::SaveSelfAssessment(self_assessment::Save { id: SelfAssessmentId::from_u128(0x92), period: 2025, ratings: vec![], amends: None }), InvalidReason::DuplicatePeriod { existing: SelfAssessmentId::from_u128(0x5c) }),
    ];
    for (n, (command, reason)) in cases.into_iter().enumerate() {
        let results = store.apply_commands(employee, &[envelope(0xe000 + n as u128, employee.id, None, command)], &Policy::default(), 0).unwrap();
        assert_eq!(results[0].outcome, Outcome::Rejected { rejection: Rejection::invalid(reason) });
    }

    // Stored outcomes answer their authors' replays as before: an applied save (its author known
    // from the audit log) and a refused duplicate (stored without one).
    let applied_save = envelope(0xc009, employee.id, None, Command::SaveTraining(training::Save { id: TrainingId::from_u128(0x72), details: details("Kursus Excel Lanjutan"), subject: None }));
    let results = store.apply_commands(employee, std::slice::from_ref(&applied_save), &Policy::default(), 0).unwrap();
    assert_eq!(results[0].outcome, Outcome::Applied { version: 1, seq: 9 });
    let refused = envelope(0xc00e, employee.id, None, Command::SaveTraining(training::Save { id: TrainingId::from_u128(0x74), details: details("Kursus Excel Lanjutan"), subject: None }));
    let results = store.apply_commands(employee, &[refused], &Policy::default(), 0).unwrap();
    assert_eq!(results[0].outcome, Outcome::Rejected { rejection: Rejection::invalid(InvalidReason::DuplicateTraining { existing: TrainingId::from_u128(0x72) }) });
    // Someone else sending the applied command's id learns nothing.
    let stolen = CommandEnvelope { author: supervisor.id, ..applied_save };
    let results = store.apply_commands(supervisor, &[stolen], &Policy::default(), 0).unwrap();
    assert_eq!(results[0].outcome, Outcome::Rejected { rejection: Rejection::Forbidden });

    // The change feed goes on: the supervisor's device gets the submitted and decided records,
    // not the drafts.
    let page = store.pull(supervisor, Cursor::default(), 100).unwrap();
    let mut seen: Vec<uuid::Uuid> = page.changes.iter().filter_map(|c| match c { Change::Upsert { record } => Some(record.id()), Change::Remove { .. } => None }).collect();
    seen.sort();
    assert_eq!(seen, [0x5a, 0x71, 0x75].map(uuid::Uuid::from_u128), "approved, verified and submitted records of the report");
    // And the rules go on over migrated records: the draft is submitted, the submitted confirmed.
    let submit = envelope(0xe100, employee.id, Some(1), Command::SubmitTraining(training::Submit { id: TrainingId::from_u128(0x72) }));
    assert!(matches!(store.apply_commands(employee, &[submit], &Policy::default(), 0).unwrap()[0].outcome, Outcome::Applied { version: 2, .. }));
    let confirm = envelope(0xe101, supervisor.id, Some(2), Command::ConfirmTraining(training::Confirm { id: TrainingId::from_u128(0x75) }));
    assert!(matches!(store.apply_commands(supervisor, &[confirm], &Policy::default(), 0).unwrap()[0].outcome, Outcome::Applied { version: 3, .. }));
    let Some(Record::SelfAssessment(approved)) = store.record(uuid::Uuid::from_u128(0x5a)).unwrap() else { panic!() };
    assert_eq!((approved.status, approved.review.map(|r| r.comment)), (AssessmentStatus::Approved, Some("Baik".into())));
    // The approved one keeps its position's standard as it was at the upgrade; the drafts keep none.
    let standard = store.subject(employee.id).unwrap().standard;
    assert_eq!(approved.assessed_against.iter().map(|c| c.competency).collect::<Vec<_>>(), standard, "kept in the standard's order");
    assert!(approved.assessed_against.iter().all(|c| !c.name.is_empty() && c.labels.len() == 5), "{:?}", approved.assessed_against);
    let Some(Record::SelfAssessment(draft)) = store.record(uuid::Uuid::from_u128(0x5b)).unwrap() else { panic!() };
    assert!(draft.assessed_against.is_empty());
}
