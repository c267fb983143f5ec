//! `cargo xtask build` and `serve`: each lesson of the course built by Trunk
//! and prerendered into dist/, the course page beside them; serving dist/.

use std::fs;
use std::process::Command;

use crate::run::run_cmd;
use crate::setup::Tools;
use crate::workspace::{Course, Workspace};
use crate::{course, precompress, Failure, Result};

fn trunk_build(ws: &Workspace, tools: &Tools) -> Command {
    let mut cmd = tools.command(&tools.trunk, ws);
    cmd.args(["build", "--release"]);
    cmd
}

/// The course: each lesson built by Trunk into its own folder, then
/// prerendered into it by the same components the wasm runs
/// (`src/bin/prerender.rs`, native), so the text paints before any script
/// and the wasm hydrates it; then the course page that lists them, and
/// compressed copies of every file.
pub(crate) fn build(ws: &Workspace, tools: &Tools) -> Result<()> {
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
    let default = ws.root.join(roundtrip_document::DEFAULT_LESSON);
    let is_default = |lesson: &roundtrip_document::course::CourseLesson| {
        course.file == ws.root.join(roundtrip_document::course::DEFAULT_COURSE)
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
fn first_sentence(document: &roundtrip_document::Document) -> Option<String> {
    use roundtrip_document::{Block, Inline};
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

pub(crate) fn serve(ws: &Workspace, tools: &Tools, port: u16) -> Result<()> {
    let dist = ws.dist();
    eprintln!("xtask: serving {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)", dist.display());
    let mut cmd = ws.cargo();
    cmd.env("PATH", &tools.path)
        .args(["run", "--quiet", "-p", "roundtrip-server", "--", "--dist"])
        .arg(&dist)
        .args(["--port", &port.to_string()]);
    run_cmd(&mut cmd)
}
