//! How values are stored.
//!
//! - **Synced records** (self-assessments and training records) in postcard's compact binary
//!   form. They are written and read on every push and pull, by the ten thousand: compared
//!   with JSON, a training record takes 200 bytes instead of 460, and encoding plus decoding
//!   one takes a fraction of the time, which made applying a push of updates about 17 % faster
//!   (measured). The form has no names: fields are written in order and enum variants by
//!   number. So every field of a record type is always written (no `skip_serializing_if`
//!   there), a new enum variant goes at the end, and any other change to a record type needs a
//!   schema version and a migration step that re-encodes the stored records (see
//!   `Store::migrate`). The tests below fail if a field is left out or the stored form changes.
//! - **Everything else** (reference data, accounts, sessions, stored rejections) in JSON: read
//!   rarely, so a field added later with `#[serde(default)]` reads old values without a
//!   migration, and the values can be inspected with ordinary tools.

use serde::{Serialize, de::DeserializeOwned};
use shared::command::Record;

use super::StoreResult;

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(value)
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(bytes)
}

pub fn encode_record(record: &Record) -> StoreResult<Vec<u8>> {
    Ok(postcard::to_allocvec(record)?)
}

pub fn decode_record(bytes: &[u8]) -> StoreResult<Record> {
    Ok(postcard::from_bytes(bytes)?)
}

#[cfg(test)]
mod tests {
    use shared::command::Record;
    use shared::domain::Level;
    use shared::kinds::self_assessment::{AssessedCompetency, AssessmentStatus, Review, SelfAssessment, SelfRating, SupervisorRating};
    use shared::kinds::training::{RejectionNote, TrainingDetails, TrainingForm, TrainingRecord, TrainingStatus, Verification};
    use shared::ids::{CompetencyId, EmployeeId, SelfAssessmentId, TrainingId};

    use super::{decode_record, encode_record};

    fn details(competencies: Vec<CompetencyId>, certificate_number: &str) -> TrainingDetails {
        TrainingDetails {
            title: "Pelatihan Kepemimpinan Pengawas — Angkatan II".to_owned(),
            form: TrainingForm::PelatihanKepemimpinan,
            provider: "BPSDM \"Provinsi\"".to_owned(),
            start: time::macros::date!(2026 - 03 - 02),
            end: time::macros::date!(2026 - 03 - 06),
            jp_claimed: 40,
            competencies,
            certificate_number: certificate_number.to_owned(),
        }
    }

    /// A training record and a self-assessment with every field filled.
    fn filled() -> [Record; 2] {
        let training = TrainingRecord {
            id: TrainingId::from_u128(1),
            employee: EmployeeId::from_u128(7),
            version: 9,
            status: TrainingStatus::Verified,
            details: details(vec![CompetencyId::from_u128(3)], "SERT/01"),
            confirmed_by: Some(EmployeeId::from_u128(8)),
            verification: Some(Verification { verifier: EmployeeId::from_u128(9), jp_recognised: 32 }),
            rejection: Some(RejectionNote { by: EmployeeId::from_u128(9), reason: "Buram".to_owned() }),
            updated_at_ms: 1_790_000_000_000,
            entered_by: Some(EmployeeId::from_u128(10)),
        };
        let assessment = SelfAssessment {
            id: SelfAssessmentId::from_u128(2),
            employee: EmployeeId::from_u128(7),
            period: 2026,
            version: 4,
            status: AssessmentStatus::Approved,
            ratings: vec![SelfRating { competency: CompetencyId::from_u128(3), level: Level::new(5).unwrap(), evidence: "Proyek".to_owned() }],
            review: Some(Review {
                reviewer: EmployeeId::from_u128(8),
                ratings: vec![SupervisorRating { competency: CompetencyId::from_u128(3), level: Level::new(4).unwrap() }],
                comment: "Baik".to_owned(),
                reviewed_version: 3,
                decided_at_ms: 1_790_000_000_001,
            }),
            amends: Some(SelfAssessmentId::from_u128(5)),
            updated_at_ms: 1_790_000_000_002,
            assessed_against: vec![AssessedCompetency {
                competency: CompetencyId::from_u128(3),
                code: "M.01".to_owned(),
                name: "Integritas".to_owned(),
                required: Level::new(4).unwrap(),
                labels: vec!["Paham".to_owned(), "Ahli".to_owned()],
            }],
        };
        [Record::Training(training), Record::SelfAssessment(assessment)]
    }

