//! `cargo xtask build`: the app built once by Trunk (and only when its
//! sources changed), then the course prerendered around it into dist/
//! (`src/bin/prerender.rs`), then compressed copies of what changed.

use std::fs;
use std::path::{Path, PathBuf};

use crate::run::run_cmd;
use crate::setup::Tools;
use crate::workspace::Workspace;
use crate::{precompress, Failure, Result};

/// What the app's build depends on, besides the toolchain: a change to any
/// of these builds the wasm again. The course (`content/`), the styles and
/// the words the compiler fills in are not among them: the prerender step
/// reads those.
const APP_SOURCES: &[&str] = &["Cargo.toml", "Cargo.lock", "Trunk.toml", "index.html", "src", "document/src"];
/// Under [`APP_SOURCES`] but not in the wasm.
const NOT_IN_THE_APP: &[&str] = &["document/src/compile", "src/prerender", "src/bin"];

/// The course: the app (Trunk, when its sources changed since the last
/// build), then every page prerendered around it, then compressed copies of
/// the files that changed.
pub(crate) fn build(ws: &Workspace, tools: &Tools) -> Result<()> {
    app(ws, tools)?;
    prerender(ws, tools)?;
    compress(ws)
}

/// The app, built by Trunk into `target/app/` unless nothing it is made
/// from changed since it was last built there.
fn app(ws: &Workspace, tools: &Tools) -> Result<()> {
    let out = ws.app_build();
    let stamp = out.join(".sources");
    let fingerprint = fingerprint(&ws.root)?;
    if fs::read_to_string(&stamp).is_ok_and(|old| old == fingerprint) {
        eprintln!("xtask: the app is up to date in {}", out.display());
        return Ok(());
    }
    let mut trunk = tools.command(&tools.trunk, ws);
    trunk.args(["build", "--release", "--dist"]).arg(&out);
    run_cmd(&mut trunk)?;
    fs::write(&stamp, fingerprint).map_err(|e| Failure::new(format!("cannot write {}: {e}", stamp.display())))
}

/// `prerender` (through `cargo run`, so it is built first): the course into dist/.
fn prerender(ws: &Workspace, tools: &Tools) -> Result<()> {
    let mut cargo = tools.command(&ws.cargo, ws);
    cargo.args(["run", "--quiet", "-p", "roundtrip", "--bin", "prerender", "--"]).args(ws.prerender_args());
    run_cmd(&mut cargo)
}

/// Compressed copies of the files in dist/ that changed.
pub(crate) fn compress(ws: &Workspace) -> Result<()> {
    let written = precompress::precompress(&ws.dist()).map_err(Failure::new)?;
    if written.files > 0 {
        eprintln!(
            "xtask: compressed copies of {} changed files: {} KB, brotli {} KB, gzip {} KB",
            written.files,
            written.bytes / 1000,
            written.brotli / 1000,
            written.gzip / 1000
        );
    }
    Ok(())
}

/// A digest of every file the app is built from (names and contents).
fn fingerprint(root: &Path) -> Result<String> {
    let mut files = Vec::new();
    for source in APP_SOURCES {
        collect(&root.join(source), &mut files)?;
    }
    files.retain(|file| !NOT_IN_THE_APP.iter().any(|skip| file.starts_with(root.join(skip))));
    files.sort();
    // FNV-1a over each name and content, as the build names its files.
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for file in &files {
        let name = file.strip_prefix(root).unwrap_or(file).to_string_lossy().into_owned();
        let content =
            fs::read(file).map_err(|e| Failure::new(format!("cannot read {}: {e}", file.display())))?;
        for byte in name.bytes().chain([0]).chain(content).chain([0]) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3);
        }
    }
    Ok(format!("{hash:016x} {} files\n", files.len()))
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let Ok(entries) = fs::read_dir(path) else { return Ok(()) };
    for entry in entries.flatten() {
        collect(&entry.path(), out)?;
    }
    Ok(())
}
