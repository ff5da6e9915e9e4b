//! An HR officer's device in a large agency: real headless Chromium at 1024×768 against the real
//! server on loopback, with the `bench scale` agency's training records in HR's verification
//! queue, at two sizes (about 10,000 and 300,000 records on the device). For each it prints:
//!
//! - the first sync (signing in on a fresh device until every record is stored);
//! - opening the app (shell from the service worker): time from navigation to the first screen,
//!   and until every record has loaded into the app (the rest load after the first screen);
//! - one local change (HR verifies the oldest training in the queue): how long the IndexedDB
//!   transaction that stores it (with its outbox entry) takes, how long from then until the
//!   screen shows it, and from the tap to the screen.
//!
//! DESIGN.md: opening the app and storing one change must not grow with the size of the agency;
//! compare the two sizes. Times are taken in the page with `performance.now()` by scripts
//! installed before the page's own: a MutationObserver for what the screen shows, and a wrapper
//! of `IDBDatabase.prototype.transaction` that notes when each read-write transaction starts
//! and completes. Run with `cargo xtask bench hr-device`.

use std::time::{Duration, Instant};

use kompeten_server::db::Store;
use kompeten_server::seed::DemoLogin;
use kompeten_server::seed::large::{confirmed_trainings, large_agency};
use shared::ids::EmployeeId;
use tests::{Browser, TestServer};

/// Copies of the demo organisation (60 employees, 3 trainings each): ~10,000 and ~300,000 records.
const SIZES: [usize; 2] = [56, 1_667];
const TRAININGS_PER_EMPLOYEE: usize = 3;
const RUNS: usize = 5;

