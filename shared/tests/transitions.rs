//! Every command × role × record state, with the exact answer expected, as one table per record
//! kind; a stale base version for every command; records made about someone else; the content
//! rules and the conflict rules by name. Decided through `decide_from`, the path the server and
//! the device both take, with a small source of facts.

use std::borrow::Cow;
use std::collections::HashMap;

use shared::command::{Actor, Effect, FactSource, IndexKey, InvalidReason, Policy, Record, Rejection, Relation, Subject, decide_from};
use shared::domain::Level;
use shared::ids::{CompetencyId, EmployeeId, SelfAssessmentId, SkpPlanId, TrainingId};
use shared::kinds::self_assessment::{self, AssessedCompetency, AssessmentStatus, SelfAssessment, SelfRating, SupervisorRating};
use shared::kinds::training::{self, TrainingDetails, TrainingForm, TrainingRecord, TrainingStatus};
use shared::kinds::{Command, DiscardDraft, RecordId, skp_plan};
use time::macros::date;

const OWNER: EmployeeId = EmployeeId::from_u128(1);
const SUPERVISOR: EmployeeId = EmployeeId::from_u128(2);
const HR: EmployeeId = EmployeeId::from_u128(3);
const OTHER: EmployeeId = EmployeeId::from_u128(4);
const STANDARD: [CompetencyId; 2] = [CompetencyId::from_u128(10), CompetencyId::from_u128(11)];
const ROLES: [&str; 4] = ["owner", "supervisor", "hr", "other"];

/// The facts a test decides against: some records, who holds which key, and the owner's place in
/// the position tree (everyone else is unknown: no supervisor, no standard).
#[derive(Default)]
struct Source {
    records: HashMap<RecordId, Record>,
    holders: HashMap<IndexKey, RecordId>,
    owner: Option<Subject>,
}

impl Source {
    fn with(records: impl IntoIterator<Item = Record>) -> Source {
        let mut source = Source { owner: Some(owner_subject()), ..Source::default() };
        for record in records {
            for key in record.unique_keys() {
                source.holders.insert(key, record.id());
            }
            source.records.insert(record.id(), record);
        }
        source
    }
}

impl FactSource for Source {
    type Error = std::convert::Infallible;

    fn record(&mut self, id: RecordId) -> Result<Option<Record>, Self::Error> {
        Ok(self.records.get(&id).cloned())
    }

    fn holder(&mut self, key: &IndexKey) -> Result<Option<RecordId>, Self::Error> {
        Ok(self.holders.get(key).copied())
    }

    fn subject(&mut self, employee: EmployeeId) -> Result<Cow<'_, Subject>, Self::Error> {
        Ok(match &self.owner {
            Some(owner) if owner.employee == employee => Cow::Borrowed(owner),
            _ => Cow::Owned(Subject::unknown(employee)),
        })
    }

    /// The owner's standard, required at 3, with names of its own.
    fn standard(&mut self, employee: EmployeeId) -> Result<Vec<AssessedCompetency>, Self::Error> {
        Ok(match &self.owner {
            Some(owner) if owner.employee == employee => owner_standard(),
            _ => Vec::new(),
        })
    }
}

fn owner_standard() -> Vec<AssessedCompetency> {
    STANDARD
        .iter()
        .enumerate()
        .map(|(n, &competency)| AssessedCompetency { competency, code: format!("M.0{}", n + 1), name: format!("Kompetensi {n}"), required: level(3), labels: vec!["Paham".into(); 5] })
        .collect()
}

fn owner_subject() -> Subject {
    Subject { employee: OWNER, supervisor: Some(SUPERVISOR), standard: STANDARD.to_vec() }
}

fn actor(role: &str) -> Actor {
    match role {
        "owner" => Actor { id: OWNER, hr_admin: false },
        "supervisor" => Actor { id: SUPERVISOR, hr_admin: false },
        "hr" => Actor { id: HR, hr_admin: true },
        "other" => Actor { id: OTHER, hr_admin: false },
        _ => unreachable!("{role}"),
    }
}

fn level(n: u8) -> Level {
    Level::new(n).unwrap()
}

fn full_self_ratings() -> Vec<SelfRating> {
    STANDARD.iter().map(|&competency| SelfRating { competency, level: level(2), evidence: "Laporan kegiatan".into() }).collect()
}

fn full_supervisor_ratings() -> Vec<SupervisorRating> {
    STANDARD.iter().map(|&competency| SupervisorRating { competency, level: level(2) }).collect()
}

const ASSESSMENT: SelfAssessmentId = SelfAssessmentId::from_u128(100);
const TRAINING: TrainingId = TrainingId::from_u128(200);
const PLAN: SkpPlanId = SkpPlanId::from_u128(300);

/// A complete plan: one RHK utama with an indicator and its target.
fn plan_rhk() -> Vec<skp_plan::Rhk> {
    vec![skp_plan::Rhk {
        id: uuid::Uuid::from_u128(301),
        kind: skp_plan::RhkKind::Utama,
        text: "Tersusunnya laporan kepegawaian bulanan".into(),
        intervenes: None,
        perspective: None,
        indicators: vec![skp_plan::Indicator { text: "Laporan tepat waktu".into(), aspect: skp_plan::Aspect::Waktu, target: "12 laporan".into() }],
    }]
}

fn plan(status: skp_plan::PlanStatus) -> Record {
    Record::SkpPlan(skp_plan::SkpPlan {
        id: PLAN,
        employee: OWNER,
        year: 2026,
        version: 3,
        status,
        rhk: plan_rhk(),
        expectations: Vec::new(),
        review: None,
        revises: None,
        updated_at_ms: 0,
    })
}

fn expectations() -> Vec<String> {
    skp_plan::BERAKHLAK.iter().map(|value| format!("{value}: sesuai pedoman")).collect()
}

