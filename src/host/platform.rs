//! The SCORM run-time, carried out: finds the platform's API object, makes
//! the calls [`crate::platform::scorm`] decides on, and finishes when the page
//! goes away. With no platform none of it runs, and nothing fails.
//!
//! The app connects once ([`PlatformState::connect`]) and hands the
//! [`Platform`] down: to the learner's progress ([`Platform::load_suspend_data`],
//! [`Platform::save_suspend_data`]), the completion rule's result
//! ([`Platform::report`]) and each answer to a check ([`Platform::answered`]).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::platform::completion::Completion;
use crate::platform::discovery::{self, Refused, WalkedWindow};
use crate::platform::interactions::Answered;
use crate::platform::scorm::{self, ApiCall, Edition, Element, RunTime, ScormError, Session, Write};

/// A window, possibly of another origin, as the API walk sees it.
struct Window(JsValue);

fn property(target: &JsValue, name: &str) -> Result<JsValue, Refused> {
    Reflect::get(target, &JsValue::from_str(name)).map_err(|_| Refused)
}

fn present(value: JsValue) -> Option<JsValue> {
    (!value.is_null() && !value.is_undefined()).then_some(value)
}

impl WalkedWindow for Window {
    type Api = JsValue;

    fn api(&self, name: &str) -> Result<Option<JsValue>, Refused> {
        Ok(present(property(&self.0, name)?).filter(JsValue::is_object))
    }

    fn parent(&self) -> Result<Option<Window>, Refused> {
        let parent = present(property(&self.0, "parent")?);
        Ok(parent.filter(|p| !Object::is(p, &self.0)).map(Window))
    }

    fn opener(&self) -> Result<Option<Window>, Refused> {
        Ok(present(property(&self.0, "opener")?).map(Window))
    }
}

/// The live connection to the platform.
struct Connection {
    api: JsValue,
    session: Session,
    started_ms: f64,
    finished: bool,
    _listeners: Vec<EventListener>,
}

/// The learning platform the lesson runs on: its one live session, shared by
/// whatever keeps progress there or reports to it.
#[derive(Clone)]
pub struct Platform(Rc<RefCell<Connection>>);

impl PartialEq for Platform {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Whether the lesson runs on a learning platform, as far as the app knows.
/// Until the app has looked (after its first render) nothing is read from or
/// written to storage, and nothing is offered that would differ on a platform.
#[derive(Clone, Default, PartialEq)]
pub enum PlatformState {
    #[default]
    Unknown,
    Standalone,
    Connected(Platform),
}

thread_local! {
    /// What connecting found. SCORM allows one session per page, so a second
    /// look (a second app on the page) gets the same answer.
    static CONNECTED: RefCell<Option<Option<Platform>>> = const { RefCell::new(None) };
}

impl PlatformState {
    /// Looks for a platform and connects to it, which tells it of this visit.
    pub fn connect() -> PlatformState {
        let known = CONNECTED.with(|c| c.borrow().clone());
        let platform = known.unwrap_or_else(|| {
            let made = connect().map(|c| Platform(Rc::new(RefCell::new(c))));
            if let Some(platform) = &made {
                listen_for_leaving(&platform.0);
            }
            CONNECTED.with(|c| *c.borrow_mut() = Some(made.clone()));
            made
        });
        match platform {
            Some(platform) => PlatformState::Connected(platform),
            None => PlatformState::Standalone,
        }
    }

    pub fn is_known(&self) -> bool {
        *self != PlatformState::Unknown
    }

    /// The platform, once connected to one.
    pub fn connected(&self) -> Option<&Platform> {
        match self {
            PlatformState::Connected(platform) => Some(platform),
            PlatformState::Unknown | PlatformState::Standalone => None,
        }
    }
}

fn connect() -> Option<Connection> {
    let window = web_sys::window()?;
    let (edition, api) = discovery::find_api(Window(window.into()))?;
    call(&api, edition, ApiCall::Initialize, &[""]).map_err(warn).ok()?;
    let reads: Vec<String> = edition
        .start_reads()
        .iter()
        .map(|element| get(&api, edition, *element).map_err(warn).unwrap_or_default())
        .collect();
    let (session, writes) = Session::start(edition, &reads);
    run(&api, edition, &writes);
    Some(Connection {
        api,
        session,
        started_ms: js_sys::Date::now(),
        finished: false,
        _listeners: Vec::new(),
    })
}

/// Commits when the page is hidden (the last moment a phone reliably gives
/// us), and finishes when it is left.
fn listen_for_leaving(connection: &Rc<RefCell<Connection>>) {
    let Some(window) = web_sys::window() else { return };
    let on_hide = {
        let connection = Rc::downgrade(connection);
        EventListener::new(&window, "pagehide", move |_| {
            if let Some(connection) = connection.upgrade() {
                finish(&mut connection.borrow_mut());
            }
        })
    };
    let on_hidden = window.document().map(|document| {
        let connection = Rc::downgrade(connection);
        let hidden = document.clone();
        EventListener::new(&document, "visibilitychange", move |_| {
            if hidden.visibility_state() == web_sys::VisibilityState::Hidden {
                if let Some(connection) = connection.upgrade() {
                    let c = connection.borrow();
                    if !c.finished {
                        run(&c.api, c.session.edition, &[Write::Commit]);
                    }
                }
            }
        })
    });
    connection.borrow_mut()._listeners = [Some(on_hide), on_hidden].into_iter().flatten().collect();
}

fn finish(connection: &mut Connection) {
    if connection.finished {
        return;
    }
    connection.finished = true;
    let elapsed = (js_sys::Date::now() - connection.started_ms).max(0.0) as u64;
    let edition = connection.session.edition;
    run(&connection.api, edition, &connection.session.finish(elapsed));
    let _ = call(&connection.api, edition, ApiCall::Finish, &[""]).map_err(warn);
}

impl Platform {
    /// Tells the platform where the learner stands; commits when that is news.
    pub fn report(&self, completion: Completion) {
        let mut c = self.0.borrow_mut();
        if c.finished {
            return;
        }
        let writes = c.session.report(completion);
        run(&c.api, c.session.edition, &writes);
    }

