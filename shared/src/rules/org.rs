//! Rules over the position tree: who supervises whom, and the default managerial level of a tier.
//!
//! The tree is passed in as look-up functions, so the server can answer from its indexes with a few
//! point reads and the tests can answer from a small table.

use std::collections::HashSet;

use crate::domain::competency::Level;
use crate::domain::organisation::PositionTier;
use crate::ids::PositionId;

/// How deep a chain of superiors may be before it is taken as a cycle in bad data.
const MAX_DEPTH: usize = 64;

/// The default required level of all eight managerial competencies for a tier (PermenPANRB
/// 38/2017): JPT Madya 5, JPT Pratama 4, Administrator 3, Pengawas 2, Pelaksana 1. Functional
/// positions have no default: HR sets their levels.
pub fn default_managerial_level(tier: PositionTier) -> Option<Level> {
    let level = match tier {
        PositionTier::JptMadya => 5,
        PositionTier::JptPratama => 4,
        PositionTier::Administrator => 3,
        PositionTier::Pengawas => 2,
        PositionTier::Pelaksana => 1,
        PositionTier::Fungsional => return None,
    };
    Level::new(level)
}

/// The supervisor (atasan langsung) of whoever holds `position`: the holder of the nearest
/// superior position that is filled. A vacant superior position is skipped, so its holder's
/// superior supervises in the meantime. `None` at the top of the tree.
///
/// `superior_of` gives a position's superior position; `holder_of` gives the holder of a position,
/// if it is filled.
pub fn find_supervisor<E>(
    position: PositionId,
    mut superior_of: impl FnMut(PositionId) -> Option<PositionId>,
    mut holder_of: impl FnMut(PositionId) -> Option<E>,
) -> Option<E> {
    let mut seen = HashSet::from([position]);
    let mut current = position;
    for _ in 0..MAX_DEPTH {
        current = superior_of(current)?;
        if !seen.insert(current) {
            return None; // A cycle in the tree: nobody supervises.
        }
        if let Some(holder) = holder_of(current) {
            return Some(holder);
        }
    }
    None
}

/// The direct reports of whoever holds `position`: the holders of its subordinate positions, and
/// through a vacant subordinate position, the holders below it (the mirror of
/// [`find_supervisor`]).
///
/// `subordinates_of` gives the positions whose superior is the given one; `holders_of` gives the
/// holders of a position (several employees may share a staff position).
pub fn direct_reports<E>(
    position: PositionId,
    mut subordinates_of: impl FnMut(PositionId) -> Vec<PositionId>,
    mut holders_of: impl FnMut(PositionId) -> Vec<E>,
) -> Vec<E> {
    let mut reports = Vec::new();
    let mut seen = HashSet::from([position]);
    let mut pending = subordinates_of(position);
    while let Some(next) = pending.pop() {
        if !seen.insert(next) {
            continue;
        }
        let holders = holders_of(next);
        if holders.is_empty() {
            pending.extend(subordinates_of(next));
        } else {
            reports.extend(holders);
        }
    }
    reports
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A small tree: 1 head, 2 and 3 under 1, 4 and 5 under 2, 6 under 5. Position 2 and 5 are
    /// vacant; 4 is shared by two staff.
    struct Tree {
        superior: HashMap<u128, u128>,
        holders: HashMap<u128, Vec<&'static str>>,
    }

    fn tree() -> Tree {
        Tree {
            superior: HashMap::from([(2, 1), (3, 1), (4, 2), (5, 2), (6, 5)]),
            holders: HashMap::from([
                (1, vec!["Kepala"]),
                (3, vec!["Sekretaris"]),
                (4, vec!["Staf A", "Staf B"]),
                (6, vec!["Analis"]),
            ]),
        }
    }

    fn id(n: u128) -> PositionId {
        PositionId::from_u128(n)
    }

    impl Tree {
        fn supervisor(&self, position: u128) -> Option<&'static str> {
            find_supervisor(
                id(position),
                |p| self.superior.get(&p.as_u128()).map(|s| id(*s)),
                |p| self.holders.get(&p.as_u128()).and_then(|h| h.first().copied()),
            )
        }

        fn reports(&self, position: u128) -> Vec<&'static str> {
            let mut reports = direct_reports(
                id(position),
                |p| {
                    let mut children: Vec<_> =
                        self.superior.iter().filter(|(_, s)| **s == p.as_u128()).map(|(c, _)| id(*c)).collect();
                    children.sort();
                    children
                },
                |p| self.holders.get(&p.as_u128()).cloned().unwrap_or_default(),
            );
            reports.sort();
            reports
        }
    }

    #[test]
    fn supervisor_is_the_nearest_filled_superior() {
        let tree = tree();
        let cases = [
            (1, None),             // the head has no supervisor
            (3, Some("Kepala")),   // directly under the head
            (4, Some("Kepala")),   // superior position 2 is vacant: skip to 1
            (6, Some("Kepala")),   // 5 and 2 are vacant
            (2, Some("Kepala")),   // a vacant position's future holder
            (99, None),            // unknown position
        ];
        for (position, expected) in cases {
            assert_eq!(tree.supervisor(position), expected, "position {position}");
        }
    }

    #[test]
    fn a_cycle_in_bad_data_ends_without_a_supervisor() {
        let tree = Tree { superior: HashMap::from([(1, 2), (2, 1)]), holders: HashMap::new() };
        assert_eq!(tree.supervisor(1), None);
        assert!(tree.reports(1).is_empty());
    }

    #[test]
    fn direct_reports_mirror_the_supervisor_rule() {
        let tree = tree();
        let cases: [(u128, &[&str]); 4] = [
            (1, &["Analis", "Sekretaris", "Staf A", "Staf B"]),
            (3, &[]),
            (4, &[]),
            (2, &["Analis", "Staf A", "Staf B"]),
        ];
        for (position, expected) in cases {
            assert_eq!(tree.reports(position), expected, "position {position}");
        }
        // Everyone reported by position 1's holder names that holder as supervisor.
        for (position, holders) in &tree.holders {
            if tree.reports(1).contains(&holders[0]) {
                assert_eq!(tree.supervisor(*position), Some("Kepala"));
            }
        }
    }

    #[test]
    fn default_managerial_level_by_tier() {
        let cases = [
            (PositionTier::JptMadya, Some(5)),
            (PositionTier::JptPratama, Some(4)),
            (PositionTier::Administrator, Some(3)),
            (PositionTier::Pengawas, Some(2)),
            (PositionTier::Pelaksana, Some(1)),
            (PositionTier::Fungsional, None),
        ];
        for (tier, expected) in cases {
            assert_eq!(default_managerial_level(tier).map(Level::get), expected, "{tier:?}");
        }
    }
}
