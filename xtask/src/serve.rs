//! `cargo xtask serve`: the course built and served for its author, rebuilt
//! on every save. The server runs with live reload (its pages carry the
//! reload script); this process watches the course's folder and `styles/`,
//! and on a change runs the prerender step again, which rewrites only what
//! changed and writes what it did to the status file the server sends to
//! the open pages. A mistake in a lesson leaves the last good pages in place,
//! and the server running.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant, SystemTime};

use crate::build::compress;
use crate::setup::Tools;
use crate::workspace::Workspace;
use crate::{Failure, Result};

/// How often the watched folders are looked at.
const POLL: Duration = Duration::from_millis(50);

pub(crate) fn serve(ws: &Workspace, tools: &Tools, port: u16) -> Result<()> {
    let status = ws.root.join("target").join("live-reload.json");
    // The build just made the prerender step's binary: each save runs it
    // directly, without cargo in between.
    let prerender =
        ws.root.join("target").join("debug").join(format!("prerender{}", std::env::consts::EXE_SUFFIX));
    let rebuild = || -> bool {
        let mut cmd = tools.command(&prerender, ws);
        cmd.args(ws.prerender_args()).arg("--status").arg(&status);
        match cmd.status() {
            Ok(done) => done.success(),
            Err(e) => {
                eprintln!("xtask: cannot run {}: {e}", prerender.display());
                false
            }
        }
    };
    // A status to start from, so a page opened now hears of the next build only.
    rebuild();

    let dist = ws.dist();
    eprintln!("xtask: serving {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)", dist.display());
    let mut server = ws
        .cargo()
        .env("PATH", &tools.path)
        .args(["run", "--quiet", "-p", "roundtrip-server", "--", "--dist"])
        .arg(&dist)
        .args(["--port", &port.to_string(), "--live-reload"])
        .arg(&status)
        .spawn()
        .map_err(|e| Failure::new(format!("cannot start the server: {e}")))?;

    let course = ws.course_file();
    let watched: Vec<PathBuf> =
        vec![course.parent().map(Path::to_path_buf).unwrap_or_default(), ws.root.join("styles")];
    eprintln!(
        "xtask: watching {} for changes",
        watched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" and ")
    );
    let mut seen = snapshot(&watched);
    loop {
        if let Some(done) = exited(&mut server) {
            return done;
        }
        std::thread::sleep(POLL);
        let now = snapshot(&watched);
        if now == seen {
            continue;
        }
        seen = now;
        let started = Instant::now();
        if rebuild() {
            eprintln!("xtask: rebuilt in {} ms", started.elapsed().as_millis());
            // The pages are already reloading; their compressed copies follow.
            if let Err(failure) = compress(ws) {
                eprintln!("xtask: {}", failure.message);
            }
        } else {
            eprintln!("xtask: the last good build stays served; the page shows the mistake");
        }
    }
}

/// `Some` once the server has stopped: how it ended.
fn exited(server: &mut Child) -> Option<Result<()>> {
    match server.try_wait() {
        Ok(None) => None,
        Ok(Some(status)) if status.success() => Some(Ok(())),
        Ok(Some(status)) => Some(Err(Failure::new(format!("the server stopped ({status})")))),
        Err(e) => Some(Err(Failure::new(format!("cannot watch the server: {e}")))),
    }
}

/// Every file under `folders`, with its size and time of change.
fn snapshot(folders: &[PathBuf]) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, (u64, Option<SystemTime>)>) {
        let Ok(entries) = fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                walk(&path, out);
            } else {
                out.insert(path, (meta.len(), meta.modified().ok()));
            }
        }
    }
    let mut out = BTreeMap::new();
    for folder in folders {
        walk(folder, &mut out);
    }
    out
}
