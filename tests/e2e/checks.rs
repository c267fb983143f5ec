//! The knowledge checks, driven as a learner would: every check answered
//! right with the keyboard alone until the summary says 100, wrong answers
//! and the feedback they get, answers restored after a reload, axe-core with
//! checks answered and not, and a screenshot of each check, wrong and right,
//! on a phone-sized screen.

use std::time::Duration;

use crate::harness::LESSON;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Locator;
use roundtrip::checks::{key, Answer};
use roundtrip::lesson::{Check, Task};
use serde_json::{json, Value};

use crate::harness::{list, normalize, screenshot_dir, Page};

const WAIT: Duration = Duration::from_secs(15);

async fn focused(page: &Page) -> String {
    page.js("const a = document.activeElement; return a ? a.id : '';", vec![])
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn focused_matches(page: &Page, selector: &str) -> bool {
    page.js("const a = document.activeElement; return !!a && a.matches(arguments[0]);", vec![json!(selector)])
        .await
        == json!(true)
}

/// Presses Tab until the focused element matches `selector`, as a keyboard
/// user would; fails if it is never reached.
async fn tab_to(page: &Page, selector: &str) {
    for _ in 0..80 {
        if focused_matches(page, selector).await {
            return;
        }
        page.press(Key::Tab).await;
    }
    let at = page
        .js("const a = document.activeElement; return a ? a.outerHTML.slice(0, 160) : null;", vec![])
        .await;
    panic!("Tab never reached {selector}; focus is on #{} ({at})", focused(page).await);
}

async fn shift_tab(page: &Page) {
    let actions = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: Key::Shift.into() })
        .then(KeyAction::Down { value: Key::Tab.into() })
        .then(KeyAction::Up { value: Key::Tab.into() })
        .then(KeyAction::Up { value: Key::Shift.into() });
    page.client.perform_actions(actions).await.expect("Shift+Tab");
}

async fn text(page: &Page, selector: &str) -> String {
    page.js(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;",
        vec![json!(selector)],
    )
    .await
    .as_str()
    .unwrap_or_else(|| panic!("no {selector}"))
    .to_string()
}

