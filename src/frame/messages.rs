//! The messages between the lesson and the page that frames it: the H5P
//! resizer's handshake (`h5p-resizer.js`), Canvas's `lti.frameResize`, and our
//! own `roundtrip` messages for `embed.js` and hosts that listen for results
//! (the statements `crate::statements` makes, in our envelope). Nothing here
//! knows of SCORM or xAPI.
//!
//! Incoming messages are accepted only from our parent window and only in a
//! shape we know; anything else is ignored. Outgoing ones are built here as
//! plain values, so their exact shape is tested without a browser. Not
//! serde: as `serde_json::Value` the same messages cost the wasm 7.9 KB more
//! gzipped (posted through `JSON.parse`) or 5.7 KB (serde-wasm-bindgen), to
//! save the 60 lines of [`Value`] and its conversion; as derived `Serialize`
//! types, 2.4 KB or 1.3 KB, and 64 lines more than these.

use std::borrow::Cow;

/// The marker on every message of ours, and its protocol version.
pub const MARKER: &str = "roundtrip";
pub const VERSION: f64 = 1.0;

/// Read access to a message's `data`, however the browser holds it.
pub trait Fields {
    fn text(&self, key: &str) -> Option<String>;
    fn number(&self, key: &str) -> Option<f64>;
}

/// A message from the parent that we act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inbound {
    /// The H5P resizer answered our `hello`: it will size the frame.
    H5pHello,
    /// The H5P resizer loaded after us: say hello again.
    H5pReady,
    /// The resizer reset the frame's height: send the real one.
    H5pResizePrepared,
    /// The parent window changed size: measure again.
    H5pResize,
    /// `embed.js` (loaded after us) asks for our height.
    RoundtripHello,
}

/// Reads a message; `None` for anything not from our parent, or not ours.
pub fn parse(from_parent: bool, data: Option<&impl Fields>) -> Option<Inbound> {
    if !from_parent {
        return None;
    }
    let data = data?;
    if data.text("context").as_deref() == Some("h5p") {
        return match data.text("action")?.as_str() {
            "hello" => Some(Inbound::H5pHello),
            "ready" => Some(Inbound::H5pReady),
            "resizePrepared" => Some(Inbound::H5pResizePrepared),
            "resize" => Some(Inbound::H5pResize),
            _ => None,
        };
    }
    if data.number(MARKER) == Some(VERSION) && data.text("event").as_deref() == Some("hello") {
        return Some(Inbound::RoundtripHello);
    }
    None
}

/// A JSON-like value: what the shell turns into a JavaScript object.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(Cow<'static, str>),
    Number(f64),
    Bool(bool),
    List(Vec<Value>),
    Object(Vec<(Cow<'static, str>, Value)>),
}

impl Value {
    pub fn text(text: impl Into<Cow<'static, str>>) -> Value {
        Value::Text(text.into())
    }

    /// An object of our own, its keys written here.
    pub fn object(fields: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
        Value::Object(fields.into_iter().map(|(k, v)| (Cow::Borrowed(k), v)).collect())
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

fn h5p(action: &'static str, mut extra: Vec<(&'static str, Value)>) -> Value {
    let mut fields = vec![("context", Value::text("h5p")), ("action", Value::text(action))];
    fields.append(&mut extra);
    Value::object(fields)
}

/// One of our own messages (`roundtrip: 1`), `event` with `extra` fields.
pub fn ours(event: &'static str, mut extra: Vec<(&'static str, Value)>) -> Value {
    let mut fields = vec![(MARKER, Value::Number(VERSION)), ("event", Value::text(event))];
    fields.append(&mut extra);
    Value::object(fields)
}

/// How often, and for how long, the lesson says H5P's `hello` until a
/// resizer answers. The real resizer announces itself (`ready`) only to
/// frames whose address contains "h5p", and hears nothing sent before its
/// script ran: a host that loads it late and async hears us only if we keep
/// asking.
pub const HELLO_EVERY_MS: u32 = 1_000;
pub const HELLO_FOR_MS: u32 = 30_000;

/// Whether this page's origin is opaque (`window.origin` is `"null"`): a
/// frame sandboxed without `allow-same-origin`, or a `file:` page. The H5P
/// resizer answers to `event.origin`, and posting to `"null"` throws on the
/// host page, so such a lesson must not start H5P's handshake.
pub fn is_opaque_origin(origin: &str) -> bool {
    origin == "null"
}

/// Where the lesson stands with an H5P resizer on the parent page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum H5p {
    /// Saying hello until one answers.
    #[default]
    Greeting,
    /// One answered: it expects `prepareResize` before `resize`.
    Answered,
    /// Not spoken at all (an opaque origin).
    Silent,
}

