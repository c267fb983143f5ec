//! What the wasm tests share: a fresh element to mount in, finding elements
//! and their text, pressing a named button, and letting Yew settle. Each test
//! file uses what it needs (`mod common;`).
#![allow(dead_code)]

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// A new `<div>` at the end of the test page's body, to mount in.
pub fn new_root() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    root
}

/// The first element under `root` that `selector` finds; it must be there.
pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"))
}

pub fn find_all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

/// Rendered text for HTML; the text content for SVG, which has no `innerText`.
pub fn text(element: &Element) -> String {
    match element.dyn_ref::<HtmlElement>() {
        Some(html) => html.inner_text(),
        None => element.text_content().unwrap_or_default(),
    }
}

/// The text of what `selector` finds under `root`.
pub fn text_of(root: &Element, selector: &str) -> String {
    text(&find(root, selector))
}

/// The button under `root` whose text contains `name`.
pub fn button(root: &Element, name: &str) -> HtmlElement {
    find_all(root, "button")
        .into_iter()
        .filter_map(|b| b.dyn_into::<HtmlElement>().ok())
        .find(|b| b.inner_text().contains(name))
        .unwrap_or_else(|| panic!("no button {name}"))
}

/// Effects dispatch, which renders again, which runs effects again.
pub async fn settle() {
    for _ in 0..4 {
        yew::scheduler::flush().await;
    }
}
