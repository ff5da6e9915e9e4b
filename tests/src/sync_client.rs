//! A test sync client that behaves like the app's: commands go to an outbox (offline), are pushed
//! in order, acknowledged ones leave the outbox, rejected ones are kept with their reason, and
//! pulls keep a local copy of what the user may see.

use std::collections::HashMap;

use axum::http::{Method, StatusCode};
use shared::command::{Command, CommandEnvelope, Record, RecordId, Rejection};
use shared::ids::{CommandId, DeviceId, EmployeeId};
use shared::sync::{Change, CommandResult, Outcome, PullResponse, PushResponse};

use crate::TestApp;
use kompeten_server::seed::DemoLogin;

pub struct SyncClient {
    pub employee: EmployeeId,
    pub cookie: String,
    pub device: DeviceId,
    next_seq: u64,
    pub outbox: Vec<CommandEnvelope>,
    /// The records as last pulled.
    pub records: HashMap<RecordId, Record>,
    pub cursor: Option<String>,
    /// Commands the server refused, kept with the reason (never dropped).
    pub rejected: Vec<(CommandEnvelope, Rejection)>,
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
        SyncClient {
            employee,
            cookie,
            device: DeviceId(uuid::Uuid::new_v4()),
            next_seq: 1,
            outbox: Vec::new(),
            records: HashMap::new(),
            cursor: None,
            rejected: Vec::new(),
            applied: Vec::new(),
            outcomes: HashMap::new(),
        }
    }

    /// The version the record will have once this device's pending commands are applied: the
    /// pulled version plus one per pending command on it.
    pub fn predicted_version(&self, record: RecordId) -> Option<u64> {
        let pulled = self.records.get(&record).map(Record::version);
        let pending = self.outbox.iter().filter(|c| c.command.record_id() == record).count() as u64;
        match (pulled, pending) {
            (None, 0) => None,
            (pulled, pending) => Some(pulled.unwrap_or(0) + pending),
        }
    }

    /// Queues a command based on the predicted version of its record.
    pub fn queue(&mut self, command: Command) -> CommandEnvelope {
        let envelope = CommandEnvelope {
            command_id: CommandId(uuid::Uuid::new_v4()),
            device_id: self.device,
            device_seq: self.next_seq,
            author: self.employee,
            device_time_ms: 1_790_000_000_000 + self.next_seq as i64,
            base_version: self.predicted_version(command.record_id()),
            command,
        };
        self.next_seq += 1;
        self.outbox.push(envelope.clone());
        envelope
    }

    /// Pushes `commands` (which may repeat or reorder the outbox) and settles each result.
    pub async fn push(&mut self, app: &TestApp, commands: Vec<CommandEnvelope>) -> Vec<CommandResult> {
        let body = serde_json::json!({ "commands": commands });
        let response = app.request(Method::POST, "/api/v1/sync/push", Some(body), &[("cookie", &self.cookie)]).await;
        assert_eq!(response.status, StatusCode::OK, "{}", String::from_utf8_lossy(&response.body));
        let results: PushResponse = serde_json::from_slice(&response.body).expect("push response");
        for result in &results.results {
            let Some(index) = self.outbox.iter().position(|c| c.command_id == result.command_id) else {
                continue; // A duplicate of something already settled.
            };
            let envelope = self.outbox.remove(index);
            self.outcomes.insert(envelope.command_id, result.outcome.clone());
            match &result.outcome {
                Outcome::Applied { .. } | Outcome::Removed { .. } => self.applied.push(envelope.command_id),
                Outcome::Rejected { rejection } => self.rejected.push((envelope, rejection.clone())),
            }
        }
        results.results
    }

    /// Pushes the whole outbox in order.
    pub async fn push_all(&mut self, app: &TestApp) -> Vec<CommandResult> {
        let outbox = self.outbox.clone();
        self.push(app, outbox).await
    }

    /// Pulls pages until there is nothing more.
    pub async fn pull_all(&mut self, app: &TestApp) {
        loop {
            let path = match &self.cursor {
                Some(cursor) => format!("/api/v1/sync/pull?cursor={cursor}"),
                None => "/api/v1/sync/pull".to_owned(),
            };
            let response = app.get(&path, Some(&self.cookie)).await;
            assert_eq!(response.status, StatusCode::OK, "{}", String::from_utf8_lossy(&response.body));
            let page: PullResponse = serde_json::from_slice(&response.body).expect("pull response");
            if page.reset_required {
                self.records.clear();
                self.cursor = None;
                continue;
            }
            for change in page.changes {
                match change {
                    Change::Upsert { record } => {
                        self.records.insert(record.id(), record);
                    }
                    Change::Remove { id } => {
                        self.records.remove(&id);
                    }
                }
            }
            self.cursor = Some(page.cursor);
            if !page.more {
                return;
            }
        }
    }

    /// Pushes everything, then pulls everything.
    pub async fn sync(&mut self, app: &TestApp) {
        self.push_all(app).await;
        self.pull_all(app).await;
    }
}
