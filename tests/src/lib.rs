//! The test harness: a few types that make each cross-crate test a few lines long.
//!
//! - [`TestApp`]: the server's router with a fresh demo database, driven in-process (no socket).
//! - [`TestServer`]: the real server on a free loopback port, on its own runtime, with a fresh
//!   demo database in a temporary folder.
//! - [`Browser`]: headless Chromium driven through chromedriver (WebDriver).

pub mod sync_client;

use std::future::pending;
use std::net::TcpListener as StdTcpListener;
use std::path::PathBuf;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use fantoccini::{Client, ClientBuilder, Locator};
use http_body_util::BodyExt;
use kompeten_server::AppState;
use kompeten_server::db::Store;
use kompeten_server::seed::{self, DemoLogin};
use tempfile::TempDir;
use tower::ServiceExt;

/// The demo password (every demo account has it).
pub const DEMO_PASSWORD: &str = seed::DEMO_PASSWORD;

/// The built web app: `KOMPETEN_DIST` (set by `cargo xtask test`), else `dist/` in the workspace.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("KOMPETEN_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

/// A fresh database in a temporary folder, seeded with the demo agency.
pub fn demo_store() -> (Store, TempDir) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = Store::open(&dir.path().join("kompeten.redb")).expect("open database");
    seed::seed_if_empty(&store).expect("seed demo agency");
    (store, dir)
}

/// The demo login with this role ("Pegawai", "Atasan (Kepala Subbagian)", "Admin SDM", "Kepala Badan").
pub fn demo_login(store: &Store, role: &str) -> DemoLogin {
    seed::demo_logins(store)
        .expect("demo logins")
        .into_iter()
        .find(|login| login.role == role)
        .unwrap_or_else(|| panic!("no demo login {role:?}"))
}

/// Saves and submits a training record of `employee` for each of `trainings`, straight into
/// the store (as their device's pushes would), in batches of 100; fails unless all are applied.
pub fn submit_trainings(
    store: &Store,
    employee: shared::ids::EmployeeId,
    trainings: impl IntoIterator<Item = shared::kinds::training::TrainingDetails>,
    now_ms: i64,
) -> anyhow::Result<()> {
    use shared::command::{Actor, CommandEnvelope, Policy};
    use shared::ids::{CommandId, DeviceId, TrainingId};
    use shared::kinds::{Command, training};
    let device = DeviceId(uuid::Uuid::now_v7());
    let mut commands = Vec::new();
    for details in trainings {
        let id = TrainingId(uuid::Uuid::now_v7());
        for (base_version, command) in [(None, Command::SaveTraining(training::Save { id, details, subject: None })), (Some(1), Command::SubmitTraining(training::Submit { id }))] {
            let device_seq = commands.len() as u64 + 1;
            commands.push(CommandEnvelope { command_id: CommandId(uuid::Uuid::now_v7()), device_id: device, device_seq, author: employee, device_time_ms: now_ms, base_version, command });
        }
    }
    for batch in commands.chunks(100) {
        for result in store.apply_commands(Actor { id: employee, hr_admin: false }, batch, &Policy::default(), now_ms)? {
            anyhow::ensure!(matches!(result.outcome, shared::sync::Outcome::Applied { .. }), "{:?}", result.outcome);
        }
    }
    Ok(())
}

/// The router with a fresh demo database, driven in-process.
pub struct TestApp {
    router: axum::Router,
    pub state: AppState,
    pub employee: DemoLogin,
    pub supervisor: DemoLogin,
    pub hr_admin: DemoLogin,
    pub head: DemoLogin,
    _data: TempDir,
}

/// A response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The `code` of the error envelope.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
    }

    /// `name=value` of the Set-Cookie header, ready to send back as a Cookie header.
    pub fn session_cookie(&self) -> Option<String> {
        let set_cookie = self.headers.get(header::SET_COOKIE)?.to_str().ok()?;
        set_cookie.split(';').next().map(str::to_owned)
    }
}

impl TestApp {
    pub fn new() -> TestApp {
        Self::with_assets(dist_dir())
    }