fn assessment(status: AssessmentStatus) -> Record {
    Record::SelfAssessment(SelfAssessment {
        id: ASSESSMENT,
        employee: OWNER,
        period: 2026,
        version: 3,
        status,
        ratings: full_self_ratings(),
        review: None,
        amends: None,
        updated_at_ms: 0,
        assessed_against: Vec::new(),
    })
}

fn details() -> TrainingDetails {
    TrainingDetails {
        title: "Bimtek Manajemen ASN".into(),
        form: TrainingForm::BimbinganTeknis,
        provider: "BKN Regional".into(),
        start: date!(2026 - 03 - 02),
        end: date!(2026 - 03 - 04),
        jp_claimed: 24,
        competencies: vec![STANDARD[0]],
        certificate_number: "123/BKN/2026".into(),
    }
}

fn training(status: TrainingStatus) -> Record {
    Record::Training(TrainingRecord {
        id: TRAINING,
        employee: OWNER,
        version: 3,
        status,
        details: details(),
        confirmed_by: None,
        verification: None,
        rejection: None,
        updated_at_ms: 0,
        entered_by: None,
    })
}

/// `command` by `role` on `current` (and the other records of `source`), based on `base_version`.
fn decide_in(source: &mut Source, command: &Command, role: &str, current: Option<&Record>, base_version: Option<u64>) -> Result<Effect, Rejection> {
    let Ok(decided) = decide_from(source, actor(role), command, base_version, current, &Policy::default(), 7);
    decided
}

fn decide_on(command: &Command, role: &str, current: Option<&Record>, base_version: Option<u64>) -> Result<Effect, Rejection> {
    let mut source = Source::with(current.cloned());
    decide_in(&mut source, command, role, current, base_version)
}

/// The answer, named: the new status, "removed", or the rejection with its reason
/// (`invalid:wrong_status`).
fn outcome(command: &Command, role: &str, current: Option<&Record>) -> String {
    let name = |value: &dyn std::fmt::Debug| format!("{value:?}").to_lowercase();
    match decide_on(command, role, current, current.map(Record::version)) {
        Ok(Effect::Upsert(Record::SelfAssessment(a))) => name(&a.status),
        Ok(Effect::Upsert(Record::Training(t))) => name(&t.status),
        Ok(Effect::Upsert(Record::SkpPlan(p))) => name(&p.status),
        Ok(Effect::Remove { .. }) => "removed".into(),
        Err(Rejection::Conflict { .. }) => "conflict".into(),
        Err(Rejection::Locked) => "locked".into(),
        Err(Rejection::Forbidden) => "forbidden".into(),
        Err(Rejection::Invalid { reason }) => {
            let tag = serde_json::to_value(&reason).unwrap();
            let tag = tag.as_str().map(str::to_owned).unwrap_or_else(|| tag.as_object().unwrap().keys().next().unwrap().clone());
            format!("invalid:{tag}")
        }
    }
}

/// Checks one table: rows of (command, state) with the answer for each role in `ROLES` order.
fn check_table<const N: usize>(commands: &[(&str, Command)], states: [(&str, Option<Record>); N], table: &[(&str, &str, [&str; 4])]) {
    // Every command and every state has its rows: none is left out by mistake.
    for (name, _) in commands {
        for (state, _) in &states {
            assert!(table.iter().any(|(c, s, _)| c == name && s == state), "no row for {name} on {state}");
        }
    }
    for (command_name, state_name, expected) in table {
        let command = &commands.iter().find(|(name, _)| name == command_name).unwrap_or_else(|| panic!("{command_name}")).1;
        let current = &states.iter().find(|(name, _)| name == state_name).unwrap_or_else(|| panic!("{state_name}")).1;
        for (role, expected) in ROLES.iter().zip(expected) {
            assert_eq!(outcome(command, role, current.as_ref()), *expected, "{command_name} by {role} on {state_name}");
        }
    }
}

#[test]
fn self_assessment_commands_by_role_and_state() {
    use AssessmentStatus::*;
    let id = ASSESSMENT;
    let commands = [
        ("save", Command::SaveSelfAssessment(self_assessment::Save { id, period: 2026, ratings: full_self_ratings(), amends: None })),
        ("submit", Command::SubmitSelfAssessment(self_assessment::Submit { id })),
        ("approve", Command::ApproveSelfAssessment(self_assessment::Approve { id, ratings: full_supervisor_ratings(), comment: String::new() })),
        ("return", Command::ReturnSelfAssessment(self_assessment::Return { id, ratings: vec![], comment: "Lengkapi bukti".into() })),
        ("discard", Command::DiscardDraft(DiscardDraft { id: id.0 })),
    ];
    let states = [
        ("none", None),
        ("draft", Some(assessment(Draft))),
        ("submitted", Some(assessment(Submitted))),
        ("approved", Some(assessment(Approved))),
        ("returned", Some(assessment(Returned))),
    ];
    let unknown = ["invalid:unknown_record"; 4];
    let f = "forbidden";
    // Columns: owner, supervisor, hr, other. A new assessment is always its author's own: anyone
    // may start one, about themselves and against their own standard (the others' is unknown
    // here, so the owner's competencies are not in it).
    let n = "invalid:competency_not_in_standard";
    let table: &[(&str, &str, [&str; 4])] = &[
        ("save", "none", ["draft", n, n, n]),
        ("save", "draft", ["draft", f, f, f]),
        ("save", "submitted", ["invalid:wrong_status", f, f, f]),
        ("save", "approved", ["locked", f, f, f]),
        ("save", "returned", ["returned", f, f, f]),
        ("submit", "none", unknown),
        ("submit", "draft", ["submitted", f, f, f]),
        ("submit", "submitted", ["invalid:wrong_status", f, f, f]),
        ("submit", "approved", ["locked", f, f, f]),
        ("submit", "returned", ["submitted", f, f, f]),
        ("approve", "none", unknown),
        ("approve", "draft", [f, "invalid:wrong_status", f, f]),
        ("approve", "submitted", [f, "approved", f, f]),
        ("approve", "approved", [f, "locked", f, f]),
        ("approve", "returned", [f, "invalid:wrong_status", f, f]),
        ("return", "none", unknown),
        ("return", "draft", [f, "invalid:wrong_status", f, f]),
        ("return", "submitted", [f, "returned", f, f]),
        ("return", "approved", [f, "locked", f, f]),
        ("return", "returned", [f, "invalid:wrong_status", f, f]),
        ("discard", "none", unknown),
        ("discard", "draft", ["removed", f, f, f]),
        ("discard", "submitted", ["invalid:wrong_status", f, f, f]),
        ("discard", "approved", ["locked", f, f, f]),
        ("discard", "returned", ["invalid:wrong_status", f, f, f]),
    ];
    check_table(&commands, states, table);
}

