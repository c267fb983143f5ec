//! The end-to-end harness: the release build served in-process, a headless
//! Chromium driven through chromedriver, and the helpers every page test
//! needs (open and wait for the app, viewport width, full-page screenshot,
//! console errors, axe-core, raw HTTP).
//!
//! Everything it starts it stops: the browser session is deleted and
//! chromedriver's process group killed when a [`Page`] is dropped, even when
//! the test panics.

use std::fmt::Write as _;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use roundtrip::lesson::Document;
use serde_json::{json, Value};

/// How long the app may take to render its page.
const RENDER_TIMEOUT: Duration = Duration::from_secs(20);
/// How long chromedriver may take to answer its first `/status`.
const DRIVER_TIMEOUT: Duration = Duration::from_secs(20);
/// The browser window's default size (its viewport, headless).
pub const DEFAULT_WIDTH: u32 = 1280;
pub const DEFAULT_HEIGHT: u32 = 900;

const RUN_WITH_XTASK: &str = "run the end-to-end tests with `cargo xtask test` \
    (it builds the release lesson and sets ROUNDTRIP_DIST, ROUNDTRIP_AXE and ROUNDTRIP_SCREENSHOTS)";

// ---------------------------------------------------------------------------
// Configuration from the environment

/// An absolute path from a required environment variable.
pub fn env_path(name: &str) -> PathBuf {
    match std::env::var_os(name) {
        Some(value) if !value.is_empty() => PathBuf::from(value),
        _ => panic!("{name} is not set: {RUN_WITH_XTASK}"),
    }
}

