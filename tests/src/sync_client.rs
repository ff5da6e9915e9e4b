//! A test device: the app's own sync logic (`shared::sync::replica::Replica`, driven by the loop
//! of `shared::sync::run`, the very one the app's engine drives) with the router as its
//! transport, plus the bookkeeping the tests check (what was applied, the first outcome of each
//! command).

use std::collections::HashMap;

use axum::http::{Method, StatusCode};
use kompeten_server::seed::DemoLogin;
use shared::command::{Actor, CommandEnvelope, Rejection};
use shared::ids::{CommandId, DeviceId, EmployeeId};
use shared::kinds::{Command, Record, RecordId};
use shared::sync::replica::{Attention, Replica};
use shared::sync::run::{PULL_PAGE, Round, Step};
use shared::sync::{CommandResult, Outcome, PullResponse, PushResponse};

use crate::TestApp;

pub struct SyncClient {
    pub replica: Replica,
    pub cookie: String,
    /// Commands the server applied.
    pub applied: Vec<CommandId>,
    /// The outcome the server gave each settled command the first time.
    pub outcomes: HashMap<CommandId, Outcome>,
    /// The pull page size the last round ended with.
    page: usize,
}

impl SyncClient {
    pub async fn sign_in(app: &TestApp, login: &DemoLogin) -> SyncClient {
        let cookie = app.session_of(login).await;
        let profile = app.get("/api/v1/me", Some(&cookie)).await.json();
        let employee: EmployeeId = serde_json::from_value(profile["id"].clone()).expect("employee id");
        let hr_admin = profile["roles"].as_array().unwrap().iter().any(|r| r == "hr_admin");
        let subject = app.state.database().subject(employee).expect("subject");
        let replica = Replica::new(Actor { id: employee, hr_admin }, DeviceId(uuid::Uuid::now_v7()), subject);
        SyncClient { replica, cookie, applied: Vec::new(), outcomes: HashMap::new(), page: PULL_PAGE }
    }

    pub fn employee(&self) -> EmployeeId {
        self.replica.actor.id
    }

    /// The records as last pulled.
    pub fn records(&self) -> HashMap<RecordId, Record> {
        self.replica.pulled().iter().map(|(id, r)| (*id, r.clone())).collect()
    }

    pub fn attention(&self) -> &[Attention] {
        self.replica.attention()
    }

    pub fn last_rejection(&self) -> Rejection {
        self.replica.attention().last().expect("a refused command").rejection.clone()
    }

    /// Queues a command the local rules accept; panics if they refuse it.
    pub fn queue(&mut self, command: Command) -> CommandEnvelope {
        self.try_queue(command).unwrap_or_else(|rejection| panic!("refused on the device: {rejection:?}"))
    }

    pub fn try_queue(&mut self, command: Command) -> Result<CommandEnvelope, Rejection> {
        self.replica.queue(command, CommandId(uuid::Uuid::now_v7()), 1_790_000_000_000)
    }

    /// An envelope from this device that skips the device's rules (an old or tampered app),
    /// not queued: push it by hand.
    pub fn forge(&self, command: Command, base_version: Option<u64>) -> CommandEnvelope {
        CommandEnvelope {
            command_id: CommandId(uuid::Uuid::now_v7()),
            device_id: self.replica.device,
            device_seq: 0,
            author: self.employee(),
            device_time_ms: 1_790_000_000_000,
            base_version,
            command,
        }
    }

    /// Sends `commands` as one push and reads the answer (no settling).
    async fn send(&self, app: &TestApp, commands: &[CommandEnvelope]) -> PushResponse {
        let body = serde_json::json!({ "commands": commands });
        let response = app.request(Method::POST, "/api/v1/sync/push", Some(body), &[("cookie", &self.cookie)]).await;
        assert_eq!(response.status, StatusCode::OK, "{}", String::from_utf8_lossy(&response.body));
        serde_json::from_slice(&response.body).expect("push response")
    }

    /// Notes the answers (checking that a replay is answered as the first time).
    fn note(&mut self, results: &[CommandResult]) {
        for result in results {
            // Whenever a command is answered again (a replay), the answer is the first one.
            if let Some(first) = self.outcomes.get(&result.command_id) {
                assert_eq!(first, &result.outcome, "a replayed command got another answer");
            }
            if self.replica.outbox().iter().any(|c| c.command_id == result.command_id) {
                self.outcomes.insert(result.command_id, result.outcome.clone());
                if matches!(result.outcome, Outcome::Applied { .. } | Outcome::Removed { .. }) {
                    self.applied.push(result.command_id);
                }
            }
        }
    }

    /// Pushes `commands` (which may repeat or reorder the outbox) and settles the results.
    pub async fn push(&mut self, app: &TestApp, commands: Vec<CommandEnvelope>) -> Vec<CommandResult> {
        let response = self.send(app, &commands).await;
        self.note(&response.results);
        self.replica.settle(&response.results);
        response.results
    }

    /// Pushes the whole outbox in order.
    pub async fn push_all(&mut self, app: &TestApp) -> Vec<CommandResult> {
        let outbox = self.replica.to_push(usize::MAX);
        self.push(app, outbox).await
    }

    async fn pull_page(&self, app: &TestApp, cursor: Option<&str>, limit: usize) -> PullResponse {
        let path = match cursor {
            Some(cursor) => format!("/api/v1/sync/pull?cursor={cursor}&limit={limit}"),
            None => format!("/api/v1/sync/pull?limit={limit}"),
        };
        let response = app.get(&path, Some(&self.cookie)).await;
        assert_eq!(response.status, StatusCode::OK, "{}", String::from_utf8_lossy(&response.body));
        serde_json::from_slice(&response.body).expect("pull response")
    }

    /// Pulls pages until there is nothing more (the reference data tells the replica about the team).
    pub async fn pull_all(&mut self, app: &TestApp) {
        loop {
            let page = self.pull_page(app, self.replica.cursor(), self.page).await;
            if !self.replica.apply_pull(page) {
                break;
            }
        }
    }

    /// One sync round as the app runs it: the outbox pushed in batches until it is empty, then
    /// every page pulled, each step decided by `shared::sync::run::Round`.
    pub async fn sync(&mut self, app: &TestApp) {
        let mut round = Round::new(self.page);
        loop {
            match round.next(&self.replica) {
                Step::Push(batch) => {
                    let response = self.send(app, &batch).await;
                    self.note(&response.results);
                    round.pushed(&mut self.replica, &batch, &response).expect("every pushed command is answered");
                }
                Step::Pull { cursor, limit } => {
                    let page = self.pull_page(app, cursor.as_deref(), limit).await;
                    round.pulled(&mut self.replica, page);
                }
                Step::Done => break,
            }
        }
        self.page = round.page_size();
    }
}
