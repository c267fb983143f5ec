//! The diagram in a real browser: stepping, keyboard, scenarios, and live
//! requests fed through the same context the request lab uses. On the
//! fixture lesson's first diagram.
#![cfg(target_arch = "wasm32")]

#[path = "../src/lesson/fixtures.rs"]
mod fixtures;

mod common;

use roundtrip::store::use_own_store;
use std::cell::RefCell;
use std::rc::Rc;

use common::{button, find, new_root, text_of};
use fixtures::EVERY_WIDGET;
use roundtrip::diagram::live::{LiveEvent, LiveFeed, LiveOutcome};
use roundtrip::diagram::machine::anchor;
use roundtrip::diagram::{DiagramView, LiveFeedHandle};
use roundtrip::lesson::{Diagram, Stage};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Its first scenario tells every stage in order; another ends in a 404.
fn diagram() -> &'static Diagram {
    EVERY_WIDGET.diagrams()[0]
}

/// Stands in for the request lab: hands the test the live feed.
#[derive(Clone, Default)]
struct Lab(Rc<RefCell<Option<LiveFeedHandle>>>);

impl PartialEq for Lab {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Lab {
    async fn send(&self, event: LiveEvent) {
        let feed = self.0.borrow().clone().expect("mounted");
        feed.dispatch(event);
        yew::scheduler::flush().await;
    }
}

#[derive(Properties, PartialEq)]
struct HostProps {
    lab: Lab,
}

#[function_component]
fn Host(props: &HostProps) -> Html {
    let feed = use_own_store(LiveFeed::default);
    *props.lab.0.borrow_mut() = Some(feed.clone());
    html! {
        <ContextProvider<LiveFeedHandle> context={feed}>
            <DiagramView diagram={diagram()} />
        </ContextProvider<LiveFeedHandle>>
    }
}

async fn mount() -> (Element, Lab) {
    let root = new_root();
    let lab = Lab::default();
    yew::Renderer::<Host>::with_root_and_props(root.clone(), HostProps { lab: lab.clone() }).render();
    yew::scheduler::flush().await;
    (root, lab)
}

/// The words of the first pill (an SVG group of text lines) `selector`
/// finds, all lines together, without the spaces that lines break at.
fn pill(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default().split_whitespace().collect()
}

async fn click(root: &Element, name: &str) {
    button(root, name).click();
    yew::scheduler::flush().await;
}

async fn key(root: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    find(root, ".diagram-body").dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

fn stage(root: &Element) -> String {
    let class = find(root, "svg.diagram-picture").get_attribute("class").unwrap();
    class.split_whitespace().find(|c| c.starts_with("stage-")).unwrap().to_owned()
}

#[wasm_bindgen_test]
async fn next_walks_through_every_step_with_its_narration() {
    let (root, _) = mount().await;
    let steps = &diagram().scenarios[0].steps;
    let mut seen = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let progress = format!("step {} of {}", i + 1, steps.len());
        assert_eq!(text_of(&root, ".diagram-progress").to_lowercase(), progress);
        assert_eq!(text_of(&root, ".diagram-step-text"), step.text.as_ref());
        seen.push(stage(&root));
        click(&root, "Next").await;
    }
    assert_eq!(
        seen,
        ["stage-address", "stage-request", "stage-receive", "stage-work", "stage-respond", "stage-render"]
    );
    assert_eq!(button(&root, "Next").get_attribute("aria-disabled").as_deref(), Some("true"));
    click(&root, "Back").await;
    assert_eq!(stage(&root), "stage-respond");
    click(&root, "Restart").await;
    assert_eq!(stage(&root), "stage-address");
    assert_eq!(button(&root, "Back").get_attribute("aria-disabled").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn arrow_keys_step_and_space_plays() {
    let (root, _) = mount().await;
    key(&root, "ArrowRight").await;
    key(&root, "ArrowRight").await;
    assert_eq!(stage(&root), "stage-receive");
    key(&root, "ArrowLeft").await;
    assert_eq!(stage(&root), "stage-request");
    key(&root, " ").await;
    assert!(button(&root, "Pause").inner_text().contains("Pause"));
    key(&root, " ").await;
    assert!(button(&root, "Play").inner_text().contains("Play"));
}

#[wasm_bindgen_test]
async fn the_missing_page_scenario_ends_in_a_404() {
    let (root, _) = mount().await;
    let at = diagram().scenarios.iter().position(|s| s.status == 404).expect("a scenario ending in a 404");
    let scenario = &diagram().scenarios[at];
    let respond = scenario.steps.iter().position(|s| s.stage == Stage::Respond).expect("a response step");
    let radio = find(&root, &format!("input[value='{}']", scenario.id)).dyn_into::<HtmlElement>().unwrap();
    radio.click();
    yew::scheduler::flush().await;
    for _ in 0..respond {
        click(&root, "Next").await;
    }
    assert_eq!(stage(&root), "stage-respond");
    assert_eq!(text_of(&root, ".message-response text"), format!("404 {}", scenario.reason));
    assert!(find(&root, ".message-response").get_attribute("class").unwrap().contains("status-client-error"));
    let link = format!("#{}", anchor(diagram(), 0, at, respond));
    assert_eq!(find(&root, "a.diagram-link").get_attribute("href"), Some(link));
}

#[wasm_bindgen_test]
async fn a_real_request_plays_live_with_its_status_and_time() {
    let (root, lab) = mount().await;
    let path = "/data/stores/80202.json";
    lab.send(LiveEvent::Started { id: 1, method: "GET".into(), path: path.into() }).await;
    assert_eq!(stage(&root), "stage-request");
    assert!(find(&root, "svg").get_attribute("class").unwrap().contains("is-live"));
    // The whole path, on as many lines as the pill needs.
    assert_eq!(pill(&root, ".message-request"), "GET/data/stores/80202.json");
    assert!(text_of(&root, ".diagram-step-text").contains(path), "the narration has the whole path");

    let outcome = LiveOutcome::Answered { status: 404, reason: "Not Found".into(), elapsed_ms: 37 };
    lab.send(LiveEvent::Settled { id: 1, outcome }).await;
    assert_eq!(stage(&root), "stage-respond");
    assert_eq!(pill(&root, ".message-response"), "404NotFound·37ms");
    assert!(find(&root, ".message-response").get_attribute("class").unwrap().contains("status-client-error"));
    let narration = text_of(&root, ".diagram-step-text");
    assert!(narration.contains("404 Not Found (client error) after 37 ms"), "{narration}");

    click(&root, "Back to the walkthrough").await;
    assert_eq!(stage(&root), "stage-address");
    assert!(!find(&root, "svg").get_attribute("class").unwrap().contains("is-live"));
}

#[wasm_bindgen_test]
async fn a_failed_request_never_comes_back_and_says_why() {
    let (root, lab) = mount().await;
    lab.send(LiveEvent::Started { id: 7, method: "GET".into(), path: "https://example.com/".into() }).await;
    let why = "the browser blocked the response (network failure or CORS)";
    lab.send(LiveEvent::Settled { id: 7, outcome: LiveOutcome::Failed { why: why.into(), elapsed_ms: 120 } })
        .await;
    let class = find(&root, "svg").get_attribute("class").unwrap();
    assert!(class.contains("is-failed") && class.contains("stage-request"), "{class}");
    assert!(text_of(&root, ".diagram-step-text").contains(why));
    // A new request takes over even after the learner left the last one.
    click(&root, "Back to the walkthrough").await;
    lab.send(LiveEvent::Started { id: 8, method: "HEAD".into(), path: "/".into() }).await;
    assert_eq!(text_of(&root, ".message-request text"), "HEAD /");
}
