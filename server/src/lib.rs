//! The practice back end: serves a built course (`dist/`: the course page and
//! one folder per lesson, each Trunk's output).
//!
//! * files get their MIME type (`application/wasm`, `text/javascript`, …);
//!   `/` (and any directory) serves its `index.html`;
//! * a path that names no file is a real `404` with a small HTML page — never
//!   the lesson's index; there are no directory listings and `..` cannot leave
//!   the folder (both are [`ServeDir`]'s own rules, and tested below); a path
//!   no file could have (a name over 200 bytes, a NUL) is that same `404`
//!   without asking the file system, and a request target over
//!   [`MAX_TARGET_BYTES`] is `414`;
//! * a file is sent as its `.br` or `.gz` sibling when there is one and the
//!   client accepts it (`cargo xtask build` writes them); files are never
//!   compressed per request (the API's small answers are, see [`api`]);
//! * Trunk's content-hashed assets (`roundtrip-1a2b3c4d5e6f7890_bg.wasm`,
//!   `base-1a2b3c4d5e6f7890.css`) are cached for a year as `immutable`;
//!   everything else, `index.html` first, is `no-cache` (revalidated);
//! * pages (HTML) carry a strict `Content-Security-Policy` (see [`Csp`]); every
//!   response carries `X-Content-Type-Options: nosniff` and
//!   `Referrer-Policy: no-referrer`;
//! * every request is traced with `tracing` (see [`init_tracing`]); a `5xx`
//!   is logged as an error unless the learner asked for it.
//!
//! The practice API lives under `/api` next to the static files (see [`api`]),
//! and each lesson's folder finds it at its own `api/` (see [`lesson_api`]).
//! Connections are served within [`Limits`] (see [`serve_with`]).

use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};

use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::classify::{
    ClassifiedResponse, ClassifyResponse, NeverClassifyEos, ServerErrorsAsFailures, ServerErrorsFailureClass,
    SharedClassifier,
};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub mod live;
mod net;

/// The application type, for callers that assemble their own.
pub use axum::Router;
pub use net::{
    connections_for_file_limit, raise_file_limit, serve_with, Limits, BUSY_RETRY_AFTER_SECONDS,
    DEFAULT_MAX_CONNECTIONS, MIN_HEADER_BYTES,
};

/// `Cache-Control` of a content-hashed asset: its URL changes with its content.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of everything else: keep it, but ask the server first.
pub const CACHE_REVALIDATE: &str = "no-cache";

/// The body of every `404`.
const NOT_FOUND_PAGE: &str = "<!doctype html>\n<html lang=\"en\">\n<meta charset=\"utf-8\">\n\
<title>404 Not Found</title>\n<h1>404 Not Found</h1>\n\
<p>There is no page at this address. <a href=\"/\">Back to the start</a>.</p>\n</html>\n";

/// The longest request target (path and query) the server reads, in bytes;
/// a longer one is answered `414 URI Too Long`.
pub const MAX_TARGET_BYTES: usize = 4096;

/// The longest file path (percent-decoded) looked up in the lesson folder;
/// with the folder's own path it stays far below the system's `PATH_MAX`.
const MAX_FILE_PATH_BYTES: usize = 1024;

/// The longest name of a file or folder (percent-decoded) looked up: file
/// systems allow 255 bytes, and [`ServeDir`] also tries the name with `.br`
/// and `.gz` added. Longer ones would make the file system fail with "name too
/// long", which `ServeDir` answers with a `500` and an error in the log.
const MAX_FILE_NAME_BYTES: usize = 200;

/// The whole application: the `/api` routes, and the lesson's files for
/// every other path, with the default [`Limits`] and [`Csp`].
pub fn app(dist: PathBuf) -> Router {
    app_with(dist, &Limits::default(), Some(&Csp::default()))
}

