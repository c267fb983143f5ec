//! The lesson document. Text is `Cow<'static, _>` so that one type serves both
//! the compiler (which owns what it parses) and the app (which borrows the
//! document compiled into the wasm as static data).
//!
//! A widget's settings are deserialised straight from its directive's TOML
//! body (with the `compile` feature), so a widget type is declared once, here.

use std::borrow::Cow;

pub type Text = Cow<'static, str>;
pub type List<T> = Cow<'static, [T]>;

/// One lesson, compiled from one Markdown file.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The lesson's title, for the browser tab and the table of contents.
    pub title: Text,
    /// The document's language (`lang` attribute), e.g. `en`.
    pub lang: Text,
    pub blocks: List<Block>,
    /// Every heading after the title, in order: the table of contents.
    pub outline: List<OutlineEntry>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub id: Text,
    pub text: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        /// Stable, unique within the document: the target of deep links.
        id: Text,
        content: List<Inline>,
    },
    Paragraph(List<Inline>),
    List {
        ordered: bool,
        items: List<List<Block>>,
    },
    Quote(List<Block>),
    Code {
        language: Text,
        text: Text,
    },
    Rule,
    Widget(Widget),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    Text(Text),
    Strong(List<Inline>),
    Emphasis(List<Inline>),
    Code(Text),
    Link {
        href: Text,
        kind: LinkKind,
        content: List<Inline>,
    },
    LineBreak,
}

/// Where a link leads decides how it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// Another site: opens in a new tab, with no opener and no referrer.
    External,
    /// Another lesson of the course, resolved against the course base.
    Course,
    /// A place in this document.
    Anchor,
}

/// An interactive part of the lesson, placed by a directive in the Markdown.
#[derive(Clone, Debug, PartialEq)]
pub enum Widget {
    /// The table of contents, built from the document's outline.
    Contents { title: Text },
    /// The client-server diagram.
    Diagram(Diagram),
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "compile",
    derive(serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Diagram {
    /// The text alternative of the picture.
    pub alt: Text,
    /// Who drew the picture this diagram is based on.
    pub credit: Text,
    pub credit_href: Text,
}

impl Inline {
    /// The text a reader would see, without markup.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in inlines {
            inline.push_plain_text(&mut out);
        }
        out
    }

    fn push_plain_text(&self, out: &mut String) {
        match self {
            Inline::Text(text) | Inline::Code(text) => out.push_str(text),
            Inline::Strong(content) | Inline::Emphasis(content) | Inline::Link { content, .. } => {
                for inline in content.iter() {
                    inline.push_plain_text(out);
                }
            }
            Inline::LineBreak => out.push(' '),
        }
    }
}
