//! A large agency for the benchmarks: the demo agency's organisation repeated (60 employees a
//! copy, each copy its own units and position tree), every account with the demo password, and
//! training records that went the whole way to HR's queue, applied through the same command path
//! as a device's pushes.

use std::collections::HashMap;

use shared::command::{Actor, Command, CommandEnvelope, Policy};
use shared::domain::Nip;
use shared::ids::{CommandId, DeviceId, EmployeeId, PositionId, TrainingId, UnitId};
use shared::kinds::training::{self, TrainingDetails, TrainingForm};
use shared::sync::Outcome;

use crate::db::{PushBatch, ReferenceData, Store};

/// Employees whose records go into one write transaction while the records are written.
const EMPLOYEES_PER_TRANSACTION: usize = 500;

/// The agency, and who to sign in as.
pub struct LargeAgency {
    pub data: ReferenceData,
    /// The demo's "Pegawai" and their supervisor, in the middle copy.
    pub employee: Nip,
    pub supervisor: Nip,
    /// The HR officer (copy 0; HR rights only there).
    pub hr: Nip,
}

/// The id of the `copy`th copy of a demo id.
fn copied(id: u128, copy: usize) -> u128 {
    id ^ ((copy as u128 + 1) << 64)
}

/// A valid, unique NIP for the `number`th employee (the demo's own run out at 999), never one of
/// the demo's (their serials are below 100), so both agencies can live in one database.
fn nip(number: usize, pppk: bool) -> Nip {
    let (year, month, day) = (1965 + number % 30, 1 + number / 30 % 12, 1 + number / 360 % 28);
    let serial = 100 + number / 10_080;
    // A PPPK's NIP has 21 in place of the month of appointment.
    let appointed = if pppk { 21 } else { 1 + number % 12 };
    let text = format!("{year:04}{month:02}{day:02}{:04}{appointed:02}{}{serial:03}", year + 25, 1 + number % 2);
    Nip::parse(&text).unwrap_or_else(|error| panic!("NIP {text}: {error}"))
}

/// The demo agency's organisation `copies` times over.
pub fn large_agency(copies: usize) -> LargeAgency {
    let (template, logins) = super::demo_agency();
    let hash = crate::auth::hash_password(super::DEMO_PASSWORD).expect("hashing the demo password");
    let index_of = |role: &str| {
        let login = logins.iter().find(|l| l.role == role).expect("a demo login of this role");
        template.employees.iter().position(|(e, _)| e.nip == login.nip).expect("the login's employee")
    };
    let (employee_index, supervisor_index, hr_index) = (index_of("Pegawai"), index_of("Atasan (Kepala Subbagian)"), index_of("Admin SDM"));
    let middle = copies / 2;
    let mut data = ReferenceData { units: Vec::new(), positions: Vec::new(), competencies: template.competencies.clone(), employees: Vec::new() };
    let mut named = [None, None, None];
    for copy in 0..copies {
        for unit in &template.units {
            let mut unit = unit.clone();
            unit.id = UnitId::from_u128(copied(unit.id.as_u128(), copy));
            unit.code = format!("{}.{copy}", unit.code);
            unit.parent = unit.parent.map(|p| UnitId::from_u128(copied(p.as_u128(), copy)));
            data.units.push(unit);
        }
        for position in &template.positions {
            let mut position = position.clone();
            position.id = PositionId::from_u128(copied(position.id.as_u128(), copy));
            position.code = format!("{}.{copy}", position.code);
            position.unit = UnitId::from_u128(copied(position.unit.as_u128(), copy));
            position.superior = position.superior.map(|s| PositionId::from_u128(copied(s.as_u128(), copy)));
            data.positions.push(position);
        }
        for (index, (employee, account)) in template.employees.iter().enumerate() {
            let mut employee = employee.clone();
            employee.id = EmployeeId::from_u128(copied(employee.id.as_u128(), copy));
            employee.position = PositionId::from_u128(copied(employee.position.as_u128(), copy));
            employee.nip = nip(data.employees.len(), employee.employment == shared::domain::EmploymentType::Pppk);
            let mut account = account.clone();
            if let Some(account) = &mut account {
                account.password_hash.clone_from(&hash);
                account.hr_admin &= copy == 0;
            }
            if copy == middle && index == employee_index {
                named[0] = Some(employee.nip.clone());
            } else if copy == middle && index == supervisor_index {
                named[1] = Some(employee.nip.clone());
            } else if copy == 0 && index == hr_index {
                named[2] = Some(employee.nip.clone());
            }
            data.employees.push((employee, account));
        }
    }
    let [employee, supervisor, hr] = named.map(|nip| nip.expect("every named login is in the agency"));
    LargeAgency { data, employee, supervisor, hr }
}

