//! The kurva distribusi (SE MenPANRB 3/2023, DOMAIN §2a): the unit's own result bounds how the
//! predikat its PPK give their staff may be spread. It is a consideration, never a block: a PPK
//! whose ratings break a rule is shown which one and by how much, and writes a justification to
//! go on. In a unit of one to three people the shares cannot be met as written: its breaks are
//! flagged, and no justification is asked for.
//!
//! Shares are counted as the agency sets; by default a limit is met when the count is within
//! the share rounded outwards: "at most 70%" of 7 allows ceil(4.9) = 5, "at least 60%" of 7 asks
//! for floor(4.2) = 4. The rows, the rounding and the size of a small unit are data ([`Kurva`]),
//! the national ones by default.

use serde::{Deserialize, Serialize};

use super::Predikat;

/// The unit's result, set by the unit head's superior (for the unit head: their hasil kerja).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitResult {
    Istimewa,
    Baik,
    ButuhPerbaikan,
    Kurang,
    SangatKurang,
}

/// Which predikat a rule counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    One(Predikat),
    /// Butuh Perbaikan and Kurang together.
    ButuhPerbaikanOrKurang,
}

impl Counted {
    fn includes(self, predikat: Predikat) -> bool {
        match self {
            Counted::One(one) => one == predikat,
            Counted::ButuhPerbaikanOrKurang => matches!(predikat, Predikat::ButuhPerbaikan | Predikat::Kurang),
        }
    }
}

/// One rule of a row of the kurva: at most or at least `percent` of the staff (or, with
/// `at_least_one`, at least one person), counted over `counted`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub counted: Counted,
    pub bound: Bound,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    AtMost { percent: u32 },
    AtLeast { percent: u32 },
    AtLeastOne,
    None,
}

/// A rule the predikat break: how many the rule allows or asks for, and how many there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Break {
    pub rule: Rule,
    /// The most allowed (an upper bound) or the fewest asked for (a lower bound).
    pub limit: u32,
    pub actual: u32,
}

impl Break {
    /// By how many people the rule is broken.
    pub fn by(&self) -> u32 {
        self.limit.abs_diff(self.actual)
    }
}

/// What the kurva says of a unit's predikat.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guardrail {
    pub breaks: Vec<Break>,
    /// One to three people: flagged, not asked to be justified.
    pub small_unit: bool,
}

impl Guardrail {
    /// Whether the PPK must write a justification to go on.
    pub fn needs_justification(&self) -> bool {
        !self.breaks.is_empty() && !self.small_unit
    }
}

/// How a share of the staff becomes a count of people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// In the staff's favour: an upper bound rounded up, a lower bound down.
    #[default]
    Outward,
    /// To the nearest person (a half rounds up).
    Nearest,
    /// Strictly: an upper bound rounded down, a lower bound up.
    Inward,
}

impl Rounding {
    /// `percent` of `staff` as a count, for an upper (`at_most`) or a lower bound.
    fn count(self, staff: u32, percent: u32, at_most: bool) -> u32 {
        let exact = staff * percent;
        match (self, at_most) {
            (Rounding::Outward, true) | (Rounding::Inward, false) => exact.div_ceil(100),
            (Rounding::Outward, false) | (Rounding::Inward, true) => exact / 100,
            (Rounding::Nearest, _) => (exact + 50) / 100,
        }
    }
}

/// The kurva distribusi: each unit result's rules, how shares round, and up to how many people a
/// unit is small.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kurva {
    pub rows: Vec<(UnitResult, Vec<Rule>)>,
    pub rounding: Rounding,
    pub small_unit: u32,
}

impl Default for Kurva {
    /// SE MenPANRB 3/2023's rows, rounded outwards; a unit of up to three people is small.
    fn default() -> Self {
        let results = [UnitResult::Istimewa, UnitResult::Baik, UnitResult::ButuhPerbaikan, UnitResult::Kurang, UnitResult::SangatKurang];
        Kurva { rows: results.into_iter().map(|result| (result, national_rules(result))).collect(), rounding: Rounding::Outward, small_unit: 3 }
    }
}

impl Kurva {
    /// The rules of `result`'s row (none if the agency gave it none).
    pub fn rules(&self, result: UnitResult) -> &[Rule] {
        self.rows.iter().find(|(r, _)| *r == result).map_or(&[], |(_, rules)| rules.as_slice())
    }

