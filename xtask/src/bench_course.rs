//! `cargo xtask bench-course [--lessons N]`: how the build grows with the
//! content. It writes a course of N lessons (copies of the two in
//! `content/`, each under a title of its own) into `target/bench-course/`,
//! then times the commands an author runs, as child processes: the first
//! `cargo xtask build` of the course (the app already built), a rebuild with
//! nothing changed, and a rebuild after a one-word edit to one lesson (and
//! the prerender step alone, which is what `serve` runs on a save); then, in
//! headless Chromium, the time from a save to the open page showing it under
//! `cargo xtask serve` (the median of 10 saves); last, the bytes of the
//! built course and what each lesson adds. Figures, never pass/fail.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::build::build;
use crate::run::{run_cmd, secs};
use crate::setup::setup;
use crate::test::e2e_command;
use crate::workspace::Workspace;
use crate::{Failure, Result};

pub(crate) fn bench_course(ws: &Workspace, lessons: usize) -> Result<()> {
    let tools = setup(ws)?;
    // The app, and the prerender step's binary, as the real course builds them.
    build(ws, &tools)?;
    let bench = ws.root.join("target").join("bench-course");
    let _ = fs::remove_dir_all(&bench);
    let content = bench.join("content");
    let course_file = generate(ws, &content, lessons)?;
    let dist = bench.join("dist");
    let with_course = |cmd: &mut Command| {
        cmd.env("ROUNDTRIP_COURSE", &course_file).env("ROUNDTRIP_DIST_DIR", &dist);
    };
    let xtask_build = || {
        let mut cmd = ws.cargo();
        cmd.args(["xtask", "build"]);
        with_course(&mut cmd);
        timed(&mut cmd)
    };
    let first = xtask_build()?;
    let unchanged: Vec<Duration> = (0..3).map(|_| xtask_build()).collect::<Result<_>>()?;
    let lesson = content.join("lesson-3.md");
    let text = fs::read_to_string(&lesson)
        .map_err(|e| Failure::new(format!("cannot read {}: {e}", lesson.display())))?;
    let mut edits = Vec::new();
    for n in 0..3 {
        write(&lesson, &edited(&text, n))?;
        edits.push(xtask_build()?);
    }
    let mut prerender_times = Vec::new();
    let prerender =
        ws.root.join("target").join("debug").join(format!("prerender{}", std::env::consts::EXE_SUFFIX));
    for n in 3..8 {
        write(&lesson, &edited(&text, n))?;
        let mut cmd = tools.command(&prerender, ws);
        cmd.args(["--course"])
            .arg(&course_file)
            .args(["--app"])
            .arg(ws.app_build())
            .args(["--dist"])
            .arg(&dist);
        prerender_times.push(timed(&mut cmd)?);
    }
    // The course as generated again, for the save-to-page run below.
    write(&lesson, &text)?;
    xtask_build()?;

    eprintln!();
    println!(
        "bench-course: {lessons} lessons (copies of content/'s two), this machine, figures not verdicts:"
    );
    println!("  first `cargo xtask build` of the course (the app already built): {}", secs(first));
    println!("  rebuild with nothing changed: {} (median of 3)", secs(median(&unchanged)));
    println!("  rebuild after a one-word edit to one lesson: {} (median of 3)", secs(median(&edits)));
    println!(
        "  the prerender step alone after an edit (what `serve` runs on a save): {} ms (median of 5)",
        median(&prerender_times).as_millis()
    );
    report_bytes(&dist, lessons)?;

    // Save to page, in a browser, under `cargo xtask serve`.
    let mut e2e = e2e_command(ws, &tools, &["--ignored", "--exact", "bench::save_to_page", "--nocapture"])?;
    with_course(&mut e2e);
    e2e.env("ROUNDTRIP_BENCH_LESSON", &lesson);
    run_cmd(&mut e2e)
}

