//! The agency's settings the rules use, and who is acting.

use serde::{Deserialize, Serialize};

use crate::ids::EmployeeId;

/// The agency's settings the rules use. Data with defaults (HR edits them; devices get them with
/// the reference data), never constants buried in the rules. A field added later takes its
/// default when an older value is read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// The most JP a single day of training can plausibly hold (12 JP = 9 hours).
    pub max_jp_per_day: u16,
    /// The longest free text (evidence, comments, reasons, titles) accepted.
    pub max_text_chars: usize,
    pub max_competencies_per_training: usize,
    /// Self-assessment periods accepted (years).
    pub first_period: u16,
    pub last_period: u16,
    /// The JP of development everyone is owed a year (PP 17/2020: 20).
    pub jp_target: u16,
    /// The self-assessment period HR opened, if any (its year; 0 for none): then submissions are
    /// taken for that year only, while it is open, up to its deadline (`2026-12-31`, inclusive;
    /// empty for none). Flat fields with plain values, not a nested struct with a date: every
    /// type the device reads costs its first load code of its own.
    pub assessment_period: u16,
    pub assessment_open: bool,
    pub assessment_deadline: String,
    /// The SKP year, and how many times a year its performance is evaluated (12, 4, 2 or 1;
    /// PermenPANRB 6/2022: quarterly by default). A number rather than an enum: every enum read
    /// on the device costs the first load its own code.
    pub skp_year: u16,
    pub evaluations_per_year: u8,
    /// The agency's offset from UTC in hours (7: WIB, 8: WITA, 9: WIT): a deadline ends at
    /// midnight there.
    pub utc_offset_hours: i8,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            max_jp_per_day: 12,
            max_text_chars: 2000,
            max_competencies_per_training: 20,
            first_period: 2000,
            last_period: 2100,
            jp_target: crate::rules::jp::YEARLY_TARGET_JP as u16,
            assessment_period: 0,
            assessment_open: false,
            assessment_deadline: String::new(),
            skp_year: 2026,
            evaluations_per_year: 4,
            utc_offset_hours: 7,
        }
    }
}

impl Policy {
    /// Whether a self-assessment for `period` may be submitted at `now_ms`: always, unless HR
    /// opened a period; then only for that one, while it is open and up to its deadline.
    pub fn accepts_submission(&self, period: u16, now_ms: i64) -> bool {
        if self.assessment_period == 0 {
            return true;
        }
        // Days since 1970-01-01 in the agency's time zone, against the deadline's (counted with
        // the Julian day number: 2440588 is 1970-01-01), without the clock types' code.
        let today = (now_ms.div_euclid(1000) + i64::from(self.utc_offset_hours) * 3600).div_euclid(86_400);
        let in_time = match crate::domain::iso_date::parse(&self.assessment_deadline) {
            Some(deadline) => today <= i64::from(deadline.to_julian_day()) - 2_440_588,
            None => true,
        };
        self.assessment_open && self.assessment_period == period && in_time
    }

    /// What is wrong with this policy as HR typed it, if anything.
    pub fn problem(&self) -> Option<PolicyProblem> {
        if !(1..=200).contains(&self.jp_target) {
            return Some(PolicyProblem::JpTarget);
        }
        if !(1..=24).contains(&self.max_jp_per_day) {
            return Some(PolicyProblem::JpPerDay);
        }
        if !(-12..=14).contains(&self.utc_offset_hours) {
            return Some(PolicyProblem::UtcOffset);
        }
        let period = self.assessment_period;
        if (period != 0 && !(self.first_period..=self.last_period).contains(&period)) || !(2000..=2100).contains(&self.skp_year) {
            return Some(PolicyProblem::Year);
        }
        if !self.assessment_deadline.is_empty() && crate::domain::iso_date::parse(&self.assessment_deadline).is_none() {
            return Some(PolicyProblem::Deadline);
        }
        if ![1, 2, 4, 12].contains(&self.evaluations_per_year) {
            return Some(PolicyProblem::Evaluations);
        }
        None
    }
}

/// A policy value out of its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyProblem {
    JpTarget,
    JpPerDay,
    UtcOffset,
    Year,
    Deadline,
    Evaluations,
}

