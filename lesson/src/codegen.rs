//! [`Document`] → Rust source for a `static`, so the wasm carries the lesson as
//! ready-made data: nothing is parsed or deserialised when the page loads.

use std::fmt::Write;

use crate::model::{Block, Diagram, Document, Inline, LinkKind, OutlineEntry, Widget};

/// `pub static NAME: Document = …;` (every path is preceded by a space, so
/// `field: ::path` never runs together into `field:::path`), with paths through `krate` (the name the
/// generated code's crate knows this one by, e.g. `roundtrip_lesson`).
pub fn document_static(name: &str, document: &Document, krate: &str) -> String {
    let mut out = String::new();
    let mut g = Gen {
        out: &mut out,
        krate,
    };
    g.raw(&format!("pub static {name}: ::{krate}::Document = "));
    g.document(document);
    g.raw(";\n");
    out
}

struct Gen<'a> {
    out: &'a mut String,
    krate: &'a str,
}

impl Gen<'_> {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn path(&mut self, item: &str) {
        let _ = write!(self.out, " ::{}::{item}", self.krate);
    }

    fn text(&mut self, s: &str) {
        // `Debug` of a `str` is a valid Rust string literal.
        let _ = write!(self.out, " ::std::borrow::Cow::Borrowed({s:?})");
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.raw(" ::std::borrow::Cow::Borrowed(&[");
        for item in items {
            each(self, item);
            self.raw(",");
        }
        self.raw("])");
    }

    fn document(&mut self, d: &Document) {
        self.path("Document");
        self.raw("{title:");
        self.text(&d.title);
        self.raw(",lang:");
        self.text(&d.lang);
        self.raw(",blocks:");
        self.list(&d.blocks, Self::block);
        self.raw(",outline:");
        self.list(&d.outline, Self::outline_entry);
        self.raw("}");
    }

    fn outline_entry(&mut self, e: &OutlineEntry) {
        self.path("OutlineEntry");
        let _ = write!(self.out, "{{level:{},id:", e.level);
        self.text(&e.id);
        self.raw(",text:");
        self.text(&e.text);
        self.raw("}");
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Heading { level, id, content } => {
                self.path("Block::Heading");
                let _ = write!(self.out, "{{level:{level},id:");
                self.text(id);
                self.raw(",content:");
                self.list(content, Self::inline);
                self.raw("}");
            }
            Block::Paragraph(content) => {
                self.path("Block::Paragraph");
                self.raw("(");
                self.list(content, Self::inline);
                self.raw(")");
            }
            Block::List { ordered, items } => {
                self.path("Block::List");
                let _ = write!(self.out, "{{ordered:{ordered},items:");
                self.list(items, |g, item| g.list(item, Self::block));
                self.raw("}");
            }
            Block::Quote(blocks) => {
                self.path("Block::Quote");
                self.raw("(");
                self.list(blocks, Self::block);
                self.raw(")");
            }
            Block::Code { language, text } => {
                self.path("Block::Code");
                self.raw("{language:");
                self.text(language);
                self.raw(",text:");
                self.text(text);
                self.raw("}");
            }
            Block::Rule => self.path("Block::Rule"),
            Block::Widget(w) => {
                self.path("Block::Widget");
                self.raw("(");
                self.widget(w);
                self.raw(")");
            }
        }
    }

    fn inline(&mut self, i: &Inline) {
        match i {
            Inline::Text(t) => {
                self.path("Inline::Text");
                self.raw("(");
                self.text(t);
                self.raw(")");
            }
            Inline::Code(t) => {
                self.path("Inline::Code");
                self.raw("(");
                self.text(t);
                self.raw(")");
            }
            Inline::Strong(content) | Inline::Emphasis(content) => {
                self.path(if matches!(i, Inline::Strong(_)) {
                    "Inline::Strong"
                } else {
                    "Inline::Emphasis"
                });
                self.raw("(");
                self.list(content, Self::inline);
                self.raw(")");
            }
            Inline::Link {
                href,
                kind,
                content,
            } => {
                self.path("Inline::Link");
                self.raw("{href:");
                self.text(href);
                self.raw(",kind:");
                self.path(match kind {
                    LinkKind::External => "LinkKind::External",
                    LinkKind::Course => "LinkKind::Course",
                    LinkKind::Anchor => "LinkKind::Anchor",
                });
                self.raw(",content:");
                self.list(content, Self::inline);
                self.raw("}");
            }
            Inline::LineBreak => self.path("Inline::LineBreak"),
        }
    }

    fn widget(&mut self, w: &Widget) {
        match w {
            Widget::Contents { title } => {
                self.path("Widget::Contents");
                self.raw("{title:");
                self.text(title);
                self.raw("}");
            }
            Widget::Diagram(Diagram {
                alt,
                credit,
                credit_href,
            }) => {
                self.path("Widget::Diagram");
                self.raw("(");
                self.path("Diagram");
                self.raw("{alt:");
                self.text(alt);
                self.raw(",credit:");
                self.text(credit);
                self.raw(",credit_href:");
                self.text(credit_href);
                self.raw("})");
            }
        }
    }
}
