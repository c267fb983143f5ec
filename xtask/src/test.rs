//! `cargo xtask test`, its steps one after another, and `bench-diagram` /
//! `bench-load`, which run one benchmark of the e2e tests.

use std::env;
use std::fs;
use std::process::Command;
use std::time::Instant;

use crate::build::build;
use crate::run::{run_cmd, secs};
use crate::setup::{setup, Tools, WASM_TARGET};
use crate::workspace::Workspace;
use crate::{scorm, Failure, Result};

/// `cargo test` of the e2e suite against the release build, with what it needs
/// in its environment; `harness_args` go to the test harness.
pub(crate) fn e2e_command(ws: &Workspace, tools: &Tools, harness_args: &[&str]) -> Result<Command> {
    let mut cmd = tools.command(&ws.cargo, ws);
    cmd.args(["test", "-p", "roundtrip", "--test", "e2e", "--"]).args(harness_args);
    // The course's first lesson is the one most tests open.
    let course = ws.course()?;
    let slug = course.course.lessons.first().map(|lesson| lesson.slug.clone()).unwrap_or_default();
    cmd.env("ROUNDTRIP_DIST", ws.dist().join(&slug))
        .env("ROUNDTRIP_COURSE_DIST", ws.dist())
        .env("ROUNDTRIP_COURSE_FILE", ws.course_file())
        .env("ROUNDTRIP_APP_BUILD", ws.app_build())
        .env("ROUNDTRIP_PACKAGES", ws.packages())
        .env("ROUNDTRIP_SCORM_ZIP", ws.scorm_zip(&slug, scorm::Edition::Scorm12))
        .env("ROUNDTRIP_SCORM2004_ZIP", ws.scorm_zip(&slug, scorm::Edition::Scorm2004))
        .env("ROUNDTRIP_AXE", ws.axe_js())
        .env("ROUNDTRIP_SCORM_AGAIN", ws.scorm_again_js())
        .env("ROUNDTRIP_RALPH", ws.ralph())
        .env("ROUNDTRIP_CMI5_ZIP", ws.cmi5_zip(&slug))
        .env("ROUNDTRIP_SCREENSHOTS", ws.root.join("target").join("screenshots"))
        .env("CHROMEDRIVER", &tools.chromedriver)
        .env("CHROMIUM", &tools.chromium);
    Ok(cmd)
}

/// Builds the release, then runs one benchmark of the e2e crate, printing
/// its figures.
pub(crate) fn bench(ws: &Workspace, name: &str) -> Result<()> {
    let tools = setup(ws)?;
    build(ws, &tools)?;
    let filter = format!("bench::{name}");
    let mut cmd = e2e_command(ws, &tools, &["--ignored", "--exact", &filter, "--nocapture"])?;
    run_cmd(&mut cmd)
}

pub(crate) fn test(ws: &Workspace) -> Result<()> {
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
    let e2e = match e2e_command(ws, &tools, &["--include-ignored", "--test-threads=2", "--skip", "bench::"]) {
        Ok(command) => command,
        Err(failure) => {
            eprintln!("xtask: error: {}", failure.message);
            println!("xtask test: 0 passed, 1 failed");
            return Err(Failure { message: String::new(), code: 1 });
        }
    };

    let mut steps: Vec<(&str, Command)> = vec![
        ("tidy (the tree's invariants)", cargo(&["xtask", "tidy"])),
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
