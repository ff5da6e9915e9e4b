//! Request and response bodies of the HTTP API under `/api/v1`, one pair per endpoint.
//!
//! Compatibility rule: a field added later gets `#[serde(default)]` (and a comment saying so), so
//! an app that is still running the previous version, perhaps offline for days, keeps working.

use serde::{Deserialize, Serialize};

use crate::domain::{CompetencyKind, EmploymentType, Level, Nip, PositionTier, Rank, Role};
use crate::ids::{CompetencyId, EmployeeId, PositionId, UnitId};

/// `GET /api/v1/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthResponse {
    /// Always "ok" when the server answers at all.
    pub status: String,
    /// The server's package version.
    pub version: String,
    /// The schema version of the open database.
    pub schema_version: u64,
}

/// `POST /api/v1/auth/sign-in`. The NIP is a plain string so that the server can say exactly what
/// is wrong with a malformed one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRequest {
    pub nip: String,
    pub password: String,
}

/// `GET /api/v1/session`: who is signed in, if anyone (always answered with 200). Added after
/// the first release, whose apps ask `GET /api/v1/me` (401 when nobody is).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionResponse {
    pub profile: Option<Profile>,
}

/// `POST /api/v1/auth/sign-in` (with a session cookie) and `GET /api/v1/me`: who is signed in,
/// and what the home page shows about them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: EmployeeId,
    pub nip: Nip,
    pub name: String,
    pub rank: Rank,
    pub employment: EmploymentType,
    pub roles: Vec<Role>,
    pub position: PositionSummary,
    pub unit: UnitSummary,
    /// `None` for the head of the agency.
    pub supervisor: Option<PersonSummary>,
    /// The position's competency standard, managerial first, then socio-cultural, then technical.
    pub standard: Vec<StandardLine>,
    /// The account has a one-time password to change before anything else. Added in 0.3.
    #[serde(default)]
    pub must_change_password: bool,
}

/// `POST /api/v1/auth/password`: the signed-in user changes their password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePasswordRequest {
    pub current: String,
    pub new: String,
}

/// `GET /api/v1/admin/employees?q=…&page=…`: employees whose NIP starts with, or whose name
/// contains, `q`, by name, a page at a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeePage {
    pub employees: Vec<EmployeeLine>,
    /// How many employees match in all.
    pub total: u64,
    /// This page's number, from 0.
    pub page: u32,
    pub page_size: u32,
}

/// One employee as HR's lists show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeLine {
    pub id: EmployeeId,
    pub nip: Nip,
    pub name: String,
    pub position: String,
    /// The position's code.
    pub position_code: String,
    pub unit: String,
    /// Their supervisor's name, by the position tree or as the appraiser HR named; `None` when
    /// they have none (the agency head, until HR names an appraiser).
    pub supervisor: Option<String>,
    /// Whether that supervisor is the appraiser HR named for their position.
    pub appraiser_named: bool,
    pub account: AccountState,
    pub hr_admin: bool,
    /// Set when they left the service.
    pub departure: Option<crate::domain::Departure>,
    /// As the form and the employees file write them: `III/a` or `9`, `PNS`, `2010-03-01`.
    #[serde(default)]
    pub rank: String,
    #[serde(default)]
    pub employment: String,
    #[serde(default)]
    pub service_start: String,
}

/// Whether an employee can sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    /// No account yet: HR creates one.
    None,
    /// A one-time password not yet changed.
    OneTime,
    Active,
}

/// `POST /api/v1/admin/accounts`: accounts for these employees (by NIP), each with a one-time
/// password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateAccountsRequest {
    pub nips: Vec<String>,
}

/// The answer of `POST /api/v1/admin/accounts` (and, with one entry, of `.../accounts/reset`):
/// the one-time passwords, shown to HR this once and never stored in the clear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedPasswords {
    pub issued: Vec<IssuedPassword>,
    /// NIPs that already had an account (nothing was changed for them).
    pub existing: Vec<Nip>,
    /// NIPs of nobody in the agency.
    pub unknown: Vec<Nip>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedPassword {
    pub nip: Nip,
    pub name: String,
    pub password: String,
}

/// `POST /api/v1/admin/accounts/reset`: a new one-time password for one employee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetPasswordRequest {
    pub nip: String,
}

/// `POST /api/v1/admin/accounts/hr`: grants (`true`) or revokes HR rights.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HrRightsRequest {
    pub nip: String,
    pub hr_admin: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionSummary {
    pub id: PositionId,
    pub name: String,
    pub tier: PositionTier,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSummary {
    pub id: UnitId,
    pub name: String,
}

/// Another employee, as far as a colleague needs to know them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonSummary {
    pub id: EmployeeId,
    pub nip: Nip,
    pub name: String,
    pub position: String,
}

/// One competency of a position's standard, with the required level's label and description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardLine {
    pub competency: CompetencyId,
    pub code: String,
    pub name: String,
    pub kind: CompetencyKind,
    pub required: Level,
    /// The dictionary's label for the required level, e.g. "Menengah".
    pub level_label: String,
    pub level_description: String,
}

