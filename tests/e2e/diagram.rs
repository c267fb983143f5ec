//! The client-server diagram, driven as a learner would: pointer, keyboard
//! only, deep links, reduced motion, and play.

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};

use crate::harness::LESSON;
use roundtrip::lesson::{Diagram, Scenario, Stage};

use crate::harness::{screenshot_dir, Page};

/// What the diagram shows now: progress line, narration, stage class, the
/// response pill's text, and whether the learner can see the picture.
const STATE: &str = r#"
    const figure = document.querySelector('figure.diagram');
    // Of the picture's two arrangements, the one on show.
    const svg = [...figure.querySelectorAll('svg.diagram-picture')].find((s) => s.getClientRects().length > 0);
    const progress = figure.querySelector('.diagram-progress');
    const rect = svg.getBoundingClientRect();
    return {
        progress: progress ? progress.textContent : null,
        title: figure.querySelector('.diagram-step-title strong').textContent,
        text: figure.querySelector('.diagram-step-text').textContent,
        stage: [...svg.classList].find((c) => c.startsWith('stage-')),
        response: svg.querySelector('.message-response text').textContent,
        inView: rect.top < window.innerHeight && rect.bottom > 0,
        focused: document.activeElement === figure.querySelector('.diagram-body'),
    };
"#;

/// True once every finite CSS animation and transition has finished.
const SETTLED: &str = "document.getAnimations().every((a) => a.playState !== 'running' \
    || a.effect.getComputedTiming().iterations === Infinity)";

/// A JavaScript test that the diagram says `progress`.
fn shows(progress: &str) -> String {
    format!("document.querySelector('.diagram-progress').textContent === {}", json!(progress))
}

async fn state(page: &Page) -> Value {
    page.js(STATE, vec![]).await
}

async fn show_diagram(page: &Page) {
    page.js("document.querySelector('figure.diagram').scrollIntoView({block: 'center'});", vec![]).await;
}

async fn click_button(page: &Page, name: &str) {
    let xpath =
        format!("//figure[contains(@class,'diagram')]//button[contains(normalize-space(.), '{name}')]");
    let button =
        page.client.find(Locator::XPath(&xpath)).await.unwrap_or_else(|e| panic!("no button {name}: {e}"));
    button.click().await.unwrap_or_else(|e| panic!("cannot click {name}: {e}"));
}

async fn save_diagram_png(page: &Page, name: &str) {
    let figure = page.client.find(Locator::Css("figure.diagram")).await.expect("the diagram");
    let png = figure.screenshot().await.expect("a screenshot of the diagram");
    let path = screenshot_dir().join(name);
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// The lesson's (first) diagram: these tests read its scenarios, steps and
/// words from the compiled lesson, so an author's edit of them breaks none.
fn diagram() -> &'static Diagram {
    LESSON.diagrams()[0]
}

/// "Step 3 of 6", in the lesson's words.
pub(crate) fn progress(n: usize, total: usize) -> String {
    diagram().controls.progress.replace("{n}", &n.to_string()).replace("{total}", &total.to_string())
}

/// A scenario's label, as far as an XPath string literal may quote it.
pub(crate) fn label_start(scenario: &Scenario) -> String {
    scenario.label.chars().take_while(|c| !matches!(c, '\'' | '"' | '\u{2019}')).collect()
}

/// The class the picture has at a stage.
fn stage_class(stage: Stage) -> String {
    format!("stage-{}", format!("{stage:?}").to_lowercase())
}

