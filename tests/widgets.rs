//! Two widgets of a kind on one page, in a real browser: each diagram keeps
//! its own keys and answers only to links to its own steps.
#![cfg(target_arch = "wasm32")]

#[path = "../src/lesson/fixtures.rs"]
mod fixtures;

mod common;

use common::{find, new_root};
use fixtures::EVERY_WIDGET;
use roundtrip::diagram::DiagramView;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[function_component]
fn TwoDiagrams() -> Html {
    let diagrams = EVERY_WIDGET.diagrams();
    html! {
        <>
            <div class="first"><DiagramView diagram={diagrams[0]} /></div>
            <div class="second"><DiagramView diagram={diagrams[1]} nth={1} /></div>
        </>
    }
}

async fn mount() -> Element {
    let root = new_root();
    yew::Renderer::<TwoDiagrams>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

fn progress(root: &Element, which: &str) -> String {
    find(root, &format!(".{which} .diagram-progress"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .inner_text()
        .to_lowercase()
}

/// Sets the address's fragment and waits for the page to hear of it.
async fn go_to(fragment: &str) {
    web_sys::window().unwrap().location().set_hash(fragment).unwrap();
    gloo_timers::future::TimeoutFuture::new(50).await;
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_arrow_keys_move_only_the_diagram_they_are_pressed_on() {
    let root = mount().await;
    let init = KeyboardEventInit::new();
    init.set_key("ArrowRight");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    find(&root, ".second .diagram-body").dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
    assert_eq!(progress(&root, "first"), "step 1 of 6");
    assert_eq!(progress(&root, "second"), "step 2 of 2");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_deep_link_moves_the_diagram_it_names() {
    let root = mount().await;
    go_to("#diagram-2-step-2").await;
    assert_eq!(progress(&root, "first"), "step 1 of 6");
    assert_eq!(progress(&root, "second"), "step 2 of 2");
    let link = find(&root, ".second .diagram-link").get_attribute("href");
    assert_eq!(link.as_deref(), Some("#diagram-2-step-2"));

    go_to("#diagram-step-3").await;
    assert_eq!(progress(&root, "first"), "step 3 of 6");
    assert_eq!(progress(&root, "second"), "step 2 of 2");
    go_to("").await;
    root.remove();
}

#[wasm_bindgen_test]
async fn each_diagram_names_its_own_picture_and_scenario_group() {
    let root = mount().await;
    for (which, alt, group) in
        [("first", "diagram-alt", "diagram-scenario"), ("second", "diagram-2-alt", "diagram-2-scenario")]
    {
        let svg = find(&root, &format!(".{which} svg.diagram-picture"));
        assert_eq!(svg.get_attribute("aria-labelledby").as_deref(), Some(alt));
        let radio = find(&root, &format!(".{which} input[type=radio]"));
        assert_eq!(radio.get_attribute("name").as_deref(), Some(group));
    }
    root.remove();
}
