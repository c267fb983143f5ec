//! [`Document`] → Rust source for a `static`, so the wasm carries the lesson as
//! ready-made data: nothing is parsed or deserialised when the page loads.
//!
//! A new model type becomes emittable with one `emit_struct!` line (or, for an
//! enum, a short `impl Emit`).

use std::borrow::Cow;
use std::fmt::Write;

use crate::model::*;

/// `pub static NAME: Document = …;`, with paths through `krate` (the name the
/// generated code's crate knows this one by, e.g. `roundtrip_lesson`).
pub fn document_static(name: &str, document: &Document, krate: &str) -> String {
    let mut g = Gen { out: String::new(), krate };
    g.raw(&format!("pub static {name}: ::{krate}::Document ="));
    document.emit(&mut g);
    g.raw(";\n");
    g.out
}

pub struct Gen<'a> {
    out: String,
    krate: &'a str,
}

impl Gen<'_> {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Every path starts with a space, so `field: ::path` never runs together
    /// into `field:::path`.
    fn path(&mut self, item: &str) {
        let _ = write!(self.out, " ::{}::{item}", self.krate);
    }

    fn tuple(&mut self, variant: &str, value: &impl Emit) {
        self.path(variant);
        self.raw("(");
        value.emit(self);
        self.raw(")");
    }
}

/// A value that can be written as a Rust expression usable in a `static`.
pub trait Emit {
    fn emit(&self, g: &mut Gen);
}

impl Emit for Cow<'static, str> {
    fn emit(&self, g: &mut Gen) {
        // `Debug` of a `str` is a valid Rust string literal.
        let _ = write!(g.out, " ::std::borrow::Cow::Borrowed({:?})", self.as_ref());
    }
}

impl<T: Emit + Clone> Emit for Cow<'static, [T]> {
    fn emit(&self, g: &mut Gen) {
        g.raw(" ::std::borrow::Cow::Borrowed(&[");
        for item in self.iter() {
            item.emit(g);
            g.raw(",");
        }
        g.raw("])");
    }
}

impl<T: Emit> Emit for Option<T> {
    fn emit(&self, g: &mut Gen) {
        match self {
            Some(value) => {
                g.raw(" ::std::option::Option::Some(");
                value.emit(g);
                g.raw(")");
            }
            None => g.raw(" ::std::option::Option::None"),
        }
    }
}

macro_rules! emit_literal {
    ($($ty:ty),*) => {$(
        impl Emit for $ty {
            fn emit(&self, g: &mut Gen) {
                let _ = write!(g.out, " {:?}", self);
            }
        }
    )*};
}
emit_literal!(bool, u8, u16, u32, u64);

/// `impl Emit` for a struct with named fields, all of them `Emit`.
macro_rules! emit_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl Emit for $ty {
            fn emit(&self, g: &mut Gen) {
                g.path(stringify!($ty));
                g.raw("{");
                $(
                    g.raw(concat!(stringify!($field), ":"));
                    self.$field.emit(g);
                    g.raw(",");
                )*
                g.raw("}");
            }
        }
    };
}

emit_struct!(Document { title, lang, blocks, outline, check_words, progress_words, completion, embed });
emit_struct!(CompletionRule { diagram_steps, requests, checks, pass_score });
emit_struct!(EmbedControls { name, new_tab, fullscreen, exit_fullscreen, fullscreen_refused });
emit_struct!(OutlineEntry { level, id, text });
emit_struct!(Diagram { alt, credit, credit_href, labels, controls, scenarios, live });
emit_struct!(DiagramLabels { client, server, database, connection, request, response, listening });
emit_struct!(DiagramControls {
    name,
    scenario,
    back,
    next,
    play,
    pause,
    restart,
    progress,
    link,
    leave_live,
    needs_script
});
emit_struct!(Scenario { id, label, address, method, path, status, reason, page, steps });
emit_struct!(Step { stage, title, text });
emit_struct!(LiveNarration { title, started, answered, failed });
emit_struct!(Lab { timeout_seconds, labels, presets, codes, classes, failures, schemes, practice_api });
emit_struct!(LabLabels {
    title,
    intro,
    needs_script,
    preset,
    custom,
    practice_found,
    address,
    method,
    body,
    content_type,
    timeout,
    send,
    cancel,
    sending,
    response,
    nothing_yet,
    time,
    size,
    bytes,
    redirected,
    redirected_to,
    not_redirected,
    headers,
    headers_note,
    body_preview,
    empty_body,
    no_body_for_head,
    truncated,
    binary,
    html_note,
    server_said,
    body_stopped,
    not_sent,
    no_status,
    history,
    history_empty,
    clear,
    history_note,
});
emit_struct!(Preset { label, why, method, url, practice, body, content_type, pad_body_to });
emit_struct!(CodeMeaning { status, meaning });
emit_struct!(ClassMeanings { informational, success, redirection, client_error, server_error });
emit_struct!(LabFailures {
    empty,
    invalid,
    other_scheme,
    credentials,
    bad_port,
    mixed_content,
    network_or_cors,
    cors_header,
    network,
    timeout,
    cancelled,
    other,
    short,
});
emit_struct!(FailureNames { refused, network_or_cors, network, timeout, cancelled, other });
emit_struct!(SchemeReason { scheme, why });

impl Emit for Method {
    fn emit(&self, g: &mut Gen) {
        g.path(match self {
            Method::Get => "Method::Get",
            Method::Head => "Method::Head",
            Method::Post => "Method::Post",
        });
    }
}