/// Writes `lessons` lessons and their course file into `content`; returns
/// the course file.
fn generate(ws: &Workspace, content: &Path, lessons: usize) -> Result<PathBuf> {
    let sources = ["what-is-back-end.md", "ruby-intro.md"];
    let mut names = Vec::new();
    fs::create_dir_all(content)
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", content.display())))?;
    for n in 1..=lessons {
        let source = ws.root.join("content").join(sources[(n - 1) % sources.len()]);
        let text = fs::read_to_string(&source)
            .map_err(|e| Failure::new(format!("cannot read {}: {e}", source.display())))?;
        // A title of its own (so progress of its own), first in the front matter.
        let (Some(rest), Some(end)) = (text.strip_prefix("+++\n"), text.find("\n+++\n")) else {
            return Err(Failure::new(format!("{} has no front matter", source.display())));
        };
        let front = rest[..end - 3].lines().filter(|line| !line.starts_with("title =")).collect::<Vec<_>>();
        let text = format!("+++\ntitle = \"Lesson {n}\"\n{}{}", front.join("\n"), &text[end..]);
        let name = format!("lesson-{n}.md");
        write(&content.join(&name), &text)?;
        names.push(format!("\"{name}\""));
    }
    let course = content.join("course.toml");
    write(
        &course,
        &format!(
            "title = \"A course of {lessons} lessons\"\nintro = \"Generated by cargo xtask bench-course.\"\nlessons = [{}]\n",
            names.join(", ")
        ),
    )?;
    Ok(course)
}

/// The lesson with its title heading changed, `n` telling one edit from the next.
fn edited(text: &str, n: usize) -> String {
    let body = text.find("\n+++\n").map_or(0, |at| at + 5);
    match text[body..].find("\n# ") {
        Some(at) => {
            let at = body + at + 3;
            format!("{}Edit {n}: {}", &text[..at], &text[at..])
        }
        None => format!("{text}\nEdit {n}.\n"),
    }
}

fn report_bytes(dist: &Path, lessons: usize) -> Result<()> {
    let (total, wasm) = size_of(dist, &|_| true);
    let (app, _) = size_of(&dist.join("app"), &|_| true);
    let mut own = Vec::new();
    for entry in
        fs::read_dir(dist).map_err(|e| Failure::new(format!("cannot read {}: {e}", dist.display())))?
    {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if !path.is_dir() || entry.file_name() == "app" {
            continue;
        }
        let bytes = |name: &str| {
            size_of(&path, &|file: &Path| {
                file.file_name().is_some_and(|n| n.to_string_lossy().starts_with(name)) && !is_copy(file)
            })
            .0
        };
        let (raw, _) = size_of(&path, &|file: &Path| !is_copy(file));
        let (with_copies, _) = size_of(&path, &|_| true);
        own.push((bytes("index.html"), bytes("lesson-"), raw, with_copies));
    }
    own.sort_unstable();
    let (page, data, raw, with_copies) = own.get(own.len() / 2).copied().unwrap_or_default();
    println!(
        "  dist/: {} KB in all (with the .br and .gz copies), {} .wasm file(s); the app: {} KB",
        total / 1000,
        wasm,
        app / 1000
    );
    println!(
        "  each lesson adds (median of {lessons}): its page {:.1} KB and data {:.1} KB; its folder {} KB \
         (with the lab's store files and embed.js), {} KB with the compressed copies",
        page as f64 / 1000.0,
        data as f64 / 1000.0,
        raw / 1000,
        with_copies / 1000
    );
    Ok(())
}

fn is_copy(file: &Path) -> bool {
    file.extension().is_some_and(|e| e == "br" || e == "gz")
}

/// Bytes of the files under `path` that `counted` takes, and how many are `.wasm`.
fn size_of(path: &Path, counted: &dyn Fn(&Path) -> bool) -> (u64, usize) {
    if path.is_file() {
        if !counted(path) {
            return (0, 0);
        }
        let bytes = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        return (bytes, usize::from(path.extension().is_some_and(|e| e == "wasm")));
    }
    let Ok(entries) = fs::read_dir(path) else { return (0, 0) };
    entries.flatten().map(|e| size_of(&e.path(), counted)).fold((0, 0), |(b, w), (b2, w2)| (b + b2, w + w2))
}

fn timed(cmd: &mut Command) -> Result<Duration> {
    let started = Instant::now();
    let out = cmd.output().map_err(|e| Failure::new(format!("cannot run {cmd:?}: {e}")))?;
    if !out.status.success() {
        return Err(Failure::new(format!("{cmd:?} failed:\n{}", String::from_utf8_lossy(&out.stderr))));
    }
    Ok(started.elapsed())
}

fn median(values: &[Duration]) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

fn write(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))
}
