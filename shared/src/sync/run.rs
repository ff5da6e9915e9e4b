//! The device's sync decisions as a pure state machine: what to push, how to take the answers,
//! when to pull and how much, when to stop, and how long to wait before the next round. The app's
//! engine and the tests' client both drive it, each with its own transport (the browser's `fetch`,
//! the server's router), so the tests exercise the loop the app runs.
//!
//! A round pushes the outbox oldest first, in batches, until it is empty, then pulls pages until
//! the server has no more. A batch the server cannot read at all (a command from an app older or
//! newer than it) is sent again one command at a time, and a command it still cannot read goes to
//! "Perlu perhatian" as unreadable, so it neither holds up the others nor gets lost.

use std::time::Duration;

use crate::command::{CommandEnvelope, InvalidReason, Rejection};
use crate::sync::replica::Replica;
use crate::sync::{PullResponse, PushResponse};

/// Commands per push.
pub const PUSH_BATCH: usize = 100;
/// Changes per pull page, at most; after a page went unanswered (a slow link cut off by the
/// deadline) pages shrink by half down to [`SMALLEST_PULL_PAGE`], and grow back as pages arrive.
pub const PULL_PAGE: usize = 500;
pub const SMALLEST_PULL_PAGE: usize = 50;
/// Sync this often while all is well (changes made elsewhere arrive this late at the latest).
pub const HEALTHY_INTERVAL: Duration = Duration::from_secs(60);
/// Another tab is syncing: look again this soon (a change made here should not wait a minute).
pub const OTHER_TAB_RETRY: Duration = Duration::from_secs(3);
/// After a failure, retry after 2 s, then 4, 8, 16, and every 30 s from then on.
const FIRST_RETRY: Duration = Duration::from_secs(2);
const LONGEST_RETRY: Duration = Duration::from_secs(30);

/// When to try again after `failures` failed rounds in a row (at least one).
pub fn retry_after(failures: u32) -> Duration {
    (FIRST_RETRY * 2u32.saturating_pow(failures.clamp(1, 8) - 1)).min(LONGEST_RETRY)
}

/// What the round wants done next.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Send these commands, in order, as one push.
    Push(Vec<CommandEnvelope>),
    /// Ask for the page after `cursor`, of at most `limit` changes.
    Pull { cursor: Option<String>, limit: usize },
    /// The round is over: everything was sent and everything pulled.
    Done,
}

/// Why a round cannot go on (besides the transport's own failures).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoundError {
    /// The server answered a push without answering every command in it: sending them again at
    /// once would loop for ever.
    Unanswered,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Pushing,
    Pulling,
    Done,
}

/// One sync round, from the first push to the last page.
#[derive(Clone, Debug)]
pub struct Round {
    phase: Phase,
    /// Commands to send one at a time (their batch could not be read).
    singles: Vec<CommandEnvelope>,
    page: usize,
}

impl Round {
    /// A round that pulls pages of `page` changes (the size the last round ended with).
    pub fn new(page: usize) -> Round {
        Round { phase: Phase::Pushing, singles: Vec::new(), page: page.clamp(SMALLEST_PULL_PAGE, PULL_PAGE) }
    }

    /// The page size to start the next round with.
    pub fn page_size(&self) -> usize {
        self.page
    }

    /// Whether the round is pulling (its pushes are all answered).
    pub fn pulling(&self) -> bool {
        self.phase == Phase::Pulling
    }

    pub fn next(&mut self, replica: &Replica) -> Step {
        if self.phase == Phase::Pushing {
            // Singles still waiting (and not answered meanwhile) go first, alone.
            while !self.singles.is_empty() {
                let single = self.singles.remove(0);
                if replica.outbox().iter().any(|c| c.command_id == single.command_id) {
                    return Step::Push(vec![single]);
                }
            }
            let batch = replica.to_push(PUSH_BATCH);
            if !batch.is_empty() {
                return Step::Push(batch);
            }
            self.phase = Phase::Pulling;
        }
        match self.phase {
            Phase::Pulling => Step::Pull { cursor: replica.cursor().map(str::to_owned), limit: self.page },
            _ => Step::Done,
        }
    }

    /// The server answered the push of `sent`: applied commands leave the outbox, refused ones go
    /// to "Perlu perhatian".
    pub fn pushed(&mut self, replica: &mut Replica, sent: &[CommandEnvelope], response: &PushResponse) -> Result<(), RoundError> {
        replica.settle(&response.results);
        let unanswered = replica.outbox().iter().any(|waiting| sent.iter().any(|c| c.command_id == waiting.command_id));
        if unanswered { Err(RoundError::Unanswered) } else { Ok(()) }
    }

    /// The server could not read the push of `sent` at all (400): a batch is sent again one
    /// command at a time; a single command is set aside as unreadable.
    pub fn unreadable(&mut self, replica: &mut Replica, sent: Vec<CommandEnvelope>) {
        if let [single] = sent.as_slice() {
            replica.refuse(single.command_id, Rejection::invalid(InvalidReason::Unreadable));
        } else {
            self.singles.extend(sent);
        }
    }

    /// A page arrived: the replica takes it, and the round goes on while the server has more.
    pub fn pulled(&mut self, replica: &mut Replica, page: PullResponse) {
        self.page = (self.page * 2).min(PULL_PAGE);
        if !replica.apply_pull(page) {
            self.phase = Phase::Done;
        }
    }

    /// A page went unanswered (the link is slow or gone): the next ones are smaller.
    pub fn pull_unanswered(&mut self) {
        self.page = (self.page / 2).max(SMALLEST_PULL_PAGE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_after_each_failure_up_to_half_a_minute() {
        let waits: Vec<u64> = (1..=7).map(|n| retry_after(n).as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(retry_after(0).as_secs(), 2, "a first failure however counted");
        assert_eq!(retry_after(u32::MAX).as_secs(), 30);
    }
}
