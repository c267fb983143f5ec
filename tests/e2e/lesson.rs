//! The lesson page, "What is Back End Engineering?", in a real browser: its
//! DOM contract, that every part of the source page is shown, and that it is
//! usable (no console errors, no sideways scrolling on a phone, keyboard
//! order, axe-core's WCAG 2.1 AA rules).
//!
//! The expected texts are those of the lesson's Markdown source, copied here
//! on purpose: the test checks the app against the source, not against
//! itself. Texts are compared after [`normalize`] (curly quotes, white space).

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};

use crate::harness::{list, normalize, Page, Server};

const TITLE: &str = "What is Back End Engineering?";
const TOC: &str = r#"nav[aria-label="On this page"]"#;

/// The Markdown headings, in order: (level, text).
const HEADINGS: [(u8, &str); 9] = [
    (3, "Go Back"),
    (1, "What is Back End Engineering?"),
    (2, "Goals"),
    (2, "How Does the Web Even Work?"),
    (2, "What is Back End Engineering?"),
    (2, "Back End & Front End"),
    (2, "What Technologies are used on the Back End?"),
    // Not in the source page: the summary of the knowledge checks.
    (2, "How Did You Do?"),
    (3, "Up Next"),
];

const DEEP_LINK_ID: &str = "what-technologies-are-used-on-the-back-end";

const GOALS: [&str; 3] = [
    "Understand how the internet works",
    "Identify the key differences between Front End and Back End engineering",
    "Categorize various technologies used in Back End engineering",
];

const PROGRAMMING_TASKS: [&str; 4] = [
    "Manipulating, analyzing, and/or calculating data",
    "Storing data and accessing it later",
    "Verifying that data is accurate",
    "Making sure data can be retrieved quickly and easily",
];

const TECHNOLOGIES: [&str; 2] = [
    "Languages and frameworks: Ruby/Rails, Python/Django, Elixir/Phoenix, Java/Spring, and more.",
    "Databases: PostgreSQL, MySQL, Oracle Database, MongoDB, etc.",
];

/// The links of the source, in order: (text, the `href` of external ones).
const LINKS: [(&str, Option<&str>); 10] = [
    ("Welcome and Introductions", None),
    ("target.com", Some("https://www.target.com/")),
    ("try.turing.edu/help", Some("https://try.turing.edu/help")),
    ("target.com", Some("https://www.target.com/")),
    ("Ruby Introduction", None),
    ("Ruby Methods", None),
    ("Control Flow", None),
    ("Loops", None),
    ("Extension Challenge", None),
    ("Wrap-Up", None),
];

const TURING_NOTE: &str = "At Turing, our full-time students learn Ruby and Ruby on Rails. \
    We believe the fundamental concepts are more important than the language itself; students \
    can easily pick up a new language once they have those fundamentals!";

const PARAGRAPHS: [&str; 8] = [
    "Back End engineers create the server-side of web applications. In other words, Back End \
     engineering is primarily concerned with building the underlying foundation of a software \
     application.",
    "The web is a service built on the internet that allows computers to easily share data. This \
     is usually referred to as client-server communication. Below, you can see a model of this \
     communication process. We have some devices connected to the web that request information, \
     which are called clients. Then, we have a device that serves the data, referred to as a \
     server. The server is constantly listening for requests and when it receives one, it always \
     responds with a message. This is often called the response-request cycle.",
    "When you go to any webpage, target.com for example, you are sending a request to the server \
     by typing in a specific web address in the address bar. Now, if the web address is \
     recognized, you usually don’t even see the response message, but it’s there. What happens \
     if you go to a web page that doesn’t exist like try.turing.edu/help? You can see the \
     response code on that web page! But again, if the request is successful, the page loads as \
     you would expect.",
    "In a broad sense, Back End Engineering is all about managing and manipulating data \
     (information). Let’s go back to our target.com example. Let’s try to find a store near us. \
     This time, the user has an opportunity to receive unique data that has to come from \
     somewhere. That somewhere is what Back End Engineering is concerned with. Back End \
     Engineering is what makes a unique user experience possible. All of the data a user \
     receives back from the server is unique to their specific location.",
    "When we talk about Back End engineering, we’re often thinking of the programming tasks \
     involved in making these things possible:",
    "The Front End is the part of the application that users see, touch, and interact with. This \
     is the code that produces the experience in front of the user. All of the stylistic \
     components of a web page (layout, colors, sizes), in addition to logic around user \
     interactions, are part of Front End engineering. The Back End typically handles all the \
     stuff happening behind the scenes.",
    "There are numerous technologies that can be used for Back End programming. Here are a few \
     of them:",
    "Today, we won’t be talking about anything except for a small part of Ruby. However, we hope \
     that these terms give you some context, so that next time you hear one of these words, you \
     can say “Aha! That’s a database.”",
];

