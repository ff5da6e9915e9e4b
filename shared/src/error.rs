//! The one error shape of the API. Every failed request answers with an [`ErrorEnvelope`] whose
//! `error` is a closed, tagged enum the app can `match` on to show a specific message in the user's
//! language; `message` is an English sentence for logs and developers.

use serde::{Deserialize, Serialize};

use crate::rules::nip::NipError;
use crate::rules::password::PasswordProblem;

/// Why a request failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ApiError {
    /// The NIP typed at sign-in is not a valid NIP.
    #[error("invalid NIP: {reason}")]
    InvalidNip { reason: NipError },
    /// No account has this NIP.
    #[error("no account has this NIP")]
    UnknownNip,
    #[error("wrong password")]
    WrongPassword,
    /// Too many failed sign-ins for this NIP or from this address; try again after the wait.
    #[error("too many failed sign-in attempts; retry in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    /// No session, or the session has expired: sign in again.
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    /// The account has a one-time password (new, or reset by HR): only changing it is allowed
    /// until it is changed. Added in 0.3.
    #[error("the one-time password must be changed first")]
    PasswordChangeRequired,
    /// A new password that breaks a rule (`shared::rules::password`). Added in 0.3.
    #[error("the new password is refused: {reason:?}")]
    WeakPassword { reason: PasswordProblem },
    /// HR rights cannot be revoked from the agency's last HR officer: nobody could grant them
    /// again. Added in 0.3.
    #[error("the last HR officer keeps their rights")]
    LastHrAdmin,
    /// The employee has left the service (retired or deactivated): they no longer sign in.
    /// Added in 0.3.
    #[error("this employee is no longer in service")]
    OutOfService,
    /// The appraiser named for a position holds it: nobody appraises themselves. Added in 0.3.
    #[error("an appraiser cannot hold the position they appraise")]
    SelfAppraisal,
    /// The request was made for another user than the one signed in (the browser's session now
    /// belongs to someone else, signed in from another tab): nothing was done. Added in 0.2.
    #[error("the session belongs to another user")]
    OtherUserSignedIn,
    /// HR confirmed an import previewed against an organisation that has changed since (another
    /// import, a move): nothing was applied; a new preview shows what the files change now.
    /// Added in 0.3.
    #[error("the organisation changed since the preview; nothing was applied")]
    StalePreview,
    /// A position cannot be closed while someone holds it or an open position reports to it.
    /// Added in 0.4.
    #[error("the position is held, or other positions report to it")]
    PositionInUse,
    /// The one-time password was issued too long ago (7 days): HR issues a new one. Added in 0.4.
    #[error("the one-time password has expired")]
    OneTimePasswordExpired,
    /// The position (or, to open one again, its superior) is closed. Added in 0.4.
    #[error("the position, or its superior, is closed")]
    PositionClosed,
    #[error("not found")]
    NotFound,
    /// The path exists, but not for this HTTP method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The request itself is malformed; `detail` says how.
    #[error("bad request: {detail}")]
    BadRequest { detail: String },
    /// Something failed on the server; the cause is in the server's log, not here.
    #[error("internal server error")]
    Internal,
    /// A code this version does not know yet, sent by a newer server. Keeps old apps working.
    #[error("unknown error")]
    Unknown,
}

impl ApiError {
    /// The HTTP status that carries this error.
    pub fn status(&self) -> u16 {
        match self {
            Self::InvalidNip { .. } | Self::BadRequest { .. } | Self::WeakPassword { .. } => 400,
            Self::UnknownNip | Self::WrongPassword | Self::Unauthenticated => 401,
            Self::Forbidden | Self::PasswordChangeRequired | Self::OutOfService | Self::OneTimePasswordExpired => 403,
            Self::OtherUserSignedIn | Self::StalePreview | Self::LastHrAdmin | Self::SelfAppraisal | Self::PositionInUse | Self::PositionClosed => 409,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::TooManyAttempts { .. } => 429,
            Self::Internal | Self::Unknown => 500,
        }
    }
}