/// Notes when the first screen shows and when every record has loaded, from navigation start.
const OBSERVER: &str = r#"
    new MutationObserver((_, observer) => {
        if (window.__firstScreenAt === undefined && document.querySelector('[data-testid=profile-name]')) {
            window.__firstScreenAt = performance.now();
        }
        if (window.__loadedAt === undefined && document.querySelector('[data-testid=sync-status][data-loaded=true]')) {
            window.__loadedAt = performance.now();
        }
        if (window.__firstScreenAt !== undefined && window.__loadedAt !== undefined) observer.disconnect();
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-loaded'] });
"#;

/// Verifies the first card of the queue and notes, in `window.__change`, when the tap came, when
/// the first read-write transaction after it started and completed, and when the card left the
/// screen.
const VERIFY_ONE: &str = r#"
    const card = document.querySelector('[data-testid=verify-item]');
    if (!card) return false;
    const change = { transactions: [] };
    window.__change = change;
    if (!window.__wrapped) {
        window.__wrapped = true;
        const transaction = IDBDatabase.prototype.transaction;
        IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
            const opened = transaction.call(this, stores, mode, ...rest);
            if (mode === 'readwrite' && window.__change) {
                const noted = { start: performance.now(), stores: Array.from(typeof stores === 'string' ? [stores] : stores) };
                window.__change.transactions.push(noted);
                opened.addEventListener('complete', () => { noted.end = performance.now(); });
            }
            return opened;
        };
    }
    new MutationObserver((_, observer) => {
        if (!card.isConnected) {
            change.shownAt = performance.now();
            observer.disconnect();
        }
    }).observe(document.body, { childList: true, subtree: true });
    change.tapAt = performance.now();
    card.querySelector('[data-testid=verify]').click();
    return true;
"#;

/// Prints a figure; returns the median.
fn summary(label: &str, mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    let median = samples[samples.len() / 2];
    println!("  {label:<58} median {median:>8.1} ms   min {:>8.1}   max {:>8.1}   ({} runs)", samples[0], samples[samples.len() - 1], samples.len());
    median
}

/// Polls `script` (which returns a number or null) until it answers.
async fn wait_for_number(browser: &Browser, script: &str, timeout: Duration) -> anyhow::Result<f64> {
    let started = Instant::now();
    loop {
        if let Some(value) = browser.client.execute(script, vec![]).await?.as_f64() {
            return Ok(value);
        }
        anyhow::ensure!(started.elapsed() < timeout, "no answer from {script:?} within {timeout:?}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn login(role: &'static str, nip: &shared::domain::Nip) -> DemoLogin {
    DemoLogin { role, name: String::new(), nip: nip.clone(), position: String::new() }
}

async fn measure(copies: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let agency = large_agency(copies);
    let dir = tempfile::tempdir()?;
    let store = Store::open(&dir.path().join("kompeten.redb"))?;
    store.import_reference_data(&agency.data)?;
    let employees: Vec<EmployeeId> = agency.data.employees.iter().map(|(e, _)| e.id).collect();
    let written = confirmed_trainings(&store, &employees, TRAININGS_PER_EMPLOYEE)?;
    let hr = store.account_by_nip(&agency.hr)?.expect("the HR officer").0;
    // HR's queue: every confirmed training but their own.
    let own_confirmed = if store.subject(hr)?.supervisor.is_some() { TRAININGS_PER_EMPLOYEE } else { 0 };
    let queue = written.confirmed - own_confirmed;
    let logins = [login("Pegawai", &agency.employee), login("Atasan", &agency.supervisor), login("Admin SDM", &agency.hr)];
    drop(agency);
    let server = TestServer::with_store(store, dir, logins);
    println!(
        "HR officer's device, {} employees, {} records in HR's queue (+{own_confirmed} of their own); agency built in {:.1} s",
        employees.len(),
        queue,
        started.elapsed().as_secs_f64()
    );

    let browser = Browser::start(1024, 768).await?;
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": OBSERVER })).await?;
    let first_sync = Instant::now();
    browser.sign_in(&server.url, &server.hr_admin).await?;
    browser.wait_for_service_worker().await?;
    // The first sync: every page pulled and stored, and the screen says so.
    let expected = format!("{queue} menunggu");
    browser.follow("/verifikasi").await?;
    browser.wait_for_text_containing("verify-count", &expected, Duration::from_secs(1800)).await?;
    browser.wait_for_text_containing("pending", "tersinkronisasi", Duration::from_secs(600)).await?;
    println!("  first sync on a fresh device (sign-in until all {queue} are stored and shown): {:.1} s", first_sync.elapsed().as_secs_f64());

    let mut first_screen = Vec::new();
    let mut loaded = Vec::new();
    for _ in 0..RUNS {
        browser.client.goto(&server.url).await?;
        first_screen.push(wait_for_number(&browser, "return window.__firstScreenAt ?? null;", Duration::from_secs(120)).await?);
        loaded.push(wait_for_number(&browser, "return window.__loadedAt ?? null;", Duration::from_secs(600)).await?);
    }
    summary("opening the app: navigation to the first screen", first_screen);
    summary("opening the app: navigation to every record loaded", loaded);

    browser.follow("/verifikasi").await?;
    browser.wait_for_text_containing("verify-count", &expected, Duration::from_secs(600)).await?;
    browser.wait_for("verify-item").await?;
    let (mut stored, mut shown, mut total) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        browser.wait_for_text_containing("pending", "tersinkronisasi", Duration::from_secs(120)).await?;
        anyhow::ensure!(browser.client.execute(VERIFY_ONE, vec![]).await? == serde_json::json!(true), "no card to verify");
        wait_for_number(&browser, "return window.__change.shownAt ?? null;", Duration::from_secs(60)).await?;
        let change = browser.client.execute("return window.__change;", vec![]).await?;
        let number = |value: &serde_json::Value| value.as_f64().ok_or_else(|| anyhow::anyhow!("not a time: {change}"));
        let (tap, on_screen) = (number(&change["tapAt"])?, number(&change["shownAt"])?);
        // The change's own transaction: the screen shows a change right after it is stored, so
        // it is the last one to complete before the card left (one of a sync running meanwhile
        // may have started and ended earlier).
        let transaction = change["transactions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| t["stores"].as_array().is_some_and(|s| s.iter().any(|s| s == "outbox")))
            .filter(|t| t["end"].as_f64().is_some_and(|end| end <= on_screen))
            .max_by(|a, b| a["end"].as_f64().unwrap_or(0.0).total_cmp(&b["end"].as_f64().unwrap_or(0.0)))
            .ok_or_else(|| anyhow::anyhow!("no transaction stored the change: {change}"))?;
        let (start, end) = (number(&transaction["start"])?, number(&transaction["end"])?);
        stored.push(end - start);
        shown.push(on_screen - end);
        total.push(on_screen - tap);
    }
    summary("one change: storing it (the IndexedDB transaction)", stored);
    summary("one change: from stored to shown (the view updated)", shown);
    summary("one change: from the tap to the screen", total);
    browser.close().await
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    for copies in SIZES {
        measure(copies).await?;
    }
    Ok(())
}
