//! `cargo xtask tidy`, the first step of `cargo xtask test`: the invariants a
//! reader of this tree relies on, checked on its files (as rust-analyzer's
//! `xtask/src/tidy.rs` does), each with the place that breaks it:
//!
//! - nothing in `src/` outside `src/host/` names `web_sys`, `js_sys` or
//!   `gloo` (the browser is touched in one place);
//! - what the learner did is reported in one place, `src/report.rs`:
//!   nothing else in `src/` (but the host it calls) tells a platform, a
//!   record store or a framing page;
//! - `src/frame/` carries messages and knows nothing of SCORM, xAPI or a
//!   record store (`crate::platform`, `crate::statements`, `crate::lrs`);
//! - every Rust source file opens with a module doc (`//!`);
//! - every file path the READMEs and DEVELOPERS.md name exists;
//! - every `cargo xtask <command>` they name is a command of xtask's one
//!   command table (from which its usage is made).

use std::fs;
use std::path::{Path, PathBuf};

use crate::{Failure, Result};

/// The documents whose named paths and commands are checked.
const DOCUMENTS: &[&str] = &["README.md", "DEVELOPERS.md", "content/README.md"];

/// Where Rust sources live.
const SOURCE_DIRS: &[&str] =
    &["src", "document/src", "document/tests", "server/src", "server/tests", "xtask/src", "tests"];

/// Folders a document may name that the build makes (they exist only after it).
const MADE_BY_THE_BUILD: &[&str] =
    &["target/", "dist/", "node_modules/", "xtask/node/node_modules", "xtask/lighthouse/"];

pub(crate) fn tidy(root: &Path, commands: &[&str]) -> Result<()> {
    let problems = check(root, commands);
    if problems.is_empty() {
        eprintln!("xtask tidy: ok");
        return Ok(());
    }
    for problem in &problems {
        eprintln!("xtask tidy: {problem}");
    }
    Err(Failure::new(format!("{} problem(s) in the tree", problems.len())))
}

/// Every problem found under `root`; none when it is tidy.
pub(crate) fn check(root: &Path, commands: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let sources: Vec<PathBuf> = SOURCE_DIRS.iter().flat_map(|dir| rust_files(&root.join(dir))).collect();
    for file in &sources {
        let Ok(text) = fs::read_to_string(file) else { continue };
        let shown = file.strip_prefix(root).unwrap_or(file).display().to_string().replace('\\', "/");
        browser_apis_only_in_host(&shown, &text, &mut problems);
        reports_only_in_report(&shown, &text, &mut problems);
        frame_knows_no_standard(&shown, &text, &mut problems);
        opens_with_a_module_doc(&shown, &text, &mut problems);
    }
    for document in DOCUMENTS {
        let Ok(text) = fs::read_to_string(root.join(document)) else { continue };
        named_paths_exist(root, document, &text, &mut problems);
        named_commands_exist(document, &text, commands, &mut problems);
    }
    problems
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return out };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The code of a line: what comes before a `//` comment.
fn code(line: &str) -> &str {
    line.split("//").next().unwrap_or_default()
}

fn browser_apis_only_in_host(file: &str, text: &str, problems: &mut Vec<String>) {
    if !file.starts_with("src/") || file.starts_with("src/host/") {
        return;
    }
    for (n, line) in text.lines().enumerate() {
        let code = code(line);
        if let Some(name) = ["web_sys", "js_sys", "gloo"].into_iter().find(|name| names(code, name)) {
            problems
                .push(format!("{file}:{}: names `{name}`; the browser is touched only in src/host/", n + 1));
        }
    }
}

/// The calls that tell a platform, a record store or a framing page.
const REPORTS: &[&str] =
    &["post_statement(", "lrs::answered(", "lrs::completion(", "platform.report(", "platform.answered("];

fn reports_only_in_report(file: &str, text: &str, problems: &mut Vec<String>) {
    if !file.starts_with("src/") || file == "src/report.rs" || file.starts_with("src/host/") {
        return;
    }
    for (n, line) in text.lines().enumerate() {
        if let Some(call) = REPORTS.iter().find(|call| code(line).contains(*call)) {
            problems.push(format!(
                "{file}:{}: calls `{}`; what the learner did is reported only in src/report.rs",
                n + 1,
                call.trim_end_matches('(')
            ));
        }
    }
}

