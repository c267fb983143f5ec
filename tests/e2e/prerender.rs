//! The page before, and without, the app: the build prerenders the lesson, so
//! a browser that runs no script shows the whole of it, and the wasm adopts
//! (hydrates) that HTML without replacing or moving anything.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::{json, Value};

use crate::harness::LESSON;
use crate::harness::{list, normalize, Page, Server};
use crate::lesson::source_page_problems;

/// Opens `/` with scripts switched off for the page, as a learner with
/// JavaScript disabled (or a reader mode, a preview) would see it.
async fn open_without_script() -> Page {
    let page = Page::start_without_script(Server::start_lesson()).await;
    let url = page.server().url("/");
    page.client.goto(&url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    page.wait_until("document.readyState === 'complete'", Duration::from_secs(20)).await;
    page
}

/// Whether every element matching `selector` is shown (and there is one).
async fn all_shown(page: &Page, selector: &str) -> Result<usize, String> {
    let elements = page.client.find_all(Locator::Css(selector)).await.map_err(|e| e.to_string())?;
    if elements.is_empty() {
        return Err(format!("`{selector}`: none on the page"));
    }
    for (i, element) in elements.iter().enumerate() {
        if !element.is_displayed().await.map_err(|e| e.to_string())? {
            return Err(format!("`{selector}` #{i} is not displayed"));
        }
    }
    Ok(elements.len())
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn without_javascript_the_page_is_the_whole_lesson() {
    let page = open_without_script().await;
    let ran = page.js("return document.documentElement.dataset.app || null;", vec![]).await;
    assert_eq!(ran, Value::Null, "no script may run in this test");

    let mut problems = source_page_problems(&page).await;

    // The diagram is drawn (at its first step), and its story is there as text.
    let picture = page
        .js(
            "const svg = document.querySelector('figure.diagram svg');\
             if (!svg) return null; const r = svg.getBoundingClientRect(); return [r.width, r.height];",
            vec![],
        )
        .await;
    match picture.as_array().map(|a| (a[0].as_f64().unwrap_or(0.0), a[1].as_f64().unwrap_or(0.0))) {
        Some((w, h)) if w > 200.0 && h > 100.0 => {}
        other => problems.push(format!("the diagram's picture is not drawn: {other:?}")),
    }
    let transcript = normalize(
        page.js(
            "const t = document.querySelector('.diagram-transcript'); return t ? t.innerText : '';",
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default(),
    );
    for diagram in LESSON.diagrams() {
        for scenario in diagram.scenarios.iter() {
            for step in scenario.steps.iter() {
                let text = normalize(&format!("{} {}", step.title, step.text));
                if !transcript.contains(&text) {
                    problems.push(format!("the diagram's story as text lacks {text:?}"));
                }
            }
        }
    }
    let steps: usize = LESSON.diagrams().iter().flat_map(|d| d.scenarios.iter()).map(|s| s.steps.len()).sum();
    match all_shown(&page, ".diagram-transcript li").await {
        Ok(n) if n == steps => {}
        Ok(n) => problems.push(format!("the story as text has {n} steps, the diagram {steps}")),
        Err(e) => problems.push(e),
    }

    // Each check shows its question and answers, and says checking needs a script.
    let checks = LESSON.checks().len();
    for selector in ["section.check .check-prompt", "section.check .check-needs-script"] {
        match all_shown(&page, selector).await {
            Ok(n) if n == checks => {}
            Ok(n) => problems.push(format!("`{selector}`: {n} shown, for {checks} checks")),
            Err(e) => problems.push(e),
        }
    }
    let answers = page
        .js("return [...document.querySelectorAll('section.check')].filter((c) => c.innerText.trim().split('\\n').length < 4).length;", vec![])
        .await;
    if answers != json!(0) {
        problems.push(format!("{answers} checks show too little to read their answers"));
    }
    // The lab says what it does; what only the app can do is left out.
    if let Err(e) = all_shown(&page, ".lab .lab-needs-script").await {
        problems.push(e);
    }
    for selector in
        [".frame-controls", ".diagram-controls", ".lab-form", ".check-actions", ".summary-start-over"]
    {
        let shown = page
            .js(
                &format!(
                    "return [...document.querySelectorAll('{selector}')].some((e) => e.checkVisibility());"
                ),
                vec![],
            )
            .await;
        if shown != json!(false) {
            problems.push(format!("`{selector}` is shown, but does nothing without a script"));
        }
    }
    assert!(problems.is_empty(), "without JavaScript:\n{}", list(&problems));

    for width in [1280u32, 360] {
        page.set_viewport_width(width).await;
        let path = page.save_screenshot(&format!("lesson-without-javascript-{width}.png")).await;
        eprintln!("saved {}", path.display());
    }

    // The contents' links are plain anchors: they work with no script.
    page.set_viewport_width(1280).await;
    let target = LESSON.outline.iter().last().expect("the lesson has sections").id.to_string();
    page.client
        .find(Locator::Css(&format!("nav.contents a[href='#{target}']")))
        .await
        .expect("the contents link to the last section")
        .click()
        .await
        .expect("follow it");
    page.wait_until(
        &format!("location.hash === '#{target}' && window.scrollY > 0 && document.getElementById('{target}').getBoundingClientRect().top < window.innerHeight"),
        Duration::from_secs(5),
    )
    .await;
    page.close().await;
}

/// Installed before any of the page's own scripts: records every element
/// removed from the document until the app marks itself ready (hydration
/// adopts the prerendered elements; it must not replace them), and every
/// layout shift.
const WATCH_HYDRATION: &str = r#"
    window.__hydration = { removed: [], shift: 0, shifts: [] };
    new MutationObserver((records, observer) => {
        if (document.documentElement.dataset.app === 'ready') { observer.disconnect(); return; }
        for (const r of records) for (const n of r.removedNodes) {
            if (n.nodeType === 1) window.__hydration.removed.push(n.outerHTML.slice(0, 120));
        }
    }).observe(document, { childList: true, subtree: true });
    new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
            if (e.hadRecentInput) continue;
            window.__hydration.shift += e.value;
            window.__hydration.shifts.push(e.sources.map((s) => s.node ? (s.node.className || s.node.nodeName) : '?').join(', ') + ': ' + e.value.toFixed(4));
        }
    }).observe({ type: 'layout-shift', buffered: true });
