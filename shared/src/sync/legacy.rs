//! The replica as the first release stored it on a device: one JSON value per user, rewritten
//! whole on every change. A device that still holds one converts it, once, into the parts stored
//! one per key (`Replica::from_parts`), with every outbox entry and refused command kept.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::api::PersonSummary;
use crate::command::{Actor, CommandEnvelope, Policy, Subject};
use crate::ids::{DeviceId, EmployeeId};
use crate::kinds::{Record, RecordId};
use crate::sync::Reference;
use crate::sync::replica::{Attention, Head, Replica};

/// The first release's stored replica, field for field.
#[derive(Debug, Deserialize)]
pub struct LegacyReplica {
    actor: Actor,
    device: DeviceId,
    next_seq: u64,
    policy: Policy,
    subjects: HashMap<EmployeeId, Subject>,
    pulled: BTreeMap<RecordId, Record>,
    cursor: Option<String>,
    outbox: Vec<CommandEnvelope>,
    attention: Vec<Attention>,
    #[serde(default)]
    reference: Option<Reference>,
    #[serde(default)]
    people: HashMap<EmployeeId, PersonSummary>,
}

impl LegacyReplica {
    /// The same replica, as a replica of today.
    pub fn into_replica(self) -> Replica {
        let mut subjects: Vec<Subject> = self.subjects.into_values().collect();
        subjects.sort_by_key(|s| s.employee);
        let head = Head { actor: self.actor, device: self.device, next_seq: self.next_seq, policy: self.policy, subjects, cursor: self.cursor };
        Replica::from_parts(head, self.pulled.into_values().collect(), self.outbox, self.attention, self.reference, self.people.into_values().collect())
    }
}
