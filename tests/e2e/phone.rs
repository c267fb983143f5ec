//! The lesson on a phone and at every width between: the diagram's words at
//! a legible size and never cut, the stacked picture on narrow screens, no
//! line of text starting with punctuation, and controls a thumb can hit.

use std::time::Duration;

use serde_json::{json, Value};

use crate::harness::{screenshot_dir, Page};

const WIDTHS: [u32; 4] = [320, 360, 768, 1280];

/// The picture on show (one of two arrangements), how large its smallest
/// word renders (computed font size times the picture's screen scale), and
/// every word that is not wholly inside its box: the address bar, its
/// message's pill, or the picture itself.
const MEASURE: &str = r#"
    const figure = document.querySelector('figure.diagram');
    const shown = [...figure.querySelectorAll('svg.diagram-picture')].filter((s) => s.getClientRects().length > 0);
    if (shown.length !== 1) return { error: `${shown.length} pictures shown` };
    const svg = shown[0];
    const scale = svg.getScreenCTM().a;
    const inside = (r, box) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5 &&
        r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
    const words = [];
    const cut = [];
    let smallest = Infinity;
    for (const t of svg.querySelectorAll('text')) {
        const text = t.textContent;
        if (!text.trim() || t.closest('title')) continue;
        const px = parseFloat(getComputedStyle(t).fontSize) * scale;
        smallest = Math.min(smallest, px);
        words.push({ text, px: Math.round(px * 10) / 10 });
        const message = t.closest('.message');
        const container = message ? message.querySelector('rect')
            : t.classList.contains('address') ? svg.querySelector('.address-bar') : svg;
        const r = t.getBoundingClientRect();
        const box = container.getBoundingClientRect();
        if (!inside(r, box) || !inside(r, svg.getBoundingClientRect()) || text.includes('…')) {
            cut.push({ text, box: container.getAttribute('class') || container.tagName,
                word: [r.left, r.top, r.right, r.bottom].map(Math.round),
                container: [box.left, box.top, box.right, box.bottom].map(Math.round) });
        }
    }
    return {
        arrangement: svg.classList.contains('is-tall') ? 'tall' : 'wide',
        stage: [...svg.classList].find((c) => c.startsWith('stage-')),
        smallest,
        address: [...svg.querySelectorAll('text.address')].map((t) => t.textContent).join(''),
        request: [...svg.querySelectorAll('.message-request text')].map((t) => t.textContent).join(' '),
        response: [...svg.querySelectorAll('.message-response text')].map((t) => t.textContent).join(' '),
        cut,
        words,
        width: Math.round(svg.getBoundingClientRect().width),
    };
"#;

/// True once every finite CSS animation has finished.
const SETTLED: &str = "document.getAnimations().every((a) => a.playState !== 'running' \
    || a.effect.getComputedTiming().iterations === Infinity)";

async fn measure(page: &Page) -> Value {
    page.wait_until(SETTLED, Duration::from_secs(5)).await;
    let measured = page.js(MEASURE, vec![]).await;
    assert!(measured.get("error").is_none(), "{measured}");
    measured
}

async fn go_to_step(page: &Page, anchor: &str, n: usize) {
    page.js(&format!("location.hash = '#{anchor}-step-{n}';"), vec![]).await;
    page.wait_until(
        &format!("document.querySelector('.diagram-progress').textContent.startsWith('Step {n} ')"),
        Duration::from_secs(5),
    )
    .await;
}

fn check_words(measured: &Value, context: &str, problems: &mut Vec<String>) {
    let smallest = measured["smallest"].as_f64().unwrap_or(0.0);
    if smallest < 12.0 {
        problems.push(format!("{context}: a word at {smallest:.1} px: {}", measured["words"]));
    }
    if measured["cut"].as_array().is_none_or(|cut| !cut.is_empty()) {
        problems.push(format!("{context}: words cut: {}", measured["cut"]));
    }
}

