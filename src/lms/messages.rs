//! The messages between the lesson and the page that frames it: the H5P
//! resizer's handshake (`h5p-resizer.js`), Canvas's `lti.frameResize`, and our
//! own `roundtrip` messages for `embed.js` and hosts that listen for results.
//!
//! Incoming messages are accepted only from our parent window and only in a
//! shape we know; anything else is ignored. Outgoing ones are built here as
//! plain values, so their exact shape is tested without a browser.

use super::completion::Completion;

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
    Text(&'static str),
    Number(f64),
    Bool(bool),
    Object(Vec<(&'static str, Value)>),
}

impl Value {
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

fn h5p(action: &'static str, mut extra: Vec<(&'static str, Value)>) -> Value {
    let mut fields = vec![("context", Value::Text("h5p")), ("action", Value::Text(action))];
    fields.append(&mut extra);
    Value::Object(fields)
}

fn ours(event: &'static str, mut extra: Vec<(&'static str, Value)>) -> Value {
    let mut fields = vec![(MARKER, Value::Number(VERSION)), ("event", Value::Text(event))];
    fields.append(&mut extra);
    Value::Object(fields)
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
            Value::Object(vec![("subject", Value::Text("lti.frameResize")), ("height", h.clone())]),
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

/// The result, xAPI-style, for hosts that record it: `verb` is `completed`,
/// `passed` or `failed`; `result.score` has `scaled` (0 to 1) and `raw`.
pub fn statement(completion: Completion, title: &'static str) -> Option<Value> {
    let verb = match completion {
        Completion::NotYet => return None,
        Completion::Completed => "completed",
        Completion::Passed { .. } => "passed",
        Completion::Failed { .. } => "failed",
    };
    let mut result = vec![("completion", Value::Bool(true))];
    if let Some(score) = completion.score() {
        result.push(("success", Value::Bool(matches!(completion, Completion::Passed { .. }))));
        result.push((
            "score",
            Value::Object(vec![
                ("scaled", Value::Number(f64::from(score) / 100.0)),
                ("raw", Value::Number(f64::from(score))),
                ("min", Value::Number(0.0)),
                ("max", Value::Number(100.0)),
            ]),
        ));
    }
    Some(ours(
        "statement",
        vec![
            ("verb", Value::Text(verb)),
            ("object", Value::Object(vec![("name", Value::Text(title))])),
            ("result", Value::Object(result)),
        ],
    ))
}

#[cfg(test)]
mod tests {
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
                Value::Object(vec![
                    ("roundtrip", Value::Number(1.0)),
                    ("event", Value::Text("resize")),
                    ("height", Value::Number(812.0))
                ]),
                Value::Object(vec![
                    ("subject", Value::Text("lti.frameResize")),
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
        assert_eq!(sent[2].get("action"), Some(&Value::Text("prepareResize")));
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
        assert_eq!(resizer.measured(640)[2].get("action"), Some(&Value::Text("prepareResize")));
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
        assert_eq!(sent[0].get("event"), Some(&Value::Text("resize")));
        assert_eq!(sent[1].get("subject"), Some(&Value::Text("lti.frameResize")));
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

    #[test]
    fn statements_carry_the_verb_and_score() {
        assert_eq!(statement(Completion::NotYet, "T"), None);
        let done = statement(Completion::Completed, "T").unwrap();
        assert_eq!(done.get("roundtrip"), Some(&Value::Number(1.0)));
        assert_eq!(done.get("event"), Some(&Value::Text("statement")));
        assert_eq!(done.get("verb"), Some(&Value::Text("completed")));
        let result = done.get("result").unwrap();
        assert_eq!(result.get("completion"), Some(&Value::Bool(true)));
        assert_eq!(result.get("score"), None);

        let passed = statement(Completion::Passed { score: 85 }, "T").unwrap();
        assert_eq!(passed.get("verb"), Some(&Value::Text("passed")));
        let result = passed.get("result").unwrap();
        assert_eq!(result.get("success"), Some(&Value::Bool(true)));
        let score = result.get("score").unwrap();
        assert_eq!(score.get("scaled"), Some(&Value::Number(0.85)));
        assert_eq!(score.get("raw"), Some(&Value::Number(85.0)));
        let failed = statement(Completion::Failed { score: 10 }, "T").unwrap();
        assert_eq!(failed.get("result").unwrap().get("success"), Some(&Value::Bool(false)));
        assert_eq!(passed.get("object").unwrap().get("name"), Some(&Value::Text("T")));
    }
}