/// Keeps the frame's height known to whatever sizes it. Speaks every
/// protocol at once: a host listens to the one it knows and ignores the rest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resizer {
    h5p: H5p,
    last_sent: Option<u32>,
}

impl Resizer {
    /// For a page whose `window.origin` is `origin`.
    pub fn new(origin: &str) -> Resizer {
        let h5p = if is_opaque_origin(origin) { H5p::Silent } else { H5p::Greeting };
        Resizer { h5p, last_sent: None }
    }

    fn hello(&self) -> Vec<Value> {
        match self.h5p {
            H5p::Silent => Vec::new(),
            H5p::Greeting | H5p::Answered => vec![h5p("hello", vec![])],
        }
    }

    /// The first message once framed: H5P's handshake starts with `hello`.
    pub fn start(&self) -> Vec<Value> {
        self.hello()
    }

    /// Whether to keep the hello timer running `ms` after [`Resizer::start`].
    pub fn greeting(&self, ms: u32) -> bool {
        self.h5p == H5p::Greeting && ms < HELLO_FOR_MS
    }

    /// The hello timer fired, `ms` after [`Resizer::start`]: hello again,
    /// until a resizer answers or [`HELLO_FOR_MS`] have passed.
    pub fn tick(&self, ms: u32) -> Vec<Value> {
        if self.greeting(ms) {
            self.hello()
        } else {
            Vec::new()
        }
    }

    /// The content is now `height` CSS pixels tall. Nothing to say when the
    /// parent already knows.
    pub fn measured(&mut self, height: u32) -> Vec<Value> {
        if self.last_sent == Some(height) {
            return Vec::new();
        }
        self.last_sent = Some(height);
        let h = Value::Number(f64::from(height));
        let mut sent = vec![
            ours("resize", vec![("height", h.clone())]),
            Value::object(vec![("subject", Value::text("lti.frameResize")), ("height", h.clone())]),
        ];
        match self.h5p {
            H5p::Answered => {
                sent.push(h5p("prepareResize", vec![("scrollHeight", h.clone()), ("clientHeight", h)]))
            }
            // A resizer that loaded since the last hello hears this one.
            H5p::Greeting => sent.push(h5p("hello", vec![])),
            H5p::Silent => {}
        }
        sent
    }

