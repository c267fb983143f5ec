//! Renders a [`Document`] as HTML elements. Text is only ever text: nothing
//! here builds markup from strings (but for the prerendered islands the build
//! hands in, which are this same code's output).

use std::rc::Rc;

use yew::prelude::*;

use crate::checks::{CheckView, SummaryView};
use crate::diagram::DiagramView;
use crate::host::platform::PlatformState;
use crate::lab::LabView;

use super::{Block, Document, Inline, LinkKind, OutlineEntry, Widget};
use crate::text::{split_last_word, split_leading_punctuation};

#[derive(Properties, PartialEq)]
pub struct LessonViewProps {
    pub document: &'static Document,
    /// Where the checks report answers: the app's platform; none for a
    /// lesson shown on its own.
    #[prop_or_default]
    pub platform: PlatformState,
    /// The build's: for each interactive widget, by its place among the
    /// document's widgets, the HTML of the island it is on the page (see
    /// `crate::app`), put where the widget stands.
    #[prop_or_default]
    pub islands: Option<Rc<Vec<(usize, AttrValue)>>>,
}

/// What every block's view needs to know of the page.
struct Around<'a> {
    document: &'static Document,
    platform: &'a PlatformState,
    islands: Option<&'a [(usize, AttrValue)]>,
}

#[function_component]
pub fn LessonView(props: &LessonViewProps) -> Html {
    let document = props.document;
    let around =
        Around { document, platform: &props.platform, islands: props.islands.as_deref().map(Vec::as_slice) };
    html! {
        <article class="lesson" lang={document.lang.as_ref()}>
            { for document.blocks.iter().map(|block| block_view(&around, block)) }
        </article>
    }
}

fn block_view(around: &Around, block: &'static Block) -> Html {
    let new_tab = around.document.links.new_tab.as_ref();
    match block {
        Block::Heading { level, id, content } => {
            let tag = match level {
                1 => "h1",
                2 => "h2",
                3 => "h3",
                4 => "h4",
                5 => "h5",
                _ => "h6",
            };
            html! { <@{tag} id={id.as_ref()}>{ inlines_view(content, new_tab) }</@> }
        }
        Block::Paragraph(content) => html! { <p>{ inlines_view(content, new_tab) }</p> },
        Block::List { ordered, items } => {
            let items = items.iter().map(|item| match item.as_ref() {
                // A tight item's text sits in the `li` itself, as in the source.
                [Block::Paragraph(content)] => html! { <li>{ inlines_view(content, new_tab) }</li> },
                blocks => html! { <li>{ for blocks.iter().map(|b| block_view(around, b)) }</li> },
            });
            if *ordered {
                html! { <ol>{ for items }</ol> }
            } else {
                html! { <ul>{ for items }</ul> }
            }
        }
        Block::Quote(blocks) => html! {
            <blockquote>{ for blocks.iter().map(|b| block_view(around, b)) }</blockquote>
        },
        // A long line scrolls sideways inside the block rather than widening
        // the page; a scrolling region takes the keyboard's focus, so that
        // it can be scrolled without a pointer.
        Block::Code { language, text } => html! {
            <pre class="code" data-language={language.as_ref()} tabindex="0"><code>{ text.as_ref() }</code></pre>
        },
        Block::Rule => html! { <hr /> },
        Block::Widget(widget) => {
            let island = around.islands.and_then(|islands| {
                let at = around.document.widgets().iter().position(|w| std::ptr::eq(*w, widget))?;
                islands.iter().find(|(i, _)| *i == at).map(|(_, html)| html.clone())
            });
            match island {
                Some(html) => Html::from_html_unchecked(html),
                None => widget_view(around.document, around.platform, widget),
            }
        }
    }
}

/// One widget of `document`, as the page shows it.
pub fn widget_view(document: &'static Document, platform: &PlatformState, widget: &'static Widget) -> Html {
    match widget {
        Widget::Contents { title } => contents_view(title, &document.outline),
        Widget::Diagram(diagram) => {
            let nth = document.diagrams().iter().position(|d| std::ptr::eq(*d, diagram)).unwrap_or(0);
            let new_tab = document.links.new_tab.as_ref();
            html! { <DiagramView {diagram} {nth} {new_tab} /> }
        }
        Widget::Lab(lab) => {
            let nth = document.labs().iter().position(|l| std::ptr::eq(*l, lab)).unwrap_or(0);
            html! { <LabView {lab} {nth} /> }
        }
        Widget::Check(check) => {
            let words = &document.check_words;
            html! { <CheckView {document} {check} {words} platform={platform.clone()} /> }
        }
        Widget::Summary(summary) => html! { <SummaryView {document} {summary} /> },
    }
}

fn contents_view(title: &'static str, outline: &'static [OutlineEntry]) -> Html {
    html! {
        <nav class="contents" aria-label={title}>
            <p class="contents-title" aria-hidden="true">{ title }</p>
            <ol>
                { for outline.iter().map(|entry| html! {
                    <li class={format!("contents-level-{}", entry.level)}>
                        <a href={format!("#{}", entry.id)}>{ entry.text.as_ref() }</a>
                    </li>
                }) }
            </ol>
        </nav>
    }
}