#[test]
fn training_commands_by_role_and_state() {
    use TrainingStatus::*;
    let id = TRAINING;
    // The save names its subject: HR may enter a training for the owner; nobody else may.
    let commands = [
        ("save", Command::SaveTraining(training::Save { id, details: details(), subject: Some(OWNER) })),
        ("submit", Command::SubmitTraining(training::Submit { id })),
        ("confirm", Command::ConfirmTraining(training::Confirm { id })),
        ("verify", Command::VerifyTraining(training::Verify { id, jp_recognised: 20 })),
        ("reject", Command::RejectTraining(training::Reject { id, reason: "Sertifikat tidak terbaca".into() })),
        ("discard", Command::DiscardDraft(DiscardDraft { id: id.0 })),
    ];
    let states = [
        ("none", None),
        ("draft", Some(training(Draft))),
        ("submitted", Some(training(Submitted))),
        ("confirmed", Some(training(Confirmed))),
        ("verified", Some(training(Verified))),
        ("rejected", Some(training(Rejected))),
    ];
    let unknown = ["invalid:unknown_record"; 4];
    let (f, w) = ("forbidden", "invalid:wrong_status");
    // Columns: owner, supervisor, hr, other.
    let table: &[(&str, &str, [&str; 4])] = &[
        // HR may create one for the owner, but never changes one the owner entered (below: one
        // HR entered).
        ("save", "none", ["draft", f, "draft", f]),
        ("save", "draft", ["draft", f, f, f]),
        ("save", "submitted", [w, f, f, f]),
        ("save", "confirmed", [w, f, f, f]),
        ("save", "verified", ["locked", f, f, f]),
        ("save", "rejected", ["draft", f, f, f]),
        ("submit", "none", unknown),
        ("submit", "draft", ["submitted", f, f, f]),
        ("submit", "submitted", [w, f, f, f]),
        ("submit", "confirmed", [w, f, f, f]),
        ("submit", "verified", ["locked", f, f, f]),
        ("submit", "rejected", ["submitted", f, f, f]),
        ("confirm", "none", unknown),
        ("confirm", "draft", [f, w, f, f]),
        ("confirm", "submitted", [f, "confirmed", f, f]),
        ("confirm", "confirmed", [f, w, f, f]),
        ("confirm", "verified", [f, "locked", f, f]),
        ("confirm", "rejected", [f, w, f, f]),
        ("verify", "none", unknown),
        ("verify", "draft", [f, f, w, f]),
        ("verify", "submitted", [f, f, w, f]),
        ("verify", "confirmed", [f, f, "verified", f]),
        ("verify", "verified", [f, f, "locked", f]),
        ("verify", "rejected", [f, f, w, f]),
        ("reject", "none", unknown),
        ("reject", "draft", [f, w, w, f]),
        ("reject", "submitted", [f, "rejected", f, f]),
        ("reject", "confirmed", [f, f, "rejected", f]),
        ("reject", "verified", [f, "locked", "locked", f]),
        ("reject", "rejected", [f, w, w, f]),
        ("discard", "none", unknown),
        ("discard", "draft", ["removed", f, f, f]),
        ("discard", "submitted", [w, f, f, f]),
        ("discard", "confirmed", [w, f, f, f]),
        ("discard", "verified", ["locked", f, f, f]),
        ("discard", "rejected", ["removed", f, f, f]),
    ];
    check_table(&commands, states, table);
}

#[test]
fn skp_plan_commands_by_role_and_state() {
    use skp_plan::PlanStatus::*;
    let id = PLAN;
    let commands = [
        ("save", Command::SaveSkpPlan(skp_plan::Save { id, year: 2026, rhk: plan_rhk(), revises: None })),
        ("submit", Command::SubmitSkpPlan(skp_plan::Submit { id })),
        ("approve", Command::ApproveSkpPlan(skp_plan::Approve { id, expectations: expectations(), comment: String::new() })),
        ("return", Command::ReturnSkpPlan(skp_plan::Return { id, comment: "Tambahkan indikator kualitas".into() })),
        ("discard", Command::DiscardDraft(DiscardDraft { id: id.0 })),
    ];
    let states = [("none", None), ("draft", Some(plan(Draft))), ("submitted", Some(plan(Submitted))), ("approved", Some(plan(Approved))), ("returned", Some(plan(Returned)))];
    let unknown = ["invalid:unknown_record"; 4];
    let (f, w) = ("forbidden", "invalid:wrong_status");
    // Columns: owner, supervisor, hr, other. A new plan is always its author's own (anyone may
    // start theirs); only the employee changes it; only their PPK decides on it; HR has no part.
    let table: &[(&str, &str, [&str; 4])] = &[
        ("save", "none", ["draft"; 4]),
        ("save", "draft", ["draft", f, f, f]),
        ("save", "submitted", [w, f, f, f]),
        ("save", "approved", ["locked", f, f, f]),
        ("save", "returned", ["returned", f, f, f]),
        ("submit", "none", unknown),
        ("submit", "draft", ["submitted", f, f, f]),
        ("submit", "submitted", [w, f, f, f]),
        ("submit", "approved", ["locked", f, f, f]),
        ("submit", "returned", ["submitted", f, f, f]),
        ("approve", "none", unknown),
        ("approve", "draft", [f, w, f, f]),
        ("approve", "submitted", [f, "approved", f, f]),
        ("approve", "approved", [f, "locked", f, f]),
        ("approve", "returned", [f, w, f, f]),
        ("return", "none", unknown),
        ("return", "draft", [f, w, f, f]),
        ("return", "submitted", [f, "returned", f, f]),
        ("return", "approved", [f, "locked", f, f]),
        ("return", "returned", [f, w, f, f]),
        ("discard", "none", unknown),
        ("discard", "draft", ["removed", f, f, f]),
        ("discard", "submitted", [w, f, f, f]),
        ("discard", "approved", ["locked", f, f, f]),
        ("discard", "returned", [w, f, f, f]),
    ];
    check_table(&commands, states, table);
}

