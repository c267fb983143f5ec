//! The record store's shell: reads a launch from the page's address, gets
//! cmi5's token and launch data, keeps each statement waiting in
//! `localStorage` (in memory where storage is refused) until the store has
//! it, and sends them: now, when the network returns, on the next visit,
//! and with `keepalive` as the page goes. The decisions are `crate::lrs`'s.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Array, Object, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::frame::messages::Value;
use crate::lesson::Document;
use crate::lrs::launch::{self, Launch, Style};
use crate::lrs::outbox::{self, RecordState, Reply, Waiting};
use crate::lrs::record::{self, Defined, LaunchData, Sent, Stamp};
use crate::platform::completion::Completion;
use crate::platform::interactions::Answered;
use crate::statements;
use crate::store::Store;

/// xAPI's version header, on every request to the store.
const XAPI_VERSION: &str = "1.0.3";

/// A launch that is ready to record.
struct Ready {
    endpoint: String,
    auth: String,
    actor: Value,
    registration: Option<String>,
    lesson: String,
    title: &'static str,
    lang: &'static str,
    cmi5: Option<LaunchData>,
    sent: Cell<Sent>,
    /// Where the sent flags are kept: the registration's, and the session's (cmi5).
    sent_keys: (String, Option<String>),
    started_ms: u64,
}

