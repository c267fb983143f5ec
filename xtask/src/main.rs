//! `cargo xtask`: the one entry point for people and CI. Its commands are
//! the table [`COMMANDS`], from which `cargo xtask help` is made.
//!
//! Plain std, but for the packages (`scorm.rs`, `cmi5.rs`: a zip writer,
//! and the lesson compiler for the manifest's title) and the compressed
//! copies of the built files (`precompress.rs`: brotli and gzip). Every
//! child's output streams to the terminal; paths are absolute, derived from
//! the workspace root, so it works from any subdirectory.
//!
//! This file: the commands, the arguments, and which command runs what. The
//! rest: `workspace.rs` (paths, the course file), `run.rs` (children, tools on
//! PATH), `setup.rs`, `build.rs` (the course into dist/), `serve.rs`,
//! `precompress.rs`, `package.rs`, `scorm.rs` and `cmi5.rs` (the packages),
//! `tidy.rs` (the tree's invariants), `test.rs` (the test steps, `bench-*`),
//! `bench_*.rs`.

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
mod tidy;
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

/// Every command: its name with its arguments, and what it does (lines
/// after the first are continued). `cargo xtask help` is made from it, and
/// `cargo xtask tidy` checks that the documents name only these.
const COMMANDS: &[(&str, &str)] = &[
    ("setup", "install missing tools (rustup target, trunk, wasm-bindgen-cli,\nnpm tools, Chromium + ChromeDriver, Ralph); quick when all present"),
    (
        "build",
        "setup, then the course (content/course.toml, or ROUNDTRIP_COURSE)\ninto dist/: each lesson in dist/<lesson>/, the course page\ndist/index.html",
    ),
    (
        "dist",
        "build, then each lesson's packages: target/dist/<lesson>-scorm12.zip,\n-scorm2004.zip and -cmi5.zip (checked against their schemas)",
    ),
    ("package", "only the packages, of the dist/ already built"),
    ("serve [--port N]", "setup, release build, then serve dist/ on http://127.0.0.1:N/\n(default port 8080)"),
    (
        "test",
        "setup, then tidy, fmt, clippy (native + wasm), unit tests, wasm tests\nin headless Chromium, release build, packages, end-to-end tests",
    ),
    (
        "tidy",
        "the tree's invariants: the browser touched only in src/host/,\nreports made only in src/report.rs, a module doc atop every\nsource file, every path and command the documents name exists",
    ),
    ("bench-diagram", "plays the diagram in headless Chromium; reports long tasks\nand dropped frames (figures, not a pass/fail test)"),
    (
        "bench-load",
        "loads the lesson and the same lesson as plain HTML from a\nstatic server, on an emulated phone and on loopback; reports\nfirst paint, time until the app works, bytes, long tasks",
    ),
    (
        "bench-course [--lessons N]",
        "a generated course of N lessons (default 8): times the\nfirst build, an unchanged rebuild, a one-lesson edit, the\nsave-to-page time under serve; reports bytes",
    ),
    (
        "bench-lighthouse",
        "Lighthouse's mobile audit (npm lighthouse 12.2.3, installed\ninto xtask/lighthouse/ on first use) of the course page and\nevery lesson: its four scores, paints, blocking, shift",
    ),
    (
        "bench-server",
        "drives the practice server (release build) over loopback:\n/api/status/200 and a static file, a bounded number of\nrequests on a few connections; reports requests/s, p50, p99",
    ),
    ("help", "this list"),
];

/// The command names of [`COMMANDS`].
fn command_names() -> Vec<&'static str> {
    COMMANDS.iter().map(|(usage, _)| usage.split(' ').next().unwrap_or_default()).collect()
}

/// The usage, made from [`COMMANDS`].
fn usage() -> String {
    let mut out = String::from("usage: cargo xtask <command>\n\ncommands:\n");
    for (name, what) in COMMANDS {
        let mut lines = what.lines();
        let first = lines.next().unwrap_or_default();
        if name.len() < 18 {
            out.push_str(&format!("  {name:<18}{first}\n"));
        } else {
            out.push_str(&format!("  {name}\n  {:<18}{first}\n", ""));
        }
        for line in lines {
            out.push_str(&format!("  {:<18}{line}\n", ""));
        }
    }
    out
}

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
        eprint!("{}", usage());
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
        "tidy" => {
            no_more_args(rest)?;
            tidy::tidy(&ws.root, &command_names())
        }
        "help" | "-h" | "--help" => {
            print!("{}", usage());
            Ok(())
        }
        other => {
            eprint!("{}", usage());
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The table and the dispatch in `run` name the same commands.
    #[test]
    fn every_command_of_the_table_is_run_and_no_other() {
        let source = include_str!("main.rs");
        let body = source.split("fn run(").nth(1).and_then(|s| s.split("\nfn no_more_args").next()).unwrap();
        let mut arms: Vec<&str> = body
            .lines()
            .filter_map(|l| l.trim().strip_prefix('"'))
            .filter_map(|l| l.split('"').next())
            .collect();
        arms.sort();
        let mut names = command_names();
        names.sort();
        assert_eq!(arms, names);
    }

    #[test]
    fn the_usage_lists_every_command_once() {
        let usage = usage();
        for name in command_names() {
            assert_eq!(usage.matches(&format!("\n  {name}")).count(), 1, "{name}:\n{usage}");
        }
        assert!(usage.contains("  serve [--port N]  setup, release build"), "{usage}");
        assert!(
            usage.contains("  bench-course [--lessons N]\n                    a generated course"),
            "{usage}"
        );
    }
}