#[test]
fn a_plan_is_submitted_complete_approved_with_the_expectations_and_changed_only_by_a_revision() {
    use skp_plan::PlanStatus::*;
    // Incomplete: no RHK utama, or an RHK without an indicator's target.
    let mut tambahan = plan_rhk();
    tambahan[0].kind = skp_plan::RhkKind::Tambahan;
    let mut untargeted = plan_rhk();
    untargeted[0].indicators[0].target = " ".into();
    for rhk in [Vec::new(), tambahan, untargeted] {
        let Record::SkpPlan(mut draft) = plan(Draft) else { unreachable!() };
        draft.rhk = rhk;
        let submit = Command::SubmitSkpPlan(skp_plan::Submit { id: PLAN });
        assert!(matches!(decide_on(&submit, "owner", Some(&Record::SkpPlan(draft)), Some(3)), Err(Rejection::Invalid { reason: InvalidReason::IncompletePlan { .. } })));
    }
    // A link to the superior's RHK may still be missing at submission.
    assert!(plan_rhk()[0].intervenes.is_none());
    // The approval writes one expectation per BerAKHLAK value, exactly.
    let approve = |expectations: Vec<String>| Command::ApproveSkpPlan(skp_plan::Approve { id: PLAN, expectations, comment: String::new() });
    assert_eq!(decide_on(&approve(vec!["Satu".into()]), "supervisor", Some(&plan(Submitted)), Some(3)), Err(Rejection::invalid(InvalidReason::Expectations { expected: 7 })));
    let Ok(Effect::Upsert(Record::SkpPlan(approved))) = decide_on(&approve(expectations()), "supervisor", Some(&plan(Submitted)), Some(3)) else { panic!() };
    assert_eq!((approved.expectations.len(), approved.review.as_ref().map(|r| r.reviewer)), (7, Some(SUPERVISOR)));
    // Returning needs notes.
    let back = Command::ReturnSkpPlan(skp_plan::Return { id: PLAN, comment: " ".into() });
    assert_eq!(decide_on(&back, "supervisor", Some(&plan(Submitted)), Some(3)), Err(Rejection::invalid(InvalidReason::CommentRequired)));
    // A second plan for the year is refused; a revision of the approved one is a new draft.
    let mut source = Source::with([Record::SkpPlan(approved.clone())]);
    let second = Command::SaveSkpPlan(skp_plan::Save { id: SkpPlanId::from_u128(302), year: 2026, rhk: plan_rhk(), revises: None });
    assert_eq!(decide_in(&mut source, &second, "owner", None, None), Err(Rejection::invalid(InvalidReason::DuplicatePlan { existing: PLAN })));
    let revision = Command::SaveSkpPlan(skp_plan::Save { id: SkpPlanId::from_u128(303), year: 2026, rhk: plan_rhk(), revises: Some(PLAN) });
    let Ok(Effect::Upsert(Record::SkpPlan(draft))) = decide_in(&mut source, &revision, "owner", None, None) else { panic!("a revision") };
    assert_eq!((draft.status, draft.revises), (Draft, Some(PLAN)));
    let of_draft = Command::SaveSkpPlan(skp_plan::Save { id: SkpPlanId::from_u128(304), year: 2026, rhk: plan_rhk(), revises: Some(SkpPlanId::from_u128(303)) });
    assert_eq!(decide_in(&mut Source::with([Record::SkpPlan(draft)]), &of_draft, "owner", None, None), Err(Rejection::invalid(InvalidReason::NotRevisable)));
    // Two RHK with one id.
    let twice = Command::SaveSkpPlan(skp_plan::Save { id: PLAN, year: 2026, rhk: [plan_rhk(), plan_rhk()].concat(), revises: None });
    assert_eq!(decide_on(&twice, "owner", Some(&plan(Draft)), Some(3)), Err(Rejection::invalid(InvalidReason::DuplicateRhk)));
}

#[test]
fn a_plan_is_seen_by_its_ppk_once_submitted_and_by_the_staff_once_approved() {
    use skp_plan::PlanStatus::*;
    let (ppk, staff, hr) = (Relation { supervisor: true, ..Relation::NONE }, Relation { staff: true, ..Relation::NONE }, Relation { hr: true, ..Relation::NONE });
    for (status, by_ppk, by_staff) in [(Draft, false, false), (Submitted, true, false), (Returned, true, false), (Approved, true, true)] {
        let record = plan(status);
        assert!(record.visible_to(Relation { subject: true, ..Relation::NONE }), "{status:?}");
        assert_eq!((record.visible_to(ppk), record.visible_to(staff), record.visible_to(hr)), (by_ppk, by_staff, false), "{status:?}");
    }
}

