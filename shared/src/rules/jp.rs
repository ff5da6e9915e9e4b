//! The yearly development target: every civil servant is owed at least 20 JP (jam pelajaran, 45
//! minutes each) of competency development per calendar year (PP 17/2020 Pasal 203(4)). Only JP
//! that HR verified count; a training counts in the year it ended.

use crate::kinds::training::{TrainingRecord, TrainingStatus};
use crate::ids::EmployeeId;

/// The yearly target in JP by default (the agency's own is `Policy::jp_target`).
pub const YEARLY_TARGET_JP: u32 = 20;

/// An employee's JP for one year: recognised (verified) and still on their way (submitted or
/// confirmed, as claimed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct YearJp {
    pub recognised: u32,
    pub pending: u32,
}

impl YearJp {
    /// Whether the recognised JP reach `target`.
    pub fn met(&self, target: u32) -> bool {
        self.recognised >= target
    }
}

/// Sums `employee`'s training records that ended in `year`.
pub fn year_jp<'a>(records: impl IntoIterator<Item = &'a TrainingRecord>, employee: EmployeeId, year: i32) -> YearJp {
    let mut total = YearJp::default();
    for record in records {
        if record.employee != employee || record.details.end.year() != year {
            continue;
        }
        match (record.status, record.verification) {
            (TrainingStatus::Verified, Some(verification)) => total.recognised += u32::from(verification.jp_recognised),
            (TrainingStatus::Submitted | TrainingStatus::Confirmed, _) => total.pending += u32::from(record.details.jp_claimed),
            _ => {}
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::kinds::training::{TrainingDetails, TrainingForm, Verification};
    use crate::ids::TrainingId;

    fn record(employee: u128, status: TrainingStatus, end: time::Date, claimed: u16, recognised: Option<u16>) -> TrainingRecord {
        TrainingRecord {
            id: TrainingId::from_u128(u128::from(claimed) + 1000 * employee),
            employee: EmployeeId::from_u128(employee),
            version: 1,
            status,
            details: TrainingDetails {
                title: "Pelatihan".into(),
                form: TrainingForm::Kursus,
                provider: "BPSDM".into(),
                start: end,
                end,
                jp_claimed: claimed,
                competencies: Vec::new(),
                certificate_number: String::new(),
            },
            confirmed_by: None,
            verification: recognised.map(|jp| Verification { verifier: EmployeeId::from_u128(9), jp_recognised: jp }),
            rejection: None,
            updated_at_ms: 0,
            entered_by: None,
        }
    }

    #[test]
    fn only_verified_jp_of_the_year_and_person_count() {
        let records = [
            record(1, TrainingStatus::Verified, date!(2026 - 03 - 01), 12, Some(10)),
            record(1, TrainingStatus::Verified, date!(2026 - 11 - 30), 8, Some(8)),
            record(1, TrainingStatus::Submitted, date!(2026 - 05 - 01), 6, None),
            record(1, TrainingStatus::Confirmed, date!(2026 - 05 - 02), 4, None),
            record(1, TrainingStatus::Draft, date!(2026 - 05 - 03), 30, None),
            record(1, TrainingStatus::Rejected, date!(2026 - 05 - 04), 31, None),
            record(1, TrainingStatus::Verified, date!(2025 - 12 - 31), 9, Some(9)),
            record(2, TrainingStatus::Verified, date!(2026 - 01 - 05), 7, Some(7)),
        ];
        let jp = year_jp(&records, EmployeeId::from_u128(1), 2026);
        assert_eq!(jp, YearJp { recognised: 18, pending: 10 });
        assert!(!jp.met(YEARLY_TARGET_JP));
    }

    #[test]
    fn the_target_is_met_at_twenty() {
        let cases = [(0, false), (19, false), (20, true), (45, true)];
        for (recognised, met) in cases {
            // Pending JP do not count until verified.
            let jp = YearJp { recognised, pending: 30 };
            assert_eq!(jp.met(YEARLY_TARGET_JP), met, "{recognised} JP");
        }
    }
}
