//! The device's store, end to end in real headless Chromium against the real server: two tabs on
//! one record keep each other's text (merged field by field, or the user chooses); a device that
//! still holds the first release's one-value replica, with changes waiting to be sent, opens and
//! sends them after the upgrade; signing out of a shared device removes the user's data only
//! once nothing waits to be sent; and a screen loaded on demand opens offline, even the first time.

use std::time::Duration;

use anyhow::Context;
use fantoccini::Locator;
use tests::{Browser, TestServer};

const SHORT: Duration = Duration::from_secs(15);
const SYNC_TIMEOUT: Duration = Duration::from_secs(45);

/// On the self-assessment page: level `level` and `evidence` for the `index`th competency.
async fn rate(browser: &Browser, index: usize, level: u8, evidence: &str) -> anyhow::Result<()> {
    browser.wait_for("competency-field").await?;
    let fields = browser.all("competency-field").await?;
    let field = fields.get(index).with_context(|| format!("no competency {index}"))?;
    field.find(Locator::Css(&format!(".level-option:nth-child({level})"))).await?.click().await?;
    let note = field.find(Locator::Css("[data-testid=evidence]")).await?;
    note.clear().await?;
    note.send_keys(evidence).await?;
    Ok(())
}

/// The evidence notes of the competencies shown, in order.
async fn evidence_notes(browser: &Browser) -> anyhow::Result<Vec<String>> {
    browser.wait_for("competency-field").await?;
    let mut notes = Vec::new();
    for note in browser.all("evidence").await? {
        notes.push(note.prop("value").await?.unwrap_or_default());
    }
    Ok(notes)
}