emit_struct!(Check { id, goal, prompt, section, explanation, task });
emit_struct!(Order { steps });
emit_struct!(OrderStep { text, hint });
emit_struct!(Sort { groups, items });
emit_struct!(SortItem { text, group, feedback });
emit_struct!(Choose { multiple, shuffle, options });
emit_struct!(Choice { text, right, feedback });
emit_struct!(Summary {
    score,
    done,
    to_do,
    goal_score,
    not_answered,
    tries,
    start_over,
    start_over_question,
    start_over_yes,
    start_over_no,
    started_over,
    completion,
    goals
});
emit_struct!(CompletionWords {
    complete,
    passed,
    failed,
    still_to_do,
    separator,
    diagram_steps,
    requests,
    checks
});
emit_struct!(CountWords { one, other });
emit_struct!(Goal { text, section });
emit_struct!(CheckWords {
    kicker,
    needs_script,
    check,
    retry,
    show_me,
    choose_all,
    right,
    partly,
    wrong,
    why,
    mark_right,
    mark_out_of_place,
    mark_wrong,
    move_up,
    move_down,
    moved,
    order_result,
    sort_result,
    missed,
    sort_incomplete,
    choose_incomplete
});
emit_struct!(ProgressWords { not_kept, unreadable, resume });

impl Emit for Task {
    fn emit(&self, g: &mut Gen) {
        match self {
            Task::Order(order) => g.tuple("Task::Order", order),
            Task::Sort(sort) => g.tuple("Task::Sort", sort),
            Task::Choose(choose) => g.tuple("Task::Choose", choose),
        }
    }
}

impl Emit for Amount {
    fn emit(&self, g: &mut Gen) {
        match self {
            Amount::All => g.path("Amount::All"),
            Amount::AtLeast(n) => g.tuple("Amount::AtLeast", n),
        }
    }
}

impl Emit for Stage {
    fn emit(&self, g: &mut Gen) {
        g.path(match self {
            Stage::Address => "Stage::Address",
            Stage::Request => "Stage::Request",
            Stage::Receive => "Stage::Receive",
            Stage::Work => "Stage::Work",
            Stage::Respond => "Stage::Respond",
            Stage::Render => "Stage::Render",
        });
    }
}

impl Emit for Block {
    fn emit(&self, g: &mut Gen) {
        match self {
            Block::Heading { level, id, content } => {
                g.path("Block::Heading");
                g.raw("{level:");
                level.emit(g);
                g.raw(",id:");
                id.emit(g);
                g.raw(",content:");
                content.emit(g);
                g.raw("}");
            }
            Block::Paragraph(content) => g.tuple("Block::Paragraph", content),
            Block::List { ordered, items } => {
                g.path("Block::List");
                g.raw("{ordered:");
                ordered.emit(g);
                g.raw(",items:");
                items.emit(g);
                g.raw("}");
            }
            Block::Quote(blocks) => g.tuple("Block::Quote", blocks),
            Block::Code { language, text } => {
                g.path("Block::Code");
                g.raw("{language:");
                language.emit(g);
                g.raw(",text:");
                text.emit(g);
                g.raw("}");
            }
            Block::Rule => g.path("Block::Rule"),
            Block::Widget(widget) => g.tuple("Block::Widget", widget),
        }
    }
}

impl Emit for Inline {
    fn emit(&self, g: &mut Gen) {
        match self {
            Inline::Text(text) => g.tuple("Inline::Text", text),
            Inline::Code(text) => g.tuple("Inline::Code", text),
            Inline::Strong(content) => g.tuple("Inline::Strong", content),
            Inline::Emphasis(content) => g.tuple("Inline::Emphasis", content),
            Inline::Link { href, kind, content } => {
                g.path("Inline::Link");
                g.raw("{href:");
                href.emit(g);
                g.raw(",kind:");
                kind.emit(g);
                g.raw(",content:");
                content.emit(g);
                g.raw("}");
            }
            Inline::LineBreak => g.path("Inline::LineBreak"),
        }
    }
}

impl Emit for LinkKind {
    fn emit(&self, g: &mut Gen) {
        g.path(match self {
            LinkKind::External => "LinkKind::External",
            LinkKind::Course => "LinkKind::Course",
            LinkKind::Anchor => "LinkKind::Anchor",
        });
    }
}

impl Emit for Widget {
    fn emit(&self, g: &mut Gen) {
        match self {
            Widget::Contents { title } => {
                g.path("Widget::Contents");
                g.raw("{title:");
                title.emit(g);
                g.raw("}");
            }
            Widget::Diagram(diagram) => g.tuple("Widget::Diagram", diagram),
            Widget::Lab(lab) => g.tuple("Widget::Lab", lab),
            Widget::Check(check) => g.tuple("Widget::Check", check),
            Widget::Summary(summary) => g.tuple("Widget::Summary", summary),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_into_a_valid_literal() {
        let mut g = Gen { out: String::new(), krate: "k" };
        Cow::<'static, str>::Borrowed("a \"quote\", a \\ and\na newline").emit(&mut g);
        assert_eq!(g.out, r#" ::std::borrow::Cow::Borrowed("a \"quote\", a \\ and\na newline")"#);
    }

    #[test]
    fn paths_never_run_into_a_field_colon() {
        let entry = OutlineEntry { level: 2, id: "goals".into(), text: "Goals".into() };
        let mut g = Gen { out: String::new(), krate: "k" };
        entry.emit(&mut g);
        assert!(!g.out.contains(":::"), "{}", g.out);
        assert_eq!(
            g.out,
            r#" ::k::OutlineEntry{level: 2,id: ::std::borrow::Cow::Borrowed("goals"),text: ::std::borrow::Cow::Borrowed("Goals"),}"#
        );
    }
}
