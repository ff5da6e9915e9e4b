//! The device's replica: what the user sees while offline, and what happens to each command when
//! the server answers.

use shared::command::{Actor, Command, InvalidReason, Record, Rejection, Subject};
use shared::domain::{TrainingDetails, TrainingForm, TrainingStatus};
use shared::ids::{CommandId, DeviceId, EmployeeId, TrainingId};
use shared::replica::Replica;
use shared::sync::{Change, CommandResult, Outcome, PullResponse};
use time::macros::date;

const ME: EmployeeId = EmployeeId::from_u128(1);

fn replica() -> Replica {
    let subject = Subject { employee: ME, supervisor: Some(EmployeeId::from_u128(2)), standard: vec![] };
    Replica::new(Actor { id: ME, hr_admin: false }, DeviceId::from_u128(9), subject)
}

fn details(title: &str) -> TrainingDetails {
    TrainingDetails {
        title: title.into(),
        form: TrainingForm::Mentoring,
        provider: "Biro SDM".into(),
        start: date!(2026 - 06 - 01),
        end: date!(2026 - 06 - 01),
        jp_claimed: 4,
        competencies: vec![],
        certificate_number: String::new(),
    }
}

fn id(n: u128) -> CommandId {
    CommandId::from_u128(n)
}

fn status(replica: &Replica, training: TrainingId) -> Option<TrainingStatus> {
    match replica.view().get(&training.0) {
        Some(Record::Training(t)) => Some(t.status),
        _ => None,
    }
}

#[test]
fn offline_changes_show_at_once_with_predicted_versions() {
    let mut replica = replica();
    let training = TrainingId::from_u128(100);
    let save = replica.queue(Command::SaveTraining { id: training, details: details("Mentoring") }, id(1), 10).unwrap();
    let submit = replica.queue(Command::SubmitTraining { id: training }, id(2), 11).unwrap();
    assert_eq!((save.base_version, submit.base_version), (None, Some(1)));
    assert_eq!((save.device_seq, submit.device_seq), (1, 2));
    assert_eq!(status(&replica, training), Some(TrainingStatus::Submitted));
    assert!(replica.pulled().is_empty(), "nothing is pulled yet");
    assert_eq!(replica.outbox().len(), 2);
}

#[test]
fn the_device_refuses_what_the_server_would_refuse() {
    let mut replica = replica();
    let training = TrainingId::from_u128(100);
    assert_eq!(
        replica.queue(Command::SubmitTraining { id: training }, id(1), 0),
        Err(Rejection::Invalid { reason: InvalidReason::UnknownRecord })
    );
    let mut bad = details("Kursus");
    bad.jp_claimed = 0;
    assert_eq!(
        replica.queue(Command::SaveTraining { id: training, details: bad }, id(2), 0),
        Err(Rejection::Invalid { reason: InvalidReason::JpNotPositive })
    );
    replica.queue(Command::SaveTraining { id: training, details: details("Kursus") }, id(3), 0).unwrap();
    assert_eq!(
        replica.queue(Command::SaveTraining { id: TrainingId::from_u128(101), details: details("  KURSUS ") }, id(4), 0),
        Err(Rejection::Invalid { reason: InvalidReason::DuplicateTraining { existing: training } })
    );
    assert_eq!(replica.outbox().len(), 1, "refused commands are never queued");
}

#[test]
fn answers_settle_the_outbox_and_refusals_keep_the_users_data() {
    let mut replica = replica();
    let training = TrainingId::from_u128(100);
    replica.queue(Command::SaveTraining { id: training, details: details("Coaching") }, id(1), 0).unwrap();
    replica.queue(Command::SubmitTraining { id: training }, id(2), 0).unwrap();
    replica.settle(&[
        CommandResult { command_id: id(1), outcome: Outcome::Applied { version: 1, seq: 7 } },
        CommandResult { command_id: id(2), outcome: Outcome::Rejected { rejection: Rejection::Conflict { current_version: 3 } } },
        CommandResult { command_id: id(99), outcome: Outcome::Applied { version: 1, seq: 1 } }, // not ours
    ]);
    assert!(replica.outbox().is_empty());
    let attention = replica.attention();
    assert_eq!(attention.len(), 1);
    assert_eq!(attention[0].rejection, Rejection::Conflict { current_version: 3 });
    assert_eq!(attention[0].envelope.command, Command::SubmitTraining { id: training });
    assert!(replica.discard(id(2)).is_some());
    assert!(replica.attention().is_empty());
}

