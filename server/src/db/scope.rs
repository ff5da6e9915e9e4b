//! Who sees whose records: a viewer's relation to each person (the subject of a record), from
//! the position tree and their rights. Which of a subject's records, in which state, each
//! relation may see is the record kind's rule (`KindRecord::visible_to`).

use std::collections::HashSet;

use redb::ReadableDatabase;
use shared::command::{Actor, Relation};
use shared::ids::EmployeeId;

use super::org::Reader;
use super::{Store, StoreResult};

/// Someone reading records, with what the organisation says about them now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewer {
    pub id: EmployeeId,
    /// Holds HR rights in the agency.
    pub hr: bool,
    /// Their direct reports, by the position tree.
    pub reports: HashSet<EmployeeId>,
    /// Their own supervisor (by the position tree, or the appraiser HR named).
    pub supervisor: Option<EmployeeId>,
}

impl Viewer {
    /// What the viewer is to `subject`.
    pub fn relation(&self, subject: EmployeeId) -> Relation {
        let other = subject != self.id;
        Relation { subject: !other, supervisor: other && self.reports.contains(&subject), hr: self.hr, staff: other && self.supervisor == Some(subject) }
    }
}

impl Store {
    /// `actor` as a viewer, as the organisation is now.
    pub fn viewer(&self, actor: Actor) -> StoreResult<Viewer> {
        let txn = self.db.begin_read()?;
        viewer_in(&Reader::new(&txn), actor)
    }
}

/// `actor` as a viewer, read in the caller's snapshot (so a pull sees the organisation and the
/// change log as of one moment).
pub(super) fn viewer_in(reader: &Reader, actor: Actor) -> StoreResult<Viewer> {
    let mut reports = HashSet::new();
    let mut supervisor = None;
    if let Some(employee) = reader.employee(actor.id)? {
        reports.extend(reader.reports_of(&employee)?.into_iter().map(|e| e.id));
        supervisor = reader.supervisor_of(actor.id)?;
    }
    Ok(Viewer { id: actor.id, hr: actor.hr_admin, reports, supervisor })
}
