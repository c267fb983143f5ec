//! Markdown → [`Document`], at build time. Anything the renderer could not show
//! safely or faithfully is a build error naming the file and line, so an
//! author learns of it before a learner does.
//!
//! The dialect is CommonMark plus:
//! - TOML front matter between `+++` lines (`title`, `lang`, `description`,
//!   `course_base`, `practice_api`, `[completion]`, and any of the widgets'
//!   words under `[words]`);
//! - widget directives: a fenced block whose info string is `{name}`, with a
//!   TOML body, e.g. ```` ```{diagram} ````.
//!
//! `markdown.rs` walks the parser's events into blocks; `directives.rs` reads
//! and checks each widget; `links.rs` classifies links and resolves the
//! course's and the practice back end's addresses; `front.rs` reads the front
//! matter and checks the completion rule against the lesson; `words.rs` fills
//! in the widgets' words a lesson does not write.

mod directives;
mod front;
pub mod golden;
mod links;
mod markdown;
#[cfg(test)]
mod tests;
pub mod words;

pub use words::WordsFile;

use crate::model::Document;

/// What the build adds to what the Markdown says.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Overrides the front matter's `course_base`: the address this lesson has
    /// in its course, against which links to other lessons are resolved.
    pub course_base: Option<String>,
    /// Overrides the front matter's `practice_api`: where the practice back
    /// end's API is, for the request lab.
    pub practice_api: Option<String>,
    /// The slugs of the lessons built beside this one in its course (each in
    /// its own folder, `<slug>/`, as siblings). A link to one of them
    /// (`../ruby-intro`) goes to its built folder (`../ruby-intro/`); a link
    /// to a lesson not built stays as written.
    pub built: Vec<String>,
    /// The course's own words (the file `course.toml` names), over the
    /// built-in English ones.
    pub words: Option<WordsFile>,
    /// Where the lesson stands in its course, when it is built as part of one.
    pub place: Option<Place>,
}

/// A lesson's place in its course, as the build knows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// The lesson's folder: its file's name without `.md`.
    pub slug: String,
    /// The course's title.
    pub course: String,
    /// `(slug, title)` of the lesson before this one in the course, if any.
    pub previous: Option<(String, String)>,
    /// `(slug, title)` of the lesson after it, if any.
    pub next: Option<(String, String)>,
}

/// Where the practice back end is when the lesson doesn't say: the page's
/// own `api/`, as the practice server serves the lesson and its API together.
pub const DEFAULT_PRACTICE_API: &str = "api/";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{path}:{line}: {message}")]
pub struct Error {
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// Compiles one lesson. `path` is only used in error messages.
pub fn compile(path: &str, markdown: &str, settings: &Settings) -> Result<Document, Error> {
    let source = Source::new(path, markdown);
    markdown::Reader::new(&source, settings)?.read()
}

/// The Markdown being compiled, and where it came from, for errors that name
/// the file and line.
struct Source<'a> {
    path: &'a str,
    markdown: &'a str,
    /// Byte offset of the start of each line, for error messages.
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    fn new(path: &'a str, markdown: &'a str) -> Self {
        let line_starts =
            std::iter::once(0).chain(markdown.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Source { path, markdown, line_starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    fn error(&self, line: usize, message: impl Into<String>) -> Error {
        Error { path: self.path.to_owned(), line, message: message.into() }
    }
}