    pub fn with_assets(assets_dir: PathBuf) -> TestApp {
        let (store, dir) = demo_store();
        let logins = seed::demo_logins(&store).expect("demo logins");
        let login = |role: &str| logins.iter().find(|l| l.role == role).cloned().unwrap_or_else(|| panic!("no {role}"));
        let [employee, supervisor, hr_admin, head] =
            ["Pegawai", "Atasan (Kepala Subbagian)", "Admin SDM", "Kepala Badan"].map(login);
        let state = AppState::new(store, assets_dir);
        TestApp {
            router: kompeten_server::router(state.clone()),
            state,
            employee,
            supervisor,
            hr_admin,
            head,
            _data: dir,
        }
    }

    /// Sends a request; `body` is sent as JSON when given.
    pub async fn request(&self, method: Method, path: &str, body: Option<serde_json::Value>, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = match body {
            Some(json) => request.header(header::CONTENT_TYPE, "application/json").body(Body::from(json.to_string())),
            None => request.body(Body::empty()),
        }
        .expect("request");
        self.send(request).await
    }

    async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.expect("body").to_bytes().to_vec();
        TestResponse { status, headers, body }
    }

    /// Posts a multipart form, as a browser sends files: each field's name and content.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &[u8])], cookie: &str) -> TestResponse {
        let boundary = "kompeten-test-boundary-7d1f";
        let mut body = Vec::new();
        for (name, content) in fields {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}.csv\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
            body.extend_from_slice(content);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").as_bytes());
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header("cookie", cookie)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> TestResponse {
        let headers: Vec<(&str, &str)> = cookie.map(|c| ("cookie", c)).into_iter().collect();
        self.request(Method::GET, path, None, &headers).await
    }

    pub async fn sign_in(&self, nip: &str, password: &str) -> TestResponse {
        let body = serde_json::json!({ "nip": nip, "password": password });
        self.request(Method::POST, "/api/v1/auth/sign-in", Some(body), &[]).await
    }

    /// Signs in and returns the session cookie to send back.
    pub async fn session_of(&self, login: &DemoLogin) -> String {
        let response = self.sign_in(login.nip.as_str(), DEMO_PASSWORD).await;
        assert_eq!(response.status, StatusCode::OK, "{}", String::from_utf8_lossy(&response.body));
        response.session_cookie().expect("a session cookie")
    }
}

impl Default for TestApp {
    fn default() -> Self {
        Self::new()
    }
}

/// The real server on a free loopback port, on a runtime of its own so that any test (async or
/// not) can use it, and dropping it stops it as abruptly as a killed process.
pub struct TestServer {
    pub url: String,
    pub employee: DemoLogin,
    /// The employee's supervisor.
    pub supervisor: DemoLogin,
    pub hr_admin: DemoLogin,
    /// The running server's state (its database), for setting up data directly.
    pub state: AppState,
    runtime: Option<tokio::runtime::Runtime>,
    _data: TempDir,
}

impl TestServer {
    pub fn start() -> TestServer {
        let (store, dir) = demo_store();
        let employee = demo_login(&store, "Pegawai");
        let supervisor = demo_login(&store, "Atasan (Kepala Subbagian)");
        let hr_admin = demo_login(&store, "Admin SDM");
        TestServer::with_store(store, dir, [employee, supervisor, hr_admin])
    }

