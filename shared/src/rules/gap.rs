//! Competency gap (kesenjangan kompetensi) and Job Person Match: the gap of one competency is
//! `max(0, required − achieved)`; JPM is Σ achieved (capped at required) ÷ Σ required over the
//! whole standard, as a percentage.

use crate::domain::{Level, RequiredCompetency};
use crate::kinds::self_assessment::SelfAssessment;
use crate::ids::CompetencyId;

/// One competency of the standard, with the levels the employee and their supervisor gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GapLine {
    pub competency: CompetencyId,
    pub required: Level,
    pub self_level: Option<Level>,
    pub supervisor_level: Option<Level>,
}

impl GapLine {
    /// The level that counts: the supervisor's once they rated it, else the employee's own.
    pub fn achieved(&self) -> Option<Level> {
        self.supervisor_level.or(self.self_level)
    }

    /// `max(0, required − achieved)`; `None` while nobody rated it.
    pub fn gap(&self) -> Option<u8> {
        self.achieved().map(|achieved| gap(self.required, achieved))
    }
}

/// `max(0, required − achieved)`.
pub fn gap(required: Level, achieved: Level) -> u8 {
    required.get().saturating_sub(achieved.get())
}

/// The gap view of a standard against an assessment (or none yet), in the standard's order. An
/// approved assessment is read against the standard it was assessed against (kept by the
/// approval), whatever the position's standard says today.
pub fn gap_lines(standard: &[RequiredCompetency], assessment: Option<&SelfAssessment>) -> Vec<GapLine> {
    let kept: Vec<RequiredCompetency>;
    let standard = match assessment.map(|a| &a.assessed_against) {
        Some(against) if !against.is_empty() => {
            kept = against.iter().map(|c| RequiredCompetency { competency: c.competency, level: c.required }).collect();
            &kept
        }
        _ => standard,
    };
    standard
        .iter()
        .map(|line| GapLine {
            competency: line.competency,
            required: line.level,
            self_level: assessment
                .and_then(|a| a.ratings.iter().find(|r| r.competency == line.competency))
                .map(|r| r.level),
            supervisor_level: assessment
                .and_then(|a| a.review.as_ref())
                .and_then(|review| review.ratings.iter().find(|r| r.competency == line.competency))
                .map(|r| r.level),
        })
        .collect()
}

/// Job Person Match in whole percent (rounded down), over the whole standard: a competency not
/// rated yet has achieved nothing. `None` while nothing is rated (there is no match to show).
pub fn job_person_match(lines: &[GapLine]) -> Option<u8> {
    if lines.iter().all(|line| line.achieved().is_none()) {
        return None;
    }
    let required: u32 = lines.iter().map(|line| u32::from(line.required.get())).sum();
    let achieved: u32 =
        lines.iter().filter_map(|line| line.achieved().map(|level| u32::from(level.get().min(line.required.get())))).sum();
    (achieved * 100).checked_div(required).map(|percent| percent as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(value: u8) -> Level {
        Level::new(value).unwrap()
    }

    fn line(required: u8, self_level: Option<u8>, supervisor_level: Option<u8>) -> GapLine {
        GapLine {
            competency: CompetencyId::from_u128(1),
            required: level(required),
            self_level: self_level.map(level),
            supervisor_level: supervisor_level.map(level),
        }
    }

    #[test]
    fn gap_is_never_negative() {
        let cases = [(3, 1, 2), (3, 3, 0), (3, 5, 0), (5, 1, 4), (1, 1, 0)];
        for (required, achieved, expected) in cases {
            assert_eq!(gap(level(required), level(achieved)), expected, "required {required}, achieved {achieved}");
        }
    }

    #[test]
    fn the_supervisors_level_counts_once_given() {
        let cases = [
            (line(3, None, None), None),
            (line(3, Some(2), None), Some(1)),
            (line(3, Some(2), Some(3)), Some(0)),
            (line(3, Some(4), Some(1)), Some(2)),
            (line(3, None, Some(2)), Some(1)),
        ];
        for (line, expected) in cases {
            assert_eq!(line.gap(), expected, "{line:?}");
        }
    }

    #[test]
    fn job_person_match_caps_each_line_at_its_requirement() {
        let cases = [
            (vec![], None),
            (vec![line(3, None, None)], None),
            (vec![line(3, Some(3), None), line(2, Some(2), None)], Some(100)),
            // 5 above a required 3 counts as 3.
            (vec![line(3, Some(5), None), line(2, Some(1), None)], Some(80)),
            (vec![line(4, Some(1), None), line(4, Some(2), None)], Some(37)),
            // A line not rated yet achieves nothing: one of two met is half the match.
            (vec![line(4, Some(4), None), line(4, None, None)], Some(50)),
        ];
        for (lines, expected) in cases {
            assert_eq!(job_person_match(&lines), expected, "{lines:?}");
        }
    }

    #[test]
    fn an_approved_assessment_is_read_against_the_standard_it_kept() {
        use crate::kinds::self_assessment::{AssessedCompetency, AssessmentStatus, SelfRating};
        use crate::ids::{EmployeeId, SelfAssessmentId};
        let competency = CompetencyId::from_u128(1);
        let kept = AssessedCompetency { competency, code: "T.01".into(), name: "Arsip".into(), required: level(2), labels: Vec::new() };
        let mut assessment = SelfAssessment {
            id: SelfAssessmentId::from_u128(9),
            employee: EmployeeId::from_u128(3),
            period: 2026,
            version: 3,
            status: AssessmentStatus::Approved,
            ratings: vec![SelfRating { competency, level: level(2), evidence: String::new() }],
            review: None,
            amends: None,
            updated_at_ms: 0,
            assessed_against: vec![kept],
        };
        // Today the position requires 4.
        let today = [RequiredCompetency { competency, level: level(4) }];
        assert_eq!(gap_lines(&today, Some(&assessment))[0].gap(), Some(0), "met against what it was assessed against");
        assessment.assessed_against.clear();
        assert_eq!(gap_lines(&today, Some(&assessment))[0].gap(), Some(2), "one not approved yet: today's standard");
    }
}