fn frame_knows_no_standard(file: &str, text: &str, problems: &mut Vec<String>) {
    if !file.starts_with("src/frame/") {
        return;
    }
    for (n, line) in text.lines().enumerate() {
        let code = code(line);
        if let Some(module) =
            ["crate::platform", "crate::statements", "crate::lrs"].iter().find(|m| code.contains(*m))
        {
            problems.push(format!("{file}:{}: names `{module}`; src/frame/ carries messages only", n + 1));
        }
    }
}

/// Whether `code` names the crate `name` (`name::…`, or `name_…` for gloo's crates).
fn names(code: &str, name: &str) -> bool {
    code.match_indices(name).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + name.len()..].chars().next();
        let starts = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        starts && matches!(after, Some(':') | Some('_') | Some(';') | Some(' ') | None)
    })
}

fn opens_with_a_module_doc(file: &str, text: &str, problems: &mut Vec<String>) {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("#!["));
    if !first.is_some_and(|l| l.starts_with("//!")) {
        problems.push(format!("{file}:1: opens without a module doc (`//!` on what the file is for)"));
    }
}

/// The file paths a Markdown document names: in code spans and link targets.
fn named_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if in_block {
            continue;
        }
        for (i, span) in line.split('`').enumerate() {
            if i % 2 == 1 {
                out.push((n + 1, span.to_owned()));
            }
        }
        for target in line.split("](").skip(1) {
            if let Some(target) = target.split(')').next() {
                out.push((n + 1, target.to_owned()));
            }
        }
    }
    out.into_iter().filter_map(|(n, t)| as_path(&t).map(|p| (n, p))).collect()
}

/// `token` as a path in the tree, if it reads as one: no spaces, no
/// address, no placeholder, and a folder or a file with an extension.
fn as_path(token: &str) -> Option<String> {
    let token = token.trim();
    let token = token.strip_prefix("./").unwrap_or(token);
    let token = token.split('#').next().unwrap_or_default().trim_end_matches([':', '.', ',']);
    if token.is_empty()
        || token.contains(char::is_whitespace)
        || token.contains("://")
        || token.starts_with(['/', '~', '-', '$'])
        || token.contains(['<', '>', '*', '…', '{', '}', '?', '=', '|', '"', '\'', '(', ')', '@', ',', '%'])
    {
        return None;
    }
    const EXTENSIONS: &[&str] =
        &["rs", "md", "toml", "html", "css", "js", "json", "xsd", "xml", "lock", "sh", "txt", "webmanifest"];
    let file_name = token.rsplit('/').next().unwrap_or_default();
    let has_extension =
        file_name.rsplit_once('.').is_some_and(|(stem, ext)| !stem.is_empty() && EXTENSIONS.contains(&ext));
    let is_folder = token.ends_with('/') && token.len() > 1;
    (has_extension && token.contains('/') || is_folder || has_extension && !file_name.is_empty())
        .then(|| token.to_owned())
}

fn named_paths_exist(root: &Path, document: &str, text: &str, problems: &mut Vec<String>) {
    let here = Path::new(document).parent().unwrap_or(Path::new(""));
    for (line, path) in named_paths(text) {
        let Some(in_tree) = into_the_tree(root, here, &path) else { continue };
        if !root.join(&in_tree).exists() {
            problems.push(format!("{document}:{line}: names `{path}`, which does not exist"));
        }
    }
}

/// `path` as a path from the tree's root, when it points into the tree: its
/// first folder is one of the root's (`src/…`, `content/…`), or it climbs
/// there from the document's folder. Names of what the build makes
/// (`dist/…`, `target/…`), of files in a package or on a server (`app/`,
/// `robots.txt`) are not the tree's.
fn into_the_tree(root: &Path, here: &Path, path: &str) -> Option<String> {
    let mut parts: Vec<&str> =
        if path.starts_with("../") { here.iter().filter_map(|p| p.to_str()).collect() } else { Vec::new() };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let joined = parts.join("/");
    let first = *parts.first()?;
    let made = MADE_BY_THE_BUILD.iter().any(|m| joined.starts_with(m.trim_end_matches('/')));
    (parts.len() > 1 && !made && root.join(first).is_dir()).then_some(joined)
}

