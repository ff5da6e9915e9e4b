//! HR's administration in real headless Chromium against the real server: loading people from a
//! spreadsheet export (its problems shown by row, the fixed file applied), an account for a new
//! employee, and that employee's first sign-in with the one-time password; one employee added on
//! the form, with a training HR enters for them; an appraiser for the agency head; a move.

use std::time::Duration;

use tests::{Browser, TestServer};

const UNITS: &str = "kode;nama;induk\nUPT-DIKLAT;UPT Pendidikan dan Pelatihan;BKPSDM\n";
const POSITIONS: &str = "kode;nama;jenjang;unit;atasan;T.04\n\
    JAB-101;Kepala UPT Pendidikan dan Pelatihan;Pengawas;UPT-DIKLAT;JAB-005;3\n\
    JAB-102;Pengelola Diklat;Pelaksana;UPT-DIKLAT;JAB-101;2\n";
/// As a spreadsheet saves it: a byte-order mark, commas, CRLF; one wrong position code, one NIP a
/// digit short.
const EMPLOYEES_WITH_ERRORS: &str = "\u{feff}nip,nama,pangkat,jenis,jabatan,tanggal_lahir,tmt\r\n\
    198807142012032001,\"Rahmawati, S.Pd.\",III/c,PNS,JAB-110,14/07/1988,01/03/2012\r\n\
    19951230202421100,Yoga Pratama,VII,PPPK,JAB-102,30/12/1995,01/04/2024\r\n";