/// For every command, in the state and role where it applies: based on an older version it is a
/// conflict naming the current one; based on a record that is gone, a conflict at version 0.
#[test]
fn a_stale_base_version_is_a_conflict_for_every_command() {
    use AssessmentStatus as A;
    use TrainingStatus as T;
    let (a, t) = (ASSESSMENT, TRAINING);
    let cases: Vec<(Command, &str, Record)> = vec![
        (Command::SaveSelfAssessment(self_assessment::Save { id: a, period: 2026, ratings: full_self_ratings(), amends: None }), "owner", assessment(A::Draft)),
        (Command::SubmitSelfAssessment(self_assessment::Submit { id: a }), "owner", assessment(A::Draft)),
        (Command::ApproveSelfAssessment(self_assessment::Approve { id: a, ratings: full_supervisor_ratings(), comment: String::new() }), "supervisor", assessment(A::Submitted)),
        (Command::ReturnSelfAssessment(self_assessment::Return { id: a, ratings: vec![], comment: "Lengkapi".into() }), "supervisor", assessment(A::Submitted)),
        (Command::DiscardDraft(DiscardDraft { id: a.0 }), "owner", assessment(A::Draft)),
        (Command::SaveTraining(training::Save { id: t, details: details(), subject: None }), "owner", training(T::Draft)),
        (Command::SubmitTraining(training::Submit { id: t }), "owner", training(T::Draft)),
        (Command::ConfirmTraining(training::Confirm { id: t }), "supervisor", training(T::Submitted)),
        (Command::VerifyTraining(training::Verify { id: t, jp_recognised: 10 }), "hr", training(T::Confirmed)),
        (Command::RejectTraining(training::Reject { id: t, reason: "Buram".into() }), "supervisor", training(T::Submitted)),
        (Command::DiscardDraft(DiscardDraft { id: t.0 }), "owner", training(T::Draft)),
        (Command::SaveSkpPlan(skp_plan::Save { id: PLAN, year: 2026, rhk: plan_rhk(), revises: None }), "owner", plan(skp_plan::PlanStatus::Draft)),
        (Command::SubmitSkpPlan(skp_plan::Submit { id: PLAN }), "owner", plan(skp_plan::PlanStatus::Draft)),
        (Command::ApproveSkpPlan(skp_plan::Approve { id: PLAN, expectations: expectations(), comment: String::new() }), "supervisor", plan(skp_plan::PlanStatus::Submitted)),
        (Command::ReturnSkpPlan(skp_plan::Return { id: PLAN, comment: "Perbaiki".into() }), "supervisor", plan(skp_plan::PlanStatus::Submitted)),
    ];
    for (command, role, current) in &cases {
        assert!(decide_on(command, role, Some(current), Some(3)).is_ok(), "{command:?} applies as based");
        for stale in [Some(2), Some(4), None] {
            assert_eq!(decide_on(command, role, Some(current), stale), Err(Rejection::Conflict { current_version: 3 }), "{command:?} on {stale:?}");
        }
        // The record was discarded meanwhile (on another device).
        let expected = match command {
            Command::SaveSelfAssessment(_) | Command::SaveTraining(_) | Command::SaveSkpPlan(_) => Err(Rejection::Conflict { current_version: 0 }),
            _ => Err(Rejection::invalid(InvalidReason::UnknownRecord)),
        };
        assert_eq!(decide_on(command, role, None, Some(3)), expected, "{command:?} on a record that is gone");
    }
    // Every command of the protocol is among the cases.
    let names: std::collections::HashSet<&str> = cases.iter().map(|(c, _, _)| c.name()).collect();
    assert_eq!(names.len(), 14, "{names:?}");
}

#[test]
fn hr_enters_a_training_for_an_employee_and_the_employees_supervisor_confirms_it() {
    let save = Command::SaveTraining(training::Save { id: TRAINING, details: details(), subject: Some(OWNER) });
    let Ok(Effect::Upsert(draft)) = decide_on(&save, "hr", None, None) else { panic!("HR may enter it") };
    assert_eq!(draft.subject(), OWNER, "the record is about the employee, not its author");
    let Record::Training(entered) = &draft else { unreachable!() };
    assert_eq!(entered.entered_by, Some(HR), "shown as entered by HR");
    // HR sees what it entered until it is verified (the employee has no device); an HR officer
    // sees the owner's own draft never.
    let hr = Relation { hr: true, ..Relation::NONE };
    assert!(draft.visible_to(hr));
    assert!(!training(TrainingStatus::Draft).visible_to(hr));
    let submit = Command::SubmitTraining(training::Submit { id: TRAINING });
    let Ok(Effect::Upsert(submitted)) = decide_on(&submit, "hr", Some(&draft), Some(1)) else { panic!("and submit it") };
    assert!(submitted.visible_to(hr));
    // The rules follow the subject: the owner's supervisor confirms, HR does not.
    let confirm = Command::ConfirmTraining(training::Confirm { id: TRAINING });
    assert_eq!(decide_on(&confirm, "hr", Some(&submitted), Some(2)), Err(Rejection::Forbidden));
    assert!(matches!(decide_on(&confirm, "supervisor", Some(&submitted), Some(2)), Ok(Effect::Upsert(_))));
    // Rejected by the supervisor, HR corrects and submits it again, or throws it away; it stays
    // HR's entry whoever saves it next.
    let reject = Command::RejectTraining(training::Reject { id: TRAINING, reason: "Tanggal salah".into() });
    let Ok(Effect::Upsert(rejected)) = decide_on(&reject, "supervisor", Some(&submitted), Some(2)) else { panic!() };
    let correct = Command::SaveTraining(training::Save { id: TRAINING, details: details(), subject: None });
    let Ok(Effect::Upsert(corrected)) = decide_on(&correct, "hr", Some(&rejected), Some(3)) else { panic!("HR corrects its entry") };
    let Record::Training(corrected_training) = &corrected else { unreachable!() };
    assert_eq!(corrected_training.entered_by, Some(HR));
    assert!(matches!(decide_on(&submit, "hr", Some(&corrected), Some(4)), Ok(Effect::Upsert(_))));
    let discard = Command::DiscardDraft(DiscardDraft { id: TRAINING.0 });
    assert!(matches!(decide_on(&discard, "hr", Some(&corrected), Some(4)), Ok(Effect::Remove { .. })), "HR throws its entry away");
    assert_eq!(decide_on(&discard, "hr", Some(&training(TrainingStatus::Draft)), Some(3)), Err(Rejection::Forbidden), "never the owner's");
    // Nobody but HR and the subject enters one for the subject.
    for role in ["supervisor", "other"] {
        assert_eq!(decide_on(&save, role, None, None), Err(Rejection::Forbidden), "{role}");
    }
    // A record's subject is fixed: a save that names another one is refused.
    let elsewhere = Command::SaveTraining(training::Save { id: TRAINING, details: details(), subject: Some(OTHER) });
    assert_eq!(decide_on(&elsewhere, "hr", Some(&draft), Some(1)), Err(Rejection::invalid(InvalidReason::WrongSubject)));
    // Without a subject, a save creates the author's own record.
    let own = Command::SaveTraining(training::Save { id: TRAINING, details: details(), subject: None });
    let Ok(Effect::Upsert(own)) = decide_on(&own, "hr", None, None) else { panic!() };
    assert_eq!(own.subject(), HR);
}