/// What an administrative change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminAction {
    /// An import added or changed this unit, position or employee.
    Imported,
    AccountCreated,
    PasswordReset,
    /// The user changed their own password.
    PasswordChanged,
    HrGranted,
    HrRevoked,
    /// The appraiser of a position's holders named, changed or removed.
    AppraiserNamed,
    /// An employee moved to another position on HR's employees page.
    Moved,
    /// Retired or deactivated.
    LeftService,
    ReturnedToService,
    /// The agency's policy changed.
    PolicyChanged,
    /// HR added an employee, or changed one, on the employees page.
    EmployeeSaved,
    /// HR added or changed a unit or a position (with its standard) on the organisation page.
    OrganisationSaved,
    PositionClosed,
    PositionReopened,
    /// HR added or changed an entry of the competency dictionary.
    CompetencySaved,
}

/// What an administrative change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditSubject {
    Unit,
    Position,
    Employee,
    /// The agency as a whole (its policy).
    Agency,
    /// An entry of the competency dictionary.
    Competency,
}

/// One administrative change, as HR's audit trail shows it: who, what, about what, before and
/// after (as stored, in JSON; never a password or its hash), when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminAuditEntry {
    pub seq: u64,
    /// The server's time, Unix milliseconds.
    pub at_ms: i64,
    /// Who made it (`None`: the server's command line, `kompeten import` or `kompeten account`).
    pub author: Option<EmployeeId>,
    /// The author's NIP and name when they made it.
    pub author_nip: String,
    pub author_name: String,
    pub action: AdminAction,
    pub subject: AuditSubject,
    /// The code of the unit or position, or the employee's NIP.
    pub key: String,
    pub name: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// `GET /api/v1/admin/audit?person=&record=&from_ms=&to_ms=&before=`: the newest entries first that
/// match, a page at a time; `next` continues (as `before`) while there are more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminAuditPage {
    pub entries: Vec<AdminAuditEntry>,
    pub next: Option<u64>,
}

/// `POST /api/v1/admin/positions/appraiser`: names the appraiser (by NIP) of a position's
/// holders, who have no supervisor in the agency; `null` removes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppraiserRequest {
    /// The position's code.
    pub position: String,
    pub appraiser: Option<String>,
}

/// `POST /api/v1/admin/employees/save`: adds one employee (`adding`), or changes one, with the
/// cells the employees file of an import has (the same checks, the same path: a changed position
/// is a move). Answers an [`crate::import::ImportReport`]: `applied`, or the problems by column.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeForm {
    pub adding: bool,
    pub nip: String,
    pub name: String,
    /// `III/a` for PNS and CPNS, `IX` or `9` for PPPK.
    pub rank: String,
    /// `PNS`, `CPNS` or `PPPK`.
    pub employment: String,
    /// The position's code.
    pub position: String,
    /// The start of service (TMT), `2026-05-04` or `04/05/2026`; empty: not known.
    pub service_start: String,
}

/// `GET /api/v1/admin/organisation`: the units, positions and dictionary as HR's organisation
/// screen shows them, each unit and position by its code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationView {
    pub units: Vec<UnitLine>,
    pub positions: Vec<PositionLine>,
    /// The dictionary in the positions file's column order: `PositionLine::levels` follow it.
    pub dictionary: Vec<crate::domain::Competency>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitLine {
    pub code: String,
    pub name: String,
    /// The parent unit's code; empty for the agency itself.
    pub parent: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionLine {
    pub code: String,
    pub name: String,
    pub tier: crate::domain::PositionTier,
    pub unit: String,
    /// The superior position's code; empty at the top.
    pub superior: String,
    /// The required level of each competency of [`OrganisationView::dictionary`], in its order
    /// (`None`: not required).
    pub levels: Vec<Option<crate::domain::Level>>,
    /// How many employees in service hold it.
    pub holders: u32,
    pub closed: bool,
}

/// `POST /api/v1/admin/units/save`: a unit added or changed, as a one-row units file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitForm {
    /// Adding a unit (its code must be new), or changing the one with `code`.
    #[serde(default)]
    pub adding: bool,
    pub code: String,
    pub name: String,
    /// The parent unit's code.
    pub parent: String,
}

/// `POST /api/v1/admin/positions/save`: a position added or changed with its standard, as a
/// one-row positions file: `levels` are its competency cells by dictionary code (`""`: the
/// tier's default for a managerial or socio-cultural competency, not required for a technical
/// one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionForm {
    /// Adding a position (its code must be new), or changing the one with `code`.
    #[serde(default)]
    pub adding: bool,
    pub code: String,
    pub name: String,
    /// `Pelaksana`, `Pengawas`, ... as the positions file writes it.
    pub tier: String,
    pub unit: String,
    pub superior: String,
    pub levels: Vec<(String, String)>,
}

/// `POST /api/v1/admin/positions/close`: closes a position (`closed`), or opens it again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosePositionRequest {
    pub code: String,
    pub closed: bool,
}

/// `POST /api/v1/admin/employees/move`: moves an employee to another position (by code).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveRequest {
    pub nip: String,
    pub position: String,
}

/// `POST /api/v1/admin/employees/service`: takes an employee out of service (`leaving`: the
/// reason), or back into it (`null`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequest {
    pub nip: String,
    pub leaving: Option<crate::domain::DepartureReason>,
}
