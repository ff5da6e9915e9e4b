//! An edit of a training made from a form older than the stored record (another tab or device
//! saved meanwhile): what the form changed goes onto what is stored, field by field.

use super::TrainingDetails;
use crate::kinds::{Divergence, Prefer};

/// `mine` (the form) applied to `stored`, against what the form started from (`base`; none for a
/// form that started empty, where every difference counts as divergent). A field only the form
/// changed is the form's; one only the stored record changed is the stored one's; one both
/// changed differently is divergent: kept as `prefer` says, or returned for the user to choose.
pub fn merge_details(base: Option<&TrainingDetails>, stored: &TrainingDetails, mine: &TrainingDetails, prefer: Option<Prefer>) -> Result<TrainingDetails, Vec<Divergence>> {
    let mut merged = stored.clone();
    let mut divergent = Vec::new();
    let mut field = |field: Divergence, same: fn(&TrainingDetails, &TrainingDetails) -> bool, take: fn(&mut TrainingDetails, &TrainingDetails)| {
        let unchanged_by_form = base.is_some_and(|base| same(base, mine));
        if same(stored, mine) || unchanged_by_form {
            return; // Nothing of the form's to keep: the stored value stands.
        }
        let unchanged_stored = base.is_some_and(|base| same(base, stored));
        match (unchanged_stored, prefer) {
            (true, _) | (false, Some(Prefer::Mine)) => take(&mut merged, mine),
            (false, Some(Prefer::Stored)) => {}
            (false, None) => divergent.push(field),
        }
    };
    field(Divergence::TrainingTitle, |a, b| a.title == b.title, |m, d| m.title = d.title.clone());
    field(Divergence::TrainingForm, |a, b| a.form == b.form, |m, d| m.form = d.form);
    field(Divergence::TrainingProvider, |a, b| a.provider == b.provider, |m, d| m.provider = d.provider.clone());
    field(Divergence::TrainingDates, |a, b| (a.start, a.end) == (b.start, b.end), |m, d| (m.start, m.end) = (d.start, d.end));
    field(Divergence::TrainingJp, |a, b| a.jp_claimed == b.jp_claimed, |m, d| m.jp_claimed = d.jp_claimed);
    field(Divergence::TrainingCompetencies, |a, b| a.competencies == b.competencies, |m, d| m.competencies = d.competencies.clone());
    field(Divergence::TrainingCertificate, |a, b| a.certificate_number == b.certificate_number, |m, d| {
        m.certificate_number = d.certificate_number.clone();
    });
    if divergent.is_empty() { Ok(merged) } else { Err(divergent) }
}