/// The index of the step where the server responds.
fn respond_step(scenario: &Scenario) -> usize {
    scenario.steps.iter().position(|step| step.stage == Stage::Respond).expect("a respond step")
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn next_walks_both_scenarios_and_every_step_changes_the_narration() {
    let page = Page::open("/").await;
    for width in [1280u32, 360] {
        page.set_viewport_width(width).await;
        for scenario in diagram().scenarios.iter() {
            let response = format!("{} {}", scenario.status, scenario.reason);
            let total = scenario.steps.len();
            let radio = format!("//figure//label[contains(., '{}')]/input", label_start(scenario));
            page.client.find(Locator::XPath(&radio)).await.unwrap().click().await.unwrap();
            show_diagram(&page).await;
            let mut narrations = Vec::new();
            for (step, stage) in scenario.steps.iter().map(|s| stage_class(s.stage)).enumerate() {
                let now = state(&page).await;
                assert_eq!(now["progress"], json!(progress(step + 1, total)), "{now}");
                assert_eq!(now["stage"], json!(stage), "{now}");
                let text = now["text"].as_str().unwrap().to_string();
                assert!(!narrations.contains(&text), "step {} repeats its narration: {text}", step + 1);
                narrations.push(text);
                if stage == "stage-respond" {
                    assert_eq!(now["response"], json!(response));
                }
                // The picture is taken once the step's motion has finished
                // (the server's listening waves loop forever; they don't count).
                page.wait_until(SETTLED, Duration::from_secs(5)).await;
                save_diagram_png(&page, &format!("diagram-{}-step-{}-{width}.png", scenario.id, step + 1))
                    .await;
                click_button(&page, "Next").await;
            }
            let end = state(&page).await;
            assert_eq!(end["progress"], json!(progress(total, total)), "Next on the last step stays there");
        }
    }
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn the_keyboard_alone_steps_plays_and_switches_scenario() {
    let page = Page::open("/").await;
    // Tab from the top until the diagram itself has focus.
    for _ in 0..40 {
        page.press(Key::Tab).await;
        if state(&page).await["focused"] == json!(true) {
            break;
        }
    }
    assert_eq!(state(&page).await["focused"], json!(true), "Tab never reached the diagram");
    let first = &diagram().scenarios[0];
    let total = first.steps.len();
    for _ in 1..total {
        page.press(Key::Right).await;
    }
    assert_eq!(state(&page).await["progress"], json!(progress(total, total)));
    page.press(Key::Right).await;
    assert_eq!(state(&page).await["progress"], json!(progress(total, total)));
    page.press(Key::Left).await;
    assert_eq!(state(&page).await["stage"], json!(stage_class(first.steps[total - 2].stage)));

    // Space plays (from here, on to the end) and pauses.
    page.press(' ').await;
    let play = "[...document.querySelectorAll('figure.diagram button')].some((b) => b.textContent.includes('Pause'))";
    page.wait_until(play, Duration::from_secs(2)).await;
    page.wait_until(&shows(&progress(total, total)), Duration::from_secs(8)).await;

    // Tab on to the scenario radios; an arrow key chooses the other scenario.
    for _ in 0..10 {
        page.press(Key::Tab).await;
        let on_radio = page.js("return document.activeElement.type === 'radio';", vec![]).await;
        if on_radio == json!(true) {
            break;
        }
    }
    page.press(Key::Right).await;
    let now = state(&page).await;
    let second = &diagram().scenarios[1];
    assert_eq!(
        now["progress"],
        json!(progress(1, second.steps.len())),
        "a new scenario starts at its beginning"
    );
    let checked = page.js("return document.querySelector('figure input:checked').value;", vec![]).await;
    assert_eq!(checked, json!(second.id.to_string()));
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn a_deep_link_opens_the_diagram_at_its_step() {
    let (first, second) = (&diagram().scenarios[0], &diagram().scenarios[1]);
    let page = Page::open("/#diagram-step-3").await;
    let now = state(&page).await;
    assert_eq!(now["progress"], json!(progress(3, first.steps.len())), "{now}");
    assert_eq!(now["stage"], json!(stage_class(first.steps[2].stage)));
    assert_eq!(now["inView"], json!(true), "the diagram is scrolled into view");

    let respond = respond_step(second) + 1;
    page.goto(&format!("/#diagram-{}-step-{respond}", second.id)).await;
    // A new document: the fragment is read again on arrival.
    let now = state(&page).await;
    assert_eq!(now["progress"], json!(progress(respond, second.steps.len())), "{now}");
    assert_eq!(now["response"], json!(format!("{} {}", second.status, second.reason)));

    // Following a step's own link (a fragment change, no reload) works too.
    page.js("location.hash = '#diagram-step-2';", vec![]).await;
    page.wait_until(&shows(&progress(2, first.steps.len())), Duration::from_secs(5)).await;
    let link = page.js("return document.querySelector('a.diagram-link').getAttribute('href');", vec![]).await;
    assert_eq!(link, json!("#diagram-step-2"));
    page.close().await;
}

/// Every element of the diagram whose computed style animates, or transitions
/// something other than opacity or colour: things that would move.
const MOVING: &str = r#"
    const moving = [];
    for (const el of document.querySelectorAll('figure.diagram, figure.diagram *')) {
        const s = getComputedStyle(el);
        if (s.animationName !== 'none') {
            moving.push(`${el.tagName}.${el.getAttribute('class')}: animation ${s.animationName}`);
        }
        const props = s.transitionProperty.split(',').map((p) => p.trim());
        const durations = s.transitionDuration.split(',').map((d) => parseFloat(d));
        props.forEach((p, i) => {
            const d = durations[i % durations.length];
            if (d > 0 && !['opacity', 'color', 'background-color', 'border-color', 'fill', 'stroke'].includes(p)) {
                moving.push(`${el.tagName}.${el.getAttribute('class')}: transition ${p} ${d}s`);
            }
        });
    }
    return moving;
"#;

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn with_reduced_motion_nothing_moves() {
    let page = Page::open("/").await;
    // Without the preference, messages do travel: the check below can see motion.
    click_button(&page, "Next").await;
    let moving: Vec<String> = serde_json::from_value(page.js(MOVING, vec![]).await).unwrap();
    assert!(moving.iter().any(|m| m.contains("travel-right")), "no motion found at all: {moving:#?}");

    page.cdp(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-reduced-motion", "value": "reduce" }] }),
    )
    .await;
    let reduced = page.js("return matchMedia('(prefers-reduced-motion: reduce)').matches;", vec![]).await;
    assert_eq!(reduced, json!(true));
    click_button(&page, "Restart").await;
    for (step, stage) in diagram().scenarios[0].steps.iter().map(|s| stage_class(s.stage)).enumerate() {
        let moving: Vec<String> = serde_json::from_value(page.js(MOVING, vec![]).await).unwrap();
        assert!(moving.is_empty(), "step {}: these move with reduced motion: {moving:#?}", step + 1);
        let now = state(&page).await;
        assert_eq!(now["stage"], json!(stage), "the steps still work");
        click_button(&page, "Next").await;
    }
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn play_advances_by_itself_and_stops_at_the_end() {
    let total = diagram().scenarios[0].steps.len();
    let page = Page::open(&format!("/#diagram-step-{}", total - 1)).await;
    click_button(&page, "Play").await;
    page.wait_until(&shows(&progress(total, total)), Duration::from_secs(8)).await;
    let play =
        "[...document.querySelectorAll('figure.diagram button')].some((b) => b.textContent.includes('Play'))";
    page.wait_until(play, Duration::from_secs(2)).await;
    page.close().await;
}

#[tokio::test]
#[ignore = "needs the release build: run `cargo xtask test`"]
async fn axe_stays_clean_on_every_stage() {
    let page = Page::open("/").await;
    let second = &diagram().scenarios[1];
    for step in 1..=second.steps.len() {
        page.goto(&format!("/#diagram-{}-step-{step}", second.id)).await;
        let violations = page.axe_violations().await;
        let report: Vec<String> = violations.iter().map(ToString::to_string).collect();
        assert!(violations.is_empty(), "step {step}: {}", report.join(""));
    }
    page.close().await;
}