/// The `n`th training's details (each one unique, so none is a duplicate of another).
pub fn training(n: usize) -> TrainingDetails {
    TrainingDetails {
        title: format!("Pelatihan Teknis Pengelolaan Arsip Angkatan {n:06}"),
        form: TrainingForm::PelatihanTeknis,
        provider: "BPSDM Provinsi Contoh".to_owned(),
        start: time::macros::date!(2026 - 03 - 02),
        end: time::macros::date!(2026 - 03 - 06),
        jp_claimed: 30,
        competencies: Vec::new(),
        certificate_number: format!("SERT/BPSDM/2026/{n:07}"),
    }
}

/// How many records [`confirmed_trainings`] wrote, by the state they were left in.
#[derive(Clone, Copy, Debug, Default)]
pub struct Written {
    /// Confirmed by the supervisor: in HR's verification queue.
    pub confirmed: usize,
    /// Submitted by someone with no supervisor in the agency (nobody to confirm them).
    pub submitted: usize,
}

/// `per_employee` training records for every employee of `employees`: each saved and submitted
/// by its subject and confirmed by their supervisor (where they have one), as their devices would
/// push them. Panics if a command is not applied.
pub fn confirmed_trainings(store: &Store, employees: &[EmployeeId], per_employee: usize) -> anyhow::Result<Written> {
    let policy = Policy::default();
    // Ids counted up from fixed prefixes: unique, and in order like a device's UUIDv7s.
    let device = DeviceId(uuid::Uuid::from_u128(0x6b6f_6d70_0000_0000_0000_0000_0000_0001));
    let mut ids = 0u128;
    let mut next_id = |prefix: u128| {
        ids += 1;
        uuid::Uuid::from_u128((prefix << 96) | ids)
    };
    let now_ms = crate::auth::unix_now_ms();
    let envelope = |command_id: uuid::Uuid, author: EmployeeId, seq: usize, base_version: Option<u64>, command: Command| CommandEnvelope {
        command_id: CommandId(command_id),
        device_id: device,
        device_seq: seq as u64,
        author,
        device_time_ms: now_ms,
        base_version,
        command,
    };
    let mut written = Written::default();
    let mut number = 0;
    for group in employees.chunks(EMPLOYEES_PER_TRANSACTION) {
        let mut entered: Vec<(Actor, Vec<CommandEnvelope>)> = Vec::with_capacity(group.len());
        let mut confirmations: HashMap<EmployeeId, Vec<CommandEnvelope>> = HashMap::new();
        for &author in group {
            let supervisor = store.subject(author)?.supervisor;
            let mut theirs = Vec::with_capacity(2 * per_employee);
            for _ in 0..per_employee {
                let id = TrainingId(next_id(0x6b6f_6d71));
                theirs.push(envelope(next_id(0x6b6f_6d72), author, theirs.len() + 1, None, Command::SaveTraining(training::Save { id, details: training(number), subject: None })));
                theirs.push(envelope(next_id(0x6b6f_6d72), author, theirs.len() + 1, Some(1), Command::SubmitTraining(training::Submit { id })));
                number += 1;
                match supervisor {
                    Some(supervisor) => {
                        let queue = confirmations.entry(supervisor).or_default();
                        queue.push(envelope(next_id(0x6b6f_6d72), supervisor, queue.len() + 1, Some(2), Command::ConfirmTraining(training::Confirm { id })));
                        written.confirmed += 1;
                    }
                    None => written.submitted += 1,
                }
            }
            entered.push((Actor { id: author, hr_admin: false }, theirs));
        }
        let confirmations: Vec<(Actor, Vec<CommandEnvelope>)> =
            confirmations.into_iter().map(|(supervisor, commands)| (Actor { id: supervisor, hr_admin: false }, commands)).collect();
        for phase in [&entered, &confirmations] {
            let batches: Vec<PushBatch> = phase.iter().map(|(actor, commands)| PushBatch { actor: *actor, commands, now_ms }).collect();
            for results in store.apply_batches(&batches, &policy)? {
                anyhow::ensure!(results.iter().all(|r| matches!(r.outcome, Outcome::Applied { .. })), "not applied: {results:?}");
            }
        }
    }
    Ok(written)
}
