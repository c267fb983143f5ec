//! Running children (their output streams to the terminal) and finding
//! tools on PATH or in cargo's bin directory, by name and version.

use std::env;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::{Failure, Result};

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
pub(crate) fn run_cmd(cmd: &mut Command) -> Result<()> {
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
pub(crate) fn output_of(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The second word of `tool --version` (`trunk 0.21.14` -> `0.21.14`).
pub(crate) fn version_of(program: &Path) -> Option<String> {
    let out = output_of(program, &["--version"])?;
    out.split_whitespace().nth(1).map(str::to_string)
}

pub(crate) fn path_dirs() -> Vec<PathBuf> {
    env::var_os("PATH").map(|p| env::split_paths(&p).collect()).unwrap_or_default()
}

/// Every `name` executable on PATH, in PATH order.
fn all_on_path(name: &str) -> Vec<PathBuf> {
    path_dirs().into_iter().map(|dir| dir.join(name)).filter(|p| p.is_file()).collect()
}

pub(crate) fn first_on_path(name: &str) -> Option<PathBuf> {
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

pub(crate) fn find_version(name: &str, want: &str) -> (Option<PathBuf>, Option<String>) {
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

pub(crate) fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 60.0 {
        format!("{s:.1}s")
    } else {
        format!("{}m{:02}s", d.as_secs() / 60, d.as_secs() % 60)
    }
}
