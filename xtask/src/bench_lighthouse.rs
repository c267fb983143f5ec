//! `cargo xtask bench-lighthouse`: Lighthouse's mobile audit (npm
//! `lighthouse` 12.2.3, pinned in `xtask/lighthouse/`, installed there on
//! first use) of the course page and every lesson, served by
//! `roundtrip-server` on loopback: its four scores and the page's first and
//! largest paint, blocking time and layout shift. Figures, never pass/fail
//! (Lighthouse's performance score moves with the machine's load).

use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::build::build;
use crate::run::run_cmd;
use crate::setup::setup;
use crate::workspace::Workspace;
use crate::{Failure, Result};

/// Reads one report and prints a line of it (Node runs it, so xtask needs no JSON reader).
const SUMMARY: &str = "const r = require(process.argv[1]); const a = r.audits; \
    const s = (k) => Math.round(r.categories[k].score * 100); \
    console.log(`performance ${s('performance')}, accessibility ${s('accessibility')}, best practices ${s('best-practices')}, SEO ${s('seo')}; ` + \
    `first paint ${a['first-contentful-paint'].displayValue}, largest ${a['largest-contentful-paint'].displayValue}, ` + \
    `blocking ${a['total-blocking-time'].displayValue}, layout shift ${a['cumulative-layout-shift'].displayValue}`);";

pub(crate) fn bench_lighthouse(ws: &Workspace) -> Result<()> {
    let tools = setup(ws)?;
    build(ws, &tools)?;
    let folder = ws.root.join("xtask").join("lighthouse");
    let lighthouse = folder.join("node_modules").join(".bin").join("lighthouse");
    if !lighthouse.is_file() {
        run_cmd(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&folder))?;
    }
    run_cmd(ws.cargo().env("PATH", &tools.path).args(["build", "--quiet", "-p", "roundtrip-server"]))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| Failure::new(format!("no free loopback port: {e}")))?
        .port();
    let server_bin = ws.root.join("target").join("debug").join("roundtrip-server");
    let mut server = Command::new(&server_bin)
        .arg("--dist")
        .arg(ws.dist())
        .args(["--port", &port.to_string()])
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| Failure::new(format!("cannot start {}: {e}", server_bin.display())))?;
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = server.kill();
            return Err(Failure::new("the server did not start listening within 20 s"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let course = ws.course()?;
    let pages: Vec<(String, String)> = std::iter::once(("the course page".to_owned(), String::new()))
        .chain(course.course.lessons.iter().map(|l| (l.slug.clone(), format!("{}/", l.slug))))
        .collect();
    let reports = ws.root.join("target").join("lighthouse");
    let _ = fs::create_dir_all(&reports);
    let mut result = Ok(());
    println!(
        "bench-lighthouse: Lighthouse 12.2.3, mobile, roundtrip-server on loopback (figures, not a test):"
    );
    for (name, path) in pages {
        let report = reports
            .join(format!("{}.json", if path.is_empty() { "course" } else { path.trim_end_matches('/') }));
        let run = Command::new(&lighthouse)
            .arg(format!("http://127.0.0.1:{port}/{path}"))
            .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run")
            .args(["--output=json", "--quiet", "--output-path"])
            .arg(&report)
            .env("CHROME_PATH", &tools.chromium)
            .status();
        if !run.is_ok_and(|status| status.success()) {
            result = Err(Failure::new(format!("lighthouse failed on {name}")));
            break;
        }
        let line = Command::new("node").args(["-e", SUMMARY]).arg(&report).output();
        match line {
            Ok(out) => print!("  {name}: {}", String::from_utf8_lossy(&out.stdout)),
            Err(e) => result = Err(Failure::new(format!("cannot read {}: {e}", report.display()))),
        }
    }
    let _ = server.kill();
    let _ = server.wait();
    result
}
