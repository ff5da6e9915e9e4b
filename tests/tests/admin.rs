//! HR's administrative endpoints over HTTP: the import's preview and confirmation, what they
//! refuse, and who may call them.

use axum::http::StatusCode;
use tests::TestApp;
use shared::import::ImportReport;

const UNITS: &str = "kode;nama;induk\nUPT-DIKLAT;UPT Pendidikan dan Pelatihan;BKPSDM\n";
const POSITIONS: &str = "kode;nama;jenjang;unit;atasan;T.04\n\
    JAB-101;Kepala UPT Pendidikan dan Pelatihan;Pengawas;UPT-DIKLAT;JAB-005;3\n\
    JAB-102;Pengelola Diklat;Pelaksana;UPT-DIKLAT;JAB-101;2\n";
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
            (Employees, 2, Some("jabatan"), "Tidak ada jabatan berkode \"JAB-101\", di berkas maupun di Kompeten.".to_owned()),
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

#[tokio::test]
async fn only_hr_may_import_and_a_malformed_form_is_a_bad_request() {
    let app = TestApp::new();
    let files = fields(&[("units", UNITS)]);
    for path in ["/api/v1/admin/import/preview", "/api/v1/admin/import/apply"] {
        for login in [&app.employee, &app.supervisor, &app.head] {
            let cookie = app.session_of(login).await;
            let response = app.post_form(path, &files, &cookie).await;
            assert_eq!((response.status, response.error_code().as_str()), (StatusCode::FORBIDDEN, "forbidden"), "{} on {path}", login.role);
        }
        let response = app.post_form(path, &files, "kompeten_session=forged").await;
        assert_eq!(response.error_code(), "unauthenticated", "{path}");
    }
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
