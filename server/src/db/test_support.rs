//! What the storage layer's own tests share.

use shared::command::CommandEnvelope;
use shared::ids::{CommandId, DeviceId, EmployeeId, TrainingId};
use shared::kinds::training::{self, TrainingDetails, TrainingForm};
use shared::kinds::{Command, DiscardDraft};

/// A one-day seminar called `title`.
pub fn seminar(title: String) -> TrainingDetails {
    TrainingDetails {
        title,
        form: TrainingForm::Seminar,
        provider: "BPSDM".to_owned(),
        start: time::macros::date!(2026 - 03 - 02),
        end: time::macros::date!(2026 - 03 - 02),
        jp_claimed: 8,
        competencies: Vec::new(),
        certificate_number: String::new(),
    }
}

/// A command as the device that sent it would have made it (`command_id` chosen): a submit of
/// training 99, based on version 1, unless changed.
pub fn envelope(command_id: u128, author: EmployeeId) -> CommandEnvelope {
    CommandEnvelope {
        command_id: CommandId(uuid::Uuid::from_u128(command_id)),
        device_id: DeviceId(uuid::Uuid::from_u128(1)),
        device_seq: 1,
        author,
        device_time_ms: 0,
        base_version: Some(1),
        command: Command::SubmitTraining(training::Submit { id: TrainingId::from_u128(99) }),
    }
}

pub fn save(id: TrainingId, details: TrainingDetails) -> Command {
    Command::SaveTraining(training::Save { id, details, subject: None })
}

pub fn discard(id: TrainingId) -> Command {
    Command::DiscardDraft(DiscardDraft { id: id.0 })
}