/// The picture's alt text (inside the source's quotes).
/// The source picture's description, with its two typos mended ("left side ,"
/// and "on the right right"), which a screen reader would otherwise read out.
const DIAGRAM_ALT: &str = "Simple client server model, client/computer is on left side, with \
    an arrow labeled 'request' pointing to a server on the right. The server has an arrow \
    labeled 'response' pointing back to the client. The set of arrows is labeled with 'HTTP(S)'.";

/// What each element matching a selector shows: its text as a sighted reader
/// sees it (text in visually-hidden, 1×1 px elements left out), its whole
/// `textContent`, and a few attributes.
const DESCRIBE: &str = r#"
    const [selector] = arguments;
    const shown = (el) => {
        const r = el.getBoundingClientRect();
        return r.width > 1 && r.height > 1 && el.checkVisibility({ visibilityProperty: true });
    };
    const visibleText = (root) => {
        let text = '';
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            let el = n.parentElement, hidden = false;
            for (; el && el !== root.parentElement; el = el.parentElement) {
                if (!shown(el)) { hidden = true; break; }
            }
            if (!hidden) text += n.data;
        }
        return text;
    };
    return [...document.querySelectorAll(selector)].map((el, index) => ({
        index,
        tag: el.tagName.toLowerCase(),
        id: el.id,
        visible: visibleText(el),
        text: el.textContent,
        href: el.getAttribute('href'),
        target: el.getAttribute('target'),
        rel: el.getAttribute('rel'),
        inToc: !!el.closest('nav[aria-label="On this page"]'),
        inFigure: !!el.closest('figure'),
    }));
"#;

#[derive(Debug, Clone)]
struct Shown {
    /// Its position among the selector's matches (as `find_all` returns them).
    index: usize,
    tag: String,
    id: String,
    /// Normalized text a sighted reader sees.
    visible: String,
    /// Normalized `textContent`.
    text: String,
    href: Option<String>,
    target: Option<String>,
    rel: Option<String>,
    in_toc: bool,
    in_figure: bool,
}

async fn describe(page: &Page, selector: &str) -> Vec<Shown> {
    let items = page.js(DESCRIBE, vec![json!(selector)]).await;
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let opt = |v: &Value| v.as_str().map(str::to_string);
    items
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| Shown {
            index: v["index"].as_u64().unwrap() as usize,
            tag: text(&v["tag"]),
            id: text(&v["id"]),
            visible: normalize(&text(&v["visible"])),
            text: normalize(&text(&v["text"])),
            href: opt(&v["href"]),
            target: opt(&v["target"]),
            rel: opt(&v["rel"]),
            in_toc: v["inToc"] == json!(true),
            in_figure: v["inFigure"] == json!(true),
        })
        .collect()
}

#[derive(Clone, Copy)]
enum Match {
    Exact,
    Contains,
}

impl Match {
    fn test(self, haystack: &str, needle: &str) -> bool {
        match self {
            Match::Exact => haystack == needle,
            Match::Contains => haystack.contains(needle),
        }
    }
}

