//! The SKP plan (Sasaran Kinerja Pegawai) for a year (DOMAIN §2a): the employee's Rencana Hasil
//! Kerja (RHK), each utama or tambahan and linked to one RHK of their superior's plan (the
//! cascade; a draft may be written before the superior's plan exists and linked later), each
//! with indicators (an aspect and a target), a perspective for JPT plans; and the seven
//! BerAKHLAK behaviours with the PPK's ekspektasi khusus pimpinan, written at approval.
//!
//! ```text
//! Draft ──submit──> Submitted ──approve (with the expectations)──> Approved (locked; a revision is a new plan)
//!                     ^   │
//!           resubmit  │   │ return (with notes)
//!                  Returned <┘  (edited in place, notes visible, until resubmitted)
//! ```
//!
//! Who sees it: the employee always; their PPK (supervisor) once submitted; and the employee's
//! own staff once approved, so that they can link their RHK to it.

mod commands;
mod merge;

use serde::{Deserialize, Serialize};

pub use commands::{Approve, Return, Save, Submit};

use crate::command::{Facts, IndexKey, InvalidReason, Rejection, Relation};
use crate::ids::{EmployeeId, SkpPlanId};
use crate::kinds::{Kind, KindRecord, Record, RecordId};
pub use crate::rules::performance::hasil_kerja::RhkKind;

// The server stores this by variant number: a new variant goes at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Draft,
    Submitted,
    Approved,
    Returned,
}

/// What an indicator measures.
// Stored by variant number: a new variant goes at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    Kuantitas,
    Kualitas,
    Waktu,
    Biaya,
}

/// The perspective of an RHK in a JPT plan.
// Stored by variant number: a new variant goes at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Perspective {
    PenerimaLayanan,
    ProsesBisnis,
    PenguatanInternal,
    Anggaran,
}

/// The seven BerAKHLAK core values, in their order.
pub const BERAKHLAK: [&str; 7] = ["Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub text: String,
    pub aspect: Aspect,
    /// The target, as the plan states it ("12 laporan", "100%", "Desember").
    pub target: String,
}

/// One Rencana Hasil Kerja.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rhk {
    /// Made on the device; what the staff's RHK link to.
    pub id: uuid::Uuid,
    pub kind: RhkKind,
    pub text: String,
    /// The superior's RHK this one intervenes; `None` until linked.
    pub intervenes: Option<uuid::Uuid>,
    pub perspective: Option<Perspective>,
    pub indicators: Vec<Indicator>,
}

/// The PPK's decision on a submitted plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanReview {
    pub reviewer: EmployeeId,
    pub comment: String,
    /// The plan version the PPK decided on.
    pub reviewed_version: u64,
    pub decided_at_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkpPlan {
    pub id: SkpPlanId,
    /// The employee whose plan it is (the record's subject), always its author too.
    pub employee: EmployeeId,
    pub year: u16,
    pub version: u64,
    pub status: PlanStatus,
    pub rhk: Vec<Rhk>,
    /// The PPK's ekspektasi khusus pimpinan for each of the seven BerAKHLAK values, in
    /// [`BERAKHLAK`]'s order (set at approval; empty before).
    pub expectations: Vec<String>,
    /// The latest decision (the notes while Returned, the approval once Approved).
    pub review: Option<PlanReview>,
    /// The approved plan this one revises, if it is a revision (the old one stays as it was).
    pub revises: Option<SkpPlanId>,
    pub updated_at_ms: i64,
}

impl KindRecord for SkpPlan {
    const KIND: Kind = Kind::SkpPlan;

    fn id(&self) -> RecordId {
        self.id.0
    }

    fn subject(&self) -> EmployeeId {
        self.employee
    }

    fn version(&self) -> u64 {
        self.version
    }

    fn set_version(&mut self, version: u64) {
        self.version = version;
    }

    fn updated_at_ms(&self) -> i64 {
        self.updated_at_ms
    }

    /// The employee always; their PPK once submitted (never a draft); their own staff once
    /// approved (they link their RHK to it).
    fn visible_to(&self, relation: Relation) -> bool {
        relation.subject || (relation.supervisor && self.status != PlanStatus::Draft) || (relation.staff && self.status == PlanStatus::Approved)
    }

    /// One plan per person and year; revisions are further versions of that one.
    fn unique_keys(&self) -> Vec<IndexKey> {
        match self.revises {
            None => vec![year_key(self.employee, self.year)],
            Some(_) => Vec::new(),
        }
    }

    /// A draft never submitted is its author's to throw away; an approved one is final.
    fn check_discard(facts: &Facts<'_, Self>) -> Result<(), Rejection> {
        let Some(plan) = facts.current else { return Err(Rejection::invalid(InvalidReason::UnknownRecord)) };
        if !facts.by_subject() {
            return Err(Rejection::Forbidden);
        }
        if plan.status == PlanStatus::Approved {
            return Err(Rejection::Locked);
        }
        facts.check_version()?;
        if plan.status != PlanStatus::Draft {
            return Err(Rejection::invalid(InvalidReason::WrongStatus));
        }
        Ok(())
    }

    fn into_record(self) -> Record {
        Record::SkpPlan(self)
    }

    fn from_record(record: &Record) -> Option<&Self> {
        match record {
            Record::SkpPlan(plan) => Some(plan),
            _ => None,
        }
    }
}

/// The unique key of `subject`'s (non-revision) plan for `year`.
pub fn year_key(subject: EmployeeId, year: u16) -> IndexKey {
    IndexKey { kind: Kind::SkpPlan, subject, key: year.to_string() }
}
