//! The agency's settings the rules use, and who is acting.

use serde::{Deserialize, Serialize};

use crate::ids::EmployeeId;

/// The agency's settings the rules use. Data with defaults (HR may change them), never constants
/// buried in the rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// The most JP a single day of training can plausibly hold (12 JP = 9 hours).
    pub max_jp_per_day: u16,
    /// The longest free text (evidence, comments, reasons, titles) accepted.
    pub max_text_chars: usize,
    pub max_competencies_per_training: usize,
    /// Self-assessment periods accepted (years).
    pub first_period: u16,
    pub last_period: u16,
}

impl Default for Policy {
    fn default() -> Self {
        Self { max_jp_per_day: 12, max_text_chars: 2000, max_competencies_per_training: 20, first_period: 2000, last_period: 2100 }
    }
}

/// Who is acting: the author of a command, or the viewer of a pull.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: EmployeeId,
    pub hr_admin: bool,
}
