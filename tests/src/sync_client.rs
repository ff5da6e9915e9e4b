//! A test device: the app's own sync logic (`shared::replica::Replica`) with the router as its
//! transport, plus the bookkeeping the tests check (what was applied, the first outcome of each
//! command).

use std::collections::HashMap;

use axum::http::{Method, StatusCode};
use kompeten_server::seed::DemoLogin;
use shared::command::{Actor, Command, CommandEnvelope, Record, RecordId, Rejection};
use shared::ids::{CommandId, DeviceId, EmployeeId};
use shared::replica::{Attention, Replica};
use shared::sync::{CommandResult, Outcome, PullResponse, PushResponse};

use crate::TestApp;

pub struct SyncClient {
    pub replica: Replica,
    pub cookie: String,
    /// Commands the server applied.
    pub applied: Vec<CommandId>,
    /// The outcome the server gave each settled command the first time.
    pub outcomes: HashMap<CommandId, Outcome>,
}

impl SyncClient {
    pub async fn sign_in(app: &TestApp, login: &DemoLogin) -> SyncClient {
        let cookie = app.session_of(login).await;
        let profile = app.get("/api/v1/me", Some(&cookie)).await.json();
        let employee: EmployeeId = serde_json::from_value(profile["id"].clone()).expect("employee id");
        let hr_admin = profile["roles"].as_array().unwrap().iter().any(|r| r == "hr_admin");
        let subject = app.state.database().subject(employee).expect("subject");
        let replica = Replica::new(Actor { id: employee, hr_admin }, DeviceId(uuid::Uuid::now_v7()), subject);
        SyncClient { replica, cookie, applied: Vec::new(), outcomes: HashMap::new() }
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

    /// Pushes `commands` (which may repeat or reorder the outbox) and settles the results.
    pub async fn push(&mut self, app: &TestApp, commands: Vec<CommandEnvelope>) -> Vec<CommandResult> {
        let body = serde_json::json!({ "commands": commands });
        let response = app.request(Method::POST, "/api/v1/sync/push", Some(body), &[("cookie", &self.cookie)]).await;
        assert_eq!(response.status, StatusCode::OK, "{}", String::from_utf8_lossy(&response.body));
        let results: PushResponse = serde_json::from_slice(&response.body).expect("push response");
        for result in &results.results {
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
        self.replica.settle(&results.results);
        results.results
    }

    /// Pushes the whole outbox in order.
    pub async fn push_all(&mut self, app: &TestApp) -> Vec<CommandResult> {
        let outbox = self.replica.to_push(usize::MAX);
        self.push(app, outbox).await
    }

    /// Pulls pages until there is nothing more (the reference data tells the replica about the team).
    pub async fn pull_all(&mut self, app: &TestApp) {
        loop {
            let path = match self.replica.cursor() {
                Some(cursor) => format!("/api/v1/sync/pull?cursor={cursor}"),
                None => "/api/v1/sync/pull".to_owned(),
            };
            let response = app.get(&path, Some(&self.cookie)).await;
            assert_eq!(response.status, StatusCode::OK, "{}", String::from_utf8_lossy(&response.body));
            let page: PullResponse = serde_json::from_slice(&response.body).expect("pull response");
            if !self.replica.apply_pull(page) {
                break;
            }
        }
    }

    /// Pushes everything, then pulls everything.
    pub async fn sync(&mut self, app: &TestApp) {
        self.push_all(app).await;
        self.pull_all(app).await;
    }
}
