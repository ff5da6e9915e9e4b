//! Serving the built web app: pre-compressed variants chosen by Accept-Encoding, immutable caching
//! for hashed assets, revalidation for index.html, and deep links answered with the app.
//! Uses a small dist folder made by the test, so it checks the server, not the build.

use axum::http::{StatusCode, header};
use tests::TestApp;

fn fake_dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let assets = dir.path().join("assets");
    std::fs::create_dir_all(&assets).unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>plain</title>").unwrap();
    std::fs::write(dir.path().join("index.html.br"), "brotli index").unwrap();
    std::fs::write(dir.path().join("index.html.gz"), "gzip index").unwrap();
    std::fs::write(assets.join("kompeten-0123.js"), "plain js").unwrap();
    std::fs::write(assets.join("kompeten-0123.js.br"), "brotli js").unwrap();
    std::fs::write(assets.join("kompeten-0123.js.gz"), "gzip js").unwrap();
    std::fs::write(dir.path().join("sw.js"), "self.addEventListener('fetch', () => {});").unwrap();
    std::fs::write(dir.path().join("manifest.webmanifest"), "{}").unwrap();
    dir
}

#[tokio::test]
async fn the_service_worker_and_manifest_keep_their_names_and_are_revalidated() {
    let dist = fake_dist();
    let app = TestApp::with_assets(dist.path().to_path_buf());
    for (path, content_type) in [("/sw.js", "javascript"), ("/manifest.webmanifest", "application/manifest+json")] {
        let response = app.get(path, None).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
        assert_eq!(response.headers[header::CACHE_CONTROL], "no-cache", "{path}");
        assert!(response.headers[header::CONTENT_TYPE].to_str().unwrap().contains(content_type), "{path}");
    }
}

#[tokio::test]
async fn hashed_assets_are_precompressed_and_cached_for_good() {
    let dist = fake_dist();
    let app = TestApp::with_assets(dist.path().to_path_buf());
    let cases = [
        ("br, gzip", Some("br"), "brotli js"),
        ("gzip, deflate", Some("gzip"), "gzip js"),
        ("identity", None, "plain js"),
    ];
    for (accept, encoding, body) in cases {
        let response = app.request(axum::http::Method::GET, "/assets/kompeten-0123.js", None, &[("accept-encoding", accept)]).await;
        assert_eq!(response.status, StatusCode::OK, "{accept}");
        assert_eq!(response.headers.get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap()), encoding, "{accept}");
        assert_eq!(response.body, body.as_bytes(), "{accept}");
        assert_eq!(response.headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
        assert_eq!(response.headers[header::VARY], "accept-encoding");
        assert!(response.headers[header::CONTENT_TYPE].to_str().unwrap().contains("javascript"));
    }
}

#[tokio::test]
async fn a_missing_asset_is_not_cached_for_good() {
    let dist = fake_dist();
    let app = TestApp::with_assets(dist.path().to_path_buf());
    let response = app.get("/assets/kompeten-ffff.js", None).await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert_eq!(response.headers[header::CACHE_CONTROL], "no-cache");
}

#[tokio::test]
async fn index_and_deep_links_serve_the_app_and_are_revalidated() {
    let dist = fake_dist();
    let app = TestApp::with_assets(dist.path().to_path_buf());
    for path in ["/", "/masuk", "/some/deep/link"] {
        let response = app.request(axum::http::Method::GET, path, None, &[("accept-encoding", "br")]).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
        assert_eq!(response.body, b"brotli index", "{path}");
        assert_eq!(response.headers[header::CONTENT_ENCODING], "br", "{path}");
        assert_eq!(response.headers[header::CACHE_CONTROL], "no-cache", "{path}");
        assert!(response.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"), "{path}");
    }
}