fn inlines_view(content: &'static [Inline], new_tab: &'static str) -> Html {
    let mut shown = Vec::with_capacity(content.len());
    let mut rest = content;
    while let Some((inline, after)) = rest.split_first() {
        rest = after;
        let Inline::Link { href, kind: LinkKind::External, content } = inline else {
            shown.push(inline_view(inline, new_tab));
            continue;
        };
        // The punctuation right after the link stays on the link's line.
        let (punctuation, text) = match after.first() {
            Some(Inline::Text(text)) => {
                rest = &after[1..];
                split_leading_punctuation(text)
            }
            _ => ("", ""),
        };
        shown.push(external_link(href, content, punctuation, new_tab));
        if !text.is_empty() {
            shown.push(html! { text });
        }
    }
    html! { <>{ for shown }</> }
}

fn inline_view(inline: &'static Inline, new_tab: &'static str) -> Html {
    match inline {
        Inline::Text(text) => html! { text.as_ref() },
        Inline::Strong(content) => html! { <strong>{ inlines_view(content, new_tab) }</strong> },
        Inline::Emphasis(content) => html! { <em>{ inlines_view(content, new_tab) }</em> },
        Inline::Code(text) => html! { <code>{ text.as_ref() }</code> },
        Inline::Link { href, kind: LinkKind::External, content } => external_link(href, content, "", new_tab),
        Inline::Link { href, content, .. } => {
            html! { <a href={href.as_ref()}>{ inlines_view(content, new_tab) }</a> }
        }
        Inline::LineBreak => html! { <br /> },
    }
}

/// A link to another site, which opens beside the lesson (inside a platform
/// frame it could not open at all) and learns nothing about where the
/// learner came from. Its last word, its arrow (drawn by the stylesheet)
/// and the `punctuation` after it never part at a line's end.
fn external_link(
    href: &'static str,
    content: &'static [Inline],
    punctuation: &'static str,
    new_tab: &'static str,
) -> Html {
    let (rest, head, last) = match content.split_last() {
        Some((Inline::Text(text), rest)) => {
            let (head, word) = split_last_word(text);
            (rest, head, html! { word })
        }
        Some((last, rest)) => (rest, "", inline_view(last, new_tab)),
        None => (content, "", html! {}),
    };
    html! {
        <span class="link-end">
            <a class="external" {href} target="_blank" rel="noopener noreferrer">
                if !rest.is_empty() || !head.is_empty() {
                    <span class="link-start">
                        { inlines_view(rest, new_tab) }
                        if !head.is_empty() {
                            { head }
                        }
                    </span>
                }
                { last }
                <span class="visually-hidden">{ " " }{ new_tab }</span>
            </a>
            if !punctuation.is_empty() {
                { punctuation }
            }
        </span>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use super::*;
    use crate::lesson::fixtures::EVERY_WIDGET;

    /// The lesson with two diagrams and two labs, as its first paint.
    fn rendered() -> String {
        futures::executor::block_on(
            yew::LocalServerRenderer::<LessonView>::with_props(LessonViewProps {
                document: &EVERY_WIDGET,
                platform: Default::default(),
                islands: None,
            })
            .hydratable(false)
            .render(),
        )
    }

    /// Every value of ` attribute="…"` in `html`, in order.
    fn values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
        let opening = format!(" {attribute}=\"");
        html.split(opening.as_str())
            .skip(1)
            .filter_map(|rest| rest.split_once('"').map(|(value, _)| value))
            .collect()
    }

    #[test]
    fn every_id_is_unique_and_every_reference_finds_one() {
        let html = rendered();
        let ids = values(&html, "id");
        let mut unique = HashSet::new();
        for id in &ids {
            assert!(unique.insert(*id), "id {id:?} twice");
        }
        for id in
            ["diagram-alt", "diagram-2-alt", "diagram-step-3", "diagram-2-step-1", "lab-url", "lab-2-url"]
        {
            assert!(unique.contains(id), "no {id:?}");
        }
        let mut references: Vec<&str> =
            values(&html, "href").into_iter().filter_map(|h| h.strip_prefix('#')).collect();
        for attribute in ["aria-labelledby", "aria-describedby", "aria-controls"] {
            references.extend(values(&html, attribute).into_iter().flat_map(str::split_whitespace));
        }
        references.extend(values(&html, "for"));
        references.extend(
            values(&html, "marker-end")
                .into_iter()
                .filter_map(|v| v.strip_prefix("url(#")?.strip_suffix(')')),
        );
        assert!(references.len() > 20, "{references:?}");
        for reference in references {
            assert!(unique.contains(reference), "#{reference} points at nothing");
        }
    }

    #[test]
    fn each_diagram_has_its_own_radio_group() {
        let html = rendered();
        let groups: Vec<BTreeSet<&str>> = html
            .split("<figure class=\"diagram\"")
            .skip(1)
            .map(|diagram| {
                let diagram = diagram.split("</figure>").next().unwrap_or_default();
                diagram
                    .split("<input")
                    .skip(1)
                    .filter(|input| input.split('>').next().is_some_and(|tag| tag.contains("type=\"radio\"")))
                    .flat_map(|input| values(input.split('>').next().unwrap_or_default(), "name"))
                    .collect()
            })
            .collect();
        assert_eq!(groups.len(), 2, "{groups:?}");
        assert_eq!(groups[0], BTreeSet::from(["diagram-scenario"]));
        assert!(groups[0].is_disjoint(&groups[1]) && !groups[1].is_empty(), "{groups:?}");
    }
}