/// Reads an [`ApiError`] as the derived `Serialize` writes it: `code` first, then the fields of
/// that code (a test round-trips every variant). Written by hand rather than with serde's
/// internally tagged enum support, which buffers the value into a generic tree first and cost
/// about 30 kB of the browser app's WebAssembly; and so that an unknown code from a newer server
/// is `Unknown` whatever fields it carries (they are skipped unread).
impl<'de> Deserialize<'de> for ApiError {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ApiErrorVisitor)
    }
}

struct ApiErrorVisitor;

impl<'de> serde::de::Visitor<'de> for ApiErrorVisitor {
    type Value = ApiError;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("an error object, its `code` first")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<ApiError, A::Error> {
        use serde::de::{Error, IgnoredAny};
        if map.next_key::<String>()?.as_deref() != Some("code") {
            return Err(A::Error::missing_field("code"));
        }
        let code: String = map.next_value()?;
        let (mut reason, mut retry_after_secs, mut detail, mut password) = (None, None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match (code.as_str(), key.as_str()) {
                ("invalid_nip", "reason") => reason = Some(map.next_value::<NipError>()?),
                ("too_many_attempts", "retry_after_secs") => retry_after_secs = Some(map.next_value::<u64>()?),
                ("bad_request", "detail") => detail = Some(map.next_value::<String>()?),
                ("weak_password", "reason") => password = Some(map.next_value::<PasswordProblem>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(match code.as_str() {
            "invalid_nip" => ApiError::InvalidNip { reason: reason.ok_or_else(|| A::Error::missing_field("reason"))? },
            "unknown_nip" => ApiError::UnknownNip,
            "wrong_password" => ApiError::WrongPassword,
            "too_many_attempts" => ApiError::TooManyAttempts {
                retry_after_secs: retry_after_secs.ok_or_else(|| A::Error::missing_field("retry_after_secs"))?,
            },
            "unauthenticated" => ApiError::Unauthenticated,
            "forbidden" => ApiError::Forbidden,
            "password_change_required" => ApiError::PasswordChangeRequired,
            "weak_password" => ApiError::WeakPassword { reason: password.ok_or_else(|| A::Error::missing_field("reason"))? },
            "last_hr_admin" => ApiError::LastHrAdmin,
            "self_appraisal" => ApiError::SelfAppraisal,
            "out_of_service" => ApiError::OutOfService,
            "other_user_signed_in" => ApiError::OtherUserSignedIn,
            "stale_preview" => ApiError::StalePreview,
            "position_in_use" => ApiError::PositionInUse,
            "position_closed" => ApiError::PositionClosed,
            "one_time_password_expired" => ApiError::OneTimePasswordExpired,
            "not_found" => ApiError::NotFound,
            "method_not_allowed" => ApiError::MethodNotAllowed,
            "bad_request" => ApiError::BadRequest { detail: detail.ok_or_else(|| A::Error::missing_field("detail"))? },
            "internal" => ApiError::Internal,
            // A code of a newer server (or `unknown` itself).
            _ => ApiError::Unknown,
        })
    }
}

/// The body of every error response: `{"error": {"code": "wrong_password"}, "message": "wrong password"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ApiError,
    pub message: String,
}

impl From<ApiError> for ErrorEnvelope {
    fn from(error: ApiError) -> Self {
        let message = error.to_string();
        Self { error, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_wire_shape() {
        let cases = [
            (ApiError::WrongPassword, r#"{"error":{"code":"wrong_password"},"message":"wrong password"}"#),
            (
                ApiError::TooManyAttempts { retry_after_secs: 60 },
                r#"{"error":{"code":"too_many_attempts","retry_after_secs":60},"message":"too many failed sign-in attempts; retry in 60 s"}"#,
            ),
            (
                ApiError::InvalidNip { reason: NipError::WrongLength { digits: 3 } },
                r#"{"error":{"code":"invalid_nip","reason":{"kind":"wrong_length","digits":3}},"message":"invalid NIP: a NIP has 18 digits, this has 3"}"#,
            ),
        ];
        for (error, json) in cases {
            let envelope = ErrorEnvelope::from(error);
            assert_eq!(serde_json::to_string(&envelope).unwrap(), json);
            assert_eq!(serde_json::from_str::<ErrorEnvelope>(json).unwrap(), envelope);
        }
    }

    /// Every variant reads back as written: the hand-written reading (`ApiErrorVisitor`) agrees
    /// with the derived writing, code for code and field for field.
    #[test]
    fn every_error_round_trips() {
        let reasons = [
            NipError::WrongLength { digits: 17 },
            NipError::NotDigits,
            NipError::InvalidBirthDate,
            NipError::InvalidAppointment,
            NipError::AppointedBeforeBirth,
            NipError::InvalidSex,
            NipError::ZeroSerial,
        ];
        let mut errors: Vec<ApiError> = reasons.iter().map(|reason| ApiError::InvalidNip { reason: *reason }).collect();
        errors.extend([
            ApiError::UnknownNip,
            ApiError::WrongPassword,
            ApiError::TooManyAttempts { retry_after_secs: 42 },
            ApiError::Unauthenticated,
            ApiError::Forbidden,
            ApiError::PasswordChangeRequired,
            ApiError::WeakPassword { reason: PasswordProblem::IsNip },
            ApiError::LastHrAdmin,
            ApiError::SelfAppraisal,
            ApiError::OutOfService,
            ApiError::OtherUserSignedIn,
            ApiError::StalePreview,
            ApiError::PositionInUse,
            ApiError::PositionClosed,
            ApiError::OneTimePasswordExpired,
            ApiError::NotFound,
            ApiError::MethodNotAllowed,
            ApiError::BadRequest { detail: "no body".into() },
            ApiError::Internal,
            ApiError::Unknown,
        ]);
        for error in &errors {
            // Fails to compile when a variant is added: add it to the lists above (and to the
            // wire readings).
            match error {
                ApiError::InvalidNip { reason } => match reason {
                    NipError::WrongLength { .. }
                    | NipError::NotDigits
                    | NipError::InvalidBirthDate
                    | NipError::InvalidAppointment
                    | NipError::AppointedBeforeBirth
                    | NipError::InvalidSex
                    | NipError::ZeroSerial => {}
                },
                ApiError::UnknownNip
                | ApiError::WrongPassword
                | ApiError::TooManyAttempts { .. }
                | ApiError::Unauthenticated
                | ApiError::Forbidden
                | ApiError::PasswordChangeRequired
                | ApiError::WeakPassword { .. }
                | ApiError::LastHrAdmin
                | ApiError::SelfAppraisal
                | ApiError::OutOfService
                | ApiError::OtherUserSignedIn
                | ApiError::StalePreview
                | ApiError::PositionInUse
                | ApiError::PositionClosed
                | ApiError::OneTimePasswordExpired
                | ApiError::NotFound
                | ApiError::MethodNotAllowed
                | ApiError::BadRequest { .. }
                | ApiError::Internal
                | ApiError::Unknown => {}
            }
            let json = serde_json::to_string(error).unwrap();
            assert_eq!(&serde_json::from_str::<ApiError>(&json).unwrap(), error, "{json}");
        }
    }

    #[test]
    fn a_known_code_without_its_field_is_refused() {
        let cases = [
            r#"{"code":"invalid_nip"}"#,
            r#"{"code":"too_many_attempts"}"#,
            r#"{"code":"bad_request"}"#,
            r#"{"code":"invalid_nip","reason":{"kind":"wrong_length"}}"#,
            r#"{"code":"invalid_nip","reason":{"kind":"too_pretty"}}"#,
        ];
        for json in cases {
            assert!(serde_json::from_str::<ApiError>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn an_unknown_code_from_a_newer_server_still_parses() {
        let cases = [
            r#"{"error":{"code":"quota_exceeded","limit":3},"message":"x"}"#,
            // Whatever its fields hold, even names this version gives other types.
            r#"{"error":{"code":"quota_exceeded","reason":"too many","detail":{"limit":3},"retry_after_secs":"soon"},"message":"x"}"#,
        ];
        for json in cases {
            let envelope: ErrorEnvelope = serde_json::from_str(json).unwrap();
            assert_eq!(envelope.error, ApiError::Unknown, "{json}");
        }
    }
}
