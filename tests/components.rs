//! Component tests, in a real browser (headless Chromium via wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use std::borrow::Cow;

use roundtrip::lesson::{Block, Document, Inline, LessonView, LessonViewProps, LinkKind, LESSON};
use roundtrip_lesson::{CompletionRule, EmbedControls};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn render(document: &'static Document) -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<LessonView>::with_root_and_props(
        root.clone(),
        LessonViewProps { document, platform: Default::default() },
    )
    .render();
    yew::scheduler::flush().await;
    root
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

fn text(element: &Element) -> String {
    element.dyn_ref::<HtmlElement>().map(|e| e.inner_text()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_lesson_renders_every_heading_with_its_id() {
    let root = render(&LESSON).await;
    let headings: Vec<(String, String)> =
        all(&root, "h1, h2, h3").iter().map(|h| (h.id(), text(h))).collect();
    let expected = [
        ("go-back", "Go Back"),
        ("what-is-back-end-engineering", "What is Back End Engineering?"),
        ("goals", "Goals"),
        ("how-does-the-web-even-work", "How Does the Web Even Work?"),
        ("what-is-back-end-engineering-2", "What is Back End Engineering?"),
        ("back-end-front-end", "Back End & Front End"),
        ("what-technologies-are-used-on-the-back-end", "What Technologies are used on the Back End?"),
        ("how-did-you-do", "How Did You Do?"),
        ("up-next", "Up Next"),
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(headings, expected);
    assert_eq!(all(&root, "h1").len(), 1);
}

#[wasm_bindgen_test]
async fn the_contents_link_to_every_section() {
    let root = render(&LESSON).await;
    let nav = root.query_selector("nav.contents").unwrap().expect("a table of contents");
    assert_eq!(nav.get_attribute("aria-label").as_deref(), Some("On this page"));
    let targets: Vec<String> = all(&nav, "a").iter().filter_map(|a| a.get_attribute("href")).collect();
    let outline: Vec<String> = LESSON.outline.iter().map(|e| format!("#{}", e.id)).collect();
    assert_eq!(targets, outline);
    for target in &targets {
        assert!(root.query_selector(target).unwrap().is_some(), "{target} leads nowhere");
    }
}

#[wasm_bindgen_test]
async fn external_links_open_safely_and_course_links_stay_relative() {
    let root = render(&LESSON).await;
    let external = all(&root, "a.external");
    // target.com twice, try.turing.edu/help, and the diagram's credit.
    assert_eq!(external.len(), 4);
    assert!(root.query_selector("figure.diagram figcaption a.external").unwrap().is_some());
    for a in &external {
        assert_eq!(a.get_attribute("target").as_deref(), Some("_blank"));
        assert_eq!(a.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
        assert!(a.text_content().unwrap_or_default().ends_with("(opens in a new tab)"));
    }
    let course: Vec<String> = all(&root, "a:not(.external):not([href^='#'])")
        .iter()
        .filter_map(|a| a.get_attribute("href"))
        .collect();
    assert_eq!(
        course,
        [
            "../",
            "../ruby-intro",
            "../ruby-methods",
            "../control-flow",
            "../loops",
            "../extension",
            "../wrap-up"
        ]
    );
}

#[wasm_bindgen_test]
async fn the_picture_keeps_its_description_and_credit_and_is_not_hotlinked() {
    let root = render(&LESSON).await;
    assert!(all(&root, "img").is_empty(), "no hot-linked image");
    let figure = root.query_selector("figure.diagram").unwrap().expect("the diagram");
    let svg = figure.query_selector("svg[role='img']").unwrap().expect("an SVG picture");
    let title = svg.query_selector("title").unwrap().unwrap();
    assert!(title.text_content().unwrap().starts_with("Simple client server model"));
    assert_eq!(svg.get_attribute("aria-labelledby"), Some(title.id()));
    let caption = figure.query_selector("figcaption").unwrap().unwrap();
    assert!(text(&caption).contains("Mozilla.org"));
}

static HOSTILE: Document = Document {
    title: Cow::Borrowed("Hostile"),
    lang: Cow::Borrowed("en"),
    blocks: Cow::Borrowed(&[
        Block::Paragraph(Cow::Borrowed(&[Inline::Text(Cow::Borrowed(
            "<img src=x onerror=\"document.body.dataset.pwned=1\"><script>document.body.dataset.pwned=1</script>",
        ))])),
        Block::Paragraph(Cow::Borrowed(&[Inline::Link {
            href: Cow::Borrowed("https://example.com/?q=<b>"),
            kind: LinkKind::External,
            content: Cow::Borrowed(&[Inline::Code(Cow::Borrowed("<b>bold?</b>"))]),
        }])),
    ]),
    outline: Cow::Borrowed(&[]),
    completion: CompletionRule { diagram_steps: None, requests: None, checks: None, pass_score: None },
    embed: EmbedControls {
        name: Cow::Borrowed(""),
        new_tab: Cow::Borrowed(""),
        fullscreen: Cow::Borrowed(""),
        exit_fullscreen: Cow::Borrowed(""),
        fullscreen_refused: Cow::Borrowed(""),
    },
    check_words: None,
    progress_words: None,
};

#[wasm_bindgen_test]
async fn text_is_rendered_as_text_never_as_markup() {
    let root = render(&HOSTILE).await;
    assert!(all(&root, "img, script, b").is_empty());
    assert!(text(&root).contains("<script>document.body.dataset.pwned=1</script>"));
    assert!(text(&root).contains("<b>bold?</b>"));
    let body = web_sys::window().unwrap().document().unwrap().body().unwrap();
    assert!(body.get_attribute("data-pwned").is_none());
}
