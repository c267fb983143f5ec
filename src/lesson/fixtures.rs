//! The small lessons under `tests/fixtures/`, compiled as the build compiles
//! the course's, the first time a test reads one, so tests of logic don't
//! depend on what the real lessons happen to say. `tests/fixtures/every-widget.md`
//! is [`EVERY_WIDGET`]: a title heading, a table of contents, links out and
//! within the course, two diagrams (6 + 6 steps, then 2), two labs, a check
//! of every kind (order, choose one, choose all, sort) under two goals, a
//! summary and a completion rule. `tests/fixtures/nested.md` is [`NESTED`]:
//! a diagram and a check in list items, the summary in a quote.
//!
//! The app's unit tests use it as `crate::lesson::fixtures`; the integration
//! tests include this same file (`#[path]`), so it names nothing of the app.

// Each test crate that includes this file reads only some of them.
#![allow(dead_code)]

use std::sync::LazyLock;

use roundtrip_document::compile::{compile, Settings};
use roundtrip_document::Document;

pub static EVERY_WIDGET: LazyLock<Document> = LazyLock::new(|| {
    fixture("tests/fixtures/every-widget.md", include_str!("../../tests/fixtures/every-widget.md"))
});

pub static NESTED: LazyLock<Document> =
    LazyLock::new(|| fixture("tests/fixtures/nested.md", include_str!("../../tests/fixtures/nested.md")));

/// A fixture, compiled with the build's default settings, so that tests
/// don't depend on the settings a build was given. A fixture that does not
/// compile is a mistake in the tests: the message names its file and line.
fn fixture(path: &str, markdown: &str) -> Document {
    compile(path, markdown, &Settings::default()).unwrap_or_else(|e| panic!("{e}"))
}