/// The whole application, with `limits.delay_per_client` for `/api/delay`
/// and `csp` on its pages. `None` sends no policy: only for serving pages
/// that are not the lesson and need inline script (the end-to-end tests'
/// stand-in LMS pages).
pub fn app_with(dist: PathBuf, limits: &Limits, csp: Option<&Csp>) -> Router {
    let routed = Router::new()
        .nest("/api", api::router_with(limits.delay_per_client))
        .fallback_service(static_files(dist.clone(), csp.cloned()));
    let app = Router::new()
        .fallback_service(routed.map_request(move |request| lesson_api(&dist, request)))
        .layer(middleware::from_fn(refuse_long_targets))
        .layer(SetResponseHeaderLayer::if_not_present(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ));
    with_request_log(app)
}

pub mod api;

/// `app` for an author: every page carries the live-reload script, which
/// hears of each build through `status` (see [`live`]).
pub fn with_live_reload(app: Router, status: PathBuf) -> Router {
    live::router(status).fallback_service(app.layer(middleware::from_fn(live::inject)))
}

/// A course is built as one folder per lesson (`dist/<lesson>/`), and each
/// lesson finds the practice API at `api/` beside its page, as it does when
/// its folder is served alone: `/<lesson>/api/…` is `/api/…` when `<lesson>`
/// is a built lesson (a folder of `dist` with an `index.html`). (The build
/// leaves a stand-in `api/health` file in each lesson's folder for static
/// hosts; here the real API answers.) Only a path of that shape costs a look
/// at the file system, one `stat`, which is cheaper than handing it to a
/// blocking thread.
fn lesson_api(dist: &Path, mut request: Request) -> Request {
    let path = request.uri().path();
    let Some((folder, rest)) = path.strip_prefix('/').and_then(|p| p.split_once('/')) else {
        return request;
    };
    let plain =
        !folder.is_empty() && folder.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !plain
        || !(rest == "api" || rest.starts_with("api/"))
        || !dist.join(folder).join("index.html").is_file()
    {
        return request;
    }
    let target = match request.uri().query() {
        Some(query) => format!("/{rest}?{query}"),
        None => format!("/{rest}"),
    };
    let mut parts = request.uri().clone().into_parts();
    if let Ok(path_and_query) = target.parse() {
        parts.path_and_query = Some(path_and_query);
        if let Ok(uri) = axum::http::Uri::from_parts(parts) {
            *request.uri_mut() = uri;
        }
    }
    request
}

/// The practice back end's `/api/...` routes (see [`api::router`]).
pub fn api() -> Router {
    Router::new().nest("/api", api::router())
}

/// Traces every request of `router` (at INFO; see [`init_tracing`]). A `5xx`
/// is logged as an ERROR, unless it is a status the learner asked for
/// (marked [`api::AskedFor`]).
pub fn with_request_log(router: Router) -> Router {
    router.layer(
        TraceLayer::new(SharedClassifier::new(ServerErrors))
            .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
            .on_response(DefaultOnResponse::new().level(Level::INFO)),
    )
}

/// tower-http's [`ServerErrorsAsFailures`], except that a response marked
/// [`api::AskedFor`] is never a failure.
#[derive(Clone, Copy, Debug, Default)]
pub struct ServerErrors;

impl ClassifyResponse for ServerErrors {
    type FailureClass = ServerErrorsFailureClass;
    type ClassifyEos = NeverClassifyEos<ServerErrorsFailureClass>;

    fn classify_response<B>(
        self,
        response: &axum::http::Response<B>,
    ) -> ClassifiedResponse<Self::FailureClass, Self::ClassifyEos> {
        if response.extensions().get::<api::AskedFor>().is_some() {
            ClassifiedResponse::Ready(Ok(()))
        } else {
            ServerErrorsAsFailures::new().classify_response(response)
        }
    }

    fn classify_error<E>(self, error: &E) -> Self::FailureClass
    where
        E: std::fmt::Display + 'static,
    {
        ServerErrorsAsFailures::new().classify_error(error)
    }
}

/// The `Content-Security-Policy` of the pages this server sends: the policy
/// every built page declares in itself (`roundtrip_document::policy`), and `frame-ancestors`,
/// the pages that may show the lesson in a frame, which only a header can set:
///
/// `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';
/// img-src 'self' data:; connect-src *; object-src 'none'; base-uri 'none';
/// form-action 'none'; frame-ancestors <sources>`
///
/// `connect-src *` because the request lab sends the learner's requests to
/// any http(s) address they type (`*` allows every host over http, https, ws
/// and wss; not `data:` or `blob:`, which the lesson does not fetch).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Csp(HeaderValue);