impl PolicyProblem {
    pub fn describe(self, english: bool) -> &'static str {
        match (self, english) {
            (PolicyProblem::JpTarget, false) => "Target JP setahun harus 1 sampai 200.",
            (PolicyProblem::JpTarget, true) => "The yearly JP target must be 1 to 200.",
            (PolicyProblem::JpPerDay, false) => "JP per hari harus 1 sampai 24.",
            (PolicyProblem::JpPerDay, true) => "JP per day must be 1 to 24.",
            (PolicyProblem::UtcOffset, false) => "Zona waktu harus UTC−12 sampai UTC+14 (WIB +7, WITA +8, WIT +9).",
            (PolicyProblem::UtcOffset, true) => "The time zone must be UTC−12 to UTC+14 (WIB +7, WITA +8, WIT +9).",
            (PolicyProblem::Year, false) => "Tahun periode harus antara 2000 dan 2100.",
            (PolicyProblem::Year, true) => "A period's year must be between 2000 and 2100.",
            (PolicyProblem::Deadline, false) => "Batas waktu harus tanggal yang sah (2026-12-31).",
            (PolicyProblem::Deadline, true) => "The deadline must be a valid date (2026-12-31).",
            (PolicyProblem::Evaluations, false) => "Evaluasi kinerja dilakukan 1, 2, 4 atau 12 kali setahun.",
            (PolicyProblem::Evaluations, true) => "Performance is evaluated 1, 2, 4 or 12 times a year.",
        }
    }
}

/// Who is acting: the author of a command, or the viewer of a pull.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: EmployeeId,
    pub hr_admin: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// Unix milliseconds of `date` at `hour:00` UTC.
    fn at(date: time::Date, hour: u8) -> i64 {
        date.with_hms(hour, 0, 0).unwrap().assume_utc().unix_timestamp() * 1000
    }

    #[test]
    fn a_submission_is_taken_only_for_the_open_period_up_to_its_deadline_in_the_agencys_time_zone() {
        let mut policy = Policy::default();
        assert!(policy.accepts_submission(2026, 0), "no period opened: always");
        (policy.assessment_period, policy.assessment_open, policy.assessment_deadline) = (2026, true, "2026-12-31".into());
        assert!(policy.accepts_submission(2026, at(date!(2026 - 12 - 31), 16)), "23:00 WIB on the last day");
        assert!(!policy.accepts_submission(2026, at(date!(2026 - 12 - 31), 17)), "00:00 WIB the day after");
        policy.utc_offset_hours = 9;
        assert!(!policy.accepts_submission(2026, at(date!(2026 - 12 - 31), 16)), "already the next day in WIT");
        assert!(!policy.accepts_submission(2025, at(date!(2026 - 06 - 01), 0)), "another year");
        (policy.assessment_open, policy.assessment_deadline) = (false, String::new());
        assert!(!policy.accepts_submission(2026, at(date!(2026 - 06 - 01), 0)), "closed");
    }

    #[test]
    fn values_out_of_range_are_named() {
        let cases = [
            (Policy { jp_target: 0, ..Policy::default() }, Some(PolicyProblem::JpTarget)),
            (Policy { max_jp_per_day: 25, ..Policy::default() }, Some(PolicyProblem::JpPerDay)),
            (Policy { utc_offset_hours: 15, ..Policy::default() }, Some(PolicyProblem::UtcOffset)),
            (Policy { skp_year: 1999, ..Policy::default() }, Some(PolicyProblem::Year)),
            (Policy { assessment_period: 2026, assessment_deadline: "31/12/2026".into(), ..Policy::default() }, Some(PolicyProblem::Deadline)),
            (Policy { jp_target: 40, ..Policy::default() }, None),
        ];
        for (policy, expected) in cases {
            assert_eq!(policy.problem(), expected, "{policy:?}");
        }
        let older = r#"{"max_jp_per_day":10,"max_text_chars":2000,"max_competencies_per_training":20,"first_period":2000,"last_period":2100}"#;
        let read: Policy = serde_json::from_str(older).unwrap();
        assert_eq!((read.max_jp_per_day, read.jp_target), (10, 20), "a policy stored before the new fields reads with their defaults");
    }
}
