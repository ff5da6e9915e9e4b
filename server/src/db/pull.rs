//! A page of the changes a user may see: the change log after their cursor, each record shown
//! to them only if its kind lets their relation to its subject see it in its state now
//! (`KindRecord::visible_to`). A record a device may hold but no longer may see (a draft again
//! after a rejection, a verified training off HR's queue, a report who moved away) is withdrawn
//! with a removal.

use redb::{ReadableDatabase, ReadableTable};
use shared::api::PersonSummary;
use shared::command::Actor;
use shared::ids::EmployeeId;
use shared::sync::{Change, Reference};

use super::codec::decode_record;
use super::org::{Reader, reference_version};
use super::profile::{person_in, reference_in};
use super::scope::viewer_in;
use super::tables::*;
use super::{Store, StoreResult};

/// Where a pull stands: the last change sequence number looked at, the purge horizon when the
/// cursor was handed out, the version of the reference data the device holds, and, for a pull
/// from the start, the last sequence number in the log when it began. On the wire:
/// `"<seq>.<horizon>.<reference>.<fresh>"` (opaque to clients; missing parts read as 0).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    pub seq: u64,
    pub horizon: u64,
    pub reference: u64,
    /// A device that began pulling from the start when the log ended here was sent, on its
    /// earlier pages, only records whose latest change is still behind its cursor or after this
    /// point: nothing up to this point ahead of its cursor needs withdrawing (0: it pulled before).
    pub fresh: u64,
}

impl Cursor {
    pub fn parse(text: &str) -> Option<Cursor> {
        let mut parts = text.split('.').map(|part| if part.is_empty() { Some(0) } else { part.parse().ok() });
        let cursor = Cursor {
            seq: parts.next().flatten()?,
            horizon: parts.next().unwrap_or(Some(0))?,
            reference: parts.next().unwrap_or(Some(0))?,
            fresh: parts.next().unwrap_or(Some(0))?,
        };
        parts.next().is_none().then_some(cursor)
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}.{}", self.seq, self.horizon, self.reference, self.fresh)
    }
}

/// One page of a pull.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullPage {
    pub changes: Vec<Change>,
    /// The reference data, when the cursor's is out of date.
    pub reference: Option<Reference>,
    /// The owners of the page's records, other than the viewer.
    pub people: Vec<PersonSummary>,
    /// Where the next page starts.
    pub cursor: Cursor,
    pub more: bool,
    pub reset_required: bool,
}

/// How many change-log entries one pull looks at, at most, before answering (with `more`), so
/// a user who sees few of many changes still gets prompt answers.
const PULL_SCAN_BUDGET: usize = 20_000;

