//! The push writer: one thread that applies pushes with group commit. Pushes that arrive while
//! a commit is being made wait in a queue and are applied together in the next transaction, so
//! they share one disk flush (redb has a single writer anyway; the flush, not the work, is what
//! a commit costs most). One device's pushes still go in order: it sends the next only after the
//! answer to the last, and every answer follows the commit that made its push durable.

use std::sync::Arc;
use std::sync::mpsc;

use shared::command::{Actor, CommandEnvelope, Policy};
use shared::sync::CommandResult;
use tokio::sync::oneshot;

use crate::db::{PushBatch, Store};

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

impl PushWriter {
    pub fn start(store: Arc<Store>) -> PushWriter {
        let (queue, jobs) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("kompeten-push-writer".into())
            .spawn(move || run(&store, &jobs))
            .expect("starting the push writer thread");
        PushWriter { queue }
    }

    /// Applies one push; answers once it is durable. `Err` means storage failed (nothing of the
    /// push was written) or the writer is gone.
    pub async fn push(&self, actor: Actor, commands: Vec<CommandEnvelope>, now_ms: i64) -> Result<Vec<CommandResult>, ()> {
        let (reply, answer) = oneshot::channel();
        self.queue.send(Job { actor, commands, now_ms, reply }).map_err(drop)?;
        answer.await.map_err(drop)?
    }
}

fn run(store: &Store, jobs: &mpsc::Receiver<Job>) {
    let policy = Policy::default();
    while let Ok(first) = jobs.recv() {
        let mut count = first.commands.len();
        let mut group = vec![first];
        while count < MAX_GROUP_COMMANDS {
            let Ok(next) = jobs.try_recv() else { break };
            count += next.commands.len();
            group.push(next);
        }
        // A panic (a bug) fails the pushes it was applying, as a panic in a request handler fails
        // that request: their transaction is dropped unfinished, so nothing of them is written
        // (redb then repairs the file at the next start). The thread goes on serving later
        // pushes, and the others of a group that panicked are applied again one by one, so one
        // bad push does not fail everyone else's.
        match apply(store, &policy, &group) {
            Applied::Done(results) => answer(group, results),
            Applied::Panicked if group.len() > 1 => {
                for job in group {
                    let alone = [job];
                    match apply(store, &policy, &alone) {
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

fn apply(store: &Store, policy: &Policy, group: &[Job]) -> Applied {
    let batches: Vec<PushBatch> =
        group.iter().map(|job| PushBatch { actor: job.actor, commands: &job.commands, now_ms: job.now_ms }).collect();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| store.apply_batches(&batches, policy))) {
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
