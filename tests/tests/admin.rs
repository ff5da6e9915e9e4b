//! HR's administrative endpoints over HTTP: the import's preview and confirmation, what they
//! refuse, and who may call them.

use axum::http::{Method, StatusCode};
use serde_json::json;
use shared::api::IssuedPasswords;
use shared::import::ImportReport;
use tests::{DEMO_PASSWORD, TestApp};

const UNITS: &str = "kode;nama;induk\nUPT-DIKLAT;UPT Pendidikan dan Pelatihan;BKPSDM\n";
const POSITIONS: &str = "kode;nama;jenjang;unit;atasan;T.04\n\
    JAB-101;Kepala UPT Pendidikan dan Pelatihan;Pengawas;UPT-DIKLAT;JAB-005;3\n\
    JAB-102;Pengelola Diklat;Pelaksana;UPT-DIKLAT;JAB-101;2\n";
/// The newcomer of [`EMPLOYEES`] with a PPPK NIP.
const NEWCOMER: &str = "199512302024211002";
const EMPLOYEES: &str = "\u{feff}nip,nama,pangkat,jenis,jabatan,tanggal_lahir,tmt\r\n\
    198807142012032001,\"Rahmawati, S.Pd.\",III/c,PNS,JAB-101,14/07/1988,01/03/2012\r\n\
    199512302024211002,Yoga Pratama,VII,PPPK,JAB-102,30/12/1995,01/04/2024\r\n";

fn report(response: &tests::TestResponse) -> ImportReport {
    assert_eq!(response.status, StatusCode::OK, "{}", String::from_utf8_lossy(&response.body));
    serde_json::from_slice(&response.body).expect("an import report")
}

fn fields<'a>(files: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a [u8])> {
    files.iter().map(|(name, text)| (*name, text.as_bytes())).collect()
}

#[tokio::test]
async fn an_import_is_previewed_applied_once_confirmed_and_the_same_files_again_change_nothing() {
    let app = TestApp::new();
    let hr = app.session_of(&app.hr_admin).await;
    let files = [("units", UNITS), ("positions", POSITIONS), ("employees", EMPLOYEES)];
    let before = app.state.database().organisation().unwrap();

    let preview = report(&app.post_form("/api/v1/admin/import/preview", &fields(&files), &hr).await);
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert!(!preview.applied);
    let summary = &preview.summary;
    assert_eq!((summary.units.added, summary.positions.added, summary.employees.added), (1, 2, 2), "{summary:?}");
    assert_eq!(app.state.database().organisation().unwrap(), before, "a preview changes nothing");

    let mut confirm = fields(&files);
    confirm.push(("fingerprint", summary.fingerprint.as_bytes()));
    let applied = report(&app.post_form("/api/v1/admin/import/apply", &confirm, &hr).await);
    assert!(applied.applied && applied.problems.is_empty(), "{applied:?}");
    let after = app.state.database().organisation().unwrap();
    assert_eq!(after.employees.len(), before.employees.len() + 2);
    let newcomer = after.employees.iter().find(|e| e.nip.as_str() == "199512302024211002").unwrap();
    assert_eq!(newcomer.rank, shared::domain::Rank::Pppk(7));
    assert_eq!(newcomer.name, "Yoga Pratama");

    // The same files again: all unchanged, and confirming them writes nothing.
    let again = report(&app.post_form("/api/v1/admin/import/preview", &fields(&files), &hr).await);
    assert!(again.summary.is_empty(), "{:?}", again.summary);
    assert_eq!((again.summary.units.unchanged, again.summary.positions.unchanged, again.summary.employees.unchanged), (1, 2, 2));
    let mut confirm = fields(&files);
    confirm.push(("fingerprint", again.summary.fingerprint.as_bytes()));
    assert!(report(&app.post_form("/api/v1/admin/import/apply", &confirm, &hr).await).applied);
    assert_eq!(app.state.database().organisation().unwrap(), after);
    let staff = app.sign_in("199512302024211002", "x").await;
    assert_eq!(staff.error_code(), "unknown_nip", "an imported employee has no account until HR creates one");
}

#[tokio::test]
async fn files_with_problems_answer_each_by_row_and_column_and_are_not_applied() {
    let app = TestApp::new();
    let hr = app.session_of(&app.hr_admin).await;
    let employees = "nip;nama;pangkat;jenis;jabatan\n19881714201203200;Rahmawati;III/c;PNS;JAB-101\n";
    let files = [("positions", POSITIONS), ("employees", employees)];
    let before = app.state.database().organisation().unwrap();
    let preview = report(&app.post_form("/api/v1/admin/import/preview", &fields(&files), &hr).await);
    let found: Vec<_> = preview.problems.iter().map(|p| (p.file, p.row, p.column.as_deref(), p.problem.describe(false))).collect();
    use shared::import::ImportFile::*;
    assert_eq!(
        found,
        [
            (Positions, 2, Some("unit"), "Tidak ada unit berkode \"UPT-DIKLAT\", di berkas maupun di Kompeten.".to_owned()),
            (Positions, 3, Some("unit"), "Tidak ada unit berkode \"UPT-DIKLAT\", di berkas maupun di Kompeten.".to_owned()),
            (Employees, 2, Some("nip"), "NIP terdiri dari 18 digit; yang diisi 17 digit.".to_owned()),
            (Employees, 2, Some("jabatan"), "Jabatan \"JAB-101\" ada di baris 2 berkas jabatan, yang bermasalah sendiri: perbaiki baris itu dulu.".to_owned()),
        ]
    );
    assert_eq!(preview.problem_count, 4);
    let mut confirm = fields(&files);
    confirm.push(("fingerprint", preview.summary.fingerprint.as_bytes()));
    let refused = report(&app.post_form("/api/v1/admin/import/apply", &confirm, &hr).await);
    assert!(!refused.applied && refused.problem_count == 4, "{refused:?}");
    assert_eq!(app.state.database().organisation().unwrap(), before, "nothing was written");
}