const SCENARIOS: [(&str, &str, &str, &str, &str); 2] = [
    ("found", "diagram", "target.com/store-locator", "GET /store-locator", "200 OK"),
    ("missing", "diagram-missing", "try.turing.edu/help", "GET /help", "404 Not Found"),
];

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn the_diagram_s_words_are_legible_and_whole_at_every_width() {
    let page = Page::open("/").await;
    let mut problems = Vec::new();
    for width in WIDTHS {
        page.set_viewport_width(width).await;
        page.js("document.querySelector('figure.diagram').scrollIntoView({block: 'start'});", vec![]).await;
        let mut smallest = f64::INFINITY;
        for (scenario, anchor, address, request, response) in SCENARIOS {
            for n in 1..=6 {
                go_to_step(&page, anchor, n).await;
                let measured = measure(&page).await;
                let context = format!("{width} px, {scenario}, step {n}");
                let expected = if width < 500 { "tall" } else { "wide" };
                if measured["arrangement"] != json!(expected) {
                    problems.push(format!(
                        "{context}: the {} picture, not the {expected} one",
                        measured["arrangement"]
                    ));
                }
                check_words(&measured, &context, &mut problems);
                for (what, expected) in [("address", address), ("request", request), ("response", response)] {
                    if measured[what] != json!(expected) {
                        problems.push(format!(
                            "{context}: the {what} reads {}, not {expected:?}",
                            measured[what]
                        ));
                    }
                }
                smallest = smallest.min(measured["smallest"].as_f64().unwrap_or(0.0));
                if width == 360 {
                    save_figure(&page, &format!("phone-diagram-{scenario}-step-{n}-360.png")).await;
                }
            }
        }
        println!("{width} px: smallest diagram word {smallest:.1} px");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    page.close().await;
}

/// Sends a preset of the request lab and waits until it settled.
const SEND: &str = r#"
    const [label] = arguments;
    const done = arguments[arguments.length - 1];
    const lab = document.querySelector('section.lab');
    const response = lab.querySelector('.lab-response');
    const before = response.dataset.entry || '';
    const select = lab.querySelector('#lab-preset');
    const option = [...select.options].find((o) => o.textContent.includes(label));
    if (!option) return done({ error: `no preset "${label}"` });
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(select, option.value);
    select.dispatchEvent(new Event('change', { bubbles: true }));
    setTimeout(() => {
        lab.querySelector('.lab-send').click();
        const started = performance.now();
        const wait = () => {
            if (response.dataset.entry && response.dataset.entry !== before && response.dataset.settled === 'true') {
                return done({});
            }
            if (performance.now() - started > 20000) return done({ error: 'did not settle' });
            setTimeout(wait, 10);
        };
        wait();
    }, 10);
"#;

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn in_live_mode_the_words_are_legible_and_whole() {
    let page = Page::open("/").await;
    page.wait_until("document.querySelector('section.lab .lab-practice') !== null", Duration::from_secs(10))
        .await;
    let mut problems = Vec::new();
    for width in WIDTHS {
        page.set_viewport_width(width).await;
        for (preset, address, response) in [
            ("Stores near 80202, computed by the back end", "/api/stores?zip=80202", "200 OK"),
            ("Internal server error (500)", "/api/status/500", "500 Internal Server Error"),
        ] {
            let sent = page.js_async(SEND, vec![json!(preset)]).await;
            assert!(sent.get("error").is_none(), "{preset}: {sent}");
            page.js("document.querySelector('figure.diagram').scrollIntoView({block: 'start'});", vec![])
                .await;
            let measured = measure(&page).await;
            let context = format!("{width} px, live {preset}");
            check_words(&measured, &context, &mut problems);
            // The lesson's own path comes first: `/what-is-back-end/api/…`.
            if measured["address"] != json!(format!("{}{address}", page.server().base())) {
                problems.push(format!("{context}: the address reads {}", measured["address"]));
            }
            if !measured["response"].as_str().is_some_and(|r| r.starts_with(response)) {
                problems.push(format!("{context}: the response reads {}", measured["response"]));
            }
            if width == 320 {
                let name = if response.starts_with('5') { "500" } else { "200" };
                save_figure(&page, &format!("phone-diagram-live-{name}-320.png")).await;
            }
            println!("{context}: smallest word {:.1} px", measured["smallest"].as_f64().unwrap_or(0.0));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    page.close().await;
}

async fn save_figure(page: &Page, name: &str) {
    let figure = page.client.find(fantoccini::Locator::Css("figure.diagram")).await.expect("the diagram");
    let png = figure.screenshot().await.expect("a screenshot of the diagram");
    let path = screenshot_dir().join(name);
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Every `? ! , . ;` of the lesson's text that begins a line: its box is
/// below the text before it, and not to its right. Text the learner cannot
/// see (hidden, or only for screen readers) does not count.
const LINE_STARTS: &str = r#"
    const root = document.querySelector('main');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: (n) => n.parentElement.closest('.visually-hidden, svg, script, style, title, option, textarea, select')
            || !n.parentElement.getClientRects().length ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const range = document.createRange();
    const box = (node, i) => {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        return rects.length ? rects[rects.length - 1] : null;
    };
    const found = [];
    let previous = null;
    let checked = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.data;
        for (let i = 0; i < text.length; i++) {
            if (/\s/.test(text[i])) continue;
            const here = box(node, i);
            if (!here || here.width === 0) continue;
            if ('?!,.;'.includes(text[i])) {
                checked++;
                if (previous && here.top >= previous.bottom - 1 && here.left <= previous.left) {
                    const block = node.parentElement.closest('p, li, dd, dt, td, th, h1, h2, h3, h4, blockquote, figcaption, label, button');
                    found.push(`"${text.slice(Math.max(0, i - 30), i + 20)}" in ${block ? block.tagName : '?'}`);
                }
            }
            previous = here;
        }
    }
    return { found, checked };
"#;

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn no_line_of_the_lesson_begins_with_punctuation() {
    let page = Page::open("/").await;
    let mut problems = Vec::new();
    for width in WIDTHS {
        page.set_viewport_width(width).await;
        let result = page.js(LINE_STARTS, vec![]).await;
        let found: Vec<String> = serde_json::from_value(result["found"].clone()).unwrap();
        assert!(result["checked"].as_u64().unwrap_or(0) > 100, "too few marks checked: {result}");
        problems.extend(found.into_iter().map(|f| format!("{width} px: a line begins with {f}")));
        let widths =
            page.js("return [window.innerWidth, document.documentElement.scrollWidth];", vec![]).await;
        if widths[1].as_i64() > widths[0].as_i64() {
            problems.push(format!("{width} px: the page scrolls sideways: {widths}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    page.close().await;
}

/// Every control in view of the learner: its accessible kind, its name and
/// its box. A radio drawn as a pill is measured as its pill; one beside its
/// words as its whole label.
const CONTROLS: &str = r#"
    const controls = [];
    const add = (el, box) => {
        const r = box.getBoundingClientRect();
        if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') return;
        controls.push({ what: `${el.tagName.toLowerCase()}.${el.className || ''} "${(box.textContent || el.value || '').trim().slice(0, 40)}"`,
            width: r.width, height: r.height, left: r.left, top: r.top + scrollY });
    };
    for (const el of document.querySelectorAll('main :is(button, select, summary, input, textarea, a.diagram-link)')) {
        if (el.closest('.visually-hidden')) continue;
        if (el.type === 'radio' || el.type === 'checkbox') {
            const pill = el.closest('.check-group');
            add(el, pill || el.closest('label') || el);
        } else {
            add(el, el);
        }
    }
    return controls;
"#;

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn on_a_touch_phone_every_control_is_a_thumb_s_size_and_apart() {
    let page = Page::open("/").await;
    page.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true }),
    )
    .await;
    page.cdp("Emulation.setTouchEmulationEnabled", json!({ "enabled": true, "maxTouchPoints": 5 })).await;
    page.goto("/").await;
    let coarse = page.js("return matchMedia('(pointer: coarse)').matches;", vec![]).await;
    assert_eq!(coarse, json!(true), "the emulated phone has a coarse pointer");
    // A request sent, so that the lab's history and its buttons are there too.
    page.wait_until("document.querySelector('section.lab .lab-practice') !== null", Duration::from_secs(10))
        .await;
    let sent = page.js_async(SEND, vec![json!("Find stores near ZIP code 80202")]).await;
    assert!(sent.get("error").is_none(), "{sent}");
    // The lab's headers open, the first check answered wrongly so its retry shows.
    page.js("document.querySelectorAll('details').forEach((d) => { d.open = true; });", vec![]).await;

    let controls: Vec<Value> = serde_json::from_value(page.js(CONTROLS, vec![]).await).unwrap();
    assert!(controls.len() > 20, "too few controls found: {controls:#?}");
    let mut problems = Vec::new();
    let mut smallest = (f64::INFINITY, f64::INFINITY);
    for c in &controls {
        let (w, h) = (c["width"].as_f64().unwrap_or(0.0), c["height"].as_f64().unwrap_or(0.0));
        smallest = (smallest.0.min(w), smallest.1.min(h));
        if w < 43.5 || h < 43.5 {
            problems.push(format!("{} is {w:.1} × {h:.1} px", c["what"]));
        }
    }
    // Neighbours do not touch: no two controls' boxes overlap or meet.
    let rect = |c: &Value| {
        let f = |k: &str| c[k].as_f64().unwrap_or(0.0);
        (f("left"), f("top"), f("left") + f("width"), f("top") + f("height"))
    };
    for (i, a) in controls.iter().enumerate() {
        for b in &controls[i + 1..] {
            let (a1, b1) = (rect(a), rect(b));
            let apart = a1.2 + 4.0 <= b1.0 || b1.2 + 4.0 <= a1.0 || a1.3 + 4.0 <= b1.1 || b1.3 + 4.0 <= a1.1;
            if !apart {
                problems.push(format!("{} and {} are not 4 px apart", a["what"], b["what"]));
            }
        }
    }
    println!(
        "{} controls; the smallest is {:.1} px wide and {:.1} px high",
        controls.len(),
        smallest.0,
        smallest.1
    );
    page.save_screenshot("phone-touch-360.png").await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    page.close().await;
}