    /// Records written by an earlier build must read back, and postcard writes fields in order
    /// and enum variants by number, with no names: adding, removing or reordering a field of a
    /// record type, or a variant anywhere but at the end of an enum, changes the stored form
    /// without any error. If this test fails, the change needs a new schema version whose
    /// migration re-encodes the stored records (`Store::migrate`); then update the bytes here.
    #[test]
    fn the_stored_form_of_records_is_frozen() {
        let frozen = [
            concat!(
                "011000000000000000000000000000000001100000000000000000000000000000000709032f50656c617469",
                "68616e204b6570656d696d70696e616e2050656e676177617320e2809420416e676b6174616e204949001042",
                "5053444d202250726f76696e7369220a323032362d30332d30320a323032362d30332d303628011000000000",
                "00000000000000000000000307534552542f3031011000000000000000000000000000000008011000000000",
                "0000000000000000000000092001100000000000000000000000000000000905427572616d80b083c59868",
                "01100000000000000000000000000000000a"
            ),
            concat!(
                "0010000000000000000000000000000000021000000000000000000000000000000007ea0f04020110000000",
                "00000000000000000000000003050650726f79656b0110000000000000000000000000000000080110000000",
                "0000000000000000000000000304044261696b0382b083c59868011000000000000000000000000000000005",
                "84b083c59868",
                "011000000000000000000000000000000003044d2e30310a496e7465677269746173040205506168616d0441686c69"
            ),
        ];
        for (record, hex) in filled().into_iter().zip(frozen) {
            let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|at| u8::from_str_radix(&hex[at..at + 2], 16).unwrap()).collect();
            assert_eq!(decode_record(&bytes).unwrap(), record, "stored bytes of an earlier build read back");
            assert_eq!(encode_record(&record).unwrap(), bytes, "the stored form is unchanged");
        }
        // Every variant's number, as stored.
        let forms = [
            TrainingForm::PelatihanKepemimpinan,
            TrainingForm::PelatihanManajerial,
            TrainingForm::PelatihanTeknis,
            TrainingForm::PelatihanFungsional,
            TrainingForm::Seminar,
            TrainingForm::Lokakarya,
            TrainingForm::Kursus,
            TrainingForm::BimbinganTeknis,
            TrainingForm::Coaching,
            TrainingForm::Mentoring,
            TrainingForm::ELearning,
            TrainingForm::PelatihanJarakJauh,
            TrainingForm::Detasering,
            TrainingForm::PatokBanding,
            TrainingForm::BelajarMandiri,
            TrainingForm::KomunitasBelajar,
            TrainingForm::BimbinganDiTempatKerja,
            TrainingForm::Magang,
        ];
        fn number(value: &impl serde::Serialize) -> u8 {
            postcard::to_allocvec(value).unwrap()[0]
        }
        for (n, form) in forms.iter().enumerate() {
            assert_eq!(number(form), n as u8, "{form:?}");
        }
        let statuses = [
            TrainingStatus::Draft,
            TrainingStatus::Submitted,
            TrainingStatus::Confirmed,
            TrainingStatus::Verified,
            TrainingStatus::Rejected,
        ];
        for (n, status) in statuses.iter().enumerate() {
            assert_eq!(number(status), n as u8, "{status:?}");
        }
        let statuses = [AssessmentStatus::Draft, AssessmentStatus::Submitted, AssessmentStatus::Approved, AssessmentStatus::Returned];
        for (n, status) in statuses.iter().enumerate() {
            assert_eq!(number(status), n as u8, "{status:?}");
        }
    }

    /// Every record shape, with its optional fields both empty and filled: a field left out of
    /// the binary form would shift the ones after it, and these would not read back.
    #[test]
    fn every_record_shape_reads_back_as_written() {
        let [Record::Training(full), Record::SelfAssessment(approved)] = filled() else { unreachable!("filled() is a training and an assessment") };
        let bare = TrainingRecord { details: details(Vec::new(), ""), confirmed_by: None, verification: None, rejection: None, entered_by: None, ..full.clone() };
        let draft = SelfAssessment {
            ratings: vec![SelfRating { evidence: String::new(), ..approved.ratings[0].clone() }],
            review: None,
            amends: None,
            assessed_against: Vec::new(),
            ..approved.clone()
        };
        for record in [Record::Training(bare), Record::Training(full), Record::SelfAssessment(draft), Record::SelfAssessment(approved)] {
            let bytes = encode_record(&record).unwrap();
            assert_eq!(decode_record(&bytes).unwrap(), record);
        }
    }

    /// A record as schema 4 stored it (without the field schema 5 added last) reads back after
    /// the 4 → 5 migration as the same record with that field empty: a training entered by the
    /// employee, an assessment without a kept standard.
    #[test]
    fn a_schema_4_training_reads_back_after_migration() {
        let [Record::Training(training), Record::SelfAssessment(assessment)] = filled() else { unreachable!("filled() is a training and an assessment") };
        let training = Record::Training(TrainingRecord { entered_by: None, ..training });
        let assessment = Record::SelfAssessment(SelfAssessment { assessed_against: Vec::new(), ..assessment });
        for record in [training, assessment] {
            let mut v4 = encode_record(&record).unwrap();
            assert_eq!(v4.pop(), Some(0), "the new field, empty, is one zero byte at the end");
            let migrated = super::super::migrations::record_v4_to_v5(v4);
            assert_eq!(decode_record(&migrated).unwrap(), record);
        }
    }

    /// The SKP plan's stored form, frozen as the other kinds' are (see above), with every enum's
    /// variant numbers.
    #[test]
    fn the_stored_form_of_an_skp_plan_is_frozen() {
        use shared::ids::SkpPlanId;
        use shared::kinds::skp_plan::{Aspect, Indicator, Perspective, PlanReview, PlanStatus, Rhk, RhkKind, SkpPlan};
        let plan = Record::SkpPlan(SkpPlan {
            id: SkpPlanId::from_u128(1),
            employee: EmployeeId::from_u128(7),
            year: 2026,
            version: 2,
            status: PlanStatus::Approved,
            rhk: vec![Rhk {
                id: uuid::Uuid::from_u128(3),
                kind: RhkKind::Tambahan,
                text: "RHK".to_owned(),
                intervenes: Some(uuid::Uuid::from_u128(4)),
                perspective: Some(Perspective::Anggaran),
                indicators: vec![Indicator { text: "I".to_owned(), aspect: Aspect::Biaya, target: "T".to_owned() }],
            }],
            expectations: vec!["E".to_owned()],
            review: Some(PlanReview { reviewer: EmployeeId::from_u128(8), comment: "C".to_owned(), reviewed_version: 1, decided_at_ms: 5 }),
            revises: Some(SkpPlanId::from_u128(9)),
            updated_at_ms: 6,
        });
        let bytes = encode_record(&plan).unwrap();
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, FROZEN_PLAN, "the stored form of a plan changed: a new schema version and a migration first");
        assert_eq!(decode_record(&bytes).unwrap(), plan);
        fn number(value: &impl serde::Serialize) -> u8 {
            postcard::to_allocvec(value).unwrap()[0]
        }
        let statuses = [PlanStatus::Draft, PlanStatus::Submitted, PlanStatus::Approved, PlanStatus::Returned];
        assert_eq!(statuses.map(|s| number(&s)), [0, 1, 2, 3]);
        assert_eq!([Aspect::Kuantitas, Aspect::Kualitas, Aspect::Waktu, Aspect::Biaya].map(|a| number(&a)), [0, 1, 2, 3]);
        let perspectives = [Perspective::PenerimaLayanan, Perspective::ProsesBisnis, Perspective::PenguatanInternal, Perspective::Anggaran];
        assert_eq!(perspectives.map(|p| number(&p)), [0, 1, 2, 3]);
        assert_eq!([RhkKind::Utama, RhkKind::Tambahan].map(|k| number(&k)), [0, 1]);
    }

    const FROZEN_PLAN: &str = concat!(
        "0210000000000000000000000000000000011000000000000000000000000000000007ea0f0202011000000000",
        "000000000000000000000003010352484b01100000000000000000000000000000000401030101490301540101",
        "450110000000000000000000000000000000080143010a0110000000000000000000000000000000090c"
    );
}