/// Waits until the form's message contains `needle`.
async fn form_says(browser: &Browser, needle: &str) -> anyhow::Result<()> {
    browser.wait_for_text_containing("form-message", needle, SHORT).await.map(drop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_on_one_assessment_keep_each_others_text_and_ask_where_both_changed_the_same() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(1024, 900).await?;
    browser.sign_in(&server.url, &server.employee).await?;
    browser.wait_for_text_containing("last-sync", "Sinkronisasi terakhir", SHORT).await?;
    let tab_a = browser.client.window().await?;
    browser.client.goto(&format!("{}/penilaian", server.url)).await?;
    browser.wait_for("competency-field").await?;
    let tab_b = browser.client.new_window(true).await?.handle;
    browser.client.switch_to_window(tab_b.clone()).await?;
    browser.client.goto(&format!("{}/penilaian", server.url)).await?;
    browser.wait_for("competency-field").await?;
    browser.set_offline(true).await?;

    // Tab B starts typing first; tab A then saves; tab B (which has kept what it typed) saves.
    rate(&browser, 2, 3, "Notulen rapat dari tab B").await?;
    rate(&browser, 3, 4, "Laporan bulanan dari tab B").await?;
    browser.client.switch_to_window(tab_a.clone()).await?;
    rate(&browser, 0, 2, "Arsip dari tab A").await?;
    rate(&browser, 1, 3, "Presentasi dari tab A").await?;
    browser.click("save-draft").await?;
    form_says(&browser, "Tersimpan").await?;
    browser.client.switch_to_window(tab_b.clone()).await?;
    browser.click("save-draft").await?;
    form_says(&browser, "digabungkan").await?;
    // Tab B's form now shows both tabs' notes, and a second save from it keeps them all.
    let notes = evidence_notes(&browser).await?;
    assert_eq!(&notes[..4], ["Arsip dari tab A", "Presentasi dari tab A", "Notulen rapat dari tab B", "Laporan bulanan dari tab B"], "{notes:?}");
    rate(&browser, 3, 4, "Laporan bulanan dari tab B, revisi").await?;
    browser.click("save-draft").await?;
    form_says(&browser, "Tersimpan").await?;

    // Both tabs' text is kept, on the device: a reload shows all four.
    browser.client.refresh().await?;
    let notes = evidence_notes(&browser).await?;
    assert_eq!(&notes[..4], ["Arsip dari tab A", "Presentasi dari tab A", "Notulen rapat dari tab B", "Laporan bulanan dari tab B, revisi"], "{notes:?}");
    // Tab A, with nothing unsaved, shows tab B's save too.
    browser.client.switch_to_window(tab_a.clone()).await?;
    let started = std::time::Instant::now();
    while evidence_notes(&browser).await?.get(2).map(String::as_str) != Some("Notulen rapat dari tab B") {
        anyhow::ensure!(started.elapsed() < SHORT, "tab A never showed tab B's save: {:?}", evidence_notes(&browser).await?);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Now both change the first competency's note, differently: tab B is asked.
    browser.client.switch_to_window(tab_b.clone()).await?;
    rate(&browser, 0, 2, "Versi tab B").await?;
    browser.client.switch_to_window(tab_a.clone()).await?;
    rate(&browser, 0, 2, "Versi tab A").await?;
    browser.click("save-draft").await?;
    form_says(&browser, "Tersimpan").await?;
    browser.client.switch_to_window(tab_b.clone()).await?;
    browser.click("save-draft").await?;
    browser.wait_for_text_containing("divergent-stored", "Versi tab A", SHORT).await?;
    browser.wait_for_text_containing("divergent-mine", "Versi tab B", SHORT).await?;
    browser.click("keep-mine").await?;
    form_says(&browser, "digabungkan").await?;
    browser.client.refresh().await?;
    let notes = evidence_notes(&browser).await?;
    assert_eq!(&notes[..4], ["Versi tab B", "Presentasi dari tab A", "Notulen rapat dari tab B", "Laporan bulanan dari tab B, revisi"], "{notes:?}");

    // Back online, the server gets the same.
    browser.set_offline(false).await?;
    browser.wait_for_text_containing("pending", "tersinkronisasi", SYNC_TIMEOUT).await?;
    let records = server.state.database().all_records()?;
    let [shared::command::Record::SelfAssessment(stored)] = records.as_slice() else { anyhow::bail!("one assessment: {records:?}") };
    let mut evidence: Vec<&str> = stored.ratings.iter().map(|r| r.evidence.as_str()).collect();
    evidence.sort();
    assert_eq!(evidence, ["Laporan bulanan dari tab B, revisi", "Notulen rapat dari tab B", "Presentasi dari tab A", "Versi tab B"]);
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_with_the_first_releases_store_opens_and_sends_what_was_waiting() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(1024, 768).await?;
    // A page of the app's origin that is not the app, to write the store as the first release did.
    browser.client.goto(&format!("{}/api/v1/health", server.url)).await?;
    let fixture: serde_json::Value = serde_json::from_str(include_str!("../fixtures/device-v1.json"))?;
    let user = fixture["profile"]["id"].as_str().context("the fixture's user")?.to_owned();
    let script = r#"
        const [user, replica, profile, done] = arguments;
        const opening = indexedDB.open('kompeten', 1);
        opening.onupgradeneeded = () => { opening.result.createObjectStore('replicas'); opening.result.createObjectStore('meta'); };
        opening.onsuccess = () => {
            const db = opening.result;
            const txn = db.transaction(['replicas', 'meta'], 'readwrite');
            txn.objectStore('replicas').put(replica, user);
            txn.objectStore('meta').put('7', 'revision:' + user);
            txn.objectStore('meta').put(profile, 'current');
            txn.oncomplete = () => { db.close(); done('written'); };
            txn.onerror = () => done('failed: ' + txn.error);
        };
        opening.onerror = () => done('failed: ' + opening.error);
    "#;
    let replica = serde_json::to_string(&fixture["replica"])?;
    let profile = serde_json::to_string(&fixture["profile"])?;
    let written = browser.client.execute_async(script, vec![user.clone().into(), replica.into(), profile.into()]).await?;
    assert_eq!(written, "written");

    // The app opens as that user, from the device, with what they had and what was waiting.
    // The user was signed in on it (the session cookie is the browser's, not the app's store).
    let sign_in = r#"
        const [nip, password, done] = arguments;
        fetch('/api/v1/auth/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ nip, password }) })
            .then(response => done(response.status), error => done('failed: ' + error));
    "#;
    let signed_in = browser.client.execute_async(sign_in, vec![server.employee.nip.as_str().into(), tests::DEMO_PASSWORD.into()]).await?;
    assert_eq!(signed_in, 200);

    // The new release opens as that user, from the device, with what they had and what was
    // waiting, and sends it.
    browser.client.goto(&format!("{}/pelatihan", server.url)).await?;
    browser.wait_for_text_containing("training-title", "Diklat Luring Menunggu", SHORT).await?;
    browser.wait_for_text_containing("training-title", "Pelatihan yang sudah terkirim", SHORT).await?;
    let store = server.state.database();
    let started = std::time::Instant::now();
    loop {
        let submitted = store.record(uuid::Uuid::from_u128(0x82))?.is_some_and(|r| matches!(r, shared::command::Record::Training(t) if t.status == shared::kinds::training::TrainingStatus::Submitted));
        let assessed = store.record(uuid::Uuid::from_u128(0x83))?.is_some();
        if submitted && assessed {
            break;
        }
        anyhow::ensure!(started.elapsed() < SYNC_TIMEOUT, "the waiting commands never arrived");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The old value is gone from the device: everything now lives one value per key.
    let left = browser
        .client
        .execute_async(
            "const done = arguments[0]; const r = indexedDB.open('kompeten'); r.onsuccess = () => { const q = r.result.transaction('replicas').objectStore('replicas').count(); q.onsuccess = () => done(q.result); };",
            vec![],
        )
        .await?;
    assert_eq!(left, 0);
    browser.close().await
}

/// How many values the device keeps for `user` in the store `name` (keys `user:...` or `user`).
async fn kept_for(browser: &Browser, name: &str, user: &str) -> anyhow::Result<u64> {
    let script = "const [name, user, done] = arguments; const r = indexedDB.open('kompeten'); r.onsuccess = () => { const q = r.result.transaction(name).objectStore(name).getAllKeys(); q.onsuccess = () => done(q.result.filter(k => k === user || k.startsWith(user + ':')).length); };";
    let count = browser.client.execute_async(script, vec![name.into(), user.into()]).await?;
    count.as_u64().context("a count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_of_a_shared_device_removes_the_users_data_once_nothing_waits_to_be_sent() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(1024, 768).await?;
    browser.sign_in(&server.url, &server.employee).await?;
    browser.wait_for_text_containing("last-sync", "Sinkronisasi terakhir", SHORT).await?;
    let user = server.state.database().account_by_nip(&server.employee.nip)?.context("the employee")?.0.to_string();

    // Something waits to be sent: the data cannot go, and the user is told why.
    browser.set_offline(true).await?;
    browser.follow("/pelatihan").await?;
    browser.click("add-training").await?;
    browser.type_into("t-title", "Pelatihan di perangkat bersama").await?;
    browser.type_into("t-provider", "BPSDM").await?;
    browser.set_value("t-start", "2026-08-10").await?;
    browser.set_value("t-end", "2026-08-10").await?;
    browser.type_into("t-jp", "6").await?;
    browser.click("t-save").await?;
    browser.wait_for_text_containing("training-title", "Pelatihan di perangkat bersama", SHORT).await?;
    browser.click("sign-out").await?;
    browser.wait_for_text_containing("sign-out-unsent", "belum terkirim", SHORT).await?;
    assert!(browser.all("sign-out-remove").await?.is_empty(), "no removal while something waits");
    browser.click("sign-out").await?; // Closes the choices.

    // Sent, it may go.
    browser.set_offline(false).await?;
    browser.wait_for_text_containing("pending", "tersinkronisasi", SYNC_TIMEOUT).await?;
    assert!(kept_for(&browser, "records-training", &user).await? > 0);
    browser.click("sign-out").await?;
    browser.click("sign-out-remove").await?;
    browser.wait_for("nip").await?;
    browser.wait_for_text_containing("announcement", "dihapus", SHORT).await?;
    for store in ["records-training", "records-self_assessment", "outbox", "attention", "people", "heads", "references", "journal"] {
        assert_eq!(kept_for(&browser, store, &user).await?, 0, "{store} still holds the user's data");
    }
    // Signing in again brings it all back from the server.
    browser.submit_sign_in(&server.employee).await?;
    browser.wait_for_text("profile-name").await?;
    browser.follow("/pelatihan").await?;
    browser.wait_for_text_containing("training-title", "Pelatihan di perangkat bersama", SYNC_TIMEOUT).await?;
    browser.close().await
}

/// Whether the service worker keeps an `/assets/` file whose name contains `part`.
async fn kept_by_service_worker(browser: &Browser, part: &str) -> anyhow::Result<bool> {
    let script = "return caches.keys()
        .then((names) => Promise.all(names.map((name) => caches.open(name).then((cache) => cache.keys()))))
        .then((all) => all.flat().some((request) => new URL(request.url).pathname.startsWith('/assets/') && request.url.includes(arguments[0])));";
    Ok(browser.client.execute(script, vec![serde_json::json!(part)]).await? == serde_json::json!(true))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hrs_screen_loaded_on_demand_opens_offline_the_first_time() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(1024, 768).await?;
    browser.sign_in(&server.url, &server.hr_admin).await?;
    browser.wait_for_service_worker().await?;
    // The verification screen is not in the first load: its chunk is fetched once the app is up,
    // and kept by the service worker.
    let started = std::time::Instant::now();
    while !kept_by_service_worker(&browser, "-verify-").await? {
        anyhow::ensure!(started.elapsed() < SYNC_TIMEOUT, "the verification screen's chunk was never kept for offline use");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Offline, after a reload, HR opens it for the first time.
    browser.set_offline(true).await?;
    browser.client.refresh().await?;
    browser.wait_for_text("profile-name").await?;
    browser.follow("/verifikasi").await?;
    browser.wait_for_text_containing("verify-empty", "Tidak ada pelatihan", SHORT).await?;
    assert!(browser.all("screen-unavailable").await?.is_empty());
    browser.set_offline(false).await?;
    browser.close().await
}
