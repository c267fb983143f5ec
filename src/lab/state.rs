//! The lab's state and every move it makes: editing the request, choosing a
//! preset, sending (what a request turns into, in what order), settling, the
//! history, and whether the practice back end is there.

use super::address::{self, PageOrigin, Parts};
use super::catalogue::reason_phrase;
use super::outcome::{name_failure, Outcome};
use crate::diagram::live::{LiveEvent, LiveOutcome};
use crate::lesson::{Lab, Method, Preset};
use crate::text::clip;

/// The most requests the history keeps.
pub const HISTORY_CAP: usize = 20;

/// How much of an address the history and the diagram show.
const SHOWN_CHARS: usize = 120;

/// The request as the learner is composing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub url: String,
    pub method: Method,
    pub body: String,
    pub content_type: String,
    /// As typed; read with [`Draft::timeout_seconds`].
    pub timeout: String,
}

impl Draft {
    pub fn from_preset(preset: &Preset, timeout: String) -> Draft {
        let body = match preset.pad_body_to {
            Some(size) => padded_body(&preset.body, size as usize),
            None => preset.body.to_string(),
        };
        Draft {
            url: preset.url.to_string(),
            method: preset.method,
            body,
            content_type: preset.content_type.to_string(),
            timeout,
        }
    }

    /// The time limit in seconds: what was typed, kept to 1–120, or `default`.
    pub fn timeout_seconds(&self, default: u32) -> u32 {
        // Whole seconds; a fraction rounds up (2.5 → 3). No float parsing.
        let typed = self.timeout.trim();
        let (whole, fraction) = typed.split_once('.').unwrap_or((typed, ""));
        if !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return default;
        }
        let up = u32::from(fraction.bytes().any(|b| b != b'0'));
        match whole.parse::<u64>() {
            Ok(n) if n > 0 || up > 0 => (n.min(120) as u32 + up).clamp(1, 120),
            _ => default,
        }
    }
}

/// `body` with its `"padding": ""` text filled until the body has `size`
/// bytes (or unchanged, if it has no such text or is already that big).
pub fn padded_body(body: &str, size: usize) -> String {
    let Some(key) = body.find("\"padding\"") else { return body.to_owned() };
    let after_key = key + "\"padding\"".len();
    let Some(open) = body[after_key..].find('"').map(|i| after_key + i + 1) else { return body.to_owned() };
    let missing = size.saturating_sub(body.len());
    format!("{}{}{}", &body[..open], "x".repeat(missing), &body[open..])
}

/// Whether the practice back end answers on this site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Practice {
    Unknown,
    Here,
    Absent,
}

/// One request in the history.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: u64,
    pub method: Method,
    /// How the request is named: the path on this site, or the whole address.
    pub shown: String,
    /// Whether CORS applied (for the explanation of a failure).
    pub cross_origin: bool,
    /// `None` while in flight.
    pub outcome: Option<Outcome>,
}

/// A request for the network to send (by `host::fetch`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sending {
    pub method: Method,
    pub url: String,
    /// `(content type, body)` for a POST.
    pub body: Option<(String, String)>,
    pub timeout_seconds: u32,
    pub cross_origin: bool,
}

/// What pressing Send makes of the draft, before anything goes out.
#[derive(Clone, Debug, PartialEq)]
pub enum Sent {
    /// Not sent: into the history at once, saying why.
    Refused(Entry),
    /// On its way: into the history in flight, then onto the diagram
    /// (`started`), then out to the network (`sending`).
    Going { entry: Entry, started: LiveEvent, sending: Sending },
}

#[derive(Clone, Debug, PartialEq)]
pub struct LabState {
    lab: &'static Lab,
    pub draft: Draft,
    /// The preset the draft came from, if it is unchanged since.
    pub preset: Option<usize>,
    pub practice: Practice,
    /// Newest first, at most [`HISTORY_CAP`].
    pub history: Vec<Entry>,
    /// The entry whose response is on show.
    pub shown: Option<u64>,
}

pub enum LabAction {
    SetUrl(String),
    SetMethod(Method),
    SetBody(String),
    SetContentType(String),
    SetTimeout(String),
    /// `None`: the learner's own address.
    ChoosePreset(Option<usize>),
    PracticeFound(bool),
    /// A request was sent, or refused (then it comes with its outcome).
    Sent(Entry),
    Settled {
        id: u64,
        outcome: Outcome,
    },
    Show(u64),
    ClearHistory,
}

