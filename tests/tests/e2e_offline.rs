//! The offline promise, end to end in real headless Chromium against the real server: entries
//! made with no network survive a reload, sync by themselves when the network returns, and the
//! supervisor's decisions, made offline on a tablet-sized screen, reach the employee. And the
//! conflict case: an edit made offline to an assessment approved meanwhile comes back under
//! "Perlu perhatian" as locked, with the user's text kept.

use std::time::Duration;

use anyhow::Context;
use tests::{Browser, TestServer};

/// Sync retries with backoff (at most 30 s apart); allow for one full wait and some.
const SYNC_TIMEOUT: Duration = Duration::from_secs(45);
const SHORT: Duration = Duration::from_secs(15);

/// Everything the page shows, for a failure's message.
async fn page_text(browser: &Browser) -> String {
    match browser.client.execute("return document.body.innerText", vec![]).await {
        Ok(text) => text.as_str().unwrap_or_default().to_owned(),
        Err(error) => format!("(the page could not be read: {error})"),
    }
}

/// The statuses of the self-assessments stored on the server.
fn assessment_statuses(server: &TestServer) -> Vec<String> {
    let records = server.state.database().all_records().unwrap_or_default();
    records
        .iter()
        .filter_map(|record| match record {
            shared::command::Record::SelfAssessment(assessment) => Some(format!("{:?}", assessment.status)),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entries_made_offline_survive_a_reload_and_sync_by_themselves() -> anyhow::Result<()> {
    let server = TestServer::start();
    let employee = Browser::start(1280, 900).await?;
    employee.sign_in(&server.url, &server.employee).await?;
    employee.wait_for_text_containing("last-sync", "Sinkronisasi terakhir", SHORT).await?;
    employee.wait_for_service_worker().await?;
    employee.follow("/penilaian").await?;
    employee.wait_for("competency-field").await?;

    // The network goes away.
    employee.set_offline(true).await?;

    // A self-assessment, filled and submitted offline.
    employee.choose_level_everywhere(2).await?;
    let evidence = employee.all("evidence").await?;
    evidence[0].send_keys("Menyusun laporan kepegawaian bulanan").await?;
    employee.click("submit").await?;
    employee.wait_for_text_containing("form-message", "Diajukan", SHORT).await?;
    employee.wait_for("waiting").await?;

    // A training record, added and submitted offline.
    employee.follow("/pelatihan").await?;
    employee.click("add-training").await?;
    fill_training_form(&employee, "Pelatihan Arsip Digital", "ANRI", ("2026-05-04", "2026-05-05"), "16").await?;
    employee.click("t-submit").await?;
    employee.wait_for_text_containing("training-title", "Pelatihan Arsip Digital", SHORT).await?;
    employee.wait_for_text_containing("pending", "4 perubahan menunggu sinkronisasi", SHORT).await?;

    // A reload while still offline: the app opens, the entries are there, shown as waiting.
    employee.client.refresh().await?;
    employee.wait_for_text_containing("training-title", "Pelatihan Arsip Digital", SHORT).await?;
    employee.wait_for_text_containing("pending", "4 perubahan menunggu sinkronisasi", SHORT).await?;
    employee.wait_for("waiting").await?;
    employee.wait_for_text_containing("connection", "Luring", SHORT).await?;
    employee.snapshot("offline-training").await;

    // The network comes back: the entries sync by themselves.
    employee.set_offline(false).await?;
    employee.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", SYNC_TIMEOUT).await?;
    employee.wait_for_text_containing("connection", "Daring", SHORT).await?;
    anyhow::ensure!(employee.all("waiting").await?.is_empty(), "nothing is shown as waiting any more");

    // The supervisor, on a tablet-sized screen, sees both in the queue.
    let supervisor = Browser::start(1024, 768).await?;
    supervisor.sign_in(&server.url, &server.supervisor).await?;
    supervisor.follow("/tim").await?;
    supervisor.wait_for("queue").await?;
    let items = supervisor.all("queue-item").await?;
    anyhow::ensure!(items.len() == 2, "the queue shows {} items", items.len());
    let queue = supervisor.wait_for_text("queue").await?;
    anyhow::ensure!(queue.contains(&server.employee.name) && queue.contains("Pelatihan Arsip Digital"), "{queue}");
    supervisor.snapshot("supervisor-queue").await;

    // Offline, the supervisor approves the self-assessment and returns (rejects) the training.
    supervisor.set_offline(true).await?;
    supervisor.open_queue_item("Penilaian Mandiri").await?;
    supervisor.wait_for_text_containing("review-name", &server.employee.name, SHORT).await?;
    supervisor.type_into("review-comment", "Bukti sudah memadai.").await?;
    supervisor.snapshot("supervisor-review").await;
    supervisor.click("approve").await?;
    supervisor.open_queue_item("Pelatihan Arsip Digital").await?;
    supervisor.type_into("reject-reason", "Lampirkan nomor sertifikat.").await?;
    supervisor.click("reject").await?;
    supervisor.wait_for("queue-empty").await?;
    supervisor.wait_for_text_containing("pending", "2 perubahan menunggu sinkronisasi", SHORT).await?;

    supervisor.set_offline(false).await?;
    supervisor.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", SYNC_TIMEOUT).await?;
    anyhow::ensure!(supervisor.all("attention-count").await?.is_empty(), "the server accepted both decisions");

    // The employee sees both decisions.
    employee.click("sync-now").await?;
    employee.wait_for_text_containing("rejection-reason", "Lampirkan nomor sertifikat.", SYNC_TIMEOUT).await?;
    employee.follow("/penilaian").await?;
    employee.wait_for_text_containing("status", "Disetujui", SHORT).await?;
    employee.wait_for_text_containing("review-comment", "Bukti sudah memadai.", SHORT).await?;
    employee.snapshot("employee-decision").await;

    supervisor.close().await?;
    employee.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_edit_of_an_assessment_approved_meanwhile_comes_back_as_locked_with_the_text_kept() -> anyhow::Result<()> {
    let server = TestServer::start();
    let employee = Browser::start(1280, 900).await?;
    employee.sign_in(&server.url, &server.employee).await?;
    employee.follow("/penilaian").await?;
    employee.choose_level_everywhere(2).await?;
    employee.click("submit").await?;
    // Stored first (until then "all synced" is still the text from before the click), then sent.
    employee.wait_for_text_containing("status", "Diajukan", SHORT).await?;
    employee.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", SYNC_TIMEOUT).await?;

    // The supervisor returns it with a comment.
    let supervisor = Browser::start(1024, 768).await?;
    supervisor.sign_in(&server.url, &server.supervisor).await?;
    supervisor.follow("/tim").await?;
    supervisor.open_queue_item("Penilaian Mandiri").await?;
    supervisor.type_into("review-comment", "Tambahkan bukti untuk M.01.").await?;
    supervisor.click("return").await?;
    supervisor.wait_for("queue-empty").await?;
    supervisor.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", SYNC_TIMEOUT).await?;

    // The employee sees it returned, goes offline, and edits it.
    employee.click("sync-now").await?;
    employee.wait_for_text_containing("status", "Dikembalikan", SYNC_TIMEOUT).await?;
    employee.set_offline(true).await?;
    employee.all("evidence").await?[0].send_keys("Bukti tambahan: notulen rapat").await?;
    employee.click("save-draft").await?;
    employee.wait_for_text_containing("form-message", "Tersimpan", SHORT).await?;
    employee.wait_for_text_containing("pending", "1 perubahan menunggu sinkronisasi", SHORT).await?;

    // Meanwhile, on the employee's phone, it is resubmitted as it was, and the supervisor approves.
    let phone = Browser::start(412, 900).await?;
    phone.sign_in(&server.url, &server.employee).await?;
    phone.follow("/penilaian").await?;
    phone.wait_for_text_containing("status", "Dikembalikan", SYNC_TIMEOUT).await?;
    phone.click("submit").await?;
    // As above: stored before "all synced" can mean sent. (Waiting for that text alone once let
    // the phone close before it had even stored the resubmission.)
    if let Err(error) = phone.wait_for_text_containing("status", "Diajukan", SHORT).await {
        anyhow::bail!("{error}; the phone shows: {}", page_text(&phone).await);
    }
    phone.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", SYNC_TIMEOUT).await?;
    // The resubmission is on the server (what the supervisor is about to pull).
    let on_server = assessment_statuses(&server);
    anyhow::ensure!(on_server == ["Submitted"], "the server has {on_server:?}; the phone shows: {}", page_text(&phone).await);
    phone.close().await?;
    supervisor.click("sync-now").await?;
    supervisor.open_queue_item("Penilaian Mandiri").await?;
    supervisor.click("approve").await?;
    supervisor.wait_for("queue-empty").await?;
    supervisor.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", SYNC_TIMEOUT).await?;
    supervisor.close().await?;

    // Back online: the edit is refused as locked and listed under "Perlu perhatian" with the text.
    employee.set_offline(false).await?;
    employee.wait_for_text_containing("attention-count", "1", SYNC_TIMEOUT).await?;
    employee.follow("/perhatian").await?;
    let reason = employee.wait_for_text("attention-reason").await?;
    anyhow::ensure!(reason.starts_with("Terkunci"), "{reason}");
    let kept = employee.wait_for_text("attention-data").await?;
    anyhow::ensure!(kept.contains("Bukti tambahan: notulen rapat"), "{kept}");
    employee.snapshot("attention-locked").await;

    // The approved assessment is untouched; the kept edit becomes a proposed amendment.
    employee.click("attention-rework").await?;
    employee.wait_for_text_containing("status", "Draf", SHORT).await?;
    let evidence = employee.all("evidence").await?[0].prop("value").await?.unwrap_or_default();
    anyhow::ensure!(evidence.contains("Bukti tambahan: notulen rapat"), "{evidence}");
    employee.follow("/perhatian").await?;
    employee.wait_for("attention-empty").await?;
    anyhow::ensure!(employee.all("attention-count").await?.is_empty(), "the attention list is empty again");
    employee.close().await
}

/// Starts counting this page's requests afresh (the browser's own record of them, kept whatever
/// the server answered).
async fn clear_request_log(browser: &Browser) -> anyhow::Result<()> {
    browser.client.execute("performance.setResourceTimingBufferSize(10000); performance.clearResourceTimings();", vec![]).await?;
    Ok(())
}

/// How many pushes this page has sent since the log was cleared.
async fn pushes_sent(browser: &Browser) -> anyhow::Result<u64> {
    let script = "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/sync/push')).length;";
    let count = browser.client.execute(script, vec![]).await?;
    count.as_u64().context("a number of requests")
}

/// Adds a training record on the training page and submits it.
async fn add_training(browser: &Browser, title: &str) -> anyhow::Result<()> {
    browser.follow("/pelatihan").await?;
    browser.click("add-training").await?;
    fill_training_form(browser, title, "BPSDM Provinsi", ("2026-08-10", "2026-08-11"), "12").await?;
    browser.click("t-submit").await?;
    browser.wait_for_text_containing("training-title", title, SHORT).await?;
    Ok(())
}

/// Types a training into the open form (title, provider, first and last day, JP), not yet saved.
async fn fill_training_form(browser: &Browser, title: &str, provider: &str, (start, end): (&str, &str), jp: &str) -> anyhow::Result<()> {
    browser.type_into("t-title", title).await?;
    browser.type_into("t-provider", provider).await?;
    browser.set_value("t-start", start).await?;
    browser.set_value("t-end", end).await?;
    browser.type_into("t-jp", jp).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_session_expires_the_same_user_signs_in_again_and_nobody_else_sends_or_sees_their_outbox_and_a_duplicate_typed_meanwhile_is_refused() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(1024, 768).await?;
    browser.sign_in(&server.url, &server.employee).await?;
    browser.wait_for_text_containing("last-sync", "Sinkronisasi terakhir", SHORT).await?;

    // Offline, the employee records a training; meanwhile the session ends (its cookie is gone,
    // which is what the server's expiry looks like from the browser).
    browser.set_offline(true).await?;
    add_training(&browser, "Kursus Bahasa Français").await?;
    browser.wait_for_text_containing("pending", "2 perubahan menunggu sinkronisasi", SHORT).await?;
    // The same training typed again in capitals (a non-ASCII one among them) with the same dates is
    // refused on the device, offline, as the server would: the title comparison ignores case.
    browser.click("add-training").await?;
    fill_training_form(&browser, "KURSUS  BAHASA FRANÇAIS", "BPSDM Provinsi", ("2026-08-10", "2026-08-11"), "12").await?;
    browser.click("t-save").await?;
    browser.wait_for_text_containing("training-error", "sudah tercatat", SHORT).await?;
    browser.wait_for_text_containing("pending", "2 perubahan menunggu sinkronisasi", SHORT).await?;
    browser.click("t-cancel").await?;
    browser.client.delete_all_cookies().await?;

    // Back online, sync finds the session over: it says so, keeps everything, and work goes on.
    browser.set_offline(false).await?;
    browser.wait_for("session-expired").await?;
    add_training(&browser, "Seminar Manajemen ASN").await?;
    browser.wait_for_text_containing("pending", "4 perubahan menunggu sinkronisasi", SHORT).await?;

    // Another user signs in on this device: they neither see the first user's records nor send
    // their outbox.
    browser.follow("/masuk").await?;
    browser.wait_for("sign-in-again").await?;
    clear_request_log(&browser).await?;
    browser.submit_sign_in(&server.supervisor).await?;
    browser.wait_for_text_containing("profile-name", &server.supervisor.name, SHORT).await?;
    // The queue is the supervisor's own (the employee has no team): their data is open and synced.
    browser.follow("/tim").await?;
    browser.wait_for("queue-empty").await?;
    browser.wait_for_text_containing("last-sync", "Sinkronisasi terakhir", SYNC_TIMEOUT).await?;
    browser.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", SHORT).await?;
    let pushes = pushes_sent(&browser).await?;
    anyhow::ensure!(pushes == 0, "the supervisor has nothing to send, so nothing was pushed: {pushes} pushes");
    browser.follow("/pelatihan").await?;
    browser.wait_for("training-empty").await?;
    browser.sign_out().await?;

    // The employee signs in again: the kept outbox syncs, in order, by itself.
    browser.submit_sign_in(&server.employee).await?;
    browser.wait_for_text_containing("profile-name", &server.employee.name, SHORT).await?;
    browser.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", SYNC_TIMEOUT).await?;
    anyhow::ensure!(pushes_sent(&browser).await? >= 1, "the count sees pushes: the employee's outbox went out in one");
    browser.follow("/pelatihan").await?;
    let titles: Vec<String> = {
        browser.wait_for("training-card").await?;
        let mut titles = Vec::new();
        for card in browser.all("training-title").await? {
            titles.push(card.text().await?);
        }
        titles
    };
    anyhow::ensure!(titles.len() == 2, "{titles:?}");
    anyhow::ensure!(browser.all("waiting").await?.is_empty(), "both are synced");
    anyhow::ensure!(titles.contains(&"Kursus Bahasa Français".to_owned()) && titles.contains(&"Seminar Manajemen ASN".to_owned()), "{titles:?}");
    for status in browser.all("status").await? {
        let status = status.text().await?;
        anyhow::ensure!(status == "Diajukan", "every record is submitted, found {status:?}");
    }
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_training_is_confirmed_by_the_supervisor_verified_by_hr_and_counts_towards_the_yearly_jp() -> anyhow::Result<()> {
    let server = TestServer::start();
    // One shared device, used in turn by the employee, the supervisor and HR.
    let browser = Browser::start(1024, 768).await?;
    let sign_out = || async {
        browser.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", SYNC_TIMEOUT).await?;
        browser.sign_out().await?;
        browser.wait_for("nip").await.map(drop)
    };

    browser.sign_in(&server.url, &server.employee).await?;
    add_training(&browser, "Bimbingan Teknis SIASN").await?;
    browser.wait_for_text_containing("jp-text", "0 dari 20 JP diakui · 12 JP masih diproses", SHORT).await?;
    sign_out().await?;

    browser.sign_in(&server.url, &server.supervisor).await?;
    browser.follow("/tim").await?;
    browser.open_queue_item("Bimbingan Teknis SIASN").await?;
    browser.click("confirm").await?;
    browser.wait_for("queue-empty").await?;
    sign_out().await?;

    browser.sign_in(&server.url, &server.hr_admin).await?;
    browser.follow("/verifikasi").await?;
    browser.wait_for_text_containing("verify-item", "Bimbingan Teknis SIASN", SYNC_TIMEOUT).await?;
    // More than claimed is refused on the spot, with the reason.
    browser.type_into("jp-recognised", "13").await?;
    browser.click("verify").await?;
    browser.wait_for_text_containing("verify-error", "antara 1 dan 12", SHORT).await?;
    browser.type_into("jp-recognised", "10").await?;
    browser.click("verify").await?;
    browser.wait_for("verify-empty").await?;
    sign_out().await?;

    browser.sign_in(&server.url, &server.employee).await?;
    browser.follow("/pelatihan").await?;
    browser.wait_for_text_containing("jp-text", "10 dari 20 JP diakui", SYNC_TIMEOUT).await?;
    browser.wait_for_text_containing("status", "Diverifikasi", SHORT).await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_in_another_tab_pauses_this_tabs_sync_and_its_outbox_waits_for_its_user() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(1024, 768).await?;
    browser.sign_in(&server.url, &server.employee).await?;
    browser.wait_for_text_containing("last-sync", "Sinkronisasi terakhir", SHORT).await?;
    let employee_tab = browser.client.window().await?;

    // In a second tab of the same browser (same cookie jar), the employee signs out and the
    // supervisor signs in.
    let supervisor_tab = browser.client.new_window(true).await?.handle;
    browser.client.switch_to_window(supervisor_tab.clone()).await?;
    browser.client.goto(&server.url).await?;
    browser.wait_for_text_containing("profile-name", &server.employee.name, SHORT).await?;
    browser.sign_out().await?;
    browser.sign_in(&server.url, &server.supervisor).await?;

    // Back in the first tab, the employee records and submits a training: it is kept on the
    // device, and never sent under the supervisor's session.
    browser.client.switch_to_window(employee_tab.clone()).await?;
    browser.wait_for("session-expired").await?;
    clear_request_log(&browser).await?;
    add_training(&browser, "Pelatihan Jabatan Fungsional").await?;
    browser.click("sync-now").await?;
    // Whatever the change and that click set going has time to happen: no push is sent.
    let watched = std::time::Instant::now();
    while watched.elapsed() < Duration::from_secs(3) {
        let pushes = pushes_sent(&browser).await?;
        anyhow::ensure!(pushes == 0, "nothing is sent under the supervisor's session: {pushes} pushes");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.wait_for_text_containing("pending", "2 perubahan menunggu sinkronisasi", SHORT).await?;
    anyhow::ensure!(browser.all("attention-count").await?.is_empty(), "nothing was refused: it waits");

    browser.client.switch_to_window(supervisor_tab.clone()).await?;
    browser.follow("/tim").await?;
    browser.wait_for("queue-empty").await?;

    // The employee signs in again (in their tab): the outbox goes out, and the supervisor's queue
    // has it once the supervisor is back too.
    browser.client.switch_to_window(employee_tab).await?;
    browser.follow("/masuk").await?;
    browser.type_into("password", tests::DEMO_PASSWORD).await?;
    browser.click("sign-in").await?;
    browser.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", SYNC_TIMEOUT).await?;
    anyhow::ensure!(pushes_sent(&browser).await? >= 1, "the count sees pushes: the outbox went out once its user was back");
    browser.client.switch_to_window(supervisor_tab).await?;
    browser.wait_for("session-expired").await?;
    browser.follow("/masuk").await?;
    browser.type_into("password", tests::DEMO_PASSWORD).await?;
    browser.click("sign-in").await?;
    browser.follow("/tim").await?;
    browser.wait_for_text_containing("queue", "Pelatihan Jabatan Fungsional", SYNC_TIMEOUT).await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_slow_to_answer_does_not_keep_the_user_from_their_data() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(1024, 768).await?;
    browser.sign_in(&server.url, &server.employee).await?;
    browser.wait_for_service_worker().await?;
    browser.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", SYNC_TIMEOUT).await?;

    // Every request now waits half a minute: the app still opens at once as this device's user,
    // from what it stored, while the question "who is signed in?" is on its way.
    browser.set_latency(Duration::from_secs(30)).await?;
    browser.client.refresh().await?;
    browser.wait_for_text_containing("profile-name", &server.employee.name, Duration::from_secs(10)).await?;
    browser.follow("/pelatihan").await?;
    browser.wait_for("jp-progress").await?;
    browser.set_offline(false).await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_found_over_at_start_keeps_the_users_page_and_asks_them_to_sign_in_again() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(1024, 768).await?;
    browser.sign_in(&server.url, &server.employee).await?;
    browser.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", SYNC_TIMEOUT).await?;

    // The session ends while the page is closed (its cookie is gone); the app opens again on a
    // slow connection, so the user is at work from the device's store before the server says so.
    browser.client.delete_all_cookies().await?;
    browser.set_latency(Duration::from_secs(3)).await?;
    browser.client.refresh().await?;
    browser.wait_for_text_containing("profile-name", &server.employee.name, SHORT).await?;
    browser.wait_for("session-expired").await?;
    anyhow::ensure!(browser.all("nip").await?.is_empty(), "the user is not sent away to the sign-in form");
    browser.set_offline(false).await?;
    browser.close().await
}

/// How many of the supervisor's queue cards show `needle` (counted in the page: hundreds of
/// WebDriver round trips would be slow).
async fn queue_cards_showing(browser: &Browser, needle: &str) -> anyhow::Result<u64> {
    let script = format!(
        "return [...document.querySelectorAll('[data-testid=queue-item]')].filter(e => e.textContent.includes({needle:?})).length"
    );
    browser.client.execute(&script, vec![]).await?.as_u64().context("a count")
}

async fn wait_for_queue_cards(browser: &Browser, needle: &str, count: u64) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    loop {
        let shown = queue_cards_showing(browser, needle).await?;
        if shown == count {
            return Ok(());
        }
        anyhow::ensure!(started.elapsed() < SYNC_TIMEOUT, "the queue shows {shown} of {count} cards");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_pull_of_several_pages_brings_every_record_and_keeps_them_for_offline_use() -> anyhow::Result<()> {
    use shared::kinds::training::{TrainingDetails, TrainingForm};

    let server = TestServer::start();
    // 600 submitted trainings of the employee, stored directly: the supervisor's first pull takes
    // more than one page (500 changes each).
    const TRAININGS: usize = 600;
    let store = server.state.database();
    let (employee, _) = store.account_by_nip(&server.employee.nip)?.context("the employee")?;
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as i64;
    let trainings = (0..TRAININGS).map(|n| TrainingDetails {
        title: format!("Webinar Seri {n:03}"),
        form: TrainingForm::ELearning,
        provider: "LAN RI".to_owned(),
        start: time::macros::date!(2026 - 05 - 04),
        end: time::macros::date!(2026 - 05 - 04),
        jp_claimed: 2,
        competencies: vec![],
        certificate_number: format!("LAN/2026/{n:04}"),
    });
    tests::submit_trainings(store, employee, trainings, now_ms)?;

    let tablet = Browser::start(1024, 768).await?;
    tablet.sign_in(&server.url, &server.supervisor).await?;
    tablet.wait_for_service_worker().await?;
    tablet.follow("/tim").await?;
    wait_for_queue_cards(&tablet, "Webinar Seri", TRAININGS as u64).await?;
    tablet.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", SHORT).await?;

    // Stored, not only shown: with no network, a reload shows every one of them again.
    tablet.set_offline(true).await?;
    tablet.client.refresh().await?;
    wait_for_queue_cards(&tablet, "Webinar Seri", TRAININGS as u64).await?;
    tablet.close().await
}

/// The value of the input with `data-testid`, read in the page.
async fn value_of(browser: &Browser, test_id: &str) -> anyhow::Result<String> {
    let script = format!("const e = document.querySelector('[data-testid={test_id}]'); return e ? e.value : null");
    Ok(browser.client.execute(&script, vec![]).await?.as_str().unwrap_or_default().to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_training_forms_asks_only_when_something_was_typed() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(1280, 900).await?;
    browser.sign_in(&server.url, &server.employee).await?;
    browser.follow("/pelatihan").await?;
    browser.click("add-training").await?;
    fill_training_form(&browser, "Draf Pelatihan Kearsipan", "ANRI", ("2026-09-01", "2026-09-02"), "8").await?;
    browser.click("t-save").await?;
    browser.wait_for_text_containing("training-title", "Draf Pelatihan Kearsipan", SHORT).await?;

    // A new form with nothing typed in it gives way to the draft's form without a question (an
    // open dialog would make the next WebDriver command fail).
    // The button is at the top of the page, under the sticky sync bar once the page has scrolled.
    let to_top = || browser.client.execute("window.scrollTo(0, 0)", vec![]);
    to_top().await?;
    browser.click("add-training").await?;
    anyhow::ensure!(value_of(&browser, "t-title").await?.is_empty(), "a new, empty form is open");
    browser.click("edit-training").await?;
    let started = std::time::Instant::now();
    while value_of(&browser, "t-title").await? != "Draf Pelatihan Kearsipan" {
        anyhow::ensure!(started.elapsed() < SHORT, "the draft's form did not open");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // With something typed, switching asks first; saying no keeps what was typed.
    browser.type_into("t-title", "Draf Pelatihan Kearsipan Lanjutan").await?;
    to_top().await?;
    browser.click("add-training").await?;
    let question = browser.client.get_alert_text().await?;
    anyhow::ensure!(question.starts_with("Tutup formulir yang sedang diisi?"), "{question:?}");
    browser.client.dismiss_alert().await?;
    anyhow::ensure!(value_of(&browser, "t-title").await? == "Draf Pelatihan Kearsipan Lanjutan", "the typed title is kept");
    browser.close().await
}