#[test]
fn hr_never_verifies_their_own_training() {
    let Record::Training(mut own) = training(TrainingStatus::Confirmed) else { unreachable!() };
    own.employee = HR;
    let own = Record::Training(own);
    let verify = Command::VerifyTraining(training::Verify { id: TRAINING, jp_recognised: 10 });
    assert_eq!(decide_on(&verify, "hr", Some(&own), Some(3)), Err(Rejection::Forbidden));
}

#[test]
fn nobody_verifies_a_training_they_confirmed() {
    // An HR officer who is also the employee's supervisor confirmed it: another HR officer verifies.
    let Record::Training(mut confirmed) = training(TrainingStatus::Confirmed) else { unreachable!() };
    confirmed.confirmed_by = Some(HR);
    let confirmed = Record::Training(confirmed);
    let verify = Command::VerifyTraining(training::Verify { id: TRAINING, jp_recognised: 10 });
    assert_eq!(decide_on(&verify, "hr", Some(&confirmed), Some(3)), Err(Rejection::Forbidden));
    let Record::Training(mut by_supervisor) = confirmed else { unreachable!() };
    by_supervisor.confirmed_by = Some(SUPERVISOR);
    assert!(decide_on(&verify, "hr", Some(&Record::Training(by_supervisor)), Some(3)).is_ok(), "confirmed by someone else: HR verifies");
}

#[test]
fn an_edit_after_approval_is_rejected_as_locked() {
    let approved = assessment(AssessmentStatus::Approved);
    let edit = Command::SaveSelfAssessment(self_assessment::Save { id: ASSESSMENT, period: 2026, ratings: full_self_ratings(), amends: None });
    // Locked wins over a stale base version: the user needs to know it is final, not that it moved.
    assert_eq!(decide_on(&edit, "owner", Some(&approved), Some(1)), Err(Rejection::Locked));
    assert_eq!(decide_on(&edit, "owner", Some(&approved), Some(3)), Err(Rejection::Locked));
}

#[test]
fn an_approval_of_a_version_that_changed_since_review_is_a_conflict() {
    let submitted = assessment(AssessmentStatus::Submitted); // version 3
    let approve = Command::ApproveSelfAssessment(self_assessment::Approve { id: ASSESSMENT, ratings: full_supervisor_ratings(), comment: String::new() });
    assert_eq!(decide_on(&approve, "supervisor", Some(&submitted), Some(2)), Err(Rejection::Conflict { current_version: 3 }));
    let Ok(Effect::Upsert(Record::SelfAssessment(approved))) = decide_on(&approve, "supervisor", Some(&submitted), Some(3)) else {
        panic!("approving the reviewed version works");
    };
    assert_eq!((approved.status, approved.version), (AssessmentStatus::Approved, 4));
    assert_eq!(approved.review.as_ref().map(|r| (r.reviewer, r.reviewed_version)), Some((SUPERVISOR, 3)));
}

#[test]
fn of_two_approvals_the_second_finds_the_record_locked() {
    let submitted = assessment(AssessmentStatus::Submitted);
    let approve = Command::ApproveSelfAssessment(self_assessment::Approve { id: ASSESSMENT, ratings: full_supervisor_ratings(), comment: String::new() });
    let Ok(Effect::Upsert(first)) = decide_on(&approve, "supervisor", Some(&submitted), Some(3)) else { panic!() };
    assert_eq!(decide_on(&approve, "supervisor", Some(&first), Some(3)), Err(Rejection::Locked));
}

