//! The suggested rating of hasil kerja from the RHK ratings, without weighting (DOMAIN §2a): the
//! PPK decides; this rule only suggests.
//!
//! - *Di atas*: most or all RHK are above expectation, and no RHK utama is below it.
//! - *Di bawah*: most or all RHK are below expectation.
//! - *Sesuai*: most or all RHK meet expectation (or exceed it), and only a small part of the RHK
//!   utama are below it; as many below as not counts as meeting it when most RHK utama do.
//! - Otherwise (many RHK utama below, or half of them below with no RHK utama to tip it): *di
//!   bawah*.
//!
//! "Most" is more than half; "a small part" of the RHK utama is, by default, at most a third of
//! them (a single RHK utama below out of one or two is not a small part): the agency may read
//! "sebagian kecil" otherwise ([`HasilKerjaRule`]).

use super::Rating;

/// Whether an RHK is one of the main ones (utama) or an additional one (tambahan).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RhkKind {
    Utama,
    Tambahan,
}

/// The share of the RHK utama that is still "a small part" of them: `numerator / denominator`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HasilKerjaRule {
    pub small_part_numerator: u32,
    pub small_part_denominator: u32,
}

impl Default for HasilKerjaRule {
    fn default() -> Self {
        HasilKerjaRule { small_part_numerator: 1, small_part_denominator: 3 }
    }
}

/// The suggestion for `rhk` (each RHK's kind and rating) under the default rule; `None` when there
/// are none rated.
pub fn suggest(rhk: &[(RhkKind, Rating)]) -> Option<Rating> {
    suggest_with(&HasilKerjaRule::default(), rhk)
}

/// The suggestion for `rhk` under `rule`.
pub fn suggest_with(rule: &HasilKerjaRule, rhk: &[(RhkKind, Rating)]) -> Option<Rating> {
    let total = rhk.len();
    if total == 0 {
        return None;
    }
    let count = |wanted: fn(&(RhkKind, Rating)) -> bool| rhk.iter().filter(|r| wanted(r)).count();
    let above = count(|(_, r)| *r == Rating::DiAtasEkspektasi);
    let below = count(|(_, r)| *r == Rating::DiBawahEkspektasi);
    let meets = total - below;
    let utama = count(|(k, _)| *k == RhkKind::Utama);
    let utama_below = count(|(k, r)| *k == RhkKind::Utama && *r == Rating::DiBawahEkspektasi);
    let most = |n: usize| n * 2 > total;
    // Half of them meeting it is enough when most of the RHK utama do.
    let meets_enough = most(meets) || (meets * 2 == total && (utama - utama_below) * 2 > utama);
    Some(if most(above) && utama_below == 0 {
        Rating::DiAtasEkspektasi
    } else if most(below) {
        Rating::DiBawahEkspektasi
    } else if meets_enough && utama_below as u64 * u64::from(rule.small_part_denominator) <= utama as u64 * u64::from(rule.small_part_numerator) {
        Rating::SesuaiEkspektasi
    } else {
        Rating::DiBawahEkspektasi
    })
}

#[cfg(test)]
mod tests {
    use super::RhkKind::{Tambahan as T, Utama as U};
    use super::*;
    use crate::rules::performance::Rating::{DiAtasEkspektasi as A, DiBawahEkspektasi as B, SesuaiEkspektasi as S};

    #[test]
    fn the_suggestion_follows_the_counts_of_the_rhk_ratings() {
        let table: &[(&[(RhkKind, Rating)], Option<Rating>)] = &[
            (&[], None),
            (&[(U, A)], Some(A)),
            (&[(U, S)], Some(S)),
            (&[(U, B)], Some(B)),
            // Most above, none utama below: above.
            (&[(U, A), (U, A), (T, S)], Some(A)),
            (&[(U, A), (U, A), (T, B)], Some(A)),
            // Most above, but an RHK utama below: not above; one RHK utama of four below still meets.
            (&[(U, A), (U, A), (U, A), (U, B)], Some(S)),
            // Half above is not most: it meets.
            (&[(U, A), (U, S)], Some(S)),
            (&[(U, S), (U, S), (T, A), (T, B)], Some(S)),
            // One RHK utama of three below is a small part; two of three is not.
            (&[(U, S), (U, S), (U, B), (T, S)], Some(S)),
            (&[(U, S), (U, B), (U, B), (T, S), (T, S)], Some(B)),
            // The only RHK utama below, whatever the tambahan say.
            (&[(U, B), (T, A), (T, A)], Some(B)),
            // Most below.
            (&[(U, B), (U, B), (T, S)], Some(B)),
            // As many below as not: the RHK utama decide.
            (&[(U, S), (T, B)], Some(S)),
            (&[(T, S), (U, B)], Some(B)),
            (&[(T, S), (T, B)], Some(B)),
        ];
        for (rhk, expected) in table {
            assert_eq!(suggest(rhk), *expected, "{rhk:?}");
        }
    }

    #[test]
    fn an_agency_may_read_a_small_part_otherwise() {
        // Two RHK utama of five below: not a small part by default, but within a half.
        let rhk = [(U, S), (U, S), (U, S), (U, B), (U, B)];
        assert_eq!(suggest(&rhk), Some(B));
        let half = HasilKerjaRule { small_part_numerator: 1, small_part_denominator: 2 };
        assert_eq!(suggest_with(&half, &rhk), Some(S));
    }
}