/// A statement made before the launch was ready: its id, when, and its fields.
type Made = (String, u64, Vec<(&'static str, Value)>);

enum Link {
    /// The page was not launched to record.
    Off,
    /// Getting ready: what happens meanwhile waits here, made and stamped with its time.
    Connecting {
        lesson: String,
        waiting: Vec<Made>,
    },
    Ready(Rc<Ready>),
}

thread_local! {
    static LINK: RefCell<Link> = const { RefCell::new(Link::Off) };
    static STATE: RefCell<Option<Rc<Store<RecordState>>>> = const { RefCell::new(None) };
    static COMPLETION: Cell<Completion> = const { Cell::new(Completion::NotYet) };
    /// Statements waiting where storage is refused.
    static SHELF: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
    static SEQ: Cell<u64> = const { Cell::new(0) };
    /// When the last statement was made: the next is made later, if only by
    /// a millisecond, so their timestamps keep the order they were made in.
    static LAST_MADE: Cell<u64> = const { Cell::new(0) };
    static FLUSHING: Cell<bool> = const { Cell::new(false) };
    static TRIES: Cell<u32> = const { Cell::new(0) };
    static RETRY_SET: Cell<bool> = const { Cell::new(false) };
    /// Until when the store asked for a pause (its `Retry-After`, or the backoff).
    static PAUSED_UNTIL: Cell<u64> = const { Cell::new(0) };
    static LISTENERS: RefCell<Vec<EventListener>> = const { RefCell::new(Vec::new()) };
    /// Whether the page's leaving and the network's return are listened for.
    static LISTENING: Cell<bool> = const { Cell::new(false) };
}

fn update(f: impl FnOnce(&mut RecordState)) {
    STATE.with_borrow(|store| {
        if let Some(store) = store {
            let mut state = (*store.current()).clone();
            f(&mut state);
            store.dispatch(state);
        }
    });
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn get(key: &str) -> Option<String> {
    local().and_then(|s| s.get_item(key).ok().flatten())
}

fn set(key: &str, value: &str) -> bool {
    local().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// The query's pairs, decoded.
fn query() -> Vec<(String, String)> {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let decode = |t: &str| {
        js_sys::decode_uri_component(&t.replace('+', " ")).map(String::from).unwrap_or_else(|_| t.to_owned())
    };
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// A JavaScript value as a [`Value`] (`null` fields are left out).
fn from_js(value: &JsValue) -> Option<Value> {
    if let Some(text) = value.as_string() {
        return Some(Value::text(text));
    }
    if let Some(n) = value.as_f64() {
        return Some(Value::Number(n));
    }
    if let Some(b) = value.as_bool() {
        return Some(Value::Bool(b));
    }
    if Array::is_array(value) {
        return Some(Value::List(Array::from(value).iter().filter_map(|v| from_js(&v)).collect()));
    }
    if value.is_object() {
        let entries = Object::entries(value.unchecked_ref());
        let fields = entries
            .iter()
            .filter_map(|pair| {
                let pair = Array::from(&pair);
                Some((pair.get(0).as_string()?.into(), from_js(&pair.get(1))?))
            })
            .collect();
        return Some(Value::Object(fields));
    }
    None
}

fn parse(text: &str) -> Option<Value> {
    from_js(&JSON::parse(text).ok()?)
}

fn stringify(value: &Value) -> Option<String> {
    JSON::stringify(&super::frame::to_js(value)).ok().map(String::from)
}

/// An xAPI agent: an object naming the learner one of the four ways.
fn is_agent(actor: &Value, cmi5: bool) -> bool {
    let has = |key| actor.get(key).is_some();
    matches!(actor, Value::Object(_))
        && if cmi5 {
            has("account")
        } else {
            has("mbox") || has("mbox_sha1sum") || has("openid") || has("account")
        }
}

fn uuid() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto: still unique enough to keep apart one learner's statements.
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (js_sys::Math::random() * 256.0) as u8 ^ (i as u8);
        }
    }
    outbox::uuid_v4(bytes)
}

/// Starts recording, if the page's address asks for it: `lesson`'s
/// statements go to the store the launch names, and `state` hears how that goes.
pub fn start(lesson: &'static Document, state: Rc<Store<RecordState>>) {
    STATE.with_borrow_mut(|s| *s = Some(state));
    // Whatever this visit is, it sends what an earlier one left waiting.
    if !waiting_keys().is_empty() {
        listen_for_leaving();
        spawn_local(flush());
    }
    let launch = match launch::read(&query()) {
        Ok(Some(launch)) => launch,
        Ok(None) => return,
        Err(e) => return unusable(&e.to_string()),
    };
    let actor = match parse(&launch.actor) {
        Some(actor) if is_agent(&actor, matches!(launch.style, Style::Cmi5 { .. })) => actor,
        _ => return unusable(&launch::LaunchError::Actor.to_string()),
    };
    // The lesson's activity id: the launch's, or the page's address (stable across builds).
    let lesson_id = launch.activity_id.clone().unwrap_or_else(|| {
        statements::activity_id(&super::frame::own_address(), lesson.title.as_ref(), None)
    });
    LINK.with_borrow_mut(|l| *l = Link::Connecting { lesson: lesson_id.clone(), waiting: Vec::new() });
    begin(lesson, launch, actor, lesson_id, super::page::now_ms());
}

fn begin(lesson: &'static Document, launch: Launch, actor: Value, lesson_id: String, started_ms: u64) {
    spawn_local(connect(lesson, launch, actor, lesson_id, started_ms));
}

fn unusable(why: &str) {
    super::page::warn(&format!("Roundtrip: nothing will be recorded in the learning record store: {why}."));
    LINK.with_borrow_mut(|l| *l = Link::Off);
    update(|s| s.unusable = true);
}

async fn connect(
    lesson: &'static Document,
    launch: Launch,
    actor: Value,
    lesson_id: String,
    started_ms: u64,
) {
    if matches!(launch.style, Style::Cmi5 { .. }) && !super::page::is_online() {
        // The token and launch data need the platform: meanwhile answers wait in memory.
        let listener = super::page::when_online(move || begin(lesson, launch, actor, lesson_id, started_ms));
        LISTENERS.with_borrow_mut(|l| l.extend(listener));
        return;
    }
    let (auth, cmi5) = match &launch.style {
        Style::TinCan { auth } => (auth.clone(), None),
        Style::Cmi5 { fetch } => {
            let Some(auth) = token(fetch).await else { return };
            let Some(data) = launch_data(&launch, &auth, &actor, &lesson_id).await else { return };
            (auth, Some(data))
        }
    };
    let who = launch.registration.clone().or_else(|| stringify(&actor)).unwrap_or_default();
    let registration_key = format!("roundtrip:lrs:sent:{who}:{lesson_id}");
    let session_key =
        cmi5.as_ref().and_then(LaunchData::session_id).map(|s| format!("roundtrip:lrs:session:{s}"));
    let mut sent = Sent::decode(&get(&registration_key).unwrap_or_default());
    if let Some(key) = &session_key {
        let session = Sent::decode(&get(key).unwrap_or_default());
        sent = Sent {
            initialized: session.initialized,
            failed: session.failed,
            terminated: session.terminated,
            ..sent
        };
    }
    if sent.terminated {
        // cmi5: this launch's session is over; a new one comes from the platform.
        LINK.with_borrow_mut(|l| *l = Link::Off);
        update(|s| s.ended = true);
        return;
    }
    let ready = Rc::new(Ready {
        endpoint: launch.endpoint.clone(),
        auth,
        actor,
        registration: launch.registration.clone(),
        lesson: lesson_id,
        title: lesson.title.as_ref(),
        lang: lesson.lang.as_ref(),
        cmi5,
        sent: Cell::new(sent),
        sent_keys: (registration_key, session_key),
        started_ms,
    });
    if let Some(data) = &ready.cmi5 {
        if !sent.initialized {
            let fields =
                record::defined(Defined::Initialized, ready.title, ready.lang, &ready.lesson, data, 0);
            keep(&ready, &uuid(), super::page::now_ms(), fields);
            mark(&ready, |s| s.initialized = true);
        }
        let return_to = data.return_url.clone();
        update(|s| s.return_to = return_to);
    }
    let waiting = LINK.with_borrow_mut(|l| match std::mem::replace(l, Link::Ready(ready.clone())) {
        Link::Connecting { waiting, .. } => waiting,
        _ => Vec::new(),
    });
    for (id, at_ms, fields) in waiting {
        keep(&ready, &id, at_ms, fields);
    }
    report(&ready);
    listen_for_leaving();
    spawn_local(flush());
}

/// cmi5's token, fetched once per launch (§8.2) and kept for a reload of it.
async fn token(fetch: &str) -> Option<String> {
    let key = format!("roundtrip:lrs:token:{fetch}");
    if let Some(token) = get(&key) {
        return Some(token);
    }
    let Some((200, body, _)) = request("POST", fetch, None, None, false).await else {
        unusable("the platform's fetch address did not give a token");
        return None;
    };
    let answer = parse(&body);
    match answer.as_ref().and_then(|a| a.get("auth-token")) {
        Some(Value::Text(token)) => {
            let auth = format!("Basic {token}");
            set(&key, &auth);
            Some(auth)
        }
        _ => {
            let why = match answer.as_ref().and_then(|a| a.get("error-text")) {
                Some(Value::Text(text)) => format!("the platform refused a token: {text}"),
                _ => "the platform's fetch address gave no token".to_owned(),
            };
            unusable(&why);
            None
        }
    }
}

/// `LMS.LaunchData` from the State API (§10), and the learner's preferences,
/// which an AU must ask for (§11; this lesson has one language and no sound).
async fn launch_data(launch: &Launch, auth: &str, actor: &Value, activity: &str) -> Option<LaunchData> {
    let agent = stringify(actor).unwrap_or_default();
    let enc = |t: &str| String::from(js_sys::encode_uri_component(t));
    let address = format!(
        "{}activities/state?stateId=LMS.LaunchData&activityId={}&agent={}&registration={}",
        launch.endpoint,
        enc(activity),
        enc(&agent),
        enc(launch.registration.as_deref().unwrap_or_default())
    );
    let data = match request("GET", &address, Some(auth), None, false).await {
        Some((200, body, _)) => parse(&body).as_ref().and_then(LaunchData::read),
        _ => None,
    };
    let Some(data) = data else {
        unusable("the platform's launch data could not be read");
        return None;
    };
    let preferences =
        format!("{}agents/profile?profileId=cmi5LearnerPreferences&agent={}", launch.endpoint, enc(&agent));
    let _ = request("GET", &preferences, Some(auth), None, false).await;
    Some(data)
}

/// Makes a statement whole and keeps it waiting for the store.
fn keep(ready: &Ready, id: &str, at_ms: u64, fields: Vec<(&'static str, Value)>) {
    let at_ms = LAST_MADE.with(|last| {
        let at = at_ms.max(last.get() + 1);
        last.set(at);
        at
    });
    if ready.cmi5.is_some() && ready.sent.get().terminated {
        // The session ended (the page came back from the browser's cache
        // after `terminated`): nothing may follow it (cmi5 §9.3.8).
        update(|s| s.ended = true);
        return;
    }
    let stamp = Stamp {
        id,
        at_ms,
        actor: &ready.actor,
        registration: ready.registration.as_deref(),
        template: ready.cmi5.as_ref().map(|d| &d.context_template),
    };
    let Some(body) = stringify(&record::stamped(fields, &stamp)) else { return };
    let waiting = Waiting { endpoint: ready.endpoint.clone(), auth: ready.auth.clone(), body };
    let Some(text) = waiting.encode() else { return };
    if waiting_keys().len() >= outbox::MOST_WAITING {
        update(|s| s.full = true);
        return;
    }
    let seq = at_ms * 1000 + SEQ.with(|s| s.replace((s.get() + 1) % 1000));
    let key = outbox::key(seq, id);
    if !set(&key, &text) {
        SHELF.with_borrow_mut(|shelf| shelf.push((key, text)));
    }
}

fn mark(ready: &Ready, f: impl FnOnce(&mut Sent)) {
    let mut sent = ready.sent.get();
    f(&mut sent);
    ready.sent.set(sent);
    set(&ready.sent_keys.0, &sent.of_registration().encode());
    if let Some(key) = &ready.sent_keys.1 {
        set(key, &sent.encode());
    }
}

/// An answer just given, for the store.
pub fn answered(answered: &Answered) {
    let id = uuid();
    LINK.with_borrow_mut(|link| match link {
        Link::Off => {}
        Link::Connecting { lesson, waiting } => {
            // Stamped with the learner and context once they are known.
            if let Some(fields) = record::answered(answered, lesson) {
                waiting.push((id, answered.at_ms, fields));
            }
        }
        Link::Ready(ready) => {
            if let Some(fields) = record::answered(answered, &ready.lesson) {
                keep(ready, &id, answered.at_ms, fields);
                spawn_local(flush());
            }
        }
    });
}

/// Where the learner stands against the completion rule, each time it changes.
pub fn completion(completion: Completion) {
    COMPLETION.with(|c| c.set(completion));
    let ready = LINK.with_borrow(|l| match l {
        Link::Ready(ready) => Some(ready.clone()),
        _ => None,
    });
    if let Some(ready) = ready {
        report(&ready);
        spawn_local(flush());
    }
}

fn report(ready: &Ready) {
    let completion = COMPLETION.with(Cell::get);
    let session_ms = super::page::now_ms().saturating_sub(ready.started_ms);
    for outcome in record::due(completion, ready.cmi5.as_ref(), ready.sent.get()) {
        let fields = match &ready.cmi5 {
            Some(data) => record::defined(
                Defined::Outcome(outcome),
                ready.title,
                ready.lang,
                &ready.lesson,
                data,
                session_ms,
            ),
            None => record::result(outcome, ready.title, ready.lang, &ready.lesson, session_ms),
        };
        keep(ready, &uuid(), super::page::now_ms(), fields);
        mark(ready, |s| s.mark(outcome));
    }
}

/// Ends a cmi5 session (`terminated`, §9.3.8), once, and sends what waits
/// with `keepalive`, so it leaves with the page.
pub fn leave() {
    let ready = LINK.with_borrow(|l| match l {
        Link::Ready(ready) => Some(ready.clone()),
        _ => None,
    });
    let Some(ready) = ready else { return };
    if let Some(data) = &ready.cmi5 {
        if !ready.sent.get().terminated {
            let session_ms = super::page::now_ms().saturating_sub(ready.started_ms);
            let fields = record::defined(
                Defined::Terminated,
                ready.title,
                ready.lang,
                &ready.lesson,
                data,
                session_ms,
            );
            keep(&ready, &uuid(), super::page::now_ms(), fields);
            mark(&ready, |s| s.terminated = true);
        }
    }
    // keepalive allows 64 KB in flight: what fits goes now, the rest next visit.
    let mut budget = 60_000usize;
    for (key, text) in waiting() {
        let (Some(id), Some(waiting)) = (outbox::id_of(&key), Waiting::decode(&text)) else { continue };
        if waiting.body.len() > budget {
            break;
        }
        budget -= waiting.body.len();
        let address = waiting.address(id);
        spawn_local(async move {
            let _ = request("PUT", &address, Some(&waiting.auth), Some(&waiting.body), true).await;
        });
    }
}

fn listen_for_leaving() {
    let Some(window) = web_sys::window() else { return };
    if LISTENING.with(|l| l.replace(true)) {
        return;
    }
    let listener = EventListener::new(&window, "pagehide", |_| leave());
    LISTENERS.with_borrow_mut(|l| l.push(listener));
    // The network is back: what waited for it goes now, pause or not.
    let online = super::page::on_online_change(|online| {
        if online {
            PAUSED_UNTIL.with(|p| p.set(0));
            spawn_local(flush());
        }
    });
    LISTENERS.with_borrow_mut(|l| l.extend(online.into_iter().flat_map(|(a, b)| [a, b])));
}

/// The keys of every statement waiting, oldest first (sorted by the
/// browser: a sort of our own would cost the wasm 4 KB).
fn waiting_keys() -> Vec<String> {
    let keys = Array::new();
    SHELF.with_borrow(|s| {
        s.iter().for_each(|(k, _)| {
            keys.push(&JsValue::from_str(k));
        })
    });
    if let Some(storage) = local() {
        let n = storage.length().unwrap_or(0);
        for key in (0..n).filter_map(|i| storage.key(i).ok().flatten()) {
            if key.starts_with(outbox::KEY_PREFIX) {
                keys.push(&JsValue::from_str(&key));
            }
        }
    }
    keys.sort().iter().filter_map(|k| k.as_string()).collect()
}

/// Every statement waiting, oldest first.
fn waiting() -> Vec<(String, String)> {
    waiting_keys()
        .into_iter()
        .filter_map(|key| {
            let text = SHELF
                .with_borrow(|s| s.iter().find(|(k, _)| *k == key).map(|(_, t)| t.clone()))
                .or_else(|| get(&key))?;
            Some((key, text))
        })
        .collect()
}

fn forget(key: &str) {
    SHELF.with_borrow_mut(|s| s.retain(|(k, _)| k != key));
    if let Some(storage) = local() {
        let _ = storage.remove_item(key);
    }
}

/// Sends what waits, oldest first, until the store has it all or asks for a
/// pause; one sender at a time.
async fn flush() {
    // A pause the store asked for holds for every sender; its timer ends it.
    if super::page::now_ms() < PAUSED_UNTIL.with(Cell::get) || FLUSHING.with(|f| f.replace(true)) {
        return;
    }
    'send: loop {
        let all = waiting();
        if all.is_empty() || !super::page::is_online() {
            break;
        }
        for (key, text) in all {
            let (Some(id), Some(waiting)) = (outbox::id_of(&key), Waiting::decode(&text)) else {
                super::page::warn(
                    "Roundtrip: a statement waiting for the record store could not be read; it is dropped.",
                );
                forget(&key);
                continue;
            };
            let answer =
                request("PUT", &waiting.address(id), Some(&waiting.auth), Some(&waiting.body), false).await;
            let (status, retry_after) = match &answer {
                Some((status, _, retry_after)) => (Some(*status), retry_after.as_deref()),
                None => (None, None),
            };
            match outbox::reply(status, retry_after, TRIES.with(Cell::get)) {
                Reply::Stored => {
                    TRIES.with(|t| t.set(0));
                    forget(&key);
                }
                Reply::Refused => {
                    let said: String = answer
                        .as_ref()
                        .map(|(_, body, _)| body.chars().take(300).collect())
                        .unwrap_or_default();
                    super::page::warn(&format!(
                        "Roundtrip: the learning record store refused statement {id} ({} {said}); it is not sent again.",
                        status.unwrap_or_default()
                    ));
                    forget(&key);
                    update(|s| s.refused += 1);
                }
                Reply::Later { after_ms } => {
                    TRIES.with(|t| t.set(t.get() + 1));
                    retry_after_pause(after_ms);
                    break 'send;
                }
            }
        }
    }
    update(|s| s.full = false);
    FLUSHING.with(|f| f.set(false));
}

fn retry_after_pause(ms: u32) {
    PAUSED_UNTIL.with(|p| p.set(super::page::now_ms() + u64::from(ms)));
    if RETRY_SET.with(|r| r.replace(true)) {
        return;
    }
    gloo_timers::callback::Timeout::new(ms, || {
        RETRY_SET.with(|r| r.set(false));
        PAUSED_UNTIL.with(|p| p.set(0));
        spawn_local(flush());
    })
    .forget();
}

/// One request to the store or the platform: its status, body and
/// `Retry-After`; `None` when no answer came (the network failed).
async fn request(
    method: &str,
    address: &str,
    auth: Option<&str>,
    body: Option<&str>,
    keepalive: bool,
) -> Option<(u16, String, Option<String>)> {
    let headers = web_sys::Headers::new().ok()?;
    if let Some(auth) = auth {
        headers.append("Authorization", auth).ok()?;
        headers.append("X-Experience-API-Version", XAPI_VERSION).ok()?;
    }
    if body.is_some() {
        headers.append("Content-Type", "application/json").ok()?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_headers(&headers);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    // Never from a cache, the offline one included.
    init.set_cache(web_sys::RequestCache::NoStore);
    // `keepalive` is not in web-sys's RequestInit: set as the dictionary's member.
    let _ = js_sys::Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::from_bool(keepalive));
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = web_sys::Request::new_with_str_and_init(address, &init).ok()?;
    let window = web_sys::window()?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_request(&request)).await.ok()?.dyn_into().ok()?;
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    Some((response.status(), text, retry_after))
}
