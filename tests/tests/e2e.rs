//! End to end in real headless Chromium against the real server on a loopback port: what a user
//! sees when signing in, including each way it can fail.

use tests::{Browser, TestServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_employee_signs_in_and_sees_their_profile_and_standard() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(1024, 768).await?;
    browser.client.goto(&server.url).await?;

    // Not signed in: the app sends the user to the sign-in page, with nothing in the console
    // (asking who is signed in is not an error when nobody is).
    browser.wait_for("nip").await?;
    assert!(browser.client.current_url().await?.path().ends_with("/masuk"));
    let errors = browser.console_errors().await?;
    assert!(errors.is_empty(), "the console shows errors: {errors:?}");
    browser.submit_sign_in(&server.employee).await?;

    assert_eq!(browser.wait_for_text("profile-name").await?, server.employee.name);
    assert_eq!(browser.wait_for_text("profile-nip").await?, server.employee.nip.formatted());
    assert!(browser.wait_for_text("profile-position").await?.contains("Pengadministrasi Umum"));
    let standard = browser.wait_for_text("standard-table").await?;
    for expected in ["M.01", "Integritas", "SK.01", "Perekat Bangsa", "T.01", "Paham"] {
        assert!(standard.contains(expected), "the standard lacks {expected}:\n{standard}");
    }
    let rows = browser.client.find_all(fantoccini::Locator::Css("[data-testid=standard-row]")).await?;
    assert_eq!(rows.len(), 10);

    // `KOMPETEN_SCREENSHOT_DIR=docs cargo xtask test --test e2e` refreshes the README's picture.
    if let Ok(dir) = std::env::var("KOMPETEN_SCREENSHOT_DIR") {
        browser.client.set_window_size(1024, 1180).await?;
        std::fs::write(std::path::Path::new(&dir).join("home.png"), browser.client.screenshot().await?)?;
        browser.client.set_window_size(1024, 768).await?;
    }

    // A reload keeps the session (the cookie), and signing out returns to the sign-in page.
    browser.client.refresh().await?;
    assert_eq!(browser.wait_for_text("profile-name").await?, server.employee.name);
    browser.sign_out().await?;
    browser.wait_for("nip").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_or_malformed_nip_shows_a_specific_message() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(768, 1024).await?;

    // On a slow connection the sign-in page is painted from index.html before the app arrives;
    // what is typed into it then is still there when the app takes over. The typing is done by
    // a script in the page, the moment the shell's field exists (WebDriver's own commands wait for
    // the page to load, and by then the app is there).
    browser.set_latency(std::time::Duration::from_millis(1000)).await?;
    let typing = "if (!sessionStorage.getItem('typed')) { sessionStorage.setItem('typed', '1'); const timer = setInterval(() => { \
        const field = document.querySelector('#boot #nip'); if (!field) return; clearInterval(timer); \
        field.focus(); field.value = '19890711'; window.typedInShell = true; }, 1); }";
    browser.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": typing })).await?;
    browser.client.goto(&format!("{}/masuk", server.url)).await?;
    browser.set_offline(false).await?;
    let nip = browser.wait_for("nip").await?;
    assert_eq!(browser.client.execute("return window.typedInShell === true;", vec![]).await?, serde_json::json!(true));
    assert_eq!(nip.prop("value").await?.as_deref(), Some("19890711"), "what was typed before the app started is lost");
    let focused = browser.client.execute("return document.activeElement && document.activeElement.id;", vec![]).await?;
    assert_eq!(focused, serde_json::json!("nip"));

    browser.type_into("nip", server.employee.nip.as_str()).await?;
    browser.type_into("password", "bukan-sandinya").await?;
    browser.click("sign-in").await?;
    assert_eq!(
        browser.wait_for_text("password-error").await?,
        "Kata sandi salah. Periksa kembali, lalu coba lagi."
    );
    let invalid = browser.wait_for("password").await?.attr("aria-invalid").await?;
    assert_eq!(invalid.as_deref(), Some("true"));

    // A NIP with a digit missing is explained before anything is sent.
    browser.type_into("nip", "19890711201607101").await?;
    browser.click("sign-in").await?;
    assert_eq!(
        browser.wait_for_text("nip-error").await?,
        "NIP terdiri dari 18 digit; yang diisi 17 digit."
    );

    // With the server gone, the form says so instead of failing silently.
    let employee = server.employee.clone();
    drop(server);
    browser.submit_sign_in(&employee).await?;
    assert!(browser.wait_for_text("form-error").await?.starts_with("Server tidak dapat dihubungi"));
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_one_visit_the_app_opens_with_no_network() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(1024, 768).await?;
    browser.client.goto(&format!("{}/masuk", server.url)).await?;
    browser.wait_for("nip").await?;

    // The service worker has cached the shell and controls the page.
    browser.wait_for_service_worker().await?;
    let manifest = browser.client.execute("return document.querySelector('link[rel=manifest]').href;", vec![]).await?;
    assert!(manifest.as_str().unwrap_or_default().ends_with("/manifest.webmanifest"));

    // Offline, a reload still opens the app; it says the server cannot be reached.
    reload_offline_to_the_sign_in_page(&browser).await?;
    browser.set_offline(false).await?;
    browser.close().await
}

