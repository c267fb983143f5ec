//! `prerender DIST`: finishes the page Trunk built in `DIST/index.html`: the
//! lesson, rendered by the same components the wasm runs, goes into its body,
//! and its stylesheets become one file (see `roundtrip::prerender`); and the
//! practice back end's health check gets a stand-in where that back end is absent.
//! `cargo xtask build` runs it after Trunk.

use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let Some(dist) = std::env::args_os().nth(1) else {
        eprintln!("usage: prerender DIST");
        return ExitCode::FAILURE;
    };
    match finish(std::path::Path::new(&dist)) {
        Ok(summary) => {
            eprintln!("prerender: {summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn finish(dist: &std::path::Path) -> Result<String, String> {
    use std::fs;

    use roundtrip::lesson::LESSON;
    use roundtrip::prerender;

    let index = dist.join("index.html");
    let read =
        |path: &std::path::Path| fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()));
    let template = String::from_utf8(read(&index)?).map_err(|e| format!("{}: {e}", index.display()))?;

    let sheets = prerender::stylesheets(&template);
    let mut css = Vec::new();
    for href in &sheets {
        let path = dist.join(href.trim_start_matches("./"));
        css.extend(read(&path)?);
        css.push(b'\n');
        fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    }
    let template = if sheets.is_empty() {
        template
    } else {
        let name = prerender::hashed_name("roundtrip", "css", &css);
        fs::write(dist.join(&name), &css).map_err(|e| format!("cannot write {name}: {e}"))?;
        prerender::merge_stylesheets(&template, &format!("./{name}"))
    };

    // The loader as a file of its own, so the page runs under a strict policy.
    let template = match prerender::inline_loader(&template) {
        Some((before, text, after)) => {
            let name = prerender::hashed_name("roundtrip-loader", "js", text.as_bytes());
            fs::write(dist.join(&name), text.trim_start())
                .map_err(|e| format!("cannot write {name}: {e}"))?;
            format!("{before}{}{after}", prerender::module_script(&format!("./{name}")))
        }
        None => template,
    };

    // Where no practice back end runs, its health check finds this instead
    // of a 404 (on the practice server the real endpoint shadows it).
    for (path, body) in prerender::practice_stand_ins(&LESSON) {
        let file = dist.join(&path);
        if let Some(folder) = file.parent() {
            fs::create_dir_all(folder).map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
        }
        fs::write(&file, body).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    }

    let body = prerender::render_app(&LESSON);
    let page =
        prerender::into_page(&LESSON, &template, &body).map_err(|e| format!("{}: {e}", index.display()))?;
    fs::write(&index, &page).map_err(|e| format!("cannot write {}: {e}", index.display()))?;
    Ok(format!(
        "{} ({} bytes, {} of them the lesson; {} stylesheets as one)",
        index.display(),
        page.len(),
        body.len(),
        sheets.len()
    ))
}

#[cfg(target_arch = "wasm32")]
fn main() -> ExitCode {
    ExitCode::FAILURE
}