impl LabState {
    pub fn new(lab: &'static Lab) -> LabState {
        let timeout = lab.timeout_seconds.to_string();
        let (draft, preset) = match lab.presets.iter().position(|p| !p.practice) {
            Some(i) => (Draft::from_preset(&lab.presets[i], timeout), Some(i)),
            None => (
                Draft {
                    url: String::new(),
                    method: Method::Get,
                    body: String::new(),
                    content_type: "application/json".into(),
                    timeout,
                },
                None,
            ),
        };
        LabState { lab, draft, preset, practice: Practice::Unknown, history: Vec::new(), shown: None }
    }

    /// The presets the learner may choose now, with their index.
    pub fn presets(&self) -> impl Iterator<Item = (usize, &'static Preset)> {
        let practice = self.practice == Practice::Here;
        self.lab.presets.iter().enumerate().filter(move |(_, p)| practice || !p.practice)
    }

    /// The request in flight, if any (at most one at a time).
    pub fn in_flight(&self) -> Option<&Entry> {
        self.history.iter().find(|e| e.outcome.is_none())
    }

    pub fn shown_entry(&self) -> Option<&Entry> {
        self.shown.and_then(|id| self.history.iter().find(|e| e.id == id))
    }

    /// Sends the draft as request `id`, as far as that is decided here: the
    /// address is read by `parse` (the browser's parser) and checked against
    /// the `page` the lab runs in. The caller sends at most one at a time.
    pub fn send(&self, id: u64, parse: impl FnOnce(&str) -> Option<Parts>, page: &PageOrigin) -> Sent {
        let draft = &self.draft;
        let parts = parse(&draft.url);
        let target = match address::check(&draft.url, parts.as_ref(), page) {
            Ok(target) => target,
            Err(refusal) => {
                return Sent::Refused(Entry {
                    id,
                    method: draft.method,
                    shown: clip(draft.url.trim(), SHOWN_CHARS),
                    cross_origin: false,
                    outcome: Some(Outcome::Refused(refusal)),
                })
            }
        };
        let shown = clip(&target.shown, SHOWN_CHARS);
        Sent::Going {
            entry: Entry {
                id,
                method: draft.method,
                shown: shown.clone(),
                cross_origin: target.cross_origin,
                outcome: None,
            },
            started: LiveEvent::Started { id, method: draft.method.as_str().to_owned(), path: shown },
            sending: Sending {
                method: draft.method,
                url: target.url,
                body: draft.method.has_body().then(|| (draft.content_type.clone(), draft.body.clone())),
                timeout_seconds: draft.timeout_seconds(self.lab.timeout_seconds),
                cross_origin: target.cross_origin,
            },
        }
    }

    pub fn apply(&self, action: LabAction) -> LabState {
        let mut next = self.clone();
        match action {
            LabAction::SetUrl(url) => {
                next.draft.url = url;
                next.preset = None;
            }
            LabAction::SetMethod(method) => {
                next.draft.method = method;
                next.preset = None;
            }
            LabAction::SetBody(body) => {
                next.draft.body = body;
                next.preset = None;
            }
            LabAction::SetContentType(content_type) => {
                next.draft.content_type = content_type;
                next.preset = None;
            }
            LabAction::SetTimeout(timeout) => next.draft.timeout = timeout,
            LabAction::ChoosePreset(None) => next.preset = None,
            LabAction::ChoosePreset(Some(i)) => {
                if let Some(preset) = self.lab.presets.get(i) {
                    next.draft = Draft::from_preset(preset, self.draft.timeout.clone());
                    next.preset = Some(i);
                }
            }
            LabAction::PracticeFound(found) => {
                next.practice = if found { Practice::Here } else { Practice::Absent };
            }
            LabAction::Sent(entry) => {
                next.shown = Some(entry.id);
                next.history.insert(0, entry);
                next.history.truncate(HISTORY_CAP);
            }
            LabAction::Settled { id, outcome } => {
                if let Some(entry) = next.history.iter_mut().find(|e| e.id == id && e.outcome.is_none()) {
                    entry.outcome = Some(outcome);
                }
            }
            LabAction::Show(id) => {
                if self.history.iter().any(|e| e.id == id) {
                    next.shown = Some(id);
                }
            }
            LabAction::ClearHistory => {
                // A request still in flight stays, so its reply has somewhere to land.
                next.history.retain(|e| e.outcome.is_none());
                next.shown = next.shown.filter(|id| next.history.iter().any(|e| e.id == *id));
            }
        }
        next
    }
}