#[tokio::test]
async fn a_confirmation_of_a_preview_the_organisation_has_moved_on_from_is_refused() {
    let app = TestApp::new();
    let hr = app.session_of(&app.hr_admin).await;
    let units = [("units", UNITS)];
    let stale = report(&app.post_form("/api/v1/admin/import/preview", &fields(&units), &hr).await);
    // Meanwhile another import lands.
    let other = [("units", "kode;nama;induk\nUPT-ARSIP;UPT Arsip;BKPSDM\n")];
    let fresh = report(&app.post_form("/api/v1/admin/import/preview", &fields(&other), &hr).await);
    let mut confirm = fields(&other);
    confirm.push(("fingerprint", fresh.summary.fingerprint.as_bytes()));
    assert!(report(&app.post_form("/api/v1/admin/import/apply", &confirm, &hr).await).applied);
    let before = app.state.database().organisation().unwrap();
    let mut confirm = fields(&units);
    confirm.push(("fingerprint", stale.summary.fingerprint.as_bytes()));
    let response = app.post_form("/api/v1/admin/import/apply", &confirm, &hr).await;
    assert_eq!((response.status, response.error_code().as_str()), (StatusCode::CONFLICT, "stale_preview"));
    assert_eq!(app.state.database().organisation().unwrap(), before);
}

/// Every administrative endpoint, with a body it would accept from HR.
fn endpoints(app: &TestApp) -> Vec<(Method, &'static str, Option<serde_json::Value>)> {
    let nip = app.employee.nip.as_str();
    vec![
        (Method::GET, "/api/v1/admin/employees?q=a", None),
        (Method::GET, "/api/v1/admin/audit", None),
        (Method::GET, "/api/v1/admin/audit.csv", None),
        (Method::GET, "/api/v1/admin/policy", None),
        (Method::PUT, "/api/v1/admin/policy", Some(serde_json::to_value(shared::command::Policy { jp_target: 30, ..Default::default() }).unwrap())),
        (Method::POST, "/api/v1/admin/accounts", Some(json!({ "nips": [NEWCOMER] }))),
        (Method::POST, "/api/v1/admin/accounts/reset", Some(json!({ "nip": nip }))),
        (Method::POST, "/api/v1/admin/accounts/hr", Some(json!({ "nip": nip, "hr_admin": true }))),
        (Method::POST, "/api/v1/admin/positions/appraiser", Some(json!({ "position": "JAB-001", "appraiser": nip }))),
        (Method::POST, "/api/v1/admin/employees/move", Some(json!({ "nip": nip, "position": "JAB-019" }))),
        (Method::GET, "/api/v1/admin/organisation", None),
        (Method::POST, "/api/v1/admin/units/save", Some(json!({ "adding": true, "code": "UPT-X", "name": "UPT X", "parent": "BKPSDM" }))),
        (Method::POST, "/api/v1/admin/positions/save", Some(json!({ "adding": true, "code": "JAB-900", "name": "Kepala UPT X", "tier": "Pengawas", "unit": "BKPSDM", "superior": "JAB-001", "levels": [] }))),
        (Method::POST, "/api/v1/admin/positions/close", Some(json!({ "code": "JAB-016", "closed": true }))),
        (Method::POST, "/api/v1/admin/competencies", Some(serde_json::to_value(technical("T.09")).unwrap())),
        (Method::POST, "/api/v1/admin/employees/save", Some(json!({ "adding": true, "nip": NEWCOMER, "name": "Yoga", "rank": "VII", "employment": "PPPK", "position": "JAB-019", "service_start": "" }))),
        (Method::POST, "/api/v1/admin/employees/service", Some(json!({ "nip": nip, "leaving": "retired" }))),
    ]
}

#[tokio::test]
async fn only_hr_may_call_the_administrative_endpoints_and_a_malformed_form_is_a_bad_request() {
    let app = TestApp::new();
    import_newcomers(&app, &app.session_of(&app.hr_admin).await).await;
    let files = fields(&[("units", UNITS)]);
    let before = app.state.database().organisation().unwrap();
    for login in [&app.employee, &app.supervisor, &app.head] {
        let cookie = app.session_of(login).await;
        for path in ["/api/v1/admin/import/preview", "/api/v1/admin/import/apply"] {
            let response = app.post_form(path, &files, &cookie).await;
            assert_eq!((response.status, response.error_code().as_str()), (StatusCode::FORBIDDEN, "forbidden"), "{} on {path}", login.role);
        }
        for (method, path, body) in endpoints(&app) {
            let response = app.request(method, path, body, &[("cookie", &cookie)]).await;
            assert_eq!((response.status, response.error_code().as_str()), (StatusCode::FORBIDDEN, "forbidden"), "{} on {path}", login.role);
        }
    }
    for path in ["/api/v1/admin/import/preview", "/api/v1/admin/import/apply"] {
        let response = app.post_form(path, &files, "kompeten_session=forged").await;
        assert_eq!(response.error_code(), "unauthenticated", "{path}");
    }
    for (method, path, body) in endpoints(&app) {
        assert_eq!(app.request(method, path, body, &[]).await.error_code(), "unauthenticated", "{path}");
    }
    // Nothing was changed by any of them: no account for the newcomer, the employee still signs
    // in with the demo password and is no HR officer.
    assert_eq!(app.state.database().organisation().unwrap(), before);
    assert!(app.state.database().account_by_nip(&shared::domain::Nip::parse(NEWCOMER).unwrap()).unwrap().is_none());
    let employee = app.session_of(&app.employee).await;
    assert_eq!(app.get("/api/v1/me", Some(&employee)).await.json()["roles"], json!(["employee"]));

    let hr = app.session_of(&app.hr_admin).await;
    let bad = [
        ("/api/v1/admin/import/preview", vec![("gaji", UNITS.as_bytes())]),
        ("/api/v1/admin/import/preview", vec![("units", UNITS.as_bytes()), ("units", UNITS.as_bytes())]),
        ("/api/v1/admin/import/preview", vec![("fingerprint", b"abc".as_slice())]),
        ("/api/v1/admin/import/apply", vec![("units", UNITS.as_bytes())]),
    ];
    let before = app.state.database().organisation().unwrap();
    for (path, form) in bad {
        let response = app.post_form(path, &form, &hr).await;
        assert_eq!((response.status, response.error_code().as_str()), (StatusCode::BAD_REQUEST, "bad_request"), "{path} {form:?}");
    }
    assert_eq!(app.state.database().organisation().unwrap(), before);
}