    /// Answers a message from the parent; `height` is the content's height now.
    pub fn received(&mut self, message: Inbound, height: u32) -> Vec<Value> {
        let h = Value::Number(f64::from(height));
        match message {
            // Whatever an H5P parent says, a silent lesson stays silent: its
            // answer could only throw on the host page.
            Inbound::H5pHello | Inbound::H5pReady | Inbound::H5pResizePrepared if self.h5p == H5p::Silent => {
                Vec::new()
            }
            Inbound::H5pHello => {
                self.h5p = H5p::Answered;
                vec![h5p("prepareResize", vec![("scrollHeight", h.clone()), ("clientHeight", h)])]
            }
            Inbound::H5pReady => self.start(),
            Inbound::H5pResizePrepared => vec![h5p("resize", vec![("scrollHeight", h)])],
            // The parent window changed size: measure again, in every protocol spoken.
            Inbound::H5pResize => {
                self.last_sent = None;
                self.measured(height)
            }
            Inbound::RoundtripHello => {
                self.last_sent = Some(height);
                vec![ours("resize", vec![("height", h)])]
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::HashMap;

    use super::*;

    #[derive(Default)]
    struct Data(HashMap<&'static str, Result<&'static str, f64>>);

    impl Fields for Data {
        fn text(&self, key: &str) -> Option<String> {
            self.0.get(key)?.ok().map(str::to_owned)
        }
        fn number(&self, key: &str) -> Option<f64> {
            self.0.get(key)?.err()
        }
    }

    fn data(fields: &[(&'static str, Result<&'static str, f64>)]) -> Data {
        Data(fields.iter().copied().collect())
    }

    #[test]
    fn the_h5p_resizers_messages_are_understood() {
        let cases = [
            ("hello", Inbound::H5pHello),
            ("ready", Inbound::H5pReady),
            ("resizePrepared", Inbound::H5pResizePrepared),
            ("resize", Inbound::H5pResize),
        ];
        for (action, expected) in cases {
            let d = data(&[("context", Ok("h5p")), ("action", Ok(action))]);
            assert_eq!(parse(true, Some(&d)), Some(expected), "{action}");
        }
        let d = data(&[(MARKER, Err(1.0)), ("event", Ok("hello"))]);
        assert_eq!(parse(true, Some(&d)), Some(Inbound::RoundtripHello));
    }

    #[test]
    fn messages_not_from_the_parent_are_ignored() {
        let d = data(&[("context", Ok("h5p")), ("action", Ok("hello"))]);
        assert_eq!(parse(false, Some(&d)), None);
    }

    #[test]
    fn malformed_messages_are_ignored() {
        let malformed = [
            data(&[]),
            data(&[("context", Ok("h5p"))]),
            data(&[("context", Ok("h5p")), ("action", Ok("fullScreen"))]),
            data(&[("context", Ok("h5p")), ("action", Err(1.0))]),
            data(&[("context", Err(5.0)), ("action", Ok("hello"))]),
            data(&[("context", Ok("H5P")), ("action", Ok("hello"))]),
            data(&[(MARKER, Ok("1")), ("event", Ok("hello"))]),
            data(&[(MARKER, Err(2.0)), ("event", Ok("hello"))]),
            data(&[(MARKER, Err(1.0)), ("event", Ok("resize"))]),
            data(&[("subject", Ok("lti.frameResize")), ("height", Err(100.0))]),
        ];
        for d in &malformed {
            assert_eq!(parse(true, Some(d)), None, "{:?}", d.0);
        }
        assert_eq!(parse(true, None::<&Data>), None, "not an object at all");
    }

    #[test]
    fn a_height_goes_out_in_every_protocol_once() {
        let mut resizer = Resizer::default();
        assert_eq!(resizer.start(), [h5p("hello", vec![])]);
        let sent = resizer.measured(812);
        assert_eq!(
            sent,
            [
                Value::object(vec![
                    ("roundtrip", Value::Number(1.0)),
                    ("event", Value::text("resize")),
                    ("height", Value::Number(812.0))
                ]),
                Value::object(vec![
                    ("subject", Value::text("lti.frameResize")),
                    ("height", Value::Number(812.0))
                ]),
                h5p("hello", vec![]),
            ]
        );
        assert_eq!(resizer.measured(812), [], "the parent already knows");
        assert_eq!(resizer.measured(900).len(), 3);
    }

    #[test]
    fn the_h5p_handshake() {
        let mut resizer = Resizer::default();
        resizer.measured(500);
        let prepare = resizer.received(Inbound::H5pHello, 500);
        assert_eq!(
            prepare,
            [h5p(
                "prepareResize",
                vec![("scrollHeight", Value::Number(500.0)), ("clientHeight", Value::Number(500.0))]
            )]
        );
        assert_eq!(
            resizer.received(Inbound::H5pResizePrepared, 500),
            [h5p("resize", vec![("scrollHeight", Value::Number(500.0))])]
        );
        // Once friendly, a new height starts with prepareResize, not hello.
        let sent = resizer.measured(640);
        assert_eq!(sent[2].get("action"), Some(&Value::text("prepareResize")));
        // The parent resized: send again even if our height did not change.
        assert_eq!(resizer.received(Inbound::H5pResize, 640).len(), 3);
        assert_eq!(resizer.received(Inbound::H5pReady, 640), [h5p("hello", vec![])]);
    }

    #[test]
    fn hello_is_said_again_until_a_resizer_answers() {
        let mut resizer = Resizer::new("https://lessons.example.edu");
        assert_eq!(resizer.start(), [h5p("hello", vec![])]);
        for ms in [1_000, 2_000, 29_000] {
            assert!(resizer.greeting(ms), "{ms}");
            assert_eq!(resizer.tick(ms), [h5p("hello", vec![])], "{ms}");
        }
        // A resizer loaded at 3 s hears the hello at 4 s and answers.
        resizer.received(Inbound::H5pHello, 500);
        assert!(!resizer.greeting(4_000), "answered: the timer stops");
        assert_eq!(resizer.tick(5_000), []);
        // A height change now starts the resize, not another hello.
        assert_eq!(resizer.measured(640)[2].get("action"), Some(&Value::text("prepareResize")));
    }

    #[test]
    fn hello_stops_after_a_while_but_each_new_height_still_says_it() {
        let mut resizer = Resizer::new("http://127.0.0.1:8080");
        assert!(!resizer.greeting(HELLO_FOR_MS), "no resizer after 30 s: stop asking");
        assert_eq!(resizer.tick(HELLO_FOR_MS + 1_000), []);
        assert_eq!(resizer.measured(700)[2], h5p("hello", vec![]), "a late-late resizer still hears");
    }

    #[test]
    fn an_opaque_origin_never_starts_the_h5p_handshake() {
        assert!(is_opaque_origin("null"));
        assert!(!is_opaque_origin("http://127.0.0.1:8080"));
        let mut resizer = Resizer::new("null");
        assert_eq!(resizer.start(), []);
        assert!(!resizer.greeting(0));
        assert_eq!(resizer.tick(1_000), []);
        // Our own and Canvas's messages still go out.
        let sent = resizer.measured(812);
        assert_eq!(sent.len(), 2, "{sent:?}");
        assert_eq!(sent[0].get("event"), Some(&Value::text("resize")));
        assert_eq!(sent[1].get("subject"), Some(&Value::text("lti.frameResize")));
        // Whatever an H5P parent says, there is no H5P answer.
        for message in [Inbound::H5pReady, Inbound::H5pHello, Inbound::H5pResizePrepared] {
            assert_eq!(resizer.received(message, 812), [], "{message:?}");
        }
        assert!(!resizer.greeting(0), "a hello from the parent does not make it speak");
        let again = resizer.received(Inbound::H5pResize, 812);
        assert_eq!(again.len(), 2, "the parent resized: measured again, without H5P");
        assert_eq!(resizer.received(Inbound::RoundtripHello, 812).len(), 1);
    }

    #[test]
    fn embed_js_arriving_late_gets_the_height() {
        let mut resizer = Resizer::default();
        resizer.measured(700);
        let sent = resizer.received(Inbound::RoundtripHello, 700);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].get("height"), Some(&Value::Number(700.0)));
    }

    /// What the host's script receives, as JSON.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn json(value: &Value) -> serde_json::Value {
        match value {
            Value::Text(text) => serde_json::json!(text),
            Value::Number(n) if n.fract() == 0.0 => serde_json::json!(*n as i64),
            Value::Number(n) => serde_json::json!(n),
            Value::Bool(b) => serde_json::json!(b),
            Value::List(items) => items.iter().map(json).collect(),
            Value::Object(fields) => fields.iter().map(|(k, v)| (k.to_string(), json(v))).collect(),
        }
    }

    /// The shapes the README documents for hosts, whole.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn messages_are_shaped_as_documented() {
        use serde_json::json as j;
        let mut resizer = Resizer::default();
        let sent: Vec<_> = resizer.measured(812).iter().map(json).collect();
        assert_eq!(
            sent,
            [
                j!({ "roundtrip": 1, "event": "resize", "height": 812 }),
                j!({ "subject": "lti.frameResize", "height": 812 }),
                j!({ "context": "h5p", "action": "hello" }),
            ]
        );
    }
}