/// An environment variable with a default.
fn env_or(name: &str, default: &str) -> PathBuf {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

/// `ROUNDTRIP_DIST`: the built folder of the lesson most tests open (the
/// course's first); it loads the app from `../app/`, beside it.
pub fn dist_dir() -> PathBuf {
    let dist = env_path("ROUNDTRIP_DIST");
    if let Err(message) = roundtrip_server::check_dist(&dist) {
        panic!("ROUNDTRIP_DIST: {message}; {RUN_WITH_XTASK}");
    }
    dist
}

/// `ROUNDTRIP_COURSE_DIST`: the built course (its page, `app/`, a folder per lesson).
pub fn course_dist() -> PathBuf {
    env_path("ROUNDTRIP_COURSE_DIST")
}

/// A copy of the built course, for a test to break.
pub fn course_copy(tag: &str) -> std::path::PathBuf {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).expect("a folder");
        for entry in std::fs::read_dir(from).expect("the built course") {
            let entry = entry.expect("an entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("a file type").is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("a copy");
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("tmp");
    let copy_root = root.join(format!("e2e-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy_root);
    copy(&crate::harness::course_dist(), &copy_root);
    copy_root
}

/// The lesson folder's name in the course: `/<it>/` is its page.
pub fn lesson_slug() -> String {
    dist_dir().file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The course as the build compiled it (`ROUNDTRIP_COURSE_FILE`): each
/// lesson with its slug, in order.
pub static COURSE: LazyLock<Vec<(String, Document)>> = LazyLock::new(|| {
    let site = roundtrip::prerender::site::Site {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        course_file: env_path("ROUNDTRIP_COURSE_FILE"),
        app_build: PathBuf::new(),
        dist: PathBuf::new(),
        course_base: None,
        practice_api: None,
    };
    match roundtrip::prerender::site::compile_course(&site) {
        Ok((_, lessons)) => lessons,
        Err(e) => panic!("the course does not compile: {e}"),
    }
});

/// The lesson the tests open (`ROUNDTRIP_DIST`'s), as the build compiled it:
/// what the tests expect to see is read from here, so an author's edit
/// breaks only the tests of what the lesson says.
pub static LESSON: LazyLock<Document> = LazyLock::new(|| {
    let slug = lesson_slug();
    match COURSE.iter().find(|(s, _)| *s == slug) {
        Some((_, document)) => document.clone(),
        None => panic!("the course has no lesson `{slug}`"),
    }
});

/// `ROUNDTRIP_SCREENSHOTS`: where screenshots go (created if missing).
pub fn screenshot_dir() -> PathBuf {
    let dir = env_path("ROUNDTRIP_SCREENSHOTS");
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create ROUNDTRIP_SCREENSHOTS {}: {e}", dir.display()));
    dir
}

/// `ROUNDTRIP_AXE`: the text of axe-core's `axe.min.js`.
pub fn axe_source() -> String {
    let path = env_path("ROUNDTRIP_AXE");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("ROUNDTRIP_AXE: cannot read {}: {e}; {RUN_WITH_XTASK}", path.display()))
}

// ---------------------------------------------------------------------------
// The lesson's server

/// `roundtrip-server` serving a folder on `127.0.0.1:<free port>`, on its own
/// thread and runtime (so a test may block without stalling it). Stopped on
/// drop.
pub struct Server {
    addr: SocketAddr,
    /// Where the page under test is: `/<lesson>` for the lesson in its
    /// course, empty for a folder served at the root.
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Serves a built folder as `roundtrip-server` does, with its security headers.
    pub fn start(dist: PathBuf) -> Server {
        Server::start_with(roundtrip_server::app(dist))
    }

    /// Serves a built folder as `cargo xtask serve` does: its pages carry the
    /// live-reload script, which hears of builds through `status`.
    pub fn start_live(dist: PathBuf, status: PathBuf) -> Server {
        Server::start_with(roundtrip_server::with_live_reload(roundtrip_server::app(dist), status))
    }

    /// Serves the built course, with the lesson under test (`ROUNDTRIP_DIST`)
    /// as the base of [`Server::url`] and of [`Page::goto`].
    pub fn start_lesson() -> Server {
        let slug = lesson_slug();
        let mut server = Server::start(course_dist());
        server.base = format!("/{slug}");
        server
    }

    /// Serves the pages of a host that frames the lesson (a platform's
    /// player, a page with a resizer): the server's files and 404s, but none
    /// of the lesson's own policy, since those pages run inline scripts as
    /// real hosts do.
    pub fn start_host(dir: PathBuf) -> Server {
        Server::start_with(roundtrip_server::app_with(dir, &roundtrip_server::Limits::default(), None))
    }

    /// [`Server::start_live`] at `addr`, where an earlier server was: the
    /// same origin, to the browser.
    pub fn start_live_at(addr: SocketAddr, dist: PathBuf, status: PathBuf) -> Server {
        Server::start_at(addr, roundtrip_server::with_live_reload(roundtrip_server::app(dist), status))
    }

    /// Serves `app` (a built folder with routes of a test's own beside it).
    pub fn start_with(app: roundtrip_server::Router) -> Server {
        Server::start_at(SocketAddr::from(([127, 0, 0, 1], 0)), app)
    }

    /// Serves `app` at `addr`.
    pub fn start_at(addr: SocketAddr, app: roundtrip_server::Router) -> Server {
        let listener = TcpListener::bind(addr).unwrap_or_else(|e| panic!("bind {addr}: {e}"));
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("roundtrip-server".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("server runtime");
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                    let shutdown = async {
                        let _ = stopped.await;
                    };
                    roundtrip_server::serve(listener, app, shutdown).await.expect("the server failed");
                });
            })
            .expect("spawn the server thread");
        Server { addr, base: String::new(), stop: Some(stop), thread: Some(thread) }
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>` (no trailing slash).
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address of `path` (`/`, `/#goals`) under the base: for the
    /// lesson server, in the lesson's folder.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}{path}", self.origin(), self.base)
    }

    /// The base path (`/what-is-back-end`, or empty).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// A plain `GET` over HTTP/1.1 (no browser, no cache).
    pub fn get(&self, path: &str) -> HttpResponse {
        http_request(self.addr, "GET", path)
            .unwrap_or_else(|e| panic!("GET {path} from the lesson server: {e}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

// ---------------------------------------------------------------------------
// Plain HTTP requests (for the server checks and chromedriver's status and
// clean-up), blocking, so they work where no async runtime is at hand

#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// A `GET` or `DELETE` of `path` on `addr`, with `ureq`: every status is an
/// answer (not an error), no compression is asked for, nothing is cached.
fn http_request(addr: SocketAddr, method: &str, path: &str) -> Result<HttpResponse, ureq::Error> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(5)))
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let url = format!("http://{addr}{path}");
    let mut response = match method {
        "DELETE" => agent.delete(&url).call()?,
        _ => agent.get(&url).call()?,
    };
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned())
        })
        .collect();
    let body = response.body_mut().read_to_vec()?;
    Ok(HttpResponse { status, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

// ---------------------------------------------------------------------------
// chromedriver

/// A chromedriver process in its own process group (so the browsers it
/// starts can be killed with it).
struct Driver {
    child: Child,
    addr: SocketAddr,
    session: Option<String>,
}

impl Driver {
    fn start() -> Driver {
        let chromedriver = env_or("CHROMEDRIVER", "/usr/bin/chromedriver");
        let port = free_port();
        let mut command = Command::new(&chromedriver);
        command
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        let child = command.spawn().unwrap_or_else(|e| {
            panic!(
                "cannot start chromedriver ({}): {e}; set CHROMEDRIVER or install it",
                chromedriver.display()
            )
        });
        let mut driver = Driver { child, addr: SocketAddr::from(([127, 0, 0, 1], port)), session: None };
        driver.wait_ready();
        driver
    }

    /// Polls `GET /status` until chromedriver says it is ready.
    fn wait_ready(&mut self) {
        let start = Instant::now();
        loop {
            if let Ok(response) = http_request(self.addr, "GET", "/status") {
                let status: Value = serde_json::from_str(&response.body).unwrap_or(Value::Null);
                if status["value"]["ready"] == json!(true) {
                    return;
                }
            }
            if let Ok(Some(exit)) = self.child.try_wait() {
                panic!("chromedriver exited at start: {exit}");
            }
            if start.elapsed() > DRIVER_TIMEOUT {
                panic!("chromedriver did not become ready in {DRIVER_TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Ends the browser the normal way (chromedriver quits it and removes
        // its profile), then chromedriver and anything left in its group.
        if let Some(session) = self.session.take() {
            let _ = http_request(self.addr, "DELETE", &format!("/session/{session}"));
        }
        #[cfg(unix)]
        {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", self.child.id())])
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

// ---------------------------------------------------------------------------
// Custom WebDriver commands (chromedriver's extensions)

/// `POST /session/{id}/{path}` with a JSON body.
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/{}", self.path))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

// ---------------------------------------------------------------------------
// A page in headless Chromium

/// Installed in every page before its own scripts: keeps each
/// `securitypolicyviolation` event (what was blocked, by which directive).
const RECORD_VIOLATIONS: &str = r#"
    window.__policyViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
        window.__policyViolations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
    });
"#;

/// One browser session on the lesson: the server, chromedriver and Chromium
/// it runs on, and the helpers tests use.
pub struct Page {
    pub client: Client,
    server: Server,
    /// Content Security Policy violations seen in the console so far: the
    /// page declares a strict policy, and every test fails on a breach of it
    /// (checked when the page is closed).
    violations: std::sync::Mutex<Vec<String>>,
    // Dropped after `client`: deletes the session, then stops chromedriver.
    _driver: Driver,
}

/// Where a browser console entry came from, and what it said.
#[derive(Debug, Clone)]
pub struct ConsoleEntry {
    pub level: String,
    pub source: String,
    pub message: String,
}

/// Whether this is the browser's log line for a 404 answer to a request for
/// a URL ending in `path` (Chromium logs every 4xx answer as an error).
fn is_404_for(entry: &ConsoleEntry, path: &str) -> bool {
    entry.source == "network"
        && entry.message.contains(&format!("{path} - Failed to load resource"))
        && entry.message.contains("status of 404")
}

/// One axe-core violation, as printed on failure.
#[derive(Debug)]
pub struct AxeViolation {
    pub id: String,
    pub impact: String,
    pub help: String,
    pub help_url: String,
    pub nodes: Vec<String>,
}

impl std::fmt::Display for AxeViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} ({}): {} <{}>", self.id, self.impact, self.help, self.help_url)?;
        for node in &self.nodes {
            writeln!(f, "    {node}")?;
        }
        Ok(())
    }
}

impl Page {
    /// Serves the course, starts headless Chromium and opens `path` in the
    /// lesson under test (`/` is its page), waiting for the app to render.
    pub async fn open(path: &str) -> Page {
        let page = Page::start(Server::start_lesson()).await;
        page.goto(path).await;
        page
    }

    /// A browser on `server`, on no page yet.
    pub async fn start(server: Server) -> Page {
        Page::start_with(server, json!({})).await
    }

    /// A browser that runs no page's scripts (as with JavaScript switched off
    /// in its settings; WebDriver's own scripts still run), on `server`.
    pub async fn start_without_script(server: Server) -> Page {
        Page::start_with(server, json!({ "profile.managed_default_content_settings.javascript": 2 })).await
    }

    /// A browser on `server` with these Chromium preferences.
    async fn start_with(server: Server, prefs: Value) -> Page {
        let mut driver = Driver::start();
        let chromium = env_or("CHROMIUM", "/usr/bin/chromium");
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    format!("--window-size={DEFAULT_WIDTH},{DEFAULT_HEIGHT}"),
                ],
                "prefs": prefs,
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else { unreachable!() };
        let client = ClientBuilder::rustls()
            .expect("rustls client")
            .capabilities(capabilities)
            .connect(&driver.url())
            .await
            .unwrap_or_else(|e| {
                panic!("cannot start Chromium ({}) through chromedriver: {e}", chromium.display())
            });
        driver.session = client.session_id().await.ok().flatten();
        let page = Page { client, server, violations: Default::default(), _driver: driver };
        page.set_viewport_width(DEFAULT_WIDTH).await;
        // Every page this browser opens records its policy's violations as
        // events, beside what the console says (read when the page is closed).
        page.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": RECORD_VIOLATIONS })).await;
        page
    }

    pub fn server(&self) -> &Server {
        &self.server
    }

    /// Opens `path` (e.g. `/` or `/#goals`, under the server's base) and
    /// waits until the app has rendered its page (`main h1`) and the
    /// document has loaded.
    pub async fn goto(&self, path: &str) {
        let url = self.server.url(path);
        self.client.goto(&url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
        self.wait_rendered().await;
    }

    /// Waits (polling, up to [`RENDER_TIMEOUT`]) for `main h1` and a
    /// complete document.
    pub async fn wait_rendered(&self) {
        let start = Instant::now();
        let found = self
            .client
            .wait()
            .at_most(RENDER_TIMEOUT)
            .every(Duration::from_millis(50))
            .for_element(Locator::Css("main h1"))
            .await;
        if let Err(e) = found {
            let console = self.console().await;
            panic!("the app did not render `main h1` within {RENDER_TIMEOUT:?}: {e}\nconsole: {console:#?}");
        }
        let left = RENDER_TIMEOUT.saturating_sub(start.elapsed());
        // The heading is there before any script (the page is prerendered);
        // the app has taken the page over once it marks the root.
        self.wait_until(
            "document.readyState === 'complete' && document.documentElement.dataset.app === 'ready'",
            left,
        )
        .await;
    }

    /// Polls a JavaScript expression until it is truthy.
    pub async fn wait_until(&self, expression: &str, timeout: Duration) {
        let start = Instant::now();
        let script = format!("return !!({expression});");
        loop {
            if self.js(&script, vec![]).await == json!(true) {
                return;
            }
            if start.elapsed() > timeout {
                panic!("still false after {timeout:?}: {expression}");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Runs a script (a function body; `arguments` holds `args`).
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(script, args).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs an asynchronous script: it calls `arguments[arguments.length - 1]`
    /// with its result.
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute_async(script, args)
            .await
            .unwrap_or_else(|e| panic!("async script failed: {e}\n{script}"))
    }

    /// How many service workers are registered for the page's origin.
    pub async fn service_workers(&self) -> Value {
        self.js_async(
            "const done = arguments[arguments.length - 1]; \
             navigator.serviceWorker.getRegistrations().then((r) => done(r.length), (e) => done(String(e)));",
            vec![],
        )
        .await
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.client
            .issue_cmd(SessionPost {
                path: "goog/cdp/execute",
                body: json!({ "cmd": cmd, "params": params }),
            })
            .await
            .unwrap_or_else(|e| panic!("CDP {cmd} failed: {e}"))
    }

    /// Makes the viewport `width` CSS pixels wide (and [`DEFAULT_HEIGHT`]
    /// high), as a desktop browser window of that size would be.
    pub async fn set_viewport_width(&self, width: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": width,
                "height": DEFAULT_HEIGHT,
                "deviceScaleFactor": 1,
                "mobile": false,
            }),
        )
        .await;
        self.wait_until(&format!("window.innerWidth === {width}"), Duration::from_secs(5)).await;
    }

    /// A PNG of the whole page (not just the viewport) at the current width.
    pub async fn full_page_png(&self) -> Vec<u8> {
        let size = self
            .js(
                "const d = document.documentElement;\
                 return [Math.max(d.scrollWidth, window.innerWidth),\
                         Math.max(d.scrollHeight, document.body ? document.body.scrollHeight : 0)];",
                vec![],
            )
            .await;
        let (width, height) = (size[0].as_f64().unwrap(), size[1].as_f64().unwrap());
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
                }),
            )
            .await;
        let data = shot["data"].as_str().expect("screenshot data");
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.decode(data).expect("base64 screenshot")
    }

    /// Saves a full-page screenshot as `name` in `ROUNDTRIP_SCREENSHOTS`.
    pub async fn save_screenshot(&self, name: &str) -> PathBuf {
        let png = self.full_page_png().await;
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        let path = screenshot_dir().join(name);
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }

    /// Saves what the viewport shows now as `name` in `ROUNDTRIP_SCREENSHOTS`.
    pub async fn save_viewport_screenshot(&self, name: &str) -> PathBuf {
        let shot = self.cdp("Page.captureScreenshot", json!({ "format": "png" })).await;
        use base64::Engine as _;
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("screenshot data"))
            .expect("base64 screenshot");
        let path = screenshot_dir().join(name);
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }

    /// The browser console's entries since the last call (chromedriver
    /// hands each entry out once).
    pub async fn console(&self) -> Vec<ConsoleEntry> {
        let body = json!({ "type": "browser" });
        let mut last_error = None;
        // `se/log` is what Selenium 4 uses; `log` is the legacy endpoint.
        for path in ["se/log", "log"] {
            match self.client.issue_cmd(SessionPost { path, body: body.clone() }).await {
                Ok(Value::Array(entries)) => {
                    let entries: Vec<ConsoleEntry> = entries
                        .into_iter()
                        .map(|e| ConsoleEntry {
                            level: e["level"].as_str().unwrap_or_default().to_string(),
                            source: e["source"].as_str().unwrap_or_default().to_string(),
                            message: e["message"].as_str().unwrap_or_default().to_string(),
                        })
                        .collect();
                    if let Ok(mut seen) = self.violations.lock() {
                        seen.extend(
                            entries
                                .iter()
                                .filter(|e| e.message.contains("Content Security Policy"))
                                .map(|e| e.message.clone()),
                        );
                    }
                    return entries;
                }
                Ok(other) => last_error = Some(format!("{path}: unexpected {other}")),
                Err(e) => last_error = Some(format!("{path}: {e}")),
            }
        }
        panic!("cannot read the browser console: {}", last_error.unwrap_or_default());
    }

    /// The console's `SEVERE` entries (errors) since the last read. None is
    /// expected: where the practice back end is absent (any static host, a
    /// learning platform), the request lab's health check finds the build's
    /// stand-in file, not a 404.
    pub async fn console_errors(&self) -> Vec<ConsoleEntry> {
        self.console_errors_besides_404_for(&[]).await
    }

    /// [`Page::console_errors`], less the 404s a test caused on purpose: for
    /// URLs ending in one of `paths` (e.g. a lab request for a missing page).
    pub async fn console_errors_besides_404_for(&self, paths: &[&str]) -> Vec<ConsoleEntry> {
        self.console()
            .await
            .into_iter()
            .filter(|e| e.level == "SEVERE")
            .filter(|e| !paths.iter().any(|p| is_404_for(e, p)))
            .collect()
    }

    /// Injects axe-core (`ROUNDTRIP_AXE`) and runs it on the document for
    /// WCAG 2.0/2.1 A and AA.
    pub async fn axe_violations(&self) -> Vec<AxeViolation> {
        let loaded = self.js("return typeof window.axe === 'object';", vec![]).await;
        if loaded != json!(true) {
            self.js(&axe_source(), vec![]).await;
        }
        let result = self
            .js_async(
                r#"
                const done = arguments[arguments.length - 1];
                axe.run(document, {
                    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                }).then(
                    (r) => done({ ok: r.violations.map((v) => ({
                        id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
                        nodes: v.nodes.map((n) => JSON.stringify(n.target) + ' ' +
                            (n.failureSummary || '').replace(/\s+/g, ' ')),
                    })) }),
                    (e) => done({ error: String(e) }),
                );
                "#,
                vec![],
            )
            .await;
        if let Some(error) = result.get("error") {
            panic!("axe.run failed: {error}");
        }
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        result["ok"]
            .as_array()
            .expect("axe violations")
            .iter()
            .map(|v| AxeViolation {
                id: text(&v["id"]),
                impact: text(&v["impact"]),
                help: text(&v["help"]),
                help_url: text(&v["helpUrl"]),
                nodes: v["nodes"].as_array().unwrap().iter().map(text).collect(),
            })
            .collect()
    }

    /// Presses and releases a key (e.g. `fantoccini::key::Key::Tab`).
    pub async fn press(&self, key: impl Into<char>) {
        let key = key.into();
        let actions = KeyActions::new("keyboard".to_string())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client.perform_actions(actions).await.expect("keyboard action");
    }

    /// Ends the browser session cleanly (dropping the page does too).
    pub async fn close(self) {
        let _ = self.console().await;
        let mut violations = self.violations.lock().map(|v| v.clone()).unwrap_or_default();
        // The open page's `securitypolicyviolation` events (a page that ran no
        // script, or is gone, has none to give).
        if let Ok(Value::Array(events)) =
            self.client.execute("return window.__policyViolations || [];", vec![]).await
        {
            violations.extend(events.iter().map(|e| format!("securitypolicyviolation: {e}")));
        }
        let Page { client, server, mut _driver, .. } = self;
        if client.close().await.is_ok() {
            _driver.session = None;
        }
        drop(_driver);
        drop(server);
        assert!(
            violations.is_empty(),
            "the page's Content Security Policy was breached:\n{}",
            list(&violations)
        );
    }
}

/// Lower-cases nothing, but makes typography comparable: curly quotes become
/// straight, runs of white space one space, and the ends are trimmed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.push(match c {
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201C}' | '\u{201D}' => '"',
                c => c,
            });
        }
    }
    out
}

/// A one-line description of many strings, for assertion messages.
pub fn list(items: &[String]) -> String {
    let mut out = String::new();
    for item in items {
        let _ = writeln!(out, "  - {item}");
    }
    out
}

/// `python3 -m http.server` (a static host that is not ours, and that does
/// not compress) serving a folder on a free loopback port.
pub struct StaticHost {
    child: Child,
    pub port: u16,
}

impl StaticHost {
    pub fn start(dir: &std::path::Path) -> StaticHost {
        let port = free_port();
        let child = Command::new("python3")
            .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m http.server");
        let host = StaticHost { child, port };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(15), "python3 -m http.server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        host
    }

    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for StaticHost {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
