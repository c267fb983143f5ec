//! The network: real `fetch()` requests for the request lab, with an
//! AbortController for cancel and timeout, a body streamed and capped, and the
//! page's clock. Every decision about what came back is in `crate::lab`.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Headers, ReadableStreamDefaultReader, ReferrerPolicy, RequestCache, RequestCredentials,
    RequestInit,
};

use crate::lab::address::{PageOrigin, Parts};
use crate::lab::outcome::{classify, Abort, Failure, FetchError, Outcome, Reply};
use crate::lab::practice;
use crate::lab::preview::{preview, BodyCap, Preview};
use crate::lab::state::Sending;
use crate::lesson::Method;

/// What `/api/health` names itself on the practice back end.
pub const PRACTICE_SERVICE: &str = "roundtrip-practice";

/// The most response headers kept; a server could send thousands.
const MAX_HEADERS: usize = 100;

/// The browser's reading of `input`, resolved against the page's address.
pub fn parse(input: &str) -> Option<Parts> {
    let base = web_sys::window()?.document()?.base_uri().ok().flatten()?;
    let url = web_sys::Url::new_with_base(input.trim(), &base).ok()?;
    let port = url.port();
    Some(Parts {
        href: url.href(),
        scheme: url.protocol().trim_end_matches(':').to_ascii_lowercase(),
        hostname: url.hostname(),
        port: if port.is_empty() { None } else { port.parse().ok() },
        origin: url.origin(),
        has_credentials: !url.username().is_empty() || !url.password().is_empty(),
        path: format!("{}{}", url.pathname(), url.search()),
    })
}

/// The page the lesson runs in.
pub fn page() -> PageOrigin {
    let location = web_sys::window().map(|w| w.location());
    let read = |f: fn(&web_sys::Location) -> Result<String, JsValue>| {
        location.as_ref().and_then(|l| f(l).ok()).unwrap_or_default()
    };
    PageOrigin {
        scheme: read(web_sys::Location::protocol).trim_end_matches(':').to_owned(),
        origin: read(web_sys::Location::origin),
    }
}

/// Milliseconds on the page's clock.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Stops a request in flight.
#[derive(Clone)]
pub struct Stopper {
    controller: Option<AbortController>,
    cause: Rc<Cell<Option<Abort>>>,
}

impl Stopper {
    pub fn new() -> Stopper {
        Stopper { controller: AbortController::new().ok(), cause: Rc::new(Cell::new(None)) }
    }

    pub fn cancel(&self) {
        self.stop(Abort::Cancel);
    }

    fn stop(&self, cause: Abort) {
        if self.cause.get().is_none() {
            self.cause.set(Some(cause));
        }
        // Without a reason, so the fetch rejects with an AbortError, a JS
        // `Error`: gloo-net panics on a rejection that is not one.
        if let Some(controller) = &self.controller {
            controller.abort();
        }
    }
}

impl Default for Stopper {
    fn default() -> Self {
        Stopper::new()
    }
}

impl PartialEq for Stopper {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.cause, &other.cause)
    }
}

/// Sends `request` in the background, then calls `done` with what came of it.
pub fn send_then(request: Sending, stopper: Stopper, done: impl FnOnce(Outcome) + 'static) {
    wasm_bindgen_futures::spawn_local(async move { done(send(request, stopper).await) });
}

/// Sends one request and reads what comes back. Never panics: whatever
/// happens becomes an [`Outcome`].
async fn send(request: Sending, stopper: Stopper) -> Outcome {
    // Offline, the browser would not send it either: it never leaves the
    // device, and the learner is told so (no status code is made up).
    if !super::page::is_online() {
        return Outcome::Failed { failure: Failure::Offline, elapsed_ms: 0 };
    }
    let started = now_ms();
    let elapsed = move || (now_ms() - started).max(0.0).round() as u32;
    let timeout = {
        let stopper = stopper.clone();
        Timeout::new(request.timeout_seconds.saturating_mul(1000), move || stopper.stop(Abort::Timeout))
    };
    let failed = |error: FetchError| {
        classify(
            &error,
            stopper.cause.get(),
            request.cross_origin,
            request.timeout_seconds,
            super::page::is_online(),
        )
    };

    let response = match private_request(&request.url, request.method, request.body.as_ref(), &stopper) {
        Ok(built) => built.send().await,
        Err(error) => return Outcome::Failed { failure: failed(fetch_error(&error)), elapsed_ms: elapsed() },
    };
    let response = match response {
        Ok(response) => response,
        Err(gloo_net::Error::JsError(error)) => {
            let error = FetchError { name: error.name, message: error.message };
            return Outcome::Failed { failure: failed(error), elapsed_ms: elapsed() };
        }
        // gloo-net's own errors, which its `send` does not make today: in
        // their words, like the browser's (English, as the browser's are).
        // Not through `Display`, which costs 3.7 KB of wasm.
        Err(gloo_net::Error::GlooError(why)) => {
            return Outcome::Failed { failure: Failure::Other(why), elapsed_ms: elapsed() }
        }
        Err(gloo_net::Error::SerdeError(_)) => {
            let why = String::from("the answer could not be read");
            return Outcome::Failed { failure: Failure::Other(why), elapsed_ms: elapsed() };
        }
    };

    // Only what CORS lets the page read, with lower-case names, in order.
    let headers: Vec<(String, String)> = response.headers().entries().take(MAX_HEADERS).collect();
    let content_type =
        headers.iter().find(|(n, _)| n == "content-type").map(|(_, v)| v.clone()).unwrap_or_default();
    let mut cap = BodyCap::default();
    let mut body_stopped = None;
    if request.method != Method::Head {
        if let Some(stream) = response.body() {
            if let Err(error) = read_capped(&stream, &mut cap).await {
                body_stopped = Some(failed(fetch_error(&error)));
            }
        }
    }
    drop(timeout);
    let body = if request.method == Method::Head {
        Preview::Empty
    } else {
        preview(&content_type, &cap.bytes, cap.truncated)
    };
    Outcome::Answered(Reply {
        status: response.status(),
        status_text: response.status_text(),
        url: response.url(),
        redirected: response.redirected(),
        headers,
        body,
        body_bytes: cap.bytes.len(),
        truncated: cap.truncated,
        body_stopped,
        elapsed_ms: elapsed(),
    })
}