    /// Tells the platform of an answer to a check: one more interaction
    /// record, committed at once. Nothing where the platform keeps no
    /// interactions; a platform that refuses one is told of no more (see
    /// [`Session::refused`]), and the lesson carries on.
    pub fn answered(&self, answered: &Answered) {
        let mut c = self.0.borrow_mut();
        if c.finished {
            return;
        }
        let edition = c.session.edition;
        let writes = match c.session.answered(answered) {
            Ok(writes) => writes,
            Err(error) => return warn(error),
        };
        for write in &writes {
            if let Err(error) = perform(&c.api, edition, write) {
                if c.session.refused(write) {
                    let said = format!("SCORM: {error}; answers to checks are not recorded on this platform");
                    web_sys::console::warn_1(&JsValue::from_str(&said));
                    return;
                }
                warn(error);
            }
        }
    }

    /// The progress saved on the platform at the learner's last visit (read
    /// once, when connecting); `None` when nothing was saved.
    pub fn load_suspend_data(&self) -> Option<String> {
        self.0.borrow().session.resumed().map(str::to_owned)
    }

    /// Saves the learner's progress on the platform (committed with the next
    /// commit: on completion, when the page is hidden, and when it is left).
    pub fn save_suspend_data(&self, data: &str) -> Result<(), ScormError> {
        let c = self.0.borrow();
        if c.finished {
            return Err(ScormError::NoPlatform);
        }
        c.session.check_suspend_data(data)?;
        set(&c.api, c.session.edition, Element::SuspendData, data)
    }
}

fn run(api: &JsValue, edition: Edition, writes: &[Write]) {
    for write in writes {
        // One refused value must not stop the rest (a platform may reject an
        // element it does not support); it is logged and we carry on.
        let _ = perform(api, edition, write).map_err(warn);
    }
}

fn perform(api: &JsValue, edition: Edition, write: &Write) -> Result<(), ScormError> {
    match write {
        Write::Set(element, value) => set(api, edition, *element, value),
        Write::Commit => call(api, edition, ApiCall::Commit, &[""]).map(drop),
    }
}

fn set(api: &JsValue, edition: Edition, element: Element, value: &str) -> Result<(), ScormError> {
    let Some(name) = edition.element(element) else { return Ok(()) };
    call(api, edition, ApiCall::SetValue, &[&name, value]).map(drop)
}

fn get(api: &JsValue, edition: Edition, element: Element) -> Result<String, ScormError> {
    let Some(name) = edition.element(element) else { return Ok(String::new()) };
    call(api, edition, ApiCall::GetValue, &[&name])
}

/// Makes one API call; a failure comes back with the platform's own
/// error code and words.
fn call(api: &JsValue, edition: Edition, api_call: ApiCall, args: &[&str]) -> Result<String, ScormError> {
    let name = edition.call_name(api_call);
    let shown = || match args {
        [element, ..] if !element.is_empty() => format!("{name}(\"{element}\")"),
        _ => format!("{name}()"),
    };
    let returned = invoke(api, name, args).map_err(|message| ScormError::Threw { call: shown(), message })?;
    if !scorm::failed(api_call, &returned) {
        return Ok(returned);
    }
    let code = invoke(api, edition.call_name(ApiCall::GetLastError), &[]).unwrap_or_default();
    if api_call == ApiCall::GetValue && scorm::is_unset(edition, &code) {
        return Ok(returned); // nothing there yet: an empty value, honestly
    }
    let message = invoke(api, edition.call_name(ApiCall::GetErrorString), &[&code]).unwrap_or_default();
    Err(ScormError::Refused { call: shown(), code, message })
}

fn invoke(api: &JsValue, name: &str, args: &[&str]) -> Result<String, String> {
    let function = property(api, name)
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| format!("the API has no {name}"))?;
    let arg = |i: usize| JsValue::from_str(args.get(i).copied().unwrap_or(""));
    let returned = match args.len() {
        0 => function.call0(api),
        1 => function.call1(api, &arg(0)),
        _ => function.call2(api, &arg(0), &arg(1)),
    }
    .map_err(|e| {
        e.as_string().or_else(|| js_sys::JSON::stringify(&e).ok().map(String::from)).unwrap_or_default()
    })?;
    // The standard says strings; some platforms return booleans or numbers.
    Ok(match (returned.as_string(), returned.as_bool()) {
        (Some(text), _) => text,
        (None, Some(flag)) => flag.to_string(),
        // JavaScript's own String(): no float formatting code in the wasm.
        _ if returned.as_f64().is_some() => {
            String::from(js_sys::Number::from(returned).to_string_with_radix(10).unwrap_or_default())
        }
        _ => String::new(),
    })
}

/// Logs a failed call to the console; the lesson carries on.
pub fn warn(error: ScormError) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("SCORM: {error}")));
}
