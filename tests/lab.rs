//! The request lab in a real browser: it sends real requests to the test
//! runner's own server, refuses what must not be sent, keeps its history, and
//! reports to the diagram through the same live feed the app provides.
#![cfg(target_arch = "wasm32")]

#[path = "../src/lesson/fixtures.rs"]
mod fixtures;

mod common;

use roundtrip::store::use_own_store;
use std::cell::RefCell;
use std::rc::Rc;

use common::{find, new_root, text_of};
use fixtures::EVERY_WIDGET;
use roundtrip::diagram::live::{LiveFeed, LiveOutcome};
use roundtrip::diagram::LiveFeedHandle;
use roundtrip::lab::LabView;
use roundtrip::lesson::Lab;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The fixture lesson's first lab.
fn lab() -> &'static Lab {
    EVERY_WIDGET.labs()[0]
}

/// Why the lab refuses an address with `scheme`, in its own words.
fn why_not(scheme: &str) -> &'static str {
    lab()
        .schemes
        .iter()
        .find(|s| s.scheme == scheme)
        .map(|s| s.why.as_ref())
        .expect("a scheme the lab explains")
}

/// Stands in for the diagram: hands the test the live feed.
#[derive(Clone, Default)]
struct Feed(Rc<RefCell<Option<LiveFeedHandle>>>);

impl PartialEq for Feed {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Feed {
    fn latest(&self) -> LiveFeed {
        (**self.0.borrow().as_ref().expect("mounted")).clone()
    }
}

#[derive(Properties, PartialEq)]
struct HostProps {
    feed: Feed,
}

#[function_component]
fn Host(props: &HostProps) -> Html {
    let feed = use_own_store(LiveFeed::default);
    *props.feed.0.borrow_mut() = Some(feed.clone());
    html! {
        <ContextProvider<LiveFeedHandle> context={feed}>
            <LabView lab={lab()} />
        </ContextProvider<LiveFeedHandle>>
    }
}

async fn mount() -> (Element, Feed) {
    let root = new_root();
    let feed = Feed::default();
    yew::Renderer::<Host>::with_root_and_props(root.clone(), HostProps { feed: feed.clone() }).render();
    yew::scheduler::flush().await;
    (root, feed)
}

/// Waits for something real (a network answer) without a fixed sleep: lets
/// the browser run, then checks again, up to 15 s (the test runner's server
/// can be slow to answer while other tests' requests are open).
async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..750 {
        yew::scheduler::flush().await;
        if done() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    panic!("still waiting after 15 s");
}

/// Types `url` into the address field, as the learner would.
async fn type_address(root: &Element, url: &str) -> HtmlInputElement {
    let input: HtmlInputElement = find(root, "#lab-url").dyn_into().unwrap();
    input.set_value(url);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &{
        let init = web_sys::InputEventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    input.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
    input
}

async fn send(root: &Element, url: &str) {
    type_address(root, url).await;
    find(root, ".lab-send").dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
}

fn settled(root: &Element) -> bool {
    root.query_selector(".lab-response[data-settled='true']").unwrap().is_some()
}

#[wasm_bindgen_test]
async fn a_refused_address_is_explained_and_never_reaches_the_diagram() {
    let (root, feed) = mount().await;
    send(&root, "javascript:alert(document.cookie)").await;
    assert!(settled(&root));
    assert!(text_of(&root, ".lab-status").contains("Not sent"));
    assert!(text_of(&root, ".lab-explanation").contains(why_not("javascript")));
    assert_eq!(feed.latest().latest, None, "nothing was sent, so nothing plays");
    assert!(text_of(&root, ".lab-history-item").contains("not sent"));
}

#[wasm_bindgen_test]
async fn a_real_404_is_shown_with_its_meaning_and_played_on_the_diagram() {
    let (root, feed) = mount().await;
    send(&root, "no-such-page-for-the-lab").await;
    let started = feed.latest().latest.expect("reported when sent");
    assert_eq!((started.method.as_str(), started.outcome), ("GET", None));
    assert!(started.path.ends_with("/no-such-page-for-the-lab"), "{}", started.path);
    until(|| settled(&root)).await;
    assert_eq!(text_of(&root, ".lab-code"), "404 Not Found");
    assert!(text_of(&root, ".lab-class").eq_ignore_ascii_case("client error"));
    assert!(text_of(&root, ".lab-meaning").contains("GET /no-such-page-for-the-lab"));
    let settled = feed.latest().latest.unwrap();
    assert!(
        matches!(settled.outcome, Some(LiveOutcome::Answered { status: 404, ref reason, .. }) if reason == "Not Found"),
        "{settled:?}"
    );
}

#[wasm_bindgen_test]
async fn without_the_practice_back_end_only_presets_that_work_anywhere_are_offered() {
    let (root, _) = mount().await;
    let anywhere = lab().presets.iter().filter(|p| !p.practice).count();
    let count =
        || root.query_selector_all("#lab-preset option:not([value='custom'])").unwrap().length() as usize;
    assert_eq!(count(), anywhere);
    // The health check gets a 404 here; give it time to answer, then check again.
    gloo_timers::future::TimeoutFuture::new(500).await;
    yew::scheduler::flush().await;
    assert_eq!(count(), anywhere);
    assert!(root.query_selector(".lab-practice").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn the_history_reopens_a_response_and_clears() {
    let (root, _) = mount().await;
    send(&root, "ftp://127.0.0.1/").await;
    send(&root, "file:///etc/passwd").await;
    let items = root.query_selector_all(".lab-history-item").unwrap();
    assert_eq!(items.length(), 2);
    assert!(text_of(&root, ".lab-explanation").contains(why_not("file")), "newest shown");
    items.item(1).unwrap().dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    assert!(text_of(&root, ".lab-explanation").contains(why_not("ftp")), "the older one again");
    find(&root, ".lab-clear").dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    assert_eq!(root.query_selector_all(".lab-history-item").unwrap().length(), 0);
    assert!(root.query_selector(".lab-nothing").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn enter_in_the_address_sends_without_any_form_submission() {
    let (root, feed) = mount().await;
    // No <form>: a frame sandboxed without `allow-forms` would block it.
    assert!(root.query_selector("form").unwrap().is_none());
    let input = type_address(&root, "no-such-page-for-enter").await;
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let enter = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&enter).unwrap();
    yew::scheduler::flush().await;
    let started = feed.latest().latest.expect("Enter sent the request");
    assert!(started.path.ends_with("/no-such-page-for-enter"), "{}", started.path);
    until(|| settled(&root)).await;
    assert_eq!(text_of(&root, ".lab-code"), "404 Not Found");
}