#[test]
fn pulls_replace_the_base_and_pending_commands_replay_on_top() {
    let mut replica = replica();
    let training = TrainingId::from_u128(100);
    replica.queue(Command::SaveTraining { id: training, details: details("E-learning") }, id(1), 0).unwrap();
    replica.settle(&[CommandResult { command_id: id(1), outcome: Outcome::Applied { version: 1, seq: 1 } }]);
    assert_eq!(status(&replica, training), Some(TrainingStatus::Draft), "applied: shown until the pull brings it");
    assert!(replica.outbox().is_empty());

    let pulled = {
        let mut offline = Replica::new(replica.actor, DeviceId::from_u128(8), Subject { employee: ME, supervisor: None, standard: vec![] });
        offline.queue(Command::SaveTraining { id: training, details: details("E-learning") }, id(50), 5).unwrap();
        offline.view().remove(&training.0).unwrap()
    };
    let more = replica.apply_pull(PullResponse { changes: vec![Change::Upsert { record: pulled.clone() }], cursor: "7".into(), more: false, reset_required: false, ..Default::default() });
    assert!(!more);
    assert_eq!(replica.cursor(), Some("7"));
    replica.queue(Command::SubmitTraining { id: training }, id(2), 0).unwrap();
    assert_eq!(status(&replica, training), Some(TrainingStatus::Submitted));
    assert_eq!(status_of_pulled(&replica, training), Some(TrainingStatus::Draft));

    // A reset drops the pulled records but never the outbox.
    assert!(replica.apply_pull(PullResponse { changes: vec![], cursor: "0".into(), more: false, reset_required: true, ..Default::default() }));
    assert!(replica.pulled().is_empty() && replica.cursor().is_none());
    assert_eq!(replica.outbox().len(), 1);

    // A removal removes a record that is there.
    replica.apply_pull(PullResponse { changes: vec![Change::Upsert { record: pulled }], cursor: "8".into(), ..Default::default() });
    assert!(replica.pulled().contains_key(&training.0));
    replica.apply_pull(PullResponse {
        changes: vec![Change::Remove { id: training.0 }],
        cursor: "9".into(),
        ..Default::default()
    });
    assert!(replica.pulled().is_empty());
}

fn status_of_pulled(replica: &Replica, training: TrainingId) -> Option<TrainingStatus> {
    match replica.pulled().get(&training.0) {
        Some(Record::Training(t)) => Some(t.status),
        _ => None,
    }
}

#[test]
fn a_command_the_server_cannot_read_moves_to_attention_and_the_rest_go_on() {
    let mut replica = replica();
    let unreadable = TrainingId::from_u128(50);
    let fine = TrainingId::from_u128(51);
    replica.queue(Command::SaveTraining { id: unreadable, details: details("Diklat A") }, id(1), 0).unwrap();
    replica.queue(Command::SaveTraining { id: fine, details: details("Diklat B") }, id(2), 0).unwrap();

    replica.refuse(id(1), Rejection::Invalid { reason: InvalidReason::Unreadable });
    assert_eq!(replica.outbox().iter().map(|c| c.command_id).collect::<Vec<_>>(), vec![id(2)], "the rest still waits to be sent");
    let kept = &replica.attention()[0];
    assert_eq!(kept.rejection, Rejection::Invalid { reason: InvalidReason::Unreadable });
    let Command::SaveTraining { details: kept_details, .. } = &kept.envelope.command else { panic!() };
    assert_eq!(kept_details.title, "Diklat A", "the user's data is kept");
    assert_eq!(status(&replica, unreadable), None, "no longer shown as pending");
    assert_eq!(status(&replica, fine), Some(TrainingStatus::Draft));

    // Refusing a command the outbox does not hold changes nothing.
    replica.refuse(id(99), Rejection::Locked);
    assert_eq!(replica.attention().len(), 1);
}

#[test]
fn an_answer_older_than_what_a_pull_brought_leaves_the_pulled_record_alone() {
    let mut replica = replica();
    let training = TrainingId::from_u128(100);
    replica.queue(Command::SaveTraining { id: training, details: details("Kursus") }, id(1), 0).unwrap();
    // Meanwhile a pull brought the record at version 3 (edited again on the user's other device).
    let mut newer = replica.view().remove(&training.0).unwrap();
    if let Record::Training(t) = &mut newer {
        t.details.title = "Kursus Lanjutan".into();
    }
    newer.set_version(3);
    replica.apply_pull(PullResponse { changes: vec![Change::Upsert { record: newer.clone() }], cursor: "9".into(), ..Default::default() });
    // The answer to the save (version 1) comes after it: the outbox settles, the record stays.
    replica.settle(&[CommandResult { command_id: id(1), outcome: Outcome::Applied { version: 1, seq: 1 } }]);
    assert!(replica.outbox().is_empty());
    assert_eq!(replica.pulled().get(&training.0), Some(&newer));
}
