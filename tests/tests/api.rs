//! The HTTP API through the router, in-process: health, signing in and out, sessions, the
//! profile, the error envelope and the sign-in limiter.

use axum::http::{Method, StatusCode, header};
use serde_json::json;
use tests::{DEMO_PASSWORD, TestApp};

#[tokio::test]
async fn health_reports_ok_and_the_schema_version() {
    let app = TestApp::new();
    let response = app.get("/api/v1/health", None).await;
    assert_eq!(response.status, StatusCode::OK);
    let body = response.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["schema_version"], kompeten_server::db::SCHEMA_VERSION);
}

#[tokio::test]
async fn sign_in_sets_an_http_only_session_cookie_and_answers_the_profile() {
    let app = TestApp::new();
    let response = app.sign_in(app.employee.nip.as_str(), DEMO_PASSWORD).await;
    assert_eq!(response.status, StatusCode::OK);
    let set_cookie = response.headers[header::SET_COOKIE].to_str().unwrap();
    for attribute in ["kompeten_session=", "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"] {
        assert!(set_cookie.contains(attribute), "{attribute} missing in {set_cookie}");
    }
    let profile = response.json();
    assert_eq!(profile["name"], app.employee.name.as_str());
    assert_eq!(profile["nip"], app.employee.nip.as_str());
}

