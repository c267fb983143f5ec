//! The practice back end: serves a built lesson folder (Trunk's `dist/`).
//!
//! * files get their MIME type (`application/wasm`, `text/javascript`, …);
//!   `/` (and any directory) serves its `index.html`;
//! * a path that names no file is a real `404` with a small HTML page — never
//!   the lesson's index; there are no directory listings and `..` cannot leave
//!   the folder (both are [`ServeDir`]'s own rules, and tested below);
//! * responses are gzip- or brotli-compressed when the client asks;
//! * Trunk's content-hashed assets (`roundtrip-1a2b3c4d5e6f7890_bg.wasm`,
//!   `base-1a2b3c4d5e6f7890.css`) are cached for a year as `immutable`;
//!   everything else, `index.html` first, is `no-cache` (revalidated);
//! * every request is traced with `tracing` (see [`init_tracing`]).
//!
//! The practice API lives under `/api` next to the static files (see [`api`]).

use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};

use axum::extract::Request;
use axum::http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

/// `Cache-Control` of a content-hashed asset: its URL changes with its content.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of everything else: keep it, but ask the server first.
pub const CACHE_REVALIDATE: &str = "no-cache";

/// The body of every `404`.
const NOT_FOUND_PAGE: &str = "<!doctype html>\n<html lang=\"en\">\n<meta charset=\"utf-8\">\n\
<title>404 Not Found</title>\n<h1>404 Not Found</h1>\n\
<p>There is no page at this address. <a href=\"/\">Back to the lesson</a>.</p>\n</html>\n";