/// `frame-ancestors` by default: any page may embed the lesson (that is a feature).
pub const DEFAULT_FRAME_ANCESTORS: &str = "*";

use roundtrip_document::policy::CONTENT_SECURITY_POLICY as POLICY;

impl Csp {
    /// The policy with `frame_ancestors` as its `frame-ancestors` sources,
    /// e.g. `*`, `'self'`, `'none'` or `'self' https://lms.example.edu`.
    pub fn new(frame_ancestors: &str) -> Result<Self, String> {
        let sources = frame_ancestors.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        if sources.is_empty() {
            return Err("frame-ancestors needs at least one source, e.g. `*`, `'self'`, `'none'` or \
                 `https://lms.example.edu`"
                .to_owned());
        }
        let allowed = |c: char| (c.is_ascii_graphic() || c == ' ') && c != ';' && c != ',';
        if let Some(bad) = sources.chars().find(|&c| !allowed(c)) {
            return Err(format!(
                "frame-ancestors `{frame_ancestors}`: `{bad}` cannot be part of a source list"
            ));
        }
        HeaderValue::from_str(&format!("{POLICY}; frame-ancestors {sources}"))
            .map(Csp)
            .map_err(|err| format!("frame-ancestors `{frame_ancestors}`: {err}"))
    }

    /// The whole policy, as sent.
    pub fn as_str(&self) -> &str {
        self.0.to_str().unwrap_or_default()
    }
}

impl Default for Csp {
    fn default() -> Self {
        Csp::new(DEFAULT_FRAME_ANCESTORS).expect("the default policy is valid")
    }
}

/// The built lesson folder, with its caching rules, a real 404 and the pages'
/// policy (if any).
fn static_files(dist: PathBuf, csp: Option<Csp>) -> Router {
    let files = ServeDir::new(dist)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip()
        .not_found_service(axum::routing::any(not_found));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(only_possible_files))
        .layer(middleware::from_fn(cache_control))
        // In an iframe sandboxed without `allow-same-origin` the page has an
        // opaque origin: its module script and WebAssembly are then fetched
        // cross-origin, and load only with this. The files are public anyway.
        .layer(SetResponseHeaderLayer::if_not_present(
            ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
        .layer(middleware::from_fn_with_state(csp, page_policy))
}

async fn not_found() -> impl IntoResponse {
    (StatusCode::NOT_FOUND, Html(NOT_FOUND_PAGE))
}

/// Answers `414` to a request target longer than [`MAX_TARGET_BYTES`].
async fn refuse_long_targets(request: Request, next: Next) -> Response {
    let length = request.uri().path_and_query().map_or(0, |target| target.as_str().len());
    if length > MAX_TARGET_BYTES {
        let message =
            format!("The address is {length} bytes long; this server reads at most {MAX_TARGET_BYTES}.\n");
        return (StatusCode::URI_TOO_LONG, [(CONTENT_TYPE, "text/plain; charset=utf-8")], message)
            .into_response();
    }
    next.run(request).await
}

/// Answers the `404` page, without asking the file system, for a path that no
/// file in the folder could have (see [`is_possible_file_path`]).
async fn only_possible_files(request: Request, next: Next) -> Response {
    if !is_possible_file_path(request.uri().path()) {
        return not_found().await.into_response();
    }
    next.run(request).await
}

/// Whether a URL path could name a file: not when, percent-decoded, it holds a
/// NUL byte, a name longer than [`MAX_FILE_NAME_BYTES`], or is longer than
/// [`MAX_FILE_PATH_BYTES`].
fn is_possible_file_path(path: &str) -> bool {
    let decoded = percent_decode(path.as_bytes());
    decoded.len() <= MAX_FILE_PATH_BYTES
        && !decoded.contains(&0)
        && decoded.split(|&b| b == b'/' || b == b'\\').all(|name| name.len() <= MAX_FILE_NAME_BYTES)
}

/// `%XX` decoded as [`ServeDir`] does it (a `%` without two hex digits stays).
fn percent_decode(text: &[u8]) -> Vec<u8> {
    let hex = |b: u8| char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok());
    let mut decoded = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'%' {
            let high = text.get(i + 1).copied().and_then(hex);
            let low = text.get(i + 2).copied().and_then(hex);
            if let (Some(high), Some(low)) = (high, low) {
                decoded.push((high << 4) | low);
                i += 3;
                continue;
            }
        }
        decoded.push(text[i]);
        i += 1;
    }
    decoded
}

