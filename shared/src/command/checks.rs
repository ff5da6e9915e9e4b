//! Content checks several kinds share: text length, and ratings against a standard.

use crate::command::{InvalidReason, Policy, Rejection};
use crate::ids::CompetencyId;

/// `TextTooLong` if `text` is longer than the policy allows.
pub fn check_text(text: &str, policy: &Policy) -> Result<(), Rejection> {
    if too_long(text, policy) { Err(Rejection::invalid(InvalidReason::TextTooLong { max: policy.max_text_chars })) } else { Ok(()) }
}

pub fn too_long(text: &str, policy: &Policy) -> bool {
    text.chars().count() > policy.max_text_chars
}

/// Every rated competency belongs to the standard, once; with `complete`, every one is rated.
pub fn check_rated(rated: impl Iterator<Item = CompetencyId>, standard: &[CompetencyId], complete: bool) -> Result<(), InvalidReason> {
    let mut seen = Vec::with_capacity(standard.len());
    for competency in rated {
        if !standard.contains(&competency) {
            return Err(InvalidReason::CompetencyNotInStandard { competency });
        }
        if seen.contains(&competency) {
            return Err(InvalidReason::DuplicateCompetency { competency });
        }
        seen.push(competency);
    }
    let missing = standard.len() - seen.len();
    if complete && missing > 0 { Err(InvalidReason::IncompleteRatings { missing }) } else { Ok(()) }
}
