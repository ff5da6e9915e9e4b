//! The built web app. Hashed files under `/assets` never change, so browsers may keep them for a
//! year without asking; `index.html` (which names the current hashes) is revalidated on every
//! load. Each file is served pre-compressed (brotli, else gzip) when the browser accepts it.

use std::path::Path;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::middleware::map_response;
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

use crate::state::AppState;

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

/// `/assets/*` from `<assets_dir>/assets`, and `index.html` for every other path, so that a deep
/// link such as `/masuk` opens the app on that page.
pub fn router(assets_dir: &Path) -> Router<AppState> {
    let assets = ServeDir::new(assets_dir.join("assets")).precompressed_br().precompressed_gzip();
    let index = ServeFile::new(assets_dir.join("index.html")).precompressed_br().precompressed_gzip();
    let root_file = |name: &str| {
        let file = ServeFile::new(assets_dir.join(name)).precompressed_br().precompressed_gzip();
        Router::new().fallback_service(file).layer(map_response(revalidate))
    };
    Router::new()
        .nest_service("/assets", Router::new().fallback_service(assets).layer(map_response(cache_forever)))
        // The service worker and the manifest keep fixed names, so browsers must revalidate them.
        .nest_service("/sw.js", root_file("sw.js"))
        .nest_service("/manifest.webmanifest", root_file("manifest.webmanifest"))
        .fallback_service(Router::new().fallback_service(index).layer(map_response(revalidate)))
}

/// Only a successful answer may be cached for good: a 404 for a file that a deployment is still
/// copying must not stick.
async fn cache_forever(mut response: Response) -> Response {
    let value = if response.status().is_success() { IMMUTABLE } else { NO_CACHE };
    response.headers_mut().insert(header::CACHE_CONTROL, value);
    response
}

async fn revalidate(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, NO_CACHE);
    response
}