/// Checks that an element matching `selector` shows `expected` and that
/// WebDriver finds it displayed; returns a message instead of panicking so
/// that one test can report every missing part at once.
async fn check_shown(page: &Page, selector: &str, expected: &str, how: Match) -> Result<(), String> {
    let expected = normalize(expected);
    let items = describe(page, selector).await;
    let Some(index) = items.iter().position(|s| how.test(&s.visible, &expected)) else {
        let hidden = items.iter().any(|s| how.test(&s.text, &expected));
        return Err(if hidden {
            format!("`{selector}`: present but not visible: {expected:?}")
        } else {
            format!("`{selector}`: missing: {expected:?}")
        });
    };
    let elements = page.client.find_all(Locator::Css(selector)).await.map_err(|e| e.to_string())?;
    let displayed = elements[index].is_displayed().await.map_err(|e| e.to_string())?;
    if displayed {
        Ok(())
    } else {
        Err(format!("`{selector}`: WebDriver finds it not displayed: {expected:?}"))
    }
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn the_article_has_the_sources_headings_with_ids() {
    let page = Page::open("/").await;

    assert_eq!(
        page.client.find_all(Locator::Css("main article")).await.unwrap().len(),
        1,
        "`main` should contain one `article`"
    );
    let title = page.client.title().await.unwrap();
    assert!(title.contains(TITLE), "document title {title:?}");

    let h1s = describe(&page, "h1").await;
    assert_eq!(h1s.len(), 1, "one h1 on the page: {h1s:#?}");
    assert_eq!(h1s[0].visible, TITLE);

    let headings = describe(&page, "main article :is(h1, h2, h3, h4, h5, h6)").await;
    let actual: Vec<String> = headings.iter().map(|h| format!("{} {}", h.tag, h.visible)).collect();
    let expected: Vec<String> = HEADINGS.iter().map(|(level, text)| format!("h{level} {text}")).collect();
    assert_eq!(
        actual,
        expected,
        "the article's headings\nactual:\n{}expected:\n{}",
        list(&actual),
        list(&expected)
    );

    let mut ids: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
    assert!(
        ids.iter().all(|id| !id.is_empty() && !id.contains(char::is_whitespace)),
        "every heading needs an id: {headings:#?}"
    );
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), headings.len(), "heading ids must be unique: {headings:#?}");

    let deep = describe(&page, &format!("#{DEEP_LINK_ID}")).await;
    assert_eq!(deep.len(), 1, "no element with id {DEEP_LINK_ID}");
    assert_eq!(
        (deep[0].tag.as_str(), deep[0].visible.as_str()),
        ("h2", "What Technologies are used on the Back End?")
    );
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn the_table_of_contents_links_every_section() {
    let page = Page::open("/").await;
    let navs = describe(&page, TOC).await;
    assert_eq!(navs.len(), 1, "one `{TOC}`");
    let nav = page.client.find(Locator::Css(TOC)).await.unwrap();
    assert!(nav.is_displayed().await.unwrap(), "the table of contents is hidden");

    let links = describe(&page, &format!("{TOC} a")).await;
    let headings = describe(&page, "main article :is(h1, h2, h3, h4, h5, h6)").await;
    assert!(!links.is_empty(), "the table of contents has no links");

    let mut targets = Vec::new();
    for link in &links {
        let href = link.href.as_deref().unwrap_or_default();
        let Some(id) = href.strip_prefix('#') else {
            panic!("a contents link that is not `#<heading-id>`: {link:?}");
        };
        let Some(position) = headings.iter().position(|h| h.id == id) else {
            panic!("a contents link to no heading: {link:?}");
        };
        assert_eq!(link.visible, headings[position].visible, "a contents link should read as its heading");
        targets.push(position);
    }
    assert!(
        targets.windows(2).all(|w| w[0] < w[1]),
        "the contents should list sections in page order: {links:#?}"
    );
    for heading in headings.iter().filter(|h| h.tag == "h2") {
        let href = format!("#{}", heading.id);
        assert!(
            links.iter().any(|l| l.href.as_deref() == Some(&href)),
            "no contents link `a[href=\"{href}\"]` for the section {:?}",
            heading.visible
        );
    }
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn external_links_open_safely_in_a_new_tab() {
    let page = Page::open("/").await;
    let links = describe(&page, "a[href]").await;
    let origin = page.server().origin();
    let external: Vec<&Shown> = links
        .iter()
        .filter(|l| {
            let href = l.href.as_deref().unwrap_or_default();
            (href.starts_with("http://") || href.starts_with("https://") || href.starts_with("//"))
                && !href.starts_with(&origin)
        })
        .collect();
    assert!(external.len() >= 3, "expected at least the 3 external links of the source: {links:#?}");
    let mut problems = Vec::new();
    for link in external {
        let rel: Vec<&str> = link.rel.as_deref().unwrap_or_default().split_whitespace().collect();
        if link.target.as_deref() != Some("_blank")
            || !rel.contains(&"noopener")
            || !rel.contains(&"noreferrer")
        {
            problems.push(format!("{link:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "external links need target=\"_blank\" rel=\"noopener noreferrer\":\n{}",
        list(&problems)
    );
    page.close().await;
}

/// The diagram's figure: either the placeholder (`figure.diagram-placeholder`
/// showing the picture's alt text) or the interactive diagram
/// (`figure.diagram` whose picture, `role="img"`, has the alt text as its
/// accessible name); either way displayed, with a displayed `figcaption`
/// crediting Mozilla.org. Returns what is wrong.
async fn diagram_problems(page: &Page) -> Vec<String> {
    const FIGURE: &str = r#"
        const figures = [...document.querySelectorAll('main article figure')];
        const figure = figures.find((f) => f.matches('.diagram-placeholder, .diagram'));
        if (!figure) {
            return { error: `no figure.diagram-placeholder or figure.diagram; figures: ` +
                JSON.stringify(figures.map((f) => f.className)) };
        }
        const name = (el) => {
            const labelledby = el.getAttribute('aria-labelledby');
            if (labelledby) {
                return labelledby.split(/\s+/)
                    .map((id) => document.getElementById(id)?.textContent || '').join(' ');
            }
            return el.getAttribute('aria-label') || el.getAttribute('alt') ||
                el.querySelector(':scope > title')?.textContent || '';
        };
        const picture = figure.querySelector('[role="img"], img, svg');
        return {
            kind: figure.classList.contains('diagram-placeholder') ? 'placeholder' : 'diagram',
            shownText: figure.innerText,
            picture: picture ? picture.tagName.toLowerCase() + (picture.getAttribute('role') ? `[role=${picture.getAttribute('role')}]` : '') : null,
            pictureName: picture ? name(picture) : null,
        };
    "#;
    let mut problems = Vec::new();
    let found = page.js(FIGURE, vec![]).await;
    if let Some(error) = found.get("error") {
        return vec![error.as_str().unwrap_or_default().to_string()];
    }
    let alt = normalize(DIAGRAM_ALT);
    let selector = if found["kind"] == json!("placeholder") {
        let shown = normalize(found["shownText"].as_str().unwrap_or_default());
        if !shown.contains(&alt) {
            problems.push(format!(
                "figure.diagram-placeholder does not show the alt text {alt:?}; it shows {shown:?}"
            ));
        }
        "main article figure.diagram-placeholder"
    } else {
        let name = normalize(found["pictureName"].as_str().unwrap_or_default());
        if name != alt {
            problems.push(format!(
                "figure.diagram: its picture ({}) should be named by the source's alt text\n    \
                 expected: {alt:?}\n    found:    {name:?}",
                found["picture"]
            ));
        }
        "main article figure.diagram"
    };
    for (selector, text) in [(selector.to_string(), ""), (format!("{selector} figcaption"), "Mozilla.org")] {
        if let Err(problem) = check_shown(page, &selector, text, Match::Contains).await {
            problems.push(problem);
        }
    }
    problems
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn the_diagram_has_its_alt_text_and_credit() {
    let page = Page::open("/").await;
    let problems = diagram_problems(&page).await;
    assert!(problems.is_empty(), "the diagram:\n{}", list(&problems));
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn every_part_of_the_source_page_is_visible() {
    let page = Page::open("/").await;
    let problems = source_page_problems(&page).await;
    assert!(problems.is_empty(), "parts of the source page that are not shown:\n{}", list(&problems));
    page.close().await;
}

/// What of the source page `page` does not show: every heading, list item,
/// paragraph, the quote, the diagram, and the links in order.
pub(crate) async fn source_page_problems(page: &Page) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |result: Result<(), String>| {
        if let Err(problem) = result {
            problems.push(problem);
        }
    };

    for (level, text) in HEADINGS {
        check(check_shown(page, &format!("main article h{level}"), text, Match::Exact).await);
    }
    for item in GOALS.iter().chain(&PROGRAMMING_TASKS).chain(&TECHNOLOGIES) {
        check(check_shown(page, "main article li", item, Match::Exact).await);
    }
    for paragraph in PARAGRAPHS {
        check(check_shown(page, "main article p", paragraph, Match::Contains).await);
    }
    check(check_shown(page, "main article blockquote", TURING_NOTE, Match::Contains).await);
    problems.extend(diagram_problems(page).await);

    // The links, in order: in-page links (the contents, heading anchors)
    // and the diagram's own (its credit, checked above) aside, the article
    // links exactly these.
    let links: Vec<Shown> = describe(page, "main article a[href]")
        .await
        .into_iter()
        .filter(|l| !l.in_toc && !l.in_figure && !l.href.as_deref().unwrap_or_default().starts_with('#'))
        .collect();
    let elements = page.client.find_all(Locator::Css("main article a[href]")).await.unwrap();
    let actual: Vec<String> =
        links.iter().map(|l| format!("{} -> {}", l.visible, l.href.as_deref().unwrap_or_default())).collect();
    if links.len() != LINKS.len() {
        problems.push(format!(
            "the article has {} links, the source {}:\n{}",
            links.len(),
            LINKS.len(),
            list(&actual)
        ));
    }
    for (i, (text, href)) in LINKS.iter().enumerate() {
        let Some(link) = links.get(i) else { break };
        if !link.visible.starts_with(text) {
            problems.push(format!("link {i}: expected {text:?}, found {:?}", link.visible));
            continue;
        }
        if let Some(href) = href {
            if link.href.as_deref() != Some(*href) {
                problems.push(format!("link {text:?}: href {:?}, expected {href:?}", link.href));
            }
        }
        // WebDriver's own view of it.
        if !elements[link.index].is_displayed().await.unwrap() {
            problems.push(format!("link {text:?} is not displayed"));
        }
    }
    problems
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn a_deep_link_scrolls_to_its_section() {
    let page = Page::open(&format!("/#{DEEP_LINK_ID}")).await;
    // The heading is rendered by the app after the load: the page must still
    // end up scrolled to it: its top near the top of the viewport, or, when
    // the page cannot scroll that far, the page at its end with the heading
    // in view.
    let script = format!(
        "const h = document.getElementById('{DEEP_LINK_ID}');\
         if (!h) return null;\
         const top = h.getBoundingClientRect().top;\
         const end = document.documentElement.scrollHeight - window.innerHeight;\
         return [window.scrollY, top, window.scrollY >= end - 1 && top < window.innerHeight];"
    );
    let start = std::time::Instant::now();
    loop {
        let at = page.js(&script, vec![]).await;
        let (scroll_y, top) = (at[0].as_f64().unwrap_or(0.0), at[1].as_f64().unwrap_or(f64::MAX));
        let at_end_in_view = at[2] == json!(true);
        if scroll_y > 0.0 && top >= -1.0 && (top < 160.0 || at_end_in_view) {
            break;
        }
        if start.elapsed() > std::time::Duration::from_secs(5) {
            panic!(
                "opening /#{DEEP_LINK_ID} does not scroll to the section: \
                 window.scrollY = {scroll_y}, the heading's top = {top} px"
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn no_console_errors_after_load() {
    let page = Page::open("/").await;
    let mut problems: Vec<String> =
        page.console_errors().await.iter().map(|e| format!("[{}] {}", e.source, e.message)).collect();
    // Chromium asks for /favicon.ico after the load, and logs its 404 as a
    // console error, maybe after the read above: checked here directly.
    let declares_icon =
        page.js("return !!document.querySelector('link[rel~=\"icon\"]');", vec![]).await == json!(true);
    let favicon_status = page.server().get("/favicon.ico").status;
    if !declares_icon && favicon_status != 200 {
        problems.push(format!(
            "the page declares no icon and /favicon.ico is {favicon_status}: Chromium requests it \
             and logs the 404 as a console error (ship a favicon, or `<link rel=\"icon\" href=\"data:,\">`)"
        ));
    }
    assert!(problems.is_empty(), "console errors:\n{}", list(&problems));
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn no_horizontal_scroll_at_320px() {
    let page = Page::open("/").await;
    page.set_viewport_width(320).await;
    let result = page
        .js(
            r#"
            const width = window.innerWidth;
            const scroll = document.documentElement.scrollWidth;
            const wide = [...document.querySelectorAll('body *')]
                .filter((el) => el.getBoundingClientRect().right > width + 0.5)
                .slice(0, 10)
                .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
                    `${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}` +
                    ` right=${Math.round(el.getBoundingClientRect().right)}`);
            return { width, scroll, wide };
            "#,
            vec![],
        )
        .await;
    let (width, scroll) = (result["width"].as_i64().unwrap(), result["scroll"].as_i64().unwrap());
    assert_eq!(width, 320);
    assert!(
        scroll <= width,
        "at 320 px the page scrolls sideways (scrollWidth {scroll}); too wide: {:#}",
        result["wide"]
    );
    page.close().await;
}

/// Describes the focused element and where it is in the page's list of
/// focusable elements.
const FOCUSABLES: &str = r#"
    const selector = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, ' +
        'iframe, summary, [tabindex], [contenteditable=""], [contenteditable="true"], ' +
        'audio[controls], video[controls]';
    const describe = (el) => {
        if (!el || el === document.body) return '(body)';
        const text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 50);
        const href = el.getAttribute('href');
        const type = el.tagName === 'INPUT' ? `[type=${el.type}${el.value ? ' value=' + el.value : ''}]` : '';
        return `${el.tagName.toLowerCase()}${type}${el.id ? '#' + el.id : ''}` +
            `${href ? ' href=' + href : ''} "${text}"`;
    };
    // Of a group of radio buttons, Tab visits one: the checked one, or else
    // the first.
    const tabStop = (el) => {
        if (el.type !== 'radio' || !el.name) return true;
        const group = [...document.querySelectorAll('input[type="radio"]')]
            .filter((r) => r.name === el.name && r.form === el.form && !r.disabled);
        return el === (group.find((r) => r.checked) || group[0]);
    };
    if (arguments[0] === 'list') {
        window.__e2eFocusables = [...document.querySelectorAll(selector)].filter((el) =>
            el.tabIndex >= 0 && !el.disabled && !el.closest('[inert]') &&
            el.getClientRects().length > 0 && el.checkVisibility({ visibilityProperty: true }) &&
            tabStop(el));
        return window.__e2eFocusables.map(describe);
    }
    return describe(document.activeElement);
"#;

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn tab_reaches_every_link_and_button_once_in_dom_order() {
    let page = Page::open("/").await;
    let expected: Vec<String> =
        serde_json::from_value(page.js(FOCUSABLES, vec![json!("list")]).await).unwrap();
    assert!(expected.len() >= 10, "too few focusable elements: {expected:#?}");
    let start = page.js(FOCUSABLES, vec![json!("active")]).await;
    assert_eq!(start, json!("(body)"), "something has focus before any key is pressed");

    let mut actual = Vec::new();
    for _ in 0..expected.len() {
        page.press(Key::Tab).await;
        let focused = page.js(FOCUSABLES, vec![json!("active")]).await;
        actual.push(focused.as_str().unwrap_or_default().to_string());
    }
    assert_eq!(
        actual,
        expected,
        "Tab order\nfocused:\n{}focusable, in DOM order:\n{}",
        list(&actual),
        list(&expected)
    );
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn axe_finds_no_wcag_21_aa_violations() {
    let page = Page::open("/").await;
    let violations = page.axe_violations().await;
    let report: Vec<String> = violations.iter().map(ToString::to_string).collect();
    assert!(violations.is_empty(), "axe-core: {} violation(s):\n{}", violations.len(), report.join(""));
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn full_page_screenshots_at_1280_and_360() {
    let page = Page::open("/").await;
    for width in [1280u32, 360] {
        page.set_viewport_width(width).await;
        let path = page.save_screenshot(&format!("lesson-{width}.png")).await;
        let png = std::fs::read(&path).unwrap();
        // The IHDR chunk: width and height, big-endian, at bytes 16..24.
        let png_width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let png_height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        // Wider only if the page overflows (`no_horizontal_scroll_at_320px`).
        assert!(png_width >= width, "{}: {png_width} px wide", path.display());
        assert!(png_height >= 900, "{}: only {png_height} px high", path.display());
        eprintln!("saved {} ({png_width}×{png_height})", path.display());
    }
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn a_missing_path_is_a_404() {
    let server = Server::start_lesson();
    let index = server.get(&format!("{}/", server.base()));
    assert_eq!(index.status, 200);
    let response = server.get("/no-such-page");
    assert_eq!(response.status, 404, "{response:?}");
    assert!(response.header("content-type").unwrap_or_default().starts_with("text/html"), "{response:?}");
    assert_ne!(response.body, index.body, "the 404 must not be the lesson page");
    assert!(response.body.contains("404"), "{response:?}");

    // And the browser sees the same status (no client-side fallback page).
    let page = Page::start(server).await;
    let url = format!("{}/no-such-page", page.server().origin());
    page.client.goto(&url).await.unwrap();
    let status = page
        .js(
            "const [nav] = performance.getEntriesByType('navigation');\
             return nav ? nav.responseStatus : null;",
            vec![],
        )
        .await;
    assert_eq!(status, json!(404));
    page.close().await;
}