/// Imports the two employees of [`EMPLOYEES`] (with their unit and positions).
async fn import_newcomers(app: &TestApp, hr: &str) {
    let files = [("units", UNITS), ("positions", POSITIONS), ("employees", EMPLOYEES)];
    let preview = report(&app.post_form("/api/v1/admin/import/preview", &fields(&files), hr).await);
    let mut confirm = fields(&files);
    confirm.push(("fingerprint", preview.summary.fingerprint.as_bytes()));
    assert!(report(&app.post_form("/api/v1/admin/import/apply", &confirm, hr).await).applied);
}

fn issued(response: &tests::TestResponse) -> IssuedPasswords {
    assert_eq!(response.status, StatusCode::OK, "{}", String::from_utf8_lossy(&response.body));
    serde_json::from_slice(&response.body).unwrap()
}

async fn post(app: &TestApp, path: &str, body: serde_json::Value, cookie: &str) -> tests::TestResponse {
    app.request(Method::POST, path, Some(body), &[("cookie", cookie)]).await
}

#[tokio::test]
async fn an_imported_employee_gets_a_one_time_password_that_must_be_changed_before_anything_else() {
    let app = TestApp::new();
    let hr = app.session_of(&app.hr_admin).await;
    import_newcomers(&app, &hr).await;
    let nips = json!({ "nips": ["199512302024211002", "19880714 201203 2 009", app.employee.nip.as_str(), "199001012015031009"] });
    let answer = issued(&post(&app, "/api/v1/admin/accounts", nips, &hr).await);
    let names: Vec<_> = answer.issued.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["Yoga Pratama"], "{answer:?}");
    assert_eq!(answer.existing, std::slice::from_ref(&app.employee.nip), "the demo employee already has an account: left alone");
    assert_eq!(answer.unknown.len(), 2, "NIPs of nobody here: {answer:?}");
    let password = answer.issued[0].password.clone();
    assert!(password.len() == 14 && password.chars().filter(|c| *c == '-').count() == 2, "{password}");
    let again = issued(&post(&app, "/api/v1/admin/accounts", json!({ "nips": ["199512302024211002"] }), &hr).await);
    assert!(again.issued.is_empty() && again.existing.len() == 1, "a second request creates nothing: {again:?}");

    // Signing in works, but until the password is changed only that is allowed.
    let signed_in = app.sign_in("199512302024211002", &password).await;
    assert_eq!(signed_in.json()["must_change_password"], true);
    let cookie = signed_in.session_cookie().unwrap();
    let other_device = app.sign_in("199512302024211002", &password).await.session_cookie().unwrap();
    let pull = app.get("/api/v1/sync/pull", Some(&cookie)).await;
    assert_eq!((pull.status, pull.error_code().as_str()), (StatusCode::FORBIDDEN, "password_change_required"));
    assert_eq!(app.get("/api/v1/me", Some(&cookie)).await.json()["must_change_password"], true);

    let change = |current: &str, new: &str| json!({ "current": current, "new": new });
    let wrong = post(&app, "/api/v1/auth/password", change("salah", "kata-sandi-baru"), &cookie).await;
    assert_eq!(wrong.error_code(), "wrong_password");
    for (new, reason) in [("pendek", "too_short"), ("199512302024211002", "is_nip"), (password.as_str(), "unchanged")] {
        let refused = post(&app, "/api/v1/auth/password", change(&password, new), &cookie).await;
        assert_eq!((refused.status, refused.json()["error"]["reason"].as_str()), (StatusCode::BAD_REQUEST, Some(reason)), "{new}");
    }
    let changed = post(&app, "/api/v1/auth/password", change(&password, "kata-sandi-baru"), &cookie).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", String::from_utf8_lossy(&changed.body));
    let profile = changed.json();
    assert_eq!(profile["must_change_password"], false);
    assert_eq!(profile["position"]["name"], "Pengelola Diklat", "and sees their standard");
    let technical: Vec<_> = profile["standard"].as_array().unwrap().iter().filter(|l| l["kind"] == "teknis").map(|l| (l["code"].clone(), l["required"].clone())).collect();
    assert_eq!(technical, [(json!("T.04"), json!(2))]);
    assert_eq!(app.get("/api/v1/sync/pull", Some(&cookie)).await.status, StatusCode::OK, "this session goes on");
    assert_eq!(app.get("/api/v1/me", Some(&other_device)).await.error_code(), "unauthenticated", "the other session ended");
    assert_eq!(app.sign_in("199512302024211002", &password).await.error_code(), "wrong_password", "the one-time password is spent");
    assert_eq!(app.sign_in("199512302024211002", "kata-sandi-baru").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_reset_ends_every_session_and_issues_a_new_one_time_password() {
    let app = TestApp::new();
    let hr = app.session_of(&app.hr_admin).await;
    let sessions = [app.session_of(&app.employee).await, app.session_of(&app.employee).await];
    let reset = issued(&post(&app, "/api/v1/admin/accounts/reset", json!({ "nip": app.employee.nip.as_str() }), &hr).await);
    assert_eq!(reset.issued[0].nip, app.employee.nip);
    for session in &sessions {
        assert_eq!(app.get("/api/v1/me", Some(session)).await.error_code(), "unauthenticated");
    }
    assert_eq!(app.sign_in(app.employee.nip.as_str(), DEMO_PASSWORD).await.error_code(), "wrong_password");
    assert_eq!(app.sign_in(app.employee.nip.as_str(), &reset.issued[0].password).await.json()["must_change_password"], true);
    for (body, code) in [
        (json!({ "nip": "123" }), "invalid_nip"),
        (json!({ "nip": "199001012015031009" }), "not_found"),
        (json!({ "nap": "x" }), "bad_request"),
    ] {
        assert_eq!(post(&app, "/api/v1/admin/accounts/reset", body.clone(), &hr).await.error_code(), code, "{body}");
    }
}

#[tokio::test]
async fn hr_rights_are_granted_and_revoked_ending_the_sessions_and_the_last_officer_keeps_them() {
    let app = TestApp::new();
    let hr = app.session_of(&app.hr_admin).await;
    let own = json!({ "nip": app.hr_admin.nip.as_str(), "hr_admin": false });
    let refused = post(&app, "/api/v1/admin/accounts/hr", own.clone(), &hr).await;
    assert_eq!((refused.status, refused.error_code().as_str()), (StatusCode::CONFLICT, "last_hr_admin"));
    let supervisor = app.session_of(&app.supervisor).await;
    let granted = post(&app, "/api/v1/admin/accounts/hr", json!({ "nip": app.supervisor.nip.as_str(), "hr_admin": true }), &hr).await;
    assert_eq!(granted.json()["hr_admin"], true);
    assert_eq!(app.get("/api/v1/me", Some(&supervisor)).await.error_code(), "unauthenticated", "their session ended");
    let supervisor = app.session_of(&app.supervisor).await;
    assert!(app.get("/api/v1/me", Some(&supervisor)).await.json()["roles"].as_array().unwrap().contains(&json!("hr_admin")));
    // Now there are two, the first may give theirs up.
    assert_eq!(post(&app, "/api/v1/admin/accounts/hr", own, &hr).await.json()["hr_admin"], false);
    assert_eq!(app.get("/api/v1/admin/employees", Some(&hr)).await.error_code(), "unauthenticated", "their own session ended too");
    let former = app.session_of(&app.hr_admin).await;
    let refused = app.get("/api/v1/admin/employees", Some(&former)).await;
    assert_eq!((refused.status, refused.error_code().as_str()), (StatusCode::FORBIDDEN, "forbidden"), "signed in again, without the rights");
}

#[tokio::test]
async fn employees_are_found_by_nip_or_name_a_page_at_a_time() {
    let app = TestApp::new();
    let hr = app.session_of(&app.hr_admin).await;
    let page = |query: &str| {
        let app = &app;
        let hr = hr.clone();
        let query = query.to_owned();
        async move { app.get(&format!("/api/v1/admin/employees?{query}"), Some(&hr)).await.json() }
    };
    let all = page("").await;
    assert_eq!((all["total"].as_u64(), all["employees"].as_array().unwrap().len()), (Some(60), 50));
    assert_eq!(page("page=1").await["employees"].as_array().unwrap().len(), 10);
    let by_nip = page(&format!("q={}", &app.employee.nip.as_str()[..14])).await;
    assert_eq!(by_nip["employees"][0]["nip"], app.employee.nip.as_str());
    assert_eq!(by_nip["employees"][0]["account"], "active");
    let by_name = page("q=eko%20set").await;
    assert_eq!(by_name["total"], 1);
    assert_eq!(by_name["employees"][0]["name"], app.employee.name.as_str());
    assert_eq!(by_name["employees"][0]["position"], "Pengadministrasi Umum");
    assert_eq!(page("q=tidak-ada-yang-begini").await["total"], 0);
}

#[tokio::test]
async fn every_administrative_change_is_in_the_audit_trail_with_who_when_before_and_after() {
    let app = TestApp::new();
    let hr = app.session_of(&app.hr_admin).await;
    // The demo agency's own import, by the server at its first start, is the trail's beginning.
    let started = app.get("/api/v1/admin/audit", Some(&hr)).await.json();
    let seeded = started["entries"].as_array().unwrap();
    assert_eq!(seeded.len(), 95, "5 units, 30 positions, 60 employees");
    assert!(seeded.iter().all(|e| e["author"].is_null() && e["action"] == "imported"));
    import_newcomers(&app, &hr).await;
    let password = issued(&post(&app, "/api/v1/admin/accounts", json!({ "nips": [NEWCOMER] }), &hr).await).issued[0].password.clone();
    post(&app, "/api/v1/admin/accounts/reset", json!({ "nip": app.employee.nip.as_str() }), &hr).await;
    post(&app, "/api/v1/admin/accounts/hr", json!({ "nip": app.supervisor.nip.as_str(), "hr_admin": true }), &hr).await;
    let newcomer = app.sign_in(NEWCOMER, &password).await.session_cookie().unwrap();
    let change = json!({ "current": password, "new": "kata-sandi-baru" });
    assert_eq!(post(&app, "/api/v1/auth/password", change, &newcomer).await.status, StatusCode::OK);

    let trail = app.get("/api/v1/admin/audit", Some(&hr)).await.json();
    let entries = &trail["entries"].as_array().unwrap()[..9];
    let actions: Vec<_> = entries.iter().map(|e| (e["action"].as_str().unwrap(), e["key"].as_str().unwrap())).collect();
    assert_eq!(
        actions,
        [
            ("password_changed", NEWCOMER),
            ("hr_granted", app.supervisor.nip.as_str()),
            ("password_reset", app.employee.nip.as_str()),
            ("account_created", NEWCOMER),
            ("imported", NEWCOMER),
            ("imported", "198807142012032001"),
            ("imported", "JAB-102"),
            ("imported", "JAB-101"),
            ("imported", "UPT-DIKLAT"),
        ],
        "newest first"
    );
    assert_eq!(entries[0]["author_nip"], NEWCOMER, "their own change");
    assert!(entries[1..].iter().all(|e| e["author_nip"] == app.hr_admin.nip.as_str() && e["author_name"] == app.hr_admin.name.as_str()));
    assert!(entries.iter().all(|e| e["at_ms"].as_i64().unwrap() > 1_700_000_000_000));
    let granted = &entries[1];
    assert_eq!((granted["before"].as_str(), granted["after"].as_str()), (Some(r#"{"hr_admin":false,"must_change_password":false}"#), Some(r#"{"hr_admin":true,"must_change_password":false}"#)));
    let imported = &entries[4];
    assert!(imported["before"].is_null() && imported["after"].as_str().unwrap().contains("Yoga Pratama"), "{imported}");
    assert!(!trail.to_string().contains("argon2") && !trail.to_string().contains("password_hash"), "no password nor hash is ever kept");

    // Filtered by person (by or about them), record and date.
    let about = app.get(&format!("/api/v1/admin/audit?person={NEWCOMER}"), Some(&hr)).await.json();
    assert_eq!(about["entries"].as_array().unwrap().len(), 3);
    let by_hr = app.get(&format!("/api/v1/admin/audit?person={}", app.hr_admin.nip.as_str()), Some(&hr)).await.json();
    assert_eq!(by_hr["entries"].as_array().unwrap().len(), 9, "the eight they made, and the demo's import of themselves");
    let record = app.get("/api/v1/admin/audit?record=jab-101", Some(&hr)).await.json();
    assert_eq!(record["entries"].as_array().unwrap().len(), 1);
    let later = app.get(&format!("/api/v1/admin/audit?from_ms={}", entries[0]["at_ms"].as_i64().unwrap() + 1), Some(&hr)).await.json();
    assert!(later["entries"].as_array().unwrap().is_empty());
    let bad = app.get("/api/v1/admin/audit?from_ms=kemarin", Some(&hr)).await;
    assert_eq!(bad.error_code(), "bad_request");

    // As CSV, for a spreadsheet.
    let csv = app.get("/api/v1/admin/audit.csv?record=JAB-101", Some(&hr)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    let text = String::from_utf8(csv.body).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "\u{feff}waktu_utc;oleh_nip;oleh_nama;tindakan;jenis;kode;nama;sebelum;sesudah");
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[1].contains(";imported;position;JAB-101;Kepala UPT Pendidikan dan Pelatihan;;") && lines[1].contains(app.hr_admin.nip.as_str()), "{}", lines[1]);
}

#[tokio::test]
async fn hr_moves_an_employee_and_one_who_leaves_the_service_no_longer_signs_in_while_their_records_stay() {
    let app = TestApp::new();
    let hr = app.session_of(&app.hr_admin).await;
    let employee = app.session_of(&app.employee).await;
    let supervisor_of = |cookie: String| {
        let app = &app;
        async move { app.get("/api/v1/me", Some(&cookie)).await.json()["supervisor"]["position"].as_str().unwrap_or_default().to_owned() }
    };
    assert_eq!(supervisor_of(employee.clone()).await, "Kepala Subbagian Umum dan Kepegawaian");

    // The supervisor retires: they no longer sign in, and their staff report to the next one up.
    let supervisor = app.session_of(&app.supervisor).await;
    let retired = post(&app, "/api/v1/admin/employees/service", json!({ "nip": app.supervisor.nip.as_str(), "leaving": "retired" }), &hr).await.json();
    assert_eq!(retired["departure"]["reason"], "retired", "{retired}");
    assert_eq!(app.get("/api/v1/me", Some(&supervisor)).await.error_code(), "unauthenticated", "their session ended");
    let refused = app.sign_in(app.supervisor.nip.as_str(), DEMO_PASSWORD).await;
    assert_eq!((refused.status, refused.error_code().as_str()), (StatusCode::FORBIDDEN, "out_of_service"));
    assert_eq!(app.sign_in(app.supervisor.nip.as_str(), "salah").await.error_code(), "wrong_password", "said only to the right password");
    assert_eq!(supervisor_of(employee.clone()).await, "Sekretaris", "the position is vacant: the next one up supervises");
    // Back in service: all as before.
    let back = post(&app, "/api/v1/admin/employees/service", json!({ "nip": app.supervisor.nip.as_str(), "leaving": null }), &hr).await.json();
    assert!(back["departure"].is_null());
    app.session_of(&app.supervisor).await;
    assert_eq!(supervisor_of(employee.clone()).await, "Kepala Subbagian Umum dan Kepegawaian");
    let own = post(&app, "/api/v1/admin/employees/service", json!({ "nip": app.hr_admin.nip.as_str(), "leaving": "deactivated" }), &hr).await;
    assert_eq!(own.error_code(), "forbidden", "HR does not take themselves out of service");

    // A move to another position, by its code.
    let moved = post(&app, "/api/v1/admin/employees/move", json!({ "nip": app.employee.nip.as_str(), "position": "JAB-019" }), &hr).await.json();
    assert_eq!(moved["position"], "Bendahara", "{moved}");
    assert_eq!(supervisor_of(employee.clone()).await, "Kepala Subbagian Keuangan");
    let unknown = post(&app, "/api/v1/admin/employees/move", json!({ "nip": app.employee.nip.as_str(), "position": "JAB-999" }), &hr).await;
    assert_eq!(unknown.error_code(), "not_found");

    let trail = app.get("/api/v1/admin/audit", Some(&hr)).await.json();
    let actions: Vec<_> = trail["entries"].as_array().unwrap()[..3].iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect();
    assert_eq!(actions, ["moved", "returned_to_service", "left_service"]);
}

fn employee_form(adding: bool, nip: &str, name: &str, rank: &str, employment: &str, position: &str) -> serde_json::Value {
    json!({ "adding": adding, "nip": nip, "name": name, "rank": rank, "employment": employment, "position": position, "service_start": "2024-04-01" })
}

/// The problems of a report, as (column, code) pairs.
fn problems(report: &ImportReport) -> Vec<(Option<String>, String)> {
    report.problems.iter().map(|p| (p.column.clone(), serde_json::to_value(&p.problem).unwrap().as_object().map_or_else(|| serde_json::to_value(&p.problem).unwrap().as_str().unwrap_or_default().to_owned(), |o| o.keys().next().cloned().unwrap_or_default()))).collect()
}

#[tokio::test]
async fn hr_adds_one_employee_and_changes_them_with_the_imports_checks_and_nothing_is_stored_while_a_field_is_wrong() {
    let app = TestApp::new();
    let hr = app.session_of(&app.hr_admin).await;
    let save = |body: serde_json::Value| {
        let (app, hr) = (&app, hr.clone());
        async move { report(&post(app, "/api/v1/admin/employees/save", body, &hr).await) }
    };
    let before = app.state.database().organisation().unwrap();
    // Wrong fields, each named by its column; nothing is stored.
    let wrong = save(employee_form(true, NEWCOMER, "Yoga Pratama", "III/a", "PPPK", "JAB-999")).await;
    assert!(!wrong.applied);
    assert_eq!(problems(&wrong), [(Some("pangkat".to_owned()), "rank_for_employment".to_owned()), (Some("jabatan".to_owned()), "unknown_position".to_owned())]);
    let pns_nip = save(employee_form(true, NEWCOMER, "Yoga Pratama", "III/a", "PNS", "JAB-019")).await;
    assert_eq!(problems(&pns_nip), [(Some("jenis".to_owned()), "nip_for_employment".to_owned())], "a PPPK NIP for a PNS");
    let taken = save(employee_form(true, app.employee.nip.as_str(), "Orang Lain", "III/a", "PNS", "JAB-019")).await;
    assert_eq!(problems(&taken), [(Some("nip".to_owned()), "registered".to_owned())], "adding a NIP already registered");
    let nobody = save(employee_form(false, NEWCOMER, "Yoga Pratama", "VII", "PPPK", "JAB-019")).await;
    assert_eq!(problems(&nobody), [(Some("nip".to_owned()), "not_registered".to_owned())], "changing a NIP nobody has");
    let unnamed = save(employee_form(true, NEWCOMER, " ", "VII", "PPPK", "JAB-019")).await;
    assert_eq!(problems(&unnamed), [(Some("nama".to_owned()), "required".to_owned())]);
    assert_eq!(app.state.database().organisation().unwrap(), before);

    // Right: added, found by the search, audited as HR's change.
    let added = save(employee_form(true, NEWCOMER, "Yoga Pratama", "VII", "PPPK", "JAB-019")).await;
    assert!(added.applied, "{added:?}");
    assert_eq!(added.summary.employees.added, 1);
    let found = app.get(&format!("/api/v1/admin/employees?q={NEWCOMER}"), Some(&hr)).await.json();
    let line = &found["employees"][0];
    assert_eq!((line["name"].as_str(), line["rank"].as_str(), line["employment"].as_str(), line["service_start"].as_str()), (Some("Yoga Pratama"), Some("7"), Some("PPPK"), Some("2024-04-01")), "{found}");
    // Changed: a new name and another position (a move, as any other).
    let changed = save(employee_form(false, NEWCOMER, "Yoga Pratama, S.Kom.", "VIII", "PPPK", "JAB-020")).await;
    assert!(changed.applied, "{changed:?}");
    assert_eq!((changed.summary.employees.changed, changed.summary.employees.moved), (1, 1));
    let again = save(employee_form(false, NEWCOMER, "Yoga Pratama, S.Kom.", "VIII", "PPPK", "JAB-020")).await;
    assert!(again.applied && again.summary.is_empty(), "the same form again changes nothing: {again:?}");
    let trail = app.get("/api/v1/admin/audit", Some(&hr)).await.json();
    let entry = &trail["entries"][0];
    assert_eq!((entry["action"].as_str(), entry["key"].as_str()), (Some("employee_saved"), Some(NEWCOMER)), "{entry}");
    assert!(entry["before"].as_str().unwrap().contains("Yoga Pratama") && entry["after"].as_str().unwrap().contains("S.Kom."), "{entry}");
}

/// A whole technical competency with `code`.
fn technical(code: &str) -> shared::domain::Competency {
    use shared::domain::{CompetencyKind, Level, LevelDescription};
    shared::domain::Competency {
        id: shared::ids::CompetencyId::from_u128(0x7e57),
        code: code.to_owned(),
        name: "Pengelolaan Arsip Digital".to_owned(),
        kind: CompetencyKind::Teknis,
        definition: "Kemampuan mengelola arsip elektronik instansi.".to_owned(),
        levels: Level::all()
            .map(|level| LevelDescription { level, label: format!("Tingkat {level}"), description: format!("Deskripsi tingkat {level}"), indicators: vec!["Menyimpan arsip".into(), "Menemukan arsip".into()] })
            .collect(),
    }
}

#[tokio::test]
async fn hr_keeps_the_unit_and_position_tree_with_each_standard_and_the_agencys_technical_competencies() {
    let app = TestApp::new();
    let hr = app.session_of(&app.hr_admin).await;
    let save = |path: &'static str, body: serde_json::Value| {
        let (app, hr) = (&app, hr.clone());
        async move { report(&post(app, path, body, &hr).await) }
    };
    let view = || {
        let (app, hr) = (&app, hr.clone());
        async move { serde_json::from_value::<shared::api::OrganisationView>(app.get("/api/v1/admin/organisation", Some(&hr)).await.json()).unwrap() }
    };

    // A new technical competency: the whole entry, or a specific refusal.
    let mut incomplete = technical("T.05");
    incomplete.levels[1].indicators.truncate(1);
    let refused = post(&app, "/api/v1/admin/competencies", serde_json::to_value(&incomplete).unwrap(), &hr).await;
    assert_eq!((refused.status, refused.error_code().as_str()), (StatusCode::BAD_REQUEST, "bad_request"));
    let mut national = technical("M.09");
    national.kind = shared::domain::CompetencyKind::Manajerial;
    assert_eq!(post(&app, "/api/v1/admin/competencies", serde_json::to_value(&national).unwrap(), &hr).await.error_code(), "bad_request", "the managerial ones are national");
    assert_eq!(post(&app, "/api/v1/admin/competencies", serde_json::to_value(technical("T.01")).unwrap(), &hr).await.error_code(), "bad_request", "T.01 is taken");
    assert_eq!(post(&app, "/api/v1/admin/competencies", serde_json::to_value(technical("T.05")).unwrap(), &hr).await.status, StatusCode::OK);
    assert!(view().await.dictionary.iter().any(|c| c.code == "T.05"));

    // A unit, and a position in it with its standard: the tier's defaults filled in, the new
    // technical competency required at 3.
    assert!(save("/api/v1/admin/units/save", json!({ "adding": true, "code": "UPT-ARSIP", "name": "UPT Kearsipan", "parent": "BKPSDM" })).await.applied);
    let position = |adding: bool, superior: &str, name: &str| json!({ "adding": adding, "code": "JAB-110", "name": name, "tier": "Pengawas", "unit": "UPT-ARSIP", "superior": superior, "levels": [["T.05", "3"], ["M.01", ""]] });
    // Adding a code that is taken, or changing one nobody has, is refused on its field.
    let taken = save("/api/v1/admin/positions/save", json!({ "adding": true, "code": "JAB-002", "name": "Sekretaris Baru", "tier": "Administrator", "unit": "SEKRETARIAT", "superior": "JAB-001", "levels": [] })).await;
    assert_eq!(problems(&taken), [(Some("kode".to_owned()), "code_taken".to_owned())]);
    assert_eq!(problems(&save("/api/v1/admin/positions/save", position(false, "JAB-005", "Kepala UPT Kearsipan")).await), [(Some("kode".to_owned()), "unknown_code".to_owned())]);
    assert_eq!(problems(&save("/api/v1/admin/units/save", json!({ "adding": true, "code": "SEKRETARIAT", "name": "Lain", "parent": "" })).await), [(Some("kode".to_owned()), "code_taken".to_owned())]);
    let added = save("/api/v1/admin/positions/save", position(true, "JAB-005", "Kepala UPT Kearsipan")).await;
    assert!(added.applied && added.summary.positions.added == 1, "{added:?}");
    let organisation = view().await;
    let line = organisation.positions.iter().find(|p| p.code == "JAB-110").unwrap();
    let level = |code: &str| organisation.dictionary.iter().position(|c| c.code == code).and_then(|at| line.levels[at]).map(|l| l.get());
    assert_eq!((level("T.05"), level("M.01"), level("M.08"), level("T.01")), (Some(3), Some(2), Some(2), None), "Pengawas: managerial 2 by default");
    assert_eq!((line.unit.as_str(), line.superior.as_str(), line.holders, line.closed), ("UPT-ARSIP", "JAB-005", 0, false));
    // Renamed and moved under another superior: its holder's supervisor follows.
    let nip = app.employee.nip.as_str();
    let hired = save("/api/v1/admin/employees/save", json!({ "adding": false, "nip": nip, "name": app.employee.name, "rank": "II/c", "employment": "PNS", "position": "JAB-110", "service_start": "" })).await;
    assert!(hired.applied, "{hired:?}");
    let employee = app.session_of(&app.employee).await;
    let supervisor = || {
        let (app, employee) = (&app, employee.clone());
        async move { app.get("/api/v1/me", Some(&employee)).await.json()["supervisor"]["position"].as_str().unwrap_or_default().to_owned() }
    };
    assert_eq!(supervisor().await, "Kepala Bidang Pengembangan Kompetensi Aparatur");
    assert!(save("/api/v1/admin/positions/save", position(false, "JAB-002", "Kepala UPT Arsip")).await.applied);
    assert_eq!(supervisor().await, "Sekretaris");
    // A superior that would make a circle is refused by row and column, nothing stored.
    let before = app.state.database().organisation().unwrap();
    let circle = save("/api/v1/admin/positions/save", json!({ "code": "JAB-002", "name": "Sekretaris", "tier": "Administrator", "unit": "SEKRETARIAT", "superior": "JAB-110", "levels": [] })).await;
    assert!(!circle.applied && circle.problems.iter().any(|p| p.column.as_deref() == Some("atasan") && matches!(p.problem, shared::import::Problem::Cycle { .. })), "{circle:?}");
    assert_eq!(app.state.database().organisation().unwrap(), before);

    // Closed only once vacant, with nobody reporting to it; then nobody moves into it.
    let close = |code: &'static str, closed: bool| {
        let (app, hr) = (&app, hr.clone());
        async move { post(app, "/api/v1/admin/positions/close", json!({ "code": code, "closed": closed }), &hr).await }
    };
    let held = close("JAB-110", true).await;
    assert_eq!((held.status, held.error_code().as_str()), (StatusCode::CONFLICT, "position_in_use"));
    // A vacant position with an open one under it stays open; closed from the bottom up, and
    // opened again from the top down.
    for (code, superior) in [("JAB-130", "JAB-005"), ("JAB-131", "JAB-130")] {
        let vacant = json!({ "adding": true, "code": code, "name": format!("Jabatan {code}"), "tier": "Pelaksana", "unit": "PKA", "superior": superior, "levels": [] });
        assert!(save("/api/v1/admin/positions/save", vacant).await.applied);
    }
    assert_eq!(close("JAB-130", true).await.error_code(), "position_in_use", "an open position reports to it");
    assert_eq!(close("JAB-131", true).await.status, StatusCode::OK);
    assert_eq!(close("JAB-130", true).await.status, StatusCode::OK);
    let under_closed = close("JAB-131", false).await;
    assert_eq!((under_closed.status, under_closed.error_code().as_str()), (StatusCode::CONFLICT, "position_closed"), "not opened under a closed superior");
    assert_eq!(close("JAB-130", false).await.status, StatusCode::OK);
    assert_eq!(close("JAB-131", false).await.status, StatusCode::OK);
    assert!(save("/api/v1/admin/employees/save", json!({ "adding": false, "nip": nip, "name": app.employee.name, "rank": "II/c", "employment": "PNS", "position": "JAB-017", "service_start": "" })).await.applied);
    let closed = close("JAB-110", true).await;
    assert_eq!(closed.status, StatusCode::OK, "{}", String::from_utf8_lossy(&closed.body));
    assert!(view().await.positions.iter().find(|p| p.code == "JAB-110").unwrap().closed);
    let into_closed = save("/api/v1/admin/employees/save", json!({ "adding": false, "nip": nip, "name": app.employee.name, "rank": "II/c", "employment": "PNS", "position": "JAB-110", "service_start": "" })).await;
    assert_eq!(problems(&into_closed), [(Some("jabatan".to_owned()), "closed_position".to_owned())]);
    let moved = post(&app, "/api/v1/admin/employees/move", json!({ "nip": nip, "position": "JAB-110" }), &hr).await;
    assert_eq!(moved.error_code(), "position_closed", "nobody moves into a closed position");
    assert_eq!(close("JAB-110", false).await.status, StatusCode::OK, "opened again");
    assert!(!view().await.positions.iter().find(|p| p.code == "JAB-110").unwrap().closed);

    let trail = app.get("/api/v1/admin/audit", Some(&hr)).await.json();
    let actions: Vec<_> = trail["entries"].as_array().unwrap()[..2].iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect();
    assert_eq!(actions, ["position_reopened", "position_closed"]);
    assert!(trail["entries"].as_array().unwrap().iter().any(|e| e["action"] == "competency_saved" && e["key"] == "T.05"));
    assert!(trail["entries"].as_array().unwrap().iter().any(|e| e["action"] == "organisation_saved" && e["key"] == "UPT-ARSIP"));
}

#[tokio::test]
async fn a_one_time_password_not_used_within_seven_days_no_longer_signs_in() {
    let app = TestApp::new();
    let store = app.state.database();
    let (id, _) = store.account_by_nip(&app.employee.nip).unwrap().unwrap();
    let hash = kompeten_server::auth::hash_password("sekali-pakai-1").unwrap();
    let now = kompeten_server::auth::unix_now_ms();
    // Issued eight days ago: the right password, but expired (said only to the right one).
    assert!(store.set_password(None, id, hash.clone(), true, None, now - 8 * 86_400_000).unwrap());
    let expired = app.sign_in(app.employee.nip.as_str(), "sekali-pakai-1").await;
    assert_eq!((expired.status, expired.error_code().as_str()), (StatusCode::FORBIDDEN, "one_time_password_expired"));
    assert_eq!(app.sign_in(app.employee.nip.as_str(), "salah-sekali").await.error_code(), "wrong_password");
    // Six days ago: it still signs in (to be changed first).
    assert!(store.set_password(None, id, hash, true, None, now - 6 * 86_400_000).unwrap());
    assert_eq!(app.sign_in(app.employee.nip.as_str(), "sekali-pakai-1").await.json()["must_change_password"], true);
}