/// The whole application: the `/api` routes, and the lesson's files for
/// every other path.
pub fn app(dist: PathBuf) -> Router {
    api()
        .fallback_service(static_files(dist))
        .layer(SetResponseHeaderLayer::if_not_present(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(CompressionLayer::new().gzip(true).br(true))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}

pub mod api;

/// The practice back end's `/api/...` routes (see [`api::router`]).
pub fn api() -> Router {
    Router::new().nest("/api", api::router())
}

/// The built lesson folder, with its caching rules and a real 404.
fn static_files(dist: PathBuf) -> Router {
    let files = ServeDir::new(dist)
        .append_index_html_on_directories(true)
        .not_found_service(axum::routing::any(not_found));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
        // In an iframe sandboxed without `allow-same-origin` the page has an
        // opaque origin: its module script and WebAssembly are then fetched
        // cross-origin, and load only with this. The files are public anyway.
        .layer(SetResponseHeaderLayer::if_not_present(
            ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
}

async fn not_found() -> impl IntoResponse {
    (StatusCode::NOT_FOUND, Html(NOT_FOUND_PAGE))
}

/// Sets `Cache-Control` on a static file's response (unless already set).
async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let status = response.status();
    let ok = status.is_success() || status == StatusCode::NOT_MODIFIED;
    let value = if hashed && ok { CACHE_IMMUTABLE } else { CACHE_REVALIDATE };
    response.headers_mut().entry(CACHE_CONTROL).or_insert(HeaderValue::from_static(value));
    // ServeDir leaves a body-less 404 without a type when it has none.
    if status == StatusCode::NOT_FOUND && !response.headers().contains_key(CONTENT_TYPE) {
        response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    }
    response
}

/// Whether a URL path names one of Trunk's content-hashed files:
/// `<name>-<8 to 16 hex digits>[_bg].<ext>`, e.g. `roundtrip-1a2b3c4d5e6f7890.js`,
/// `roundtrip-1a2b3c4d5e6f7890_bg.wasm`, `base-1a2b3c4d5e6f7890.css`.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if ext.is_empty() || ext.eq_ignore_ascii_case("html") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((base, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !base.is_empty()
        && (8..=16).contains(&hash.len())
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Checks that `dist` looks like a built lesson (a folder with an
/// `index.html`), with a message that says how to build one.
pub fn check_dist(dist: &Path) -> Result<(), String> {
    let hint = "build the lesson first: `cargo xtask build` (or `trunk build --release`)";
    if !dist.is_dir() {
        return Err(format!(
            "the lesson folder `{}` does not exist or is not a folder; {hint}",
            dist.display()
        ));
    }
    if !dist.join("index.html").is_file() {
        return Err(format!("the lesson folder `{}` has no index.html; {hint}", dist.display()));
    }
    Ok(())
}

/// Serves [`app`] for `dist` on `listener` until the process ends.
pub async fn run(listener: TcpListener, dist: PathBuf) -> io::Result<()> {
    serve(listener, app(dist), std::future::pending()).await
}

/// Serves `router` on `listener` until `shutdown` completes, then lets the
/// requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    use axum::serve::ListenerExt;
    // A file's response goes out as headers, then body: with Nagle's algorithm
    // the body waits for the client's delayed ACK, about 40 ms a response on a
    // kept-alive connection (measured with `cargo xtask bench-server`).
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, router).with_graceful_shutdown(shutdown).await
}

/// Logs to stderr, filtered by `RUST_LOG`; without it, only warnings and
/// errors (a 5xx response is an error). `RUST_LOG=info` shows every request.
pub fn init_tracing() {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    // Ignore the error of a second call (a subscriber is already set).
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(io::stderr().is_terminal())
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{to_bytes, Body};
    use axum::http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, LOCATION};
    use axum::http::{Method, Request as HttpRequest};
    use std::fs;
    use std::io::Read;
    use tower::ServiceExt;

    const JS: &str = "roundtrip-1a2b3c4d5e6f7890.js";
    const WASM: &str = "roundtrip-1a2b3c4d5e6f7890_bg.wasm";
    const CSS: &str = "base-0badc0ffee123456.css";
    const INDEX: &str = "<!doctype html><html lang=\"en\"><title>Lesson</title>\
        <body><p>The lesson's index page, long enough to be worth compressing.</p></body></html>";

    /// `<tmp>/dist` with a small built lesson, and `<tmp>/secret.txt` beside it.
    struct Fixture {
        root: tempfile::TempDir,
    }

    impl Fixture {
        fn new() -> Self {
            let root = tempfile::tempdir().unwrap();
            let dist = root.path().join("dist");
            fs::create_dir_all(dist.join("sub/empty")).unwrap();
            fs::write(dist.join("index.html"), INDEX).unwrap();
            fs::write(dist.join(JS), "export function hi() { return 1; }\n".repeat(20)).unwrap();
            fs::write(dist.join(WASM), b"\0asm\x01\0\0\0").unwrap();
            fs::write(dist.join(CSS), "body { margin: 0; }\n".repeat(20)).unwrap();
            fs::write(dist.join("sub/index.html"), INDEX).unwrap();
            fs::write(dist.join("sub/notes.txt"), "a file in a folder").unwrap();
            fs::write(root.path().join("secret.txt"), "outside the lesson folder").unwrap();
            Fixture { root }
        }

        fn app(&self) -> Router {
            app(self.root.path().join("dist"))
        }

        async fn get(&self, uri: &str) -> Response {
            self.request(HttpRequest::get(uri).body(Body::empty()).unwrap()).await
        }

        async fn request(&self, request: HttpRequest<Body>) -> Response {
            self.app().oneshot(request).await.unwrap()
        }
    }

    fn header<'a>(response: &'a Response, name: &str) -> &'a str {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or_else(|| panic!("no {name} header in {:?}", response.headers()))
    }

    async fn body(response: Response) -> Vec<u8> {
        to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()
    }

    #[tokio::test]
    async fn the_root_serves_index_html_uncached() {
        let fx = Fixture::new();
        let response = fx.get("/").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(header(&response, "content-type").starts_with("text/html"));
        assert_eq!(header(&response, "cache-control"), "no-cache");
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        assert_eq!(body(response).await, INDEX.as_bytes());

        let response = fx.get("/index.html").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "cache-control"), "no-cache");
    }

    #[tokio::test]
    async fn assets_have_their_mime_types() {
        let fx = Fixture::new();
        for (path, mime) in [
            (JS, "text/javascript"),
            (WASM, "application/wasm"),
            (CSS, "text/css"),
            ("sub/notes.txt", "text/plain"),
        ] {
            let response = fx.get(&format!("/{path}")).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(header(&response, "content-type").split(';').next().unwrap(), mime, "{path}");
        }
        let wasm = fx.get(&format!("/{WASM}")).await;
        assert_eq!(body(wasm).await, b"\0asm\x01\0\0\0");
    }

    #[tokio::test]
    async fn hashed_assets_are_immutable_others_revalidate() {
        let fx = Fixture::new();
        for path in [JS, WASM, CSS] {
            let response = fx.get(&format!("/{path}")).await;
            assert_eq!(header(&response, "cache-control"), CACHE_IMMUTABLE, "{path}");
        }
        let response = fx.get("/sub/notes.txt").await;
        assert_eq!(header(&response, "cache-control"), "no-cache");
        // A missing file whose name looks hashed must not be cached for a year.
        let response = fx.get("/roundtrip-ffffffffffffffff.js").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(header(&response, "cache-control"), "no-cache");
    }

    #[tokio::test]
    async fn a_missing_path_is_a_real_404_not_the_index() {
        let fx = Fixture::new();
        for path in ["/no-such-page", "/no/such/page.html", "/sub/missing.js"] {
            let response = fx.get(path).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            assert!(header(&response, "content-type").starts_with("text/html"));
            let text = String::from_utf8(body(response).await).unwrap();
            assert!(text.contains("404 Not Found"), "{text}");
            assert!(!text.contains("lesson's index page"), "{path} served the index");
        }
    }

    #[tokio::test]
    async fn no_path_leaves_the_folder() {
        let fx = Fixture::new();
        for path in [
            "/../secret.txt",
            "/sub/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/%2e%2e%2fsecret.txt",
            "/sub/%2e%2e/%2e%2e/secret.txt",
            "/..%5csecret.txt",
        ] {
            let response = fx.get(path).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            let text = String::from_utf8(body(response).await).unwrap();
            assert!(!text.contains("outside"), "{path} leaked the file");
        }
        // An absolute path in the URL stays inside the folder too.
        let secret = fx.root.path().join("secret.txt");
        let response = fx.get(&format!("/{}", secret.display())).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn folders_are_never_listed() {
        let fx = Fixture::new();
        // A folder without an index.html is a 404, not a listing.
        let response = fx.get("/sub/empty/").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        // A folder with one serves it; without the slash it redirects first.
        let response = fx.get("/sub/").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(body(response).await, INDEX.as_bytes());
        let response = fx.get("/sub").await;
        assert!(response.status().is_redirection());
        assert_eq!(header(&response, "location"), "/sub/");
        assert!(response.headers().contains_key(LOCATION));
    }

    #[tokio::test]
    async fn only_get_and_head_read_files() {
        let fx = Fixture::new();
        let head = HttpRequest::head("/").body(Body::empty()).unwrap();
        let response = fx.request(head).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(body(response).await.is_empty());

        let post = HttpRequest::builder().method(Method::POST).uri("/").body(Body::empty()).unwrap();
        assert_eq!(fx.request(post).await.status(), StatusCode::METHOD_NOT_ALLOWED);
    }

    #[tokio::test]
    async fn gzip_and_brotli_when_asked() {
        let fx = Fixture::new();
        let plain = body(fx.get(&format!("/{JS}")).await).await;

        let request =
            HttpRequest::get(format!("/{JS}")).header(ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap();
        let response = fx.request(request).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "content-encoding"), "gzip");
        assert_eq!(header(&response, "cache-control"), CACHE_IMMUTABLE);
        assert!(header(&response, "vary").contains("accept-encoding"));
        let gz = body(response).await;
        assert!(gz.len() < plain.len());
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut unzipped).unwrap();
        assert_eq!(unzipped, plain);

        let request = HttpRequest::get("/").header(ACCEPT_ENCODING, "br").body(Body::empty()).unwrap();
        let response = fx.request(request).await;
        assert_eq!(header(&response, "content-encoding"), "br");

        // Not asked, not compressed.
        let response = fx.get(&format!("/{JS}")).await;
        assert!(!response.headers().contains_key(CONTENT_ENCODING));
    }

    #[test]
    fn recognises_trunks_hashed_file_names() {
        for path in [
            "/roundtrip-1a2b3c4d5e6f7890.js",
            "/roundtrip-1a2b3c4d5e6f7890_bg.wasm",
            "/base-1a2b3c4d5e6f7890.css",
            "/print-a2b3c4d5e6f7890.css",
            "/snippets/x/lesson-deadbeef.css",
        ] {
            assert!(is_hashed_asset(path), "{path}");
        }
        for path in [
            "/",
            "/index.html",
            "/roundtrip.js",
            "/roundtrip_bg.wasm",
            "/favicon.ico",
            "/my-notes.txt",
            "/-1a2b3c4d5e6f7890.js",
            "/roundtrip-1A2B3C4D5E6F7890.js",
            "/roundtrip-1a2b3c4d5e6f78901.js",
            "/page-1a2b3c4d.html",
            "/roundtrip-1a2b3c4d5e6f7890",
        ] {
            assert!(!is_hashed_asset(path), "{path}");
        }
    }

    #[test]
    fn a_missing_dist_says_how_to_build_it() {
        let root = tempfile::tempdir().unwrap();
        let err = check_dist(&root.path().join("dist")).unwrap_err();
        assert!(err.contains("does not exist") && err.contains("cargo xtask build"));
        let err = check_dist(root.path()).unwrap_err();
        assert!(err.contains("no index.html"), "{err}");
        fs::write(root.path().join("index.html"), INDEX).unwrap();
        assert_eq!(check_dist(root.path()), Ok(()));
    }

    #[tokio::test]
    async fn serves_over_tcp_until_shut_down() {
        let fx = Fixture::new();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve(listener, fx.app(), async {
            let _ = stopped.await;
        }));
        let reply = tokio::task::spawn_blocking(move || {
            use std::io::Write;
            let mut tcp = std::net::TcpStream::connect(addr).unwrap();
            write!(tcp, "GET /no-such-page HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
            let mut reply = String::new();
            tcp.read_to_string(&mut reply).unwrap();
            reply
        })
        .await
        .unwrap();
        assert!(reply.starts_with("HTTP/1.1 404"), "{reply}");
        stop.send(()).unwrap();
        server.await.unwrap().unwrap();
    }
}
