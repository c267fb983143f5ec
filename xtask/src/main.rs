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
//!
//! This file: the usage, the arguments, and which command runs what. The rest:
//! `workspace.rs` (paths, the course file), `run.rs` (children, tools on PATH),
//! `setup.rs`, `build.rs` (the course into dist/, `serve`), `course.rs` (the
//! course page), `precompress.rs`, `package.rs` and `scorm.rs` (the SCORM
//! packages), `bench_server.rs`, `test.rs` (the test steps, `bench-*`).

use std::env;
use std::fmt;
use std::process::ExitCode;

mod bench_course;
mod bench_lighthouse;
mod bench_server;
mod build;
mod cmi5;
mod package;
mod precompress;
mod run;
mod scorm;
mod serve;
mod setup;
mod test;
mod workspace;

use bench_course::bench_course;
use bench_lighthouse::bench_lighthouse;
use bench_server::bench_server;
use build::build;
use package::package;
use serve::serve;
use setup::setup;
use test::{bench, test};
use workspace::Workspace;

const DEFAULT_PORT: u16 = 8080;

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
  bench-course [--lessons N]
                    a generated course of N lessons (default 8): times the
                    first build, an unchanged rebuild, a one-lesson edit, the
                    save-to-page time under serve; reports bytes
  bench-lighthouse  Lighthouse's mobile audit (npm lighthouse 12.2.3, installed
                    into xtask/lighthouse/ on first use) of the course page and
                    every lesson: its four scores, paints, blocking, shift
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
        "bench-course" => {
            let lessons = parse_lessons(rest)?;
            bench_course(&ws, lessons)
        }
        "bench-lighthouse" => {
            no_more_args(rest)?;
            bench_lighthouse(&ws)
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

fn parse_lessons(rest: &[String]) -> Result<usize> {
    match rest {
        [] => Ok(8),
        [flag, value] if flag == "--lessons" => value
            .parse()
            .ok()
            .filter(|&n| (2..=200).contains(&n))
            .ok_or_else(|| Failure::new(format!("`--lessons {value}`: a number from 2 to 200"))),
        [other, ..] => Err(Failure::new(format!("unexpected argument `{other}`"))),
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
