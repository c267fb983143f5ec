//! The host document: its title and language, its address's fragment, where
//! keyboard events land, what form fields hold, what has come into view, and
//! the clock and timers.

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::NodeRef;

/// Milliseconds since 1970-01-01 UTC, by the browser's clock.
pub fn now_ms() -> u64 {
    // `as` saturates: a clock before 1970 reads as 0.
    js_sys::Date::now() as u64
}

/// Calls `f` every `ms` milliseconds until the returned timer is dropped.
pub fn every(ms: u32, f: impl FnMut() + 'static) -> Interval {
    Interval::new(ms, f)
}

/// Watches for an element to come into view; dropping it stops watching.
pub struct FirstView {
    observer: web_sys::IntersectionObserver,
    _on_view: Closure<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>,
}

impl Drop for FirstView {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `f` once, the first time any part of the element with this id is in
/// view (in a frame, in the view of the page around it too). `None` when
/// there is no such element or the browser cannot tell.
pub fn on_first_view(id: &str, f: impl FnOnce() + 'static) -> Option<FirstView> {
    let element = web_sys::window()?.document()?.get_element_by_id(id)?;
    let mut f = Some(f);
    let on_view = Closure::<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
            let in_view = entries.iter().any(|entry| {
                entry.dyn_into::<web_sys::IntersectionObserverEntry>().is_ok_and(|e| e.is_intersecting())
            });
            if in_view {
                observer.disconnect();
                if let Some(f) = f.take() {
                    f();
                }
            }
        },
    );
    let observer = web_sys::IntersectionObserver::new(on_view.as_ref().unchecked_ref()).ok()?;
    observer.observe(&element);
    Some(FirstView { observer, _on_view: on_view })
}

/// Names the browser tab after the lesson and declares its language, so
/// screen readers pronounce it right. Silently does nothing outside a browser.
pub fn describe(title: &str, lang: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    document.set_title(title);
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", lang);
    }
}

/// Runs `f`, and records how long it took as a performance measure named
/// `name`, for measurements (`cargo xtask bench-load`).
pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}-start");
    if let Some(performance) = &performance {
        let _ = performance.mark(&start);
    }
    let out = f();
    if let Some(performance) = &performance {
        let _ = performance.measure_with_start_mark(name, &start);
    }
    out
}

/// Whether the browser believes the device is online (`navigator.onLine`):
/// when it says no, a request never leaves the device. Outside a browser, yes.
pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Calls `f` with whether the device is online, each time that changes.
/// Dropping the listeners stops it.
pub fn on_online_change(f: impl Fn(bool) + 'static) -> Option<(EventListener, EventListener)> {
    let window = web_sys::window()?;
    let f = std::rc::Rc::new(f);
    let (on, off) = (f.clone(), f);
    Some((
        EventListener::new(&window, "online", move |_| on(true)),
        EventListener::new(&window, "offline", move |_| off(false)),
    ))
}

/// Calls `f` once, when the device is next online. Dropping the listener
/// forgets it.
pub fn when_online(f: impl FnOnce() + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    let f = std::cell::RefCell::new(Some(f));
    Some(EventListener::new(&window, "online", move |_| {
        if let Some(f) = f.borrow_mut().take() {
            f();
        }
    }))
}

/// Says in the browser's console what went wrong where the learner sees
/// nothing of it (the page goes on as it is).
pub fn warn(message: &str) {
    web_sys::console::warn_1(&wasm_bindgen::JsValue::from_str(message));
}

/// Tells the stylesheets that the app has taken over the prerendered page,
/// so its controls stop looking inactive (`html[data-app="ready"]`).
pub fn mark_ready() {
    let Some(window) = web_sys::window() else { return };
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-app", "ready");
        // The stylesheet places notes by it: a note over a window's own
        // viewport, or in the flow of a frame that grows to fit the lesson.
        let host = if super::frame::is_framed() { "frame" } else { "window" };
        let _ = root.set_attribute("data-host", host);
    }
    // For measurements (`cargo xtask bench-load`): when the controls came alive.
    if let Some(performance) = window.performance() {
        let _ = performance.mark("roundtrip-ready");
    }
}

