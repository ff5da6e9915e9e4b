//! Test and benchmark support: the real server binary as a child process, and a small HTTP
//! client that signs in and speaks the sync protocol.

#![allow(dead_code)] // Each test or bench uses part of it.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command as Process, Stdio};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Request, header};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use shared::command::CommandEnvelope;
use shared::ids::EmployeeId;
use shared::sync::{Change, PullResponse, PushResponse};

/// The demo employee ("Pegawai") and the demo password.
pub const EMPLOYEE_NIP: &str = "198907112016071019";
pub const DEMO_PASSWORD: &str = "kompeten-demo";

/// The server binary, started on a free port with the demo agency in `data`.
pub struct ServerProcess {
    child: Child,
    pub url: String,
}

impl ServerProcess {
    pub fn start(binary: &Path, data: &Path) -> ServerProcess {
        let mut child = Process::new(binary)
            .args(["--demo", "--listen", "127.0.0.1:0", "--log", "warn", "--data-dir"])
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server");
        let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut url = None;
        for line in stdout.by_ref() {
            let line = line.unwrap();
            if let Some(at) = line.find("http://") {
                url = Some(line[at..].trim().to_owned());
                break;
            }
        }
        // Keep reading, or the server's next line would meet a closed pipe.
        std::thread::spawn(move || stdout.for_each(drop));
        ServerProcess { child, url: url.expect("the server prints its URL") }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: no shutdown, no flush, nothing.
    pub fn kill_9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A signed-in HTTP client (one keep-alive connection pool).
pub struct Http {
    client: Client<HttpConnector, Full<Bytes>>,
    url: String,
    cookie: String,
}

impl Http {
    pub async fn sign_in(url: &str, nip: &str) -> (Http, EmployeeId) {
        Self::sign_in_with(url, nip, DEMO_PASSWORD).await
    }

    pub async fn sign_in_with(url: &str, nip: &str, password: &str) -> (Http, EmployeeId) {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new()).build(connector);
        let mut http = Http { client, url: url.to_owned(), cookie: String::new() };
        let body = serde_json::json!({ "nip": nip, "password": password }).to_string();
        let (headers, profile) = http.send(Method::POST, "/api/v1/auth/sign-in", body.into()).await.unwrap();
        http.cookie = headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
        let profile: serde_json::Value = serde_json::from_slice(&profile).unwrap();
        (http, serde_json::from_value(profile["id"].clone()).unwrap())
    }

    pub async fn send(&self, method: Method, path: &str, body: Bytes) -> Result<(HeaderMap, Bytes), String> {
        self.send_as(method, path, "application/json", body).await
    }

    /// Posts a multipart form of named files, as a browser uploads them.
    pub async fn send_form(&self, path: &str, fields: &[(&str, &[u8])]) -> Result<Bytes, String> {
        let boundary = "kompeten-bench-boundary-3c9e";
        let mut body = Vec::new();
        for (name, content) in fields {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}.csv\"\r\n\r\n").as_bytes());
            body.extend_from_slice(content);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        Ok(self.send_as(Method::POST, path, &content_type, body.into()).await?.1)
    }

    async fn send_as(&self, method: Method, path: &str, content_type: &str, body: Bytes) -> Result<(HeaderMap, Bytes), String> {
        let request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.url))
            .header(header::COOKIE, &self.cookie)
            .header(header::CONTENT_TYPE, content_type)
            .body(Full::new(body))
            .unwrap();
        let response = self.client.request(request).await.map_err(|e| e.to_string())?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        if !status.is_success() {
            return Err(format!("HTTP {status}: {}", String::from_utf8_lossy(&bytes)));
        }
        Ok((headers, bytes))
    }

    /// Pushes an already encoded `PushRequest`.
    pub async fn push_encoded(&self, body: Bytes) -> Result<PushResponse, String> {
        let (_, body) = self.send(Method::POST, "/api/v1/sync/push", body).await?;
        Ok(serde_json::from_slice(&body).unwrap())
    }

    pub async fn push(&self, commands: &[CommandEnvelope]) -> Result<PushResponse, String> {
        self.push_encoded(serde_json::json!({ "commands": commands }).to_string().into()).await
    }

    /// One pull page.
    pub async fn pull(&self, cursor: &str, limit: usize) -> PullResponse {
        serde_json::from_slice(&self.pull_bytes(cursor, limit).await).unwrap()
    }

    /// One pull page as it came (JSON).
    pub async fn pull_bytes(&self, cursor: &str, limit: usize) -> Bytes {
        let path = format!("/api/v1/sync/pull?limit={limit}&cursor={cursor}");
        self.send(Method::GET, &path, Bytes::new()).await.unwrap().1
    }

    /// The ids of every record the user sees, pulled from the start.
    pub async fn pull_all(&self) -> HashSet<uuid::Uuid> {
        let mut records = HashSet::new();
        let mut cursor = String::new();
        loop {
            let page = self.pull(&cursor, 1000).await;
            for change in page.changes {
                if let Change::Upsert { record } = change {
                    records.insert(record.id());
                }
            }
            cursor = page.cursor;
            if !page.more {
                return records;
            }
        }
    }
}

/// A figure from a process's `/proc/<pid>/status` (Linux), such as `VmHWM:` (peak resident
/// memory), in MB.
pub fn proc_status_mb(pid: u32, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    Some(line.split_whitespace().nth(1)?.parse::<f64>().ok()? / 1024.0)
}