#[test]
fn self_assessment_content_rules() {
    let id = ASSESSMENT;
    let stranger = CompetencyId::from_u128(99);
    let rating = |competency| SelfRating { competency, level: level(3), evidence: String::new() };
    let save = |period, ratings, amends| Command::SaveSelfAssessment(self_assessment::Save { id, period, ratings, amends });
    let submitted = Some(assessment(AssessmentStatus::Submitted));
    let cases: Vec<(Command, Option<Record>, InvalidReason)> = vec![
        (save(2026, vec![rating(stranger)], None), None, InvalidReason::CompetencyNotInStandard { competency: stranger }),
        (save(2026, vec![rating(STANDARD[0]), rating(STANDARD[0])], None), None, InvalidReason::DuplicateCompetency { competency: STANDARD[0] }),
        (save(1999, vec![], None), None, InvalidReason::PeriodOutOfRange),
        (
            save(2026, vec![SelfRating { competency: STANDARD[0], level: level(1), evidence: "x".repeat(2001) }], None),
            None,
            InvalidReason::TextTooLong { max: 2000 },
        ),
        (save(2026, vec![], Some(SelfAssessmentId::from_u128(5))), None, InvalidReason::NotAmendable),
        (
            Command::ReturnSelfAssessment(self_assessment::Return { id, ratings: vec![], comment: "  ".into() }),
            submitted.clone(),
            InvalidReason::CommentRequired,
        ),
        (
            Command::ApproveSelfAssessment(self_assessment::Approve { id, ratings: vec![], comment: String::new() }),
            submitted,
            InvalidReason::IncompleteRatings { missing: 2 },
        ),
    ];
    for (command, current, reason) in cases {
        let role = if matches!(command, Command::SaveSelfAssessment(_)) { "owner" } else { "supervisor" };
        let base = current.as_ref().map(Record::version);
        assert_eq!(decide_on(&command, role, current.as_ref(), base), Err(Rejection::invalid(reason)), "{command:?}");
    }

    // Submitting needs every competency rated.
    let Record::SelfAssessment(mut partial) = assessment(AssessmentStatus::Draft) else { unreachable!() };
    partial.ratings.truncate(1);
    let partial = Record::SelfAssessment(partial);
    assert_eq!(
        decide_on(&Command::SubmitSelfAssessment(self_assessment::Submit { id }), "owner", Some(&partial), Some(3)),
        Err(Rejection::invalid(InvalidReason::IncompleteRatings { missing: 1 }))
    );
}

#[test]
fn a_second_assessment_for_the_same_period_is_refused_and_an_amendment_is_a_new_record() {
    let approved = assessment(AssessmentStatus::Approved);
    let mut source = Source::with([approved]);
    let save = Command::SaveSelfAssessment(self_assessment::Save { id: SelfAssessmentId::from_u128(51), period: 2026, ratings: vec![], amends: None });
    assert_eq!(decide_in(&mut source, &save, "owner", None, None), Err(Rejection::invalid(InvalidReason::DuplicatePeriod { existing: ASSESSMENT })));
    // Another period is free.
    let next_year = Command::SaveSelfAssessment(self_assessment::Save { id: SelfAssessmentId::from_u128(52), period: 2027, ratings: vec![], amends: None });
    assert!(decide_in(&mut source, &next_year, "owner", None, None).is_ok());

    // An amendment of the approved one is a new record that keeps the old.
    let amend = Command::SaveSelfAssessment(self_assessment::Save {
        id: SelfAssessmentId::from_u128(101),
        period: 2026,
        ratings: full_self_ratings(),
        amends: Some(ASSESSMENT),
    });
    let Ok(Effect::Upsert(Record::SelfAssessment(amendment))) = decide_in(&mut source, &amend, "owner", None, None) else { panic!() };
    assert_eq!((amendment.status, amendment.version, amendment.amends), (AssessmentStatus::Draft, 1, Some(ASSESSMENT)));
    // Someone else cannot amend the owner's assessment (it is not theirs to amend).
    assert_eq!(decide_in(&mut source, &amend, "supervisor", None, None), Err(Rejection::invalid(InvalidReason::NotAmendable)));
}

#[test]
fn training_content_rules() {
    let with = |change: fn(&mut TrainingDetails)| {
        let mut d = details();
        change(&mut d);
        Command::SaveTraining(training::Save { id: TRAINING, details: d, subject: None })
    };
    let cases = [
        (with(|d| d.title = "   ".into()), InvalidReason::TitleRequired),
        (with(|d| d.provider = String::new()), InvalidReason::ProviderRequired),
        (with(|d| d.end = date!(2026 - 03 - 01)), InvalidReason::EndBeforeStart),
        (with(|d| d.jp_claimed = 0), InvalidReason::JpNotPositive),
        (with(|d| d.jp_claimed = 37), InvalidReason::JpImplausible { max: 36 }), // 3 days × 12 JP
        (with(|d| d.competencies = vec![STANDARD[0], STANDARD[0]]), InvalidReason::DuplicateCompetency { competency: STANDARD[0] }),
    ];
    for (command, reason) in cases {
        assert_eq!(decide_on(&command, "owner", None, None), Err(Rejection::invalid(reason)), "{command:?}");
    }
    assert!(decide_on(&with(|d| d.jp_claimed = 36), "owner", None, None).is_ok(), "36 JP in 3 days is plausible");

    // The same person, title and dates as another record is a duplicate, whatever the case and
    // spacing of the title.
    let mut source = Source::with([training(TrainingStatus::Verified)]);
    let again = TrainingDetails { title: "  bimtek MANAJEMEN  asn".into(), ..details() };
    let duplicate = Command::SaveTraining(training::Save { id: TrainingId::from_u128(201), details: again, subject: None });
    assert_eq!(decide_in(&mut source, &duplicate, "owner", None, None), Err(Rejection::invalid(InvalidReason::DuplicateTraining { existing: TRAINING })));
    // Someone else may have the same training.
    let theirs = Command::SaveTraining(training::Save { id: TrainingId::from_u128(202), details: details(), subject: None });
    assert!(decide_in(&mut source, &theirs, "other", None, None).is_ok());
    // Saving the record itself again is not a duplicate of itself.
    let draft = training(TrainingStatus::Draft);
    let mut source = Source::with([draft.clone()]);
    let edit = Command::SaveTraining(training::Save { id: TRAINING, details: details(), subject: None });
    assert!(decide_in(&mut source, &edit, "owner", Some(&draft), Some(3)).is_ok());
}

