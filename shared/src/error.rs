//! The one error shape of the API. Every failed request answers with an [`ErrorEnvelope`] whose
//! `error` is a closed, tagged enum the app can `match` on to show a specific message in the user's
//! language; `message` is an English sentence for logs and developers.

use serde::{Deserialize, Serialize};

use crate::rules::nip::NipError;

/// Why a request failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case", try_from = "ApiErrorWire")]
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
    /// The request was made for another user than the one signed in (the browser's session now
    /// belongs to someone else, signed in from another tab): nothing was done. Added in 0.2.
    #[error("the session belongs to another user")]
    OtherUserSignedIn,
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
            Self::InvalidNip { .. } | Self::BadRequest { .. } => 400,
            Self::UnknownNip | Self::WrongPassword | Self::Unauthenticated => 401,
            Self::Forbidden => 403,
            Self::OtherUserSignedIn => 409,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::TooManyAttempts { .. } => 429,
            Self::Internal | Self::Unknown => 500,
        }
    }
}

/// An [`ApiError`] as it arrives: every field of every variant, flat. Written as the derived
/// `Serialize` writes them (a test round-trips every variant), and read through this rather than
/// serde's internally tagged enum support, which buffers the value into a generic tree first and
/// cost about 30 kB of the browser app's WebAssembly.
#[derive(Deserialize)]
struct ApiErrorWire {
    code: String,
    reason: Option<NipError>,
    retry_after_secs: Option<u64>,
    detail: Option<String>,
}

impl TryFrom<ApiErrorWire> for ApiError {
    type Error = String;

    fn try_from(wire: ApiErrorWire) -> Result<Self, String> {
        let missing = |field: &str| format!("error code `{}` without `{field}`", wire.code);
        Ok(match wire.code.as_str() {
            "invalid_nip" => Self::InvalidNip { reason: wire.reason.ok_or_else(|| missing("reason"))? },
            "unknown_nip" => Self::UnknownNip,
            "wrong_password" => Self::WrongPassword,
            "too_many_attempts" => Self::TooManyAttempts { retry_after_secs: wire.retry_after_secs.ok_or_else(|| missing("retry_after_secs"))? },
            "unauthenticated" => Self::Unauthenticated,
            "forbidden" => Self::Forbidden,
            "other_user_signed_in" => Self::OtherUserSignedIn,
            "not_found" => Self::NotFound,
            "method_not_allowed" => Self::MethodNotAllowed,
            "bad_request" => Self::BadRequest { detail: wire.detail.ok_or_else(|| missing("detail"))? },
            "internal" => Self::Internal,
            // A code of a newer server (or `unknown` itself).
            _ => Self::Unknown,
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

    /// Every variant reads back as written: the hand-written reading of `ApiErrorWire` agrees
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
            ApiError::OtherUserSignedIn,
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
                | ApiError::OtherUserSignedIn
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
        let envelope: ErrorEnvelope =
            serde_json::from_str(r#"{"error":{"code":"quota_exceeded","limit":3},"message":"x"}"#).unwrap();
        assert_eq!(envelope.error, ApiError::Unknown);
    }
}