/// A request that sends nothing about the learner: no cookies, no referrer,
/// and never an answer from the cache instead of the server. Built here rather
/// than with gloo-net's `RequestBuilder`, which appends `&` to an address that
/// has a query (gloo#498): the lab sends exactly the address the learner typed.
fn private_request(
    url: &str,
    method: Method,
    body: Option<&(String, String)>,
    stopper: &Stopper,
) -> Result<Request, JsValue> {
    let init = RequestInit::new();
    init.set_method(method.as_str());
    init.set_credentials(RequestCredentials::Omit);
    init.set_referrer_policy(ReferrerPolicy::NoReferrer);
    init.set_cache(RequestCache::NoStore);
    if let Some(controller) = &stopper.controller {
        init.set_signal(Some(&controller.signal()));
    }
    if let Some((content_type, body)) = body {
        let headers = Headers::new()?;
        headers.set("Content-Type", content_type)?;
        init.set_headers_headers(&headers);
        init.set_body(&JsValue::from_str(body));
    }
    web_sys::Request::new_with_str_and_init(url, &init).map(Request::from)
}

/// Reads the body chunk by chunk until the end or the cap; at the cap it
/// cancels the stream, so the rest is never downloaded.
async fn read_capped(stream: &web_sys::ReadableStream, cap: &mut BodyCap) -> Result<(), JsValue> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().dyn_into()?;
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        if Reflect::get(&chunk, &"done".into())?.as_bool().unwrap_or(true) {
            return Ok(());
        }
        let Ok(bytes) = Reflect::get(&chunk, &"value".into())?.dyn_into::<Uint8Array>() else {
            return Ok(());
        };
        let keep = cap.room(bytes.length() as usize);
        let more = cap.push(&bytes.subarray(0, keep as u32).to_vec());
        if keep < bytes.length() as usize {
            cap.stop_early();
        }
        if !more {
            if !cap.truncated {
                // Exactly at the cap: is there more?
                let next = JsFuture::from(reader.read()).await?;
                if Reflect::get(&next, &"done".into())?.as_bool().unwrap_or(true) {
                    return Ok(());
                }
                cap.stop_early();
            }
            let _ = reader.cancel();
            return Ok(());
        }
    }
}

fn fetch_error(error: &JsValue) -> FetchError {
    let field =
        |name: &str| Reflect::get(error, &name.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    FetchError { name: field("name"), message: field("message") }
}

/// Asks in the background whether the practice back end answers at
/// `practice_api`, then calls `found` with the answer.
pub fn find_practice(practice_api: &'static str, found: impl FnOnce(bool) + 'static) {
    wasm_bindgen_futures::spawn_local(async move { found(practice_at(practice_api).await) });
}

/// Whether the practice back end answers at `practice_api` (relative to the
/// page, or absolute): one request to its health endpoint, answered by the
/// service we know. Where it is absent the build's stand-in answers instead
/// (see [`crate::lab::practice`]), so the request does not fail.
async fn practice_at(practice_api: &str) -> bool {
    let stopper = Stopper::new();
    let timeout = {
        let stopper = stopper.clone();
        Timeout::new(5_000, move || stopper.stop(Abort::Timeout))
    };
    let answer = async {
        let request = private_request(&practice::health_url(practice_api), Method::Get, None, &stopper);
        let response = request.ok()?.send().await.ok()?;
        if response.status() != 200 {
            return None;
        }
        // Read as the lab reads any answer: never more than the cap.
        let mut cap = BodyCap::default();
        read_capped(&response.body()?, &mut cap).await.ok()?;
        if cap.truncated {
            return None;
        }
        let json = js_sys::JSON::parse(std::str::from_utf8(&cap.bytes).ok()?).ok()?;
        Reflect::get(&json, &"service".into()).ok()?.as_string()
    };
    let service = answer.await;
    drop(timeout);
    service.as_deref() == Some(PRACTICE_SERVICE)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    /// The lab looks for the very name the practice back end gives itself.
    #[test]
    fn the_practice_service_is_named_as_the_server_names_it() {
        assert_eq!(super::PRACTICE_SERVICE, roundtrip_server::api::SERVICE);
    }
}
