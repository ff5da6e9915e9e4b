//! How an edit of a plan made from an older form applies to the plan as stored now, RHK by RHK
//! (by id): what only one side changed, added or removed is kept; an RHK both sides changed
//! differently (or one changed while the other removed it) is divergent, kept as the user prefers
//! or shown to them to choose.

use super::Rhk;
use crate::kinds::{Divergence, Prefer};

/// `mine` (the form's RHK) applied onto `stored`, both made from `base`.
pub fn merge_rhk(base: &[Rhk], stored: &[Rhk], mine: &[Rhk], prefer: Option<Prefer>) -> Result<Vec<Rhk>, Vec<Divergence>> {
    let find = |list: &[Rhk], id: uuid::Uuid| list.iter().find(|r| r.id == id).cloned();
    let mut merged = Vec::new();
    let mut divergent = Vec::new();
    // In the form's order, then what only the stored side added.
    let mut ids: Vec<uuid::Uuid> = mine.iter().map(|r| r.id).collect();
    ids.extend(stored.iter().map(|r| r.id).filter(|id| !mine.iter().any(|m| m.id == *id) && !base.iter().any(|b| b.id == *id)));
    // What the form removed and the stored side kept.
    let removed: Vec<uuid::Uuid> = base.iter().map(|r| r.id).filter(|id| !ids.contains(id)).collect();
    ids.extend(removed);
    for id in ids {
        let (was, now, wanted) = (find(base, id), find(stored, id), find(mine, id));
        let kept = if now == wanted || was == now {
            // Nobody else changed it, or both made it the same: the form's.
            wanted
        } else if was == wanted {
            // Only the stored side changed it.
            now
        } else {
            match prefer {
                Some(Prefer::Mine) => wanted,
                Some(Prefer::Stored) => now,
                None => {
                    divergent.push(Divergence::Rhk(id));
                    continue;
                }
            }
        };
        merged.extend(kept);
    }
    if divergent.is_empty() { Ok(merged) } else { Err(divergent) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::skp_plan::RhkKind;

    fn rhk(id: u128, text: &str) -> Rhk {
        Rhk { id: uuid::Uuid::from_u128(id), kind: RhkKind::Utama, text: text.into(), intervenes: None, perspective: None, indicators: Vec::new() }
    }

    #[test]
    fn each_rhk_is_merged_on_its_own() {
        let base = [rhk(1, "a"), rhk(2, "b"), rhk(3, "c")];
        // Stored: 1 edited, 3 removed, 4 added. Mine: 2 edited, 5 added.
        let stored = [rhk(1, "a*"), rhk(2, "b"), rhk(4, "d")];
        let mine = [rhk(1, "a"), rhk(2, "b*"), rhk(3, "c"), rhk(5, "e")];
        let merged = merge_rhk(&base, &stored, &mine, None).unwrap();
        assert_eq!(merged, [rhk(1, "a*"), rhk(2, "b*"), rhk(5, "e"), rhk(4, "d")]);
        // Both edited 1 differently: divergent, unless a side is preferred.
        let mine = [rhk(1, "a!"), rhk(2, "b"), rhk(3, "c")];
        assert_eq!(merge_rhk(&base, &stored, &mine, None), Err(vec![Divergence::Rhk(uuid::Uuid::from_u128(1))]));
        assert_eq!(merge_rhk(&base, &stored, &mine, Some(Prefer::Mine)).unwrap()[0], rhk(1, "a!"));
        assert_eq!(merge_rhk(&base, &stored, &mine, Some(Prefer::Stored)).unwrap()[0], rhk(1, "a*"));
        // One side removed what the other edited: divergent too.
        let mine = [rhk(1, "a"), rhk(2, "b"), rhk(3, "c!")];
        assert_eq!(merge_rhk(&base, &stored, &mine, None), Err(vec![Divergence::Rhk(uuid::Uuid::from_u128(3))]));
    }
}
