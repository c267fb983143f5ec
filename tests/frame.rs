//! The frame's controls and the completion record, in a real browser.
#![cfg(target_arch = "wasm32")]

#[path = "../src/lesson/fixtures.rs"]
mod fixtures;

mod common;

use common::new_root;
use fixtures::EVERY_WIDGET;
use roundtrip::diagram::DiagramView;
use roundtrip::frame::{FrameControlsView, FrameControlsViewProps};
use roundtrip::host::platform::PlatformState;
use roundtrip::lesson::Diagram;
use roundtrip::platform::completion;
use roundtrip::progress::{ProgressHandle, ProgressState};
use roundtrip::store::use_own_store;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Lets the browser run its queued events (a refused full screen arrives as one).
async fn next_tasks() {
    for _ in 0..20 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        yew::scheduler::flush().await;
    }
}

#[wasm_bindgen_test]
async fn standalone_the_controls_offer_full_screen_and_explain_a_refusal() {
    let root = new_root();
    yew::Renderer::<FrameControlsView>::with_root_and_props(
        root.clone(),
        FrameControlsViewProps { words: &EVERY_WIDGET.frame, platform: PlatformState::Standalone },
    )
    .render();
    yew::scheduler::flush().await;
    next_tasks().await;

    let group = root.query_selector(".frame-controls").unwrap().expect("the controls");
    assert_eq!(group.get_attribute("role").as_deref(), Some("group"));
    assert_eq!(group.get_attribute("aria-label").as_deref(), Some("Lesson window"));
    assert!(root.query_selector("a.frame-new-tab").unwrap().is_none(), "not framed: no new tab");
    let button: HtmlElement =
        root.query_selector("button.frame-fullscreen").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(button.text_content().as_deref(), Some("Full screen"));
    assert_eq!(button.get_attribute("type").as_deref(), Some("button"));

    // A click from a script is not the learner's: the browser refuses it.
    button.click();
    next_tasks().await;
    let status = root.query_selector(".frame-refused").unwrap().unwrap();
    assert_eq!(status.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(
        status.text_content().unwrap_or_default().trim(),
        "This page does not allow full screen here."
    );
}

/// The fixture lesson's first diagram.
fn diagram() -> &'static Diagram {
    EVERY_WIDGET.diagrams()[0]
}

#[derive(Properties, PartialEq)]
struct HostProps {
    seen: std::rc::Rc<std::cell::RefCell<Option<ProgressHandle>>>,
}

#[function_component]
fn Host(props: &HostProps) -> Html {
    let progress = use_own_store(ProgressState::default);
    *props.seen.borrow_mut() = Some(progress.clone());
    html! {
        <ContextProvider<ProgressHandle> context={progress}>
            <DiagramView diagram={diagram()} />
        </ContextProvider<ProgressHandle>>
    }
}

#[wasm_bindgen_test]
async fn every_diagram_step_shown_is_counted_once() {
    let root = new_root();
    let seen = std::rc::Rc::new(std::cell::RefCell::new(None));
    yew::Renderer::<Host>::with_root_and_props(root.clone(), HostProps { seen: seen.clone() }).render();
    yew::scheduler::flush().await;
    let count =
        || seen.borrow().as_ref().map(|p| completion::facts(&EVERY_WIDGET, &p.progress).diagram_steps_seen);
    assert_eq!(count(), Some(1), "the first step is on show");
    let next = root
        .query_selector_all(".diagram-controls button")
        .unwrap()
        .item(2)
        .and_then(|n| n.dyn_into::<HtmlElement>().ok())
        .expect("Next");
    assert!(next.text_content().unwrap_or_default().contains("Next"));
    next.click();
    yew::scheduler::flush().await;
    next.click();
    yew::scheduler::flush().await;
    assert_eq!(count(), Some(3));
    let back = root.query_selector_all(".diagram-controls button").unwrap().item(0).unwrap();
    back.dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    assert_eq!(count(), Some(3), "a step seen again counts once");
}
