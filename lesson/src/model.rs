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
    /// What the learner must do for the lesson to count as complete.
    pub completion: CompletionRule,
    /// The words on the controls shown when the lesson is embedded.
    pub embed: EmbedControls,
}

/// When the lesson counts as complete (front matter `[completion]`), and with
/// knowledge checks, what score passes. Nothing required: complete on opening.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "compile", derive(serde::Deserialize), serde(default, deny_unknown_fields))]
pub struct CompletionRule {
    /// Steps of the diagram seen, over all its scenarios.
    pub diagram_steps: Option<Amount>,
    /// Real requests sent from the request lab that came back.
    pub requests: Option<u32>,
    /// Knowledge checks answered.
    pub checks: Option<Amount>,
    /// The score (0 to 100) that passes, once the checks are answered.
    pub pass_score: Option<u8>,
}

/// How many of something: every one there is, or at least a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amount {
    All,
    AtLeast(u32),
}

/// The words on the controls for a lesson inside another page (front matter
/// `[embed]`): leave the frame for a tab of its own, or go full screen.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compile", derive(serde::Deserialize), serde(default, deny_unknown_fields))]
pub struct EmbedControls {
    /// Names the group of controls for assistive technology.
    pub name: Text,
    pub new_tab: Text,
    pub fullscreen: Text,
    pub exit_fullscreen: Text,
    /// Shown when the host page does not let the lesson go full screen.
    pub fullscreen_refused: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub id: Text,
    pub text: Text,
}

// The document is static data, built once and never moved: variant sizes don't matter.
#[allow(clippy::large_enum_variant)]
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
    Link { href: Text, kind: LinkKind, content: List<Inline> },
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
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Widget {
    /// The table of contents, built from the document's outline.
    Contents { title: Text },
    /// The client-server diagram.
    Diagram(Diagram),
}

/// The client-server diagram: a picture of the request-response cycle, told
/// one step at a time, in one or more scenarios.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compile", derive(serde::Deserialize), serde(deny_unknown_fields))]
pub struct Diagram {
    /// The text alternative of the picture.
    pub alt: Text,
    /// Who drew the picture this diagram is based on.
    pub credit: Text,
    pub credit_href: Text,
    /// The words drawn in the picture.
    pub labels: DiagramLabels,
    /// The words on the diagram's controls.
    pub controls: DiagramControls,
    pub scenarios: List<Scenario>,
    /// Narration for a real request from the request lab, played live.
    pub live: LiveNarration,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compile", derive(serde::Deserialize), serde(deny_unknown_fields))]
pub struct DiagramLabels {
    pub client: Text,
    pub server: Text,
    pub database: Text,
    /// The connection between client and server, e.g. `HTTP(S)`.
    pub connection: Text,
    pub request: Text,
    pub response: Text,
    /// Shown by the server, which never stops listening.
    pub listening: Text,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compile", derive(serde::Deserialize), serde(deny_unknown_fields))]
pub struct DiagramControls {
    /// Names the diagram for assistive technology.
    pub name: Text,
    pub scenario: Text,
    pub back: Text,
    pub next: Text,
    pub play: Text,
    pub pause: Text,
    pub restart: Text,
    /// `Step {n} of {total}`.
    pub progress: Text,
    pub link: Text,
    /// Leaves a live request and returns to the scenarios.
    pub leave_live: Text,
}

/// One story through the cycle, e.g. "the page exists".
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compile", derive(serde::Deserialize), serde(deny_unknown_fields))]
pub struct Scenario {
    /// Used in deep links: `#diagram-<id>-step-3`.
    pub id: Text,
    pub label: Text,
    /// What the learner types into the address bar.
    pub address: Text,
    pub method: Text,
    pub path: Text,
    pub status: u16,
    pub reason: Text,
    /// What the browser shows once the response is rendered.
    pub page: Text,
    pub steps: List<Step>,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compile", derive(serde::Deserialize), serde(deny_unknown_fields))]
pub struct Step {
    pub stage: Stage,
    pub title: Text,
    pub text: Text,
}

/// Where in the cycle a step is; decides what the picture highlights and
/// where the message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "compile", derive(serde::Deserialize), serde(rename_all = "lowercase"))]
pub enum Stage {
    /// The learner types an address into the client.
    Address,
    /// The request travels from client to server.
    Request,
    /// The server, always listening, receives it.
    Receive,
    /// The back end does its work, with the database.
    Work,
    /// The response travels back, carrying a status code.
    Respond,
    /// The browser renders what came back.
    Render,
}

/// Templates for a live request. Placeholders: `{method}`, `{path}`,
/// `{status}`, `{reason}`, `{class}`, `{ms}`, `{why}`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "compile", derive(serde::Deserialize), serde(deny_unknown_fields))]
pub struct LiveNarration {
    pub title: Text,
    pub started: Text,
    pub answered: Text,
    pub failed: Text,
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