"#;

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn hydration_adopts_the_page_without_replacing_or_moving_anything() {
    let page = Page::start(Server::start_lesson()).await;
    page.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": WATCH_HYDRATION })).await;
    page.goto("/").await;
    // Effects that follow hydration (stored progress, the practice probe) settle.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let watched = page.js("return window.__hydration;", vec![]).await;
    let removed: Vec<String> =
        watched["removed"].as_array().into_iter().flatten().map(|v| v.to_string()).collect();
    assert!(removed.is_empty(), "hydration replaced elements:\n{}", list(&removed));

    let shift = watched["shift"].as_f64().expect("the layout shift sum");
    println!("cumulative layout shift through hydration: {shift:.4} ({})", watched["shifts"]);
    assert!(
        shift <= 0.01,
        "the page moved while the app took it over: CLS {shift:.4}: {}",
        watched["shifts"]
    );

    let noise: Vec<String> = page
        .console()
        .await
        .into_iter()
        .filter(|e| e.level == "SEVERE" || e.level == "WARNING")
        .map(|e| format!("[{} {}] {}", e.level, e.source, e.message))
        .collect();
    assert!(noise.is_empty(), "the console after hydration:\n{}", list(&noise));

    // The controls were inert in the HTML and are alive now: Next moves the diagram.
    let before = page.js("return document.querySelector('.diagram-progress').textContent;", vec![]).await;
    page.client
        .find(Locator::XPath("//figure[contains(@class,'diagram')]//button[contains(., 'Next')]"))
        .await
        .expect("the diagram's Next")
        .click()
        .await
        .expect("click Next");
    page.wait_until(
        &format!("document.querySelector('.diagram-progress').textContent !== {before}"),
        Duration::from_secs(5),
    )
    .await;
    page.close().await;
}