impl Store {
    /// The changes after `cursor` that `actor` may see: at most `limit` of them (a scope exit,
    /// which withdraws all of one employee's records at once, may exceed it). Who the viewer is
    /// to each person is read in the same snapshot as the log, so a reassignment is seen by both
    /// or by neither. A device that pulls from the start holds nothing: it is sent no removals.
    pub fn pull(&self, actor: Actor, cursor: Cursor, limit: usize) -> StoreResult<PullPage> {
        let txn = self.db.begin_read()?;
        let meta = txn.open_table(META)?;
        let horizon = meta.get(CHANGE_HORIZON_KEY)?.map_or(0, |v| v.value());
        let start_over = || PullPage {
            changes: Vec::new(),
            reference: None,
            people: Vec::new(),
            cursor: Cursor::default(),
            more: false,
            reset_required: true,
        };
        // A cursor from before a purge that had not reached the last purged change (the horizon
        // is one past it) may have missed purged removals. One handed out after the purge (even
        // mid-way through a first full pull) has not.
        if cursor.seq != 0 && cursor.seq + 1 < horizon && cursor.horizon < horizon {
            return Ok(start_over());
        }
        let reader = Reader::new(&txn);
        let reference_version = reference_version(&meta)?;
        let reference = if cursor.reference == reference_version { None } else { reference_in(&reader, actor.id)? };
        let viewer = viewer_in(&reader, actor)?;
        let after = cursor.seq;
        let log = txn.open_table(CHANGE_SEQ_TO_CHANGE)?;
        // A device may hold records it no longer may see, and be owed their withdrawal, if it has
        // pulled before; in the middle of a pull from the start, only those it was sent on this
        // pull's earlier pages, whose latest change came after the pull began. (Without this, a
        // first pull of HR's device would be sent a removal for every record of the agency that HR
        // does not see, and a reset noted before it began would start it over and over.)
        let fresh = if after == 0 { log.last()?.map_or(0, |(seq, _)| seq.value()) } else { cursor.fresh };
        let holds_records = |seq: u64| after > 0 && seq > fresh;
        let records = txn.open_table(RECORD_ID_TO_SEQ_AND_RECORD)?;
        let records_of = txn.open_multimap_table(EMPLOYEE_ID_TO_RECORD_IDS)?;
        let mut changes = Vec::new();
        let mut cursor = after;
        let mut more = false;
        for (scanned, entry) in log.range(after + 1..)?.enumerate() {
            if changes.len() >= limit || scanned == PULL_SCAN_BUDGET {
                more = true;
                break;
            }
            let (seq, change) = entry?;
            let (target, employee, kind) = change.value();
            cursor = seq.value();
            let holds_records = holds_records(cursor);
            let relation = viewer.relation(EmployeeId::from_u128(employee));
            match kind {
                CHANGE_UPSERT if !relation.is_none() => {
                    let Some(stored) = records.get(target)? else { continue };
                    let record = decode_record(stored.value().1)?;
                    if record.visible_to(relation) {
                        changes.push(Change::Upsert { record });
                    } else if holds_records {
                        changes.push(Change::Remove { id: record.id() });
                    }
                }
                CHANGE_REMOVAL if !relation.is_none() && holds_records => {
                    changes.push(Change::Remove { id: uuid::Uuid::from_u128(target) });
                }
                // The viewer no longer supervises this employee: what they may not see now goes.
                CHANGE_SCOPE_EXIT if target == viewer.id.as_u128() && holds_records => {
                    for id in records_of.get(employee)? {
                        let id = id?.value();
                        let still_visible = match records.get(id)? {
                            Some(stored) if !relation.is_none() => decode_record(stored.value().1)?.visible_to(relation),
                            _ => false,
                        };
                        if !still_visible {
                            changes.push(Change::Remove { id: uuid::Uuid::from_u128(id) });
                        }
                    }
                }
                // The viewer's rights changed since their device last pulled: it starts over.
                CHANGE_RESET if target == viewer.id.as_u128() && holds_records => return Ok(start_over()),
                _ => {}
            }
        }
        let mut owners: Vec<EmployeeId> = changes
            .iter()
            .filter_map(|change| match change {
                Change::Upsert { record } if record.subject() != viewer.id => Some(record.subject()),
                _ => None,
            })
            .collect();
        owners.sort_unstable();
        owners.dedup();
        let people = owners.into_iter().map(|id| person_in(&reader, id)).filter_map(Result::transpose).collect::<StoreResult<_>>()?;
        Ok(PullPage {
            changes,
            reference,
            people,
            cursor: Cursor { seq: cursor, horizon, reference: reference_version, fresh },
            more,
            reset_required: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn cursors_read_back_what_they_wrote_and_older_forms() {
        let cursor = |seq, horizon, reference, fresh| Some(Cursor { seq, horizon, reference, fresh });
        let cases = [
            ("", cursor(0, 0, 0, 0)),
            ("12", cursor(12, 0, 0, 0)),
            ("12.3", cursor(12, 3, 0, 0)),
            ("12.3.7", cursor(12, 3, 7, 0)),
            ("12.3.7.1", cursor(12, 3, 7, 1)),
            ("12.3.7.1.0", None),
            ("abc", None),
            ("12.x", None),
            ("-1", None),
        ];
        for (text, expected) in cases {
            assert_eq!(Cursor::parse(text), expected, "{text:?}");
        }
        let written = Cursor { seq: 5, horizon: 2, reference: 9, fresh: 4 };
        assert_eq!(Cursor::parse(&written.to_string()), Some(written));
    }
}