/// Reloads with no network, and checks the app opens at the sign-in form, signed in as nobody,
/// saying the server cannot be reached.
async fn reload_offline_to_the_sign_in_page(browser: &Browser) -> anyhow::Result<()> {
    browser.set_offline(true).await?;
    browser.client.refresh().await?;
    browser.wait_for("nip").await?;
    let notice = browser.client.find(fantoccini::Locator::Css(".notice-warning")).await?.text().await?;
    assert!(notice.contains("Server tidak dapat dihubungi"), "{notice}");
    // The header's sign-out button shows on every page for a signed-in user.
    let signed_in = browser.client.execute("return document.querySelector('[data-testid=sign-out]') !== null;", vec![]).await?;
    assert_eq!(signed_in, serde_json::json!(false), "the page opened as a signed-in user");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_sign_out_the_next_person_does_not_get_the_previous_users_data_even_if_the_device_failed_to_forget_them() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(1024, 768).await?;
    browser.sign_in(&server.url, &server.employee).await?;
    browser.wait_for_service_worker().await?;
    // IndexedDB refuses to delete anything from now on in this page, as a full or broken store
    // might: signing out cannot forget the stored profile there.
    browser
        .client
        .execute("IDBObjectStore.prototype.delete = function () { throw new DOMException('refused', 'UnknownError'); };", vec![])
        .await?;
    browser.sign_out().await?;
    browser.wait_for("nip").await?;

    // The next person opens the app with no network: it does not open as the previous user.
    reload_offline_to_the_sign_in_page(&browser).await?;
    browser.set_offline(false).await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_speaks_english_when_asked_and_remembers_it() -> anyhow::Result<()> {
    let server = TestServer::start();
    let browser = Browser::start(1024, 768).await?;
    browser.client.goto(&format!("{}/masuk", server.url)).await?;
    browser.wait_for("nip").await?;
    let switch = browser.wait_for("language").await?;
    assert_eq!((switch.text().await?, switch.attr("aria-label").await?), ("EN".to_owned(), Some("English".to_owned())));
    browser.click("language").await?;

    // The page comes back in English, and says what is wrong in English too.
    browser.wait_for_text_containing("language", "ID", std::time::Duration::from_secs(15)).await?;
    let title = browser.client.find(fantoccini::Locator::Css("h1")).await?.text().await?;
    assert_eq!(title, "Sign in to Kompeten");
    browser.type_into("nip", "19890711201607101").await?;
    browser.click("sign-in").await?;
    assert_eq!(browser.wait_for_text("nip-error").await?, "A NIP has 18 digits; this one has 17.");
    let lang = browser.client.execute("return document.documentElement.lang;", vec![]).await?;
    assert_eq!(lang, "en");

    // Signed in, the screens are in English as well; the choice survives a reload.
    browser.submit_sign_in(&server.employee).await?;
    browser.wait_for_text("profile-name").await?;
    browser.client.refresh().await?;
    browser.wait_for_text_containing("pending", "All changes synced", std::time::Duration::from_secs(15)).await?;
    browser.client.set_window_size(390, 844).await?;
    browser.snapshot("english-phone").await;
    browser.close().await
}