/// What request `id` coming back (the network classified how) tells the
/// diagram, then the lab's history.
pub fn settled(lab: &Lab, id: u64, outcome: Outcome) -> (LiveEvent, LabAction) {
    let live = LiveEvent::Settled { id, outcome: live_outcome(lab, &outcome) };
    (live, LabAction::Settled { id, outcome })
}

/// What the diagram is told about a settled request.
fn live_outcome(lab: &Lab, outcome: &Outcome) -> LiveOutcome {
    match outcome {
        Outcome::Answered(reply) => LiveOutcome::Answered {
            status: reply.status,
            reason: reason_phrase(reply.status).map_or_else(|| reply.status_text.clone(), str::to_owned),
            elapsed_ms: reply.elapsed_ms,
        },
        Outcome::Failed { failure, elapsed_ms } => {
            LiveOutcome::Failed { why: name_failure(lab, failure), elapsed_ms: *elapsed_ms }
        }
        Outcome::Refused(_) => {
            LiveOutcome::Failed { why: lab.failures.short.refused.to_string(), elapsed_ms: 0 }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::live::LiveFeed;
    use crate::lab::address::Refusal;
    use crate::lab::outcome::{Failure, Reply};
    use crate::lab::preview::Preview;
    use crate::lab::tests::lab;

    fn entry(id: u64, outcome: Option<Outcome>) -> Entry {
        Entry { id, method: Method::Get, shown: format!("/{id}"), cross_origin: false, outcome }
    }

    fn cancelled() -> Outcome {
        Outcome::Failed { failure: Failure::Cancelled, elapsed_ms: 1 }
    }

    const PAGE: &str = "https://learn.example";

    fn page() -> PageOrigin {
        PageOrigin { scheme: "https".into(), origin: PAGE.into() }
    }

    /// The browser's reading of an address on this page's site (`path`), or
    /// of a whole `https://` address.
    fn parse(input: &str) -> Option<Parts> {
        let input = input.trim();
        let href = if input.starts_with("https://") { input.to_owned() } else { format!("{PAGE}/{input}") };
        let rest = href.strip_prefix("https://")?;
        let (host, path) = rest.split_once('/').map_or((rest, "/".to_owned()), |(h, p)| (h, format!("/{p}")));
        Some(Parts {
            href: href.clone(),
            scheme: "https".into(),
            hostname: host.into(),
            port: None,
            origin: format!("https://{host}"),
            has_credentials: false,
            path,
        })
    }

    fn answered(status: u16, status_text: &str) -> Outcome {
        Outcome::Answered(Reply {
            status,
            status_text: status_text.into(),
            url: format!("{PAGE}/help"),
            redirected: false,
            headers: Vec::new(),
            body: Preview::Empty,
            body_bytes: 0,
            truncated: false,
            body_stopped: None,
            elapsed_ms: 25,
        })
    }

    #[test]
    fn it_starts_on_the_first_preset_that_works_anywhere() {
        let state = LabState::new(lab());
        assert_eq!(state.preset, Some(0));
        assert_eq!(state.draft.url, "help");
        assert_eq!(state.draft.timeout, "10");
        assert_eq!(state.practice, Practice::Unknown);
    }

    #[test]
    fn practice_presets_appear_only_when_the_practice_back_end_answers() {
        let state = LabState::new(lab());
        assert!(state.presets().all(|(_, p)| !p.practice));
        let absent = state.apply(LabAction::PracticeFound(false));
        assert!(absent.presets().all(|(_, p)| !p.practice));
        let here = state.apply(LabAction::PracticeFound(true));
        assert_eq!(here.presets().count(), lab().presets.len());
    }

    #[test]
    fn a_preset_fills_the_draft_and_editing_leaves_it() {
        let state = LabState::new(lab()).apply(LabAction::SetTimeout("2".into()));
        let post = lab().presets.iter().position(|p| p.body.contains("Hello")).unwrap();
        let state = state.apply(LabAction::ChoosePreset(Some(post)));
        assert_eq!(state.draft.method, Method::Post);
        assert_eq!(state.draft.timeout, "2", "the time limit is the learner's");
        let state = state.apply(LabAction::SetUrl("api/echo?x".into()));
        assert_eq!(state.preset, None);
        assert_eq!(state.draft.method, Method::Post);
        assert_eq!(LabState::new(lab()).apply(LabAction::ChoosePreset(Some(999))).preset, Some(0));
    }

    #[test]
    fn the_padded_preset_is_as_big_as_it_says() {
        let i = lab().presets.iter().position(|p| p.pad_body_to.is_some()).unwrap();
        let state = LabState::new(lab()).apply(LabAction::ChoosePreset(Some(i)));
        assert_eq!(state.draft.body.len(), 20_000);
        assert!(state.draft.body.starts_with("{ \"message\": \"big\", \"padding\": \"xxx"));
        assert!(state.draft.body.ends_with("x\" }"));
        assert_eq!(padded_body("{}", 100), "{}");
        assert_eq!(padded_body(r#"{"padding":""}"#, 3), r#"{"padding":""}"#);
    }

    #[test]
    fn the_time_limit_is_read_forgivingly() {
        let mut draft = LabState::new(lab()).draft;
        for (typed, seconds) in [
            ("3", 3),
            (" 2.5 ", 3),
            ("0", 10),
            ("-4", 10),
            ("abc", 10),
            ("", 10),
            ("9999", 120),
            ("NaN", 10),
            ("inf", 10),
        ] {
            draft.timeout = typed.into();
            assert_eq!(draft.timeout_seconds(10), seconds, "{typed:?}");
        }
    }

    #[test]
    fn the_history_is_newest_first_capped_and_reopenable() {
        let mut state = LabState::new(lab());
        for id in 1..=(HISTORY_CAP as u64 + 5) {
            state = state.apply(LabAction::Sent(entry(id, Some(cancelled()))));
        }
        assert_eq!(state.history.len(), HISTORY_CAP);
        assert_eq!(state.history[0].id, HISTORY_CAP as u64 + 5);
        assert_eq!(state.shown, Some(HISTORY_CAP as u64 + 5));
        let state = state.apply(LabAction::Show(10));
        assert_eq!(state.shown_entry().unwrap().id, 10);
        assert_eq!(state.apply(LabAction::Show(1)).shown, Some(10), "dropped entries can't be shown");
    }

    #[test]
    fn a_request_settles_once_and_clearing_keeps_the_one_in_flight() {
        let state = LabState::new(lab())
            .apply(LabAction::Sent(entry(1, Some(Outcome::Refused(Refusal::Empty)))))
            .apply(LabAction::Sent(entry(2, None)));
        assert_eq!(state.in_flight().unwrap().id, 2);
        let cleared = state.apply(LabAction::ClearHistory);
        assert_eq!(cleared.history.len(), 1);
        assert_eq!(cleared.shown, Some(2));
        let settled = cleared.apply(LabAction::Settled { id: 2, outcome: cancelled() });
        assert!(settled.in_flight().is_none());
        let again = settled.apply(LabAction::Settled {
            id: 2,
            outcome: Outcome::Failed { failure: Failure::Network, elapsed_ms: 5 },
        });
        assert_eq!(again.history[0].outcome, Some(cancelled()));
        let empty = again.apply(LabAction::ClearHistory);
        assert!(empty.history.is_empty());
        assert_eq!(empty.shown, None);
    }

    #[test]
    fn a_draft_that_may_not_go_is_refused_into_the_history_and_goes_nowhere_else() {
        let refused = |url: &str, parts: Option<Parts>| {
            let state = LabState::new(lab()).apply(LabAction::SetUrl(url.into()));
            match state.send(7, |_| parts, &page()) {
                Sent::Refused(entry) => entry,
                going => panic!("{url:?} went: {going:?}"),
            }
        };
        assert_eq!(
            refused("   ", parse("   ")),
            Entry {
                id: 7,
                method: Method::Get,
                shown: "".into(),
                cross_origin: false,
                outcome: Some(Outcome::Refused(Refusal::Empty))
            }
        );
        let script = Parts { scheme: "javascript".into(), ..parse("x").unwrap() };
        let entry = refused(" javascript:alert(1) ", Some(script));
        assert_eq!(entry.shown, "javascript:alert(1)", "named as typed");
        assert_eq!(entry.outcome, Some(Outcome::Refused(Refusal::Scheme("javascript".into()))));
        let state = LabState::new(lab()).apply(LabAction::SetUrl("x".repeat(500)));
        let Sent::Refused(entry) = state.send(1, |_| None, &page()) else { panic!("unreadable, yet sent") };
        assert_eq!(entry.outcome, Some(Outcome::Refused(Refusal::Invalid)));
        assert_eq!(entry.shown, format!("{}…", "x".repeat(SHOWN_CHARS)), "cut short");
    }

    #[test]
    fn a_draft_that_may_go_is_in_the_history_on_the_diagram_and_on_the_network() {
        let state = LabState::new(lab()).apply(LabAction::SetTimeout("3".into()));
        let mut read = Vec::new();
        let Sent::Going { entry, started, sending } = state.send(
            4,
            |input| {
                read.push(input.to_owned());
                parse(input)
            },
            &page(),
        ) else {
            panic!("the first preset was refused")
        };
        assert_eq!(read, ["help"], "the browser reads the draft's address");
        assert_eq!(
            entry,
            Entry { id: 4, method: Method::Get, shown: "/help".into(), cross_origin: false, outcome: None }
        );
        assert_eq!(started, LiveEvent::Started { id: 4, method: "GET".into(), path: "/help".into() });
        assert_eq!(
            sending,
            Sending {
                method: Method::Get,
                url: format!("{PAGE}/help"),
                body: None,
                timeout_seconds: 3,
                cross_origin: false
            }
        );

        let post = state
            .apply(LabAction::SetMethod(Method::Post))
            .apply(LabAction::SetBody("{}".into()))
            .apply(LabAction::SetUrl("https://api.example/echo".into()))
            .apply(LabAction::SetTimeout("soon".into()));
        let Sent::Going { entry, sending, .. } = post.send(5, parse, &page()) else { panic!("refused") };
        assert_eq!((entry.shown.as_str(), entry.cross_origin), ("https://api.example/echo", true));
        assert_eq!(sending.body, Some(("application/json".into(), "{}".into())));
        assert_eq!((sending.cross_origin, sending.timeout_seconds), (true, lab().timeout_seconds));
    }

    #[test]
    fn a_settled_request_tells_the_diagram_then_the_history() {
        let state = LabState::new(lab());
        let Sent::Going { entry, started, .. } = state.send(1, parse, &page()) else { panic!("refused") };
        let state = state.apply(LabAction::Sent(entry));
        let feed = LiveFeed::default().apply(started);
        assert!(state.in_flight().is_some());

        let (live, record) = settled(lab(), 1, answered(404, ""));
        assert_eq!(
            live,
            LiveEvent::Settled {
                id: 1,
                outcome: LiveOutcome::Answered { status: 404, reason: "Not Found".into(), elapsed_ms: 25 }
            }
        );
        let state = state.apply(record);
        assert_eq!(state.history[0].outcome, Some(answered(404, "")));
        assert!(state.in_flight().is_none());
        assert_eq!(feed.apply(live).latest.and_then(|r| r.kind()).as_deref(), Some("GET 4xx"));

        let (live, _) = settled(lab(), 2, answered(799, "Made Up"));
        assert!(
            matches!(live, LiveEvent::Settled { outcome: LiveOutcome::Answered { reason, .. }, .. } if reason == "Made Up")
        );
        let (live, _) = settled(lab(), 3, cancelled());
        assert_eq!(
            live,
            LiveEvent::Settled {
                id: 3,
                outcome: LiveOutcome::Failed { why: "cancelled".into(), elapsed_ms: 1 }
            }
        );
        let (live, _) = settled(lab(), 4, Outcome::Refused(Refusal::Empty));
        assert_eq!(
            live,
            LiveEvent::Settled {
                id: 4,
                outcome: LiveOutcome::Failed { why: "not sent".into(), elapsed_ms: 0 }
            }
        );
    }
}
