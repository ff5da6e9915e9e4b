//! The push writer: one thread that applies pushes with group commit. Pushes that arrive while
//! a commit is being made wait in a queue and are applied together in the next transaction, so
//! they share one disk flush (redb has a single writer anyway; the flush, not the work, is what
//! a commit costs most). One device's pushes still go in order: it sends the next only after the
//! answer to the last, and every answer follows the commit that made its push durable.

use std::sync::Arc;
use std::sync::mpsc;

use shared::command::{Actor, CommandEnvelope};
use shared::sync::CommandResult;
use tokio::sync::oneshot;

use crate::db::{PushBatch, Store, StoreResult};

/// The most commands one group commit takes (more wait for the next).
const MAX_GROUP_COMMANDS: usize = 2_000;

struct Job {
    actor: Actor,
    commands: Vec<CommandEnvelope>,
    now_ms: i64,
    reply: oneshot::Sender<Result<Vec<CommandResult>, ()>>,
}

/// A handle to the writer thread; cheap to clone. The thread ends when the last handle is gone.
#[derive(Clone, Debug)]
pub struct PushWriter {
    queue: mpsc::Sender<Job>,
}

/// What applies a group of pushes in one transaction: the store, or (in tests) a stand-in.
type Apply = dyn Fn(&[PushBatch]) -> StoreResult<Vec<Vec<CommandResult>>> + Send;

impl PushWriter {
    pub fn start(store: Arc<Store>) -> PushWriter {
        // The agency's policy as HR last set it, read for every group.
        Self::with(Box::new(move |batches| store.apply_batches(batches, &store.policy()?)))
    }

    /// A writer that applies groups with `apply`.
    fn with(apply: Box<Apply>) -> PushWriter {
        let (queue, jobs) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("kompeten-push-writer".into())
            .spawn(move || run(&*apply, &jobs))
            .expect("starting the push writer thread");
        PushWriter { queue }
    }

    /// Applies one push; answers once it is durable. `Err` means storage failed (nothing of the
    /// push was written) or the writer is gone. The push joins the writer's queue at once, when
    /// this is called, not when the answer is first awaited.
    pub fn push(&self, actor: Actor, commands: Vec<CommandEnvelope>, now_ms: i64) -> impl Future<Output = Result<Vec<CommandResult>, ()>> + use<> {
        let (reply, answer) = oneshot::channel();
        let queued = self.queue.send(Job { actor, commands, now_ms, reply });
        async move {
            queued.map_err(drop)?;
            answer.await.map_err(drop)?
        }
    }
}

fn run(apply_group: &Apply, jobs: &mpsc::Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut count = first.commands.len();
        let mut group = vec![first];
        while count < MAX_GROUP_COMMANDS {
            let Ok(next) = jobs.try_recv() else { break };
            count += next.commands.len();
            group.push(next);
        }
        // A panic (a bug) or a storage error fails the pushes it was applying, as a panic in a
        // request handler fails that request: their transaction is dropped unfinished, so nothing
        // of them is written (after a panic redb repairs the file at the next start). The thread
        // goes on serving later pushes, and the others of a group that failed are applied again
        // one by one, so one bad push (a bug it meets, a record it cannot read) does not fail
        // everyone else's.
        match apply(apply_group, &group) {
            Applied::Done(results) => answer(group, results),
            Applied::Panicked | Applied::Failed if group.len() > 1 => {
                for job in group {
                    let alone = [job];
                    match apply(apply_group, &alone) {
                        Applied::Done(results) => answer(alone, results),
                        _ => fail(alone),
                    }
                }
            }
            _ => fail(group),
        }
    }
}

enum Applied {
    Done(Vec<Vec<CommandResult>>),
    Failed,
    Panicked,
}

fn apply(apply_group: &Apply, group: &[Job]) -> Applied {
    let batches: Vec<PushBatch> =
        group.iter().map(|job| PushBatch { actor: job.actor, commands: &job.commands, now_ms: job.now_ms }).collect();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| apply_group(&batches))) {
        Ok(Ok(results)) => Applied::Done(results),
        Ok(Err(error)) => {
            tracing::error!(%error, pushes = group.len(), "applying pushes failed; nothing of them was written");
            Applied::Failed
        }
        Err(_) => {
            tracing::error!(pushes = group.len(), "applying pushes panicked; nothing of them was written (the file is repaired at the next start)");
            Applied::Panicked
        }
    }
}

fn answer(group: impl IntoIterator<Item = Job>, results: Vec<Vec<CommandResult>>) {
    for (job, results) in group.into_iter().zip(results) {
        let _ = job.reply.send(Ok(results));
    }
}

