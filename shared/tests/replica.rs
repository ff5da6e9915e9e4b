//! The device's replica: what the user sees while offline, what happens to each command when the
//! server answers, what the device must store after each change (and only that), how a replica
//! the first release stored converts, and how an edit made from an older form is merged.

use std::collections::BTreeMap;

use shared::command::{Actor, CommandEnvelope, InvalidReason, Record, Rejection, Subject};
use shared::domain::Level;
use shared::ids::{CommandId, CompetencyId, DeviceId, EmployeeId, SelfAssessmentId, TrainingId};
use shared::kinds::self_assessment::{self, SelfRating};
use shared::kinds::training::{self, TrainingDetails, TrainingForm, TrainingStatus};
use shared::kinds::{Command, DiscardDraft, Divergence, Prefer, RecordId};
use shared::sync::replica::{Attention, EditError, Queued, Replica};
use shared::sync::{Change, CommandResult, Outcome, PullResponse};
use time::macros::date;

const ME: EmployeeId = EmployeeId::from_u128(1);
const STANDARD: [CompetencyId; 3] = [CompetencyId::from_u128(10), CompetencyId::from_u128(11), CompetencyId::from_u128(12)];

fn replica() -> Replica {
    let subject = Subject { employee: ME, supervisor: Some(EmployeeId::from_u128(2)), standard: STANDARD.to_vec() };
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

fn save(training: TrainingId, details: TrainingDetails) -> Command {
    Command::SaveTraining(training::Save { id: training, details, subject: None })
}

fn submit(training: TrainingId) -> Command {
    Command::SubmitTraining(training::Submit { id: training })
}

fn id(n: u128) -> CommandId {
    CommandId::from_u128(n)
}

fn status(replica: &Replica, training: TrainingId) -> Option<TrainingStatus> {
    match replica.record(training.0) {
        Some(Record::Training(t)) => Some(t.status),
        _ => None,
    }
}

fn status_of_pulled(replica: &Replica, training: TrainingId) -> Option<TrainingStatus> {
    match replica.pulled().get(&training.0) {
        Some(Record::Training(t)) => Some(t.status),
        _ => None,
    }
}

#[test]
fn offline_changes_show_at_once_with_predicted_versions() {
    let mut replica = replica();
    let training = TrainingId::from_u128(100);
    let saved = replica.queue(save(training, details("Mentoring")), id(1), 10).unwrap();
    let submitted = replica.queue(submit(training), id(2), 11).unwrap();
    assert_eq!((saved.base_version, submitted.base_version), (None, Some(1)));
    assert_eq!((saved.device_seq, submitted.device_seq), (1, 2));
    assert_eq!(status(&replica, training), Some(TrainingStatus::Submitted));
    assert!(replica.pulled().is_empty(), "nothing is pulled yet");
    assert_eq!(replica.outbox().len(), 2);
    assert!(replica.is_pending(training.0));
    assert_eq!(replica.records_of(ME).count(), 1);
}

#[test]
fn the_device_refuses_what_the_server_would_refuse() {
    let mut replica = replica();
    let training = TrainingId::from_u128(100);
    assert_eq!(replica.queue(submit(training), id(1), 0), Err(Rejection::invalid(InvalidReason::UnknownRecord)));
    let mut bad = details("Kursus");
    bad.jp_claimed = 0;
    assert_eq!(replica.queue(save(training, bad), id(2), 0), Err(Rejection::invalid(InvalidReason::JpNotPositive)));
    replica.queue(save(training, details("Kursus")), id(3), 0).unwrap();
    assert_eq!(
        replica.queue(save(TrainingId::from_u128(101), details("  KURSUS ")), id(4), 0),
        Err(Rejection::invalid(InvalidReason::DuplicateTraining { existing: training }))
    );
    assert_eq!(replica.outbox().len(), 1, "refused commands are never queued");
}

#[test]
fn answers_settle_the_outbox_and_refusals_keep_the_users_data() {
    let mut replica = replica();
    let training = TrainingId::from_u128(100);
    replica.queue(save(training, details("Coaching")), id(1), 0).unwrap();
    replica.queue(submit(training), id(2), 0).unwrap();
    replica.settle(&[
        CommandResult { command_id: id(1), outcome: Outcome::Applied { version: 1, seq: 7 } },
        CommandResult { command_id: id(2), outcome: Outcome::Rejected { rejection: Rejection::Conflict { current_version: 3 } } },
        CommandResult { command_id: id(99), outcome: Outcome::Applied { version: 1, seq: 1 } }, // not ours
    ]);
    assert!(replica.outbox().is_empty());
    let attention = replica.attention();
    assert_eq!(attention.len(), 1);
    assert_eq!(attention[0].rejection, Rejection::Conflict { current_version: 3 });
    assert_eq!(attention[0].envelope.command, submit(training));
    assert_eq!(status(&replica, training), Some(TrainingStatus::Draft), "the applied save stays, the refused submit does not show");
    assert!(!replica.is_pending(training.0));
    assert!(replica.discard(id(2)).is_some());
    assert!(replica.attention().is_empty());
}

#[test]
fn pulls_replace_the_base_and_pending_commands_replay_on_top() {
    let mut replica = replica();
    let training = TrainingId::from_u128(100);
    replica.queue(save(training, details("E-learning")), id(1), 0).unwrap();
    replica.settle(&[CommandResult { command_id: id(1), outcome: Outcome::Applied { version: 1, seq: 1 } }]);
    assert_eq!(status(&replica, training), Some(TrainingStatus::Draft), "applied: shown until the pull brings it");
    assert!(replica.outbox().is_empty());

    let pulled = replica.pulled()[&training.0].clone();
    let more = replica.apply_pull(PullResponse { changes: vec![Change::Upsert { record: pulled.clone() }], cursor: "7".into(), ..Default::default() });
    assert!(!more);
    assert_eq!(replica.cursor(), Some("7"));
    replica.queue(submit(training), id(2), 0).unwrap();
    assert_eq!(status(&replica, training), Some(TrainingStatus::Submitted));
    assert_eq!(status_of_pulled(&replica, training), Some(TrainingStatus::Draft));

    // Another device edited the record meanwhile: the pending submit now shows on that version.
    let mut edited = pulled.clone();
    if let Record::Training(t) = &mut edited {
        t.details.title = "E-learning Lanjutan".into();
        t.version = 2;
    }
    replica.apply_pull(PullResponse { changes: vec![Change::Upsert { record: edited }], cursor: "8".into(), ..Default::default() });
    let Some(Record::Training(shown)) = replica.record(training.0) else { panic!() };
    assert_eq!((shown.status, shown.details.title.as_str()), (TrainingStatus::Draft, "E-learning Lanjutan"), "the submit was based on version 1: it no longer applies, and the server will say so");

    // A reset drops the pulled records but never the outbox.
    assert!(replica.apply_pull(PullResponse { cursor: "0".into(), reset_required: true, ..Default::default() }));
    assert!(replica.pulled().is_empty() && replica.cursor().is_none());
    assert_eq!(replica.outbox().len(), 1);
    assert_eq!(replica.record_count(), 0);

    // A removal removes a record that is there.
    replica.apply_pull(PullResponse { changes: vec![Change::Upsert { record: pulled }], cursor: "8".into(), ..Default::default() });
    assert!(replica.pulled().contains_key(&training.0));
    replica.apply_pull(PullResponse { changes: vec![Change::Remove { id: training.0 }], cursor: "9".into(), ..Default::default() });
    assert!(replica.pulled().is_empty());
    assert_eq!(replica.records().count(), 0);
}

#[test]
fn a_command_the_server_cannot_read_moves_to_attention_and_the_rest_go_on() {
    let mut replica = replica();
    let unreadable = TrainingId::from_u128(50);
    let fine = TrainingId::from_u128(51);
    replica.queue(save(unreadable, details("Diklat A")), id(1), 0).unwrap();
    replica.queue(save(fine, details("Diklat B")), id(2), 0).unwrap();

    replica.refuse(id(1), Rejection::invalid(InvalidReason::Unreadable));
    assert_eq!(replica.outbox().iter().map(|c| c.command_id).collect::<Vec<_>>(), vec![id(2)], "the rest still waits to be sent");
    let kept = &replica.attention()[0];
    assert_eq!(kept.rejection, Rejection::invalid(InvalidReason::Unreadable));
    let Command::SaveTraining(kept_save) = &kept.envelope.command else { panic!() };
    assert_eq!(kept_save.details.title, "Diklat A", "the user's data is kept");
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
    replica.queue(save(training, details("Kursus")), id(1), 0).unwrap();
    // Meanwhile a pull brought the record at version 3 (edited again on the user's other device).
    let mut newer = replica.record(training.0).unwrap().clone();
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

/// The device's storage, as the app keeps it: one value per key, written from [`Replica::take_changes`].
#[derive(Default, Debug, PartialEq)]
struct Device {
    head: Option<shared::sync::replica::Head>,
    records: BTreeMap<RecordId, Record>,
    outbox: BTreeMap<u64, CommandEnvelope>,
    attention: BTreeMap<CommandId, Attention>,
    reference: Option<shared::sync::Reference>,
    people: BTreeMap<EmployeeId, shared::api::PersonSummary>,
    /// Keys written by the last store.
    written: usize,
}

impl Device {
    /// Writes what changed, as the app's store does in one transaction, and returns what changed
    /// (the journal entry other tabs read).
    fn store(&mut self, replica: &mut Replica) -> shared::sync::replica::Changes {
        let changes = replica.take_changes();
        self.written = 0;
        if changes.cleared {
            self.records.clear();
        }
        for (id, _, _) in &changes.records {
            self.written += 1;
            match replica.pulled().get(id) {
                Some(record) => self.records.insert(*id, record.clone()),
                None => self.records.remove(id),
            };
        }
        for seq in &changes.outbox {
            self.written += 1;
            match replica.outbox_entry(*seq) {
                Some(envelope) => self.outbox.insert(*seq, envelope.clone()),
                None => self.outbox.remove(seq),
            };
        }
        for command in &changes.attention {
            self.written += 1;
            match replica.attention_entry(*command) {
                Some(attention) => self.attention.insert(*command, attention.clone()),
                None => self.attention.remove(command),
            };
        }
        for person in &changes.people {
            self.written += 1;
            if let Some(summary) = replica.person(*person) {
                self.people.insert(*person, summary.clone());
            }
        }
        if changes.reference {
            self.written += 1;
            self.reference = replica.reference().cloned();
        }
        if changes.head {
            self.written += 1;
            self.head = Some(replica.head());
        }
        changes
    }

    /// What another tab reads back after `changes` were stored.
    fn read_back(&self, changes: &shared::sync::replica::Changes) -> shared::sync::replica::Stored {
        shared::sync::replica::Stored {
            head: self.head.clone(),
            outbox: self.outbox.values().cloned().collect(),
            attention: self.attention.values().cloned().collect(),
            reference: if changes.reference { self.reference.clone() } else { None },
            people: changes.people.iter().filter_map(|id| self.people.get(id).cloned()).collect(),
            records: changes.records.iter().map(|(id, _, _)| (*id, self.records.get(id).cloned())).collect(),
            cleared: changes.cleared,
        }
    }

    /// The replica as a device opening with this storage loads it.
    fn load(&self) -> Replica {
        Replica::from_parts(
            self.head.clone().expect("a stored head"),
            self.records.values().cloned().collect(),
            self.outbox.values().cloned().collect(),
            self.attention.values().cloned().collect(),
            self.reference.clone(),
            self.people.values().cloned().collect(),
        )
    }
}

/// What the user sees, comparable.
fn seen(replica: &Replica) -> (BTreeMap<RecordId, Record>, Vec<CommandId>, Vec<CommandId>, Option<String>) {
    (
        replica.records().map(|r| (r.id(), r.clone())).collect(),
        replica.outbox().iter().map(|c| c.command_id).collect(),
        replica.attention().iter().map(|a| a.envelope.command_id).collect(),
        replica.cursor().map(str::to_owned),
    )
}

#[test]
fn each_change_stores_only_what_it_touched_and_the_stored_parts_load_as_the_same_replica() {
    let mut replica = replica();
    let mut device = Device::default();
    device.store(&mut replica);
    // A device with many records already.
    let many: Vec<Change> = (0..500u128)
        .map(|n| {
            let mut offline = self::replica();
            offline.queue(save(TrainingId::from_u128(1000 + n), details(&format!("Pelatihan {n}"))), id(1), 0).unwrap();
            Change::Upsert { record: offline.record(uuid::Uuid::from_u128(1000 + n)).unwrap().clone() }
        })
        .collect();
    replica.apply_pull(PullResponse { changes: many, cursor: "500".into(), ..Default::default() });
    device.store(&mut replica);
    assert_eq!(device.records.len(), 500);

    // One change: its outbox entry and the head, nothing else.
    let training = TrainingId::from_u128(1);
    replica.queue(save(training, details("Baru")), id(10), 0).unwrap();
    device.store(&mut replica);
    assert_eq!(device.written, 2, "an outbox entry and the head");
    assert_eq!(seen(&device.load()), seen(&replica));

    // Its answer: the outbox entry goes, the record is kept as pulled.
    replica.settle(&[CommandResult { command_id: id(10), outcome: Outcome::Applied { version: 1, seq: 501 } }]);
    device.store(&mut replica);
    assert_eq!(device.written, 2, "the record and the outbox entry");
    // A refusal: the outbox entry and the refused command.
    replica.queue(submit(training), id(11), 0).unwrap();
    device.store(&mut replica);
    replica.settle(&[CommandResult { command_id: id(11), outcome: Outcome::Rejected { rejection: Rejection::Locked } }]);
    device.store(&mut replica);
    assert_eq!(device.written, 2);
    assert_eq!(seen(&device.load()), seen(&replica));
    // A pull page: its records and the head (the cursor).
    replica.apply_pull(PullResponse { changes: vec![Change::Remove { id: uuid::Uuid::from_u128(1000) }], cursor: "502".into(), ..Default::default() });
    device.store(&mut replica);
    assert_eq!(device.written, 2);
    // Pending work survives a reset, and so does what is stored of it.
    replica.queue(Command::DiscardDraft(DiscardDraft { id: uuid::Uuid::from_u128(1001) }), id(12), 0).unwrap();
    replica.apply_pull(PullResponse { cursor: "0".into(), reset_required: true, ..Default::default() });
    device.store(&mut replica);
    assert!(device.records.is_empty());
    assert_eq!(seen(&device.load()), seen(&replica));
    assert_eq!(device.load().outbox().len(), 1);
}

#[test]
fn a_replica_the_first_release_stored_converts_with_every_pending_command() {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/device-v1.json"))).unwrap();
    let legacy: shared::sync::legacy::LegacyReplica = serde_json::from_value(fixture["replica"].clone()).expect("the first release's form reads");
    let replica = legacy.into_replica();
    let names: Vec<&str> = replica.outbox().iter().map(|c| c.command.name()).collect();
    assert_eq!(names, ["save_training", "submit_training", "save_self_assessment"], "every pending command, in order");
    assert_eq!(replica.pulled().len(), 1, "the record it had pulled");
    assert!(replica.reference().is_some(), "and its reference data");
    // The view shows the pending work as the first release did.
    let pending = TrainingId::from_u128(0x82);
    assert_eq!(status(&replica, pending), Some(TrainingStatus::Submitted));
    let assessment = replica.record(uuid::Uuid::from_u128(0x83)).expect("the pending assessment shows");
    assert_eq!(assessment.kind(), shared::kinds::Kind::SelfAssessment);
    // And it goes on numbering its outbox where it was.
    assert_eq!(replica.head().next_seq, 5);
}

fn rating(competency: CompetencyId, level: u8, evidence: &str) -> SelfRating {
    SelfRating { competency, level: Level::new(level).unwrap(), evidence: evidence.into() }
}

fn save_assessment(id: SelfAssessmentId, ratings: Vec<SelfRating>) -> Command {
    Command::SaveSelfAssessment(self_assessment::Save { id, period: 2026, ratings, amends: None })
}

fn ratings_of(replica: &Replica, id: SelfAssessmentId) -> Vec<(CompetencyId, u8, String)> {
    let Some(Record::SelfAssessment(a)) = replica.record(id.0) else { panic!("no assessment") };
    let mut ratings: Vec<_> = a.ratings.iter().map(|r| (r.competency, r.level.get(), r.evidence.clone())).collect();
    ratings.sort();
    ratings
}

/// Two tabs on one assessment: tab A saved, tab B (opened before, and edited since) saves its own
/// form. What only one side changed is kept from each; what both changed differently is not
/// decided silently.
#[test]
fn a_save_from_an_older_form_keeps_what_only_the_other_side_changed() {
    let mut replica = replica();
    let id = SelfAssessmentId::from_u128(7);
    let [a, b, c] = STANDARD;
    replica.queue(save_assessment(id, vec![rating(a, 1, "awal")]), id_of(1), 0).unwrap();
    let form_base = replica.record(id.0).cloned();

    // Tab A: rates b.
    replica.queue(save_assessment(id, vec![rating(a, 1, "awal"), rating(b, 3, "dari tab A")]), id_of(2), 0).unwrap();
    // Tab B, from the older form: rates c, keeps a as it was.
    let from_b = save_assessment(id, vec![rating(a, 1, "awal"), rating(c, 4, "dari tab B")]);
    let queued = replica.queue_edit(from_b, form_base.as_ref(), None, id_of(3), 0).unwrap();
    assert!(matches!(queued, Queued::Merged(_)), "{queued:?}");
    assert_eq!(ratings_of(&replica, id), vec![(a, 1, "awal".into()), (b, 3, "dari tab A".into()), (c, 4, "dari tab B".into())]);

    // Both change a, differently: nothing is queued until the user chooses.
    let form_base = replica.record(id.0).cloned();
    replica.queue(save_assessment(id, vec![rating(a, 2, "A berubah"), rating(b, 3, "dari tab A"), rating(c, 4, "dari tab B")]), id_of(4), 0).unwrap();
    let from_b = save_assessment(id, vec![rating(a, 5, "B berubah"), rating(b, 3, "dari tab A"), rating(c, 4, "dari tab B")]);
    let outbox = replica.outbox().len();
    assert_eq!(replica.queue_edit(from_b.clone(), form_base.as_ref(), None, id_of(5), 0), Err(EditError::Diverged(vec![Divergence::Rating(a)])));
    assert_eq!(replica.outbox().len(), outbox, "nothing queued");
    replica.queue_edit(from_b, form_base.as_ref(), Some(Prefer::Mine), id_of(6), 0).unwrap();
    assert_eq!(ratings_of(&replica, id)[0], (a, 5, "B berubah".into()));

    // A form that is up to date is queued as it is.
    let form_base = replica.record(id.0).cloned();
    let current = save_assessment(id, vec![rating(a, 5, "B berubah")]);
    assert!(matches!(replica.queue_edit(current, form_base.as_ref(), None, id_of(7), 0), Ok(Queued::AsIs(_))));
}

#[test]
fn a_training_edit_from_an_older_form_merges_field_by_field() {
    let mut replica = replica();
    let training = TrainingId::from_u128(5);
    replica.queue(save(training, details("Kursus")), id(1), 0).unwrap();
    let form_base = replica.record(training.0).cloned();
    // Another tab changed the provider.
    replica.queue(save(training, TrainingDetails { provider: "BPSDM Provinsi".into(), ..details("Kursus") }), id(2), 0).unwrap();
    // This form changed the JP.
    let mine = save(training, TrainingDetails { jp_claimed: 8, ..details("Kursus") });
    replica.queue_edit(mine, form_base.as_ref(), None, id(3), 0).unwrap();
    let Some(Record::Training(merged)) = replica.record(training.0) else { panic!() };
    assert_eq!((merged.details.provider.as_str(), merged.details.jp_claimed), ("BPSDM Provinsi", 8));
    // Both changed the title: the user is asked, and may keep what is stored.
    let form_base = replica.record(training.0).cloned();
    replica.queue(save(training, TrainingDetails { jp_claimed: 8, provider: "BPSDM Provinsi".into(), ..details("Kursus A") }), id(4), 0).unwrap();
    let mine = save(training, TrainingDetails { jp_claimed: 8, provider: "BPSDM Provinsi".into(), ..details("Kursus B") });
    assert_eq!(replica.queue_edit(mine.clone(), form_base.as_ref(), None, id(5), 0), Err(EditError::Diverged(vec![Divergence::TrainingTitle])));
    replica.queue_edit(mine, form_base.as_ref(), Some(Prefer::Stored), id(6), 0).unwrap();
    let Some(Record::Training(kept)) = replica.record(training.0) else { panic!() };
    assert_eq!(kept.details.title, "Kursus A");
}

fn id_of(n: u128) -> CommandId {
    id(n)
}

#[test]
fn a_submit_made_from_an_older_view_is_not_merged_but_queued() {
    // Commands that carry no content are kept as they are (the rules judge them).
    let mut replica = replica();
    let training = TrainingId::from_u128(5);
    replica.queue(save(training, details("Kursus")), id(1), 0).unwrap();
    let form_base = replica.record(training.0).cloned();
    replica.queue(save(training, details("Kursus Baru")), id(2), 0).unwrap();
    assert!(matches!(replica.queue_edit(submit(training), form_base.as_ref(), None, id(3), 0), Ok(Queued::Merged(_))));
    assert_eq!(status(&replica, training), Some(TrainingStatus::Submitted));
}

/// Two tabs of one user: what one stores, the other reads back key by key and shows the same.
#[test]
fn another_tab_follows_what_one_tab_stored_record_by_record() {
    let mut tab_a = replica();
    let mut device = Device::default();
    device.store(&mut tab_a);
    let mut tab_b = device.load();
    let training = TrainingId::from_u128(100);
    type Step = Box<dyn Fn(&mut Replica)>;
    let steps: Vec<Step> = vec![
        Box::new(move |r| drop(r.queue(save(training, details("Kursus")), id(1), 0).unwrap())),
        Box::new(move |r| drop(r.queue(submit(training), id(2), 0).unwrap())),
        Box::new(move |r| r.settle(&[CommandResult { command_id: id(1), outcome: Outcome::Applied { version: 1, seq: 1 } }])),
        Box::new(move |r| r.settle(&[CommandResult { command_id: id(2), outcome: Outcome::Rejected { rejection: Rejection::Locked } }])),
        Box::new(move |r| {
            let record = r.pulled()[&training.0].clone();
            r.apply_pull(PullResponse { changes: vec![Change::Upsert { record }], cursor: "2".into(), ..Default::default() });
        }),
        Box::new(move |r| drop(r.queue(Command::DiscardDraft(DiscardDraft { id: training.0 }), id(3), 0).unwrap())),
        Box::new(move |r| {
            r.apply_pull(PullResponse { cursor: "0".into(), reset_required: true, ..Default::default() });
        }),
    ];
    for (n, step) in steps.iter().enumerate() {
        step(&mut tab_a);
        let changes = device.store(&mut tab_a);
        tab_b.apply_stored(device.read_back(&changes));
        assert_eq!(seen(&tab_b), seen(&tab_a), "after step {n}");
        assert!(tab_b.take_changes().is_empty(), "what it read back is stored already");
    }
}
