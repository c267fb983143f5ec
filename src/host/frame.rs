//! The page that frames the lesson, if any: whether there is one, telling it
//! our height and results by `postMessage`, hearing it back, and full screen.
//! Every access to the parent is caught: in a sandboxed or cross-origin frame
//! a refusal just means "not available".

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::{Interval, Timeout};
use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::frame::messages::{self, Fields, Resizer, Value};

/// Whether another page frames ours (`window.parent !== window`).
pub fn is_framed() -> bool {
    let Some(window) = web_sys::window() else { return false };
    match window.parent() {
        Ok(Some(parent)) => !Object::is(&parent, &window),
        _ => false,
    }
}

/// This page's address: for opening it in a tab of its own, and to name
/// the lesson and its checks in statements.
pub fn own_address() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

pub(crate) fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Text(text) => JsValue::from_str(text),
        Value::Number(n) => JsValue::from_f64(*n),
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::List(items) => items.iter().map(to_js).collect::<js_sys::Array>().into(),
        Value::Object(fields) => {
            let object = Object::new();
            for (key, value) in fields {
                let _ = Reflect::set(&object, &JsValue::from_str(key), &to_js(value));
            }
            object.into()
        }
    }
}

/// Posts to the parent. Our messages carry nothing secret, and the parent's
/// origin is unknown (and opaque when sandboxed), so any origin may read them.
fn post(messages: &[Value]) {
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else { return };
    for message in messages {
        let _ = parent.post_message(&to_js(message), "*");
    }
}

/// Tells the framing page the learner's result, or an answer to a check
/// (see `crate::statements`).
pub fn post_statement(statement: &Value) {
    if is_framed() {
        post(std::slice::from_ref(statement));
    }
}

/// The content's height in CSS pixels: the root element's box (not the
/// viewport's), so the frame can shrink as well as grow.
fn content_height() -> u32 {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map(|root| root.get_bounding_client_rect().height().ceil().clamp(0.0, f64::from(u32::MAX)) as u32)
        .unwrap_or(0)
}

struct MessageData(JsValue);

impl Fields for MessageData {
    fn text(&self, key: &str) -> Option<String> {
        Reflect::get(&self.0, &JsValue::from_str(key)).ok()?.as_string()
    }
    fn number(&self, key: &str) -> Option<f64> {
        Reflect::get(&self.0, &JsValue::from_str(key)).ok()?.as_f64()
    }
}

/// Keeps the parent told of our height while alive. Dropping it stops.
pub struct Sizing {
    observer: web_sys::ResizeObserver,
    _on_resize: Closure<dyn FnMut()>,
    _on_message: EventListener,
    /// Says H5P's hello again until a resizer answers; taken (stopped) by
    /// the message listener on an answer, or by `_hello_deadline`.
    _hello_timer: Rc<RefCell<Option<Interval>>>,
    _hello_deadline: Option<Timeout>,
}

impl Drop for Sizing {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Starts telling the parent our height, in every protocol it may speak;
/// `None` when not framed, or the browser cannot observe sizes.
pub fn start_sizing() -> Option<Sizing> {
    if !is_framed() {
        return None;
    }
    let window = web_sys::window()?;
    let root = window.document()?.document_element()?;
    let resizer = Rc::new(RefCell::new(Resizer::new(&window.origin())));
    post(&resizer.borrow().start());

    // A resizer that loads after us hears nothing we said before; keep
    // saying hello for a while. Each timer is stopped from another callback,
    // never from its own.
    let started = js_sys::Date::now();
    let since_start = move || (js_sys::Date::now() - started).clamp(0.0, f64::from(u32::MAX)) as u32;
    let hello_timer = Rc::new(RefCell::new(None::<Interval>));
    let mut hello_deadline = None;
    if resizer.borrow().greeting(0) {
        let ticking = resizer.clone();
        *hello_timer.borrow_mut() = Some(Interval::new(messages::HELLO_EVERY_MS, move || {
            post(&ticking.borrow().tick(since_start()));
        }));
        let timer = hello_timer.clone();
        hello_deadline = Some(Timeout::new(messages::HELLO_FOR_MS, move || drop(timer.borrow_mut().take())));
    }

    let on_resize = {
        let resizer = resizer.clone();
        Closure::<dyn FnMut()>::new(move || post(&resizer.borrow_mut().measured(content_height())))
    };
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
    observer.observe(&root);

    let on_message = {
        let window = window.clone();
        let hello_timer = hello_timer.clone();
        EventListener::new(&window.clone(), "message", move |event| {
            let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
            let from_parent = match (event.source(), window.parent()) {
                (Some(source), Ok(Some(parent))) => Object::is(&source, &parent),
                _ => false,
            };
            let data = event.data();
            let data = data.is_object().then(|| MessageData(data));
            if let Some(message) = messages::parse(from_parent, data.as_ref()) {
                post(&resizer.borrow_mut().received(message, content_height()));
                if !resizer.borrow().greeting(since_start()) {
                    drop(hello_timer.borrow_mut().take());
                }
            }
        })
    };
    Some(Sizing {
        observer,
        _on_resize: on_resize,
        _on_message: on_message,
        _hello_timer: hello_timer,
        _hello_deadline: hello_deadline,
    })
}

/// Full screen for the whole page, as far as the host allows it.
pub mod fullscreen {
    use gloo_events::EventListener;

    fn document() -> Option<web_sys::Document> {
        web_sys::window()?.document()
    }

    /// Whether the host lets us (an iframe needs `allowfullscreen`; phones
    /// often have no full screen for pages at all).
    pub fn is_allowed() -> bool {
        document().is_some_and(|d| d.fullscreen_enabled())
    }

    pub fn is_on() -> bool {
        document().is_some_and(|d| d.fullscreen_element().is_some())
    }

    /// Asks for full screen; `false` when refused outright. A later refusal
    /// arrives through [`on_change`].
    pub fn enter() -> bool {
        let Some(root) = document().and_then(|d| d.document_element()) else { return false };
        is_allowed() && root.request_fullscreen().is_ok()
    }

    pub fn exit() {
        if let Some(document) = document() {
            document.exit_fullscreen();
        }
    }

    /// Calls `f(Some(on))` when full screen starts or ends, `f(None)` when a
    /// request was refused. Dropping the listeners stops it.
    pub fn on_change(f: impl Fn(Option<bool>) + Clone + 'static) -> Option<[EventListener; 2]> {
        let document = document()?;
        let changed = {
            let f = f.clone();
            EventListener::new(&document, "fullscreenchange", move |_| f(Some(is_on())))
        };
        let refused = EventListener::new(&document, "fullscreenerror", move |_| f(None));
        Some([changed, refused])
    }
}
