//! Every command × role × record state, as one table per record kind, plus the content rules and
//! the conflict rules by name.

use shared::command::{Actor, Command, Effect, Facts, InvalidReason, Policy, Record, Rejection, Subject, decide};
use shared::domain::{
    AssessmentStatus, Level, SelfAssessment, SelfRating, SupervisorRating, TrainingDetails, TrainingForm,
    TrainingRecord, TrainingStatus,
};
use shared::ids::{CompetencyId, EmployeeId, SelfAssessmentId, TrainingId};
use time::macros::date;

const OWNER: EmployeeId = EmployeeId::from_u128(1);
const SUPERVISOR: EmployeeId = EmployeeId::from_u128(2);
const HR: EmployeeId = EmployeeId::from_u128(3);
const OTHER: EmployeeId = EmployeeId::from_u128(4);
const STANDARD: [CompetencyId; 2] = [CompetencyId::from_u128(10), CompetencyId::from_u128(11)];

fn subject() -> Subject {
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

fn assessment(status: AssessmentStatus) -> Record {
    Record::SelfAssessment(SelfAssessment {
        id: SelfAssessmentId::from_u128(100),
        employee: OWNER,
        period: 2026,
        version: 3,
        status,
        ratings: full_self_ratings(),
        review: None,
        amends: None,
        updated_at_ms: 0,
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
        id: TrainingId::from_u128(200),
        employee: OWNER,
        version: 3,
        status,
        details: details(),
        confirmed_by: None,
        verification: None,
        rejection: None,
        updated_at_ms: 0,
    })
}

/// Runs `command` as `role` on `current` (based on its version) and names the outcome: the new
/// status, "removed", or the rejection's kind.
fn outcome(command: &Command, role: &str, current: Option<&Record>) -> String {
    let name = |value: &dyn std::fmt::Debug| format!("{value:?}").to_lowercase();
    match decide_on(command, role, current, current.map(Record::version)) {
        Ok(Effect::Upsert(Record::SelfAssessment(a))) => name(&a.status),
        Ok(Effect::Upsert(Record::Training(t))) => name(&t.status),
        Ok(Effect::Remove { .. }) => "removed".into(),
        Err(Rejection::Conflict { .. }) => "conflict".into(),
        Err(Rejection::Locked) => "locked".into(),
        Err(Rejection::Forbidden) => "forbidden".into(),
        Err(Rejection::Invalid { .. }) => "invalid".into(),
    }
}

#[test]
fn self_assessment_transitions_by_role() {
    use AssessmentStatus::*;
    let id = SelfAssessmentId::from_u128(100);
    let commands = [
        ("save", Command::SaveSelfAssessment { id, period: 2026, ratings: full_self_ratings(), amends: None }),
        ("submit", Command::SubmitSelfAssessment { id }),
        ("approve", Command::ApproveSelfAssessment { id, ratings: full_supervisor_ratings(), comment: String::new() }),
        ("return", Command::ReturnSelfAssessment { id, ratings: vec![], comment: "Lengkapi bukti".into() }),
        ("discard", Command::DiscardDraft { id: id.0 }),
    ];
    // Rows: command, role; columns: record state none, Draft, Submitted, Approved, Returned.
    let table: &[(&str, &str, [&str; 5])] = &[
        ("save", "owner", ["draft", "draft", "invalid", "locked", "returned"]),
        ("save", "supervisor", ["-", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("save", "hr", ["-", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("save", "other", ["-", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("submit", "owner", ["invalid", "submitted", "invalid", "locked", "submitted"]),
        ("submit", "supervisor", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("submit", "hr", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("approve", "owner", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("approve", "supervisor", ["invalid", "invalid", "approved", "locked", "invalid"]),
        ("approve", "hr", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("approve", "other", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("return", "owner", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("return", "supervisor", ["invalid", "invalid", "returned", "locked", "invalid"]),
        ("return", "hr", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("discard", "owner", ["invalid", "removed", "invalid", "locked", "invalid"]),
        ("discard", "supervisor", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("discard", "other", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden"]),
    ];
    let states = [None, Some(Draft), Some(Submitted), Some(Approved), Some(Returned)];
    for (command_name, role, expected) in table {
        let command = &commands.iter().find(|(name, _)| name == command_name).unwrap().1;
        for (state, expected) in states.iter().zip(expected) {
            if *expected == "-" {
                continue; // Creating a record is always done as its owner.
            }
            let current = state.map(assessment);
            assert_eq!(outcome(command, role, current.as_ref()), *expected, "{command_name} by {role} on {state:?}");
        }
    }
}

#[test]
fn training_transitions_by_role() {
    use TrainingStatus::*;
    let id = TrainingId::from_u128(200);
    let commands = [
        ("save", Command::SaveTraining { id, details: details() }),
        ("submit", Command::SubmitTraining { id }),
        ("confirm", Command::ConfirmTraining { id }),
        ("verify", Command::VerifyTraining { id, jp_recognised: 20 }),
        ("reject", Command::RejectTraining { id, reason: "Sertifikat tidak terbaca".into() }),
        ("discard", Command::DiscardDraft { id: id.0 }),
    ];
    // Columns: none, Draft, Submitted, Confirmed, Verified, Rejected.
    let table: &[(&str, &str, [&str; 6])] = &[
        ("save", "owner", ["draft", "draft", "invalid", "invalid", "locked", "draft"]),
        ("save", "supervisor", ["-", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("save", "hr", ["-", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("submit", "owner", ["invalid", "submitted", "invalid", "invalid", "locked", "submitted"]),
        ("submit", "supervisor", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("confirm", "owner", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("confirm", "supervisor", ["invalid", "invalid", "confirmed", "invalid", "locked", "invalid"]),
        ("confirm", "hr", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("verify", "owner", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("verify", "supervisor", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("verify", "hr", ["invalid", "invalid", "invalid", "verified", "locked", "invalid"]),
        ("verify", "other", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("reject", "owner", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("reject", "supervisor", ["invalid", "invalid", "rejected", "forbidden", "locked", "invalid"]),
        ("reject", "hr", ["invalid", "invalid", "forbidden", "rejected", "locked", "invalid"]),
        ("reject", "other", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"]),
        ("discard", "owner", ["invalid", "removed", "invalid", "invalid", "locked", "removed"]),
        ("discard", "hr", ["invalid", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden"]),
    ];
    let states = [None, Some(Draft), Some(Submitted), Some(Confirmed), Some(Verified), Some(Rejected)];
    for (command_name, role, expected) in table {
        let command = &commands.iter().find(|(name, _)| name == command_name).unwrap().1;
        for (state, expected) in states.iter().zip(expected) {
            if *expected == "-" {
                continue;
            }
            let current = state.map(training);
            assert_eq!(outcome(command, role, current.as_ref()), *expected, "{command_name} by {role} on {state:?}");
        }
    }
}

#[test]
fn hr_never_verifies_their_own_training() {
    let subject = Subject { employee: HR, supervisor: Some(SUPERVISOR), standard: vec![] };
    let policy = Policy::default();
    let Record::Training(mut own) = training(TrainingStatus::Confirmed) else { unreachable!() };
    own.employee = HR;
    let current = Record::Training(own);
    let facts = Facts {
        actor: actor("hr"),
        subject: &subject,
        current: Some(&current),
        period_assessment: None,
        amended: None,
        duplicate_training: None,
        policy: &policy,
        now_ms: 0,
    };
    let verify = Command::VerifyTraining { id: TrainingId::from_u128(200), jp_recognised: 10 };
    assert_eq!(decide(&verify, Some(3), &facts), Err(Rejection::Forbidden));
}

fn decide_on(command: &Command, role: &str, current: Option<&Record>, base_version: Option<u64>) -> Result<Effect, Rejection> {
    let subject = subject();
    let policy = Policy::default();
    let facts = Facts {
        actor: actor(role),
        subject: &subject,
        current,
        period_assessment: None,
        amended: None,
        duplicate_training: None,
        policy: &policy,
        now_ms: 7,
    };
    decide(command, base_version, &facts)
}

#[test]
fn an_edit_after_approval_is_rejected_as_locked() {
    let approved = assessment(AssessmentStatus::Approved);
    let id = SelfAssessmentId::from_u128(100);
    let edit = Command::SaveSelfAssessment { id, period: 2026, ratings: full_self_ratings(), amends: None };
    // Locked wins over a stale base version: the user needs to know it is final, not that it moved.
    assert_eq!(decide_on(&edit, "owner", Some(&approved), Some(1)), Err(Rejection::Locked));
    assert_eq!(decide_on(&edit, "owner", Some(&approved), Some(3)), Err(Rejection::Locked));
}

#[test]
fn an_approval_of_a_version_that_changed_since_review_is_a_conflict() {
    let submitted = assessment(AssessmentStatus::Submitted); // version 3
    let approve = Command::ApproveSelfAssessment {
        id: SelfAssessmentId::from_u128(100),
        ratings: full_supervisor_ratings(),
        comment: String::new(),
    };
    assert_eq!(
        decide_on(&approve, "supervisor", Some(&submitted), Some(2)),
        Err(Rejection::Conflict { current_version: 3 })
    );
    let Ok(Effect::Upsert(Record::SelfAssessment(approved))) = decide_on(&approve, "supervisor", Some(&submitted), Some(3)) else {
        panic!("approving the reviewed version works");
    };
    assert_eq!((approved.status, approved.version), (AssessmentStatus::Approved, 4));
    assert_eq!(approved.review.as_ref().map(|r| (r.reviewer, r.reviewed_version)), Some((SUPERVISOR, 3)));
}

#[test]
fn of_two_approvals_the_second_finds_the_record_locked() {
    let submitted = assessment(AssessmentStatus::Submitted);
    let approve = Command::ApproveSelfAssessment {
        id: SelfAssessmentId::from_u128(100),
        ratings: full_supervisor_ratings(),
        comment: String::new(),
    };
    let Ok(Effect::Upsert(first)) = decide_on(&approve, "supervisor", Some(&submitted), Some(3)) else { panic!() };
    assert_eq!(decide_on(&approve, "supervisor", Some(&first), Some(3)), Err(Rejection::Locked));
}

#[test]
fn self_assessment_content_rules() {
    let id = SelfAssessmentId::from_u128(100);
    let stranger = CompetencyId::from_u128(99);
    let rating = |competency| SelfRating { competency, level: level(3), evidence: String::new() };
    let cases: Vec<(Command, Option<Record>, InvalidReason)> = vec![
        (
            Command::SaveSelfAssessment { id, period: 2026, ratings: vec![rating(stranger)], amends: None },
            None,
            InvalidReason::CompetencyNotInStandard { competency: stranger },
        ),
        (
            Command::SaveSelfAssessment { id, period: 2026, ratings: vec![rating(STANDARD[0]), rating(STANDARD[0])], amends: None },
            None,
            InvalidReason::DuplicateCompetency { competency: STANDARD[0] },
        ),
        (
            Command::SaveSelfAssessment { id, period: 1999, ratings: vec![], amends: None },
            None,
            InvalidReason::PeriodOutOfRange,
        ),
        (
            Command::SaveSelfAssessment {
                id,
                period: 2026,
                ratings: vec![SelfRating { competency: STANDARD[0], level: level(1), evidence: "x".repeat(2001) }],
                amends: None,
            },
            None,
            InvalidReason::TextTooLong { max: 2000 },
        ),
        (
            Command::SaveSelfAssessment { id, period: 2026, ratings: vec![], amends: Some(SelfAssessmentId::from_u128(5)) },
            None,
            InvalidReason::NotAmendable,
        ),
        (
            Command::ReturnSelfAssessment { id, ratings: vec![], comment: "  ".into() },
            Some(assessment(AssessmentStatus::Submitted)),
            InvalidReason::CommentRequired,
        ),
        (
            Command::ApproveSelfAssessment { id, ratings: vec![], comment: String::new() },
            Some(assessment(AssessmentStatus::Submitted)),
            InvalidReason::IncompleteRatings { missing: 2 },
        ),
    ];
    for (command, current, reason) in cases {
        let role = if matches!(command, Command::SaveSelfAssessment { .. }) { "owner" } else { "supervisor" };
        let base = current.as_ref().map(Record::version);
        assert_eq!(decide_on(&command, role, current.as_ref(), base), Err(Rejection::Invalid { reason }), "{command:?}");
    }

    // Submitting needs every competency rated.
    let Record::SelfAssessment(mut partial) = assessment(AssessmentStatus::Draft) else { unreachable!() };
    partial.ratings.truncate(1);
    let partial = Record::SelfAssessment(partial);
    assert_eq!(
        decide_on(&Command::SubmitSelfAssessment { id }, "owner", Some(&partial), Some(3)),
        Err(Rejection::Invalid { reason: InvalidReason::IncompleteRatings { missing: 1 } })
    );
}

#[test]
fn a_second_assessment_for_the_same_period_is_refused() {
    let subject = subject();
    let policy = Policy::default();
    let existing = SelfAssessmentId::from_u128(50);
    let facts = Facts {
        actor: actor("owner"),
        subject: &subject,
        current: None,
        period_assessment: Some(existing),
        amended: None,
        duplicate_training: None,
        policy: &policy,
        now_ms: 0,
    };
    let save = Command::SaveSelfAssessment { id: SelfAssessmentId::from_u128(51), period: 2026, ratings: vec![], amends: None };
    assert_eq!(decide(&save, None, &facts), Err(Rejection::Invalid { reason: InvalidReason::DuplicatePeriod { existing } }));

    // An amendment of the approved one is a new record that keeps the old.
    let approved = assessment(AssessmentStatus::Approved);
    let facts = Facts { period_assessment: Some(SelfAssessmentId::from_u128(100)), amended: Some(&approved), ..facts };
    let amend = Command::SaveSelfAssessment {
        id: SelfAssessmentId::from_u128(101),
        period: 2026,
        ratings: full_self_ratings(),
        amends: Some(SelfAssessmentId::from_u128(100)),
    };
    let Ok(Effect::Upsert(Record::SelfAssessment(amendment))) = decide(&amend, None, &facts) else { panic!() };
    assert_eq!((amendment.status, amendment.version, amendment.amends), (AssessmentStatus::Draft, 1, Some(SelfAssessmentId::from_u128(100))));
}

#[test]
fn training_content_rules() {
    let id = TrainingId::from_u128(200);
    let with = |change: fn(&mut TrainingDetails)| {
        let mut d = details();
        change(&mut d);
        Command::SaveTraining { id, details: d }
    };
    let cases = [
        (with(|d| d.title = "   ".into()), InvalidReason::TitleRequired),
        (with(|d| d.provider = String::new()), InvalidReason::ProviderRequired),
        (with(|d| d.end = date!(2026 - 03 - 01)), InvalidReason::EndBeforeStart),
        (with(|d| d.jp_claimed = 0), InvalidReason::JpNotPositive),
        (with(|d| d.jp_claimed = 37), InvalidReason::JpImplausible { max: 36 }), // 3 days × 12 JP
        (
            with(|d| d.competencies = vec![STANDARD[0], STANDARD[0]]),
            InvalidReason::DuplicateCompetency { competency: STANDARD[0] },
        ),
    ];
    for (command, reason) in cases {
        assert_eq!(decide_on(&command, "owner", None, None), Err(Rejection::Invalid { reason }), "{command:?}");
    }
    assert!(decide_on(&with(|d| d.jp_claimed = 36), "owner", None, None).is_ok(), "36 JP in 3 days is plausible");

    // The same person, title and dates as another record is a duplicate.
    let subject = subject();
    let policy = Policy::default();
    let other = TrainingId::from_u128(201);
    let facts = Facts {
        actor: actor("owner"),
        subject: &subject,
        current: None,
        period_assessment: None,
        amended: None,
        duplicate_training: Some(other),
        policy: &policy,
        now_ms: 0,
    };
    assert_eq!(
        decide(&Command::SaveTraining { id, details: details() }, None, &facts),
        Err(Rejection::Invalid { reason: InvalidReason::DuplicateTraining { existing: other } })
    );
    // Saving the duplicate record itself again is not a duplicate of itself.
    let facts = Facts { duplicate_training: Some(id), ..facts };
    assert!(decide(&Command::SaveTraining { id, details: details() }, None, &facts).is_ok());
}

#[test]
fn verification_sets_the_recognised_jp_within_the_claim() {
    let confirmed = training(TrainingStatus::Confirmed);
    let id = TrainingId::from_u128(200);
    for (jp, ok) in [(0, false), (1, true), (24, true), (25, false)] {
        let result = decide_on(&Command::VerifyTraining { id, jp_recognised: jp }, "hr", Some(&confirmed), Some(3));
        assert_eq!(result.is_ok(), ok, "{jp} JP");
    }
    let Ok(Effect::Upsert(Record::Training(verified))) =
        decide_on(&Command::VerifyTraining { id, jp_recognised: 20 }, "hr", Some(&confirmed), Some(3))
    else {
        panic!()
    };
    assert_eq!(verified.verification.map(|v| (v.verifier, v.jp_recognised)), Some((HR, 20)));
}

#[test]
fn a_stale_base_version_is_a_conflict_for_every_step() {
    let id = TrainingId::from_u128(200);
    let draft = training(TrainingStatus::Draft);
    assert_eq!(
        decide_on(&Command::SubmitTraining { id }, "owner", Some(&draft), Some(2)),
        Err(Rejection::Conflict { current_version: 3 })
    );
    // A command that claims to create a record that already exists is a conflict too.
    assert_eq!(
        decide_on(&Command::SaveTraining { id, details: details() }, "owner", Some(&draft), None),
        Err(Rejection::Conflict { current_version: 3 })
    );
}

#[test]
fn nobody_reviews_their_own_record_even_if_the_position_tree_says_so() {
    // Bad data: the owner's position names the owner as their own supervisor.
    let subject = Subject { employee: OWNER, supervisor: Some(OWNER), standard: STANDARD.to_vec() };
    let policy = Policy::default();
    let submitted = assessment(AssessmentStatus::Submitted);
    let training_submitted = training(TrainingStatus::Submitted);
    let id = SelfAssessmentId::from_u128(100);
    let cases = [
        (Command::ApproveSelfAssessment { id, ratings: full_supervisor_ratings(), comment: String::new() }, &submitted),
        (Command::ReturnSelfAssessment { id, ratings: vec![], comment: "Lengkapi".into() }, &submitted),
        (Command::ConfirmTraining { id: TrainingId::from_u128(200) }, &training_submitted),
    ];
    for (command, current) in cases {
        let facts = Facts {
            actor: actor("owner"),
            subject: &subject,
            current: Some(current),
            period_assessment: None,
            amended: None,
            duplicate_training: None,
            policy: &policy,
            now_ms: 0,
        };
        assert_eq!(decide(&command, Some(3), &facts), Err(Rejection::Forbidden), "{command:?}");
    }
}

#[test]
fn a_change_based_on_a_record_that_is_gone_is_a_conflict_at_version_zero() {
    // The draft was discarded (on another device) before this edit of it arrived.
    let id = SelfAssessmentId::from_u128(100);
    let edit = Command::SaveSelfAssessment { id, period: 2026, ratings: full_self_ratings(), amends: None };
    assert_eq!(decide_on(&edit, "owner", None, Some(2)), Err(Rejection::Conflict { current_version: 0 }));
    let training_edit = Command::SaveTraining { id: TrainingId::from_u128(200), details: details() };
    assert_eq!(decide_on(&training_edit, "owner", None, Some(1)), Err(Rejection::Conflict { current_version: 0 }));
    // Without a base version, the same saves create the records.
    assert!(matches!(decide_on(&edit, "owner", None, None), Ok(Effect::Upsert(_))));
    assert!(matches!(decide_on(&training_edit, "owner", None, None), Ok(Effect::Upsert(_))));
}
