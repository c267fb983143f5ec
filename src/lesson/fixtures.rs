//! The small lessons under `tests/fixtures/`, compiled by the build script
//! as the real one is, so tests of logic don't depend on what the real
//! lesson happens to say. `tests/fixtures/every-widget.md` is
//! [`EVERY_WIDGET`]: a title heading, a table of contents, links out and
//! within the course, two diagrams (6 + 6 steps, then 2), two labs, a check
//! of every kind (order, choose one, choose all, sort) under two goals, a
//! summary and a completion rule. `tests/fixtures/nested.md` is [`NESTED`]:
//! a diagram and a check in list items, the summary in a quote.

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    /// The static the build wrote is the document the compiler made: what
    /// the wasm carries is what the Markdown says.
    #[test]
    fn the_written_static_is_the_compiled_document() {
        for (path, written) in [
            ("tests/fixtures/every-widget.md", &super::EVERY_WIDGET),
            ("tests/fixtures/nested.md", &super::NESTED),
        ] {
            let markdown = std::fs::read_to_string(path).unwrap();
            let compiled =
                roundtrip_document::compile::compile(path, &markdown, &Default::default()).unwrap();
            assert_eq!(&compiled, written, "{path}");
        }
    }
}