/// Authored indices in the order the page shows them, read from the ids.
async fn shown(page: &Page, check: &Check, kind: &str) -> Vec<usize> {
    let prefix = format!("{}-{kind}-", check.anchor());
    let ids = page
        .js(
            "return [...document.querySelectorAll(arguments[0])].map((e) => e.id);",
            vec![json!(format!("#{} [id^='{prefix}']", check.anchor()))],
        )
        .await;
    let mut out: Vec<usize> = Vec::new();
    for id in ids.as_array().unwrap() {
        let rest = id.as_str().unwrap().strip_prefix(&prefix).unwrap();
        let n: usize = rest.split('-').next().unwrap().parse().unwrap();
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Answers a check rightly with the keyboard alone: Tab, Enter, Space and arrows.
pub async fn answer_with_keyboard(page: &Page, check: &'static Check) {
    let anchor = check.anchor();
    match (&check.task, key(check)) {
        (Task::Order(order), _) => {
            for target in 0..order.steps.len() {
                let up = format!("{anchor}-step-{target}-up");
                let at = shown(page, check, "step").await.iter().position(|&s| s == target).unwrap();
                if at == target {
                    continue;
                }
                tab_to(page, &format!("#{up}")).await;
                // One press at a time, as a learner reads each move: the
                // step and its focus settle before the next press.
                for place in (target..at).rev() {
                    page.press(Key::Enter).await;
                    page.wait_until(
                        &format!("document.activeElement.id === '{up}' && document.querySelectorAll('#{anchor} .check-step')[{place}].contains(document.activeElement)"),
                        WAIT,
                    )
                    .await;
                }
            }
        }
        (Task::Sort(_), Answer::Sort(groups)) => {
            for item in shown(page, check, "item").await {
                tab_to(page, &format!("#{anchor}-item-{item}-group-0")).await;
                // Space chooses the focused group; an arrow moves to the next and chooses it.
                match groups[item] {
                    Some(0) => page.press(' ').await,
                    Some(g) => {
                        for _ in 0..g {
                            page.press(Key::Right).await;
                        }
                    }
                    None => unreachable!(),
                }
            }
        }
        (Task::Choose(choose), Answer::Choose(chosen)) => {
            let options = shown(page, check, "option").await;
            if choose.multiple {
                for option in options.iter().filter(|o| chosen.contains(&(**o as u8))) {
                    tab_to(page, &format!("#{anchor}-option-{option}")).await;
                    page.press(' ').await;
                }
            } else {
                tab_to(page, &format!("#{anchor}-option-{}", options[0])).await;
                let at = options.iter().position(|&o| o == usize::from(chosen[0])).unwrap();
                if at == 0 {
                    page.press(' ').await;
                }
                for _ in 0..at {
                    page.press(Key::Down).await;
                }
            }
        }
        _ => unreachable!(),
    }
    tab_to(page, &format!("#{anchor} .check-submit")).await;
    page.press(Key::Enter).await;
    page.wait_until(&format!("document.querySelector('#{anchor} .check-result')"), WAIT).await;
}

/// A PNG of one element, however tall, at the current width. The viewport
/// is made as tall as the page first: Chromium lays a page out again when it
/// captures beyond the viewport, so a clip measured before would miss.
async fn save_element_png(page: &Page, selector: &str, name: &str) {
    let size = page.js("return [window.innerWidth, document.documentElement.scrollHeight];", vec![]).await;
    let width = size[0].as_u64().unwrap() as u32;
    page.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": size[1], "deviceScaleFactor": 1, "mobile": false }),
    )
    .await;
    let rect = page
        .js(
            // Instantly: the page scrolls smoothly.
            "window.scrollTo({ top: 0, left: 0, behavior: 'instant' });\
             const r = document.querySelector(arguments[0]).getBoundingClientRect();\
             return [r.left, r.top, r.width, r.height];",
            vec![json!(selector)],
        )
        .await;
    let n = |i: usize| rect[i].as_f64().unwrap();
    let margin = 8.0;
    let shot = page
        .cdp(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "clip": {
                    "x": (n(0) - margin).max(0.0), "y": (n(1) - margin).max(0.0),
                    "width": n(2) + 2.0 * margin, "height": n(3) + 2.0 * margin, "scale": 1,
                },
            }),
        )
        .await;
    page.set_viewport_width(width).await;
    use base64::Engine as _;
    let png = base64::engine::general_purpose::STANDARD.decode(shot["data"].as_str().unwrap()).unwrap();
    let path = screenshot_dir().join(name);
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

async fn score(page: &Page) -> String {
    text(page, ".summary-score").await
}

async fn assert_axe_clean(page: &Page, when: &str) {
    let violations = page.axe_violations().await;
    assert!(
        violations.is_empty(),
        "axe-core, {when}:\n{}",
        violations.iter().map(ToString::to_string).collect::<String>()
    );
}