    /// Checks the predikat of a unit's staff against its result's row.
    pub fn check(&self, result: UnitResult, predikat: &[Predikat]) -> Guardrail {
        let staff = predikat.len() as u32;
        if staff == 0 {
            return Guardrail::default();
        }
        let breaks = self
            .rules(result)
            .iter()
            .filter_map(|&rule| {
                let actual = predikat.iter().filter(|p| rule.counted.includes(**p)).count() as u32;
                let (limit, broken) = match rule.bound {
                    Bound::AtMost { percent } => {
                        let most = self.rounding.count(staff, percent, true);
                        (most, actual > most)
                    }
                    Bound::AtLeast { percent } => {
                        let fewest = self.rounding.count(staff, percent, false);
                        (fewest, actual < fewest)
                    }
                    Bound::AtLeastOne => (1, actual < 1),
                    Bound::None => (0, actual > 0),
                };
                broken.then_some(Break { rule, limit, actual })
            })
            .collect();
        Guardrail { breaks, small_unit: staff <= self.small_unit }
    }
}

/// Checks the predikat of a unit's staff against the national kurva.
pub fn check(result: UnitResult, predikat: &[Predikat]) -> Guardrail {
    Kurva::default().check(result, predikat)
}

/// The national rules of `result`'s row (SE MenPANRB 3/2023).
fn national_rules(result: UnitResult) -> Vec<Rule> {
    use Bound::*;
    use Counted::{ButuhPerbaikanOrKurang, One};
    use Predikat::*;
    let rule = |counted, bound| Rule { counted, bound };
    match result {
        UnitResult::Istimewa => vec![rule(One(SangatBaik), AtMost { percent: 70 })],
        UnitResult::Baik => vec![rule(One(Baik), AtMost { percent: 70 }), rule(ButuhPerbaikanOrKurang, AtLeastOne)],
        UnitResult::ButuhPerbaikan => vec![rule(One(ButuhPerbaikan), AtLeast { percent: 60 }), rule(One(SangatBaik), AtMost { percent: 10 })],
        UnitResult::Kurang => vec![
            rule(One(Kurang), AtLeast { percent: 60 }),
            rule(One(ButuhPerbaikan), AtLeast { percent: 10 }),
            rule(One(SangatBaik), AtMost { percent: 10 }),
        ],
        UnitResult::SangatKurang => vec![
            rule(One(SangatKurang), AtLeast { percent: 60 }),
            rule(ButuhPerbaikanOrKurang, AtLeast { percent: 10 }),
            rule(One(SangatBaik), None),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::Predikat::*;
    use super::*;

    /// `n` of each, in order.
    fn staff(counts: &[(Predikat, usize)]) -> Vec<Predikat> {
        counts.iter().flat_map(|(p, n)| std::iter::repeat_n(*p, *n)).collect()
    }

    /// The (counted, limit, actual) of each break.
    fn broken(result: UnitResult, counts: &[(Predikat, usize)]) -> (Vec<(Counted, u32, u32)>, bool) {
        let guardrail = check(result, &staff(counts));
        (guardrail.breaks.iter().map(|b| (b.rule.counted, b.limit, b.actual)).collect(), guardrail.needs_justification())
    }

    #[test]
    fn every_row_of_the_kurva_with_its_limits() {
        use Counted::{ButuhPerbaikanOrKurang as BpK, One};
        use UnitResult as U;
        let table: &[(UnitResult, &[(Predikat, usize)], &[(Counted, u32, u32)], bool)] = &[
            // Istimewa: at most 70% Sangat Baik (of 10: 7).
            (U::Istimewa, &[(SangatBaik, 7), (Baik, 3)], &[], false),
            (U::Istimewa, &[(SangatBaik, 8), (Baik, 2)], &[(One(SangatBaik), 7, 8)], true),
            // Of 7, 70% is 4.9: five may be Sangat Baik.
            (U::Istimewa, &[(SangatBaik, 5), (Baik, 2)], &[], false),
            (U::Istimewa, &[(SangatBaik, 6), (Baik, 1)], &[(One(SangatBaik), 5, 6)], true),
            // Baik: at most 70% Baik and at least one Butuh Perbaikan or Kurang.
            (U::Baik, &[(Baik, 7), (ButuhPerbaikan, 1), (SangatBaik, 2)], &[], false),
            (U::Baik, &[(Baik, 7), (Kurang, 1), (SangatKurang, 2)], &[], false),
            (U::Baik, &[(Baik, 8), (SangatBaik, 2)], &[(One(Baik), 7, 8), (BpK, 1, 0)], true),
            (U::Baik, &[(Baik, 5), (SangatBaik, 5)], &[(BpK, 1, 0)], true),
            // Butuh Perbaikan: at least 60% Butuh Perbaikan, at most 10% Sangat Baik.
            (U::ButuhPerbaikan, &[(ButuhPerbaikan, 6), (Baik, 3), (SangatBaik, 1)], &[], false),
            (U::ButuhPerbaikan, &[(ButuhPerbaikan, 5), (Baik, 3), (SangatBaik, 2)], &[(One(ButuhPerbaikan), 6, 5), (One(SangatBaik), 1, 2)], true),
            // Kurang: at least 60% Kurang, at least 10% Butuh Perbaikan, at most 10% Sangat Baik.
            (U::Kurang, &[(Kurang, 6), (ButuhPerbaikan, 1), (SangatBaik, 1), (Baik, 2)], &[], false),
            (U::Kurang, &[(Kurang, 6), (Baik, 4)], &[(One(ButuhPerbaikan), 1, 0)], true),
            (U::Kurang, &[(Kurang, 5), (ButuhPerbaikan, 1), (SangatBaik, 2), (Baik, 2)], &[(One(Kurang), 6, 5), (One(SangatBaik), 1, 2)], true),
            // Sangat Kurang: at least 60% Sangat Kurang, 10% Kurang or Butuh Perbaikan, no Sangat Baik.
            (U::SangatKurang, &[(SangatKurang, 6), (Kurang, 1), (Baik, 3)], &[], false),
            (U::SangatKurang, &[(SangatKurang, 6), (ButuhPerbaikan, 1), (Baik, 2), (SangatBaik, 1)], &[(One(SangatBaik), 0, 1)], true),
            (U::SangatKurang, &[(SangatKurang, 5), (Baik, 5)], &[(One(SangatKurang), 6, 5), (BpK, 1, 0)], true),
        ];
        for (result, counts, expected, justify) in table {
            let (breaks, needs) = broken(*result, counts);
            assert_eq!(breaks, *expected, "{result:?} {counts:?}");
            assert_eq!(needs, *justify, "{result:?} {counts:?}");
        }
    }

    #[test]
    fn a_small_unit_is_flagged_and_not_asked_to_justify() {
        // Two Baik in a Baik unit: 100% Baik, nobody below; a unit of two cannot do otherwise.
        let guardrail = check(UnitResult::Baik, &[Baik, Baik]);
        assert!(guardrail.small_unit && !guardrail.breaks.is_empty() && !guardrail.needs_justification());
        // 70% of 2 allows 2 (ceil 1.4); the one Butuh Perbaikan or Kurang is missing.
        assert_eq!(guardrail.breaks.iter().map(|b| (b.rule.counted, b.by())).collect::<Vec<_>>(), [(Counted::ButuhPerbaikanOrKurang, 1)]);
        // Four is no longer small.
        assert!(check(UnitResult::Baik, &[Baik; 4]).needs_justification());
        assert_eq!(check(UnitResult::Istimewa, &[]), Guardrail::default());
        // Unless the agency says so.
        let kurva = Kurva { small_unit: 4, ..Kurva::default() };
        assert!(!kurva.check(UnitResult::Baik, &[Baik; 4]).needs_justification());
    }

    #[test]
    fn at_least_ten_percent_asks_for_nobody_below_ten_staff_unless_rounded_otherwise() {
        // A Kurang unit of 6: 60% is 3.6, 10% is 0.6.
        let unit = staff(&[(Kurang, 4), (Baik, 2)]);
        assert_eq!(check(UnitResult::Kurang, &unit).breaks, [], "outwards: at least 3 Kurang, at least 0 Butuh Perbaikan");
        let nearest = Kurva { rounding: Rounding::Nearest, ..Kurva::default() };
        let broken: Vec<(u32, u32)> = nearest.check(UnitResult::Kurang, &unit).breaks.iter().map(|b| (b.limit, b.actual)).collect();
        assert_eq!(broken, [(1, 0)], "nearest: 4 Kurang asked (4 there), 1 Butuh Perbaikan asked (none)");
        let inward = Kurva { rounding: Rounding::Inward, ..Kurva::default() };
        let broken: Vec<(u32, u32)> = inward.check(UnitResult::Kurang, &unit).breaks.iter().map(|b| (b.limit, b.actual)).collect();
        assert_eq!(broken, [(1, 0)], "inward: 4 Kurang (ceil 3.6), 1 Butuh Perbaikan (ceil 0.6), at most 0 Sangat Baik (floor 0.6)");
    }
}