const EMPLOYEES: &str = "\u{feff}nip,nama,pangkat,jenis,jabatan,tanggal_lahir,tmt\r\n\
    198807142012032001,\"Rahmawati, S.Pd.\",III/c,PNS,JAB-101,14/07/1988,01/03/2012\r\n\
    199512302024211002,Yoga Pratama,VII,PPPK,JAB-102,30/12/1995,01/04/2024\r\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hr_imports_people_fixing_the_rows_it_is_shown_and_a_new_employee_signs_in_with_a_one_time_password() -> anyhow::Result<()> {
    let server = TestServer::start();
    let files = tempfile::tempdir()?;
    let write = |name: &str, text: &str| -> anyhow::Result<String> {
        let path = files.path().join(name);
        std::fs::write(&path, text)?;
        Ok(path.display().to_string())
    };
    let browser = Browser::start(1024, 768).await?;
    browser.sign_in(&server.url, &server.hr_admin).await?;
    browser.follow("/impor").await?;

    // The first try: the files as HR first exported them.
    browser.wait_for("import-units").await?.send_keys(&write("unit.csv", UNITS)?).await?;
    browser.wait_for("import-positions").await?.send_keys(&write("jabatan.csv", POSITIONS)?).await?;
    browser.wait_for("import-employees").await?.send_keys(&write("pegawai.csv", EMPLOYEES_WITH_ERRORS)?).await?;
    browser.click("import-check").await?;
    browser.wait_for("import-problems").await?;
    let mut problems = Vec::new();
    for row in browser.all("import-problem").await? {
        problems.push(row.text().await?);
    }
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("Pegawai") && problems[0].contains('2') && problems[0].contains("jabatan") && problems[0].contains("Tidak ada jabatan berkode \"JAB-110\""), "{problems:?}");
    assert!(problems[1].contains('3') && problems[1].contains("nip") && problems[1].contains("NIP terdiri dari 18 digit; yang diisi 17 digit."), "{problems:?}");
    assert!(browser.all("import-apply").await?.is_empty(), "nothing to apply while there are problems");
    let organisation = server.state.database().organisation()?;
    assert!(!organisation.units.iter().any(|u| u.code == "UPT-DIKLAT") && !organisation.positions.iter().any(|p| p.code == "JAB-101"), "nothing was written, not even the files without problems");

    // The fixed file: a preview of what changes, then applied.
    browser.wait_for("import-employees").await?.send_keys(&write("pegawai-diperbaiki.csv", EMPLOYEES)?).await?;
    browser.click("import-check").await?;
    browser.wait_for("import-preview").await?;
    let employees = browser.wait_for_text("import-count-employees").await?;
    assert!(employees.starts_with("Pegawai 2 0 0 0"), "two new employees: {employees:?}");
    browser.click("import-apply").await?;
    browser.wait_for_text_containing("import-applied", "2 pegawai baru", Duration::from_secs(15)).await?;

    // An account for the newcomer, from the employees page.
    browser.follow("/pegawai").await?;
    browser.type_into("employee-search", "Yoga").await?;
    browser.click("employee-search-button").await?;
    browser.wait_for_text_containing("employees-count", "1 pegawai", Duration::from_secs(15)).await?;
    browser.click("create-account").await?;
    let password = browser.wait_for_text("one-time-password").await?;
    assert_eq!(password.len(), 14, "{password}");
    browser.wait_for_text_containing("employee", "Kata sandi sekali pakai", Duration::from_secs(15)).await?;
    // Both are in the audit trail, by HR.
    browser.follow("/jejak-audit").await?;
    let trail = browser.wait_for_text_containing("audit-entry", "Akun dibuat", Duration::from_secs(15)).await?;
    assert!(trail.contains("Impor") && trail.contains("JAB-101") && trail.contains(&server.hr_admin.name), "{trail}");
    browser.sign_out().await?;

    // The newcomer signs in with it, must choose a password first, then sees their standard.
    browser.type_into("nip", "199512302024211002").await?;
    browser.type_into("password", &password).await?;
    browser.click("sign-in").await?;
    browser.wait_for("password-form").await?;
    assert!(browser.all("current-password").await?.is_empty(), "the one-time password just typed is not asked for again");
    assert!(browser.all("profile-name").await?.is_empty(), "nothing else is shown until the password is changed");
    browser.type_into("new-password", "199512302024211002").await?;
    browser.type_into("repeat-password", "199512302024211002").await?;
    browser.click("save-password").await?;
    assert_eq!(browser.wait_for_text("password-error").await?, "Kata sandi tidak boleh sama dengan NIP.");
    browser.type_into("new-password", "diklat-sukamaju-2026").await?;
    browser.type_into("repeat-password", "diklat-sukamaju-2026").await?;
    browser.click("save-password").await?;
    assert_eq!(browser.wait_for_text("profile-name").await?, "Yoga Pratama");
    assert!(browser.wait_for_text("profile-position").await?.contains("Pengelola Diklat"));
    let standard = browser.wait_for_text("standard-table").await?;
    assert!(standard.contains("T.04") && standard.contains("M.01"), "{standard}");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agency_heads_self_assessment_is_approved_by_the_appraiser_hr_names() -> anyhow::Result<()> {
    let server = TestServer::start();
    let store = server.state.database();
    let head = tests::demo_login(store, "Kepala Badan");
    // The appraiser HR names: the secretary (JAB-002) stands in for the regional secretary here.
    let (agency, _) = kompeten_server::seed::demo_agency();
    let secretary_position = agency.positions.iter().find(|p| p.code == "JAB-002").unwrap().id;
    let (secretary, _) = agency.employees.iter().find(|(e, _)| e.position == secretary_position).unwrap();
    let appraiser = kompeten_server::seed::DemoLogin { role: "", name: secretary.name.clone(), nip: secretary.nip.clone(), position: "Sekretaris".into() };
    let (short, sync) = (Duration::from_secs(15), Duration::from_secs(45));

    let browser = Browser::start(1024, 768).await?;
    browser.sign_in(&server.url, &server.hr_admin).await?;
    browser.follow("/pegawai").await?;
    browser.type_into("employee-search", head.nip.as_str()).await?;
    browser.click("employee-search-button").await?;
    browser.wait_for_text_containing("appraiser-status", "Tidak ada atasan di instansi", short).await?;
    browser.type_into("appraiser-nip", appraiser.nip.as_str()).await?;
    browser.click("appraiser-name").await?;
    browser.wait_for_text_containing("appraiser-status", &format!("Pejabat penilai (ditetapkan Admin SDM): {}", appraiser.name), short).await?;
    browser.sign_out().await?;

    // The head submits their self-assessment: it goes to the appraiser.
    browser.submit_sign_in(&head).await?;
    browser.wait_for_text("profile-name").await?;
    browser.follow("/penilaian").await?;
    browser.choose_level_everywhere(4).await?;
    browser.click("submit").await?;
    browser.wait_for_text_containing("form-message", "Diajukan", short).await?;
    browser.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", sync).await?;
    browser.sign_out().await?;

    browser.submit_sign_in(&appraiser).await?;
    browser.wait_for_text("profile-name").await?;
    browser.follow("/tim").await?;
    browser.open_queue_item(&head.name).await?;
    browser.wait_for_text_containing("review-name", &head.name, short).await?;
    browser.type_into("review-comment", "Sesuai standar JPT Pratama.").await?;
    browser.click("approve").await?;
    browser.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", sync).await?;
    browser.sign_out().await?;

    browser.submit_sign_in(&head).await?;
    browser.wait_for_text("profile-name").await?;
    browser.follow("/penilaian").await?;
    browser.wait_for_text_containing("status", "Disetujui", sync).await?;
    browser.wait_for_text_containing("review-comment", "Sesuai standar JPT Pratama.", short).await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hr_moves_an_employee_and_the_old_supervisors_device_loses_their_records_while_the_new_ones_gets_them() -> anyhow::Result<()> {
    use anyhow::Context;
    use shared::kinds::training::{TrainingDetails, TrainingForm};

    let server = TestServer::start();
    let store = server.state.database();
    let (employee, _) = store.account_by_nip(&server.employee.nip)?.context("the employee")?;
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as i64;
    let training = TrainingDetails {
        title: "Bimbingan Teknis Pengelolaan Keuangan".to_owned(),
        form: TrainingForm::PelatihanTeknis,
        provider: "BPKP".to_owned(),
        start: time::macros::date!(2026 - 05 - 04),
        end: time::macros::date!(2026 - 05 - 06),
        jp_claimed: 24,
        competencies: vec![],
        certificate_number: String::new(),
    };
    tests::submit_trainings(store, employee, [training], now_ms)?;
    // The head of finance (JAB-007) supervises the position the employee moves to.
    let (agency, _) = kompeten_server::seed::demo_agency();
    let finance = agency.positions.iter().find(|p| p.code == "JAB-007").unwrap().id;
    let (head_of_finance, _) = agency.employees.iter().find(|(e, _)| e.position == finance).unwrap();
    let new_supervisor = kompeten_server::seed::DemoLogin { role: "", name: head_of_finance.name.clone(), nip: head_of_finance.nip.clone(), position: String::new() };
    let (short, sync) = (Duration::from_secs(15), Duration::from_secs(45));

    let old_device = Browser::start(1024, 768).await?;
    old_device.sign_in(&server.url, &server.supervisor).await?;
    old_device.follow("/tim").await?;
    old_device.wait_for_text_containing("queue", "Bimbingan Teknis Pengelolaan Keuangan", sync).await?;
    let new_device = Browser::start(1024, 768).await?;
    new_device.sign_in(&server.url, &new_supervisor).await?;
    new_device.follow("/tim").await?;
    new_device.wait_for("queue-empty").await?;

    // HR moves the employee to Bendahara (JAB-019), under the head of finance.
    let hr = Browser::start(1024, 768).await?;
    hr.sign_in(&server.url, &server.hr_admin).await?;
    hr.follow("/pegawai").await?;
    hr.type_into("employee-search", server.employee.nip.as_str()).await?;
    hr.click("employee-search-button").await?;
    hr.type_into("move-position", "JAB-019").await?;
    hr.click("move").await?;
    hr.wait_for_text_containing("employee", "Bendahara", short).await?;
    hr.close().await?;

    old_device.click("sync-now").await?;
    old_device.wait_for("queue-empty").await?;
    new_device.click("sync-now").await?;
    new_device.wait_for_text_containing("queue", "Bimbingan Teknis Pengelolaan Keuangan", sync).await?;
    new_device.wait_for_text_containing("queue", &server.employee.name, short).await?;
    old_device.close().await?;
    new_device.close().await
}

/// The demo employee who holds the position `code`, as a login.
fn holder_of(code: &str) -> kompeten_server::seed::DemoLogin {
    let (agency, _) = kompeten_server::seed::demo_agency();
    let position = agency.positions.iter().find(|p| p.code == code).unwrap();
    let (employee, _) = agency.employees.iter().find(|(e, _)| e.position == position.id).unwrap();
    kompeten_server::seed::DemoLogin { role: "", name: employee.name.clone(), nip: employee.nip.clone(), position: position.name.clone() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hr_adds_an_employee_on_the_form_and_enters_a_training_for_them_which_their_supervisor_sees_as_entered_by_hr() -> anyhow::Result<()> {
    let server = TestServer::start();
    // JAB-020 (Pengelola Keuangan) reports to JAB-007 (Kepala Subbagian Keuangan).
    let supervisor = holder_of("JAB-007");
    let (short, sync) = (Duration::from_secs(15), Duration::from_secs(45));
    let browser = Browser::start(1024, 768).await?;
    browser.sign_in(&server.url, &server.hr_admin).await?;
    browser.follow("/pegawai").await?;

    // A new employee, with a rank that is not a PPPK's: the field says so, nothing is stored.
    browser.click("add-employee").await?;
    browser.type_into("employee-nip", "199512302024211002").await?;
    browser.type_into("employee-name", "Yoga Pratama").await?;
    browser.choose("employee-employment", "PPPK").await?;
    browser.type_into("employee-rank", "III/a").await?;
    browser.type_into("employee-position", "JAB-020").await?;
    browser.set_value("employee-service-start", "2024-04-01").await?;
    browser.click("employee-save").await?;
    let problem = browser.wait_for_text("employee-rank-problem").await?;
    assert!(problem.contains("PPPK"), "{problem}");
    assert!(server.state.database().employee_by_nip(&shared::domain::Nip::parse("199512302024211002")?)?.is_none());
    browser.type_into("employee-rank", "VII").await?;
    browser.click("employee-save").await?;
    browser.wait_for_text_containing("announcement", "Pegawai ditambahkan", short).await?;
    browser.type_into("employee-search", "199512302024211002").await?;
    browser.click("employee-search-button").await?;
    browser.wait_for_text_containing("employees-count", "1 pegawai", short).await?;
    browser.wait_for_text_containing("employee", "Pengelola Keuangan", short).await?;

    // Without a device of their own, HR enters their training and submits it.
    browser.click("show-entered-trainings").await?;
    browser.wait_for_text_containing("entered-trainings", "Admin SDM belum mencatat pelatihan", short).await?;
    browser.click("enter-training").await?;
    browser.type_into("t-title", "Bimtek Pengelolaan Keuangan Daerah").await?;
    browser.type_into("t-provider", "BPKAD").await?;
    browser.set_value("t-start", "2026-09-07").await?;
    browser.set_value("t-end", "2026-09-08").await?;
    browser.type_into("t-jp", "16").await?;
    browser.click("t-submit").await?;
    let card = browser.wait_for_text_containing("training-card", "Diajukan", short).await?;
    assert!(card.contains("Bimtek Pengelolaan Keuangan Daerah") && card.contains("Dicatat oleh Admin SDM"), "{card}");
    browser.wait_for_text_containing("pending", "Semua perubahan sudah tersinkronisasi", sync).await?;
    browser.sign_out().await?;

    // Their supervisor reviews it, marked as HR's entry, and confirms it.
    browser.submit_sign_in(&supervisor).await?;
    browser.wait_for_text("profile-name").await?;
    browser.follow("/tim").await?;
    browser.wait_for_text_containing("queue", "Bimtek Pengelolaan Keuangan Daerah", sync).await?;
    browser.open_queue_item("Bimtek Pengelolaan Keuangan Daerah").await?;
    browser.wait_for_text_containing("entered-by-hr", "Dicatat oleh Admin SDM", short).await?;
    browser.click("confirm").await?;
    browser.wait_for("queue-empty").await?;
    // Sent by itself: the server has it confirmed, still HR's entry.
    let hr = server.state.database().employee_by_nip(&server.hr_admin.nip)?.map(|hr| hr.id);
    let started = std::time::Instant::now();
    loop {
        let stored = server.state.database().all_records()?.into_iter().find_map(|record| match record {
            shared::command::Record::Training(t) if t.details.title == "Bimtek Pengelolaan Keuangan Daerah" => Some(t),
            _ => None,
        });
        let stored = stored.expect("the training is stored");
        assert_eq!(stored.entered_by, hr);
        if stored.status == shared::kinds::training::TrainingStatus::Confirmed {
            break;
        }
        anyhow::ensure!(started.elapsed() < sync, "the confirmation never reached the server");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hr_adds_a_technical_competency_and_a_position_requiring_it_and_the_employee_placed_there_sees_it_in_their_standard() -> anyhow::Result<()> {
    let server = TestServer::start();
    let short = Duration::from_secs(15);
    let browser = Browser::start(1024, 768).await?;
    browser.sign_in(&server.url, &server.hr_admin).await?;
    browser.follow("/organisasi").await?;

    // A technical competency: checked as HR types it, then saved.
    browser.click("add-competency").await?;
    assert_eq!(browser.wait_for("competency-code").await?.prop("value").await?.as_deref(), Some("T.05"), "the next free code");
    browser.type_into("competency-name", "Pengelolaan Arsip Digital").await?;
    browser.type_into("competency-definition", "Kemampuan mengelola arsip elektronik sesuai kaidah kearsipan.").await?;
    for level in 1..=5 {
        browser.type_into(&format!("level-description-{level}"), &format!("Mengelola arsip digital pada tingkat {level}.")).await?;
        browser.type_into(&format!("level-indicators-{level}"), "Menyimpan arsip dengan metadata lengkap").await?;
    }
    browser.click("competency-save").await?;
    let problem = browser.wait_for_text("competency-error").await?;
    assert!(problem.contains("Tingkat 1: isi 2 sampai 4 indikator"), "{problem}");
    for level in 1..=5 {
        browser.type_into(&format!("level-indicators-{level}"), "Menyimpan arsip dengan metadata lengkap\nMenemukan kembali arsip dengan cepat").await?;
    }
    browser.click("competency-save").await?;
    browser.wait_for_text_containing("announcement", "Kompetensi disimpan", short).await?;
    browser.wait_for_text_containing("technical-competencies", "T.05 · Pengelolaan Arsip Digital", short).await?;

    // A position requiring it at 2, the managerial levels left at the tier's default.
    browser.click("add-position").await?;
    browser.type_into("position-code", "JAB-120").await?;
    browser.type_into("position-name", "Pengelola Arsip Digital").await?;
    browser.choose("position-tier", "Pelaksana").await?;
    browser.choose("position-unit", "SEKRETARIAT").await?;
    browser.type_into("position-superior", "JAB-999").await?;
    browser.choose("level-T.05", "2").await?;
    browser.click("position-save").await?;
    let problem = browser.wait_for_text("position-superior-problem").await?;
    assert!(problem.contains("JAB-999"), "an unknown superior is named under its field: {problem}");
    browser.wait_for_text_containing("announcement", "1 isian perlu diperbaiki", short).await?;
    browser.type_into("position-superior", "JAB-006").await?;
    browser.click("position-save").await?;
    browser.wait_for_text_containing("announcement", "Jabatan disimpan", short).await?;
    browser.type_into("position-search", "JAB-120").await?;
    let line = browser.wait_for_text_containing("positions", "JAB-120 · Pengelola Arsip Digital", short).await?;
    assert!(line.contains("lowong") && line.contains("atasan JAB-006"), "{line}");

    // The employee is placed there on their form.
    browser.follow("/pegawai").await?;
    browser.type_into("employee-search", server.employee.nip.as_str()).await?;
    browser.click("employee-search-button").await?;
    browser.wait_for_text_containing("employees-count", "1 pegawai", short).await?;
    browser.click("edit-employee").await?;
    browser.type_into("employee-position", "JAB-120").await?;
    browser.click("employee-save").await?;
    browser.wait_for_text_containing("announcement", "Data pegawai disimpan", short).await?;
    browser.sign_out().await?;

    browser.submit_sign_in(&server.employee).await?;
    assert!(browser.wait_for_text("profile-position").await?.contains("Pengelola Arsip Digital"));
    let standard = browser.wait_for_text("standard-table").await?;
    assert!(standard.contains("T.05") && standard.contains("Pengelolaan Arsip Digital"), "{standard}");
    browser.close().await
}
