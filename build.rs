//! Compiles the lesson's Markdown into the static document the app renders.
//! A Markdown mistake fails the build here, naming the file and line.

use std::{env, fs, path::PathBuf, process::ExitCode};

use roundtrip_lesson::{codegen, compile};

const DEFAULT_LESSON: &str = "content/what-is-back-end.md";

fn main() -> ExitCode {
    println!("cargo:rerun-if-env-changed=ROUNDTRIP_LESSON");
    println!("cargo:rerun-if-env-changed=ROUNDTRIP_COURSE_BASE");
    println!("cargo:rerun-if-env-changed=ROUNDTRIP_PRACTICE_API");
    println!("cargo:rerun-if-changed=content");

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
    let settings = compile::Settings {
        course_base: setting("ROUNDTRIP_COURSE_BASE"),
        practice_api: setting("ROUNDTRIP_PRACTICE_API"),
    };
    let document = match compile::compile(&lesson, &markdown, &settings) {
        Ok(document) => document,
        Err(e) => {
            // Cargo shows a build script's stderr when it fails.
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("lesson.rs");
    if let Err(e) = fs::write(&out, codegen::document_static("LESSON", &document, "roundtrip_lesson")) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