/// The address's fragment, with its `#` (empty when there is none).
pub fn fragment() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Calls `f` with the new fragment whenever it changes (a link to `#…` was
/// followed, or the learner edited the address). Dropping the listener stops it.
pub fn on_fragment_change(f: impl Fn(String) + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    Some(EventListener::new(&window, "hashchange", move |_| f(fragment())))
}

/// Brings the element the address's fragment names into view, if there is one.
pub fn scroll_to_fragment() {
    let fragment = fragment();
    let id = fragment.trim_start_matches('#');
    if id.is_empty() {
        return;
    }
    // A fragment arrives percent-encoded (`#caf%C3%A9`); ids are not.
    let id =
        js_sys::decode_uri_component(id).ok().and_then(|s| s.as_string()).unwrap_or_else(|| id.to_owned());
    if let Some(element) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id))
    {
        element.scroll_into_view();
    }
}

/// The element with this id, if the page has one.
pub fn element(id: &str) -> Option<Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// An element of the page, as the app holds one to mount a part in.
pub use web_sys::Element;

/// A new `<div>` with this id (none yet in the page), in `parent` if given.
pub fn new_div(id: &str, parent: Option<&Element>) -> Option<Element> {
    let div = web_sys::window()?.document()?.create_element("div").ok()?;
    div.set_id(id);
    if let Some(parent) = parent {
        parent.append_child(&div).ok()?;
    }
    Some(div)
}

/// Moves keyboard focus to the element with this id, if there is one.
pub fn focus(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Calls `f` with the id of the section being read (the last of `ids` whose
/// heading is above the upper third of the window) once scrolling has
/// paused, and only when it changed. Dropping the listener stops it.
pub fn on_section_change(ids: Vec<String>, f: impl Fn(String) + 'static) -> Option<EventListener> {
    use std::cell::RefCell;
    use std::rc::Rc;

    use gloo_timers::callback::Timeout;

    let window = web_sys::window()?;
    let pending: Rc<RefCell<Option<Timeout>>> = Rc::default();
    let last: Rc<RefCell<Option<String>>> = Rc::default();
    let f = Rc::new(f);
    let ids = Rc::new(ids);
    // Passive (gloo's default): the listener never holds scrolling up.
    let listener = EventListener::new(&window, "scroll", move |_| {
        let (ids, last, f) = (ids.clone(), last.clone(), f.clone());
        // Replacing the timeout cancels the one before: only a pause counts.
        *pending.borrow_mut() = Some(Timeout::new(400, move || {
            let Some(current) = section_in_view(&ids) else { return };
            if last.borrow().as_deref() != Some(current.as_str()) {
                *last.borrow_mut() = Some(current.clone());
                f(current);
            }
        }));
    });
    Some(listener)
}

fn section_in_view(ids: &[String]) -> Option<String> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let line = window.inner_height().ok()?.as_f64()? / 3.0;
    ids.iter()
        .rfind(|id| {
            document
                .get_element_by_id(id)
                .is_some_and(|heading| heading.get_bounding_client_rect().top() <= line)
        })
        .cloned()
}

/// Whether the event happened on this very element, not on one inside it.
pub fn is_event_on(event: &web_sys::Event, element: &NodeRef) -> bool {
    match (event.target(), element.get()) {
        (Some(target), Some(node)) => {
            target.dyn_ref::<web_sys::Node>().is_some_and(|t| t.is_same_node(Some(&node)))
        }
        _ => false,
    }
}

/// Whether the event happened on a radio button, which owns its arrow keys.
pub fn is_event_on_radio(event: &web_sys::Event) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|input| input.type_() == "radio")
}

/// The value of the `<select>` the event happened on (empty on anything else).
pub fn select_value(event: &web_sys::Event) -> String {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

/// The value of the `<input>` or `<textarea>` the event happened on (empty
/// on anything else).
pub fn input_value(event: &web_sys::Event) -> String {
    let Some(target) = event.target() else { return String::new() };
    match target.dyn_into::<web_sys::HtmlInputElement>() {
        Ok(input) => input.value(),
        Err(target) => {
            target.dyn_into::<web_sys::HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default()
        }
    }
}