#[tokio::test]
async fn me_shows_position_unit_supervisor_and_standard() {
    let app = TestApp::new();
    let cookie = app.session_of(&app.employee).await;
    let response = app.get("/api/v1/me", Some(&cookie)).await;
    assert_eq!(response.status, StatusCode::OK);
    let profile = response.json();
    assert_eq!(profile["position"]["name"], "Pengadministrasi Umum");
    assert_eq!(profile["position"]["tier"], "pelaksana");
    assert_eq!(profile["unit"]["name"], "Sekretariat");
    assert_eq!(profile["supervisor"]["nip"], app.supervisor.nip.as_str());
    assert_eq!(profile["roles"], json!(["employee"]));

    let standard = profile["standard"].as_array().unwrap();
    let codes: Vec<&str> = standard.iter().map(|line| line["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "SK.01", "T.01"]);
    // A pelaksana needs managerial level 1 ("Paham") by default.
    assert_eq!(standard[0]["required"], 1);
    assert_eq!(standard[0]["level_label"], "Paham");
    assert!(!standard[0]["level_description"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn roles_follow_the_position_tree_and_the_account() {
    let app = TestApp::new();
    let cases = [
        (&app.employee, json!(["employee"])),
        (&app.supervisor, json!(["employee", "supervisor"])),
        (&app.hr_admin, json!(["employee", "hr_admin"])),
        (&app.head, json!(["employee", "supervisor"])),
    ];
    for (login, roles) in cases {
        let cookie = app.session_of(login).await;
        let profile = app.get("/api/v1/me", Some(&cookie)).await.json();
        assert_eq!(profile["roles"], roles, "{}", login.role);
    }
    let head = app.get("/api/v1/me", Some(&app.session_of(&app.head).await)).await.json();
    assert!(head["supervisor"].is_null(), "the head of the agency has no supervisor");
    assert_eq!(head["standard"][0]["required"], 4, "JPT Pratama: managerial level 4");
}

#[tokio::test]
async fn staff_under_a_vacant_position_report_to_the_next_one_up() {
    let app = TestApp::new();
    // "Pengolah Data Kepegawaian" sits under the demo's vacant head of sub-division.
    let (agency, _) = kompeten_server::seed::demo_agency();
    let position = agency.positions.iter().find(|p| p.name == "Pengolah Data Kepegawaian").unwrap();
    let (staff, _) = agency.employees.iter().find(|(e, _)| e.position == position.id).unwrap();
    let cookie = app.sign_in(staff.nip.as_str(), DEMO_PASSWORD).await.session_cookie().expect("signed in");
    let profile = app.get("/api/v1/me", Some(&cookie)).await.json();
    assert_eq!(profile["position"]["name"], "Pengolah Data Kepegawaian");
    assert_eq!(profile["supervisor"]["position"], "Kepala Bidang Pengadaan, Pemberhentian dan Informasi");
}

#[tokio::test]
async fn sign_in_errors_are_specific() {
    let app = TestApp::new();
    let nip = app.employee.nip.as_str();
    let cases = [
        (nip, "salah", StatusCode::UNAUTHORIZED, "wrong_password"),
        ("198001012005011999", DEMO_PASSWORD, StatusCode::UNAUTHORIZED, "unknown_nip"),
        ("12345", DEMO_PASSWORD, StatusCode::BAD_REQUEST, "invalid_nip"),
    ];
    for (nip, password, status, code) in cases {
        let response = app.sign_in(nip, password).await;
        assert_eq!((response.status, response.error_code()), (status, code.to_owned()), "{nip}/{password}");
        assert!(response.headers.get(header::SET_COOKIE).is_none());
    }
    let invalid = app.sign_in("12345", "x").await.json();
    assert_eq!(invalid["error"]["reason"], json!({ "kind": "wrong_length", "digits": 5 }));
}

#[tokio::test]
async fn a_nip_is_locked_after_five_failures_even_for_the_right_password() {
    let app = TestApp::new();
    let nip = app.employee.nip.as_str();
    for attempt in 1..=5 {
        assert_eq!(app.sign_in(nip, "salah").await.error_code(), "wrong_password", "attempt {attempt}");
    }
    let locked = app.sign_in(nip, DEMO_PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.error_code(), "too_many_attempts");
    let retry_after: u64 = locked.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry_after), "Retry-After {retry_after}");
    assert_eq!(locked.json()["error"]["retry_after_secs"], retry_after);
    // Another person is not affected.
    assert_eq!(app.sign_in(app.supervisor.nip.as_str(), DEMO_PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = TestApp::new();
    let cookie = app.session_of(&app.employee).await;
    assert_eq!(app.get("/api/v1/me", Some(&cookie)).await.status, StatusCode::OK);
    let out = app.request(Method::POST, "/api/v1/auth/sign-out", None, &[("cookie", &cookie)]).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    let after = app.get("/api/v1/me", Some(&cookie)).await;
    assert_eq!((after.status, after.error_code()), (StatusCode::UNAUTHORIZED, "unauthenticated".to_owned()));
}

/// `/session` answers who is signed in, or nobody, never an error (the app asks it at start).
#[tokio::test]
async fn the_session_endpoint_answers_the_profile_or_nobody() {
    let app = TestApp::new();
    let cookie = app.session_of(&app.employee).await;
    let signed_in = app.get("/api/v1/session", Some(&cookie)).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    assert_eq!(signed_in.json()["profile"]["nip"], app.employee.nip.as_str());
    for cookie in [None, Some("kompeten_session=00ff")] {
        let nobody = app.get("/api/v1/session", cookie).await;
        assert_eq!((nobody.status, nobody.json()), (StatusCode::OK, json!({ "profile": null })));
    }
}

#[tokio::test]
async fn requests_without_a_valid_session_are_unauthenticated() {
    let app = TestApp::new();
    for cookie in [None, Some("kompeten_session=00ff"), Some("other=1")] {
        let response = app.get("/api/v1/me", cookie).await;
        assert_eq!((response.status, response.error_code()), (StatusCode::UNAUTHORIZED, "unauthenticated".to_owned()));
    }
}

#[tokio::test]
async fn malformed_requests_and_unknown_paths_answer_in_the_envelope() {
    let app = TestApp::new();
    let response = app
        .request(Method::POST, "/api/v1/auth/sign-in", None, &[("content-type", "application/json")])
        .await;
    assert_eq!((response.status, response.error_code()), (StatusCode::BAD_REQUEST, "bad_request".to_owned()));
    let missing_field = app.request(Method::POST, "/api/v1/auth/sign-in", Some(json!({ "nip": "1" })), &[]).await;
    assert_eq!(missing_field.error_code(), "bad_request");
    let detail = |response: &tests::TestResponse| response.json()["error"]["detail"].as_str().unwrap_or_default().to_owned();
    assert!(detail(&missing_field).contains("missing field `password`"), "{}", detail(&missing_field));
    // A body that is JSON but not the expected shape is read a second time to name the field.
    let wrong_type = app.request(Method::POST, "/api/v1/auth/sign-in", Some(json!({ "nip": 5, "password": "x" })), &[]).await;
    assert_eq!(wrong_type.error_code(), "bad_request");
    assert!(detail(&wrong_type).starts_with("Failed to deserialize the JSON body into the target type: nip: invalid type"), "{}", detail(&wrong_type));
    let not_json = app.request(Method::POST, "/api/v1/auth/sign-in", None, &[("content-type", "text/plain")]).await;
    assert_eq!(not_json.error_code(), "bad_request");
    assert!(detail(&not_json).contains("Content-Type: application/json"), "{}", detail(&not_json));
    let unknown = app.get("/api/v1/no-such-thing", None).await;
    assert_eq!((unknown.status, unknown.error_code()), (StatusCode::NOT_FOUND, "not_found".to_owned()));
    let wrong_method = app.get("/api/v1/auth/sign-in", None).await;
    assert_eq!(
        (wrong_method.status, wrong_method.error_code()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed".to_owned())
    );
}

/// An agency's own database, holding a single employee of its own (not one of the demo's): the
/// demo seed leaves it as it is, and adds no demo account to it.
#[test]
fn the_demo_seed_never_touches_a_database_with_data() {
    use kompeten_server::db::{ReferenceData, Store};
    use shared::domain::{Employee, EmploymentType, PnsGrade, Rank};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("agency.redb")).unwrap();
    let (demo, _) = kompeten_server::seed::demo_agency();
    let own = Employee {
        id: shared::ids::EmployeeId(uuid::Uuid::from_u128(0xa9e7c1)),
        nip: shared::domain::Nip::parse("199001012015031001").unwrap(),
        name: "Siti Rahma, S.Kom.".into(),
        rank: Rank::Pns(PnsGrade::IIIb),
        employment: EmploymentType::Pns,
        position: demo.positions[0].id,
        service_start: None,
        departure: None,
    };
    let position = demo.positions[0].clone();
    let unit = demo.units.iter().find(|u| u.id == position.unit).unwrap().clone();
    let data = ReferenceData { units: vec![unit], positions: vec![position], employees: vec![(own.clone(), None)], ..ReferenceData::default() };
    store.import_reference_data(&data).unwrap();
    assert!(!kompeten_server::seed::seed_if_empty(&store).unwrap(), "the seed is refused");
    assert!(kompeten_server::seed::demo_logins(&store).unwrap().is_empty(), "no demo account was added");
    assert!(store.account_by_nip(&demo.employees[0].0.nip).unwrap().is_none(), "no demo employee either");
    let profile = store.profile(own.id).unwrap().expect("the agency's own employee is still there");
    assert_eq!((profile.name.as_str(), profile.supervisor), (own.name.as_str(), None), "as they were");
    // An empty database is seeded, once.
    let (seeded, _dir) = tests::demo_store();
    let before = kompeten_server::seed::demo_logins(&seeded).unwrap();
    assert_eq!(before.len(), 4);
    assert!(!kompeten_server::seed::seed_if_empty(&seeded).unwrap(), "a second seed must be refused");
    assert_eq!(kompeten_server::seed::demo_logins(&seeded).unwrap(), before);
}