/// Puts the pages' [`Csp`] on every HTML response (the lesson and the 404 page).
async fn page_policy(State(csp): State<Option<Csp>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let Some(csp) = csp else {
        return response;
    };
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().to_ascii_lowercase().starts_with("text/html"));
    if is_html {
        response.headers_mut().entry(CONTENT_SECURITY_POLICY).or_insert(csp.0);
    }
    response
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

/// Serves `router` on `listener` within the default [`Limits`] until
/// `shutdown` completes, then lets the requests in flight finish (see
/// [`serve_with`]).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    serve_with(listener, router, Limits::default(), shutdown).await
}

/// Logs to stderr, filtered by `RUST_LOG`; without it, only warnings and
/// errors (a 5xx response the server caused is an error; one the learner
/// asked for is not). `RUST_LOG=info` shows every request.
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
    async fn a_lesson_folder_of_a_course_finds_the_api_beside_its_page() {
        let fixture = Fixture::new();
        let dist = fixture.root.path().join("dist");
        fs::create_dir_all(dist.join("ruby-intro/api")).unwrap();
        fs::write(dist.join("ruby-intro/index.html"), INDEX).unwrap();
        fs::write(dist.join("ruby-intro/api/health"), "the build's stand-in").unwrap();

        let response = fixture.get("/ruby-intro/api/status/418?x=1").await;
        assert_eq!(response.status(), StatusCode::IM_A_TEAPOT);
        let response = fixture.get("/ruby-intro/api/health").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_ne!(body(response).await, b"the build's stand-in", "the real API answers, not the stand-in");
        assert_eq!(fixture.get("/ruby-intro/").await.status(), StatusCode::OK);
        // Not a folder of the course, or not one segment: no API there.
        assert_eq!(fixture.get("/ruby-methods/api/health").await.status(), StatusCode::NOT_FOUND);
        assert_eq!(fixture.get("/ruby-intro/x/api/health").await.status(), StatusCode::NOT_FOUND);
        // A folder without a page is not a lesson: its files are only files.
        fs::create_dir_all(dist.join("notes/api")).unwrap();
        fs::write(dist.join("notes/api/health"), "a file").unwrap();
        assert_eq!(body(fixture.get("/notes/api/health").await).await, b"a file");
        assert_eq!(fixture.get("/notes/api/status/418").await.status(), StatusCode::NOT_FOUND);
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

    fn gzip(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    /// Writes `<file>.gz` (real gzip) and `<file>.br` (bytes that only need
    /// to be recognisable: the server sends them as they are).
    fn precompress(fx: &Fixture, file: &str) -> Vec<u8> {
        let path = fx.root.path().join("dist").join(file);
        let plain = fs::read(&path).unwrap();
        fs::write(format!("{}.gz", path.display()), gzip(&plain)).unwrap();
        fs::write(format!("{}.br", path.display()), format!("brotli of {file}")).unwrap();
        plain
    }

    async fn get_accepting(fx: &Fixture, uri: &str, accept: &str) -> Response {
        fx.request(HttpRequest::get(uri).header(ACCEPT_ENCODING, accept).body(Body::empty()).unwrap()).await
    }

    #[tokio::test]
    async fn precompressed_siblings_are_sent_when_asked() {
        let fx = Fixture::new();
        let plain = precompress(&fx, JS);
        precompress(&fx, "index.html");

        let response = get_accepting(&fx, &format!("/{JS}"), "gzip").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "content-encoding"), "gzip");
        assert_eq!(header(&response, "cache-control"), CACHE_IMMUTABLE);
        assert_eq!(header(&response, "content-type").split(';').next().unwrap(), "text/javascript");
        assert!(header(&response, "vary").contains("accept-encoding"));
        let gz = body(response).await;
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut unzipped).unwrap();
        assert_eq!(unzipped, plain);

        // Brotli is preferred when both are accepted, as browsers send them.
        let response = get_accepting(&fx, "/", "gzip, deflate, br, zstd").await;
        assert_eq!(header(&response, "content-encoding"), "br");
        assert!(header(&response, "content-type").starts_with("text/html"));
        assert!(response.headers().contains_key(CONTENT_SECURITY_POLICY));
        assert_eq!(body(response).await, b"brotli of index.html");

        // Not asked, not compressed.
        let response = fx.get(&format!("/{JS}")).await;
        assert!(!response.headers().contains_key(CONTENT_ENCODING));
        assert_eq!(body(response).await, plain);
    }

    #[tokio::test]
    async fn files_are_never_compressed_per_request() {
        let fx = Fixture::new();
        // No sibling: sent as it is, however much the client would like it smaller.
        for accept in ["gzip", "br", "gzip, deflate, br, zstd"] {
            let response = get_accepting(&fx, &format!("/{CSS}"), accept).await;
            assert_eq!(response.status(), StatusCode::OK);
            assert!(!response.headers().contains_key(CONTENT_ENCODING), "{accept}");
            assert_eq!(body(response).await, "body { margin: 0; }\n".repeat(20).as_bytes());
        }
        // The API's answers are made per request, and compressed when asked.
        let response = get_accepting(&fx, "/api/health", "gzip").await;
        assert_eq!(header(&response, "content-encoding"), "gzip");
    }

    #[tokio::test]
    async fn pages_carry_a_strict_policy() {
        let fx = Fixture::new();
        for path in ["/", "/index.html", "/no-such-page"] {
            let response = fx.get(path).await;
            let policy = header(&response, "content-security-policy");
            for directive in [
                "default-src 'self'",
                "script-src 'self' 'wasm-unsafe-eval'",
                "style-src 'self'",
                "img-src 'self' data:",
                "connect-src *",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors *",
            ] {
                assert!(policy.split("; ").any(|d| d == directive), "{path}: no `{directive}` in `{policy}`");
            }
            assert_eq!(header(&response, "referrer-policy"), "no-referrer", "{path}");
            assert_eq!(header(&response, "x-content-type-options"), "nosniff", "{path}");
        }
        let head = fx.request(HttpRequest::head("/").body(Body::empty()).unwrap()).await;
        assert!(head.headers().contains_key(CONTENT_SECURITY_POLICY));
        // Not on scripts, styles or the API's JSON (it is a policy for documents).
        for path in [format!("/{JS}"), format!("/{CSS}"), "/api/health".to_owned()] {
            let response = fx.get(&path).await;
            assert!(!response.headers().contains_key(CONTENT_SECURITY_POLICY), "{path}");
            assert_eq!(header(&response, "x-content-type-options"), "nosniff", "{path}");
            assert_eq!(header(&response, "referrer-policy"), "no-referrer", "{path}");
        }
    }

    #[tokio::test]
    async fn frame_ancestors_can_be_narrowed() {
        let fx = Fixture::new();
        let csp = Csp::new("  'self'   https://lms.example.edu ").unwrap();
        let app = app_with(fx.root.path().join("dist"), &Limits::default(), Some(&csp));
        let response = app.oneshot(HttpRequest::get("/").body(Body::empty()).unwrap()).await.unwrap();
        let policy = header(&response, "content-security-policy");
        assert!(policy.ends_with("; frame-ancestors 'self' https://lms.example.edu"), "{policy}");
        assert_eq!(policy, csp.as_str());
    }

    #[tokio::test]
    async fn pages_that_are_not_the_lesson_can_go_without_a_policy() {
        let fx = Fixture::new();
        let app = app_with(fx.root.path().join("dist"), &Limits::default(), None);
        let response = app.oneshot(HttpRequest::get("/").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(!response.headers().contains_key(CONTENT_SECURITY_POLICY));
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
    }

    #[test]
    fn frame_ancestors_cannot_add_directives() {
        for bad in
            ["", "   ", "*; script-src *", "'self', https://x.example", "https://\u{e9}.example", "'self'\0"]
        {
            assert!(Csp::new(bad).is_err(), "{bad:?}");
        }
        // Line breaks are only white space between sources: no header can be slipped in.
        let csp = Csp::new("'self'\r\n https://x.example").unwrap();
        assert!(csp.as_str().ends_with("frame-ancestors 'self' https://x.example"));
        assert!(Csp::new("'none'").unwrap().as_str().ends_with("frame-ancestors 'none'"));
        assert!(Csp::default().as_str().ends_with("frame-ancestors *"));
    }

    #[tokio::test]
    async fn over_long_paths_are_404_or_414_never_500() {
        let fx = Fixture::new();
        let long_name = "a".repeat(300);
        let deep = vec!["b".repeat(100); 30].join("/");
        for path in [
            format!("/{long_name}"),
            format!("/sub/{long_name}.js"),
            format!("/{}", "%61".repeat(250)),
            format!("/{}", "x".repeat(254)),
            format!("/{deep}"),
            "/index.html%00".to_owned(),
            "/sub/%00/notes.txt".to_owned(),
        ] {
            for method in [Method::GET, Method::HEAD] {
                let request = HttpRequest::builder()
                    .method(method.clone())
                    .uri(path.as_str())
                    .body(Body::empty())
                    .unwrap();
                let response = fx.request(request).await;
                assert_eq!(
                    response.status(),
                    StatusCode::NOT_FOUND,
                    "{method} {}…",
                    &path[..40.min(path.len())]
                );
                if method == Method::GET {
                    let text = String::from_utf8(body(response).await).unwrap();
                    assert!(text.contains("404 Not Found"));
                }
            }
        }
        // Short names of real files still work, and a 200-byte name is only missing.
        assert_eq!(fx.get("/sub/notes.txt").await.status(), StatusCode::OK);
        assert_eq!(fx.get(&format!("/{}", "c".repeat(200))).await.status(), StatusCode::NOT_FOUND);

        for path in [format!("/{}", "d".repeat(5000)), format!("/api/status/200?{}", "q".repeat(4100))] {
            let response = fx.get(&path).await;
            assert_eq!(response.status(), StatusCode::URI_TOO_LONG);
            let text = String::from_utf8(body(response).await).unwrap();
            assert!(text.len() < 200 && text.contains("4096"), "{text}");
        }
    }

    #[test]
    fn percent_decoding_matches_serve_dir() {
        assert_eq!(percent_decode(b"/a%20b%2Fc%2fd"), b"/a b/c/d");
        assert_eq!(percent_decode(b"%"), b"%");
        assert_eq!(percent_decode(b"%4"), b"%4");
        assert_eq!(percent_decode(b"%zz%41"), b"%zzA");
        assert_eq!(percent_decode(b"%00"), b"\0");
        assert!(is_possible_file_path("/sub/notes.txt"));
        assert!(!is_possible_file_path(&format!("/{}", "%41".repeat(201))));
        assert!(is_possible_file_path(&format!("/{}", "%41".repeat(200))));
        assert!(!is_possible_file_path("/a%2f%00"));
    }

    /// The request log (tower-http's `TraceLayer`) writes a response at ERROR
    /// exactly when its classifier calls it a failure. Asked on the router's
    /// real responses; a log captured in a test would depend on other tests'
    /// threads through tracing's global interest cache.
    #[tokio::test]
    async fn learner_asked_errors_are_not_logged_as_errors() {
        let app = Router::new()
            .nest("/api", api::router())
            .route("/broken", axum::routing::get(|| async { StatusCode::INTERNAL_SERVER_ERROR }));
        let get = |uri: &'static str| app.clone().oneshot(HttpRequest::get(uri).body(Body::empty()).unwrap());
        let failed = |response: &Response| match ServerErrors.classify_response(response) {
            ClassifiedResponse::Ready(result) => result.is_err(),
            ClassifiedResponse::RequiresEos(_) => false,
        };

        for uri in ["/api/status/500", "/api/status/503", "/api/status/599"] {
            let response = get(uri).await.unwrap();
            assert!(response.status().is_server_error());
            assert!(!failed(&response), "{uri} is what the learner asked for");
        }
        // The server's own failure is still an error.
        let response = get("/broken").await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(failed(&response));
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