fn named_commands_exist(document: &str, text: &str, commands: &[&str], problems: &mut Vec<String>) {
    for (n, line) in text.lines().enumerate() {
        for after in line.split("cargo xtask ").skip(1) {
            let command: String =
                after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            if !command.is_empty() && !commands.contains(&command.as_str()) {
                problems.push(format!(
                    "{document}:{}: names `cargo xtask {command}`, which is not a command (see xtask/src/main.rs)",
                    n + 1
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small tree that keeps every rule; `plant` then breaks one.
    fn tree(tag: &str, plant: &[(&str, &str)]) -> PathBuf {
        let root = std::env::temp_dir().join(format!("xtask-tidy-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let files: &[(&str, &str)] = &[
            ("src/lib.rs", "//! The app.\n\npub mod host;\n"),
            ("src/host/mod.rs", "//! The browser.\n\nuse web_sys::Window;\n"),
            ("xtask/src/main.rs", "//! xtask.\nfn main() {}\n"),
            ("README.md", "Run `cargo xtask test`; the app is in `src/lib.rs` and `src/host/`.\n"),
        ];
        for (path, text) in files.iter().chain(plant) {
            let path = root.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        root
    }

    fn problems(tag: &str, plant: &[(&str, &str)]) -> Vec<String> {
        let root = tree(tag, plant);
        let found = check(&root, &["test", "build"]);
        let _ = fs::remove_dir_all(&root);
        found
    }

    #[test]
    fn a_tidy_tree_has_no_problems() {
        assert_eq!(problems("clean", &[]), Vec::<String>::new());
    }

    #[test]
    fn a_browser_api_outside_host_is_found() {
        let found = problems(
            "browser",
            &[(
                "src/app.rs",
                "//! A page.\n\nfn f() { let _ = gloo_timers::callback::Timeout::new(1, || ()); }\n",
            )],
        );
        assert_eq!(found, ["src/app.rs:3: names `gloo`; the browser is touched only in src/host/"]);
        let found = problems(
            "browser-js",
            &[("src/a.rs", "//! A.\n// js_sys in a comment is fine\nuse js_sys::Array;\n")],
        );
        assert_eq!(found, ["src/a.rs:3: names `js_sys`; the browser is touched only in src/host/"]);
    }

    #[test]
    fn a_report_outside_the_one_path_is_found() {
        let found = problems(
            "report",
            &[("src/checks.rs", "//! Checks.\nfn f() { host::frame::post_statement(&s); }\n")],
        );
        assert_eq!(found, ["src/checks.rs:2: calls `post_statement`; what the learner did is reported only in src/report.rs"]);
    }

    #[test]
    fn a_standard_named_in_the_frame_is_found() {
        let found = problems(
            "frame",
            &[("src/frame/messages.rs", "//! Messages.\nuse crate::platform::scorm::Edition;\n")],
        );
        assert_eq!(
            found,
            ["src/frame/messages.rs:2: names `crate::platform`; src/frame/ carries messages only"]
        );
    }

    #[test]
    fn a_file_without_a_module_doc_is_found() {
        let found = problems("doc", &[("xtask/src/extra.rs", "// A plain comment.\nfn f() {}\n")]);
        assert_eq!(
            found,
            ["xtask/src/extra.rs:1: opens without a module doc (`//!` on what the file is for)"]
        );
    }

    #[test]
    fn a_named_path_that_does_not_exist_is_found() {
        let text = "See [the app](../src/gone.rs), `content/gone.md`, `src/host/` and `app/` in a package.\n";
        let found = problems("path", &[("content/README.md", text)]);
        assert_eq!(
            found,
            [
                "content/README.md:1: names `content/gone.md`, which does not exist",
                "content/README.md:1: names `../src/gone.rs`, which does not exist",
            ]
        );
    }

    #[test]
    fn a_named_command_that_is_not_one_is_found() {
        let found = problems("command", &[("DEVELOPERS.md", "Then `cargo xtask publish`.\n")]);
        assert_eq!(
            found,
            ["DEVELOPERS.md:1: names `cargo xtask publish`, which is not a command (see xtask/src/main.rs)"]
        );
    }

    #[test]
    fn what_reads_as_a_path() {
        assert_eq!(as_path("src/app/mod.rs").as_deref(), Some("src/app/mod.rs"));
        assert_eq!(as_path("styles/").as_deref(), Some("styles/"));
        assert_eq!(as_path("Cargo.toml").as_deref(), Some("Cargo.toml"));
        for not_a_path in
            ["/api/health", "https://x/y.md", "<lesson>/index.html", "cargo xtask test", "a/b", "0.5"]
        {
            assert_eq!(as_path(not_a_path), None, "{not_a_path}");
        }
    }
}