#[test]
fn verification_sets_the_recognised_jp_within_the_claim() {
    let confirmed = training(TrainingStatus::Confirmed);
    let verify = |jp_recognised| Command::VerifyTraining(training::Verify { id: TRAINING, jp_recognised });
    for (jp, ok) in [(0, false), (1, true), (24, true), (25, false)] {
        assert_eq!(decide_on(&verify(jp), "hr", Some(&confirmed), Some(3)).is_ok(), ok, "{jp} JP");
    }
    let Ok(Effect::Upsert(Record::Training(verified))) = decide_on(&verify(20), "hr", Some(&confirmed), Some(3)) else { panic!() };
    assert_eq!(verified.verification.map(|v| (v.verifier, v.jp_recognised)), Some((HR, 20)));
}

#[test]
fn nobody_reviews_their_own_record_even_if_the_position_tree_says_so() {
    // Bad data: the owner's position names the owner as their own supervisor.
    let mut source = Source::with([]);
    source.owner = Some(Subject { employee: OWNER, supervisor: Some(OWNER), standard: STANDARD.to_vec() });
    let submitted = assessment(AssessmentStatus::Submitted);
    let training_submitted = training(TrainingStatus::Submitted);
    let cases = [
        (Command::ApproveSelfAssessment(self_assessment::Approve { id: ASSESSMENT, ratings: full_supervisor_ratings(), comment: String::new() }), &submitted),
        (Command::ReturnSelfAssessment(self_assessment::Return { id: ASSESSMENT, ratings: vec![], comment: "Lengkapi".into() }), &submitted),
        (Command::ConfirmTraining(training::Confirm { id: TRAINING }), &training_submitted),
    ];
    for (command, current) in cases {
        assert_eq!(decide_in(&mut source, &command, "owner", Some(current), Some(3)), Err(Rejection::Forbidden), "{command:?}");
    }
}

#[test]
fn a_command_for_a_record_of_another_kind_is_refused_as_the_wrong_kind() {
    let draft_training = training(TrainingStatus::Draft);
    let submit = Command::SubmitSelfAssessment(self_assessment::Submit { id: SelfAssessmentId(TRAINING.0) });
    assert_eq!(decide_on(&submit, "owner", Some(&draft_training), Some(3)), Err(Rejection::invalid(InvalidReason::WrongKind)));
}

#[test]
fn who_sees_a_record_follows_its_state() {
    use shared::command::Relation;
    let subject = Relation { subject: true, ..Relation::NONE };
    let supervisor = Relation { supervisor: true, ..Relation::NONE };
    let hr = Relation { hr: true, ..Relation::NONE };
    let seen_by = |record: &Record| -> Vec<&str> {
        [("subject", subject), ("supervisor", supervisor), ("hr", hr), ("nobody", Relation::NONE)]
            .into_iter()
            .filter(|(_, relation)| record.visible_to(*relation))
            .map(|(name, _)| name)
            .collect()
    };
    use AssessmentStatus as A;
    use TrainingStatus as T;
    let cases: Vec<(Record, Vec<&str>)> = vec![
        (assessment(A::Draft), vec!["subject"]),
        (assessment(A::Submitted), vec!["subject", "supervisor"]),
        (assessment(A::Approved), vec!["subject", "supervisor"]),
        (assessment(A::Returned), vec!["subject", "supervisor"]),
        (training(T::Draft), vec!["subject"]),
        (training(T::Submitted), vec!["subject", "supervisor"]),
        (training(T::Confirmed), vec!["subject", "supervisor", "hr"]),
        (training(T::Verified), vec!["subject", "supervisor"]),
        (training(T::Rejected), vec!["subject", "supervisor"]),
    ];
    for (record, expected) in cases {
        assert_eq!(seen_by(&record), expected, "{record:?}");
    }
}

/// The commands and records of this release read and write the same JSON as the first release's
/// (struct variants then, a kind's type in each variant now): old outboxes and old servers agree.
#[test]
fn the_wire_form_of_commands_is_the_first_releases() {
    let cases = [
        (Command::SubmitTraining(training::Submit { id: TRAINING }), r#"{"submit_training":{"id":"00000000-0000-0000-0000-0000000000c8"}}"#),
        (Command::DiscardDraft(DiscardDraft { id: ASSESSMENT.0 }), r#"{"discard_draft":{"id":"00000000-0000-0000-0000-000000000064"}}"#),
        (
            Command::VerifyTraining(training::Verify { id: TRAINING, jp_recognised: 12 }),
            r#"{"verify_training":{"id":"00000000-0000-0000-0000-0000000000c8","jp_recognised":12}}"#,
        ),
    ];
    for (command, json) in cases {
        assert_eq!(serde_json::to_string(&command).unwrap(), json);
        assert_eq!(serde_json::from_str::<Command>(json).unwrap(), command);
    }
    // A save without a subject writes none, and one from the first release (which had none)
    // reads as the author's own.
    let save = Command::SaveTraining(training::Save { id: TRAINING, details: details(), subject: None });
    let json = serde_json::to_value(&save).unwrap();
    assert!(json["save_training"].get("subject").is_none(), "{json}");
    assert_eq!(serde_json::from_value::<Command>(json).unwrap(), save);
}

#[test]
fn an_approval_keeps_the_standard_and_its_texts_and_a_return_does_not() {
    let approve = Command::ApproveSelfAssessment(self_assessment::Approve { id: ASSESSMENT, ratings: full_supervisor_ratings(), comment: String::new() });
    let Ok(Effect::Upsert(Record::SelfAssessment(approved))) = decide_on(&approve, "supervisor", Some(&assessment(AssessmentStatus::Submitted)), Some(3)) else { panic!() };
    assert_eq!(approved.assessed_against, owner_standard());
    let back = Command::ReturnSelfAssessment(self_assessment::Return { id: ASSESSMENT, ratings: Vec::new(), comment: "Lengkapi bukti".into() });
    let Ok(Effect::Upsert(Record::SelfAssessment(returned))) = decide_on(&back, "supervisor", Some(&assessment(AssessmentStatus::Submitted)), Some(3)) else { panic!() };
    assert!(returned.assessed_against.is_empty());
}
