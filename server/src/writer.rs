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
        let batches: Vec<PushBatch> =
            group.iter().map(|job| PushBatch { actor: job.actor, commands: &job.commands, now_ms: job.now_ms }).collect();
        // A panic (a bug) fails this group's pushes, as a panic in a request handler fails that
        // request: the transaction is dropped unfinished, so nothing of it is written, and the
        // thread goes on serving later pushes instead of leaving every push failing until restart.
        let applied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| store.apply_batches(&batches, &policy)));
        match applied {
            Ok(Ok(results)) => {
                for (job, results) in group.into_iter().zip(results) {
                    let _ = job.reply.send(Ok(results));
                }
            }
            failed => {
                match failed {
                    Ok(Err(error)) => tracing::error!(%error, pushes = group.len(), "applying pushes failed; nothing of them was written"),
                    _ => tracing::error!(pushes = group.len(), "applying pushes panicked; nothing of them was written"),
                }
                for job in group {
                    let _ = job.reply.send(Err(()));
                }
            }
        }
    }
}
