//! [`Document`] → Rust source for a `static`, so the wasm carries the lesson as
//! ready-made data: nothing is parsed or deserialised when the page loads.
//!
//! Every model type derives [`databake::Bake`] (with the `compile` feature),
//! which writes it as a Rust expression through the `roundtrip_document` path;
//! a new model type needs only that derive. The expression names
//! `alloc::borrow::Cow`, so the crate that includes it declares `extern crate alloc`.

use databake::Bake;

use crate::model::Document;

/// `pub static NAME: roundtrip_document::Document = …;`.
pub fn document_static(name: &str, document: &Document) -> String {
    let expression = document.bake(&Default::default());
    format!("pub static {name}: roundtrip_document::Document = {expression};\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OutlineEntry;

    #[test]
    fn text_is_written_as_a_valid_literal() {
        let entry =
            OutlineEntry { level: 2, id: "goals".into(), text: "a \"quote\", a \\ and\na newline".into() };
        let code = entry.bake(&Default::default()).to_string();
        assert!(code.starts_with("roundtrip_document :: OutlineEntry {"), "{code}");
        assert!(code.contains(r#"Cow :: Borrowed ("a \"quote\", a \\ and\na newline")"#), "{code}");
    }
}