fn fail(group: impl IntoIterator<Item = Job>) {
    for job in group {
        let _ = job.reply.send(Err(()));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use shared::command::{Actor, CommandEnvelope};
    use shared::ids::{CommandId, DeviceId, EmployeeId, TrainingId};
    use shared::kinds::{Command, training};
    use shared::sync::{CommandResult, Outcome};

    use super::PushWriter;
    use crate::db::StoreError;

    fn actor(n: u128) -> Actor {
        Actor { id: EmployeeId::from_u128(n), hr_admin: false }
    }

    fn push(n: u128) -> Vec<CommandEnvelope> {
        vec![CommandEnvelope {
            command_id: CommandId::from_u128(n),
            device_id: DeviceId::from_u128(1),
            device_seq: 1,
            author: EmployeeId::from_u128(n),
            device_time_ms: 0,
            base_version: None,
            command: Command::SubmitTraining(training::Submit { id: TrainingId::from_u128(n) }),
        }]
    }

    /// A stand-in for the store that records the groups it is given, answers each command as
    /// applied, panics on a push by author 13, and fails storage for author 14. It says when it
    /// has `started` a group, and holds it until `release` is set, so that pushes pile up behind.
    fn recording_writer(release: Arc<Mutex<bool>>, started: Arc<Mutex<bool>>) -> (PushWriter, Arc<Mutex<Vec<Vec<u128>>>>) {
        let groups = Arc::new(Mutex::new(Vec::new()));
        let seen = groups.clone();
        let writer = PushWriter::with(Box::new(move |batches| {
            *started.lock().unwrap() = true;
            while !*release.lock().unwrap() {
                std::thread::sleep(Duration::from_millis(5));
            }
            let authors: Vec<u128> = batches.iter().map(|b| b.actor.id.as_u128()).collect();
            seen.lock().unwrap().push(authors.clone());
            if authors.contains(&13) {
                panic!("a bug while applying author 13's push");
            }
            if authors.contains(&14) {
                return Err(StoreError::Corrupt(serde_json::from_str::<u8>("x").unwrap_err()));
            }
            Ok(batches
                .iter()
                .map(|b| b.commands.iter().map(|c| CommandResult { command_id: c.command_id, outcome: Outcome::Applied { version: 1, seq: 1 } }).collect())
                .collect())
        }));
        (writer, groups)
    }

    async fn wait_until(flag: &Mutex<bool>) {
        while !*flag.lock().unwrap() {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pushes_that_arrive_during_a_commit_share_the_next_one_and_each_gets_its_own_answers() {
        let (release, started) = (Arc::new(Mutex::new(false)), Arc::new(Mutex::new(false)));
        let (writer, groups) = recording_writer(release.clone(), started.clone());
        // The first push holds the writer; nine more arrive meanwhile.
        let first = tokio::spawn(writer.push(actor(1), push(1), 0));
        wait_until(&started).await;
        let rest: Vec<_> = (2..=10u128)
            .map(|n| {
                let answer = writer.push(actor(n), push(n), 0);
                tokio::spawn(async move { (n, answer.await) })
            })
            .collect();
        *release.lock().unwrap() = true;
        assert_eq!(first.await.unwrap().unwrap()[0].command_id, CommandId::from_u128(1));
        for task in rest {
            let (n, answer) = task.await.unwrap();
            let answer = answer.unwrap();
            assert_eq!(answer.len(), 1);
            assert_eq!(answer[0].command_id, CommandId::from_u128(n), "each push gets the answers to its own commands");
        }
        let groups = groups.lock().unwrap().clone();
        assert_eq!(groups[0], vec![1]);
        let mut waited: Vec<u128> = groups[1..].iter().flatten().copied().collect();
        waited.sort();
        assert_eq!(waited, (2..=10).collect::<Vec<_>>());
        assert_eq!(groups.len(), 2, "the nine that waited were applied in one group: {groups:?}");
    }

    /// Sends `authors`' pushes while the writer is held, so they form one group; returns each
    /// answer and the groups the store was given.
    async fn one_group(authors: &[u128]) -> (Vec<(u128, Result<Vec<CommandResult>, ()>)>, Vec<Vec<u128>>, PushWriter) {
        let (release, started) = (Arc::new(Mutex::new(false)), Arc::new(Mutex::new(false)));
        let (writer, groups) = recording_writer(release.clone(), started.clone());
        let blocker = tokio::spawn(writer.push(actor(1), push(1), 0));
        wait_until(&started).await;
        let pushes: Vec<_> = authors
            .iter()
            .map(|&n| {
                let answer = writer.push(actor(n), push(n), 0);
                tokio::spawn(async move { (n, answer.await) })
            })
            .collect();
        *release.lock().unwrap() = true;
        blocker.await.unwrap().unwrap();
        let mut answers = Vec::new();
        for task in pushes {
            answers.push(task.await.unwrap());
        }
        let groups = groups.lock().unwrap().clone();
        (answers, groups, writer)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_push_whose_storage_fails_fails_alone() {
        let (answers, groups, _writer) = one_group(&[12, 14]).await;
        for (n, answer) in answers {
            match n {
                12 => assert_eq!(answer.unwrap()[0].command_id, CommandId::from_u128(12), "the sound push of the group is applied on its own"),
                _ => assert!(answer.is_err(), "push {n} fails, and only it"),
            }
        }
        assert!(groups.contains(&vec![12, 14]), "the two were first tried together: {groups:?}");
        assert!(groups.contains(&vec![12]) && groups.contains(&vec![14]), "then one by one: {groups:?}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_push_that_panics_fails_alone_and_the_writer_goes_on() {
        // A group of three, one of which panics and one whose storage fails.
        let (answers, groups, writer) = one_group(&[12, 13, 14]).await;
        for (n, answer) in answers {
            match n {
                12 => assert_eq!(answer.unwrap()[0].command_id, CommandId::from_u128(12), "the sound push of the group is applied on its own"),
                _ => assert!(answer.is_err(), "push {n} fails, and only it"),
            }
        }
        // The writer still serves.
        assert!(writer.push(actor(20), push(20), 0).await.is_ok());
        assert!(groups.contains(&vec![12, 13, 14]), "the three were first tried together: {groups:?}");
        assert!(groups.contains(&vec![12]) && groups.contains(&vec![13]) && groups.contains(&vec![14]), "then one by one: {groups:?}");
    }
}