/// Whether every check on the page shows the result of a right answer.
const ALL_RIGHT: &str = "[...document.querySelectorAll('section.check')].every((c) => \
    c.classList.contains('is-right') && c.querySelector('.check-result') && c.querySelector('.check-explanation'))";

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn every_check_answered_right_by_keyboard_alone_scores_100_and_survives_a_reload() {
    let page = Page::open("/").await;
    page.set_viewport_width(360).await;
    assert_eq!(score(&page).await, "Your score: 0 out of 100");
    assert_axe_clean(&page, "with no check answered").await;

    let checks = LESSON.checks();
    assert!(!checks.is_empty());
    for check in &checks {
        answer_with_keyboard(&page, check).await;
        let anchor = check.anchor();
        let result = text(&page, &format!("#{anchor} .check-result")).await;
        assert!(result.contains("✓") && result.contains("Right!"), "{}: {result}", check.id);
        // Focus went to the explanation, which the next Tab leaves from.
        assert_eq!(focused(&page).await, format!("{anchor}-why"), "{}", check.id);
        let live = text(&page, &format!("#{anchor} [aria-live]")).await;
        assert!(live.starts_with("Right!"), "{}: announced {live:?}", check.id);
    }
    page.wait_until("document.querySelector('.summary-score').innerText.includes('100 out of 100')", WAIT)
        .await;
    assert_eq!(score(&page).await, "Your score: 100 out of 100");
    let goals = page
        .js("return [...document.querySelectorAll('.summary-goal-status')].map((e) => e.innerText);", vec![])
        .await;
    let goals: Vec<String> =
        goals.as_array().unwrap().iter().map(|g| g.as_str().unwrap().to_string()).collect();
    assert_eq!(goals.len(), LESSON.summary().expect("a summary").goals.len());
    assert!(goals.iter().all(|g| g.contains("Done") && g.contains("100 out of 100")), "{}", list(&goals));
    assert_axe_clean(&page, "with every check answered right").await;
    for check in &checks {
        save_element_png(
            &page,
            &format!("#{}", check.anchor()),
            &format!("check-{}-right-360.png", check.id),
        )
        .await;
    }
    save_element_png(&page, ".summary", "summary-100-360.png").await;

    // A reload brings every answer back, graded.
    page.goto("/").await;
    page.wait_until(ALL_RIGHT, WAIT).await;
    assert_eq!(score(&page).await, "Your score: 100 out of 100");

    // Start over, by keyboard: asked first, then everything is fresh.
    tab_to(&page, "#summary-start-over").await;
    page.press(Key::Enter).await;
    page.wait_until("document.activeElement.id === 'summary-keep'", WAIT).await;
    shift_tab(&page).await;
    assert!(focused_matches(&page, ".summary-yes").await);
    page.press(Key::Enter).await;
    page.wait_until("!document.querySelector('.check-result')", WAIT).await;
    assert_eq!(score(&page).await, "Your score: 0 out of 100");
    page.goto("/").await;
    page.wait_until(&format!("document.querySelectorAll('section.check').length === {}", checks.len()), WAIT)
        .await;
    assert!(page.js("return !document.querySelector('.check-result');", vec![]).await == json!(true));

    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    page.close().await;
}