/// The policy a page declares in its `<meta>`, unescaped.
fn declared_policy(page: &str) -> Option<String> {
    let content =
        page.split("http-equiv=\"Content-Security-Policy\" content=\"").nth(1)?.split('"').next()?;
    Some(content.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
}

#[test]
#[ignore = "needs the release build: run `cargo xtask test`"]
fn every_page_declares_the_policy_the_server_sends() {
    let server = Server::start(crate::harness::course_dist());
    let mut paths = vec!["/".to_owned()];
    paths.extend(crate::harness::COURSE.iter().map(|(slug, _)| format!("/{slug}/")));
    for path in paths {
        let response = server.get(&path);
        assert_eq!(response.status, 200, "{path}");
        let declared = declared_policy(&response.body).unwrap_or_else(|| panic!("{path} declares no policy"));
        assert_eq!(declared, roundtrip_document::policy::CONTENT_SECURITY_POLICY, "{path}");
        // The header is the same policy, and what only a header can say.
        let sent = response.header("content-security-policy").unwrap_or_else(|| panic!("{path}: no header"));
        assert_eq!(sent, format!("{declared}; frame-ancestors *"), "{path}");
    }
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn a_deep_link_to_a_diagram_step_takes_effect_once_hydrated() {
    let anchor = roundtrip::diagram::machine::anchor(LESSON.diagrams()[0], 0, 0, 2);
    let page = Page::open(&format!("/#{anchor}")).await;
    page.wait_until(
        "document.querySelector('.diagram-progress').textContent.startsWith('Step 3')",
        Duration::from_secs(5),
    )
    .await;
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn a_returning_learner_is_offered_the_way_back_without_the_page_moving() {
    let page = Page::start(Server::start_lesson()).await;
    page.goto("/").await;
    let key = roundtrip::progress::storage_key(&LESSON);
    let section = LESSON.outline[3].id.as_ref();
    page.js(
        &format!("document.getElementById('{section}').scrollIntoView({{ behavior: 'instant' }});"),
        vec![],
    )
    .await;
    // Recorded once scrolling pauses.
    page.wait_until(&format!("(localStorage.getItem('{key}') || '').includes('|{section}|')"), WAIT_STORED)
        .await;
    page.js("window.scrollTo({ top: 0, behavior: 'instant' });", vec![]).await;

    // The next visit, from the top of the page.
    page.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": WATCH_HYDRATION })).await;
    page.goto("/").await;
    page.js("window.scrollTo({ top: 0, behavior: 'instant' });", vec![]).await;
    page.wait_until("document.querySelector('.progress-resume a')", WAIT_STORED).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let watched = page.js("return window.__hydration;", vec![]).await;
    let shift = watched["shift"].as_f64().expect("the layout shift sum");
    println!("cumulative layout shift for a returning learner: {shift:.4} ({})", watched["shifts"]);
    assert!(shift <= 0.01, "the way back moved the page: CLS {shift:.4}: {}", watched["shifts"]);

    // It floats in view, and goes once followed.
    let placed = page
        .js(
            "const r = document.querySelector('.progress-resume').getBoundingClientRect();\
             return [getComputedStyle(document.querySelector('.progress-resume')).position, r.top >= 0 && r.bottom <= innerHeight];",
            vec![],
        )
        .await;
    assert_eq!(placed, json!(["fixed", true]), "the way back is in view over the page");
    page.save_viewport_screenshot("lesson-way-back.png").await;
    page.client
        .find(Locator::Css(".progress-resume a"))
        .await
        .expect("the way back")
        .click()
        .await
        .expect("follow the way back");
    page.wait_until("!document.querySelector('.progress-resume')", WAIT_STORED).await;
    assert_eq!(page.js("return location.hash;", vec![]).await, json!(format!("#{section}")));
    page.close().await;
}

const WAIT_STORED: Duration = Duration::from_secs(10);

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn a_page_whose_data_is_damaged_or_missing_stays_the_whole_lesson_and_says_why() {
    let slug = crate::harness::lesson_slug();
    for (damage, said) in [("damaged", "the lesson's data is damaged"), ("missing", "could not be loaded")] {
        let dist = crate::harness::course_copy(&format!("data-{damage}"));
        let folder = dist.join(&slug);
        let data = std::fs::read_dir(&folder)
            .unwrap()
            .filter_map(|e| Some(e.ok()?.path()))
            .find(|p| p.extension().is_some_and(|e| e == "bin"))
            .expect("the lesson's data");
        for copy in ["br", "gz"] {
            let _ = std::fs::remove_file(data.with_extension(format!("bin.{copy}")));
        }
        if damage == "damaged" {
            let mut bytes = std::fs::read(&data).unwrap();
            bytes.truncate(bytes.len() / 2);
            std::fs::write(&data, bytes).unwrap();
        } else {
            std::fs::remove_file(&data).unwrap();
        }
        let page = Page::start(Server::start(dist.clone())).await;
        let url = format!("{}/{slug}/", page.server().origin());
        page.client.goto(&url).await.expect("the lesson");
        page.wait_until("document.readyState === 'complete'", Duration::from_secs(20)).await;
        let warned = format!(
            "performance.getEntriesByName('roundtrip-data').length > 0 || {}",
            if damage == "missing" { "true" } else { "false" }
        );
        page.wait_until(&warned, Duration::from_secs(20)).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        // The lesson is all there, as HTML, and never claims to be working.
        let text = page.js("return document.querySelector('main').textContent;", vec![]).await;
        assert!(
            text.as_str().unwrap_or_default().contains(LESSON.title.as_ref()),
            "{damage}: the lesson's text"
        );
        assert_eq!(
            page.js("return document.documentElement.dataset.app || null;", vec![]).await,
            Value::Null
        );
        let console = page.console().await;
        assert!(
            console.iter().any(|e| e.level == "WARNING" && e.message.contains(said)),
            "{damage}: the console says why: {console:#?}"
        );
        let errors: Vec<_> = console
            .iter()
            .filter(|e| e.level == "SEVERE")
            .filter(|e| !(damage == "missing" && e.message.contains(".bin") && e.message.contains("404")))
            .collect();
        assert!(errors.is_empty(), "{damage}: {errors:#?}");
        page.close().await;
        let _ = std::fs::remove_dir_all(&dist);
    }
}
