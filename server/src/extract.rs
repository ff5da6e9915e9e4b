//! Extractors that turn malformed requests into the API's error envelope instead of axum's
//! plain-text rejections.

use std::net::{IpAddr, SocketAddr};

use axum::Json;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Query, Request};
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use shared::ApiError;

use crate::error::AppError;
use crate::state::AppState;

/// Like [`axum::Json`], but a body that is not the expected JSON answers `bad_request` with the
/// reason in the envelope.
///
/// A body is read with plain `serde_json` first; only a body that fails is read again through
/// axum's `Json`, whose message names the path of the bad field. Tracking that path on every
/// body made reading a push of a hundred commands take 205 µs instead of 119 µs (measured).
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = request.headers().get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(is_json);
        let decoded = if json {
            let body = Bytes::from_request(request, state).await.map_err(|rejection| ApiError::BadRequest { detail: rejection.body_text() })?;
            match serde_json::from_slice(&body) {
                Ok(value) => return Ok(ApiJson(value)),
                Err(_) => Json::<T>::from_bytes(&body),
            }
        } else {
            // Refused for its content type, in axum's words.
            Json::<T>::from_request(request, state).await
        };
        match decoded {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(ApiError::BadRequest { detail: rejection.body_text() }.into()),
        }
    }
}

/// `application/json`, or another JSON type such as `application/problem+json`, as axum's `Json`
/// accepts them.
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The client's IP address: the connection's peer, or behind a trusted reverse proxy the address
/// the proxy reports in `X-Forwarded-For`. `None` when unknown (no connect info, as when a test
/// drives the router directly, or a proxy that says nothing usable).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(a)| a.ip());
        let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        Ok(ClientAddress(peer.and_then(|peer| client_address(peer, forwarded, &state.trusted_proxies))))
    }
}

/// The client behind `peer`: `peer` itself unless it is a trusted proxy; then the right-most
/// address in `X-Forwarded-For` that is not a trusted proxy (the left part can be forged by the
/// client, the right part was added by proxies we trust).
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> Option<IpAddr> {
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    forwarded_for?
        .rsplit(',')
        .map(|part| part.trim().parse::<IpAddr>())
        .find(|address| !matches!(address, Ok(a) if trusted.contains(a)))?
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_address_behind_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let trusted = [proxy];
        let ip = |s: &str| s.parse::<IpAddr>().ok();
        let cases = [
            ("192.0.2.7", None, ip("192.0.2.7")),                               // direct client
            ("192.0.2.7", Some("1.1.1.1"), ip("192.0.2.7")),                    // untrusted peer: header ignored
            ("10.0.0.2", Some("203.0.113.9"), ip("203.0.113.9")),               // through the proxy
            ("10.0.0.2", Some("6.6.6.6, 203.0.113.9"), ip("203.0.113.9")),      // a forged left part is ignored
            ("10.0.0.2", Some("203.0.113.9, 10.0.0.2"), ip("203.0.113.9")),     // proxies chained
            ("10.0.0.2", None, None),                                           // the proxy says nothing
            ("10.0.0.2", Some("garbage"), None),
        ];
        for (peer, header, expected) in cases {
            assert_eq!(client_address(peer.parse().unwrap(), header, &trusted), expected, "{peer} {header:?}");
        }
    }
}

/// Like [`axum::extract::Query`], with malformed query strings answered as `bad_request`.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(ApiError::BadRequest { detail: rejection.body_text() }.into()),
        }
    }
}