/// Answers a check wrongly by pointer: the order as shown, every item in the
/// last group, the first wrong option, or every option.
async fn answer_wrongly(page: &Page, check: &Check) {
    let anchor = check.anchor();
    let click = |selector: String| async move {
        let element =
            page.client.find(Locator::Css(&selector)).await.unwrap_or_else(|e| panic!("{selector}: {e}"));
        element.click().await.unwrap_or_else(|e| panic!("cannot click {selector}: {e}"));
    };
    match &check.task {
        Task::Order(_) => {}
        Task::Sort(sort) => {
            for item in 0..sort.items.len() {
                // The radio button lies, transparent, over the pill drawn for it.
                click(format!("#{anchor}-item-{item}-group-{}", sort.groups.len() - 1)).await;
            }
        }
        Task::Choose(choose) if choose.multiple => {
            for option in 0..choose.options.len() {
                click(format!("#{anchor}-option-{option}")).await;
            }
        }
        Task::Choose(choose) => {
            let wrong = choose.options.iter().position(|o| !o.right).unwrap();
            click(format!("#{anchor}-option-{wrong}")).await;
        }
    }
    click(format!("#{anchor} .check-submit")).await;
    page.wait_until(&format!("document.querySelector('#{anchor} .check-result')"), WAIT).await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn wrong_answers_get_their_own_feedback_and_come_back_after_a_reload() {
    let page = Page::open("/").await;
    page.set_viewport_width(360).await;
    let checks = LESSON.checks();
    for check in &checks {
        answer_wrongly(&page, check).await;
        let anchor = check.anchor();
        let result = text(&page, &format!("#{anchor} .check-result")).await;
        assert!(!result.contains("Right!"), "{}: {result}", check.id);
        assert!(result.contains('✗') || result.contains('◐'), "an icon, not colour alone: {result}");
        assert_eq!(focused(&page).await, format!("{anchor}-retry"), "{}: focus on Try again", check.id);
        // Each part marked wrong says so in words, with its own feedback.
        let marks = page
            .js(
                "return [...document.querySelectorAll(arguments[0])].map((e) => e.innerText);",
                vec![json!(format!("#{anchor} .is-wrong > .check-mark"))],
            )
            .await;
        let marks: Vec<String> =
            marks.as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_string()).collect();
        assert!(!marks.is_empty(), "{}: nothing marked wrong", check.id);
        for mark in &marks {
            let feedback = match &check.task {
                Task::Order(order) => order.steps.iter().any(|s| mark.contains(s.hint.as_ref())),
                Task::Sort(sort) => sort.items.iter().any(|i| mark.contains(i.feedback.as_ref())),
                Task::Choose(choose) => {
                    choose.options.iter().any(|o| !o.right && mark.contains(o.feedback.as_ref()))
                }
            };
            assert!(feedback && mark.starts_with('✗'), "{}: {mark}", check.id);
        }
        save_element_png(&page, &format!("#{anchor}"), &format!("check-{}-wrong-360.png", check.id)).await;
    }
    // A wrong choice shows its own words and its own feedback.
    let (check, option) = checks
        .iter()
        .find_map(|c| match &c.task {
            Task::Choose(choose) if !choose.multiple => Some((c, choose.options.iter().find(|o| !o.right)?)),
            _ => None,
        })
        .expect("a check that chooses one answer");
    let wrong = text(&page, &format!("#{} .check-option.is-wrong", check.anchor())).await;
    assert!(normalize(&wrong).contains(normalize(&option.text).as_str()), "{wrong}");
    assert!(normalize(&wrong).contains(normalize(&option.feedback).as_str()), "{wrong}");
    // Only "everything in one group" earns a little of a sort's credit.
    let score_now = score(&page).await;
    let points: u32 = score_now.split_whitespace().find_map(|word| word.parse().ok()).expect("a score");
    assert!(points < 10, "guessing earns next to nothing: {score_now}");
    assert_axe_clean(&page, "with every check answered wrong").await;
    save_element_png(&page, ".summary", "summary-wrong-360.png").await;

    page.goto("/").await;
    page.wait_until(
        &format!(
            "document.querySelectorAll('section.check .check-result').length === {} && \
             !document.querySelector('section.check.is-right')",
            LESSON.checks().len()
        ),
        WAIT,
    )
    .await;
    let again = text(&page, &format!("#{} .check-option.is-wrong", check.anchor())).await;
    assert_eq!(again, wrong, "the same answer and feedback after a reload");
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn storage_that_throws_keeps_the_lesson_going_with_a_notice() {
    let page = Page::open("/").await;
    // What a sandboxed frame does: any touch of localStorage throws.
    page.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });" }),
    )
    .await;
    page.goto("/").await;
    page.wait_until("document.querySelector('.progress-notice').innerText.length > 0", WAIT).await;
    let notice = text(&page, ".progress-notice[role='status']").await;
    assert!(notice.contains("won’t let the lesson save your progress"), "{notice}");
    let check = LESSON.checks().into_iter().last().expect("a check");
    let words = &LESSON.check_words;
    answer_wrongly(&page, check).await;
    let result = text(&page, &format!("#{} .check-result", check.anchor())).await;
    assert!(result.contains(words.wrong.as_ref()) || result.contains(words.partly.as_ref()), "{result}");
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    assert_axe_clean(&page, "with the storage notice").await;
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn unreadable_saved_progress_starts_fresh_with_a_notice() {
    let page = Page::open("/").await;
    let key: Value = json!(roundtrip::progress::storage_key(&LESSON));
    page.js("localStorage.setItem(arguments[0], '1|not|really|progress|at|all');", vec![key]).await;
    page.goto("/").await;
    page.wait_until("document.querySelector('.progress-notice').innerText.length > 0", WAIT).await;
    assert!(text(&page, ".progress-notice").await.contains("couldn’t be read"));
    assert!(page.js("return !document.querySelector('.check-result');", vec![]).await == json!(true));
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn the_section_last_read_is_offered_as_the_way_back() {
    let page = Page::open("/").await;
    let key = roundtrip::progress::storage_key(&LESSON);
    page.js("document.getElementById('back-end-front-end').scrollIntoView({ behavior: 'instant' });", vec![])
        .await;
    // Recorded once scrolling pauses.
    page.wait_until(&format!("(localStorage.getItem('{key}') || '').includes('|back-end-front-end|')"), WAIT)
        .await;
    page.js("window.scrollTo({ top: 0, behavior: 'instant' });", vec![]).await;
    page.goto("/").await;
    page.wait_until("document.querySelector('.progress-resume a')", WAIT).await;
    let link = text(&page, ".progress-resume a").await;
    assert!(link.contains("Continue where you left off") && link.contains("Back End & Front End"), "{link}");
    let href =
        page.js("return document.querySelector('.progress-resume a').getAttribute('href');", vec![]).await;
    assert_eq!(href, json!("#back-end-front-end"));
    page.close().await;
}
