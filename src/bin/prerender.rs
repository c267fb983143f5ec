//! `prerender`: builds the course into a folder, from its Markdown and the
//! app Trunk built (see `roundtrip::prerender::site`). `cargo xtask build`
//! runs it after Trunk, and `cargo xtask serve` again on every save.
//!
//! ```text
//! prerender --course content/course.toml --app target/app --dist dist [--status FILE]
//! ```
//!
//! `--status` names a file that gets, after each run, what the run did as
//! JSON: the pages that changed, or the mistake that stopped it (its file,
//! line and message), for a page open in `serve` to show.

use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    use std::path::PathBuf;

    use roundtrip::prerender::site::{self, Site};

    let mut args = std::env::args_os().skip(1);
    let (mut course, mut app, mut dist, mut status) = (None, None, None, None);
    while let Some(flag) = args.next() {
        let value = args.next().map(PathBuf::from);
        match flag.to_str() {
            Some("--course") => course = value,
            Some("--app") => app = value,
            Some("--dist") => dist = value,
            Some("--status") => status = value,
            _ => {
                eprintln!("usage: prerender --course FILE --app DIR --dist DIR [--status FILE]");
                return ExitCode::FAILURE;
            }
        }
    }
    let (Some(course_file), Some(app_build), Some(dist)) = (course, app, dist) else {
        eprintln!("usage: prerender --course FILE --app DIR --dist DIR [--status FILE]");
        return ExitCode::FAILURE;
    };
    let setting = |name: &str| std::env::var(name).ok().filter(|s| !s.is_empty());
    let root = std::env::current_dir().unwrap_or_default();
    let site = Site {
        root,
        course_file,
        app_build,
        dist,
        course_base: setting("ROUNDTRIP_COURSE_BASE"),
        practice_api: setting("ROUNDTRIP_PRACTICE_API"),
    };
    let started = std::time::Instant::now();
    let result = site::build(&site);
    if let Some(status) = status {
        let json = site::status(&result);
        let partial = status.with_extension("partial");
        if std::fs::write(&partial, json).and_then(|()| std::fs::rename(&partial, &status)).is_err() {
            eprintln!("prerender: cannot write {}", status.display());
        }
    }
    match result {
        Ok(built) => {
            let pages: usize = built.sizes.iter().map(|(_, page, _)| page).sum();
            let data: usize = built.sizes.iter().map(|(_, _, data)| data).sum();
            eprintln!(
                "prerender: {} lessons ({} KB of pages, {} KB of data; kept for offline use: {} files, {} KB); \
                 {} files written, {} removed, in {} ms",
                built.lessons.len(),
                pages / 1000,
                data / 1000,
                built.kept.0,
                built.kept.1 / 1000,
                built.written.len(),
                built.removed.len(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() -> ExitCode {
    ExitCode::FAILURE
}
