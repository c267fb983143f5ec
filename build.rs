//! Compiles the lesson's Markdown into the static document the app renders,
//! and the small lessons in `tests/fixtures/` into statics for the unit tests.
//! A Markdown mistake fails the build here, naming the file and line.

use std::{env, fs, path::Path, path::PathBuf, process::ExitCode};

use roundtrip_document::{codegen, compile, course, DEFAULT_LESSON};

const FIXTURES: &str = "tests/fixtures";

fn main() -> ExitCode {
    println!("cargo:rerun-if-env-changed=ROUNDTRIP_LESSON");
    println!("cargo:rerun-if-env-changed=ROUNDTRIP_COURSE_BASE");
    println!("cargo:rerun-if-env-changed=ROUNDTRIP_PRACTICE_API");
    println!("cargo:rerun-if-env-changed=ROUNDTRIP_COURSE");
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed={FIXTURES}");

    let lesson = env::var("ROUNDTRIP_LESSON").unwrap_or_else(|_| DEFAULT_LESSON.to_owned());
    println!("cargo:rerun-if-changed={lesson}");
    let markdown = match fs::read_to_string(&lesson) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read the lesson {lesson}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let setting = |name: &str| env::var(name).ok().filter(|s| !s.is_empty());
    let built = match built_beside(&lesson) {
        Ok(built) => built,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let settings = compile::Settings {
        course_base: setting("ROUNDTRIP_COURSE_BASE"),
        practice_api: setting("ROUNDTRIP_PRACTICE_API"),
        built,
    };
    let document = match compile::compile(&lesson, &markdown, &settings) {
        Ok(document) => document,
        Err(e) => {
            // Cargo shows a build script's stderr when it fails.
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let out = out_dir.join("lesson.rs");
    if let Err(e) = fs::write(&out, codegen::document_static("LESSON", &document)) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    match fixtures() {
        Ok(code) => {
            let out = out_dir.join("fixtures.rs");
            if let Err(e) = fs::write(&out, code) {
                eprintln!("error: cannot write {}: {e}", out.display());
                return ExitCode::FAILURE;
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// The slugs of the lessons built beside `lesson` (see
/// [`course::built_beside`]), from `ROUNDTRIP_COURSE` or the default course file.
fn built_beside(lesson: &str) -> Result<Vec<String>, String> {
    let path = env::var("ROUNDTRIP_COURSE").unwrap_or_else(|_| course::DEFAULT_COURSE.to_owned());
    println!("cargo:rerun-if-changed={path}");
    course::built_beside(Path::new(&path), Path::new(lesson))
}

/// Every `tests/fixtures/<name>.md` as `pub static <NAME>: Document`, with
/// the build's default settings, so that tests don't depend on the settings
/// a build was given.
fn fixtures() -> Result<String, String> {
    let entries = fs::read_dir(FIXTURES).map_err(|e| format!("cannot read {FIXTURES}: {e}"))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    paths.sort();
    let mut code = String::new();
    for path in paths {
        let shown = path.display().to_string();
        println!("cargo:rerun-if-changed={shown}");
        let markdown = fs::read_to_string(&path).map_err(|e| format!("cannot read {shown}: {e}"))?;
        let document =
            compile::compile(&shown, &markdown, &compile::Settings::default()).map_err(|e| e.to_string())?;
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let name = stem.to_ascii_uppercase().replace('-', "_");
        code.push_str(&codegen::document_static(&name, &document));
    }
    Ok(code)
}
