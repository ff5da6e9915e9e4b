//! The device's view is kept up to date record by record (a change, a page or an answer touches
//! only its records). Checked here against the plain definition, on random histories: the view is
//! the pulled records with every outbox command replayed on top, in order, by the rules.

use std::borrow::Cow;
use std::collections::BTreeMap;

use proptest::prelude::*;
use shared::command::{Actor, Effect, FactSource, IndexKey, Policy, Record, Rejection, Subject, decide_from};
use shared::ids::{CommandId, DeviceId, EmployeeId, TrainingId};
use shared::kinds::training::{self, TrainingDetails, TrainingForm};
use shared::kinds::{Command, DiscardDraft, RecordId};
use shared::sync::replica::Replica;
use shared::sync::{Change, CommandResult, Outcome, PullResponse};
use time::macros::date;

const ME: EmployeeId = EmployeeId::from_u128(1);

#[derive(Clone, Debug)]
enum Op {
    Save { record: u8, title: u8 },
    Submit { record: u8 },
    Discard { record: u8 },
    /// The server answers the oldest `count` outbox commands: applied, or refused.
    Answer { count: u8, refuse: bool },
    /// A page brings `record` as another device left it (`title`, `submitted`), or its removal.
    Pull { record: u8, title: Option<u8>, submitted: bool },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..4u8, 0..3u8).prop_map(|(record, title)| Op::Save { record, title }),
        2 => (0..4u8).prop_map(|record| Op::Submit { record }),
        1 => (0..4u8).prop_map(|record| Op::Discard { record }),
        2 => (1..4u8, any::<bool>()).prop_map(|(count, refuse)| Op::Answer { count, refuse }),
        2 => (0..4u8, prop::option::of(0..3u8), any::<bool>()).prop_map(|(record, title, submitted)| Op::Pull { record, title, submitted }),
    ]
}

fn details(title: u8) -> TrainingDetails {
    TrainingDetails {
        title: format!("Pelatihan {title}"),
        form: TrainingForm::Kursus,
        provider: "BPSDM".into(),
        start: date!(2026 - 02 - 02),
        end: date!(2026 - 02 - 02),
        jp_claimed: 6,
        competencies: vec![],
        certificate_number: String::new(),
    }
}

fn record_id(n: u8) -> TrainingId {
    TrainingId::from_u128(100 + u128::from(n))
}

/// The plain definition: a map of records, the rules asked about it directly.
struct Plain<'a> {
    view: &'a BTreeMap<RecordId, Record>,
    me: Subject,
}

impl FactSource for Plain<'_> {
    type Error = std::convert::Infallible;
    fn record(&mut self, id: RecordId) -> Result<Option<Record>, Self::Error> {
        Ok(self.view.get(&id).cloned())
    }
    fn holder(&mut self, key: &IndexKey) -> Result<Option<RecordId>, Self::Error> {
        Ok(self.view.values().find(|r| r.unique_keys().contains(key)).map(Record::id))
    }
    fn subject(&mut self, _: EmployeeId) -> Result<Cow<'_, Subject>, Self::Error> {
        Ok(Cow::Borrowed(&self.me))
    }
    fn standard(&mut self, _: EmployeeId) -> Result<Vec<shared::kinds::self_assessment::AssessedCompetency>, Self::Error> {
        Ok(Vec::new())
    }
}

fn full_replay(replica: &Replica) -> BTreeMap<RecordId, Record> {
    let mut view = replica.pulled().clone();
    for envelope in replica.outbox() {
        let current = view.get(&envelope.command.record_id()).cloned();
        let snapshot = view.clone();
        let mut plain = Plain { view: &snapshot, me: Subject::unknown(ME) };
        let Ok(decided) = decide_from(&mut plain, replica.actor, &envelope.command, envelope.base_version, current.as_ref(), &Policy::default(), envelope.device_time_ms);
        match decided {
            Ok(Effect::Upsert(record)) => {
                view.insert(record.id(), record);
            }
            Ok(Effect::Remove { id, .. }) => {
                view.remove(&id);
            }
            Err(_) => {}
        }
    }
    view
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_view_kept_record_by_record_is_the_full_replay(ops in prop::collection::vec(op(), 1..40)) {
        let mut replica = Replica::new(Actor { id: ME, hr_admin: false }, DeviceId::from_u128(9), Subject::unknown(ME));
        let mut next = 0u128;
        let mut seq = 0u64;
        for op in ops {
            next += 1;
            let command_id = CommandId::from_u128(next);
            match op {
                Op::Save { record, title } => {
                    let _ = replica.queue(Command::SaveTraining(training::Save { id: record_id(record), details: details(title), subject: None }), command_id, next as i64);
                }
                Op::Submit { record } => {
                    let _ = replica.queue(Command::SubmitTraining(training::Submit { id: record_id(record) }), command_id, next as i64);
                }
                Op::Discard { record } => {
                    let _ = replica.queue(Command::DiscardDraft(DiscardDraft { id: record_id(record).0 }), command_id, next as i64);
                }
                Op::Answer { count, refuse } => {
                    let results: Vec<CommandResult> = replica
                        .outbox()
                        .iter()
                        .take(usize::from(count))
                        .map(|envelope| {
                            seq += 1;
                            let outcome = match (&envelope.command, refuse) {
                                (_, true) => Outcome::Rejected { rejection: Rejection::Locked },
                                (Command::DiscardDraft(_), false) => Outcome::Removed { seq },
                                _ => Outcome::Applied { version: envelope.base_version.unwrap_or(0) + 1, seq },
                            };
                            CommandResult { command_id: envelope.command_id, outcome }
                        })
                        .collect();
                    replica.settle(&results);
                }
                Op::Pull { record, title, submitted } => {
                    seq += 1;
                    let id = record_id(record);
                    let change = match title {
                        None => Change::Remove { id: id.0 },
                        Some(title) => {
                            let version = replica.pulled().get(&id.0).map_or(1, |r| r.version() + 1);
                            Change::Upsert { record: Record::Training(training::TrainingRecord {
                                id,
                                employee: ME,
                                version,
                                status: if submitted { training::TrainingStatus::Submitted } else { training::TrainingStatus::Draft },
                                details: details(title),
                                confirmed_by: None,
                                verification: None,
                                rejection: None,
                                updated_at_ms: 0,
                                entered_by: None,
                            }) }
                        }
                    };
                    replica.apply_pull(PullResponse { changes: vec![change], cursor: seq.to_string(), ..Default::default() });
                }
            }
            let kept: BTreeMap<RecordId, Record> = replica.records().map(|r| (r.id(), r.clone())).collect();
            prop_assert_eq!(&kept, &full_replay(&replica));
            prop_assert_eq!(replica.records_of(ME).count(), kept.len(), "every record is indexed under its subject");
            prop_assert_eq!(replica.record_count(), kept.len());
        }
    }
}
