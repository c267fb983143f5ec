//! Component tests, in a real browser (headless Chromium via wasm-bindgen-test),
//! on the fixture lesson: what is expected is read from its document.
#![cfg(target_arch = "wasm32")]

#[path = "../src/lesson/fixtures.rs"]
mod fixtures;

mod common;

use std::sync::LazyLock;

use common::{find_all, new_root, text};
use fixtures::EVERY_WIDGET;
use roundtrip::lesson::{Block, Document, Inline, LessonView, LessonViewProps, LinkKind, Widget};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

async fn render(document: &'static Document) -> Element {
    let root = new_root();
    yew::Renderer::<LessonView>::with_root_and_props(
        root.clone(),
        LessonViewProps { document, platform: Default::default(), islands: None },
    )
    .render();
    yew::scheduler::flush().await;
    root
}

/// Every heading of `blocks`, wherever it stands, as `(tag, id, text)`.
fn headings(blocks: &[Block]) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for block in blocks {
        match block {
            Block::Heading { level, id, content } => {
                found.push((format!("h{level}"), id.to_string(), Inline::plain_text(content)))
            }
            Block::List { items, .. } => found.extend(items.iter().flat_map(|item| headings(item))),
            Block::Quote(blocks) => found.extend(headings(blocks)),
            _ => {}
        }
    }
    found
}

fn contents_title(document: &Document) -> &str {
    document
        .blocks
        .iter()
        .find_map(|block| match block {
            Block::Widget(Widget::Contents { title }) => Some(title.as_ref()),
            _ => None,
        })
        .expect("the fixture has a table of contents")
}

#[wasm_bindgen_test]
async fn the_lesson_renders_every_heading_with_its_id() {
    let root = render(&EVERY_WIDGET).await;
    let shown: Vec<(String, String, String)> = find_all(&root, "h1, h2, h3, h4, h5, h6")
        .iter()
        .map(|h| (h.tag_name().to_lowercase(), h.id(), text(h)))
        .collect();
    let expected = headings(&EVERY_WIDGET.blocks);
    assert!(expected.len() > 2, "the fixture has a title and sections: {expected:?}");
    assert_eq!(shown, expected);
    assert_eq!(find_all(&root, "h1").len(), 1);
    assert_eq!(text(&find_all(&root, "h1")[0]), EVERY_WIDGET.title.as_ref(), "the title is the one h1");
}

#[wasm_bindgen_test]
async fn the_contents_link_to_every_section() {
    let root = render(&EVERY_WIDGET).await;
    let nav = root.query_selector("nav.contents").unwrap().expect("a table of contents");
    assert_eq!(nav.get_attribute("aria-label").as_deref(), Some(contents_title(&EVERY_WIDGET)));
    let targets: Vec<String> = find_all(&nav, "a").iter().filter_map(|a| a.get_attribute("href")).collect();
    let outline: Vec<String> = EVERY_WIDGET.outline.iter().map(|e| format!("#{}", e.id)).collect();
    assert!(!outline.is_empty(), "the fixture has sections");
    assert_eq!(targets, outline);
    for target in &targets {
        assert!(root.query_selector(target).unwrap().is_some(), "{target} leads nowhere");
    }
}

#[wasm_bindgen_test]
async fn external_links_open_safely_and_course_links_stay_relative() {
    let root = render(&EVERY_WIDGET).await;
    let links = roundtrip_document::links(&EVERY_WIDGET.blocks);
    let of_kind = |kind: LinkKind| -> Vec<&str> {
        links.iter().filter(|(_, k, _)| *k == kind).map(|(href, _, _)| href.as_str()).collect()
    };
    // The text's links out, and each diagram's credit.
    let credits = EVERY_WIDGET.diagrams().iter().filter(|d| !d.credit_href.is_empty()).count();
    assert!(!of_kind(LinkKind::External).is_empty() && credits > 0, "the fixture links out");
    let external = find_all(&root, "a.external");
    assert_eq!(external.len(), of_kind(LinkKind::External).len() + credits);
    assert!(root.query_selector("figure.diagram figcaption a.external").unwrap().is_some());
    for a in &external {
        assert_eq!(a.get_attribute("target").as_deref(), Some("_blank"));
        assert_eq!(a.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
        assert!(a.text_content().unwrap_or_default().ends_with("(opens in a new tab)"));
    }
    let course: Vec<String> = find_all(&root, "a:not(.external):not([href^='#'])")
        .iter()
        .filter_map(|a| a.get_attribute("href"))
        .collect();
    let expected = of_kind(LinkKind::Course);
    assert!(!expected.is_empty() && expected.iter().all(|href| href.starts_with("../")), "{expected:?}");
    assert_eq!(course, expected);
}

#[wasm_bindgen_test]
async fn the_picture_keeps_its_description_and_credit_and_is_not_hotlinked() {
    let root = render(&EVERY_WIDGET).await;
    let diagram = EVERY_WIDGET.diagrams()[0];
    assert!(find_all(&root, "img").is_empty(), "no hot-linked image");
    let figure = root.query_selector("figure.diagram").unwrap().expect("the diagram");
    let svg = figure.query_selector("svg[role='img']").unwrap().expect("an SVG picture");
    let title = svg.query_selector("title").unwrap().unwrap();
    assert_eq!(title.text_content().unwrap(), diagram.alt.as_ref());
    assert_eq!(svg.get_attribute("aria-labelledby"), Some(title.id()));
    let caption = figure.query_selector("figcaption").unwrap().unwrap();
    assert!(text(&caption).contains(diagram.credit.as_ref()));
}

/// A lesson whose text is made to look like markup: it must stay text.
static HOSTILE: LazyLock<Document> = LazyLock::new(|| {
    Document {
    title: "Hostile".into(),
    blocks: vec![
        Block::Paragraph(
            vec![Inline::Text(
                "<img src=x onerror=\"document.body.dataset.pwned=1\"><script>document.body.dataset.pwned=1</script>"
                    .into(),
            )]
            .into(),
        ),
        Block::Paragraph(
            vec![Inline::Link {
                href: "https://example.com/?q=<b>".into(),
                kind: LinkKind::External,
                content: vec![Inline::Code("<b>bold?</b>".into())].into(),
            }]
            .into(),
        ),
    ]
    .into(),
    outline: vec![].into(),
    ..EVERY_WIDGET.clone()
}
});

#[wasm_bindgen_test]
async fn text_is_rendered_as_text_never_as_markup() {
    let root = render(&HOSTILE).await;
    assert!(find_all(&root, "img, script, b").is_empty());
    assert!(text(&root).contains("<script>document.body.dataset.pwned=1</script>"));
    assert!(text(&root).contains("<b>bold?</b>"));
    let body = web_sys::window().unwrap().document().unwrap().body().unwrap();
    assert!(body.get_attribute("data-pwned").is_none());
}