    /// Serves `store` (in `dir`, removed when the server is dropped), with these logins as its
    /// employee, supervisor and HR officer.
    pub fn with_store(store: Store, dir: TempDir, [employee, supervisor, hr_admin]: [DemoLogin; 3]) -> TestServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("server runtime");
        let listener = StdTcpListener::bind("127.0.0.1:0").expect("free port");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        listener.set_nonblocking(true).expect("non-blocking listener");
        let state = AppState::new(store, dist_dir());
        {
            let _entered = runtime.enter();
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            runtime.spawn(kompeten_server::serve(listener, state.clone(), pending()));
        }
        TestServer { url, employee, supervisor, hr_admin, state, runtime: Some(runtime), _data: dir }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Headless Chromium through a chromedriver of its own.
pub struct Browser {
    pub client: Client,
    /// Taken when the browser is ended (by `close`, or by `Drop` after a failed test).
    driver: Option<Child>,
    port: u16,
    _profile: TempDir,
}

/// How long to wait for something to appear on the page.
const PAGE_TIMEOUT: Duration = Duration::from_secs(15);

impl Browser {
    /// Starts chromedriver and a browser window of `width` × `height` CSS pixels.
    pub async fn start(width: u32, height: u32) -> anyhow::Result<Browser> {
        let port = StdTcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        // A process group of its own, with the browser it starts, so that all of it can be ended
        // together if a test fails before `close`.
        let mut driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting chromedriver (run `cargo xtask setup` to install it)")?;
        // Listening is not the same as ready: wait until chromedriver's /status says so.
        let started = Instant::now();
        while !driver_ready(port) {
            if started.elapsed() > Duration::from_secs(15) {
                let _ = driver.kill();
                bail!("chromedriver on port {port} did not become ready");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        let profile = tempfile::tempdir()?;
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            // Loopback bypasses the proxy; anything else the browser tries goes nowhere, fast.
            "--proxy-server=http://127.0.0.1:9".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut options = serde_json::json!({ "args": args });
        if let Some(binary) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].iter().find(|p| std::path::Path::new(p).exists()) {
            options["binary"] = serde_json::json!(binary);
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".to_owned(), serde_json::json!("chrome"));
        capabilities.insert("goog:chromeOptions".to_owned(), options);
        // The browser's console, for `console_errors`.
        capabilities.insert("goog:loggingPrefs".to_owned(), serde_json::json!({ "browser": "ALL" }));
        // Starting the browser can fail transiently on a loaded machine; try a few times.
        let mut attempt = 0;
        let client = loop {
            attempt += 1;
            let connected = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await;
            match connected {
                Ok(client) => break client,
                Err(error) if attempt >= 3 => {
                    let _ = driver.kill();
                    bail!("starting a Chromium session ({attempt} attempts): {error}");
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(300 * attempt)).await,
            }
        };
        client.set_window_size(width, height).await?;
        Ok(Browser { client, driver: Some(driver), port, _profile: profile })
    }

    /// Waits for the element with `data-testid` and returns it.
    pub async fn wait_for(&self, test_id: &str) -> anyhow::Result<fantoccini::elements::Element> {
        let selector = format!("[data-testid=\"{test_id}\"]");
        self.client
            .wait()
            .at_most(PAGE_TIMEOUT)
            .for_element(Locator::Css(&selector))
            .await
            .with_context(|| format!("waiting for [data-testid={test_id}]"))
    }

    /// Waits until the element with `data-testid` has non-empty text, and returns the text.
    pub async fn wait_for_text(&self, test_id: &str) -> anyhow::Result<String> {
        let element = self.wait_for(test_id).await?;
        let started = Instant::now();
        loop {
            let text = element.text().await?;
            if !text.trim().is_empty() {
                return Ok(text);
            }
            if started.elapsed() > PAGE_TIMEOUT {
                bail!("[data-testid={test_id}] stayed empty");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Types into the input with `data-testid`.
    pub async fn type_into(&self, test_id: &str, text: &str) -> anyhow::Result<()> {
        let input = self.wait_for(test_id).await?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(())
    }

    /// Sets the value of the input with `data-testid` as the user's browser would after typing
    /// (date inputs take their value in ISO form whatever the locale), and fires `input`.
    pub async fn set_value(&self, test_id: &str, value: &str) -> anyhow::Result<()> {
        let input = self.wait_for(test_id).await?;
        let script = "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', { bubbles: true }));";
        self.client.execute(script, vec![serde_json::to_value(&input)?, serde_json::json!(value)]).await?;
        Ok(())
    }

    /// Chooses the option `value` of the select with `data-testid`, as a user's pick does (fires
    /// `change`).
    pub async fn choose(&self, test_id: &str, value: &str) -> anyhow::Result<()> {
        let select = self.wait_for(test_id).await?;
        let script = "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));";
        self.client.execute(script, vec![serde_json::to_value(&select)?, serde_json::json!(value)]).await?;
        Ok(())
    }

    /// Waits until an element with `data-testid` shows text containing `needle` (sync runs by
    /// itself, so this may take a retry or two: up to `timeout`), and returns the texts of all.
    pub async fn wait_for_text_containing(&self, test_id: &str, needle: &str, timeout: Duration) -> anyhow::Result<String> {
        let started = Instant::now();
        loop {
            let selector = format!("[data-testid=\"{test_id}\"]");
            let mut texts = Vec::new();
            for element in self.client.find_all(Locator::Css(&selector)).await.unwrap_or_default() {
                texts.push(element.text().await.unwrap_or_default());
            }
            let text = texts.join("\n");
            if text.contains(needle) {
                return Ok(text);
            }
            if started.elapsed() > timeout {
                bail!("[data-testid={test_id}] never showed {needle:?}; it shows {text:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The elements with `data-testid`, now (no waiting).
    pub async fn all(&self, test_id: &str) -> anyhow::Result<Vec<fantoccini::elements::Element>> {
        Ok(self.client.find_all(Locator::Css(&format!("[data-testid=\"{test_id}\"]"))).await?)
    }

    /// Signs in on the sign-in page and waits for the home page.
    pub async fn sign_in(&self, base_url: &str, login: &kompeten_server::seed::DemoLogin) -> anyhow::Result<()> {
        self.client.goto(&format!("{base_url}/masuk")).await?;
        self.submit_sign_in(login).await?;
        self.wait_for_text("profile-name").await?;
        Ok(())
    }

    /// Fills in the sign-in form already on screen with `login` and the demo password, and sends it.
    pub async fn submit_sign_in(&self, login: &kompeten_server::seed::DemoLogin) -> anyhow::Result<()> {
        self.type_into("nip", login.nip.as_str()).await?;
        self.type_into("password", DEMO_PASSWORD).await?;
        self.click("sign-in").await
    }

    /// Waits until the service worker controls the page (so the app opens offline).
    pub async fn wait_for_service_worker(&self) -> anyhow::Result<()> {
        let started = Instant::now();
        loop {
            let controlled = self.client.execute("return !!navigator.serviceWorker.controller;", vec![]).await?;
            if controlled == serde_json::Value::Bool(true) {
                return Ok(());
            }
            anyhow::ensure!(started.elapsed() < PAGE_TIMEOUT, "the service worker never took control");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Follows an in-app link (client-side navigation: works offline without a reload).
    pub async fn follow(&self, href: &str) -> anyhow::Result<()> {
        let selector = format!("a[href=\"{href}\"]");
        self.client.wait().at_most(PAGE_TIMEOUT).for_element(Locator::Css(&selector)).await?.click().await?;
        Ok(())
    }

    /// Clicks the element with `data-testid`. An element the page rendered again between finding
    /// it and clicking it (the top bar after a sync, say) is found again, a few times at most.
    pub async fn click(&self, test_id: &str) -> anyhow::Result<()> {
        for _ in 0..3 {
            match self.wait_for(test_id).await?.click().await {
                Err(fantoccini::error::CmdError::Standard(e)) if e.error == fantoccini::error::ErrorStatus::StaleElementReference => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                other => return Ok(other?),
            }
        }
        self.wait_for(test_id).await?.click().await?;
        Ok(())
    }

    /// Chooses level `level` for every competency on the self-assessment page.
    pub async fn choose_level_everywhere(&self, level: u8) -> anyhow::Result<()> {
        self.wait_for("competency-field").await?;
        let selector = format!("[data-testid=competency-field] .level-option:nth-child({level})");
        let options = self.client.find_all(Locator::Css(&selector)).await?;
        anyhow::ensure!(!options.is_empty(), "no level options");
        for option in options {
            // Centred first: the form's sticky action bar may cover the bottom of the window.
            self.client.execute("arguments[0].scrollIntoView({ block: 'center' })", vec![serde_json::to_value(&option)?]).await?;
            option.click().await?;
        }
        Ok(())
    }

    /// Opens the supervisor's queue item whose text contains `needle`.
    pub async fn open_queue_item(&self, needle: &str) -> anyhow::Result<()> {
        self.wait_for("queue").await?;
        for item in self.all("queue-item").await? {
            if item.text().await?.contains(needle) {
                item.click().await?;
                return Ok(());
            }
        }
        anyhow::bail!("no queue item shows {needle:?}")
    }

    /// Signs out from the top bar, keeping the user's data on the device.
    pub async fn sign_out(&self) -> anyhow::Result<()> {
        self.click("sign-out").await?;
        self.click("sign-out-keep").await
    }

    /// Takes the page offline (or back online) the way chromedriver emulates it: every request
    /// fails, and the setting survives reloads.
    pub async fn set_offline(&self, offline: bool) -> anyhow::Result<()> {
        let conditions = r#"{"network_conditions":{"offline":true,"latency":0,"download_throughput":-1,"upload_throughput":-1}}"#;
        self.network_conditions(offline.then_some(conditions)).await
    }

    /// Makes every request wait `latency` before it goes out (a slow or stalled connection),
    /// until `set_offline(false)`.
    pub async fn set_latency(&self, latency: Duration) -> anyhow::Result<()> {
        let conditions = format!(
            r#"{{"network_conditions":{{"offline":false,"latency":{},"download_throughput":-1,"upload_throughput":-1}}}}"#,
            latency.as_millis()
        );
        self.network_conditions(Some(&conditions)).await
    }

    /// Sets chromedriver's network emulation, or (`None`) ends it.
    async fn network_conditions(&self, conditions: Option<&str>) -> anyhow::Result<()> {
        let session = self.client.session_id().await?.context("no WebDriver session")?;
        let path = format!("/session/{session}/chromium/network_conditions");
        let (method, body) = match conditions {
            Some(body) => ("POST", body),
            None => ("DELETE", ""),
        };
        let response = driver_request(self.port, method, &path, body)?;
        if !response.starts_with("HTTP/1.1 200") {
            bail!("chromedriver refused {method} {path}: {response}");
        }
        Ok(())
    }

    /// Saves a screenshot to `$KOMPETEN_SCREENSHOT_DIR/<name>.png`, if that is set (for finding
    /// out why a browser test failed).
    pub async fn snapshot(&self, name: &str) {
        if let Ok(dir) = std::env::var("KOMPETEN_SCREENSHOT_DIR")
            && let Ok(png) = self.client.screenshot().await
        {
            let _ = std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png);
        }
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver (CPU throttling, scripts
    /// to run before a page's own).
    pub async fn cdp(&self, command: &str, params: serde_json::Value) -> anyhow::Result<String> {
        let session = self.client.session_id().await?.context("no WebDriver session")?;
        let path = format!("/session/{session}/goog/cdp/execute");
        let body = serde_json::json!({ "cmd": command, "params": params }).to_string();
        let response = driver_request(self.port, "POST", &path, &body)?;
        if !response.starts_with("HTTP/1.1 200") {
            bail!("chromedriver refused {command}: {response}");
        }
        Ok(response)
    }

    /// The errors the browser's console showed since the last call (a failed request shows there
    /// too, with its status).
    pub async fn console_errors(&self) -> anyhow::Result<Vec<String>> {
        let session = self.client.session_id().await?.context("no WebDriver session")?;
        let response = driver_request(self.port, "POST", &format!("/session/{session}/se/log"), r#"{"type":"browser"}"#)?;
        let body = response.split_once("\r\n\r\n").map(|(_, body)| body).unwrap_or_default();
        let entries: serde_json::Value = serde_json::from_str(body).with_context(|| format!("chromedriver's log answer: {response}"))?;
        Ok(entries["value"]
            .as_array()
            .context("no log entries in chromedriver's answer")?
            .iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
            .collect())
    }

    /// Ends the browser session and stops chromedriver.
    pub async fn close(mut self) -> anyhow::Result<()> {
        let closed = self.client.clone().close().await;
        self.end_driver();
        closed?;
        Ok(())
    }

    /// Ends chromedriver and everything in its process group (the browser it started), once:
    /// killing chromedriver alone would orphan a browser that is still running.
    fn end_driver(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", driver.id())]).status();
            let _ = driver.kill();
            let _ = driver.wait();
        }
    }
}

/// Whether chromedriver on `port` answers `GET /status` with `"ready": true`.
fn driver_ready(port: u16) -> bool {
    driver_request(port, "GET", "/status", "")
        .is_ok_and(|response| response.starts_with("HTTP/1.1 200") && response.contains("\"ready\":true"))
}

/// One plain HTTP request to chromedriver (for what the WebDriver client has no call for).
fn driver_request(port: u16, method: &str, path: &str, body: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    // chromedriver keeps the connection open: read the head, then exactly Content-Length bytes.
    let mut response = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let read = stream.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        response.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&response);
        if let Some(head_end) = text.find("\r\n\r\n") {
            let length = text[..head_end]
                .lines()
                .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>()))
                .and_then(Result::ok)
                .unwrap_or(0);
            if response.len() >= head_end + 4 + length {
                break;
            }
        }
    }
    Ok(String::from_utf8_lossy(&response).into_owned())
}

impl Drop for Browser {
    fn drop(&mut self) {
        // After a test that failed before `close`: leave nothing running.
        self.end_driver();
    }
}
